/* Platform probe: Secure Boot, lockdown, module signing, kernel config, KVM settings, kernel log. */
#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "lib/base/dlib.h"
#include "probes/probes.h"

/* EFI_GLOBAL_VARIABLE_GUID (UEFI specification; include/linux/efi.h) */
#define EFI_GLOBAL    "8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define EFI_SHIM      "605dab50-e046-4300-abb6-3dd810dd8b23"
#define CONFIG_MAX    (1u << 20)
#define CONFIG_GZ_MAX (512u << 10)

/* The module parameters whose configuration decides who holds VT, and where their facts go. */
#define SETTING(mod, param)                                                                                  \
	{                                                                                                    \
#mod, #param, offsetof(struct vc_platform_facts, kvm_settings.mod.param)                     \
	}
static const struct {
	const char *module, *param;
	size_t off;
} settings[] = {
	SETTING(kvm, enable_virt_at_load), SETTING(kvm_intel, nested), SETTING(kvm_amd, nested),
	SETTING(kvm_intel, enable_apicv),  SETTING(kvm_amd, avic),
};
#undef SETTING

/* One EFI variable's data byte (after the 4-byte attributes); -1 when absent or malformed. */
static int efi_byte(struct vc_ctx *ctx, const char *name)
{
	_cleanup_(freep) char *buf = NULL;
	char path[160];
	size_t len;

	snprintf(path, sizeof(path), "/sys/firmware/efi/efivars/%s", name);
	if (vc_ctx_read(ctx, path, 64, &buf, &len) < 0)
		return -1;
	if (len < 5) {
		vc_ctx_malformed(ctx, path, "shorter than the 4-byte attributes and a value");
		return -1;
	}
	return (unsigned char)buf[4];
}

static void secure_boot(struct vc_ctx *ctx, struct vc_platform_facts *pf)
{
	enum vc_ftype t;
	int sb, setup, mok;

	if (vc_host_stat(ctx->host, "/sys/firmware/efi", &t) < 0 || t != VC_FT_DIR) {
		pf->firmware = VC_FW_BIOS;
		pf->secure_boot = VC_TRI_FALSE;
		vc_evidence(ctx, "/sys/firmware/efi absent: legacy BIOS boot, no Secure Boot");
		return;
	}
	pf->firmware = VC_FW_UEFI;
	pf->uefi = true;
	sb = efi_byte(ctx, "SecureBoot-" EFI_GLOBAL);
	setup = efi_byte(ctx, "SetupMode-" EFI_GLOBAL);
	mok = efi_byte(ctx, "MokSBStateRT-" EFI_SHIM);
	pf->secure_boot = sb < 0 ? VC_TRI_NULL : vc_tri(sb == 1);
	pf->setup_mode = setup < 0 ? VC_TRI_NULL : vc_tri(setup == 1);
	/* shim's "mokutil --disable-validation": Secure Boot on, but shim no longer checks */
	pf->shim_validation_disabled = mok == 1;
	vc_evidence(ctx, "EFI SecureBoot=%d SetupMode=%d MokSBStateRT=%d (-1: not readable)", sb, setup, mok);
}

/* zlib, loaded only where a kernel has no /boot/config-RELEASE (lib/base/dlib.h) */
static struct vc_dlib libz = { .soname = "libz.so.1", .package = "zlib1g" };

VC_DLSYM(inflateInit2_);
VC_DLSYM(inflate);
VC_DLSYM(inflateEnd);

static int dlopen_libz(void)
{
	VC_ELF_NOTE_DLOPEN("zlib", "Reading /proc/config.gz where /boot/config-RELEASE is missing",
			   "required", "libz.so.1");
	return vc_dlib_load(&libz, VC_DLSYM_ARG(inflateInit2_), VC_DLSYM_ARG(inflate),
			    VC_DLSYM_ARG(inflateEnd));
}

