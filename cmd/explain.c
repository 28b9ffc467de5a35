/* virtcheck explain WHAT: what an error message means, and what causes it on this host. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/render/explain.h"
#include "lib/verdict/run.h"
#include "lib/verdict/triage.h"

#define INPUT_MAX   (1u << 20)
#define MAX_MATCHES 8

/* The pasted text: the arguments joined, or standard input for "-". */
static char *read_input(const struct vc_cmd *cmd, int argc, char **argv)
{
	struct buf b = { 0 };

	if (argc == 2 && strcmp(argv[1], "-") == 0) {
		char chunk[4096];
		size_t n;

		while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
			if (b.len + n > INPUT_MAX) {
				vc_error(cmd, "input larger than 1 MiB");
				buf_free(&b);
				return NULL;
			}
			buf_append(&b, chunk, n);
		}
	} else {
		for (int i = 1; i < argc; i++)
			buf_printf(&b, "%s%s", i > 1 ? " " : "", argv[i]);
	}
	if (!b.data)
		buf_append(&b, "", 0);
	/* NULs from stdin would end the text early: make them blanks */
	for (size_t i = 0; i < b.len; i++)
		if (!b.data[i])
			b.data[i] = ' ';
	return b.data;
}

static const char *const formats[] = { "text", "json", NULL };

enum { OPT_LOG = 300 };

static const struct option options[] = {
	{ "log", no_argument, NULL, OPT_LOG },
	{},
};

static int option(const struct vc_cmd *cmd, int opt, const char *arg, void *ud)
{
	(void)cmd, (void)arg;
	if (opt == OPT_LOG)
		*(bool *)ud = true;
	return -1;
}

/* explain --log FILE...: another machine's logs, triaged by the same verdict and knowledge table. */
static int explain_logs(const struct vc_cmd *cmd, int argc, char **argv, int first, bool json,
			struct vc_opts *o)
{
	struct vc_triage *t = vc_triage_new();
	int r = 0;

	for (int i = first; i < argc && r == 0; i++) {
		r = vc_triage_feed_file(t, argv[i]);
		if (r < 0) {
			vc_error(cmd, "%s: %s", argv[i],
				 r == -EFBIG ? "larger than 64 MiB: paste the part around the error"
					     : strerror(-r));
			vc_triage_free(t);
			return VC_EXIT_USAGE;
		}
	}
	r = vc_triage_decide(t);
	if (json) {
		vc_render_triage_json(stdout, t, VC_VERSION);
	} else if (r == 0) {
		struct vc_render_opts ro = vc_text_opts(o, STDOUT_FILENO);

		vc_render_triage_text(stdout, t, &ro);
	} else
		vc_error(cmd, "nothing in the logs is a message or a fact virtcheck knows (VBox.log, dmesg, "
			      "VBoxManage, QEMU, libvirt, minikube, Android emulator errors are)");
	vc_triage_free(t);
	return r == 0 ? VC_EXIT_OK : VC_EXIT_ERROR;
}

/* The command line; the text (or with --log the files) starts at argv[*first]. Acts on nothing. */
static int parse(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o, bool *logs, int *first)
{
	int r = vc_cmd_parse(cmd, argc, argv, o, option, logs, first);

	if (r >= 0)
		return r;
	if (*logs && *first >= argc)
		return vc_usage_error(cmd, "which logs? (files, or - for standard input)");
	if (*logs && o->sysroot)
		return vc_usage_error(cmd, "--log reads another machine's logs; --sysroot names a capture");
	if (*first >= argc)
		return vc_usage_error(
			cmd, "what should be explained? (a code, a message, or - for standard input)");
	return -1;
}

static int explain_check(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	bool logs = false;
	int first;

	return parse(cmd, argc, argv, o, &logs, &first);
}

static int explain_run(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	const struct vc_known_error *m[MAX_MATCHES];
	struct vc_host *h = NULL;
	struct vc_ctx *ctx;
	_cleanup_(freep) char *input = NULL;
	bool json, logs = false;
	size_t n;
	int first, r = parse(cmd, argc, argv, o, &logs, &first);

	if (r >= 0)
		return r;
	json = vc_cmd_format(cmd, o) == 1;
	if (logs)
		return explain_logs(cmd, argc, argv, first, json, o);
	input = read_input(cmd, argc - first + 1, argv + first - 1);
	if (!input)
		return VC_EXIT_USAGE;
	n = vc_match_errors(input, m, MAX_MATCHES);
	if (!n) {
		if (json)
			vc_render_explain_json(stdout, input, m, 0, NULL, VC_VERSION);
		else
			vc_error(cmd,
				 "not a message virtcheck knows: \"%.200s\"\n"
				 "Known: VirtualBox codes (-4011, -4054, -4053, -4074, -4028, -4029, -4009, "
				 "-4052, "
				 "-1908) and names,\n"
				 "QEMU/libvirt KVM errors, kernel messages about VT-x/AMD-V and module "
				 "signatures.",
				 input);
		return VC_EXIT_ERROR;
	}
	r = vc_open_host(cmd, o, &h);
	if (r)
		return r;
	ctx = vc_ctx_new(h);
	vc_run(ctx, VC_ALL_PROBES, true);
	if (json) {
		vc_render_explain_json(stdout, input, m, n, ctx, VC_VERSION);
	} else {
		struct vc_render_opts ro = vc_text_opts(o, STDOUT_FILENO);

		vc_render_explain_text(stdout, m, n, ctx, &ro);
	}
	vc_ctx_free(ctx);
	vc_host_free(h);
	return VC_EXIT_OK;
}

const struct vc_cmd cmd_explain = {
	.name = "explain",
	.summary = "explain an error message (VERR_..., KVM_CREATE_VM failed: 16) for this host",
	.synopsis = "[--sysroot DIR] [--format text|json] [--verbose] [--color WHEN] WHAT...\n"
		    "[--sysroot DIR] [--format text|json] -\n"
		    "--log [--format text|json] [--color WHEN] FILE...",
	.help = "WHAT is a VirtualBox code or name (-4011, VERR_SVM_IN_USE), a QEMU/libvirt message\n"
		"(\"ioctl(KVM_CREATE_VM) failed: 16 Device or resource busy\"), a kernel message, or any "
		"pasted\n"
		"text that contains one or several; - reads the text from standard input. Each one found is\n"
		"explained, then what on this host (or the capture --sysroot names) causes it, with "
		"remedies.\n\n"
		"--log reads FILEs (- for standard input) from ANOTHER machine: VBox.log, "
		"VBoxHardening.log,\n"
		"VBoxManage output, dmesg or journalctl -k, QEMU, libvirt, minikube, Android emulator,\n"
		"Genymotion or Vagrant errors; several combine. What they show becomes the typed facts the\n"
		"probes fill, each with its line; the report's verdict and knowledge table decide the cause\n"
		"(firmware-disabled, no-vt-in-guest, kvm-holds-vt, ...), its remedies and confidence, and\n"
		"what the logs do not show is answered for each value it may have. --format json writes\n"
		"virtcheck.triage/1.\n\n"
		"Exit status: 0 explained, 2 nothing in the text is known, 3 usage error.",
	.formats = formats,
	.options = options,
	.globals = VC_G_SYSROOT | VC_G_VERBOSE | VC_G_COLOR | VC_G_LOAD_MSR | VC_G_PASSIVE,
	.usage_exit = VC_EXIT_USAGE,
	.run = explain_run,
	.check = explain_check,
};
