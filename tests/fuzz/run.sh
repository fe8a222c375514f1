#!/usr/bin/env bash
# Runs built libFuzzer drivers one after another (never in parallel); used by
# `make fuzz` and by scripts/test.sh.
#   run.sh DIR SECONDS RUNS NAME...
# DIR holds the binaries DIR/fuzz_<name>; each run works on a copy of the seed
# corpus (DIR/corpus-<name>) so it never writes into the repository, and stops
# after SECONDS or RUNS executions (RUNS 0: no limit), whichever comes first.
# Prints "fuzz <name>: ok (N execs)" or "fuzz <name>: FAILED ..." with the
# failing input (saved as DIR/<name>-crash-*) and the log DIR/fuzz_<name>.log;
# exits 1 if any driver failed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(cd "$1" && pwd) secs=$2 runs=$3
shift 3

failed=
for n in "$@"; do
	bin=$dir/fuzz_$n log=$dir/fuzz_$n.log
	if [ ! -x "$bin" ]; then
		echo "fuzz $n: FAILED (not built: $bin)"; failed="$failed $n"; continue
	fi
	rm -rf "$dir/corpus-$n" && mkdir -p "$dir/corpus-$n" &&
	    cp "$ROOT/tests/fuzz/corpus/$n/"* "$dir/corpus-$n/" || exit 1
	touch "$dir/.start-$n"
	if (cd "$dir" && UBSAN_OPTIONS=print_stacktrace=1 "$bin" -max_total_time="$secs" \
	    -runs="$runs" -max_len=4096 -print_final_stats=1 \
	    -artifact_prefix="$dir/$n-" "corpus-$n") >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
		time=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
		echo "fuzz $n: ok (${execs:-?} execs${time:+ in ${time} s})"
	else
		echo "fuzz $n: FAILED (log: $log)"
		LC_ALL=C sed -n '/invariant failed\|ERROR: \|runtime error:/,$p' "$log" | cat -v | head -n 30
		find "$dir" -maxdepth 1 -name "$n-*" -newer "$dir/.start-$n" | sed 's/^/  input: /'
		failed="$failed $n"
	fi
done
if [ -n "$failed" ]; then echo "fuzz: failed:$failed"; exit 1; fi
