/* Runs a fuzz target's function over files (the seed corpus, and every crash found so far) without
 * libFuzzer: `make check` replays tests/fuzz/corpus with the normal and the sanitizer builds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf = malloc(1u << 20);
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		n = fread(buf, 1, 1u << 20, f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
		free(buf);
	}
	fprintf(stderr, "replayed %d inputs\n", argc - 1); /* stderr: a target may silence stdout */
	return 0;
}
