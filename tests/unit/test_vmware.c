/* VMware's drivers and VirtualBox's two ways onto KVM, through the whole pipeline: a real fixture
 * host changed in one fact (hand-made variants, not real hosts). */
#include "testutil.h"

#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/host/host-internal.h"
#include "lib/verdict/run.h"
#include "probes/probes.h"
#include "sysroot.h"

static char dir[] = "/tmp/vc-test-vmware-XXXXXX";

/* Test scaffolding only (the product never runs a shell): a command on the copy in dir. */
static void sh(const char *fmt, ...) _printf_(1, 2);
static void sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

/* ---- VMware ---- */

/* Secure Boot off, no lockdown: the built vmmon is simply not loaded; VMware's service loads it */
static void test_vmmon_not_loaded(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-vmware-sb-fedora41-vmmon-unsigned");
	sh("rm -f '%s'/sys/firmware/efi/efivars/SecureBoot-* '%s'/sys/kernel/security/lockdown", dir, dir);
	ctx = sysroot_report(dir);
	must_find(ctx, VC_FID_VMWARE_DRIVER_NOT_LOADED, "sudo systemctl start vmware");
	assert_null(vc_find(ctx, VC_FID_VMWARE_UNSIGNED_DRIVER));
	sysroot_free(ctx);
}

/* a kernel update: no vmmon.ko for the running kernel */
static void test_vmmon_not_built(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "r-vmware-sb-fedora41-vmmon-unsigned");
	sh("rm -f '%s'/lib/modules/*/misc/vmmon.ko", dir);
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VMWARE_DRIVER_NOT_BUILT, "vmware-modconfig --console --install-all");
	assert_null(vc_find(ctx, VC_FID_VMWARE_UNSIGNED_DRIVER));
	/* Secure Boot is on: what the build installs is unsigned, so signing it comes after */
	assert_true(remedy_says(f, "After the build: Sign vmmon and vmnet with"));
	assert_true(remedy_says(f, "/lib/modules/6.11.8-300.fc41.x86_64/misc/vmmon.ko"));
	sysroot_free(ctx);
	sh("rm -f '%s'/sys/firmware/efi/efivars/SecureBoot-* '%s'/sys/kernel/security/lockdown", dir, dir);
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VMWARE_DRIVER_NOT_BUILT, "vmware-modconfig --console --install-all");
	assert_false(remedy_says(f, "sign-file"));
	sysroot_free(ctx);
}

/* a signed vmmon whose key is not enrolled: the kernel log says it refused it */
static void test_vmmon_key_rejected(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "r-vmware-sb-fedora41-vmmon-unsigned");
	put_file(dir, "lib/modules/6.11.8-300.fc41.x86_64/misc/vmmon.ko",
		 "\177ELF~Module signature appended~\n");
	put_file(dir, "virtcheck/kmsg.txt", "5 Loading of module with unavailable key is rejected\n");
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.vmware.vmmon_signed, VC_TRI_TRUE);
	f = must_find(ctx, VC_FID_VMWARE_UNSIGNED_DRIVER, "mokutil --import");
	assert_non_null(strstr(f->message, "signed with a key the kernel does not trust"));
	sysroot_free(ctx);
}

/* modules installed compressed (vmmon.ko.xz, as distributions' modules_install leaves them):
 * sign-file cannot sign them as they are; the remedy decompresses, signs and compresses again */
static void test_vmmon_compressed_signing(void **state)
{
	static const char *const cases[][3] = {
		{ ".xz", "sudo xz -d -f ", "sudo xz -f --check=crc32 --lzma2=dict=2MiB" },
		{ ".zst", "sudo zstd -d -q --rm -f ", "sudo zstd -q --rm -f" },
		{ ".gz", "sudo gzip -d -f ", "sudo gzip -n -f" },
	};
	const char *misc = "/lib/modules/6.11.8-300.fc41.x86_64/misc";

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vc_ctx *ctx;
		const struct vc_finding *f;
		char want[512];

		sysroot_copy(dir, "r-vmware-sb-fedora41-vmmon-unsigned");
		sh("cd '%s%s' && mv vmmon.ko vmmon.ko%s && mv vmnet.ko vmnet.ko%s", dir, misc, cases[i][0],
		   cases[i][0]);
		ctx = sysroot_report(dir);
		f = must_find(ctx, VC_FID_VMWARE_UNSIGNED_DRIVER, "sign-file");
		for (const char *mod = "vmmon"; mod; mod = strcmp(mod, "vmmon") ? NULL : "vmnet") {
			snprintf(want, sizeof(want), "%s%s/%s.ko%s && ", cases[i][1], misc, mod, cases[i][0]);
			assert_non_null(strstr(f->remedies.v[0].steps, want));
			snprintf(want, sizeof(want),
				 "private_key.priv /etc/pki/akmods/certs/public_key.der %s/%s.ko && %s "
				 "%s/%s.ko",
				 misc, mod, cases[i][2], misc, mod);
			if (!strstr(f->remedies.v[0].steps, want))
				fail_msg("%s: want \"%s\" in: %s", cases[i][0], want, f->remedies.v[0].steps);
		}
		/* sign-file is never given the compressed file */
		snprintf(want, sizeof(want), "public_key.der %s/vmmon.ko%s", misc, cases[i][0]);
		assert_null(strstr(f->remedies.v[0].steps, want));
		sysroot_free(ctx);
	}
}

/* KVM blocks VirtualBox on NixOS: one option builds VirtualBox on KVM itself, a way out that keeps
 * both (the last remedy); elsewhere no NixOS option is offered */
