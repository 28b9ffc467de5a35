/* Remedies that fit the machine: the initramfs, signing and kernel command line steps of each
 * distribution (lib/model/remedies.c). */
#include "testutil.h"

#include <stdio.h>

#include "lib/model/remedies.h"
#include "lib/verdict/knowledge.h"
#include "lib/verdict/run.h"
#include "sysroot.h"

/* a before b, both in s */
static void assert_order(const char *s, const char *a, const char *b)
{
	const char *pa = strstr(s, a), *pb = strstr(s, b);

	if (!pa || !pb || pa >= pb)
		fail_msg("want \"%s\" before \"%s\" in: %s", a, b, s);
}

static void test_initramfs_by_distribution(void **state)
{
	static const struct {
		enum vc_distro family;
		const char *want;
	} cases[] = {
		{ VC_DISTRO_DEBIAN, "sudo update-initramfs -u" },
		{ VC_DISTRO_FEDORA, "sudo dracut -f --regenerate-all" },
		{ VC_DISTRO_SUSE, "sudo dracut -f --regenerate-all" },
		{ VC_DISTRO_ARCH, "sudo mkinitcpio -P" },
		{ VC_DISTRO_OSTREE, "sudo rpm-ostree initramfs-etc --track=/etc/modprobe.d/virtcheck.conf" },
	};
	struct vc_facts f = { 0 };
	struct buf b = { 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		f.distro.family = cases[i].family;
		assert_true(vc_remedy_initramfs(&b, &f, "virtcheck.conf"));
		assert_string_equal(b.data, cases[i].want);
		buf_free(&b);
	}
	/* NixOS: nixos-rebuild builds the initrd; nothing of its own to run */
	f.distro.family = VC_DISTRO_NIXOS;
	assert_false(vc_remedy_initramfs(&b, &f, "virtcheck.conf"));
	assert_null(b.data);
	/* unknown: the choices, never one guessed */
	f.distro.family = VC_DISTRO_UNKNOWN;
	assert_true(vc_remedy_initramfs(&b, &f, "virtcheck.conf"));
	assert_non_null(strstr(b.data, "update-initramfs -u"));
	assert_non_null(strstr(b.data, "mkinitcpio -P"));
	buf_free(&b);
}

static void test_sign_compressed_modules(void **state)
{
	const char *const ko[] = { "/lib/modules/6.14.0-29-generic/updates/dkms/vboxdrv.ko.zst",
				   "/lib/modules/6.14.0-29-generic/misc/vboxnetflt.ko.xz",
				   "/lib/modules/6.14.0-29-generic/misc/vboxnetadp.ko.gz",
				   "/lib/modules/6.14.0-29-generic/misc/vmmon.ko" };
	const struct vc_signing_key *k = &vc_signing_keys[2];
	struct buf b = { 0 };

	(void)state;
	assert_string_equal(k->cert, "/var/lib/dkms/mok.pub");
	vc_remedy_sign_modules(&b, "6.14.0-29-generic", k, ko, ARRAY_SIZE(ko));
	/* zstd: decompressed, the plain .ko signed, compressed again */
	assert_order(
		b.data, "sudo zstd -d -q --rm -f /lib/modules/6.14.0-29-generic/updates/dkms/vboxdrv.ko.zst",
		"sudo /lib/modules/6.14.0-29-generic/build/scripts/sign-file sha256 /var/lib/dkms/mok.key "
		"/var/lib/dkms/mok.pub /lib/modules/6.14.0-29-generic/updates/dkms/vboxdrv.ko && ");
	assert_order(
		b.data,
		"vboxdrv.ko && sudo zstd -q --rm -f /lib/modules/6.14.0-29-generic/updates/dkms/vboxdrv.ko",
		"xz -d -f /lib/modules/6.14.0-29-generic/misc/vboxnetflt.ko.xz");
	assert_order(b.data,
		     "misc/vboxnetflt.ko.xz && sudo /lib/modules/6.14.0-29-generic/build/scripts/sign-file",
		     "sudo xz -f --check=crc32 --lzma2=dict=2MiB "
		     "/lib/modules/6.14.0-29-generic/misc/vboxnetflt.ko");
	assert_non_null(
		strstr(b.data, "sudo gzip -d -f /lib/modules/6.14.0-29-generic/misc/vboxnetadp.ko.gz"));
	assert_non_null(strstr(b.data, "sudo gzip -n -f /lib/modules/6.14.0-29-generic/misc/vboxnetadp.ko"));
	/* sign-file is never given a compressed file */
	assert_null(strstr(b.data, "mok.pub /lib/modules/6.14.0-29-generic/updates/dkms/vboxdrv.ko.zst"));
	assert_null(strstr(b.data, "mok.pub /lib/modules/6.14.0-29-generic/misc/vboxnetflt.ko.xz"));
	/* a plain .ko: signed as it is, nothing unpacked */
	assert_non_null(strstr(b.data, "mok.pub /lib/modules/6.14.0-29-generic/misc/vmmon.ko"));
	assert_null(strstr(b.data, "vmmon.ko &&"));
	buf_free(&b);
}

