/* virtcheck [report]: probe the host (or a sysroot), state the owner, findings and remedies. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/act/kmod.h"
#include "lib/verdict/run.h"
#include "lib/render/render.h"
#include "probes/probes.h"
#include "cmd/cmd.h"

/* Shared by report and capture: runs every probe on h and prints the result. */
int vc_report_host(struct vc_host *h, const struct vc_opts *o)
{
	struct vc_ctx *ctx = vc_ctx_new(h);
	struct vc_render_opts ro = { .color = vc_use_color(o, STDOUT_FILENO), .verbose = o->verbose };
	enum vc_severity st;
	int r = vc_run(ctx, VC_ALL_PROBES, true);

	if (r < 0) {
		fprintf(stderr, "virtcheck: %s\n", strerror(-r));
		vc_ctx_free(ctx);
		return VC_EXIT_USAGE;
	}
	if (o->format == VC_FORMAT_JSON)
		vc_render_json(stdout, ctx, VC_VERSION);
	else if (o->format == VC_FORMAT_PROMETHEUS)
		vc_render_prometheus(stdout, ctx, VC_VERSION);
	else
		vc_render_text(stdout, ctx, &ro);
	st = vc_report_status(ctx);
	vc_ctx_free(ctx);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "virtcheck: writing the report: %s\n", strerror(errno));
		return VC_EXIT_USAGE;
	}
	return st == VC_SEV_ERROR ? VC_EXIT_ERROR : st == VC_SEV_WARNING ? VC_EXIT_WARNING : VC_EXIT_OK;
}

int vc_open_host(const struct vc_opts *o, struct vc_host **h)
{
	int r = o->sysroot ? vc_host_new_sysroot(o->sysroot, h) : vc_host_new_live(h);

	if (r < 0) {
		fprintf(stderr, "virtcheck: --sysroot %s: %s\n", o->sysroot, strerror(-r));
		return r;
	}
	/* only on request: a report never changes the machine by itself */
	if (o->load_msr && !o->sysroot) {
		int k = vc_load_module("msr");

		if (k < 0)
			fprintf(stderr, "virtcheck: --load-msr: loading msr failed: %s\n", strerror(-k));
	} else if (o->load_msr) {
		fprintf(stderr, "virtcheck: --load-msr has no effect with --sysroot\n");
	}
	return 0;
}

struct vc_ctx *vc_run_report(const struct vc_opts *o, struct vc_host **ret_host)
{
	struct vc_ctx *ctx;
	int r;

	if (vc_open_host(o, ret_host) < 0)
		return NULL;
	ctx = vc_ctx_new(*ret_host);
	r = vc_run(ctx, VC_ALL_PROBES, true);
	if (r < 0) {
		fprintf(stderr, "virtcheck: %s\n", strerror(-r));
		vc_ctx_free(ctx);
		vc_host_free(*ret_host);
		*ret_host = NULL;
		return NULL;
	}
	return ctx;
}

static int report_main(int argc, char **argv, struct vc_opts *o)
{
	struct vc_host *h;
	bool help;
	int first, ret;

	if (argc > 1) {
		first = vc_parse_common(argc, argv, o, &help);
		if (first < 0)
			return VC_EXIT_USAGE;
		if (help) {
			puts("Usage: virtcheck [report] [--sysroot DIR] [--format text|json|prometheus] "
			     "[--verbose] [--load-msr]");
			return VC_EXIT_OK;
		}
		if (first < argc) {
			fprintf(stderr, "virtcheck report: unexpected argument '%s'\n", argv[first]);
			return VC_EXIT_USAGE;
		}
	}
	if (vc_open_host(o, &h) < 0)
		return VC_EXIT_USAGE;
	ret = vc_report_host(h, o);
	vc_host_free(h);
	return ret;
}

const struct vc_cmd cmd_report = {
	.name = "report",
	.run = report_main,
	.help = "probe this machine and report (the default)",
};