static void test_nixos_kvm_backend_way_out(void **state)
{
	const struct vc_finding *f;
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-nixos-vbox-kvm612-intel");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_CONFLICT_KVM_BLOCKS_VIRTUALBOX, "enableKvm = true;");
	assert_non_null(strstr(f->remedies.v[f->remedies.n - 1].steps, "addNetworkInterface = false;"));
	assert_non_null(strstr(f->remedies.v[f->remedies.n - 1].steps, "virtualbox-host.nix"));
	sysroot_free(ctx);
	sysroot_copy(dir, "intel-kvm612-vbox71");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_CONFLICT_KVM_BLOCKS_VIRTUALBOX, NULL);
	assert_false(remedy_says(f, "enableKvm"));
	sysroot_free(ctx);
}

/* the loaded module's version attribute (patched builds) is checked too */
static void test_vmmon_loaded_version(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-vmware-vmmon-416-vs-417");
	put_file(dir, "usr/lib/vmware/modules/source/vmmon.tar", "#define VMMON_VERSION (417 << 16 | 0)\n");
	ctx = sysroot_report(dir);
	assert_null(vc_find(ctx, VC_FID_VMWARE_DRIVER_MISMATCH));
	sysroot_free(ctx);
	put_file(dir, "sys/module/vmmon/version", "416\n");
	ctx = sysroot_report(dir);
	must_find(ctx, VC_FID_VMWARE_DRIVER_MISMATCH, "vmware-modconfig --console --install-all");
	sysroot_free(ctx);
}

/* ---- VirtualBox and KVM ---- */

/* vboxdrv 7.2.10+'s dummy VM: debugfs names it after the VirtualBox thread that created it
 * (kvm/<tid>-<fd>) and no process holds its fd. It is VirtualBox's, never a KVM VM. */
static void test_dummy_vm_of_a_thread(void **state)
{
	struct vc_ctx *ctx;
	(void)state;
	sysroot_copy(dir, "intel-vbox72-vm-in-kernel");
	sh("mv '%s'/sys/kernel/debug/kvm/4242-17 '%s'/sys/kernel/debug/kvm/4250-17", dir, dir);
	/* without the thread's /proc entry the owner is unknown: a VM of its own */
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.processes.vms.kvm, 1);
	sysroot_free(ctx);
	sh("mkdir -p '%s'/proc/4242/task/4250", dir);
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.processes.vms.kvm, 0);
	for (size_t i = 0; i < ctx->facts.processes.procs.n; i++) {
		const struct vc_proc_facts *p = &ctx->facts.processes.procs.v[i];

		assert_int_not_equal(p->hypervisor, VC_HV_KVM);
		if (p->pid == 4242)
			assert_true(p->vm_without_fd);
	}
	/* vboxdrv is loaded: the sharing path, not the KVM backend */
	assert_int_equal(ctx->facts.virtualbox.kvm_backend, VC_TRI_FALSE);
	assert_null(vc_find(ctx, VC_FID_VIRTUALBOX_NEM_BACKEND));
	sysroot_free(ctx);
}

/* A KVM-backend build ran a VM: its log says "NEM: KVM capabilities"; no vboxdrv is needed */
static void test_nem_from_the_log(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-vbox-build-fail-kernel71-vbox728");
	sh("mkdir -p '%s/home/tnzfr/VirtualBox VMs/w11/Logs'", dir);
	put_file(dir, "home/tnzfr/VirtualBox VMs/w11/Logs/VBox.log",
		 "00:00:00.512 NEM: KVM capabilities (system):\n");
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.virtualbox.kvm_backend, VC_TRI_TRUE);
	assert_non_null(ctx->facts.virtualbox.kvm_backend_by);
	must_find(ctx, VC_FID_VIRTUALBOX_NEM_BACKEND, NULL);
	assert_null(vc_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_BUILT));
	sysroot_free(ctx);
}

/* A KVM-backend build running: a VirtualBox VM process with KVM VM fds and no vboxdrv */
static void test_nem_process(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-vbox-build-fail-kernel71-vbox728");
	put_file(dir, "virtcheck/fds.txt",
		 "unreadable 0\n4242 VirtualBoxVM -\n4242 VirtualBoxVM anon_inode:kvm-vm\n"
		 "4242 VirtualBoxVM /dev/kvm\n");
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.virtualbox.kvm_backend, VC_TRI_TRUE);
	must_find(ctx, VC_FID_VIRTUALBOX_NEM_BACKEND, NULL);
	sysroot_free(ctx);
}

/* A capture's records of one process need not be consecutive (the probe's index is sized by runs
 * of one pid, and a run skips the index): each process once, in the order first seen, its counts
 * summed over its runs; 2,000 other processes around them. */
static void test_processes_runs(void **state)
{
	struct vc_ctx *ctx;
	char *fds = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&fds, &len);
	const struct vc_proc_facts *p;

	(void)state;
	assert_non_null(f);
	fputs("unreadable 0\n10 qemu-system-x86 anon_inode:kvm-vm\n11 bash /dev/null\n"
	      "10 qemu-system-x86 anon_inode:kvm-vcpu:0\n",
	      f);
	for (int pid = 100; pid < 2100; pid++)
		fprintf(f, "%d sleep pipe:[%d]\n%d sleep /dev/null\n", pid, pid, pid);
	fputs("12 VBoxSVC /dev/vboxdrvu\n10 qemu-system-x86 anon_inode:kvm-vcpu:1\n"
	      "12 VBoxSVC /dev/null\n13 VBoxHeadless -\n",
	      f);
	assert_int_equal(fclose(f), 0);
	sysroot_copy(dir, "r-vbox-build-fail-kernel71-vbox728");
	put_file(dir, "virtcheck/fds.txt", fds);
	free(fds);
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.processes.procs.n, 3);
	p = &ctx->facts.processes.procs.v[0];
	assert_int_equal(p->pid, 10);
	assert_string_equal(p->comm, "qemu-system-x86");
	assert_int_equal(p->hypervisor, VC_HV_KVM);
	assert_int_equal(p->vms, 1);
	assert_int_equal(p->vcpus, 2);
	p = &ctx->facts.processes.procs.v[1];
	assert_int_equal(p->pid, 12);
	assert_int_equal(p->hypervisor, VC_HV_VIRTUALBOX);
	assert_int_equal(p->device_open, 1);
	assert_int_equal(ctx->facts.processes.procs.v[2].pid, 13);
	assert_int_equal(ctx->facts.processes.vms.kvm, 1);
	assert_int_equal(ctx->facts.processes.vms.virtualbox, 1);
	sysroot_free(ctx);
}

