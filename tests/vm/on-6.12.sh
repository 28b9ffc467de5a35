# Sourced by guest.sh on Linux 6.12+: a loaded kvm_amd holds AMD-V from load
# (kvm.enable_virt_at_load=Y, the default), with no VM; with =0 only while a VM runs.

# the hypervisor modules with their parameters, and EFER.SVME, as one line
mstate() {
	s=""
	for m in kvm_amd kvm; do
		[ -d /sys/module/$m ] || continue
		case $m in
		kvm) ps="enable_virt_at_load halt_poll_ns ignore_msrs" ;;
		*) ps="nested npt avic" ;;
		esac
		s="$s $m($(cat /sys/module/$m/initstate)"
		for p in $ps; do s="$s $p=$(cat /sys/module/$m/parameters/$p)"; done
		s="$s)"
	done
	s="$s svme=$(svme_cpus)"
	echo "${s# }"
}
# /run/virtcheck.params as it is ("absent" when it is not)
pfile() { if [ -e /run/virtcheck.params ]; then tr '\n' ';' </run/virtcheck.params; else echo absent; fi; }
nojournal() { [ ! -e /run/virtcheck/switch.journal ]; }
fake_vbox71() { # VirtualBox 7.1's files, as far as virtcheck looks (vboxdrv is svmclaim here)
	mkdir -p /usr/lib/virtualbox /etc/vbox
	: >/usr/lib/virtualbox/VBoxSVC
	: >/usr/lib/virtualbox/vboxdrv.sh # every vboxdrv install has it (the KVM-backend builds do not)
	printf "INSTALL_DIR='/usr/lib/virtualbox'\nINSTALL_VER='7.1.6'\n" >/etc/vbox/vbox.cfg
}
unload() { rmmod kvm_amd 2>/dev/null; rmmod kvm 2>/dev/null; }
# the state the crash tests start from: kvm_amd and kvm with parameters of their own
loaded() {
	unload
	rm -f /run/virtcheck.params
	modprobe kvm halt_poll_ns=123456 && modprobe kvm_amd nested=0
}

scenario "1: kvm_amd loaded with the default kvm.enable_virt_at_load=Y, no VM"
modprobe msr
modprobe kvm_amd
t "kvm_amd is live, /dev/kvm exists, kvm.enable_virt_at_load=Y" '[ "$(cat /sys/module/kvm_amd/initstate)" = live ] && [ -c /dev/kvm ] && [ "$(cat /sys/module/kvm/parameters/enable_virt_at_load)" = Y ]'
t "no VM: EFER.SVME set on every CPU (KVM switched SVM on when it was loaded)" '[ "$(svme_cpus)" = all ]'
report
t "no VM: verdict owner kvm (kvm_amd), rule kvm_holds_at_load, definitive" '[ "$(field hypervisor)" = kvm ] && [ "$(field backend)" = kvm_amd ] && [ "$(field rule)" = kvm_holds_at_load ] && [ "$(field confidence)" = definitive ]'
t "no VM: virtcheck read EFER.SVME itself (all set)" 'grep -q "\"efer_svme\": \"all\"" /tmp/r.json'
t "no VM: debugfs shows none (virtcheck's own smoke VM is gone before it looks)" '[ "$(debugfs_vms)" = 0 ]'

