/* Typed facts: the name tables of their enums, and the field tables that write each probe's facts
 * as its object in virtcheck.report/1 (and free them). */
#include <string.h>

#include "lib/model/facts.h"

/* ---- enum names ---- */

#define NAME_TABLE(fn, type, table, max)                  \
	const char *fn(type v)                            \
	{                                                 \
		return (unsigned)v < (max) ? table[v] : "?"; \
	}

static const char *const hv_names[_VC_HV_MAX] = {
	[VC_HV_NONE] = "none",	 [VC_HV_KVM] = "kvm", [VC_HV_VIRTUALBOX] = "virtualbox", [VC_HV_VMWARE] = "vmware",
	[VC_HV_HYPERV] = "hyperv", [VC_HV_XEN] = "xen", [VC_HV_UNKNOWN] = "unknown",
};
NAME_TABLE(vc_hv_name, enum vc_hv, hv_names, _VC_HV_MAX)

const char *vc_hv_label(enum vc_hv h)
{
	static const char *const labels[_VC_HV_MAX] = {
		[VC_HV_NONE] = "nobody",	   [VC_HV_KVM] = "KVM", [VC_HV_VIRTUALBOX] = "VirtualBox",
		[VC_HV_VMWARE] = "VMware",	   [VC_HV_HYPERV] = "Hyper-V", [VC_HV_XEN] = "Xen",
		[VC_HV_UNKNOWN] = "an unknown hypervisor",
	};

	return (unsigned)h < _VC_HV_MAX ? labels[h] : labels[VC_HV_UNKNOWN];
}

enum vc_hv vc_hv_from_name(const char *s)
{
	for (unsigned i = 0; s && i < _VC_HV_MAX; i++)
		if (strcmp(s, hv_names[i]) == 0)
			return (enum vc_hv)i;
	return VC_HV_UNKNOWN;
}

static const char *const vt_names[_VC_VT_MAX] = { [VC_VT_NONE] = "none", [VC_VT_VMX] = "vmx", [VC_VT_SVM] = "svm" };
NAME_TABLE(vc_vt_name, enum vc_vt, vt_names, _VC_VT_MAX)

const char *vc_vt_label(enum vc_vt v)
{
	return v == VC_VT_VMX ? "VT-x" : v == VC_VT_SVM ? "AMD-V" : "VT-x/AMD-V";
}

static const char *const modstate_names[_VC_MOD_MAX] = {
	[VC_MOD_ABSENT] = "absent", [VC_MOD_LIVE] = "live",	  [VC_MOD_COMING] = "coming",
	[VC_MOD_GOING] = "going",   [VC_MOD_BUILTIN] = "builtin", [VC_MOD_UNKNOWN] = "unknown",
};
NAME_TABLE(vc_modstate_name, enum vc_modstate, modstate_names, _VC_MOD_MAX)

static const char *const confidence_names[_VC_CONF_MAX] = {
	[VC_CONF_DEFINITIVE] = "definitive",
	[VC_CONF_HIGH] = "high",
	[VC_CONF_MEDIUM] = "medium",
	[VC_CONF_UNKNOWN] = "unknown",
};
NAME_TABLE(vc_confidence_name, enum vc_confidence, confidence_names, _VC_CONF_MAX)

static const char *const scope_names[_VC_SCOPE_MAX] = {
	[VC_SCOPE_NONE] = "none",
	[VC_SCOPE_SOME] = "some",
	[VC_SCOPE_ALL] = "all",
};
NAME_TABLE(vc_scope_name, enum vc_scope, scope_names, _VC_SCOPE_MAX)


static const char *const probe_names[_VC_PROBE_MAX] = {
	[VC_PROBE_CPUID] = "cpuid",	    [VC_PROBE_MODULES] = "modules", [VC_PROBE_PLATFORM] = "platform",
	[VC_PROBE_MSR] = "msr",		    [VC_PROBE_KVM] = "kvm",	    [VC_PROBE_PROCESSES] = "processes",
	[VC_PROBE_UDEV] = "udev",	    [VC_PROBE_PCI] = "pci",	    [VC_PROBE_ENVIRONMENT] = "environment",
	[VC_PROBE_VIRTUALBOX] = "virtualbox",
};
NAME_TABLE(vc_probe_name, enum vc_probe_id, probe_names, _VC_PROBE_MAX)

