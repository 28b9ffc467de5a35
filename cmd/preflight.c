/* virtcheck preflight: the CI gate for jobs that need KVM (and friends), in milliseconds. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/act/fix.h"
#include "lib/model/journal.h"
#include "lib/render/preflight.h"
#include "lib/verdict/knowledge.h"
#include "lib/verdict/preflight.h"

#define MAX_REQS 32

enum { OPT_REQUIRE = 300, OPT_OUTPUT, OPT_FIX, OPT_YES, OPT_UNDO, OPT_QUIET };

static const struct option options[] = {
	{ "require", required_argument, NULL, OPT_REQUIRE },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "fix", no_argument, NULL, OPT_FIX },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "undo", no_argument, NULL, OPT_UNDO },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{},
};

struct args {
	struct vc_req rqs[MAX_REQS];
	size_t n;
	const char *output;
	bool fix, yes, undo, quiet;
};

static int option(const struct vc_cmd *cmd, int opt, const char *arg, void *ud)
{
	struct args *a = ud;

	switch (opt) {
	case OPT_REQUIRE:
	case 'r': {
		char *copy, *save = NULL;
		size_t before = a->n;
		int ret = -1;

		if (!strcmp(arg, "help")) {
			vc_req_list(stdout);
			return VC_PF_MET;
		}
		copy = xstrdup(arg);
		for (char *t = strtok_r(copy, ",", &save); t && ret < 0; t = strtok_r(NULL, ",", &save)) {
			int r;

			if (a->n == MAX_REQS) {
				ret = vc_usage_error(cmd, "more than %d requirements", MAX_REQS);
				break;
			}
			r = vc_req_parse(strstrip(t), &a->rqs[a->n]);
			if (r < 0) {
				vc_error(cmd, "%s requirement '%s'. Valid ones:",
					 r == -ENOENT ? "unknown" : "malformed", t);
				vc_req_list(stderr);
				ret = cmd->usage_exit;
			}
			a->n++;
		}
		/* an empty CI variable must not quietly become the default gate */
		if (ret < 0 && a->n == before)
			ret = vc_usage_error(cmd, "--require '%s' names no requirement", arg);
		free(copy);
		return ret;
	}
	case OPT_OUTPUT:
	case 'o':
		a->output = arg;
		return -1;
	case OPT_FIX:
		a->fix = true;
		return -1;
	case OPT_YES:
	case 'y':
		a->yes = true;
		return -1;
	case OPT_UNDO:
		a->undo = true;
		return -1;
	case OPT_QUIET:
	case 'q':
		a->quiet = true;
		return -1;
	default:
		return vc_usage_error(cmd, "unknown option");
	}
}

