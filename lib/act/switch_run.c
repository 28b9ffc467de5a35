/* virtcheck switch, carried out: a journal written before the first change and each step in it
 * before the step is taken, termination signals held until the switch is complete or rolled back,
 * and one undo that a failed step, a signal and `switch --recover` (after kill -9 or a crash) share. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/act/switch.h"
#include "lib/base/sighold.h"
#include "lib/model/journal.h"

/* Every module a switch may touch, dependents before what they need: the removal order (loading
 * goes the other way). A journal naming anything else is damaged. */
static const char *const managed[] = { "kvm_intel",  "kvm_amd",	   "kvm_pvm", "kvm",   "vboxpci",
				       "vboxnetadp", "vboxnetflt", "vboxdrv", "vmnet", "vmmon" };
#define NMANAGED ARRAY_SIZE(managed)

/* Parameters worth restoring when a removed module comes back (rollback). */
static const struct {
	const char *mod;
	const char *const params[6];
} saved_params[] = {
	{ "kvm", { "enable_virt_at_load", "ignore_msrs", "report_ignored_msrs", "halt_poll_ns", NULL } },
	{ "kvm_intel",
	  { "nested", "ept", "enable_apicv", "unrestricted_guest", "enable_shadow_vmcs", NULL } },
	{ "kvm_amd", { "nested", "npt", "avic", "sev", NULL } },
};

static int managed_index(const char *mod)
{
	for (size_t i = 0; i < NMANAGED; i++)
		if (!strcmp(managed[i], mod))
			return (int)i;
	return -1;
}

/* ---- the transaction, as the journal keeps it ---- */

enum step_kind { STEP_REMOVE, STEP_LOAD, STEP_WRITE };
static const char *const step_names[] = { "remove", "load", "write" };

struct tstep {
	enum step_kind kind;
	const char *what; /* managed[] or a file of files[] */
	char *opts;	  /* load options */
};

/* The files a switch writes, put back as they were by an undo. */
enum { F_PARAMS, F_CONF, NFILES };
static const char *const files[NFILES] = { [F_PARAMS] = VC_SWITCH_PARAMS, [F_CONF] = VC_SWITCH_CONF };

struct txn {
	enum vc_switch_target target;
	bool persistent, committed;
	char boot[64];
	long long pid, started;
	struct {
		enum vc_modstate st;
		char *params; /* the saved ones, "k=v k=v", of a module to remove */
	} before[NMANAGED];
	struct {
		bool known, present;
		char *data;
		size_t len;
	} file[NFILES];
	struct tstep steps[2 * VC_SW_MAX_MODS + NFILES];
	size_t nsteps;
};

static void txn_free(struct txn *t)
{
	for (size_t i = 0; i < NMANAGED; i++)
		free(t->before[i].params);
	for (size_t i = 0; i < NFILES; i++)
		free(t->file[i].data);
	for (size_t i = 0; i < t->nsteps; i++)
		free(t->steps[i].opts);
	memset(t, 0, sizeof(*t));
}

static char *txn_text(const struct txn *t, size_t *len)
{
	struct vc_jwriter w;

	vc_journal_start(&w, VC_JOURNAL_SWITCH);
	vc_journal_rec(&w, "target", "%s", vc_switch_target_name(t->target));
	vc_journal_rec(&w, "boot", "%s", t->boot);
	vc_journal_rec(&w, "pid", "%lld", t->pid);
	vc_journal_rec(&w, "started", "%lld", t->started);
	vc_journal_rec(&w, "persistent", "%d", t->persistent);
	for (size_t i = 0; i < NMANAGED; i++)
		if (t->before[i].st != VC_MOD_ABSENT)
			vc_journal_rec(&w, "module", "%s %s%s%s", managed[i],
				       vc_modstate_name(t->before[i].st), t->before[i].params ? " " : "",
				       t->before[i].params ? t->before[i].params : "");
	for (size_t i = 0; i < NFILES; i++) {
		if (!t->file[i].known)
			continue;
		if (t->file[i].present)
			vc_journal_rec(&w, "file", "%s %s", files[i], t->file[i].data);
		else
			vc_journal_rec(&w, "file-absent", "%s", files[i]);
	}
	for (size_t i = 0; i < t->nsteps; i++)
		vc_journal_rec(&w, "step", "%s %s%s%s", step_names[t->steps[i].kind], t->steps[i].what,
			       t->steps[i].opts ? " " : "", t->steps[i].opts ? t->steps[i].opts : "");
	if (t->committed)
		vc_journal_rec(&w, "commit", "%s", "");
	vc_journal_end(&w);
	*len = w.b.len;
	return w.b.data;
}

