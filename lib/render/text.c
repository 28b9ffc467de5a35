/* The report as text for people: the answer first, then conflicts, problems, notes and details. */
#include <string.h>

#include "lib/base/sanitise.h"
#include "lib/render/render.h"
#include "lib/render/wrap.h"

struct style {
	const char *bold, *red, *yellow, *cyan, *dim, *reset;
};

static const struct style plain = { "", "", "", "", "", "" };
static const struct style ansi = { "\033[1m", "\033[31m", "\033[33m", "\033[36m", "\033[2m", "\033[0m" };

static const char *sev_color(const struct style *s, enum vc_severity sev)
{
	return sev == VC_SEV_ERROR ? s->red : sev == VC_SEV_WARNING ? s->yellow : s->cyan;
}

/* Each line after lead (its continuation lines at indent), dimmed. */
static void print_lines(FILE *f, const struct style *s, unsigned width, const struct vc_strv *v,
			const char *lead, unsigned indent)
{
	for (size_t i = 0; i < v->n; i++)
		vc_wrap_line(f, width, lead, indent, s->dim, s->reset, v->v[i]);
}

static void detail_cpu(struct buf *b, const struct vc_facts *fa)
{
	const struct vc_cpuid_facts *c = &fa->cpuid;

	if (!c->available) {
		buf_printf(b, "no CPUID data");
		return;
	}
	buf_printf(b, "%s \"%s\" family %u model %u; VT: %s", c->vendor, c->brand, c->family, c->model,
		   vc_vt_name(c->vt));
	if (!c->hypervisor_bit)
		return;
	/* no signature (a Xen PV domain reads the host's CPUID): the environment names it */
	if (c->hv_leaf && c->hypervisor_signature[0])
		buf_printf(b, "; guest of %s (\"%s\")", c->hypervisor ? c->hypervisor : "?",
			   c->hypervisor_signature);
	else
		buf_printf(b, "; guest of %s (no CPUID signature)",
			   fa->environment.product ? fa->environment.product : "?");
}

static void detail_kvm(struct buf *b, const struct vc_facts *fa)
{
	const struct vc_kvm_facts *k = &fa->kvm;
	const struct vc_devnode *d = &k->device.node;

	if (k->device.present == VC_TRI_TRUE)
		buf_printf(b, "%c %u:%u mode %04o uid %u group %s", d->type, d->major, d->minor, d->mode,
			   d->uid, d->group);
	else
		buf_printf(b, "absent");
	if (k->access.open)
		buf_printf(b, "; open %s", k->access.open);
	if (k->access.open_read_only)
		buf_printf(b, "; open read-only %s", k->access.open_read_only);
	if (k->api_version.set)
		buf_printf(b, "; API %lld", (long long)k->api_version.v);
	if (k->captured && k->create_vm != VC_NOT_TRIED)
		buf_printf(b, "; VM smoke test %s", k->usable == VC_TRI_TRUE ? "passed" : "failed");
	if (k->vm_test)
		buf_printf(b,
			   "; VM smoke test %s (--passive): %s by permissions and capabilities, unverified",
			   k->vm_test, k->usable_unverified ? "usable" : "not usable");
	if (k->backend)
		buf_printf(b, "; backend %s", k->backend);
}

static void detail_modules(struct buf *b, const struct vc_facts *fa)
{
	const char *eval = vc_facts_param(fa, "kvm", "enable_virt_at_load");
	bool any = false;

	for (size_t i = 0; i < VC_NMODULES; i++) {
		enum vc_modstate st = fa->modules.mod[i].state;

		if (st == VC_MOD_ABSENT)
			continue;
		buf_printf(b, "%s%s (%s)", any ? ", " : "", vc_modules[i].name, vc_modstate_name(st));
		any = true;
	}
	if (!any)
		buf_printf(b, "no hypervisor modules");
	if (eval)
		buf_printf(b, "; kvm.enable_virt_at_load=%s", eval);
}

