/* Small shared helpers: allocation, strict number parsing, errno names, line walking. */
#include "lib/base/util.h"
#include "lib/base/safeio.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(void)
{
	fputs("virtcheck: out of memory\n", stderr);
	abort();
}

char *vc_strcasestr(const char *hay, const char *needle)
{
	size_t len = strlen(needle);
	char first[3];

	if (!len)
		return (char *)hay;
	first[0] = (char)tolower((unsigned char)needle[0]);
	first[1] = (char)toupper((unsigned char)needle[0]);
	first[2] = '\0';
	for (hay = strpbrk(hay, first); hay; hay = strpbrk(hay + 1, first))
		if (!strncasecmp(hay, needle, len))
			return (char *)hay;
	return NULL;
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t nmemb, size_t n)
{
	void *p = calloc(nmemb ? nmemb : 1, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);
	if (!p)
		oom();
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

/* After strtoull/strtoll on s stopped at end: 0 when s was a number, with nothing after it but one
 * newline; -ERANGE (errno) or -EINVAL otherwise. */
static int parsed_whole(const char *s, const char *end)
{
	if (errno)
		return neg_errno();
	if (end == s)
		return -EINVAL;
	if (*end == '\n')
		end++;
	return *end ? -EINVAL : 0;
}

int parse_u64(const char *s, int base, uint64_t *ret)
{
	char *end;
	unsigned long long v;
	int r;

	if (!s)
		return -EINVAL;
	while (*s == ' ' || *s == '\t')
		s++;
	/* strtoull accepts a sign; a negative count is malformed input here */
	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	/* decimal digits alone (a pid, a count: most of a capture's numbers), at most 19 of them,
	 * which cannot overflow: what strtoull would say, without it */
	if (base == 10) {
		uint64_t d = 0;
		size_t i = 0;

		while (i < 19 && (unsigned)(s[i] - '0') < 10u)
			d = d * 10 + (uint64_t)(s[i++] - '0');
		if (i && (s[i] == '\0' || (s[i] == '\n' && s[i + 1] == '\0'))) {
			*ret = d;
			return 0;
		}
	}
	errno = 0;
	v = strtoull(s, &end, base);
	r = parsed_whole(s, end);
	if (r == 0)
		*ret = v;
	return r;
}

int parse_i64(const char *s, int base, int64_t *ret)
{
	char *end;
	long long v;
	int r;

	if (!s)
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, base);
	r = parsed_whole(s, end);
	if (r == 0)
		*ret = v;
	return r;
}

int parse_u32(const char *s, int base, uint32_t *ret)
{
	uint64_t v = 0;
	int r = parse_u64(s, base, &v);

	if (r < 0)
		return r;
	if (v > UINT32_MAX)
		return -ERANGE;
	*ret = (uint32_t)v;
	return 0;
}

int parse_cpulist(const char *s, bool *set, size_t max)
{
	const char *p = s;

	while (*p && *p != '\n') {
		char *end;
		unsigned long a, b;

		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		a = strtoul(p, &end, 10);
		b = a;
		p = end;
		if (*p == '-') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -EINVAL;
			b = strtoul(p, &end, 10);
			p = end;
		}
		if (b < a || b >= max)
			return -ERANGE;
		for (unsigned long i = a; i <= b; i++)
			set[i] = true;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -EINVAL;
	}
	return 0;
}

