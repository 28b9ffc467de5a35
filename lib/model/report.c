/* The evidence model: a report context that probes fill with facts, findings and evidence. */
#include "lib/model/report.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

const char *vc_severity_name(enum vc_severity s)
{
	static const char *const names[] = { "info", "warning", "error" };

	return s < _VC_SEV_MAX ? names[s] : "error";
}

struct vc_ctx *vc_ctx_new(struct vc_host *h)
{
	struct vc_ctx *ctx = xcalloc(1, sizeof(*ctx));

	ctx->host = h;
	ctx->host_facts = vc_obj();
	ctx->probes = vc_obj();
	ctx->evidence = vc_obj();
	ctx->owner = vc_obj();
	ctx->conflicts = vc_arr();
	return ctx;
}

static void finding_clear(struct vc_finding *f)
{
	free(f->id);
	free(f->message);
	free(f->remedy);
	vc_val_free(f->remedies);
	vc_val_free(f->evidence);
}

void vc_ctx_free(struct vc_ctx *ctx)
{
	if (!ctx)
		return;
	for (size_t i = 0; i < ctx->nfindings; i++)
		finding_clear(&ctx->findings[i]);
	free(ctx->findings);
	vc_val_free(ctx->host_facts);
	vc_val_free(ctx->probes);
	vc_val_free(ctx->evidence);
	vc_val_free(ctx->owner);
	vc_val_free(ctx->conflicts);
	vc_facts_free(&ctx->facts);
	free(ctx);
}

struct vc_finding *vc_finding(struct vc_ctx *ctx, enum vc_severity sev, const char *id, const char *remedy,
			      const char *fmt, ...)
{
	struct vc_finding *f = NULL;
	va_list ap;

	for (size_t i = 0; i < ctx->nfindings; i++)
		if (strcmp(ctx->findings[i].id, id) == 0) {
			f = &ctx->findings[i];
			finding_clear(f);
			break;
		}
	if (!f) {
		if (ctx->nfindings == ctx->findings_cap) {
			ctx->findings_cap = ctx->findings_cap ? ctx->findings_cap * 2 : 16;
			ctx->findings = xrealloc(ctx->findings, ctx->findings_cap * sizeof(*ctx->findings));
		}
		f = &ctx->findings[ctx->nfindings++];
	}
	f->id = xstrdup(id);
	f->severity = sev;
	f->remedy = remedy ? xstrdup(remedy) : NULL;
	f->evidence = vc_arr();
	f->remedies = vc_arr();
	va_start(ap, fmt);
	f->message = xvasprintf(fmt, ap);
	va_end(ap);
	return f;
}

void vc_finding_evidence(struct vc_finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vc_arr_push(f->evidence, vc_vstrf(fmt, ap));
	va_end(ap);
}

void vc_finding_remedy(struct vc_finding *f, const char *kind, bool reboot, const char *fmt, ...)
{
	struct vc_val *o = vc_arr_push(f->remedies, vc_obj());
	va_list ap;

	vc_obj_set(o, "kind", vc_str(kind));
	vc_obj_set(o, "reboot", vc_bool(reboot));
	va_start(ap, fmt);
	vc_obj_set(o, "steps", vc_vstrf(fmt, ap));
	va_end(ap);
}

const struct vc_finding *vc_find(const struct vc_ctx *ctx, const char *id)
{
	for (size_t i = 0; i < ctx->nfindings; i++)
		if (strcmp(ctx->findings[i].id, id) == 0)
			return &ctx->findings[i];
	return NULL;
}

void vc_evidence(struct vc_ctx *ctx, const char *fmt, ...)
{
	const char *name = ctx->current ? ctx->current->name : "verdict";
	struct vc_val *arr = (struct vc_val *)vc_obj_get(ctx->evidence, name);
	va_list ap;

	if (!arr)
		arr = vc_obj_set(ctx->evidence, name, vc_arr());
	va_start(ap, fmt);
	vc_arr_push(arr, vc_vstrf(fmt, ap));
	va_end(ap);
}

static void unreadable(struct vc_ctx *ctx, const char *path, int r)
{
	char id[300];
	const char *why = r == -EFBIG	 ? "it is larger than any valid copy could be"
			  : r == -EINVAL ? "it is not a regular text file"
			  : r == -EXDEV	 ? "it points outside the sysroot"
					 : strerror(-r);
	const char *remedy = (r == -EACCES || r == -EPERM) && vc_host_is_live(ctx->host)
				     ? "Run virtcheck as root (sudo virtcheck) to read it."
				     : NULL;

	snprintf(id, sizeof(id), "input.unreadable:%s", path);
	vc_finding(ctx, r == -EACCES || r == -EPERM ? VC_SEV_INFO : VC_SEV_WARNING, id, remedy,
		   "Could not read %s: %s; conclusions that need it are weaker.", path, why);
}

int vc_ctx_read(struct vc_ctx *ctx, const char *path, size_t max, char **ret, size_t *ret_len)
{
	int r = vc_host_read(ctx->host, path, max, ret, ret_len);

	if (r < 0 && r != -ENOENT && r != -ENOTDIR)
		unreadable(ctx, path, r);
	return r;
}

int vc_ctx_read_value(struct vc_ctx *ctx, const char *path, char **ret)
{
	int r = vc_host_read_value(ctx->host, path, ret);

	if (r < 0 && r != -ENOENT && r != -ENOTDIR)
		unreadable(ctx, path, r);
	return r;
}

void vc_ctx_malformed(struct vc_ctx *ctx, const char *path, const char *what)
{
	char id[300];

	snprintf(id, sizeof(id), "input.malformed:%s", path);
	vc_finding(ctx, VC_SEV_WARNING, id, NULL, "%s is malformed (%s); it was ignored.", path, what);
}

const char *vc_module_state(const struct vc_val *probes, const char *mod)
{
	char path[96];

	snprintf(path, sizeof(path), "modules.modules.%s.state", mod);
	return vc_get_str(probes, path);
}

bool vc_module_loaded(const struct vc_val *probes, const char *mod)
{
	const char *st = vc_module_state(probes, mod);

	return streq_ptr(st, "live") || streq_ptr(st, "builtin") || streq_ptr(st, "coming");
}

size_t vc_running_vms(const struct vc_val *probes, const char *hv, struct vc_vm_proc *out, size_t max)
{
	const struct vc_val *procs = vc_get(probes, "processes.processes");
	size_t n = 0;

	for (size_t i = 0; procs && procs->type == VC_ARR && i < procs->c.n && n < max; i++) {
		const struct vc_val *o = procs->c.items[i];

		if (!streq_ptr(vc_get_str(o, "hypervisor"), hv) || vc_get_int(o, "vms", 0) <= 0)
			continue;
		out[n].pid = (long long)vc_get_int(o, "pid", 0);
		out[n].comm = vc_get_str(o, "comm") ? vc_get_str(o, "comm") : "?";
		n++;
	}
	return n;
}

enum vc_severity vc_report_status(const struct vc_ctx *ctx)
{
	enum vc_severity s = VC_SEV_INFO;

	for (size_t i = 0; i < ctx->nfindings; i++)
		if (ctx->findings[i].severity > s)
			s = ctx->findings[i].severity;
	return s;
}
