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
/* Runs the benchmarks selected[k] picks of defs[ndefs] (NULL: those not extended) into res[ndefs]
 * (indexed like defs): o->repetitions times in random order, each benchmark until its interval reaches
 * o->precision, the time left to the undecided ones, never past o->budget seconds (a hard cap: no
 * pass or sample starts that would end after it). Returns the seconds it took on o's clock. */
#define BENCH_MAX_DEFS 64
double bench_schedule(const struct bench_def *defs, size_t ndefs, const bool *selected,
		      const struct bench_opts *o, const struct bench_env *env, struct bench_at *at,
		      struct bench_result *res);
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
	long long thp_guest_kib, thp_native_kib; /* AnonHugePages of each side's data (-1: absent) */
	long long thp_need_kib;			 /* what whole 2 MiB pages of the data need (-1: absent) */
	int thp_backed;	 /* a 2 MiB case: 1 THP backed both sides, 0 not (not a "2m" result), -1 unknown */
	bool budget_cut; /* the budget stopped it */
	const struct vc_val *json; /* the benchmark's object */
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
/* Checks a document strictly: the fields it has are of their types and in range (samples positive,
 * as many as n; an interval holds its median; status "ok" or "failed"), host and benchmarks are there.
 * 0, or -EINVAL with err naming the field ("benchmarks[2].a_ns.median: -1 is out of range ..."). */
int bench_doc_check(const struct vc_val *json, char *err, size_t errlen);
/* Reads a saved document; -errno with the reason in err (not JSON, not this schema, too big, or what
 * bench_doc_check found). */
int bench_doc_load(const char *path, struct bench_doc *doc, char *err, size_t errlen);
void bench_doc_free(struct bench_doc *doc);

/* ---- comparing two ---- */

#define BENCH_COMPARE_THRESHOLD 0.10 /* the default of --threshold */

struct bench_cmp {
	const char *name;
	const char *measure;	      /* "ratio" (a/b of a two-sided kind) or "ns" (per op, one-sided) */
	double old_ns, new_ns;	      /* a's medians per op (for people) */
	double old_v, old_lo, old_hi; /* the compared quantity and its interval at the family's level */
	double new_v, new_lo, new_hi;
	double ratio, lo, hi; /* new/old, and the range the two intervals allow */
	bool significant;     /* the intervals separate and the change exceeds the threshold */
	const char *verdict;  /* slower, faster, same, unknown (no interval), missing, failed, no THP */
	const char *why;      /* what kept it from being compared, or NULL */
};

struct bench_compare {
	double threshold, confidence; /* confidence of each interval: 1 - 0.05 / benchmarks (Bonferroni) */
	const char *old_kernel, *new_kernel;
	struct bench_cmp *c;
	size_t n, regressions, missing, failed;
	char host_diff[512]; /* what differs between the hosts ("" when nothing) */
};

/*
 * Per benchmark of OLD: the paired ratio (guest/native, vmm/raw, ioeventfd/emulated) for two-sided
 * kinds, the median ns per op for one-sided ones, each with its interval recomputed from the
 * samples at confidence 1 - 0.05/m (m benchmarks compared; the stored 95% intervals where there are
 * no samples), so that an A/A comparison raises a false alarm in at most 5% of whole comparisons. A
 * change is significant when the two intervals separate AND the range they allow for new/old lies
 * beyond 1 +- threshold (default 10%: runs on a shared nested host differ by that much); a regression
 * when it is also slower. A benchmark of OLD that NEW lacks is "missing",
 * one NEW has with a status other than ok is "failed"; host_diff says when CPU, kernel or KVM
 * backend differ.
 */
void bench_compare(const struct bench_doc *old, const struct bench_doc *new, double threshold,
		   struct bench_compare *ret);
struct vc_val *bench_compare_json(const struct bench_compare *c);
void bench_compare_free(struct bench_compare *c);

/* ---- the usual claims, measured ---- */

struct bench_claim {
	const char *claim;    /* as people say it */
	const char *evidence; /* which benchmarks judge it */
	const char *verdict;  /* "confirmed here", "not on this host", "not measurable here" */
	char measured[256];   /* this host's numbers */
};
#define BENCH_NCLAIMS 3
/* The claims judged on doc's intervals (a claim whose benchmarks did not run, failed or have no
 * interval that decides is "not measurable here"). */
void bench_claims(const struct bench_doc *doc, struct bench_claim out[BENCH_NCLAIMS]);
