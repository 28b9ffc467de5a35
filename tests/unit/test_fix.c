/* preflight --fix --yes and --fix --undo: every path against a test double of the machine (the
 * kvm group, the udev rule, /dev/kvm, modules), killed and signalled at every step. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/act/fix.h"
#include "lib/base/journal-io.h"
#include "lib/model/journal.h"

/* ---- the test double ----
 * The machine lives in memory that a forked child shares, so a child can die at any step (it
 * kills itself at the Nth tick: before and after each change it makes, and each journal write)
 * and the parent undoes what it left. The journal is the real file code under a temporary
 * directory: never this machine's /var, /etc or /dev. */

#define NMODS 5

struct machine {
	bool group;
	unsigned gid;
	char members[128]; /* "alice,carol" */
	bool rule_present;
	char rule[512];
	bool node_present;
	unsigned node_gid, node_mode;
	struct {
		bool live;
		int refcnt;
	} mod[NMODS];
};

static const char *const mod_names[NMODS] = { "kvm_intel", "kvm_amd", "msr", "tun", "vhost_net" };

struct fake {
	struct machine m;
	bool udev, lock_busy, locked;
	bool node_bind; /* /dev/kvm is a bind mount of another file system's node (a container's) */
	int fail_member_add, fail_journal_at; /* errno; fail the Nth journal write */
	unsigned journal_writes, changes, uevents;
	char boot[16];
	unsigned ticks, kill_at;
	int kill_sig;
	char log[8192];
};

static struct fake *shared; /* in memory a forked child shares */
static int rootfd = -1;

static void tick(struct fake *f)
{
	if (f->kill_at && ++f->ticks == f->kill_at)
		raise(f->kill_sig);
}

static int mod_index(const char *name)
{
	for (int i = 0; i < NMODS; i++)
		if (!strcmp(mod_names[i], name))
			return i;
	fail_msg("a module the fix does not know: %s", name);
	return -1;
}

static bool listed(const char *members, const char *user)
{
	char copy[128], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", members);
	for (char *m = strtok_r(copy, ",", &save); m; m = strtok_r(NULL, ",", &save))
		if (!strcmp(m, user))
			return true;
	return false;
}

static int f_lock(void *ud, unsigned timeout_ms)
{
	struct fake *f = ud;

	(void)timeout_ms;
	if (f->lock_busy)
		return -EWOULDBLOCK;
	f->locked = true;
	return 0;
}

static void f_unlock(void *ud)
{
	((struct fake *)ud)->locked = false;
}

static int f_boot_id(void *ud, char *buf, size_t len)
{
	snprintf(buf, len, "%s", ((struct fake *)ud)->boot);
	return 0;
}

static int f_group(void *ud, const char *name, const char *user, struct vc_fix_group *g)
{
	struct fake *f = ud;

	assert_string_equal(name, "kvm");
	if (!f->m.group)
		return -ENOENT;
	g->gid = f->m.gid;
	g->member = user && listed(f->m.members, user);
	g->nmembers = 0;
	for (const char *p = f->m.members; *p; p++)
		g->nmembers += p == f->m.members || p[-1] == ',';
	return 0;
}

/* a change: ticks before and after, so a kill can come on either side */
#define CHANGE(f, stmt)                                                                                      \
	do {                                                                                                 \
		tick(f);                                                                                     \
		stmt;                                                                                        \
		(f)->changes++;                                                                              \
		tick(f);                                                                                     \
	} while (0)

static int f_group_add(void *ud, const char *name)
{
	struct fake *f = ud;

	(void)name;
	if (f->m.group)
		return -EEXIST;
	CHANGE(f, (f->m.group = true, f->m.gid = 993, f->m.members[0] = '\0'));
	return 0;
}

static int f_group_del(void *ud, const char *name)
{
	struct fake *f = ud;

	(void)name;
	if (!f->m.group)
		return -ENOENT;
	CHANGE(f, f->m.group = false);
	return 0;
}

static int f_member_add(void *ud, const char *user, const char *group)
{
	struct fake *f = ud;
	size_t n = strlen(f->m.members);

	(void)group;
	if (f->fail_member_add)
		return -f->fail_member_add;
	if (!f->m.group)
		return -ENOENT;
	CHANGE(f, snprintf(f->m.members + n, sizeof(f->m.members) - n, "%s%s", n ? "," : "", user));
	return 0;
}

static int f_member_del(void *ud, const char *user, const char *group)
{
	struct fake *f = ud;
	char out[128] = "", copy[128], *save = NULL;

	(void)group;
	snprintf(copy, sizeof(copy), "%s", f->m.members);
	for (char *m = strtok_r(copy, ",", &save); m; m = strtok_r(NULL, ",", &save))
		if (strcmp(m, user) != 0)
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", *out ? "," : "", m);
	CHANGE(f, snprintf(f->m.members, sizeof(f->m.members), "%s", out));
	return 0;
}

static bool f_udev(void *ud)
{
	return ((struct fake *)ud)->udev;
}

static int f_uevent(void *ud)
{
	((struct fake *)ud)->uevents++;
	return 0;
}

static int f_node(void *ud, unsigned *gid, unsigned *mode)
{
	struct fake *f = ud;

	if (!f->m.node_present)
		return -ENOENT;
	if (f->node_bind)
		return -EXDEV;
	*gid = f->m.node_gid;
	*mode = f->m.node_mode;
	return 0;
}

