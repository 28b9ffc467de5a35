/* The micro-VMM: one VM on /dev/kvm, guest memory, N vCPUs in 64-bit long mode running code at
 * CPL3 with IOPL=3 (so port I/O exits to us) or at CPL0, every KVM_RUN bounded by a watchdog,
 * KVM's binary statistics read to prove what happened. */
#pragma once

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Guest physical layout. RAM at 0 is identity-mapped, and so is everything up to 4 GiB (the
 * addresses above RAM have no memory slot: an access there is an MMIO exit). The page tables
 * fit at VMM_PT_LOW with 2 MiB pages; with 4 KiB pages they go at the end of RAM. One memory
 * slot in all: what a VM costs to create is what a VMM must do. */
#define VMM_PT_LOW	 0x1000u   /* up to 6 pages */
#define VMM_GDT_BASE	 0x8000u   /* GDT and TSS */
#define VMM_CODE_BASE	 0x10000u  /* the workload blob (vmm/workloads.c) */
#define VMM_STACK_TOP	 0x80000u  /* vCPU i's stack: 16 KiB below VMM_STACK_TOP - i * 16 KiB */
#define VMM_DATA_BASE	 0x200000u /* workload data: from 2 MiB to the end of RAM */
#define VMM_MIN_MEM	 (4u << 20)
#define VMM_MAX_MEM	 (3ull << 30)
#define VMM_MMIO_GPA	 0xd0000000u /* an emulated device register: every access exits to us */
#define VMM_DOORBELL_GPA 0xd0001000u /* a virtio-style doorbell, when bound to an ioeventfd */
#define VMM_MAP_SIZE	 (4ull << 30)
#define VMM_MAX_VCPUS	 8
#define VMM_PORT_DONE	 0xf4
#define VMM_PORT_TEST	 0x80

struct vmm_config {
	size_t mem_size; /* guest RAM, VMM_MIN_MEM..VMM_MAX_MEM (0: VMM_MIN_MEM) */
	unsigned nvcpus; /* 1..VMM_MAX_VCPUS (0: 1) */
	bool cpl0;	 /* run at CPL0 (default CPL3 with IOPL=3; kvm_pvm emulates CPL0 code) */
	bool pages_4k;	 /* guest RAM mapped with 4 KiB pages (and host memory without THP) */
	bool host_thp;	 /* ask for transparent huge pages on the host side of guest RAM */
};

struct vmm_vcpu {
	int fd;
	struct kvm_run *run;
	int stats_fd; /* -1 where KVM has no binary stats (before Linux 5.14) */
};

struct vmm {
	int kvm, vm, vm_stats_fd;
	uint8_t *mem;
	size_t mem_size;
	uint64_t pt_gpa; /* the page tables, in RAM */
	size_t pt_size;
	size_t run_size;
	unsigned nvcpus, cpl;
	struct vmm_vcpu vcpu[VMM_MAX_VCPUS];
};

/* Exits the dispatcher reports (and what a workload expects). */
enum vmm_exit { VMM_EXIT_IO, VMM_EXIT_MMIO, VMM_EXIT_HLT, VMM_EXIT_DONE, VMM_EXIT_ERROR, VMM_EXIT_TIMEOUT };

/* Creates the VM as configured (NULL: defaults). 0 or -errno. */
int vmm_create(struct vmm *v, const struct vmm_config *c);
void vmm_destroy(struct vmm *v);
/* Opens the binary-stats fds of the VM and its vCPUs (not done by vmm_create: a lifecycle
 * measures what a VMM must do, no more). 0 or -errno (-ENOTTY before Linux 5.14). */
int vmm_open_stats(struct vmm *v);
/* Copies the workload blob (vmm_blob) into guest memory at VMM_CODE_BASE. */
int vmm_load_blob(struct vmm *v);
/* Copies code to VMM_CODE_BASE and points vCPU 0 at it (tests' hand-written code). */
int vmm_load(struct vmm *v, const void *code, size_t len);
/* Points vCPU i at the blob's function at offset off, called as f(a0, a1, a2) with the System V
 * convention; its return lands at the blob's done stub (port VMM_PORT_DONE). rax at DONE is
 * the function's result (vmm_result). */
int vmm_call(struct vmm *v, unsigned i, size_t off, uint64_t a0, uint64_t a1, uint64_t a2);
int vmm_result(struct vmm *v, unsigned i, uint64_t *rax);

/* One KVM_RUN of vCPU i and the dispatch of its exit (no system call but the ioctl: the hot
 * path of every exit benchmark). Bounded by the calling thread's armed watchdog; SHUTDOWN,
 * FAIL_ENTRY, INTERNAL_ERROR and unknown exits give VMM_EXIT_ERROR with why filled (registers
 * included). */
