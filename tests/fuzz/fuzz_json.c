/* libFuzzer: the JSON reader that bench --compare and --from trust with users' files (fuzz_bench
 * drives the document reader and renderers after it), and the KVM binary-stats parser. The first byte
 * chooses: even, JSON (parsed, written, parsed again: the written form must read back to the same text); odd,
 * a stats fd image. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/model/val.h"
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
		free(a);
		free(b);
		vc_val_free(v);
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
