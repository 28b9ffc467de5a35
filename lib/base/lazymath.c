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
static fn1 *sym_cbrt, *sym_ceil, *sym_exp, *sym_floor, *sym_lgamma, *sym_log, *sym_sqrt;
static fn2 *sym_fmax, *sym_fmin, *sym_pow;
static double (*sym_ldexp)(double, int);

static void load_libm(void)
{
	VC_ELF_NOTE_DLOPEN("math", "The benchmark's statistics (bootstrap, t and binomial intervals)",
			   "required", "libm.so.6");
	vc_dlib_load(&libm, (void *)&sym_cbrt, "cbrt", (void *)&sym_ceil, "ceil", (void *)&sym_exp, "exp",
		     (void *)&sym_floor, "floor", (void *)&sym_fmax, "fmax", (void *)&sym_fmin, "fmin",
		     (void *)&sym_ldexp, "ldexp", (void *)&sym_lgamma, "lgamma", (void *)&sym_log, "log",
		     (void *)&sym_pow, "pow", (void *)&sym_sqrt, "sqrt");
}

static int libm_ready(void)
{
	pthread_once(&libm_once, load_libm);
	return libm.handle && !libm.err;
}

/* each one libm's, once it is loaded */
#define LIBM_FN(name, params, args)                                                                          \
	double vc_##name params                                                                              \
	{                                                                                                    \
		return libm_ready() ? sym_##name args : NAN;                                                 \
	}

LIBM_FN(cbrt, (double x), (x))
LIBM_FN(ceil, (double x), (x))
LIBM_FN(exp, (double x), (x))
LIBM_FN(floor, (double x), (x))
LIBM_FN(fmax, (double a, double b), (a, b))
LIBM_FN(fmin, (double a, double b), (a, b))
LIBM_FN(ldexp, (double x, int e), (x, e))
LIBM_FN(lgamma, (double x), (x))
LIBM_FN(log, (double x), (x))
LIBM_FN(pow, (double x, double y), (x, y))
LIBM_FN(sqrt, (double x), (x))
