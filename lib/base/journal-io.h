/* Files under a directory fd, for journals: a private directory, atomic replace, bounded reads,
 * never a symbolic link followed. Every path is one name relative to a directory fd, so tests
 * give a temporary directory where the programs give "/". */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Opens (with create, makes) the directory path under rootfd ("run/virtcheck": every component
 * opened with O_DIRECTORY|O_NOFOLLOW), the last component mode 0700 and owned by this user:
 * -ELOOP or -ENOTDIR for a link or a file on the way, -EPERM when the last one is someone else's or
 * open to others. -ENOENT: it does not exist (without create). */
int vc_jdir_open(int rootfd, const char *path, bool create, int *ret_fd);
/* Removes the directory path under rootfd when it is empty (0 too when it is missing). */
int vc_jdir_remove(int rootfd, const char *path);
/* Replaces name in dirfd with data: a temporary file beside it (O_EXCL|O_NOFOLLOW), fsync,
 * rename, fsync of the directory. A crash leaves the old file or the new one, whole. */
int vc_jfile_replace(int dirfd, const char *name, const char *data, size_t len, unsigned mode);
/* Reads name (a regular file, no link) whole, at most max bytes (-EFBIG), NUL-terminated. */
int vc_jfile_read(int dirfd, const char *name, size_t max, char **ret_buf, size_t *ret_len);
/* Removes name and makes that durable (fsync of the directory); -ENOENT when it is missing. */
int vc_jfile_remove(int dirfd, const char *name);

/* A journal at dir/name under rootfd ("/" for the machine, a temporary directory in tests), with
 * the above: written (dir made 0700 when missing), read (at most max bytes; -ENOENT when it or its
 * directory is missing), removed (with_dir: its directory too, when nothing else is in it). */
int vc_jpath_write(int rootfd, const char *dir, const char *name, const char *data, size_t len);
int vc_jpath_read(int rootfd, const char *dir, const char *name, size_t max, char **data, size_t *len);
int vc_jpath_remove(int rootfd, const char *dir, const char *name, bool with_dir);
