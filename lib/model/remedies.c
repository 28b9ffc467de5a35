/* Remedy text that several places give: one copy, so the report, switch and preflight say the
 * same thing for the same question. */
#include "lib/base/sanitise.h"
#include "lib/model/remedies.h"
#include "lib/model/report.h"
#include "lib/verdict/knowledge.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

/* The command that rewrites GRUB's configuration from /etc/default/grub on this distribution: the
 * grubcfg_ row's (grubcfg_fallback's, GRUB's own grub-mkconfig, where none says). */
static const char *grub_update(const struct vc_facts *f)
{
	const struct vc_knowledge *k = vc_knowledge_remedy(f, "grubcfg");

	return k ? k->remedy : vc_knowledge_by_id("grubcfg_fallback")->remedy;
}

/* Whether this host's tool for topic is known: a row of it other than its fallback holds. */
static bool known(const struct vc_facts *f, const char *topic)
{
	const struct vc_knowledge *k = vc_knowledge_remedy(f, topic);

	return k && !endswith(k->id, "_fallback");
}

/* Which way a remedy of topic (cmdline, initramfs, modprobe) is carried out on this host: the id of
 * the knowledge row that says so (lib/verdict/knowledge.c, with its source), "" when none does. */
static const char *rule(const struct vc_facts *f, const char *topic)
{
	const struct vc_knowledge *k = vc_knowledge_remedy(f, topic);

	return k ? k->id : "";
}

/* Part part (0 restart, 1 enable, 2 reboot) of this host's service_ row, VERB and UNIT filled in. */
static void service_part(struct buf *b, const struct vc_facts *f, unsigned part, const char *verb,
			 const char *unit)
{
	const struct vc_knowledge *k = vc_knowledge_remedy(f, "service");
	const char *p;
	size_t n;

	if (!k)
		k = vc_knowledge_by_id("service_fallback");
	p = k->remedy;
	for (unsigned i = 0; i < part && strchr(p, '|'); i++)
		p = strchr(p, '|') + 1;
	n = strcspn(p, "|");
	_cleanup_(freep) char *text = xstrndup(p, n);
	vc_knowledge_expand(b, text, (const char *const[]){ "VERB", "UNIT" },
			    (const char *const[]){ verb ? verb : "", unit ? unit : "" }, 2);
}

void vc_remedy_service(struct buf *b, const struct vc_facts *f, const char *verb, const char *unit)
{
	service_part(b, f, 0, verb, unit);
}

void vc_remedy_service_enable(struct buf *b, const struct vc_facts *f, const char *unit)
{
	service_part(b, f, 1, NULL, unit);
}

void vc_remedy_reboot(struct buf *b, const struct vc_facts *f)
{
	service_part(b, f, 2, NULL, NULL);
}

/* A script of /etc/init.d: runit's services are directories (/etc/sv, Artix's /etc/runit/sv), so
 * there the script is run itself, and at boot the modules are loaded from /etc/modules-load.d
 * (Void's runit core services read it); elsewhere as the host's init system starts a service */
void vc_remedy_initd(struct buf *b, const struct vc_facts *f, const char *verb, const char *unit)
{
	if (f->distro.init == VC_INIT_RUNIT)
		buf_printf(b, "sudo /etc/init.d/%s %s", unit, verb);
	else
		vc_remedy_service(b, f, verb, unit);
}

void vc_remedy_initd_enable(struct buf *b, const struct vc_facts *f, const char *unit, const char *modules)
{
	if (f->distro.init == VC_INIT_RUNIT)
		buf_printf(b,
			   "printf '%%s\\n' %s | sudo tee /etc/modules-load.d/%s.conf (runit starts no "
			   "/etc/init.d script at boot; Void's core services load the modules listed there)",
			   modules, unit);
	else
		vc_remedy_service_enable(b, f, unit);
}

/* "`sudo kernel-install add REL /boot/vmlinuz-REL` and reboot": the release is the machine's, so
 * the words are quoted when they need it */
static void kernel_install(struct buf *b, const struct vc_facts *f)
{
	_cleanup_(freep) char *image = f->kernel ? xasprintf("/boot/vmlinuz-%s", f->kernel) : NULL;
	_cleanup_(freep) char *qrel = f->kernel ? vc_shell_quote(f->kernel) : xstrdup("$(uname -r)");
	_cleanup_(freep) char *qimage = image ? vc_shell_quote(image) : xstrdup("/boot/vmlinuz-$(uname -r)");

	buf_printf(b, "`sudo kernel-install add %s %s` and reboot", qrel, qimage);
}

