/* The report for programs: virtcheck.report/1 JSON, and metrics for node_exporter's textfile collector. */
#include <string.h>

#include "lib/render/render.h"

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
	fputs(",\n  \"conflicts\": ", f);
	vc_json_write(f, ctx->conflicts, 1);
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
		fputs(",\n      \"remedies\": ", f);
		vc_json_write(f, fd->remedies, 3);
		fputs(",\n      \"evidence\": ", f);
		vc_json_write(f, fd->evidence, 3);
		fputs("\n    }", f);
	}
	fputs(ctx->nfindings ? "\n  ],\n" : "],\n", f);
	fprintf(f, "  \"status\": \"%s\"\n}\n",
		st == VC_SEV_ERROR     ? "error"
		: st == VC_SEV_WARNING ? "warning"
				       : "ok");
}

/* Prometheus text exposition for node_exporter's textfile collector. */
void vc_render_prometheus(FILE *f, const struct vc_ctx *ctx, const char *version)
{
	enum vc_severity st = vc_report_status(ctx);
	const char *hv = vc_get_str(ctx->owner, "hypervisor"), *be = vc_get_str(ctx->owner, "backend");
	size_t count[_VC_SEV_MAX] = { 0 };
	static const char *const vm_kinds[] = { "kvm", "virtualbox", "vmware" };

	for (size_t i = 0; i < ctx->nfindings; i++)
		count[ctx->findings[i].severity]++;
	fputs("# HELP virtcheck_info virtcheck version that wrote these metrics.\n# TYPE virtcheck_info "
	      "gauge\n",
	      f);
	fprintf(f, "virtcheck_info{version=\"%s\"} 1\n", version);
	fputs("# HELP virtcheck_owner_info Who holds VT-x/AMD-V (1 for the current owner).\n# TYPE "
	      "virtcheck_owner_info gauge\n",
	      f);
	fprintf(f, "virtcheck_owner_info{hypervisor=\"%s\",backend=\"%s\",confidence=\"%s\",rule=\"%s\"} 1\n",
		hv ? hv : "unknown", be ? be : "", vc_get_str(ctx->owner, "confidence"),
		vc_get_str(ctx->owner, "rule") ? vc_get_str(ctx->owner, "rule") : "");
	fputs("# HELP virtcheck_conflicts Hypervisor conflicts found (one hypervisor blocks another).\n# "
	      "TYPE virtcheck_conflicts gauge\n",
	      f);
	fprintf(f, "virtcheck_conflicts %zu\n", ctx->conflicts->c.n);
	fputs("# HELP virtcheck_kvm_usable 1 when /dev/kvm opened, created a VM and ran a guest.\n# TYPE "
	      "virtcheck_kvm_usable gauge\n",
	      f);
	fprintf(f, "virtcheck_kvm_usable %d\n", vc_get_bool(ctx->probes, "kvm.usable", false));
	fputs("# HELP virtcheck_findings Findings by severity.\n# TYPE virtcheck_findings gauge\n", f);
	for (enum vc_severity sev = VC_SEV_INFO; sev < _VC_SEV_MAX; sev++)
		fprintf(f, "virtcheck_findings{severity=\"%s\"} %zu\n", vc_severity_name(sev), count[sev]);
	fputs("# HELP virtcheck_vms Running VMs seen, by hypervisor.\n# TYPE virtcheck_vms gauge\n", f);
	for (size_t i = 0; i < ARRAY_SIZE(vm_kinds); i++) {
		char path[64];

		snprintf(path, sizeof(path), "processes.vms.%s", vm_kinds[i]);
		fprintf(f, "virtcheck_vms{hypervisor=\"%s\"} %lld\n", vm_kinds[i],
			(long long)vc_get_int(ctx->probes, path, 0));
	}
	fputs("# HELP virtcheck_status Report status: 0 ok, 1 warning, 2 error.\n# TYPE virtcheck_status "
	      "gauge\n",
	      f);
	fprintf(f, "virtcheck_status %d\n", st == VC_SEV_ERROR ? 2 : st == VC_SEV_WARNING ? 1 : 0);
}
