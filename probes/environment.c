/* Environment probe: nested (which outer hypervisor), WSL2, containers, confidential guests. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probes/probes.h"

#define SMALL_MAX 65536

/* DMI strings of virtual machines: the outer hypervisor's id, its product and the cloud it is.
 * DMI names the product (a VirtualBox or EC2 Nitro guest shows the KVMKVMKVM signature of the
 * paravirtual interface it offers); first match wins, so clouds come before their hypervisors. */
static const struct {
	const char *field, *needle, *hypervisor, *product, *cloud;
} dmi_table[] = {
	{ "sys_vendor", "Amazon EC2", "kvm", "Amazon EC2", "Amazon EC2" },
	{ "bios_version", "amazon", "xen", "Xen", "Amazon EC2" }, /* Xen instances: "4.11.amazon" */
	{ "product_name", "Google Compute Engine", "kvm", "Google Compute Engine", "Google Compute Engine" },
	/* Azure's chassis asset tag, as cloud-init detects Azure */
	{ "chassis_asset_tag", "7783-7084-3265-9085-8269-3286-77", "hyperv", "Microsoft Azure",
	  "Microsoft Azure" },
	{ "sys_vendor", "innotek GmbH", "virtualbox", "VirtualBox", NULL },
	{ "product_name", "VirtualBox", "virtualbox", "VirtualBox", NULL },
	{ "sys_vendor", "VMware", "vmware", "VMware", NULL },
	{ "product_name", "Virtual Machine", "hyperv", "Hyper-V", NULL }, /* with sys_vendor Microsoft */
	{ "sys_vendor", "Xen", "xen", "Xen", NULL },
	{ "bios_vendor", "Xen", "xen", "Xen", NULL },
	{ "product_name", "HVM domU", "xen", "Xen", NULL },
	{ "sys_vendor", "Parallels", "parallels", "Parallels", NULL },
	{ "product_name", "Cloud Hypervisor", "kvm", "Cloud Hypervisor", NULL },
	/* ChromeOS's VMM writes SMBIOS sys_vendor "ChromiumOS", product_name "crosvm" (google/crosvm
	 * x86_64/src/smbios.rs setup_smbios); it runs the Linux (Crostini) VM under ChromeOS's KVM */
	{ "product_name", "crosvm", "kvm", VC_PRODUCT_CROSVM, NULL },
	/* KubeVirt's default SMBIOS: manufacturer "KubeVirt", product "None", family "KubeVirt"
	 * (kubevirt/kubevirt pkg/virt-config config test "When unset, should return default
	 * values"); its VMs are QEMU/KVM guests of the node */
	{ "sys_vendor", "KubeVirt", "kvm", "KubeVirt", NULL },
	{ "sys_vendor", "QEMU", "kvm", "QEMU", NULL },
	{ "product_name", "KVM", "kvm", "KVM", NULL },
};

/* Clouds and VPS providers that DMI names (as cloud-init's datasources detect them: the whole
 * value, not a word in it), whose
 * hypervisor is the CPUID signature's: their bare-metal servers carry the same DMI, and only the
 * hypervisor bit tells them apart. */
static const struct {
	const char *field, *needle, *cloud;
} dmi_clouds[] = {
	{ "sys_vendor", "Hetzner", "Hetzner Cloud" },		    /* DataSourceHetzner get_hcloud_data */
	{ "sys_vendor", "DigitalOcean", "DigitalOcean" },	    /* DataSourceDigitalOcean read_sysinfo */
	{ "sys_vendor", "Vultr", "Vultr" },			    /* doc/rtd/reference/datasources/vultr */
	{ "sys_vendor", "Scaleway", "Scaleway" },		    /* DataSourceScaleway */
	{ "sys_vendor", "UpCloud", "UpCloud" },			    /* DataSourceUpCloud read_sysinfo */
	{ "product_name", "Alibaba Cloud ECS", "Alibaba Cloud" },   /* DataSourceAliYun */
	{ "chassis_asset_tag", "OracleCloud.com", "Oracle Cloud" }, /* datasources/oracle */
};

/* The product behind a CPUID signature id, when DMI names none. */
static const struct {
	const char *id, *product;
} signature_products[] = {
	{ "kvm", "KVM" },	{ "hyperv", "Hyper-V" },	{ "xen", "Xen" },
	{ "vmware", "VMware" }, { "virtualbox", "VirtualBox" }, { "qemu-tcg", "QEMU (TCG)" },
	{ "bhyve", "bhyve" },	{ "parallels", "Parallels" },	{ "apple", "Apple Virtualization" },
	{ "acrn", "ACRN" },	{ "kvmtool", "kvmtool" },	{ "qnx", "QNX Hypervisor" },
};

struct outer {
	const char *hypervisor, *product, *cloud;
};

/*
 * Cloud kernels named by their flavour: Ubuntu's kernel variants for one cloud each (linux-aws,
 * "Complete Linux kernel for Amazon Web Services (AWS) systems"; linux-azure, linux-gcp, linux-gke,
 * linux-oracle; https://ubuntu.com/kernel/variants, packages.ubuntu.com), with sub-flavours after a
 * dash ("-aws-64k", "-azure-fde", "-gcp-64k"). Weaker than DMI: read only where DMI names no cloud
 * (a sandbox or restricted sysfs hides /sys/class/dmi; a container shows the node's kernel), only
 * in a virtual machine (the CPUID signature), and only of the hypervisors that cloud runs.
 */
