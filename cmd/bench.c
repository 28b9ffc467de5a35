/* virtcheck bench: runs the micro-VMM benchmarks (vmm/bench.c) and writes what they measured as
 * a document ("virtcheck.bench/1") that every format renders, that --from re-renders and that
 * --compare compares. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/model/report.h"
#include "lib/base/stats.h"
#include "lib/base/util.h"
#include "lib/model/val.h"
#include "lib/verdict/run.h"
#include "probes/probes.h"
#include "vmm/bench.h"
#include "cmd/cmd.h"

#define BENCH_SCHEMA   "virtcheck.bench/1"
#define COMPARE_SCHEMA "virtcheck.bench-compare/1"
#define DOC_MAX	       (64u << 20)

/* Exit status (documented in man/virtcheck-bench.1; stable). */
enum {
	BENCH_EXIT_OK = 0,     /* everything measured / no significant regression */
	BENCH_EXIT_FAILED = 1, /* a benchmark failed / --compare: a significant regression */
	BENCH_EXIT_NO_KVM = 2, /* /dev/kvm is not usable here: nothing measured */
	BENCH_EXIT_USAGE = 3,  /* bad options or an unreadable input file */
};

enum bfmt { BF_TEXT, BF_JSON, BF_MARKDOWN, BF_HTML };
static const char *const bfmt_names[] = { "text", "json", "markdown", "html" };

/* ---- the document ---- */

static const char *kind_name(enum bench_kind k)
{
	return k == BENCH_PAIRED ? "paired" : k == BENCH_AB ? "ab" : "single";
}

static struct vc_val *summary_json(const struct vc_summary *s, double cycles)
{
	struct vc_val *o = vc_obj();

	vc_obj_set(o, "median", vc_dbl(s->median));
	vc_obj_set(o, "min", vc_dbl(s->min));
	vc_obj_set(o, "p90", vc_dbl(s->p90));
	vc_obj_set(o, "mad", vc_dbl(s->mad));
	vc_obj_set(o, "mean", vc_dbl(s->mean));
	vc_obj_set(o, "cycles", vc_dbl(cycles));
	return o;
}

static struct vc_val *samples_json(const double *v, size_t n)
{
	struct vc_val *a = vc_arr();

	for (size_t i = 0; i < n; i++)
		vc_arr_push(a, vc_dbl(v[i]));
	return a;
}

static struct vc_val *result_json(const struct bench_result *r)
{
	const struct bench_def *d = r->def;
	struct vc_val *o = vc_obj(), *st, *samples;

	vc_obj_set(o, "name", vc_str(d->name));
	vc_obj_set(o, "what", vc_str(d->what));
	vc_obj_set(o, "kind", vc_str(kind_name(d->kind)));
	vc_obj_set(o, "a", vc_str(d->a));
	vc_obj_set(o, "b", vc_str(d->b));
	vc_obj_set(o, "unit", vc_str(d->unit));
	vc_obj_set(o, "cpl", vc_int(d->cpl));
	vc_obj_set(o, "guest_page_kib", d->pages ? vc_int(d->pages) : vc_null());
	vc_obj_set(o, "ops_per_sample", vc_int((int64_t)r->ops));
	vc_obj_set(o, "status", vc_str(r->status ? "failed" : "ok"));
	vc_obj_set(o, "error", r->status ? vc_str(r->why) : vc_null());
	vc_obj_set(o, "n", vc_int((int64_t)r->n));
	vc_obj_set(o, "a_ns", summary_json(&r->a, r->a_cycles));
	vc_obj_set(o, "b_ns", d->kind == BENCH_SINGLE ? vc_null() : summary_json(&r->b, r->b_cycles));
	if (d->kind != BENCH_SINGLE) {
		struct vc_val *ratio = vc_obj();

		vc_obj_set(ratio, "median", vc_dbl(r->ratio));
		vc_obj_set(ratio, "lo", vc_dbl(r->ratio_lo));
		vc_obj_set(ratio, "hi", vc_dbl(r->ratio_hi));
		vc_obj_set(o, "ratio", ratio);
	} else {
		vc_obj_set(o, "ratio", vc_null());
	}
	vc_obj_set(o, "noisy", vc_bool(r->noisy));
	vc_obj_set(o, "note", r->note[0] ? vc_str(r->note) : vc_null());
	if (r->have_stats) {
		st = vc_obj();
		for (int i = 0; i < _BSTAT_MAX; i++)
			vc_obj_set(st, bench_stat_names[i], vc_int((int64_t)r->stats[i]));
		vc_obj_set(st, "guest_ops", vc_int((int64_t)r->guest_ops));
		vc_obj_set(o, "kvm_stats", st);
	} else {
		vc_obj_set(o, "kvm_stats", vc_null());
	}
	vc_obj_set(o, "seconds", vc_dbl(r->seconds));
	samples = vc_obj();
	vc_obj_set(samples, "a", samples_json(r->a_ns, r->n));
	vc_obj_set(samples, "b", d->kind == BENCH_SINGLE ? vc_null() : samples_json(r->b_ns, r->n));
	vc_obj_set(o, "samples", samples);
	return o;
}

