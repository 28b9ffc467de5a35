/* What virtcheck knows: ONE table of cited rules. Each row is a condition over typed facts (kernel and
 * product versions, backend, kernel configuration, KVM's state, CPU vendor, environment), what follows
 * from it (who is blocked, with which error, which finding says so, the remedy, how sure we are) and
 * where that comes from (a source file and revision, a kernel commit, a changelog line, a public report).
 * The verdict, explain, preflight and switch read it; README's "What virtcheck knows" is printed from it
 * (`virtcheck knowledge`), and tests/unit/test_knowledge.c holds one case per row. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/model/facts.h"

/* A version range [from, to) of KVER() codes; 0 leaves that end open. */
struct vc_kn_range {
	uint32_t from, to;
};

/* What a row is about: the product whose behaviour it states. */
enum vc_kn_subject {
	VC_KN_KERNEL,	   /* the kernel itself (KVM, x86 virtualization core) */
	VC_KN_VBOXDRV,	   /* VirtualBox with its own driver vboxdrv (every official release) */
	VC_KN_VBOX_NEM,	   /* VirtualBox's KVM backend (NEM): trunk test builds, cyberus virtualbox-kvm */
	VC_KN_VMWARE,	   /* VMware Workstation/Player with vmmon */
	VC_KN_ENVIRONMENT, /* where this Linux runs (cloud, CI, container, WSL): the env rows */
	/* a Windows or macOS host whose pasted logs explain --log reads (environment names which:
	 * "windows", "macos"); the cause and the remedy are that host's, not Linux's */
	VC_KN_OTHER_HOST,
	/* how a remedy is carried out on this host (its distribution's tools, a CI job, Vagrant, the
	 * CPU vendor's IOMMU, what a message names): the rows whose id begins with a topic and '_'
	 * (cmdline_, grubcfg_, initramfs_, modprobe_, group_, vagrant_, iommu_, say_); vc_knowledge_remedy
	 * picks one */
	VC_KN_REMEDY,
	_VC_KN_SUBJECT_MAX,
};
const char *vc_kn_subject_name(enum vc_kn_subject s);

enum vc_kn_vendor { VC_KN_ANY_VENDOR, VC_KN_INTEL, VC_KN_AMD };

/* KVM's state a row needs. */
enum vc_kn_kvm {
	VC_KN_KVM_ANY,
	VC_KN_KVM_HOLDS,      /* kvm_intel/kvm_amd loaded and holding VT since load (6.12+, =Y) */
	VC_KN_KVM_LOADED,     /* kvm_intel/kvm_amd loaded (or built in) */
	VC_KN_KVM_VIRT_OFF,   /* kvm.enable_virt_at_load=N: loaded with it, or configured for the next load */
	VC_KN_KVM_NOT_LOADED, /* no kvm_intel/kvm_amd */
	_VC_KN_KVM_MAX,
};

/* What follows for the subject. */
enum vc_kn_outcome {
	VC_KN_SHARES,	  /* runs while a loaded KVM holds VT (not at the same time as KVM VMs) */
	VC_KN_BLOCKED,	  /* cannot start VMs: another hypervisor holds VT */
	VC_KN_FAILS,	  /* VMs fail to start for another reason (the error names it) */
	VC_KN_HOST_CRASH, /* starting a VM freezes or panics the host */
	VC_KN_NO_BUILD,	  /* its driver cannot be built for this kernel */
	VC_KN_NO_LOAD,	  /* its driver is built but will not load */
	VC_KN_FINE,	  /* the configuration is right as it is (no finding) */
	VC_KN_NOTE,	  /* a fact of the kernel that explains others */
	VC_KN_NO_VT,	  /* this machine is given no VT-x/AMD-V: no hypervisor here runs accelerated VMs */
	_VC_KN_OUTCOME_MAX,
};
const char *vc_kn_outcome_name(enum vc_kn_outcome o);

/* How sure: the research's words, never stronger than its sources. */
enum vc_kn_confidence {
	VC_KN_ESTABLISHED, /* read in the source, or in several independent reports */
	VC_KN_LIKELY,	   /* one report, a maintainer's word, or inferred from dates */
	VC_KN_UNCLEAR,	   /* not verified: the row says what to do without asserting the cause */
	_VC_KN_CONFIDENCE_MAX,
};
const char *vc_kn_confidence_name(enum vc_kn_confidence c);

