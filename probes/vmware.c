/* VMware probe: Workstation/Player installed, its version, and whether vmmon and vmnet are built for
 * this kernel, signed, loaded and built from sources that match it. The verdict's knowledge rows say
 * what follows (lib/verdict/knowledge.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probes.h"

#define CONFIG_MAX (64u << 10)
/* VMware's vmmon.tar is about 1 MiB; a larger file is not VMware's */
#define TAR_MAX (8u << 20)

static const char *const install_marks[] = { "/usr/lib/vmware", "/etc/vmware/config", "/usr/bin/vmware",
					     "/usr/bin/vmplayer" };
/* where vmware-modconfig, the host-modules Makefiles and DKMS install them */
static const char *const ko_dirs[] = { "misc", "extra", "updates", "updates/dkms", "kernel/misc" };
static const char *const ko_suffixes[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
/* what loads vmmon and vmnet at boot: VMware's init script (Fedora keeps it in rc.d) or a unit */
static const char *const services[] = { "/etc/init.d/vmware", "/etc/rc.d/init.d/vmware",
					"/usr/lib/systemd/system/vmware.service",
					"/etc/systemd/system/vmware.service" };

/* /etc/vmware/config: `key = "value"` lines; the product and its version. */
static void read_config(struct vc_ctx *ctx, struct vc_vmware_facts *vf)
{
	/* the most specific key first */
	static const char *const version_keys[] = { "product.version", "workstation.product.version",
						    "player.product.version" };
	_cleanup_(freep) char *text = NULL;
	char *cur, *line;
	size_t best = ARRAY_SIZE(version_keys);

	if (vc_ctx_read(ctx, "/etc/vmware/config", CONFIG_MAX, &text, NULL) < 0)
		return;
	vf->installed = true;
	cur = text;
	while ((line = next_line(&cur))) {
		char *eq = strchr(line, '='), *key = line, *v;
		unsigned a, b, c;

		if (!eq)
			continue;
		*eq = '\0';
		key[strcspn(key, " \t")] = '\0';
		v = eq + 1 + strspn(eq + 1, " \t\"");
		v[strcspn(v, "\"")] = '\0';
		if (!strcmp(key, "product.name") && !vf->product && *v)
			vf->product = xstrndup(v, 64);
		for (size_t i = 0; i < best; i++) {
			if (strcmp(key, version_keys[i]) != 0)
				continue;
			if (sscanf(v, "%u.%u.%u", &a, &b, &c) != 3 || a > 99 || b > 99 || c > 999)
				break;
			free(vf->version);
			vf->version = xasprintf("%u.%u.%u", a, b, c);
			vf->version_source = version_keys[i];
			best = i;
			break;
		}
	}
}

/* "#define VMMON_VERSION           (417 << 16 | 0)" in vmmon-only/include/iocontrols.h, inside the
 * tar vmware-modconfig builds from: the version the built module reports. */
static void source_version(struct vc_ctx *ctx, struct vc_vmware_facts *vf)
{
	static const char needle[] = "#define VMMON_VERSION";
	static const char path[] = "/usr/lib/vmware/modules/source/vmmon.tar";
	_cleanup_(freep) char *tar = NULL;
	size_t len;

	if (vc_ctx_read(ctx, path, TAR_MAX, &tar, &len) < 0)
		return;
	for (const char *p = tar, *end = tar + len;
	     (p = memmem(p, (size_t)(end - p), needle, strlen(needle))); p++) {
		const char *q = p + strlen(needle);
		unsigned v;

		/* not VMMON_VERSION_MAJOR(v) and the like */
		if (q >= end || (*q != ' ' && *q != '\t'))
			continue;
		q += strspn(q, " \t");
		if (*q == '(')
			q++;
		if (sscanf(q, "%u", &v) == 1 && v > 0 && v < 100000) {
			vf->vmmon_source = vc_oint(v);
			vc_evidence(ctx, "%s: VMMON_VERSION %u", path, v);
		}
		return;
	}
}

/* vmmon.ko for the running kernel, and whether it carries a signature. */
static void find_ko(struct vc_ctx *ctx, struct vc_vmware_facts *vf)
{
	const char *kver = ctx->facts.kernel;
	enum vc_ftype t;

	if (!kver || strchr(kver, '/'))
		return;
	for (size_t d = 0; d < ARRAY_SIZE(ko_dirs) && !vf->vmmon_ko; d++)
		for (size_t s = 0; s < ARRAY_SIZE(ko_suffixes) && !vf->vmmon_ko; s++) {
			char *path =
				xasprintf("/lib/modules/%s/%s/vmmon%s", kver, ko_dirs[d], ko_suffixes[s]);

			if (vc_host_stat(ctx->host, path, &t) == 0 && t == VC_FT_REG)
				vf->vmmon_ko = path;
			else
				free(path);
		}
	if (!vf->vmmon_ko) {
		vc_evidence(ctx, "no vmmon.ko under /lib/modules/%s (misc, extra, updates)", kver);
		return;
	}
	vf->vmmon_signed = vc_ko_signed(ctx, vf->vmmon_ko);
	vc_evidence(ctx, "%s%s", vf->vmmon_ko,
		    vf->vmmon_signed == VC_TRI_TRUE    ? ": signed"
		    : vf->vmmon_signed == VC_TRI_FALSE ? ": not signed (no module signature at its end)"
						       : "");
}

/* Kernel log lines that refuse vmmon or vmnet: those naming them, and the lockdown and
 * signature-enforcement lines that name no module. */
static void refusals(struct vc_vmware_facts *vf, const struct vc_strv *rejected)
{
	for (size_t i = 0; i < rejected->n; i++) {
		const char *l = rejected->v[i];
		bool names_it = strstr(l, "vmmon") || strstr(l, "vmnet");

		/* "X: module verification failed": a tainting load, not a refusal, unless it is ours */
		if (names_it || !strstr(l, "module verification failed"))
			vc_strv_push(&vf->refused, l);
	}
}

static int vmware_fill(struct vc_ctx *ctx)
{
	struct vc_vmware_facts *vf = &ctx->facts.vmware;
	const struct vc_module_facts *vmmon = vc_facts_module(&ctx->facts, "vmmon");
	struct vc_devnode node;
	enum vc_ftype t;
	unsigned v;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(install_marks) && !vf->installed; i++)
		vf->installed = vc_host_stat(ctx->host, install_marks[i], &t) == 0;
	vf->vmmon_loaded = vc_facts_loaded(&ctx->facts, "vmmon");
	vf->vmnet_loaded = vc_facts_loaded(&ctx->facts, "vmnet");
	vf->present = vf->installed || vf->vmmon_loaded || vf->vmnet_loaded;
	if (!vf->present)
		return 0;
	if (vf->installed)
		read_config(ctx, vf);
	r = vc_host_devnode(ctx->host, "/dev/vmmon", &node);
	vf->dev_vmmon = r == 0 ? VC_TRI_TRUE : r == -ENOENT ? VC_TRI_FALSE : VC_TRI_NULL;
	if (vmmon && vmmon->version && sscanf(vmmon->version, "%u", &v) == 1)
		vf->vmmon_loaded_version = vc_oint(v);
	if (vf->installed) {
		find_ko(ctx, vf);
		source_version(ctx, vf);
		for (size_t i = 0; i < ARRAY_SIZE(services) && !vf->service; i++)
			if (vc_host_stat(ctx->host, services[i], &t) == 0)
				vf->service = xstrdup(services[i]);
	}
	refusals(vf, &ctx->facts.platform.kernel_log.module_rejected);
	vc_evidence(ctx, "VMware%s%s%s%s: vmmon %s, vmnet %s, /dev/vmmon %s", vf->product ? " " : "",
		    vf->product ? vf->product : "", vf->version ? " " : "", vf->version ? vf->version : "",
		    vf->vmmon_loaded ? "loaded" : "not loaded", vf->vmnet_loaded ? "loaded" : "not loaded",
		    vf->dev_vmmon == VC_TRI_TRUE    ? "present"
		    : vf->dev_vmmon == VC_TRI_FALSE ? "absent"
						    : "not known");
	return 0;
}

const struct vc_probe probe_vmware = {
	.name = "vmware",
	.id = VC_PROBE_VMWARE,
	.needs = VC_P(VC_PROBE_MODULES) | VC_P(VC_PROBE_PLATFORM),
	.summary = "VMware Workstation/Player: installed version, vmmon and vmnet built for this kernel, "
		   "signed, loaded, and the vmmon version its sources build",
	.fill = vmware_fill,
};
