/* The owner verdict: who holds VT-x/AMD-V, the conflicts that follow, and their remedies. */
#pragma once

#include "lib/model/report.h"

/* Fills ctx->owner and ctx->conflicts, and adds the findings that need all facts. */
void vc_verdict(struct vc_ctx *ctx);
