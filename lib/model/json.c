/* A strict, bounded JSON reader for the files virtcheck writes and reads back (bench --compare):
 * recursive descent with a depth limit, no allocation proportional to anything but the input,
 * and an error that names the byte offset. Untrusted input: fuzzed (tests/fuzz/fuzz_json.c). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/util.h"
#include "lib/model/val.h"

#define JSON_MAX_DEPTH 64

struct parser {
	const char *p, *end, *start;
	char *err;
	size_t errlen;
	int depth;
};

static struct vc_val *fail(struct parser *ps, const char *what)
{
	if (ps->err && ps->errlen && !ps->err[0])
		snprintf(ps->err, ps->errlen, "%s at byte %zu", what, (size_t)(ps->p - ps->start));
	return NULL;
}

static void ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static bool lit(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return false;
	ps->p += n;
	return true;
}

static int hex4(struct parser *ps, uint32_t *out)
{
	*out = 0;
	if (ps->end - ps->p < 4)
		return -EINVAL;
	for (int i = 0; i < 4; i++) {
		char c = *ps->p++;

		*out <<= 4;
		if (c >= '0' && c <= '9')
			*out |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*out |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*out |= (uint32_t)(c - 'A' + 10);
		else
			return -EINVAL;
	}
	return 0;
}

static void put_utf8(struct buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_append(b, u, n);
}

/* A string after its opening quote, into a NUL-terminated heap copy. */
static char *string(struct parser *ps)
{
	struct buf b = { 0 };

	for (;;) {
		unsigned char c;

		if (ps->p >= ps->end)
			goto bad;
		c = (unsigned char)*ps->p++;
		if (c == '"')
			break;
		if (c < 0x20)
			goto bad;
		if (c >= 0x80) {
			/* RFC 8259: UTF-8 only, so what we write back is what we read */
			unsigned char seq[5] = { c, 0, 0, 0, 0 };
			size_t n;

			for (size_t i = 1; i < 4 && ps->p + i - 1 < ps->end; i++)
				seq[i] = (unsigned char)ps->p[i - 1];
			n = vc_utf8_len(seq);
			if (!n)
				goto bad;
			buf_append(&b, (const char *)seq, n);
			ps->p += n - 1;
			continue;
		}
		if (c != '\\') {
			buf_append(&b, (const char *)&c, 1);
			continue;
		}
		if (ps->p >= ps->end)
			goto bad;
		c = (unsigned char)*ps->p++;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			buf_append(&b, (const char *)&c, 1);
			break;
		case 'b':
			buf_append(&b, "\b", 1);
			break;
		case 'f':
			buf_append(&b, "\f", 1);
			break;
		case 'n':
			buf_append(&b, "\n", 1);
			break;
		case 'r':
			buf_append(&b, "\r", 1);
			break;
		case 't':
			buf_append(&b, "\t", 1);
			break;
		case 'u': {
			uint32_t cp, lo;

			if (hex4(ps, &cp) < 0 || cp == 0)
				goto bad;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (!lit(ps, "\\u") || hex4(ps, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				goto bad;
			}
			put_utf8(&b, cp);
			break;
		}
		default:
			goto bad;
		}
	}
	buf_append(&b, "", 1);
	return b.data;
bad:
	buf_free(&b);
	fail(ps, "malformed string");
	return NULL;
}

static struct vc_val *number(struct parser *ps)
{
	const char *s = ps->p;
	char tmp[64];
	bool integer = true;
	size_t n;

	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
		return fail(ps, "malformed number");
	if (*ps->p == '0')
		ps->p++;
	else
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	if (ps->p < ps->end && *ps->p == '.') {
		integer = false;
		ps->p++;
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, "malformed number");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		integer = false;
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, "malformed number");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	n = (size_t)(ps->p - s);
	if (n >= sizeof(tmp))
		return fail(ps, "number too long");
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (integer) {
		int64_t i;

		if (parse_i64(tmp, 10, &i) == 0)
			return vc_int(i);
	}
	return vc_dbl(strtod(tmp, NULL));
}

static struct vc_val *value(struct parser *ps);

static struct vc_val *container(struct parser *ps, bool obj)
{
	struct vc_val *v = obj ? vc_obj() : vc_arr();

	if (++ps->depth > JSON_MAX_DEPTH) {
		vc_val_free(v);
		return fail(ps, "nested too deeply");
	}
	ws(ps);
	if (ps->p < ps->end && *ps->p == (obj ? '}' : ']')) {
		ps->p++;
		ps->depth--;
		return v;
	}
	for (;;) {
		_cleanup_(freep) char *key = NULL;
		struct vc_val *item;

		ws(ps);
		if (obj) {
			if (ps->p >= ps->end || *ps->p != '"')
				goto bad_key;
			ps->p++;
			key = string(ps);
			if (!key)
				goto bad;
			ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				goto bad_key;
			ps->p++;
		}
		item = value(ps);
		if (!item)
			goto bad;
		if (obj)
			vc_obj_set(v, key, item);
		else
			vc_arr_push(v, item);
		ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == (obj ? '}' : ']')) {
			ps->p++;
			break;
		}
		fail(ps, obj ? "expected ',' or '}'" : "expected ',' or ']'");
		goto bad;
	}
	ps->depth--;
	return v;
bad_key:
	fail(ps, "expected a key and ':'");
bad:
	vc_val_free(v);
	return NULL;
}

static struct vc_val *value(struct parser *ps)
{
	ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end");
	switch (*ps->p) {
	case '{':
		ps->p++;
		return container(ps, true);
	case '[':
		ps->p++;
		return container(ps, false);
	case '"': {
		char *s;
		struct vc_val *v;

		ps->p++;
		s = string(ps);
		if (!s)
			return NULL;
		v = vc_str(s);
		free(s);
		return v;
	}
	case 't':
		return lit(ps, "true") ? vc_bool(true) : fail(ps, "unknown literal");
	case 'f':
		return lit(ps, "false") ? vc_bool(false) : fail(ps, "unknown literal");
	case 'n':
		return lit(ps, "null") ? vc_null() : fail(ps, "unknown literal");
	default:
		return number(ps);
	}
}

int vc_json_parse(const char *buf, size_t len, struct vc_val **ret, char *err, size_t errlen)
{
	struct parser ps = { .p = buf, .end = buf + len, .start = buf, .err = err, .errlen = errlen };
	struct vc_val *v;

	*ret = NULL;
	if (err && errlen)
		err[0] = '\0';
	v = value(&ps);
	if (!v)
		return -EINVAL;
	ws(&ps);
	if (ps.p != ps.end) {
		vc_val_free(v);
		fail(&ps, "trailing data");
		return -EINVAL;
	}
	*ret = v;
	return 0;
}
