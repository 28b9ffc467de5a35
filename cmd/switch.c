/* virtcheck switch: change which hypervisor's modules are loaded, carefully (lib/act/switch.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/render/switch.h"
#include "lib/render/wrap.h"
#include "lib/verdict/run.h"

static bool confirm(void)
{
	char answer[16];

	fputs("Proceed? [y/N] ", stdout);
	fflush(stdout);
	return fgets(answer, sizeof(answer), stdin) && (answer[0] == 'y' || answer[0] == 'Y');
}

enum { OPT_PERSISTENT = 300, OPT_DRY_RUN, OPT_YES, OPT_STATUS, OPT_FORGET, OPT_RECOVER };

static const struct option options[] = {
	{ "persistent", no_argument, NULL, OPT_PERSISTENT },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "status", no_argument, NULL, OPT_STATUS },
	{ "forget", no_argument, NULL, OPT_FORGET },
	{ "recover", no_argument, NULL, OPT_RECOVER },
	{},
};

struct args {
	bool persistent, dry, yes, status, forget, recover;
	const char *target_name; /* the operand, NULL when none */
	enum vc_switch_target target;
};

static int option(const struct vc_cmd *cmd, int opt, const char *arg, void *ud)
{
	struct args *a = ud;

	(void)arg;
	switch (opt) {
	case OPT_PERSISTENT:
		a->persistent = true;
		break;
	case OPT_DRY_RUN:
	case 'n':
		a->dry = true;
		break;
	case OPT_YES:
	case 'y':
		a->yes = true;
		break;
	case OPT_STATUS:
		a->status = true;
		break;
	case OPT_FORGET:
		a->forget = true;
		break;
	case OPT_RECOVER:
		a->recover = true;
		break;
	default:
		return vc_usage_error(cmd, "unknown option");
	}
	return -1;
}

/* The report the plan is made from (and, after a switch, the new state). NULL: said why. */
static struct vc_ctx *look(const struct vc_cmd *cmd, const struct vc_opts *o, struct vc_host **h, int *err)
{
	struct vc_ctx *ctx;

	*err = vc_open_host(cmd, o, h);
	if (*err)
		return NULL;
	ctx = vc_ctx_new(*h);
	vc_run(ctx, VC_ALL_PROBES, true);
	return ctx;
}

struct replan {
	const struct vc_cmd *cmd;
	const struct vc_opts *o;
};

/* The plan made again once the lock is held, from a fresh look at the machine. */
static int replan(void *ud, enum vc_switch_target t, struct vc_switch_plan *p)
{
	const struct replan *rp = ud;
	struct vc_host *h = NULL;
	int err;
	struct vc_ctx *ctx = look(rp->cmd, rp->o, &h, &err);

	if (!ctx)
		return -EIO;
	err = vc_switch_plan(ctx, t, p);
	vc_ctx_free(ctx);
	vc_host_free(h);
	return err;
}

/* --recover: the journal's state back; result as JSON on request. */
static int recover(bool json)
{
	struct vc_val *root = vc_obj();
	int ret;

	vc_obj_set(root, "schema", vc_str("virtcheck.switch/1"));
	ret = vc_switch_recover(&vc_switch_real_ops, 10000, json ? stderr : stdout,
				vc_obj_set(root, "result", vc_obj()));
	vc_obj_set(root, "exit", vc_int(ret));
	if (json)
		vc_json_write_doc(stdout, root);
	else
		vc_val_free(root);
	return ret;
}