char *strstrip(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

const char *vc_norm_bool(const char *v)
{
	static const char *const yes[] = { "1", "y", "Y", "true", "on" }, *const no[] = { "0", "n", "N",
											  "false", "off" };

	for (size_t i = 0; v && i < ARRAY_SIZE(yes); i++)
		if (strcmp(v, yes[i]) == 0)
			return "Y";
	for (size_t i = 0; v && i < ARRAY_SIZE(no); i++)
		if (strcmp(v, no[i]) == 0)
			return "N";
	return v;
}

bool endswith(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool streq_ptr(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

char *next_line(char **cursor)
{
	char *line = *cursor, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*cursor = nl + 1;
	} else {
		*cursor = line + strlen(line);
	}
	return line;
}

#define E(x)                                                                                                 \
	{                                                                                                    \
		x, #x                                                                                        \
	}
static const struct {
	int err;
	const char *name;
} errno_table[] = {
	E(EPERM),   E(ENOENT),	E(ESRCH),      E(EINTR),     E(EIO),	      E(ENXIO),	       E(E2BIG),
	E(ENOEXEC), E(EBADF),	E(EAGAIN),     E(ENOMEM),    E(EACCES),	      E(EFAULT),       E(EBUSY),
	E(EEXIST),  E(ENODEV),	E(ENOTDIR),    E(EISDIR),    E(EINVAL),	      E(ENFILE),       E(EMFILE),
	E(ENOTTY),  E(EFBIG),	E(ENOSPC),     E(EROFS),     E(ERANGE),	      E(ENAMETOOLONG), E(ENOSYS),
	E(ELOOP),   E(ENODATA), E(EOPNOTSUPP), E(ETIMEDOUT), E(EKEYREJECTED), E(ENOKEY),       E(EXDEV),
	E(ECHILD),  E(ENOMSG),
};
#undef E

const char *errno_name(int err, char buf[static 16])
{
	if (err < 0)
		err = -err;
	for (size_t i = 0; i < ARRAY_SIZE(errno_table); i++)
		if (errno_table[i].err == err)
			return errno_table[i].name;
	snprintf(buf, 16, "E%d", err);
	return buf;
}

int errno_from_name(const char *name)
{
	uint32_t v;

	if (strcmp(name, "ok") == 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(errno_table); i++)
		if (strcmp(errno_table[i].name, name) == 0)
			return errno_table[i].err;
	if (name[0] == 'E' && parse_u32(name + 1, 10, &v) == 0 && v > 0 && v < 4096)
		return (int)v;
	return -EINVAL;
}

uint32_t kernel_version_code(const char *release)
{
	unsigned a = 0, b = 0, c = 0;

	if (!release || sscanf(release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	if (a > 255 || b > 255)
		return 0;
	if (c > 255)
		c = 255; /* stable releases beyond .255 still compare correctly against .0 */
	return KVER(a, b, c);
}

bool version_older(const char *a, const char *b)
{
	uint32_t va = kernel_version_code(a), vb = kernel_version_code(b);

	return va && vb && va < vb;
}

void buf_append(struct buf *b, const char *s, size_t n)
{
	if (!b->data || b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->data = xrealloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	char *s = xvasprintf(fmt, ap);

	buf_append(b, s, strlen(s));
	free(s);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int vc_write_all(int fd, const void *buf, size_t len)
{
	const char *data = buf;

	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return neg_errno();
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* path replaced by vc_replace_at: its directory opened, the last name replaced beside it. */
static int replace_path(const char *path, const char *data, size_t len, unsigned mode)
{
	const char *slash = strrchr(path, '/');
	char *dir = !slash	    ? xstrdup(".")
		    : slash == path ? xstrdup("/")
				    : xstrndup(path, (size_t)(slash - path));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r = fd < 0 ? neg_errno() : 0;

	free(dir);
	if (fd < 0)
		return r;
	r = vc_replace_at(fd, slash ? slash + 1 : path, data, len, mode);
	close(fd);
	return r;
}

int vc_write_file_atomic(const char *path, const char *data, size_t len, unsigned mode, bool keep_old)
{
	int r;

	if (keep_old) {
		int old = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

		if (old >= 0) {
			struct buf b = { 0 };
			char chunk[8192];
			ssize_t n;

			while ((n = read(old, chunk, sizeof(chunk))) > 0)
				buf_append(&b, chunk, (size_t)n);
			r = n < 0 ? neg_errno() : 0;
			close(old);
			if (r == 0) {
				_cleanup_(freep) char *saved = xasprintf("%s.bak", path);

				r = vc_write_file_atomic(saved, b.data ? b.data : "", b.len, mode, false);
			}
			buf_free(&b);
			if (r < 0)
				return r;
		} else if (errno != ENOENT) {
			return neg_errno();
		}
	}
	return replace_path(path, data, len, mode);
}
