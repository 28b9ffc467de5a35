/* The sysroot backend of the host seam: a capture directory replayed as if it were the host. */
#include "lib/host/host-internal.h"
#include "lib/host/records.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <limits.h>
#include <unistd.h>

#define RECORD_MAX_BYTES (16u << 20)
#define RECORD_MAX_LINES (1u << 20)

#define MAX_DEPTH 128
#define MAX_LINKS 40

/* A capture directory and its record files, parsed once when the host is made. */
struct sysroot_host {
	struct vc_host host;
	int rootfd;
	bool no_openat2;
	REC_ARRAY(struct vc_cpuid_rec, cpuid);
	REC_ARRAY(struct vc_msr_rec, msr);
	REC_ARRAY(struct vc_dev_rec, dev);
	REC_ARRAY(struct vc_err_rec, err);
	/* fds.txt, parsed with the rest so a broken one is reported whether or not a probe asks */
	int fds_err;
	struct vc_fd_rec *fds;
	size_t nfds;
	unsigned fds_unreadable;
};

static struct sysroot_host *S(struct vc_host *h)
{
	return (struct sysroot_host *)h;
}

/*
 * RESOLVE_IN_ROOT for kernels without openat2 (before 5.6) and tools that do not know it
 * (valgrind): components are walked one by one with O_NOFOLLOW; a symlink continues from
 * the sysroot (absolute target) or from its directory (relative target), and ".." stops at
 * the sysroot, exactly as the kernel does it.
 */
static int open_in_root(int rootfd, const char *rel, int flags)
{
	int stack[MAX_DEPTH], depth = 0, links = 0, r;
	char *todo = xmalloc(PATH_MAX * 2), *cur, *comp;

	snprintf(todo, PATH_MAX * 2, "%s", rel);
	stack[0] = rootfd;
	cur = todo;
	for (;;) {
		char target[PATH_MAX];
		ssize_t n;
		bool last;
		int fd;

		while (*cur == '/')
			cur++;
		comp = cur;
		cur = strchrnul(cur, '/');
		last = !cur[strspn(cur, "/")];
		if (*cur)
			*cur++ = '\0';
		if (!*comp || !strcmp(comp, ".")) {
			if (!last)
				continue;
			comp = ".";
		} else if (!strcmp(comp, "..")) {
			if (depth > 0)
				close(stack[depth--]);
			if (!last)
				continue;
			comp = ".";
		}
		/* a symlink: follow it inside the root (checked first: O_PATH would open the link) */
		n = readlinkat(stack[depth], comp, target, sizeof(target) - 1);
		if (n < 0) {
			fd = openat(stack[depth], comp,
				    (last ? flags : O_PATH | O_DIRECTORY) | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0) {
				r = neg_errno();
				break;
			}
			if (last) {
				r = fd;
				break;
			}
			if (depth + 1 >= MAX_DEPTH) {
				close(fd);
				r = -ENAMETOOLONG;
				break;
			}
			stack[++depth] = fd;
			continue;
		}
		if (++links > MAX_LINKS) {
			r = -ELOOP;
			break;
		}
		target[n] = '\0';
		if (strlen(target) + strlen(cur) + 2 >= PATH_MAX * 2) {
			r = -ENAMETOOLONG;
			break;
		}
		char *rest = xstrdup(cur);
		snprintf(todo, PATH_MAX * 2, "%s/%s", target, rest);
		free(rest);
		cur = todo;
		if (target[0] == '/')
			while (depth > 0)
				close(stack[depth--]);
	}
	while (depth > 0)
		close(stack[depth--]);
	free(todo);
	return r;
}

/*
 * RESOLVE_IN_ROOT makes the capture's absolute symlinks (sysfs is full of them)
 * resolve inside the capture, and no ".." or symlink can leave it.
 */
