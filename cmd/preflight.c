/* virtcheck preflight: the CI gate for jobs that need KVM (and friends), in milliseconds. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/act/fix.h"
#include "lib/render/preflight.h"
#include "lib/verdict/run.h"

/* GitHub's step summary, appended as GitHub expects: several steps share the file. */
static void step_summary(const struct vc_outcome *o, size_t n, size_t unmet)
{
	const char *summary = secure_getenv("GITHUB_STEP_SUMMARY");
	int fd;
	FILE *s;

	if (!summary || !*summary)
		return;
	fd = open(summary, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	s = fd >= 0 ? fdopen(fd, "a") : NULL;
	if (!s) {
		if (fd >= 0)
			close(fd);
		fprintf(stderr, "virtcheck preflight: GITHUB_STEP_SUMMARY %s: %s\n", summary,
			strerror(errno));
		return;
	}
	vc_render_preflight_summary(s, o, n, unmet);
	fclose(s);
}

static int evaluate(struct vc_opts *o, const struct vc_req *rqs, size_t n, struct vc_host **h,
		    struct vc_ctx **ctx, struct vc_outcome *out, size_t *unmet, unsigned *fix)
{
	bool verdict;
	unsigned probes = vc_reqs_probes(rqs, n, &verdict);
	int r = o->sysroot ? vc_host_new_sysroot(o->sysroot, h) : vc_host_new_live(h);

	if (r < 0) {
		fprintf(stderr, "virtcheck preflight: --sysroot %s: %s\n", o->sysroot, strerror(-r));
		return r;
	}
	*ctx = vc_ctx_new(*h);
	r = vc_run(*ctx, probes, verdict);
	if (r < 0)
		return r;
	*unmet = vc_reqs_check(*ctx, rqs, n, out, fix);
	return 0;
}

static void release(struct vc_host *h, struct vc_ctx *ctx, struct vc_outcome *out, size_t n)
{
	vc_outcomes_free(out, n);
	vc_ctx_free(ctx);
	vc_host_free(h);
}

static void usage(FILE *f)
{
	fputs("Usage: virtcheck preflight [--require REQ[,REQ...]] [--format text|json|junit|tap|github]\n"
	      "                           [--output FILE] [--fix [--yes]] [--quiet] [--sysroot DIR]\n\n"
	      "Checks what a CI job needs before it starts. Default: --require kvm,no-conflict.\n"
	      "Exit status: 0 all met, 1 some unmet, 2 usage error.\n\nRequirements:\n",
	      f);
	vc_req_list(f);
}

static int preflight_main(int argc, char **argv, struct vc_opts *o)
{
	struct vc_req rqs[32];
	size_t n = 0;
	enum vc_pf_format fmt = VC_PF_TEXT;
	const char *output = NULL;
	bool fix = false, yes = false, quiet = false;
	struct vc_outcome out[32];
	struct vc_host *h = NULL;
	struct vc_ctx *ctx = NULL;
	size_t unmet = 0;
	unsigned fixable = 0;
	struct timespec t0, t1;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* preflight's own options come after the word; the global ones before it or after */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;

		if (startswith(a, "--require") || startswith(a, "--output")) {
			const char *eq = strchr(a, '=');

			if (eq)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else {
				fprintf(stderr, "virtcheck preflight: %s needs a value\n", a);
				return VC_PF_USAGE;
			}
			if (startswith(a, "--output")) {
				output = val;
				continue;
			}
			char *copy = xstrdup(val), *save = NULL;
			for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				int r;

				if (n == ARRAY_SIZE(rqs)) {
					fprintf(stderr, "virtcheck preflight: too many requirements\n");
					free(copy);
					return VC_PF_USAGE;
				}
				r = vc_req_parse(strstrip(t), &rqs[n]);
				if (r < 0) {
					fprintf(stderr,
						"virtcheck preflight: %s requirement '%s'. Valid ones:\n",
						r == -ENOENT ? "unknown" : "malformed", t);
					vc_req_list(stderr);
					free(copy);
					return VC_PF_USAGE;
				}
				n++;
			}
			free(copy);
		} else if (!strcmp(a, "--fix")) {
			fix = true;
		} else if (!strcmp(a, "--yes") || !strcmp(a, "-y")) {
			yes = true;
		} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			quiet = true;
		} else if (!strcmp(a, "--format") || startswith(a, "--format=") || !strcmp(a, "-f")) {
			const char *v = strchr(a, '=') ? strchr(a, '=') + 1 : i + 1 < argc ? argv[++i] : "";
			size_t k;

			for (k = 0; k < _VC_PF_MAX && strcmp(v, vc_pf_format_names[k]) != 0; k++)
				;
			if (k == _VC_PF_MAX) {
				fprintf(stderr,
					"virtcheck preflight: unknown format '%s' (text, json, junit, tap, "
					"github)\n",
					v);
				return VC_PF_USAGE;
			}
			fmt = (enum vc_pf_format)k;
		} else if ((!strcmp(a, "--sysroot") || !strcmp(a, "-s")) && i + 1 < argc) {
			o->sysroot = argv[++i];
		} else if (startswith(a, "--sysroot=")) {
			o->sysroot = a + 10;
		} else if (!strcmp(a, "--color") && i + 1 < argc) {
			const char *v = argv[++i];

			o->color = !strcmp(v, "always") ? 1 : !strcmp(v, "never") ? 0 : -1;
		} else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
			o->verbose = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return VC_PF_MET;
		} else {
			fprintf(stderr, "virtcheck preflight: unexpected argument '%s'\n\n", a);
			usage(stderr);
			return VC_PF_USAGE;
		}
	}
	if (!n) {
		vc_req_parse("kvm", &rqs[n++]);
		vc_req_parse("no-conflict", &rqs[n++]);
	}
	if (fix && yes && (o->sysroot || geteuid() != 0)) {
		fprintf(stderr, "virtcheck preflight: --fix --yes changes this machine: it needs root and no "
				"--sysroot\n");
		return VC_PF_USAGE;
	}

	if (evaluate(o, rqs, n, &h, &ctx, out, &unmet, &fixable) < 0) {
		release(h, ctx, NULL, 0);
		return VC_PF_USAGE;
	}
	/* what --fix says goes to standard error when standard output carries JSON, XML or TAP */
	FILE *fixout = fmt == VC_PF_TEXT && !output ? stdout : stderr;
	if (fix && unmet && vc_fix_run(fixable, ctx, yes, fixout)) {
		/* re-check on a fresh look at the machine */
		release(h, ctx, out, n);
		h = NULL;
		ctx = NULL;
		fprintf(fixout, "re-checking:\n");
		if (evaluate(o, rqs, n, &h, &ctx, out, &unmet, &fixable) < 0) {
			release(h, ctx, out, n);
			return VC_PF_USAGE;
		}
	} else if (fix && unmet && !fixable) {
		fprintf(fixout, "--fix: nothing here can be fixed without stopping VMs or changing firmware; "
				"see the remedies.\n");
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	FILE *f = stdout;
	_cleanup_(freep) char *mem = NULL;
	size_t memlen = 0;
	if (output) {
		f = open_memstream(&mem, &memlen);
		if (!f) {
			release(h, ctx, out, n);
			return VC_PF_USAGE;
		}
	}
	if (!(quiet && !unmet)) {
		double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

		vc_render_preflight(f, fmt, ctx, out, n, unmet, secs,
				    !output && vc_use_color(o, STDOUT_FILENO), VC_VERSION);
		if (fmt == VC_PF_GITHUB)
			step_summary(out, n, unmet);
	}
	ret = unmet ? VC_PF_UNMET : VC_PF_MET;
	if (output) {
		int r;

		fclose(f);
		r = vc_write_file_atomic(output, mem ? mem : "", memlen, 0644, false);
		if (r < 0) {
			fprintf(stderr, "virtcheck preflight: --output %s: %s\n", output, strerror(-r));
			ret = VC_PF_USAGE;
		}
	} else if (fflush(stdout) != 0) {
		ret = VC_PF_USAGE;
	}
	release(h, ctx, out, n);
	return ret;
}

const struct vc_cmd cmd_preflight = {
	.name = "preflight",
	.run = preflight_main,
	.help = "CI gate: check that KVM (and what else a job needs) works here",
};
