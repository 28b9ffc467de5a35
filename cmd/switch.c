/* virtcheck switch: change which hypervisor's modules are loaded, carefully (see lib/switch.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/act/switch.h"
#include "probes/probes.h"
#include "cmd/cmd.h"

static void usage(FILE *f)
{
	fputs("Usage: virtcheck switch kvm|virtualbox|vmware|none [--persistent] [--dry-run] [--yes] "
	      "[--format text|json]\n"
	      "       virtcheck switch --status | --forget\n\n"
	      "Unloads the modules of the other hypervisors and loads the target's, refusing while their VMs "
	      "run,\n"
	      "rolling back on any failure. Root only (--dry-run and --status work without root).\n"
	      "Exit: 0 done, 1 refused, 2 failed and rolled back, 3 usage, 4 not root, 5 rollback failed, 6 "
	      "locked.\n",
	      f);
}

static bool confirm(void)
{
	char answer[16];

	fputs("Proceed? [y/N] ", stdout);
	fflush(stdout);
	return fgets(answer, sizeof(answer), stdin) && (answer[0] == 'y' || answer[0] == 'Y');
}

static void status_all(struct vc_ctx *ctx, bool json)
{
	struct vc_val *root = vc_obj(), *targets;

	if (!json)
		printf("%s\n\nA switch to each target would:\n", ctx->owner.headline);
	vc_obj_set(root, "schema", vc_str("virtcheck.switch-status/1"));
	vc_obj_set(root, "headline", vc_str(ctx->owner.headline));
	vc_obj_set(root, "owner", vc_str(vc_hv_name(ctx->owner.hypervisor)));
	targets = vc_obj_set(root, "targets", vc_obj());
	for (int t = 0; t < _VC_TO_MAX; t++) {
		struct vc_switch_plan p;

		vc_switch_plan(ctx, (enum vc_switch_target)t, &p);
		vc_obj_set(targets, vc_switch_target_name((enum vc_switch_target)t), vc_switch_plan_json(&p));
		if (!json) {
			printf("  %-11s ", vc_switch_target_name((enum vc_switch_target)t));
			if (p.refuse) {
				char *nl = strchr(p.refusal, '\n');

				printf("be refused: %.*s\n",
				       nl ? (int)(nl - p.refusal) : (int)strlen(p.refusal), p.refusal);
			} else if (p.nothing_to_do) {
				printf("change nothing (already there)\n");
			} else {
				printf("remove");
				for (size_t i = 0; i < p.nremove; i++)
					printf(" %s", p.remove[i]);
				printf("%s; load", p.nremove ? "" : " nothing");
				for (size_t i = 0; i < p.nload; i++)
					printf(" %s", p.load[i]);
				printf("%s\n", p.nload ? "" : " nothing");
			}
		}
		vc_switch_plan_free(&p);
	}
	if (json) {
		vc_json_write(stdout, root, 0);
		fputc('\n', stdout);
	}
	vc_val_free(root);
}

static int switch_main(int argc, char **argv, struct vc_opts *o)
{
	bool persistent = false, dry = false, yes = false, status = false, forget = false, json = false;
	const char *target_name = NULL;
	enum vc_switch_target target = VC_TO_NONE;
	struct vc_host *h = NULL;
	struct vc_ctx *ctx;
	struct vc_switch_plan plan;
	int ret;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--persistent"))
			persistent = true;
		else if (!strcmp(a, "--dry-run") || !strcmp(a, "-n"))
			dry = true;
		else if (!strcmp(a, "--yes") || !strcmp(a, "-y"))
			yes = true;
		else if (!strcmp(a, "--status"))
			status = true;
		else if (!strcmp(a, "--forget"))
			forget = true;
		else if ((!strcmp(a, "--format") || !strcmp(a, "-f")) && i + 1 < argc) {
			const char *v = argv[++i];

			if (strcmp(v, "text") != 0 && strcmp(v, "json") != 0) {
				fprintf(stderr, "virtcheck switch: unknown format '%s' (text, json)\n", v);
				return VC_SW_USAGE;
			}
			json = !strcmp(v, "json");
		} else if ((!strcmp(a, "--sysroot") || !strcmp(a, "-s")) && i + 1 < argc)
			o->sysroot = argv[++i];
		else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return VC_SW_OK;
		} else if (a[0] != '-' && !target_name)
			target_name = a;
		else {
			fprintf(stderr, "virtcheck switch: unexpected argument '%s'\n", a);
			usage(stderr);
			return VC_SW_USAGE;
		}
	}
	if (status + forget + !!target_name != 1 ||
	    (target_name && vc_switch_target_from_name(target_name, &target) < 0)) {
		if (target_name && vc_switch_target_from_name(target_name, &target) < 0)
			fprintf(stderr,
				"virtcheck switch: unknown target '%s' (kvm, virtualbox, vmware, none)\n",
				target_name);
		usage(stderr);
		return VC_SW_USAGE;
	}
	/* what changes the machine needs root and the machine itself */
	if ((forget || (target_name && !dry)) && o->sysroot) {
		fprintf(stderr, "virtcheck switch: --sysroot can only show a plan (--dry-run, --status)\n");
		return VC_SW_USAGE;
	}
	if ((forget || (target_name && !dry)) && geteuid() != 0) {
		fprintf(stderr, "virtcheck switch: loading and unloading kernel modules needs root: sudo "
				"virtcheck switch ...\n"
				"(--dry-run and --status work without root)\n");
		return VC_SW_NOT_ROOT;
	}
	if (forget)
		return vc_switch_forget(&vc_switch_real_ops, stdout);

	ctx = vc_run_report(o, &h);
	if (!ctx)
		return VC_SW_USAGE;
	if (status) {
		status_all(ctx, json);
		vc_ctx_free(ctx);
		vc_host_free(h);
		return VC_SW_OK;
	}
	vc_switch_plan(ctx, target, &plan);
	struct vc_val *root = vc_obj();
	vc_obj_set(root, "schema", vc_str("virtcheck.switch/1"));
	vc_obj_set(root, "before", vc_str(ctx->owner.headline));
	vc_obj_set(root, "plan", vc_switch_plan_json(&plan));
	vc_obj_set(root, "dry_run", vc_bool(dry));
	FILE *out = json ? stderr : stdout;

	if (!json) {
		printf("Before: %s\n", ctx->owner.headline);
		vc_switch_plan_print(stdout, &plan);
		if (persistent && !plan.refuse)
			printf("With --persistent, %s would be:\n%s%s", VC_SWITCH_CONF, plan.persistent,
			       plan.persistent_notes ? plan.persistent_notes : "");
	}
	vc_ctx_free(ctx);
	vc_host_free(h);
	h = NULL;

	if (dry || plan.nothing_to_do) {
		ret = plan.refuse ? VC_SW_REFUSED : VC_SW_OK;
	} else if (plan.refuse) {
		struct vc_val *res = vc_obj_set(root, "result", vc_obj());

		ret = vc_switch_run(
			&plan, &vc_switch_real_ops,
			&(struct vc_switch_opts){ .persistent = persistent, .lock_timeout_ms = 10000 }, out,
			res);
	} else if (!yes && !(isatty(STDIN_FILENO) && !json && confirm())) {
		if (!isatty(STDIN_FILENO))
			fprintf(stderr, "virtcheck switch: not a terminal: pass --yes to do it (or --dry-run "
					"to only look)\n");
		ret = VC_SW_USAGE;
	} else {
		struct vc_val *res = vc_obj_set(root, "result", vc_obj());

		ret = vc_switch_run(
			&plan, &vc_switch_real_ops,
			&(struct vc_switch_opts){ .persistent = persistent, .lock_timeout_ms = 10000 }, out,
			res);
		/* after: the verdict again */
		ctx = vc_run_report(o, &h);
		if (ctx) {
			vc_obj_set(root, "after", vc_str(ctx->owner.headline));
			if (!json)
				printf("After: %s\n", ctx->owner.headline);
			vc_ctx_free(ctx);
			vc_host_free(h);
		}
	}
	vc_obj_set(root, "exit", vc_int(ret));
	if (json) {
		vc_json_write(stdout, root, 0);
		fputc('\n', stdout);
	}
	vc_val_free(root);
	vc_switch_plan_free(&plan);
	return ret;
}

const struct vc_cmd cmd_switch = {
	.name = "switch",
	.run = switch_main,
	.help = "switch the loaded hypervisor modules safely (KVM, VirtualBox, VMware)",
};
