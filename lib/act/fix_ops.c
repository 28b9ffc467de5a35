/* The real operations behind preflight --fix: groupadd, usermod, gpasswd and groupdel (spawned with
 * fixed arguments, no shell), the udev rule, /dev/kvm, libkmod, the journal, syslog. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "lib/act/fix.h"
#include "lib/act/kmod.h"
#include "lib/act/switch.h"
#include "lib/base/journal-io.h"
#include "lib/model/journal.h"

extern char **environ;

/* A program of the shadow suite, run with fixed arguments: no shell, no PATH search. Its output
 * goes to standard error, so that standard output stays what virtcheck writes. */
static int run_tool(const char *name, const char *a1, const char *a2, const char *a3)
{
	static const char *const dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };
	posix_spawn_file_actions_t fa;
	char prog[64];
	const char *argv[] = { prog, a1, a2, a3, NULL };
	bool found = false;
	pid_t pid;
	int st, r;

	for (size_t i = 0; i < ARRAY_SIZE(dirs) && !found; i++) {
		snprintf(prog, sizeof(prog), "%s/%s", dirs[i], name);
		found = access(prog, X_OK) == 0;
	}
	if (!found)
		return -ENOENT;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
	r = posix_spawn(&pid, prog, &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r)
		return -r;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return neg_errno();
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EIO;
}

static int real_lock(void *ud, unsigned timeout_ms)
{
	return vc_switch_real_ops.lock(ud, timeout_ms);
}

static void real_unlock(void *ud)
{
	vc_switch_real_ops.unlock(ud);
}

static int real_boot_id(void *ud, char *buf, size_t len)
{
	return vc_switch_real_ops.boot_id(ud, buf, len);
}

