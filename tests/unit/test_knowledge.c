/* The knowledge table: one case per row (a host on which that row is the first of its subject to
 * hold), the rows' own consistency (ids, sources, errors in the catalogue, findings that exist), and
 * the one predicate the verdict and switch share. */
#include "testutil.h"

#include <stdio.h>

#include "lib/model/catalog.h"
#include "lib/model/findings.h"
#include "lib/model/remedies.h"
#include "lib/verdict/knowledge.h"
#include "probes/probes.h"

/* ---- building facts ---- */

static void cpu(struct vc_facts *f, const char *vendor)
{
	bool amd = !strcmp(vendor, "AuthenticAMD");

	f->ran |= VC_P(VC_PROBE_CPUID);
	f->cpuid.available = true;
	snprintf(f->cpuid.vendor, sizeof(f->cpuid.vendor), "%s", vendor);
	f->cpuid.vt = amd ? VC_VT_SVM : VC_VT_VMX;
	f->cpuid.vmx = !amd;
	f->cpuid.svm = amd;
}

static void kernel(struct vc_facts *f, const char *release)
{
	free(f->kernel);
	f->kernel = xstrdup(release);
}

static void module(struct vc_facts *f, const char *name)
{
	f->ran |= VC_P(VC_PROBE_MODULES);
	f->modules.mod[vc_module_index(name)].state = VC_MOD_LIVE;
}

/* kvm and the vendor module loaded, with kvm.enable_virt_at_load as given (NULL: before 6.12) */
static void kvm(struct vc_facts *f, const char *virt_at_load)
{
	module(f, "kvm");
	module(f, !strcmp(f->cpuid.vendor, "AuthenticAMD") ? "kvm_amd" : "kvm_intel");
	if (virt_at_load) {
		struct vc_param *p = VC_PUSH(f->modules.mod[vc_module_index("kvm")].parameters);

		p->name = xstrdup("enable_virt_at_load");
		p->value = xstrdup(virt_at_load);
	}
}

static void vbox(struct vc_facts *f, const char *version)
{
	f->ran |= VC_P(VC_PROBE_VIRTUALBOX);
	f->virtualbox.installed = true;
	f->virtualbox.version = xstrdup(version);
	f->virtualbox.kvm_backend = VC_TRI_FALSE;
}

static void kconfig(struct vc_facts *f, const char *key, const char *value)
{
	f->platform.has_kernel_config = true;
	for (size_t i = 0; i < VC_NCONFIG; i++)
		if (!strcmp(vc_config_keys[i], key))
			f->platform.kernel_config.value[i] = xstrdup(value);
}

/* ---- one host per row ---- */

static void c_at_load(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.12.9-amd64");
	kvm(f, "Y");
}

/* kvm_intel loaded with TDX host support on (its tdx parameter reads Y) */
static void c_refcount(struct vc_facts *f)
{
	struct vc_param *p;

	cpu(f, "GenuineIntel");
	kernel(f, "7.1.0-1-default");
	kvm(f, NULL);
	p = VC_PUSH(f->modules.mod[vc_module_index("kvm_intel")].parameters);
	p->name = xstrdup("tdx");
	p->value = xstrdup("Y");
}

static void c_panic_7(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "7.0.12-arch1-1");
	kvm(f, "Y");
	vbox(f, "7.2.10");
}

static void c_panic_617(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.17.0-35-generic");
	kvm(f, "Y");
	vbox(f, "7.2.10");
}

static void c_may_panic(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "6.18.2");
	kvm(f, "Y");
	vbox(f, "7.2.10");
}

static void c_dummy_vm(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.16.3-amd64");
	kvm(f, "Y");
	vbox(f, "7.2.14");
}

static void c_host_api_intel(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.18.2");
	kvm(f, "Y");
	vbox(f, "7.2.8");
}

static void c_host_api_amd_old(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "6.18.2");
	kvm(f, "Y");
	vbox(f, "7.2.4");
}

static void c_host_api_amd(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "6.17.1");
	kvm(f, "Y");
	vbox(f, "7.2.6");
}

static void c_72_before_616(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.14.0-24-generic");
	kvm(f, "Y");
	vbox(f, "7.2.14");
}

static void c_vbox71(struct vc_facts *f)
{
	c_at_load(f);
	vbox(f, "7.1.6");
}

static void c_svme(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "7.1.0");
	kvm(f, "N");
	vbox(f, "7.2.10");
}

static void c_off_unclear(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.18.2");
	kvm(f, "N");
	vbox(f, "7.2.14");
}

static void c_off_fits(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.14.0-24-generic");
	kvm(f, "N");
	vbox(f, "7.2.14");
}

static void c_no_build_71(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "7.1.0-amd64");
	vbox(f, "7.2.8");
}

/* VirtualBox/virtualbox#835: 7.2.16, Linux 7.1.10 on AMD, CONFIG_X86_FRED=y, no CONFIG_KVM_INTEL */
static void c_fred_no_build(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "7.1.10");
	kconfig(f, "CONFIG_X86_FRED", "y");
	kconfig(f, "CONFIG_KVM", "y");
	kconfig(f, "CONFIG_KVM_AMD", "m");
	vbox(f, "7.2.16");
}

static void c_too_new(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "7.2.1");
	vbox(f, "7.2.12");
}

/* NixOS 23.05, 6.4.1-xanmod1, VirtualBox 7.0.8 loaded (nixpkgs#245834) */
static void c_loaded_too_new(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.4.1-xanmod1");
	vbox(f, "7.0.8");
	module(f, "vboxdrv");
}

static void c_build_failed(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.17.1");
	vbox(f, "7.2.4");
	vc_strv_push(&f->virtualbox.setup_log, "SUPDrv-linux.c:42:1: error: unknown type name");
}

static void c_fred(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "7.1.10");
	vbox(f, "7.2.16");
	vc_strv_push(&f->platform.kernel_log.driver_refused,
		     "vboxdrv: FRED is active without KVM being enabled for this kernel, this is currently "
		     "unsupported!");
}

/* a crouton chroot on ChromeOS: module locking refused vboxdrv (divx118/crouton-packages#12) */
static void c_chromeos_locked(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "3.8.11");
	vbox(f, "4.3.26");
	vc_strv_push(&f->platform.kernel_log.driver_refused,
		     "Chromium OS LSM: init_module denied module=\"/lib/modules/3.8.11/updates/dkms/"
		     "vboxdrv.ko\" pid=22154 cmdline=\"modprobe vboxdrv\"");
}

/* module locking off ("locking-ignored") and vboxdrv built against headers of another
 * configuration: the kernel's version magic refusal (divx118/crouton-packages#36) */
static void c_vboxdrv_other_kernel(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "3.14.0");
	vbox(f, "5.0.20");
	vc_strv_push(&f->platform.kernel_log.module_abi,
		     "vboxdrv: version magic '3.14.0 SMP mod_unload ' should be '3.14.0 SMP preempt "
		     "mod_unload '");
}

/* Debian's VirtualBox (its DKMS package), vboxdrv not loaded: FreelancePentester/ddos-script#4 */
static void c_not_loaded_dkms(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "4.7.0-kali1-686-pae");
	vbox(f, "5.1.8");
	f->virtualbox.build = VC_VBOX_BUILD_DKMS;
	f->virtualbox.build_name = "virtualbox";
}

/* FRED on (the cpuinfo flag), vboxdrv loaded: VirtualBox/virtualbox#784 */
static void c_fred_panic(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "7.1.5-gentoo-x86_64");
	vbox(f, "7.2.14");
	module(f, "vboxdrv");
	f->cpuid.cpuinfo_flags.fred = true;
	f->cpuid.fred = VC_TRI_TRUE;
}

static void c_fred_may_panic(struct vc_facts *f)
{
	c_fred_panic(f);
	free(f->virtualbox.version);
	f->virtualbox.version = xstrdup("7.2.18");
}

static void c_preempt(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.15.0-Vamp898");
	kconfig(f, "CONFIG_KVM", "n");
	vbox(f, "7.2.0");
}

/* VirtualBox/virtualbox#37: 7.1.10 loaded on a 6.15.1 built without KVM */
static void c_loaded_without_kvm(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "6.15.1");
	kconfig(f, "CONFIG_KVM", "n");
	vbox(f, "7.1.10");
	module(f, "vboxdrv");
}

static void c_unsigned(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "6.1.0-27-amd64");
	f->platform.secure_boot = VC_TRI_TRUE;
	vbox(f, "7.0.20");
}

/* Secure Boot on, vboxdrv built by DKMS and signed, nothing refused in the kernel log */
static void c_signed_not_loaded(struct vc_facts *f)
{
	c_unsigned(f);
	f->virtualbox.driver_ko = xstrdup("/lib/modules/6.1.0-27-amd64/updates/dkms/vboxdrv.ko");
	f->virtualbox.driver_signed = VC_TRI_TRUE;
}

/* ... whose key the kernel refused (connaissances.fournier38.fr: vboxdrv.sh signed the modules) */
static void c_key_not_enrolled(struct vc_facts *f)
{
	c_signed_not_loaded(f);
	vc_strv_push(&f->platform.kernel_log.module_rejected,
		     "Loading of module with unavailable key is rejected");
}

/* A signed vboxdrv is refused only for its key, which the kernel log names. */
static void test_signed_vboxdrv(void **state)
{
	struct vc_facts f = { 0 };

	(void)state;
	c_signed_not_loaded(&f);
	assert_false(vc_knowledge_holds(vc_knowledge_by_id("vboxdrv_unsigned_refused"), &f));
	/* a lockdown line about some unsigned module is not about this signed one */
	vc_strv_push(&f.platform.kernel_log.module_rejected,
		     "Lockdown: modprobe: unsigned module loading is restricted; see man kernel_lockdown.7");
	assert_false(vc_knowledge_holds(vc_knowledge_by_id("vboxdrv_unsigned_refused"), &f));
	vc_strv_push(&f.platform.kernel_log.module_rejected,
		     "Loading of module with unavailable key is rejected");
	assert_false(vc_knowledge_holds(vc_knowledge_by_id("vboxdrv_unsigned_refused"), &f));
	assert_true(vc_knowledge_holds(vc_knowledge_by_id("vboxdrv_key_not_enrolled"), &f));
	/* unknown (a compressed module): Secure Boot alone keeps the unsigned row */
	vc_strv_clear(&f.platform.kernel_log.module_rejected);
	f.virtualbox.driver_signed = VC_TRI_NULL;
	assert_true(vc_knowledge_holds(vc_knowledge_by_id("vboxdrv_unsigned_refused"), &f));
	vc_facts_free(&f);
}

static void c_nem(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.12.9-amd64");
	kvm(f, "Y");
	vbox(f, "7.1.6");
	f->virtualbox.kvm_backend = VC_TRI_TRUE;
}

/* a VMware VM holds VT: the KVM backend cannot create its KVM VM */
static void c_nem_blocked(struct vc_facts *f)
{
	struct vc_proc_facts *p;

	c_nem(f);
	module(f, "vmmon");
	f->ran |= VC_P(VC_PROBE_PROCESSES);
	p = VC_PUSH(f->processes.procs);
	p->pid = 4242;
	p->comm = xstrdup("vmware-vmx");
	p->hypervisor = VC_HV_VMWARE;
	p->is_vmware = true;
	p->vms = 1;
	f->processes.vms.vmware = 1;
}

static void c_nem_no_kvm(struct vc_facts *f)
{
	c_nem(f);
	f->kvm.device.present = VC_TRI_FALSE;
}

static void c_nem_denied(struct vc_facts *f)
{
	c_nem(f);
	f->kvm.device.present = VC_TRI_TRUE;
	f->kvm.access.has_identity = true;
	f->kvm.access.reason = VC_DENIED_NOT_IN_GROUP;
}

static void c_nem_xsave(struct vc_facts *f)
{
	c_nem(f);
	f->virtualbox.nem_cyberus = true;
	f->virtualbox.nem_xsave = VC_TRI_FALSE;
	f->virtualbox.nem_rdtscp = VC_TRI_FALSE;
}

/* Oracle's own backend (no cyberus build) on a Core 2: the RDTSCP row, not the XSAVE one */
static void c_nem_rdtscp(struct vc_facts *f)
{
	c_nem(f);
	f->virtualbox.nem_xsave = VC_TRI_FALSE;
	f->virtualbox.nem_rdtscp = VC_TRI_FALSE;
}

static void c_nem_split_lock(struct vc_facts *f)
{
	c_nem(f);
	f->virtualbox.nem_xsave = VC_TRI_TRUE;
	f->virtualbox.nem_split_lock = VC_TRI_TRUE;
}

static void c_nem_nixos(struct vc_facts *f)
{
	c_nem(f);
	f->distro.family = VC_DISTRO_NIXOS;
}

/* s10-blind2, ivan-hc/VirtualBox-appimage#12: the KVM backend on an Arrandale (no XSAVE) */
static void c_nem_xcrs(struct vc_facts *f)
{
	const struct vc_known_error *m[1];

	c_nem(f);
	f->virtualbox.nem_xsave = VC_TRI_FALSE;
	assert_int_equal(vc_match_errors("Required capability 'KVM_CAP_KVM_CAP_XCRS' is missing! "
					 "(VERR_NEM_MISSING_FEATURE)",
					 m, 1),
			 1);
	f->virtualbox.logged_error = m[0];
}

/* s11-pastes, divx118/crouton-packages#41: vbox-install.log says the kernel's sources are missing */
static void c_no_headers(struct vc_facts *f)
{
	const struct vc_known_error *m[1];

	cpu(f, "GenuineIntel");
	kernel(f, "6.8.0");
	vbox(f, "7.1.12");
	assert_int_equal(vc_match_errors("Makefile:185: *** Error: unable to find the sources of your "
					 "current Linux kernel. Specify KERN_DIR=<directory> and run Make "
					 "again.  Stop.",
					 m, 1),
			 1);
	f->virtualbox.logged_error = m[0];
}

static void c_driverless(struct vc_facts *f)
{
	const struct vc_known_error *m[1];

	cpu(f, "GenuineIntel");
	kernel(f, "6.12.9-amd64");
	vbox(f, "7.2.4");
	module(f, "vboxdrv");
	assert_int_equal(vc_match_errors("rc=VERR_SUP_DRIVERLESS", m, 1), 1);
	f->virtualbox.logged_error = m[0];
}

static void c_vmmon(struct vc_facts *f)
{
	c_at_load(f);
	module(f, "vmmon");
}

