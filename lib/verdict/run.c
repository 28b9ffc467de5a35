/* The one pipeline: host -> probes -> facts -> verdict, shared by every command. */
#include <string.h>

#include "lib/verdict/environment.h"
#include "lib/verdict/run.h"
#include "lib/verdict/verdict.h"
#include "probes/probes.h"

size_t vc_run_order(unsigned want, enum vc_probe_id order[_VC_PROBE_MAX])
{
	unsigned chosen = want & VC_ALL_PROBES, done = 0;
	size_t n = 0;

	/* what the chosen need, until nothing more is added */
	for (unsigned before = 0; before != chosen;) {
		before = chosen;
		for (unsigned p = 0; p < _VC_PROBE_MAX; p++)
			if (chosen & VC_P(p))
				chosen |= vc_probes[p]->needs;
	}
	/* the first in table order whose predecessors ran; a cycle would stop here (a unit test
	 * checks the table has none) */
	while (done != chosen) {
		unsigned p;

		for (p = 0; p < _VC_PROBE_MAX; p++) {
			unsigned first = (vc_probes[p]->needs | vc_probes[p]->after) & chosen;

			if ((chosen & VC_P(p)) && !(done & VC_P(p)) && (first & ~done) == 0)
				break;
		}
		if (p == _VC_PROBE_MAX)
			break;
		order[n++] = (enum vc_probe_id)p;
		done |= VC_P(p);
	}
	return n;
}

/* What uname -r can print: the probes make paths of it (/boot/config-RELEASE, /lib/modules/RELEASE),
 * and a capture's one-line records name those paths. */
static bool kernel_release(const char *s)
{
	return *s &&
	       s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+~-")] == '\0';
}

static void host_section(struct vc_ctx *ctx)
{
	_cleanup_(freep) char *release = NULL;

	ctx->current = NULL;
	/* anything else (a line break, a slash, from a capture) leaves the kernel unknown */
	if (vc_ctx_read_value(ctx, "/proc/sys/kernel/osrelease", &release) == 0 && kernel_release(release))
		ctx->facts.kernel = xstrdup(release);
	ctx->facts.sysroot = vc_host_sysroot(ctx->host);
	ctx->facts.passive = vc_host_is_passive(ctx->host);
}

static void run_probes(struct vc_ctx *ctx, const enum vc_probe_id *order, size_t n, bool verdict)
{
	const struct vc_host_problem *pr;
	size_t np;

	host_section(ctx);
	/* what a live host reads on another thread while the probes run, one after the other in
	 * the order the probes ask for them: the kernel log (one read a record) for the platform
	 * probe, the /proc fd scan for the processes probe (while the KVM smoke test runs), the
	 * udev database and the PCI devices (libudev loaded there, libpci where a device is bound to
	 * vfio-pci); every CPU's CPUID leaves, read meanwhile on threads of their own */
	for (size_t i = 0; i < n; i++)
		if (order[i] == VC_PROBE_CPUID)
			vc_host_prefetch(ctx->host, "cpuid");
	for (size_t i = 0; i < n; i++)
		if (order[i] == VC_PROBE_PLATFORM)
			vc_host_prefetch(ctx->host, "kmsg");
	for (size_t i = 0; i < n; i++)
		if (order[i] == VC_PROBE_PROCESSES)
			vc_host_prefetch(ctx->host, "fds");
	for (size_t i = 0; i < n; i++)
		if (order[i] == VC_PROBE_UDEV || order[i] == VC_PROBE_PCI)
			vc_host_prefetch(ctx->host, order[i] == VC_PROBE_UDEV ? "udev" : "pci");
	/* the smoke test's VM freed on another thread while the probes after KVM's run */
	for (size_t i = 0; i + 1 < n; i++)
		if (order[i] == VC_PROBE_KVM)
			vc_host_defer_close(ctx->host);
	for (size_t i = 0; i < n; i++) {
		const struct vc_probe *probe = vc_probes[order[i]];
		int r;

		ctx->current = probe;
		r = probe->fill(ctx);
		ctx->facts.ran |= VC_P(probe->id);
		if (r < 0)
			vc_finding_about(ctx, VC_SEV_ERROR, VC_FID_INTERNAL, '.', probe->name,
					 "The %s probe failed: %s", probe->name, strerror(-r));
	}
	/* what probes left for later, in the same order */
	for (size_t i = 0; i < n; i++) {
		ctx->current = vc_probes[order[i]];
		vc_late_run(ctx);
	}
	ctx->current = NULL;
	vc_host_settle(ctx->host);
	pr = vc_host_problems(ctx->host, &np);
	for (size_t i = 0; i < np; i++) {
		_cleanup_(freep) char *about = xasprintf("%s:%zu", pr[i].path, i);

		vc_finding_about(ctx, VC_SEV_WARNING, VC_FID_INPUT_MALFORMED, ':', about, "%s: %s",
				 pr[i].path, pr[i].what);
	}
	/* every command gives the same remedies: the preflight runs no verdict */
	vc_environment_remedies(ctx);
	if (verdict)
		vc_verdict(ctx);
}

int vc_run(struct vc_ctx *ctx, unsigned want, bool verdict)
{
	enum vc_probe_id order[_VC_PROBE_MAX];
	size_t n = vc_run_order(want | (verdict ? VC_VERDICT_NEEDS : 0), order);

	run_probes(ctx, order, n, verdict);
	return 0;
}

int vc_run_only(struct vc_ctx *ctx, unsigned want)
{
	enum vc_probe_id order[_VC_PROBE_MAX];
	size_t n = 0;

	for (unsigned p = 0; p < _VC_PROBE_MAX; p++)
		if (want & VC_P(p))
			order[n++] = (enum vc_probe_id)p;
	run_probes(ctx, order, n, false);
	return 0;
}
