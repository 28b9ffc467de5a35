/* libm through dlopen on first use (lib/base/lazymath.h). */
#include "lib/base/lazymath.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>

#include "lib/base/dlib.h"

static struct vc_dlib libm = { .soname = "libm.so.6", .package = "libc6" };
static pthread_once_t libm_once = PTHREAD_ONCE_INIT;

/* declared by hand: math.h declares some with __attribute__((const)), which __typeof__ (and so
 * VC_DLSYM's type check) takes for a different function type */
typedef double fn1(double);
typedef double fn2(double, double);
static fn1 *sym_cbrt, *sym_exp, *sym_lgamma, *sym_log, *sym_sqrt;
static fn2 *sym_pow;
static double (*sym_ldexp)(double, int);

static void load_libm(void)
{
	VC_ELF_NOTE_DLOPEN("math", "The benchmark's statistics (bootstrap, t and binomial intervals)",
			   "required", "libm.so.6");
	vc_dlib_load(&libm, (void *)&sym_cbrt, "cbrt", (void *)&sym_exp, "exp", (void *)&sym_ldexp, "ldexp",
		     (void *)&sym_lgamma, "lgamma", (void *)&sym_log, "log", (void *)&sym_pow, "pow",
		     (void *)&sym_sqrt, "sqrt");
}

static int libm_ready(void)
{
	pthread_once(&libm_once, load_libm);
	return libm.handle && !libm.err;
}

int vc_libm_load(char *why, size_t size)
{
	if (libm_ready())
		return 0;
	snprintf(why, size, "%s", libm.why[0] ? libm.why : "dlopen failed");
	return -ELIBACC;
}

/* Below 2^52 a double has a fraction to drop; at or above it (and inf, NaN) it is whole. */
double vc_floor(double x)
{
	double t;

	if (!(fabs(x) < 4503599627370496.0))
		return x;
	t = (double)(long long)x;
	return t > x ? t - 1 : t;
}

double vc_ceil(double x)
{
	double t;

	if (!(fabs(x) < 4503599627370496.0))
		return x;
	t = (double)(long long)x;
	return t < x ? t + 1 : t;
}

/* as C99's: a NaN loses to a number */
double vc_fmin(double a, double b)
{
	return isnan(a) ? b : isnan(b) ? a : a < b ? a : b;
}

double vc_fmax(double a, double b)
{
	return isnan(a) ? b : isnan(b) ? a : a > b ? a : b;
}

/* each one libm's, once it is loaded */
#define LIBM_FN(name, params, args)                                                                          \
	double vc_##name params                                                                              \
	{                                                                                                    \
		return libm_ready() ? sym_##name args : NAN;                                                 \
	}

LIBM_FN(cbrt, (double x), (x))
LIBM_FN(exp, (double x), (x))
LIBM_FN(ldexp, (double x, int e), (x, e))
LIBM_FN(lgamma, (double x), (x))
LIBM_FN(log, (double x), (x))
LIBM_FN(pow, (double x, double y), (x, y))
LIBM_FN(sqrt, (double x), (x))
