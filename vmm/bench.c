/* The benchmarks. Method: warm-up, then samples interleaved A B A B in one thread pinned to one
 * CPU; each sample is timed where it runs (the guest reads the TSC itself around the workload,
 * so entering and leaving the guest is not counted as compute); KVM's vCPU counters are read
 * around the measured guest samples to show what really happened. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/base/lazymath.h"
#include "lib/base/util.h"
#include "vmm/bench.h"
#include "vmm/vmm.h"

const char *const bench_stat_names[_BSTAT_MAX] = {
	[BSTAT_EXITS] = "exits",
	[BSTAT_IO_EXITS] = "io_exits",
	[BSTAT_MMIO_EXITS] = "mmio_exits",
	[BSTAT_HALT_EXITS] = "halt_exits",
	[BSTAT_SIGNAL_EXITS] = "signal_exits",
	[BSTAT_IRQ_EXITS] = "irq_exits",
	[BSTAT_INSN_EMULATION] = "insn_emulation",
	[BSTAT_PF_TAKEN] = "pf_taken",
	[BSTAT_PF_FIXED] = "pf_fixed",
	[BSTAT_PF_EMULATE] = "pf_emulate",
};

#define WATCHDOG_MS	  10000u
#define VMM_MAX_CPUS_SCAN 64
#define TOUCH_PAGES	  4096u

struct bench_run {
	const struct bench_def *def;
	const struct bench_opts *opts;
	const struct bench_env *env;
	uint64_t ops;
	struct vmm vm;
	bool have_vm;
	uint8_t *native; /* the native side's data, aligned to 2 MiB */
	size_t native_size;
	void *native_map;
	size_t native_map_size;
	int efd;	       /* exit.ioeventfd's doorbell */
	uint64_t doorbells;    /* eventfd count expected */
	unsigned vcpus;	       /* lifecycle.smp, cpu.smp */
	struct smp_pool *pool; /* cpu.smp's helper threads */
	char why[256];
};

const char *const bench_precision_names[] = {
	[BENCH_PREC_MET] = "met",
	[BENCH_PREC_UNDECIDED] = "undecided",
	[BENCH_PREC_INSUFFICIENT] = "insufficient data",
	[BENCH_PREC_NONE] = "not asked",
};

static inline uint64_t tsc_now(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline double mono_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* ---- setup helpers ---- */

static int make_vm(struct bench_run *br, size_t mem, bool cpl0, unsigned vcpus)
{
	struct vmm_config c = { .mem_size = mem,
				.nvcpus = vcpus,
				.cpl0 = cpl0,
				.pages_4k = br->def->pages == 4,
				.host_thp = br->def->pages == 2048 };
	int r = vmm_create(&br->vm, &c);

	if (r < 0) {
		snprintf(br->why, sizeof(br->why), "creating the VM (%zu MiB, %u vCPUs): %s", mem >> 20,
			 vcpus ? vcpus : 1, strerror(-r));
		return r;
	}
	br->have_vm = true;
	r = vmm_load_blob(&br->vm);
	if (r < 0)
		snprintf(br->why, sizeof(br->why), "loading the workloads: %s", strerror(-r));
	return r;
}

/* Native memory with the same page-size policy as the guest's: THP for 2 MiB guest pages, none
 * for 4 KiB ones, so both sides walk the same kind of pages. */
static int make_native(struct bench_run *br, size_t size)
{
	const size_t huge = 2u << 20;

	/* whole huge pages, madvised as one mapping of their own: smaps then tells what backs them */
	br->native_map_size = (size + huge - 1) / huge * huge + huge;
	br->native_map = mmap(NULL, br->native_map_size, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (br->native_map == MAP_FAILED) {
		br->native_map = NULL;
		snprintf(br->why, sizeof(br->why), "mapping %zu MiB natively: %s", size >> 20,
			 strerror(errno));
		return -ENOMEM;
	}
	br->native = (uint8_t *)br->native_map + ((huge - (uintptr_t)br->native_map % huge) % huge);
	br->native_size = size;
	madvise(br->native, br->native_map_size - huge,
		br->def->pages == 4 ? MADV_NOHUGEPAGE : MADV_HUGEPAGE);
	return 0;
}

/* ---- compute and memory: the timed wrapper on both sides ---- */

/* Workload w under the TSC-timed wrapper, on vCPU i (side 0) or natively on this thread
 * (side 1): *delta gets the cycles of br->ops iterations, timed where they ran. */
static int timed_share(struct bench_run *br, unsigned i, int side, enum vmm_wl w, uint64_t arg,
		       uint64_t *delta, char *why, size_t whylen)
{
	enum vmm_exit e;
	int r;

	if (side == 1) {
		*delta = vmm_wl_native(VMM_WL_TIMED)(vmm_wl_offset(w), br->ops, arg);
		return 0;
	}
	r = vmm_call(&br->vm, i, vmm_wl_offset(VMM_WL_TIMED), vmm_wl_offset(w), br->ops, arg);
	if (r < 0) {
		snprintf(why, whylen, "vCPU %u: setting the registers: %s", i, strerror(-r));
		return r;
	}
	e = vmm_run_to_done(&br->vm, i, NULL, why, whylen);
	if (e != VMM_EXIT_DONE)
		return e == VMM_EXIT_TIMEOUT ? -ETIMEDOUT : -EIO;
	return vmm_result(&br->vm, i, delta);
}

static int sample_timed(struct bench_run *br, int side, enum vmm_wl w, uint64_t arg, double *ns, double *cyc)
{
	uint64_t delta;
	int r = timed_share(br, 0, side, w, arg, &delta, br->why, sizeof(br->why));

	if (r < 0)
		return r;
	*cyc = (double)delta / (double)br->ops;
	*ns = *cyc / br->env->tsc_ghz;
	return 0;
}

static int setup_cpu(struct bench_run *br)
{
	return make_vm(br, 0, false, 1);
}

static int sample_int(struct bench_run *br, int side, double *ns, double *cyc)
{
	return sample_timed(br, side, VMM_WL_INT, 12345, ns, cyc);
}

static int sample_fp(struct bench_run *br, int side, double *ns, double *cyc)
{
	return sample_timed(br, side, VMM_WL_FP, 0, ns, cyc);
}

/* ---- cpu.smp: the integer kernel on every vCPU at once, against as many native threads ----
 * vCPU 0 (or native thread 0) runs on the benchmark's own thread; vCPUs 1..N-1 on helper threads
 * pinned to the next CPUs, started together (one semaphore post each). Each times itself (TSC in the guest);
 * a sample is the mean over the N of cycles per iteration, so a/b is the overhead with every
 * CPU busy (host interrupts, the hypervisor's own threads and locks all compete). */
struct smp_worker {
	struct bench_run *br;
	unsigned i;
	int cpu;
	pthread_t thread;
	sem_t go;
	bool started;
	uint64_t delta;
	int rc;
	char why[160];
};

struct smp_pool {
	sem_t done;
	int side;
	bool quit;
	unsigned n;
	struct smp_worker w[VMM_MAX_VCPUS];
};

static int smp_share(struct bench_run *br, unsigned i, int side, uint64_t *delta, char *why, size_t whylen)
{
	return timed_share(br, i, side, VMM_WL_INT, 12345 + i, delta, why, whylen);
}

static void *smp_main(void *arg)
{
	struct smp_worker *w = arg;
	struct smp_pool *p = w->br->pool;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (;;) {
		struct vmm_watchdog wd;

		while (sem_wait(&w->go) < 0)
			;
		if (p->quit)
			break;
		w->rc = vmm_watchdog_arm(&wd, WATCHDOG_MS);
		if (w->rc == 0) {
			w->rc = smp_share(w->br, w->i, p->side, &w->delta, w->why, sizeof(w->why));
			vmm_watchdog_disarm(&wd);
		} else {
			snprintf(w->why, sizeof(w->why), "arming the watchdog: %s", strerror(-w->rc));
		}
		sem_post(&p->done);
	}
	return NULL;
}

static void smp_stop(struct bench_run *br)
{
	struct smp_pool *p = br->pool;

	if (!p)
		return;
	p->quit = true;
	for (unsigned i = 1; i < p->n; i++)
		if (p->w[i].started) {
			sem_post(&p->w[i].go);
			pthread_join(p->w[i].thread, NULL);
			sem_destroy(&p->w[i].go);
		}
	sem_destroy(&p->done);
	free(p);
	br->pool = NULL;
}

static unsigned bench_vcpus(const struct bench_run *br)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = br->opts->vcpus ? br->opts->vcpus : online > 0 ? (unsigned)online : 1;

	return n > VMM_MAX_VCPUS ? VMM_MAX_VCPUS : n;
}

static int setup_cpu_smp(struct bench_run *br)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	struct smp_pool *p;
	int r;

	br->vcpus = bench_vcpus(br);
	r = make_vm(br, 0, false, br->vcpus);
	if (r < 0)
		return r;
	p = xcalloc(1, sizeof(*p));
	p->n = br->vcpus;
	sem_init(&p->done, 0, 0);
	br->pool = p;
	for (unsigned i = 1; i < p->n; i++) {
		struct smp_worker *w = &p->w[i];

		w->br = br;
		w->i = i;
		w->cpu = (int)((br->env->cpu + (long)i) % (ncpu > 0 ? ncpu : 1));
		sem_init(&w->go, 0, 0);
		r = -pthread_create(&w->thread, NULL, smp_main, w);
		if (r < 0) {
			snprintf(br->why, sizeof(br->why), "starting helper thread %u: %s", i, strerror(-r));
			sem_destroy(&w->go);
			return r; /* finish_cpu_smp stops the ones started */
		}
		w->started = true;
	}
	return 0;
}

