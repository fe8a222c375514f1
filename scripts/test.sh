#!/usr/bin/env bash
# `make test`: the cmocka unit tests, a few seconds of each fuzz driver, then
# the integration tests (C, libcurl) and the browser test (headless Chromium)
# against a throwaway stack built with ASan+UBSan on a free loopback port.
# Ends with "N passed, M failed".
#   test.sh [--unit-only] UNIT_BINARIES...
# ITEST_FILTER='a|b' runs only the integration tests whose name contains one
# of the alternatives separated by '|' (each a plain substring, not a regular
# expression), e.g. ITEST_FILTER='live notification|copy: '; with a filter
# the fuzz drivers and the browser tests do not run.
# Tests wait for conditions, not for time (tests/integration/harness.h,
# H_UNTIL; tests/e2e/lib.mjs, until): `make test` passes on a busy machine.
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

# --- layering (docs/architecture.md) -------------------------------------------
# Every module include goes down the layers of app/LAYERS (one check), and the
# check fails when an include goes up (tests/layers: each case counts).
if out=$(scripts/check-layers.sh 2>&1); then echo "ok - $out"; add 1 0
else echo "not ok - the layering check:"; printf '%s\n' "$out" | sed 's/^/    /'; add 0 1; fi
out=$(tests/layers/check_layers_test.sh 2>&1)
printf '%s\n' "$out" | grep '^not ok' -A20 || true
p=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' | tail -n 1)
f=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' | tail -n 1)
echo "layers test: ${p:-0} passed, ${f:-1} failed"
add "${p:-0}" "${f:-1}"

if [ "$unit_only" = 1 ]; then
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]; exit
fi

# --- fuzz drivers -------------------------------------------------------------
# A full run (no ITEST_FILTER) runs every libFuzzer driver for FUZZ_SECONDS
# (tests/fuzz/run.sh; `make fuzz` runs them longer); each counts as one test.
if [ -z "${ITEST_FILTER:-}" ] && [ -n "${TAILGATE_FUZZ_DIR:-}" ]; then
  while IFS= read -r line; do
    printf '%s\n' "$line"
    case $line in
      "fuzz "*": ok "*) add 1 0 ;;
      "fuzz "*": FAILED"*) add 0 1 ;;
    esac
  done < <(tests/fuzz/run.sh "$TAILGATE_FUZZ_DIR" "${FUZZ_SECONDS:-2}" -1 ${TAILGATE_FUZZ_NAMES:-})
fi

# --- throwaway stack --------------------------------------------------------
VAR=$(mktemp -d /tmp/tailgate-test.XXXXXX)
chmod 755 "$VAR"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=$((20000 + RANDOM % 20000))
while ! port_free "$PORT"; do PORT=$((20000 + RANDOM % 20000)); done
export PORT TAILGATE_VAR=$VAR TAILGATE_FAST=1 TAILGATE_WORKERS=2
export TAILGATE_BIN=${TAILGATE_BIN:-$ROOT/build/asan/tailgate}
# Sanitizer reports go to files checked below (in log/app, which the
# application's own user can write). Leak detection is on for the servers
# too: serve's and the job worker's forked children free what they own on
# SIGTERM and run LeakSanitizer before they end (util_exit), so a leak in a
# request or a job is a report, and a report is a failure.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:log_path=$VAR/log/app/asan"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$VAR/log/app/ubsan"
# Cheaper Argon2id in tests; production keeps the documented defaults.
export TAILGATE_AUTH_PWHASH_OPS=1 TAILGATE_AUTH_PWHASH_MEM=8388608
export TAILGATE_AUTH_PWHASH_CONCURRENCY=2
# Every test request comes from 127.0.0.1; the per-address limits are tested
# separately (itest_audit_auth.c, from ::1 and with counts set up in SQL).
export TAILGATE_AUTH_LOGIN_IP_LIMIT=500
export TAILGATE_AUTH_SIGNUP_IP_LIMIT=100000 TAILGATE_AUTH_SIGNUP_BRAND_LIMIT=100000

