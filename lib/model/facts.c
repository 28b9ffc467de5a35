/* Typed facts: the name tables of their enums, and the field tables that write each probe's facts
 * as its object in virtcheck.report/1 (and free them). */
#include <string.h>

#include "lib/base/sanitise.h"
#include "lib/model/facts.h"

/* ---- enum names ---- */

#define NAME_TABLE(fn, type, table, max)                                                                     \
	const char *fn(type v)                                                                               \
	{                                                                                                    \
		return (unsigned)v < (max) ? table[v] : "?";                                                 \
	}

const char *const vc_hv_names[_VC_HV_MAX] = {
	[VC_HV_NONE] = "none",	     [VC_HV_KVM] = "kvm",	[VC_HV_VIRTUALBOX] = "virtualbox",
	[VC_HV_VMWARE] = "vmware",   [VC_HV_HYPERV] = "hyperv", [VC_HV_XEN] = "xen",
	[VC_HV_UNKNOWN] = "unknown",
};
NAME_TABLE(vc_hv_name, enum vc_hv, vc_hv_names, _VC_HV_MAX)

const char *vc_hv_label(enum vc_hv h)
{
	static const char *const labels[_VC_HV_MAX] = {
		[VC_HV_NONE] = "nobody",
		[VC_HV_KVM] = "KVM",
		[VC_HV_VIRTUALBOX] = "VirtualBox",
		[VC_HV_VMWARE] = "VMware",
		[VC_HV_HYPERV] = "Hyper-V",
		[VC_HV_XEN] = "Xen",
		[VC_HV_UNKNOWN] = "an unknown hypervisor",
	};

	return (unsigned)h < _VC_HV_MAX ? labels[h] : labels[VC_HV_UNKNOWN];
}

enum vc_hv vc_hv_from_name(const char *s)
{
	for (unsigned i = 0; s && i < _VC_HV_MAX; i++)
		if (strcmp(s, vc_hv_names[i]) == 0)
			return (enum vc_hv)i;
	return VC_HV_UNKNOWN;
}

static const char *const vt_names[_VC_VT_MAX] = {
	[VC_VT_NONE] = "none", [VC_VT_VMX] = "vmx", [VC_VT_SVM] = "svm"
};
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

const char *const vc_confidence_names[_VC_CONF_MAX] = {
	[VC_CONF_DEFINITIVE] = "definitive",
	[VC_CONF_HIGH] = "high",
	[VC_CONF_MEDIUM] = "medium",
	[VC_CONF_UNKNOWN] = "unknown",
};
NAME_TABLE(vc_confidence_name, enum vc_confidence, vc_confidence_names, _VC_CONF_MAX)

static const char *const scope_names[_VC_SCOPE_MAX] = {
	[VC_SCOPE_NONE] = "none",
	[VC_SCOPE_SOME] = "some",
	[VC_SCOPE_ALL] = "all",
};
NAME_TABLE(vc_scope_name, enum vc_scope, scope_names, _VC_SCOPE_MAX)

static const char *const probe_names[_VC_PROBE_MAX] = {
	[VC_PROBE_CPUID] = "cpuid",
	[VC_PROBE_MODULES] = "modules",
	[VC_PROBE_PLATFORM] = "platform",
	[VC_PROBE_MSR] = "msr",
	[VC_PROBE_KVM] = "kvm",
	[VC_PROBE_PROCESSES] = "processes",
	[VC_PROBE_UDEV] = "udev",
	[VC_PROBE_PCI] = "pci",
	[VC_PROBE_ENVIRONMENT] = "environment",
	[VC_PROBE_VIRTUALBOX] = "virtualbox",
	[VC_PROBE_VMWARE] = "vmware",
};
NAME_TABLE(vc_probe_name, enum vc_probe_id, probe_names, _VC_PROBE_MAX)

const char *const vc_config_keys[VC_NCONFIG] = {
	"CONFIG_KVM",
	"CONFIG_KVM_INTEL",
	"CONFIG_KVM_AMD",
	"CONFIG_KVM_AMD_SEV",
	"CONFIG_KVM_PVM",
	"CONFIG_KVM_X86",
	"CONFIG_X86_MSR",
	"CONFIG_MODULES",
	"CONFIG_MODULE_SIG",
	"CONFIG_MODULE_SIG_FORCE",
	"CONFIG_SECURITY_LOCKDOWN_LSM",
	"CONFIG_VFIO_PCI",
	"CONFIG_INTEL_IOMMU",
	"CONFIG_AMD_IOMMU",
	"CONFIG_HYPERV",
	"CONFIG_XEN",
	"CONFIG_X86_FRED",
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
	{ 0, "clocksource" },	     { 1, "nop_io_delay" },	   { 3, "clocksource2" },
	{ 4, "async_pf" },	     { 5, "steal_time" },	   { 6, "pv_eoi" },
	{ 7, "pv_unhalt" },	     { 9, "pv_tlb_flush" },	   { 10, "async_pf_vmexit" },
	{ 11, "pv_send_ipi" },	     { 12, "poll_control" },	   { 13, "pv_sched_yield" },
	{ 14, "async_pf_int" },	     { 15, "msi_ext_dest_id" },	   { 16, "hc_map_gpa_range" },
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
	VC_F(T, "tdx_guest", VC_F_BOOL, cpuinfo_flags.tdx_guest, VC_IF(T, cpuinfo_flags.tdx_guest)),
	VC_F(T, "fred", VC_F_BOOL, cpuinfo_flags.fred, VC_IF(T, cpuinfo_flags.fred)),
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
	VC_F(T, "hypervisor_signature_alt", VC_F_CHARS, hypervisor_signature_alt,
	     VC_IF(T, has_signature_alt)),
	VC_F(T, NULL, VC_F_FN, kvm_features, .write = write_kvm_features, VC_IF(T, has_kvm_features)),
	VC_F(T, "tdx_guest", VC_F_BOOL, tdx_guest, VC_IF(T, tdx_guest)),
	VC_F(T, "hyperv_isolation_type", VC_F_UINT, hv_isolation, VC_IF(T, hv_isolated)),
	VC_GROUP("svm_features", svm_fields, VC_NULL_UNLESS(T, has_svm_features)),
	VC_GROUP("cpuinfo_flags", cpuinfo_fields, VC_NULL_UNLESS(T, has_cpuinfo)),
	VC_F(T, "vt_cleared_by_kernel", VC_F_TRI, vt_cleared_by_kernel, VC_IF(T, has_cpuinfo)),
	VC_F(T, "fred", VC_F_TRI, fred, VC_OMIT_NULL),
};
static VC_FIELDS(cpuid_read, cpuid_read_);

