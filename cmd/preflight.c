/* virtcheck preflight: the CI gate for jobs that need KVM (and friends), in milliseconds. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/act/kmod.h"
#include "lib/verdict/run.h"
#include "probes/probes.h"
#include "cmd/cmd.h"

extern char **environ;

/* Exit status of preflight (man/virtcheck-preflight.1; stable). */
enum { PF_MET = 0, PF_UNMET = 1, PF_USAGE = 2 };

enum pf_format { PF_TEXT, PF_JSON, PF_JUNIT, PF_TAP, PF_GITHUB };

enum probe_bit {
	B_CPUID = 1 << 0,
	B_MODULES = 1 << 1,
	B_PLATFORM = 1 << 2,
	B_MSR = 1 << 3,
	B_KVM = 1 << 4,
	B_PROCESSES = 1 << 5,
	B_UDEV = 1 << 6,
	B_PCI = 1 << 7,
	B_ENVIRONMENT = 1 << 8,
	B_VIRTUALBOX = 1 << 9,
};
#define B_VERDICT (B_CPUID | B_MODULES | B_MSR | B_KVM | B_PROCESSES | B_ENVIRONMENT | B_VIRTUALBOX)

struct result {
	bool met;
	char *message;
	char *remedy; /* NULL: nothing to type */
	struct vc_val *evidence;
	unsigned fix; /* FIX_* the --fix mode can do */
};

enum {
	FIX_KVM_ACCESS = 1 << 0, /* udev rule for /dev/kvm (group kvm, 0660) and group membership */
	FIX_KVM_MODULE = 1 << 1, /* load kvm_intel / kvm_amd */
	FIX_MSR = 1 << 2,
	FIX_TUN = 1 << 3,
	FIX_VHOST = 1 << 4,
};

struct req;
typedef void (*check_fn)(struct vc_ctx *ctx, const struct req *rq, struct result *r);

struct req_def {
	const char *name; /* with the operator for parameterized ones: "api>=" */
	enum { A_NONE, A_INT, A_SIZE, A_BACKEND, A_CAP } arg;
	unsigned probes;
	check_fn check;
	const char *doc;
};

struct req {
	const struct req_def *def;
	char arg[64];
	int64_t n;
};

