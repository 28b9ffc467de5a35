/* The error catalogue behind `explain`, the kernel-log filter, and the PCI record of a fake sysfs. */
#include "testutil.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/model/catalog.h"
#include "lib/host/live_sources.h"

static const char *match_one(const char *text)
{
	const struct vc_known_error *m[8];
	size_t n = vc_match_errors(text, m, 8);

	return n == 1 ? m[0]->id : n == 0 ? "none" : "several";
}

static void test_matches(void **state)
{
	(void)state;
	assert_string_equal(match_one("-4011"), "VERR_VMX_IN_VMX_ROOT_MODE");
	assert_string_equal(match_one("  -4054\n"), "VERR_SVM_IN_USE");
	assert_string_equal(match_one("-40111"), "none"); /* not this code */
	assert_string_equal(match_one("x-4011"), "none");
	/* a code anywhere in pasted text, as a word of its own */
	assert_string_equal(match_one("the VM failed: error -4011 happened"), "VERR_VMX_IN_VMX_ROOT_MODE");
	assert_string_equal(match_one("code -4011."), "VERR_VMX_IN_VMX_ROOT_MODE");
	assert_string_equal(match_one("Failed (rc=-4054)"), "VERR_SVM_IN_USE");
	assert_string_equal(match_one("-4011 and later -4074"), "several");
	assert_string_equal(match_one("-4074"), "VERR_SVM_HOST_SVME_NOT_ENABLED");
	assert_string_equal(match_one("-1908"), "VERR_VM_DRIVER_NOT_INSTALLED");
	assert_string_equal(match_one("verr_svm_disabled"), "VERR_SVM_DISABLED");
	assert_string_equal(
		match_one(
			"VBoxManage: error: VirtualBox can't operate in VMX root mode. Please disable the "
			"KVM kernel extension, recompile your kernel and reboot (VERR_VMX_IN_VMX_ROOT_MODE)"),
		"VERR_VMX_IN_VMX_ROOT_MODE");
	assert_string_equal(match_one("Power up failed (vrc=VERR_SVM_HOST_SVME_NOT_ENABLED, rc=-4074)"),
			    "VERR_SVM_HOST_SVME_NOT_ENABLED");
	assert_string_equal(
		match_one("qemu-system-x86_64: ioctl(KVM_CREATE_VM) failed: 16 Device or resource busy"),
		"kvm_create_vm_ebusy");
	assert_string_equal(match_one("Could not access KVM kernel module: Permission denied"),
			    "kvm_permission_denied");
	/* another tool's line is that tool's entry (its explanation names the tool) */
	assert_string_equal(match_one("Error opening VM fd: VmFd(Os { code: 16, kind: Other })"),
			    "firecracker_vmfd_busy");
	assert_string_equal(match_one("on an `Err` value: VmCreate(No such file or directory (os error 2))"),
			    "cloud_hypervisor_kvm_no_device");
	assert_string_equal(
		match_one("qemu-system-x86_64: failed to initialize kvm: No such file or directory"),
		"kvm_no_device");
	assert_string_equal(
		match_one("modprobe: ERROR: could not insert 'vboxdrv': Key was rejected by service"),
		"module_signature_rejected");
	assert_string_equal(match_one("kvm: enabling virtualization on CPU0 failed"), "kvm_enable_failed");
	assert_string_equal(match_one("x86/cpu: VMX (outside TXT) disabled by BIOS"), "vt_disabled_by_bios");
	/* modprobe's EOPNOTSUPP for the vendor module (docker/docs#14912); not another module's */
	assert_string_equal(
		match_one("modprobe: ERROR: could not insert 'kvm_intel': Operation not supported"),
		"kvm_module_not_supported");
	assert_string_equal(match_one("modprobe: ERROR: could not insert 'kvm_amd': Operation not supported"),
			    "kvm_module_not_supported");
	assert_string_equal(match_one("modprobe: ERROR: could not insert 'vboxdrv': Operation not supported"),
			    "none");
	/* lockdown's EPERM for an unsigned module (vmware-host-modules#55), and its kernel line */
	assert_string_equal(match_one("modprobe: ERROR: could not insert 'vmmon': Operation not permitted"),
			    "module_load_not_permitted");
	assert_string_equal(
		match_one("insmod: ERROR: could not insert module vmmon.ko: Operation not permitted"),
		"module_load_not_permitted");
	assert_string_equal(match_one("Lockdown: modprobe: unsigned module loading is restricted; see man "
				      "kernel_lockdown.7"),
			    "module_signature_rejected");
	assert_string_equal(match_one("rm: cannot remove 'x': Operation not permitted"), "none");
	assert_string_equal(match_one("This system is currently not set up to build kernel modules."),
			    "vbox_cannot_build_modules");
	/* the Android emulator's KVM probe (CleanArchitectureForAndroid#655) */
	assert_string_equal(match_one("ProbeKVM: This user doesn't have permissions to use KVM (/dev/kvm)."),
			    "emulator_kvm_permission");
	assert_string_equal(match_one("CPU acceleration status: /dev/kvm is not found"),
			    "emulator_kvm_no_device");
	assert_string_equal(match_one("CPU acceleration status: KVM requires a CPU that supports vmx or svm"),
			    "emulator_kvm_no_vt");
	/* issue 15 (s9-c15): KubeVirt's virt-launcher and scheduler, and kvm-ok */
	assert_string_equal(
		match_one("command Launcher.Sync failed: hardware emulation device '/dev/kvm' not present"),
		"kubevirt_no_kvm_device");
	assert_string_equal(match_one("0/4 nodes are available: 4 Insufficient devices.kubevirt.io/kvm."),
			    "kubevirt_no_kvm_device");
	assert_string_equal(match_one("INFO: Your CPU does not support KVM extensions\nKVM acceleration can "
				      "NOT be used"),
			    "kvm_ok_no_extensions");
	/* s17: kvm-ok's firmware lines (platform9/express#206), Android Studio's words for ProbeKVM's */
	assert_string_equal(match_one("INFO: KVM (vmx) is disabled by your BIOS"), "kvm_ok_disabled_by_bios");
	assert_string_equal(
		match_one("HINT: Enter your BIOS setup and enable Virtualization Technology (VT),"),
		"kvm_ok_disabled_by_bios");
	assert_string_equal(match_one("Recommendation:\n/dev/kvm device: permission denied."),
			    "emulator_kvm_permission");
	/* VirtualBox/virtualbox#301: a new VMMR0.r0, an older support driver */
	assert_string_equal(match_one("Failed to load VMMR0.r0 (VERR_LDR_IMPORTED_SYMBOL_NOT_FOUND)."),
			    "VERR_LDR_IMPORTED_SYMBOL_NOT_FOUND");
	/* libvirt with the arch in the message, and virt-host-validate (s10-env, forklift#630) */
	assert_string_equal(match_one("Call to virDomainDefineXML failed: invalid argument: could not find "
				      "capabilities for arch=x86_64 domaintype=kvm"),
			    "libvirt_no_kvm");
	assert_string_equal(match_one("QEMU: Checking for hardware virtualization : FAIL (Only emulated CPUs "
				      "are available, performance will be significantly limited)"),
			    "virt_host_validate_no_hw");
	/* a VirtualBox VM's EMT thread (VirtualBox/virtualbox#37); not another task's */
	assert_string_equal(match_one("klogd: BUG: scheduling while atomic: EMT-0/21182/0x7ffffe00"),
			    "vbox_emt_scheduling_while_atomic");
	assert_string_equal(match_one("BUG: scheduling while atomic: swapper/3/0/0x00010002"), "none");
	/* Docker's --device /dev/kvm where the host has none (sickcodes/Docker-OSX#522) */
	assert_string_equal(
		match_one("docker: Error response from daemon: error gathering device information "
			  "while adding custom device \"/dev/kvm\": no such file or directory."),
		"docker_kvm_no_device");
	assert_string_equal(match_one("error gathering device information while adding custom device "
				      "\"/dev/kvm\": not a device node."),
			    "docker_kvm_no_device");
	/* libvirt built with polkit, no agent to ask (virt-manager#625, ckad#4) */
	assert_string_equal(match_one("error: authentication unavailable: no polkit agent available to "
				      "authenticate action 'org.libvirt.unix.manage'"),
			    "libvirt_polkit_no_agent");
	/* the dockurr/windows images' own KVM check, both wordings, and its permission case */
	assert_string_equal(match_one("ERROR: KVM acceleration not available (device file missing), this "
				      "will cause a major loss of performance."),
			    "kvm_no_device");
	assert_string_equal(match_one("ERROR: KVM acceleration is not available (/dev/kvm is missing), "
				      "this will cause the machine to run about 10 times slower."),
			    "kvm_no_device");
	assert_string_equal(match_one("ERROR: KVM acceleration not available (no write access), this "
				      "will cause a major loss of performance."),
			    "kvm_permission_denied");
	assert_string_equal(match_one("adding custom device \"/dev/net/tun\": no such file or directory"),
			    "none");
	/* WSL's message without nested virtualization, both wordings (WSL#10106, #11467) */
	assert_string_equal(match_one("wsl: Nested virtualization is not supported on this machine."),
			    "wsl_nested_not_supported");
	assert_string_equal(match_one("wsl: nested virtualization is not supported on this computer"),
			    "wsl_nested_not_supported");
	/* VMware's power-on error with VT-x/AMD-V off (Olsro/ipodclickwheelgamespreservationproject#22) */
	assert_string_equal(match_one("Error while powering on: This host supports AMD-V, but AMD-V is "
				      "disabled."),
			    "vmware_vt_disabled");
	assert_string_equal(match_one("This host supports Intel VT-x, but Intel VT-x is disabled."),
			    "vmware_vt_disabled");
	/* QEMU's KVM_INTERNAL_ERROR_EMULATION (slimbootloader/slimbootloader#1469) */
	assert_string_equal(match_one("KVM internal error. Suberror: 1"), "kvm_emulation_failure");
	assert_string_equal(match_one("KVM internal error.Suberror: 2"), "none");
	/* HMR3's report of ring-0's HM init (VirtualBox/virtualbox#222) */
	assert_string_equal(match_one("VBoxManage: error: HM ring-0 init failed: VERR_NOT_AVAILABLE"),
			    "vbox_hm_ring0_init_failed");
	/* the display's screenshot of a VM that never showed a screen (VirtualBox/virtualbox#181,
	 * #144; s16-hostsA) */
	assert_string_equal(match_one("ERROR [COM]: aRC=E_FAIL (0x80004005) aComponent={DisplayWrap} "
				      "aText={Unsupported resolution for screen shot: 0x0 (screen 0)}"),
			    "vbox_screenshot_0x0");
	assert_string_equal(match_one("hello world"), "none");
	assert_string_equal(match_one(""), "none");
	/* pasted text with two errors gives both, in catalogue order */
	assert_string_equal(match_one("VERR_SVM_IN_USE then Key was rejected by service"), "several");
}