/* explain --log's rows: what KVM's users meet (Linux 6.8, nothing loaded) */
static void c_fw(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.8.0");
	vc_strv_push(&f->platform.kernel_log.bios_disabled, "kvm: disabled by bios");
}

static void c_not_exposed(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.8.0");
	f->cpuid.vt = VC_VT_NONE;
	f->cpuid.vmx = false;
	f->cpuid.hypervisor_bit = true;
}

static void c_no_module(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "6.8.0");
	f->kvm.device.present = VC_TRI_FALSE;
}

static void c_no_access(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "6.8.0");
	f->kvm.access.open = xstrdup("EACCES");
}

/* gcc rejects the kernel's flags (linux-surface#1035); a crouton chroot without headers */
static void c_compiler_mismatch(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.1.3-surface");
	vbox(f, "7.0.4");
	vc_strv_push(&f->virtualbox.setup_log, "gcc: error: unrecognized command-line option "
					       "'-mharden-sls=all'");
}

static void c_crouton_no_headers(struct vc_facts *f)
{
	c_no_headers(f);
	kernel(f, "3.18.0-16288-g64d05cf80004");
	f->environment.chroot = "crouton";
}

/* ubports/utqemu#5 (a strict snap without its kvm interface: EPERM) */
static void c_open_not_permitted(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "5.4.0-42-generic");
	f->kvm.access.open = xstrdup("EPERM");
}

/* CoreOS before its udev rule (coreos/bugs#1130): a user in group kvm, the node root:root 0600 */
static void c_node_root_only(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "4.4.0");
	f->kvm.device.present = VC_TRI_TRUE;
	f->kvm.device.node.type = 'c';
	f->kvm.device.node.mode = 0600;
	f->kvm.device.node.uid = 0;
	snprintf(f->kvm.device.node.group, sizeof(f->kvm.device.node.group), "root");
	f->kvm.access.has_identity = true;
	f->kvm.access.reason = VC_DENIED_MODE;
	f->kvm.access.open = xstrdup("EACCES");
}

static void c_not_loaded(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.8.0");
	vbox(f, "7.1.12");
}

/* RPM Fusion's 7.2.4 with the 7.2.0 driver still loaded (VirtualBox/virtualbox#425) */
static void c_driver_older(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.8.0");
	vbox(f, "7.2.4");
	module(f, "vboxdrv");
	f->virtualbox.driver_loaded = true;
	f->virtualbox.driver_version = xstrdup("7.2.0");
}

/* VMware Workstation installed (its config read), vmmon not loaded unless a case loads it */
static void vmware(struct vc_facts *f, const char *version)
{
	f->ran |= VC_P(VC_PROBE_VMWARE);
	f->vmware.installed = f->vmware.present = true;
	f->vmware.version = xstrdup(version);
}

/* FRED on, vmmon loaded: mkubecek/vmware-host-modules#337 */
static void c_vmmon_fred(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "7.2.2-arch1-1");
	vmware(f, "25.0.0");
	module(f, "vmmon");
	f->cpuid.fred = VC_TRI_TRUE;
}

static void c_vmmon_mismatch(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.10.6-amd64");
	vmware(f, "17.6.0");
	module(f, "vmmon");
	f->vmware.vmmon_ko = xstrdup("/lib/modules/6.10.6-amd64/misc/vmmon.ko");
	f->vmware.vmmon_source = vc_oint(416);
}

static void c_vmmon_not_built(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "6.12.5-200.fc41.x86_64");
	vmware(f, "17.6.2");
}

/* mkubecek/vmware-host-modules#322 (17.6.2 on 6.16.7: "Unable to install all modules") */
static void c_vmmon_build_failed(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.16.7-200.fc42.x86_64");
	vmware(f, "17.6.2");
	f->vmware.build_failed = true;
}

/* M-Bab/linux-kernel-amdgpu-binaries#17 (the modconfig log: "Failed to find
 * /lib/modules/4.12.9+/build/include") */
static void c_vmmon_no_headers(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "4.12.9+");
	vmware(f, "17.6.2"); /* any release: the report names none */
	f->vmware.build_failed = true;
	f->vmware.build_headers_missing = xstrdup("4.12.9+");
}

static void c_vmmon_unsigned(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.11.8-300.fc41.x86_64");
	vmware(f, "17.6.1");
	f->platform.lockdown = xstrdup("integrity");
	f->vmware.vmmon_ko = xstrdup("/lib/modules/6.11.8-300.fc41.x86_64/misc/vmmon.ko");
	f->vmware.vmmon_signed = VC_TRI_FALSE;
}

static void c_vmmon_not_loaded(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.8.0-49-generic");
	vmware(f, "17.5.2");
	f->vmware.vmmon_ko = xstrdup("/lib/modules/6.8.0-49-generic/misc/vmmon.ko");
}

/* s11-hosts, mkubecek/vmware-host-modules#229: vmmon built against another kernel's headers */
static void c_vmmon_other_kernel(struct vc_facts *f)
{
	c_vmmon_not_loaded(f);
	vc_strv_push(&f->platform.kernel_log.module_abi,
		     "module vmmon: .gnu.linkonce.this_module section size must match the kernel's built "
		     "struct module size at run time");
}

/* the same refusal under lockdown: the log's cause, not the signature */
static void c_vmmon_other_kernel_locked(struct vc_facts *f)
{
	c_vmmon_unsigned(f);
	vc_strv_push(&f->platform.kernel_log.module_abi,
		     "vmnet: disagrees about version of symbol module_layout");
}

/* ---- KVM and VirtualBox VMs at the same time (VirtualBox/virtualbox#711) ---- */

/* a running VM process: KVM's with its VM fd, or VirtualBox's (vboxdrv's dummy KVM VM has no fd) */
static void vm_proc(struct vc_facts *f, bool is_kvm, const char *comm)
{
	struct vc_proc_facts *p = VC_PUSH(f->processes.procs);

	f->ran |= VC_P(VC_PROBE_PROCESSES);
	f->processes.inspected = true;
	p->pid = 4000 + (int64_t)f->processes.procs.n;
	p->comm = xstrdup(comm);
	p->hypervisor = is_kvm ? VC_HV_KVM : VC_HV_VIRTUALBOX;
	p->is_kvm = is_kvm;
	p->is_vbox = !is_kvm;
	p->vms = 1;
	p->vm_without_fd = !is_kvm;
	if (is_kvm)
		f->processes.vms.kvm++;
	else
		f->processes.vms.virtualbox++;
}

static void c_concurrent_7210(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.18.2");
	kvm(f, "Y");
	vbox(f, "7.2.10");
	module(f, "vboxdrv");
	vm_proc(f, true, "qemu-system-x86");
	vm_proc(f, false, "VirtualBoxVM");
}

static void c_concurrent_72(struct vc_facts *f)
{
	c_concurrent_7210(f);
	free(f->virtualbox.version);
	f->virtualbox.version = xstrdup("7.2.14");
}

/* ---- where this Linux runs ---- */

/* a guest of outer (in cloud) given no VT-x */
static void guest(struct vc_facts *f, const char *outer, const char *cloud)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.8.0-1021-aws");
	f->cpuid.vt = VC_VT_NONE;
	f->cpuid.vmx = false;
	f->cpuid.hypervisor_bit = true;
	f->ran |= VC_P(VC_PROBE_ENVIRONMENT);
	f->environment.virtualized = true;
	f->environment.outer_hypervisor = outer;
	f->environment.cloud = cloud;
}

static void c_tdx(struct vc_facts *f)
{
	guest(f, "kvm", NULL);
	f->environment.confidential_guest = "tdx";
}

static void c_sev(struct vc_facts *f)
{
	guest(f, "kvm", "Google Compute Engine");
	f->environment.confidential_guest = "sev";
}

static void c_wsl2_nested(struct vc_facts *f)
{
	guest(f, "hyperv", NULL);
	f->cpuid.vt = VC_VT_VMX;
	f->cpuid.vmx = true;
	f->environment.wsl = "wsl2";
}

static void c_wsl2_win10(struct vc_facts *f)
{
	guest(f, "hyperv", NULL);
	f->environment.wsl = "wsl2";
}

/* /dev/kvm exists, KVM loaded, and user may not open it, for this reason */
static void kvm_denied_to(struct vc_facts *f, const char *user, enum vc_access reason)
{
	kvm(f, NULL);
	f->ran |= VC_P(VC_PROBE_KVM) | VC_P(VC_PROBE_ENVIRONMENT);
	f->kvm.device.present = VC_TRI_TRUE;
	f->kvm.access.has_identity = true;
	f->kvm.access.user = xstrdup(user);
	f->kvm.access.reason = reason;
}

/* issue 15 (s9-c15): WSL2 without systemd, /dev/kvm root:root 0600, the user already in kvm */
static void c_wsl2_no_udev(struct vc_facts *f)
{
	c_wsl2_nested(f);
	kvm_denied_to(f, "user", VC_DENIED_MODE);
	f->kvm.udevd = VC_TRI_FALSE;
}

/* Xen's dom0, a Xen PV domain, a Hetzner Cloud server, a VPS, a hosted CI job */
static void c_xen_dom0(struct vc_facts *f)
{
	guest(f, "xen", NULL);
	f->environment.xen = true;
	f->environment.xen_guest_type = "PV";
	f->environment.xen_dom0 = true;
}

/* dom0 of a Xen that runs in a VMware VM giving it no VT-x (QubesOS/qubes-issues#2981) */
static void c_xen_dom0_in_vmware(struct vc_facts *f)
{
	c_xen_dom0(f);
	f->environment.xen_host = "VMware";
}

static void c_xen_pv(struct vc_facts *f)
{
	guest(f, "xen", NULL);
	f->environment.xen = true;
	f->environment.xen_guest_type = "PV";
}

static void c_hetzner(struct vc_facts *f)
{
	guest(f, "kvm", "Hetzner Cloud");
}

static void c_oci(struct vc_facts *f)
{
	guest(f, "kvm", "Oracle Cloud");
}

/* a VPS provider with no row of its own (DigitalOcean has one) */
static void c_vps(struct vc_facts *f)
{
	guest(f, "kvm", "Vultr");
}

/* a DigitalOcean Droplet given no VT-x */
static void c_digitalocean(struct vc_facts *f)
{
	guest(f, "kvm", "DigitalOcean");
}

/* a Scaleway Instance given no VT-x (s15-clouds) */
static void c_scaleway(struct vc_facts *f)
{
	guest(f, "kvm", "Scaleway");
}

/* an Alibaba Cloud ECS virtual machine given no VT-x (s15-clouds) */
static void c_alibaba(struct vc_facts *f)
{
	guest(f, "kvm", "Alibaba Cloud");
}

static void c_hosted_ci(struct vc_facts *f)
{
	guest(f, "hyperv", "Microsoft Azure");
	f->environment.ci = "GitHub Actions";
}

/* a Cirrus CI task's Compute Engine VM, nested_virtualization asked for and placed on AMD (issue
 * 15, s17-B: r-env-gce-cirrus-amd-epyc7b13-nested-flag-no-svm) */
static void c_cirrus_gce(struct vc_facts *f)
{
	guest(f, "kvm", "Google Compute Engine");
	f->environment.ci = "Cirrus CI";
}

/* a Cirrus CI container: task without /dev/kvm (its GKE node is a Compute Engine VM too) */
static void c_cirrus_container(struct vc_facts *f)
{
	c_cirrus_gce(f);
	f->cpuid.vt = VC_VT_VMX; /* a node with nesting; the container was given no /dev/kvm */
	f->cpuid.vmx = true;
	f->environment.container = xstrdup("docker");
	f->kvm.device.present = VC_TRI_FALSE;
}

static void c_ec2(struct vc_facts *f)
{
	guest(f, "kvm", "Amazon EC2");
}

static void c_ec2_xen(struct vc_facts *f)
{
	guest(f, "xen", "Amazon EC2");
}

/* an instance type AWS offers nested virtualization for, launched without it (issue 15:
 * r-env-ec2-m8i-eks-node-nested-off); a flex variant is one; c8ib is another family */
static void ec2_type(struct vc_facts *f, const char *type)
{
	c_ec2(f);
	f->environment.dmi.product_name = xstrdup(type);
}

static void c_ec2_m8i(struct vc_facts *f)
{
	ec2_type(f, "m8i.xlarge");
}

static void c_ec2_c8i_flex(struct vc_facts *f)
{
	ec2_type(f, "c8i-flex.large");
}

static void c_ec2_c8ib(struct vc_facts *f)
{
	ec2_type(f, "c8ib.12xlarge");
}

static void c_gce(struct vc_facts *f)
{
	guest(f, "kvm", "Google Compute Engine");
}

static void c_azure(struct vc_facts *f)
{
	guest(f, "hyperv", "Microsoft Azure");
}

static void c_hyperv(struct vc_facts *f)
{
	guest(f, "hyperv", NULL);
}

static void c_vbox_guest(struct vc_facts *f)
{
	guest(f, "virtualbox", NULL);
}

/* a Linux VM in Parallels Desktop without nesting (lf-edge/eden#358) */
static void c_parallels_guest(struct vc_facts *f)
{
	guest(f, "parallels", NULL);
}

static void c_vmware_guest(struct vc_facts *f)
{
	guest(f, "vmware", NULL);
}

static void c_xen(struct vc_facts *f)
{
	guest(f, "xen", NULL);
}

/* the product, not the signature: a Firecracker microVM shows KVMKVMKVM */
static void c_firecracker(struct vc_facts *f)
{
	guest(f, "kvm", NULL);
	f->environment.product = "Firecracker";
}

/* a KubeVirt VM whose CPU model has no svm (harvester/harvester#5243): DMI sys_vendor KubeVirt */
static void c_kubevirt_guest(struct vc_facts *f)
{
	guest(f, "kvm", NULL);
	f->environment.product = "KubeVirt";
}

/* ChromeOS's Linux VM (crosvm) given no VT-x */
static void c_crostini(struct vc_facts *f)
{
	guest(f, "kvm", NULL);
	f->environment.product = VC_PRODUCT_CROSVM;
	f->environment.container = xstrdup("crostini");
}

static void c_kvm_guest(struct vc_facts *f)
{
	guest(f, "kvm", NULL);
}

/* /dev/kvm root:kvm 0660 for a user not in group kvm */
static void kvm_node_denied(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "6.8.0-1017-azure");
	kvm_denied_to(f, "runner", VC_DENIED_NOT_IN_GROUP);
}

static void c_ci(struct vc_facts *f)
{
	kvm_node_denied(f);
	f->environment.ci = "GitHub Actions";
}

