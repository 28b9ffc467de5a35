/* libFuzzer: preflight's requirements, parsed (as --require splits them) and checked on a fixture
 * host whose one file may be fuzzed too, and every preflight output. The first byte chooses the
 * fixture file (fixture.c), the second the text options (bit 0 colour, bit 1 --verbose, the rest the
 * width); then the requirements up to a newline, and after it the file's content (no newline: no
 * file replaced). A requirement's label parses back to it; the outputs are checked: text, TAP and
 * GitHub commands are UTF-8 with no control character but the newline (and asked-for colour), JUnit
 * the same (XML 1.0 allows no other), the JSON reads back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/render/preflight.h"
#include "lib/verdict/preflight.h"
#include "tests/fuzz/fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_REQS 32

/* Splits text at commas into requirements as preflight --require does; those that parse. */
static size_t parse_reqs(char *text, struct vc_req *rqs)
{
	size_t n = 0;

	for (char *save = NULL, *t = strtok_r(text, ",", &save); t && n < MAX_REQS;
	     t = strtok_r(NULL, ",", &save)) {
		char label[128];
		struct vc_req again;

		if (vc_req_parse(strstrip(t), &rqs[n]) < 0)
			continue;
		vc_req_label(&rqs[n], label, sizeof(label));
		if (vc_req_parse(label, &again) < 0 || again.def != rqs[n].def || again.n != rqs[n].n)
			abort(); /* preflight shows a requirement it would not read back */
		n++;
	}
	return n;
}

static void render(const struct vc_ctx *ctx, const struct vc_outcome *out, size_t n, size_t unmet,
		   uint8_t opts)
{
	unsigned w = opts >> 2;
	struct vc_pf_render ro = { .color = opts & 1,
				   .verbose = opts & 2,
				   .width = w == 0    ? 0
					    : w == 63 ? 1000
						      : 19 + w,
				   .secs = 0.0125,
				   .version = "fuzz" };

	for (int fmt = 0; fmt <= _VC_PF_MAX; fmt++) {
		struct fz_out o;
		FILE *f = fz_out_open(&o);

		if (fmt == _VC_PF_MAX)
			vc_render_preflight_summary(f, out, n, unmet);
		else
			vc_render_preflight(f, (enum vc_pf_format)fmt, ctx, out, n, unmet, &ro);
		fz_out_check(&o, fmt == VC_PF_JSON, fmt == VC_PF_TEXT && ro.color);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_req rqs[MAX_REQS];
	struct vc_outcome out[MAX_REQS];
	struct fz_saved saved = { 0 };
	const char *nl;
	struct vc_host *h;
	struct vc_ctx *ctx = NULL;
	size_t n, unmet;
	unsigned fix;
	char *text;

	if (size < 2 || size > (1u << 20))
		return 0;
	nl = memchr(data + 2, '\n', size - 2);
	text = strndup((const char *)data + 2, nl ? (size_t)(nl - (const char *)data - 2) : size - 2);
	n = parse_reqs(text, rqs);
	if (!n) {
		free(text);
		return 0;
	}
	if (nl)
		fz_replace(data[0], nl + 1, size - (size_t)(nl + 1 - (const char *)data), &saved);
	if (vc_host_new_sysroot(fz_root(), &h) == 0) {
		unmet = vc_preflight(h, rqs, n, &ctx, out, &fix);
		render(ctx, out, n, unmet, data[1]);
		vc_outcomes_free(out, n);
		vc_ctx_free(ctx);
		vc_host_free(h);
	}
	if (nl)
		fz_restore(&saved);
	free(text);
	return 0;
}
