/* Writing files as root without being turned against the machine: output paths that may be
 * device nodes or planted links, and directory trees that nobody else may redirect. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes a report to path as a user would expect from `> path`, but safely as root:
 *  - a missing path or a regular file: replaced atomically by a file written beside it in the
 *    same directory (an existing file keeps its mode and, when we may, its owner and group);
 *  - a character device or FIFO (/dev/null, /dev/stdout, a pipe): written in place, never
 *    replaced;
 *  - a block device, directory or socket: refused (-ENOTBLK, -EISDIR, -ENXIO);
 *  - a symbolic link: followed only when no other user could have planted it (the kernel's
 *    protected_symlinks rule: in a sticky world-writable directory the link must belong to
 *    us or to the directory's owner), otherwise -ELOOP.
 * The directory is opened once; every later step is relative to it. Returns 0 or -errno.
 */
int vc_write_output(const char *path, const void *data, size_t len);

/* Replaces name in dirfd atomically with data, mode: a temporary file beside it (created
 * exclusively, no link followed), fsync, rename, fsync of the directory. 0 or -errno. */
int vc_replace_at(int dirfd, const char *name, const void *data, size_t len, unsigned mode);

/* Why vc_write_output refused a path, for its error message (NULL for a plain errno). */
const char *vc_write_output_refusal(int err);

/*
 * Creates directory path, which must not exist (-EEXIST), with mode 0700, and returns an
 * O_DIRECTORY fd on it: the start of a tree written with vc_mkdirat_beneath and
 * vc_openat_beneath. Returns the fd or -errno.
 */
int vc_mkdir_new(const char *path);

/*
 * Opens rel below dirfd with no symbolic link followed and no ".." leaving it (openat2's
 * RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS; per component with O_NOFOLLOW where openat2 is
 * missing). Returns an fd or -errno (-ELOOP for a link anywhere on the way).
 */
int vc_openat_beneath(int dirfd, const char *rel, int flags, unsigned mode);

/* The same, component by component (what vc_openat_beneath falls back to; tests use it). */
int vc_openat_beneath_walk(int dirfd, const char *rel, int flags, unsigned mode);

/* Creates every missing directory of rel below dirfd (mode 0700), following no link. */
int vc_mkdirat_beneath(int dirfd, const char *rel);
