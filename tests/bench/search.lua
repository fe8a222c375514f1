-- wrk script for the search benchmark (tests/bench/run.sh): every request
-- asks for another term from a list of realistic ones, typos included, so
-- that no single plan or cached page decides the figures.
-- Environment: BENCH_SEARCH (users, posts or posts_cold), BENCH_HOST, BENCH_COOKIE
-- (a session cookie value; optional), BENCH_REPORT (report.lua).
local kind = os.getenv("BENCH_SEARCH") or "users"
local counter = 0
local next_id = 0

-- users: first names, surnames and handles of the fixture, partial words and
-- typos ("jonh", "smtih", "willaims", "tipstr"), as people type them
local user_terms = {
  "james", "carter", "sharp", "jonh", "smtih", "maria garcia", "value", "kenji",
  "willaims", "tipstr", "hoops", "oliver", "parlay_king", "lopez", "emma w", "fatima",
  "gridiron", "chloe", "underdog", "rodriguez",
}
-- posts: teams, betting words and phrases, some with a sport or a tag;
-- typos ("liverpol", "injurys", "celtcs")
local post_queries = {
  "q=arsenal", "q=value", "q=underdog&sport=football", "q=line%20moved", "q=injury",
  "q=liverpol", "q=lakers%20playoffs&sport=basketball", "q=chiefs%20spread", "q=trap%20game",
  "q=closing%20line&tag=value", "q=bankroll", "q=celtcs", "q=weather%20total&sport=american_football",
  "q=injurys", "q=defence&tag=premierleague", "q=barcelona%20madrid", "q=public&tag=nfl",
  "q=form&sport=football&tag=btts", "q=head%20to%20head", "q=model",
}

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

local function escape(s)
  return (s:gsub("[^%w_%-]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  counter = counter + 1
  local path
  if kind == "posts" or kind == "posts_cold" then
    path = "/social/search/posts?" .. post_queries[(counter + thread_id * 7) % #post_queries + 1]
    if kind == "posts_cold" then
      -- "-word" for a word no post has: the same results and the same plan
      -- (an "or" would change the plan), but a query never seen before, so
      -- every request ranks afresh instead of reusing a ranking
      path = path:gsub("q=([^&]*)", function(q)
        return "q=" .. q .. "%20-zq" .. thread_id .. "x" .. counter
      end, 1)
    end
  else
    path = "/social/search/users?q=" .. escape(user_terms[(counter + thread_id * 7) % #user_terms + 1])
  end
  local headers = { ["Host"] = os.getenv("BENCH_HOST") }
  local cookie = os.getenv("BENCH_COOKIE")
  if cookie and cookie ~= "" then headers["Cookie"] = "__Host-tg_session=" .. cookie end
  return wrk.format("GET", path, headers)
end

dofile(os.getenv("BENCH_REPORT"))