/* DeviceFarmer/stf#910: the 99-kvm4all rule written and reloaded, the node still root:kvm 0660 */
static void c_ci_rule_not_settled(struct vc_facts *f)
{
	c_ci(f);
	f->kvm.udevd = VC_TRI_TRUE;
	f->kvm.device.node.mode = 0660;
	f->udev.rules[0].group = xstrdup("kvm");
	f->udev.rules[0].mode = xstrdup("0666");
}

static void c_rootless(struct vc_facts *f)
{
	kvm_node_denied(f);
	f->environment.container = xstrdup("podman");
	f->environment.user_namespace = true;
}

/* podman#12704: rootless podman 3.4.4, --privileged --device /dev/kvm, no /dev/kvm inside */
static void c_podman_privileged(struct vc_facts *f)
{
	kvm(f, NULL);
	f->ran |= VC_P(VC_PROBE_KVM) | VC_P(VC_PROBE_ENVIRONMENT);
	f->kvm.device.present = VC_TRI_FALSE;
	f->environment.container = xstrdup("podman");
	f->environment.container_engine = xstrdup("podman-3.4.4");
	f->environment.user_namespace = true;
}

static void c_container(struct vc_facts *f)
{
	cpu(f, "GenuineIntel");
	kernel(f, "6.1.0-18-amd64");
	kvm(f, NULL);
	f->ran |= VC_P(VC_PROBE_KVM) | VC_P(VC_PROBE_ENVIRONMENT);
	f->kvm.device.present = VC_TRI_FALSE;
	f->environment.container = xstrdup("docker");
}

/* Docker Desktop for Linux's engine (its VM) gave a container no /dev/kvm (docker/docs,
 * Install Docker Desktop on Linux; sickcodes/Docker-OSX#578) */
static void c_docker_desktop(struct vc_facts *f)
{
	c_container(f);
	free(f->environment.container);
	f->environment.container = xstrdup("docker-desktop");
}

/* a docker container given /dev/kvm whose process may not open it (EACCES) */
static void c_container_open_denied(struct vc_facts *f)
{
	c_container(f);
	f->kvm.device.present = VC_TRI_TRUE;
	f->kvm.captured = true;
	f->kvm.access.open = xstrdup("EACCES");
}

/* issue 15 (s10-blind3): an app in a flatpak sandbox not granted the kvm device */
static void c_flatpak(struct vc_facts *f)
{
	c_container(f);
	free(f->environment.container);
	f->environment.container = xstrdup("flatpak");
}

/* issue 15 (s10-blind3): an LXC container (a Proxmox CT, LXD) given no /dev/kvm */
static void c_lxc(struct vc_facts *f)
{
	c_container(f);
	free(f->environment.container);
	f->environment.container = xstrdup("lxc");
}

/* issue 15 (s8-f15): a GitLab docker-executor job given no /dev/kvm */
static void c_gitlab_docker(struct vc_facts *f)
{
	c_container(f);
	f->environment.ci = "GitLab CI";
}

/* a CI job's container started without /dev/kvm: the device must be passed in, no permission fix
 * inside can create it */
static void c_ci_container(struct vc_facts *f)
{
	c_container(f);
	f->environment.ci = "GitHub Actions";
	f->kvm.access.has_identity = true;
	f->kvm.access.user = xstrdup("runner");
	f->kvm.access.reason = VC_DENIED_NOT_IN_GROUP;
}

/* ---- issue 15, environments on real hosts (s10-env) ---- */

/* harvester/harvester-installer#532: a Drone CI step's container without /dev/kvm */
static void c_drone(struct vc_facts *f)
{
	c_container(f);
	f->environment.ci = "Drone CI";
}

/* project-oak/oak#3598: rootless Docker, container root is host uid 1000 */
static void c_rootless_docker(struct vc_facts *f)
{
	kvm_node_denied(f);
	f->environment.container = xstrdup("docker");
	f->environment.user_namespace = true;
	f->environment.uid_map = xstrdup("0 1000 1; 1 100000 65536");
}

/* cirruslabs/cirrus-ci-docs#397: a CI job's container with /dev/kvm not open to its user */
static void c_ci_container_node(struct vc_facts *f)
{
	c_ci(f);
	f->environment.container = xstrdup("docker");
}

/* s11-hosts, cockpit-project/starter-kit#1230: a Cirrus CI container whose image names the
 * host's kvm gid "pcp" */
static void c_container_node_pcp(struct vc_facts *f)
{
	c_ci_container_node(f);
	snprintf(f->kvm.device.node.group, sizeof(f->kvm.device.node.group), "pcp");
}

/* the same node under the image's own kvm group is the general container row's */
static void c_container_node_kvm(struct vc_facts *f)
{
	c_ci_container_node(f);
	snprintf(f->kvm.device.node.group, sizeof(f->kvm.device.node.group), "kvm");
}

/* netblue30/firejail#3008: firejail --noroot, a user namespace that is no container */
static void c_sandbox(struct vc_facts *f)
{
	kvm_node_denied(f);
	f->environment.user_namespace = true;
	f->environment.uid_map = xstrdup("1000 1000 1");
}

/* firejail without --noroot, its nogroups dropping kvm (firejail util.c) */
static void c_firejail_nogroups(struct vc_facts *f)
{
	kvm_node_denied(f);
	f->environment.sandbox = "firejail";
}

/* a container in a VM given no VT: there is no /dev/kvm to pass in (gitpod-io/gitpod#523) */
static void c_container_in_guest_without_vt(struct vc_facts *f)
{
	c_gce(f);
	f->ran |= VC_P(VC_PROBE_KVM);
	f->kvm.device.present = VC_TRI_FALSE;
	f->environment.container = xstrdup("docker");
}

/* ---- a Windows or macOS host whose logs explain --log read (session 8, task 21) ---- */

/* the host, and the catalogue errors its logs showed (explain --log keeps them in a log entry) */
static void other_host(struct vc_facts *f, const char *os, const char *error)
{
	struct vc_vbox_log *log = VC_PUSH(f->virtualbox.logs);

	f->environment.host_os = os;
	log->path = xstrdup("VBox.log");
	if (error)
		vc_strv_push(&log->errors, error);
}

/* VirtualBox read the firmware's lock on that host */
static void firmware_locked(struct vc_facts *f, const char *os)
{
	other_host(f, os, "VERR_VMX_MSR_ALL_VMX_DISABLED");
	f->virtualbox.installed = true;
	f->msr.available = f->msr.vt_disabled = true;
}

static void c_win_firmware(struct vc_facts *f)
{
	firmware_locked(f, "windows");
}

/* HM fell back to NEM and no line names Hyper-V: VirtualBox saw no VT-x */
static void c_win_hyperv(struct vc_facts *f)
{
	other_host(f, "windows", "nem_windows_hypervisor_platform");
	f->virtualbox.installed = true;
	f->cpuid.has_cpuinfo = f->cpuid.cpuinfo_only = true;
}

static void c_win_emulator(struct vc_facts *f)
{
	other_host(f, "windows", "emulator_haxm_missing");
}

static void c_win_vboxsup(struct vc_facts *f)
{
	other_host(f, "windows", "vboxsup_not_loaded");
	f->virtualbox.installed = true;
	f->modules.proc_modules = true; /* vboxdrv (VBoxSup) known absent */
}

static void c_win_vboxsup_stale(struct vc_facts *f)
{
	other_host(f, "windows", "VERR_LDR_IMPORTED_SYMBOL_NOT_FOUND");
	vc_strv_push(&f->virtualbox.logs.v[0].errors, "vmmr0_load_failed");
	f->virtualbox.installed = true;
}

static void c_win_hardening(struct vc_facts *f)
{
	other_host(f, "windows", "virtualbox_hardening");
	f->virtualbox.installed = true;
}

static void c_mac_firmware(struct vc_facts *f)
{
	firmware_locked(f, "macos");
}

static void c_mac_kext(struct vc_facts *f)
{
	other_host(f, "macos", "VERR_VM_DRIVER_NOT_INSTALLED");
	f->virtualbox.installed = true;
	f->modules.proc_modules = true;
}

static void c_mac_held(struct vc_facts *f)
{
	other_host(f, "macos", "VERR_VMX_IN_VMX_ROOT_MODE");
	f->virtualbox.installed = true;
	f->modules.mod[vc_module_index("vboxdrv")].state = VC_MOD_LIVE;
}

/* ---- issue 15 section C (s8-crow): how a remedy is carried out on this host ---- */

static void distro(struct vc_facts *f, enum vc_distro family, enum vc_boot_loader loader)
{
	f->ran |= VC_P(VC_PROBE_PLATFORM);
	f->distro.family = family;
	f->platform.boot_loader = loader;
}

static void c_nixos(struct vc_facts *f)
{
	distro(f, VC_DISTRO_NIXOS, VC_BOOT_KERNEL_CMDLINE); /* systemd-boot, yet configuration.nix */
}

static void c_ostree(struct vc_facts *f)
{
	distro(f, VC_DISTRO_OSTREE, VC_BOOT_GRUB); /* GRUB, yet rpm-ostree's deployments */
}

static void c_grubby(struct vc_facts *f)
{
	distro(f, VC_DISTRO_FEDORA, VC_BOOT_GRUBBY);
}

static void c_grub(struct vc_facts *f)
{
	distro(f, VC_DISTRO_DEBIAN, VC_BOOT_GRUB);
}

static void c_arch_uki(struct vc_facts *f)
{
	distro(f, VC_DISTRO_ARCH, VC_BOOT_KERNEL_CMDLINE);
}

static void c_kernel_install(struct vc_facts *f)
{
	distro(f, VC_DISTRO_UNKNOWN, VC_BOOT_KERNEL_CMDLINE);
}

static void c_suse(struct vc_facts *f)
{
	distro(f, VC_DISTRO_SUSE, VC_BOOT_GRUB);
}

static void c_vagrant(struct vc_facts *f)
{
	vbox(f, "7.1.4");
	f->virtualbox.vagrant = true;
}

/* ---- the Secure Boot key flows of VirtualBox's driver; Vagrant and the KVM backend ---- */

static void sb_host(struct vc_facts *f, enum vc_vbox_build build, unsigned keys, bool tool)
{
	vbox(f, "7.2.4");
	f->virtualbox.build = build;
	f->virtualbox.sign_keys = keys;
	f->virtualbox.sb_policy_tool = tool;
}

/* RPM Fusion's akmod-VirtualBox with the akmods key (and a DKMS key beside it: akmods builds) */
static void c_mok_akmods(struct vc_facts *f)
{
	sb_host(f, VC_VBOX_BUILD_AKMODS, VC_VBOX_KEY_AKMODS | VC_VBOX_KEY_DKMS, false);
}

static void c_mok_akmods_no_key(struct vc_facts *f)
{
	sb_host(f, VC_VBOX_BUILD_AKMODS, 0, false);
}

/* Ubuntu: vboxconfig made MOK.der with update-secureboot-policy --new-key */
static void c_mok_ubuntu(struct vc_facts *f)
{
	sb_host(f, VC_VBOX_BUILD_VBOXCONFIG, VC_VBOX_KEY_SHIM, true);
}

/* Debian 13: the pair is there, Debian's update-secureboot-policy enrols nothing */
static void c_mok_debian(struct vc_facts *f)
{
	sb_host(f, VC_VBOX_BUILD_VBOXCONFIG, VC_VBOX_KEY_SHIM, false);
}

/* DKMS builds, with a MOK.der an earlier vboxconfig left: DKMS's key is the one to enrol */
static void c_mok_dkms(struct vc_facts *f)
{
	sb_host(f, VC_VBOX_BUILD_DKMS, VC_VBOX_KEY_DKMS | VC_VBOX_KEY_SHIM, false);
}

/* vboxconfig with no key and no tool to make one */
static void c_mok_vboxconfig(struct vc_facts *f)
{
	sb_host(f, VC_VBOX_BUILD_VBOXCONFIG, 0, false);
}

/* Vagrant next to a KVM-backend build (cyberus virtualbox-kvm) */
static void c_vagrant_nem(struct vc_facts *f)
{
	c_vagrant(f);
	f->virtualbox.kvm_backend = VC_TRI_TRUE;
}

/* Arch's prebuilt modules: nothing here signs */
static void c_mok_prebuilt(struct vc_facts *f)
{
	sb_host(f, VC_VBOX_BUILD_PACKAGE, 0, false);
}

/* ---- issue 15 "Done when" (s9-a15): the remedy rules that were code ---- */

/* nothing says how this host boots or builds its initramfs */
static void c_unknown_host(struct vc_facts *f)
{
	distro(f, VC_DISTRO_UNKNOWN, VC_BOOT_UNKNOWN);
}

/* s17-A: hosts without systemd, by the init system probes/distro.c reads */
static void c_openrc(struct vc_facts *f)
{
	distro(f, VC_DISTRO_ARCH, VC_BOOT_GRUB); /* Artix */
	f->distro.init = VC_INIT_OPENRC;
}

static void c_runit(struct vc_facts *f)
{
	distro(f, VC_DISTRO_UNKNOWN, VC_BOOT_GRUB); /* Void */
	f->distro.init = VC_INIT_RUNIT;
}

static void c_sysvinit(struct vc_facts *f)
{
	distro(f, VC_DISTRO_DEBIAN, VC_BOOT_GRUB); /* Devuan */
	f->distro.init = VC_INIT_SYSVINIT;
}

/* Artix's runit keeps its services elsewhere than Void's */
static void c_runit_artix(struct vc_facts *f)
{
	distro(f, VC_DISTRO_ARCH, VC_BOOT_GRUB);
	f->distro.id = xstrdup("artix");
	f->distro.init = VC_INIT_RUNIT;
}

/* sysvinit outside Debian's family (Slackware): no service, no update-rc.d */
static void c_sysvinit_slackware(struct vc_facts *f)
{
	distro(f, VC_DISTRO_UNKNOWN, VC_BOOT_UNKNOWN);
	f->distro.init = VC_INIT_SYSVINIT;
}

static void c_manjaro(struct vc_facts *f)
{
	distro(f, VC_DISTRO_ARCH, VC_BOOT_GRUB);
	f->distro.id = xstrdup("manjaro");
	f->kernel = xstrdup("5.10.61-1-MANJARO");
}

/* GRUB on a distribution none of the grubcfg_ rows names (Gentoo, Void...) */
static void c_other_grub(struct vc_facts *f)
{
	distro(f, VC_DISTRO_UNKNOWN, VC_BOOT_GRUB);
}

