/* switch's outputs (lib/render/switch.h). */
#include <string.h>

#include "lib/render/switch.h"
#include "lib/render/wrap.h"

void vc_switch_refusal_print(FILE *f, const struct vc_switch_plan *p, const char *indent, unsigned width)
{
	vc_wrap_block(f, width, indent, p->refusal);
}

void vc_switch_plan_print(FILE *f, const struct vc_switch_plan *p, unsigned width)
{
	int n = 1;

	fprintf(f, "Plan: switch to %s\n", vc_switch_target_name(p->target));
	vc_wrap_block(f, width, "", p->notes);
	if (p->refuse) {
		fprintf(f, "Refused:\n");
		vc_switch_refusal_print(f, p, "  ", width);
		return;
	}
	if (p->nothing_to_do) {
		vc_wrapf(f, width, "  ", 4, "nothing to do: %s is already the loaded hypervisor",
			 vc_switch_target_name(p->target));
		return;
	}
	vc_wrapf(f, width, "  ", 5, "%d. lock %s", n++, VC_SWITCH_LOCK);
	if (p->nremove)
		vc_wrapf(f, width, "  ", 5, "%d. save the live parameters of the modules to remove", n++);
	for (size_t i = 0; i < p->nremove; i++)
		vc_wrapf(f, width, "  ", 5,
			 "%d. check that %s has no users (refcnt 0), then remove it (never forced)", n++,
			 p->remove[i]);
	if (p->amd && p->nremove && !p->keep_kvm)
		vc_wrapf(f, width, "  ", 5,
			 "%d. check that AMD-V is off on every CPU (EFER.SVME, when the msr driver is there)",
			 n++);
	for (size_t i = 0; i < p->nload; i++)
		vc_wrapf(f, width, "  ", 5, "%d. load %s%s%s (with its dependencies)", n++, p->load[i],
			 p->load_options[i] ? " " : "", p->load_options[i] ? p->load_options[i] : "");
	if (p->expect_node)
		vc_wrapf(f, width, "  ", 5, "%d. verify: the modules are live and %s exists", n++,
			 p->expect_node);
	vc_wrap(f, width, "  ", 4,
		"on any failure: unload what was loaded, load back what was removed with its saved "
		"parameters, "
		"verify");
}

struct vc_val *vc_switch_plan_json(const struct vc_switch_plan *p)
{
	struct vc_val *o = vc_obj(), *rm, *ld;

	vc_obj_set(o, "target", vc_str(vc_switch_target_name(p->target)));
	vc_obj_set(o, "refused", vc_bool(p->refuse != 0));
	vc_obj_set(o, "refusal", vc_str(p->refusal));
	vc_obj_set(o, "nothing_to_do", vc_bool(p->nothing_to_do));
	vc_obj_set(o, "keep_kvm", vc_bool(p->keep_kvm));
	rm = vc_obj_set(o, "remove", vc_arr());
	for (size_t i = 0; i < p->nremove; i++)
		vc_arr_push(rm, vc_str(p->remove[i]));
	ld = vc_obj_set(o, "load", vc_arr());
	for (size_t i = 0; i < p->nload; i++) {
		struct vc_val *x = vc_arr_push(ld, vc_obj());

		vc_obj_set(x, "module", vc_str(p->load[i]));
		vc_obj_set(x, "options", vc_str(p->load_options[i]));
	}
	vc_obj_set(o, "expect_node", vc_str(p->expect_node));
	vc_obj_set(o, "notes", vc_str(p->notes));
	vc_obj_set(o, "persistent_file", vc_str(p->persistent));
	vc_obj_set(o, "persistent_notes", vc_str(p->persistent_notes));
	return o;
}

void vc_render_switch_status(FILE *f, const struct vc_ctx *ctx, const struct vc_switch_plan plans[_VC_TO_MAX],
			     bool json, unsigned width)
{
	struct vc_val *root = vc_obj(), *targets;

	if (!json) {
		vc_wrap(f, width, "", 2, ctx->owner.headline);
		fprintf(f, "\nA switch to each target would:\n");
	}
	vc_obj_set(root, "schema", vc_str("virtcheck.switch-status/1"));
	vc_obj_set(root, "headline", vc_str(ctx->owner.headline));
	vc_obj_set(root, "owner", vc_str(vc_hv_name(ctx->owner.hypervisor)));
	targets = vc_obj_set(root, "targets", vc_obj());
	for (int t = 0; t < _VC_TO_MAX; t++) {
		const struct vc_switch_plan *p = &plans[t];
		const char *name = vc_switch_target_name((enum vc_switch_target)t);

		vc_obj_set(targets, name, vc_switch_plan_json(p));
		if (json)
			continue;
		struct buf b = { 0 };
		char lead[32];

		if (p->refuse) {
			buf_printf(&b, "be refused:");
		} else if (p->nothing_to_do) {
			buf_printf(&b, "change nothing (already there)");
		} else {
			buf_printf(&b, "remove");
			for (size_t i = 0; i < p->nremove; i++)
				buf_printf(&b, " %s", p->remove[i]);
			buf_printf(&b, "%s; load", p->nremove ? "" : " nothing");
			for (size_t i = 0; i < p->nload; i++)
				buf_printf(&b, " %s", p->load[i]);
			buf_printf(&b, "%s", p->nload ? "" : " nothing");
		}
		snprintf(lead, sizeof(lead), "  %-11s ", name);
		vc_wrap(f, width, lead, 14, b.data);
		buf_free(&b);
		if (p->refuse)
			vc_switch_refusal_print(f, p, "                ", width);
	}
	if (json) {
		vc_json_write(f, root, 0);
		fputc('\n', f);
	}
	vc_val_free(root);
}
