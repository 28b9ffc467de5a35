/* The virtcheck.bench/1 document: built from a run, loaded back, read through one typed view,
 * compared. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/base/lazymath.h"
#include "lib/base/stats.h"
#include "lib/base/util.h"
#include "vmm/bench_doc.h"

#define DOC_MAX (64u << 20)

/* ---- building ---- */

static const char *kind_name(enum bench_kind k)
{
	return k == BENCH_PAIRED ? "paired" : k == BENCH_AB ? "ab" : "single";
}

static struct vc_val *summary_json(const struct vc_summary *s, double cycles, double lo, double hi)
{
	struct vc_val *o = vc_obj();

	vc_obj_set(o, "median", vc_dbl(s->median));
	vc_obj_set(o, "min", vc_dbl(s->min));
	vc_obj_set(o, "p90", vc_dbl(s->p90));
	vc_obj_set(o, "mad", vc_dbl(s->mad));
	vc_obj_set(o, "mean", vc_dbl(s->mean));
	vc_obj_set(o, "cycles", vc_dbl(cycles));
	vc_obj_set(o, "lo", vc_dbl(lo));
	vc_obj_set(o, "hi", vc_dbl(hi));
	return o;
}

static struct vc_val *samples_json(const double *v, size_t n)
{
	struct vc_val *a = vc_arr();

	for (size_t i = 0; i < n; i++)
		vc_arr_push(a, vc_dbl(v[i]));
	return a;
}

/* Repetitions whose estimates lie more than 1.5x apart: a note that says so (the interval holds
 * the spread, but a reader should know that a pass's state moved the value), or null. */
#define BENCH_DISAGREE 1.5
static struct vc_val *disagreement_note(const struct bench_result *r)
{
	double lo = INFINITY, hi = 0;
	unsigned k = 0;
	char b[256];

	for (unsigned i = 0; i < r->reps && i < BENCH_MAX_REPS; i++)
		if (r->rep_est[i] > 0) {
			lo = vc_fmin(lo, r->rep_est[i]);
			hi = vc_fmax(hi, r->rep_est[i]);
			k++;
		}
	if (k < 2 || !(hi > BENCH_DISAGREE * lo))
		return vc_null();
	snprintf(b, sizeof(b),
		 "the repetitions disagree (%.3g to %.3g): a pass's process state or a busy CPU moved it; "
		 "compare runs side by side (virtcheck-bench(1), FIRST TOUCH AND A BUSY CPU)",
		 lo, hi);
	return vc_str(b);
}

void bench_doc_add(struct vc_val *doc, const struct bench_result *r)
{
	const struct bench_def *d = r->def;
	struct vc_val *o = vc_arr_push((struct vc_val *)vc_obj_get(doc, "benchmarks"), vc_obj()), *samples;

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
	vc_obj_set(o, "a_ns", summary_json(&r->a, r->a_cycles, r->a_lo, r->a_hi));
	vc_obj_set(o, "b_ns",
		   d->kind == BENCH_SINGLE ? vc_null() : summary_json(&r->b, r->b_cycles, NAN, NAN));
	if (d->kind != BENCH_SINGLE) {
		struct vc_val *ratio = vc_obj_set(o, "ratio", vc_obj());

		vc_obj_set(ratio, "median", vc_dbl(r->ratio));
		vc_obj_set(ratio, "lo", vc_dbl(r->ratio_lo));
		vc_obj_set(ratio, "hi", vc_dbl(r->ratio_hi));
	} else {
		vc_obj_set(o, "ratio", vc_null());
	}
	vc_obj_set(o, "noisy", vc_bool(r->noisy));
	vc_obj_set(o, "precision", vc_str(bench_precision_names[r->precision]));
	vc_obj_set(o, "half_width", vc_dbl(bench_half_width(r)));
	vc_obj_set(o, "blocks", vc_int((int64_t)r->blocks));
	vc_obj_set(o, "repetitions", vc_int(r->reps));
	if (r->reps > 1) {
		struct vc_val *reps = vc_obj_set(o, "repetition_estimates", vc_arr());

		for (unsigned i = 0; i < r->reps; i++)
			if (r->rep_est[i] > 0) /* a repetition cut short by the budget has none */
				vc_arr_push(reps, vc_dbl(r->rep_est[i]));
	}
	vc_obj_set(o, "preempted", vc_int((int64_t)r->preempted));
	vc_obj_set(o, "steal_ms", vc_dbl(r->steal_ms));
	if (r->thp_guest_kib >= 0 || r->thp_native_kib >= 0) {
		struct vc_val *thp = vc_obj_set(o, "thp_kib", vc_obj());

		vc_obj_set(thp, "guest", r->thp_guest_kib >= 0 ? vc_int(r->thp_guest_kib) : vc_null());
		vc_obj_set(thp, "native", r->thp_native_kib >= 0 ? vc_int(r->thp_native_kib) : vc_null());
		if (r->thp_need_kib >= 0)
			vc_obj_set(thp, "needed", vc_int(r->thp_need_kib));
	}
	/* a 2 MiB case: whether THP really backed its data on both sides (null: not read) */
	if (d->pages == 2048 && d->arg)
		vc_obj_set(o, "thp_backed", r->thp_backed < 0 ? vc_null() : vc_bool(r->thp_backed));
	vc_obj_set(o, "budget_cut", vc_bool(r->budget_cut));
	if (r->note[0])
		vc_obj_set(o, "note", vc_str(r->note));
	else
		vc_obj_set(o, "note", disagreement_note(r));
	if (r->have_stats) {
		struct vc_val *st = vc_obj_set(o, "kvm_stats", vc_obj());

		for (int i = 0; i < _BSTAT_MAX; i++)
			vc_obj_set(st, bench_stat_names[i], vc_int((int64_t)r->stats[i]));
		vc_obj_set(st, "guest_ops", vc_int((int64_t)r->guest_ops));
	} else {
		vc_obj_set(o, "kvm_stats", vc_null());
	}
	vc_obj_set(o, "seconds", vc_dbl(r->seconds));
	samples = vc_obj_set(o, "samples", vc_obj());
	vc_obj_set(samples, "a", samples_json(r->a_ns, r->n));
	vc_obj_set(samples, "b", d->kind == BENCH_SINGLE ? vc_null() : samples_json(r->b_ns, r->n));
}

/* "[madvise]" of /sys/kernel/mm/transparent_hugepage/enabled */
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
	}
	vc_strv_free(names);
	return o;
}

