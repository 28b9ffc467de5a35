/* Remedies that depend on where this Linux runs (lib/verdict/environment.h). */
#include <stdlib.h>
#include <string.h>

#include "lib/model/remedies.h"
#include "lib/verdict/environment.h"
#include "lib/verdict/knowledge.h"

/* The row's steps for this host (its placeholders filled in), with its source. */
static void row_remedy(struct vc_finding *f, const struct vc_knowledge *k, const struct vc_facts *facts,
		       bool reboot)
{
	struct buf b = { 0 };

	vc_knowledge_steps(&b, k, facts);
	vc_finding_remedy(f, VC_REMEDY_PERSISTENT, reboot, "%s (source: %s)", b.data, k->source);
	vc_knowledge_evidence(f, k);
	buf_free(&b);
}

/* A remedy row of topic that holds here adds its steps (the hosted CI job's, the rented VPS's). */
static void add_remedy_row(struct vc_finding *f, const struct vc_facts *facts, const char *topic)
{
	const struct vc_knowledge *k = vc_knowledge_remedy(facts, topic);

	if (k)
		row_remedy(f, k, facts, false);
}

/* No VT-x/AMD-V for KVM: in a VM the outer hypervisor can expose it; on a machine, nothing can. */
static void unavailable(struct vc_ctx *ctx)
{
	struct vc_finding *f = vc_find_mut(ctx, VC_FID_KVM_UNAVAILABLE);
	const struct vc_facts *facts = &ctx->facts;
	const struct vc_knowledge *k;
	struct buf b = { 0 };
	enum vc_vt vt;
	bool hv_bit = false, known = vc_facts_vt(facts, &vt, &hv_bit);
	/* a guest's new CPU settings take effect when it starts again */
	bool restart = hv_bit && !facts->environment.confidential_guest &&
		       !streq_ptr(facts->environment.product, VC_PRODUCT_CROSVM);

	if (!f || f->remedies.n)
		return;
	/* a hosted CI job's VM is the CI service's: the job cannot turn nesting on */
	add_remedy_row(f, facts, "hosted");
	k = vc_knowledge_environment(facts, "kvm.unavailable");
	if (k) {
		row_remedy(f, k, facts, restart);
		/* a VPS gets nesting only from its provider */
		add_remedy_row(f, facts, "rented");
		return;
	}
	if (hv_bit || facts->environment.wsl)
		buf_printf(&b,
			   "Enable nested virtualization for this VM in its outer hypervisor (%s), then "
			   "start the VM again.",
			   facts->environment.product ? facts->environment.product : "unknown");
	else if (!known)
		buf_printf(&b, "Find out whether this CPU has VT-x/AMD-V: run virtcheck on the machine "
			       "itself, or add the output of `cpuid -r` to the capture as "
			       "DIR/virtcheck/cpuid.txt.");
	else
		vc_remedy_no_vt(&b);
	vc_finding_remedy(f, VC_REMEDY_PERSISTENT, restart, "%s", b.data);
	buf_free(&b);
}

/* A CI job, a rootless or any container: the first row that holds says how /dev/kvm reaches it. */
static void reach(struct vc_ctx *ctx)
{
	static const enum vc_fid targets[] = { VC_FID_KVM_NO_ACCESS, VC_FID_KVM_INVOKER_NO_ACCESS,
					       VC_FID_KVM_NO_DEVICE, VC_FID_ENVIRONMENT_CONTAINER };
	const struct vc_facts *facts = &ctx->facts;
	const struct vc_kvm_facts *kvm = &facts->kvm;
	const struct vc_knowledge *k =
		vc_knowledge_first(facts, VC_KN_ENVIRONMENT, VC_KN_OUT(VC_KN_FAILS), VC_KN_KVM_ANY);

	for (size_t i = 0; k && i < ARRAY_SIZE(targets); i++) {
		struct vc_finding *f = vc_find_mut(ctx, targets[i]);
		const char *user = targets[i] == VC_FID_KVM_INVOKER_NO_ACCESS ? kvm->access.invoker.user
									      : kvm->access.user;

		/* kvm.no_device carries it where KVM is loaded; a probe's own persistent remedy
		 * stands, one that holds only until the next start gets the row's after it */
		if (!f || vc_finding_has_persistent(f) ||
		    (targets[i] == VC_FID_ENVIRONMENT_CONTAINER &&
		     (kvm->device.present == VC_TRI_TRUE || vc_find(ctx, VC_FID_KVM_NO_DEVICE))))
			continue;
		row_remedy(f, k, facts, false);
		if (!strcmp(k->environment, "ci") && targets[i] != VC_FID_KVM_NO_DEVICE)
			vc_finding_remedy(
				f, VC_REMEDY_TEMPORARY, false,
				"Or for this job only: sudo setfacl -m u:%s:rw /dev/kvm   (after the "
				"package installs: installing qemu or libvirt makes udev reapply the "
				"node's mode, which drops the ACL; kairos-io/kairos#4561)",
				user && *user ? user : "$USER");
	}
}

/* No /dev/cpu/N/msr: load the driver here; in a container or sandbox the driver and the device are
 * the host's, so modprobe here is no remedy. */
static void msr_driver(struct vc_ctx *ctx)
{
	struct vc_finding *f = vc_find_mut(ctx, VC_FID_MSR_UNAVAILABLE);
	struct buf where = { 0 };

	if (!f || !ctx->facts.msr.driver_missing || f->remedies.n)
		return;
	if (!vc_facts_environment_name(&ctx->facts, &where)) {
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
				  "sudo modprobe msr && sudo virtcheck   (or: sudo virtcheck --load-msr)");
		return;
	}
	/* the probe's "Without them ..." (what is inferred, not read) stays */
	const char *cost = strstr(f->message, " Without them");
	char *m = xasprintf("MSRs cannot be read: /dev/cpu/0/msr is missing in this %s, and the msr "
			    "driver and the device belong to the host (loading the driver there and "
			    "passing /dev/cpu in, or running virtcheck on the host, reads them).%s",
			    where.data, cost ? cost : "");

	free(f->message);
	f->message = m;
	buf_free(&where);
}

void vc_environment_remedies(struct vc_ctx *ctx)
{
	struct vc_finding *wsl2 = vc_find_mut(ctx, VC_FID_ENVIRONMENT_WSL2);
	const struct vc_knowledge *k;

	unavailable(ctx);
	reach(ctx);
	msr_driver(ctx);
	/* /dev/kvm refused with EPERM by a device cgroup where no environment row gave a
	 * remedy (the kvm probe names the cgroup and leaves the remedy to the row) */
	struct vc_finding *denied = vc_find_mut(ctx, VC_FID_KVM_NO_ACCESS);

	k = vc_knowledge_by_id("kvm_open_not_permitted");
	if (denied && !vc_finding_has_persistent(denied) && k && vc_knowledge_holds(k, &ctx->facts))
		row_remedy(denied, k, &ctx->facts, false);
	/* nesting on: nothing to advise, and the row that says so */
	if (wsl2 && (k = vc_knowledge_environment(&ctx->facts, "environment.wsl2")))
		vc_knowledge_evidence(wsl2, k);
}
