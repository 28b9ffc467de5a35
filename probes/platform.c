/* Platform probe: Secure Boot, lockdown, module signing, kernel config, KVM settings, kernel log. */
#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "probes/probes.h"

#define EFI_GLOBAL    "8be4df61-93ca-11d2-aa0d-e3d4eb6ff2b8"
#define EFI_SHIM      "605dab50-e046-4300-abb6-3dd810dd8b23"
#define CONFIG_MAX    (1u << 20)
#define CONFIG_GZ_MAX (512u << 10)

static const char *const config_keys[] = {
	"CONFIG_KVM",
	"CONFIG_KVM_INTEL",
	"CONFIG_KVM_AMD",
	"CONFIG_KVM_AMD_SEV",
	"CONFIG_KVM_PVM",
	"CONFIG_X86_MSR",
	"CONFIG_MODULES",
	"CONFIG_MODULE_SIG",
	"CONFIG_MODULE_SIG_FORCE",
	"CONFIG_SECURITY_LOCKDOWN_LSM",
	"CONFIG_VFIO_PCI",
	"CONFIG_INTEL_IOMMU",
	"CONFIG_AMD_IOMMU",
	"CONFIG_HYPERV",
	"CONFIG_XEN",
};

/* The module parameters whose configuration decides who holds VT (module, parameter). */
static const struct {
	const char *module, *param;
} settings[] = {
	{ "kvm", "enable_virt_at_load" }, { "kvm_intel", "nested" }, { "kvm_amd", "nested" },
	{ "kvm_intel", "enable_apicv" },  { "kvm_amd", "avic" },
};

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

static void secure_boot(struct vc_ctx *ctx, struct vc_val *facts)
{
	enum vc_ftype t;
	int sb, setup, mok;

	if (vc_host_stat(ctx->host, "/sys/firmware/efi", &t) < 0 || t != VC_FT_DIR) {
		vc_obj_set(facts, "firmware", vc_str("bios"));
		vc_obj_set(facts, "secure_boot", vc_bool(false));
		vc_evidence(ctx, "/sys/firmware/efi absent: legacy BIOS boot, no Secure Boot");
		return;
	}
	vc_obj_set(facts, "firmware", vc_str("uefi"));
	sb = efi_byte(ctx, "SecureBoot-" EFI_GLOBAL);
	setup = efi_byte(ctx, "SetupMode-" EFI_GLOBAL);
	mok = efi_byte(ctx, "MokSBStateRT-" EFI_SHIM);
	vc_obj_set(facts, "secure_boot", sb < 0 ? vc_null() : vc_bool(sb == 1));
	vc_obj_set(facts, "setup_mode", setup < 0 ? vc_null() : vc_bool(setup == 1));
	/* shim's "mokutil --disable-validation": Secure Boot on, but shim no longer checks */
	vc_obj_set(facts, "shim_validation_disabled", vc_bool(mok == 1));
	vc_evidence(ctx, "EFI SecureBoot=%d SetupMode=%d MokSBStateRT=%d (-1: not readable)", sb, setup, mok);
}

/* /proc/config.gz, inflated in memory (bounded). */
static char *inflate_config(struct vc_ctx *ctx, const char *gz, size_t len)
{
	z_stream z = { 0 };
	size_t cap = 256u << 10, out = 0;
	char *buf;
	int r;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
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
		r = inflate(&z, Z_NO_FLUSH);
		out = cap - z.avail_out;
	} while (r == Z_OK);
	inflateEnd(&z);
	if (r != Z_STREAM_END) {
		vc_ctx_malformed(ctx, "/proc/config.gz", "not a complete gzip stream");
		free(buf);
		return NULL;
	}
	buf[out] = '\0';
	return buf;
}

static void kernel_config(struct vc_ctx *ctx, struct vc_val *facts)
{
	const char *rel = vc_get_str(ctx->host_facts, "kernel");
	_cleanup_(freep) char *text = NULL;
	char path[320];
	struct vc_val *cfg;
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
		vc_obj_set(facts, "kernel_config", vc_null());
		vc_evidence(ctx, "kernel configuration: neither /boot/config-%s nor /proc/config.gz",
			    rel ? rel : "?");
		return;
	}
	cfg = vc_obj_set(facts, "kernel_config", vc_obj());
	vc_obj_set(cfg, "source", vc_str(path));
	for (size_t i = 0; i < ARRAY_SIZE(config_keys); i++)
		vc_obj_set(cfg, config_keys[i], vc_null());
	cur = text;
	while ((line = next_line(&cur))) {
		char key[64], *eq;

		if (startswith(line, "# CONFIG_") && strstr(line, " is not set")) {
			snprintf(key, sizeof(key), "%.*s", (int)strcspn(line + 2, " "), line + 2);
			eq = "n";
		} else if (startswith(line, "CONFIG_") && (eq = strchr(line, '='))) {
			snprintf(key, sizeof(key), "%.*s", (int)(eq - line), line);
			eq++;
		} else {
			continue;
		}
		for (size_t i = 0; i < ARRAY_SIZE(config_keys); i++)
			if (strcmp(key, config_keys[i]) == 0) {
				vc_obj_set(cfg, key, vc_str(eq));
				vc_evidence(ctx, "%s: %s=%s", path, key, eq);
			}
	}
}

