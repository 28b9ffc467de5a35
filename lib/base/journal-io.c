/* Files under a directory fd, for journals (lib/base/journal-io.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/base/journal-io.h"
#include "lib/base/safeio.h"
#include "lib/base/util.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/*
 * The whole path in one openat2 that follows no link (Linux 5.6+), for a look that creates nothing
 * (every preflight asks whether a fix is pending): the walk below costs a syscall or two a
 * component. No link can be on its way, so its ENOENT is the one the walk would meet at the same
 * component and the directory it opens is the walk's; anything else (ENOSYS, a seccomp EPERM, a
 * link's ELOOP) is left to the walk, whose errors are the ones vc_jdir_open documents.
 */
static int open_no_links(int rootfd, const char *path)
{
	struct open_how how = { .flags = DIR_FLAGS, .resolve = RESOLVE_NO_SYMLINKS };
	long fd;

	path += strspn(path, "/");
	fd = syscall(SYS_openat2, rootfd, *path ? path : ".", &how, sizeof(how));
	return fd < 0 ? neg_errno() : (int)fd;
}

int vc_jdir_open(int rootfd, const char *path, bool create, int *ret_fd)
{
	_cleanup_(freep) char *copy = xstrdup(path);
	char *save = NULL, *name = strtok_r(copy, "/", &save);
	int fd = create ? -ENOSYS : open_no_links(rootfd, path), r = 0;
	struct stat st;

	if (fd == -ENOENT)
		return fd;
	if (fd >= 0)
		name = NULL; /* opened: no walk */
	else if ((fd = dup(rootfd)) < 0)
		return neg_errno();
	while (name) {
		char *next = strtok_r(NULL, "/", &save);
		int sub;

		if (!next && create && mkdirat(fd, name, 0700) < 0 && errno != EEXIST)
			r = neg_errno();
		sub = r ? -1 : openat(fd, name, DIR_FLAGS);
		if (sub < 0 && !r)
			r = neg_errno(); /* a link: ELOOP or ENOTDIR */
		close(fd);
		if (r)
			return r;
		fd = sub;
		name = next;
	}
	if (fstat(fd, &st) < 0) {
		r = neg_errno();
	} else if (st.st_uid != geteuid() || (st.st_mode & 077)) {
		r = -EPERM; /* someone else could put files or links in it */
	}
	if (r) {
		close(fd);
		return r;
	}
	*ret_fd = fd;
	return 0;
}

int vc_jdir_remove(int rootfd, const char *path)
{
	if (unlinkat(rootfd, path, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return errno == ENOTEMPTY || errno == EEXIST ? -ENOTEMPTY : neg_errno();
	return 0;
}

int vc_jfile_replace(int dirfd, const char *name, const char *data, size_t len, unsigned mode)
{
	return vc_replace_at(dirfd, name, data, len, mode);
}

int vc_jfile_read(int dirfd, const char *name, size_t max, char **ret_buf, size_t *ret_len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct buf b = { 0 };
	struct stat st;
	char chunk[4096];
	ssize_t n = 0;
	int r = 0;

	if (fd < 0)
		return neg_errno();
	if (fstat(fd, &st) < 0)
		r = neg_errno();
	else if (!S_ISREG(st.st_mode))
		r = -EINVAL;
	while (!r && (n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			r = neg_errno();
		else if (b.len + (size_t)n > max)
			r = -EFBIG;
		else
			buf_append(&b, chunk, (size_t)n);
	}
	close(fd);
	if (r) {
		buf_free(&b);
		return r;
	}
	buf_append(&b, "", 0); /* NUL-terminated, also when empty */
	*ret_buf = b.data;
	if (ret_len)
		*ret_len = b.len;
	return 0;
}

int vc_jfile_remove(int dirfd, const char *name)
{
	if (unlinkat(dirfd, name, 0) < 0)
		return neg_errno();
	return fsync(dirfd) < 0 ? neg_errno() : 0;
}

int vc_jpath_write(int rootfd, const char *dir, const char *name, const char *data, size_t len)
{
	int dfd = -1, r = vc_jdir_open(rootfd, dir, true, &dfd);

	if (r < 0)
		return r;
	r = vc_jfile_replace(dfd, name, data, len, 0600);
	close(dfd);
	return r;
}

int vc_jpath_read(int rootfd, const char *dir, const char *name, size_t max, char **data, size_t *len)
{
	int dfd = -1, r = vc_jdir_open(rootfd, dir, false, &dfd);

	if (r < 0)
		return r;
	r = vc_jfile_read(dfd, name, max, data, len);
	close(dfd);
	return r;
}

int vc_jpath_remove(int rootfd, const char *dir, const char *name, bool with_dir)
{
	int dfd = -1, r = vc_jdir_open(rootfd, dir, false, &dfd);

	if (r < 0)
		return r;
	r = vc_jfile_remove(dfd, name);
	close(dfd);
	if (with_dir && (r == 0 || r == -ENOENT)) {
		int e = vc_jdir_remove(rootfd, dir);

		r = r ? r : e == -ENOTEMPTY ? 0 : e;
	}
	return r;
}