static void test_nixos_modprobe(void **state)
{
	struct buf b = { 0 };

	(void)state;
	vc_remedy_nixos_modprobe(&b, "# Written by virtcheck\nblacklist kvm_intel\nblacklist kvm\n"
				     "# VirtualBox needs:\noptions kvm enable_virt_at_load=1\n");
	assert_non_null(strstr(b.data, "boot.blacklistedKernelModules = [ \"kvm_intel\" \"kvm\" ];"));
	assert_non_null(strstr(
		b.data, "boot.extraModprobeConfig = ''\n    options kvm enable_virt_at_load=1\n  '';"));
	assert_non_null(strstr(b.data, "sudo nixos-rebuild switch"));
	assert_null(strstr(b.data, "Written by")); /* comments stay out */
	buf_free(&b);
	/* only blacklists: no empty extraModprobeConfig */
	vc_remedy_nixos_modprobe(&b, "blacklist vboxdrv\n");
	assert_null(strstr(b.data, "extraModprobeConfig"));
	buf_free(&b);

	/* the single remedies say the same on NixOS */
	struct vc_facts f = { 0 };
	const char *const mods[] = { "kvm_intel", "kvm" };

	f.distro.family = VC_DISTRO_NIXOS;
	vc_remedy_blacklist(&b, &f, "blacklist-kvm.conf", mods, 2);
	assert_non_null(strstr(b.data, "\"kvm_intel\" and \"kvm\" to boot.blacklistedKernelModules"));
	assert_null(strstr(b.data, "/etc/modprobe.d"));
	buf_free(&b);
}

/* Secure Boot refuses vboxdrv, no key exists yet: the module file the host has (.ko.zst) is
 * decompressed, signed and compressed again (secureboot-unsigned-vboxdrv without its DKMS key). */
static void test_vboxdrv_signing_on_a_host(void **state)
{
	char dir[] = "/tmp/s7-remedies-sb-XXXXXX", cmd[1200];
	static const char *const files[] = { "lib/modules/6.1.0-27-amd64/misc/vboxdrv.ko.zst", NULL };
	struct vc_ctx *ctx;
	const struct vc_finding *fd;
	bool seen = false;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "secureboot-unsigned-vboxdrv");
	snprintf(cmd, sizeof(cmd), "rm -f '%s/var/lib/dkms/mok.pub' '%s/usr/sbin/dkms'", dir, dir);
	assert_int_equal(system(cmd), 0);
	sysroot_put(dir, files, ARRAY_SIZE(files));
	ctx = sysroot_report(dir);
	fd = vc_find(ctx, VC_FID_VIRTUALBOX_UNSIGNED_DRIVER);
	assert_non_null(fd);
	for (size_t i = 0; i < fd->remedies.n; i++) {
		const char *st = fd->remedies.v[i].steps;

		if (!strstr(st, "MOK.der"))
			continue;
		seen = true;
		assert_order(
			st, "sudo zstd -d -q --rm -f /lib/modules/6.1.0-27-amd64/misc/vboxdrv.ko.zst",
			"sign-file sha256 MOK.priv MOK.der /lib/modules/6.1.0-27-amd64/misc/vboxdrv.ko && "
			"sudo zstd -q --rm -f /lib/modules/6.1.0-27-amd64/misc/vboxdrv.ko");
		assert_non_null(strstr(st, "/lib/modules/6.1.0-27-amd64/misc/vboxnetflt.ko.zst"));
		assert_null(strstr(st, "MOK.der /lib/modules/6.1.0-27-amd64/misc/vboxdrv.ko.zst"));
	}
	assert_true(seen);
	sysroot_free(ctx);
	sysroot_remove(dir);
}

