#!/usr/bin/env bash
# `make test`: the cmocka unit tests, then the integration tests (C, libcurl)
# and the browser test (headless Chromium) against a throwaway stack built
# with ASan+UBSan on a free loopback port. Ends with "N passed, M failed".
#   test.sh [--unit-only] UNIT_BINARIES...
# ITEST_FILTER=name runs only the integration tests whose name contains it.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

unit_only=0
[ "${1:-}" = --unit-only ] && { unit_only=1; shift; }

passed=0
failed=0
add() { passed=$((passed + $1)); failed=$((failed + $2)); }

# --- unit tests -------------------------------------------------------------
for bin in "$@"; do
  out=$("$bin" 2>&1); rc=$?
  printf '%s\n' "$out" | grep -E '^\[  (FAILED|  OK|PASSED)|^\[ ERROR|FAILED|runtime error|AddressSanitizer' | grep -v '^\[       OK' || true
  p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
  f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  echo "unit $(basename "$bin"): $p passed, $f failed"
  add "$p" "$f"
done

if [ "$unit_only" = 1 ]; then
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]; exit
fi

# --- throwaway stack --------------------------------------------------------
VAR=$(mktemp -d /tmp/tailgate-test.XXXXXX)
chmod 755 "$VAR"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=$((20000 + RANDOM % 20000))
while ! port_free "$PORT"; do PORT=$((20000 + RANDOM % 20000)); done
export PORT TAILGATE_VAR=$VAR TAILGATE_FAST=1 TAILGATE_WORKERS=2
export TAILGATE_BIN=${TAILGATE_BIN:-$ROOT/build/asan/tailgate}
# Sanitizer reports go to files checked below; forked workers never run leak
# checks (they _exit), so leak detection is off for the server processes.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:log_path=$VAR/log/asan"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$VAR/log/ubsan"
# Cheaper Argon2id in tests; production keeps the documented defaults.
export TAILGATE_AUTH_PWHASH_OPS=1 TAILGATE_AUTH_PWHASH_MEM=8388608
export TAILGATE_AUTH_PWHASH_CONCURRENCY=2
# Every test request comes from 127.0.0.1; the per-address limit is tested
# separately from the per-account one.
export TAILGATE_AUTH_LOGIN_IP_LIMIT=500

cleanup() {
  scripts/stack.sh stop >/dev/null 2>&1
  if [ "${KEEP_TEST_VAR:-0}" = 1 ]; then echo "test stack kept in $VAR"; else rm -rf "$VAR"; fi
}
trap cleanup EXIT
mkdir -p "$VAR/log"

if ! scripts/stack.sh start >"$VAR/log/stack.log" 2>&1; then
  cat "$VAR/log/stack.log"; tail -n 30 "$VAR/log/"*.log 2>/dev/null
  add 0 1
  echo "integration: the stack did not start"
  echo "$passed passed, $failed failed"
  exit 1
fi

run_suite() { # name, command...
  local name=$1 out rc p f; shift
  out=$("$@" 2>&1); rc=$?
  printf '%s\n' "$out" | grep -v '^ok - ' || true
  p=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' | tail -n 1)
  f=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' | tail -n 1)
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  echo "$name: $p passed, $f failed"
  add "$p" "$f"
}

# ITEST_FILTER=substring runs only the matching integration tests (no browser).
ASAN_OPTIONS=detect_leaks=1 run_suite integration "${TAILGATE_ITEST:-$ROOT/build/asan/tests/itest}" \
  ${ITEST_FILTER:+"$ITEST_FILTER"}
[ -n "${ITEST_FILTER:-}" ] || run_suite browser node tests/e2e/signup.mjs
[ -n "${ITEST_FILTER:-}" ] || run_suite browser-copy node tests/e2e/copy.mjs

# Every test leaves the ledger consistent: the invariants are recomputed.
if out=$(scripts/stack.sh tailgate ledger check 2>&1); then
  echo "ledger check: $(printf '%s' "$out" | tr '\n' ' ')"; add 1 0
else
  echo "not ok - ledger check after the tests:"; printf '%s\n' "$out"; add 0 1
fi

# ... and every member's stored performance figures equal a rebuild from the bets.
if out=$(scripts/stack.sh tailgate stats check 2>&1); then
  echo "stats check: $(printf '%s' "$out" | tr '\n' ' ')"; add 1 0
else
  echo "not ok - stats check after the tests:"; printf '%s\n' "$out"; add 0 1
fi

# The application's own sanitizer reports count as failures.
reports=$(ls "$VAR/log/" 2>/dev/null | grep -E '^(asan|ubsan)' || true)
if [ -n "$reports" ]; then
  echo "sanitizer reports from the application:"
  for r in $reports; do head -n 30 "$VAR/log/$r"; done
  add 0 1
fi

# SIGTERM must stop serve, its workers and the job worker.
serve_pid=$(cat "$VAR/run/serve.pid" 2>/dev/null)
workers=$(pgrep -P "$serve_pid" 2>/dev/null | tr '\n' ' ')
scripts/stack.sh stop >/dev/null 2>&1
left=""
for p in $serve_pid $workers; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
if [ -n "$left" ]; then echo "not ok - SIGTERM left processes running:$left"; add 0 1
else echo "shutdown: serve and its workers stopped on SIGTERM"; add 1 0; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
