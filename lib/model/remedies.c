/* Remedy text that several places give: one copy, so the report, switch and preflight say the
 * same thing for the same question. */
#include "lib/base/sanitise.h"
#include "lib/model/remedies.h"
#include "lib/model/report.h"

#include <string.h>

/* The command that rewrites GRUB's configuration from /etc/default/grub on this distribution. */
static const char *grub_update(const struct vc_facts *f)
{
	switch (f->distro.family) {
	case VC_DISTRO_ARCH:
		return "sudo grub-mkconfig -o /boot/grub/grub.cfg";
	case VC_DISTRO_SUSE:
	case VC_DISTRO_FEDORA:
		return "sudo grub2-mkconfig -o /boot/grub2/grub.cfg";
	default:
		return "sudo update-grub";
	}
}

/*
 * Sources: NixOS manual, "Linux Kernel" (boot.kernelParams, boot.extraModprobeConfig,
 * boot.blacklistedKernelModules; /etc is generated); rpm-ostree(1) kargs; grubby(8); Debian
 * update-grub(8); Arch wiki "Kernel parameters" (GRUB, systemd-boot and UKIs: /etc/kernel/cmdline,
 * mkinitcpio -P); openSUSE "GRUB 2" (grub2-mkconfig).
 */
/* "`sudo kernel-install add REL /boot/vmlinuz-REL` and reboot": the release is the machine's, so
 * the words are quoted when they need it */
static void kernel_install(struct buf *b, const struct vc_facts *f)
{
	_cleanup_(freep) char *image = f->kernel ? xasprintf("/boot/vmlinuz-%s", f->kernel) : NULL;
	_cleanup_(freep) char *qrel = f->kernel ? vc_shell_quote(f->kernel) : xstrdup("$(uname -r)");
	_cleanup_(freep) char *qimage = image ? vc_shell_quote(image) : xstrdup("/boot/vmlinuz-$(uname -r)");

	buf_printf(b, "`sudo kernel-install add %s %s` and reboot", qrel, qimage);
}

void vc_remedy_cmdline(struct buf *b, const struct vc_facts *f, const char *param)
{
	if (f->distro.family == VC_DISTRO_NIXOS) {
		buf_printf(b,
			   "add \"%s\" to boot.kernelParams in /etc/nixos/configuration.nix (NixOS "
			   "generates the boot entries), then `sudo nixos-rebuild boot && sudo systemctl "
			   "reboot`",
			   param);
		return;
	}
	if (f->distro.family == VC_DISTRO_OSTREE) {
		buf_printf(b, "sudo rpm-ostree kargs --append=%s && sudo systemctl reboot", param);
		return;
	}
	switch (f->platform.boot_loader) {
	case VC_BOOT_GRUBBY:
		buf_printf(b, "sudo grubby --update-kernel=ALL --args=\"%s\" && sudo systemctl reboot",
			   param);
		break;
	case VC_BOOT_GRUB:
		buf_printf(b,
			   "add %s to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then `%s && sudo "
			   "systemctl reboot`",
			   param, grub_update(f));
		break;
	case VC_BOOT_KERNEL_CMDLINE:
		if (f->distro.family == VC_DISTRO_ARCH)
			buf_printf(b,
				   "append %s to /etc/kernel/cmdline, then `sudo mkinitcpio -P` (it rebuilds "
				   "the unified kernel images) and reboot",
				   param);
		else {
			buf_printf(b, "append %s to /etc/kernel/cmdline, then ", param);
			kernel_install(b, f);
		}
		break;
	default:
		buf_printf(b, "add %s to the kernel command line of your boot loader and reboot", param);
		break;
	}
}

