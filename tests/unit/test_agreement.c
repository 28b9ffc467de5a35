/* Every fixture host, four ways: the report, `switch --dry-run`, `explain` of the fixture's error and
 * `preflight --require kvm` must agree (issue 15): the same blocker with the same remedies, and
 * preflight's kvm met exactly when the report says the invoking user can use KVM. Each command's
 * own library path runs here, on its own host handle, as the command runs it. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

#include "lib/act/switch.h"
#include "lib/model/catalog.h"
#include "lib/verdict/preflight.h"
#include "lib/verdict/run.h"
#include "sysroot.h"

static int failures;

_printf_(2, 3) static void disagree(const char *fixture, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "DISAGREE %s: ", fixture);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	failures++;
}

/* The value of SOURCE.md's "KEY: value" line (the first), or NULL. */
static char *source_line(const char *dir, const char *key)
{
	char path[1024], line[1024];
	size_t klen = strlen(key);
	char *found = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/SOURCE.md", dir);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	while (!found && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			char *v = line + klen + 1;

			v += strspn(v, " ");
			v[strcspn(v, "\n")] = '\0';
			found = xstrdup(v);
		}
	fclose(f);
	return found;
}

/* owner-pending.txt lists the fixtures whose SOURCE.md expectation is not met yet (tests/fixtures.sh
 * fails when one is): their blocker is the report's own. */
static bool pending(const char *fx, const char *name)
{
	char path[1100], line[512];
	size_t n = strlen(name);
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/owner-pending.txt", fx);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, name, n) && (line[n] == ' ' || line[n] == '\n');
	fclose(f);
	return found;
}

/* The blocker: SOURCE.md's expected finding, else the most severe finding (warning or error) that
 * has a remedy, the first of the report's order among equals; NULL on a host without one. */
static const struct vc_finding *blocker(const struct vc_ctx *ctx, const char *expected)
{
	const struct vc_finding *best = NULL;

	for (size_t i = 0; i < ctx->findings.n; i++) {
		const struct vc_finding *f = &ctx->findings.v[i];

		if (expected && !strcmp(f->id, expected))
			return f;
		if (!expected && f->severity >= VC_SEV_WARNING && f->remedies.n &&
		    (!best || f->severity > best->severity))
			best = f;
	}
	return best;
}

static bool same_remedies(const struct vc_finding *a, const struct vc_finding *b)
{
	if (a->remedies.n != b->remedies.n)
		return false;
	for (size_t i = 0; i < a->remedies.n; i++)
		if (a->remedies.v[i].kind != b->remedies.v[i].kind ||
		    a->remedies.v[i].reboot != b->remedies.v[i].reboot ||
		    strcmp(a->remedies.v[i].steps, b->remedies.v[i].steps) != 0)
			return false;
	return true;
}

/* explain: the errors of the text (SOURCE.md's expect-error) or the first in the catalogue that the
 * blocker explains; the first finding explain shows (errors first, the report's order) is the
 * blocker, with the report's remedies. */
static void check_explain(const char *name, const char *dir, const struct vc_finding *b)
{
	_cleanup_(freep) char *text = source_line(dir, "expect-error");
	const struct vc_known_error *m[8];
	const struct vc_finding *shown = NULL;
	size_t n = 0;
	struct vc_ctx *ctx;

	if (text) {
		n = vc_match_errors(text, m, ARRAY_SIZE(m));
		if (!n) {
			disagree(name, "explain knows no error in \"%s\"", text);
			return;
		}
	} else {
		for (size_t i = 0; i < vc_nknown_errors && !n; i++) {
			m[0] = &vc_known_errors[i];
			n = vc_known_errors_relate(m, 1, b->id);
		}
		if (!n)
			return; /* no error message leads to this finding: nothing to explain */
	}
	ctx = sysroot_report(dir);
	for (int sev = _VC_SEV_MAX - 1; sev >= 0 && !shown; sev--)
		for (size_t i = 0; i < ctx->findings.n && !shown; i++)
			if (ctx->findings.v[i].severity == (enum vc_severity)sev &&
			    vc_known_errors_relate(m, n, ctx->findings.v[i].id))
				shown = &ctx->findings.v[i];
	if (!shown)
		disagree(name, "explain %s shows no finding; the report's blocker is %s", m[0]->id, b->id);
	else if (strcmp(shown->id, b->id) != 0)
		disagree(name, "explain %s shows %s first; the report's blocker is %s", m[0]->id, shown->id,
			 b->id);
	else if (!same_remedies(shown, b))
		disagree(name, "explain %s: %s has other remedies than in the report", m[0]->id, b->id);
	sysroot_free(ctx);
}

