/* virtcheck switch: every path of the protocol against a test double of the module operations,
 * with plans made from fixture hosts. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/act/switch.h"
#include "lib/render/switch.h"
#include "lib/verdict/run.h"
#include "probes/probes.h"
#include "sysroot.h"

/* ---- the test double ----
 * Module state lives in memory that a forked child shares, so a child can die at any step (it kills
 * itself at the Nth tick: before and after each change it makes) and the parent recovers what it
 * left. The journal is the real file code, in a temporary directory: never this machine's /run.
 *
 * The real-kernel tests (tests/vm, a QEMU guest) do the same for real with a binary built by
 * `make virtcheck-hooks` (-DVC_TEST_HOOKS): VC_TEST_KILL_AT=journal|remove:N|insert:N|files|commit
 * makes it SIGKILL itself right after that step; the installed binary has no such hook (checked in
 * tests/cli.sh). */

struct fmod {
	const char *name;
	enum vc_modstate st;
	int refcnt;
	char params[128];     /* what /sys/module/NAME/parameters says: "nested=Y ept=Y" */
	const char *defaults; /* the parameters a load without options gives */
	int fail_insert;      /* errno for insert */
	int fail_remove;      /* errno for remove */
	int refcnt_at_check;  /* refcnt the pre-removal check sees (a lost race), 0: refcnt */
	char loaded_with[128];
};

struct fake {
	struct fmod mods[16];
	size_t n;
	bool lock_busy, locked, svme_on;
	int svme_err, fail_write;
	unsigned inserts, removes, writes;
	bool file_present, params_present;
	char file[1024];   /* VC_SWITCH_CONF */
	char params[1024]; /* VC_SWITCH_PARAMS */
	bool params_written;
	const char *comes_back; /* a module "udev" loads again when the next module is loaded */
	bool committed;		/* the last journal written says the switch is complete */
	char boot[40];
	unsigned ticks, kill_at; /* at tick kill_at, raise kill_sig */
	int kill_sig;
	char log[4096];
};

static int rootfd = -1; /* the temporary root the journal goes under */

static void tick(struct fake *f)
{
	if (f->kill_at && ++f->ticks == f->kill_at)
		raise(f->kill_sig);
}

static struct fmod *fm(struct fake *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->mods[i].name, name))
			return &f->mods[i];
	return NULL;
}

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->boot, sizeof(f->boot), "boot-1");
}

static void fake_add(struct fake *f, const char *name, enum vc_modstate st, const char *params)
{
	struct fmod *m = &f->mods[f->n++];

	*m = (struct fmod){ .name = name, .st = st, .defaults = params ? params : "" };
	snprintf(m->params, sizeof(m->params), "%s", m->defaults);
}

static int f_state(void *ud, const char *mod, enum vc_modstate *st, int *refcnt)
{
	struct fmod *m = fm(ud, mod);

	*st = m ? m->st : VC_MOD_ABSENT;
	*refcnt = m && m->st == VC_MOD_LIVE ? (m->refcnt_at_check ? m->refcnt_at_check : m->refcnt) : -1;
	return 0;
}

static int f_remove(void *ud, const char *mod)
{
	struct fake *f = ud;
	struct fmod *m = fm(f, mod);

	f->removes++;
	if (!m || m->st != VC_MOD_LIVE)
		return -ENOENT;
	if (m->fail_remove)
		return -m->fail_remove;
	if (m->refcnt > 0)
		return -EBUSY; /* as the kernel says */
	tick(f);
	m->st = VC_MOD_ABSENT;
	/* a holder gone: its dependency loses a reference */
	if (!strcmp(mod, "kvm_intel") || !strcmp(mod, "kvm_amd")) {
		struct fmod *k = fm(f, "kvm");

		if (k && k->refcnt > 0)
			k->refcnt--;
	}
	tick(f);
	return 0;
}

static void load(struct fmod *m, const char *options)
{
	m->st = VC_MOD_LIVE;
	snprintf(m->params, sizeof(m->params), "%s", options ? options : m->defaults);
	snprintf(m->loaded_with, sizeof(m->loaded_with), "%s", options ? options : "");
}

static int f_insert(void *ud, const char *mod, const char *options)
{
	struct fake *f = ud;
	struct fmod *m = fm(f, mod);

	f->inserts++;
	if (!m)
		return -ENOENT;
	if (m->fail_insert)
		return -m->fail_insert;
	tick(f);
	if (!strcmp(mod, "kvm_intel") || !strcmp(mod, "kvm_amd")) {
		struct fmod *k = fm(f, "kvm");

		if (k && k->st == VC_MOD_ABSENT)
			load(k, NULL); /* its dependency, with its defaults */
		if (k)
			k->refcnt++;
	}
	load(m, options);
	if (f->comes_back && fm(f, f->comes_back)) {
		load(fm(f, f->comes_back), NULL);
		f->comes_back = NULL;
	}
	tick(f);
	return 0;
}