void vc_render_finding(FILE *f, const struct vc_finding *fd, const struct vc_render_opts *o)
{
	const struct style *s = o->color ? &ansi : &plain;
	char lead[64];

	snprintf(lead, sizeof(lead), "  %s%-7s%s ", sev_color(s, fd->severity),
		 vc_severity_name(fd->severity), s->reset);
	vc_wrap(f, o->width, lead, 10, fd->message);
	for (size_t r = 0; r < fd->remedies.n; r++) {
		const struct vc_remedy *rm = &fd->remedies.v[r];

		snprintf(lead, sizeof(lead), "          %sfix (%s%s):%s ", s->bold,
			 vc_remedy_kind_name(rm->kind), rm->reboot ? ", needs a reboot" : "", s->reset);
		vc_wrap(f, o->width, lead, 12, rm->steps);
	}
	if (o->verbose) {
		print_lines(f, s, o->width, &fd->evidence, "          evidence: ", 20);
		fprintf(f, "          %sid: ", s->dim);
		vc_fputs_sane(fd->id, 0, f);
		fprintf(f, "%s\n", s->reset);
	}
}

/* A line of the details: label, then what it says. */
static void detail(FILE *f, unsigned width, const char *label,
		   void (*fn)(struct buf *, const struct vc_facts *), const struct vc_facts *fa)
{
	struct buf b = { 0 };
	char lead[16];

	fn(&b, fa);
	snprintf(lead, sizeof(lead), "  %-9s ", label);
	vc_wrap(f, width, lead, 12, b.data);
	buf_free(&b);
}

void vc_render_text(FILE *f, const struct vc_ctx *ctx, const struct vc_render_opts *o)
{
	const struct style *s = o->color ? &ansi : &plain;
	const struct vc_owner *ow = &ctx->owner;
	const char *kernel = ctx->facts.kernel, *sysroot = ctx->facts.sysroot;
	enum vc_severity st = vc_report_status(ctx);

	/* the answer first */
	vc_wrap_line(f, o->width, "", 2, s->bold, s->reset, ow->headline ? ow->headline : "?");
	/* KVM's module in use by processes not looked at: a KVM VM holds VT, or nothing does */
	vc_wrapf(f, o->width, "  owner ", 8, "%s%s%s, confidence %s: %s",
		 streq_ptr(ow->rule, "kvm_in_use_unseen") ? "KVM or nobody" : vc_hv_label(ow->hypervisor),
		 ow->backend ? " via " : "", ow->backend ? ow->backend : "",
		 vc_confidence_name(ow->confidence), ow->summary);
	if (o->verbose)
		print_lines(f, s, o->width, &ow->evidence, "    because: ", 13);

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
				vc_render_finding(f, fd, o);
			}
			if (sev == VC_SEV_INFO)
				break;
		}
	}

	/* a passive report says what it did not check */
	for (size_t i = 0; i < ctx->skipped.n; i++) {
		if (!i)
			fputs("\nSkipped (--passive: each would change the machine):\n", f);
		vc_wrapf(f, o->width, "  ", 4, "%s: %s", ctx->skipped.v[i].check, ctx->skipped.v[i].message);
	}

	fputc('\n', f);
	vc_wrapf(f, o->width, "", 2, "Details%s%s%s:", sysroot ? " (replayed from " : "",
		 sysroot ? sysroot : "", sysroot ? ")" : "");
	vc_wrap_line(f, o->width, "  kernel    ", 12, "", "", kernel ? kernel : "unknown");
	detail(f, o->width, "cpu", detail_cpu, &ctx->facts);
	detail(f, o->width, "/dev/kvm", detail_kvm, &ctx->facts);
	detail(f, o->width, "modules", detail_modules, &ctx->facts);

	if (o->verbose) {
		fputs("\nEvidence:\n", f);
		for (size_t i = 0; i < ctx->trail.n; i++) {
			fprintf(f, "  %s%s%s\n", s->bold, ctx->trail.v[i].name, s->reset);
			print_lines(f, s, o->width, &ctx->trail.v[i].lines, "    ", 6);
		}
	}
	fprintf(f, "\nStatus: %s%s%s\n", sev_color(s, st),
		st == VC_SEV_ERROR     ? "error"
		: st == VC_SEV_WARNING ? "warning"
				       : "ok",
		s->reset);
}