struct vc_val *bench_doc_new(const char *version, const struct bench_doc_host *host, struct vc_host *h,
			     const struct bench_opts *o)
{
	struct vc_val *doc = vc_obj(), *hj, *settings;
	_cleanup_(freep) char *thp = thp_mode(h);
	struct timespec ts;

	vc_obj_set(doc, "schema", vc_str(BENCH_SCHEMA));
	vc_obj_set(doc, "version", vc_str(version));
	clock_gettime(CLOCK_REALTIME, &ts);
	vc_obj_set(doc, "time", vc_int((int64_t)ts.tv_sec));
	hj = vc_obj_set(doc, "host", vc_obj());
	vc_obj_set(hj, "cpu", vc_str(host->cpu));
	vc_obj_set(hj, "vendor", vc_str(host->vendor));
	vc_obj_set(hj, "kernel", vc_str(host->kernel));
	vc_obj_set(hj, "kvm_backend", vc_str(host->kvm_backend));
	vc_obj_set(hj, "nested", vc_bool(host->outer_hypervisor != NULL));
	vc_obj_set(hj, "outer_hypervisor", vc_str(host->outer_hypervisor));
	vc_obj_set(hj, "online_cpus", vc_int(host->online_cpus));
	vc_obj_set(hj, "pinned_cpu", host->env ? vc_int(host->env->cpu) : vc_null());
	vc_obj_set(hj, "tsc_ghz", host->env ? vc_dbl(host->env->tsc_ghz) : vc_null());
	if (host->env) {
		const struct bench_env *e = host->env;
		struct vc_val *tsc = vc_obj_set(hj, "tsc", vc_obj());

		vc_obj_set(tsc, "constant", vc_bool(e->constant_tsc));
		vc_obj_set(tsc, "nonstop", vc_bool(e->nonstop_tsc));
		vc_obj_set(tsc, "calibrations_ghz", vc_arr());
		vc_arr_push((struct vc_val *)vc_obj_get(tsc, "calibrations_ghz"), vc_dbl(e->tsc_ghz));
		vc_arr_push((struct vc_val *)vc_obj_get(tsc, "calibrations_ghz"), vc_dbl(e->tsc_ghz2));
		vc_obj_set(tsc, "valid", vc_bool(e->tsc_valid));
		vc_obj_set(hj, "pinned_cpu_load", vc_dbl(e->cpu_load));
		vc_obj_set(hj, "pinned_cpu_chosen", vc_str(e->cpu_chosen ? "quietest" : "given"));
		vc_obj_set(hj, "governor", e->governor[0] ? vc_str(e->governor) : vc_null());
		vc_obj_set(hj, "smt_siblings", e->smt_siblings[0] ? vc_str(e->smt_siblings) : vc_null());
	}
	vc_obj_set(hj, "thp", vc_str(thp));
	vc_obj_set(hj, "mitigations", mitigations(h));
	settings = vc_obj_set(doc, "settings", vc_obj());
	vc_obj_set(settings, "seconds_per_benchmark", vc_dbl(o->seconds));
	vc_obj_set(settings, "min_samples", vc_int(o->min_pairs));
	vc_obj_set(settings, "warmup", vc_int(o->warmup));
	vc_obj_set(settings, "scale", vc_dbl(o->scale));
	vc_obj_set(settings, "budget_seconds", vc_dbl(o->budget));
	vc_obj_set(settings, "precision", vc_dbl(o->precision));
	vc_obj_set(settings, "sample_ms", vc_dbl(o->sample_ms));
	vc_obj_set(settings, "max_samples", vc_int(o->max_pairs));
	vc_obj_set(settings, "repetitions", vc_int(o->repetitions));
	vc_obj_set(settings, "intervals", vc_bool(o->intervals));
	vc_obj_set(doc, "benchmarks", vc_arr());
	return doc;
}

static const struct bench_doc_bench *find_bench(const struct bench_doc *doc, const char *name)
{
	for (size_t i = 0; i < doc->n; i++)
		if (streq_ptr(doc->bench[i].name, name))
			return &doc->bench[i];
	return NULL;
}

/*
 * A target "value <= limit" judged on the interval [lo, hi] of value: met when all of it is within
 * the limit, not met when all of it is beyond, undecided when it straddles the limit (or there is no
 * interval). judged: the run measured what the target is about.
 */
const char *bench_target_verdict(double value, double lo, double hi, double limit, bool judged)
{
	if (!judged || isnan(value))
		return "not run";
	if (isnan(lo) || isnan(hi))
		return "undecided";
	if (hi <= limit)
		return "met";
	if (lo > limit)
		return "not met";
	return "undecided";
}

static void target(struct vc_val *targets, const char *name, const char *what, bool judged, double value,
		   double lo, double hi, double limit)
{
	struct vc_val *t = vc_arr_push(targets, vc_obj());
	const char *v = bench_target_verdict(value, lo, hi, limit, judged);

	vc_obj_set(t, "name", vc_str(name));
	vc_obj_set(t, "what", vc_str(what));
	vc_obj_set(t, "value", vc_dbl(value));
	vc_obj_set(t, "lo", vc_dbl(lo));
	vc_obj_set(t, "hi", vc_dbl(hi));
	vc_obj_set(t, "limit", vc_dbl(limit));
	vc_obj_set(t, "met",
		   !strcmp(v, "met")	   ? vc_bool(true)
		   : !strcmp(v, "not met") ? vc_bool(false)
					   : vc_null());
	vc_obj_set(t, "verdict", vc_str(v));
}

/* the worst of two half-widths, and the worst interval's half-width bound */
static double half_width(const struct bench_doc_bench *b)
{
	return vc_fmax(b->hi - b->ratio, b->ratio - b->lo) / b->ratio;
}

static void ratio_target(struct vc_val *t, const char *name, const char *what,
			 const struct bench_doc_bench *b, double limit)
{
	target(t, name, what, b != NULL && b->ok, b ? b->ratio : NAN, b ? b->lo : NAN, b ? b->hi : NAN,
	       limit);
}