static int sample_cpu_smp(struct bench_run *br, int side, double *ns, double *cyc)
{
	struct smp_pool *p = br->pool;
	uint64_t sum = 0, delta = 0;
	int r;

	p->side = side;
	for (unsigned i = 1; i < p->n; i++) {
		p->w[i].delta = 0;
		sem_post(&p->w[i].go);
	}
	r = smp_share(br, 0, side, &delta, br->why, sizeof(br->why));
	for (unsigned i = 1; i < p->n; i++)
		while (sem_wait(&p->done) < 0)
			;
	if (r == 0 && delta == 0) {
		snprintf(br->why, sizeof(br->why), "vCPU/thread 0 measured no time");
		r = -EPROTO;
	}
	sum = delta;
	for (unsigned i = 1; i < p->n; i++) {
		if (r == 0 && p->w[i].rc < 0) {
			r = p->w[i].rc;
			snprintf(br->why, sizeof(br->why), "%s", p->w[i].why);
		} else if (r == 0 && p->w[i].delta == 0) {
			/* every share must have run: a helper that did nothing would halve the mean */
			snprintf(br->why, sizeof(br->why), "vCPU/thread %u measured no time", i);
			r = -EPROTO;
		}
		sum += p->w[i].delta;
	}
	if (r < 0)
		return r;
	*cyc = (double)sum / p->n / (double)br->ops;
	*ns = *cyc / br->env->tsc_ghz;
	return 0;
}

static void finish_cpu_smp(struct bench_run *br, struct bench_result *r)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);

	smp_stop(br);
	if (online > 0 && br->vcpus > (unsigned)online)
		snprintf(r->note, sizeof(r->note),
			 "%u vCPUs against %u native threads, all at once, on %ld CPUs: they take turns, so "
			 "the spread is wide",
			 br->vcpus, br->vcpus, online);
	else
		snprintf(r->note, sizeof(r->note),
			 "%u vCPUs against %u native threads, all at once, one per CPU from CPU %d",
			 br->vcpus, br->vcpus, br->env->cpu);
}

/* A random cyclic permutation (Sattolo) of cache lines over the working set: every load
 * depends on the previous one and the prefetchers cannot guess the next line. Offsets, not
 * pointers, so the same chain is valid natively and in the guest. */
static void build_chain(uint8_t *base, size_t ws)
{
	size_t n = ws / 64;
	_cleanup_(freep) uint32_t *perm = xmalloc(n * sizeof(*perm));
	uint64_t seed = 0x5eed;

	for (size_t i = 0; i < n; i++)
		perm[i] = (uint32_t)i;
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = vc_rand_next(&seed) % i;
		uint32_t t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t next = (uint64_t)perm[i] * 64;

		memcpy(base + (size_t)i * 64, &next, sizeof(next));
	}
}

static int setup_memory(struct bench_run *br)
{
	size_t ws = br->def->arg;
	int r = make_vm(br, VMM_DATA_BASE + ws, false, 1);

	if (r < 0)
		return r;
	r = make_native(br, ws);
	if (r < 0)
		return r;
	build_chain(br->native, ws);
	memcpy(br->vm.mem + VMM_DATA_BASE, br->native, ws);
	return 0;
}

static int sample_chase(struct bench_run *br, int side, double *ns, double *cyc)
{
	return sample_timed(br, side, VMM_WL_CHASE, side == 0 ? VMM_DATA_BASE : (uintptr_t)br->native, ns,
			    cyc);
}

static int setup_touch(struct bench_run *br)
{
	size_t size = (size_t)br->def->arg * 4096;
	int r = make_vm(br, VMM_DATA_BASE + size, false, 1);

	return r < 0 ? r : make_native(br, size);
}

/* Fresh memory on both sides before every sample: MADV_DONTNEED drops the host pages (and,
 * through KVM's MMU notifier, the guest's second-level mappings), so every touch faults again. */
static int sample_touch(struct bench_run *br, int side, double *ns, double *cyc)
{
	size_t size = (size_t)br->ops * 4096;

	if (side == 0)
		madvise(br->vm.mem + VMM_DATA_BASE, size, MADV_DONTNEED);
	else
		madvise(br->native, size, MADV_DONTNEED);
	return sample_timed(br, side, VMM_WL_TOUCH, side == 0 ? VMM_DATA_BASE : (uintptr_t)br->native, ns,
			    cyc);
}

/* ---- exits: timed around the loop that serves them ---- */

static int setup_exit(struct bench_run *br)
{
	return make_vm(br, 0, br->def->cpl == 0, 1);
}

/* ops exits under the guest's own TSC timing (the TIMED wrapper): from the first operation to the
 * last, without entering the guest and the exit that ends the call. Timed from outside, a sample
 * carried that one exit to userspace spread over its ops (25 us over 8-40 doorbells of 3 us on a
 * nested host): the per-op cost then depended on how many ops the warm-up gave a sample, which
 * differs from run to run, and an A/A comparison saw exit.ioeventfd move by 10-60%. */
static int timed_guest(struct bench_run *br, enum vmm_wl w, uint64_t arg, uint64_t expect_exits, double *ns,
		       double *cyc)
{
	uint64_t exits = 0, delta = 0;
	int r = vmm_call(&br->vm, 0, vmm_wl_offset(VMM_WL_TIMED), vmm_wl_offset(w), br->ops, arg);
	enum vmm_exit e;

	if (r < 0)
		return r;
	e = vmm_run_to_done(&br->vm, 0, &exits, br->why, sizeof(br->why));
	if (e != VMM_EXIT_DONE)
		return e == VMM_EXIT_TIMEOUT ? -ETIMEDOUT : -EIO;
	if (exits != expect_exits) {
		snprintf(br->why, sizeof(br->why), "%llu exits to userspace where %llu were due",
			 (unsigned long long)exits, (unsigned long long)expect_exits);
		return -EPROTO;
	}
	r = vmm_result(&br->vm, 0, &delta);
	if (r < 0)
		return r;
	*cyc = (double)delta / (double)br->ops;
	*ns = *cyc / br->env->tsc_ghz;
	return 0;
}

