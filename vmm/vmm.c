/* The micro-VMM core: long mode at CPL3 with IOPL=3, a bounded KVM_RUN, one exit dispatch. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

#include "../lib/util.h"
#include "vmm.h"

#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_PS (1ull << 7)

#define CR0_PE (1ull << 0)
#define CR0_MP (1ull << 1)
#define CR0_ET (1ull << 4)
#define CR0_NE (1ull << 5)
#define CR0_WP (1ull << 16)
#define CR0_AM (1ull << 18)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define EFER_SCE (1ull << 0)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)
#define RFLAGS_IOPL3 (3ull << 12)

int vmm_build_page_tables(uint8_t *pt, uint64_t pt_gpa, size_t size)
{
	uint64_t *pml4 = (uint64_t *)pt, *pdpt = (uint64_t *)(pt + 4096), *pd = (uint64_t *)(pt + 8192);
	const uint64_t flags = PTE_P | PTE_RW | PTE_US;
	size_t pages = (size + (2u << 20) - 1) / (2u << 20);

	/* one PD maps 1 GiB: enough for every workload's working set of this VMM */
	if (!size || pages > 512)
		return -E2BIG;
	memset(pt, 0, (size_t)3 * 4096);
	pml4[0] = (pt_gpa + 4096) | flags;
	pdpt[0] = (pt_gpa + 8192) | flags;
	for (size_t i = 0; i < pages; i++)
		pd[i] = ((uint64_t)i << 21) | flags | PTE_PS;
	return 0;
}

const char *vmm_exit_reason_name(uint32_t reason)
{
	static const struct {
		uint32_t r;
		const char *name;
	} names[] = {
		{ KVM_EXIT_UNKNOWN, "UNKNOWN" },	 { KVM_EXIT_EXCEPTION, "EXCEPTION" },
		{ KVM_EXIT_IO, "IO" },			 { KVM_EXIT_HYPERCALL, "HYPERCALL" },
		{ KVM_EXIT_DEBUG, "DEBUG" },		 { KVM_EXIT_HLT, "HLT" },
		{ KVM_EXIT_MMIO, "MMIO" },		 { KVM_EXIT_SHUTDOWN, "SHUTDOWN" },
		{ KVM_EXIT_FAIL_ENTRY, "FAIL_ENTRY" },	 { KVM_EXIT_INTR, "INTR" },
		{ KVM_EXIT_INTERNAL_ERROR, "INTERNAL_ERROR" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].r == reason)
			return names[i].name;
	return "OTHER";
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
	s->l = code;	/* 64-bit code */
	s->db = !code;	/* data: 32-bit default (ignored in long mode) */
	s->g = 1;
}

/* GDT: null, kernel code/data (DPL0), user data/code (DPL3), then a 64-bit TSS. */
static void gdt_entry(uint64_t *gdt, int i, uint8_t type, uint8_t dpl, bool code)
{
	uint64_t d = 0xffffull | (0xfull << 48);	      /* limit */
	d |= (uint64_t)(type | 0x10 | (dpl << 5) | 0x80) << 40; /* type, S, DPL, P */
	d |= (code ? 1ull << 53 : 1ull << 54) | 1ull << 55;     /* L (code) or D/B (data), G */
	gdt[i] = d;
}

static int setup_vcpu(struct vmm *v)
{
	struct kvm_sregs s;
	struct kvm_regs r = { 0 };
	uint64_t *gdt = (uint64_t *)(v->mem + VMM_GDT_BASE);

	if (ioctl(v->vcpu, KVM_GET_SREGS, &s) < 0)
		return neg_errno();
	memset(gdt, 0, 4096);
	gdt_entry(gdt, 1, 0xb, 0, true);  /* 0x08 kernel code */
	gdt_entry(gdt, 2, 0x3, 0, false); /* 0x10 kernel data */
	gdt_entry(gdt, 3, 0x3, 3, false); /* 0x1b user data */
	gdt_entry(gdt, 4, 0xb, 3, true);  /* 0x23 user code */
	/* 64-bit TSS at 0x28 (two entries), base VMM_GDT_BASE + 0x800, limit 0x67 */
	uint64_t tss = VMM_GDT_BASE + 0x800;
	gdt[5] = 0x67 | ((tss & 0xffffff) << 16) | (0x89ull << 40) | ((tss >> 24 & 0xff) << 56);
	gdt[6] = tss >> 32;

	s.cr3 = VMM_PT_BASE;
	s.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
	s.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG;
	s.efer = EFER_LME | EFER_LMA | EFER_SCE | EFER_NXE;
	s.gdt.base = VMM_GDT_BASE;
	s.gdt.limit = 7 * 8 - 1;
	s.idt.base = 0;
	s.idt.limit = 0;
	seg(&s.cs, 0x23, 0xb, 3, true);
	seg(&s.ss, 0x1b, 0x3, 3, false);
	s.ds = s.es = s.fs = s.gs = s.ss;
	memset(&s.tr, 0, sizeof(s.tr));
	s.tr.selector = 0x28;
	s.tr.base = tss;
	s.tr.limit = 0x67;
	s.tr.type = 0xb; /* busy 64-bit TSS */
	s.tr.present = 1;
	if (ioctl(v->vcpu, KVM_SET_SREGS, &s) < 0)
		return neg_errno();
	r.rip = VMM_CODE_BASE;
	r.rsp = VMM_STACK_TOP;
	r.rflags = 2 | RFLAGS_IOPL3; /* IOPL=3: port I/O at CPL3 exits to us instead of faulting */
	return ioctl(v->vcpu, KVM_SET_REGS, &r) < 0 ? neg_errno() : 0;
}