void bench_doc_finish(struct vc_val *json, double seconds, bool default_suite)
{
	struct bench_doc doc;
	struct vc_val *t = vc_arr();
	const struct bench_doc_bench *pio, *life, *ci, *cf;

	vc_obj_set(json, "seconds", vc_dbl(seconds));
	/* the targets of the micro-VMM, judged on this run (never by a timed test) */
	bench_doc_view(json, &doc);
	pio = find_bench(&doc, "exit.pio");
	life = find_bench(&doc, "lifecycle");
	ci = find_bench(&doc, "cpu.int");
	cf = find_bench(&doc, "cpu.fp");
	ratio_target(t, "vmm-exit", "port-I/O exit through this VMM within 5% of a bare KVM_RUN loop (ratio)",
		     pio, 1.05);
	ratio_target(t, "vmm-lifecycle",
		     "VM lifecycle through this VMM within 10% of the bare ioctls (ratio)", life, 1.10);
	/* a half-width is what it is: its own interval is the value */
	{
		double hw = ci && cf ? vc_fmax(half_width(ci), half_width(cf)) : NAN;

		target(t, "cpu-precision",
		       "CPU overhead known to within +-1% (95% interval half-width, worst of cpu.int and "
		       "cpu.fp)",
		       ci && cf && ci->ok && cf->ok, hw, hw, hw, 0.01);
	}
	target(t, "suite-time", "the default suite finishes in under 15 s (seconds)", default_suite, seconds,
	       seconds, seconds, 15);
	doc.json = NULL; /* the view does not own it here */
	bench_doc_free(&doc);
	vc_obj_set(json, "targets", t);
}

/* The selected of defs[ndefs] (NULL: those not extended), as indexes, in a random order when
 * shuffle. */
static size_t pick(const struct bench_def *defs, size_t ndefs, const bool *selected, size_t *idx,
		   bool shuffle, uint64_t *seed)
{
	size_t n = 0;

	for (size_t k = 0; k < ndefs && n < BENCH_MAX_DEFS; k++)
		if (selected ? selected[k] : !defs[k].extended)
			idx[n++] = k;
	for (size_t i = n; shuffle && i > 1; i--) {
		size_t j = vc_rand_next(seed) % i, t = idx[i - 1];

		idx[i - 1] = idx[j];
		idx[j] = t;
	}
	return n;
}

double bench_schedule(const struct bench_def *defs, size_t ndefs, const bool *selected,
		      const struct bench_opts *o, const struct bench_env *env, struct bench_at *at,
		      struct bench_result *res)
{
	size_t idx[BENCH_MAX_DEFS] = { 0 }, n;
	unsigned reps = o->repetitions ? o->repetitions : 1;
	uint64_t seed = 0x0de5;
	double t0 = bench_clock(o), took;
	_cleanup_(freep) bool *ran = xcalloc(ndefs ? ndefs : 1, sizeof(*ran));
	double overhead = 0, teardown = 0; /* the costliest seen: guesses for the deadline */

	n = pick(defs, ndefs, selected, idx, false, &seed);
	at->total = n;
	for (unsigned rep = 0; rep < reps; rep++) {
		double end = t0 + o->budget * (rep + 1) / reps;
		struct bench_opts po = *o;
		size_t order[BENCH_MAX_DEFS] = { 0 }, undecided = 0;

		/* the budget is a hard cap over the whole run, whatever each pass is given */
		if (o->budget > 0)
			po.deadline = o->deadline > 0 ? vc_fmin(o->deadline, t0 + o->budget) : t0 + o->budget;
		if (o->intervals && !(o->seconds > 0))
			po.seconds = 0.6 * o->budget / reps / (double)(n ? n : 1);

		pick(defs, ndefs, selected, order, reps > 1, &seed);
		at->index = 0;
		for (size_t i = 0; i < n; i++, at->index++) {
			size_t k = order[i];

			if (o->progress)
				o->progress(o->ud, &defs[k], 0);
			/* a first pass's setup is not known yet: the costliest seen stands for it */
			po.first_overhead = overhead;
			po.teardown_guess = teardown;
			if (!ran[k])
				bench_run(&defs[k], &po, env, &res[k]);
			else
				bench_extend(&defs[k], &po, env, &res[k], po.seconds, true);
			ran[k] = true;
			overhead = vc_fmax(overhead, res[k].overhead_s);
			teardown = vc_fmax(teardown, res[k].teardown_s);
		}
		if (!o->intervals)
			continue;
		for (size_t i = 0; i < n; i++)
			undecided += res[order[i]].status == 0 && res[order[i]].precision != BENCH_PREC_MET;
		at->index = 0;
		for (size_t i = 0; i < n && undecided && bench_clock(o) < end; i++, at->index++) {
			struct bench_result *r = &res[order[i]];

			if (r->status != 0 || r->precision == BENCH_PREC_MET)
				continue;
			if (o->progress)
				o->progress(o->ud, r->def, 0);
			bench_extend(r->def, &po, env, r, (end - bench_clock(o)) / (double)undecided, false);
			undecided--;
		}
	}
	/* what the deadline kept from its precision is undecided, not met (bench_analyze says so) */
	took = bench_clock(o) - t0;
	bench_reap();
	return took;
}

/*
 * The schedule (bench_schedule). Each repetition (random order when there are several) gives every
 * benchmark an equal first pass of 60% of its share of the budget (o->seconds when given); a benchmark
 * stops as soon as its interval reaches o->precision. What is left of the repetition's share goes, in
 * a second pass, to the benchmarks still undecided, in equal parts. The budget is a hard cap: no pass
 * or sample starts that would end after it.
 */
size_t bench_doc_run(struct vc_val *doc, const bool *selected, const struct bench_opts *o,
		     const struct bench_env *env, struct bench_at *at)
{
	size_t idx[BENCH_MAX_DEFS] = { 0 }, n, failed = 0;
	struct bench_result *res = xcalloc(bench_ndefs, sizeof(*res));
	uint64_t seed = 0;
	double seconds = bench_schedule(bench_defs, bench_ndefs, selected, o, env, at, res);

	n = pick(bench_defs, bench_ndefs, selected, idx, false, &seed);
	for (size_t i = 0; i < n; i++) {
		struct bench_result *r = &res[idx[i]];

		failed += r->status != 0;
		bench_doc_add(doc, r);
		bench_result_free(r);
	}
	free(res);
	bench_doc_finish(doc, seconds, !selected && o->scale == 1.0 && o->intervals);
	return failed;
}

/* ---- reading ---- */

static const char *S(const struct vc_val *v, const char *path)
{
	return vc_get_str(v, path);
}

