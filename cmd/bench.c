/* virtcheck bench: runs the micro-VMM benchmarks (vmm/bench.c) and writes what they measured as a
 * virtcheck.bench/1 document (vmm/bench_doc.c) in any format (lib/render/bench.c); --from re-renders
 * one and --compare compares two. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/base/lazymath.h"
#include "lib/render/bench.h"
#include "lib/render/render.h"
#include "lib/verdict/run.h"

/* Exit status (documented in man/virtcheck-bench.1; stable). */
enum {
	BENCH_EXIT_OK = 0,     /* everything measured / no significant regression */
	BENCH_EXIT_FAILED = 1, /* a benchmark failed / --compare: a significant regression */
	BENCH_EXIT_NO_KVM = 2, /* /dev/kvm is not usable here: nothing measured */
	BENCH_EXIT_USAGE = 3,  /* bad options or an unreadable input file */
	BENCH_EXIT_HOSTS = 4,  /* --compare: the two runs come from different hosts (CPU, kernel, backend) */
};

/* ---- running ---- */

struct progress {
	struct bench_at at;
	bool on;
};

static void on_progress(void *ud, const struct bench_def *d, double fraction)
{
	struct progress *p = ud;

	if (p->on)
		fprintf(stderr, "\r\033[K[%2zu/%zu] %-18s %3.0f%%", p->at.index + 1, p->at.total, d->name,
			fraction * 100);
}

/* Why there is nothing to measure: the probes' warnings and errors, as the report shows them. */
static void explain_no_kvm(const struct vc_cmd *cmd, const struct vc_ctx *ctx, int err)
{
	struct vc_render_opts ro = { .width = vc_text_width(STDERR_FILENO) };

	vc_error(cmd, "/dev/kvm is not usable here (%s); nothing was measured.", strerror(err));
	for (size_t i = 0; i < ctx->findings.n; i++)
		if (ctx->findings.v[i].severity >= VC_SEV_WARNING)
			vc_render_finding(stderr, &ctx->findings.v[i], &ro);
}

static void list_benchmarks(FILE *f)
{
	for (size_t i = 0; i < bench_ndefs; i++)
		fprintf(f, "  %-18s %s%s\n", bench_defs[i].name, bench_defs[i].what,
			bench_defs[i].extended ? " (not in the default suite)" : "");
}

/* What the probes say about this machine, for the document (and, without KVM, why). */
static void host_facts(struct vc_ctx *ctx, struct bench_doc_host *host, const struct bench_env *env)
{
	const struct vc_facts *f = &ctx->facts;

	vc_run(ctx,
	       VC_P(VC_PROBE_CPUID) | VC_P(VC_PROBE_MODULES) | VC_P(VC_PROBE_KVM) |
		       VC_P(VC_PROBE_ENVIRONMENT),
	       false);
	host->cpu = f->cpuid.available ? f->cpuid.brand : NULL;
	host->vendor = f->cpuid.available ? f->cpuid.vendor : NULL;
	host->kernel = f->kernel;
	host->kvm_backend = f->kvm.backend;
	host->outer_hypervisor = f->environment.outer_hypervisor;
	host->online_cpus = sysconf(_SC_NPROCESSORS_ONLN);
	host->env = env;
}

static int parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return errno || end == s || *end || !isfinite(*out) || *out < 0 ? -EINVAL : 0;
}

enum {
	OPT_OUTPUT = 300,
	OPT_TIME,
	OPT_CPU,
	OPT_VCPUS,
	OPT_FROM,
	OPT_COMPARE,
	OPT_THRESHOLD,
	OPT_QUICK,
	OPT_LIST,
	OPT_BUDGET,
	OPT_PRECISION,
	OPT_REPETITIONS,
	OPT_CLAIMS,
};

static const struct option options[] = {
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "time", required_argument, NULL, OPT_TIME },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "vcpus", required_argument, NULL, OPT_VCPUS },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "compare", no_argument, NULL, OPT_COMPARE },
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "quick", no_argument, NULL, OPT_QUICK },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "budget", required_argument, NULL, OPT_BUDGET },
	{ "precision", required_argument, NULL, OPT_PRECISION },
	{ "repetitions", required_argument, NULL, OPT_REPETITIONS },
	{ "claims", no_argument, NULL, OPT_CLAIMS },
	{},
};

struct args {
	struct bench_opts bo;
	const char *output, *from;
	bool compare, list, claims, threshold_given;
	bool run_options;     /* --time, --cpu, --vcpus, --quick, --budget, --precision, --repetitions */
	bool quick, sampling; /* sampling: --time, --budget, --precision, --repetitions */
	double threshold;
	/* the operands: --compare's OLD and NEW, or the benchmarks a run selects (none: the default
	 * suite) */
	const char *cmp_old, *cmp_new;
	bool selected[64];
	size_t nnames;
};

