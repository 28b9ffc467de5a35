/* preflight --fix: what it changes on the machine (the kvm group, a udev rule or the node's group
 * and mode, group membership, modules), a journal of each change and of what was there before it,
 * written before the first change, and one undo that a signal and `preflight --fix --undo` share. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/act/fix.h"
#include "lib/base/sanitise.h"
#include "lib/base/sighold.h"
#include "lib/model/journal.h"

#define LOCK_TIMEOUT_MS 10000u

/* The modules --fix loads, from virtcheck's tables, never from input; a journal naming another is
 * damaged. */
static const char *const fix_modules[] = { "kvm_intel", "kvm_amd", "msr", "tun", "vhost_net" };

static size_t req_modules(const struct vc_fix_req *req, const char *mods[4])
{
	size_t n = 0;

	if ((req->fix & VC_FIX_KVM_MODULE) && req->vendor)
		mods[n++] = req->vendor;
	if (req->fix & VC_FIX_MSR)
		mods[n++] = "msr";
	if (req->fix & VC_FIX_TUN)
		mods[n++] = "tun";
	if (req->fix & VC_FIX_VHOST)
		mods[n++] = "vhost_net";
	return n;
}

/* The udev rule --fix writes: group kvm 0660, or in a CI job (which cannot log in again to get a
 * group) access for every user, 0666, in a file of its own (libbpf/libbpf#747). */
static const char *rule_file(const struct vc_fix_req *req)
{
	return req->ci ? VC_FIX_RULE_FILE_ALL : VC_FIX_RULE_FILE;
}

/* Where no udev runs: the node's group and mode set directly, 0660, or 0666 in a CI job (the same
 * access as the rule for every user). */
static unsigned node_mode(const struct vc_fix_req *req)
{
	return req->ci ? 0666 : 0660;
}

static const char *rule_for(const char *file)
{
	return strcmp(file, VC_FIX_RULE_FILE_ALL) == 0 ? VC_FIX_RULE_ALL : VC_FIX_RULE;
}

/* ---- what it would do (no --yes) ---- */

/* A user name in a command shown: a word for the shell, and text that is safe to show. */
static void put_user(FILE *f, const char *user)
{
	_cleanup_(freep) char *q = vc_shell_quote(user);

	vc_fputs_sane(q, 0, f);
}

void vc_fix_show(const struct vc_fix_req *req, FILE *out)
{
	const char *mods[4];
	size_t n = req_modules(req, mods);

	fprintf(out, "--fix would do (add --yes, as root, to do it; `--fix --undo` reverts it):\n");
	if (req->fix & VC_FIX_KVM_ACCESS) {
		if (req->ci)
			fprintf(out,
				"  (a %s job: it cannot log in again, so no usermod; /dev/kvm is opened to "
				"every user of this machine)\n",
				req->ci);
		fprintf(out, "  groupadd -r " VC_FIX_GROUP "   (when the group is missing)\n");
		if (access("/run/udev/control", F_OK) == 0) {
			fprintf(out, "  write %s: %s", rule_file(req), rule_for(rule_file(req)));
			fprintf(out, "  echo change > /sys/class/misc/kvm/uevent   (udev applies the rule to "
				     "/dev/kvm)\n");
		} else {
			fprintf(out,
				"  chgrp kvm /dev/kvm && chmod %04o /dev/kvm   (no udev runs here: until "
				"the node is made again)\n",
				node_mode(req));
		}
		if (req->user && !req->ci) {
			fputs("  usermod -aG kvm ", out);
			put_user(out, req->user);
			fputs("   (effective at the next login)\n", out);
		}
	}
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  modprobe %s\n", mods[i]);
}

/* ---- the transaction, as the journal keeps it ---- */

enum chg_kind { C_GROUP, C_FILE, C_NODE, C_MEMBER, C_MODULE };

struct change {
	enum chg_kind kind;
	char *what;	    /* the group, the file, the user or the module */
	bool present;	    /* C_FILE: the file was there */
	char *data;	    /* C_FILE: what it held */
	unsigned gid, mode; /* C_NODE: the node's group and mode */
	unsigned set_mode;  /* C_NODE: the mode the fix gives it (0660, 0666 in a CI job) */
	bool begun;	    /* recorded as about to be made: it may have been */
};

