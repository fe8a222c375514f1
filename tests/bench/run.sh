#!/usr/bin/env bash
# Tailgate benchmarks (`make bench`, after `make all`), one scenario at a time:
#   static     GET /static/css/app.css      nginx alone
#   ping       GET /ping                    FastCGI round trip, no database
#   signed_in  GET / with alice's session   session lookup, user, notifications, templates
#   import     tailgate import football-data of ../shared/data (21k matches): matches/s
#   settle     one event with 10,000 open bets (1,000 members), then a bettor's
#              10,000-bet history over 2,500 events: time and bets/s
#   profile    GET /u/bench_pro, the bettor with 10,000 settled bets
#   place      POST /social/bets by 64 members in turn: bets/s
# Starts a throwaway stack (own port, own TAILGATE_VAR) and removes it on exit.
#
# Environment: DURATION (seconds per scenario, 20), CONNECTIONS (64),
# THREADS (2), BENCH_PORT (default: a free port), TAILGATE_BIN.
# Exits 0 unless the stack could not be started or a run produced no numbers;
# the goals at the end are informative.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
HOST=demo.localhost
LOGIN=alice
PASSWORD=tailgate-demo-2026
LUA=$ROOT/tests/bench/report.lua

say() { printf '%s\n' "$*"; }
die() { say "bench: $*" >&2; exit 1; }

command -v wrk >/dev/null || die "wrk is not installed (make deps)"
command -v curl >/dev/null || die "curl is not installed (make deps)"
[ -x "${TAILGATE_BIN:-$ROOT/build/tailgate}" ] || die "build/tailgate is missing; run make first"
case "$DURATION" in '' | *[!0-9]* | 0) die "DURATION must be a positive number of seconds" ;; esac

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -n "${BENCH_PORT:-}" ]; then
  PORT=$BENCH_PORT
else
  PORT=
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    if port_free "$p"; then PORT=$p; break; fi
  done
  [ -n "$PORT" ] || die "no free port found"
fi

export PORT TAILGATE_FAST=1 TAILGATE_SEED=1
export TAILGATE_VAR
TAILGATE_VAR=$(mktemp -d /tmp/tailgate-bench.XXXXXX)
STACK_UP=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$STACK_UP" = 1 ]; then
    "$ROOT/scripts/stack.sh" stop >/dev/null 2>&1 || say "bench: stack stop reported an error"
  fi
  rm -rf "$TAILGATE_VAR"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "bench: starting a throwaway stack on port $PORT in $TAILGATE_VAR"
STACK_UP=1
if ! "$ROOT/scripts/stack.sh" start >"$TAILGATE_VAR/stack-start.out" 2>&1; then
  cat "$TAILGATE_VAR/stack-start.out" >&2
  tail -n 20 "$TAILGATE_VAR/log/app.log" 2>/dev/null >&2 || true
  die "the stack did not start"
fi
BASE=http://127.0.0.1:$PORT

# Sign alice in and keep her session cookie.
COOKIE=$(curl -sS -o /dev/null -D - -H "Host: $HOST" \
  --data-urlencode "login=$LOGIN" --data-urlencode "password=$PASSWORD" "$BASE/signin" |
  tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: __Host-tg_session=\([^;]*\).*/\1/p' | head -n 1)
[ -n "$COOKIE" ] || die "sign-in of $LOGIN did not return a __Host-tg_session cookie"
HOME_PAGE=$(curl -sS -H "Host: $HOST" -H "Cookie: __Host-tg_session=$COOKIE" "$BASE/")
if ! grep -q "Welcome, " <<<"$HOME_PAGE" || ! grep -q 'action="/signout"' <<<"$HOME_PAGE"; then
  die "GET / with $LOGIN's session is not the signed-in home page"
fi
for path in /static/css/app.css /ping; do
  code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Host: $HOST" "$BASE$path")
  [ "$code" = 200 ] || die "GET $path answered $code"
done

declare -A RPS P50 P99 REQS BAD
FAILED=0
run() { # name path [extra wrk args...]
  local name=$1 path=$2 out line
  shift 2
  say ""
  say "== $name: GET $path ($CONNECTIONS connections, $THREADS threads, ${DURATION}s)"
  # A short warm-up so every FastCGI worker has its database connection.
  wrk -t1 -c4 -d1s -H "Host: $HOST" "$@" "$BASE$path" >/dev/null 2>&1 || true
  if ! out=$(BENCH_NAME=$name wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s "$LUA" -H "Host: $HOST" "$@" "$BASE$path" 2>&1); then
    say "$out"
    say "bench: wrk failed for $name"
    FAILED=1
    return 0
  fi
  say "$out"
  line=$(grep "^BENCH name=$name " <<<"$out" | tail -n 1)
  if [ -z "$line" ]; then
    say "bench: no figures for $name"
    FAILED=1
    return 0
  fi
  RPS[$name]=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$line")
  P50[$name]=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  P99[$name]=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  REQS[$name]=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$line")
  BAD[$name]=$(awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "non2xx" || kv[1] == "errors") n += kv[2] } } END { print n + 0 }' <<<"$line")
  if [ -z "${RPS[$name]}" ] || [ "${REQS[$name]:-0}" = 0 ]; then
    say "bench: $name produced no requests"
    FAILED=1
  elif [ "${BAD[$name]}" != 0 ]; then
    say "bench: $name had ${BAD[$name]} non-2xx responses or socket errors"
    FAILED=1
  fi
}