static int f_node_set(void *ud, unsigned gid, unsigned mode)
{
	struct fake *f = ud;

	CHANGE(f, (f->m.node_gid = gid, f->m.node_mode = mode));
	return 0;
}

static int f_read_file(void *ud, const char *path, char **data, size_t *len)
{
	struct fake *f = ud;

	assert_true(!strcmp(path, VC_FIX_RULE_FILE) || !strcmp(path, VC_FIX_RULE_FILE_ALL));
	if (!f->m.rule_present)
		return -ENOENT;
	*data = strdup(f->m.rule);
	*len = strlen(*data);
	return 0;
}

static int f_write_file(void *ud, const char *path, const char *data, size_t len)
{
	struct fake *f = ud;

	/* one rule file a machine: 65-kvm.rules, or in a CI job 99-kvm4all.rules with MODE 0666 */
	assert_true(!strcmp(path, VC_FIX_RULE_FILE) ||
		    (!strcmp(path, VC_FIX_RULE_FILE_ALL) && len == strlen(VC_FIX_RULE_ALL)));
	/* atomic, as the real one: the old content or the new one, whole */
	CHANGE(f, (snprintf(f->m.rule, sizeof(f->m.rule), "%.*s", (int)len, data), f->m.rule_present = true));
	return 0;
}

static int f_restore_file(void *ud, const char *path, const char *data, size_t len)
{
	struct fake *f = ud;

	if (!data)
		CHANGE(f, f->m.rule_present = false);
	else
		f_write_file(ud, path, data, len);
	return 0;
}

static int f_mod_state(void *ud, const char *mod, enum vc_modstate *st, int *refcnt)
{
	struct fake *f = ud;
	int i = mod_index(mod);

	*st = f->m.mod[i].live ? VC_MOD_LIVE : VC_MOD_ABSENT;
	*refcnt = f->m.mod[i].live ? f->m.mod[i].refcnt : -1;
	return 0;
}

static int f_mod_load(void *ud, const char *mod)
{
	struct fake *f = ud;
	int i = mod_index(mod);

	/* the KVM device comes with its module */
	CHANGE(f, (f->m.mod[i].live = true, f->m.node_present |= i < 2));
	return 0;
}

static int f_mod_remove(void *ud, const char *mod)
{
	struct fake *f = ud;
	int i = mod_index(mod);

	if (f->m.mod[i].refcnt)
		return -EBUSY;
	/* the KVM device goes with its module (the fake knows no module kvm) */
	CHANGE(f, (f->m.mod[i].live = false, f->m.node_present &= i >= 2));
	return 0;
}

static int f_journal_write(void *ud, const char *data, size_t len)
{
	struct fake *f = ud;
	int r;

	if (f->fail_journal_at && ++f->journal_writes == (unsigned)f->fail_journal_at)
		return -ENOSPC;
	tick(f);
	r = vc_fix_journal_write_at(rootfd, data, len);
	tick(f);
	return r;
}

static int f_journal_read(void *ud, char **data, size_t *len)
{
	(void)ud;
	return vc_fix_journal_read_at(rootfd, data, len);
}

static void f_log(void *ud, const char *msg)
{
	struct fake *f = ud;

	strncat(f->log, msg, sizeof(f->log) - strlen(f->log) - 2);
	strcat(f->log, "\n");
}

static struct vc_fix_ops fake_ops(struct fake *f)
{
	return (struct vc_fix_ops){ .ud = f,
				    .lock = f_lock,
				    .unlock = f_unlock,
				    .boot_id = f_boot_id,
				    .group = f_group,
				    .group_add = f_group_add,
				    .group_del = f_group_del,
				    .member_add = f_member_add,
				    .member_del = f_member_del,
				    .udev = f_udev,
				    .uevent = f_uevent,
				    .node = f_node,
				    .node_set = f_node_set,
				    .read_file = f_read_file,
				    .write_file = f_write_file,
				    .restore_file = f_restore_file,
				    .mod_state = f_mod_state,
				    .mod_load = f_mod_load,
				    .mod_remove = f_mod_remove,
				    .journal_write = f_journal_write,
				    .journal_read = f_journal_read,
				    .log = f_log };
}

/* ---- the machines ---- */

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->boot, sizeof(f->boot), "boot-1");
}

/* A desktop with udev, no kvm group, no rule, KVM not loaded: every change there is. */
static void bare_udev(struct fake *f)
{
	fake_init(f);
	f->udev = true;
}

/* udev, a kvm group with alice in it, an older rule of the admin's, tun missing. */
static void older_rule(struct fake *f)
{
	fake_init(f);
	f->udev = true;
	f->m.group = true;
	f->m.gid = 108;
	snprintf(f->m.members, sizeof(f->m.members), "alice");
	f->m.rule_present = true;
	snprintf(f->m.rule, sizeof(f->m.rule), "# the admin's\nKERNEL==\"kvm\", MODE=\"0600\"\n");
	f->m.node_present = true;
	f->m.node_gid = 0;
	f->m.node_mode = 0600;
	f->m.mod[0].live = true;
	f->m.mod[0].refcnt = 0;
}

