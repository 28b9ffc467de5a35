/* CPUID probe: vendor, model, VT-x/AMD-V from the raw instruction, hypervisor signature. */
#include <errno.h>
#include <string.h>

#include "lib/model/remedies.h"
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

/* What /proc/cpuinfo is read of: its first CPU's lines (3-5 KiB), not all CPUs' (1.5 KiB each, which
 * the kernel makes on every read). */
#define CPUINFO_HEAD (64u << 10)

/* The vendor_id and the vmx, svm, hypervisor, tdx_guest and fred words of /proc/cpuinfo's first CPU. */
static int cpuinfo_flags(struct vc_ctx *ctx, char vendor[static 16], bool *vmx, bool *svm, bool *hv,
			 bool *tdx, bool *fred)
{
	_cleanup_(freep) char *buf = NULL;
	char *cur, *line;
	size_t len;
	int r = vc_ctx_read_flags(ctx, "/proc/cpuinfo", CPUINFO_HEAD, VC_READ_HEAD, &buf, &len);

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
		/* a flags line the head cut short (no line break after it) is no answer */
		if (!line || (len == CPUINFO_HEAD && cur == buf + len && cur[-1] != '\0'))
			break;
		*vmx = *svm = *hv = *tdx = *fred = false;
		for (char *t = strtok_r(line + 1, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
			*vmx |= strcmp(t, "vmx") == 0;
			*svm |= strcmp(t, "svm") == 0;
			*hv |= strcmp(t, "hypervisor") == 0;
			*tdx |= strcmp(t, "tdx_guest") == 0;
			*fred |= strcmp(t, "fred") == 0;
		}
		return 0;
	}
	return -ENODATA;
}

/*
 * Whether this kernel runs with FRED (flexible return and event delivery). The kernel clears the
 * fred CPU flag unless FRED is enabled (arch/x86/kernel/traps.c trap_init(), later cpu/common.c:
 * setup_clear_cpu_cap(X86_FEATURE_FRED)), so the flag in /proc/cpuinfo is the proof; without it,
 * fred=off on the command line says it is off, and fred=on says it was asked for on a CPU the
 * kernel did not describe. Nothing said: null (the kernel's default differs by release).
 */
