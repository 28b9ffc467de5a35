# Sourced by guest.sh on Linux 6.1: KVM takes AMD-V only while a VM exists.
scenario "1: kvm_amd loaded, no VM"
modprobe msr
modprobe kvm_amd nested=1
t "kvm_amd is live and /dev/kvm exists" '[ "$(cat /sys/module/kvm_amd/initstate)" = live ] && [ -c /dev/kvm ]'
report
t "no VM: EFER.SVME clear on both CPUs (Linux 6.1 enables SVM only while a VM exists)" '[ "$(svme 0)$(svme 1)" = 00 ]'
t "no VM: verdict owner none, rule svme_clear, definitive" '[ "$(field hypervisor)" = none ] && [ "$(field rule)" = svme_clear ] && [ "$(field confidence)" = definitive ]'
t "no VM: virtcheck read EFER.SVME itself (none set)" 'grep -q "\"efer_svme\": \"none\"" /tmp/r.json'
t "no VM: debugfs shows none (virtcheck's own smoke VM is gone before it looks)" '[ "$(debugfs_vms)" = 0 ]'

scenario "2: a VM held open"
hold_vm
t "a VM and a vCPU are held open" 'grep -q ready /tmp/hold.out'
t "VM running: EFER.SVME set on both CPUs" '[ "$(svme 0)$(svme 1)" = 11 ]'
report
t "VM running: verdict owner kvm, rule svme_set, definitive" '[ "$(field hypervisor)" = kvm ] && [ "$(field rule)" = svme_set ] && [ "$(field confidence)" = definitive ]'
t "VM running: the holder's PID is in the report" 'grep -q "\"pid\": $hold," /tmp/r.json'
$V switch none --yes >/tmp/sw1.out 2>&1
rc=$?
t "switch none refused while the VM runs (exit 1), naming it" '[ $rc = 1 ] && grep -q "pid $hold (holdvm)" /tmp/sw1.out'
t "the refused switch changed nothing" '[ -d /sys/module/kvm_amd ] && [ -c /dev/kvm ]'
kill $hold
wait $hold 2>/dev/null
t "VM gone: EFER.SVME clear again" '[ "$(svme 0)$(svme 1)" = 00 ]'

scenario "3: switch none, then back to kvm"
$V switch none --yes >/tmp/sw2.out 2>&1
rc=$?
t "switch none: exit 0" '[ $rc = 0 ]'
t "switch none: kvm_amd and kvm are gone, /dev/kvm too" '[ ! -d /sys/module/kvm_amd ] && [ ! -d /sys/module/kvm ] && [ ! -e /dev/kvm ]'
t "switch none: EFER.SVME clear" '[ "$(svme 0)$(svme 1)" = 00 ]'
t "switch none: kvm_amd's parameters remembered" 'grep -q "^kvm_amd nested=1" /run/virtcheck.params'
$V switch kvm --yes >/tmp/sw3.out 2>&1
rc=$?
t "switch kvm: exit 0, /dev/kvm back" '[ $rc = 0 ] && [ -c /dev/kvm ]'
t "switch kvm: nested=1 restored" '[ "$(cat /sys/module/kvm_amd/parameters/nested)" = 1 ]'
rm -f /tmp/sw*.out

scenario "4: a foreign hypervisor (svmclaim) holds SVM"
insmod /lib/modules/$(uname -r)/extra/svmclaim.ko
t "svmclaim loaded: EFER.SVME set on both CPUs without any VM" '[ "$(svme 0)$(svme 1)" = 11 ]'
claimed EBUSY "KVM_CREATE_VM failed: 16"
$V switch kvm --yes >/tmp/sw4.out 2>&1
rc=$?
t "switch kvm refused (exit 1), suspects named, nothing changed" '[ $rc = 1 ] && grep -q svmclaim /tmp/sw4.out && [ -d /sys/module/kvm_amd ] && [ -d /sys/module/svmclaim ]'
rmmod svmclaim
report
t "svmclaim gone: EFER.SVME clear, KVM_CREATE_VM works again" '[ "$(svme 0)$(svme 1)" = 00 ] && grep -q "\"create_vm\": \"ok\"" /tmp/r.json'
rm -f /tmp/*.out

scenario "5: a failed switch rolls back for real"
$V switch none --yes >/dev/null 2>&1
modprobe kvm_amd nested=0
mkdir -p /usr/lib/virtualbox /etc/vbox
: >/usr/lib/virtualbox/VBoxSVC
printf "INSTALL_DIR='/usr/lib/virtualbox'\nINSTALL_VER='7.1.6'\n" >/etc/vbox/vbox.cfg
$V switch virtualbox --yes >/tmp/sw5.out 2>&1
rc=$?
t "switch virtualbox with no vboxdrv.ko: exit 2, rolled back and verified" '[ $rc = 2 ] && grep -q "load vboxdrv: No such file or directory" /tmp/sw5.out && grep -q "previous state restored and verified" /tmp/sw5.out'
t "after the rollback: kvm_amd live with nested=0, /dev/kvm there" '[ "$(cat /sys/module/kvm_amd/parameters/nested)" = 0 ] && [ -c /dev/kvm ]'
report
t "after the rollback: KVM works" 'grep -q "\"usable\": true" /tmp/r.json'

scenario "6: virtcheck bench on SVM (kvm_amd; TCG emulates the CPU, so the times are TCG's)"
$V bench --quick --vcpus 2 --format json --output /tmp/bench.json >/tmp/bench.out 2>&1
rc=$?
$V bench --from /tmp/bench.json >/tmp/bench.txt 2>&1
sed -n 's/^/# bench: /p' /tmp/bench.txt | grep -v '^# bench: *$' | grep -v 'Targets:\|  met \|  missed ' 
# one benchmark's object (from its name to the next one), for its fields
bobj() { sed -n "/^      \"name\": \"$1\",/,/^      \"seconds\"/p" /tmp/bench.json; }
num() { bobj "$1" | grep -m1 "\"$2\":" | sed 's/.*: //; s/,$//'; }
t "bench on kvm_amd: exit 0, the default suite (21 benchmarks), every one measured" '[ $rc = 0 ] && [ "$(grep -c "^      \"status\": \"ok\"," /tmp/bench.json)" = 21 ]'
t "bench on kvm_amd: the host facts name the backend" 'grep -q "\"kvm_backend\": \"kvm_amd\"" /tmp/bench.json'
t "bench on kvm_amd: CPUID exits to KVM (intercepted on SVM), and the note says so" 'bobj exit.cpuid | grep -q "CPUID exits to KVM and is handled in the kernel"'
# (kvm_pvm emulates the whole CPL0 loop: 3 instructions per HLT; SVM at most the skip past the
# HLT, which KVM emulates where the CPU has no next-RIP save, as TCG's SVM does not)
t "bench on kvm_amd: HLT at CPL0: one halt exit per HLT, its loop not emulated (<= 1 instruction per HLT)" '[ "$(num exit.hlt halt_exits)" = "$(num exit.hlt guest_ops)" ] && [ "$(num exit.hlt insn_emulation)" -le "$(num exit.hlt guest_ops)" ]'
t "bench on kvm_amd: port I/O: at least one io_exit per OUT" '[ "$(num exit.pio io_exits)" -ge "$(num exit.pio guest_ops)" ]'
t "bench on kvm_amd: every doorbell reached the eventfd without a userspace exit" 'bobj exit.ioeventfd | grep -q "none exited to userspace"'
t "bench on kvm_amd: cpu.smp ran 2 vCPUs against 2 native threads" 'bobj cpu.smp | grep -q "2 vCPUs against 2 native threads"'

