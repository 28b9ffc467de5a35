/* The one pipeline: host -> probes -> facts -> verdict, shared by every command. */
#pragma once

#include "lib/model/report.h"

/* Runs probes in order, then the verdict. Returns 0 or -errno (internal failure). */
int vc_report_run(struct vc_ctx *ctx, const struct vc_probe *const *probes, size_t n);
