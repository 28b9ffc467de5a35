/* CPUID probe: vendor, model, VT-x/AMD-V from the raw instruction, hypervisor signature. */
#include <errno.h>
#include <string.h>

#include "probes/probes.h"

/* The 12-byte vendor signatures of leaf 0x40000000 (EBX ECX EDX). */
static const struct {
	const char *sig;
	const char *id;
} hv_signatures[] = {
	{ "KVMKVMKVM", "kvm" },		{ "Linux KVM Hv", "kvm" }, /* KVM with Hyper-V enlightenments */
	{ "TCGTCGTCGTCG", "qemu-tcg" }, { "XenVMMXenVMM", "xen" },	  { "VMwareVMware", "vmware" },
	{ "Microsoft Hv", "hyperv" },	{ "VBoxVBoxVBox", "virtualbox" }, { "bhyve bhyve", "bhyve" },
	{ "QNXQVMBSQG", "qnx" },	{ "ACRNACRNACRN", "acrn" },	  { "SRESRESRESRE", "sre" },
	{ "Apple VZ", "apple" },	{ "LKVMLKVMLKVM", "kvmtool" },	  { "OpenBSDVMM58", "openbsd-vmm" },
	{ "Jailhouse", "jailhouse" },	{ " prl hyperv", "parallels" },	  { " lrpepyh  vr", "parallels" },
};

/* Compares ignoring trailing NULs and spaces, which signatures use as padding. */
const char *vc_hypervisor_from_signature(const char sig[12])
{
	size_t n = 12;

	while (n && (sig[n - 1] == '\0' || sig[n - 1] == ' '))
		n--;
	for (size_t i = 0; i < ARRAY_SIZE(hv_signatures); i++) {
		const char *s = hv_signatures[i].sig;

		if (strlen(s) == n && memcmp(s, sig, n) == 0)
			return hv_signatures[i].id;
	}
	return NULL;
}

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

static void regs_to_chars(char *out, uint32_t a, uint32_t b, uint32_t c)
{
	memcpy(out, &a, 4);
	memcpy(out + 4, &b, 4);
	memcpy(out + 8, &c, 4);
}

