/* Robust statistics for benchmark samples: order statistics, MAD, and a deterministic bootstrap. */
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
