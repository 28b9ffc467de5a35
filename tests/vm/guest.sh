#!/bin/sh
# The end-to-end scenarios, run inside the QEMU guest by /init; TAP on the console, every line
# naming the kernel. The helpers are here; the scenarios of each kernel in on-6.1.sh (KVM holds
# AMD-V only while a VM runs) and on-6.12.sh (kvm.enable_virt_at_load: held from load).
# /bin/virtcheck-hooks is the test build (`make virtcheck-hooks`): VC_TEST_KILL_AT=journal|
# remove:N|insert:N|files|commit kills it at that step (VC_TEST_KILL_SIG=TERM: SIGTERM instead).
V=/bin/virtcheck
H=/bin/virtcheck-hooks
K=$(uname -r)
n=0
fails=0
t() { # DESCRIPTION CONDITION
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $K: $1"; else
		echo "not ok $n - $K: $1"
		fails=$((fails + 1))
		for f in /tmp/*.out /tmp/r.err /tmp/owner; do [ -s "$f" ] && sed "s|^|# $f: |" "$f"; done
		grep -h '"create_vm"\|"efer_svme"' /tmp/r.json 2>/dev/null | sed 's|^ *|# /tmp/r.json: |'
	fi
}
# EFER.SVME (bit 12 of MSR 0xc0000080) of one CPU, read by the kernel's msr driver
svme() {
	v=$(dd if=/dev/cpu/$1/msr bs=8 count=1 skip=$((0xc0000080 / 8)) 2>/dev/null | od -An -tx8 | tr -d ' \n')
	[ -n "$v" ] && echo $(((0x$v >> 12) & 1)) || echo "?"
}
# EFER.SVME of every CPU: "all", "none" or "some"
svme_cpus() {
	s=""
	for c in /dev/cpu/[0-9]*; do s="$s$(svme "${c##*/}")"; done
	case $s in *\?*) echo "?" ;; *1*0* | *0*1*) echo some ;; *1*) echo all ;; *) echo none ;; esac
}
# a scenario's heading, with the guest's uptime (where the time goes)
scenario() { echo "# $K: scenario $1 (at $(cut -d' ' -f1 /proc/uptime) s)"; }
# holdvm in the background ($hold), waited for until it holds a VM and a vCPU (10 s at most)
hold_vm() {
	/bin/holdvm >/tmp/hold.out 2>&1 &
	hold=$!
	i=0
	while ! grep -q ready /tmp/hold.out 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}
# svmclaim holds SVM: KVM_CREATE_VM fails with ERRNO; the verdict and `explain` of QEMU's MESSAGE
# name svmclaim
claimed() { # ERRNO MESSAGE
	report
	t "svmclaim holds SVM: KVM_CREATE_VM fails with $1" "grep -q '\"create_vm\": \"$1\"' /tmp/r.json"
	t "svmclaim holds SVM: verdict owner unknown, backend svmclaim, definitive" '[ "$(field hypervisor)" = unknown ] && [ "$(field backend)" = svmclaim ] && [ "$(field confidence)" = definitive ]'
	$V explain "$2" >/tmp/ex.out 2>&1
	rc=$?
	t "explain '$2': exit 0, names svmclaim" '[ $rc = 0 ] && grep -q svmclaim /tmp/ex.out'
}
# virtcheck's report, and one field of its owner object
report() {
	$V --format json >/tmp/r.json 2>/tmp/r.err
	sed -n '/^  "owner": {/,/^  },/p' /tmp/r.json >/tmp/owner
}
# the report's debugfs count of KVM VMs (debugfs is mounted by /init): virtcheck's own smoke VM is
# freed before it looks, so with none held this is 0
debugfs_vms() { sed -n '/^      "debugfs": {/{n;s/^ *"vms": \([0-9]*\)$/\1/p;}' /tmp/r.json; }
field() { grep -m1 "^    \"$1\":" /tmp/owner | sed 's/^[^:]*: //; s/,$//; s/^"//; s/"$//'; }

case $K in
6.1.*) . /on-6.1.sh ;;
6.12.*) . /on-6.12.sh ;;
*) t "scenarios for this kernel" false ;;
esac

echo "# $K: $((n - fails)) passed, $fails failed"
