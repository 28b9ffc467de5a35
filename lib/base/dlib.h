/* Libraries loaded with dlopen on first use, so a run pays for none it does not need. */
#pragma once

#include <stdint.h>

/*
 * A library that is required (the package depends on it) but loaded lazily: libkmod, libudev, libpci
 * and what they pull in cost ~1 ms before main() when linked, and a --sysroot replay uses none. The
 * symbols land in pointers named sym_NAME (VC_DLSYM declares one, VC_DLSYM_ARG passes it, checking
 * its type against the header's declaration at compile time).
 */
struct vc_dlib {
	const char *soname;  /* "libudev.so.1" */
	const char *package; /* the Debian package that ships it: "libudev1" */
	void *handle;
	int err;       /* 0 until a failed load, then -ELIBACC for good */
	char why[256]; /* dlerror() of that failure */
};

/* 0 once every listed symbol is resolved (and at once on later calls); -ELIBACC when the library or a
 * symbol is missing, with lib->why set. The arguments after lib: pairs of (&sym_NAME, "NAME"), NULL. */
int vc_dlib_load_sentinel(struct vc_dlib *lib, ...) __attribute__((sentinel));
#define vc_dlib_load(lib, ...) vc_dlib_load_sentinel(lib, __VA_ARGS__, (void *)0)

#define VC_DLSYM(sym) __typeof__(sym) *sym_##sym
#define VC_DLSYM_ARG(sym)                                                                                    \
	({                                                                                                   \
		_Static_assert(__builtin_types_compatible_p(__typeof__(sym_##sym), __typeof__(&sym)), #sym); \
		(void *)&sym_##sym;                                                                          \
	}),                                                                                                  \
		#sym

/*
 * An ELF note naming a library the binary dlopens (the "FDO" .note.dlopen of the ELF dlopen
 * metadata spec, as systemd writes them), so packaging tools and the check-vm initramfs find it:
 * `readelf -p .note.dlopen virtcheck` lists them. Place it inside the function that loads it.
 */
#define VC_ELF_NOTE_DLOPEN_VENDOR      "FDO"
#define VC_ELF_NOTE_DLOPEN_TYPE	       UINT32_C(0x407c0c0a)
#define VC_ELF_NOTE_DLOPEN_JOIN2(a, b) a##b
#define VC_ELF_NOTE_DLOPEN_JOIN(a, b)  VC_ELF_NOTE_DLOPEN_JOIN2(a, b)
#define VC_ELF_NOTE_DLOPEN(feature, description, priority, soname)                                           \
	VC_ELF_NOTE_DLOPEN_JSON("[{\"feature\":\"" feature "\",\"description\":\"" description               \
				"\",\"priority\":\"" priority "\",\"soname\":[\"" soname "\"]}]",            \
				VC_ELF_NOTE_DLOPEN_JOIN(vc_dlopen_note_, __COUNTER__))
#define VC_ELF_NOTE_DLOPEN_JSON(json, var)                                                                   \
	__attribute__((used, section(".note.dlopen"))) _Alignas(sizeof(uint32_t)) static const struct {      \
		struct {                                                                                     \
			uint32_t n_namesz, n_descsz, n_type;                                                 \
		} nhdr;                                                                                      \
		char name[sizeof(VC_ELF_NOTE_DLOPEN_VENDOR)];                                                \
		_Alignas(sizeof(uint32_t)) char json_[sizeof(json)];                                         \
	} var = {                                                                                            \
		.nhdr = { sizeof(VC_ELF_NOTE_DLOPEN_VENDOR), sizeof(json), VC_ELF_NOTE_DLOPEN_TYPE },        \
		.name = VC_ELF_NOTE_DLOPEN_VENDOR,                                                           \
		.json_ = json,                                                                               \
	}