/* A container: no udev, the node 0600 root:root, no kvm group. */
static void no_udev(struct fake *f)
{
	fake_init(f);
	f->m.node_present = true;
	f->m.node_gid = 0;
	f->m.node_mode = 0600;
	f->m.mod[0].live = true;
}

static const struct scenario {
	const char *name;
	void (*machine)(struct fake *f);
	struct vc_fix_req req;
	size_t changes; /* in the journal */
} scenarios[] = {
	{ "bare-udev",
	  bare_udev,
	  { VC_FIX_KVM_ACCESS | VC_FIX_KVM_MODULE | VC_FIX_TUN, "carol", "kvm_intel", NULL },
	  5 },
	{ "older-rule",
	  older_rule,
	  { VC_FIX_KVM_ACCESS | VC_FIX_TUN | VC_FIX_VHOST, "carol", NULL, NULL },
	  4 },
	{ "no-udev", no_udev, { VC_FIX_KVM_ACCESS | VC_FIX_MSR, "carol", NULL, NULL }, 4 },
	/* a CI job: the group and a rule for every user (99-kvm4all.rules), no usermod */
	{ "ci-job", bare_udev, { VC_FIX_KVM_ACCESS, "runner", NULL, "GitHub Actions" }, 2 },
};

/* ---- running it ---- */

struct outcome {
	int status;
	bool changed;
	char *text;
};

static struct outcome apply(struct fake *f, const struct vc_fix_req *req)
{
	struct vc_fix_ops ops = fake_ops(f);
	struct outcome o = { 0 };
	size_t len;
	FILE *mem = open_memstream(&o.text, &len);

	o.status = vc_fix_apply(req, &ops, mem, &o.changed);
	fclose(mem);
	return o;
}

static struct outcome undo(struct fake *f)
{
	struct vc_fix_ops ops = fake_ops(f);
	struct outcome o = { 0 };
	size_t len;
	FILE *mem = open_memstream(&o.text, &len);

	o.status = vc_fix_undo(&ops, mem);
	fclose(mem);
	return o;
}

static bool pending(struct fake *f)
{
	struct vc_fix_ops ops = fake_ops(f);
	char *text;
	size_t len;
	FILE *mem = open_memstream(&text, &len);
	bool p = vc_fix_pending(&ops, mem);

	fclose(mem);
	free(text);
	return p;
}

static char *journal_text(void)
{
	char *text = NULL;
	size_t len;

	return vc_fix_journal_read_at(rootfd, &text, &len) == 0 ? text : NULL;
}

static void journal_drop(void)
{
	vc_jpath_remove(rootfd, VC_FIX_JOURNAL_DIR, VC_FIX_JOURNAL_NAME, false);
}

static void assert_machine(const struct fake *f, const struct machine *want, const char *what, unsigned k)
{
	const struct machine *m = &f->m;

	if (m->group != want->group ||
	    (m->group && (m->gid != want->gid || strcmp(m->members, want->members))))
		fail_msg("%s, tick %u: the kvm group is %d '%s', expected %d '%s'", what, k, m->group,
			 m->members, want->group, want->members);
	if (m->rule_present != want->rule_present || (m->rule_present && strcmp(m->rule, want->rule)))
		fail_msg("%s, tick %u: the rule file is %s '%s', expected %s '%s'", what, k,
			 m->rule_present ? "there" : "absent", m->rule,
			 want->rule_present ? "there" : "absent", want->rule);
	if (m->node_present != want->node_present || m->node_gid != want->node_gid ||
	    m->node_mode != want->node_mode)
		fail_msg("%s, tick %u: /dev/kvm is %d %u %04o, expected %d %u %04o", what, k, m->node_present,
			 m->node_gid, m->node_mode, want->node_present, want->node_gid, want->node_mode);
	for (int i = 0; i < NMODS; i++)
		if (m->mod[i].live != want->mod[i].live)
			fail_msg("%s, tick %u: %s is %s, expected %s", what, k, mod_names[i],
				 m->mod[i].live ? "loaded" : "absent",
				 want->mod[i].live ? "loaded" : "absent");
}

/* The undo succeeds and gives exactly the machine before; the journal goes, for the next test. */
static void assert_undone(const struct machine *before, const char *what)
{
	struct outcome o = undo(shared);

	if (o.status != VC_PF_MET)
		fail_msg("%s: the undo exits %d:\n%s", what, o.status, o.text);
	assert_machine(shared, before, what, 0);
	free(o.text);
	journal_drop();
}

/* ---- the tests ---- */

