/* The verdict as a pure function: typed facts in, the rule that matched, the owner and the conflicts
 * out; one case per rule, and the cases where the order of the rules decides. */
#include "testutil.h"

#include <errno.h>

#include "lib/model/catalog.h"
#include "lib/verdict/verdict.h"
#include "sysroot.h"

/* ---- building facts ---- */

static void cpu(struct vc_facts *f, const char *vendor, enum vc_vt vt, bool hv_bit)
{
	f->ran |= VC_P(VC_PROBE_CPUID);
	f->cpuid.available = true;
	snprintf(f->cpuid.vendor, sizeof(f->cpuid.vendor), "%s", vendor);
	f->cpuid.vt = vt;
	f->cpuid.vmx = vt == VC_VT_VMX;
	f->cpuid.svm = vt == VC_VT_SVM;
	f->cpuid.hypervisor_bit = hv_bit;
}

static void kernel(struct vc_facts *f, const char *release)
{
	free(f->kernel); /* a case may build on another and set it again */
	f->kernel = xstrdup(release);
}

static void module(struct vc_facts *f, const char *name, enum vc_modstate st)
{
	f->ran |= VC_P(VC_PROBE_MODULES);
	f->modules.mod[vc_module_index(name)].state = st;
}

static void param(struct vc_facts *f, const char *mod, const char *name, const char *value)
{
	struct vc_param *p = VC_PUSH(f->modules.mod[vc_module_index(mod)].parameters);

	p->name = xstrdup(name);
	p->value = xstrdup(value);
}

static void vm(struct vc_facts *f, enum vc_hv hv, const char *comm)
{
	struct vc_proc_facts *p = VC_PUSH(f->processes.procs);

	f->ran |= VC_P(VC_PROBE_PROCESSES);
	f->processes.inspected = true;
	p->pid = 4242 + (int64_t)f->processes.procs.n;
	p->comm = xstrdup(comm);
	p->hypervisor = hv;
	p->vms = 1;
	p->is_kvm = hv == VC_HV_KVM;
	p->is_vbox = hv == VC_HV_VIRTUALBOX;
	p->is_vmware = hv == VC_HV_VMWARE;
	if (hv == VC_HV_KVM)
		f->processes.vms.kvm++;
	else if (hv == VC_HV_VIRTUALBOX)
		f->processes.vms.virtualbox++;
	else
		f->processes.vms.vmware++;
}

static void kvm_dev(struct vc_facts *f, const char *backend, int create_vm)
{
	f->ran |= VC_P(VC_PROBE_KVM);
	f->kvm.backend = backend;
	f->kvm.captured = true;
	free(f->kvm.access.open);
	f->kvm.access.open = xstrdup("ok");
	f->kvm.create_vm = create_vm;
	f->kvm.create_vcpu = create_vm ? VC_NOT_TRIED : 0;
	f->kvm.vcpu_run = create_vm ? VC_NOT_TRIED : 0;
	f->kvm.usable = vc_tri(create_vm == 0);
}

static void efer(struct vc_facts *f, enum vc_scope svme)
{
	f->ran |= VC_P(VC_PROBE_MSR);
	f->msr.available = f->msr.amd = f->msr.has_efer = true;
	f->msr.efer_svme = svme;
}

static void vbox(struct vc_facts *f, const char *version)
{
	f->ran |= VC_P(VC_PROBE_VIRTUALBOX);
	f->virtualbox.installed = true;
	f->virtualbox.version = xstrdup(version);
	f->virtualbox.kvm_backend = VC_TRI_FALSE;
}

/* ---- the cases ---- */

static void c_wsl2(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_NONE, true);
	kernel(f, "5.15.167.4-microsoft-standard-WSL2");
	f->environment.wsl = "wsl2";
	f->environment.outer_hypervisor = "hyperv";
}

/* WSL2 with nesting on is an ordinary VM with VT: KVM (built in, 5.15) is ready, nobody holds it */
static void c_wsl2_nested(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_VMX, true);
	kernel(f, "5.15.150.1-microsoft-standard-WSL2");
	f->environment.wsl = "wsl2";
	f->environment.outer_hypervisor = "hyperv";
	module(f, "kvm", VC_MOD_BUILTIN);
	module(f, "kvm_intel", VC_MOD_BUILTIN);
}

static void c_tdx(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_NONE, true);
	f->cpuid.tdx_guest = true;
	f->environment.confidential_guest = "tdx";
	f->environment.outer_hypervisor = "kvm";
}

/* no CPUID: the kernel's flags stand in (a guest without vmx/svm) */
static void c_nested_cpuinfo(struct vc_facts *f)
{
	f->cpuid.cpuinfo_only = f->cpuid.has_cpuinfo = true;
	f->cpuid.cpuinfo_flags.hypervisor = true;
	f->environment.outer_hypervisor = "xen";
}

static void c_firmware_msr(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_VMX, false);
	f->msr.available = f->msr.intel = true;
	f->msr.vt_disabled = true;
}

static void c_firmware_flags(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD", VC_VT_SVM, false);
	f->cpuid.vt_cleared_by_kernel = VC_TRI_TRUE;
}

static void c_no_vt(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_NONE, false);
}

static void c_kvm_pvm(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD", VC_VT_NONE, true);
	f->cpuid.hypervisor = "kvm";
	module(f, "kvm", VC_MOD_BUILTIN);
	module(f, "kvm_pvm", VC_MOD_BUILTIN);
	kvm_dev(f, "kvm_pvm", 0);
}

static void c_nested(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_NONE, true);
	f->environment.outer_hypervisor = "hyperv";
}

static void c_svme_set(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD", VC_VT_SVM, false);
	kernel(f, "6.1.0-27-amd64");
	module(f, "kvm", VC_MOD_LIVE);
	module(f, "kvm_amd", VC_MOD_LIVE);
	vm(f, VC_HV_KVM, "qemu-system-x86");
	efer(f, VC_SCOPE_ALL);
}

static void c_busy(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_VMX, false);
	kernel(f, "6.8.0-49-generic");
	module(f, "kvm", VC_MOD_LIVE);
	module(f, "kvm_intel", VC_MOD_LIVE);
	module(f, "vboxdrv", VC_MOD_LIVE);
	kvm_dev(f, "kvm_intel", EBUSY);
}

/* both drivers loaded, VMware's VMs run and none of VirtualBox's: VMware holds VT-x (each takes it
 * only while its VMs run) */
static void c_busy_vmware_vms(struct vc_facts *f)
{
	c_busy(f);
	module(f, "vmmon", VC_MOD_LIVE);
	vm(f, VC_HV_VMWARE, "vmware-vmx");
}