static int option(const struct vc_cmd *cmd, int opt, const char *arg, void *ud)
{
	struct args *a = ud;
	uint32_t v;

	switch (opt) {
	case OPT_OUTPUT:
	case 'o':
		a->output = arg;
		break;
	case OPT_FROM:
		a->from = arg;
		break;
	case OPT_COMPARE:
		a->compare = true;
		break;
	case OPT_LIST:
		a->list = true;
		break;
	case OPT_CLAIMS:
		a->claims = true;
		break;
	case OPT_TIME:
		if (parse_double(arg, &a->bo.seconds) < 0 || a->bo.seconds > 600)
			return vc_usage_error(cmd, "--time wants seconds per benchmark (0-600), not '%s'",
					      arg);
		a->run_options = a->sampling = true;
		break;
	case OPT_BUDGET:
		if (parse_double(arg, &a->bo.budget) < 0 || a->bo.budget < 1 || a->bo.budget > 3600)
			return vc_usage_error(cmd, "--budget wants the suite's seconds (1-3600), not '%s'",
					      arg);
		a->run_options = a->sampling = true;
		break;
	case OPT_PRECISION:
		if (parse_double(arg, &a->bo.precision) < 0 || a->bo.precision < 0.1 || a->bo.precision > 50)
			return vc_usage_error(
				cmd, "--precision wants a half-width in percent (0.1-50), not '%s'", arg);
		a->bo.precision /= 100;
		a->run_options = a->sampling = true;
		break;
	case OPT_REPETITIONS:
		if (parse_u32(arg, 10, &v) < 0 || v < 1 || v > BENCH_MAX_REPS)
			return vc_usage_error(cmd, "--repetitions: bad number '%s' (1-%d)", arg,
					      BENCH_MAX_REPS);
		a->bo.repetitions = v;
		a->run_options = a->sampling = true;
		break;
	case OPT_THRESHOLD:
		if (parse_double(arg, &a->threshold) < 0 || a->threshold > 100)
			return vc_usage_error(cmd, "--threshold wants a percentage, not '%s'", arg);
		a->threshold /= 100;
		a->threshold_given = true;
		break;
	case OPT_CPU:
		if (parse_u32(arg, 10, &v) < 0 || v > 4096)
			return vc_usage_error(cmd, "--cpu: bad CPU number '%s'", arg);
		a->bo.cpu = (int)v;
		a->run_options = true;
		break;
	case OPT_VCPUS:
		if (parse_u32(arg, 10, &v) < 0 || v < 1 || v > 8)
			return vc_usage_error(cmd, "--vcpus: bad number '%s' (1-8)", arg);
		a->bo.vcpus = v;
		a->run_options = true;
		break;
	case OPT_QUICK:
		a->quick = a->run_options = true;
		break;
	default:
		return vc_usage_error(cmd, "unknown option");
	}
	return -1;
}

/* Re-renders a saved document (--from), or compares two (--compare OLD NEW). */
static int from_documents(const struct vc_cmd *cmd, const struct args *a, const char *cmp_old,
			  const char *cmp_new, enum bench_format fmt, bool verbose)
{
	const char *from = a->from;
	struct vc_out out;
	struct bench_doc old = { 0 }, new = { 0 };
	struct bench_compare cmp = { 0 };
	char err[256];
	const char *bad = NULL;
	int ret;

	if (cmp_old && bench_doc_load(cmp_old, &old, err, sizeof(err)) < 0)
		bad = cmp_old;
	else if (bench_doc_load(cmp_old ? cmp_new : from, &new, err, sizeof(err)) < 0)
		bad = cmp_old ? cmp_new : from;
	if (bad) {
		vc_error(cmd, "%s: %s", bad, err);
		bench_doc_free(&old);
		return BENCH_EXIT_USAGE;
	}
	if (cmp_old && (!old.n || !new.n)) {
		vc_error(cmd, "%s: no benchmarks: nothing to compare", !old.n ? cmp_old : cmp_new);
		bench_doc_free(&old);
		bench_doc_free(&new);
		return BENCH_EXIT_USAGE;
	}
	if (cmp_old && fmt == BENCH_FMT_HTML) {
		vc_error(cmd, "--compare writes text, json or markdown");
		bench_doc_free(&old);
		bench_doc_free(&new);
		return BENCH_EXIT_USAGE;
	}
	if (cmp_old)
		bench_compare(&old, &new, a->threshold, &cmp);
	if (vc_out_open(cmd, &out, a->output) == 0) {
		if (cmp_old)
			bench_render_compare(out.f, &cmp, fmt);
		else if (a->claims)
			bench_render_claims(out.f, &new, fmt);
		else
			bench_render(out.f, &new, fmt, verbose);
	}
	/* what makes the comparison fail, said on stderr whatever the format */
	for (size_t i = 0; i < cmp.n; i++)
		if (!strcmp(cmp.c[i].verdict, "missing") || !strcmp(cmp.c[i].verdict, "failed"))
			vc_error(cmd, "%s: %s", cmp.c[i].name,
				 !strcmp(cmp.c[i].verdict, "missing") ? "in OLD but not in NEW"
								      : "failed in NEW (status not ok)");
	if (cmp.host_diff[0])
		vc_error(cmd, "the runs come from different hosts (%s): timings compare only side by side",
			 cmp.host_diff);
	ret = vc_out_close(cmd, &out) < 0		     ? BENCH_EXIT_USAGE
	      : cmp.regressions || cmp.missing || cmp.failed ? BENCH_EXIT_FAILED
	      : cmp.host_diff[0]			     ? BENCH_EXIT_HOSTS
							     : BENCH_EXIT_OK;
	bench_compare_free(&cmp);
	bench_doc_free(&old);
	bench_doc_free(&new);
	return ret;
}

