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
	{ "nixos", VC_DISTRO_NIXOS },	{ "debian", VC_DISTRO_DEBIAN }, { "ubuntu", VC_DISTRO_DEBIAN },
	{ "fedora", VC_DISTRO_FEDORA }, { "rhel", VC_DISTRO_FEDORA },	{ "centos", VC_DISTRO_FEDORA },
	{ "arch", VC_DISTRO_ARCH },	{ "suse", VC_DISTRO_SUSE },	{ "opensuse", VC_DISTRO_SUSE },
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

void vc_distro_fill(struct vc_ctx *ctx)
{
	struct vc_distro_facts *d = &ctx->facts.distro;
	_cleanup_(freep) char *text = NULL, *like = NULL;
	enum vc_ftype t;

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
	cmdline_sources(ctx, d);
}
