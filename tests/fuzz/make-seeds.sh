#!/bin/sh
# Writes the seed corpora of the fuzz targets from the fixture hosts (run it after adding
# fixtures; the seeds are committed). A seed is the selector byte and a file's content.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/../fixtures"
out="$here/corpus"
# the seeds are written again; crash-* files (inputs that crashed a target once) stay
for d in records sysroot report preflight bench; do
	mkdir -p "$out/$d" && find "$out/$d" -type f ! -name 'crash-*' -delete
done
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
# preflight: selector, text options, the requirements, then (after a newline) a fixture file
pf() { # NAME SELECTOR OPTIONS REQUIREMENTS [FILE]
	{
		printf "\\$(printf '%03o' "$2")\\$(printf '%03o' "$3")%s" "$4"
		if [ $# -gt 4 ]; then printf '\n' && cat "$5"; fi
	} >"$out/preflight/$1"
}
pf default 0 0 kvm,no-conflict
pf all-plain 0 2 kvm,kvm-rw,hw-virt,nested,no-conflict,virtualbox,iommu,vfio,vhost-net,tun
pf args-colour 0 43 "kvm-backend=kvm_intel, api>=12,cap=KVM_CAP_IRQCHIP,mem>=4G,cpus>=2"
pf args-wide 0 254 "kvm-backend=kvm_pvm,api>=13,cap=KVM_CAP_NO_SUCH,mem>=999T,cpus>=4096"
pf malformed 0 1 "kvm,api>=x,mem>=-1,cap=,nosuch, ,kvm-backend="
pf escapes 0 3 "$(printf 'kvm-backend=\033]0;x\007,cap=KVM_CAP_\033[2J')"
pf no-modules 0 6 kvm,vfio,tun,vhost-net /dev/null
pf cpuinfo 1 2 "hw-virt,nested,cpus>=2" "$fx/amd-svm-firmware-disabled/proc/cpuinfo"
pf meminfo 3 0 "mem>=1G" "$fx/intel-kvm612-vbox71/proc/meminfo"
pf vbox-running 23 3 no-conflict,virtualbox "$fx/amd-vbox-vm-running/virtcheck/fds.txt"
pf kvm-eacces 21 42 "kvm,kvm-rw,api>=12" "$fx/kvm-0600-nonroot/virtcheck/kvm.txt"
pf msr 20 2 hw-virt "$fx/intel-vtx-firmware-disabled/virtcheck/msr.txt"
pf pci 25 2 iommu,vfio "$fx/intel-kvm612-vbox71/virtcheck/pci.txt"
# bench: --verbose and the threshold in the first byte, the old document, a NUL, the new one
bf="$here/../bench/fixtures"
bs() { # NAME FLAGS OLD [NEW]
	{
		printf "\\$(printf '%03o' "$2")" && cat "$3"
		if [ $# -gt 3 ]; then printf '\000' && cat "$4"; fi
	} >"$out/bench/$1"
}
bs old 0 "$bf/old.json"
bs new-verbose 1 "$bf/new.json"
bs compare 4 "$bf/old.json" "$bf/new.json"
bs compare-verbose-20pc 41 "$bf/new.json" "$bf/old.json"
sed 's/"cpu.int"/"cpu\\u001b[2J<\/td>\\u202e"/; s/"AMD EPYC <test> \& co"/"\\u009b31m\\ud83d\\ude00"/' "$bf/old.json" \
	>"$out/bench/escapes.json"
bs escapes 1 "$out/bench/escapes.json" "$bf/new.json"
rm "$out/bench/escapes.json"
printf '\000{"schema":"virtcheck.bench/1","benchmarks":[{"name":"x","a_ns":{"median":-1},"samples":{"a":[1e308,-0],"b":"no"}}],"targets":[{}]}' >"$out/bench/odd-shape"
printf '\001{"schema":"virtcheck.bench/2"}\000{"schema":"virtcheck.bench/1","benchmarks":{}}' >"$out/bench/wrong-schema"
echo "seeds: $(ls "$out/records" | wc -l) records, $(ls "$out/sysroot" | wc -l) sysroot, $(ls "$out/report" | wc -l) report," \
	"$(ls "$out/preflight" | wc -l) preflight, $(ls "$out/bench" | wc -l) bench"