static int sysroot_open(struct sysroot_host *h, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)flags,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	const char *rel = path[1] ? path + 1 : ".";
	int fd;

	if (!h->no_openat2) {
		fd = (int)syscall(SYS_openat2, h->rootfd, rel, &how, sizeof(how));
		if (fd >= 0)
			return fd;
		if (errno != ENOSYS)
			return neg_errno();
		h->no_openat2 = true;
	}
	return open_in_root(h->rootfd, rel, flags);
}

/* A sysroot may say that reading a path failed on the captured host (errors.txt). */
static int replayed_error(struct sysroot_host *h, const char *path)
{
	for (size_t i = 0; i < h->err.n; i++)
		if (strcmp(h->err.a[i].path, path) == 0)
			return -h->err.a[i].err;
	return 0;
}

static int open_replayed(struct vc_host *h, const char *path, int flags)
{
	int r = replayed_error(S(h), path);

	return r < 0 ? r : sysroot_open(S(h), path, flags);
}

/*
 * A capture holds regular files only. What is found is first opened O_PATH (that reaches no
 * driver) and checked; only a regular file is then opened for reading, through the O_PATH fd
 * itself, so it is the very file checked. A device node planted at proc/cmdline (a watchdog
 * would arm on open) or a FIFO is never opened.
 */
static int open_regular(struct vc_host *h, const char *path, bool untrusted)
{
	_cleanup_(closep) int pfd = open_replayed(h, path, O_PATH | O_CLOEXEC | (untrusted ? O_NOFOLLOW : 0));
	struct stat st;

	return pfd < 0 ? pfd : vc_open_path_fd(pfd, &st);
}

/* untrusted: a link in the last component is not followed either (-ELOOP), as live */
static int sysroot_read(struct vc_host *h, const char *path, size_t max, unsigned flags, char **ret_buf,
			size_t *ret_len)
{
	_cleanup_(closep) int fd = open_regular(h, path, flags & VC_READ_UNTRUSTED);

	return fd < 0 ? fd : vc_read_fd_flags(fd, max, flags, ret_buf, ret_len);
}

static int sysroot_stat(struct vc_host *h, const char *path, enum vc_ftype *ret)
{
	_cleanup_(closep) int fd = open_replayed(h, path, O_PATH | O_CLOEXEC);

	return fd < 0 ? fd : vc_stat_fd(fd, ret);
}

static int sysroot_list(struct vc_host *h, const char *path, bool untrusted, char ***ret_names, size_t *ret_n)
{
	int fd = open_replayed(h, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (untrusted ? O_NOFOLLOW : 0));

	return fd < 0 ? fd : vc_list_fd(fd, ret_names, ret_n);
}

struct bad_ctx {
	struct vc_host *h;
	const char *path;
	unsigned count;
};

static void bad_line(void *userdata, unsigned line, const char *why)
{
	struct bad_ctx *c = userdata;

	if (c->count++ < 5)
		vc_host_problem(c->h, c->path, "line %u: %s", line, why);
	else if (c->count == 6)
		vc_host_problem(c->h, c->path, "further malformed lines not listed");
}

/* Reads DIR/virtcheck/NAME; a missing file is normal (older or partial captures). */
static char *read_record(struct vc_host *h, const char *name, bool *present)
{
	char path[64], *buf = NULL;
	size_t len;
	int r;

	snprintf(path, sizeof(path), "/virtcheck/%s", name);
	*present = false;
	r = vc_host_read(h, path, RECORD_MAX_BYTES, &buf, &len);
	if (r == -ENOENT)
		return NULL;
	if (r < 0) {
		vc_host_problem(h, path + 1, "%s",
				r == -EFBIG    ? "larger than 16 MiB; ignored"
				: r == -EINVAL ? "not a regular file; ignored"
					       : strerror(-r));
		return NULL;
	}
	if (memchr(buf, '\0', len)) {
		vc_host_problem(h, path + 1, "contains NUL bytes; not a text record");
		free(buf);
		return NULL;
	}
	*present = true;
	return buf;
}