static const struct {
	const char *flavour, *hypervisors, *cloud, *as;
	/* the product DMI may name where the flavour still says which cloud: Azure's DMI is
	 * Hyper-V's ("Microsoft Corporation", "Virtual Machine"), its asset tag alone tells, and a
	 * report rarely shows it. The other clouds' DMI names them (EC2 sys_vendor, GCE product_name,
	 * Oracle's asset tag, all mode 0444: drivers/firmware/dmi-id.c): DMI read that names another
	 * hypervisor (QEMU, Xen) is a machine that runs a cloud image elsewhere */
	const char *over_dmi;
} kernel_flavours[] = {
	{ "-aws", "kvm xen", "Amazon EC2", "an AWS", NULL },
	{ "-azure", "hyperv", "Microsoft Azure", "an Azure", "Hyper-V" },
	{ "-gcp", "kvm", "Google Compute Engine", "a Google Cloud", NULL },
	{ "-gke", "kvm", "Google Compute Engine", "a GKE node's", NULL },
	{ "-oracle", "kvm", "Oracle Cloud", "an Oracle Cloud", NULL },
};

static bool word_in(const char *words, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = words; (p = strstr(p, w)); p += n)
		if ((p == words || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return true;
	return false;
}

/* The cloud a kernel release's flavour names ("5.15.0-1019-aws", "6.8.0-1021-azure-fde"), or -1. */
static int kernel_flavour(const char *rel)
{
	for (size_t i = 0; rel && i < ARRAY_SIZE(kernel_flavours); i++) {
		size_t n = strlen(kernel_flavours[i].flavour);

		for (const char *p = rel; (p = strstr(p, kernel_flavours[i].flavour)); p += n)
			if (p > rel && isdigit((unsigned char)p[-1]) && (!p[n] || p[n] == '-'))
				return (int)i;
	}
	return -1;
}

static void dmi(struct vc_ctx *ctx, struct vc_environment_facts *ef, struct outer *o)
{
	static const char *const fields[] = { "sys_vendor",   "product_name", "bios_vendor",
					      "bios_version", "board_vendor", "chassis_asset_tag" };
	char **vals[ARRAY_SIZE(fields)] = { &ef->dmi.sys_vendor,   &ef->dmi.product_name,
					    &ef->dmi.bios_vendor,  &ef->dmi.bios_version,
					    &ef->dmi.board_vendor, &ef->dmi.chassis_asset_tag };

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		char path[64];

		snprintf(path, sizeof(path), "/sys/class/dmi/id/%s", fields[i]);
		if (vc_ctx_read_value(ctx, path, vals[i]) < 0)
			*vals[i] = NULL;
	}
	memset(o, 0, sizeof(*o));
	for (size_t k = 0; k < ARRAY_SIZE(dmi_table) && !o->hypervisor; k++)
		for (size_t i = 0; i < ARRAY_SIZE(fields) && !o->hypervisor; i++)
			if (*vals[i] && strcmp(fields[i], dmi_table[k].field) == 0 &&
			    strstr(*vals[i], dmi_table[k].needle)) {
				if (strcmp(dmi_table[k].hypervisor, "hyperv") == 0 && !dmi_table[k].cloud &&
				    !(*vals[0] && strstr(*vals[0], "Microsoft")))
					continue;
				o->hypervisor = dmi_table[k].hypervisor;
				o->product = dmi_table[k].product;
				o->cloud = dmi_table[k].cloud;
				vc_evidence(ctx, "DMI %s \"%s\": %s", fields[i], *vals[i], o->product);
			}
	for (size_t k = 0; k < ARRAY_SIZE(dmi_clouds) && !o->cloud; k++)
		for (size_t i = 0; i < ARRAY_SIZE(fields) && !o->cloud; i++)
			if (*vals[i] && !strcmp(fields[i], dmi_clouds[k].field) &&
			    !strcmp(*vals[i], dmi_clouds[k].needle)) {
				o->cloud = dmi_clouds[k].cloud;
				vc_evidence(ctx, "DMI %s \"%s\": %s", fields[i], *vals[i], o->cloud);
			}
}

/* An EC2 bare-metal instance keeps the DMI vendor "Amazon EC2" and names its type ("c5.metal"):
 * no hypervisor runs under it (systemd's detect_vm_dmi() reads the same, systemd/systemd#19403).
 * Newer families have two metal sizes, "metal-24xl", "metal-48xl" (m7i.metal-24xl, m8i.metal-48xl:
 * AWS CDK's InstanceSize, XLARGE24METAL "metal-24xl"). */
static bool ec2_metal(struct vc_ctx *ctx, const struct vc_environment_facts *ef, const struct outer *o,
		      bool hv_bit)
{
	const char *pn = ef->dmi.product_name;

	const char *size = pn ? strrchr(pn, '.') : NULL;

	if (!o->cloud || strcmp(o->cloud, "Amazon EC2") != 0 || !size ||
	    (strcmp(size, ".metal") != 0 && strncmp(size, ".metal-", 7) != 0) ||
	    (ctx->facts.cpuid.available && hv_bit))
		return false;
	vc_evidence(ctx, "DMI product_name \"%s\": an EC2 bare-metal instance, no outer hypervisor", pn);
	return true;
}

