/* Every fixture host, four ways: the report, `switch --dry-run`, `explain` of the fixture's error and
 * `preflight --require kvm` must agree (issue 15): the same blocker with the same remedies, and
 * preflight's kvm met exactly when the report says the invoking user can use KVM. Each command's
 * own library path runs here, on its own host handle, as the command runs it. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

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
		/* of KVM's capabilities, only the one that decides usability was asked (a
		 * KVM_CHECK_EXTENSION ioctl each, live) */
		for (size_t i = 0; ctx->facts.kvm.caps && i < vc_kvm_ncaps; i++)
			if (ctx->facts.kvm.caps[i] >= 0 && strcmp(vc_kvm_caps[i].name, "KVM_CAP_USER_MEMORY"))
				disagree(name, "preflight kvm, met, asked /dev/kvm for %s",
					 vc_kvm_caps[i].name);
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

/* ---- "the same remedies" of a conflict and the switch plan to the hypervisor it blocks ----
 * A plan is modules (remove[], load[] with load_options[]) and a refusal; a remedy says what it does
 * to modules in its structured fields (struct vc_remedy's unload, load, set), not only in its text.
 * They are the same when:
 *   - the conflict's remedies name running VMs ("pid N (COMM)"): the plan is refused and its
 *     refusal names each of them (virtcheck never stops a VM);
 *   - else its first remedy that unloads modules is the run-time fix: the plan removes exactly
 *     those of the holder's modules, loads exactly the holder's modules that remedy loads again
 *     (kvm counts as loaded with kvm_intel/kvm_amd: its dependency), loads each with a parameter
 *     only at the value that remedy leaves in effect (module.parameter=value), and, where the
 *     remedy loads modules again with a parameter set, sets it too;
 *   - else (nothing can be unloaded: a built-in KVM) the plan is refused and its refusal carries
 *     each module.parameter=value the first remedy leaves in effect (the kernel command line).
 * Each remedy's structured fields are checked against its own text too: it runs `modprobe -r` with
 * the modules it unloads, and names each parameter it sets.
 * tests/agreement.sh checks the same through the binary's JSON ("modules"). */

/* the modules of a hypervisor, as switch removes them */
static const char *const family_mods[][4] = {
	[VC_HV_KVM] = { "kvm", "kvm_intel", "kvm_amd", "kvm_pvm" },
	[VC_HV_VIRTUALBOX] = { "vboxdrv", "vboxnetflt", "vboxnetadp", "vboxpci" },
	[VC_HV_VMWARE] = { "vmmon", "vmnet" },
};

/* the bit of mod in its family's row, 0 for another hypervisor's */
static unsigned family_bit(enum vc_hv hv, const char *mod)
{
	for (size_t i = 0; hv < ARRAY_SIZE(family_mods) && i < ARRAY_SIZE(family_mods[hv]); i++)
		if (family_mods[hv][i] && !strcmp(family_mods[hv][i], mod))
			return 1u << i;
	return 0;
}

/* loading kvm_intel or kvm_amd loads kvm (bit 0), its dependency */
static unsigned with_deps(enum vc_hv hv, unsigned set)
{
	return hv == VC_HV_KVM && (set & 6u) ? set | 1u : set;
}

static unsigned family_set(enum vc_hv hv, const struct vc_strv *mods)
{
	unsigned set = 0;

	for (size_t i = 0; i < mods->n; i++)
		set |= family_bit(hv, mods->v[i]);
	return set;
}

/* the modules of set, "kvm_intel kvm", or "none" */
static const char *mods_of(enum vc_hv hv, unsigned set, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; hv < ARRAY_SIZE(family_mods) && i < ARRAY_SIZE(family_mods[hv]); i++)
		if (set & (1u << i) && family_mods[hv][i])
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? " " : "",
					      family_mods[hv][i]);
	return buf[0] ? buf : "none";
}

static bool same_value(const char *a, const char *b)
{
	const char *na = vc_norm_bool(a), *nb = vc_norm_bool(b);

	return !strcmp(na ? na : a, nb ? nb : b);
}

/* The value the remedy leaves module.param at (its set[]), or NULL when it does not change it. */
static const char *remedy_sets(const struct vc_remedy *r, const char *module, const char *param)
{
	size_t m = strlen(module), n = strlen(param);

	for (size_t i = 0; i < r->set.n; i++) {
		const char *s = r->set.v[i];

		if (!strncmp(s, module, m) && s[m] == '.' && !strncmp(s + m + 1, param, n) &&
		    s[m + 1 + n] == '=')
			return s + m + 2 + n;
	}
	return NULL;
}

