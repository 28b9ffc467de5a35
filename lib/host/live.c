/* The live backend of the host seam: this machine, read through syscalls and instructions. */
#include "lib/host/host-internal.h"
#include "lib/host/live_sources.h"
#include "lib/host/taskstats.h"

#include <cpuid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/kcmp.h>
#include <linux/kvm.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/xattr.h>
#include <unistd.h>

/* the fd scan's place among the prefetched */
#define VC_PRE_FDS 3

struct live_host {
	struct vc_host host;
	/* CPUID: /dev/cpu/N/cpuid (the cpuid driver) is read where it opens, one fd kept open for
	 * the CPU last asked; otherwise the instruction runs pinned to the CPU, the affinity saved
	 * and given back when the host is freed */
	const char *dev_cpu; /* "/dev/cpu"; a test's directory */
	int cpuid_fd;	     /* -1: none open */
	unsigned cpuid_cpu;
	bool cpuid_nodev; /* the driver is not there (or not ours to open): no more tries */
	bool pinned;
	unsigned pinned_cpu;
	unsigned migrations; /* sched_setaffinity calls, for tests */
	const char *proc;    /* "/proc" the fd scan reads; a test's directory */
	cpu_set_t *saved_affinity;
	/* the answers given (a CPU's answer to a leaf does not change while we run): a probe asks
	 * CPU 0's identity leaves again, and each remote read is an interrupt to that CPU */
	struct {
		unsigned cpu;
		uint32_t leaf, subleaf;
		struct vc_cpuid_regs r;
	} cpuid_seen[32];
	size_t ncpuid_seen;
	/* every CPU's leaves 1 and 0x80000001, which the cpuid probe asks of each (vc_host_prefetch
	 * "cpuid"), read on threads of their own: the driver interrupts every CPU but the caller's,
	 * and a nested guest's vCPU answers when its host runs it (0.05-4 ms, 12 ms under load: it
	 * was most of the probe); the probe asks after the other probes, meanwhile. A CPU the readers
	 * have not begun when the probe asks, the asking thread reads itself (under pre_lock: taken, done) */
	struct cpuid_job {
		unsigned *cpus;
		size_t n;
		struct cpu_leaves {
			bool taken, done;
			int err;
			struct vc_cpuid_regs leaf1, ext1;
		} * r;
		pthread_t threads[4];
		size_t nthreads;
	} cj;
	/* /etc/passwd and /etc/group, read once, where nsswitch.conf has "files" answer first:
	 * names without NSS (each lookup through it tries nscd's socket first) */
	struct files_db {
		bool read;
		char *text; /* NULL: ask NSS */
	} passwd_db, group_db;
	bool nsswitch_read;
	char *nsswitch; /* /etc/nsswitch.conf, read once for both; NULL: unreadable */
	/* the kernel log, the /proc fd scan, the udev database and the PCI devices: read on reader
	 * threads, each taking the next in the order vc_host_prefetch asked for them, until lines()
	 * (or fds()) takes each; at most as many readers as CPUs but one: on two CPUs one reader
	 * reads them one after the other and the probes keep the other CPU */
	struct prefetched {
		const char *name;
		int (*read)(struct buf *out); /* NULL: the fd scan, into fds_res */
		bool queued, done;
		int err;
		struct buf out;
	} pre[4];
	pthread_mutex_t pre_lock;
	pthread_cond_t pre_cond;
	size_t pre_queue[4], pre_queued, pre_next;
	pthread_t pre_threads[4]; /* started, to be joined */
	size_t pre_nthreads;
	unsigned pre_active, pre_max; /* readers still taking from the queue; at most */
	/* a reader's fd scan offers its second half to this host's own thread, which takes it
	 * where it would wait, and before the KVM smoke test (scan_offer: not taken yet;
	 * scan_helping: taken, not done; both under pre_lock) */
	struct fd_scan *scan_offer;
	bool scan_helping;
	size_t scan_thread_min; /* SCAN_THREAD_MIN (tests change it) */
	/* the smoke test's vCPU and VM, closed on a thread of their own while the probes after KVM's
	 * run (defer_close: vc_run says some do); the job is the closer's or this thread's, whichever
	 * takes it first (under pre_lock) */
	bool defer_close, closer_started;
	pthread_t closer;
	enum { VM_CLOSED, VM_TO_CLOSE, VM_CLOSING } vm_close;
	int vm_fds[2];
	/* the /proc fd scan's result, when prefetched: it runs while the KVM smoke test's VM
	 * exists, so it leaves out this process */
	struct fds_result {
		int err;
		struct vc_fd_rec *a;
		size_t n;
		unsigned unreadable;
	} fds_res;
};

/*
 * What a passive host may open: read-only, and no device node that no driver serves, since opening
 * one makes the kernel load the module for its number (char-major-10-232 loads kvm). 0, -EROFS or
 * -ENXIO (what open() itself says of a node without a driver).
 */
static int passive_allows(const char *path, int flags)
{
	struct stat st;
	char sys[64];

	if (flags & O_PATH)
		return 0; /* an O_PATH fd opens no file and calls no driver */
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC | O_APPEND)))
		return -EROFS;
	if (stat(path, &st) < 0 || (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)))
		return 0; /* the open says what is wrong, and opens no driver */
	snprintf(sys, sizeof(sys), "/sys/dev/%s/%u:%u", S_ISCHR(st.st_mode) ? "char" : "block",
		 major(st.st_rdev), minor(st.st_rdev));
	return access(sys, F_OK) == 0 ? 0 : -ENXIO;
}

/* Every file the live backend opens is opened here, so a passive host holds for every probe. */
static int live_open(struct vc_host *h, const char *path, int flags, bool untrusted)
{
	int fd;

	if (h->passive) {
		int r = passive_allows(path, flags);

		if (r < 0)
			return r;
	}
	/* untrusted: no symlink on the whole path */
	if (untrusted) {
		struct open_how how = { .flags = (uint64_t)flags,
					.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };

		fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
		if (fd >= 0 || errno != ENOSYS)
			return fd < 0 ? -errno : fd;
		/* before Linux 5.6: the last component at least */
		flags |= O_NOFOLLOW;
	}
	fd = open(path, flags);
	return fd < 0 ? -errno : fd;
}

/* VC_READ_DIR_OWNER: path's file looked up once, from its directory's fd, as an O_PATH fd (which
 * opens no file and asks no driver), checked through it (a regular file, with one link, owned by
 * the directory's owner, with dir_private the directory writable by no one else), and only then
 * that same inode opened for reading through /proc/self/fd (vc_open_path_fd, as the sysroot
 * backend's open_regular): a node or another file renamed over the name in between is never
 * opened. */
