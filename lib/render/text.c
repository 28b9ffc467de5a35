/* The report as text for people: the answer first, then conflicts, problems, notes and details. */
#include <string.h>

#include "lib/render/render.h"

struct style {
	const char *bold, *red, *yellow, *cyan, *dim, *reset;
};

static const struct style plain = { "", "", "", "", "", "" };
static const struct style ansi = { "\033[1m", "\033[31m", "\033[33m", "\033[36m", "\033[2m", "\033[0m" };

static const char *sev_color(const struct style *s, enum vc_severity sev)
{
	return sev == VC_SEV_ERROR ? s->red : sev == VC_SEV_WARNING ? s->yellow : s->cyan;
}

static void print_lines(FILE *f, const struct style *s, const struct vc_strv *v, const char *indent)
{
	for (size_t i = 0; i < v->n; i++)
		fprintf(f, "%s%s%s%s\n", indent, s->dim, v->v[i], s->reset);
}

static void detail_cpu(FILE *f, const struct vc_facts *fa)
{
	const struct vc_cpuid_facts *c = &fa->cpuid;

	if (!c->available) {
		fputs("  cpu       no CPUID data\n", f);
		return;
	}
	fprintf(f, "  cpu       %s \"%s\" family %u model %u; VT: %s", c->vendor, c->brand, c->family,
		c->model, vc_vt_name(c->vt));
	if (c->hypervisor_bit)
		fprintf(f, "; guest of %s (\"%s\")", c->hypervisor ? c->hypervisor : "?",
			c->hv_leaf ? c->hypervisor_signature : "");
	fputc('\n', f);
}

static void detail_kvm(FILE *f, const struct vc_facts *fa)
{
	const struct vc_kvm_facts *k = &fa->kvm;
	const struct vc_devnode *d = &k->device.node;

	fputs("  /dev/kvm  ", f);
	if (k->device.present == VC_TRI_TRUE)
		fprintf(f, "%c %u:%u mode %04o uid %u group %s", d->type, d->major, d->minor, d->mode, d->uid,
			d->group);
	else
		fputs("absent", f);
	if (k->access.open)
		fprintf(f, "; open %s", k->access.open);
	if (k->api_version.set)
		fprintf(f, "; API %lld", (long long)k->api_version.v);
	if (k->captured && k->create_vm != VC_NOT_TRIED)
		fprintf(f, "; VM smoke test %s", k->usable == VC_TRI_TRUE ? "passed" : "failed");
	if (k->backend)
		fprintf(f, "; backend %s", k->backend);
	fputc('\n', f);
}

static void detail_modules(FILE *f, const struct vc_facts *fa)
{
	const char *eval = vc_facts_param(fa, "kvm", "enable_virt_at_load");
	bool any = false;

	fputs("  modules   ", f);
	for (size_t i = 0; i < VC_NMODULES; i++) {
		enum vc_modstate st = fa->modules.mod[i].state;

		if (st == VC_MOD_ABSENT)
			continue;
		fprintf(f, "%s%s (%s)", any ? ", " : "", vc_modules[i].name, vc_modstate_name(st));
		any = true;
	}
	if (!any)
		fputs("no hypervisor modules", f);
	if (eval)
		fprintf(f, "; kvm.enable_virt_at_load=%s", eval);
	fputc('\n', f);
}

static void print_finding(FILE *f, const struct style *s, const struct vc_finding *fd, bool verbose)
{
	fprintf(f, "  %s%-7s%s %s\n", sev_color(s, fd->severity), vc_severity_name(fd->severity), s->reset,
		fd->message);
	for (size_t r = 0; r < fd->remedies.n; r++) {
		const struct vc_remedy *rm = &fd->remedies.v[r];

		fprintf(f, "          %sfix (%s%s):%s %s\n", s->bold, vc_remedy_kind_name(rm->kind),
			rm->reboot ? ", needs a reboot" : "", s->reset, rm->steps);
	}
	if (verbose) {
		print_lines(f, s, &fd->evidence, "          evidence: ");
		fprintf(f, "          %sid: %s%s\n", s->dim, fd->id, s->reset);
	}
}

void vc_render_text(FILE *f, const struct vc_ctx *ctx, const struct vc_render_opts *o)
{
	const struct style *s = o->color ? &ansi : &plain;
	const struct vc_owner *ow = &ctx->owner;
	const char *kernel = ctx->facts.kernel, *sysroot = ctx->facts.sysroot;
	enum vc_severity st = vc_report_status(ctx);

	/* the answer first */
	fprintf(f, "%s%s%s\n", s->bold, ow->headline ? ow->headline : "?", s->reset);
	fprintf(f, "  owner %s%s%s, confidence %s: %s\n", vc_hv_label(ow->hypervisor),
		ow->backend ? " via " : "", ow->backend ? ow->backend : "",
		vc_confidence_name(ow->confidence), ow->summary);
	if (o->verbose)
		print_lines(f, s, &ow->evidence, "    because: ");

	/* conflicts, then the other problems, then notes; each with its remedies */
	static const struct {
		const char *title;
		bool conflicts;
		enum vc_severity min;
	} sections[] = { { "Conflicts", true, VC_SEV_INFO },
			 { "Problems", false, VC_SEV_WARNING },
			 { "Notes", false, VC_SEV_INFO } };
	for (size_t k = 0; k < ARRAY_SIZE(sections); k++) {
		bool titled = false;

		for (enum vc_severity sev = VC_SEV_ERROR;; sev--) {
			for (size_t i = 0; i < ctx->findings.n; i++) {
				const struct vc_finding *fd = &ctx->findings.v[i];
				bool is_conflict = startswith(fd->id, "conflict.");

				if (fd->severity != sev || is_conflict != sections[k].conflicts ||
				    (k == 1 && sev < VC_SEV_WARNING) || (k == 2 && sev != VC_SEV_INFO))
					continue;
				if (!titled)
					fprintf(f, "\n%s:\n", sections[k].title);
				titled = true;
				print_finding(f, s, fd, o->verbose);
			}
			if (sev == VC_SEV_INFO)
				break;
		}
	}

	fprintf(f, "\nDetails%s%s%s:\n", sysroot ? " (replayed from " : "", sysroot ? sysroot : "",
		sysroot ? ")" : "");
	fprintf(f, "  kernel    %s\n", kernel ? kernel : "unknown");
	detail_cpu(f, &ctx->facts);
	detail_kvm(f, &ctx->facts);
	detail_modules(f, &ctx->facts);

	if (o->verbose) {
		fputs("\nEvidence:\n", f);
		for (size_t i = 0; i < ctx->trail.n; i++) {
			fprintf(f, "  %s%s%s\n", s->bold, ctx->trail.v[i].name, s->reset);
			print_lines(f, s, &ctx->trail.v[i].lines, "    ");
		}
	}
	fprintf(f, "\nStatus: %s%s%s\n", sev_color(s, st),
		st == VC_SEV_ERROR     ? "error"
		: st == VC_SEV_WARNING ? "warning"
				       : "ok",
		s->reset);
}