void vc_remedy_cmdline(struct buf *b, const struct vc_facts *f, const char *param)
{
	const char *how = rule(f, "cmdline");

	if (!strcmp(how, "cmdline_nixos")) {
		buf_printf(b,
			   "add \"%s\" to boot.kernelParams in /etc/nixos/configuration.nix (NixOS "
			   "generates the boot entries), then `sudo nixos-rebuild boot && sudo systemctl "
			   "reboot`",
			   param);
		return;
	}
	if (!strcmp(how, "cmdline_ostree"))
		buf_printf(b, "sudo rpm-ostree kargs --append=%s && sudo systemctl reboot", param);
	else if (!strcmp(how, "cmdline_grubby"))
		buf_printf(b, "sudo grubby --update-kernel=ALL --args=\"%s\" && sudo systemctl reboot",
			   param);
	else if (!strcmp(how, "cmdline_grub")) {
		buf_printf(b, "add %s to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then `%s && ",
			   param, grub_update(f));
		vc_remedy_reboot(b, f);
		buf_printf(b, "`");
	} else if (!strcmp(how, "cmdline_arch_uki"))
		buf_printf(b,
			   "append %s to /etc/kernel/cmdline, then `sudo mkinitcpio -P` (it rebuilds "
			   "the unified kernel images) and reboot",
			   param);
	else if (!strcmp(how, "cmdline_kernel_install")) {
		buf_printf(b, "append %s to /etc/kernel/cmdline, then ", param);
		kernel_install(b, f);
	} else
		vc_knowledge_expand(b, vc_knowledge_by_id("cmdline_fallback")->remedy,
				    (const char *const[]){ "PARAM" }, &param, 1);
}

/* The line of a configuration file that sets param, and that line without it. */
static const struct vc_cmdline_source *cmdline_source(const struct vc_facts *f, const char *param,
						      struct buf *without)
{
	for (size_t i = 0; i < f->distro.cmdline_sources.n; i++) {
		const struct vc_cmdline_source *s = &f->distro.cmdline_sources.v[i];
		const char *p = strstr(s->text, param);
		size_t n = strlen(param);

		/* a whole word: after a space, a quote or '=', and before one or the end */
		if (!p || (p != s->text && !strchr(" \"'=", p[-1])) || (p[n] && !strchr(" \"'", p[n])))
			continue;
		/* drop the parameter and one space next to it */
		if (p != s->text && p[-1] == ' ')
			buf_printf(without, "%.*s%s", (int)(p - 1 - s->text), s->text, p + n);
		else
			buf_printf(without, "%.*s%s", (int)(p - s->text), s->text,
				   p[n] == ' ' ? p + n + 1 : p + n);
		return s;
	}
	return NULL;
}

void vc_remedy_cmdline_remove(struct buf *b, const struct vc_facts *f, const char *param)
{
	struct buf without = { 0 };
	const struct vc_cmdline_source *s;
	const char *how = rule(f, "cmdline");

	if (!strcmp(how, "cmdline_nixos")) {
		buf_printf(b,
			   "remove \"%s\" from boot.kernelParams in /etc/nixos/configuration.nix, then "
			   "`sudo nixos-rebuild boot && sudo systemctl reboot`",
			   param);
		return;
	}
	if (!strcmp(how, "cmdline_ostree")) {
		buf_printf(b, "sudo rpm-ostree kargs --delete=%s && sudo systemctl reboot", param);
		return;
	}
	s = cmdline_source(f, param, &without);
	if (!strcmp(how, "cmdline_grubby")) {
		/* grubby edits the boot entries; /etc/default/grub still gives it to the entries of
		 * kernels installed later, so that line is edited too */
		buf_printf(b, "sudo grubby --update-kernel=ALL --remove-args=\"%s\"", param);
		if (s)
			buf_printf(b, ", and edit %s (`sudoedit %.*s`): change\n  %s\nto\n  %s\nthen ",
				   s->source, (int)strcspn(s->source, ":"), s->source, s->text, without.data);
		else
			buf_printf(b, " && ");
		buf_printf(b, "sudo systemctl reboot");
	} else if (s) {
		buf_printf(b, "edit %s (`sudoedit %.*s`): change\n  %s\nto\n  %s\nthen ", s->source,
			   (int)strcspn(s->source, ":"), s->source, s->text, without.data);
		if (startswith(s->source, "/etc/default/grub")) {
			buf_printf(b, "`%s && ", grub_update(f));
			vc_remedy_reboot(b, f);
			buf_printf(b, "`");
		} else if (!strcmp(rule(f, "initramfs"), "initramfs_mkinitcpio"))
			buf_printf(b, "`sudo mkinitcpio -P` and reboot");
		else
			kernel_install(b, f);
	} else {
		buf_printf(b,
			   "remove %s from the kernel command line where your boot loader sets it (it is "
			   "on /proc/cmdline, but in no file virtcheck read), then reboot",
			   param);
	}
	buf_free(&without);
}