static const struct vc_val *find_bench(const struct vc_val *doc, const char *name)
{
	const struct vc_val *list = vc_obj_get(doc, "benchmarks");

	for (size_t i = 0; list && list->type == VC_ARR && i < list->c.n; i++)
		if (streq_ptr(vc_get_str(list->c.items[i], "name"), name))
			return list->c.items[i];
	return NULL;
}

static void target(struct vc_val *targets, const char *name, const char *what, const struct vc_val *b,
		   double value, double limit, bool le)
{
	struct vc_val *t = vc_obj();

	vc_obj_set(t, "name", vc_str(name));
	vc_obj_set(t, "what", vc_str(what));
	vc_obj_set(t, "value", vc_dbl(value));
	vc_obj_set(t, "limit", vc_dbl(limit));
	if (!b || isnan(value))
		vc_obj_set(t, "met", vc_null());
	else
		vc_obj_set(t, "met", vc_bool(le ? value <= limit : value >= limit));
	vc_arr_push(targets, t);
}

/* The targets, judged on this run (never by a timed test). */
static struct vc_val *targets_json(const struct vc_val *doc, double total, bool default_suite)
{
	struct vc_val *t = vc_arr();
	const struct vc_val *pio = find_bench(doc, "exit.pio"), *life = find_bench(doc, "lifecycle");
	const struct vc_val *ci = find_bench(doc, "cpu.int"), *cf = find_bench(doc, "cpu.fp");
	double w = NAN;

	target(t, "vmm-exit", "port-I/O exit through this VMM within 5% of a bare KVM_RUN loop (ratio)", pio,
	       vc_get_num(pio, "ratio.median"), 1.05, true);
	target(t, "vmm-lifecycle", "VM lifecycle through this VMM within 10% of the bare ioctls (ratio)",
	       life, vc_get_num(life, "ratio.median"), 1.10, true);
	if (ci && cf)
		w = fmax((vc_get_num(ci, "ratio.hi") - vc_get_num(ci, "ratio.lo")) / 2 /
				 vc_get_num(ci, "ratio.median"),
			 (vc_get_num(cf, "ratio.hi") - vc_get_num(cf, "ratio.lo")) / 2 /
				 vc_get_num(cf, "ratio.median"));
	target(t, "cpu-precision",
	       "CPU overhead known to within +-1% (95% interval half-width, worst of cpu.int and cpu.fp)",
	       ci && cf ? ci : NULL, w, 0.01, true);
	target(t, "suite-time", "the default suite finishes in under 20 s (seconds)",
	       default_suite ? doc : NULL, total, 20, true);
	return t;
}

/* ---- host facts, from the probes ---- */

static char *thp_mode(struct vc_host *h)
{
	_cleanup_(freep) char *v = NULL;
	char *open, *close;

	if (vc_host_read_value(h, "/sys/kernel/mm/transparent_hugepage/enabled", &v) < 0)
		return NULL;
	open = strchr(v, '[');
	close = open ? strchr(open, ']') : NULL;
	return open && close ? xstrndup(open + 1, (size_t)(close - open - 1)) : NULL;
}

static struct vc_val *mitigations(struct vc_host *h)
{
	struct vc_val *o = vc_obj();
	char **names = NULL;
	size_t n = 0;

	if (vc_host_list(h, "/sys/devices/system/cpu/vulnerabilities", &names, &n) < 0)
		return o;
	for (size_t i = 0; i < n; i++) {
		_cleanup_(freep) char *path =
			xasprintf("/sys/devices/system/cpu/vulnerabilities/%s", names[i]);
		_cleanup_(freep) char *v = NULL;

		if (vc_host_read_value(h, path, &v) == 0)
			vc_obj_set(o, names[i], vc_str(v));
		free(names[i]);
	}
	free(names);
	return o;
}

/* Runs the probes that say what this host is; *ctx stays for the no-KVM explanation. */
static struct vc_val *host_json(struct vc_host *h, struct vc_ctx *ctx, const struct bench_env *env)
{
	struct vc_val *o = vc_obj();
	_cleanup_(freep) char *thp = thp_mode(h);
	const char *outer;
	long online = sysconf(_SC_NPROCESSORS_ONLN);

