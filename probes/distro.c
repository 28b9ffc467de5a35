/* The distribution (os-release, /etc/NIXOS, /run/ostree-booted) and where it sets the kernel
 * command line: it decides how remedies persist (lib/model/remedies.c). Filled with the modules
 * probe, before any probe writes a remedy. */
#include <string.h>

#include "probes/probes.h"

/* os-release ID or ID_LIKE words, and the family each one means; first match wins. */
static const struct {
	const char *word;
	enum vc_distro family;
} families[] = {
	{ "nixos", VC_DISTRO_NIXOS },
	{ "debian", VC_DISTRO_DEBIAN },
	{ "ubuntu", VC_DISTRO_DEBIAN },
	{ "fedora", VC_DISTRO_FEDORA },
	{ "rhel", VC_DISTRO_FEDORA },
	{ "centos", VC_DISTRO_FEDORA },
	{ "arch", VC_DISTRO_ARCH },
	{ "suse", VC_DISTRO_SUSE },
	{ "opensuse", VC_DISTRO_SUSE },
	/* Artix's os-release says ID=artix and no ID_LIKE: Arch without systemd (pacman,
	 * mkinitcpio, Arch's kernel and module packages rebuilt) */
	{ "artix", VC_DISTRO_ARCH },
};

/* KEY=value or KEY="value" from os-release text, unquoted; NULL when absent. */
static char *os_release_value(const char *text, const char *key)
{
	size_t klen = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l, key, klen) && l[klen] == '=') {
			const char *v = l + klen + 1;
			size_t n = strcspn(v, "\n");

			if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
				v++;
				n -= 2;
			}
			return xasprintf("%.*s", (int)n, v);
		}
	return NULL;
}

static enum vc_distro family_of(const char *id, const char *like)
{
	const char *words[] = { id, like };

	for (size_t w = 0; w < ARRAY_SIZE(words); w++)
		for (size_t i = 0; words[w] && i < ARRAY_SIZE(families); i++) {
			const char *p = strstr(words[w], families[i].word);
			size_t n = strlen(families[i].word);

			/* a whole word of the space-separated list ("opensuse-tumbleweed" is suse) */
			if (p && (p == words[w] || p[-1] == ' ' || p[-1] == '-') &&
			    (!p[n] || p[n] == ' ' || p[n] == '-'))
				return families[i].family;
		}
	return VC_DISTRO_UNKNOWN;
}

