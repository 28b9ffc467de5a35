/* bench's outputs: text, markdown and a self-contained HTML page with SVG charts, from the typed view
 * of a virtcheck.bench/1 document; and the comparison of two. */
#include <math.h>
#include <string.h>
#include <time.h>

#include "lib/base/lazymath.h"
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
	char *v[16];
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

/* ---- what every format shows ---- */

/* the family of a two-sided benchmark's ratio, and which way is better */
static const char *family(const struct bench_doc_bench *bm)
{
	if (streq_ptr(bm->b, "native"))
		return "guest/native";
	if (streq_ptr(bm->a, "vmm"))
		return "vmm/raw";
	if (streq_ptr(bm->a, "ioeventfd"))
		return "ioeventfd/emulated";
	return "a/b";
}

static const char *fmt_date(char *b, size_t n, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t < 0 || !gmtime_r(&tt, &tm) || !strftime(b, n, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(b, n, "unknown date");
	return b;
}

static const char *tri_name(int v, const char *yes, const char *no)
{
	return v < 0 ? "unknown" : v ? yes : no;
}

/* mitigations, one "name: state" list (only those not "Not affected") */
static void mitigations_line(FILE *f, const struct bench_doc *doc, bool html)
{
	const struct vc_val *m = doc->host.mitigations;
	size_t shown = 0;

	for (size_t i = 0; m && m->type == VC_OBJ && i < m->c.n; i++) {
		const struct vc_val *v = m->c.items[i];

		if (v->type != VC_STR || startswith(v->s, "Not affected"))
			continue;
		fputs(shown++ ? "; " : "", f);
		if (html) {
			html_text(f, m->c.keys[i]);
			fputs(": ", f);
			html_text(f, v->s);
		} else {
			_cleanup_(freep) char *k = vc_sane(m->c.keys[i], 0);
			_cleanup_(freep) char *s = vc_sane(v->s, 0);

			fprintf(f, "%s: %s", k, s);
		}
	}
	if (!shown)
		fputs(m ? "none that apply (all \"Not affected\")" : "unknown", f);
}

static double settings_num(const struct bench_doc *doc, const char *key)
{
	return vc_get_num(vc_obj_get(doc->json, "settings"), key);
}

/* one line of run settings */
static void settings_line(FILE *f, const struct bench_doc *doc)
{
	const struct vc_val *st = vc_obj_get(doc->json, "settings");
	const struct vc_val *iv = vc_obj_get(st, "intervals");

	if (!st) {
		fputs("unknown", f);
		return;
	}
	if (iv && iv->type == VC_BOOL && !iv->b) {
		fputs("smoke run (--quick): no intervals, targets not judged", f);
		return;
	}
	fprintf(f,
		"budget %.3g s, precision +-%.3g%%, samples of ~%.3g ms, at least %.0f samples, %.0f "
		"repetition(s), "
		"warm-up %.0f",
		settings_num(doc, "budget_seconds"), settings_num(doc, "precision") * 100,
		settings_num(doc, "sample_ms"), settings_num(doc, "min_samples"),
		settings_num(doc, "repetitions"), settings_num(doc, "warmup"));
}

static const char *fmt_tsc(char *b, size_t n, const struct bench_doc *doc)
{
	snprintf(b, n, "%.3f GHz (constant %s, nonstop %s, calibration %s)", doc->host.tsc_ghz,
		 tri_name(doc->host.tsc_constant, "yes", "no"), tri_name(doc->host.tsc_nonstop, "yes", "no"),
		 tri_name(doc->host.tsc_valid, "validated", "UNSTABLE"));
	return b;
}

static const char *fmt_cpu(char *b, size_t n, const struct bench_doc *doc)
{
	int len = snprintf(b, n, "%lld", doc->host.pinned_cpu);

	if (doc->host.pinned_cpu_chosen && len > 0 && (size_t)len < n)
		len += snprintf(b + len, n - (size_t)len, " (%s%s", doc->host.pinned_cpu_chosen,
				isnan(doc->host.pinned_cpu_load) ? ")" : ", ");
	if (!isnan(doc->host.pinned_cpu_load) && len > 0 && (size_t)len < n)
		snprintf(b + len, n - (size_t)len, "%.0f%% busy before the run)",
			 doc->host.pinned_cpu_load * 100);
	return b;
}

static double total_steal(const struct bench_doc *doc)
{
	double sum = 0;

	for (size_t i = 0; i < doc->n; i++)
		if (!isnan(doc->bench[i].steal_ms))
			sum += doc->bench[i].steal_ms;
	return sum;
}

static const char *fmt_interval_ns(char *b, size_t n, const struct bench_doc_bench *bm)
{
	char lo[32], hi[32];

	if (isnan(bm->a_ns.lo))
		snprintf(b, n, "%s", no_interval(bm));
	else
		snprintf(b, n, "[%s, %s]", fmt_ns(lo, sizeof(lo), bm->a_ns.lo),
			 fmt_ns(hi, sizeof(hi), bm->a_ns.hi));
	return b;
}

static const char *precision_word(const struct bench_doc_bench *bm)
{
	return bm->precision ? bm->precision : bm->noisy ? "noisy" : "-";
}

static const char *fmt_target(char *b, size_t n, const struct bench_doc_target *t)
{
	if (isnan(t->lo) || t->lo == t->hi)
		snprintf(b, n, "%.4g (limit %.4g)", t->value, t->limit);
	else
		snprintf(b, n, "%.4g [%.4g, %.4g] (limit %.4g)", t->value, t->lo, t->hi, t->limit);
	return b;
}

/* What backed a memory benchmark's data and whether the budget stopped it: "THP KiB guest/native
 * 65536/65536 of 65536: backed both sides; budget cut" ("" when there is nothing to say). */
static const char *fmt_thp_budget(char *b, size_t n, const struct bench_doc_bench *bm)
{
	int len = 0;

	b[0] = '\0';
	if (bm->thp_guest_kib >= 0 || bm->thp_native_kib >= 0) {
		char g[24] = "?", nat[24] = "?";

		if (bm->thp_guest_kib >= 0)
			snprintf(g, sizeof(g), "%lld", bm->thp_guest_kib);
		if (bm->thp_native_kib >= 0)
			snprintf(nat, sizeof(nat), "%lld", bm->thp_native_kib);
		len = snprintf(b, n, "THP KiB guest/native %s/%s", g, nat);
		if (bm->thp_need_kib >= 0 && len > 0 && (size_t)len < n)
			len += snprintf(b + len, n - (size_t)len, " of %lld", bm->thp_need_kib);
		if (bm->thp_backed >= 0 && len > 0 && (size_t)len < n)
			len += snprintf(b + len, n - (size_t)len, "%s",
					bm->thp_backed ? ": backed both sides"
						       : ": NOT backed, not a 2 MiB result");
	}
	if (bm->budget_cut && len >= 0 && (size_t)len < n)
		snprintf(b + len, n - (size_t)len, "%sbudget cut", len > 0 ? "; " : "");
	return b;
}

/* ---- text ---- */

static void render_text(FILE *f, const struct bench_doc *doc, bool verbose)
{
	char a[32], b[32], r[64], p[160], d[48], t[128], c[96];
	struct shown sh = { 0 };
	struct bench_claim cl[BENCH_NCLAIMS];

	fprintf(f, "virtcheck bench %s, %s: %s, kernel %s, KVM backend %s%s%s\n",
		show(&sh, doc->version, "?"), fmt_date(d, sizeof(d), doc->time),
		show(&sh, doc->host.cpu, "unknown CPU"), show(&sh, doc->host.kernel, "?"),
		show(&sh, doc->host.kvm_backend, "?"), doc->host.nested ? ", nested in " : "",
		doc->host.nested ? show(&sh, doc->host.outer_hypervisor, "?") : "");
	fprintf(f,
		"pinned CPU %s, TSC %s, THP %s, governor %s, SMT siblings %s, steal %.0f ms\nmitigations: ",
		fmt_cpu(c, sizeof(c), doc), fmt_tsc(t, sizeof(t), doc), show(&sh, doc->host.thp, "unknown"),
		show(&sh, doc->host.governor, "none"), show(&sh, doc->host.smt_siblings, "unknown"),
		total_steal(doc));
	shown_free(&sh);
	mitigations_line(f, doc, false);
	fputs("\nsettings: ", f);
	settings_line(f, doc);
	fprintf(f, "\n\n%-18s %3s %5s  %11s %11s  %-28s %5s  %-10s %s\n", "benchmark", "CPL", "pages",
		"a ns/op", "b ns/op", "a/b [95% interval]", "n", "precision", "KVM counters per guest op");
	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];
		long long pg = bm->page_kib;

		if (!bm->ok) {
			fprintf(f, "%-18s FAILED: %s\n", show(&sh, bm->name, "?"), show(&sh, bm->error, "?"));
			shown_free(&sh);
			continue;
		}
		if (isnan(bm->ratio) && !isnan(bm->a_ns.median))
			fmt_interval_ns(r, sizeof(r), bm);
		else
			fmt_ratio(r, sizeof(r), bm);
		fprintf(f, "%-18s %3lld %5s  %11s %11s  %-28s %5lld  %-10s %s\n", show(&sh, bm->name, "?"),
			bm->cpl,
			pg == 4	     ? "4K"
			: pg == 2048 ? "2M"
				     : "-",
			fmt_ns(a, sizeof(a), bm->a_ns.median), fmt_ns(b, sizeof(b), bm->b_ns.median), r,
			bm->n, show(&sh, precision_word(bm), "-"), fmt_proof(p, sizeof(p), bm));
		if (verbose)
			fprintf(f,
				"%18s a = %s, b = %s, one op = one %s; a: min %s, p90 %s, MAD %s, %.1f "
				"cycles/op; "
				"%lld dropped as preempted\n",
				"", show(&sh, bm->a, "?"), show(&sh, bm->b, "-"), show(&sh, bm->unit, "op"),
				fmt_ns(a, sizeof(a), bm->a_ns.min), fmt_ns(b, sizeof(b), bm->a_ns.p90),
				fmt_ns(r, sizeof(r), bm->a_ns.mad), bm->a_ns.cycles,
				bm->preempted > 0 ? bm->preempted : 0);
		if (fmt_thp_budget(p, sizeof(p), bm)[0])
			fprintf(f, "%18s %s\n", "", p);
		if (bm->note)
			fprintf(f, "%18s %s\n", "", show(&sh, bm->note, ""));
		shown_free(&sh);
	}
	fprintf(f, "\na/b: guest/native for compute and memory (the overhead), vmm/raw for this VMM's own "
		   "cost,\n"
		   "ioeventfd/emulated for a virtio doorbell against an emulated register: 1.0 = "
		   "native/bare, lower "
		   "is better.\nOne-sided rows show the interval of their median ns/op. precision "
		   "\"undecided\": the "
		   "interval is wider\nthan asked (the budget ran out first); rerun with --budget or "
		   "--repetitions.\nTHP KiB: AnonHugePages of each side's data (of what whole 2 MiB pages "
		   "need); budget cut:\nthe deadline stopped a pass or kept one from starting.\n");
	if (doc->ntargets) {
		fprintf(f, "\nTargets (judged on the interval):\n");
		for (size_t i = 0; i < doc->ntargets; i++) {
			fprintf(f, "  %-9s %s: %s\n", show(&sh, doc->targets[i].verdict, "?"),
				show(&sh, doc->targets[i].what, "?"),
				fmt_target(t, sizeof(t), &doc->targets[i]));
			shown_free(&sh);
		}
	}
	bench_claims(doc, cl);
	fprintf(f, "\nThe usual claims, on this host:\n");
	for (size_t i = 0; i < BENCH_NCLAIMS; i++)
		fprintf(f, "  %-20s \"%s\" (%s)%s%s\n", cl[i].verdict, cl[i].claim, cl[i].evidence,
			cl[i].measured[0] ? ": " : "", cl[i].measured);
	fprintf(f, "\n%.1f s in all.\n", doc->seconds);
}