/* One word off *s (space separated); NULL at the end. */
static char *word(char **s)
{
	char *w = *s;

	if (!w || !*w)
		return NULL;
	*s = strchr(w, ' ');
	if (*s)
		*(*s)++ = '\0';
	return w;
}

static int file_index(const char *path)
{
	for (size_t i = 0; i < NFILES; i++)
		if (!strcmp(files[i], path))
			return (int)i;
	return -1;
}

/* The journal's records into t; what a switch cannot have written is damage. */
static int txn_from(const struct vc_journal *j, struct txn *t, char **why)
{
	bool have_target = false;

	memset(t, 0, sizeof(*t));
	if (strcmp(j->kind, VC_JOURNAL_SWITCH) != 0) {
		*why = xasprintf("a journal of '%s', not of a switch", j->kind);
		return -EBADMSG;
	}
	for (size_t i = 0; i < j->recs.n; i++) {
		const struct vc_jrec *r = &j->recs.v[i];
		_cleanup_(freep) char *copy = xstrdup(r->val);
		char *cur = copy, *a = word(&cur), *b;
		const char *bad = NULL;
		int k;

		if (!strcmp(r->key, "target")) {
			if (!a || vc_switch_target_from_name(a, &t->target) < 0)
				bad = "an unknown target";
			have_target = !bad;
		} else if (!strcmp(r->key, "boot")) {
			snprintf(t->boot, sizeof(t->boot), "%s", a ? a : "");
		} else if (!strcmp(r->key, "pid") || !strcmp(r->key, "started")) {
			long long v = a ? strtoll(a, NULL, 10) : 0;

			*(!strcmp(r->key, "pid") ? &t->pid : &t->started) = v;
		} else if (!strcmp(r->key, "persistent")) {
			t->persistent = a && !strcmp(a, "1");
		} else if (!strcmp(r->key, "module")) {
			b = word(&cur);
			k = a ? managed_index(a) : -1;
			t->before[k < 0 ? 0 : k].st = VC_MOD_UNKNOWN;
			for (int s = 0; k >= 0 && b && s < _VC_MOD_MAX; s++)
				if (!strcmp(b, vc_modstate_name((enum vc_modstate)s)))
					t->before[k].st = (enum vc_modstate)s;
			if (k < 0 || t->before[k].st == VC_MOD_UNKNOWN)
				bad = "a module virtcheck does not manage, or an unknown state";
			else if (cur && *cur)
				t->before[k].params = xstrdup(cur);
		} else if (!strcmp(r->key, "file") || !strcmp(r->key, "file-absent")) {
			/* "file PATH CONTENT": the content is the rest of the value, blanks and all */
			const char *sp = strchr(r->val, ' ');
			_cleanup_(freep) char *path =
				sp ? xstrndup(r->val, (size_t)(sp - r->val)) : xstrdup(r->val);

			k = file_index(path);
			if (k < 0) {
				bad = "a file a switch does not write";
			} else {
				t->file[k].known = true;
				t->file[k].present = !strcmp(r->key, "file");
				free(t->file[k].data);
				t->file[k].data = t->file[k].present ? xstrdup(sp ? sp + 1 : "") : NULL;
				t->file[k].len = t->file[k].data ? strlen(t->file[k].data) : 0;
			}
		} else if (!strcmp(r->key, "step")) {
			struct tstep *s = &t->steps[t->nsteps];

			b = word(&cur);
			k = -1;
			for (size_t n = 0; a && n < ARRAY_SIZE(step_names); n++)
				if (!strcmp(a, step_names[n]))
					k = (int)n;
			int w = !b ? -1 : k == STEP_WRITE ? file_index(b) : managed_index(b);

			if (k < 0 || !b || t->nsteps == ARRAY_SIZE(t->steps)) {
				bad = "not a step of a switch";
			} else if (w < 0) {
				bad = "a step on a module or file a switch does not touch";
			} else {
				s->kind = (enum step_kind)k;
				s->what = k == STEP_WRITE ? files[w] : managed[w];
				s->opts = cur && *cur ? xstrdup(cur) : NULL;
				t->nsteps++;
			}
		} else if (!strcmp(r->key, "commit")) {
			t->committed = true;
		} else {
			bad = "a record a switch does not write";
		}
		if (bad) {
			*why = xasprintf("line %u: %s (%s %s)", r->line, bad, r->key, r->val);
			txn_free(t);
			return -EBADMSG;
		}
	}
	if (!have_target) {
		*why = xstrdup("no target");
		txn_free(t);
		return -EBADMSG;
	}
	return 0;
}

/* ---- running it ---- */

struct run {
	const struct vc_switch_ops *ops;
	FILE *out;
	struct vc_val *steps;
	struct txn t;
	struct vc_sighold sig; /* the termination signals, held from the journal to the end */
};