	vc_run(ctx,
	       VC_P(VC_PROBE_CPUID) | VC_P(VC_PROBE_MODULES) | VC_P(VC_PROBE_KVM) |
		       VC_P(VC_PROBE_ENVIRONMENT),
	       false);
	outer = ctx->facts.environment.outer_hypervisor;
	vc_obj_set(o, "cpu", ctx->facts.cpuid.available ? vc_str(ctx->facts.cpuid.brand) : vc_null());
	vc_obj_set(o, "vendor", ctx->facts.cpuid.available ? vc_str(ctx->facts.cpuid.vendor) : vc_null());
	vc_obj_set(o, "kernel", vc_str(ctx->facts.kernel));
	vc_obj_set(o, "kvm_backend", vc_str(ctx->facts.kvm.backend));
	vc_obj_set(o, "nested", vc_bool(outer != NULL));
	vc_obj_set(o, "outer_hypervisor", vc_str(outer));
	vc_obj_set(o, "online_cpus", vc_int(online));
	vc_obj_set(o, "pinned_cpu", env ? vc_int(env->cpu) : vc_null());
	vc_obj_set(o, "tsc_ghz", env ? vc_dbl(env->tsc_ghz) : vc_null());
	vc_obj_set(o, "thp", vc_str(thp));
	vc_obj_set(o, "mitigations", mitigations(h));
	return o;
}

/* ---- number formatting ---- */

static const char *fmt_ns(char *b, size_t n, double ns)
{
	if (isnan(ns))
		snprintf(b, n, "-");
	else if (ns < 1e3)
		snprintf(b, n, "%.2f ns", ns);
	else if (ns < 1e6)
		snprintf(b, n, "%.2f us", ns / 1e3);
	else
		snprintf(b, n, "%.2f ms", ns / 1e6);
	return b;
}

static const char *fmt_ratio(char *b, size_t n, const struct vc_val *bm)
{
	double m = vc_get_num(bm, "ratio.median"), lo = vc_get_num(bm, "ratio.lo"),
	       hi = vc_get_num(bm, "ratio.hi");

	if (isnan(m))
		snprintf(b, n, "-");
	else
		snprintf(b, n, "%.3f [%.3f, %.3f]", m, lo, hi);
	return b;
}

/* What KVM's counters say, per guest operation: the proof column. */
static const char *fmt_proof(char *b, size_t n, const struct vc_val *bm)
{
	const struct vc_val *st = vc_obj_get(bm, "kvm_stats");
	double ops = vc_get_num(st, "guest_ops");
	size_t len = 0;
	static const char *const shown[] = { "exits",	   "io_exits",	     "mmio_exits",
					     "halt_exits", "insn_emulation", "pf_taken" };

	b[0] = '\0';
	if (!st || st->type != VC_OBJ || !(ops > 0))
		return b;
	for (size_t i = 0; i < ARRAY_SIZE(shown) && len < n; i++) {
		double v = vc_get_num(st, shown[i]);

		if (v > 0 && v / ops >= 0.001)
			len += (size_t)snprintf(b + len, n - len, "%s%s %.3g/op", len ? ", " : "", shown[i],
						v / ops);
		else if (v > 0) /* timer interrupts and the like: a count says it better */
			len += (size_t)snprintf(b + len, n - len, "%s%s %.0f in all", len ? ", " : "",
						shown[i], v);
	}
	return b;
}

static const char *S(const struct vc_val *v, const char *path, const char *fallback)
{
	const char *s = vc_get_str(v, path);

	return s ? s : fallback;
}

/* ---- renderers ---- */