int vmm_create(struct vmm *v, size_t mem_size)
{
	struct kvm_userspace_memory_region region = { 0 };
	int r;

	memset(v, 0, sizeof(*v));
	v->kvm = v->vm = v->vcpu = -1;
	if (mem_size < VMM_MIN_MEM)
		mem_size = VMM_MIN_MEM;
	v->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (v->kvm < 0)
		return neg_errno();
	v->vm = ioctl(v->kvm, KVM_CREATE_VM, 0);
	if (v->vm < 0)
		goto fail;
	v->mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (v->mem == MAP_FAILED) {
		v->mem = NULL;
		goto fail;
	}
	v->mem_size = mem_size;
	region.memory_size = mem_size;
	region.userspace_addr = (uintptr_t)v->mem;
	if (ioctl(v->vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		goto fail;
	r = vmm_build_page_tables(v->mem + VMM_PT_BASE, VMM_PT_BASE, mem_size);
	if (r < 0) {
		vmm_destroy(v);
		return r;
	}
	v->vcpu = ioctl(v->vm, KVM_CREATE_VCPU, 0);
	if (v->vcpu < 0)
		goto fail;
	r = ioctl(v->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (r <= 0)
		goto fail;
	v->run_size = (size_t)r;
	v->run = mmap(NULL, v->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->vcpu, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		goto fail;
	}
	r = setup_vcpu(v);
	if (r < 0) {
		vmm_destroy(v);
		return r;
	}
	return 0;
fail:
	r = neg_errno();
	vmm_destroy(v);
	return r;
}

void vmm_destroy(struct vmm *v)
{
	if (v->run)
		munmap(v->run, v->run_size);
	if (v->vcpu >= 0)
		close(v->vcpu);
	if (v->mem)
		munmap(v->mem, v->mem_size);
	if (v->vm >= 0)
		close(v->vm);
	if (v->kvm >= 0)
		close(v->kvm);
	memset(v, 0, sizeof(*v));
	v->kvm = v->vm = v->vcpu = -1;
}

int vmm_load(struct vmm *v, const void *code, size_t len)
{
	if (len > VMM_STACK_TOP - VMM_CODE_BASE - 4096)
		return -E2BIG;
	memcpy(v->mem + VMM_CODE_BASE, code, len);
	return setup_vcpu(v);
}

static volatile sig_atomic_t watchdog_fired;

static void on_watchdog(int sig)
{
	(void)sig;
	watchdog_fired = 1;
}

enum vmm_exit vmm_run(struct vmm *v, unsigned timeout_ms, char *why, size_t whylen)
{
	struct sigaction sa = { .sa_handler = on_watchdog }, old_sa;
	struct itimerval t = { .it_value = { .tv_sec = timeout_ms / 1000, .tv_usec = (long)(timeout_ms % 1000) * 1000 } }, old_t;
	enum vmm_exit e;
	int r;

	if (why && whylen)
		why[0] = '\0';
	/* no SA_RESTART: the signal ends a wedged KVM_RUN with EINTR */
	watchdog_fired = 0;
	sigaction(SIGALRM, &sa, &old_sa);
	setitimer(ITIMER_REAL, &t, &old_t);
	r = ioctl(v->vcpu, KVM_RUN, 0);
	setitimer(ITIMER_REAL, &old_t, NULL);
	sigaction(SIGALRM, &old_sa, NULL);
	if (r < 0) {
		if (errno == EINTR && watchdog_fired) {
			if (why)
				snprintf(why, whylen, "KVM_RUN ran longer than %u ms", timeout_ms);
			return VMM_EXIT_TIMEOUT;
		}
		if (why)
			snprintf(why, whylen, "KVM_RUN: %s", strerror(errno));
		return VMM_EXIT_ERROR;
	}
	switch (v->run->exit_reason) {
	case KVM_EXIT_IO:
		e = v->run->io.port == VMM_PORT_DONE ? VMM_EXIT_DONE : VMM_EXIT_IO;
		break;
	case KVM_EXIT_MMIO:
		e = VMM_EXIT_MMIO;
		break;
	case KVM_EXIT_HLT:
		e = VMM_EXIT_HLT;
		break;
	default: {
		struct kvm_regs regs = { 0 };

		ioctl(v->vcpu, KVM_GET_REGS, &regs);
		if (why)
			snprintf(why, whylen, "exit %s (%u): rip 0x%llx rsp 0x%llx rflags 0x%llx rax 0x%llx",
				 vmm_exit_reason_name(v->run->exit_reason), v->run->exit_reason, (unsigned long long)regs.rip,
				 (unsigned long long)regs.rsp, (unsigned long long)regs.rflags, (unsigned long long)regs.rax);
		e = VMM_EXIT_ERROR;
	}
	}
	return e;
}
