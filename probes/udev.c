/* udev probe: the hypervisors' misc devices (libudev) and the rules that set their group and mode. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probes.h"

static const char *const rule_dirs[] = {
	"/etc/udev/rules.d",	 "/run/udev/rules.d", "/usr/local/lib/udev/rules.d",
	"/usr/lib/udev/rules.d", "/lib/udev/rules.d",
};
#define RULES_MAX      (256u << 10)
#define MAX_RULE_FILES 512

/* The value of KEY="v" or KEY:="v" / KEY+="v" in a rule line; final is set for ":=". */
static bool rule_value(const char *line, const char *key, char *out, size_t outlen, bool *final)
{
	size_t klen = strlen(key);

	for (const char *p = line; (p = strstr(p, key)); p += klen) {
		const char *v = p + klen;

		if (p != line && p[-1] != ' ' && p[-1] != ',' && p[-1] != '\t')
			continue;
		if (final)
			*final = v[0] == ':';
		if (v[0] == ':' || v[0] == '+')
			v++;
		if (v[0] != '=' || v[1] == '=' || v[1] != '"')
			continue;
		v += 2;
		snprintf(out, outlen, "%.*s", (int)strcspn(v, "\""), v);
		return true;
	}
	return false;
}

/* Does the rule match KERNEL=="name" (exactly, or a simple "name*"/"kvm|..." pattern)? */
static bool rule_matches(const char *line, const char *dev)
{
	char key[48], val[128];

	snprintf(key, sizeof(key), "KERNEL==\"");
	const char *p = strstr(line, key);
	if (!p)
		return false;
	snprintf(val, sizeof(val), "%.*s", (int)strcspn(p + strlen(key), "\""), p + strlen(key));
	char *save = NULL;
	for (char *alt = strtok_r(val, "|", &save); alt; alt = strtok_r(NULL, "|", &save))
		if (strcmp(alt, dev) == 0)
			return true;
	return false;
}

struct rule_file {
	char *name, *path;
};

static int rule_file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rule_file *)a)->name, ((const struct rule_file *)b)->name);
}

static void udev_rules(struct vc_ctx *ctx, struct vc_udev_facts *uf)
{
	struct rule_file *files = NULL;
	size_t nfiles = 0;

	/* a file name in an earlier directory masks the same name in a later one */
	for (size_t d = 0; d < ARRAY_SIZE(rule_dirs); d++) {
		char **names = NULL;
		size_t n = 0;

		if (vc_host_list(ctx->host, rule_dirs[d], &names, &n) < 0)
			continue;
		for (size_t i = 0; i < n && nfiles < MAX_RULE_FILES; i++) {
			bool seen = false;

			if (!endswith(names[i], ".rules"))
				continue;
			for (size_t k = 0; k < nfiles && !seen; k++)
				seen = strcmp(files[k].name, names[i]) == 0;
			if (seen)
				continue;
			files = xrealloc(files, (nfiles + 1) * sizeof(*files));
			files[nfiles].name = xstrdup(names[i]);
			files[nfiles].path = xasprintf("%s/%s", rule_dirs[d], names[i]);
			nfiles++;
		}
		vc_strv_free(names);
	}
	qsort_safe(files, nfiles, sizeof(*files), rule_file_cmp);

	char group[VC_NUDEV_DEVICES][64], mode[VC_NUDEV_DEVICES][16];
	bool gfinal[VC_NUDEV_DEVICES] = { false }, mfinal[VC_NUDEV_DEVICES] = { false };

	for (size_t d = 0; d < VC_NUDEV_DEVICES; d++)
		group[d][0] = mode[d][0] = '\0';
	for (size_t f = 0; f < nfiles; f++) {
		_cleanup_(freep) char *text = NULL;
		char *cur, *line;
		unsigned lineno = 0;

		if (vc_ctx_read(ctx, files[f].path, RULES_MAX, &text, NULL) < 0 || !strstr(text, "KERNEL"))
			continue;
		cur = text;
		while ((line = next_line(&cur))) {
			lineno++;
			line += strspn(line, " \t");
			if (*line == '#' || !*line)
				continue;
			for (size_t d = 0; d < VC_NUDEV_DEVICES; d++) {
				char g[64] = "", m[16] = "", t[32] = "";
				bool gf = false, mf = false;
				bool has_g, has_m, has_t;

				if (!rule_matches(line, vc_udev_devices[d]))
					continue;
				has_g = rule_value(line, "GROUP", g, sizeof(g), &gf);
				has_m = rule_value(line, "MODE", m, sizeof(m), &mf);
				has_t = rule_value(line, "TAG", t, sizeof(t), NULL) &&
					strcmp(t, "uaccess") == 0;
				if (!has_g && !has_m && !has_t)
					continue;
				struct vc_udev_rule *o = VC_PUSH(uf->rules[d].sources);
				o->source = xasprintf("%s:%u", files[f].path, lineno);
				o->group = has_g ? xstrdup(g) : NULL;
				o->mode = has_m ? xstrdup(m) : NULL;
				o->uaccess = has_t;
				vc_evidence(ctx, "%s:%u: %s%s%s%s%s%s", files[f].path, lineno,
					    vc_udev_devices[d], has_g ? " GROUP=" : "", has_g ? g : "",
					    has_m ? " MODE=" : "", has_m ? m : "",
					    has_t ? " TAG+=uaccess" : "");
				/* udev applies rules in order; a later assignment wins unless one was final
				 */
				if (has_g && !gfinal[d]) {
					snprintf(group[d], sizeof(group[d]), "%s", g);
					gfinal[d] = gf;
				}
				if (has_m && !mfinal[d]) {
					snprintf(mode[d], sizeof(mode[d]), "%s", m);
					mfinal[d] = mf;
				}
				uf->rules[d].uaccess |= has_t;
			}
		}
	}
	for (size_t d = 0; d < VC_NUDEV_DEVICES; d++) {
		uf->rules[d].group = group[d][0] ? xstrdup(group[d]) : NULL;
		uf->rules[d].mode = mode[d][0] ? xstrdup(mode[d]) : NULL;
	}
	uf->rule_files = (unsigned)nfiles;
	for (size_t f = 0; f < nfiles; f++) {
		free(files[f].name);
		free(files[f].path);
	}
	free(files);
}

