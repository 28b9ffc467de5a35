/* libFuzzer: the JSON reader that bench --compare and --from trust with users' files (and the
 * document view and renderers after it), and the KVM
 * binary-stats parser. The first byte chooses: even, JSON (parsed, written, parsed again: the
 * written form must read back to the same text); odd, a stats fd image. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/model/val.h"
#include "lib/render/bench.h"
#include "vmm/vmm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dump(const struct vc_val *v, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	if (!f)
		abort();
	vc_json_write(f, v, 0);
	fclose(f);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > (1u << 20))
		return 0;
	if (data[0] % 2 == 0) {
		struct vc_val *v = NULL, *again = NULL;
		char err[128];
		char *a, *b;
		size_t alen, blen;

		if (vc_json_parse((const char *)data + 1, size - 1, &v, err, sizeof(err)) != 0)
			return 0;
		a = dump(v, &alen);
		if (vc_json_parse(a, alen, &again, err, sizeof(err)) != 0)
			abort(); /* we wrote something we cannot read */
		b = dump(again, &blen);
		if (alen != blen || memcmp(a, b, alen) != 0)
			abort();
		/* bench --from and --compare on whatever shape came in: the typed view, every format,
		 * and a comparison of the document with itself */
		{
			struct bench_doc doc;
			struct bench_compare cmp;
			char *out = NULL;
			size_t outlen;
			FILE *f = open_memstream(&out, &outlen);

			if (!f)
				abort();
			bench_doc_view(v, &doc);
			for (int fmt = 0; fmt < _BENCH_FMT_MAX; fmt++)
				bench_render(f, &doc, (enum bench_format)fmt, true);
			bench_compare(&doc, &doc, 0.02, &cmp);
			bench_render_compare(f, &cmp, BENCH_FMT_TEXT);
			bench_render_compare(f, &cmp, BENCH_FMT_JSON);
			fclose(f);
			free(out);
			bench_compare_free(&cmp);
			bench_doc_free(&doc); /* frees v */
		}
		free(a);
		free(b);
		vc_val_free(again);
	} else {
		struct vmm_stats st;

		if (vmm_stats_parse(&st, data + 1, size - 1) == 0) {
			for (size_t i = 0; i < st.n; i++)
				if (!st.desc[i].name[0] || strlen(st.desc[i].name) >= sizeof(st.desc[i].name))
					abort();
			(void)vmm_stats_find(&st, "exits");
			vmm_stats_free(&st);
		}
	}
	return 0;
}