static const struct vc_field cpuid_fields_[] = {
	VC_F(T, "available", VC_F_BOOL, available),
	VC_GROUP(NULL, cpuid_read, VC_IF(T, available)),
	/* without CPUID: what the kernel's flags say */
	VC_GROUP("cpuinfo_flags", cpuinfo_fields, VC_IF(T, cpuinfo_only)),
};
#undef T
static VC_FIELDS(cpuid_fields, cpuid_fields_);

/* ---- modules ---- */

static const char *module_key(size_t i)
{
	return vc_modules[i].name;
}

#define T struct vc_module_facts
static const struct vc_field module_sysfs_[] = {
	VC_F(T, "refcnt", VC_F_OINT, refcnt),		VC_F(T, "holders", VC_F_STRV, holders),
	VC_F(T, "version", VC_F_STR, version),		VC_F(T, "srcversion", VC_F_STR, srcversion),
	VC_F(T, "parameters", VC_F_PARAMS, parameters),
};
static VC_FIELDS(module_sysfs, module_sysfs_);

static const struct vc_field module_fields_[] = {
	VC_F(T, "family", VC_F_CSTR, family),
	VC_F(T, "state", VC_F_ENUM, state, .names = modstate_names),
	VC_GROUP(NULL, module_sysfs, VC_IF(T, in_sysfs)),
};
#undef T
static VC_FIELDS(module_fields, module_fields_);

#define T struct vc_modprobe_line
static const struct vc_field blacklist_fields_[] = {
	VC_F(T, "module", VC_F_STR, module),
	VC_F(T, "source", VC_F_STR, source),
};
static VC_FIELDS(blacklist_fields, blacklist_fields_);
static const struct vc_field options_fields_[] = {
	VC_F(T, "module", VC_F_STR, module),
	VC_F(T, "options", VC_F_STR, value),
	VC_F(T, "source", VC_F_STR, source),
};
static VC_FIELDS(options_fields, options_fields_);
static const struct vc_field install_fields_[] = {
	VC_F(T, "module", VC_F_STR, module),
	VC_F(T, "command", VC_F_STR, value),
	VC_F(T, "source", VC_F_STR, source),
};
#undef T
static VC_FIELDS(install_fields, install_fields_);

#define T struct vc_cmdline_param
static const struct vc_field cmdline_fields_[] = {
	VC_F(T, "module", VC_F_STR, module),
	VC_F(T, "parameter", VC_F_STR, parameter),
	VC_F(T, "value", VC_F_STR, value),
};
static VC_FIELDS(cmdline_fields, cmdline_fields_);
static const struct vc_field cmdline_bl_fields_[] = {
	VC_F(T, "module", VC_F_STR, module),
	VC_F(T, "parameter", VC_F_STR, parameter),
};
#undef T
static VC_FIELDS(cmdline_bl_fields, cmdline_bl_fields_);

#define T		     struct vc_modules_facts
#define ARR(k, m, tbl, type) VC_F(T, k, VC_F_ARR, m, .sub = &(tbl), .size = sizeof(type))
static const struct vc_field config_fields_[] = {
	VC_F(T, "files", VC_F_STRV, config.files),
	ARR("blacklist", config.blacklist, blacklist_fields, struct vc_modprobe_line),
	ARR("options", config.options, options_fields, struct vc_modprobe_line),
	ARR("install", config.install, install_fields, struct vc_modprobe_line),
	ARR("cmdline", config.cmdline, cmdline_fields, struct vc_cmdline_param),
	ARR("cmdline_blacklist", config.cmdline_blacklist, cmdline_bl_fields, struct vc_cmdline_param),
};
static VC_FIELDS(config_fields, config_fields_);

static const struct vc_field modules_fields_[] = {
	VC_F(T, "proc_modules", VC_F_BOOL, proc_modules),
	VC_F(T, "unknown_out_of_tree", VC_F_STRV, unknown_out_of_tree),
	VC_F(T, "modules", VC_F_TABLE, mod, .sub = &module_fields, .size = sizeof(struct vc_module_facts),
	     .count = VC_NMODULES, .keyof = module_key),
	VC_GROUP("config", config_fields),
};
#undef ARR
#undef T
static VC_FIELDS(modules_fields, modules_fields_);

/* ---- platform ---- */

static const char *const firmware_names[_VC_FW_MAX] = { [VC_FW_BIOS] = "bios", [VC_FW_UEFI] = "uefi" };

static const char *config_key(size_t i)
{
	return vc_config_keys[i];
}