bool vc_remedy_initramfs_lists(struct buf *b, const struct vc_facts *f, const char *const *mods, size_t n)
{
	const struct vc_distro_facts *d = &f->distro;
	bool any = false;

	/* a line at a time (the entries of one line are next to each other), the modules in the
	 * caller's order within it */
	for (size_t i = 0; i < d->initramfs_modules.n;) {
		const char *src = d->initramfs_modules.v[i].source;
		size_t end = i;

		while (end < d->initramfs_modules.n && !strcmp(d->initramfs_modules.v[end].source, src))
			end++;
		for (size_t k = 0; k < n; k++)
			for (size_t j = i; j < end; j++)
				if (!strcmp(d->initramfs_modules.v[j].module, mods[k])) {
					buf_printf(b, "%s%s lists %s", any ? "; " : "", src, mods[k]);
					any = true;
					break;
				}
		i = end;
	}
	return any;
}

/* What an initramfs that lists one of mods (or a module that needs one: kvm_intel and kvm_amd load
 * kvm, and what /sys/module/MOD/holders names) does to a modprobe.d change, said before its
 * command; whether it lists one, so the command gets the rebuild after it (initramfs_then). */
static bool initramfs_note(struct buf *b, const struct vc_facts *f, const char *const *mods, size_t n,
			   bool blacklist)
{
	const char *all[16];
	size_t na = 0;
	struct buf lists = { 0 };

	if (vc_knowledge_remedy_is(f, "initramfs_nixos") || !f->distro.initramfs_listed)
		return false;
	for (size_t i = 0; i < n && na < ARRAY_SIZE(all); i++) {
		const struct vc_module_facts *m = vc_facts_module(f, mods[i]);

		all[na++] = mods[i];
		if (!strcmp(mods[i], "kvm") && na + 2 <= ARRAY_SIZE(all)) {
			all[na++] = "kvm_intel";
			all[na++] = "kvm_amd";
		}
		for (size_t h = 0; m && h < m->holders.n && na < ARRAY_SIZE(all); h++)
			all[na++] = m->holders.v[h];
	}
	if (!vc_remedy_initramfs_lists(&lists, f, all, na))
		return false;
	if (blacklist)
		buf_printf(b,
			   "the initramfs loads these modules itself, whatever a blacklist says (%s): "
			   "take them out of that list, then ",
			   lists.data);
	else
		buf_printf(b,
			   "the initramfs loads the module with its own copy of /etc/modprobe.d (%s), so it "
			   "is rebuilt after the change: ",
			   lists.data);
	if (!known(f, "initramfs"))
		buf_printf(b, "(%s after this) ", vc_knowledge_by_id("initramfs_fallback")->remedy);
	buf_free(&lists);
	return true;
}

/* The rebuild after a modprobe.d command, chained, where the distribution's tool is known. */
static void initramfs_then(struct buf *b, const struct vc_facts *f, const char *file)
{
	if (!known(f, "initramfs"))
		return;
	buf_printf(b, " && ");
	vc_remedy_initramfs(b, f, file);
}