/* The floor: the loop every VMM has, and nothing else (no dispatch function, no counting); timed
 * by the guest as the VMM's side is. */
static int raw_pio(struct bench_run *br, double *ns, double *cyc)
{
	struct kvm_run *run = br->vm.vcpu[0].run;
	int fd = br->vm.vcpu[0].fd,
	    r = vmm_call(&br->vm, 0, vmm_wl_offset(VMM_WL_TIMED), vmm_wl_offset(VMM_WL_PIO), br->ops, 0);
	uint64_t delta = 0;

	if (r < 0)
		return r;
	for (;;) {
		if (ioctl(fd, KVM_RUN, 0) < 0) {
			snprintf(br->why, sizeof(br->why), "raw KVM_RUN: %s", strerror(errno));
			return -EIO;
		}
		if (run->exit_reason != KVM_EXIT_IO) {
			snprintf(br->why, sizeof(br->why), "raw loop: exit %s",
				 vmm_exit_reason_name(run->exit_reason));
			return -EIO;
		}
		if (run->io.port == VMM_PORT_DONE)
			break;
	}
	r = vmm_result(&br->vm, 0, &delta);
	if (r < 0)
		return r;
	*cyc = (double)delta / (double)br->ops;
	*ns = *cyc / br->env->tsc_ghz;
	return 0;
}

static int sample_pio(struct bench_run *br, int side, double *ns, double *cyc)
{
	return side == 0 ? timed_guest(br, VMM_WL_PIO, 0, br->ops, ns, cyc) : raw_pio(br, ns, cyc);
}

static int sample_mmio(struct bench_run *br, int side, double *ns, double *cyc)
{
	(void)side;
	return timed_guest(br, VMM_WL_STORE, VMM_MMIO_GPA, br->ops, ns, cyc);
}

static int setup_ioeventfd(struct bench_run *br)
{
	struct kvm_ioeventfd io = { .addr = VMM_DOORBELL_GPA, .len = 4 };
	int r = make_vm(br, 0, false, 1);

	if (r < 0)
		return r;
	br->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (br->efd < 0)
		return neg_errno();
	io.fd = br->efd;
	if (ioctl(br->vm.vm, KVM_IOEVENTFD, &io) < 0) {
		r = neg_errno();
		snprintf(br->why, sizeof(br->why), "KVM_IOEVENTFD: %s", strerror(-r));
		return r;
	}
	return 0;
}

/* a: the doorbell (in-kernel, signals the eventfd); b: an emulated register (userspace exit) */
static int sample_ioeventfd(struct bench_run *br, int side, double *ns, double *cyc)
{
	int r;

	if (side == 1)
		return timed_guest(br, VMM_WL_STORE, VMM_MMIO_GPA, br->ops, ns, cyc);
	r = timed_guest(br, VMM_WL_STORE, VMM_DOORBELL_GPA, 0, ns, cyc);
	if (r == 0)
		br->doorbells += br->ops;
	return r;
}

static void finish_ioeventfd(struct bench_run *br, struct bench_result *res)
{
	uint64_t count = 0;

	if (read(br->efd, &count, sizeof(count)) != (ssize_t)sizeof(count))
		count = 0;
	/* the warm-up's doorbells are counted too: compare with all of them */
	snprintf(res->note, sizeof(res->note), "eventfd signalled %llu times for %llu doorbell writes; %s",
		 (unsigned long long)count, (unsigned long long)br->doorbells,
		 count == br->doorbells ? "none exited to userspace" : "MISMATCH: some doorbells were lost");
	if (count != br->doorbells && !res->status) {
		res->status = -EPROTO;
		snprintf(res->why, sizeof(res->why), "%s", res->note);
	}
}

static int sample_cpuid(struct bench_run *br, int side, double *ns, double *cyc)
{
	return sample_timed(br, side, VMM_WL_CPUID, 0, ns, cyc);
}

static void finish_cpuid(struct bench_run *br, struct bench_result *r)
{
	double per_op;

	(void)br;
	if (!r->have_stats || !r->guest_ops)
		return;
	per_op = (double)r->stats[BSTAT_EXITS] / (double)r->guest_ops;
	if (per_op >= 0.9)
		snprintf(r->note, sizeof(r->note),
			 "CPUID exits to KVM and is handled in the kernel (%.2f exits per CPUID)", per_op);
	else
		snprintf(r->note, sizeof(r->note),
			 "CPUID does not exit to KVM here (%.3f exits per CPUID): this backend runs guest "
			 "CPL3 code on the host CPU (kvm_pvm), "
			 "so the guest's CPUID costs what the host's does",
			 per_op);
}

static int sample_hlt(struct bench_run *br, int side, double *ns, double *cyc)
{
	(void)side;
	return timed_guest(br, VMM_WL_HLT, 0, br->ops, ns, cyc);
}

/* ---- lifecycle ---- */

static int lifecycle_vmm(struct bench_run *br, unsigned vcpus)
{
	struct vmm v;
	struct vmm_config c = { .nvcpus = vcpus };
	int r = vmm_create(&v, &c);

	if (r < 0) {
		snprintf(br->why, sizeof(br->why), "vmm_create: %s", strerror(-r));
		return r;
	}
	r = vmm_load_blob(&v);
	for (unsigned i = 0; r == 0 && i < v.nvcpus; i++) {
		r = vmm_call(&v, i, vmm_wl_offset(VMM_WL_NOP), 0, 0, 0);
		if (r == 0 && vmm_run(&v, i, br->why, sizeof(br->why)) != VMM_EXIT_DONE)
			r = -EIO;
	}
	vmm_destroy(&v);
	return r;
}

/* The same life with bare ioctls and the least guest state that reaches the same place: VM,
 * memory, vCPU, three page-table pages mapping the first 2 MiB, one instruction (out to the
 * done port) at CPL3 in 64-bit mode, run, close. The VMM's extra is all it does on top: the
 * 4 GiB identity map, the GDT, the workload blob, the call frame, the watchdog-ready run. */
static int lifecycle_raw(struct bench_run *br)
{
	static const uint8_t code[] = { 0xe6, VMM_PORT_DONE }; /* out 0xf4, al */
	const size_t mem_size = VMM_MIN_MEM;
	struct kvm_userspace_memory_region region = { .memory_size = mem_size };
	struct kvm_sregs s;
	struct kvm_regs regs = { .rip = VMM_CODE_BASE, .rflags = 0x3002 }; /* IOPL=3 */
	struct kvm_run *run = MAP_FAILED;
	int kvm = -1, vm = -1, vcpu = -1, r = -EIO, size;
	uint8_t *mem = MAP_FAILED;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0 || (vm = ioctl(kvm, KVM_CREATE_VM, 0)) < 0)
		goto out;
	mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
		   0);
	if (mem == MAP_FAILED)
		goto out;
	/* PML4 at 0x1000 -> PDPT at 0x2000 -> PD at 0x3000 -> one 2 MiB page at 0 (P, RW, US; PS) */
	memcpy(mem + 0x1000, &(uint64_t){ 0x2000 | 0x7 }, 8);
	memcpy(mem + 0x2000, &(uint64_t){ 0x3000 | 0x7 }, 8);
	memcpy(mem + 0x3000, &(uint64_t){ 0x87 }, 8);
	memcpy(mem + VMM_CODE_BASE, code, sizeof(code));
	region.userspace_addr = (uintptr_t)mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0 ||
	    (vcpu = ioctl(vm, KVM_CREATE_VCPU, 0)) < 0 || (size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0)) <= 0)
		goto out;
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED || ioctl(vcpu, KVM_GET_SREGS, &s) < 0)
		goto out;
	vmm_long_mode_sregs(&s, 3, 0x1000);
	if (ioctl(vcpu, KVM_SET_SREGS, &s) < 0 || ioctl(vcpu, KVM_SET_REGS, &regs) < 0 ||
	    ioctl(vcpu, KVM_RUN, 0) < 0)
		goto out;
	r = run->exit_reason == KVM_EXIT_IO && run->io.port == VMM_PORT_DONE ? 0 : -EPROTO;
	if (r < 0)
		snprintf(br->why, sizeof(br->why), "raw lifecycle: exit %s",
			 vmm_exit_reason_name(run->exit_reason));
