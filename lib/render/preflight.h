/* preflight's outputs: text for people; JSON, JUnit XML, TAP 13 and GitHub workflow commands for CI. */
#pragma once

#include <stdio.h>

#include "lib/verdict/preflight.h"

enum vc_pf_format { VC_PF_TEXT, VC_PF_JSON, VC_PF_JUNIT, VC_PF_TAP, VC_PF_GITHUB, _VC_PF_MAX };
/* NULL-terminated, in enum order */
extern const char *const vc_pf_format_names[_VC_PF_MAX + 1];

struct vc_pf_render {
	bool color, verbose; /* text: colours; each requirement's evidence */
	unsigned width;	     /* text: wrap at this many columns (0: not at all) */
	double secs;	     /* how long the check took (JUnit) */
	const char *version;
};

void vc_render_preflight(FILE *f, enum vc_pf_format fmt, const struct vc_ctx *ctx, const struct vc_outcome *o,
			 size_t n, size_t unmet, const struct vc_pf_render *ro);
/* The markdown table GitHub shows as the step summary (appended to $GITHUB_STEP_SUMMARY). */
void vc_render_preflight_summary(FILE *s, const struct vc_outcome *o, size_t n, size_t unmet);
