/* Environments read right: a real fixture host, changed in one fact, through the whole pipeline
 * (user namespaces, CI jobs, the outer hypervisor's product from DMI, WSL2 with nesting). */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/model/remedies.h"
#include "lib/verdict/run.h"
#include "sysroot.h"

static char dir[] = "/tmp/vc-test-env-XXXXXX";

/* container root on a /dev/kvm owned by unmapped ids (65534) is no root for it */
static void test_userns_overflow_ids(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-env-podman-rootless-no-keep-groups");
	put_file(dir, "virtcheck/devices.txt", "/dev/kvm c 10:232 0660 65534 nogroup\n");
	put_file(dir, "virtcheck/kvm.txt", "open EACCES\n");
	put_file(dir, "virtcheck/meta.txt", "uid 0\neuid 0\nuser root\ngroup 0 root\n");
	ctx = sysroot_report(dir);
	assert_true(ctx->facts.environment.user_namespace);
	assert_int_not_equal(ctx->facts.kvm.access.reason, VC_ACCESS_ROOT);
	must_find(ctx, VC_FID_KVM_NO_ACCESS, "--group-add keep-groups");
	sysroot_free(ctx);
}

/* open EPERM where the mode lets the user through: a device cgroup refuses it, and the
 * remedy is the row kvm_open_not_permitted's (snap connect, --device), not the group's */
static void test_device_cgroup_eperm(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "amd-kvm-idle-6.1");
	put_file(dir, "virtcheck/kvm.txt", "open EPERM\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.kvm.access.open, "EPERM");
	f = must_find(ctx, VC_FID_KVM_NO_ACCESS, "snap connect");
	assert_non_null(strstr(f->message, "device cgroup"));
	assert_false(remedy_says(f, "usermod"));
	assert_non_null(strstr(ctx->owner.headline, "EPERM"));
	sysroot_free(ctx);
}

/* polkit's rules ask the group database for a process's groups (polkit
 * src/polkitbackend/polkitbackendjsauthority.cpp, subject_to_jsval: getgrouplist): a user
 * /etc/group lists in group libvirt is admitted by 50-libvirt.rules at once, in this session too
 * (the reviewer's reproduction on the virt-manager#625 host); one it does not list joins without a
 * new login */
static void test_libvirt_polkit_group(void **state)
{
	static const char name[] = "r-kvm-virt-manager-arch-polkit-no-agent-not-in-libvirt";
	char path[1100], *text = NULL;
	size_t len = 0;
	struct vc_ctx *ctx;
	const struct vc_finding *f;
	FILE *in, *out;
	char line[512];

	(void)state;
	sysroot_copy(dir, name);
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_KVM_LIBVIRT_NO_ACCESS, "usermod -aG libvirt");
	assert_true(remedy_says(f, "no new login needed"));
	assert_false(remedy_says(f, "newgrp"));
	sysroot_free(ctx);

	/* the user listed in group libvirt: polkit admits it, nothing to say */
	snprintf(path, sizeof(path), "%s/etc/group", dir);
	assert_non_null(in = fopen(path, "r"));
	assert_non_null(out = open_memstream(&text, &len));
	while (fgets(line, sizeof(line), in))
		fputs(!strcmp(line, "libvirt:x:970:\n") ? "libvirt:x:970:birb\n" : line, out);
	fclose(in);
	fclose(out);
	assert_non_null(strstr(text, "libvirt:x:970:birb"));
	put_file(dir, "etc/group", text);
	free(text);
	ctx = sysroot_report(dir);
	assert_null(vc_find(ctx, VC_FID_KVM_LIBVIRT_NO_ACCESS));
	sysroot_free(ctx);
}

/* libvirt's modular daemons: a qemu:///system client connects to virtqemud's socket where it
 * exists (libvirt src/remote/remote_sockets.c, remoteGetUNIXSocket), so its mode decides and the
 * finding, its evidence and its remedy name it, not libvirtd's; without it, libvirtd's as before */
static void test_libvirt_virtqemud_socket(void **state)
{
	static const char name[] = "r-kvm-virt-manager-arch-polkit-no-agent-not-in-libvirt";
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, name);
	put_file(dir, "virtcheck/devices.txt",
		 "/dev/kvm c 10:232 0666 0 kvm\n/run/libvirt/virtqemud-sock s 0:0 0600 0 root\n"
		 "/run/libvirt/libvirt-sock s 0:0 0666 0 root\n");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_KVM_LIBVIRT_NO_ACCESS, "virtqemud.socket.d");
	assert_non_null(strstr(f->message, "'/var/run/libvirt/virtqemud-sock': Permission denied"));
	assert_null(strstr(f->message, "libvirt-sock"));
	assert_false(remedy_says(f, "libvirtd.socket"));
	assert_false(remedy_says(f, "polkit.addRule"));
	sysroot_free(ctx);

	put_file(dir, "virtcheck/devices.txt",
		 "/dev/kvm c 10:232 0666 0 kvm\n/run/libvirt/libvirt-sock s 0:0 0600 0 root\n");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_KVM_LIBVIRT_NO_ACCESS, "libvirtd.socket.d");
	assert_non_null(strstr(f->message, "'/var/run/libvirt/libvirt-sock': Permission denied"));
	sysroot_free(ctx);
}

/* a CI variable makes it a job: no usermod, a udev rule */
static void test_ci_variable(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "r-env-gha-runner-kvm-perm");
	put_file(dir, "virtcheck/meta.txt", "uid 1001\neuid 1001\nuser builder\ngroup 1001 builder\n");
	put_file(dir, "virtcheck/env.txt", "GITLAB_CI\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.ci, "GitLab CI");
	f = must_find(ctx, VC_FID_KVM_NO_ACCESS, "MODE=\"0666\"");
	assert_false(remedy_says(f, "usermod"));
	sysroot_free(ctx);

	/* Semaphore (SEMAPHORE) on the same runner: the CI service's rule, not usermod */
	put_file(dir, "virtcheck/env.txt", "SEMAPHORE\nCI\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.ci, "Semaphore");
	f = must_find(ctx, VC_FID_KVM_NO_ACCESS, "MODE=\"0666\"");
	assert_false(remedy_says(f, "usermod"));
	sysroot_free(ctx);

	/* a Bitbucket Pipelines step on an EC2 node without VT (docker-android-sdk/android-30#2):
	 * BITBUCKET_BUILD_NUMBER names the service, whose VM no job can change, before the bare CI
	 * variable on a cloud server (the cloud's own row) */
	sysroot_copy(dir, "r-env-bitbucket-pipelines-k8s-ec2-android-emulator-no-vmx");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.ci, "Bitbucket Pipelines");
	f = must_find(ctx, VC_FID_KVM_UNAVAILABLE, "On the service's hosted runners nothing in the job");
	assert_non_null(strstr(f->remedies.v[0].steps, "Bitbucket Pipelines job"));
	/* and a self-hosted runner (Bitbucket's set the same variable) is not told it is the service's */
	assert_non_null(strstr(f->remedies.v[0].steps, "On a self-hosted runner"));
	sysroot_free(ctx);
	put_file(dir, "virtcheck/env.txt", "CI\n");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_KVM_UNAVAILABLE, "bare-metal instance");
	assert_false(remedy_says(f, "On the service's hosted runners"));
	sysroot_free(ctx);
}

