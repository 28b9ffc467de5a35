/* bench's outputs: text, markdown and a self-contained HTML page with SVG charts, from the typed view
 * of a virtcheck.bench/1 document; and the comparison of two. */
#include <math.h>
#include <string.h>

#include "lib/base/sanitise.h"
#include "lib/render/bench.h"

/* ---- number formatting ---- */

static const char *fmt_ns(char *b, size_t n, double ns)
{
	if (isnan(ns))
		snprintf(b, n, "-");
	else if (ns < 1e3)
		snprintf(b, n, "%.2f ns", ns);
	else if (ns < 1e6)
		snprintf(b, n, "%.2f us", ns / 1e3);
	else
		snprintf(b, n, "%.2f ms", ns / 1e6);
	return b;
}

/* why a result has no interval: a smoke run asked for none, or too few samples */
static const char *no_interval(const struct bench_doc_bench *bm)
{
	return streq_ptr(bm->precision, "not asked") ? "(smoke run)" : "(insufficient data)";
}

static const char *fmt_ratio(char *b, size_t n, const struct bench_doc_bench *bm)
{
	double m = bm->ratio, lo = bm->lo, hi = bm->hi;

	if (isnan(m))
		snprintf(b, n, "-");
	else if (isnan(lo) || isnan(hi))
		snprintf(b, n, "%.3f %s", m, no_interval(bm));
	else
		snprintf(b, n, "%.3f [%.3f, %.3f]", m, lo, hi);
	return b;
}

/* What KVM's counters say, per guest operation: the proof column. */
static const char *fmt_proof(char *b, size_t n, const struct bench_doc_bench *bm)
{
	double ops = bm->guest_ops;
	size_t len = 0;
	static const int shown[] = { BSTAT_EXITS,      BSTAT_IO_EXITS,	     BSTAT_MMIO_EXITS,
				     BSTAT_HALT_EXITS, BSTAT_INSN_EMULATION, BSTAT_PF_TAKEN };

	b[0] = '\0';
	if (!bm->has_stats || !(ops > 0))
		return b;
	for (size_t i = 0; i < ARRAY_SIZE(shown) && len < n; i++) {
		double v = bm->stats[shown[i]];
		const char *name = bench_stat_names[shown[i]];

		if (v > 0 && v / ops >= 0.001)
			len += (size_t)snprintf(b + len, n - len, "%s%s %.3g/op", len ? ", " : "", name,
						v / ops);
		else if (v > 0) /* timer interrupts and the like: a count says it better */
			len += (size_t)snprintf(b + len, n - len, "%s%s %.0f in all", len ? ", " : "", name,
						v);
	}
	return b;
}

static const char *S(const char *s, const char *fallback)
{
	return s ? s : fallback;
}

/*
 * A document's strings come from a file anyone may hand over (--from, --compare): text and markdown
 * show each through vc_sane, a newline too, so a benchmark named with an escape sequence shows it.
 * The copies live until shown_free.
 */
struct shown {
	char *v[12];
	size_t n;
};

static const char *show(struct shown *sh, const char *s, const char *fallback)
{
	char *t = vc_sane(S(s, fallback), 0);

	if (sh->n == ARRAY_SIZE(sh->v)) { /* a programming error: more fields than room */
		free(t);
		return "?";
	}
	return sh->v[sh->n++] = t;
}

static void shown_free(struct shown *sh)
{
	while (sh->n)
		free(sh->v[--sh->n]);
}

/* ---- renderers ---- */

