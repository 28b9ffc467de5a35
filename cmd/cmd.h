/* The CLI: global options and the subcommand table. */
#pragma once

#include <stdbool.h>

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

enum vc_format { VC_FORMAT_TEXT, VC_FORMAT_JSON, VC_FORMAT_PROMETHEUS };

struct vc_opts {
	const char *sysroot;
	enum vc_format format;
	bool verbose;
	int color;     /* -1 auto, 0 never, 1 always */
	bool load_msr; /* load the msr driver before probing (live, root) */
};

struct vc_cmd {
	const char *name;
	int (*run)(int argc, char **argv, struct vc_opts *o);
	const char *help;
};

extern const struct vc_cmd cmd_report;
extern const struct vc_cmd cmd_capture;
extern const struct vc_cmd cmd_explain;
extern const struct vc_cmd cmd_preflight;
extern const struct vc_cmd cmd_switch;
extern const struct vc_cmd cmd_bench;

/* Parses the options every subcommand shares; returns the index of the first operand or -1. */
int vc_parse_common(int argc, char **argv, struct vc_opts *o, bool *help);
bool vc_use_color(const struct vc_opts *o, int fd);

struct vc_host;
/* Runs every probe on h and prints the report; returns the exit status. */
int vc_report_host(struct vc_host *h, const struct vc_opts *o);
struct vc_ctx;
/* Runs every probe and the verdict on the options' host; NULL (message printed) on failure. */
struct vc_ctx *vc_run_report(const struct vc_opts *o, struct vc_host **ret_host);
/* The host the options name: live, or --sysroot DIR. Prints the error itself. */
int vc_open_host(const struct vc_opts *o, struct vc_host **h);
