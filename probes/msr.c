/* MSR probe: firmware locks and the SVM enable bit, per CPU (/dev/cpu/N/msr). */
#include <errno.h>
#include <string.h>

#include "lib/model/remedies.h"
#include "probes/probes.h"

#define MSR_IA32_FEATURE_CONTROL 0x3a
#define FC_LOCKED		 (1ull << 0)
#define FC_VMX_INSIDE_SMX	 (1ull << 1)
#define FC_VMX_OUTSIDE_SMX	 (1ull << 2)
#define MSR_EFER		 0xc0000080
#define EFER_SVME		 (1ull << 12)
#define MSR_VM_CR		 0xc0010114
#define VM_CR_LOCK		 (1ull << 3)
#define VM_CR_SVMDIS		 (1ull << 4)
#define MSR_VM_HSAVE_PA		 0xc0010117

static const char *cpu_list(struct buf *b, const bool *set, const unsigned *cpus, size_t n)
{
	size_t shown = 0;

	buf_free(b);
	for (size_t i = 0; i < n; i++)
		if (set[i]) {
			if (shown++ < 16)
				buf_printf(b, "%s%u", shown > 1 ? "," : "", cpus[i]);
			else if (shown == 17)
				buf_printf(b, ",...");
		}
	if (!b->data)
		buf_printf(b, "none");
	return b->data;
}

static enum vc_scope scope(size_t count, size_t n)
{
	return count == 0 ? VC_SCOPE_NONE : count == n ? VC_SCOPE_ALL : VC_SCOPE_SOME;
}

/* Why MSRs cannot be read, and what the user can do about it. */
static void unavailable(struct vc_ctx *ctx, struct vc_msr_facts *m, int err, bool amd)
{
	const char *kcfg = vc_facts_kconfig(&ctx->facts, "CONFIG_X86_MSR");
	const char *why, *remedy;
	const char *cost =
		amd ? "virtcheck cannot see whether SVM is switched on (EFER.SVME), so who holds AMD-V is "
		      "inferred, not read, and a firmware SVM lock (VM_CR.SVMDIS) cannot be seen"
		    : "virtcheck cannot read the firmware's VT-x lock (IA32_FEATURE_CONTROL), so \"disabled "
		      "by "
		      "firmware\" is inferred from the kernel's CPU flags and log";
	char ebuf[16];
	const char *ename = errno_name(err, ebuf);

	m->error = xstrdup(ename);
	if (err == ENOENT && kcfg && strcmp(kcfg, "y") != 0 && strcmp(kcfg, "m") != 0) {
		why = "this kernel has no msr driver (CONFIG_X86_MSR is not set)";
		remedy = NULL;
	} else if (err == ENOENT) {
		/* the remedy (modprobe here, or the host's in a container) is
		 * vc_environment_remedies' */
		why = "the msr driver is not loaded (/dev/cpu/0/msr is missing)";
		m->driver_missing = true;
		remedy = NULL;
	} else if (err == EACCES || err == EPERM) {
		why = "reading MSRs needs root (CAP_SYS_RAWIO)";
		remedy = "sudo virtcheck";
	} else {
		why = "the msr driver refused the reads";
		remedy = NULL;
	}
	m->reason = why;
	vc_evidence(ctx, "MSRs: %s (%s)", why, ename);
	struct vc_finding *f = vc_finding(ctx, VC_SEV_INFO, VC_FID_MSR_UNAVAILABLE,
					  "MSRs cannot be read: %s. Without them %s.", why, cost);

	if (remedy)
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false, "%s", remedy);
}

static void firmware_disabled(struct vc_ctx *ctx, bool amd, const char *what)
{
	ctx->facts.msr.vt_disabled = true;
	struct vc_finding *f = vc_finding(
		ctx, VC_SEV_ERROR, VC_FID_MSR_VT_DISABLED_BY_FIRMWARE,
		"%s is disabled by the firmware (%s): no hypervisor can use it until it is enabled in "
		"the firmware setup.",
		amd ? "AMD-V (SVM)" : "VT-x", what);

	struct buf b = { 0 };

	vc_remedy_firmware_vt(&b, &ctx->facts, amd);
	vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s", b.data);
	buf_free(&b);
	vc_finding_evidence(f, "%s", what);
}

