/* The recording backend: this machine read through a live host, and everything read written
 * into a capture directory in the sysroot layout (virtcheck capture). */
#include "lib/host/host-internal.h"
#include "lib/host/records.h"
#include "lib/base/safeio.h"
#include "lib/host/redact.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct record_host {
	struct vc_host host;
	struct vc_host *live;	  /* what is read */
	int recfd;		  /* where it is written */
	int werr;		  /* the first write that failed, or 0 */
	struct vc_redact *redact; /* capture --redact, or NULL */
	REC_ARRAY(struct vc_cpuid_rec, cpuid);
	REC_ARRAY(struct vc_msr_rec, msr);
	REC_ARRAY(struct vc_dev_rec, dev);
	REC_ARRAY(struct vc_err_rec, err);
};

/* what a capture keeps of a file read for its head (VC_READ_HEAD) */
#define RECORD_HEAD_WHOLE (8u << 20)

static struct record_host *R(struct vc_host *h)
{
	return (struct record_host *)h;
}

/* ---- mirroring files ---- */

/*
 * Everything is written below the capture directory's fd, which capture made itself (0700):
 * no component is a link that is followed, no ".." leaves it, files are 0600 (users' logs and
 * /proc files are copied into it). The first failed write is kept: the capture then ends with
 * an error and without meta.txt, so it never looks complete.
 */
static void rec_failed(struct record_host *h, int r)
{
	if (r < 0 && !h->werr)
		h->werr = r;
}

/* The path or text as the capture holds it: with --redact, names replaced by placeholders. */
static char *rec_redact(struct record_host *h, const char *text, size_t len, size_t *ret_len)
{
	if (!h->redact) {
		*ret_len = len;
		return xstrndup(text, len);
	}
	return vc_redact_text(h->redact, text, len, ret_len);
}

static void rec_mkdir_p(struct record_host *h, const char *path)
{
	size_t len;
	_cleanup_(freep) char *p = rec_redact(h, path, strlen(path), &len);

	if (p[1])
		rec_failed(h, vc_mkdirat_beneath(h->recfd, p + 1));
}

static void rec_parent(struct record_host *h, const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');

	if (slash && slash != dir) {
		*slash = '\0';
		rec_mkdir_p(h, dir);
	}
	free(dir);
}

static void rec_file(struct record_host *h, const char *path, const char *data, size_t len, bool truncate)
{
	size_t plen, dlen;
	_cleanup_(freep) char *p = rec_redact(h, path, strlen(path), &plen);
	/* binary data (/proc/config.gz) is copied as it is: a placeholder would corrupt it */
	_cleanup_(freep) char *d = h->redact && !memchr(data, '\0', len) && !endswith(path, ".gz")
					   ? vc_redact_file(h->redact, path, data, len, &dlen)
					   : NULL;
	int fd, r;

	if (d) {
		data = d;
		len = dlen;
	}
	rec_parent(h, path);
	fd = vc_openat_beneath(h->recfd, p + 1, O_WRONLY | O_CREAT | (truncate ? O_TRUNC : O_EXCL), 0600);
	if (fd == -EEXIST && !truncate)
		return; /* a placeholder where something was recorded already */
	if (fd < 0) {
		rec_failed(h, fd);
		return;
	}
	r = vc_write_all(fd, data, len);
	if (close(fd) < 0 && r == 0)
		r = neg_errno();
	rec_failed(h, r);
}

/* A failure other than "absent" is replayed as it happened (errors.txt). */
static void rec_error(struct record_host *h, const char *path, int err)
{
	struct vc_err_rec e = { .err = err };

	if (err == ENOENT || strlen(path) >= sizeof(e.path))
		return;
	for (size_t i = 0; i < h->err.n; i++)
		if (strcmp(h->err.a[i].path, path) == 0)
			return;
	strcpy(e.path, path);
	REC_PUSH(h->err, e);
}

/* ---- privacy: a capture keeps of private files only what a probe reads ---- */

/* Keeps the lines (or NUL-separated entries) of text that keep() accepts; keep may rewrite
 * the line in place (shorter). */
