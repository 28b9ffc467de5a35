/* Field tables: one description of a struct writes it as JSON and frees what it owns. */
#include <stdarg.h>
#include <string.h>

#include "lib/host/host.h"
#include "lib/model/fields.h"

void vc_strv_push(struct vc_strv *s, const char *str)
{
	s->v = xrealloc(s->v, (s->n + 2) * sizeof(*s->v));
	s->v[s->n++] = xstrdup(str);
	s->v[s->n] = NULL;
}

void vc_strv_vpushf(struct vc_strv *s, const char *fmt, va_list ap)
{
	s->v = xrealloc(s->v, (s->n + 2) * sizeof(*s->v));
	s->v[s->n++] = xvasprintf(fmt, ap);
	s->v[s->n] = NULL;
}

void vc_strv_pushf(struct vc_strv *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vc_strv_vpushf(s, fmt, ap);
	va_end(ap);
}

void vc_strv_clear(struct vc_strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

bool vc_strv_has(const struct vc_strv *s, const char *str)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], str) == 0)
			return true;
	return false;
}

void *vc_array_push(void **v, size_t *n, size_t *cap, size_t size)
{
	char *p;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		*v = xrealloc(*v, *cap * size);
	}
	p = (char *)*v + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

/* The layout every VC_ARRAY shares. */
struct any_array {
	void *v;
	size_t n, cap;
};

static bool flag(const void *base, size_t off)
{
	return *(const bool *)((const char *)base + off);
}

/* The value of a scalar field, or NULL for JSON null. */
static struct vc_val *scalar(const struct vc_field *f, const void *p)
{
	switch (f->kind) {
	case VC_F_BOOL:
		return vc_bool(*(const bool *)p);
	case VC_F_TRI: {
		enum vc_tri t = *(const enum vc_tri *)p;

		return t == VC_TRI_NULL ? NULL : vc_bool(t == VC_TRI_TRUE);
	}
	case VC_F_INT:
		return vc_int(*(const int64_t *)p);
	case VC_F_UINT:
		return vc_int(*(const unsigned *)p);
	case VC_F_OINT: {
		const struct vc_oint *o = p;

		return o->set ? vc_int(o->v) : NULL;
	}
	case VC_F_STR:
	case VC_F_CSTR: {
		const char *s = *(const char *const *)p;

		return s ? vc_str(s) : NULL;
	}
	case VC_F_CHARS:
		return vc_str((const char *)p);
	case VC_F_HEX32:
		return vc_strf("0x%08x", *(const uint32_t *)p);
	case VC_F_HEX64:
		return vc_strf("0x%016llx", (unsigned long long)*(const uint64_t *)p);
	case VC_F_ENUM: {
		int e = *(const int *)p;

		return e < 0 ? NULL : vc_str(f->names[e]);
	}
	case VC_F_ERRNO: {
		int e = *(const int *)p;
		char buf[16];

		return e == VC_NOT_TRIED ? NULL : vc_str(e ? errno_name(e, buf) : "ok");
	}
	case VC_F_PARAMS: {
		const struct any_array *arr = p;
		const struct vc_param *kv = arr->v;
		struct vc_val *o = vc_obj();

		for (size_t i = 0; i < arr->n; i++)
			vc_obj_set(o, kv[i].name, kv[i].value ? vc_str(kv[i].value) : vc_null());
		return o;
	}
	case VC_F_MAP: {
		const struct any_array *arr = p;
		struct vc_val *o = vc_obj();

		for (size_t i = 0; i < arr->n; i++) {
			const char *e = (const char *)arr->v + i * f->size;

			vc_obj_set(o, *(char *const *)e, vc_fields_json(f->sub, e));
		}
		return o;
	}
	case VC_F_STRS: {
		struct vc_val *o = vc_obj();

		for (size_t i = 0; i < f->count; i++) {
			const char *s = ((char *const *)p)[i];

			vc_obj_set(o, f->keyof(i), s ? vc_str(s) : vc_null());
		}
		return o;
	}
	case VC_F_STRV: {
		const struct vc_strv *s = p;
		struct vc_val *a;

		if (!s->n && f->when == VC_W_OMIT_NULL) /* an empty list of what was not seen */
			return NULL;
		a = vc_arr();

		for (size_t i = 0; i < s->n; i++)
			vc_arr_push(a, vc_str(s->v[i]));
		return a;
	}
	case VC_F_OBJ:
		return vc_fields_json(f->sub, p);
	case VC_F_ARR: {
		const struct any_array *arr = p;
		struct vc_val *a = vc_arr();

		for (size_t i = 0; i < arr->n; i++)
			vc_arr_push(a, vc_fields_json(f->sub, (const char *)arr->v + i * f->size));
		return a;
	}
	case VC_F_TABLE: {
		struct vc_val *o = vc_obj();

		for (size_t i = 0; i < f->count; i++)
			vc_obj_set(o, f->keyof(i), vc_fields_json(f->sub, (const char *)p + i * f->size));
		return o;
	}
	case VC_F_FN:
		break;
	}
	return NULL;
}