/* DMI beats the signature: VirtualBox's KVM paravirt interface shows KVMKVMKVM */
static void test_virtualbox_guest(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "nested-guest-no-vt");
	put_file(dir, "sys/class/dmi/id/sys_vendor", "innotek GmbH\n");
	put_file(dir, "sys/class/dmi/id/product_name", "VirtualBox\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.product, "VirtualBox");
	assert_int_equal(ctx->owner.hypervisor, VC_HV_NONE);
	assert_non_null(strstr(ctx->owner.headline, "VirtualBox guest without nested virtualization"));
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "--nested-hw-virt on");
	sysroot_free(ctx);
}

/* no DMI, virtio devices on the command line: a Firecracker microVM, not QEMU's advice */
static void test_firecracker_guest(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;
	char cmd[1024];

	(void)state;
	sysroot_copy(dir, "r-env-firecracker-t2s-no-vmx");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.product, "Firecracker");
	f = must_find(ctx, VC_FID_KVM_UNAVAILABLE, "without a CPU template");
	assert_false(remedy_says(f, "-cpu host"));
	sysroot_free(ctx);
	/* with DMI tables it is whatever they name */
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/sys/class/dmi/id'", dir);
	assert_int_equal(system(cmd), 0);
	put_file(dir, "sys/class/dmi/id/sys_vendor", "QEMU\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.product, "KVM (QEMU)");
	sysroot_free(ctx);
}

/* QEMU's microvm has no DMI either: its 512-byte virtio-mmio windows (acpi=off) or its ACPI tables
 * (OEM "BOCHS ") say QEMU, and KVM's nesting advice applies, not Firecracker's; Firecracker's own
 * ACPI tables say "FIRECK" */
static void test_qemu_microvm_guest(void **state)
{
	static const char dsdt[] = "DSDT\x24\0\0\0\x06\0FIRECKFCDSDT  ";
	struct vc_ctx *ctx;
	char cmd[1024];
	FILE *f;

	(void)state;
	sysroot_copy(dir, "r-env-firecracker-t2s-no-vmx");
	put_file(dir, "proc/cmdline",
		 "console=ttyS0 root=/dev/vda virtio_mmio.device=512@0xfeb00000:5 "
		 "virtio_mmio.device=512@0xfeb00200:6\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.product, "KVM (QEMU microvm)");
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "-cpu host");
	sysroot_free(ctx);
	/* ACPI tables: the DSDT's OEM ID decides, whatever the command line says */
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/sys/firmware/acpi/tables'", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/sys/firmware/acpi/tables/DSDT", dir);
	assert_non_null(f = fopen(cmd, "w"));
	fwrite(dsdt, 1, sizeof(dsdt) - 1, f);
	fclose(f);
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.product, "Firecracker");
	sysroot_free(ctx);
}

/* an EC2 .metal instance keeps the vendor "Amazon EC2" but runs on no hypervisor */
static void test_ec2_metal(void **state)
{
	struct vc_ctx *ctx;
	char cmd[1024];

	(void)state;
	sysroot_copy(dir, "r-env-docker-no-device-kvm");
	snprintf(cmd, sizeof(cmd), "rm -f '%s/.dockerenv' && mkdir -p '%s/sys/class/dmi/id'", dir, dir);
	assert_int_equal(system(cmd), 0);
	put_file(dir, "sys/class/dmi/id/sys_vendor", "Amazon EC2\n");
	put_file(dir, "sys/class/dmi/id/product_name", "c5.metal\n");
	ctx = sysroot_report(dir);
	assert_false(ctx->facts.environment.virtualized);
	assert_null(ctx->facts.environment.outer_hypervisor);
	sysroot_free(ctx);
	/* a family with two metal sizes names them metal-24xl, metal-48xl (issue 15) */
	put_file(dir, "sys/class/dmi/id/product_name", "m8i.metal-48xl\n");
	ctx = sysroot_report(dir);
	assert_false(ctx->facts.environment.virtualized);
	sysroot_free(ctx);
	/* a virtual instance type is a guest of Nitro */
	put_file(dir, "sys/class/dmi/id/product_name", "c5.xlarge\n");
	ctx = sysroot_report(dir);
	assert_true(ctx->facts.environment.virtualized);
	assert_string_equal(ctx->facts.environment.product, "Amazon EC2");
	sysroot_free(ctx);
}

/* without CPUID the kernel's flags stand in, and nothing says "no VT" without evidence */
static void test_no_cpuid(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "nested-guest-no-vt");
	put_file(dir, "virtcheck/cpuid.txt", "# nothing\n");
	put_file(dir, "proc/cpuinfo", "vendor_id\t: GenuineIntel\nflags\t\t: fpu vme sse2 hypervisor\n");
	ctx = sysroot_report(dir);
	assert_true(ctx->facts.cpuid.cpuinfo_only);
	assert_string_equal(ctx->owner.rule, "nested_without_vt");
	f = must_find(ctx, VC_FID_KVM_UNAVAILABLE, "nested=1");
	assert_null(strstr(f->message, "this CPU offers no"));
	put_file(dir, "proc/cpuinfo", "processor\t: 0\n");
	sysroot_free(ctx);
	ctx = sysroot_report(dir);
	f = vc_find(ctx, VC_FID_KVM_UNAVAILABLE);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "unknown"));
	sysroot_free(ctx);
}

