/* PCI probe: IOMMU present and enabled, IOMMU groups, devices bound to vfio-pci (the "pci" record:
 * sysfs as libpci reads it, libpci for the names of those devices). */
#include <errno.h>
#include <string.h>

#include "lib/model/remedies.h"
#include "lib/verdict/knowledge.h"
#include "probes/probes.h"

#define CMDLINE_MAX 65536

static size_t count_entries(struct vc_ctx *ctx, const char *dir, struct vc_strv *names)
{
	char **v = NULL;
	size_t n = 0;

	if (vc_host_list(ctx->host, dir, &v, &n) < 0)
		return 0;
	for (size_t i = 0; names && i < n; i++)
		vc_strv_push(names, v[i]);
	vc_strv_free(v);
	return n;
}

static void iommu(struct vc_ctx *ctx, struct vc_pci_facts *pf)
{
	_cleanup_(freep) char *cmdline = NULL;
	enum vc_ftype t;
	bool dmar = vc_host_stat(ctx->host, "/sys/firmware/acpi/tables/DMAR", &t) == 0;
	bool ivrs = vc_host_stat(ctx->host, "/sys/firmware/acpi/tables/IVRS", &t) == 0;
	size_t nunits = count_entries(ctx, "/sys/class/iommu", &pf->iommu.units);
	size_t groups = count_entries(ctx, "/sys/kernel/iommu_groups", NULL);

	pf->iommu.dmar_table = dmar;
	pf->iommu.ivrs_table = ivrs;
	pf->iommu.groups = (unsigned)groups;
	pf->iommu.enabled = nunits > 0 && groups > 0;
	vc_evidence(ctx, "IOMMU: ACPI DMAR %s, IVRS %s, %zu unit(s) in /sys/class/iommu, %zu group(s)",
		    dmar ? "present" : "absent", ivrs ? "present" : "absent", nunits, groups);
	if (vc_host_read(ctx->host, "/proc/cmdline", CMDLINE_MAX, &cmdline, NULL) == 0) {
		static const char *const keys[] = { "intel_iommu=", "amd_iommu=", "iommu=",
						    "iommu.passthrough=" };
		char *save = NULL;

		for (char *tok = strtok_r(cmdline, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save))
			for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
				if (startswith(tok, keys[k])) {
					char key[32];

					snprintf(key, sizeof(key), "%.*s", (int)strlen(keys[k]) - 1, keys[k]);
					struct vc_param *o = NULL;

					/* a key given twice: the later value, in the first one's place */
					for (size_t i = 0; i < pf->iommu.cmdline.n && !o; i++)
						if (strcmp(pf->iommu.cmdline.v[i].name, key) == 0)
							o = &pf->iommu.cmdline.v[i];
					if (!o) {
						o = VC_PUSH(pf->iommu.cmdline);
						o->name = xstrdup(key);
					}
					free(o->value);
					o->value = xstrdup(tok + strlen(keys[k]));
					vc_evidence(ctx, "/proc/cmdline: %s", tok);
				}
	}
	/* the knowledge rows iommu_intel_on and iommu_amd_vi: the vendor decides the advice (CPUID,
	 * else the table: DMAR is Intel's, IVRS AMD's), and it is never iommu=pt */
	const struct vc_knowledge *k = vc_knowledge_remedy(&ctx->facts, "iommu");

	if (k) {
		struct vc_finding *f =
			vc_finding(ctx, VC_SEV_INFO, VC_FID_PCI_IOMMU_DISABLED,
				   "The firmware describes an IOMMU (ACPI %s) but the kernel does not "
				   "use it: PCI passthrough (vfio-pci) to VMs will not work.",
				   dmar ? "DMAR" : "IVRS");
		struct buf b = { 0 };

		if (!strcmp(k->id, "iommu_intel_on"))
			vc_remedy_cmdline(&b, &ctx->facts, "intel_iommu=on");
		else
			buf_printf(&b, "Check that the IOMMU (AMD-Vi) is enabled in the firmware setup and "
				       "amd_iommu=off is not on the kernel command line, then reboot.");
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s", b.data);
		vc_knowledge_evidence(f, k);
		buf_free(&b);
	}
}

static int pci_fill(struct vc_ctx *ctx)
{
	struct vc_pci_facts *pf = &ctx->facts.pci;
	char *const *lines;
	size_t n, ndev = 0;
	int r = vc_host_lines(ctx->host, "pci", &lines, &n);

	pf->available = r == 0;
	if (r < 0) {
		char ebuf[16];

		pf->error = xstrdup(errno_name(-r, ebuf));
		vc_evidence(ctx, "PCI: %s",
			    r == -ENODATA  ? "not in this capture"
			    : r == -ENOENT ? "no PCI bus (/sys/bus/pci is absent)"
					   : strerror(-r));
	}
	for (size_t i = 0; r == 0 && i < n; i++) {
		char slot[16], id[16], cls[8], drv[64], grp[16];
		const char *name = strstr(lines[i], " name=");

		if (sscanf(lines[i], "%15s %15s class=%7s driver=%63s iommu_group=%15s", slot, id, cls, drv,
			   grp) != 5) {
			vc_ctx_malformed(
				ctx, "virtcheck/pci.txt",
				"a line is not 'SLOT VENDOR:DEVICE class=... driver=... iommu_group=...'");
			continue;
		}
		ndev++;
		if (strcmp(drv, "vfio-pci") != 0)
			continue;
		struct vc_pci_device *o = VC_PUSH(pf->vfio_pci);
		o->slot = xstrdup(slot);
		o->id = xstrdup(id);
		o->class = xstrdup(cls);
		o->iommu_group = strcmp(grp, "-") ? xstrdup(grp) : NULL;
		o->name = xstrdup(name ? name + 6 : "");
		vc_evidence(ctx, "PCI %s [%s] bound to vfio-pci, IOMMU group %s", slot, id, grp);
	}
	pf->devices = (unsigned)ndev;
	iommu(ctx, pf);
	if (pf->vfio_pci.n && !pf->iommu.enabled)
		vc_finding(ctx, VC_SEV_WARNING, VC_FID_PCI_VFIO_WITHOUT_IOMMU,
			   "%zu device(s) are bound to vfio-pci but no IOMMU is enabled: they cannot be "
			   "passed to a VM.",
			   pf->vfio_pci.n);
	return 0;
}

const struct vc_probe probe_pci = {
	.name = "pci",
	.id = VC_PROBE_PCI,
	.needs = VC_P(VC_PROBE_CPUID),
	.after = VC_P(VC_PROBE_PLATFORM), /* the boot loader, for the remedy */
	.summary = "PCI: IOMMU presence and groups, devices bound to vfio-pci, IOMMU kernel options",
	.fill = pci_fill,
};