static void render_text(FILE *f, const struct bench_doc *doc, bool verbose)
{
	char a[32], b[32], r[64], p[160];
	struct shown sh = { 0 };

	fprintf(f,
		"virtcheck bench %s: %s, kernel %s, KVM backend %s%s%s, pinned to CPU %lld, TSC %.3f GHz\n",
		show(&sh, doc->version, "?"), show(&sh, doc->host.cpu, "unknown CPU"),
		show(&sh, doc->host.kernel, "?"), show(&sh, doc->host.kvm_backend, "?"),
		doc->host.nested ? ", nested in " : "",
		doc->host.nested ? show(&sh, doc->host.outer_hypervisor, "?") : "", doc->host.pinned_cpu,
		doc->host.tsc_ghz);
	shown_free(&sh);
	fprintf(f, "\n%-18s %3s %5s  %-11s %-11s %-26s %4s  %s\n", "benchmark", "CPL", "pages", "a per op",
		"b per op", "a/b [95% interval]", "n", "KVM counters per guest op");
	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];
		int64_t pg = bm->page_kib;

		if (!bm->ok) {
			fprintf(f, "%-18s FAILED: %s\n", show(&sh, bm->name, "?"), show(&sh, bm->error, "?"));
			shown_free(&sh);
			continue;
		}
		fprintf(f, "%-18s %3lld %5s  %-11s %-11s %-26s %4lld  %s%s\n", show(&sh, bm->name, "?"),
			bm->cpl,
			pg == 4	     ? "4K"
			: pg == 2048 ? "2M"
				     : "-",
			fmt_ns(a, sizeof(a), bm->a_ns.median), fmt_ns(b, sizeof(b), bm->b_ns.median),
			fmt_ratio(r, sizeof(r), bm), bm->n, fmt_proof(p, sizeof(p), bm),
			bm->noisy ? "  (undecided: the interval is wider than asked; rerun with --budget or "
				    "--repetitions)"
				  : "");
		if (verbose)
			fprintf(f,
				"%18s a = %s, b = %s, one op = one %s; min %s, p90 %s, MAD %s, %.1f "
				"cycles/op\n",
				"", show(&sh, bm->a, "?"), show(&sh, bm->b, "-"), show(&sh, bm->unit, "op"),
				fmt_ns(a, sizeof(a), bm->a_ns.min), fmt_ns(b, sizeof(b), bm->a_ns.p90),
				fmt_ns(r, sizeof(r), bm->a_ns.mad), bm->a_ns.cycles);
		if (bm->note)
			fprintf(f, "%18s %s\n", "", show(&sh, bm->note, ""));
		shown_free(&sh);
	}
	fprintf(f, "\na/b: guest/native for compute and memory (the overhead), vmm/raw for this VMM's own "
		   "cost,\n"
		   "ioeventfd/emulated for a virtio doorbell against an emulated register.\n");
	if (doc->ntargets) {
		fprintf(f, "\nTargets:\n");
		for (size_t i = 0; i < doc->ntargets; i++) {
			const struct bench_doc_target *t = &doc->targets[i];

			fprintf(f, "  %-8s %s: %.4g (limit %.4g)\n",
				t->met < 0 ? "not run"
				: t->met   ? "met"
					   : "MISSED",
				show(&sh, t->what, "?"), t->value, t->limit);
			shown_free(&sh);
		}
	}
	fprintf(f, "\n%.1f s in all.\n", doc->seconds);
}

static void render_markdown(FILE *f, const struct bench_doc *doc)
{
	char a[32], b[32], r[64], p[160];
	struct shown sh = { 0 };

	fprintf(f, "### virtcheck bench\n\nHost: %s, kernel %s, KVM backend %s%s%s; pinned to CPU %lld.\n\n",
		show(&sh, doc->host.cpu, "?"), show(&sh, doc->host.kernel, "?"),
		show(&sh, doc->host.kvm_backend, "?"), doc->host.nested ? ", nested in " : "",
		doc->host.nested ? show(&sh, doc->host.outer_hypervisor, "?") : "", doc->host.pinned_cpu);
	shown_free(&sh);
	fprintf(f, "| benchmark | CPL | a | per op | b | per op | a/b [95%% interval] | n | KVM counters per "
		   "guest op |\n");
	fprintf(f, "|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];

		if (!bm->ok) {
			fprintf(f, "| %s | | failed: %s | | | | | | |\n", show(&sh, bm->name, "?"),
				show(&sh, bm->error, "?"));
			shown_free(&sh);
			continue;
		}
		fprintf(f, "| %s | %lld | %s | %s | %s | %s | %s%s | %lld | %s |\n", show(&sh, bm->name, "?"),
			bm->cpl, show(&sh, bm->a, "?"), fmt_ns(a, sizeof(a), bm->a_ns.median),
			show(&sh, bm->b, "-"), fmt_ns(b, sizeof(b), bm->b_ns.median),
			fmt_ratio(r, sizeof(r), bm), bm->noisy ? " (noisy)" : "", bm->n,
			fmt_proof(p, sizeof(p), bm));
		shown_free(&sh);
	}
}