/*
 * Where each setting is configured. The kernel command line applies to built-in and loadable
 * modules alike; modprobe.d options apply when modprobe loads the module and come after the
 * command line's, so the last modprobe.d line wins for a loadable module.
 */
static void kvm_settings(struct vc_ctx *ctx, struct vc_val *facts)
{
	struct vc_val *out = vc_obj_set(facts, "kvm_settings", vc_obj());
	const struct vc_val *opts = vc_get(ctx->probes, "modules.config.options");
	const struct vc_val *cmd = vc_get(ctx->probes, "modules.config.cmdline");

	for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
		char key[96], path[128];
		const char *live, *state, *value = NULL, *source = NULL;
		char valbuf[64];
		struct vc_val *o, *srcs;

		snprintf(key, sizeof(key), "%s.%s", settings[i].module, settings[i].param);
		snprintf(path, sizeof(path), "modules.modules.%s.parameters.%s", settings[i].module,
			 settings[i].param);
		live = vc_get_str(ctx->probes, path);
		snprintf(path, sizeof(path), "modules.modules.%s.state", settings[i].module);
		state = vc_get_str(ctx->probes, path);
		struct vc_val *mod = vc_get(out, settings[i].module)
					     ? (struct vc_val *)vc_get(out, settings[i].module)
					     : vc_obj_set(out, settings[i].module, vc_obj());
		o = vc_obj_set(mod, settings[i].param, vc_obj());
		vc_obj_set(o, "live", live ? vc_str(vc_norm_bool(live)) : vc_null());
		srcs = vc_obj_set(o, "sources", vc_arr());
		for (size_t k = 0; cmd && k < cmd->c.n; k++) {
			const struct vc_val *e = cmd->c.items[k];

			if (streq_ptr(vc_get_str(e, "module"), settings[i].module) &&
			    streq_ptr(vc_get_str(e, "parameter"), settings[i].param)) {
				struct vc_val *s = vc_arr_push(srcs, vc_obj());

				const char *v = vc_norm_bool(vc_get_str(e, "value"));

				snprintf(valbuf, sizeof(valbuf), "%s", v ? v : "");
				vc_obj_set(s, "value", vc_str(valbuf));
				vc_obj_set(s, "source", vc_str("/proc/cmdline"));
				value = vc_get_str(s, "value");
				source = "/proc/cmdline";
			}
		}
		for (size_t k = 0; opts && k < opts->c.n && !streq_ptr(state, "builtin"); k++) {
			const struct vc_val *e = opts->c.items[k];
			const char *o_str = vc_get_str(e, "options");
			size_t plen = strlen(settings[i].param);

			if (!streq_ptr(vc_get_str(e, "module"), settings[i].module) || !o_str)
				continue;
			for (const char *p = o_str; (p = strstr(p, settings[i].param)); p += plen) {
				if ((p != o_str && p[-1] != ' ' && p[-1] != '\t') || p[plen] != '=')
					continue;
				snprintf(valbuf, sizeof(valbuf), "%.*s", (int)strcspn(p + plen + 1, " \t"),
					 p + plen + 1);
				struct vc_val *s = vc_arr_push(srcs, vc_obj());
				vc_obj_set(s, "value", vc_str(vc_norm_bool(valbuf)));
				vc_obj_set(s, "source", vc_str(vc_get_str(e, "source")));
				value = vc_get_str(s, "value");
				source = vc_get_str(s, "source");
			}
		}
		vc_obj_set(o, "configured", vc_str(value));
		vc_obj_set(o, "configured_by", vc_str(source));
		if (value)
			vc_evidence(ctx, "%s=%s set by %s (live value: %s)", key, value, source,
				    live ? vc_norm_bool(live) : "module not loaded");
		/* configured one way, running another: the module was loaded before the change */
		if (value && live && strcmp(value, vc_norm_bool(live)) != 0 &&
		    strcmp(settings[i].param, "enable_virt_at_load") == 0) {
			struct vc_finding *f = vc_finding(
				ctx, VC_SEV_WARNING, "platform.setting_pending",
				streq_ptr(state, "builtin")
					? "Reboot: the kernel command line is read only at boot."
					: "Reload the module when no VM runs: `sudo modprobe -r kvm_intel "
					  "kvm_amd kvm && sudo modprobe kvm` (or reboot).",
				"%s is configured as %s (%s) but the running module has %s: the change takes "
				"effect only when %s is loaded again.",
				key, value, source, vc_norm_bool(live), settings[i].module);
			vc_finding_evidence(f, "%s: %s=%s; /sys/module/%s/parameters/%s: %s", source, key,
					    value, settings[i].module, settings[i].param, live);
		}
	}
}