#define MAX_CHANGES 8

struct txn {
	char boot[64];
	long long pid, started;
	struct change c[MAX_CHANGES];
	size_t n;
	bool committed, undone;
};

static void txn_free(struct txn *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->c[i].what);
		free(t->c[i].data);
	}
	memset(t, 0, sizeof(*t));
}

static struct change *add(struct txn *t, enum chg_kind kind, const char *what)
{
	struct change *c = &t->c[t->n++];

	*c = (struct change){ .kind = kind, .what = xstrdup(what) };
	return c;
}

static char *txn_text(const struct txn *t, size_t *len)
{
	struct vc_jwriter w;

	vc_journal_start(&w, VC_JOURNAL_FIX);
	vc_journal_rec(&w, "boot", "%s", t->boot);
	vc_journal_rec(&w, "pid", "%lld", t->pid);
	vc_journal_rec(&w, "started", "%lld", t->started);
	for (size_t i = 0; i < t->n; i++) {
		const struct change *c = &t->c[i];

		switch (c->kind) {
		case C_GROUP:
			vc_journal_rec(&w, "group-add", "%s", c->what);
			break;
		case C_FILE:
			if (c->present)
				vc_journal_rec(&w, "file", "%s %s", c->what, c->data);
			else
				vc_journal_rec(&w, "file-absent", "%s", c->what);
			break;
		case C_NODE:
			vc_journal_rec(&w, "node", "%s %u %04o %04o", c->what, c->gid, c->mode, c->set_mode);
			break;
		case C_MEMBER:
			vc_journal_rec(&w, "member", "%s %s", c->what, VC_FIX_GROUP);
			break;
		case C_MODULE:
			vc_journal_rec(&w, "module", "%s", c->what);
			break;
		}
	}
	for (size_t i = 0; i < t->n; i++)
		if (t->c[i].begun)
			vc_journal_rec(&w, "step", "%zu", i + 1);
	if (t->committed)
		vc_journal_rec(&w, "commit", "%s", "");
	if (t->undone)
		vc_journal_rec(&w, "undone", "%s", "");
	vc_journal_end(&w);
	*len = w.b.len;
	return w.b.data;
}

/* A name usermod takes and a journal can hold: letters, digits, '.', '_', '-' (not first), a last
 * '$' (machine accounts). */
static bool user_ok(const char *u)
{
	size_t n = strlen(u);

	if (n == 0 || n > 32 || u[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= 'A' && u[i] <= 'Z') ||
		      (u[i] >= '0' && u[i] <= '9') || u[i] == '.' || u[i] == '_' || u[i] == '-' ||
		      (u[i] == '$' && i == n - 1)))
			return false;
	return true;
}

static bool fix_module(const char *m)
{
	for (size_t i = 0; i < ARRAY_SIZE(fix_modules); i++)
		if (!strcmp(fix_modules[i], m))
			return true;
	return false;
}