void vc_remedy_blacklist(struct buf *b, const struct vc_facts *f, const char *file, const char *const *mods,
			 size_t n)
{
	if (vc_knowledge_remedy_is(f, "modprobe_nixos")) {
		buf_printf(b, "add");
		for (size_t i = 0; i < n; i++)
			buf_printf(b, "%s \"%s\"", i ? (i + 1 == n ? " and" : ",") : "", mods[i]);
		buf_printf(b, " to boot.blacklistedKernelModules in /etc/nixos/configuration.nix, then `sudo "
			      "nixos-rebuild switch`");
		return;
	}
	bool held = f && initramfs_note(b, f, mods, n, true);

	buf_printf(b, "printf '");
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "blacklist %s\\n", mods[i]);
	buf_printf(b, "' | sudo tee /etc/modprobe.d/%s", file);
	if (held)
		initramfs_then(b, f, file);
}

void vc_remedy_then(struct buf *b, const struct vc_facts *f, const char *fmt, ...)
{
	bool words = vc_knowledge_remedy_is(f, "modprobe_nixos");
	va_list ap;

	buf_printf(b, words ? ", then `" : " && ");
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
	if (words)
		buf_printf(b, "`");
}

void vc_remedy_modprobe_d(struct buf *b, const struct vc_facts *f, const char *file, const char *line)
{
	if (vc_knowledge_remedy_is(f, "modprobe_nixos")) {
		/* /etc/modprobe.d is generated and read-only there */
		if (startswith(line, "blacklist "))
			buf_printf(b,
				   "add \"%s\" to boot.blacklistedKernelModules in "
				   "/etc/nixos/configuration.nix, then `sudo nixos-rebuild switch`",
				   line + strlen("blacklist "));
		else
			buf_printf(b,
				   "add the line `%s` to boot.extraModprobeConfig in "
				   "/etc/nixos/configuration.nix, then `sudo nixos-rebuild switch`",
				   line);
		return;
	}
	/* "options MOD ...", "blacklist MOD", "install MOD ...": the module the line is about */
	const char *w = line + strcspn(line, " ");
	_cleanup_(freep) char *mod = xstrndup(w + strspn(w, " "), strcspn(w + strspn(w, " "), " "));
	const char *const mods[] = { mod };
	bool held = f && *mod && initramfs_note(b, f, mods, 1, startswith(line, "blacklist "));

	buf_printf(b, "echo '%s' | sudo tee /etc/modprobe.d/%s", line, file);
	if (held)
		initramfs_then(b, f, file);
}

void vc_remedy_nixos_modprobe(struct buf *b, const char *conf)
{
	_cleanup_(freep) char *copy = xstrdup(conf ? conf : "");
	struct buf bl = { 0 }, opts = { 0 };
	char *cur = copy, *l;

	while ((l = next_line(&cur))) {
		l = strstrip(l);
		if (startswith(l, "blacklist "))
			buf_printf(&bl, " \"%s\"", strstrip(l + strlen("blacklist ")));
		else if (*l && *l != '#')
			buf_printf(&opts, "    %s\n", l);
	}
	buf_printf(b, "NixOS generates /etc/modprobe.d from its configuration: in "
		      "/etc/nixos/configuration.nix set\n");
	if (bl.data)
		buf_printf(b, "  boot.blacklistedKernelModules = [%s ];\n", bl.data);
	if (opts.data)
		buf_printf(b, "  boot.extraModprobeConfig = ''\n%s  '';\n", opts.data);
	buf_printf(b, "then `sudo nixos-rebuild switch` (it builds the initrd from the same "
		      "configuration).\n");
	buf_free(&bl);
	buf_free(&opts);
}

/* The initramfs_ row (with its source) says which tool, and its remedy is the command; rpm-ostree's
 * names the file it tracks. */
bool vc_remedy_initramfs(struct buf *b, const struct vc_facts *f, const char *file)
{
	const struct vc_knowledge *k = vc_knowledge_remedy(f, "initramfs");

	if (!k)
		k = vc_knowledge_by_id("initramfs_fallback");
	if (!strcmp(k->id, "initramfs_nixos"))
		return false;
	if (!strcmp(k->id, "initramfs_ostree"))
		buf_printf(b, "sudo rpm-ostree initramfs-etc --track=/etc/modprobe.d/%s", file);
	else
		buf_printf(b, "%s", k->remedy);
	return true;
}

const struct vc_signing_key vc_signing_keys[3] = {
	{ "/etc/pki/akmods/certs/public_key.der", "/etc/pki/akmods/private/private_key.priv",
	  "Fedora's akmods key" },
	{ "/var/lib/shim-signed/mok/MOK.der", "/var/lib/shim-signed/mok/MOK.priv",
	  "Ubuntu's MOK key (shim-signed)" },
	{ "/var/lib/dkms/mok.pub", "/var/lib/dkms/mok.key", "DKMS's MOK key" },
};