const char *const vc_config_keys[VC_NCONFIG] = {
	"CONFIG_KVM",	     "CONFIG_KVM_INTEL",	      "CONFIG_KVM_AMD",	 "CONFIG_KVM_AMD_SEV",
	"CONFIG_KVM_PVM",    "CONFIG_X86_MSR",		      "CONFIG_MODULES",	 "CONFIG_MODULE_SIG",
	"CONFIG_MODULE_SIG_FORCE", "CONFIG_SECURITY_LOCKDOWN_LSM", "CONFIG_VFIO_PCI", "CONFIG_INTEL_IOMMU",
	"CONFIG_AMD_IOMMU",  "CONFIG_HYPERV",		      "CONFIG_XEN",
};

const char *const vc_udev_devices[VC_NUDEV_DEVICES] = { "kvm", "vboxdrv", "vboxdrvu", "vboxnetctl", "vmmon" };

/* ---- cpuid ---- */

/* CPUID 0x8000000A EDX. */
static const struct {
	unsigned bit;
	const char *name;
} svm_bits[] = {
	{ 0, "npt" },		{ 1, "lbrv" },
	{ 2, "svm_lock" },	{ 3, "nrip_save" },
	{ 4, "tsc_scale" },	{ 5, "vmcb_clean" },
	{ 6, "flush_by_asid" }, { 7, "decode_assists" },
	{ 10, "pause_filter" }, { 12, "pause_filter_threshold" },
	{ 13, "avic" },		{ 15, "v_vmsave_vmload" },
	{ 16, "vgif" },		{ 17, "gmet" },
	{ 18, "x2avic" },	{ 19, "sss_check" },
	{ 20, "v_spec_ctrl" },	{ 25, "vnmi" },
};

/* CPUID 0x40000001 EAX under KVM. */
static const struct {
	unsigned bit;
	const char *name;
} kvm_bits[] = {
	{ 0, "clocksource" },	      { 1, "nop_io_delay" },	   { 3, "clocksource2" },
	{ 4, "async_pf" },	      { 5, "steal_time" },	   { 6, "pv_eoi" },
	{ 7, "pv_unhalt" },	      { 9, "pv_tlb_flush" },	   { 10, "async_pf_vmexit" },
	{ 11, "pv_send_ipi" },	      { 12, "poll_control" },	   { 13, "pv_sched_yield" },
	{ 14, "async_pf_int" },	      { 15, "msi_ext_dest_id" },   { 16, "hc_map_gpa_range" },
	{ 17, "migration_control" }, { 24, "clocksource_stable" },
};

static void write_svm_bits(struct vc_val *o, const void *p)
{
	uint32_t edx = *(const uint32_t *)p;

	for (size_t i = 0; i < ARRAY_SIZE(svm_bits); i++)
		vc_obj_set(o, svm_bits[i].name, vc_bool(edx & (1u << svm_bits[i].bit)));
}

static void write_kvm_features(struct vc_val *o, const void *p)
{
	uint32_t eax = *(const uint32_t *)p;
	struct vc_val *a = vc_obj_set(o, "kvm_features", vc_arr());

	for (size_t i = 0; i < ARRAY_SIZE(kvm_bits); i++)
		if (eax & (1u << kvm_bits[i].bit))
			vc_arr_push(a, vc_str(kvm_bits[i].name));
}

#define T struct vc_cpuid_facts
static const struct vc_field svm_fields_[] = {
	VC_F(T, "revision", VC_F_UINT, svm_revision),
	VC_F(T, "asids", VC_F_UINT, svm_asids),
	VC_F(T, NULL, VC_F_FN, svm_edx, .write = write_svm_bits),
};
static VC_FIELDS(svm_fields, svm_fields_);

static const struct vc_field cpuinfo_fields_[] = {
	VC_F(T, "vmx", VC_F_BOOL, cpuinfo_flags.vmx),
	VC_F(T, "svm", VC_F_BOOL, cpuinfo_flags.svm),
	VC_F(T, "hypervisor", VC_F_BOOL, cpuinfo_flags.hypervisor),
};
static VC_FIELDS(cpuinfo_fields, cpuinfo_fields_);