_printf_(2, 3) static void set_msg(struct result *r, const char *fmt, ...)
{
	va_list ap;

	free(r->message);
	va_start(ap, fmt);
	r->message = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Takes the message and remedy of the most severe finding whose id starts with one of prefixes. */
static bool from_finding(struct vc_ctx *ctx, struct result *r, const char *const *prefixes)
{
	const struct vc_finding *best = NULL;

	for (size_t i = 0; i < ctx->nfindings; i++)
		for (const char *const *p = prefixes; *p; p++)
			if (startswith(ctx->findings[i].id, *p) &&
			    (!best || ctx->findings[i].severity > best->severity))
				best = &ctx->findings[i];
	if (!best)
		return false;
	set_msg(r, "%s", best->message);
	free(r->remedy);
	r->remedy = NULL;
	if (best->remedies->c.n) {
		struct buf b = { 0 };

		for (size_t k = 0; k < best->remedies->c.n; k++)
			buf_printf(&b, "%s(%s%s) %s", k ? "\n" : "",
				   vc_get_str(best->remedies->c.items[k], "kind"),
				   vc_get_bool(best->remedies->c.items[k], "reboot", false)
					   ? ", needs a reboot"
					   : "",
				   vc_get_str(best->remedies->c.items[k], "steps"));
		r->remedy = b.data;
	} else if (best->remedy) {
		r->remedy = xstrdup(best->remedy);
	}
	for (size_t k = 0; k < best->evidence->c.n; k++)
		vc_arr_push(r->evidence, vc_str(best->evidence->c.items[k]->s));
	vc_arr_push(r->evidence, vc_strf("finding %s", best->id));
	return true;
}

static const char *S(const struct vc_ctx *ctx, const char *path)
{
	return vc_get_str(ctx->probes, path);
}

/* ---- the checks ---- */

static void c_kvm(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	static const char *const kvm_findings[] = { "kvm.", "environment.", "msr.vt_disabled",
						    "cpuid.vt_disabled", NULL };
	const char *open = S(ctx, "kvm.access.open"), *vm = S(ctx, "kvm.create_vm"),
		   *vcpu = S(ctx, "kvm.create_vcpu");
	bool rw_only = strcmp(rq->def->name, "kvm-rw") == 0;

	r->met = streq_ptr(open, "ok") && (rw_only || (streq_ptr(vm, "ok") && streq_ptr(vcpu, "ok")));
	vc_arr_push(r->evidence,
		    vc_strf("open(/dev/kvm, O_RDWR): %s; KVM_CREATE_VM: %s; KVM_CREATE_VCPU: %s",
			    open ? open : "not tried", vm ? vm : "not tried", vcpu ? vcpu : "not tried"));
	/* through sudo the job's user is the one who ran sudo: root's access proves KVM works,
	 * and that user's is what the requirement is about */
	if (r->met && vc_find(ctx, "kvm.invoker_no_access")) {
		static const char *const inv[] = { "kvm.invoker_no_access", NULL };

		r->met = false;
		from_finding(ctx, r, inv);
		r->fix |= FIX_KVM_ACCESS;
		return;
	}
	if (r->met) {
		set_msg(r, "/dev/kvm opened read-write by %s%s (backend %s, API %lld)",
			S(ctx, "kvm.access.user") ? S(ctx, "kvm.access.user") : "this user",
			rw_only ? "" : "; a VM and a vCPU were created",
			S(ctx, "kvm.backend") ? S(ctx, "kvm.backend") : "?",
			(long long)vc_get_int(ctx->probes, "kvm.api_version", -1));
		return;
	}
	if (!from_finding(ctx, r, kvm_findings))
		set_msg(r, "/dev/kvm is not usable (open %s, KVM_CREATE_VM %s)", open ? open : "?",
			vm ? vm : "not tried");
	if (vc_find(ctx, "kvm.no_access"))
		r->fix |= FIX_KVM_ACCESS;
	if (vc_find(ctx, "kvm.not_loaded") && vc_find(ctx, "kvm.not_loaded")->remedy)
		r->fix |= FIX_KVM_MODULE;
}

static bool fw_disabled(struct vc_ctx *ctx)
{
	return vc_find(ctx, "msr.vt_disabled_by_firmware") || vc_find(ctx, "cpuid.vt_disabled_by_firmware");
}

static void c_hw_virt(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	static const char *const fw[] = { "msr.vt_disabled_by_firmware", "cpuid.vt_disabled_by_firmware",
					  NULL };
	static const char *const novt[] = { "cpuid.vt_not_exposed", "cpuid.no_vt", "cpuid.", NULL };
	const char *vt = S(ctx, "cpuid.vt");

	(void)rq;
	vc_arr_push(r->evidence, vc_strf("CPUID: VT %s", vt ? vt : "unknown"));
	if (fw_disabled(ctx)) {
		from_finding(ctx, r, fw);
		return;
	}
	r->met = streq_ptr(vt, "vmx") || streq_ptr(vt, "svm");
	if (r->met) {
		bool msr = vc_get_bool(ctx->probes, "msr.available", false);

		set_msg(r, "%s is present%s", streq_ptr(vt, "vmx") ? "VT-x" : "AMD-V",
			msr ? " and the firmware lock allows it"
			    : " (firmware lock not read: no MSR access; the kernel shows the flag, so it is "
			      "enabled)");
		if (!msr && !vc_get_bool(ctx->probes, "cpuid.vt_cleared_by_kernel", false))
			r->fix |= vc_find(ctx, "msr.unavailable") && vc_find(ctx, "msr.unavailable")->remedy
					  ? FIX_MSR
					  : 0;
		return;
	}
	if (!from_finding(ctx, r, novt))
		set_msg(r, "The CPU shows no VT-x/AMD-V");
}

static void c_nested(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	const char *backend = S(ctx, "kvm.backend");
	char path[96];
	const char *v;

	(void)rq;
	if (!streq_ptr(backend, "kvm_intel") && !streq_ptr(backend, "kvm_amd")) {
		set_msg(r, "Nested virtualization needs kvm_intel or kvm_amd; /dev/kvm is served by %s",
			backend ? backend : "nothing");
		return;
	}
	snprintf(path, sizeof(path), "modules.modules.%s.parameters.nested", backend);
	v = S(ctx, path);
	vc_arr_push(r->evidence, vc_strf("/sys/module/%s/parameters/nested: %s", backend, v ? v : "absent"));
	r->met = v && (!strcmp(v, "Y") || !strcmp(v, "1"));
	if (r->met) {
		set_msg(r, "%s has nested=%s", backend, v);
		return;
	}
	set_msg(r, "%s runs with nested=%s: guests cannot run their own KVM VMs", backend, v ? v : "?");
	r->remedy =
		streq_ptr(S(ctx, "modules.modules.kvm.state"), "builtin")
			? xasprintf("add %s.nested=1 to the kernel command line and reboot", backend)
			: xasprintf("echo 'options %s nested=1' | sudo tee /etc/modprobe.d/kvm-nested.conf "
				    "&& sudo modprobe -r %s && sudo modprobe %s   (when no VM runs)",
				    backend, backend, backend);
}

static void c_no_conflict(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	static const char *const pre[] = { "conflict.", "kvm.create_vm_busy", NULL };
	const char *owner = vc_get_str(ctx->owner, "hypervisor");

	(void)rq;
	vc_arr_push(r->evidence,
		    vc_strf("owner: %s (%s)", owner,
			    vc_get_str(ctx->owner, "rule") ? vc_get_str(ctx->owner, "rule") : "no rule"));
	r->met = ctx->conflicts->c.n == 0 && !streq_ptr(owner, "virtualbox") && !streq_ptr(owner, "vmware") &&
		 !vc_find(ctx, "kvm.create_vm_busy");
	if (r->met) {
		set_msg(r, "%s", vc_get_str(ctx->owner, "headline"));
		return;
	}
	if (!from_finding(ctx, r, pre))
		set_msg(r, "%s", vc_get_str(ctx->owner, "headline"));
}

static void c_virtualbox(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	static const char *const pre[] = {
		"virtualbox.unsigned_driver", "virtualbox.driver", "msr.vt_disabled",
		"cpuid.vt_disabled",	      "environment.",	   NULL
	};
	bool installed = vc_get_bool(ctx->probes, "virtualbox.installed", false);
	bool driver = vc_get_bool(ctx->probes, "virtualbox.driver_loaded", false) ||
		      vc_get_bool(ctx->probes, "virtualbox.kvm_backend", false);
	const char *vt = S(ctx, "cpuid.vt");

	(void)rq;
	if (!installed) {
		set_msg(r, "VirtualBox is not installed");
		return;
	}
	for (size_t i = 0; i < ctx->conflicts->c.n; i++)
		if (streq_ptr(vc_get_str(ctx->conflicts->c.items[i], "blocked"), "virtualbox")) {
			static const char *const c[] = { "conflict.", NULL };

			from_finding(ctx, r, c);
			return;
		}
	r->met = driver && (streq_ptr(vt, "vmx") || streq_ptr(vt, "svm")) && !fw_disabled(ctx) &&
		 !streq_ptr(vc_get_str(ctx->owner, "hypervisor"), "vmware");
	if (r->met)
		set_msg(r, "VirtualBox %s can start a VM: its driver is loaded and nothing blocks %s",
			S(ctx, "virtualbox.version") ? S(ctx, "virtualbox.version") : "",
			streq_ptr(vt, "vmx") ? "VT-x" : "AMD-V");
	else if (!from_finding(ctx, r, pre))
		set_msg(r, "VirtualBox cannot start VMs here (driver %s, VT %s)",
			driver ? "loaded" : "not loaded", vt ? vt : "?");
}

static void c_iommu(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	static const char *const pre[] = { "pci.iommu_disabled", NULL };

	(void)rq;
	r->met = vc_get_bool(ctx->probes, "pci.iommu.enabled", false);
	vc_arr_push(r->evidence,
		    vc_strf("IOMMU groups: %lld", (long long)vc_get_int(ctx->probes, "pci.iommu.groups", 0)));
	if (r->met)
		set_msg(r, "The IOMMU is enabled (%lld groups)",
			(long long)vc_get_int(ctx->probes, "pci.iommu.groups", 0));
	else if (!from_finding(ctx, r, pre))
		set_msg(r, "No IOMMU is enabled (no IOMMU groups): the firmware has none, or it is off");
}

/* A device node this user must be able to open read-write. */
static void device_rw(struct vc_ctx *ctx, struct result *r, const char *path, const char *module,
		      unsigned fix)
{
	const struct vc_identity *id;
	struct vc_devnode node;
	int e = vc_host_devnode(ctx->host, path, &node);
	enum vc_access a;
	char ebuf[16];

	if (e < 0) {
		set_msg(r, "%s %s", path,
			e == -ENOENT	? "does not exist"
			: e == -ENODATA ? "is not in this capture"
					: errno_name(-e, ebuf));
		if (e == -ENOENT && module && !vc_get_bool(ctx->probes, "modules.proc_modules", true)) {
			r->remedy = xasprintf("This kernel cannot load modules (no /proc/modules): use a "
					      "kernel with %s built in",
					      module);
		} else if (e == -ENOENT && module) {
			r->remedy = xasprintf("sudo modprobe %s", module);
			r->fix |= fix;
		}
		return;
	}
	vc_arr_push(r->evidence, vc_strf("%s: %c %u:%u mode %04o uid %u group %s", path, node.type,
					 node.major, node.minor, node.mode, node.uid, node.group));
	if (vc_host_identity(ctx->host, &id) < 0) {
		set_msg(r, "%s exists; whose access to check is not known (no identity in this capture)",
			path);
		return;
	}
	a = vc_node_access(&node, id);
	r->met = vc_access_granted(a);
	if (r->met)
		set_msg(r, "%s can be opened read-write by %s", path, id->user[0] ? id->user : "this user");
	else if (a == VC_DENIED_NOT_IN_GROUP) {
		set_msg(r, "%s (mode %04o, group %s): %s is not in group %s", path, node.mode, node.group,
			id->user, node.group);
		r->remedy = xasprintf("sudo usermod -aG %s %s   # then log out and back in", node.group,
				      id->user[0] ? id->user : "$USER");
	} else {
		set_msg(r, "%s is mode %04o uid %u group %s: %s may not open it read-write", path, node.mode,
			node.uid, node.group, id->user[0] ? id->user : "this user");
	}
}

static void c_vfio(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	(void)rq;
	if (!vc_get_bool(ctx->probes, "pci.iommu.enabled", false)) {
		c_iommu(ctx, rq, r);
		return;
	}
	device_rw(ctx, r, "/dev/vfio/vfio", "vfio_pci", 0);
	if (r->met)
		set_msg(r, "/dev/vfio/vfio is usable, the IOMMU is enabled, %zu device(s) bound to vfio-pci",
			vc_get(ctx->probes, "pci.vfio_pci") ? vc_get(ctx->probes, "pci.vfio_pci")->c.n : 0);
}

static void c_vhost(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	(void)rq;
	device_rw(ctx, r, "/dev/vhost-net", "vhost_net", FIX_VHOST);
}

static void c_tun(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	(void)rq;
	device_rw(ctx, r, "/dev/net/tun", "tun", FIX_TUN);
}

static void c_backend(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	const char *b = S(ctx, "kvm.backend");

	r->met = streq_ptr(b, rq->arg);
	set_msg(r, "/dev/kvm is served by %s%s%s", b ? b : "nothing", r->met ? "" : ", not ",
		r->met ? "" : rq->arg);
}

static void c_api(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	int64_t api = vc_get_int(ctx->probes, "kvm.api_version", -1);

	r->met = api >= rq->n;
	if (api < 0)
		set_msg(r, "The KVM API version is not known: /dev/kvm could not be opened (%s)",
			S(ctx, "kvm.access.open") ? S(ctx, "kvm.access.open") : "?");
	else
		set_msg(r, "KVM API version %lld%s%lld", (long long)api, r->met ? " >= " : " < ",
			(long long)rq->n);
}

static void c_cap(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	char path[128];
	int64_t v;

	snprintf(path, sizeof(path), "kvm.capabilities.%s", rq->arg);
	v = vc_has(ctx->probes, path) ? vc_get_int(ctx->probes, path, -1) : -1;
	r->met = v > 0;
	if (v < 0)
		set_msg(r, "%s: not known (/dev/kvm could not be asked)", rq->arg);
	else
		set_msg(r, "KVM_CHECK_EXTENSION(%s) = %lld", rq->arg, (long long)v);
}

static void c_mem(struct vc_ctx *ctx, const struct req *rq, struct result *r)
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

static void c_cpus(struct vc_ctx *ctx, const struct req *rq, struct result *r)
{
	const unsigned *cpus;
	size_t n;

	vc_host_cpus(ctx->host, &cpus, &n);
	r->met = (int64_t)n >= rq->n;
	set_msg(r, "%zu online CPU(s), %s %lld", n, r->met ? ">=" : "<", (long long)rq->n);
}

static const struct req_def reqs[] = {
	{ "kvm", A_NONE, B_CPUID | B_MODULES | B_KVM | B_ENVIRONMENT, c_kvm,
	  "/dev/kvm usable by this user: opened read-write, and a VM and a vCPU created" },
	{ "kvm-rw", A_NONE, B_MODULES | B_KVM, c_kvm, "/dev/kvm opens read-write for this user" },
	{ "hw-virt", A_NONE, B_CPUID | B_PLATFORM | B_MSR, c_hw_virt,
	  "VT-x/AMD-V present in the CPU and not disabled by the firmware" },
	{ "nested", A_NONE, B_MODULES | B_KVM, c_nested,
	  "nested virtualization enabled in the loaded kvm_intel/kvm_amd" },
	{ "no-conflict", A_NONE, B_VERDICT, c_no_conflict,
	  "no other hypervisor (VirtualBox, VMware) holds VT-x/AMD-V or blocks KVM" },
	{ "virtualbox", A_NONE, B_VERDICT | B_PLATFORM, c_virtualbox, "VirtualBox can start a VM here" },
	{ "iommu", A_NONE, B_CPUID | B_PCI, c_iommu, "an IOMMU is enabled (IOMMU groups exist)" },
	{ "vfio", A_NONE, B_CPUID | B_MODULES | B_PCI, c_vfio,
	  "/dev/vfio/vfio usable and the IOMMU enabled (PCI passthrough)" },
	{ "vhost-net", A_NONE, B_MODULES, c_vhost, "/dev/vhost-net opens read-write for this user" },
	{ "tun", A_NONE, B_MODULES, c_tun, "/dev/net/tun opens read-write for this user" },
	{ "kvm-backend=", A_BACKEND, B_MODULES | B_KVM, c_backend,
	  "/dev/kvm is served by kvm_intel, kvm_amd or kvm_pvm" },
	{ "api>=", A_INT, B_MODULES | B_KVM, c_api, "KVM_GET_API_VERSION is at least N" },
	{ "cap=", A_CAP, B_MODULES | B_KVM, c_cap, "KVM_CHECK_EXTENSION(KVM_CAP_NAME) is non-zero" },
	{ "mem>=", A_SIZE, 0, c_mem, "MemAvailable is at least SIZE (K, M, G, T suffixes)" },
	{ "cpus>=", A_INT, 0, c_cpus, "at least N CPUs online" },
};

static int parse_size(const char *s, int64_t *ret)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
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

static void list_requirements(FILE *f)
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

static int parse_req(const char *s, struct req *rq)
{
	for (size_t i = 0; i < ARRAY_SIZE(reqs); i++) {
		const struct req_def *d = &reqs[i];
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

/* ---- output ---- */

struct outcome {
	const struct req *rq;
	struct result r;
};

static void xml_escape(FILE *f, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			/* XML 1.0 allows no control characters but tab, newline and return */
			if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
				fputc('?', f);
			else
				fputc(*s, f);
		}
}

/* GitHub workflow command data: %, CR and LF are escaped. */
static void gh_escape(FILE *f, const char *s, bool property)
{
	for (; s && *s; s++)
		switch (*s) {
		case '%':
			fputs("%25", f);
			break;
		case '\r':
			fputs("%0D", f);
			break;
		case '\n':
			fputs("%0A", f);
			break;
		case ':':
			property ? fputs("%3A", f) : fputc(':', f);
			break;
		case ',':
			property ? fputs("%2C", f) : fputc(',', f);
			break;
		default:
			fputc(*s, f);
		}
}

static const char *req_label(const struct req *rq, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", rq->def->name, rq->def->arg == A_NONE ? "" : rq->arg);
	return buf;
}

static void out_text(FILE *f, const struct outcome *o, size_t n, size_t unmet, bool color)
{
	const char *red = color ? "\033[31m" : "", *green = color ? "\033[32m" : "",
		   *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";

	for (size_t i = 0; i < n; i++) {
		char l[96];

		fprintf(f, "%s%s%s %s%s%s: %s\n", o[i].r.met ? green : red, o[i].r.met ? "met  " : "UNMET",
			reset, bold, req_label(o[i].rq, l, sizeof(l)), reset, o[i].r.message);
		if (!o[i].r.met && o[i].r.remedy) {
			char *copy = xstrdup(o[i].r.remedy), *cur = copy, *line;

			while ((line = next_line(&cur)))
				fprintf(f, "       fix: %s\n", line);
			free(copy);
		}
	}
	fprintf(f, "preflight: %zu of %zu requirements met\n", n - unmet, n);
}

static void out_json(FILE *f, const struct outcome *o, size_t n, size_t unmet, const struct vc_ctx *ctx)
{
	struct vc_val *root = vc_obj(), *arr;

	vc_obj_set(root, "schema", vc_str("virtcheck.preflight/1"));
	vc_obj_set(root, "version", vc_str(VC_VERSION));
	vc_obj_set(
		root, "kernel",
		vc_str(vc_get_str(ctx->host_facts, "kernel") ? vc_get_str(ctx->host_facts, "kernel") : "?"));
	vc_obj_set(root, "sysroot",
		   vc_get_str(ctx->host_facts, "sysroot") ? vc_str(vc_get_str(ctx->host_facts, "sysroot"))
							  : vc_null());
	arr = vc_obj_set(root, "requirements", vc_arr());
	for (size_t i = 0; i < n; i++) {
		struct vc_val *x = vc_arr_push(arr, vc_obj()), *ev;
		char l[96];

		vc_obj_set(x, "id", vc_str(req_label(o[i].rq, l, sizeof(l))));
		vc_obj_set(x, "met", vc_bool(o[i].r.met));
		vc_obj_set(x, "message", vc_str(o[i].r.message));
		vc_obj_set(x, "remedy", o[i].r.remedy && !o[i].r.met ? vc_str(o[i].r.remedy) : vc_null());
		ev = vc_obj_set(x, "evidence", vc_arr());
		for (size_t k = 0; k < o[i].r.evidence->c.n; k++)
			vc_arr_push(ev, vc_str(o[i].r.evidence->c.items[k]->s));
	}
	vc_obj_set(root, "met", vc_bool(unmet == 0));
	vc_obj_set(root, "unmet", vc_int((int64_t)unmet));
	vc_json_write(f, root, 0);
	fputc('\n', f);
	vc_val_free(root);
}

static void out_junit(FILE *f, const struct outcome *o, size_t n, size_t unmet, double secs)
{
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"virtcheck preflight\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
		"time=\"%.3f\">\n"
		"  <testsuite name=\"virtcheck.preflight\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
		"skipped=\"0\" time=\"%.3f\">\n",
		n, unmet, secs, n, unmet, secs);
	for (size_t i = 0; i < n; i++) {
		char l[96];

		fputs("    <testcase classname=\"virtcheck.preflight\" name=\"", f);
		xml_escape(f, req_label(o[i].rq, l, sizeof(l)));
		fputs("\" time=\"0\"", f);
		if (o[i].r.met) {
			fputs(">\n      <system-out>", f);
			xml_escape(f, o[i].r.message);
			fputs("</system-out>\n    </testcase>\n", f);
			continue;
		}
		fputs(">\n      <failure message=\"", f);
		xml_escape(f, o[i].r.message);
		fputs("\" type=\"unmet\">", f);
		xml_escape(f, o[i].r.message);
		if (o[i].r.remedy) {
			fputs("\nfix: ", f);
			xml_escape(f, o[i].r.remedy);
		}
		for (size_t k = 0; k < o[i].r.evidence->c.n; k++) {
			fputs("\nevidence: ", f);
			xml_escape(f, o[i].r.evidence->c.items[k]->s);
		}
		fputs("</failure>\n    </testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
}

/* A YAML block scalar line for TAP 13 diagnostics. */
static void tap_yaml(FILE *f, const char *key, const char *value)
{
	char *copy = xstrdup(value), *cur = copy, *line;

	fprintf(f, "  %s: |\n", key);
	while ((line = next_line(&cur)))
		fprintf(f, "    %s\n", line);
	free(copy);
}

static void out_tap(FILE *f, const struct outcome *o, size_t n)
{
	fprintf(f, "TAP version 13\n1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		char l[96];

		/* '#' starts a TAP directive: keep it out of the description */
		fprintf(f, "%s %zu - %s\n", o[i].r.met ? "ok" : "not ok", i + 1,
			req_label(o[i].rq, l, sizeof(l)));
		fputs("  ---\n", f);
		tap_yaml(f, "message", o[i].r.message);
		if (!o[i].r.met && o[i].r.remedy)
			tap_yaml(f, "fix", o[i].r.remedy);
		fputs("  ...\n", f);
	}
}

static void out_github(FILE *f, const struct outcome *o, size_t n, size_t unmet)
{
	const char *summary = secure_getenv("GITHUB_STEP_SUMMARY");

	for (size_t i = 0; i < n; i++) {
		char l[96];

		fputs(o[i].r.met ? "::notice title=" : "::error title=", f);
		gh_escape(f, "virtcheck preflight: ", true);
		gh_escape(f, req_label(o[i].rq, l, sizeof(l)), true);
		gh_escape(f, o[i].r.met ? " met" : " unmet", true);
		fputs("::", f);
		gh_escape(f, o[i].r.message, false);
		if (!o[i].r.met && o[i].r.remedy) {
			gh_escape(f, "\nfix: ", false);
			gh_escape(f, o[i].r.remedy, false);
		}
		fputc('\n', f);
	}
	if (summary && *summary) {
		/* appended, as GitHub expects: several steps share the file */
		int fd = open(summary, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
		FILE *s = fd >= 0 ? fdopen(fd, "a") : NULL;

		if (!s) {
			if (fd >= 0)
				close(fd);
			fprintf(stderr, "virtcheck preflight: GITHUB_STEP_SUMMARY %s: %s\n", summary,
				strerror(errno));
			return;
		}
		fprintf(s,
			"### virtcheck preflight: %zu of %zu requirements met\n\n| requirement | result | "
			"details |\n|---|---|---|\n",
			n - unmet, n);
		for (size_t i = 0; i < n; i++) {
			char l[96];

			fprintf(s, "| `%s` | %s | ", req_label(o[i].rq, l, sizeof(l)),
				o[i].r.met ? "met" : "**unmet**");
			for (const char *c = o[i].r.message; *c; c++)
				fputs(*c == '|' ? "\\|" : *c == '\n' ? " " : (char[2]){ *c, 0 }, s);
			if (!o[i].r.met && o[i].r.remedy) {
				fputs("<br>fix: `", s);
				for (const char *c = o[i].r.remedy; *c; c++)
					fputs(*c == '|'	   ? "\\|"
					      : *c == '`'  ? "'"
					      : *c == '\n' ? "` `"
							   : (char[2]){ *c, 0 },
					      s);
				fputc('`', s);
			}
			fputs(" |\n", s);
		}
		fputc('\n', s);
		fclose(s);
	}
}

/* ---- --fix ---- */

/* where --fix reports: standard output, or standard error when that carries JSON/XML/TAP */
static FILE *fixout;

#define KVM_RULE_FILE "/etc/udev/rules.d/65-kvm.rules"
#define KVM_RULE      "KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0660\", OPTIONS+=\"static_node=kvm\"\n"

static int spawn_wait(const char *const argv[])
{
	pid_t pid;
	int st, r;

	/* a fixed program with fixed arguments: no shell, no PATH search */
	r = posix_spawn(&pid, argv[0], NULL, NULL, (char *const *)argv, environ);
	if (r)
		return -r;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return neg_errno();
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EIO;
}

static const char *sbin(const char *name, char *buf, size_t len)
{
	static const char *const dirs[] = { "/usr/sbin", "/sbin" };

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(buf, len, "%s/%s", dirs[i], name);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

static bool group_exists(const char *name)
{
	_cleanup_(fclosep) FILE *f = fopen("/etc/group", "re");
	char line[1024];
	size_t n = strlen(name);

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':')
			return true;
	return false;
}

/* The /dev/kvm permission fix: the kvm group; a udev rule (group kvm, 0660) applied by a change
 * event, or where no udev runs (containers, minimal VMs) the node itself; the user in the group. */
static void fix_kvm_access(const struct vc_identity *who, bool doit)
{
	bool udev = access("/run/udev/control", F_OK) == 0;
	char prog[64];
	int r;

	fprintf(fixout, "  groupadd -r kvm   (when the group is missing)\n");
	if (udev) {
		fprintf(fixout, "  write %s: %s", KVM_RULE_FILE, KVM_RULE);
		fprintf(fixout,
			"  echo change > /sys/class/misc/kvm/uevent   (udev applies the rule to /dev/kvm)\n");
	} else {
		fprintf(fixout, "  chgrp kvm /dev/kvm && chmod 0660 /dev/kvm   (no udev runs here: until the "
				"node is made again)\n");
	}
	if (who)
		fprintf(fixout, "  usermod -aG kvm %s   (effective at the next login)\n", who->user);
	if (!doit)
		return;
	if (!group_exists("kvm")) {
		const char *gadd = sbin("groupadd", prog, sizeof(prog));
		const char *argv[] = { gadd, "-r", "kvm", NULL };

		r = gadd ? spawn_wait(argv) : -ENOENT;
		fprintf(fixout, "  -> groupadd -r kvm: %s\n", r ? strerror(-r) : "done");
	}
	if (udev) {
		r = vc_write_file_atomic(KVM_RULE_FILE, KVM_RULE, strlen(KVM_RULE), 0644, true);
		fprintf(fixout, "  -> %s: %s\n", KVM_RULE_FILE,
			r ? strerror(-r) : "written (a previous file is kept as .bak)");
		int fd = open("/sys/class/misc/kvm/uevent", O_WRONLY | O_CLOEXEC);
		r = fd < 0 || write(fd, "change", 6) != 6 ? neg_errno() : 0;
		if (fd >= 0)
			close(fd);
		fprintf(fixout, "  -> udev change event for kvm: %s\n", r ? strerror(-r) : "sent");
		/* udev works asynchronously: give it a moment before the re-check */
		for (int i = 0; i < 20; i++) {
			struct stat st;

			if (stat("/dev/kvm", &st) == 0 && (st.st_mode & 0060) == 0060)
				break;
			nanosleep(&(struct timespec){ 0, 50L * 1000 * 1000 }, NULL);
		}
	} else {
		struct group *g = getgrnam("kvm");
		struct stat st;

		/* the node must still be the KVM device: never chmod something else */
		r = !g							     ? -ENOENT
		    : stat("/dev/kvm", &st) < 0				     ? neg_errno()
		    : !S_ISCHR(st.st_mode) || st.st_rdev != makedev(10, 232) ? -ENOTTY
									     : 0;
		if (r == 0 && (chown("/dev/kvm", (uid_t)-1, g->gr_gid) < 0 || chmod("/dev/kvm", 0660) < 0))
			r = neg_errno();
		fprintf(fixout, "  -> /dev/kvm group kvm mode 0660: %s\n", r ? strerror(-r) : "done");
	}
	if (who) {
		const char *umod = sbin("usermod", prog, sizeof(prog));
		const char *argv[] = { umod, "-aG", "kvm", who->user, NULL };

		r = umod ? spawn_wait(argv) : -ENOENT;
		fprintf(fixout, "  -> usermod -aG kvm %s: %s\n", who->user,
			r ? strerror(-r) : "done (log out and back in)");
	}
}

static void fix_module(const char *name, bool doit)
{
	fprintf(fixout, "  modprobe %s\n", name);
	if (doit) {
		int r = vc_load_module(name);

		fprintf(fixout, "  -> %s\n", r ? strerror(-r) : "loaded");
	}
}

/* Returns true when something was done (a re-check is due). */
static bool run_fixes(unsigned fix, struct vc_ctx *ctx, bool doit)
{
	const struct vc_identity *inv = NULL, *id = NULL;
	const char *vt = vc_get_str(ctx->probes, "cpuid.vt");

	if (!fix)
		return false;
	fprintf(fixout, "%s:\n", doit ? "fixing" : "--fix would do (add --yes, as root, to do it)");
	if (fix & FIX_KVM_ACCESS) {
		/* the user to add: the one behind sudo, or this user when not root */
		if (vc_host_invoker(ctx->host, &inv) < 0)
			inv = NULL;
		if (!inv && vc_host_identity(ctx->host, &id) == 0 && id->euid != 0)
			inv = id;
		fix_kvm_access(inv, doit);
	}
	if (fix & FIX_KVM_MODULE) {
		/* module names come from this table, never from input */
		if (streq_ptr(vt, "vmx"))
			fix_module("kvm_intel", doit);
		else if (streq_ptr(vt, "svm"))
			fix_module("kvm_amd", doit);
	}
	if (fix & FIX_MSR)
		fix_module("msr", doit);
	if (fix & FIX_TUN)
		fix_module("tun", doit);
	if (fix & FIX_VHOST)
		fix_module("vhost_net", doit);
	return doit;
}

/* ---- main ---- */

static int evaluate(struct vc_opts *o, const struct req *rqs, size_t n, struct vc_host **h,
		    struct vc_ctx **ctx, struct outcome *out, size_t *unmet, unsigned *fix)
{
	const struct vc_probe *sel[16];
	unsigned need = 0;
	size_t ns = 0;
	int r;

	for (size_t i = 0; i < n; i++)
		need |= rqs[i].def->probes;
	for (size_t i = 0; i < vc_nprobes && i < 16; i++)
		if (need & (1u << i))
			sel[ns++] = vc_probes[i];
	r = o->sysroot ? vc_host_new_sysroot(o->sysroot, h) : vc_host_new_live(h);
	if (r < 0) {
		fprintf(stderr, "virtcheck preflight: --sysroot %s: %s\n", o->sysroot, strerror(-r));
		return r;
	}
	*ctx = vc_ctx_new(*h);
	r = vc_report_run(*ctx, sel, ns);
	if (r < 0)
		return r;
	*unmet = 0;
	*fix = 0;
	for (size_t i = 0; i < n; i++) {
		out[i].rq = &rqs[i];
		memset(&out[i].r, 0, sizeof(out[i].r));
		out[i].r.evidence = vc_arr();
		rqs[i].def->check(*ctx, &rqs[i], &out[i].r);
		if (!out[i].r.message)
			set_msg(&out[i].r, "?");
		*unmet += !out[i].r.met;
		if (!out[i].r.met)
			*fix |= out[i].r.fix;
	}
	return 0;
}

static void release(struct vc_host *h, struct vc_ctx *ctx, struct outcome *out, size_t n)
{
	for (size_t i = 0; out && i < n; i++) {
		free(out[i].r.message);
		free(out[i].r.remedy);
		vc_val_free(out[i].r.evidence);
		memset(&out[i].r, 0, sizeof(out[i].r));
	}
	vc_ctx_free(ctx);
	vc_host_free(h);
}

static void usage(FILE *f)
{
	fputs("Usage: virtcheck preflight [--require REQ[,REQ...]] [--format text|json|junit|tap|github]\n"
	      "                           [--output FILE] [--fix [--yes]] [--quiet] [--sysroot DIR]\n\n"
	      "Checks what a CI job needs before it starts. Default: --require kvm,no-conflict.\n"
	      "Exit status: 0 all met, 1 some unmet, 2 usage error.\n\nRequirements:\n",
	      f);
	list_requirements(f);
}

static int preflight_main(int argc, char **argv, struct vc_opts *o)
{
	struct req rqs[32];
	size_t n = 0;
	enum pf_format fmt = PF_TEXT;
	const char *output = NULL;
	bool fix = false, yes = false, quiet = false;
	struct outcome out[32];
	struct vc_host *h = NULL;
	struct vc_ctx *ctx = NULL;
	size_t unmet = 0;
	unsigned fixable = 0;
	struct timespec t0, t1;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* preflight's own options come after the word; the global ones before it or after */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;

		if (startswith(a, "--require") || startswith(a, "--output")) {
			const char *eq = strchr(a, '=');

			if (eq)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else {
				fprintf(stderr, "virtcheck preflight: %s needs a value\n", a);
				return PF_USAGE;
			}
			if (startswith(a, "--output")) {
				output = val;
				continue;
			}
			char *copy = xstrdup(val), *save = NULL;
			for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				int r;

				if (n == ARRAY_SIZE(rqs)) {
					fprintf(stderr, "virtcheck preflight: too many requirements\n");
					free(copy);
					return PF_USAGE;
				}
				memset(&rqs[n], 0, sizeof(rqs[n]));
				r = parse_req(strstrip(t), &rqs[n]);
				if (r < 0) {
					fprintf(stderr,
						"virtcheck preflight: %s requirement '%s'. Valid ones:\n",
						r == -ENOENT ? "unknown" : "malformed", t);
					list_requirements(stderr);
					free(copy);
					return PF_USAGE;
				}
				n++;
			}
			free(copy);
		} else if (!strcmp(a, "--fix")) {
			fix = true;
		} else if (!strcmp(a, "--yes") || !strcmp(a, "-y")) {
			yes = true;
		} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			quiet = true;
		} else if (!strcmp(a, "--format") || startswith(a, "--format=") || !strcmp(a, "-f")) {
			const char *v = strchr(a, '=') ? strchr(a, '=') + 1 : i + 1 < argc ? argv[++i] : "";
			static const char *const names[] = { "text", "json", "junit", "tap", "github" };
			size_t k;

			for (k = 0; k < ARRAY_SIZE(names) && strcmp(v, names[k]) != 0; k++)
				;
			if (k == ARRAY_SIZE(names)) {
				fprintf(stderr,
					"virtcheck preflight: unknown format '%s' (text, json, junit, tap, "
					"github)\n",
					v);
				return PF_USAGE;
			}
			fmt = (enum pf_format)k;
		} else if ((!strcmp(a, "--sysroot") || !strcmp(a, "-s")) && i + 1 < argc) {
			o->sysroot = argv[++i];
		} else if (startswith(a, "--sysroot=")) {
			o->sysroot = a + 10;
		} else if (!strcmp(a, "--color") && i + 1 < argc) {
			const char *v = argv[++i];

			o->color = !strcmp(v, "always") ? 1 : !strcmp(v, "never") ? 0 : -1;
		} else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
			o->verbose = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return PF_MET;
		} else {
			fprintf(stderr, "virtcheck preflight: unexpected argument '%s'\n\n", a);
			usage(stderr);
			return PF_USAGE;
		}
	}
	if (!n) {
		parse_req("kvm", &rqs[n++]);
		parse_req("no-conflict", &rqs[n++]);
	}
	if (fix && yes && (o->sysroot || geteuid() != 0)) {
		fprintf(stderr, "virtcheck preflight: --fix --yes changes this machine: it needs root and no "
				"--sysroot\n");
		return PF_USAGE;
	}

	if (evaluate(o, rqs, n, &h, &ctx, out, &unmet, &fixable) < 0) {
		release(h, ctx, NULL, 0);
		return PF_USAGE;
	}
	fixout = fmt == PF_TEXT && !output ? stdout : stderr;
	if (fix && unmet && run_fixes(fixable, ctx, yes)) {
		/* re-check on a fresh look at the machine */
		release(h, ctx, out, n);
		h = NULL;
		ctx = NULL;
		fprintf(fixout, "re-checking:\n");
		if (evaluate(o, rqs, n, &h, &ctx, out, &unmet, &fixable) < 0) {
			release(h, ctx, out, n);
			return PF_USAGE;
		}
	} else if (fix && unmet && !fixable) {
		fprintf(fixout, "--fix: nothing here can be fixed without stopping VMs or changing firmware; "
				"see the remedies.\n");
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	FILE *f = stdout;
	_cleanup_(freep) char *mem = NULL;
	size_t memlen = 0;
	if (output) {
		f = open_memstream(&mem, &memlen);
		if (!f) {
			release(h, ctx, out, n);
			return PF_USAGE;
		}
	}
	if (!(quiet && !unmet)) {
		double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

		switch (fmt) {
		case PF_TEXT:
			out_text(f, out, n, unmet, !output && vc_use_color(o, STDOUT_FILENO));
			break;
		case PF_JSON:
			out_json(f, out, n, unmet, ctx);
			break;
		case PF_JUNIT:
			out_junit(f, out, n, unmet, secs);
			break;
		case PF_TAP:
			out_tap(f, out, n);
			break;
		case PF_GITHUB:
			out_github(f, out, n, unmet);
			break;
		}
	}
	ret = unmet ? PF_UNMET : PF_MET;
	if (output) {
		int r;

		fclose(f);
		r = vc_write_file_atomic(output, mem ? mem : "", memlen, 0644, false);
		if (r < 0) {
			fprintf(stderr, "virtcheck preflight: --output %s: %s\n", output, strerror(-r));
			ret = PF_USAGE;
		}
	} else if (fflush(stdout) != 0) {
		ret = PF_USAGE;
	}
	release(h, ctx, out, n);
	return ret;
}

const struct vc_cmd cmd_preflight = {
	.name = "preflight",
	.run = preflight_main,
	.help = "CI gate: check that KVM (and what else a job needs) works here",
};
