/* Private to lib/host*.c: the backend operations and the host's state. */
#pragma once

#include <sched.h>

#include "lib/host/host.h"
#include "lib/host/records.h"

struct vc_host_ops {
	/* Opens path (absolute, already validated) relative to the host's root: fd or -errno. */
	int (*open)(struct vc_host *h, const char *path, int flags);
	int (*cpuid)(struct vc_host *h, unsigned cpu, uint32_t leaf, uint32_t subleaf,
		     struct vc_cpuid_regs *ret);
	int (*rdmsr)(struct vc_host *h, unsigned cpu, uint32_t msr, uint64_t *ret);
	int (*kvm)(struct vc_host *h, struct vc_kvm_info *ret);
	int (*devnode)(struct vc_host *h, const char *path, struct vc_devnode *ret);
	int (*fds)(struct vc_host *h, struct vc_fd_rec **ret, size_t *ret_n, unsigned *unreadable);
	/* invoker: who ran sudo/pkexec, when running as root through them */
	int (*identity)(struct vc_host *h, struct vc_identity *ret, struct vc_identity *invoker,
			bool *has_invoker);
	/* Appends the text record "name" (see vc_host_lines) to out. */
	int (*lines)(struct vc_host *h, const char *name, struct buf *out);
};

/* The live sources behind vc_host_lines (lib/live_sources.c). sysfs: NULL for /sys (tests
 * give a fake tree). */
int vc_live_udev(struct buf *out);
int vc_live_pci(const char *sysfs, struct buf *out);
int vc_live_kmsg(struct buf *out);
/* Whether a kernel log message matters to virtcheck (kept in a capture: the rest is not). */
bool vc_kmsg_relevant(const char *msg);

struct vc_lines {
	char name[16];
	int err;
	char *text; /* as the source gave it (what a capture writes) */
	char *copy; /* split into lines */
	char **lines;
	size_t n;
};

extern const struct vc_host_ops vc_host_live_ops;
extern const struct vc_host_ops vc_host_sysroot_ops;

#define REC_ARRAY(type, name)                                                                                \
	struct {                                                                                             \
		type *a;                                                                                     \
		size_t n, cap;                                                                               \
	} name

struct vc_host {
	const struct vc_host_ops *ops;

	/* sysroot */
	char *sysroot;
	int rootfd;
	bool no_openat2;
	bool records_loaded;
	REC_ARRAY(struct vc_cpuid_rec, cpuid);
	REC_ARRAY(struct vc_msr_rec, msr);
	REC_ARRAY(struct vc_dev_rec, dev);
	REC_ARRAY(struct vc_err_rec, err);

	/* live */
	bool pinned;
	cpu_set_t *saved_affinity;

	/* recording (live only) */
	int recfd;
	REC_ARRAY(struct vc_cpuid_rec, rec_cpuid);
	REC_ARRAY(struct vc_msr_rec, rec_msr);
	REC_ARRAY(struct vc_dev_rec, rec_dev);
	REC_ARRAY(struct vc_err_rec, rec_err);

	/* caches */
	bool kvm_done;
	int kvm_err;
	struct vc_kvm_info kvm;
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

#define REC_PUSH(arr, val)                                                                                   \
	do {                                                                                                 \
		if ((arr).n == (arr).cap) {                                                                  \
			(arr).cap = (arr).cap ? (arr).cap * 2 : 16;                                          \
			(arr).a = xrealloc((arr).a, (arr).cap * sizeof(*(arr).a));                           \
		}                                                                                            \
		(arr).a[(arr).n++] = (val);                                                                  \
	} while (0)

/* Parses the sysroot's record files once (sysroot hosts only). */
void vc_host_load_records(struct vc_host *h);
void vc_host_problem(struct vc_host *h, const char *path, const char *fmt, ...) _printf_(3, 4);
/* The fd count of processes as the live backend sees them; also used by tests. */
bool vc_fd_target_interesting(const char *target);
