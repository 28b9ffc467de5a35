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

static const char *owner_label(const char *id)
{
	static const struct {
		const char *id, *label;
	} labels[] = {
		{ "kvm", "KVM" },	{ "virtualbox", "VirtualBox" },
		{ "vmware", "VMware" }, { "hyperv", "Hyper-V" },
		{ "xen", "Xen" },	{ "none", "nobody" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
		if (streq_ptr(id, labels[i].id))
			return labels[i].label;
	return "unknown";
}

static void print_evidence(FILE *f, const struct style *s, const struct vc_val *arr, const char *indent)
{
	if (!arr || arr->type != VC_ARR)
		return;
	for (size_t i = 0; i < arr->c.n; i++)
		if (arr->c.items[i]->type == VC_STR)
			fprintf(f, "%s%s%s%s\n", indent, s->dim, arr->c.items[i]->s, s->reset);
}

static void detail_cpu(FILE *f, const struct vc_val *p)
{
	const char *sig = vc_get_str(p, "cpuid.hypervisor_signature");

	if (!vc_get_bool(p, "cpuid.available", false)) {
		fputs("  cpu       no CPUID data\n", f);
		return;
	}
	fprintf(f, "  cpu       %s \"%s\" family %lld model %lld; VT: %s", vc_get_str(p, "cpuid.vendor"),
		vc_get_str(p, "cpuid.brand"), (long long)vc_get_int(p, "cpuid.family", 0),
		(long long)vc_get_int(p, "cpuid.model", 0), vc_get_str(p, "cpuid.vt"));
	if (vc_get_bool(p, "cpuid.hypervisor_bit", false))
		fprintf(f, "; guest of %s (\"%s\")",
			vc_get_str(p, "cpuid.hypervisor") ? vc_get_str(p, "cpuid.hypervisor") : "?",
			sig ? sig : "");
	fputc('\n', f);
}

static void detail_kvm(FILE *f, const struct vc_val *p)
{
	const char *open = vc_get_str(p, "kvm.access.open");

	fputs("  /dev/kvm  ", f);
	if (vc_get(p, "kvm.device.present") && vc_get_bool(p, "kvm.device.present", false))
		fprintf(f, "%s %lld:%lld mode %s uid %lld group %s", vc_get_str(p, "kvm.device.type"),
			(long long)vc_get_int(p, "kvm.device.major", 0),
			(long long)vc_get_int(p, "kvm.device.minor", 0), vc_get_str(p, "kvm.device.mode"),
			(long long)vc_get_int(p, "kvm.device.uid", 0), vc_get_str(p, "kvm.device.group"));
	else
		fputs("absent", f);
	if (open)
		fprintf(f, "; open %s", open);
	if (vc_has(p, "kvm.api_version"))
		fprintf(f, "; API %lld", (long long)vc_get_int(p, "kvm.api_version", 0));
	if (vc_has(p, "kvm.create_vm"))
		fprintf(f, "; VM smoke test %s", vc_get_bool(p, "kvm.usable", false) ? "passed" : "failed");
	if (vc_get_str(p, "kvm.backend"))
		fprintf(f, "; backend %s", vc_get_str(p, "kvm.backend"));
	fputc('\n', f);
}

static void detail_modules(FILE *f, const struct vc_val *p)
{
	const struct vc_val *mods = vc_get(p, "modules.modules");
	const char *eval = vc_get_str(p, "modules.modules.kvm.parameters.enable_virt_at_load");
	bool any = false;

	fputs("  modules   ", f);
	for (size_t i = 0; mods && mods->type == VC_OBJ && i < mods->c.n; i++) {
		const char *st = vc_get_str(mods->c.items[i], "state");

		if (!st || !strcmp(st, "absent"))
			continue;
		fprintf(f, "%s%s (%s)", any ? ", " : "", mods->c.keys[i], st);
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
	for (size_t r = 0; r < fd->remedies->c.n; r++) {
		const struct vc_val *rm = fd->remedies->c.items[r];

		fprintf(f, "          %sfix (%s%s):%s %s\n", s->bold, vc_get_str(rm, "kind"),
			vc_get_bool(rm, "reboot", false) ? ", needs a reboot" : "", s->reset,
			vc_get_str(rm, "steps"));
	}
	if (fd->remedy)
		fprintf(f, "          %sfix:%s %s\n", s->bold, s->reset, fd->remedy);
	if (verbose) {
		print_evidence(f, s, fd->evidence, "          evidence: ");
		fprintf(f, "          %sid: %s%s\n", s->dim, fd->id, s->reset);
	}
}

void vc_render_text(FILE *f, const struct vc_ctx *ctx, const struct vc_render_opts *o)
{
	const struct style *s = o->color ? &ansi : &plain;
	const struct vc_val *p = ctx->probes;
	const char *backend = vc_get_str(ctx->owner, "backend");
	const char *kernel = vc_get_str(ctx->host_facts, "kernel");
	const char *sysroot = vc_get_str(ctx->host_facts, "sysroot");
	enum vc_severity st = vc_report_status(ctx);

	/* the answer first */
	fprintf(f, "%s%s%s\n", s->bold,
		vc_get_str(ctx->owner, "headline") ? vc_get_str(ctx->owner, "headline") : "?", s->reset);
	fprintf(f, "  owner %s%s%s, confidence %s: %s\n", owner_label(vc_get_str(ctx->owner, "hypervisor")),
		backend ? " via " : "", backend ? backend : "", vc_get_str(ctx->owner, "confidence"),
		vc_get_str(ctx->owner, "summary"));
	if (o->verbose)
		print_evidence(f, s, vc_get(ctx->owner, "evidence"), "    because: ");

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
			for (size_t i = 0; i < ctx->nfindings; i++) {
				const struct vc_finding *fd = &ctx->findings[i];
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
	detail_cpu(f, p);
	detail_kvm(f, p);
	detail_modules(f, p);

	if (o->verbose) {
		fputs("\nEvidence:\n", f);
		for (size_t i = 0; i < ctx->evidence->c.n; i++) {
			fprintf(f, "  %s%s%s\n", s->bold, ctx->evidence->c.keys[i], s->reset);
			print_evidence(f, s, ctx->evidence->c.items[i], "    ");
		}
	}
	fprintf(f, "\nStatus: %s%s%s\n", sev_color(s, st),
		st == VC_SEV_ERROR     ? "error"
		: st == VC_SEV_WARNING ? "warning"
				       : "ok",
		s->reset);
}