static int open_dir_owned(struct vc_host *h, const char *path, bool untrusted, bool dir_private)
{
	_cleanup_(freep) char *dir = xstrdup(path);
	_cleanup_(closep) int dfd = -1, pfd = -1;
	char *slash = strrchr(dir, '/');
	const char *base;
	struct stat d, st;
	int fd;

	if (!slash || !slash[1])
		return -EINVAL;
	base = path + (slash - dir) + 1;
	*slash = '\0';
	dfd = live_open(h, *dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC, untrusted);
	if (dfd < 0)
		return dfd;
	if (fstat(dfd, &d) < 0)
		return neg_errno();
	if (dir_private && (d.st_mode & 022))
		return -EPERM; /* others may put files there */
	pfd = openat(dfd, base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0)
		return neg_errno();
	fd = vc_open_path_fd(pfd, &st);
	if (fd >= 0 && (st.st_nlink != 1 || st.st_uid != d.st_uid)) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

static int live_read(struct vc_host *h, const char *path, size_t max, unsigned flags, char **ret_buf,
		     size_t *ret_len)
{
	_cleanup_(closep) int fd =
		flags & (VC_READ_DIR_OWNER | VC_READ_SOLE_LINK)
			? open_dir_owned(h, path, flags & VC_READ_UNTRUSTED, flags & VC_READ_DIR_OWNER)
			: live_open(h, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
				    flags & VC_READ_UNTRUSTED);

	return fd < 0 ? fd : vc_read_fd_flags(fd, max, flags, ret_buf, ret_len);
}

static int live_owner(struct vc_host *h, const char *path, unsigned *ret_uid, unsigned *ret_mode,
		      long long *ret_mtime)
{
	_cleanup_(closep) int fd = live_open(h, path, O_PATH | O_CLOEXEC, true);
	struct stat st;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		return neg_errno();
	*ret_uid = st.st_uid;
	*ret_mode = st.st_mode & 07777;
	*ret_mtime = (long long)st.st_mtim.tv_sec;
	return 0;
}

static int live_stat(struct vc_host *h, const char *path, enum vc_ftype *ret)
{
	_cleanup_(closep) int fd = live_open(h, path, O_PATH | O_CLOEXEC, false);

	return fd < 0 ? fd : vc_stat_fd(fd, ret);
}

static int live_list(struct vc_host *h, const char *path, bool untrusted, char ***ret_names, size_t *ret_n)
{
	int fd = live_open(h, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, untrusted);

	return fd < 0 ? fd : vc_list_fd(fd, ret_names, ret_n);
}

/* Runs on cpu alone from now on (until the host is freed); no call when it already does. */
static int pin_to(struct live_host *h, unsigned cpu)
{
	size_t size = CPU_ALLOC_SIZE(VC_MAX_CPUS);
	cpu_set_t *set;
	int r = 0;

	if (cpu >= VC_MAX_CPUS)
		return -EINVAL;
	if (!h->saved_affinity) {
		h->saved_affinity = CPU_ALLOC(VC_MAX_CPUS);
		if (!h->saved_affinity)
			return -ENOMEM;
		if (sched_getaffinity(0, size, h->saved_affinity) < 0) {
			r = neg_errno();
			CPU_FREE(h->saved_affinity);
			h->saved_affinity = NULL;
			return r;
		}
	}
	if (h->pinned
		    ? h->pinned_cpu == cpu
		    : CPU_COUNT_S(size, h->saved_affinity) == 1 && CPU_ISSET_S(cpu, size, h->saved_affinity))
		return 0;
	set = CPU_ALLOC(VC_MAX_CPUS);
	if (!set)
		return -ENOMEM;
	CPU_ZERO_S(size, set);
	CPU_SET_S(cpu, size, set);
	h->migrations++;
	if (sched_setaffinity(0, size, set) < 0) {
		r = -errno;
	} else {
		h->pinned = true;
		h->pinned_cpu = cpu;
	}
	CPU_FREE(set);
	return r;
}

/* Through the cpuid driver: no migration, the kernel asks the CPU. */
static int cpuid_dev(struct live_host *h, unsigned cpu, uint32_t leaf, uint32_t subleaf,
		     struct vc_cpuid_regs *ret)
{
	uint32_t regs[4];

	if (h->cpuid_fd < 0 || h->cpuid_cpu != cpu) {
		char path[PATH_MAX];
		int fd;

		if (h->cpuid_fd >= 0)
			close(h->cpuid_fd);
		h->cpuid_fd = -1;
		snprintf(path, sizeof(path), "%s/%u/cpuid", h->dev_cpu, cpu);
		fd = live_open(&h->host, path, O_RDONLY | O_CLOEXEC, false);
		if (fd < 0)
			return fd;
		h->cpuid_fd = fd;
		h->cpuid_cpu = cpu;
	}
	/* the cpuid driver takes the leaf in the low and the subleaf in the high 32 bits */
	if (pread(h->cpuid_fd, regs, sizeof(regs), (off_t)((uint64_t)subleaf << 32 | leaf)) != sizeof(regs))
		return -EIO;
	*ret = (struct vc_cpuid_regs){ regs[0], regs[1], regs[2], regs[3] };
	return 0;
}

/*
 * Leaves every CPU of a machine answers alike: the vendor and the highest leaves (Linux clears
 * IA32_MISC_ENABLE's CPUID limit on every CPU at boot), the brand string, SVM's features, TDX's
 * vendor leaf and a hypervisor's leaves (one answer for all its vCPUs). The instruction answers
 * them wherever this runs; the driver would interrupt the CPU asked for each.
 */
static bool cpu_independent(uint32_t leaf)
{
	return leaf == 0 || leaf == 0x21 || leaf == 0x80000000 ||
	       (leaf >= 0x80000002 && leaf <= 0x80000004) || leaf == 0x8000000a ||
	       (leaf >= 0x40000000 && leaf <= 0x4fffffff);
}

/* One CPU's leaves 1 and 0x80000001 through its own fd (a thread's; the host's is this thread's). */
static int cpu_leaves(struct live_host *h, unsigned cpu, struct cpu_leaves *ret)
{
	char path[PATH_MAX];
	uint32_t a[4], b[4];
	int fd, r = 0;

	snprintf(path, sizeof(path), "%s/%u/cpuid", h->dev_cpu, cpu);
	fd = live_open(&h->host, path, O_RDONLY | O_CLOEXEC, false);
	if (fd < 0)
		return fd;
	if (pread(fd, a, sizeof(a), 1) != sizeof(a) || pread(fd, b, sizeof(b), 0x80000001) != sizeof(b))
		r = -EIO;
	close(fd);
	ret->leaf1 = (struct vc_cpuid_regs){ a[0], a[1], a[2], a[3] };
	ret->ext1 = (struct vc_cpuid_regs){ b[0], b[1], b[2], b[3] };
	return r;
}

/* Reads entry i, unless another thread took it (pre_lock held, and held again on return). */
static void cpu_leaves_take(struct live_host *h, size_t i)
{
	struct cpu_leaves got = { 0 };
	int r;

	if (h->cj.r[i].taken)
		return;
	h->cj.r[i].taken = true;
	pthread_mutex_unlock(&h->pre_lock);
	r = cpu_leaves(h, h->cj.cpus[i], &got);
	pthread_mutex_lock(&h->pre_lock);
	got.taken = got.done = true;
	got.err = r;
	h->cj.r[i] = got;
	/* no driver (or not ours to open): every CPU's node is alike */
	for (size_t k = 0; r < 0 && r != -EIO && k < h->cj.n; k++)
		if (!h->cj.r[k].taken)
			h->cj.r[k] = (struct cpu_leaves){ .taken = true, .done = true, .err = r };
	pthread_cond_broadcast(&h->pre_cond);
}

/* Each CPU not taken yet, the one it runs on first. */
static void *cpuid_reader(void *arg)
{
	struct live_host *h = arg;
	int here = sched_getcpu();
	size_t first = 0;

	for (size_t i = 0; i < h->cj.n; i++)
		if ((int)h->cj.cpus[i] == here)
			first = i;
	pthread_mutex_lock(&h->pre_lock);
	for (size_t k = 0; k < h->cj.n; k++)
		cpu_leaves_take(h, (first + k) % h->cj.n);
	pthread_mutex_unlock(&h->pre_lock);
	return NULL;
}

static bool start_thread(struct live_host *h, pthread_t *t, void *(*fn)(void *));

/* The readers of every CPU's leaves, one for each 16 CPUs up to 4; none for one CPU. */
static void cpuid_prefetch(struct live_host *h)
{
	const unsigned *cpus;
	size_t n, want;

	if (h->cj.cpus || h->cpuid_nodev || h->pinned || vc_host_cpus(&h->host, &cpus, &n) < 0 || n < 2)
		return;
	h->cj.cpus = xmalloc(n * sizeof(*cpus));
	memcpy(h->cj.cpus, cpus, n * sizeof(*cpus));
	h->cj.r = xcalloc(n, sizeof(*h->cj.r));
	h->cj.n = n;
	want = (n + 15) / 16;
	for (size_t i = 0; i < want && i < ARRAY_SIZE(h->cj.threads); i++)
		if (start_thread(h, &h->cj.threads[h->cj.nthreads], cpuid_reader))
			h->cj.nthreads++;
}

/* A CPU's leaf 1 or 0x80000001 from the readers (this thread reads one they have not begun
 * yet); false: not theirs to read, or they could not. */
static bool cpuid_prefetched(struct live_host *h, unsigned cpu, uint32_t leaf, uint32_t subleaf,
			     struct vc_cpuid_regs *ret)
{
	size_t lo = 0, hi = h->cj.n;
	bool ok;

	if (!h->cj.nthreads || subleaf != 0 || (leaf != 1 && leaf != 0x80000001))
		return false;
	while (lo < hi) { /* the CPUs are in ascending order */
		size_t mid = lo + (hi - lo) / 2;

		if (h->cj.cpus[mid] < cpu)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == h->cj.n || h->cj.cpus[lo] != cpu)
		return false;
	pthread_mutex_lock(&h->pre_lock);
	/* one the readers have not begun this thread reads itself, rather than wait for them to
	 * reach it (the probe's first reads, of CPU 0, come before the readers' turn) */
	cpu_leaves_take(h, lo);
	while (!h->cj.r[lo].done)
		pthread_cond_wait(&h->pre_cond, &h->pre_lock);
	ok = h->cj.r[lo].err == 0;
	if (ok)
		*ret = leaf == 1 ? h->cj.r[lo].leaf1 : h->cj.r[lo].ext1;
	pthread_mutex_unlock(&h->pre_lock);
	return ok;
}

static int live_cpuid(struct vc_host *host, unsigned cpu, uint32_t leaf, uint32_t subleaf,
		      struct vc_cpuid_regs *ret)
{
	struct live_host *h = (struct live_host *)host;
	int r = -ENOENT;

	for (size_t i = 0; i < h->ncpuid_seen; i++)
		if (h->cpuid_seen[i].cpu == cpu && h->cpuid_seen[i].leaf == leaf &&
		    h->cpuid_seen[i].subleaf == subleaf) {
			*ret = h->cpuid_seen[i].r;
			return 0;
		}
	if (cpu_independent(leaf)) {
		__cpuid_count(leaf, subleaf, ret->eax, ret->ebx, ret->ecx, ret->edx);
		return 0;
	}
	if (cpuid_prefetched(h, cpu, leaf, subleaf, ret))
		r = 0;
	else if (!h->cpuid_nodev) {
		r = cpuid_dev(h, cpu, leaf, subleaf, ret);
		/* no driver (or not root): every CPU's node is alike, no use trying the next */
		if (r < 0)
			h->cpuid_nodev =
				r == -ENOENT || r == -EACCES || r == -EPERM || r == -ENXIO || r == -ENODEV;
	}
	if (r < 0) {
		/* the instruction, where asked; a CPU outside our cpuset leaves what the driver said */
		if (pin_to(h, cpu) < 0)
			return r;
		__cpuid_count(leaf, subleaf, ret->eax, ret->ebx, ret->ecx, ret->edx);
	}
	if (h->ncpuid_seen < ARRAY_SIZE(h->cpuid_seen))
		h->cpuid_seen[h->ncpuid_seen++] = (typeof(h->cpuid_seen[0])){ cpu, leaf, subleaf, *ret };
	return 0;
}

void vc_host_live_test_dev_cpu(struct vc_host *host, const char *dir)
{
	struct live_host *h = (struct live_host *)host;

	h->dev_cpu = dir;
	h->cpuid_nodev = false;
}

void vc_host_live_test_proc(struct vc_host *host, const char *dir)
{
	((struct live_host *)host)->proc = dir;
}

unsigned vc_host_live_migrations(const struct vc_host *host)
{
	return ((const struct live_host *)host)->migrations;
}

static int live_rdmsr(struct vc_host *h, unsigned cpu, uint32_t msr, uint64_t *ret)
{
	char path[64];
	_cleanup_(closep) int fd = -1;
	ssize_t n;

	snprintf(path, sizeof(path), "/dev/cpu/%u/msr", cpu);
	fd = live_open(h, path, O_RDONLY | O_CLOEXEC, false);
	if (fd < 0)
		return fd == -EPERM ? -EACCES : fd;
	n = pread(fd, ret, sizeof(*ret), msr);
	if (n < 0)
		return neg_errno();
	return n == sizeof(*ret) ? 0 : -EIO;
}

/* ---- /dev/kvm ---- */

static void on_alarm(int sig)
{
	(void)sig; /* only there to interrupt KVM_RUN with EINTR */
}

static const char *exit_reason_name(unsigned r)
{
	static const char *const names[] = {
		[KVM_EXIT_UNKNOWN] = "UNKNOWN",
		[KVM_EXIT_EXCEPTION] = "EXCEPTION",
		[KVM_EXIT_IO] = "IO",
		[KVM_EXIT_HYPERCALL] = "HYPERCALL",
		[KVM_EXIT_DEBUG] = "DEBUG",
		[KVM_EXIT_HLT] = "HLT",
		[KVM_EXIT_MMIO] = "MMIO",
		[KVM_EXIT_IRQ_WINDOW_OPEN] = "IRQ_WINDOW_OPEN",
		[KVM_EXIT_SHUTDOWN] = "SHUTDOWN",
		[KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
		[KVM_EXIT_INTR] = "INTR",
		[KVM_EXIT_SET_TPR] = "SET_TPR",
		[KVM_EXIT_TPR_ACCESS] = "TPR_ACCESS",
		[KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
		[KVM_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
	};

	return r < ARRAY_SIZE(names) && names[r] ? names[r] : "OTHER";
}

/*
 * The smallest guest that proves a vCPU really runs: real mode at GPA 0,
 * "mov al, 0x42; out 0x80, al; hlt". Real mode works under VMX, SVM and
 * kvm_pvm alike; the port write proves the exit path to userspace.
 */
static int run_smoke_guest(int kvm, int vm, int vcpu, struct vc_kvm_info *info)
{
	static const uint8_t code[] = { 0xb0, 0x42, 0xe6, 0x80, 0xf4 };
	struct kvm_userspace_memory_region region = { 0 };
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = 0, .rflags = 2 };
	struct sigaction sa = { .sa_handler = on_alarm }, old_sa;
	struct itimerval timer = { .it_value = { .tv_sec = 2 } }, old_timer;
	struct kvm_run *run;
	bool saw_io = false;
	void *mem;
	int mmap_size, r = 0;

	mmap_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size <= 0)
		return errno ? errno : EINVAL;
	mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return errno;
	memcpy(mem, code, sizeof(code));
	region.memory_size = 4096;
	region.userspace_addr = (uintptr_t)mem;
	run = mmap(NULL, (size_t)mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED) {
		r = errno;
		goto out_mem;
	}
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0 || ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) {
		r = errno;
		goto out_run;
	}
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0 || ioctl(vcpu, KVM_SET_REGS, &regs) < 0) {
		r = errno;
		goto out_run;
	}

	/* A wedged KVM_RUN must not hang a diagnostics tool: SIGALRM without SA_RESTART ends it. */
	sigaction(SIGALRM, &sa, &old_sa);
	setitimer(ITIMER_REAL, &timer, &old_timer);
	for (int i = 0; i < 4; i++) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0) {
			r = errno;
			break;
		}
		if (run->exit_reason == KVM_EXIT_IO && run->io.port == 0x80 &&
		    *((uint8_t *)run + run->io.data_offset) == 0x42) {
			saw_io = true;
			continue;
		}
		if (run->exit_reason == KVM_EXIT_HLT && saw_io)
			break;
		snprintf(info->run_exit, sizeof(info->run_exit), "%s", exit_reason_name(run->exit_reason));
		break;
	}
	setitimer(ITIMER_REAL, &old_timer, NULL);
	sigaction(SIGALRM, &old_sa, NULL);