/* Vagrant on a machine whose CPU has VT-x: KVM could run its boxes */
static void c_vagrant_kvm(struct vc_facts *f)
{
	c_vagrant(f);
	cpu(f, "GenuineIntel");
}

static void iommu_unused(struct vc_facts *f, const char *vendor, bool dmar, bool ivrs)
{
	if (vendor)
		cpu(f, vendor);
	f->ran |= VC_P(VC_PROBE_PCI);
	f->pci.iommu.dmar_table = dmar;
	f->pci.iommu.ivrs_table = ivrs;
	f->pci.iommu.enabled = false;
}

static void c_iommu_intel(struct vc_facts *f)
{
	iommu_unused(f, "GenuineIntel", true, false);
}

/* no CPUID: the ACPI table names the vendor (DMAR is Intel's) */
static void c_iommu_dmar_only(struct vc_facts *f)
{
	iommu_unused(f, NULL, true, false);
}

static void c_iommu_amd(struct vc_facts *f)
{
	iommu_unused(f, "AuthenticAMD", false, true);
}

static void c_kvm_without_kvm_amd(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD");
	kernel(f, "6.14.0-37-generic");
	module(f, "kvm");
}

static const struct kcase {
	const char *row; /* the first row of its subject that holds on this host */
	void (*setup)(struct vc_facts *f);
} cases[] = {
	{ "kvm_holds_vt_at_load", c_at_load },
	{ "x86_virt_refcount", c_refcount },
	{ "vt_disabled_by_firmware", c_fw },
	{ "vt_not_exposed_to_guest", c_not_exposed },
	{ "kvm_module_not_loaded", c_no_module },
	{ "kvm_device_no_access", c_no_access },
	{ "kvm_open_not_permitted", c_open_not_permitted }, /* s12-pb */
	{ "kvm_node_root_only", c_node_root_only },	    /* s15-pastes */
	{ "env_tdx_no_nesting", c_tdx },
	{ "env_sev_no_nesting", c_sev },
	{ "env_wsl2_kvm_node_without_udev", c_wsl2_no_udev },
	{ "env_wsl2_nested_on", c_wsl2_nested },
	{ "env_wsl2_no_nested", c_wsl2_win10 },
	{ "env_xen_dom0_in_vm_no_vt", c_xen_dom0_in_vmware },
	{ "env_xen_dom0", c_xen_dom0 },
	{ "env_xen_pv_no_vt", c_xen_pv },
	{ "env_hetzner_cloud_no_nested", c_hetzner },
	{ "env_oci_no_nested", c_oci },
	{ "env_digitalocean_no_vt", c_digitalocean }, /* s11-know */
	{ "env_alibaba_ecs_no_vt", c_alibaba },	      /* s15-clouds */
	{ "env_scaleway_no_vt", c_scaleway },	      /* s15-clouds */
	{ "rented_vps_ask_provider", c_vps },
	{ "hosted_cirrus_gce_nested", c_cirrus_gce },	    /* s17-B */
	{ "env_cirrus_container_kvm", c_cirrus_container }, /* s17 review */
	{ "hosted_ci_vm_no_nested", c_hosted_ci },
	{ "env_ec2_nested_off", c_ec2_m8i },
	{ "env_ec2_nested_off", c_ec2_c8i_flex },
	{ "env_ec2_no_nested", c_ec2_c8ib }, /* not a family with nested virtualization */
	{ "env_ec2_no_nested", c_ec2 },
	{ "env_ec2_no_nested", c_ec2_xen }, /* the cloud before its hypervisor */
	{ "env_gce_no_nested", c_gce },
	{ "env_azure_no_nested", c_azure },
	{ "env_hyperv_no_nested", c_hyperv },
	{ "env_virtualbox_no_nested", c_vbox_guest },
	{ "env_vmware_no_nested", c_vmware_guest },
	{ "env_parallels_no_nested", c_parallels_guest }, /* s17-B */
	{ "env_xen_no_nested", c_xen },
	{ "env_firecracker_no_nested", c_firecracker },
	{ "env_crostini_no_nested", c_crostini },	/* s12-hosts */
	{ "env_kubevirt_no_nested", c_kubevirt_guest }, /* s16-hostsB */
	{ "env_kvm_no_nested", c_kvm_guest },
	{ "env_gitlab_docker_executor_kvm", c_gitlab_docker },
	{ "env_drone_step_without_kvm", c_drone },
	{ "env_rootless_docker_kvm", c_rootless_docker },
	{ "env_userns_sandbox_kvm", c_sandbox },
	{ "env_firejail_nogroups_kvm", c_firejail_nogroups },
	/* s11-hosts */
	{ "env_container_kvm_node_other_group", c_container_node_pcp },
	{ "env_container_kvm_node_denied", c_container_node_kvm },
	{ "vmmon_built_for_another_kernel", c_vmmon_other_kernel },
	{ "vmmon_built_for_another_kernel", c_vmmon_other_kernel_locked },
	/* end of s11-hosts */
	{ "env_container_kvm_node_denied", c_ci_container_node }, /* not the CI permission row */
	{ "env_ci_kvm_rule_not_settled", c_ci_rule_not_settled },
	{ "env_ci_cannot_log_in_again", c_ci },
	{ "env_podman_privileged_drops_device", c_podman_privileged },
	{ "env_rootless_container_kvm", c_rootless },
	{ "env_flatpak_no_kvm_device", c_flatpak },
	{ "env_lxc_no_kvm_device", c_lxc },
	{ "env_docker_desktop_no_kvm", c_docker_desktop },	      /* s14 */
	{ "env_container_kvm_open_denied", c_container_open_denied }, /* s14 */
	{ "env_container_kvm", c_container },
	{ "env_container_kvm", c_ci_container }, /* not the CI permission row */
	{ "vbox7210_panics_next_to_kvm", c_panic_7 },
	{ "vbox7210_concurrent_kvm_vms", c_concurrent_7210 },
	{ "vbox72_concurrent_kvm_vms_unclear", c_concurrent_72 },
	{ "vbox7210_panics_next_to_kvm_6_17_intel", c_panic_617 },
	{ "vbox7210_may_panic_next_to_kvm", c_may_panic },
	{ "vbox_dummy_kvm_vm_shares_vt", c_dummy_vm },
	{ "vbox_host_api_shares_vt_intel", c_host_api_intel },
	{ "vbox_host_api_amd_before_r171326", c_host_api_amd_old },
	{ "vbox_host_api_shares_vt_amd", c_host_api_amd },
	{ "vboxdrv_72_before_6_16_needs_vt_free", c_72_before_616 },
	{ "vboxdrv_needs_vt_free", c_vbox71 },
	{ "vbox7210_svme_not_enabled", c_svme },
	{ "vbox72_virt_at_load_off_unclear", c_off_unclear },
	{ "virt_at_load_off_fits_vboxdrv", c_off_fits },
	{ "vboxdrv_compiler_mismatch", c_compiler_mismatch },
	{ "vbox_host_api_no_build_7_1", c_no_build_71 },
	{ "vboxdrv_fred_no_kvm_intel_no_build", c_fred_no_build },
	{ "vboxdrv_kernel_newer_than_supported", c_too_new },
	{ "vboxdrv_loaded_kernel_newer_than_supported", c_loaded_too_new },
	{ "vboxdrv_build_failed", c_build_failed },
	{ "vboxdrv_fred_without_kvm_intel", c_fred },
	{ "vboxdrv_built_for_another_kernel", c_vboxdrv_other_kernel }, /* s15-pastes2 */
	{ "vboxdrv_chromeos_module_locking", c_chromeos_locked },
	{ "vboxdrv_needs_preempt_notifiers", c_preempt },
	{ "vboxdrv_loaded_kernel_without_kvm", c_loaded_without_kvm },
	{ "vboxdrv_fred_panics_host", c_fred_panic },
	{ "vboxdrv_fred_may_panic_host", c_fred_may_panic },
	{ "vboxdrv_unsigned_refused", c_unsigned },
	{ "vboxdrv_key_not_enrolled", c_key_not_enrolled },
	{ "vboxdrv_signed_not_loaded", c_signed_not_loaded },
	{ "vboxdrv_crouton_no_headers", c_crouton_no_headers },
	{ "vboxdrv_no_headers", c_no_headers },
	{ "vboxdrv_not_loaded_dkms", c_not_loaded_dkms }, /* s15-pastes2 */
	{ "vboxdrv_not_loaded", c_not_loaded },
	{ "vboxdrv_older_than_virtualbox", c_driver_older },
	{ "vbox_nem_blocked_by_other_vt", c_nem_blocked },
	{ "vbox_nem_no_dev_kvm", c_nem_no_kvm },
	{ "vbox_nem_no_dev_kvm_access", c_nem_denied },
	{ "vbox_nem_no_xcrs", c_nem_xcrs },
	{ "vbox_nem_needs_xsave", c_nem_xsave },
	{ "vbox_nem_tsc_aux_no_rdtscp", c_nem_rdtscp },
	{ "vbox_nem_split_lock_detect", c_nem_split_lock },
	{ "vbox_nem_nixos_enable_kvm", c_nem_nixos },
	{ "vbox_nem_uses_dev_kvm", c_nem },
	{ "vbox_official_no_nem", c_driverless },
	{ "vmmon_runs_next_to_kvm", c_vmmon },
	{ "vmmon_fred_panics_host", c_vmmon_fred },
	{ "vmmon_version_mismatch", c_vmmon_mismatch },
	{ "vmmon_not_built", c_vmmon_not_built },
	{ "vmmon_no_headers", c_vmmon_no_headers },	/* s14 */
	{ "vmmon_build_failed", c_vmmon_build_failed }, /* s12-pb */
	{ "vmmon_unsigned_refused", c_vmmon_unsigned },
	{ "vmmon_not_loaded", c_vmmon_not_loaded },
	{ "win_vt_disabled_by_firmware", c_win_firmware },
	{ "win_hyperv_holds_vt", c_win_hyperv },
	{ "win_emulator_no_hypervisor_driver", c_win_emulator },
	{ "win_vboxsup_not_running", c_win_vboxsup },
	{ "win_vboxsup_stale", c_win_vboxsup_stale },
	{ "win_hardening_refused", c_win_hardening },
	{ "mac_vt_disabled_by_firmware", c_mac_firmware },
	{ "mac_kext_not_loaded", c_mac_kext },
	{ "mac_vt_held_or_missing", c_mac_held },
	/* issue 15 section C (s8-crow): the first row of its topic (cmdline_, initramfs_...) */
	{ "cmdline_nixos", c_nixos },
	{ "cmdline_ostree", c_ostree },
	{ "cmdline_grubby", c_grubby },
	{ "cmdline_grub", c_grub },
	{ "cmdline_arch_uki", c_arch_uki },
	{ "cmdline_kernel_install", c_kernel_install },
	{ "grubcfg_update_grub", c_grub },
	{ "grubcfg_grub_mkconfig", c_arch_uki },
	{ "grubcfg_grub2_mkconfig", c_grubby },
	{ "grubcfg_grub2_mkconfig", c_suse },
	{ "group_nixos", c_nixos },
	{ "modprobe_nixos", c_nixos },
	{ "initramfs_nixos", c_nixos },
	{ "initramfs_debian", c_grub },
	{ "initramfs_dracut", c_grubby },
	{ "initramfs_dracut", c_suse },
	{ "initramfs_mkinitcpio", c_arch_uki },
	{ "initramfs_ostree", c_ostree },
	{ "vagrant_halt", c_vagrant },
	{ "iommu_intel_on", c_iommu_intel },
	{ "iommu_intel_on", c_iommu_dmar_only },
	{ "iommu_amd_vi", c_iommu_amd },
	{ "say_kvm_without_vendor_module", c_kvm_without_kvm_amd },
	/* issue 15 "Done when" (s9-a15): a fallback is its topic's row where no other one holds */
	{ "cmdline_fallback", c_unknown_host },
	{ "grubcfg_fallback", c_other_grub },
	{ "initramfs_fallback", c_unknown_host },
	{ "initramfs_fallback", c_other_grub },
	{ "access_ci_udev_rule", c_ci },
	{ "provider_vagrant_libvirt", c_vagrant_kvm },
	/* the package of the running kernel's headers */
	{ "headers_debian", c_grub },
	{ "headers_fedora", c_grubby },
	{ "headers_suse", c_suse },
	{ "headers_arch", c_arch_uki },
	{ "headers_fallback", c_unknown_host },
	{ "prebuilt_manjaro", c_manjaro },		   /* s17-A */
	{ "prebuilt_arch_dkms", c_arch_uki },		   /* s16-hostsA */
	{ "service_openrc", c_openrc },			   /* s17-A */
	{ "service_runit", c_runit },			   /* s17-A */
	{ "service_runit_artix", c_runit_artix },	   /* s17 review */
	{ "service_initd", c_sysvinit_slackware },	   /* s17 review */
	{ "service_sysvinit", c_sysvinit },		   /* s17-A */
	{ "service_fallback", c_unknown_host },		   /* s17-A */
	{ "libvirt_system_qemu_user", c_unknown_host },	   /* explain --log uses it */
	{ "entry_invalid_guest_state", c_unknown_host },   /* explain --log uses it (s15-pastes) */
	{ "emulation_guest_instruction", c_unknown_host }, /* explain --log uses it (s15-pastes) */
	{ "vendor_module_other_cpu", c_unknown_host },	   /* explain --log uses it (s15-pastes) */
	/* s10-rules */
	{ "mok_akmods_enroll", c_mok_akmods },
	{ "mok_akmods_new_key", c_mok_akmods_no_key },
	{ "mok_ubuntu_enroll_key", c_mok_ubuntu },
	{ "mok_vboxdrv_sh_key", c_mok_debian },
	{ "mok_dkms_key", c_mok_dkms },
	{ "mok_vboxconfig_new_key", c_mok_vboxconfig },
	{ "mok_fallback", c_mok_prebuilt },
	{ "provider_virtualbox_kvm_backend", c_vagrant_nem },
};

/* issue 15 (s9-c15): udevd runs, or the user may open the node: the WSL2 udev row says nothing */
static void test_wsl2_udev_row_needs_no_udevd(void **state)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("env_wsl2_kvm_node_without_udev");
	struct vc_facts f = { 0 };

	(void)state;
	c_wsl2_no_udev(&f);
	assert_true(vc_knowledge_holds(k, &f));
	f.kvm.udevd = VC_TRI_TRUE;
	assert_false(vc_knowledge_holds(k, &f));
	f.kvm.udevd = VC_TRI_FALSE;
	f.kvm.access.reason = VC_ACCESS_OTHER;
	assert_false(vc_knowledge_holds(k, &f));
	f.kvm.access.reason = VC_DENIED_MODE;
	f.environment.wsl = NULL;
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);
}

