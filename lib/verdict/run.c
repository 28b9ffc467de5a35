/* The one pipeline: host -> probes -> facts -> verdict, shared by every command. */
#include <string.h>

#include "lib/verdict/run.h"
#include "lib/verdict/verdict.h"

static void host_section(struct vc_ctx *ctx)
{
	_cleanup_(freep) char *release = NULL;
	const char *sysroot = vc_host_sysroot(ctx->host);

	ctx->current = NULL;
	if (vc_ctx_read_value(ctx, "/proc/sys/kernel/osrelease", &release) == 0 && *release)
		ctx->facts.kernel = xstrdup(release);
	ctx->facts.sysroot = sysroot;
	vc_obj_set(ctx->host_facts, "kernel", vc_str(ctx->facts.kernel));
	vc_obj_set(ctx->host_facts, "sysroot", vc_str(sysroot));
}

int vc_report_run(struct vc_ctx *ctx, const struct vc_probe *const *probes, size_t n)
{
	const struct vc_host_problem *pr;
	size_t np;

	host_section(ctx);
	for (size_t i = 0; i < n; i++) {
		struct vc_val *facts;
		int r;

		ctx->current = probes[i];
		r = probes[i]->fill(ctx);
		facts = vc_facts_probe_json(&ctx->facts, probes[i]->id);
		ctx->facts.ran |= VC_P(probes[i]->id);
		vc_obj_set(ctx->probes, probes[i]->name, facts);
		if (r < 0) {
			char id[64];

			snprintf(id, sizeof(id), "internal.%s", probes[i]->name);
			vc_finding(ctx, VC_SEV_ERROR, id, NULL, "The %s probe failed: %s", probes[i]->name,
				   strerror(-r));
		}
	}
	ctx->current = NULL;
	static const struct {
		const char *key, *fact;
	} host_keys[] = {
		{ "cpu_vendor", "cpuid.vendor" },
		{ "cpu_model", "cpuid.brand" },
		{ "hypervisor_signature", "cpuid.hypervisor_signature" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(host_keys); i++) {
		const char *v = vc_get_str(ctx->probes, host_keys[i].fact);

		vc_obj_set(ctx->host_facts, host_keys[i].key, vc_str(v));
	}
	pr = vc_host_problems(ctx->host, &np);
	for (size_t i = 0; i < np; i++) {
		char id[320];

		snprintf(id, sizeof(id), "input.malformed:%s:%zu", pr[i].path, i);
		vc_finding(ctx, VC_SEV_WARNING, id, NULL, "%s: %s", pr[i].path, pr[i].what);
	}
	vc_verdict(ctx);
	return 0;
}