out_run:
	munmap(run, (size_t)mmap_size);
out_mem:
	munmap(mem, 4096);
	return r;
}

/*
 * open, API version, capabilities, then a VM, a vCPU and a guest that runs. A passive host opens
 * /dev/kvm read-only and stops before the VM: creating one can switch VT-x/AMD-V on (kernels
 * before 6.12, or kvm.enable_virt_at_load=0), and a VirtualBox VM starting then fails.
 */
static void prefetch_drain(struct live_host *h);

/* The smoke test's vCPU and VM closed, by the thread that takes the job (pre_lock held, and held again
 * on return). */
static void close_vm(struct live_host *h)
{
	h->vm_close = VM_CLOSING;
	pthread_mutex_unlock(&h->pre_lock);
	close(h->vm_fds[0]);
	close(h->vm_fds[1]);
	pthread_mutex_lock(&h->pre_lock);
	h->vm_close = VM_CLOSED;
	pthread_cond_broadcast(&h->pre_cond);
}

static void *closer(void *arg)
{
	struct live_host *h = arg;

	pthread_mutex_lock(&h->pre_lock);
	if (h->vm_close == VM_TO_CLOSE)
		close_vm(h);
	pthread_mutex_unlock(&h->pre_lock);
	return NULL;
}

/*
 * The smoke test's VM is freed as its fds close, which takes about as long as making it (flipping
 * static keys back: kernel text patching, an interrupt on every CPU, waited for), 0.4 ms here: on a
 * thread of its own, the probes after KVM's run meanwhile. vc_host_settle (the end of vc_run, before
 * `switch` or `preflight --fix` change modules), another smoke test and the host's end wait for it;
 * what the closer has not taken by then is closed there.
 */
static void close_vm_later(struct live_host *h, int *vcpu, int *vm)
{
	if (!h->defer_close || h->closer_started)
		return;
	h->vm_fds[0] = *vcpu;
	h->vm_fds[1] = *vm;
	h->vm_close = VM_TO_CLOSE;
	h->closer_started = start_thread(h, &h->closer, closer);
	if (!h->closer_started) {
		h->vm_close = VM_CLOSED;
		return;
	}
	*vcpu = *vm = -1; /* the closer's now */
}

static void live_settle(struct vc_host *host)
{
	struct live_host *h = (struct live_host *)host;

	pthread_mutex_lock(&h->pre_lock);
	if (h->vm_close == VM_TO_CLOSE)
		close_vm(h);
	while (h->vm_close == VM_CLOSING)
		pthread_cond_wait(&h->pre_cond, &h->pre_lock);
	pthread_mutex_unlock(&h->pre_lock);
}

static void live_defer_close(struct vc_host *host)
{
	((struct live_host *)host)->defer_close = true;
}