/* the missing-headers row needs the setup's own words and vboxdrv not loaded */
static void test_no_headers_row_needs_its_line(void **state)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("vboxdrv_no_headers");
	struct vc_facts f = { 0 };

	(void)state;
	c_no_headers(&f);
	assert_true(vc_knowledge_holds(k, &f));
	module(&f, "vboxdrv");
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);
	memset(&f, 0, sizeof(f));
	c_not_loaded(&f);
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);
}

/* Its remedy installs the headers with the distribution's own command (the headers_ rows), and lists
 * them where the distribution was not read (a paste); no other distribution's command */
static void test_no_headers_remedy_per_distro(void **state)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("vboxdrv_no_headers");
	struct vc_facts f = { 0 };
	struct buf b = { 0 };

	(void)state;
	c_no_headers(&f);
	c_grubby(&f);
	vc_knowledge_steps(&b, k, &f);
	assert_non_null(strstr(b.data, "sudo dnf install kernel-devel-6.8.0"));
	assert_null(strstr(b.data, "apt"));
	assert_null(strstr(b.data, "HEADERS"));
	buf_free(&b);
	vc_facts_free(&f);
	memset(&f, 0, sizeof(f));
	c_no_headers(&f);
	c_grub(&f);
	vc_knowledge_steps(&b, k, &f);
	assert_non_null(strstr(b.data, "sudo apt install linux-headers-6.8.0"));
	assert_null(strstr(b.data, "dnf"));
	buf_free(&b);
	vc_facts_free(&f);
	memset(&f, 0, sizeof(f));
	c_no_headers(&f); /* no distribution read, no kernel known: each with $(uname -r) */
	free(f.kernel);
	f.kernel = NULL;
	vc_knowledge_steps(&b, k, &f);
	assert_non_null(strstr(b.data, "Debian, Ubuntu: sudo apt install linux-headers-$(uname -r)"));
	assert_non_null(strstr(b.data, "Fedora, RHEL: sudo dnf install kernel-devel-$(uname -r)"));
	assert_non_null(strstr(b.data, "zypper"));
	assert_non_null(strstr(b.data, "pacman"));
	assert_null(strstr(b.data, "Linux $("));
	buf_free(&b);
	vc_facts_free(&f);
}

/* s16-hostsA (CachyOS/distribution#194, xanmod/linux#92): Arch's headers package is the running
 * kernel's own, as its pkgbase file names it (linux-cachyos-headers), not the release's guess; the
 * DKMS row names that package; without the file the release's flavour (-lts) still decides */
static void test_arch_kernel_package(void **state)
{
	const struct vc_knowledge *k;
	struct vc_facts f = { 0 };
	struct buf b = { 0 };

	(void)state;
	c_arch_uki(&f);
	f.distro.read = true;
	f.kernel = xstrdup("6.16.0-5-cachyos");
	/* s17-A: the release's last word guesses it too, where no pkgbase file says */
	assert_string_equal(vc_knowledge_arch_kernel(&f), "linux-cachyos");
	f.distro.kernel_package = xstrdup("linux-cachyos");
	assert_string_equal(vc_knowledge_arch_kernel(&f), "linux-cachyos");
	vc_knowledge_headers(&b, &f);
	assert_string_equal(b.data, "sudo pacman -S linux-cachyos-headers");
	buf_free(&b);
	k = vc_knowledge_remedy(&f, "prebuilt");
	assert_non_null(k);
	assert_string_equal(k->id, "prebuilt_arch_dkms");
	vc_knowledge_expand(&b, k->remedy, (const char *const[]){ "FLAVOUR" },
			    (const char *const[]){ vc_knowledge_arch_kernel(&f) }, 1);
	assert_string_equal(b.data, "sudo pacman -S --needed virtualbox-host-dkms linux-cachyos-headers && "
				    "sudo modprobe vboxdrv");
	buf_free(&b);
	free(f.distro.kernel_package);
	f.distro.kernel_package = NULL;
	free(f.kernel);
	f.kernel = xstrdup("6.12.41-1-lts");
	assert_string_equal(vc_knowledge_arch_kernel(&f), "linux-lts");
	/* not an Arch host: no prebuilt row */
	f.distro.family = VC_DISTRO_DEBIAN;
	assert_null(vc_knowledge_remedy(&f, "prebuilt"));
	vc_facts_free(&f);
}

#define ALL_OUTCOMES ((1u << _VC_KN_OUTCOME_MAX) - 1)

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct vc_knowledge *want = vc_knowledge_by_id(cases[i].row), *got;
		struct vc_facts f = { 0 };

		if (!want)
			fail_msg("case %s: no such row", cases[i].row);
		cases[i].setup(&f);
		assert_true(vc_knowledge_holds(want, &f));
		if (want->subject == VC_KN_REMEDY) {
			/* a remedy row is the first of its topic, the id up to its first '_' */
			_cleanup_(freep) char *topic = xstrndup(want->id, strcspn(want->id, "_"));

			got = vc_knowledge_remedy(&f, topic);
			assert_true(vc_knowledge_remedy_is(&f, want->id));
		} else
			got = vc_knowledge_first(&f, want->subject, ALL_OUTCOMES, VC_KN_KVM_ANY);
		if (got != want)
			fail_msg("case %s: the first %s row that holds is %s", cases[i].row,
				 vc_kn_subject_name(want->subject), got ? got->id : "none");
		vc_facts_free(&f);
	}
}

/* what explain lists for a host. A row fits a host when the environment and distribution
 * it names are this host's; the table applies a row that holds only when no row before it answers
 * the same question (the unclear 7.2.12+ row holds on 7.2.10 too, but 7.2.10's own row comes first) */
static void test_fits_and_applies(void **state)
{
	const struct vc_knowledge *ci = vc_knowledge_by_id("env_ci_cannot_log_in_again"),
				  *win = vc_knowledge_by_id("win_hyperv_holds_vt"),
				  *svme = vc_knowledge_by_id("vbox7210_svme_not_enabled"),
				  *unclear = vc_knowledge_by_id("vbox72_virt_at_load_off_unclear"),
				  *any = vc_knowledge_by_id("kvm_device_no_access");
	struct vc_facts f = { 0 };

	(void)state;
	c_ci(&f);
	assert_true(vc_knowledge_fits_host(ci, &f));
	assert_true(vc_knowledge_fits_host(any, &f));
	assert_false(vc_knowledge_fits_host(win, &f));
	vc_facts_free(&f);
	memset(&f, 0, sizeof(f));
	c_wsl2_no_udev(&f);
	assert_false(vc_knowledge_fits_host(ci, &f));
	assert_true(vc_knowledge_fits_host(any, &f));
	vc_facts_free(&f);
	memset(&f, 0, sizeof(f));
	c_win_hyperv(&f);
	assert_true(vc_knowledge_fits_host(win, &f));
	vc_facts_free(&f);
	/* a row for NixOS fits NixOS and a host whose distribution is not known, not Debian */
	memset(&f, 0, sizeof(f));
	c_nixos(&f);
	assert_true(vc_knowledge_fits_host(vc_knowledge_by_id("group_nixos"), &f));
	c_grub(&f);
	assert_false(vc_knowledge_fits_host(vc_knowledge_by_id("group_nixos"), &f));
	vc_facts_free(&f);

	memset(&f, 0, sizeof(f));
	c_svme(&f);
	assert_true(vc_knowledge_holds(svme, &f) && vc_knowledge_holds(unclear, &f));
	assert_true(vc_knowledge_applies(svme, &f));
	assert_false(vc_knowledge_applies(unclear, &f));
	vc_facts_free(&f);
	/* a topic's fallback applies only where no other row of the topic holds */
	memset(&f, 0, sizeof(f));
	c_mok_debian(&f);
	assert_true(vc_knowledge_holds(vc_knowledge_by_id("mok_fallback"), &f));
	assert_false(vc_knowledge_applies(vc_knowledge_by_id("mok_fallback"), &f));
	assert_true(vc_knowledge_applies(vc_knowledge_by_id("mok_vboxdrv_sh_key"), &f));
	vc_facts_free(&f);
}

/* The container rows pass /dev/kvm in only where the machine under the container has VT: in a
 * VM given none, the outer hypervisor's row answers (s10-env, gitpod-io/gitpod#523); a podman or
 * userns-remapped container is not rootless Docker. */
static void test_container_rows_need_vt(void **state)
{
	struct vc_facts f = { 0 };

	(void)state;
	c_container_in_guest_without_vt(&f);
	assert_false(vc_knowledge_holds(vc_knowledge_by_id("env_container_kvm"), &f));
	assert_true(vc_knowledge_holds(vc_knowledge_by_id("env_gce_no_nested"), &f));
	vc_facts_free(&f);
	memset(&f, 0, sizeof(f));
	c_rootless_docker(&f);
	free(f.environment.uid_map);
	f.environment.uid_map = xstrdup("0 100000 65536");
	assert_false(vc_knowledge_holds(vc_knowledge_by_id("env_rootless_docker_kvm"), &f));
	vc_facts_free(&f);
}

/* A row's steps: MODULE and FLAG are the CPU vendor's, CI_SERVICE the job's, and a '%' is text. */
static void test_steps_placeholders(void **state)
{
	struct vc_facts f = { 0 };
	struct buf b = { 0 };

	(void)state;
	c_kvm_guest(&f);
	snprintf(f.cpuid.vendor, sizeof(f.cpuid.vendor), "AuthenticAMD");
	vc_knowledge_steps(&b, vc_knowledge_by_id("env_kvm_no_nested"), &f);
	assert_non_null(strstr(b.data, "options kvm_amd nested=1"));
	assert_non_null(strstr(b.data, "a CPU model with svm"));
	buf_free(&b);
	vc_knowledge_steps(&b, vc_knowledge_by_id("env_wsl2_no_nested"), &f);
	assert_non_null(strstr(b.data, "%UserProfile%\\.wslconfig"));
	buf_free(&b);
	f.environment.ci = "GitLab CI";
	vc_knowledge_steps(&b, vc_knowledge_by_id("hosted_ci_vm_no_nested"), &f);
	assert_non_null(strstr(b.data, "This GitLab CI job runs in a VM"));
	buf_free(&b);
	/* a placeholder is a word of its own */
	{
		static const char *const words[] = { "MODULE", "FLAG" }, *const values[] = { "kvm_amd",
											     "svm" };

		vc_knowledge_expand(&b, "MODULE CONFIG_MODULE_SIG FLAGS MODULES FLAG_X xFLAG (FLAG).", words,
				    values, 2);
		assert_string_equal(b.data, "kvm_amd CONFIG_MODULE_SIG FLAGS MODULES FLAG_X xFLAG (svm).");
		buf_free(&b);
	}
	vc_facts_free(&f);
}

/* vboxdrv_older_than_virtualbox: not with the installed version's own driver, nor with none */
static void test_driver_older_needs_another_version(void **state)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("vboxdrv_older_than_virtualbox");
	struct vc_facts f = { 0 };

	(void)state;
	assert_non_null(k);
	c_driver_older(&f);
	assert_true(vc_knowledge_holds(k, &f));
	free(f.virtualbox.driver_version);
	f.virtualbox.driver_version = xstrdup("7.2.4");
	assert_false(vc_knowledge_holds(k, &f));
	free(f.virtualbox.driver_version);
	f.virtualbox.driver_version = NULL;
	assert_false(vc_knowledge_holds(k, &f));
	/* a newer driver is not older; nor one beside an install of unknown version */
	f.virtualbox.driver_version = xstrdup("7.2.6");
	assert_false(vc_knowledge_holds(k, &f));
	free(f.virtualbox.driver_version);
	f.virtualbox.driver_version = xstrdup("7.2.0");
	free(f.virtualbox.version);
	f.virtualbox.version = NULL;
	assert_false(vc_knowledge_holds(k, &f));
	/* explain --log knows only "older" */
	free(f.virtualbox.driver_version);
	f.virtualbox.driver_version = xstrdup("older");
	assert_true(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);
}

/* vboxdrv_loaded_kernel_without_kvm: not with KVM configured, nor on 6.14, nor unknown config */
static void test_loaded_without_kvm_needs_the_config(void **state)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("vboxdrv_loaded_kernel_without_kvm");
	struct vc_facts f = { 0 };

	(void)state;
	assert_non_null(k);
	c_loaded_without_kvm(&f);
	assert_true(vc_knowledge_holds(k, &f));
	/* it says nothing about KVM: never the row next to KVM, and no row next to KVM hides it */
	assert_true(vc_knowledge_vbox_next_to_kvm(&f) != k);
	assert_true(vc_knowledge_applies(k, &f));
	/* nor where a row next to KVM holds too: enable_virt_at_load=0 configured for a kvm this
	 * kernel does not have (virt_at_load_off_fits_vboxdrv) answers another question */
	f.platform.kvm_settings.kvm.enable_virt_at_load.configured = xstrdup("0");
	assert_non_null(vc_knowledge_vbox_next_to_kvm(&f));
	assert_true(vc_knowledge_applies(k, &f));
	for (size_t i = 0; i < VC_NCONFIG; i++)
		if (!strcmp(vc_config_keys[i], "CONFIG_KVM")) {
			free(f.platform.kernel_config.value[i]);
			f.platform.kernel_config.value[i] = NULL;
		}
	kconfig(&f, "CONFIG_KVM", "m");
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);
	memset(&f, 0, sizeof(f));
	c_loaded_without_kvm(&f);
	free(f.kernel);
	f.kernel = xstrdup("6.14.11");
	assert_false(vc_knowledge_holds(k, &f));
	f.platform.has_kernel_config = false;
	free(f.kernel);
	f.kernel = xstrdup("6.15.1");
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);
}

/* vboxdrv_loaded_kernel_newer_than_supported: not on a kernel its release supports, not for a
 * release the table says nothing of, not without the driver loaded (that is the build row's) */
