/* capture --redact (see redact.h). */
#include "lib/host/redact.h"
#include "lib/base/util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct pair {
	char *from, *to;
};

struct pairs {
	struct pair *a;
	size_t n;
};

struct vc_redact {
	struct pairs homes, words;  /* path prefixes; whole words (users, the host name) */
	struct pairs ip4, ip6, mac; /* addresses seen, each with its placeholder */
	unsigned users;
};

static void pairs_add(struct pairs *p, const char *from, char *to)
{
	p->a = xrealloc(p->a, (p->n + 1) * sizeof(*p->a));
	p->a[p->n++] = (struct pair){ xstrdup(from), to };
}

static const struct pair *pairs_find(const struct pairs *p, const char *from, size_t len)
{
	for (size_t i = 0; i < p->n; i++)
		if (strlen(p->a[i].from) == len && !memcmp(p->a[i].from, from, len))
			return &p->a[i];
	return NULL;
}

static void pairs_free(struct pairs *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->a[i].from);
		free(p->a[i].to);
	}
	free(p->a);
}

struct vc_redact *vc_redact_new(void)
{
	return xcalloc(1, sizeof(struct vc_redact));
}

void vc_redact_free(struct vc_redact *r)
{
	if (!r)
		return;
	pairs_free(&r->homes);
	pairs_free(&r->words);
	pairs_free(&r->ip4);
	pairs_free(&r->ip6);
	pairs_free(&r->mac);
	free(r);
}

