/* What a report leaves unread to be faster changes nothing it prints: every fixture host reported
 * with every module parameter read (as JSON and a capture read them) and with only those a rule, a
 * setting or the text reads (ctx->few_params, the text and Prometheus reports). */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/model/modules.h"
#include "lib/render/render.h"
#include "lib/verdict/run.h"
#include "probes/probes.h"
#include "sysroot.h"

/* The text report (plain and with --verbose) and the metrics of fixture DIR. */
static char *report(const char *dir, bool few, struct vc_ctx **ret)
{
	struct vc_render_opts plain = { .width = 0 }, verbose = { .verbose = true, .width = 0 };
	struct vc_host *h;
	struct vc_ctx *ctx;
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(vc_host_new_sysroot(dir, &h), 0);
	vc_host_kvm_want(h, 0);
	ctx = vc_ctx_new(h);
	ctx->few_params = few;
	assert_int_equal(vc_run(ctx, VC_ALL_PROBES, true), 0);
	vc_render_text(f, ctx, &plain);
	vc_render_text(f, ctx, &verbose);
	vc_render_prometheus(f, ctx, "lazy");
	fclose(f);
	*ret = ctx;
	return text;
}

/* Each parameter the short read gives has the full read's value. */
static void same_values(const struct vc_ctx *few, const struct vc_ctx *all)
{
	for (size_t m = 0; m < VC_NMODULES; m++) {
		const struct vc_module_facts *mf = &few->facts.modules.mod[m];

		for (size_t i = 0; i < mf->parameters.n; i++) {
			const struct vc_param *p = &mf->parameters.v[i];
			const char *v = vc_facts_param(&all->facts, vc_modules[m].name, p->name);

			if (!streq_ptr(p->value, v))
				fail_msg("%s.%s: %s read alone, %s with the others", vc_modules[m].name,
					 p->name, p->value ? p->value : "null", v ? v : "null");
		}
		assert_true(mf->parameters.n <= all->facts.modules.mod[m].parameters.n);
	}
}

static void free_ctx(struct vc_ctx *ctx)
{
	struct vc_host *h = ctx->host;

	vc_ctx_free(ctx);
	vc_host_free(h);
}

/* The reports of host DIR, every parameter read and only the used ones: the same; returns in how
 * many modules fewer were read. */
static size_t same_report(const char *dir, const char *name)
{
	struct vc_ctx *few, *all;
	char *a = report(dir, false, &all), *b = report(dir, true, &few);
	size_t fewer = 0;

	if (strcmp(a, b) != 0)
		fail_msg("%s: the report differs when it reads only the parameters it uses", name);
	same_values(few, all);
	for (size_t m = 0; m < VC_NMODULES; m++)
		fewer += few->facts.modules.mod[m].parameters.n < all->facts.modules.mod[m].parameters.n;
	free(a);
	free(b);
	free_ctx(few);
	free_ctx(all);
	return fewer;
}

static void test_few_params_same_report(void **state)
{
	const char *src = getenv("VC_SRCDIR") ? getenv("VC_SRCDIR") : ".";
	char root[4096];
	DIR *d;
	struct dirent *e;
	size_t hosts = 0, fewer = 0;

	(void)state;
	snprintf(root, sizeof(root), "%s/tests/fixtures", src);
	d = opendir(root);
	assert_non_null(d);
	while ((e = readdir(d))) {
		char dir[4400];

		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", root, e->d_name);
		fewer += same_report(dir, e->d_name);
		hosts++;
	}
	closedir(d);
	assert_true(hosts >= 10);
	assert_true(fewer > 0); /* it did read less somewhere */
}

/* The parameters no fixture sets: kvm_intel with TDX on (on Linux 7.1, a finding of its own), APICv
 * off, and one nothing reads. */
static void test_few_params_tdx(void **state)
{
	char dir[] = "/tmp/vc-lazy-XXXXXX";
	static const char *const files[] = {
		"sys/module/kvm_intel/parameters/tdx",
		"Y\n",
		"sys/module/kvm_intel/parameters/enable_apicv",
		"N\n",
		"sys/module/kvm_intel/parameters/ept",
		"Y\n",
		"proc/sys/kernel/osrelease",
		"7.1.0-1-generic\n",
	};

	(void)state;
	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "intel-both-loaded-qemu-vm");
	sysroot_put(dir, files, ARRAY_SIZE(files));
	assert_true(same_report(dir, "intel-both-loaded-qemu-vm with tdx=Y") > 0);
	sysroot_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_few_params_same_report),
		cmocka_unit_test(test_few_params_tdx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
