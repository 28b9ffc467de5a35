/* libFuzzer: bench --from and --compare with users' files: the document reader (bench_doc_load and
 * its typed view), every renderer, and the comparison of two documents. The first byte holds
 * --verbose (bit 0) and the --compare threshold (the rest, in percent); the rest is the old document,
 * a NUL, then the new one (no NUL: the document is compared with itself). Text and markdown must be
 * UTF-8 with no control character but the newline, HTML the same, the JSON must read back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/render/bench.h"
#include "tests/fuzz/fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loads a document from memory as bench --from reads a file. */
static int load(const uint8_t *data, size_t size, struct bench_doc *doc)
{
	char path[64], err[256];
	int fd = memfd_create("fuzz-bench", MFD_CLOEXEC), r;

	if (fd < 0)
		abort();
	if (write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = bench_doc_load(path, doc, err, sizeof(err));
	close(fd);
	return r;
}

static void render(const struct bench_doc *doc, const struct bench_compare *cmp, bool verbose)
{
	for (int fmt = 0; fmt < _BENCH_FMT_MAX; fmt++) {
		struct fz_out o;
		FILE *f = fz_out_open(&o);

		if (doc)
			bench_render(f, doc, (enum bench_format)fmt, verbose);
		else if (fmt != BENCH_FMT_HTML) /* --compare writes text, json or markdown */
			bench_render_compare(f, cmp, (enum bench_format)fmt);
		fz_out_check(&o, fmt == BENCH_FMT_JSON, false);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bench_doc old = { 0 }, new = { 0 };
	const uint8_t *nul;
	bool verbose, have_old, have_new;

	if (size < 1 || size > (1u << 20))
		return 0;
	verbose = data[0] & 1;
	nul = memchr(data + 1, '\0', size - 1);
	have_old = load(data + 1, nul ? (size_t)(nul - data - 1) : size - 1, &old) == 0;
	have_new =
		load(nul ? nul + 1 : data + 1, nul ? size - (size_t)(nul + 1 - data) : size - 1, &new) == 0;
	if (have_old)
		render(&old, NULL, verbose);
	if (have_new && nul)
		render(&new, NULL, verbose);
	if (have_old && have_new) {
		struct bench_compare cmp;

		bench_compare(&old, &new, (data[0] >> 1) / 100.0, &cmp);
		render(NULL, &cmp, verbose);
		bench_compare_free(&cmp);
	}
	bench_doc_free(&old);
	bench_doc_free(&new);
	return 0;
}
