/* The probes: one evidence source each, listed in probes/probes.c. */
#pragma once

#include "lib/model/report.h"

extern const struct vc_probe probe_cpuid;
extern const struct vc_probe probe_kvm;
extern const struct vc_probe probe_modules;
extern const struct vc_probe probe_platform;
extern const struct vc_probe probe_msr;
extern const struct vc_probe probe_processes;
extern const struct vc_probe probe_udev;
extern const struct vc_probe probe_pci;
extern const struct vc_probe probe_environment;
extern const struct vc_probe probe_virtualbox;

#include "lib/model/modules.h"

/* The report's probes, in the order they run (later probes may read earlier facts). */
extern const struct vc_probe *const vc_probes[];
extern const size_t vc_nprobes;

/* Table lookups exposed for tests. */
const char *vc_hypervisor_from_signature(const char sig[12]);
