/* The only way virtcheck loads or removes a kernel module (libkmod), and only modules it knows. */
#pragma once

#include <libkmod.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/base/dlib.h"

/* libkmod, loaded on first use (a report never loads it): 0, or -ELIBACC with vc_kmod_lib()->why. */
int vc_kmod_dlopen(void);
const struct vc_dlib *vc_kmod_lib(void);
extern VC_DLSYM(kmod_new);
extern VC_DLSYM(kmod_unref);
extern VC_DLSYM(kmod_module_new_from_name);
extern VC_DLSYM(kmod_module_unref);
extern VC_DLSYM(kmod_module_get_initstate);
extern VC_DLSYM(kmod_module_get_refcnt);
extern VC_DLSYM(kmod_module_probe_insert_module);
extern VC_DLSYM(kmod_module_remove_module);

/* Loads name with its dependencies; apply_blacklist refuses blacklisted modules (-EPERM), an
 * explicit load (switch) does not. Only names from virtcheck's tables (-EINVAL otherwise); -ELIBACC
 * when libkmod cannot be loaded. */
int vc_module_insert(const char *name, const char *options, bool apply_blacklist);
/* Removes name; never forced. Same names only. */
int vc_module_remove(const char *name);
/* vc_module_insert(name, NULL, true): --load-msr, preflight --fix. */
int vc_load_module(const char *name);
