/* Hosts whose kernel runs with FRED: starting a VirtualBox or VMware VM panics them (the knowledge
 * table's FRED rows), and the remedy is a kernel parameter, not the hypervisor's driver. */
#include <string.h>

#include "lib/model/remedies.h"
#include "lib/verdict/knowledge.h"
#include "lib/verdict/verdict.h"

static const struct {
	enum vc_kn_subject subject;
	enum vc_fid fid;
	const char *product, *driver;
} fred_products[] = {
	{ VC_KN_VBOXDRV, VC_FID_VIRTUALBOX_FRED_PANICS_HOST, "VirtualBox", "vboxdrv" },
	{ VC_KN_VMWARE, VC_FID_VMWARE_FRED_PANICS_HOST, "VMware Workstation/Player", "vmmon" },
};

void vc_verdict_fred(struct vc_ctx *ctx)
{
	const struct vc_facts *facts = &ctx->facts;

	for (size_t i = 0; i < ARRAY_SIZE(fred_products); i++) {
		const struct vc_knowledge *k = vc_knowledge_fred_crash(facts, fred_products[i].subject);
		const char *ver = fred_products[i].subject == VC_KN_VMWARE ? facts->vmware.version
									   : facts->virtualbox.version;
		bool unclear = k && k->confidence == VC_KN_UNCLEAR;
		struct vc_finding *f;
		struct buf b = { 0 };

		if (!k)
			continue;
		f = vc_finding(ctx, unclear ? VC_SEV_WARNING : VC_SEV_ERROR, fred_products[i].fid,
			       "This kernel runs with FRED, and %s%s%s's %s is not ready for it: %s",
			       fred_products[i].product, ver ? " " : "", ver ? ver : "",
			       fred_products[i].driver, k->says);
		vc_finding_evidence(f, "%s",
				    facts->cpuid.cpuinfo_flags.fred ? "/proc/cpuinfo: flag fred"
								    : "/proc/cmdline: fred=on");
		vc_knowledge_evidence(f, k);
		vc_remedy_cmdline(&b, facts, "fred=off");
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s   (FRED off; %s then runs as before)",
				  b.data, fred_products[i].product);
		buf_free(&b);
	}
}
