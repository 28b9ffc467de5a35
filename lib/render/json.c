/* The report for programs: virtcheck.report/1 JSON, and metrics for node_exporter's textfile collector. */
#include <string.h>

#include "lib/base/sanitise.h"
#include "lib/render/render.h"

static const char *status_name(enum vc_severity st)
{
	return st == VC_SEV_ERROR ? "error" : st == VC_SEV_WARNING ? "warning" : "ok";
}

struct vc_val *vc_report_json(const struct vc_ctx *ctx, const char *version)
{
	struct vc_val *root = vc_obj(), *probes, *arr;

	vc_obj_set(root, "schema", vc_str("virtcheck.report/1"));
	vc_obj_set(root, "version", vc_str(version));
	vc_obj_set(root, "host", vc_facts_host_json(&ctx->facts));
	probes = vc_obj_set(root, "probes", vc_obj());
	for (unsigned p = 0; p < _VC_PROBE_MAX; p++)
		if (ctx->facts.ran & VC_P(p))
			vc_obj_set(probes, vc_probe_name(p), vc_facts_probe_json(&ctx->facts, p));
	vc_obj_set(root, "owner", ctx->have_verdict ? vc_owner_json(&ctx->owner) : vc_obj());
	arr = vc_obj_set(root, "conflicts", vc_arr());
	for (size_t i = 0; i < ctx->conflicts.n; i++)
		vc_arr_push(arr, vc_conflict_json(&ctx->conflicts.v[i]));
	arr = vc_obj_set(root, "findings", vc_arr());
	for (size_t i = 0; i < ctx->findings.n; i++)
		vc_arr_push(arr, vc_finding_json(&ctx->findings.v[i]));
	if (ctx->skipped.n) { /* a passive report: what it did not check */
		arr = vc_obj_set(root, "skipped", vc_arr());
		for (size_t i = 0; i < ctx->skipped.n; i++)
			vc_arr_push(arr, vc_skip_json(&ctx->skipped.v[i]));
	}
	vc_obj_set(root, "status", vc_str(status_name(vc_report_status(ctx))));
	return root;
}

void vc_render_json(FILE *f, const struct vc_ctx *ctx, const char *version)
{
	vc_json_write_doc(f, vc_report_json(ctx, version));
}

/*
 * A label value of the text exposition format: a backslash, a double quote and a newline are escaped
 * as \\, \" and \n (the format's only escapes), after vc_sane showed any other control, so a
 * value read back is the text any other format shows.
 */
static void prom_label(FILE *f, const char *raw)
{
	_cleanup_(freep) char *sane = vc_sane(raw ? raw : "", VC_SANE_KEEP_NL);

	for (const char *s = sane; *s; s++)
		switch (*s) {
		case '\\':
			fputs("\\\\", f);
			break;
		case '"':
			fputs("\\\"", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		default:
			fputc(*s, f);
		}
}

/* name{label="value",...} value, the values through prom_label; labels: name, value pairs. */
static void prom_sample(FILE *f, const char *name, const char *const *labels, size_t n, const char *value)
{
	fputs(name, f);
	for (size_t i = 0; i + 1 < n; i += 2) {
		fprintf(f, "%s%s=\"", i ? "," : "{", labels[i]);
		prom_label(f, labels[i + 1]);
		fputc('"', f);
	}
	fprintf(f, "%s %s\n", n ? "}" : "", value);
}

/* Prometheus text exposition for node_exporter's textfile collector. */
void vc_render_prometheus(FILE *f, const struct vc_ctx *ctx, const char *version)
{
	enum vc_severity st = vc_report_status(ctx);
	const struct vc_owner *o = &ctx->owner;
	size_t count[_VC_SEV_MAX] = { 0 };
	const struct {
		enum vc_hv hv;
		unsigned vms;
	} vms[] = {
		{ VC_HV_KVM, ctx->facts.processes.vms.kvm },
		{ VC_HV_VIRTUALBOX, ctx->facts.processes.vms.virtualbox },
		{ VC_HV_VMWARE, ctx->facts.processes.vms.vmware },
	};

	for (size_t i = 0; i < ctx->findings.n; i++)
		count[ctx->findings.v[i].severity]++;
	fputs("# HELP virtcheck_info virtcheck version that wrote these metrics.\n"
	      "# TYPE virtcheck_info gauge\n",
	      f);
	prom_sample(f, "virtcheck_info", (const char *const[]){ "version", version }, 2, "1");
	fputs("# HELP virtcheck_owner_info Who holds VT-x/AMD-V (1 for the current owner).\n"
	      "# TYPE virtcheck_owner_info gauge\n",
	      f);
	prom_sample(f, "virtcheck_owner_info",
		    (const char *const[]){ "hypervisor", vc_hv_name(o->hypervisor), "backend", o->backend,
					   "confidence", vc_confidence_name(o->confidence), "rule", o->rule },
		    8, "1");
	fputs("# HELP virtcheck_conflicts Hypervisor conflicts found (one hypervisor blocks another).\n"
	      "# TYPE virtcheck_conflicts gauge\n",
	      f);
	fprintf(f, "virtcheck_conflicts %zu\n", ctx->conflicts.n);
	fputs("# HELP virtcheck_kvm_usable 1 when /dev/kvm opened, created a VM and ran a guest; with "
	      "virtcheck_passive 1, when this user's permissions and KVM's capabilities say it is usable "
	      "(unverified).\n"
	      "# TYPE virtcheck_kvm_usable gauge\n",
	      f);
	fprintf(f, "virtcheck_kvm_usable %d\n",
		ctx->facts.kvm.usable == VC_TRI_TRUE ||
			(ctx->facts.kvm.passive && ctx->facts.kvm.usable_unverified));
	fputs("# HELP virtcheck_passive 1 when the report changed nothing (--passive): no VM was created.\n"
	      "# TYPE virtcheck_passive gauge\n",
	      f);
	fprintf(f, "virtcheck_passive %d\n", ctx->facts.passive);
	if (ctx->skipped.n)
		fputs("# HELP virtcheck_check_skipped A check the passive report did not make.\n"
		      "# TYPE virtcheck_check_skipped gauge\n",
		      f);
	for (size_t i = 0; i < ctx->skipped.n; i++)
		prom_sample(f, "virtcheck_check_skipped",
			    (const char *const[]){ "check", ctx->skipped.v[i].check }, 2, "1");
	fputs("# HELP virtcheck_findings Findings by severity.\n# TYPE virtcheck_findings gauge\n", f);
	for (enum vc_severity sev = VC_SEV_INFO; sev < _VC_SEV_MAX; sev++) {
		char n[32];

		snprintf(n, sizeof(n), "%zu", count[sev]);
		prom_sample(f, "virtcheck_findings",
			    (const char *const[]){ "severity", vc_severity_name(sev) }, 2, n);
	}
	fputs("# HELP virtcheck_vms Running VMs seen, by hypervisor.\n# TYPE virtcheck_vms gauge\n", f);
	for (size_t i = 0; i < ARRAY_SIZE(vms); i++) {
		char n[32];

		snprintf(n, sizeof(n), "%u", vms[i].vms);
		prom_sample(f, "virtcheck_vms", (const char *const[]){ "hypervisor", vc_hv_name(vms[i].hv) },
			    2, n);
	}
	fputs("# HELP virtcheck_status Report status: 0 ok, 1 warning, 2 error.\n"
	      "# TYPE virtcheck_status gauge\n",
	      f);
	fprintf(f, "virtcheck_status %d\n", st == VC_SEV_ERROR ? 2 : st == VC_SEV_WARNING ? 1 : 0);
}
