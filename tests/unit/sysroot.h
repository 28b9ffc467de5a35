/* Shared by the cmocka tests that read a sysroot: a fixture host copied to change, the whole report
 * of it, a finding it must have, and its end. Test scaffolding only: the product never runs a shell. */
#pragma once

#include <stdio.h>

#include "lib/host/host.h"
#include "lib/model/report.h"
#include "lib/verdict/run.h"

/* The directory DIR (made by mkdtemp) emptied and filled with a copy of fixture NAME. */
static inline void sysroot_copy(const char *dir, const char *name)
{
	char cmd[2048];

	assert_true((size_t)snprintf(cmd, sizeof(cmd),
				     "find '%s' -mindepth 1 -delete && cp -r '%s/tests/fixtures/%s/.' '%s'",
				     dir, getenv("VC_SRCDIR") ? getenv("VC_SRCDIR") : ".", name,
				     dir) < sizeof(cmd));
	assert_int_equal(system(cmd), 0);
}

/* DIR and all in it gone. */
static inline void sysroot_remove(const char *dir)
{
	char cmd[1100];

	assert_true((size_t)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir) < sizeof(cmd));
	assert_int_equal(system(cmd), 0);
}

/* Files added to DIR, with the directories they need: n/2 pairs of a path below DIR and its text
 * (NULL text: an empty file). */
static inline void sysroot_put(const char *dir, const char *const *files, size_t n)
{
	char cmd[2048];

	for (size_t i = 0; i + 1 < n; i += 2) {
		assert_true((size_t)snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s/%s')\"", dir,
					     files[i]) < sizeof(cmd));
		assert_int_equal(system(cmd), 0);
		put_file(dir, files[i], files[i + 1] ? files[i + 1] : "");
	}
}

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

/* Whether one of finding F's remedies (F may be NULL: none) says TEXT. */
static inline bool remedy_says(const struct vc_finding *f, const char *text)
{
	for (size_t i = 0; f && i < f->remedies.n; i++)
		if (strstr(f->remedies.v[i].steps, text))
			return true;
	return false;
}

/* The finding ID, which must be in CTX; where IN_REMEDY is not NULL, one of its remedies must say it. */
static inline const struct vc_finding *must_find(const struct vc_ctx *ctx, enum vc_fid id,
						 const char *in_remedy)
{
	const struct vc_finding *f = vc_find(ctx, id);

	if (!f)
		fail_msg("no finding %s", vc_fid_name(id));
	if (in_remedy && !remedy_says(f, in_remedy))
		fail_msg("%s: no remedy says \"%s\"", vc_fid_name(id), in_remedy);
	return f;
}