static void render_text(FILE *f, const struct vc_val *doc, bool verbose)
{
	const struct vc_val *list = vc_obj_get(doc, "benchmarks"), *targets = vc_obj_get(doc, "targets");
	const struct vc_val *host = vc_obj_get(doc, "host");
	char a[32], b[32], r[64], p[160];

	fprintf(f,
		"virtcheck bench %s: %s, kernel %s, KVM backend %s%s%s, pinned to CPU %lld, TSC %.3f GHz\n",
		S(doc, "version", "?"), S(host, "cpu", "unknown CPU"), S(host, "kernel", "?"),
		S(host, "kvm_backend", "?"), vc_get_bool(host, "nested", false) ? ", nested in " : "",
		vc_get_bool(host, "nested", false) ? S(host, "outer_hypervisor", "?") : "",
		(long long)vc_get_int(host, "pinned_cpu", -1), vc_get_num(host, "tsc_ghz"));
	fprintf(f, "\n%-18s %3s %5s  %-11s %-11s %-26s %4s  %s\n", "benchmark", "CPL", "pages", "a per op",
		"b per op", "a/b [95% interval]", "n", "KVM counters per guest op");
	for (size_t i = 0; list && list->type == VC_ARR && i < list->c.n; i++) {
		const struct vc_val *bm = list->c.items[i];
		int64_t pg = vc_get_int(bm, "guest_page_kib", 0);

		if (!streq_ptr(vc_get_str(bm, "status"), "ok")) {
			fprintf(f, "%-18s FAILED: %s\n", S(bm, "name", "?"), S(bm, "error", "?"));
			continue;
		}
		fprintf(f, "%-18s %3lld %5s  %-11s %-11s %-26s %4lld  %s%s\n", S(bm, "name", "?"),
			(long long)vc_get_int(bm, "cpl", -1),
			pg == 4	     ? "4K"
			: pg == 2048 ? "2M"
				     : "-",
			fmt_ns(a, sizeof(a), vc_get_num(bm, "a_ns.median")),
			fmt_ns(b, sizeof(b), vc_get_num(bm, "b_ns.median")), fmt_ratio(r, sizeof(r), bm),
			(long long)vc_get_int(bm, "n", 0), fmt_proof(p, sizeof(p), bm),
			vc_get_bool(bm, "noisy", false)
				? "  (spread too wide: rerun on a quiet machine or with --time)"
				: "");
		if (verbose)
			fprintf(f,
				"%18s a = %s, b = %s, one op = one %s; min %s, p90 %s, MAD %s, %.1f "
				"cycles/op\n",
				"", S(bm, "a", "?"), S(bm, "b", "-"), S(bm, "unit", "op"),
				fmt_ns(a, sizeof(a), vc_get_num(bm, "a_ns.min")),
				fmt_ns(b, sizeof(b), vc_get_num(bm, "a_ns.p90")),
				fmt_ns(r, sizeof(r), vc_get_num(bm, "a_ns.mad")),
				vc_get_num(bm, "a_ns.cycles"));
		if (vc_get_str(bm, "note"))
			fprintf(f, "%18s %s\n", "", vc_get_str(bm, "note"));
	}
	fprintf(f, "\na/b: guest/native for compute and memory (the overhead), vmm/raw for this VMM's own "
		   "cost,\n"
		   "ioeventfd/emulated for a virtio doorbell against an emulated register.\n");
	if (targets && targets->type == VC_ARR && targets->c.n) {
		fprintf(f, "\nTargets:\n");
		for (size_t i = 0; i < targets->c.n; i++) {
			const struct vc_val *t = targets->c.items[i], *met = vc_obj_get(t, "met");

			fprintf(f, "  %-8s %s: %.4g (limit %.4g)\n",
				!met || met->type != VC_BOOL ? "not run"
				: met->b		     ? "met"
							     : "MISSED",
				S(t, "what", "?"), vc_get_num(t, "value"), vc_get_num(t, "limit"));
		}
	}
	fprintf(f, "\n%.1f s in all.\n", vc_get_num(doc, "seconds"));
}

static void render_markdown(FILE *f, const struct vc_val *doc)
{
	const struct vc_val *list = vc_obj_get(doc, "benchmarks"), *host = vc_obj_get(doc, "host");
	char a[32], b[32], r[64], p[160];

	fprintf(f, "### virtcheck bench\n\nHost: %s, kernel %s, KVM backend %s%s%s; pinned to CPU %lld.\n\n",
		S(host, "cpu", "?"), S(host, "kernel", "?"), S(host, "kvm_backend", "?"),
		vc_get_bool(host, "nested", false) ? ", nested in " : "",
		vc_get_bool(host, "nested", false) ? S(host, "outer_hypervisor", "?") : "",
		(long long)vc_get_int(host, "pinned_cpu", -1));
	fprintf(f, "| benchmark | CPL | a | per op | b | per op | a/b [95%% interval] | n | KVM counters per "
		   "guest op |\n");
	fprintf(f, "|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; list && list->type == VC_ARR && i < list->c.n; i++) {
		const struct vc_val *bm = list->c.items[i];

		if (!streq_ptr(vc_get_str(bm, "status"), "ok")) {
			fprintf(f, "| %s | | failed: %s | | | | | | |\n", S(bm, "name", "?"),
				S(bm, "error", "?"));
			continue;
		}
		fprintf(f, "| %s | %lld | %s | %s | %s | %s | %s%s | %lld | %s |\n", S(bm, "name", "?"),
			(long long)vc_get_int(bm, "cpl", -1), S(bm, "a", "?"),
			fmt_ns(a, sizeof(a), vc_get_num(bm, "a_ns.median")), S(bm, "b", "-"),
			fmt_ns(b, sizeof(b), vc_get_num(bm, "b_ns.median")), fmt_ratio(r, sizeof(r), bm),
			vc_get_bool(bm, "noisy", false) ? " (noisy)" : "", (long long)vc_get_int(bm, "n", 0),
			fmt_proof(p, sizeof(p), bm));
	}
}