run static /static/css/app.css
run ping /ping
run signed_in / -H "Cookie: __Host-tg_session=$COOKIE"

TG() { "$ROOT/scripts/stack.sh" tailgate "$@"; }
PSQL() { "$ROOT/scripts/stack.sh" psql -X -q -tA "$@"; }

# --- import: every football-data file into the demo brand --------------------
DATA=$ROOT/../shared/data/football-data
IMPORT_LINE=
if ls "$DATA"/*.csv >/dev/null 2>&1; then
  say ""
  say "== import: tailgate import football-data ($(ls "$DATA"/*.csv | wc -l) files)"
  t0=$(date +%s.%N)
  TG import football-data --tenant demo "$DATA"/*.csv >"$TAILGATE_VAR/import.out" 2>"$TAILGATE_VAR/import.err" ||
    { tail -n 5 "$TAILGATE_VAR/import.err"; die "import failed"; }
  t1=$(date +%s.%N)
  tail -n 2 "$TAILGATE_VAR/import.out"
  matches=$(PSQL -c "SELECT count(*) FROM t_demo.events WHERE source = 'football-data'")
  IMPORT_LINE=$(awk -v n="$matches" -v a="$t0" -v b="$t1" 'BEGIN { printf "%d matches in %.1f s = %.0f matches/s", n, b - a, n / (b - a) }')
  say "  $IMPORT_LINE"
else
  say "bench: $DATA not found; import scenario skipped"
fi

# --- settlement: 10,000 open bets on one event ------------------------------
say ""
say "== settle: fixtures (1,000 members x 10 bets on one event; bench_pro: 10,000 bets)"
SETTLE_EVENT=$(PSQL -v settle_users=1000 -v settle_each=10 -v pro_bets=10000 -v pro_events=2500 \
  -f "$ROOT/tests/bench/bets.sql" | tail -n 1)
[ -n "$SETTLE_EVENT" ] || die "bench fixtures failed"
SETTLE_LINE=$(TG settle --tenant demo "$SETTLE_EVENT") || die "settlement failed"
say "  one event:        $SETTLE_LINE"
PRO_LINE=$(TG settle --tenant demo --pending) || die "settlement of the history failed"
say "  2,500 events:     $PRO_LINE"
# the profile's cached windows are refreshed by the worker
for _ in $(seq 1 300); do
  left=$(PSQL -c "SELECT count(*) FROM t_demo.jobs WHERE kind LIKE 'profile%' AND state = 'queued' AND run_at <= now()")
  [ "$left" = 0 ] && break
  sleep 0.2
done
TG ledger check --tenant demo >/dev/null || die "ledger check failed after the settlement fixtures"

run profile /u/bench_pro

# --- placement: 64 members, one bet per request -----------------------------
USERS_FILE=$TAILGATE_VAR/bench-users.txt
: >"$USERS_FILE"
for i in $(seq 1 64); do
  out=$(curl -sS -D - -H "Host: $HOST" -H 'Content-Type: application/json' \
    -d "{\"username\": \"placer_$i\", \"email\": \"placer_$i@bench.example\", \"password\": \"Bench-Placer-Pass-$i\", \"display_name\": \"Placer $i\"}" \
    "$BASE/social/auth/signup" | tr -d '\r')
  cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: __Host-tg_session=\([^;]*\).*/\1/p' <<<"$out" | head -n 1)
  csrf=$(sed -n 's/.*"csrf_token": *"\([^"]*\)".*/\1/p' <<<"$out" | head -n 1)
  [ -n "$cookie" ] && [ -n "$csrf" ] || die "sign-up of placer_$i failed"
  printf '%s %s\n' "$cookie" "$csrf" >>"$USERS_FILE"
