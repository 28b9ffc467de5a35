/* preflight: what a CI job needs (requirements), each checked against one report of the host. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "lib/verdict/knowledge.h"
#include "lib/verdict/preflight.h"
#include "lib/base/sanitise.h"
#include "lib/model/remedies.h"
#include "lib/verdict/run.h"
#include "lib/verdict/verdict.h"

struct vc_req_def {
	const char *name; /* with the operator for parameterized ones: "api>=" */
	enum { A_NONE, A_INT, A_SIZE, A_BACKEND, A_CAP } arg;
	unsigned probes; /* VC_P() of the probes it reads */
	/* it reads the owner or the conflicts: always, or only to explain why it is unmet (a met
	 * one then costs no verdict and none of the probes only the verdict reads) */
	enum { V_NONE, V_UNMET, V_ALWAYS } verdict;
	void (*check)(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r);
	const char *doc;
};

_printf_(2, 3) static void set_msg(struct vc_req_result *r, const char *fmt, ...)
{
	va_list ap;

	free(r->message);
	va_start(ap, fmt);
	r->message = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Takes the message and remedy of the most severe finding whose id starts with one of prefixes. */
static bool from_finding(struct vc_ctx *ctx, struct vc_req_result *r, const char *const *prefixes)
{
	const struct vc_finding *best = NULL;

	for (size_t i = 0; i < ctx->findings.n; i++)
		for (const char *const *p = prefixes; *p; p++)
			if (startswith(ctx->findings.v[i].id, *p) &&
			    (!best || ctx->findings.v[i].severity > best->severity))
				best = &ctx->findings.v[i];
	if (!best)
		return false;
	set_msg(r, "%s", best->message);
	free(r->remedy);
	r->remedy = NULL;
	if (best->remedies.n) {
		struct buf b = { 0 };

		for (size_t k = 0; k < best->remedies.n; k++)
			buf_printf(&b, "%s(%s%s) %s", k ? "\n" : "",
				   vc_remedy_kind_name(best->remedies.v[k].kind),
				   best->remedies.v[k].reboot ? ", needs a reboot" : "",
				   best->remedies.v[k].steps);
		r->remedy = b.data;
	}
	for (size_t k = 0; k < best->evidence.n; k++)
		vc_strv_push(&r->evidence, best->evidence.v[k]);
	vc_strv_pushf(&r->evidence, "finding %s", best->id);
	return true;
}

/* "ok", the errno's name, or NULL (not tried). */
static const char *outcome(const struct vc_kvm_facts *k, int v, char buf[static 16])
{
	if (!k->captured || v == VC_NOT_TRIED)
		return NULL;
	return v ? errno_name(v, buf) : "ok";
}

static bool has_remedy(const struct vc_ctx *ctx, enum vc_fid id)
{
	const struct vc_finding *f = vc_find(ctx, id);

	return f && f->remedies.n;
}

/* ---- the checks ---- */

/* A passive host opened /dev/kvm read-only and created no VM: met on what that shows, said unverified. */
static void kvm_passive(struct vc_ctx *ctx, const struct vc_kvm_facts *k, bool rw_only,
			struct vc_req_result *r, const char *const *kvm_findings)
{
	const char *open = k->access.open_read_only;

	r->met = k->usable_unverified && !vc_find(ctx, VC_FID_KVM_INVOKER_NO_ACCESS);
	vc_strv_pushf(&r->evidence, "open(/dev/kvm, O_RDONLY): %s; KVM_CREATE_VM: skipped (--passive)",
		      open ? open : "not tried");
	if (r->met) {
		set_msg(r,
			"/dev/kvm is usable by %s going by its permissions and KVM's capabilities (backend "
			"%s, "
			"API %lld); unverified: --passive %s",
			k->access.user ? k->access.user : "this user", k->backend ? k->backend : "?",
			(long long)(k->api_version.set ? k->api_version.v : -1),
			rw_only ? "opened it read-only" : "created no VM");
		return;
	}
	if (!from_finding(ctx, r, kvm_findings))
		set_msg(r,
			"/dev/kvm does not look usable (read-only open %s); unverified: --passive created no "
			"VM",
			open ? open : "?");
	if (vc_find(ctx, VC_FID_KVM_NO_ACCESS) || vc_find(ctx, VC_FID_KVM_INVOKER_NO_ACCESS))
		r->fix |= VC_FIX_KVM_ACCESS;
	if (has_remedy(ctx, VC_FID_KVM_NOT_LOADED))
		r->fix |= VC_FIX_KVM_MODULE;
}

static void c_kvm(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	static const char *const kvm_findings[] = { "kvm.",
						    "environment.",
						    "msr.vt_disabled",
						    "cpuid.vt_disabled",
						    "conflict.virtualbox_blocks_kvm",
						    "conflict.vmware_blocks_kvm",
						    NULL };
	const struct vc_kvm_facts *k = &ctx->facts.kvm;
	char b1[16], b2[16];
	const char *open = k->access.open, *vm = outcome(k, k->create_vm, b1),
		   *vcpu = outcome(k, k->create_vcpu, b2);
	bool rw_only = strcmp(rq->def->name, "kvm-rw") == 0;

	if (k->passive) {
		kvm_passive(ctx, k, rw_only, r, kvm_findings);
		return;
	}
	r->met = streq_ptr(open, "ok") && (rw_only || (streq_ptr(vm, "ok") && streq_ptr(vcpu, "ok")));
	vc_strv_pushf(&r->evidence, "open(/dev/kvm, O_RDWR): %s; KVM_CREATE_VM: %s; KVM_CREATE_VCPU: %s",
		      open ? open : "not tried", vm ? vm : "not tried", vcpu ? vcpu : "not tried");
	/* through sudo the job's user is the one who ran sudo: root's access proves KVM works,
	 * and that user's is what the requirement is about */
	if (r->met && vc_find(ctx, VC_FID_KVM_INVOKER_NO_ACCESS)) {
		static const char *const inv[] = { "kvm.invoker_no_access", NULL };

		r->met = false;
		from_finding(ctx, r, inv);
		r->fix |= VC_FIX_KVM_ACCESS;
		return;
	}
	if (r->met) {
		set_msg(r, "/dev/kvm opened read-write by %s%s (backend %s, API %lld)",
			k->access.user ? k->access.user : "this user",
			rw_only ? "" : "; a VM and a vCPU were created", k->backend ? k->backend : "?",
			(long long)(k->api_version.set ? k->api_version.v : -1));
		return;
	}
	if (!from_finding(ctx, r, kvm_findings))
		set_msg(r, "/dev/kvm is not usable (open %s, KVM_CREATE_VM %s)", open ? open : "?",
			vm ? vm : "not tried");
	if (vc_find(ctx, VC_FID_KVM_NO_ACCESS))
		r->fix |= VC_FIX_KVM_ACCESS;
	if (has_remedy(ctx, VC_FID_KVM_NOT_LOADED))
		r->fix |= VC_FIX_KVM_MODULE;
}

/* What the firmware switched off shows in the MSRs or in the kernel's CPU flags. */
static bool fw_disabled(const struct vc_ctx *ctx)
{
	return ctx->facts.msr.vt_disabled || ctx->facts.cpuid.vt_cleared_by_kernel == VC_TRI_TRUE;
}

static void c_hw_virt(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	static const char *const fw[] = { "msr.vt_disabled_by_firmware", "cpuid.vt_disabled_by_firmware",
					  NULL };
	static const char *const novt[] = { "cpuid.vt_not_exposed", "cpuid.no_vt", "cpuid.", NULL };
	const struct vc_cpuid_facts *c = &ctx->facts.cpuid;

	(void)rq;
	vc_strv_pushf(&r->evidence, "CPUID: VT %s", c->available ? vc_vt_name(c->vt) : "unknown");
	if (fw_disabled(ctx)) {
		from_finding(ctx, r, fw);
		return;
	}
	r->met = c->available && c->vt != VC_VT_NONE;
	if (r->met) {
		bool msr = ctx->facts.msr.available;

		set_msg(r, "%s is present%s", vc_vt_label(c->vt),
			msr ? " and the firmware lock allows it"
			    : " (firmware lock not read: no MSR access; the kernel shows the flag, so it is "
			      "enabled)");
		if (!msr && has_remedy(ctx, VC_FID_MSR_UNAVAILABLE))
			r->fix |= VC_FIX_MSR;
		return;
	}
	if (!from_finding(ctx, r, novt))
		set_msg(r, "The CPU shows no VT-x/AMD-V");
}

static void c_nested(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	const char *backend = ctx->facts.kvm.backend, *v;
	struct buf b = { 0 };

	(void)rq;
	if (!streq_ptr(backend, "kvm_intel") && !streq_ptr(backend, "kvm_amd")) {
		set_msg(r, "Nested virtualization needs kvm_intel or kvm_amd; /dev/kvm is served by %s",
			backend ? backend : "nothing");
		return;
	}
	v = vc_facts_param(&ctx->facts, backend, "nested");
	vc_strv_pushf(&r->evidence, "/sys/module/%s/parameters/nested: %s", backend, v ? v : "absent");
	r->met = v && (!strcmp(v, "Y") || !strcmp(v, "1"));
	if (r->met) {
		set_msg(r, "%s has nested=%s", backend, v);
		return;
	}
	set_msg(r, "%s runs with nested=%s: guests cannot run their own KVM VMs", backend, v ? v : "?");
	if (vc_facts_modstate(&ctx->facts, "kvm") == VC_MOD_BUILTIN) {
		_cleanup_(freep) char *param = xasprintf("%s.nested=1", backend);

		vc_remedy_cmdline(&b, &ctx->facts, param);
	} else {
		_cleanup_(freep) char *line = xasprintf("options %s nested=1", backend);

		vc_remedy_modprobe_d(&b, &ctx->facts, "kvm-nested.conf", line);
		vc_remedy_then(&b, &ctx->facts, "sudo modprobe -r %s && sudo modprobe %s", backend, backend);
		buf_printf(&b, "   (when no VM runs)");
	}
	r->remedy = b.data;
}

static void c_no_conflict(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	static const char *const pre[] = { "conflict.", "kvm.create_vm_busy", NULL };
	const struct vc_owner *o = &ctx->owner;

	(void)rq;
	vc_strv_pushf(&r->evidence, "owner: %s (%s)", vc_hv_name(o->hypervisor),
		      o->rule ? o->rule : "no rule");
	r->met = ctx->conflicts.n == 0 && o->hypervisor != VC_HV_VIRTUALBOX &&
		 o->hypervisor != VC_HV_VMWARE && !vc_find(ctx, VC_FID_KVM_CREATE_VM_BUSY);
	if (r->met || !from_finding(ctx, r, pre))
		set_msg(r, "%s", o->headline);
}

static void c_virtualbox(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	static const char *const pre[] = { "virtualbox.unsigned_driver",
					   "virtualbox.driver",
					   "virtualbox.kernel_without_kvm",
					   "msr.vt_disabled",
					   "cpuid.vt_disabled",
					   "environment.",
					   NULL };
	const struct vc_virtualbox_facts *vb = &ctx->facts.virtualbox;
	const struct vc_cpuid_facts *c = &ctx->facts.cpuid;
	/* a loaded vboxdrv older than the installed VirtualBox is no driver for it
	 * (virtualbox.driver_mismatch: VERR_SYMBOL_NOT_FOUND), nor one on a 6.15+ without KVM; one on a
	 * kernel newer than its release supports is (virtualbox.kernel_unsupported, a warning: it
	 * may work, distributions patch it) */
	bool driver = (vb->driver_loaded && !vc_find(ctx, VC_FID_VIRTUALBOX_DRIVER_MISMATCH) &&
		       !vc_find(ctx, VC_FID_VIRTUALBOX_KERNEL_WITHOUT_KVM)) ||
		      vb->kvm_backend == VC_TRI_TRUE;
	bool vt = c->available && c->vt != VC_VT_NONE;

	const struct vc_knowledge *k = vc_knowledge_vbox_next_to_kvm(&ctx->facts);

	(void)rq;
	if (!vb->installed) {
		set_msg(r, "VirtualBox is not installed");
		return;
	}
	if (k)
		vc_strv_pushf(&r->evidence, "knowledge %s (%s): %s", k->id,
			      vc_kn_confidence_name(k->confidence), vc_kn_outcome_name(k->outcome));
	for (size_t i = 0; i < ctx->conflicts.n; i++)
		if (ctx->conflicts.v[i].blocked == VC_HV_VIRTUALBOX) {
			static const char *const conflict[] = { "conflict.", NULL };

			from_finding(ctx, r, conflict);
			return;
		}
	r->met = driver && vt && !fw_disabled(ctx) && ctx->owner.hypervisor != VC_HV_VMWARE;
	if (r->met)
		set_msg(r, "VirtualBox %s can start a VM: its driver is loaded and nothing blocks %s%s",
			vb->version ? vb->version : "", vc_vt_label(c->vt),
			vc_find(ctx, VC_FID_VIRTUALBOX_KERNEL_UNSUPPORTED)
				? " (but this kernel is newer than it supports: its VMs may hang while "
				  "starting)"
				: "");
	else if (!from_finding(ctx, r, pre))
		set_msg(r, "VirtualBox cannot start VMs here (driver %s, VT %s)",
			driver ? "loaded" : "not loaded", c->available ? vc_vt_name(c->vt) : "?");
}

static void c_iommu(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	static const char *const pre[] = { "pci.iommu_disabled", NULL };
	const struct vc_pci_facts *pci = &ctx->facts.pci;

	(void)rq;
	r->met = pci->iommu.enabled;
	vc_strv_pushf(&r->evidence, "IOMMU groups: %u", pci->iommu.groups);
	if (r->met)
		set_msg(r, "The IOMMU is enabled (%u groups)", pci->iommu.groups);
	else if (!from_finding(ctx, r, pre))
		set_msg(r, "No IOMMU is enabled (no IOMMU groups): the firmware has none, or it is off");
}

/* A device node this user must be able to open read-write. */
static void device_rw(struct vc_ctx *ctx, struct vc_req_result *r, const char *path, const char *module,
		      unsigned fix)
{
	const struct vc_identity *id;
	struct vc_devnode node;
	int e = vc_host_devnode(ctx->host, path, &node);
	bool modules = !(ctx->facts.ran & VC_P(VC_PROBE_MODULES)) || ctx->facts.modules.proc_modules;
	enum vc_access a;
	char ebuf[16];

	if (e < 0) {
		set_msg(r, "%s %s", path,
			e == -ENOENT	? "does not exist"
			: e == -ENODATA ? "is not in this capture"
					: errno_name(-e, ebuf));
		if (e == -ENOENT && module && !modules) {
			r->remedy =
				xasprintf("This kernel cannot load modules (no /proc/modules): use a kernel "
					  "with %s built in",
					  module);
		} else if (e == -ENOENT && module) {
			r->remedy = xasprintf("sudo modprobe %s", module);
			r->fix |= fix;
		}
		return;
	}
	vc_strv_pushf(&r->evidence, "%s: %c %u:%u mode %04o uid %u group %s", path, node.type, node.major,
		      node.minor, node.mode, node.uid, node.group);
	if (vc_host_identity(ctx->host, &id) < 0) {
		set_msg(r, "%s exists; whose access to check is not known (no identity in this capture)",
			path);
		return;
	}
	a = vc_node_access(&node, id);
	r->met = vc_access_granted(a);
	if (r->met) {
		set_msg(r, "%s can be opened read-write by %s", path, id->user[0] ? id->user : "this user");
	} else if (a == VC_DENIED_NOT_IN_GROUP) {
		set_msg(r, "%s (mode %04o, group %s): %s is not in group %s", path, node.mode, node.group,
			id->user, node.group);
		_cleanup_(freep) char *qgroup = vc_shell_quote(node.group);
		_cleanup_(freep) char *quser = id->user[0] ? vc_shell_quote(id->user) : xstrdup("$USER");

		r->remedy = xasprintf("sudo usermod -aG %s %s   # then log out and back in", qgroup, quser);
	} else {
		set_msg(r, "%s is mode %04o uid %u group %s: %s may not open it read-write", path, node.mode,
			node.uid, node.group, id->user[0] ? id->user : "this user");
	}
}

static void c_vfio(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	if (!ctx->facts.pci.iommu.enabled) {
		c_iommu(ctx, rq, r);
		return;
	}
	device_rw(ctx, r, "/dev/vfio/vfio", "vfio_pci", 0);
	if (r->met)
		set_msg(r, "/dev/vfio/vfio is usable, the IOMMU is enabled, %zu device(s) bound to vfio-pci",
			ctx->facts.pci.vfio_pci.n);
}

static void c_vhost(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	(void)rq;
	device_rw(ctx, r, "/dev/vhost-net", "vhost_net", VC_FIX_VHOST);
}

static void c_tun(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	(void)rq;
	device_rw(ctx, r, "/dev/net/tun", "tun", VC_FIX_TUN);
}

static void c_backend(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	const char *b = ctx->facts.kvm.backend;

	r->met = streq_ptr(b, rq->arg);
	set_msg(r, "/dev/kvm is served by %s%s%s", b ? b : "nothing", r->met ? "" : ", not ",
		r->met ? "" : rq->arg);
}

static void c_api(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	const struct vc_kvm_facts *k = &ctx->facts.kvm;
	int64_t api = k->api_version.set ? k->api_version.v : -1;

	r->met = api >= rq->n;
	if (api < 0)
		set_msg(r, "The KVM API version is not known: /dev/kvm could not be opened (%s)",
			k->access.open ? k->access.open : "?");
	else
		set_msg(r, "KVM API version %lld%s%lld", (long long)api, r->met ? " >= " : " < ",
			(long long)rq->n);
}

static void c_cap(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	const int64_t *caps = ctx->facts.kvm.caps;
	int i = vc_kvm_cap_index(rq->arg);
	int64_t v = caps && i >= 0 ? caps[i] : -1;

	r->met = v > 0;
	if (v < 0)
		set_msg(r, "%s: not known (/dev/kvm could not be asked)", rq->arg);
	else
		set_msg(r, "KVM_CHECK_EXTENSION(%s) = %lld", rq->arg, (long long)v);
}

static void c_mem(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	_cleanup_(freep) char *mi = NULL;
	char *cur, *line;
	uint64_t kb = 0;
	bool found = false;

	if (vc_host_read(ctx->host, "/proc/meminfo", 1u << 16, &mi, NULL) == 0) {
		cur = mi;
		while ((line = next_line(&cur)))
			if (sscanf(line, "MemAvailable: %" SCNu64 " kB", &kb) == 1) {
				found = true;
				break;
			}
	}
	if (!found) {
		set_msg(r, "/proc/meminfo has no MemAvailable line");
		return;
	}
	r->met = kb * 1024 >= (uint64_t)rq->n;
	set_msg(r, "%.1f GiB available (MemAvailable), %s %.1f GiB", kb / 1048576.0, r->met ? ">=" : "<",
		rq->n / 1073741824.0);
}

static void c_cpus(struct vc_ctx *ctx, const struct vc_req *rq, struct vc_req_result *r)
{
	const unsigned *cpus;
	size_t n;

	vc_host_cpus(ctx->host, &cpus, &n);
	r->met = (int64_t)n >= rq->n;
	set_msg(r, "%zu online CPU(s), %s %lld", n, r->met ? ">=" : "<", (long long)rq->n);
}

#define P(x) VC_P(VC_PROBE_##x)
static const struct vc_req_def reqs[] = {
	/* the verdict names who holds VT when KVM_CREATE_VM is refused, with the report's remedy */
	/* udev: a CI job whose rule for every user is written but not applied yet is told to settle
	 * it (env_ci_kvm_rule_not_settled), as the report does */
	{ "kvm", A_NONE, P(KVM) | P(ENVIRONMENT) | P(UDEV), V_UNMET, c_kvm,
	  "/dev/kvm usable by this user: opened read-write, and a VM and a vCPU created" },
	/* the environment: a CI job's --fix is a rule for every user (access_ci_udev_rule) */
	{ "kvm-rw", A_NONE, P(KVM) | P(ENVIRONMENT) | P(UDEV), V_NONE, c_kvm,
	  "/dev/kvm opens read-write for this user" },
	{ "hw-virt", A_NONE, P(CPUID) | P(PLATFORM) | P(MSR), V_NONE, c_hw_virt,
	  "VT-x/AMD-V present in the CPU and not disabled by the firmware" },
	{ "nested", A_NONE, P(KVM), V_NONE, c_nested,
	  "nested virtualization enabled in the loaded kvm_intel/kvm_amd" },
	{ "no-conflict", A_NONE, 0, V_ALWAYS, c_no_conflict,
	  "no other hypervisor (VirtualBox, VMware) holds VT-x/AMD-V or blocks KVM" },
	{ "virtualbox", A_NONE, 0, V_ALWAYS, c_virtualbox, "VirtualBox can start a VM here" },
	{ "iommu", A_NONE, P(PCI), V_NONE, c_iommu, "an IOMMU is enabled (IOMMU groups exist)" },
	{ "vfio", A_NONE, P(MODULES) | P(PCI), V_NONE, c_vfio,
	  "/dev/vfio/vfio usable and the IOMMU enabled (PCI passthrough)" },
	{ "vhost-net", A_NONE, P(MODULES), V_NONE, c_vhost, "/dev/vhost-net opens read-write for this user" },
	{ "tun", A_NONE, P(MODULES), V_NONE, c_tun, "/dev/net/tun opens read-write for this user" },
	{ "kvm-backend=", A_BACKEND, P(KVM), V_NONE, c_backend,
	  "/dev/kvm is served by kvm_intel, kvm_amd or kvm_pvm" },
	{ "api>=", A_INT, P(KVM), V_NONE, c_api, "KVM_GET_API_VERSION is at least N" },
	{ "cap=", A_CAP, P(KVM), V_NONE, c_cap, "KVM_CHECK_EXTENSION(KVM_CAP_NAME) is non-zero" },
	{ "mem>=", A_SIZE, 0, V_NONE, c_mem, "MemAvailable is at least SIZE (K, M, G, T suffixes)" },
	{ "cpus>=", A_INT, 0, V_NONE, c_cpus, "at least N CPUs online" },
};
#undef P

static int parse_size(const char *s, int64_t *ret)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -EINVAL;
	switch (*end) {
	case 'K':
	case 'k':
		shift = 10;
		end++;
		break;
	case 'M':
	case 'm':
		shift = 20;
		end++;
		break;
	case 'G':
	case 'g':
		shift = 30;
		end++;
		break;
	case 'T':
	case 't':
		shift = 40;
		end++;
		break;
	default:
		break;
	}
	if (*end == 'i' || *end == 'B')
		end += *end == 'i' ? (end[1] == 'B' ? 2 : 1) : 1;
	if (*end || v > ((unsigned long long)INT64_MAX >> shift))
		return -EINVAL;
	*ret = (int64_t)(v << shift);
	return 0;
}