/* ---- markdown ---- */

static void render_markdown(FILE *f, const struct bench_doc *doc)
{
	char a[32], b[32], r[64], p[160], d[48], t[128], c[96], mn[32], p9[32], md[32], th[128];
	struct shown sh = { 0 };
	struct bench_claim cl[BENCH_NCLAIMS];

	fprintf(f,
		"### virtcheck bench\n\n| | |\n|---|---|\n| date | %s |\n| virtcheck | %s |\n| CPU | %s |\n",
		fmt_date(d, sizeof(d), doc->time), show(&sh, doc->version, "?"),
		show(&sh, doc->host.cpu, "?"));
	fprintf(f,
		"| kernel | %s |\n| KVM backend | %s |\n| nested | %s |\n| TSC | %s |\n| pinned CPU | %s |\n",
		show(&sh, doc->host.kernel, "?"), show(&sh, doc->host.kvm_backend, "?"),
		doc->host.nested ? show(&sh, doc->host.outer_hypervisor, "yes") : "no",
		fmt_tsc(t, sizeof(t), doc), fmt_cpu(c, sizeof(c), doc));
	fprintf(f,
		"| THP | %s |\n| governor | %s |\n| SMT siblings | %s |\n| steal | %.0f ms |\n| mitigations "
		"| ",
		show(&sh, doc->host.thp, "unknown"), show(&sh, doc->host.governor, "none"),
		show(&sh, doc->host.smt_siblings, "unknown"), total_steal(doc));
	shown_free(&sh);
	mitigations_line(f, doc, false);
	fputs(" |\n| settings | ", f);
	settings_line(f, doc);
	fprintf(f, " |\n| wall time | %.1f s |\n\n", doc->seconds);
	fprintf(f, "| benchmark | CPL | a | a median (ns/op) | a min (ns/op) | a p90 (ns/op) | a MAD (ns/op) "
		   "| b | "
		   "b median (ns/op) | a/b or a's median [95%% interval] | n | precision | KVM counters per "
		   "guest "
		   "op | THP, budget |\n");
	fprintf(f, "|---|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---|---|---|\n");
	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];

		if (!bm->ok) {
			fprintf(f, "| %s | | failed: %s | | | | | | | | | | | %s |\n",
				show(&sh, bm->name, "?"), show(&sh, bm->error, "?"),
				fmt_thp_budget(th, sizeof(th), bm));
			shown_free(&sh);
			continue;
		}
		if (isnan(bm->ratio))
			fmt_interval_ns(r, sizeof(r), bm);
		else
			fmt_ratio(r, sizeof(r), bm);
		fprintf(f, "| %s | %lld | %s | %s | %s | %s | %s | %s | %s | %s | %lld | %s%s | %s | %s |\n",
			show(&sh, bm->name, "?"), bm->cpl, show(&sh, bm->a, "?"),
			fmt_ns(a, sizeof(a), bm->a_ns.median), fmt_ns(mn, sizeof(mn), bm->a_ns.min),
			fmt_ns(p9, sizeof(p9), bm->a_ns.p90), fmt_ns(md, sizeof(md), bm->a_ns.mad),
			show(&sh, bm->b, "-"), fmt_ns(b, sizeof(b), bm->b_ns.median), r, bm->n,
			show(&sh, precision_word(bm), "-"), bm->noisy ? " (noisy)" : "",
			fmt_proof(p, sizeof(p), bm), fmt_thp_budget(th, sizeof(th), bm));
		shown_free(&sh);
	}
	fputs("\na/b is guest/native, vmm/raw or ioeventfd/emulated: 1.0 = native/bare, lower is better. "
	      "*(noisy)*: the interval is wider than the precision asked for (undecided). THP KiB: "
	      "AnonHugePages of each side's data (of what whole 2 MiB pages need); budget cut: the "
	      "deadline stopped a pass or kept one from starting.\n",
	      f);
	for (size_t i = 0; i < doc->n; i++)
		if (doc->bench[i].note) {
			fprintf(f, "\n- %s: %s", show(&sh, doc->bench[i].name, "?"),
				show(&sh, doc->bench[i].note, ""));
			shown_free(&sh);
		}
	if (doc->ntargets) {
		fputs("\n\n| target | verdict | value [95% interval] (limit) |\n|---|---|---:|\n", f);
		for (size_t i = 0; i < doc->ntargets; i++) {
			fprintf(f, "| %s | %s | %s |\n", show(&sh, doc->targets[i].what, "?"),
				show(&sh, doc->targets[i].verdict, "?"),
				fmt_target(t, sizeof(t), &doc->targets[i]));
			shown_free(&sh);
		}
	}
	bench_claims(doc, cl);
	fputs("\n| the usual claim | verdict here | evidence | measured |\n|---|---|---|---|\n", f);
	for (size_t i = 0; i < BENCH_NCLAIMS; i++)
		fprintf(f, "| %s | %s | %s | %s |\n", cl[i].claim, cl[i].verdict, cl[i].evidence,
			cl[i].measured);
}

