/* Remedy text that several places give: one copy, so the report, switch and preflight say the
 * same thing for the same question. */
#pragma once

#include "lib/base/util.h"
#include "lib/model/facts.h"

/* How to add param to the kernel command line on this host (its distribution and boot loader:
 * NixOS configuration.nix, rpm-ostree kargs, grubby, GRUB, /etc/kernel/cmdline), reboot included. */
void vc_remedy_cmdline(struct buf *b, const struct vc_facts *f, const char *param);
/* How to take param off the kernel command line on this host: the file and line that set it
 * (/etc/default/grub:N) as it is and as it becomes, or the distribution's tool, reboot included. */
void vc_remedy_cmdline_remove(struct buf *b, const struct vc_facts *f, const char *param);
/* A modprobe.d line for /etc/modprobe.d/FILE: "echo 'LINE' | sudo tee ..."; on NixOS, where /etc
 * is generated, boot.extraModprobeConfig (or boot.blacklistedKernelModules for "blacklist X"). */
void vc_remedy_modprobe_d(struct buf *b, const struct vc_facts *f, const char *file, const char *line);
/* Blacklisting modules for good: /etc/modprobe.d/FILE, or boot.blacklistedKernelModules on NixOS. */
void vc_remedy_blacklist(struct buf *b, const struct vc_facts *f, const char *file, const char *const *mods,
			 size_t n);
/* VT-x/AMD-V disabled by the firmware: the one text the CPUID and MSR probes give (a power cycle,
 * since some firmware locks the setting until then). */
void vc_remedy_firmware_vt(struct buf *b, bool amd);
/* A CPU without VT-x/AMD-V: what is left. */
void vc_remedy_no_vt(struct buf *b);