#define VC_KN_DISTRO(d) (1u << (d))

struct vc_knowledge {
	const char *id; /* stable snake_case */
	/* ---- the condition: every field set must hold ---- */
	enum vc_kn_subject subject;
	struct vc_kn_range version; /* of the subject (VirtualBox, VMware); {0, 0}: any */
	struct vc_kn_range kernel;  /* {0, 0}: any */
	enum vc_kn_vendor vendor;
	enum vc_kn_kvm kvm;
	const char *kconfig_set;   /* a CONFIG_ key that must be y or m; NULL */
	const char *kconfig_unset; /* a CONFIG_ key that must be off; NULL */
	/* where this Linux runs; NULL: anywhere. Alternatives separated by '|', each one of: a cloud
	 * ("Amazon EC2", "Google Compute Engine", "Microsoft Azure"), an outer hypervisor's id (hyperv,
	 * vmware, virtualbox, xen, kvm), wsl2, a confidential guest (tdx, sev-snp, sev), a container's
	 * name (podman, docker...) or "container" for any, "userns" (a user namespace), "ci" (a CI job) */
	const char *environment;
	/* the distribution (/etc/os-release, /etc/NIXOS, /run/ostree-booted), VC_KN_DISTRO() bits of
	 * enum vc_distro; 0: any */
	unsigned distros;
	/* how this host sets the kernel command line (grubby, GRUB, /etc/kernel/cmdline);
	 * VC_BOOT_UNKNOWN: any */
	enum vc_boot_loader boot_loader;
	/* what the typed fields cannot say (a log line, a missing file); NULL */
	bool (*extra)(const struct vc_facts *f);
	/* ---- the consequence ---- */
	enum vc_kn_outcome outcome;
	enum vc_hv blocked;	 /* who cannot run VMs, VC_HV_NONE when nobody */
	const char *error_intel; /* the error users see (a catalogue id), per vendor; NULL */
	const char *error_amd;
	const char *finding; /* the finding id that reports it on a host; NULL for notes */
	const char *says;    /* what virtcheck knows, one sentence */
	/* what to do, in general terms (the finding computes it for the host); in the rows about an
	 * environment, the steps themselves, with placeholders vc_knowledge_steps fills: MODULE the KVM
	 * vendor module (kvm_intel, kvm_amd), FLAG its CPU flag (vmx, svm), CI_SERVICE the CI system
	 * (never a printf format: a '%' in the text is a '%') */
	const char *remedy;
	enum vc_kn_confidence confidence;
	bool reboot; /* the remedy takes effect after a restart or power cycle (the other-host rows) */
	/* ---- where it comes from ---- */
	const char *source;
};

extern const struct vc_knowledge vc_knowledge[];
extern const size_t vc_nknowledge;

const struct vc_knowledge *vc_knowledge_by_id(const char *id);
/* Vagrant's virtualbox provider refuses VirtualBox's KVM-backend build on this host (the row
 * provider_virtualbox_kvm_backend holds): the row, with the length of the report it cites first (its
 * source's first word) in *report_len; NULL when it does not hold. */
const struct vc_knowledge *vc_knowledge_vagrant_refuses(const struct vc_facts *f, int *report_len);
/* Whether the row's condition holds on this host. */
bool vc_knowledge_holds(const struct vc_knowledge *k, const struct vc_facts *f);
/* Whether the row is about a host like this one: it names no environment, or this Linux runs in one
 * of those it names (a cloud, WSL2, a CI job, a container...), and no distributions, or this one
 * (when known); a Windows or macOS host's row fits only that host (explain --log). Whatever its other
 * conditions, a row that does not fit says nothing about this host. */
bool vc_knowledge_fits_host(const struct vc_knowledge *k, const struct vc_facts *f);
/* Whether the table applies the row on this host: it holds, and no row before it that answers the
 * same question holds (rows are tried in order, the first that holds wins): for VirtualBox's driver
 * next to KVM the rows vc_knowledge_vbox_next_to_kvm reads, for a remedy its topic, for an
 * environment its finding, otherwise the same subject and outcome. */
