#!/usr/bin/env bash
# Proves that scripts/check-layers.sh fails where it must: on a copy of app/
# it adds, one at a time, an upward include (bets -> copy), an include
# across the feature order (catalog -> bets), another module's private
# header (copy -> bets_int.h) and an undeclared folder, and expects a
# non-zero exit naming the file:line and both modules each time; the
# untouched copy passes. Prints "N passed, M failed" (scripts/test.sh counts it).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHECK=$ROOT/scripts/check-layers.sh
TMP=$(mktemp -d /tmp/tailgate-layers.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; printf '%s\n' "$2" | sed 's/^/    /'; failed=$((failed + 1)); }

fresh() { rm -rf "$TMP/app"; cp -r "$ROOT/app" "$TMP/app"; }

# name, expected output (a fixed string), then the change to make in $TMP/app
expect_fail() {
  local name=$1 want=$2 out rc; shift 2
  fresh; (cd "$TMP/app" && eval "$1")
  out=$("$CHECK" "$TMP/app" 2>&1); rc=$?
  if [ "$rc" -ne 0 ] && printf '%s\n' "$out" | grep -qF -- "$want"; then ok "$name"
  else not_ok "$name (exit $rc; wanted a failure naming: $want)" "$out"; fi
}

fresh
if out=$("$CHECK" "$TMP/app" 2>&1); then ok "the tree as it is passes"
else not_ok "the tree as it is passes" "$out"; fi

line=$(( $(grep -n '^#include' "$ROOT/app/bets/bets_db.c" | tail -n 1 | cut -d: -f1) + 1 ))
expect_fail "an upward include (bets includes copy) fails" \
  "app/bets/bets_db.c:$line: bets includes copy/copy.h: copy comes after bets in the features order" \
  "sed -i '$((line - 1))a #include \"../copy/copy.h\"' bets/bets_db.c"

expect_fail "a platform module including a feature fails" \
  "app/jobs/jobs.c:1: jobs includes bets/bets.h: bets (features) is above jobs (platform)" \
  "sed -i '1i #include \"../bets/bets.h\"' jobs/jobs.c"

expect_fail "another module's private header fails" \
  "app/copy/copy_engine.c:1: copy includes bets/bets_int.h, the private header of bets" \
  "sed -i '1i #include \"../bets/bets_int.h\"' copy/copy_engine.c"

expect_fail "an undeclared module folder fails" \
  "app/newthing/: a module folder that app/LAYERS does not declare" \
  "mkdir newthing && echo 'int newthing_x;' > newthing/newthing.c"

expect_fail "core including a base module fails" \
  "app/core/util.c:1: core includes db/db.h: db (base) is above core (core)" \
  "sed -i '1i #include \"../db/db.h\"' core/util.c"

expect_fail "app/*.c includes are read too" \
  "app/app.c:1: app includes nosuch/nosuch.h: no module nosuch in app/LAYERS" \
  "sed -i '1i #include \"nosuch/nosuch.h\"' app.c"

# the graph mode finds a cycle when one is made (social -> copy closes
# social <- copy); the layer check fails on it as well
fresh; sed -i '1i #include "../copy/copy.h"' "$TMP/app/social/social_graph.c"
out=$("$CHECK" --graph "$TMP/app" 2>&1); rc=$?
if [ "$rc" -ne 0 ] && printf '%s\n' "$out" | grep -q '^cycle: .*social.*copy\|^cycle: .*copy.*social'; then
  ok "--graph names a cycle"
else not_ok "--graph names a cycle (exit $rc)" "$out"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