scenario "2: a foreign hypervisor (svmclaim, as vboxdrv 7.1) is refused: SVM is already on"
fake_vbox71
insmod /lib/modules/$K/extra/svmclaim.ko >/tmp/ins.out 2>&1
rc=$?
dmesg | grep 'svmclaim: ' | tail -n 1 | sed 's/^\[[^]]*\] //' >/tmp/claim.out
t "svmclaim refused (insmod fails, EBUSY): AMD-V is being used by another hypervisor" '[ $rc != 0 ] && [ ! -d /sys/module/svmclaim ] && grep -q "VERR_SVM_IN_USE" /tmp/claim.out'
report
t "virtcheck names KVM (kvm_amd) as the holder, from load" '[ "$(field hypervisor)" = kvm ] && [ "$(field backend)" = kvm_amd ] && grep -q "held by KVM (kvm_amd, loaded at boot); VirtualBox 7.1.6 VMs will fail with VERR_SVM_IN_USE" /tmp/r.json'
# the conflict's finding, from its id to the next finding
sed -n '/"id": "conflict.kvm_blocks_virtualbox"/,/"id": /p' /tmp/r.json >/tmp/conflict
t "the conflict says: from the moment it is loaded, even when no KVM VM runs" 'grep -q "\"severity\": \"error\"" /tmp/conflict && grep -q "from the moment it is loaded.*even when no KVM VM runs" /tmp/conflict'
t "6.12 remedies: modprobe -r kvm_amd kvm now, enable_virt_at_load=0 in modprobe.d to keep both, no VM to stop" 'grep -q "sudo modprobe -r kvm_amd kvm " /tmp/conflict && grep -q "options kvm enable_virt_at_load=0" /tmp/conflict && ! grep -q "Shut the KVM VMs down" /tmp/conflict'
$V explain "$(cat /tmp/claim.out)" >/tmp/ex.out 2>&1
rc=$?
t "explain of svmclaim's failure ($(cut -c1-60 /tmp/claim.out)...): exit 0, names KVM (kvm_amd)" '[ $rc = 0 ] && grep -q "VERR_SVM_IN_USE" /tmp/ex.out && grep -q "KVM (kvm_amd" /tmp/ex.out'
rm -rf /usr/lib/virtualbox /etc/vbox /tmp/*.out

scenario "3: kvm.enable_virt_at_load=0: SVM is free until a VM runs"
unload
modprobe kvm enable_virt_at_load=0 && modprobe kvm_amd
t "enable_virt_at_load=N, no VM: EFER.SVME clear on every CPU" '[ "$(cat /sys/module/kvm/parameters/enable_virt_at_load)" = N ] && [ "$(svme_cpus)" = none ]'
report
t "enable_virt_at_load=N, no VM: verdict owner none, rule svme_clear, definitive" '[ "$(field hypervisor)" = none ] && [ "$(field rule)" = svme_clear ] && [ "$(field confidence)" = definitive ]'
insmod /lib/modules/$K/extra/svmclaim.ko >/tmp/ins.out 2>&1
rc=$?
t "svmclaim claims SVM: loaded, EFER.SVME set on every CPU without any VM" '[ $rc = 0 ] && [ -d /sys/module/svmclaim ] && [ "$(svme_cpus)" = all ]'
# (Linux 6.12 fails KVM_CREATE_VM with EIO where 6.1 said EBUSY)
claimed EIO "qemu-system-x86_64: ioctl(KVM_CREATE_VM) failed: 5 Input/output error"
rmmod svmclaim
hold_vm
t "after rmmod svmclaim a KVM VM starts (a VM and a vCPU held open)" 'grep -q ready /tmp/hold.out'
t "VM running: EFER.SVME set on every CPU" '[ "$(svme_cpus)" = all ]'
report
t "VM running: verdict owner kvm (kvm_amd), rule svme_set, the holder's PID in the report" '[ "$(field hypervisor)" = kvm ] && [ "$(field rule)" = svme_set ] && grep -q "\"pid\": $hold," /tmp/r.json'
$V switch none --yes >/tmp/sw.out 2>&1
rc=$?
t "switch none refused while the VM runs (exit 1), naming it; nothing changed" '[ $rc = 1 ] && grep -q "pid $hold (holdvm)" /tmp/sw.out && [ -d /sys/module/kvm_amd ] && [ -c /dev/kvm ] && nojournal'
kill $hold
wait $hold 2>/dev/null
t "VM gone: EFER.SVME clear again on every CPU" '[ "$(svme_cpus)" = none ]'
rm -f /tmp/*.out

scenario "4: switch none, then kvm, keeps the modules' parameters"
rmmod kvm_amd && modprobe kvm_amd nested=0
before=$(mstate)
$V switch none --yes >/tmp/sw.out 2>&1
rc=$?
t "switch none: exit 0, kvm_amd and kvm gone, /dev/kvm too, EFER.SVME clear" '[ $rc = 0 ] && [ ! -d /sys/module/kvm_amd ] && [ ! -d /sys/module/kvm ] && [ ! -e /dev/kvm ] && [ "$(svme_cpus)" = none ]'
t "switch none: kvm's enable_virt_at_load=N and kvm_amd's nested=0 remembered" 'grep -q "^kvm .*enable_virt_at_load=N" /run/virtcheck.params && grep -q "^kvm_amd nested=0" /run/virtcheck.params'
$V switch kvm --yes >/tmp/sw.out 2>&1
rc=$?
after=$(mstate)
t "switch kvm: exit 0, both back with their parameters ($after)" '[ $rc = 0 ] && [ -c /dev/kvm ] && [ "$after" = "$before" ]'
rm -f /tmp/*.out

# One crash test: DIRECTION STEP SETUP WANT. SETUP makes the state before; the test build is
# killed with SIGKILL right after STEP; `switch --recover` (the installed binary) must give back
# WANT: "before" (the state SETUP made, parameters file included) or "after" (the complete
# switch, when it was killed after its commit).
crash() {
	$3
	b=$(mstate) bp=$(pfile) want=${5:-}
	VC_TEST_KILL_AT=$2 $H switch "$1" --yes >/tmp/k.out 2>&1
	krc=$?
	[ -e /run/virtcheck/switch.journal ] && j=1 || j=0
	$V switch --recover >/tmp/rec.out 2>&1
	rrc=$?
	a=$(mstate) ap=$(pfile)
	if [ "$4" = before ]; then
		t "switch $1 killed (SIGKILL) after $2, journal left; switch --recover: recovered exactly [$b], parameters file too" \
			'[ $krc = 137 ] && [ $j = 1 ] && [ $rrc = 0 ] && [ "$a" = "$b" ] && [ "$ap" = "$bp" ] && nojournal'
	else
		t "switch $1 killed (SIGKILL) after $2, journal left; switch --recover: recovered: the complete switch stands [$a]" \
			'[ $krc = 137 ] && [ $j = 1 ] && [ $rrc = 0 ] && grep -q "was complete" /tmp/rec.out && [ "$a" = "$want" ] && nojournal'
	fi
}
unloaded() { loaded && $V switch none --yes >/dev/null 2>&1; }

scenario "5: switch none killed at every step, then switch --recover"
for at in journal remove:1 remove:2 files; do crash none $at loaded before; done
crash none commit loaded after "svme=none"
scenario "6: switch kvm killed at every step, then switch --recover"
for at in journal insert:1 insert:2 files; do crash kvm $at unloaded before; done
crash kvm commit unloaded after "kvm_amd(live nested=0 npt=Y avic=N) kvm(live enable_virt_at_load=Y halt_poll_ns=123456 ignore_msrs=N) svme=all"

scenario "7: SIGTERM in the middle of a switch: complete or rolled back, never between"
# held at each step: the switch ends rolled back, or complete when it came after the commit
term() { # DIRECTION STEP SETUP WANT-EXIT
	$3
	b=$(mstate) bp=$(pfile)
	VC_TEST_KILL_SIG=TERM VC_TEST_KILL_AT=$2 $H switch "$1" --yes >/tmp/k.out 2>&1
	krc=$?
	a=$(mstate) ap=$(pfile)
	if [ "$4" = 2 ]; then
		t "switch $1 sent SIGTERM after $2: rolled back (exit 2), exactly [$b] again" \
			'[ $krc = 2 ] && grep -q "previous state restored and verified" /tmp/k.out && [ "$a" = "$b" ] && [ "$ap" = "$bp" ] && nojournal'
	else
		t "switch $1 sent SIGTERM after $2 (its commit): completed (exit 0) [$a]" \
			'[ $krc = 0 ] && [ "$a" != "$b" ] && nojournal'
	fi
}
for at in journal remove:1 remove:2 files; do term none $at loaded 2; done
term none commit loaded 0
for at in insert:1 insert:2; do term kvm $at unloaded 2; done
# and from outside, at moments nobody chose: the installed binary
for d in 0.2 0.6 1.2; do
	loaded
	b=$(mstate)
	$V switch none --yes >/tmp/k.out 2>&1 &
	p=$!
	sleep $d
	kill -TERM $p 2>/dev/null
	wait $p
	krc=$?
	a=$(mstate)
	# (exit 143: SIGTERM came before the signals were held, or after the switch was over)
	case $a in
	"svme=none") how="completed (exit $krc)" ;;
	"$b") how="rolled back or never begun (exit $krc)" ;;
	*) how="left between: [$a]" ;;
	esac
	t "switch none, SIGTERM from outside after ${d} s: $how, never between" \
		'nojournal && { { [ "$a" = "svme=none" ] && [ $((krc % 143)) = 0 ]; } || { [ "$a" = "$b" ] && { [ $krc = 2 ] || [ $krc = 143 ]; }; }; }'
done
rm -f /tmp/*.out
