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
/* How the outer hypervisor of this virtual machine exposes VT-x/AMD-V to it (nested virtualization):
 * what to do on the outer host, in the cloud or in WSL's configuration, with its source.
 * f->environment (its cloud and outer hypervisor; f->cpuid without it) says which that is. */
void vc_remedy_nested(struct buf *b, const struct vc_facts *f);
/* A confidential guest (TDX, SEV): no nesting is possible inside it; what is left. */
void vc_remedy_confidential(struct buf *b, const struct vc_facts *f);
/* CI jobs and other sessions that cannot log in again: a udev rule that lets every user open
 * /dev/kvm (KERNEL=="kvm", MODE="0666"), applied at once. */
void vc_remedy_kvm_for_all(struct buf *b);
/* A container without /dev/kvm: how the host passes it in; podman (rootless podman, a user
 * namespace) also needs --group-add keep-groups. */
void vc_remedy_container_kvm(struct buf *b, bool podman);
/* kvm.unavailable (no /dev/kvm, no KVM module for this CPU): the outer hypervisor's or cloud's
 * nested-virtualization remedy, a confidential guest's, or what is left on a CPU without VT. */
struct vc_finding;
void vc_remedy_kvm_unavailable(struct vc_finding *f, const struct vc_facts *facts);
/* A CPU without VT-x/AMD-V: what is left. */
void vc_remedy_no_vt(struct buf *b);
