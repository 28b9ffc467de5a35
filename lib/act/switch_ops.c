/* The real operations behind virtcheck switch: libkmod, flock, atomic files, MSRs, syslog. */
#include <errno.h>
#include <fcntl.h>
#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "lib/act/kmod.h"
#include "lib/act/switch.h"
#include "lib/base/journal-io.h"
#include "lib/model/journal.h"

static struct kmod_ctx *kctx(void)
{
	static struct kmod_ctx *k;

	if (!k && vc_kmod_dlopen() == 0)
		k = sym_kmod_new(NULL, NULL);
	return k;
}

static int real_state(void *ud, const char *mod, enum vc_modstate *st, int *refcnt)
{
	struct kmod_module *m = NULL;
	int r, init;

	(void)ud;
	*refcnt = -1;
	if (!kctx())
		return vc_kmod_lib()->err ? vc_kmod_lib()->err : -ENOMEM;
	r = sym_kmod_module_new_from_name(kctx(), mod, &m);
	if (r < 0)
		return r;
	init = sym_kmod_module_get_initstate(m);
	switch (init) {
	case KMOD_MODULE_LIVE:
		*st = VC_MOD_LIVE;
		*refcnt = sym_kmod_module_get_refcnt(m);
		break;
	case KMOD_MODULE_BUILTIN:
		*st = VC_MOD_BUILTIN;
		break;
	case KMOD_MODULE_COMING:
	case KMOD_MODULE_GOING: {
		/* libkmod says "coming" for built-ins when modules.builtin is missing */
		char path[128];
		struct stat s;

		snprintf(path, sizeof(path), "/sys/module/%s/initstate", mod);
		*st = stat(path, &s) < 0	   ? VC_MOD_BUILTIN
		      : init == KMOD_MODULE_COMING ? VC_MOD_COMING
						   : VC_MOD_GOING;
		break;
	}
	default:
		*st = VC_MOD_ABSENT;
		break;
	}
	sym_kmod_module_unref(m);
	return 0;
}

static int real_remove(void *ud, const char *mod)
{
	(void)ud;
	return vc_module_remove(mod);
}

static int real_insert(void *ud, const char *mod, const char *options)
{
	(void)ud;
	/* an explicit load: blacklists (ours included) stop only automatic loading */
	return vc_module_insert(mod, options, false);
}

static int real_param(void *ud, const char *mod, const char *param, char *buf, size_t len)
{
	char path[160];
	int fd;
	ssize_t n;

	(void)ud;
	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s", mod, param);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -EIO;
	buf[n] = '\0';
	strstrip(buf);
	return 0;
}

static int lock_fd = -1;

int vc_lock_file(const char *path, unsigned timeout_ms, int *ret_fd)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		return neg_errno();
	for (unsigned waited = 0;; waited += 100) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			*ret_fd = fd;
			return 0;
		}
		if (errno != EWOULDBLOCK || waited >= timeout_ms)
			break;
		nanosleep(&(struct timespec){ 0, 100L * 1000 * 1000 }, NULL);
	}
	close(fd);
	return -EWOULDBLOCK;
}

static int real_lock(void *ud, unsigned timeout_ms)
{
	(void)ud;
	return vc_lock_file(VC_SWITCH_LOCK, timeout_ms, &lock_fd);
}

static void real_unlock(void *ud)
{
	(void)ud;
	if (lock_fd >= 0)
		close(lock_fd); /* releases the flock */
	lock_fd = -1;
}

static int real_write_file(void *ud, const char *path, const char *data, size_t len)
{
	(void)ud;
	return vc_write_file_atomic(path, data, len, 0644, true);
}

static int real_remove_file(void *ud, const char *path)
{
	(void)ud;
	char *bak = xasprintf("%s.bak", path);
	int r = rename(path, bak) < 0 ? neg_errno() : 0;

	free(bak);
	return r;
}

static int real_read_file(void *ud, const char *path, char **data, size_t *len)
{
	const char *slash = strrchr(path, '/');
	_cleanup_(freep) char *dir = xstrndup(path, (size_t)(slash - path) + 1);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	(void)ud;
	if (dfd < 0)
		return neg_errno();
	r = vc_jfile_read(dfd, slash + 1, VC_JOURNAL_MAX / 4, data, len);
	close(dfd);
	return r;
}