/* One record into t; a reason when it is nothing a fix writes. */
static const char *txn_rec(struct txn *t, const struct vc_jrec *r)
{
	const char *sp = strchr(r->val, ' ');
	_cleanup_(freep) char *first = sp ? xstrndup(r->val, (size_t)(sp - r->val)) : xstrdup(r->val);
	const char *rest = sp ? sp + 1 : "";
	bool change = !strcmp(r->key, "group-add") || !strcmp(r->key, "file") ||
		      !strcmp(r->key, "file-absent") || !strcmp(r->key, "node") ||
		      !strcmp(r->key, "member") || !strcmp(r->key, "module");
	unsigned long long n;
	char *end;

	if (change && t->n == MAX_CHANGES)
		return "more changes than a fix makes";
	if (!strcmp(r->key, "boot")) {
		snprintf(t->boot, sizeof(t->boot), "%s", r->val);
	} else if (!strcmp(r->key, "pid") || !strcmp(r->key, "started")) {
		*(!strcmp(r->key, "pid") ? &t->pid : &t->started) = strtoll(r->val, NULL, 10);
	} else if (!strcmp(r->key, "group-add")) {
		if (strcmp(r->val, VC_FIX_GROUP) != 0)
			return "a group a fix does not make";
		add(t, C_GROUP, r->val);
	} else if (!strcmp(r->key, "file") || !strcmp(r->key, "file-absent")) {
		struct change *c;

		if ((strcmp(first, VC_FIX_RULE_FILE) != 0 && strcmp(first, VC_FIX_RULE_FILE_ALL) != 0) ||
		    (!strcmp(r->key, "file-absent") && sp))
			return "a file a fix does not write";
		c = add(t, C_FILE, first);
		c->present = !strcmp(r->key, "file");
		c->data = c->present ? xstrdup(rest) : NULL;
	} else if (!strcmp(r->key, "node")) {
		unsigned gid, mode, set_mode = 0660;
		int used = 0, more = 0;

		/* the mode the fix set follows since CI jobs get 0666; a journal without it set 0660 */
		if (strcmp(first, VC_FIX_NODE) != 0 || sscanf(rest, "%u %o%n", &gid, &mode, &used) != 2 ||
		    (rest[used] &&
		     (sscanf(rest + used, " %o%n", &set_mode, &more) != 1 || rest[used + more])) ||
		    mode > 07777 || (set_mode != 0660 && set_mode != 0666))
			return "not the node a fix changes, or not a group and a mode";
		struct change *c = add(t, C_NODE, first);
		c->gid = gid;
		c->mode = mode;
		c->set_mode = set_mode;
	} else if (!strcmp(r->key, "member")) {
		if (!user_ok(first) || strcmp(rest, VC_FIX_GROUP) != 0)
			return "not a user name, or a group a fix does not touch";
		add(t, C_MEMBER, first);
	} else if (!strcmp(r->key, "module")) {
		if (!fix_module(r->val))
			return "a module a fix does not load";
		add(t, C_MODULE, r->val);
	} else if (!strcmp(r->key, "step")) {
		n = strtoull(r->val, &end, 10);
		if (!*r->val || *end || n == 0 || n > t->n)
			return "a step of no change recorded before it";
		t->c[n - 1].begun = true;
	} else if (!strcmp(r->key, "commit") || !strcmp(r->key, "undone")) {
		*(!strcmp(r->key, "commit") ? &t->committed : &t->undone) = true;
	} else {
		return "a record a fix does not write";
	}
	return NULL;
}

/* The journal's records into t; what a fix cannot have written is damage. */
static int txn_from(const struct vc_journal *j, struct txn *t, char **why)
{
	memset(t, 0, sizeof(*t));
	if (strcmp(j->kind, VC_JOURNAL_FIX) != 0) {
		*why = xasprintf("a journal of '%s', not of preflight --fix", j->kind);
		return -EBADMSG;
	}
	for (size_t i = 0; i < j->recs.n; i++) {
		const struct vc_jrec *r = &j->recs.v[i];
		const char *bad = txn_rec(t, r);

		if (bad) {
			*why = xasprintf("line %u: %s (%s %s)", r->line, bad, r->key, r->val);
			txn_free(t);
			return -EBADMSG;
		}
	}
	return 0;
}

/* ---- running it ---- */

struct run {
	const struct vc_fix_ops *ops;
	unsigned node_mode; /* what the fix gives /dev/kvm where no udev runs: 0660, 0666 in a CI job */
	FILE *out;
	const char *who; /* "preflight --fix" or "preflight --fix --undo", for syslog */
	struct txn t;
	struct vc_sighold sig;
};

/* One step said, and logged: strings from outside (a user name, an error) shown escaped. */
_printf_(3, 4) static void say(struct run *r, bool ok, const char *fmt, ...)
{
	_cleanup_(freep) char *msg = NULL, *sane = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	sane = vc_sane(msg, 0);
	fprintf(r->out, "  %s %s\n", ok ? "ok  " : "FAIL", sane);
	if (r->ops->log) {
		_cleanup_(freep) char *l = xasprintf("%s: %s%s", r->who, ok ? "" : "FAILED: ", sane);

		r->ops->log(r->ops->ud, l);
	}
}

static int journal(struct run *r)
{
	size_t len;
	_cleanup_(freep) char *text = txn_text(&r->t, &len);

	return r->ops->journal_write(r->ops->ud, text, len);
}

