/* The micro-VMM core: long mode at CPL3 (IOPL=3) or CPL0, N vCPUs, a watchdog on every KVM_RUN,
 * one exit dispatch, KVM's binary statistics. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/base/util.h"
#include "vmm/vmm.h"

#define PTE_P  (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_PS (1ull << 7)

#define CR0_PE	       (1ull << 0)
#define CR0_MP	       (1ull << 1)
#define CR0_ET	       (1ull << 4)
#define CR0_NE	       (1ull << 5)
#define CR0_WP	       (1ull << 16)
#define CR0_AM	       (1ull << 18)
#define CR0_PG	       (1ull << 31)
#define CR4_PAE	       (1ull << 5)
#define CR4_OSFXSR     (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define EFER_SCE       (1ull << 0)
#define EFER_LME       (1ull << 8)
#define EFER_LMA       (1ull << 10)
#define EFER_NXE       (1ull << 11)
#define RFLAGS_IOPL3   (3ull << 12)

/* the watchdog's view of this thread: the vCPU it runs (see vmm_watchdog_arm) */
static __thread struct kvm_run *volatile wd_run;
static __thread volatile sig_atomic_t wd_fired;

#define PAGE 4096u
#define HUGE (2u << 20)

size_t vmm_page_tables_size(uint64_t small_end)
{
	/* PML4, PDPT, one PD per GiB mapped, one PT per 2 MiB of small pages */
	return (size_t)PAGE * (2 + VMM_MAP_SIZE / (1ull << 30) + (small_end + HUGE - 1) / HUGE);
}

long vmm_build_page_tables(uint8_t *pt, size_t cap, uint64_t pt_gpa, uint64_t small_end)
{
	const uint64_t flags = PTE_P | PTE_RW | PTE_US;
	const size_t npd = VMM_MAP_SIZE / (1ull << 30);
	size_t need = vmm_page_tables_size(small_end), nextpt = 2 + npd;
	uint64_t *pml4 = (uint64_t *)pt, *pdpt = (uint64_t *)(pt + PAGE);

	if (small_end > VMM_MAP_SIZE || need > cap)
		return -E2BIG;
	memset(pt, 0, need);
	pml4[0] = (pt_gpa + PAGE) | flags;
	for (size_t g = 0; g < npd; g++) {
		uint64_t *pd = (uint64_t *)(pt + (2 + g) * PAGE);

		pdpt[g] = (pt_gpa + (2 + g) * PAGE) | flags;
		for (size_t i = 0; i < 512; i++) {
			uint64_t va = ((uint64_t)g << 30) | ((uint64_t)i << 21);

			if (va < small_end) {
				uint64_t *ptp = (uint64_t *)(pt + nextpt * PAGE);

				pd[i] = (pt_gpa + nextpt * PAGE) | flags;
				for (size_t j = 0; j < 512; j++)
					ptp[j] = (va + ((uint64_t)j << 12)) | flags;
				nextpt++;
			} else {
				pd[i] = va | flags | PTE_PS;
			}
		}
	}
	return (long)need;
}

const char *vmm_exit_reason_name(uint32_t reason)
{
	static const struct {
		uint32_t r;
		const char *name;
	} names[] = {
		{ KVM_EXIT_UNKNOWN, "UNKNOWN" },
		{ KVM_EXIT_EXCEPTION, "EXCEPTION" },
		{ KVM_EXIT_IO, "IO" },
		{ KVM_EXIT_HYPERCALL, "HYPERCALL" },
		{ KVM_EXIT_DEBUG, "DEBUG" },
		{ KVM_EXIT_HLT, "HLT" },
		{ KVM_EXIT_MMIO, "MMIO" },
		{ KVM_EXIT_SHUTDOWN, "SHUTDOWN" },
		{ KVM_EXIT_FAIL_ENTRY, "FAIL_ENTRY" },
		{ KVM_EXIT_INTR, "INTR" },
		{ KVM_EXIT_INTERNAL_ERROR, "INTERNAL_ERROR" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].r == reason)
			return names[i].name;
	return "OTHER";
}

