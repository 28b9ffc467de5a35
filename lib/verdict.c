/* The owner verdict: who holds VT-x/AMD-V, from the probes' facts, by rules that are data. */
#include <string.h>

#include "report.h"

/* What the rules look at, derived once from the facts. */
struct inputs {
	const struct vc_val *p; /* ctx->probes */
	const char *vendor_module; /* loaded kvm_intel / kvm_amd / kvm_pvm */
	const char *vendor_state;
	bool kvm_known, kvm_usable, kvm_busy;
	const char *vt; /* vmx, svm, none; NULL without CPUID */
	bool hv_bit;
	const char *hv; /* hypervisor id from the signature */
	bool vbox, vmware;
	const char *virt_at_load; /* kvm.enable_virt_at_load: "Y", "N" or NULL */
	uint32_t kver;
};

static bool loaded(const struct vc_val *p, const char *mod)
{
	char path[96];
	const char *st;

	snprintf(path, sizeof(path), "modules.modules.%s.state", mod);
	st = vc_get_str(p, path);
	return st && (strcmp(st, "live") == 0 || strcmp(st, "builtin") == 0 || strcmp(st, "coming") == 0);
}

static void gather(const struct vc_ctx *ctx, struct inputs *in)
{
	const struct vc_val *p = ctx->probes;

	memset(in, 0, sizeof(*in));
	in->p = p;
	in->vendor_module = vc_get_str(p, "kvm.backend");
	if (in->vendor_module) {
		char path[96];

		snprintf(path, sizeof(path), "modules.modules.%s.state", in->vendor_module);
		in->vendor_state = vc_get_str(p, path);
	}
	in->kvm_known = vc_has(p, "kvm.usable");
	in->kvm_usable = vc_get_bool(p, "kvm.usable", false);
	in->kvm_busy = streq_ptr(vc_get_str(p, "kvm.create_vm"), "EBUSY");
	in->vt = vc_get_str(p, "cpuid.vt");
	in->hv_bit = vc_get_bool(p, "cpuid.hypervisor_bit", false);
	in->hv = vc_get_str(p, "cpuid.hypervisor");
	in->vbox = loaded(p, "vboxdrv");
	in->vmware = loaded(p, "vmmon");
	in->virt_at_load = vc_get_str(p, "modules.modules.kvm.parameters.enable_virt_at_load");
	in->kver = kernel_version_code(vc_get_str(ctx->host_facts, "kernel"));
}

static bool vendor_vt(const struct inputs *in)
{
	return streq_ptr(in->vendor_module, "kvm_intel") || streq_ptr(in->vendor_module, "kvm_amd");
}

static bool r_busy(const struct inputs *in)
{
	return in->kvm_busy;
}
static bool r_pvm(const struct inputs *in)
{
	return streq_ptr(in->vendor_module, "kvm_pvm");
}
static bool r_kvm_at_load(const struct inputs *in)
{
	return vendor_vt(in) && in->kver >= KVER(6, 12, 0) && !streq_ptr(in->virt_at_load, "N");
}
static bool r_kvm_loaded(const struct inputs *in)
{
	return vendor_vt(in);
}
static bool r_vbox(const struct inputs *in)
{
	return in->vbox;
}
static bool r_vmware(const struct inputs *in)
{
	return in->vmware;
}
static bool r_nested_no_vt(const struct inputs *in)
{
	return in->vt && !strcmp(in->vt, "none") && in->hv_bit;
}
static bool r_no_vt(const struct inputs *in)
{
	return in->vt && !strcmp(in->vt, "none");
}
static bool r_free(const struct inputs *in)
{
	return in->vt && strcmp(in->vt, "none") != 0;
}

/* The outer hypervisor's owner id for a nested guest. */
static const char *outer_owner(const char *hv)
{
	static const char *const known[] = { "kvm", "hyperv", "xen", "vmware", "virtualbox" };

	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (streq_ptr(hv, known[i]))
			return known[i];
	return "unknown";
}

enum who { W_FIXED, W_VENDOR, W_BUSY_FOREIGN, W_OUTER };

