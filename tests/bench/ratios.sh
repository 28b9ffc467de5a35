#!/bin/sh
# make bench: the ratio table of issue 17. Every command runs once a round, the rounds interleaved and
# each in a new order, timed from posix_spawn to wait4 by tests/bench/timer.c (no shell in the measured
# path); a command's figure is the median of its per-round ratios to the floor (tests/bench/floor.c:
# /dev/kvm, a VM, a vCPU, one hlt), with p25-p75 and n. BEFORE=path/to/an/older/virtcheck adds its rows
# to the same run. A benchmark, never a timed test: it prints, it does not fail on a figure.
set -u
bin=${1:?usage: ratios.sh VIRTCHECK TIMER FLOOR}
timer=${2:?usage: ratios.sh VIRTCHECK TIMER FLOOR}
floor=${3:?usage: ratios.sh VIRTCHECK TIMER FLOOR}
runs=${RUNS:-30}
before=${BEFORE:-}

# kvm-ok (cpu-checker) and virt-host-validate (libvirt-clients), installed when root and missing
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null &&
	! { command -v kvm-ok && command -v virt-host-validate; } >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cpu-checker \
		libvirt-clients >/dev/null 2>&1 || true
fi
tool() { command -v "$1" 2>/dev/null || echo -; }

spec=$(mktemp)
trap 'rm -f "$spec"' EXIT INT TERM
tab=$(printf '\t')
{
	echo "floor (open /dev/kvm, VM, vCPU, hlt)$tab$floor"
	echo "virtcheck (full report)$tab$bin"
	echo "virtcheck --format json$tab$bin --format json"
	echo "virtcheck preflight --require kvm$tab$bin preflight --require kvm"
	if [ -n "$before" ]; then
		echo "before: virtcheck (full report)$tab$before"
		echo "before: virtcheck --format json$tab$before --format json"
		echo "before: virtcheck preflight --require kvm$tab$before preflight --require kvm"
	fi
	echo "kvm-ok$tab$(tool kvm-ok)"
	echo "systemd-detect-virt$tab$(tool systemd-detect-virt)"
	echo "virt-host-validate qemu$tab$(tool virt-host-validate) qemu"
	echo "lscpu$tab$(tool lscpu)"
} | sed "s/$tab- qemu\$/$tab-/" >"$spec"

backend=$("$bin" --format json 2>/dev/null | sed -n 's/.*"backend": "\([^"]*\)".*/\1/p' | tail -1)
echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPUs;" \
	"kernel $(uname -r); KVM backend ${backend:-unknown}; uid $(id -u)"
"$timer" -n "$runs" "$spec"
