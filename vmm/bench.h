/* The benchmarks of `virtcheck bench`: native vs guest runs of the same code, exit latencies,
 * VM lifecycle; interleaved samples, robust statistics, KVM's own counters as proof. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/base/stats.h"

enum bench_kind {
	BENCH_PAIRED, /* the same code as a guest (a) and natively (b): a/b is the overhead */
	BENCH_AB,     /* two ways of doing one thing, both measured, interleaved: a/b */
	BENCH_SINGLE, /* one measurement (a): a latency per operation */
};

/* The KVM counters (vCPU binary stats) every result records over its measured guest runs. */
enum {
	BSTAT_EXITS,
	BSTAT_IO_EXITS,
	BSTAT_MMIO_EXITS,
	BSTAT_HALT_EXITS,
	BSTAT_SIGNAL_EXITS,
	BSTAT_IRQ_EXITS,
	BSTAT_INSN_EMULATION,
	BSTAT_PF_TAKEN,
	BSTAT_PF_FIXED,
	BSTAT_PF_EMULATE,
	_BSTAT_MAX
};
extern const char *const bench_stat_names[_BSTAT_MAX];

struct bench_run;
struct bench_result;
struct bench_def {
	const char *name; /* "exit.pio": group "exit" */
	const char *what; /* one line for people */
	enum bench_kind kind;
	const char *a, *b; /* what the two sides are: "guest" / "native", "vmm" / "raw ioctls" */
	const char *unit;  /* what one operation is: "iteration", "exit", "page", "VM" */
	bool extended;	   /* not in the default suite (run when named) */
	unsigned cpl;	   /* privilege level of the guest code */
	int pages;	   /* guest page size in KiB (4 or 2048); 0 where it does not matter */
	uint64_t ops;	   /* operations per sample */
	uint64_t arg;	   /* working set bytes, or pages */
	int (*setup)(struct bench_run *br);
	int (*sample)(struct bench_run *br, int side, double *ns, double *cycles);
	void (*finish)(struct bench_run *br, struct bench_result *r);
	bool unscaled;	  /* ops is the working set itself: never resized */
	uint64_t quantum; /* ops per sample are a multiple of this (0: 1) */
};
extern const struct bench_def bench_defs[];
extern const size_t bench_ndefs;

struct bench_opts {
	double seconds;	      /* time cap per benchmark in the first pass (0: a share of budget) */
	double budget;	      /* time budget of a whole suite run (default 12) */
	double precision;     /* stop when the 95% half-width reaches this fraction (default 0.02) */
	double sample_ms;     /* one sample (one side) is sized in the warm-up to take this long (1) */
	unsigned min_pairs;   /* at least this many measured samples (default VC_INTERVAL_MIN_N) */
	unsigned max_pairs;   /* at most, over all passes and repetitions (default 4000) */
	unsigned warmup;      /* discarded samples first (default 2), the sizing among them */
	unsigned repetitions; /* the suite K times in random order (default 3) */
	bool intervals;	      /* false: a smoke run (--quick), no intervals */
	double scale;	      /* ops per sample multiplied by this (--quick: 0.05; no sizing) */
	unsigned vcpus; /* cpu.smp's and lifecycle.smp's vCPUs (0: online CPUs, at most VMM_MAX_VCPUS) */
	int cpu;	/* pin to this CPU (-1: the quietest) */
	/* A hard end on clock's time (0: none): no pass or sample starts that would end after it, by
	 * the last one's duration; bench_doc_run sets it to the start plus budget. */
	double deadline;
	double first_overhead; /* a pass's setup + teardown before one was timed (the scheduler's guess) */
	double teardown_guess; /* the longest end of a pass seen (the scheduler's; kills come that early) */
	double (*clock)(void *ud); /* seconds; NULL: CLOCK_MONOTONIC (a test's fake clock) */
	void *clock_ud;
	bool isolate; /* every pass in a forked process of its own, so repetitions draw fresh process
		       * states (default; off: in this process, as a test's fake clock needs) */
	void (*progress)(void *ud, const struct bench_def *d, double fraction);
	void *ud;
};

#define BENCH_MAX_REPS 16

/* Whether a result's interval reached the precision asked for. */
enum bench_precision {
	BENCH_PREC_MET,		 /* half-width within opts.precision */
	BENCH_PREC_UNDECIDED,	 /* the budget ran out first */
	BENCH_PREC_INSUFFICIENT, /* too few samples for an interval */
	BENCH_PREC_NONE,	 /* a smoke run: no interval asked for */
};
extern const char *const bench_precision_names[];