/* An installation without vboxdrv.ko and without the driver's sources: the KVM backend's build */
static void test_nem_without_driver(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-vbox-build-fail-kernel71-vbox728");
	sh("rm -f '%s'/usr/lib/virtualbox/vboxdrv.sh '%s'/var/log/vbox-setup.log", dir, dir);
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.virtualbox.kvm_backend, VC_TRI_TRUE);
	sysroot_free(ctx);
}

/* ---- VirtualBox's driver under Secure Boot (issue 15) ---- */

/* a vboxdrv.ko for the fixture's kernel (6.1.0-27-amd64) where DKMS puts it: signed or not */
static void vboxdrv_ko(const char *suffix, bool sign)
{
	sh("mkdir -p '%s'/lib/modules/6.1.0-27-amd64/updates/dkms && printf 'ELF...%s' > "
	   "'%s'/lib/modules/6.1.0-27-amd64/updates/dkms/vboxdrv%s",
	   dir, sign ? "~Module signature appended~\\n" : "", dir, suffix);
}

/* Secure Boot on and a DKMS-signed vboxdrv that is merely not loaded: not "unsigned"; refused only
 * when the kernel log rejects its key; a compressed module cannot tell, Secure Boot decides. */
static void test_vbox_signed_not_loaded(void **state)
{
	const struct vc_finding *f;
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "secureboot-unsigned-vboxdrv");
	put_file(dir, "virtcheck/kmsg.txt", "6 usb 1-1: new high-speed USB device\n");
	sh("mkdir -p '%s'/usr/lib/systemd/system && touch '%s'/usr/lib/systemd/system/vboxdrv.service", dir,
	   dir);
	vboxdrv_ko(".ko", true);
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.virtualbox.driver_signed, VC_TRI_TRUE);
	f = must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED, "sudo systemctl restart vboxdrv");
	assert_non_null(strstr(f->message, "signed"));
	must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED, "mokutil --import /var/lib/dkms/mok.pub");
	assert_null(vc_find(ctx, VC_FID_VIRTUALBOX_UNSIGNED_DRIVER));
	sysroot_free(ctx);
	/* its key is not enrolled: the kernel says so */
	put_file(dir, "virtcheck/kmsg.txt", "5 Loading of module with unavailable key is rejected\n");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VIRTUALBOX_UNSIGNED_DRIVER, "mokutil --import /var/lib/dkms/mok.pub");
	assert_non_null(strstr(f->message, "not enrolled"));
	assert_null(vc_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED));
	sysroot_free(ctx);
	/* unsigned: refused */
	put_file(dir, "virtcheck/kmsg.txt", "6 usb 1-1: new high-speed USB device\n");
	vboxdrv_ko(".ko", false);
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.virtualbox.driver_signed, VC_TRI_FALSE);
	must_find(ctx, VC_FID_VIRTUALBOX_UNSIGNED_DRIVER, NULL);
	sysroot_free(ctx);
	/* compressed: cannot tell, and says so */
	sh("rm -f '%s'/lib/modules/6.1.0-27-amd64/updates/dkms/vboxdrv.ko", dir);
	vboxdrv_ko(".ko.zst", true);
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.virtualbox.driver_signed, VC_TRI_NULL);
	f = must_find(ctx, VC_FID_VIRTUALBOX_UNSIGNED_DRIVER, NULL);
	assert_non_null(strstr(f->message, "cannot be told"));
	sysroot_free(ctx);
}

/* NixOS: enableKvm without the wrappers (enableHardening = false) is the KVM backend, told from a
 * vboxdrv install by what the host module writes to /etc */
static void test_nixos_enable_kvm(void **state)
{
	static const char usb_rules[] =
		"SUBSYSTEM==\"usb_device\", ACTION==\"add\", RUN+=\"/nix/store/x-virtualbox/libexec/"
		"virtualbox/VBoxCreateUSBNode.sh $major $minor $attr{bDeviceClass}\"\n";
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-nixos-vbox-kvm612-intel");
	sh("rm -rf '%s'/run/wrappers '%s'/sys/module/vboxdrv '%s'/sys/module/vboxnet* && sed -i '/^vbox/d' "
	   "'%s'/proc/modules && mkdir -p '%s'/etc/modules-load.d '%s'/etc/udev/rules.d",
	   dir, dir, dir, dir, dir, dir);
	put_file(dir, "etc/modules-load.d/nixos.conf", "loop\natkbd\nkvm-intel\n");
	put_file(dir, "etc/udev/rules.d/99-local.rules", usb_rules);
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.virtualbox.kvm_backend, VC_TRI_TRUE);
	assert_non_null(strstr(ctx->facts.virtualbox.kvm_backend_by, "enableKvm"));
	assert_null(vc_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED));
	sysroot_free(ctx);
	/* without enableKvm the host module loads vboxdrv at boot: a vboxdrv install, not loaded now */
	put_file(dir, "etc/modules-load.d/nixos.conf", "loop\natkbd\nvboxdrv\nvboxnetadp\nvboxnetflt\n");
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.virtualbox.kvm_backend, VC_TRI_FALSE);
	must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED, "sudo modprobe vboxdrv");
	sysroot_free(ctx);
}

