/* The benchmark workloads: one blob of position-independent machine code (only relative jumps
 * and rip-relative addressing), called in place natively and copied into the guest at
 * VMM_CODE_BASE, so "native" and "guest" run the same bytes. Each function follows the
 * System V calling convention; endbr64 keeps indirect calls legal where IBT is enforced. */
#include <string.h>

#include "vmm/vmm.h"

__asm__(".pushsection .text\n"
	".p2align 6\n"
	".globl vmm_blob_start\n.hidden vmm_blob_start\n"
	"vmm_blob_start:\n"

	/* done: the return address of every vmm_call; rax (the result) is left alone */
	"vmm_wl_done:\n"
	"	out %al, $0xf4\n"
	"	jmp vmm_wl_done\n"

	/* timed(off, a, b): TSC delta around blob function off called as f(a, b) */
	".p2align 4\nvmm_wl_timed:\n"
	"	endbr64\n"
	"	push %rbx\n	push %r12\n	push %r13\n	push %r14\n"
	"	lea vmm_blob_start(%rip), %r12\n"
	"	add %rdi, %r12\n"
	"	mov %rsi, %r13\n	mov %rdx, %r14\n"
	"	lfence\n	rdtsc\n	shl $32, %rdx\n	or %rax, %rdx\n	mov %rdx, %rbx\n"
	"	mov %r13, %rdi\n	mov %r14, %rsi\n"
	"	call *%r12\n"
	"	lfence\n	rdtsc\n	shl $32, %rdx\n	or %rdx, %rax\n	sub %rbx, %rax\n"
	"	pop %r14\n	pop %r13\n	pop %r12\n	pop %rbx\n"
	"	ret\n"

	/* int(n, seed): multiply, add, shift, xor: a dependent integer chain */
	".p2align 4\nvmm_wl_int:\n"
	"	endbr64\n"
	"	mov %rsi, %rax\n"
	"	test %rdi, %rdi\n	jz 2f\n"
	"	movabs $0x5851f42d4c957f2d, %rcx\n"
	"1:	imul %rcx, %rax\n"
	"	add $0x14057b7e, %rax\n"
	"	mov %rax, %rdx\n	shr $29, %rdx\n	xor %rdx, %rax\n"
	"	dec %rdi\n	jnz 1b\n"
	"2:	ret\n"

	/* fp(n): x = (x * 1.0000002 + 0.5) / 1.5, dependent, never denormal */
	".p2align 4\nvmm_wl_fp:\n"
	"	endbr64\n"
	"	movabs $0x3ff0000000100000, %rax\n	movq %rax, %xmm1\n"
	"	movabs $0x3fe0000000000000, %rax\n	movq %rax, %xmm2\n"
	"	movabs $0x3ff8000000000000, %rax\n	movq %rax, %xmm3\n"
	"	movapd %xmm2, %xmm0\n"
	"	test %rdi, %rdi\n	jz 2f\n"
	"1:	mulsd %xmm1, %xmm0\n	addsd %xmm2, %xmm0\n	divsd %xmm3, %xmm0\n"
	"	dec %rdi\n	jnz 1b\n"
	"2:	movq %xmm0, %rax\n"
	"	ret\n"

	/* chase(n, base): the chain holds offsets from base, so it is valid at any address; it goes on
	 * from where the last call stopped (the cursor, bytes 8-15 of the first line), so short
	 * samples still walk the whole working set */
	".p2align 4\nvmm_wl_chase:\n"
	"	endbr64\n"
	"	mov 8(%rsi), %rax\n"
	"	test %rdi, %rdi\n	jz 2f\n"
	"1:	mov (%rsi,%rax), %rax\n"
	"	dec %rdi\n	jnz 1b\n"
	"	mov %rax, 8(%rsi)\n"
	"2:	ret\n"

	/* touch(n, base): one byte into each of n pages */
	".p2align 4\nvmm_wl_touch:\n"
	"	endbr64\n"
	"	test %rdi, %rdi\n	jz 2f\n"
	"1:	movb $1, (%rsi)\n	add $4096, %rsi\n"
	"	dec %rdi\n	jnz 1b\n"
	"2:	xor %eax, %eax\n	ret\n"

	/* pio(n): n port writes (guest only: natively they fault) */
	".p2align 4\nvmm_wl_pio:\n"
	"	endbr64\n"
	"	mov $0x42, %eax\n"
	"	test %rdi, %rdi\n	jz 2f\n"
	"1:	out %al, $0x80\n"
	"	dec %rdi\n	jnz 1b\n"
	"2:	ret\n"

	/* store(n, addr): n 32-bit stores to one address */
	".p2align 4\nvmm_wl_store:\n"
	"	endbr64\n"
	"	test %rdi, %rdi\n	jz 2f\n"
	"1:	movl %edi, (%rsi)\n"
	"	dec %rdi\n	jnz 1b\n"
	"2:	xor %eax, %eax\n	ret\n"

	/* cpuid(n): leaf 0, n times (rbx is callee-saved) */
	".p2align 4\nvmm_wl_cpuid:\n"
	"	endbr64\n"
	"	push %rbx\n"
	"	mov %rdi, %r8\n"
	"	test %r8, %r8\n	jz 2f\n"
	"1:	xor %eax, %eax\n	xor %ecx, %ecx\n	cpuid\n"
	"	dec %r8\n	jnz 1b\n"
	"2:	pop %rbx\n"
	"	ret\n"

	/* hlt(n): privileged, CPL0 only; each HLT exits to userspace (no in-kernel irqchip) */
	".p2align 4\nvmm_wl_hlt:\n"
	"	endbr64\n"
	"	test %rdi, %rdi\n	jz 2f\n"
	"1:	hlt\n"
	"	dec %rdi\n	jnz 1b\n"
	"2:	xor %eax, %eax\n	ret\n"

	".p2align 4\nvmm_wl_nop:\n"
	"	endbr64\n"
	"	xor %eax, %eax\n	ret\n"

	".globl vmm_blob_end\n.hidden vmm_blob_end\n"
	"vmm_blob_end:\n"
	".globl vmm_wl_table\n.hidden vmm_wl_table\n"
	".popsection\n"
	".pushsection .rodata\n"
	".p2align 3\n"
	"vmm_wl_table:\n"
	"	.quad vmm_wl_done - vmm_blob_start, vmm_wl_timed - vmm_blob_start\n"
	"	.quad vmm_wl_int - vmm_blob_start, vmm_wl_fp - vmm_blob_start\n"
	"	.quad vmm_wl_chase - vmm_blob_start, vmm_wl_touch - vmm_blob_start\n"
	"	.quad vmm_wl_pio - vmm_blob_start, vmm_wl_store - vmm_blob_start\n"
	"	.quad vmm_wl_cpuid - vmm_blob_start, vmm_wl_hlt - vmm_blob_start\n"
	"	.quad vmm_wl_nop - vmm_blob_start\n"
	"	.quad vmm_blob_end - vmm_blob_start\n"
	".popsection\n");

/* the offsets, then the blob's size: computed by the assembler, no pointer arithmetic across
 * symbols in C */
extern const uint64_t vmm_wl_table[_VMM_WL_MAX + 1];

size_t vmm_blob_size(void)
{
	return (size_t)vmm_wl_table[_VMM_WL_MAX];
}

size_t vmm_wl_offset(enum vmm_wl w)
{
	return (size_t)vmm_wl_table[w];
}

vmm_native_fn vmm_wl_native(enum vmm_wl w)
{
	/* a data-to-function pointer conversion: the blob is code in .text */
	const void *p = vmm_blob_start + vmm_wl_table[w];
	vmm_native_fn fn;

	memcpy(&fn, &p, sizeof(fn));
	return fn;
}
