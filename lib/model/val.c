/* A small ordered value tree (null, bool, int, string, array, object): the facts probes emit. */
#include "lib/model/val.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static struct vc_val *val_new(enum vc_type t)
{
	struct vc_val *v = xcalloc(1, sizeof(*v));

	v->type = t;
	return v;
}

struct vc_val *vc_null(void)
{
	return val_new(VC_NULL);
}

struct vc_val *vc_bool(bool b)
{
	struct vc_val *v = val_new(VC_BOOL);

	v->b = b;
	return v;
}

struct vc_val *vc_int(int64_t i)
{
	struct vc_val *v = val_new(VC_INT);

	v->i = i;
	return v;
}

struct vc_val *vc_dbl(double d)
{
	struct vc_val *v;

	if (!isfinite(d))
		return vc_null();
	v = val_new(VC_DBL);
	v->d = d == 0 ? 0 : d; /* no negative zero: "-0" would read back as the integer 0 */
	return v;
}

struct vc_val *vc_str(const char *s)
{
	struct vc_val *v;

	if (!s)
		return vc_null();
	v = val_new(VC_STR);
	v->s = xstrdup(s);
	return v;
}

struct vc_val *vc_vstrf(const char *fmt, va_list ap)
{
	struct vc_val *v = val_new(VC_STR);

	v->s = xvasprintf(fmt, ap);
	return v;
}

struct vc_val *vc_strf(const char *fmt, ...)
{
	struct vc_val *v;
	va_list ap;

	va_start(ap, fmt);
	v = vc_vstrf(fmt, ap);
	va_end(ap);
	return v;
}

struct vc_val *vc_arr(void)
{
	return val_new(VC_ARR);
}

struct vc_val *vc_obj(void)
{
	return val_new(VC_OBJ);
}

void vc_val_free(struct vc_val *v)
{
	if (!v)
		return;
	if (v->type == VC_STR)
		free(v->s);
	if (v->type == VC_ARR || v->type == VC_OBJ) {
		for (size_t i = 0; i < v->c.n; i++) {
			vc_val_free(v->c.items[i]);
			if (v->c.keys)
				free(v->c.keys[i]);
		}
		free(v->c.items);
		free(v->c.keys);
	}
	free(v);
}

static void grow(struct vc_val *c)
{
	if (c->c.n < c->c.cap)
		return;
	c->c.cap = c->c.cap ? c->c.cap * 2 : 8;
	c->c.items = xrealloc(c->c.items, c->c.cap * sizeof(struct vc_val *));
	if (c->type == VC_OBJ)
		c->c.keys = xrealloc(c->c.keys, c->c.cap * sizeof(*c->c.keys));
}

struct vc_val *vc_obj_set(struct vc_val *obj, const char *key, struct vc_val *v)
{
	for (size_t i = 0; i < obj->c.n; i++)
		if (strcmp(obj->c.keys[i], key) == 0) {
			vc_val_free(obj->c.items[i]);
			obj->c.items[i] = v;
			return v;
		}
	grow(obj);
	obj->c.keys[obj->c.n] = xstrdup(key);
	obj->c.items[obj->c.n++] = v;
	return v;
}

struct vc_val *vc_arr_push(struct vc_val *arr, struct vc_val *v)
{
	grow(arr);
	arr->c.items[arr->c.n++] = v;
	return v;
}

const struct vc_val *vc_obj_get(const struct vc_val *obj, const char *key)
{
	if (!obj || obj->type != VC_OBJ)
		return NULL;
	for (size_t i = 0; i < obj->c.n; i++)
		if (strcmp(obj->c.keys[i], key) == 0)
			return obj->c.items[i];
	return NULL;
}

const struct vc_val *vc_get(const struct vc_val *root, const char *path)
{
	char key[128];

	while (root && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		root = vc_obj_get(root, key);
		path += n + (dot ? 1 : 0);
	}
	return root;
}

const char *vc_get_str(const struct vc_val *root, const char *path)
{
	const struct vc_val *v = vc_get(root, path);

	return v && v->type == VC_STR ? v->s : NULL;
}

bool vc_get_bool(const struct vc_val *root, const char *path, bool fallback)
{
	const struct vc_val *v = vc_get(root, path);

	return v && v->type == VC_BOOL ? v->b : fallback;
}

int64_t vc_get_int(const struct vc_val *root, const char *path, int64_t fallback)
{
	const struct vc_val *v = vc_get(root, path);

	return v && v->type == VC_INT ? v->i : fallback;
}

double vc_get_num(const struct vc_val *root, const char *path)
{
	const struct vc_val *v = vc_get(root, path);

	if (v && v->type == VC_DBL)
		return v->d;
	return v && v->type == VC_INT ? (double)v->i : NAN;
}

bool vc_has(const struct vc_val *root, const char *path)
{
	const struct vc_val *v = vc_get(root, path);

	return v && v->type != VC_NULL;
}

void vc_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		uint32_t cp;
		size_t n;

		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			/* Text from a hostile sysroot may be any bytes: keep the document valid. */
			n = vc_utf8_next(p, &cp);
			if (!n) {
				fputs("\\ufffd", f);
				break;
			}
			if (vc_char_is_control(cp)) {
				fprintf(f, "\\u%04x", (unsigned)cp);
				p += n;
				continue;
			}
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		p++;
	}
	fputc('"', f);
}

static void indent_to(FILE *f, int n)
{
	fprintf(f, "%*s", n * 2, "");
}

void vc_json_write(FILE *f, const struct vc_val *v, int indent)
{
	if (!v) {
		fputs("null", f);
		return;
	}
	switch (v->type) {
	case VC_NULL:
		fputs("null", f);
		break;
	case VC_BOOL:
		fputs(v->b ? "true" : "false", f);
		break;
	case VC_INT:
		fprintf(f, "%" PRId64, v->i);
		break;
	case VC_DBL: {
		/* the shortest of 15 or 17 digits that reads back as the same double */
		char num[32];

		snprintf(num, sizeof(num), "%.15g", v->d);
		if (strtod(num, NULL) != v->d)
			snprintf(num, sizeof(num), "%.17g", v->d);
		fputs(num, f);
		break;
	}
	case VC_STR:
		vc_json_string(f, v->s);
		break;
	case VC_ARR:
	case VC_OBJ: {
		bool obj = v->type == VC_OBJ;

		if (!v->c.n) {
			fputs(obj ? "{}" : "[]", f);
			break;
		}
		fputs(obj ? "{\n" : "[\n", f);
		for (size_t i = 0; i < v->c.n; i++) {
			indent_to(f, indent + 1);
			if (obj) {
				vc_json_string(f, v->c.keys[i]);
				fputs(": ", f);
			}
			vc_json_write(f, v->c.items[i], indent + 1);
			fputs(i + 1 < v->c.n ? ",\n" : "\n", f);
		}
		indent_to(f, indent);
		fputc(obj ? '}' : ']', f);
		break;
	}
	}
}

void vc_json_write_doc(FILE *f, struct vc_val *doc)
{
	vc_json_write(f, doc, 0);
	fputc('\n', f);
	vc_val_free(doc);
}