static int live_kvm(struct vc_host *h, struct vc_kvm_info *info)
{
	struct live_host *lh = (struct live_host *)h;
	_cleanup_(closep) int kvm = -1;
	_cleanup_(closep) int vm = -1;
	_cleanup_(closep) int vcpu = -1;
	bool vm_caps = false;

	/* the smoke test's vCPU flips static keys as it is made and freed (kernel text patching,
	 * which interrupts every CPU and waits for each): beside a reader's fd scan it took 2.3 ms
	 * here, alone 1.1, so the rest of a scan in progress is shared out first */
	pthread_mutex_lock(&lh->pre_lock);
	prefetch_drain(lh);
	pthread_mutex_unlock(&lh->pre_lock);
	live_settle(h);
	if (lh->closer_started) {
		pthread_join(lh->closer, NULL);
		lh->closer_started = false;
	}
	info->passive = h->passive;
	kvm = live_open(h, "/dev/kvm", (h->passive ? O_RDONLY : O_RDWR) | O_CLOEXEC, false);
	if (kvm < 0) {
		info->open = -kvm;
		return 0;
	}
	info->open = 0;
	info->api = ioctl(kvm, KVM_GET_API_VERSION, 0);
	if (info->api < 0)
		info->api = -1;

	if (!h->passive) {
		vm = ioctl(kvm, KVM_CREATE_VM, 0);
		info->create_vm = vm < 0 ? errno : 0;
	}
	/* without a VM, /dev/kvm answers for the default VM type; only the caps asked for are asked
	 * (a syscall each: preflight wants one of the 44) */
	for (size_t i = 0; i < vc_kvm_ncaps; i++)
		if (vc_kvm_caps[i].vm && h->kvm_want & UINT64_C(1) << i)
			vm_caps = true;
	vm_caps = vm_caps && vm >= 0 && ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_CHECK_EXTENSION_VM) > 0;
	for (size_t i = 0; i < vc_kvm_ncaps; i++) {
		int fd = vc_kvm_caps[i].vm && vm_caps ? vm : kvm;
		int v;

		if (!(h->kvm_want & UINT64_C(1) << i))
			continue;
		v = ioctl(fd, KVM_CHECK_EXTENSION, vc_kvm_caps[i].number);
		info->caps[i] = v < 0 ? 0 : v;
	}
	if (vm < 0)
		return 0;
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	info->create_vcpu = vcpu < 0 ? errno : 0;
	if (vcpu < 0)
		return 0;
	info->vcpu_run = run_smoke_guest(kvm, vm, vcpu, info);
	close_vm_later(lh, &vcpu, &vm);
	return 0;
}

/* ---- device nodes ---- */

/* The extended entries of a POSIX ACL xattr (the base owner/group/other bits are in mode). */
static void format_acl(const uint8_t *x, size_t len, char *out, size_t outlen)
{
	struct buf b = { 0 };

	out[0] = '\0';
	if (len < 4 || x[0] != 2) /* POSIX_ACL_XATTR_VERSION */
		return;
	for (size_t off = 4; off + 8 <= len; off += 8) {
		unsigned tag = x[off] | x[off + 1] << 8, perm = x[off + 2] | x[off + 3] << 8;
		uint32_t id = (uint32_t)x[off + 4] | (uint32_t)x[off + 5] << 8 | (uint32_t)x[off + 6] << 16 |
			      (uint32_t)x[off + 7] << 24;
		char p[4] = { perm & 4 ? 'r' : '-', perm & 2 ? 'w' : '-', perm & 1 ? 'x' : '-', 0 };

		if (tag == 0x02)
			buf_printf(&b, "%suser:%u:%s", b.len ? "," : "", id, p);
		else if (tag == 0x08)
			buf_printf(&b, "%sgroup:%u:%s", b.len ? "," : "", id, p);
		else if (tag == 0x10)
			buf_printf(&b, "%smask::%s", b.len ? "," : "", p);
	}
	if (b.len && b.len < outlen)
		memcpy(out, b.data, b.len + 1);
	buf_free(&b);
}

/* "files" is the first source nsswitch.conf names for db ("passwd", "group"). */
static bool files_first(struct vc_host *host, const char *db)
{
	struct live_host *h = (struct live_host *)host;
	size_t dlen = strlen(db);
	const char *cur;

	if (!h->nsswitch_read) {
		h->nsswitch_read = true;
		if (live_read(host, "/etc/nsswitch.conf", 64u << 10, 0, &h->nsswitch, NULL) < 0)
			h->nsswitch = NULL;
	}
	for (cur = h->nsswitch; cur && *cur; cur = strchr(cur, '\n'), cur = cur ? cur + 1 : NULL) {
		const char *line = cur + strspn(cur, " \t");

		if (strncmp(line, db, dlen) != 0 || line[dlen] != ':')
			continue;
		line += dlen + 1;
		line += strspn(line, " \t");
		return strncmp(line, "files", 5) == 0 && (!line[5] || strchr(" \t#\n", line[5]));
	}
	return false;
}

/* The name /etc/passwd or /etc/group (path) gives id, as NSS's files source would (the first
 * line for it); NULL when the file is not what NSS reads first or does not name id. */
static const char *files_name(struct vc_host *host, struct files_db *db, const char *path, const char *nss,
			      unsigned id, char *buf, size_t len)
{
	const char *cur;

	if (!db->read) {
		db->read = true;
		if (!files_first(host, nss) || live_read(host, path, 4u << 20, 0, &db->text, NULL) < 0)
			db->text = NULL;
	}
	for (cur = db->text; cur && *cur; cur = strchr(cur, '\n'), cur = cur ? cur + 1 : NULL) {
		size_t line = strcspn(cur, "\n"), name = strcspn(cur, ":\n");
		const char *f = cur + name;
		char num[16], *end;
		unsigned long v;

		if (*cur == '+' || *cur == '-' || *f != ':')
			continue;			 /* NIS compat entries are NSS's to resolve */
		f = memchr(f + 1, ':', line - name - 1); /* the password field's end */
		if (!f || (size_t)(f - cur) + 1 >= line)
			continue;
		f++;
		snprintf(num, sizeof(num), "%.*s", (int)strcspn(f, ":\n"), f);
		v = strtoul(num, &end, 10);
		if (end == num || *end || v != id)
			continue;
		if (name >= len)
			return NULL;
		memcpy(buf, cur, name);
		buf[name] = '\0';
		return buf;
	}
	return NULL;
}

/* gid's name: /etc/group where NSS reads it first, NSS otherwise; the number when it has none. */
static void group_name(struct vc_host *host, unsigned gid, char *out, size_t len)
{
	struct live_host *h = (struct live_host *)host;
	struct group gr, *grp = NULL;
	char grbuf[4096];
	const char *name = files_name(host, &h->group_db, "/etc/group", "group", gid, grbuf, sizeof(grbuf));

	if (!name && getgrgid_r(gid, &gr, grbuf, sizeof(grbuf), &grp) == 0 && grp)
		name = grp->gr_name;
	if (name && strlen(name) < len && !strpbrk(name, " \t\n"))
		strcpy(out, name);
	else
		snprintf(out, len, "%u", gid);
}

/* uid's name the same way; false when it has none (or none that fits). */
static bool user_name(struct vc_host *host, unsigned uid, char *out, size_t len)
{
	struct live_host *h = (struct live_host *)host;
	struct passwd pw, *pwp = NULL;
	char pwbuf[4096];
	const char *name =
		files_name(host, &h->passwd_db, "/etc/passwd", "passwd", uid, pwbuf, sizeof(pwbuf));

	if (!name && getpwuid_r(uid, &pw, pwbuf, sizeof(pwbuf), &pwp) == 0 && pwp)
		name = pw.pw_name;
	if (!name || strlen(name) >= len || strpbrk(name, " \t\n"))
		return false;
	strcpy(out, name);
	return true;
}

static int live_devnode(struct vc_host *h, const char *path, struct vc_devnode *ret)
{
	struct stat st;
	uint8_t acl[512];
	ssize_t n;

	if (stat(path, &st) < 0)
		return neg_errno();
	if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode) && !S_ISSOCK(st.st_mode))
		return -ENOTTY;
	memset(ret, 0, sizeof(*ret));
	ret->type = S_ISCHR(st.st_mode) ? 'c' : S_ISBLK(st.st_mode) ? 'b' : 's';
	if (ret->type != 's') {
		ret->major = major(st.st_rdev);
		ret->minor = minor(st.st_rdev);
	}
	ret->mode = st.st_mode & 07777;
	ret->uid = st.st_uid;
	group_name(h, st.st_gid, ret->group, sizeof(ret->group));
	n = getxattr(path, "system.posix_acl_access", acl, sizeof(acl));
	if (n > 0)
		format_acl(acl, (size_t)n, ret->acl, sizeof(ret->acl));
	return 0;
}

/* ---- processes holding hypervisor devices ---- */

static bool fd_target_interesting(const char *t)
{
	static const char *const prefixes[] = {
		"anon_inode:kvm-", "/dev/kvm", "/dev/vboxdrv", "/dev/vboxnetctl", "/dev/vmmon",
	};

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (startswith(t, prefixes[i]))
			return true;
	return false;
}

/* a record as the scan finds it (few: the hypervisor fds), copied into one block at its end */
struct live_fd {
	int pid;
	size_t seq; /* the pid's place in /proc */
	char comm[VC_FD_COMM_MAX];
	char target[VC_FD_TARGET_MAX];
};

static void push_fd(struct live_fd **a, size_t *n, size_t *cap, int pid, size_t seq, const char *comm,
		    const char *target)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*a = xrealloc(*a, *cap * sizeof(**a));
	}
	(*a)[*n].pid = pid;
	(*a)[*n].seq = seq;
	snprintf((*a)[*n].comm, sizeof((*a)[*n].comm), "%s", comm);
	snprintf((*a)[*n].target, sizeof((*a)[*n].target), "%s", target);
	(*n)++;
}

