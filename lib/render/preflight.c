/* preflight's outputs: text for people; JSON, JUnit XML, TAP 13 and GitHub workflow commands for CI. */
#include <string.h>

#include "lib/base/sanitise.h"
#include "lib/render/preflight.h"
#include "lib/render/wrap.h"

/* Text for XML 1.0: controls but the newline escaped visibly and invalid UTF-8 as its bytes (by
 * vc_sane, as in every text format), then the markup characters. */
static void xml_escape(FILE *f, const char *raw)
{
	_cleanup_(freep) char *sane = vc_sane(raw, VC_SANE_KEEP_NL);

	for (const char *s = sane; s && *s; s++)
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
}

/* GitHub workflow command data: controls shown escaped (vc_sane), then %, CR and LF escaped. */
static void gh_escape(FILE *f, const char *raw, bool property)
{
	_cleanup_(freep) char *sane = vc_sane(raw, VC_SANE_KEEP_NL);

	for (const char *s = sane; s && *s; s++)
		switch (*s) {
		case '%':
			fputs("%25", f);
			break;
		case '\r':
			fputs("%0D", f);
			break;
		case '\n':
			fputs("%0A", f);
			break;
		case ':':
			property ? fputs("%3A", f) : fputc(':', f);
			break;
		case ',':
			property ? fputs("%2C", f) : fputc(',', f);
			break;
		default:
			fputc(*s, f);
		}
}

static void out_text(FILE *f, const struct vc_outcome *o, size_t n, size_t unmet,
		     const struct vc_pf_render *ro)
{
	const bool color = ro->color;
	const char *red = color ? "\033[31m" : "", *green = color ? "\033[32m" : "",
		   *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";

	for (size_t i = 0; i < n; i++) {
		char l[96], lead[160];

		snprintf(lead, sizeof(lead), "%s%s%s %s%s%s: ", o[i].r.met ? green : red,
			 o[i].r.met ? "met  " : "UNMET", reset, bold, vc_req_label(o[i].rq, l, sizeof(l)),
			 reset);
		vc_wrap(f, ro->width, lead, 6, o[i].r.message);
		if (!o[i].r.met && o[i].r.remedy) {
			char *copy = xstrdup(o[i].r.remedy), *cur = copy, *line;

			while ((line = next_line(&cur))) {
				/* "(kind, needs a reboot) steps": the kind joins the lead, the steps wrap */
				size_t k = line[0] == '(' && strstr(line, ") ")
						   ? (size_t)(strstr(line, ") ") - line) + 2
						   : 0;
				_cleanup_(freep) char *kind = NULL;

				/* the kind is ours, but the line is text: keep the lead sane all the same */
				if (k)
					line[k - 1] = '\0';
				kind = vc_sane(k ? line : "", 0);
				snprintf(lead, sizeof(lead), "       fix: %s%s", kind, k ? " " : "");
				vc_wrap(f, ro->width, lead, 12, line + k);
			}
			free(copy);
		}
		for (size_t k = 0; ro->verbose && k < o[i].r.evidence.n; k++)
			vc_wrap(f, ro->width, "       evidence: ", 17, o[i].r.evidence.v[k]);
	}
	fprintf(f, "preflight: %zu of %zu requirements met\n", n - unmet, n);
}

static void out_json(FILE *f, const struct vc_outcome *o, size_t n, size_t unmet, const struct vc_ctx *ctx,
		     const char *version)
{
	struct vc_val *root = vc_obj(), *arr;

	vc_obj_set(root, "schema", vc_str("virtcheck.preflight/1"));
	vc_obj_set(root, "version", vc_str(version));
	vc_obj_set(root, "kernel", vc_str(ctx->facts.kernel ? ctx->facts.kernel : "?"));
	vc_obj_set(root, "sysroot", vc_str(ctx->facts.sysroot));
	arr = vc_obj_set(root, "requirements", vc_arr());
	for (size_t i = 0; i < n; i++) {
		struct vc_val *x = vc_arr_push(arr, vc_obj()), *ev;
		char l[96];

		vc_obj_set(x, "id", vc_str(vc_req_label(o[i].rq, l, sizeof(l))));
		vc_obj_set(x, "met", vc_bool(o[i].r.met));
		vc_obj_set(x, "message", vc_str(o[i].r.message));
		vc_obj_set(x, "remedy", o[i].r.remedy && !o[i].r.met ? vc_str(o[i].r.remedy) : vc_null());
		ev = vc_obj_set(x, "evidence", vc_arr());
		for (size_t k = 0; k < o[i].r.evidence.n; k++)
			vc_arr_push(ev, vc_str(o[i].r.evidence.v[k]));
	}
	vc_obj_set(root, "met", vc_bool(unmet == 0));
	vc_obj_set(root, "unmet", vc_int((int64_t)unmet));
	vc_json_write_doc(f, root);
}