#define T struct vc_setting_source
static const struct vc_field setting_source_fields_[] = {
	VC_F(T, "value", VC_F_STR, value),
	VC_F(T, "source", VC_F_STR, source),
};
#undef T
static VC_FIELDS(setting_source_fields, setting_source_fields_);

#define T struct vc_setting
static const struct vc_field setting_fields_[] = {
	VC_F(T, "live", VC_F_STR, live),
	VC_F(T, "sources", VC_F_ARR, sources, .sub = &setting_source_fields,
	     .size = sizeof(struct vc_setting_source)),
	VC_F(T, "configured", VC_F_STR, configured),
	VC_F(T, "configured_by", VC_F_STR, configured_by),
};
#undef T
static VC_FIELDS(setting_fields, setting_fields_);

#define T	      struct vc_platform_facts
#define SETTING(k, m) VC_F(T, k, VC_F_OBJ, m, .sub = &setting_fields)
static const struct vc_field settings_kvm_[] = { SETTING("enable_virt_at_load",
							 kvm_settings.kvm.enable_virt_at_load) };
static VC_FIELDS(settings_kvm, settings_kvm_);
static const struct vc_field settings_intel_[] = {
	SETTING("nested", kvm_settings.kvm_intel.nested),
	SETTING("enable_apicv", kvm_settings.kvm_intel.enable_apicv),
};
static VC_FIELDS(settings_intel, settings_intel_);
static const struct vc_field settings_amd_[] = {
	SETTING("nested", kvm_settings.kvm_amd.nested),
	SETTING("avic", kvm_settings.kvm_amd.avic),
};
static VC_FIELDS(settings_amd, settings_amd_);
static const struct vc_field settings_[] = {
	VC_GROUP("kvm", settings_kvm),
	VC_GROUP("kvm_intel", settings_intel),
	VC_GROUP("kvm_amd", settings_amd),
};
#undef SETTING
static VC_FIELDS(settings, settings_);

static const struct vc_field kernel_config_[] = {
	VC_F(T, "source", VC_F_STR, kernel_config.source),
	VC_F(T, NULL, VC_F_STRS, kernel_config.value, .count = VC_NCONFIG, .keyof = config_key),
};
static VC_FIELDS(kernel_config, kernel_config_);

static const struct vc_field kernel_log_read_[] = {
	VC_F(T, "lines", VC_F_UINT, kernel_log.lines),
	VC_F(T, "bios_disabled", VC_F_STRV, kernel_log.bios_disabled),
	VC_F(T, "module_rejected", VC_F_STRV, kernel_log.module_rejected),
	VC_F(T, "virt_enable_failed", VC_F_STRV, kernel_log.virt_enable_failed),
	VC_F(T, "driver_refused", VC_F_STRV, kernel_log.driver_refused),
	VC_F(T, "tdx_initialized", VC_F_STRV, kernel_log.tdx_initialized, VC_OMIT_NULL),
	VC_F(T, "module_abi", VC_F_STRV, kernel_log.module_abi, VC_OMIT_NULL),
};
static VC_FIELDS(kernel_log_read, kernel_log_read_);

static const struct vc_field kernel_log_[] = {
	VC_F(T, "available", VC_F_BOOL, kernel_log.available),
	VC_F(T, "error", VC_F_STR, kernel_log.error, VC_OMIT_NULL),
	VC_GROUP(NULL, kernel_log_read, VC_IF(T, kernel_log.available)),
};
static VC_FIELDS(kernel_log, kernel_log_);

static const struct vc_field platform_fields_[] = {
	VC_F(T, "firmware", VC_F_ENUM, firmware, .names = firmware_names),
	VC_F(T, "secure_boot", VC_F_TRI, secure_boot),
	VC_F(T, "setup_mode", VC_F_TRI, setup_mode, VC_IF(T, uefi)),
	VC_F(T, "shim_validation_disabled", VC_F_BOOL, shim_validation_disabled, VC_IF(T, uefi)),
	VC_F(T, "lockdown", VC_F_STR, lockdown),
	VC_F(T, "sig_enforce", VC_F_TRI, sig_enforce),
	VC_GROUP("kernel_config", kernel_config, VC_NULL_UNLESS(T, has_kernel_config)),
	VC_GROUP("kvm_settings", settings),
	VC_GROUP("kernel_log", kernel_log),
};
#undef T
static VC_FIELDS(platform_fields, platform_fields_);

/* ---- msr ---- */

#define T struct vc_msr_facts
static const struct vc_field feature_control_[] = {
	VC_F(T, "value", VC_F_HEX64, feature_control.value),
	VC_F(T, "consistent", VC_F_BOOL, feature_control.consistent),
	VC_F(T, "locked", VC_F_ENUM, feature_control.locked, .names = scope_names),
	VC_F(T, "vmx_inside_smx", VC_F_BOOL, feature_control.vmx_inside_smx),
	VC_F(T, "vmx_outside_smx", VC_F_BOOL, feature_control.vmx_outside_smx),
	VC_F(T, "vmx_disabled_cpus", VC_F_STR, feature_control.vmx_disabled_cpus),
};
static VC_FIELDS(feature_control, feature_control_);

static const struct vc_field vm_cr_[] = {
	VC_F(T, "value", VC_F_HEX64, vm_cr.value),
	VC_F(T, "lock", VC_F_BOOL, vm_cr.lock),
	VC_F(T, "svmdis", VC_F_BOOL, vm_cr.svmdis),
};
static VC_FIELDS(vm_cr, vm_cr_);

static const struct vc_field msr_intel_[] = {
	VC_F(T, "cpus_read", VC_F_UINT, cpus_read),
	VC_GROUP("feature_control", feature_control, VC_NULL_UNLESS(T, has_feature_control)),
};
static VC_FIELDS(msr_intel, msr_intel_);

