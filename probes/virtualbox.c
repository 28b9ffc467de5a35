/* VirtualBox probe: installed version, driver, KVM-backend builds, failures recorded in its logs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/model/catalog.h"
#include "lib/model/remedies.h"
#include "lib/verdict/knowledge.h"
#include "probes/probes.h"

#define CFG_MAX	 65536
#define DPKG_MAX (64u << 20)
/* One unprivileged user must not make root's report slow or its capture huge (64 VM folders of
 * sparse 32 MiB logs took 39 s and 4 GiB): each log's last 1 MiB (where a failure is), 4 MiB in all. */
#define LOG_TAIL    (1u << 20)
#define LOGS_BUDGET (4u << 20)
#define MAX_USERS   32
#define MAX_VMS	    64

/* Oracle's packages, Debian, Ubuntu, Arch, openSUSE: /usr/lib/virtualbox; Oracle's .run installer:
 * /opt/VirtualBox; RPM Fusion's VirtualBox on Fedora: /usr/lib64/virtualbox
 * (VirtualBox/virtualbox#425: "Failed to load R0 module /usr/lib64/virtualbox/VMMR0.r0"). */
static const char *const install_dirs[] = { "/usr/lib/virtualbox", "/opt/VirtualBox",
					    "/usr/lib64/virtualbox" };

/* "7.1.6 r167084 (0x00340001)", "7.1.6-167084~Debian~bookworm", "7.1.6_OSE" -> "7.1.6" */
static bool version_prefix(const char *s, char *out, size_t len)
{
	unsigned a, b, c;
	int n = 0;

	if (!s || sscanf(s, "%u.%u.%u%n", &a, &b, &c, &n) != 3 || a > 99 || b > 99 || c > 999)
		return false;
	snprintf(out, len, "%u.%u.%u", a, b, c);
	return true;
}

/* Debian/Ubuntu: the dpkg status stanza of an installed virtualbox package. */
static bool dpkg_version(struct vc_ctx *ctx, char *ver, size_t vlen, char *pkg, size_t plen)
{
	_cleanup_(freep) char *status = NULL;
	char *cur, *line, name[64] = "", version[128] = "";
	bool installed = false, found = false;

	if (vc_host_read(ctx->host, "/var/lib/dpkg/status", DPKG_MAX, &status, NULL) < 0)
		return false;
	cur = status;
	while (!found) {
		line = next_line(&cur);
		if (!line || !*line) { /* end of a stanza */
			if (installed &&
			    (strcmp(name, "virtualbox") == 0 || startswith(name, "virtualbox-")) &&
			    !strstr(name, "guest") && !strstr(name, "dkms") && !strstr(name, "qt") &&
			    version_prefix(version, ver, vlen)) {
				snprintf(pkg, plen, "%s", name);
				found = true;
			}
			name[0] = version[0] = '\0';
			installed = false;
			if (!line)
				break;
			continue;
		}
		if (startswith(line, "Package: "))
			snprintf(name, sizeof(name), "%s", line + 9);
		else if (startswith(line, "Version: "))
			snprintf(version, sizeof(version), "%s", line + 9);
		else if (startswith(line, "Status: "))
			installed = strstr(line, " installed") != NULL && !strstr(line, "not-installed");
	}
	return found;
}

/* VirtualBox's own installers write INSTALL_DIR, INSTALL_VER, INSTALL_REV to /etc/vbox/vbox.cfg. */
static bool cfg_version(struct vc_ctx *ctx, char *ver, size_t vlen, char *dir, size_t dlen)
{
	_cleanup_(freep) char *cfg = NULL;
	char *cur, *line;
	bool found = false;

	if (vc_ctx_read(ctx, "/etc/vbox/vbox.cfg", CFG_MAX, &cfg, NULL) < 0)
		return false;
	cur = cfg;
	while ((line = next_line(&cur))) {
		char *v = strchr(line, '=');

		if (!v)
			continue;
		*v++ = '\0';
		v += *v == '\'' || *v == '"';
		v[strcspn(v, "'\"")] = '\0';
		if (strcmp(line, "INSTALL_VER") == 0)
			found = version_prefix(v, ver, vlen);
		else if (strcmp(line, "INSTALL_DIR") == 0)
			snprintf(dir, dlen, "%s", v);
	}
	return found;
}

/* RPM Fusion (Fedora): akmod-VirtualBox keeps the source package of the driver it builds as
 * /usr/src/akmods/VirtualBox-kmod-VERSION-RELEASE.src.rpm, the version of the VirtualBox package it
 * comes with (their versions move together); the highest one is the installed release. The rpm
 * database itself is not read. */
static bool akmods_version(struct vc_ctx *ctx, char *ver, size_t vlen, char *pkg, size_t plen)
{
	static const char prefix[] = "VirtualBox-kmod-";
	char **names = NULL, best[32] = "";
	unsigned long best_code = 0;
	size_t n = 0;

	if (vc_host_list(ctx->host, "/usr/src/akmods", &names, &n) < 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char v[32];
		unsigned a, b, c;

		if (!startswith(names[i], prefix) || !endswith(names[i], ".src.rpm") ||
		    !version_prefix(names[i] + strlen(prefix), v, sizeof(v)) ||
		    sscanf(v, "%u.%u.%u", &a, &b, &c) != 3)
			continue;
		if (!best[0] || (a * 100000ul + b * 1000ul + c) > best_code) {
			best_code = a * 100000ul + b * 1000ul + c;
			snprintf(best, sizeof(best), "%s", v);
		}
	}
	vc_strv_free(names);
	if (!best[0])
		return false;
	snprintf(ver, vlen, "%s", best);
	snprintf(pkg, plen, "%s", "VirtualBox");
	return true;
}

/* Arch (pacman): the %NAME% and %VERSION% of an installed VirtualBox package in
 * /var/lib/pacman/local/NAME-VERSION-REL/desc (virtualbox; virtualbox-kvm, the AUR's KVM-backend
 * build). The version may be empty when it does not start with x.y.z. */
static bool pacman_version(struct vc_ctx *ctx, char *ver, size_t vlen, char *pkg, size_t plen)
{
	static const char *const not_vbox[] = { "guest", "host", "ext", "sdk", "dkms", "modules" };
	char **names = NULL;
	size_t n = 0;
	bool found = false;

	if (vc_host_list(ctx->host, "/var/lib/pacman/local", &names, &n) < 0)
		return false;
	for (size_t i = 0; i < n && !found; i++) {
		_cleanup_(freep) char *path = NULL, *desc = NULL;
		char *cur, *line, *name = NULL, *version = NULL;
		bool other = false;

		if (!startswith(names[i], "virtualbox") || strchr(names[i], '/'))
			continue;
		path = xasprintf("/var/lib/pacman/local/%s/desc", names[i]);
		if (vc_host_read(ctx->host, path, 1u << 16, &desc, NULL) < 0)
			continue;
		cur = desc;
		while ((line = next_line(&cur))) {
			if (!strcmp(line, "%NAME%"))
				name = next_line(&cur);
			else if (!strcmp(line, "%VERSION%"))
				version = next_line(&cur);
		}
		if (!name || (strcmp(name, "virtualbox") != 0 && !startswith(name, "virtualbox-")))
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(not_vbox); k++)
			other |= strstr(name + strlen("virtualbox"), not_vbox[k]) != NULL;
		if (other)
			continue;
		snprintf(pkg, plen, "%s", name);
		if (!version || !version_prefix(version, ver, vlen))
			ver[0] = '\0';
		found = true;
	}
	vc_strv_free(names);
	return found;
}