static void test_loaded_kernel_too_new(void **state)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("vboxdrv_loaded_kernel_newer_than_supported");
	struct vc_facts f = { 0 };

	(void)state;
	assert_non_null(k);
	c_loaded_too_new(&f);
	assert_true(vc_knowledge_holds(k, &f));
	assert_false(vc_knowledge_holds(vc_knowledge_by_id("vboxdrv_kernel_newer_than_supported"), &f));
	free(f.kernel);
	f.kernel = xstrdup("6.3.13");
	assert_false(vc_knowledge_holds(k, &f));
	free(f.kernel);
	f.kernel = xstrdup("6.4.1-xanmod1");
	free(f.virtualbox.version);
	f.virtualbox.version = xstrdup("7.0.10");
	assert_false(vc_knowledge_holds(k, &f));
	free(f.virtualbox.version);
	f.virtualbox.version = xstrdup("7.0.22"); /* after the 7.0.10 row: the table does not say */
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);
	memset(&f, 0, sizeof(f));
	c_loaded_too_new(&f);
	f.modules.mod[vc_module_index("vboxdrv")].state = VC_MOD_ABSENT;
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);
}

/* env_ci_kvm_rule_not_settled: only where a rule opening /dev/kvm to all is written and the node
 * does not show it yet, with udevd running; else the job's answer is to write that rule */
static void test_ci_rule_not_settled(void **state)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("env_ci_kvm_rule_not_settled");
	struct vc_facts f = { 0 };

	(void)state;
	assert_non_null(k);
	c_ci_rule_not_settled(&f);
	assert_true(vc_knowledge_holds(k, &f));
	assert_ptr_equal(vc_knowledge_environment(&f, "kvm.no_access"), k);
	f.kvm.udevd = VC_TRI_FALSE; /* no udevd: nothing will ever apply it */
	assert_false(vc_knowledge_holds(k, &f));
	f.kvm.udevd = VC_TRI_TRUE;
	free(f.udev.rules[0].mode);
	f.udev.rules[0].mode = xstrdup("0660"); /* the packaged rule only: write the rule */
	assert_false(vc_knowledge_holds(k, &f));
	assert_string_equal(vc_knowledge_environment(&f, "kvm.no_access")->id, "env_ci_cannot_log_in_again");
	/* writing the rule waits for udev too: trigger only queues the event */
	assert_non_null(
		strstr(vc_knowledge_environment(&f, "kvm.no_access")->remedy, "&& sudo udevadm settle"));
	vc_facts_free(&f);
}

/* env_podman_privileged_drops_device: only a rootless, privileged podman up to 3.4.4 without the
 * node; 4.3.1 passes --device, an unprivileged run names no engine; rootless as /run/.containerenv
 * says, a user namespace only where it does not */
static void test_podman_privileged_drops_device(void **state)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("env_podman_privileged_drops_device");
	struct vc_facts f = { 0 };

	(void)state;
	assert_non_null(k);
	c_podman_privileged(&f);
	assert_true(vc_knowledge_holds(k, &f));
	assert_ptr_equal(vc_knowledge_environment(&f, "kvm.no_device"), k);
	free(f.environment.container_engine);
	f.environment.container_engine = xstrdup("podman-4.3.1");
	assert_false(vc_knowledge_holds(k, &f));
	free(f.environment.container_engine);
	f.environment.container_engine = NULL; /* not --privileged */
	assert_false(vc_knowledge_holds(k, &f));
	f.environment.container_engine = xstrdup("podman-3.3.1");
	assert_true(vc_knowledge_holds(k, &f));
	f.kvm.device.present = VC_TRI_TRUE;
	assert_false(vc_knowledge_holds(k, &f));
	f.kvm.device.present = VC_TRI_FALSE;
	f.environment.user_namespace = false; /* rootful */
	assert_false(vc_knowledge_holds(k, &f));
	/* /run/.containerenv's rootless= decides where it is written: a rootful --userns=auto
	 * container has a user namespace too */
	f.environment.container_rootless = VC_TRI_TRUE;
	assert_true(vc_knowledge_holds(k, &f));
	f.environment.container_rootless = VC_TRI_FALSE;
	f.environment.user_namespace = true;
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);
}

