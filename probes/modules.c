/* Modules probe: hypervisor kernel modules, their state and parameters, and modprobe configuration. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "lib/model/journal.h"
#include "lib/model/modules.h"
#include "probes/probes.h"

/* modprobe.d search path in kmod's precedence order: a file name seen earlier wins. */
static const char *const conf_dirs[] = {
	"/etc/modprobe.d", "/run/modprobe.d",	  "/usr/local/lib/modprobe.d",
	"/lib/modprobe.d", "/usr/lib/modprobe.d",
};

#define PROC_MODULES_MAX (1u << 20)
#define CONF_MAX	 (256u << 10)
#define CMDLINE_MAX	 65536

/* Module names are spelled with '-' or '_' interchangeably. */
static void underscore(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

struct proc_module {
	bool present;
	int64_t refcnt;
	char state[16];
	char users[256];
};

/* /proc/modules: "name size refcnt users state address". */
/* Out-of-tree modules virtcheck does not know (taint flag O in /proc/modules): the suspects
 * when something else holds VT-x/AMD-V. */
static bool parse_proc_modules(struct vc_ctx *ctx, struct proc_module *pm, struct vc_strv *unknown_oot)
{
	_cleanup_(freep) char *buf = NULL;
	char *cur, *line;
	int r = vc_ctx_read(ctx, "/proc/modules", PROC_MODULES_MAX, &buf, NULL);

	if (r < 0) {
		vc_evidence(ctx, "/proc/modules: %s",
			    r == -ENOENT ? "absent (kernel without loadable module support)" : strerror(-r));
		return false;
	}
	cur = buf;
	while ((line = next_line(&cur))) {
		char name[64], users[256], state[16];
		long long refcnt;
		int i;

		if (sscanf(line, "%63s %*u %lld %255s %15s", name, &refcnt, users, state) != 4) {
			if (*line)
				vc_ctx_malformed(ctx, "/proc/modules",
						 "a line is not 'name size refcnt users state address'");
			continue;
		}
		i = vc_module_index(name);
		if (i < 0) {
			const char *flags = strrchr(line, '(');

			if (flags && strchr(flags, 'O') && unknown_oot->n < 32) {
				vc_strv_push(unknown_oot, name);
				vc_evidence(
					ctx,
					"/proc/modules: %s is an out-of-tree module virtcheck does not know",
					name);
			}
			continue;
		}
		pm[i].present = true;
		pm[i].refcnt = refcnt;
		snprintf(pm[i].state, sizeof(pm[i].state), "%s", state);
		/* "kvm_amd," -> "kvm_amd" */
		size_t n = strlen(users);
		if (n && users[n - 1] == ',')
			users[n - 1] = '\0';
		snprintf(pm[i].users, sizeof(pm[i].users), "%s", strcmp(users, "-") ? users : "");
	}
	return true;
}

/* Names listed in /lib/modules/RELEASE/modules.builtin (kernel/arch/x86/kvm/kvm-amd.ko). */
static void read_builtin_list(struct vc_ctx *ctx, bool *builtin)
{
	const char *release = ctx->facts.kernel;
	_cleanup_(freep) char *path = NULL, *buf = NULL;
	char *cur, *line;

	if (!release || strchr(release, '/'))
		return;
	path = xasprintf("/lib/modules/%s/modules.builtin", release);
	if (vc_ctx_read(ctx, path, 4u << 20, &buf, NULL) < 0)
		return;
	cur = buf;
	while ((line = next_line(&cur))) {
		char *base = strrchr(line, '/'), *dot;
		int i;

		base = base ? base + 1 : line;
		dot = strstr(base, ".ko");
		if (!dot)
			continue;
		*dot = '\0';
		underscore(base);
		i = vc_module_index(base);
		if (i >= 0)
			builtin[i] = true;
	}
}

/*
 * The parameters something reads besides JSON, which prints them all: the settings of the platform
 * probe (kvm_settings), lib/verdict (kvm.enable_virt_at_load, kvm_intel.tdx) and the text report
 * (kvm.enable_virt_at_load). A parameter added to a rule or a renderer is added here
 * (tests/unit/test_lazy.c compares the reports of every fixture host read both ways).
 */
static const struct {
	const char *module, *param;
} params_read[] = {
	{ "kvm", "enable_virt_at_load" }, { "kvm_intel", "nested" }, { "kvm_amd", "nested" },
	{ "kvm_intel", "enable_apicv" },  { "kvm_amd", "avic" },     { "kvm_intel", "tdx" },
};

static void push_param(struct vc_ctx *ctx, struct vc_module_facts *m, const char *dir, const char *name,
		       bool only_present)
{
	_cleanup_(freep) char *path = xasprintf("%s/%s", dir, name);
	char *value = NULL;
	/* write-only parameters exist; absent values are null, not errors */
	int r = vc_host_read_value(ctx->host, path, &value);

	if (r == -ENOENT && only_present)
		return;
	struct vc_param *p = VC_PUSH(m->parameters);
	p->name = xstrdup(name);
	p->value = r < 0 ? NULL : value;
}

static void module_parameters(struct vc_ctx *ctx, const char *name, struct vc_module_facts *m)
{
	_cleanup_(freep) char *dir = xasprintf("/sys/module/%s/parameters", name);
	char **params;
	size_t n;

	if (ctx->few_params) {
		for (size_t i = 0; i < ARRAY_SIZE(params_read); i++)
			if (strcmp(params_read[i].module, name) == 0)
				push_param(ctx, m, dir, params_read[i].param, true);
		return;
	}
	if (vc_host_list(ctx->host, dir, &params, &n) < 0)
		return;
	for (size_t i = 0; i < n && i < 256; i++)
		push_param(ctx, m, dir, params[i], false);
	vc_strv_free(params);
}

static void module_facts(struct vc_ctx *ctx, size_t i, const struct proc_module *pm, bool listed_builtin)
{
	const char *name = vc_modules[i].name;
	struct vc_module_facts *m = &ctx->facts.modules.mod[i];
	_cleanup_(freep) char *dir = xasprintf("/sys/module/%s", name);
	_cleanup_(freep) char *initstate = NULL, *refcnt = NULL;
	enum vc_ftype t;

	m->family = vc_modules[i].family;
	if (vc_host_stat(ctx->host, dir, &t) < 0 || t != VC_FT_DIR) {
		/* a built-in module without parameters has no /sys/module entry */
		m->state = listed_builtin ? VC_MOD_BUILTIN : VC_MOD_ABSENT;
		if (listed_builtin)
			vc_evidence(ctx, "%s: listed in modules.builtin", name);
		return;
	}
	m->in_sysfs = true;
	_cleanup_(freep) char *ipath = xasprintf("%s/initstate", dir);
	if (vc_ctx_read_value(ctx, ipath, &initstate) == 0) {
		m->state = !strcmp(initstate, "live")	  ? VC_MOD_LIVE
			   : !strcmp(initstate, "coming") ? VC_MOD_COMING
			   : !strcmp(initstate, "going")  ? VC_MOD_GOING
							  : VC_MOD_UNKNOWN;
		if (m->state == VC_MOD_UNKNOWN)
			vc_ctx_malformed(ctx, ipath, "expected live, coming or going");
		vc_evidence(ctx, "%s: %s says %s", name, ipath, vc_modstate_name(m->state));
	} else {
		/* /sys/module/NAME without initstate is built in (only loadable modules have initstate) */
		m->state = VC_MOD_BUILTIN;
		vc_evidence(ctx, "%s: %s exists without initstate: built in", name, dir);
	}
	if (ctx->first_look)
		return;

	_cleanup_(freep) char *rpath = xasprintf("%s/refcnt", dir);
	uint64_t rc;
	if (vc_ctx_read_value(ctx, rpath, &refcnt) == 0) {
		if (parse_u64(refcnt, 10, &rc) == 0 && rc < INT32_MAX)
			m->refcnt = vc_oint((int64_t)rc);
		else
			vc_ctx_malformed(ctx, rpath, "not a reference count");
	} else if (pm->present) {
		m->refcnt = vc_oint(pm->refcnt);
	}

	_cleanup_(freep) char *hpath = xasprintf("%s/holders", dir);
	char **names;
	size_t n;
	if (vc_host_list(ctx->host, hpath, &names, &n) == 0) {
		for (size_t k = 0; k < n && k < 64; k++)
			vc_strv_push(&m->holders, names[k]);
		vc_strv_free(names);
	}

	_cleanup_(freep) char *vpath = xasprintf("%s/version", dir);
	_cleanup_(freep) char *spath = xasprintf("%s/srcversion", dir);
	if (vc_ctx_read_value(ctx, vpath, &m->version) < 0)
		m->version = NULL;
	if (vc_ctx_read_value(ctx, spath, &m->srcversion) < 0)
		m->srcversion = NULL;
	module_parameters(ctx, name, m);
}

/* ---- modprobe configuration ---- */

struct conf_file {
	char *path;
	char *text;
};

static int conf_cmp(const void *a, const void *b)
{
	const struct conf_file *x = a, *y = b;
	const char *bx = strrchr(x->path, '/') + 1, *by = strrchr(y->path, '/') + 1;

	return strcmp(bx, by);
}

/* Reads every *.conf of the search path through the host seam, in kmod's order. */
static size_t read_conf_files(struct vc_ctx *ctx, struct conf_file *files, size_t max)
{
	size_t n = 0;

	for (size_t d = 0; d < ARRAY_SIZE(conf_dirs); d++) {
		char **names;
		size_t nn;

		if (vc_host_list(ctx->host, conf_dirs[d], &names, &nn) < 0)
			continue;
		for (size_t k = 0; k < nn && n < max; k++) {
			size_t len = strlen(names[k]);
			bool shadowed = false;

			if (len < 6 || strcmp(names[k] + len - 5, ".conf") != 0)
				continue;
			for (size_t j = 0; j < n; j++)
				shadowed |= strcmp(strrchr(files[j].path, '/') + 1, names[k]) == 0;
			if (shadowed)
				continue;
			_cleanup_(freep) char *path = xasprintf("%s/%s", conf_dirs[d], names[k]);
			char *text;
			size_t tl;
			if (vc_ctx_read(ctx, path, CONF_MAX, &text, &tl) < 0)
				continue;
			if (memchr(text, '\0', tl)) {
				vc_ctx_malformed(ctx, path, "contains NUL bytes");
				free(text);
				continue;
			}
			files[n].path = xstrdup(path);
			files[n].text = text;
			n++;
		}
		vc_strv_free(names);
	}
	qsort_safe(files, n, sizeof(*files), conf_cmp);
	return n;
}

/*
 * The modprobe.d syntax as libkmod reads it (libkmod-config.c): a line ending in a backslash
 * continues on the next, '#' starts a comment line, words are separated by blanks; "blacklist
 * MOD", "options MOD REST" and "install MOD REST" (REST required) are what virtcheck needs, for
 * the hypervisor modules. Parsed here rather than by kmod_new(), which also reads this machine's
 * /proc/cmdline (so a --sysroot replay would read outside the capture); the kernel command line
 * comes from the host seam instead (cmdline_config).
 */
static void conf_line(struct vc_ctx *ctx, const char *path, unsigned lineno, char *line)
{
	static const struct {
		const char *kw;
		size_t off; /* of the VC_ARRAY in struct vc_modules_facts */
		bool has_value;
	} kinds[] = {
		{ "blacklist", offsetof(struct vc_modules_facts, config.blacklist), false },
		{ "options", offsetof(struct vc_modules_facts, config.options), true },
		{ "install", offsetof(struct vc_modules_facts, config.install), true },
	};
	struct vc_modules_facts *mf = &ctx->facts.modules;
	char *save = NULL, *kw = strtok_r(line, " \t", &save), *mod, *rest;

	if (!kw || kw[0] == '#' || !(mod = strtok_r(NULL, " \t", &save)))
		return;
	rest = save ? strstrip(save) : (char *)"";
	underscore(mod);
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		__typeof__(mf->config.options) *arr = (void *)((char *)mf + kinds[k].off);
		struct vc_modprobe_line *l;

		if (strcmp(kw, kinds[k].kw) != 0 || vc_module_index(mod) < 0)
			continue;
		if (kinds[k].has_value && !*rest) {
			vc_evidence(ctx, "%s:%u: '%s %s' without a value; ignored, as modprobe does", path,
				    lineno, kw, mod);
			return;
		}
		l = VC_PUSH(*arr);
		l->module = xstrdup(mod);
		l->value = kinds[k].has_value ? xstrdup(rest) : NULL;
		l->source = xasprintf("%s:%u", path, lineno);
		vc_evidence(ctx, "%s: %s %s%s%s", l->source, kw, mod, l->value ? " " : "",
			    l->value ? l->value : "");
	}
}

