/* Robust statistics for benchmark samples. Medians and the MAD rather than means and standard
 * deviations: timing noise is one-sided (interrupts, preemption), and a median is not dragged
 * by it. Intervals come from a percentile bootstrap with a fixed seed, so a report is
 * reproducible from its samples. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/lazymath.h"
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
	lo = vc_floor(h);
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

/* ---- Student's t and intervals ---- */

/* The continued fraction of the regularized incomplete beta function (Lentz's method). */
static double betacf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;

	d = fabs(d) < tiny ? tiny : d;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 300; m++) {
		double m2 = 2.0 * m, aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2)), del;

		d = 1 + aa * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
		d = 1 + aa * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-14)
			break;
	}
	return h;
}

static double betai(double a, double b, double x)
{
	double bt;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	bt = vc_exp(vc_lgamma(a + b) - vc_lgamma(a) - vc_lgamma(b) + a * vc_log(x) + b * vc_log(1 - x));
	return x < (a + 1) / (a + b + 2) ? bt * betacf(a, b, x) / a : 1 - bt * betacf(b, a, 1 - x) / b;
}

/* P(T <= t) for Student's t with df degrees of freedom */
static double t_cdf(double t, double df)
{
	double tail = 0.5 * betai(df / 2, 0.5, df / (df + t * t));

	return t >= 0 ? 1 - tail : tail;
}

double vc_t_quantile(double p, double df)
{
	double lo = -1e6, hi = 1e6;

	if (!(p > 0 && p < 1) || !(df >= 1))
		return NAN;
	for (int i = 0; i < 200 && hi - lo > 1e-12 * vc_fmax(1, fabs(lo)); i++) {
		double mid = (lo + hi) / 2;

		if (t_cdf(mid, df) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/* log C(n, k) */
static double log_choose(double n, double k)
{
	return vc_lgamma(n + 1) - vc_lgamma(k + 1) - vc_lgamma(n - k + 1);
}

int vc_median_ci(const double *v, size_t n, double conf, double *lo, double *hi)
{
	_cleanup_(freep) double *s = NULL;
	double tail = 0, alpha = (1 - conf) / 2;
	size_t l = 0;

	*lo = *hi = NAN;
	/* l: the largest rank with P(Bin(n, 1/2) <= l - 1) <= alpha */
	while (l < n / 2) {
		double next = tail + vc_exp(log_choose((double)n, (double)l) - (double)n * M_LN2);

		if (next > alpha)
			break;
		tail = next;
		l++;
	}
	if (l == 0)
		return -ENODATA;
	s = sorted_copy(v, n);
	*lo = s[l - 1];
	*hi = s[n - l];
	return 0;
}

static size_t block_count(size_t n)
{
	size_t b = (size_t)(vc_cbrt((double)n));

	return b < 5 ? 5 : b > 10 ? 10 : b;
}

/* Student's t interval of the mean of x[k] (k >= 2), at conf */
static void t_interval(const double *x, size_t k, double conf, double *lo, double *hi)
{
	double mean = 0, ss = 0, half;

	for (size_t i = 0; i < k; i++)
		mean += x[i];
	mean /= (double)k;
	for (size_t i = 0; i < k; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	half = vc_t_quantile(1 - (1 - conf) / 2, (double)(k - 1)) * vc_sqrt(ss / (double)(k - 1) / (double)k);
	*lo = mean - half;
	*hi = mean + half;
}

int vc_series_interval(const double *v, size_t n, double conf, struct vc_interval *out)
{
	double blocks[10], lo, hi, min = NAN, max = NAN;
	size_t b;

	memset(out, 0, sizeof(*out));
	out->n = n;
	out->est = vc_median(v, n);
	out->lo = out->hi = NAN;
	if (n < VC_INTERVAL_MIN_N || vc_median_ci(v, n, conf, &out->lo, &out->hi) < 0)
		return -ENODATA;
	b = block_count(n);
	for (size_t i = 0; i < b; i++) {
		size_t from = i * n / b, to = (i + 1) * n / b;

		blocks[i] = vc_median(v + from, to - from);
	}
	t_interval(blocks, b, conf, &lo, &hi);
	out->blocks = b;
	out->lo = vc_fmin(vc_fmin(out->lo, lo), out->est);
	out->hi = vc_fmax(vc_fmax(out->hi, hi), out->est);
	/* a median lies within the values: the t interval of a few wild blocks may not say more */
	for (size_t i = 0; i < n; i++) {
		min = i ? vc_fmin(min, v[i]) : v[i];
		max = i ? vc_fmax(max, v[i]) : v[i];
	}
	out->lo = vc_fmax(out->lo, min);
	out->hi = vc_fmin(out->hi, max);
	return 0;
}

int vc_fold_repetitions(const double *pooled, size_t n, const double *rep_est, size_t k, double conf,
			struct vc_interval *out)
{
	double lo, hi, logs[VC_FOLD_MAX];
	bool positive = k <= VC_FOLD_MAX;
	int r = vc_series_interval(pooled, n, conf, out);

	if (r < 0 || k < 2)
		return r;
	for (size_t i = 0; i < k; i++) {
		if (isnan(rep_est[i]))
			return 0;
		positive = positive && rep_est[i] > 0;
	}
	/* not clamped to the values: with K states drawn, the level lies outside their range with
	 * probability 2^(1-K) (25% for 3), and two A/A runs whose ranges were the intervals would
	 * separate in 1 of 20 benchmarks. Times and ratios of times are positive and a process's state
	 * scales them: the t interval is taken on their logarithms (a geometric interval, above 0 however
	 * far apart the repetitions lie); anything else on the values, cut at 0. */
	if (positive) {
		for (size_t i = 0; i < k; i++)
			logs[i] = vc_log(rep_est[i]);
		t_interval(logs, k, conf, &lo, &hi);
		lo = vc_exp(lo);
		hi = vc_exp(hi);
	} else {
		t_interval(rep_est, k, conf, &lo, &hi);
		lo = vc_fmax(lo, 0);
	}
	out->lo = vc_fmin(out->lo, lo);
	out->hi = vc_fmax(out->hi, hi);
	return 0;
}
