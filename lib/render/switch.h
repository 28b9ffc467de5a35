/* switch's outputs: a plan (or its refusal) as text and JSON, and --status over every target. */
#pragma once

#include <stdio.h>

#include "lib/act/switch.h"

/* The reasons for a refusal, each line after indent: the same words wherever they are shown. */
void vc_switch_refusal_print(FILE *f, const struct vc_switch_plan *p, const char *indent, unsigned width);
/* The plan as text (dry run; width: as in lib/render/wrap.h) and as JSON facts. */
void vc_switch_plan_print(FILE *f, const struct vc_switch_plan *p, unsigned width);
struct vc_val *vc_switch_plan_json(const struct vc_switch_plan *p);
/* --status: what a switch to each target would do (plans[t] for target t), as text or JSON. */
void vc_render_switch_status(FILE *f, const struct vc_ctx *ctx, const struct vc_switch_plan plans[_VC_TO_MAX],
			     bool json, unsigned width);