/*
 * A microVM under KVM's signature has no DMI tables; which VMM runs it (issue 15):
 * - Firecracker puts each virtio device on the kernel command line as virtio_mmio.device=4K@ADDR:IRQ
 *   (MMIO_LEN 0x1000, firecracker-microvm/firecracker src/vmm/src/device_manager/mmio.rs
 *   4be023f40e0a, add_virtio_device_to_cmdline) and, where it builds ACPI tables, names itself
 *   "FIRECK" in their OEM ID (src/vmm/src/acpi/mod.rs 97b5eb04fea9);
 * - QEMU's microvm machine appends virtio_mmio.device=512@ADDR:IRQ when ACPI is off (QEMU
 *   hw/i386/microvm.c microvm_get_mmio_cmdline()); with ACPI on (its default) the devices are in
 *   the DSDT, whose OEM ID is QEMU's "BOCHS ".
 * The DSDT is readable by root only; the command line by anyone. Returns the product, or NULL.
 */
static const char *microvm(struct vc_ctx *ctx, const struct vc_environment_facts *ef, const char *sig)
{
	_cleanup_(freep) char *cmdline = NULL, *dsdt = NULL;
	size_t len = 0;
	const char *vmm = NULL, *by = NULL;

	if (!streq_ptr(sig, "kvm") || ef->dmi.sys_vendor || ef->dmi.product_name || ef->dmi.bios_vendor)
		return NULL;
	/* the ACPI table header: signature (4), length (4), revision, checksum, OEM ID (6) */
	if (vc_host_read_flags(ctx->host, "/sys/firmware/acpi/tables/DSDT", 36, VC_READ_HEAD, &dsdt, &len) ==
		    0 &&
	    len >= 16) {
		if (!memcmp(dsdt + 10, "FIRECK", 6))
			vmm = "Firecracker", by = "the ACPI DSDT's OEM ID \"FIRECK\"";
		else if (!memcmp(dsdt + 10, "BOCHS ", 6))
			vmm = "QEMU microvm", by = "the ACPI DSDT's OEM ID \"BOCHS\" (QEMU)";
	}
	if (!vmm && vc_host_read(ctx->host, "/proc/cmdline", SMALL_MAX, &cmdline, NULL) == 0) {
		if (strstr(cmdline, "virtio_mmio.device=4K@"))
			vmm = "Firecracker", by = "virtio_mmio.device=4K@ on the kernel command line";
		else if (strstr(cmdline, "virtio_mmio.device=512@"))
			vmm = "QEMU microvm", by = "virtio_mmio.device=512@ on the kernel command line";
	}
	if (vmm)
		vc_evidence(ctx, "no DMI tables and %s: a %s guest", by, vmm);
	return vmm;
}

/*
 * A Xen domain says which kind it is in sysfs (drivers/xen/sys-hypervisor.c): /sys/hypervisor/type
 * is "xen" and guest_type "PV", "PVH" or "HVM" (Linux 4.13+, commit 4a4c29c96dde "xen: add sysfs
 * node for guest type", made because user space had no reliable way to tell). Where guest_type is
 * missing, the kernel log's "Booting paravirtualized kernel on Xen" says PV only without DMI tables
 * (an HVM domain has them; a PV domU has none) and without any "Xen HVM" line: older kernels print
 * the same boot line in PVHVM domains (an EC2 HVM log beside "Hypervisor detected: Xen HVM",
 * GaloisInc/HaLVM#17; speed47/spectre-meltdown-checker#163). properties/features
 * is the XENVER_get_features word: bit 11, XENFEAT_dom0, marks the hardware domain (systemd#7581).
 */
const char *vc_probe_xen(struct vc_ctx *ctx)
{
	struct vc_environment_facts *ef = &ctx->facts.environment;
	_cleanup_(freep) char *type = NULL, *gt = NULL, *features = NULL, *dmi = NULL;
	static const char *const kinds[] = { "PV", "PVH", "HVM" };

	if (ef->xen_read)
		return ef->xen_guest_type;
	ef->xen_read = true;
	if (vc_host_read_value(ctx->host, "/sys/hypervisor/type", &type) < 0 || strcmp(type, "xen") != 0)
		return NULL;
	ef->xen = true;
	if (vc_host_read_value(ctx->host, "/sys/hypervisor/guest_type", &gt) == 0)
		for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
			if (!strcmp(gt, kinds[i]))
				ef->xen_guest_type = kinds[i];
	if (!ef->xen_guest_type &&
	    vc_host_read_value(ctx->host, "/sys/class/dmi/id/product_name", &dmi) < 0) {
		struct vc_xen_log x = vc_probe_xen_log(ctx);

		if (x.pv && !x.hvm)
			ef->xen_guest_type = "PV";
	}
	if (vc_host_read_value(ctx->host, "/sys/hypervisor/properties/features", &features) == 0)
		ef->xen_dom0 = (strtoul(features, NULL, 16) >> 11) & 1;
	vc_evidence(ctx, "/sys/hypervisor/type xen, guest_type %s%s: a Xen %s", gt ? gt : "unreadable",
		    ef->xen_dom0 ? ", XENFEAT_dom0 set" : "",
		    ef->xen_dom0 ? "dom0 (the hardware domain)" : "domain");
	return ef->xen_guest_type;
}

struct vc_xen_log vc_probe_xen_log(struct vc_ctx *ctx)
{
	static const char banner[] = "Booting paravirtualized kernel on Xen";
	struct vc_xen_log x = { 0 };
	char *const *lines;
	size_t n;