static void side(const struct vc_val *bm, const char *key, struct bench_doc_side *s)
{
	const struct vc_val *o = vc_obj_get(bm, key);

	s->median = vc_get_num(o, "median");
	s->min = vc_get_num(o, "min");
	s->p90 = vc_get_num(o, "p90");
	s->mad = vc_get_num(o, "mad");
	s->mean = vc_get_num(o, "mean");
	s->cycles = vc_get_num(o, "cycles");
	s->lo = vc_get_num(o, "lo");
	s->hi = vc_get_num(o, "hi");
}

static int tri(const struct vc_val *o, const char *key)
{
	const struct vc_val *v = vc_obj_get(o, key);

	return v && v->type == VC_BOOL ? v->b : -1;
}

void bench_doc_view(struct vc_val *json, struct bench_doc *doc)
{
	const struct vc_val *host = vc_obj_get(json, "host"), *list = vc_obj_get(json, "benchmarks");
	const struct vc_val *targets = vc_obj_get(json, "targets");

	memset(doc, 0, sizeof(*doc));
	doc->json = json;
	doc->version = S(json, "version");
	doc->host.cpu = S(host, "cpu");
	doc->host.kernel = S(host, "kernel");
	doc->host.kvm_backend = S(host, "kvm_backend");
	doc->host.outer_hypervisor = S(host, "outer_hypervisor");
	doc->host.nested = vc_get_bool(host, "nested", false);
	doc->host.pinned_cpu = (long long)vc_get_int(host, "pinned_cpu", -1);
	doc->host.tsc_ghz = vc_get_num(host, "tsc_ghz");
	doc->host.thp = S(host, "thp");
	doc->host.governor = S(host, "governor");
	doc->host.smt_siblings = S(host, "smt_siblings");
	doc->host.pinned_cpu_chosen = S(host, "pinned_cpu_chosen");
	doc->host.online_cpus = (long long)vc_get_int(host, "online_cpus", -1);
	doc->host.pinned_cpu_load = vc_get_num(host, "pinned_cpu_load");
	doc->host.tsc_constant = tri(vc_obj_get(host, "tsc"), "constant");
	doc->host.tsc_nonstop = tri(vc_obj_get(host, "tsc"), "nonstop");
	doc->host.tsc_valid = tri(vc_obj_get(host, "tsc"), "valid");
	doc->host.mitigations = vc_obj_get(host, "mitigations");
	doc->time = (long long)vc_get_int(json, "time", -1);
	doc->seconds = vc_get_num(json, "seconds");
	if (list && list->type == VC_ARR && list->c.n) {
		doc->bench = xcalloc(list->c.n, sizeof(*doc->bench));
		for (size_t i = 0; i < list->c.n; i++) {
			const struct vc_val *bm = list->c.items[i], *st = vc_obj_get(bm, "kvm_stats");
			struct bench_doc_bench *b = &doc->bench[doc->n++];

			b->json = bm;
			b->name = S(bm, "name");
			b->what = S(bm, "what");
			b->kind = S(bm, "kind");
			b->status = S(bm, "status");
			b->precision = S(bm, "precision");
			b->half_width = vc_get_num(bm, "half_width");
			b->steal_ms = vc_get_num(bm, "steal_ms");
			b->preempted = (long long)vc_get_int(bm, "preempted", -1);
			b->repetitions = (long long)vc_get_int(bm, "repetitions", -1);
			b->ops_per_sample = (long long)vc_get_int(bm, "ops_per_sample", -1);
			b->a = S(bm, "a");
			b->b = S(bm, "b");
			b->unit = S(bm, "unit");
			b->note = S(bm, "note");
			b->error = S(bm, "error");
			b->ok = streq_ptr(S(bm, "status"), "ok");
			b->noisy = vc_get_bool(bm, "noisy", false);
			b->cpl = (long long)vc_get_int(bm, "cpl", -1);
			b->page_kib = (long long)vc_get_int(bm, "guest_page_kib", 0);
			b->n = (long long)vc_get_int(bm, "n", 0);
			side(bm, "a_ns", &b->a_ns);
			side(bm, "b_ns", &b->b_ns);
			b->ratio = vc_get_num(bm, "ratio.median");
			b->lo = vc_get_num(bm, "ratio.lo");
			b->hi = vc_get_num(bm, "ratio.hi");
			b->has_stats = st && st->type == VC_OBJ;
			for (int k = 0; k < _BSTAT_MAX; k++)
				b->stats[k] = vc_get_num(st, bench_stat_names[k]);
			b->guest_ops = vc_get_num(st, "guest_ops");
			b->samples_a = vc_get(bm, "samples.a");
			b->samples_b = vc_get(bm, "samples.b");
			b->thp_guest_kib = (long long)vc_get_int(bm, "thp_kib.guest", -1);
			b->thp_native_kib = (long long)vc_get_int(bm, "thp_kib.native", -1);
			b->thp_need_kib = (long long)vc_get_int(bm, "thp_kib.needed", -1);
			b->thp_backed = tri(bm, "thp_backed");
			b->budget_cut = vc_get_bool(bm, "budget_cut", false);
		}
	}
	if (targets && targets->type == VC_ARR && targets->c.n) {
		doc->targets = xcalloc(targets->c.n, sizeof(*doc->targets));
		for (size_t i = 0; i < targets->c.n; i++) {
			const struct vc_val *t = targets->c.items[i], *met = vc_obj_get(t, "met");
			struct bench_doc_target *x = &doc->targets[doc->ntargets++];

			x->name = S(t, "name");
			x->what = S(t, "what");
			x->value = vc_get_num(t, "value");
			x->limit = vc_get_num(t, "limit");
			x->lo = vc_get_num(t, "lo");
			x->hi = vc_get_num(t, "hi");
			x->met = met && met->type == VC_BOOL ? met->b : -1;
			x->verdict = S(t, "verdict");
			if (!x->verdict) /* a 0.2.0 document: judged on the point estimate */
				x->verdict = x->met < 0 ? "not run" : x->met ? "met" : "not met";
		}
	}
}

/* ---- the strict reader: types and ranges, each error naming its field ---- */

enum want {
	W_STR,	    /* a string */
	W_NONEMPTY, /* a string with something in it */
	W_POS,	    /* a number > 0 */
	W_NN,	    /* a number >= 0 */
	W_INT,	    /* an integer >= 0 */
	W_BOOL,
	W_OBJ,
	W_ARR,
};

struct field {
	const char *key;
	enum want w;
	bool required, nullable;
};

