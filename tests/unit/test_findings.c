/* The declarations the pipeline trusts, held against the code: finding ids and who emits them,
 * explain's catalogue against those ids, and the probe table (ids, names, what they need). */
#include "testutil.h"

#include <stdio.h>

#include "lib/model/catalog.h"
#include "lib/model/findings.h"
#include "lib/verdict/run.h"
#include "lib/verdict/verdict.h"
#include "probes/probes.h"

/* The source files that emit findings, and as whom. */
static const struct {
	const char *path;
	unsigned who;
} emitters[] = {
	{ "probes/cpuid.c", VC_P(VC_PROBE_CPUID) },
	{ "probes/modules.c", VC_P(VC_PROBE_MODULES) },
	{ "probes/platform.c", VC_P(VC_PROBE_PLATFORM) },
	{ "probes/msr.c", VC_P(VC_PROBE_MSR) },
	{ "probes/kvm.c", VC_P(VC_PROBE_KVM) },
	{ "probes/processes.c", VC_P(VC_PROBE_PROCESSES) },
	{ "probes/udev.c", VC_P(VC_PROBE_UDEV) },
	{ "probes/pci.c", VC_P(VC_PROBE_PCI) },
	{ "probes/environment.c", VC_P(VC_PROBE_ENVIRONMENT) },
	{ "probes/virtualbox.c", VC_P(VC_PROBE_VIRTUALBOX) },
	{ "probes/vmware.c", VC_P(VC_PROBE_VMWARE) },
	{ "lib/verdict/verdict.c", VC_EMIT_VERDICT },
	{ "lib/verdict/vmware.c", VC_EMIT_VERDICT },
	{ "lib/verdict/fred.c", VC_EMIT_VERDICT },
	{ "lib/verdict/run.c", VC_EMIT_PIPELINE },
	{ "lib/model/report.c", VC_EMIT_PIPELINE },
};