/* FRED: the cpuinfo flag proves it; without it fred=off says off and fred=on (cpuinfo without the
 * flag) is a request the kernel did not honour; fred=off is the remedy, on this host's boot loader */
static void test_fred(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-vmware-arch-7.2-fred-panic");
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.cpuid.fred, VC_TRI_TRUE);
	must_find(ctx, VC_FID_VMWARE_FRED_PANICS_HOST, "fred=off");
	sysroot_free(ctx);
	sh("sed -i 's/ fred$//' '%s'/proc/cpuinfo", dir);
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.cpuid.fred, VC_TRI_NULL);
	assert_null(vc_find(ctx, VC_FID_VMWARE_FRED_PANICS_HOST));
	sysroot_free(ctx);
	put_file(dir, "proc/cmdline", "root=/dev/sda1 fred=on quiet fred=off\n");
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.cpuid.fred, VC_TRI_FALSE);
	sysroot_free(ctx);
	put_file(dir, "proc/cmdline", "root=/dev/sda1 fred=on\n");
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.cpuid.fred, VC_TRI_NULL);
	sysroot_free(ctx);
	sh("rm -f '%s'/proc/cpuinfo", dir);
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.cpuid.fred, VC_TRI_TRUE);
	must_find(ctx, VC_FID_VMWARE_FRED_PANICS_HOST, "fred=off");
	sysroot_free(ctx);
}

static int teardown(void **state)
{
	(void)state;
	sysroot_remove(dir);
	return 0;
}

/* vboxconfig cannot build vboxdrv without the running kernel's headers: the package that brings
 * them is the headers_ knowledge row of the distribution, before vboxconfig; with the headers
 * installed the finding does not blame them */
static void test_vbox_headers_missing(void **state)
{
	static const struct {
		const char *os_release, *says;
	} distros[] = {
		{ "ID=ubuntu\nID_LIKE=debian\n", "sudo apt install linux-headers-6.13.6-surface-1 && " },
		{ "ID=fedora\n", "sudo dnf install kernel-devel-6.13.6-surface-1 && " },
		{ "ID=arch\n", "sudo pacman -S linux-headers && " },
		{ "ID=gentoo\n", "install your distribution's header package for Linux 6.13.6-surface-1" },
	};
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(distros); i++) {
		sysroot_copy(dir, "r-vbox-ubuntu-surface-6.13-no-headers");
		put_file(dir, "etc/os-release", distros[i].os_release);
		ctx = sysroot_report(dir);
		f = must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED, distros[i].says);
		assert_non_null(strstr(f->message, "whose headers are not installed"));
		assert_true(remedy_says(f, "sudo /sbin/vboxconfig"));
		sysroot_free(ctx);
	}
	/* the headers there: vboxconfig alone */
	sysroot_copy(dir, "r-vbox-ubuntu-surface-6.13-no-headers");
	sh("mkdir -p '%s'/usr/src/linux-headers-6.13.6-surface-1", dir);
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED, "sudo /sbin/vboxconfig");
	assert_null(strstr(f->message, "headers"));
	assert_false(remedy_says(f, "linux-headers"));
	sysroot_free(ctx);
}

/* Secure Boot refused the vboxdrv vboxconfig built: the key vboxdrv.sh signs with
 * (/var/lib/shim-signed/mok) enrolled by Ubuntu's update-secureboot-policy only where the tool is
 * Ubuntu's (Debian's of the same name cannot: VirtualBox/virtualbox#472), else by mokutil; without
 * the key, vboxdrv.sh's own steps to make it, never a key vboxconfig would not sign with */
static void test_vbox_sb_key_by_tool(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "r-vbox70-debian12-sb-mok-not-enrolled");
	put_file(dir, "usr/sbin/update-secureboot-policy",
		 "#!/bin/sh\n# --new-key: make a MOK; --enroll-key: enrol it\n");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VIRTUALBOX_UNSIGNED_DRIVER, "sudo update-secureboot-policy --enroll-key");
	assert_false(remedy_says(f, "openssl req"));
	sysroot_free(ctx);
	put_file(dir, "usr/sbin/update-secureboot-policy", "#!/bin/sh\n# Debian's: validation on or off\n");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VIRTUALBOX_UNSIGNED_DRIVER,
		      "sudo mokutil --import /var/lib/shim-signed/mok/MOK.der");
	assert_false(remedy_says(f, "update-secureboot-policy"));
	sysroot_free(ctx);
	sh("rm -rf '%s'/var/lib/shim-signed", dir);
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VIRTUALBOX_UNSIGNED_DRIVER,
		      "-keyout /var/lib/shim-signed/mok/MOK.priv -out /var/lib/shim-signed/mok/MOK.der");
	assert_true(remedy_says(f, "sudo /sbin/vboxconfig"));
	sysroot_free(ctx);
	/* RPM Fusion's akmod-VirtualBox: akmods signs with its own key, which kmodgenca
	 * makes; enrolled, `akmods --force` rebuilds vboxdrv signed (never vboxdrv.sh's pair) */
	sh("rm -f '%s'/usr/sbin/vboxconfig && mkdir -p '%s'/usr/src/akmods '%s'/etc/pki/akmods/certs", dir,
	   dir, dir);
	put_file(dir, "usr/src/akmods/VirtualBox-kmod-7.0.20-1.fc41.src.rpm", "");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VIRTUALBOX_UNSIGNED_DRIVER,
		      "sudo kmodgenca -a && sudo mokutil --import /etc/pki/akmods/certs/public_key.der");
	assert_true(remedy_says(f, "`sudo akmods --force` (rebuilds vboxdrv, signed), then: "));
	assert_false(remedy_says(f, "shim-signed"));
	sysroot_free(ctx);
	put_file(dir, "etc/pki/akmods/certs/public_key.der", "0");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VIRTUALBOX_UNSIGNED_DRIVER,
		      "sudo mokutil --import /etc/pki/akmods/certs/public_key.der   (the key akmods");
	assert_false(remedy_says(f, "kmodgenca"));
	sysroot_free(ctx);
}

