/* explain's outputs (lib/render/explain.h). */
#include <string.h>

#include "lib/render/explain.h"
#include "lib/render/wrap.h"
#include "lib/verdict/knowledge.h"

void vc_render_explain_json(FILE *f, const char *input, const struct vc_known_error *const *m, size_t n,
			    const struct vc_ctx *ctx, const char *version)
{
	struct vc_val *root = vc_obj(), *arr, *fs;

	vc_obj_set(root, "schema", vc_str("virtcheck.explain/1"));
	vc_obj_set(root, "version", vc_str(version));
	vc_obj_set(root, "input", vc_str(input));
	arr = vc_obj_set(root, "matches", vc_arr());
	for (size_t i = 0; i < n; i++) {
		struct vc_val *o = vc_arr_push(arr, vc_obj());

		vc_obj_set(o, "id", vc_str(m[i]->id));
		vc_obj_set(o, "source", vc_str(m[i]->source));
		vc_obj_set(o, "vbox_code", m[i]->vbox_code ? vc_int(m[i]->vbox_code) : vc_null());
		vc_obj_set(o, "meaning", vc_str(m[i]->meaning));
		struct vc_val *kn = vc_obj_set(o, "knowledge", vc_arr());
		for (size_t k = 0; k < vc_nknowledge; k++)
			if (streq_ptr(vc_knowledge[k].error_intel, m[i]->id) ||
			    streq_ptr(vc_knowledge[k].error_amd, m[i]->id))
				vc_arr_push(kn, vc_str(vc_knowledge[k].id));
	}
	if (ctx) {
		struct vc_val *ow = vc_obj_set(root, "owner", vc_obj());

		vc_obj_set(ow, "headline", vc_str(ctx->owner.headline));
		vc_obj_set(ow, "hypervisor", vc_str(vc_hv_name(ctx->owner.hypervisor)));
		vc_obj_set(ow, "backend", vc_str(ctx->owner.backend));
		vc_obj_set(ow, "confidence", vc_str(vc_confidence_name(ctx->owner.confidence)));
		fs = vc_obj_set(root, "host_findings", vc_arr());
		for (size_t i = 0; i < ctx->findings.n; i++)
			if (vc_known_errors_relate(m, n, ctx->findings.v[i].id))
				vc_arr_push(fs, vc_finding_json(&ctx->findings.v[i]));
	}
	vc_json_write(f, root, 0);
	fputc('\n', f);
	vc_val_free(root);
}

void vc_render_explain_text(FILE *f, const struct vc_known_error *const *m, size_t n,
			    const struct vc_ctx *ctx, const struct vc_render_opts *o)
{
	const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
	const char *sysroot = ctx ? vc_host_sysroot(ctx->host) : NULL;
	_cleanup_(freep) char *title = NULL;
	size_t shown = 0;

	for (size_t i = 0; i < n; i++) {
		if (m[i]->vbox_code)
			fprintf(f, "%s%s (%d)%s, from VirtualBox\n", bold, m[i]->id, m[i]->vbox_code, reset);
		else
			fprintf(f, "%s%s%s, from %s\n", bold, m[i]->id, reset,
				!strcmp(m[i]->source, "qemu") ? "QEMU/libvirt" : "the kernel");
		vc_wrap(f, o->width, "  ", 2, m[i]->meaning);
		/* the table's rows that end in this error: when, and how sure */
		for (size_t k = 0; k < vc_nknowledge; k++) {
			const struct vc_knowledge *kn = &vc_knowledge[k];

			if (streq_ptr(kn->error_intel, m[i]->id) || streq_ptr(kn->error_amd, m[i]->id))
				vc_wrapf(f, o->width, "  - ", 4, "%s (%s; %s)", kn->says,
					 vc_kn_confidence_name(kn->confidence), kn->id);
		}
		fputc('\n', f);
	}
	if (!ctx)
		return;
	title = sysroot ? xasprintf("On this host (%s):", sysroot) : xstrdup("On this host:");
	vc_wrap_line(f, o->width, "", 2, bold, reset, title);
	vc_wrap_line(f, o->width, "  ", 2, "", "", ctx->owner.headline);
	/* errors first; within one severity, the report's order */
	for (int sev = _VC_SEV_MAX - 1; sev >= 0; sev--)
		for (size_t i = 0; i < ctx->findings.n; i++) {
			const struct vc_finding *fd = &ctx->findings.v[i];

			if (fd->severity != (enum vc_severity)sev || !vc_known_errors_relate(m, n, fd->id))
				continue;
			shown++;
			vc_render_finding(f, fd, o);
		}
	if (!shown)
		vc_wrap(f, o->width, "  ", 2,
			"Nothing on this host causes it now: the state that produced it has changed (a VM or "
			"module "
			"that held VT-x is gone), or the message came from another machine. Run `virtcheck` "
			"when it "
			"happens again, or capture the host then (`virtcheck capture DIR`).");
}