out:
	if (r == -EIO)
		snprintf(br->why, sizeof(br->why), "raw lifecycle: %s", strerror(errno));
	if (run != MAP_FAILED)
		munmap(run, (size_t)size);
	if (vcpu >= 0)
		close(vcpu);
	if (mem != MAP_FAILED)
		munmap(mem, mem_size);
	if (vm >= 0)
		close(vm);
	if (kvm >= 0)
		close(kvm);
	return r;
}

static int setup_none(struct bench_run *br)
{
	(void)br;
	return 0;
}

static int sample_lifecycle(struct bench_run *br, int side, double *ns, double *cyc)
{
	uint64_t c0 = tsc_now();
	double t0 = mono_ns();
	int r = 0;

	for (uint64_t i = 0; r == 0 && i < br->ops; i++)
		r = side == 0 ? lifecycle_vmm(br, 1) : lifecycle_raw(br);
	*ns = (mono_ns() - t0) / (double)br->ops;
	*cyc = (double)(tsc_now() - c0) / (double)br->ops;
	return r;
}

/* N VMs alive at once, created in a row, each runs its first instruction, then all go. */
static int sample_vms(struct bench_run *br, int side, double *ns, double *cyc)
{
	struct vmm vms[8];
	size_t n = br->ops < ARRAY_SIZE(vms) ? (size_t)br->ops : ARRAY_SIZE(vms), made = 0;
	uint64_t c0 = tsc_now();
	double t0 = mono_ns();
	int r = 0;

	(void)side;
	for (; made < n; made++) {
		r = vmm_create(&vms[made], NULL);
		if (r < 0) {
			snprintf(br->why, sizeof(br->why), "VM %zu of %zu: %s", made + 1, n, strerror(-r));
			break;
		}
		vmm_load_blob(&vms[made]);
		vmm_call(&vms[made], 0, vmm_wl_offset(VMM_WL_NOP), 0, 0, 0);
		if (vmm_run(&vms[made], 0, br->why, sizeof(br->why)) != VMM_EXIT_DONE) {
			r = -EIO;
			made++;
			break;
		}
	}
	for (size_t i = 0; i < made; i++)
		vmm_destroy(&vms[i]);
	*ns = (mono_ns() - t0) / (double)n;
	*cyc = (double)(tsc_now() - c0) / (double)n;
	return r;
}

static int setup_smp(struct bench_run *br)
{
	br->vcpus = bench_vcpus(br);
	return 0;
}

static int sample_smp(struct bench_run *br, int side, double *ns, double *cyc)
{
	uint64_t c0 = tsc_now();
	double t0 = mono_ns();
	int r;

	(void)side;
	r = lifecycle_vmm(br, br->vcpus);
	*ns = mono_ns() - t0;
	*cyc = (double)(tsc_now() - c0);
	return r;
}

static void finish_smp(struct bench_run *br, struct bench_result *r)
{
	snprintf(r->note, sizeof(r->note), "one VM with %u vCPUs, each running its first instruction",
		 br->vcpus);
}

#define KiB(x) ((uint64_t)(x) << 10)
#define MiB(x) ((uint64_t)(x) << 20)
#define MEMBENCH(pg, pgname, size, sname, nops, ext)                                                         \
	{                                                                                                    \
		"memory." pgname "." sname,                                                                  \
			"pointer chase over " sname " with " pgname " pages (guest and host)", BENCH_PAIRED, \
			"guest", "native", "load", ext, 3, pg, nops, size, setup_memory, sample_chase, NULL, \
			false, 0                                                                             \
	}

const struct bench_def bench_defs[] = {
	{ "cpu.int", "integer multiply/add/shift/xor chain", BENCH_PAIRED, "guest", "native", "iteration",
	  false, 3, 2048, 3000000, 0, setup_cpu, sample_int, NULL, false, 0 },
	{ "cpu.fp", "double-precision multiply/add/divide chain", BENCH_PAIRED, "guest", "native",
	  "iteration", false, 3, 2048, 1000000, 0, setup_cpu, sample_fp, NULL, false, 0 },
	{ "cpu.smp", "the integer chain on N vCPUs at once (--vcpus) vs N native threads", BENCH_PAIRED,
	  "guest", "native", "iteration", false, 3, 2048, 2000000, 0, setup_cpu_smp, sample_cpu_smp,
	  finish_cpu_smp, false, 0 },
	/* L1, L2, L3 with the TLBs' reach of 4 KiB pages exceeded, DRAM, and DRAM at scale */
	MEMBENCH(2048, "2m", KiB(16), "16KiB", 1000000, false),
	MEMBENCH(2048, "2m", KiB(256), "256KiB", 1000000, false),
	MEMBENCH(2048, "2m", MiB(8), "8MiB", 300000, false),
	MEMBENCH(2048, "2m", MiB(64), "64MiB", 200000, false),
	MEMBENCH(2048, "2m", MiB(1024), "1GiB", 100000, true),
	MEMBENCH(4, "4k", KiB(16), "16KiB", 1000000, false),
	MEMBENCH(4, "4k", KiB(256), "256KiB", 1000000, false),
	MEMBENCH(4, "4k", MiB(8), "8MiB", 300000, false),
	MEMBENCH(4, "4k", MiB(64), "64MiB", 200000, false),
	MEMBENCH(4, "4k", MiB(1024), "1GiB", 100000, true),
	{ "first-touch.4k",
	  "first write to fresh memory, 4 KiB pages (EPT/NPT or shadow faults vs host faults)", BENCH_PAIRED,
	  "guest", "native", "page", false, 3, 4, TOUCH_PAGES, TOUCH_PAGES, setup_touch, sample_touch, NULL,
	  false, 512 },
	{ "first-touch.2m", "first write to fresh memory, 2 MiB pages", BENCH_PAIRED, "guest", "native",
	  "page", false, 3, 2048, TOUCH_PAGES, TOUCH_PAGES, setup_touch, sample_touch, NULL, false, 512 },
	{ "exit.pio", "port-I/O exit to userspace and back (this VMM vs a bare KVM_RUN loop)", BENCH_AB,
	  "vmm", "raw KVM_RUN", "exit", false, 3, 0, 300, 0, setup_exit, sample_pio, NULL, false, 0 },
	{ "exit.mmio", "MMIO exit to userspace and back (an emulated device register)", BENCH_SINGLE, "guest",
	  NULL, "exit", false, 3, 0, 300, 0, setup_exit, sample_mmio, NULL, false, 0 },
	{ "exit.ioeventfd",
	  "virtio-style doorbell (ioeventfd, handled in the kernel) vs an emulated register", BENCH_AB,
	  "ioeventfd", "emulated", "write", false, 3, 0, 300, 0, setup_ioeventfd, sample_ioeventfd,
	  finish_ioeventfd, false, 0 },
	{ "exit.cpuid", "CPUID: an exit handled in the kernel (where it exits)", BENCH_PAIRED, "guest",
	  "native", "CPUID", false, 3, 0, 500, 0, setup_exit, sample_cpuid, finish_cpuid, false, 0 },
	{ "exit.hlt", "HLT exit to userspace (CPL0: on kvm_pvm this code is emulated)", BENCH_SINGLE, "guest",
	  NULL, "exit", false, 0, 0, 300, 0, setup_exit, sample_hlt, NULL, false, 0 },
	{ "lifecycle",
	  "create VM, memory, vCPU; run the first instruction; tear down (this VMM vs bare ioctls)", BENCH_AB,
	  "vmm", "raw ioctls", "VM", false, 3, 0, 1, 0, setup_none, sample_lifecycle, NULL, false, 0 },
	{ "lifecycle.vms", "8 VMs created in a row, each runs its first instruction, then all torn down",
	  BENCH_SINGLE, "vmm", NULL, "VM", false, 3, 0, 8, 0, setup_none, sample_vms, NULL, true, 0 },
	{ "lifecycle.smp", "one VM with N vCPUs (--vcpus), each runs its first instruction", BENCH_SINGLE,
	  "vmm", NULL, "VM", false, 3, 0, 1, 0, setup_smp, sample_smp, finish_smp, true, 0 },
};
const size_t bench_ndefs = ARRAY_SIZE(bench_defs);