static void test_fix_then_undo(void **state)
{
	const struct scenario *sc = &scenarios[0];
	struct machine before;
	struct outcome o;
	char *j;
	struct stat st;
	int dfd;

	(void)state;
	bare_udev(shared);
	before = shared->m;
	o = apply(shared, &sc->req);
	if (o.status != 0 || !o.changed)
		fail_msg("fix: %d\n%s", o.status, o.text);
	/* done */
	assert_true(shared->m.group);
	assert_string_equal(shared->m.members, "carol");
	assert_string_equal(shared->m.rule, VC_FIX_RULE);
	assert_true(shared->m.mod[0].live && shared->m.mod[3].live);
	assert_int_equal(shared->uevents, 1);
	assert_false(shared->locked);
	assert_non_null(strstr(o.text, "journal " VC_FIX_JOURNAL " written (5 changes)"));
	assert_non_null(strstr(o.text, "preflight --fix --undo` reverts this fix"));
	/* each change in syslog */
	assert_non_null(strstr(shared->log, "preflight --fix: groupadd -r kvm: created\n"));
	assert_non_null(strstr(shared->log, "preflight --fix: wrote " VC_FIX_RULE_FILE "\n"));
	assert_non_null(strstr(shared->log, "preflight --fix: usermod -aG kvm carol: done"));
	assert_non_null(strstr(shared->log, "preflight --fix: modprobe kvm_intel: loaded\n"));
	assert_non_null(strstr(shared->log, "preflight --fix: modprobe tun: loaded\n"));
	/* the journal: what was there before each change, each step, complete; 0600 in a 0700
	 * directory */
	j = journal_text();
	assert_non_null(j);
	assert_non_null(strstr(j, "virtcheck-journal 1 preflight-fix\n"));
	assert_non_null(strstr(j, "\ngroup-add kvm\nfile-absent " VC_FIX_RULE_FILE
				  "\nmember carol kvm\nmodule kvm_intel\nmodule tun\n"));
	assert_non_null(strstr(j, "\nstep 1\nstep 2\nstep 3\nstep 4\nstep 5\ncommit\nend 14\n"));
	free(j);
	assert_int_equal(fstatat(rootfd, VC_FIX_JOURNAL_DIR, &st, AT_SYMLINK_NOFOLLOW), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_true(vc_jdir_open(rootfd, VC_FIX_JOURNAL_DIR, false, &dfd) == 0);
	assert_int_equal(fstatat(dfd, VC_FIX_JOURNAL_NAME, &st, AT_SYMLINK_NOFOLLOW), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	close(dfd);
	assert_false(pending(shared)); /* complete: nothing to say */
	free(o.text);

	/* undone exactly, last change first, and said in syslog */
	shared->log[0] = '\0';
	o = undo(shared);
	if (o.status != VC_PF_MET)
		fail_msg("undo: %d\n%s", o.status, o.text);
	assert_machine(shared, &before, "undone", 0);
	assert_non_null(strstr(o.text, "Undoing the last fix (pid "));
	assert_non_null(strstr(o.text, "5 of 5 changes made"));
	assert_true(strstr(o.text, "unloaded tun") < strstr(o.text, "groupdel kvm"));
	assert_non_null(strstr(shared->log, "preflight --fix --undo: removed carol from the group kvm\n"));
	assert_non_null(
		strstr(shared->log, "preflight --fix --undo: removed (it did not exist) " VC_FIX_RULE_FILE));
	assert_non_null(strstr(o.text, "Undone: the machine is as it was before the fix."));
	free(o.text);

	/* again: nothing more to do, nothing touched */
	shared->changes = 0;
	o = undo(shared);
	assert_int_equal(o.status, VC_PF_MET);
	assert_non_null(strstr(o.text, "is undone already: nothing to do"));
	assert_int_equal(shared->changes, 0);
	free(o.text);
	journal_drop();
}

/* An older rule file comes back as it was, the group that was there stays with its members. */
static void test_undo_puts_back_older_file(void **state)
{
	const struct scenario *sc = &scenarios[1];
	struct machine before;
	struct outcome o;
	char *j;

	(void)state;
	older_rule(shared);
	before = shared->m;
	o = apply(shared, &sc->req);
	assert_int_equal(o.status, 0);
	assert_string_equal(shared->m.members, "alice,carol");
	assert_string_equal(shared->m.rule, VC_FIX_RULE);
	free(o.text);
	j = journal_text();
	assert_non_null(
		strstr(j, "\nfile " VC_FIX_RULE_FILE " # the admin's\\nKERNEL==\"kvm\", MODE=\"0600\"\\n\n"));
	assert_null(strstr(j, "group-add"));
	free(j);
	o = undo(shared);
	assert_int_equal(o.status, VC_PF_MET);
	assert_machine(shared, &before, "older rule", 0);
	assert_non_null(strstr(o.text, "put back " VC_FIX_RULE_FILE));
	assert_int_equal(shared->uevents, 2); /* udev applies the older rule again */
	free(o.text);
	journal_drop();
}

static void test_no_udev_node(void **state)
{
	const struct scenario *sc = &scenarios[2];
	struct machine before;
	struct outcome o;

	(void)state;
	no_udev(shared);
	before = shared->m;
	o = apply(shared, &sc->req);
	assert_int_equal(o.status, 0);
	assert_int_equal(shared->m.node_gid, 993); /* the group it made */
	assert_int_equal(shared->m.node_mode, 0660);
	assert_false(shared->m.rule_present);
	free(o.text);
	assert_undone(&before, "no udev");
}

/* A CI job where no udev runs (a container): the node opened to every user, 0666, no usermod (the
 * knowledge row access_ci_udev_rule); undo puts it back. */
static void test_no_udev_ci_node(void **state)
{
	const struct vc_fix_req req = { VC_FIX_KVM_ACCESS, "runner", NULL, "GitHub Actions" };
	struct machine before;
	struct outcome o;

	(void)state;
	no_udev(shared);
	before = shared->m;
	o = apply(shared, &req);
	assert_int_equal(o.status, 0);
	assert_int_equal(shared->m.node_mode, 0666);
	assert_null(strstr(o.text, "usermod"));
	assert_false(shared->m.rule_present);
	free(o.text);
	assert_undone(&before, "no udev, CI");
}

/* In a container given the host's /dev/kvm by a bind mount, where no udev runs: the node is the
 * host's (its group ids are not this container's), so the fix leaves it alone and says why. */
static void test_no_udev_bind_mounted_node(void **state)
{
	const struct vc_fix_req req = { VC_FIX_KVM_ACCESS, "runner", NULL, "GitHub Actions" };
	struct machine before;
	struct outcome o;

	(void)state;
	no_udev(shared);
	shared->node_bind = true;
	before = shared->m;
	o = apply(shared, &req);
	assert_int_equal(before.node_mode, shared->m.node_mode);
	assert_int_equal(before.node_gid, shared->m.node_gid);
	assert_non_null(strstr(o.text, VC_FIX_NODE " is another file system's node (a container's bind "
						   "mount of the host's)"));
	free(o.text);
	shared->node_bind = false;
	assert_undone(&before, "bind-mounted node");
}

/* The journal records the mode the fix gave the node: a mode set by hand since (0666 after a fix
 * that set 0660) is someone's change, left as it is. */
static void test_no_udev_node_changed_since(void **state)
{
	const struct scenario *sc = &scenarios[2];
	struct outcome o;
	char *j;

	(void)state;
	no_udev(shared);
	o = apply(shared, &sc->req);
	assert_int_equal(o.status, 0);
	assert_int_equal(shared->m.node_mode, 0660);
	free(o.text);
	j = journal_text();
	assert_non_null(strstr(j, "\nnode " VC_FIX_NODE " "));
	assert_non_null(strstr(j, " 0660\n"));
	free(j);
	shared->m.node_mode = 0666;
	o = undo(shared);
	assert_int_equal(o.status, VC_PF_UNDO_PARTIAL);
	assert_non_null(strstr(o.text, VC_FIX_NODE " changed since the fix: left as it is"));
	assert_int_equal(shared->m.node_mode, 0666);
	free(o.text);
	journal_drop();
}

static void test_nothing_recorded(void **state)
{
	struct outcome o;

	(void)state;
	bare_udev(shared);
	o = undo(shared);
	assert_int_equal(o.status, VC_PF_UNDO_NOTHING);
	assert_non_null(
		strstr(o.text, "No preflight --fix is recorded (no " VC_FIX_JOURNAL "): nothing to undo."));
	assert_int_equal(shared->changes, 0);
	assert_false(shared->locked);
	free(o.text);
	/* a fix with nothing to change writes no journal */
	older_rule(shared);
	snprintf(shared->m.rule, sizeof(shared->m.rule), "%s", VC_FIX_RULE);
	snprintf(shared->m.members, sizeof(shared->m.members), "carol");
	o = apply(shared, &(struct vc_fix_req){ .fix = VC_FIX_KVM_ACCESS, .user = "carol" });
	assert_int_equal(o.status, 0);
	assert_false(o.changed);
	assert_non_null(strstr(o.text, "nothing to change"));
	assert_null(journal_text());
	free(o.text);
}

/* A damaged journal is said, left in place, and neither undone nor written over. */
static void test_damaged_journal(void **state)
{
	static const char *const damaged[] = {
		"garbage\n",
		"virtcheck-journal 1 preflight-fix\nmodule tun\nstep 1\n", /* cut: no end line */
		"virtcheck-journal 1 preflight-fix\nmodule evil\nstep 1\nend 2\n",
		"virtcheck-journal 1 preflight-fix\nfile-absent /etc/shadow\nstep 1\nend 2\n",
		"virtcheck-journal 1 preflight-fix\nfile /etc/udev/rules.d/65-kvm.rules\\x01\nend 1\n",
		"virtcheck-journal 1 preflight-fix\ngroup-add wheel\nstep 1\nend 2\n",
		"virtcheck-journal 1 preflight-fix\nmember root;x kvm\nstep 1\nend 2\n",
		"virtcheck-journal 1 preflight-fix\nnode /dev/sda 0 0600\nstep 1\nend 2\n",
		"virtcheck-journal 1 preflight-fix\nnode /dev/kvm 0 77777\nend 1\n",
		"virtcheck-journal 1 preflight-fix\nmodule tun\nstep 2\nend 2\n", /* a step of nothing */
		"virtcheck-journal 1 preflight-fix\nrm -rf /\nend 1\n",
		"virtcheck-journal 1 switch\nmodule tun\nstep 1\nend 2\n", /* another kind */
		"virtcheck-journal 2 preflight-fix\nend 0\n",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(damaged); i++) {
		struct outcome o;
		char *j;

		bare_udev(shared);
		shared->m.mod[3].live = true; /* tun, which a damaged journal might name */
		assert_int_equal(vc_fix_journal_write_at(rootfd, damaged[i], strlen(damaged[i])), 0);
		o = undo(shared);
		if (o.status != VC_PF_JOURNAL_BAD || !strstr(o.text, "cannot be used: "))
			fail_msg("damaged journal %zu: exit %d\n%s", i, o.status, o.text);
		assert_non_null(strstr(o.text, "left in place"));
		assert_int_equal(shared->changes, 0);
		free(o.text);
		/* a fix does not go over it; a later run says it */
		o = apply(shared, &scenarios[0].req);
		assert_int_equal(o.status, VC_PF_FIX_REFUSED);
		assert_int_equal(shared->changes, 0);
		free(o.text);
		assert_true(pending(shared));
		j = journal_text();
		assert_string_equal(j, damaged[i]); /* as it was */
		free(j);
		journal_drop();
	}
}

/* A change that fails does not stop the others, and the undo reverts those that were made. */
static void test_failed_change(void **state)
{
	struct machine before;
	struct outcome o;

	(void)state;
	bare_udev(shared);
	before = shared->m;
	shared->fail_member_add = EIO;
	o = apply(shared, &scenarios[0].req);
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.text, "FAIL usermod -aG kvm carol: Input/output error"));
	assert_non_null(strstr(shared->log, "preflight --fix: FAILED: usermod -aG kvm carol"));
	assert_true(shared->m.mod[3].live); /* tun, after it */
	free(o.text);
	shared->fail_member_add = 0;
	assert_undone(&before, "after a failed change");
}

