/* preflight: what a CI job needs (requirements), checked against one report of the host. */
#pragma once

#include <stdio.h>

#include "lib/model/report.h"

/* Exit status of virtcheck preflight (man/virtcheck-preflight.1; stable). */
enum {
	VC_PF_MET = 0,
	VC_PF_UNMET = 1,
	VC_PF_USAGE = 2,
	VC_PF_UNDO_NOTHING = 3, /* --fix --undo: no fix is recorded */
	VC_PF_UNDO_PARTIAL = 4, /* --fix --undo: not all of it could be put back; the journal is kept */
	VC_PF_JOURNAL_BAD = 5,	/* --fix --undo: the journal is damaged or unreadable; nothing done */
	VC_PF_FIX_REFUSED = 6,	/* --fix --yes: nothing done (an unfinished fix, another one running) */
};

/* What --fix can do about an unmet requirement (lib/act/fix.c). */
enum {
	VC_FIX_KVM_ACCESS = 1 << 0, /* udev rule for /dev/kvm (group kvm, 0660) and group membership */
	VC_FIX_KVM_MODULE = 1 << 1, /* load kvm_intel / kvm_amd */
	VC_FIX_MSR = 1 << 2,
	VC_FIX_TUN = 1 << 3,
	VC_FIX_VHOST = 1 << 4,
};

struct vc_req_def;

/* One requirement as asked: "kvm", "api>=12", "mem>=4G". */
struct vc_req {
	const struct vc_req_def *def;
	char arg[64];
	int64_t n;
};

struct vc_req_result {
	bool met;
	char *message;
	char *remedy; /* NULL: nothing to type */
	struct vc_strv evidence;
	unsigned fix; /* VC_FIX_* --fix can do */
};

struct vc_outcome {
	const struct vc_req *rq;
	struct vc_req_result r;
};

/* Parses one requirement: 0, -ENOENT (unknown) or -EINVAL (malformed argument). */
int vc_req_parse(const char *s, struct vc_req *rq);
/* The requirements preflight knows, one a line, for --help and usage errors. */
void vc_req_list(FILE *f);
/* The name of requirement i as written before its argument ("kvm", "api>="); NULL past the last. */
const char *vc_req_name(size_t i);
/* "kvm", "api>=12": as the user wrote it. */
const char *vc_req_label(const struct vc_req *rq, char *buf, size_t len);

/* The probes these requirements read, and whether they need the verdict. */
unsigned vc_reqs_probes(const struct vc_req *rqs, size_t n, bool *verdict);
/* Checks each requirement on a report that ran at least those probes; returns how many are unmet
 * and, in *fix, what --fix could do about them. */
size_t vc_reqs_check(struct vc_ctx *ctx, const struct vc_req *rqs, size_t n, struct vc_outcome *out,
		     unsigned *fix);
void vc_outcomes_free(struct vc_outcome *out, size_t n);

/* One preflight on host h: runs the probes (and the verdict) the requirements read, then checks
 * each. *ret_ctx holds the report (for --fix and the JSON output). Returns how many are unmet. */
size_t vc_preflight(struct vc_host *h, const struct vc_req *rqs, size_t n, struct vc_ctx **ret_ctx,
		    struct vc_outcome *out, unsigned *fix);
