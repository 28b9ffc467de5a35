/* virtcheck bench: runs the micro-VMM benchmarks (vmm/bench.c) and writes what they measured as a
 * virtcheck.bench/1 document (vmm/bench_doc.c) in any format (lib/render/bench.c); --from re-renders
 * one and --compare compares two. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/render/bench.h"
#include "lib/verdict/run.h"

/* Exit status (documented in man/virtcheck-bench.1; stable). */
enum {
	BENCH_EXIT_OK = 0,     /* everything measured / no significant regression */
	BENCH_EXIT_FAILED = 1, /* a benchmark failed / --compare: a significant regression */
	BENCH_EXIT_NO_KVM = 2, /* /dev/kvm is not usable here: nothing measured */
	BENCH_EXIT_USAGE = 3,  /* bad options or an unreadable input file */
};

/* ---- running ---- */

struct progress {
	size_t index, total;
	bool on;
};

static void on_progress(void *ud, const struct bench_def *d, double fraction)
{
	struct progress *p = ud;

	if (p->on)
		fprintf(stderr, "\r\033[K[%2zu/%zu] %-18s %3.0f%%", p->index + 1, p->total, d->name,
			fraction * 100);
}

/* Why there is nothing to measure, from the probes. */
static void explain_no_kvm(const struct vc_ctx *ctx, int err)
{
	fprintf(stderr, "virtcheck bench: /dev/kvm is not usable here (%s); nothing was measured.\n",
		strerror(err));
	for (size_t i = 0; i < ctx->findings.n; i++) {
		const struct vc_finding *fd = &ctx->findings.v[i];

		if (fd->severity < VC_SEV_WARNING)
			continue;
		fprintf(stderr, "  %s: %s\n", fd->id, fd->message);
		if (fd->remedy)
			fprintf(stderr, "    fix: %s\n", fd->remedy);
	}
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

static void usage(FILE *f)
{
	fputs("Usage: virtcheck bench [NAME...] [--format text|json|markdown|html] [--output FILE]\n"
	      "                       [--time SECONDS] [--quick] [--cpu N] [--vcpus N] [--verbose]\n"
	      "       virtcheck bench --from REPORT.json [--format ...]\n"
	      "       virtcheck bench --compare OLD.json NEW.json [--threshold PCT] [--format "
	      "text|json|markdown]\n"
	      "       virtcheck bench --list\n\n"
	      "Measures virtualization overhead and exit latencies with a built-in micro-VMM on /dev/kvm.\n"
	      "NAME is a benchmark or a group (cpu, memory, memory.4k, first-touch, exit, lifecycle).\n"
	      "Exit status: 0 measured (compare: no regression), 1 a benchmark failed (compare: a\n"
	      "significant regression), 2 /dev/kvm not usable, 3 usage error or unreadable "
	      "input.\n\nBenchmarks:\n",
	      f);
	list_benchmarks(f);
}

static int parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return errno || end == s || *end || !isfinite(*out) || *out < 0 ? -EINVAL : 0;
}

/* --output FILE is written atomically (a report a CI job keeps is never half written). */
static char *out_data;
static size_t out_len;

static FILE *open_output(const char *output)
{
	return output ? open_memstream(&out_data, &out_len) : stdout;
}

static int finish_output(FILE *f, const char *output)
{
	int r;

	if (f == stdout)
		return fflush(f) == 0 ? 0 : -EIO;
	if (fclose(f) != 0)
		return -EIO;
	r = vc_write_file_atomic(output, out_data, out_len, 0644, false);
	free(out_data);
	out_data = NULL;
	if (r < 0)
		fprintf(stderr, "virtcheck bench: %s: %s\n", output, strerror(-r));
	return r;
}