static void c_at_load(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_VMX, false);
	kernel(f, "6.12.9-amd64");
	module(f, "kvm", VC_MOD_LIVE);
	module(f, "kvm_intel", VC_MOD_LIVE);
	param(f, "kvm", "enable_virt_at_load", "Y");
	kvm_dev(f, "kvm_intel", 0);
}

/* Linux 6.12 on AMD, no VM: the MSR proves what the load-time rule says */
static void c_at_load_svme(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD", VC_VT_SVM, false);
	kernel(f, "6.12.117+deb12-amd64");
	module(f, "kvm", VC_MOD_LIVE);
	module(f, "kvm_amd", VC_MOD_LIVE);
	param(f, "kvm", "enable_virt_at_load", "Y");
	kvm_dev(f, "kvm_amd", 0);
	efer(f, VC_SCOPE_ALL);
}

/* Linux 6.12 says EIO where earlier kernels said EBUSY (measured in the QEMU tests) */
static void c_busy_eio(struct vc_facts *f)
{
	c_busy(f);
	kernel(f, "6.12.117+deb12-amd64");
	kvm_dev(f, "kvm_intel", EIO);
}

static void c_kvm_vms(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_VMX, false);
	kernel(f, "6.1.0-27-amd64");
	module(f, "kvm", VC_MOD_LIVE);
	module(f, "kvm_intel", VC_MOD_LIVE);
	kvm_dev(f, "kvm_intel", 0);
	vm(f, VC_HV_KVM, "qemu-system-x86");
}

static void c_vbox_vms(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_VMX, false);
	kernel(f, "6.8.0-49-generic");
	module(f, "vboxdrv", VC_MOD_LIVE);
	vbox(f, "7.0.20");
	vm(f, VC_HV_VIRTUALBOX, "VBoxHeadless");
}

static void c_vmware_vms(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_VMX, false);
	kernel(f, "6.8.0-49-generic");
	module(f, "vmmon", VC_MOD_LIVE);
	vm(f, VC_HV_VMWARE, "vmware-vmx");
}

static void c_svme_clear(struct vc_facts *f)
{
	cpu(f, "AuthenticAMD", VC_VT_SVM, false);
	kernel(f, "6.1.0-27-amd64");
	module(f, "kvm", VC_MOD_LIVE);
	module(f, "kvm_amd", VC_MOD_LIVE);
	efer(f, VC_SCOPE_NONE);
}

static void c_kvm_idle(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_VMX, false);
	kernel(f, "6.1.0-27-amd64");
	module(f, "kvm", VC_MOD_LIVE);
	module(f, "kvm_intel", VC_MOD_LIVE);
	kvm_dev(f, "kvm_intel", 0);
}

/* harvester/harvester#3900's node: kvm_amd used by 6 (open /dev/kvm, VM or vCPU files), no process
 * looked at: whether a VM holds VT is not known */
static void c_kvm_in_use_unseen(struct vc_facts *f)
{
	c_kvm_idle(f);
	f->modules.mod[vc_module_index("kvm_intel")].refcnt = vc_oint(6);
	f->ran |= VC_P(VC_PROBE_PROCESSES);
	f->processes.inspected = false;
}

/* the same count where no processes probe ran (a command that reads no processes): KVM is idle */
static void c_kvm_in_use_not_probed(struct vc_facts *f)
{
	c_kvm_in_use_unseen(f);
	f->ran &= ~VC_P(VC_PROBE_PROCESSES);
}

/* the same count with the processes looked at and no VM among them: KVM is idle */
static void c_kvm_in_use_seen(struct vc_facts *f)
{
	c_kvm_in_use_unseen(f);
	f->processes.inspected = true;
}

/* the same count in a container given no /dev/kvm: the host's KVM is out of its reach (kvm_idle,
 * whose headline says so), whoever uses it */
static void c_kvm_in_use_container(struct vc_facts *f)
{
	c_kvm_in_use_unseen(f);
	f->environment.container = xstrdup("docker");
	f->kvm.device.present = VC_TRI_FALSE;
}

static void c_kvm_idle_off(struct vc_facts *f)
{
	c_at_load(f);
	free(f->modules.mod[vc_module_index("kvm")].parameters.v[0].value);
	f->modules.mod[vc_module_index("kvm")].parameters.v[0].value = xstrdup("N");
}

static void c_vbox_idle(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_VMX, false);
	kernel(f, "6.12.9-amd64");
	module(f, "vboxdrv", VC_MOD_LIVE);
	vbox(f, "7.1.6");
}

static void c_vmware_idle(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_VMX, false);
	module(f, "vmmon", VC_MOD_LIVE);
}

static void c_free(struct vc_facts *f)
{
	cpu(f, "GenuineIntel", VC_VT_VMX, false);
	kernel(f, "6.12.9-amd64");
}

static void c_nothing(struct vc_facts *f)
{
	(void)f; /* no CPUID, nothing loaded: nobody can say */
}

/* A 7.1 VirtualBox next to a 6.12 KVM that holds VT from load: the conflict, with its error. */
static void c_blocks_vbox71(struct vc_facts *f)
{
	c_at_load(f);
	vbox(f, "7.1.6");
	module(f, "vboxdrv", VC_MOD_LIVE);
}

/* 7.2.10+ shares KVM's VT on kernels that let it: no conflict, a note. */
static void c_shares_vbox72(struct vc_facts *f)
{
	c_at_load(f);
	free(f->kernel);
	f->kernel = xstrdup("6.16.3-amd64");
	vbox(f, "7.2.14");
}