cleanup() {
  scripts/stack.sh stop >/dev/null 2>&1
  if [ "${KEEP_TEST_VAR:-0}" = 1 ]; then echo "test stack kept in $VAR"; else rm -rf "$VAR"; fi
}
trap cleanup EXIT
umask 027   # log files 0640 at most (checked below)
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

# ITEST_FILTER ('a|b', see the top) runs only the matching integration tests (no browser).
ASAN_OPTIONS=detect_leaks=1 run_suite integration "${TAILGATE_ITEST:-$ROOT/build/asan/tests/itest}" \
  ${ITEST_FILTER:+"$ITEST_FILTER"}
[ -n "${ITEST_FILTER:-}" ] || run_suite browser node tests/e2e/signup.mjs
[ -n "${ITEST_FILTER:-}" ] || run_suite "browser (record)" node tests/e2e/record.mjs
[ -n "${ITEST_FILTER:-}" ] || run_suite "browser (settled bets)" node tests/e2e/settled.mjs
[ -n "${ITEST_FILTER:-}" ] || run_suite "browser (copy)" node tests/e2e/copy.mjs
[ -n "${ITEST_FILTER:-}" ] || run_suite "browser (contrast)" node tests/e2e/contrast.mjs
[ -n "${ITEST_FILTER:-}" ] || run_suite "browser (live notifications)" node tests/e2e/live.mjs
[ -n "${ITEST_FILTER:-}" ] || run_suite "browser (forms)" node tests/e2e/forms.mjs
[ -n "${ITEST_FILTER:-}" ] || run_suite "browser (search)" node tests/e2e/search.mjs
# The page script links live notifications to this site only (no browser needed).
run_suite "page script" node tests/e2e/links.mjs
# `tailgate openapi` describes every JSON route and validates as OpenAPI 3.1.
run_suite openapi node tests/e2e/openapi.mjs

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

# --- least privilege, files and processes --------------------------------------
check() { # name, command...: one pass, or one failure with the command's words
  local name=$1 out; shift
  if out=$("$@" 2>&1); then echo "ok - $name"; add 1 0
  else echo "not ok - $name"; printf '%s\n' "$out" | sed 's/^/    /'; add 0 1; fi
}
stack_env() { scripts/stack.sh env | sed -n "s/^\(export \)\{0,1\}$1=//p" | tail -n 1 | xargs printf '%s'; }
pids_of_app() { # serve, its workers, the job worker and its lanes
  local p
  for p in "$(cat "$VAR/run/serve.pid" 2>/dev/null)" "$(cat "$VAR/run/worker.pid" 2>/dev/null)"; do
    [ -n "$p" ] && echo "$p" && pgrep -P "$p"
  done
}
# Whether a user can connect to a unix socket: curl's exit status 7 is "could
# not connect"; any other answer (even garbage from FastCGI) means connected.
can_connect() { # user socket
  local rc=0
  runuser -u "$1" -- curl -s -o /dev/null --max-time 5 --unix-socket "$2" http://localhost/ || rc=$?
  [ "$rc" -ne 7 ]
}
# A path that "others" (not owner, not group) can reach and write to.
open_to_others() { # path
  local d=$1
  [ -n "$(find "$d" -maxdepth 0 -perm -o=w)" ] || return 1
  while d=$(dirname "$d"); [ "$d" != / ]; do
    [ -n "$(find "$d" -maxdepth 0 -perm -o=x)" ] || return 1
  done
}

app_not_root() {
  local p u want=${1:-}
  for p in $(pids_of_app); do
    u=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$p/status")
    case " $u " in *" 0 "*) echo "process $p runs as root ($u)"; return 1 ;; esac
    if [ -n "$want" ] && [ "$u" != "$want $want $want $want" ]; then
      echo "process $p runs as $u, not $want"; return 1
    fi
  done
  [ -n "$(pids_of_app)" ] || { echo "no application processes found"; return 1; }
}

