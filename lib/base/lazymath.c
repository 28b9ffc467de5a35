/* libm through dlopen on first use (lib/base/lazymath.h). */
#include "lib/base/lazymath.h"

#include <math.h>
#include <pthread.h>

#include "lib/base/dlib.h"

static struct vc_dlib libm = { .soname = "libm.so.6", .package = "libc6" };
static pthread_once_t libm_once = PTHREAD_ONCE_INIT;

/* declared by hand: math.h declares some with __attribute__((const)), which __typeof__ (and so
 * VC_DLSYM's type check) takes for a different function type */
typedef double fn1(double);
typedef double fn2(double, double);
static fn1 *sym_cbrt, *sym_exp, *sym_lgamma, *sym_log, *sym_sqrt;
static fn2 *sym_fmax, *sym_fmin, *sym_pow;
static double (*sym_ldexp)(double, int);

static void load_libm(void)
{
	VC_ELF_NOTE_DLOPEN("math", "The benchmark's statistics (bootstrap, t and binomial intervals)",
			   "required", "libm.so.6");
	vc_dlib_load(&libm, (void *)&sym_cbrt, "cbrt", (void *)&sym_exp, "exp", (void *)&sym_fmax, "fmax",
		     (void *)&sym_fmin, "fmin", (void *)&sym_ldexp, "ldexp", (void *)&sym_lgamma, "lgamma",
		     (void *)&sym_log, "log", (void *)&sym_pow, "pow", (void *)&sym_sqrt, "sqrt");
}

static int libm_ready(void)
{
	pthread_once(&libm_once, load_libm);
	return libm.handle && !libm.err;
}

double vc_cbrt(double x)
{
	return libm_ready() ? sym_cbrt(x) : NAN;
}

double vc_exp(double x)
{
	return libm_ready() ? sym_exp(x) : NAN;
}

double vc_fmax(double a, double b)
{
	return libm_ready() ? sym_fmax(a, b) : NAN;
}

double vc_fmin(double a, double b)
{
	return libm_ready() ? sym_fmin(a, b) : NAN;
}

double vc_ldexp(double x, int e)
{
	return libm_ready() ? sym_ldexp(x, e) : NAN;
}

double vc_lgamma(double x)
{
	return libm_ready() ? sym_lgamma(x) : NAN;
}

double vc_log(double x)
{
	return libm_ready() ? sym_log(x) : NAN;
}

double vc_pow(double x, double y)
{
	return libm_ready() ? sym_pow(x, y) : NAN;
}

double vc_sqrt(double x)
{
	return libm_ready() ? sym_sqrt(x) : NAN;
}