static const struct vcase {
	const char *name;
	void (*setup)(struct vc_facts *f);
	const char *rule; /* NULL: none matched */
	enum vc_hv owner;
	const char *backend;
	enum vc_confidence confidence;
	enum vc_fid conflict; /* _VC_FID_MAX: none */
} cases[] = {
	{ "wsl2", c_wsl2, "wsl2", VC_HV_NONE, NULL, VC_CONF_HIGH, _VC_FID_MAX },
	{ "wsl2 with nesting", c_wsl2_nested, "kvm_idle", VC_HV_NONE, NULL, VC_CONF_MEDIUM, _VC_FID_MAX },
	{ "TDX guest", c_tdx, "confidential_guest", VC_HV_NONE, NULL, VC_CONF_HIGH, _VC_FID_MAX },
	{ "nested, cpuinfo only", c_nested_cpuinfo, "nested_without_vt", VC_HV_NONE, NULL, VC_CONF_HIGH,
	  _VC_FID_MAX },
	{ "firmware (MSR)", c_firmware_msr, "firmware_disabled", VC_HV_NONE, NULL, VC_CONF_DEFINITIVE,
	  _VC_FID_MAX },
	{ "firmware (flags)", c_firmware_flags, "firmware_disabled", VC_HV_NONE, NULL, VC_CONF_HIGH,
	  _VC_FID_MAX },
	{ "no VT", c_no_vt, "no_vt", VC_HV_NONE, NULL, VC_CONF_HIGH, _VC_FID_MAX },
	{ "kvm_pvm", c_kvm_pvm, "kvm_pvm", VC_HV_KVM, "kvm_pvm", VC_CONF_HIGH, _VC_FID_MAX },
	{ "nested, no VT", c_nested, "nested_without_vt", VC_HV_NONE, NULL, VC_CONF_HIGH, _VC_FID_MAX },
	{ "EFER.SVME set", c_svme_set, "svme_set", VC_HV_KVM, "kvm_amd", VC_CONF_DEFINITIVE, _VC_FID_MAX },
	{ "KVM_CREATE_VM busy", c_busy, "kvm_create_vm_busy", VC_HV_VIRTUALBOX, "vboxdrv", VC_CONF_HIGH,
	  VC_FID_CONFLICT_VIRTUALBOX_BLOCKS_KVM },
	{ "KVM_CREATE_VM busy, VMware's VMs", c_busy_vmware_vms, "kvm_create_vm_busy", VC_HV_VMWARE, "vmmon",
	  VC_CONF_HIGH, VC_FID_CONFLICT_VMWARE_BLOCKS_KVM },
	{ "KVM at load", c_at_load, "kvm_holds_at_load", VC_HV_KVM, "kvm_intel", VC_CONF_HIGH, _VC_FID_MAX },
	{ "KVM at load, EFER.SVME set", c_at_load_svme, "kvm_holds_at_load", VC_HV_KVM, "kvm_amd",
	  VC_CONF_DEFINITIVE, _VC_FID_MAX },
	{ "KVM_CREATE_VM EIO (6.12)", c_busy_eio, "kvm_create_vm_busy", VC_HV_VIRTUALBOX, "vboxdrv",
	  VC_CONF_HIGH, VC_FID_CONFLICT_VIRTUALBOX_BLOCKS_KVM },
	{ "KVM VMs", c_kvm_vms, "kvm_vms_running", VC_HV_KVM, "kvm_intel", VC_CONF_HIGH, _VC_FID_MAX },
	{ "VirtualBox VMs", c_vbox_vms, "virtualbox_vms_running", VC_HV_VIRTUALBOX, "vboxdrv", VC_CONF_HIGH,
	  _VC_FID_MAX },
	{ "VMware VMs", c_vmware_vms, "vmware_vms_running", VC_HV_VMWARE, "vmmon", VC_CONF_HIGH,
	  _VC_FID_MAX },
	{ "EFER.SVME clear", c_svme_clear, "svme_clear", VC_HV_NONE, NULL, VC_CONF_DEFINITIVE, _VC_FID_MAX },
	{ "KVM idle (6.1)", c_kvm_idle, "kvm_idle", VC_HV_NONE, NULL, VC_CONF_MEDIUM, _VC_FID_MAX },
	{ "KVM in use, processes not seen", c_kvm_in_use_unseen, "kvm_in_use_unseen", VC_HV_UNKNOWN, NULL,
	  VC_CONF_UNKNOWN, _VC_FID_MAX },
	{ "KVM in use, processes seen", c_kvm_in_use_seen, "kvm_idle", VC_HV_NONE, NULL, VC_CONF_MEDIUM,
	  _VC_FID_MAX },
	{ "KVM in use, no processes probe", c_kvm_in_use_not_probed, "kvm_idle", VC_HV_NONE, NULL,
	  VC_CONF_MEDIUM, _VC_FID_MAX },
	{ "KVM in use, container without /dev/kvm", c_kvm_in_use_container, "kvm_idle", VC_HV_NONE, NULL,
	  VC_CONF_MEDIUM, _VC_FID_MAX },
	{ "KVM idle (=N)", c_kvm_idle_off, "kvm_idle", VC_HV_NONE, NULL, VC_CONF_MEDIUM, _VC_FID_MAX },
	{ "vboxdrv idle", c_vbox_idle, "virtualbox_idle", VC_HV_NONE, NULL, VC_CONF_MEDIUM, _VC_FID_MAX },
	{ "vmmon idle", c_vmware_idle, "vmware_idle", VC_HV_NONE, NULL, VC_CONF_MEDIUM, _VC_FID_MAX },
	{ "free", c_free, "free", VC_HV_NONE, NULL, VC_CONF_HIGH, _VC_FID_MAX },
	{ "nothing known", c_nothing, NULL, VC_HV_UNKNOWN, NULL, VC_CONF_UNKNOWN, _VC_FID_MAX },
	{ "KVM 6.12 blocks VirtualBox 7.1", c_blocks_vbox71, "kvm_holds_at_load", VC_HV_KVM, "kvm_intel",
	  VC_CONF_HIGH, VC_FID_CONFLICT_KVM_BLOCKS_VIRTUALBOX },
	{ "VirtualBox 7.2.14 shares KVM", c_shares_vbox72, "kvm_holds_at_load", VC_HV_KVM, "kvm_intel",
	  VC_CONF_HIGH, _VC_FID_MAX },
};

static void test_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct vcase *c = &cases[i];
		struct vc_ctx *ctx = vc_ctx_new(NULL);

		c->setup(&ctx->facts);
		vc_verdict(ctx);
		if (!streq_ptr(ctx->owner.rule, c->rule) || ctx->owner.hypervisor != c->owner ||
		    !streq_ptr(ctx->owner.backend, c->backend) || ctx->owner.confidence != c->confidence)
			fail_msg("%s: rule %s, owner %s via %s, confidence %s; expected %s, %s via %s, %s",
				 c->name, ctx->owner.rule ? ctx->owner.rule : "none",
				 vc_hv_name(ctx->owner.hypervisor),
				 ctx->owner.backend ? ctx->owner.backend : "-",
				 vc_confidence_name(ctx->owner.confidence), c->rule ? c->rule : "none",
				 vc_hv_name(c->owner), c->backend ? c->backend : "-",
				 vc_confidence_name(c->confidence));
		if (c->conflict == _VC_FID_MAX
			    ? ctx->conflicts.n != 0
			    : ctx->conflicts.n != 1 || ctx->conflicts.v[0].id != c->conflict)
			fail_msg("%s: %zu conflict(s), the first %s", c->name, ctx->conflicts.n,
				 ctx->conflicts.n ? vc_fid_name(ctx->conflicts.v[0].id) : "-");
		assert_non_null(ctx->owner.headline);
		vc_ctx_free(ctx);
	}
}

