/* Environment probe: nested (which outer hypervisor), WSL2, containers, confidential guests. */
#include <errno.h>
#include <string.h>

#include "lib/model/remedies.h"
#include "probes/probes.h"

#define SMALL_MAX 65536

/* DMI vendor/product strings of virtual machines, and the hypervisor each one means. */
static const struct {
	const char *field, *needle, *hypervisor;
} dmi_table[] = {
	{ "sys_vendor", "QEMU", "kvm" },
	{ "product_name", "KVM", "kvm" },
	{ "sys_vendor", "Amazon EC2", "kvm" },
	{ "product_name", "Google Compute Engine", "kvm" },
	{ "sys_vendor", "VMware", "vmware" },
	{ "product_name", "VirtualBox", "virtualbox" },
	{ "sys_vendor", "innotek GmbH", "virtualbox" },
	{ "product_name", "Virtual Machine", "hyperv" }, /* with sys_vendor Microsoft Corporation */
	{ "sys_vendor", "Xen", "xen" },
	{ "bios_vendor", "Xen", "xen" },
	{ "sys_vendor", "Parallels", "parallels" },
	{ "product_name", "Cloud Hypervisor", "kvm" },
};

static void dmi(struct vc_ctx *ctx, struct vc_environment_facts *ef, const char **hv)
{
	static const char *const fields[] = { "sys_vendor", "product_name", "bios_vendor", "board_vendor" };
	char **vals[ARRAY_SIZE(fields)] = { &ef->dmi.sys_vendor, &ef->dmi.product_name, &ef->dmi.bios_vendor,
					    &ef->dmi.board_vendor };

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		char path[64];

		snprintf(path, sizeof(path), "/sys/class/dmi/id/%s", fields[i]);
		if (vc_ctx_read_value(ctx, path, vals[i]) < 0)
			*vals[i] = NULL;
	}
	*hv = NULL;
	for (size_t k = 0; k < ARRAY_SIZE(dmi_table) && !*hv; k++)
		for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
			if (*vals[i] && strcmp(fields[i], dmi_table[k].field) == 0 &&
			    strstr(*vals[i], dmi_table[k].needle)) {
				if (strcmp(dmi_table[k].hypervisor, "hyperv") == 0 &&
				    !(*vals[0] && strstr(*vals[0], "Microsoft")))
					continue;
				*hv = dmi_table[k].hypervisor;
				vc_evidence(ctx, "DMI %s \"%s\": a %s virtual machine", fields[i], *vals[i],
					    *hv);
			}
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
	_cleanup_(freep) char *env = NULL, *marker = NULL, *cgroup = NULL;
	char fstype[32], fssrc[64];
	size_t len;
	enum vc_ftype t;

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
			vc_evidence(ctx, "/.dockerenv exists and / is %s: docker", fstype);
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

static const char *confidential(struct vc_ctx *ctx)
{
	struct vc_devnode d;
	char *const *lines;
	size_t n;

	if (vc_host_devnode(ctx->host, "/dev/tdx_guest", &d) == 0)
		return "tdx";
	if (vc_host_devnode(ctx->host, "/dev/sev-guest", &d) == 0)
		return "sev-snp";
	/* the kernel log only when the platform probe read it: reading it costs ~1.5 ms */
	if ((ctx->facts.ran & VC_P(VC_PROBE_PLATFORM)) && vc_host_lines(ctx->host, "kmsg", &lines, &n) == 0)
		for (size_t i = 0; i < n; i++)
			if (strstr(lines[i], "Memory Encryption Features active")) {
				vc_evidence(ctx, "kernel log: %s",
					    lines[i] + strspn(lines[i], "0123456789 "));
				return strstr(lines[i], "TDX")	     ? "tdx"
				       : strstr(lines[i], "SEV-SNP") ? "sev-snp"
								     : "sev";
			}
	return NULL;
}

static int environment_fill(struct vc_ctx *ctx)
{
	struct vc_environment_facts *ef = &ctx->facts.environment;
	bool hv_bit = ctx->facts.cpuid.available && ctx->facts.cpuid.hypervisor_bit;
	const char *sig = ctx->facts.cpuid.available ? ctx->facts.cpuid.hypervisor : NULL, *dmi_hv, *w, *c,
		   *cc;
	const char *outer;
	char cbuf[32];

	dmi(ctx, ef, &dmi_hv);
	w = wsl(ctx);
	c = container(ctx, cbuf);
	cc = confidential(ctx);
	outer = w && !strcmp(w, "wsl2") ? "hyperv" : sig ? sig : dmi_hv;
	ef->virtualized = hv_bit || dmi_hv || (w && !strcmp(w, "wsl2"));
	ef->outer_hypervisor = outer;
	ef->wsl = w;
	ef->container = c ? xstrdup(c) : NULL;
	ef->confidential_guest = cc;
	if (outer)
		vc_evidence(ctx, "running as a guest of %s (CPUID signature: %s, DMI: %s)", outer,
			    sig ? sig : "none", dmi_hv ? dmi_hv : "none");

	/* restarting WSL restarts this Linux: its reboot */
	if (w && !strcmp(w, "wsl2")) {
		struct buf b = { 0 };

		vc_remedy_nested(&b, &ctx->facts);
		vc_finding_remedy(
			vc_finding(ctx, VC_SEV_INFO, VC_FID_ENVIRONMENT_WSL2,
				   "This is WSL2: Hyper-V owns VT-x/AMD-V. KVM works here only with "
				   "nested virtualization enabled for WSL; VirtualBox and VMware "
				   "kernel modules cannot run inside WSL2 at all."),
			VC_REMEDY_PERSISTENT, true, "%s", b.data);
		buf_free(&b);
	} else if (w)
		vc_finding_remedy(vc_finding(ctx, VC_SEV_WARNING, VC_FID_ENVIRONMENT_WSL1,
					     "This is WSL1: there is no Linux kernel, so neither KVM nor "
					     "VirtualBox's driver can run here."),
				  VC_REMEDY_PERSISTENT, true,
				  "wsl --set-version <distro> 2   (in PowerShell)");
	if (c) {
		bool kvm_node = ctx->facts.kvm.device.present == VC_TRI_TRUE;

		struct vc_finding *f = vc_finding(
			ctx, VC_SEV_INFO, VC_FID_ENVIRONMENT_CONTAINER,
			"This is a %s container: kernel modules and their parameters belong to the host, "
			"so the module remedies below must be run on the host, not here.%s",
			c, kvm_node ? "" : " /dev/kvm is not passed into this container.");

		if (!kvm_node)
			vc_finding_remedy(
				f, VC_REMEDY_PERSISTENT, false,
				"Start the container with the device passed through, e.g. `docker run "
				"--device /dev/kvm ...` (podman: the same option).");
	}
	if (cc)
		vc_finding(ctx, VC_SEV_INFO, VC_FID_ENVIRONMENT_CONFIDENTIAL_GUEST,
			   "This is a confidential guest (%s): its outer hypervisor does not offer nested "
			   "virtualization, so no hypervisor can run VMs with hardware acceleration here.",
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
