/* The KVM capabilities virtcheck asks about (KVM_CHECK_EXTENSION), by name. */
#include <linux/kvm.h>
#include <string.h>

#include "lib/host/host.h"
#include "lib/base/util.h"

/* Debian 12 ships 6.1 uapi headers; these came later (numbers from mainline kvm.h). */
#ifndef KVM_CAP_USER_MEMORY2
#define KVM_CAP_USER_MEMORY2 231
#endif
#ifndef KVM_CAP_MEMORY_FAULT_INFO
#define KVM_CAP_MEMORY_FAULT_INFO 232
#endif
#ifndef KVM_CAP_MEMORY_ATTRIBUTES
#define KVM_CAP_MEMORY_ATTRIBUTES 233
#endif
#ifndef KVM_CAP_GUEST_MEMFD
#define KVM_CAP_GUEST_MEMFD 234
#endif
#ifndef KVM_CAP_VM_TYPES
#define KVM_CAP_VM_TYPES 235
#endif
#ifndef KVM_CAP_PRE_FAULT_MEMORY
#define KVM_CAP_PRE_FAULT_MEMORY 236
#endif

#define CAP(n)                                                                                               \
	{                                                                                                    \
		"KVM_CAP_" #n, KVM_CAP_##n, false                                                            \
	}
#define VMCAP(n)                                                                                             \
	{                                                                                                    \
		"KVM_CAP_" #n, KVM_CAP_##n, true                                                             \
	}

const struct vc_kvm_cap vc_kvm_caps[] = {
	CAP(USER_MEMORY),
	CAP(SET_TSS_ADDR),
	CAP(EXT_CPUID),
	CAP(IRQCHIP),
	CAP(HLT),
	CAP(IMMEDIATE_EXIT),
	CAP(NR_VCPUS),
	VMCAP(MAX_VCPUS),
	VMCAP(MAX_VCPU_ID),
	VMCAP(NR_MEMSLOTS),
	CAP(IOEVENTFD),
	CAP(IOEVENTFD_ANY_LENGTH),
	CAP(IRQFD),
	CAP(PIT2),
	CAP(SPLIT_IRQCHIP),
	CAP(X2APIC_API),
	CAP(XSAVE),
	CAP(XCRS),
	CAP(TSC_CONTROL),
	CAP(TSC_DEADLINE_TIMER),
	CAP(ADJUST_CLOCK),
	CAP(COALESCED_MMIO),
	CAP(COALESCED_PIO),
	CAP(READONLY_MEM),
	CAP(SYNC_REGS),
	VMCAP(NESTED_STATE),
	CAP(HYPERV),
	CAP(X86_DISABLE_EXITS),
	CAP(X86_USER_SPACE_MSR),
	CAP(X86_SMM),
	CAP(GET_MSR_FEATURES),
	CAP(EXCEPTION_PAYLOAD),
	CAP(PMU_CAPABILITY),
	CAP(BINARY_STATS_FD),
	VMCAP(DIRTY_LOG_RING),
	CAP(MANUAL_DIRTY_LOG_PROTECT2),
	CAP(EXIT_HYPERCALL),
	CAP(SGX_ATTRIBUTE),
	CAP(USER_MEMORY2),
	CAP(MEMORY_FAULT_INFO),
	VMCAP(MEMORY_ATTRIBUTES),
	VMCAP(GUEST_MEMFD),
	CAP(VM_TYPES),
	VMCAP(PRE_FAULT_MEMORY),
};
const size_t vc_kvm_ncaps = ARRAY_SIZE(vc_kvm_caps);
_Static_assert(ARRAY_SIZE(vc_kvm_caps) <= VC_KVM_MAX_CAPS, "a set of caps is a uint64_t");

int vc_kvm_cap_index(const char *name)
{
	for (size_t i = 0; i < vc_kvm_ncaps; i++)
		if (strcmp(vc_kvm_caps[i].name, name) == 0)
			return (int)i;
	return -1;
}

uint64_t vc_kvm_cap_bit(const char *name)
{
	int i = vc_kvm_cap_index(name);

	return i < 0 ? 0 : UINT64_C(1) << i;
}