/* The line of a configuration file that sets param, and that line without it. */
static const struct vc_cmdline_source *cmdline_source(const struct vc_facts *f, const char *param,
						      struct buf *without)
{
	for (size_t i = 0; i < f->distro.cmdline_sources.n; i++) {
		const struct vc_cmdline_source *s = &f->distro.cmdline_sources.v[i];
		const char *p = strstr(s->text, param);
		size_t n = strlen(param);

		/* a whole word: after a space, a quote or '=', and before one or the end */
		if (!p || (p != s->text && !strchr(" \"'=", p[-1])) || (p[n] && !strchr(" \"'", p[n])))
			continue;
		/* drop the parameter and one space next to it */
		if (p != s->text && p[-1] == ' ')
			buf_printf(without, "%.*s%s", (int)(p - 1 - s->text), s->text, p + n);
		else
			buf_printf(without, "%.*s%s", (int)(p - s->text), s->text,
				   p[n] == ' ' ? p + n + 1 : p + n);
		return s;
	}
	return NULL;
}

void vc_remedy_cmdline_remove(struct buf *b, const struct vc_facts *f, const char *param)
{
	struct buf without = { 0 };
	const struct vc_cmdline_source *s;

	if (f->distro.family == VC_DISTRO_NIXOS) {
		buf_printf(b,
			   "remove \"%s\" from boot.kernelParams in /etc/nixos/configuration.nix, then "
			   "`sudo nixos-rebuild boot && sudo systemctl reboot`",
			   param);
		return;
	}
	if (f->distro.family == VC_DISTRO_OSTREE) {
		buf_printf(b, "sudo rpm-ostree kargs --delete=%s && sudo systemctl reboot", param);
		return;
	}
	if (f->platform.boot_loader == VC_BOOT_GRUBBY) {
		buf_printf(b, "sudo grubby --update-kernel=ALL --remove-args=\"%s\" && sudo systemctl reboot",
			   param);
		return;
	}
	s = cmdline_source(f, param, &without);
	if (s) {
		buf_printf(b, "edit %s (`sudoedit %.*s`): change\n  %s\nto\n  %s\nthen ", s->source,
			   (int)strcspn(s->source, ":"), s->source, s->text, without.data);
		if (startswith(s->source, "/etc/default/grub"))
			buf_printf(b, "`%s && sudo systemctl reboot`", grub_update(f));
		else if (f->distro.family == VC_DISTRO_ARCH)
			buf_printf(b, "`sudo mkinitcpio -P` and reboot");
		else
			kernel_install(b, f);
	} else {
		buf_printf(b,
			   "remove %s from the kernel command line where your boot loader sets it (it is "
			   "on /proc/cmdline, but in no file virtcheck read), then reboot",
			   param);
	}
	buf_free(&without);
}

void vc_remedy_blacklist(struct buf *b, const struct vc_facts *f, const char *file, const char *const *mods,
			 size_t n)
{
	if (f && f->distro.family == VC_DISTRO_NIXOS) {
		buf_printf(b, "add");
		for (size_t i = 0; i < n; i++)
			buf_printf(b, "%s \"%s\"", i ? (i + 1 == n ? " and" : ",") : "", mods[i]);
		buf_printf(b, " to boot.blacklistedKernelModules in /etc/nixos/configuration.nix, then `sudo "
			      "nixos-rebuild switch`");
		return;
	}
	buf_printf(b, "printf '");
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "blacklist %s\\n", mods[i]);
	buf_printf(b, "' | sudo tee /etc/modprobe.d/%s", file);
}

void vc_remedy_modprobe_d(struct buf *b, const struct vc_facts *f, const char *file, const char *line)
{
	if (f && f->distro.family == VC_DISTRO_NIXOS) {
		/* /etc/modprobe.d is generated and read-only there */
		if (startswith(line, "blacklist "))
			buf_printf(b,
				   "add \"%s\" to boot.blacklistedKernelModules in "
				   "/etc/nixos/configuration.nix, then `sudo nixos-rebuild switch`",
				   line + strlen("blacklist "));
		else
			buf_printf(b,
				   "add the line `%s` to boot.extraModprobeConfig in "
				   "/etc/nixos/configuration.nix, then `sudo nixos-rebuild switch`",
				   line);
		return;
	}
	buf_printf(b, "echo '%s' | sudo tee /etc/modprobe.d/%s", line, file);
}

/* How each outer hypervisor or cloud gives a guest VT-x/AMD-V (nested virtualization), with the
 * source that says so. The key is the cloud (environment.cloud) or the outer hypervisor's id. */
