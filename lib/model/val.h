/* A small ordered value tree (null, bool, int, string, array, object): the facts probes emit. */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/base/sanitise.h"
#include "lib/base/util.h"

enum vc_type { VC_NULL, VC_BOOL, VC_INT, VC_STR, VC_ARR, VC_OBJ, VC_DBL };

struct vc_val {
	enum vc_type type;
	union {
		bool b;
		int64_t i;
		double d;
		char *s;
		struct {
			struct vc_val **items;
			char **keys; /* objects only */
			size_t n, cap;
		} c;
	};
};

struct vc_val *vc_null(void);
struct vc_val *vc_bool(bool b);
struct vc_val *vc_int(int64_t i);
/* A finite number (written so that it reads back exactly); NaN and infinities become null. */
struct vc_val *vc_dbl(double d);
/* A copy of s; NULL gives null. */
struct vc_val *vc_str(const char *s);
struct vc_val *vc_strf(const char *fmt, ...) _printf_(1, 2);
struct vc_val *vc_vstrf(const char *fmt, va_list ap) _printf_(1, 0);
struct vc_val *vc_arr(void);
struct vc_val *vc_obj(void);
void vc_val_free(struct vc_val *v);
static inline void vc_val_freep(struct vc_val **v)
{
	vc_val_free(*v);
}

/* Ownership of v passes to the container. Setting an existing key replaces its value. */
struct vc_val *vc_obj_set(struct vc_val *obj, const char *key, struct vc_val *v);
struct vc_val *vc_arr_push(struct vc_val *arr, struct vc_val *v);

/* Lookups never fail loudly: a missing key or a wrong type gives NULL / the fallback. */
const struct vc_val *vc_obj_get(const struct vc_val *obj, const char *key);
const struct vc_val *vc_get(const struct vc_val *root, const char *dotted_path);
const char *vc_get_str(const struct vc_val *root, const char *path);
bool vc_get_bool(const struct vc_val *root, const char *path, bool fallback);
int64_t vc_get_int(const struct vc_val *root, const char *path, int64_t fallback);
bool vc_has(const struct vc_val *root, const char *path);
/* A number (integer or not) as a double; NaN when absent or not a number. */
double vc_get_num(const struct vc_val *root, const char *path);

/* Parses JSON (RFC 8259) from buf[len]: bounded depth (64), strings with \u escapes as UTF-8
 * (a NUL escape is refused), integers that fit int64 as VC_INT, other numbers as VC_DBL. On
 * error returns -EINVAL and says where in err. */
int vc_json_parse(const char *buf, size_t len, struct vc_val **ret, char *err, size_t errlen);

/* Pretty JSON, two-space indent, keys in insertion order, UTF-8 passed through. Strings stay valid
 * JSON and safe to show whatever bytes they hold: every character vc_sane escapes (C0, DEL, C1, the
 * bidirectional controls; lib/base/sanitise.h) is a \u escape, so the parsed value is unchanged, and
 * a byte that is not valid UTF-8 becomes U+FFFD (\ufffd): JSON has no way to carry it. */
void vc_json_write(FILE *f, const struct vc_val *v, int indent);
/* A whole document: doc written as vc_json_write does, a newline after it; then doc is freed. */
void vc_json_write_doc(FILE *f, struct vc_val *doc);
void vc_json_string(FILE *f, const char *s);