/* Names the system and the hypervisors use: replacing them would change what replays. */
static bool reserved(const char *name)
{
	static const char *const names[] = { "root",	  "nobody", "kvm", "qemu",  "libvirt", "libvirt-qemu",
					     "vboxusers", "daemon", "sys", "admin", "user",    "runner" };

	if (strlen(name) < 3)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

void vc_redact_user(struct vc_redact *r, const char *name, const char *home)
{
	const struct pair *known = pairs_find(&r->words, name, strlen(name));
	const char *to;

	if (reserved(name))
		return;
	if (!known) {
		pairs_add(&r->words, name, xasprintf("user%u", ++r->users));
		known = &r->words.a[r->words.n - 1];
	}
	to = known->to;
	if (home && home[0] == '/' && strlen(home) > 1 && strcmp(home, "/root") != 0 &&
	    !pairs_find(&r->homes, home, strlen(home)))
		pairs_add(&r->homes, home, xasprintf("/home/%s", to));
}

void vc_redact_hostname(struct vc_redact *r, const char *name)
{
	if (name && strlen(name) >= 3 && strcmp(name, "localhost") != 0 &&
	    !pairs_find(&r->words, name, strlen(name)))
		pairs_add(&r->words, name, xasprintf("host%u", 1u));
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

static size_t hex_run(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && isxdigit((unsigned char)p[n]))
		n++;
	return n;
}

/* aa:bb:cc:dd:ee:ff at p */
static size_t match_mac(const char *p, const char *end)
{
	if (end - p < 17)
		return 0;
	for (int i = 0; i < 17; i++)
		if (i % 3 == 2 ? p[i] != ':' : !isxdigit((unsigned char)p[i]))
			return 0;
	return p + 17 < end && (isalnum((unsigned char)p[17]) || p[17] == ':') ? 0 : 17;
}

/* An IPv6 address at p: hex groups of up to 4 digits, with "::" or all eight groups. */
static size_t match_ip6(const char *p, const char *end)
{
	size_t n = 0, colons = 0, groups = 0;
	bool dbl = false;

	while (p + n < end) {
		size_t h = hex_run(p + n, end);

		if (h > 4)
			return 0;
		groups += h > 0;
		n += h;
		if (p + n >= end || p[n] != ':')
			break;
		if (p + n + 1 < end && p[n + 1] == ':') {
			if (dbl)
				return 0;
			dbl = true;
			colons++;
			n++;
		}
		colons++;
		n++;
	}
	if (p + n < end && (isalnum((unsigned char)p[n]) || p[n] == '.' || p[n] == ':'))
		return 0;
	if (!(dbl ? colons >= 2 && groups >= 2 : colons == 7 && groups == 8))
		return 0;
	return n;
}

/* A dotted quad at p that is an address: not glued to letters, dots or '-' (a version). */
static size_t match_ip4(const char *p, const char *end)
{
	size_t n = 0;

	for (int part = 0; part < 4; part++) {
		unsigned v = 0, digits = 0;

		while (p + n < end && isdigit((unsigned char)p[n]) && digits < 4) {
			v = v * 10 + (unsigned)(p[n] - '0');
			n++;
			digits++;
		}
		if (!digits || digits > 3 || v > 255)
			return 0;
		if (part < 3) {
			if (p + n >= end || p[n] != '.')
				return 0;
			n++;
		}
	}
	if (p + n < end && (isalnum((unsigned char)p[n]) || p[n] == '.' || p[n] == '-'))
		return 0;
	if ((n == 9 && !memcmp(p, "127.0.0.1", 9)) || (n == 7 && !memcmp(p, "0.0.0.0", 7)))
		return 0;
	return n;
}

static const char *placeholder(struct pairs *seen, const char *p, size_t n, const char *fmt)
{
	const struct pair *known = pairs_find(seen, p, n);
	char *from;

	if (known)
		return known->to;
	from = xstrndup(p, n);
	pairs_add(seen, from, xasprintf(fmt, (unsigned)seen->n + 1));
	free(from);
	return seen->a[seen->n - 1].to;
}

char *vc_redact_text(struct vc_redact *r, const char *text, size_t len, size_t *ret_len)
{
	struct buf out = { 0 };
	const char *p = text, *end = text + len;

	while (p < end) {
		char prev = p > text ? p[-1] : ' ';
		bool start = !word_char(prev) && prev != ':' && prev != '/';
		const char *to = NULL;
		size_t n = 0;

		for (size_t i = 0; !to && i < r->homes.n; i++) {
			size_t l = strlen(r->homes.a[i].from);

			if (!word_char(prev) && (size_t)(end - p) >= l && !memcmp(p, r->homes.a[i].from, l) &&
			    (p + l == end || !word_char(p[l])))
				to = r->homes.a[i].to, n = l;
		}
		for (size_t i = 0; !to && !word_char(prev) && i < r->words.n; i++) {
			size_t l = strlen(r->words.a[i].from);

			if ((size_t)(end - p) >= l && !memcmp(p, r->words.a[i].from, l) &&
			    (p + l == end || !word_char(p[l])))
				to = r->words.a[i].to, n = l;
		}
		if (!to && start && (n = match_mac(p, end)))
			to = placeholder(&r->mac, p, n, "02:00:00:00:00:%02x");
		if (!to && start && (n = match_ip6(p, end)))
			to = placeholder(&r->ip6, p, n, "2001:db8::%x");
		if (!to && start && prev != '-' && (n = match_ip4(p, end)))
			to = placeholder(&r->ip4, p, n, "192.0.2.%u");
		if (to) {
			buf_append(&out, to, strlen(to));
			p += n;
		} else {
			buf_append(&out, p, 1);
			p++;
		}
	}
	buf_append(&out, "", 1);
	*ret_len = out.len - 1;
	return out.data;
}

/* Files whose whole value identifies one machine: a UUID or serial number the firmware or the
 * hypervisor gives it. Each keeps the markers virtcheck detects a platform by (a prefix compared
 * without case; a whole value is a prefix as long as itself), so a redacted capture replays to the
 * same verdict: a Xen PV EC2 domain's /sys/hypervisor/uuid begins with "ec2" (probes/environment.c,
 * AWS "Identify EC2 Linux instances"), and so does an EC2 instance's DMI product_uuid; Azure's and
 * Oracle Cloud's chassis asset tags are the same on every instance (cloud-init's ds-identify). */
static const struct {
	const char *path;
	const char *const keep[3];
} id_files[] = {
	{ "/sys/hypervisor/uuid", { "ec2", NULL } },
	{ "/sys/class/dmi/id/product_uuid", { "ec2", NULL } },
	{ "/sys/class/dmi/id/product_serial", { NULL } },
	{ "/sys/class/dmi/id/board_serial", { NULL } },
	{ "/sys/class/dmi/id/chassis_serial", { NULL } },
	{ "/sys/class/dmi/id/chassis_asset_tag",
	  { "7783-7084-3265-9085-8269-3286-77", "OracleCloud.com", NULL } },
	{ "/etc/machine-id", { NULL } },
};

/* The value with every letter and digit after the kept marker replaced by '0' (dashes, blanks and
 * the line end stay: a UUID still reads as one). */
static char *mask_id(const char *const *keep, const char *text, size_t len)
{
	char *out = xstrndup(text, len);
	size_t from = 0;

	for (size_t i = 0; keep[i]; i++)
		if (len >= strlen(keep[i]) && !strncasecmp(text, keep[i], strlen(keep[i]))) {
			from = strlen(keep[i]);
			break;
		}
	for (size_t i = from; i < len; i++)
		if (isalnum((unsigned char)out[i]))
			out[i] = '0';
	return out;
}

char *vc_redact_file(struct vc_redact *r, const char *path, const char *text, size_t len, size_t *ret_len)
{
	for (size_t i = 0; path && i < ARRAY_SIZE(id_files); i++)
		if (!strcmp(path, id_files[i].path)) {
			_cleanup_(freep) char *masked = mask_id(id_files[i].keep, text, len);

			return vc_redact_text(r, masked, len, ret_len);
		}
	return vc_redact_text(r, text, len, ret_len);
}