/* A process's name as a token-safe string ("?" when empty). */
static void comm_clean(char *comm, size_t len)
{
	strstrip(comm);
	for (char *c = comm; *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	if (!comm[0])
		snprintf(comm, len, "?");
}

/*
 * /proc/PID/comm, one line, as a token-safe string ("?" when unreadable); known: the name taskstats
 * gave ("" when none), the same task->comm without the newline (a kernel thread's /proc/PID/comm may
 * be longer, but no kernel thread holds a file).
 */
static void proc_comm(int procfd, int pid, const char *known, char *comm, size_t len)
{
	char path[32];
	int cfd;

	if (known[0]) {
		snprintf(comm, len, "%s", known);
		comm_clean(comm, len);
		return;
	}
	snprintf(path, sizeof(path), "%d/comm", pid);
	snprintf(comm, len, "?");
	cfd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (cfd < 0)
		return;
	ssize_t k = read(cfd, comm, len - 1);

	close(cfd);
	comm[k > 0 ? k : 0] = '\0';
	comm_clean(comm, len);
}

struct fd_scan {
	struct live_fd *a;
	size_t n, cap;
	unsigned unreadable;
	bool quiet;	      /* no process can hold a hypervisor fd (vc_hv_fds_impossible) */
	bool signals_blocked; /* this scan's thread blocks the signals a report takes */
	int proc;	      /* /proc */
	bool proc_ours;	      /* /proc is this pid namespace's: kcmp and taskstats take its pids */
	uint16_t taskstats;   /* taskstats' family: names asked SCAN_CHUNK at a time; 0: none */
	int taskstats_sock;   /* the host thread's socket of that family (-1: none) */
	const int *pids;
	size_t npids;
	atomic_size_t *next; /* the next pid to take, shared by the scan's threads */
};

static bool sys_module(const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return access(path, F_OK) == 0;
}

/* Whether /proc/modules proves that no process holds a hypervisor fd (then no fd link is read). */
static bool hv_fds_impossible(struct vc_host *h, const char *proc)
{
	_cleanup_(freep) char *mods = NULL;
	char path[PATH_MAX];
	struct utsname u;
	int r;

	snprintf(path, sizeof(path), "%s/modules", proc);
	r = live_read(h, path, 1u << 20, 0, &mods, NULL);

	if (uname(&u) < 0)
		return false;
	if (r == -ENOENT) /* a kernel without modules: every one built in, or absent */
		return vc_hv_fds_impossible("", u.release, sys_module);
	return r == 0 && vc_hv_fds_impossible(mods, u.release, sys_module);
}

/*
 * One process: its fd directory read with getdents64 and each link read relative to it (no DIR, no
 * allocation); comm only for a process with open files or an unreadable fd directory (kernel threads,
 * most of /proc on a quiet machine, have none). When no process can hold a hypervisor fd, only a
 * known hypervisor process's directory is read, to see that it has open files.
 */
#define FD_DIRENT_MAX 32

/* This thread blocks the signals a report may take (the scan and prefetch threads block all). */
static bool signals_blocked(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGALRM, SIGCHLD, SIGHUP, SIGWINCH };
	sigset_t cur;

	if (pthread_sigmask(SIG_BLOCK, NULL, &cur) != 0)
		return false;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!sigismember(&cur, sigs[i]))
			return false;
	return true;
}

/*
 * The fds of a process that hold no file the scan records, in the order its fd directory lists them:
 * a process forked from another holds the same open files (the same struct file) as its parent and
 * its siblings, which are often the process scanned just before. kcmp(KCMP_FILE) says whether an fd
 * is the same open file as the previous process's fd of that number in one system call, 1.6 us here
 * where the readlinkat it saves costs 3 (the same file has the same link). The first fd that is not
 * the same file ends the comparing for that process, and a process that shares no file with the one
 * before it has the next 1, 3, 7, then 15 processes read without comparing (COMPARE_BACKOFF_MAX): among
 * unrelated processes one in 16 costs a kcmp more than before. (A race as ever: the previous process
 * may have replaced that fd since its link was read, with the very file the next process holds there;
 * the scan is no snapshot either way.)
 */
struct plain_fds {
	int pid; /* 0: none */
	int *fd;
	size_t n, cap;
	bool hit, missed; /* of its own scan: an fd was the previous process's file; the first was not */
};

#define COMPARE_BACKOFF_MAX 4

static void plain_add(struct plain_fds *p, int fd)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->fd = xrealloc(p->fd, p->cap * sizeof(*p->fd));
	}
	p->fd[p->n++] = fd;
}

/* Whether fd of pid is the file prev's fd of that number is, which holds no recorded file; *at walks
 * prev's fds (listed in the order getdents64 gives, ascending), *on turns false at the first that is
 * not, or when kcmp cannot say. */
static bool same_plain_file(const struct plain_fds *prev, size_t *at, int pid, int fd, bool *on)
{
	long r;

	if (!*on)
		return false;
	while (*at < prev->n && prev->fd[*at] < fd)
		(*at)++;
	if (*at == prev->n || prev->fd[*at] != fd)
		return false;
	r = syscall(SYS_kcmp, prev->pid, pid, KCMP_FILE, fd, fd);
	*on = r == 0;
	return r == 0;
}

static void scan_pid(struct fd_scan *s, int pid, size_t seq, const char *known, const struct plain_fds *prev,
		     struct plain_fds *cur)
{
	char path[32], comm[VC_FD_COMM_MAX] = "", target[256];
	_Alignas(struct dirent64) char dents[4096];
	_cleanup_(closep) int fdfd = -1;
	size_t nfds = 0, at = 0;
	ssize_t len;
	bool compare = s->proc_ours && prev->pid > 0;

	cur->pid = 0;
	cur->n = 0;
	cur->hit = cur->missed = false;

	snprintf(path, sizeof(path), "%d/fd", pid);
	fdfd = openat(s->proc, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fdfd < 0) {
		if (errno == EACCES || errno == EPERM) {
			s->unreadable++;
			proc_comm(s->proc, pid, known, comm, sizeof(comm));
			if (vc_vmm_lookup(comm))
				push_fd(&s->a, &s->n, &s->cap, pid, seq, comm, "-");
		}
		return;
	}
	if (s->quiet) {
		proc_comm(s->proc, pid, known, comm, sizeof(comm));
		if (!vc_vmm_lookup(comm))
			return;
	}
	while ((len = getdents64(fdfd, dents, sizeof(dents))) > 0) {
		for (ssize_t off = 0; off < len;) {
			const struct dirent64 *fe = (const struct dirent64 *)(dents + off);
			ssize_t k;
			int fd;

			off += fe->d_reclen;
			if (fe->d_name[0] == '.')
				continue;
			nfds++;
			if (s->quiet)
				continue;
			fd = atoi(fe->d_name);
			if (same_plain_file(prev, &at, pid, fd, &compare)) {
				plain_add(cur, fd);
				cur->hit = true;
				continue;
			}
			cur->missed |= prev->pid > 0 && !compare && !cur->hit;
			k = readlinkat(fdfd, fe->d_name, target, sizeof(target) - 1);
			/* may this process read the links is asked of the process, not of each fd
			 * (proc_fd_access_allowed): one refused, all are */
			if (k < 0 && (errno == EACCES || errno == EPERM))
				goto done;
			if (k <= 0)
				continue;
			target[k] = '\0';
			if (!fd_target_interesting(target) || (size_t)k >= VC_FD_TARGET_MAX ||
			    strchr(target, ' ')) {
				plain_add(cur, fd);
				continue;
			}
			if (!comm[0])
				proc_comm(s->proc, pid, known, comm, sizeof(comm));
			push_fd(&s->a, &s->n, &s->cap, pid, seq, comm, target);
		}
		/* procfs stops filling when the next entry does not fit (proc_readfd_common), or
		 * when a signal is pending (fs/readdir.c filldir64): on a thread that blocks the
		 * signals a report handles, room left for the longest fd entry (32 bytes: 19 +
		 * "4294967295" + NUL, 8-aligned) means this was the last of them, and the read that
		 * says so is saved */
		if (s->signals_blocked && (size_t)len + FD_DIRENT_MAX <= sizeof(dents))
			break;
	}
	if (len >= 0 && !s->quiet)
		cur->pid = pid;
done:
	/* a known hypervisor process is listed by name too, with or without such fds */
	if (nfds && !comm[0])
		proc_comm(s->proc, pid, known, comm, sizeof(comm));
	if (nfds && vc_vmm_lookup(comm))
		push_fd(&s->a, &s->n, &s->cap, pid, seq, comm, "-");
}

/* The pids of /proc, in its order, but this process's (the scan may run beside the KVM smoke test,
 * whose VM is no one else's; when it does not, this process holds no hypervisor fd). */
static int list_pids(int proc, int **ret, size_t *ret_n)
{
	int self = getpid();

	_Alignas(struct dirent64) char dents[32768];
	int *pids = NULL;
	size_t n = 0, cap = 0;
	ssize_t len;

	while ((len = getdents64(proc, dents, sizeof(dents))) > 0)
		for (ssize_t off = 0; off < len;) {
			const struct dirent64 *pe = (const struct dirent64 *)(dents + off);
			int pid = atoi(pe->d_name);

			off += pe->d_reclen;
			if (pid <= 0 || pid == self)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 512;
				pids = xrealloc(pids, cap * sizeof(*pids));
			}
			pids[n++] = pid;
		}
	if (len < 0) {
		free(pids);
		return neg_errno();
	}
	*ret = pids;
	*ret_n = n;
	return 0;
}