/* Text for HTML: shown through vc_sane (a newline too), then the markup characters escaped. */
static void html_text(FILE *f, const char *raw)
{
	_cleanup_(freep) char *sane = vc_sane(raw, 0);

	for (const char *s = sane; s && *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else
			fputc(*s, f);
	}
}

/* x position of value v on a log axis from lo to hi over width w */
static double logx(double v, double lo, double hi, double w)
{
	if (!(v > 0))
		v = lo;
	return w * (log(v) - log(lo)) / (log(hi) - log(lo));
}

static void svg_ratios(FILE *f, const struct bench_doc *doc)
{
	const double left = 170, w = 520, row = 22;
	double lo = 0.5, hi = 2;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];
		double l = bm->lo, h = bm->hi;

		if (isnan(bm->ratio))
			continue;
		n++;
		if (l > 0 && l < lo)
			lo = l / 1.2;
		if (h > hi)
			hi = h * 1.2;
	}
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n",
		left + w + 20, row * (double)n + 50);
	fprintf(f,
		"<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" "
		"stroke-dasharray=\"4\"/>\n",
		left + logx(1, lo, hi, w), left + logx(1, lo, hi, w), row * (double)n + 15);
	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];
		double m = bm->ratio, y = 20 + row * (double)k;

		if (isnan(m))
			continue;
		k++;
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\">", left - 8,
			y + 4);
		html_text(f, S(bm->name, "?"));
		fprintf(f,
			"</text>\n<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#36c\" "
			"stroke-width=\"3\"/>\n",
			left + logx(bm->lo, lo, hi, w), y, left + logx(bm->hi, lo, hi, w), y);
		fprintf(f,
			"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%.3f [%.3f, "
			"%.3f]</title></circle>\n",
			left + logx(m, lo, hi, w), y, bm->noisy ? "#c63" : "#124", m, bm->lo, bm->hi);
	}
	for (int e = -3; e <= 6 && ldexp(1, e) <= hi * 1.01; e++)
		if (ldexp(1, e) >= lo)
			fprintf(f,
				"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
				"font-size=\"11\">%g</text>\n",
				left + logx(ldexp(1, e), lo, hi, w), row * (double)n + 35, ldexp(1, e));
	fputs("</svg>\n", f);
}

static void svg_latencies(FILE *f, const struct bench_doc *doc)
{
	const double left = 170, w = 520, row = 22, lo = 100, hi = 1e7;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < doc->n; i++) {
		const char *name = S(doc->bench[i].name, "");

		n += startswith(name, "exit.") || startswith(name, "lifecycle");
	}
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n",
		left + w + 20, row * (double)n + 50);
	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];
		const char *name = S(bm->name, "");
		double v = bm->a_ns.median, y = 20 + row * (double)k;
		char buf[32];

		if (!startswith(name, "exit.") && !startswith(name, "lifecycle"))
			continue;
		k++;
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\">", left - 8,
			y + 4);
		html_text(f, name);
		fprintf(f,
			"</text>\n<rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" "
			"fill=\"#36c\"><title>%s</title></rect>\n",
			left, y - 7, isnan(v) ? 0 : logx(fmin(fmax(v, lo), hi), lo, hi, w),
			fmt_ns(buf, sizeof(buf), v));
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>\n",
			left + (isnan(v) ? 0 : logx(fmin(fmax(v, lo), hi), lo, hi, w)) + 4, y + 4,
			fmt_ns(buf, sizeof(buf), v));
	}
	for (int e = 2; e <= 7; e++) {
		char buf[32];
		double t = pow(10, e);

		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">%s</text>\n",
			left + logx(t, lo, hi, w), row * (double)n + 35, fmt_ns(buf, sizeof(buf), t));
	}
	fputs("</svg>\n", f);
}