/* /proc/config.gz, inflated in memory (bounded). */
static char *inflate_config(struct vc_ctx *ctx, const char *gz, size_t len)
{
	z_stream z = { 0 };
	size_t cap = 256u << 10, out = 0;
	char *buf;
	int r;

	if (dlopen_libz() < 0) {
		vc_evidence(ctx, "/proc/config.gz: not read: %s", libz.why);
		return NULL;
	}
	if (sym_inflateInit2_(&z, 16 + MAX_WBITS, ZLIB_VERSION, (int)sizeof(z)) != Z_OK)
		return NULL;
	buf = xmalloc(cap + 1);
	z.next_in = (Bytef *)gz;
	z.avail_in = (uInt)len;
	do {
		if (out == cap) {
			if (cap >= (size_t)CONFIG_MAX * 4)
				break;
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		z.next_out = (Bytef *)buf + out;
		z.avail_out = (uInt)(cap - out);
		r = sym_inflate(&z, Z_NO_FLUSH);
		out = cap - z.avail_out;
	} while (r == Z_OK);
	sym_inflateEnd(&z);
	if (r != Z_STREAM_END) {
		vc_ctx_malformed(ctx, "/proc/config.gz", "not a complete gzip stream");
		free(buf);
		return NULL;
	}
	buf[out] = '\0';
	return buf;
}

static void kernel_config(struct vc_ctx *ctx, struct vc_platform_facts *pf)
{
	const char *rel = ctx->facts.kernel;
	_cleanup_(freep) char *text = NULL;
	size_t klen[VC_NCONFIG];
	char path[320];
	char *cur, *line;

	snprintf(path, sizeof(path), "/boot/config-%s", rel ? rel : "");
	if (!rel || strchr(rel, '/') || vc_ctx_read(ctx, path, CONFIG_MAX, &text, NULL) < 0) {
		_cleanup_(freep) char *gz = NULL;
		size_t len;

		snprintf(path, sizeof(path), "/proc/config.gz");
		if (vc_ctx_read(ctx, path, CONFIG_GZ_MAX, &gz, &len) == 0)
			text = inflate_config(ctx, gz, len);
	}
	if (!text) {
		vc_evidence(ctx, "kernel configuration: neither /boot/config-%s nor /proc/config.gz",
			    rel ? rel : "?");
		return;
	}
	pf->has_kernel_config = true;
	pf->kernel_config.source = xstrdup(path);
	for (size_t i = 0; i < VC_NCONFIG; i++)
		klen[i] = strlen(vc_config_keys[i]);
	/* thousands of lines, a handful of keys: each line's key is measured in place and compared
	 * by length first; the last line for a key wins */
	cur = text;
	while ((line = next_line(&cur))) {
		const char *key, *eq;
		size_t len;

		if (startswith(line, "CONFIG_")) {
			key = line;
			eq = strchr(line, '=');
			if (!eq)
				continue;
			len = (size_t)(eq - line);
			eq++;
		} else if (startswith(line, "# CONFIG_")) {
			key = line + 2;
			len = strcspn(key, " ");
			if (!strstr(key + len, " is not set"))
				continue;
			eq = "n";
		} else {
			continue;
		}
		for (size_t i = 0; i < VC_NCONFIG; i++)
			if (len == klen[i] && memcmp(key, vc_config_keys[i], len) == 0) {
				free(pf->kernel_config.value[i]);
				pf->kernel_config.value[i] = xstrdup(eq);
				vc_evidence(ctx, "%s: %.*s=%s", path, (int)len, key, eq);
			}
	}
}

/*
 * Where each setting is configured. The kernel command line applies to built-in and loadable
 * modules alike; modprobe.d options apply when modprobe loads the module and come after the
 * command line's, so the last modprobe.d line wins for a loadable module.
 */
static void kvm_settings(struct vc_ctx *ctx, struct vc_platform_facts *pf)
{
	const struct vc_modules_facts *mf = &ctx->facts.modules;

	for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
		struct vc_setting *o = (struct vc_setting *)((char *)pf + settings[i].off);
		const char *live = vc_facts_param(&ctx->facts, settings[i].module, settings[i].param);
		enum vc_modstate state = vc_facts_modstate(&ctx->facts, settings[i].module);
		char key[96], valbuf[64];

		snprintf(key, sizeof(key), "%s.%s", settings[i].module, settings[i].param);
		o->live = live ? xstrdup(vc_norm_bool(live)) : NULL;
		for (size_t k = 0; k < mf->config.cmdline.n; k++) {
			const struct vc_cmdline_param *e = &mf->config.cmdline.v[k];

			if (streq_ptr(e->module, settings[i].module) &&
			    streq_ptr(e->parameter, settings[i].param)) {
				struct vc_setting_source *src = VC_PUSH(o->sources);
				const char *v = vc_norm_bool(e->value);

				snprintf(valbuf, sizeof(valbuf), "%s", v ? v : "");
				src->value = xstrdup(valbuf);
				src->source = xstrdup("/proc/cmdline");
			}
		}
		for (size_t k = 0; k < mf->config.options.n && state != VC_MOD_BUILTIN; k++) {
			const struct vc_modprobe_line *e = &mf->config.options.v[k];
			size_t plen = strlen(settings[i].param);

			if (!streq_ptr(e->module, settings[i].module) || !e->value)
				continue;
			for (const char *p = e->value; (p = strstr(p, settings[i].param)); p += plen) {
				if ((p != e->value && p[-1] != ' ' && p[-1] != '\t') || p[plen] != '=')
					continue;
				snprintf(valbuf, sizeof(valbuf), "%.*s", (int)strcspn(p + plen + 1, " \t"),
					 p + plen + 1);
				struct vc_setting_source *src = VC_PUSH(o->sources);
				src->value = xstrdup(vc_norm_bool(valbuf));
				src->source = xstrdup(e->source);
			}
		}
		/* the last source wins: the command line, then modprobe.d in kmod's order */
		if (o->sources.n) {
			o->configured = xstrdup(o->sources.v[o->sources.n - 1].value);
			o->configured_by = xstrdup(o->sources.v[o->sources.n - 1].source);
		}
		const char *value = o->configured, *source = o->configured_by;
		if (value)
			vc_evidence(ctx, "%s=%s set by %s (live value: %s)", key, value, source,
				    live ? vc_norm_bool(live) : "module not loaded");
		/* configured one way, running another: the module was loaded before the change */
		if (value && live && strcmp(value, vc_norm_bool(live)) != 0 &&
		    strcmp(settings[i].param, "enable_virt_at_load") == 0) {
			struct vc_finding *f = vc_finding(
				ctx, VC_SEV_WARNING, VC_FID_PLATFORM_SETTING_PENDING,
				"%s is configured as %s (%s) but the running module has %s: the change takes "
				"effect only when %s is loaded again.",
				key, value, source, vc_norm_bool(live), settings[i].module);
			/* the setting is already written down: what is left is loading it again */
			if (state == VC_MOD_BUILTIN)
				vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true,
						  "Reboot: the kernel command line is read only at boot.");
			else
				vc_finding_remedy(
					f, VC_REMEDY_PERSISTENT, false,
					"Reload the module when no VM runs: `sudo modprobe -r kvm_intel "
					"kvm_amd kvm && sudo modprobe kvm` (or reboot).");
			vc_finding_evidence(f, "%s: %s=%s; /sys/module/%s/parameters/%s: %s", source, key,
					    value, settings[i].module, settings[i].param, live);
		}
	}
}

