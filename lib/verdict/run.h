/* The one pipeline: host -> probes -> facts -> verdict, shared by every command. */
#pragma once

#include "lib/model/report.h"

/* The order probes run in when want is asked for: what they need added, each after what it
 * needs and what it uses when that runs too, table order otherwise. Returns how many. */
size_t vc_run_order(unsigned want, enum vc_probe_id order[_VC_PROBE_MAX]);

/*
 * Reads the host's kernel release, runs the probes of want (and what they need) in that order,
 * turns what the host could not replay into findings, and with verdict also runs the verdict
 * (and the probes it reads). Returns 0 or -errno (an internal failure).
 */
int vc_run(struct vc_ctx *ctx, unsigned want, bool verdict);

/* Runs exactly the probes of want, in table order, without what they need (then as vc_run
 * without the verdict): for a caller that reads only facts they fill alone, as preflight's
 * first look at KVM does. Returns 0. */
int vc_run_only(struct vc_ctx *ctx, unsigned want);