static const struct nested_remedy {
	const char *key;
	const char *steps; /* %1$s the vendor module, %2$s its CPU flag */
	const char *source;
} nested_remedies[] = {
	{ "Amazon EC2",
	  "This EC2 instance type gives its guests no VT-x/AMD-V, and nothing inside the guest can "
	  "change that: run on a bare-metal instance (*.metal, e.g. c5.metal), or on an instance type "
	  "for which AWS offers nested virtualization.",
	  "https://aws.amazon.com/blogs/compute/running-hyper-v-on-amazon-ec2-bare-metal-instances/, "
	  "https://github.com/firecracker-microvm/firecracker-containerd/issues/798" },
	{ "Google Compute Engine",
	  "Create the VM with nested virtualization on a machine type that offers it (Intel N1, N2, C2 "
	  "and similar; E2 cannot be the outer VM): `gcloud compute instances create NAME "
	  "--enable-nested-virtualization --machine-type=n2-standard-2 ...` (an existing VM: stop it, "
	  "set advancedMachineFeatures.enableNestedVirtualization=true, start it).",
	  "https://cloud.google.com/compute/docs/instances/nested-virtualization/overview, "
	  "https://github.com/pulumi/pulumi-gcp/issues/715" },
	{ "Microsoft Azure",
	  "Resize the VM to a size that supports nested virtualization (Azure's size tables mark them, "
	  "e.g. Dv3/Dsv3 and Ev3/Esv3): `az vm resize --resource-group RG --name VM --size "
	  "Standard_D4s_v3`.",
	  "https://learn.microsoft.com/en-us/azure/virtual-machines/acu" },
	{ "wsl2",
	  "Nested virtualization for WSL2 needs Windows 11: Windows 10 does not offer it (WSL says "
	  "\"nested virtualization is not supported on this computer\"). On Windows 11 it is on by "
	  "default; where it was turned off, set in %%UserProfile%%\\.wslconfig:\n  [wsl2]\n  "
	  "nestedVirtualization=true\nthen run `wsl --shutdown` in PowerShell and start WSL again.",
	  "https://learn.microsoft.com/en-us/windows/wsl/wsl-config, "
	  "https://github.com/microsoft/WSL/issues/9400" },
	{ "hyperv",
	  "On the Hyper-V host, with this VM off, in an administrator PowerShell: `Set-VMProcessor "
	  "-VMName NAME -ExposeVirtualizationExtensions $true`; then start the VM again.",
	  "https://learn.microsoft.com/en-us/virtualization/hyper-v-on-windows/user-guide/"
	  "nested-virtualization" },
	{ "virtualbox",
	  "On the VirtualBox host, with this VM off: `VBoxManage modifyvm NAME --nested-hw-virt on`; "
	  "then start the VM again.",
	  "https://www.virtualbox.org/manual/ch08.html (VBoxManage modifyvm --nested-hw-virt)" },
	{ "vmware",
	  "In VMware, with this VM off, enable \"Virtualize Intel VT-x/EPT or AMD-V/RVI\" (Workstation "
	  "and Fusion: the VM's processor settings; ESXi: \"Expose hardware assisted virtualization to "
	  "the guest OS\"), which writes vhv.enable = \"TRUE\" to the .vmx; then start the VM again.",
	  "VMware Workstation Pro documentation, processor settings (vhv.enable)" },
	{ "xen", "In this domain's xl configuration set nestedhvm=1, then create the domain again.",
	  "https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html (nestedhvm)" },
	{ "kvm",
	  "On the host that runs this VM: `cat /sys/module/%1$s/parameters/nested` must say Y or 1 "
	  "(else add `options %1$s nested=1` to /etc/modprobe.d/kvm.conf and reload %1$s when no VM "
	  "runs), and the VM needs a CPU model with %2$s: QEMU `-cpu host`, libvirt `<cpu "
	  "mode='host-passthrough'/>`; then start the VM again.",
	  "https://docs.kernel.org/virt/kvm/x86/running-nested-guests.html" },
};

