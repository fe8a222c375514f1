-- wrk script for copy_latency (tests/bench/run.sh): a steady stream of
-- original bets by the copy_lat_<k> traders in turn, each a new bet (its own
-- idempotency key) on the next open selection at its listed price (any move
-- within 20 % accepted), paced by delay() so that the connections together
-- place about BENCH_RATE bets per second.
-- Environment: BENCH_USERS (file of "cookie csrf" lines), BENCH_SELECTIONS
-- (file of "selection_id odds" lines, odds in thousandths), BENCH_RATE,
-- BENCH_CONNECTIONS, BENCH_HOST, BENCH_REPORT.
local users, sels = {}, {}
local counter = 0
local next_id = 0
local run = "0"
local host, gap

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

function init(args)
  local f = io.open("/proc/sys/kernel/random/uuid")
  if f then run = f:read("*l"):sub(1, 8); f:close() end
  host = os.getenv("BENCH_HOST")
  -- the mean pause of one connection between its requests
  gap = 1000 * tonumber(os.getenv("BENCH_CONNECTIONS")) / tonumber(os.getenv("BENCH_RATE"))
  math.randomseed(tonumber(run, 16) + thread_id)
  for line in io.lines(os.getenv("BENCH_USERS")) do
    local cookie, csrf = line:match("^(%S+) (%S+)$")
    if cookie then users[#users + 1] = { cookie = cookie, csrf = csrf } end
  end
  for line in io.lines(os.getenv("BENCH_SELECTIONS")) do
    local id, odds = line:match("^(%d+) (%d+)$")
    if id then sels[#sels + 1] = { id = id, odds = string.format("%.3f", tonumber(odds) / 1000) } end
  end
end

-- uniform between half and one and a half of the mean: the connections
-- drift apart instead of firing together
function delay()
  return math.floor(gap * (0.5 + math.random()))
end

function request()
  counter = counter + 1
  local u = users[(counter * 7 + thread_id * 13) % #users + 1]
  local s = sels[(counter * 11 + thread_id * 17) % #sels + 1]
  local body = string.format(
    '{"selection_id": %s, "stake": 100, "odds": %s, "accept_odds_change": "any", '
    .. '"odds_tolerance_bps": 2000, "idempotency_key": "bench-copy-%s-%d-%d"}',
    s.id, s.odds, run, thread_id, counter)
  return wrk.format("POST", "/social/bets", {
    ["Host"] = host,
    ["Content-Type"] = "application/json",
    ["Cookie"] = "__Host-tg_session=" .. u.cookie,
    ["X-CSRF-Token"] = u.csrf,
  }, body)
end

dofile(os.getenv("BENCH_REPORT"))