/* The group's line of /etc/group, the file groupadd and usermod change ("kvm:x:993:alice,bob"). */
static int real_group(void *ud, const char *name, const char *user, struct vc_fix_group *g)
{
	_cleanup_(fclosep) FILE *f = fopen("/etc/group", "re");
	size_t n = strlen(name);
	char line[4096];

	(void)ud;
	if (!f)
		return neg_errno();
	while (fgets(line, sizeof(line), f)) {
		char *save = NULL, *m, *members;

		if (strncmp(line, name, n) != 0 || line[n] != ':')
			continue;
		memset(g, 0, sizeof(*g));
		/* name:password:gid:members */
		members = strchr(line + n + 1, ':');
		if (!members || sscanf(members + 1, "%u", &g->gid) != 1)
			return -EBADMSG;
		members = strchr(members + 1, ':');
		if (!members)
			return 0;
		members[1 + strcspn(members + 1, "\n")] = '\0';
		for (m = strtok_r(members + 1, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
			g->nmembers++;
			g->member |= user && !strcmp(m, user);
		}
		return 0;
	}
	return -ENOENT;
}

static int real_group_add(void *ud, const char *name)
{
	(void)ud;
	return run_tool("groupadd", "-r", name, NULL);
}

static int real_group_del(void *ud, const char *name)
{
	(void)ud;
	return run_tool("groupdel", name, NULL, NULL);
}

static int real_member_add(void *ud, const char *user, const char *group)
{
	(void)ud;
	return run_tool("usermod", "-aG", group, user);
}

static int real_member_del(void *ud, const char *user, const char *group)
{
	(void)ud;
	return run_tool("gpasswd", "-d", user, group);
}

static bool real_udev(void *ud)
{
	(void)ud;
	return access("/run/udev/control", F_OK) == 0;
}

/* /dev/kvm opened without following a link (O_PATH): the KVM device itself, on /dev's own file
 * system. A node of another file system there is a bind mount (a container given the host's
 * -v /dev/kvm:/dev/kvm): its group and mode are the host's, and this container's kvm group id may
 * be another group there: -EXDEV, never changed from here. */
static int kvm_node_open(struct stat *st)
{
	struct stat dev;
	int fd = open(VC_FIX_NODE, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return neg_errno();
	if (fstat(fd, st) < 0 || stat("/dev", &dev) < 0) {
		int e = neg_errno();

		close(fd);
		return e;
	}
	/* the node must be the KVM device: never chmod something else */
	if (!S_ISCHR(st->st_mode) || st->st_rdev != makedev(10, 232)) {
		close(fd);
		return -ENOTTY;
	}
	if (st->st_dev != dev.st_dev) {
		close(fd);
		return -EXDEV;
	}
	return fd;
}

static int real_node(void *ud, unsigned *gid, unsigned *mode)
{
	struct stat st = { 0 };
	int fd = kvm_node_open(&st);

	(void)ud;
	if (fd < 0)
		return fd;
	close(fd);
	*gid = st.st_gid;
	*mode = st.st_mode & 07777;
	return 0;
}

/* The group and mode changed on the inode checked, not on whatever the path names by then: the
 * group through the O_PATH fd, the mode through its /proc/self/fd link (chmod has no
 * AT_EMPTY_PATH before Linux 6.6). */
static int real_node_set(void *ud, unsigned gid, unsigned mode)
{
	struct stat st = { 0 };
	char self[64];
	int r = 0, fd = kvm_node_open(&st);

	(void)ud;
	if (fd < 0)
		return fd;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	if (fchownat(fd, "", (uid_t)-1, gid, AT_EMPTY_PATH) < 0 || chmod(self, mode) < 0)
		r = neg_errno();
	close(fd);
	return r;
}

static int real_uevent(void *ud)
{
	unsigned gid0 = 0, mode0 = 0, gid = 0, mode = 0;
	int fd, r;

	(void)ud;
	real_node(ud, &gid0, &mode0);
	fd = open("/sys/class/misc/kvm/uevent", O_WRONLY | O_CLOEXEC);
	r = fd < 0 || write(fd, "change", 6) != 6 ? neg_errno() : 0;
	if (fd >= 0)
		close(fd);
	/* udev works asynchronously: a moment for it to apply the rules before the re-check */
	for (int i = 0; r == 0 && i < 20; i++) {
		if (real_node(ud, &gid, &mode) == 0 && (gid != gid0 || mode != mode0))
			break;
		nanosleep(&(struct timespec){ 0, 50L * 1000 * 1000 }, NULL);
	}
	return r;
}

static int real_read_file(void *ud, const char *path, char **data, size_t *len)
{
	return vc_switch_real_ops.read_file(ud, path, data, len);
}

static int real_write_file(void *ud, const char *path, const char *data, size_t len)
{
	(void)ud;
	/* no .bak: what the file held is in the journal, and --undo leaves nothing behind */
	return vc_write_file_atomic(path, data, len, 0644, false);
}

static int real_restore_file(void *ud, const char *path, const char *data, size_t len)
{
	return vc_switch_real_ops.restore_file(ud, path, data, len);
}

static int real_mod_state(void *ud, const char *mod, enum vc_modstate *st, int *refcnt)
{
	return vc_switch_real_ops.state(ud, mod, st, refcnt);
}

static int real_mod_load(void *ud, const char *mod)
{
	(void)ud;
	return vc_load_module(mod);
}

static int real_mod_remove(void *ud, const char *mod)
{
	(void)ud;
	return vc_module_remove(mod);
}

int vc_fix_journal_write_at(int rootfd, const char *data, size_t len)
{
	return vc_jpath_write(rootfd, VC_FIX_JOURNAL_DIR, VC_FIX_JOURNAL_NAME, data, len);
}

int vc_fix_journal_read_at(int rootfd, char **data, size_t *len)
{
	return vc_jpath_read(rootfd, VC_FIX_JOURNAL_DIR, VC_FIX_JOURNAL_NAME, VC_JOURNAL_MAX, data, len);
}

static int real_journal(bool write, const char *wdata, char **data, size_t *len)
{
	int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0)
		return neg_errno();
	r = write ? vc_fix_journal_write_at(fd, wdata, *len) : vc_fix_journal_read_at(fd, data, len);
	close(fd);
	return r;
}

static int real_journal_write(void *ud, const char *data, size_t len)
{
	(void)ud;
	return real_journal(true, data, NULL, &len);
}

static int real_journal_read(void *ud, char **data, size_t *len)
{
	(void)ud;
	return real_journal(false, NULL, data, len);
}

/* authpriv, as groupadd and usermod log: these changes grant users access to /dev/kvm. */
static void real_log(void *ud, const char *msg)
{
	static bool opened;

	(void)ud;
	if (!opened) {
		openlog("virtcheck", LOG_PID, LOG_AUTHPRIV);
		opened = true;
	}
	syslog(LOG_AUTHPRIV | LOG_NOTICE, "%s", msg);
}

const struct vc_fix_ops vc_fix_real_ops = {
	.lock = real_lock,
	.unlock = real_unlock,
	.boot_id = real_boot_id,
	.group = real_group,
	.group_add = real_group_add,
	.group_del = real_group_del,
	.member_add = real_member_add,
	.member_del = real_member_del,
	.udev = real_udev,
	.uevent = real_uevent,
	.node = real_node,
	.node_set = real_node_set,
	.read_file = real_read_file,
	.write_file = real_write_file,
	.restore_file = real_restore_file,
	.mod_state = real_mod_state,
	.mod_load = real_mod_load,
	.mod_remove = real_mod_remove,
	.journal_write = real_journal_write,
	.journal_read = real_journal_read,
	.log = real_log,
};