#define LOAD(name, parser, arr, ...)                                                                         \
	do {                                                                                                 \
		bool present;                                                                                \
		char *text = read_record(h, name, &present);                                                 \
		struct bad_ctx bc = { h, "virtcheck/" name, 0 };                                             \
		if (text &&                                                                                  \
		    parser(text, RECORD_MAX_LINES, &(arr).a, &(arr).n, ##__VA_ARGS__, bad_line, &bc) < 0)    \
			vc_host_problem(h, "virtcheck/" name, "too many records; ignored");                  \
		free(text);                                                                                  \
	} while (0)

static int parse_fds(struct vc_host *h, struct vc_fd_rec **ret, size_t *ret_n, unsigned *unreadable)
{
	bool present;
	char *text = read_record(h, "fds.txt", &present);
	struct bad_ctx bc = { h, "virtcheck/fds.txt", 0 };
	int r;

	if (!present)
		return -ENODATA;
	r = vc_parse_fds_txt(text, RECORD_MAX_LINES, ret, ret_n, unreadable, bad_line, &bc);
	free(text);
	if (r < 0)
		vc_host_problem(h, "virtcheck/fds.txt", "too many records; ignored");
	return r;
}

/* Sorted for bsearch; a capture's records usually come sorted (256 CPUs' CPUID are 3,000 of them) */
static void sort_records(void *a, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	for (size_t i = 1; i < n; i++)
		if (cmp((char *)a + (i - 1) * size, (char *)a + i * size) > 0) {
			qsort(a, n, size, cmp);
			return;
		}
}

static void load_records(struct sysroot_host *sh)
{
	struct vc_host *h = &sh->host;

	/* errors.txt first: what it lists fails from then on, as it did on the captured host */
	LOAD("errors.txt", vc_parse_errors_txt, sh->err);
	LOAD("cpuid.txt", vc_parse_cpuid_txt, sh->cpuid);
	LOAD("msr.txt", vc_parse_msr_txt, sh->msr);
	LOAD("devices.txt", vc_parse_devices_txt, sh->dev);
	sh->fds_err = parse_fds(h, &sh->fds, &sh->nfds, &sh->fds_unreadable);
	sort_records(sh->cpuid.a, sh->cpuid.n, sizeof(*sh->cpuid.a), vc_cpuid_rec_cmp);
	sort_records(sh->msr.a, sh->msr.n, sizeof(*sh->msr.a), vc_msr_rec_cmp);
}

static int sysroot_cpuid(struct vc_host *h, unsigned cpu, uint32_t leaf, uint32_t subleaf,
			 struct vc_cpuid_regs *ret)
{
	struct vc_cpuid_rec key = { .cpu = cpu, .leaf = leaf, .subleaf = subleaf }, *r;

	r = bsearch_safe(&key, S(h)->cpuid.a, S(h)->cpuid.n, sizeof(key), vc_cpuid_rec_cmp);
	if (!r)
		return -ENOENT;
	*ret = r->r;
	return 0;
}

static int sysroot_rdmsr(struct vc_host *h, unsigned cpu, uint32_t msr, uint64_t *ret)
{
	struct vc_msr_rec key = { .cpu = cpu, .msr = msr }, *r;

	r = bsearch_safe(&key, S(h)->msr.a, S(h)->msr.n, sizeof(key), vc_msr_rec_cmp);
	if (!r)
		return -ENOENT;
	if (r->err)
		return -r->err;
	*ret = r->value;
	return 0;
}

static int sysroot_kvm(struct vc_host *h, struct vc_kvm_info *info)
{
	bool present;
	char *text = read_record(h, "kvm.txt", &present);
	struct bad_ctx bc = { h, "virtcheck/kvm.txt", 0 };

	if (!present)
		return -ENODATA;
	vc_parse_kvm_txt(text, info, bad_line, &bc);
	free(text);
	return 0;
}

static int sysroot_devnode(struct vc_host *host, const char *path, struct vc_devnode *ret)
{
	struct sysroot_host *h = S(host);

	for (size_t i = 0; i < h->dev.n; i++)
		if (strcmp(h->dev.a[i].path, path) == 0) {
			if (h->dev.a[i].err)
				return -h->dev.a[i].err;
			*ret = h->dev.a[i].node;
			return 0;
		}
	return -ENODATA;
}

/* The records parsed when the host was made, handed over once (host.c caches them). */
static int sysroot_fds(struct vc_host *host, struct vc_fd_rec **ret, size_t *ret_n, unsigned *unreadable)
{
	struct sysroot_host *h = S(host);

	*ret = h->fds;
	*ret_n = h->nfds;
	*unreadable = h->fds_unreadable;
	h->fds = NULL;
	return h->fds_err;
}

static int sysroot_identity(struct vc_host *h, struct vc_identity *id, struct vc_identity *invoker,
			    bool *has_invoker)
{
	bool present;
	char *text = read_record(h, "meta.txt", &present), time[64];
	struct bad_ctx bc = { h, "virtcheck/meta.txt", 0 };
	int r;

	if (!present)
		return -ENODATA;
	r = vc_parse_meta_txt(text, id, invoker, has_invoker, time, sizeof(time), bad_line, &bc);
	free(text);
	return r;
}

static int sysroot_lines(struct vc_host *h, const char *name, struct buf *out)
{
	char file[32], path[48];
	bool present;
	char *text;

	snprintf(file, sizeof(file), "%s.txt", name);
	text = read_record(h, file, &present);
	if (!present)
		return -ENODATA;
	/* "!error ENAME": the live source failed so, and the replay fails the same way */
	if (startswith(text, "!error ")) {
		int err = errno_from_name(strstrip(text + 7));

		if (err <= 0) { /* "ok" or unknown: neither is an error a source gives */
			snprintf(path, sizeof(path), "virtcheck/%s", file);
			vc_host_problem(h, path, "line 1: unknown error name");
			err = EINVAL;
		}
		free(text);
		return -err;
	}
	buf_append(out, text, strlen(text));
	free(text);
	return 0;
}

static void sysroot_destroy(struct vc_host *host)
{
	struct sysroot_host *h = S(host);

	if (h->rootfd >= 0)
		close(h->rootfd);
	free(h->cpuid.a);
	free(h->msr.a);
	free(h->dev.a);
	free(h->err.a);
	free(h->fds);
	free(h);
}

static const struct vc_host_ops sysroot_ops = {
	.read = sysroot_read,
	.stat = sysroot_stat,
	.list = sysroot_list,
	.cpuid = sysroot_cpuid,
	.rdmsr = sysroot_rdmsr,
	.kvm = sysroot_kvm,
	.devnode = sysroot_devnode,
	.fds = sysroot_fds,
	.identity = sysroot_identity,
	.lines = sysroot_lines,
	.destroy = sysroot_destroy,
};

/* A capture writes virtcheck/meta.txt last: a directory without it (an empty one, /proc, the
 * fixtures' parent) is no capture, and replaying it would give a plausible, false report. */
static bool is_capture(struct sysroot_host *h)
{
	_cleanup_(closep) int fd = sysroot_open(h, "/virtcheck/meta.txt", O_PATH | O_CLOEXEC);
	enum vc_ftype t;

	return fd >= 0 && vc_stat_fd(fd, &t) == 0 && t == VC_FT_REG;
}

int vc_host_new_sysroot(const char *dir, struct vc_host **ret)
{
	struct sysroot_host *h;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return neg_errno();
	h = xcalloc(1, sizeof(*h));
	vc_host_init(&h->host, &sysroot_ops);
	h->rootfd = fd;
	h->host.sysroot = xstrdup(dir);
	if (!is_capture(h)) {
		vc_host_free(&h->host);
		return -EMEDIUMTYPE;
	}
	load_records(h);
	*ret = &h->host;
	return 0;
}

void vc_host_sysroot_force_walk(struct vc_host *h)
{
	S(h)->no_openat2 = true;
}