static char *keep_entries(const char *data, size_t len, char sep, bool (*keep)(struct record_host *, char *),
			  struct record_host *h, size_t *ret_len)
{
	struct buf out = { 0 };
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *e = memchr(p, sep, (size_t)(end - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
		char *line = xstrndup(p, n);

		if (keep(h, line)) {
			buf_append(&out, line, strlen(line));
			if (e)
				buf_append(&out, &sep, 1);
		}
		free(line);
		p += n + (e ? 1 : 0);
	}
	*ret_len = out.len;
	return out.data ? out.data : xstrdup("");
}

/* /proc/1/environ and /proc/self/environ: only the container manager's or sandbox's marker
 * (secrets live in environments) */
static bool keep_environ(struct record_host *h, char *entry)
{
	(void)h;
	return startswith(entry, "container=");
}

/* /proc/self/mountinfo: only the root filesystem's line (others name homes and user@host) */
static bool keep_mountinfo(struct record_host *h, char *line)
{
	char mnt[8];

	(void)h;
	return sscanf(line, "%*s %*s %*s %*s %7s", mnt) == 1 && strcmp(mnt, "/") == 0;
}

/* /etc/passwd: root and the human users whose homes are searched for VM logs, without the
 * full names (the GECOS field) */
static bool keep_passwd(struct record_host *h, char *line)
{
	char *f[7] = { NULL }, *cur = line, out[1024];
	size_t n = 0;
	uint32_t uid;

	(void)h;
	for (char *t = strsep(&cur, ":"); t && n < 7; t = strsep(&cur, ":"))
		f[n++] = t;
	if (n < 7 || parse_u32(f[2], 10, &uid) < 0 || (uid != 0 && (uid < 1000 || uid >= 60000)))
		return false;
	snprintf(out, sizeof(out), "%s:%s:%s:%s::%s:%s", f[0], f[1], f[2], f[3], f[5], f[6]);
	strcpy(line, out); /* never longer: the GECOS field is dropped */
	return true;
}

/* /etc/group: every group's name and gid, members only of the groups that give access to the
 * hypervisors (and of the group /dev/kvm, /dev/vboxdrv... belong to) */
static bool keep_group(struct record_host *h, char *line)
{
	static const char *const access_groups[] = { "kvm", "vboxusers", "libvirt", "libvirt-qemu", "qemu" };
	char *c1 = strchr(line, ':'), *c3;
	bool members = false;

	if (!c1 || !(c3 = strchr(c1 + 1, ':')) || !(c3 = strchr(c3 + 1, ':')))
		return false;
	*c1 = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(access_groups); i++)
		members |= strcmp(line, access_groups[i]) == 0;
	for (size_t i = 0; i < h->dev.n; i++)
		members |= strcmp(line, h->dev.a[i].node.group) == 0;
	*c1 = ':';
	if (!members)
		c3[1] = '\0';
	return true;
}

/* the dpkg status of the packages a probe asks about, not every package installed */
static char *keep_dpkg(const char *data, size_t len, size_t *ret_len)
{
	static const char *const prefixes[] = { "virtualbox", "linux-image", "linux-headers", "qemu",
						"libvirt",    "vmware",	     "open-vm-tools", "dkms" };
	struct buf out = { 0 };
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *stop = memmem(p, (size_t)(end - p), "\n\n", 2);
		size_t n = stop ? (size_t)(stop - p) + 2 : (size_t)(end - p);
		bool keep = false;

		for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
			char key[48];

			snprintf(key, sizeof(key), "Package: %s", prefixes[i]);
			keep |= n > strlen(key) && strncmp(p, key, strlen(key)) == 0;
		}
		if (keep)
			buf_append(&out, p, n);
		p += n;
	}
	*ret_len = out.len;
	return out.data ? out.data : xstrdup("");
}

/* a VM log: the lines that say what VirtualBox is, runs on and failed with; not the VM's
 * configuration, paths, network or guest details */
static bool keep_vm_log(struct record_host *h, char *line)
{
	static const char *const marks[] = { "VERR_",	   "VirtualBox VM ",
					     "OS Product", "OS Release",
					     "OS Version", "NEM:",
					     "HM:",	   "VMX",
					     "SVM",	   "AMD-V",
					     "VT-x",	   "SUP:",
					     "SUPR3",	   "Power up failed",
					     "driverless" };

	(void)h;
	for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
		if (strstr(line, marks[i]))
			return true;
	return false;
}

