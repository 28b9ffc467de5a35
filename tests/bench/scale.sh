#!/bin/sh
# make bench: replaying large synthetic captures stays linear. A capture of this size is what
# 10,000 processes with 100 open files each give: a million fd records. Target: under 2 s to
# replay it here (the median of 3 runs); this script fails when it is missed. A benchmark, not a
# timed test: make check never runs it.
set -u
bin=${1:?usage: scale.sh path/to/virtcheck}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
limit_ms=${SCALE_LIMIT_MS:-2000}

cp -r "$here/fixtures/intel-both-loaded-qemu-vm" "$tmp/big"
# 10,000 processes, 100 fds each, a few of them KVM users (short lines: a record file holds
# at most 16 MiB)
awk 'BEGIN {
	for (p = 1000; p < 11000; p++)
		for (f = 0; f < 100; f++)
			if (p % 1000 == 0 && f == 0) printf "%d qemu-system-x86 anon_inode:kvm-vm\n", p
			else printf "%d w /f\n", p
}' >"$tmp/big/virtcheck/fds.txt"
records=$(wc -l <"$tmp/big/virtcheck/fds.txt")

ms() { echo $(($(date +%s%N) / 1000000)); }
times=""
for run in 1 2 3; do
	t0=$(ms)
	"$bin" --sysroot "$tmp/big" --format json >"$tmp/out.json" 2>/dev/null
	rc=$?
	t1=$(ms)
	[ $rc -le 2 ] || { echo "scale: the replay failed (exit $rc)"; exit 1; }
	times="$times $((t1 - t0))"
done
median=$(echo "$times" | tr ' ' '\n' | grep . | sort -n | sed -n 2p)
grep -q '"pid": 10000' "$tmp/out.json" || { echo "scale: the KVM user among the records was not found"; exit 1; }
printf 'scale: %s fd records of 10,000 processes replayed in %s ms (median of 3:%s ms), target < %s ms: ' \
	"$records" "$median" "$times" "$limit_ms"
if [ "$median" -lt "$limit_ms" ]; then echo met; else echo MISSED; exit 1; fi