done
PLACE=$(PSQL -c "SELECT s.id || ' ' || s.odds FROM t_demo.selections s JOIN t_demo.markets m ON m.id = s.market_id
  JOIN t_demo.events e ON e.id = m.event_id WHERE e.status = 'scheduled' AND e.starts_at > now() + interval '1 day'
  AND m.status = 'open' AND s.odds IS NOT NULL ORDER BY e.starts_at, s.id LIMIT 1")
[ -n "$PLACE" ] || die "no open selection to bet on (is the demo catalogue seeded?)"
read -r SEL_ID SEL_ODDS <<<"$PLACE"
export BENCH_USERS=$USERS_FILE BENCH_SELECTION=$SEL_ID BENCH_HOST=$HOST BENCH_REPORT=$LUA
BENCH_ODDS=$(awk -v o="$SEL_ODDS" 'BEGIN { printf "%.3f", o / 1000 }')
export BENCH_ODDS
REPORT_LUA=$LUA
LUA=$ROOT/tests/bench/place.lua
run place /social/bets
LUA=$REPORT_LUA
PLACED=$(PSQL -c "SELECT count(*) FROM t_demo.bets WHERE idempotency_key LIKE 'api:bench-%'")
say "  bets placed: $PLACED"
TG ledger check --tenant demo >/dev/null || die "ledger check failed after the placement run"

# Memory of the FastCGI worker processes after the runs.
MEM_LINES=()
TOTAL_KB=0
SERVE_PID=$(cat "$TAILGATE_VAR/run/serve.pid" 2>/dev/null || true)
if [ -n "$SERVE_PID" ] && kill -0 "$SERVE_PID" 2>/dev/null; then
  for pid in $(ps -o pid= --ppid "$SERVE_PID"); do
    kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$kb" ] || continue
    TOTAL_KB=$((TOTAL_KB + kb))
    MEM_LINES+=("$(awk -v p="$pid" -v k="$kb" 'BEGIN { printf "    worker pid %-8s %7.1f MiB", p, k / 1024 }')")
  done
  MASTER_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVE_PID/status" 2>/dev/null || echo 0)
fi

say ""
say "== Summary (${DURATION}s per scenario, $CONNECTIONS connections, $THREADS threads, $(nproc) CPU cores)"
printf '  %-10s %12s %10s %10s\n' scenario req/s p50_ms p99_ms
for name in static ping signed_in profile place; do
  if [ -n "${RPS[$name]:-}" ]; then
    printf '  %-10s %12.1f %10.3f %10.3f\n' "$name" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}"
  else
    printf '  %-10s %12s %10s %10s\n' "$name" - - -
  fi
done
RATIO=
if [ -n "${RPS[signed_in]:-}" ] && [ -n "${RPS[ping]:-}" ]; then
  RATIO=$(awk -v a="${RPS[signed_in]}" -v b="${RPS[ping]}" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b }')
  say "  signed-in req/s / ping req/s: ${RATIO}%"
fi
if [ "${#MEM_LINES[@]}" -gt 0 ]; then
  say "  tailgate serve workers (children of pid $SERVE_PID), VmRSS:"
  printf '%s\n' "${MEM_LINES[@]}"
  awk -v t="$TOTAL_KB" -v n="${#MEM_LINES[@]}" -v m="${MASTER_KB:-0}" 'BEGIN {
    printf "    total (%d workers)    %7.1f MiB   (master %.1f MiB)\n", n, t / 1024, m / 1024 }'
else
  say "  tailgate serve workers: none found (serve pid ${SERVE_PID:-?})"
fi

[ -n "$IMPORT_LINE" ] && say "  import     $IMPORT_LINE"
say "  settle     one event: $SETTLE_LINE"
say "  settle     history:   $PRO_LINE"

say ""
say "== Goals (informative)"
goal() { # label value limit
  if [ -n "$2" ]; then
    say "$(printf '  %-36s %s (%s ms)' "$1" "$(awk -v p="$2" -v l="$3" 'BEGIN { print (p < l) ? "PASS" : "MISS" }')" "$2")"
  else
    say "$(printf '  %-36s MISS (no figures)' "$1")"
  fi
}
goal "profile (10,000 bets) p99 < 10 ms:" "${P99[profile]:-}" 10
goal "bet placement p99 < 20 ms:" "${P99[place]:-}" 20
if [ -n "${P99[signed_in]:-}" ]; then
  v=$(awk -v p="${P99[signed_in]}" 'BEGIN { print (p < 10) ? "PASS" : "MISS" }')
  say "  signed-in p99 < 10 ms:              $v (${P99[signed_in]} ms)"
else
  say "  signed-in p99 < 10 ms:              MISS (no figures)"
fi
if [ -n "$RATIO" ]; then
  v=$(awk -v r="$RATIO" 'BEGIN { print (r >= 40) ? "PASS" : "MISS" }')
  say "  signed-in req/s >= 40% of /ping:    $v (${RATIO}%)"
else
  say "  signed-in req/s >= 40% of /ping:    MISS (no figures)"
fi

[ "$FAILED" = 0 ] || die "at least one run failed to produce clean figures"