/* The report says the invoking user can use KVM: it works (or, passive, should), and nobody who ran
 * virtcheck through sudo is denied. */
static bool report_kvm_usable(const struct vc_ctx *ctx)
{
	const struct vc_kvm_facts *k = &ctx->facts.kvm;

	return (k->usable == VC_TRI_TRUE || k->usable_unverified) &&
	       !vc_find(ctx, VC_FID_KVM_INVOKER_NO_ACCESS) && !vc_find(ctx, VC_FID_KVM_NO_ACCESS);
}

/* preflight --require kvm: met exactly when the report says KVM is usable; unmet, its remedy is the
 * blocker's when the blocker is about KVM. */
static void check_preflight(const char *name, const char *dir, const struct vc_ctx *rep,
			    const struct vc_finding *b)
{
	struct vc_req rq;
	struct vc_outcome out = { 0 };
	struct vc_host *h;
	struct vc_ctx *ctx = NULL;
	unsigned fix = 0;
	bool usable = report_kvm_usable(rep);

	assert_int_equal(vc_req_parse("kvm", &rq), 0);
	assert_int_equal(vc_host_new_sysroot(dir, &h), 0);
	vc_preflight(h, &rq, 1, &ctx, &out, &fix);
	if (out.r.met != usable)
		disagree(name, "preflight kvm %s, but the report says KVM is %susable (%s)",
			 out.r.met ? "met" : "unmet", usable ? "" : "not ", rep->owner.headline);
	/* met, it was told from the first look (modules' states, no parameters), with the report's
	 * backend */
	if (out.r.met) {
		char want[64];

		snprintf(want, sizeof(want), "(backend %s,",
			 rep->facts.kvm.backend ? rep->facts.kvm.backend : "?");
		if (!out.r.message || !strstr(out.r.message, want))
			disagree(name, "preflight kvm says '%s', the report's backend is %s",
				 out.r.message ? out.r.message : "", want);
		for (size_t i = 0; i < VC_NMODULES; i++)
			if (!ctx->first_look || ctx->facts.modules.mod[i].parameters.n)
				disagree(name, "preflight kvm, met, read more than the first look needs");
	}
	if (!out.r.met && b && b->remedies.n) {
		bool kvmish = startswith(b->id, "kvm.") || startswith(b->id, "environment.") ||
			      startswith(b->id, "conflict.virtualbox_blocks_kvm") ||
			      startswith(b->id, "conflict.vmware_blocks_kvm") || strstr(b->id, "vt_disabled");

		for (size_t i = 0; kvmish && i < b->remedies.n; i++)
			if (!out.r.remedy || !strstr(out.r.remedy, b->remedies.v[i].steps)) {
				disagree(name, "preflight kvm's remedy is not the blocker %s's: %s", b->id,
					 out.r.remedy ? out.r.remedy : "(none)");
				break;
			}
	}
	vc_outcomes_free(&out, 1);
	vc_ctx_free(ctx);
	vc_host_free(h);
}

/* switch --dry-run: to the hypervisor a conflict blocks, the plan takes the holder away (or refuses);
 * where the report says VirtualBox runs next to KVM, the plan to VirtualBox keeps KVM, and only
 * there; KVM's plan is refused where the report says no VT-x/AMD-V reaches KVM. */
