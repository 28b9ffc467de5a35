/* The report model: findings with their remedies and evidence, the evidence trail, file reads that
 * report what they could not read. */
#include "lib/model/report.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

static const char *const severity_names[_VC_SEV_MAX] = { "info", "warning", "error" };
static const char *const remedy_kind_names[_VC_REMEDY_MAX] = { "temporary", "persistent" };

const char *vc_severity_name(enum vc_severity s)
{
	return (unsigned)s < _VC_SEV_MAX ? severity_names[s] : "error";
}

const char *vc_remedy_kind_name(enum vc_remedy_kind k)
{
	return (unsigned)k < _VC_REMEDY_MAX ? remedy_kind_names[k] : "temporary";
}

/* ---- as JSON ---- */

/* "modules": what the steps do to kernel modules, only where they do something */
static void write_modules(struct vc_val *o, const void *p)
{
	const struct vc_remedy *r = p;
	const struct vc_strv *lists[] = { &r->unload, &r->load, &r->set };
	static const char *const keys[] = { "unload", "load", "set" };
	struct vc_val *m;

	if (!r->unload.n && !r->load.n && !r->set.n)
		return;
	m = vc_obj_set(o, "modules", vc_obj());
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
		struct vc_val *a = vc_obj_set(m, keys[i], vc_arr());

		for (size_t j = 0; j < lists[i]->n; j++)
			vc_arr_push(a, vc_str(lists[i]->v[j]));
	}
}

#define T struct vc_remedy
static const struct vc_field remedy_fields_[] = {
	VC_F(T, "kind", VC_F_ENUM, kind, .names = remedy_kind_names),
	VC_F(T, "reboot", VC_F_BOOL, reboot),
	VC_F(T, "steps", VC_F_STR, steps),
	VC_FN(write_modules),
};
#undef T
static VC_FIELDS(remedy_fields, remedy_fields_);

/* "remedy": a copy of the first remedy's steps, for readers of 0.2.0 (null: nothing to do). */
static void write_remedy(struct vc_val *o, const void *p)
{
	const struct vc_finding *f = p;

	vc_obj_set(o, "remedy", f->remedies.n ? vc_str(f->remedies.v[0].steps) : vc_null());
}

#define T struct vc_finding
static const struct vc_field finding_fields_[] = {
	VC_F(T, "id", VC_F_STR, id),
	VC_F(T, "severity", VC_F_ENUM, severity, .names = severity_names),
	VC_F(T, "message", VC_F_STR, message),
	VC_FN(write_remedy),
	VC_F(T, "remedies", VC_F_ARR, remedies, .sub = &remedy_fields, .size = sizeof(struct vc_remedy)),
	VC_F(T, "evidence", VC_F_STRV, evidence),
};
#undef T
static VC_FIELDS(finding_fields, finding_fields_);

#define T struct vc_owner
static const struct vc_field owner_fields_[] = {
	VC_F(T, "hypervisor", VC_F_ENUM, hypervisor, .names = vc_hv_names),
	VC_F(T, "backend", VC_F_CSTR, backend),
	VC_F(T, "confidence", VC_F_ENUM, confidence, .names = vc_confidence_names),
	VC_F(T, "rule", VC_F_CSTR, rule),
	VC_F(T, "headline", VC_F_STR, headline),
	VC_F(T, "summary", VC_F_CSTR, summary),
	VC_F(T, "evidence", VC_F_STRV, evidence),
};
#undef T
static VC_FIELDS(owner_fields, owner_fields_);

#define T struct vc_conflict
static const struct vc_field conflict_fields_[] = {
	VC_F(T, "id", VC_F_ENUM, id, .names = vc_fid_names),
	VC_F(T, "holder", VC_F_ENUM, holder, .names = vc_hv_names),
	VC_F(T, "blocked", VC_F_ENUM, blocked, .names = vc_hv_names),
	VC_F(T, "error", VC_F_CSTR, error),
	VC_F(T, "severity", VC_F_ENUM, severity, .names = severity_names),
};
#undef T
static VC_FIELDS(conflict_fields, conflict_fields_);

