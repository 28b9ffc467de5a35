/* The only way virtcheck loads or removes a kernel module (libkmod), and only modules it knows. */
#include <errno.h>
#include <libkmod.h>
#include <string.h>

#include "lib/act/kmod.h"
#include "lib/base/util.h"
#include "lib/model/modules.h"

static struct vc_dlib libkmod = { .soname = "libkmod.so.2", .package = "libkmod2" };

VC_DLSYM(kmod_new);
VC_DLSYM(kmod_unref);
VC_DLSYM(kmod_module_new_from_name);
VC_DLSYM(kmod_module_unref);
VC_DLSYM(kmod_module_get_initstate);
VC_DLSYM(kmod_module_get_refcnt);
VC_DLSYM(kmod_module_probe_insert_module);
VC_DLSYM(kmod_module_remove_module);

int vc_kmod_dlopen(void)
{
	VC_ELF_NOTE_DLOPEN("kmod",
			   "Loading and removing kernel modules (switch, preflight --fix, --load-msr)",
			   "required", "libkmod.so.2");
	return vc_dlib_load(&libkmod, VC_DLSYM_ARG(kmod_new), VC_DLSYM_ARG(kmod_unref),
			    VC_DLSYM_ARG(kmod_module_new_from_name), VC_DLSYM_ARG(kmod_module_unref),
			    VC_DLSYM_ARG(kmod_module_get_initstate), VC_DLSYM_ARG(kmod_module_get_refcnt),
			    VC_DLSYM_ARG(kmod_module_probe_insert_module),
			    VC_DLSYM_ARG(kmod_module_remove_module));
}

const struct vc_dlib *vc_kmod_lib(void)
{
	return &libkmod;
}

/* Loaded on request only (--load-msr, preflight --fix), never reported. */
static const char *const helpers[] = { "msr", "tun", "vhost_net" };

static int known_module(const char *name, struct kmod_ctx **k, struct kmod_module **m)
{
	bool known = vc_module_index(name) >= 0;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(helpers) && !known; i++)
		known = strcmp(name, helpers[i]) == 0;
	if (!known)
		return -EINVAL;
	r = vc_kmod_dlopen();
	if (r < 0)
		return r;
	*k = sym_kmod_new(NULL, NULL);
	if (!*k)
		return -ENOMEM;
	r = sym_kmod_module_new_from_name(*k, name, m);
	if (r < 0)
		sym_kmod_unref(*k);
	return r;
}

int vc_module_insert(const char *name, const char *options, bool apply_blacklist)
{
	struct kmod_module *m = NULL;
	struct kmod_ctx *k = NULL;
	int r = known_module(name, &k, &m);

	if (r < 0)
		return r;
	r = sym_kmod_module_probe_insert_module(m, apply_blacklist ? KMOD_PROBE_APPLY_BLACKLIST : 0, options,
						NULL, NULL, NULL);
	if (r > 0)
		r = -EPERM; /* blacklisted: respected, and said so */
	sym_kmod_module_unref(m);
	sym_kmod_unref(k);
	return r;
}

int vc_module_remove(const char *name)
{
	struct kmod_module *m = NULL;
	struct kmod_ctx *k = NULL;
	int r = known_module(name, &k, &m);

	if (r < 0)
		return r;
	r = sym_kmod_module_remove_module(m, 0); /* never KMOD_REMOVE_FORCE */
	sym_kmod_module_unref(m);
	sym_kmod_unref(k);
	return r;
}

int vc_load_module(const char *name)
{
	return vc_module_insert(name, NULL, true);
}
