/* virtcheck explain WHAT: what an error message means, and what causes it on this host. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/model/catalog.h"
#include "lib/model/report.h"
#include "lib/verdict/run.h"

#define INPUT_MAX   (1u << 20)
#define MAX_MATCHES 8

static bool related(const struct vc_known_error *e, const char *id)
{
	for (size_t k = 0; k < ARRAY_SIZE(e->related) && e->related[k]; k++)
		if (startswith(id, e->related[k]))
			return true;
	return false;
}

static bool any_related(const struct vc_known_error *const *m, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (related(m[i], id))
			return true;
	return false;
}

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

static void print_json(const char *input, const struct vc_known_error *const *m, size_t n,
		       const struct vc_ctx *ctx)
{
	struct vc_val *root = vc_obj(), *arr, *fs;

	vc_obj_set(root, "schema", vc_str("virtcheck.explain/1"));
	vc_obj_set(root, "version", vc_str(VC_VERSION));
	vc_obj_set(root, "input", vc_str(input));
	arr = vc_obj_set(root, "matches", vc_arr());
	for (size_t i = 0; i < n; i++) {
		struct vc_val *o = vc_arr_push(arr, vc_obj());

		vc_obj_set(o, "id", vc_str(m[i]->id));
		vc_obj_set(o, "source", vc_str(m[i]->source));
		vc_obj_set(o, "vbox_code", m[i]->vbox_code ? vc_int(m[i]->vbox_code) : vc_null());
		vc_obj_set(o, "meaning", vc_str(m[i]->meaning));
	}
	if (ctx) {
		struct vc_val *ow = vc_obj_set(root, "owner", vc_obj());

		vc_obj_set(ow, "headline", vc_str(ctx->owner.headline));
		vc_obj_set(ow, "hypervisor", vc_str(vc_hv_name(ctx->owner.hypervisor)));
		vc_obj_set(ow, "backend", vc_str(ctx->owner.backend));
		vc_obj_set(ow, "confidence", vc_str(vc_confidence_name(ctx->owner.confidence)));
		fs = vc_obj_set(root, "host_findings", vc_arr());
		for (size_t i = 0; i < ctx->findings.n; i++)
			if (any_related(m, n, ctx->findings.v[i].id))
				vc_arr_push(fs, vc_finding_json(&ctx->findings.v[i]));
	}
	vc_json_write(stdout, root, 0);
	fputc('\n', stdout);
	vc_val_free(root);
}

static void print_text(const struct vc_known_error *const *m, size_t n, const struct vc_ctx *ctx, bool color,
		       bool verbose)
{
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
	size_t shown = 0;

	for (size_t i = 0; i < n; i++) {
		if (m[i]->vbox_code)
			printf("%s%s (%d)%s, from VirtualBox\n", bold, m[i]->id, m[i]->vbox_code, reset);
		else
			printf("%s%s%s, from %s\n", bold, m[i]->id, reset,
			       !strcmp(m[i]->source, "qemu") ? "QEMU/libvirt" : "the kernel");
		printf("  %s\n\n", m[i]->meaning);
	}
	if (!ctx)
		return;
	printf("%sOn this host%s%s%s:%s\n  %s\n", bold, vc_host_sysroot(ctx->host) ? " (" : "",
	       vc_host_sysroot(ctx->host) ? vc_host_sysroot(ctx->host) : "",
	       vc_host_sysroot(ctx->host) ? ")" : "", reset, ctx->owner.headline);
	/* errors first; within one severity, the report's order */
	for (int sev = _VC_SEV_MAX - 1; sev >= 0; sev--)
		for (size_t i = 0; i < ctx->findings.n; i++) {
			const struct vc_finding *fd = &ctx->findings.v[i];

			if (fd->severity != (enum vc_severity)sev || !any_related(m, n, fd->id))
				continue;
			shown++;
			printf("  %-7s %s\n", vc_severity_name(fd->severity), fd->message);
			for (size_t r = 0; r < fd->remedies.n; r++) {
				const struct vc_remedy *x = &fd->remedies.v[r];

				printf("          fix (%s%s): %s\n", vc_remedy_kind_name(x->kind),
				       x->reboot ? ", needs a reboot" : "", x->steps);
			}
			if (fd->remedy)
				printf("          fix: %s\n", fd->remedy);
			for (size_t e = 0; verbose && e < fd->evidence.n; e++)
				printf("          evidence: %s\n", fd->evidence.v[e]);
		}
	if (!shown)
		printf("  Nothing on this host causes it now: the state that produced it has changed (a VM "
		       "or module that held VT-x is gone), or the message came from another machine. Run "
		       "`virtcheck` when it happens again, or capture the host then (`virtcheck capture "
		       "DIR`).\n");
}

static const char *const formats[] = { "text", "json", NULL };

static int explain_run(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	const struct vc_known_error *m[MAX_MATCHES];
	struct vc_host *h = NULL;
	struct vc_ctx *ctx;
	_cleanup_(freep) char *input = NULL;
	bool json;
	size_t n;
	int first, r = vc_cmd_parse(cmd, argc, argv, o, NULL, NULL, &first);

	if (r >= 0)
		return r;
	json = vc_cmd_format(cmd, o) == 1;
	if (first >= argc)
		return vc_usage_error(
			cmd, "what should be explained? (a code, a message, or - for standard input)");
	input = read_input(cmd, argc - first + 1, argv + first - 1);
	if (!input)
		return VC_EXIT_USAGE;
	n = vc_match_errors(input, m, MAX_MATCHES);
	if (!n) {
		if (json)
			print_json(input, m, 0, NULL);
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
	if (json)
		print_json(input, m, n, ctx);
	else
		print_text(m, n, ctx, vc_use_color(o, STDOUT_FILENO), o->verbose);
	vc_ctx_free(ctx);
	vc_host_free(h);
	return VC_EXIT_OK;
}

const struct vc_cmd cmd_explain = {
	.name = "explain",
	.summary = "explain an error message (VERR_..., KVM_CREATE_VM failed: 16) for this host",
	.synopsis = "[--sysroot DIR] [--format text|json] [--verbose] [--color WHEN] WHAT...\n"
		    "[--sysroot DIR] [--format text|json] -",
	.help = "WHAT is a VirtualBox code or name (-4011, VERR_SVM_IN_USE), a QEMU/libvirt message\n"
		"(\"ioctl(KVM_CREATE_VM) failed: 16 Device or resource busy\"), a kernel message, or any "
		"pasted\n"
		"text that contains one or several; - reads the text from standard input. Each one found is\n"
		"explained, then what on this host (or the capture --sysroot names) causes it, with "
		"remedies.\n\n"
		"Exit status: 0 explained, 2 nothing in the text is known, 3 usage error.",
	.formats = formats,
	.globals = VC_G_SYSROOT | VC_G_VERBOSE | VC_G_COLOR | VC_G_LOAD_MSR,
	.usage_exit = VC_EXIT_USAGE,
	.run = explain_run,
};
