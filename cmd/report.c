/* virtcheck [report]: probe this machine (or a capture): the owner, the conflicts, the findings
 * and their remedies. */
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/render/render.h"
#include "lib/verdict/run.h"

static const char *const formats[] = { "text", "json", "prometheus", NULL };

static int report_check(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	int first, r = vc_cmd_parse(cmd, argc, argv, o, NULL, NULL, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return vc_usage_error(cmd, "unexpected argument '%s'", argv[first]);
	return -1;
}

static int report_run(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	struct vc_host *h;
	struct vc_ctx *ctx;
	enum vc_severity st;
	int r = report_check(cmd, argc, argv, o);

	if (r >= 0)
		return r;
	r = vc_open_host(cmd, o, &h);
	if (r)
		return r;
	ctx = vc_ctx_new(h);
	vc_run(ctx, VC_ALL_PROBES, true);
	switch (vc_cmd_format(cmd, o)) {
	case 1:
		vc_render_json(stdout, ctx, VC_VERSION);
		break;
	case 2:
		vc_render_prometheus(stdout, ctx, VC_VERSION);
		break;
	default: {
		struct vc_render_opts ro = vc_text_opts(o, STDOUT_FILENO);

		vc_render_text(stdout, ctx, &ro);
		break;
	}
	}
	st = vc_report_status(ctx);
	vc_ctx_free(ctx);
	vc_host_free(h);
	return st == VC_SEV_ERROR ? VC_EXIT_ERROR : st == VC_SEV_WARNING ? VC_EXIT_WARNING : VC_EXIT_OK;
}

const struct vc_cmd cmd_report = {
	.name = "report",
	.summary = "probe this machine and report (the default)",
	.synopsis = "[--sysroot DIR] [--format text|json|prometheus] [--verbose] [--color WHEN] [--load-msr]",
	.help = "Probes this machine (or the capture that --sysroot names) and says who holds VT-x/AMD-V, "
		"with\n"
		"a confidence and the evidence, which hypervisor fails with which error, and the commands "
		"that\n"
		"fix each problem for this host's kernel, distribution and VirtualBox.\n\n"
		"Exit status: 0 ok, 1 warnings, 2 errors found, 3 usage or internal error.",
	.formats = formats,
	.globals = VC_G_SYSROOT | VC_G_VERBOSE | VC_G_COLOR | VC_G_LOAD_MSR,
	.usage_exit = VC_EXIT_USAGE,
	.run = report_run,
	.check = report_check,
};
