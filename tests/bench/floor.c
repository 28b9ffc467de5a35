/* The floor of make bench: the least a program can do to prove KVM runs a guest here. It opens
 * /dev/kvm, creates a VM and a vCPU, runs one instruction (hlt, real mode at GPA 0) and exits;
 * every command in the ratio table is measured as a multiple of this one. */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	struct kvm_userspace_memory_region region = { .memory_size = 4096 };
	struct kvm_regs regs = { .rip = 0, .rflags = 2 };
	struct kvm_sregs sregs;
	struct kvm_run *run;
	int kvm, vm, vcpu, size;
	uint8_t *mem;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		perror("floor: /dev/kvm");
		return 1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm < 0 || size <= 0 || mem == MAP_FAILED) {
		perror("floor: KVM_CREATE_VM");
		return 1;
	}
	mem[0] = 0xf4; /* hlt */
	region.userspace_addr = (uintptr_t)mem;
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0 || ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		perror("floor: KVM_CREATE_VCPU");
		return 1;
	}
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED || ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) {
		perror("floor: vCPU");
		return 1;
	}
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0 || ioctl(vcpu, KVM_SET_REGS, &regs) < 0 ||
	    ioctl(vcpu, KVM_RUN, 0) < 0) {
		perror("floor: KVM_RUN");
		return 1;
	}
	if (run->exit_reason != KVM_EXIT_HLT) {
		fprintf(stderr, "floor: the guest stopped with exit reason %u, not HLT\n", run->exit_reason);
		return 1;
	}
	close(vcpu);
	close(vm);
	close(kvm);
	return 0;
}
