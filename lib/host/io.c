/* Bounded reads of files and directories through an fd, shared by the backends that open files. */
#include "lib/host/host-internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIR_ENTRIES 65536

/* what sysfs gives as the size of every attribute file, whatever it holds */
#define SYSFS_ATTR_SIZE 4096

int vc_read_fd(int fd, size_t max, char **ret_buf, size_t *ret_len)
{
	struct stat st;
	size_t len = 0, cap;
	char *buf;

	if (fstat(fd, &st) < 0)
		return neg_errno();
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
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
			return -e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		/* a sysfs attribute (its size given as one page, no blocks) comes whole in one
		 * read: a shorter answer is all of it, without asking again for the end; a file
		 * of 4096 bytes elsewhere has blocks (and NFS, 9p or FUSE may read short) */
		if (st.st_size == SYSFS_ATTR_SIZE && st.st_blocks == 0 && len < SYSFS_ATTR_SIZE)
			break;
	}
	if (len > max) {
		free(buf);
		return -EFBIG;
	}
	buf[len] = '\0';
	*ret_buf = buf;
	if (ret_len)
		*ret_len = len;
	return 0;
}

/* Reads into buf until want bytes or the end: the bytes read, or -errno. */
static ssize_t read_full(int fd, char *buf, size_t want)
{
	size_t got = 0;

	while (got < want) {
		ssize_t n = read(fd, buf + got, want - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return neg_errno();
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int vc_read_fd_flags(int fd, size_t max, unsigned flags, char **ret_buf, size_t *ret_len)
{
	struct stat st;
	char *buf;
	size_t head = 0, skip;
	ssize_t n;
	bool tail = flags & VC_READ_TAIL;

	if (!(flags & (VC_READ_HEAD | VC_READ_TAIL)))
		return vc_read_fd(fd, max, ret_buf, ret_len);
	if (fstat(fd, &st) < 0)
		return neg_errno();
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	buf = xmalloc(max + VC_READ_HEAD_KEPT + 1);
	/* the head before a tail, to its last newline (a line cut there is no line) */
	if (tail && (flags & VC_READ_WITH_HEAD) && (size_t)st.st_size > max) {
		n = read_full(fd, buf, VC_READ_HEAD_KEPT);
		if (n < 0) {
			free(buf);
			return (int)n;
		}
		head = (size_t)n;
		while (head && buf[head - 1] != '\n')
			head--;
	}
	/* the tail: from max bytes before the end (after the head, which it does not repeat); the
	 * head: from the start */
	if (tail && (size_t)st.st_size > max) {
		off_t from = st.st_size - (off_t)max;

		if (from < (off_t)head)
			from = (off_t)head;
		if (lseek(fd, from, SEEK_SET) < 0) {
			int r = neg_errno();

			free(buf);
			return r;
		}
	}
	n = read_full(fd, buf + head, max);
	if (n < 0) {
		free(buf);
		return (int)n;
	}
	buf[head + (size_t)n] = '\0';
	/* a sparse file's hole before the end is no text */
	skip = 0;
	while (tail && skip < (size_t)n && buf[head + skip] == '\0')
		skip++;
	memmove(buf + head, buf + head + skip, (size_t)n - skip + 1);
	*ret_buf = buf;
	if (ret_len)
		*ret_len = head + (size_t)n - skip;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vc_list_fd(int fd, char ***ret_names, size_t *ret_n)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d = fdopendir(fd);

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
	*ret_names = names;
	if (ret_n)
		*ret_n = n;
	return 0;
}

int vc_stat_fd(int fd, enum vc_ftype *ret)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return neg_errno();
	*ret = S_ISDIR(st.st_mode) ? VC_FT_DIR : S_ISREG(st.st_mode) ? VC_FT_REG : VC_FT_OTHER;
	return 0;
}

int vc_open_path_fd(int pfd, struct stat *st)
{
	char self[64];
	int fd;

	if (fstat(pfd, st) < 0)
		return neg_errno();
	if (!S_ISREG(st->st_mode))
		return S_ISLNK(st->st_mode) ? -ELOOP : -EINVAL;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	fd = open(self, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	return fd < 0 ? neg_errno() : fd;
}