/*
 * A compressed module and how to take it apart and put it back. Source: torvalds/linux
 * scripts/Makefile.modinst (02e8487b): modules_install signs the .ko, then compresses it
 * (gzip -n -f, xz --lzma2=dict=2MiB -f, zstd -T0 --rm -f -q); the signature is on the
 * uncompressed module, so sign-file needs it uncompressed. xz --check=crc32 suits the kernel's own
 * decompressor too (CONFIG_MODULE_DECOMPRESS).
 */
static const struct {
	const char *suffix, *unpack, *pack;
} compressions[] = {
	{ ".xz", "xz -d -f", "xz -f --check=crc32 --lzma2=dict=2MiB" },
	{ ".zst", "zstd -d -q --rm -f", "zstd -q --rm -f" },
	{ ".gz", "gzip -d -f", "gzip -n -f" },
};

/* A kernel named by its series only ("Kernel 5.4, openrc" in a report) is no `uname -r` release:
 * /lib/modules has no such directory, so the path takes the running one from the shell. A release
 * has a third number or a local version ("5.4.0", "6.15.3-1-t2-noble", "6.16.3-arch1-1"). */
static bool kernel_series_only(const char *kver)
{
	const char *p = kver;

	for (int part = 0; part < 2; part++) {
		if (!isdigit((unsigned char)*p))
			return false;
		p += strspn(p, "0123456789");
		if (part == 0 && *p++ != '.')
			return false;
	}
	return *p == '\0';
}

void vc_remedy_sign_modules(struct buf *b, const char *kver, const struct vc_signing_key *k,
			    const char *const *ko, size_t n)
{
	if (kver && kernel_series_only(kver))
		kver = NULL;
	_cleanup_(freep) char *sign =
		xasprintf("/lib/modules/%s/build/scripts/sign-file", kver ? kver : "$(uname -r)");

	for (size_t i = 0; i < n; i++) {
		const char *pack = NULL;
		_cleanup_(freep) char *plain = NULL;

		for (size_t c = 0; c < ARRAY_SIZE(compressions) && !pack; c++)
			if (endswith(ko[i], compressions[c].suffix)) {
				plain = xstrndup(ko[i], strlen(ko[i]) - strlen(compressions[c].suffix));
				buf_printf(b, "%ssudo %s ", i ? " && " : "", compressions[c].unpack);
				vc_shell_quote_append(b, ko[i]);
				pack = compressions[c].pack;
			}
		buf_printf(b, "%ssudo ", i || pack ? " && " : "");
		/* the running kernel's, when not known: the shell expands it (no single quotes) */
		if (!kver || !strcmp(kver, "$(uname -r)"))
			buf_printf(b, "\"%s\"", sign);
		else
			vc_shell_quote_append(b, sign);
		buf_printf(b, " sha256 ");
		vc_shell_quote_append(b, k->key);
		buf_printf(b, " ");
		vc_shell_quote_append(b, k->cert);
		buf_printf(b, " ");
		vc_shell_quote_append(b, plain ? plain : ko[i]);
		if (pack) {
			buf_printf(b, " && sudo %s ", pack);
			vc_shell_quote_append(b, plain);
		}
	}
}

void vc_remedy_firmware_vt(struct buf *b, const struct vc_facts *f, bool amd)
{
	/* systemctl's --firmware-setup only where systemd runs the host (the service_ rows) */
	bool systemd = !f || vc_knowledge_remedy_is(f, "service_fallback");

	buf_printf(b,
		   "Enable %s in the firmware setup (BIOS/UEFI; %s), save, and power the machine off "
		   "and on again.",
		   amd ? "\"SVM Mode\" (AMD-V)" : "\"Intel Virtualization Technology\" (VT-x)",
		   systemd ? "on UEFI machines `systemctl reboot --firmware-setup` opens it"
			   : "the key the machine names at power-on opens it");
}