/*
 * NixOS: environment.systemPackages appear in /run/current-system/sw (nixos/modules/config/
 * system-path.nix; top-level.nix links system.path as sw); the booted system's modules are in
 * /run/booted-system/kernel-modules (top-level.nix: ln -s modulesTree $out/kernel-modules). The
 * VirtualBox host module (nixos/modules/virtualisation/virtualbox-host.nix, NixOS/nixpkgs
 * eddf58151840) adds the vbox modules to boot.extraModulePackages only without enableKvm, and its
 * setuid wrappers (/run/wrappers/bin, with enableHardening, the default) either way.
 */
#define NIXOS_VBOXMANAGE "/run/current-system/sw/bin/VBoxManage"
#define NIXOS_MODULES	 "/run/booted-system/kernel-modules"

static bool nixos_vbox_wrappers(struct vc_ctx *ctx)
{
	enum vc_ftype t;

	return vc_host_stat(ctx->host, "/run/wrappers/bin/VBoxHeadless", &t) == 0 ||
	       vc_host_stat(ctx->host, "/run/wrappers/bin/VirtualBoxVM", &t) == 0;
}

/*
 * Which VirtualBox the booted NixOS configured (virtualbox-host.nix, NixOS/nixpkgs eddf58151840).
 * Without enableKvm the host module puts vboxdrv in boot.kernelModules, which NixOS writes to
 * /etc/modules-load.d/nixos.conf (nixos/modules/system/boot/kernel.nix), and a KERNEL=="vboxdrv"
 * rule in services.udev.extraRules, which lands in /etc/udev/rules.d/99-local.rules
 * (nixos/modules/services/hardware/udev.nix). With enableKvm it has neither, only its USB rules
 * (VBoxCreateUSBNode.sh) and, with enableHardening (the default, often turned off with enableKvm),
 * its wrappers. VirtualBox in environment.systemPackages alone has none of these.
 */
enum nixos_vbox { NIXOS_VBOX_UNKNOWN, NIXOS_VBOX_NO_HOST_MODULE, NIXOS_VBOX_DRIVER, NIXOS_VBOX_KVM };

static enum nixos_vbox nixos_vbox_host(struct vc_ctx *ctx)
{
	_cleanup_(freep) char *conf = NULL, *rules = NULL;
	bool have_conf =
		vc_host_read(ctx->host, "/etc/modules-load.d/nixos.conf", 1u << 16, &conf, NULL) == 0;
	bool have_rules =
		vc_host_read(ctx->host, "/etc/udev/rules.d/99-local.rules", 1u << 20, &rules, NULL) == 0;
	bool usb = have_rules && strstr(rules, "VBoxCreateUSBNode.sh");
	char *cur = conf, *line;

	while (have_conf && (line = next_line(&cur)))
		if (!strcmp(line, "vboxdrv"))
			return NIXOS_VBOX_DRIVER;
	if (have_rules && strstr(rules, "KERNEL==\"vboxdrv\""))
		return NIXOS_VBOX_DRIVER;
	if (usb || ((have_conf || have_rules) && nixos_vbox_wrappers(ctx)))
		return NIXOS_VBOX_KVM;
	return have_conf && have_rules ? NIXOS_VBOX_NO_HOST_MODULE : NIXOS_VBOX_UNKNOWN;
}

struct log_hit {
	const struct vc_known_error *err;
	char path[1024];
};

/* What the VM logs cost, and what was left unread. */
struct log_scan {
	size_t used;
	unsigned read, over_budget, foreign;
	/* "NEM: KVM capabilities (system):": the KVM backend opened /dev/kvm and runs this VM
	 * (NEMR3Native-linux.cpp); an official build without it logs "NEM: NEMR3Init: Not available" */
	bool nem_kvm;
};

static void scan_log(struct vc_ctx *ctx, const char *path, uint32_t uid, struct log_scan *ls,
		     struct log_hit *last)
{
	_cleanup_(freep) char *text = NULL;
	struct vc_vbox_log *o = NULL;
	enum vc_ftype t;
	unsigned owner;
	size_t len;

	if (vc_host_stat(ctx->host, path, &t) < 0 || t != VC_FT_REG)
		return;
	/* live: a file in a user's home that another user owns was put there to be read as root */
	if (vc_host_owner(ctx->host, path, &owner) == 0 && owner != uid) {
		ls->foreign++;
		return;
	}
	if (ls->used >= LOGS_BUDGET) {
		ls->over_budget++;
		return;
	}
	/* a user's file, read as root: no symlink followed (a link to /etc/shadow stays unread), and
	 * the file read is the one looked at, with no second link (a hard link renamed over the log
	 * after its owner was read, a device node, is not read or opened) */
	if (vc_host_read_flags(ctx->host, path,
			       LOGS_BUDGET - ls->used < LOG_TAIL ? LOGS_BUDGET - ls->used : LOG_TAIL,
			       VC_READ_UNTRUSTED | VC_READ_TAIL | VC_READ_SOLE_LINK, &text, &len) < 0)
		return;
	ls->used += len;
	ls->read++;
	if (memmem(text, len, "NEM: KVM capabilities", strlen("NEM: KVM capabilities")) && !ls->nem_kvm) {
		ls->nem_kvm = true;
		vc_evidence(ctx, "%s: \"NEM: KVM capabilities\": VirtualBox's KVM backend ran this VM", path);
	}
	for (size_t i = 0; i < vc_nknown_errors; i++) {
		const struct vc_known_error *e = &vc_known_errors[i];

		/* generic IPRT statuses (VERR_NOT_SUPPORTED, -37) show up in healthy logs too */
		if (strcmp(e->source, "virtualbox") != 0 || e->vbox_code > -100 ||
		    !memmem(text, len, e->id, strlen(e->id)))
			continue;
		if (!o) {
			o = VC_PUSH(ctx->facts.virtualbox.logs);
			o->path = xstrdup(path);
		}
		vc_strv_push(&o->errors, e->id);
		vc_evidence(ctx, "%s: %s (%d)", path, e->id, e->vbox_code);
		last->err = e;
		snprintf(last->path, sizeof(last->path), "%s", path);
	}
}

/* VM logs under each user's default machine folder: ~/VirtualBox VMs/NAME/Logs/. */
static void vm_logs(struct vc_ctx *ctx, struct log_hit *last, bool *ret_nem)
{
	_cleanup_(freep) char *passwd = NULL;
	struct log_scan ls = { 0 };
	char *cur, *line;
	size_t users = 0;

	if (vc_host_read(ctx->host, "/etc/passwd", 1u << 20, &passwd, NULL) < 0)
		return;
	cur = passwd;
	while ((line = next_line(&cur)) && users < MAX_USERS) {
		char *f[7] = { NULL }, base[512];
		char **vms = NULL;
		size_t i = 0, nvms = 0;
		uint32_t uid;

		for (char *t = strsep(&line, ":"); t && i < 7; t = strsep(&line, ":"))
			f[i++] = t;
		if (i < 7 || parse_u32(f[2], 10, &uid) < 0 || (uid != 0 && (uid < 1000 || uid >= 60000)) ||
		    f[5][0] != '/' || strstr(f[5], ".."))
			continue;
		users++;
		snprintf(base, sizeof(base), "%s/VirtualBox VMs", strcmp(f[5], "/") ? f[5] : "");
		if (vc_host_list_untrusted(ctx->host, base, &vms, &nvms) < 0)
			continue;
		for (size_t k = 0; k < nvms && k < MAX_VMS; k++) {
			static const char *const files[] = { "VBox.log", "VBoxHardening.log" };

			for (size_t j = 0; j < ARRAY_SIZE(files); j++) {
				char path[1024];

				snprintf(path, sizeof(path), "%s/%s/Logs/%s", base, vms[k], files[j]);
				scan_log(ctx, path, uid, &ls, last);
			}
		}
		vc_strv_free(vms);
	}
	*ret_nem = ls.nem_kvm;
	if (ls.read || ls.over_budget || ls.foreign)
		vc_evidence(
			ctx,
			"VM logs: %u read (%zu KiB: the last %u KiB of each, %u KiB in all); %u left unread "
			"over that budget; %u skipped, not owned by the user whose home holds them",
			ls.read, ls.used >> 10, LOG_TAIL >> 10, LOGS_BUDGET >> 10, ls.over_budget,
			ls.foreign);
}