static const struct vc_field msr_amd_[] = {
	VC_F(T, "cpus_read", VC_F_UINT, cpus_read),
	VC_F(T, "efer_svme", VC_F_ENUM, efer_svme, .names = scope_names, VC_NULL_UNLESS(T, has_efer)),
	VC_F(T, "efer_svme_cpus", VC_F_STR, efer_svme_cpus, VC_OMIT_NULL),
	VC_F(T, "vm_hsave_pa_cpus", VC_F_STR, vm_hsave_pa_cpus),
	VC_GROUP("vm_cr", vm_cr, VC_NULL_UNLESS(T, has_vm_cr)),
};
static VC_FIELDS(msr_amd, msr_amd_);

static const struct vc_field msr_fields_[] = {
	VC_F(T, "available", VC_F_BOOL, available),
	VC_F(T, "error", VC_F_STR, error, VC_OMIT_NULL),
	VC_F(T, "reason", VC_F_CSTR, reason, VC_OMIT_NULL),
	VC_GROUP(NULL, msr_intel, VC_IF(T, intel)),
	VC_GROUP(NULL, msr_amd, VC_IF(T, amd)),
};
#undef T
static VC_FIELDS(msr_fields, msr_fields_);

/* ---- kvm ---- */

/* the node's details, when there is one */
static void write_node(struct vc_val *o, const void *p)
{
	const struct vc_kvm_facts *k = p;
	const struct vc_devnode *d = &k->device.node;

	if (k->device.present != VC_TRI_TRUE)
		return;
	vc_obj_set(o, "type", vc_strf("%c", d->type));
	vc_obj_set(o, "major", vc_int(d->major));
	vc_obj_set(o, "minor", vc_int(d->minor));
	vc_obj_set(o, "mode", vc_strf("%04o", d->mode));
	vc_obj_set(o, "uid", vc_int(d->uid));
	vc_obj_set(o, "group", vc_str(d->group));
	vc_obj_set(o, "acl", d->acl[0] ? vc_str(d->acl) : vc_null());
}

static void write_caps(struct vc_val *o, const void *p)
{
	const int64_t *caps = *(int64_t *const *)p;
	struct vc_val *c = vc_obj_set(o, "capabilities", vc_obj());

	for (size_t i = 0; caps && i < vc_kvm_ncaps; i++)
		if (caps[i] >= 0)
			vc_obj_set(c, vc_kvm_caps[i].name, vc_int(caps[i]));
}

static void free_caps(void *p)
{
	free(*(int64_t **)p);
}

static void write_vcpu_run(struct vc_val *o, const void *p)
{
	const struct vc_kvm_facts *k = p;
	char e[16];

	if (k->run_exit[0])
		vc_obj_set(o, "vcpu_run", vc_strf("exit:%s", k->run_exit));
	else
		vc_obj_set(o, "vcpu_run",
			   k->vcpu_run == VC_NOT_TRIED
				   ? vc_null()
				   : vc_str(k->vcpu_run ? errno_name(k->vcpu_run, e) : "ok"));
}

#define T struct vc_kvm_facts
static const struct vc_field device_[] = {
	VC_F(T, "path", VC_F_CSTR, device.path),
	VC_F(T, "present", VC_F_TRI, device.present),
	VC_FN(write_node),
};
static VC_FIELDS(device, device_);

static const struct vc_field invoker_[] = {
	VC_F(T, "user", VC_F_STR, access.invoker.user),
	VC_F(T, "uid", VC_F_UINT, access.invoker.uid),
	VC_F(T, "reason", VC_F_ENUM, access.invoker.reason, .names = vc_access_names),
};
static VC_FIELDS(invoker, invoker_);

static const struct vc_field access_[] = {
	VC_F(T, "open", VC_F_STR, access.open),
	VC_F(T, "open_read_only", VC_F_STR, access.open_read_only, VC_OMIT_NULL),
	VC_F(T, "user", VC_F_STR, access.user),
	VC_F(T, "uid", VC_F_UINT, access.uid, VC_IF(T, access.has_identity)),
	VC_F(T, "reason", VC_F_ENUM, access.reason, .names = vc_access_names,
	     VC_NULL_UNLESS(T, access.has_identity)),
	VC_GROUP("invoker", invoker, VC_IF(T, access.has_invoker)),
};
static VC_FIELDS(access, access_);

static const struct vc_field kvm_captured_[] = {
	VC_F(T, "api_version", VC_F_OINT, api_version),
	VC_F(T, NULL, VC_F_FN, caps, .write = write_caps, .release = free_caps),
	VC_F(T, "create_vm", VC_F_ERRNO, create_vm),
	VC_F(T, "create_vcpu", VC_F_ERRNO, create_vcpu),
	VC_FN(write_vcpu_run),
};
static VC_FIELDS(kvm_captured, kvm_captured_);

static const struct vc_field kvm_fields_[] = {
	VC_F(T, "backend", VC_F_CSTR, backend),
	VC_GROUP("device", device),
	VC_GROUP("access", access),
	VC_F(T, "captured", VC_F_BOOL, captured, VC_UNLESS(T, captured)),
	VC_GROUP(NULL, kvm_captured, VC_IF(T, captured)),
	VC_F(T, "usable", VC_F_TRI, usable),
	VC_F(T, "vm_test", VC_F_CSTR, vm_test, VC_OMIT_NULL),
	VC_F(T, "usable_unverified", VC_F_BOOL, usable_unverified, VC_IF(T, passive)),
};
#undef T
static VC_FIELDS(kvm_fields, kvm_fields_);

/* ---- processes ---- */