static void check_switch(const char *name, const char *dir, const struct vc_ctx *rep)
{
	struct vc_ctx *ctx = sysroot_report(dir);
	const char *vendor = vc_facts_kvm_vendor_module(&ctx->facts);
	struct vc_switch_plan p;

	for (size_t i = 0; i < rep->conflicts.n; i++) {
		const struct vc_conflict *c = &rep->conflicts.v[i];
		enum vc_switch_target t = c->blocked == VC_HV_KVM	   ? VC_TO_KVM
					  : c->blocked == VC_HV_VIRTUALBOX ? VC_TO_VIRTUALBOX
					  : c->blocked == VC_HV_VMWARE	   ? VC_TO_VMWARE
									   : _VC_TO_MAX;

		if (t == _VC_TO_MAX || c->id == VC_FID_CONFLICT_CONCURRENT_VMS)
			continue;
		assert_int_equal(vc_switch_plan(ctx, t, &p), 0);
		if (p.nothing_to_do)
			disagree(name, "the report says %s blocks %s (%s); switch %s has nothing to do",
				 vc_hv_name(c->holder), vc_hv_name(c->blocked), vc_fid_name(c->id),
				 vc_switch_target_name(t));
		vc_switch_plan_free(&p);
	}
	if (ctx->facts.virtualbox.installed && vendor && vc_facts_loaded(&ctx->facts, vendor)) {
		const struct vc_finding *needs = vc_find(rep, VC_FID_CONFLICT_VIRTUALBOX_NEEDS_VIRT_AT_LOAD);
		/* the first fix of "needs KVM to hold VT" keeps KVM (reloaded with it on), unless the
		 * release crashes the host next to it: then unloading KVM (temporary) comes first */
		bool shares =
			vc_find(rep, VC_FID_VIRTUALBOX_SHARES_KVM) ||
			(needs && needs->remedies.n && needs->remedies.v[0].kind == VC_REMEDY_PERSISTENT);

		assert_int_equal(vc_switch_plan(ctx, VC_TO_VIRTUALBOX, &p), 0);
		if (p.keep_kvm != shares)
			disagree(name, "switch virtualbox %s KVM, but the report says VirtualBox %s",
				 p.keep_kvm ? "keeps" : "unloads",
				 shares ? "runs next to it" : "does not run next to it");
		vc_switch_plan_free(&p);
	}
	/* the report says the driver cannot be built or load here: the switch to it is refused with the
	 * report's first remedy, never a plan that loads it */
	static const struct {
		enum vc_fid fid;
		enum vc_switch_target t;
	} cannot[] = {
		{ VC_FID_VIRTUALBOX_DRIVER_NOT_BUILT, VC_TO_VIRTUALBOX },
		{ VC_FID_VIRTUALBOX_DRIVER_REFUSED, VC_TO_VIRTUALBOX },
		{ VC_FID_VMWARE_DRIVER_NOT_BUILT, VC_TO_VMWARE },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cannot); i++) {
		const struct vc_finding *fd = vc_find(rep, cannot[i].fid);

		if (!fd || !fd->remedies.n)
			continue;
		assert_int_equal(vc_switch_plan(ctx, cannot[i].t, &p), 0);
		if (!p.refuse || !strstr(p.refusal, fd->remedies.v[0].steps))
			disagree(name, "the report says %s; switch %s is %s", fd->id,
				 vc_switch_target_name(cannot[i].t),
				 p.refuse ? "refused without its remedy" : "not refused");
		vc_switch_plan_free(&p);
	}
	/* the firmware locked VT off: loading any hypervisor's driver cannot help */
	if (vc_find(rep, VC_FID_MSR_VT_DISABLED_BY_FIRMWARE) ||
	    vc_find(rep, VC_FID_CPUID_VT_DISABLED_BY_FIRMWARE)) {
		assert_int_equal(vc_switch_plan(ctx, VC_TO_KVM, &p), 0);
		if (!p.refuse)
			disagree(name, "the report says the firmware disabled VT; switch kvm is not refused");
		vc_switch_plan_free(&p);
	}
	if (vc_find(rep, VC_FID_KVM_UNAVAILABLE) && !vc_find(rep, VC_FID_KVM_NOT_LOADED)) {
		assert_int_equal(vc_switch_plan(ctx, VC_TO_KVM, &p), 0);
		if (!p.refuse)
			disagree(name, "the report says KVM cannot run here; switch kvm is not refused");
		vc_switch_plan_free(&p);
	}
	sysroot_free(ctx);
}

static void check_fixture(const char *fx, const char *name, const char *dir)
{
	_cleanup_(freep) char *expected = pending(fx, name) ? NULL : source_line(dir, "expect-finding");
	struct vc_ctx *rep = sysroot_report(dir);
	const struct vc_finding *b = blocker(rep, expected);

	if (expected && !b)
		disagree(name, "the report has no finding %s (SOURCE.md)", expected);
	if (b)
		check_explain(name, dir, b);
	check_preflight(name, dir, rep, b);
	check_switch(name, dir, rep);
	sysroot_free(rep);
}

static void test_fixtures_agree(void **state)
{
	const char *src = getenv("VC_SRCDIR");
	char fx[1024];
	struct dirent *e;
	DIR *d;
	int n = 0;

	(void)state;
	snprintf(fx, sizeof(fx), "%s/tests/fixtures", src ? src : ".");
	d = opendir(fx);
	assert_non_null(d);
	while ((e = readdir(d))) {
		char dir[2048];
		struct stat st;

		snprintf(dir, sizeof(dir), "%s/%s", fx, e->d_name);
		if (e->d_name[0] == '.' || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		check_fixture(fx, e->d_name, dir);
		n++;
	}
	closedir(d);
	fprintf(stderr, "# %d fixtures, %d disagreements\n", n, failures);
	assert_true(n > 30);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_agree),
	};

	return cmocka_run_group_tests_name("agreement", tests, NULL, NULL);
}
