/* Private to lib/host: the backend operations and the generic part of a host. */
#pragma once

#include <sys/stat.h>

#include "lib/host/host.h"
#include "lib/base/util.h"

/*
 * What a backend (live, sysroot, recording) does. host.c checks arguments, caches what is
 * asked repeatedly and calls these; it never names a backend. Each backend allocates a
 * struct of its own that starts with struct vc_host and keeps its state there.
 */
struct vc_host_ops {
	bool live; /* this machine (also while recording it) */
	/* path is absolute and already checked (no "." or ".." components); untrusted: no
	 * symlink may be followed anywhere on the path (-ELOOP) */
	int (*read)(struct vc_host *h, const char *path, size_t max, unsigned flags, char **ret_buf,
		    size_t *ret_len); /* flags: VC_READ_* */
	/* the owner, permission bits and modification time in seconds (no link followed); NULL:
	 * not known */
	int (*owner)(struct vc_host *h, const char *path, unsigned *ret_uid, unsigned *ret_mode,
		     long long *ret_mtime);
	int (*stat)(struct vc_host *h, const char *path, enum vc_ftype *ret);
	/* sorted entry names, NULL-terminated */
	int (*list)(struct vc_host *h, const char *path, bool untrusted, char ***ret_names, size_t *ret_n);
	int (*cpuid)(struct vc_host *h, unsigned cpu, uint32_t leaf, uint32_t subleaf,
		     struct vc_cpuid_regs *ret);
	int (*rdmsr)(struct vc_host *h, unsigned cpu, uint32_t msr, uint64_t *ret);
	/* caps: at least those in h->kvm_want; host.c forgets the others */
	int (*kvm)(struct vc_host *h, struct vc_kvm_info *ret);
	int (*devnode)(struct vc_host *h, const char *path, struct vc_devnode *ret);
	int (*fds)(struct vc_host *h, struct vc_fd_rec **ret, size_t *ret_n, unsigned *unreadable);
	/* invoker: who ran sudo/pkexec, when running as root through them */
	int (*identity)(struct vc_host *h, struct vc_identity *ret, struct vc_identity *invoker,
			bool *has_invoker);
	/* Appends the text record "name" (see vc_host_lines) to out. */
	int (*lines)(struct vc_host *h, const char *name, struct buf *out);
	/* Starts reading the text record "name" in the background for a later lines(); NULL or
	 * doing nothing is always right. */
	void (*prefetch)(struct vc_host *h, const char *name);
	/* vc_host_defer_close and vc_host_settle; NULL: nothing to do. */
	void (*defer_close)(struct vc_host *h);
	void (*settle)(struct vc_host *h);
	/* Frees the backend's state and the host itself. */
	void (*destroy)(struct vc_host *h);
};

#define REC_ARRAY(type, name)                                                                                \
	struct {                                                                                             \
		type *a;                                                                                     \
		size_t n, cap;                                                                               \
	} name

#define REC_PUSH(arr, val)                                                                                   \
	do {                                                                                                 \
		if ((arr).n == (arr).cap) {                                                                  \
			(arr).cap = (arr).cap ? (arr).cap * 2 : 16;                                          \
			(arr).a = xrealloc((arr).a, (arr).cap * sizeof(*(arr).a));                           \
		}                                                                                            \
		(arr).a[(arr).n++] = (val);                                                                  \
	} while (0)

struct vc_lines {
	char name[16];
	int err;
	char *text; /* as the source gave it (what a capture writes) */
	char *copy; /* split into lines */
	char **lines;
	size_t n;
};

/* A device node or socket as the backend sees it (vc_host_devnode and vc_host_socket each keep
 * their own kind): what a recording asks of the host it records. */
int vc_host_node(struct vc_host *h, const char *path, struct vc_devnode *ret);

/* The generic part: what every backend shares, and the caches host.c keeps. */
struct vc_host {
	const struct vc_host_ops *ops;
	char *sysroot; /* the directory replayed, or NULL */
	bool live;     /* this machine (ops->live; a recording says what it records) */
	bool passive;  /* live, and changes nothing (VC_HOST_PASSIVE): the live backend enforces it */

	bool kvm_done;
	int kvm_err;
	struct vc_kvm_info kvm;
	uint64_t kvm_want; /* the caps ops->kvm must ask (vc_host_kvm_want); it may ask more */
	bool fds_done;
	int fds_err;
	struct vc_fd_rec *fds;
	size_t nfds;
	unsigned fds_unreadable;
	bool id_done;
	int id_err;
	struct vc_identity id, invoker;
	bool has_invoker;
	unsigned *cpus;
	size_t ncpus;
	REC_ARRAY(struct vc_lines, lines);
	REC_ARRAY(struct vc_host_problem, problems);
};

/* Sets up the generic part of a backend's host. */
void vc_host_init(struct vc_host *h, const struct vc_host_ops *ops);
void vc_host_problem(struct vc_host *h, const char *path, const char *fmt, ...) _printf_(3, 4);
/* The text records a host has read so far (the recording backend writes them out). */
const struct vc_lines *vc_host_lines_read(const struct vc_host *h, size_t *ret_n);

/* ---- lib/host/io.c: reading through an fd, for the backends that open files ---- */

/* Reads the regular file fd (at most max bytes: -EFBIG beyond; -EINVAL not a regular file). */
int vc_read_fd(int fd, size_t max, char **ret_buf, size_t *ret_len);
/* vc_read_fd, or with VC_READ_TAIL the last max bytes (NUL bytes of a sparse hole first dropped). */
int vc_read_fd_flags(int fd, size_t max, unsigned flags, char **ret_buf, size_t *ret_len);
/* The entries of the directory fd (taken over and closed), sorted, NULL-terminated. */
int vc_list_fd(int fd, char ***ret_names, size_t *ret_n);
/* The type of what fd (an O_PATH fd is enough) is. */
int vc_stat_fd(int fd, enum vc_ftype *ret);
/* The regular file pfd (an O_PATH fd, opening no file and asking no driver) is, opened for
 * reading through /proc/self/fd: the file opened is the one looked at; *st its status (the
 * caller's own checks on it close the fd it refuses). -ELOOP a link, -EINVAL no regular file. */
int vc_open_path_fd(int pfd, struct stat *st);

/* The sysroot backend walks paths in userspace where openat2 is missing (kernels before 5.6,
 * valgrind); tests force that walk with this. */
void vc_host_sysroot_force_walk(struct vc_host *h);

/* Tests of the live backend: CPUID read from DIR/N/cpuid instead of /dev/cpu/N/cpuid (DIR is
 * kept, not copied), and how many times the host changed its CPU affinity. */
void vc_host_live_test_dev_cpu(struct vc_host *h, const char *dir);
unsigned vc_host_live_migrations(const struct vc_host *h);
/* ... and the fd scan read from DIR (kept, not copied) instead of /proc. */
void vc_host_live_test_proc(struct vc_host *h, const char *dir);
/* Tests of the live backend's prefetch: NAME ("kmsg", "udev", "pci") read by read instead; "fds":
 * read stands for the scan, which then finds nothing. */
void vc_host_live_test_reader(struct vc_host *h, const char *name, int (*read)(struct buf *out));
/* ... and at most max reader threads at once (the CPUs but one by default). */
void vc_host_live_test_readers(struct vc_host *h, unsigned max);
/* ... and a second scan thread only from min processes on (256): below it a reader's scan offers
 * its second half to the host's own thread. */
void vc_host_live_test_scan_threads(struct vc_host *h, size_t min);
