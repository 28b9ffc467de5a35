/* The host seam: generic reads over a backend (live or sysroot), and capture recording. */
#include "lib/host/host-internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIR_ENTRIES 65536
#define MAX_PROBLEMS	200

void vc_host_problem(struct vc_host *h, const char *path, const char *fmt, ...)
{
	struct vc_host_problem p;
	va_list ap;

	if (h->problems.n >= MAX_PROBLEMS)
		return;
	p.path = xstrdup(path);
	va_start(ap, fmt);
	p.what = xvasprintf(fmt, ap);
	va_end(ap);
	REC_PUSH(h->problems, p);
}

const struct vc_host_problem *vc_host_problems(const struct vc_host *h, size_t *ret_n)
{
	*ret_n = h->problems.n;
	return h->problems.a;
}

const char *vc_host_sysroot(const struct vc_host *h)
{
	return h->sysroot;
}

bool vc_host_is_live(const struct vc_host *h)
{
	return h->ops == &vc_host_live_ops;
}

static struct vc_host *host_alloc(const struct vc_host_ops *ops)
{
	struct vc_host *h = xcalloc(1, sizeof(*h));

	h->ops = ops;
	h->rootfd = -1;
	h->recfd = -1;
	h->kvm.caps = xcalloc(vc_kvm_ncaps, sizeof(*h->kvm.caps));
	return h;
}

int vc_host_new_live(struct vc_host **ret)
{
	*ret = host_alloc(&vc_host_live_ops);
	return 0;
}

int vc_host_new_sysroot(const char *dir, struct vc_host **ret)
{
	struct vc_host *h;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return neg_errno();
	h = host_alloc(&vc_host_sysroot_ops);
	h->rootfd = fd;
	h->sysroot = xstrdup(dir);
	*ret = h;
	return 0;
}