/* The command line, into *a: what it asks for, and whether that may be done here. */
static int parse(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o, struct args *a)
{
	static const char *const targets = "kvm, virtualbox, vmware or none";
	int first, ret = vc_cmd_parse(cmd, argc, argv, o, option, a, &first);

	if (ret >= 0)
		return ret;
	a->target = VC_TO_NONE;
	if (first < argc)
		a->target_name = argv[first];
	if (first + 1 < argc)
		return vc_usage_error(cmd, "one target, not '%s' too", argv[first + 1]);
	if (a->status + a->forget + a->recover + !!a->target_name != 1)
		return vc_usage_error(cmd, "say a target (%s), --status, --recover or --forget", targets);
	if (a->target_name && vc_switch_target_from_name(a->target_name, &a->target) < 0)
		return vc_usage_error(cmd, "unknown target '%s' (%s)", a->target_name, targets);
	if (a->yes && (a->dry || !a->target_name))
		return vc_usage_error(cmd, "--yes confirms a switch, and %s",
				      a->dry ? "--dry-run makes none" : "none is asked for");
	if (a->persistent && !a->target_name)
		return vc_usage_error(cmd, "--persistent goes with a target");
	if (a->dry && !a->target_name)
		return vc_usage_error(cmd, "--dry-run goes with a target");
	/* what changes the machine needs root and the machine itself */
	bool changes = a->forget || a->recover || (a->target_name && !a->dry);
	if (changes && o->sysroot)
		return vc_usage_error(cmd, "--sysroot can only show a plan (--dry-run, --status)");
	if (changes && geteuid() != 0) {
		vc_error(cmd, "loading and unloading kernel modules needs root: sudo virtcheck switch ...\n"
			      "(--dry-run and --status work without root)");
		return VC_SW_NOT_ROOT;
	}
	return -1;
}

static int switch_check(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	struct args a = { 0 };

	return parse(cmd, argc, argv, o, &a);
}

static int switch_run(const struct vc_cmd *cmd, int argc, char **argv, struct vc_opts *o)
{
	struct args a = { 0 };
	enum vc_switch_target target;
	struct vc_host *h = NULL;
	struct vc_ctx *ctx;
	struct vc_switch_plan plan;
	unsigned width = vc_text_width(STDOUT_FILENO);
	bool json;
	int ret = parse(cmd, argc, argv, o, &a);

	if (ret >= 0)
		return ret;
	json = vc_cmd_format(cmd, o) == 1;
	target = a.target;
	if (a.forget)
		return vc_switch_forget(&vc_switch_real_ops, stdout);
	if (a.recover)
		return recover(json);

	ctx = look(cmd, o, &h, &ret);
	if (!ctx)
		return ret;
	if (a.status) {
		struct vc_switch_plan plans[_VC_TO_MAX];

		for (int t = 0; t < _VC_TO_MAX; t++)
			vc_switch_plan(ctx, (enum vc_switch_target)t, &plans[t]);
		vc_render_switch_status(stdout, ctx, plans, json, width);
		for (int t = 0; t < _VC_TO_MAX; t++)
			vc_switch_plan_free(&plans[t]);
		/* an unfinished switch (the report's finding, so a capture replays it) comes first */
		const struct vc_finding *pending = vc_find(ctx, VC_FID_MODULES_SWITCH_UNFINISHED);
		if (pending) {
			FILE *f = json ? stderr : stdout;

			fputc('\n', f);
			vc_wrap(f, width, "Pending: ", 9, pending->message);
			vc_wrap(f, width, "  fix: ", 7, pending->remedies.v[0].steps);
		}
		ret = pending ? VC_SW_PENDING : VC_SW_OK;
		vc_ctx_free(ctx);
		vc_host_free(h);
		return ret;
	}
	vc_switch_plan(ctx, target, &plan);
	struct vc_val *root = vc_obj();
	vc_obj_set(root, "schema", vc_str("virtcheck.switch/1"));
	vc_obj_set(root, "before", vc_str(ctx->owner.headline));
	vc_obj_set(root, "plan", vc_switch_plan_json(&plan));
	vc_obj_set(root, "dry_run", vc_bool(a.dry));
	FILE *out = json ? stderr : stdout;

	if (!json) {
		vc_wrap(stdout, width, "Before: ", 8, ctx->owner.headline);
		vc_switch_plan_print(stdout, &plan, width);
		if (a.persistent && !plan.refuse && plan.etc_generated)
			printf("With --persistent: %s", plan.persistent_notes);
		else if (a.persistent && !plan.refuse)
			printf("With --persistent, %s would be:\n%s%s", VC_SWITCH_CONF, plan.persistent,
			       plan.persistent_notes ? plan.persistent_notes : "");
	}
	vc_ctx_free(ctx);
	vc_host_free(h);
	h = NULL;

	struct replan rp = { cmd, o };
	struct vc_switch_opts so = {
		.persistent = a.persistent, .lock_timeout_ms = 10000, .replan = replan, .replan_ud = &rp
	};
	if (a.dry || plan.nothing_to_do) {
		ret = plan.refuse ? VC_SW_REFUSED : VC_SW_OK;
	} else if (plan.refuse) {
		ret = vc_switch_run(&plan, &vc_switch_real_ops, &so, out,
				    vc_obj_set(root, "result", vc_obj()));
	} else if (!a.yes && !(isatty(STDIN_FILENO) && !json && confirm())) {
		if (!isatty(STDIN_FILENO))
			vc_error(cmd, "not a terminal: pass --yes to do it (or --dry-run to only look)");
		ret = VC_SW_USAGE;
	} else {
		ret = vc_switch_run(&plan, &vc_switch_real_ops, &so, out,
				    vc_obj_set(root, "result", vc_obj()));
		/* after: the verdict again */
		int err;

		ctx = look(cmd, o, &h, &err);
		if (ctx) {
			vc_obj_set(root, "after", vc_str(ctx->owner.headline));
			if (!json)
				vc_wrap(stdout, width, "After: ", 7, ctx->owner.headline);
			vc_ctx_free(ctx);
			vc_host_free(h);
		}
	}
	vc_obj_set(root, "exit", vc_int(ret));
	if (json)
		vc_json_write_doc(stdout, root);
	else
		vc_val_free(root);
	vc_switch_plan_free(&plan);
	return ret;
}