void vc_remedy_load_at_boot(struct buf *b, const struct vc_facts *f, const char *mod)
{
	if (vc_knowledge_remedy_is(f, "modprobe_nixos")) {
		/* /etc/modules-load.d is generated there too */
		buf_printf(b,
			   "add \"%s\" to boot.kernelModules in /etc/nixos/configuration.nix, then `sudo "
			   "nixos-rebuild switch`",
			   mod);
		return;
	}
	buf_printf(b, "echo %s | sudo tee /etc/modules-load.d/%s.conf", mod, mod);
}

void vc_remedy_no_vt(struct buf *b)
{
	buf_printf(b, "This CPU cannot run hardware-accelerated VMs: use a machine whose CPU has VT-x or "
		      "AMD-V, or emulate without KVM (QEMU `-accel tcg`, much slower).");
}

void vc_remedy_nixos_vbox_kvm(struct buf *b)
{
	buf_printf(b, "in /etc/nixos/configuration.nix set `virtualisation.virtualbox.host = { enable = "
		      "true; enableKvm = true; addNetworkInterface = false; };` (VirtualBox on KVM: no "
		      "vboxdrv, NAT networking only), then `sudo nixos-rebuild switch`");
}

/* The one who starts VirtualBox: the user behind sudo, if any. */
static void nem_user(const struct vc_facts *f, const char **ret_user, enum vc_access *ret_a)
{
	bool inv = f->kvm.access.has_invoker;

	*ret_user = inv ? f->kvm.access.invoker.user : f->kvm.access.user;
	*ret_a = inv ? f->kvm.access.invoker.reason : f->kvm.access.reason;
	if (!*ret_user)
		*ret_user = "$USER";
}

/* /dev/kvm for the user who starts VirtualBox, as for any KVM user (probes/kvm.c says the same in
 * kvm.no_access). */
static void nem_access(struct vc_finding *fd, const struct vc_facts *f)
{
	const char *group = f->kvm.device.node.group[0] ? f->kvm.device.node.group : "kvm";
	_cleanup_(freep) char *qgroup = vc_shell_quote(group);
	_cleanup_(freep) char *quser = NULL;
	const char *user;
	enum vc_access a;
	bool ci;

	nem_user(f, &user, &a);
	quser = strcmp(user, "$USER") ? vc_shell_quote(user) : xstrdup("$USER");
	/* a CI job (the row env_ci_cannot_log_in_again): every user may open it */
	const struct vc_knowledge *k = vc_knowledge_environment(f, "kvm.no_access");

	ci = k &&
	     (!strcmp(k->id, "env_ci_cannot_log_in_again") || !strcmp(k->id, "env_ci_kvm_rule_not_settled"));
	if (ci || a == VC_DENIED_MODE) {
		/* a CI job cannot log in again: every user; a mode that shuts out the group needs the
		 * rule and the group */
		_cleanup_(freep) char *join = ci ? xstrdup("")
						 : xasprintf(" && sudo usermod -aG kvm %s   # then log "
							     "out and back in",
							     quser);

		vc_finding_remedy(fd, VC_REMEDY_PERSISTENT, false,
				  "sudo groupadd -f -r kvm && echo 'KERNEL==\"kvm\", GROUP=\"kvm\", "
				  "MODE=\"%s\"' | sudo tee /etc/udev/rules.d/65-kvm.rules && sudo udevadm "
				  "control --reload-rules && sudo udevadm trigger --name-match=kvm%s",
				  ci ? "0666" : "0660", join);
		return;
	}
	if (vc_knowledge_remedy_is(f, "group_nixos"))
		vc_finding_remedy(
			fd, VC_REMEDY_PERSISTENT, false,
			"add \"%s\" to users.users.%s.extraGroups in /etc/nixos/configuration.nix, then "
			"`sudo nixos-rebuild switch` and log out and back in",
			group, user);
	else
		vc_finding_remedy(fd, VC_REMEDY_PERSISTENT, false,
				  "sudo usermod -aG %s %s   # then log out and back in (VirtualBox opens "
				  "/dev/kvm as this user)",
				  qgroup, quser);
}

