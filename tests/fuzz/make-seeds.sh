#!/bin/sh
# Writes the seed corpora of the fuzz targets from the fixture hosts (run it after adding
# fixtures; the seeds are committed). Each target reads its input as the top of its fuzz_*.c says.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/../fixtures"
out="$here/corpus"
# the seeds are written again; crash-* files (inputs that crashed a target once) stay
for d in records sysroot report preflight bench capture cli; do
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
	sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c sys/kernel/security/lockdown \
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
# capture: the sysroot seeds, and the private files a capture reduces (selectors past the
# fixture's files: fixture.c's fz_files[])
cp "$out"/sysroot/* "$out/capture/"
printf '\035HOME=/root\000AWS_SECRET_ACCESS_KEY=abc\000container=podman\000container=\033]0;x\000' >"$out/capture/environ"
printf '\03622 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n40 22 0:50 / /home/alice/remote rw - fuse.sshfs alice@example:/ rw\n' \
	>"$out/capture/mountinfo"
printf '\0370::/init.scope\n' >"$out/capture/cgroup"
printf '\040GRUB_CMDLINE_LINUX_DEFAULT="quiet kvm.enable_virt_at_load=0"\n' >"$out/capture/grub"
printf '\017root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice Liddell,,,:/home/alice:/bin/bash\nsvc:x:999:999::/var/svc:/usr/sbin/nologin\nbob:x:1001:1001:Bob:/home/bob\n' \
	>"$out/capture/passwd"
printf '\020kvm:x:993:alice,bob\nvboxusers:x:994:alice\nsudo:x:27:alice\nbad line\n' >"$out/capture/group"
printf '\016Package: virtualbox-7.1\nStatus: install ok installed\nVersion: 7.1.4-165100~Debian~bookworm\n\nPackage: secret-tool\nStatus: install ok installed\n\nPackage: linux-image-6.12.9-amd64\nStatus: install ok installed\n' \
	>"$out/capture/dpkg"
printf '\02200:00:01.000 VirtualBox VM 7.1.4 r165100 linux.amd64\n00:00:01.001 Guest: password=hunter2\n00:00:02.000 HM: HMR3Init: VT-x w/ nested paging\n00:00:03.000 VERR_VMX_IN_VMX_ROOT_MODE\n' \
	>"$out/capture/vboxlog"

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
# cli: the words after "virtcheck", each ended by a NUL
cli() { # NAME WORD...
	name=$1
	shift
	for w in "$@"; do printf '%s\000' "$w"; done >"$out/cli/$name"
}
cli bare
cli report-json --format json --verbose
cli report-prom -s /x --format=prometheus --color always
cli bad-color --color sometimes
cli help help
cli help-cmd help switch
cli help-two help switch bench
cli version -V
cli unknown-cmd frobnicate
cli unknown-opt --frob
cli needs-value --sysroot
cli capture capture --load-msr /tmp/x
cli capture-two capture a b
cli capture-sysroot capture -s /x /tmp/y
cli explain explain -4011 VERR_VMX_IN_VMX_ROOT_MODE
cli explain-stdin --format json explain -
cli preflight preflight -r kvm,api\>=12 --require "mem>=4G, cpus>=2" --format junit -o /tmp/out --quiet
cli preflight-help preflight --require help
cli preflight-fix preflight --fix --yes --sysroot /x
cli preflight-bad preflight -r nosuch,
cli bench-list bench --list
cli bench-compare bench --compare a.json b.json --threshold 5 --format markdown
cli bench-from bench --from a.json --format html -o out.html --quick
cli bench-run bench cpu exit.pio --time 0.1 --cpu 0 --vcpus 2
cli bench-bad bench --vcpus 9 --time x --threshold -1
cli switch switch --dry-run virtualbox --persistent
cli switch-status -v switch --status --format json
cli switch-yes switch kvm --yes --sysroot /x
cli switch-recover switch --recover --forget
# triage: each real paste of tests/logs, its files joined by two NUL bytes after the options byte
# (fuzz_triage.c); the hand-made seeds (garbled pastes) stay
mkdir -p "$out/triage" && find "$out/triage" -type f -name 'log-*' -delete
for d in "$here"/../logs/*/; do
	first=1
	for f in "$d"*; do
		case $(basename "$f") in SOURCE.md | expect | expected.txt) continue ;; esac
		if [ $first = 1 ]; then printf '\000'; else printf '\000\000'; fi
		first=0
		cat "$f"
	done >"$out/triage/log-$(basename "$d")"
done
echo "seeds: $(ls "$out/records" | wc -l) records, $(ls "$out/sysroot" | wc -l) sysroot, $(ls "$out/report" | wc -l) report," \
	"$(ls "$out/preflight" | wc -l) preflight, $(ls "$out/bench" | wc -l) bench, $(ls "$out/capture" | wc -l) capture," \
	"$(ls "$out/cli" | wc -l) cli, $(ls "$out/triage" | wc -l) triage"