	if (vc_host_lines(ctx->host, "kmsg", &lines, &n) < 0)
		return x;
	for (size_t i = 0; i < n; i++) {
		const char *m = strstr(lines[i], banner);

		x.pv |= m && !m[strlen(banner)];
		x.banner |= m || strstr(lines[i], "Xen version: ");
		x.hvm |= strstr(lines[i], "Xen HVM") != NULL;
	}
	return x;
}

/* A Xen EC2 instance without DMI tables (PV): its /sys/hypervisor/uuid begins with "ec2" (AWS,
 * "Identify EC2 Linux instances"; mackerelio/mackerel-agent#488 reads the same file). */
static const char *xen_ec2(struct vc_ctx *ctx)
{
	_cleanup_(freep) char *uuid = NULL, *extra = NULL;

	if (vc_host_read_value(ctx->host, "/sys/hypervisor/uuid", &uuid) < 0 ||
	    strncasecmp(uuid, "ec2", 3) != 0)
		return NULL;
	/* one random UUID in 4096 begins with "ec2": where Xen says its extra version, EC2's is
	 * ".amazon" (an EC2 PV boot log: "Xen version: 4.2.amazon (preserve-AD)", the extraversion
	 * xen_banner() prints) */
	if (vc_host_read_value(ctx->host, "/sys/hypervisor/version/extra", &extra) == 0 &&
	    !strstr(extra, "amazon"))
		return NULL;
	vc_evidence(ctx, "/sys/hypervisor/uuid %s: Amazon EC2", uuid);
	return "Amazon EC2";
}

/* DMI first, the CPUID signature second; WSL2 is Hyper-V whatever the rest says. */
static void outer_hypervisor(struct vc_ctx *ctx, const char *sig, const char *w, struct outer *o)
{
	const char *rel = ctx->facts.kernel;

	if (w && !strcmp(w, "wsl2")) {
		*o = (struct outer){ "hyperv", "Hyper-V", NULL };
		return;
	}
	/* Xen's own word (sysfs) beats a CPUID that a PV domain reads from the host itself */
	const char *xen = vc_probe_xen(ctx);

	if (ctx->facts.environment.xen_dom0) {
		/* Xen's own answer first: it lists "hvm-3.0-x86_64" among its capabilities only where
		 * it has VT-x/AMD-V for HVM domains (xen/arch/x86/setup.c, arch_get_xen_caps: "if (
		 * hvm_enabled )"), which dom0 reads in /sys/hypervisor/properties/capabilities. Without
		 * it, dom0's CPUID: what Xen shows dom0 of VMX/SVM (none, where Xen faults dom0's CPUID,
		 * its default in current releases) or the host's CPU (where dom0 runs it unfaulted:
		 * systemd#7165). DMI, or the host's signature dom0 may read, names the hypervisor that
		 * runs this Xen (an EC2 .metal instance keeps EC2's DMI, and has HVM) */
		const struct vc_cpuid_facts *c = &ctx->facts.cpuid;
		_cleanup_(freep) char *caps = NULL;
		bool no_vt;
		const char *by = NULL, *host = NULL;

		/* (x86's: Xen on Arm lists "xen-3.0-aarch64" and no hvm- ever, and has its
		 * virtualization extensions all the same) */
		if (vc_host_read_value(ctx->host, "/sys/hypervisor/properties/capabilities", &caps) == 0 &&
		    strstr(caps, "x86")) {
			_cleanup_(freep) char *shown = vc_sane(caps, 0);

			no_vt = !strstr(caps, "hvm-");
			vc_evidence(ctx, "/sys/hypervisor/properties/capabilities: %s (%s)", shown,
				    no_vt ? "no hvm-: Xen has no VT-x/AMD-V for HVM domains"
					  : "Xen runs HVM domains");
		} else {
			no_vt = c->available && !c->vmx && !c->svm;
		}

		if (!no_vt)
			;
		else if (o->hypervisor && strcmp(o->hypervisor, "xen") != 0) {
			host = o->product ? o->product : o->hypervisor;
			by = "DMI";
		} else if (sig && strcmp(sig, "xen") != 0 && strcmp(sig, "unknown") != 0) {
			host = sig;
			for (size_t i = 0; i < ARRAY_SIZE(signature_products); i++)
				if (!strcmp(sig, signature_products[i].id))
					host = signature_products[i].product;
			by = "the CPUID signature dom0 reads from the Xen host";
		}
		if (host) {
			ctx->facts.environment.xen_host = host;
			vc_evidence(ctx, "%s names %s: this Xen itself runs in a %s virtual machine", by,
				    host, host);
		}
		*o = (struct outer){ "xen", "Xen (dom0)", NULL };
		return;
	}
	if (xen && strcmp(xen, "HVM") != 0 && (!o->hypervisor || !strcmp(o->hypervisor, "xen"))) {
		*o = (struct outer){ "xen", strcmp(xen, "PV") ? "Xen (PVH)" : "Xen (PV)",
				     o->cloud ? o->cloud : xen_ec2(ctx) };
		return;
	}
	const char *micro = o->hypervisor ? NULL : microvm(ctx, &ctx->facts.environment, sig);

	if (streq_ptr(micro, "Firecracker")) {
		*o = (struct outer){ "kvm", "Firecracker", NULL };
		return;
	}
	if (micro) {
		*o = (struct outer){ "kvm", "KVM (QEMU microvm)", NULL };
		return;
	}
	if (o->product && !strcmp(o->product, "QEMU") && streq_ptr(sig, "kvm"))
		o->product = "KVM (QEMU)";
	/* a cloud's own kernel names the cloud where DMI named no hypervisor (a container or sandbox
	 * without /sys/class/dmi) or, for Azure, only Hyper-V's (its asset tag not read): the
	 * hypervisor stays the signature's or DMI's */
	int k = kernel_flavour(rel);

	if (k >= 0 && !o->cloud && sig && word_in(kernel_flavours[k].hypervisors, sig) &&
	    (!o->hypervisor ||
	     (kernel_flavours[k].over_dmi && streq_ptr(o->product, kernel_flavours[k].over_dmi) &&
	      word_in(kernel_flavours[k].hypervisors, o->hypervisor)))) {
		vc_evidence(ctx, "kernel %s is %s kernel: %s", rel, kernel_flavours[k].as,
			    kernel_flavours[k].cloud);
		o->product = o->cloud = kernel_flavours[k].cloud;
	}
	if (o->hypervisor || !sig)
		return;
	o->hypervisor = sig;
	if (o->product) /* the cloud its kernel names */
		return;
	o->product = sig;
	for (size_t i = 0; i < ARRAY_SIZE(signature_products); i++)
		if (!strcmp(sig, signature_products[i].id))
			o->product = signature_products[i].product;
}