/* modprobe's and insmod's words for ENOKEY: module_sig_check() refusing, where signatures are
 * enforced, a module signed with a key not enrolled, and before "Loading of unsigned module"
 * (-ENODATA) an unsigned one too ("Not having a signature is only an error if we're strict": err ==
 * -ENOKEY); only beside a module's load, since ecryptfs, fscrypt, CIFS's mount and kexec print the
 * same strerror */
static const char *const module_load_words[] = {
	"could not insert", "Failed to insert module", "init_module", "insmod:", "modprobe:", NULL
};

static const struct {
	size_t off; /* of the struct vc_strv in struct vc_platform_facts */
	const char *const needles[7];
	const char *const *with; /* NULL, or words one of which the line must have too */
} log_kinds[] = {
	{ .off = offsetof(struct vc_platform_facts, kernel_log.bios_disabled),
	  .needles = { "disabled by BIOS", "disabled (by BIOS)", "not enabled (by BIOS)",
		       "disabled by bios" } },
	{ .off = offsetof(struct vc_platform_facts, kernel_log.module_rejected),
	  /* kernel/module/signing.c: "Loading of %s is rejected" for "unsigned module", "module with
	   * unavailable key" (a signature whose key is not enrolled), "module with unsupported crypto";
	   * older kernels: "PKCS#7 signature not signed with a trusted key" */
	  .needles = { "Key was rejected by service", "module verification failed",
		       "Loading of unsigned module", "Loading of module with",
		       "unsigned module loading is restricted", "not signed with a trusted key", NULL } },
	{ .off = offsetof(struct vc_platform_facts, kernel_log.module_rejected),
	  .needles = { "Required key not available", NULL },
	  .with = module_load_words },
	{ .off = offsetof(struct vc_platform_facts, kernel_log.virt_enable_failed),
	  .needles = { "enabling virtualization on CPU", "Hardware virtualization init failed",
		       "virtualization is already enabled", NULL } },
	{ .off = offsetof(struct vc_platform_facts, kernel_log.driver_refused),
	  .needles = { "FRED is active", "Unknown symbol preempt_notifier", "unknown symbol preempt_notifier",
		       /* ChromeOS's module locking: "Chromium OS LSM: init_module denied module=..." (its
			* security/chromiumos/lsm.c reports "denied" and "old-api-denied" where it refuses;
			* "locking-ignored" where module_locking=0 lets the module through) */
		       "Chromium OS LSM: init_module denied",
		       "Chromium OS LSM: init_module old-api-denied" } },
	/* arch/x86/virt/vmx/tdx/tdx.c (pr_fmt "virt/tdx: "): pr_info("module initialized\n") in
	 * __tdx_enable() since 6.8 (kvm_intel brings TDX up with tdx=1 from 6.16), pr_info("TDX-Module
	 * initialized\n") in tdx_enable() at subsys_initcall since 7.1 (165e77353831); the failures
	 * ("module initialization failed", "TDX-Module initialization failed") match neither */
	{ .off = offsetof(struct vc_platform_facts, kernel_log.tdx_initialized),
	  .needles = { "virt/tdx: TDX-Module initialized", "virt/tdx: module initialized", NULL } },
	/* a module built against another kernel's headers, each refused with -ENOEXEC (modprobe's
	 * "Exec format error"): kernel/module/main.c's "module %s: .gnu.linkonce.this_module section
	 * size must match the kernel's built struct module size at run time" and check_modinfo()'s
	 * "version magic '%s' should be '%s'", kernel/module/version.c's "disagrees about version of
	 * symbol" (mkubecek/vmware-host-modules#229: headers of another kernel) */
	{ .off = offsetof(struct vc_platform_facts, kernel_log.module_abi),
	  .needles = { "this_module section size must match the kernel's built struct module size",
		       "disagrees about version of symbol", "version magic '", NULL } },
};