/* What changed since the fix is left and said; the undo can be taken again once it is put right. */
static void test_undo_leaves_what_changed_since(void **state)
{
	struct machine before;
	struct outcome o;

	(void)state;
	bare_udev(shared);
	before = shared->m;
	o = apply(shared, &scenarios[0].req);
	assert_int_equal(o.status, 0);
	free(o.text);
	/* a VM uses kvm_intel now; the admin edited the rule */
	shared->m.mod[0].refcnt = 1;
	snprintf(shared->m.rule, sizeof(shared->m.rule), "# mine now\n");
	o = undo(shared);
	assert_int_equal(o.status, VC_PF_UNDO_PARTIAL);
	assert_non_null(strstr(o.text, "kvm_intel is in use (refcnt 1) or loading: left loaded"));
	assert_non_null(strstr(o.text, VC_FIX_RULE_FILE " changed since the fix: left as it is"));
	assert_non_null(strstr(o.text, "the journal " VC_FIX_JOURNAL " is kept"));
	assert_true(shared->m.mod[0].live);
	assert_string_equal(shared->m.rule, "# mine now\n");
	assert_false(shared->m.mod[3].live); /* the rest is undone */
	assert_false(shared->m.group);
	free(o.text);
	assert_false(pending(shared)); /* the fix was complete: nothing unfinished */
	/* the VM is gone, the file is removed by hand: taken again, it is all as before */
	shared->m.mod[0].refcnt = 0;
	shared->m.rule_present = false;
	assert_undone(&before, "undo taken again");
}

