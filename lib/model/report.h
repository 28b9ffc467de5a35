/* The evidence model: a report context that probes fill with facts, findings and evidence. */
#pragma once

#include "lib/host/host.h"
#include "lib/model/facts.h"
#include "lib/model/val.h"

enum vc_severity { VC_SEV_INFO, VC_SEV_WARNING, VC_SEV_ERROR, _VC_SEV_MAX };
const char *vc_severity_name(enum vc_severity s);

struct vc_finding {
	char *id; /* stable: "kvm.no_access" */
	enum vc_severity severity;
	char *message;
	char *remedy; /* exact commands or steps; NULL when there is nothing to do */
	/* structured remedies: [{ "kind": "temporary"|"persistent", "reboot": bool, "steps": "..." }] */
	struct vc_val *remedies;
	struct vc_val *evidence; /* array of strings */
};

struct vc_ctx;

struct vc_probe {
	const char *name;
	const char *summary;
	enum vc_probe_id id;
	/* Fills its part of ctx->facts; returns 0 or -errno for an internal failure. Problems
	 * of the host are findings, not errors. */
	int (*fill)(struct vc_ctx *ctx);
};

struct vc_ctx {
	struct vc_host *host;
	struct vc_facts facts;
	struct vc_val *host_facts; /* "host" section of the report */
	struct vc_val *probes;	   /* name -> facts */
	struct vc_val *evidence;   /* name -> array of strings (the --verbose trail) */
	struct vc_val *owner;	   /* filled by the verdict */
	struct vc_val *conflicts;  /* filled by the verdict: who blocks whom, and with which error */
	struct vc_finding *findings;
	size_t nfindings, findings_cap;
	const struct vc_probe *current;
};

struct vc_ctx *vc_ctx_new(struct vc_host *h);
void vc_ctx_free(struct vc_ctx *ctx);

/* Adds a finding; a finding with the same id is replaced (the later probe knows more). */
struct vc_finding *vc_finding(struct vc_ctx *ctx, enum vc_severity sev, const char *id, const char *remedy,
			      const char *fmt, ...) _printf_(5, 6);
void vc_finding_evidence(struct vc_finding *f, const char *fmt, ...) _printf_(2, 3);
/* One way to fix it: kind "temporary" (until reboot) or "persistent"; reboot: whether it needs one. */
void vc_finding_remedy(struct vc_finding *f, const char *kind, bool reboot, const char *fmt, ...)
	_printf_(4, 5);
const struct vc_finding *vc_find(const struct vc_ctx *ctx, const char *id);

/* One line of the evidence trail of the running probe. */
void vc_evidence(struct vc_ctx *ctx, const char *fmt, ...) _printf_(2, 3);

/* Host reads that turn every failure other than "absent" into a finding naming the file. */
int vc_ctx_read(struct vc_ctx *ctx, const char *path, size_t max, char **ret, size_t *ret_len);
int vc_ctx_read_value(struct vc_ctx *ctx, const char *path, char **ret);
/* A file that was read but does not say what it must: a finding naming it. */
void vc_ctx_malformed(struct vc_ctx *ctx, const char *path, const char *what);

/* What the modules probe found for mod: "live", "builtin", "coming", "going", "absent", or NULL
 * (not probed); loaded means live, built in or coming. */
const char *vc_module_state(const struct vc_val *probes, const char *mod);
bool vc_module_loaded(const struct vc_val *probes, const char *mod);

/* The processes running VMs of one hypervisor ("kvm", "virtualbox", "vmware"), as the processes
 * probe found them: up to max, returns how many. */
size_t vc_running_vms(const struct vc_val *probes, const char *hv, struct vc_vm_proc *out, size_t max);

/* ok / warning / error from the findings. */
enum vc_severity vc_report_status(const struct vc_ctx *ctx);