/* a command after a remedy: chained after a command, a step of its own after NixOS's words */
static void test_then(void **state)
{
	struct vc_facts f = { 0 };
	struct buf b = { 0 };

	(void)state;
	f.distro.family = VC_DISTRO_DEBIAN;
	vc_remedy_modprobe_d(&b, &f, "kvm.conf", "options kvm enable_virt_at_load=0");
	vc_remedy_then(&b, &f, "sudo modprobe -r %s kvm", "kvm_amd");
	assert_string_equal(b.data, "echo 'options kvm enable_virt_at_load=0' | sudo tee "
				    "/etc/modprobe.d/kvm.conf && sudo modprobe -r kvm_amd kvm");
	buf_free(&b);
	f.distro.family = VC_DISTRO_NIXOS;
	vc_remedy_modprobe_d(&b, &f, "kvm.conf", "options kvm enable_virt_at_load=0");
	vc_remedy_then(&b, &f, "sudo modprobe -r %s kvm", "kvm_amd");
	assert_non_null(strstr(b.data, "`sudo nixos-rebuild switch`, then `sudo modprobe -r kvm_amd kvm`"));
	assert_null(strstr(b.data, "` &&"));
	buf_free(&b);
}

/* Removing a kernel parameter names the file and line it comes from, on each boot setup. */
static void test_cmdline_remove_everywhere(void **state)
{
	static const struct {
		enum vc_distro family;
		enum vc_boot_loader loader;
		const char *source, *line; /* NULL: no file sets it */
		const char *want[3];
	} cases[] = {
		{ VC_DISTRO_DEBIAN,
		  VC_BOOT_GRUB,
		  "/etc/default/grub:10",
		  "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash kvm.enable_virt_at_load=0\"",
		  { "edit /etc/default/grub:10", "to\n  GRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash\"\n",
		    "sudo update-grub" } },
		{ VC_DISTRO_ARCH,
		  VC_BOOT_GRUB,
		  "/etc/default/grub:6",
		  "GRUB_CMDLINE_LINUX_DEFAULT=\"kvm.enable_virt_at_load=0 loglevel=3\"",
		  { "/etc/default/grub:6", "to\n  GRUB_CMDLINE_LINUX_DEFAULT=\"loglevel=3\"\n",
		    "sudo grub-mkconfig -o /boot/grub/grub.cfg" } },
		{ VC_DISTRO_SUSE,
		  VC_BOOT_GRUB,
		  "/etc/default/grub:3",
		  "GRUB_CMDLINE_LINUX_DEFAULT=\"splash=silent kvm.enable_virt_at_load=0 quiet\"",
		  { "/etc/default/grub:3", "to\n  GRUB_CMDLINE_LINUX_DEFAULT=\"splash=silent quiet\"\n",
		    "grub2-mkconfig -o /boot/grub2/grub.cfg" } },
		/* grubby edits the entries, and the GRUB default that later kernels get is shown too */
		{ VC_DISTRO_FEDORA,
		  VC_BOOT_GRUBBY,
		  "/etc/default/grub:6",
		  "GRUB_CMDLINE_LINUX=\"rhgb quiet kvm.enable_virt_at_load=0\"",
		  { "sudo grubby --update-kernel=ALL --remove-args=\"kvm.enable_virt_at_load=0\"",
		    "edit /etc/default/grub:6", "to\n  GRUB_CMDLINE_LINUX=\"rhgb quiet\"\n" } },
		{ VC_DISTRO_FEDORA,
		  VC_BOOT_GRUBBY,
		  NULL,
		  NULL,
		  { "sudo grubby --update-kernel=ALL --remove-args=\"kvm.enable_virt_at_load=0\" && sudo "
		    "systemctl reboot",
		    NULL, NULL } },
		{ VC_DISTRO_ARCH,
		  VC_BOOT_KERNEL_CMDLINE,
		  "/etc/kernel/cmdline:1",
		  "root=UUID=1234 rw kvm.enable_virt_at_load=0",
		  { "edit /etc/kernel/cmdline:1", "to\n  root=UUID=1234 rw\n", "sudo mkinitcpio -P" } },
		{ VC_DISTRO_DEBIAN,
		  VC_BOOT_KERNEL_CMDLINE,
		  "/etc/kernel/cmdline:1",
		  "kvm.enable_virt_at_load=0 root=/dev/sda2",
		  { "to\n  root=/dev/sda2\n", "sudo kernel-install add 6.12.9 /boot/vmlinuz-6.12.9", NULL } },
		{ VC_DISTRO_NIXOS,
		  VC_BOOT_UNKNOWN,
		  NULL,
		  NULL,
		  { "remove \"kvm.enable_virt_at_load=0\" from boot.kernelParams", "nixos-rebuild", NULL } },
		{ VC_DISTRO_OSTREE,
		  VC_BOOT_UNKNOWN,
		  NULL,
		  NULL,
		  { "sudo rpm-ostree kargs --delete=kvm.enable_virt_at_load=0", NULL, NULL } },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vc_facts f = { 0 };
		struct buf b = { 0 };

		f.kernel = xstrdup("6.12.9");
		f.distro.family = cases[i].family;
		f.platform.boot_loader = cases[i].loader;
		if (cases[i].source) {
			struct vc_cmdline_source *s = VC_PUSH(f.distro.cmdline_sources);

			s->source = xstrdup(cases[i].source);
			s->text = xstrdup(cases[i].line);
		}
		vc_remedy_cmdline_remove(&b, &f, "kvm.enable_virt_at_load=0");
		for (size_t w = 0; w < ARRAY_SIZE(cases[i].want) && cases[i].want[w]; w++)
			if (!strstr(b.data, cases[i].want[w]))
				fail_msg("case %zu: want \"%s\" in: %s", i, cases[i].want[w], b.data);
		assert_null(strstr(b.data, "without"));
		buf_free(&b);
		vc_facts_free(&f);
	}
}

