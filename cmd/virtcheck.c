/* virtcheck: who owns hardware virtualization on this machine, and what to do about it. The
 * command table, the words before the command, and the one option parser every command uses. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/act/kmod.h"
#include "lib/base/safeio.h"
#include "lib/base/sanitise.h"
#include "lib/host/host.h"

static const struct vc_cmd *const commands[] = {
	&cmd_report, &cmd_capture, &cmd_explain, &cmd_preflight, &cmd_switch, &cmd_bench,
};

/* in the order of vc_opts.color + 1 */
const char *const vc_color_names[] = { "auto", "never", "always", NULL };

/* the report without its word ("virtcheck --format json"): its messages say "virtcheck: ..." */
static bool bare_report;

enum { OPT_COLOR = 256, OPT_LOAD_MSR, OPT_PASSIVE };

static const struct option global_options[] = {
	{ "sysroot", required_argument, NULL, 's' },	 { "format", required_argument, NULL, 'f' },
	{ "verbose", no_argument, NULL, 'v' },		 { "color", required_argument, NULL, OPT_COLOR },
	{ "load-msr", no_argument, NULL, OPT_LOAD_MSR }, { "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },		 { "passive", no_argument, NULL, OPT_PASSIVE },
};
#define GLOBAL_SHORT "s:f:vhV"

const struct vc_cmd *const *vc_commands(size_t *n)
{
	*n = ARRAY_SIZE(commands);
	return commands;
}

const struct option *vc_global_options(size_t *n)
{
	*n = ARRAY_SIZE(global_options);
	return global_options;
}

unsigned vc_global_option_bit(const char *name)
{
	static const struct {
		const char *name;
		unsigned bit;
	} bits[] = {
		{ "sysroot", VC_G_SYSROOT },   { "verbose", VC_G_VERBOSE }, { "color", VC_G_COLOR },
		{ "load-msr", VC_G_LOAD_MSR }, { "passive", VC_G_PASSIVE }, { "format", VC_G_FORMAT },
	};

	for (size_t i = 0; i < ARRAY_SIZE(bits); i++)
		if (!strcmp(name, bits[i].name))
			return bits[i].bit;
	return VC_G_ALWAYS; /* --help, --version */
}

static const char *cmd_label(const struct vc_cmd *cmd)
{
	return !cmd || (cmd == &cmd_report && bare_report) ? NULL : cmd->name;
}

/* An error message names what the user gave (explain's input, a path): shown, never sent raw. */
_printf_(2, 0) static void say(const struct vc_cmd *cmd, const char *fmt, va_list ap)
{
	const char *name = cmd_label(cmd);
	char *msg = xvasprintf(fmt, ap);

	fprintf(stderr, "virtcheck: %s%s", name ? name : "", name ? ": " : "");
	vc_fputs_sane(msg, VC_SANE_KEEP_NL, stderr);
	fputc('\n', stderr);
	free(msg);
}

void vc_error(const struct vc_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(cmd, fmt, ap);
	va_end(ap);
}

int vc_usage_error(const struct vc_cmd *cmd, const char *fmt, ...)
{
	const char *name = cmd_label(cmd);
	va_list ap;

	va_start(ap, fmt);
	say(cmd, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'virtcheck %s%s--help'.\n", name ? name : "", name ? " " : "");
	return cmd ? cmd->usage_exit : VC_EXIT_USAGE;
}

/* ---- help ---- */

static void global_help(FILE *f, const struct vc_cmd *cmd)
{
	unsigned g = cmd ? cmd->globals : ~0u;

	if (g & VC_G_SYSROOT)
		fputs("  -s, --sysroot DIR     read a capture (virtcheck capture DIR) instead of this "
		      "machine\n",
		      f);
	if (!cmd || cmd->formats) {
		fputs("  -f, --format FORMAT   ", f);
		if (cmd)
			for (const char *const *p = cmd->formats; *p; p++)
				fprintf(f, "%s%s%s",
					p == cmd->formats ? ""
					: p[1]		  ? ", "
							  : " or ",
					*p, p == cmd->formats ? " (default)" : "");
		else
			fputs("the output format (each command says which it writes)", f);
		fputc('\n', f);
	}
	if (g & VC_G_VERBOSE)
		fputs("  -v, --verbose         show the evidence behind each conclusion\n", f);
	if (g & VC_G_COLOR)
		fputs("      --color WHEN      colour text on a terminal: auto (default), always or never;\n"
		      "                        NO_COLOR is respected\n",
		      f);
	if (g & VC_G_LOAD_MSR)
		fputs("      --load-msr        load the msr driver first (root, this machine), to read "
		      "MSRs\n",
		      f);
	if (g & VC_G_PASSIVE)
		fputs("      --passive         change nothing: create no VM, load no module, open nothing "
		      "for\n"
		      "                        writing; the report lists the checks this skips\n",
		      f);
	fputs("  -h, --help            this help\n"
	      "  -V, --version         the version\n",
	      f);
}

void vc_cmd_help(const struct vc_cmd *cmd, FILE *f)
{
	const char *syn = cmd->synopsis;

	for (bool first = true; *syn; first = false) {
		size_t n = strcspn(syn, "\n");

		fprintf(f, "%s virtcheck %s %.*s\n", first ? "Usage:" : "      ", cmd->name, (int)n, syn);
		syn += n + (syn[n] == '\n');
	}
	fprintf(f, "\n%s\n\nOptions of every command that takes them:\n", cmd->help);
	global_help(f, cmd);
	if (cmd == &cmd_report) /* the report is virtcheck(1) itself */
		fputs("\nSee virtcheck(1).\n", f);
	else
		fprintf(f, "\nSee virtcheck-%s(%s).\n", cmd->name, strcmp(cmd->name, "switch") ? "1" : "8");
}

static void main_help(FILE *f)
{
	fputs("Usage: virtcheck [OPTIONS] [COMMAND [ARGS]]\n"
	      "       virtcheck help [COMMAND]\n\n"
	      "Who owns VT-x/AMD-V on this machine, why a hypervisor fails, and what to do.\n\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fputs("  help       this help, or a command's (virtcheck help COMMAND)\n\n"
	      "Options (before or after the command; each command takes those that apply to it):\n",
	      f);
	global_help(f, NULL);
	fputs("\nWithout a command, virtcheck reports on this machine (virtcheck report).\n"
	      "Exit status of the report: 0 ok, 1 warnings, 2 errors found, 3 usage or internal error.\n"
	      "See virtcheck(1).\n",
	      f);
}

/* ---- parsing ---- */

static const char *global_name(unsigned g)
{
	return g == VC_G_SYSROOT   ? "--sysroot"
	       : g == VC_G_VERBOSE ? "--verbose"
	       : g == VC_G_COLOR   ? "--color"
	       : g == VC_G_PASSIVE ? "--passive"
				   : "--load-msr";
}

/* A global option the command does not take is an error, not something silently ignored. */
static int check_globals(const struct vc_cmd *cmd, const struct vc_opts *o)
{
	for (unsigned g = VC_G_SYSROOT; g <= VC_G_PASSIVE; g <<= 1)
		if ((o->given & g) && !(cmd->globals & g))
			return vc_usage_error(cmd, "%s does not apply to %s", global_name(g), cmd->name);
	if (o->format) {
		bool known = false;
		struct buf b = { 0 };

		if (!cmd->formats)
			return vc_usage_error(cmd, "--format does not apply to %s", cmd->name);
		for (const char *const *p = cmd->formats; *p; p++) {
			known |= strcmp(*p, o->format) == 0;
			buf_printf(&b, "%s%s", p == cmd->formats ? "" : ", ", *p);
		}
		if (!known) {
			int r = vc_usage_error(cmd, "unknown format '%s' (%s)", o->format, b.data);

			buf_free(&b);
			return r;
		}
		buf_free(&b);
	}
	if (o->load_msr && o->sysroot)
		return vc_usage_error(
			cmd, "--load-msr loads a driver on this machine; it does not apply with --sysroot");
	if (o->load_msr && o->passive)
		return vc_usage_error(cmd, "--load-msr loads a driver; --passive loads none");
	return -1;
}

/* A global option; -1 to go on, or the exit status. */
static int global_option(const struct vc_cmd *cmd, int c, const char *arg, struct vc_opts *o)
{
	switch (c) {
	case 's':
		o->sysroot = arg;
		o->given |= VC_G_SYSROOT;
		return -1;
	case 'f':
		o->format = arg;
		return -1;
	case 'v':
		o->verbose = true;
		o->given |= VC_G_VERBOSE;
		return -1;
	case OPT_COLOR:
		o->given |= VC_G_COLOR;
		for (int i = 0; vc_color_names[i]; i++)
			if (!strcmp(arg, vc_color_names[i])) {
				o->color = i - 1; /* auto -1, never 0, always 1 */
				return -1;
			}
		return vc_usage_error(cmd, "--color takes auto, always or never, not '%s'", arg);
	case OPT_LOAD_MSR:
		o->load_msr = true;
		o->given |= VC_G_LOAD_MSR;
		return -1;
	case OPT_PASSIVE:
		o->passive = true;
		o->given |= VC_G_PASSIVE;
		return -1;
	case 'h':
		if (cmd)
			vc_cmd_help(cmd, stdout);
		else
			main_help(stdout);
		return VC_EXIT_OK;
	case 'V':
		printf("virtcheck %s\n", VC_VERSION);
		return VC_EXIT_OK;
	default:
		return -2; /* not a global option */
	}
}

/* "-4011" is a VirtualBox code, not an option, wherever it stands: such words are swapped for
 * stand-ins while getopt reorders argv, and put back after. */
static bool numeric_word(const char *s)
{
	return s[0] == '-' && s[1] >= '0' && s[1] <= '9';
}

int vc_cmd_parse(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o, vc_opt_fn fn, void *ud,
		 int *first)
{
	struct option *longopts;
	size_t nown = 0, nglobal = ARRAY_SIZE(global_options), nnum = 0;
	char **orig = NULL, **stand = NULL;
	struct buf shortopts = { 0 };
	int ret = -1, c;

	for (const struct option *p = cmd->options; p && p->name; p++)
		nown++;
	longopts = xcalloc(nglobal + nown + 1, sizeof(*longopts));
	memcpy(longopts, global_options, sizeof(global_options));
	if (nown)
		memcpy(longopts + nglobal, cmd->options, nown * sizeof(*longopts));
	buf_printf(&shortopts, ":" GLOBAL_SHORT "%s", cmd->shortopts ? cmd->shortopts : "");
	if (cmd == &cmd_explain) {
		orig = xcalloc((size_t)argc, sizeof(*orig));
		stand = xcalloc((size_t)argc, sizeof(*stand));
		for (int i = 1; i < argc; i++)
			if (numeric_word(argv[i])) {
				orig[nnum] = argv[i];
				argv[i] = stand[nnum++] = xstrdup("VC-NUMBER");
			}
	}

	optind = 0; /* a full reset: glibc keeps state across calls otherwise */
	opterr = 0;
	while (ret < 0 && (c = getopt_long(argc, argv, shortopts.data, longopts, NULL)) != -1) {
		if (c == '?') {
			if (optopt)
				ret = vc_usage_error(cmd, "unknown option '-%c'", optopt);
			else
				ret = vc_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		} else if (c == ':') {
			if (optopt && optopt < 256 && !startswith(argv[optind - 1], "--"))
				ret = vc_usage_error(cmd, "option '-%c' needs a value", optopt);
			else
				ret = vc_usage_error(cmd, "option '%.*s' needs a value",
						     (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
		} else {
			const char *arg = optarg;

			/* "--format -4": the value is the word itself, never its stand-in */
			for (size_t k = 0; arg && k < nnum; k++)
				if (arg == stand[k])
					arg = orig[k];
			ret = global_option(cmd, c, arg, o);
			if (ret == -2)
				ret = fn ? fn(cmd, c, arg, ud) : vc_usage_error(cmd, "unknown option");
		}
	}
	for (int i = 1; i < argc; i++)
		for (size_t k = 0; k < nnum; k++)
			if (argv[i] == stand[k])
				argv[i] = orig[k];
	for (size_t k = 0; k < nnum; k++)
		free(stand[k]);
	free(orig);
	free(stand);
	free(longopts);
	buf_free(&shortopts);
	*first = optind;
	if (ret >= 0)
		return ret;
	return check_globals(cmd, o);
}

int vc_cmd_format(const struct vc_cmd *cmd, const struct vc_opts *o)
{
	for (int i = 0; o->format && cmd->formats && cmd->formats[i]; i++)
		if (strcmp(cmd->formats[i], o->format) == 0)
			return i;
	return 0;
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

unsigned vc_text_width(int fd)
{
	const char *env = secure_getenv("COLUMNS");
	struct winsize ws;
	uint32_t cols;

	if (env && parse_u32(env, 10, &cols) == 0 && cols >= 20 && cols <= 1000)
		return cols;
	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 0;
}

struct vc_render_opts vc_text_opts(const struct vc_opts *o, int fd)
{
	return (struct vc_render_opts){ .color = vc_use_color(o, fd),
					.verbose = o->verbose,
					.width = vc_text_width(fd) };
}

int vc_open_host(const struct vc_cmd *cmd, const struct vc_opts *o, struct vc_host **h)
{
	/* a replay creates no VM, loads no module and writes nothing: --passive changes nothing there */
	int r = o->sysroot ? vc_host_new_sysroot(o->sysroot, h)
			   : vc_host_new_live_flags(o->passive ? VC_HOST_PASSIVE : 0, h);

	if (r == -EMEDIUMTYPE) {
		vc_error(cmd,
			 "%s is not a virtcheck capture (it has no virtcheck/meta.txt; make one with "
			 "`virtcheck capture DIR`)",
			 o->sysroot);
		return cmd->usage_exit;
	}
	if (r < 0) {
		vc_error(cmd, "--sysroot %s: %s", o->sysroot, strerror(-r));
		return cmd->usage_exit;
	}
	/* only on request: a report never changes the machine by itself */
	if (o->load_msr) {
		int k = vc_load_module("msr");

		if (k < 0)
			vc_error(cmd, "--load-msr: loading msr failed: %s", strerror(-k));
	}
	return 0;
}

/* ---- main ---- */

int vc_out_open(const struct vc_cmd *cmd, struct vc_out *out, const char *path)
{
	int r;

	*out = (struct vc_out){ .path = path };
	out->f = path ? open_memstream(&out->mem, &out->len) : stdout;
	if (out->f)
		return 0;
	r = -errno;
	vc_error(cmd, "--output %s: %s", path, strerror(-r));
	return r;
}

int vc_out_close(const struct vc_cmd *cmd, struct vc_out *out)
{
	int r = 0;

	if (!out->path)
		return 0; /* standard output: checked once, at the end (output_written) */
	if (!out->f)
		return -EIO; /* said by vc_out_open */
	if (fclose(out->f) != 0)
		r = -EIO;
	else
		r = vc_write_output(out->path, out->mem ? out->mem : "", out->len);
	if (r < 0) {
		const char *why = vc_write_output_refusal(r);

		vc_error(cmd, "--output %s: %s", out->path, why ? why : strerror(-r));
	}
	free(out->mem);
	*out = (struct vc_out){ 0 };
	return r;
}

const struct vc_cmd *vc_find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(name, commands[i]->name))
			return commands[i];
	return NULL;
}

int vc_main_parse(int argc, char **argv, struct vc_opts *o, const struct vc_cmd **cmd, int *at)
{
	struct option all[ARRAY_SIZE(global_options) + 1] = { 0 };
	int c, r = -1;

	*cmd = NULL;
	bare_report = false;
	memcpy(all, global_options, sizeof(global_options));
	/* the options before the command ('+': stop at it) */
	optind = 0; /* a full reset: glibc keeps state across calls otherwise */
	opterr = 0;
	while (r < 0 && (c = getopt_long(argc, argv, "+:" GLOBAL_SHORT, all, NULL)) != -1) {
		if (c == '?') {
			/* not a global option: the report's own (--output), or unknown; its parser,
			 * which takes both, reads the whole command line again (from argv[0]) and says
			 * which */
			*o = (struct vc_opts){ .color = -1 };
			bare_report = true;
			*cmd = &cmd_report;
			*at = 0;
			return -1;
		}
		if (c == ':')
			r = vc_usage_error(NULL, "option '%.*s' needs a value",
					   (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
		else
			r = global_option(NULL, c, optarg, o);
	}
	if (r >= 0)
		return r;

	if (optind >= argc) {
		bare_report = true;
		*cmd = &cmd_report;
		*at = argc;
		return -1;
	}
	if (!strcmp(argv[optind], "help")) {
		const struct vc_cmd *which;

		if (optind + 1 >= argc) {
			main_help(stdout);
			return VC_EXIT_OK;
		}
		which = vc_find_command(argv[optind + 1]);
		if (!which || optind + 2 < argc)
			return vc_usage_error(NULL, "help: %s",
					      which ? "one command at a time" : "no such command");
		vc_cmd_help(which, stdout);
		*cmd = which;
		return VC_EXIT_OK;
	}
	*cmd = vc_find_command(argv[optind]);
	if (!*cmd)
		return vc_usage_error(NULL, "unknown command '%s'", argv[optind]);
	*at = optind;
	return -1;
}
