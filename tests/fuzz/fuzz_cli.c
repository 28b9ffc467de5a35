/* libFuzzer: the command line. The input is the words after "virtcheck", each ended by a NUL;
 * they go through what main does before a command runs (the global options, help, the command's
 * name) and then the command's own check: its options and operands as its run reads them, up to the
 * point where it would act. Nothing runs: no report, capture, switch or benchmark, on this machine or
 * any other. An exit status is -1 (go on) or one a command documents. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WORDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool quiet;
	char *words[MAX_WORDS + 2], *copy;
	struct vc_opts o = { .color = -1 };
	const struct vc_cmd *cmd;
	int argc = 1, at, r;

	if (size > 4096)
		return 0;
	if (!quiet) { /* help and lists are printed: nobody reads them here */
		if (!freopen("/dev/null", "w", stdout))
			abort();
		quiet = true;
	}
	copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	words[0] = (char *)"virtcheck";
	for (size_t i = 0; i < size && argc <= MAX_WORDS; argc++) {
		words[argc] = copy + i;
		i += strlen(copy + i) + 1;
	}
	words[argc] = NULL;
	r = vc_main_parse(argc, words, &o, &cmd, &at);
	if (r < 0) {
		char *report[] = { (char *)"report", NULL };

		if (!cmd || !cmd->check)
			abort(); /* a command that cannot be checked without running it */
		r = at >= argc ? cmd->check(cmd, 1, report, &o) : cmd->check(cmd, argc - at, words + at, &o);
	}
	if (r < -1 || r > 255)
		abort();
	free(copy);
	return 0;
}