/* First match wins: the order is the precedence of evidence, strongest first. */
static const struct rule {
	const char *id;
	bool (*match)(const struct inputs *in);
	const char *hypervisor; /* with W_FIXED */
	enum who who;
	const char *backend; /* NULL: none, or the vendor module with W_VENDOR */
	const char *confidence;
	const char *summary;
} rules[] = {
	{ "kvm_create_vm_busy", r_busy, NULL, W_BUSY_FOREIGN, NULL, "high",
	  "Another hypervisor holds VT-x/AMD-V: KVM_CREATE_VM fails with EBUSY." },
	{ "kvm_pvm", r_pvm, "kvm", W_VENDOR, NULL, "high",
	  "KVM serves /dev/kvm through kvm_pvm, without VT-x/AMD-V: this host is itself a virtual machine." },
	{ "kvm_holds_at_load", r_kvm_at_load, "kvm", W_VENDOR, NULL, "high",
	  "KVM holds VT-x/AMD-V since it was loaded (Linux 6.12+ with kvm.enable_virt_at_load=Y)." },
	{ "kvm_loaded", r_kvm_loaded, "kvm", W_VENDOR, NULL, "medium",
	  "KVM is loaded; on this kernel it takes VT-x/AMD-V only while a VM runs." },
	{ "virtualbox_loaded", r_vbox, "virtualbox", W_FIXED, "vboxdrv", "medium",
	  "VirtualBox's vboxdrv is loaded and takes VT-x/AMD-V whenever its VMs run." },
	{ "vmware_loaded", r_vmware, "vmware", W_FIXED, "vmmon", "medium",
	  "VMware's vmmon is loaded and takes VT-x/AMD-V whenever its VMs run." },
	{ "nested_without_vt", r_nested_no_vt, NULL, W_OUTER, NULL, "high",
	  "This is a virtual machine without VT-x/AMD-V: the outer hypervisor keeps it for itself." },
	{ "no_vt", r_no_vt, "none", W_FIXED, NULL, "high", "This CPU has no VT-x/AMD-V to own." },
	{ "free", r_free, "none", W_FIXED, NULL, "high",
	  "No hypervisor module is loaded: VT-x/AMD-V is free." },
};

static void add_evidence(struct vc_val *ev, const struct inputs *in)
{
	char e[160];

	if (in->vt) {
		snprintf(e, sizeof(e), "CPUID: VT %s, hypervisor bit %s%s%s", in->vt, in->hv_bit ? "set" : "clear",
			 in->hv ? ", signature " : "", in->hv ? in->hv : "");
		vc_arr_push(ev, vc_str(e));
	}
	if (in->vendor_module) {
		snprintf(e, sizeof(e), "module %s: %s", in->vendor_module, in->vendor_state ? in->vendor_state : "?");
		vc_arr_push(ev, vc_str(e));
	}
	if (in->virt_at_load && vendor_vt(in)) {
		snprintf(e, sizeof(e), "kvm.enable_virt_at_load=%s", in->virt_at_load);
		vc_arr_push(ev, vc_str(e));
	}
	if (in->kvm_known) {
		const char *vm = vc_get_str(in->p, "kvm.create_vm");

		snprintf(e, sizeof(e), "/dev/kvm: %s, KVM_CREATE_VM %s, guest run %s",
			 vc_get_str(in->p, "kvm.access.open") ? vc_get_str(in->p, "kvm.access.open") : "?",
			 vm ? vm : "not tried", in->kvm_usable ? "ok" : "not ok");
		vc_arr_push(ev, vc_str(e));
	}
	if (in->vbox)
		vc_arr_push(ev, vc_str("module vboxdrv: loaded"));
	if (in->vmware)
		vc_arr_push(ev, vc_str("module vmmon: loaded"));
}

void vc_verdict(struct vc_ctx *ctx)
{
	struct inputs in;
	const struct rule *match = NULL;
	const char *hv = "unknown", *backend = NULL;
	struct vc_val *ev;

	gather(ctx, &in);
	for (size_t i = 0; i < ARRAY_SIZE(rules) && !match; i++)
		if (rules[i].match(&in))
			match = &rules[i];

	if (match) {
		switch (match->who) {
		case W_FIXED:
			hv = match->hypervisor;
			backend = match->backend;
			break;
		case W_VENDOR:
			hv = match->hypervisor;
			backend = in.vendor_module;
			break;
		case W_BUSY_FOREIGN:
			hv = in.vbox ? "virtualbox" : in.vmware ? "vmware" : "unknown";
			backend = in.vbox ? "vboxdrv" : in.vmware ? "vmmon" : NULL;
			break;
		case W_OUTER:
			hv = outer_owner(in.hv);
			break;
		}
	}
	vc_obj_set(ctx->owner, "hypervisor", vc_str(hv));
	vc_obj_set(ctx->owner, "backend", backend ? vc_str(backend) : vc_null());
	vc_obj_set(ctx->owner, "confidence", vc_str(match ? match->confidence : "unknown"));
	vc_obj_set(ctx->owner, "rule", match ? vc_str(match->id) : vc_null());
	vc_obj_set(ctx->owner, "summary",
		   vc_str(match ? match->summary : "Not enough evidence to say who holds VT-x/AMD-V."));
	ev = vc_obj_set(ctx->owner, "evidence", vc_arr());
	add_evidence(ev, &in);

	/* Our own machines, the case kvm-ok gets wrong: replaces the CPUID probe's note. */
	if (match && !strcmp(match->id, "kvm_pvm") && in.kvm_usable && streq_ptr(in.vt, "none"))
		vc_finding(ctx, VC_SEV_INFO, "cpuid.vt_not_exposed", NULL,
			   "VT-x/AMD-V is not exposed in CPUID because this host is itself a %s guest; /dev/kvm works anyway, served by kvm_pvm, which runs guests without hardware virtualization. Checkers that only look at CPU flags (kvm-ok, virt-host-validate) wrongly say KVM cannot be used here.",
			   in.hv ? in.hv : "virtual machine");
}