static void out_junit(FILE *f, const struct vc_outcome *o, size_t n, size_t unmet, double secs)
{
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"virtcheck preflight\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
		"time=\"%.3f\">\n"
		"  <testsuite name=\"virtcheck.preflight\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
		"skipped=\"0\" time=\"%.3f\">\n",
		n, unmet, secs, n, unmet, secs);
	for (size_t i = 0; i < n; i++) {
		char l[96];

		fputs("    <testcase classname=\"virtcheck.preflight\" name=\"", f);
		xml_escape(f, vc_req_label(o[i].rq, l, sizeof(l)));
		fputs("\" time=\"0\"", f);
		if (o[i].r.met) {
			fputs(">\n      <system-out>", f);
			xml_escape(f, o[i].r.message);
			fputs("</system-out>\n    </testcase>\n", f);
			continue;
		}
		fputs(">\n      <failure message=\"", f);
		xml_escape(f, o[i].r.message);
		fputs("\" type=\"unmet\">", f);
		xml_escape(f, o[i].r.message);
		if (o[i].r.remedy) {
			fputs("\nfix: ", f);
			xml_escape(f, o[i].r.remedy);
		}
		for (size_t k = 0; k < o[i].r.evidence.n; k++) {
			fputs("\nevidence: ", f);
			xml_escape(f, o[i].r.evidence.v[k]);
		}
		fputs("</failure>\n    </testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
}

/* A YAML block scalar line for TAP 13 diagnostics. */
static void tap_yaml(FILE *f, const char *key, const char *value)
{
	char *copy = xstrdup(value), *cur = copy, *line;

	fprintf(f, "  %s: |\n", key);
	while ((line = next_line(&cur))) {
		fputs("    ", f);
		vc_fputs_sane(line, 0, f);
		fputc('\n', f);
	}
	free(copy);
}

static void out_tap(FILE *f, const struct vc_outcome *o, size_t n)
{
	fprintf(f, "TAP version 13\n1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		char l[96];

		/* '#' starts a TAP directive: keep it out of the description */
		fprintf(f, "%s %zu - %s\n", o[i].r.met ? "ok" : "not ok", i + 1,
			vc_req_label(o[i].rq, l, sizeof(l)));
		fputs("  ---\n", f);
		tap_yaml(f, "message", o[i].r.message);
		if (!o[i].r.met && o[i].r.remedy)
			tap_yaml(f, "fix", o[i].r.remedy);
		fputs("  ...\n", f);
	}
}

static void out_github(FILE *f, const struct vc_outcome *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char l[96];

		fputs(o[i].r.met ? "::notice title=" : "::error title=", f);
		gh_escape(f, "virtcheck preflight: ", true);
		gh_escape(f, vc_req_label(o[i].rq, l, sizeof(l)), true);
		gh_escape(f, o[i].r.met ? " met" : " unmet", true);
		fputs("::", f);
		gh_escape(f, o[i].r.message, false);
		if (!o[i].r.met && o[i].r.remedy) {
			gh_escape(f, "\nfix: ", false);
			gh_escape(f, o[i].r.remedy, false);
		}
		fputc('\n', f);
	}
}

const char *const vc_pf_format_names[_VC_PF_MAX + 1] = { "text", "json", "junit", "tap", "github", NULL };

void vc_render_preflight(FILE *f, enum vc_pf_format fmt, const struct vc_ctx *ctx, const struct vc_outcome *o,
			 size_t n, size_t unmet, const struct vc_pf_render *ro)
{
	switch (fmt) {
	case VC_PF_TEXT:
		out_text(f, o, n, unmet, ro);
		break;
	case VC_PF_JSON:
		out_json(f, o, n, unmet, ctx, ro->version);
		break;
	case VC_PF_JUNIT:
		out_junit(f, o, n, unmet, ro->secs);
		break;
	case VC_PF_TAP:
		out_tap(f, o, n);
		break;
	default:
		out_github(f, o, n);
		break;
	}
}

void vc_render_preflight_summary(FILE *s, const struct vc_outcome *o, size_t n, size_t unmet)
{
	fprintf(s,
		"### virtcheck preflight: %zu of %zu requirements met\n\n| requirement | result | "
		"details |\n|---|---|---|\n",
		n - unmet, n);
	for (size_t i = 0; i < n; i++) {
		char l[96];

		fprintf(s, "| `%s` | %s | ", vc_req_label(o[i].rq, l, sizeof(l)),
			o[i].r.met ? "met" : "**unmet**");
		_cleanup_(freep) char *msg = vc_sane(o[i].r.message, VC_SANE_KEEP_NL);
		_cleanup_(freep) char *fix = vc_sane(o[i].r.remedy, VC_SANE_KEEP_NL);

		for (const char *c = msg; *c; c++)
			fputs(*c == '|' ? "\\|" : *c == '\n' ? " " : (char[2]){ *c, 0 }, s);
		if (!o[i].r.met && fix) {
			fputs("<br>fix: `", s);
			for (const char *c = fix; *c; c++)
				fputs(*c == '|'	   ? "\\|"
				      : *c == '`'  ? "'"
				      : *c == '\n' ? "` `"
						   : (char[2]){ *c, 0 },
				      s);
			fputc('`', s);
		}
		fputs(" |\n", s);
	}
	fputc('\n', s);
}