/* /var/log/vbox-setup.log: why vboxconfig could not build the driver (compiler, modpost and depmod
 * errors; the log may be in the user's language). Bounded: the matching lines only, at most 8. */
static void setup_log(struct vc_ctx *ctx, struct vc_strv *out)
{
	static const char *const needles[] = { "error",	     "erreur",	   "fehler",
					       "undeclared", "undefined!", "unknown symbol" };
	_cleanup_(freep) char *text = NULL;
	char *cur, *line;

	if (vc_ctx_read(ctx, "/var/log/vbox-setup.log", 1u << 20, &text, NULL) < 0)
		return;
	cur = text;
	while ((line = next_line(&cur)) && out->n < 8) {
		bool hit = false;

		for (size_t i = 0; i < ARRAY_SIZE(needles) && !hit; i++)
			hit = vc_strcasestr(line, needles[i]) != NULL;
		if (!hit)
			continue;
		line[strnlen(line, 240)] = '\0';
		vc_strv_push(out, line);
		vc_evidence(ctx, "/var/log/vbox-setup.log: %s", line);
	}
}

/* vboxdrv.ko for the running kernel, where vboxconfig, DKMS and distribution packages put it:
 * its path (compressed as the distribution installs it), or NULL. */
static char *vboxdrv_ko_path(struct vc_ctx *ctx)
{
	/* extramodules: Arch's prebuilt virtualbox-host-modules-arch (CachyOS/distribution#194:
	 * "/lib/modules/6.15.9-arch1-1/extramodules/vboxdrv.ko.zst") */
	static const char *const dirs[] = { "misc",	    "extra",	   "updates",
					    "updates/dkms", "kernel/misc", "extramodules" };
	static const char *const suffixes[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	/* NixOS has no /lib/modules: its modules are the booted system's */
	const char *root = ctx->facts.distro.family == VC_DISTRO_NIXOS ? NIXOS_MODULES : "";
	const char *kver = ctx->facts.kernel;
	enum vc_ftype t;

	for (size_t d = 0; kver && !strchr(kver, '/') && d < ARRAY_SIZE(dirs); d++)
		for (size_t s = 0; s < ARRAY_SIZE(suffixes); s++) {
			char path[600];

			snprintf(path, sizeof(path), "%s/lib/modules/%s/%s/vboxdrv%s", root, kver, dirs[d],
				 suffixes[s]);
			if (vc_host_stat(ctx->host, path, &t) == 0)
				return xstrdup(path);
		}
	return NULL;
}

static bool vboxdrv_ko(struct vc_ctx *ctx)
{
	_cleanup_(freep) char *path = vboxdrv_ko_path(ctx);

	return path != NULL;
}

/* The kernels installed in /boot (vmlinuz-RELEASE), newest release first; whether /boot was read. */
static bool boot_kernels(struct vc_ctx *ctx, struct vc_strv *out)
{
	char **names = NULL;
	size_t n = 0;

	if (vc_host_list(ctx->host, "/boot", &names, &n) < 0)
		return false;
	for (size_t i = 0; i < n && out->n < 16; i++)
		if (startswith(names[i], "vmlinuz-") && names[i][8])
			vc_strv_push(out, names[i] + 8);
	vc_strv_free(names);
	return true;
}

/* Whether directory DIR has an entry that starts with (PREFIX) or contains PART. */
static bool dir_entry(struct vc_ctx *ctx, const char *dir, const char *part, bool prefix)
{
	char **names = NULL;
	size_t n = 0;
	bool found = false;

	if (vc_host_list(ctx->host, dir, &names, &n) < 0)
		return false;
	for (size_t i = 0; i < n && !found; i++) {
		const char *at = strstr(names[i], part);

		found = at && (!prefix || at == names[i]);
	}
	vc_strv_free(names);
	return found;
}

/* How vboxdrv is built on this host, for the step a "driver not built" message names. Oracle's
 * packages and installer build it with vboxconfig (/sbin/vboxconfig); DKMS keeps its tree in
 * /var/lib/dkms/NAME and builds from /usr/src/NAME-VERSION/dkms.conf (Arch virtualbox-host-dkms:
 * vboxhost; Debian's and Ubuntu's virtualbox-dkms: virtualbox); RPM Fusion's akmod-VirtualBox
 * keeps its source package as /usr/src/akmods/VirtualBox-kmod*; Arch's virtualbox-host-modules-arch
 * (Manjaro: linuxNN-virtualbox-host-modules) ships modules built for one kernel, nothing builds. */
static void driver_build(struct vc_ctx *ctx, struct vc_virtualbox_facts *vf)
{
	static const char *const dkms[] = { "vboxhost", "virtualbox" };
	enum vc_ftype t;
	char **names = NULL;
	size_t n = 0;

	if (vc_host_stat(ctx->host, "/sbin/vboxconfig", &t) == 0 ||
	    vc_host_stat(ctx->host, "/usr/sbin/vboxconfig", &t) == 0) {
		vf->build = VC_VBOX_BUILD_VBOXCONFIG;
		return;
	}
	if (vc_host_list(ctx->host, "/usr/src", &names, &n) < 0)
		n = 0;
	for (size_t d = 0; d < ARRAY_SIZE(dkms) && !vf->build; d++) {
		char path[600];

		snprintf(path, sizeof(path), "/var/lib/dkms/%s", dkms[d]);
		if (vc_host_stat(ctx->host, path, &t) == 0 && t == VC_FT_DIR)
			vf->build = VC_VBOX_BUILD_DKMS;
		for (size_t i = 0; i < n && !vf->build; i++) {
			size_t len = strlen(dkms[d]);

			/* virtualbox-guest-VERSION: the guest additions' DKMS sources */
			if (strncmp(names[i], dkms[d], len) != 0 || names[i][len] != '-' ||
			    strchr(names[i], '/') || strstr(names[i], "guest"))
				continue;
			snprintf(path, sizeof(path), "/usr/src/%s/dkms.conf", names[i]);
			if (vc_host_stat(ctx->host, path, &t) == 0)
				vf->build = VC_VBOX_BUILD_DKMS;
		}
		if (vf->build)
			vf->build_name = dkms[d];
	}
	vc_strv_free(names);
	if (!vf->build && dir_entry(ctx, "/usr/src/akmods", "VirtualBox-kmod", true)) {
		vf->build = VC_VBOX_BUILD_AKMODS;
		vf->build_name = "akmod-VirtualBox";
	}
	/* the prebuilt package by its name in pacman's database (NAME-VERSION-REL): Arch's, Artix's
	 * rebuild of it, Manjaro's one per kernel series */
	static const char *const prebuilt[] = { "virtualbox-host-modules-arch-",
						"virtualbox-host-modules-artix-" };

	for (size_t i = 0; i < ARRAY_SIZE(prebuilt) && !vf->build; i++)
		if (dir_entry(ctx, "/var/lib/pacman/local", prebuilt[i], true)) {
			vf->build = VC_VBOX_BUILD_PACKAGE;
			vf->build_name =
				i == 0 ? "virtualbox-host-modules-arch" : "virtualbox-host-modules-artix";
		}
	if (!vf->build && dir_entry(ctx, "/var/lib/pacman/local", "-virtualbox-host-modules-", false)) {
		vf->build = VC_VBOX_BUILD_PACKAGE;
		vf->build_name = "linuxNN-virtualbox-host-modules";
	}
	if (vf->build)
		vc_evidence(ctx, "vboxdrv is built here by %s%s%s",
			    vf->build == VC_VBOX_BUILD_DKMS	? "DKMS"
			    : vf->build == VC_VBOX_BUILD_AKMODS ? "akmods"
								: "no step: prebuilt modules",
			    vf->build_name ? ": " : "", vf->build_name ? vf->build_name : "");
}

/* How to get vboxdrv built and loaded on this host; returns whether that lasts (a module built and
 * installed for this kernel) or holds only until the next boot (a bare modprobe). */
/* The running kernel's headers are missing: /lib/modules/KVER is there (this kernel's modules are
 * installed) but neither its build link nor the distribution's header directory resolves, and no
 * vboxdrv.ko is built for it. vboxconfig and DKMS build vboxdrv against these headers; without them
 * vboxdrv.sh stops at "This system is currently not set up to build kernel modules. Please install
 * the Linux kernel "header" files matching the current kernel" and names the package
 * (linux-headers-KVER; kernel-devel-KVER): VirtualBox src/VBox/Installer/linux/vboxdrv.sh;
 * linux-surface/linux-surface#1705 (`apt install linux-headers-surface` fixed it). */
static bool headers_missing(struct vc_ctx *ctx)
{
	const char *k = ctx->facts.kernel;
	char p[3][320];
	enum vc_ftype t;

	if (!k || !*k || strchr(k, '/') || vboxdrv_ko(ctx))
		return false;
	snprintf(p[0], sizeof(p[0]), "/lib/modules/%s", k);
	if (vc_host_stat(ctx->host, p[0], &t) < 0 || t != VC_FT_DIR)
		return false;
	snprintf(p[0], sizeof(p[0]), "/lib/modules/%s/build", k);
	snprintf(p[1], sizeof(p[1]), "/usr/src/linux-headers-%s", k);
	snprintf(p[2], sizeof(p[2]), "/usr/src/kernels/%s", k);
	for (size_t i = 0; i < ARRAY_SIZE(p); i++)
		if (vc_host_stat(ctx->host, p[i], &t) == 0)
			return false;
	return true;
}

/* VirtualBox's own packages: vboxconfig (vboxdrv.sh) builds, signs and loads the driver. */
static bool has_vboxconfig(struct vc_ctx *ctx)
{
	enum vc_ftype t;

	return vc_host_stat(ctx->host, "/sbin/vboxconfig", &t) == 0 ||
	       vc_host_stat(ctx->host, "/usr/sbin/vboxconfig", &t) == 0;
}

/* /lib/modules/RELEASE of the running kernel is missing: a kernel package upgraded or removed since
 * boot took it (Arch's pacman replaces the old release's modules), so no module loads until a
 * reboot. */
static bool running_modules_gone(struct vc_ctx *ctx)
{
	enum vc_ftype t;
	char path[160];

	if (!ctx->facts.kernel ||
	    (size_t)snprintf(path, sizeof(path), "/lib/modules/%s", ctx->facts.kernel) >= sizeof(path))
		return false;
	return vc_host_stat(ctx->host, path, &t) == -ENOENT;
}

/* RELOAD: an older vboxdrv is loaded; the step that builds the new one must unload it (its users
 * first) before loading: modprobe alone leaves a loaded module as it is. vboxconfig unloads it
 * itself (vboxdrv.sh setup stops the modules before it builds). */
static enum vc_remedy_kind driver_remedy_for(struct vc_ctx *ctx, struct buf *b, bool reload)
{
	enum vc_ftype t;
	const char *load = reload ? "sudo modprobe -r vboxnetadp vboxnetflt vboxdrv && sudo modprobe vboxdrv"
				  : "sudo modprobe vboxdrv";

	if (ctx->facts.distro.family == VC_DISTRO_NIXOS && nixos_vbox_host(ctx) == NIXOS_VBOX_DRIVER) {
		/* the host module is on: boot.kernelModules loads vboxdrv at boot */
		buf_printf(b, "sudo modprobe vboxdrv   (virtualisation.virtualbox.host loads it at boot; "
			      "when modprobe finds no module, the booted generation predates it: `sudo "
			      "nixos-rebuild boot` and reboot)");
		return VC_REMEDY_TEMPORARY;
	}
	if (ctx->facts.distro.family == VC_DISTRO_NIXOS && !vboxdrv_ko(ctx)) {
		/* the package alone brings no driver: the host module builds it for the kernel */
		buf_printf(b,
			   "in /etc/nixos/configuration.nix set `virtualisation.virtualbox.host.enable = "
			   "true;` (it builds vboxdrv for this kernel; VirtualBox in "
			   "environment.systemPackages alone has none), then `sudo nixos-rebuild boot` and "
			   "reboot; or, for VirtualBox's KVM backend, which needs no vboxdrv: ");
		vc_remedy_nixos_vbox_kvm(b);
		return VC_REMEDY_PERSISTENT;
	}
	bool vboxconfig = has_vboxconfig(ctx);
	bool dkms = !vboxconfig && vc_host_stat(ctx->host, "/usr/sbin/dkms", &t) == 0;

	if ((vboxconfig || dkms) && headers_missing(ctx)) {
		/* both build against the headers: installing them comes first */
		vc_knowledge_headers(b, &ctx->facts);
		buf_printf(b, " && ");
	}
	if (vboxconfig) {
		buf_printf(b, "sudo /sbin/vboxconfig   (rebuilds and loads vboxdrv for this kernel)");
		return VC_REMEDY_PERSISTENT;
	}
	if (dkms) {
		buf_printf(b, "sudo dkms autoinstall && %s", load);
		return VC_REMEDY_PERSISTENT;
	}
	/* RPM Fusion: akmods builds kmod-VirtualBox for a kernel at boot or on demand (akmods(1):
	 * --force, --kernels) */
	if (dir_entry(ctx, "/usr/src/akmods", "VirtualBox-kmod", true)) {
		buf_printf(b, "sudo akmods --force --kernels %s && %s",
			   ctx->facts.kernel ? ctx->facts.kernel : "$(uname -r)", load);
		return VC_REMEDY_PERSISTENT;
	}
	/* Arch's prebuilt modules, none for this kernel: its DKMS variant builds them (a bare modprobe
	 * finds no module) */
	if (ctx->facts.virtualbox.build == VC_VBOX_BUILD_PACKAGE && !vboxdrv_ko(ctx)) {
		const struct vc_knowledge *k = vc_knowledge_remedy(&ctx->facts, "prebuilt");

		/* no module tree for the running kernel at all: its package was upgraded (or removed)
		 * since boot, and nothing can be loaded into it, DKMS's build neither */
		if (running_modules_gone(ctx)) {
			vc_remedy_reboot(b, &ctx->facts);
			buf_printf(b,
				   "   (into the kernel installed now, whose modules include vboxdrv; then "
				   "`sudo modprobe vboxdrv` if it is not loaded)");
			return VC_REMEDY_PERSISTENT;
		}
		if (k) {
			vc_knowledge_expand(b, k->remedy, (const char *const[]){ "FLAVOUR" },
					    (const char *const[]){ vc_knowledge_arch_kernel(&ctx->facts) },
					    1);
			if (!strcmp(k->id, "prebuilt_manjaro"))
				buf_printf(
					b,
					"   (the package of this kernel's series carries vboxdrv built for "
					"it; nothing needs to be built)");
			else
				buf_printf(b,
					   "   (DKMS builds vboxdrv for every installed kernel with its "
					   "headers; %s carries it for one kernel only)",
					   ctx->facts.virtualbox.build_name);
			return VC_REMEDY_PERSISTENT;
		}
	}
	buf_printf(b, "%s", load);
	return VC_REMEDY_TEMPORARY;
}

static enum vc_remedy_kind driver_remedy(struct vc_ctx *ctx, struct buf *b)
{
	return driver_remedy_for(ctx, b, false);
}

/* Ubuntu's update-secureboot-policy, the one that makes and enrols the MOK: vboxdrv.sh uses it only
 * when its help names --new-key and --enroll-key, as Ubuntu's does; Debian ships a tool of the same
 * name that only turns Secure Boot validation on or off (VirtualBox/virtualbox#472). Its text (a
 * shell script) holds the option names; where it is not readable, Debian's own ID says which. */
static bool ubuntu_sb_policy_tool(struct vc_ctx *ctx)
{
	_cleanup_(freep) char *text = NULL;
	const char *id = ctx->facts.distro.id;

	if (vc_host_read(ctx->host, "/usr/sbin/update-secureboot-policy", 1u << 18, &text, NULL) < 0)
		return false;
	if (*text)
		return strstr(text, "new-key") && strstr(text, "enroll-key");
	return !id || strcmp(id, "debian") != 0;
}

/* The module-signing keys on this host and Ubuntu's enrolment tool, for the knowledge table's mok_
 * rows (how to get the key that signs vboxdrv enrolled). */
static void sign_keys(struct vc_ctx *ctx, struct vc_virtualbox_facts *vf)
{
	static const struct {
		const char *cert;
		unsigned bit;
	} keys[] = {
		{ "/var/lib/shim-signed/mok/MOK.der", VC_VBOX_KEY_SHIM },
		{ "/var/lib/dkms/mok.pub", VC_VBOX_KEY_DKMS },
		{ "/etc/pki/akmods/certs/public_key.der", VC_VBOX_KEY_AKMODS },
	};
	enum vc_ftype t;

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (vc_host_stat(ctx->host, keys[i].cert, &t) == 0)
			vf->sign_keys |= keys[i].bit;
	vf->sb_policy_tool = (vf->sign_keys & VC_VBOX_KEY_SHIM) && ubuntu_sb_policy_tool(ctx);
}

/* Secure Boot refused vboxdrv: how to sign it on this host, the mok_ row of its build and keys, up to
 * the step that loads it. */
static void secure_boot_remedy(struct vc_ctx *ctx, struct buf *b)
{
	const struct vc_knowledge *k = vc_knowledge_remedy(&ctx->facts, "mok");

	static const struct vc_signing_key own = { "MOK.der", "MOK.priv", NULL };
	_cleanup_(freep) char *ko = NULL;

	if (k && strcmp(k->id, "mok_fallback") != 0) {
		buf_printf(b, "%s, then: ", k->remedy);
		return;
	}
	buf_printf(b, "%s", vc_knowledge_by_id("mok_fallback")->remedy);
	if ((ko = vboxdrv_ko_path(ctx))) {
		/* vboxnetflt and vboxnetadp sit next to vboxdrv, compressed alike */
		const char *base = strrchr(ko, '/') + 1, *suffix = base + strlen("vboxdrv");
		_cleanup_(freep) char *flt = xasprintf("%.*svboxnetflt%s", (int)(base - ko), ko, suffix);
		_cleanup_(freep) char *adp = xasprintf("%.*svboxnetadp%s", (int)(base - ko), ko, suffix);
		/* VirtualBox 6.0 and older build vboxpci too, and load it with the others: signed
		 * alike where it is there (askubuntu 760671's recipe: "also sign: vboxnetadp
		 * vboxnetflt vboxpci"; askubuntu 761886: every module in updates/dkms) */
		_cleanup_(freep) char *pci = xasprintf("%.*svboxpci%s", (int)(base - ko), ko, suffix);
		enum vc_ftype t;
		const char *const mods[] = { ko, flt, adp, pci };
		size_t n = vc_host_stat(ctx->host, pci, &t) == 0 ? 4 : 3;

		buf_printf(b, " (a compressed module is signed uncompressed): ");
		vc_remedy_sign_modules(b, ctx->facts.kernel, &own, mods, n);
	}
	buf_printf(b, "; then: ");
}

/* How to load a vboxdrv that is built for this kernel: the service that loads it at boot
 * (vboxdrv.service of VirtualBox's own packages, which vboxconfig sets up, or /etc/init.d/vboxdrv
 * where systemd does not run the host; virtualbox.service or /etc/init.d/virtualbox of Debian's and
 * Ubuntu's packages), started the way this host's init system starts it (the service_ rows), else
 * modprobe. Returns whether that lasts beyond this boot. */
static enum vc_remedy_kind load_remedy(struct vc_ctx *ctx, struct buf *b)
{
	static const struct {
		const char *path, *unit;
		int systemd; /* 1: a systemd unit, only where systemd runs the host; 0: only where it
			      * does not (vboxconfig writes the unit there); -1: either (systemd runs
			      * a script of /etc/init.d as a unit of its name) */
	} units[] = {
		{ "/usr/lib/systemd/system/vboxdrv.service", "vboxdrv", 1 },
		{ "/lib/systemd/system/vboxdrv.service", "vboxdrv", 1 },
		{ "/etc/systemd/system/vboxdrv.service", "vboxdrv", 1 },
		{ "/usr/lib/systemd/system/virtualbox.service", "virtualbox", 1 },
		{ "/lib/systemd/system/virtualbox.service", "virtualbox", 1 },
		{ "/etc/init.d/vboxdrv", "vboxdrv", 0 },
		{ "/etc/init.d/virtualbox", "virtualbox", -1 },
	};
	bool systemd = vc_knowledge_remedy_is(&ctx->facts, "service_fallback");
	enum vc_ftype t;

	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (units[i].systemd >= 0 && units[i].systemd != systemd)
			continue;
		if (vc_host_stat(ctx->host, units[i].path, &t) < 0)
			continue;
		if (units[i].systemd == 1) {
			vc_remedy_service(b, &ctx->facts, "restart", units[i].unit);
			buf_printf(b, "   (%s loads vboxdrv, vboxnetflt and vboxnetadp; `", units[i].path);
			vc_remedy_service_enable(b, &ctx->facts, units[i].unit);
		} else {
			vc_remedy_initd(b, &ctx->facts, "restart", units[i].unit);
			buf_printf(b, "   (%s loads vboxdrv, vboxnetflt and vboxnetadp; `", units[i].path);
			vc_remedy_initd_enable(b, &ctx->facts, units[i].unit,
					       "vboxdrv vboxnetflt vboxnetadp");
		}
		buf_printf(b, "` loads them at every boot)");
		return VC_REMEDY_PERSISTENT;
	}
	buf_printf(b, "sudo modprobe -a vboxdrv vboxnetflt vboxnetadp");
	return VC_REMEDY_TEMPORARY;
}