/* Every row has a case (a new row needs one), and each is consistent. */
static void test_every_row_has_a_case(void **state)
{
	(void)state;
	for (size_t r = 0; r < vc_nknowledge; r++) {
		const struct vc_knowledge *k = &vc_knowledge[r];
		bool found = false;

		for (size_t i = 0; i < ARRAY_SIZE(cases) && !found; i++)
			found = !strcmp(cases[i].row, k->id);
		if (!found)
			fail_msg("row %s has no case", k->id);
		for (const char *c = k->id; *c; c++)
			assert_true((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_');
		for (size_t j = r + 1; j < vc_nknowledge; j++)
			assert_string_not_equal(k->id, vc_knowledge[j].id);
		if (!k->source || !*k->source || !k->says || !k->remedy)
			fail_msg("row %s lacks its source, what it says or its remedy", k->id);
		/* the errors are in explain's catalogue */
		for (int v = 0; v < 2; v++) {
			const char *e = v ? k->error_amd : k->error_intel;
			bool known = !e;

			for (size_t c = 0; c < vc_nknown_errors && !known; c++)
				known = !strcmp(vc_known_errors[c].id, e);
			if (!known)
				fail_msg("row %s: %s is not in the catalogue", k->id, e);
		}
		/* the finding exists; only notes and fine states have none */
		if (k->finding) {
			bool known = false;

			for (int fid = 0; fid < _VC_FID_MAX && !known; fid++)
				known = !strcmp(vc_fid_names[fid], k->finding);
			if (!known)
				fail_msg("row %s: no finding %s", k->id, k->finding);
		} else if (k->outcome != VC_KN_NOTE && k->outcome != VC_KN_FINE) {
			fail_msg("row %s has consequences but no finding", k->id);
		}
		if (k->blocked == VC_HV_NONE && (k->outcome == VC_KN_BLOCKED || k->outcome == VC_KN_FAILS))
			fail_msg("row %s blocks nobody", k->id);
		/* an environment row's remedy is the steps, with placeholders (never a printf format) */
		if (k->subject == VC_KN_ENVIRONMENT) {
			struct vc_facts af = { 0 };
			struct buf steps = { 0 };

			snprintf(af.cpuid.vendor, sizeof(af.cpuid.vendor), "AuthenticAMD");
			af.cpuid.available = true;
			vc_knowledge_steps(&steps, k, &af);
			if (strstr(steps.data, "%1$") || strstr(steps.data, "%2$") ||
			    strstr(steps.data, "%%") || strstr(steps.data, "MODULE") ||
			    strstr(steps.data, "FLAG"))
				fail_msg("row %s: its remedy has a format or an unfilled placeholder", k->id);
			buf_free(&steps);
			if (!k->environment || !k->finding)
				fail_msg("row %s: an environment row names where and its finding", k->id);
		}
	}
}

/* s17-A: a host without systemd is told its init system's commands, never systemctl
 * (artix-linux/galaxy#25, vagrant-libvirt/vagrant-libvirt#1175: Artix with OpenRC); a host whose init
 * system is not known keeps systemd's (most hosts). */
static void test_init_system_remedies(void **state)
{
	static const struct {
		void (*setup)(struct vc_facts *f);
		const char *restart, *enable, *reboot, *cmdline;
	} c[] = {
		{ c_openrc, "sudo rc-service vboxdrv restart", "sudo rc-update add vboxdrv default",
		  "sudo reboot",
		  "add kvm.enable_virt_at_load=0 to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then "
		  "`sudo grub-mkconfig -o /boot/grub/grub.cfg && sudo reboot`" },
		{ c_runit, "sudo sv restart vboxdrv", "sudo ln -s /etc/sv/vboxdrv /var/service/",
		  "sudo reboot", NULL },
		{ c_runit_artix, "sudo sv restart vboxdrv",
		  "sudo ln -s /etc/runit/sv/vboxdrv /run/runit/service/", "sudo reboot", NULL },
		{ c_sysvinit_slackware, "sudo /etc/init.d/vboxdrv restart",
		  "sudo chkconfig vboxdrv on (where there is chkconfig; else run `/etc/init.d/vboxdrv start` "
		  "from rc.local)",
		  "sudo reboot", NULL },
		{ c_sysvinit, "sudo service vboxdrv restart", "sudo update-rc.d vboxdrv defaults",
		  "sudo reboot",
		  "add kvm.enable_virt_at_load=0 to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then "
		  "`sudo update-grub && sudo reboot`" },
		{ c_grub, "sudo systemctl restart vboxdrv", "sudo systemctl enable vboxdrv",
		  "sudo systemctl reboot",
		  "add kvm.enable_virt_at_load=0 to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then "
		  "`sudo update-grub && sudo systemctl reboot`" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		struct vc_facts f = { 0 };
		struct buf b = { 0 };

		c[i].setup(&f);
		vc_remedy_service(&b, &f, "restart", "vboxdrv");
		assert_string_equal(b.data, c[i].restart);
		buf_free(&b);
		vc_remedy_service_enable(&b, &f, "vboxdrv");
		assert_string_equal(b.data, c[i].enable);
		buf_free(&b);
		vc_remedy_reboot(&b, &f);
		assert_string_equal(b.data, c[i].reboot);
		buf_free(&b);
		if (c[i].cmdline) {
			vc_remedy_cmdline(&b, &f, "kvm.enable_virt_at_load=0");
			assert_string_equal(b.data, c[i].cmdline);
			buf_free(&b);
		}
		/* the firmware's own setup: systemctl opens it only where systemd runs */
		vc_remedy_firmware_vt(&b, &f, false);
		assert_true(!strstr(b.data, "systemctl") == (c[i].setup != c_grub));
		buf_free(&b);
		vc_facts_free(&f);
	}
}

/* s17-A: the kernel package a release belongs to, where no pkgbase file says: Arch's flavours by
 * the release's last word (artix-linux/galaxy#25: linux-ck), Manjaro's series (linux44 for
 * 4.4.13-1-MANJARO), and Manjaro's prebuilt VirtualBox modules of that series */
static void test_arch_kernel_flavour_and_series(void **state)
{
	static const struct {
		const char *rel, *pkg;
	} c[] = {
		{ "4.12.14-1-ck", "linux-ck" },
		{ "6.12.40-1-lts", "linux-lts" },
		{ "6.16.3-zen1-1-zen", "linux-zen" },
		{ "6.16.3-arch1-1", "linux" },
		{ "4.13.4-1-ARCH", "linux" },
		{ "4.4.13-1-MANJARO", "linux44" },
		{ "5.10.61-1-MANJARO", "linux510" },
		{ "6.12.8-1-MANJARO", "linux612" },
		/* its real-time kernels (manjaro/manjaro-settings-manager#82's uname -r) */
		{ "4.4.15-1-rt23-MANJARO", "linux44-rt" },
		{ "6.16.0-5-cachyos", "linux-cachyos" },
		/* not Arch's shape: no guess */
		{ "4.7.0-kali1-686-pae", "linux" },
		{ "5.11.6-surface", "linux" },
		{ "6.16.3-zen1-zen", "linux" },
	};
	struct vc_facts f = { 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		free(f.kernel);
		f.kernel = xstrdup(c[i].rel);
		assert_string_equal(vc_knowledge_arch_kernel(&f), c[i].pkg);
	}
	vc_facts_free(&f);
	memset(&f, 0, sizeof(f));
	c_manjaro(&f);
	assert_true(vc_knowledge_remedy_is(&f, "prebuilt_manjaro"));
	free(f.distro.id);
	f.distro.id = xstrdup("endeavouros"); /* Arch's own packages there */
	assert_true(vc_knowledge_remedy_is(&f, "prebuilt_arch_dkms"));
	vc_facts_free(&f);
	/* Manjaro running a kernel not its own (linux-xanmod from the AUR, Arch's linux) has no
	 * linuxNN module package: DKMS builds vboxdrv there */
	static const char *const foreign[][2] = { { "5.10.2-xanmod1-1", "linux-xanmod" },
						  { "6.8.1-arch1-1", NULL },
						  { "6.6.7-1-MANJARO", "linux66-rt" } };
	for (size_t i = 0; i < ARRAY_SIZE(foreign); i++) {
		memset(&f, 0, sizeof(f));
		c_manjaro(&f);
		free(f.kernel);
		f.kernel = xstrdup(foreign[i][0]);
		f.distro.kernel_package = foreign[i][1] ? xstrdup(foreign[i][1]) : NULL;
		assert_true(vc_knowledge_remedy_is(&f, i < 2 ? "prebuilt_arch_dkms" : "prebuilt_manjaro"));
		vc_facts_free(&f);
	}
}

/* The predicate the verdict and switch share: what the report and the switch said differently. */
static void test_shares_predicate(void **state)
{
	static const struct {
		void (*setup)(struct vc_facts *f);
		const char *shares; /* the row, NULL: does not share */
		unsigned first_sharing;
		unsigned first_needing; /* the first that fails with enable_virt_at_load=0 */
	} p[] = {
		{ c_dummy_vm, "vbox_dummy_kvm_vm_shares_vt", KVER(7, 2, 2), KVER(7, 2, 10) },
		{ c_72_before_616, NULL, 0, 0 },		    /* 7.2.14 on 6.14: behaves like 7.1 */
		{ c_panic_7, NULL, KVER(7, 2, 6), KVER(7, 2, 10) }, /* 7.2.10 on 7.0: a host crash */
		{ c_host_api_amd_old, NULL, KVER(7, 2, 6), KVER(7, 2, 10) },
		{ c_vbox71, NULL, 0, 0 },
		{ c_svme, NULL, KVER(7, 2, 12), KVER(7, 2, 10) }, /* 7.2.10 on 7.1: a crash with KVM */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(p); i++) {
		struct vc_facts f = { 0 };
		const struct vc_knowledge *k;

		p[i].setup(&f);
		k = vc_knowledge_vbox_shares_kvm(&f);
		if (!streq_ptr(k ? k->id : NULL, p[i].shares))
			fail_msg("case %zu: shares %s", i, k ? k->id : "no");
		assert_int_equal(vc_knowledge_vbox_first_sharing(&f), p[i].first_sharing);
		assert_int_equal(vc_knowledge_vbox_first_needing_virt_at_load(&f), p[i].first_needing);
		vc_facts_free(&f);
	}
}

/* Concurrent use needs a KVM VM of its own (a fd), a VirtualBox VM of vboxdrv, and a VirtualBox that
 * shares KVM's VT; it never replaces what the table says of the driver next to KVM. */
static void test_concurrent(void **state)
{
	struct vc_facts f = { 0 };

	(void)state;
	c_concurrent_72(&f);
	assert_string_equal(vc_knowledge_vbox_concurrent(&f)->id, "vbox72_concurrent_kvm_vms_unclear");
	assert_string_equal(vc_knowledge_vbox_shares_kvm(&f)->id, "vbox_dummy_kvm_vm_shares_vt");
	assert_string_equal(vc_knowledge_vbox_next_to_kvm(&f)->id, "vbox_dummy_kvm_vm_shares_vt");
	/* the "KVM VM" is only a debugfs entry without a fd: vboxdrv's own dummy VM */
	f.processes.procs.v[0].vm_without_fd = true;
	assert_null(vc_knowledge_vbox_concurrent(&f));
	f.processes.procs.v[0].vm_without_fd = false;
	/* the VirtualBox process holds KVM VM fds: the KVM backend, not vboxdrv */
	f.processes.procs.v[1].kvm_vm_fds = 1;
	assert_null(vc_knowledge_vbox_concurrent(&f));
	f.processes.procs.v[1].kvm_vm_fds = 0;
	/* 6.14: 7.2.x is blocked by KVM there, its VMs cannot run next to KVM's at all */
	kernel(&f, "6.14.0-24-generic");
	assert_null(vc_knowledge_vbox_concurrent(&f));
	vc_facts_free(&f);

	/* 7.2.10 on 6.18: the host-crash row stays what the driver next to KVM is */
	memset(&f, 0, sizeof(f));
	c_concurrent_7210(&f);
	assert_string_equal(vc_knowledge_vbox_concurrent(&f)->id, "vbox7210_concurrent_kvm_vms");
	assert_string_equal(vc_knowledge_vbox_next_to_kvm(&f)->id, "vbox7210_may_panic_next_to_kvm");
	vc_facts_free(&f);
}

/* A 6.16+ kernel whose configuration lacks CONFIG_KVM_X86: vboxdrv's KVM code is not built. */
static void test_kconfig_guard(void **state)
{
	struct vc_facts f = { 0 };

	(void)state;
	c_dummy_vm(&f);
	kconfig(&f, "CONFIG_KVM", "m");
	assert_null(vc_knowledge_vbox_shares_kvm(&f));
	kconfig(&f, "CONFIG_KVM_X86", "m");
	assert_non_null(vc_knowledge_vbox_shares_kvm(&f));
	vc_facts_free(&f);
}

static void test_support_table(void **state)
{
	(void)state;
	assert_int_equal(vc_kn_vbox_kernel_max(KVER(7, 2, 8), NULL), KVER(7, 0, 0));
	assert_int_equal(vc_kn_vbox_kernel_max(KVER(7, 2, 12), NULL), KVER(7, 1, 0));
	assert_int_equal(vc_kn_vbox_kernel_max(KVER(7, 1, 6), NULL), 0);
	assert_int_equal(vc_kn_vbox_first_supporting(KVER(7, 1, 0)), KVER(7, 2, 12));
	assert_int_equal(vc_kn_vbox_first_supporting(KVER(7, 2, 3)), KVER(7, 2, 14));
	assert_int_equal(vc_kn_vbox_first_supporting(KVER(7, 3, 0)), 0);
	/* 6.1 rows; a row that names its last release says nothing after it; a release the
	 * source shows only building for a kernel is no "first", nor anyone's newest */
	assert_int_equal(vc_kn_vbox_kernel_max(KVER(6, 1, 10), NULL), KVER(5, 7, 0));
	assert_int_equal(vc_kn_vbox_kernel_max(KVER(6, 1, 12), NULL), 0);
	assert_int_equal(vc_kn_vbox_kernel_max(KVER(6, 1, 14), NULL), 0);
	assert_int_equal(vc_kn_vbox_kernel_max(KVER(6, 1, 18), NULL), KVER(5, 10, 0));
	assert_int_equal(vc_kn_vbox_kernel_max(KVER(6, 1, 20), NULL), 0);
	assert_int_equal(vc_kn_vbox_kernel_max(KVER(6, 1, 30), NULL), 0);
	{
		bool first = true;

		assert_int_equal(vc_kn_vbox_upgrade_to(KVER(5, 8, 3), &first), KVER(6, 1, 14));
		assert_false(first);
		assert_int_equal(vc_kn_vbox_upgrade_to(KVER(5, 10, 0), &first), KVER(6, 1, 18));
		assert_true(first);
		/* 6.1 is no series' first here: 7.0.8 only builds there */
		assert_int_equal(vc_kn_vbox_upgrade_to(KVER(6, 1, 3), &first), KVER(7, 0, 8));
		assert_false(first);
		assert_int_equal(vc_kn_vbox_first_supporting(KVER(6, 1, 3)), 0);
		assert_int_equal(vc_kn_vbox_first_supporting(KVER(6, 19, 0)), KVER(7, 2, 8));
		/* older than the release its series first built for a kernel with: too old there */
		assert_true(vc_kn_vbox_before_first(KVER(6, 1, 16), KVER(5, 10, 1)));
		assert_false(vc_kn_vbox_before_first(KVER(6, 1, 16), KVER(5, 9, 0)));
		assert_false(vc_kn_vbox_before_first(KVER(6, 1, 18), KVER(5, 10, 1)));
		assert_false(vc_kn_vbox_before_first(KVER(7, 0, 4), KVER(5, 10, 1)));
		assert_true(vc_kn_vbox_before_first(KVER(6, 1, 26), KVER(5, 14, 0)));
		assert_false(vc_kn_vbox_before_first(KVER(7, 2, 10), KVER(7, 1, 2)));
		assert_true(vc_kn_vbox_before_first(KVER(7, 2, 8), KVER(7, 1, 2)));
		/* 7.0 (nixpkgs#245834): 7.0.8 stops at 6.3, 7.0.10 is the first for 6.4 and says
		 * nothing of 7.0.12 and later */
		assert_int_equal(vc_kn_vbox_kernel_max(KVER(7, 0, 8), NULL), KVER(6, 3, 0));
		assert_int_equal(vc_kn_vbox_kernel_max(KVER(7, 0, 10), NULL), KVER(6, 4, 0));
		assert_int_equal(vc_kn_vbox_kernel_max(KVER(7, 0, 22), NULL), 0);
		assert_int_equal(vc_kn_vbox_upgrade_to(KVER(6, 4, 1), &first), KVER(7, 0, 10));
		assert_true(first);
		assert_true(vc_kn_vbox_before_first(KVER(7, 0, 8), KVER(6, 4, 1)));
		assert_false(vc_kn_vbox_before_first(KVER(7, 0, 10), KVER(6, 4, 1)));
		/* 7.1 (VirtualBox/virtualbox#13): 7.1.8 stops at 6.14, 7.1.10 is the first for
		 * 6.15 and is nobody's newest; nothing said of 7.1.12 and later */
		assert_int_equal(vc_kn_vbox_kernel_max(KVER(7, 1, 8), NULL), KVER(6, 14, 0));
		assert_int_equal(vc_kn_vbox_kernel_max(KVER(7, 1, 10), NULL), 0);
		assert_int_equal(vc_kn_vbox_kernel_max(KVER(7, 1, 12), NULL), 0);
		assert_int_equal(vc_kn_vbox_upgrade_to(KVER(6, 15, 0), &first), KVER(7, 1, 10));
		assert_true(first);
		assert_true(vc_kn_vbox_before_first(KVER(7, 1, 8), KVER(6, 15, 0)));
		assert_false(vc_kn_vbox_before_first(KVER(7, 1, 12), KVER(6, 15, 3)));
		assert_false(vc_kn_vbox_before_first(KVER(7, 2, 0), KVER(6, 15, 0)));
	}
}

/* The release list vmmon_version_mismatch reads, and the hosts it must not blame. */
static void test_vmmon_versions(void **state)
{
	struct vc_facts f = { 0 };

	(void)state;
	assert_int_equal(vc_kn_vmmon_expected(KVER(17, 6, 2), NULL), 417);
	assert_int_equal(vc_kn_vmmon_expected(KVER(17, 5, 2), NULL), 416);
	assert_int_equal(vc_kn_vmmon_expected(KVER(25, 2, 0), NULL), 418);
	assert_int_equal(vc_kn_vmmon_expected(KVER(16, 2, 5), NULL), 0); /* not in the list: no verdict */
	c_vmmon_mismatch(&f);
	f.vmware.vmmon_source = vc_oint(417); /* the sources match */
	assert_false(vc_knowledge_holds(vc_knowledge_by_id("vmmon_version_mismatch"), &f));
	f.vmware.vmmon_loaded_version = vc_oint(416); /* but the loaded module is older */
	assert_true(vc_knowledge_holds(vc_knowledge_by_id("vmmon_version_mismatch"), &f));
	vc_facts_free(&f);
	/* a signed module where Secure Boot is on is not blamed for its signature */
	c_vmmon_unsigned(&f);
	f.vmware.vmmon_signed = VC_TRI_TRUE;
	assert_false(vc_knowledge_holds(vc_knowledge_by_id("vmmon_unsigned_refused"), &f));
	assert_true(vc_knowledge_holds(vc_knowledge_by_id("vmmon_not_loaded"), &f));
	/* unless the kernel log says it refused it (a key that is not enrolled) */
	vc_strv_push(&f.vmware.refused, "Loading of module with unavailable key is rejected");
	assert_true(vc_knowledge_holds(vc_knowledge_by_id("vmmon_unsigned_refused"), &f));
	vc_facts_free(&f);
}

/* The FRED rows are not about KVM: VirtualBox next to KVM is what the KVM rows say, and with no
 * KVM no row says anything about it (the verdict reports FRED on its own). */
static void test_fred_not_next_to_kvm(void **state)
{
	struct vc_facts f = { 0 };

	(void)state;
	c_fred_panic(&f);
	assert_non_null(vc_knowledge_fred_crash(&f, VC_KN_VBOXDRV));
	assert_null(vc_knowledge_vbox_next_to_kvm(&f));
	assert_null(vc_knowledge_fred_crash(&f, VC_KN_VMWARE));
	f.cpuid.fred = VC_TRI_FALSE;
	assert_null(vc_knowledge_fred_crash(&f, VC_KN_VBOXDRV));
	vc_facts_free(&f);
}

/* The other-host rows hold only on the host they name: never on Linux (the probes leave host_os
 * NULL), and a Windows row never on a Mac. */
static void test_other_host_only_there(void **state)
{
	static void (*const setups[])(struct vc_facts * f) = { c_win_firmware, c_win_vboxsup, c_mac_kext,
							       c_mac_held };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(setups); i++) {
		struct vc_facts f = { 0 };
		const char *os;

		setups[i](&f);
		os = f.environment.host_os;
		f.environment.host_os = NULL;
		assert_null(vc_knowledge_first(&f, VC_KN_OTHER_HOST, ALL_OUTCOMES, VC_KN_KVM_ANY));
		f.environment.host_os = !strcmp(os, "windows") ? "macos" : "windows";
		for (size_t r = 0; r < vc_nknowledge; r++)
			if (vc_knowledge[r].subject == VC_KN_OTHER_HOST &&
			    vc_knowledge_holds(&vc_knowledge[r], &f))
				assert_string_equal(vc_knowledge[r].environment, f.environment.host_os);
		vc_facts_free(&f);
	}
}

/* issue 15 section C (s8-crow): a remedy row holds only where its condition does: no distribution
 * or boot loader known, no rule (the remedy is said in general terms); an IOMMU in use, no IOMMU
 * advice; kvm_amd loaded too, no "kvm_amd is not"; no Vagrant, no `vagrant halt`. */
static void test_remedy_rows_only_there(void **state)
{
	static const char *const topics[] = { "cmdline", "grubcfg", "initramfs", "modprobe",
					      "group",	 "vagrant", "iommu",	 "say" };
	struct vc_facts f = { 0 };

	(void)state;
	distro(&f, VC_DISTRO_UNKNOWN, VC_BOOT_UNKNOWN);
	/* the general terms are the topic's fallback row (s9-a15) */
	for (size_t i = 0; i < ARRAY_SIZE(topics); i++) {
		const struct vc_knowledge *k = vc_knowledge_remedy(&f, topics[i]);

		if (k)
			assert_true(endswith(k->id, "_fallback"));
		else
			assert_true(strcmp(topics[i], "cmdline") && strcmp(topics[i], "initramfs"));
	}
	assert_null(vc_knowledge_remedy(NULL, "cmdline"));
	vc_facts_free(&f);

	memset(&f, 0, sizeof(f));
	c_iommu_amd(&f);
	f.pci.iommu.enabled = true;
	assert_null(vc_knowledge_remedy(&f, "iommu"));
	/* the table says AMD (IVRS) even where DMAR is there too, when the CPU is AMD's */
	f.pci.iommu.enabled = false;
	f.pci.iommu.dmar_table = true;
	assert_true(vc_knowledge_remedy_is(&f, "iommu_amd_vi"));
	vc_facts_free(&f);

	memset(&f, 0, sizeof(f));
	c_kvm_without_kvm_amd(&f);
	module(&f, "kvm_amd");
	assert_null(vc_knowledge_remedy(&f, "say"));
	vc_facts_free(&f);

	memset(&f, 0, sizeof(f));
	c_vagrant(&f);
	f.virtualbox.vagrant = false;
	assert_null(vc_knowledge_remedy(&f, "vagrant"));
	vc_facts_free(&f);

	/* a bare CI variable on a Hetzner Cloud server is no CI service's VM
	 * (opencloud-eu/android#132); a named service on a cloud is (GitHub's runners on Azure) */
	memset(&f, 0, sizeof(f));
	c_hetzner(&f);
	f.environment.ci = "CI";
	assert_null(vc_knowledge_remedy(&f, "hosted"));
	f.environment.ci = "Drone CI";
	assert_true(vc_knowledge_remedy_is(&f, "hosted_ci_vm_no_nested"));
	vc_facts_free(&f);
	memset(&f, 0, sizeof(f));
	c_hosted_ci(&f);
	assert_true(vc_knowledge_remedy_is(&f, "hosted_ci_vm_no_nested"));
	vc_facts_free(&f);

	/* a Cirrus CI task on Compute Engine asks for nesting in its own .cirrus.yml (runc#3507);
	 * elsewhere (no cloud named) Cirrus's VM is still the service's */
	memset(&f, 0, sizeof(f));
	c_cirrus_gce(&f);
	assert_true(vc_knowledge_remedy_is(&f, "hosted_cirrus_gce_nested"));
	f.environment.cloud = NULL;
	assert_true(vc_knowledge_remedy_is(&f, "hosted_ci_vm_no_nested"));
	f.environment.cloud = "Google Compute Engine";
	f.environment.ci = "GitHub Actions";
	assert_true(vc_knowledge_remedy_is(&f, "hosted_ci_vm_no_nested"));
	vc_facts_free(&f);
	/* a Cirrus container: task on its GKE cluster is not told about compute_engine_instance */
	memset(&f, 0, sizeof(f));
	c_cirrus_container(&f);
	assert_false(vc_knowledge_remedy_is(&f, "hosted_cirrus_gce_nested"));
	vc_facts_free(&f);

	/* a Proxmox VE guest's CPU type is set with qm (LongQT-sea/pve-live#1) */
	assert_non_null(strstr(vc_knowledge_by_id("env_kvm_no_nested")->remedy, "`qm set VMID --cpu host`"));
}

/* issue 15 "Done when" (s9-a15): the rows that were code hold only where they say, a fallback never
 * before its topic's other rows wherever it stands, and the remedy text is the row's. */
static void test_former_code_rules(void **state)
{
	struct vc_facts f = { 0 };
	struct buf b = { 0 };
	const struct vc_knowledge *k;

	(void)state;
	/* the fallbacks: said in the row's words, PARAM the parameter */
	c_unknown_host(&f);
	vc_remedy_cmdline(&b, &f, "fred=off");
	assert_string_equal(b.data, "add fred=off to the kernel command line of your boot loader and reboot");
	buf_free(&b);
	assert_true(vc_remedy_initramfs(&b, &f, "x.conf"));
	assert_string_equal(b.data, vc_knowledge_by_id("initramfs_fallback")->remedy);
	buf_free(&b);
	vc_facts_free(&f);
	memset(&f, 0, sizeof(f));
	c_other_grub(&f);
	vc_remedy_cmdline(&b, &f, "fred=off");
	assert_non_null(strstr(b.data, vc_knowledge_by_id("grubcfg_fallback")->remedy));
	buf_free(&b);
	vc_facts_free(&f);
	/* a known distribution's rows come first, though the fallbacks stand after them or not */
	memset(&f, 0, sizeof(f));
	c_arch_uki(&f);
	assert_true(vc_knowledge_remedy_is(&f, "grubcfg_grub_mkconfig"));
	assert_true(vc_knowledge_remedy_is(&f, "initramfs_mkinitcpio"));
	vc_facts_free(&f);

	/* x86_virt_refcount: 7.1 or later, kvm_intel with tdx=Y; not tdx=N, not 7.0 */
	k = vc_knowledge_by_id("x86_virt_refcount");
	memset(&f, 0, sizeof(f));
	c_refcount(&f);
	assert_true(vc_knowledge_holds(k, &f));
	kernel(&f, "7.0.12_1");
	assert_false(vc_knowledge_holds(k, &f));
	kernel(&f, "7.1.0-1-default");
	free(f.modules.mod[vc_module_index("kvm_intel")].parameters.v[0].value);
	f.modules.mod[vc_module_index("kvm_intel")].parameters.v[0].value = xstrdup("N");
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);
	/* 7.1 brings the TDX module up at boot, kvm_intel loaded or not; the kernel log's
	 * "virt/tdx: TDX-Module initialized" says so, its failure line does not */
	memset(&f, 0, sizeof(f));
	cpu(&f, "GenuineIntel");
	kernel(&f, "7.1.3-arch1-1");
	assert_false(vc_platform_log_line(&f.platform, "virt/tdx: TDX-Module initialization failed (-5)"));
	assert_false(vc_platform_log_line(&f.platform, "virt/tdx: module initialization failed (-5)"));
	assert_false(vc_knowledge_holds(k, &f));
	assert_true(vc_platform_log_line(&f.platform, "[    2.104116] virt/tdx: TDX-Module initialized"));
	assert_int_equal(f.platform.kernel_log.tdx_initialized.n, 1);
	assert_true(vc_knowledge_holds(k, &f));
	kernel(&f, "7.0.12-arch1-1");
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);
	/* 6.8-7.0 print "module initialized" when kvm_intel (tdx=1) brings it up */
	memset(&f, 0, sizeof(f));
	assert_true(vc_platform_log_line(&f.platform, "virt/tdx: module initialized"));
	assert_int_equal(f.platform.kernel_log.tdx_initialized.n, 1);
	vc_facts_free(&f);

	/* a CI job: the udev rule for every user; not outside CI */
	memset(&f, 0, sizeof(f));
	c_ci(&f);
	assert_true(vc_knowledge_remedy_is(&f, "access_ci_udev_rule"));
	assert_non_null(strstr(vc_knowledge_by_id("access_ci_udev_rule")->remedy, "MODE=\"0666\""));
	assert_null(strstr(vc_knowledge_by_id("access_ci_udev_rule")->remedy, "usermod"));
	f.environment.ci = NULL;
	assert_null(vc_knowledge_remedy(&f, "access"));
	vc_facts_free(&f);

	/* --provider=libvirt only with Vagrant, and only where the CPU has VT for KVM */
	memset(&f, 0, sizeof(f));
	c_vagrant(&f);
	assert_null(vc_knowledge_remedy(&f, "provider"));
	cpu(&f, "AuthenticAMD");
	assert_true(vc_knowledge_remedy_is(&f, "provider_vagrant_libvirt"));
	f.virtualbox.vagrant = false;
	assert_null(vc_knowledge_remedy(&f, "provider"));
	vc_facts_free(&f);

	/* Vagrant refuses a KVM-backend build only; a vboxdrv build it runs */
	memset(&f, 0, sizeof(f));
	c_vagrant_nem(&f);
	assert_true(vc_knowledge_remedy_is(&f, "provider_virtualbox_kvm_backend"));
	/* the one reader of the row (remedies and verdict): the report it cites is its first word */
	int report = 0;
	const struct vc_knowledge *vagrant = vc_knowledge_vagrant_refuses(&f, &report);

	assert_non_null(vagrant);
	assert_int_equal(report, strlen("https://github.com/hashicorp/vagrant/issues/13355"));
	assert_memory_equal(vagrant->source, "https://github.com/hashicorp/vagrant/issues/13355", report);
	f.virtualbox.kvm_backend = VC_TRI_FALSE;
	assert_null(vc_knowledge_vagrant_refuses(&f, &report));
	assert_null(vc_knowledge_remedy(&f, "provider"));
	vc_facts_free(&f);

	/* the key flows in their order; a host with nothing that signs gets the fallback */
	memset(&f, 0, sizeof(f));
	c_mok_ubuntu(&f);
	assert_true(vc_knowledge_remedy_is(&f, "mok_ubuntu_enroll_key"));
	f.virtualbox.sb_policy_tool = false; /* Debian's tool of that name */
	assert_true(vc_knowledge_remedy_is(&f, "mok_vboxdrv_sh_key"));
	f.virtualbox.sign_keys = VC_VBOX_KEY_DKMS | VC_VBOX_KEY_AKMODS; /* akmods does not build here */
	assert_true(vc_knowledge_remedy_is(&f, "mok_dkms_key"));
	f.virtualbox.sign_keys = 0;
	assert_true(vc_knowledge_remedy_is(&f, "mok_vboxconfig_new_key"));
	f.virtualbox.build = VC_VBOX_BUILD_UNKNOWN;
	assert_true(vc_knowledge_remedy_is(&f, "mok_fallback"));
	/* the recipe is vboxdrv.sh's own: its directory 0700, the codeSigning usage */
	assert_non_null(strstr(vc_knowledge_by_id("mok_vboxconfig_new_key")->remedy, "mkdir -m 0700 -p"));
	assert_non_null(
		strstr(vc_knowledge_by_id("mok_vboxconfig_new_key")->remedy, "extendedKeyUsage=codeSigning"));
	vc_facts_free(&f);
}