bool vc_platform_log_line(struct vc_platform_facts *pf, const char *msg)
{
	bool hit = false;

	for (size_t k = 0; k < ARRAY_SIZE(log_kinds); k++) {
		struct vc_strv *arr = (struct vc_strv *)((char *)pf + log_kinds[k].off);
		const char *const *with = log_kinds[k].with;
		bool context = !with;

		for (; with && *with && !context; with++)
			context = strstr(msg, *with) != NULL;
		for (size_t j = 0; context && j < ARRAY_SIZE(log_kinds[k].needles) && log_kinds[k].needles[j];
		     j++)
			if (strstr(msg, log_kinds[k].needles[j])) {
				if (arr->n < 8) {
					vc_strv_push(arr, msg);
					hit = true;
				}
				break;
			}
	}
	return hit;
}

static void kernel_log(struct vc_ctx *ctx, struct vc_platform_facts *pf)
{
	char *const *lines;
	size_t n;
	int r = vc_host_lines(ctx->host, "kmsg", &lines, &n);
	char ebuf[16];

	pf->kernel_log.available = r == 0;
	if (r < 0) {
		pf->kernel_log.error = xstrdup(errno_name(-r, ebuf));
		vc_evidence(ctx, "kernel log: %s", r == -ENODATA ? "not in this capture" : strerror(-r));
		if (r == -EPERM || r == -EACCES)
			vc_finding_remedy(vc_finding(ctx, VC_SEV_INFO, VC_FID_PLATFORM_KERNEL_LOG_UNREADABLE,
						     "The kernel log is not readable for this user "
						     "(kernel.dmesg_restrict): firmware and module-signing "
						     "messages are not checked."),
					  VC_REMEDY_TEMPORARY, false, "sudo virtcheck");
		return;
	}
	pf->kernel_log.lines = (unsigned)n;
	for (size_t i = 0; i < n; i++) {
		const char *msg = lines[i];

		/* "LEVEL message" */
		msg += strspn(msg, "0123456789");
		msg += *msg == ' ';
		if (vc_platform_log_line(pf, msg))
			vc_evidence(ctx, "kernel log: %s", msg);
	}
}