enum vmm_exit vmm_dispatch(const struct kvm_run *run)
{
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		return run->io.port == VMM_PORT_DONE ? VMM_EXIT_DONE : VMM_EXIT_IO;
	case KVM_EXIT_MMIO:
		return VMM_EXIT_MMIO;
	case KVM_EXIT_HLT:
		return VMM_EXIT_HLT;
	case KVM_EXIT_INTR:
		return VMM_EXIT_TIMEOUT; /* only our watchdog's signal interrupts a run */
	default:
		return VMM_EXIT_ERROR;
	}
}

static void seg(struct kvm_segment *s, uint16_t sel, uint8_t type, uint8_t dpl, bool code)
{
	memset(s, 0, sizeof(*s));
	s->selector = sel;
	s->limit = 0xffffffff;
	s->type = type;
	s->present = 1;
	s->dpl = dpl;
	s->s = 1;
	s->l = code;   /* 64-bit code */
	s->db = !code; /* data: 32-bit default (ignored in long mode) */
	s->g = 1;
}

/* GDT: null, kernel code/data (DPL0), user data/code (DPL3), then a 64-bit TSS. */
static void gdt_entry(uint64_t *gdt, int i, uint8_t type, uint8_t dpl, bool code)
{
	uint64_t d = 0xffffull | (0xfull << 48);		/* limit */
	d |= (uint64_t)(type | 0x10 | (dpl << 5) | 0x80) << 40; /* type, S, DPL, P */
	d |= (code ? 1ull << 53 : 1ull << 54) | 1ull << 55;	/* L (code) or D/B (data), G */
	gdt[i] = d;
}

static void write_gdt(struct vmm *v)
{
	uint64_t *gdt = (uint64_t *)(v->mem + VMM_GDT_BASE), tss = VMM_GDT_BASE + 0x800;

	memset(gdt, 0, PAGE);
	gdt_entry(gdt, 1, 0xb, 0, true);  /* 0x08 kernel code */
	gdt_entry(gdt, 2, 0x3, 0, false); /* 0x10 kernel data */
	gdt_entry(gdt, 3, 0x3, 3, false); /* 0x1b user data */
	gdt_entry(gdt, 4, 0xb, 3, true);  /* 0x23 user code */
	/* 64-bit TSS at 0x28 (two entries), limit 0x67 */
	gdt[5] = 0x67 | ((tss & 0xffffff) << 16) | (0x89ull << 40) | ((tss >> 24 & 0xff) << 56);
	gdt[6] = tss >> 32;
}

void vmm_long_mode_sregs(struct kvm_sregs *s, unsigned cpl, uint64_t cr3)
{
	bool user = cpl == 3;

	s->cr3 = cr3;
	s->cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
	s->cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG;
	s->efer = EFER_LME | EFER_LMA | EFER_SCE | EFER_NXE;
	s->gdt.base = VMM_GDT_BASE;
	s->gdt.limit = 7 * 8 - 1;
	s->idt.base = 0;
	s->idt.limit = 0;
	seg(&s->cs, user ? 0x23 : 0x08, 0xb, user ? 3 : 0, true);
	seg(&s->ss, user ? 0x1b : 0x10, 0x3, user ? 3 : 0, false);
	s->ds = s->es = s->fs = s->gs = s->ss;
	memset(&s->tr, 0, sizeof(s->tr));
	s->tr.selector = 0x28;
	s->tr.base = VMM_GDT_BASE + 0x800;
	s->tr.limit = 0x67;
	s->tr.type = 0xb; /* busy 64-bit TSS */
	s->tr.present = 1;
}

static int setup_sregs(struct vmm *v, unsigned i)
{
	struct kvm_sregs s;

	if (ioctl(v->vcpu[i].fd, KVM_GET_SREGS, &s) < 0)
		return neg_errno();
	vmm_long_mode_sregs(&s, v->cpl, v->pt_gpa);
	return ioctl(v->vcpu[i].fd, KVM_SET_SREGS, &s) < 0 ? neg_errno() : 0;
}

