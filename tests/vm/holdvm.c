/* Holds a KVM VM (and a vCPU) open until killed: the "VM running" of the QEMU tests. */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC), vm, vcpu;

	if (kvm < 0) {
		perror("holdvm: /dev/kvm");
		return 1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		perror("holdvm: KVM_CREATE_VM");
		return 1;
	}
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0) {
		perror("holdvm: KVM_CREATE_VCPU");
		return 1;
	}
	printf("holdvm: ready\n");
	fflush(stdout);
	pause();
	return 0;
}
