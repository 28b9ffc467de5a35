/* Small shared helpers: allocation, strict number parsing, errno names, line walking. */
#pragma once

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a)  (sizeof(a) / sizeof((a)[0]))
#define _cleanup_(f)   __attribute__((cleanup(f)))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _noreturn_     __attribute__((noreturn))

/*
 * Allocation failure terminates with a message, as util-linux's xalloc.h does:
 * a diagnostics tool that runs out of memory for a few hundred bytes has no
 * useful way to continue, and unchecked NULLs would be worse.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) _printf_(1, 2);
char *xvasprintf(const char *fmt, va_list ap) _printf_(1, 0);

static inline void freep(void *p)
{
	free(*(void **)p);
}
static inline void fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}
void closep(int *fd);

/* Strict parsers: the whole string (one trailing newline allowed) must be the number. */
int parse_u64(const char *s, int base, uint64_t *ret);
int parse_i64(const char *s, int base, int64_t *ret);
int parse_u32(const char *s, int base, uint32_t *ret);

/* "0-3,8,10-11" into a bitmap of max bits; returns -EINVAL on malformed input. */
int parse_cpulist(const char *s, bool *set, size_t max);

/* Trim ASCII white space on both ends, in place. */
char *strstrip(char *s);
/* inline: with a literal prefix its length is a constant and the compare is inlined (a capture's
 * 100,000 fd records asked three times each) */
static inline bool startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}
/* strcasestr for ASCII text: glibc's prepares the needle anew on every call (a two-way factorisation),
 * which made explain --log spend most of its time there; this scans for the needle's first letter in
 * either case and compares from there. */
char *vc_strcasestr(const char *hay, const char *needle);
/* "Y" or "N" for the spellings the kernel accepts for a bool parameter (1/y/Y/true/on,
 * 0/n/N/false/off); anything else as it is; NULL stays NULL. */
const char *vc_norm_bool(const char *v);
bool endswith(const char *s, const char *suffix);
bool streq_ptr(const char *a, const char *b);

/* Split the next line off *cursor (modifies the buffer); NULL at the end. */
char *next_line(char **cursor);

/* "EACCES" for EACCES; "E<number>" for errnos outside the table. */
const char *errno_name(int err, char buf[static 16]);
/* Inverse of errno_name; 0 for "ok"; -EINVAL for an unknown name. */
int errno_from_name(const char *name);

/* Kernel release "6.12.3-amd64" to a comparable number (6 << 16 | 12 << 8 | 3); 0 if unparsable. */
uint32_t kernel_version_code(const char *release);
/* Version a ("7.2.4") is older than b, both readable (kernel_version_code); false otherwise. */
bool version_older(const char *a, const char *b);
#define KVER(a, b, c) (((uint32_t)(a) << 16) | ((uint32_t)(b) << 8) | (uint32_t)(c))

/* A growable byte buffer (for composing files in memory). */
struct buf {
	char *data;
	size_t len, cap;
};
void buf_append(struct buf *b, const char *s, size_t n);
void buf_printf(struct buf *b, const char *fmt, ...) _printf_(2, 3);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) _printf_(2, 0);
void buf_free(struct buf *b);

/* qsort and bsearch with n == 0 and base == NULL allowed (C leaves that undefined). */
static inline void qsort_safe(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}
static inline void *bsearch_safe(const void *key, const void *base, size_t n, size_t size,
				 int (*cmp)(const void *, const void *))
{
	return n ? bsearch(key, base, n, size, cmp) : NULL;
}

/* -errno after a failed call, never 0 even if the call forgot to set errno. */
/*
 * Replaces path with data atomically: a temporary file beside it, fsync, rename, fsync of the
 * directory. With keep_old, an existing file's content is first saved the same way as
 * "path.bak" (the convention of virtcheck switch --persistent too), so nothing the user had is lost. Returns
 * 0 or -errno.
 */
int vc_write_file_atomic(const char *path, const char *data, size_t len, unsigned mode, bool keep_old);

/* Writes all of buf to fd (EINTR retried). Returns 0 or -errno. */
int vc_write_all(int fd, const void *buf, size_t len);

static inline int neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}