static void render_html(FILE *f, const struct bench_doc *doc)
{
	char a[32], b[32], r[64], p[160];

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>virtcheck "
	      "bench</title>\n"
	      "<style>body{font-family:sans-serif;max-width:62em;margin:2em auto;padding:0 1em}"
	      "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px "
	      "6px;font-size:13px;text-align:left}"
	      ".noisy{color:#c63}</style></head><body>\n<h1>virtcheck bench</h1>\n<p>",
	      f);
	html_text(f, S(doc->host.cpu, "unknown CPU"));
	fputs(", kernel ", f);
	html_text(f, S(doc->host.kernel, "?"));
	fputs(", KVM backend ", f);
	html_text(f, S(doc->host.kvm_backend, "?"));
	if (doc->host.nested) {
		fputs(", nested in ", f);
		html_text(f, S(doc->host.outer_hypervisor, "?"));
	}
	fputs(". virtcheck ", f);
	html_text(f, S(doc->version, "?"));
	fputs(".</p>\n<h2>Overhead: a/b, median of per-pair ratios and its 95% interval (log scale)</h2>\n",
	      f);
	svg_ratios(f, doc);
	fputs("<h2>Exit and lifecycle latencies per operation (log scale)</h2>\n", f);
	svg_latencies(f, doc);
	fputs("<h2>All results</h2>\n<table><tr><th>benchmark</th><th>CPL</th><th>a</th><th>per "
	      "op</th><th>b</th><th>per op</th>"
	      "<th>a/b [95% interval]</th><th>n</th><th>KVM counters per guest op</th><th>note</th></tr>\n",
	      f);
	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];

		fprintf(f, "<tr%s><td>", bm->noisy ? " class=\"noisy\"" : "");
		html_text(f, S(bm->name, "?"));
		fprintf(f, "</td><td>%lld</td><td>", bm->cpl);
		html_text(f, S(bm->a, "?"));
		fprintf(f, "</td><td>%s</td><td>", fmt_ns(a, sizeof(a), bm->a_ns.median));
		html_text(f, S(bm->b, "-"));
		fprintf(f, "</td><td>%s</td><td>%s</td><td>%lld</td><td>",
			fmt_ns(b, sizeof(b), bm->b_ns.median), fmt_ratio(r, sizeof(r), bm), bm->n);
		html_text(f, fmt_proof(p, sizeof(p), bm));
		fputs("</td><td>", f);
		html_text(f, bm->ok ? S(bm->note, "") : S(bm->error, "failed"));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n</body></html>\n", f);
}

const char *const bench_format_names[_BENCH_FMT_MAX + 1] = { "text", "json", "markdown", "html", NULL };

void bench_render(FILE *f, const struct bench_doc *doc, enum bench_format fmt, bool verbose)
{
	switch (fmt) {
	case BENCH_FMT_TEXT:
		render_text(f, doc, verbose);
		break;
	case BENCH_FMT_JSON:
		vc_json_write(f, doc->json, 0);
		fputc('\n', f);
		break;
	case BENCH_FMT_MARKDOWN:
		render_markdown(f, doc);
		break;
	default:
		render_html(f, doc);
		break;
	}
}

void bench_render_compare(FILE *f, const struct bench_compare *cmp, enum bench_format fmt)
{
	char a[32], b[32];
	bool md = fmt == BENCH_FMT_MARKDOWN;

	if (fmt == BENCH_FMT_JSON) {
		struct vc_val *doc = bench_compare_json(cmp);

		vc_json_write(f, doc, 0);
		fputc('\n', f);
		vc_val_free(doc);
		return;
	}
	if (md)
		fputs("| benchmark | old | new | new/old [95% interval] | verdict |\n|---|---|---|---|---|\n",
		      f);
	else
		fprintf(f, "%-18s %-11s %-11s %-26s %s\n", "benchmark", "old", "new",
			"new/old [95% interval]", "verdict");
	for (size_t i = 0; i < cmp->n; i++) {
		const struct bench_cmp *c = &cmp->c[i];
		struct shown sh = { 0 };
		char r[64];

		snprintf(r, sizeof(r), "%.3f [%.3f, %.3f]", c->ratio, c->lo, c->hi);
		fprintf(f, md ? "| %s | %s | %s | %s | %s |\n" : "%-18s %-11s %-11s %-26s %s\n",
			show(&sh, c->name, "?"), fmt_ns(a, sizeof(a), c->old_ns),
			fmt_ns(b, sizeof(b), c->new_ns), r, show(&sh, c->verdict, "?"));
		shown_free(&sh);
	}
	if (!md)
		fprintf(f,
			"\n%zu significant regression(s) (slower by more than %.0f%% with the interval above "
			"1).\n",
			cmp->regressions, cmp->threshold * 100);
}
