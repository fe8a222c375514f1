#!/usr/bin/env bash
# Tailgate benchmarks (`make bench`, after `make all`), one scenario at a time:
#   static     GET /static/css/app.css      nginx alone
#   ping       GET /ping                    FastCGI round trip, no database
#   signed_in  GET / with alice's session   session lookup, user, notifications, templates
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
for name in static ping signed_in; do
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

say ""
say "== Goals (informative)"
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