/* pids taken this many at a time by whichever thread is free: a thread that waits for a CPU
 * (the KVM smoke test, the prefetches and other programs want the same two) takes fewer */
#define SCAN_CHUNK 8

static void *scan_pids(void *arg)
{
	struct fd_scan *s = arg;
	char names[SCAN_CHUNK][VC_FD_COMM_MAX];
	struct plain_fds plain[2] = { 0 }; /* the previous process's, this one's */
	unsigned misses = 0, skip = 0;	   /* processes in a row that shared no file; left uncompared */
	int sock = s->taskstats_sock;
	size_t i;

	_Static_assert(SCAN_CHUNK <= VC_TASKSTATS_BATCH, "a chunk's names asked at once");
	s->signals_blocked = signals_blocked();
	if (s->taskstats && sock < 0 && vc_taskstats_socket(&sock) < 0)
		sock = -1;
	while ((i = atomic_fetch_add(s->next, SCAN_CHUNK)) < s->npids) {
		size_t n = i + SCAN_CHUNK < s->npids ? SCAN_CHUNK : s->npids - i;

		for (size_t j = 0; j < n; j++)
			names[j][0] = '\0';
		/* an error says that no more names come from it (-EPERM: no CAP_NET_ADMIN) */
		if (sock >= 0 &&
		    vc_taskstats_comms(sock, s->taskstats, s->pids + i, n, names[0], sizeof(names[0])) < 0) {
			if (sock != s->taskstats_sock)
				close(sock);
			sock = -1;
		}
		for (size_t j = 0; j < n; j++) {
			static const struct plain_fds none = { 0 };
			bool compare = plain[0].pid > 0 && !skip;
			struct plain_fds t;

			skip -= skip > 0;
			scan_pid(s, s->pids[i + j], i + j, names[j], compare ? &plain[0] : &none, &plain[1]);
			if (plain[1].hit) {
				misses = 0;
			} else if (plain[1].missed) {
				misses += misses < COMPARE_BACKOFF_MAX;
				skip = (1u << misses) - 1;
			}
			t = plain[0];
			plain[0] = plain[1];
			plain[1] = t;
		}
	}
	if (sock >= 0 && sock != s->taskstats_sock)
		close(sock);
	free(plain[0].fd);
	free(plain[1].fd);
	return NULL;
}

/* Below this many processes a second thread costs more than it saves. */
#define SCAN_THREAD_MIN 256

/* The second half of a reader's scan, when it offers one: taken by the host's own thread (pre_lock
 * held, and held again on return), which would otherwise wait. */
static bool scan_help(struct live_host *h)
{
	struct fd_scan *s = h->scan_offer;

	if (!s)
		return false;
	h->scan_offer = NULL;
	h->scan_helping = true;
	pthread_mutex_unlock(&h->pre_lock);
	scan_pids(s);
	pthread_mutex_lock(&h->pre_lock);
	h->scan_helping = false;
	pthread_cond_broadcast(&h->pre_cond);
	return true;
}

/*
 * A second thread takes /proc's pids with the first, SCAN_CHUNK at a time, when this process may run
 * on two CPUs: each process costs a few procfs lookups in the kernel, which scale with the CPUs.
 * Their records are merged in /proc's order, so they are those of one thread. Both threads run
 * where the host ran before CPUID pinned it (pinned to one CPU, two threads take as long as one),
 * and the pin is put back after. Nothing they call shares state (no dlopen, no NSS, no static
 * buffer) but the counter. Below SCAN_THREAD_MIN, a reader's scan offers its second half to the
 * host's own thread instead (scan_help): no thread is made, and that thread joins in only when it
 * has nothing else to do.
 */
static void scan_threads(struct live_host *lh, struct fd_scan *s, bool may_pin)
{
	size_t size = CPU_ALLOC_SIZE(VC_MAX_CPUS);
	cpu_set_t *cpus = CPU_ALLOC(VC_MAX_CPUS), *pin = NULL;
	pthread_t t;
	bool threaded = false, offered;

	s[1] = s[0];
	s[1].taskstats_sock = -1; /* its thread's own */
	if (cpus && s[0].npids >= lh->scan_thread_min && sched_getaffinity(0, size, cpus) == 0) {
		if (may_pin && lh->pinned && lh->saved_affinity && (pin = CPU_ALLOC(VC_MAX_CPUS)) &&
		    sched_setaffinity(0, size, lh->saved_affinity) == 0) {
			memcpy(pin, cpus, size);
			memcpy(cpus, lh->saved_affinity, size);
		} else if (pin) {
			CPU_FREE(pin);
			pin = NULL;
		}
		if (CPU_COUNT_S(size, cpus) > 1)
			threaded = pthread_create(&t, NULL, scan_pids, &s[1]) == 0;
	}
	offered = !threaded && !may_pin;
	if (offered) {
		pthread_mutex_lock(&lh->pre_lock);
		lh->scan_offer = &s[1];
		pthread_mutex_unlock(&lh->pre_lock);
	}
	scan_pids(&s[0]);
	if (threaded)
		pthread_join(t, NULL);
	if (offered) {
		pthread_mutex_lock(&lh->pre_lock);
		lh->scan_offer = NULL; /* not taken; or taken, and waited for */
		while (lh->scan_helping)
			pthread_cond_wait(&lh->pre_cond, &lh->pre_lock);
		pthread_mutex_unlock(&lh->pre_lock);
	}
	if (pin) {
		/* not pinned back (the CPU went offline, the cpuset shrank): CPUID pins again */
		if (sched_setaffinity(0, size, pin) < 0)
			lh->pinned = false;
		CPU_FREE(pin);
	}
	if (cpus)
		CPU_FREE(cpus);
}

