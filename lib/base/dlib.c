/* dlopen on first use: a library, all its symbols, or a reason why not. */
#include "lib/base/dlib.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

int vc_dlib_load_sentinel(struct vc_dlib *lib, ...)
{
	const char *name;
	va_list ap;
	void *h, **slot;

	if (lib->handle || lib->err)
		return lib->err;
	/* RTLD_NOW: a missing symbol is found here, not as a crash inside a probe */
	h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();

		snprintf(lib->why, sizeof(lib->why), "%s", e ? e : "dlopen failed");
		return lib->err = -ELIBACC;
	}
	va_start(ap, lib);
	while ((slot = va_arg(ap, void **))) {
		name = va_arg(ap, const char *);
		*slot = dlsym(h, name);
		if (!*slot) {
			snprintf(lib->why, sizeof(lib->why), "%s: no symbol %s", lib->soname, name);
			lib->err = -ELIBACC;
			break;
		}
	}
	va_end(ap);
	if (lib->err) {
		dlclose(h);
		return lib->err;
	}
	lib->handle = h;
	return 0;
}
