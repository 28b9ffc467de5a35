/* Remedy text that several places give: one copy, so the report, switch and preflight say the
 * same thing for the same question. */
#include "lib/base/sanitise.h"
#include "lib/model/remedies.h"

void vc_remedy_cmdline(struct buf *b, const struct vc_facts *f, const char *param)
{
	switch (f->platform.boot_loader) {
	case VC_BOOT_GRUBBY:
		buf_printf(b, "sudo grubby --update-kernel=ALL --args=\"%s\" && sudo systemctl reboot",
			   param);
		break;
	case VC_BOOT_GRUB:
		buf_printf(
			b,
			"add %s to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then `sudo update-grub "
			"&& sudo systemctl reboot`",
			param);
		break;
	case VC_BOOT_KERNEL_CMDLINE: {
		/* the release is the machine's: words of the command, quoted when they need it */
		_cleanup_(freep) char *image = f->kernel ? xasprintf("/boot/vmlinuz-%s", f->kernel) : NULL;
		_cleanup_(freep) char *qrel = f->kernel ? vc_shell_quote(f->kernel) : xstrdup("$(uname -r)");
		_cleanup_(freep) char *qimage =
			image ? vc_shell_quote(image) : xstrdup("/boot/vmlinuz-$(uname -r)");

		buf_printf(
			b,
			"append %s to /etc/kernel/cmdline, then `sudo kernel-install add %s %s` and reboot",
			param, qrel, qimage);
		break;
	}
	default:
		buf_printf(b, "add %s to the kernel command line of your boot loader and reboot", param);
		break;
	}
}

void vc_remedy_modprobe_d(struct buf *b, const char *file, const char *line)
{
	buf_printf(b, "echo '%s' | sudo tee /etc/modprobe.d/%s", line, file);
}

/*
 * Sources: Linux Documentation/virt/kvm/x86/running-nested-guests.rst (commit 27abe57770ff, the
 * nested= parameter and a CPU model with vmx/svm); Microsoft, "Enable nested virtualization"
 * (Set-VMProcessor -ExposeVirtualizationExtensions) and "Advanced settings configuration in WSL"
 * (.wslconfig nestedVirtualization); the VirtualBox manual, VBoxManage modifyvm --nested-hw-virt;
 * xl.cfg(5), nestedhvm; VMware's "Virtualize Intel VT-x/EPT or AMD-V/RVI" (vhv.enable).
 */
void vc_remedy_nested(struct buf *b, const struct vc_facts *f)
{
	const char *hv =
		f->environment.outer_hypervisor ? f->environment.outer_hypervisor : f->cpuid.hypervisor;
	bool amd = vc_facts_amd(f);

	if (streq_ptr(f->environment.wsl, "wsl2")) {
		buf_printf(b, "In Windows, add to %%UserProfile%%\\.wslconfig:\n  [wsl2]\n  "
			      "nestedVirtualization=true\n"
			      "then run `wsl --shutdown` in PowerShell and start WSL again.");
	} else if (streq_ptr(hv, "kvm")) {
		buf_printf(
			b,
			"On the host that runs this VM: `cat /sys/module/%1$s/parameters/nested` must say Y "
			"or 1 (else add `options %1$s nested=1` to /etc/modprobe.d/kvm.conf and reload %1$s "
			"when no VM runs), and the VM needs a CPU model with %2$s: QEMU `-cpu host`, libvirt "
			"`<cpu mode='host-passthrough'/>`; then start the VM again. A cloud VM has it only "
			"on instance types that offer nested virtualization.",
			amd ? "kvm_amd" : "kvm_intel", amd ? "svm" : "vmx");
	} else if (streq_ptr(hv, "hyperv")) {
		buf_printf(b, "On the Hyper-V host, with this VM off, in an administrator PowerShell: "
			      "`Set-VMProcessor -VMName NAME -ExposeVirtualizationExtensions $true`; then "
			      "start the VM again.");
	} else if (streq_ptr(hv, "virtualbox")) {
		buf_printf(b, "On the VirtualBox host, with this VM off: `VBoxManage modifyvm NAME "
			      "--nested-hw-virt on`; then start the VM again.");
	} else if (streq_ptr(hv, "vmware")) {
		buf_printf(b,
			   "In VMware, with this VM off, enable \"Virtualize Intel VT-x/EPT or AMD-V/RVI\" "
			   "(Workstation and Fusion: the VM's processor settings; ESXi: \"Expose hardware "
			   "assisted virtualization to the guest OS\"), which writes vhv.enable = \"TRUE\" "
			   "to the .vmx; then start the VM again.");
	} else if (streq_ptr(hv, "xen")) {
		buf_printf(b, "In this domain's xl configuration set nestedhvm=1, then create the domain "
			      "again.");
	} else {
		buf_printf(b,
			   "Enable nested virtualization for this VM in its outer hypervisor (%s), then "
			   "start the VM again.",
			   hv ? hv : "unknown");
	}
}

void vc_remedy_no_vt(struct buf *b)
{
	buf_printf(b, "This CPU cannot run hardware-accelerated VMs: use a machine whose CPU has VT-x or "
		      "AMD-V, or emulate without KVM (QEMU `-accel tcg`, much slower).");
}
