/* Writing files as root without being turned against the machine (see safeio.h). */
#include "lib/base/safeio.h"
#include "lib/base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OUTPUT_MODE 0644

/* The kernel's protected_symlinks rule, applied before the kernel would: in a sticky
 * world-writable directory (/tmp) a link is followed only when it is ours or the directory
 * owner's. */
static bool link_trusted(const struct stat *dir, const struct stat *link)
{
	if (!(dir->st_mode & S_ISVTX) || !(dir->st_mode & S_IWOTH))
		return true;
	return link->st_uid == geteuid() || link->st_uid == dir->st_uid;
}

/* A temporary file beside name in dirfd, created exclusively and never through a link. */
static int open_temp(int dirfd, const char *name, char *ret_tmp, size_t size)
{
	for (int tries = 0; tries < 64; tries++) {
		unsigned long long rnd = 0;
		int fd;

		if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
			rnd = ((unsigned long long)getpid() << 32) ^ (unsigned long long)tries * 2654435761u;
		snprintf(ret_tmp, size, ".%.200s.virtcheck-%012llx", name, rnd & 0xffffffffffffULL);
		fd = openat(dirfd, ret_tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd < 0 ? neg_errno() : fd;
	}
	return -EEXIST;
}

/* Replaces (or creates) the regular file name in dirfd atomically; old: what it was (its mode and
 * owner are kept), or NULL (then mode). */
static int replace_at(int dirfd, const char *name, const void *data, size_t len, const struct stat *old,
		      unsigned mode)
{
	char tmp[256];
	int fd = open_temp(dirfd, name, tmp, sizeof(tmp)), r;

	if (fd < 0)
		return fd;
	r = vc_write_all(fd, data, len);
	/* the owner first: chown clears set-id bits that fchmod then puts back */
	if (r == 0 && old && (old->st_uid != geteuid() || old->st_gid != getegid()) &&
	    fchown(fd, old->st_uid, old->st_gid) < 0 && errno != EPERM)
		r = neg_errno();
	if (r == 0 && fchmod(fd, old ? old->st_mode & 07777 : mode) < 0)
		r = neg_errno();
	if (r == 0 && fsync(fd) < 0)
		r = neg_errno();
	if (close(fd) < 0 && r == 0)
		r = neg_errno();
	if (r == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		r = neg_errno();
	if (r < 0) {
		unlinkat(dirfd, tmp, 0);
		return r;
	}
	return fsync(dirfd) < 0 ? neg_errno() : 0;
}

/* A character device or FIFO: written where it is, as `> path` would; the node is never
 * replaced. The fd must be the node that was inspected. */
static int write_in_place(int dirfd, const char *name, const struct stat *st, int follow, const void *data,
			  size_t len)
{
	_cleanup_(closep) int fd = openat(dirfd, name, O_WRONLY | O_NOCTTY | O_CLOEXEC | follow);
	struct stat now;

	if (fd < 0)
		return neg_errno();
	if (fstat(fd, &now) < 0)
		return neg_errno();
	if (now.st_dev != st->st_dev || now.st_ino != st->st_ino)
		return -EAGAIN; /* swapped while we looked */
	return vc_write_all(fd, data, len);
}

/* What is never written over: a disk, a directory, a socket. */
static int refuse_type(const struct stat *st)
{
	return S_ISBLK(st->st_mode) ? -ENOTBLK : S_ISDIR(st->st_mode) ? -EISDIR : -ENXIO;
}

static int write_output(const char *path, const void *data, size_t len, int links_left)
{
	const char *slash = strrchr(path, '/');
	_cleanup_(freep) char *dir = !slash	     ? xstrdup(".")
				     : slash == path ? xstrdup("/")
						     : xstrndup(path, (size_t)(slash - path));
	const char *name = slash ? slash + 1 : path;
	_cleanup_(closep) int dirfd = -1;
	struct stat dst, st;

	if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EISDIR;
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0 || fstat(dirfd, &dst) < 0)
		return neg_errno();
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? replace_at(dirfd, name, data, len, NULL, OUTPUT_MODE) : neg_errno();
	if (S_ISLNK(st.st_mode)) {
		_cleanup_(closep) int fd = -1;
		char self[64], target[4096];
		ssize_t n;

		if (!links_left || !link_trusted(&dst, &st))
			return -ELOOP;
		fd = openat(dirfd, name, O_PATH | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0)
			return neg_errno();
		if (!S_ISREG(st.st_mode))
			return S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)
				       ? write_in_place(dirfd, name, &st, 0, data, len)
				       : refuse_type(&st);
		/* a link to a regular file: that file is replaced, in its own directory */
		snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
		n = readlink(self, target, sizeof(target) - 1);
		if (n <= 0 || target[0] != '/')
			return n < 0 ? neg_errno() : -ENOENT;
		target[n] = '\0';
		return write_output(target, data, len, links_left - 1);
	}
	if (S_ISREG(st.st_mode))
		return replace_at(dirfd, name, data, len, &st, 0);
	if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
		return write_in_place(dirfd, name, &st, O_NOFOLLOW, data, len);
	return refuse_type(&st);
}