/* ---- vmware-modconfig's logs, read live ---- */

/* a log of vmware-modconfig (the lines of linuxdeepin/developer-center#461, at time T, for kernel K),
 * with MORE before its last line */
static void put_log(const char *name, const char *t, const char *k, const char *more)
{
	char path[512], text[8192];

	snprintf(path, sizeof(path), "logs/vmware-root/%s", name);
	snprintf(text, sizeof(text),
		 "%s| vthread-1| I125: Log for VMware Workstation pid=670 version=14.0.0 build=build-6661328 "
		 "option=Release\n"
		 "%s| vthread-1| I125: Host is Linux %s Deepin 15.5\n%s"
		 "%s| vthread-1| W115: Failed to build vmmon.  Failed to execute the build command.\n",
		 t, t, k, more, t);
	put_file(dir, path, text);
}

/* A live host whose running kernel is 4.14.0-deepin2-amd64, that read the logs in dir/logs/D as
 * the user uid's. */
static struct vc_ctx *live_logs(const char *d, unsigned uid)
{
	struct vc_host *h;
	struct vc_ctx *ctx;
	char path[512];
	const char *dirs[] = { path };

	snprintf(path, sizeof(path), "%s/logs/%s", dir, d);
	assert_int_equal(vc_host_new_live_flags(VC_HOST_PASSIVE, &h), 0);
	ctx = vc_ctx_new(h);
	ctx->facts.kernel = xstrdup("4.14.0-deepin2-amd64");
	vc_vmware_build_logs(ctx, dirs, &uid, 1);
	return ctx;
}

/* Whether an evidence line says text. */
static bool evidence_says(const struct vc_ctx *ctx, const char *text)
{
	for (size_t i = 0; i < ctx->trail.n; i++)
		for (size_t k = 0; k < ctx->trail.v[i].lines.n; k++)
			if (strstr(ctx->trail.v[i].lines.v[k], text))
				return true;
	return false;
}

static void fresh_logs(void)
{
	sh("rm -rf '%s'/logs && mkdir -p '%s'/logs/vmware-root && chmod 700 '%s'/logs/vmware-root", dir, dir,
	   dir);
}

/* The newest log decides, by its time stamps in UTC (not its name, not its local time); other
 * files of the directory are not its logs. */
static void test_modconfig_log_newest(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	fresh_logs();
	/* 09:49 UTC: the headers of the running kernel missing */
	put_log("vmware-200.log", "2018-01-26T15:19:14.937+05:30", "4.14.0-deepin2-amd64",
		"2018-01-26T15:19:15.471+05:30| vthread-1| I125: Failed to find "
		"/lib/modules/4.14.0-deepin2-amd64/build/include\n");
	/* 10:00 UTC, earlier by its local time and its name: the build failed, headers found */
	put_log("vmware-1000.log", "2018-01-26T10:00:00.000Z", "4.14.0-deepin2-amd64", "");
	/* a log of another VMware program, later: its first lines alike, nothing built */
	put_file(dir, "logs/vmware-root/vmware-2000.log",
		 "2018-01-26T10:30:00.000Z| vthread-1| I125: Log for VMware Workstation pid=2000 "
		 "version=14.0.0 build=build-6661328 option=Release\n"
		 "2018-01-26T10:30:00.000Z| vthread-1| I125: Host is Linux 4.14.0-deepin2-amd64 Deepin "
		 "15.5\n");
	/* no log of modconfig's by its name (the VM's own), later still */
	put_log("vmware-vmx-3000.log", "2018-01-26T11:00:00.000Z", "4.14.0-deepin2-amd64",
		"2018-01-26T11:00:00.000Z| vthread-1| I125: Failed to find "
		"/lib/modules/4.14.0-deepin2-amd64/build/include\n");
	ctx = live_logs("vmware-root", (unsigned)getuid());
	assert_true(ctx->facts.vmware.build_failed);
	assert_null(ctx->facts.vmware.build_headers_missing);
	assert_non_null(strstr(ctx->facts.vmware.build_log, "/vmware-1000.log"));
	assert_true(evidence_says(ctx, "W115: Failed to build vmmon."));
	sysroot_free(ctx);
	/* a later log of another kernel (booted before; /tmp kept) says nothing of this one */
	put_log("vmware-4000.log", "2018-01-27T10:00:00.000Z", "4.13.0-deepin1-amd64", "");
	ctx = live_logs("vmware-root", (unsigned)getuid());
	assert_false(ctx->facts.vmware.build_failed);
	assert_string_equal(ctx->facts.vmware.build_log, "");
	assert_true(evidence_says(ctx, "not the running kernel"));
	sysroot_free(ctx);
	/* the headers the newest log did not find */
	sh("rm '%s'/logs/vmware-root/vmware-4000.log '%s'/logs/vmware-root/vmware-1000.log", dir, dir);
	ctx = live_logs("vmware-root", (unsigned)getuid());
	assert_string_equal(ctx->facts.vmware.build_headers_missing, "4.14.0-deepin2-amd64");
	sysroot_free(ctx);
	/* the kernel's compiler, as the build's make printed it (linuxdeepin/developer-center#11856),
	 * never the one that was used */
	put_log("vmware-5000.log", "2018-01-28T10:00:00.000Z", "4.14.0-deepin2-amd64",
		"2018-01-28T10:00:00.000Z| I125:   The kernel was built by: gcc (Deepin 12.3.0-17deepin8) "
		"12.3.0\n2018-01-28T10:00:00.000Z| I125:   You are using:           gcc (Deepin "
		"6.4.0-17deepin14) 6.4.0\n");
	ctx = live_logs("vmware-root", (unsigned)getuid());
	assert_string_equal(ctx->facts.virtualbox.kernel_gcc, "12");
	assert_true(evidence_says(ctx, "The kernel was built by:"));
	sysroot_free(ctx);
}