#define T struct vc_skip
static const struct vc_field skip_fields_[] = {
	VC_F(T, "check", VC_F_STR, check),
	VC_F(T, "message", VC_F_STR, message),
};
#undef T
static VC_FIELDS(skip_fields, skip_fields_);

struct vc_val *vc_skip_json(const struct vc_skip *s)
{
	return vc_fields_json(&skip_fields, s);
}

struct vc_val *vc_finding_json(const struct vc_finding *f)
{
	return vc_fields_json(&finding_fields, f);
}

struct vc_val *vc_owner_json(const struct vc_owner *o)
{
	return vc_fields_json(&owner_fields, o);
}

struct vc_val *vc_conflict_json(const struct vc_conflict *c)
{
	return vc_fields_json(&conflict_fields, c);
}

struct vc_ctx *vc_ctx_new(struct vc_host *h)
{
	struct vc_ctx *ctx = xcalloc(1, sizeof(*ctx));

	ctx->host = h;
	return ctx;
}

static void finding_clear(struct vc_finding *f)
{
	free(f->id);
	free(f->message);
	for (size_t i = 0; i < f->remedies.n; i++) {
		free(f->remedies.v[i].steps);
		vc_strv_clear(&f->remedies.v[i].unload);
		vc_strv_clear(&f->remedies.v[i].load);
		vc_strv_clear(&f->remedies.v[i].set);
	}
	free(f->remedies.v);
	vc_strv_clear(&f->evidence);
	memset(f, 0, sizeof(*f));
}

void vc_ctx_free(struct vc_ctx *ctx)
{
	if (!ctx)
		return;
	for (size_t i = 0; i < ctx->findings.n; i++)
		finding_clear(&ctx->findings.v[i]);
	free(ctx->findings.v);
	free(ctx->conflicts.v);
	for (size_t i = 0; i < ctx->trail.n; i++)
		vc_strv_clear(&ctx->trail.v[i].lines);
	free(ctx->trail.v);
	for (size_t i = 0; i < ctx->skipped.n; i++)
		vc_fields_free(&skip_fields, &ctx->skipped.v[i], sizeof(ctx->skipped.v[i]));
	free(ctx->skipped.v);
	free(ctx->owner.headline);
	vc_strv_clear(&ctx->owner.evidence);
	vc_facts_free(&ctx->facts);
	free(ctx);
}

static struct vc_finding *add(struct vc_ctx *ctx, enum vc_severity sev, enum vc_fid fid, char *id,
			      const char *fmt, va_list ap)
{
	struct vc_finding *f = NULL;

	for (size_t i = 0; i < ctx->findings.n && !f; i++)
		if (strcmp(ctx->findings.v[i].id, id) == 0) {
			f = &ctx->findings.v[i];
			finding_clear(f);
		}
	if (!f)
		f = VC_PUSH(ctx->findings);
	f->fid = fid;
	f->id = id;
	f->severity = sev;
	f->message = xvasprintf(fmt, ap);
	return f;
}

struct vc_finding *vc_finding(struct vc_ctx *ctx, enum vc_severity sev, enum vc_fid fid, const char *fmt, ...)
{
	struct vc_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = add(ctx, sev, fid, xstrdup(vc_fid_name(fid)), fmt, ap);
	va_end(ap);
	return f;
}

struct vc_finding *vc_finding_about(struct vc_ctx *ctx, enum vc_severity sev, enum vc_fid fid, char sep,
				    const char *about, const char *fmt, ...)
{
	struct vc_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = add(ctx, sev, fid, xasprintf("%s%c%s", vc_fid_name(fid), sep, about), fmt, ap);
	va_end(ap);
	return f;
}

