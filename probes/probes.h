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

/* Whether id may open a node read-write, and why (probes/kvm.c). */
enum vc_access {
	VC_ACCESS_ROOT,
	VC_ACCESS_OWNER,
	VC_ACCESS_ACL_USER,
	VC_ACCESS_GROUP,
	VC_ACCESS_ACL_GROUP,
	VC_ACCESS_OTHER,
	VC_DENIED_NOT_IN_GROUP, /* the group may, this user is not in it */
	VC_DENIED_MODE,		/* nobody but the owner (or root) may */
	_VC_ACCESS_MAX,
};
enum vc_access vc_node_access(const struct vc_devnode *d, const struct vc_identity *id);
bool vc_access_granted(enum vc_access a);
