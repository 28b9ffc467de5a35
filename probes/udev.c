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

static const char *const devices[] = { "kvm", "vboxdrv", "vboxdrvu", "vboxnetctl", "vmmon" };

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

static void udev_rules(struct vc_ctx *ctx, struct vc_val *facts)
{
	struct rule_file *files = NULL;
	size_t nfiles = 0;
	struct vc_val *rules = vc_obj_set(facts, "rules", vc_obj());

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

	struct vc_val *per[ARRAY_SIZE(devices)];
	char group[ARRAY_SIZE(devices)][64], mode[ARRAY_SIZE(devices)][16];
	bool gfinal[ARRAY_SIZE(devices)] = { false }, mfinal[ARRAY_SIZE(devices)] = { false };
	bool uaccess[ARRAY_SIZE(devices)] = { false };

	for (size_t d = 0; d < ARRAY_SIZE(devices); d++) {
		per[d] = vc_arr();
		group[d][0] = mode[d][0] = '\0';
	}
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
			for (size_t d = 0; d < ARRAY_SIZE(devices); d++) {
				char g[64] = "", m[16] = "", t[32] = "";
				bool gf = false, mf = false;
				bool has_g, has_m, has_t;

				if (!rule_matches(line, devices[d]))
					continue;
				has_g = rule_value(line, "GROUP", g, sizeof(g), &gf);
				has_m = rule_value(line, "MODE", m, sizeof(m), &mf);
				has_t = rule_value(line, "TAG", t, sizeof(t), NULL) &&
					strcmp(t, "uaccess") == 0;
				if (!has_g && !has_m && !has_t)
					continue;
				struct vc_val *o = vc_arr_push(per[d], vc_obj());
				vc_obj_set(o, "source", vc_strf("%s:%u", files[f].path, lineno));
				vc_obj_set(o, "group", has_g ? vc_str(g) : vc_null());
				vc_obj_set(o, "mode", has_m ? vc_str(m) : vc_null());
				vc_obj_set(o, "uaccess", vc_bool(has_t));
				vc_evidence(ctx, "%s:%u: %s%s%s%s%s%s", files[f].path, lineno, devices[d],
					    has_g ? " GROUP=" : "", has_g ? g : "", has_m ? " MODE=" : "",
					    has_m ? m : "", has_t ? " TAG+=uaccess" : "");
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
				uaccess[d] |= has_t;
			}
		}
	}
	for (size_t d = 0; d < ARRAY_SIZE(devices); d++) {
		struct vc_val *o = vc_obj_set(rules, devices[d], vc_obj());

		vc_obj_set(o, "group", group[d][0] ? vc_str(group[d]) : vc_null());
		vc_obj_set(o, "mode", mode[d][0] ? vc_str(mode[d]) : vc_null());
		vc_obj_set(o, "uaccess", vc_bool(uaccess[d]));
		vc_obj_set(o, "sources", per[d]);
	}
	vc_obj_set(facts, "rule_files", vc_int((int64_t)nfiles));
	for (size_t f = 0; f < nfiles; f++) {
		free(files[f].name);
		free(files[f].path);
	}
	free(files);
}