static const char *const formats[] = { "text", "json", NULL };

const struct vc_cmd cmd_switch = {
	.name = "switch",
	.summary = "switch the loaded hypervisor modules safely (KVM, VirtualBox, VMware)",
	.synopsis = "kvm|virtualbox|vmware|none [--dry-run] [--persistent] [--yes] [--format text|json]\n"
		    "--status [--format text|json]\n"
		    "--recover [--format text|json]\n"
		    "--forget",
	.help = "Unloads the modules of the other hypervisors and loads the target's, refusing while their\n"
		"VMs run (it never stops a VM) and rolling back on any failure. Root only; --dry-run and\n"
		"--status work without root, and on a capture (--sysroot).\n\n"
		"Options of its own:\n"
		"  -n, --dry-run      show the plan (or why it is refused) and change nothing\n"
		"      --persistent   also write /etc/modprobe.d/virtcheck.conf so the next boot agrees\n"
		"  -y, --yes          do it without asking\n"
		"      --status       what a switch to each target would do, or why it would be refused\n"
		"      --forget       remove /etc/modprobe.d/virtcheck.conf (kept as .bak)\n"
		"      --recover      put back what an unfinished switch (killed, crashed) changed, from\n"
		"                     its journal " VC_SWITCH_JOURNAL "\n\n"
		"Exit status: 0 done (or nothing to do, or recovered), 1 refused, 2 failed and rolled back,\n"
		"3 usage error, 4 not root, 5 the rollback (or --recover) failed too, 6 another switch\n"
		"holds the lock, 7 an unfinished switch is pending (run --recover), 8 --recover: the\n"
		"journal is damaged.",
	.formats = formats,
	.globals = VC_G_SYSROOT | VC_G_LOAD_MSR,
	.options = options,
	.shortopts = "ny",
	.usage_exit = VC_SW_USAGE,
	.run = switch_run,
	.check = switch_check,
};