bool vc_knowledge_applies(const struct vc_knowledge *k, const struct vc_facts *f);
/* The first row about subject with outcome among the VC_KN_OUT() bits that holds; NULL when none.
 * kvm overrides KVM's state the rows see (VC_KN_KVM_ANY: as the facts say), to ask "what if". */
#define VC_KN_OUT(o) (1u << (o))
const struct vc_knowledge *vc_knowledge_first(const struct vc_facts *f, enum vc_kn_subject subject,
					      unsigned outcomes, enum vc_kn_kvm kvm);

/* THE predicate (verdict, switch, preflight): VirtualBox's driver on this kernel runs next to a
 * kvm_intel/kvm_amd that holds VT since load. NULL when it does not (or when that is a host crash);
 * otherwise the row that says so. */
const struct vc_knowledge *vc_knowledge_vbox_shares_kvm(const struct vc_facts *f);
/* What happens to VirtualBox's driver next to KVM as the facts show it now: the first matching
 * VC_KN_VBOXDRV row among SHARES, BLOCKED, FAILS, HOST_CRASH, FINE; NULL when no row says. */
const struct vc_knowledge *vc_knowledge_vbox_next_to_kvm(const struct vc_facts *f);

/* The row about KVM VMs and VirtualBox (vboxdrv) VMs running at the same time on this host (the
 * processes, or their counts), when this VirtualBox shares KVM's VT; NULL when none holds. */
const struct vc_knowledge *vc_knowledge_vbox_concurrent(const struct vc_facts *f);

/* The row saying starting a VM of subject (VC_KN_VBOXDRV, VC_KN_VMWARE) panics this host because
 * the kernel runs with FRED; NULL when none holds. */
const struct vc_knowledge *vc_knowledge_fred_crash(const struct vc_facts *f, enum vc_kn_subject subject);
/* The first row about where this Linux runs (VC_KN_ENVIRONMENT) whose finding is finding and that
 * holds on this host; NULL when none does. */
const struct vc_knowledge *vc_knowledge_environment(const struct vc_facts *f, const char *finding);

/* The rule for carrying out a remedy of topic (cmdline, grubcfg, initramfs, modprobe, group, vagrant, iommu,
 * say) on this host: the first VC_KN_REMEDY row whose id is topic_... that holds; NULL when none (then the
 * remedy is said in general terms) or when f is NULL. The remedy's text is composed where it is given
 * (lib/model/remedies.c); the row decides which one applies. */
const struct vc_knowledge *vc_knowledge_remedy(const struct vc_facts *f, const char *topic);
/* The kernel loads only signed modules here: Secure Boot (shim validating), lockdown or
 * module.sig_enforce. */
bool vc_knowledge_signatures_enforced(const struct vc_facts *f);
/* Whether a loaded vboxdrv of version drv is not the installed VirtualBox ver's own: older (the row
 * vboxdrv_older_than_virtualbox), or of another release series (major.minor) either way. The
 * virtualbox probe, the row and the headline's "runs alongside it" ask the same question here. */
bool vc_knowledge_vboxdrv_not_its_own(const char *drv, const char *ver);
/* Whether the rule vc_knowledge_remedy finds for id's topic (id up to its first '_') is row id. */
bool vc_knowledge_remedy_is(const struct vc_facts *f, const char *id);
struct vc_finding;
/* The evidence line that names the row a finding is based on: "knowledge ID (confidence): SOURCE". */
void vc_knowledge_evidence(struct vc_finding *fd, const struct vc_knowledge *k);
/* A row's remedy text with each of its upper-case placeholders (words[i]: PARAM, KVER, FLAVOUR)
 * replaced by values[i], appended to b. */
void vc_knowledge_expand(struct buf *b, const char *text, const char *const *words, const char *const *values,
			 size_t n);

/* A row's remedy as the steps for this host, appended to b: its placeholders MODULE, FLAG (the
 * CPU vendor's KVM module and flag), CI_SERVICE (the CI system that runs this job) and HEADERS (the
 * command that installs the running kernel's headers, vc_knowledge_headers) filled in. */