/* A remedy's structured fields say what its text does: `modprobe -r` with its modules in that
 * order, and each parameter it sets named (as module.param, or param after "options MODULE"). */
static void check_remedy_fields(const char *name, const struct vc_finding *fd, const struct vc_remedy *r)
{
	if (r->unload.n) {
		struct buf want = { 0 };

		buf_printf(&want, "modprobe -r");
		for (size_t i = 0; i < r->unload.n; i++)
			buf_printf(&want, " %s", r->unload.v[i]);
		const char *at = strstr(r->steps, want.data);

		/* the whole list: "modprobe -r kvm" is not "modprobe -r kvm_amd kvm" */
		char next = at ? at[strlen(want.data)] : '\0';

		if (!at || (next && strchr("abcdefghijklmnopqrstuvwxyz0123456789_", next)))
			disagree(name, "%s: a remedy unloads %s, its text does not say `%s`: %s", fd->id,
				 r->unload.v[0], want.data, r->steps);
		buf_free(&want);
	}
	for (size_t i = 0; i < r->set.n; i++) {
		const char *dot = strchr(r->set.v[i], '.'), *eq = strchr(r->set.v[i], '=');
		_cleanup_(freep) char *param =
			dot && eq > dot ? xstrndup(dot + 1, (size_t)(eq - dot - 1)) : NULL;

		if (!param || !strstr(r->steps, param))
			disagree(name, "%s: a remedy sets %s, its text does not name it: %s", fd->id,
				 r->set.v[i], r->steps);
	}
}

static void check_plan_steps(const char *name, const struct vc_finding *fd, enum vc_hv holder,
			     const struct vc_switch_plan *p)
{
	const char *refusal = p->refusal ? p->refusal : "";
	const struct vc_remedy *fix = NULL;
	unsigned unload = 0, reload = 0, premove = 0, pload = 0;
	char ma[128], mb[128];
	bool vms = false;

	for (size_t r = 0; r < fd->remedies.n; r++) {
		check_remedy_fields(name, fd, &fd->remedies.v[r]);
		for (const char *s = strstr(fd->remedies.v[r].steps, "pid "); s; s = strstr(s + 1, "pid ")) {
			size_t n = strspn(s + 4, "0123456789");
			const char *e = n ? strchr(s + 4 + n, ')') : NULL;
			_cleanup_(freep) char *vm = e && s[4 + n] == ' ' && s[5 + n] == '('
							    ? xstrndup(s, (size_t)(e + 1 - s))
							    : NULL;

			if (!vm)
				continue;
			vms = true;
			if (!p->refuse || !strstr(refusal, vm))
				disagree(name, "%s names the VM to stop, %s; switch %s %s", fd->id, vm,
					 vc_switch_target_name(p->target),
					 p->refuse ? "does not" : "is not refused");
		}
	}
	if (vms)
		return;
	for (size_t r = 0; r < fd->remedies.n && !fix; r++)
		if (family_set(holder, &fd->remedies.v[r].unload))
			fix = &fd->remedies.v[r];
	if (!fix) {
		const struct vc_remedy *first = fd->remedies.n ? &fd->remedies.v[0] : NULL;

		if (first && !p->refuse)
			disagree(name, "%s unloads nothing (%s); switch %s is not refused", fd->id,
				 first->steps, vc_switch_target_name(p->target));
		/* each module.parameter=value the remedy leaves in effect, in the refusal */
		for (size_t i = 0; first && p->refuse && i < first->set.n; i++)
			if (!strstr(refusal, first->set.v[i]))
				disagree(name, "%s puts %s on the command line; switch %s's refusal does not",
					 fd->id, first->set.v[i], vc_switch_target_name(p->target));
		return;
	}
	if (p->refuse) {
		disagree(name, "%s's fix is `%s`; switch %s is refused: %s", fd->id, fix->steps,
			 vc_switch_target_name(p->target), refusal);
		return;
	}
	unload = family_set(holder, &fix->unload);
	reload = with_deps(holder, family_set(holder, &fix->load));
	for (size_t i = 0; i < p->nremove; i++)
		premove |= family_bit(holder, p->remove[i]);
	for (size_t i = 0; i < p->nload; i++)
		pload |= family_bit(holder, p->load[i]);
	pload = with_deps(holder, pload);
	if (premove != unload)
		disagree(name, "%s's fix `%s` unloads %s; switch %s removes %s", fd->id, fix->steps,
			 mods_of(holder, unload, ma, sizeof(ma)), vc_switch_target_name(p->target),
			 mods_of(holder, premove, mb, sizeof(mb)));
	if (pload != reload)
		disagree(name, "%s's fix `%s` loads %s again; switch %s loads %s", fd->id, fix->steps,
			 mods_of(holder, reload, ma, sizeof(ma)), vc_switch_target_name(p->target),
			 mods_of(holder, pload, mb, sizeof(mb)));

	/* each parameter the plan loads a module with is one the fix leaves at that value */
	for (size_t i = 0; i < p->nload; i++) {
		_cleanup_(freep) char *opts = p->load_options[i] ? xstrdup(p->load_options[i]) : NULL;
		char *save = NULL;

		for (char *kv = opts ? strtok_r(opts, " ", &save) : NULL; kv;
		     kv = strtok_r(NULL, " ", &save)) {
			char *v = strchr(kv, '=');
			const char *fv;

			if (!v)
				continue;
			*v++ = '\0';
			fv = remedy_sets(fix, p->load[i], kv);
			if (!fv)
				disagree(name,
					 "switch %s loads %s with %s=%s, which %s's fix does not change",
					 vc_switch_target_name(p->target), p->load[i], kv, v, fd->id);
			else if (!same_value(v, fv))
				disagree(name, "switch %s loads %s with %s=%s; %s's fix leaves %s.%s=%s",
					 vc_switch_target_name(p->target), p->load[i], kv, v, fd->id,
					 p->load[i], kv, fv);
		}
	}
	/* a fix that loads modules again with a parameter set: the plan sets each one it sets */
	for (size_t s = 0; reload && s < fix->set.n; s++) {
		const char *kv = fix->set.v[s], *dot = strchr(kv, '.');
		bool set = false;

		for (size_t i = 0; dot && i < p->nload && !set; i++)
			set = !strncmp(kv, p->load[i], (size_t)(dot - kv)) && !p->load[i][dot - kv] &&
			      p->load_options[i] && strstr(p->load_options[i], dot + 1);
		if (!set)
			disagree(name, "%s's fix reloads with %s; switch %s loads without it", fd->id, kv,
				 vc_switch_target_name(p->target));
	}
}