void vc_finding_evidence(struct vc_finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vc_strv_vpushf(&f->evidence, fmt, ap);
	va_end(ap);
}

void vc_finding_remedy(struct vc_finding *f, enum vc_remedy_kind kind, bool reboot, const char *fmt, ...)
{
	struct vc_remedy *r = VC_PUSH(f->remedies);
	va_list ap;

	r->kind = kind;
	r->reboot = reboot;
	va_start(ap, fmt);
	r->steps = xvasprintf(fmt, ap);
	va_end(ap);
}

static void words(struct vc_strv *v, const char *s)
{
	for (const char *w = s ? s + strspn(s, " ") : NULL; w && *w; w += strspn(w, " ")) {
		size_t n = strcspn(w, " ");
		_cleanup_(freep) char *word = xstrndup(w, n);

		vc_strv_push(v, word);
		w += n;
	}
}

void vc_remedy_modules(struct vc_finding *f, const char *unload, const char *load, const char *set)
{
	struct vc_remedy *r = f && f->remedies.n ? &f->remedies.v[f->remedies.n - 1] : NULL;

	if (!r)
		return;
	words(&r->unload, unload);
	words(&r->load, load);
	words(&r->set, set);
}

bool vc_finding_has_persistent(const struct vc_finding *f)
{
	for (size_t i = 0; i < f->remedies.n; i++)
		if (f->remedies.v[i].kind == VC_REMEDY_PERSISTENT)
			return true;
	return false;
}

struct vc_finding *vc_find_mut(struct vc_ctx *ctx, enum vc_fid fid)
{
	for (size_t i = 0; i < ctx->findings.n; i++)
		if (ctx->findings.v[i].fid == fid)
			return &ctx->findings.v[i];
	return NULL;
}

void vc_finding_drop(struct vc_ctx *ctx, enum vc_fid fid)
{
	for (size_t i = 0; i < ctx->findings.n; i++)
		if (ctx->findings.v[i].fid == fid) {
			finding_clear(&ctx->findings.v[i]);
			memmove(&ctx->findings.v[i], &ctx->findings.v[i + 1],
				(ctx->findings.n - i - 1) * sizeof(ctx->findings.v[0]));
			ctx->findings.n--;
			return;
		}
}

const struct vc_finding *vc_find(const struct vc_ctx *ctx, enum vc_fid fid)
{
	return vc_find_mut((struct vc_ctx *)ctx, fid); /* as strchr: the caller's constness */
}

void vc_skipped(struct vc_ctx *ctx, const char *check, const char *fmt, ...)
{
	struct vc_skip *s = VC_PUSH(ctx->skipped);
	va_list ap;

	s->check = xasprintf("%s.%s", ctx->current ? ctx->current->name : "verdict", check);
	va_start(ap, fmt);
	s->message = xvasprintf(fmt, ap);
	va_end(ap);
}

void vc_evidence(struct vc_ctx *ctx, const char *fmt, ...)
{
	const char *name = ctx->current ? ctx->current->name : "verdict";
	struct vc_trail *t = NULL;
	va_list ap;

	for (size_t i = 0; i < ctx->trail.n && !t; i++)
		if (strcmp(ctx->trail.v[i].name, name) == 0)
			t = &ctx->trail.v[i];
	if (!t) {
		t = VC_PUSH(ctx->trail);
		t->name = name;
	}
	va_start(ap, fmt);
	vc_strv_vpushf(&t->lines, fmt, ap);
	va_end(ap);
}

static struct vc_trail *current_trail(struct vc_ctx *ctx, size_t *ret_at)
{
	const char *name = ctx->current ? ctx->current->name : "verdict";

	for (*ret_at = 0; *ret_at < ctx->trail.n; (*ret_at)++)
		if (strcmp(ctx->trail.v[*ret_at].name, name) == 0)
			return &ctx->trail.v[*ret_at];
	return NULL;
}