/* ---- html ---- */

/* x position of value v on a log axis from lo to hi over width w */
static double logx(double v, double lo, double hi, double w)
{
	if (!(v > 0))
		v = lo;
	return w * (vc_log(v) - vc_log(lo)) / (vc_log(hi) - vc_log(lo));
}

/* One chart per family of ratios: each benchmark's median and interval on a log axis, 1.0 marked. */
static void svg_family(FILE *f, const struct bench_doc *doc, const char *fam)
{
	const double left = 180, w = 900, row = 22, right = 150;
	double lo = 0.8, hi = 1.25;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];
		double l = isnan(bm->lo) ? bm->ratio : bm->lo, h = isnan(bm->hi) ? bm->ratio : bm->hi;

		if (!bm->ok || isnan(bm->ratio) || strcmp(family(bm), fam) != 0)
			continue;
		n++;
		if (l > 0 && l < lo)
			lo = l / 1.1;
		if (h > hi)
			hi = h * 1.1;
	}
	if (!n)
		return;
	fputs("<h3>", f);
	html_text(f, fam);
	fputs(" &mdash; 1.0 = native/bare, lower is better (log scale)</h3>\n", f);
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" "
		"preserveAspectRatio=\"xMinYMin meet\" role=\"img\">\n",
		left + w + right, row * (double)n + 50);
	fprintf(f,
		"<line x1=\"%.1f\" y1=\"8\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" "
		"stroke-dasharray=\"4\"/>\n",
		left + logx(1, lo, hi, w), left + logx(1, lo, hi, w), row * (double)n + 15);
	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];
		double m = bm->ratio, y = 20 + row * (double)k;
		const char *col = bm->noisy ? "#c63" : "#124";

		if (!bm->ok || isnan(m) || strcmp(family(bm), fam) != 0)
			continue;
		k++;
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"13\">", left - 8,
			y + 4);
		html_text(f, S(bm->name, "?"));
		fputs("</text>\n", f);
		if (!isnan(bm->lo))
			fprintf(f,
				"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
				"stroke-width=\"3\" opacity=\"0.6\"/>\n",
				left + logx(bm->lo, lo, hi, w), y, left + logx(bm->hi, lo, hi, w), y, col);
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>\n",
			left + logx(m, lo, hi, w), y, col);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"%s\">%.3f", left + w + 8,
			y + 4, col, m);
		if (!isnan(bm->lo))
			fprintf(f, " [%.3f, %.3f]", bm->lo, bm->hi);
		fputs("</text>\n", f);
	}
	for (int e = -3; e <= 6; e++) {
		double t = vc_ldexp(1, e);

		if (t >= lo && t <= hi)
			fprintf(f,
				"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
				"font-size=\"12\">%g</text>\n",
				left + logx(t, lo, hi, w), row * (double)n + 35, t);
	}
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#555\">&larr; better</text>\n", left,
		row * (double)n + 48);
	fputs("</svg>\n", f);
}