void vc_fields_into(struct vc_val *obj, const struct vc_fields *t, const void *base)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct vc_field *f = &t->f[i];
		const char *p = (const char *)base + f->off;
		struct vc_val *v;

		if ((f->when == VC_W_IF && !flag(base, f->cond)) ||
		    (f->when == VC_W_UNLESS && flag(base, f->cond)))
			continue;
		if (f->when == VC_W_NULL_UNLESS && !flag(base, f->cond)) {
			vc_obj_set(obj, f->key, vc_null());
			continue;
		}
		if (f->kind == VC_F_FN) {
			f->write(obj, p);
			continue;
		}
		if (f->kind == VC_F_OBJ && !f->key) {
			vc_fields_into(obj, f->sub, p);
			continue;
		}
		if (f->kind == VC_F_STRS && !f->key) {
			for (size_t k = 0; k < f->count; k++) {
				const char *s = ((char *const *)p)[k];

				vc_obj_set(obj, f->keyof(k), s ? vc_str(s) : vc_null());
			}
			continue;
		}
		v = scalar(f, p);
		if (v || f->when != VC_W_OMIT_NULL)
			vc_obj_set(obj, f->key, v ? v : vc_null());
	}
}

struct vc_val *vc_fields_json(const struct vc_fields *t, const void *base)
{
	struct vc_val *o = vc_obj();

	vc_fields_into(o, t, base);
	return o;
}

void vc_fields_free(const struct vc_fields *t, void *base, size_t size)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct vc_field *f = &t->f[i];
		char *p = (char *)base + f->off;

		switch (f->kind) {
		case VC_F_STR:
			free(*(char **)p);
			break;
		case VC_F_STRV:
			vc_strv_clear((struct vc_strv *)p);
			break;
		case VC_F_STRS:
			for (size_t k = 0; k < f->count; k++)
				free(((char **)p)[k]);
			break;
		case VC_F_PARAMS: {
			struct any_array *arr = (struct any_array *)p;
			struct vc_param *kv = arr->v;

			for (size_t k = 0; k < arr->n; k++) {
				free(kv[k].name);
				free(kv[k].value);
			}
			free(arr->v);
			break;
		}
		case VC_F_OBJ:
			vc_fields_free(f->sub, p, 0);
			break;
		case VC_F_MAP:
		case VC_F_ARR: {
			struct any_array *arr = (struct any_array *)p;

			for (size_t k = 0; k < arr->n; k++) {
				char *e = (char *)arr->v + k * f->size;

				if (f->kind == VC_F_MAP) /* the key, which the table does not list */
					free(*(char **)e);
				vc_fields_free(f->sub, e, 0);
			}
			free(arr->v);
			break;
		}
		case VC_F_TABLE:
			for (size_t k = 0; k < f->count; k++)
				vc_fields_free(f->sub, p + k * f->size, 0);
			break;
		case VC_F_FN:
			if (f->release)
				f->release(p);
			break;
		default:
			break;
		}
	}
	/* nested structs are zeroed by their outermost caller, which knows the size */
	if (size)
		memset(base, 0, size);
}