/* Reads the journal into r->t: 0, -ENOENT (none), or another -errno with *why. */
static int journal_load(struct run *r, char **why)
{
	_cleanup_(freep) char *text = NULL;
	struct vc_journal j;
	size_t len;
	int e = r->ops->journal_read(r->ops->ud, &text, &len);

	*why = NULL;
	if (e < 0)
		return e;
	e = vc_journal_parse(text, len, &j, why);
	if (e == 0) {
		e = txn_from(&j, &r->t, why);
		vc_journal_free(&j);
	}
	return e;
}

static bool same_text(const char *data, size_t len, const char *want)
{
	return data && len == strlen(want) && !memcmp(data, want, len);
}

/* The state before, as changes to make: each only when it is not so already. */
static void plan(struct run *r, const struct vc_fix_req *req)
{
	const struct vc_fix_ops *o = r->ops;
	struct txn *t = &r->t;
	const char *mods[4];
	size_t nmods = req_modules(req, mods);

	t->pid = (long long)getpid();
	t->started = (long long)time(NULL);
	if (o->boot_id(o->ud, t->boot, sizeof(t->boot)) < 0)
		t->boot[0] = '\0';
	if (req->fix & VC_FIX_KVM_ACCESS) {
		struct vc_fix_group g = { 0 };
		/* a CI job gets no group: it would reach only a later login */
		const char *user = !req->ci && req->user && user_ok(req->user) ? req->user : NULL;
		bool have = o->group(o->ud, VC_FIX_GROUP, user, &g) == 0;

		if (!have)
			add(t, C_GROUP, VC_FIX_GROUP);
		if (o->udev(o->ud)) {
			char *data = NULL;
			size_t len = 0;
			const char *file = rule_file(req);
			int e = o->read_file(o->ud, file, &data, &len);

			if (e == 0 && memchr(data, '\0', len))
				say(r, false, "%s holds a NUL byte: not replaced", file);
			else if (e < 0 && e != -ENOENT)
				say(r, false, "read %s: %s: not replaced", file, strerror(-e));
			else if (!same_text(data, len, rule_for(file))) {
				struct change *c = add(t, C_FILE, file);

				c->present = e == 0;
				c->data = data;
				data = NULL;
			}
			free(data);
		} else {
			unsigned gid, mode;
			int e = o->node(o->ud, &gid, &mode);

			if (e == -EXDEV)
				say(r, false,
				    "%s is another file system's node (a container's bind mount of the "
				    "host's): its group and mode are set on the host, not here",
				    VC_FIX_NODE);
			else if (e < 0)
				say(r, false, "%s: %s: its group and mode are not set", VC_FIX_NODE,
				    strerror(-e));
			else if (!have || gid != g.gid || mode != r->node_mode) {
				struct change *c = add(t, C_NODE, VC_FIX_NODE);

				c->gid = gid;
				c->mode = mode;
				c->set_mode = r->node_mode;
			}
		}
		if (req->user && !user && !req->ci) {
			say(r, false, "'%s' is not a user name usermod takes: not added to the group",
			    req->user);
		} else if (user && !(have && g.member)) {
			add(t, C_MEMBER, user);
		}
	}
	for (size_t i = 0; i < nmods; i++) {
		enum vc_modstate st;
		int rc;

		if (o->mod_state(o->ud, mods[i], &st, &rc) == 0 && st == VC_MOD_ABSENT)
			add(t, C_MODULE, mods[i]);
	}
}

/* The kvm group's id now, or -1. */
static long kvm_gid(struct run *r)
{
	struct vc_fix_group g;

	return r->ops->group(r->ops->ud, VC_FIX_GROUP, NULL, &g) == 0 ? (long)g.gid : -1;
}