int vc_replace_at(int dirfd, const char *name, const void *data, size_t len, unsigned mode)
{
	return replace_at(dirfd, name, data, len, NULL, mode);
}

int vc_write_output(const char *path, const void *data, size_t len)
{
	if (!path || !*path)
		return -ENOENT;
	return write_output(path, data, len, 1);
}

const char *vc_write_output_refusal(int err)
{
	switch (err) {
	case -ELOOP:
		return "a symbolic link another user could have planted; not followed";
	case -ENOTBLK:
		return "a block device; a report is never written over one";
	case -EISDIR:
		return "a directory; give a file name";
	case -ENXIO:
		return "not a file, character device or FIFO";
	case -EAGAIN:
		return "it changed while it was being opened; nothing written";
	default:
		return NULL;
	}
}

int vc_mkdir_new(const char *path)
{
	struct stat st;
	int fd;

	if (mkdir(path, 0700) < 0)
		return neg_errno();
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	/* the directory just made, not one put there in its place */
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & 0077)) {
		int r = errno && fd < 0 ? neg_errno() : -EPERM;

		close(fd);
		return r;
	}
	return fd;
}

static int walk_beneath(int dirfd, const char *rel, int flags, unsigned mode, bool mkdirs)
{
	_cleanup_(freep) char *copy = xstrdup(rel);
	char *save = NULL, *comp = strtok_r(copy, "/", &save);
	int cur = dirfd, r = -EINVAL;

	while (comp) {
		char *next = strtok_r(NULL, "/", &save);
		int fd;

		if (!strcmp(comp, "..")) {
			r = -EXDEV;
			break;
		}
		if (!next && !mkdirs) {
			fd = openat(cur, comp, flags | O_NOFOLLOW | O_CLOEXEC, mode);
			r = fd < 0 ? neg_errno() : fd;
			break;
		}
		if (mkdirs && mkdirat(cur, comp, 0700) < 0 && errno != EEXIST) {
			r = neg_errno();
			break;
		}
		fd = openat(cur, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			/* O_NOFOLLOW|O_DIRECTORY on a link says ENOTDIR: name it a link */
			struct stat st;

			r = fstatat(cur, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)
				    ? -ELOOP
				    : neg_errno();
			break;
		}
		if (cur != dirfd)
			close(cur);
		cur = fd;
		comp = next;
		r = 0;
	}
	if (cur != dirfd)
		close(cur);
	return r;
}

int vc_openat_beneath(int dirfd, const char *rel, int flags, unsigned mode)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_NOFOLLOW | O_CLOEXEC),
		.mode = (flags & O_CREAT) ? mode : 0,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
	};
	int fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));

	if (fd >= 0)
		return fd;
	if (errno != ENOSYS && errno != EPERM) /* EPERM: a seccomp filter that does not know it */
		return neg_errno();
	return vc_openat_beneath_walk(dirfd, rel, flags, mode);
}

int vc_openat_beneath_walk(int dirfd, const char *rel, int flags, unsigned mode)
{
	return walk_beneath(dirfd, rel, flags, mode, false);
}

int vc_mkdirat_beneath(int dirfd, const char *rel)
{
	return walk_beneath(dirfd, rel, 0, 0, true);
}