static const char *wsl(struct vc_ctx *ctx)
{
	const char *rel = ctx->facts.kernel;
	_cleanup_(freep) char *version = NULL;

	if (rel && (strstr(rel, "microsoft-standard") || strstr(rel, "WSL2"))) {
		vc_evidence(ctx, "kernel release %s: WSL2", rel);
		return "wsl2";
	}
	if (vc_host_read(ctx->host, "/proc/version", SMALL_MAX, &version, NULL) == 0 &&
	    strstr(version, "Microsoft")) {
		vc_evidence(ctx, "/proc/version names Microsoft: WSL1");
		return "wsl1";
	}
	return NULL;
}

/* The root filesystem's type from /proc/self/mountinfo ("... - TYPE SOURCE OPTIONS"). */
static void root_fs(struct vc_ctx *ctx, char *type, size_t tlen, char *src, size_t slen)
{
	_cleanup_(freep) char *mi = NULL;
	char *cur, *line;

	snprintf(type, tlen, "?");
	snprintf(src, slen, "?");
	if (vc_host_read(ctx->host, "/proc/self/mountinfo", 1u << 20, &mi, NULL) < 0)
		return;
	cur = mi;
	while ((line = next_line(&cur))) {
		char mnt[16], t[32], s[64];
		const char *dash = strstr(line, " - ");

		if (sscanf(line, "%*s %*s %*s %*s %15s", mnt) != 1 || strcmp(mnt, "/") != 0 || !dash)
			continue;
		if (sscanf(dash + 3, "%31s %63s", t, s) == 2) {
			snprintf(type, tlen, "%s", t);
			snprintf(src, slen, "%s", s);
		}
	}
}

static const char *container(struct vc_ctx *ctx, char out[static 32])
{
	_cleanup_(freep) char *env = NULL, *marker = NULL, *cgroup = NULL, *info = NULL, *manager = NULL;
	char fstype[32], fssrc[64];
	size_t len;
	enum vc_ftype t;

	/* ChromeOS's Linux container (Crostini) holds /dev/.cros_milestone, ChromeOS's milestone, and is
	 * an LXC container too (/run/systemd/container says lxc): the ChromeOS fact first. Tools read
	 * it to tell Crostini (Dart-Code/Dart-Code src/shared/constants.ts isChromeOS) */
	if (vc_host_read_value(ctx->host, "/dev/.cros_milestone", &marker) == 0) {
		vc_evidence(ctx,
			    "/dev/.cros_milestone: ChromeOS milestone %s: the Linux (Crostini) container",
			    *marker ? marker : "?");
		return "crostini";
	}
	/* what container managers themselves write (systemd's convention) */
	if (vc_host_read_value(ctx->host, "/run/systemd/container", &marker) == 0 && *marker) {
		vc_evidence(ctx, "/run/systemd/container: %s", marker);
		snprintf(out, 32, "%s", marker);
		return out;
	}
	if (vc_host_read(ctx->host, "/proc/1/environ", SMALL_MAX, &env, &len) == 0) {
		for (size_t off = 0; off < len; off += strlen(env + off) + 1)
			if (startswith(env + off, "container=")) {
				vc_evidence(ctx, "/proc/1/environ: %s", env + off);
				snprintf(out, 32, "%s", env + off + 10);
				return out;
			}
	}
	/* a flatpak sandbox: /.flatpak-info names the app and its [Context] devices= (kvm only when
	 * granted); flatpak also writes /run/host/container-manager (flatpak-run.c) */
	if (vc_host_read(ctx->host, "/.flatpak-info", SMALL_MAX, &info, NULL) == 0) {
		const char *app = strstr(info, "\nname=");
		const char *dev = strstr(info, "\ndevices=");

		vc_evidence(ctx, "/.flatpak-info: a flatpak sandbox, app %.*s, devices %.*s",
			    app ? (int)strcspn(app + 6, "\n") : 1, app ? app + 6 : "?",
			    dev ? (int)strcspn(dev + 9, "\n") : 6, dev ? dev + 9 : "(none)");
		return "flatpak";
	}
	if (vc_host_read_value(ctx->host, "/run/host/container-manager", &manager) == 0 && *manager) {
		vc_evidence(ctx, "/run/host/container-manager: %s", manager);
		snprintf(out, 32, "%s", manager);
		return out;
	}
	if (vc_host_stat(ctx->host, "/run/.containerenv", &t) == 0) {
		vc_evidence(ctx, "/run/.containerenv exists: podman");
		return "podman";
	}
	root_fs(ctx, fstype, sizeof(fstype), fssrc, sizeof(fssrc));
	vc_host_read(ctx->host, "/proc/self/cgroup", SMALL_MAX, &cgroup, NULL);
	if (vc_host_stat(ctx->host, "/.dockerenv", &t) == 0) {
		/* images built with docker keep /.dockerenv: a VM booted from one is no container */
		bool overlay = strstr(fstype, "overlay") || strcmp(fstype, "aufs") == 0;

		if (overlay || (cgroup && strstr(cgroup, "docker"))) {
			_cleanup_(freep) char *rel = NULL;
			size_t n = 0;

			vc_evidence(ctx, "/.dockerenv exists and / is %s: docker", fstype);
			/* Docker Desktop's engine runs in a LinuxKit VM: its containers see that VM's
			 * kernel, "-linuxkit" (eclipse/che#7326; dockur/windows#856 on Linux) */
			if (vc_host_read_value(ctx->host, "/proc/sys/kernel/osrelease", &rel) == 0 &&
			    (n = strlen(rel)) > 9 && !strcmp(rel + n - 9, "-linuxkit")) {
				vc_evidence(ctx, "kernel %s: Docker Desktop's LinuxKit VM", rel);
				return "docker-desktop";
			}
			return "docker";
		}
		vc_evidence(ctx,
			    "/.dockerenv exists, but / is %s on %s: a filesystem built as a container image, "
			    "not a container (systemd-detect-virt says \"docker\" here)",
			    fstype, fssrc);
	}
	if (cgroup && (strstr(cgroup, "/lxc/") || strstr(cgroup, "/lxc.payload"))) {
		vc_evidence(ctx, "/proc/self/cgroup names lxc");
		return "lxc";
	}
	if (cgroup && strstr(cgroup, "/kubepods")) {
		vc_evidence(ctx, "/proc/self/cgroup names kubepods");
		return "kubernetes";
	}
	return NULL;
}