/* A word of a space-separated list (cpuinfo flags, the kernel command line). */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ' || p[-1] == '\t') && (!p[n] || strchr(" \t\n", p[n])))
			return true;
	return false;
}

/*
 * What VirtualBox's KVM backend needs of the CPU (cyberus-technology/virtualbox-kvm README,
 * "Known issues and limitations"): XSAVE (CPUID.1:ECX[26], 2nd Gen Core or newer), and on Intel
 * Tiger Lake and newer the kernel's split lock detection off (split_lock_detect=off, or the
 * split_lock_mitigate sysctl).
 */
static void nem_cpu_needs(struct vc_ctx *ctx, struct vc_virtualbox_facts *vf)
{
	_cleanup_(freep) char *cpuinfo = NULL, *cmdline = NULL, *mitigate = NULL;
	struct vc_cpuid_regs r;
	char *flags = NULL;

	if (vc_host_read(ctx->host, "/proc/cpuinfo", 1u << 20, &cpuinfo, NULL) == 0) {
		char *cur = cpuinfo, *line;

		while (!flags && (line = next_line(&cur)))
			if (startswith(line, "flags") && strchr(line, ':'))
				flags = strchr(line, ':') + 1;
	}
	if (vc_host_cpuid(ctx->host, 0, 1, 0, &r) == 0)
		vf->nem_xsave = vc_tri(r.ecx & (1u << 26));
	else if (flags)
		vf->nem_xsave = vc_tri(has_word(flags, "xsave"));
	if (vc_host_cpuid(ctx->host, 0, 0x80000001u, 0, &r) == 0)
		vf->nem_rdtscp = vc_tri(r.edx & (1u << 27));
	else if (flags)
		vf->nem_rdtscp = vc_tri(has_word(flags, "rdtscp"));
	if (!flags)
		return;
	(void)vc_host_read(ctx->host, "/proc/cmdline", 1u << 16, &cmdline, NULL);
	(void)vc_host_read_value(ctx->host, "/proc/sys/kernel/split_lock_mitigate", &mitigate);
	vf->nem_split_lock =
		vc_tri(has_word(flags, "split_lock_detect") &&
		       !(cmdline && has_word(cmdline, "split_lock_detect=off")) && !streq_ptr(mitigate, "0"));
	if (vf->nem_xsave == VC_TRI_FALSE)
		vc_evidence(ctx, "CPUID.1:ECX[26] clear: no XSAVE, which the KVM backend of "
				 "cyberus-technology/virtualbox-kvm needs");
	if (vf->nem_rdtscp == VC_TRI_FALSE)
		vc_evidence(ctx, "CPUID.80000001h:EDX[27] clear: no RDTSCP, which Oracle's KVM-backend test "
				 "builds up to r173630 relied on");
	if (vf->nem_split_lock == VC_TRI_TRUE)
		vc_evidence(ctx, "/proc/cpuinfo: split_lock_detect, not turned off (command line, "
				 "kernel.split_lock_mitigate): VirtualBox's KVM backend needs it off");
}

