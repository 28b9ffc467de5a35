#!/bin/sh
# make bench: an A/A comparison. The same binary runs the default suite twice, back to back, and
# bench --compare must find nothing (exit 0, no benchmark "significant"): a CI job gating on --compare would otherwise fail on
# every run. PAIRS (default 1) pairs; each run's wall time is printed. Exit 1 on a false alarm, 77
# without /dev/kvm. A benchmark, not a timed test: make check never runs it.
set -u
bin=${1:?usage: aa.sh path/to/virtcheck}
pairs=${PAIRS:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
alarms=0
i=0
while [ $i -lt "$pairs" ]; do
	i=$((i + 1))
	for side in old new; do
		"$bin" bench --format json --output "$tmp/$side.json"
		rc=$?
		[ $rc = 2 ] && { echo "SKIP: the A/A comparison needs a usable /dev/kvm"; exit 77; }
		[ $rc = 0 ] || { echo "virtcheck bench failed: exit $rc" >&2; exit 1; }
	done
	"$bin" bench --compare "$tmp/old.json" "$tmp/new.json" >"$tmp/cmp.txt" 2>&1
	rc=$?
	# a false alarm is ANY significant change (faster too: exit 0), not only a regression
	"$bin" bench --compare "$tmp/old.json" "$tmp/new.json" --format json >"$tmp/cmp.json" 2>/dev/null
	sig=$(python3 -c 'import json,sys; print(sum(b["significant"] for b in json.load(open(sys.argv[1]))["benchmarks"]))' "$tmp/cmp.json")
	[ "$sig" = 0 ] || rc=1
	printf 'A/A pair %s: runs of %s s and %s s, --compare exit %s\n' "$i" \
		"$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["seconds"], 1))' "$tmp/old.json")" \
		"$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["seconds"], 1))' "$tmp/new.json")" "$rc"
	[ $rc = 0 ] || { alarms=$((alarms + 1)); cat "$tmp/cmp.txt"; }
done
echo "A/A: $alarms false alarm(s) in $pairs comparison(s)"
[ $alarms = 0 ]