/* A group that has members of its own by the time of the undo is not removed. */
static void test_group_with_members_kept(void **state)
{
	struct outcome o;

	(void)state;
	bare_udev(shared);
	o = apply(shared, &scenarios[0].req);
	free(o.text);
	snprintf(shared->m.members, sizeof(shared->m.members), "carol,dave");
	o = undo(shared);
	assert_int_equal(o.status, VC_PF_UNDO_PARTIAL);
	assert_non_null(strstr(o.text, "the group kvm has members now: left"));
	assert_true(shared->m.group);
	assert_string_equal(shared->m.members, "dave");
	free(o.text);
	journal_drop();
}

/* A journal of an earlier boot: the modules and the node are as this boot made them. */
static void test_undo_after_reboot(void **state)
{
	struct machine before;
	struct outcome o;

	(void)state;
	no_udev(shared);
	before = shared->m;
	o = apply(shared, &scenarios[2].req);
	free(o.text);
	/* the reboot: msr not loaded, the node made anew, the group and membership stay */
	snprintf(shared->boot, sizeof(shared->boot), "boot-2");
	shared->m.mod[2].live = false;
	shared->m.node_gid = 0;
	shared->m.node_mode = 0600;
	shared->changes = 0;
	o = undo(shared);
	assert_int_equal(o.status, VC_PF_MET);
	assert_non_null(strstr(o.text, "msr: loaded in an earlier boot, nothing to unload"));
	assert_machine(shared, &before, "after a reboot", 0);
	assert_int_equal(shared->changes, 2); /* the membership, the group */
	free(o.text);
	journal_drop();
}

static void test_lock_and_bad_user(void **state)
{
	struct outcome o;

	(void)state;
	bare_udev(shared);
	shared->lock_busy = true;
	o = apply(shared, &scenarios[0].req);
	assert_int_equal(o.status, VC_PF_FIX_REFUSED);
	assert_non_null(strstr(o.text, "holds the lock"));
	free(o.text);
	o = undo(shared);
	assert_int_equal(o.status, VC_PF_UNDO_PARTIAL);
	free(o.text);
	assert_int_equal(shared->changes, 0);
	assert_null(journal_text());

	/* a user name from outside that usermod would not take (or a terminal would obey) */
	bare_udev(shared);
	o = apply(shared, &(struct vc_fix_req){ .fix = VC_FIX_KVM_ACCESS, .user = "car$(id)ol\x1b[2J" });
	assert_int_equal(o.status, 0);
	assert_non_null(strstr(o.text, "'car$(id)ol\\x1b[2J' is not a user name usermod takes"));
	assert_null(strchr(o.text, '\x1b'));
	assert_string_equal(shared->m.members, "");
	free(o.text);
	o = undo(shared);
	assert_int_equal(o.status, VC_PF_MET);
	free(o.text);
	journal_drop();
}