/* A module the initramfs holds: the modprobe.d remedies say so and rebuild it the distribution's way. */
static void push_initramfs(struct vc_facts *f, const char *mod, const char *source)
{
	struct vc_initramfs_module *m = VC_PUSH(f->distro.initramfs_modules);

	m->module = xstrdup(mod);
	m->source = xstrdup(source);
	f->distro.initramfs_listed = true;
}

static void test_modprobe_d_initramfs(void **state)
{
	struct vc_facts f = { 0 };
	struct buf b = { 0 };
	const char *const mods[] = { "kvm_intel", "kvm" };

	(void)state;
	f.distro.family = VC_DISTRO_DEBIAN;
	push_initramfs(&f, "kvm_intel", "/etc/initramfs-tools/modules:3");
	/* kvm's options: kvm_intel loads kvm inside the initramfs, with its copy of modprobe.d */
	vc_remedy_modprobe_d(&b, &f, "kvm.conf", "options kvm enable_virt_at_load=0");
	assert_order(b.data, "/etc/initramfs-tools/modules:3 lists kvm_intel",
		     "echo 'options kvm enable_virt_at_load=0' | sudo tee /etc/modprobe.d/kvm.conf && sudo "
		     "update-initramfs -u");
	assert_true(endswith(b.data, "kvm.conf && sudo update-initramfs -u"));
	vc_remedy_then(&b, &f, "sudo modprobe -r %s kvm", "kvm_intel");
	assert_true(endswith(b.data, "update-initramfs -u && sudo modprobe -r kvm_intel kvm"));
	buf_free(&b);
	/* a module the initramfs does not hold: the remedy as it was */
	vc_remedy_modprobe_d(&b, &f, "vbox.conf", "options vboxdrv foo=1");
	assert_string_equal(b.data, "echo 'options vboxdrv foo=1' | sudo tee /etc/modprobe.d/vbox.conf");
	buf_free(&b);
	/* a blacklist does not stop what the initramfs loads by name: out of the list first */
	f.distro.family = VC_DISTRO_ARCH;
	vc_remedy_blacklist(&b, &f, "blacklist-kvm.conf", mods, 2);
	assert_order(b.data, "take them out of that list", "printf 'blacklist kvm_intel\\nblacklist kvm\\n'");
	assert_true(endswith(b.data, "/etc/modprobe.d/blacklist-kvm.conf && sudo mkinitcpio -P"));
	buf_free(&b);
	/* no distribution known: the choices in words, nothing guessed into the command */
	f.distro.family = VC_DISTRO_UNKNOWN;
	vc_remedy_modprobe_d(&b, &f, "kvm.conf", "options kvm enable_virt_at_load=0");
	assert_non_null(strstr(b.data, "dracut -f --regenerate-all"));
	assert_true(endswith(b.data, "| sudo tee /etc/modprobe.d/kvm.conf"));
	buf_free(&b);
	/* NixOS builds its initrd from the configuration */
	f.distro.family = VC_DISTRO_NIXOS;
	vc_remedy_modprobe_d(&b, &f, "kvm.conf", "options kvm enable_virt_at_load=0");
	assert_null(strstr(b.data, "initramfs"));
	buf_free(&b);
	vc_facts_free(&f);
}

