/* The host seam: the generic reads every probe makes, checked and cached, over one backend. */
#include "lib/host/host-internal.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#define MAX_PROBLEMS 200

void vc_host_init(struct vc_host *h, const struct vc_host_ops *ops)
{
	h->ops = ops;
	h->live = ops->live;
	h->kvm.caps = xcalloc(vc_kvm_ncaps, sizeof(*h->kvm.caps));
	h->kvm_want = VC_KVM_ALL_CAPS;
}

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
	return h->live;
}

bool vc_host_is_passive(const struct vc_host *h)
{
	return h->passive;
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
	free(h->sysroot);
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
	h->ops->destroy(h);
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

int vc_host_read_flags(struct vc_host *h, const char *path, size_t max, unsigned flags, char **ret_buf,
		       size_t *ret_len)
{
	int r = check_path(path);

	return r < 0 ? r : h->ops->read(h, path, max, flags, ret_buf, ret_len);
}

int vc_host_read(struct vc_host *h, const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	return vc_host_read_flags(h, path, max, 0, ret_buf, ret_len);
}

int vc_host_read_untrusted(struct vc_host *h, const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	return vc_host_read_flags(h, path, max, VC_READ_UNTRUSTED, ret_buf, ret_len);
}

int vc_host_owner_mtime(struct vc_host *h, const char *path, unsigned *ret_uid, unsigned *ret_mode,
			long long *ret_mtime)
{
	int r = check_path(path);

	return r < 0 ? r : h->ops->owner ? h->ops->owner(h, path, ret_uid, ret_mode, ret_mtime) : -EOPNOTSUPP;
}

int vc_host_owner_mode(struct vc_host *h, const char *path, unsigned *ret_uid, unsigned *ret_mode)
{
	long long mtime;

	return vc_host_owner_mtime(h, path, ret_uid, ret_mode, &mtime);
}

int vc_host_owner(struct vc_host *h, const char *path, unsigned *ret_uid)
{
	unsigned mode;

	return vc_host_owner_mode(h, path, ret_uid, &mode);
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
	int r = check_path(path);

	return r < 0 ? r : h->ops->stat(h, path, ret);
}

static int list_checked(struct vc_host *h, const char *path, bool untrusted, char ***ret_names, size_t *ret_n)
{
	size_t n;
	int r = check_path(path);

	if (r < 0)
		return r;
	r = h->ops->list(h, path, untrusted, ret_names, &n);
	if (r == 0 && ret_n)
		*ret_n = n;
	return r;
}

int vc_host_list(struct vc_host *h, const char *path, char ***ret_names, size_t *ret_n)
{
	return list_checked(h, path, false, ret_names, ret_n);
}

int vc_host_list_untrusted(struct vc_host *h, const char *path, char ***ret_names, size_t *ret_n)
{
	return list_checked(h, path, true, ret_names, ret_n);
}

int vc_host_cpuid(struct vc_host *h, unsigned cpu, uint32_t leaf, uint32_t subleaf, struct vc_cpuid_regs *ret)
{
	return cpu < VC_MAX_CPUS ? h->ops->cpuid(h, cpu, leaf, subleaf, ret) : -EINVAL;
}

int vc_host_rdmsr(struct vc_host *h, unsigned cpu, uint32_t msr, uint64_t *ret)
{
	return cpu < VC_MAX_CPUS ? h->ops->rdmsr(h, cpu, msr, ret) : -EINVAL;
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
		/* what was not asked is unknown, whatever the backend could give: a replay answers as
		 * the live run would */
		for (size_t i = 0; i < vc_kvm_ncaps; i++)
			if (!(h->kvm_want & UINT64_C(1) << i))
				h->kvm.caps[i] = -1;
	}
	if (h->kvm_err < 0)
		return h->kvm_err;
	*ret = &h->kvm;
	return 0;
}

void vc_host_kvm_want(struct vc_host *h, uint64_t caps)
{
	h->kvm_want = caps | vc_kvm_cap_bit("KVM_CAP_USER_MEMORY");
}

int vc_host_node(struct vc_host *h, const char *path, struct vc_devnode *ret)
{
	int r = check_path(path);

	return r < 0 ? r : h->ops->devnode(h, path, ret);
}

int vc_host_devnode(struct vc_host *h, const char *path, struct vc_devnode *ret)
{
	int r = vc_host_node(h, path, ret);

	return r == 0 && ret->type == 's' ? -ENOTTY : r;
}

