/* libFuzzer: the capture's record parsers (cpuid -r dumps, msr, kvm, devices, fds, errors, meta)
 * and the explain catalogue. The first byte chooses the parser; the rest is its text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/model/catalog.h"
#include "lib/host/records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(void *u, unsigned line, const char *why)
{
	(void)u, (void)line, (void)why;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	void *recs = NULL;
	size_t n = 0;
	unsigned unreadable;

	if (size < 1 || size > (1u << 20))
		return 0;
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 8) {
	case 0:
		vc_parse_cpuid_txt(text, 4096, (struct vc_cpuid_rec **)&recs, &n, ignore, NULL);
		break;
	case 1:
		vc_parse_msr_txt(text, 4096, (struct vc_msr_rec **)&recs, &n, ignore, NULL);
		break;
	case 2:
		vc_parse_devices_txt(text, 4096, (struct vc_dev_rec **)&recs, &n, ignore, NULL);
		break;
	case 3:
		vc_parse_fds_txt(text, 4096, (struct vc_fd_rec **)&recs, &n, &unreadable, ignore, NULL);
		break;
	case 4:
		vc_parse_errors_txt(text, 4096, (struct vc_err_rec **)&recs, &n, ignore, NULL);
		break;
	case 5: {
		int64_t *caps = calloc(vc_kvm_ncaps, sizeof(*caps));
		struct vc_kvm_info info = { .caps = caps };

		vc_parse_kvm_txt(text, &info, ignore, NULL);
		free(caps);
		break;
	}
	case 6: {
		struct vc_identity id, inv;
		bool has;
		char t[64];

		vc_parse_meta_txt(text, &id, &inv, &has, t, sizeof(t), ignore, NULL);
		break;
	}
	default: {
		const struct vc_known_error *m[8];

		vc_match_errors(text, m, 8);
		break;
	}
	}
	free(recs);
	free(text);
	return 0;
}