struct bench_result {
	const struct bench_def *def;
	int status; /* 0 measured; -errno failed (why says why) */
	char why[256];
	char note[256];	       /* what the counters showed, e.g. that CPUID does not exit here */
	uint64_t ops;	       /* per sample, sized in the warm-up */
	size_t n, cap;	       /* measured samples (pairs for PAIRED and AB) */
	double *a_ns, *b_ns;   /* ns per operation of each sample, in the order measured */
	double *a_cyc, *b_cyc; /* TSC cycles per operation */
	struct vc_summary a, b;
	double a_cycles, b_cycles;	  /* medians */
	double a_lo, a_hi;		  /* the interval of a's median */
	double ratio, ratio_lo, ratio_hi; /* median of per-pair a/b and its 95% interval */
	size_t blocks;			  /* blocks the interval's drift term used */
	enum bench_precision precision;
	bool noisy; /* the interval is wider than the precision asked for (or there is none) */
	bool intervals;
	unsigned reps;			/* repetitions (and passes) that added samples */
	double rep_est[BENCH_MAX_REPS]; /* the estimate of each repetition, alone */
	size_t rep_start;		/* the first sample of the repetition running */
	size_t preempted;		/* samples dropped: the process was switched out during them */
	double steal_ms;		/* steal time of the pinned CPU while it ran (/proc/stat) */
	long long thp_guest_kib,
		thp_native_kib; /* AnonHugePages of each side's data mapping (-1: not read) */
	long long thp_need_kib; /* what a 2 MiB case's data spans in whole huge pages (-1: not a 2m case) */
	int thp_backed;		/* 2m cases: 1 THP backs the data on both sides (every pass), 0 not, -1 n/a */
	bool budget_cut;	/* the deadline stopped a pass (or kept one from starting) */
	double overhead_s, teardown_s; /* the costliest pass's setup + warm-up + teardown, and teardown */
	double t_done;		       /* when the last pass's sampling ended (clock; -1 never began) */
	size_t *published;	       /* a forked pass: n, stored after each pair (shared memory) */
	bool have_stats;
	uint64_t stats[_BSTAT_MAX]; /* counter deltas over the measured guest samples */
	uint64_t guest_ops;	    /* guest operations those deltas cover */
	double seconds;		    /* wall time of the whole benchmark */
};
void bench_result_free(struct bench_result *r);

/* Pins the thread and calibrates the TSC; call once before bench_run. 0 or -errno. */
struct bench_env {
	int cpu;
	double tsc_ghz;
	double tsc_ghz2;		/* a second calibration: the two agree within 0.5% when valid */
	bool tsc_valid;			/* they agree */
	bool constant_tsc, nonstop_tsc; /* /proc/cpuinfo flags */
	double cpu_load;		/* the pinned CPU's busy fraction over 100 ms before the run */
	bool cpu_chosen;		/* picked as the quietest (not --cpu) */
	char governor[32];		/* cpufreq's, or "" where there is none */
	char smt_siblings[32];		/* topology/thread_siblings_list of the pinned CPU */
};
int bench_begin(const struct bench_opts *o, struct bench_env *env);
/* Runs one benchmark: warm-up (sizing the samples), then samples until the interval reaches
 * o->precision or o->seconds end; failures are in r->status (the return is r->status too). */
int bench_run(const struct bench_def *d, const struct bench_opts *o, const struct bench_env *env,
	      struct bench_result *r);
/* More samples for r (same ops per sample, a fresh VM and warm-up) for at most seconds; new_rep
 * starts a repetition (its estimate is folded into the interval). 0 or -errno (r->status). */
int bench_extend(const struct bench_def *d, const struct bench_opts *o, const struct bench_env *env,
		 struct bench_result *r, double seconds, bool new_rep);
/* The half-width of r's interval relative to its estimate (NaN without one). */
double bench_half_width(const struct bench_result *r);
/* Whether name selects d: its full name, or a group prefix ("memory", "memory.4k"). */
bool bench_selects(const struct bench_def *d, const char *name);
/* Waits for the processes of passes killed at a deadline that had not ended by it (their end is
 * not part of the run's time; bench_schedule calls it after taking its time). */
void bench_reap(void);
/* The scheduler's clock in seconds: o->clock, or CLOCK_MONOTONIC. */
double bench_clock(const struct bench_opts *o);
/* The defaults for bench_opts. */
void bench_opts_default(struct bench_opts *o);
/* Fills the summaries, ratio and interval from the samples (pure, unit tested); intervals and
 * precision as the options ask (NULL: the defaults). */
void bench_analyze(struct bench_result *r);
void bench_analyze_opts(struct bench_result *r, const struct bench_opts *o);
