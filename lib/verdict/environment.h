/* Remedies that depend on where this Linux runs: the knowledge table's environment rows (outer
 * hypervisor or cloud, WSL2, confidential guest, container, CI job), given to the findings the probes
 * made. */
#pragma once

#include "lib/model/report.h"

/*
 * Gives kvm.unavailable, kvm.no_access, kvm.invoker_no_access, kvm.no_device and
 * environment.container the remedy of the first environment row that holds on this host (with the
 * row's source), where their probe left the remedy to it; cites the row that says WSL2 with nesting
 * needs nothing. Runs after the probes, before the verdict, for every command (vc_run).
 */
void vc_environment_remedies(struct vc_ctx *ctx);