/* remedies persist the way this distribution does */
static void test_persistence_by_distribution(void **state)
{
	struct vc_facts f = { 0 };
	struct vc_cmdline_source *src;
	struct buf b = { 0 };

	(void)state;
	f.kernel = xstrdup("6.12.9-arch1-1");
	f.distro.family = VC_DISTRO_NIXOS;
	vc_remedy_cmdline(&b, &f, "kvm.enable_virt_at_load=0");
	assert_non_null(strstr(b.data, "boot.kernelParams"));
	buf_free(&b);
	vc_remedy_modprobe_d(&b, &f, "kvm.conf", "options kvm enable_virt_at_load=0");
	assert_non_null(strstr(b.data, "boot.extraModprobeConfig"));
	assert_null(strstr(b.data, "/etc/modprobe.d"));
	buf_free(&b);
	f.distro.family = VC_DISTRO_OSTREE;
	vc_remedy_cmdline(&b, &f, "intel_iommu=on");
	assert_string_equal(b.data, "sudo rpm-ostree kargs --append=intel_iommu=on && sudo systemctl reboot");
	buf_free(&b);
	f.distro.family = VC_DISTRO_FEDORA;
	f.platform.boot_loader = VC_BOOT_GRUBBY;
	vc_remedy_cmdline_remove(&b, &f, "kvm.enable_virt_at_load=0");
	assert_non_null(
		strstr(b.data, "grubby --update-kernel=ALL --remove-args=\"kvm.enable_virt_at_load=0\""));
	buf_free(&b);
	/* removing shows the file, the line as it is and as it becomes */
	f.distro.family = VC_DISTRO_DEBIAN;
	f.platform.boot_loader = VC_BOOT_GRUB;
	src = VC_PUSH(f.distro.cmdline_sources);
	src->source = xstrdup("/etc/default/grub:6");
	src->text = xstrdup("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet kvm.enable_virt_at_load=0 splash\"");
	vc_remedy_cmdline_remove(&b, &f, "kvm.enable_virt_at_load=0");
	assert_non_null(strstr(b.data, "/etc/default/grub:6"));
	assert_non_null(strstr(b.data, "to\n  GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash\""));
	assert_non_null(strstr(b.data, "sudo update-grub"));
	assert_null(strstr(b.data, "without"));
	buf_free(&b);
	f.distro.family = VC_DISTRO_ARCH;
	f.platform.boot_loader = VC_BOOT_KERNEL_CMDLINE;
	vc_remedy_cmdline(&b, &f, "kvm.enable_virt_at_load=0");
	assert_non_null(strstr(b.data, "/etc/kernel/cmdline"));
	assert_non_null(strstr(b.data, "mkinitcpio -P"));
	buf_free(&b);
	vc_facts_free(&f);
}

/* s17-A: the init system that runs the host decides how it reboots and starts services: OpenRC's
 * run-time directory (Artix, artix-linux/galaxy#25), runit as PID 1 (Void), sysvinit's init with
 * /etc/inittab (Devuan); the firmware hint names systemctl only where systemd runs */
static void test_init_system(void **state)
{
	static const struct {
		const char *file, *text;
		enum vc_init init;
	} c[] = {
		{ "run/openrc/softlevel", "default\n", VC_INIT_OPENRC },
		{ "proc/1/comm", "runit\n", VC_INIT_RUNIT },
		{ "etc/inittab", "id:2:initdefault:\n", VC_INIT_SYSVINIT },
		{ "run/systemd/system/.keep", "", VC_INIT_SYSTEMD },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		struct vc_ctx *ctx;
		const struct vc_finding *f;

		char path[256];

		sysroot_copy(dir, "intel-vtx-firmware-disabled");
		/* its parent directories first (put_file needs them) */
		for (const char *p = strchr(c[i].file, '/'); p; p = strchr(p + 1, '/')) {
			snprintf(path, sizeof(path), "%s/%.*s", dir, (int)(p - c[i].file), c[i].file);
			assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		}
		put_file(dir, c[i].file, c[i].text);
		if (c[i].init == VC_INIT_SYSVINIT) {
			snprintf(path, sizeof(path), "%s/proc/1", dir);
			assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
			put_file(dir, "proc/1/comm", "init\n");
		}
		ctx = sysroot_report(dir);
		assert_int_equal(ctx->facts.distro.init, c[i].init);
		assert_true(ctx->facts.distro.init_known);
		f = must_find(ctx, VC_FID_MSR_VT_DISABLED_BY_FIRMWARE, "firmware setup");
		assert_true(remedy_says(f, "systemctl") == (c[i].init == VC_INIT_SYSTEMD));
		sysroot_free(ctx);
	}
}

/* runit runs no /etc/init.d script: a VirtualBox whose loader is one (Debian's and Ubuntu's
 * /etc/init.d/virtualbox) is told to run the script itself and to list the modules for boot in
 * /etc/modules-load.d, not `sv` on a service that does not exist */
static void test_runit_initd_script(void **state)
{
	struct vc_ctx *ctx;
	char path[1100];
	bool found = false;

	(void)state;
	sysroot_copy(dir, "r-vbox-ubuntu1804-sb-signed-not-loaded");
	for (const char *d = "run"; d; d = strcmp(d, "run") ? NULL : "run/runit") {
		snprintf(path, sizeof(path), "%s/%s", dir, d);
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
	}
	put_file(dir, "run/runit/.keep", "");
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.distro.init, VC_INIT_RUNIT);
	for (size_t i = 0; i < ctx->findings.n; i++) {
		const struct vc_finding *f = &ctx->findings.v[i];

		assert_false(remedy_says(f, "sv restart virtualbox"));
		assert_false(remedy_says(f, "/var/service"));
		found |= remedy_says(f, "sudo /etc/init.d/virtualbox restart") &&
			 remedy_says(f, "/etc/modules-load.d/virtualbox.conf");
	}
	assert_true(found);
	sysroot_free(ctx);
}

static int teardown(void **state)
{
	(void)state;
	sysroot_remove(dir);
	return 0;
}

/* IOMMU advice follows the CPU vendor, and never "iommu=pt", which weakens DMA isolation for the
 * host's own devices (issue 15, C) */
static void test_iommu_advice_by_vendor(void **state)
{
	static const char *const ivrs[] = { "sys/firmware/acpi/tables/IVRS", NULL };
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "amd-kvm-idle-6.1");
	sysroot_put(dir, ivrs, ARRAY_SIZE(ivrs));
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_PCI_IOMMU_DISABLED, "AMD-Vi");
	assert_false(remedy_says(f, "intel_iommu"));
	assert_false(remedy_says(f, "iommu=pt"));
	sysroot_free(ctx);
	sysroot_copy(dir, "intel-kvm612-vbox71"); /* ACPI DMAR, no IOMMU in use */
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_PCI_IOMMU_DISABLED, "intel_iommu=on");
	assert_false(remedy_says(f, "AMD-Vi"));
	assert_false(remedy_says(f, "iommu=pt"));
	sysroot_free(ctx);
}

/* a Xen PV domain reads the host's CPUID (SVM set); sysfs says what it is. Without
 * guest_type (Linux < 4.13) the kernel log's PV boot line does; dom0 is XENFEAT_dom0 (bit 11). */