_printf_(3, 4) static void step(struct run *r, bool ok, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	fprintf(r->out, "  %s %s\n", ok ? "ok  " : "FAIL", msg);
	struct vc_val *o = vc_arr_push(r->steps, vc_obj());
	vc_obj_set(o, "ok", vc_bool(ok));
	vc_obj_set(o, "step", vc_str(msg));
	if (r->ops->log) {
		char *l = xasprintf("switch: %s%s", ok ? "" : "FAILED: ", msg);

		r->ops->log(r->ops->ud, l);
		free(l);
	}
	free(msg);
}

static int journal(struct run *r)
{
	size_t len;
	_cleanup_(freep) char *text = txn_text(&r->t, &len);

	return r->ops->journal_write(r->ops->ud, text, len);
}

/* The next step, in the journal before it is taken. */
static int intend(struct run *r, enum step_kind kind, const char *what, const char *opts)
{
	struct tstep *s = &r->t.steps[r->t.nsteps++];
	int e;

	*s = (struct tstep){ kind, what, opts ? xstrdup(opts) : NULL };
	e = journal(r);
	if (e < 0)
		step(r, false, "journal %s: %s", VC_SWITCH_JOURNAL, strerror(-e));
	return e;
}

#ifdef VC_TEST_HOOKS
/*
 * Test builds only (`make virtcheck-hooks`, never the installed binary): VC_TEST_KILL_AT names a
 * step, "journal" (written, nothing changed yet), "remove:N" or "insert:N" (the Nth module removed
 * or loaded), "files" (the files written) or "commit" (the journal says complete), and this
 * process kills itself with SIGKILL right after it, as kill -9 or a power cut would. The
 * real-kernel tests in a guest use it to prove `switch --recover` at every step. With
 * VC_TEST_KILL_SIG=TERM it sends itself SIGTERM there instead, as an impatient user would: held,
 * it ends the switch rolled back or, after the commit, complete.
 */
static void test_kill_at(const char *name, size_t n)
{
	const char *at = getenv("VC_TEST_KILL_AT"), *sig = getenv("VC_TEST_KILL_SIG");
	char here[32];

	snprintf(here, sizeof(here), n ? "%s:%zu" : "%s", name, n);
	if (at && !strcmp(at, here))
		raise(sig && !strcmp(sig, "TERM") ? SIGTERM : SIGKILL);
}
#else
static void test_kill_at(const char *name, size_t n)
{
	(void)name;
	(void)n;
}
#endif

static char *save_params(struct run *r, const char *mod)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(saved_params); i++) {
		if (strcmp(saved_params[i].mod, mod) != 0)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(saved_params[i].params) && saved_params[i].params[k]; k++) {
			char v[64];

			/* only plain values travel back: nothing with blanks or quotes */
			if (r->ops->param(r->ops->ud, mod, saved_params[i].params[k], v, sizeof(v)) == 0 &&
			    *v && !strpbrk(v, " \t\"'\\"))
				buf_printf(&b, "%s%s=%s", b.len ? " " : "", saved_params[i].params[k], v);
		}
	}
	return b.data;
}

/* The module has the saved parameters now ("k=v k=v"); NULL: nothing saved. */
static bool params_match(struct run *r, const char *mod, const char *saved)
{
	_cleanup_(freep) char *copy = saved ? xstrdup(saved) : NULL;
	char *cur = copy, *kv;

	while ((kv = word(&cur))) {
		char *eq = strchr(kv, '='), v[64];

		if (!eq)
			continue;
		*eq = '\0';
		if (r->ops->param(r->ops->ud, mod, kv, v, sizeof(v)) < 0 || strcmp(v, eq + 1) != 0)
			return false;
	}
	return true;
}

static bool live(struct run *r, const char *mod)
{
	enum vc_modstate st;
	int rc;

	return r->ops->state(r->ops->ud, mod, &st, &rc) == 0 && st == VC_MOD_LIVE;
}

static bool gone(struct run *r, const char *mod)
{
	enum vc_modstate st;
	int rc;

	return r->ops->state(r->ops->ud, mod, &st, &rc) == 0 && st == VC_MOD_ABSENT;
}

static bool undo_remove(struct run *r, const char *mod, const char *why)
{
	int e = r->ops->remove(r->ops->ud, mod);

	step(r, e == 0, "remove %s (%s)%s%s", mod, why, e ? ": " : "", e ? strerror(-e) : "");
	return e == 0;
}

static bool undo_insert(struct run *r, size_t m)
{
	const char *params = r->t.before[m].params;
	int e = r->ops->insert(r->ops->ud, managed[m], params);

	step(r, e == 0, "load %s%s%s back%s%s", managed[m], params ? " " : "", params ? params : "",
	     e ? ": " : "", e ? strerror(-e) : "");
	return e == 0;
}