static bool dir_is_empty(int fd)
{
	int dfd = dup(fd);
	DIR *d;
	struct dirent *e;
	bool empty = true;

	if (dfd < 0)
		return false;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return false;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

int vc_host_new_recording(const char *dir, struct vc_host **ret)
{
	struct vc_host *h;
	int fd;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return neg_errno();
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return neg_errno();
	if (!dir_is_empty(fd)) {
		close(fd);
		return -ENOTEMPTY;
	}
	h = host_alloc(&vc_host_live_ops);
	h->recfd = fd;
	*ret = h;
	return 0;
}

void vc_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

void vc_host_free(struct vc_host *h)
{
	if (!h)
		return;
	if (h->pinned && h->saved_affinity)
		sched_setaffinity(0, CPU_ALLOC_SIZE(VC_MAX_CPUS), h->saved_affinity);
	if (h->saved_affinity)
		CPU_FREE(h->saved_affinity);
	if (h->rootfd >= 0)
		close(h->rootfd);
	if (h->recfd >= 0)
		close(h->recfd);
	free(h->sysroot);
	free(h->cpuid.a);
	free(h->msr.a);
	free(h->dev.a);
	free(h->err.a);
	free(h->rec_cpuid.a);
	free(h->rec_msr.a);
	free(h->rec_dev.a);
	free(h->rec_err.a);
	free(h->kvm.caps);
	free(h->fds);
	free(h->cpus);
	for (size_t i = 0; i < h->lines.n; i++) {
		free(h->lines.a[i].text);
		free(h->lines.a[i].copy);
		free(h->lines.a[i].lines);
	}
	free(h->lines.a);
	for (size_t i = 0; i < h->problems.n; i++) {
		free(h->problems.a[i].path);
		free(h->problems.a[i].what);
	}
	free(h->problems.a);
	free(h);
}

/* Absolute, no empty, "." or ".." components, bounded: anything else never reaches a backend. */
static int check_path(const char *path)
{
	const char *p = path;

	if (path[0] != '/' || strlen(path) >= 4096)
		return -EINVAL;
	while (*p) {
		const char *c = p + 1, *end = strchrnul(c, '/');
		size_t n = (size_t)(end - c);

		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return -EINVAL;
		if (n == 0 && *end) /* "//" */
			return -EINVAL;
		p = end;
	}
	return 0;
}

/* ---- recording: mirror what was read into the capture directory ---- */

static int rec_mkdir_p(struct vc_host *h, const char *path)
{
	char *tmp = xstrdup(path + 1);
	int r = 0;

	for (char *p = tmp; p && *p;) {
		char *slash = strchr(p, '/');

		if (slash)
			*slash = '\0';
		if (mkdirat(h->recfd, tmp, 0755) < 0 && errno != EEXIST) {
			r = -errno;
			break;
		}
		if (!slash)
			break;
		*slash = '/';
		p = slash + 1;
	}
	free(tmp);
	return r;
}

static void rec_parent(struct vc_host *h, const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');

	if (slash && slash != dir) {
		*slash = '\0';
		rec_mkdir_p(h, dir);
	}
	free(dir);
}

static void rec_file(struct vc_host *h, const char *path, const char *data, size_t len, bool truncate)
{
	int fd;

	rec_parent(h, path);
	fd = openat(h->recfd, path + 1,
		    O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (truncate ? O_TRUNC : O_EXCL), 0644);
	if (fd < 0)
		return;
	while (len) {
		ssize_t w = write(fd, data, len);

		if (w <= 0)
			break;
		data += w;
		len -= (size_t)w;
	}
	close(fd);
}

static void rec_error(struct vc_host *h, const char *path, int err)
{
	struct vc_err_rec e = { .err = err };

	if (h->recfd < 0 || err == ENOENT || strlen(path) >= sizeof(e.path))
		return;
	for (size_t i = 0; i < h->rec_err.n; i++)
		if (strcmp(h->rec_err.a[i].path, path) == 0)
			return;
	strcpy(e.path, path);
	REC_PUSH(h->rec_err, e);
}

/* A sysroot may say that reading a path failed on the captured host (errors.txt). */
static int replayed_error(struct vc_host *h, const char *path)
{
	for (size_t i = 0; i < h->err.n; i++)
		if (strcmp(h->err.a[i].path, path) == 0)
			return -h->err.a[i].err;
	return 0;
}

static int host_open(struct vc_host *h, const char *path, int flags)
{
	int r = check_path(path);

	if (r < 0)
		return r;
	if (h->ops == &vc_host_sysroot_ops) {
		vc_host_load_records(h);
		r = replayed_error(h, path);
		if (r < 0)
			return r;
	}
	return h->ops->open(h, path, flags);
}

static int read_impl(struct vc_host *h, const char *path, size_t max, int extra, char **ret_buf,
		     size_t *ret_len)
{
	_cleanup_(closep) int fd = -1;
	struct stat st;
	size_t len = 0, cap;
	char *buf;

	fd = host_open(h, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | extra);
	if (fd < 0) {
		rec_error(h, path, -fd);
		return fd;
	}
	if (fstat(fd, &st) < 0)
		return neg_errno();
	if (!S_ISREG(st.st_mode)) {
		rec_error(h, path, EINVAL);
		return -EINVAL;
	}
	/* sysfs says 4096 and /proc says 0 whatever the content: size is only a hint */
	cap = st.st_size > 0 && (size_t)st.st_size < max ? (size_t)st.st_size + 1 : 4096;
	if (cap > max + 1)
		cap = max + 1;
	buf = xmalloc(cap + 1);
	for (;;) {
		ssize_t n;

		if (len == cap) {
			if (cap > max)
				break;
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			free(buf);
			rec_error(h, path, e);
			return -e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max) {
		free(buf);
		rec_error(h, path, EFBIG);
		return -EFBIG;
	}
	buf[len] = '\0';
	if (h->recfd >= 0)
		rec_file(h, path, buf, len, true);
	*ret_buf = buf;
	if (ret_len)
		*ret_len = len;
	return 0;
}

int vc_host_read(struct vc_host *h, const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	return read_impl(h, path, max, 0, ret_buf, ret_len);
}

/* O_NOFOLLOW asks the backends for "no symlink anywhere" (see live_open). */
int vc_host_read_untrusted(struct vc_host *h, const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	return read_impl(h, path, max, O_NOFOLLOW, ret_buf, ret_len);
}

int vc_host_read_value(struct vc_host *h, const char *path, char **ret)
{
	char *buf = NULL;
	size_t len = 0;
	int r = vc_host_read(h, path, 4096, &buf, &len);

	if (r < 0)
		return r;
	/* vc_host_read sets buf whenever it returns 0; the analyzer cannot see that -errno < 0 */
	if (memchr(buf, '\0', len)) { // NOLINT(clang-analyzer-core.NonNullParamChecker)
		free(buf);
		return -EINVAL;
	}
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		buf[--len] = '\0';
	*ret = buf;
	return 0;
}

int vc_host_stat(struct vc_host *h, const char *path, enum vc_ftype *ret)
{
	_cleanup_(closep) int fd = host_open(h, path, O_PATH | O_CLOEXEC);
	struct stat st;

	if (fd < 0) {
		rec_error(h, path, -fd);
		return fd;
	}
	if (fstat(fd, &st) < 0)
		return neg_errno();
	*ret = S_ISDIR(st.st_mode) ? VC_FT_DIR : S_ISREG(st.st_mode) ? VC_FT_REG : VC_FT_OTHER;
	if (h->recfd >= 0) {
		if (*ret == VC_FT_DIR)
			rec_mkdir_p(h, path);
		else if (*ret == VC_FT_REG)
			rec_file(h, path, "", 0, false); /* placeholder; a later read fills it */
	}
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_impl(struct vc_host *h, const char *path, int extra, char ***ret_names, size_t *ret_n)
{
	int fd = host_open(h, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | extra);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d;

	if (fd < 0) {
		rec_error(h, path, -fd);
		return fd;
	}
	d = fdopendir(fd);
	if (!d) {
		int r = neg_errno();
		close(fd);
		return r;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n + 1 >= MAX_DIR_ENTRIES) {
			closedir(d);
			for (size_t i = 0; i < n; i++)
				free(names[i]);
			free(names);
			return -E2BIG;
		}
		if (n + 2 > cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (!names)
		names = xcalloc(1, sizeof(*names));
	names[n] = NULL;
	qsort_safe(names, n, sizeof(*names), name_cmp);
	if (h->recfd >= 0) {
		rec_mkdir_p(h, path);
		for (size_t i = 0; i < n; i++) {
			char *child = xasprintf("%s/%s", strcmp(path, "/") ? path : "", names[i]);
			enum vc_ftype t;
			struct stat st;

			/* entries become empty placeholders of their type until something reads them */
			t = stat(child, &st) == 0 && S_ISDIR(st.st_mode) ? VC_FT_DIR : VC_FT_REG;
			if (t == VC_FT_DIR)
				rec_mkdir_p(h, child);
			else
				rec_file(h, child, "", 0, false);
			free(child);
		}
	}
	*ret_names = names;
	if (ret_n)
		*ret_n = n;
	return 0;
}

int vc_host_list(struct vc_host *h, const char *path, char ***ret_names, size_t *ret_n)
{
	return list_impl(h, path, 0, ret_names, ret_n);
}

int vc_host_list_untrusted(struct vc_host *h, const char *path, char ***ret_names, size_t *ret_n)
{
	return list_impl(h, path, O_NOFOLLOW, ret_names, ret_n);
}

int vc_host_cpuid(struct vc_host *h, unsigned cpu, uint32_t leaf, uint32_t subleaf, struct vc_cpuid_regs *ret)
{
	int r;

	if (cpu >= VC_MAX_CPUS)
		return -EINVAL;
	if (h->ops == &vc_host_sysroot_ops)
		vc_host_load_records(h);
	r = h->ops->cpuid(h, cpu, leaf, subleaf, ret);
	if (r == 0 && h->recfd >= 0) {
		struct vc_cpuid_rec rec = { .cpu = cpu, .leaf = leaf, .subleaf = subleaf, .r = *ret };
		REC_PUSH(h->rec_cpuid, rec);
	}
	return r;
}

int vc_host_rdmsr(struct vc_host *h, unsigned cpu, uint32_t msr, uint64_t *ret)
{
	int r;

	if (cpu >= VC_MAX_CPUS)
		return -EINVAL;
	if (h->ops == &vc_host_sysroot_ops)
		vc_host_load_records(h);
	r = h->ops->rdmsr(h, cpu, msr, ret);
	if (h->recfd >= 0) {
		struct vc_msr_rec rec = { .cpu = cpu, .msr = msr, .err = r < 0 ? -r : 0 };

		if (r == 0)
			rec.value = *ret;
		REC_PUSH(h->rec_msr, rec);
	}
	return r;
}

int vc_host_kvm(struct vc_host *h, const struct vc_kvm_info **ret)
{
	if (!h->kvm_done) {
		h->kvm_done = true;
		h->kvm.open = ENOENT;
		h->kvm.api = -1;
		h->kvm.create_vm = h->kvm.create_vcpu = h->kvm.vcpu_run = VC_NOT_TRIED;
		for (size_t i = 0; i < vc_kvm_ncaps; i++)
			h->kvm.caps[i] = -1;
		h->kvm_err = h->ops->kvm(h, &h->kvm);
	}
	if (h->kvm_err < 0)
		return h->kvm_err;
	*ret = &h->kvm;
	return 0;
}

int vc_host_devnode(struct vc_host *h, const char *path, struct vc_devnode *ret)
{
	int r = check_path(path);

	if (r < 0)
		return r;
	if (h->ops == &vc_host_sysroot_ops)
		vc_host_load_records(h);
	r = h->ops->devnode(h, path, ret);
	if (h->recfd >= 0 && strlen(path) < sizeof(((struct vc_dev_rec *)0)->path)) {
		struct vc_dev_rec rec = { .err = r < 0 ? -r : 0 };

		strcpy(rec.path, path);
		if (r == 0)
			rec.node = *ret;
		for (size_t i = 0; i < h->rec_dev.n; i++)
			if (strcmp(h->rec_dev.a[i].path, path) == 0)
				return r;
		REC_PUSH(h->rec_dev, rec);
	}
	return r;
}

int vc_host_fds(struct vc_host *h, const struct vc_fd_rec **ret, size_t *ret_n)
{
	if (!h->fds_done) {
		h->fds_done = true;
		h->fds_err = h->ops->fds(h, &h->fds, &h->nfds, &h->fds_unreadable);
	}
	if (h->fds_err < 0)
		return h->fds_err;
	*ret = h->fds;
	*ret_n = h->nfds;
	return 0;
}

unsigned vc_host_fds_unreadable(struct vc_host *h)
{
	const struct vc_fd_rec *f;
	size_t n;

	return vc_host_fds(h, &f, &n) == 0 ? h->fds_unreadable : 0;
}

int vc_host_identity(struct vc_host *h, const struct vc_identity **ret)
{
	if (!h->id_done) {
		h->id_done = true;
		h->id_err = h->ops->identity(h, &h->id, &h->invoker, &h->has_invoker);
	}
	if (h->id_err < 0)
		return h->id_err;
	*ret = &h->id;
	return 0;
}

int vc_host_invoker(struct vc_host *h, const struct vc_identity **ret)
{
	const struct vc_identity *id;
	int r = vc_host_identity(h, &id);

	if (r < 0)
		return r;
	if (!h->has_invoker)
		return -ENODATA;
	*ret = &h->invoker;
	return 0;
}

int vc_host_cpus(struct vc_host *h, const unsigned **ret, size_t *ret_n)
{
	if (!h->cpus) {
		_cleanup_(freep) char *online = NULL;
		bool *set = xcalloc(VC_MAX_CPUS, sizeof(bool));
		int r = vc_host_read_value(h, "/sys/devices/system/cpu/online", &online);

		if (r < 0 || parse_cpulist(online, set, VC_MAX_CPUS) < 0) {
			if (r == 0)
				vc_host_problem(h, "/sys/devices/system/cpu/online", "malformed CPU list");
			memset(set, 0, VC_MAX_CPUS * sizeof(bool));
			set[0] = true;
		}
		h->cpus = xcalloc(VC_MAX_CPUS, sizeof(unsigned));
		for (unsigned i = 0; i < VC_MAX_CPUS; i++)
			if (set[i])
				h->cpus[h->ncpus++] = i;
		if (!h->ncpus)
			h->cpus[h->ncpus++] = 0;
		free(set);
	}
	*ret = h->cpus;
	*ret_n = h->ncpus;
	return 0;
}

const struct vc_vmm *vc_vmm_lookup(const char *comm)
{
	static const struct vc_vmm table[] = {
		{ "qemu-system-", true, "kvm", true },
		{ "qemu-kvm", false, "kvm", true },
		{ "firecracker", false, "kvm", true },
		{ "cloud-hyperviso", true, "kvm", true },
		{ "crosvm", false, "kvm", true },
		{ "VBoxHeadless", false, "virtualbox", true },
		{ "VirtualBoxVM", false, "virtualbox", true },
		{ "VBoxSDL", false, "virtualbox", true },
		{ "VBoxSVC", false, "virtualbox", false },
		{ "vmware-vmx", false, "vmware", true },
	};

	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (table[i].prefix ? startswith(comm, table[i].comm) : strcmp(comm, table[i].comm) == 0)
			return &table[i];
	return NULL;
}

int vc_host_lines(struct vc_host *h, const char *name, char *const **ret_lines, size_t *ret_n)
{
	struct vc_lines l = { .err = 0 };
	struct buf b = { 0 };
	size_t cap = 0;
	char *cur, *line;

	if (strlen(name) >= sizeof(l.name))
		return -EINVAL;
	for (size_t i = 0; i < h->lines.n; i++)
		if (strcmp(h->lines.a[i].name, name) == 0) {
			*ret_lines = h->lines.a[i].lines;
			*ret_n = h->lines.a[i].n;
			return h->lines.a[i].err;
		}
	if (h->ops == &vc_host_sysroot_ops)
		vc_host_load_records(h);
	strcpy(l.name, name);
	l.err = h->ops->lines(h, name, &b);
	if (l.err < 0)
		buf_free(&b);
	l.text = b.data ? b.data : xstrdup("");
	/* the lines point into a copy: text stays whole for the capture */
	l.copy = xstrdup(l.text);
	cur = l.copy;
	while ((line = next_line(&cur))) {
		if (!*line || *line == '#')
			continue;
		if (l.n + 2 > cap) {
			cap = cap ? cap * 2 : 32;
			l.lines = xrealloc(l.lines, cap * sizeof(char *));
		}
		l.lines[l.n++] = line;
	}
	if (!l.lines)
		l.lines = xcalloc(1, sizeof(char *));
	l.lines[l.n] = NULL;
	REC_PUSH(h->lines, l);
	*ret_lines = l.lines;
	*ret_n = l.n;
	return l.err;
}

/* ---- writing the capture's record files ---- */

static int write_record(struct vc_host *h, const char *name, const struct buf *b)
{
	_cleanup_(freep) char *path = xasprintf("/virtcheck/%s", name);

	rec_mkdir_p(h, "/virtcheck");
	rec_file(h, path, b->data ? b->data : "", b->len, true);
	return 0;
}

int vc_host_finish(struct vc_host *h, const char *version)
{
	struct buf b = { 0 };
	const struct vc_kvm_info *kvm;
	const struct vc_identity *id;
	const struct vc_fd_rec *fds;
	size_t nfds, n = 0;
	char tbuf[64];
	time_t now = time(NULL);
	struct tm tm;

	if (h->recfd < 0)
		return -EINVAL;

	/* CPUID in cpuid -r order, each (cpu, leaf, subleaf) once */
	qsort_safe(h->rec_cpuid.a, h->rec_cpuid.n, sizeof(*h->rec_cpuid.a), vc_cpuid_rec_cmp);
	for (size_t i = 0; i < h->rec_cpuid.n; i++)
		if (!n || vc_cpuid_rec_cmp(&h->rec_cpuid.a[n - 1], &h->rec_cpuid.a[i]))
			h->rec_cpuid.a[n++] = h->rec_cpuid.a[i];
	buf_printf(&b, "# CPUID as read by virtcheck %s, in the format of cpuid -r\n", version);
	vc_format_cpuid_txt(&b, h->rec_cpuid.a, n);
	write_record(h, "cpuid.txt", &b);
	buf_free(&b);

	qsort_safe(h->rec_msr.a, h->rec_msr.n, sizeof(*h->rec_msr.a), vc_msr_rec_cmp);
	n = 0;
	for (size_t i = 0; i < h->rec_msr.n; i++)
		if (!n || vc_msr_rec_cmp(&h->rec_msr.a[n - 1], &h->rec_msr.a[i]))
			h->rec_msr.a[n++] = h->rec_msr.a[i];
	vc_format_msr_txt(&b, h->rec_msr.a, n);
	write_record(h, "msr.txt", &b);
	buf_free(&b);

	if (vc_host_kvm(h, &kvm) == 0)
		vc_format_kvm_txt(&b, kvm);
	write_record(h, "kvm.txt", &b);
	buf_free(&b);

	vc_format_devices_txt(&b, h->rec_dev.a, h->rec_dev.n);
	write_record(h, "devices.txt", &b);
	buf_free(&b);

	if (vc_host_fds(h, &fds, &nfds) == 0)
		vc_format_fds_txt(&b, fds, nfds, h->fds_unreadable);
	write_record(h, "fds.txt", &b);
	buf_free(&b);

	for (size_t i = 0; i < h->lines.n; i++) {
		char name[32], ebuf[16];

		snprintf(name, sizeof(name), "%s.txt", h->lines.a[i].name);
		if (h->lines.a[i].err < 0)
			buf_printf(&b, "!error %s\n", errno_name(-h->lines.a[i].err, ebuf));
		else
			buf_append(&b, h->lines.a[i].text, strlen(h->lines.a[i].text));
		write_record(h, name, &b);
		buf_free(&b);
	}

	vc_format_errors_txt(&b, h->rec_err.a, h->rec_err.n);
	write_record(h, "errors.txt", &b);
	buf_free(&b);

	gmtime_r(&now, &tm);
	strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (vc_host_identity(h, &id) == 0)
		vc_format_meta_txt(&b, id, h->has_invoker ? &h->invoker : NULL, tbuf, version);
	write_record(h, "meta.txt", &b);
	buf_free(&b);
	return fsync(h->recfd) < 0 ? -errno : 0;
}