int vc_host_socket(struct vc_host *h, const char *path, struct vc_devnode *ret)
{
	int r = vc_host_node(h, path, ret);

	return r == 0 && ret->type != 's' ? -ENOTSOCK : r == -ENOTTY ? -ENOTSOCK : r;
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

struct vc_fd_rec *vc_fd_recs_copy(const struct vc_fd_rec *a, size_t n)
{
	size_t bytes = 0;
	struct vc_fd_rec *out;
	char *str;

	if (!n)
		return NULL;
	for (size_t i = 0; i < n; i++)
		bytes += strlen(a[i].comm) + strlen(a[i].target) + 2;
	out = xmalloc(n * sizeof(*out) + bytes);
	str = (char *)(out + n);
	for (size_t i = 0; i < n; i++) {
		size_t cl = strlen(a[i].comm) + 1, tl = strlen(a[i].target) + 1;

		out[i].pid = a[i].pid;
		out[i].comm = memcpy(str, a[i].comm, cl);
		out[i].target = memcpy(str + cl, a[i].target, tl);
		str += cl + tl;
	}
	return out;
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

const char *const vc_ci_variables[] = {
	"GITHUB_ACTIONS",
	"GITLAB_CI",
	"BUILDKITE",
	"TF_BUILD",
	"CIRCLECI",
	"JENKINS_URL",
	"TRAVIS",
	"CIRRUS_CI",
	"DRONE",
	"KOKORO_ARTIFACTS_DIR",
	"SWARMING_BOT_ID", /* LUCI's Swarming tasks (lib/model/ci.c) */
	"BITBUCKET_BUILD_NUMBER",
	"SEMAPHORE",
	"CI",
	NULL,
};

/* An id map ("INSIDE OUTSIDE COUNT" lines): true when it is one line, the identity over all ids. */
static bool full_map(const char *map)
{
	unsigned long inside, outside, count;
	int end = 0;

	return sscanf(map, " %lu %lu %lu %n", &inside, &outside, &count, &end) == 3 && !map[end] &&
	       inside == 0 && outside == 0 && count == 4294967295UL;
}

bool vc_host_user_namespace(struct vc_host *h, char **ret_map)
{
	static const char *const maps[] = { "/proc/self/uid_map", "/proc/self/gid_map" };
	bool userns = false;

	if (ret_map)
		*ret_map = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(maps); i++) {
		char *map = NULL;

		if (vc_host_read(h, maps[i], 65536, &map, NULL) < 0)
			continue;
		userns |= !full_map(map);
		if (i == 0 && ret_map) {
			/* "1000 1000 1\n0 100000 1000\n" -> "1000 1000 1; 0 100000 1000" */
			struct buf b = { 0 };
			char *cur = map, *line;

			while ((line = next_line(&cur))) {
				unsigned long in, out, count;

				if (sscanf(line, "%lu %lu %lu", &in, &out, &count) == 3)
					buf_printf(&b, "%s%lu %lu %lu", b.len ? "; " : "", in, out, count);
			}
			*ret_map = b.data;
		}
		free(map);
	}
	return userns;
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

void vc_host_prefetch(struct vc_host *h, const char *name)
{
	for (size_t i = 0; i < h->lines.n; i++)
		if (strcmp(h->lines.a[i].name, name) == 0)
			return;
	if (h->ops->prefetch)
		h->ops->prefetch(h, name);
}

void vc_host_defer_close(struct vc_host *h)
{
	if (h->ops->defer_close)
		h->ops->defer_close(h);
}

void vc_host_settle(struct vc_host *h)
{
	if (h->ops->settle)
		h->ops->settle(h);
}

const struct vc_lines *vc_host_lines_read(const struct vc_host *h, size_t *ret_n)
{
	*ret_n = h->lines.n;
	return h->lines.a;
}

bool vc_modconfig_log_name(const char *name)
{
	static const char *const prefixes[] = { "vmware-", "vmware-modconfig-", "modconfig-" };

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t n = strlen(prefixes[i]), digits;

		if (strncmp(name, prefixes[i], n) != 0)
			continue;
		digits = strspn(name + n, "0123456789");
		if (digits >= 1 && digits <= 10 && !strcmp(name + n + digits, ".log"))
			return true;
	}
	return false;
}

bool vc_modconfig_log_line(const char *line)
{
	static const char *const marks[] = {
		"Log for VMware", /* its first line: the product and release */
		"Host is Linux ", /* the kernel it ran on */
		"Unable to install all modules",
		"Failed to build ",
		"Successfully built ",		/* a build that worked */
		"Failed to find /lib/modules/", /* the headers it looked for */
		"The kernel was built by:",
		"You are using:",
	};

	for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
		if (strstr(line, marks[i]))
			return true;
	return false;
}
