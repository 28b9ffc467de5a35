/* virtcheck capture DIR: record this host in the sysroot layout, for --sysroot and bug reports. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/verdict/run.h"
#include "lib/render/render.h"
#include "probes/probes.h"
#include "cmd/cmd.h"

static int capture_main(int argc, char **argv, struct vc_opts *o)
{
	struct vc_host *h;
	struct vc_ctx *ctx;
	bool help;
	int first = vc_parse_common(argc, argv, o, &help), r;

	if (first < 0)
		return VC_EXIT_USAGE;
	if (help || first != argc - 1) {
		fputs("Usage: virtcheck capture DIR\n", help ? stdout : stderr);
		return help ? VC_EXIT_OK : VC_EXIT_USAGE;
	}
	if (o->sysroot) {
		fputs("virtcheck capture: records this machine; --sysroot makes no sense here\n", stderr);
		return VC_EXIT_USAGE;
	}
	r = vc_host_new_recording(argv[first], &h);
	if (r < 0) {
		fprintf(stderr, "virtcheck capture: %s: %s\n", argv[first],
			r == -ENOTEMPTY ? "directory is not empty; refusing to mix captures" : strerror(-r));
		return VC_EXIT_USAGE;
	}
	/* every probe reads through the recording host; with --format json the report of exactly
	 * what was recorded is printed (its replay must equal it) */
	ctx = vc_ctx_new(h);
	r = vc_run(ctx, VC_ALL_PROBES, true);
	if (r == 0 && o->format == VC_FORMAT_JSON)
		vc_render_json(stdout, ctx, VC_VERSION);
	vc_ctx_free(ctx);
	if (r == 0)
		r = vc_host_finish(h, VC_VERSION);
	vc_host_free(h);
	if (r < 0) {
		fprintf(stderr, "virtcheck capture: %s\n", strerror(-r));
		return VC_EXIT_USAGE;
	}
	fprintf(stderr, "virtcheck: captured this host into %s; replay with: virtcheck --sysroot %s\n",
		argv[first], argv[first]);
	return VC_EXIT_OK;
}

const struct vc_cmd cmd_capture = {
	.name = "capture",
	.run = capture_main,
	.help = "record this machine into DIR (replay with --sysroot DIR)",
};