static struct vc_spot spot_now(struct vc_ctx *ctx)
{
	struct vc_spot s = { .findings = ctx->findings.n };
	struct vc_trail *t = current_trail(ctx, &s.trail);

	s.lines = t ? t->lines.n : 0;
	return s;
}

void vc_late_here(struct vc_ctx *ctx)
{
	if (!ctx->current)
		return;
	ctx->late_wanted |= VC_P(ctx->current->id);
	ctx->late_at[ctx->current->id] = spot_now(ctx);
}

/* Moves the n elements of size `size` at `from` (the last of the array) to `to`, keeping the
 * order of both runs. */
static void move_back(void *base, size_t size, size_t to, size_t from, size_t n)
{
	char *b = base;
	_cleanup_(freep) char *tmp = NULL;

	if (!n || to >= from)
		return;
	tmp = xmalloc(n * size);
	memcpy(tmp, b + from * size, n * size);
	memmove(b + (to + n) * size, b + to * size, (from - to) * size);
	memcpy(b + to * size, tmp, n * size);
}

void vc_late_run(struct vc_ctx *ctx)
{
	const struct vc_probe *p = ctx->current;
	struct vc_spot at, since;
	struct vc_trail *t;
	size_t ti;

	if (!p || !p->late || !(ctx->late_wanted & VC_P(p->id)))
		return;
	ctx->late_wanted &= ~VC_P(p->id);
	at = ctx->late_at[p->id];
	since = spot_now(ctx);
	p->late(ctx);
	move_back(ctx->findings.v, sizeof(ctx->findings.v[0]), at.findings, since.findings,
		  ctx->findings.n - since.findings);
	t = current_trail(ctx, &ti);
	if (!t)
		return;
	/* a trail the late step began goes where the trail would have begun */
	if (ti == ctx->trail.n - 1 && since.trail == ti) {
		move_back(ctx->trail.v, sizeof(ctx->trail.v[0]), at.trail, ti, 1);
		t = &ctx->trail.v[at.trail];
	}
	move_back(t->lines.v, sizeof(t->lines.v[0]), at.lines, since.lines, t->lines.n - since.lines);
}

static void unreadable(struct vc_ctx *ctx, const char *path, int r)
{
	const char *why = r == -EFBIG	 ? "it is larger than any valid copy could be"
			  : r == -EINVAL ? "it is not a regular text file"
			  : r == -EXDEV	 ? "it points outside the sysroot"
					 : strerror(-r);
	bool denied = r == -EACCES || r == -EPERM;
	struct vc_finding *f = vc_finding_about(
		ctx, denied ? VC_SEV_INFO : VC_SEV_WARNING, VC_FID_INPUT_UNREADABLE, ':', path,
		"Could not read %s: %s; conclusions that need it are weaker.", path, why);

	if (denied && vc_host_is_live(ctx->host))
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
				  "Run virtcheck as root (sudo virtcheck) to read it.");
}

int vc_ctx_read(struct vc_ctx *ctx, const char *path, size_t max, char **ret, size_t *ret_len)
{
	return vc_ctx_read_flags(ctx, path, max, 0, ret, ret_len);
}

int vc_ctx_read_flags(struct vc_ctx *ctx, const char *path, size_t max, unsigned flags, char **ret,
		      size_t *ret_len)
{
	int r = vc_host_read_flags(ctx->host, path, max, flags, ret, ret_len);

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
	vc_finding_about(ctx, VC_SEV_WARNING, VC_FID_INPUT_MALFORMED, ':', path,
			 "%s is malformed (%s); it was ignored.", path, what);
}

enum vc_severity vc_report_status(const struct vc_ctx *ctx)
{
	enum vc_severity s = VC_SEV_INFO;

	for (size_t i = 0; i < ctx->findings.n; i++)
		if (ctx->findings.v[i].severity > s)
			s = ctx->findings.v[i].severity;
	return s;
}