/* VMware's vmmon sources (a tar of about 1 MiB): the line the vmware probe reads */
static bool keep_vmmon_version(struct record_host *h, char *line)
{
	(void)h;
	return strstr(line, "#define VMMON_VERSION") != NULL;
}

/* vmware-modconfig's log: the lines the vmware probe reads (not the paths, users and compiler
 * output around them) */
static bool keep_modconfig_log(struct record_host *h, char *line)
{
	(void)h;
	return vc_modconfig_log_line(line);
}

static bool is_modconfig_log(const char *path)
{
	const char *slash = strrchr(path, '/');

	return startswith(path, "/tmp/vmware-") && slash && strchr(path + 5, '/') == slash &&
	       vc_modconfig_log_name(slash + 1);
}

static bool is_vm_log(const char *path)
{
	const char *logs = strstr(path, "/Logs/");

	return logs && (endswith(path, "/VBox.log") || endswith(path, "/VBoxHardening.log"));
}

/* What the capture writes of path (read as data): a reduced copy, or NULL for the data itself. */
static char *privacy_filter(struct record_host *h, const char *path, const char *data, size_t len,
			    size_t *ret_len)
{
	if (!strcmp(path, "/proc/1/environ") || !strcmp(path, "/proc/self/environ"))
		return keep_entries(data, len, '\0', keep_environ, h, ret_len);
	if (!strcmp(path, "/proc/self/mountinfo"))
		return keep_entries(data, len, '\n', keep_mountinfo, h, ret_len);
	if (!strcmp(path, "/etc/passwd"))
		return keep_entries(data, len, '\n', keep_passwd, h, ret_len);
	if (!strcmp(path, "/etc/group"))
		return keep_entries(data, len, '\n', keep_group, h, ret_len);
	if (!strcmp(path, "/var/lib/dpkg/status"))
		return keep_dpkg(data, len, ret_len);
	if (is_vm_log(path))
		return keep_entries(data, len, '\n', keep_vm_log, h, ret_len);
	if (is_modconfig_log(path))
		return keep_entries(data, len, '\n', keep_modconfig_log, h, ret_len);
	if (!strcmp(path, "/usr/lib/vmware/modules/source/vmmon.tar"))
		return keep_entries(data, len, '\n', keep_vmmon_version, h, ret_len);
	return NULL;
}

/* ---- the operations: the live host's answer, written down ---- */

static int record_read(struct vc_host *host, const char *path, size_t max, unsigned flags, char **ret_buf,
		       size_t *ret_len)
{
	struct record_host *h = R(host);
	size_t len, klen = 0;
	/* a head is the reader's; the capture keeps the whole file (up to RECORD_HEAD_WHOLE) */
	int r = vc_host_read_flags(h->live, path, flags & VC_READ_HEAD ? RECORD_HEAD_WHOLE : max,
				   flags & ~(unsigned)VC_READ_HEAD, ret_buf, &len);

	/* longer than that (a /proc/cpuinfo of thousands of CPUs): its first RECORD_HEAD_WHOLE bytes,
	 * which hold every head a reader asks for */
	if (r == -EFBIG && (flags & VC_READ_HEAD))
		r = vc_host_read_flags(h->live, path, RECORD_HEAD_WHOLE, flags, ret_buf, &len);
	if (r < 0) {
		rec_error(h, path, -r);
		return r;
	}
	_cleanup_(freep) char *kept = privacy_filter(h, path, *ret_buf, len, &klen);

	rec_file(h, path, kept ? kept : *ret_buf, kept ? klen : len, true);
	if ((flags & VC_READ_HEAD) && len > max) {
		len = max;
		(*ret_buf)[len] = '\0';
	}
	if (ret_len)
		*ret_len = len;
	return 0;
}

