/* Remedy text that several places give: one copy, so the report, switch and preflight say the
 * same thing for the same question. */
#include "lib/base/sanitise.h"
#include "lib/model/remedies.h"
#include "lib/model/report.h"

#include <string.h>

/* The command that rewrites GRUB's configuration from /etc/default/grub on this distribution. */
static const char *grub_update(const struct vc_facts *f)
{
	switch (f->distro.family) {
	case VC_DISTRO_ARCH:
		return "sudo grub-mkconfig -o /boot/grub/grub.cfg";
	case VC_DISTRO_SUSE:
	case VC_DISTRO_FEDORA:
		return "sudo grub2-mkconfig -o /boot/grub2/grub.cfg";
	default:
		return "sudo update-grub";
	}
}

/*
 * Sources: NixOS manual, "Linux Kernel" (boot.kernelParams, boot.extraModprobeConfig,
 * boot.blacklistedKernelModules; /etc is generated); rpm-ostree(1) kargs; grubby(8); Debian
 * update-grub(8); Arch wiki "Kernel parameters" (GRUB, systemd-boot and UKIs: /etc/kernel/cmdline,
 * mkinitcpio -P); openSUSE "GRUB 2" (grub2-mkconfig).
 */
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
	if (f->distro.family == VC_DISTRO_NIXOS) {
		buf_printf(b,
			   "add \"%s\" to boot.kernelParams in /etc/nixos/configuration.nix (NixOS "
			   "generates the boot entries), then `sudo nixos-rebuild boot && sudo systemctl "
			   "reboot`",
			   param);
		return;
	}
	if (f->distro.family == VC_DISTRO_OSTREE) {
		buf_printf(b, "sudo rpm-ostree kargs --append=%s && sudo systemctl reboot", param);
		return;
	}
	switch (f->platform.boot_loader) {
	case VC_BOOT_GRUBBY:
		buf_printf(b, "sudo grubby --update-kernel=ALL --args=\"%s\" && sudo systemctl reboot",
			   param);
		break;
	case VC_BOOT_GRUB:
		buf_printf(b,
			   "add %s to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then `%s && sudo "
			   "systemctl reboot`",
			   param, grub_update(f));
		break;
	case VC_BOOT_KERNEL_CMDLINE:
		if (f->distro.family == VC_DISTRO_ARCH)
			buf_printf(b,
				   "append %s to /etc/kernel/cmdline, then `sudo mkinitcpio -P` (it rebuilds "
				   "the unified kernel images) and reboot",
				   param);
		else {
			buf_printf(b, "append %s to /etc/kernel/cmdline, then ", param);
			kernel_install(b, f);
		}
		break;
	default:
		buf_printf(b, "add %s to the kernel command line of your boot loader and reboot", param);
		break;
	}
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

	if (f->distro.family == VC_DISTRO_NIXOS) {
		buf_printf(b,
			   "remove \"%s\" from boot.kernelParams in /etc/nixos/configuration.nix, then "
			   "`sudo nixos-rebuild boot && sudo systemctl reboot`",
			   param);
		return;
	}
	if (f->distro.family == VC_DISTRO_OSTREE) {
		buf_printf(b, "sudo rpm-ostree kargs --delete=%s && sudo systemctl reboot", param);
		return;
	}
	if (f->platform.boot_loader == VC_BOOT_GRUBBY) {
		buf_printf(b, "sudo grubby --update-kernel=ALL --remove-args=\"%s\" && sudo systemctl reboot",
			   param);
		return;
	}
	s = cmdline_source(f, param, &without);
	if (s) {
		buf_printf(b, "edit %s (`sudoedit %.*s`): change\n  %s\nto\n  %s\nthen ", s->source,
			   (int)strcspn(s->source, ":"), s->source, s->text, without.data);
		if (startswith(s->source, "/etc/default/grub"))
			buf_printf(b, "`%s && sudo systemctl reboot`", grub_update(f));
		else if (f->distro.family == VC_DISTRO_ARCH)
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

void vc_remedy_blacklist(struct buf *b, const struct vc_facts *f, const char *file, const char *const *mods,
			 size_t n)
{
	if (f && f->distro.family == VC_DISTRO_NIXOS) {
		buf_printf(b, "add");
		for (size_t i = 0; i < n; i++)
			buf_printf(b, "%s \"%s\"", i ? (i + 1 == n ? " and" : ",") : "", mods[i]);
		buf_printf(b, " to boot.blacklistedKernelModules in /etc/nixos/configuration.nix, then `sudo "
			      "nixos-rebuild switch`");
		return;
	}
	buf_printf(b, "printf '");
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "blacklist %s\\n", mods[i]);
	buf_printf(b, "' | sudo tee /etc/modprobe.d/%s", file);
}

void vc_remedy_modprobe_d(struct buf *b, const struct vc_facts *f, const char *file, const char *line)
{
	if (f && f->distro.family == VC_DISTRO_NIXOS) {
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
	buf_printf(b, "echo '%s' | sudo tee /etc/modprobe.d/%s", line, file);
}

void vc_remedy_firmware_vt(struct buf *b, bool amd)
{
	buf_printf(b,
		   "Enable %s in the firmware setup (BIOS/UEFI; on UEFI machines `systemctl reboot "
		   "--firmware-setup` opens it), save, and power the machine off and on again.",
		   amd ? "\"SVM Mode\" (AMD-V)" : "\"Intel Virtualization Technology\" (VT-x)");
}

void vc_remedy_no_vt(struct buf *b)
{
	buf_printf(b, "This CPU cannot run hardware-accelerated VMs: use a machine whose CPU has VT-x or "
		      "AMD-V, or emulate without KVM (QEMU `-accel tcg`, much slower).");
}