/* "misc NAME absent" | "misc NAME devnode=... devnum=M:m initialized=0|1 tags=a,b" */
static void parse_device(struct vc_ctx *ctx, const char *line, struct vc_udev_facts *uf)
{
	char name[32], rest[512];
	struct vc_udev_device *o = NULL;
	bool known = false;

	if (sscanf(line, "misc %31s %511[^\n]", name, rest) != 2) {
		vc_ctx_malformed(ctx, "virtcheck/udev.txt", "a line is not 'misc NAME ...'");
		return;
	}
	for (size_t d = 0; d < VC_NUDEV_DEVICES; d++)
		known |= strcmp(name, vc_udev_devices[d]) == 0;
	if (!known)
		return;
	/* a name seen again replaces what its first line said, in its place */
	for (size_t i = 0; i < uf->devices.n && !o; i++)
		if (strcmp(uf->devices.v[i].name, name) == 0) {
			o = &uf->devices.v[i];
			free(o->devnode);
			free(o->devnum);
			vc_strv_clear(&o->tags);
			*o = (struct vc_udev_device){ .name = o->name };
		}
	if (!o) {
		o = VC_PUSH(uf->devices);
		o->name = xstrdup(name);
	}
	if (strcmp(rest, "absent") == 0)
		return;
	o->registered = true;
	char *save = NULL;
	for (char *tok = strtok_r(rest, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq)
			continue;
		*eq++ = '\0';
		if (strcmp(tok, "devnode") == 0) {
			free(o->devnode);
			o->has_devnode = true;
			o->devnode = strcmp(eq, "-") ? xstrdup(eq) : NULL;
		} else if (strcmp(tok, "devnum") == 0) {
			free(o->devnum);
			o->has_devnum = true;
			o->devnum = strcmp(eq, "-") ? xstrdup(eq) : NULL;
		} else if (strcmp(tok, "initialized") == 0) {
			o->has_initialized = true;
			o->initialized = strcmp(eq, "1") == 0;
		} else if (strcmp(tok, "tags") == 0) {
			char *s2 = NULL;

			o->has_tags = true;
			vc_strv_clear(&o->tags);
			if (strcmp(eq, "-") != 0)
				for (char *t = strtok_r(eq, ",", &s2); t; t = strtok_r(NULL, ",", &s2))
					vc_strv_push(&o->tags, t);
		}
	}
}