/* Measures this machine: the benchmarks selected (NULL: the default suite). */
static int live_run(const struct vc_cmd *cmd, struct args *a, const bool *selected, enum bench_format fmt,
		    bool verbose)
{
	struct progress prog = { .on = isatty(STDERR_FILENO) };
	struct bench_opts bo = a->bo;
	struct vc_host *h = NULL;
	struct bench_env env = { 0 };
	struct bench_doc_host host;
	struct bench_doc doc;
	struct vc_val *json;
	struct vc_ctx *ctx;
	int fd, r, ret;
	struct vc_out out;
	size_t failed;

	r = vc_host_new_live(&h);
	if (r < 0) {
		vc_error(cmd, "%s", strerror(-r));
		return BENCH_EXIT_USAGE;
	}
	ctx = vc_ctx_new(h);
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	r = fd < 0 ? -errno : bench_begin(&bo, &env);
	if (fd >= 0)
		close(fd);
	if (r < 0) {
		if (fd < 0) {
			host_facts(ctx, &host, NULL); /* run for its findings */
			explain_no_kvm(cmd, ctx, -r);
		} else {
			vc_error(cmd, "pinning to CPU %d: %s", bo.cpu, strerror(-r));
		}
		vc_ctx_free(ctx);
		vc_host_free(h);
		return fd < 0 ? BENCH_EXIT_NO_KVM : BENCH_EXIT_USAGE;
	}
	host_facts(ctx, &host, &env);
	json = bench_doc_new(VC_VERSION, &host, h, &bo);
	vc_ctx_free(ctx);
	vc_host_free(h);
	bo.progress = on_progress;
	bo.ud = &prog;
	failed = bench_doc_run(json, selected, &bo, &env, &prog.at);
	if (prog.on)
		fputs("\r\033[K", stderr);
	bench_doc_view(json, &doc);
	if (vc_out_open(cmd, &out, a->output) == 0) {
		if (a->claims)
			bench_render_claims(out.f, &doc, fmt);
		else
			bench_render(out.f, &doc, fmt, verbose);
	}
	ret = vc_out_close(cmd, &out) < 0 ? BENCH_EXIT_USAGE : failed ? BENCH_EXIT_FAILED : BENCH_EXIT_OK;
	bench_doc_free(&doc);
	return ret;
}

/* The command line, into *a. */
static int parse(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o, struct args *a)
{
	int first, ret;

	*a = (struct args){ .threshold = BENCH_COMPARE_THRESHOLD };
	bench_opts_default(&a->bo);
	ret = vc_cmd_parse(cmd, argc, argv, o, option, a, &first);
	if (ret >= 0)
		return ret;
	/* what a mode would ignore is a mistake to say, not to drop */
	if (a->list && (argc > 2 || first < argc))
		return vc_usage_error(cmd, "--list takes nothing else");
	if (a->list)
		return -1;
	if (a->from && a->compare)
		return vc_usage_error(
			cmd, "--from re-renders one report, --compare compares two: one or the other");
	if ((a->from || a->compare) && a->run_options)
		return vc_usage_error(
			cmd, "--time, --cpu, --vcpus and --quick are for a run, not for saved reports");
	if (a->threshold_given && !a->compare)
		return vc_usage_error(cmd, "--threshold goes with --compare");
	if (a->quick && a->sampling)
		return vc_usage_error(cmd,
				      "--quick is a smoke run without intervals: not with --time, --budget, "
				      "--precision or --repetitions");
	if (a->claims && a->compare)
		return vc_usage_error(cmd, "--claims shows one report's claims, not a comparison");
	if (a->quick) {
		/* a smoke run: every benchmark, briefly (the tests' mode); no intervals, and no budget
		 * to cut one short before its 3 samples (a loaded TCG guest of check-vm spent the
		 * default 12 s before exit.pio started) */
		a->bo.budget = 0;
		a->bo.seconds = 0;
		a->bo.min_pairs = 3;
		a->bo.warmup = 1;
		a->bo.scale = 0.05;
		a->bo.intervals = false;
	}
	if (a->compare && argc - first != 2)
		return vc_usage_error(cmd, "--compare needs OLD.json and NEW.json");
	if (a->from && first < argc)
		return vc_usage_error(cmd, "--from re-renders a saved report; no benchmark names with it");
	if (a->compare) {
		a->cmp_old = argv[first];
		a->cmp_new = argv[first + 1];
		return -1;
	}
	for (int i = first; i < argc; i++) {
		bool any = false;

		for (size_t k = 0; k < bench_ndefs && k < ARRAY_SIZE(a->selected); k++)
			if (bench_selects(&bench_defs[k], argv[i]))
				any = a->selected[k] = true;
		if (!any) {
			vc_error(cmd, "no benchmark '%s'. There are:", argv[i]);
			list_benchmarks(stderr);
			return cmd->usage_exit;
		}
		a->nnames++;
	}
	return -1;
}