/* Every rule of the verdict has a case above (a new rule needs one). */
static void test_every_rule_has_a_case(void **state)
{
	static const char *const rules[] = {
		"wsl2",
		"confidential_guest",
		"firmware_disabled",
		"no_vt",
		"kvm_pvm",
		"nested_without_vt",
		"svme_set",
		"kvm_create_vm_busy",
		"kvm_holds_at_load",
		"kvm_vms_running",
		"virtualbox_vms_running",
		"vmware_vms_running",
		"svme_clear",
		"kvm_in_use_unseen",
		"kvm_idle",
		"virtualbox_idle",
		"vmware_idle",
		"free",
	};

	(void)state;
	assert_int_equal(vc_verdict_nrules(), ARRAY_SIZE(rules));
	for (size_t r = 0; r < ARRAY_SIZE(rules); r++) {
		bool found = false;

		assert_string_equal(vc_verdict_rule_name(r), rules[r]);
		for (size_t i = 0; i < ARRAY_SIZE(cases) && !found; i++)
			found = streq_ptr(cases[i].rule, rules[r]);
		if (!found)
			fail_msg("rule %s has no case", rules[r]);
	}
}

/* The 6.12 conflict gives remedies for this kernel and this VirtualBox. */
static void test_conflict_remedies(void **state)
{
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	const struct vc_finding *f;

	(void)state;
	c_blocks_vbox71(&ctx->facts);
	ctx->facts.platform.boot_loader = VC_BOOT_GRUB;
	vc_verdict(ctx);
	f = vc_find(ctx, VC_FID_CONFLICT_KVM_BLOCKS_VIRTUALBOX);
	assert_non_null(f);
	assert_int_equal(f->severity, VC_SEV_ERROR);
	assert_non_null(strstr(f->message, "VERR_VMX_IN_VMX_ROOT_MODE (-4011)"));
	assert_true(f->remedies.n >= 3);
	assert_non_null(strstr(f->remedies.v[0].steps, "sudo modprobe -r kvm_intel kvm"));
	assert_non_null(strstr(f->remedies.v[1].steps, "options kvm enable_virt_at_load=0"));
	/* on 6.12 no later 7.2.x uses KVM's VT: =0 stays right, no "remove it when you upgrade" */
	for (size_t i = 0; i < f->remedies.n; i++)
		assert_null(strstr(f->remedies.v[i].steps, "When you upgrade"));
	assert_non_null(
		strstr(ctx->owner.headline, "VirtualBox 7.1.6 VMs will fail with VERR_VMX_IN_VMX_ROOT_MODE"));
	vc_ctx_free(ctx);
}

/* On 6.16 a later release needs KVM to hold VT: then (and only then) the override must go again,
 * from the first release the table says fails with =0 (7.2.10), not from 7.2.2, whose driver asks
 * KVM to switch VT on and runs with =0 too. */
static void test_conflict_remedies_6_16(void **state)
{
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	const struct vc_finding *f;

	(void)state;
	c_blocks_vbox71(&ctx->facts);
	free(ctx->facts.kernel);
	ctx->facts.kernel = xstrdup("6.16.3-amd64");
	vc_verdict(ctx);
	f = vc_find(ctx, VC_FID_CONFLICT_KVM_BLOCKS_VIRTUALBOX);
	assert_non_null(f);
	assert_non_null(strstr(f->remedies.v[f->remedies.n - 1].steps,
			       "When you upgrade to VirtualBox 7.2.10 or later"));
	vc_ctx_free(ctx);
}

/* 7.2.x on 6.12-6.15 behaves like 7.1: the report must not say all is fine (issue 15). */
static void test_vbox72_on_6_14_blocked(void **state)
{
	struct vc_ctx *ctx = vc_ctx_new(NULL);

	(void)state;
	c_shares_vbox72(&ctx->facts);
	free(ctx->facts.kernel);
	ctx->facts.kernel = xstrdup("6.14.0-24-generic");
	vc_verdict(ctx);
	assert_non_null(vc_find(ctx, VC_FID_CONFLICT_KVM_BLOCKS_VIRTUALBOX));
	assert_null(vc_find(ctx, VC_FID_VIRTUALBOX_SHARES_KVM));
	vc_ctx_free(ctx);
}

/* 7.2.10 next to a loaded KVM on 7.0: never "runs alongside", an upgrade. */
static void test_vbox7210_panics(void **state)
{
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	const struct vc_finding *f;

	(void)state;
	c_shares_vbox72(&ctx->facts);
	free(ctx->facts.kernel);
	ctx->facts.kernel = xstrdup("7.0.12-arch1-1");
	free(ctx->facts.virtualbox.version);
	ctx->facts.virtualbox.version = xstrdup("7.2.10");
	vc_verdict(ctx);
	f = vc_find(ctx, VC_FID_CONFLICT_VIRTUALBOX_PANICS_HOST);
	assert_non_null(f);
	assert_int_equal(f->severity, VC_SEV_ERROR);
	assert_non_null(strstr(f->remedies.v[0].steps, "7.2.12"));
	assert_null(vc_find(ctx, VC_FID_VIRTUALBOX_SHARES_KVM));
	assert_null(strstr(ctx->owner.headline, "alongside"));
	vc_ctx_free(ctx);
}

/* QEMU and VirtualBox 7.2.10 VMs at once on 6.18: the report names #711's failure even with
 * kvm.enable_virt_at_load=N (KVM's own VM switched VT on), and explain's message relates to it. */
static void test_concurrent_vms(void **state)
{
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	const struct vc_known_error *m[1];
	const struct vc_finding *f;

	(void)state;
	c_shares_vbox72(&ctx->facts);
	kernel(&ctx->facts, "6.18.2");
	free(ctx->facts.virtualbox.version);
	ctx->facts.virtualbox.version = xstrdup("7.2.10");
	free(ctx->facts.modules.mod[vc_module_index("kvm")].parameters.v[0].value);
	ctx->facts.modules.mod[vc_module_index("kvm")].parameters.v[0].value = xstrdup("N");
	module(&ctx->facts, "vboxdrv", VC_MOD_LIVE);
	vm(&ctx->facts, VC_HV_KVM, "qemu-system-x86");
	vm(&ctx->facts, VC_HV_VIRTUALBOX, "VirtualBoxVM");
	vc_verdict(ctx);
	f = vc_find(ctx, VC_FID_CONFLICT_CONCURRENT_VMS);
	assert_non_null(f);
	assert_int_equal(f->severity, VC_SEV_WARNING);
	assert_non_null(strstr(f->message, "KVM: entry failed, hardware error 0x0"));
	assert_non_null(strstr(f->evidence.v[0], "qemu-system-x86"));
	assert_int_equal(vc_match_errors("KVM: entry failed, hardware error 0x0", m, 1), 1);
	assert_true(vc_known_errors_relate(m, 1, f->id));
	vc_ctx_free(ctx);
}

