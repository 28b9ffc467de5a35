/* libFuzzer: the capture write path. A recording host wraps a fixture host whose one file is the
 * input (the first byte chooses it, as in fuzz_sysroot); every probe reads through it, the capture
 * is written into a new temporary directory and replayed: the replay's report must equal the one
 * the recording saw, as capture --format json promises. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/model/val.h"
#include "lib/render/render.h"
#include "lib/verdict/run.h"
#include "probes/probes.h"
#include "tests/fuzz/fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The report as JSON, without what differs between a recording and its replay: where it was read. */
static char *report(struct vc_host *h, size_t *len)
{
	struct vc_ctx *ctx = vc_ctx_new(h);
	struct vc_val *doc, *host;
	char *out = NULL;
	FILE *f;

	vc_run(ctx, VC_ALL_PROBES, true);
	doc = vc_report_json(ctx, "fuzz");
	host = (struct vc_val *)vc_obj_get(doc, "host"); /* the document is ours */
	if (host)
		vc_obj_set(host, "sysroot", vc_null());
	f = open_memstream(&out, len);
	if (!f)
		abort();
	vc_json_write(f, doc, 0);
	fclose(f);
	vc_val_free(doc);
	vc_ctx_free(ctx);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_saved saved;
	struct vc_host *inner, *rec, *replay;
	char tmp[256], dir[300], *seen = NULL, *again;
	size_t seen_len = 0, again_len;

	if (size < 1 || size > (1u << 20))
		return 0;
	fz_replace(data[0], data + 1, size - 1, &saved);
	fz_tmpdir(tmp, sizeof(tmp));
	snprintf(dir, sizeof(dir), "%s/capture", tmp);
	if (vc_host_new_sysroot(fz_root(), &inner) == 0) {
		if (vc_host_new_recording(dir, inner, &rec) != 0)
			abort();
		seen = report(rec, &seen_len);
		if (vc_host_finish(rec, "fuzz") != 0)
			abort(); /* a temporary directory with room */
		vc_host_free(rec);
		if (vc_host_new_sysroot(dir, &replay) != 0)
			abort(); /* a finished capture is one */
		again = report(replay, &again_len);
		vc_host_free(replay);
		if (again_len != seen_len || memcmp(again, seen, seen_len) != 0) {
			fprintf(stderr, "fuzz: the replay of %s differs:\n%s\n%s\n", dir, seen, again);
			abort();
		}
		free(again);
		free(seen);
	}
	fz_rmtree(tmp);
	fz_restore(&saved);
	return 0;
}