#define T struct vc_proc_facts
static const struct vc_field proc_fields_[] = {
	VC_F(T, "pid", VC_F_INT, pid),
	VC_F(T, "comm", VC_F_STR, comm),
	VC_F(T, "hypervisor", VC_F_ENUM, hypervisor, .names = vc_hv_names),
	VC_F(T, "vms", VC_F_UINT, vms),
	VC_F(T, "vcpus", VC_F_UINT, vcpus, VC_IF(T, is_kvm)),
	VC_F(T, "device_open", VC_F_BOOL, device_open, VC_UNLESS(T, is_kvm)),
	VC_F(T, "uses_kvm", VC_F_BOOL, uses_kvm, VC_IF(T, is_vbox)),
	VC_F(T, "kvm_vm_fds", VC_F_UINT, kvm_vm_fds, VC_IF(T, is_vbox)),
	VC_F(T, "vm_without_fd", VC_F_BOOL, vm_without_fd, VC_UNLESS(T, is_vmware)),
};
#undef T
static VC_FIELDS(proc_fields, proc_fields_);

#define T struct vc_processes_facts
static const struct vc_field debugfs_[] = { VC_F(T, "vms", VC_F_UINT, debugfs_vms) };
static VC_FIELDS(debugfs, debugfs_);

static const struct vc_field vms_[] = {
	VC_F(T, "kvm", VC_F_UINT, vms.kvm),
	VC_F(T, "virtualbox", VC_F_UINT, vms.virtualbox),
	VC_F(T, "vmware", VC_F_UINT, vms.vmware),
};
static VC_FIELDS(vms, vms_);

static const struct vc_field processes_read_[] = {
	VC_GROUP("debugfs", debugfs, VC_NULL_UNLESS(T, has_debugfs)),
	VC_F(T, "processes", VC_F_ARR, procs, .sub = &proc_fields, .size = sizeof(struct vc_proc_facts)),
	VC_GROUP("vms", vms),
	VC_F(T, "unreadable", VC_F_UINT, unreadable),
};
static VC_FIELDS(processes_read, processes_read_);

static const struct vc_field processes_fields_[] = {
	VC_F(T, "inspected", VC_F_BOOL, inspected),
	VC_F(T, "error", VC_F_STR, error, VC_OMIT_NULL),
	VC_GROUP(NULL, processes_read, VC_IF(T, inspected)),
};
#undef T
static VC_FIELDS(processes_fields, processes_fields_);

/* ---- udev ---- */

static const char *udev_key(size_t i)
{
	return vc_udev_devices[i];
}

#define T struct vc_udev_device
static const struct vc_field udev_node_[] = {
	VC_F(T, "devnode", VC_F_STR, devnode, VC_IF(T, has_devnode)),
	VC_F(T, "devnum", VC_F_STR, devnum, VC_IF(T, has_devnum)),
	VC_F(T, "initialized", VC_F_BOOL, initialized, VC_IF(T, has_initialized)),
	VC_F(T, "tags", VC_F_STRV, tags, VC_IF(T, has_tags)),
};
static VC_FIELDS(udev_node, udev_node_);

static const struct vc_field udev_device_[] = {
	VC_F(T, "registered", VC_F_BOOL, registered),
	VC_GROUP(NULL, udev_node, VC_IF(T, registered)),
};
#undef T
static VC_FIELDS(udev_device, udev_device_);

#define T struct vc_udev_rule
static const struct vc_field udev_rule_[] = {
	VC_F(T, "source", VC_F_STR, source),
	VC_F(T, "group", VC_F_STR, group),
	VC_F(T, "mode", VC_F_STR, mode),
	VC_F(T, "uaccess", VC_F_BOOL, uaccess),
};
#undef T
static VC_FIELDS(udev_rule, udev_rule_);

#define T __typeof__(((struct vc_udev_facts *)0)->rules[0])
static const struct vc_field udev_rules_[] = {
	VC_F(T, "group", VC_F_STR, group),
	VC_F(T, "mode", VC_F_STR, mode),
	VC_F(T, "uaccess", VC_F_BOOL, uaccess),
	VC_F(T, "sources", VC_F_ARR, sources, .sub = &udev_rule, .size = sizeof(struct vc_udev_rule)),
};
#undef T
static VC_FIELDS(udev_rules, udev_rules_);

#define T struct vc_udev_facts
static const struct vc_field udev_fields_[] = {
	VC_F(T, "available", VC_F_BOOL, available),
	VC_F(T, "devices", VC_F_MAP, devices, .sub = &udev_device, .size = sizeof(struct vc_udev_device)),
	VC_F(T, "error", VC_F_STR, error, VC_OMIT_NULL),
	VC_F(T, "rules", VC_F_TABLE, rules, .sub = &udev_rules, .size = sizeof(((T *)0)->rules[0]),
	     .count = VC_NUDEV_DEVICES, .keyof = udev_key),
	VC_F(T, "rule_files", VC_F_UINT, rule_files),
};
#undef T
static VC_FIELDS(udev_fields, udev_fields_);

/* ---- pci ---- */

#define T struct vc_pci_device
static const struct vc_field pci_device_[] = {
	VC_F(T, "slot", VC_F_STR, slot),   VC_F(T, "id", VC_F_STR, id),
	VC_F(T, "class", VC_F_STR, class), VC_F(T, "iommu_group", VC_F_STR, iommu_group),
	VC_F(T, "name", VC_F_STR, name),
};
#undef T
static VC_FIELDS(pci_device, pci_device_);