/* The distro probe reads the initramfs lists (every format), and the report's remedy for a KVM
 * that blocks VirtualBox 7.1 rebuilds the initramfs that holds kvm_intel. */
static void test_initramfs_lists_on_a_host(void **state)
{
	char dir[] = "/tmp/s7-nem-initramfs-XXXXXX";
	static const char *const files[] = {
		"etc/os-release",
		"ID=debian\n",
		"etc/initramfs-tools/modules",
		"# modules\n\nkvm_intel nested=1\n# kvm\n",
		"etc/dracut.conf.d/virt.conf",
		"add_drivers+=\" kvm btrfs \"\nomit_drivers+=\"kvm\"\n",
		"etc/dracut.conf.d/notes.txt",
		"add_drivers+=\" kvm_amd \"\n",
		"etc/mkinitcpio.conf",
		"MODULES=(btrfs kvm-intel)\nHOOKS=(base kvm)\n",
	};
	struct vc_ctx *ctx;
	const struct vc_finding *fd;
	const struct vc_distro_facts *d;
	struct buf lists = { 0 };
	const char *const want[] = { "kvm_intel", "kvm", "btrfs" };
	bool seen = false;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "intel-kvm612-vbox71");
	sysroot_put(dir, files, ARRAY_SIZE(files));
	ctx = sysroot_report(dir);
	d = &ctx->facts.distro;
	assert_true(d->initramfs_listed);
	assert_int_equal(d->initramfs_modules.n, 5);
	assert_string_equal(d->initramfs_modules.v[0].module, "kvm_intel");
	assert_string_equal(d->initramfs_modules.v[0].source, "/etc/initramfs-tools/modules:3");
	assert_string_equal(d->initramfs_modules.v[2].source, "/etc/dracut.conf.d/virt.conf:1");
	assert_string_equal(d->initramfs_modules.v[4].module, "kvm_intel"); /* kvm-intel */
	assert_true(vc_remedy_initramfs_lists(&lists, &ctx->facts, want, 3));
	assert_string_equal(lists.data,
			    "/etc/initramfs-tools/modules:3 lists kvm_intel; "
			    "/etc/dracut.conf.d/virt.conf:1 lists kvm; /etc/dracut.conf.d/virt.conf:1 "
			    "lists btrfs; /etc/mkinitcpio.conf:1 lists kvm_intel; /etc/mkinitcpio.conf:1 "
			    "lists btrfs");
	buf_free(&lists);
	fd = vc_find(ctx, VC_FID_CONFLICT_KVM_BLOCKS_VIRTUALBOX);
	assert_non_null(fd);
	for (size_t i = 0; i < fd->remedies.n; i++) {
		const char *st = fd->remedies.v[i].steps;

		if (!strstr(st, "enable_virt_at_load=0' | sudo tee"))
			continue;
		seen = true;
		assert_order(st, "/etc/initramfs-tools/modules:3 lists kvm_intel",
			     "/etc/modprobe.d/kvm-virtualbox.conf && sudo update-initramfs -u && sudo "
			     "modprobe -r");
	}
	assert_true(seen);
	sysroot_free(ctx);
	sysroot_remove(dir);
}

/* ---- VirtualBox's KVM backend (NEM) ---- */

/* VirtualBox in NixOS's system profile; in Arch's /usr/lib/virtualbox */
#define NIXOS_VBOX                                                                                           \
	"etc/os-release", "ID=nixos\n", "etc/NIXOS", NULL, "run/current-system/sw/bin/VBoxManage", NULL