/* switch --dry-run: to the hypervisor a conflict blocks, the plan takes the holder away (or refuses);
 * where the report says VirtualBox runs next to KVM, the plan to VirtualBox keeps KVM, and only
 * there; KVM's plan is refused where the report says no VT-x/AMD-V reaches KVM. */
/* The switch to hv is refused because hv's own driver cannot be built or loaded, an error the
 * report also gives, with that error's first remedy: then the conflict's fix (unloading the holder)
 * is not what the switch can carry out, and the refusal agrees with the report. */
static bool refused_for_driver(const struct vc_ctx *rep, enum vc_hv hv, const struct vc_switch_plan *p)
{
	const char *prefix = hv == VC_HV_VIRTUALBOX ? "virtualbox." : hv == VC_HV_VMWARE ? "vmware." : NULL;

	for (size_t i = 0; prefix && p->refuse && p->refusal && i < rep->findings.n; i++) {
		const struct vc_finding *f = &rep->findings.v[i];

		if (f->severity == VC_SEV_ERROR && !strncmp(f->id, prefix, strlen(prefix)) && f->remedies.n &&
		    strstr(p->refusal, f->remedies.v[0].steps))
			return true;
	}
	return false;
}

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
		else if (vc_find(rep, c->id) && !refused_for_driver(rep, c->blocked, &p))
			check_plan_steps(name, vc_find(rep, c->id), c->holder, &p);
		vc_switch_plan_free(&p);
	}
	if (ctx->facts.virtualbox.installed && vendor && vc_facts_loaded(&ctx->facts, vendor)) {
		const struct vc_finding *needs = vc_find(rep, VC_FID_CONFLICT_VIRTUALBOX_NEEDS_VIRT_AT_LOAD);
		/* the first fix of "needs KVM to hold VT" that unloads KVM loads it again (with it on),
		 * unless the release crashes the host next to it: then unloading KVM comes first */
		bool shares = vc_find(rep, VC_FID_VIRTUALBOX_SHARES_KVM);
		for (size_t r = 0; needs && r < needs->remedies.n; r++)
			if (family_set(VC_HV_KVM, &needs->remedies.v[r].unload)) {
				shares = shares || family_set(VC_HV_KVM, &needs->remedies.v[r].load);
				break;
			}
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
		/* loaded, and still no VMs: an older vboxdrv, a kernel without KVM, another vmmon */
		{ VC_FID_VIRTUALBOX_DRIVER_MISMATCH, VC_TO_VIRTUALBOX },
		{ VC_FID_VIRTUALBOX_KERNEL_WITHOUT_KVM, VC_TO_VIRTUALBOX },
		{ VC_FID_VMWARE_DRIVER_MISMATCH, VC_TO_VMWARE },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cannot); i++) {
		const struct vc_finding *fd = vc_find(rep, cannot[i].fid);

		if (!fd || !fd->remedies.n || fd->severity != VC_SEV_ERROR)
			continue;
		assert_int_equal(vc_switch_plan(ctx, cannot[i].t, &p), 0);
		if (!p.refuse || !strstr(p.refusal, fd->remedies.v[0].steps))
			disagree(name, "the report says %s; switch %s is %s", fd->id,
				 vc_switch_target_name(cannot[i].t),
				 p.refuse ? "refused without its remedy" : "not refused");
		vc_switch_plan_free(&p);
	}
	/* KVM loaded, /dev/kvm missing here or closed to the user: no module load helps, so switch kvm
	 * is refused with that finding's first remedy, or carries it as a note when it still changes
	 * modules */
	static const enum vc_fid node[] = { VC_FID_KVM_NO_DEVICE, VC_FID_KVM_NO_ACCESS,
					    VC_FID_KVM_INVOKER_NO_ACCESS };
	for (size_t i = 0; i < ARRAY_SIZE(node); i++) {
		const struct vc_finding *fd = vc_find(rep, node[i]);
		const char *where;

		if (!fd || !fd->remedies.n || fd->severity != VC_SEV_ERROR)
			continue;
		assert_int_equal(vc_switch_plan(ctx, VC_TO_KVM, &p), 0);
		where = p.nremove || p.nload ? p.notes : p.refusal;
		if (p.nothing_to_do || !where || !strstr(where, fd->remedies.v[0].steps) ||
		    (!p.nremove && !p.nload && !p.refuse))
			disagree(name, "the report says %s; switch kvm %s", fd->id,
				 p.nothing_to_do ? "has nothing to do" : "does not carry its remedy");
		vc_switch_plan_free(&p);
		break;
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

/* The amd-vbox7214-virt-off-6.16 host with its kvm.enable_virt_at_load=0 on the kernel command line
 * instead of in modprobe.d, or in no file at all (a modprobe by hand): switch virtualbox reloads KVM
 * with it on (VirtualBox 7.2.14 runs next to it there), so the report's run-time fix must be that
 * reload, not only "unload KVM". */
static void test_virt_off_elsewhere_agrees(void **state)
{
	static const char *const cmdlines[] = {
		"BOOT_IMAGE=/boot/vmlinuz-6.16.3-arch1-1 root=/dev/mapper/vg-root ro quiet "
		"kvm.enable_virt_at_load=0\n",
		NULL,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cmdlines); i++) {
		char dir[] = "/tmp/vc-agree-XXXXXX", conf[128];
		const char *const files[] = { "proc/cmdline", cmdlines[i] };
		struct vc_switch_plan p;
		struct vc_ctx *ctx;

		assert_non_null(mkdtemp(dir));
		sysroot_copy(dir, "amd-vbox7214-virt-off-6.16");
		snprintf(conf, sizeof(conf), "%s/etc/modprobe.d/virtualbox.conf", dir);
		assert_int_equal(unlink(conf), 0);
		if (cmdlines[i])
			sysroot_put(dir, files, ARRAY_SIZE(files));
		failures = 0;
		check_fixture(dir,
			      cmdlines[i] ? "amd-vbox7214-virt-off-6.16 (command line)"
					  : "amd-vbox7214-virt-off-6.16 (no file)",
			      dir);
		assert_int_equal(failures, 0);
		ctx = sysroot_report(dir);
		assert_non_null(vc_find(ctx, VC_FID_CONFLICT_VIRTUALBOX_NEEDS_VIRT_AT_LOAD));
		assert_int_equal(vc_switch_plan(ctx, VC_TO_VIRTUALBOX, &p), 0);
		assert_true(p.keep_kvm && p.nload == 2); /* the case the check above compares */
		vc_switch_plan_free(&p);
		sysroot_free(ctx);
		sysroot_remove(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_agree),
		cmocka_unit_test(test_virt_off_elsewhere_agrees),
	};

	return cmocka_run_group_tests_name("agreement", tests, NULL, NULL);
}