static void test_xen_pv_domain(void **state)
{
	struct vc_ctx *ctx;
	char path[4096];

	(void)state;
	sysroot_copy(dir, "r-env-xen-pv-xenserver-amd-domu");
	ctx = sysroot_report(dir);
	assert_true(ctx->facts.cpuid.svm); /* the host's bit, as read */
	assert_int_equal(ctx->facts.cpuid.vt, VC_VT_NONE);
	assert_string_equal(ctx->facts.environment.xen_guest_type, "PV");
	assert_string_equal(ctx->facts.environment.product, "Xen (PV)");
	assert_int_equal(ctx->owner.hypervisor, VC_HV_NONE);
	assert_non_null(strstr(ctx->owner.headline, "Xen PV guest"));
	assert_null(vc_find(ctx, VC_FID_CPUID_VT_DISABLED_BY_FIRMWARE));
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "as an HVM (or PVH) guest");
	sysroot_free(ctx);
	/* an HVM domain of a kernel without guest_type: its boot line names "Xen HVM", not PV */
	put_file(dir, "virtcheck/kmsg.txt", "6 Booting paravirtualized kernel on Xen HVM\n");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.xen_guest_type);
	sysroot_free(ctx);
	/* guest_type PVH: trapped CPUID, named as such */
	put_file(dir, "sys/hypervisor/guest_type", "PVH\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.product, "Xen (PVH)");
	sysroot_free(ctx);
	/* the hardware domain */
	snprintf(path, sizeof(path), "%s/sys/hypervisor/properties", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	put_file(dir, "sys/hypervisor/guest_type", "PV\n");
	put_file(dir, "sys/hypervisor/properties/features", "000228f0\n");
	ctx = sysroot_report(dir);
	assert_true(ctx->facts.environment.xen_dom0);
	assert_non_null(strstr(ctx->owner.headline, "Xen's dom0"));
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "xl create");
	sysroot_free(ctx);
	/* dom0 of a Xen that runs in a VMware VM without nested virtualization (issue 15,
	 * QubesOS/qubes-issues#2981): the CPUID dom0 reads from the Xen host carries VMware's
	 * signature, and the answer is VMware's switch, not Xen domains */
	{
		static const char empty[] = "0x40000000 0x00: eax=0x00000000 ebx=0x00000000 "
					    "ecx=0x00000000 edx=0x00000000",
				  vmware[] = "0x40000000 0x00: eax=0x40000010 ebx=0x61774d56 "
					     "ecx=0x4d566572 edx=0x65726177";
		char *orig = NULL, *dump, *at;
		size_t len = 0;
		FILE *fp;

		snprintf(path, sizeof(path), "%s/virtcheck/cpuid.txt", dir);
		fp = fopen(path, "r");
		assert_non_null(fp);
		orig = calloc(1, 1 << 16);
		len = fread(orig, 1, (1 << 16) - 1, fp);
		fclose(fp);
		assert_true(len > 0);
		dump = strdup(orig);
		for (at = dump; (at = strstr(at, empty)); at += sizeof(vmware) - 1)
			memcpy(at, vmware, sizeof(vmware) - 1);
		/* a VMware VM without nesting: no SVM in the CPU dom0 reads (0x80000001 ECX bit 2) */
		for (at = dump; (at = strstr(at, "ecx=0x01ebbfff"));)
			memcpy(at, "ecx=0x01ebbffb", 14);
		put_file(dir, "virtcheck/cpuid.txt", dump);
		ctx = sysroot_report(dir);
		assert_string_equal(ctx->facts.environment.xen_host, "VMware");
		assert_non_null(strstr(ctx->owner.headline, "this Xen runs in a VMware virtual machine"));
		must_find(ctx, VC_FID_KVM_UNAVAILABLE, "vhv.enable");
		assert_false(remedy_says(vc_find(ctx, VC_FID_KVM_UNAVAILABLE), "xl create"));
		sysroot_free(ctx);
		/* the same CPUID, but Xen lists hvm- capabilities: Xen's own word decides (current Xen
		 * faults dom0's CPUID, which then shows no VMX/SVM whether Xen has them or not) */
		put_file(dir, "sys/hypervisor/properties/capabilities",
			 "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64\n");
		ctx = sysroot_report(dir);
		assert_null(ctx->facts.environment.xen_host);
		must_find(ctx, VC_FID_KVM_UNAVAILABLE, "xl create");
		sysroot_free(ctx);
		put_file(dir, "sys/hypervisor/properties/capabilities", "xen-3.0-x86_64 xen-3.0-x86_32p\n");
		ctx = sysroot_report(dir);
		assert_string_equal(ctx->facts.environment.xen_host, "VMware");
		sysroot_free(ctx);
		snprintf(path, sizeof(path), "%s/sys/hypervisor/properties/capabilities", dir);
		assert_int_equal(unlink(path), 0);
		/* VMware's signature, but the CPU dom0 reads shows SVM: this Xen has it (nesting on) */
		for (at = dump; (at = strstr(at, "ecx=0x01ebbffb"));)
			memcpy(at, "ecx=0x01ebbfff", 14);
		put_file(dir, "virtcheck/cpuid.txt", dump);
		ctx = sysroot_report(dir);
		assert_null(ctx->facts.environment.xen_host);
		must_find(ctx, VC_FID_KVM_UNAVAILABLE, "xl create");
		sysroot_free(ctx);
		/* the signature empty (Xen on hardware, SVM cleared), DMI names the machine Xen runs in */
		for (at = orig; (at = strstr(at, "ecx=0x01ebbfff"));)
			memcpy(at, "ecx=0x01ebbffb", 14);
		put_file(dir, "virtcheck/cpuid.txt", orig);
		snprintf(path, sizeof(path), "%s/sys/class", dir);
		assert_int_equal(mkdir(path, 0755), 0);
		snprintf(path, sizeof(path), "%s/sys/class/dmi", dir);
		assert_int_equal(mkdir(path, 0755), 0);
		snprintf(path, sizeof(path), "%s/sys/class/dmi/id", dir);
		assert_int_equal(mkdir(path, 0755), 0);
		put_file(dir, "sys/class/dmi/id/sys_vendor", "Microsoft Corporation\n");
		put_file(dir, "sys/class/dmi/id/product_name", "Virtual Machine\n");
		ctx = sysroot_report(dir);
		assert_string_equal(ctx->facts.environment.xen_host, "Hyper-V");
		must_find(ctx, VC_FID_KVM_UNAVAILABLE, "ExposeVirtualizationExtensions");
		sysroot_free(ctx);
		snprintf(path, sizeof(path), "%s/sys/class/dmi/id/sys_vendor", dir);
		assert_int_equal(unlink(path), 0);
		snprintf(path, sizeof(path), "%s/sys/class/dmi/id/product_name", dir);
		assert_int_equal(unlink(path), 0);
		/* on hardware (no DMI of a hypervisor, no signature): Xen's own dom0 row */
		/* dump: the fixture's SVM again; its signature back to none */
		for (at = dump; (at = strstr(at, vmware)); at += sizeof(empty) - 1)
			memcpy(at, empty, sizeof(empty) - 1);
		put_file(dir, "virtcheck/cpuid.txt", dump);
		ctx = sysroot_report(dir);
		assert_null(ctx->facts.environment.xen_host);
		must_find(ctx, VC_FID_KVM_UNAVAILABLE, "xl create");
		sysroot_free(ctx);
		free(dump);
		free(orig);
	}
	/* XENFEAT_dom0 clear (a domU's 00002705): no dom0 */
	put_file(dir, "sys/hypervisor/properties/features", "00002705\n");
	ctx = sysroot_report(dir);
	assert_false(ctx->facts.environment.xen_dom0);
	sysroot_free(ctx);
	/* an EC2 PV instance: its hypervisor uuid says so, and EC2's instance types are the answer */
	put_file(dir, "sys/hypervisor/uuid", "ec2e1916-9099-7caf-fd21-012345abcdef\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.cloud, "Amazon EC2");
	assert_non_null(strstr(ctx->owner.headline, "Xen PV guest (Amazon EC2)"));
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "*.metal");
	sysroot_free(ctx);
}

