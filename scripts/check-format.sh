#!/usr/bin/env bash
# The C sources of app/ and tests/ are formatted as .clang-format says.
#   check-format.sh [FILE...]   (default: every .c/.h under app/ and tests/)
# Lists the files clang-format would change and exits 1 when there are any;
# `clang-format -i FILE` formats one. Exits 0 with a note when clang-format
# is not installed (scripts/deps.sh installs it).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

CF=${CLANG_FORMAT:-clang-format}
if ! command -v "$CF" >/dev/null 2>&1; then
  echo "check-format: $CF not found (scripts/deps.sh installs clang-format)"
  exit 0
fi
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'app/*.c' 'app/*.h' 'tests/*.c' 'tests/*.h' 2>/dev/null ||
                       find app tests -name '*.[ch]' | sort)
fi
bad=0
lines=0
for f in "${files[@]}"; do
  n=$("$CF" --style=file "$f" | diff -- "$f" - | grep -c '^<')
  if [ "$n" -gt 0 ]; then
    echo "$f: $n lines to format"
    bad=$((bad + 1)); lines=$((lines + n))
  fi
done
if [ "$bad" -gt 0 ]; then
  echo "check-format: $bad of ${#files[@]} files not formatted ($lines lines); clang-format -i FILE"
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