/* Puts back what the journal says was there: each step undone, last first, by what the machine
 * shows now (a step may have been taken or not when it stopped), then the whole set of modules
 * and their parameters as before, the files as before, and verified. Taking it again after it
 * was stopped half way is safe. A journal of another boot: that boot's modules are gone anyway,
 * only the files are put back. */
static bool undo(struct run *r)
{
	char boot[64] = "";
	bool ok = true, this_boot;

	fprintf(r->out, "Rolling back:\n");
	this_boot = !r->ops->boot_id ||
		    (r->ops->boot_id(r->ops->ud, boot, sizeof(boot)) == 0 && !strcmp(boot, r->t.boot));
	if (!this_boot)
		step(r, true,
		     "the journal is of an earlier boot: the modules are as this boot loaded them; only "
		     "the files are put back");
	for (size_t i = this_boot ? r->t.nsteps : 0; i-- > 0;) {
		const struct tstep *s = &r->t.steps[i];
		int m = managed_index(s->what);

		/* a module loaded again by this switch may be back as it was already (an undo
		 * stopped half way): then it stays */
		if (s->kind == STEP_LOAD && live(r, s->what) && m >= 0 &&
		    (r->t.before[m].st != VC_MOD_LIVE || !params_match(r, s->what, r->t.before[m].params)))
			ok &= undo_remove(r, s->what, "loaded by this switch");
		else if (s->kind == STEP_REMOVE && m >= 0 && gone(r, s->what))
			ok &= undo_insert(r, (size_t)m);
		else if (s->kind == STEP_REMOVE && m >= 0 && !params_match(r, s->what, r->t.before[m].params))
			/* loaded again meanwhile (udev) with other parameters */
			ok &= undo_remove(r, s->what, "loaded again with other parameters") &&
			      undo_insert(r, (size_t)m);
	}
	/* the set as before: what came since out (dependents first), what went in (needs first) */
	for (size_t m = 0; m < NMANAGED; m++)
		if (this_boot && r->t.before[m].st == VC_MOD_ABSENT && live(r, managed[m]))
			ok &= undo_remove(r, managed[m], "not loaded before the switch");
	for (size_t m = NMANAGED; m-- > 0;)
		if (this_boot && r->t.before[m].st == VC_MOD_LIVE && gone(r, managed[m]))
			ok &= undo_insert(r, m);
	for (size_t i = 0; i < NFILES; i++) {
		bool written = false;
		int e;

		for (size_t k = 0; k < r->t.nsteps; k++)
			written |= r->t.steps[k].kind == STEP_WRITE && !strcmp(r->t.steps[k].what, files[i]);
		if (!written || !r->t.file[i].known)
			continue;
		e = r->ops->restore_file(r->ops->ud, files[i],
					 r->t.file[i].present ? r->t.file[i].data : NULL, r->t.file[i].len);
		if (e == -ENOENT && !r->t.file[i].present)
			e = 0;
		step(r, e == 0, "%s %s as it was%s%s", r->t.file[i].present ? "put" : "removed", files[i],
		     e ? ": " : "", e ? strerror(-e) : "");
		ok &= e == 0;
	}
	/* verify: exactly the previous set is live, with the saved parameters */
	for (size_t m = 0; m < NMANAGED; m++) {
		bool was = r->t.before[m].st == VC_MOD_LIVE, is = this_boot && live(r, managed[m]);

		if (!this_boot)
			continue;
		if (was && !is)
			step(r, false, "verify: %s is not live after the rollback", managed[m]);
		else if (!was && is)
			step(r, false, "verify: %s is still loaded after the rollback", managed[m]);
		else if (was && !params_match(r, managed[m], r->t.before[m].params))
			step(r, false, "verify: %s does not have %s after the rollback", managed[m],
			     r->t.before[m].params);
		else
			continue;
		ok = false;
	}
	if (ok)
		step(r, true, "previous state restored and verified");
	return ok;
}

static const char *insert_advice(int err, bool vbox)
{
	switch (err) {
	case EKEYREJECTED:
	case EPERM:
	case EACCES:
		return vbox ? "the kernel refuses unsigned modules (Secure Boot, lockdown or sig_enforce): "
			      "sign them with a key enrolled with mokutil (see `virtcheck explain 'Key was "
			      "rejected by service'`)"
			    : "the kernel refuses the module (Secure Boot, lockdown or a blacklist with "
			      "--apply-blacklist)";
	case ENOENT:
		return vbox ? "the module is not built for this kernel: `sudo /sbin/vboxconfig` or `sudo "
			      "dkms autoinstall`"
			    : "the module is not built for this kernel (install the matching modules "
			      "package)";
	case EBUSY:
	case EIO:
		return "another hypervisor still holds VT-x/AMD-V (\"kvm: enabling virtualization on CPU0 "
		       "failed\")";
	default:
		return NULL;
	}
}

