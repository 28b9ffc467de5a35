/* virtcheck's main: the words before the command (cmd/virtcheck.c), the command, and the check that
 * its output was written. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

/* Standard output must have been written, to the end: a full disk, /dev/full or a closed pipe is
 * an error, whatever the command printed. */
static int output_written(const struct vc_cmd *cmd, int status)
{
	int flushed = fflush(stdout) == 0 ? 0 : errno, failed = ferror(stdout);

	if (fclose(stdout) != 0 && !flushed)
		flushed = errno;
	if (!flushed && !failed)
		return status;
	vc_error(cmd, "writing the output: %s", flushed ? strerror(flushed) : "a write failed");
	return cmd ? cmd->usage_exit : VC_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct vc_opts o = { .color = -1 };
	const struct vc_cmd *cmd;
	int at, r;

	/* a closed pipe is a failed write to report, not a silent death */
	signal(SIGPIPE, SIG_IGN);
	/* the shells' completions ask the binary's own tables (hidden) */
	if (argc > 1 && !strcmp(argv[1], "__complete"))
		return output_written(NULL, vc_complete(argc - 1, argv + 1));
	r = vc_main_parse(argc, argv, &o, &cmd, &at);
	if (r >= 0)
		return output_written(cmd, r);
	if (at >= argc) {
		char *args[] = { (char *)"report", NULL };

		return output_written(cmd, cmd->run(cmd, 1, args, &o));
	}
	return output_written(cmd, cmd->run(cmd, argc - at, argv + at, &o));
}
