/* explain's outputs (lib/render/explain.h). */
#include <string.h>

#include "lib/render/explain.h"
#include "lib/render/wrap.h"
#include "lib/base/sanitise.h"
#include "lib/verdict/triage.h"
#include "lib/verdict/knowledge.h"

/* The indexes of the host's findings an explanation of m shows, in the order it shows them: errors
 * first, within one severity the report's order (text and JSON alike: the first is the blocker).
 * *count of them; free the array. */
static size_t *related_findings(const struct vc_ctx *ctx, const struct vc_known_error *const *m, size_t n,
				size_t *count)
{
	size_t *v = xcalloc(ctx->findings.n + 1, sizeof(*v));

	*count = 0;
	for (int sev = _VC_SEV_MAX - 1; sev >= 0; sev--)
		for (size_t i = 0; i < ctx->findings.n; i++)
			if (ctx->findings.v[i].severity == (enum vc_severity)sev &&
			    vc_known_errors_relate(m, n, ctx->findings.v[i].id))
				v[(*count)++] = i;
	return v;
}

/* A row of the knowledge table that ends in error e. */
static bool row_ends_in(const struct vc_knowledge *kn, const struct vc_known_error *e)
{
	return streq_ptr(kn->error_intel, e->id) || streq_ptr(kn->error_amd, e->id);
}

/* Where explain puts a row that ends in the error, on the host it probed (ctx; NULL: none). */
enum row_place {
	ROW_SHOWN,	  /* listed */
	ROW_OTHER_HOST,	  /* about another environment or distribution: named as not this host */
	ROW_OTHER_SYSTEM, /* a Windows or macOS host's (explain --log): nothing about Linux, left out */
};

/* A row's environments as a reader names them ("ci|container": "a CI job or a container"). */
static void environment_words(struct buf *b, const char *env)
{
	static const struct {
		const char *id, *words;
	} names[] = {
		{ "ci", "a CI job" },
		{ "container", "a container" },
		{ "userns", "a user namespace" },
		{ "wsl2", "WSL2" },
		{ "hyperv", "a Hyper-V guest" },
		{ "kvm", "a KVM guest" },
		{ "xen", "a Xen guest" },
		{ "vmware", "a VMware guest" },
		{ "virtualbox", "a VirtualBox guest" },
		{ "tdx", "a TDX guest" },
		{ "sev-snp", "an SEV-SNP guest" },
		{ "sev", "an SEV guest" },
	};

	if (!env) {
		buf_printf(b, "another distribution");
		return;
	}
	for (const char *p = env; *p; p += strcspn(p, "|"), p += *p == '|') {
		size_t n = strcspn(p, "|"), i = 0;

		while (i < ARRAY_SIZE(names) && !(strlen(names[i].id) == n && !strncmp(names[i].id, p, n)))
			i++;
		buf_printf(b, "%s", p == env ? "" : " or ");
		if (i < ARRAY_SIZE(names))
			buf_printf(b, "%s", names[i].words);
		else
			buf_append(b, p, n);
	}
}

static enum row_place row_place(const struct vc_knowledge *kn, const struct vc_ctx *ctx)
{
	if (!ctx || vc_knowledge_fits_host(kn, &ctx->facts))
		return ROW_SHOWN;
	return kn->subject == VC_KN_OTHER_HOST ? ROW_OTHER_SYSTEM : ROW_OTHER_HOST;
}

/* Whether the table applies row kn on this host (vc_knowledge_applies). */
static bool row_applies(const struct vc_knowledge *kn, const struct vc_ctx *ctx)
{
	return ctx && vc_knowledge_applies(kn, &ctx->facts);
}

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
		/* the rows about a host like this one; those the table applies here; those about others */
		struct vc_val *kn = vc_obj_set(o, "knowledge", vc_arr());
		struct vc_val *here = ctx ? vc_obj_set(o, "knowledge_here", vc_arr()) : NULL;
		struct vc_val *other = ctx ? vc_obj_set(o, "knowledge_not_this_host", vc_arr()) : NULL;

		for (size_t k = 0; k < vc_nknowledge; k++) {
			const struct vc_knowledge *row = &vc_knowledge[k];

			if (!row_ends_in(row, m[i]))
				continue;
			switch (row_place(row, ctx)) {
			case ROW_SHOWN:
				vc_arr_push(kn, vc_str(row->id));
				if (row_applies(row, ctx))
					vc_arr_push(here, vc_str(row->id));
				break;
			case ROW_OTHER_HOST:
				vc_arr_push(other, vc_str(row->id));
				break;
			case ROW_OTHER_SYSTEM:
				break;
			}
		}
	}
	if (ctx) {
		struct vc_val *ow = vc_obj_set(root, "owner", vc_obj());

		vc_obj_set(ow, "headline", vc_str(ctx->owner.headline));
		vc_obj_set(ow, "hypervisor", vc_str(vc_hv_name(ctx->owner.hypervisor)));
		vc_obj_set(ow, "backend", vc_str(ctx->owner.backend));
		vc_obj_set(ow, "confidence", vc_str(vc_confidence_name(ctx->owner.confidence)));
		size_t nrel;
		_cleanup_(freep) size_t *rel = related_findings(ctx, m, n, &nrel);

		fs = vc_obj_set(root, "host_findings", vc_arr());
		for (size_t i = 0; i < nrel; i++)
			vc_arr_push(fs, vc_finding_json(&ctx->findings.v[rel[i]]));
	}
	vc_json_write_doc(f, root);
}