/* firejail's own markers (netblue30/firejail src/firejail/env.c: container=firejail in the program's
 * environment; sandbox.c: a tmpfs on /run/firejail/mnt with seccomp/ in it): the report names the
 * sandbox where its user namespace keeps /dev/kvm closed; without them it is a bare user namespace;
 * in a container the container counts. */
static void test_firejail_sandbox(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;
	char path[4096];

	(void)state;
	sysroot_copy(dir, "r-env-firejail-noroot-kvm-nobody");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.sandbox, "firejail");
	assert_null(ctx->facts.environment.container);
	must_find(ctx, VC_FID_KVM_NO_ACCESS, "--ignore=noroot");
	assert_non_null(strstr(vc_find(ctx, VC_FID_KVM_NO_ACCESS)->message, "runs in a firejail sandbox"));
	assert_non_null(strstr(ctx->owner.headline, "in this firejail sandbox"));
	sysroot_free(ctx);
	/* another program's environment: no marker, a user namespace only */
	put_file(dir, "proc/self/environ", "HOME=/home/saddy");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.sandbox);
	assert_non_null(strstr(vc_find(ctx, VC_FID_KVM_NO_ACCESS)->message, "a sandbox such as firejail"));
	assert_null(strstr(ctx->owner.headline, "sandbox"));
	sysroot_free(ctx);
	/* the environment cleared, firejail's own tmpfs shows it */
	static const char *const fj[] = { "run/firejail", "run/firejail/mnt", "run/firejail/mnt/seccomp" };
	for (size_t i = 0; i < ARRAY_SIZE(fj); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, fj[i]);
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
	}
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.sandbox, "firejail");
	sysroot_free(ctx);
	/* without --noroot (no user namespace), nogroups dropped kvm: the row env_firejail_nogroups_kvm,
	 * not "log in again" */
	snprintf(path, sizeof(path), "%s/proc/self/uid_map", dir);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/proc/self/gid_map", dir);
	assert_int_equal(unlink(path), 0);
	put_file(dir, "virtcheck/devices.txt", "/dev/kvm c 10:232 0660 0 kvm\n");
	ctx = sysroot_report(dir);
	assert_false(ctx->facts.environment.user_namespace);
	f = must_find(ctx, VC_FID_KVM_NO_ACCESS, "--ignore=nogroups");
	assert_non_null(strstr(f->message, "in this firejail sandbox: the user is in group kvm"));
	assert_false(remedy_says(f, "Log out"));
	sysroot_free(ctx);
	/* firejail inside a podman container: a container */
	put_file(dir, "run/.containerenv", "");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.container, "podman");
	assert_null(ctx->facts.environment.sandbox);
	sysroot_free(ctx);
}

/* no sysfs word: a kernel that booted on Xen (its log) under a hypervisor (its flags) whose CPUID
 * lacks the hypervisor bit reads CPUID unintercepted, a Xen PV domain; an old PVHVM kernel's PV boot
 * line with DMI tables is not; nor, without Xen, a host whose kernel flags say hypervisor (a KVM
 * host whose kvm_intel works is no Xen guest) */