/* not recorded: a replay's files are its unpacker's, and a file live skipped was never copied */
static int record_owner(struct vc_host *host, const char *path, unsigned *ret_uid, unsigned *ret_mode,
			long long *ret_mtime)
{
	return vc_host_owner_mtime(R(host)->live, path, ret_uid, ret_mode, ret_mtime);
}

static int record_stat(struct vc_host *host, const char *path, enum vc_ftype *ret)
{
	struct record_host *h = R(host);
	int r = vc_host_stat(h->live, path, ret);

	if (r < 0)
		rec_error(h, path, -r);
	else if (*ret == VC_FT_DIR)
		rec_mkdir_p(h, path);
	else if (*ret == VC_FT_REG)
		rec_file(h, path, "", 0, false); /* placeholder; a later read fills it */
	return r;
}

static int record_list(struct vc_host *host, const char *path, bool untrusted, char ***ret_names,
		       size_t *ret_n)
{
	struct record_host *h = R(host);
	size_t n;
	int r = untrusted ? vc_host_list_untrusted(h->live, path, ret_names, &n)
			  : vc_host_list(h->live, path, ret_names, &n);

	if (r < 0) {
		rec_error(h, path, -r);
		return r;
	}
	rec_mkdir_p(h, path);
	for (size_t i = 0; i < n; i++) {
		char *child = xasprintf("%s/%s", strcmp(path, "/") ? path : "", (*ret_names)[i]);
		enum vc_ftype t;

		/* entries become empty placeholders of their type until something reads them */
		if (vc_host_stat(h->live, child, &t) == 0 && t == VC_FT_DIR)
			rec_mkdir_p(h, child);
		else
			rec_file(h, child, "", 0, false);
		free(child);
	}
	*ret_n = n;
	return 0;
}

static int record_cpuid(struct vc_host *host, unsigned cpu, uint32_t leaf, uint32_t subleaf,
			struct vc_cpuid_regs *ret)
{
	struct record_host *h = R(host);
	int r = vc_host_cpuid(h->live, cpu, leaf, subleaf, ret);

	if (r == 0) {
		struct vc_cpuid_rec rec = { .cpu = cpu, .leaf = leaf, .subleaf = subleaf, .r = *ret };

		REC_PUSH(h->cpuid, rec);
	}
	return r;
}

static int record_rdmsr(struct vc_host *host, unsigned cpu, uint32_t msr, uint64_t *ret)
{
	struct record_host *h = R(host);
	int r = vc_host_rdmsr(h->live, cpu, msr, ret);
	struct vc_msr_rec rec = { .cpu = cpu, .msr = msr, .err = r < 0 ? -r : 0 };

	if (r == 0)
		rec.value = *ret;
	REC_PUSH(h->msr, rec);
	return r;
}

static int record_kvm(struct vc_host *host, struct vc_kvm_info *ret)
{
	const struct vc_kvm_info *k;
	int64_t *caps = ret->caps;
	int r = vc_host_kvm(R(host)->live, &k);

	if (r < 0)
		return r;
	*ret = *k;
	ret->caps = caps;
	memcpy(caps, k->caps, vc_kvm_ncaps * sizeof(*caps));
	return 0;
}

static int record_devnode(struct vc_host *host, const char *path, struct vc_devnode *ret)
{
	struct record_host *h = R(host);
	int r = vc_host_node(h->live, path, ret);
	struct vc_dev_rec rec = { .err = r < 0 ? -r : 0 };

	if (strlen(path) >= sizeof(rec.path))
		return r;
	for (size_t i = 0; i < h->dev.n; i++)
		if (strcmp(h->dev.a[i].path, path) == 0)
			return r;
	strcpy(rec.path, path);
	if (r == 0)
		rec.node = *ret;
	REC_PUSH(h->dev, rec);
	return r;
}

static int record_fds(struct vc_host *host, struct vc_fd_rec **ret, size_t *ret_n, unsigned *unreadable)
{
	struct vc_host *live = R(host)->live;
	const struct vc_fd_rec *fds;
	size_t n;
	int r = vc_host_fds(live, &fds, &n);

	if (r < 0)
		return r;
	*ret = vc_fd_recs_copy(fds, n);
	*ret_n = n;
	*unreadable = vc_host_fds_unreadable(live);
	return 0;
}

