/* Field tables: a struct described once, key by key; the description writes the struct as JSON
 * (through the value tree) and frees what it owns. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/model/val.h"

/* bool with a third value for "not known" (JSON null); zero is null. */
enum vc_tri { VC_TRI_NULL, VC_TRI_FALSE, VC_TRI_TRUE };
static inline enum vc_tri vc_tri(bool b)
{
	return b ? VC_TRI_TRUE : VC_TRI_FALSE;
}

/* An integer that may be unknown (JSON null). */
struct vc_oint {
	bool set;
	int64_t v;
};
static inline struct vc_oint vc_oint(int64_t v)
{
	return (struct vc_oint){ true, v };
}

/* Owned strings. */
struct vc_strv {
	char **v;
	size_t n;
};
void vc_strv_push(struct vc_strv *s, const char *str);
void vc_strv_pushf(struct vc_strv *s, const char *fmt, ...) _printf_(2, 3);
void vc_strv_vpushf(struct vc_strv *s, const char *fmt, va_list ap) _printf_(2, 0);
void vc_strv_clear(struct vc_strv *s);
bool vc_strv_has(const struct vc_strv *s, const char *str);

/* A name and a value, NULL when it could not be read (module parameters, command-line options). */
struct vc_param {
	char *name, *value;
};

/* A growable array of T; every VC_ARRAY has the same layout. */
#define VC_ARRAY(T)                                                                                          \
	struct {                                                                                             \
		T *v;                                                                                        \
		size_t n;                                                                                    \
		size_t cap;                                                                                  \
	}
/* Appends a zeroed element and returns it. */
#define VC_PUSH(a) ((__typeof__((a).v))vc_array_push((void **)&(a).v, &(a).n, &(a).cap, sizeof(*(a).v)))
void *vc_array_push(void **v, size_t *n, size_t *cap, size_t size);

enum vc_fkind {
	VC_F_BOOL,   /* bool */
	VC_F_TRI,    /* enum vc_tri */
	VC_F_INT,    /* int64_t */
	VC_F_UINT,   /* unsigned */
	VC_F_OINT,   /* struct vc_oint */
	VC_F_STR,    /* char *, owned; NULL is null */
	VC_F_CSTR,   /* const char * from a table, not owned; NULL is null */
	VC_F_CHARS,  /* char[] in the struct, written as it is ("" stays "") */
	VC_F_HEX32,  /* uint32_t as "0x%08x" */
	VC_F_HEX64,  /* uint64_t as "0x%016llx" */
	VC_F_ENUM,   /* an enum (int); .names is its name table, a negative value is null */
	VC_F_ERRNO,  /* int: VC_NOT_TRIED is null, 0 "ok", otherwise the errno's name */
	VC_F_STRV,   /* struct vc_strv */
	VC_F_STRS,   /* char *[.count], owned: with no key, keyof(i): value joins this object */
	VC_F_PARAMS, /* VC_ARRAY(struct vc_param): an object of name: value */
	VC_F_OBJ,    /* a struct inside this one (.sub); with no key, its fields join this object */
	VC_F_ARR,    /* VC_ARRAY of structs (.sub, .size) */
	VC_F_TABLE,  /* an inline array of .count structs (.sub, .size), keyed by .keyof(i) */
	VC_F_MAP,    /* VC_ARRAY of structs that start with char *name: an object keyed by it */
	VC_F_FN,     /* .write adds what it wants to the object; .release frees it */
};

/* When a field is written. */
enum vc_fwhen {
	VC_W_ALWAYS,
	VC_W_IF,	  /* only when the bool at .cond is true */
	VC_W_UNLESS,	  /* only when it is false */
	VC_W_NULL_UNLESS, /* always; null when it is false */
	VC_W_OMIT_NULL,	  /* only when the value is not null (a VC_F_STRV: not empty) */
};

struct vc_fields;
struct vc_field {
	const char *key;
	enum vc_fkind kind;
	size_t off;
	enum vc_fwhen when;
	size_t cond;
	const struct vc_fields *sub;
	size_t size, count;
	const char *const *names;
	const char *(*keyof)(size_t i);
	void (*write)(struct vc_val *obj, const void *base);
	void (*release)(void *base);
};

struct vc_fields {
	const struct vc_field *f;
	size_t n;
};
#define VC_FIELDS(name, table) const struct vc_fields name = { table, sizeof(table) / sizeof(table[0]) }

/* The struct at base as a JSON object. */
struct vc_val *vc_fields_json(const struct vc_fields *t, const void *base);
/* Adds the struct's fields to obj. */
void vc_fields_into(struct vc_val *obj, const struct vc_fields *t, const void *base);
/* Frees what the struct owns (strings, arrays, nested structs) and zeroes it. */
void vc_fields_free(const struct vc_fields *t, void *base, size_t size);

/* Table rows: F(type, "key", kind, member, extra...) with extra one of the designators below. */
#define VC_F(T, k, kind_, m, ...)                                                                            \
	{                                                                                                    \
		.key = k, .kind = kind_, .off = offsetof(T, m), __VA_ARGS__                                  \
	}
/* Fields of the same struct as a nested object (k) or, with k NULL, joining this one. */
#define VC_GROUP(k, table, ...)                                                                              \
	{                                                                                                    \
		.key = k, .kind = VC_F_OBJ, .off = 0, .sub = &(table), __VA_ARGS__                           \
	}
/* A function that writes keys of its own from the whole struct. */
#define VC_FN(fn)                                                                                            \
	{                                                                                                    \
		.kind = VC_F_FN, .off = 0, .write = (fn)                                                     \
	}
#define VC_IF(T, c)	     .when = VC_W_IF, .cond = offsetof(T, c)
#define VC_UNLESS(T, c)	     .when = VC_W_UNLESS, .cond = offsetof(T, c)
#define VC_NULL_UNLESS(T, c) .when = VC_W_NULL_UNLESS, .cond = offsetof(T, c)
#define VC_OMIT_NULL	     .when = VC_W_OMIT_NULL
