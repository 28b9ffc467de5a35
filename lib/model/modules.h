/* The kernel modules virtcheck knows: the only names it ever looks at (and, in switch, touches). */
#pragma once

#include <stddef.h>

struct vc_module {
	const char *name;
	const char *family; /* kvm, virtualbox, vmware, xen, hyperv */
};

/* The hypervisor modules the report looks at (msr, tun, vhost_net are only ever loaded). */
#define VC_NMODULES 16
extern const struct vc_module vc_modules[VC_NMODULES];
/* The index of name in vc_modules, or -1. */
int vc_module_index(const char *name);
