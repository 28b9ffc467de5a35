#!/bin/sh
# make fuzz: one libFuzzer target for SECONDS, its summary printed in one piece when it ends
# (make runs two at a time). A crash prints the log's end and the input to add to the corpus.
# Usage: sh tests/fuzz/smoke.sh SECONDS TARGET (build-fuzz/fuzz_TARGET built by make fuzz)
set -u
secs=$1 t=$2
mkdir -p build-fuzz/corpus-$t build-fuzz/crashes-$t
build-fuzz/fuzz_$t -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=2048 \
	-artifact_prefix=build-fuzz/crashes-$t/ build-fuzz/corpus-$t tests/fuzz/corpus/$t 2>build-fuzz/fuzz_$t.log
rc=$?
out=$(echo "== fuzz_$t, $secs s"
	grep -E 'stat::number_of_executed_units|stat::new_units_added|SUMMARY' build-fuzz/fuzz_$t.log
	if [ $rc != 0 ]; then
		tail -40 build-fuzz/fuzz_$t.log
		echo "crash: build-fuzz/crashes-$t/ (add it to tests/fuzz/corpus/$t)"
	fi)
printf '%s\n' "$out"
exit $rc