/* A file of /proc read whole into buf (NUL-terminated); false when it does not fit or cannot be read. */
static bool proc_file(int proc, const char *path, char *buf, size_t len)
{
	int fd = openat(proc, path, O_RDONLY | O_CLOEXEC);
	size_t have = 0;
	ssize_t k = 0;

	if (fd < 0)
		return false;
	while (have < len - 1 && (k = read(fd, buf + have, len - 1 - have)) > 0)
		have += (size_t)k;
	close(fd);
	buf[have] = '\0';
	return k == 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/*
 * The kernel threads, which hold no file (they share kthreadd's table, which is init_task's, where
 * nothing is opened): kthreadd's children, left out of the scan where its fd directory is read and
 * empty (so every kernel thread's is, for this user, and no unreadable one is left uncounted). Each
 * cost three system calls for nothing (57 of 100 processes here); /proc/2/task/2/children (Linux
 * 4.2+, CONFIG_PROC_CHILDREN) lists them in one read. Pid 2 is kthreadd only where /proc shows the
 * kernel threads (not in a container's pid namespace), which its stat says: "(kthreadd)" with the
 * kernel-thread flag. The children include a program the kernel starts (a usermode helper such as
 * modprobe, whose parent is kthreadd too) while it runs: one that holds no hypervisor device. The
 * pids, sorted, in *ret; 0 when none is left out.
 */
static size_t kernel_threads(int proc, int **ret)
{
	char buf[65536], *p;
	_Alignas(struct dirent64) char dents[512];
	unsigned long flags = 0;
	int *v = NULL, fdfd;
	size_t n = 0, cap = 0;
	ssize_t len;
	bool empty = true;

	*ret = NULL;
	/* "2 (kthreadd) S 0 0 0 0 -1 FLAGS ...": the flags are the ninth field */
	if (!proc_file(proc, "2/stat", buf, sizeof(buf)) || strncmp(buf, "2 (kthreadd) ", 13) != 0 ||
	    sscanf(buf + 13, "%*c %*d %*d %*d %*d %*d %lu", &flags) != 1 || !(flags & 0x00200000))
		return 0; /* PF_KTHREAD */
	fdfd = openat(proc, "2/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fdfd < 0)
		return 0;
	while (empty && (len = getdents64(fdfd, dents, sizeof(dents))) > 0)
		for (ssize_t off = 0; off < len;) {
			const struct dirent64 *e = (const struct dirent64 *)(dents + off);

			off += e->d_reclen;
			if (e->d_name[0] != '.')
				empty = false;
		}
	close(fdfd);
	if (!empty || len < 0 || !proc_file(proc, "2/task/2/children", buf, sizeof(buf)))
		return 0;
	for (p = buf; *p;) {
		char *end;
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		p = end + strspn(end, " \n");
		if (pid <= 2 || pid > INT_MAX)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 128;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = (int)pid;
	}
	if (*p) { /* not a list of pids */
		free(v);
		return 0;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_int);
	*ret = v;
	return n;
}

/* The pids left but the kernel threads (sorted in kt). */
static void drop_kernel_threads(int *pids, size_t *n, const int *kt, size_t nkt)
{
	size_t j = 0;

	for (size_t i = 0; i < *n; i++)
		if (!bsearch(&pids[i], kt, nkt, sizeof(*kt), cmp_int))
			pids[j++] = pids[i];
	*n = j;
}

/* Whether /proc shows this process's pid namespace, the one taskstats and kcmp take pids in: /proc/self is
 * this process there. */
static bool proc_is_ours(int proc)
{
	char self[24];
	ssize_t k = readlinkat(proc, "self", self, sizeof(self) - 1);
	uint32_t pid;

	if (k <= 0)
		return false;
	self[k] = '\0';
	return parse_u32(self, 10, &pid) == 0 && pid == (uint32_t)getpid();
}

/* The whole scan; may_pin: on the host's own thread, which CPUID may have pinned to one CPU. */
static void scan_fds(struct live_host *lh, bool may_pin, struct fds_result *res)
{
	struct fd_scan s[2] = { { .quiet = hv_fds_impossible(&lh->host, lh->proc) } };
	_cleanup_(closep) int proc = open(lh->proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_(freep) int *pids = NULL;
	_cleanup_(freep) int *kt = NULL;
	size_t npids = 0, nkt;
	atomic_size_t next = 0;

	*res = (struct fds_result){ 0 };
	if (proc < 0) {
		res->err = neg_errno();
		return;
	}
	res->err = list_pids(proc, &pids, &npids);
	if (res->err < 0)
		return;
	nkt = kernel_threads(proc, &kt);
	if (nkt)
		drop_kernel_threads(pids, &npids, kt, nkt);
	s[0].proc = proc;
	s[0].taskstats_sock = -1;
	s[0].proc_ours = proc_is_ours(proc);
	if (s[0].proc_ours && vc_taskstats_open(&s[0].taskstats_sock, &s[0].taskstats) < 0)
		s[0].taskstats = 0;
	s[0].pids = pids;
	s[0].npids = npids;
	s[0].next = &next;
	scan_threads(lh, s, may_pin);
	res->unreadable = s[0].unreadable + s[1].unreadable;
	res->n = s[0].n + s[1].n;
	if (res->n) {
		struct vc_fd_rec *v = xmalloc(res->n * sizeof(*v));

		/* each thread's records are in /proc's order: merged, they are one thread's */
		for (size_t i = 0, j = 0, k = 0; k < res->n; k++) {
			const struct live_fd *f =
				j == s[1].n || (i < s[0].n && s[0].a[i].seq <= s[1].a[j].seq) ? &s[0].a[i++]
											      : &s[1].a[j++];

			v[k] = (struct vc_fd_rec){ f->pid, f->comm, f->target };
		}
		res->a = vc_fd_recs_copy(v, res->n);
		free(v);
	}
	free(s[0].a);
	free(s[1].a);
	if (s[0].taskstats_sock >= 0)
		close(s[0].taskstats_sock);
}

static bool prefetch_join(struct live_host *h, struct prefetched *p, struct buf *out);

/* The prefetched scan, once the reader has done it; false when it was not asked for. */
static bool fds_join(struct live_host *h)
{
	return prefetch_join(h, &h->pre[VC_PRE_FDS], NULL);
}

static int live_fds(struct vc_host *h, struct vc_fd_rec **ret, size_t *ret_n, unsigned *unreadable)
{
	struct live_host *lh = (struct live_host *)h;
	struct fds_result res;

	if (fds_join(lh)) {
		res = lh->fds_res;
		lh->fds_res = (struct fds_result){ 0 };
	} else {
		scan_fds(lh, true, &res);
	}
	*unreadable = res.unreadable;
	if (res.err < 0) {
		free(res.a);
		return res.err;
	}
	*ret = res.a;
	*ret_n = res.n;
	return 0;
}

static void group_names(struct vc_host *h, struct vc_identity *id, const gid_t *gids, int n)
{
	for (int i = 0; i < n; i++) {
		bool dup = false;

		for (size_t j = 0; j < id->ngroups; j++)
			dup |= id->groups[j].gid == gids[i];
		if (dup || id->ngroups >= VC_MAX_GROUPS)
			continue;
		id->groups[id->ngroups].gid = gids[i];
		group_name(h, gids[i], id->groups[id->ngroups].name, sizeof(id->groups[0].name));
		id->ngroups++;
	}
}

/* root through sudo (SUDO_UID) or pkexec (PKEXEC_UID): the user who asked, with the groups
 * /etc/group gives them (what their next login gets) */
static bool live_invoker(struct vc_host *h, struct vc_identity *inv)
{
	const char *env = secure_getenv("SUDO_UID");
	struct passwd pw, *pwp = NULL;
	char pwbuf[4096];
	gid_t gids[VC_MAX_GROUPS];
	int n = VC_MAX_GROUPS;
	uint32_t uid;

	if (!env)
		env = secure_getenv("PKEXEC_UID");
	if (geteuid() != 0 || !env || parse_u32(env, 10, &uid) < 0 || uid == 0)
		return false;
	if (getpwuid_r(uid, &pw, pwbuf, sizeof(pwbuf), &pwp) != 0 || !pwp ||
	    strlen(pw.pw_name) >= sizeof(inv->user) || strpbrk(pw.pw_name, " \t\n"))
		return false;
	memset(inv, 0, sizeof(*inv));
	inv->uid = inv->euid = uid;
	strcpy(inv->user, pw.pw_name);
	if (getgrouplist(pw.pw_name, pw.pw_gid, gids, &n) < 0)
		n = VC_MAX_GROUPS;
	group_names(h, inv, gids, n);
	return true;
}

static int live_identity(struct vc_host *h, struct vc_identity *id, struct vc_identity *invoker,
			 bool *has_invoker)
{
	gid_t gids[VC_MAX_GROUPS];
	int n;

	memset(id, 0, sizeof(*id));
	*has_invoker = live_invoker(h, invoker);
	id->uid = getuid();
	id->euid = geteuid();
	user_name(h, id->uid, id->user, sizeof(id->user));
	n = getgroups(VC_MAX_GROUPS - 1, gids);
	if (n < 0)
		n = 0;
	gids[n++] = getgid(); /* getgroups may or may not include the primary group */
	group_names(h, id, gids, n);
	return 0;
}

static int read_pci(struct buf *out)
{
	return vc_live_pci(NULL, out);
}

/* As many readers as CPUs this may run on, but one, so that the probes keep one: 1 to 4. */
static unsigned prefetch_readers(void)
{
	cpu_set_t *set = CPU_ALLOC(VC_MAX_CPUS);
	size_t size = CPU_ALLOC_SIZE(VC_MAX_CPUS);
	int n = set && sched_getaffinity(0, size, set) == 0 ? CPU_COUNT_S(size, set) : 2;

	CPU_FREE(set);
	return n <= 2 ? 1 : n >= 5 ? 4 : (unsigned)n - 1;
}

/* Reads the next one queued (pre_lock held, and held again on return); own: on the host's own
 * thread, which CPUID may have pinned. */
static void prefetch_next(struct live_host *h, bool own)
{
	struct prefetched *p = &h->pre[h->pre_queue[h->pre_next++]];
	struct buf out = { 0 };
	int err = 0;

	pthread_mutex_unlock(&h->pre_lock);
	if (p->read)
		err = p->read(&out);
	else
		scan_fds(h, own, &h->fds_res);
	pthread_mutex_lock(&h->pre_lock);
	p->err = err;
	p->out = out;
	p->done = true;
	pthread_cond_broadcast(&h->pre_cond);
}

/* What is queued read on this thread, and the rest of a reader's fd scan shared (pre_lock held, and
 * held again on return): what the readers are at is not waited for. */
static void prefetch_drain(struct live_host *h)
{
	for (;;) {
		if (h->pre_next < h->pre_queued) {
			prefetch_next(h, true);
			continue;
		}
		if (!scan_help(h))
			return;
	}
}

/* Reads what is queued, in order, until the queue is empty. */
static void *prefetch_reader(void *arg)
{
	struct live_host *h = arg;

	pthread_mutex_lock(&h->pre_lock);
	while (h->pre_next < h->pre_queued)
		prefetch_next(h, false);
	h->pre_active--; /* what is queued from now on needs another reader */
	pthread_mutex_unlock(&h->pre_lock);
	return NULL;
}

static struct prefetched *prefetched(struct live_host *h, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(h->pre); i++)
		if (strcmp(h->pre[i].name, name) == 0)
			return &h->pre[i];
	return NULL;
}

/* The same, of those that lines() gives. */
static struct prefetched *prefetched_lines(struct live_host *h, const char *name)
{
	struct prefetched *p = prefetched(h, name);

	return p && p->read ? p : NULL;
}

void vc_host_live_test_reader(struct vc_host *host, const char *name, int (*read)(struct buf *out))
{
	struct prefetched *p = prefetched((struct live_host *)host, name);

	if (p)
		p->read = read;
}

void vc_host_live_test_readers(struct vc_host *host, unsigned max)
{
	((struct live_host *)host)->pre_max = max;
}

void vc_host_live_test_scan_threads(struct vc_host *host, size_t min)
{
	((struct live_host *)host)->scan_thread_min = min;
}

/* One of the host's threads (the readers, the VM's closer), with no signal: SIGALRM must interrupt
 * the KVM smoke test's KVM_RUN. Where CPUID pinned this thread, it runs where the host ran before.
 * (Started on another CPU than this thread's, a reader waited for that CPU when it was busy: 4.3 ->
 * 5.1-5.5x the floor in interleaved runs at load 3, where the kernel-log reader made on the probes'
 * CPU kept them waiting 1.3 ms instead.) */
static bool start_thread(struct live_host *h, pthread_t *t, void *(*fn)(void *))
{
	pthread_attr_t attr;
	sigset_t all, old;
	bool started;

	if (pthread_attr_init(&attr) != 0)
		return false;
	if (h->pinned && h->saved_affinity)
		pthread_attr_setaffinity_np(&attr, CPU_ALLOC_SIZE(VC_MAX_CPUS), h->saved_affinity);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	started = pthread_create(t, &attr, fn, h) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return started;
}

/* "kmsg", "udev", "pci": those lines; "fds": the /proc fd scan (once, before anything asked):
 * queued for the reader threads, one more started while fewer than pre_max read. */
static void live_prefetch(struct vc_host *host, const char *name)
{
	struct live_host *h = (struct live_host *)host;
	struct prefetched *p = prefetched(h, name);

	if (strcmp(name, "cpuid") == 0) {
		cpuid_prefetch(h);
		return;
	}
	if (!p || p->queued || (!p->read && host->fds_done))
		return;
	pthread_mutex_lock(&h->pre_lock);
	if (h->pre_queued == ARRAY_SIZE(h->pre_queue)) { /* asked again: read when asked for */
		pthread_mutex_unlock(&h->pre_lock);
		return;
	}
	p->queued = true;
	p->done = false;
	h->pre_queue[h->pre_queued++] = (size_t)(p - h->pre);
	/* the readers at work take it, or one more */
	if (h->pre_active >= h->pre_max || h->pre_nthreads == ARRAY_SIZE(h->pre_threads)) {
		pthread_mutex_unlock(&h->pre_lock);
		return;
	}
	h->pre_active++;
	pthread_mutex_unlock(&h->pre_lock);
	if (start_thread(h, &h->pre_threads[h->pre_nthreads], prefetch_reader)) {
		h->pre_nthreads++;
		return;
	}
	pthread_mutex_lock(&h->pre_lock);
	/* no reader left to take them: what none took is read when asked for */
	if (--h->pre_active == 0)
		for (; h->pre_queued > h->pre_next; h->pre_queued--)
			h->pre[h->pre_queue[h->pre_queued - 1]].queued = false;
	pthread_mutex_unlock(&h->pre_lock);
}

/* The prefetched lines, once the reader has them; false when they were not queued. */
static bool prefetch_join(struct live_host *h, struct prefetched *p, struct buf *out)
{
	if (!p->queued)
		return false;
	pthread_mutex_lock(&h->pre_lock);
	/* while a reader is at it, this thread reads what no reader has taken yet: this one, or
	 * the next but the fd scan, which a reader starts once it is free (taken here while the
	 * platform probe waits for the kernel log, the scan kept the KVM smoke test waiting: 2 ms
	 * of it on this thread, then 1 ms of the smoke test with the other CPU idle); it waits only
	 * when nothing else is left to do */
	while (!p->done) {
		size_t take = h->pre_queued;

		for (size_t i = h->pre_next; i < h->pre_queued; i++)
			if (&h->pre[h->pre_queue[i]] == p)
				take = i;
		for (size_t i = h->pre_next; i < h->pre_queued && take == h->pre_queued; i++)
			if (h->pre_queue[i] != VC_PRE_FDS)
				take = i;
		if (take < h->pre_queued) {
			size_t t = h->pre_queue[take];

			/* moved to the front, the rest kept in the order asked */
			memmove(&h->pre_queue[h->pre_next + 1], &h->pre_queue[h->pre_next],
				(take - h->pre_next) * sizeof(h->pre_queue[0]));
			h->pre_queue[h->pre_next] = t;
			prefetch_next(h, true);
		} else if (!scan_help(h)) {
			pthread_cond_wait(&h->pre_cond, &h->pre_lock);
		}
	}
	pthread_mutex_unlock(&h->pre_lock);
	p->queued = false;
	if (out && !out->data) {
		*out = p->out; /* handed over */
		p->out = (struct buf){ 0 };
	} else if (out && p->out.data) {
		buf_append(out, p->out.data, p->out.len);
	}
	buf_free(&p->out);
	return true;
}

/* A CI variable's value that says a job runs: set, not empty, not false, 0, no or off. */
static bool ci_variable_set(const char *v)
{
	static const char *const no[] = { "false", "0", "no", "off" };

	if (!v || !*v)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(no); i++)
		if (!strcasecmp(v, no[i]))
			return false;
	return true;
}

static int live_lines(struct vc_host *host, const char *name, struct buf *out)
{
	struct live_host *lh = (struct live_host *)host;
	struct vc_host *h = host;

	struct prefetched *p = prefetched_lines(lh, name);

	if (p) {
		int r = prefetch_join(lh, p, out) ? p->err : p->read(out);
		const struct vc_dlib *lib = vc_live_dlib(name);

		/* a required library gone missing: a finding that names its package */
		if (r == -ELIBACC && lib)
			vc_host_problem(h, lib->soname, "cannot be loaded (%s): install the package %s",
					lib->why, lib->package);
		return r;
	}
	if (strcmp(name, "env") == 0) {
		/* which CI variables are set, never their values (they may carry tokens); one set to
		 * nothing or to a "no" (`CI=false npm run build`) says no CI job */
		for (size_t i = 0; vc_ci_variables[i]; i++)
			if (ci_variable_set(secure_getenv(vc_ci_variables[i])))
				buf_printf(out, "%s\n", vc_ci_variables[i]);
		return 0;
	}
	return -EINVAL;
}

static void live_destroy(struct vc_host *host)
{
	struct live_host *h = (struct live_host *)host;

	/* what no reader took is not read now; what they are reading is waited for */
	pthread_mutex_lock(&h->pre_lock);
	for (; h->pre_queued > h->pre_next; h->pre_queued--)
		h->pre[h->pre_queue[h->pre_queued - 1]].queued = false;
	pthread_mutex_unlock(&h->pre_lock);
	live_settle(host);
	if (h->closer_started)
		pthread_join(h->closer, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(h->pre); i++)
		prefetch_join(h, &h->pre[i], NULL);
	for (size_t i = 0; i < h->pre_nthreads; i++)
		pthread_join(h->pre_threads[i], NULL);
	for (size_t i = 0; i < h->cj.nthreads; i++)
		pthread_join(h->cj.threads[i], NULL);
	free(h->cj.cpus);
	free(h->cj.r);
	pthread_cond_destroy(&h->pre_cond);
	pthread_mutex_destroy(&h->pre_lock);
	free(h->fds_res.a); /* a scan no one asked for (fds() takes it) */
	free(h->passwd_db.text);
	free(h->group_db.text);
	free(h->nsswitch);
	if (h->cpuid_fd >= 0)
		close(h->cpuid_fd);
	if (h->pinned)
		sched_setaffinity(0, CPU_ALLOC_SIZE(VC_MAX_CPUS), h->saved_affinity);
	if (h->saved_affinity)
		CPU_FREE(h->saved_affinity);
	free(h);
}

static const struct vc_host_ops live_ops = {
	.live = true,
	.read = live_read,
	.owner = live_owner,
	.stat = live_stat,
	.list = live_list,
	.cpuid = live_cpuid,
	.rdmsr = live_rdmsr,
	.kvm = live_kvm,
	.devnode = live_devnode,
	.fds = live_fds,
	.identity = live_identity,
	.lines = live_lines,
	.prefetch = live_prefetch,
	.defer_close = live_defer_close,
	.settle = live_settle,
	.destroy = live_destroy,
};

int vc_host_new_live_flags(unsigned flags, struct vc_host **ret)
{
	struct live_host *h;

	if (flags & ~VC_HOST_PASSIVE)
		return -EINVAL;
	h = xcalloc(1, sizeof(*h));
	vc_host_init(&h->host, &live_ops);
	h->host.passive = flags & VC_HOST_PASSIVE;
	h->dev_cpu = "/dev/cpu";
	h->proc = "/proc";
	h->cpuid_fd = -1;
	h->pre[0] = (struct prefetched){ .name = "kmsg", .read = vc_live_kmsg };
	h->pre[1] = (struct prefetched){ .name = "udev", .read = vc_live_udev };
	h->pre[2] = (struct prefetched){ .name = "pci", .read = read_pci };
	h->pre[VC_PRE_FDS] = (struct prefetched){ .name = "fds" };
	pthread_mutex_init(&h->pre_lock, NULL);
	pthread_cond_init(&h->pre_cond, NULL);
	h->pre_max = prefetch_readers();
	h->scan_thread_min = SCAN_THREAD_MIN;
	*ret = &h->host;
	return 0;
}

int vc_host_new_live(struct vc_host **ret)
{
	return vc_host_new_live_flags(0, ret);
}
