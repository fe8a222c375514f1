-- wrk script for the bet placement benchmark (tests/bench/run.sh): every
-- request is a new bet (its own idempotency key) by one of the signed-up
-- bench members, in turn, on one selection at its current price.
-- Environment: BENCH_USERS (file of "cookie csrf" lines), BENCH_SELECTION,
-- BENCH_ODDS, BENCH_HOST.
local users = {}
local counter = 0
local next_id = 0
-- a run of its own: keys never repeat an earlier run's (a repeated key is
-- an idempotent no-op, far cheaper than a placement, and would flatter it)
local run = "0"
local selection, odds, host

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

function init(args)
  local f = io.open("/proc/sys/kernel/random/uuid")
  if f then run = f:read("*l"):sub(1, 8); f:close() end
  selection, odds, host = os.getenv("BENCH_SELECTION"), os.getenv("BENCH_ODDS"),
    os.getenv("BENCH_HOST")
  for line in io.lines(os.getenv("BENCH_USERS")) do
    local cookie, csrf = line:match("^(%S+) (%S+)$")
    if cookie then users[#users + 1] = { cookie = cookie, csrf = csrf } end
  end
end

function request()
  counter = counter + 1
  local u = users[(counter + thread_id * 7) % #users + 1]
  local body = string.format(
    '{"selection_id": %s, "stake": 100, "odds": %s, "idempotency_key": "bench-%s-%d-%d"}',
    selection, odds, run, thread_id, counter)
  return wrk.format("POST", "/social/bets", {
    ["Host"] = host,
    ["Content-Type"] = "application/json",
    ["Cookie"] = "__Host-tg_session=" .. u.cookie,
    ["X-CSRF-Token"] = u.csrf,
  }, body)
end

-- thread_id is set per thread by setup(); the summary line is report.lua's done()
dofile(os.getenv("BENCH_REPORT"))