/* VC_READ_DIR_OWNER itself, on the fds it reads through (a passive live host, as the probe's): a
 * file of another owner than its directory's, a device node (never opened: its driver is not
 * asked, even where none serves it), a directory others may write to, and the plain case. */
static void test_read_dir_owner(void **state)
{
	struct vc_host *h;
	char path[600], *buf = NULL;
	size_t len = 0;

	(void)state;
	fresh_logs();
	put_file(dir, "logs/vmware-root/vmware-1.log", "x\n");
	assert_int_equal(vc_host_new_live_flags(VC_HOST_PASSIVE, &h), 0);
	snprintf(path, sizeof(path), "%s/logs/vmware-root/vmware-1.log", dir);
	assert_int_equal(vc_host_read_flags(h, path, 100, VC_READ_UNTRUSTED | VC_READ_DIR_OWNER, &buf, &len),
			 0);
	assert_int_equal(len, 2);
	free(buf);
	buf = NULL;
	/* VC_READ_SOLE_LINK (VirtualBox's logs in a user's home): the same file read, a second
	 * link refused */
	assert_int_equal(vc_host_read_flags(h, path, 100, VC_READ_UNTRUSTED | VC_READ_SOLE_LINK, &buf, &len),
			 0);
	free(buf);
	buf = NULL;
	sh("ln '%s' '%s'.2", path, path);
	assert_int_equal(vc_host_read_flags(h, path, 100, VC_READ_SOLE_LINK, &buf, &len), -EPERM);
	sh("rm '%s'.2", path);
	sh("chmod 722 '%s'/logs/vmware-root", dir);
	assert_int_equal(vc_host_read_flags(h, path, 100, VC_READ_DIR_OWNER, &buf, &len), -EPERM);
	sh("chmod 700 '%s'/logs/vmware-root", dir);
	if (getuid() == 0) {
		/* the probe looks at the owner by path first: the read's own check is what a file
		 * renamed over it afterwards meets */
		sh("chown 12345 '%s'", path);
		assert_int_equal(vc_host_read_flags(h, path, 100, VC_READ_DIR_OWNER, &buf, &len), -EPERM);
		assert_int_equal(vc_host_read_flags(h, path, 100, VC_READ_SOLE_LINK, &buf, &len), -EPERM);
		/* a major for local, experimental use (240): no driver, and none a module would load */
		sh("rm '%s' && mknod '%s' c 240 0", path, path);
		assert_int_equal(vc_host_read_flags(h, path, 100, VC_READ_DIR_OWNER, &buf, &len), -EINVAL);
		assert_int_equal(vc_host_read_flags(h, path, 100, VC_READ_SOLE_LINK, &buf, &len), -EINVAL);
	} else {
		printf("SKIP: VC_READ_DIR_OWNER on another owner's file and a device node: needs root\n");
	}
	assert_null(buf);
	vc_host_free(h);
}

/* Of a directory with more logs than are read, the newest by their time of change are read: a
 * long-lived /tmp/vmware-root's newest log sorts after 32 older ones by name. */
static void test_modconfig_log_many(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	fresh_logs();
	for (int i = 100; i < 140; i++) {
		char name[32];

		snprintf(name, sizeof(name), "vmware-%d.log", i);
		put_log(name, "2018-01-26T10:00:00.000Z", "4.14.0-deepin2-amd64", "");
	}
	sh("touch -d '2018-01-26 10:00' '%s'/logs/vmware-root/vmware-1*.log", dir);
	put_log("vmware-99999.log", "2018-01-27T10:00:00.000Z", "4.14.0-deepin2-amd64",
		"2018-01-27T10:00:00.000Z| I125: Failed to find "
		"/lib/modules/4.14.0-deepin2-amd64/build/include\n");
	ctx = live_logs("vmware-root", (unsigned)getuid());
	assert_true(ctx->facts.vmware.build_failed);
	assert_string_equal(ctx->facts.vmware.build_headers_missing, "4.14.0-deepin2-amd64");
	assert_non_null(strstr(ctx->facts.vmware.build_log, "/vmware-99999.log"));
	assert_true(evidence_says(ctx, "over the budget"));
	sysroot_free(ctx);
}

/* A log longer than the MiB read: its first lines are read too, whose "Host is Linux" names the
 * kernel it built for; a failed build of another kernel, whose /tmp survived, is not believed. The
 * lines between are not read, and a line the head cut is not read half. */
static void test_modconfig_log_head(void **state)
{
	static const char *const hosts[] = { "4.13.0-1-amd64", "4.14.0-deepin2-amd64" };
	struct vc_ctx *ctx;
	char path[512];
	FILE *f;

	(void)state;
	for (size_t h = 0; h < ARRAY_SIZE(hosts); h++) {
		fresh_logs();
		snprintf(path, sizeof(path), "%s/logs/vmware-root/vmware-100.log", dir);
		f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f,
			"2018-01-26T10:00:00.000Z| I125: Log for VMware Workstation pid=670 "
			"version=14.0.0\n2018-01-26T10:00:00.000Z| I125: Host is Linux %s Deepin 15.5\n",
			hosts[h]);
		for (int i = 0; i < 1 << 15; i++) /* 2.5 MiB */
			fputs("2018-01-26T10:00:01.000Z| I125: CC [M]  /tmp/modconfig-x/vmmon-only/a.o\n", f);
		fputs("2018-01-26T10:00:02.000Z| W115: Failed to build vmmon.  Failed to execute the build "
		      "command.\n",
		      f);
		fclose(f);
		ctx = live_logs("vmware-root", (unsigned)getuid());
		assert_int_equal(ctx->facts.vmware.build_failed, h == 1);
		assert_int_equal(evidence_says(ctx, "of Linux 4.13.0-1-amd64, not the running kernel"),
				 h == 0);
		sysroot_free(ctx);
	}
}