static void make_change(struct run *r, const struct change *c)
{
	const struct vc_fix_ops *o = r->ops;
	long gid;
	int e;

	switch (c->kind) {
	case C_GROUP:
		e = o->group_add(o->ud, c->what);
		say(r, e == 0, "groupadd -r %s%s%s", c->what, e ? ": " : ": created", e ? strerror(-e) : "");
		break;
	case C_FILE:
		e = o->write_file(o->ud, c->what, rule_for(c->what), strlen(rule_for(c->what)));
		say(r, e == 0, "wrote %s%s%s", c->what,
		    e		 ? ": "
		    : c->present ? " (what it held is in the journal)"
				 : "",
		    e ? strerror(-e) : "");
		if (e == 0) {
			e = o->uevent(o->ud);
			say(r, true, "udev change event for %s: %s", VC_FIX_NODE,
			    e ? "not sent: udev applies the rule when the node is made" : "sent");
		}
		break;
	case C_NODE:
		gid = kvm_gid(r);
		e = gid < 0 ? -ENOENT : o->node_set(o->ud, (unsigned)gid, c->set_mode);
		say(r, e == 0, "%s group %s mode %04o%s%s", c->what, VC_FIX_GROUP, c->set_mode, e ? ": " : "",
		    e ? strerror(-e) : " (until the node is made again)");
		break;
	case C_MEMBER:
		e = o->member_add(o->ud, c->what, VC_FIX_GROUP);
		say(r, e == 0, "usermod -aG %s %s: %s", VC_FIX_GROUP, c->what,
		    e ? strerror(-e) : "done (effective at the next login)");
		break;
	case C_MODULE:
		e = o->mod_load(o->ud, c->what);
		say(r, e == 0, "modprobe %s: %s", c->what, e ? strerror(-e) : "loaded");
		break;
	}
}

/* One change put back as far as it was made and as the machine still shows it; false when it
 * cannot be. */
static bool undo_change(struct run *r, const struct change *c, bool this_boot)
{
	const struct vc_fix_ops *o = r->ops;
	struct vc_fix_group g;
	enum vc_modstate st;
	unsigned gid, mode;
	char *data = NULL;
	size_t len = 0;
	int e, rc = -1;

	switch (c->kind) {
	case C_MODULE:
		if (!this_boot) {
			say(r, true, "%s: loaded in an earlier boot, nothing to unload", c->what);
			return true;
		}
		e = o->mod_state(o->ud, c->what, &st, &rc);
		if (e == 0 && st == VC_MOD_ABSENT) {
			say(r, true, "%s is not loaded", c->what);
			return true;
		}
		if (e < 0 || st != VC_MOD_LIVE || rc != 0) {
			say(r, false, "%s is in use (refcnt %d) or loading: left loaded", c->what, rc);
			return false;
		}
		e = o->mod_remove(o->ud, c->what);
		say(r, e == 0, "unloaded %s%s%s", c->what, e ? ": " : "", e ? strerror(-e) : "");
		return e == 0;
	case C_MEMBER:
		if (o->group(o->ud, VC_FIX_GROUP, c->what, &g) < 0 || !g.member) {
			say(r, true, "%s is not in the group %s", c->what, VC_FIX_GROUP);
			return true;
		}
		e = o->member_del(o->ud, c->what, VC_FIX_GROUP);
		say(r, e == 0, "removed %s from the group %s%s%s", c->what, VC_FIX_GROUP, e ? ": " : "",
		    e ? strerror(-e) : "");
		return e == 0;
	case C_NODE:
		e = this_boot ? o->node(o->ud, &gid, &mode) : -ENOENT;
		if (e == -ENOENT || (e == 0 && gid == c->gid && mode == c->mode)) {
			say(r, true, "%s has group %u mode %04o as before (or was made again since)", c->what,
			    c->gid, c->mode);
			return true;
		}
		if (e < 0 || (long)gid != kvm_gid(r) || mode != c->set_mode) {
			say(r, false, "%s changed since the fix: left as it is", c->what);
			return false;
		}
		e = o->node_set(o->ud, c->gid, c->mode);
		say(r, e == 0, "%s group %u mode %04o again%s%s", c->what, c->gid, c->mode, e ? ": " : "",
		    e ? strerror(-e) : "");
		return e == 0;
	case C_FILE:
		e = o->read_file(o->ud, c->what, &data, &len);
		if ((e == -ENOENT && !c->present) ||
		    (e == 0 && c->present && same_text(data, len, c->data))) {
			free(data);
			say(r, true, "%s is as it was before the fix", c->what);
			return true;
		}
		if (e < 0 || !same_text(data, len, rule_for(c->what))) {
			free(data);
			say(r, false,
			    "%s changed since the fix: left as it is (what it held before is "
			    "in " VC_FIX_JOURNAL ")",
			    c->what);
			return false;
		}
		free(data);
		e = o->restore_file(o->ud, c->what, c->present ? c->data : NULL,
				    c->present ? strlen(c->data) : 0);
		say(r, e == 0, "%s %s%s%s", c->present ? "put back" : "removed (it did not exist)", c->what,
		    e ? ": " : "", e ? strerror(-e) : "");
		if (e == 0 && o->udev(o->ud))
			o->uevent(o->ud); /* udev applies the old rules to the node again */
		return e == 0;
	case C_GROUP:
		e = o->group(o->ud, c->what, NULL, &g);
		if (e == -ENOENT) {
			say(r, true, "the group %s does not exist", c->what);
			return true;
		}
		if (e < 0 || g.nmembers) {
			say(r, false, "the group %s has members now: left", c->what);
			return false;
		}
		e = o->group_del(o->ud, c->what);
		say(r, e == 0, "groupdel %s%s%s", c->what, e ? ": " : "", e ? strerror(-e) : "");
		return e == 0;
	}
	return false;
}

