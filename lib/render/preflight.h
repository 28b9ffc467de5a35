/* preflight's outputs: text for people; JSON, JUnit XML, TAP 13 and GitHub workflow commands for CI. */
#pragma once

#include <stdio.h>

#include "lib/verdict/preflight.h"

enum vc_pf_format { VC_PF_TEXT, VC_PF_JSON, VC_PF_JUNIT, VC_PF_TAP, VC_PF_GITHUB, _VC_PF_MAX };
extern const char *const vc_pf_format_names[_VC_PF_MAX];

/* secs: how long the check took (JUnit); color: for the text format. */
void vc_render_preflight(FILE *f, enum vc_pf_format fmt, const struct vc_ctx *ctx, const struct vc_outcome *o,
			 size_t n, size_t unmet, double secs, bool color, const char *version);
/* The markdown table GitHub shows as the step summary (appended to $GITHUB_STEP_SUMMARY). */
void vc_render_preflight_summary(FILE *s, const struct vc_outcome *o, size_t n, size_t unmet);