static void html_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else
			fputc(*s, f);
	}
}

/* x position of value v on a log axis from lo to hi over width w */
static double logx(double v, double lo, double hi, double w)
{
	if (!(v > 0))
		v = lo;
	return w * (log(v) - log(lo)) / (log(hi) - log(lo));
}

static void svg_ratios(FILE *f, const struct vc_val *list)
{
	const double left = 170, w = 520, row = 22;
	double lo = 0.5, hi = 2;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < list->c.n; i++) {
		const struct vc_val *bm = list->c.items[i];
		double l = vc_get_num(bm, "ratio.lo"), h = vc_get_num(bm, "ratio.hi");

		if (isnan(vc_get_num(bm, "ratio.median")))
			continue;
		n++;
		if (l > 0 && l < lo)
			lo = l / 1.2;
		if (h > hi)
			hi = h * 1.2;
	}
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n",
		left + w + 20, row * (double)n + 50);
	fprintf(f,
		"<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" "
		"stroke-dasharray=\"4\"/>\n",
		left + logx(1, lo, hi, w), left + logx(1, lo, hi, w), row * (double)n + 15);
	for (size_t i = 0; i < list->c.n; i++) {
		const struct vc_val *bm = list->c.items[i];
		double m = vc_get_num(bm, "ratio.median"), y = 20 + row * (double)k;

		if (isnan(m))
			continue;
		k++;
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\">", left - 8,
			y + 4);
		html_text(f, S(bm, "name", "?"));
		fprintf(f,
			"</text>\n<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#36c\" "
			"stroke-width=\"3\"/>\n",
			left + logx(vc_get_num(bm, "ratio.lo"), lo, hi, w), y,
			left + logx(vc_get_num(bm, "ratio.hi"), lo, hi, w), y);
		fprintf(f,
			"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%.3f [%.3f, "
			"%.3f]</title></circle>\n",
			left + logx(m, lo, hi, w), y, vc_get_bool(bm, "noisy", false) ? "#c63" : "#124", m,
			vc_get_num(bm, "ratio.lo"), vc_get_num(bm, "ratio.hi"));
	}
	for (int e = -3; e <= 6 && ldexp(1, e) <= hi * 1.01; e++)
		if (ldexp(1, e) >= lo)
			fprintf(f,
				"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
				"font-size=\"11\">%g</text>\n",
				left + logx(ldexp(1, e), lo, hi, w), row * (double)n + 35, ldexp(1, e));
	fputs("</svg>\n", f);
}

static void svg_latencies(FILE *f, const struct vc_val *list)
{
	const double left = 170, w = 520, row = 22, lo = 100, hi = 1e7;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < list->c.n; i++) {
		const char *name = S(list->c.items[i], "name", "");

		n += startswith(name, "exit.") || startswith(name, "lifecycle");
	}
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n",
		left + w + 20, row * (double)n + 50);
	for (size_t i = 0; i < list->c.n; i++) {
		const struct vc_val *bm = list->c.items[i];
		const char *name = S(bm, "name", "");
		double v = vc_get_num(bm, "a_ns.median"), y = 20 + row * (double)k;
		char buf[32];

		if (!startswith(name, "exit.") && !startswith(name, "lifecycle"))
			continue;
		k++;
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\">", left - 8,
			y + 4);
		html_text(f, name);
		fprintf(f,
			"</text>\n<rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" "
			"fill=\"#36c\"><title>%s</title></rect>\n",
			left, y - 7, isnan(v) ? 0 : logx(fmin(fmax(v, lo), hi), lo, hi, w),
			fmt_ns(buf, sizeof(buf), v));
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>\n",
			left + (isnan(v) ? 0 : logx(fmin(fmax(v, lo), hi), lo, hi, w)) + 4, y + 4,
			fmt_ns(buf, sizeof(buf), v));
	}
	for (int e = 2; e <= 7; e++) {
		char buf[32];
		double t = pow(10, e);

		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">%s</text>\n",
			left + logx(t, lo, hi, w), row * (double)n + 35, fmt_ns(buf, sizeof(buf), t));
	}
	fputs("</svg>\n", f);
}