static void print_state(struct run *r)
{
	fprintf(r->out, "Module state now:");
	for (size_t i = NMANAGED; i-- > 0;) {
		enum vc_modstate st;
		int rc;

		if (r->ops->state(r->ops->ud, managed[i], &st, &rc) == 0 && st != VC_MOD_ABSENT)
			fprintf(r->out, " %s(%s)", managed[i],
				st == VC_MOD_LIVE      ? "live"
				: st == VC_MOD_BUILTIN ? "builtin"
						       : "transient");
	}
	fputc('\n', r->out);
}

/* The parameters file after this switch: lines of modules loaded now are used up, the others
 * kept, the removed modules' saved parameters added. */
static char *params_file(struct run *r, const struct vc_switch_plan *p, size_t *len)
{
	const char *old = r->t.file[F_PARAMS].present ? r->t.file[F_PARAMS].data : NULL;
	struct buf b = { 0 };

	if (old) {
		char *copy = xstrdup(old), *cur = copy, *l;

		while ((l = next_line(&cur))) {
			bool drop = !*l;

			for (size_t i = 0; i < p->nload && !drop; i++)
				drop = !strncmp(l, p->load[i], strlen(p->load[i])) &&
				       l[strlen(p->load[i])] == ' ';
			for (size_t i = 0; i < p->nremove && !drop; i++)
				drop = !strncmp(l, p->remove[i], strlen(p->remove[i])) &&
				       l[strlen(p->remove[i])] == ' ';
			if (!drop)
				buf_printf(&b, "%s\n", l);
		}
		free(copy);
	}
	for (size_t i = 0; i < p->nremove; i++) {
		int m = managed_index(p->remove[i]);

		if (m >= 0 && r->t.before[m].params)
			buf_printf(&b, "%s %s\n", p->remove[i], r->t.before[m].params);
	}
	if (!b.data && !old)
		return NULL; /* nothing to remember, nothing to use up */
	*len = b.len;
	return b.data ? b.data : xstrdup("");
}

static bool same_plan(const struct vc_switch_plan *a, const struct vc_switch_plan *b)
{
	if (a->target != b->target || !a->refuse != !b->refuse || a->nremove != b->nremove ||
	    a->nload != b->nload)
		return false;
	for (size_t i = 0; i < a->nremove; i++)
		if (strcmp(a->remove[i], b->remove[i]) != 0)
			return false;
	for (size_t i = 0; i < a->nload; i++)
		if (strcmp(a->load[i], b->load[i]) != 0 || !streq_ptr(a->load_options[i], b->load_options[i]))
			return false;
	return true;
}

/* The state before the first change, into the journal's transaction. */
static void snapshot(struct run *r, const struct vc_switch_plan *p, bool persistent)
{
	struct txn *t = &r->t;

	t->target = p->target;
	t->persistent = persistent;
	t->pid = (long long)getpid();
	t->started = (long long)time(NULL);
	if (r->ops->boot_id && r->ops->boot_id(r->ops->ud, t->boot, sizeof(t->boot)) < 0)
		t->boot[0] = '\0';
	for (size_t m = 0; m < NMANAGED; m++) {
		int rc;

		if (r->ops->state(r->ops->ud, managed[m], &t->before[m].st, &rc) < 0)
			t->before[m].st = VC_MOD_ABSENT;
	}
	for (size_t i = 0; i < p->nremove; i++) {
		int m = managed_index(p->remove[i]);

		if (m >= 0 && t->before[m].st == VC_MOD_LIVE)
			t->before[m].params = save_params(r, p->remove[i]);
	}
	for (size_t i = 0; i < NFILES; i++) {
		int e;

		if (i == F_CONF && !persistent)
			continue;
		e = r->ops->read_file(r->ops->ud, files[i], &t->file[i].data, &t->file[i].len);
		t->file[i].known = e == 0 || e == -ENOENT;
		t->file[i].present = e == 0;
	}
}

/* Removes each module in order, re-checked right before; false on the first failure. */
static bool remove_all(struct run *r, const struct vc_switch_plan *p)
{
	for (size_t i = 0; i < p->nremove; i++) {
		int m = managed_index(p->remove[i]), rc = -1, e;
		enum vc_modstate st;

		if (vc_sighold_took(&r->sig))
			return false;
		e = r->ops->state(r->ops->ud, p->remove[i], &st, &rc);
		if (e == 0 && st == VC_MOD_ABSENT) {
			step(r, true, "%s is already gone", p->remove[i]);
			continue;
		}
		if (e < 0 || st != VC_MOD_LIVE || rc != 0 || m < 0) {
			step(r, false, "%s is in use (refcnt %d%s): not removed", p->remove[i], rc,
			     st == VC_MOD_BUILTIN			 ? ", built in"
			     : st == VC_MOD_COMING || st == VC_MOD_GOING ? ", loading or unloading"
									 : "");
			return false;
		}
		if (intend(r, STEP_REMOVE, p->remove[i], NULL) < 0)
			return false;
		e = r->ops->remove(r->ops->ud, p->remove[i]);
		if (e < 0) {
			step(r, false, "remove %s: %s", p->remove[i], strerror(-e));
			return false;
		}
		if (r->t.before[m].params)
			step(r, true, "removed %s (saved: %s)", p->remove[i], r->t.before[m].params);
		else
			step(r, true, "removed %s", p->remove[i]);
		test_kill_at("remove", i + 1);
	}
	return true;
}

