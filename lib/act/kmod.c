/* The only way virtcheck loads or removes a kernel module (libkmod), and only modules it knows. */
#include <errno.h>
#include <libkmod.h>
#include <string.h>

#include "lib/act/kmod.h"
#include "lib/base/util.h"
#include "lib/model/modules.h"

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
	*k = kmod_new(NULL, NULL);
	if (!*k)
		return -ENOMEM;
	r = kmod_module_new_from_name(*k, name, m);
	if (r < 0)
		kmod_unref(*k);
	return r;
}

int vc_module_insert(const char *name, const char *options, bool apply_blacklist)
{
	struct kmod_module *m = NULL;
	struct kmod_ctx *k = NULL;
	int r = known_module(name, &k, &m);

	if (r < 0)
		return r;
	r = kmod_module_probe_insert_module(m, apply_blacklist ? KMOD_PROBE_APPLY_BLACKLIST : 0, options,
					    NULL, NULL, NULL);
	if (r > 0)
		r = -EPERM; /* blacklisted: respected, and said so */
	kmod_module_unref(m);
	kmod_unref(k);
	return r;
}

int vc_module_remove(const char *name)
{
	struct kmod_module *m = NULL;
	struct kmod_ctx *k = NULL;
	int r = known_module(name, &k, &m);

	if (r < 0)
		return r;
	r = kmod_module_remove_module(m, 0); /* never KMOD_REMOVE_FORCE */
	kmod_module_unref(m);
	kmod_unref(k);
	return r;
}

int vc_load_module(const char *name)
{
	return vc_module_insert(name, NULL, true);
}