/* The journal cannot be written: nothing is changed. It cannot be written half way: what was
 * made is rolled back. */
static void test_journal_write_fails(void **state)
{
	struct machine before;
	struct outcome o;

	(void)state;
	for (int at = 1; at <= 4; at++) {
		char *j;

		bare_udev(shared);
		before = shared->m;
		shared->fail_journal_at = at;
		o = apply(shared, &scenarios[0].req);
		assert_machine(shared, &before, "the journal could not be written", (unsigned)at);
		if (at == 1) {
			assert_int_equal(o.status, VC_PF_FIX_REFUSED);
			assert_non_null(strstr(o.text, "nothing changed"));
			assert_null(journal_text());
		} else {
			assert_int_equal(o.status, 0);
			assert_non_null(strstr(o.text, "rolled back"));
			j = journal_text();
			assert_non_null(strstr(j, "\nundone\n"));
			free(j);
		}
		free(o.text);
		journal_drop();
	}
}

/* ---- death and signals at every step ---- */

/* A child that runs the fix (or the undo) and dies at tick k; its exit status or signal. */
static int child(const struct vc_fix_req *req, unsigned k, int sig)
{
	pid_t pid;
	int status;

	shared->ticks = 0;
	shared->kill_at = k;
	shared->kill_sig = sig;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct outcome o = req ? apply(shared, req) : undo(shared);
		int st = o.status;

		free(o.text); /* valgrind counts a child's leaks in its exit status */
		_exit(st);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	shared->kill_at = 0;
	return status;
}

/* The state after an uninterrupted fix. */
static void reference(const struct scenario *sc, struct machine *before, struct machine *after)
{
	struct outcome o;

	sc->machine(shared);
	*before = shared->m;
	o = apply(shared, &sc->req);
	if (o.status != 0)
		fail_msg("%s: the fix fails without a kill:\n%s", sc->name, o.text);
	*after = shared->m;
	free(o.text);
	journal_drop();
}

/* kill -9 at every tick: a later run says a fix is pending (when it is), a fix will not go over
 * it, and the undo gives exactly the machine before the fix. */
static void test_kill_at_every_step(void **state)
{
	const unsigned stride = wrapped_stride(3);

	(void)state;
	for (size_t s = 0; s < ARRAY_SIZE(scenarios); s++) {
		const struct scenario *sc = &scenarios[s];
		struct machine before, after;
		unsigned killed = 0, pendings = 0;

		reference(sc, &before, &after);
		/* (under valgrind every 3rd tick, each scenario from another one) */
		for (unsigned k = 1 + s % stride;; k += stride) {
			_cleanup_(freep) char *j = NULL;
			struct outcome o;
			int status;

			sc->machine(shared);
			status = child(&sc->req, k, SIGKILL);
			if (WIFEXITED(status)) { /* past the last tick: it ran to the end */
				assert_int_equal(WEXITSTATUS(status), 0);
				assert_machine(shared, &after, sc->name, k);
				o = undo(shared);
				assert_int_equal(o.status, VC_PF_MET);
				assert_machine(shared, &before, sc->name, k);
				free(o.text);
				break;
			}
			assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
			killed++;
			j = journal_text();
			if (j && !strstr(j, "\ncommit\n")) {
				pendings++;
				if (!pending(shared))
					fail_msg("%s, killed at tick %u: no run says the fix is pending",
						 sc->name, k);
				shared->changes = 0;
				o = apply(shared, &sc->req);
				assert_int_equal(o.status, VC_PF_FIX_REFUSED);
				assert_int_equal(shared->changes, 0);
				free(o.text);
			}
			o = undo(shared);
			if (o.status != (j ? VC_PF_MET : VC_PF_UNDO_NOTHING))
				fail_msg("%s, killed at tick %u: undo exits %d:\n%s", sc->name, k, o.status,
					 o.text);
			if (getenv("VC_TEST_DEBUG"))
				printf("---- %s, killed at tick %u:\n%s", sc->name, k, o.text);
			assert_machine(shared, &before, sc->name, k);
			assert_false(pending(shared));
			free(o.text);
			journal_drop();
		}
		/* the journal, each change with its step before and its own two ticks, the commit */
		if (killed < (4 * sc->changes + 4) / stride || pendings < 3 * sc->changes / stride)
			fail_msg("%s: only %u kill points, %u pending", sc->name, killed, pendings);
	}
}

/* Killed after its first change: what it had not begun is not undone, even when the machine now
 * shows it (another program loaded tun, a package installed the same rule). */