static void fred_state(struct vc_ctx *ctx, struct vc_cpuid_facts *c)
{
	_cleanup_(freep) char *cmdline = NULL;
	const char *on = NULL, *off = NULL;
	char *save = NULL;

	if (c->cpuinfo_flags.fred) {
		c->fred = VC_TRI_TRUE;
		vc_evidence(ctx, "/proc/cpuinfo: flag fred: the kernel runs with FRED");
		return;
	}
	if (vc_ctx_read(ctx, "/proc/cmdline", 65536, &cmdline, NULL) < 0)
		return;
	/* the last fred= wins, as early_param() parses them in order */
	for (char *t = strtok_r(cmdline, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
		if (!strcmp(t, "fred=on"))
			on = t, off = NULL;
		else if (!strcmp(t, "fred=off"))
			off = t, on = NULL;
	}
	if (off)
		c->fred = VC_TRI_FALSE;
	else if (on && !c->has_cpuinfo)
		c->fred = VC_TRI_TRUE;
	if (on || off)
		vc_evidence(ctx, "/proc/cmdline: %s%s", on ? on : off,
			    on && c->has_cpuinfo ? ", but /proc/cpuinfo has no fred flag: FRED is off" : "");
}

static void hypervisor_leaves(struct vc_ctx *ctx, struct vc_cpuid_facts *c)
{
	struct vc_cpuid_regs r;
	char sig[12];
	const char *id = NULL;

	if (vc_host_cpuid(ctx->host, 0, 0x40000000, 0, &r) < 0)
		return;
	c->hv_leaf = true;
	regs_to_chars(sig, r.ebx, r.ecx, r.edx);
	printable(c->hypervisor_signature, sig, 12);
	id = vc_hypervisor_from_signature(sig);
	c->hypervisor = id ? id : "unknown";
	c->hypervisor_max_leaf = r.eax;
	vc_evidence(ctx, "CPUID 0x40000000: signature \"%s\" (%s)", c->hypervisor_signature,
		    id ? id : "not in the table");

	/* Hyper-V enlightened KVM shows "Microsoft Hv" first and its own signature at 0x40000100 */
	if (vc_host_cpuid(ctx->host, 0, 0x40000100, 0, &r) == 0) {
		regs_to_chars(sig, r.ebx, r.ecx, r.edx);
		const char *alt = vc_hypervisor_from_signature(sig);
		if (alt) {
			c->has_signature_alt = true;
			printable(c->hypervisor_signature_alt, sig, 12);
			vc_evidence(ctx, "CPUID 0x40000100: second signature \"%s\" (%s)",
				    c->hypervisor_signature_alt, alt);
		}
	}
	if (id && strcmp(id, "kvm") == 0 && vc_host_cpuid(ctx->host, 0, 0x40000001, 0, &r) == 0) {
		c->has_kvm_features = true;
		c->kvm_features = r.eax;
	}
}

/* A TDX trust domain: leaf 0x21 reads "IntelTDX    " (Linux arch/x86/coco/tdx/tdx.c,
 * TDX_CPUID_LEAF_ID; Intel TDX Module specification, "TDX Guest CPUID"). */
static void tdx_leaf(struct vc_ctx *ctx, struct vc_cpuid_facts *c)
{
	struct vc_cpuid_regs r;
	char sig[12];

	if (strcmp(c->vendor, "GenuineIntel") != 0 || c->max_leaf < 0x21 ||
	    vc_host_cpuid(ctx->host, 0, 0x21, 0, &r) < 0)
		return;
	regs_to_chars(sig, r.ebx, r.edx, r.ecx);
	if (memcmp(sig, "IntelTDX    ", 12) == 0) {
		c->tdx_guest = true;
		vc_evidence(ctx, "CPUID 0x21: \"IntelTDX\": a TDX trust domain");
	}
}

/*
 * An isolated Hyper-V VM (Azure's confidential VMs) says so in Hyper-V's own leaves, where the
 * vendor's confidential-guest bits may be hidden: HYPERV_CPUID_FEATURES (0x40000003) EBX bit 22,
 * HV_ISOLATION, then HYPERV_CPUID_ISOLATION_CONFIG (0x4000000C) EBX[3:0], the isolation type:
 * 1 VBS, 2 SNP, 3 TDX (Linux arch/x86/include/asm/hyperv-tlfs.h HYPERV_CPUID_ISOLATION_CONFIG,
 * include/asm-generic/hyperv-tlfs.h HV_ISOLATION; arch/x86/kernel/cpu/mshyperv.c
 * ms_hyperv_init_platform(), which prints the leaf as "Hyper-V: Isolation Config: Group A 0x%x,
 * Group B 0x%x"; Microsoft's LISA CVM suite, microsoft/testsuites/acc/cvm.py, asserts type 2 or 3
 * on Azure's confidential VMs).
 */
static void hyperv_isolation(struct vc_ctx *ctx, struct vc_cpuid_facts *c)
{
	struct vc_cpuid_regs r;

	if (!streq_ptr(c->hypervisor, "hyperv") || c->hypervisor_max_leaf < 0x4000000c ||
	    vc_host_cpuid(ctx->host, 0, 0x40000003, 0, &r) < 0 || !(r.ebx & (1u << 22)) ||
	    vc_host_cpuid(ctx->host, 0, 0x4000000c, 0, &r) < 0)
		return;
	c->hv_isolated = true;
	c->hv_isolation = r.ebx & 0xf;
	vc_evidence(ctx, "CPUID 0x4000000C EBX=0x%08x: a Hyper-V isolated VM, type %u (%s)", r.ebx,
		    c->hv_isolation,
		    c->hv_isolation == 2   ? "SEV-SNP"
		    : c->hv_isolation == 3 ? "TDX"
					   : "not hardware-isolated");
}

static void svm_features(struct vc_ctx *ctx, struct vc_cpuid_facts *c)
{
	struct vc_cpuid_regs r;

	if (c->max_ext_leaf < 0x8000000a || vc_host_cpuid(ctx->host, 0, 0x8000000a, 0, &r) < 0)
		return;
	c->has_svm_features = true;
	c->svm_revision = r.eax & 0xff;
	c->svm_asids = r.ebx;
	c->svm_edx = r.edx;
}

/*
 * A Xen PV domain runs CPUID unintercepted ("CPUID isn't a instruction which typically traps": no
 * CPUID faulting before Intel IvyBridge, none for dom0; Xen's maintainer in systemd#7165), so it
 * reads the host's VMX/SVM, and often no hypervisor bit; Xen gives VMX/SVM to HVM guests only
 * (xen/include/public/arch-x86/cpufeatureset.h). Sysfs says PV (xen is vc_probe_xen's answer), or,
 * on Xen (/sys/hypervisor/type, or xen_banner()'s lines in the kernel log) where it does not say
 * which kind, the kernel runs under a hypervisor (its flags, from Xen's PV CPUID) whose bit this
 * process's CPUID lacks: only an unintercepted CPUID does that. Then the domain has no VT-x/AMD-V,
 * whatever CPUID shows.
 */
static bool xen_pv_domain(struct vc_ctx *ctx, struct vc_cpuid_facts *c, const char *xen, bool kernel_hv)
{
	struct vc_environment_facts *ef = &ctx->facts.environment;
	const char *why = ef->xen_dom0
				  ? "Xen's dom0 (XENFEAT_dom0)"
				  : "Xen says PV (/sys/hypervisor/guest_type or the kernel's PV boot line)";

	/* dom0 too, of any kind: Xen holds VT-x/AMD-V beneath it */
	if (!streq_ptr(xen, "PV") && !ef->xen_dom0) {
		/* the fallback only where Xen is seen (sysfs, or the kernel log): elsewhere an
		 * unintercepted CPUID (a kvm_pvm guest, a CPU without CPUID faulting) is no PV domain */
		if (xen || !kernel_hv || c->hypervisor_bit || !(ef->xen || vc_probe_xen_log(ctx).banner))
			return false;
		ef->xen = true;
		ef->xen_guest_type = "PV";
		why = "the kernel's CPU flags say hypervisor while CPUID's hypervisor bit is clear: CPUID is "
		      "not intercepted, as in a Xen PV domain";
	}
	vc_evidence(ctx,
		    "%s: CPUID shows the Xen host's CPU (VMX %s, SVM %s), not this domain's; a PV domain "
		    "is never given VT-x/AMD-V",
		    why, c->vmx ? "set" : "clear", c->svm ? "set" : "clear");
	c->vt = VC_VT_NONE;
	c->hypervisor_bit = true;
	return true;
}

/* VT must be the same on every CPU; a mismatch means a broken firmware or hypervisor. */
static void cpuid_late(struct vc_ctx *ctx)
{
	struct vc_cpuid_facts *c = &ctx->facts.cpuid;
	const unsigned *cpus;
	size_t ncpus, checked = 0;
	bool consistent = true;

	vc_host_cpus(ctx->host, &cpus, &ncpus);
	for (size_t i = 0; i < ncpus; i++) {
		struct vc_cpuid_regs a, b = { 0 };

		if (vc_host_cpuid(ctx->host, cpus[i], 1, 0, &a) < 0)
			continue;
		if (c->has_max_ext_leaf)
			vc_host_cpuid(ctx->host, cpus[i], 0x80000001, 0, &b);
		checked++;
		if (!!(a.ecx & (1u << 5)) != c->vmx || !!(b.ecx & (1u << 2)) != c->svm) {
			consistent = false;
			vc_evidence(ctx, "CPU %u reports VMX %d SVM %d, unlike CPU 0", cpus[i],
				    !!(a.ecx & (1u << 5)), !!(b.ecx & (1u << 2)));
		}
	}
	c->cpus_checked = (unsigned)checked;
	c->vt_consistent = consistent;
	if (!consistent)
		vc_finding_remedy(
			vc_finding(ctx, VC_SEV_WARNING, VC_FID_CPUID_VT_INCONSISTENT,
				   "CPUs disagree about VT-x/AMD-V support; KVM refuses to load on such "
				   "systems."),
			VC_REMEDY_PERSISTENT, true,
			"Update the firmware (BIOS/UEFI); if this is a virtual machine, check its CPU model "
			"configuration on the outer host.");
}

static int cpuid_fill(struct vc_ctx *ctx)
{
	struct vc_cpuid_facts *c = &ctx->facts.cpuid;
	struct vc_cpuid_regs r0, r1, e1 = { 0 };
	char vendor[13], brand[49] = "";
	bool xen_pv = false, fvmx, fsvm, fhv, ftdx, ffred;
	const char *xen;
	char kvendor[16];

	if (vc_host_cpuid(ctx->host, 0, 0, 0, &r0) < 0 || vc_host_cpuid(ctx->host, 0, 1, 0, &r1) < 0) {
		struct vc_finding *f;

		/* the kernel's flags are the next best evidence (it hides VT the firmware disabled) */
		if (cpuinfo_flags(ctx, kvendor, &fvmx, &fsvm, &fhv, &ftdx, &ffred) == 0) {
			c->has_cpuinfo = c->cpuinfo_only = true;
			c->cpuinfo_flags.vmx = fvmx;
			c->cpuinfo_flags.svm = fsvm;
			c->cpuinfo_flags.hypervisor = fhv;
			c->cpuinfo_flags.tdx_guest = ftdx;
			c->cpuinfo_flags.fred = ffred;
			vc_evidence(ctx,
				    "no CPUID; /proc/cpuinfo: vendor %s, flags vmx %s, svm %s, hypervisor %s",
				    kvendor[0] ? kvendor : "?", fvmx ? "present" : "absent",
				    fsvm ? "present" : "absent", fhv ? "present" : "absent");
		}
		fred_state(ctx, c);
		f = vc_finding(ctx, VC_SEV_WARNING, VC_FID_CPUID_UNAVAILABLE,
			       "No CPUID data: the CPU's virtualization features are %s.",
			       c->cpuinfo_only ? "taken from the kernel's CPU flags (/proc/cpuinfo)"
					       : "unknown");
		if (!vc_host_is_live(ctx->host))
			vc_finding_remedy(
				f, VC_REMEDY_PERSISTENT, false,
				"Capture the host with 'virtcheck capture DIR', or add the output of "
				"'cpuid -r' as DIR/virtcheck/cpuid.txt.");
		return 0;
	}
	c->available = true;
	regs_to_chars(vendor, r0.ebx, r0.edx, r0.ecx);
	printable(c->vendor, vendor, 12);
	c->family = (r1.eax >> 8) & 0xf;
	c->model = (r1.eax >> 4) & 0xf;
	if (c->family == 0xf)
		c->family += (r1.eax >> 20) & 0xff;
	if (c->family == 6 || c->family >= 0xf)
		c->model |= ((r1.eax >> 16) & 0xf) << 4;
	c->stepping = r1.eax & 0xf;
	c->max_leaf = r0.eax;

	struct vc_cpuid_regs e0;
	if (vc_host_cpuid(ctx->host, 0, 0x80000000, 0, &e0) == 0 && e0.eax >= 0x80000001 &&
	    e0.eax < 0x8000ffff) {
		c->has_max_ext_leaf = true;
		c->max_ext_leaf = e0.eax;
		vc_host_cpuid(ctx->host, 0, 0x80000001, 0, &e1);
	}
	if (c->max_ext_leaf >= 0x80000004) {
		for (uint32_t l = 0; l < 3; l++) {
			struct vc_cpuid_regs b;

			if (vc_host_cpuid(ctx->host, 0, 0x80000002 + l, 0, &b) < 0)
				break;
			memcpy(brand + (size_t)l * 16, &b, 16);
		}
		brand[48] = '\0';
		printable(brand, brand, strlen(brand));
	}
	snprintf(c->brand, sizeof(c->brand), "%s", strstrip(brand));
	c->vmx = r1.ecx & (1u << 5);
	c->svm = e1.ecx & (1u << 2);
	c->vt = c->vmx ? VC_VT_VMX : c->svm ? VC_VT_SVM : VC_VT_NONE;
	c->hypervisor_bit = r1.ecx & (1u << 31);
	vc_evidence(ctx, "CPUID 0x1 ECX=0x%08x: VMX %s, hypervisor bit %s", r1.ecx, c->vmx ? "set" : "clear",
		    c->hypervisor_bit ? "set" : "clear");
	if (c->has_max_ext_leaf)
		vc_evidence(ctx, "CPUID 0x80000001 ECX=0x%08x: SVM %s", e1.ecx, c->svm ? "set" : "clear");
	xen = vc_probe_xen(ctx);

	/* every CPU's VT once the other probes have run (cpuid_late): a live host asks each other
	 * CPU with an interrupt, which a nested guest's vCPU answers when its host runs it */
	vc_late_here(ctx);

	hypervisor_leaves(ctx, c);
	tdx_leaf(ctx, c);
	hyperv_isolation(ctx, c);
	if (c->svm && !streq_ptr(xen, "PV"))
		svm_features(ctx, c);

	if (cpuinfo_flags(ctx, kvendor, &fvmx, &fsvm, &fhv, &ftdx, &ffred) == 0) {
		bool same_cpu = !kvendor[0] || strcmp(kvendor, c->vendor) == 0;

		c->has_cpuinfo = true;
		c->cpuinfo_flags.vmx = fvmx;
		c->cpuinfo_flags.svm = fsvm;
		c->cpuinfo_flags.hypervisor = fhv;
		c->cpuinfo_flags.tdx_guest = ftdx;
		c->cpuinfo_flags.fred = ffred;
		vc_evidence(ctx, "/proc/cpuinfo: vendor %s, flags vmx %s, svm %s", kvendor[0] ? kvendor : "?",
			    fvmx ? "present" : "absent", fsvm ? "present" : "absent");
		xen_pv = xen_pv_domain(ctx, c, xen, same_cpu && fhv);
		/* The CPU the kernel describes must be the one CPUID describes; under valgrind or
		 * any CPUID interception it is not, and nothing else here can be concluded. */
		if (!same_cpu) {
			c->vt_cleared_by_kernel = VC_TRI_NULL;
			struct vc_finding *f = vc_finding(
				ctx, VC_SEV_WARNING, VC_FID_CPUID_EMULATED,
				"CPUID as this process sees it (%s) is not the CPU the kernel reports (%s): "
				"the "
				"instruction is emulated or intercepted, so VT-x/AMD-V conclusions from it "
				"are "
				"unreliable.",
				c->vendor, kvendor);

			vc_finding_remedy(
				f, VC_REMEDY_TEMPORARY, false,
				"Run virtcheck directly, not under valgrind, an emulator or a debugger "
				"that rewrites CPUID.");
		} else if (!xen_pv && ((c->vmx && !fvmx) || (c->svm && !fsvm))) {
			/* the kernel clears the flag when firmware disabled the feature (for VMX: feat_ctl.c)
			 */
			c->vt_cleared_by_kernel = VC_TRI_TRUE;
			struct vc_finding *f = vc_finding(
				ctx, VC_SEV_WARNING, VC_FID_CPUID_VT_DISABLED_BY_FIRMWARE,
				"The CPU supports %s, but the kernel hides it: the firmware has disabled it.",
				c->vmx ? "VT-x" : "AMD-V");

			struct buf b = { 0 };

			if (!ctx->first_look)
				vc_distro_fill(ctx); /* the remedy reboots the way this host does */
			vc_remedy_firmware_vt(&b, &ctx->facts, !c->vmx);
			vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s", b.data);
			buf_free(&b);
		} else {
			c->vt_cleared_by_kernel = VC_TRI_FALSE;
		}
	}

	if (!c->has_cpuinfo)
		xen_pv = xen_pv_domain(ctx, c, xen, false);
	if (xen_pv)
		vc_finding(ctx, VC_SEV_INFO, VC_FID_CPUID_VT_NOT_EXPOSED,
			   "This machine is %s: Xen never gives a PV domain VT-x/AMD-V, so kvm_intel and "
			   "kvm_amd cannot work here (the %s CPUID shows is the host's).",
			   ctx->facts.environment.xen_dom0 ? "Xen's dom0, a PV (paravirtualized) domain"
							   : "a Xen PV (paravirtualized) guest",
			   c->vmx   ? "VMX"
			   : c->svm ? "SVM"
				    : "CPU");
	else if (!c->vmx && !c->svm) {
		if (c->hypervisor_bit)
			vc_finding(
				ctx, VC_SEV_INFO, VC_FID_CPUID_VT_NOT_EXPOSED,
				"This machine is itself a virtual machine (CPUID signature \"%s\") and its "
				"outer hypervisor does not expose VT-x/AMD-V to it, so kvm_intel and kvm_amd "
				"cannot work here.",
				c->hv_leaf ? c->hypervisor_signature : "none");
		else {
			struct buf b = { 0 };

			vc_remedy_no_vt(&b);
			vc_finding_remedy(
				vc_finding(ctx, VC_SEV_WARNING, VC_FID_CPUID_NO_VT,
					   "This CPU (%s) has no hardware virtualization (neither VT-x "
					   "nor AMD-V).",
					   c->brand[0] ? c->brand : c->vendor),
				VC_REMEDY_PERSISTENT, false, "%s", b.data);
			buf_free(&b);
		}
	}
	fred_state(ctx, c);
	return 0;
}

const struct vc_probe probe_cpuid = {
	.name = "cpuid",
	.id = VC_PROBE_CPUID,
	.summary = "CPU vendor and model, VT-x/AMD-V from raw CPUID, hypervisor signature",
	.fill = cpuid_fill,
	.late = cpuid_late,
};
