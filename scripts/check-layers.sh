#!/usr/bin/env bash
# The layering check (docs/architecture.md): reads the layers declared in
# app/LAYERS and every module include in app/ (`#include "../<mod>/..."` in a
# module's folder, `#include "<mod>/..."` in app/*.c and app/*.h), and fails,
# naming file:line and both modules, on
#   - an include of a module on a higher layer,
#   - an include of a module later on the same ordered line (or any other
#     module of a flat line),
#   - an include of another module's private <mod>_int.h,
#   - a folder of app/ that app/LAYERS does not declare.
#   check-layers.sh [--graph] [APP_DIR]
# --graph also prints the module graph from the includes (one line a module:
# "mod -> what it includes") and fails on a cycle among the modules (the
# transitional `open` modules of app/LAYERS left out).
set -uo pipefail
graph=0
[ "${1:-}" = --graph ] && { graph=1; shift; }
APP=${1:-$(cd "$(dirname "$0")/.." && pwd)/app}
LAYERS=$APP/LAYERS
[ -f "$LAYERS" ] || { echo "check-layers: no $LAYERS" >&2; exit 2; }

cd "$APP/.." || exit 2
appname=$(basename "$APP")

# Every include of a module as "file<TAB>line<TAB>from<TAB>to<TAB>header".
includes() {
  local f rel mod pat
  while IFS= read -r f; do
    rel=${f#"$appname"/}
    case $rel in
      */*) mod=${rel%%/*}; pat='\.\./' ;;
      *)   mod=app; pat='' ;;
    esac
    grep -n "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"$pat[a-z0-9_]*/" "$f" |
      sed -E "s#^([0-9]+):[^\"]*\"$pat([a-z0-9_]+)/([^\"]*)\".*#\1\t\2\t\3#" |
      while IFS=$'\t' read -r line to hdr; do
        printf '%s\t%s\t%s\t%s\t%s\n' "$f" "$line" "$mod" "$to" "$hdr"
      done
  done < <(find "$appname" -type f \( -name '*.c' -o -name '*.h' -o -name '*.cc' \) | sort)
}

folders() { find "$appname" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort; }

{ folders | sed 's/^/F\t/'; includes | sed 's/^/I\t/'; } | awk -F'\t' -v layers="$LAYERS" -v graph="$graph" '
BEGIN {
  nl = 0
  while ((getline ln < layers) > 0) {
    sub(/#.*/, "", ln)
    if (ln ~ /^[ \t]*$/) continue
    if (ln ~ /^[ \t]*open[ \t]*:/) {
      sub(/^[ \t]*open[ \t]*:/, "", ln); n = split(ln, w, /[ \t]+/)
      for (i = 1; i <= n; i++) if (w[i] != "") open[w[i]] = 1
      continue
    }
    if (!match(ln, /^[ \t]*[a-z0-9_]+[ \t]+(ordered|flat)[ \t]*:/)) {
      printf "%s: cannot read the line \"%s\"\n", layers, ln; bad = 1; continue
    }
    head = substr(ln, 1, RLENGTH); rest = substr(ln, RLENGTH + 1)
    split(head, h, /[ \t:]+/); nl++
    lname[nl] = (h[1] != "" ? h[1] : h[2]); ordered[nl] = (head ~ /ordered/)
    n = split(rest, w, /[ \t]+/); p = 0
    for (i = 1; i <= n; i++) if (w[i] != "") {
      if (w[i] in layer) { printf "%s: %s declared twice\n", layers, w[i]; bad = 1 }
      layer[w[i]] = nl; pos[w[i]] = ++p
    }
  }
}
$1 == "F" {
  if (!($2 in layer)) { printf "app/%s/: a module folder that app/LAYERS does not declare\n", $2; bad = 1 }
  next
}
$1 == "I" {
  file = $2; line = $3; from = $4; to = $5; hdr = $6
  if (from == to) next
  if (!(from in layer) || !(to in layer)) {
    if (!(to in layer)) { printf "%s:%s: %s includes %s/%s: no module %s in app/LAYERS\n", file, line, from, to, hdr, to; bad = 1 }
    next
  }
  edge[from SUBSEP to] = 1; mods[from] = 1; mods[to] = 1
  if (hdr ~ /_int\.h$/) {
    printf "%s:%s: %s includes %s/%s, the private header of %s\n", file, line, from, to, hdr, to; bad = 1; next
  }
  if (to in open) next
  lf = layer[from]; lt = layer[to]
  if (lt < lf) next
  if (lt == lf && ordered[lf] && pos[to] < pos[from]) next
  if (lt > lf)
    why = sprintf("%s (%s) is above %s (%s)", to, lname[lt], from, lname[lf])
  else if (ordered[lf])
    why = sprintf("%s comes after %s in the %s order", to, from, lname[lf])
  else
    why = sprintf("%s and %s are independent modules of %s", to, from, lname[lf])
  printf "%s:%s: %s includes %s/%s: %s\n", file, line, from, to, hdr, why; bad = 1
}
function visit(m,    k, parts, t) {
  state[m] = 1; stack[++sp] = m
  for (k in edge) {
    split(k, parts, SUBSEP)
    if (parts[1] != m) continue
    t = parts[2]
    if ((t in open) || (m in open)) continue
    if (state[t] == 1) { cyc = t; for (i = sp; i >= 1 && stack[i] != t; i--) cyc = stack[i] " -> " cyc; cyc = t " -> " cyc; return 1 }
    if (state[t] == 0 && visit(t)) return 1
  }
  state[m] = 2; sp--
  return 0
}
END {
  if (graph) {
    # bottom to top, in the declared order
    for (m in layer) key[m] = sprintf("%03d%03d", layer[m], pos[m])
    n = 0; for (m in mods) order[++n] = m
    for (i = 2; i <= n; i++) { v = order[i]; for (j = i - 1; j >= 1 && key[order[j]] > key[v]; j--) order[j + 1] = order[j]; order[j + 1] = v }
    for (i = 1; i <= n; i++) {
      m = order[i]; out = ""
      for (j = 1; j <= n; j++) if ((m SUBSEP order[j]) in edge) out = out " " order[j]
      printf "%-13s (%s) ->%s\n", m, lname[layer[m]], out == "" ? " (nothing)" : out
    }
    for (i = 1; i <= n; i++) if (!(order[i] in open) && state[order[i]] == 0 && visit(order[i])) {
      printf "cycle: %s\n", cyc; bad = 1; break
    }
    if (!cyc) { s = ""; for (m in open) s = s " " m; printf "no cycle among the modules%s\n", s == "" ? "" : " (leaving out the transitional" s ")" }
  }
  exit bad ? 1 : 0
}'
rc=$?
[ "$rc" -eq 0 ] && [ "$graph" = 0 ] && echo "layers: every module include goes down (app/LAYERS)"
exit "$rc"