static const struct nested_remedy *nested_remedy(const struct vc_facts *f)
{
	const struct vc_environment_facts *e = &f->environment;
	const char *keys[] = { streq_ptr(e->wsl, "wsl2") ? "wsl2" : NULL, e->cloud,
			       e->outer_hypervisor ? e->outer_hypervisor : f->cpuid.hypervisor };

	for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
		for (size_t i = 0; keys[k] && i < ARRAY_SIZE(nested_remedies); i++)
			if (strcmp(keys[k], nested_remedies[i].key) == 0)
				return &nested_remedies[i];
	return NULL;
}

void vc_remedy_nested(struct buf *b, const struct vc_facts *f)
{
	const struct nested_remedy *r = nested_remedy(f);
	bool amd = vc_facts_amd(f);

	if (f->environment.confidential_guest) {
		vc_remedy_confidential(b, f);
		return;
	}
	if (!r) {
		buf_printf(b,
			   "Enable nested virtualization for this VM in its outer hypervisor (%s), then "
			   "start the VM again.",
			   f->environment.product ? f->environment.product : "unknown");
		return;
	}
	buf_printf(b, r->steps, amd ? "kvm_amd" : "kvm_intel", amd ? "svm" : "vmx");
	buf_printf(b, " (source: %s)", r->source);
}

void vc_remedy_confidential(struct buf *b, const struct vc_facts *f)
{
	buf_printf(b,
		   "Nothing inside a confidential guest (%s) can enable VT-x/AMD-V: its protection keeps "
		   "the outer hypervisor from offering nesting. Run the VMs on the host or in a "
		   "non-confidential VM; here only emulation works (QEMU `-accel tcg`, much slower). "
		   "(source: https://docs.kernel.org/arch/x86/tdx.html, "
		   "https://github.com/canonical/tdx/issues/162)",
		   f->environment.confidential_guest);
}

void vc_remedy_kvm_for_all(struct buf *b)
{
	buf_printf(b, "echo 'KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0666\", OPTIONS+=\"static_node=kvm\"' "
		      "| sudo tee /etc/udev/rules.d/99-kvm4all.rules && sudo udevadm control "
		      "--reload-rules && sudo udevadm trigger --name-match=kvm");
}

void vc_remedy_container_kvm(struct buf *b, bool podman)
{
	buf_printf(b,
		   "On the host, start the container with the device passed through: `%s run%s --device "
		   "/dev/kvm ...`.",
		   podman ? "podman" : "docker", podman ? " --group-add keep-groups" : "");
	if (podman)
		buf_printf(b, " Rootless podman passes in only what the host user may open, and "
			      "--group-add keep-groups keeps the group (kvm) through which that user "
			      "reaches /dev/kvm. Or, on the host, let every user open it: ");
	else
		buf_printf(b, " Or, on the host, let every user open it: ");
	vc_remedy_kvm_for_all(b);
	buf_printf(b, " (source: podman-run(1) --group-add keep-groups, "
		      "https://github.com/coreos/coreos-assembler/issues/2501)");
}

void vc_remedy_no_vt(struct buf *b)
{
	buf_printf(b, "This CPU cannot run hardware-accelerated VMs: use a machine whose CPU has VT-x or "
		      "AMD-V, or emulate without KVM (QEMU `-accel tcg`, much slower).");
}

void vc_remedy_kvm_unavailable(struct vc_finding *f, const struct vc_facts *facts)
{
	struct buf b = { 0 };
	enum vc_vt vt;
	bool hv_bit = false, known = vc_facts_vt(facts, &vt, &hv_bit);

	if (facts->environment.confidential_guest)
		vc_remedy_confidential(&b, facts);
	else if (hv_bit || facts->environment.wsl)
		vc_remedy_nested(&b, facts);
	else if (!known)
		buf_printf(&b, "Find out whether this CPU has VT-x/AMD-V: run virtcheck on the machine "
			       "itself, or add the output of `cpuid -r` to the capture as "
			       "DIR/virtcheck/cpuid.txt.");
	else
		vc_remedy_no_vt(&b);
	/* a guest's new CPU settings take effect when it starts again */
	vc_finding_remedy(f, VC_REMEDY_PERSISTENT, hv_bit && !facts->environment.confidential_guest, "%s",
			  b.data);
	buf_free(&b);
}