/* The lines that set the kernel command line, with file and line number. */
static void cmdline_sources(struct vc_ctx *ctx, struct vc_distro_facts *d)
{
	static const struct {
		const char *path, *prefix; /* NULL prefix: every line */
	} files[] = {
		{ "/etc/default/grub", "GRUB_CMDLINE_LINUX" },
		{ "/etc/kernel/cmdline", NULL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_(freep) char *text = NULL;
		char *cur, *line;
		unsigned n = 0;

		if (vc_host_read(ctx->host, files[i].path, 1u << 16, &text, NULL) < 0)
			continue;
		cur = text;
		while ((line = next_line(&cur))) {
			struct vc_cmdline_source *s;

			n++;
			line = strstrip(line);
			if (!*line || *line == '#' || (files[i].prefix && !startswith(line, files[i].prefix)))
				continue;
			s = VC_PUSH(d->cmdline_sources);
			s->source = xasprintf("%s:%u", files[i].path, n);
			s->text = xstrdup(line);
		}
	}
}

/* Where the initramfs is told to hold modules: Debian's module list (a module a line), dracut's
 * add_drivers/force_drivers, mkinitcpio's MODULES=, each with its drop-in directory. Sources:
 * initramfs-tools(7) (/etc/initramfs-tools/modules), dracut.conf(5), mkinitcpio.conf(5). */
static const struct {
	const char *path; /* a file, or a directory of *.conf when it ends in '/' */
	const char *key;  /* the setting that lists modules; NULL: the line's first word */
} initramfs_lists[] = {
	{ "/etc/initramfs-tools/modules", NULL },   { "/etc/dracut.conf", "add_drivers" },
	{ "/etc/dracut.conf", "force_drivers" },    { "/etc/dracut.conf.d/", "add_drivers" },
	{ "/etc/dracut.conf.d/", "force_drivers" }, { "/etc/mkinitcpio.conf", "MODULES" },
	{ "/etc/mkinitcpio.conf.d/", "MODULES" },
};

#define INITRAMFS_MAX_MODULES 256

/* The modules one file of initramfs_lists[] names, each with its "path:line". */
static void initramfs_list(struct vc_ctx *ctx, struct vc_distro_facts *d, const char *path, const char *key)
{
	static const char delims[] = " \t\"'()=+,";
	_cleanup_(freep) char *text = NULL;
	char *cur, *l;
	unsigned n = 0;

	if (vc_host_read(ctx->host, path, 1u << 16, &text, NULL) < 0)
		return;
	cur = text;
	while ((l = next_line(&cur)) && d->initramfs_modules.n < INITRAMFS_MAX_MODULES) {
		n++;
		l = strstrip(l);
		if (!*l || *l == '#' || (key && (!startswith(l, key) || !strchr("=+ ", l[strlen(key)]))))
			continue;
		if (key)
			l += strlen(key);
		/* Debian's list: a module and its options a line; the others: every word of the value */
		for (char *w = l + strspn(l, delims); *w && d->initramfs_modules.n < INITRAMFS_MAX_MODULES;) {
			size_t k = strcspn(w, delims);
			struct vc_initramfs_module *m = VC_PUSH(d->initramfs_modules);

			m->module = xstrndup(w, k);
			/* '-' and '_' are the same to modprobe: spelled as the modules probe does */
			for (char *c = m->module; *c; c++)
				*c = *c == '-' ? '_' : *c;
			m->source = xasprintf("%s:%u", path, n);
			if (!key)
				break;
			w += k;
			w += strspn(w, delims);
		}
	}
}

/* Every module an initramfs configuration lists, in the order of initramfs_lists[]. */
static void initramfs_modules(struct vc_ctx *ctx, struct vc_distro_facts *d)
{
	for (size_t i = 0; i < ARRAY_SIZE(initramfs_lists); i++) {
		const char *path = initramfs_lists[i].path;
		char **names = NULL;
		size_t n = 0;

		if (!endswith(path, "/")) {
			initramfs_list(ctx, d, path, initramfs_lists[i].key);
			continue;
		}
		if (vc_host_list(ctx->host, path, &names, &n) < 0)
			continue;
		for (size_t k = 0; k < n; k++) {
			_cleanup_(freep) char *full = xasprintf("%s%s", path, names[k]);

			if (endswith(names[k], ".conf"))
				initramfs_list(ctx, d, full, initramfs_lists[i].key);
		}
		vc_strv_free(names);
	}
	d->initramfs_listed = d->initramfs_modules.n > 0;
	for (size_t i = 0; i < d->initramfs_modules.n; i++)
		vc_evidence(ctx, "%s: the initramfs holds %s", d->initramfs_modules.v[i].source,
			    d->initramfs_modules.v[i].module);
}

/* The running kernel's package: Arch's kernel PKGBUILDs write its pkgbase into the module directory
 * ("Used by mkinitcpio to name the kernel": `echo "$pkgbase" | install -Dm644 /dev/stdin
 * "$modulesdir/pkgbase"`, modulesdir /usr/lib/modules/KVER; CachyOS/linux-cachyos
 * linux-cachyos/PKGBUILD 00f00786, whose headers package is "$pkgbase-headers"). One line of a
 * package name's characters, else nothing. */
static char *kernel_package(struct vc_ctx *ctx)
{
	_cleanup_(freep) char *text = NULL, *path = NULL;
	const char *k = ctx->facts.kernel;
	size_t n;

	if (!k || !*k || strchr(k, '/') || !strcmp(k, ".") || !strcmp(k, ".."))
		return NULL;
	path = xasprintf("/lib/modules/%s/pkgbase", k);
	if (vc_host_read(ctx->host, path, 256, &text, NULL) < 0)
		return NULL;
	n = strcspn(text, "\n");
	if (!n || n > 64 || text[n + strspn(text + n, "\n")])
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-", text[i]))
			return NULL;
	return xstrndup(text, n);
}

/*
 * The init system, from what each one leaves where the others do not, first match wins:
 *  - systemd: /run/systemd/system, the directory sd_booted(3) tests ("checks whether the directory
 *    /run/systemd/system/ exists"); a host with systemd installed but not running has none;
 *  - OpenRC: /run/openrc, its run-time state (RC_SVCDIR; the softlevel and started/ rc-status
 *    reads), there whether OpenRC runs as PID 1 (openrc-init) or under sysvinit's init (Gentoo);
 *  - runit: /run/runit, which Void's runit stages create (/etc/runit/1, core-services), or PID 1
 *    named runit;
 *  - sysvinit: PID 1 named init with /etc/inittab and neither of the above (Devuan, MX Linux).
 * /proc/1/comm decides only what the directories left open.
 */
static enum vc_init init_system(struct vc_ctx *ctx)
{
	static const struct {
		const char *path;
		enum vc_init init;
	} dirs[] = {
		{ "/run/systemd/system", VC_INIT_SYSTEMD },
		{ "/run/openrc", VC_INIT_OPENRC },
		{ "/run/runit", VC_INIT_RUNIT },
	};
	static const struct {
		const char *comm;
		enum vc_init init;
	} comms[] = {
		{ "systemd", VC_INIT_SYSTEMD },
		{ "openrc-init", VC_INIT_OPENRC },
		{ "runit", VC_INIT_RUNIT },
	};
	_cleanup_(freep) char *comm = NULL;
	enum vc_ftype t;

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (vc_host_stat(ctx->host, dirs[i].path, &t) == 0 && t == VC_FT_DIR) {
			vc_evidence(ctx, "%s exists: init system %s", dirs[i].path,
				    vc_init_name(dirs[i].init));
			return dirs[i].init;
		}
	if (vc_host_read_value(ctx->host, "/proc/1/comm", &comm) < 0 || !*comm)
		return VC_INIT_UNKNOWN;
	for (size_t i = 0; i < ARRAY_SIZE(comms); i++)
		if (!strcmp(comm, comms[i].comm)) {
			vc_evidence(ctx, "/proc/1/comm: %s", comms[i].comm);
			return comms[i].init;
		}
	if (!strcmp(comm, "init") && vc_host_stat(ctx->host, "/etc/inittab", &t) == 0) {
		vc_evidence(ctx, "/proc/1/comm: init, /etc/inittab exists: init system sysvinit");
		return VC_INIT_SYSVINIT;
	}
	return VC_INIT_UNKNOWN;
}

void vc_distro_fill(struct vc_ctx *ctx)
{
	struct vc_distro_facts *d = &ctx->facts.distro;
	_cleanup_(freep) char *text = NULL, *like = NULL;
	enum vc_ftype t;

	/* once: the cpuid probe asks before the modules probe when its remedy needs it */
	if (d->read)
		return;
	d->read = true;
	if (vc_host_read(ctx->host, "/etc/os-release", 1u << 16, &text, NULL) == 0 ||
	    vc_host_read(ctx->host, "/usr/lib/os-release", 1u << 16, &text, NULL) == 0) {
		d->id = os_release_value(text, "ID");
		d->pretty_name = os_release_value(text, "PRETTY_NAME");
		like = os_release_value(text, "ID_LIKE");
	}
	d->family = family_of(d->id, like);
	/* how it boots beats what it descends from */
	if (vc_host_stat(ctx->host, "/etc/NIXOS", &t) == 0)
		d->family = VC_DISTRO_NIXOS;
	else if (vc_host_stat(ctx->host, "/run/ostree-booted", &t) == 0)
		d->family = VC_DISTRO_OSTREE;
	vc_evidence(ctx, "distribution %s (%s)", d->id ? d->id : "?", vc_distro_name(d->family));
	d->init = init_system(ctx);
	d->init_known = d->init != VC_INIT_UNKNOWN;
	d->kernel_package = kernel_package(ctx);
	if (d->kernel_package)
		vc_evidence(ctx, "/lib/modules/%s/pkgbase: the running kernel is package %s",
			    ctx->facts.kernel, d->kernel_package);
	cmdline_sources(ctx, d);
	/* NixOS builds its initrd from the configuration: no such lists there */
	if (d->family != VC_DISTRO_NIXOS)
		initramfs_modules(ctx, d);
}