/* VirtualBox 7.2.8 on Linux 7.1.3 (it builds up to 7.0, VirtualBox#703) with these kernels in /boot:
 * the last remedy of "driver not built", copied. */
static char *not_built_last_remedy(const char *const *boot, size_t n)
{
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	const struct vc_finding *f;
	char *last;

	cpu(&ctx->facts, "GenuineIntel", VC_VT_VMX, false);
	kernel(&ctx->facts, "7.1.3-arch1-1");
	vbox(&ctx->facts, "7.2.8");
	for (size_t i = 0; i < n; i++)
		vc_strv_push(&ctx->facts.virtualbox.boot_kernels, boot[i]);
	vc_verdict(ctx);
	f = vc_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_BUILT);
	assert_non_null(f);
	last = xstrdup(f->remedies.v[f->remedies.n - 1].steps);
	vc_ctx_free(ctx);
	return last;
}

/* A driver that does not build here: "boot the previous kernel" names one this VirtualBox builds for
 * (the support table), not merely the newest older one (issue 15, A). */
static void test_previous_kernel_supported(void **state)
{
	static const char *const boot[] = { "7.1.3-arch1-1", "7.1.1-arch1-1", "7.0.9-arch1-1" };
	char *last;

	(void)state;
	last = not_built_last_remedy(boot, ARRAY_SIZE(boot));
	assert_non_null(strstr(last, "boot the previous kernel 7.0.9-arch1-1"));
	assert_null(strstr(last, "7.1.1"));
	free(last);
	/* only kernels it does not build for: none is offered as the way back */
	last = not_built_last_remedy(boot, 2);
	assert_null(strstr(last, "7.1.1"));
	assert_non_null(strstr(last, "too new for it as well"));
	free(last);
}

/* Where the facts name no kernel (a report that could not read it, a paste without one), the
 * verdict's messages and remedies say "the running kernel", never "Linux unknown" (issue 15); the
 * refusal is crouton's real line (tests/logs/crouton-vbox-module-locking-init-module-denied), the
 * build error a vboxconfig log's. */
static void test_unknown_kernel_wording(void **state)
{
	static const char *const bad[] = { "Linux unknown", "Linux ?", "Linux $(", "Linux (null)",
					   "than unknown" };
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	for (int build = 0; build < 2; build++) {
		ctx = vc_ctx_new(NULL);
		cpu(&ctx->facts, "GenuineIntel", VC_VT_VMX, false);
		vbox(&ctx->facts, "7.2.4");
		module(&ctx->facts, "vboxdrv", VC_MOD_ABSENT);
		if (build)
			vc_strv_push(&ctx->facts.virtualbox.setup_log,
				     "/tmp/vbox.0/SUPDrv.c:123:5: error: implicit declaration of function");
		else
			vc_strv_push(
				&ctx->facts.platform.kernel_log.driver_refused,
				"Chromium OS LSM: init_module denied module=\"/lib/modules/3.8.11/updates/"
				"dkms/vboxdrv.ko\" pid=22154 cmdline=\"modprobe vboxdrv\"");
		vc_verdict(ctx);
		f = must_find(ctx,
			      build ? VC_FID_VIRTUALBOX_DRIVER_NOT_BUILT : VC_FID_VIRTUALBOX_DRIVER_REFUSED,
			      NULL);
		assert_non_null(strstr(f->message, "the running kernel"));
		for (size_t b = 0; b < ARRAY_SIZE(bad); b++) {
			if (strstr(f->message, bad[b]))
				fail_msg("\"%s\" in: %s", bad[b], f->message);
			for (size_t r = 0; r < f->remedies.n; r++)
				if (strstr(f->remedies.v[r].steps, bad[b]))
					fail_msg("\"%s\" in: %s", bad[b], f->remedies.v[r].steps);
		}
		vc_ctx_free(ctx);
	}
}

/* vboxdrv 7.2.16 does not build for 7.1 with CONFIG_X86_FRED=y and no CONFIG_KVM_INTEL
 * (VirtualBox/virtualbox#835): the fix is the kernel's configuration or a kernel before 7.1, not
 * "a VirtualBox that supports 7.1" (7.2.16 does), nor an older 7.1 kernel */
static void test_fred_config_no_build(void **state)
{
	static const char *const keys[][2] = { { "CONFIG_X86_FRED", "y" },
					       { "CONFIG_KVM", "y" },
					       { "CONFIG_KVM_AMD", "m" } };
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	const struct vc_finding *f;
	bool config = false, prev = false;

	(void)state;
	cpu(&ctx->facts, "AuthenticAMD", VC_VT_SVM, false);
	kernel(&ctx->facts, "7.1.10-1-custom");
	vbox(&ctx->facts, "7.2.16");
	ctx->facts.platform.has_kernel_config = true;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		for (size_t k = 0; k < VC_NCONFIG; k++)
			if (!strcmp(vc_config_keys[k], keys[i][0]))
				ctx->facts.platform.kernel_config.value[k] = xstrdup(keys[i][1]);
	vc_strv_push(&ctx->facts.virtualbox.boot_kernels, "7.1.8-1-custom");
	vc_strv_push(&ctx->facts.virtualbox.boot_kernels, "7.0.12-1-custom");
	vc_verdict(ctx);
	f = vc_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_BUILT);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "x86_entry_from_kvm"));
	for (size_t i = 0; i < f->remedies.n; i++) {
		config |= strstr(f->remedies.v[i].steps, "CONFIG_KVM_INTEL=m") != NULL;
		prev |= strstr(f->remedies.v[i].steps, "previous kernel 7.0.12-1-custom") != NULL;
		assert_null(strstr(f->remedies.v[i].steps, "7.1.8"));
		assert_null(strstr(f->remedies.v[i].steps, "Upgrade VirtualBox to a release that supports"));
	}
	assert_true(config);
	assert_true(prev);
	vc_ctx_free(ctx);
}

/* The message of a driver that does not build on the VirtualBox#835 host (Arch's
 * virtualbox-host-dkms) once the files ADD (n/2 path-text pairs) are added and the path DROP (below
 * the sysroot, or NULL) is gone. */
static char *not_built_message(const char *drop, const char *const *add, size_t n)
{
	char dir[] = "/tmp/s8-nem-build-XXXXXX", path[600];
	struct vc_ctx *ctx;
	char *msg;

	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "r-vbox7216-endeavouros-amd-7.1-fred-no-kvm-intel");
	if (drop) {
		snprintf(path, sizeof(path), "%s/%s", dir, drop);
		sysroot_remove(path);
	}
	sysroot_put(dir, add, n);
	ctx = sysroot_report(dir);
	msg = xstrdup(must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_BUILT, NULL)->message);
	sysroot_free(ctx);
	sysroot_remove(dir);
	return msg;
}

