/* Remedy text that several places give: one copy, so the report, switch and preflight say the
 * same thing for the same question. */
#include "lib/verdict/remedies.h"

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
	case VC_BOOT_KERNEL_CMDLINE:
		buf_printf(b,
			   "append %s to /etc/kernel/cmdline, then `sudo kernel-install add %s "
			   "/boot/vmlinuz-%s` and reboot",
			   param, f->kernel ? f->kernel : "$(uname -r)",
			   f->kernel ? f->kernel : "$(uname -r)");
		break;
	default:
		buf_printf(b, "add %s to the kernel command line of your boot loader and reboot", param);
		break;
	}
}

void vc_remedy_modprobe_d(struct buf *b, const char *file, const char *line)
{
	buf_printf(b, "echo '%s' | sudo tee /etc/modprobe.d/%s", line, file);
}