void vc_knowledge_steps(struct buf *b, const struct vc_knowledge *k, const struct vc_facts *f);

/* The command that installs the running kernel's headers, appended to b: the headers_ row of this
 * distribution (headers_fallback where no row names it), KVER the running release ("$(uname -r)"
 * where the facts do not name it), FLAVOUR its flavour (openSUSE: the release's last word; Arch: the
 * kernel package); where the distribution was not read (a paste) each row's command, by name. */
void vc_knowledge_headers(struct buf *b, const struct vc_facts *f);
/* Arch's package of the running kernel: the one its /lib/modules/KVER/pkgbase names, else the
 * flavour its release names (linux-lts, linux-zen, linux-hardened; linux). */
const char *vc_knowledge_arch_kernel(const struct vc_facts *f);

/* The first VirtualBox release whose driver would use KVM's VT on this host's kernel (the releases
 * the table names, tried in order); 0 when none does (kernels before 6.16, no CONFIG_KVM_X86). */
uint32_t vc_knowledge_vbox_first_sharing(const struct vc_facts *f);
/* The first VirtualBox release that fails on this host's kernel with kvm.enable_virt_at_load=0 (the
 * table's rows for that state: 7.2.10+ on 6.16+); 0 when none does. Releases that share KVM's VT by
 * asking KVM to switch it on (7.2.2-7.2.8) work with =0 as well. */
uint32_t vc_knowledge_vbox_first_needing_virt_at_load(const struct vc_facts *f);
/* Whether this VirtualBox would share KVM's VT on this host booted into KERNEL (what the table says
 * of that release there; the kernel's configuration taken as this one's). */
bool vc_knowledge_vbox_shares_on(const struct vc_facts *f, const char *kernel);

/* A VirtualBox release and the newest host kernel it builds for (the support table). */
struct vc_kn_support {
	uint32_t vbox;	     /* a release */
	uint32_t kernel_max; /* newest kernel series it supports as a host (KVER(a, b, 0)) */
	enum vc_kn_confidence confidence;
	const char *source;
	/* kernel_max is its newest only up to this release (0: until the series' next row) */
	uint32_t last;
	/* the source shows only that it builds for kernel_max, not that it is its newest: no
	 * row for kernel_max lookups */
	bool later_only;
	/* the source names it the first release of its series that builds for the kernel
	 * series first_from to kernel_max (0: it does not say) */
	uint32_t first_from;
};
extern const struct vc_kn_support vc_kn_vbox_support[];
extern const size_t vc_kn_nvbox_support;
/* The newest kernel series a VirtualBox release supports; 0 when the table does not say. */
uint32_t vc_kn_vbox_kernel_max(uint32_t vbox, enum vc_kn_confidence *ret_conf);
/* The first release that supports a kernel series (and does not crash there); 0 when none known. */
uint32_t vc_kn_vbox_first_supporting(uint32_t kernel);
/* The oldest release the table knows supports a kernel series, 0 when none; *ret_first: its source
 * names it the first of its series to. */
uint32_t vc_kn_vbox_upgrade_to(uint32_t kernel, bool *ret_first);
/* A release older than the one its series first built for this kernel series with (the table's
 * first_from): it does not build there. */
bool vc_kn_vbox_before_first(uint32_t vbox, uint32_t kernel);

/* A Workstation/Player release range and the VMMON_VERSION major it expects. */
struct vc_kn_vmmon {
	struct vc_kn_range release;
	unsigned vmmon;
	enum vc_kn_confidence confidence;
	const char *source;
};
extern const struct vc_kn_vmmon vc_kn_vmmon_versions[];
extern const size_t vc_kn_nvmmon_versions;
/* The vmmon version a Workstation release (KVER code) expects; 0 when the table does not say. */
unsigned vc_kn_vmmon_expected(uint32_t workstation, enum vc_kn_confidence *ret_conf);
/* The same for the Workstation/Player installed on this host. */
unsigned vc_knowledge_vmmon_expected(const struct vc_facts *f);

/* The table as Markdown (README's "What virtcheck knows"). */
void vc_knowledge_markdown(FILE *out);