/* QEMU's 0x80000021 (VMX_INVALID_GUEST_STATE, compsec-snu/razzer#22) is the invalid guest state
 * alone, not also the general entry failure it refines; other reasons stay the general one */
static void test_most_specific(void **state)
{
	const struct vc_known_error *m[8];
	size_t n;

	(void)state;
	n = vc_match_errors("KVM: entry failed, hardware error 0x80000021", m, ARRAY_SIZE(m));
	assert_int_equal(n, 2);
	n = vc_errors_most_specific(m, n);
	assert_int_equal(n, 1);
	assert_string_equal(m[0]->id, "kvm_invalid_guest_state");
	assert_string_equal(match_one("kvm: unhandled exit 80000021"), "kvm_invalid_guest_state");
	n = vc_match_errors("KVM: entry failed, hardware error 0x0", m, ARRAY_SIZE(m));
	n = vc_errors_most_specific(m, n);
	assert_int_equal(n, 1);
	assert_string_equal(m[0]->id, "kvm_entry_failed");
	/* unrelated errors of one line both stay */
	n = vc_match_errors("VERR_SVM_IN_USE then Key was rejected by service", m, ARRAY_SIZE(m));
	assert_int_equal(vc_errors_most_specific(m, n), 2);
}

static void test_catalog_sound(void **state)
{
	(void)state;
	for (size_t i = 0; i < vc_nknown_errors; i++) {
		const struct vc_known_error *e = &vc_known_errors[i];

		assert_non_null(e->meaning);
		assert_non_null(e->patterns[0]);
		assert_non_null(e->related[0]);
		if (e->vbox_code) {
			assert_true(e->vbox_code < 0);
			assert_ptr_equal(vc_known_error_by_code(e->vbox_code), e);
		}
		for (size_t j = i + 1; j < vc_nknown_errors; j++)
			assert_string_not_equal(e->id, vc_known_errors[j].id);
	}
	assert_null(vc_known_error_by_code(-1));
}