/*
 * firejail (netblue30/firejail) sets container=firejail in the environment of the program it starts
 * (src/firejail/sandbox.c start_application() calls env_defaults(), src/firejail/env.c:
 * env_store_name_val("container", "firejail", SETENV), git 19550fadd9ad), and firejail itself reads
 * it there to tell it runs inside one (src/firejail/main.c). The sandbox's PID 1 is firejail, started
 * with the user's environment, so /proc/1/environ does not show it: this process's own environment
 * does. Where that was cleared, the sandbox's own mount of /run/firejail/mnt does: sandbox.c mounts a
 * tmpfs there in the sandbox's mount namespace (preproc_mount_mnt_dir(), src/firejail/preproc.c)
 * and makes seccomp/ in it, while the host's /run/firejail/mnt stays an empty directory.
 */
const char *vc_probe_sandbox(struct vc_ctx *ctx)
{
	struct vc_environment_facts *ef = &ctx->facts.environment;
	_cleanup_(freep) char *env = NULL;
	size_t len;
	enum vc_ftype t;

	if (ef->sandbox_read)
		return ef->sandbox;
	ef->sandbox_read = true;
	if (vc_host_read(ctx->host, "/proc/self/environ", SMALL_MAX, &env, &len) == 0)
		for (size_t off = 0; off < len; off += strlen(env + off) + 1)
			if (!strcmp(env + off, "container=firejail")) {
				vc_evidence(ctx,
					    "/proc/self/environ: container=firejail: a firejail sandbox");
				return ef->sandbox = "firejail";
			}
	if (vc_host_stat(ctx->host, "/run/firejail/mnt/seccomp", &t) == 0 && t == VC_FT_DIR) {
		vc_evidence(ctx, "/run/firejail/mnt/seccomp exists (firejail's tmpfs, mounted only inside "
				 "its sandboxes): a firejail sandbox");
		ef->sandbox = "firejail";
	}
	return ef->sandbox;
}

static const char *confidential(struct vc_ctx *ctx)
{
	struct vc_devnode d;
	char *const *lines;
	size_t n;

	const struct vc_cpuid_facts *c = &ctx->facts.cpuid;

	if (c->tdx_guest || c->cpuinfo_flags.tdx_guest) {
		vc_evidence(ctx, "%s: a TDX guest",
			    c->tdx_guest ? "CPUID 0x21 \"IntelTDX\"" : "/proc/cpuinfo flag tdx_guest");
		return "tdx";
	}
	if (c->hv_isolation == 2 || c->hv_isolation == 3)
		return c->hv_isolation == 2 ? "sev-snp" : "tdx";
	if (vc_host_devnode(ctx->host, "/dev/tdx_guest", &d) == 0)
		return "tdx";
	if (vc_host_devnode(ctx->host, "/dev/sev-guest", &d) == 0)
		return "sev-snp";
	/* the kernel log only when the platform probe read it: reading it costs ~1.5 ms */
	if ((ctx->facts.ran & VC_P(VC_PROBE_PLATFORM)) && vc_host_lines(ctx->host, "kmsg", &lines, &n) == 0)
		for (size_t i = 0; i < n; i++) {
			const char *iso = strstr(lines[i], "Hyper-V: Isolation Config: Group A ");
			unsigned a, b;

			/* the same leaf as the kernel read it at boot (hyperv_isolation() in
			 * probes/cpuid.c): an Azure confidential VM's paravisor hides the
			 * vendor's own SEV-SNP bits, and the "Memory Encryption" line may be
			 * gone from a small ring buffer */
			if (iso &&
			    sscanf(iso, "Hyper-V: Isolation Config: Group A %x, Group B %x", &a, &b) == 2 &&
			    ((b & 0xf) == 2 || (b & 0xf) == 3)) {
				vc_evidence(ctx, "kernel log: %s: a Hyper-V isolated VM (%s)", iso,
					    (b & 0xf) == 2 ? "SEV-SNP" : "TDX");
				return (b & 0xf) == 2 ? "sev-snp" : "tdx";
			}
			if (strstr(lines[i], "Memory Encryption Features active")) {
				vc_evidence(ctx, "kernel log: %s",
					    lines[i] + strspn(lines[i], "0123456789 "));
				return strstr(lines[i], "TDX")	     ? "tdx"
				       : strstr(lines[i], "SEV-SNP") ? "sev-snp"
								     : "sev";
			}
		}
	return NULL;
}