#define ARCH_VBOX "etc/os-release", "ID=arch\n", "usr/lib/virtualbox/VBoxSVC", NULL

/* A host made from a fixture plus files (name, text pairs; a NULL text makes an empty file), run
 * through every probe. */
static struct vc_ctx *nem_host(char *dir, const char *const *files, size_t n)
{
	assert_non_null(mkdtemp(dir));
	sysroot_copy(dir, "intel-kvm-idle-6.12");
	sysroot_put(dir, files, n);
	return sysroot_report(dir);
}

static void nem_host_free(char *dir, struct vc_ctx *ctx)
{
	sysroot_free(ctx);
	sysroot_remove(dir);
}

/* No finding of a KVM-backend host tells it to build, load or sign vboxdrv. */
static void assert_no_vboxdrv_remedy(const struct vc_ctx *ctx)
{
	for (size_t i = 0; i < ctx->findings.n; i++)
		for (size_t r = 0; r < ctx->findings.v[i].remedies.n; r++) {
			const char *st = ctx->findings.v[i].remedies.v[r].steps;

			if (strstr(st, "vboxconfig") || strstr(st, "modprobe vboxdrv") ||
			    strstr(st, "sign-file") || strstr(st, "dkms"))
				fail_msg("%s: %s", ctx->findings.v[i].id, st);
		}
}

static const struct vc_finding *find_id(const struct vc_ctx *ctx, const char *id)
{
	for (size_t i = 0; i < ctx->findings.n; i++)
		if (!strcmp(ctx->findings.v[i].id, id))
			return &ctx->findings.v[i];
	return NULL;
}

/* Arch with the AUR's virtualbox-kvm: the package name says KVM backend; its split lock needs */
static void test_nem_pacman(void **state)
{
	char dir[] = "/tmp/s7-nem-pacman-XXXXXX";
	static const char *const files[] = {
		ARCH_VBOX,
		"var/lib/pacman/local/virtualbox-kvm-7.1.6-1/desc",
		"%NAME%\nvirtualbox-kvm\n\n%VERSION%\n7.1.6-1\n\n%DESC%\nVirtualBox with KVM\n",
		"var/lib/pacman/local/virtualbox-guest-iso-7.1.6-1/desc",
		"%NAME%\nvirtualbox-guest-iso\n\n%VERSION%\n7.1.6-1\n",
		"proc/cmdline",
		"root=/dev/sda2 rw quiet\n",
		"proc/cpuinfo",
		"processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de vmx xsave "
		"split_lock_detect\n",
	};
	struct vc_ctx *ctx = nem_host(dir, files, ARRAY_SIZE(files));
	const struct vc_virtualbox_facts *vf = &ctx->facts.virtualbox;
	const struct vc_finding *fd;

	(void)state;
	assert_true(vf->installed);
	assert_string_equal(vf->package, "virtualbox-kvm");
	assert_string_equal(vf->version, "7.1.6");
	assert_string_equal(vf->version_source, "/var/lib/pacman/local");
	assert_int_equal(vf->kvm_backend, VC_TRI_TRUE);
	assert_string_equal(vf->kvm_backend_by, "the package name (virtualbox-kvm)");
	assert_int_equal(vf->nem_xsave, VC_TRI_TRUE);
	assert_int_equal(vf->nem_split_lock, VC_TRI_TRUE);
	fd = find_id(ctx, "virtualbox.nem_backend");
	assert_non_null(fd);
	assert_int_equal(fd->severity, VC_SEV_WARNING);
	assert_non_null(strstr(fd->message, "split lock detection off"));
	assert_true(remedy_says(fd, "sudo sysctl kernel.split_lock_mitigate=0"));
	assert_true(remedy_says(fd, "split_lock_detect=off"));
	assert_null(find_id(ctx, "virtualbox.driver_not_loaded"));
	assert_no_vboxdrv_remedy(ctx);
	nem_host_free(dir, ctx);
}

