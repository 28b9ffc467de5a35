/* The probes: one evidence source each, listed in probes/probes.c. */
#pragma once

#include "lib/model/report.h"

extern const struct vc_probe probe_cpuid;
extern const struct vc_probe probe_kvm;
extern const struct vc_probe probe_modules;
extern const struct vc_probe probe_platform;
extern const struct vc_probe probe_msr;
extern const struct vc_probe probe_processes;
extern const struct vc_probe probe_udev;
extern const struct vc_probe probe_pci;
extern const struct vc_probe probe_environment;
extern const struct vc_probe probe_virtualbox;
extern const struct vc_probe probe_vmware;

#include "lib/model/modules.h"

/* Every probe, by id; the pipeline (lib/verdict/run.c) orders them by what they need. */
extern const struct vc_probe *const vc_probes[_VC_PROBE_MAX];

/* The distribution and where it sets the kernel command line (probes/distro.c; the modules
 * probe calls it first, so every remedy written later can fit it). */
void vc_distro_fill(struct vc_ctx *ctx);

/* Whether this Linux is a Xen domain, and which kind (probes/environment.c): reads
 * /sys/hypervisor/type, guest_type and properties/features once into the environment facts
 * (xen, xen_guest_type, xen_dom0); the CPUID probe asks first, since a PV guest's CPUID is the
 * host's. Returns the guest type (PV, PVH, HVM) or NULL. */
const char *vc_probe_xen(struct vc_ctx *ctx);

/* What the kernel log says of Xen: a line of xen_banner() (arch/x86/xen/enlighten_pv.c: "Booting
 * paravirtualized kernel on Xen...", "Xen version: X.Y"), the banner ending at "on Xen" (pv), and
 * a "Xen HVM" line beside them (older PVHVM kernels print the same banner). */
struct vc_xen_log {
	bool banner, pv, hvm;
};
struct vc_xen_log vc_probe_xen_log(struct vc_ctx *ctx);

/* The sandbox this program runs in, which is no container (probes/environment.c): "firejail" or
 * NULL, read once into the environment facts; the KVM probe asks first, to name it when the
 * sandbox's user namespace keeps /dev/kvm closed. */
const char *vc_probe_sandbox(struct vc_ctx *ctx);

/* Table lookups exposed for tests. */
const char *vc_hypervisor_from_signature(const char sig[12]);

/* Sorts one kernel-log message into the platform facts' kernel_log lists (firmware disabled, module
 * signature rejected, virtualization not enabled, a driver refused), at most 8 each; true when it
 * is one of them. The platform probe and explain --log read the kernel's log with it. */
struct vc_platform_facts;
bool vc_platform_log_line(struct vc_platform_facts *pf, const char *msg);

/* Whether the module file at path (read through the host) ends with a module signature
 * ("~Module signature appended~"): null when it is compressed (signed before compression, so its
 * end says nothing) or unreadable. */
enum vc_tri vc_ko_signed(struct vc_ctx *ctx, const char *path);

/* vmware-modconfig's newest log in dirs (/tmp/vmware-USER, uids[i] the USER's uid), read into the
 * VMware facts (build_failed, build_headers_missing, build_log; the kernel's gcc) with the triage's
 * line readers: a directory or log owned by another user than uids[i] (its USER's), a directory
 * others may write to, a link, are not read; the last MiB of each log. The vmware probe
 * calls it with /tmp/vmware-root and the invoking user's directory (tests: their own). */
void vc_vmware_build_logs(struct vc_ctx *ctx, const char *const *dirs, const unsigned *uids, size_t n);