/* who prints a catalogued message, as the text names it */
static const char *source_name(const char *source)
{
	static const struct {
		const char *id, *name;
	} names[] = {
		{ "qemu", "QEMU/libvirt" },	{ "libvirt", "libvirt" },
		{ "vmware", "VMware" },		{ "emulator", "the Android emulator" },
		{ "genymotion", "Genymotion" }, { "firecracker", "Firecracker" },
		{ "modprobe", "modprobe" },	{ "virtualbox", "VirtualBox" },
		{ "kubevirt", "KubeVirt" },	{ "kvm-ok", "kvm-ok (cpu-checker)" },
		{ "wsl", "WSL (Windows)" },	{ "docker", "Docker (dockerd)" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(source, names[i].id))
			return names[i].name;
	return "the kernel";
}

void vc_render_explain_text(FILE *f, const struct vc_known_error *const *m, size_t n,
			    const struct vc_ctx *ctx, const struct vc_render_opts *o)
{
	const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";
	const char *sysroot = ctx ? vc_host_sysroot(ctx->host) : NULL;
	_cleanup_(freep) char *title = NULL;
	_cleanup_(freep) size_t *rel = NULL;
	size_t shown = 0;

	for (size_t i = 0; i < n; i++) {
		if (m[i]->vbox_code)
			fprintf(f, "%s%s (%d)%s, from VirtualBox\n", bold, m[i]->id, m[i]->vbox_code, reset);
		else
			fprintf(f, "%s%s%s, from %s\n", bold, m[i]->id, reset, source_name(m[i]->source));
		vc_wrap(f, o->width, "  ", 2, m[i]->meaning);
		/* the table's rows that end in this error: when, how sure, whether it applies here; those
		 * about another environment (a CI job, a cloud, WSL2...) only named */
		struct buf other = { 0 };

		for (size_t k = 0; k < vc_nknowledge; k++) {
			const struct vc_knowledge *kn = &vc_knowledge[k];

			if (!row_ends_in(kn, m[i]))
				continue;
			switch (row_place(kn, ctx)) {
			case ROW_SHOWN:
				vc_wrapf(f, o->width, "  - ", 4, "%s (%s; %s%s)", kn->says,
					 vc_kn_confidence_name(kn->confidence), kn->id,
					 row_applies(kn, ctx) ? "; this host" : "");
				break;
			case ROW_OTHER_HOST:
				buf_printf(&other, "%s%s (", other.len ? ", " : "", kn->id);
				environment_words(&other, kn->environment);
				buf_printf(&other, ")");
				break;
			case ROW_OTHER_SYSTEM:
				break;
			}
		}
		if (other.len)
			vc_wrapf(f, o->width, "  ", 2, "Not this host (another environment): %s.",
				 other.data);
		buf_free(&other);
		fputc('\n', f);
	}
	if (!ctx)
		return;
	title = sysroot ? xasprintf("On this host (%s):", sysroot) : xstrdup("On this host:");
	vc_wrap_line(f, o->width, "", 2, bold, reset, title);
	vc_wrap_line(f, o->width, "  ", 2, "", "", ctx->owner.headline);
	rel = related_findings(ctx, m, n, &shown);
	for (size_t i = 0; i < shown; i++)
		vc_render_finding(f, &ctx->findings.v[rel[i]], o);
	if (!shown)
		vc_wrap(f, o->width, "  ", 2,
			"Nothing on this host causes it now: the state that produced it has changed (a VM or "
			"module "
			"that held VT-x is gone), or the message came from another machine. Run `virtcheck` "
			"when it "
			"happens again, or capture the host then (`virtcheck capture DIR`).");
}

/* ---- explain --log ---- */

/* A string read from the logs (or built from them), escaped as everything shown from outside. */
static struct vc_val *vc_str_sane(const char *s)
{
	_cleanup_(freep) char *x = vc_sane(s ? s : "", 0);

	return vc_str(x);
}

static const char *input_name(const struct vc_triage *t, unsigned file)
{
	return file < t->inputs.n ? t->inputs.v[file] : "?";
}

static void remedy_json(struct vc_val *arr, const struct vc_remedy *rm)
{
	struct vc_val *ro = vc_arr_push(arr, vc_obj());

	vc_obj_set(ro, "kind", vc_str(vc_remedy_kind_name(rm->kind)));
	vc_obj_set(ro, "reboot", vc_bool(rm->reboot));
	vc_obj_set(ro, "steps", vc_str_sane(rm->steps));
}

struct vc_val *vc_triage_json(const struct vc_triage *t, const char *version)
{
	struct vc_val *root = vc_obj(), *arr;

	vc_obj_set(root, "schema", vc_str("virtcheck.triage/1"));
	vc_obj_set(root, "version", vc_str(version));
	arr = vc_obj_set(root, "inputs", vc_arr());
	for (size_t i = 0; i < t->inputs.n; i++)
		vc_arr_push(arr, vc_str_sane(t->inputs.v[i]));
	vc_obj_set(root, "recognised", vc_bool(vc_triage_recognised(t)));
	vc_obj_set(root, "cause", t->causes.n ? vc_str(vc_cause_name(t->causes.v[0].cause)) : vc_null());
	vc_obj_set(root, "confidence", t->decided ? vc_str(vc_confidence_name(t->confidence)) : vc_null());
	vc_obj_set(root, "headline", t->headline ? vc_str_sane(t->headline) : vc_null());
	arr = vc_obj_set(root, "causes", vc_arr());
	for (size_t i = 0; i < t->causes.n; i++) {
		const struct vc_triage_cause *c = &t->causes.v[i];
		struct vc_val *o = vc_arr_push(arr, vc_obj()), *rs;

		vc_obj_set(o, "id", vc_str(vc_cause_name(c->cause)));
		vc_obj_set(o, "explanation", vc_str_sane(c->explanation));
		vc_obj_set(o, "finding", c->finding ? vc_str(c->finding) : vc_null());
		vc_obj_set(o, "knowledge", c->knowledge ? vc_str(c->knowledge) : vc_null());
		rs = vc_obj_set(o, "remedies", vc_arr());
		for (size_t r = 0; r < c->remedies.n; r++)
			remedy_json(rs, &c->remedies.v[r]);
	}
	/* the first cause's remedies, for readers that want just those */
	arr = vc_obj_set(root, "remedies", vc_arr());
	for (size_t r = 0; t->causes.n && r < t->causes.v[0].remedies.n; r++)
		remedy_json(arr, &t->causes.v[0].remedies.v[r]);
	arr = vc_obj_set(root, "facts", vc_arr());
	for (size_t i = 0; i < t->facts.n; i++) {
		const struct vc_triage_fact *fa = &t->facts.v[i];
		struct vc_val *o = vc_arr_push(arr, vc_obj());

		vc_obj_set(o, "fact", vc_str(fa->key));
		vc_obj_set(o, "value", vc_str_sane(fa->value));
		vc_obj_set(o, "file", vc_str_sane(input_name(t, fa->file)));
		vc_obj_set(o, "line", vc_int(fa->line));
		vc_obj_set(o, "text", vc_str_sane(fa->text));
	}
	arr = vc_obj_set(root, "errors", vc_arr());
	for (size_t i = 0; i < t->errors.n; i++) {
		const struct vc_triage_error *e = &t->errors.v[i];
		struct vc_val *o = vc_arr_push(arr, vc_obj());

		vc_obj_set(o, "id", vc_str(e->e->id));
		vc_obj_set(o, "source", vc_str(e->e->source));
		vc_obj_set(o, "vbox_code", e->e->vbox_code ? vc_int(e->e->vbox_code) : vc_null());
		vc_obj_set(o, "meaning", vc_str(e->e->meaning));
		vc_obj_set(o, "file", vc_str_sane(input_name(t, e->file)));
		vc_obj_set(o, "line", vc_int(e->line));
		vc_obj_set(o, "text", vc_str_sane(e->text));
	}
	arr = vc_obj_set(root, "unknowns", vc_arr());
	for (size_t i = 0; i < t->unknowns.n; i++) {
		const struct vc_triage_unknown *u = &t->unknowns.v[i];
		struct vc_val *o = vc_arr_push(arr, vc_obj()), *bs;

		vc_obj_set(o, "fact", vc_str(u->fact));
		vc_obj_set(o, "missing", vc_str(u->missing));
		vc_obj_set(o, "assumed", u->branches.n ? vc_str(u->branches.v[0].assume) : vc_null());
		vc_obj_set(o, "changes_answer", vc_bool(u->changes_answer));
		bs = vc_obj_set(o, "if", vc_arr());
		for (size_t b = 0; b < u->branches.n; b++) {
			struct vc_val *bo = vc_arr_push(bs, vc_obj());

			vc_obj_set(bo, "assume", vc_str(u->branches.v[b].assume));
			vc_obj_set(bo, "cause", vc_str(vc_cause_name(u->branches.v[b].cause)));
			vc_obj_set(bo, "remedy",
				   u->branches.v[b].remedy ? vc_str_sane(u->branches.v[b].remedy)
							   : vc_null());
		}
	}
	return root;
}

void vc_render_triage_json(FILE *f, const struct vc_triage *t, const char *version)
{
	vc_json_write_doc(f, vc_triage_json(t, version));
}

void vc_render_triage_text(FILE *f, const struct vc_triage *t, const struct vc_render_opts *o)
{
	const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "";

	if (!t->causes.n)
		return;
	for (size_t i = 0; i < t->causes.n; i++) {
		const struct vc_triage_cause *c = &t->causes.v[i];
		_cleanup_(freep) char *title =
			xasprintf("%s: %s", i ? "Also" : "Cause", vc_cause_name(c->cause));
		_cleanup_(freep) char *why = vc_sane(c->explanation, 0);

		if (!i) {
			_cleanup_(freep) char *conf =
				xasprintf("%s (confidence: %s)", title, vc_confidence_name(t->confidence));

			vc_wrap_line(f, o->width, "", 2, bold, reset, conf);
		} else
			vc_wrap_line(f, o->width, "", 2, bold, reset, title);
		vc_wrap(f, o->width, "  ", 2, why);
		for (size_t r = 0; r < c->remedies.n; r++) {
			_cleanup_(freep) char *steps = vc_sane(c->remedies.v[r].steps, 0);
			_cleanup_(freep) char *line = xasprintf(
				"%s %s%s: %s", r ? "or" : "Fix", vc_remedy_kind_name(c->remedies.v[r].kind),
				c->remedies.v[r].reboot ? ", reboot" : "", steps);

			vc_wrap(f, o->width, "  ", 4, line);
		}
		fputc('\n', f);
	}
	if (t->unknowns.n) {
		vc_wrap_line(f, o->width, "", 2, bold, reset, "Not in this paste:");
		for (size_t i = 0; i < t->unknowns.n; i++) {
			const struct vc_triage_unknown *u = &t->unknowns.v[i];

			vc_wrap(f, o->width, "  ", 2, u->missing);
			if (!u->changes_answer) {
				vc_wrap(f, o->width, "    ", 4, "whatever it is: the same cause and remedy");
				continue;
			}
			for (size_t b = 0; b < u->branches.n; b++) {
				_cleanup_(freep) char *rem =
					u->branches.v[b].remedy ? vc_sane(u->branches.v[b].remedy, 0) : NULL;
				_cleanup_(freep) char *line = xasprintf(
					"%s %s: %s%s%s", b ? "if" : "if (assumed above)",
					u->branches.v[b].assume, vc_cause_name(u->branches.v[b].cause),
					rem ? " -- " : "", rem ? rem : "");

				vc_wrap(f, o->width, "    ", 4, line);
			}
		}
		fputc('\n', f);
	}
	vc_wrap_line(f, o->width, "", 2, bold, reset, "Read from the logs:");
	for (size_t i = 0; i < t->facts.n; i++) {
		const struct vc_triage_fact *fa = &t->facts.v[i];
		_cleanup_(freep) char *name = vc_sane(input_name(t, fa->file), 0);
		_cleanup_(freep) char *val = vc_sane(fa->value, 0);
		_cleanup_(freep) char *line = xasprintf("%s = %s (%s:%u)", fa->key, val, name, fa->line);

		vc_wrap(f, o->width, "  ", 4, line);
	}
	for (size_t i = 0; i < t->errors.n; i++) {
		const struct vc_triage_error *e = &t->errors.v[i];
		_cleanup_(freep) char *name = vc_sane(input_name(t, e->file), 0);
		_cleanup_(freep) char *line = xasprintf("error %s (%s:%u)", e->e->id, name, e->line);

		vc_wrap(f, o->width, "  ", 4, line);
	}
}