static void test_xen_pv_inferred(void **state)
{
	static const char *const dmi_dirs[] = { "sys/class", "sys/class/dmi", "sys/class/dmi/id" };
	struct vc_ctx *ctx;
	char path[4096];

	(void)state;
	sysroot_copy(dir, "r-env-xen-pv-xenserver-amd-domu");
	snprintf(path, sizeof(path), "%s/sys/hypervisor/type", dir);
	assert_int_equal(unlink(path), 0);
	put_file(dir, "virtcheck/kmsg.txt", "[    0.000000] Xen version: 4.7.6 (preserve-AD)\n");
	put_file(dir, "virtcheck/cpuid.txt",
		 "CPU 0:\n"
		 "   0x00000000 0x00: eax=0x0000000d ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65\n"
		 "   0x00000001 0x00: eax=0x00600f20 ebx=0x00040800 ecx=0x3e98320b edx=0x178bfbff\n"
		 "   0x80000000 0x00: eax=0x8000001e ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65\n"
		 "   0x80000001 0x00: eax=0x00600f20 ebx=0x00000000 ecx=0x01ebbfff edx=0x2fd3fbff\n");
	ctx = sysroot_report(dir);
	assert_false(ctx->facts.cpuid.vmx);
	assert_string_equal(ctx->facts.environment.xen_guest_type, "PV");
	assert_string_equal(ctx->facts.environment.product, "Xen (PV)");
	assert_null(vc_find(ctx, VC_FID_CPUID_VT_DISABLED_BY_FIRMWARE));
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "as an HVM (or PVH) guest");
	sysroot_free(ctx);
	/* the same boot line in a domain with DMI tables (an old PVHVM kernel): not PV */
	sysroot_copy(dir, "r-env-xen-pv-xenserver-amd-domu");
	for (size_t i = 0; i < ARRAY_SIZE(dmi_dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, dmi_dirs[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	put_file(dir, "sys/class/dmi/id/product_name", "HVM domU\n");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.xen_guest_type);
	sysroot_free(ctx);
	/* no Xen anywhere: the kernel's hypervisor flag beside a clear CPUID bit is not PV */
	sysroot_copy(dir, "intel-kvm-idle-6.12");
	snprintf(path, sizeof(path), "%s/proc/cpuinfo", dir);
	{
		FILE *in = fopen(path, "r");
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;
		struct buf b = { 0 };

		assert_non_null(in);
		while ((len = getline(&line, &cap, in)) > 0) {
			if (line[len - 1] == '\n')
				line[--len] = '\0';
			buf_printf(&b, "%s%s\n", line, strncmp(line, "flags", 5) ? "" : " hypervisor");
		}
		free(line);
		fclose(in);
		put_file(dir, "proc/cpuinfo", b.data);
		buf_free(&b);
	}
	ctx = sysroot_report(dir);
	assert_true(ctx->facts.cpuid.cpuinfo_flags.hypervisor);
	assert_false(ctx->facts.environment.xen);
	assert_null(ctx->facts.environment.xen_guest_type);
	assert_int_equal(ctx->owner.hypervisor, VC_HV_KVM);
	sysroot_free(ctx);
}

/* a VPS provider DMI names: Hetzner Cloud's own row; one without a row gets the VPS advice */
static void test_vps_providers(void **state)
{
	/* Hetzner and DigitalOcean have rows of their own (users report VT-x on Basic
	 * Droplets); a provider no row names gets its hypervisor's row, and "ask the provider" */
	static const struct {
		const char *vendor, *product, *cloud, *says;
		bool asks;
	} vps[] = {
		{ "Hetzner", "vServer", "Hetzner Cloud", "Hetzner dedicated (root) server", false },
		{ "DigitalOcean", "Droplet", "DigitalOcean", "create a new Basic (shared CPU) Droplet",
		  false },
		{ "Vultr", "VC2", "Vultr", "nested=1", true },
	};
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "nested-guest-no-vt");
	for (size_t i = 0; i < ARRAY_SIZE(vps); i++) {
		_cleanup_(freep) char *vendor = xasprintf("%s\n", vps[i].vendor);
		_cleanup_(freep) char *product = xasprintf("%s\n", vps[i].product);

		put_file(dir, "sys/class/dmi/id/sys_vendor", vendor);
		put_file(dir, "sys/class/dmi/id/product_name", product);
		ctx = sysroot_report(dir);
		assert_string_equal(ctx->facts.environment.cloud, vps[i].cloud);
		f = must_find(ctx, VC_FID_KVM_UNAVAILABLE, vps[i].says);
		assert_int_equal(remedy_says(f, "ask for nested virtualization"), vps[i].asks);
		sysroot_free(ctx);
	}
}

static void put_dir(const char *root, const char *name)
{
	_cleanup_(freep) char *path = xasprintf("%s/%s", root, name);

	assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
}

/* ChromeOS's Linux VM (crosvm's DMI) and its Crostini container (/dev/.cros_milestone):
 * ChromeOS's devices list, not a host's nested=1 nor a VPS provider; the container is named */
static void test_crostini(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "nested-guest-no-vt");
	put_file(dir, "sys/class/dmi/id/sys_vendor", "ChromiumOS\n");
	put_file(dir, "sys/class/dmi/id/product_name", "crosvm\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.product, VC_PRODUCT_CROSVM);
	assert_null(ctx->facts.environment.container);
	f = must_find(ctx, VC_FID_KVM_UNAVAILABLE, "Android Emulator list");
	assert_false(remedy_says(f, "nested=1"));
	assert_false(remedy_says(f, "ask for nested virtualization"));
	sysroot_free(ctx);
	put_dir(dir, "dev");
	put_dir(dir, "run");
	put_dir(dir, "run/systemd");
	put_file(dir, "dev/.cros_milestone", "120\n");
	put_file(dir, "run/systemd/container", "lxc\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.container, "crostini");
	f = must_find(ctx, VC_FID_ENVIRONMENT_CONTAINER, NULL);
	assert_non_null(strstr(f->message, "no module support"));
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "Android Emulator list");
	sysroot_free(ctx);
}

/* issue 15: no /dev/cpu/0/msr in a container is the host's to fix, not modprobe's here; on the
 * machine itself modprobe is the remedy */
static void test_msr_driver_is_the_hosts(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "r-env-docker-no-device-kvm");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.msr.error, "ENOENT");
	f = must_find(ctx, VC_FID_MSR_UNAVAILABLE, NULL);
	assert_non_null(strstr(f->message, "in this docker container"));
	assert_non_null(strstr(f->message, "belong to the host"));
	assert_false(remedy_says(f, "modprobe"));
	assert_int_equal(f->remedies.n, 0);
	sysroot_free(ctx);

	sysroot_copy(dir, "intel-kvm-builtin-vbox71");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.container);
	must_find(ctx, VC_FID_MSR_UNAVAILABLE, "sudo modprobe msr");
	sysroot_free(ctx);
}

/* kvm loaded without kvm_intel, the lock unread (a user's run, canonical/multipass#322): the finding
 * says what modprobe's "Operation not supported" means; not on Intel from 5.6 on, where /proc/cpuinfo
 * keeps vmx only when the lock allows VMX */
static void test_kvm_core_only_lock_unread(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "r-kvm-multipass-ubuntu1804-haswell-vtx-bios-off-nonroot");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_KVM_NOT_LOADED, "sudo modprobe kvm_intel");
	assert_non_null(strstr(f->message,
			       "fails with \"Operation not supported\", VT-x is disabled in the firmware"));
	sysroot_free(ctx);
	put_file(dir, "proc/sys/kernel/osrelease", "5.15.0-76-generic\n");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_KVM_NOT_LOADED, "sudo modprobe kvm_intel");
	assert_null(strstr(f->message, "Operation not supported"));
	sysroot_free(ctx);
}

/* a docker container on a LinuxKit kernel runs in Docker Desktop's VM (dockur/windows#856): its
 * /proc/modules are that VM's, so no "modprobe kvm_intel"; the remedy is Docker Engine's context */
static void test_docker_desktop_linuxkit(void **state)
{
	struct vc_ctx *ctx;
	char cmd[1024];

	(void)state;
	sysroot_copy(dir, "r-env-docker-no-device-kvm");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/sys/module'", dir);
	assert_int_equal(system(cmd), 0);
	put_file(dir, "proc/modules", "");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.container, "docker");
	must_find(ctx, VC_FID_KVM_NOT_LOADED, "modprobe");
	sysroot_free(ctx);
	put_file(dir, "proc/sys/kernel/osrelease", "6.10.11-linuxkit\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.container, "docker-desktop");
	assert_null(vc_find(ctx, VC_FID_KVM_NOT_LOADED));
	must_find(ctx, VC_FID_KVM_NO_DEVICE, "docker context use default");
	sysroot_free(ctx);
}

