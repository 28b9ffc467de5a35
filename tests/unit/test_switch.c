/* virtcheck switch: every path of the protocol against a test double of the module operations,
 * with plans made from fixture hosts. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/act/switch.h"
#include "lib/render/switch.h"
#include "lib/verdict/run.h"
#include "probes/probes.h"

/* ---- the test double ---- */

struct fmod {
	const char *name;
	enum vc_modstate st;
	int refcnt;
	const char *params;  /* "nested=Y ept=Y" */
	int fail_insert;     /* errno for insert */
	int fail_remove;     /* errno for remove */
	int refcnt_at_check; /* refcnt the pre-removal check sees (a lost race), 0: refcnt */
	char loaded_with[128];
};

struct fake {
	struct fmod mods[16];
	size_t n;
	bool lock_busy, locked, svme_on;
	int svme_err, fail_write;
	unsigned inserts, removes, writes;
	char file[1024];   /* VC_SWITCH_CONF */
	char params[1024]; /* VC_SWITCH_PARAMS */
	bool params_written;
	char log[4096];
};

static struct fmod *fm(struct fake *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->mods[i].name, name))
			return &f->mods[i];
	return NULL;
}

static void fake_add(struct fake *f, const char *name, enum vc_modstate st, const char *params)
{
	f->mods[f->n++] = (struct fmod){ .name = name, .st = st, .params = params };
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
	m->st = VC_MOD_ABSENT;
	/* a holder gone: its dependency loses a reference */
	if (!strcmp(mod, "kvm_intel") || !strcmp(mod, "kvm_amd")) {
		struct fmod *k = fm(f, "kvm");

		if (k && k->refcnt > 0)
			k->refcnt--;
	}
	return 0;
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
	if (!strcmp(mod, "kvm_intel") || !strcmp(mod, "kvm_amd")) {
		struct fmod *k = fm(f, "kvm");

		if (k && k->st == VC_MOD_ABSENT)
			k->st = VC_MOD_LIVE;
		if (k)
			k->refcnt++;
	}
	m->st = VC_MOD_LIVE;
	snprintf(m->loaded_with, sizeof(m->loaded_with), "%s", options ? options : "");
	return 0;
}