/* Latencies of the exits and lifecycles, one log axis, with room for the last label. */
static void svg_latencies(FILE *f, const struct bench_doc *doc)
{
	const double left = 180, w = 900, row = 22, right = 150, lo = 100, hi = 1e8;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < doc->n; i++) {
		const char *name = S(doc->bench[i].name, "");

		n += doc->bench[i].ok && (startswith(name, "exit.") || startswith(name, "lifecycle"));
	}
	if (!n)
		return;
	fputs("<h3>Exit and lifecycle latency, ns per operation of a &mdash; lower is better (log "
	      "scale)</h3>\n",
	      f);
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" "
		"preserveAspectRatio=\"xMinYMin meet\" role=\"img\">\n",
		left + w + right, row * (double)n + 50);
	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];
		const char *name = S(bm->name, "");
		double v = bm->a_ns.median, y = 20 + row * (double)k, x;
		char buf[32];

		if (!bm->ok || (!startswith(name, "exit.") && !startswith(name, "lifecycle")))
			continue;
		k++;
		x = isnan(v) ? 0 : logx(vc_fmin(vc_fmax(v, lo), hi), lo, hi, w);
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"13\">", left - 8,
			y + 4);
		html_text(f, name);
		fprintf(f,
			"</text>\n<rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>\n",
			left, y - 7, x, bm->noisy ? "#c63" : "#36c");
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">%s</text>\n", left + x + 4, y + 4,
			fmt_ns(buf, sizeof(buf), v));
	}
	for (int e = 2; e <= 8; e++) {
		char buf[32];
		double t = vc_pow(10, e);

		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"12\">%s</text>\n",
			left + logx(t, lo, hi, w), row * (double)n + 35, e == 2 ? "start" : "middle",
			fmt_ns(buf, sizeof(buf), t));
	}
	fputs("</svg>\n", f);
}