/* The head stops at its last newline, and the tail does not read it again. */
static void test_read_with_head(void **state)
{
	char path[512], *buf = NULL;
	size_t len = 0;
	FILE *f;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/head-tail", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 3000; i++) /* 30,000 bytes */
		fprintf(f, "line %04d\n", i);
	fclose(f);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	/* a 20,000-byte tail: from 10,000, but after the head's 16,380 (its last whole line) */
	assert_int_equal(vc_read_fd_flags(fd, 20000, VC_READ_TAIL | VC_READ_WITH_HEAD, &buf, &len), 0);
	assert_int_equal(len, 30000);
	assert_int_equal(strncmp(buf, "line 0000\n", 10), 0);
	assert_non_null(strstr(buf, "line 1637\nline 1638\n"));
	assert_null(strstr(strstr(buf, "line 1638\n") + 1, "line 1638\n"));
	free(buf);
	/* a short file: no head, read once */
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(vc_read_fd_flags(fd, 40000, VC_READ_TAIL | VC_READ_WITH_HEAD, &buf, &len), 0);
	assert_int_equal(len, 30000);
	free(buf);
	/* a long one: head and tail, the middle not read */
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(vc_read_fd_flags(fd, 1000, VC_READ_TAIL | VC_READ_WITH_HEAD, &buf, &len), 0);
	assert_int_equal(len, 16380 + 1000);
	assert_null(strstr(buf, "line 2000\n"));
	assert_non_null(strstr(buf, "line 2999\n"));
	free(buf);
	close(fd);
}

/* The times of at most 4096 names of a directory are looked at (bounded work), and the evidence says
 * how many were left. */
static void test_modconfig_log_unlisted(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	fresh_logs();
	sh("cd '%s'/logs/vmware-root && seq -f 'vmware-%%.0f.log' 1 4100 | xargs touch", dir);
	ctx = live_logs("vmware-root", (unsigned)getuid());
	assert_true(evidence_says(ctx, "4 more not looked at (only the times of the first 4096"));
	sysroot_free(ctx);
	fresh_logs();
	put_log("vmware-1.log", "2018-01-27T10:00:00.000Z", "4.14.0-deepin2-amd64", "");
	ctx = live_logs("vmware-root", (unsigned)getuid());
	assert_false(evidence_says(ctx, "more not looked at"));
	sysroot_free(ctx);
}

/* What another user could have planted is not read: a link (to a file the user may not read), a
 * log or directory of another owner than the directory's user (in a user's directory, root's file
 * is one the user hard-linked there), a directory others may write to, a directory that is a link. */
static void test_modconfig_log_untrusted(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	fresh_logs();
	put_log("vmware-100.log", "2018-01-26T10:00:00.000Z", "4.14.0-deepin2-amd64", "");
	/* the newest, through a link: it would say the headers are missing */
	sh("cd '%s'/logs && printf '%%s\\n' '2018-01-27T10:00:00.000Z| I125: Host is Linux "
	   "4.14.0-deepin2-amd64' '2018-01-27T10:00:00.000Z| I125: Failed to find "
	   "/lib/modules/4.14.0-deepin2-amd64/build/include' >planted && ln -s ../planted "
	   "vmware-root/vmware-200.log",
	   dir);
	ctx = live_logs("vmware-root", (unsigned)getuid());
	assert_true(ctx->facts.vmware.build_failed);
	assert_null(ctx->facts.vmware.build_headers_missing);
	assert_non_null(strstr(ctx->facts.vmware.build_log, "/vmware-100.log"));
	assert_true(evidence_says(ctx, "1 unreadable"));
	sysroot_free(ctx);
	/* a directory that is a link to it */
	sh("ln -s vmware-root '%s'/logs/vmware-link", dir);
	ctx = live_logs("vmware-link", (unsigned)getuid());
	assert_false(ctx->facts.vmware.build_failed);
	sysroot_free(ctx);
	/* others may write to it */
	sh("chmod 777 '%s'/logs/vmware-root", dir);
	ctx = live_logs("vmware-root", (unsigned)getuid());
	assert_false(ctx->facts.vmware.build_failed);
	assert_true(evidence_says(ctx, "not read (owner"));
	sysroot_free(ctx);
	sh("chmod 700 '%s'/logs/vmware-root", dir);
	/* the user of the directory is another: the directory and its files are this one's */
	ctx = live_logs("vmware-root", (unsigned)getuid() + 1);
	assert_false(ctx->facts.vmware.build_failed);
	assert_true(evidence_says(ctx, "not read (owner"));
	sysroot_free(ctx);
	/* a log with a second link: a hard link of a file from elsewhere (a root-owned one, where
	 * fs.protected_hardlinks is off), renamed over a log after its owner was looked at, is
	 * refused by the read itself (VC_READ_DIR_OWNER); the older log decides */
	put_log("vmware-300.log", "2018-01-28T10:00:00.000Z", "4.14.0-deepin2-amd64",
		"2018-01-28T10:00:00.000Z| I125: Failed to find "
		"/lib/modules/4.14.0-deepin2-amd64/build/include\n");
	sh("ln '%s'/logs/vmware-root/vmware-300.log '%s'/logs/elsewhere", dir, dir);
	ctx = live_logs("vmware-root", (unsigned)getuid());
	assert_true(ctx->facts.vmware.build_failed);
	assert_null(ctx->facts.vmware.build_headers_missing);
	assert_non_null(strstr(ctx->facts.vmware.build_log, "/vmware-100.log"));
	assert_true(evidence_says(ctx, "1 skipped, not owned"));
	sysroot_free(ctx);
	sh("rm '%s'/logs/elsewhere '%s'/logs/vmware-root/vmware-300.log", dir, dir);
	/* a file of another owner in the user's directory (root can make one) */
	if (getuid() == 0) {
		sh("chown 12345 '%s'/logs/vmware-root/vmware-100.log", dir);
		ctx = live_logs("vmware-root", 0);
		assert_false(ctx->facts.vmware.build_failed);
		assert_true(evidence_says(ctx, "1 skipped, not owned"));
		sysroot_free(ctx);
	}
}