bool bench_selects(const struct bench_def *d, const char *name)
{
	size_t n = strlen(name);

	if (!strcmp(d->name, name))
		return true;
	if (!strncmp(d->name, name, n) && d->name[n] == '.')
		return true;
	return false;
}

void bench_opts_default(struct bench_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->seconds = 0;
	o->budget = 12;
	o->precision = 0.02;
	o->sample_ms = 1;
	o->min_pairs = VC_INTERVAL_MIN_N;
	o->max_pairs = 4000;
	o->warmup = 2;
	o->repetitions = 3;
	o->intervals = true;
	o->scale = 1.0;
	o->cpu = -1;
	o->isolate = true;
}

/* ---- the machine around the run ---- */

/* busy and steal ticks of cpu N (or of all, N < 0) from /proc/stat */
static int cpu_ticks(int cpu, unsigned long long *busy, unsigned long long *idle, unsigned long long *steal)
{
	_cleanup_(fclosep) FILE *f = fopen("/proc/stat", "re");
	char line[512], want[32];

	if (!f)
		return neg_errno();
	snprintf(want, sizeof(want), cpu < 0 ? "cpu " : "cpu%d ", cpu);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long v[8] = { 0 };

		if (strncmp(line, want, strlen(want)) != 0)
			continue;
		if (sscanf(line + strlen(want), "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
			   &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) < 8)
			return -EPROTO;
		*busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
		*idle = v[3] + v[4];
		*steal = v[7];
		return 0;
	}
	return -ENOENT;
}

static double steal_ms(int cpu)
{
	unsigned long long busy = 0, idle = 0, steal = 0;
	long hz = sysconf(_SC_CLK_TCK);

	if (cpu_ticks(cpu, &busy, &idle, &steal) < 0 || hz <= 0)
		return NAN;
	return (double)steal * 1000 / (double)hz;
}

/* The quietest CPU this thread may run on: the least busy over 100 ms. */
static int quietest_cpu(double *load)
{
	unsigned long long b0[VMM_MAX_CPUS_SCAN], i0[VMM_MAX_CPUS_SCAN], st;
	cpu_set_t allowed;
	int best = -1;
	double best_load = 2;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) < 0)
		return -1;
	for (int c = 0; c < VMM_MAX_CPUS_SCAN; c++)
		if (!CPU_ISSET(c, &allowed) || cpu_ticks(c, &b0[c], &i0[c], &st) < 0)
			b0[c] = i0[c] = ~0ull;
	usleep(100000);
	for (int c = 0; c < VMM_MAX_CPUS_SCAN; c++) {
		unsigned long long b1, i1;
		double l;

		if (b0[c] == ~0ull || cpu_ticks(c, &b1, &i1, &st) < 0 || b1 + i1 <= b0[c] + i0[c])
			continue;
		l = (double)(b1 - b0[c]) / (double)(b1 + i1 - b0[c] - i0[c]);
		if (l < best_load) {
			best_load = l;
			best = c;
		}
	}
	*load = best >= 0 ? best_load : NAN;
	return best;
}

static void read_sys_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "re");

	out[0] = '\0';
	if (!f)
		return;
	if (!fgets(out, (int)len, f))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

static void tsc_flags(struct bench_env *env)
{
	_cleanup_(fclosep) FILE *f = fopen("/proc/cpuinfo", "re");
	_cleanup_(freep) char *line = NULL;
	size_t cap = 0;

	while (f && getline(&line, &cap, f) > 0)
		if (!strncmp(line, "flags", 5)) {
			env->constant_tsc = strstr(line, " constant_tsc") != NULL;
			env->nonstop_tsc = strstr(line, " nonstop_tsc") != NULL;
			break;
		}
}

/* the TSC rate against CLOCK_MONOTONIC over 20 ms */
static double tsc_calibrate(void)
{
	double t0 = mono_ns(), t1;
	uint64_t c0 = tsc_now(), c1;

	do
		t1 = mono_ns();
	while (t1 - t0 < 20e6);
	c1 = tsc_now();
	return (double)(c1 - c0) / (t1 - t0);
}

int bench_begin(const struct bench_opts *o, struct bench_env *env)
{
	cpu_set_t set;
	char path[128];
	int cpu = o->cpu;

	memset(env, 0, sizeof(*env));
	env->cpu_load = NAN;
	if (cpu < 0) {
		cpu = quietest_cpu(&env->cpu_load);
		env->cpu_chosen = cpu >= 0;
	}
	if (cpu < 0)
		cpu = sched_getcpu();
	if (cpu < 0)
		cpu = 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		return neg_errno();
	env->cpu = cpu;
	/* twice: a rate that moved (frequency change, migration, a preempted calibration) is said */
	env->tsc_ghz = tsc_calibrate();
	env->tsc_ghz2 = tsc_calibrate();
	env->tsc_valid = env->tsc_ghz > 0 && fabs(env->tsc_ghz2 / env->tsc_ghz - 1) < 0.005;
	tsc_flags(env);
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor", cpu);
	read_sys_line(path, env->governor, sizeof(env->governor));
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/topology/thread_siblings_list", cpu);
	read_sys_line(path, env->smt_siblings, sizeof(env->smt_siblings));
	return env->tsc_ghz > 0 ? 0 : -EIO;
}