static int f_param(void *ud, const char *mod, const char *param, char *buf, size_t len)
{
	struct fmod *m = fm(ud, mod);
	const char *p;
	size_t pl = strlen(param);

	if (!m || m->st != VC_MOD_LIVE)
		return -ENOENT;
	for (p = m->params; (p = strstr(p, param)); p += pl)
		if ((p == m->params || p[-1] == ' ') && p[pl] == '=') {
			snprintf(buf, len, "%.*s", (int)strcspn(p + pl + 1, " "), p + pl + 1);
			return 0;
		}
	return -ENOENT;
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

/* The two files a switch writes, present or not, with their content. */
static void set_file(struct fake *f, const char *path, const char *data, size_t len)
{
	bool conf = strcmp(path, VC_SWITCH_PARAMS) != 0;

	tick(f);
	snprintf(conf ? f->file : f->params, sizeof(f->file), "%.*s", (int)len, data ? data : "");
	*(conf ? &f->file_present : &f->params_present) = data != NULL;
	tick(f);
}

static int f_write(void *ud, const char *path, const char *data, size_t len)
{
	struct fake *f = ud;

	if (!strcmp(path, VC_SWITCH_PARAMS)) {
		f->params_written = true;
	} else {
		f->writes++;
		if (f->fail_write)
			return -f->fail_write; /* interrupted: nothing written (the real one is atomic) */
	}
	set_file(f, path, data, len);
	return 0;
}

static int f_remove_file(void *ud, const char *path)
{
	struct fake *f = ud;

	if (!f->file_present)
		return -ENOENT;
	set_file(f, path, NULL, 0);
	return 0;
}

static int f_read_file(void *ud, const char *path, char **data, size_t *len)
{
	struct fake *f = ud;
	bool conf = strcmp(path, VC_SWITCH_PARAMS) != 0;

	if (!(conf ? f->file_present : f->params_present))
		return -ENOENT;
	*data = strdup(conf ? f->file : f->params);
	*len = strlen(*data);
	return 0;
}

static int f_restore_file(void *ud, const char *path, const char *data, size_t len)
{
	struct fake *f = ud;

	if (!data && !(strcmp(path, VC_SWITCH_PARAMS) ? f->file_present : f->params_present))
		return -ENOENT;
	set_file(f, path, data, len);
	return 0;
}

static int f_journal_write(void *ud, const char *data, size_t len)
{
	int r;

	tick(ud);
	r = vc_switch_journal_write_at(rootfd, data, len);
	if (r == 0)
		((struct fake *)ud)->committed = strstr(data, "\ncommit\n") != NULL;
	tick(ud);
	return r;
}

static int f_journal_read(void *ud, char **data, size_t *len)
{
	(void)ud;
	return vc_switch_journal_read_at(rootfd, data, len);
}

static int f_journal_remove(void *ud)
{
	int r;

	tick(ud);
	r = vc_switch_journal_remove_at(rootfd);
	tick(ud);
	return r;
}

static int f_boot_id(void *ud, char *buf, size_t len)
{
	snprintf(buf, len, "%s", ((struct fake *)ud)->boot);
	return 0;
}

static int f_svme(void *ud, bool *on)
{
	struct fake *f = ud;

	*on = f->svme_on;
	return f->svme_err ? -f->svme_err : 0;
}

static bool f_node(void *ud, const char *path)
{
	struct fake *f = ud;
	struct fmod *k = fm(f, "kvm"), *v = fm(f, "vboxdrv"), *w = fm(f, "vmmon");

	if (!strcmp(path, "/dev/kvm"))
		return k && k->st == VC_MOD_LIVE;
	if (!strcmp(path, "/dev/vboxdrv"))
		return v && v->st == VC_MOD_LIVE;
	return w && w->st == VC_MOD_LIVE;
}

static void f_log(void *ud, const char *msg)
{
	struct fake *f = ud;

	strncat(f->log, msg, sizeof(f->log) - strlen(f->log) - 2);
	strcat(f->log, "\n");
}

static struct vc_switch_ops fake_ops(struct fake *f)
{
	return (struct vc_switch_ops){ .ud = f,
				       .state = f_state,
				       .remove = f_remove,
				       .insert = f_insert,
				       .param = f_param,
				       .lock = f_lock,
				       .unlock = f_unlock,
				       .write_file = f_write,
				       .remove_file = f_remove_file,
				       .read_file = f_read_file,
				       .restore_file = f_restore_file,
				       .journal_write = f_journal_write,
				       .journal_read = f_journal_read,
				       .journal_remove = f_journal_remove,
				       .boot_id = f_boot_id,
				       .svme = f_svme,
				       .node_exists = f_node,
				       .log = f_log };
}

static bool journal_exists(void)
{
	char *text;
	size_t len;

	if (vc_switch_journal_read_at(rootfd, &text, &len) < 0)
		return false;
	free(text);
	return true;
}

/* ---- plans from fixture hosts ---- */

static int plan_for(const char *fixture, enum vc_switch_target t, struct vc_switch_plan *p)
{
	char dir[512];
	struct vc_ctx *ctx;
	int r;

	snprintf(dir, sizeof(dir), "%s/tests/fixtures/%s", getenv("VC_SRCDIR") ? getenv("VC_SRCDIR") : ".",
		 fixture);
	ctx = sysroot_report(dir);
	r = vc_switch_plan(ctx, t, p);
	sysroot_free(ctx);
	return r;
}

struct outcome {
	int status;
	char *text;
	struct vc_val *result;
};

static struct outcome run(const struct vc_switch_plan *p, struct fake *f, bool persistent)
{
	struct vc_switch_ops ops = fake_ops(f);
	struct vc_switch_opts o = { .persistent = persistent, .lock_timeout_ms = 100 };
	struct outcome out = { .result = vc_obj() };
	size_t len;
	FILE *mem = open_memstream(&out.text, &len);

	out.status = vc_switch_run(p, &ops, &o, mem, out.result);
	fclose(mem);
	return out;
}

static void outcome_free(struct outcome *o)
{
	free(o->text);
	vc_val_free(o->result);
}

static struct outcome recover(struct fake *f)
{
	struct vc_switch_ops ops = fake_ops(f);
	struct outcome out = { .result = vc_obj() };
	size_t len;
	FILE *mem = open_memstream(&out.text, &len);

	out.status = vc_switch_recover(&ops, 100, mem, out.result);
	fclose(mem);
	return out;
}

/* an AMD desktop: VirtualBox loaded and idle, KVM absent (tests/fixtures/amd-vboxdrv-no-kvm) */
static void amd_vbox_host(struct fake *f)
{
	fake_init(f);
	fake_add(f, "vboxdrv", VC_MOD_LIVE, NULL);
	fm(f, "vboxdrv")->refcnt = 2;
	fake_add(f, "vboxnetflt", VC_MOD_LIVE, NULL);
	fake_add(f, "vboxnetadp", VC_MOD_LIVE, NULL);
	fake_add(f, "kvm", VC_MOD_ABSENT, "enable_virt_at_load=Y");
	fake_add(f, "kvm_amd", VC_MOD_ABSENT, "nested=1");
	/* what an earlier switch remembered (the fixture's run/virtcheck.params) */
	f->params_present = true;
	snprintf(f->params, sizeof(f->params), "kvm_amd nested=0\n");
}

/* an AMD desktop on 6.16: KVM loaded with enable_virt_at_load=N, VirtualBox 7.2.14 (virt-off fixture) */
static void amd_virt_off(struct fake *f)
{
	fake_init(f);
	fake_add(f, "kvm", VC_MOD_LIVE, "enable_virt_at_load=N");
	fm(f, "kvm")->refcnt = 1;
	fake_add(f, "kvm_amd", VC_MOD_LIVE, "nested=1");
	fake_add(f, "vboxdrv", VC_MOD_LIVE, NULL);
	/* a load without options gives other values: a module put back without them is caught */
	fm(f, "kvm")->defaults = "enable_virt_at_load=Y";
	fm(f, "kvm_amd")->defaults = "nested=0";
}

/* an Intel desktop on 6.12: kvm_intel loaded and idle, VirtualBox 7.1.6 loaded too (vbox71 fixture) */
static void intel_kvm_host(struct fake *f)
{
	fake_init(f);
	fake_add(f, "kvm", VC_MOD_LIVE, "enable_virt_at_load=Y halt_poll_ns=200000");
	fm(f, "kvm")->refcnt = 1;
	fake_add(f, "kvm_intel", VC_MOD_LIVE, "nested=Y ept=Y");
	fake_add(f, "vboxdrv", VC_MOD_LIVE, NULL);
	fm(f, "vboxdrv")->refcnt = 2;
	fake_add(f, "vboxnetflt", VC_MOD_LIVE, NULL);
	fake_add(f, "vboxnetadp", VC_MOD_LIVE, NULL);
}

/* ---- the tests ---- */

static void test_virtualbox_to_kvm(void **state)
{
	struct vc_switch_plan p;
	struct fake f;
	struct outcome o;

	(void)state;
	amd_vbox_host(&f);
	assert_int_equal(plan_for("amd-vboxdrv-no-kvm", VC_TO_KVM, &p), 0);
	assert_int_equal(p.refuse, 0);
	assert_int_equal(p.nremove, 3);
	assert_string_equal(p.remove[0], "vboxnetadp"); /* dependents first */
	assert_string_equal(p.remove[2], "vboxdrv");
	/* kvm first, on its own: as kvm_amd's dependency it would come without its saved parameters */
	assert_int_equal(p.nload, 2);
	assert_string_equal(p.load[0], "kvm");
	assert_string_equal(p.load[1], "kvm_amd");
	/* the parameters it had when a switch removed it (run/virtcheck.params in the fixture) */
	assert_string_equal(p.load_options[1], "nested=0");
	assert_non_null(strstr(p.notes, "kvm_amd is loaded with nested=0"));
	fm(&f, "vboxdrv")->refcnt = 0; /* what the real refcnt is once its holders are gone */
	o = run(&p, &f, true);
	assert_int_equal(o.status, VC_SW_OK);
	assert_int_equal(fm(&f, "vboxdrv")->st, VC_MOD_ABSENT);
	assert_int_equal(fm(&f, "kvm_amd")->st, VC_MOD_LIVE);
	assert_int_equal(fm(&f, "kvm")->st, VC_MOD_LIVE); /* its dependency */
	assert_string_equal(fm(&f, "kvm_amd")->loaded_with, "nested=0");
	assert_true(f.params_written);
	assert_string_equal(f.params, ""); /* used up; vbox modules had nothing worth keeping */
	assert_non_null(strstr(o.text, "EFER.SVME is clear on every CPU"));
	assert_non_null(strstr(o.text, "verify: /dev/kvm exists"));
	assert_non_null(strstr(f.file, "blacklist vboxdrv\n"));
	assert_null(strstr(f.file, "blacklist kvm"));
	assert_false(f.locked); /* released */
	assert_non_null(strstr(f.log, "switch: removed vboxnetadp"));
	assert_string_equal(vc_get_str(o.result, "status"), "switched");
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

static void test_kvm_to_virtualbox_saves_params(void **state)
{
	struct vc_switch_plan p;
	struct fake f;
	struct outcome o;

	(void)state;
	intel_kvm_host(&f);
	assert_int_equal(plan_for("intel-kvm612-vbox71", VC_TO_VIRTUALBOX, &p), 0);
	assert_int_equal(p.refuse, 0);
	assert_false(p.keep_kvm); /* 7.1.6 needs VT-x for itself */
	assert_int_equal(p.nremove, 2);
	assert_string_equal(p.remove[0], "kvm_intel");
	assert_string_equal(p.remove[1], "kvm");
	o = run(&p, &f, false);
	assert_int_equal(o.status, VC_SW_OK);
	assert_non_null(strstr(o.text, "removed kvm_intel (saved: nested=Y ept=Y)"));
	assert_non_null(strstr(o.text, "removed kvm (saved: enable_virt_at_load=Y halt_poll_ns=200000)"));
	assert_int_equal(f.writes, 0); /* not --persistent */
	/* remembered for the switch back */
	assert_string_equal(f.params,
			    "kvm_intel nested=Y ept=Y\nkvm enable_virt_at_load=Y halt_poll_ns=200000\n");
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

static void test_refused_with_vms(void **state)
{
	struct vc_switch_plan p;
	struct fake f;
	struct outcome o;

	(void)state;
	intel_kvm_host(&f);
	assert_int_equal(plan_for("intel-both-loaded-qemu-vm", VC_TO_VIRTUALBOX, &p), 0);
	assert_int_equal(p.refuse, VC_SW_REFUSED);
	assert_non_null(strstr(p.refusal, "pid 5150 (qemu-system-x86)"));
	assert_non_null(strstr(p.refusal, "virsh shutdown"));
	o = run(&p, &f, true);
	assert_int_equal(o.status, VC_SW_REFUSED);
	assert_int_equal(f.removes + f.inserts + f.writes, 0);
	assert_false(f.locked);
	outcome_free(&o);
	vc_switch_plan_free(&p);

	/* VirtualBox VMs running: switching to KVM is refused the same way */
	assert_int_equal(plan_for("amd-vbox-vm-running", VC_TO_KVM, &p), 0);
	assert_int_equal(p.refuse, VC_SW_REFUSED);
	assert_non_null(strstr(p.refusal, "pid 4242 (VirtualBoxVM)"));
	assert_non_null(strstr(p.refusal, "VBoxManage controlvm NAME savestate"));
	vc_switch_plan_free(&p);
}

static void test_refused_builtin(void **state)
{
	struct vc_switch_plan p;

	(void)state;
	assert_int_equal(plan_for("intel-kvm-builtin-vbox71", VC_TO_VIRTUALBOX, &p), 0);
	assert_int_equal(p.refuse, VC_SW_REFUSED);
	assert_non_null(strstr(p.refusal, "built into this kernel"));
	assert_non_null(strstr(p.refusal, "kvm.enable_virt_at_load=0"));
	assert_non_null(strstr(p.refusal, "initcall_blacklist=vmx_init"));
	assert_non_null(strstr(p.refusal, "grubby --update-kernel=ALL")); /* this host's boot loader */
	assert_int_equal(p.nremove, 0);
	vc_switch_plan_free(&p);
}

/* The knowledge table's rows about the target's own driver: one that cannot load (or be built) here
 * refuses the switch with the report's remedy, instead of a plan that loads it and rolls back. */
static void test_refused_driver_cannot_load(void **state)
{
	static const struct {
		const char *fixture;
		enum vc_switch_target t;
		const char *why, *fix;
	} cases[] = {
		/* Linux 6.15 without CONFIG_KVM: unknown symbol preempt_notifier_* */
		{ "r-vbox72beta-6.15-no-kvm-preempt-notifier", VC_TO_VIRTUALBOX, "preempt_notifier",
		  "CONFIG_KVM=m" },
		/* Secure Boot, and the kernel log shows the refusal */
		{ "secureboot-unsigned-vboxdrv", VC_TO_VIRTUALBOX, "unsigned vboxdrv", "mokutil --import" },
		/* 7.2.8 does not build for 7.1: the report's upgrade, not vboxconfig */
		{ "r-vbox-build-fail-kernel71-vbox728", VC_TO_VIRTUALBOX, "is not built", "7.2.12 or later" },
		/* 7.2.16 on 7.1 with CONFIG_X86_FRED=y, no CONFIG_KVM_INTEL: the kernel's configuration */
		{ "r-vbox7216-endeavouros-amd-7.1-fred-no-kvm-intel", VC_TO_VIRTUALBOX, "is not built",
		  "CONFIG_KVM_INTEL=m" },
		{ "r-vmware-sb-fedora41-vmmon-unsigned", VC_TO_VMWARE, "vmmon cannot load",
		  "scripts/sign-file" },
		{ "r-vmware-ubuntu-6.17-sb-off-no-vmmon", VC_TO_VMWARE, "vmmon is not built",
		  "vmware-modconfig --console --install-all" },
	};
	struct vc_switch_plan p;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(plan_for(cases[i].fixture, cases[i].t, &p), 0);
		if (p.refuse != VC_SW_REFUSED || !strstr(p.refusal, cases[i].why) ||
		    !strstr(p.refusal, cases[i].fix))
			fail_msg("%s: want a refusal with \"%s\" and \"%s\", got: %s", cases[i].fixture,
				 cases[i].why, cases[i].fix, p.refusal ? p.refusal : "(none)");
		vc_switch_plan_free(&p);
	}
	/* FRED with the driver already loaded: nothing to refuse, the note says what a VM start does */
	assert_int_equal(plan_for("r-vbox7214-gentoo-7.1-fred-panic", VC_TO_VIRTUALBOX, &p), 0);
	assert_int_equal(p.refuse, 0);
	assert_non_null(p.notes);
	assert_non_null(strstr(p.notes, "Starting a VirtualBox VM panics this host"));
	assert_non_null(strstr(p.notes, "fred=off"));
	vc_switch_plan_free(&p);
	/* nothing known against the driver: the plan loads it */
	assert_int_equal(plan_for("r-vbox-ubuntu-amd-6.14-vbox7112", VC_TO_VIRTUALBOX, &p), 0);
	assert_true(p.refuse == 0 || !strstr(p.refusal, "cannot load"));
	vc_switch_plan_free(&p);
}

static void test_race_at_removal(void **state)
{
	struct vc_switch_plan p;
	struct fake f;
	struct outcome o;

	(void)state;
	intel_kvm_host(&f);
	assert_int_equal(plan_for("intel-kvm612-vbox71", VC_TO_VIRTUALBOX, &p), 0);
	/* a VM starts between the plan and the removal of kvm: refcnt 1 at the check */
	fm(&f, "kvm")->refcnt_at_check = 1;
	o = run(&p, &f, true);
	assert_int_equal(o.status, VC_SW_ROLLED_BACK);
	assert_non_null(strstr(o.text, "kvm is in use (refcnt 1)"));
	assert_int_equal(fm(&f, "kvm_intel")->st, VC_MOD_LIVE);
	assert_string_equal(fm(&f, "kvm_intel")->loaded_with, "nested=Y ept=Y"); /* its parameters back */
	assert_non_null(strstr(o.text, "previous state restored and verified"));
	assert_int_equal(f.writes, 0); /* no --persistent file for a switch that did not happen */
	outcome_free(&o);

	/* EBUSY from the kernel itself */
	intel_kvm_host(&f);
	fm(&f, "kvm")->fail_remove = EBUSY;
	o = run(&p, &f, false);
	assert_int_equal(o.status, VC_SW_ROLLED_BACK);
	assert_non_null(strstr(o.text, "remove kvm: Device or resource busy"));
	assert_int_equal(fm(&f, "kvm_intel")->st, VC_MOD_LIVE);
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

static void plan_changed(const char *fixture, const char *const *files, size_t n, enum vc_switch_target t,
			 struct vc_switch_plan *p);

static void test_insert_failures_roll_back(void **state)
{
	static const struct {
		int err;
		const char *advice;
	} cases[] = {
		{ ENOENT, "not built for this kernel" },
		{ EKEYREJECTED, "refuses the module" },
		{ EPERM, "refuses the module" },
		{ EBUSY, "another hypervisor still holds VT-x/AMD-V" },
	};
	struct vc_switch_plan p;

	(void)state;
	assert_int_equal(plan_for("amd-vboxdrv-no-kvm", VC_TO_KVM, &p), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake f;
		struct outcome o;

		amd_vbox_host(&f);
		fm(&f, "vboxdrv")->refcnt = 0;
		fm(&f, "kvm_amd")->fail_insert = cases[i].err;
		o = run(&p, &f, true);
		assert_int_equal(o.status, VC_SW_ROLLED_BACK);
		assert_non_null(strstr(o.text, cases[i].advice));
		/* exactly the old set again */
		assert_int_equal(fm(&f, "vboxdrv")->st, VC_MOD_LIVE);
		assert_int_equal(fm(&f, "vboxnetflt")->st, VC_MOD_LIVE);
		assert_int_equal(fm(&f, "vboxnetadp")->st, VC_MOD_LIVE);
		assert_int_equal(fm(&f, "kvm_amd")->st, VC_MOD_ABSENT);
		assert_non_null(strstr(o.text, "previous state restored and verified"));
		assert_int_equal(f.writes, 0);
		outcome_free(&o);
	}
	vc_switch_plan_free(&p);

	/* VirtualBox's driver refused under Secure Boot: the advice names the signing. Secure Boot
	 * alone (no refusal in the kernel log: DKMS may have signed it) is a note, the load is tried */
	static const char *const quiet_log[] = { "virtcheck/kmsg.txt", NULL };
	struct fake f;
	struct outcome o;

	intel_kvm_host(&f);
	fm(&f, "vboxdrv")->st = VC_MOD_ABSENT;
	fm(&f, "vboxnetflt")->st = VC_MOD_ABSENT;
	fm(&f, "vboxnetadp")->st = VC_MOD_ABSENT;
	fm(&f, "vboxdrv")->fail_insert = EKEYREJECTED;
	plan_changed("secureboot-unsigned-vboxdrv", quiet_log, ARRAY_SIZE(quiet_log), VC_TO_VIRTUALBOX, &p);
	assert_int_equal(p.refuse, 0);
	assert_non_null(p.notes);
	assert_non_null(strstr(p.notes, "vboxdrv may not load"));
	assert_string_equal(p.load[0], "vboxdrv");
	o = run(&p, &f, false);
	assert_int_equal(o.status, VC_SW_ROLLED_BACK);
	assert_non_null(strstr(o.text, "mokutil"));
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

static void test_rollback_fails(void **state)
{
	struct vc_switch_plan p;
	struct fake f;
	struct outcome o;

	(void)state;
	amd_vbox_host(&f);
	fm(&f, "vboxdrv")->refcnt = 0;
	fm(&f, "kvm_amd")->fail_insert = ENOENT;
	fm(&f, "vboxdrv")->fail_insert = EIO; /* and it does not come back */
	assert_int_equal(plan_for("amd-vboxdrv-no-kvm", VC_TO_KVM, &p), 0);
	o = run(&p, &f, false);
	assert_int_equal(o.status, VC_SW_HALF);
	assert_non_null(strstr(o.text, "THE ROLLBACK FAILED"));
	assert_non_null(strstr(o.text, "verify: vboxdrv is not live after the rollback"));
	assert_non_null(strstr(o.text, "Module state now:"));
	assert_string_equal(vc_get_str(o.result, "status"), "half");
	assert_false(f.locked);
	/* the journal is kept for --recover, which says the same once more */
	assert_true(journal_exists());
	assert_non_null(strstr(o.text, "`virtcheck switch --recover` tries again"));
	outcome_free(&o);
	o = recover(&f);
	assert_int_equal(o.status, VC_SW_HALF);
	assert_true(journal_exists());
	fm(&f, "vboxdrv")->fail_insert = 0; /* whatever was wrong is put right */
	outcome_free(&o);
	o = recover(&f);
	assert_int_equal(o.status, VC_SW_OK);
	assert_false(journal_exists());
	assert_int_equal(fm(&f, "vboxdrv")->st, VC_MOD_LIVE);
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

static void test_svme_still_on(void **state)
{
	struct vc_switch_plan p;
	struct fake f;
	struct outcome o;

	(void)state;
	amd_vbox_host(&f);
	fm(&f, "vboxdrv")->refcnt = 0;
	f.svme_on = true; /* something else holds AMD-V */
	assert_int_equal(plan_for("amd-vboxdrv-no-kvm", VC_TO_KVM, &p), 0);
	o = run(&p, &f, false);
	assert_int_equal(o.status, VC_SW_ROLLED_BACK);
	assert_non_null(strstr(o.text, "EFER.SVME is still set"));
	assert_int_equal(fm(&f, "kvm_amd")->st, VC_MOD_ABSENT); /* never loaded */
	assert_int_equal(fm(&f, "vboxdrv")->st, VC_MOD_LIVE);
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

static void test_lock_contention(void **state)
{
	struct vc_switch_plan p;
	struct fake f;
	struct outcome o;

	(void)state;
	intel_kvm_host(&f);
	f.lock_busy = true;
	assert_int_equal(plan_for("intel-kvm612-vbox71", VC_TO_VIRTUALBOX, &p), 0);
	o = run(&p, &f, true);
	assert_int_equal(o.status, VC_SW_LOCKED);
	assert_non_null(strstr(o.text, "Another virtcheck switch holds /run/virtcheck.lock"));
	assert_int_equal(f.removes + f.inserts + f.writes, 0);
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

static void test_dry_run_and_status_change_nothing(void **state)
{
	struct vc_switch_plan p;
	char *text;
	size_t len;
	FILE *mem;

	(void)state;
	/* planning reads facts only; printing it touches nothing */
	assert_int_equal(plan_for("intel-kvm612-vbox71", VC_TO_VIRTUALBOX, &p), 0);
	mem = open_memstream(&text, &len);
	vc_switch_plan_print(mem, &p, 0);
	fclose(mem);
	assert_non_null(
		strstr(text, "check that kvm_intel has no users (refcnt 0), then remove it (never forced)"));
	assert_non_null(strstr(text, "verify: the modules are live and /dev/vboxdrv exists"));
	free(text);
	struct vc_val *j = vc_switch_plan_json(&p);
	assert_string_equal(vc_get_str(j, "target"), "virtualbox");
	vc_val_free(j);
	vc_switch_plan_free(&p);

	/* 7.2.10 on 6.16: below the 7.2.14 gate, so KVM is unloaded */
	assert_int_equal(plan_for("amd-vbox72-stale-override", VC_TO_VIRTUALBOX, &p), 0);
	assert_false(p.keep_kvm);
	assert_string_equal(p.remove[0], "kvm_amd");
	vc_switch_plan_free(&p);

	/* VirtualBox 7.2.14 on 6.16 keeps KVM: with enable_virt_at_load on there is nothing to do */
	assert_int_equal(plan_for("intel-vbox72-vm-in-kernel", VC_TO_VIRTUALBOX, &p), 0);
	assert_true(p.keep_kvm);
	assert_true(p.nothing_to_do);
	assert_non_null(strstr(p.persistent, "options kvm enable_virt_at_load=1"));
	assert_null(strstr(p.persistent, "blacklist kvm"));
	vc_switch_plan_free(&p);
}

static void test_version_gate_reloads_kvm(void **state)
{
	struct vc_switch_plan p;
	struct fake f;
	struct outcome o;

	(void)state;
	assert_int_equal(plan_for("amd-vbox7214-virt-off-6.16", VC_TO_VIRTUALBOX, &p), 0);
	assert_true(p.keep_kvm);
	assert_int_equal(p.refuse, 0);
	assert_non_null(strstr(p.notes, "/etc/modprobe.d/virtualbox.conf:1")); /* the override, named */
	assert_int_equal(p.nload, 2);
	assert_string_equal(p.load[0], "kvm");
	assert_string_equal(p.load_options[0], "enable_virt_at_load=1");
	amd_virt_off(&f);
	o = run(&p, &f, false);
	assert_int_equal(o.status, VC_SW_OK);
	assert_string_equal(fm(&f, "kvm")->loaded_with, "enable_virt_at_load=1");
	assert_int_equal(fm(&f, "kvm_amd")->st, VC_MOD_LIVE);
	assert_null(strstr(o.text, "EFER.SVME")); /* KVM keeps SVM on by design: not checked */
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

static void test_persistent_file_and_forget(void **state)
{
	struct vc_switch_plan p;
	struct fake f;
	struct outcome o;
	char *text;
	size_t len;
	FILE *mem;

	(void)state;
	intel_kvm_host(&f);
	assert_int_equal(plan_for("intel-kvm612-vbox71", VC_TO_VIRTUALBOX, &p), 0);
	f.fail_write = EIO; /* the write is interrupted */
	o = run(&p, &f, true);
	assert_int_equal(o.status, VC_SW_ROLLED_BACK); /* said, not hidden */
	assert_non_null(strstr(o.text, "wrote /etc/modprobe.d/virtcheck.conf: Input/output error"));
	assert_string_equal(f.file, ""); /* nothing partial */
	/* one transaction: without its file the switch is undone too */
	assert_int_equal(fm(&f, "kvm_intel")->st, VC_MOD_LIVE);
	assert_string_equal(fm(&f, "kvm")->params, "enable_virt_at_load=Y halt_poll_ns=200000");
	assert_false(f.params_present); /* the parameters file as it was: none */
	assert_false(journal_exists());
	outcome_free(&o);

	intel_kvm_host(&f);
	o = run(&p, &f, true);
	assert_int_equal(o.status, VC_SW_OK);
	assert_non_null(strstr(f.file, "blacklist kvm_intel\nblacklist kvm\n"));
	assert_non_null(strstr(f.file, "virtcheck switch --forget"));
	outcome_free(&o);

	struct vc_switch_ops ops = fake_ops(&f);
	mem = open_memstream(&text, &len);
	assert_int_equal(vc_switch_forget(&ops, mem), VC_SW_OK);
	assert_int_equal(vc_switch_forget(&ops, mem), VC_SW_OK); /* twice: nothing to forget */
	fclose(mem);
	assert_non_null(strstr(text, "nothing to forget"));
	free(text);
	vc_switch_plan_free(&p);
}

/* A kernel the facts do not name (a report that could not read it) is "the running kernel" in the
 * refusal's reason, never "Linux ?". */
static void test_refused_unknown_kernel(void **state)
{
	static const struct {
		const char *fixture;
		enum vc_switch_target t;
	} cases[] = {
		{ "secureboot-unsigned-vboxdrv", VC_TO_VIRTUALBOX },
		{ "r-vmware-sb-fedora41-vmmon-unsigned", VC_TO_VMWARE },
	};
	char dir[512];
	struct vc_switch_plan p;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vc_ctx *ctx;

		snprintf(dir, sizeof(dir), "%s/tests/fixtures/%s",
			 getenv("VC_SRCDIR") ? getenv("VC_SRCDIR") : ".", cases[i].fixture);
		ctx = sysroot_report(dir);
		free(ctx->facts.kernel);
		ctx->facts.kernel = NULL;
		assert_int_equal(vc_switch_plan(ctx, cases[i].t, &p), 0);
		sysroot_free(ctx);
		if (p.refuse != VC_SW_REFUSED || !strstr(p.refusal, "the running kernel") ||
		    strstr(p.refusal, "Linux ?"))
			fail_msg("%s: want a refusal on \"the running kernel\", got: %s", cases[i].fixture,
				 p.refusal ? p.refusal : "(none)");
		vc_switch_plan_free(&p);
	}
}

/* A copy of fixture NAME with files added (path, text; NULL text: an empty file), planned; test
 * scaffolding only: the product never runs a shell. */
static void plan_changed(const char *fixture, const char *const *files, size_t n, enum vc_switch_target t,
			 struct vc_switch_plan *p)
{
	char dir[] = "/tmp/s7-remedies-switch-XXXXXX";
	struct vc_ctx *ctx;

	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, fixture);
	sysroot_put(dir, files, n);
	ctx = sysroot_report(dir);
	assert_int_equal(vc_switch_plan(ctx, t, p), 0);
	sysroot_free(ctx);
	sysroot_remove(dir);
}

static void assert_has(const char *s, const char *want)
{
	if (!s || !strstr(s, want))
		fail_msg("want \"%s\" in: %s", want, s ? s : "(null)");
}

/* Linux 7.1+ with a kvm_intel that runs TDX: unloading it may leave VT-x on (the table's
 * x86_virt_refcount), and the plan says so; without TDX, or before 7.1, it does not. */
static void test_tdx_host_note(void **state)
{
	static const char *const tdx[] = { "sys/module/kvm_intel/parameters/tdx", "Y\n" };
	static const char *const tdx_old[] = { "sys/module/kvm_intel/parameters/tdx", "Y\n",
					       "proc/sys/kernel/osrelease", "7.0.12_1\n" };
	struct vc_switch_plan p;

	(void)state;
	plan_changed("r-vbox7214-void-intel-7.1-shares", tdx, ARRAY_SIZE(tdx), VC_TO_NONE, &p);
	assert_has(p.notes, "kvm_intel runs with TDX on");
	assert_has(p.notes, "x86_virt_refcount");
	vc_switch_plan_free(&p);
	plan_changed("r-vbox7214-void-intel-7.1-shares", NULL, 0, VC_TO_NONE, &p);
	assert_true(!p.notes || !strstr(p.notes, "TDX"));
	vc_switch_plan_free(&p);
	plan_changed("r-vbox7214-void-intel-7.1-shares", tdx_old, ARRAY_SIZE(tdx_old), VC_TO_NONE, &p);
	assert_true(!p.notes || !strstr(p.notes, "TDX"));
	vc_switch_plan_free(&p);
}

/* The target's driver is loaded, but the report says its VMs fail with it for a reason no module
 * switch changes (a loaded vboxdrv older than the installed VirtualBox; a 6.15+ kernel without KVM):
 * refused with the report's remedy, not "nothing to do"; with the installed version's own driver, or
 * a kernel built with KVM, the plan has nothing against it. */
static void test_refused_loaded_driver_fails(void **state)
{
	static const char *const same[] = { "sys/module/vboxdrv/version",
					    "7.2.4_RPMFUSION r170995 (0x00340001)\n" };
	static const char *const kvm_conf[] = { "boot/config-6.15.1", "CONFIG_KVM=m\nCONFIG_KVM_AMD=m\n" };
	static const struct {
		const char *fixture, *why, *says, *fix;
		const char *const *mended; /* the files that take the reason away */
		size_t nmended;
	} cases[] = {
		{ "r-vbox724-fedora42-6.16-stale-vboxdrv-symbol-not-found", "vboxdrv is loaded, but",
		  "VERR_SYMBOL_NOT_FOUND", "akmods --force --kernels 6.16.10-200.fc42.x86_64", same,
		  ARRAY_SIZE(same) },
		{ "r-vbox7110-amd-6.15-kernel-without-kvm-vms-abort",
		  "vboxdrv is loaded, but on Linux 6.15.1", "NS_ERROR_ABORT", "CONFIG_KVM=m", kvm_conf,
		  ARRAY_SIZE(kvm_conf) },
	};
	struct vc_switch_plan p;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(plan_for(cases[i].fixture, VC_TO_VIRTUALBOX, &p), 0);
		assert_int_equal(p.refuse, VC_SW_REFUSED);
		assert_false(p.nothing_to_do);
		assert_has(p.refusal, cases[i].why);
		assert_has(p.refusal, cases[i].says);
		assert_has(p.refusal, cases[i].fix);
		vc_switch_plan_free(&p);
		plan_changed(cases[i].fixture, cases[i].mended, cases[i].nmended, VC_TO_VIRTUALBOX, &p);
		assert_true(!p.refusal || !strstr(p.refusal, "is loaded, but"));
		vc_switch_plan_free(&p);
	}
}

/* switch kvm where KVM is loaded but /dev/kvm is missing (a CI container started without it) or
 * this user cannot open it (root:root 0660 in a CI VM; a firejail user namespace): no module load
 * helps, so the plan is refused with the report's finding and remedies instead of "nothing to do";
 * with modules still to change the plan is made and carries them as a note; a host where KVM is
 * usable has nothing to do. */
static void test_kvm_node_unusable(void **state)
{
	static const struct {
		const char *fixture, *fix;
	} cases[] = {
		{ "r-env-drone-ci-container-no-dev-kvm", "privileged: true" },
		{ "r-env-kokoro-gce-kvm-root-root", "setfacl -m u:kbuilder:rw /dev/kvm" },
		{ "r-env-firejail-noroot-kvm-nobody", "--ignore=noroot" },
	};
	static const char *const vbox[] = {
		"proc/modules",
		"vboxdrv 688128 0 - Live 0x0000000000000000 (OE)\n"
		"kvm_intel 413696 0 - Live 0x0000000000000000\n"
		"kvm 1396736 1 kvm_intel, Live 0x0000000000000000\n",
		"sys/module/vboxdrv/initstate",
		"live\n",
	};
	struct vc_switch_plan p;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(plan_for(cases[i].fixture, VC_TO_KVM, &p), 0);
		if (p.refuse != VC_SW_REFUSED || p.nothing_to_do ||
		    !strstr(p.refusal, "Switching modules does not help here") ||
		    !strstr(p.refusal, cases[i].fix))
			fail_msg("%s: want a refusal with \"%s\", got: %s", cases[i].fixture, cases[i].fix,
				 p.refusal ? p.refusal : "(none)");
		vc_switch_plan_free(&p);
	}
	plan_changed("r-env-kokoro-gce-kvm-root-root", vbox, ARRAY_SIZE(vbox), VC_TO_KVM, &p);
	assert_int_equal(p.refuse, 0);
	assert_int_equal(p.nremove, 1);
	assert_string_equal(p.remove[0], "vboxdrv");
	assert_has(p.notes, "After the switch KVM is still not usable here");
	assert_has(p.notes, "setfacl -m u:kbuilder:rw /dev/kvm");
	vc_switch_plan_free(&p);
	plan_changed("r-env-kokoro-gce-kvm-root-root", NULL, 0, VC_TO_NONE, &p);
	assert_true(!p.refusal || !strstr(p.refusal, "does not help"));
	vc_switch_plan_free(&p);
}

/* A container whose kind is all that is known (/run/systemd/container says "container") is named
 * once, the same way by the report and by `switch`: "inside a container", "into this container",
 * never "a container container" (issue 15); the r-env-docker-no-device-kvm host with that marker. */
static void test_environment_named_once(void **state)
{
	static const char *const marker[] = { "run/systemd/container", "container\n" };
	static const char *const docker[] = { "run/systemd/container", "docker\n" };
	char dir[] = "/tmp/s12-env-name-XXXXXX";
	struct vc_switch_plan p;
	struct vc_ctx *ctx;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "r-env-docker-no-device-kvm");
	sysroot_put(dir, marker, ARRAY_SIZE(marker));
	ctx = sysroot_report(dir);
	assert_has(ctx->owner.headline, "into this container");
	assert_null(strstr(ctx->owner.headline, "container container"));
	for (size_t i = 0; i < ctx->findings.n; i++)
		if (strstr(ctx->findings.v[i].message, "container container"))
			fail_msg("finding %s: %s", ctx->findings.v[i].id, ctx->findings.v[i].message);
	assert_int_equal(vc_switch_plan(ctx, VC_TO_NONE, &p), 0);
	assert_has(p.refusal, "This runs inside a container: kernel modules belong to the host");
	assert_null(strstr(p.refusal, "container container"));
	vc_switch_plan_free(&p);
	sysroot_free(ctx);
	sysroot_remove(dir);
	/* a named one: its name, then its kind */
	plan_changed("r-env-docker-no-device-kvm", docker, ARRAY_SIZE(docker), VC_TO_NONE, &p);
	assert_has(p.refusal, "This runs inside a docker container:");
	vc_switch_plan_free(&p);
	/* a sandbox the same way: firejail's, or explain --log's "sandbox" (a program's own /dev) */
	ctx = vc_ctx_new(NULL);
	for (int named = 0; named < 2; named++) {
		struct buf b = { 0 };

		ctx->facts.environment.sandbox = named ? "firejail" : "sandbox";
		assert_true(vc_facts_environment_name(&ctx->facts, &b));
		assert_string_equal(b.data, named ? "firejail sandbox" : "sandbox");
		buf_free(&b);
	}
	ctx->facts.environment.sandbox = NULL;
	vc_ctx_free(ctx);
}

/* --persistent: the initramfs rebuilt the distribution's way, and the lines that put a removed
 * module into it named; NixOS gets its configuration and no file. */
static void test_persistence_by_distribution(void **state)
{
	const char *const arch[] = {
		"etc/os-release", "ID=arch\n", "etc/mkinitcpio.conf",
		"# MODULES=(kvm)\nMODULES=(i915 kvm_intel)\nHOOKS=(base udev modconf)\n"
	};
	const char *const fedora[] = { "etc/os-release", "ID=fedora\n", "etc/dracut.conf.d/kvm.conf",
				       "add_drivers+=\" kvm-intel \"\n" };
	const char *const debian[] = { "etc/os-release", "ID=ubuntu\nID_LIKE=debian\n",
				       "etc/initramfs-tools/modules", "# list\nkvm\nkvmfoo\n" };
	const char *const plain[] = { "etc/os-release", "ID=debian\n" };
	const char *const ostree[] = { "etc/os-release", "ID=fedora\n", "run/ostree-booted", NULL };
	const char *const nixos[] = { "etc/os-release", "ID=nixos\n", "etc/NIXOS", NULL };
	struct vc_switch_plan p;
	struct fake f;
	struct outcome o;

	(void)state;
	const struct {
		const char *const *files;
		size_t n;
		const char *want[2], *not ;
	} cases[] = {
		/* a comment lists nothing */
		{ arch,
		  ARRAY_SIZE(arch),
		  { "/etc/mkinitcpio.conf:2 lists kvm_intel", "sudo mkinitcpio -P" },
		  "conf:1" },
		{ fedora,
		  ARRAY_SIZE(fedora),
		  { "/etc/dracut.conf.d/kvm.conf:1 lists kvm_intel", "sudo dracut -f --regenerate-all" },
		  "update-initramfs" },
		/* kvmfoo is another module */
		{ debian,
		  ARRAY_SIZE(debian),
		  { "/etc/initramfs-tools/modules:2 lists kvm", "sudo update-initramfs -u" },
		  ":3 lists" },
		{ plain,
		  ARRAY_SIZE(plain),
		  { "No initramfs configuration lists these modules", "sudo update-initramfs -u" },
		  "mkinitcpio" },
		{ ostree,
		  ARRAY_SIZE(ostree),
		  { "sudo rpm-ostree initramfs-etc --track=/etc/modprobe.d/virtcheck.conf", "No initramfs" },
		  "dracut" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		plan_changed("intel-kvm612-vbox71", cases[i].files, cases[i].n, VC_TO_VIRTUALBOX, &p);
		assert_false(p.etc_generated);
		assert_has(p.persistent_notes, cases[i].want[0]);
		assert_has(p.persistent_notes, cases[i].want[1]);
		if (strstr(p.persistent_notes, cases[i].not ))
			fail_msg("case %zu: \"%s\" in: %s", i, cases[i].not, p.persistent_notes);
		vc_switch_plan_free(&p);
	}

	plan_changed("intel-kvm612-vbox71", nixos, ARRAY_SIZE(nixos), VC_TO_VIRTUALBOX, &p);
	assert_true(p.etc_generated);
	assert_has(p.persistent_notes, "boot.blacklistedKernelModules = [ \"kvm_intel\" \"kvm\" ");
	assert_has(p.persistent_notes, "sudo nixos-rebuild switch");
	assert_null(strstr(p.persistent_notes, "initramfs-etc"));
	/* --persistent there is refused before anything changes; without it the switch runs */
	intel_kvm_host(&f);
	o = run(&p, &f, true);
	assert_int_equal(o.status, VC_SW_REFUSED);
	assert_has(o.text, "/etc/modprobe.d is generated");
	assert_int_equal(f.writes, 0);
	assert_int_equal(fm(&f, "kvm_intel")->st, VC_MOD_LIVE);
	outcome_free(&o);
	o = run(&p, &f, false);
	assert_int_equal(o.status, VC_SW_OK);
	assert_int_equal(fm(&f, "kvm_intel")->st, VC_MOD_ABSENT);
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

/* The real atomic write, interrupted for real: the file limit cuts the write in the middle.
 * The old file must stay whole and no temporary may be left. */
static const char *cut_path;

static int write_big(void *big)
{
	return vc_write_file_atomic(cut_path, big, 1 << 20, 0644, true) == -EFBIG ? 0 : -1;
}

static void test_atomic_write_interrupted(void **state)
{
	/* static: the forked writer inherits it, and valgrind would count a heap copy as its leak */
	static char big[1 << 20];
	char dir[] = "/tmp/vc-switch-XXXXXX", path[128];
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/virtcheck.conf", dir);
	assert_int_equal(vc_write_file_atomic(path, "blacklist vboxdrv\n", 18, 0644, true), 0);
	memset(big, '#', sizeof(big));
	cut_path = path;
	assert_true(cut_writes_at(4096, write_big, big));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 18); /* the old content, whole */
	/* no temporary file left beside it: only the file and its .bak */
	char bak[160];
	snprintf(bak, sizeof(bak), "%s.bak", path);
	unlink(path);
	unlink(bak);
	assert_int_equal(rmdir(dir), 0);
}

/* The real lock: a second switch waits, then gives up; once the first is done it gets it. */
/* The real lock's flock semantics, on a lock file in a temporary directory (never /run's). */
static void test_real_lock(void **state)
{
	char dir[] = "/tmp/vc-lock-XXXXXX", path[64];
	int pfd[2], status, fd = -1;
	char c;
	pid_t pid;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/virtcheck.lock", dir);
	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int held;

		close(pfd[0]);
		if (vc_lock_file(path, 0, &held) < 0)
			_exit(1);
		if (write(pfd[1], "L", 1) != 1)
			_exit(1);
		usleep(600 * 1000); /* hold it a while */
		close(held);
		_exit(0);
	}
	close(pfd[1]);
	assert_int_equal(read(pfd[0], &c, 1), 1); /* the child holds it now */
	assert_int_equal(vc_lock_file(path, 200, &fd), -EWOULDBLOCK);
	assert_int_equal(vc_lock_file(path, 3000, &fd), 0); /* waits until the child lets go */
	close(fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(pfd[0]);
	unlink(path);
	rmdir(dir);
}

/* ---- death and signals at every step ---- */

static struct fake *shared; /* in memory a forked child shares */

struct snap {
	enum vc_modstate st[16];
	char modparams[16][128];
	bool file_present, params_present;
	char file[1024], params[1024];
};

static void take(const struct fake *f, struct snap *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < f->n; i++) {
		s->st[i] = f->mods[i].st;
		if (f->mods[i].st == VC_MOD_LIVE)
			snprintf(s->modparams[i], sizeof(s->modparams[i]), "%s", f->mods[i].params);
	}
	s->file_present = f->file_present;
	s->params_present = f->params_present;
	snprintf(s->file, sizeof(s->file), "%s", f->file_present ? f->file : "");
	snprintf(s->params, sizeof(s->params), "%s", f->params_present ? f->params : "");
}

static void assert_state(const struct fake *f, const struct snap *want, const char *what, unsigned k)
{
	struct snap now;

	take(f, &now);
	for (size_t i = 0; i < f->n; i++)
		if (now.st[i] != want->st[i] || strcmp(now.modparams[i], want->modparams[i]))
			fail_msg("killed at tick %u: %s: %s is %s '%s', expected %s '%s'", k, what,
				 f->mods[i].name, vc_modstate_name(now.st[i]), now.modparams[i],
				 vc_modstate_name(want->st[i]), want->modparams[i]);
	if (now.file_present != want->file_present || strcmp(now.file, want->file))
		fail_msg("killed at tick %u: %s: " VC_SWITCH_CONF " is not as expected", k, what);
	if (now.params_present != want->params_present || strcmp(now.params, want->params))
		fail_msg("killed at tick %u: %s: " VC_SWITCH_PARAMS " is '%s', expected '%s'", k, what,
			 now.params, want->params);
}

static void amd_vbox_idle(struct fake *f)
{
	amd_vbox_host(f);
	fm(f, "vboxdrv")->refcnt = 0;
}

static void intel_kvm_with_conf(struct fake *f)
{
	intel_kvm_host(f);
	f->file_present = true; /* an older --persistent file, put back by a rollback */
	snprintf(f->file, sizeof(f->file), "blacklist vboxdrv\n");
}

static const struct scenario {
	const char *fixture;
	enum vc_switch_target target;
	void (*host)(struct fake *f);
} scenarios[] = {
	{ "intel-kvm612-vbox71", VC_TO_VIRTUALBOX, intel_kvm_with_conf }, /* KVM out */
	{ "amd-vboxdrv-no-kvm", VC_TO_KVM, amd_vbox_idle },		  /* VirtualBox out, KVM in */
	{ "amd-vbox7214-virt-off-6.16", VC_TO_VIRTUALBOX, amd_virt_off }, /* KVM reloaded */
};

/* A child that runs the switch (or --recover) and dies at tick k; its exit status or signal. */
static int child(const struct vc_switch_plan *p, unsigned k, int sig)
{
	pid_t pid;
	int status;

	shared->ticks = 0;
	shared->kill_at = k;
	shared->kill_sig = sig;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct outcome o = p ? run(p, shared, true) : recover(shared);

		_exit(o.status);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	shared->kill_at = 0;
	return status;
}

/* The child got as far as marking the switch complete (its journal may be removed since). */
static bool journal_committed(void)
{
	return shared->committed;
}

/* The reference run, uninterrupted: the state before and after. */
static void reference(const struct scenario *sc, const struct vc_switch_plan *p, struct snap *before,
		      struct snap *after)
{
	struct outcome o;

	sc->host(shared);
	take(shared, before);
	o = run(p, shared, true);
	if (o.status != VC_SW_OK)
		fail_msg("%s: the switch fails without a kill:\n%s", sc->fixture, o.text);
	take(shared, after);
	outcome_free(&o);
	assert_false(journal_exists());
}

/* kill -9 at every tick: --recover then gives exactly the old state (or, when the journal said the
 * switch was complete, the new one), and no journal is left. */
static void test_kill_at_every_step(void **state)
{
	const unsigned stride = wrapped_stride(3);

	(void)state;
	for (size_t s = 0; s < ARRAY_SIZE(scenarios); s++) {
		const struct scenario *sc = &scenarios[s];
		struct vc_switch_plan p;
		struct snap before, after;
		unsigned k;

		assert_int_equal(plan_for(sc->fixture, sc->target, &p), 0);
		reference(sc, &p, &before, &after);
		/* (under valgrind every 3rd tick, each scenario from another one) */
		for (k = 1 + s % stride;; k += stride) {
			struct outcome o;
			bool committed;
			int status;

			sc->host(shared);
			status = child(&p, k, SIGKILL);
			if (WIFEXITED(status)) { /* past the last tick: it ran to the end */
				assert_int_equal(WEXITSTATUS(status), VC_SW_OK);
				assert_state(shared, &after, "not killed", k);
				break;
			}
			assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
			committed = journal_committed();
			o = recover(shared);
			if (o.status != VC_SW_OK)
				fail_msg("%s, killed at tick %u: --recover exits %d:\n%s", sc->fixture, k,
					 o.status, o.text);
			if (getenv("VC_TEST_DEBUG"))
				printf("---- %s, killed at tick %u:\n%s", sc->fixture, k, o.text);
			assert_state(shared, committed ? &after : &before, sc->fixture, k);
			assert_false(journal_exists());
			outcome_free(&o);
		}
		/* a journal written, each change with its own before and after, the files, the commit */
		if (k - 1 < 2 * (p.nremove + p.nload) + 6) /* the ticks before the one past the last */
			fail_msg("%s: only %u kill points", sc->fixture, k - 1);
		vc_switch_plan_free(&p);
	}
}

/* --recover killed at each of its own steps, then taken again: the old state all the same. */
static void test_recover_killed_too(void **state)
{
	const struct scenario *sc = &scenarios[2];
	struct vc_switch_plan p;
	struct snap before, after;
	unsigned tried = 0;
	const unsigned stride = wrapped_stride(3);

	(void)state;
	assert_int_equal(plan_for(sc->fixture, sc->target, &p), 0);
	reference(sc, &p, &before, &after);
	for (unsigned k = 4;; k += 3 * stride) {
		int status;

		sc->host(shared);
		status = child(&p, k, SIGKILL);
		if (WIFEXITED(status) || journal_committed()) {
			struct outcome o = recover(shared); /* a complete switch's journal, if left */

			assert_int_equal(o.status, VC_SW_OK);
			outcome_free(&o);
			break;
		}
		for (unsigned j = 1;; j++) {
			struct outcome o;

			status = child(NULL, j, SIGKILL);
			if (WIFEXITED(status)) {
				assert_int_equal(WEXITSTATUS(status), VC_SW_OK);
				break;
			}
			tried++;
			o = recover(shared);
			if (o.status != VC_SW_OK)
				fail_msg("first run killed at %u, --recover at %u, then --recover exits "
					 "%d:\n%s",
					 k, j, o.status, o.text);
			assert_state(shared, &before, "recovered after a killed recovery", k * 1000 + j);
			outcome_free(&o);
			/* kill the first run again at the same place for the next j */
			sc->host(shared);
			status = child(&p, k, SIGKILL);
			assert_true(WIFSIGNALED(status));
		}
		assert_state(shared, &before, "recovered", k);
		assert_false(journal_exists());
	}
	assert_true(tried >= 10 / stride);
	vc_switch_plan_free(&p);
}

/* SIGTERM at every tick: the switch ends complete or rolled back, never half, and it does not die
 * of the signal. */
static void test_sigterm_at_every_step(void **state)
{
	const unsigned stride = wrapped_stride(3);

	(void)state;
	for (size_t s = 0; s < ARRAY_SIZE(scenarios); s++) {
		const struct scenario *sc = &scenarios[s];
		struct vc_switch_plan p;
		struct snap before, after;
		unsigned rolled = 0, completed = 0, k = 1 + s % stride, last = 0;

		assert_int_equal(plan_for(sc->fixture, sc->target, &p), 0);
		reference(sc, &p, &before, &after);
		/* (under valgrind every 3rd tick, each scenario from another one, and the last tick,
		 * where the switch has committed) */
		for (;; k += stride) {
			int status;

			sc->host(shared);
			status = child(&p, k, SIGTERM);
			if (!WIFEXITED(status))
				fail_msg("%s: SIGTERM at tick %u ended the switch (status 0x%x)", sc->fixture,
					 k, status);
			if (shared->ticks < k) {
				assert_int_equal(WEXITSTATUS(status), VC_SW_OK);
				if (stride == 1 || last)
					break;
				k = last = shared->ticks; /* the last tick next */
				k -= stride;
				continue;
			}
			if (WEXITSTATUS(status) == VC_SW_OK) {
				completed++;
				assert_state(shared, &after, "SIGTERM, completed", k);
			} else {
				assert_int_equal(WEXITSTATUS(status), VC_SW_ROLLED_BACK);
				rolled++;
				assert_state(shared, &before, "SIGTERM, rolled back", k);
			}
			assert_false(journal_exists());
		}
		assert_true(rolled > 0 && completed > 0);
		vc_switch_plan_free(&p);
	}
}

/* An unfinished switch blocks the next one until --recover; a second --recover finds nothing. */
static void test_pending_blocks_switch(void **state)
{
	const struct scenario *sc = &scenarios[1];
	struct vc_switch_plan p;
	struct snap before, after;
	struct outcome o;

	(void)state;
	assert_int_equal(plan_for(sc->fixture, sc->target, &p), 0);
	reference(sc, &p, &before, &after);
	sc->host(shared);
	assert_true(WIFSIGNALED(child(&p, 9, SIGKILL)));
	assert_true(journal_exists());
	shared->inserts = shared->removes = 0;
	o = run(&p, shared, false);
	assert_int_equal(o.status, VC_SW_PENDING);
	assert_non_null(strstr(o.text, "An unfinished switch is pending (/run/virtcheck/switch.journal)"));
	assert_non_null(strstr(o.text, "virtcheck switch --recover"));
	assert_int_equal(shared->inserts + shared->removes, 0);
	assert_string_equal(vc_get_str(o.result, "status"), "pending");
	outcome_free(&o);
	o = recover(shared);
	assert_int_equal(o.status, VC_SW_OK);
	assert_non_null(strstr(o.text, "Undoing an unfinished switch to kvm"));
	assert_state(shared, &before, "recovered", 9);
	outcome_free(&o);
	o = recover(shared);
	assert_int_equal(o.status, VC_SW_OK);
	assert_non_null(strstr(o.text, "nothing to recover"));
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

/* A damaged journal is said as such, and nothing is changed. */
static void test_recover_damaged_journal(void **state)
{
	static const char *const damaged[] = {
		"garbage\n",
		"virtcheck-journal 1 switch\ntarget kvm\nmodule kvm_amd live\n", /* cut: no end line */
		"virtcheck-journal 1 switch\ntarget kvm\nmodule evil live\nend 2\n",
		"virtcheck-journal 1 switch\ntarget kvm\nfile /etc/shadow x\nend 2\n",
		"virtcheck-journal 1 switch\ntarget kvm\nstep load /bin/sh\nend 2\n",
		"virtcheck-journal 1 switch\nmodule kvm live\nend 1\n",
		"virtcheck-journal 1 preflight-fix\nend 0\n",
	};
	struct fake f;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(damaged); i++) {
		struct outcome o;

		amd_vbox_idle(&f);
		assert_int_equal(vc_switch_journal_write_at(rootfd, damaged[i], strlen(damaged[i])), 0);
		o = recover(&f);
		if (o.status != VC_SW_JOURNAL_BAD || !strstr(o.text, "cannot be used: "))
			fail_msg("damaged journal %zu: exit %d\n%s", i, o.status, o.text);
		assert_int_equal(f.inserts + f.removes, 0);
		assert_true(journal_exists()); /* left for a person to look at */
		assert_non_null(strstr(o.text, "Module state now: vboxdrv(live)"));
		outcome_free(&o);
		/* and a switch will not go over it */
		assert_int_equal(vc_switch_journal_remove_at(rootfd), 0);
	}
}

/* A journal of an earlier boot (a /run that is not a tmpfs): only the files are put back. */
static void test_recover_other_boot(void **state)
{
	const struct scenario *sc = &scenarios[0];
	struct vc_switch_plan p;
	struct snap before, after;
	struct outcome o;
	unsigned k;

	(void)state;
	assert_int_equal(plan_for(sc->fixture, sc->target, &p), 0);
	reference(sc, &p, &before, &after);
	/* the first kill after the persistent file is written */
	for (k = 1;; k++) {
		vc_switch_journal_remove_at(rootfd); /* the last try's */
		sc->host(shared);
		assert_true(WIFSIGNALED(child(&p, k, SIGKILL)));
		if (strstr(shared->file, "blacklist kvm_intel") && !journal_committed())
			break;
	}
	snprintf(shared->boot, sizeof(shared->boot), "boot-2");
	shared->removes = shared->inserts = 0;
	o = recover(shared);
	assert_int_equal(o.status, VC_SW_OK);
	assert_non_null(strstr(o.text, "the journal is of an earlier boot"));
	assert_int_equal(shared->removes + shared->inserts, 0);
	assert_string_equal(shared->file, "blacklist vboxdrv\n"); /* the older file back */
	assert_false(journal_exists());
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

/* The plan is made again under the lock: a machine that changed meanwhile is not switched. */
static struct vc_switch_plan *other_plan;

static int replan_other(void *ud, enum vc_switch_target t, struct vc_switch_plan *p)
{
	(void)ud;
	(void)t;
	return plan_for("intel-both-loaded-qemu-vm", VC_TO_VIRTUALBOX, p);
}

static void test_replan_under_lock(void **state)
{
	struct vc_switch_plan p;
	struct fake f;
	struct vc_switch_ops ops = fake_ops(&f);
	struct vc_switch_opts o = { .lock_timeout_ms = 100, .replan = replan_other };
	struct outcome out = { .result = vc_obj() };
	size_t len;
	FILE *mem = open_memstream(&out.text, &len);

	(void)state;
	(void)other_plan;
	intel_kvm_host(&f);
	assert_int_equal(plan_for("intel-kvm612-vbox71", VC_TO_VIRTUALBOX, &p), 0);
	out.status = vc_switch_run(&p, &ops, &o, mem, out.result);
	fclose(mem);
	assert_int_equal(out.status, VC_SW_REFUSED);
	assert_non_null(strstr(out.text, "The machine changed since the plan was made"));
	assert_int_equal(f.removes + f.inserts, 0);
	assert_false(journal_exists());
	assert_false(f.locked);
	outcome_free(&out);
	vc_switch_plan_free(&p);
}

/* udev loads a removed module again: the verification sees it, and the switch is rolled back. */
static void test_removed_module_comes_back(void **state)
{
	struct vc_switch_plan p;
	struct fake f;
	struct snap before;
	struct outcome o;

	(void)state;
	amd_vbox_idle(&f);
	take(&f, &before);
	f.comes_back = "vboxdrv";
	assert_int_equal(plan_for("amd-vboxdrv-no-kvm", VC_TO_KVM, &p), 0);
	o = run(&p, &f, false);
	assert_int_equal(o.status, VC_SW_ROLLED_BACK);
	assert_non_null(strstr(o.text, "verify: vboxdrv is loaded again"));
	assert_state(&f, &before, "came back", 0);
	assert_false(journal_exists());
	outcome_free(&o);
	vc_switch_plan_free(&p);
}

static char root_dir[] = "/tmp/vc-switch-root-XXXXXX";
static const char *const root_dirs[] = { "run", NULL };

static int setup(void **state)
{
	(void)state;
	rootfd = fake_root_new(root_dir, root_dirs, sizeof(*shared), (void **)&shared);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_false(journal_exists()); /* no test leaves one behind, nor its directory */
	fake_root_free(root_dir, rootfd, root_dirs, shared, sizeof(*shared));
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virtualbox_to_kvm),
		cmocka_unit_test(test_kvm_to_virtualbox_saves_params),
		cmocka_unit_test(test_refused_with_vms),
		cmocka_unit_test(test_refused_builtin),
		cmocka_unit_test(test_refused_driver_cannot_load),
		cmocka_unit_test(test_refused_unknown_kernel),
		cmocka_unit_test(test_refused_loaded_driver_fails),
		cmocka_unit_test(test_kvm_node_unusable),
		cmocka_unit_test(test_environment_named_once),
		cmocka_unit_test(test_tdx_host_note),
		cmocka_unit_test(test_race_at_removal),
		cmocka_unit_test(test_insert_failures_roll_back),
		cmocka_unit_test(test_rollback_fails),
		cmocka_unit_test(test_svme_still_on),
		cmocka_unit_test(test_lock_contention),
		cmocka_unit_test(test_dry_run_and_status_change_nothing),
		cmocka_unit_test(test_version_gate_reloads_kvm),
		cmocka_unit_test(test_persistent_file_and_forget),
		cmocka_unit_test(test_persistence_by_distribution),
		cmocka_unit_test(test_atomic_write_interrupted),
		cmocka_unit_test(test_real_lock),
		cmocka_unit_test(test_kill_at_every_step),
		cmocka_unit_test(test_recover_killed_too),
		cmocka_unit_test(test_sigterm_at_every_step),
		cmocka_unit_test(test_pending_blocks_switch),
		cmocka_unit_test(test_recover_damaged_journal),
		cmocka_unit_test(test_recover_other_boot),
		cmocka_unit_test(test_replan_under_lock),
		cmocka_unit_test(test_removed_module_comes_back),
	};

	return cmocka_run_group_tests_name("switch", tests, setup, teardown);
}
