/* The report model: what probes and the verdict found about one host, as typed values: the facts,
 * the findings with their remedies and evidence, the owner, the conflicts, the evidence trail. */
#pragma once

#include "lib/host/host.h"
#include "lib/model/facts.h"
#include "lib/model/fields.h"
#include "lib/model/findings.h"

enum vc_severity { VC_SEV_INFO, VC_SEV_WARNING, VC_SEV_ERROR, _VC_SEV_MAX };
const char *vc_severity_name(enum vc_severity s);

/* One way to fix a finding. */
enum vc_remedy_kind { VC_REMEDY_TEMPORARY, VC_REMEDY_PERSISTENT, _VC_REMEDY_MAX };
const char *vc_remedy_kind_name(enum vc_remedy_kind k);

struct vc_remedy {
	enum vc_remedy_kind kind; /* until the next reboot, or for good */
	bool reboot;		  /* it takes effect after a reboot */
	char *steps;		  /* the exact commands, or what to do */
	/* what the steps do to kernel modules, for tools that compare it with a switch plan without
	 * reading the text (JSON "modules", vc_remedy_modules): the modules unloaded, then those
	 * loaded again, and the "module.parameter=value" in effect after (a modprobe.d line, a reload
	 * with it, the kernel command line); empty: none */
	struct vc_strv unload, load, set;
};

struct vc_finding {
	enum vc_fid fid;
	char *id; /* its name, stable: "kvm.no_access"; with what it is about: "input.unreadable:/etc/group"
		   */
	enum vc_severity severity;
	char *message;
	VC_ARRAY(struct vc_remedy)
	remedies; /* the ways to fix it, the first the one to try; none: nothing to do */
	struct vc_strv evidence;
};

/* Who holds VT-x/AMD-V, by which rule, and why. */
struct vc_owner {
	enum vc_hv hypervisor;
	const char *backend; /* kvm_intel, vboxdrv, ... or NULL */
	enum vc_confidence confidence;
	const char *rule; /* the verdict rule that matched, NULL when none did */
	char *headline;	  /* the answer in one line, with who fails and with which error */
	const char *summary;
	struct vc_strv evidence;
};

/* One hypervisor blocks another. */
struct vc_conflict {
	enum vc_fid id; /* the finding that explains it */
	enum vc_hv holder, blocked;
	const char *error; /* what the blocked one fails with, or NULL */
	enum vc_severity severity;
};

/* The --verbose trail: what one probe (or the verdict) looked at. */
struct vc_trail {
	const char *name;
	struct vc_strv lines;
};

/* A check a passive host did not make, because making it would have changed the machine. */
struct vc_skip {
	char *check; /* "kvm.vm_test": the probe's name, a dot, the check's */
	char *message;
};

struct vc_ctx;

struct vc_probe {
	const char *name;
	const char *summary;
	enum vc_probe_id id;
	unsigned needs; /* VC_P() of the probes whose facts it reads: they run first, and whenever it does */
	unsigned after; /* VC_P() of probes whose facts it uses when they ran: they run first when chosen */
	/* Fills its part of ctx->facts; returns 0 or -errno for an internal failure. Problems
	 * of the host are findings, not errors. */
	int (*fill)(struct vc_ctx *ctx);
	/* What fill left for later (it called vc_late_here): run once every probe has filled, so
	 * that a live host reads what it needs meanwhile; what it adds to the findings and to the
	 * probe's evidence goes where fill called vc_late_here, as if fill had added it there. */
	void (*late)(struct vc_ctx *ctx);
};

/* Where the findings and one probe's evidence trail stood: the number of findings, the trail's
 * place among the trails and its number of lines. */
struct vc_spot {
	size_t findings, trail, lines;
};

struct vc_ctx {
	struct vc_host *host;
	struct vc_facts facts;
	bool have_verdict; /* owner and conflicts are filled */
	struct vc_owner owner;
	VC_ARRAY(struct vc_conflict) conflicts;
	VC_ARRAY(struct vc_finding) findings;
	VC_ARRAY(struct vc_trail) trail;
	VC_ARRAY(struct vc_skip) skipped;
	const struct vc_probe *current;
	/* preflight's first look: the modules probe reads only which modules are loaded (what the
	 * backend is), no parameters, holders, versions, modprobe configuration or distribution */
	bool first_look;
	/* the modules probe reads only the parameters a rule, a setting or the text reads
	 * (params_read in probes/modules.c), not every file of /sys/module/NAME/parameters:
	 * the text and Prometheus reports print none (each file is a read of ~6 us) */
	bool few_params;
	/* where each probe's late step adds (vc_late_here), for the probes that left one */
	unsigned late_wanted;
	struct vc_spot late_at[_VC_PROBE_MAX];
};