enum vmm_exit vmm_run(struct vmm *v, unsigned i, char *why, size_t whylen);
/* vmm_run bounded by timeout_ms on its own. */
enum vmm_exit vmm_run_timed(struct vmm *v, unsigned i, unsigned timeout_ms, char *why, size_t whylen);
/* Runs vCPU i until DONE, answering IO, MMIO and HLT exits (counted in *exits when not NULL);
 * anything else is returned. */
enum vmm_exit vmm_run_to_done(struct vmm *v, unsigned i, uint64_t *exits, char *why, size_t whylen);

/* The watchdog: a per-thread timer whose signal sets immediate_exit on the vCPU this thread
 * runs, so a KVM_RUN never hangs (and a signal between two KVM_RUNs is not lost). */
struct vmm_watchdog {
	timer_t timer;
	bool armed;
	unsigned ms;
};
int vmm_watchdog_arm(struct vmm_watchdog *w, unsigned ms);
void vmm_watchdog_disarm(struct vmm_watchdog *w);

/* Pure, unit tested: what a finished KVM_RUN's exit means. */
enum vmm_exit vmm_dispatch(const struct kvm_run *run);
/* Names an exit reason for messages ("IO", "SHUTDOWN", ...). */
const char *vmm_exit_reason_name(uint32_t reason);
/* The special registers of 64-bit long mode at CPL cpl (3 or 0) with page tables at cr3 and the
 * GDT/TSS at VMM_GDT_BASE; the rest of *s (APIC base, interrupt bitmap) is left as it is. What
 * vmm_create gives every vCPU; bench's bare-ioctl lifecycle uses it too. Pure. */
void vmm_long_mode_sregs(struct kvm_sregs *s, unsigned cpl, uint64_t cr3);

/* The identity map of the low VMM_MAP_SIZE bytes into pt (cap bytes, guest address pt_gpa):
 * 2 MiB pages, or 4 KiB pages for [0, small_end). User accessible. Returns the bytes used or
 * -E2BIG. */
long vmm_build_page_tables(uint8_t *pt, size_t cap, uint64_t pt_gpa, uint64_t small_end);
/* The page-table bytes vmm_build_page_tables needs for small_end. */
size_t vmm_page_tables_size(uint64_t small_end);

/* KVM binary statistics (KVM_GET_STATS_FD): the cumulative counters of a VM or vCPU. */
#define VMM_STAT_NAME 48
struct vmm_stat_desc {
	char name[VMM_STAT_NAME];
	uint32_t offset; /* bytes from the data block */
	uint32_t flags;
};
struct vmm_stats {
	uint32_t data_offset;
	size_t data_len; /* bytes of the data block the kept counters span */
	size_t n;
	struct vmm_stat_desc *desc;
};
/* Parses the header and descriptors an fd's first len bytes hold (pure: fuzzed, unit tested).
 * Only cumulative and instant counters of one u64 are kept. 0 or -EINVAL/-E2BIG. */
int vmm_stats_parse(struct vmm_stats *st, const void *buf, size_t len);
int vmm_stats_open(struct vmm_stats *st, int fd);
void vmm_stats_free(struct vmm_stats *st);
/* The index of a counter, or -1. */
int vmm_stats_find(const struct vmm_stats *st, const char *name);
/* Reads all counters into values[st->n]. */
int vmm_stats_read(const struct vmm_stats *st, int fd, uint64_t *values);

/* The workload blob (vmm/workloads.c): the same position-independent machine code runs
 * natively (called in place) and in the guest (copied to VMM_CODE_BASE). */
extern const uint8_t vmm_blob_start[];
size_t vmm_blob_size(void);
enum vmm_wl {
	VMM_WL_DONE,  /* the return address of vmm_call: out VMM_PORT_DONE */
	VMM_WL_TIMED, /* timed(fn, a, b): rdtsc, fn(a, b), rdtsc; returns the TSC delta */
	VMM_WL_INT,   /* int(n, seed): n rounds of an integer mixing function */
	VMM_WL_FP,    /* fp(n, _): n rounds of a dependent double-precision chain */
	VMM_WL_CHASE, /* chase(n, base): n dependent loads, next = *(base + cur) */
	VMM_WL_TOUCH, /* touch(n, base): writes one byte into each of n 4 KiB pages */
	VMM_WL_PIO,   /* pio(n, _): n OUT to port VMM_PORT_TEST */
	VMM_WL_STORE, /* store(n, addr): n 32-bit stores to addr (MMIO or doorbell) */
	VMM_WL_CPUID, /* cpuid(n, _): n CPUID leaf 0 */
	VMM_WL_HLT,   /* hlt(n, _): n HLT (CPL0 only) */
	VMM_WL_NOP,   /* nop(): returns at once (the first instruction of a lifecycle) */
	_VMM_WL_MAX
};
size_t vmm_wl_offset(enum vmm_wl w);
typedef uint64_t (*vmm_native_fn)(uint64_t, uint64_t, uint64_t);
vmm_native_fn vmm_wl_native(enum vmm_wl w);