/* the DigitalOcean row answers only a Droplet given no VT-x (one that has it is no
 * environment row's business), and only DigitalOcean's: other VPS providers keep the generic row */
static void test_digitalocean_row(void **state)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("env_digitalocean_no_vt");
	struct vc_facts f = { 0 };

	(void)state;
	assert_non_null(k);
	c_digitalocean(&f);
	assert_true(vc_knowledge_holds(k, &f));
	assert_false(vc_knowledge_remedy_is(&f, "rented_vps_ask_provider"));
	f.cpuid.vt = VC_VT_VMX;
	f.cpuid.vmx = true;
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);

	memset(&f, 0, sizeof(f));
	c_vps(&f);
	assert_false(vc_knowledge_holds(k, &f));
	assert_true(vc_knowledge_remedy_is(&f, "rented_vps_ask_provider"));
	vc_facts_free(&f);
}

/* s15-clouds: the Alibaba Cloud row answers an ECS virtual machine given no VT-x, not a bare-metal
 * ECS instance (the same DMI, no hypervisor bit, the CPU's VMX), and takes the place of the
 * generic VPS note there; so does Scaleway's for an Instance; Vultr and UpCloud, of which no
 * source says, keep that note */
static void test_alibaba_row(void **state)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("env_alibaba_ecs_no_vt");
	static const char *const others[] = { "Vultr", "UpCloud" };
	struct vc_facts f = { 0 };

	(void)state;
	assert_non_null(k);
	c_alibaba(&f);
	assert_true(vc_knowledge_holds(k, &f));
	assert_ptr_equal(vc_knowledge_environment(&f, "kvm.unavailable"), k);
	assert_false(vc_knowledge_remedy_is(&f, "rented_vps_ask_provider"));
	/* an ebm instance: bare metal, VT-x its own */
	f.cpuid.hypervisor_bit = false;
	f.cpuid.vt = VC_VT_VMX;
	f.cpuid.vmx = true;
	assert_false(vc_knowledge_holds(k, &f));
	vc_facts_free(&f);

	memset(&f, 0, sizeof(f));
	c_scaleway(&f);
	assert_false(vc_knowledge_holds(k, &f));
	assert_ptr_equal(vc_knowledge_environment(&f, "kvm.unavailable"),
			 vc_knowledge_by_id("env_scaleway_no_vt"));
	assert_false(vc_knowledge_remedy_is(&f, "rented_vps_ask_provider"));
	vc_facts_free(&f);

	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		memset(&f, 0, sizeof(f));
		guest(&f, "kvm", others[i]);
		assert_false(vc_knowledge_holds(k, &f));
		assert_false(vc_knowledge_holds(vc_knowledge_by_id("env_scaleway_no_vt"), &f));
		assert_true(vc_knowledge_remedy_is(&f, "rented_vps_ask_provider"));
		vc_facts_free(&f);
	}
}

/* s15-clouds: an OCI VM without VT-x is told the VM shapes reported with nested KVM before bare
 * metal (cncf/automation#604: VM.Standard.E4.Flex runners run qemu/kvm VMs), not bare metal only */
static void test_oci_row_names_vm_shapes(void **state)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("env_oci_no_nested");
	struct vc_facts f = { 0 };

	(void)state;
	assert_non_null(k);
	c_oci(&f);
	assert_true(vc_knowledge_holds(k, &f));
	assert_non_null(strstr(k->remedy, "VM.Standard.E4.Flex"));
	assert_non_null(strstr(k->remedy, "VM.Standard3.Flex"));
	assert_non_null(strstr(k->remedy, "BM.*"));
	assert_true(strstr(k->remedy, "VM.Standard.E4.Flex") < strstr(k->remedy, "BM.*"));
	vc_facts_free(&f);
}

/* README's "What virtcheck knows" is the table as printed now (VC_UPDATE=1 rewrites it). */
static void test_readme_current(void **state)
{
	static const char begin[] = "<!-- knowledge:begin -->\n", end[] = "<!-- knowledge:end -->";
	const char *src = getenv("VC_SRCDIR");
	char path[4096], *readme = NULL, *md = NULL, *b, *e;
	size_t len = 0, mdlen = 0;
	FILE *f, *mem;

	(void)state;
	snprintf(path, sizeof(path), "%s/README.md", src ? src : ".");
	f = fopen(path, "r");
	if (!f)
		fail_msg("%s: cannot read (set VC_SRCDIR to the source tree)", path);
	mem = open_memstream(&readme, &len);
	for (int c; (c = fgetc(f)) != EOF;)
		fputc(c, mem);
	fclose(f);
	fclose(mem);
	mem = open_memstream(&md, &mdlen);
	vc_knowledge_markdown(mem);
	fclose(mem);
	b = strstr(readme, begin);
	e = b ? strstr(b, end) : NULL;
	assert_non_null(e);
	b += strlen(begin);
	if (getenv("VC_UPDATE") && !strcmp(getenv("VC_UPDATE"), "1")) {
		f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f, "%.*s%s%s", (int)(b - readme), readme, md, e);
		fclose(f);
	} else if ((size_t)(e - b) != mdlen || memcmp(b, md, mdlen) != 0) {
		fail_msg("README.md's \"What virtcheck knows\" is stale: VC_UPDATE=1 VC_SRCDIR=. "
			 "build/tests/test_knowledge");
	}
	free(readme);
	free(md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_fits_and_applies),
		cmocka_unit_test(test_container_rows_need_vt),
		cmocka_unit_test(test_steps_placeholders),
		cmocka_unit_test(test_wsl2_udev_row_needs_no_udevd),
		cmocka_unit_test(test_no_headers_row_needs_its_line),
		cmocka_unit_test(test_no_headers_remedy_per_distro),
		cmocka_unit_test(test_arch_kernel_package),
		cmocka_unit_test(test_every_row_has_a_case),
		cmocka_unit_test(test_driver_older_needs_another_version),
		cmocka_unit_test(test_loaded_without_kvm_needs_the_config),
		cmocka_unit_test(test_remedy_rows_only_there),
		cmocka_unit_test(test_former_code_rules),
		cmocka_unit_test(test_shares_predicate),
		cmocka_unit_test(test_kconfig_guard),
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_signed_vboxdrv),
		cmocka_unit_test(test_support_table),
		cmocka_unit_test(test_loaded_kernel_too_new),
		cmocka_unit_test(test_ci_rule_not_settled),
		cmocka_unit_test(test_podman_privileged_drops_device),
		cmocka_unit_test(test_vmmon_versions),
		cmocka_unit_test(test_fred_not_next_to_kvm),
		cmocka_unit_test(test_other_host_only_there),
		cmocka_unit_test(test_digitalocean_row),
		cmocka_unit_test(test_alibaba_row),
		cmocka_unit_test(test_oci_row_names_vm_shapes),
		cmocka_unit_test(test_init_system_remedies),
		cmocka_unit_test(test_arch_kernel_flavour_and_series),
		cmocka_unit_test(test_readme_current),
	};

	return cmocka_run_group_tests_name("knowledge", tests, NULL, NULL);
}