/* The kernels a prebuilt package (Arch's virtualbox-host-modules-arch) carries vboxdrv for: the
 * /lib/modules/KVER/extramodules that hold one, the first four, comma-separated into b. */
static void prebuilt_kernels(struct vc_ctx *ctx, struct buf *b)
{
	static const char *const suffixes[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	char **names = NULL;
	size_t n = 0, found = 0;
	enum vc_ftype t;

	if (vc_host_list(ctx->host, "/lib/modules", &names, &n) < 0)
		return;
	for (size_t i = 0; i < n && found < 4; i++) {
		if (strchr(names[i], '/') || names[i][0] == '.' ||
		    (ctx->facts.kernel && !strcmp(names[i], ctx->facts.kernel)))
			continue;
		for (size_t s = 0; s < ARRAY_SIZE(suffixes); s++) {
			_cleanup_(freep) char *path =
				xasprintf("/lib/modules/%s/extramodules/vboxdrv%s", names[i], suffixes[s]);

			if (vc_host_stat(ctx->host, path, &t) == 0) {
				_cleanup_(freep) char *name = vc_sane(names[i], 0);

				buf_printf(b, "%s%s", found++ ? ", " : "", name);
				break;
			}
		}
	}
	vc_strv_free(names);
}

/* VirtualBox is installed, vboxdrv is not loaded and no KVM backend runs: refused for its signature,
 * or merely not loaded. A signed vboxdrv (DKMS signs with its MOK on Debian and Ubuntu) is refused
 * only when the kernel does not trust its key: the kernel log says so. */
static void driver_not_loaded(struct vc_ctx *ctx, const char *ver)
{
	const struct vc_virtualbox_facts *vf = &ctx->facts.virtualbox;
	const struct vc_platform_facts *pl = &ctx->facts.platform;
	bool sb = pl->secure_boot == VC_TRI_TRUE && !pl->shim_validation_disabled;
	const struct vc_strv *rej = &pl->kernel_log.module_rejected;
	bool rejected = rej->n > 0, enforced = sb || pl->sig_enforce == VC_TRI_TRUE;
	bool signed_ko = vf->driver_signed == VC_TRI_TRUE,
	     bad_key = signed_ko && vc_facts_key_rejected(&ctx->facts);
	struct buf b = { 0 };
	struct vc_finding *f;

	if (bad_key || (!signed_ko && (enforced || rejected))) {
		f = vc_finding(
			ctx, VC_SEV_ERROR, VC_FID_VIRTUALBOX_UNSIGNED_DRIVER,
			bad_key ? "VirtualBox%s%s is installed but vboxdrv is not loaded: it is signed, "
				  "but the kernel log shows a module refused for its key, which is not "
				  "enrolled, so VMs fail with \"Kernel driver not installed (rc=-1908)\" "
				  "until that key is enrolled (or vboxdrv is signed with one that is)."
				: "VirtualBox%s%s is installed but vboxdrv is not loaded, and %s: the kernel "
				  "refuses unsigned modules, so VMs fail with \"Kernel driver not "
				  "installed (rc=-1908)\" until vboxdrv is signed with an enrolled key%s.",
			ver[0] ? " " : "", ver,
			sb	   ? "Secure Boot is on"
			: rejected ? "the kernel log shows a rejected module signature"
				   : "module.sig_enforce is on",
			vf->driver_signed == VC_TRI_NULL && vf->driver_ko && !rejected
				? " (whether it is signed cannot be told: the module is compressed; if "
				  "`sudo modprobe vboxdrv` loads it, nothing else is needed)"
				: "");
		secure_boot_remedy(ctx, &b);
		driver_remedy(ctx, &b);
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s", b.data);
		if (sb)
			vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true,
					  "Or disable Secure Boot in the firmware setup (BIOS/UEFI).");
		if (sb)
			vc_finding_evidence(f, "EFI SecureBoot=1");
		if (vf->driver_ko)
			vc_finding_evidence(f, "%s: %s", vf->driver_ko,
					    signed_ko				? "signed"
					    : vf->driver_signed == VC_TRI_FALSE ? "not signed"
										: "compressed");
		for (size_t i = 0; i < rej->n; i++)
			vc_finding_evidence(f, "kernel log: %s", rej->v[i]);
	} else if (signed_ko) {
		enum vc_remedy_kind kind = load_remedy(ctx, &b);

		f = vc_finding(
			ctx, VC_SEV_WARNING, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED,
			"VirtualBox%s%s is installed and vboxdrv is built for this kernel and signed, but "
			"not loaded: VMs fail with \"Kernel driver not installed (rc=-1908)\" until it "
			"is loaded.%s",
			ver[0] ? " " : "", ver,
			enforced ? " Secure Boot refuses only unsigned modules and untrusted keys, and "
				   "the kernel log shows no refusal."
				 : "");
		vc_finding_evidence(f, "%s: signed (a module signature at its end)", vf->driver_ko);
		vc_finding_remedy(f, kind, false, "%s", b.data);
		if (enforced) {
			buf_free(&b);
			secure_boot_remedy(ctx, &b);
			vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
					  "If loading it fails with \"Key was rejected by service\", the key "
					  "that signed it is not enrolled: %ssudo modprobe vboxdrv",
					  b.data ? b.data : "");
		}
	} else {
		enum vc_remedy_kind kind = driver_remedy(ctx, &b);

		bool headers = headers_missing(ctx);
		struct buf other = { 0 }, why = { 0 };

		if (vf->build == VC_VBOX_BUILD_PACKAGE && !vboxdrv_ko(ctx))
			prebuilt_kernels(ctx, &other);
		bool gone = other.data && running_modules_gone(ctx);

		if (gone)
			buf_printf(&why,
				   " The running kernel's modules (/lib/modules/%s) are gone: its package "
				   "was upgraded or removed since boot; %s carries vboxdrv for the kernel "
				   "installed now (%s), which runs after a reboot.",
				   ctx->facts.kernel, vf->build_name, other.data);
		else if (other.data)
			buf_printf(
				&why,
				" Its prebuilt %s carries vboxdrv for another kernel only (%s), and nothing "
				"here builds it for this one.",
				vf->build_name, other.data);
		/* Manjaro's package of the kernel's series needs no build, and no headers */
		if (other.data && vc_knowledge_remedy_is(&ctx->facts, "prebuilt_manjaro"))
			headers = false;
		if (headers && other.data && !gone)
			buf_printf(&why,
				   " Building it needs the headers of Linux %s, which are not installed "
				   "(/lib/modules/%s/build is missing).",
				   ctx->facts.kernel, ctx->facts.kernel);
		else if (headers)
			buf_printf(&why,
				   " It is not built for Linux %s, whose headers are not installed "
				   "(/lib/modules/%s/build is missing), so it cannot be built until they are "
				   "(\"This system is currently not set up to build kernel modules\").",
				   ctx->facts.kernel, ctx->facts.kernel);
		f = vc_finding(ctx, VC_SEV_WARNING, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED,
			       "VirtualBox%s%s is installed but its driver vboxdrv is not loaded: VMs fail "
			       "with \"Kernel driver not installed (rc=-1908)\".%s",
			       ver[0] ? " " : "", ver, why.data ? why.data : "");
		if (other.data)
			vc_finding_evidence(f, "vboxdrv.ko found for Linux %s; none in /lib/modules/%s",
					    other.data, ctx->facts.kernel);
		vc_finding_remedy(f, kind, false, "%s", b.data);
		buf_free(&other);
		buf_free(&why);
	}
	buf_free(&b);
}