#define T struct vc_pci_facts
static const struct vc_field iommu_[] = {
	VC_F(T, "cmdline", VC_F_PARAMS, iommu.cmdline),
	VC_F(T, "dmar_table", VC_F_BOOL, iommu.dmar_table),
	VC_F(T, "ivrs_table", VC_F_BOOL, iommu.ivrs_table),
	VC_F(T, "units", VC_F_STRV, iommu.units),
	VC_F(T, "groups", VC_F_UINT, iommu.groups),
	VC_F(T, "enabled", VC_F_BOOL, iommu.enabled),
};
static VC_FIELDS(iommu, iommu_);

static const struct vc_field pci_fields_[] = {
	VC_F(T, "available", VC_F_BOOL, available),
	VC_F(T, "error", VC_F_STR, error, VC_OMIT_NULL),
	VC_F(T, "devices", VC_F_UINT, devices),
	VC_F(T, "vfio_pci", VC_F_ARR, vfio_pci, .sub = &pci_device, .size = sizeof(struct vc_pci_device)),
	VC_GROUP("iommu", iommu),
};
#undef T
static VC_FIELDS(pci_fields, pci_fields_);

/* ---- environment ---- */

#define T struct vc_environment_facts
static const struct vc_field dmi_[] = {
	VC_F(T, "sys_vendor", VC_F_STR, dmi.sys_vendor),
	VC_F(T, "product_name", VC_F_STR, dmi.product_name),
	VC_F(T, "bios_vendor", VC_F_STR, dmi.bios_vendor),
	VC_F(T, "bios_version", VC_F_STR, dmi.bios_version),
	VC_F(T, "board_vendor", VC_F_STR, dmi.board_vendor),
	VC_F(T, "chassis_asset_tag", VC_F_STR, dmi.chassis_asset_tag),
};
static VC_FIELDS(dmi, dmi_);

static const struct vc_field environment_fields_[] = {
	VC_GROUP("dmi", dmi),
	VC_F(T, "virtualized", VC_F_BOOL, virtualized),
	VC_F(T, "outer_hypervisor", VC_F_CSTR, outer_hypervisor),
	VC_F(T, "product", VC_F_CSTR, product),
	VC_F(T, "cloud", VC_F_CSTR, cloud),
	VC_F(T, "wsl", VC_F_CSTR, wsl),
	VC_F(T, "container", VC_F_STR, container),
	VC_F(T, "container_engine", VC_F_STR, container_engine, VC_OMIT_NULL),
	VC_F(T, "sandbox", VC_F_CSTR, sandbox, VC_OMIT_NULL),
	VC_F(T, "confidential_guest", VC_F_CSTR, confidential_guest),
	VC_F(T, "user_namespace", VC_F_BOOL, user_namespace),
	VC_F(T, "uid_map", VC_F_STR, uid_map),
	VC_F(T, "ci", VC_F_CSTR, ci),
	VC_F(T, "xen_guest_type", VC_F_CSTR, xen_guest_type, VC_IF(T, xen)),
	VC_F(T, "xen_dom0", VC_F_BOOL, xen_dom0, VC_IF(T, xen)),
};
#undef T
static VC_FIELDS(environment_fields, environment_fields_);

/* ---- virtualbox ---- */

#define T struct vc_vbox_log
static const struct vc_field vbox_log_[] = {
	VC_F(T, "path", VC_F_STR, path),
	VC_F(T, "errors", VC_F_STRV, errors),
};
#undef T
static VC_FIELDS(vbox_log, vbox_log_);

#define T struct vc_virtualbox_facts
static const struct vc_field virtualbox_fields_[] = {
	VC_F(T, "installed", VC_F_BOOL, installed),
	VC_F(T, "install_dir", VC_F_STR, install_dir),
	VC_F(T, "version", VC_F_STR, version),
	VC_F(T, "version_source", VC_F_CSTR, version_source),
	VC_F(T, "package", VC_F_STR, package),
	VC_F(T, "driver_loaded", VC_F_BOOL, driver_loaded),
	VC_F(T, "driver_version", VC_F_STR, driver_version),
	VC_F(T, "driver_ko", VC_F_STR, driver_ko, VC_OMIT_NULL),
	VC_F(T, "driver_signed", VC_F_TRI, driver_signed, VC_OMIT_NULL),
	VC_F(T, "kvm_backend", VC_F_TRI, kvm_backend),
	VC_F(T, "kvm_backend_by", VC_F_CSTR, kvm_backend_by, VC_OMIT_NULL),
	VC_F(T, "logs", VC_F_ARR, logs, .sub = &vbox_log, .size = sizeof(struct vc_vbox_log)),
	VC_F(T, "setup_log", VC_F_STRV, setup_log),
	VC_F(T, "boot_kernels", VC_F_STRV, boot_kernels),
};
#undef T
static VC_FIELDS(virtualbox_fields, virtualbox_fields_);

/* ---- vmware ---- */

#define T struct vc_vmware_facts
static const struct vc_field vmware_present_[] = {
	VC_F(T, "product", VC_F_STR, product),
	VC_F(T, "version", VC_F_STR, version),
	VC_F(T, "version_source", VC_F_CSTR, version_source),
	VC_F(T, "vmmon_loaded", VC_F_BOOL, vmmon_loaded),
	VC_F(T, "vmnet_loaded", VC_F_BOOL, vmnet_loaded),
	VC_F(T, "dev_vmmon", VC_F_TRI, dev_vmmon),
	VC_F(T, "vmmon_ko", VC_F_STR, vmmon_ko),
	VC_F(T, "vmmon_signed", VC_F_TRI, vmmon_signed),
	VC_F(T, "service", VC_F_STR, service),
	VC_F(T, "vmmon_source_version", VC_F_OINT, vmmon_source),
	VC_F(T, "vmmon_loaded_version", VC_F_OINT, vmmon_loaded_version),
	VC_F(T, "refused", VC_F_STRV, refused),
	VC_F(T, "build_failed", VC_F_BOOL, build_failed),
	VC_F(T, "build_headers_missing", VC_F_STR, build_headers_missing),
};
static VC_FIELDS(vmware_present, vmware_present_);