/* Every change the journal says was begun, last first. A journal of another boot: modules and
 * the node are as this boot made them; only the group, the membership and the file go back. */
static bool undo(struct run *r)
{
	char boot[64] = "";
	bool ok = true, this_boot;

	this_boot = r->ops->boot_id(r->ops->ud, boot, sizeof(boot)) == 0 && !strcmp(boot, r->t.boot);
	for (size_t i = r->t.n; i-- > 0;)
		if (r->t.c[i].begun)
			ok &= undo_change(r, &r->t.c[i], this_boot);
	return ok;
}

static int lock(struct run *r)
{
	int e = r->ops->lock(r->ops->ud, LOCK_TIMEOUT_MS);

	if (e < 0)
		fprintf(r->out,
			"Another virtcheck switch or preflight --fix holds the lock (waited %u ms): %s. "
			"Nothing changed.\n",
			LOCK_TIMEOUT_MS, strerror(-e));
	return e;
}

/* What the journal says, for a person: "pid 4242, 2026-11-30 10:12:01". */
static char *when(const struct txn *t)
{
	time_t s = (time_t)t->started;
	struct tm tm;
	char d[64] = "?";

	if (localtime_r(&s, &tm))
		strftime(d, sizeof(d), "%Y-%m-%d %H:%M:%S", &tm);
	return xasprintf("pid %lld, %s", t->pid, d);
}

/* Says when the journal blocks a new fix; true then. r->t is left empty. */
static bool blocked(struct run *r)
{
	_cleanup_(freep) char *why = NULL, *w = NULL;
	int e = journal_load(r, &why);
	bool pending = false;

	if (e == -ENOENT || e == -EACCES)
		return false;
	if (e < 0) {
		fprintf(r->out,
			"The journal of preflight --fix %s cannot be used: %s. What the last fix changed "
			"cannot be told; it is left in place for you to look at (remove it once the "
			"machine is as you want it).\n",
			VC_FIX_JOURNAL, why ? why : strerror(-e));
		return true;
	}
	if (!r->t.committed && !r->t.undone) {
		w = when(&r->t);
		fprintf(r->out,
			"An unfinished `preflight --fix --yes` (%s) is pending (%s): it may have made only "
			"some of its changes. Run `sudo virtcheck preflight --fix --undo` first.\n",
			w, VC_FIX_JOURNAL);
		pending = true;
	}
	txn_free(&r->t);
	return pending;
}

bool vc_fix_pending(const struct vc_fix_ops *ops, FILE *out)
{
	struct run r = { .ops = ops, .out = out, .who = "preflight" };

	return blocked(&r);
}

