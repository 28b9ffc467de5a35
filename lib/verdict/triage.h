/* Triage: another machine's pasted logs (VBox.log, dmesg, VBoxManage, QEMU, libvirt, minikube, the
 * Android emulator...) read into the typed facts the probes fill, each with the line it came from,
 * then decided by the same verdict and knowledge table as the report. What the logs do not show is
 * tried both ways through the same verdict: the answer for each value the missing fact can have. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "lib/model/catalog.h"
#include "lib/model/fields.h"
#include "lib/model/report.h"

/* Inputs larger than this are refused: tens of MiB of pasted logs, each line cut at VC_TRIAGE_LINE_MAX. */
#define VC_TRIAGE_INPUT_MAX (64u << 20)
#define VC_TRIAGE_LINE_MAX  4096u

/* Stable cause ids of virtcheck.triage/1, in the order a user's VM meets them (the first blocks it). */
enum vc_cause {
	VC_CAUSE_FIRMWARE_DISABLED,
	VC_CAUSE_NO_VT_IN_GUEST,
	VC_CAUSE_VERSION_INCOMPATIBLE_KERNEL,
	VC_CAUSE_SECURE_BOOT_UNSIGNED,
	VC_CAUSE_DRIVER_NOT_LOADED,
	VC_CAUSE_STALE_VIRT_AT_LOAD_OVERRIDE,
	VC_CAUSE_KVM_HOLDS_VT,
	VC_CAUSE_VIRTUALBOX_HOLDS_VT,
	VC_CAUSE_VMWARE_HOLDS_VT,
	VC_CAUSE_KVM_NO_ACCESS,
	VC_CAUSE_OTHER,
	_VC_CAUSE_MAX,
};
const char *vc_cause_name(enum vc_cause c);

/* A fact read from a line of the input. */
struct vc_triage_fact {
	const char *key; /* the facts' name: "kernel", "virtualbox.version", "cpu_vendor"... */
	char *value;
	unsigned file; /* index into the inputs */
	unsigned line; /* 1-based */
	char *text;    /* the line as read (raw: sanitise before showing) */
};

/* A known error message found in the input. */
struct vc_triage_error {
	const struct vc_known_error *e;
	unsigned file, line;
	char *text;
};

/* One cause, and why. */
struct vc_triage_cause {
	enum vc_cause cause;
	char *explanation;
	const char *finding;		     /* the finding (or verdict rule) that decided it */
	const char *knowledge;		     /* the knowledge row, when one did */
	VC_ARRAY(struct vc_remedy) remedies; /* for the machine the logs show, the first to try first */
};

/* One value a missing fact may have, and the answer then. */
struct vc_triage_branch {
	char *assume; /* "VirtualBox 7.1 or older" */
	enum vc_cause cause;
	char *remedy; /* the first remedy then, or NULL */
};

struct vc_triage_unknown {
	const char *fact;    /* "virtualbox.version", "kernel", "holder", "hypervisor_bit", "vboxdrv" */
	char *missing;	     /* "the VirtualBox version is not in the logs" */
	bool assumed;	     /* the answer above assumes its first branch */
	bool changes_answer; /* the branches differ in cause or remedy */
	VC_ARRAY(struct vc_triage_branch) branches;
};

struct vc_triage {
	struct vc_strv inputs; /* file names ("-" for standard input) */
	unsigned lines;
	VC_ARRAY(struct vc_triage_fact) facts;
	VC_ARRAY(struct vc_triage_error) errors;
	struct vc_triage_obs *obs; /* what the lines showed, typed (triage.c) */
	/* ---- the decision ---- */
	bool decided;
	struct vc_ctx *ctx; /* the verdict on the facts (with the first branch of each unknown) */
	char *headline;	    /* one line for the first cause (no version the paste does not show) */
	VC_ARRAY(struct vc_triage_cause) causes;
	enum vc_confidence confidence;
	VC_ARRAY(struct vc_triage_unknown) unknowns;
};

struct vc_triage *vc_triage_new(void);
void vc_triage_free(struct vc_triage *t);
/* Reads one input (a pasted text of len bytes, any line ending, any bytes) named name. */
int vc_triage_feed(struct vc_triage *t, const char *name, const char *buf, size_t len);
/* Reads a file (or standard input for "-"), at most VC_TRIAGE_INPUT_MAX bytes in all inputs:
 * -EFBIG beyond. */
int vc_triage_feed_file(struct vc_triage *t, const char *path);
/*
 * What VMware's module installer logged (vmware-modconfig's /tmp/vmware-USER/vmware-PID.log), read
 * by the same line readers as a pasted log: its build failed ("Unable to install all modules",
 * "Failed to build vmmon"), the release whose headers it did not find ("Failed to find
 * /lib/modules/KVER/build/include"), the gcc the kernel was built with ("The kernel was built by:"),
 * the release it names ("Host is Linux KVER"), and the lines that said them (raw: sanitise before
 * showing). The vmware probe reads the newest log on this host with it.
 */
struct vc_modconfig_log {
	bool build_failed;
	char *headers_missing; /* NULL: not said */
	char *kernel;	       /* NULL: not said */
	char kernel_gcc[8];    /* "" when not said */
	struct vc_strv lines;
};
void vc_triage_modconfig_log(const char *text, size_t len, struct vc_modconfig_log *ret);
void vc_modconfig_log_clear(struct vc_modconfig_log *l);
/* Decides: the verdict on the facts, the causes, the confidence, the unknowns. Returns 0, or
 * -ENOMSG when nothing in the inputs was recognised. */
int vc_triage_decide(struct vc_triage *t);
/* Whether the input showed anything at all (a fact or a known error). */
bool vc_triage_recognised(const struct vc_triage *t);