/* /run/.containerenv names the engine only under --privileged (podman-run(1)): read from it, and
 * a rootless podman 3.4.x there drops --device (podman#12704) */
static void test_podman_containerenv_engine(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-env-podman-rootless-no-keep-groups");
	put_file(dir, "run/.containerenv", "");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.container_engine);
	must_find(ctx, VC_FID_KVM_NO_DEVICE, "--group-add keep-groups --device /dev/kvm");
	sysroot_free(ctx);
	put_file(dir, "run/.containerenv", "engine=\"podman-3.4.4\"\nname=\"x\"\nrootless=1\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.container_engine, "podman-3.4.4");
	must_find(ctx, VC_FID_KVM_NO_DEVICE, "-v /dev/kvm:/dev/kvm");
	sysroot_free(ctx);
}

/* kvm_amd built into a kernel that runs without AMD-V (WSL2 on Windows 10, OneClick-macOS-Simple-KVM
 * #32): its /sys/module entry exists, its init failed, no kvm misc device: not "KVM is loaded but
 * /dev/kvm does not exist" (udev), but a guest given no AMD-V; a registered misc device is udev's */
static void test_builtin_vendor_without_vt(void **state)
{
	static const char *const misc[] = { "sys/class/misc/kvm/dev", "10:232\n" };
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-env-wsl2-ryzen-5900x-custom-kernel-kvm-amd-no-nested");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.kvm.backend);
	assert_null(vc_find(ctx, VC_FID_KVM_NO_DEVICE));
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "needs Windows 11");
	sysroot_free(ctx);
	sysroot_put(dir, misc, ARRAY_SIZE(misc));
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.kvm.backend, "kvm_amd");
	must_find(ctx, VC_FID_KVM_NO_DEVICE, NULL);
	sysroot_free(ctx);
}

/* The same where the firmware disabled VT-x (CPUID still shows VMX), and for the other vendor's
 * module built in (Clear Linux builds kvm_intel in on AMD too): no backend, no udev advice; the
 * CPU's own module, loaded, is the backend */
static void test_builtin_vendor_unusable(void **state)
{
	static const char *const intel_builtin[] = { "sys/module/kvm_intel/parameters/nested", "Y\n",
						     "sys/module/kvm/parameters/halt_poll_ns", "200000\n" };
	static const char *const intel_on_amd[] = { "sys/module/kvm_intel/parameters/nested", "Y\n" };
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "intel-vtx-firmware-disabled");
	sysroot_put(dir, intel_builtin, ARRAY_SIZE(intel_builtin));
	ctx = sysroot_report(dir);
	assert_int_equal(vc_facts_modstate(&ctx->facts, "kvm_intel"), VC_MOD_BUILTIN);
	assert_null(ctx->facts.kvm.backend);
	assert_null(vc_find(ctx, VC_FID_KVM_NO_DEVICE));
	sysroot_free(ctx);
	sysroot_copy(dir, "r-env-proxmox-harvester-epyc7h12-nested-svm-ok");
	sysroot_put(dir, intel_on_amd, ARRAY_SIZE(intel_on_amd));
	ctx = sysroot_report(dir);
	assert_int_equal(vc_facts_modstate(&ctx->facts, "kvm_intel"), VC_MOD_BUILTIN);
	assert_string_equal(ctx->facts.kvm.backend, "kvm_amd");
	sysroot_free(ctx);
}

/* KubeVirt's default SMBIOS names the outer hypervisor, and the VM's spec is where its CPU model is
 * set (harvester/harvester#5243); the same guest with QEMU's DMI gets QEMU's advice */
static void test_kubevirt_guest(void **state)
{
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "r-env-harvester-kubevirt-guest-epyc-milan-host-model-no-svm");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.product, "KubeVirt");
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "spec.template.spec.domain.cpu.model: host-passthrough");
	sysroot_free(ctx);
	put_file(dir, "sys/class/dmi/id/sys_vendor", "QEMU\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.product, "KVM (QEMU)");
	f = must_find(ctx, VC_FID_KVM_UNAVAILABLE, "host-passthrough");
	assert_false(remedy_says(f, "spec.template"));
	sysroot_free(ctx);
}

/* An Azure confidential VM (DCadsv5, virtee/sevctl#186) is told no size change gives it nesting:
 * Hyper-V's isolation leaf says SEV-SNP or TDX, in CPUID (0x40000003 EBX bit 22, 0x4000000C
 * EBX[3:0]) or as the kernel printed it at boot; type 1 (VBS) is no hardware isolation */
static void test_azure_confidential_vm(void **state)
{
	static const char leaves[] =
		"CPU 0:\n"
		"   0x00000000 0x00: eax=0x0000000d ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65\n"
		"   0x00000001 0x00: eax=0x00a00f11 ebx=0x00040800 ecx=0xfed83203 edx=0x178bfbff\n"
		"   0x40000000 0x00: eax=0x4000000c ebx=0x7263694d ecx=0x666f736f edx=0x76482074\n"
		"   0x40000003 0x00: eax=0x00003fff ebx=0x00402b80 ecx=0x00000002 edx=0x00000000\n"
		"   0x4000000c 0x00: eax=0x00000001 ebx=0x%08x ecx=0x00000000 edx=0x00000000\n"
		"   0x80000000 0x00: eax=0x80000021 ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65\n"
		"   0x80000001 0x00: eax=0x00a00f11 ebx=0x00000000 ecx=0x004003f3 edx=0x2fd3fbff\n";
	char cpuid[1024];
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	sysroot_copy(dir, "r-env-azure-dcadsv5-cvm-6.2-azure-no-dev-kvm");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.confidential_guest, "sev-snp");
	f = must_find(ctx, VC_FID_KVM_UNAVAILABLE, "non-confidential VM");
	assert_false(remedy_says(f, "az vm resize"));
	sysroot_free(ctx);

	/* the boot line says VBS: an ordinary Azure VM, whose remedy is a nested-capable size */
	put_file(dir, "virtcheck/kmsg.txt", "6 Hyper-V: Isolation Config: Group A 0x0, Group B 0x1\n");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.confidential_guest);
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "az vm resize");
	sysroot_free(ctx);

	/* no kernel log, the leaves themselves: TDX (3), then VBS (1) */
	put_file(dir, "virtcheck/kmsg.txt", "");
	snprintf(cpuid, sizeof(cpuid), leaves, 0xba3u);
	put_file(dir, "virtcheck/cpuid.txt", cpuid);
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.cpuid.hv_isolation, 3);
	assert_string_equal(ctx->facts.environment.confidential_guest, "tdx");
	sysroot_free(ctx);
	snprintf(cpuid, sizeof(cpuid), leaves, 0x1u);
	put_file(dir, "virtcheck/cpuid.txt", cpuid);
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.confidential_guest);
	sysroot_free(ctx);

	/* SNP in the leaf, but HV_ISOLATION (0x40000003 EBX bit 22) clear: not isolated */
	snprintf(cpuid, sizeof(cpuid), leaves, 0xba2u);
	for (char *p = strstr(cpuid, "ebx=0x00402b80"); p; p = NULL)
		memcpy(p, "ebx=0x00002b80", 14);
	put_file(dir, "virtcheck/cpuid.txt", cpuid);
	ctx = sysroot_report(dir);
	assert_int_equal(ctx->facts.cpuid.hv_isolation, 0);
	assert_null(ctx->facts.environment.confidential_guest);
	sysroot_free(ctx);
}

