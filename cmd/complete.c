/* virtcheck __complete: the words the shell completions offer, from the tables the commands use. */
#include <string.h>

#include "cmd/cmd.h"
#include "lib/act/switch.h"
#include "lib/host/host.h"
#include "lib/verdict/preflight.h"
#include "vmm/bench.h"

/*
 * Hidden: not in the help, for dist/completions/ only, so that what bash, zsh and fish offer is what
 * this binary takes. One word a line; a line "@dir" or "@file" asks the shell for paths instead.
 *   __complete commands                  the commands, and help
 *   __complete options CMD               each option CMD takes: "--name" alone (a flag) or with how its
 *                                        value completes: @dir, @file, @value (see values), @list (a
 *                                        comma-separated list of values), @free (nothing to offer)
 *   __complete values CMD --OPTION       the values of an @value or @list option
 *   __complete operands CMD              what CMD takes after its options
 * The bare report is CMD report.
 */

/* How the value of an option completes, by its name; required_argument options not listed: @free. */
static const struct {
	const char *name, *kind;
} option_kinds[] = {
	{ "sysroot", "@dir" },	{ "output", "@file" }, { "from", "@file" },
	{ "format", "@value" }, { "color", "@value" }, { "require", "@list" },
};

static const char *option_kind(const struct option *opt)
{
	if (opt->has_arg == no_argument)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(option_kinds); i++)
		if (!strcmp(opt->name, option_kinds[i].name))
			return option_kinds[i].kind;
	return "@free";
}

/* "--name KIND", and "-x KIND" when it has a short form (the global options: their val) */
static void put_option(const struct option *opt)
{
	const char *kind = option_kind(opt);

	printf("--%s%s%s\n", opt->name, kind ? " " : "", kind ? kind : "");
	if (opt->val > 0 && opt->val < 128)
		printf("-%c%s%s\n", opt->val, kind ? " " : "", kind ? kind : "");
}

static void options(const struct vc_cmd *cmd)
{
	size_t n;
	const struct option *g = vc_global_options(&n);

	for (size_t i = 0; i < n; i++) {
		unsigned bit = vc_global_option_bit(g[i].name);

		if (bit == VC_G_ALWAYS || (bit == VC_G_FORMAT && cmd->formats) || (cmd->globals & bit))
			put_option(&g[i]);
	}
	for (const struct option *p = cmd->options; p && p->name; p++)
		put_option(p);
}

static void requirements(void)
{
	const char *name;

	puts("help");
	for (size_t i = 0; (name = vc_req_name(i)); i++) {
		if (!strcmp(name, "kvm-backend=")) {
			printf("%skvm_intel\n%skvm_amd\n%skvm_pvm\n", name, name, name);
		} else if (!strcmp(name, "cap=")) {
			for (size_t k = 0; k < vc_kvm_ncaps; k++)
				printf("%s%s\n", name, vc_kvm_caps[k].name);
		} else {
			puts(name); /* "api>=" and the like: the user writes the number */
		}
	}
}

static int values(const struct vc_cmd *cmd, const char *opt)
{
	size_t n;
	const struct option *g = vc_global_options(&n);

	/* "-f": the global option of that letter */
	for (size_t i = 0; opt[0] == '-' && opt[1] != '-' && opt[1] && !opt[2] && i < n; i++)
		if (g[i].val == opt[1]) {
			char lng[32];

			snprintf(lng, sizeof(lng), "--%s", g[i].name);
			return values(cmd, lng);
		}
	if (!strcmp(opt, "--format")) {
		for (const char *const *p = cmd->formats; p && *p; p++)
			puts(*p);
	} else if (!strcmp(opt, "--color")) {
		for (const char *const *p = vc_color_names; *p; p++)
			puts(*p);
	} else if (!strcmp(opt, "--require") && cmd == &cmd_preflight) {
		requirements();
	} else {
		return VC_EXIT_USAGE;
	}
	return VC_EXIT_OK;
}

static void operands(const struct vc_cmd *cmd)
{
	if (cmd == &cmd_capture) {
		puts("@dir");
	} else if (cmd == &cmd_switch) {
		for (int t = 0; t < _VC_TO_MAX; t++)
			puts(vc_switch_target_name((enum vc_switch_target)t));
	} else if (cmd == &cmd_bench) {
		for (size_t i = 0; i < bench_ndefs; i++)
			puts(bench_defs[i].name);
	} else if (cmd == &cmd_explain) {
		puts("-"); /* the text to explain from standard input */
	}
}

int vc_complete(int argc, char **argv)
{
	const struct vc_cmd *cmd = argc >= 3 ? vc_find_command(argv[2]) : NULL;

	if (argc == 2 && !strcmp(argv[1], "commands")) {
		size_t n;
		const struct vc_cmd *const *all = vc_commands(&n);

		for (size_t i = 0; i < n; i++)
			puts(all[i]->name);
		puts("help");
		return VC_EXIT_OK;
	}
	if (!cmd)
		return VC_EXIT_USAGE;
	if (argc == 3 && !strcmp(argv[1], "options"))
		options(cmd);
	else if (argc == 4 && !strcmp(argv[1], "values"))
		return values(cmd, argv[3]);
	else if (argc == 3 && !strcmp(argv[1], "operands"))
		operands(cmd);
	else
		return VC_EXIT_USAGE;
	return VC_EXIT_OK;
}