static void assert_says(const char *s, const char *want, bool yes)
{
	if (!s || (strstr(s, want) != NULL) != yes)
		fail_msg("%s \"%s\" in: %s", yes ? "want" : "do not want", want, s ? s : "(null)");
}

/* The same where the running kernel's module tree is gone (its package upgraded since boot, the
 * machine not restarted): a reboot into the installed kernel, not DKMS (review) */
static void test_prebuilt_running_modules_gone(void **state)
{
	char dir[] = "/tmp/s16-prebuilt-gone-XXXXXX";
	static const char *const rel[] = { "proc/sys/kernel/osrelease", "6.15.8-arch1-1\n" };
	struct vc_ctx *ctx;
	const struct vc_finding *f;
	char cmd[256];

	(void)state;
	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "r-vbox7112-cachyos-6.16-host-modules-arch-for-6.15");
	sysroot_put(dir, rel, ARRAY_SIZE(rel));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/lib/modules/6.16.0-5-cachyos'", dir);
	assert_int_equal(system(cmd), 0);
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED, "sudo systemctl reboot");
	assert_says(f->message, "modules (/lib/modules/6.15.8-arch1-1) are gone", true);
	assert_false(remedy_says(f, "virtualbox-host-dkms"));
	sysroot_free(ctx);
	sysroot_remove(dir);
}

/* s16-hostsA (CachyOS/distribution#194): Arch's prebuilt virtualbox-host-modules-arch with vboxdrv
 * for another kernel only: the finding names that kernel, the remedy the DKMS package and the
 * headers package of the running kernel's pkgbase, never a bare modprobe; a pkgbase that is no
 * package name is not read; with vboxdrv in this kernel's extramodules, loading it is the fix */
static void test_prebuilt_for_another_kernel(void **state)
{
	char dir[] = "/tmp/s16-hostsA-prebuilt-XXXXXX";
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "r-vbox7112-cachyos-6.16-host-modules-arch-for-6.15");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.distro.kernel_package, "linux-cachyos");
	f = must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED,
		      "sudo pacman -S --needed virtualbox-host-dkms linux-cachyos-headers && sudo modprobe "
		      "vboxdrv");
	assert_says(f->message, "carries vboxdrv for another kernel only (6.15.9-arch1-1)", true);
	assert_false(remedy_says(f, "vboxconfig"));
	assert_int_equal(f->remedies.v[0].kind, VC_REMEDY_PERSISTENT);
	sysroot_free(ctx);
	{
		static const char *const bad[] = { "lib/modules/6.16.0-5-cachyos/pkgbase",
						   "linux cachyos\n" };

		sysroot_put(dir, bad, ARRAY_SIZE(bad));
	}
	ctx = sysroot_report(dir);
	assert_null(ctx->facts.distro.kernel_package);
	sysroot_free(ctx);
	{
		static const char *const here[] = {
			"lib/modules/6.16.0-5-cachyos/extramodules/vboxdrv.ko.zst", NULL
		};

		sysroot_put(dir, here, ARRAY_SIZE(here));
	}
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED, "sudo modprobe vboxdrv");
	assert_false(remedy_says(f, "virtualbox-host-dkms"));
	assert_says(f->message, "another kernel only", false);
	sysroot_free(ctx);
	sysroot_remove(dir);
}

/* "Driver not built" names the step that fails as the install builds vboxdrv: DKMS (Arch's
 * virtualbox-host-dkms: /usr/src/vboxhost-VERSION/dkms.conf), akmods (Fedora), a package of
 * prebuilt modules (virtualbox-host-modules-arch), or VirtualBox's own vboxconfig; never
 * "`vboxconfig` is the step that fails" where there is no vboxconfig (issue 15). */
static void test_not_built_names_build_step(void **state)
{
	static const char *const akmods[] = { "usr/src/akmods/VirtualBox-kmod.latest", NULL };
	static const char *const prebuilt[] = {
		"var/lib/pacman/local/virtualbox-host-modules-arch-7.2.16-1/desc",
		"%NAME%\nvirtualbox-host-modules-arch\n\n%VERSION%\n7.2.16-1\n"
	};
	static const char *const vboxconfig[] = { "usr/sbin/vboxconfig", NULL };
	const char *const dkms = "usr/src/vboxhost-7.2.16_OSE";
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	const struct vc_finding *f;
	char *msg;

	(void)state;
	msg = not_built_message(NULL, NULL, 0);
	assert_says(msg, "DKMS's build of vboxdrv (module vboxhost", true);
	assert_says(msg, "vboxconfig", false);
	free(msg);
	msg = not_built_message(dkms, akmods, ARRAY_SIZE(akmods));
	assert_says(msg, "`sudo akmods --force` again", true);
	assert_says(msg, "vboxconfig", false);
	free(msg);
	msg = not_built_message(dkms, prebuilt, ARRAY_SIZE(prebuilt));
	assert_says(msg, "prebuilt in virtualbox-host-modules-arch", true);
	assert_says(msg, "vboxconfig", false);
	free(msg);
	msg = not_built_message(NULL, vboxconfig, ARRAY_SIZE(vboxconfig));
	assert_says(msg, "`vboxconfig` is the step that fails", true);
	free(msg);

	/* after the upgrade the remedy runs the install's own build */
	cpu(&ctx->facts, "GenuineIntel", VC_VT_VMX, false);
	kernel(&ctx->facts, "7.1.3-arch1-1");
	vbox(&ctx->facts, "7.2.8");
	ctx->facts.virtualbox.build = VC_VBOX_BUILD_DKMS;
	ctx->facts.virtualbox.build_name = "vboxhost";
	vc_verdict(ctx);
	f = must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_BUILT, "then `sudo dkms autoinstall");
	assert_says(f->remedies.v[0].steps, "vboxconfig", false);
	vc_ctx_free(ctx);
}

/* VMs that Vagrant started are stopped with `vagrant halt` or `vagrant suspend` (issue 15, C); the
 * conflict where VirtualBox holds VT never offers another provider as the way to stop them. */