static bool load_all(struct run *r, const struct vc_switch_plan *p)
{
	for (size_t i = 0; i < p->nload; i++) {
		int e;

		if (vc_sighold_took(&r->sig) || intend(r, STEP_LOAD, p->load[i], p->load_options[i]) < 0)
			return false;
		e = r->ops->insert(r->ops->ud, p->load[i], p->load_options[i]);
		if (e < 0) {
			const char *adv = insert_advice(-e, startswith(p->load[i], "vbox"));

			step(r, false, "load %s: %s%s%s", p->load[i], strerror(-e), adv ? " — " : "",
			     adv ? adv : "");
			return false;
		}
		step(r, true, "loaded %s%s%s", p->load[i], p->load_options[i] ? " " : "",
		     p->load_options[i] ? p->load_options[i] : "");
		test_kill_at("insert", i + 1);
	}
	return true;
}

/* The loaded modules are live, the removed ones stayed gone (udev or libvirtd load them again on
 * their own), the device node is there. */
static bool verify(struct run *r, const struct vc_switch_plan *p)
{
	bool there = false;

	for (size_t i = 0; i < p->nload; i++)
		if (!live(r, p->load[i])) {
			step(r, false, "verify: %s is not live", p->load[i]);
			return false;
		}
	for (size_t i = 0; i < p->nremove; i++) {
		bool reloaded = false;

		for (size_t k = 0; k < p->nload; k++)
			reloaded |= !strcmp(p->load[k], p->remove[i]);
		if (!reloaded && !gone(r, p->remove[i])) {
			step(r, false,
			     "verify: %s is loaded again (udev, libvirtd or a service loaded it after it was "
			     "removed)",
			     p->remove[i]);
			return false;
		}
	}
	if (p->nremove)
		step(r, true, "verify: the removed modules stayed gone");
	if (!p->expect_node)
		return true;
	/* udev creates the node asynchronously */
	for (int i = 0; i < 20 && !(there = r->ops->node_exists(r->ops->ud, p->expect_node)); i++)
		nanosleep(&(struct timespec){ 0, 50L * 1000 * 1000 }, NULL);
	step(r, there, "verify: %s %s", p->expect_node, there ? "exists" : "did not appear");
	return there;
}

/* The parameters file and, with --persistent, the modprobe.d file: part of the same switch. */
static bool write_files(struct run *r, const struct vc_switch_plan *p, bool persistent)
{
	size_t len = 0;
	_cleanup_(freep) char *params = params_file(r, p, &len);
	int e;

	if (params) {
		if (vc_sighold_took(&r->sig) || intend(r, STEP_WRITE, files[F_PARAMS], NULL) < 0)
			return false;
		e = r->ops->write_file(r->ops->ud, VC_SWITCH_PARAMS, params, len);
		step(r, e == 0, "remembered the removed modules' parameters in %s%s%s", VC_SWITCH_PARAMS,
		     e ? ": " : "", e ? strerror(-e) : "");
		if (e < 0)
			return false;
	}
	if (persistent) {
		if (vc_sighold_took(&r->sig) || intend(r, STEP_WRITE, files[F_CONF], NULL) < 0)
			return false;
		e = r->ops->write_file(r->ops->ud, VC_SWITCH_CONF, p->persistent, strlen(p->persistent));
		step(r, e == 0, "wrote %s%s%s", VC_SWITCH_CONF, e ? ": " : " (the previous one kept as .bak)",
		     e ? strerror(-e) : "");
		if (e < 0)
			return false;
		if (p->persistent_notes)
			fprintf(r->out, "%s", p->persistent_notes);
	}
	test_kill_at("files", 0);
	return true;
}

/* The journal's end: removed once the switch is complete or undone. */
static void journal_done(struct run *r)
{
	int e = r->ops->journal_remove(r->ops->ud);

	if (e < 0 && e != -ENOENT)
		step(r, false, "remove the journal %s: %s (`virtcheck switch --recover` removes it)",
		     VC_SWITCH_JOURNAL, strerror(-e));
}