/* GitHub's step summary, appended as GitHub expects: several steps share the file. */
static void step_summary(const struct vc_cmd *cmd, const struct vc_outcome *o, size_t n, size_t unmet)
{
	const char *summary = secure_getenv("GITHUB_STEP_SUMMARY");
	int fd;
	FILE *s;

	if (!summary || !*summary)
		return;
	fd = open(summary, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	s = fd >= 0 ? fdopen(fd, "a") : NULL;
	if (!s) {
		if (fd >= 0)
			close(fd);
		vc_error(cmd, "GITHUB_STEP_SUMMARY %s: %s", summary, strerror(errno));
		return;
	}
	vc_render_preflight_summary(s, o, n, unmet);
	fclose(s);
}

/* The user --fix puts in the kvm group: the one behind sudo, or this user when not root. */
static const char *fix_user(struct vc_ctx *ctx)
{
	const struct vc_identity *id = NULL;

	if (vc_host_invoker(ctx->host, &id) == 0 && id)
		return id->user;
	if (vc_host_identity(ctx->host, &id) == 0 && id->euid != 0)
		return id->user;
	return NULL;
}

static double since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The command line, into *a (the default requirements when none is given); acts on nothing. */
static int parse(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o, struct args *a)
{
	int first, ret = vc_cmd_parse(cmd, argc, argv, o, option, a, &first);

	if (ret >= 0)
		return ret;
	if (first < argc)
		return vc_usage_error(cmd, "unexpected argument '%s'", argv[first]);
	if (a->undo && !a->fix)
		return vc_usage_error(cmd, "--undo goes with --fix: preflight --fix --undo");
	if (a->yes && !a->fix)
		return vc_usage_error(cmd, "--yes confirms --fix, and --fix was not given");
	if (a->undo && (a->yes || a->n || a->output || a->quiet || o->format || o->passive ||
			(o->given & (VC_G_VERBOSE | VC_G_COLOR | VC_G_LOAD_MSR))))
		return vc_usage_error(cmd, "--fix --undo takes no other option (--yes, --require, "
					   "--output, --quiet, --format, --verbose, --color, --load-msr, "
					   "--passive)");
	if (a->fix && (a->yes || a->undo) && (o->sysroot || geteuid() != 0))
		return vc_usage_error(cmd, "--fix %s changes this machine: it needs root and no --sysroot",
				      a->undo ? "--undo" : "--yes");
	if (a->fix && a->yes && o->passive)
		return vc_usage_error(cmd, "--fix --yes changes this machine; --passive changes nothing");
	if (!a->n) {
		vc_req_parse("kvm", &a->rqs[a->n++]);
		vc_req_parse("no-conflict", &a->rqs[a->n++]);
	}
	return -1;
}

static int preflight_check(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	struct args a = { 0 };

	return parse(cmd, argc, argv, o, &a);
}

static int preflight_run(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	struct args a = { 0 };
	struct vc_outcome out[MAX_REQS];
	struct vc_host *h = NULL;
	struct vc_ctx *ctx = NULL;
	enum vc_pf_format fmt;
	struct timespec t0;
	size_t unmet;
	unsigned fixable;
	struct vc_out res;
	FILE *fixout;
	bool fixing, changed = false;
	int refused = 0;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = parse(cmd, argc, argv, o, &a);
	if (ret >= 0)
		return ret;
	if (a.undo)
		return vc_fix_undo(&vc_fix_real_ops, stdout);
	fmt = (enum vc_pf_format)vc_cmd_format(cmd, o);
	ret = vc_open_host(cmd, o, &h);
	if (ret)
		return ret;
	unmet = vc_preflight(h, a.rqs, a.n, &ctx, out, &fixable);
	/* what --fix says goes to standard error when standard output carries JSON, XML or TAP */
	fixout = fmt == VC_PF_TEXT && !a.output ? stdout : stderr;
	fixing = a.fix && a.yes && unmet && fixable;
	/* an unfinished fix is said by every run on this machine (--fix --yes says it itself) */
	if (!o->sysroot && !fixing)
		vc_fix_pending(&vc_fix_real_ops, stderr);
	if (a.fix && unmet && fixable) {
		struct vc_fix_req req = { .fix = fixable,
					  .user = fix_user(ctx),
					  .vendor = vc_facts_kvm_vendor_module(&ctx->facts) };

		/* in a CI job the fix gives every user access (the knowledge row access_ci_udev_rule):
		 * a job cannot log in again (the environment probe says where this runs: kvm and kvm-rw,
		 * the requirements --fix gives access for, run it) */
		if (vc_knowledge_remedy_is(&ctx->facts, "access_ci_udev_rule"))
			req.ci = ctx->facts.environment.ci;

		if (fixing)
			refused = vc_fix_apply(&req, &vc_fix_real_ops, fixout, &changed);
		else
			vc_fix_show(&req, fixout);
	}
	if (changed) {
		/* re-check on a fresh look at the machine */
		vc_outcomes_free(out, a.n);
		vc_ctx_free(ctx);
		vc_host_free(h);
		fprintf(fixout, "re-checking:\n");
		ret = vc_open_host(cmd, o, &h);
		if (ret)
			return ret;
		unmet = vc_preflight(h, a.rqs, a.n, &ctx, out, &fixable);
	} else if (a.fix && unmet && !fixable) {
		fprintf(fixout,
			"--fix: nothing here can be fixed without stopping VMs or changing firmware; see the "
			"remedies.\n");
	}

	if (vc_out_open(cmd, &res, a.output) < 0) {
		ret = cmd->usage_exit;
		goto out;
	}
	/* --quiet silences the text for people, on success; machine formats are always whole */
	if (!(a.quiet && !unmet && fmt == VC_PF_TEXT)) {
		struct vc_pf_render ro = { .color = !a.output && vc_use_color(o, STDOUT_FILENO),
					   .verbose = o->verbose,
					   .width = a.output ? 0 : vc_text_width(STDOUT_FILENO),
					   .secs = since(&t0),
					   .version = VC_VERSION };

		vc_render_preflight(res.f, fmt, ctx, out, a.n, unmet, &ro);
		if (fmt == VC_PF_GITHUB)
			step_summary(cmd, out, a.n, unmet);
	}
	ret = vc_out_close(cmd, &res) < 0 ? cmd->usage_exit
	      : refused			  ? refused
	      : unmet			  ? VC_PF_UNMET
					  : VC_PF_MET;
out:
	vc_outcomes_free(out, a.n);
	vc_ctx_free(ctx);
	vc_host_free(h);
	return ret;
}

const struct vc_cmd cmd_preflight = {
	.name = "preflight",
	.summary = "CI gate: check that KVM (and what else a job needs) works here",
	.synopsis = "[--require REQ[,REQ...]] [--format text|json|junit|tap|github] [--output FILE]\n"
		    "[--fix [--yes]] [--quiet] [--sysroot DIR] [--verbose] [--color WHEN] [--load-msr]\n"
		    "[--passive]\n"
		    "--fix --undo\n"
		    "--require help",
	.help = "Checks what a CI job needs before it starts; the default is --require kvm,no-conflict.\n\n"
		"Options of its own:\n"
		"  -r, --require REQ,...  the requirements (below); may be given several times\n"
		"  -o, --output FILE      write the result to FILE (atomically) instead of standard output\n"
		"      --fix              say what would fix the unmet requirements that can be fixed here\n"
		"  -y, --yes              with --fix: do it (root, this machine), recorded in\n"
		"                         " VC_FIX_JOURNAL " and syslog\n"
		"      --undo             with --fix: revert the last fix --fix --yes made (root)\n"
		"  -q, --quiet            text: print nothing when every requirement is met (machine "
		"formats\n"
		"                         are always written whole)\n\n"
		"Requirements:\n"
		"  kvm, kvm-rw, hw-virt, nested, no-conflict, virtualbox, iommu, vfio, vhost-net, tun,\n"
		"  kvm-backend=NAME, api>=N, cap=KVM_CAP_NAME, mem>=SIZE, cpus>=N\n"
		"  (virtcheck preflight --require help lists what each means)\n\n"
		"Exit status: 0 all met, 1 some unmet, 2 usage error or the result could not be written;\n"
		"--fix --yes: 6 nothing done (an unfinished fix is pending, or another one runs);\n"
		"--fix --undo: 0 undone (or undone already), 3 no fix recorded, 4 not all of it could be "
		"put\n"
		"back, 5 the journal is damaged.",
	.formats = vc_pf_format_names,
	.globals = VC_G_SYSROOT | VC_G_VERBOSE | VC_G_COLOR | VC_G_LOAD_MSR | VC_G_PASSIVE,
	.options = options,
	.shortopts = "r:o:yq",
	.usage_exit = VC_PF_USAGE,
	.run = preflight_run,
	.check = preflight_check,
};
