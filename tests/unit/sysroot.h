/* Shared by the cmocka tests that read a sysroot: the whole report of DIR, and its end. */
#pragma once

#include "lib/host/host.h"
#include "lib/verdict/run.h"

/* Every probe over the sysroot DIR, as `virtcheck --sysroot DIR` runs them. */
static inline struct vc_ctx *sysroot_report(const char *dir)
{
	struct vc_host *h;
	struct vc_ctx *ctx;

	assert_int_equal(vc_host_new_sysroot(dir, &h), 0);
	ctx = vc_ctx_new(h);
	assert_int_equal(vc_run(ctx, VC_ALL_PROBES, true), 0);
	return ctx;
}

/* The context and the host it read. */
static inline void sysroot_free(struct vc_ctx *ctx)
{
	struct vc_host *h = ctx->host;

	vc_ctx_free(ctx);
	vc_host_free(h);
}