fcgi_socket_private() {
  local s mode group
  s=$(stack_env TAILGATE_SOCKET)
  [ -S "$s" ] || { echo "no FastCGI socket at $s"; return 1; }
  mode=$(stat -c %a "$s"); group=$(stat -c %G "$s")
  [ "$mode" = 660 ] || { echo "$s has mode $mode"; return 1; }
  ! open_to_others "$s" || { echo "$s can be reached by every local user"; return 1; }
  if [ "$(id -u)" -eq 0 ]; then
    [ "$group" = www-data ] || { echo "$s belongs to group $group, not www-data"; return 1; }
    can_connect www-data "$s" || { echo "nginx's user cannot connect to $s"; return 1; }
    ! can_connect nobody "$s" || { echo "nobody can connect to $s"; return 1; }
  fi
}

nchan_publisher_private() {
  local s ch
  s=$(stack_env TAILGATE_LIVE_PUBLISH_SOCKET)
  [ -S "$s" ] || { echo "no publisher socket at $s"; return 1; }
  ! open_to_others "$s" || { echo "$s can be reached by every local user"; return 1; }
  if [ "$(id -u)" -eq 0 ]; then
    ch=00000000-0000-4000-8000-$(printf '%012d' $RANDOM)
    ! can_connect nobody "$s" || { echo "nobody can connect to $s"; return 1; }
    runuser -u tailgate -- curl -fsS -o /dev/null --max-time 5 --unix-socket "$s" \
      -H 'Content-Type: application/json' -d '{}' "http://localhost/pub/$ch" ||
      { echo "the application's user cannot publish"; return 1; }
  fi
}

logs_private() {
  local bad
  bad=$(find "$VAR/log" -type f \( -perm /o=rwx -o -perm /g=wx \) -printf '%m %p\n')
  [ -z "$bad" ] || { echo "log files readable by others or group-writable:"; echo "$bad"; return 1; }
}

admin_out_of_reach_of_app() { # the app's OS user cannot log in as the admin role
  local rc=0
  runuser -u tailgate -- env PGPASSFILE="$VAR/admin.pgpass" psql -X -w -h "$VAR/run/pg" \
    -U tailgate_admin -d tailgate -c 'SELECT 1' >/dev/null 2>&1 || rc=$?
  [ "$rc" -ne 0 ] || { echo "user tailgate logged in as tailgate_admin"; return 1; }
  runuser -u tailgate -- psql -X -w -h "$VAR/run/pg" -U tailgate_app -d tailgate -tAc 'SELECT 1' ||
    { echo "user tailgate cannot log in as tailgate_app"; return 1; }
}

postgresql_current() { # Debian's security updates of PostgreSQL are installed
  local p inst cand stale=""
  for p in $(dpkg-query -W -f='${Package} ${Status}\n' 'postgresql*' 'libpq*' 2>/dev/null |
             awk '/install ok installed/ {print $1}'); do
    inst=$(dpkg-query -W -f='${Version}' "$p")
    cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [ -n "$cand" ] && [ "$cand" != "(none)" ] && dpkg --compare-versions "$cand" gt "$inst"; then
      stale="$stale $p ($inst, $cand available)"
    fi
  done
  [ -z "$stale" ] || { echo "not upgraded:$stale"; return 1; }
}

env_eval_works() { # the README's way to use the stack's environment in a shell
  env -u TAILGATE_DB_URL -u TAILGATE_DB_ADMIN_URL -u TAILGATE_ROOT -u TAILGATE_SOCKET \
    bash -c 'eval "$(scripts/stack.sh env)" && "$TAILGATE_BIN" ledger check'
}

if [ "$(id -u)" -eq 0 ]; then
  check "serve and worker run as user tailgate" app_not_root "$(id -u tailgate 2>/dev/null || echo tailgate)"
  check "the application's OS user cannot log in as the admin role" admin_out_of_reach_of_app
else
  check "serve and worker do not run as root" app_not_root