static const struct vc_field cpuid_read_[] = {
	VC_F(T, "vendor", VC_F_CHARS, vendor),
	VC_F(T, "family", VC_F_UINT, family),
	VC_F(T, "model", VC_F_UINT, model),
	VC_F(T, "stepping", VC_F_UINT, stepping),
	VC_F(T, "brand", VC_F_CHARS, brand),
	VC_F(T, "max_leaf", VC_F_HEX32, max_leaf),
	VC_F(T, "max_ext_leaf", VC_F_HEX32, max_ext_leaf, VC_NULL_UNLESS(T, has_max_ext_leaf)),
	VC_F(T, "vmx", VC_F_BOOL, vmx),
	VC_F(T, "svm", VC_F_BOOL, svm),
	VC_F(T, "vt", VC_F_ENUM, vt, .names = vt_names),
	VC_F(T, "hypervisor_bit", VC_F_BOOL, hypervisor_bit),
	VC_F(T, "cpus_checked", VC_F_UINT, cpus_checked),
	VC_F(T, "vt_consistent", VC_F_BOOL, vt_consistent),
	VC_F(T, "hypervisor_signature", VC_F_CHARS, hypervisor_signature, VC_NULL_UNLESS(T, hv_leaf)),
	VC_F(T, "hypervisor", VC_F_CSTR, hypervisor),
	VC_F(T, "hypervisor_max_leaf", VC_F_HEX32, hypervisor_max_leaf, VC_IF(T, hv_leaf)),
	VC_F(T, "hypervisor_signature_alt", VC_F_CHARS, hypervisor_signature_alt, VC_IF(T, has_signature_alt)),
	VC_F(T, NULL, VC_F_FN, kvm_features, .write = write_kvm_features, VC_IF(T, has_kvm_features)),
	VC_GROUP("svm_features", svm_fields, VC_NULL_UNLESS(T, has_svm_features)),
	VC_GROUP("cpuinfo_flags", cpuinfo_fields, VC_NULL_UNLESS(T, has_cpuinfo)),
	VC_F(T, "vt_cleared_by_kernel", VC_F_TRI, vt_cleared_by_kernel, VC_IF(T, has_cpuinfo)),
};
static VC_FIELDS(cpuid_read, cpuid_read_);

static const struct vc_field cpuid_fields_[] = {
	VC_F(T, "available", VC_F_BOOL, available),
	VC_GROUP(NULL, cpuid_read, VC_IF(T, available)),
};
#undef T
static VC_FIELDS(cpuid_fields, cpuid_fields_);

/* ---- the table of tables ---- */

static const struct {
	const struct vc_fields *fields;
	size_t off, size;
} probe_facts[_VC_PROBE_MAX] = {
	[VC_PROBE_CPUID] = { &cpuid_fields, offsetof(struct vc_facts, cpuid), sizeof(struct vc_cpuid_facts) },
};

struct vc_val *vc_facts_probe_json(const struct vc_facts *f, enum vc_probe_id p)
{
	return vc_fields_json(probe_facts[p].fields, (const char *)f + probe_facts[p].off);
}

void vc_facts_free(struct vc_facts *f)
{
	for (unsigned p = 0; p < _VC_PROBE_MAX; p++)
		if (probe_facts[p].fields)
			vc_fields_free(probe_facts[p].fields, (char *)f + probe_facts[p].off, probe_facts[p].size);
	free(f->kernel);
	memset(f, 0, sizeof(*f));
}

/* ---- questions many readers ask ---- */

const struct vc_module_facts *vc_facts_module(const struct vc_facts *f, const char *name)
{
	int i = vc_module_index(name);

	return i < 0 ? NULL : &f->modules.mod[i];
}

enum vc_modstate vc_facts_modstate(const struct vc_facts *f, const char *name)
{
	const struct vc_module_facts *m = vc_facts_module(f, name);

	return m ? m->state : VC_MOD_ABSENT;
}

bool vc_facts_loaded(const struct vc_facts *f, const char *name)
{
	enum vc_modstate s = vc_facts_modstate(f, name);

	return s == VC_MOD_LIVE || s == VC_MOD_BUILTIN || s == VC_MOD_COMING;
}

bool vc_facts_amd(const struct vc_facts *f)
{
	return f->cpuid.available &&
	       (strcmp(f->cpuid.vendor, "AuthenticAMD") == 0 || strcmp(f->cpuid.vendor, "HygonGenuine") == 0);
}

const char *vc_facts_kvm_vendor_module(const struct vc_facts *f)
{
	if (!f->cpuid.available)
		return NULL;
	return f->cpuid.vt == VC_VT_VMX ? "kvm_intel" : f->cpuid.vt == VC_VT_SVM ? "kvm_amd" : NULL;
}

size_t vc_facts_running_vms(const struct vc_facts *f, enum vc_hv hv, struct vc_vm_proc *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < f->processes.procs.n && n < max; i++) {
		const struct vc_proc_facts *p = &f->processes.procs.v[i];

		if (p->hypervisor != hv || p->vms == 0)
			continue;
		out[n].pid = (long long)p->pid;
		out[n].comm = p->comm ? p->comm : "?";
		n++;
	}
	return n;
}