/* AnonHugePages (KiB) of the mapping that holds addr, from /proc/self/smaps; -1 when not found */
static long long thp_kib(const void *addr)
{
	_cleanup_(fclosep) FILE *f = fopen("/proc/self/smaps", "re");
	char line[512];
	bool in = false;

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi, kib;

		if (sscanf(line, "%llx-%llx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			in = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
		else if (in && sscanf(line, "AnonHugePages: %llu kB", &kib) == 1)
			return (long long)kib;
	}
	return -1;
}

static long involuntary_switches(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_nivcsw : 0;
}

/* The time this thread has waited on a run queue, in ns (/proc/thread-self/schedstat's second
 * field; -1 without schedstats): how long a preemption kept it off the CPU. */
static long long run_delay_ns(int fd)
{
	char buf[96];
	unsigned long long run, wait;
	ssize_t n = fd >= 0 ? pread(fd, buf, sizeof(buf) - 1, 0) : -1;

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return sscanf(buf, "%llu %llu", &run, &wait) == 2 ? (long long)wait : -1;
}

/* A preempted sample kept (most samples are preempted here) loses the time its thread waited off
 * the CPU, spread over its ops: a tick's wait (4 ms at HZ=250) otherwise doubles or triples a 2 ms
 * sample, and the median jumps between the two modes from pass to pass. */
static void unwait(double *ns, double *cyc, long long waited, uint64_t ops, double tsc_ghz)
{
	double per_op = (double)waited / (double)(ops ? ops : 1);

	if (waited <= 0 || !(*ns - per_op > 0))
		return;
	*ns -= per_op;
	if (tsc_ghz > 0 && *cyc - per_op * tsc_ghz > 0)
		*cyc -= per_op * tsc_ghz;
}

void bench_result_free(struct bench_result *r)
{
	free(r->a_ns);
	free(r->b_ns);
	free(r->a_cyc);
	free(r->b_cyc);
	r->a_ns = r->b_ns = r->a_cyc = r->b_cyc = NULL;
}

/* ---- analysis ---- */

/* the series an interval is about: per-pair a/b for two-sided kinds, a itself for one-sided */
static double *series(const struct bench_result *r, size_t from, size_t to)
{
	double *v = xmalloc((to > from ? to - from : 1) * sizeof(*v));

	for (size_t i = from; i < to; i++)
		v[i - from] = r->def && r->def->kind != BENCH_SINGLE ? r->a_ns[i] / r->b_ns[i] : r->a_ns[i];
	return v;
}

double bench_half_width(const struct bench_result *r)
{
	bool two = r->def && r->def->kind != BENCH_SINGLE;
	double m = two ? r->ratio : r->a.median, lo = two ? r->ratio_lo : r->a_lo,
	       hi = two ? r->ratio_hi : r->a_hi;

	return isnan(lo) || !(m > 0) ? NAN : vc_fmax(hi - m, m - lo) / m;
}

void bench_analyze_opts(struct bench_result *r, const struct bench_opts *o)
{
	struct bench_opts def;
	_cleanup_(freep) double *v = NULL;
	struct vc_interval in = { .est = NAN, .lo = NAN, .hi = NAN };
	bool two = r->def && r->def->kind != BENCH_SINGLE;
	double est[BENCH_MAX_REPS];
	size_t nest = 0;
	int ret = -ENODATA;

	if (!o) {
		bench_opts_default(&def);
		o = &def;
	}
	vc_summarize(r->a_ns, r->n, &r->a);
	r->a_cycles = vc_median(r->a_cyc, r->n);
	r->ratio = r->ratio_lo = r->ratio_hi = r->a_lo = r->a_hi = NAN;
	r->b_cycles = NAN;
	r->blocks = 0;
	r->intervals = o->intervals;
	vc_summarize(NULL, 0, &r->b);
	if (two && r->n) {
		vc_summarize(r->b_ns, r->n, &r->b);
		r->b_cycles = vc_median(r->b_cyc, r->n);
	}
	if (!r->n) {
		r->precision = o->intervals ? BENCH_PREC_INSUFFICIENT : BENCH_PREC_NONE;
		r->noisy = o->intervals;
		return;
	}
	v = series(r, 0, r->n);
	for (unsigned i = 0; i < r->reps && i < BENCH_MAX_REPS; i++)
		if (r->rep_est[i] > 0) /* a repetition cut short by the budget has none */
			est[nest++] = r->rep_est[i];
	if (o->intervals)
		ret = vc_fold_repetitions(v, r->n, est, nest > 1 ? nest : 0, 0.95, &in);
	else
		in.est = vc_median(v, r->n);
	if (two) {
		r->ratio = in.est;
		r->ratio_lo = in.lo;
		r->ratio_hi = in.hi;
		if (o->intervals) {
			struct vc_interval a;

			if (vc_series_interval(r->a_ns, r->n, 0.95, &a) == 0) {
				r->a_lo = a.lo;
				r->a_hi = a.hi;
			}
		}
	} else {
		r->a_lo = in.lo;
		r->a_hi = in.hi;
	}
	r->blocks = in.blocks;
	if (!o->intervals) {
		r->precision = BENCH_PREC_NONE;
		r->noisy = false;
	} else if (ret < 0) {
		r->precision = BENCH_PREC_INSUFFICIENT;
		r->noisy = true;
	} else {
		r->noisy = !(bench_half_width(r) <= o->precision);
		r->precision = r->noisy ? BENCH_PREC_UNDECIDED : BENCH_PREC_MET;
	}
}

void bench_analyze(struct bench_result *r)
{
	bench_analyze_opts(r, NULL);
}

/* the estimate of the repetition that began at rep_start, alone */
static void close_repetition(struct bench_result *r)
{
	_cleanup_(freep) double *v = NULL;

	if (!r->reps || r->n <= r->rep_start)
		return;
	v = series(r, r->rep_start, r->n);
	r->rep_est[r->reps - 1] = vc_median(v, r->n - r->rep_start);
}

static bool precise_enough(struct bench_result *r, const struct bench_opts *o)
{
	_cleanup_(freep) double *v = NULL;
	struct vc_interval in;

	/* every repetition takes its own fewest samples: its estimate joins the interval */
	if (!o->intervals || r->n - r->rep_start < o->min_pairs || r->n % 4)
		return false;
	v = series(r, 0, r->n);
	if (vc_series_interval(v, r->n, 0.95, &in) < 0 || !(in.est > 0))
		return false;
	return vc_fmax(in.hi - in.est, in.est - in.lo) / in.est <= o->precision;
}

static int stats_snapshot(struct bench_run *br, const struct vmm_stats *st, const int *idx, uint64_t *out)
{
	_cleanup_(freep) uint64_t *vals = xcalloc(st->n ? st->n : 1, sizeof(*vals));
	int r = vmm_stats_read(st, br->vm.vcpu[0].stats_fd, vals);

	if (r < 0)
		return r;
	for (int i = 0; i < _BSTAT_MAX; i++)
		out[i] = idx[i] >= 0 ? vals[idx[i]] : 0;
	return 0;
}

static void grow(struct bench_result *r, size_t want)
{
	if (want <= r->cap)
		return;
	r->a_ns = xrealloc(r->a_ns, want * sizeof(double));
	r->b_ns = xrealloc(r->b_ns, want * sizeof(double));
	r->a_cyc = xrealloc(r->a_cyc, want * sizeof(double));
	r->b_cyc = xrealloc(r->b_cyc, want * sizeof(double));
	r->cap = want;
}

/* ops per sample so that one sample (the slower side) takes about o->sample_ms */
static uint64_t sized_ops(const struct bench_def *d, const struct bench_opts *o, uint64_t ops, double ns)
{
	uint64_t q = d->quantum ? d->quantum : 1;
	double want = (double)ops * o->sample_ms * 1e6 / ns;

	if (!(ns > 0) || d->unscaled)
		return ops;
	want = vc_fmin(want, (double)ops * 8);
	ops = (uint64_t)(want / (double)q + 0.5) * q;
	return ops < q ? q : ops;
}

double bench_clock(const struct bench_opts *o)
{
	return o->clock ? o->clock(o->clock_ud) : mono_ns() / 1e9;
}

/* Whether work of this many seconds, started now, would end after the deadline. */
static bool past_deadline(const struct bench_opts *o, double seconds)
{
	return o->deadline > 0 && bench_clock(o) + seconds > o->deadline;
}

/* The bytes a 2 MiB case's data spans (what THP must back), 0 for other cases. */
static uint64_t thp_need(const struct bench_def *d, uint64_t ops)
{
	if (d->pages != 2048 || !d->arg)
		return 0;
	return d->sample == sample_touch ? ops * 4096 : d->arg;
}

/* Whether THP backs a 2 MiB case's data on both sides, from /proc/self/smaps: AnonHugePages of each
 * side's data mapping covers the data rounded up to whole huge pages. */
static void judge_thp(struct bench_run *br, struct bench_result *r)
{
	const uint64_t huge = 2u << 20;
	uint64_t need = thp_need(br->def, br->ops);
	int backed;

	if (!br->native_map)
		return;
	r->thp_native_kib = thp_kib(br->native);
	r->thp_guest_kib = br->have_vm ? thp_kib(br->vm.mem + VMM_DATA_BASE) : -1;
	if (!need)
		return;
	r->thp_need_kib = (long long)((need + huge - 1) / huge * huge / 1024);
	backed = r->thp_native_kib >= r->thp_need_kib && r->thp_guest_kib >= r->thp_need_kib;
	/* every pass must have been backed */
	r->thp_backed = r->thp_backed < 0 ? backed : r->thp_backed && backed;
}

/* One pass: set up, warm up (sizing the samples on the first), then samples until precise, out of
 * time or full. With a deadline (o->deadline), no pass starts that its last setup and teardown
 * would carry past it, and no sample starts that the last one's duration would. */
static int run_pass(const struct bench_def *d, const struct bench_opts *o, const struct bench_env *env,
		    struct bench_result *r, double seconds, bool size)
{
	struct bench_run br = { .def = d, .opts = o, .env = env, .efd = -1, .ops = r->ops };
	struct vmm_stats st = { 0 };
	struct vmm_watchdog wd = { 0 };
	int idx[_BSTAT_MAX] = { 0 };
	uint64_t before[_BSTAT_MAX], after[_BSTAT_MAX], runs = 0;
	unsigned sides = d->kind == BENCH_SINGLE ? 1 : 2;
	size_t cap = o->max_pairs ? o->max_pairs : 1;
	double start, steal0 = steal_ms(env->cpu), pass0 = bench_clock(o), pair = 0, t_measured = -1,
		      t_done = -1;
	bool have_stats = false;
	int ret, sched = -1;

	if (past_deadline(o, r->overhead_s > 0 ? r->overhead_s : o->first_overhead)) {
		r->budget_cut = true;
		return 0;
	}
	sched = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
	ret = d->setup(&br);
	if (ret < 0)
		goto out;
	if (br.have_vm && vmm_open_stats(&br.vm) == 0 && vmm_stats_open(&st, br.vm.vcpu[0].stats_fd) == 0) {
		for (int i = 0; i < _BSTAT_MAX; i++)
			idx[i] = vmm_stats_find(&st, bench_stat_names[i]);
		have_stats = true;
	}
	ret = vmm_watchdog_arm(&wd, WATCHDOG_MS);
	if (ret < 0) {
		snprintf(br.why, sizeof(br.why), "arming the watchdog: %s", strerror(-ret));
		goto out;
	}
	for (unsigned w = 0; w < o->warmup; w++) {
		double slowest = 0;

		if (past_deadline(o, pair)) {
			r->budget_cut = true;
			goto measured;
		}
		for (unsigned s = 0; s < sides; s++) {
			double ns, cyc, t0 = bench_clock(o);

			ret = d->sample(&br, (int)s, &ns, &cyc);
			if (ret < 0)
				goto out;
			slowest = vc_fmax(slowest, (bench_clock(o) - t0) * 1e9);
		}
		pair = slowest * sides / 1e9;
		if (size && w == 0 && o->warmup > 1)
			br.ops = r->ops = sized_ops(d, o, br.ops, slowest);
	}
	if (have_stats && stats_snapshot(&br, &st, idx, before) < 0)
		have_stats = false;
	/* the time cap counts the samples: a large working set's setup must not eat them all */
	start = t_measured = bench_clock(o);
	grow(r, r->n + 64 < cap ? r->n + 64 : cap);
	while (r->n < cap) {
		double elapsed = bench_clock(o) - start, t_pair;
		long long waited[2] = { -1, -1 };
		long sw0;

		/* the hard cap: a pair that would end past the deadline does not start (the last
		 * pair's time, and this pass's teardown as the last one took, are its estimate) */
		if (past_deadline(o, pair + r->teardown_s)) {
			r->budget_cut = true;
			break;
		}
		/* the budget wins; at most thrice it to reach the fewest samples an interval needs */
		if (elapsed >= seconds &&
		    (r->n - r->rep_start >= o->min_pairs || (seconds > 0 && elapsed >= 3 * seconds)))
			break;
		if (precise_enough(r, o))
			break;
		grow(r, r->n + 1 + r->n / 2 < cap ? r->n + 1 + r->n / 2 : cap);
		sw0 = involuntary_switches();
		t_pair = bench_clock(o);
		/* alternate which side goes first, so neither always runs on a warmer cache */
		for (unsigned k = 0; k < sides; k++) {
			unsigned s = sides == 2 && (r->n & 1) ? 1 - k : k;
			long long w0 = run_delay_ns(sched);

			ret = d->sample(&br, (int)s, s == 0 ? &r->a_ns[r->n] : &r->b_ns[r->n],
					s == 0 ? &r->a_cyc[r->n] : &r->b_cyc[r->n]);
			if (ret < 0)
				goto out;
			waited[s] = w0 < 0 ? -1 : run_delay_ns(sched) - w0;
		}
		runs++;
		pair = bench_clock(o) - t_pair;
		/* switched out during the pair: dropped, unless that is what most samples are; then
		 * kept without the time spent waiting off the CPU */
		if (involuntary_switches() != sw0 && o->intervals && r->preempted < r->n + 10) {
			r->preempted++;
		} else {
			unwait(&r->a_ns[r->n], &r->a_cyc[r->n], waited[0], br.ops, env->tsc_ghz);
			if (sides == 2)
				unwait(&r->b_ns[r->n], &r->b_cyc[r->n], waited[1], br.ops, env->tsc_ghz);
			r->n++;
		}
		if (r->published) /* the samples first, then their count (run_pass_forked) */
			__atomic_store_n(r->published, r->n, __ATOMIC_RELEASE);
		/* the watchdog bounds one sample, not the whole benchmark */
		vmm_watchdog_disarm(&wd);
		ret = vmm_watchdog_arm(&wd, WATCHDOG_MS);
		if (ret < 0)
			goto out;
		if (o->progress) {
			double f = vc_fmax((double)r->n / o->min_pairs, seconds > 0 ? elapsed / seconds : 1);

			o->progress(o->ud, d, f > 1 ? 1 : f);
		}
	}
measured:
	t_done = bench_clock(o);
	if (t_measured < 0)
		t_measured = t_done;
	if (have_stats && runs && stats_snapshot(&br, &st, idx, after) == 0) {
		for (int i = 0; i < _BSTAT_MAX; i++)
			r->stats[i] += after[i] - before[i];
		r->guest_ops += runs * br.ops * (d->kind == BENCH_AB ? 2 : 1);
		r->have_stats = true;
	}
	judge_thp(&br, r);
	ret = 0;
out:
	vmm_watchdog_disarm(&wd);
	if (ret < 0) {
		r->status = ret;
		snprintf(r->why, sizeof(r->why), "%s", br.why[0] ? br.why : strerror(-ret));
	}
	if (d->finish)
		d->finish(&br, r);
	r->steal_ms += steal_ms(env->cpu) - steal0;
	if (sched >= 0)
		close(sched);
	vmm_stats_free(&st);
	if (br.efd >= 0)
		close(br.efd);
	if (br.native_map)
		munmap(br.native_map, br.native_map_size);
	if (br.have_vm)
		vmm_destroy(&br.vm);
	/* what a pass costs besides its samples, for the deadline: setup and warm-up, teardown */
	r->t_done = t_done;
	if (t_done >= 0) {
		r->teardown_s = vc_fmax(r->teardown_s, bench_clock(o) - t_done);
		r->overhead_s = vc_fmax(r->overhead_s, (t_measured - pass0) + r->teardown_s);
	}
	return ret;
}

/*
 * A pass in a process of its own (o->isolate). The state a process runs in differs from process to
 * process and holds for its whole life: on a nested kvm_pvm host exit.ioeventfd's ratio lies anywhere
 * in 0.13-0.21 from one process to the next while the repetitions inside one agree within 0.5%.
 * Samples of one process only are a single draw of that state, and two runs compared would differ
 * by more than their intervals allow. A forked child per pass makes every repetition a fresh draw,
 * so the spread between repetitions (folded into the interval) holds the spread between runs. The
 * child writes its result and samples into shared memory; a child that dies fails the benchmark.
 */
struct pass_shm {
	struct bench_result r; /* the child's result when it ends by itself */
	size_t published;      /* samples complete in the arrays (written last, atomically) */
	double v[];	       /* a_ns, b_ns, a_cyc, b_cyc: cap each, from sample 0 */
};

/* Killed passes' processes still freeing their memory when the deadline came: reaped later
 * (bench_reap), outside the time measured. */
static pid_t ending[64];
static size_t nending;

void bench_reap(void)
{
	for (size_t i = 0; i < nending; i++)
		while (waitpid(ending[i], NULL, 0) < 0 && errno == EINTR)
			;
	nending = 0;
}

/* Waits for the pass's process; at the deadline (less what its end takes) it is killed, and the
 * samples it published are kept. A killed process's end (freeing its VM and memory: 5-23 ms seen
 * here) is waited for only up to the deadline; past it, the process is left to bench_reap, so a
 * kill costs the run no more than the deadline. Returns whether it was killed. */
static bool wait_pass(pid_t pid, const struct bench_opts *o, const struct bench_result *r, int *status,
		      double *t_kill)
{
	bool killed = false;
#ifdef SYS_pidfd_open
	int pfd = o->deadline > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
#else
	int pfd = -1; /* no pidfd: the child stops by itself before the deadline */
#endif

	if (pfd >= 0) {
		struct pollfd p = { .fd = pfd, .events = POLLIN };
		double left = o->deadline - bench_clock(o) - vc_fmax(r->teardown_s, o->teardown_guess);
		int ms = left > 0 ? (int)(left * 1000) : 0;

		if (poll(&p, 1, ms) == 0) {
			kill(pid, SIGKILL);
			*t_kill = bench_clock(o);
			killed = true;
			left = o->deadline - *t_kill;
			ms = left > 0 ? (int)vc_ceil(left * 1000) : 0;
			if (poll(&p, 1, ms) == 0 && nending < ARRAY_SIZE(ending)) {
				close(pfd);
				ending[nending++] = pid;
				return true;
			}
		}
		close(pfd);
	}
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return killed;
}

/*
 * A pass in a process of its own (o->isolate). The state a process runs in can differ from process
 * to process and hold for its whole life (memory placement, what was sized in its warm-up); samples
 * of one process are a single draw of it. A forked child per pass makes every repetition a fresh
 * draw, so the spread between repetitions (folded into the interval) holds the spread between runs.
 * The child writes its samples straight into shared memory and publishes their count after each
 * pair; at the deadline it is killed and what it published is kept, so the budget is a hard cap even
 * when a setup takes longer than it did before. A child that dies otherwise fails the benchmark.
 */
static int run_pass_forked(const struct bench_def *d, const struct bench_opts *o, const struct bench_env *env,
			   struct bench_result *r, double seconds, bool size)
{
	size_t cap = o->max_pairs ? o->max_pairs : 1, n0 = r->n, bytes, n;
	struct pass_shm *sh;
	struct bench_result keep;
	double t_fork, t_back, t_kill = 0;
	int status = 0;
	bool killed;
	pid_t pid;

	if (cap < n0)
		cap = n0;
	bytes = sizeof(*sh) + 4 * cap * sizeof(double);
	sh = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return run_pass(d, o, env, r, seconds, size);
	memcpy(sh->v, r->a_ns, n0 * sizeof(double));
	memcpy(sh->v + cap, r->b_ns, n0 * sizeof(double));
	memcpy(sh->v + 2 * cap, r->a_cyc, n0 * sizeof(double));
	memcpy(sh->v + 3 * cap, r->b_cyc, n0 * sizeof(double));
	sh->published = n0;
	fflush(NULL);
	t_fork = bench_clock(o);
	pid = fork();
	if (pid < 0) {
		munmap(sh, bytes);
		return run_pass(d, o, env, r, seconds, size);
	}
	if (pid == 0) {
		/* the samples so far are in sh: the child's copies of the heap arrays go (valgrind
		 * counts a forked child's unreachable blocks as its leaks) */
		free(r->a_ns);
		free(r->b_ns);
		free(r->a_cyc);
		free(r->b_cyc);
		r->a_ns = sh->v;
		r->b_ns = sh->v + cap;
		r->a_cyc = sh->v + 2 * cap;
		r->b_cyc = sh->v + 3 * cap;
		r->cap = cap; /* never grown: run_pass stops at max_pairs */
		r->published = &sh->published;
		run_pass(d, o, env, r, seconds, size);
		sh->r = *r;
		_exit(0);
	}
	killed = wait_pass(pid, o, r, &status, &t_kill);
	t_back = bench_clock(o);
	keep = *r;
	if (killed) {
		n = __atomic_load_n(&sh->published, __ATOMIC_ACQUIRE);
		r->budget_cut = true;
		r->teardown_s = vc_fmax(r->teardown_s, t_back - t_kill); /* a killed process's end */
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		munmap(sh, bytes);
		r->status = -ECHILD;
		snprintf(r->why, sizeof(r->why), "the pass's process ended with %s %d",
			 WIFSIGNALED(status) ? "signal" : "status",
			 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		return r->status;
	} else {
		*r = sh->r;
		n = r->n;
		/* the process's own end (its memory, its VM) is teardown too, for the deadline */
		if (r->t_done >= 0) {
			r->teardown_s = vc_fmax(r->teardown_s, t_back - r->t_done);
			r->overhead_s =
				vc_fmax(r->overhead_s, r->overhead_s - keep.teardown_s + r->teardown_s);
		} else {
			r->overhead_s = vc_fmax(r->overhead_s, t_back - t_fork);
		}
	}
	r->def = keep.def;
	r->a_ns = keep.a_ns;
	r->b_ns = keep.b_ns;
	r->a_cyc = keep.a_cyc;
	r->b_cyc = keep.b_cyc;
	r->cap = keep.cap;
	r->published = NULL;
	r->n = n < n0 || n > cap ? n0 : n;
	grow(r, r->n);
	for (size_t i = n0; i < r->n; i++) {
		r->a_ns[i] = sh->v[i];
		r->b_ns[i] = sh->v[cap + i];
		r->a_cyc[i] = sh->v[2 * cap + i];
		r->b_cyc[i] = sh->v[3 * cap + i];
	}
	munmap(sh, bytes);
	return r->status;
}

static int pass(const struct bench_def *d, const struct bench_opts *o, const struct bench_env *env,
		struct bench_result *r, double seconds, bool size)
{
	bench_reap(); /* a killed pass's end, if a run goes on after its deadline */
	/* a pass that would end past the deadline does not start (nor fork) */
	if (past_deadline(o, r->overhead_s > 0 ? r->overhead_s : o->first_overhead)) {
		r->budget_cut = true;
		return 0;
	}
	return o->isolate ? run_pass_forked(d, o, env, r, seconds, size)
			  : run_pass(d, o, env, r, seconds, size);
}

int bench_extend(const struct bench_def *d, const struct bench_opts *o, const struct bench_env *env,
		 struct bench_result *r, double seconds, bool new_rep)
{
	double start = bench_clock(o);

	if (r->status < 0)
		return r->status;
	if (new_rep && r->reps < BENCH_MAX_REPS) {
		close_repetition(r);
		r->reps++;
		r->rep_start = r->n;
		r->rep_est[r->reps - 1] = NAN;
	}
	pass(d, o, env, r, seconds, false);
	close_repetition(r);
	bench_analyze_opts(r, o);
	r->seconds += bench_clock(o) - start;
	return r->status;
}

int bench_run(const struct bench_def *d, const struct bench_opts *o, const struct bench_env *env,
	      struct bench_result *r)
{
	double start = bench_clock(o);
	bool size = o->intervals && o->scale == 1.0;

	memset(r, 0, sizeof(*r));
	r->def = d;
	r->thp_guest_kib = r->thp_native_kib = r->thp_need_kib = -1;
	r->thp_backed = -1;
	r->ops = d->unscaled ? d->ops : (uint64_t)((double)d->ops * o->scale);
	if (d->quantum && !d->unscaled)
		r->ops = (r->ops + d->quantum - 1) / d->quantum * d->quantum;
	if (r->ops < 1)
		r->ops = 1;
	r->reps = 1;
	grow(r, 64);
	pass(d, o, env, r, o->seconds, size);
	close_repetition(r);
	bench_analyze_opts(r, o);
	r->seconds = bench_clock(o) - start;
	return r->status;
}