fi
check "the FastCGI socket is 0660 and reachable by nginx only" fcgi_socket_private
check "the nchan publisher socket is reachable by the application only" nchan_publisher_private
check "log files are 0640 at most" logs_private
check "PostgreSQL's security updates are installed" postgresql_current
check "eval \"\$(scripts/stack.sh env)\" gives a working tailgate command" env_eval_works
# The C sources are formatted as .clang-format says (the list of those that are not).
check "app/ and tests/ are formatted (scripts/check-format.sh)" scripts/check-format.sh

# SIGTERM must stop serve, its workers and the job worker.
serve_pid=$(cat "$VAR/run/serve.pid" 2>/dev/null)
workers=$(pgrep -P "$serve_pid" 2>/dev/null | tr '\n' ' ')
scripts/stack.sh stop >/dev/null 2>&1
left=""
for p in $serve_pid $workers; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
if [ -n "$left" ]; then echo "not ok - SIGTERM left processes running:$left"; add 0 1
else echo "shutdown: serve and its workers stopped on SIGTERM"; add 1 0; fi

# `make run` stops everything when its process group gets SIGTERM, whichever
# process takes the signal first: here its output goes through a pipe whose
# reader (like `make run | tee`) dies with the group before the stack stops.
wait_until() { # seconds, command...: polls every 0.1 s
  local end=$((SECONDS + $1)); shift
  until "$@"; do [ "$SECONDS" -lt "$end" ] || return 1; sleep 0.1; done
}
none_alive() { local p; for p in "$@"; do kill -0 "$p" 2>/dev/null && return 1; done; return 0; }
run_group_sigterm() {
  local var port pgid pids="" p rc=0 why=""
  var=$(mktemp -d /tmp/tailgate-sigterm.XXXXXX); chmod 755 "$var"
  port=$((20000 + RANDOM % 20000)); while ! port_free "$port"; do port=$((20000 + RANDOM % 20000)); done
  TAILGATE_VAR=$var PORT=$port TAILGATE_SEED=0 setsid bash -c \
    'exec scripts/stack.sh run 2>&1 | cat >"$0"' "$VAR/log/sigterm-run.log" </dev/null &
  if ! wait_until 240 curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then
    why="the stack did not become healthy"; rc=1
  else
    for f in run serve worker nginx; do pids="$pids $(cat "$var/run/$f.pid" 2>/dev/null)"; done
    pids="$pids $(head -n 1 "$var/pg/data/postmaster.pid" 2>/dev/null)"
    for p in $(cat "$var/run/serve.pid" "$var/run/worker.pid"); do pids="$pids $(pgrep -P "$p" | tr '\n' ' ')"; done
    pgid=$(ps -o pgid= -p "$(cat "$var/run.pid")" | tr -d ' ')
    kill -TERM -- "-$pgid"
    if ! wait_until 60 none_alive $pids; then
      rc=1; why="left running:"
      for p in $pids; do kill -0 "$p" 2>/dev/null && why="$why $(ps -o pid=,comm= -p "$p" | tr -s ' ')"; done
    fi
  fi
  TAILGATE_VAR=$var PORT=$port scripts/stack.sh stop >/dev/null 2>&1
  rm -rf "$var"
  [ "$rc" -eq 0 ] || { echo "$why"; tail -n 20 "$VAR/log/sigterm-run.log"; }
  return "$rc"
}
filtered() { # name: whether ITEST_FILTER selects it (as itest.c's selected() does)
  local alt alts
  [ -n "${ITEST_FILTER:-}" ] || return 0
  IFS='|' read -ra alts <<<"$ITEST_FILTER"
  for alt in "${alts[@]}"; do
    [ -n "$alt" ] && case $1 in *"$alt"*) return 0 ;; esac
  done
  return 1
}
if filtered "hardening shutdown"; then
  check "SIGTERM to make run's process group stops postgres, nginx, serve and worker" run_group_sigterm
fi

# The application's own sanitizer reports count as failures.
reports=$(find "$VAR/log" -name 'asan*' -o -name 'ubsan*' 2>/dev/null)
if [ -n "$reports" ]; then
  echo "sanitizer reports from the application:"
  for r in $reports; do head -n 30 "$r"; done
  add 0 1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