void vc_remedy_nem(struct vc_finding *fd, const struct vc_facts *f)
{
	static const char *const vbox_mods[] = { "vboxdrv", "vboxnetflt", "vboxnetadp" };
	static const char *const cpu_rows[] = { "vbox_nem_needs_xsave", "vbox_nem_tsc_aux_no_rdtscp" };
	bool nixos = vc_knowledge_remedy_is(f, "modprobe_nixos"); /* configuration.nix, not modprobe.d */
	const char *vendor = vc_facts_kvm_vendor_module(f);
	struct vc_vm_proc vms[16];
	struct buf b = { 0 };
	const char *user;
	enum vc_access a;

	/* another hypervisor's driver: its VMs first (never killed by us), then the driver */
	for (int hv = 0; hv < 2; hv++) {
		size_t n =
			vc_facts_running_vms(f, hv ? VC_HV_VMWARE : VC_HV_VIRTUALBOX, vms, ARRAY_SIZE(vms));

		for (size_t i = 0; i < n; i++)
			vc_finding_evidence(fd, "pid %lld (%s) runs a %s VM", vms[i].pid, vms[i].comm,
					    hv ? "VMware" : "VirtualBox");
	}
	if (vc_facts_loaded(f, "vboxdrv")) {
		vc_finding_remedy(
			fd, VC_REMEDY_TEMPORARY, false,
			"sudo modprobe -r vboxnetadp vboxnetflt vboxdrv   (after the VMs it runs are "
			"stopped; the KVM backend needs no vboxdrv, and a vboxdrv VM holds VT-x/AMD-V)");
		vc_remedy_modules(fd, "vboxnetadp vboxnetflt vboxdrv", NULL, NULL);
		if (nixos)
			vc_remedy_nixos_vbox_kvm(&b);
		else
			vc_remedy_blacklist(&b, f, "blacklist-vboxdrv.conf", vbox_mods,
					    ARRAY_SIZE(vbox_mods));
		vc_finding_remedy(fd, VC_REMEDY_PERSISTENT, nixos, "%s", b.data);
		buf_free(&b);
	}
	if (vc_facts_loaded(f, "vmmon"))
		vc_finding_remedy(
			fd, VC_REMEDY_TEMPORARY, false,
			"sudo modprobe -r vmnet vmmon   (after VMware's VMs are stopped: a vmmon VM "
			"holds VT-x/AMD-V)");
	if (vc_facts_loaded(f, "vmmon"))
		vc_remedy_modules(fd, "vmnet vmmon", NULL, NULL);
	if (f->kvm.device.present == VC_TRI_FALSE) {
		bool definitive;

		if (vc_facts_firmware_disabled(f, &definitive))
			vc_remedy_firmware_vt(&b, f, vc_facts_amd(f));
		else if (vendor)
			buf_printf(&b, "sudo modprobe %s   (it makes /dev/kvm)", vendor);
		else
			vc_remedy_no_vt(&b);
		vc_finding_remedy(fd, VC_REMEDY_TEMPORARY, false, "%s", b.data);
		buf_free(&b);
	}
	nem_user(f, &user, &a);
	if (f->kvm.access.has_identity && (a == VC_DENIED_NOT_IN_GROUP || a == VC_DENIED_MODE))
		nem_access(fd, f);
	/* a CPU this KVM backend cannot use (no XSAVE, no RDTSCP): the row's remedy, with its source */
	for (size_t i = 0; i < ARRAY_SIZE(cpu_rows); i++) {
		const struct vc_knowledge *k = vc_knowledge_by_id(cpu_rows[i]);

		if (k && vc_knowledge_holds(k, f)) {
			vc_finding_remedy(fd, VC_REMEDY_PERSISTENT, false, "%s", k->remedy);
			break;
		}
	}
	/* Vagrant refuses this build: the row's remedy, its report (the source's first word) */
	int report;
	const struct vc_knowledge *vagrant = vc_knowledge_vagrant_refuses(f, &report);

	if (vagrant)
		vc_finding_remedy(
			fd, VC_REMEDY_PERSISTENT, false,
			"Vagrant's virtualbox provider calls a KVM-backend build unusable (VBoxManage "
			"warns that the kernel module is not loaded; %.*s): %s",
			report, vagrant->source, vagrant->remedy);
	if (f->virtualbox.nem_split_lock == VC_TRI_TRUE) {
		vc_finding_remedy(fd, VC_REMEDY_TEMPORARY, false, "sudo sysctl kernel.split_lock_mitigate=0");
		vc_remedy_cmdline(&b, f, "split_lock_detect=off");
		vc_finding_remedy(fd, VC_REMEDY_PERSISTENT, true, "%s", b.data);
		buf_free(&b);
	}
}