static int record_identity(struct vc_host *host, struct vc_identity *ret, struct vc_identity *invoker,
			   bool *has_invoker)
{
	struct vc_host *live = R(host)->live;
	const struct vc_identity *id, *inv;
	int r = vc_host_identity(live, &id);

	if (r < 0)
		return r;
	*ret = *id;
	*has_invoker = vc_host_invoker(live, &inv) == 0;
	if (*has_invoker)
		*invoker = *inv;
	return 0;
}

static int record_lines(struct vc_host *host, const char *name, struct buf *out)
{
	struct vc_host *live = R(host)->live;
	const struct vc_lines *seen;
	char *const *lines;
	size_t n;
	int r = vc_host_lines(live, name, &lines, &n);

	/* the source's own text, as it gave it (the split lines drop comments and blanks) */
	seen = vc_host_lines_read(live, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(seen[i].name, name) == 0)
			buf_append(out, seen[i].text, strlen(seen[i].text));
	return r;
}

static void record_destroy(struct vc_host *host)
{
	struct record_host *h = R(host);

	if (h->recfd >= 0)
		close(h->recfd);
	free(h->cpuid.a);
	free(h->msr.a);
	free(h->dev.a);
	free(h->err.a);
	vc_redact_free(h->redact);
	vc_host_free(h->live);
	free(h);
}

static const struct vc_host_ops record_ops = {
	.live = true,
	.read = record_read,
	.owner = record_owner,
	.stat = record_stat,
	.list = record_list,
	.cpuid = record_cpuid,
	.rdmsr = record_rdmsr,
	.kvm = record_kvm,
	.devnode = record_devnode,
	.fds = record_fds,
	.identity = record_identity,
	.lines = record_lines,
	.destroy = record_destroy,
};

/* The capture directory is made here, 0700, and must not exist: one that another user
 * prepared could have its components swapped for links while root writes into it. */
int vc_host_new_recording(const char *dir, struct vc_host *inner, struct vc_host **ret)
{
	struct record_host *h;
	int fd = vc_mkdir_new(dir);

	if (fd < 0) {
		vc_host_free(inner);
		return fd;
	}
	h = xcalloc(1, sizeof(*h));
	vc_host_init(&h->host, &record_ops);
	h->recfd = fd;
	if (inner)
		h->live = inner;
	else
		vc_host_new_live(&h->live);
	h->host.live = vc_host_is_live(h->live);
	*ret = &h->host;
	return 0;
}

/* capture --redact: the users with homes (passwd), the capturer and the host name, learnt from the
 * host recorded before anything is written. */
int vc_host_record_redact(struct vc_host *host)
{
	struct record_host *h = R(host);
	_cleanup_(freep) char *passwd = NULL, *hostname = NULL, *etc_hostname = NULL;
	const struct vc_identity *id, *inv;
	char *cur, *line;

	if (host->ops != &record_ops)
		return -EINVAL;
	h->redact = vc_redact_new();
	if (vc_host_identity(h->live, &id) == 0)
		vc_redact_user(h->redact, id->user, NULL);
	if (vc_host_invoker(h->live, &inv) == 0)
		vc_redact_user(h->redact, inv->user, NULL);
	if (vc_host_read(h->live, "/etc/passwd", 1u << 20, &passwd, NULL) == 0)
		for (cur = passwd; (line = strsep(&cur, "\n"));) {
			char *f[7] = { NULL };
			size_t n = 0;
			uint32_t uid;

			for (char *t = strsep(&line, ":"); t && n < 7; t = strsep(&line, ":"))
				f[n++] = t;
			if (n == 7 && parse_u32(f[2], 10, &uid) == 0 && uid >= 1000 && uid < 60000)
				vc_redact_user(h->redact, f[0], f[5]);
		}
	if (vc_host_read_value(h->live, "/proc/sys/kernel/hostname", &hostname) == 0)
		vc_redact_hostname(h->redact, hostname);
	if (vc_host_read_value(h->live, "/etc/hostname", &etc_hostname) == 0)
		vc_redact_hostname(h->redact, etc_hostname);
	return 0;
}

/* ---- writing the capture's record files ---- */

