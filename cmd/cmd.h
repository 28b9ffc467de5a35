/* The CLI: the options every command shares, the command table, and the one option parser. */
#pragma once

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "lib/base/util.h"
#include "lib/render/render.h"

#ifndef VC_VERSION
#define VC_VERSION "0.0.0-dev"
#endif

/* Exit status of the report (documented in man/virtcheck.1; stable). */
enum {
	VC_EXIT_OK = 0,
	VC_EXIT_WARNING = 1,
	VC_EXIT_ERROR = 2,
	VC_EXIT_USAGE = 3,
};

/* The global options a command takes (struct vc_cmd.globals). */
enum {
	VC_G_SYSROOT = 1 << 0,
	VC_G_VERBOSE = 1 << 1,
	VC_G_COLOR = 1 << 2,
	VC_G_LOAD_MSR = 1 << 3,
	VC_G_PASSIVE = 1 << 4,
	/* for vc_global_option_bit(): --format (a command takes it when it has formats), and the
	 * options every command takes (--help, --version) */
	VC_G_FORMAT = 1 << 5,
	VC_G_ALWAYS = 1 << 6,
};

struct vc_opts {
	const char *sysroot;
	const char *format; /* as given: each command takes its own formats */
	bool verbose;
	int color;     /* -1 auto, 0 never, 1 always */
	bool load_msr; /* load the msr driver before probing (live, root) */
	bool passive;  /* change nothing: no VM, no module, nothing opened for writing (live) */
	/* which global options were given, to refuse those a command would ignore */
	unsigned given;
};

struct vc_cmd {
	const char *name;
	const char *summary;  /* one line, for `virtcheck help` */
	const char *synopsis; /* after "Usage: ", one usage a line */
	const char *help;     /* what it does, its own options, its exit status */
	/* the --format values it takes, NULL-terminated, the default first; NULL: no --format */
	const char *const *formats;
	unsigned globals; /* VC_G_* it takes besides --format, --help and --version */
	/* its own options: getopt_long's table (the values are its own, >= 256) and short letters */
	const struct option *options;
	const char *shortopts;
	int usage_exit; /* the exit status of a usage error (3; preflight 2) */
	int (*run)(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o);
	/* The command line alone, as run reads and checks it before it acts (run calls the same code):
	 * -1 when run would go on, or the exit status it would end with. Touches nothing (the CLI's fuzz
	 * target calls it). */
	int (*check)(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o);
};

extern const struct vc_cmd cmd_report;
extern const struct vc_cmd cmd_capture;
extern const struct vc_cmd cmd_explain;
extern const struct vc_cmd cmd_preflight;
extern const struct vc_cmd cmd_switch;
extern const struct vc_cmd cmd_bench;

/* The command table; the global options, the VC_G_* bit of one by its long name; --color's values. */
const struct vc_cmd *const *vc_commands(size_t *n);
const struct vc_cmd *vc_find_command(const char *name);
const struct option *vc_global_options(size_t *n);
unsigned vc_global_option_bit(const char *name);
extern const char *const vc_color_names[];
/* virtcheck __complete ... (cmd/complete.c): argv[0] is "__complete". */
int vc_complete(int argc, char **argv);

/* One option of the command's own (opt: its value in struct option; arg: its argument or NULL).
 * Returns -1 to go on, or an exit status to end with (after a message or its output). */
typedef int (*vc_opt_fn)(const struct vc_cmd *cmd, int opt, const char *arg, void *ud);

/*
 * Parses argv (argv[0] is the command's name): the global options and the command's own, in any
 * order and mixed with operands, which are left in argv[*first..argc). Returns -1 to go on, or the
 * exit status to end with: after --help or --version (printed), or after a usage error (said).
 */
int vc_cmd_parse(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o, vc_opt_fn fn, void *ud,
		 int *first);
/*
 * The words before the command: the global options, then "help [COMMAND]" or the command's name.
 * Returns -1 with *cmd the command and argv[*at] its name (*at == argc: none was named, the report
 * runs with argv { "report" }; *at == 0: the report's own option came before any command, and the
 * report parses the whole command line, *o reset), or the exit status to end with, *cmd the command it
 * concerns or NULL (after --help, --version or help, printed, or a usage error, said).
 */
int vc_main_parse(int argc, char **argv, struct vc_opts *o, const struct vc_cmd **cmd, int *at);

/* "virtcheck: CMD: MESSAGE" and "Try 'virtcheck CMD --help'." on stderr; returns cmd->usage_exit. */
int vc_usage_error(const struct vc_cmd *cmd, const char *fmt, ...) _printf_(2, 3);
/* "virtcheck: CMD: MESSAGE" on stderr (an error that is not about the command line). */
void vc_error(const struct vc_cmd *cmd, const char *fmt, ...) _printf_(2, 3);
/* The index in cmd->formats of the --format given (0 when none was). */
int vc_cmd_format(const struct vc_cmd *cmd, const struct vc_opts *o);
/* The command's help: usage, description, the options it takes. */
void vc_cmd_help(const struct vc_cmd *cmd, FILE *f);
bool vc_use_color(const struct vc_opts *o, int fd);
/* Text for people wraps at this many columns: the terminal's or $COLUMNS; 0 into a pipe or file. */
unsigned vc_text_width(int fd);
/* How text for people is written to fd: colour, --verbose and width from the options and fd. */
struct vc_render_opts vc_text_opts(const struct vc_opts *o, int fd);

struct vc_host;
/* The host the options name: this machine (passive with --passive), or --sysroot DIR (which must be
 * a capture); loads the msr driver first with --load-msr. 0, or the exit status after saying what
 * is wrong. */
int vc_open_host(const struct vc_cmd *cmd, const struct vc_opts *o, struct vc_host **h);

/* Where a command writes its result: standard output, or --output FILE, written whole and atomically
 * when closed (a result a CI job keeps is never half written). */
struct vc_out {
	FILE *f;
	const char *path;
	char *mem;
	size_t len;
};
/* 0, or -errno after saying what failed (then out->f is NULL and vc_out_close says nothing more). */
int vc_out_open(const struct vc_cmd *cmd, struct vc_out *out, const char *path);
/* 0, or -errno after saying what failed. */
int vc_out_close(const struct vc_cmd *cmd, struct vc_out *out);
