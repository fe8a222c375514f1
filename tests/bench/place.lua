-- wrk script for the bet placement benchmark (tests/bench/run.sh): every
-- request is a new bet (its own idempotency key) by one of the signed-up
-- bench members, in turn, on one selection at its current price.
-- Environment: BENCH_USERS (file of "cookie csrf" lines), BENCH_SELECTION,
-- BENCH_ODDS, BENCH_HOST.
local users = {}
local counter = 0
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_USERS")) do
    local cookie, csrf = line:match("^(%S+) (%S+)$")
    if cookie then users[#users + 1] = { cookie = cookie, csrf = csrf } end
  end
end

function request()
  counter = counter + 1
  local u = users[(counter + thread_id * 7) % #users + 1]
  local body = string.format(
    '{"selection_id": %s, "stake": 100, "odds": %s, "idempotency_key": "bench-%d-%d"}',
    os.getenv("BENCH_SELECTION"), os.getenv("BENCH_ODDS"), thread_id, counter)
  return wrk.format("POST", "/social/bets", {
    ["Host"] = os.getenv("BENCH_HOST"),
    ["Content-Type"] = "application/json",
    ["Cookie"] = "__Host-tg_session=" .. u.cookie,
    ["X-CSRF-Token"] = u.csrf,
  }, body)
end

-- thread_id is set per thread by setup(); the summary line is report.lua's done()
dofile(os.getenv("BENCH_REPORT"))
