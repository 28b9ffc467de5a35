/* capture DIR: every probe's reads recorded into DIR, and the report of what was recorded. */
#include "lib/act/capture.h"

#include "lib/render/render.h"
#include "lib/verdict/run.h"

/* The JSON report of host h onto json; 0 or the run's -errno. */
static int report(struct vc_host *h, FILE *json, const char *version)
{
	struct vc_ctx *ctx = vc_ctx_new(h);
	int r = vc_run(ctx, VC_ALL_PROBES, true);

	if (r == 0 && json)
		vc_render_json(json, ctx, version);
	vc_ctx_free(ctx);
	return r;
}

int vc_capture(struct vc_host *rec, const char *dir, bool redact, FILE *json, const char *version)
{
	struct vc_host *replay;
	int r = report(rec, redact ? NULL : json, version);

	if (r == 0)
		r = vc_host_finish(rec, version);
	if (r < 0 || !redact || !json)
		return r;
	/* printed, the run's own report would undo the redaction: the capture's replay instead */
	if ((r = vc_host_new_sysroot(dir, &replay)) < 0)
		return r;
	r = report(replay, json, version);
	vc_host_free(replay);
	return r;
}
