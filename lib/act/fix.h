/* preflight --fix: what it changes on the machine. */
#pragma once

#include <stdio.h>

#include "lib/verdict/preflight.h"

/* Says on out what fixing the VC_FIX_* bits of fix involves, and with doit does it (root, live).
 * Returns true when something was done, so a re-check is due. */
bool vc_fix_run(unsigned fix, struct vc_ctx *ctx, bool doit, FILE *out);