/* "misc NAME absent" | "misc NAME devnode=... devnum=M:m initialized=0|1 tags=a,b" */
static void parse_device(struct vc_ctx *ctx, const char *line, struct vc_val *devs)
{
	char name[32], rest[512];
	struct vc_val *o;

	if (sscanf(line, "misc %31s %511[^\n]", name, rest) != 2) {
		vc_ctx_malformed(ctx, "virtcheck/udev.txt", "a line is not 'misc NAME ...'");
		return;
	}
	bool known = false;
	for (size_t d = 0; d < ARRAY_SIZE(devices); d++)
		known |= strcmp(name, devices[d]) == 0;
	if (!known)
		return;
	o = vc_obj_set(devs, name, vc_obj());
	if (strcmp(rest, "absent") == 0) {
		vc_obj_set(o, "registered", vc_bool(false));
		return;
	}
	vc_obj_set(o, "registered", vc_bool(true));
	char *save = NULL;
	for (char *tok = strtok_r(rest, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq)
			continue;
		*eq++ = '\0';
		if (strcmp(tok, "devnode") == 0 || strcmp(tok, "devnum") == 0) {
			vc_obj_set(o, tok, strcmp(eq, "-") ? vc_str(eq) : vc_null());
		} else if (strcmp(tok, "initialized") == 0) {
			vc_obj_set(o, "initialized", vc_bool(strcmp(eq, "1") == 0));
		} else if (strcmp(tok, "tags") == 0) {
			struct vc_val *tags = vc_obj_set(o, "tags", vc_arr());
			char *s2 = NULL;

			if (strcmp(eq, "-") != 0)
				for (char *t = strtok_r(eq, ",", &s2); t; t = strtok_r(NULL, ",", &s2))
					vc_arr_push(tags, vc_str(t));
		}
	}
}

static int udev_run(struct vc_ctx *ctx, struct vc_val *facts)
{
	char *const *lines;
	size_t n;
	int r = vc_host_lines(ctx->host, "udev", &lines, &n);
	struct vc_val *devs;

	vc_obj_set(facts, "available", vc_bool(r == 0));
	devs = vc_obj_set(facts, "devices", vc_obj());
	if (r < 0) {
		char ebuf[16];

		vc_obj_set(facts, "error", vc_str(errno_name(-r, ebuf)));
		vc_evidence(ctx, "libudev: %s", r == -ENODATA ? "not in this capture" : strerror(-r));
	}
	for (size_t i = 0; r == 0 && i < n; i++)
		parse_device(ctx, lines[i], devs);
	udev_rules(ctx, facts);

	/* /dev/kvm: a udev rule gives it group kvm 0660, but the node says otherwise */
	const char *rgroup = vc_get_str(facts, "rules.kvm.group"),
		   *rmode = vc_get_str(facts, "rules.kvm.mode");
	const char *ngroup = vc_get_str(ctx->probes, "kvm.device.group"),
		   *nmode = vc_get_str(ctx->probes, "kvm.device.mode");
	if (vc_get_bool(facts, "devices.kvm.registered", false))
		vc_evidence(ctx, "misc device kvm: %s %s, udev %s",
			    vc_get_str(facts, "devices.kvm.devnode")
				    ? vc_get_str(facts, "devices.kvm.devnode")
				    : "(no node)",
			    vc_get_str(facts, "devices.kvm.devnum") ? vc_get_str(facts, "devices.kvm.devnum")
								    : "?",
			    vc_get_bool(facts, "devices.kvm.initialized", false) ? "initialized"
										 : "not initialized");
	if (rgroup && ngroup && nmode &&
	    (strcmp(rgroup, ngroup) != 0 || (rmode && strtoul(rmode, NULL, 8) != strtoul(nmode, NULL, 8)))) {
		struct vc_finding *f =
			vc_finding(ctx, VC_SEV_WARNING, "udev.kvm_rule_not_applied",
				   "sudo udevadm trigger --action=add --name-match=kvm",
				   "udev's rules give /dev/kvm group %s mode %s, but the node has group %s "
				   "mode %s: the rules were not applied to it (the node was created before "
				   "udev ran, or a container's /dev).",
				   rgroup, rmode ? rmode : "(unchanged)", ngroup, nmode);
		vc_finding_evidence(f, "rules: %s; node: %s %s", rgroup, ngroup, nmode);
	}
	return 0;
}

const struct vc_probe probe_udev = {
	.name = "udev",
	.id = VC_PROBE_UDEV,
	.summary = "udev: the misc devices kvm, vboxdrv, vboxdrvu, vboxnetctl, vmmon and the rules that set "
		   "their group and mode",
	.run = udev_run,
};
