/* Journals as text (lib/model/journal.h). */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "lib/model/journal.h"

void vc_journal_start(struct vc_jwriter *w, const char *kind)
{
	memset(w, 0, sizeof(*w));
	buf_printf(&w->b, "virtcheck-journal %d %s\n", VC_JOURNAL_VERSION, kind);
}

void vc_journal_rec(struct vc_jwriter *w, const char *key, const char *fmt, ...)
{
	_cleanup_(freep) char *val = NULL;
	va_list ap;

	va_start(ap, fmt);
	val = xvasprintf(fmt, ap);
	va_end(ap);
	buf_printf(&w->b, "%s%s", key, *val ? " " : "");
	for (const unsigned char *c = (const unsigned char *)val; *c; c++) {
		if (*c == '\\')
			buf_append(&w->b, "\\\\", 2);
		else if (*c == '\n')
			buf_append(&w->b, "\\n", 2);
		else if (*c == '\t')
			buf_append(&w->b, "\\t", 2);
		else if (*c < 0x20 || *c == 0x7f)
			buf_printf(&w->b, "\\x%02x", *c);
		else
			buf_append(&w->b, (const char *)c, 1);
	}
	buf_append(&w->b, "\n", 1);
	w->n++;
}

void vc_journal_end(struct vc_jwriter *w)
{
	buf_printf(&w->b, "end %zu\n", w->n);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The value of a record, unescaped in place; false on a broken escape. */
static bool unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (*s != '\\') {
			*out++ = *s;
			continue;
		}
		switch (*++s) {
		case '\\':
			*out++ = '\\';
			break;
		case 'n':
			*out++ = '\n';
			break;
		case 't':
			*out++ = '\t';
			break;
		case 'x':
			if (hexval(s[1]) < 0 || hexval(s[2]) < 0 || (hexval(s[1]) == 0 && hexval(s[2]) == 0))
				return false;
			*out++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 2;
			break;
		default:
			return false;
		}
	}
	*out = '\0';
	return true;
}

static bool key_ok(const char *k)
{
	if (!*k)
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '-' || *k == '_'))
			return false;
	return true;
}

_printf_(2, 3) static int bad(char **ret_why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	*ret_why = xvasprintf(fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

int vc_journal_parse(const char *text, size_t len, struct vc_journal *j, char **ret_why)
{
	_cleanup_(freep) char *copy = NULL;
	char *cur, *l, kind[64];
	unsigned line = 1, version;
	bool ended = false;
	int r = 0;

	memset(j, 0, sizeof(*j));
	*ret_why = NULL;
	if (len == 0)
		return bad(ret_why, "empty");
	if (memchr(text, '\0', len))
		return bad(ret_why, "a NUL byte at offset %zu: not a journal",
			   (size_t)((const char *)memchr(text, '\0', len) - text));
	if (text[len - 1] != '\n')
		return bad(ret_why, "cut short: the last line has no end");
	copy = xstrndup(text, len);
	cur = copy;
	l = next_line(&cur);
	if (sscanf(l, "virtcheck-journal %u %63s", &version, kind) != 2)
		return bad(ret_why, "line 1: not a virtcheck journal (\"virtcheck-journal VERSION KIND\")");
	if (version != VC_JOURNAL_VERSION)
		return bad(ret_why, "line 1: journal version %u; this virtcheck reads version %d", version,
			   VC_JOURNAL_VERSION);
	j->kind = xstrdup(kind);
	while (!r && (l = next_line(&cur))) {
		char *sp = strchr(l, ' ');
		struct vc_jrec *rec;

		line++;
		if (ended) {
			r = bad(ret_why, "line %u: more after the end line", line);
			break;
		}
		if (sp)
			*sp = '\0';
		if (!key_ok(l)) {
			r = bad(ret_why, "line %u: not a record (\"KEY VALUE\")", line);
			break;
		}
		if (!strcmp(l, "end")) {
			uint64_t n;

			if (!sp || parse_u64(sp + 1, 10, &n) < 0 || n != j->recs.n)
				r = bad(ret_why, "line %u: the end line counts %s records, %zu were read",
					line, sp ? sp + 1 : "no", j->recs.n);
			ended = true;
			continue;
		}
		if (sp && !unescape(sp + 1)) {
			r = bad(ret_why, "line %u: a broken escape in the value of %s", line, l);
			break;
		}
		rec = VC_PUSH(j->recs);
		rec->key = xstrdup(l);
		rec->val = xstrdup(sp ? sp + 1 : "");
		rec->line = line;
	}
	if (!r && !ended)
		r = bad(ret_why, "cut short: no end line after %zu records", j->recs.n);
	if (r)
		vc_journal_free(j);
	return r;
}

const char *vc_journal_get(const struct vc_journal *j, const char *key)
{
	for (size_t i = 0; i < j->recs.n; i++)
		if (!strcmp(j->recs.v[i].key, key))
			return j->recs.v[i].val;
	return NULL;
}

void vc_journal_free(struct vc_journal *j)
{
	for (size_t i = 0; i < j->recs.n; i++) {
		free(j->recs.v[i].key);
		free(j->recs.v[i].val);
	}
	free(j->recs.v);
	free(j->kind);
	memset(j, 0, sizeof(*j));
}