static const struct vc_field vmware_fields_[] = {
	VC_F(T, "installed", VC_F_BOOL, installed),
	VC_GROUP(NULL, vmware_present, VC_IF(T, present)),
};
#undef T
static VC_FIELDS(vmware_fields, vmware_fields_);

/* ---- the table of tables ---- */

static const struct {
	const struct vc_fields *fields;
	size_t off, size;
} probe_facts[_VC_PROBE_MAX] = {
#define P(id, m, table) [id] = { &(table), offsetof(struct vc_facts, m), sizeof(((struct vc_facts *)0)->m) }
	P(VC_PROBE_CPUID, cpuid, cpuid_fields),
	P(VC_PROBE_MODULES, modules, modules_fields),
	P(VC_PROBE_PLATFORM, platform, platform_fields),
	P(VC_PROBE_MSR, msr, msr_fields),
	P(VC_PROBE_KVM, kvm, kvm_fields),
	P(VC_PROBE_PROCESSES, processes, processes_fields),
	P(VC_PROBE_UDEV, udev, udev_fields),
	P(VC_PROBE_PCI, pci, pci_fields),
	P(VC_PROBE_ENVIRONMENT, environment, environment_fields),
	P(VC_PROBE_VIRTUALBOX, virtualbox, virtualbox_fields),
	P(VC_PROBE_VMWARE, vmware, vmware_fields),
#undef P
};

/* ---- distro ---- */

static const char *const distro_names[_VC_DISTRO_MAX] = {
	[VC_DISTRO_UNKNOWN] = "unknown", [VC_DISTRO_DEBIAN] = "debian", [VC_DISTRO_FEDORA] = "fedora",
	[VC_DISTRO_ARCH] = "arch",	 [VC_DISTRO_SUSE] = "suse",	[VC_DISTRO_NIXOS] = "nixos",
	[VC_DISTRO_OSTREE] = "ostree",
};

const char *vc_distro_name(enum vc_distro d)
{
	return (unsigned)d < _VC_DISTRO_MAX ? distro_names[d] : "?";
}

static const char *const init_names[_VC_INIT_MAX] = {
	[VC_INIT_UNKNOWN] = "unknown", [VC_INIT_SYSTEMD] = "systemd",	[VC_INIT_OPENRC] = "openrc",
	[VC_INIT_RUNIT] = "runit",     [VC_INIT_SYSVINIT] = "sysvinit",
};

const char *vc_init_name(enum vc_init i)
{
	return (unsigned)i < _VC_INIT_MAX ? init_names[i] : "?";
}

#define T struct vc_cmdline_source
static const struct vc_field cmdline_source_[] = {
	VC_F(T, "source", VC_F_STR, source),
	VC_F(T, "text", VC_F_STR, text),
};
#undef T
static VC_FIELDS(cmdline_source, cmdline_source_);

#define T struct vc_initramfs_module
static const struct vc_field initramfs_module_[] = {
	VC_F(T, "module", VC_F_STR, module),
	VC_F(T, "source", VC_F_STR, source),
};
#undef T
static VC_FIELDS(initramfs_module, initramfs_module_);

#define T struct vc_distro_facts
static const struct vc_field distro_fields_[] = {
	VC_F(T, "id", VC_F_STR, id),
	VC_F(T, "pretty_name", VC_F_STR, pretty_name),
	VC_F(T, "family", VC_F_ENUM, family, .names = distro_names),
	VC_F(T, "init", VC_F_ENUM, init, .names = init_names, VC_IF(T, init_known)),
	VC_F(T, "kernel_package", VC_F_STR, kernel_package, VC_OMIT_NULL),
	VC_F(T, "cmdline_sources", VC_F_ARR, cmdline_sources, .sub = &cmdline_source,
	     .size = sizeof(struct vc_cmdline_source)),
	VC_F(T, "initramfs_modules", VC_F_ARR, initramfs_modules, .sub = &initramfs_module,
	     .size = sizeof(struct vc_initramfs_module), VC_IF(T, initramfs_listed)),
};
#undef T
static VC_FIELDS(distro_fields, distro_fields_);

/* The report's host section: what the capture was of. */
#define T struct vc_facts
static const struct vc_field host_fields_[] = {
	VC_F(T, "kernel", VC_F_STR, kernel),
	VC_F(T, "sysroot", VC_F_CSTR, sysroot),
	VC_F(T, "passive", VC_F_BOOL, passive, VC_IF(T, passive)),
	VC_F(T, "cpu_vendor", VC_F_CHARS, cpuid.vendor, VC_NULL_UNLESS(T, cpuid.available)),
	VC_F(T, "cpu_model", VC_F_CHARS, cpuid.brand, VC_NULL_UNLESS(T, cpuid.available)),
	VC_F(T, "hypervisor_signature", VC_F_CHARS, cpuid.hypervisor_signature,
	     VC_NULL_UNLESS(T, cpuid.hv_leaf)),
	VC_F(T, "outer_hypervisor", VC_F_CSTR, environment.product),
	VC_F(T, "distribution", VC_F_OBJ, distro, .sub = &distro_fields, VC_IF(T, distro.read)),
};
#undef T
static VC_FIELDS(host_fields, host_fields_);

struct vc_val *vc_facts_host_json(const struct vc_facts *f)
{
	return vc_fields_json(&host_fields, f);
}

