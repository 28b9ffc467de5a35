/* The explicit list of probes (a static archive would drop self-registering objects). */
#include "probes/probes.h"

const struct vc_probe *const vc_probes[_VC_PROBE_MAX] = {
	[VC_PROBE_CPUID] = &probe_cpuid,
	[VC_PROBE_MODULES] = &probe_modules,
	[VC_PROBE_PLATFORM] = &probe_platform,
	[VC_PROBE_MSR] = &probe_msr,
	[VC_PROBE_KVM] = &probe_kvm,
	[VC_PROBE_PROCESSES] = &probe_processes,
	[VC_PROBE_UDEV] = &probe_udev,
	[VC_PROBE_PCI] = &probe_pci,
	[VC_PROBE_ENVIRONMENT] = &probe_environment,
	[VC_PROBE_VIRTUALBOX] = &probe_virtualbox,
	[VC_PROBE_VMWARE] = &probe_vmware,
};