/* split_lock_detect=off on the command line: nothing left to do */
static void test_nem_split_lock_off(void **state)
{
	char dir[] = "/tmp/s7-nem-sld-XXXXXX";
	static const char *const files[] = {
		ARCH_VBOX,
		"var/lib/pacman/local/virtualbox-kvm-7.1.6-1/desc",
		"%NAME%\nvirtualbox-kvm\n",
		"proc/cmdline",
		"root=/dev/sda2 split_lock_detect=off\n",
		"proc/cpuinfo",
		"flags\t\t: fpu xsave split_lock_detect\n",
	};
	struct vc_ctx *ctx = nem_host(dir, files, ARRAY_SIZE(files));
	const struct vc_finding *fd = find_id(ctx, "virtualbox.nem_backend");

	(void)state;
	assert_int_equal(ctx->facts.virtualbox.kvm_backend, VC_TRI_TRUE);
	assert_null(ctx->facts.virtualbox.version); /* a desc without %VERSION% */
	assert_int_equal(ctx->facts.virtualbox.nem_split_lock, VC_TRI_FALSE);
	assert_non_null(fd);
	assert_int_equal(fd->severity, VC_SEV_INFO);
	assert_false(remedy_says(fd, "split_lock"));
	nem_host_free(dir, ctx);
}

/* NixOS with enableKvm: VirtualBox and its wrappers in the system, no vboxdrv.ko among the booted
 * system's modules; with a vboxdrv.ko there it is the driver build */
static void test_nem_nixos(void **state)
{
	char dir[] = "/tmp/s7-nem-nixos-XXXXXX", dir2[] = "/tmp/s7-nem-nixos2-XXXXXX";
	static const char *const files[] = {
		NIXOS_VBOX,
		"run/wrappers/bin/VirtualBoxVM",
		NULL,
	};
	static const char *const with_ko[] = {
		NIXOS_VBOX, "run/wrappers/bin/VirtualBoxVM",
		NULL,	    "run/booted-system/kernel-modules/lib/modules/6.12.12-amd64/misc/vboxdrv.ko.xz",
		NULL,
	};
	struct vc_ctx *ctx = nem_host(dir, files, ARRAY_SIZE(files));
	const struct vc_finding *fd;

	(void)state;
	assert_true(ctx->facts.virtualbox.installed);
	assert_int_equal(ctx->facts.virtualbox.kvm_backend, VC_TRI_TRUE);
	assert_non_null(strstr(ctx->facts.virtualbox.kvm_backend_by, "enableKvm"));
	assert_non_null(find_id(ctx, "virtualbox.nem_backend"));
	assert_no_vboxdrv_remedy(ctx);
	nem_host_free(dir, ctx);

	ctx = nem_host(dir2, with_ko, ARRAY_SIZE(with_ko));
	assert_int_equal(ctx->facts.virtualbox.kvm_backend, VC_TRI_FALSE);
	assert_null(find_id(ctx, "virtualbox.nem_backend"));
	fd = find_id(ctx, "virtualbox.driver_not_loaded");
	assert_non_null(fd);
	assert_true(remedy_says(fd, "sudo modprobe vboxdrv"));
	nem_host_free(dir2, ctx);
}

/* NixOS with VirtualBox in the system and neither wrappers nor driver: the package alone (not the
 * host module), told the NixOS way */
static void test_nixos_package_without_module(void **state)
{
	char dir[] = "/tmp/s7-nem-nixos3-XXXXXX";
	static const char *const files[] = {
		NIXOS_VBOX,
	};
	struct vc_ctx *ctx = nem_host(dir, files, ARRAY_SIZE(files));
	const struct vc_finding *fd = find_id(ctx, "virtualbox.driver_not_loaded");

	(void)state;
	assert_int_equal(ctx->facts.virtualbox.kvm_backend, VC_TRI_FALSE);
	assert_non_null(fd);
	assert_true(remedy_says(fd, "virtualisation.virtualbox.host.enable = true;"));
	assert_true(remedy_says(fd, "enableKvm = true; addNetworkInterface = false;"));
	assert_false(remedy_says(fd, "modprobe vboxdrv"));
	nem_host_free(dir, ctx);
}