int vmm_call(struct vmm *v, unsigned i, size_t off, uint64_t a0, uint64_t a1, uint64_t a2)
{
	uint64_t sp = VMM_STACK_TOP - (uint64_t)i * 0x4000 - 16;
	struct kvm_regs r = { 0 };

	if (i >= v->nvcpus || off >= vmm_blob_size())
		return -EINVAL;
	memcpy(v->mem + sp, &(uint64_t){ VMM_CODE_BASE + vmm_wl_offset(VMM_WL_DONE) }, 8);
	r.rip = VMM_CODE_BASE + off;
	r.rsp = sp;
	r.rdi = a0;
	r.rsi = a1;
	r.rdx = a2;
	r.rflags = 2 | RFLAGS_IOPL3; /* IOPL=3: port I/O at CPL3 exits to us instead of faulting */
	return ioctl(v->vcpu[i].fd, KVM_SET_REGS, &r) < 0 ? neg_errno() : 0;
}

int vmm_result(struct vmm *v, unsigned i, uint64_t *rax)
{
	struct kvm_regs r;

	if (i >= v->nvcpus)
		return -EINVAL;
	if (ioctl(v->vcpu[i].fd, KVM_GET_REGS, &r) < 0)
		return neg_errno();
	*rax = r.rax;
	return 0;
}

