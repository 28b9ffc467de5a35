/* Renderers: text for people and JSON for programs, both from the same report context. */
#include <string.h>

#include "report.h"

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
		{ "kvm", "KVM" },	 { "virtualbox", "VirtualBox" }, { "vmware", "VMware" },
		{ "hyperv", "Hyper-V" }, { "xen", "Xen" },		 { "none", "nobody" },
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
		fprintf(f, "; guest of %s (\"%s\")", vc_get_str(p, "cpuid.hypervisor") ? vc_get_str(p, "cpuid.hypervisor") : "?",
			sig ? sig : "");
	fputc('\n', f);
}

static void detail_kvm(FILE *f, const struct vc_val *p)
{
	const char *open = vc_get_str(p, "kvm.access.open");

	fputs("  /dev/kvm  ", f);
	if (vc_get(p, "kvm.device.present") && vc_get_bool(p, "kvm.device.present", false))
		fprintf(f, "%s %lld:%lld mode %s uid %lld group %s", vc_get_str(p, "kvm.device.type"),
			(long long)vc_get_int(p, "kvm.device.major", 0), (long long)vc_get_int(p, "kvm.device.minor", 0),
			vc_get_str(p, "kvm.device.mode"), (long long)vc_get_int(p, "kvm.device.uid", 0),
			vc_get_str(p, "kvm.device.group"));
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

void vc_render_text(FILE *f, const struct vc_ctx *ctx, const struct vc_render_opts *o)
{
	const struct style *s = o->color ? &ansi : &plain;
	const struct vc_val *p = ctx->probes;
	const char *backend = vc_get_str(ctx->owner, "backend");
	const char *kernel = vc_get_str(ctx->host_facts, "kernel");
	const char *sysroot = vc_get_str(ctx->host_facts, "sysroot");
	enum vc_severity st = vc_report_status(ctx);

	/* the answer first */
	fprintf(f, "%sVT-x/AMD-V owner: %s%s%s (confidence %s)%s\n", s->bold,
		owner_label(vc_get_str(ctx->owner, "hypervisor")), backend ? " via " : "", backend ? backend : "",
		vc_get_str(ctx->owner, "confidence"), s->reset);
	fprintf(f, "  %s\n", vc_get_str(ctx->owner, "summary"));
	if (o->verbose)
		print_evidence(f, s, vc_get(ctx->owner, "evidence"), "    because: ");

	if (ctx->nfindings)
		fputs("\nFindings:\n", f);
	for (enum vc_severity sev = VC_SEV_ERROR;; sev--) {
		for (size_t i = 0; i < ctx->nfindings; i++) {
			const struct vc_finding *fd = &ctx->findings[i];

			if (fd->severity != sev)
				continue;
			fprintf(f, "  %s%-7s%s %s\n", sev_color(s, sev), vc_severity_name(sev), s->reset, fd->message);
			if (fd->remedy)
				fprintf(f, "          %sfix:%s %s\n", s->bold, s->reset, fd->remedy);
			if (o->verbose)
				print_evidence(f, s, fd->evidence, "          evidence: ");
			if (o->verbose)
				fprintf(f, "          %sid: %s%s\n", s->dim, fd->id, s->reset);
		}
		if (sev == VC_SEV_INFO)
			break;
	}

	fprintf(f, "\nDetails%s%s%s:\n", sysroot ? " (replayed from " : "", sysroot ? sysroot : "", sysroot ? ")" : "");
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
		st == VC_SEV_ERROR ? "error" : st == VC_SEV_WARNING ? "warning" : "ok", s->reset);
}

void vc_render_json(FILE *f, const struct vc_ctx *ctx, const char *version)
{
	enum vc_severity st = vc_report_status(ctx);

	fputs("{\n  \"schema\": \"virtcheck.report/1\",\n  \"version\": ", f);
	vc_json_string(f, version);
	fputs(",\n  \"host\": ", f);
	vc_json_write(f, ctx->host_facts, 1);
	fputs(",\n  \"probes\": ", f);
	vc_json_write(f, ctx->probes, 1);
	fputs(",\n  \"owner\": ", f);
	vc_json_write(f, ctx->owner, 1);
	fputs(",\n  \"findings\": [", f);
	for (size_t i = 0; i < ctx->nfindings; i++) {
		const struct vc_finding *fd = &ctx->findings[i];

		fputs(i ? ",\n    {\n      \"id\": " : "\n    {\n      \"id\": ", f);
		vc_json_string(f, fd->id);
		fputs(",\n      \"severity\": ", f);
		vc_json_string(f, vc_severity_name(fd->severity));
		fputs(",\n      \"message\": ", f);
		vc_json_string(f, fd->message);
		fputs(",\n      \"remedy\": ", f);
		if (fd->remedy)
			vc_json_string(f, fd->remedy);
		else
			fputs("null", f);
		fputs(",\n      \"evidence\": ", f);
		vc_json_write(f, fd->evidence, 3);
		fputs("\n    }", f);
	}
	fputs(ctx->nfindings ? "\n  ],\n" : "],\n", f);
	fprintf(f, "  \"status\": \"%s\"\n}\n",
		st == VC_SEV_ERROR ? "error" : st == VC_SEV_WARNING ? "warning" : "ok");
}