static void write_record(struct record_host *h, const char *name, const struct buf *b)
{
	_cleanup_(freep) char *path = xasprintf("/virtcheck/%s", name);

	rec_mkdir_p(h, "/virtcheck");
	rec_file(h, path, b->data ? b->data : "", b->len, true);
}

int vc_host_finish(struct vc_host *host, const char *version)
{
	struct record_host *h = R(host);
	struct buf b = { 0 };
	const struct vc_kvm_info *kvm;
	const struct vc_identity *id, *inv;
	const struct vc_fd_rec *fds;
	const struct vc_lines *lines;
	size_t nfds, nlines, n = 0;
	char tbuf[64];
	time_t now = time(NULL);
	struct tm tm;

	if (host->ops != &record_ops)
		return -EINVAL;

	/* CPUID in cpuid -r order, each (cpu, leaf, subleaf) once */
	qsort_safe(h->cpuid.a, h->cpuid.n, sizeof(*h->cpuid.a), vc_cpuid_rec_cmp);
	for (size_t i = 0; i < h->cpuid.n; i++)
		if (!n || vc_cpuid_rec_cmp(&h->cpuid.a[n - 1], &h->cpuid.a[i]))
			h->cpuid.a[n++] = h->cpuid.a[i];
	buf_printf(&b, "# CPUID as read by virtcheck %s, in the format of cpuid -r\n", version);
	vc_format_cpuid_txt(&b, h->cpuid.a, n);
	write_record(h, "cpuid.txt", &b);
	buf_free(&b);

	qsort_safe(h->msr.a, h->msr.n, sizeof(*h->msr.a), vc_msr_rec_cmp);
	n = 0;
	for (size_t i = 0; i < h->msr.n; i++)
		if (!n || vc_msr_rec_cmp(&h->msr.a[n - 1], &h->msr.a[i]))
			h->msr.a[n++] = h->msr.a[i];
	vc_format_msr_txt(&b, h->msr.a, n);
	write_record(h, "msr.txt", &b);
	buf_free(&b);

	/* kvm.txt and fds.txt only when the host answered: a replay reads an absent one as unknown, and
	 * an empty one as "nothing there" (no /dev/kvm facts, no processes) */
	if (vc_host_kvm(host, &kvm) == 0 && vc_host_kvm(h->live, &kvm) == 0) {
		/* the inner host's answers: it asked every cap, whatever the recording was told */
		vc_format_kvm_txt(&b, kvm);
		write_record(h, "kvm.txt", &b);
	}
	buf_free(&b);

	vc_format_devices_txt(&b, h->dev.a, h->dev.n);
	write_record(h, "devices.txt", &b);
	buf_free(&b);

	if (vc_host_fds(host, &fds, &nfds) == 0) {
		vc_format_fds_txt(&b, fds, nfds, vc_host_fds_unreadable(host));
		write_record(h, "fds.txt", &b);
	}
	buf_free(&b);

	lines = vc_host_lines_read(host, &nlines);
	for (size_t i = 0; i < nlines; i++) {
		char name[32], ebuf[16];

		snprintf(name, sizeof(name), "%s.txt", lines[i].name);
		if (lines[i].err < 0)
			buf_printf(&b, "!error %s\n", errno_name(-lines[i].err, ebuf));
		else
			buf_append(&b, lines[i].text, strlen(lines[i].text));
		write_record(h, name, &b);
		buf_free(&b);
	}

	vc_format_errors_txt(&b, h->err.a, h->err.n);
	write_record(h, "errors.txt", &b);
	buf_free(&b);

	/* meta.txt last, once everything else is on disk: its presence marks a complete capture */
	if (h->werr)
		return h->werr;
	if (syncfs(h->recfd) < 0)
		return neg_errno();
	gmtime_r(&now, &tm);
	strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (vc_host_identity(host, &id) == 0)
		vc_format_meta_txt(&b, id, vc_host_invoker(host, &inv) == 0 ? inv : NULL, tbuf, version);
	write_record(h, "meta.txt", &b);
	buf_free(&b);
	if (h->werr)
		return h->werr;
	return syncfs(h->recfd) < 0 ? neg_errno() : 0;
}