int vmm_create(struct vmm *v, const struct vmm_config *c)
{
	static const struct vmm_config defaults = { 0 };
	struct kvm_userspace_memory_region region = { 0 };
	uint64_t small;
	size_t head;
	long used;
	int r;

	if (!c)
		c = &defaults;
	memset(v, 0, sizeof(*v));
	v->kvm = v->vm = v->vm_stats_fd = -1;
	for (unsigned i = 0; i < VMM_MAX_VCPUS; i++)
		v->vcpu[i].fd = v->vcpu[i].stats_fd = -1;
	v->mem_size = c->mem_size ? (c->mem_size + HUGE - 1) / HUGE * HUGE : VMM_MIN_MEM;
	v->nvcpus = c->nvcpus ? c->nvcpus : 1;
	v->cpl = c->cpl0 ? 0 : 3;
	if (v->mem_size < VMM_MIN_MEM || v->mem_size > VMM_MAX_MEM || v->nvcpus > VMM_MAX_VCPUS)
		return -EINVAL;

	small = c->pages_4k ? v->mem_size : 0;
	v->pt_size = vmm_page_tables_size(small);
	if (VMM_PT_LOW + v->pt_size <= VMM_GDT_BASE) {
		v->pt_gpa = VMM_PT_LOW;
	} else {
		v->pt_gpa = v->mem_size;
		v->mem_size += (v->pt_size + HUGE - 1) / HUGE * HUGE;
		if (v->mem_size > VMM_MAX_MEM)
			return -EINVAL;
	}

	v->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (v->kvm < 0)
		return neg_errno();
	v->vm = ioctl(v->kvm, KVM_CREATE_VM, 0);
	if (v->vm < 0)
		goto fail;

	/* guest RAM; the memory benchmarks ask for host pages of the guest's page size, so both
	 * dimensions of the page walk use the same one */
	v->mem = mmap(NULL, v->mem_size + HUGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (v->mem == MAP_FAILED) {
		v->mem = NULL;
		goto fail;
	}
	/* aligned to 2 MiB (the slack unmapped), so a guest 2 MiB page can be one host huge page */
	head = (HUGE - (uintptr_t)v->mem % HUGE) % HUGE;
	if (head)
		munmap(v->mem, head);
	if (HUGE - head)
		munmap(v->mem + head + v->mem_size, HUGE - head);
	v->mem += head;
	if (c->pages_4k)
		madvise(v->mem, v->mem_size, MADV_NOHUGEPAGE);
	if (c->host_thp) {
		/* THP for the data only; the code below it stays apart, so /proc/self/smaps shows the
		 * data's own mapping and what backs it (vmm_thp_kib) */
		madvise(v->mem, VMM_DATA_BASE, MADV_NOHUGEPAGE);
		madvise(v->mem + VMM_DATA_BASE, v->mem_size - VMM_DATA_BASE, MADV_HUGEPAGE);
	}
	used = vmm_build_page_tables(v->mem + v->pt_gpa, v->pt_size, v->pt_gpa, small);
	if (used < 0) {
		vmm_destroy(v);
		return (int)used;
	}
	region.memory_size = v->mem_size;
	region.userspace_addr = (uintptr_t)v->mem;
	if (ioctl(v->vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		goto fail;
	write_gdt(v);

	r = ioctl(v->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (r <= 0)
		goto fail;
	v->run_size = (size_t)r;
	for (unsigned i = 0; i < v->nvcpus; i++) {
		struct vmm_vcpu *cpu = &v->vcpu[i];

		cpu->fd = ioctl(v->vm, KVM_CREATE_VCPU, i);
		if (cpu->fd < 0)
			goto fail;
		cpu->run = mmap(NULL, v->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, cpu->fd, 0);
		if (cpu->run == MAP_FAILED) {
			cpu->run = NULL;
			goto fail;
		}
		r = setup_sregs(v, i);
		if (r < 0) {
			vmm_destroy(v);
			return r;
		}
	}
	return 0;
fail:
	r = neg_errno();
	vmm_destroy(v);
	return r;
}

void vmm_destroy(struct vmm *v)
{
	for (unsigned i = 0; i < VMM_MAX_VCPUS; i++) {
		if (v->vcpu[i].run && wd_run == v->vcpu[i].run)
			wd_run = NULL;
		if (v->vcpu[i].run)
			munmap(v->vcpu[i].run, v->run_size);
		if (v->vcpu[i].stats_fd >= 0)
			close(v->vcpu[i].stats_fd);
		if (v->vcpu[i].fd >= 0)
			close(v->vcpu[i].fd);
	}
	if (v->mem)
		munmap(v->mem, v->mem_size);
	if (v->vm_stats_fd >= 0)
		close(v->vm_stats_fd);
	if (v->vm >= 0)
		close(v->vm);
	if (v->kvm >= 0)
		close(v->kvm);
	memset(v, 0, sizeof(*v));
	v->kvm = v->vm = v->vm_stats_fd = -1;
	for (unsigned i = 0; i < VMM_MAX_VCPUS; i++)
		v->vcpu[i].fd = v->vcpu[i].stats_fd = -1;
}

int vmm_open_stats(struct vmm *v)
{
	if (v->vm_stats_fd < 0)
		v->vm_stats_fd = ioctl(v->vm, KVM_GET_STATS_FD, NULL);
	if (v->vm_stats_fd < 0)
		return neg_errno();
	for (unsigned i = 0; i < v->nvcpus; i++) {
		if (v->vcpu[i].stats_fd < 0)
			v->vcpu[i].stats_fd = ioctl(v->vcpu[i].fd, KVM_GET_STATS_FD, NULL);
		if (v->vcpu[i].stats_fd < 0)
			return neg_errno();
	}
	return 0;
}

int vmm_load_blob(struct vmm *v)
{
	size_t len = vmm_blob_size();

	if (len > VMM_STACK_TOP - (size_t)VMM_MAX_VCPUS * 0x4000 - VMM_CODE_BASE)
		return -E2BIG;
	memcpy(v->mem + VMM_CODE_BASE, vmm_blob_start, len);
	return 0;
}

int vmm_load(struct vmm *v, const void *code, size_t len)
{
	int r;

	if (len > VMM_STACK_TOP - (size_t)VMM_MAX_VCPUS * 0x4000 - VMM_CODE_BASE)
		return -E2BIG;
	memcpy(v->mem + VMM_CODE_BASE, code, len);
	r = vmm_call(v, 0, 0, 0, 0, 0);
	return r < 0 ? r : setup_sregs(v, 0);
}

/* The watchdog. The signal handler sets immediate_exit on the run structure of the vCPU its
 * thread is running, so a signal that lands just before KVM_RUN still ends it at once. */

static void on_watchdog(int sig)
{
	struct kvm_run *run = wd_run;

	(void)sig;
	wd_fired = 1;
	if (run)
		run->immediate_exit = 1;
}

static void install_handler(void)
{
	/* no SA_RESTART: the signal must end a wedged KVM_RUN with EINTR */
	struct sigaction sa = { .sa_handler = on_watchdog };

	sigaction(SIGALRM, &sa, NULL);
}

int vmm_watchdog_arm(struct vmm_watchdog *w, unsigned ms)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct sigevent ev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = SIGALRM };
	struct itimerspec t = { .it_value = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 } };

	pthread_once(&once, install_handler);
	ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	wd_fired = 0;
	w->armed = false;
	w->ms = ms;
	if (timer_create(CLOCK_MONOTONIC, &ev, &w->timer) < 0)
		return neg_errno();
	if (timer_settime(w->timer, 0, &t, NULL) < 0) {
		int r = neg_errno();

		timer_delete(w->timer);
		return r;
	}
	w->armed = true;
	return 0;
}

void vmm_watchdog_disarm(struct vmm_watchdog *w)
{
	struct kvm_run *run = wd_run;

	if (w->armed)
		timer_delete(w->timer);
	w->armed = false;
	wd_fired = 0;
	if (run)
		run->immediate_exit = 0;
}

static void describe(struct vmm *v, unsigned i, char *why, size_t whylen)
{
	struct kvm_run *run = v->vcpu[i].run;
	struct kvm_regs regs = { 0 };

	if (!why || !whylen)
		return;
	ioctl(v->vcpu[i].fd, KVM_GET_REGS, &regs);
	if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		snprintf(why, whylen,
			 "exit INTERNAL_ERROR (suberror %u): rip 0x%llx rsp 0x%llx rflags 0x%llx rax 0x%llx",
			 run->internal.suberror, (unsigned long long)regs.rip, (unsigned long long)regs.rsp,
			 (unsigned long long)regs.rflags, (unsigned long long)regs.rax);
	else if (run->exit_reason == KVM_EXIT_FAIL_ENTRY)
		snprintf(why, whylen, "exit FAIL_ENTRY (hardware reason 0x%llx): rip 0x%llx",
			 (unsigned long long)run->fail_entry.hardware_entry_failure_reason,
			 (unsigned long long)regs.rip);
	else
		snprintf(why, whylen, "exit %s (%u): rip 0x%llx rsp 0x%llx rflags 0x%llx rax 0x%llx",
			 vmm_exit_reason_name(run->exit_reason), run->exit_reason,
			 (unsigned long long)regs.rip, (unsigned long long)regs.rsp,
			 (unsigned long long)regs.rflags, (unsigned long long)regs.rax);
}

enum vmm_exit vmm_run(struct vmm *v, unsigned i, char *why, size_t whylen)
{
	struct kvm_run *run = v->vcpu[i].run;
	enum vmm_exit e;

	wd_run = run;
	if (ioctl(v->vcpu[i].fd, KVM_RUN, 0) < 0) {
		if (errno == EINTR && wd_fired) {
			if (why && whylen)
				snprintf(why, whylen, "KVM_RUN ran longer than the watchdog allowed");
			return VMM_EXIT_TIMEOUT;
		}
		if (why && whylen)
			snprintf(why, whylen, "KVM_RUN: %s", strerror(errno));
		return VMM_EXIT_ERROR;
	}
	e = vmm_dispatch(run);
	if (e == VMM_EXIT_ERROR)
		describe(v, i, why, whylen);
	else if (e == VMM_EXIT_TIMEOUT && why && whylen)
		snprintf(why, whylen, "KVM_RUN ran longer than the watchdog allowed");
	return e;
}

enum vmm_exit vmm_run_timed(struct vmm *v, unsigned i, unsigned timeout_ms, char *why, size_t whylen)
{
	struct vmm_watchdog w;
	enum vmm_exit e;
	int r = vmm_watchdog_arm(&w, timeout_ms);

	if (r < 0) {
		if (why && whylen)
			snprintf(why, whylen, "watchdog: %s", strerror(-r));
		return VMM_EXIT_ERROR;
	}
	e = vmm_run(v, i, why, whylen);
	vmm_watchdog_disarm(&w);
	if (e == VMM_EXIT_TIMEOUT && why && whylen)
		snprintf(why, whylen, "KVM_RUN ran longer than %u ms", timeout_ms);
	return e;
}

enum vmm_exit vmm_run_to_done(struct vmm *v, unsigned i, uint64_t *exits, char *why, size_t whylen)
{
	enum vmm_exit e;

	while ((e = vmm_run(v, i, why, whylen)) == VMM_EXIT_IO || e == VMM_EXIT_MMIO || e == VMM_EXIT_HLT)
		if (exits)
			(*exits)++;
	return e;
}