static void test_vagrant_halt(void **state)
{
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	const struct vc_finding *f;
	bool halt = false;

	(void)state;
	c_vbox_vms(&ctx->facts);
	module(&ctx->facts, "kvm", VC_MOD_LIVE);
	module(&ctx->facts, "kvm_intel", VC_MOD_LIVE);
	ctx->facts.virtualbox.vagrant = true;
	vc_verdict(ctx);
	f = vc_find(ctx, VC_FID_CONFLICT_VIRTUALBOX_BLOCKS_KVM);
	assert_non_null(f);
	for (size_t i = 0; i < f->remedies.n; i++) {
		halt |= strstr(f->remedies.v[i].steps, "`vagrant halt`") != NULL;
		assert_null(strstr(f->remedies.v[i].steps, "vagrant up"));
	}
	assert_true(halt);
	vc_ctx_free(ctx);
}

/* Messages say exactly what is missing: kvm without its vendor module is not "KVM is not loaded"
 * (issue 15, C) */
static void test_says_what_is_missing(void **state)
{
	struct vc_ctx *ctx = vc_ctx_new(NULL);

	(void)state;
	cpu(&ctx->facts, "AuthenticAMD", VC_VT_SVM, false);
	kernel(&ctx->facts, "6.8.0-49-generic");
	module(&ctx->facts, "kvm", VC_MOD_LIVE);
	module(&ctx->facts, "kvm_amd", VC_MOD_ABSENT);
	vc_verdict(ctx);
	assert_non_null(strstr(ctx->owner.headline, "kvm is loaded, kvm_amd is not"));
	assert_null(strstr(ctx->owner.headline, "KVM is not loaded"));
	vc_ctx_free(ctx);
}

/* Linux 7.1+ with a kvm_intel running TDX (tdx=Y): the report says unloading kvm_intel may not
 * release VT-x, citing x86_virt_refcount, a warning where VirtualBox is installed; not with tdx=N,
 * not on 7.0 (issue 15, A; s9-a15). */
static void test_tdx_keeps_vmx(void **state)
{
	static const char *const tdx[] = { "sys/module/kvm_intel/parameters/tdx", "Y\n" };
	static const char *const tdx_off[] = { "sys/module/kvm_intel/parameters/tdx", "N\n" };
	static const char *const tdx_70[] = { "sys/module/kvm_intel/parameters/tdx", "Y\n",
					      "proc/sys/kernel/osrelease", "7.0.12_1\n" };
	char dir[] = "/tmp/s9-a15-tdx-XXXXXX";
	const struct vc_finding *f;
	struct vc_ctx *ctx;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "r-vbox7214-void-intel-7.1-shares");
	sysroot_put(dir, tdx, ARRAY_SIZE(tdx));
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_KVM_TDX_KEEPS_VMX, NULL);
	assert_non_null(strstr(f->message, "unloading kvm_intel may not release VT-x"));
	assert_int_equal(f->severity, VC_SEV_WARNING);
	assert_true(f->evidence.n >= 2);
	assert_non_null(strstr(f->evidence.v[f->evidence.n - 1], "knowledge x86_virt_refcount (likely)"));
	sysroot_free(ctx);
	sysroot_put(dir, tdx_off, ARRAY_SIZE(tdx_off));
	ctx = sysroot_report(dir);
	assert_null(vc_find(ctx, VC_FID_KVM_TDX_KEEPS_VMX));
	sysroot_free(ctx);
	sysroot_put(dir, tdx_70, ARRAY_SIZE(tdx_70));
	ctx = sysroot_report(dir);
	assert_null(vc_find(ctx, VC_FID_KVM_TDX_KEEPS_VMX));
	sysroot_free(ctx);
	sysroot_remove(dir);
}

/* VT-x locked off by the firmware on a kernel that hides the flag (>= 5.6), the MSRs unreadable (no msr
 * driver), the kernel log saying so: one error finding with the kernel's reading of the lock as its
 * proof and the hidden flag as evidence, not the CPUID probe's warning; without the log line the
 * CPUID probe's inference stays a warning (netoneko/akuma's HP 500-502nj, Linux 6.14). */
static void test_firmware_lock_from_log_and_hidden_flag(void **state)
{
	static const char *const no_log[] = { "virtcheck/kmsg.txt", NULL };
	char dir[] = "/tmp/s14-fw-log-XXXXXX";
	const struct vc_finding *f;
	struct vc_ctx *ctx;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "r-kvm-hp-i5-4460-ubuntu2504-6.14-vtx-locked-off");
	ctx = sysroot_report(dir);
	assert_false(ctx->facts.msr.available);
	f = must_find(ctx, VC_FID_MSR_VT_DISABLED_BY_FIRMWARE, "Intel Virtualization Technology");
	assert_int_equal(f->severity, VC_SEV_ERROR);
	assert_non_null(strstr(f->message, "VMX (outside TXT) disabled by BIOS"));
	assert_non_null(strstr(f->evidence.v[f->evidence.n - 1], "lacks the vmx flag"));
	assert_null(vc_find(ctx, VC_FID_CPUID_VT_DISABLED_BY_FIRMWARE));
	sysroot_free(ctx);
	sysroot_put(dir, no_log, ARRAY_SIZE(no_log));
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_CPUID_VT_DISABLED_BY_FIRMWARE, NULL);
	assert_int_equal(f->severity, VC_SEV_WARNING);
	assert_null(vc_find(ctx, VC_FID_MSR_VT_DISABLED_BY_FIRMWARE));
	sysroot_free(ctx);
	sysroot_remove(dir);
}

/* RPM Fusion (Fedora): VirtualBox in /usr/lib64/virtualbox, its version from akmods' source package;
 * an older vboxdrv still loaded is an error whose fix rebuilds with akmods and reloads; the matching
 * driver clears it (VirtualBox/virtualbox#425) */
