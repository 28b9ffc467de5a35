/* The micro-VMM: one VM on /dev/kvm, guest memory, vCPUs in 64-bit long mode running code at
 * CPL3 with IOPL=3 (so port I/O exits to us), every KVM_RUN bounded by a watchdog. */
#pragma once

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Guest physical layout (identity-mapped): page tables, GDT/TSS, code, data, stack. */
#define VMM_PT_BASE 0x1000u	/* PML4, PDPT, PD: three pages */
#define VMM_GDT_BASE 0x5000u	/* GDT and TSS */
#define VMM_CODE_BASE 0x10000u	/* guest code */
#define VMM_STACK_TOP 0x80000u	/* grows down */
#define VMM_MIN_MEM (2u << 20)

struct vmm {
	int kvm, vm;
	uint8_t *mem;
	size_t mem_size;
	int vcpu;
	struct kvm_run *run;
	size_t run_size;
};

/* Exits the dispatcher reports (and what a workload expects). */
enum vmm_exit { VMM_EXIT_IO, VMM_EXIT_MMIO, VMM_EXIT_HLT, VMM_EXIT_DONE, VMM_EXIT_ERROR, VMM_EXIT_TIMEOUT };

/* Creates the VM, mem_size bytes of guest memory (>= VMM_MIN_MEM) identity-mapped with 2 MiB
 * pages, and one vCPU in long mode at CPL3, IOPL=3, RIP=VMM_CODE_BASE. 0 or -errno. */
int vmm_create(struct vmm *v, size_t mem_size);
void vmm_destroy(struct vmm *v);
/* Copies code to VMM_CODE_BASE and resets RIP/RSP to run it. */
int vmm_load(struct vmm *v, const void *code, size_t len);

/* Runs until an exit the caller must see. Port 0xF4 (VMM_PORT_DONE) ends a workload. A
 * KVM_RUN longer than timeout_ms is interrupted (VMM_EXIT_TIMEOUT); SHUTDOWN, FAIL_ENTRY and
 * INTERNAL_ERROR give VMM_EXIT_ERROR with why filled (registers included). */
#define VMM_PORT_DONE 0xf4
enum vmm_exit vmm_run(struct vmm *v, unsigned timeout_ms, char *why, size_t whylen);

/* Pure helpers, unit tested: the 4-level identity map (PML4, PDPT, PD of 2 MiB pages, user
 * accessible) for size bytes written at pt (three 4 KiB pages at guest address pt_gpa). */
int vmm_build_page_tables(uint8_t *pt, uint64_t pt_gpa, size_t size);
/* Names an exit reason for messages ("IO", "SHUTDOWN", ...). */
const char *vmm_exit_reason_name(uint32_t reason);