void vc_req_list(FILE *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(reqs); i++)
		fprintf(f, "  %-16s %s\n",
			reqs[i].arg == A_NONE	? reqs[i].name
			: reqs[i].arg == A_INT	? (strcmp(reqs[i].name, "api>=") ? "cpus>=N" : "api>=N")
			: reqs[i].arg == A_SIZE ? "mem>=SIZE"
			: reqs[i].arg == A_CAP	? "cap=KVM_CAP_NAME"
						: "kvm-backend=NAME",
			reqs[i].doc);
}

const char *vc_req_name(size_t i)
{
	return i < ARRAY_SIZE(reqs) ? reqs[i].name : NULL;
}

int vc_req_parse(const char *s, struct vc_req *rq)
{
	memset(rq, 0, sizeof(*rq));
	for (size_t i = 0; i < ARRAY_SIZE(reqs); i++) {
		const struct vc_req_def *d = &reqs[i];
		const char *arg;

		if (d->arg == A_NONE) {
			if (strcmp(s, d->name) != 0)
				continue;
			rq->def = d;
			return 0;
		}
		if (!startswith(s, d->name))
			continue;
		arg = s + strlen(d->name);
		rq->def = d;
		if (strlen(arg) >= sizeof(rq->arg))
			return -EINVAL;
		strcpy(rq->arg, arg);
		/* a number is digits (and a size's unit): no blank, sign or control character that
		 * strtoull would skip and the label would then show */
		if ((d->arg == A_INT || d->arg == A_SIZE) &&
		    (!isdigit((unsigned char)arg[0]) || arg[strspn(arg, "0123456789KkMmGgTtiB")]))
			return -EINVAL;
		switch (d->arg) {
		case A_INT: {
			uint32_t v;

			if (parse_u32(arg, 10, &v) < 0)
				return -EINVAL;
			rq->n = v;
			return 0;
		}
		case A_SIZE:
			return parse_size(arg, &rq->n);
		case A_BACKEND:
			return strcmp(arg, "kvm_intel") != 0 && strcmp(arg, "kvm_amd") != 0 &&
					       strcmp(arg, "kvm_pvm") != 0
				       ? -EINVAL
				       : 0;
		case A_CAP:
			return vc_kvm_cap_index(arg) < 0 ? -EINVAL : 0;
		default:
			return -EINVAL;
		}
	}
	return -ENOENT;
}