/* A huge log is read at its end, within the budget; garbled lines (NUL bytes, invalid UTF-8, an
 * escape sequence, a line of 64 KiB, a time stamp of no date) neither stop nor mislead the reading,
 * and what is shown of them is made safe. */
static void test_modconfig_log_bounds(void **state)
{
	static const char garbled[] = "\0\0\xff\xfe garbage \x1b[31m\n"; /* NULs, not UTF-8, an escape */
	struct vc_ctx *ctx;
	char path[512];
	FILE *f;

	(void)state;
	fresh_logs();
	snprintf(path, sizeof(path), "%s/logs/vmware-root/vmware-100.log", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 1 << 10; i++) /* 77 KiB: the line below is past the first 16 KiB */
		fputs("2018-01-26T10:00:00.000Z| I125: CC [M]  /tmp/modconfig-x/vmmon-only/common/a.o\n", f);
	fputs("2018-01-26T10:00:00.000Z| I125: Failed to find "
	      "/lib/modules/4.14.0-deepin2-amd64/build/include\n",
	      f);
	for (int i = 0; i < 1 << 15; i++) /* 2.5 MiB: the headers line above is past the last MiB */
		fputs("2018-01-26T10:00:01.000Z| I125: CC [M]  /tmp/modconfig-x/vmmon-only/common/a.o\n", f);
	fputs("2018-01-26T10:00:02.000Z| I125: Host is Linux 4.14.0-deepin2-amd64\n", f);
	fwrite(garbled, 1, sizeof(garbled) - 1, f);
	for (int i = 0; i < 1 << 16; i++)
		fputc('A', f);
	fputs("\n2018-13-45T99:99:99Z| Failed to build vmmon. \x1b]0;owned\a\xc3\x28\n", f);
	fclose(f);
	ctx = live_logs("vmware-root", (unsigned)getuid());
	assert_true(ctx->facts.vmware.build_failed);
	assert_null(ctx->facts.vmware.build_headers_missing);
	assert_true(evidence_says(ctx, "Failed to build vmmon."));
	for (size_t i = 0; i < ctx->trail.n; i++)
		for (size_t k = 0; k < ctx->trail.v[i].lines.n; k++)
			assert_null(strchr(ctx->trail.v[i].lines.v[k], '\x1b'));
	sysroot_free(ctx);
}

/* The fixture host's log, read through the whole pipeline, and its copy without the log. */
static void test_modconfig_log_fixture(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "r-vmware1400-deepin155-4.14-vmmon-build-failed");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VMWARE_DRIVER_NOT_BUILT, "Read the first error in the log");
	assert_string_equal(ctx->facts.vmware.build_log, "/tmp/vmware-root/vmware-670.log");
	assert_non_null(f);
	sysroot_free(ctx);
	sh("rm -r '%s'/tmp", dir);
	ctx = sysroot_report(dir);
	must_find(ctx, VC_FID_VMWARE_DRIVER_NOT_BUILT, "If that build fails");
	assert_false(ctx->facts.vmware.build_failed);
	sysroot_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmmon_not_loaded),
		cmocka_unit_test(test_vmmon_not_built),
		cmocka_unit_test(test_vmmon_key_rejected),
		cmocka_unit_test(test_vmmon_compressed_signing),
		cmocka_unit_test(test_nixos_kvm_backend_way_out),
		cmocka_unit_test(test_vmmon_loaded_version),
		cmocka_unit_test(test_dummy_vm_of_a_thread),
		cmocka_unit_test(test_nem_from_the_log),
		cmocka_unit_test(test_nem_process),
		cmocka_unit_test(test_processes_runs),
		cmocka_unit_test(test_nem_without_driver),
		cmocka_unit_test(test_fred),
		cmocka_unit_test(test_vbox_signed_not_loaded),
		cmocka_unit_test(test_vbox_headers_missing),
		cmocka_unit_test(test_vbox_sb_key_by_tool),
		cmocka_unit_test(test_nixos_enable_kvm),
		cmocka_unit_test(test_modconfig_log_newest),
		cmocka_unit_test(test_modconfig_log_unlisted),
		cmocka_unit_test(test_modconfig_log_head),
		cmocka_unit_test(test_read_with_head),
		cmocka_unit_test(test_modconfig_log_untrusted),
		cmocka_unit_test(test_modconfig_log_many),
		cmocka_unit_test(test_read_dir_owner),
		cmocka_unit_test(test_modconfig_log_bounds),
		cmocka_unit_test(test_modconfig_log_fixture),
	};

	if (!mkdtemp(dir))
		return 1;
	return cmocka_run_group_tests_name("vmware", tests, NULL, teardown);
}