static void test_kmsg_filter(void **state)
{
	(void)state;
	assert_true(vc_kmsg_relevant("kvm_amd: SVM disabled (by BIOS) in MSR_VM_CR on CPU 0"));
	assert_true(vc_kmsg_relevant("vboxdrv: loading out-of-tree module taints kernel."));
	assert_true(vc_kmsg_relevant("Lockdown: modprobe: unsigned module loading is restricted"));
	assert_true(vc_kmsg_relevant("Memory Encryption Features active: AMD SEV SEV-ES"));
	assert_true(vc_kmsg_relevant("Hyper-V: Isolation Config: Group A 0x1, Group B 0xba2"));
	assert_false(vc_kmsg_relevant("Hyper-V: privilege flags low 0x2e7f, high 0x3b8030, hints 0xa0e24"));
	assert_false(vc_kmsg_relevant("usb 1-1: new high-speed USB device number 2 using xhci_hcd"));
	assert_false(vc_kmsg_relevant("EXT4-fs (vda): mounted filesystem with ordered data mode"));
	/* each word whole, without case, anywhere; "SEV" only in capitals */
	assert_true(vc_kmsg_relevant("DMAR: IOMMU enabled"));
	assert_true(vc_kmsg_relevant("AMD-Vi: Interrupt remapping enabled"));
	assert_true(vc_kmsg_relevant("integrity: Loading X.509 certificate: UEFI:db, Secure Boot on"));
	assert_true(vc_kmsg_relevant("x86/tme: memory EncrYption enabled by BIOS"));
	assert_true(vc_kmsg_relevant("...TBOOT"));
	assert_false(vc_kmsg_relevant("kv m: tbo ot, secure-boot, io mmu, t dx, vfi"));
	assert_false(vc_kmsg_relevant("sev-es: not a capital"));
	assert_false(vc_kmsg_relevant(""));
}