/* A CI job: which CI variables are set (the "env" record), or a runner account runs this. */
static const char *ci(struct vc_ctx *ctx)
{
	const struct vc_identity *id = NULL;
	const char *why, *name;

	/* under sudo the runner account is the invoker's (sudo drops the CI variables) */
	if ((vc_host_invoker(ctx->host, &id) < 0 || !id) && vc_host_identity(ctx->host, &id) < 0)
		id = NULL;
	name = vc_ci_job(ctx->host, id, &why);
	if (name)
		vc_evidence(ctx, "a %s job (%s)", name, why);
	return name;
}

/* /dev/kvm was not found where KVM is loaded: make it again (a container's remedy is its
 * environment row's, lib/verdict/environment.c). */
static void no_device_remedies(struct vc_ctx *ctx, const char *container_name)
{
	struct vc_finding *f = vc_find_mut(ctx, VC_FID_KVM_NO_DEVICE);

	if (!f || f->remedies.n || container_name)
		return;
	vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
			  "sudo udevadm trigger --action=add --sysname-match=kvm");
	vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
			  "sudo mknod -m 0660 /dev/kvm c 10:232 && sudo chgrp kvm /dev/kvm   # where no "
			  "udev runs: repeat after each boot");
}

static void wsl2_finding(struct vc_ctx *ctx)
{
	enum vc_vt vt;
	bool hv_bit;

	if (vc_facts_vt(&ctx->facts, &vt, &hv_bit) && vt != VC_VT_NONE) {
		/* nesting is on: KVM works, and saying "enable it" would be wrong */
		vc_finding(ctx, VC_SEV_INFO, VC_FID_ENVIRONMENT_WSL2,
			   "This is WSL2 with nested virtualization: Hyper-V exposes %s to this Linux, so "
			   "KVM runs here; VirtualBox and VMware kernel modules cannot run inside WSL2.",
			   vc_vt_label(vt));
		return;
	}
	/* kvm.unavailable carries the remedy (nesting needs Windows 11) */
	vc_finding(ctx, VC_SEV_INFO, VC_FID_ENVIRONMENT_WSL2,
		   "This is WSL2 without nested virtualization: Hyper-V does not expose VT-x/AMD-V to "
		   "this Linux, so KVM cannot run here; VirtualBox and VMware kernel modules cannot run "
		   "inside WSL2 at all.");
}

/* podman fills /run/.containerenv (engine="podman-X.Y.Z", rootless=1, ...) only for a --privileged
 * container (podman-run(1)): the engine named there says both */
static void podman_engine(struct vc_ctx *ctx, struct vc_environment_facts *ef)
{
	_cleanup_(freep) char *cenv = NULL;
	const char *e;
	size_t n;

	if (vc_host_read(ctx->host, "/run/.containerenv", SMALL_MAX, &cenv, NULL) < 0 ||
	    !(e = strstr(cenv, "engine=\"")) || (e != cenv && e[-1] != '\n'))
		return;
	n = strcspn(e + 8, "\"\n");
	if (n == 0 || n >= 64)
		return;
	ef->container_engine = xstrndup(e + 8, n);
	/* and beside it whether the engine runs rootless, rootless=1 or 0 (podman-run(1): "whether the
	 * engine is running in rootless mode") */
	e = strstr(cenv, "\nrootless=");
	if (e && (e[10] == '0' || e[10] == '1') && (e[11] == '\n' || !e[11]))
		ef->container_rootless = e[10] == '1' ? VC_TRI_TRUE : VC_TRI_FALSE;
	vc_evidence(ctx,
		    "/run/.containerenv names its engine, %s%s: a --privileged container (podman writes "
		    "it only then)",
		    ef->container_engine,
		    ef->container_rootless == VC_TRI_TRUE    ? ", rootless=1"
		    : ef->container_rootless == VC_TRI_FALSE ? ", rootless=0"
							     : "");
}

