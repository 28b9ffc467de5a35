#!/bin/sh
# make check-stress: 1,000 reports in parallel (2 workers) give identical output; 100
# capture/replay round trips each replay to the live report; one process reporting 300 times
# keeps its file descriptors and heap flat (tests/unit/test_stress.c does that part).
set -u
bin=${VC_BIN:?set VC_BIN to the virtcheck binary}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

fx="$here/fixtures/intel-kvm612-vbox71"
"$bin" --sysroot "$fx" --format json >"$tmp/want.json"
want=$(md5sum <"$tmp/want.json")
start=$(date +%s)
seq 1000 | xargs -P 2 -I{} sh -c '"$1" --sysroot "$2" --format json | md5sum' _ "$bin" "$fx" >"$tmp/sums"
n=$(grep -c . "$tmp/sums")
distinct=$(sort -u "$tmp/sums" | grep -c .)
if [ "$n" = 1000 ] && [ "$distinct" = 1 ] && [ "$(sort -u "$tmp/sums")" = "$want" ]; then
	echo "ok - 1000 parallel reports (2 workers), identical output, $(($(date +%s) - start)) s"
else
	echo "not ok - parallel reports: $n runs, $distinct distinct outputs"
	fail=1
fi

start=$(date +%s)
bad=0
i=0
while [ $i -lt 100 ]; do
	i=$((i + 1))
	rm -rf "$tmp/cap"
	# the report printed while capturing is the live one; its replay must equal it
	if ! "$bin" --format json capture "$tmp/cap" 2>"$tmp/err" | grep -v '^    "sysroot": ' >"$tmp/live.json"; then
		bad=$((bad + 1))
		continue
	fi
	"$bin" --sysroot "$tmp/cap" --format json | grep -v '^    "sysroot": ' >"$tmp/replay.json"
	if ! cmp -s "$tmp/live.json" "$tmp/replay.json"; then
		bad=$((bad + 1))
		[ $bad = 1 ] && diff "$tmp/live.json" "$tmp/replay.json" | head -20
	fi
done
if [ $bad = 0 ]; then
	echo "ok - 100 capture/replay round trips, each replay equal to the live report it recorded, $(($(date +%s) - start)) s"
else
	echo "not ok - $bad of 100 capture/replay round trips failed"
	fail=1
fi
[ $fail = 0 ]