/* After a failure: undone and the journal removed, or kept for --recover. */
static int roll_back(struct run *r)
{
	if (undo(r)) {
		journal_done(r);
		return VC_SW_ROLLED_BACK;
	}
	fprintf(r->out,
		"THE ROLLBACK FAILED: the module set is neither the old nor the new one. The state "
		"follows; load what is missing by hand (`modprobe NAME`). The journal %s is kept: "
		"`virtcheck switch --recover` tries again.\n",
		VC_SWITCH_JOURNAL);
	return VC_SW_HALF;
}

static const char *status_name(int status)
{
	switch (status) {
	case VC_SW_OK:
		return "switched";
	case VC_SW_ROLLED_BACK:
		return "rolled_back";
	case VC_SW_REFUSED:
		return "refused";
	case VC_SW_LOCKED:
		return "locked";
	case VC_SW_PENDING:
		return "pending";
	case VC_SW_JOURNAL_BAD:
		return "journal_damaged";
	default:
		return "half";
	}
}

static int lock(struct run *r, unsigned timeout_ms)
{
	int e = r->ops->lock(r->ops->ud, timeout_ms);

	if (e < 0)
		fprintf(r->out, "Another virtcheck switch holds %s (waited %u ms): %s. Nothing changed.\n",
			VC_SWITCH_LOCK, timeout_ms, strerror(-e));
	return e;
}

/* An unfinished switch is pending: nothing is done over it. */
static bool pending(struct run *r)
{
	_cleanup_(freep) char *text = NULL;
	size_t len;
	int e = r->ops->journal_read(r->ops->ud, &text, &len);

	if (e == -ENOENT)
		return false;
	fprintf(r->out,
		"An unfinished switch is pending (%s%s%s): its modules may be neither the old nor the new "
		"set. Run `virtcheck switch --recover` first. Nothing changed.\n",
		VC_SWITCH_JOURNAL, e ? ": " : "", e ? strerror(-e) : "");
	return true;
}

static int execute(struct run *r, const struct vc_switch_plan *p, const struct vc_switch_opts *o)
{
	bool ok;
	int e;

	if (pending(r))
		return VC_SW_PENDING;
	snapshot(r, p, o->persistent);
	vc_sighold_begin(&r->sig);
	e = journal(r);
	if (e < 0) {
		step(r, false, "write the journal %s: %s; nothing changed", VC_SWITCH_JOURNAL, strerror(-e));
		return VC_SW_ROLLED_BACK;
	}
	step(r, true, "journal %s written", VC_SWITCH_JOURNAL);
	test_kill_at("journal", 0);

	ok = remove_all(r, p);
	/* AMD: the hardware must really be free now */
	if (ok && p->amd && p->nremove && !p->keep_kvm) {
		bool on = false;

		e = r->ops->svme(r->ops->ud, &on);
		ok = !(e == 0 && on);
		step(r, ok,
		     !ok      ? "EFER.SVME is still set on some CPU: another hypervisor holds AMD-V"
		     : e == 0 ? "EFER.SVME is clear on every CPU"
			      : "EFER.SVME not checked (no msr driver)");
	}
	ok = ok && load_all(r, p) && verify(r, p) && write_files(r, p, o->persistent) &&
	     !vc_sighold_took(&r->sig);
	if (ok) {
		r->t.committed = true;
		e = journal(r);
		if (e < 0) {
			step(r, false, "mark the journal complete: %s", strerror(-e));
			r->t.committed = ok = false;
		}
	}
	if (!ok && r->sig.signal)
		fprintf(r->out, "Interrupted by %s before the switch was complete.\n",
			strsignal(r->sig.signal));
	if (!ok)
		return roll_back(r);
	test_kill_at("commit", 0);
	journal_done(r);
	return VC_SW_OK;
}