struct vc_ctx *vc_ctx_new(struct vc_host *h);
void vc_ctx_free(struct vc_ctx *ctx);

/* Adds a finding; a finding with the same id is replaced (the later probe knows more). */
struct vc_finding *vc_finding(struct vc_ctx *ctx, enum vc_severity sev, enum vc_fid fid, const char *fmt, ...)
	_printf_(4, 5);
/* The same for ids that name what they are about: input.unreadable:PATH, internal.PROBE (sep is
 * the separator, ':' or '.'). */
struct vc_finding *vc_finding_about(struct vc_ctx *ctx, enum vc_severity sev, enum vc_fid fid, char sep,
				    const char *about, const char *fmt, ...) _printf_(6, 7);
void vc_finding_evidence(struct vc_finding *f, const char *fmt, ...) _printf_(2, 3);
/* One way to fix it, in the order to try them: temporary (it holds until the next reboot, or for this run
 * only) or persistent (it holds for good); reboot: it takes effect after one. */
void vc_finding_remedy(struct vc_finding *f, enum vc_remedy_kind kind, bool reboot, const char *fmt, ...)
	_printf_(4, 5);
/* What the finding's last remedy does to modules (struct vc_remedy's unload, load, set): each a
 * space-separated list of words, NULL or "" for none. */
void vc_remedy_modules(struct vc_finding *f, const char *unload, const char *load, const char *set);
/* Whether one of f's remedies holds for good (VC_REMEDY_PERSISTENT). */
bool vc_finding_has_persistent(const struct vc_finding *f);
const struct vc_finding *vc_find(const struct vc_ctx *ctx, enum vc_fid fid);
/* The same, to add to it (the verdict completes some probes' findings). */
struct vc_finding *vc_find_mut(struct vc_ctx *ctx, enum vc_fid fid);
/* Removes the finding with this id (a later reader knows better what it means); none: nothing. */
void vc_finding_drop(struct vc_ctx *ctx, enum vc_fid fid);

/* A check the running probe skipped (a passive host): PROBE.check, and what it would have done. */
void vc_skipped(struct vc_ctx *ctx, const char *check, const char *fmt, ...) _printf_(3, 4);

/* One line of the evidence trail of the running probe (or of the verdict). */
void vc_evidence(struct vc_ctx *ctx, const char *fmt, ...) _printf_(2, 3);

/* The running probe leaves the rest to its late step (struct vc_probe.late), whose findings and
 * evidence are to go here. */
void vc_late_here(struct vc_ctx *ctx);
/* The running probe's late step, if it left one, with what it adds moved to where it was left. */
void vc_late_run(struct vc_ctx *ctx);

/* Host reads that turn every failure other than "absent" into a finding naming the file. */
int vc_ctx_read(struct vc_ctx *ctx, const char *path, size_t max, char **ret, size_t *ret_len);
/* The same with vc_host_read_flags's flags (VC_READ_HEAD, VC_READ_TAIL). */
int vc_ctx_read_flags(struct vc_ctx *ctx, const char *path, size_t max, unsigned flags, char **ret,
		      size_t *ret_len);
int vc_ctx_read_value(struct vc_ctx *ctx, const char *path, char **ret);
/* A file that was read but does not say what it must: a finding naming it. */
void vc_ctx_malformed(struct vc_ctx *ctx, const char *path, const char *what);

/* As JSON, in the shape of virtcheck.report/1. */
struct vc_val *vc_finding_json(const struct vc_finding *f);
struct vc_val *vc_owner_json(const struct vc_owner *o);
struct vc_val *vc_conflict_json(const struct vc_conflict *c);
struct vc_val *vc_skip_json(const struct vc_skip *s);

/* ok / warning / error from the findings. */
enum vc_severity vc_report_status(const struct vc_ctx *ctx);