static void html_row(FILE *f, const char *key, const char *value)
{
	fputs("<tr><th>", f);
	html_text(f, key);
	fputs("</th><td>", f);
	html_text(f, value);
	fputs("</td></tr>\n", f);
}

static void html_num(FILE *f, const char *s)
{
	fputs("<td class=\"num\">", f);
	html_text(f, s);
	fputs("</td>", f);
}

/* ns as a plain number for a column headed "ns": 3 significant digits at least, thousands
 * grouped by a narrow no-break space, so lengths show magnitudes and nothing wraps */
static void html_ns_text(FILE *f, double ns)
{
	char b[48];
	size_t len, lead;

	if (isnan(ns)) {
		fputc('-', f);
		return;
	}
	snprintf(b, sizeof(b), ns < 10 ? "%.2f" : ns < 100 ? "%.1f" : "%.0f", ns);
	len = strcspn(b, ".");
	lead = len % 3 ? len % 3 : 3;
	for (size_t i = 0; b[i]; i++) {
		if (i < len && i >= lead && (i - lead) % 3 == 0)
			fputs("&#8239;", f);
		fputc(b[i], f);
	}
}

static void html_ns(FILE *f, double ns)
{
	fputs("<td class=\"num\">", f);
	html_ns_text(f, ns);
	fputs("</td>", f);
}