/* Where this host's kernel command line is set, for remedies that change it. */
static enum vc_boot_loader boot_loader(struct vc_ctx *ctx)
{
	static const struct {
		const char *path;
		enum vc_boot_loader loader;
	} marks[] = {
		{ "/usr/sbin/grubby", VC_BOOT_GRUBBY },
		{ "/sbin/grubby", VC_BOOT_GRUBBY },
		{ "/usr/sbin/update-grub", VC_BOOT_GRUB },
		{ "/etc/default/grub", VC_BOOT_GRUB },
		{ "/etc/kernel/cmdline", VC_BOOT_KERNEL_CMDLINE },
	};
	enum vc_ftype t;

	for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
		if (vc_host_stat(ctx->host, marks[i].path, &t) == 0)
			return marks[i].loader;
	return VC_BOOT_UNKNOWN;
}

static int platform_fill(struct vc_ctx *ctx)
{
	struct vc_platform_facts *pf = &ctx->facts.platform;
	_cleanup_(freep) char *lockdown = NULL, *sig = NULL;

	secure_boot(ctx, pf);
	if (vc_ctx_read_value(ctx, "/sys/kernel/security/lockdown", &lockdown) == 0) {
		const char *open = strchr(lockdown, '['), *close = open ? strchr(open, ']') : NULL;

		if (open && close) {
			pf->lockdown = xstrndup(open + 1, (size_t)(close - open - 1));
			vc_evidence(ctx, "/sys/kernel/security/lockdown: %s", lockdown);
		} else {
			vc_ctx_malformed(ctx, "/sys/kernel/security/lockdown", "no [selected] mode");
		}
	}
	if (vc_ctx_read_value(ctx, "/sys/module/module/parameters/sig_enforce", &sig) == 0)
		pf->sig_enforce = vc_tri(strcmp(vc_norm_bool(sig), "Y") == 0);
	kernel_config(ctx, pf);
	kvm_settings(ctx, pf);
	kernel_log(ctx, pf);
	pf->boot_loader = boot_loader(ctx);
	return 0;
}

const struct vc_probe probe_platform = {
	.name = "platform",
	.id = VC_PROBE_PLATFORM,
	.needs = VC_P(VC_PROBE_MODULES),
	.summary = "Secure Boot, lockdown, module signing, kernel configuration, KVM settings and the kernel "
		   "log",
	.fill = platform_fill,
};