static const char *const tree_dirs[] = {
	"bus",
	"bus/pci",
	"bus/pci/devices",
	"bus/pci/devices/0000:01:00.0",
	"bus/pci/drivers",
	"bus/pci/drivers/vfio-pci",
	"kernel",
	"kernel/iommu_groups",
	"kernel/iommu_groups/14",
};

static char *in_root(char *buf, size_t len, const char *root, const char *rel)
{
	snprintf(buf, len, "%s/%s", root, rel);
	return buf;
}

/* The PCI record of a sysfs tree we build: the device bound to vfio-pci and its IOMMU group (its
 * name from libpci). */
static void test_pci_fake_sysfs(void **state)
{
	char root[] = "/tmp/vc-pci-XXXXXX", dev[512], path[600];
	struct buf b = { 0 };
	int r;

	(void)state;
	assert_non_null(mkdtemp(root));
	/* the links resolve as in /sys: libpci follows them to their targets */
	for (size_t i = 0; i < ARRAY_SIZE(tree_dirs); i++)
		assert_int_equal(mkdir(in_root(path, sizeof(path), root, tree_dirs[i]), 0755), 0);
	snprintf(dev, sizeof(dev), "%s/bus/pci/devices/0000:01:00.0", root);
	put_file(dev, "vendor", "0x10de\n");
	put_file(dev, "device", "0x2484\n");
	put_file(dev, "class", "0x030000\n");
	put_file(dev, "irq", "0\n");
	put_file(dev, "resource", "0x0000000000000000 0x0000000000000000 0x0000000000000000\n");
	snprintf(path, sizeof(path), "%s/iommu_group", dev);
	assert_int_equal(symlink("../../../../kernel/iommu_groups/14", path), 0);
	snprintf(path, sizeof(path), "%s/driver", dev);
	assert_int_equal(symlink("../../drivers/vfio-pci", path), 0);

	/* without libpci (no name for the vfio-pci device) the record still stands, nameless */
	{
		struct vc_dlib *lib = (struct vc_dlib *)vc_live_dlib("pci");
		const char *soname = lib->soname;

		assert_null(lib->handle);
		lib->soname = "libvc-no-such-libpci.so.3";
		assert_int_equal(vc_live_pci(root, &b), 0);
		assert_non_null(strstr(b.data, "# libpci: cannot be loaded"));
		assert_non_null(strstr(b.data, "0000:01:00.0 10de:2484 class=0300 driver=vfio-pci "
					       "iommu_group=14 name=\n"));
		buf_free(&b);
		lib->soname = soname;
		lib->err = 0;
	}

	r = vc_live_pci(root, &b);
	if (r < 0)
		print_message("libpci: %s\n", b.data ? b.data : "");
	assert_int_equal(r, 0);
	assert_non_null(b.data);
	assert_non_null(strstr(b.data, "0000:01:00.0 10de:2484 class=0300 driver=vfio-pci iommu_group=14"));
	buf_free(&b);

	/* the class is one of libpci's mandatory attributes: without it the record is an error */
	snprintf(path, sizeof(path), "%s/class", dev);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(vc_live_pci(root, &b), -EIO);
	assert_non_null(b.data);
	assert_non_null(strstr(b.data, "# pci: Cannot open "));
	assert_null(strstr(b.data, "driver=vfio-pci"));
	buf_free(&b);

	/* no PCI bus at all: an error, not an exit() inside libpci */
	snprintf(path, sizeof(path), "%s/nonexistent", root);
	assert_int_equal(vc_live_pci(path, &b), -ENOENT);
	buf_free(&b);

	/* clean up the tree (no shell: unlink by name, then the directories deepest first) */
	static const char *const files[] = { "vendor",	 "device",	"class", "irq",
					     "resource", "iommu_group", "driver" };
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dev, files[i]);
		unlink(path);
	}
	for (size_t i = ARRAY_SIZE(tree_dirs); i-- > 0;)
		rmdir(in_root(path, sizeof(path), root, tree_dirs[i]));
	rmdir(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches),	       cmocka_unit_test(test_most_specific),
		cmocka_unit_test(test_catalog_sound),  cmocka_unit_test(test_kmsg_filter),
		cmocka_unit_test(test_pci_fake_sysfs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
