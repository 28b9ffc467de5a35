/* libFuzzer: every file a probe parses, in a whole report. The first byte chooses the file of a
 * fixture host to replace with the rest of the input (fixture.c); the report (every probe and the
 * verdict) runs on that sysroot and is rendered as JSON. */
#include <stdint.h>
#include <stdio.h>

#include "lib/render/render.h"
#include "lib/verdict/run.h"
#include "probes/probes.h"
#include "tests/fuzz/fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_saved saved;
	struct vc_host *h;

	if (size < 1 || size > (1u << 20))
		return 0;
	fz_replace(data[0], data + 1, size - 1, &saved);
	if (vc_host_new_sysroot(fz_root(), &h) == 0) {
		FILE *out = fopen("/dev/null", "w");
		struct vc_ctx *ctx = vc_ctx_new(h);

		vc_run(ctx, VC_ALL_PROBES, true);
		vc_render_json(out, ctx, "fuzz");
		vc_ctx_free(ctx);
		vc_host_free(h);
		fclose(out);
	}
	fz_restore(&saved);
	return 0;
}