static char *slurp(const char *rel)
{
	const char *src = getenv("VC_SRCDIR");
	char path[4096], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", src ? src : ".", rel);
	f = fopen(path, "r");
	if (!f)
		fail_msg("%s: cannot read (set VC_SRCDIR to the source tree)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* VC_FID_KVM_NO_ACCESS for "kvm.no_access" */
static void constant_name(const char *name, char *out, size_t len)
{
	size_t k = (size_t)snprintf(out, len, "VC_FID_");

	for (const char *c = name; *c && k + 1 < len; c++)
		out[k++] = *c == '.' ? '_' : (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
	out[k] = '\0';
}

/* Whether the text names the constant as a whole word. */
static bool mentions(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = text; (p = strstr(p, word)); p += n) {
		char after = p[n];

		if (!(after == '_' || (after >= 'A' && after <= 'Z') || (after >= '0' && after <= '9')))
			return true;
	}
	return false;
}

static void test_fid_names(void **state)
{
	(void)state;
	for (int i = 0; i < _VC_FID_MAX; i++) {
		const char *n = vc_fid_names[i];

		assert_non_null(n);
		assert_true(vc_fid_emitters[i] != 0);
		for (int j = i + 1; j < _VC_FID_MAX; j++)
			assert_string_not_equal(n, vc_fid_names[j]);
		for (const char *c = n; *c; c++)
			assert_true((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' ||
				    *c == '.');
	}
}

/* Every finding a file emits is declared as its own, and every declared finding is emitted. */
static void test_fid_emitters(void **state)
{
	bool seen[_VC_FID_MAX] = { false };

	(void)state;
	for (size_t e = 0; e < ARRAY_SIZE(emitters); e++) {
		char *text = slurp(emitters[e].path);

		for (int i = 0; i < _VC_FID_MAX; i++) {
			char c[96];

			constant_name(vc_fid_names[i], c, sizeof(c));
			if (!mentions(text, c))
				continue;
			if (!(vc_fid_emitters[i] & emitters[e].who))
				fail_msg("%s emits %s, which vc_fid_emitters does not give it",
					 emitters[e].path, vc_fid_names[i]);
			seen[i] = true;
		}
		free(text);
	}
	for (int i = 0; i < _VC_FID_MAX; i++)
		if (!seen[i])
			fail_msg("%s is declared but nothing emits it", vc_fid_names[i]);
}

/* explain relates error codes to findings by prefix: each prefix must name findings that a
 * probe or the verdict can emit ("owner" is the verdict itself). */
static void test_catalog_relations(void **state)
{
	(void)state;
	for (size_t i = 0; i < vc_nknown_errors; i++) {
		const struct vc_known_error *e = &vc_known_errors[i];

		for (size_t k = 0; k < ARRAY_SIZE(e->related) && e->related[k]; k++) {
			const char *rel = e->related[k];
			bool found = !strcmp(rel, "owner");

			for (int f = 0; f < _VC_FID_MAX && !found; f++)
				found = startswith(vc_fid_names[f], rel) &&
					(vc_fid_emitters[f] & ~VC_EMIT_PIPELINE);
			if (!found)
				fail_msg("explain's %s relates to '%s', which no probe or the verdict emits",
					 e->id, rel);
		}
	}
}

static void test_probe_table(void **state)
{
	enum vc_probe_id order[_VC_PROBE_MAX];

	(void)state;
	for (unsigned p = 0; p < _VC_PROBE_MAX; p++) {
		assert_non_null(vc_probes[p]);
		assert_int_equal(vc_probes[p]->id, p);
		assert_string_equal(vc_probes[p]->name, vc_probe_name(p));
		assert_false(vc_probes[p]->needs & VC_P(p));
	}
	/* no cycle: everything runs, in table order */
	assert_int_equal(vc_run_order(VC_ALL_PROBES, order), _VC_PROBE_MAX);
	for (unsigned p = 0; p < _VC_PROBE_MAX; p++)
		assert_int_equal(order[p], p);
	/* what a probe needs comes with it, and first */
	assert_int_equal(vc_run_order(VC_P(VC_PROBE_UDEV), order), 5);
	assert_int_equal(order[0], VC_PROBE_CPUID);
	assert_int_equal(order[1], VC_PROBE_MODULES);
	assert_int_equal(order[2], VC_PROBE_PLATFORM); /* kvm reads the kernel configuration */
	assert_int_equal(order[3], VC_PROBE_KVM);
	assert_int_equal(order[4], VC_PROBE_UDEV);
	/* what it only uses when it ran is not pulled in */
	assert_int_equal(vc_run_order(VC_P(VC_PROBE_MSR), order), 2);
	assert_int_equal(order[1], VC_PROBE_MSR);
	/* the verdict's facts, all of them */
	assert_int_equal(vc_run_order(VC_VERDICT_NEEDS, order), 9);
	assert_int_equal(vc_run_order(0, order), 0);
}

/* A probe's late step: what it adds goes where its fill left it, as if fill had added it there
 * (the cpuid probe checks every CPU last, where a live host has read them meanwhile). */
static void late_fill_late(struct vc_ctx *ctx)
{
	vc_evidence(ctx, "2");
	vc_finding(ctx, VC_SEV_WARNING, VC_FID_CPUID_VT_INCONSISTENT, "B");
}

static const struct vc_probe late_probe = {
	.name = "cpuid",
	.id = VC_PROBE_CPUID,
	.late = late_fill_late,
};

static void test_late_step(void **state)
{
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	const struct vc_probe *other = vc_probes[VC_PROBE_KVM];

	(void)state;
	ctx->current = &late_probe;
	vc_finding(ctx, VC_SEV_INFO, VC_FID_CPUID_NO_VT, "A");
	vc_evidence(ctx, "1");
	vc_late_here(ctx);
	vc_finding(ctx, VC_SEV_INFO, VC_FID_CPUID_VT_NOT_EXPOSED, "C");
	vc_evidence(ctx, "3");
	/* a later probe's */
	ctx->current = other;
	vc_evidence(ctx, "kvm");
	vc_finding(ctx, VC_SEV_ERROR, VC_FID_KVM_NO_ACCESS, "D");
	ctx->current = &late_probe;
	vc_late_run(ctx);
	vc_late_run(ctx); /* once */
	assert_int_equal(ctx->findings.n, 4);
	assert_string_equal(ctx->findings.v[0].message, "A");
	assert_string_equal(ctx->findings.v[1].message, "B");
	assert_string_equal(ctx->findings.v[2].message, "C");
	assert_string_equal(ctx->findings.v[3].message, "D");
	assert_int_equal(ctx->trail.n, 2);
	assert_string_equal(ctx->trail.v[0].name, "cpuid");
	assert_int_equal(ctx->trail.v[0].lines.n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(ctx->trail.v[0].lines.v[i][0], (char)('1' + i));
	vc_ctx_free(ctx);

	/* a trail the late step begins goes where the probe's would have begun */
	ctx = vc_ctx_new(NULL);
	ctx->current = &late_probe;
	vc_late_here(ctx);
	ctx->current = other;
	vc_evidence(ctx, "kvm");
	ctx->current = &late_probe;
	vc_late_run(ctx);
	assert_int_equal(ctx->trail.n, 2);
	assert_string_equal(ctx->trail.v[0].name, "cpuid");
	assert_string_equal(ctx->trail.v[1].name, other->name);
	assert_string_equal(ctx->findings.v[0].message, "B");
	vc_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fid_names),	  cmocka_unit_test(test_fid_emitters),
		cmocka_unit_test(test_catalog_relations), cmocka_unit_test(test_probe_table),
		cmocka_unit_test(test_late_step),
	};

	return cmocka_run_group_tests_name("findings", tests, NULL, NULL);
}