const char *vc_req_label(const struct vc_req *rq, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", rq->def->name, rq->def->arg == A_NONE ? "" : rq->arg);
	return buf;
}

unsigned vc_reqs_probes(const struct vc_req *rqs, size_t n, bool *verdict)
{
	unsigned probes = 0;

	*verdict = false;
	for (size_t i = 0; i < n; i++) {
		probes |= rqs[i].def->probes;
		*verdict |= rqs[i].def->verdict != V_NONE;
	}
	return probes;
}

size_t vc_reqs_check(struct vc_ctx *ctx, const struct vc_req *rqs, size_t n, struct vc_outcome *out,
		     unsigned *fix)
{
	size_t unmet = 0;

	*fix = 0;
	for (size_t i = 0; i < n; i++) {
		out[i].rq = &rqs[i];
		memset(&out[i].r, 0, sizeof(out[i].r));
		rqs[i].def->check(ctx, &rqs[i], &out[i].r);
		if (!out[i].r.message)
			set_msg(&out[i].r, "?");
		unmet += !out[i].r.met;
		if (!out[i].r.met)
			*fix |= out[i].r.fix;
	}
	return unmet;
}

void vc_outcomes_free(struct vc_outcome *out, size_t n)
{
	for (size_t i = 0; out && i < n; i++) {
		free(out[i].r.message);
		free(out[i].r.remedy);
		vc_strv_clear(&out[i].r.evidence);
		memset(&out[i].r, 0, sizeof(out[i].r));
	}
}

