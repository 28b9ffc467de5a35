/* virtcheck: who owns hardware virtualization on this machine, and what to do about it. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/base/util.h"
#include "cmd/cmd.h"

static const struct vc_cmd *const commands[] = {
	&cmd_report, &cmd_capture, &cmd_explain, &cmd_preflight, &cmd_switch, &cmd_bench,
};

static void usage(FILE *f)
{
	fputs("Usage: virtcheck [OPTIONS] [COMMAND [ARGS]]\n\n"
	      "Who owns VT-x/AMD-V on this machine, why a hypervisor fails, and what to do.\n\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->help);
	fputs("\nOptions:\n"
	      "  -s, --sysroot DIR     read a capture instead of this machine\n"
	      "  -f, --format FORMAT   text (default), json or prometheus\n"
	      "  -v, --verbose         show the evidence behind each conclusion\n"
	      "      --color WHEN      auto (default), always or never; NO_COLOR is respected\n"
	      "      --load-msr        load the msr driver first (root), to read MSRs\n"
	      "  -h, --help            this help\n"
	      "  -V, --version         print the version\n\n"
	      "Exit status: 0 ok, 1 warnings, 2 errors found, 3 usage or internal error.\n"
	      "See virtcheck(1).\n",
	      f);
}

int vc_parse_common(int argc, char **argv, struct vc_opts *o, bool *help)
{
	static const struct option longopts[] = {
		{ "sysroot", required_argument, NULL, 's' }, { "format", required_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },	     { "color", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },	     { "version", no_argument, NULL, 'V' },
		{ "load-msr", no_argument, NULL, 'M' },	     {},
	};
	int c;

	*help = false;
	optind = 1;
	/* '+': stop at the subcommand; its own options are parsed again by it */
	while ((c = getopt_long(argc, argv, "+s:f:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->sysroot = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "text"))
				o->format = VC_FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = VC_FORMAT_JSON;
			else if (!strcmp(optarg, "prometheus"))
				o->format = VC_FORMAT_PROMETHEUS;
			else {
				fprintf(stderr, "virtcheck: unknown format '%s' (text, json, prometheus)\n",
					optarg);
				return -1;
			}
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'M':
			o->load_msr = true;
			break;
		case 'C':
			if (!strcmp(optarg, "auto"))
				o->color = -1;
			else if (!strcmp(optarg, "always"))
				o->color = 1;
			else if (!strcmp(optarg, "never"))
				o->color = 0;
			else {
				fprintf(stderr, "virtcheck: --color takes auto, always or never\n");
				return -1;
			}
			break;
		case 'h':
			*help = true;
			break;
		case 'V':
			printf("virtcheck %s\n", VC_VERSION);
			exit(VC_EXIT_OK);
		default:
			return -1;
		}
	}
	return optind;
}

bool vc_use_color(const struct vc_opts *o, int fd)
{
	/* secure_getenv: a setuid install ignores the environment */
	const char *term = secure_getenv("TERM"), *no_color = secure_getenv("NO_COLOR");

	if (o->color >= 0)
		return o->color;
	/* https://no-color.org: any non-empty NO_COLOR disables colour */
	if (no_color && *no_color)
		return false;
	return isatty(fd) && term && strcmp(term, "dumb") != 0;
}

int main(int argc, char **argv)
{
	struct vc_opts o = { .color = -1 };
	bool help;
	int first = vc_parse_common(argc, argv, &o, &help);

	if (first < 0) {
		usage(stderr);
		return VC_EXIT_USAGE;
	}
	if (help) {
		usage(stdout);
		return VC_EXIT_OK;
	}
	if (first >= argc)
		return cmd_report.run(1, argv, &o);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[first], commands[i]->name))
			return commands[i]->run(argc - first, argv + first, &o);
	fprintf(stderr, "virtcheck: unknown command '%s'\n\n", argv[first]);
	usage(stderr);
	return VC_EXIT_USAGE;
}