struct vc_val *vc_facts_probe_json(const struct vc_facts *f, enum vc_probe_id p)
{
	return vc_fields_json(probe_facts[p].fields, (const char *)f + probe_facts[p].off);
}

void vc_facts_free(struct vc_facts *f)
{
	for (unsigned p = 0; p < _VC_PROBE_MAX; p++)
		if (probe_facts[p].fields)
			vc_fields_free(probe_facts[p].fields, (char *)f + probe_facts[p].off,
				       probe_facts[p].size);
	vc_fields_free(&distro_fields, &f->distro, sizeof(f->distro));
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

const char *vc_facts_param(const struct vc_facts *f, const char *mod, const char *param)
{
	const struct vc_module_facts *m = vc_facts_module(f, mod);

	for (size_t i = 0; m && i < m->parameters.n; i++)
		if (strcmp(m->parameters.v[i].name, param) == 0)
			return m->parameters.v[i].value;
	return NULL;
}

bool vc_facts_key_rejected(const struct vc_facts *f)
{
	const struct vc_strv *rej = &f->platform.kernel_log.module_rejected;

	for (size_t i = 0; i < rej->n; i++)
		if (strstr(rej->v[i], "unavailable key") ||
		    strstr(rej->v[i], "not signed with a trusted key") ||
		    strstr(rej->v[i], "Key was rejected"))
			return true;
	return false;
}

bool vc_facts_firmware_disabled(const struct vc_facts *f, bool *definitive)
{
	if (definitive)
		*definitive = f->msr.vt_disabled;
	return f->msr.vt_disabled || f->cpuid.vt_cleared_by_kernel == VC_TRI_TRUE ||
	       f->platform.kernel_log.bios_disabled.n > 0;
}

const char *vc_facts_kconfig(const struct vc_facts *f, const char *key)
{
	for (size_t i = 0; f->platform.has_kernel_config && i < VC_NCONFIG; i++)
		if (strcmp(vc_config_keys[i], key) == 0)
			return f->platform.kernel_config.value[i];
	return NULL;
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

bool vc_facts_vt(const struct vc_facts *f, enum vc_vt *ret_vt, bool *ret_hv_bit)
{
	const struct vc_cpuid_facts *c = &f->cpuid;

	if (c->available) {
		*ret_vt = c->vt;
		*ret_hv_bit = c->hypervisor_bit;
		return true;
	}
	if (c->cpuinfo_only) {
		*ret_vt = c->cpuinfo_flags.vmx ? VC_VT_VMX : c->cpuinfo_flags.svm ? VC_VT_SVM : VC_VT_NONE;
		*ret_hv_bit = c->cpuinfo_flags.hypervisor;
		return true;
	}
	*ret_vt = VC_VT_NONE;
	*ret_hv_bit = false;
	return false;
}

const char *vc_facts_kvm_vendor_module(const struct vc_facts *f)
{
	enum vc_vt vt;
	bool hv;

	if (!vc_facts_vt(f, &vt, &hv))
		return NULL;
	return vt == VC_VT_VMX ? "kvm_intel" : vt == VC_VT_SVM ? "kvm_amd" : NULL;
}

const char *vc_facts_kernel_named(const struct vc_facts *f)
{
	return f->kernel && f->kernel[0] != '$' ? f->kernel : NULL;
}

bool vc_facts_environment_name(const struct vc_facts *f, struct buf *b)
{
	const struct vc_environment_facts *e = &f->environment;
	const char *name = e->container ? e->container : e->sandbox;
	const char *kind = e->container ? "container" : "sandbox";

	if (!name || !*name)
		return false;
	if (!strcmp(name, "container") || !strcmp(name, "sandbox"))
		buf_printf(b, "%s", name);
	else if (!strcmp(name, "crostini"))
		buf_printf(b, "ChromeOS Linux (Crostini) container");
	else
		buf_printf(b, "%s %s", name, kind);
	return true;
}

void vc_facts_running_linux(const struct vc_facts *f, struct buf *b)
{
	if (vc_facts_kernel_named(f))
		buf_printf(b, "Linux %s", f->kernel);
	else
		buf_printf(b, "the running kernel");
}

bool vc_facts_kvm_builtin(const struct vc_facts *f)
{
	static const char *const kvm[] = { "kvm", "kvm_intel", "kvm_amd", "kvm_pvm" };

	for (size_t i = 0; i < ARRAY_SIZE(kvm); i++)
		if (vc_facts_modstate(f, kvm[i]) == VC_MOD_BUILTIN)
			return true;
	return false;
}

bool vc_facts_kvm_holds_at_load(const struct vc_facts *f)
{
	return kernel_version_code(f->kernel) >= KVER(6, 12, 0) &&
	       !streq_ptr(vc_norm_bool(vc_facts_param(f, "kvm", "enable_virt_at_load")), "N");
}

bool vc_kvm_busy_errno(int err, const char *kernel)
{
	return err == EBUSY || (err == EIO && kernel_version_code(kernel) >= KVER(6, 12, 0));
}

size_t vc_facts_running_vms(const struct vc_facts *f, enum vc_hv hv, struct vc_vm_proc *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < f->processes.procs.n && n < max; i++) {
		const struct vc_proc_facts *p = &f->processes.procs.v[i];

		if (p->hypervisor != hv || p->vms == 0)
			continue;
		_cleanup_(freep) char *comm = vc_sane(p->comm ? p->comm : "?", 0);

		out[n].pid = (long long)p->pid;
		snprintf(out[n].comm, sizeof(out[n].comm), "%s", comm);
		n++;
	}
	return n;
}