static int bench_check(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	struct args a;

	return parse(cmd, argc, argv, o, &a);
}

static int bench_run_cmd(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	struct args a;
	enum bench_format fmt;
	char why[256];
	int ret = parse(cmd, argc, argv, o, &a);

	if (ret >= 0)
		return ret;
	fmt = (enum bench_format)vc_cmd_format(cmd, o);
	if (a.list) {
		list_benchmarks(stdout);
		return BENCH_EXIT_OK;
	}
	/* the statistics need libm: without it they would be NaN, said as plausible numbers */
	if (vc_libm_load(why, sizeof(why)) < 0) {
		vc_error(cmd,
			 "libm.so.6 cannot be loaded (%s): install the package libc6; nothing was measured.",
			 why);
		return BENCH_EXIT_FAILED;
	}
	if (a.from || a.compare)
		return from_documents(cmd, &a, a.cmp_old, a.cmp_new, fmt, o->verbose);
	return live_run(cmd, &a, a.nnames ? a.selected : NULL, fmt, o->verbose);
}

static const char *const formats[] = { "text", "json", "markdown", "html", NULL };

const struct vc_cmd cmd_bench = {
	.name = "bench",
	.summary = "measure virtualization overhead and exit latencies with a built-in micro-VMM",
	.synopsis = "[NAME...] [--format text|json|markdown|html] [--output FILE] [--budget SECONDS]\n"
		    "[--precision PCT] [--repetitions K] [--time SECONDS] [--quick] [--cpu N] [--vcpus N] "
		    "[--verbose]\n"
		    "--from REPORT.json [--format text|json|markdown|html] [--output FILE]\n"
		    "--compare OLD.json NEW.json [--threshold PCT] [--format text|json|markdown]\n"
		    "--claims [--from REPORT.json] [...]\n"
		    "--list",
	.help = "Measures virtualization overhead and exit latencies with a built-in micro-VMM on /dev/kvm.\n"
		"NAME is a benchmark or a group (cpu, memory, memory.4k, first-touch, exit, lifecycle).\n\n"
		"Options of its own:\n"
		"  -o, --output FILE     write the report to FILE (atomically)\n"
		"      --budget SECONDS  time budget of the whole run (default 12)\n"
		"      --precision PCT   stop a benchmark at this 95%-interval half-width (default 2)\n"
		"      --repetitions K   run K times in random order; their spread joins the intervals\n"
		"      --time SECONDS    first-pass time per benchmark (default: a share of the budget)\n"
		"      --quick           a short run of every benchmark (a smoke test: no intervals)\n"
		"      --cpu N           pin to CPU N (default: the quietest)\n"
		"      --vcpus N         vCPUs of cpu.smp and lifecycle.smp (1-8; default: the online CPUs)\n"
		"      --from FILE       re-render a saved JSON report\n"
		"      --compare         compare two saved JSON reports, OLD and NEW\n"
		"      --threshold PCT   with --compare: a change must exceed PCT percent (default 10)\n"
		"      --claims          the usual claims about KVM beside this host's numbers\n"
		"      --list            the benchmarks\n\n"
		"Exit status: 0 measured (--compare: no regression), 1 a benchmark failed (--compare: a\n"
		"significant regression, or NEW lacks or failed a benchmark of OLD), 2 /dev/kvm not usable,\n"
		"3 usage error or unreadable input, 4 --compare: the hosts differ (CPU, kernel, backend).",
	.formats = formats,
	.globals = VC_G_VERBOSE,
	.options = options,
	.shortopts = "o:",
	.usage_exit = BENCH_EXIT_USAGE,
	.run = bench_run_cmd,
	.check = bench_check,
};
