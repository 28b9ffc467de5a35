/* The owner verdict: who holds VT-x/AMD-V, the conflicts that follow, and their remedies. */
#pragma once

#include "lib/model/report.h"

/* The probes whose facts the verdict reads. */
#define VC_VERDICT_NEEDS                                                                                     \
	(VC_P(VC_PROBE_CPUID) | VC_P(VC_PROBE_MODULES) | VC_P(VC_PROBE_PLATFORM) | VC_P(VC_PROBE_MSR) |      \
	 VC_P(VC_PROBE_KVM) | VC_P(VC_PROBE_PROCESSES) | VC_P(VC_PROBE_ENVIRONMENT) |                        \
	 VC_P(VC_PROBE_VIRTUALBOX) | VC_P(VC_PROBE_VMWARE))

/* The rules, first match wins: how many, and each one's name (tests hold cases against them). */
size_t vc_verdict_nrules(void);
const char *vc_verdict_rule_name(size_t i);

/* VMware's drivers: the findings of the knowledge rows about vmmon and vmnet (lib/verdict/vmware.c). */
void vc_verdict_vmware(struct vc_ctx *ctx);

/* Kernels running with FRED: the VirtualBox and VMware drivers it panics (lib/verdict/fred.c). */
void vc_verdict_fred(struct vc_ctx *ctx);

/* Fills ctx->owner and ctx->conflicts, and adds the findings that need all facts. */
void vc_verdict(struct vc_ctx *ctx);