static void test_undo_only_what_was_begun(void **state)
{
	_cleanup_(freep) char *j = NULL;
	struct outcome o;

	(void)state;
	bare_udev(shared);
	/* the journal written (2 ticks), the first step in it (2), the group made (2) */
	assert_true(WIFSIGNALED(child(&scenarios[0].req, 6, SIGKILL)));
	j = journal_text();
	assert_non_null(strstr(j, "\nstep 1\nend "));
	assert_true(shared->m.group);
	shared->m.mod[3].live = true;
	shared->m.rule_present = true;
	snprintf(shared->m.rule, sizeof(shared->m.rule), "%s", VC_FIX_RULE);
	o = undo(shared);
	assert_int_equal(o.status, VC_PF_MET);
	assert_non_null(strstr(o.text, "Undoing an unfinished fix (pid "));
	assert_non_null(strstr(o.text, "1 of 5 changes made"));
	assert_false(shared->m.group);
	assert_true(shared->m.mod[3].live);
	assert_true(shared->m.rule_present);
	free(o.text);
	journal_drop();
}

/* The undo killed at each of its own steps, then taken again: the machine before the fix. */
static void test_undo_killed_too(void **state)
{
	const struct scenario *sc = &scenarios[0];
	struct machine before, after;
	unsigned tried = 0;
	const unsigned stride = wrapped_stride(3);

	(void)state;
	reference(sc, &before, &after);
	for (unsigned k = 1;; k += stride) {
		struct outcome o;
		int status;

		sc->machine(shared);
		o = apply(shared, &sc->req);
		free(o.text);
		status = child(NULL, k, SIGKILL);
		if (WIFEXITED(status)) {
			assert_int_equal(WEXITSTATUS(status), VC_PF_MET);
			assert_machine(shared, &before, "undo not killed", k);
			journal_drop();
			break;
		}
		tried++;
		o = undo(shared);
		if (o.status != VC_PF_MET)
			fail_msg("undo killed at %u, then undo exits %d:\n%s", k, o.status, o.text);
		assert_machine(shared, &before, "undone after a killed undo", k);
		free(o.text);
		journal_drop();
	}
	assert_true(tried >= 10 / stride);
}

/* SIGTERM (and the others held) at every tick: the fix ends complete or rolled back, never half,
 * and it does not die of the signal. */
static void test_signal_at_every_step(void **state)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	const unsigned stride = wrapped_stride(3);

	(void)state;
	for (size_t s = 0; s < ARRAY_SIZE(scenarios); s++) {
		const struct scenario *sc = &scenarios[s];
		struct machine before, after;
		unsigned rolled = 0, completed = 0;

		unsigned k = 1 + s % stride, last = 0;

		reference(sc, &before, &after);
		/* (under valgrind every 3rd tick, each scenario from another one, the signals in turn,
		 * and the last tick, where the fix has committed) */
		for (;;) {
			_cleanup_(freep) char *j = NULL;
			int status;

			sc->machine(shared);
			status = child(&sc->req, k, sigs[k / stride % ARRAY_SIZE(sigs)]);
			if (!WIFEXITED(status))
				fail_msg("%s: a signal at tick %u ended the fix (status 0x%x)", sc->name, k,
					 status);
			assert_int_equal(WEXITSTATUS(status), 0);
			j = journal_text();
			if (shared->ticks < k) {
				assert_machine(shared, &after, sc->name, k);
				journal_drop();
				if (stride == 1 || last)
					break;
				k = last = shared->ticks; /* the last tick next */
				continue;
			}
			if (j && strstr(j, "\ncommit\n")) {
				completed++;
				assert_machine(shared, &after, "signal, completed", k);
			} else {
				rolled++;
				assert_machine(shared, &before, "signal, rolled back", k);
				assert_true(!j || strstr(j, "\nundone\n"));
			}
			assert_false(pending(shared));
			journal_drop();
			k += stride;
		}
		assert_true(rolled > 0 && completed > 0);
	}
}

static char root_dir[] = "/tmp/vc-fix-root-XXXXXX";
static const char *const root_dirs[] = { "var", "var/lib", VC_FIX_JOURNAL_DIR, NULL };

static int setup(void **state)
{
	(void)state;
	rootfd = fake_root_new(root_dir, root_dirs, sizeof(*shared), (void **)&shared);
	assert_int_equal(unlinkat(rootfd, VC_FIX_JOURNAL_DIR, AT_REMOVEDIR), 0); /* the fix makes it */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_null(journal_text()); /* no test leaves one behind */
	fake_root_free(root_dir, rootfd, root_dirs, shared, sizeof(*shared));
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fix_then_undo),
		cmocka_unit_test(test_undo_puts_back_older_file),
		cmocka_unit_test(test_no_udev_node),
		cmocka_unit_test(test_no_udev_ci_node),
		cmocka_unit_test(test_no_udev_node_changed_since),
		cmocka_unit_test(test_no_udev_bind_mounted_node),
		cmocka_unit_test(test_nothing_recorded),
		cmocka_unit_test(test_damaged_journal),
		cmocka_unit_test(test_failed_change),
		cmocka_unit_test(test_undo_leaves_what_changed_since),
		cmocka_unit_test(test_group_with_members_kept),
		cmocka_unit_test(test_undo_after_reboot),
		cmocka_unit_test(test_lock_and_bad_user),
		cmocka_unit_test(test_journal_write_fails),
		cmocka_unit_test(test_kill_at_every_step),
		cmocka_unit_test(test_undo_only_what_was_begun),
		cmocka_unit_test(test_undo_killed_too),
		cmocka_unit_test(test_signal_at_every_step),
	};

	return cmocka_run_group_tests_name("fix", tests, setup, teardown);
}
