/* The kernel modules virtcheck knows, and the only way it loads or removes any (libkmod). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct vc_module {
	const char *name;
	const char *family; /* kvm, virtualbox, vmware, xen, hyperv, helper */
};

/* The hypervisor modules the report looks at (msr, tun, vhost_net are only ever loaded). */
#define VC_NMODULES 16
extern const struct vc_module vc_modules[VC_NMODULES];
int vc_module_index(const char *name);

/* Loads name with its dependencies; apply_blacklist refuses blacklisted modules (-EPERM), an
 * explicit load (switch) does not. Only names from virtcheck's tables (-EINVAL otherwise). */
int vc_module_insert(const char *name, const char *options, bool apply_blacklist);
/* Removes name; never forced. Same names only. */
int vc_module_remove(const char *name);
/* vc_module_insert(name, NULL, true): --load-msr, preflight --fix. */
int vc_load_module(const char *name);