static int f_param(void *ud, const char *mod, const char *param, char *buf, size_t len)
{
	struct fmod *m = fm(ud, mod);
	const char *p;
	size_t pl = strlen(param);

	for (p = m && m->params ? m->params : ""; (p = strstr(p, param)); p += pl)
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

static int f_write(void *ud, const char *path, const char *data, size_t len)
{
	struct fake *f = ud;

	if (!strcmp(path, VC_SWITCH_PARAMS)) {
		snprintf(f->params, sizeof(f->params), "%.*s", (int)len, data);
		f->params_written = true;
		return 0;
	}
	f->writes++;
	if (f->fail_write)
		return -f->fail_write; /* interrupted: nothing written (the real one is atomic) */
	snprintf(f->file, sizeof(f->file), "%.*s", (int)len, data);
	return 0;
}

static int f_remove_file(void *ud, const char *path)
{
	struct fake *f = ud;

	(void)path;
	if (!f->file[0])
		return -ENOENT;
	f->file[0] = '\0';
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
	return (struct vc_switch_ops){ f,	 f_state, f_remove,	 f_insert, f_param, f_lock,
				       f_unlock, f_write, f_remove_file, f_svme,   f_node,  f_log };
}

/* ---- plans from fixture hosts ---- */

static int plan_for(const char *fixture, enum vc_switch_target t, struct vc_switch_plan *p)
{
	char dir[512];
	struct vc_host *h;
	struct vc_ctx *ctx;
	int r;

	snprintf(dir, sizeof(dir), "%s/tests/fixtures/%s", getenv("VC_SRCDIR") ? getenv("VC_SRCDIR") : ".",
		 fixture);
	assert_int_equal(vc_host_new_sysroot(dir, &h), 0);
	ctx = vc_ctx_new(h);
	assert_int_equal(vc_run(ctx, VC_ALL_PROBES, true), 0);
	r = vc_switch_plan(ctx, t, p);
	vc_ctx_free(ctx);
	vc_host_free(h);
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

/* an AMD desktop: VirtualBox loaded and idle, KVM absent (tests/fixtures/amd-vboxdrv-no-kvm) */
static void amd_vbox_host(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	fake_add(f, "vboxdrv", VC_MOD_LIVE, NULL);
	fm(f, "vboxdrv")->refcnt = 2;
	fake_add(f, "vboxnetflt", VC_MOD_LIVE, NULL);
	fake_add(f, "vboxnetadp", VC_MOD_LIVE, NULL);
	fake_add(f, "kvm", VC_MOD_ABSENT, "enable_virt_at_load=Y");
	fake_add(f, "kvm_amd", VC_MOD_ABSENT, "nested=1");
}

/* an Intel desktop on 6.12: kvm_intel loaded and idle, VirtualBox 7.1.6 loaded too (vbox71 fixture) */
static void intel_kvm_host(struct fake *f)
{
	memset(f, 0, sizeof(*f));
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
	assert_int_equal(p.nload, 1);
	assert_string_equal(p.load[0], "kvm_amd");
	/* the parameters it had when a switch removed it (run/virtcheck.params in the fixture) */
	assert_string_equal(p.load_options[0], "nested=0");
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

	/* VirtualBox's driver refused under Secure Boot: the advice names the signing */
	struct fake f;
	struct outcome o;

	intel_kvm_host(&f);
	fm(&f, "vboxdrv")->st = VC_MOD_ABSENT;
	fm(&f, "vboxnetflt")->st = VC_MOD_ABSENT;
	fm(&f, "vboxnetadp")->st = VC_MOD_ABSENT;
	fm(&f, "vboxdrv")->fail_insert = EKEYREJECTED;
	assert_int_equal(plan_for("secureboot-unsigned-vboxdrv", VC_TO_VIRTUALBOX, &p), 0);
	assert_int_equal(p.refuse, 0);
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
	memset(&f, 0, sizeof(f));
	fake_add(&f, "kvm", VC_MOD_LIVE, "enable_virt_at_load=N");
	fm(&f, "kvm")->refcnt = 1;
	fake_add(&f, "kvm_amd", VC_MOD_LIVE, "nested=1");
	fake_add(&f, "vboxdrv", VC_MOD_LIVE, NULL);
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

/* The real atomic write, interrupted for real: the file limit cuts the write in the middle.
 * The old file must stay whole and no temporary may be left. */
static const char *cut_path;

static int write_big(void *big)
{
	return vc_write_file_atomic(cut_path, big, 1 << 20, 0644, true) == -EFBIG ? 0 : -1;
}

static void test_atomic_write_interrupted(void **state)
{
	char dir[] = "/tmp/vc-switch-XXXXXX", path[128], *big;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/virtcheck.conf", dir);
	assert_int_equal(vc_write_file_atomic(path, "blacklist vboxdrv\n", 18, 0644, true), 0);
	big = malloc(1 << 20);
	memset(big, '#', 1 << 20);
	cut_path = path;
	assert_true(cut_writes_at(4096, write_big, big));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 18); /* the old content, whole */
	free(big);
	/* no temporary file left beside it: only the file and its .bak */
	char bak[160];
	snprintf(bak, sizeof(bak), "%s.bak", path);
	unlink(path);
	unlink(bak);
	assert_int_equal(rmdir(dir), 0);
}

/* The real lock: a second switch waits, then gives up; once the first is done it gets it. */
static void test_real_lock(void **state)
{
	const struct vc_switch_ops *ops = &vc_switch_real_ops;
	int pfd[2], status;
	char c;
	pid_t pid;

	(void)state;
	if (access("/run", W_OK) < 0) {
		printf("SKIP: /run is not writable here (not root): the real lock is not tried\n");
		skip();
	}
	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		if (ops->lock(ops->ud, 0) < 0)
			_exit(1);
		if (write(pfd[1], "L", 1) != 1)
			_exit(1);
		usleep(600 * 1000); /* hold it a while */
		ops->unlock(ops->ud);
		_exit(0);
	}
	close(pfd[1]);
	assert_int_equal(read(pfd[0], &c, 1), 1); /* the child holds it now */
	assert_int_equal(ops->lock(ops->ud, 200), -EWOULDBLOCK);
	assert_int_equal(ops->lock(ops->ud, 3000), 0); /* waits until the child lets go */
	ops->unlock(ops->ud);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(pfd[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virtualbox_to_kvm),
		cmocka_unit_test(test_kvm_to_virtualbox_saves_params),
		cmocka_unit_test(test_refused_with_vms),
		cmocka_unit_test(test_refused_builtin),
		cmocka_unit_test(test_race_at_removal),
		cmocka_unit_test(test_insert_failures_roll_back),
		cmocka_unit_test(test_rollback_fails),
		cmocka_unit_test(test_svme_still_on),
		cmocka_unit_test(test_lock_contention),
		cmocka_unit_test(test_dry_run_and_status_change_nothing),
		cmocka_unit_test(test_version_gate_reloads_kvm),
		cmocka_unit_test(test_persistent_file_and_forget),
		cmocka_unit_test(test_atomic_write_interrupted),
		cmocka_unit_test(test_real_lock),
	};

	return cmocka_run_group_tests_name("switch", tests, NULL, NULL);
}