static void render_html(FILE *f, const struct vc_val *doc)
{
	const struct vc_val *list = vc_obj_get(doc, "benchmarks"), *host = vc_obj_get(doc, "host");
	static const struct vc_val empty = { .type = VC_ARR };
	char a[32], b[32], r[64], p[160];

	if (!list || list->type != VC_ARR)
		list = &empty;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>virtcheck "
	      "bench</title>\n"
	      "<style>body{font-family:sans-serif;max-width:62em;margin:2em auto;padding:0 1em}"
	      "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px "
	      "6px;font-size:13px;text-align:left}"
	      ".noisy{color:#c63}</style></head><body>\n<h1>virtcheck bench</h1>\n<p>",
	      f);
	html_text(f, S(host, "cpu", "unknown CPU"));
	fputs(", kernel ", f);
	html_text(f, S(host, "kernel", "?"));
	fputs(", KVM backend ", f);
	html_text(f, S(host, "kvm_backend", "?"));
	if (vc_get_bool(host, "nested", false)) {
		fputs(", nested in ", f);
		html_text(f, S(host, "outer_hypervisor", "?"));
	}
	fprintf(f,
		". virtcheck %s.</p>\n<h2>Overhead: a/b, median of per-pair ratios and its 95%% interval "
		"(log scale)</h2>\n",
		S(doc, "version", "?"));
	svg_ratios(f, list);
	fputs("<h2>Exit and lifecycle latencies per operation (log scale)</h2>\n", f);
	svg_latencies(f, list);
	fputs("<h2>All results</h2>\n<table><tr><th>benchmark</th><th>CPL</th><th>a</th><th>per "
	      "op</th><th>b</th><th>per op</th>"
	      "<th>a/b [95% interval]</th><th>n</th><th>KVM counters per guest op</th><th>note</th></tr>\n",
	      f);
	for (size_t i = 0; i < list->c.n; i++) {
		const struct vc_val *bm = list->c.items[i];

		fprintf(f, "<tr%s><td>", vc_get_bool(bm, "noisy", false) ? " class=\"noisy\"" : "");
		html_text(f, S(bm, "name", "?"));
		fprintf(f, "</td><td>%lld</td><td>", (long long)vc_get_int(bm, "cpl", -1));
		html_text(f, S(bm, "a", "?"));
		fprintf(f, "</td><td>%s</td><td>", fmt_ns(a, sizeof(a), vc_get_num(bm, "a_ns.median")));
		html_text(f, S(bm, "b", "-"));
		fprintf(f, "</td><td>%s</td><td>%s</td><td>%lld</td><td>",
			fmt_ns(b, sizeof(b), vc_get_num(bm, "b_ns.median")), fmt_ratio(r, sizeof(r), bm),
			(long long)vc_get_int(bm, "n", 0));
		html_text(f, fmt_proof(p, sizeof(p), bm));
		fputs("</td><td>", f);
		html_text(f, streq_ptr(vc_get_str(bm, "status"), "ok") ? S(bm, "note", "")
								       : S(bm, "error", "failed"));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n</body></html>\n", f);
}

static void render(FILE *f, const struct vc_val *doc, enum bfmt fmt, bool verbose)
{
	switch (fmt) {
	case BF_TEXT:
		render_text(f, doc, verbose);
		break;
	case BF_JSON:
		vc_json_write(f, doc, 0);
		fputc('\n', f);
		break;
	case BF_MARKDOWN:
		render_markdown(f, doc);
		break;
	case BF_HTML:
		render_html(f, doc);
		break;
	}
}

/* ---- reading documents back ---- */

