/* The explicit list of probes (a static archive would drop self-registering objects). */
#include "probes.h"

const struct vc_probe *const vc_probes[] = {
	&probe_cpuid,
	&probe_modules,
	&probe_kvm,
};
const size_t vc_nprobes = ARRAY_SIZE(vc_probes);
