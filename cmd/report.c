/* virtcheck [report]: probe this machine (or a capture): the owner, the conflicts, the findings
 * and their remedies. */
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/render/render.h"
#include "lib/verdict/run.h"

static const char *const formats[] = { "text", "json", "prometheus", NULL };

enum { OPT_OUTPUT = 300 };

static const struct option options[] = {
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{},
};

static int option(const struct vc_cmd *cmd, int opt, const char *arg, void *ud)
{
	if (opt != OPT_OUTPUT && opt != 'o')
		return vc_usage_error(cmd, "unknown option");
	*(const char **)ud = arg;
	return -1;
}

/* The command line; *output the --output file or NULL. Acts on nothing. */
static int parse(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o, const char **output)
{
	int first, r = vc_cmd_parse(cmd, argc, argv, o, option, output, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return vc_usage_error(cmd, "unexpected argument '%s'", argv[first]);
	return -1;
}

static int report_check(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	const char *output = NULL;

	return parse(cmd, argc, argv, o, &output);
}

static int report_run(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	struct vc_host *h;
	struct vc_ctx *ctx;
	struct vc_out out;
	enum vc_severity st;
	const char *output = NULL;
	int r = parse(cmd, argc, argv, o, &output);

	if (r >= 0)
		return r;
	r = vc_open_host(cmd, o, &h);
	if (r)
		return r;
	/* only JSON prints KVM's capabilities; text and prometheus ask /dev/kvm only what decides */
	if (vc_cmd_format(cmd, o) != 1)
		vc_host_kvm_want(h, 0);
	ctx = vc_ctx_new(h);
	/* and only JSON prints every module parameter */
	ctx->few_params = vc_cmd_format(cmd, o) != 1;
	vc_run(ctx, VC_ALL_PROBES, true);
	/* --output: written whole, atomically (a textfile collector never reads half a file) */
	if (vc_out_open(cmd, &out, output) < 0) {
		r = cmd->usage_exit;
		goto out;
	}
	switch (vc_cmd_format(cmd, o)) {
	case 1:
		vc_render_json(out.f, ctx, VC_VERSION);
		break;
	case 2:
		vc_render_prometheus(out.f, ctx, VC_VERSION);
		break;
	default: {
		struct vc_render_opts ro = vc_text_opts(o, STDOUT_FILENO);

		if (output) { /* a file: no colour, each line as it is */
			ro.color = false;
			ro.width = 0;
		}
		vc_render_text(out.f, ctx, &ro);
		break;
	}
	}
	st = vc_report_status(ctx);
	r = vc_out_close(cmd, &out) < 0 ? cmd->usage_exit
	    : st == VC_SEV_ERROR	? VC_EXIT_ERROR
	    : st == VC_SEV_WARNING	? VC_EXIT_WARNING
					: VC_EXIT_OK;
out:
	vc_ctx_free(ctx);
	vc_host_free(h);
	return r;
}

const struct vc_cmd cmd_report = {
	.name = "report",
	.summary = "probe this machine and report (the default)",
	.synopsis = "[--sysroot DIR] [--format text|json|prometheus] [--output FILE] [--passive]\n"
		    "[--verbose] [--color WHEN] [--load-msr]",
	.help = "Probes this machine (or the capture that --sysroot names) and says who holds VT-x/AMD-V, "
		"with\n"
		"a confidence and the evidence, which hypervisor fails with which error, and the commands "
		"that\n"
		"fix each problem for this host's kernel, distribution and VirtualBox.\n\n"
		"Options of its own:\n"
		"  -o, --output FILE      write the report to FILE (atomically) instead of standard "
		"output\n\n"
		"Exit status: 0 ok, 1 warnings, 2 errors found, 3 usage or internal error.",
	.formats = formats,
	.globals = VC_G_SYSROOT | VC_G_VERBOSE | VC_G_COLOR | VC_G_LOAD_MSR | VC_G_PASSIVE,
	.options = options,
	.shortopts = "o:",
	.usage_exit = VC_EXIT_USAGE,
	.run = report_run,
	.check = report_check,
};
