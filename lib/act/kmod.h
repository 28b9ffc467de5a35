/* The only way virtcheck loads or removes a kernel module (libkmod), and only modules it knows. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Loads name with its dependencies; apply_blacklist refuses blacklisted modules (-EPERM), an
 * explicit load (switch) does not. Only names from virtcheck's tables (-EINVAL otherwise). */
int vc_module_insert(const char *name, const char *options, bool apply_blacklist);
/* Removes name; never forced. Same names only. */
int vc_module_remove(const char *name);
/* vc_module_insert(name, NULL, true): --load-msr, preflight --fix. */
int vc_load_module(const char *name);