/* What blocks the KVM backend, each with its remedy; never vboxdrv's own */
static void test_nem_remedies(void **state)
{
	char dir[] = "/tmp/s7-nem-rem-XXXXXX";
	struct vc_ctx *ctx;
	struct vc_finding *fd;
	struct vc_facts *f;
	struct vc_proc_facts *p;

	(void)state;
	ctx = nem_host(dir, NULL, 0);
	f = &ctx->facts;
	vc_facts_free(f); /* the facts below, nothing of the fixture's */
	f->distro.family = VC_DISTRO_DEBIAN;
	f->modules.mod[vc_module_index("vboxdrv")].state = VC_MOD_LIVE;
	f->kvm.device.present = VC_TRI_TRUE;
	f->kvm.access.has_identity = true;
	f->kvm.access.user = xstrdup("alice");
	f->kvm.access.reason = VC_DENIED_NOT_IN_GROUP;
	snprintf(f->kvm.device.node.group, sizeof(f->kvm.device.node.group), "kvm");
	/* a KVM-backend build, as wherever vc_remedy_nem is called */
	f->virtualbox.installed = true;
	f->virtualbox.kvm_backend = VC_TRI_TRUE;
	f->virtualbox.nem_xsave = VC_TRI_FALSE;
	f->virtualbox.nem_cyberus = true;
	p = VC_PUSH(f->processes.procs);
	p->pid = 77;
	p->comm = xstrdup("VBoxHeadless");
	p->hypervisor = VC_HV_VIRTUALBOX;
	p->vms = 1;
	fd = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VIRTUALBOX_NEM_BACKEND, "test");
	vc_remedy_nem(fd, f);
	assert_true(remedy_says(fd, "sudo modprobe -r vboxnetadp vboxnetflt vboxdrv"));
	assert_true(remedy_says(fd, "blacklist vboxdrv\\nblacklist vboxnetflt\\nblacklist vboxnetadp\\n' | "
				    "sudo tee /etc/modprobe.d/blacklist-vboxdrv.conf"));
	assert_true(remedy_says(fd, "sudo usermod -aG kvm alice"));
	/* the row's own remedy (one text, in the table) */
	assert_true(remedy_says(fd, vc_knowledge_by_id("vbox_nem_needs_xsave")->remedy));
	assert_true(remedy_says(fd, "no XSAVE"));
	assert_false(remedy_says(fd, "split_lock"));
	assert_false(remedy_says(fd, "vboxconfig"));
	assert_false(remedy_says(fd, "vagrant"));
	assert_non_null(strstr(fd->evidence.v[0], "pid 77 (VBoxHeadless) runs a VirtualBox VM"));
	/* NixOS: the configuration, not modprobe.d and usermod */
	f->distro.family = VC_DISTRO_NIXOS;
	f->kvm.device.present = VC_TRI_FALSE;
	f->virtualbox.vagrant = true;
	fd = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VIRTUALBOX_NEM_BACKEND, "test 2");
	vc_remedy_nem(fd, f);
	assert_true(remedy_says(fd, "virtualisation.virtualbox.host = { enable = true; enableKvm = true; "
				    "addNetworkInterface = false; };` (VirtualBox on KVM"));
	assert_true(remedy_says(fd, "then `sudo nixos-rebuild switch`"));
	assert_true(remedy_says(fd, "add \"kvm\" to users.users.alice.extraGroups"));
	assert_false(remedy_says(fd, "/etc/modprobe.d"));
	assert_true(remedy_says(fd, "hashicorp/vagrant/issues/13355"));
	/* Oracle's own backend on a CPU without RDTSCP: that row's remedy, not the XSAVE one */
	f->virtualbox.nem_cyberus = false;
	f->virtualbox.nem_rdtscp = VC_TRI_FALSE;
	fd = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VIRTUALBOX_NEM_BACKEND, "test 3");
	vc_remedy_nem(fd, f);
	assert_true(remedy_says(fd, vc_knowledge_by_id("vbox_nem_tsc_aux_no_rdtscp")->remedy));
	assert_false(remedy_says(fd, "XSAVE"));
	nem_host_free(dir, ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initramfs_by_distribution),
		cmocka_unit_test(test_sign_compressed_modules),
		cmocka_unit_test(test_nixos_modprobe),
		cmocka_unit_test(test_then),
		cmocka_unit_test(test_vboxdrv_signing_on_a_host),
		cmocka_unit_test(test_cmdline_remove_everywhere),
		cmocka_unit_test(test_modprobe_d_initramfs),
		cmocka_unit_test(test_initramfs_lists_on_a_host),
		cmocka_unit_test(test_nem_pacman),
		cmocka_unit_test(test_nem_split_lock_off),
		cmocka_unit_test(test_nem_nixos),
		cmocka_unit_test(test_nixos_package_without_module),
		cmocka_unit_test(test_nem_remedies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