static const char *type_name(const struct vc_val *v)
{
	static const char *const names[] = { "null",	 "a boolean", "an integer", "a string",
					     "an array", "an object", "a number" };

	return v ? names[v->type] : "missing";
}

static int bad(char *err, size_t len, const char *path, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int bad(char *err, size_t len, const char *path, const char *key, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start is above
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, len, "%s%s%s: %s", path, *path && key ? "." : "", key ? key : "", msg);
	return -EINVAL;
}

static double num(const struct vc_val *v)
{
	return v->type == VC_INT ? (double)v->i : v->d;
}

static int check_value(const struct vc_val *v, enum want w, const char *path, const char *key, char *err,
		       size_t len)
{
	static const char *const wanted[] = { "a string",	   "a non-empty string",
					      "a positive number", "a number >= 0",
					      "an integer >= 0",   "true or false",
					      "an object",	   "an array" };
	bool isnum = v->type == VC_INT || v->type == VC_DBL;
	bool ok = w == W_STR		    ? v->type == VC_STR
		  : w == W_NONEMPTY	    ? v->type == VC_STR && v->s[0]
		  : w == W_POS || w == W_NN ? isnum
		  : w == W_INT		    ? v->type == VC_INT
		  : w == W_BOOL		    ? v->type == VC_BOOL
		  : w == W_OBJ		    ? v->type == VC_OBJ
					    : v->type == VC_ARR;

	if (!ok)
		return bad(err, len, path, key, "%s is needed, not %s", wanted[w], type_name(v));
	if ((w == W_POS && !(num(v) > 0)) || ((w == W_NN || w == W_INT) && num(v) < 0))
		return bad(err, len, path, key, "%g is out of range (%s is needed)", num(v), wanted[w]);
	return 0;
}

