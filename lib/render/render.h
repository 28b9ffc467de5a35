/* The report's renderers: text for people; JSON and Prometheus metrics for programs. */
#pragma once

#include <stdio.h>

#include "lib/model/report.h"

struct vc_render_opts {
	bool color;
	bool verbose;
	unsigned width; /* wrap at this many columns; 0: each line as it is (a pipe or a file) */
};
void vc_render_text(FILE *f, const struct vc_ctx *ctx, const struct vc_render_opts *o);
/* One finding as the text report shows it: severity and message, its remedies, with --verbose its
 * evidence and id. */
void vc_render_finding(FILE *f, const struct vc_finding *fd, const struct vc_render_opts *o);
/* The virtcheck.report/1 document. */
struct vc_val *vc_report_json(const struct vc_ctx *ctx, const char *version);
void vc_render_json(FILE *f, const struct vc_ctx *ctx, const char *version);
/* node_exporter textfile-collector metrics. */
void vc_render_prometheus(FILE *f, const struct vc_ctx *ctx, const char *version);
