/* libm, loaded on first use: only the benchmark and its statistics need it. */
#pragma once

/*
 * Linked, libm cost every run (a preflight, a report) about 70 us before main(): its load,
 * relocation and IFUNC resolution. These are libm's own functions through dlsym, so every result
 * is bit for bit what linking gave; NAN when libm cannot be loaded (glibc ships it with libc, in
 * libc6): a caller asks vc_libm_load first and stops with its reason. ceil, floor, fmin and fmax
 * are plain C (deadlines and sizes never depend on the load). Thread-safe. fabs needs none
 * (compilers inline it); should a compiler leave a call to another, the build links libm
 * (--as-needed) rather than fail.
 */
#include <stddef.h>

/* 0 once libm is loaded, or -ELIBACC with why (dlerror's words) filled in. */
int vc_libm_load(char *why, size_t size);
double vc_cbrt(double x);
double vc_ceil(double x);
double vc_exp(double x);
double vc_floor(double x);
double vc_fmax(double a, double b);
double vc_fmin(double a, double b);
double vc_ldexp(double x, int e);
double vc_lgamma(double x);
double vc_log(double x);
double vc_pow(double x, double y);
double vc_sqrt(double x);
