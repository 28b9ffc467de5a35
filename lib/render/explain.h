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