static const struct vc_udev_device *device(const struct vc_udev_facts *uf, const char *name)
{
	for (size_t i = 0; i < uf->devices.n; i++)
		if (strcmp(uf->devices.v[i].name, name) == 0)
			return &uf->devices.v[i];
	return NULL;
}

/* The kernel's overflowuid: how an unmapped owner shows in a user namespace. */
#define OVERFLOW_UID 65534

static int udev_fill(struct vc_ctx *ctx)
{
	struct vc_udev_facts *uf = &ctx->facts.udev;
	const struct vc_kvm_facts *k = &ctx->facts.kvm;
	char *const *lines;
	size_t n;
	int r = vc_host_lines(ctx->host, "udev", &lines, &n);

	uf->available = r == 0;
	if (r < 0) {
		char ebuf[16];

		uf->error = xstrdup(errno_name(-r, ebuf));
		vc_evidence(ctx, "libudev: %s", r == -ENODATA ? "not in this capture" : strerror(-r));
	}
	for (size_t i = 0; r == 0 && i < n; i++)
		parse_device(ctx, lines[i], uf);
	udev_rules(ctx, uf);

	/* /dev/kvm: a udev rule gives it group kvm 0660, but the node says otherwise */
	const char *rgroup = uf->rules[0].group, *rmode = uf->rules[0].mode;
	const struct vc_udev_device *kd = device(uf, "kvm");
	char nmode[16];
	bool node = k->device.present == VC_TRI_TRUE;

	snprintf(nmode, sizeof(nmode), "%04o", k->device.node.mode);
	if (kd && kd->registered)
		vc_evidence(ctx, "misc device kvm: %s %s, udev %s", kd->devnode ? kd->devnode : "(no node)",
			    kd->devnum ? kd->devnum : "?",
			    kd->initialized ? "initialized" : "not initialized");
	/* in a user namespace a node owned by unmapped ids shows as 65534: its real group and the
	 * rules' cannot be compared from here (firejail --noroot, rootless containers) */
	if (node && k->device.node.uid == OVERFLOW_UID && vc_host_user_namespace(ctx->host, NULL))
		node = false;
	if (rgroup && node &&
	    (strcmp(rgroup, k->device.node.group) != 0 ||
	     (rmode && strtoul(rmode, NULL, 8) != k->device.node.mode))) {
		struct vc_finding *f;

		/* udevadm trigger needs udevd: a note, the remedy is kvm.no_access's (the node) */
		if (k->udevd == VC_TRI_FALSE)
			f = vc_finding(ctx, VC_SEV_INFO, VC_FID_UDEV_KVM_RULE_NOT_APPLIED,
				       "udev's rules give /dev/kvm group %s mode %s, but the node has group "
				       "%s mode %s: udevd does not run here (no /run/udev/control: a "
				       "container, WSL2 without systemd), so no rule is ever applied and "
				       "`udevadm trigger` cannot apply them.",
				       rgroup, rmode ? rmode : "(unchanged)", k->device.node.group, nmode);
		else {
			f = vc_finding(ctx, VC_SEV_WARNING, VC_FID_UDEV_KVM_RULE_NOT_APPLIED,
				       "udev's rules give /dev/kvm group %s mode %s, but the node has group "
				       "%s mode %s: the rules were not applied to it (the node was created "
				       "before udev ran, or a container's /dev).",
				       rgroup, rmode ? rmode : "(unchanged)", k->device.node.group, nmode);
			/* the rules stay: applying them once fixes the node for good; trigger only
			 * queues the event (DeviceFarmer/stf#910), settle waits until it is applied */
			vc_finding_remedy(
				f, VC_REMEDY_PERSISTENT, false,
				"sudo udevadm trigger --action=add --name-match=kvm && sudo udevadm "
				"settle");
		}
		vc_finding_evidence(f, "rules: %s; node: %s %s", rgroup, k->device.node.group, nmode);
	}
	return 0;
}

const struct vc_probe probe_udev = {
	.name = "udev",
	.id = VC_PROBE_UDEV,
	.needs = VC_P(VC_PROBE_KVM),
	.summary = "udev: the misc devices kvm, vboxdrv, vboxdrvu, vboxnetctl, vmmon and the rules that set "
		   "their group and mode",
	.fill = udev_fill,
};