static void test_rpmfusion_stale_driver(void **state)
{
	static const char *const matching[] = { "sys/module/vboxdrv/version",
						"7.2.4_RPMFUSION r170995 (0x00340001)\n" };
	static const char *const newer[] = { "sys/module/vboxdrv/version",
					     "7.2.6_RPMFUSION r172322 (0x00340001)\n" };
	static const char *const other_series[] = { "sys/module/vboxdrv/version",
						    "7.3.0 r180000 (0x00350001)\n" };
	char dir[] = "/tmp/s10-vbox-rpmfusion-XXXXXX";
	const struct vc_finding *f;
	struct vc_ctx *ctx;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "r-vbox724-fedora42-6.16-stale-vboxdrv-symbol-not-found");
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.virtualbox.install_dir, "/usr/lib64/virtualbox");
	assert_string_equal(ctx->facts.virtualbox.version, "7.2.4");
	assert_string_equal(ctx->facts.virtualbox.version_source, "/usr/src/akmods");
	f = must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_MISMATCH, NULL);
	assert_int_equal(f->severity, VC_SEV_ERROR);
	assert_true(remedy_says(f, "sudo akmods --force --kernels 6.16.10-200.fc42.x86_64 && sudo modprobe "
				   "-r vboxnetadp vboxnetflt vboxdrv && sudo modprobe vboxdrv"));
	assert_null(strstr(ctx->owner.headline, "alongside"));
	assert_non_null(strstr(ctx->owner.headline,
			       "VirtualBox 7.2.4 VMs will fail: the loaded vboxdrv is not "
			       "its own"));
	sysroot_free(ctx);
	sysroot_put(dir, matching, ARRAY_SIZE(matching));
	ctx = sysroot_report(dir);
	assert_null(vc_find(ctx, VC_FID_VIRTUALBOX_DRIVER_MISMATCH));
	assert_non_null(strstr(ctx->owner.headline, "VirtualBox 7.2.4 runs alongside it"));
	sysroot_free(ctx);
	/* a newer vboxdrv (the package downgraded, the module not reloaded) is not an older one: the
	 * headline and virtualbox.driver_mismatch compare the versions the same way */
	sysroot_put(dir, newer, ARRAY_SIZE(newer));
	ctx = sysroot_report(dir);
	assert_string_equal(ctx->facts.virtualbox.driver_version, "7.2.6");
	assert_null(vc_find(ctx, VC_FID_VIRTUALBOX_DRIVER_MISMATCH));
	assert_non_null(strstr(ctx->owner.headline, "VirtualBox 7.2.4 runs alongside it"));
	sysroot_free(ctx);
	/* a newer one of another series is not its own either (SUP_IOCTL_COOKIE compares the
	 * interface's major): the mismatch, and no "runs alongside" */
	sysroot_put(dir, other_series, ARRAY_SIZE(other_series));
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VIRTUALBOX_DRIVER_MISMATCH, NULL);
	assert_non_null(strstr(f->message, "another release series"));
	assert_null(strstr(ctx->owner.headline, "alongside"));
	sysroot_free(ctx);
	/* no vboxdrv at all: not "runs alongside", the headline names the missing driver */
	sysroot_remove(dir);
	assert_non_null(mkdtemp(strcpy(dir, "/tmp/s10-vbox-rpmfusion-XXXXXX")));
	sysroot_copy(dir, "r-vbox726-fedora43-6.19-driver-not-built");
	ctx = sysroot_report(dir);
	assert_null(strstr(ctx->owner.headline, "alongside"));
	assert_non_null(strstr(ctx->owner.headline, "its driver vboxdrv is not built"));
	sysroot_free(ctx);
	sysroot_remove(dir);
}

/* kvm.not_loaded with only `sudo modprobe` (nothing blacklists it): load it at every boot, except
 * where VirtualBox or VMware is installed (a KVM loaded at boot would block their VMs) */
static bool load_at_boot(bool vbox, bool vmware)
{
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	struct vc_finding *f;
	bool persistent = false;

	cpu(&ctx->facts, "GenuineIntel", VC_VT_VMX, false);
	kernel(&ctx->facts, "6.8.0-49-generic");
	ctx->facts.virtualbox.installed = vbox;
	ctx->facts.vmware.installed = vmware;
	f = vc_finding(ctx, VC_SEV_WARNING, VC_FID_KVM_NOT_LOADED, "KVM is not loaded");
	vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false, "sudo modprobe kvm_intel");
	vc_verdict(ctx);
	f = vc_find_mut(ctx, VC_FID_KVM_NOT_LOADED);
	assert_non_null(f);
	for (size_t i = 0; i < f->remedies.n; i++)
		if (f->remedies.v[i].kind == VC_REMEDY_PERSISTENT) {
			assert_non_null(
				strstr(f->remedies.v[i].steps,
				       "echo kvm_intel | sudo tee /etc/modules-load.d/kvm_intel.conf"));
			persistent = true;
		}
	vc_ctx_free(ctx);
	return persistent;
}

static void test_kvm_load_at_boot(void **state)
{
	(void)state;
	assert_true(load_at_boot(false, false));
	assert_false(load_at_boot(true, false));
	assert_false(load_at_boot(false, true));
}

/* a vboxdrv that loads on a kernel newer than its release supports (nixpkgs#245834: 7.0.8 on 6.4.1):
 * a warning (distributions patch the driver, such a build may work) naming the first release for that
 * kernel, the headline says the VMs may hang, preflight counts the driver and says so; on 6.3 (its
 * newest) nothing */
static void test_vbox_loaded_kernel_unsupported(void **state)
{
	char dir[] = "/tmp/s15-unsup-XXXXXX";
	const char *const k63[] = { "proc/sys/kernel/osrelease", "6.3.13\n" };
	struct vc_ctx *ctx;
	const struct vc_finding *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "r-nixos2305-xanmod-6.4-vbox708");
	ctx = sysroot_report(dir);
	f = must_find(ctx, VC_FID_VIRTUALBOX_KERNEL_UNSUPPORTED, NULL);
	assert_int_equal(f->severity, VC_SEV_WARNING);
	assert_says(f->remedies.v[0].steps, "7.0.10 or later (the first release", true);
	assert_says(f->remedies.v[0].steps, "virtualisation.virtualbox.host.package", true);
	assert_says(ctx->owner.headline, "VirtualBox 7.0.8 VMs may hang while starting: this kernel", true);
	sysroot_free(ctx);
	sysroot_put(dir, k63, 2);
	ctx = sysroot_report(dir);
	assert_null(vc_find(ctx, VC_FID_VIRTUALBOX_KERNEL_UNSUPPORTED));
	sysroot_free(ctx);
	sysroot_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_every_rule_has_a_case),
		cmocka_unit_test(test_conflict_remedies),
		cmocka_unit_test(test_conflict_remedies_6_16),
		cmocka_unit_test(test_vbox72_on_6_14_blocked),
		cmocka_unit_test(test_vbox7210_panics),
		cmocka_unit_test(test_concurrent_vms),
		cmocka_unit_test(test_previous_kernel_supported),
		cmocka_unit_test(test_unknown_kernel_wording),
		cmocka_unit_test(test_vagrant_halt),
		cmocka_unit_test(test_fred_config_no_build),
		cmocka_unit_test(test_not_built_names_build_step),
		cmocka_unit_test(test_prebuilt_for_another_kernel),
		cmocka_unit_test(test_prebuilt_running_modules_gone),
		cmocka_unit_test(test_says_what_is_missing),
		cmocka_unit_test(test_tdx_keeps_vmx),
		cmocka_unit_test(test_firmware_lock_from_log_and_hidden_flag),
		cmocka_unit_test(test_rpmfusion_stale_driver),
		cmocka_unit_test(test_kvm_load_at_boot),
		cmocka_unit_test(test_vbox_loaded_kernel_unsupported),
	};

	return cmocka_run_group_tests_name("verdict", tests, NULL, NULL);
}
