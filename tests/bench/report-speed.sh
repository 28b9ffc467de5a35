#!/bin/sh
# make bench: wall time of the full report and of preflight next to kvm-ok and virt-host-validate (when
# installed), as the median of RUNS runs (default 30) measured by hyperfine without a shell.
set -u
bin=${1:?usage: report-speed.sh path/to/virtcheck}
runs=${RUNS:-30}

if ! command -v hyperfine >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		apt-get install -y -qq hyperfine cpu-checker libvirt-clients >/dev/null 2>&1 || true
	fi
fi
if ! command -v hyperfine >/dev/null; then
	echo "make bench needs hyperfine: sudo apt-get install -y hyperfine cpu-checker libvirt-clients" >&2
	exit 1
fi

set -- "$bin" "$bin --format json" "$bin preflight" "$bin preflight --require kvm"
command -v kvm-ok >/dev/null && set -- "$@" kvm-ok || echo "(kvm-ok not installed: apt-get install cpu-checker)"
command -v virt-host-validate >/dev/null && set -- "$@" "virt-host-validate qemu" ||
	echo "(virt-host-validate not installed: apt-get install libvirt-clients)"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
# -i: kvm-ok exits 1 on our machines (it wrongly says KVM cannot be used)
hyperfine -N -i --warmup 5 --runs "$runs" --export-json "$out" "$@" >/dev/null 2>&1 || exit 1
echo "$(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPUs"
printf '%-34s %10s %10s %10s\n' "command ($runs runs)" "median ms" "min ms" "max ms"
awk -F'"' '
	/"command":/ { cmd = $4 }
	/"median":/ { split($0, a, ": "); med = a[2] + 0 }
	/"min":/ { split($0, a, ": "); mn = a[2] + 0 }
	/"max":/ { split($0, a, ": "); mx = a[2] + 0; printf "%-34s %10.2f %10.2f %10.2f\n", cmd, med * 1000, mn * 1000, mx * 1000 }
' "$out"
