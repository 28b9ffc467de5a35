/* explain's outputs: what each known message means, then the findings of this host that cause it. */
#pragma once

#include <stdio.h>

#include "lib/model/catalog.h"
#include "lib/model/report.h"
#include "lib/render/render.h"

/* ctx NULL: nothing was looked at (no match). */
void vc_render_explain_text(FILE *f, const struct vc_known_error *const *m, size_t n,
			    const struct vc_ctx *ctx, const struct vc_render_opts *o);
void vc_render_explain_json(FILE *f, const char *input, const struct vc_known_error *const *m, size_t n,
			    const struct vc_ctx *ctx, const char *version);

/* explain --log: the triage of another machine's logs (lib/verdict/triage.h), for people and as
 * virtcheck.triage/1. Everything read from the logs is shown sanitised. */
struct vc_triage;
void vc_render_triage_text(FILE *f, const struct vc_triage *t, const struct vc_render_opts *o);
struct vc_val *vc_triage_json(const struct vc_triage *t, const char *version);
void vc_render_triage_json(FILE *f, const struct vc_triage *t, const char *version);
