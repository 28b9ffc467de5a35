/* libFuzzer: the report's renderers on what a fuzzed host makes the probes find. The first byte
 * chooses the fixture file to replace (fixture.c), the second the text options (bit 0 colour,
 * bit 1 --verbose, the rest the width: 0 none, else 20-82 or 1000), the rest is the file. The
 * report is rendered as text, JSON and Prometheus metrics, and explained (explain's renderers) for
 * the messages the file holds; each output is checked: text is UTF-8 with no control character but
 * the newline and colour, the JSON reads back, the metrics follow the exposition format. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/model/catalog.h"
#include "lib/model/val.h"
#include "lib/render/explain.h"
#include "lib/render/render.h"
#include "lib/verdict/run.h"
#include "probes/probes.h"
#include "tests/fuzz/fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       (!first && c >= '0' && c <= '9');
}

/* One sample line: name{label="value",...} number */
static void check_sample(const char *p)
{
	char *end;

	if (!name_char(*p, true))
		abort();
	while (name_char(*p, false))
		p++;
	if (*p == '{') {
		p++;
		while (*p != '}') {
			if (!name_char(*p, true))
				abort();
			while (name_char(*p, false))
				p++;
			if (p[0] != '=' || p[1] != '"')
				abort();
			for (p += 2; *p != '"'; p++) {
				if (!*p || *p == '\n')
					abort();
				if (*p == '\\' && !strchr("\\\"n", *++p))
					abort();
			}
			p++;
			if (*p == ',')
				p++;
			else if (*p != '}')
				abort();
		}
		p++;
	}
	if (*p++ != ' ')
		abort();
	(void)strtod(p, &end);
	if (end == p || *end != '\0')
		abort();
}

static void check_prometheus(char *s)
{
	for (char *save = NULL, *line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (line[0] != '#')
			check_sample(line);
}

static char *render(int what, const struct vc_ctx *ctx, const struct vc_render_opts *o,
		    const struct vc_known_error *const *m, size_t nm, const char *input, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	if (!f)
		abort();
	switch (what) {
	case 0:
		vc_render_text(f, ctx, o);
		break;
	case 1:
		vc_render_json(f, ctx, "fuzz");
		break;
	case 2:
		vc_render_prometheus(f, ctx, "fuzz");
		break;
	case 3:
		vc_render_explain_text(f, m, nm, ctx, o);
		break;
	default:
		vc_render_explain_json(f, input, m, nm, ctx, "fuzz");
		break;
	}
	fclose(f);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct vc_known_error *m[8];
	struct fz_saved saved;
	struct vc_host *h;
	char *input;
	size_t nm;

	if (size < 2 || size > (1u << 20))
		return 0;
	fz_replace(data[0], data + 2, size - 2, &saved);
	input = malloc(size - 1);
	memcpy(input, data + 2, size - 2);
	input[size - 2] = '\0';
	nm = vc_match_errors(input, m, 8);
	if (vc_host_new_sysroot(fz_root(), &h) == 0) {
		unsigned w = data[1] >> 2;
		struct vc_render_opts o = { .color = data[1] & 1,
					    .verbose = data[1] & 2,
					    .width = w == 0    ? 0
						     : w == 63 ? 1000
							       : 19 + w };
		struct vc_ctx *ctx = vc_ctx_new(h);

		vc_run(ctx, VC_ALL_PROBES, true);
		for (int what = 0; what < 5; what++) {
			size_t len;
			char *out = render(what, ctx, &o, m, nm, input, &len), err[128];
			struct vc_val *v = NULL;

			if (what == 0 || what == 3)
				fz_check_text(out, len, o.color);
			else if (what == 2)
				check_prometheus(out);
			else if (vc_json_parse(out, len, &v, err, sizeof(err)) != 0)
				abort(); /* a document we cannot read */
			vc_val_free(v);
			free(out);
		}
		vc_ctx_free(ctx);
		vc_host_free(h);
	}
	free(input);
	fz_restore(&saved);
	return 0;
}