static int bench_main(int argc, char **argv, struct vc_opts *o)
{
	struct bench_opts bo;
	enum bench_format fmt = o->format == VC_FORMAT_JSON ? BENCH_FMT_JSON : BENCH_FMT_TEXT;
	const char *output = NULL, *from = NULL, *cmp_old = NULL, *cmp_new = NULL;
	const char *names[64];
	size_t nnames = 0;
	double threshold = 0.02;
	bool selected[64] = { false };
	int ret;

	bench_opts_default(&bo);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		static const char *const valued[] = { "--format", "--output", "--time",	    "--cpu",
						      "--vcpus",  "--from",   "--threshold" };

		for (size_t k = 0; k < ARRAY_SIZE(valued); k++) {
			size_t n = strlen(valued[k]);

			if (!strncmp(a, valued[k], n) && (a[n] == '=' || a[n] == '\0')) {
				if (a[n] == '=')
					val = a + n + 1;
				else if (i + 1 < argc)
					val = argv[++i];
				else {
					fprintf(stderr, "virtcheck bench: %s needs a value\n", a);
					return BENCH_EXIT_USAGE;
				}
				break;
			}
		}
		if (val && startswith(a, "--format")) {
			size_t k;

			for (k = 0; k < _BENCH_FMT_MAX && strcmp(val, bench_format_names[k]) != 0; k++)
				;
			if (k == _BENCH_FMT_MAX) {
				fprintf(stderr,
					"virtcheck bench: unknown format '%s' (text, json, markdown, html)\n",
					val);
				return BENCH_EXIT_USAGE;
			}
			fmt = (enum bench_format)k;
		} else if (val && startswith(a, "--output")) {
			output = val;
		} else if (val && startswith(a, "--from")) {
			from = val;
		} else if (val && startswith(a, "--time")) {
			if (parse_double(val, &bo.seconds) < 0 || bo.seconds > 600) {
				fprintf(stderr,
					"virtcheck bench: --time wants seconds per benchmark (0-600), not "
					"'%s'\n",
					val);
				return BENCH_EXIT_USAGE;
			}
		} else if (val && startswith(a, "--threshold")) {
			if (parse_double(val, &threshold) < 0 || threshold > 100) {
				fprintf(stderr, "virtcheck bench: --threshold wants a percentage, not '%s'\n",
					val);
				return BENCH_EXIT_USAGE;
			}
			threshold /= 100;
		} else if (val && (startswith(a, "--cpu") || startswith(a, "--vcpus"))) {
			uint32_t v;

			if (parse_u32(val, 10, &v) < 0 || (startswith(a, "--vcpus") && (v < 1 || v > 8)) ||
			    v > 4096) {
				fprintf(stderr, "virtcheck bench: %s: bad number '%s'%s\n", a, val,
					startswith(a, "--vcpus") ? " (1-8)" : "");
				return BENCH_EXIT_USAGE;
			}
			if (startswith(a, "--cpu"))
				bo.cpu = (int)v;
			else
				bo.vcpus = v;
		} else if (!strcmp(a, "--quick")) {
			/* a smoke run: every benchmark, briefly (the tests' mode) */
			bo.seconds = 0;
			bo.min_pairs = 3;
			bo.warmup = 1;
			bo.scale = 0.05;
		} else if (!strcmp(a, "--compare")) {
			if (i + 2 >= argc) {
				fprintf(stderr, "virtcheck bench: --compare needs OLD.json and NEW.json\n");
				return BENCH_EXIT_USAGE;
			}
			cmp_old = argv[++i];
			cmp_new = argv[++i];
		} else if (!strcmp(a, "--list")) {
			list_benchmarks(stdout);
			return BENCH_EXIT_OK;
		} else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
			o->verbose = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return BENCH_EXIT_OK;
		} else if (a[0] == '-') {
			fprintf(stderr, "virtcheck bench: unknown option '%s'\n", a);
			usage(stderr);
			return BENCH_EXIT_USAGE;
		} else {
			bool any = false;

			for (size_t k = 0; k < bench_ndefs; k++)
				if (bench_selects(&bench_defs[k], a))
					any = selected[k] = true;
			if (!any) {
				fprintf(stderr, "virtcheck bench: no benchmark '%s'. There are:\n", a);
				list_benchmarks(stderr);
				return BENCH_EXIT_USAGE;
			}
			if (nnames < ARRAY_SIZE(names))
				names[nnames++] = a;
		}
	}

	if (cmp_old || from) {
		struct bench_doc old = { 0 }, new = { 0 };
		struct bench_compare cmp = { 0 };
		char err[256];
		const char *bad = NULL;
		FILE *f;

		if (cmp_old && bench_doc_load(cmp_old, &old, err, sizeof(err)) < 0)
			bad = cmp_old;
		else if (bench_doc_load(cmp_old ? cmp_new : from, &new, err, sizeof(err)) < 0)
			bad = cmp_old ? cmp_new : from;
		if (bad) {
			fprintf(stderr, "virtcheck bench: %s: %s\n", bad, err);
			bench_doc_free(&old);
			return BENCH_EXIT_USAGE;
		}
		if (cmp_old && fmt == BENCH_FMT_HTML) {
			fprintf(stderr, "virtcheck bench: --compare writes text, json or markdown\n");
			bench_doc_free(&old);
			bench_doc_free(&new);
			return BENCH_EXIT_USAGE;
		}
		f = open_output(output);
		if (f) {
			if (cmp_old) {
				bench_compare(&old, &new, threshold, &cmp);
				bench_render_compare(f, &cmp, fmt);
			} else {
				bench_render(f, &new, fmt, o->verbose);
			}
		}
		ret = !f || finish_output(f, output) < 0 ? BENCH_EXIT_USAGE
		      : cmp.regressions			 ? BENCH_EXIT_FAILED
							 : BENCH_EXIT_OK;
		bench_compare_free(&cmp);
		bench_doc_free(&old);
		bench_doc_free(&new);
		return ret;
	}

	/* a live run */
	{
		struct vc_host *h = NULL;
		struct vc_ctx *ctx;
		struct bench_env env = { 0 };
		struct bench_doc_host host;
		struct bench_doc doc;
		struct vc_val *json;
		struct progress prog = { .on = isatty(STDERR_FILENO) };
		size_t failed = 0;
		double t0;
		struct timespec ts;
		int fd, r;
		FILE *f;

		if (o->sysroot) {
			fprintf(stderr, "virtcheck bench: measures this machine; --sysroot does not apply "
					"(use --from REPORT.json)\n");
			return BENCH_EXIT_USAGE;
		}
		r = vc_host_new_live(&h);
		if (r < 0) {
			fprintf(stderr, "virtcheck bench: %s\n", strerror(-r));
			return BENCH_EXIT_USAGE;
		}
		ctx = vc_ctx_new(h);
		fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			int err = errno;

			host_facts(ctx, &host, NULL); /* run for its findings */
			explain_no_kvm(ctx, err);
			vc_ctx_free(ctx);
			vc_host_free(h);
			return BENCH_EXIT_NO_KVM;
		}
		close(fd);
		r = bench_begin(&bo, &env);
		if (r < 0) {
			fprintf(stderr, "virtcheck bench: pinning to CPU %d: %s\n", bo.cpu, strerror(-r));
			vc_ctx_free(ctx);
			vc_host_free(h);
			return BENCH_EXIT_USAGE;
		}
		host_facts(ctx, &host, &env);
		json = bench_doc_new(VC_VERSION, &host, h, &bo);
		vc_ctx_free(ctx);
		vc_host_free(h);

		for (size_t k = 0; k < bench_ndefs; k++)
			prog.total += nnames ? selected[k] : !bench_defs[k].extended;
		bo.progress = on_progress;
		bo.ud = &prog;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		t0 = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
		for (size_t k = 0; k < bench_ndefs; k++) {
			struct bench_result res;

			if (nnames ? !selected[k] : bench_defs[k].extended)
				continue;
			on_progress(&prog, &bench_defs[k], 0);
			bench_run(&bench_defs[k], &bo, &env, &res);
			failed += res.status != 0;
			bench_doc_add(json, &res);
			bench_result_free(&res);
			prog.index++;
		}
		if (prog.on)
			fputs("\r\033[K", stderr);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		bench_doc_finish(json, (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 - t0,
				 !nnames && bo.scale == 1.0);
		bench_doc_view(json, &doc);
		f = open_output(output);
		if (f)
			bench_render(f, &doc, fmt, o->verbose);
		ret = !f || finish_output(f, output) < 0 ? BENCH_EXIT_USAGE
		      : failed				 ? BENCH_EXIT_FAILED
							 : BENCH_EXIT_OK;
		bench_doc_free(&doc);
		return ret;
	}
}

const struct vc_cmd cmd_bench = {
	.name = "bench",
	.run = bench_main,
	.help = "measure virtualization overhead and exit latencies with a built-in micro-VMM",
};
