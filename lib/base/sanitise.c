/* Strings from outside made safe to show, and words quoted for the shell (lib/base/sanitise.h). */
#include "lib/base/sanitise.h"

#include <string.h>

size_t vc_utf8_next(const unsigned char *p, uint32_t *ret_cp)
{
	size_t n;
	uint32_t cp;

	if (p[0] < 0x80) {
		n = 1, cp = p[0];
		goto done;
	}
	if ((p[0] & 0xe0) == 0xc0)
		n = 2, cp = p[0] & 0x1f;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 3, cp = p[0] & 0x0f;
	else if ((p[0] & 0xf8) == 0xf0)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	/* a NUL is no continuation byte: a truncated sequence stops at the string's end */
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
done:
	if (ret_cp)
		*ret_cp = cp;
	return n;
}

size_t vc_utf8_len(const unsigned char *p)
{
	return vc_utf8_next(p, NULL);
}

bool vc_char_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x61c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfffe ||
	       cp == 0xffff;
}

/* The escape for the character at p (n bytes, code point cp; n == 0: a byte that is not UTF-8) into
 * out, or 0 when it is shown as it is. */
static size_t escape(const unsigned char *p, size_t n, uint32_t cp, unsigned flags, char out[8])
{
	if (n == 0)
		return (size_t)snprintf(out, 8, "\\x%02x", p[0]);
	if (!vc_char_is_control(cp) || (cp == '\n' && (flags & VC_SANE_KEEP_NL)))
		return 0;
	switch (cp) {
	case '\t':
		return (size_t)snprintf(out, 8, "\\t");
	case '\n':
		return (size_t)snprintf(out, 8, "\\n");
	case '\r':
		return (size_t)snprintf(out, 8, "\\r");
	default:
		return (size_t)snprintf(out, 8, cp < 0x80 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
	}
}

/* Walks s: each run shown as it is goes to put as one piece, each escape as another. */
static bool walk(const char *s, unsigned flags, void (*put)(void *, const char *, size_t), void *arg)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	bool changed = false;

	while (*p) {
		uint32_t cp = 0;
		size_t n = vc_utf8_next(p, &cp), k;
		char esc[8];

		k = escape(p, n, cp, flags, esc);
		if (!k) {
			p += n;
			continue;
		}
		changed = true;
		if (!put)
			return true;
		if (p > run)
			put(arg, (const char *)run, (size_t)(p - run));
		put(arg, esc, k);
		p += n ? n : 1;
		run = p;
	}
	if (put && p > run)
		put(arg, (const char *)run, (size_t)(p - run));
	return changed;
}

static void put_buf(void *arg, const char *s, size_t n)
{
	buf_append(arg, s, n);
}

static void put_file(void *arg, const char *s, size_t n)
{
	fwrite(s, 1, n, arg);
}

void vc_sane_append(struct buf *b, const char *s, unsigned flags)
{
	if (s)
		walk(s, flags, put_buf, b);
}

char *vc_sane(const char *s, unsigned flags)
{
	struct buf b = { 0 };

	if (!s)
		return NULL;
	vc_sane_append(&b, s, flags);
	buf_append(&b, "", 1);
	return b.data;
}

void vc_fputs_sane(const char *s, unsigned flags, FILE *f)
{
	if (s)
		walk(s, flags, put_file, f);
}

bool vc_is_sane(const char *s, unsigned flags)
{
	return !s || !walk(s, flags, NULL, NULL);
}

static bool shell_safe(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr("_@%+=:,./-", *s)))
			return false;
	return true;
}

void vc_shell_quote_append(struct buf *b, const char *s)
{
	if (!s)
		s = "";
	if (shell_safe(s)) {
		buf_append(b, s, strlen(s));
		return;
	}
	buf_append(b, "'", 1);
	for (; *s; s++)
		if (*s == '\'')
			buf_append(b, "'\\''", 4);
		else
			buf_append(b, s, 1);
	buf_append(b, "'", 1);
}

char *vc_shell_quote(const char *s)
{
	struct buf b = { 0 };

	vc_shell_quote_append(&b, s);
	buf_append(&b, "", 1);
	return b.data;
}
