/* virtcheck capture DIR: record this machine in the sysroot layout, for --sysroot and bug reports. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "lib/act/capture.h"
#include "lib/base/sanitise.h"

static const char *const formats[] = { "text", "json", NULL };

enum { OPT_REDACT = 300 };

static const struct option options[] = {
	{ "redact", no_argument, NULL, OPT_REDACT },
	{},
};

static int option(const struct vc_cmd *cmd, int opt, const char *arg, void *ud)
{
	(void)cmd, (void)arg;
	if (opt == OPT_REDACT)
		*(bool *)ud = true;
	return -1;
}

/* The command line; argv[*first] is the directory. */
static int parse(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o, bool *redact, int *first)
{
	int r = vc_cmd_parse(cmd, argc, argv, o, option, redact, first);

	if (r >= 0)
		return r;
	if (*first >= argc)
		return vc_usage_error(cmd, "where should the capture go? (a new directory)");
	if (*first != argc - 1)
		return vc_usage_error(cmd, "one directory, not '%s' too", argv[argc - 1]);
	return -1;
}

static int capture_check(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	bool redact = false;
	int first;

	return parse(cmd, argc, argv, o, &redact, &first);
}

static int capture_run(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	struct vc_host *h;
	bool redact = false;
	int first, r = parse(cmd, argc, argv, o, &redact, &first);

	if (r >= 0)
		return r;
	if (o->load_msr) { /* loads the msr driver, so the capture holds the MSRs */
		if ((r = vc_open_host(cmd, o, &h)) != 0)
			return r;
		vc_host_free(h);
	}
	r = vc_host_new_recording(argv[first], NULL, &h);
	if (r < 0) {
		vc_error(cmd, "%s: %s", argv[first],
			 r == -EEXIST ? "exists; give a new path (capture makes the directory itself, 0700)"
				      : strerror(-r));
		return VC_EXIT_USAGE;
	}
	if (redact)
		vc_host_record_redact(h);
	/* every probe reads through the recording host; with --format json the report of exactly
	 * what was recorded is printed (its replay must equal it; redacted, it is the replay's) */
	r = vc_capture(h, argv[first], redact, vc_cmd_format(cmd, o) == 1 ? stdout : NULL, VC_VERSION);
	vc_host_free(h);
	if (r < 0) {
		vc_error(cmd,
			 "writing the capture: %s; %s is incomplete (it has no virtcheck/meta.txt, and "
			 "--sysroot refuses it)",
			 strerror(-r), argv[first]);
		return VC_EXIT_USAGE;
	}
	_cleanup_(freep) char *shown = vc_sane(argv[first], 0), *quoted = vc_shell_quote(argv[first]),
			      *word = vc_sane(quoted, 0);

	fprintf(stderr, "virtcheck: captured this host into %s; replay with: virtcheck --sysroot %s\n", shown,
		word);
	return VC_EXIT_OK;
}

const struct vc_cmd cmd_capture = {
	.name = "capture",
	.summary = "record this machine into DIR (replay with --sysroot DIR)",
	.synopsis = "[--format text|json] [--load-msr] [--redact] DIR",
	.help = "Runs every probe on this machine and writes what each read into DIR, in the layout\n"
		"--sysroot replays: a capture replays to the same report, and one attached to a bug report "
		"is\n"
		"a test case. DIR must not exist: capture makes it (0700; files 0600) and writes nothing\n"
		"through a symbolic link. virtcheck/meta.txt is written last: a capture without it is\n"
		"incomplete and --sysroot refuses it. With --format json the report of exactly what was\n"
		"recorded is printed too.\n\n"
		"  --redact   host name, user names, home directories, IP and MAC addresses become\n"
		"             placeholders (host1, user1, /home/user1, 192.0.2.1, 02:00:00:00:00:01)\n"
		"             in every file and path of the capture; it replays to the same verdict.\n\n"
		"Exit status: 0 captured, 3 usage error or the capture could not be written.",
	.formats = formats,
	.globals = VC_G_LOAD_MSR,
	.options = options,
	.usage_exit = VC_EXIT_USAGE,
	.run = capture_run,
	.check = capture_check,
};