static int real_restore_file(void *ud, const char *path, const char *data, size_t len)
{
	(void)ud;
	if (!data)
		return unlink(path) < 0 ? neg_errno() : 0;
	return vc_write_file_atomic(path, data, len, 0644, false);
}

static int root_fd(void)
{
	int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? neg_errno() : fd;
}

int vc_switch_journal_write_at(int rootfd, const char *data, size_t len)
{
	return vc_jpath_write(rootfd, VC_SWITCH_JOURNAL_DIR, VC_SWITCH_JOURNAL_NAME, data, len);
}

int vc_switch_journal_read_at(int rootfd, char **data, size_t *len)
{
	return vc_jpath_read(rootfd, VC_SWITCH_JOURNAL_DIR, VC_SWITCH_JOURNAL_NAME, VC_JOURNAL_MAX, data,
			     len);
}

int vc_switch_journal_remove_at(int rootfd)
{
	/* the directory exists only while a journal is pending: a user who cannot look into it
	 * still sees that */
	return vc_jpath_remove(rootfd, VC_SWITCH_JOURNAL_DIR, VC_SWITCH_JOURNAL_NAME, true);
}

static int real_journal_write(void *ud, const char *data, size_t len)
{
	int fd = root_fd(), r;

	(void)ud;
	if (fd < 0)
		return fd;
	r = vc_switch_journal_write_at(fd, data, len);
	close(fd);
	return r;
}

static int real_journal_read(void *ud, char **data, size_t *len)
{
	int fd = root_fd(), r;

	(void)ud;
	if (fd < 0)
		return fd;
	r = vc_switch_journal_read_at(fd, data, len);
	close(fd);
	return r;
}

static int real_journal_remove(void *ud)
{
	int fd = root_fd(), r;

	(void)ud;
	if (fd < 0)
		return fd;
	r = vc_switch_journal_remove_at(fd);
	close(fd);
	return r;
}

static int real_boot_id(void *ud, char *buf, size_t len)
{
	char *id = NULL;
	int r;

	(void)ud;
	r = real_read_file(NULL, "/proc/sys/kernel/random/boot_id", &id, NULL);
	if (r < 0 || !id)
		return r < 0 ? r : -EIO;
	snprintf(buf, len, "%s", strstrip(id));
	free(id);
	return 0;
}

static int real_svme(void *ud, bool *on)
{
	bool any_read = false;

	(void)ud;
	*on = false;
	for (unsigned cpu = 0; cpu < VC_MAX_CPUS; cpu++) {
		char path[64];
		uint64_t efer;
		int fd;

		snprintf(path, sizeof(path), "/dev/cpu/%u/msr", cpu);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			if (errno == ENOENT && cpu > 0)
				break; /* past the last CPU */
			if (errno == ENOENT)
				return -ENOENT;
			continue;
		}
		if (pread(fd, &efer, sizeof(efer), 0xc0000080) == sizeof(efer)) {
			any_read = true;
			*on |= efer & (1u << 12);
		}
		close(fd);
	}
	return any_read ? 0 : -ENOENT;
}

static bool real_node_exists(void *ud, const char *path)
{
	struct stat st;

	(void)ud;
	return stat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

static void real_log(void *ud, const char *msg)
{
	static bool opened;

	(void)ud;
	if (!opened) {
		openlog("virtcheck", LOG_PID, LOG_DAEMON);
		opened = true;
	}
	syslog(LOG_NOTICE, "%s", msg);
}

const struct vc_switch_ops vc_switch_real_ops = {
	.state = real_state,
	.remove = real_remove,
	.insert = real_insert,
	.param = real_param,
	.lock = real_lock,
	.unlock = real_unlock,
	.write_file = real_write_file,
	.remove_file = real_remove_file,
	.read_file = real_read_file,
	.restore_file = real_restore_file,
	.journal_write = real_journal_write,
	.journal_read = real_journal_read,
	.journal_remove = real_journal_remove,
	.boot_id = real_boot_id,
	.svme = real_svme,
	.node_exists = real_node_exists,
	.log = real_log,
};