static int msr_fill(struct vc_ctx *ctx)
{
	struct vc_msr_facts *m = &ctx->facts.msr;
	bool amd = vc_facts_amd(&ctx->facts);
	bool intel = ctx->facts.cpuid.available && strcmp(ctx->facts.cpuid.vendor, "GenuineIntel") == 0;
	const unsigned *cpus;
	size_t ncpus, nread = 0;
	uint64_t v;
	int r;

	vc_host_cpus(ctx->host, &cpus, &ncpus);
	if (!amd && !intel) {
		m->reason = "no MSRs are defined for this CPU vendor";
		return 0;
	}
	r = vc_host_rdmsr(ctx->host, cpus[0], intel ? MSR_IA32_FEATURE_CONTROL : MSR_EFER, &v);
	if (r < 0 && r != -EIO) {
		unavailable(ctx, m, -r, amd);
		return 0;
	}
	m->available = true;
	m->intel = intel;
	m->amd = amd;

	if (intel) {
		bool *off = xcalloc(ncpus, sizeof(bool));
		size_t nlocked = 0, noff = 0;
		uint64_t first = 0;
		bool consistent = true;
		struct buf b = { 0 };

		for (size_t i = 0; i < ncpus; i++) {
			if (vc_host_rdmsr(ctx->host, cpus[i], MSR_IA32_FEATURE_CONTROL, &v) < 0)
				continue;
			if (!nread++)
				first = v;
			consistent &= v == first;
			off[i] = (v & FC_LOCKED) && !(v & FC_VMX_OUTSIDE_SMX);
			nlocked += !!(v & FC_LOCKED);
			noff += off[i];
		}
		m->cpus_read = (unsigned)nread;
		if (nread) {
			m->has_feature_control = true;
			m->feature_control.value = first;
			m->feature_control.consistent = consistent;
			m->feature_control.locked = scope(nlocked, nread);
			m->feature_control.vmx_inside_smx = first & FC_VMX_INSIDE_SMX;
			m->feature_control.vmx_outside_smx = first & FC_VMX_OUTSIDE_SMX;
			m->feature_control.vmx_disabled_cpus = xstrdup(cpu_list(&b, off, cpus, ncpus));
			vc_evidence(ctx,
				    "MSR 0x3a IA32_FEATURE_CONTROL = 0x%llx on the first CPU read: lock %s, "
				    "VMX outside SMX %s",
				    (unsigned long long)first, first & FC_LOCKED ? "set" : "clear",
				    first & FC_VMX_OUTSIDE_SMX ? "enabled" : "disabled");
			if (noff)
				firmware_disabled(
					ctx, false,
					noff == nread
						? "IA32_FEATURE_CONTROL is locked with VMX outside SMX off"
						: "IA32_FEATURE_CONTROL is locked with VMX off on some CPUs");
		} else {
			vc_evidence(ctx, "MSR 0x3a IA32_FEATURE_CONTROL: not readable on any CPU");
		}
		buf_free(&b);
		free(off);
		return 0;
	}

	/* AMD: EFER.SVME per CPU is the one definitive "SVM is on" bit */
	bool *svme = xcalloc(ncpus, sizeof(bool)), *hsave = xcalloc(ncpus, sizeof(bool));
	size_t nsvme = 0, nhsave = 0, nefer = 0;
	struct buf b = { 0 };

	for (size_t i = 0; i < ncpus; i++) {
		if (vc_host_rdmsr(ctx->host, cpus[i], MSR_EFER, &v) == 0) {
			nefer++;
			svme[i] = v & EFER_SVME;
			nsvme += svme[i];
		}
		if (vc_host_rdmsr(ctx->host, cpus[i], MSR_VM_HSAVE_PA, &v) == 0 && v) {
			hsave[i] = true;
			nhsave++;
		}
	}
	m->cpus_read = (unsigned)nefer;
	if (nefer) {
		m->has_efer = true;
		m->efer_svme = scope(nsvme, nefer);
		m->efer_svme_cpus = xstrdup(cpu_list(&b, svme, cpus, ncpus));
		vc_evidence(ctx, "MSR 0xc0000080 EFER.SVME set on %zu of %zu CPUs (%s)", nsvme, nefer,
			    b.data);
	}
	m->vm_hsave_pa_cpus = xstrdup(cpu_list(&b, hsave, cpus, ncpus));
	if (vc_host_rdmsr(ctx->host, cpus[0], MSR_VM_CR, &v) == 0) {
		m->has_vm_cr = true;
		m->vm_cr.value = v;
		m->vm_cr.lock = v & VM_CR_LOCK;
		m->vm_cr.svmdis = v & VM_CR_SVMDIS;
		vc_evidence(ctx, "MSR 0xc0010114 VM_CR = 0x%llx on CPU %u: LOCK %s, SVMDIS %s",
			    (unsigned long long)v, cpus[0], v & VM_CR_LOCK ? "set" : "clear",
			    v & VM_CR_SVMDIS ? "set" : "clear");
		if (v & VM_CR_SVMDIS)
			firmware_disabled(ctx, true,
					  v & VM_CR_LOCK ? "VM_CR.SVMDIS is set and locked"
							 : "VM_CR.SVMDIS is set");
	}
	buf_free(&b);
	free(svme);
	free(hsave);
	return 0;
}

const struct vc_probe probe_msr = {
	.name = "msr",
	.id = VC_PROBE_MSR,
	.needs = VC_P(VC_PROBE_CPUID),
	.after = VC_P(VC_PROBE_PLATFORM),
	.summary = "model-specific registers: firmware VT locks (IA32_FEATURE_CONTROL, VM_CR) and EFER.SVME "
		   "per CPU",
	.fill = msr_fill,
};
