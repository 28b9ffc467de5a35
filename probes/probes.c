/* The explicit list of probes (a static archive would drop self-registering objects). */
#include "probes/probes.h"

const struct vc_probe *const vc_probes[] = {
	&probe_cpuid,	   &probe_modules, &probe_platform,			/* reads modules */
	&probe_msr,								/* reads cpuid, platform */
	&probe_kvm,								/* reads modules */
	&probe_processes,  &probe_udev,	   &probe_pci,	    &probe_environment, /* reads cpuid */
	&probe_virtualbox,							/* reads modules, processes */
};
const size_t vc_nprobes = ARRAY_SIZE(vc_probes);