static int virtualbox_fill(struct vc_ctx *ctx)
{
	struct vc_virtualbox_facts *vf = &ctx->facts.virtualbox;
	const struct vc_module_facts *vboxdrv = vc_facts_module(&ctx->facts, "vboxdrv");
	char ver[32] = "", pkg[64] = "", dir[256] = "", drv_ver[32] = "";
	const char *source = NULL;
	bool loaded = vc_facts_loaded(&ctx->facts, "vboxdrv");
	bool installed = false, kvm_backend_running = false;
	bool nixos = ctx->facts.distro.family == VC_DISTRO_NIXOS;
	struct log_hit last = { 0 };
	enum vc_ftype t;

	for (size_t i = 0; i < ARRAY_SIZE(install_dirs) && !installed; i++) {
		char path[256];

		snprintf(path, sizeof(path), "%s/VBoxSVC", install_dirs[i]);
		if (vc_host_stat(ctx->host, path, &t) == 0) {
			installed = true;
			snprintf(dir, sizeof(dir), "%s", install_dirs[i]);
		}
	}
	if (!installed && nixos && vc_host_stat(ctx->host, NIXOS_VBOXMANAGE, &t) == 0) {
		installed = true;
		snprintf(dir, sizeof(dir), "%s", "/run/current-system/sw/bin");
	}
	if (cfg_version(ctx, ver, sizeof(ver), dir, sizeof(dir))) {
		source = "/etc/vbox/vbox.cfg";
		installed = true;
	} else if (installed && dpkg_version(ctx, ver, sizeof(ver), pkg, sizeof(pkg))) {
		source = "/var/lib/dpkg/status";
	} else if (installed && pacman_version(ctx, ver, sizeof(ver), pkg, sizeof(pkg)) && ver[0]) {
		source = "/var/lib/pacman/local";
	} else if (installed && akmods_version(ctx, ver, sizeof(ver), pkg, sizeof(pkg))) {
		source = "/usr/src/akmods";
	}
	if (version_prefix(vboxdrv->version, drv_ver, sizeof(drv_ver)) && !source) {
		snprintf(ver, sizeof(ver), "%s", drv_ver);
		source = "/sys/module/vboxdrv/version";
		installed = true;
	}
	vf->installed = installed;
	vf->install_dir = dir[0] ? xstrdup(dir) : NULL;
	vf->version = ver[0] ? xstrdup(ver) : NULL;
	vf->version_source = source;
	vf->package = pkg[0] ? xstrdup(pkg) : NULL;
	vf->driver_loaded = loaded;
	vf->driver_version = drv_ver[0] ? xstrdup(drv_ver) : NULL;
	if (installed)
		vc_evidence(ctx, "VirtualBox %s installed in %s (version from %s); vboxdrv %s%s%s",
			    ver[0] ? ver : "(version unknown)", dir[0] ? dir : "?",
			    source ? source : "nowhere", loaded ? "loaded" : "not loaded",
			    drv_ver[0] ? ", driver " : "", drv_ver);

	/* A KVM-backend build (NEM: cyberus virtualbox-kvm, trunk test builds) opens /dev/kvm itself:
	 * its VM processes hold KVM VM fds, and there is no vboxdrv. vboxdrv 7.2.10+ on 6.16+ holds a
	 * KVM VM too, but closes its fd: a VM in debugfs without a fd is vboxdrv's dummy VM, the
	 * sharing path, never the KVM backend. */
	for (size_t i = 0; i < ctx->facts.processes.procs.n; i++) {
		const struct vc_proc_facts *p = &ctx->facts.processes.procs.v[i];
		const struct vc_vmm *vmm = p->comm ? vc_vmm_lookup(p->comm) : NULL;

		if (!vmm || strcmp(vmm->hypervisor, "virtualbox") != 0)
			continue;
		if (p->kvm_vm_fds > 0 && !loaded)
			kvm_backend_running = true;
		else if (p->vm_without_fd && loaded)
			vc_evidence(ctx,
				    "pid %lld (%s): a KVM VM without a fd: vboxdrv's dummy VM (it shares "
				    "KVM's VT), not VirtualBox's KVM backend",
				    (long long)p->pid, p->comm);
	}
	/* how vboxdrv is built here: DKMS, akmods and a modules package are driver installs */
	if (installed && !loaded) {
		driver_build(ctx, vf);
		sign_keys(ctx, vf);
	}
	bool no_driver_sources = false;
	/* NixOS never has them: its kernel modules say (below) */
	if (installed && dir[0] && !nixos) {
		char p1[300], p2[300];

		snprintf(p1, sizeof(p1), "%s/vboxdrv.sh", dir);
		snprintf(p2, sizeof(p2), "%s/src/vboxhost", dir);
		/* builds without the driver sources may be KVM-backend builds: unknown until one runs */
		/* vboxconfig alone says nothing: Oracle's installers bring it to every build */
		no_driver_sources =
			(vf->build == VC_VBOX_BUILD_UNKNOWN || vf->build == VC_VBOX_BUILD_VBOXCONFIG) &&
			vc_host_stat(ctx->host, p1, &t) < 0 && vc_host_stat(ctx->host, p2, &t) < 0;
		/* distributions keep them in /usr/src for DKMS or akmods (vboxhost-7.1.6,
		 * virtualbox-7.1.6): those are vboxdrv installs whose module is not built yet */
		if (no_driver_sources) {
			char **src = NULL;
			size_t nsrc = 0;

			if (vc_host_list(ctx->host, "/usr/src", &src, &nsrc) == 0)
				for (size_t i = 0; i < nsrc; i++)
					if (startswith(src[i], "vboxhost") ||
					    startswith(src[i], "virtualbox"))
						no_driver_sources = false;
			vc_strv_free(src);
		}
	}
	bool nem_logged = false, driver_ko = false;

	if (installed && (vf->driver_ko = vboxdrv_ko_path(ctx))) {
		driver_ko = true;
		vf->driver_signed = vc_ko_signed(ctx, vf->driver_ko);
		vc_evidence(ctx, "%s%s", vf->driver_ko,
			    vf->driver_signed == VC_TRI_TRUE ? ": signed (a module signature at its end)"
			    : vf->driver_signed == VC_TRI_FALSE
				    ? ": not signed (no module signature at its end)"
				    : ": compressed, signed or not cannot be told from its end");
	}

	enum nixos_vbox nix = nixos && installed && !loaded ? nixos_vbox_host(ctx) : NIXOS_VBOX_UNKNOWN;

	if (installed)
		vm_logs(ctx, &last, &nem_logged);
	if (kvm_backend_running)
		vf->kvm_backend_by = "a VirtualBox VM process holds KVM VM fds and vboxdrv is not loaded";
	else if (nem_logged && !loaded)
		vf->kvm_backend_by = "a VM log shows \"NEM: KVM capabilities\" (the KVM backend ran it)";
	else if (pkg[0] && strstr(pkg, "-kvm"))
		vf->kvm_backend_by = "the package name (virtualbox-kvm)";
	else if (nixos && installed && !loaded && nix == NIXOS_VBOX_KVM)
		vf->kvm_backend_by =
			"NixOS: virtualisation.virtualbox.host with enableKvm (nixpkgs "
			"virtualbox-host.nix): /etc/modules-load.d/nixos.conf loads no vboxdrv and "
			"/etc/udev/rules.d/99-local.rules has no vboxdrv rule";
	else if (nixos && installed && !driver_ko && !loaded && nix == NIXOS_VBOX_UNKNOWN &&
		 nixos_vbox_wrappers(ctx)) {
		vf->kvm_backend_by =
			"NixOS: VirtualBox and its wrappers in the system, no vboxdrv.ko in the "
			"booted system's kernel modules (virtualisation.virtualbox.host.enableKvm)";
		nix = NIXOS_VBOX_KVM; /* enableKvm's build, as the files would have said */
	} else if (installed && no_driver_sources && !driver_ko && !loaded)
		vf->kvm_backend_by =
			"no vboxdrv.ko for this kernel and no driver sources (vboxdrv.sh, src/vboxhost)";
	vf->kvm_backend = vf->kvm_backend_by					     ? VC_TRI_TRUE
			  : installed && (!no_driver_sources || driver_ko || loaded) ? VC_TRI_FALSE
										     : VC_TRI_NULL;
	/* the package and NixOS's enableKvm build cyberus-technology/virtualbox-kvm's backend
	 * (nixpkgs pkgs/applications/virtualization/virtualbox/default.nix applies its patch) */
	vf->nem_cyberus =
		vf->kvm_backend_by && ((pkg[0] && strstr(pkg, "-kvm")) || (nixos && nix == NIXOS_VBOX_KVM));
	if (vf->kvm_backend_by) {
		kvm_backend_running = true; /* no vboxdrv to ask for: its absence is no finding */
		nem_cpu_needs(ctx, vf);
		vc_evidence(ctx, "VirtualBox's KVM backend (NEM), no vboxdrv needed: %s", vf->kvm_backend_by);
	}
	if (installed && !loaded) {
		setup_log(ctx, &vf->setup_log);
		vf->boot_listed = boot_kernels(ctx, &vf->boot_kernels);
	}
	vf->vagrant = vc_host_stat(ctx->host, "/usr/bin/vagrant", &t) == 0 ||
		      vc_host_stat(ctx->host, "/usr/local/bin/vagrant", &t) == 0;

	/* an older one, or another series' (a newer one of the same series exports what an older
	 * VMMR0.r0 imports): the table's vboxdrv_older_than_virtualbox and the headline ask the same */
	if (installed && loaded && vc_knowledge_vboxdrv_not_its_own(drv_ver, ver)) {
		struct buf b = { 0 };
		enum vc_remedy_kind kind = driver_remedy_for(ctx, &b, true);
		bool older = version_older(drv_ver, ver);

		vc_finding_remedy(
			vc_finding(
				ctx, VC_SEV_ERROR, VC_FID_VIRTUALBOX_DRIVER_MISMATCH,
				"The loaded vboxdrv is version %s but VirtualBox %s is installed: "
				"VMs fail to start until the matching driver is loaded (%s).",
				drv_ver, ver,
				older ? "a newer VMMR0.r0 needs symbols an older vboxdrv lacks: "
					"\"Unable to locate imported symbol ... "
					"(VERR_SYMBOL_NOT_FOUND)\", VirtualBox/virtualbox#425"
				      : "a driver of another release series need not serve this "
					"VirtualBox's VMMR0.r0: SUP_IOCTL_COOKIE refuses another "
					"interface major (VERR_VM_DRIVER_VERSION_MISMATCH), and symbols it "
					"imports may be gone"),
			kind, false, "%s", b.data);
		buf_free(&b);
	}
	if (installed && !loaded && !kvm_backend_running)
		driver_not_loaded(ctx, ver);
	if (last.err) {
		struct vc_finding *f = vc_finding(ctx, VC_SEV_WARNING, VC_FID_VIRTUALBOX_LOGGED_FAILURE,
						  "A VirtualBox VM failed with %s (%d): %s", last.err->id,
						  last.err->vbox_code, last.err->meaning);

		vc_finding_evidence(f, "%s", last.path);
		vf->logged_error = last.err;
	}
	return 0;
}

const struct vc_probe probe_virtualbox = {
	.name = "virtualbox",
	.id = VC_PROBE_VIRTUALBOX,
	.needs = VC_P(VC_PROBE_MODULES) | VC_P(VC_PROBE_PROCESSES) | VC_P(VC_PROBE_PLATFORM),
	.summary = "VirtualBox: installed version, driver, KVM-backend builds, failures recorded in VM logs",
	.fill = virtualbox_fill,
};