static int load_doc(const char *path, const char *schema, struct vc_val **ret)
{
	_cleanup_(closep) int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct buf b = { 0 };
	char err[128], chunk[65536];
	ssize_t got;
	int r;

	*ret = NULL;
	if (fd < 0) {
		fprintf(stderr, "virtcheck bench: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	while ((got = read(fd, chunk, sizeof(chunk))) > 0) {
		if (b.len + (size_t)got > DOC_MAX) {
			fprintf(stderr, "virtcheck bench: %s: larger than %u MiB, not a bench report\n", path,
				DOC_MAX >> 20);
			buf_free(&b);
			return -EFBIG;
		}
		buf_append(&b, chunk, (size_t)got);
	}
	if (got < 0) {
		r = -errno;
		fprintf(stderr, "virtcheck bench: %s: %s\n", path, strerror(-r));
		buf_free(&b);
		return r;
	}
	r = vc_json_parse(b.data ? b.data : "", b.len, ret, err, sizeof(err));
	buf_free(&b);
	if (r < 0) {
		fprintf(stderr, "virtcheck bench: %s: not JSON: %s\n", path, err);
		return r;
	}
	if (!streq_ptr(vc_get_str(*ret, "schema"), schema)) {
		fprintf(stderr, "virtcheck bench: %s: not a %s document (schema %s)\n", path, schema,
			vc_get_str(*ret, "schema") ? vc_get_str(*ret, "schema") : "missing");
		vc_val_free(*ret);
		*ret = NULL;
		return -EINVAL;
	}
	return 0;
}

/* The samples of one side as doubles (NULL when there are none). */
static double *doc_samples(const struct vc_val *bm, const char *side, size_t *n)
{
	const struct vc_val *s = vc_obj_get(vc_obj_get(bm, "samples"), side);
	double *v;

	*n = 0;
	if (!s || s->type != VC_ARR || !s->c.n)
		return NULL;
	v = xmalloc(s->c.n * sizeof(*v));
	for (size_t i = 0; i < s->c.n; i++) {
		const struct vc_val *x = s->c.items[i];
		double d = x->type == VC_DBL ? x->d : x->type == VC_INT ? (double)x->i : NAN;

		if (d > 0 && isfinite(d))
			v[(*n)++] = d;
	}
	return v;
}

/* Per benchmark in both: new/old of the median per op, with a bootstrap interval from both
 * sample sets. Significant when the interval excludes 1; a regression when also slower by more
 * than threshold. */
static struct vc_val *bench_compare(const struct vc_val *old, const struct vc_val *new, double threshold,
				    size_t *regressions)
{
	struct vc_val *doc = vc_obj(), *list = vc_arr();
	const struct vc_val *nl = vc_obj_get(new, "benchmarks");

	*regressions = 0;
	vc_obj_set(doc, "schema", vc_str(COMPARE_SCHEMA));
	vc_obj_set(doc, "old_host", vc_obj_get(old, "host") ? vc_str(S(old, "host.kernel", "?")) : vc_null());
	vc_obj_set(doc, "new_host", vc_obj_get(new, "host") ? vc_str(S(new, "host.kernel", "?")) : vc_null());
	vc_obj_set(doc, "threshold", vc_dbl(threshold));
	for (size_t i = 0; nl && nl->type == VC_ARR && i < nl->c.n; i++) {
		const struct vc_val *nb = nl->c.items[i], *ob;
		const char *name = vc_get_str(nb, "name");
		struct vc_val *c;
		_cleanup_(freep) double *sa = NULL;
		_cleanup_(freep) double *sb = NULL;
		size_t na, nbn;
		double om, nm, lo, hi, ratio;
		const char *verdict;

		if (!name || !(ob = find_bench(old, name)))
			continue;
		om = vc_get_num(ob, "a_ns.median");
		nm = vc_get_num(nb, "a_ns.median");
		if (!(om > 0) || !(nm > 0))
			continue;
		ratio = nm / om;
		sa = doc_samples(nb, "a", &na);
		sb = doc_samples(ob, "a", &nbn);
		if (na >= 2 && nbn >= 2)
			vc_bootstrap_ratio(sa, na, sb, nbn, 2000, 0xc0ffee, &lo, &hi);
		else
			lo = hi = NAN;
		if (isnan(lo) || (lo <= 1 && hi >= 1))
			verdict = isnan(lo) ? "unknown" : "same";
		else if (ratio > 1 + threshold)
			verdict = "slower";
		else if (ratio < 1 - threshold)
			verdict = "faster";
		else
			verdict = "same";
		*regressions += !strcmp(verdict, "slower");
		c = vc_obj();
		vc_obj_set(c, "name", vc_str(name));
		vc_obj_set(c, "old_ns", vc_dbl(om));
		vc_obj_set(c, "new_ns", vc_dbl(nm));
		vc_obj_set(c, "ratio", vc_dbl(ratio));
		vc_obj_set(c, "lo", vc_dbl(lo));
		vc_obj_set(c, "hi", vc_dbl(hi));
		vc_obj_set(c, "significant", vc_bool(!isnan(lo) && (lo > 1 || hi < 1)));
		vc_obj_set(c, "verdict", vc_str(verdict));
		vc_arr_push(list, c);
	}
	vc_obj_set(doc, "benchmarks", list);
	vc_obj_set(doc, "regressions", vc_int((int64_t)*regressions));
	return doc;
}

static void render_compare(FILE *f, const struct vc_val *cmp, enum bfmt fmt)
{
	const struct vc_val *list = vc_obj_get(cmp, "benchmarks");
	char a[32], b[32];
	bool md = fmt == BF_MARKDOWN;

	if (fmt == BF_JSON) {
		vc_json_write(f, cmp, 0);
		fputc('\n', f);
		return;
	}
	if (md)
		fputs("| benchmark | old | new | new/old [95% interval] | verdict |\n|---|---|---|---|---|\n",
		      f);
	else
		fprintf(f, "%-18s %-11s %-11s %-26s %s\n", "benchmark", "old", "new",
			"new/old [95% interval]", "verdict");
	for (size_t i = 0; list && list->type == VC_ARR && i < list->c.n; i++) {
		const struct vc_val *c = list->c.items[i];
		char r[64];

		snprintf(r, sizeof(r), "%.3f [%.3f, %.3f]", vc_get_num(c, "ratio"), vc_get_num(c, "lo"),
			 vc_get_num(c, "hi"));
		fprintf(f, md ? "| %s | %s | %s | %s | %s |\n" : "%-18s %-11s %-11s %-26s %s\n",
			S(c, "name", "?"), fmt_ns(a, sizeof(a), vc_get_num(c, "old_ns")),
			fmt_ns(b, sizeof(b), vc_get_num(c, "new_ns")), r, S(c, "verdict", "?"));
	}
	if (!md)
		fprintf(f,
			"\n%lld significant regression(s) (slower by more than %.0f%% with the interval "
			"above 1).\n",
			(long long)vc_get_int(cmp, "regressions", 0), vc_get_num(cmp, "threshold") * 100);
}

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
	enum bfmt fmt = o->format == VC_FORMAT_JSON ? BF_JSON : BF_TEXT;
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

			for (k = 0; k < ARRAY_SIZE(bfmt_names) && strcmp(val, bfmt_names[k]) != 0; k++)
				;
			if (k == ARRAY_SIZE(bfmt_names)) {
				fprintf(stderr,
					"virtcheck bench: unknown format '%s' (text, json, markdown, html)\n",
					val);
				return BENCH_EXIT_USAGE;
			}
			fmt = (enum bfmt)k;
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
		_cleanup_(vc_val_freep) struct vc_val *old = NULL;
		_cleanup_(vc_val_freep) struct vc_val *new = NULL;
		_cleanup_(vc_val_freep) struct vc_val *cmp = NULL;
		size_t regressions = 0;
		FILE *f;

		if (cmp_old ? load_doc(cmp_old, BENCH_SCHEMA, &old) < 0 ||
				      load_doc(cmp_new, BENCH_SCHEMA, &new) < 0
			    : load_doc(from, BENCH_SCHEMA, &new) < 0)
			return BENCH_EXIT_USAGE;
		f = open_output(output);
		if (!f)
			return BENCH_EXIT_USAGE;
		if (cmp_old) {
			if (fmt == BF_HTML) {
				fprintf(stderr, "virtcheck bench: --compare writes text, json or markdown\n");
				finish_output(f, output);
				return BENCH_EXIT_USAGE;
			}
			cmp = bench_compare(old, new, threshold, &regressions);
			render_compare(f, cmp, fmt);
		} else {
			render(f, new, fmt, o->verbose);
		}
		if (finish_output(f, output) < 0)
			return BENCH_EXIT_USAGE;
		return regressions ? BENCH_EXIT_FAILED : BENCH_EXIT_OK;
	}

	/* a live run */
	{
		struct vc_host *h = NULL;
		struct vc_ctx *ctx;
		struct bench_env env = { 0 };
		struct vc_val *doc, *list, *settings;
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

			vc_val_free(host_json(h, ctx, NULL)); /* run for its findings */
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
		doc = vc_obj();
		vc_obj_set(doc, "schema", vc_str(BENCH_SCHEMA));
		vc_obj_set(doc, "version", vc_str(VC_VERSION));
		clock_gettime(CLOCK_REALTIME, &ts);
		vc_obj_set(doc, "time", vc_int((int64_t)ts.tv_sec));
		vc_obj_set(doc, "host", host_json(h, ctx, &env));
		settings = vc_obj();
		vc_obj_set(settings, "seconds_per_benchmark", vc_dbl(bo.seconds));
		vc_obj_set(settings, "min_samples", vc_int(bo.min_pairs));
		vc_obj_set(settings, "warmup", vc_int(bo.warmup));
		vc_obj_set(settings, "scale", vc_dbl(bo.scale));
		vc_obj_set(doc, "settings", settings);
		list = vc_obj_set(doc, "benchmarks", vc_arr());
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
			vc_arr_push(list, result_json(&res));
			bench_result_free(&res);
			prog.index++;
		}
		if (prog.on)
			fputs("\r\033[K", stderr);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		vc_obj_set(doc, "seconds", vc_dbl((double)ts.tv_sec + (double)ts.tv_nsec / 1e9 - t0));
		vc_obj_set(doc, "targets",
			   targets_json(doc, vc_get_num(doc, "seconds"), !nnames && bo.scale == 1.0));
		f = open_output(output);
		if (!f) {
			vc_val_free(doc);
			return BENCH_EXIT_USAGE;
		}
		render(f, doc, fmt, o->verbose);
		ret = finish_output(f, output);
		vc_val_free(doc);
		if (ret < 0)
			return BENCH_EXIT_USAGE;
		return failed ? BENCH_EXIT_FAILED : BENCH_EXIT_OK;
	}
}

const struct vc_cmd cmd_bench = {
	.name = "bench",
	.run = bench_main,
	.help = "measure virtualization overhead and exit latencies with a built-in micro-VMM",
};