static const struct {
	const char *key;
	const char *const needles[4];
} log_kinds[] = {
	{ "bios_disabled",
	  { "disabled by BIOS", "disabled (by BIOS)", "not enabled (by BIOS)", "disabled by bios" } },
	{ "module_rejected",
	  { "Key was rejected by service", "module verification failed", "Loading of unsigned module",
	    "unsigned module loading is restricted" } },
	{ "virt_enable_failed",
	  { "enabling virtualization on CPU", "Hardware virtualization init failed",
	    "virtualization is already enabled", NULL } },
};

static void kernel_log(struct vc_ctx *ctx, struct vc_val *facts)
{
	struct vc_val *kl = vc_obj_set(facts, "kernel_log", vc_obj());
	char *const *lines;
	size_t n;
	int r = vc_host_lines(ctx->host, "kmsg", &lines, &n);
	char ebuf[16];

	vc_obj_set(kl, "available", vc_bool(r == 0));
	if (r < 0) {
		vc_obj_set(kl, "error", vc_str(errno_name(-r, ebuf)));
		vc_evidence(ctx, "kernel log: %s", r == -ENODATA ? "not in this capture" : strerror(-r));
		if (r == -EPERM || r == -EACCES)
			vc_finding(ctx, VC_SEV_INFO, "platform.kernel_log_unreadable", "sudo virtcheck",
				   "The kernel log is not readable for this user (kernel.dmesg_restrict): "
				   "firmware and module-signing messages are not checked.");
		return;
	}
	vc_obj_set(kl, "lines", vc_int((int64_t)n));
	for (size_t k = 0; k < ARRAY_SIZE(log_kinds); k++) {
		struct vc_val *arr = vc_obj_set(kl, log_kinds[k].key, vc_arr());

		for (size_t i = 0; i < n; i++) {
			const char *msg = lines[i];

			/* "LEVEL message" */
			msg += strspn(msg, "0123456789");
			msg += *msg == ' ';
			for (size_t j = 0; j < ARRAY_SIZE(log_kinds[k].needles) && log_kinds[k].needles[j];
			     j++)
				if (strstr(msg, log_kinds[k].needles[j])) {
					if (arr->c.n < 8) {
						vc_arr_push(arr, vc_str(msg));
						vc_evidence(ctx, "kernel log: %s", msg);
					}
					break;
				}
		}
	}
}

static int platform_run(struct vc_ctx *ctx, struct vc_val *facts)
{
	_cleanup_(freep) char *lockdown = NULL, *sig = NULL;

	secure_boot(ctx, facts);
	if (vc_ctx_read_value(ctx, "/sys/kernel/security/lockdown", &lockdown) == 0) {
		const char *open = strchr(lockdown, '['), *close = open ? strchr(open, ']') : NULL;

		if (open && close) {
			vc_obj_set(facts, "lockdown", vc_strf("%.*s", (int)(close - open - 1), open + 1));
			vc_evidence(ctx, "/sys/kernel/security/lockdown: %s", lockdown);
		} else {
			vc_ctx_malformed(ctx, "/sys/kernel/security/lockdown", "no [selected] mode");
			vc_obj_set(facts, "lockdown", vc_null());
		}
	} else {
		vc_obj_set(facts, "lockdown", vc_null());
	}
	if (vc_ctx_read_value(ctx, "/sys/module/module/parameters/sig_enforce", &sig) == 0)
		vc_obj_set(facts, "sig_enforce", vc_bool(strcmp(vc_norm_bool(sig), "Y") == 0));
	else
		vc_obj_set(facts, "sig_enforce", vc_null());
	kernel_config(ctx, facts);
	kvm_settings(ctx, facts);
	kernel_log(ctx, facts);
	return 0;
}

const struct vc_probe probe_platform = {
	.name = "platform",
	.id = VC_PROBE_PLATFORM,
	.summary = "Secure Boot, lockdown, module signing, kernel configuration, KVM settings and the kernel "
		   "log",
	.run = platform_run,
};
