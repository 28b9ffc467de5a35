/* The virtcheck.bench/1 document: built from a run, loaded back, read through one typed view,
 * compared (virtcheck.bench-compare/1). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "lib/host/host.h"
#include "lib/model/val.h"
#include "vmm/bench.h"

#define BENCH_SCHEMA	     "virtcheck.bench/1"
#define BENCH_COMPARE_SCHEMA "virtcheck.bench-compare/1"

/* ---- a run, as a document ---- */

/* What the run knows about the machine (the probes say most of it). */
struct bench_doc_host {
	const char *cpu, *vendor, *kernel, *kvm_backend, *outer_hypervisor;
	long online_cpus;
	const struct bench_env *env; /* NULL when nothing ran */
};

/* A new document: schema, version, time, host (plus THP and mitigations, read through h),
 * settings, and an empty list of benchmarks. */
struct vc_val *bench_doc_new(const char *version, const struct bench_doc_host *host, struct vc_host *h,
			     const struct bench_opts *o);
void bench_doc_add(struct vc_val *doc, const struct bench_result *r);
/* Closes a run: its wall time, and the targets judged on it. */
void bench_doc_finish(struct vc_val *doc, double seconds, bool default_suite);
/* A target "value <= limit" judged on its interval: "met" (all of [lo, hi] within), "not met" (all
 * beyond), "undecided" (it straddles the limit, or there is no interval), "not run" (!judged). */
const char *bench_target_verdict(double value, double lo, double hi, double limit, bool judged);

/* Where a suite run is, for the progress callback (bench_doc_run updates it before each benchmark). */
struct bench_at {
	size_t index, total;
};
/* Runs the benchmarks selected[k] picks of bench_defs (NULL: the default suite) into doc, reports each
 * start through o->progress (fraction 0) with *at set, and closes the run (bench_doc_finish). Returns how
 * many failed. */
size_t bench_doc_run(struct vc_val *doc, const bool *selected, const struct bench_opts *o,
		     const struct bench_env *env, struct bench_at *at);

/* ---- reading one ---- */

struct bench_doc_side {
	double median, min, p90, mad, mean, cycles; /* NAN when absent */
	double lo, hi;				    /* the median's 95% interval (NAN when absent) */
};

struct bench_doc_bench {
	const char *name, *what, *kind, *a, *b, *unit, *note, *error;
	const char *status, *precision; /* precision: "met", "undecided", ... (NULL in older documents) */
	bool ok, noisy;
	double half_width, steal_ms;			  /* NAN when absent */
	long long preempted, repetitions, ops_per_sample; /* -1 when absent */
	long long cpl, page_kib, n;
	struct bench_doc_side a_ns, b_ns;
	double ratio, lo, hi; /* NAN for single measurements */
	bool has_stats;
	double stats[_BSTAT_MAX], guest_ops;
	const struct vc_val *samples_a, *samples_b;
};

struct bench_doc_target {
	const char *name, *what;
	double value, limit, lo, hi;
	int met;	     /* 1, 0, or -1: not judged */
	const char *verdict; /* "met", "not met", "undecided", "not run" (from met in older documents) */
};

/* The document and its typed view; the strings point into json. */
struct bench_doc {
	struct vc_val *json;
	const char *version;
	struct {
		const char *cpu, *kernel, *kvm_backend, *outer_hypervisor;
		const char *thp, *governor, *smt_siblings, *pinned_cpu_chosen;
		bool nested;
		long long pinned_cpu, online_cpus;
		double tsc_ghz, pinned_cpu_load;
		int tsc_constant, tsc_nonstop, tsc_valid; /* 1, 0, -1 unknown */
		const struct vc_val *mitigations;
	} host;
	long long time; /* seconds since the epoch, -1 when absent */
	struct bench_doc_bench *bench;
	size_t n;
	struct bench_doc_target *targets;
	size_t ntargets;
	double seconds;
};

/* Takes json over and reads it. */
void bench_doc_view(struct vc_val *json, struct bench_doc *doc);
/* Reads a saved document; -errno with the reason in err (not JSON, not this schema, too big). */
int bench_doc_load(const char *path, struct bench_doc *doc, char *err, size_t errlen);
void bench_doc_free(struct bench_doc *doc);

/* ---- comparing two ---- */

struct bench_cmp {
	const char *name;
	double old_ns, new_ns, ratio, lo, hi;
	bool significant;
	const char *verdict; /* slower, faster, same, unknown */
};

struct bench_compare {
	double threshold;
	const char *old_kernel, *new_kernel;
	struct bench_cmp *c;
	size_t n, regressions;
};

/* Per benchmark in both: new/old of the median per op with a bootstrap interval from both sample
 * sets; significant when the interval excludes 1, a regression when also slower by more than
 * threshold. */
void bench_compare(const struct bench_doc *old, const struct bench_doc *new, double threshold,
		   struct bench_compare *ret);
struct vc_val *bench_compare_json(const struct bench_compare *c);
void bench_compare_free(struct bench_compare *c);