static int check_fields(const struct vc_val *o, const char *path, const struct field *f, size_t n, char *err,
			size_t len)
{
	for (size_t i = 0; i < n; i++) {
		const struct vc_val *v = vc_obj_get(o, f[i].key);
		int r;

		if (!v) {
			if (f[i].required)
				return bad(err, len, path, f[i].key, "missing");
			continue;
		}
		if (v->type == VC_NULL) {
			if (!f[i].nullable)
				return bad(err, len, path, f[i].key, "%s may not be null",
					   f[i].w == W_ARR ? "the list" : "it");
			continue;
		}
		r = check_value(v, f[i].w, path, f[i].key, err, len);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_numbers(const struct vc_val *arr, enum want w, const char *path, char *err, size_t len)
{
	for (size_t i = 0; i < arr->c.n; i++) {
		char at[160];
		int r;

		snprintf(at, sizeof(at), "%s[%zu]", path, i);
		r = check_value(arr->c.items[i], w, at, NULL, err, len);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_bench(const struct vc_val *b, const char *path, char *err, size_t len)
{
	static const struct field fields[] = {
		{ "name", W_NONEMPTY, true, false },
		{ "what", W_STR, false, true },
		{ "kind", W_STR, false, false },
		{ "a", W_STR, false, true },
		{ "b", W_STR, false, true },
		{ "unit", W_STR, false, true },
		{ "cpl", W_INT, false, false },
		{ "guest_page_kib", W_INT, false, true },
		{ "ops_per_sample", W_INT, false, false },
		{ "status", W_STR, true, false },
		{ "error", W_STR, false, true },
		{ "n", W_INT, false, false },
		{ "a_ns", W_OBJ, false, true },
		{ "b_ns", W_OBJ, false, true },
		{ "ratio", W_OBJ, false, true },
		{ "noisy", W_BOOL, false, false },
		{ "precision", W_STR, false, true },
		{ "half_width", W_NN, false, true },
		{ "blocks", W_INT, false, false },
		{ "repetitions", W_INT, false, false },
		{ "repetition_estimates", W_ARR, false, true },
		{ "preempted", W_INT, false, false },
		{ "steal_ms", W_NN, false, true },
		{ "thp_kib", W_OBJ, false, true },
		{ "thp_backed", W_BOOL, false, true },
		{ "budget_cut", W_BOOL, false, false },
		{ "note", W_STR, false, true },
		{ "kvm_stats", W_OBJ, false, true },
		{ "seconds", W_NN, false, true },
		{ "samples", W_OBJ, false, true },
	};
	static const struct field side_fields[] = {
		{ "median", W_NN, false, true }, { "min", W_NN, false, true },
		{ "p90", W_NN, false, true },	 { "mad", W_NN, false, true },
		{ "mean", W_NN, false, true },	 { "cycles", W_NN, false, true },
		{ "lo", W_NN, false, true },	 { "hi", W_NN, false, true },
	};
	static const struct field ratio_fields[] = {
		{ "median", W_POS, false, true },
		{ "lo", W_NN, false, true }, /* above 0 as written now; 0 from builds after 0.2.0 */
		{ "hi", W_POS, false, true },
	};
	static const char *const sides[] = { "a_ns", "b_ns" };
	const char *status = vc_get_str(b, "status"), *kind = vc_get_str(b, "kind");
	const struct vc_val *ratio = vc_obj_get(b, "ratio"), *samples = vc_obj_get(b, "samples"), *v;
	char at[160];
	int r;

	if (b->type != VC_OBJ)
		return bad(err, len, path, NULL, "an object is needed, not %s", type_name(b));
	r = check_fields(b, path, fields, ARRAY_SIZE(fields), err, len);
	if (r < 0)
		return r;
	if (strcmp(status, "ok") != 0 && strcmp(status, "failed") != 0)
		return bad(err, len, path, "status", "\"ok\" or \"failed\", not \"%s\"", status);
	if (kind && strcmp(kind, "paired") != 0 && strcmp(kind, "ab") != 0 && strcmp(kind, "single") != 0)
		return bad(err, len, path, "kind", "\"paired\", \"ab\" or \"single\", not \"%s\"", kind);
	if ((v = vc_obj_get(b, "cpl")) && v->i > 3)
		return bad(err, len, path, "cpl", "%lld is not a privilege level (0-3)", (long long)v->i);
	for (size_t i = 0; i < ARRAY_SIZE(sides); i++)
		if ((v = vc_obj_get(b, sides[i])) && v->type == VC_OBJ) {
			snprintf(at, sizeof(at), "%s.%s", path, sides[i]);
			r = check_fields(v, at, side_fields, ARRAY_SIZE(side_fields), err, len);
			if (r < 0)
				return r;
		}
	if (ratio && ratio->type == VC_OBJ) {
		double m = vc_get_num(ratio, "median"), lo = vc_get_num(ratio, "lo"),
		       hi = vc_get_num(ratio, "hi");

		snprintf(at, sizeof(at), "%s.ratio", path);
		r = check_fields(ratio, at, ratio_fields, ARRAY_SIZE(ratio_fields), err, len);
		if (r < 0)
			return r;
		if (!isnan(lo) && !isnan(hi) && !isnan(m) && !(lo <= m && m <= hi))
			return bad(err, len, at, NULL, "the interval [%g, %g] does not hold the median %g",
				   lo, hi, m);
	}
	if (samples && samples->type == VC_OBJ) {
		long long n = (long long)vc_get_int(b, "n", -1);

		for (size_t i = 0; i < 2; i++) {
			const char *key = i ? "b" : "a";

			v = vc_obj_get(samples, key);
			snprintf(at, sizeof(at), "%s.samples.%s", path, key);
			if (!v || v->type == VC_NULL)
				continue;
			if (v->type != VC_ARR)
				return bad(err, len, at, NULL, "an array is needed, not %s", type_name(v));
			r = check_numbers(v, W_POS, at, err, len);
			if (r < 0)
				return r;
			if (n >= 0 && (long long)v->c.n != n)
				return bad(err, len, at, NULL, "%zu samples where n is %lld", v->c.n, n);
		}
	}
	if ((v = vc_obj_get(b, "kvm_stats")) && v->type == VC_OBJ)
		for (size_t i = 0; i < v->c.n; i++) {
			snprintf(at, sizeof(at), "%s.kvm_stats", path);
			r = check_value(v->c.items[i], W_INT, at, v->c.keys[i], err, len);
			if (r < 0)
				return r;
		}
	if ((v = vc_obj_get(b, "thp_kib")) && v->type == VC_OBJ) {
		static const struct field thp_fields[] = {
			{ "guest", W_INT, false, true },
			{ "native", W_INT, false, true },
			{ "needed", W_INT, false, true },
		};

		snprintf(at, sizeof(at), "%s.thp_kib", path);
		r = check_fields(v, at, thp_fields, ARRAY_SIZE(thp_fields), err, len);
		if (r < 0)
			return r;
	}
	if ((v = vc_obj_get(b, "repetition_estimates")) && v->type == VC_ARR) {
		snprintf(at, sizeof(at), "%s.repetition_estimates", path);
		return check_numbers(v, W_POS, at, err, len);
	}
	return 0;
}

int bench_doc_check(const struct vc_val *json, char *err, size_t len)
{
	static const struct field top[] = {
		{ "schema", W_STR, true, false },   { "version", W_STR, false, true },
		{ "time", W_INT, false, true },	    { "host", W_OBJ, true, false },
		{ "settings", W_OBJ, false, true }, { "benchmarks", W_ARR, true, false },
		{ "seconds", W_NN, false, true },   { "targets", W_ARR, false, true },
	};
	static const struct field host[] = {
		{ "cpu", W_STR, false, true },
		{ "vendor", W_STR, false, true },
		{ "kernel", W_STR, false, true },
		{ "kvm_backend", W_STR, false, true },
		{ "nested", W_BOOL, false, true },
		{ "outer_hypervisor", W_STR, false, true },
		{ "online_cpus", W_INT, false, true },
		{ "pinned_cpu", W_INT, false, true },
		{ "tsc_ghz", W_POS, false, true },
		{ "thp", W_STR, false, true },
		{ "mitigations", W_OBJ, false, true },
		{ "tsc", W_OBJ, false, true },
		{ "pinned_cpu_load", W_NN, false, true },
		{ "governor", W_STR, false, true },
		{ "smt_siblings", W_STR, false, true },
	};
	static const struct field settings[] = {
		{ "seconds_per_benchmark", W_NN, false, true },
		{ "min_samples", W_INT, false, true },
		{ "warmup", W_INT, false, true },
		{ "scale", W_POS, false, true },
		{ "budget_seconds", W_NN, false, true },
		{ "precision", W_NN, false, true },
		{ "sample_ms", W_NN, false, true },
		{ "max_samples", W_INT, false, true },
		{ "repetitions", W_INT, false, true },
		{ "intervals", W_BOOL, false, true },
	};
	static const struct field target[] = {
		{ "name", W_STR, true, false }, { "what", W_STR, false, true },
		{ "value", W_NN, false, true }, { "lo", W_NN, false, true },
		{ "hi", W_NN, false, true },	{ "limit", W_NN, false, true },
		{ "met", W_BOOL, false, true }, { "verdict", W_STR, false, true },
	};
	const struct vc_val *list, *targets;
	int r;

	if (!json || json->type != VC_OBJ)
		return bad(err, len, "", NULL, "the document is %s, not an object", type_name(json));
	r = check_fields(json, "", top, ARRAY_SIZE(top), err, len);
	if (r == 0)
		r = check_fields(vc_obj_get(json, "host"), "host", host, ARRAY_SIZE(host), err, len);
	if (r == 0 && vc_obj_get(json, "settings") && vc_obj_get(json, "settings")->type == VC_OBJ)
		r = check_fields(vc_obj_get(json, "settings"), "settings", settings, ARRAY_SIZE(settings),
				 err, len);
	list = vc_obj_get(json, "benchmarks");
	for (size_t i = 0; r == 0 && i < list->c.n; i++) {
		char at[64];

		snprintf(at, sizeof(at), "benchmarks[%zu]", i);
		r = check_bench(list->c.items[i], at, err, len);
	}
	targets = vc_obj_get(json, "targets");
	for (size_t i = 0; r == 0 && targets && targets->type == VC_ARR && i < targets->c.n; i++) {
		char at[64];

		snprintf(at, sizeof(at), "targets[%zu]", i);
		if (targets->c.items[i]->type != VC_OBJ)
			return bad(err, len, at, NULL, "an object is needed, not %s",
				   type_name(targets->c.items[i]));
		r = check_fields(targets->c.items[i], at, target, ARRAY_SIZE(target), err, len);
	}
	return r;
}

int bench_doc_load(const char *path, struct bench_doc *doc, char *err, size_t errlen)
{
	_cleanup_(closep) int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct vc_val *json = NULL;
	struct buf b = { 0 };
	char perr[128], chunk[65536];
	ssize_t got;
	int r;

	memset(doc, 0, sizeof(*doc));
	if (fd < 0) {
		r = neg_errno();
		snprintf(err, errlen, "%s", strerror(-r));
		return r;
	}
	while ((got = read(fd, chunk, sizeof(chunk))) > 0) {
		if (b.len + (size_t)got > DOC_MAX) {
			snprintf(err, errlen, "larger than %u MiB, not a bench report", DOC_MAX >> 20);
			buf_free(&b);
			return -EFBIG;
		}
		buf_append(&b, chunk, (size_t)got);
	}
	if (got < 0) {
		r = neg_errno();
		snprintf(err, errlen, "%s", strerror(-r));
		buf_free(&b);
		return r;
	}
	r = vc_json_parse(b.data ? b.data : "", b.len, &json, perr, sizeof(perr));
	buf_free(&b);
	if (r < 0) {
		snprintf(err, errlen, "not JSON: %s", perr);
		return r;
	}
	if (!streq_ptr(vc_get_str(json, "schema"), BENCH_SCHEMA)) {
		snprintf(err, errlen, "not a %s document (schema %s)", BENCH_SCHEMA,
			 vc_get_str(json, "schema") ? vc_get_str(json, "schema") : "missing");
		vc_val_free(json);
		return -EINVAL;
	}
	r = bench_doc_check(json, err, errlen);
	if (r < 0) {
		vc_val_free(json);
		return r;
	}
	bench_doc_view(json, doc);
	return 0;
}

void bench_doc_free(struct bench_doc *doc)
{
	vc_val_free(doc->json);
	free(doc->bench);
	free(doc->targets);
	memset(doc, 0, sizeof(*doc));
}

/* ---- comparing ---- */

/* The positive, finite samples of one side (NULL when there are none). */
static double *samples(const struct vc_val *s, size_t *n)
{
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

static bool two_sided(const struct bench_doc_bench *b)
{
	return b->kind ? strcmp(b->kind, "single") != 0 : !isnan(b->ratio);
}

/* The compared quantity of b and its interval at conf: recomputed from the samples (per-pair ratios
 * or ns per op, repetitions folded) where they are, else the stored 95% interval. */
static void measure(const struct bench_doc_bench *b, double conf, double *v, double *lo, double *hi)
{
	bool two = two_sided(b);
	size_t na, nb, reps = 0;
	_cleanup_(freep) double *sa = samples(b->samples_a, &na);
	_cleanup_(freep) double *sb = samples(b->samples_b, &nb);
	_cleanup_(freep) double *est = NULL;
	const struct vc_val *re = vc_obj_get(b->json, "repetition_estimates");
	struct vc_interval in;

	*v = two ? b->ratio : b->a_ns.median;
	*lo = two ? b->lo : b->a_ns.lo;
	*hi = two ? b->hi : b->a_ns.hi;
	if (!sa || (two && (!sb || nb != na)))
		return;
	for (size_t i = 0; two && i < na; i++)
		sa[i] /= sb[i];
	est = samples(re, &reps);
	if (vc_fold_repetitions(sa, na, est, reps > 1 ? reps : 0, conf, &in) == 0) {
		*v = in.est;
		*lo = in.lo;
		*hi = in.hi;
	} else {
		*v = in.est;
		*lo = *hi = NAN;
	}
}

static void host_differs(struct bench_compare *ret, const char *what, const char *o, const char *n)
{
	size_t len = strlen(ret->host_diff);

	if (streq_ptr(o, n))
		return;
	snprintf(ret->host_diff + len, sizeof(ret->host_diff) - len, "%s%s %s -> %s", len ? "; " : "", what,
		 o ? o : "unknown", n ? n : "unknown");
}

void bench_compare(const struct bench_doc *old, const struct bench_doc *new, double threshold,
		   struct bench_compare *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->threshold = threshold;
	ret->confidence = 1 - 0.05 / (double)(old->n ? old->n : 1);
	ret->old_kernel = old->host.kernel ? old->host.kernel : "?";
	ret->new_kernel = new->host.kernel ? new->host.kernel : "?";
	host_differs(ret, "CPU", old->host.cpu, new->host.cpu);
	host_differs(ret, "kernel", old->host.kernel, new->host.kernel);
	host_differs(ret, "KVM backend", old->host.kvm_backend, new->host.kvm_backend);
	ret->c = old->n ? xcalloc(old->n, sizeof(*ret->c)) : NULL;
	for (size_t i = 0; i < old->n; i++) {
		const struct bench_doc_bench *ob = &old->bench[i], *nb = find_bench(new, ob->name);
		struct bench_cmp *c = &ret->c[ret->n++];

		c->name = ob->name;
		c->measure = two_sided(ob) ? "ratio" : "ns";
		c->old_ns = ob->a_ns.median;
		c->new_ns = nb ? nb->a_ns.median : NAN;
		c->old_v = c->old_lo = c->old_hi = c->new_v = c->new_lo = c->new_hi = NAN;
		c->ratio = c->lo = c->hi = NAN;
		if (!nb) {
			c->verdict = "missing";
			ret->missing++;
			continue;
		}
		if (!nb->ok) {
			c->verdict = "failed";
			ret->failed++;
			continue;
		}
		if (!ob->ok) { /* nothing to compare with: not NEW's fault */
			c->verdict = "unknown";
			continue;
		}
		/* a 2 MiB case that THP did not back on one side measured 4 KiB host pages: no "2m" */
		if (ob->thp_backed == 0 || nb->thp_backed == 0) {
			c->verdict = "no THP";
			c->why = ob->thp_backed == 0 ? "THP did not back OLD's 2 MiB pages"
						     : "THP did not back NEW's 2 MiB pages";
			continue;
		}
		measure(ob, ret->confidence, &c->old_v, &c->old_lo, &c->old_hi);
		measure(nb, ret->confidence, &c->new_v, &c->new_lo, &c->new_hi);
		c->ratio = c->new_v / c->old_v;
		c->lo = c->new_lo / c->old_hi;
		c->hi = c->new_hi / c->old_lo;
		if (isnan(c->lo) || isnan(c->hi) || !(c->ratio > 0)) {
			c->verdict = "unknown";
			continue;
		}
		/* separate, and even the nearest ends of the two intervals differ by more than threshold */
		c->significant = (c->new_lo > c->old_hi || c->new_hi < c->old_lo) &&
				 (c->lo > 1 + threshold || c->hi < 1 - threshold);
		c->verdict = !c->significant ? "same" : c->ratio > 1 ? "slower" : "faster";
		ret->regressions += c->significant && c->ratio > 1;
	}
}

struct vc_val *bench_compare_json(const struct bench_compare *cmp)
{
	struct vc_val *doc = vc_obj(), *list;

	vc_obj_set(doc, "schema", vc_str(BENCH_COMPARE_SCHEMA));
	vc_obj_set(doc, "old_host", vc_str(cmp->old_kernel));
	vc_obj_set(doc, "new_host", vc_str(cmp->new_kernel));
	vc_obj_set(doc, "hosts_differ", cmp->host_diff[0] ? vc_str(cmp->host_diff) : vc_null());
	vc_obj_set(doc, "threshold", vc_dbl(cmp->threshold));
	vc_obj_set(doc, "confidence", vc_dbl(cmp->confidence));
	list = vc_obj_set(doc, "benchmarks", vc_arr());
	for (size_t i = 0; i < cmp->n; i++) {
		const struct bench_cmp *c = &cmp->c[i];
		struct vc_val *o = vc_arr_push(list, vc_obj());

		vc_obj_set(o, "name", vc_str(c->name));
		vc_obj_set(o, "measure", vc_str(c->measure));
		vc_obj_set(o, "old_ns", vc_dbl(c->old_ns));
		vc_obj_set(o, "new_ns", vc_dbl(c->new_ns));
		vc_obj_set(o, "old", vc_dbl(c->old_v));
		vc_obj_set(o, "old_lo", vc_dbl(c->old_lo));
		vc_obj_set(o, "old_hi", vc_dbl(c->old_hi));
		vc_obj_set(o, "new", vc_dbl(c->new_v));
		vc_obj_set(o, "new_lo", vc_dbl(c->new_lo));
		vc_obj_set(o, "new_hi", vc_dbl(c->new_hi));
		vc_obj_set(o, "ratio", vc_dbl(c->ratio));
		vc_obj_set(o, "lo", vc_dbl(c->lo));
		vc_obj_set(o, "hi", vc_dbl(c->hi));
		vc_obj_set(o, "significant", vc_bool(c->significant));
		vc_obj_set(o, "verdict", vc_str(c->verdict));
		vc_obj_set(o, "why", c->why ? vc_str(c->why) : vc_null());
	}
	vc_obj_set(doc, "regressions", vc_int((int64_t)cmp->regressions));
	vc_obj_set(doc, "missing", vc_int((int64_t)cmp->missing));
	vc_obj_set(doc, "failed", vc_int((int64_t)cmp->failed));
	return doc;
}

void bench_compare_free(struct bench_compare *c)
{
	free(c->c);
	memset(c, 0, sizeof(*c));
}

/* ---- the usual claims ---- */

static const char *judge(bool confirmed, bool refuted)
{
	return refuted ? "not on this host" : confirmed ? "confirmed here" : "not measurable here";
}

/* ratio intervals: all within limit, any beyond it, how many, and their span */
struct span {
	size_t n, within, beyond;
	double lo, hi;
};

static void span_add(struct span *sp, const struct bench_doc_bench *b, double limit)
{
	if (!b || !b->ok || isnan(b->ratio) || b->thp_backed == 0) /* an unbacked 2m case is no 2m one */
		return;
	if (!sp->n++)
		sp->lo = sp->hi = b->ratio;
	sp->lo = vc_fmin(sp->lo, b->ratio);
	sp->hi = vc_fmax(sp->hi, b->ratio);
	sp->within += b->hi <= limit; /* NaN (no interval): neither */
	sp->beyond += b->lo > limit;
}

void bench_claims(const struct bench_doc *doc, struct bench_claim out[BENCH_NCLAIMS])
{
	struct span cm = { 0 }, mem = { 0 };
	const struct bench_doc_bench *io = find_bench(doc, "exit.ioeventfd"),
				     *mmio = find_bench(doc, "exit.mmio");
	const struct bench_doc_bench *m4 = find_bench(doc, "memory.4k.64MiB"),
				     *m2 = find_bench(doc, "memory.2m.64MiB");
	const struct bench_doc_bench *t4 = find_bench(doc, "first-touch.4k");
	bool io_ok = io && io->ok && !isnan(io->hi);

	for (size_t i = 0; i < doc->n; i++)
		if (startswith(doc->bench[i].name ? doc->bench[i].name : "", "cpu.") ||
		    startswith(doc->bench[i].name ? doc->bench[i].name : "", "memory."))
			span_add(&cm, &doc->bench[i], 1.03);
	out[0] = (struct bench_claim){ "KVM overhead is ~1-3% for compute and memory", "cpu.*, memory.*",
				       judge(cm.n && cm.within == cm.n, cm.beyond > 0), "" };
	if (cm.n)
		snprintf(
			out[0].measured, sizeof(out[0].measured),
			"guest/native %.3f to %.3f over %zu benchmarks; %zu within 3%% (whole interval), %zu "
			"beyond",
			cm.lo, cm.hi, cm.n, cm.within, cm.beyond);
	out[1] = (struct bench_claim){ "near-native I/O with virtio; emulated devices are slower",
				       "exit.ioeventfd (vs exit.mmio)",
				       judge(io_ok && io->hi < 1, io_ok && io->lo >= 1), "" };
	if (io && io->ok)
		snprintf(out[1].measured, sizeof(out[1].measured),
			 "an ioeventfd doorbell costs %.3f [%.3f, %.3f] of an emulated register; an MMIO "
			 "exit to "
			 "userspace %.1f us",
			 io->ratio, io->lo, io->hi, mmio && mmio->ok ? mmio->a_ns.median / 1e3 : NAN);
	span_add(&mem, m4, 1.10);
	span_add(&mem, t4, 1.10);
	out[2] =
		(struct bench_claim){ "memory virtualization is direct (two-dimensional paging costs little)",
				      "memory.4k.64MiB, memory.2m.64MiB, first-touch.4k",
				      judge(mem.n == 2 && mem.within == 2, mem.beyond > 0), "" };
	if (mem.n)
		snprintf(out[2].measured, sizeof(out[2].measured),
			 "guest/native: 64 MiB chase %.3f with 4 KiB pages, %.3f with 2 MiB; first touch of "
			 "a 4 KiB "
			 "page %.2f",
			 m4 && m4->ok ? m4->ratio : NAN,
			 m2 && m2->ok && m2->thp_backed != 0 ? m2->ratio : NAN,
			 t4 && t4->ok ? t4->ratio : NAN);
}