/* A cloud's own kernel names the cloud where DMI names none (a sandbox or a restricted sysfs that
 * hides /sys/class/dmi): Ubuntu's linux-gke, linux-aws, linux-azure (ubuntu.com/kernel/variants).
 * Weaker than DMI, never without the CPUID signature, only of the hypervisors that cloud runs */
static void test_cloud_kernel_flavour(void **state)
{
	static const char *const dmi[] = { "bios_vendor", "board_vendor", "product_name", "sys_vendor" };
	char path[1100];
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-env-gitpod-gke-container-no-vmx");
	for (size_t i = 0; i < ARRAY_SIZE(dmi); i++) {
		snprintf(path, sizeof(path), "%s/sys/class/dmi/id/%s", dir, dmi[i]);
		assert_int_equal(unlink(path), 0);
	}
	/* 4.15.0-1027-gke, KVMKVMKVM, no DMI: the GCE row, not a rented VPS's */
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.cloud, "Google Compute Engine");
	assert_string_equal(ctx->facts.environment.product, "Google Compute Engine");
	assert_string_equal(ctx->facts.environment.outer_hypervisor, "kvm");
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "--enable-nested-virtualization");
	sysroot_free(ctx);

	put_file(dir, "proc/sys/kernel/osrelease", "5.15.0-1019-aws-64k\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.cloud, "Amazon EC2");
	sysroot_free(ctx);

	/* an Azure kernel under KVM's signature is no Azure VM; "-awsome" is no flavour */
	put_file(dir, "proc/sys/kernel/osrelease", "6.8.0-1021-azure\n");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.cloud);
	assert_string_equal(ctx->facts.environment.product, "KVM");
	sysroot_free(ctx);
	put_file(dir, "proc/sys/kernel/osrelease", "6.8.0-1-awsome\n");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.cloud);
	sysroot_free(ctx);

	/* DMI beats the kernel: a VirtualBox VM that runs an AWS kernel is VirtualBox's */
	put_file(dir, "proc/sys/kernel/osrelease", "5.15.0-1019-aws\n");
	put_file(dir, "sys/class/dmi/id/sys_vendor", "innotek GmbH\n");
	put_file(dir, "sys/class/dmi/id/product_name", "VirtualBox\n");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.cloud);
	assert_string_equal(ctx->facts.environment.product, "VirtualBox");
	sysroot_free(ctx);

	/* nor does a QEMU VM (a cloud image on libvirt or Proxmox) become EC2 or GCE by its kernel:
	 * those clouds' DMI names them, and DMI read here names QEMU */
	put_file(dir, "sys/class/dmi/id/sys_vendor", "QEMU\n");
	put_file(dir, "sys/class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)\n");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.cloud);
	assert_string_equal(ctx->facts.environment.product, "KVM (QEMU)");
	sysroot_free(ctx);
	put_file(dir, "proc/sys/kernel/osrelease", "6.8.0-1021-gcp\n");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.cloud);
	sysroot_free(ctx);
}

/* Azure's DMI is Hyper-V's: its kernel names Azure where the asset tag was not read, on Hyper-V's
 * DMI and signature only */
static void test_azure_kernel_on_hyperv_dmi(void **state)
{
	struct vc_ctx *ctx;

	(void)state;
	sysroot_copy(dir, "r-env-hyperv-multipass-no-nested");
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.environment.cloud);
	assert_string_equal(ctx->facts.environment.product, "Hyper-V");
	sysroot_free(ctx);
	put_file(dir, "proc/sys/kernel/osrelease", "6.8.0-1021-azure-fde\n");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.environment.cloud, "Microsoft Azure");
	assert_string_equal(ctx->facts.environment.product, "Microsoft Azure");
	must_find(ctx, VC_FID_KVM_UNAVAILABLE, "az vm resize");
	sysroot_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_userns_overflow_ids),
		cmocka_unit_test(test_ci_variable),
		cmocka_unit_test(test_builtin_vendor_unusable),
		cmocka_unit_test(test_device_cgroup_eperm),
		cmocka_unit_test(test_virtualbox_guest),
		cmocka_unit_test(test_no_cpuid),
		cmocka_unit_test(test_firecracker_guest),
		cmocka_unit_test(test_qemu_microvm_guest),
		cmocka_unit_test(test_ec2_metal),
		cmocka_unit_test(test_persistence_by_distribution),
		cmocka_unit_test(test_init_system),
		cmocka_unit_test(test_iommu_advice_by_vendor),
		cmocka_unit_test(test_xen_pv_domain),
		cmocka_unit_test(test_xen_pv_inferred),
		cmocka_unit_test(test_vps_providers),
		cmocka_unit_test(test_firejail_sandbox),
		cmocka_unit_test(test_crostini),
		cmocka_unit_test(test_libvirt_polkit_group),
		cmocka_unit_test(test_libvirt_virtqemud_socket),
		cmocka_unit_test(test_msr_driver_is_the_hosts),
		cmocka_unit_test(test_kvm_core_only_lock_unread),
		cmocka_unit_test(test_docker_desktop_linuxkit),
		cmocka_unit_test(test_podman_containerenv_engine),
		cmocka_unit_test(test_builtin_vendor_without_vt),
		cmocka_unit_test(test_kubevirt_guest),
		cmocka_unit_test(test_azure_confidential_vm),
		cmocka_unit_test(test_cloud_kernel_flavour),
		cmocka_unit_test(test_azure_kernel_on_hyperv_dmi),
		cmocka_unit_test(test_runit_initd_script),
	};

	if (!mkdtemp(dir))
		return 1;
	return cmocka_run_group_tests(tests, NULL, teardown);
}
