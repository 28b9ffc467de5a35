/* Robust statistics for benchmark samples. Medians and the MAD rather than means and standard
 * deviations: timing noise is one-sided (interrupts, preemption), and a median is not dragged
 * by it. Intervals come from a percentile bootstrap with a fixed seed, so a report is
 * reproducible from its samples. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/stats.h"
#include "lib/base/util.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double *sorted_copy(const double *v, size_t n)
{
	double *s = xmalloc((n ? n : 1) * sizeof(*s));

	if (n)
		memcpy(s, v, n * sizeof(*s));
	qsort_safe(s, n, sizeof(*s), cmp_double);
	return s;
}

double vc_quantile_sorted(const double *sorted, size_t n, double q)
{
	double h, lo;
	size_t i;

	if (!n)
		return NAN;
	if (q <= 0)
		return sorted[0];
	if (q >= 1)
		return sorted[n - 1];
	h = (double)(n - 1) * q;
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + (h - lo) * (sorted[i + 1] - sorted[i]);
}

double vc_median(const double *v, size_t n)
{
	_cleanup_(freep) double *s = sorted_copy(v, n);

	return vc_quantile_sorted(s, n, 0.5);
}

void vc_summarize(const double *v, size_t n, struct vc_summary *s)
{
	_cleanup_(freep) double *sorted = sorted_copy(v, n);
	_cleanup_(freep) double *dev = xmalloc((n ? n : 1) * sizeof(*dev));
	double sum = 0;

	memset(s, 0, sizeof(*s));
	s->n = n;
	if (!n) {
		s->median = s->min = s->max = s->p90 = s->mad = s->mean = NAN;
		return;
	}
	s->median = vc_quantile_sorted(sorted, n, 0.5);
	s->p90 = vc_quantile_sorted(sorted, n, 0.9);
	s->min = sorted[0];
	s->max = sorted[n - 1];
	for (size_t i = 0; i < n; i++) {
		sum += v[i];
		dev[i] = fabs(v[i] - s->median);
	}
	s->mean = sum / (double)n;
	s->mad = vc_median(dev, n);
}

uint64_t vc_rand_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void resample_medians(const double *v, size_t n, unsigned resamples, uint64_t *state, double *out)
{
	_cleanup_(freep) double *draw = xmalloc(n * sizeof(*draw));

	for (unsigned b = 0; b < resamples; b++) {
		for (size_t i = 0; i < n; i++)
			draw[i] = v[vc_rand_next(state) % n];
		qsort_safe(draw, n, sizeof(*draw), cmp_double);
		out[b] = vc_quantile_sorted(draw, n, 0.5);
	}
}

void vc_bootstrap_median(const double *v, size_t n, unsigned resamples, uint64_t seed, double *lo, double *hi)
{
	_cleanup_(freep) double *med = NULL;

	if (n < 2 || !resamples) {
		*lo = *hi = n ? v[0] : NAN;
		return;
	}
	med = xmalloc(resamples * sizeof(*med));
	resample_medians(v, n, resamples, &seed, med);
	qsort_safe(med, resamples, sizeof(*med), cmp_double);
	*lo = vc_quantile_sorted(med, resamples, 0.025);
	*hi = vc_quantile_sorted(med, resamples, 0.975);
}

void vc_bootstrap_ratio(const double *a, size_t na, const double *b, size_t nb, unsigned resamples,
			uint64_t seed, double *lo, double *hi)
{
	_cleanup_(freep) double *ma = NULL;
	_cleanup_(freep) double *mb = NULL;

	if (na < 2 || nb < 2 || !resamples) {
		*lo = *hi = na && nb ? vc_median(a, na) / vc_median(b, nb) : NAN;
		return;
	}
	ma = xmalloc(resamples * sizeof(*ma));
	mb = xmalloc(resamples * sizeof(*mb));
	resample_medians(a, na, resamples, &seed, ma);
	resample_medians(b, nb, resamples, &seed, mb);
	for (unsigned i = 0; i < resamples; i++)
		ma[i] /= mb[i];
	qsort_safe(ma, resamples, sizeof(*ma), cmp_double);
	*lo = vc_quantile_sorted(ma, resamples, 0.025);
	*hi = vc_quantile_sorted(ma, resamples, 0.975);
}