static int environment_fill(struct vc_ctx *ctx)
{
	struct vc_environment_facts *ef = &ctx->facts.environment;
	enum vc_vt vt;
	bool hv_bit = false;
	const char *sig = ctx->facts.cpuid.available ? ctx->facts.cpuid.hypervisor : NULL, *w, *c, *cc;
	struct outer o;
	char cbuf[32];

	vc_facts_vt(&ctx->facts, &vt, &hv_bit);
	dmi(ctx, ef, &o);
	w = wsl(ctx);
	c = container(ctx, cbuf);
	cc = confidential(ctx);
	outer_hypervisor(ctx, sig, w, &o);
	if (ec2_metal(ctx, ef, &o, hv_bit))
		o = (struct outer){ 0 };
	ef->virtualized = hv_bit || o.hypervisor;
	ef->outer_hypervisor = ef->virtualized ? o.hypervisor : NULL;
	ef->product = ef->virtualized ? o.product : NULL;
	ef->cloud = ef->virtualized ? o.cloud : NULL;
	ef->wsl = w;
	ef->container = c ? xstrdup(c) : NULL;
	if (c && !strcmp(c, "podman"))
		podman_engine(ctx, ef);
	/* Docker Desktop's VM: /proc/modules lists that VM's modules, so "KVM is not loaded, modprobe
	 * it" speaks of the wrong kernel; no /dev/kvm reaches its containers (env_docker_desktop_no_kvm) */
	if (c && !strcmp(c, "docker-desktop") && ctx->facts.kvm.device.present != VC_TRI_TRUE &&
	    vc_find(ctx, VC_FID_KVM_NOT_LOADED)) {
		vc_finding_drop(ctx, VC_FID_KVM_NOT_LOADED);
		vc_finding(ctx, VC_SEV_ERROR, VC_FID_KVM_NO_DEVICE,
			   "/dev/kvm does not exist in this container: it runs in Docker Desktop's LinuxKit "
			   "VM (kernel %s), whose modules are the ones listed here, not the host's.",
			   ctx->facts.kernel ? ctx->facts.kernel : "?");
	}
	/* firejail run inside a container: the container is what counts for /dev and modules */
	if (vc_probe_sandbox(ctx) && c)
		ef->sandbox = NULL;
	ef->confidential_guest = cc;
	ef->user_namespace = vc_host_user_namespace(ctx->host, &ef->uid_map);
	ef->ci = ci(ctx);
	if (ef->product)
		vc_evidence(ctx, "running as a guest of %s (CPUID signature: %s)", ef->product,
			    sig ? sig : "none");
	if (ef->user_namespace)
		vc_evidence(ctx, "/proc/self/uid_map \"%s\": a user namespace that maps only some ids",
			    ef->uid_map ? ef->uid_map : "?");

	if (w && !strcmp(w, "wsl2"))
		wsl2_finding(ctx);
	else if (w)
		vc_finding_remedy(vc_finding(ctx, VC_SEV_WARNING, VC_FID_ENVIRONMENT_WSL1,
					     "This is WSL1: there is no Linux kernel, so neither KVM nor "
					     "VirtualBox's driver can run here."),
				  VC_REMEDY_PERSISTENT, true,
				  "wsl --set-version <distro> 2   (in PowerShell)");
	if (c) {
		bool kvm_node = ctx->facts.kvm.device.present == VC_TRI_TRUE;
		struct buf where = { 0 };

		/* how /dev/kvm gets in is the environment rows' remedy */
		if (!strcmp(c, "crostini")) {
			vc_finding(ctx, VC_SEV_INFO, VC_FID_ENVIRONMENT_CONTAINER,
				   "This is ChromeOS's Linux (Crostini) container, inside ChromeOS's "
				   "termina VM: termina's kernel has no module support, so VirtualBox's "
				   "and VMware's drivers cannot be loaded here at all, and KVM works here "
				   "only where ChromeOS gives this VM nested virtualization.%s",
				   kvm_node ? "" : " /dev/kvm does not exist here.");
		} else if (!strcmp(c, "docker-desktop")) {
			vc_finding(
				ctx, VC_SEV_INFO, VC_FID_ENVIRONMENT_CONTAINER,
				"This is a container of Docker Desktop, whose engine runs in a LinuxKit VM "
				"of its own: the kernel, its modules and /dev here are that VM's, not the "
				"host's, so no module remedy on the host reaches this container.%s",
				kvm_node ? "" : " /dev/kvm does not exist here.");
		} else {
			vc_facts_environment_name(&ctx->facts, &where);
			vc_finding(ctx, VC_SEV_INFO, VC_FID_ENVIRONMENT_CONTAINER,
				   "This is a %s%s: kernel modules and their parameters belong to the "
				   "host, so the module remedies below must be run on the host, not here.%s",
				   ef->user_namespace ? "rootless " : "", where.data,
				   kvm_node ? "" : " /dev/kvm is not passed into this container.");
			buf_free(&where);
		}
	}
	no_device_remedies(ctx, c);
	/* what is left to do is kvm.unavailable's remedy (the environment rows) */
	if (cc)
		vc_finding(ctx, VC_SEV_INFO, VC_FID_ENVIRONMENT_CONFIDENTIAL_GUEST,
			   "This is a confidential guest (%s): its outer hypervisor cannot offer nested "
			   "virtualization to it, so no hypervisor can run VMs with hardware acceleration "
			   "here, and enabling nesting on the host does not change that.",
			   cc);
	return 0;
}

const struct vc_probe probe_environment = {
	.name = "environment",
	.id = VC_PROBE_ENVIRONMENT,
	.needs = VC_P(VC_PROBE_CPUID) | VC_P(VC_PROBE_KVM),
	.after = VC_P(VC_PROBE_PLATFORM),
	.summary = "where this system runs: nested (which outer hypervisor), WSL, containers, confidential "
		   "guests",
	.fill = environment_fill,
};