int vc_switch_run(const struct vc_switch_plan *p0, const struct vc_switch_ops *ops,
		  const struct vc_switch_opts *o, FILE *out, struct vc_val *result)
{
	struct run r = { .ops = ops, .out = out };
	struct vc_switch_plan fresh;
	const struct vc_switch_plan *p = p0;
	bool replanned = false;
	int status;

	r.steps = vc_obj_set(result, "steps", vc_arr());
	if (p0->refuse) {
		/* the reasons are in the plan, shown once before this */
		fprintf(out, "Refused: nothing changed.\n");
		vc_obj_set(result, "status", vc_str("refused"));
		return VC_SW_REFUSED;
	}
	if (o->persistent && p0->etc_generated) {
		/* a file there would fail to be written, or vanish with the next generation */
		fprintf(out, "--persistent: /etc/modprobe.d is generated on this system; nothing changed. "
			     "Switch without it for now, and make it last in the configuration (above).\n");
		vc_obj_set(result, "status", vc_str("refused"));
		return VC_SW_REFUSED;
	}
	if (lock(&r, o->lock_timeout_ms) < 0) {
		vc_obj_set(result, "status", vc_str("locked"));
		return VC_SW_LOCKED;
	}
	step(&r, true, "locked %s; switching to %s", VC_SWITCH_LOCK, vc_switch_target_name(p0->target));
	/* the machine may have changed while the plan was shown and confirmed */
	if (o->replan && o->replan(o->replan_ud, p0->target, &fresh) == 0) {
		replanned = true;
		p = &fresh;
	}
	if (replanned && !same_plan(p0, p)) {
		fprintf(out,
			"The machine changed since the plan was made (a module or a VM came or went): "
			"nothing changed. Look again: virtcheck switch --dry-run %s\n",
			vc_switch_target_name(p0->target));
		status = VC_SW_REFUSED;
	} else {
		status = execute(&r, p, o);
		print_state(&r);
	}
	vc_sighold_end(&r.sig);
	if (r.sig.signal && status == VC_SW_OK)
		fprintf(out, "%s came when the switch was complete: it stands.\n", strsignal(r.sig.signal));
	txn_free(&r.t);
	if (replanned)
		vc_switch_plan_free(&fresh);
	ops->unlock(ops->ud);
	vc_obj_set(result, "status", vc_str(status_name(status)));
	if (r.sig.signal)
		vc_obj_set(result, "signal", vc_str(strsignal(r.sig.signal)));
	return status;
}

int vc_switch_recover(const struct vc_switch_ops *ops, unsigned lock_timeout_ms, FILE *out,
		      struct vc_val *result)
{
	struct run r = { .ops = ops, .out = out };
	_cleanup_(freep) char *text = NULL, *why = NULL;
	struct vc_journal j;
	size_t len;
	int e, status;

	r.steps = vc_obj_set(result, "steps", vc_arr());
	if (lock(&r, lock_timeout_ms) < 0) {
		vc_obj_set(result, "status", vc_str("locked"));
		return VC_SW_LOCKED;
	}
	e = ops->journal_read(ops->ud, &text, &len);
	if (e == -ENOENT) {
		fprintf(out, "No unfinished switch (no %s): nothing to recover.\n", VC_SWITCH_JOURNAL);
		ops->unlock(ops->ud);
		vc_obj_set(result, "status", vc_str("nothing_pending"));
		return VC_SW_OK;
	}
	if (e == 0 && (e = vc_journal_parse(text, len, &j, &why)) == 0) {
		e = txn_from(&j, &r.t, &why);
		vc_journal_free(&j);
	}
	if (e < 0) {
		fprintf(out,
			"The journal %s cannot be used: %s. Nothing was changed. Compare the module state "
			"below with what you expect, load or remove modules by hand (`modprobe NAME`, "
			"`modprobe -r NAME`), then remove the journal.\n",
			VC_SWITCH_JOURNAL, why ? why : strerror(-e));
		status = VC_SW_JOURNAL_BAD;
	} else if (r.t.committed) {
		fprintf(out,
			"The switch to %s (pid %lld) was complete; only its journal was left. Removed.\n",
			vc_switch_target_name(r.t.target), r.t.pid);
		journal_done(&r);
		status = VC_SW_OK;
	} else {
		fprintf(out, "Undoing an unfinished switch to %s (pid %lld, %zu steps recorded):\n",
			vc_switch_target_name(r.t.target), r.t.pid, r.t.nsteps);
		vc_sighold_begin(&r.sig);
		status = roll_back(&r) == VC_SW_ROLLED_BACK ? VC_SW_OK : VC_SW_HALF;
		vc_sighold_end(&r.sig);
	}
	print_state(&r);
	txn_free(&r.t);
	ops->unlock(ops->ud);
	vc_obj_set(result, "status", vc_str(status == VC_SW_OK ? "recovered" : status_name(status)));
	return status;
}

int vc_switch_forget(const struct vc_switch_ops *ops, FILE *out)
{
	int e = ops->remove_file(ops->ud, VC_SWITCH_CONF);

	if (e == -ENOENT) {
		fprintf(out, "%s does not exist: nothing to forget.\n", VC_SWITCH_CONF);
		return VC_SW_OK;
	}
	if (e < 0) {
		fprintf(out, "removing %s: %s\n", VC_SWITCH_CONF, strerror(-e));
		return VC_SW_ROLLED_BACK;
	}
	fprintf(out, "removed %s (kept as %s.bak); modules load on their own again from the next boot.\n",
		VC_SWITCH_CONF, VC_SWITCH_CONF);
	if (ops->log)
		ops->log(ops->ud, "switch: removed " VC_SWITCH_CONF);
	return VC_SW_OK;
}