/* Printable copy of a signature for the report (control bytes as '.'). */
static void printable(char *dst, const char *src, size_t n)
{
	size_t len = n;

	while (len && (src[len - 1] == '\0' || src[len - 1] == ' '))
		len--;
	for (size_t i = 0; i < len; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '.';
	dst[len] = '\0';
}

/* The vendor_id and the vmx, svm and hypervisor words of /proc/cpuinfo's first CPU. */
static int cpuinfo_flags(struct vc_ctx *ctx, char vendor[static 16], bool *vmx, bool *svm, bool *hv)
{
	_cleanup_(freep) char *buf = NULL;
	char *cur, *line;
	int r = vc_ctx_read(ctx, "/proc/cpuinfo", 8u << 20, &buf, NULL);

	if (r < 0)
		return r;
	cur = buf;
	vendor[0] = '\0';
	while ((line = next_line(&cur))) {
		char *save = NULL;

		if (startswith(line, "vendor_id") && strchr(line, ':') && !vendor[0])
			snprintf(vendor, 16, "%s", strstrip(strchr(line, ':') + 1));
		if (!startswith(line, "flags"))
			continue;
		line = strchr(line, ':');
		if (!line)
			break;
		*vmx = *svm = *hv = false;
		for (char *t = strtok_r(line + 1, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
			*vmx |= strcmp(t, "vmx") == 0;
			*svm |= strcmp(t, "svm") == 0;
			*hv |= strcmp(t, "hypervisor") == 0;
		}
		return 0;
	}
	return -ENODATA;
}

static void hypervisor_leaves(struct vc_ctx *ctx, struct vc_val *facts)
{
	struct vc_cpuid_regs r;
	char sig[12], shown[13];
	const char *id = NULL;

	if (vc_host_cpuid(ctx->host, 0, 0x40000000, 0, &r) < 0) {
		vc_obj_set(facts, "hypervisor_signature", vc_null());
		vc_obj_set(facts, "hypervisor", vc_null());
		return;
	}
	regs_to_chars(sig, r.ebx, r.ecx, r.edx);
	printable(shown, sig, 12);
	id = vc_hypervisor_from_signature(sig);
	vc_obj_set(facts, "hypervisor_signature", vc_str(shown));
	vc_obj_set(facts, "hypervisor", id ? vc_str(id) : vc_str("unknown"));
	vc_obj_set(facts, "hypervisor_max_leaf", vc_strf("0x%08x", r.eax));
	vc_evidence(ctx, "CPUID 0x40000000: signature \"%s\" (%s)", shown, id ? id : "not in the table");

	/* Hyper-V enlightened KVM shows "Microsoft Hv" first and its own signature at 0x40000100 */
	if (vc_host_cpuid(ctx->host, 0, 0x40000100, 0, &r) == 0) {
		regs_to_chars(sig, r.ebx, r.ecx, r.edx);
		const char *alt = vc_hypervisor_from_signature(sig);
		if (alt) {
			printable(shown, sig, 12);
			vc_obj_set(facts, "hypervisor_signature_alt", vc_str(shown));
			vc_evidence(ctx, "CPUID 0x40000100: second signature \"%s\" (%s)", shown, alt);
		}
	}
	if (id && strcmp(id, "kvm") == 0 && vc_host_cpuid(ctx->host, 0, 0x40000001, 0, &r) == 0) {
		struct vc_val *kf = vc_obj_set(facts, "kvm_features", vc_arr());

		for (size_t i = 0; i < ARRAY_SIZE(kvm_bits); i++)
			if (r.eax & (1u << kvm_bits[i].bit))
				vc_arr_push(kf, vc_str(kvm_bits[i].name));
	}
}

static void svm_features(struct vc_ctx *ctx, struct vc_val *facts, uint32_t max_ext)
{
	struct vc_cpuid_regs r;
	struct vc_val *o;

	if (max_ext < 0x8000000a || vc_host_cpuid(ctx->host, 0, 0x8000000a, 0, &r) < 0) {
		vc_obj_set(facts, "svm_features", vc_null());
		return;
	}
	o = vc_obj_set(facts, "svm_features", vc_obj());
	vc_obj_set(o, "revision", vc_int(r.eax & 0xff));
	vc_obj_set(o, "asids", vc_int(r.ebx));
	for (size_t i = 0; i < ARRAY_SIZE(svm_bits); i++)
		vc_obj_set(o, svm_bits[i].name, vc_bool(r.edx & (1u << svm_bits[i].bit)));
}

static int cpuid_run(struct vc_ctx *ctx, struct vc_val *facts)
{
	struct vc_cpuid_regs r0, r1, e0 = { 0 }, e1 = { 0 };
	char vendor[13], brand[49] = "";
	uint32_t family, model, max_ext = 0;
	bool vmx, svm, hv, consistent = true, fvmx, fsvm, fhv;
	char kvendor[16];
	const unsigned *cpus;
	size_t ncpus;

	if (vc_host_cpuid(ctx->host, 0, 0, 0, &r0) < 0 || vc_host_cpuid(ctx->host, 0, 1, 0, &r1) < 0) {
		vc_obj_set(facts, "available", vc_bool(false));
		vc_finding(ctx, VC_SEV_WARNING, "cpuid.unavailable",
			   vc_host_is_live(ctx->host)
				   ? NULL
				   : "Capture the host with 'virtcheck capture DIR', or add the output of "
				     "'cpuid -r' as DIR/virtcheck/cpuid.txt.",
			   "No CPUID data: the CPU's virtualization features are unknown.");
		return 0;
	}
	vc_obj_set(facts, "available", vc_bool(true));
	regs_to_chars(vendor, r0.ebx, r0.edx, r0.ecx);
	printable(vendor, vendor, 12);
	family = (r1.eax >> 8) & 0xf;
	model = (r1.eax >> 4) & 0xf;
	if (family == 0xf)
		family += (r1.eax >> 20) & 0xff;
	if (family == 6 || family >= 0xf)
		model |= ((r1.eax >> 16) & 0xf) << 4;

	if (vc_host_cpuid(ctx->host, 0, 0x80000000, 0, &e0) == 0 && e0.eax >= 0x80000001 &&
	    e0.eax < 0x8000ffff) {
		max_ext = e0.eax;
		vc_host_cpuid(ctx->host, 0, 0x80000001, 0, &e1);
	}
	if (max_ext >= 0x80000004) {
		for (uint32_t l = 0; l < 3; l++) {
			struct vc_cpuid_regs b;

			if (vc_host_cpuid(ctx->host, 0, 0x80000002 + l, 0, &b) < 0)
				break;
			memcpy(brand + (size_t)l * 16, &b, 16);
		}
		brand[48] = '\0';
		printable(brand, brand, strlen(brand));
	}
	vmx = r1.ecx & (1u << 5);
	svm = e1.ecx & (1u << 2);
	hv = r1.ecx & (1u << 31);

	vc_obj_set(facts, "vendor", vc_str(vendor));
	vc_obj_set(facts, "family", vc_int(family));
	vc_obj_set(facts, "model", vc_int(model));
	vc_obj_set(facts, "stepping", vc_int(r1.eax & 0xf));
	vc_obj_set(facts, "brand", vc_str(strstrip(brand)));
	vc_obj_set(facts, "max_leaf", vc_strf("0x%08x", r0.eax));
	vc_obj_set(facts, "max_ext_leaf", max_ext ? vc_strf("0x%08x", max_ext) : vc_null());
	vc_obj_set(facts, "vmx", vc_bool(vmx));
	vc_obj_set(facts, "svm", vc_bool(svm));
	vc_obj_set(facts, "vt", vc_str(vmx ? "vmx" : svm ? "svm" : "none"));
	vc_obj_set(facts, "hypervisor_bit", vc_bool(hv));
	vc_evidence(ctx, "CPUID 0x1 ECX=0x%08x: VMX %s, hypervisor bit %s", r1.ecx, vmx ? "set" : "clear",
		    hv ? "set" : "clear");
	if (max_ext)
		vc_evidence(ctx, "CPUID 0x80000001 ECX=0x%08x: SVM %s", e1.ecx, svm ? "set" : "clear");

	/* VT must be the same on every CPU; a mismatch means a broken firmware or hypervisor */
	vc_host_cpus(ctx->host, &cpus, &ncpus);
	size_t checked = 0;
	for (size_t i = 0; i < ncpus; i++) {
		struct vc_cpuid_regs a, b = { 0 };

		if (vc_host_cpuid(ctx->host, cpus[i], 1, 0, &a) < 0)
			continue;
		if (max_ext)
			vc_host_cpuid(ctx->host, cpus[i], 0x80000001, 0, &b);
		checked++;
		if (!!(a.ecx & (1u << 5)) != vmx || !!(b.ecx & (1u << 2)) != svm) {
			consistent = false;
			vc_evidence(ctx, "CPU %u reports VMX %d SVM %d, unlike CPU 0", cpus[i],
				    !!(a.ecx & (1u << 5)), !!(b.ecx & (1u << 2)));
		}
	}
	vc_obj_set(facts, "cpus_checked", vc_int((int64_t)checked));
	vc_obj_set(facts, "vt_consistent", vc_bool(consistent));
	if (!consistent)
		vc_finding(ctx, VC_SEV_WARNING, "cpuid.vt_inconsistent",
			   "Update the firmware (BIOS/UEFI); if this is a virtual machine, check its CPU "
			   "model configuration on the outer host.",
			   "CPUs disagree about VT-x/AMD-V support; KVM refuses to load on such systems.");

	hypervisor_leaves(ctx, facts);
	if (svm)
		svm_features(ctx, facts, max_ext);
	else
		vc_obj_set(facts, "svm_features", vc_null());

	if (cpuinfo_flags(ctx, kvendor, &fvmx, &fsvm, &fhv) == 0) {
		struct vc_val *o = vc_obj_set(facts, "cpuinfo_flags", vc_obj());
		bool same_cpu = !kvendor[0] || strcmp(kvendor, vendor) == 0;

		vc_obj_set(o, "vmx", vc_bool(fvmx));
		vc_obj_set(o, "svm", vc_bool(fsvm));
		vc_obj_set(o, "hypervisor", vc_bool(fhv));
		vc_evidence(ctx, "/proc/cpuinfo: vendor %s, flags vmx %s, svm %s", kvendor[0] ? kvendor : "?",
			    fvmx ? "present" : "absent", fsvm ? "present" : "absent");
		/* The CPU the kernel describes must be the one CPUID describes; under valgrind or
		 * any CPUID interception it is not, and nothing else here can be concluded. */
		if (!same_cpu) {
			vc_obj_set(facts, "vt_cleared_by_kernel", vc_null());
			vc_finding(ctx, VC_SEV_WARNING, "cpuid.emulated",
				   "Run virtcheck directly, not under valgrind, an emulator or a debugger "
				   "that rewrites CPUID.",
				   "CPUID as this process sees it (%s) is not the CPU the kernel reports "
				   "(%s): the instruction is emulated or intercepted, so VT-x/AMD-V "
				   "conclusions from it are unreliable.",
				   vendor, kvendor);
		} else if ((vmx && !fvmx) || (svm && !fsvm)) {
			/* the kernel clears the flag when firmware disabled the feature (DESIGN.md) */
			vc_obj_set(facts, "vt_cleared_by_kernel", vc_bool(true));
			vc_finding(
				ctx, VC_SEV_WARNING, "cpuid.vt_disabled_by_firmware",
				vmx ? "Enable \"Intel Virtualization Technology\" (VT-x) in the firmware "
				      "setup (BIOS/UEFI), save, and power the machine off and on again."
				    : "Enable \"SVM Mode\" (AMD-V) in the firmware setup (BIOS/UEFI), save, "
				      "and power the machine off and on again.",
				"The CPU supports %s, but the kernel hides it: the firmware has disabled it.",
				vmx ? "VT-x" : "AMD-V");
		} else {
			vc_obj_set(facts, "vt_cleared_by_kernel", vc_bool(false));
		}
	} else {
		vc_obj_set(facts, "cpuinfo_flags", vc_null());
	}

	if (!vmx && !svm) {
		const char *hvid = vc_get_str(facts, "hypervisor");

		if (hv)
			vc_finding(
				ctx, VC_SEV_INFO, "cpuid.vt_not_exposed", NULL,
				"This machine is itself a virtual machine (%s) and the outer hypervisor does "
				"not expose VT-x/AMD-V to it, so kvm_intel and kvm_amd cannot work here.",
				hvid ? hvid : "hypervisor unknown");
		else
			vc_finding(ctx, VC_SEV_WARNING, "cpuid.no_vt", NULL,
				   "This CPU (%s) has no hardware virtualization (neither VT-x nor AMD-V).",
				   brand[0] ? brand : vendor);
	}
	return 0;
}

const struct vc_probe probe_cpuid = {
	.name = "cpuid",
	.summary = "CPU vendor and model, VT-x/AMD-V from raw CPUID, hypervisor signature",
	.run = cpuid_run,
};
