/* Robust statistics for benchmark samples: order statistics, MAD, a deterministic bootstrap, and
 * intervals for time series that drift (blocks) or were repeated (folded). */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct vc_summary {
	size_t n;
	double median, min, max, p90, mad, mean;
};

/* Quantile q (0..1) of sorted[n] by linear interpolation between order statistics (R type 7);
 * NaN when n == 0. */
double vc_quantile_sorted(const double *sorted, size_t n, double q);
/* Median of v[n] (v is left as it was); NaN when n == 0. */
double vc_median(const double *v, size_t n);
/* n, median, min, max, p90, mean and the median absolute deviation (unscaled). */
void vc_summarize(const double *v, size_t n, struct vc_summary *s);

/* A small deterministic generator (splitmix64), so a report's intervals are reproducible. */
uint64_t vc_rand_next(uint64_t *state);

/* The 95% percentile-bootstrap interval of the median of v[n] (resamples draws). */
void vc_bootstrap_median(const double *v, size_t n, unsigned resamples, uint64_t seed, double *lo,
			 double *hi);
/* The 95% bootstrap interval of median(a) / median(b) for independent samples a[na], b[nb]. */
void vc_bootstrap_ratio(const double *a, size_t na, const double *b, size_t nb, unsigned resamples,
			uint64_t seed, double *lo, double *hi);

/* The p quantile of Student's t with df degrees of freedom (df >= 1, 0 < p < 1). */
double vc_t_quantile(double p, double df);

/* The distribution-free interval of the median of v[n] at confidence conf (0.95): order statistics
 * X(l) and X(n+1-l), l the largest rank whose binomial tail is within (1 - conf) / 2. 0, or -ENODATA
 * when n is too small for that confidence (n < 6 at 95%). */
int vc_median_ci(const double *v, size_t n, double conf, double *lo, double *hi);

/* An estimate and its interval. */
struct vc_interval {
	double est, lo, hi;
	size_t n, blocks; /* values, and the consecutive blocks the drift term used */
};

/* The fewest values an interval is computed from (fewer: "insufficient data"). */
#define VC_INTERVAL_MIN_N 20

/*
 * The interval of the median of a series v[n] in the order it was measured, honest when the level
 * drifts during the run: the union of the order-statistic interval (vc_median_ci) and Student's t
 * interval over the medians of B consecutive blocks (B = the cube root of n, 5 to 10), which sees slow drift
 * and correlation that iid intervals miss; never beyond the values. est is the median of all. -ENODATA (est
 * set, lo/hi NaN) when n < VC_INTERVAL_MIN_N.
 */
int vc_series_interval(const double *v, size_t n, double conf, struct vc_interval *out);

/*
 * K repetitions of one measurement (each a series, est and interval from vc_series_interval), folded:
 * est is the median of all values (pooled[n]), the interval the union of the pooled series interval
 * and Student's t interval (K - 1 degrees of freedom) over the K repetition medians, so the spread
 * between repetitions (the state a run starts in) is part of it. Positive estimates (times, ratios
 * of times; up to VC_FOLD_MAX) are folded on their logarithms, so lo stays above 0. 0 or -ENODATA.
 */
#define VC_FOLD_MAX 64
int vc_fold_repetitions(const double *pooled, size_t n, const double *rep_est, size_t k, double conf,
			struct vc_interval *out);
