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
	bool unscaled; /* ops is the working set itself: --quick does not shrink it */
};
extern const struct bench_def bench_defs[];
extern const size_t bench_ndefs;

struct bench_opts {
	double seconds;	    /* time budget per benchmark (default 0.8) */
	unsigned min_pairs; /* at least this many measured samples (default 8) */
	unsigned max_pairs; /* at most (default 200) */
	unsigned warmup;    /* discarded samples first (default 2) */
	double scale;	    /* ops per sample multiplied by this (--quick: 0.1) */
	unsigned vcpus;	    /* cpu.smp's and lifecycle.smp's vCPUs (0: online CPUs, at most VMM_MAX_VCPUS) */
	int cpu;	    /* pin to this CPU (-1: the one we start on) */
	void (*progress)(void *ud, const struct bench_def *d, double fraction);
	void *ud;
};

struct bench_result {
	const struct bench_def *def;
	int status; /* 0 measured; -errno failed (why says why) */
	char why[256];
	char note[256];	       /* what the counters showed, e.g. that CPUID does not exit here */
	uint64_t ops;	       /* per sample, after scaling */
	size_t n;	       /* measured samples (pairs for PAIRED and AB) */
	double *a_ns, *b_ns;   /* ns per operation of each sample */
	double *a_cyc, *b_cyc; /* TSC cycles per operation */
	struct vc_summary a, b;
	double a_cycles, b_cycles;	  /* medians */
	double ratio, ratio_lo, ratio_hi; /* median of per-pair a/b and its bootstrap 95% interval */
	bool noisy;
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
};
int bench_begin(const struct bench_opts *o, struct bench_env *env);
/* Runs one benchmark; failures are in r->status (the return is r->status too). */
int bench_run(const struct bench_def *d, const struct bench_opts *o, const struct bench_env *env,
	      struct bench_result *r);
/* Whether name selects d: its full name, or a group prefix ("memory", "memory.4k"). */
bool bench_selects(const struct bench_def *d, const char *name);
/* The defaults for bench_opts. */
void bench_opts_default(struct bench_opts *o);
/* Fills the summaries, ratio and interval from the samples (pure, unit tested). */
void bench_analyze(struct bench_result *r);