/* Decided by what the modules and kvm probes fill alone (the kernel modules, /dev/kvm, this user),
 * or by no probe: the quick look needs neither CPUID, the platform nor the environment. */
static bool decided_by_kvm(const struct vc_req_def *d)
{
	return d->check == c_kvm || d->check == c_backend || d->check == c_api || d->check == c_cap ||
	       (!d->probes && d->verdict == V_NONE);
}

size_t vc_preflight(struct vc_host *h, const struct vc_req *rqs, size_t n, struct vc_ctx **ret_ctx,
		    struct vc_outcome *out, unsigned *fix)
{
	bool verdict, always = false, quick = true;
	unsigned probes = vc_reqs_probes(rqs, n, &verdict);
	uint64_t caps = 0;
	size_t unmet;

	for (size_t i = 0; i < n; i++) {
		always |= rqs[i].def->verdict == V_ALWAYS;
		quick &= decided_by_kvm(rqs[i].def);
		if (rqs[i].def->check == c_cap)
			caps |= vc_kvm_cap_bit(rqs[i].arg);
	}
	/* no outcome prints a capability: /dev/kvm is asked only those cap= names (and what decides
	 * whether KVM is usable), in the first look and in the full run after it */
	vc_host_kvm_want(h, caps);
	*ret_ctx = vc_ctx_new(h);
	if (quick || (verdict && !always)) {
		/* a first look: when every requirement is met, nothing more (the verdict and its
		 * findings, the processes scan, MSRs, VirtualBox, VMware; for KVM alone also CPUID,
		 * the platform and the environment, read to explain a failure) changes an outcome or
		 * its message; an unmet one is told from the full run */
		if (quick) {
			(*ret_ctx)->first_look = true;
			vc_run_only(*ret_ctx, probes ? VC_P(VC_PROBE_MODULES) | VC_P(VC_PROBE_KVM) : 0);
		} else
			vc_run(*ret_ctx, probes, false);
		unmet = vc_reqs_check(*ret_ctx, rqs, n, out, fix);
		if (!unmet)
			return 0;
		/* again, from a fresh context, with the verdict (the host keeps what it read of
		 * /dev/kvm: no second VM) */
		vc_outcomes_free(out, n);
		vc_ctx_free(*ret_ctx);
		*ret_ctx = vc_ctx_new(h);
	}
	vc_run(*ret_ctx, probes, verdict);
	return vc_reqs_check(*ret_ctx, rqs, n, out, fix);
}