int vc_fix_apply(const struct vc_fix_req *req, const struct vc_fix_ops *ops, FILE *out, bool *changed)
{
	struct run r = { .ops = ops, .out = out, .who = "preflight --fix", .node_mode = node_mode(req) };
	bool ok = true;
	int e;

	*changed = false;
	fprintf(out, "fixing:\n");
	if (lock(&r) < 0)
		return VC_PF_FIX_REFUSED;
	if (blocked(&r)) {
		ops->unlock(ops->ud);
		fprintf(out, "Nothing changed.\n");
		return VC_PF_FIX_REFUSED;
	}
	plan(&r, req);
	if (!r.t.n) {
		fprintf(out, "  nothing to change: it is all so already\n");
		goto out;
	}
	vc_sighold_begin(&r.sig);
	e = journal(&r);
	if (e < 0) {
		say(&r, false, "write the journal %s: %s; nothing changed", VC_FIX_JOURNAL, strerror(-e));
		vc_sighold_end(&r.sig);
		ops->unlock(ops->ud);
		txn_free(&r.t);
		return VC_PF_FIX_REFUSED;
	}
	fprintf(out, "  ok   journal %s written (%zu change%s)\n", VC_FIX_JOURNAL, r.t.n,
		r.t.n == 1 ? "" : "s");
	for (size_t i = 0; ok && i < r.t.n; i++) {
		if (vc_sighold_took(&r.sig))
			break;
		/* in the journal before it is made */
		r.t.c[i].begun = true;
		e = journal(&r);
		if (e < 0) {
			say(&r, false, "journal %s: %s", VC_FIX_JOURNAL, strerror(-e));
			ok = false;
			break;
		}
		*changed = true;
		make_change(&r, &r.t.c[i]);
	}
	if (ok && !vc_sighold_took(&r.sig)) {
		r.t.committed = true;
		e = journal(&r);
		if (e == 0) {
			fprintf(out, "  `sudo virtcheck preflight --fix --undo` reverts this fix.\n");
			goto held;
		}
		say(&r, false, "mark the journal complete: %s", strerror(-e));
		r.t.committed = false;
	}
	if (r.sig.signal)
		fprintf(out, "Interrupted by %s before the fix was complete; rolling back:\n",
			strsignal(r.sig.signal));
	else
		fprintf(out, "Rolling back:\n");
	if (undo(&r)) {
		r.t.undone = true;
		e = journal(&r);
		fprintf(out, "  %s\n", e ? "rolled back; the journal could not say so" : "rolled back");
	} else {
		fprintf(out, "NOT ALL OF IT COULD BE ROLLED BACK (above). `sudo virtcheck preflight --fix "
			     "--undo` tries again.\n");
	}
held:
	vc_sighold_end(&r.sig);
out:
	txn_free(&r.t);
	ops->unlock(ops->ud);
	return 0;
}

int vc_fix_undo(const struct vc_fix_ops *ops, FILE *out)
{
	struct run r = { .ops = ops, .out = out, .who = "preflight --fix --undo" };
	_cleanup_(freep) char *why = NULL, *w = NULL;
	size_t begun = 0;
	bool ok;
	int e;

	if (lock(&r) < 0)
		return VC_PF_UNDO_PARTIAL;
	e = journal_load(&r, &why);
	if (e == -ENOENT) {
		fprintf(out, "No preflight --fix is recorded (no %s): nothing to undo.\n", VC_FIX_JOURNAL);
		ops->unlock(ops->ud);
		return VC_PF_UNDO_NOTHING;
	}
	if (e < 0) {
		fprintf(out,
			"The journal %s cannot be used: %s. Nothing was changed; the journal is left in "
			"place for you to look at.\n",
			VC_FIX_JOURNAL, why ? why : strerror(-e));
		ops->unlock(ops->ud);
		return VC_PF_JOURNAL_BAD;
	}
	w = when(&r.t);
	if (r.t.undone) {
		fprintf(out, "The last fix (%s) is undone already: nothing to do.\n", w);
		txn_free(&r.t);
		ops->unlock(ops->ud);
		return VC_PF_MET;
	}
	for (size_t i = 0; i < r.t.n; i++)
		begun += r.t.c[i].begun;
	fprintf(out, "Undoing %s fix (%s, %zu of %zu changes made):\n",
		r.t.committed ? "the last" : "an unfinished", w, begun, r.t.n);
	/* an undo stopped half way is taken again from the start: it finishes rather than stops */
	vc_sighold_begin(&r.sig);
	ok = undo(&r);
	if (ok) {
		r.t.undone = true;
		e = journal(&r);
		if (e < 0) {
			say(&r, false, "mark the journal undone: %s", strerror(-e));
			ok = false;
		}
	}
	vc_sighold_end(&r.sig);
	if (ok)
		fprintf(out, "Undone: the machine is as it was before the fix.\n");
	else
		fprintf(out,
			"Not all of it could be put back (above); the journal %s is kept, and this "
			"command tries again.\n",
			VC_FIX_JOURNAL);
	txn_free(&r.t);
	ops->unlock(ops->ud);
	return ok ? VC_PF_MET : VC_PF_UNDO_PARTIAL;
}