/* a's median and interval in ns, for a one-sided benchmark in the a/b column */
static void html_ns_interval(FILE *f, const struct bench_doc_bench *bm)
{
	fputs("<td class=\"num\">", f);
	html_ns_text(f, bm->a_ns.median);
	if (!isnan(bm->a_ns.lo)) {
		fputs(" [", f);
		html_ns_text(f, bm->a_ns.lo);
		fputs(", ", f);
		html_ns_text(f, bm->a_ns.hi);
		fputc(']', f);
	}
	fputs("</td>", f);
}

static void render_html(FILE *f, const struct bench_doc *doc)
{
	char r[64], p[160], d[48], t[128], c[96], buf[64];
	struct bench_claim cl[BENCH_NCLAIMS];
	static const char *const fams[] = { "guest/native", "vmm/raw", "ioeventfd/emulated", "a/b" };

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>virtcheck "
	      "bench</title>\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n"
	      "<style>body{font-family:sans-serif;margin:1.5em 2em}"
	      "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px "
	      "8px;"
	      "font-size:12px;text-align:left;white-space:nowrap;vertical-align:top}"
	      "table.results{width:100%}table.results td,table.results th{padding:3px 6px}"
	      "small{color:#555}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
	      "td.wrap{white-space:normal;min-width:9em}td.note{font-style:italic}.noisy "
	      "td{color:#c63}.legend span{display:inline-block;width:1em;"
	      "height:1em;vertical-align:middle;margin:0 .3em}"
	      ".host{display:flex;flex-wrap:wrap;gap:0 2em}</style></head><body>\n<h1>virtcheck bench</h1>\n",
	      f);
	fputs("<div class=\"host\"><table><caption>host</caption>\n", f);
	html_row(f, "date", fmt_date(d, sizeof(d), doc->time));
	html_row(f, "virtcheck", S(doc->version, "?"));
	html_row(f, "CPU", S(doc->host.cpu, "unknown"));
	html_row(f, "kernel", S(doc->host.kernel, "?"));
	html_row(f, "KVM backend", S(doc->host.kvm_backend, "?"));
	html_row(f, "nested", doc->host.nested ? S(doc->host.outer_hypervisor, "yes") : "no");
	html_row(f, "TSC", fmt_tsc(t, sizeof(t), doc));
	html_row(f, "pinned CPU", fmt_cpu(c, sizeof(c), doc));
	fputs("</table><table><caption>&nbsp;</caption>\n", f);
	html_row(f, "THP", S(doc->host.thp, "unknown"));
	html_row(f, "governor", S(doc->host.governor, "none"));
	html_row(f, "SMT siblings", S(doc->host.smt_siblings, "unknown"));
	snprintf(buf, sizeof(buf), "%.0f ms", total_steal(doc));
	html_row(f, "steal while measuring", buf);
	fputs("<tr><th>mitigations</th><td class=\"wrap\">", f);
	mitigations_line(f, doc, true);
	fputs("</td></tr>\n<tr><th>settings</th><td class=\"wrap\">", f);
	settings_line(f, doc);
	fprintf(f, "</td></tr>\n<tr><th>wall time</th><td>%.1f s</td></tr>\n</table></div>\n", doc->seconds);
	fputs("<h2>Ratios</h2>\n<p class=\"legend\">Dot: the median of per-pair ratios; bar: its 95% "
	      "interval; "
	      "<span style=\"background:#124\"></span>decided "
	      "<span style=\"background:#c63\"></span>undecided (noisy: the interval is wider than the "
	      "precision "
	      "asked for).</p>\n",
	      f);
	for (size_t i = 0; i < ARRAY_SIZE(fams); i++)
		svg_family(f, doc, fams[i]);
	svg_latencies(f, doc);
	fputs("<h2>All results</h2>\n<table class=\"results\"><tr><th rowspan=\"2\">benchmark<br><small>a "
	      "/ b</small></th><th rowspan=\"2\" class=\"num\">CPL</th>"
	      "<th colspan=\"4\" style=\"text-align:center\">a, ns per op</th>"
	      "<th class=\"num\">b, ns per op</th><th rowspan=\"2\" class=\"num\">a/b [95% interval]"
	      "<br><small>one-sided: a's median, ns</small></th>"
	      "<th rowspan=\"2\" class=\"num\">n</th><th rowspan=\"2\">precision</th><th rowspan=\"2\" "
	      "class=\"wrap\">KVM counters per guest op</th></tr>\n<tr><th class=\"num\">median</th>"
	      "<th class=\"num\">min</th><th class=\"num\">p90</th><th class=\"num\">MAD</th>"
	      "<th class=\"num\">median</th></tr>\n",
	      f);
	for (size_t i = 0; i < doc->n; i++) {
		const struct bench_doc_bench *bm = &doc->bench[i];

		fprintf(f, "<tr%s><td>", bm->noisy ? " class=\"noisy\"" : "");
		html_text(f, S(bm->name, "?"));
		fputs("<br><small>", f);
		html_text(f, S(bm->a, "?"));
		if (bm->b) {
			fputs(" / ", f);
			html_text(f, bm->b);
		}
		if (bm->thp_backed >= 0)
			fputs(bm->thp_backed ? " &middot; THP both sides"
					     : " &middot; <b>no THP</b>: not a 2 MiB result",
			      f);
		if (bm->budget_cut)
			fputs(" &middot; budget cut", f);
		fputs("</small>", f);
		if (!bm->ok) {
			fputs("</td><td colspan=\"10\" class=\"wrap\">failed: ", f);
			html_text(f, S(bm->error, "?"));
			fputs("</td></tr>\n", f);
			continue;
		}
		fprintf(f, "</td><td class=\"num\">%lld</td>", bm->cpl);
		html_ns(f, bm->a_ns.median);
		html_ns(f, bm->a_ns.min);
		html_ns(f, bm->a_ns.p90);
		html_ns(f, bm->a_ns.mad);
		html_ns(f, bm->b_ns.median);
		if (isnan(bm->ratio) && !isnan(bm->a_ns.lo))
			html_ns_interval(f, bm);
		else
			html_num(f, isnan(bm->ratio) ? fmt_interval_ns(r, sizeof(r), bm)
						     : fmt_ratio(r, sizeof(r), bm));
		fprintf(f, "<td class=\"num\">%lld</td><td>", bm->n);
		html_text(f, precision_word(bm));
		fputs("</td><td class=\"wrap\">", f);
		html_text(f, fmt_proof(p, sizeof(p), bm));
		fputs("</td></tr>\n", f);
		if (bm->note) { /* a row of its own, the table's width */
			fprintf(f, "<tr%s><td></td><td colspan=\"10\" class=\"wrap note\">",
				bm->noisy ? " class=\"noisy\"" : "");
			html_text(f, bm->note);
			fputs("</td></tr>\n", f);
		}
	}
	fputs("</table>\n<p>a/b is guest/native for compute and memory, vmm/raw for this VMM's own cost, "
	      "ioeventfd/emulated for a virtio doorbell against an emulated register: 1.0 = native/bare, "
	      "lower is "
	      "better. Rows in orange are undecided. <i>budget cut</i>: the deadline stopped a pass or kept "
	      "one from starting.</p>\n",
	      f);
	if (doc->ntargets) {
		fputs("<h2>Targets (judged on the interval)</h2>\n<table><tr><th>target</th><th>verdict</th>"
		      "<th class=\"num\">value [95% interval] (limit)</th></tr>\n",
		      f);
		for (size_t i = 0; i < doc->ntargets; i++) {
			fputs("<tr><td>", f);
			html_text(f, S(doc->targets[i].what, "?"));
			fputs("</td><td>", f);
			html_text(f, S(doc->targets[i].verdict, "?"));
			fputs("</td>", f);
			html_num(f, fmt_target(t, sizeof(t), &doc->targets[i]));
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	bench_claims(doc, cl);
	fputs("<h2>The usual claims, on this host</h2>\n<table><tr><th>claim</th><th>verdict here</th>"
	      "<th>evidence</th><th>measured</th></tr>\n",
	      f);
	for (size_t i = 0; i < BENCH_NCLAIMS; i++) {
		fputs("<tr><td>", f);
		html_text(f, cl[i].claim);
		fputs("</td><td>", f);
		html_text(f, cl[i].verdict);
		fputs("</td><td>", f);
		html_text(f, cl[i].evidence);
		fputs("</td><td class=\"wrap\">", f);
		html_text(f, cl[i].measured);
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

void bench_render_claims(FILE *f, const struct bench_doc *doc, enum bench_format fmt)
{
	struct bench_claim cl[BENCH_NCLAIMS];

	bench_claims(doc, cl);
	if (fmt == BENCH_FMT_JSON) {
		struct vc_val *o = vc_obj(), *list = vc_obj_set(o, "claims", vc_arr());

		vc_obj_set(o, "schema", vc_str("virtcheck.bench-claims/1"));
		for (size_t i = 0; i < BENCH_NCLAIMS; i++) {
			struct vc_val *c = vc_arr_push(list, vc_obj());

			vc_obj_set(c, "claim", vc_str(cl[i].claim));
			vc_obj_set(c, "evidence", vc_str(cl[i].evidence));
			vc_obj_set(c, "verdict", vc_str(cl[i].verdict));
			vc_obj_set(c, "measured", vc_str(cl[i].measured));
		}
		vc_json_write_doc(f, o);
		return;
	}
	if (fmt == BENCH_FMT_TEXT) {
		for (size_t i = 0; i < BENCH_NCLAIMS; i++)
			fprintf(f, "%-20s \"%s\" (%s)\n%20s %s\n", cl[i].verdict, cl[i].claim, cl[i].evidence,
				"", cl[i].measured[0] ? cl[i].measured : "nothing measured");
		return;
	}
	/* markdown and html: the same section as in the full report */
	if (fmt == BENCH_FMT_HTML)
		fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>virtcheck "
		      "bench claims"
		      "</title></head><body>\n<table>\n",
		      f);
	else
		fputs("| the usual claim | verdict here | evidence | measured |\n|---|---|---|---|\n", f);
	for (size_t i = 0; i < BENCH_NCLAIMS; i++) {
		if (fmt == BENCH_FMT_HTML) {
			fputs("<tr><td>", f);
			html_text(f, cl[i].claim);
			fputs("</td><td>", f);
			html_text(f, cl[i].verdict);
			fputs("</td><td>", f);
			html_text(f, cl[i].measured);
			fputs("</td></tr>\n", f);
		} else {
			fprintf(f, "| %s | %s | %s | %s |\n", cl[i].claim, cl[i].verdict, cl[i].evidence,
				cl[i].measured);
		}
	}
	if (fmt == BENCH_FMT_HTML)
		fputs("</table>\n</body></html>\n", f);
}

static const char *fmt_measure(char *b, size_t n, const char *measure, double v)
{
	if (isnan(v))
		return snprintf(b, n, "-"), b;
	if (!strcmp(measure, "ratio"))
		snprintf(b, n, "%.3f", v);
	else
		fmt_ns(b, n, v);
	return b;
}

void bench_render_compare(FILE *f, const struct bench_compare *cmp, enum bench_format fmt)
{
	char a[32], b[32];
	bool md = fmt == BENCH_FMT_MARKDOWN;

	if (fmt == BENCH_FMT_JSON) {
		vc_json_write_doc(f, bench_compare_json(cmp));
		return;
	}
	if (md)
		fputs("| benchmark | compared | old | new | new/old [range of the intervals] | verdict |\n"
		      "|---|---|---:|---:|---:|---|\n",
		      f);
	else
		fprintf(f, "%-18s %-9s %11s %11s  %-26s %s\n", "benchmark", "compared", "old", "new",
			"new/old [intervals' range]", "verdict");
	for (size_t i = 0; i < cmp->n; i++) {
		const struct bench_cmp *c = &cmp->c[i];
		struct shown sh = { 0 };
		char r[64];

		if (isnan(c->ratio))
			snprintf(r, sizeof(r), "-");
		else
			snprintf(r, sizeof(r), "%.3f [%.3f, %.3f]", c->ratio, c->lo, c->hi);
		fprintf(f, md ? "| %s | %s | %s | %s | %s | %s |\n" : "%-18s %-9s %11s %11s  %-26s %s\n",
			show(&sh, c->name, "?"), !strcmp(c->measure, "ratio") ? "a/b" : "ns/op",
			fmt_measure(a, sizeof(a), c->measure, c->old_v),
			fmt_measure(b, sizeof(b), c->measure, c->new_v), r, c->verdict);
		shown_free(&sh);
	}
	fprintf(f,
		"\n%zu significant regression(s): the intervals (each at %.2f%%, so that a whole comparison "
		"of\n"
		"equals raises a false alarm at most 5%% of the time) separate, and even their nearest ends\n"
		"differ by more than %.0f%%.\n",
		cmp->regressions, cmp->confidence * 100, cmp->threshold * 100);
	if (cmp->missing || cmp->failed)
		fprintf(f, "%zu benchmark(s) of OLD missing in NEW, %zu failed in NEW.\n", cmp->missing,
			cmp->failed);
	if (cmp->host_diff[0]) {
		struct shown sh = { 0 };

		fprintf(f, "The hosts differ (%s): timings compare only side by side.\n",
			show(&sh, cmp->host_diff, ""));
		shown_free(&sh);
	}
}