static void conf_entries(struct vc_ctx *ctx, const struct conf_file *file)
{
	const char *p = file->text;
	unsigned lineno = 0;

	while (*p) {
		struct buf line = { 0 };
		unsigned first = lineno + 1;

		/* one logical line: physical lines joined where one ends in a backslash */
		for (;;) {
			const char *eol = strchrnul(p, '\n');
			size_t len = (size_t)(eol - p);
			bool more = len && p[len - 1] == '\\' && *eol;

			lineno++;
			buf_append(&line, p, more ? len - 1 : len);
			p = *eol ? eol + 1 : eol;
			if (!more)
				break;
		}
		buf_append(&line, "", 1);
		conf_line(ctx, file->path, first, line.data);
		buf_free(&line);
	}
}

static void modprobe_config(struct vc_ctx *ctx)
{
	struct conf_file files[256];
	size_t n = read_conf_files(ctx, files, ARRAY_SIZE(files));

	for (size_t i = 0; i < n; i++) {
		vc_strv_push(&ctx->facts.modules.config.files, files[i].path);
		conf_entries(ctx, &files[i]);
	}
	for (size_t i = 0; i < n; i++) {
		free(files[i].path);
		free(files[i].text);
	}
}

/* Module parameters and blacklists on the kernel command line (mod.param=value). */
static void cmdline_config(struct vc_ctx *ctx)
{
	_cleanup_(freep) char *cmdline = NULL;
	struct vc_modules_facts *mf = &ctx->facts.modules;
	char *p;

	if (vc_ctx_read(ctx, "/proc/cmdline", CMDLINE_MAX, &cmdline, NULL) < 0)
		return;
	p = cmdline;
	while (*p) {
		char tok[1024], *eq, *dot;
		size_t n = 0;
		bool quoted = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		/* kernel quoting: double quotes group, and are removed */
		for (; *p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
			if (*p == '"') {
				quoted = !quoted;
				continue;
			}
			if (n + 1 < sizeof(tok))
				tok[n++] = *p;
		}
		tok[n] = '\0';
		if (strcmp(tok, "--") == 0)
			break; /* the rest belongs to init */
		eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		if (strcmp(tok, "module_blacklist") == 0 || strcmp(tok, "modprobe.blacklist") == 0) {
			char *save = NULL;

			for (char *m = strtok_r(eq + 1, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
				underscore(m);
				if (vc_module_index(m) >= 0) {
					struct vc_cmdline_param *o = VC_PUSH(mf->config.cmdline_blacklist);

					o->module = xstrdup(m);
					o->parameter = xstrdup(tok);
				}
			}
			continue;
		}
		dot = strchr(tok, '.');
		if (!dot)
			continue;
		*dot = '\0';
		underscore(tok);
		if (vc_module_index(tok) < 0)
			continue;
		struct vc_cmdline_param *o = VC_PUSH(mf->config.cmdline);
		o->module = xstrdup(tok);
		o->parameter = xstrdup(dot + 1);
		o->value = xstrdup(eq + 1);
		vc_evidence(ctx, "/proc/cmdline: %s.%s=%s", tok, dot + 1, eq + 1);
	}
}

/* The journal `virtcheck switch` leaves when it is killed or crashes half way; its directory
 * exists only while one is pending, so a user who may not look into it (0700) still sees that. */

static void switch_journal(struct vc_ctx *ctx)
{
	_cleanup_(freep) char *text = NULL, *why = NULL;
	const char *target = NULL, *pid = NULL;
	struct vc_journal j = { 0 };
	struct vc_finding *f;
	size_t len, steps = 0;
	enum vc_ftype t;
	bool complete = false;
	int r = vc_host_read(ctx->host, VC_SWITCH_JOURNAL, VC_JOURNAL_MAX, &text, &len);

	if (r == -ENOENT || (r < 0 && vc_host_stat(ctx->host, "/" VC_SWITCH_JOURNAL_DIR, &t) < 0))
		return;
	if (r == 0 && vc_journal_parse(text, len, &j, &why) == 0) {
		target = vc_journal_get(&j, "target");
		pid = vc_journal_get(&j, "pid");
		complete = vc_journal_get(&j, "commit") != NULL;
		for (size_t i = 0; i < j.recs.n; i++)
			steps += !strcmp(j.recs.v[i].key, "step");
	}
	vc_evidence(ctx, "%s: %s", VC_SWITCH_JOURNAL,
		    r < 0      ? strerror(-r)
		    : why      ? why
		    : complete ? "a complete switch"
			       : "an unfinished switch");
	if (r < 0)
		f = vc_finding(
			ctx, VC_SEV_WARNING, VC_FID_MODULES_SWITCH_UNFINISHED,
			"%s exists, so a `virtcheck switch` may be unfinished; it cannot be read as this "
			"user (%s).",
			"/" VC_SWITCH_JOURNAL_DIR, strerror(-r));
	else if (why)
		f = vc_finding(
			ctx, VC_SEV_ERROR, VC_FID_MODULES_SWITCH_UNFINISHED,
			"A `virtcheck switch` left a damaged journal (%s: %s): the hypervisor modules may "
			"be neither the old set nor the new one.",
			VC_SWITCH_JOURNAL, why);
	else if (complete)
		f = vc_finding(
			ctx, VC_SEV_WARNING, VC_FID_MODULES_SWITCH_UNFINISHED,
			"A `virtcheck switch` to %s (pid %s) completed but left its journal %s; switches "
			"are refused until it is removed.",
			target ? target : "?", pid ? pid : "?", VC_SWITCH_JOURNAL);
	else
		f = vc_finding(
			ctx, VC_SEV_ERROR, VC_FID_MODULES_SWITCH_UNFINISHED,
			"An unfinished `virtcheck switch` to %s is pending (pid %s stopped after %zu "
			"step%s, %s): the hypervisor modules may be neither the old set nor the new one, "
			"and switches are refused until it is recovered.",
			target ? target : "?", pid ? pid : "?", steps, steps == 1 ? "" : "s",
			VC_SWITCH_JOURNAL);
	vc_finding_remedy(
		f, VC_REMEDY_TEMPORARY, false,
		"sudo virtcheck switch --recover   (puts back the modules, parameters and files the "
		"journal says were there, or says what is wrong with it)");
	vc_journal_free(&j);
}

static int modules_fill(struct vc_ctx *ctx)
{
	struct vc_modules_facts *mf = &ctx->facts.modules;
	struct proc_module pm[VC_NMODULES] = { 0 };
	bool builtin[VC_NMODULES] = { false };
	struct buf b = { 0 };

	if (!ctx->first_look) {
		vc_distro_fill(ctx);
		mf->proc_modules = parse_proc_modules(ctx, pm, &mf->unknown_out_of_tree);
	}
	read_builtin_list(ctx, builtin);
	for (size_t i = 0; i < VC_NMODULES; i++) {
		/* the first look decides KVM only: the other hypervisors' modules are left absent
		 * ("not probed"), and a sysfs lookup of an absent one costs a few us */
		if (ctx->first_look && strcmp(vc_modules[i].family, "kvm") != 0) {
			ctx->facts.modules.mod[i].family = vc_modules[i].family;
			continue;
		}
		module_facts(ctx, i, &pm[i], builtin[i]);
		if (ctx->first_look)
			continue;
		if (strcmp(vc_modules[i].family, "kvm") == 0 && mf->mod[i].state == VC_MOD_BUILTIN)
			buf_printf(&b, "%s%s", b.len ? ", " : "", vc_modules[i].name);
	}
	if (ctx->first_look)
		return 0;
	modprobe_config(ctx);
	cmdline_config(ctx);
	switch_journal(ctx);

	if (b.len)
		vc_finding(ctx, VC_SEV_INFO, VC_FID_MODULES_KVM_BUILTIN,
			   "KVM is built into this kernel (%s): it cannot be unloaded, and its parameters "
			   "can only be changed on the kernel command line.",
			   b.data);
	buf_free(&b);
	return 0;
}

/* What kernel/module/signing.c looks for at a module's end (MODULE_SIG_STRING,
 * include/linux/module_signature.h). */
#define SIG_MAGIC "~Module signature appended~\n"

enum vc_tri vc_ko_signed(struct vc_ctx *ctx, const char *path)
{
	_cleanup_(freep) char *tail = NULL;
	size_t n;

	/* a compressed module is signed before it is compressed: its end says nothing */
	if (!path || !endswith(path, ".ko") ||
	    vc_host_read_flags(ctx->host, path, strlen(SIG_MAGIC), VC_READ_TAIL, &tail, &n) < 0)
		return VC_TRI_NULL;
	return vc_tri(n == strlen(SIG_MAGIC) && !memcmp(tail, SIG_MAGIC, strlen(SIG_MAGIC)));
}

const struct vc_probe probe_modules = {
	.name = "modules",
	.id = VC_PROBE_MODULES,
	.summary = "hypervisor kernel modules: state, references, parameters, modprobe configuration",
	.fill = modules_fill,
};
