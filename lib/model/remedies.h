/* Remedy text that several places give: one copy, so the report, switch and preflight say the
 * same thing for the same question. */
#pragma once

#include "lib/base/util.h"
#include "lib/model/facts.h"

/* "sudo systemctl VERB UNIT", or what the host's init system says instead (rc-service, sv, service:
 * the service_ rows of lib/verdict/knowledge.c); _enable: started at every boot; _reboot: the
 * machine restarted ("sudo systemctl reboot", "sudo reboot"). */
void vc_remedy_service(struct buf *b, const struct vc_facts *f, const char *verb, const char *unit);
void vc_remedy_service_enable(struct buf *b, const struct vc_facts *f, const char *unit);
/* The same for a script of /etc/init.d (run itself where runit runs the host; MODULES, the modules
 * it loads, listed in /etc/modules-load.d there for boot). */
void vc_remedy_initd(struct buf *b, const struct vc_facts *f, const char *verb, const char *unit);
void vc_remedy_initd_enable(struct buf *b, const struct vc_facts *f, const char *unit, const char *modules);
void vc_remedy_reboot(struct buf *b, const struct vc_facts *f);
/* How to add param to the kernel command line on this host (its distribution and boot loader:
 * NixOS configuration.nix, rpm-ostree kargs, grubby, GRUB, /etc/kernel/cmdline), reboot included. */
void vc_remedy_cmdline(struct buf *b, const struct vc_facts *f, const char *param);
/* How to take param off the kernel command line on this host: the file and line that set it
 * (/etc/default/grub:N) as it is and as it becomes, or the distribution's tool, reboot included. */
void vc_remedy_cmdline_remove(struct buf *b, const struct vc_facts *f, const char *param);
/* A command to run after a remedy from above: " && CMD" after a command, ", then `CMD`" after
 * NixOS's configuration steps, which are words, not a command. */
_printf_(3, 4) void vc_remedy_then(struct buf *b, const struct vc_facts *f, const char *fmt, ...);
/* A modprobe.d line for /etc/modprobe.d/FILE: "echo 'LINE' | sudo tee ..."; on NixOS, where /etc
 * is generated, boot.extraModprobeConfig (or boot.blacklistedKernelModules for "blacklist X").
 * Where an initramfs configuration lists the module (or one that loads it), it says so first and
 * the initramfs rebuild follows the command (vc_remedy_initramfs): the initramfs keeps its own
 * copy of modprobe.d. vc_remedy_blacklist does the same. */
void vc_remedy_modprobe_d(struct buf *b, const struct vc_facts *f, const char *file, const char *line);
/* Blacklisting modules for good: /etc/modprobe.d/FILE, or boot.blacklistedKernelModules on NixOS. */
void vc_remedy_blacklist(struct buf *b, const struct vc_facts *f, const char *file, const char *const *mods,
			 size_t n);
/* A modprobe.d file's blacklist and options lines as NixOS configuration, where /etc is generated:
 * boot.blacklistedKernelModules and boot.extraModprobeConfig in configuration.nix, then
 * `sudo nixos-rebuild switch`. */
void vc_remedy_nixos_modprobe(struct buf *b, const char *conf);
/* After a change to /etc/modprobe.d/FILE: how the initramfs, which keeps its own copy of
 * modprobe.d and loads the modules it holds before the root file system, gets it on this
 * distribution (update-initramfs, dracut, mkinitcpio, rpm-ostree initramfs-etc). Nothing on NixOS:
 * nixos-rebuild builds the initrd from the configuration. Returns whether it wrote anything. */
bool vc_remedy_initramfs(struct buf *b, const struct vc_facts *f, const char *file);
/* "PATH:N lists MOD" for each of mods (n of them, spelled with '_') an initramfs configuration lists, joined
 * by "; " in the order of the files and lines (the facts' initramfs_modules); whether there was one. */
bool vc_remedy_initramfs_lists(struct buf *b, const struct vc_facts *f, const char *const *mods, size_t n);
/* A key modules are signed with for Secure Boot: its certificate and private key. */
struct vc_signing_key {
	const char *cert, *key, *what;
};
/* Fedora's akmods key, Ubuntu's shim-signed MOK, DKMS's MOK key: the first that exists wins. */
extern const struct vc_signing_key vc_signing_keys[3];
/* "sudo sign-file sha256 KEY CERT MODULE" for each module file of the running kernel kver; a
 * compressed one (.ko.xz, .ko.zst, .ko.gz, as distributions install them) is decompressed first
 * and compressed again after, as the kernel's modules_install does: sign-file cannot sign it. */
void vc_remedy_sign_modules(struct buf *b, const char *kver, const struct vc_signing_key *k,
			    const char *const *ko, size_t n);
/* VT-x/AMD-V disabled by the firmware: the one text the CPUID and MSR probes give (a power cycle,
 * since some firmware locks the setting until then). */
void vc_remedy_firmware_vt(struct buf *b, const struct vc_facts *f, bool amd);
/* NixOS's VirtualBox on KVM (virtualisation.virtualbox.host.enableKvm), then nixos-rebuild. */
void vc_remedy_nixos_vbox_kvm(struct buf *b);
struct vc_finding;
/* The remedies of VirtualBox's KVM backend (NEM) on this host: whatever else holds VT-x/AMD-V
 * (vboxdrv, vmmon: unloaded, kept from loading), /dev/kvm missing or shut to the user who starts
 * VirtualBox (kvm group, udev rule), XSAVE, split lock detection. Never vboxdrv's own remedies
 * (vboxconfig, signing): the KVM backend does not use it. */
void vc_remedy_nem(struct vc_finding *fd, const struct vc_facts *f);
/* A CPU without VT-x/AMD-V: what is left. */
void vc_remedy_no_vt(struct buf *b);
/* Load module mod at every boot (systemd-modules-load reads /etc/modules-load.d; NixOS:
 * boot.kernelModules): for a KVM module that is neither loaded nor blacklisted. */
void vc_remedy_load_at_boot(struct buf *b, const struct vc_facts *f, const char *mod);
