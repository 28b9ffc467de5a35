#!/bin/sh
# Writes the seed corpora of the fuzz targets from the fixture hosts (run it after adding
# fixtures; the seeds are committed). A seed is the selector byte and a file's content.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/../fixtures"
out="$here/corpus"
rm -rf "$out/records" "$out/sysroot" "$out/report"
mkdir -p "$out/records" "$out/sysroot" "$out/report"
seed() { # DIR NAME SELECTOR FILE
	{ printf "\\$(printf '%03o' "$3")"; cat "$4"; } >"$1/$2"
}
i=0
for r in cpuid msr devices fds errors kvm meta; do
	for f in "$fx"/*/virtcheck/$r.txt; do
		[ -s "$f" ] || continue
		seed "$out/records" "$r-$(basename "$(dirname "$(dirname "$f")")")" $i "$f"
	done
	i=$((i + 1))
done
n=0
for text in "-4011" "VBoxManage: error: VT-x is being used by another hypervisor (VERR_VMX_IN_VMX_ROOT_MODE)" \
	"qemu-system-x86_64: ioctl(KVM_CREATE_VM) failed: 16 Device or resource busy" \
	"modprobe: ERROR: could not insert 'vboxdrv': Key was rejected by service"; do
	n=$((n + 1))
	printf '\007%s' "$text" >"$out/records/explain-$n"
done
# sysroot: the selector is the index in fuzz_sysroot.c's targets[]
i=0
for t in proc/modules proc/cpuinfo proc/cmdline proc/meminfo proc/sys/kernel/osrelease \
	sys/module/kvm/parameters/enable_virt_at_load sys/module/kvm_intel/refcnt sys/module/vboxdrv/version \
	sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e3d4eb6ff2b8 sys/kernel/security/lockdown \
	boot/config etc/modprobe.d etc/udev/rules.d etc/vbox/vbox.cfg var/lib/dpkg/status etc/passwd etc/group \
	run/virtcheck.params home vcpuid vmsr vkvm vdevices vfds vudev vpci vkmsg vmeta verrors; do
	case $t in
	v*) f=$(ls "$fx"/*/virtcheck/"${t#v}".txt 2>/dev/null | head -n 1) ;;
	etc/modprobe.d) f=$(ls "$fx"/*/etc/modprobe.d/* 2>/dev/null | head -n 1) ;;
	etc/udev/rules.d) f=$(ls "$fx"/*/lib/udev/rules.d/* 2>/dev/null | head -n 1) ;;
	home) f=$(find "$fx" -name VBox.log | head -n 1) ;;
	boot/config) f="" ;;
	*) f=$(ls "$fx"/*/"$t" 2>/dev/null | head -n 1) ;;
	esac
	if [ -n "$f" ] && [ -f "$f" ]; then seed "$out/sysroot" "$i-$(basename "$t")" $i "$f"; fi
	i=$((i + 1))
done
# report: a sysroot seed with the text options after its selector (colour, --verbose, widths), and
# strings a terminal would obey in what the report shows
k=0
for s in "$out"/sysroot/*; do
	set -- 0 3 42 254 129 2
	shift $((k % 6))
	{ head -c 1 "$s"; printf "\\$(printf '%03o' "$1")"; tail -c +2 "$s"; } >"$out/report/$(basename "$s")"
	k=$((k + 1))
done
printf '\027\003999 qemu-system-\033c anon_inode:kvm-vm\n' >"$out/report/fds-escape"
printf '\022\252VBoxManage: error: VT-x is being used by another hypervisor\033]0;x\007 (VERR_VMX_IN_VMX_ROOT_MODE)\n' \
	>"$out/report/vboxlog-escape"
printf '\000\003kvm_intel 409600 0 - Live 0x0\nvbox\033[2Jdrv 696320 2 - Live 0x0 (OE)\n' >"$out/report/modules-escape"
echo "seeds: $(ls "$out/records" | wc -l) records, $(ls "$out/sysroot" | wc -l) sysroot, $(ls "$out/report" | wc -l) report"
