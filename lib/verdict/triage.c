/* Triage (lib/verdict/triage.h): pasted logs -> typed facts with their lines -> the verdict and the
 * knowledge table -> causes, confidence, and what the logs do not show. The readers here only say
 * what a line shows; what follows from it is decided by vc_verdict() and vc_knowledge[] alone. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/util.h"
#include "lib/model/catalog.h"
#include "lib/model/remedies.h"
#include "lib/verdict/knowledge.h"
#include "lib/verdict/triage.h"
#include "lib/verdict/verdict.h"
#include "probes/probes.h"

static const char *const cause_names[_VC_CAUSE_MAX] = {
	"firmware-disabled",
	"no-vt-in-guest",
	"version-incompatible-kernel",
	"secure-boot-unsigned",
	"driver-not-loaded",
	"stale-virt-at-load-override",
	"kvm-holds-vt",
	"virtualbox-holds-vt",
	"vmware-holds-vt",
	"kvm-no-access",
	"other",
};

const char *vc_cause_name(enum vc_cause c)
{
	return (unsigned)c < _VC_CAUSE_MAX ? cause_names[c] : "other";
}

/* ---- what the lines showed, typed ---- */

enum vendor { V_UNKNOWN, V_INTEL, V_AMD };

/* The operating system the paste came from: VirtualBox, QEMU and the emulators run on Windows and
 * macOS too, where neither the cause nor the remedy is Linux's. */
enum hostos { OS_UNKNOWN, OS_LINUX, OS_WINDOWS, OS_MACOS };

struct vc_triage_obs {
	char *kernel;
	char *vbox_version;
	const char *outer; /* the outer hypervisor's id, when a line names it */
	const char *product;
	char *virt_conf, *virt_conf_by; /* kvm.enable_virt_at_load configured, and where */
	char *virt_live;
	const struct vc_known_error *vbox_error; /* the last VirtualBox error */
	/* where it ran, when only words say: a container or sandbox ("docker run", firejail), a
	 * virtual machine ("running in VMware") */
	const char *container;
	const char *sandbox; /* firejail, in the paste's words */
	/* `vmware --version`: "VMware Workstation 17.6.2 build-24409262" (or "VMware Player ..."):
	 * the product and release installed, used where other lines show VMware on this Linux */
	const char *vmware_product;
	char *vmware_version;
	char *kvmtool_raw;
	char *apport_raw;
	char *nohw_raw;
	/* the DKMS module that builds vboxdrv ("/var/lib/dkms/virtualbox/",
	 * "/var/lib/dkms/vboxhost/") */
	const char *vbox_dkms;
	/* Ubuntu's "ERROR (dkms apport)" line, which names no module (its line, for the fact decided
	 * after the paste); another DKMS module named (/var/lib/dkms/NAME/); Oracle's advice to run
	 * /sbin/vboxconfig (its packages build no DKMS module) */
	bool apport, apport_done, dkms_other, vboxconfig_said;
	unsigned apport_file, apport_no;
	/* the kernel DKMS's failed build was for ("Bad return status for module build on kernel:
	 * RELEASE"): a kernel being installed, when a line shows another one running */
	char *dkms_kernel;
	/* the release whose headers vmware-modconfig did not find ("Failed to find
	 * /lib/modules/KVER/build/include") */
	char *vmmon_headers;
	struct vc_strv bios, rejected, enable_failed, refused, setup_log;
	/* the kernel refused a module as built for another kernel (kernel_log.module_abi), and
	 * vboxdrv for a symbol ("vboxdrv: Unknown symbol", "disagrees about version of symbol") */
	struct vc_strv module_abi;
	struct vc_identity id;
	int kernel_prio;
	uint32_t kernel_min; /* an error only this kernel or later gives */
	int vbox_prio;
	enum vendor vendor;
	int vendor_prio;
	enum vc_tri vt;	     /* the CPU shows VT-x/AMD-V */
	enum vc_tri hv_bit;  /* the CPU flags say "hypervisor" */
	int kvm_open;	     /* errno of opening /dev/kvm; 0 unknown */
	enum vc_tri dev_kvm; /* /dev/kvm exists */
	int create_vm;	     /* errno of KVM_CREATE_VM; 0 unknown */
	enum vc_tri svme;    /* EFER.SVME as VirtualBox read it */
	enum hostos host;
	int host_prio;
	/* VirtualBox's VT-x sentence for every host but Linux; where no line says which, Windows is
	 * assumed (host_assumed) and macOS is the other answer */
	bool host_not_linux, host_assumed;
	unsigned vmmon_want, vmmon_got;
	unsigned kvmtool_file, kvmtool_no;
	/* "kvm: no hardware support for 'kvm_intel'": the vendor module it names and its line, decided
	 * once the paste's CPU is known (the other vendor's module refusing this CPU says nothing of
	 * its VT); other_vendor_module when it was the other vendor's */
	enum vendor nohw_vendor;
	unsigned nohw_file, nohw_no;
	/* a `uname` command line ("user@host:~$ uname -r"): its output is the next line of its file;
	 * the fields it asked for (UNAME_*), 0 when no command waits for its output */
	unsigned uname_fields, uname_file;
	/* a `grep -c` of vmx/svm in /proc/cpuinfo whose count the next line of this file (+1) gives */
	unsigned vt_grep_file;
	enum vc_modstate mod[VC_NMODULES];
	/* `ls -l /dev/kvm`'s node ("crw------- 1 root root 10, 232 ... /dev/kvm"): mode, owner and
	 * group in node and node_owner, kvm_node when a listing showed it */
	struct vc_devnode node;
	bool vbox;     /* VirtualBox's messages are in the input */
	bool vbox_nem; /* its KVM backend (NEM) runs: a KVM-backend build */
	bool wsl2;
	bool vt_held; /* VirtualBox found VT-x/AMD-V switched on by someone else */
	bool fw_msr;  /* VirtualBox read the firmware lock in the MSR */
	bool secure_boot;
	bool linux_seen;     /* a line only Linux writes (its kernel log, lsmod, modprobe, /dev/kvm) */
	bool hyperv;	     /* Windows runs on Hyper-V (NEM lines, WHv calls, VBS) */
	bool nem_fallback;   /* VirtualBox's HM gave up on VT-x/AMD-V and tried NEM */
	bool hardening;	     /* VirtualBox's Windows hardening refused the VM process */
	bool sup_missing;    /* its Windows support driver (VBoxSup) is not running */
	bool driver_older;   /* VMMR0.r0 imports a symbol the loaded vboxdrv lacks: an older one */
	bool kernel_no_kvm;  /* a VM's EMT thread scheduled while atomic: 6.15+ built without KVM */
	bool haxm;	     /* the Android emulator found no hypervisor driver of its own */
	bool accel;	     /* the Android emulator found no acceleration */
	bool libvirt_sock;   /* libvirtd's socket refused this user */
	bool libvirt_polkit; /* ... through polkit, with no agent to ask for a password */
	bool docker_host;    /* dockerd found no /dev/kvm where it runs: no container's doing */
	bool libvirt_no_kvm; /* libvirt found no KVM ("Domain requires KVM") */
	bool svm_disabled;   /* VERR_SVM_DISABLED: "in the BIOS (or by the host OS)" */
	bool nixos;	     /* NixOS: /etc is generated, its remedies go into configuration.nix */
	bool userns;	     /* /dev/kvm listed as nobody's: ids this namespace does not map */
	bool vm_words;	     /* it ran in a virtual machine, in the paste's words ("running in VMware") */
	/* LXD or Incus found no /dev/kvm (it looks when its daemon starts); lxd_after_modprobe: the
	 * message again after a `modprobe` of kvm_intel/kvm_amd the paste shows no error for */
	bool lxd, lxd_after_modprobe;
	bool kvm_modprobe, kvm_modprobe_failed;
	bool podman_machine; /* `podman machine`: podman's own VM (QEMU with KVM on Linux) */
	bool x86_guest;	     /* qemu-system-x86_64 or -i386 ran: an x86 guest */
	bool arch_words;     /* not_x86 from the reporter's words ("on a arm CPU") */
	bool x86_seen;	     /* x86 in uname -m, or the reporter's words for an x86 CPU ("Intel Core i7") */
	/* the support driver refused VirtualBox's ring-0 module: "Failed to load R0 module
	 * ...VMMR0.r0: SUP_IOCTL_LDR_OPEN failed" (VirtualBox/virtualbox#301) */
	bool r0_load_failed;
	bool wsl_vm_not_impl; /* WSL could not create its VM: "CreateVm/HCS/0x80004001" (E_NOTIMPL) */
	/* Docker Desktop for Linux runs the containers: its context ("desktop-linux") or its
	 * socket's place (~/.docker/desktop) */
	bool docker_desktop;
	/* VMware Workstation/Player: its messages are in the input; the VMMON_VERSION it expects and
	 * the one the loaded vmmon has ("expecting 417.0, got 416.0"), 0 when not said */
	bool vmware;
	/* a program said there is no /dev/kvm, and a listing shows the node: two views of /dev */
	bool kvm_said_missing, kvm_listed;
	bool kvm_node;
	bool node_acl; /* its mode ends in '+': an ACL (logind's uaccess, a setfacl) may admit more */
	/* `id`'s output ("uid=500(core) gid=500(core) groups=500(core),78(kvm)"): who asked */
	bool id_seen;
	/* VirtualBox's KVM backend found KVM_CAP_XCRS missing: KVM offers it only on a CPU with XSAVE */
	bool nem_no_xsave;
	/* KVM_CREATE_VM's errno taken as EBUSY where the program prints none (kvmtool); a paste
	 * from another architecture than x86 (uname's aarch64), where no VT-x/AMD-V is shared */
	bool create_vm_assumed, not_x86;
	/* kvmtool's failed KVM_CREATE_VM, its first line: what it means depends on the architecture,
	 * which any line of the paste may show, so it is decided once all of it is read */
	bool kvmtool;
	/* the paste says Secure Boot is off (mokutil's "SecureBoot disabled", bootctl, the kernel) */
	bool secure_boot_off;
	bool nohw_done, other_vendor_module;
	bool nohw_unnamed; /* the message before 5.16, which names no module: its line in nohw_* */
	bool vbox_symbol_refused;
	/* vboxdrv.sh built vboxdrv and "modprobe vboxdrv failed": the kernel refused it */
	bool vbox_load_failed;
	/* VMware's service said it could not load vmmon ("Virtual machine monitor failed") */
	bool vmmon_service_failed;
	/* a crouton chroot (croutonversion's "crouton: version") */
	bool crouton;
	/* Vagrant ran VirtualBox: its own words (a remedy may run the box on KVM instead) */
	bool vagrant;
	/* VMware's module installer said it could not build them ("Unable to install all
	 * modules"): no vmmon.ko for the running kernel */
	bool vmmon_build_failed;
	/* libvirt started the QEMU that was refused ("process exited while connecting to monitor"),
	 * and the paste names its system instance (qemu:///system), whose QEMU runs as the user in
	 * /etc/libvirt/qemu.conf, not as the user who asked */
	bool libvirt_qemu, libvirt_system;
	/* kernel_gcc is the build log's "The kernel was built by:", not the banner's */
	bool kernel_gcc_built_by;
	/* kvm_open came from a line about opening /dev/kvm (not only libvirt's socket) */
	bool kvm_open_dev;
	/* the gcc the running kernel was built with, as its Debian package names it ("11") */
	char kernel_gcc[8];
	bool mod_known[VC_NMODULES];
	char node_owner[64];
};

static void obs_free(struct vc_triage_obs *o)
{
	if (!o)
		return;
	free(o->kernel);
	free(o->vbox_version);
	free(o->vmware_version);
	free(o->virt_conf);
	free(o->virt_conf_by);
	free(o->virt_live);
	free(o->kvmtool_raw);
	free(o->apport_raw);
	free(o->nohw_raw);
	free(o->vmmon_headers);
	free(o->dkms_kernel);
	vc_strv_clear(&o->bios);
	vc_strv_clear(&o->rejected);
	vc_strv_clear(&o->enable_failed);
	vc_strv_clear(&o->refused);
	vc_strv_clear(&o->setup_log);
	vc_strv_clear(&o->module_abi);
	free(o);
}

struct vc_triage *vc_triage_new(void)
{
	struct vc_triage *t = xcalloc(1, sizeof(*t));

	t->obs = xcalloc(1, sizeof(*t->obs));
	return t;
}

static void unknowns_clear(struct vc_triage *t)
{
	for (size_t i = 0; i < t->unknowns.n; i++) {
		struct vc_triage_unknown *u = &t->unknowns.v[i];

		free(u->missing);
		for (size_t b = 0; b < u->branches.n; b++) {
			free(u->branches.v[b].assume);
			free(u->branches.v[b].remedy);
		}
		free(u->branches.v);
	}
	free(t->unknowns.v);
	memset(&t->unknowns, 0, sizeof(t->unknowns));
}

static void causes_clear(struct vc_triage *t)
{
	for (size_t i = 0; i < t->causes.n; i++) {
		free(t->causes.v[i].explanation);
		for (size_t r = 0; r < t->causes.v[i].remedies.n; r++)
			free(t->causes.v[i].remedies.v[r].steps);
		free(t->causes.v[i].remedies.v);
	}
	free(t->causes.v);
	memset(&t->causes, 0, sizeof(t->causes));
}

void vc_triage_free(struct vc_triage *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->facts.n; i++) {
		free(t->facts.v[i].value);
		free(t->facts.v[i].text);
	}
	free(t->facts.v);
	for (size_t i = 0; i < t->errors.n; i++)
		free(t->errors.v[i].text);
	free(t->errors.v);
	vc_strv_clear(&t->inputs);
	obs_free(t->obs);
	causes_clear(t);
	unknowns_clear(t);
	vc_ctx_free(t->ctx);
	free(t->headline);
	free(t);
}

/* ---- one line ---- */

struct line {
	struct vc_triage *t;
	unsigned file, no;
	const char *raw; /* as read (for the record) */
	const char *s;	 /* without timestamps, quote marks and log prefixes */
};

static void fact(const struct line *l, const char *key, const char *fmt, ...) _printf_(3, 4);
static void fact(const struct line *l, const char *key, const char *fmt, ...)
{
	struct vc_triage_fact *f;
	va_list ap;
	char *v;

	va_start(ap, fmt);
	if (vasprintf(&v, fmt, ap) < 0)
		abort();
	va_end(ap);
	/* the same fact from the same line once */
	for (size_t i = 0; i < l->t->facts.n; i++) {
		f = &l->t->facts.v[i];
		if (f->file == l->file && f->line == l->no && !strcmp(f->key, key) && !strcmp(f->value, v)) {
			free(v);
			return;
		}
	}
	/* in the order of the lines: a fact decided after the whole paste was read (facts_after_paste)
	 * stands at its own line */
	f = VC_PUSH(l->t->facts);
	while (f > l->t->facts.v && (f[-1].file > l->file || (f[-1].file == l->file && f[-1].line > l->no))) {
		f[0] = f[-1];
		f--;
	}
	f->key = key;
	f->value = v;
	f->file = l->file;
	f->line = l->no;
	f->text = xstrdup(l->raw);
}

/* A version word at s: digits and dots (and what a release adds: "-36-generic", "_OSE"). */
static char *version_at(const char *s, bool kernel)
{
	size_t n = 0;

	if (!isdigit((unsigned char)s[0]))
		return NULL;
	while (s[n] && (isalnum((unsigned char)s[n]) || strchr(kernel ? ".-_+~" : ".", s[n])))
		n++;
	while (n && strchr(".-_", s[n - 1]))
		n--;
	if (!memchr(s, '.', n) || n > 64)
		return NULL;
	return xstrndup(s, n);
}

/* The text after the first case-insensitive match of any needle, or NULL. */
static const char *after(const char *s, const char *needle)
{
	const char *p = vc_strcasestr(s, needle);

	return p ? p + strlen(needle) : NULL;
}

/* Void Linux's xuname (its issue template's "System Info"): "Void 6.12.7_1 x86_64 AuthenticAMD
 * notuptodate rFF", alone or after "xuname:"; the running kernel's release, then its arch. */
static const char *void_xuname(const char *s)
{
	const char *p = after(s, "xuname:");

	p = p ? p + strspn(p, " \t") : s;
	if (strncmp(p, "Void ", 5) != 0 || !isdigit((unsigned char)p[5]) || !strstr(p, " x86_64"))
		return NULL;
	return p + 5;
}

static void set_kernel(const struct line *l, const char *at, int prio)
{
	struct vc_triage_obs *o = l->t->obs;
	char *v = version_at(at, true);
	uint32_t code = v ? kernel_version_code(v) : 0;

	/* Linux 2.6 to 9.x; "Linux 7.1.0" and "6.12.3-arch1-1" */
	if (!v || code < KVER(2, 6, 0) || code >= KVER(10, 0, 0) || prio <= o->kernel_prio) {
		free(v);
		return;
	}
	free(o->kernel);
	o->kernel = v;
	o->kernel_prio = prio;
	fact(l, "kernel", "%s", v);
	/* WSL2's own kernels: "5.15.153.1-microsoft-standard-WSL2", and before 5.10 plain
	 * "4.19.104-microsoft-standard" (microsoft/WSL2-Linux-Kernel's 4.19 tags; WSL1 reports
	 * "4.4.0-19041-Microsoft", no "-standard") */
	if (vc_strcasestr(v, "microsoft-standard") || vc_strcasestr(v, "WSL2")) {
		o->wsl2 = true;
		fact(l, "environment.wsl", "wsl2");
	}
}

static void set_vbox_version(const struct line *l, const char *at, int prio)
{
	struct vc_triage_obs *o = l->t->obs;
	char *v = version_at(at, false);
	uint32_t code = v ? kernel_version_code(v) : 0;

	if (!v || code < KVER(4, 0, 0) || code >= KVER(9, 0, 0) || prio <= o->vbox_prio) {
		free(v);
		return;
	}
	free(o->vbox_version);
	o->vbox_version = v;
	o->vbox_prio = prio;
	o->vbox |= prio >= 3;
	fact(l, "virtualbox.version", "%s", v);
}

static void set_vendor(const struct line *l, enum vendor v, int prio)
{
	struct vc_triage_obs *o = l->t->obs;

	if (prio <= o->vendor_prio)
		return;
	o->vendor = v;
	o->vendor_prio = prio;
	fact(l, "cpu_vendor", "%s", v == V_AMD ? "AuthenticAMD" : "GenuineIntel");
}

static void set_module(const struct line *l, const char *name, enum vc_modstate st)
{
	struct vc_triage_obs *o = l->t->obs;
	int i = vc_module_index(name);

	if (i < 0)
		return;
	o->mod_known[i] = true;
	o->mod[i] = st;
	fact(l, "modules", "%s %s", name, vc_modstate_name(st));
}

static void set_hv(const struct line *l, const char *id, const char *product)
{
	struct vc_triage_obs *o = l->t->obs;

	o->hv_bit = VC_TRI_TRUE;
	if (id && !o->outer) {
		o->outer = id;
		o->product = product;
	}
	fact(l, "environment.outer_hypervisor", "%s", product ? product : "a hypervisor");
}

/* A line that shows which operating system the paste came from; the strongest wins. */
static void set_host(const struct line *l, enum hostos os, int prio)
{
	struct vc_triage_obs *o = l->t->obs;
	static const char *const names[] = { "unknown", "linux", "windows", "macos" };

	if (prio <= o->host_prio)
		return;
	o->host = os;
	o->host_prio = prio;
	fact(l, "host_os", "%s", names[os]);
}

/* which errno of opening /dev/kvm the paste's lines decide on, in one place: EACCES (the node's
 * mode and groups, which the kernel checks first: fs/namei.c inode_permission()) over EPERM (a
 * device cgroup or security module, checked after it: security/device_cgroup.c), whatever the
 * order of the lines; either over nothing. Returns whether e is now the errno. */
static int open_errno_rank(int e)
{
	return e == EACCES ? 2 : e == EPERM ? 1 : 0;
}

static bool stronger_errno(int e, int than)
{
	return open_errno_rank(e) > open_errno_rank(than);
}

static void set_kvm_open(const struct line *l, int e)
{
	struct vc_triage_obs *o = l->t->obs;

	/* (libvirt's refused socket sets kvm_open without a line about /dev/kvm: the first such
	 * line still says what it shows) */
	if (o->kvm_open_dev && (e == o->kvm_open || !stronger_errno(e, o->kvm_open)))
		return;
	if (stronger_errno(e, o->kvm_open))
		o->kvm_open = e;
	o->kvm_open_dev = true;
	o->dev_kvm = VC_TRI_TRUE;
	fact(l, "kvm.access.open", "%s", e == EACCES ? "EACCES" : "EPERM");
}

/* The support driver's load of VirtualBox's ring-0 module named ("Failed to load R0 module
 * ...VMMR0.r0: SUP_IOCTL_LDR_OPEN failed", "for module 'VMMR0.r0'"). */
static bool names_r0_load(const char *s)
{
	return strstr(s, "VMMR0") || strstr(s, "R0 module") || strstr(s, "SUP_IOCTL_LDR");
}

/* What a known error shows of the machine it happened on: the facts a probe would have read there.
 * (What follows from them is the verdict's.) */

static void error_facts(const struct line *l, const struct vc_known_error *e)
{
	struct vc_triage_obs *o = l->t->obs;
	const char *id = e->id;

	if (!strcmp(e->source, "virtualbox")) {
		o->vbox = true;
		/* the KVM backend's missing capability says why it went driverless, a setup that
		 * cannot build the driver why it is not installed: each stays the error */
		const char *was = o->vbox_error ? o->vbox_error->id : "";

		/* and the 0x0 screenshot, a consequence, decides only where it is the sole error */
		if (!(!strcmp(was, "VERR_NEM_MISSING_FEATURE") && !strcmp(id, "VERR_SUP_DRIVERLESS")) &&
		    !((!strcmp(was, "vbox_cannot_build_modules") || !strcmp(was, "vboxdrv_load_failed")) &&
		      !strcmp(id, "VERR_VM_DRIVER_NOT_INSTALLED")) &&
		    !(*was && !strcmp(id, "vbox_screenshot_0x0")))
			o->vbox_error = e;
	}
	if (!strcmp(id, "VERR_VMX_IN_VMX_ROOT_MODE")) {
		set_vendor(l, V_INTEL, 3);
		o->vt = VC_TRI_TRUE;
		o->vt_held = true;
		set_module(l, "vboxdrv", VC_MOD_LIVE);
		fact(l, "vt_held_by", "another hypervisor (VirtualBox found VT-x in VMX root mode)");
	} else if (!strcmp(id, "VERR_SVM_IN_USE")) {
		set_vendor(l, V_AMD, 3);
		o->vt = VC_TRI_TRUE;
		o->vt_held = true;
		o->svme = VC_TRI_TRUE;
		set_module(l, "vboxdrv", VC_MOD_LIVE);
		fact(l, "msr.efer_svme", "all (VirtualBox found AMD-V switched on)");
	} else if (!strcmp(id, "vbox_screenshot_0x0")) {
		/* the display of a VM that had started: its process ran and loaded VMMR0 through a
		 * loaded vboxdrv (VirtualBox/virtualbox#181: "VMMR0 loaded, hardware detected" before
		 * the screenshot's error) */
		int vi = vc_module_index("vboxdrv");

		o->vbox = true;
		/* not over a line that showed it absent (rc=-1908 before it) */
		if (!o->mod_known[vi] || o->mod[vi] != VC_MOD_ABSENT)
			set_module(l, "vboxdrv", VC_MOD_LIVE);
	} else if (!strcmp(id, "vbox_hm_ring0_init_failed")) {
		/* HMR3's report of ring-0's init: VMMR0 ran, through a loaded vboxdrv */
		o->vbox = true;
		set_module(l, "vboxdrv", VC_MOD_LIVE);
	} else if (!strcmp(id, "VERR_SVM_HOST_SVME_NOT_ENABLED")) {
		/* only 7.2.10+ trusts the host's SVME, and only when kvm_amd is loaded */
		set_vendor(l, V_AMD, 3);
		o->vt = VC_TRI_TRUE;
		o->svme = VC_TRI_FALSE;
		set_module(l, "vboxdrv", VC_MOD_LIVE);
		set_module(l, "kvm", VC_MOD_LIVE);
		set_module(l, "kvm_amd", VC_MOD_LIVE);
		fact(l, "msr.efer_svme", "none (KVM did not switch AMD-V on)");
		if (!o->virt_live) {
			o->virt_live = xstrdup("N");
			fact(l, "kvm.enable_virt_at_load", "N (KVM loaded without switching AMD-V on)");
		}
		o->kernel_min = KVER(6, 16, 0);
		fact(l, "kernel", "6.16 or later (vboxdrv uses KVM's AMD-V only there)");
		if (!o->vbox_version) {
			o->vbox_version = xstrdup("7.2.10");
			o->vbox_prio = 1;
			fact(l, "virtualbox.version", "7.2.10 or later (the first release with this error)");
		}
	} else if (!strcmp(id, "VERR_SVM_DISABLED") || !strcmp(id, "VERR_VMX_MSR_ALL_VMX_DISABLED") ||
		   !strcmp(id, "VERR_VMX_MSR_VMX_DISABLED")) {
		set_vendor(l, id[5] == 'S' ? V_AMD : V_INTEL, 3);
		o->fw_msr = true;
		fact(l, "msr.vt_disabled", "yes (VirtualBox read the firmware lock)");
	} else if (!strcmp(id, "vmware_vt_disabled")) {
		/* VMware's "This host supports AMD-V, but AMD-V is disabled" (or Intel VT-x): CPUID
		 * shows it, the firmware's lock (or a host not powered off since) keeps it off */
		set_vendor(l, strstr(l->s, "AMD-V") ? V_AMD : V_INTEL, 3);
		o->fw_msr = true;
		fact(l, "msr.vt_disabled", "yes (VMware found VT-x/AMD-V in the CPU and disabled)");
	} else if (!strcmp(id, "VERR_VMX_NO_VMX") || !strcmp(id, "VERR_SVM_NO_SVM")) {
		set_vendor(l, id[5] == 'S' ? V_AMD : V_INTEL, 3);
		o->vt = VC_TRI_FALSE;
		fact(l, "cpu_vt", "none");
	} else if (!strcmp(id, "kvm_no_hardware")) {
		/* Linux 5.16+ names the vendor module that refused the CPU ("kvm: no hardware support
		 * for 'kvm_intel'", arch/x86/kvm/x86.c): on the other vendor's CPU that says nothing of
		 * its VT, so it waits for the paste's CPU (facts_after_paste) */
		const char *p = after(l->s, "no hardware support for ");

		p = p ? p + strspn(p, "'`\" ") : NULL;
		if (p && (!strncmp(p, "kvm_intel", 9) || !strncmp(p, "kvm-intel", 9) ||
			  !strncmp(p, "kvm_amd", 7) || !strncmp(p, "kvm-amd", 7))) {
			if (o->nohw_vendor == V_UNKNOWN) {
				o->nohw_vendor = p[4] == 'i' ? V_INTEL : V_AMD;
				o->nohw_unnamed = false; /* the named line decides */
				o->nohw_file = l->file;
				o->nohw_no = l->no;
				free(o->nohw_raw);
				o->nohw_raw = xstrdup(l->raw);
			}
		} else if (o->nohw_vendor == V_UNKNOWN && !o->nohw_unnamed) {
			/* before 5.16 the message names no module ("kvm: no hardware support"): the
			 * same wait, for a paste that shows this CPU's VT working */
			o->nohw_unnamed = true;
			o->nohw_file = l->file;
			o->nohw_no = l->no;
			o->nohw_raw = xstrdup(l->raw);
		}
	} else if (!strcmp(id, "VERR_VM_DRIVER_NOT_INSTALLED") || !strcmp(id, "vbox_cannot_build_modules")) {
		/* (a setup that cannot build vboxdrv leaves it unloaded: vboxdrv.sh stops it first) */
		set_module(l, "vboxdrv", VC_MOD_ABSENT);
	} else if (!strcmp(id, "vbox_emt_scheduling_while_atomic")) {
		/* VirtualBox's EMT thread in the kernel log: vboxdrv is loaded and ran a VM; the
		 * reports (VirtualBox/virtualbox#37, #9) are 6.15+ kernels configured without KVM */
		o->vbox = true;
		o->linux_seen = true;
		set_module(l, "vboxdrv", VC_MOD_LIVE);
		o->kernel_no_kvm = true;
		fact(l, "kernel_config.CONFIG_KVM",
		     "not set (a VM's EMT thread scheduled while atomic: the kernels it is reported for "
		     "lack KVM's preempt notifiers)");
		if (o->kernel_min < KVER(6, 15, 0))
			o->kernel_min = KVER(6, 15, 0);
	} else if (!strcmp(id, "VERR_SYMBOL_NOT_FOUND") &&
		   (names_r0_load(l->s) || strstr(l->s, "imported symbol"))) {
		/* the ring-0 module's import ("Unable to locate imported symbol 'SUPR0EnableHwvirt' for
		 * module 'VMMR0.r0'"), not any ring-3 lookup (an extension pack's DLL entry point) */
		set_module(l, "vboxdrv", VC_MOD_LIVE);
		o->driver_older = true;
		fact(l, "virtualbox.driver", "older than VirtualBox (VMMR0.r0 imports a symbol it lacks)");
	} else if (!strcmp(id, "VERR_NEM_VM_CREATE_FAILED") &&
		   (strstr(l->s, "WHv") || o->host == OS_WINDOWS)) {
		/* Windows' Hyper-V API, not /dev/kvm */
		o->hyperv = true;
		set_host(l, OS_WINDOWS, 3);
	} else if (!strcmp(id, "VERR_NEM_NOT_AVAILABLE") && strstr(l->s, "hypervisor partition (HVP=")) {
		/* Windows' NEM: "Not in a hypervisor partition (HVP=0)": Hyper-V does not run */
		set_host(l, OS_WINDOWS, 3);
	} else if (!strcmp(id, "VERR_NEM_MISSING_KERNEL_API")) {
		/* Windows' ring-0 NEM (winhvr.sys): Hyper-V runs */
		o->hyperv = true;
		set_host(l, OS_WINDOWS, 3);
		fact(l, "environment.host_hypervisor", "Hyper-V (VirtualBox fell back to its API)");
	} else if (!strcmp(id, "kvm_create_vm_ebusy") || !strcmp(id, "VERR_NEM_VM_CREATE_FAILED") ||
		   !strcmp(id, "firecracker_vmfd_busy")) {
		o->create_vm = strstr(l->s, "failed: 5") ? EIO : EBUSY;
		o->dev_kvm = VC_TRI_TRUE;
		o->vt = o->vt == VC_TRI_FALSE ? o->vt : VC_TRI_TRUE;
		fact(l, "kvm.create_vm", "%s", o->create_vm == EIO ? "EIO" : "EBUSY");
	} else if (!strcmp(id, "kvmtool_create_vm_failed")) {
		/* kvmtool prints no errno: what is assumed waits for the whole paste (facts_after_paste) */
		o->dev_kvm = VC_TRI_TRUE;
		if (!o->kvmtool) {
			o->kvmtool = true;
			o->kvmtool_file = l->file;
			o->kvmtool_no = l->no;
			o->kvmtool_raw = xstrdup(l->raw);
		}
	} else if (!strcmp(id, "kvm_permission_denied") || !strcmp(id, "VERR_ACCESS_DENIED") ||
		   !strcmp(id, "emulator_kvm_permission") ||
		   !strcmp(id, "firecracker_kvm_permission_denied")) {
		set_kvm_open(l, EACCES);
	} else if (!strcmp(id, "kvm_open_not_permitted")) {
		set_kvm_open(l, EPERM);
	} else if (!strcmp(id, "kvm_no_device") || !strcmp(id, "VERR_NOT_SUPPORTED") ||
		   !strcmp(id, "emulator_kvm_no_device") || !strcmp(id, "kvm_module_not_supported") ||
		   !strcmp(id, "firecracker_kvm_no_device") ||
		   !strcmp(id, "cloud_hypervisor_kvm_no_device") || !strcmp(id, "docker_kvm_no_device") ||
		   !strcmp(id, "lxd_kvm_missing") || !strcmp(id, "multipass_kvm_not_enabled")) {
		o->docker_host |= !strcmp(id, "docker_kvm_no_device");
		if (!strcmp(id, "lxd_kvm_missing")) {
			o->lxd = true;
			o->lxd_after_modprobe |= o->kvm_modprobe;
			o->linux_seen = true;
		}
		o->dev_kvm = VC_TRI_FALSE;
		o->kvm_said_missing = true;
		fact(l, "kvm.device.present", "no");
	} else if (!strcmp(id, "VERR_NEM_MISSING_FEATURE") && strstr(l->s, "KVM_CAP")) {
		/* only the KVM backend asks KVM for capabilities (NEMR3Native-linux.cpp) */
		o->vbox_nem = true;
		fact(l, "virtualbox.kvm_backend", "yes (it checks KVM's capabilities)");
		if (strstr(l->s, "XCRS") || strstr(l->s, "XSAVE")) {
			o->nem_no_xsave = true;
			fact(l, "cpu.xsave", "no (KVM offers KVM_CAP_XCRS only with XSAVE)");
		}
	} else if (!strcmp(id, "VERR_SUP_DRIVERLESS")) {
		set_module(l, "vboxdrv", VC_MOD_ABSENT);
	} else if (!strcmp(id, "virtualbox_hardening")) {
		o->hardening = true;
		set_host(l, OS_WINDOWS, 3);
		if (strstr(l->s, "VBoxDrvStub") && strstr(l->s, "NOT_FOUND"))
			o->sup_missing = true;
	} else if (!strcmp(id, "vboxsup_not_loaded")) {
		o->sup_missing = true;
		set_host(l, OS_WINDOWS, 3);
		fact(l, "virtualbox.driver", "VBoxSup not running (Windows)");
	} else if (!strcmp(id, "nem_windows_hypervisor_platform")) {
		/* "WHvCapabilityCodeHypervisorPresent is FALSE": VT-x was not usable and Hyper-V's
		 * API is off; Hyper-V (VBS) or the firmware, the paste does not say */
		set_host(l, OS_WINDOWS, 3);
		o->nem_fallback = true;
		if (!strstr(l->s, "is FALSE")) {
			o->hyperv = true;
			fact(l, "environment.host_hypervisor", "Hyper-V (VirtualBox used its API)");
		}
	} else if (!strcmp(id, "emulator_needs_acceleration")) {
		o->accel = true;
	} else if (!strcmp(id, "emulator_haxm_missing")) {
		o->haxm = true;
		set_host(l, OS_WINDOWS,
			 1); /* HAXM and its successor are Windows' (HAXM's macOS build is gone) */
		fact(l, "emulator.driver", "none (HAXM or the Android Emulator hypervisor driver)");
	} else if (!strcmp(id, "libvirt_no_kvm")) {
		o->libvirt_no_kvm = true;
		if (o->dev_kvm != VC_TRI_TRUE) {
			o->dev_kvm = VC_TRI_FALSE;
			fact(l, "kvm.device.present", "no (libvirt found no KVM)");
		}
		o->linux_seen = true;
	} else if (!strcmp(id, "libvirt_socket_permission") || !strcmp(id, "libvirt_polkit_no_agent")) {
		bool polkit = !strcmp(id, "libvirt_polkit_no_agent");

		o->libvirt_sock = true;
		o->libvirt_polkit |= polkit;
		o->linux_seen = true;
		if (!o->kvm_open) {
			o->kvm_open = EACCES;
			fact(l, "libvirt.socket", polkit ? "polkit refused (no agent to ask)" : "EACCES");
		}
	} else if (!strcmp(id, "genymotion_virtualbox_engine")) {
		o->vbox = true;
	} else if (!strcmp(id, "vmware_device_credential_guard")) {
		/* VMware on Windows beside Virtualization-based Security: Hyper-V runs */
		o->vmware = o->hyperv = true;
		set_host(l, OS_WINDOWS, 3);
		fact(l, "environment.host_hypervisor",
		     "Hyper-V (Device/Credential Guard, in VMware's words)");
	} else if (!strcmp(id, "vmware_no_vmmon")) {
		o->vmware = true;
		set_module(l, "vmmon", VC_MOD_ABSENT);
	} else if (!strcmp(id, "vmware_modules_build_failed")) {
		o->vmware = o->vmmon_build_failed = true;
		set_module(l, "vmmon", VC_MOD_ABSENT);
	} else if (!strcmp(id, "vmware_vmmon_version_mismatch")) {
		const char *w = after(l->s, "expecting "), *g = after(l->s, "got ");

		o->vmware = true;
		set_module(l, "vmmon", VC_MOD_LIVE);
		if (w && g && isdigit((unsigned char)*w) && isdigit((unsigned char)*g)) {
			o->vmmon_want = (unsigned)strtoul(w, NULL, 10);
			o->vmmon_got = (unsigned)strtoul(g, NULL, 10);
			fact(l, "vmware.vmmon_version", "%u loaded, %u expected", o->vmmon_got,
			     o->vmmon_want);
		}
	}
	if (!strcmp(id, "VERR_SVM_DISABLED"))
		o->svm_disabled = true;
	/* built, then refused by the kernel (vboxdrv.sh's "modprobe vboxdrv failed") */
	if (!strcmp(id, "vboxdrv_load_failed")) {
		set_module(l, "vboxdrv", VC_MOD_ABSENT);
		o->vbox_load_failed = true;
		o->linux_seen = true;
	}
	if (o->vbox_nem && (!strcmp(id, "VERR_ACCESS_DENIED") || !strcmp(id, "VERR_NOT_SUPPORTED")))
		o->vbox = true;
}

/* The kernel-log kinds the platform probe sorts (the same needles), and the lines that say more. */
static void kernel_lines(const struct line *l)
{
	struct vc_triage_obs *o = l->t->obs;
	struct vc_platform_facts pf = { 0 };
	const char *s = l->s;

	if (vc_platform_log_line(&pf, s)) {
		if (pf.kernel_log.bios_disabled.n && o->bios.n < 8) {
			vc_strv_push(&o->bios, s);
			fact(l, "kernel_log.bios_disabled", "%s", s);
		}
		if (pf.kernel_log.module_rejected.n && o->rejected.n < 8) {
			vc_strv_push(&o->rejected, s);
			fact(l, "kernel_log.module_rejected", "%s", s);
		}
		if (pf.kernel_log.virt_enable_failed.n && o->enable_failed.n < 8) {
			vc_strv_push(&o->enable_failed, s);
			fact(l, "kernel_log.virt_enable_failed", "%s", s);
		}
		if (pf.kernel_log.driver_refused.n && o->refused.n < 8) {
			vc_strv_push(&o->refused, s);
			fact(l, "kernel_log.driver_refused", "%s", s);
		}
		if (pf.kernel_log.module_abi.n && o->module_abi.n < 8) {
			vc_strv_push(&o->module_abi, s);
			fact(l, "kernel_log.module_abi", "%s", s);
		}
	}
	/* the kernel named why vboxdrv did not load: a symbol (a kernel this VirtualBox does not
	 * support, a build against other headers), not Secure Boot */
	if (!o->vbox_symbol_refused && strstr(s, "vboxdrv") &&
	    (vc_strcasestr(s, "Unknown symbol") || strstr(s, "disagrees about version of symbol"))) {
		o->vbox_symbol_refused = true;
		fact(l, "kernel_log.vboxdrv_symbol", "%s", s);
	}
	vc_strv_clear(&pf.kernel_log.bios_disabled);
	vc_strv_clear(&pf.kernel_log.module_rejected);
	vc_strv_clear(&pf.kernel_log.virt_enable_failed);
	vc_strv_clear(&pf.kernel_log.driver_refused);
	vc_strv_clear(&pf.kernel_log.tdx_initialized);
	vc_strv_clear(&pf.kernel_log.module_abi);
	/* the kernel's own lines, not VirtualBox's "If your system has EFI Secure Boot enabled" */
	if (strstr(s, "secureboot: Secure boot enabled") || strstr(s, "Lockdown: ") ||
	    strstr(s, "SecureBoot enabled")) {
		o->secure_boot = true;
		fact(l, "platform.secure_boot", "on");
	} else if (!o->secure_boot_off &&
		   (strstr(s, "SecureBoot disabled") || strstr(s, "secureboot: Secure boot disabled") ||
		    strstr(s, "Secure Boot: disabled"))) {
		/* mokutil --sb-state, the kernel, bootctl status */
		o->secure_boot_off = true;
		fact(l, "platform.secure_boot", "off");
	}
}

/* "kvm_amd   237568  0" (lsmod), "modprobe: ERROR: could not insert 'vboxdrv'", "Module kvm_intel is
 * builtin". */
static void module_lines(const struct line *l)
{
	static const char *const mods[] = { "kvm_intel", "kvm_amd", "kvm", "vboxdrv", "vmmon" };
	const char *s = l->s, *p;

	for (size_t i = 0; i < ARRAY_SIZE(mods); i++) {
		size_t n = strlen(mods[i]);

		if (!strncmp(s, mods[i], n) && s[n] == ' ' &&
		    isdigit((unsigned char)s[n + strspn(s + n, " ")]))
			set_module(l, mods[i], VC_MOD_LIVE);
		if ((p = after(s, "could not insert '")) && !strncmp(p, mods[i], n) && p[n] == '\'')
			set_module(l, mods[i], VC_MOD_ABSENT);
		if ((p = after(s, "Module ")) && !strncmp(p, mods[i], n) && strstr(p + n, " is builtin"))
			set_module(l, mods[i], VC_MOD_BUILTIN);
	}
	if ((p = after(s, "enable_virt_at_load=")) && !strstr(s, "lsmod")) {
		struct vc_triage_obs *o = l->t->obs;
		const char *v = vc_norm_bool((char[2]){ *p, 0 });

		if (v && !o->virt_conf) {
			o->virt_conf = xstrdup(v);
			const char *path = strstr(s, "/etc/modprobe.d/");

			/* the file the line names ("in `/etc/modprobe.d/virtualbox.conf`"), or the paste */
			if (path)
				o->virt_conf_by = xstrndup(path, strcspn(path, " `'\"\t,;:)"));
			else if (strstr(s, "GRUB_CMDLINE") || strstr(s, "kvm.enable_virt_at_load"))
				o->virt_conf_by = xstrdup("/proc/cmdline");
			else
				o->virt_conf_by = xasprintf("%s:%u", l->t->inputs.v[l->file], l->no);
			fact(l, "kvm.enable_virt_at_load.configured", "%s", v);
		}
	}
	if (vc_strcasestr(s, "vboxdrv.sh: failed") ||
	    vc_strcasestr(s, "vboxdrv kernel module is not loaded") ||
	    vc_strcasestr(s, "/dev/vboxdrv does not exist"))
		set_module(l, "vboxdrv", VC_MOD_ABSENT);
	/* VMware's service (/etc/init.d/vmware, vmware.service's journal) could not load
	 * vmmon: "   Virtual machine monitor        failed", "...monitor[FAILED]", "...monitor - failed",
	 * translated ("[FEHLGESCHLAGEN]"); mkubecek/vmware-host-modules#198, bytium/vm-host-modules#3 */
	if ((p = strstr(s, "Virtual machine monitor")) &&
	    (vc_strcasestr(p, "fail") || strstr(p, "FEHLGESCHLAGEN"))) {
		struct vc_triage_obs *o = l->t->obs;

		o->vmware = o->vmmon_service_failed = o->linux_seen = true;
		set_module(l, "vmmon", VC_MOD_ABSENT);
	}
}

/* The first occurrence of word w (case folded, a whole word: "arch" is not "search", "mint" not
 * "minute") in s before end, or NULL. */
static const char *word_before(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);

	for (const char *q = vc_strcasestr(s, w); q && q < end; q = vc_strcasestr(q + 1, w))
		if ((q == s || !isalnum((unsigned char)q[-1])) && !isalnum((unsigned char)q[n]))
			return q;
	return NULL;
}

/* Phrase w said in s as whole words ("in ec2" is not "plugin ec2", "arm cpu" not "swarm cpu") and
 * not denied just before it ("not an ARM CPU", "isn't in a VM", "no longer on EC2", "moved off
 * Oracle Cloud"; "I can not launch instance in aws ec2" says it is). */
static bool said_word(const char *s, const char *w)
{
	static const char *const denials[] = { "not",	"isn't", "no",	    "off",
					       "never", "don't", "without", "unlike" };
	const char *q = word_before(s, s + strlen(s), w);

	if (!q)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(denials); i++)
		for (const char *d = word_before(s, q, denials[i]); d; d = word_before(d + 1, q, denials[i]))
			if (q - d <= 16)
				return false;
	return true;
}

/* A system's name w in s before end: no letter after it ("Ubuntu22.04" is Ubuntu, "minute" is no
 * Mint), and no letter before it either, but for "ubuntu" and "linux", which end their flavours'
 * and spellings' names (Kubuntu, Xubuntu, ArchLinux). */
static bool system_before(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);
	bool suffix_ok = !strcmp(w, "ubuntu") || !strcmp(w, "linux");

	for (const char *q = vc_strcasestr(s, w); q && q < end; q = vc_strcasestr(q + 1, w))
		if ((suffix_ok || q == s || !isalpha((unsigned char)q[-1])) && !isalpha((unsigned char)q[n]))
			return true;
	return false;
}

/* Whether the words before p call a machine the host ("Host Ubuntu 22.04, the Windows VM in
 * VirtualBox"): what runs in the product is another machine, not this Linux. */
static bool host_before(const char *s, const char *p)
{
	return word_before(s, p, "host") != NULL;
}

/* A Linux "in VMware"/"inside VirtualBox"/"in Hyper-V" ("ubuntu 18.04 in Vmware WorkStation",
 * "Ubuntu 20.04 which is running inside VirtualBox on a Windows 10 host"): the product that runs this
 * Linux, whose name on that line is the outer hypervisor's (not one installed here, its host's OS not
 * this machine's), or NULL. A VM "starting in VirtualBox" is VirtualBox's, not this machine's. */
static const char *linux_inside(const char *s)
{
	static const char *const products[] = { " in vmware", " inside vmware", " in virtualbox",
						" inside virtualbox", " in hyper-v" };
	static const char *const systems[] = { "ubuntu", "debian", "fedora", "centos",	 "kali",
					       "mint",	 "linux",  "arch",   "opensuse", "rhel" };

	for (size_t i = 0; i < ARRAY_SIZE(products); i++) {
		const char *p = vc_strcasestr(s, products[i]);

		/* "the Linux host ..., the Windows VM in VirtualBox": this Linux is the host */
		if (!p || host_before(s, p))
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(systems); k++)
			if (system_before(s, p, systems[k]))
				return products[i] + strcspn(products[i] + 1, " ") + 2;
	}
	return NULL;
}

/* Whether the Windows word w at p is a guest's: "guest" or "VM" follows it within its release's
 * words ("Windows 10 guest", "Windows 11 Pro VM"), not a host's ("on Windows 10 with VirtualBox 6.1,
 * my Ubuntu guest fails" is a Windows host). */
static bool windows_is_guest(const char *p, const char *w)
{
	char next[28];

	snprintf(next, sizeof(next), "%s", p + strlen(w));
	next[strcspn(next, ",;:.()")] = '\0'; /* its own words: "Windows 10 host, Ubuntu guest" */
	return !vc_strcasestr(next, "host") &&
	       (vc_strcasestr(next, "guest") || word_before(next, next + strlen(next), "VM") ||
		word_before(next, next + strlen(next), "VMs"));
}

/* A line whose Windows words are a VM's: its name, often its guest's OS ("VBoxManage startvm
 * \"Windows 10 Pro\"", "Waiting for VM \"Windows 10 Pro\" to power on...": VirtualBox/virtualbox#222,
 * an Arch host), or a guest's ("a Windows 10 guest"). w is the Windows word the line has. */
static bool names_a_vm(const char *s, const char *w)
{
	const char *p = strstr(s, w);

	return vc_strcasestr(s, "startvm") || strstr(s, "VM \"") || strstr(s, "VM '") ||
	       (p && windows_is_guest(p, w));
}

/* Which operating system wrote the paste: VBox.log's "OS Product" and "Package type" lines and its
 * build ("win.amd64"), then words only one of them writes. */
static void host_lines(const struct line *l)
{
	const char *s = l->s, *p;

	if ((p = after(s, "OS Product: ")) || (p = after(s, "Package type: "))) {
		if (!strncasecmp(p, "Windows", 7))
			set_host(l, OS_WINDOWS, 5);
		else if (!strncasecmp(p, "Darwin", 6) || !strncasecmp(p, "Mac", 3))
			set_host(l, OS_MACOS, 5);
		else if (!strncasecmp(p, "Linux", 5))
			set_host(l, OS_LINUX, 5);
	}
	if ((p = after(s, "VirtualBox VM ")) && strstr(p, " r")) {
		if (strstr(p, " win.") || strstr(p, " windows."))
			set_host(l, OS_WINDOWS, 5);
		else if (strstr(p, " darwin."))
			set_host(l, OS_MACOS, 5);
		else if (strstr(p, " linux."))
			set_host(l, OS_LINUX, 5);
	}
	if (vc_strcasestr(s, "VirtualBox.exe") || vc_strcasestr(s, "VBoxHeadless.exe") ||
	    vc_strcasestr(s, "VBoxManage.exe") || vc_strcasestr(s, "VBoxSVC.exe") ||
	    vc_strcasestr(s, "emulator.exe") || vc_strcasestr(s, "C:\\Program Files") ||
	    strstr(s, "\\Device\\VBox") || vc_strcasestr(s, "bcdedit") ||
	    vc_strcasestr(s, "hypervisorlaunchtype") || strstr(s, "WHPX") ||
	    strstr(s, "Windows Hypervisor Platform"))
		set_host(l, OS_WINDOWS, 2);
	/* VirtualBox words VERR_SVM_IN_USE one way for a Linux host ("Please disable the KVM kernel
	 * extension, recompile your kernel and reboot") and another for every other host ("Please close
	 * all other virtualization programs."): src/VBox/VMM/VMMR3/VM.cpp VMR3Create(), #ifdef
	 * RT_OS_LINUX. AMD-V's non-Linux host is Windows: Macs have Intel or Apple CPUs, never AMD's.
	 * VT-x's sentence, "can't operate in VMX root mode", leaves Windows or macOS (or the rare
	 * Solaris and FreeBSD hosts, answered as neither): Windows (by far the more common) is
	 * assumed and macOS is the other answer. */
	if (strstr(s, "AMD-V") && vc_strcasestr(s, "close all other virtualization programs"))
		set_host(l, OS_WINDOWS, 1);
	else if (vc_strcasestr(s, "close all other virtualization programs"))
		l->t->obs->host_not_linux = true;
	/* and the Linux sentence, for VT-x's VERR_VMX_IN_VMX_ROOT_MODE too, names a Linux host over
	 * an issue form's or the prose's words (VirtualBox/virtualbox#428: "Host OS Type: macOS",
	 * "Host OS name: linux") */
	if (vc_strcasestr(s, "Please disable the KVM kernel extension"))
		set_host(l, OS_LINUX, 4);
	/* VirtualBox's Windows build names its sources: "F:\tinderbox\win-6.1\...\NEMR3Native-win.cpp" */
	if (strstr(s, "Native-win.cpp") || strstr(s, "\\tinderbox\\win"))
		set_host(l, OS_WINDOWS, 4);
	if (strstr(s, "/Applications/VirtualBox.app") || strstr(s, "Hypervisor.framework") ||
	    strstr(s, "kextload") || strstr(s, "kextstat") || strstr(s, "org.virtualbox.kext") ||
	    strstr(s, "Darwin Kernel Version") || strstr(s, "Privacy & Security") ||
	    strstr(s, "Security & Privacy"))
		set_host(l, OS_MACOS, 2);
	/* prose: "Host operating system: macOS Big Sur", "VirtualBox for Mac (OS: 11.6.1)", "Windows 11" */
	if (strstr(s, "macOS") || strstr(s, "Mac OS") || strstr(s, "OS X") || strstr(s, "for Mac") ||
	    strstr(s, "on Mac") || strstr(s, "MacBook") || strstr(s, "Big Sur") || strstr(s, "Catalina") ||
	    strstr(s, "Mojave") || strstr(s, "Monterey") || strstr(s, "Ventura") || strstr(s, "Sonoma"))
		set_host(l, OS_MACOS, 1);
	else {
		static const char *const windows[] = { "Windows 10", "Windows 11", "Windows 7",
						       "Win 10",     "Win10",	   "Win11" };

		for (size_t i = 0; i < ARRAY_SIZE(windows); i++)
			if (strstr(s, windows[i])) {
				if (!names_a_vm(s, windows[i]))
					set_host(l, OS_WINDOWS, 1);
				break;
			}
	}
}

/* NixOS ("host os: Linux 6.12.3, NixOS, 24.11", its paths and commands): remedies the NixOS way. */
static void distro_lines(const struct line *l)
{
	struct vc_triage_obs *o = l->t->obs;
	const char *s = l->s;

	if (!o->nixos && (strstr(s, "NixOS") || strstr(s, "nixos-rebuild") || strstr(s, "/etc/nixos/") ||
			  strstr(s, "/run/current-system/"))) {
		o->nixos = true;
		fact(l, "distribution", "nixos");
	}
}

/* What the user ran: `podman machine` (podman's own VM, QEMU with KVM on Linux), and a `modprobe` of
 * KVM's vendor module (modprobe's ERROR or FATAL line naming it says it failed). */
static void command_lines(const struct line *l)
{
	struct vc_triage_obs *o = l->t->obs;
	const char *s = l->s;

	if (strstr(s, "podman machine ") || strstr(s, "podman-machine-default"))
		o->podman_machine = true;
	if (strstr(s, "qemu-system-x86_64") || strstr(s, "qemu-system-i386"))
		o->x86_guest = true;
	/* modprobe's own errors: "could not insert 'kvm_intel': ...", "FATAL: Module kvm_intel not
	 * found in directory ..." */
	bool vendor = strstr(s, "kvm_intel") || strstr(s, "kvm_amd") || strstr(s, "kvm-intel") ||
		      strstr(s, "kvm-amd");

	if (strstr(s, "could not insert 'kvm") ||
	    (strstr(s, "modprobe: ") && (strstr(s, "FATAL") || strstr(s, "ERROR")) && vendor))
		o->kvm_modprobe_failed = true;
	else if (strstr(s, "modprobe ") && !strstr(s, "FATAL") && !strstr(s, "ERROR") && vendor)
		o->kvm_modprobe = true;
}

/* A shell prompt's end ("user@host:~/dir$ ", "[root@host dir]# "): its host name and path are no
 * words of the user's ("~/docker-compose-collection# podman machine start" ran on the host) */
static const char *past_prompt(const char *s)
{
	const char *p = s + strspn(s, " \t"), *q;
	bool bracket = *p == '[';
	size_t n;

	p += bracket;
	n = strcspn(p, "@ \t");
	if (!n || p[n] != '@')
		return s;
	q = p + n + 1;
	n = strcspn(q, bracket ? " \t]" : ": \t");
	if (!n)
		return s;
	q += n;
	if (bracket) {
		q += strcspn(q, "]");
		if (*q++ != ']')
			return s;
	} else {
		if (*q++ != ':')
			return s;
		q += strcspn(q, " \t#$");
	}
	if (*q != '#' && *q != '$')
		return s;
	return q + 1 + strspn(q + 1, " \t");
}

/* Words that say where the failing program ran, which no log line of the machine shows: a container
 * or sandbox that did not pass /dev/kvm in, a virtual machine. The host's own "docker run --device
 * /dev/kvm" failing for want of the node is the host's, not a container's. */
static void where_words(const struct line *l)
{
	static const struct {
		const char *words, *container;
	} containers[] = {
		{ "docker run", "docker" },	   { "docker exec", "docker" },
		{ "docker-compose", "docker" },	   { "/.dockerenv", "docker" },
		{ "in docker", "docker" },	   { "inside docker", "docker" },
		{ "docker container", "docker" },  { "inside a container", "container" },
		{ "in a container", "container" }, { "devcontainer", "container" },
		{ "podman run", "podman" },	   { "kubepods", "container" },
		{ "flatpak", "flatpak" },
	};
	/* "in a VM", or a Linux "in VMware"/"in VirtualBox" ("ubuntu 18.04 in Vmware WorkStation"; a VM
	 * "starting in VirtualBox" is VirtualBox's, not this machine's) */
	static const char *const vms[] = { "in a vm", "inside a vm", "in a virtual machine",
					   "inside a virtual machine", "running in vmware",
					   "running in virtualbox", "running in hyper-v",
					   /* a cloud instance (a VM unless it is bare metal) */
					   "aws ec2", "on ec2", "in ec2", "ec2 instance", "oracle cloud",
					   "oraclecloud", "oracle arm" };
	struct vc_triage_obs *o = l->t->obs;
	bool was_vm = o->vm_words;
	const char *s = past_prompt(l->s);

	/* firejail, a sandbox that is no container (its /dev and groups are the host's, reduced) */
	if (!o->sandbox && (vc_strcasestr(s, "firejail") || vc_strcasestr(s, "from the jail") ||
			    vc_strcasestr(s, "in the jail") || vc_strcasestr(s, "inside the jail"))) {
		o->sandbox = "firejail";
		fact(l, "environment.sandbox", "firejail (in the paste's words)");
	}
	for (size_t i = 0; i < ARRAY_SIZE(containers) && !o->container; i++)
		if (vc_strcasestr(s, containers[i].words) && !strstr(s, "--device") &&
		    !strstr(s, "adding custom device")) {
			o->container = containers[i].container;
			fact(l, "environment.container", "%s (in the paste's words)", o->container);
		}
	/* Docker Desktop's context named as one (`docker context use desktop-linux`, "Current
	 * context is now \"desktop-linux\"", the CONTEXT column's "desktop-linux *") or its socket
	 * (~/.docker/desktop/docker.sock): not a host called desktop-linux (alice@desktop-linux:~$) */
	if (!o->docker_desktop && (strstr(s, "context use desktop-linux") || strstr(s, "\"desktop-linux\"") ||
				   strstr(s, "desktop-linux *") || strstr(s, ".docker/desktop/"))) {
		o->docker_desktop = true;
		fact(l, "environment.docker", "Docker Desktop (its engine runs in its own VM)");
	}
	/* an Arm machine in the reporter's words (foxlet/macOS-Simple-KVM#248: "Its on a arm CPU"):
	 * whole words ("swarm cpu" is none), not denied ("not an ARM CPU") */
	/* a Snapdragon is an Arm SoC (microsoft/WSL#40233: "a Lenovo Yoga 7i with a Snapdragon Elite
	 * X2"); an "ARM server" (dockur/windows-arm#27: Oracle Cloud's Ampere) */
	if (!o->not_x86 &&
	    (said_word(s, "arm cpu") || said_word(s, "arm processor") || said_word(s, "arm-based") ||
	     said_word(s, "arm64 cpu") || said_word(s, "arm server") || said_word(s, "snapdragon"))) {
		o->not_x86 = o->arch_words = true;
		fact(l, "architecture", "not x86 (Arm, in the paste's words)");
	}
	/* ... which yield to an x86 CPU in the same paste: "a Galaxy S10 (Snapdragon 855) on my
	 * Intel laptop", "our Snapdragon phone app. My PC is an Intel Core i7" */
	/* (a CPU's words, not a program's or a module's: "kvm_intel", "qemu-system-x86_64" and
	 * "amd64" image tags are none; uname -m's x86_64 is read with uname's output) */
	if (!o->x86_seen) {
		static const char *const x86[] = { "intel",   "xeon",	 "core i3", "core i5",
						   "core i7", "core i9", "ryzen",   "epyc" };

		for (size_t i = 0; i < ARRAY_SIZE(x86) && !o->x86_seen; i++) {
			const char *q = word_before(s, s + strlen(s), x86[i]);
			size_t n = strlen(x86[i]);

			o->x86_seen = q && (q == s || !strchr("_-/.", q[-1])) &&
				      (!q[n] || !strchr("_-/.", q[n])) && said_word(s, x86[i]);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(vms) && !o->vm_words; i++)
		o->vm_words = said_word(s, vms[i]) && !vc_strcasestr(s, "metal");
	if (!o->vm_words)
		o->vm_words = linux_inside(s) != NULL;
	/* once, where the words first say so */
	if (o->vm_words && !was_vm)
		fact(l, "environment.virtualized", "yes (in the paste's words)");
}

/* `ls -l /dev/kvm`: "crw------- 1 root root 10, 232 Feb 19 23:07 /dev/kvm" (a '+' or '.' after the
 * mode marks an ACL or a security context): the node's mode, owner and group */
static void node_listing(const struct line *l)
{
	struct vc_triage_obs *o = l->t->obs;
	const char *s = l->s, *end;
	char owner[64], group[64];
	unsigned mode = 0;
	size_t n;

	if (o->kvm_node || s[0] != 'c' || strspn(s + 1, "rwxsStT-") < 9)
		return;
	n = strlen(s);
	if (n < 20)
		return;
	end = s + n - strlen("/dev/kvm");
	if (strcmp(end, "/dev/kvm") != 0)
		return;
	if (sscanf(s + 10 + (s[10] == '+' || s[10] == '.'), " %*u %63s %63s", owner, group) != 2)
		return;
	for (int i = 0; i < 9; i++)
		if (s[1 + i] != '-' && s[1 + i] != 'S' && s[1 + i] != 'T')
			mode |= 1u << (8 - i);
	o->kvm_node = true;
	o->node_acl = s[10] == '+';
	o->node.type = 'c';
	o->node.major = 10;
	o->node.minor = 232;
	o->node.mode = mode;
	snprintf(o->node_owner, sizeof(o->node_owner), "%s", owner);
	snprintf(o->node.group, sizeof(o->node.group), "%s", group);
	fact(l, "kvm.device.node", "mode %04o, owner %s, group %s%s", mode, owner, group,
	     o->node_acl ? ", and an ACL the listing does not show (getfacl /dev/kvm would)" : "");
}

/* `id`'s output: "uid=500(core) gid=500(core) groups=500(core),10(wheel),78(kvm)" */
static void id_output(const struct line *l)
{
	struct vc_triage_obs *o = l->t->obs;
	const char *s = l->s, *p;
	unsigned uid;
	int at = 0;

	if (o->id_seen || sscanf(s, "uid=%u(%n", &uid, &at) != 1 || !at || !strchr(s + at, ')'))
		return;
	o->id_seen = true;
	o->id.uid = o->id.euid = uid;
	snprintf(o->id.user, sizeof(o->id.user), "%.*s", (int)strcspn(s + at, ")"), s + at);
	p = strstr(s, " groups=");
	if (p)
		p += strlen(" groups=");
	while (p && o->id.ngroups < VC_MAX_GROUPS) {
		const char *end;
		unsigned gid;
		int k = 0;

		if (sscanf(p, "%u(%n", &gid, &k) != 1 || !k || !strchr(p + k, ')'))
			break;
		o->id.groups[o->id.ngroups].gid = gid;
		snprintf(o->id.groups[o->id.ngroups].name, sizeof(o->id.groups[0].name), "%.*s",
			 (int)strcspn(p + k, ")"), p + k);
		o->id.ngroups++;
		end = strchr(p + k, ')');
		p = end && end[1] == ',' ? end + 2 : NULL; /* the next "GID(NAME)" */
	}
	fact(l, "identity", "%s (uid %u, %zu groups)", o->id.user, uid, o->id.ngroups);
}

/* `grep -c` of the VT flags in /proc/cpuinfo, the check KVM's install guides give (`egrep -c
 * '(vmx|svm)' /proc/cpuinfo`; `grep -cw ".*\(vmx\|svm\).*" /proc/cpuinfo` in a script): the text
 * after the command where the line is one, else NULL. Its count is the number of CPUs whose flags
 * show VT-x or AMD-V. */
static const char *vt_grep_command(const char *s)
{
	const char *g = strstr(s, "grep"), *c = g ? strstr(g, "/proc/cpuinfo") : NULL, *o;
	bool count = false;

	if (!c || !memmem(g, (size_t)(c - g), "vmx", 3) || !memmem(g, (size_t)(c - g), "svm", 3))
		return NULL;
	/* an option cluster with c: -c, -cw, -Ec (not a --long one) */
	for (o = g; !count && (o = strstr(o, " -")) && o < c; o += 2)
		count = o[2] != '-' && memchr(o + 2, 'c', strcspn(o + 2, " '\"")) != NULL;
	if (!count)
		return NULL;
	c += strlen("/proc/cpuinfo");
	return c + strspn(c, ")'\"` \t");
}

/* The count a reply gives: "0", "returns 2", "=> 0"; -1 when the text is none. A whole line (the
 * command's output on the line after it) holds nothing else. */
static long said_count(const char *p, bool whole_line)
{
	static const char *const verbs[] = { "returns", "returned", "gives", "gave", "shows", "=>", "->" };
	char *e;
	long n;

	p += strspn(p, " \t");
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		if (!strncasecmp(p, verbs[i], strlen(verbs[i]))) {
			p += strlen(verbs[i]);
			p += strspn(p, " \t:");
			break;
		}
	if (!isdigit((unsigned char)*p))
		return -1;
	n = strtol(p, &e, 10);
	if (n > 100000 || (*e && !strchr(" \t.,;)", *e)) || (whole_line && e[strspn(e, " \t.")]))
		return -1;
	return n;
}

static void vt_grep_count(const struct line *l, long n)
{
	struct vc_triage_obs *o = l->t->obs;

	if (n == 0) {
		o->vt = VC_TRI_FALSE;
		fact(l, "cpu_vt", "none (grep counted no CPU with vmx or svm in /proc/cpuinfo)");
	} else if (o->vt == VC_TRI_NULL) {
		o->vt = VC_TRI_TRUE;
		fact(l, "cpu_vt", "vmx or svm (grep counted %ld CPUs in /proc/cpuinfo)", n);
	}
}

/* AMD's Zen microarchitectures named in prose: "Zen 3", "Zen2", "Zen 4 CPU" */
static bool zen_word(const char *s)
{
	for (const char *p = s; (p = strstr(p, "Zen")); p += 3) {
		const char *d = p + 3 + (p[3] == ' ');

		if ((p == s || !isalnum((unsigned char)p[-1])) && isdigit((unsigned char)*d) &&
		    !isalnum((unsigned char)d[1]))
			return true;
	}
	return false;
}

/* Lines of VirtualBox's logs, its setup log, the kernel's banner, the CPU and the environment. */
static const char *const other_arch[] = { "aarch64", "arm64",	"armv7l", "armv8l",
					  "riscv64", "ppc64le", "s390x" };

/* Whether the n bytes at s are an architecture other than x86's name. */
static bool other_arch_word(const char *s, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(other_arch); i++)
		if (strlen(other_arch[i]) == n && !strncmp(s, other_arch[i], n))
			return true;
	return false;
}

/* Whether a line shows this machine's architecture as other than x86: `uname -m`'s, `arch`'s or
 * `dpkg --print-architecture`'s output alone ("aarch64"), lscpu's or hostnamectl's "Architecture:
 * arm64", a field of uname -a after its "#" ("Linux HOST RELEASE #1 SMP ... aarch64 GNU/Linux"). Not
 * a program or package named after another target (qemu-system-aarch64, gcc-aarch64-linux-gnu),
 * which an x86 machine runs and installs too. */
static bool names_other_arch(const char *s)
{
	const char *p;

	if (other_arch_word(s, strlen(s)))
		return true;
	if ((p = after(s, "Architecture:"))) {
		p += strspn(p, " \t");
		if (other_arch_word(p, strcspn(p, " \t,;")))
			return true;
	}
	if (!strncmp(s, "Linux ", 6) && (p = strstr(s, " #")))
		for (p = strchr(p + 1, ' '); p; p = strchr(p + 1, ' '))
			if (other_arch_word(p + 1, strcspn(p + 1, " \t")))
				return true;
	return false;
}

/* Whether a kernel release names an architecture other than x86 as one of its parts: Fedora's
 * "6.5.6-300.fc39.aarch64", Debian's "6.1.0-18-arm64". */
static bool kernel_other_arch(const char *release)
{
	for (const char *p = release;; p++) {
		size_t n = strcspn(p, ".-+_~");

		if (other_arch_word(p, n))
			return true;
		p += n;
		if (!*p)
			return false;
	}
}

/* uname's fields, in the order it prints them (coreutils' uname.c); -a prints them all but -p and -i
 * where they are unknown, the kernel version ("#1 SMP PREEMPT_DYNAMIC ...") has blanks. */
enum {
	UNAME_S = 1 << 0, /* kernel name: "Linux" */
	UNAME_N = 1 << 1, /* node name */
	UNAME_R = 1 << 2, /* kernel release */
	UNAME_V = 1 << 3, /* kernel version */
	UNAME_M = 1 << 4, /* machine: x86_64, aarch64 */
	UNAME_OTHER = 1 << 5,
	UNAME_ALL = UNAME_S | UNAME_N | UNAME_R | UNAME_V | UNAME_M | UNAME_OTHER,
};

/* The fields a `uname` command line asks for, 0 when s is no such line: the command last on the line,
 * after nothing or after a shell prompt of any shape ("user@host:~$ ", "[root@host ~]# ", "% ", "❯ ",
 * "➜  ~ ", inline code's "`"), its options only after it ("-r", "-a", "-srm", "--kernel-release",
 * a closing "`" or ":"); not "$(uname -r)" inside another command, nor prose that mentions it. */
static unsigned uname_command(const char *s)
{
	static const struct {
		const char *name;
		unsigned field;
	} longs[] = { { "all", UNAME_ALL },
		      { "kernel-name", UNAME_S },
		      { "nodename", UNAME_N },
		      { "kernel-release", UNAME_R },
		      { "kernel-version", UNAME_V },
		      { "machine", UNAME_M },
		      { "processor", UNAME_OTHER },
		      { "hardware-platform", UNAME_OTHER },
		      { "operating-system", UNAME_OTHER } };
	const char *p = NULL, *q;
	unsigned fields = 0;
	size_t n;

	for (q = s; (q = strstr(q, "uname")); q++)
		p = q;
	if (!p)
		return 0;
	/* the prompt: what stands before the command ends in a prompt's sign, a path's "~" or a glyph */
	for (q = p; q > s && (q[-1] == ' ' || q[-1] == '\t'); q--)
		;
	if (q > s && !strchr("$#%>]~`", q[-1]) && !((unsigned char)q[-1] & 0x80))
		return 0;
	if (q > s && q == p && q[-1] != '`')
		return 0; /* "$uname", "~uname": a word, not a command after a prompt */
	if (q > s && q[-1] == '`' && q - 1 > s && q[-2] != ' ' && q[-2] != '\t')
		return 0; /* "linux-headers-`uname -r`": a part of another command */
	for (p += 5; *p;) {
		p += strspn(p, " \t");
		n = strcspn(p, " \t`:");
		if (!n) {
			if (*p && !strchr("`:", *p))
				return 0;
			p += *p != '\0';
			continue;
		}
		if (p[0] != '-' || n < 2)
			return 0;
		if (p[1] == '-') {
			size_t i;

			for (i = 0; i < ARRAY_SIZE(longs); i++)
				if (strlen(longs[i].name) == n - 2 && !strncmp(p + 2, longs[i].name, n - 2))
					break;
			if (i == ARRAY_SIZE(longs))
				return 0;
			fields |= longs[i].field;
		} else
			for (size_t i = 1; i < n; i++) {
				const char *f = strchr("snrvmpioa", p[i]);

				if (!f)
					return 0;
				fields |=
					(unsigned[]){ UNAME_S,	   UNAME_N,	UNAME_R,
						      UNAME_V,	   UNAME_M,	UNAME_OTHER,
						      UNAME_OTHER, UNAME_OTHER, UNAME_ALL }[f - "snrvmpioa"];
			}
		p += n;
	}
	return fields;
}

/* A `uname` command's output on the line after it: the kernel release is its field after the kernel
 * and node names (the third of uname -a's), the machine a field after it (-m's "aarch64"). */
static void uname_output(const struct line *l, unsigned fields)
{
	struct vc_triage_obs *o = l->t->obs;
	const char *p = l->s + strspn(l->s, " \t`");
	unsigned skip = !!(fields & UNAME_S) + !!(fields & UNAME_N);

	for (unsigned i = 0; *p; i++) {
		size_t n = strcspn(p, " \t`");

		if (i == skip && (fields & UNAME_R))
			set_kernel(l, p, 5);
		else if (i >= skip && (fields & UNAME_M) && !o->not_x86 && other_arch_word(p, n)) {
			o->not_x86 = true;
			fact(l, "architecture", "not x86 (no VT-x/AMD-V for hypervisors to share)");
		} else if (i >= skip && (fields & UNAME_M) &&
			   ((n == 6 && !strncmp(p, "x86_64", 6)) ||
			    (n == 4 && p[0] == 'i' && !strncmp(p + 2, "86", 2))))
			o->x86_seen = true;
		p += n;
		p += strspn(p, " \t`");
	}
}

/* A `uname` command line, then its output on the next line of the same file. */
static void uname_lines(const struct line *l)
{
	struct vc_triage_obs *o = l->t->obs;
	unsigned fields = o->uname_fields;

	o->uname_fields = 0;
	if (fields && o->uname_file == l->file) {
		uname_output(l, fields);
		return;
	}
	if ((o->uname_fields = uname_command(l->s)))
		o->uname_file = l->file;
}

/* how the driver's build went, in lines that do not name it. DKMS: "Error! Bad return status
 * for module build on kernel: RELEASE (x86_64)" (the kernel it built for; a failed build once
 * VirtualBox showed in the paste) and its paths, which name the DKMS module; the kernel's Makefile:
 * "The kernel was built by: ..." / "You are using: ..." and gcc's "unrecognized command-line option"
 * (a compiler older than the kernel's refusing its flags); croutonversion's "crouton: version". */
static const char *const crouton_marks[] = {
	"crouton: version",    "croutonversion", "/mnt/stateful_partition/crouton/",
	"/usr/local/chroots/", "enter-chroot",	 "edit-chroot"
};

/* the version of the gcc a line says the kernel was built with, as Debian and Ubuntu name its
 * package (gcc-11; gcc-4.9 before 5): /proc/version's "(gcc version 11.3.0 (Ubuntu ...))" or
 * "(gcc-13 (Ubuntu 13.2.0-4ubuntu3) 13.2.0, ...)", the kernel's Makefile's "The kernel was built by:
 * gcc (Ubuntu 11.3.0-1ubuntu1~22.04) 11.3.0" or "x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14) 12.2.0".
 * Returns false when the line names none. */
static bool gcc_package_version(const char *s, char *out, size_t n)
{
	const char *p = strstr(s, "gcc version "), *q;
	unsigned major, minor = 0;

	if (p)
		p += 12;
	else if ((p = strstr(s, "gcc-")) && isdigit((unsigned char)p[4]))
		p += 4;
	else if ((p = strstr(s, "gcc (")) && (q = strchr(p, ')')) && q[1] == ' ' &&
		 isdigit((unsigned char)q[2]))
		p = q + 2;
	else
		return false;
	if (!isdigit((unsigned char)*p))
		return false;
	major = (unsigned)strtoul(p, (char **)&q, 10);
	if (*q == '.' && isdigit((unsigned char)q[1]))
		minor = (unsigned)strtoul(q + 1, NULL, 10);
	if (major < 4 || major > 99 || minor > 99)
		return false;
	if (major < 5)
		snprintf(out, n, "%u.%u", major, minor);
	else
		snprintf(out, n, "%u", major);
	return true;
}

static void read_build_lines(const struct line *l, const char *s)
{
	struct vc_triage_obs *o = l->t->obs;
	const char *p;
	bool log_line = false;

	/* crouton's own names decide it, never a kernel release (ChromeOS's 3.x and 4.x kernels
	 * run plain Linux too): croutonversion's line, its host commands (host-bin/enter-chroot,
	 * edit-chroot) and the chroots' places (installer/main.sh: PREFIX/chroots, CHROOTSLINK
	 * /mnt/stateful_partition/crouton/chroots) */
	for (size_t i = 0; i < ARRAY_SIZE(crouton_marks) && !o->crouton; i++)
		if (strstr(s, crouton_marks[i])) {
			o->crouton = true;
			fact(l, "environment.chroot", "crouton");
		}
	if (strstr(s, "/var/lib/dkms/virtualbox/") || strstr(s, "DKMS make.log for virtualbox"))
		o->vbox_dkms = "virtualbox";
	else if (strstr(s, "/var/lib/dkms/vboxhost/") || strstr(s, "DKMS make.log for vboxhost"))
		o->vbox_dkms = "vboxhost";
	else if (strstr(s, "/var/lib/dkms/") || strstr(s, "DKMS make.log for "))
		o->dkms_other = true;
	if (strstr(s, "/sbin/vboxconfig") || strstr(s, "vboxconfig as root"))
		o->vboxconfig_said = true;
	/* Vagrant's own words around VBoxManage's error (its VirtualBox provider's
	 * vboxmanage_error: "There was an error while executing `VBoxManage`, a CLI used by Vagrant
	 * ... Command: [...] Stderr: VBoxManage: error: ...") and its commands */
	if (!o->vagrant && (strstr(s, "a CLI used by Vagrant") || !strncmp(s, "Stderr: VBoxManage", 18) ||
			    strstr(s, "vagrant up") || strstr(s, "Bringing machine '"))) {
		o->vagrant = true;
		fact(l, "virtualbox.vagrant", "yes (Vagrant's own words)");
	}
	/* Debian's and Ubuntu's VirtualBox words its own errors so: "Please reinstall
	 * virtualbox-dkms package and load the kernel module by executing 'modprobe vboxdrv'" (Oracle's
	 * says "'/sbin/vboxconfig' as root", VM.cpp), "Please install the virtualbox-dkms package and
	 * the appropriate headers": that build's vboxdrv is DKMS's module virtualbox */
	if (!o->vbox_dkms && strstr(s, "virtualbox-dkms package")) {
		o->vbox_dkms = "virtualbox";
		fact(l, "virtualbox.build", "DKMS (virtualbox-dkms: Debian's or Ubuntu's package)");
	}
	/* Ubuntu's dkms reports a failed build through apport, which refuses a kernel whose headers
	 * are no distribution package before DKMS's own "Bad return status" line: "ERROR (dkms
	 * apport): kernel package linux-headers-RELEASE is not supported" (dell/dkms dkms_apport.py,
	 * run for "kernel module failed to build"; linux-surface/kernel#87) */
	p = after(s, "(dkms apport): kernel package linux-headers-");
	/* apport is Ubuntu's, and there VirtualBox's DKMS build is its package's (virtualbox-dkms;
	 * Oracle's packages build with vboxconfig): decided after the paste (facts_after_paste) */
	if (p && strstr(p, " is not supported") && !o->apport) {
		o->apport = true;
		o->apport_file = l->file;
		o->apport_no = l->no;
		o->apport_raw = xstrdup(l->raw);
	}
	if (!p || !strstr(p, " is not supported"))
		p = after(s, "module build on kernel: ");
	if (p && isdigit((unsigned char)*p)) {
		if (!o->dkms_kernel)
			o->dkms_kernel = version_at(p, true);
		set_kernel(l, p, 3);
		log_line = true;
	}
	/* vmware-modconfig's log when the headers of the kernel it builds for (uname's, the
	 * running one) are not installed: "Failed to find /lib/modules/4.12.9+/build/include"
	 * (M-Bab/linux-kernel-amdgpu-binaries#17), the directory itself; not its "Failed to find
	 * /lib/modules/K/build/include/linux/version.h", which every kernel since 3.7 prints before
	 * it looks for generated/uapi/linux/version.h and finds the headers valid */
	if ((p = after(s, "Failed to find /lib/modules/")) && isdigit((unsigned char)*p) &&
	    !strncmp(p + strcspn(p, "/"), "/build/include", 14) &&
	    strchr(" \t\r\"'.", p[strcspn(p, "/") + 14]) && !o->vmmon_headers && strcspn(p, "/") <= 64) {
		o->vmmon_headers = xstrndup(p, strcspn(p, "/"));
		set_kernel(l, p, 3);
		fact(l, "vmware.build_headers_missing", "%s", o->vmmon_headers);
	}
	/* the kernel's compiler: the build log's line, which names the kernel being built for and
	 * overrides the banner (/proc/version, dmesg's), the running kernel's, which may be another
	 * one (a DKMS build for a kernel being installed); not "You are using:", the compiler that
	 * failed */
	if (strstr(s, "The kernel was built by:") && !o->kernel_gcc_built_by &&
	    gcc_package_version(s, o->kernel_gcc, sizeof(o->kernel_gcc))) {
		o->kernel_gcc_built_by = true;
		fact(l, "kernel.compiler", "gcc %s", o->kernel_gcc);
	} else if (!*o->kernel_gcc && strstr(s, "Linux version ") &&
		   gcc_package_version(s, o->kernel_gcc, sizeof(o->kernel_gcc)))
		fact(l, "kernel.compiler", "gcc %s", o->kernel_gcc);
	if (strstr(s, "The kernel was built by:") || strstr(s, "You are using:") ||
	    strstr(s, "unrecognized command-line option") || strstr(s, "unrecognized command line option"))
		log_line = true;
	if (log_line && o->vbox_version && o->setup_log.n < 8) {
		vc_strv_push(&o->setup_log, s);
		fact(l, "virtualbox.setup_log", "%s", s);
	}
}

/* `vmware --version`'s line, the whole line: "VMware Workstation 17.6.2 build-24409262" */
static void vmware_version_line(const struct line *l)
{
	static const char *const products[] = { "VMware Workstation", "VMware Player" };
	struct vc_triage_obs *o = l->t->obs;

	for (size_t i = 0; i < ARRAY_SIZE(products); i++) {
		size_t n = strlen(products[i]);
		const char *p = l->s + n + 1;
		char *v;
		uint32_t code;

		if (strncmp(l->s, products[i], n) != 0 || l->s[n] != ' ')
			continue;
		v = version_at(p, false);
		code = v ? kernel_version_code(v) : 0;
		/* Workstation 6 to 17 (25H2 has no dotted number), one " build-N" after it */
		if (!v || code < KVER(6, 0, 0) || code >= KVER(30, 0, 0) ||
		    strncmp(p + strlen(v), " build-", 7) != 0 || o->vmware_version) {
			free(v);
			return;
		}
		o->vmware_product = products[i];
		o->vmware_version = v;
		fact(l, "vmware.version", "%s %s", products[i], v);
		return;
	}
}

static void machine_lines(const struct line *l)
{
	struct vc_triage_obs *o = l->t->obs;
	const char *s = l->s, *p;

	if (!o->not_x86 && names_other_arch(s)) {
		o->not_x86 = true;
		fact(l, "architecture", "not x86 (no VT-x/AMD-V for hypervisors to share)");
	}

	/* VBox.log: "VirtualBox VM 7.1.4 r165100 linux.amd64", "Log opened", package names */
	if ((p = after(s, "VirtualBox VM ")))
		set_vbox_version(l, p, 5);
	else if ((p = after(s, "VirtualBox Graphical User Interface ")) ||
		 (p = after(s, "VBoxManage version ")))
		set_vbox_version(l, p, 4);
	else if ((p = after(s, "virtualbox-ose-")) || (p = after(s, "virtualbox-")) ||
		 (p = after(s, "VirtualBox ")) || (p = after(s, "VirtualBox-")))
		set_vbox_version(l, p, 3);
	else if (!strncasecmp(s, "Version ", 8))
		/* VirtualBox's issue template: "Version 7.2.8" (used only when VirtualBox is in the logs) */
		set_vbox_version(l, s + 8, 2);
	else if (isdigit((unsigned char)*s) && s[strspn(s, "0123456789.")] == 'r' &&
		 isdigit((unsigned char)s[strspn(s, "0123456789.") + 1]) && strchr(s, '.'))
		/* `VBoxManage --version`: "6.0.12r133076" (its build's revision after the r) */
		set_vbox_version(l, s, 3);
	/* DKMS's tree names the module's version, VirtualBox's: M=/var/lib/dkms/virtualbox/7.0.16/build
	 * (Debian's and Ubuntu's virtualbox-dkms, linuxmint/linuxmint#896) */
	if ((p = strstr(s, "/var/lib/dkms/virtualbox/")))
		set_vbox_version(l, p + strlen("/var/lib/dkms/virtualbox/"), 3);
	/* VirtualBox named as what runs this Linux is the outer hypervisor, not installed here */
	if (vc_strcasestr(s, "VBoxManage") || vc_strcasestr(s, "VBox.log") ||
	    (vc_strcasestr(s, "VirtualBox") && !streq_ptr(linux_inside(s), "virtualbox")) ||
	    vc_strcasestr(s, "vboxdrv") || vc_strcasestr(s, "vboxconfig") || vc_strcasestr(s, "SUPDrv"))
		o->vbox = true;
	if (strstr(s, "NEM:") && (vc_strcasestr(s, "KVM") || vc_strcasestr(s, "/dev/kvm")) &&
	    !vc_strcasestr(s, "Not available")) {
		o->vbox_nem = true;
		fact(l, "virtualbox.kvm_backend", "yes");
	}
	if ((p = after(s, "HMR3Init")) && vc_strcasestr(p, "fall") && strstr(p, "NEM")) {
		o->nem_fallback = true;
		fact(l, "virtualbox.hm", "no VT-x/AMD-V for VirtualBox: it falls back to NEM");
	} else if ((p = after(s, "HMR3Init: ")) &&
		   (!strncmp(p, "VT-x w/", 7) || !strncmp(p, "AMD-V w/", 8))) {
		set_vendor(l, p[0] == 'A' ? V_AMD : V_INTEL, 4);
		o->vt = VC_TRI_TRUE;
		fact(l, "cpu_vt", "%s (VirtualBox uses it)", p[0] == 'A' ? "svm" : "vmx");
	}
	if (strstr(s, "NEMR3Init") && vc_strcasestr(s, "Not available"))
		fact(l, "virtualbox.nem", "not available");
	/* the kernel release: VBox.log, dmesg's banner, uname -a, issue templates, prose (VBox.log's
	 * "OS Release" is Windows' or Darwin's on those hosts) */
	if (((p = after(s, "OS Release: ")) && o->host != OS_WINDOWS && o->host != OS_MACOS) ||
	    (p = after(s, "Linux version ")))
		set_kernel(l, p, 6);
	else if ((p = after(s, "Kernel Version: ")) || (p = after(s, "Kernel Version ")) ||
		 (p = after(s, "uname -r: ")))
		set_kernel(l, p, 5);
	else if ((p = void_xuname(s)))
		set_kernel(l, p, 4);
	else if (!strncmp(s, "Linux ", 6)) {
		/* uname -a: "Linux HOST RELEASE #1 SMP..." or "Linux 6.12.3, NixOS" */
		p = s + 6;
		char *v = version_at(p, true);

		if (!v || strchr(p, '#')) {
			const char *sp = strchr(p, ' ');

			p = sp ? sp + 1 : p;
			free(v);
			v = version_at(p, true);
		}
		if (v)
			set_kernel(l, p, 4);
		free(v);
	} else if (((p = after(s, "kernel ")) && isdigit((unsigned char)*p)) ||
		   ((p = after(s, "current kernel (")) && isdigit((unsigned char)*p)))
		set_kernel(l, p, 3);
	else if ((p = after(s, "Linux ")) && isdigit((unsigned char)*p))
		set_kernel(l, p, 2);
	else if (((p = after(s, "/lib/modules/")) && isdigit((unsigned char)*p)) ||
		 ((p = after(s, "KERNELRELEASE=")) && isdigit((unsigned char)*p)))
		/* a module build's paths and make line ("make -C /lib/modules/RELEASE/build", depmod's
		 * "/lib/modules/RELEASE/misc/vboxdrv.ko", DKMS's KERNELRELEASE=): the kernel built for,
		 * most often the running one but not always (DKMS builds for a kernel just installed),
		 * so the least of the hints: anything the paste says of the kernel comes first */
		set_kernel(l, p, 1);
	/* the CPU */
	if (strstr(s, "AuthenticAMD") || strstr(s, "HygonGenuine"))
		set_vendor(l, V_AMD, 4);
	else if (strstr(s, "GenuineIntel"))
		set_vendor(l, V_INTEL, 4);
	else if ((vc_strcasestr(s, "model name") || vc_strcasestr(s, "Host CPU") ||
		  vc_strcasestr(s, "CPUM: Name:") || vc_strcasestr(s, "Processor")) &&
		 (strstr(s, "AMD ") || strstr(s, "Ryzen") || strstr(s, "EPYC")))
		set_vendor(l, V_AMD, 3);
	else if ((vc_strcasestr(s, "model name") || vc_strcasestr(s, "Host CPU") ||
		  vc_strcasestr(s, "CPUM: Name:") || vc_strcasestr(s, "Processor")) &&
		 (strstr(s, "Intel(R)") || strstr(s, "Intel ")))
		set_vendor(l, V_INTEL, 3);
	/* AMD's CPU families in prose ("on Zen 3 CPU", "my Ryzen 5"): stronger than a module's name */
	else if (zen_word(s) || strstr(s, "Ryzen") || strstr(s, "EPYC") || strstr(s, "Threadripper"))
		set_vendor(l, V_AMD, 2);
	/* a module's name, not the one the kernel says refused the CPU (it may be the other vendor's) */
	else if ((strstr(s, "kvm_amd") || strstr(s, "AMD-V")) && !strstr(s, "no hardware support for"))
		set_vendor(l, V_AMD, 1);
	else if ((strstr(s, "kvm_intel") || strstr(s, "VT-x")) && !strstr(s, "no hardware support for"))
		set_vendor(l, V_INTEL, 1);
	/* the CPU flags, as /proc/cpuinfo shows them */
	if (!strncmp(s, "flags", 5) && strchr(s, ':')) {
		bool vmx = strstr(s, " vmx") != NULL, svm = strstr(s, " svm") != NULL;

		o->vt = vmx || svm ? VC_TRI_TRUE : VC_TRI_FALSE;
		fact(l, "cpu_vt", "%s", vmx ? "vmx" : svm ? "svm" : "none");
		if (strstr(s, " hypervisor")) {
			o->hv_bit = VC_TRI_TRUE;
			fact(l, "cpu_hypervisor_bit", "set");
		} else if (o->hv_bit == VC_TRI_NULL) {
			o->hv_bit = VC_TRI_FALSE;
			fact(l, "cpu_hypervisor_bit", "clear");
		}
	}
	/* kvm_amd's setup, which runs only where SVM works, says so in the kernel log ("kvm: Nested
	 * Virtualization enabled", "kvm_amd: Nested Paging enabled": arch/x86/kvm/svm/svm.c,
	 * svm_hardware_setup) */
	if ((strstr(s, "kvm: Nested Virtualization enabled") ||
	     strstr(s, "kvm_amd: Nested Virtualization enabled") || strstr(s, "kvm: Nested Paging enabled") ||
	     strstr(s, "kvm_amd: Nested Paging enabled")) &&
	    o->vt != VC_TRI_FALSE) {
		set_vendor(l, V_AMD, 2);
		set_module(l, "kvm_amd", VC_MOD_LIVE);
		o->vt = VC_TRI_TRUE;
		fact(l, "cpu_vt", "svm (kvm_amd set up)");
	}
	if (vc_strcasestr(s, "Your CPU does not support KVM extensions") ||
	    vc_strcasestr(s, "KVM requires a CPU that supports vmx or svm") ||
	    /* Proxmox VE: no vmx/svm in /proc/cpuinfo's flags (pve-common ProcFSTools read_cpuinfo) */
	    vc_strcasestr(s, "KVM virtualisation configured, but not available") ||
	    vc_strcasestr(s, "does not support VT-x") || vc_strcasestr(s, "does not support AMD-V") ||
	    vc_strcasestr(s, "does not support hardware virtualization") ||
	    /* docker-machine's VirtualBox precreate check, minikube's before 1.10 ("precreate: This
	     * computer doesn't have VT-X/AMD-v enabled. Enabling it in the BIOS is mandatory"): on
	     * x86 Linux it asks CPUID for VMX or SVM (minikube-machine/machine
	     * drivers/virtualbox/vtx_intel.go), which a firmware lock does not clear: the CPU shows
	     * none; Windows' and macOS' checks read other things (their VBoxManage lines decide) */
	    (vc_strcasestr(s, "doesn't have VT-X/AMD-v enabled") && o->host != OS_WINDOWS &&
	     o->host != OS_MACOS)) {
		o->vt = VC_TRI_FALSE;
		fact(l, "cpu_vt", "none");
	}
	/* a grep -c of vmx/svm, its count after it ("... /proc/cpuinfo returns 2") or on the next
	 * line of the same file ("0", "returns 0": phatnhse/android-container#33) */
	{
		unsigned pending = o->vt_grep_file;
		const char *rest;
		long n;

		o->vt_grep_file = 0;
		if (pending == l->file + 1 && (n = said_count(s, true)) >= 0)
			vt_grep_count(l, n);
		else if ((rest = vt_grep_command(s))) {
			if ((n = said_count(rest, false)) >= 0)
				vt_grep_count(l, n);
			else if (!*rest)
				o->vt_grep_file = l->file + 1;
		}
	}
	/* the environment: dmesg "Hypervisor detected: KVM", WSL's messages */
	if ((p = after(s, "Hypervisor detected: "))) {
		static const struct {
			const char *name, *id, *product;
		} hvs[] = { { "KVM", "kvm", "KVM" },
			    { "VMware", "vmware", "VMware" },
			    { "Microsoft", "hyperv", "Hyper-V" },
			    { "Xen", "xen", "Xen" },
			    { "ACRN", "acrn", "ACRN" } };
		size_t i;

		for (i = 0; i < ARRAY_SIZE(hvs); i++)
			if (!strncmp(p, hvs[i].name, strlen(hvs[i].name)))
				break;
		set_hv(l, i < ARRAY_SIZE(hvs) ? hvs[i].id : NULL,
		       i < ARRAY_SIZE(hvs) ? hvs[i].product : NULL);
	}
	/* "... on this computer" (WSL#11467), "... on this machine." (WSL#10106, s11-hosts2) */
	if (vc_strcasestr(s, "nested virtualization is not supported on this")) {
		o->wsl2 = true;
		o->vt = VC_TRI_FALSE;
		fact(l, "environment.wsl", "wsl2 without nested virtualization");
	}
	/* WSL's service could not create the VM at all: HCS answered E_NOTIMPL ("Not implemented",
	 * "Error code: Wsl/InstallDistro/Service/RegisterDistro/CreateVm/HCS/0x80004001") */
	if (names_r0_load(s))
		o->r0_load_failed = true;
	if (strstr(s, "CreateVm/HCS/0x80004001") && !o->wsl_vm_not_impl) {
		o->wsl_vm_not_impl = true;
		fact(l, "environment.wsl", "wsl2: its VM was not created (HCS: not implemented)");
	}
	/* /dev/kvm: "ls: cannot access '/dev/kvm': No such file", "INFO: /dev/kvm does not exist" */
	/* minikube's "Exiting due to PR_KVM_MISSING: /dev/kvm not found" */
	if ((strstr(s, "/dev/kvm") || strstr(s, "PR_KVM_MISSING")) &&
	    (vc_strcasestr(s, "No such file") || vc_strcasestr(s, "does not exist") ||
	     vc_strcasestr(s, "not found") || vc_strcasestr(s, "is missing")) &&
	    (o->kvm_said_missing = true) && o->dev_kvm != VC_TRI_TRUE) {
		o->dev_kvm = VC_TRI_FALSE;
		fact(l, "kvm.device.present", "no");
	}
	if ((strstr(s, "/dev/kvm exists") || strstr(s, "crw-")) && strstr(s, "kvm")) {
		o->kvm_listed = true;
		o->dev_kvm = VC_TRI_TRUE;
		fact(l, "kvm.device.present", "yes");
		/* ls -l in a user namespace: ids it does not map show as nobody/nogroup (65534,
		 * user_namespaces(7)) */
		if (strstr(s, "crw-") && strstr(s, " nobody ") && strstr(s, "/dev/kvm") && !o->userns) {
			o->userns = true;
			fact(l, "environment.user_namespace", "yes (/dev/kvm shows as nobody)");
		}
	}
	node_listing(l);
	id_output(l);
	if (vc_strcasestr(s, "/dev/kvm") &&
	    (vc_strcasestr(s, "permission denied") || vc_strcasestr(s, "have permissions to use KVM")))
		set_kvm_open(l, EACCES);
	/* the firmware's lock as kvm-ok reads it on Linux ("INFO: KVM (vmx) is disabled by your BIOS",
	 * like the kernel's "kvm: disabled by bios") and as the emulator's -accel-check reads it on any
	 * host ("VT-x is disabled in BIOS"); VirtualBox's own wording is its error's */
	if (strstr(s, "disabled by your BIOS") && o->bios.n < 8) {
		vc_strv_push(&o->bios, s);
		fact(l, "kernel_log.bios_disabled", "%s", s);
	} else if (strstr(s, "disabled in BIOS") && !strstr(s, "VERR_") && !o->fw_msr &&
		   !strstr(strstr(s, "disabled in BIOS"), " or ")) {
		/* (not the emulator's list of what may be wrong: "/dev/kvm is not found: VT disabled
		 * in BIOS or KVM kernel module not loaded") */
		o->fw_msr = true;
		if (strstr(s, "AMD-V") || strstr(s, "SVM"))
			set_vendor(l, V_AMD, 2);
		else if (strstr(s, "VT-x") || strstr(s, "VMX"))
			set_vendor(l, V_INTEL, 2);
		fact(l, "msr.vt_disabled", "yes (the firmware's lock, as the emulator read it)");
	}
	where_words(l);
	/* vboxconfig's build log: compiler errors in the driver's sources */
	if ((strstr(s, "SUPDrv") || strstr(s, "vboxdrv") || strstr(s, "/vboxhost/")) &&
	    (strstr(s, "error:") || strstr(s, "erreur") || strstr(s, "Fehler")) && o->setup_log.n < 8) {
		vc_strv_push(&o->setup_log, s);
		fact(l, "virtualbox.setup_log", "%s", s);
	}
	read_build_lines(l, s);
}

/* libvirt's wrapper around a QEMU that exited at start, and its system instance by name
 * (voidlinux/void-packages#1095: virt-manager, "only in `qemu:///system`"). */
static void libvirt_lines(const struct line *l)
{
	/* "... connecting to" alone: a paste may break libvirt's message before "monitor"
	 * (minishift/minishift#1629) */
	static const char *const wrapper[] = { "process exited while connecting to",
					       "qemu unexpectedly closed the monitor",
					       "qemuProcessReportLogError" };
	struct vc_triage_obs *o = l->t->obs;

	/* no fact of its own: the refusal on the same line is the fact shown */
	for (size_t i = 0; i < ARRAY_SIZE(wrapper) && !o->libvirt_qemu; i++)
		o->libvirt_qemu = strstr(l->s, wrapper[i]) != NULL;
	if (!o->libvirt_system && strstr(l->s, "qemu:///system")) {
		o->libvirt_system = true;
		fact(l, "libvirt.uri", "qemu:///system");
	}
}

static void read_line(struct vc_triage *t, unsigned file, unsigned no, char *raw)
{
	const struct vc_known_error *m[16];
	struct line l = { t, file, no, raw, raw };
	char *s = raw;
	size_t n;

	/* markdown and mail quoting, list bullets, blanks */
	for (;;) {
		s += strspn(s, " \t");
		if (*s == '>' || (*s == '|' && s[1] == ' '))
			s++;
		else if ((*s == '-' || *s == '*') && s[1] == ' ')
			s += 2;
		else
			break;
	}
	if (!strncmp(s, "```", 3) || !*s)
		return;
	/* timestamps: dmesg "[   12.345678] ", VBox.log "00:00:01.234567 ", journalctl "Mon DD HH:MM:SS host
	 * kernel: ", ISO "2024-01-02T03:04:05..." */
	if (*s == '[' && strchr(s, ']') && strspn(s + 1, " 0123456789.") == (size_t)(strchr(s, ']') - s - 1))
		s = strchr(s, ']') + 1;
	else if (strspn(s, "0123456789:.") >= 8 && s[2] == ':')
		s += strspn(s, "0123456789:.");
	else if (strlen(s) > 16 && isalpha((unsigned char)s[0]) && s[3] == ' ' && s[6] == ' ' &&
		 s[9] == ':' && s[12] == ':') {
		const char *k = strstr(s + 15, ": ");

		if (k && k - s < 80)
			s = (char *)k + 2;
	} else if (strlen(s) > 19 && isdigit((unsigned char)s[0]) && s[4] == '-' && s[10] == 'T') {
		char *sp = strchr(s, ' ');

		if (sp)
			s = sp;
	}
	s += strspn(s, " \t");
	/* "kernel: " after a journal prefix, then dmesg's own time stamp */
	if (!strncmp(s, "kernel: ", 8))
		s += 8;
	if (*s == '[' && strchr(s, ']') && strspn(s + 1, " 0123456789.") == (size_t)(strchr(s, ']') - s - 1))
		s = strchr(s, ']') + 1;
	s += strspn(s, " \t");
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	if (!n)
		return;
	l.s = s;
	t->lines++;
	host_lines(&l); /* first: what an error means depends on the host */
	distro_lines(&l);
	command_lines(&l);
	n = vc_errors_most_specific(m, vc_match_errors(s, m, ARRAY_SIZE(m)));
	for (size_t i = 0; i < n; i++) {
		struct vc_triage_error *e;
		bool seen = false;

		for (size_t k = 0; k < t->errors.n && !seen; k++)
			seen = t->errors.v[k].e == m[i] && t->errors.v[k].file == file;
		error_facts(&l, m[i]);
		if (seen || t->errors.n >= 64)
			continue;
		e = VC_PUSH(t->errors);
		e->e = m[i];
		e->file = file;
		e->line = no;
		e->text = xstrdup(raw);
	}
	kernel_lines(&l);
	module_lines(&l);
	uname_lines(&l);
	machine_lines(&l);
	vmware_version_line(&l);
	libvirt_lines(&l);
}

/* One line of the input, and the lines a program's quoted string holds in it: a literal "\n" (Go's
 * %q, JSON; minikube's "...kernel module is not loaded. Either there is no module\n available for
 * the current kernel (5.0.0-27-generic)...") not followed by a letter, which a Windows path
 * ("C:\Users\name") has; each piece keeps the line's number. */
static void read_lines(struct vc_triage *t, unsigned file, unsigned no, char *line)
{
	char *p = line, *q;

	while ((q = strstr(p, "\\n")) && !isalpha((unsigned char)q[2])) {
		*q = '\0';
		read_line(t, file, no, p);
		p = q + 2;
	}
	read_line(t, file, no, p);
}

int vc_triage_feed(struct vc_triage *t, const char *name, const char *buf, size_t len)
{
	unsigned file = (unsigned)t->inputs.n, no = 0;
	char *line = xmalloc(VC_TRIAGE_LINE_MAX + 1);
	size_t i = 0;

	vc_strv_push(&t->inputs, name);
	while (i < len) {
		size_t n = 0;

		/* one line: \n, \r\n or \r ends it; NUL bytes become blanks; a long line is cut */
		while (i < len && buf[i] != '\n' && buf[i] != '\r') {
			if (n < VC_TRIAGE_LINE_MAX)
				line[n++] = buf[i] ? buf[i] : ' ';
			i++;
		}
		if (i < len && buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n')
			i++;
		i++;
		line[n] = '\0';
		read_lines(t, file, ++no, line);
	}
	free(line);
	return 0;
}

int vc_triage_feed_file(struct vc_triage *t, const char *path)
{
	size_t cap = 1 << 16, len = 0;
	bool in = !strcmp(path, "-");
	FILE *f = in ? stdin : fopen(path, "re");
	char *buf;
	int r = 0;

	if (!f)
		return neg_errno();
	buf = xmalloc(cap);
	for (;;) {
		size_t n;

		if (len == cap) {
			if (cap >= VC_TRIAGE_INPUT_MAX) {
				r = -EFBIG;
				break;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len, f);
		if (!n)
			break;
		len += n;
	}
	if (ferror(f))
		r = -EIO;
	if (!in)
		fclose(f);
	if (!r)
		r = vc_triage_feed(t, path, buf, len);
	free(buf);
	return r;
}

void vc_triage_modconfig_log(const char *text, size_t len, struct vc_modconfig_log *ret)
{
	static const char *const keys[] = { "vmware.build_headers_missing", "kernel.compiler" };
	struct vc_triage *t = vc_triage_new();
	const struct vc_triage_obs *o = t->obs;

	memset(ret, 0, sizeof(*ret));
	vc_triage_feed(t, "vmware-modconfig", text, len);
	/* as a paste's VMware facts (build_vmware): a build that found no headers failed */
	ret->build_failed = o->vmmon_build_failed || o->vmmon_headers;
	ret->headers_missing = o->vmmon_headers ? xstrdup(o->vmmon_headers) : NULL;
	ret->kernel = o->kernel ? xstrdup(o->kernel) : NULL;
	/* the build log's line, never the compiler that was used ("You are using:") */
	if (o->kernel_gcc_built_by)
		memcpy(ret->kernel_gcc, o->kernel_gcc, sizeof(ret->kernel_gcc));
	for (size_t i = 0; i < t->errors.n && ret->lines.n < 8; i++)
		if (!strcmp(t->errors.v[i].e->id, "vmware_modules_build_failed"))
			vc_strv_push(&ret->lines, t->errors.v[i].text);
	for (size_t i = 0; i < t->facts.n && ret->lines.n < 8; i++)
		for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
			if (!strcmp(t->facts.v[i].key, keys[k]) &&
			    (strcmp(keys[k], "kernel.compiler") != 0 || o->kernel_gcc_built_by))
				vc_strv_push(&ret->lines, t->facts.v[i].text);
	vc_triage_free(t);
}

void vc_modconfig_log_clear(struct vc_modconfig_log *l)
{
	free(l->headers_missing);
	free(l->kernel);
	vc_strv_clear(&l->lines);
	memset(l, 0, sizeof(*l));
}

/* What depends on facts any line may show, decided once the whole paste is read: kvmtool prints no
 * errno for a failed KVM_CREATE_VM; on x86, EBUSY, the reported one, is taken and the holder stays
 * unknown; not on another architecture (arm64, where kvmtool is at home and nothing shares
 * VT-x/AMD-V), wherever in the paste its line stands. Once: a later decision finds it done. */
static void facts_after_paste(struct vc_triage *t)
{
	struct vc_triage_obs *o = t->obs;
	struct line l = { t, o->kvmtool_file, o->kvmtool_no, o->kvmtool_raw, o->kvmtool_raw };

	/* the running kernel's release names the architecture: said at the line that named it */
	if (!o->not_x86 && o->kernel && kernel_other_arch(o->kernel))
		for (size_t i = t->facts.n; i-- > 0;)
			if (!strcmp(t->facts.v[i].key, "kernel") && !strcmp(t->facts.v[i].value, o->kernel)) {
				struct vc_triage_fact *k = &t->facts.v[i];
				struct line kl = { t, k->file, k->line, k->text, k->text };

				o->not_x86 = true;
				fact(&kl, "architecture", "not x86 (no VT-x/AMD-V for hypervisors to share)");
				break;
			}
	/* Ubuntu's dkms apport line names no module: VirtualBox's DKMS build is virtualbox-dkms's
	 * where the paste is VirtualBox's, names no other DKMS module (nvidia, zfs) and no Oracle
	 * package (its advice to run /sbin/vboxconfig), and nothing named VirtualBox's module */
	if (o->apport && !o->apport_done) {
		struct line al = { t, o->apport_file, o->apport_no, o->apport_raw, o->apport_raw };

		o->apport_done = true;
		if (o->vbox && !o->vbox_dkms && !o->dkms_other && !o->vboxconfig_said) {
			o->vbox_dkms = "virtualbox";
			fact(&al, "virtualbox.build",
			     "DKMS (Ubuntu's dkms reported the failed build: virtualbox-dkms, Ubuntu's "
			     "package)");
		}
	}
	/* the vendor module that found no VT: this CPU's says it has none; the other vendor's (Clear
	 * Linux builds kvm_intel in and tries it on AMD CPUs too) says nothing of it */
	if (o->nohw_vendor != V_UNKNOWN && !o->nohw_done) {
		struct line nl = { t, o->nohw_file, o->nohw_no, o->nohw_raw, o->nohw_raw };

		o->nohw_done = true;
		if (o->vendor != V_UNKNOWN && o->vendor != o->nohw_vendor) {
			o->other_vendor_module = true;
			fact(&nl, "kvm.vendor_module",
			     "%s refused a CPU of the other vendor (%s): this CPU's module is %s",
			     o->nohw_vendor == V_INTEL ? "kvm_intel" : "kvm_amd",
			     o->vendor == V_AMD ? "AuthenticAMD" : "GenuineIntel",
			     o->vendor == V_AMD ? "kvm_amd" : "kvm_intel");
		} else {
			o->vt = VC_TRI_FALSE;
			fact(&nl, "cpu_vt", "none (the kernel's KVM found none)");
		}
	}
	/* the message that names no module (before Linux 5.16): the other vendor's module where the
	 * paste shows this CPU's VT, or its module, working (Clear Linux's built-in kvm_intel on AMD
	 * machines whose kvm_amd then loads: clearlinux/distribution#1702, #1608); else no VT */
	if (o->nohw_unnamed && !o->nohw_done) {
		struct line nl = { t, o->nohw_file, o->nohw_no, o->nohw_raw, o->nohw_raw };
		int own = vc_module_index(o->vendor == V_AMD ? "kvm_amd" : "kvm_intel");

		o->nohw_done = true;
		if (o->vendor != V_UNKNOWN &&
		    (o->vt == VC_TRI_TRUE || (own >= 0 && o->mod_known[own] && o->mod[own] == VC_MOD_LIVE))) {
			o->other_vendor_module = true;
			fact(&nl, "kvm.vendor_module",
			     "the other vendor's module refused this %s CPU (the message names none before "
			     "Linux 5.16): this CPU's VT works, its module is %s",
			     o->vendor == V_AMD ? "AuthenticAMD" : "GenuineIntel",
			     o->vendor == V_AMD ? "kvm_amd" : "kvm_intel");
		} else {
			o->vt = VC_TRI_FALSE;
			fact(&nl, "cpu_vt", "none (the kernel's KVM found none)");
		}
	}
	if (o->kvmtool && !o->create_vm && !o->not_x86) {
		o->create_vm_assumed = true;
		o->create_vm = EBUSY;
		o->vt = o->vt == VC_TRI_FALSE ? o->vt : VC_TRI_TRUE;
		fact(&l, "kvm.create_vm", "EBUSY (assumed on x86: kvmtool prints no errno)");
	}
}

bool vc_triage_recognised(const struct vc_triage *t)
{
	return t->facts.n > 0 || t->errors.n > 0;
}

/* ---- the facts for the verdict: what the lines showed, and one value for each missing fact ---- */

enum holder { H_UNKNOWN, H_KVM, H_KVM_VMS, H_VBOX_VMS, H_VMWARE_VMS, _H_MAX };

struct assume {
	const char *kernel;
	const char *vbox_version;
	enum holder holder;
	enum vc_tri hv_bit;
	bool fw_disabled;
	bool vt;	     /* the CPU shows VT-x/AMD-V */
	bool no_vt;	     /* the CPU shows none (what a VM without nesting gives) */
	bool container;	     /* a container that was not given /dev/kvm */
	enum vc_tri vboxdrv; /* vboxdrv loaded when no line says; null: as the lines say (absent) */
	/* vmmon.ko built for the running kernel when no line says (VMware's "Could not open
	 * /dev/vmmon"), and refused by Secure Boot */
	enum vc_tri vmmon_built;
	bool vmmon_refused;
	/* vboxdrv built and refused (vboxdrv.sh's "modprobe vboxdrv failed"): by Secure Boot (true),
	 * for another reason dmesg names (false) */
	enum vc_tri vboxdrv_refused;
};

static void module_state(struct vc_facts *f, const char *name, enum vc_modstate st)
{
	int i = vc_module_index(name);

	f->modules.mod[i].state = st;
	f->modules.mod[i].family = vc_modules[i].family;
	f->modules.mod[i].in_sysfs = st != VC_MOD_ABSENT;
}

static bool vboxdrv_unknown(const struct vc_triage_obs *o);

/* VMs of hv run (how many: the verdict counts them; which processes the logs do not say) */
static void vms_run(struct vc_facts *f, enum vc_hv hv)
{
	if (hv == VC_HV_KVM)
		f->processes.vms.kvm++;
	else if (hv == VC_HV_VIRTUALBOX)
		f->processes.vms.virtualbox++;
	else
		f->processes.vms.vmware++;
	f->processes.inspected = true;
}

/* VMware Workstation/Player: installed; its vmmon as the lines show it or as assumed */
static void build_vmware(const struct vc_triage_obs *o, const struct assume *a, struct vc_facts *f)
{
	struct vc_vmware_facts *v = &f->vmware;

	v->installed = v->present = true;
	v->vmmon_loaded = vc_facts_loaded(f, "vmmon");
	for (size_t i = 0; i < o->rejected.n; i++)
		if (strstr(o->rejected.v[i], "vmmon") || strstr(o->rejected.v[i], "vmnet"))
			vc_strv_push(&v->refused, o->rejected.v[i]);
	for (size_t i = 0; i < o->refused.n; i++)
		if (strstr(o->refused.v[i], "vmmon") || strstr(o->refused.v[i], "vmnet"))
			vc_strv_push(&v->refused, o->refused.v[i]);
	/* a module the kernel refused was built; "not built" needs the running kernel, which the
	 * paste may not name (a release the rows' ranges never match) */
	if (v->refused.n || a->vmmon_built == VC_TRI_TRUE || a->vmmon_refused)
		v->vmmon_ko = xstrdup("vmmon.ko");
	if (a->vmmon_refused)
		f->platform.secure_boot = VC_TRI_TRUE;
	/* a build that found no headers failed, whether or not the paste shows its last words */
	v->build_failed = o->vmmon_build_failed || o->vmmon_headers;
	if (o->vmmon_headers)
		v->build_headers_missing = xstrdup(o->vmmon_headers);
	if (!f->kernel && (a->vmmon_built == VC_TRI_FALSE || v->build_failed))
		f->kernel = xstrdup("$(uname -r)");
	/* every Workstation/Player bundle installs the service that loads vmmon and vmnet
	 * (mkubecek/vmware-host-modules#194: "/etc/init.d/vmware restart") */
	v->service = xstrdup("/etc/init.d/vmware");
	if (o->vmware_version) {
		v->product = xstrdup(o->vmware_product);
		v->version = xstrdup(o->vmware_version);
		v->version_source = "vmware --version";
	}
	/* the release that expects this VMMON_VERSION stands for the one installed */
	for (size_t i = 0; o->vmmon_want && i < vc_kn_nvmmon_versions; i++)
		if (vc_kn_vmmon_versions[i].vmmon == o->vmmon_want) {
			uint32_t r = vc_kn_vmmon_versions[i].release.from;

			if (!v->version)
				v->version = xasprintf("%u.%u", r >> 16, (r >> 8) & 0xff);
			v->vmmon_loaded_version.set = true;
			v->vmmon_loaded_version.v = o->vmmon_got;
			break;
		}
}

/* DKMS's failed build was for another kernel than a stronger line shows running (uname -r, the
 * kernel's banner): a kernel being installed (DKMS builds for it from its postinst) */
static bool dkms_other_kernel(const struct vc_triage_obs *o)
{
	return o->dkms_kernel && o->kernel && o->kernel_prio > 3 && strcmp(o->dkms_kernel, o->kernel) != 0;
}

static void build(const struct vc_triage_obs *o, const struct assume *a, struct vc_facts *f)
{
	/* the build's kernel is the one the support table answers for; the running one is said */
	const char *kernel = dkms_other_kernel(o) ? o->dkms_kernel : o->kernel ? o->kernel : a->kernel;
	const char *vbox = o->vbox_version && o->vbox_prio > 1 ? o->vbox_version
			   : a->vbox_version		       ? a->vbox_version
							       : o->vbox_version;
	enum vc_tri hv = o->hv_bit != VC_TRI_NULL ? o->hv_bit : a->hv_bit;
	const char *vmod;

	memset(f, 0, sizeof(*f));
	f->ran = VC_ALL_PROBES;
	f->kernel = kernel ? xstrdup(kernel) : NULL;
	/* the CPU: its vendor (and so its VT) when a line names it */
	if (o->vendor != V_UNKNOWN) {
		struct vc_cpuid_facts *c = &f->cpuid;

		c->available = true;
		snprintf(c->vendor, sizeof(c->vendor), "%s",
			 o->vendor == V_AMD ? "AuthenticAMD" : "GenuineIntel");
		/* a vendor and nothing about VT: the rules take none of "no VT" from silence */
		c->vmx = o->vendor == V_INTEL && o->vt != VC_TRI_FALSE && !a->no_vt;
		c->svm = o->vendor == V_AMD && o->vt != VC_TRI_FALSE && !a->no_vt;
		c->vt = c->vmx ? VC_VT_VMX : c->svm ? VC_VT_SVM : VC_VT_NONE;
		c->hypervisor_bit = hv == VC_TRI_TRUE;
		c->vt_consistent = true;
	} else if (o->vt != VC_TRI_NULL || hv != VC_TRI_NULL || a->vt || a->no_vt) {
		struct vc_cpuid_facts *c = &f->cpuid;

		c->has_cpuinfo = c->cpuinfo_only = true;
		/* no vendor: VT-x stands for "VT-x or AMD-V" (the verdict names both when it has none) */
		c->cpuinfo_flags.vmx = o->vt == VC_TRI_TRUE || (o->vt == VC_TRI_NULL && a->vt);
		c->cpuinfo_flags.hypervisor = hv == VC_TRI_TRUE;
	}
	vmod = o->vendor == V_AMD ? "kvm_amd" : "kvm_intel";
	/* modules the lines showed, then the holder assumed */
	/* the module list is known only as far as lines showed it (or a holder is assumed): a paste
	 * that only names VirtualBox says nothing of vboxdrv */
	f->modules.proc_modules = a->holder != H_UNKNOWN;
	for (size_t i = 0; i < VC_NMODULES; i++)
		if (o->mod_known[i]) {
			module_state(f, vc_modules[i].name, o->mod[i]);
			f->modules.proc_modules = true;
		}
	if (a->vboxdrv != VC_TRI_NULL && !o->mod_known[vc_module_index("vboxdrv")]) {
		module_state(f, "vboxdrv", a->vboxdrv == VC_TRI_TRUE ? VC_MOD_LIVE : VC_MOD_ABSENT);
		f->modules.proc_modules = true;
	}
	switch (a->holder) {
	case H_KVM:
	case H_KVM_VMS:
		module_state(f, "kvm", VC_MOD_LIVE);
		module_state(f, vmod, VC_MOD_LIVE);
		if (a->holder == H_KVM_VMS)
			vms_run(f, VC_HV_KVM);
		break;
	case H_VBOX_VMS:
		module_state(f, "vboxdrv", VC_MOD_LIVE);
		vms_run(f, VC_HV_VIRTUALBOX);
		break;
	case H_VMWARE_VMS:
		module_state(f, "vmmon", VC_MOD_LIVE);
		vms_run(f, VC_HV_VMWARE);
		/* the branch asks who holds VT-x: a VirtualBox the paste names and whose vboxdrv no
		 * line shows is taken as loaded, as vboxdrv_dimension takes it beside another answer
		 * (else this branch answered "vboxdrv not loaded, run vboxconfig": IncludeOS#339) */
		if (o->vbox && a->vboxdrv == VC_TRI_NULL && vboxdrv_unknown(o))
			module_state(f, "vboxdrv", VC_MOD_LIVE);
		break;
	default:
		break;
	}
	if (o->virt_live) {
		struct vc_param *p = VC_PUSH(f->modules.mod[vc_module_index("kvm")].parameters);

		p->name = xstrdup("enable_virt_at_load");
		p->value = xstrdup(o->virt_live);
	}
	if (o->virt_conf) {
		struct vc_setting *s = &f->platform.kvm_settings.kvm.enable_virt_at_load;

		s->configured = xstrdup(o->virt_conf);
		s->configured_by = xstrdup(o->virt_conf_by);
	}
	/* the kernel's configuration, as far as the log shows it: without KVM (no kvm module seen
	 * loaded); every other key stays unknown to the rows that need one on */
	if (o->kernel_no_kvm && !vc_facts_loaded(f, "kvm")) {
		f->platform.has_kernel_config = true;
		f->platform.kernel_config.source = xstrdup("the pasted kernel log");
		for (size_t i = 0; i < VC_NCONFIG; i++)
			if (!strncmp(vc_config_keys[i], "CONFIG_KVM", 10))
				f->platform.kernel_config.value[i] = xstrdup("n");
	}
	/* the kernel's log */
	f->platform.kernel_log.available = true;
	for (size_t i = 0; i < o->bios.n; i++)
		vc_strv_push(&f->platform.kernel_log.bios_disabled, o->bios.v[i]);
	for (size_t i = 0; i < o->rejected.n; i++)
		vc_strv_push(&f->platform.kernel_log.module_rejected, o->rejected.v[i]);
	for (size_t i = 0; i < o->enable_failed.n; i++)
		vc_strv_push(&f->platform.kernel_log.virt_enable_failed, o->enable_failed.v[i]);
	for (size_t i = 0; i < o->refused.n; i++)
		vc_strv_push(&f->platform.kernel_log.driver_refused, o->refused.v[i]);
	if (a->fw_disabled && !o->bios.n)
		vc_strv_push(&f->platform.kernel_log.bios_disabled, "kvm: disabled by bios (assumed)");
	for (size_t i = 0; i < o->module_abi.n; i++)
		vc_strv_push(&f->platform.kernel_log.module_abi, o->module_abi.v[i]);
	f->platform.secure_boot = o->secure_boot       ? VC_TRI_TRUE
				  : o->secure_boot_off ? VC_TRI_FALSE
						       : VC_TRI_NULL;
	if (a->vboxdrv_refused != VC_TRI_NULL && !o->secure_boot && !o->secure_boot_off)
		f->platform.secure_boot = a->vboxdrv_refused;
	/* the MSRs VirtualBox read */
	if (o->svme != VC_TRI_NULL || o->fw_msr) {
		f->msr.available = true;
		f->msr.amd = o->vendor == V_AMD;
		f->msr.intel = o->vendor == V_INTEL;
		f->msr.vt_disabled = o->fw_msr;
		if (o->svme != VC_TRI_NULL) {
			f->msr.has_efer = true;
			f->msr.efer_svme = o->svme == VC_TRI_TRUE ? VC_SCOPE_ALL : VC_SCOPE_NONE;
		}
	}
	/* /dev/kvm */
	f->kvm.create_vm = f->kvm.create_vcpu = f->kvm.vcpu_run = VC_NOT_TRIED;
	f->kvm.device.path = "/dev/kvm";
	f->kvm.device.present = o->dev_kvm;
	if (o->kvm_open || o->create_vm) {
		char eb[16];

		f->kvm.captured = true;
		if (o->kvm_open)
			f->kvm.access.open = xstrdup(errno_name(o->kvm_open, eb));
		if (o->create_vm)
			f->kvm.create_vm = o->create_vm;
	}
	/* the node as `ls -l` showed it, and who `id` says asked: what the mode and groups allow,
	 * and an open the mode refuses fails with EACCES */
	if (o->kvm_node) {
		f->kvm.device.node = o->node;
		f->kvm.device.node.uid = !strcmp(o->node_owner, "root")			    ? 0
					 : o->id_seen && !strcmp(o->node_owner, o->id.user) ? o->id.uid
					 : isdigit((unsigned char)o->node_owner[0])
						 ? (unsigned)atoi(o->node_owner)
						 : UINT32_MAX - 1;
	}
	if (o->id_seen) {
		f->kvm.access.has_identity = true;
		f->kvm.access.user = xstrdup(o->id.user);
		f->kvm.access.uid = o->id.euid;
		f->kvm.access.reason = VC_ACCESS_UNKNOWN;
		/* where an ACL the paste does not show may admit the user, what the mode and groups
		 * refuse says nothing (systemd's uaccess tag gives the seat's user one: 70-uaccess.rules) */
		if (o->kvm_node) {
			f->kvm.access.reason = vc_node_access(&f->kvm.device.node, &o->id);
			if (o->node_acl && !vc_access_granted(f->kvm.access.reason))
				f->kvm.access.reason = VC_ACCESS_UNKNOWN;
			else if (!vc_access_granted(f->kvm.access.reason) && !f->kvm.access.open) {
				f->kvm.captured = true;
				f->kvm.access.open = xstrdup("EACCES");
			}
		}
	}
	if (o->nixos) {
		f->distro.read = true;
		f->distro.id = xstrdup("nixos");
		f->distro.family = VC_DISTRO_NIXOS;
	}
	/* where it runs */
	f->environment.outer_hypervisor = o->outer;
	f->environment.product = o->product;
	f->environment.virtualized = hv == VC_TRI_TRUE;
	f->environment.wsl = o->wsl2 ? "wsl2" : NULL;
	f->environment.user_namespace = o->userns;
	if (!o->container && !a->container)
		f->environment.sandbox = o->sandbox;
	if (o->container || a->container) {
		f->environment.container = xstrdup(o->container ? o->container : "container");
		f->environment.virtualized = hv == VC_TRI_TRUE;
	}
	/* VirtualBox */
	f->virtualbox.installed = o->vbox;
	f->virtualbox.version = vbox ? xstrdup(vbox) : NULL;
	f->virtualbox.kvm_backend = o->vbox_nem ? VC_TRI_TRUE : o->vbox ? VC_TRI_FALSE : VC_TRI_NULL;
	if (o->nem_no_xsave)
		f->virtualbox.nem_xsave = VC_TRI_FALSE;
	f->virtualbox.logged_error = o->vbox_error;
	if (o->driver_older) {
		f->virtualbox.driver_loaded = true;
		f->virtualbox.driver_version = xstrdup("older");
	}
	for (size_t i = 0; i < o->setup_log.n; i++)
		vc_strv_push(&f->virtualbox.setup_log, o->setup_log.v[i]);
	if (o->vbox_dkms) {
		f->virtualbox.build = VC_VBOX_BUILD_DKMS;
		f->virtualbox.build_name = o->vbox_dkms;
	}
	if (o->crouton)
		f->environment.chroot = "crouton";
	f->virtualbox.vagrant = o->vagrant;
	memcpy(f->virtualbox.kernel_gcc, o->kernel_gcc, sizeof(f->virtualbox.kernel_gcc));
	if (dkms_other_kernel(o))
		snprintf(f->virtualbox.running_kernel, sizeof(f->virtualbox.running_kernel), "%s", o->kernel);
	if (o->vmware)
		build_vmware(o, a, f);
}

/* ---- the decision: the verdict and the knowledge table, read as causes ---- */

/* Which cause each finding of the verdict (or row of the table) reports. Names, not rules. */
static const struct {
	const char *finding;
	enum vc_cause cause;
} finding_causes[] = {
	{ "conflict.kvm_blocks_virtualbox", VC_CAUSE_KVM_HOLDS_VT },
	{ "conflict.virtualbox_blocks_kvm", VC_CAUSE_VIRTUALBOX_HOLDS_VT },
	{ "conflict.vmware_blocks_kvm", VC_CAUSE_VMWARE_HOLDS_VT },
	{ "conflict.virtualbox_needs_virt_at_load", VC_CAUSE_STALE_VIRT_AT_LOAD_OVERRIDE },
	{ "virtualbox.stale_override", VC_CAUSE_STALE_VIRT_AT_LOAD_OVERRIDE },
	{ "virtualbox.driver_not_built", VC_CAUSE_VERSION_INCOMPATIBLE_KERNEL },
	{ "virtualbox.unsigned_driver", VC_CAUSE_SECURE_BOOT_UNSIGNED },
	{ "virtualbox.driver_refused", VC_CAUSE_DRIVER_NOT_LOADED },
	{ "virtualbox.driver_not_loaded", VC_CAUSE_DRIVER_NOT_LOADED },
	{ "virtualbox.driver_mismatch", VC_CAUSE_DRIVER_NOT_LOADED }, /* its own vboxdrv is not */
	/* the kernel's configuration lacks what the driver needs, as with a driver it does not build */
	{ "virtualbox.kernel_without_kvm", VC_CAUSE_VERSION_INCOMPATIBLE_KERNEL },
	{ "kvm.not_loaded", VC_CAUSE_DRIVER_NOT_LOADED },
	{ "kvm.no_access", VC_CAUSE_KVM_NO_ACCESS },
	{ "kvm.no_device", VC_CAUSE_KVM_NO_ACCESS }, /* a container not given /dev/kvm */
	{ "msr.vt_disabled_by_firmware", VC_CAUSE_FIRMWARE_DISABLED },
	{ "cpuid.vt_not_exposed", VC_CAUSE_NO_VT_IN_GUEST },
	{ "conflict.virtualbox_panics_host", VC_CAUSE_OTHER },
	{ "conflict.concurrent_vms", VC_CAUSE_OTHER },
	{ "virtualbox.logged_failure", VC_CAUSE_OTHER },
	{ "vmware.driver_not_built", VC_CAUSE_VERSION_INCOMPATIBLE_KERNEL },
	{ "vmware.unsigned_driver", VC_CAUSE_SECURE_BOOT_UNSIGNED },
	{ "vmware.driver_not_loaded", VC_CAUSE_DRIVER_NOT_LOADED },
	{ "vmware.driver_mismatch", VC_CAUSE_DRIVER_NOT_LOADED }, /* its own vmmon is not */
	{ "virtualbox.nem_backend", VC_CAUSE_OTHER },		  /* what the KVM backend lacks here */
};

static bool cause_of(const char *finding, enum vc_cause *ret)
{
	for (size_t i = 0; finding && i < ARRAY_SIZE(finding_causes); i++)
		if (!strcmp(finding_causes[i].finding, finding)) {
			*ret = finding_causes[i].cause;
			return true;
		}
	return false;
}

/* One decision: causes in blocking order, their remedies, how sure. */
struct decision {
	struct vc_ctx *ctx;
	struct {
		enum vc_cause cause;
		char *explanation;
		const char *finding;
		const struct vc_knowledge *k;
		const struct vc_finding *fd;
	} c[_VC_CAUSE_MAX];
	bool have[_VC_CAUSE_MAX];
	enum vc_confidence conf;
	bool kernel_assumed; /* the facts' kernel is a missing fact's branch, not the paste's */
};

static void add(struct decision *d, enum vc_cause c, const char *finding, const struct vc_knowledge *k,
		const struct vc_finding *fd, const char *why)
{
	if (d->have[c]) {
		/* the verdict's finding first, then the row it rests on: the row says how sure */
		if (!d->c[c].k && k && streq_ptr(d->c[c].finding, finding))
			d->c[c].k = k;
		return;
	}
	d->have[c] = true;
	d->c[c].cause = c;
	d->c[c].finding = finding;
	d->c[c].k = k;
	d->c[c].fd = fd;
	d->c[c].explanation = xstrdup(why);
}

/* The rows whose outcome blocks a VM. */
#define BLOCKING                                                                                             \
	(VC_KN_OUT(VC_KN_BLOCKED) | VC_KN_OUT(VC_KN_FAILS) | VC_KN_OUT(VC_KN_NO_BUILD) |                     \
	 VC_KN_OUT(VC_KN_NO_LOAD) | VC_KN_OUT(VC_KN_HOST_CRASH))

static const struct vc_finding *find_by_id(const struct vc_ctx *ctx, const char *id)
{
	for (size_t i = 0; i < ctx->findings.n; i++)
		if (!strcmp(ctx->findings.v[i].id, id))
			return &ctx->findings.v[i];
	return NULL;
}

static void decide_one(const struct vc_triage_obs *o, const struct assume *a, struct decision *d)
{
	static const enum vc_kn_subject subjects[] = { VC_KN_KERNEL, VC_KN_VBOXDRV, VC_KN_VBOX_NEM,
						       VC_KN_VMWARE };
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	const char *rule;
	enum vc_cause c;

	memset(d, 0, sizeof(*d));
	d->kernel_assumed = !o->kernel;
	build(o, a, &ctx->facts);
	vc_verdict(ctx);
	d->ctx = ctx;
	rule = ctx->owner.rule;
	/* the verdict's owner rule when it is itself the cause */
	if (streq_ptr(rule, "firmware_disabled"))
		add(d, VC_CAUSE_FIRMWARE_DISABLED, NULL, NULL, NULL, ctx->owner.summary);
	else if (streq_ptr(rule, "nested_without_vt") || streq_ptr(rule, "wsl2") ||
		 streq_ptr(rule, "confidential_guest"))
		add(d, VC_CAUSE_NO_VT_IN_GUEST, NULL, NULL, NULL, ctx->owner.summary);
	else if (streq_ptr(rule, "no_vt"))
		add(d, VC_CAUSE_OTHER, NULL, NULL, NULL, ctx->owner.summary);
	/* the verdict's findings */
	for (size_t i = 0; i < ctx->findings.n; i++) {
		const struct vc_finding *fd = &ctx->findings.v[i];

		if (fd->severity != VC_SEV_INFO && cause_of(fd->id, &c) &&
		    (c != VC_CAUSE_OTHER || strcmp(fd->id, "virtualbox.logged_failure") != 0))
			add(d, c, fd->id, NULL, fd, fd->message);
	}
	/* where it runs: the first environment row that says how /dev/kvm fails to reach it (before
	 * the kernel's general row: a sandbox, container or CI job has its own way in) */
	{
		const struct vc_knowledge *k = vc_knowledge_first(&ctx->facts, VC_KN_ENVIRONMENT,
								  VC_KN_OUT(VC_KN_FAILS), VC_KN_KVM_ANY);

		if (k && k->finding && cause_of(k->finding, &c))
			add(d, c, k->finding, k, NULL, k->says);
	}
	/* the table's rows that hold and block a VM, the first of each subject */
	for (size_t s = 0; s < ARRAY_SIZE(subjects); s++) {
		const struct vc_knowledge *k =
			vc_knowledge_first(&ctx->facts, subjects[s], BLOCKING, VC_KN_KVM_ANY);

		for (; k; k = NULL)
			if (k->finding && cause_of(k->finding, &c))
				add(d, c, k->finding, k, find_by_id(ctx, k->finding), k->says);
	}
	/* every KERNEL row that blocks (they are independent of one another) */
	for (size_t i = 0; i < vc_nknowledge; i++) {
		const struct vc_knowledge *k = &vc_knowledge[i];

		if (k->subject == VC_KN_KERNEL && (BLOCKING & VC_KN_OUT(k->outcome)) && k->finding &&
		    vc_knowledge_holds(k, &ctx->facts) && cause_of(k->finding, &c))
			add(d, c, k->finding, k, NULL, k->says);
	}
	d->conf = ctx->owner.confidence;
}

static void decision_free(struct decision *d)
{
	for (size_t i = 0; i < _VC_CAUSE_MAX; i++)
		free(d->c[i].explanation);
	vc_ctx_free(d->ctx);
	d->ctx = NULL;
}

static enum vc_cause first_cause(const struct decision *d)
{
	for (size_t i = 0; i < _VC_CAUSE_MAX; i++)
		if (d->have[i])
			return (enum vc_cause)i;
	return _VC_CAUSE_MAX;
}

/* The first remedy of a decision's first cause, for people. */
/* A row's remedy as the steps for the machine the paste shows (vc_knowledge_steps): a kernel only
 * assumed is not named in them (the headers' package is the running kernel's, whichever it is). */
static char *row_steps(const struct decision *d, const struct vc_knowledge *k)
{
	struct vc_facts *f = &d->ctx->facts;
	char *kernel = f->kernel;
	struct buf b = { 0 };

	if (d->kernel_assumed)
		f->kernel = NULL;
	vc_knowledge_steps(&b, k, f);
	f->kernel = kernel;
	return b.data;
}

static char *first_remedy(const struct decision *d)
{
	enum vc_cause c = first_cause(d);

	if (c == _VC_CAUSE_MAX)
		return NULL;
	if (d->c[c].fd && d->c[c].fd->remedies.n)
		return xstrdup(d->c[c].fd->remedies.v[0].steps);
	/* a row's steps have placeholders (MODULE, FLAG, HEADERS): filled in as everywhere */
	if (d->c[c].k && d->c[c].k->remedy)
		return row_steps(d, d->c[c].k);
	return NULL;
}

static void remedy(struct vc_triage_cause *c, enum vc_remedy_kind kind, bool reboot, const char *steps)
{
	struct vc_remedy *r = VC_PUSH(c->remedies);

	r->kind = kind;
	r->reboot = reboot;
	r->steps = xstrdup(steps);
}

/* The remedies of a cause for the machine the logs show: the finding's (the verdict computed them
 * for its kernel and VirtualBox), a nested-virtualization recipe for its outer hypervisor, or the
 * knowledge row's. */
static void cause_remedies(const struct decision *d, enum vc_cause i, struct vc_triage_cause *c)
{
	const struct vc_finding *fd = d->c[i].fd;
	const struct vc_knowledge *k = d->c[i].k;

	if (!fd && d->c[i].finding)
		fd = find_by_id(d->ctx, d->c[i].finding);
	if (fd)
		for (size_t r = 0; r < fd->remedies.n; r++)
			remedy(c, fd->remedies.v[r].kind, fd->remedies.v[r].reboot, fd->remedies.v[r].steps);
	if (c->remedies.n)
		return;
	if (i == VC_CAUSE_NO_VT_IN_GUEST) {
		/* the environment row of the outer hypervisor the logs name, as the report gives it */
		const struct vc_knowledge *env = vc_knowledge_environment(&d->ctx->facts, "kvm.unavailable");

		if (env && env->remedy) {
			struct buf b = { 0 };

			vc_knowledge_steps(&b, env, &d->ctx->facts);
			buf_printf(&b, " (source: %s)", env->source);
			remedy(c, VC_REMEDY_PERSISTENT, false, b.data);
			buf_free(&b);
			return;
		}
	}
	if (!k)
		k = vc_knowledge_by_id(i == VC_CAUSE_FIRMWARE_DISABLED ? "vt_disabled_by_firmware"
				       : i == VC_CAUSE_NO_VT_IN_GUEST  ? "vt_not_exposed_to_guest"
								       : NULL);
	/* a row's steps have placeholders (an environment row's vendor module and flag, HEADERS) */
	if (k && k->remedy) {
		_cleanup_(freep) char *steps = row_steps(d, k);

		remedy(c, VC_REMEDY_PERSISTENT,
		       k->subject != VC_KN_ENVIRONMENT && i == VC_CAUSE_FIRMWARE_DISABLED,
		       steps ? steps : "");
	}
}

/* ---- what the logs do not show ---- */

struct dim {
	const char *fact;
	char *missing;
	const char *otherwise; /* a branch's remedy when no cause follows from it; NULL: none */
	const char *lead;      /* said before the answer: it is one of the values, not asserted */
	size_t n;
	struct {
		const char *label;
		struct assume a;
	} v[4];
	char text[2][2][40]; /* labels and kernels or releases made for the branches ("Linux 5.8
			      * or later", "VirtualBox older than 6.1.28") */
};

static const char *holder_label(enum holder h, bool kernel_known_new)
{
	switch (h) {
	case H_KVM:
		return kernel_known_new ? "kvm_intel/kvm_amd is loaded (Linux 6.12+ holds VT from load)"
					: "kvm_intel/kvm_amd is loaded and the kernel is 6.12 or later";
	case H_KVM_VMS:
		return "a KVM VM runs (QEMU, libvirt, the Android emulator, minikube kvm2)";
	case H_VBOX_VMS:
		return "VirtualBox VMs run (or Vagrant boxes on VirtualBox)";
	case H_VMWARE_VMS:
		return "VMware VMs run";
	default:
		return "?";
	}
}

/* A DKMS build that failed for a kernel (DKMS's "Bad return status", Ubuntu's apport line) with
 * VirtualBox's version unknown: the support table's row just before the first release it knows
 * builds for that kernel, in the same series (older releases do not build there), or NULL when
 * the table has no such pair. */
static const struct vc_kn_support *dkms_failed_older(const struct vc_triage_obs *o)
{
	uint32_t k = o->dkms_kernel ? kernel_version_code(o->dkms_kernel) & ~0xffu : 0;

	if (!k || o->vbox_version)
		return NULL;
	/* the row whose kernels take this one in, where the row before, which stops short of it, is
	 * of the same series (6.1.18 against 6.1.28 for 5.11, 7.0.8 against 7.0.10 for 6.4; no
	 * answer for 6.8 between 7.0.10 and 7.2.6: later 7.0 releases, which the table has no row
	 * for, may build there) */
	for (size_t i = 1; i < vc_kn_nvbox_support; i++)
		if (vc_kn_vbox_support[i].kernel_max >= k) {
			const struct vc_kn_support *row = &vc_kn_vbox_support[i], *before = row - 1;

			return before->kernel_max < k && (before->vbox >> 8) == (row->vbox >> 8) ? before
												 : NULL;
		}
	return NULL;
}

static size_t dimensions(const struct vc_triage_obs *o, struct assume *base, struct dim *dims)
{
	size_t nd = 0;
	uint32_t kv = kernel_version_code(o->kernel);
	bool any_holder = false;

	memset(base, 0, sizeof(*base));
	for (size_t i = 0; i < VC_NMODULES; i++)
		if (o->mod_known[i] && o->mod[i] != VC_MOD_ABSENT &&
		    (!strcmp(vc_modules[i].name, "kvm_intel") || !strcmp(vc_modules[i].name, "kvm_amd")))
			any_holder = true;
	/* who holds VT when a message says someone does */
	if (o->vt_held && !any_holder) {
		struct dim *d = &dims[nd++];

		d->fact = "holder";
		d->missing = xstrdup("The logs do not say which hypervisor held VT-x/AMD-V (`lsmod | grep -E "
				     "'kvm|vmmon'` and the running VMs would)");
		if (!kv || kv >= KVER(6, 12, 0)) {
			d->v[d->n].label = holder_label(H_KVM, kv >= KVER(6, 12, 0));
			d->v[d->n].a.holder = H_KVM;
			if (!kv)
				d->v[d->n].a.kernel = "6.12.0";
			d->n++;
		}
		d->v[d->n].label = holder_label(H_KVM_VMS, false);
		d->v[d->n++].a.holder = H_KVM_VMS;
	} else if (o->create_vm || o->enable_failed.n) {
		struct dim *d = &dims[nd++];

		d->fact = "holder";
		d->missing = xstrdup("The logs do not say which hypervisor held VT-x/AMD-V (`lsmod | grep -E "
				     "'vboxdrv|vmmon'` and the running VMs would)");
		d->v[d->n].label = holder_label(H_VBOX_VMS, false);
		d->v[d->n++].a.holder = H_VBOX_VMS;
		d->v[d->n].label = holder_label(H_VMWARE_VMS, false);
		d->v[d->n++].a.holder = H_VMWARE_VMS;
	}
	/* the CPU shows no VT-x/AMD-V: a VM, or the firmware */
	if (o->vt == VC_TRI_FALSE && o->hv_bit == VC_TRI_NULL && !o->wsl2 && !o->bios.n && !o->fw_msr &&
	    !o->container) {
		struct dim *d = &dims[nd++];

		d->fact = "hypervisor_bit";
		d->missing =
			xstrdup("The logs do not say whether this is a virtual machine or why the CPU shows "
				"no VT-x/AMD-V (`grep -c hypervisor /proc/cpuinfo`, `dmesg | grep -i "
				"-e kvm -e vmx -e svm` would)");
		d->v[d->n].label = "it is a virtual machine (the CPU flags say \"hypervisor\")";
		d->v[d->n++].a.hv_bit = VC_TRI_TRUE;
		d->v[d->n].label = "it is a physical machine whose firmware disabled VT-x/AMD-V";
		d->v[d->n].a.hv_bit = VC_TRI_FALSE;
		d->v[d->n++].a.fw_disabled = true;
	} else if (o->dev_kvm == VC_TRI_FALSE && o->vt == VC_TRI_NULL && o->hv_bit == VC_TRI_NULL &&
		   !o->wsl2 && !o->bios.n && !o->fw_msr && !o->container) {
		/* no /dev/kvm and nothing else: four causes, the likelier first. The desktop programs
		 * (the Android emulator, QEMU) meet a firmware that left VT off most; libvirt's "Domain
		 * requires KVM" comes from servers and cloud VMs, and words that say it is a VM put
		 * that first too */
		static const struct {
			const char *label;
			struct assume a;
		} why[] = {
			{ "the firmware disabled VT-x/AMD-V (`dmesg | grep -i 'disabled by bios'`, or "
			  "kvm-ok: "
			  "\"disabled by your BIOS\")",
			  { .hv_bit = VC_TRI_FALSE, .fw_disabled = true } },
			{ "it is a virtual machine without nested virtualization (`grep -c hypervisor "
			  "/proc/cpuinfo` is not 0, `grep -cE 'vmx|svm' /proc/cpuinfo` is 0)",
			  { .hv_bit = VC_TRI_TRUE, .no_vt = true } },
			{ "KVM's module is not loaded (`grep -cE 'vmx|svm' /proc/cpuinfo` is not 0, `lsmod | "
			  "grep kvm` shows no kvm_intel/kvm_amd)",
			  { .hv_bit = VC_TRI_FALSE, .vt = true } },
			{ "it runs in a container not given the device (`ls -l /dev/kvm` on the host shows "
			  "it; the container was started without `--device /dev/kvm`)",
			  { .container = true } },
		};
		/* dockerd's own lookup failed: a machine without KVM, or Docker Desktop's VM */
		static const char *const docker_vm =
			"dockerd runs in a virtual machine without nested virtualization, Docker "
			"Desktop's own included (`docker info` says \"Operating System: Docker "
			"Desktop\"; Docker Engine from the distribution runs on the host)";
		static const size_t fw_first[] = { 0, 1, 2, 3 }, vm_first[] = { 1, 0, 2, 3 },
				    module_first[] = { 2, 0, 1, 3 };
		struct dim *d = &dims[nd++];

		d->fact = "hypervisor_bit";
		d->lead = o->docker_host ? "Unknown which of three causes (the firmware, a virtual machine, "
					   "KVM's module: below, likelier first). The likeliest: "
					 : "Unknown which of four causes (the firmware, a virtual machine, "
					   "KVM's module, a container: below, likelier first). The "
					   "likeliest: ";
		d->missing = xstrdup(
			o->docker_host ? "dockerd found no /dev/kvm where it runs, and the logs do not "
					 "say why: the firmware, a virtual machine (Docker Desktop's "
					 "too) or KVM's module (each line below says how to tell)"
				       : "The logs show no /dev/kvm and nothing of why: the firmware, a "
					 "virtual machine, KVM's module or a container (each line below "
					 "says how to tell)");
		for (size_t k = 0; k < ARRAY_SIZE(why); k++) {
			/* Docker's reports are mostly Docker Desktop's VM (Docker-OSX#578, #193,
			 * hectorm/docker-qemu-win2000#3) or a VM guest (Docker-OSX#522) */
			/* LXD still without /dev/kvm after the paste's modprobe of KVM's module: it
			 * looked when its daemon started, before (canonical/lxd#14425) */
			size_t j = (o->lxd_after_modprobe && !o->kvm_modprobe_failed	 ? module_first
				    : o->vm_words || o->libvirt_no_kvm || o->docker_host ? vm_first
											 : fw_first)[k];

			if (o->docker_host && why[j].a.container)
				continue; /* the container never started */
			d->v[d->n].label = o->docker_host && why[j].a.no_vt ? docker_vm : why[j].label;
			d->v[d->n++].a = why[j].a;
		}
	}
	/* VirtualBox's version decides what KVM must do for it (an error may say which it is at least) */
	if (o->vbox && o->vbox_prio <= 1 && !o->vbox_nem) {
		struct dim *d = &dims[nd++];
		bool min7210 = kernel_version_code(o->vbox_version) >= KVER(7, 2, 10);
		const struct vc_kn_support *older = dkms_failed_older(o);

		d->fact = "virtualbox.version";
		d->missing = xstrdup(
			"The VirtualBox version is not in this paste (`VBoxManage --version` shows it)");
		/* a DKMS build that failed for a kernel: a release older than the first the support
		 * table knows builds there first (it does not build), that one or later the other */
		if (older) {
			uint32_t up = older[1].vbox;

			snprintf(d->text[0][0], sizeof(d->text[0][0]), "VirtualBox older than %u.%u.%u",
				 up >> 16, (up >> 8) & 0xff, up & 0xff);
			snprintf(d->text[0][1], sizeof(d->text[0][1]), "%u.%u.%u", older->vbox >> 16,
				 (older->vbox >> 8) & 0xff, older->vbox & 0xff);
			snprintf(d->text[1][0], sizeof(d->text[1][0]), "VirtualBox %u.%u.%u or later",
				 up >> 16, (up >> 8) & 0xff, up & 0xff);
			snprintf(d->text[1][1], sizeof(d->text[1][1]), "%u.%u.%u", up >> 16, (up >> 8) & 0xff,
				 up & 0xff);
			for (size_t k = 0; k < 2; k++) {
				d->v[d->n].label = d->text[k][0];
				d->v[d->n++].a.vbox_version = d->text[k][1];
			}
		} else if (min7210) {
			d->v[d->n].label = "VirtualBox 7.2.10 or 7.2.11";
			d->v[d->n++].a.vbox_version = "7.2.10";
		} else {
			d->v[d->n].label = "VirtualBox 7.1 or older";
			d->v[d->n++].a.vbox_version = "7.1.12";
			d->v[d->n].label = "VirtualBox 7.2.0 to 7.2.8";
			d->v[d->n++].a.vbox_version = "7.2.8";
		}
		if (!older) {
			d->v[d->n].label = "VirtualBox 7.2.12 or later";
			d->v[d->n++].a.vbox_version = "7.2.12";
		}
	}
	/* the kernel decides whether a loaded KVM holds VT at load */
	if (!o->kernel && (o->vbox || o->create_vm || o->vt_held)) {
		struct dim *d = &dims[nd++];

		d->fact = "kernel";
		d->missing = xstrdup("The kernel release is not in this paste (`uname -r` shows it)");
		/* KVM_CREATE_VM says EBUSY before 6.12, EIO since: the likelier range first; none
		 * below what an error needs */
		static const struct {
			const char *label, *kernel;
		} ks[] = { { "Linux 6.11 or older", "6.11.0" },
			   { "Linux 6.12 to 6.15", "6.12.0" },
			   { "Linux 6.16 to 6.19", "6.16.0" },
			   { "Linux 7.0 or later", "7.0.0" } };
		static const size_t busy_first[] = { 0, 1, 2, 3 }, at_load_first[] = { 1, 2, 3, 0 };
		const size_t *order = o->create_vm == EBUSY ? busy_first : at_load_first;
		/* a VirtualBox older than 7.0 predates these kernels: the support table's
		 * newest kernel for it splits the branches (newer: it does not build there) */
		uint32_t max = o->vbox_version && !o->create_vm && !o->vt_held
				       ? vc_kn_vbox_kernel_max(kernel_version_code(o->vbox_version), NULL)
				       : 0;

		/* newer first: a failure with a VirtualBox this old is likeliest a kernel past it */
		for (size_t k = 0; max && max < KVER(6, 11, 0) && k < 2; k++) {
			char(*b)[40] = d->text[k];
			unsigned maj = max >> 16, min = ((max >> 8) & 0xff) + (k ? 0 : 1);

			snprintf(b[0], sizeof(b[0]), "Linux %u.%u or %s", maj, min, k ? "older" : "later");
			snprintf(b[1], sizeof(b[1]), "%u.%u.0", maj, min);
			d->v[d->n].label = b[0];
			d->v[d->n++].a.kernel = b[1];
		}
		for (size_t k = 0, n0 = d->n; k < ARRAY_SIZE(ks) && !n0; k++) {
			size_t j = order[k];

			if (kernel_version_code(ks[j].kernel) + 0xff < o->kernel_min)
				continue;
			d->v[d->n].label = ks[j].label;
			d->v[d->n++].a.kernel = ks[j].kernel;
		}
	}

	/* VMware found no vmmon: why, when no line says (built and not loaded, not built for this
	 * kernel, refused by Secure Boot) */
	if (o->vmware && o->mod_known[vc_module_index("vmmon")] &&
	    o->mod[vc_module_index("vmmon")] == VC_MOD_ABSENT && !o->rejected.n && !o->refused.n &&
	    !o->module_abi.n && !o->secure_boot && !o->vmmon_build_failed) {
		struct dim *d = &dims[nd++];

		d->fact = "vmware.vmmon";
		/* VMware's service tried to load it and failed: refused or not built,
		 * Secure Boot first (the reports it is confirmed in: mkubecek/vmware-host-modules#183,
		 * #233; a build that failed mostly says so before) */
		if (o->vmmon_service_failed) {
			d->lead = "Unknown why VMware's service could not load vmmon (refused by Secure "
				  "Boot, or not built for this kernel: below). Taken as the first: ";
			d->missing = xstrdup("The paste does not say why vmmon did not load (`sudo modprobe "
					     "vmmon`, `modinfo vmmon` and `mokutil --sb-state` would)");
			if (!o->secure_boot_off) {
				d->v[d->n].label = "vmmon.ko is built and Secure Boot refuses it unsigned";
				d->v[d->n].a.vmmon_built = VC_TRI_TRUE;
				d->v[d->n++].a.vmmon_refused = true;
			}
			d->v[d->n].label = "no vmmon.ko for the running kernel (a kernel update; the build "
					   "failed)";
			d->v[d->n++].a.vmmon_built = VC_TRI_FALSE;
			goto vmmon_done;
		}
		d->lead = "Unknown why vmmon is not loaded (built and not loaded, not built for this "
			  "kernel, refused by Secure Boot: below). Taken as the first: ";
		d->missing = xstrdup("The paste does not say whether vmmon.ko is built for the running "
				     "kernel or why it did not load (`modinfo vmmon`, `sudo modprobe "
				     "vmmon` and `mokutil --sb-state` would)");
		d->v[d->n].label = "vmmon.ko is built for this kernel and not loaded (VMware's service "
				   "did not start, or the module was rebuilt and not reloaded)";
		d->v[d->n++].a.vmmon_built = VC_TRI_TRUE;
		d->v[d->n].label = "no vmmon.ko for the running kernel (a kernel update; the build "
				   "failed)";
		d->v[d->n++].a.vmmon_built = VC_TRI_FALSE;
		if (!o->secure_boot_off) {
			d->v[d->n].label = "vmmon.ko is built and Secure Boot refuses it unsigned";
			d->v[d->n].a.vmmon_built = VC_TRI_TRUE;
			d->v[d->n++].a.vmmon_refused = true;
		}
	}
vmmon_done:
	/* vboxdrv.sh built vboxdrv and modprobe failed; why, when no line says. Secure
	 * Boot first: the message vboxdrv.sh prints with it names it, and a build that succeeded has
	 * the running kernel's headers (a kernel newer than this VirtualBox mostly fails the build) */
	if (o->vbox_load_failed && !o->rejected.n && !o->refused.n && !o->secure_boot) {
		struct dim *d = &dims[nd++];

		d->fact = "virtualbox.vboxdrv_load";
		d->lead =
			o->secure_boot_off || o->vbox_symbol_refused
				? "The kernel refused vboxdrv after vboxconfig built it, not for Secure Boot "
				  "(the paste shows it off, or the kernel naming a symbol): "
				: "Unknown why the kernel refused vboxdrv after vboxconfig built it (Secure "
				  "Boot, or another reason dmesg names: below). Taken as the first: ";
		d->missing = xstrdup("The paste does not show why the kernel refused vboxdrv (`sudo modprobe "
				     "vboxdrv; sudo dmesg | tail` and `mokutil --sb-state` would)");
		/* a paste that says Secure Boot is off, or shows the kernel naming a symbol, leaves
		 * only the other reason */
		if (!o->secure_boot_off && !o->vbox_symbol_refused) {
			d->v[d->n].label = "Secure Boot is on and refuses the unsigned vboxdrv (modprobe: "
					   "\"Key was rejected by service\", dmesg: \"Loading of unsigned "
					   "module is rejected\")";
			d->v[d->n++].a.vboxdrv_refused = VC_TRI_TRUE;
		}
		d->v[d->n].label = "Secure Boot is off and dmesg names another reason (\"Unknown symbol\", a "
				   "call trace: a kernel newer than this VirtualBox supports)";
		d->v[d->n++].a.vboxdrv_refused = VC_TRI_FALSE;
	}
	/* the answer assumes the first value of each */
	for (size_t i = 0; i < nd; i++) {
		const struct assume *v = &dims[i].v[0].a;

		if (v->holder)
			base->holder = v->holder;
		if (v->kernel && !base->kernel)
			base->kernel = v->kernel;
		if (v->vbox_version)
			base->vbox_version = v->vbox_version;
		if (v->hv_bit)
			base->hv_bit = v->hv_bit;
		base->fw_disabled |= v->fw_disabled;
		base->vt |= v->vt;
		base->no_vt |= v->no_vt;
		base->container |= v->container;
		if (v->vmmon_built)
			base->vmmon_built = v->vmmon_built;
		base->vmmon_refused |= v->vmmon_refused;
		if (v->vboxdrv_refused)
			base->vboxdrv_refused = v->vboxdrv_refused;
	}
	return nd;
}

/* base with one dimension's value instead of its first */
static struct assume with(const struct assume *base, const struct dim *d, size_t k)
{
	struct assume a = *base;
	const struct assume *v = &d->v[k].a;

	if (!strcmp(d->fact, "holder")) {
		a.holder = v->holder;
		if (v->kernel)
			a.kernel = v->kernel;
	} else if (!strcmp(d->fact, "hypervisor_bit")) {
		a.hv_bit = v->hv_bit;
		a.fw_disabled = v->fw_disabled;
		a.vt = v->vt;
		a.no_vt = v->no_vt;
		a.container = v->container;
	} else if (!strcmp(d->fact, "virtualbox.version"))
		a.vbox_version = v->vbox_version;
	else if (!strcmp(d->fact, "kernel"))
		a.kernel = v->kernel;
	else if (!strcmp(d->fact, "vboxdrv"))
		a.vboxdrv = v->vboxdrv;
	else if (!strcmp(d->fact, "vmware.vmmon")) {
		a.vmmon_built = v->vmmon_built;
		a.vmmon_refused = v->vmmon_refused;
	} else if (!strcmp(d->fact, "virtualbox.vboxdrv_load"))
		a.vboxdrv_refused = v->vboxdrv_refused;
	return a;
}

/* ---- a Windows or macOS host: the cause is on that host, and so is the remedy ---- */

/* Whether a line showed this is Linux after all (its kernel log, lsmod, modprobe, /dev/kvm). */
static bool linux_seen(const struct vc_triage_obs *o)
{
	bool mod = false;

	for (size_t i = 0; i < VC_NMODULES; i++)
		mod |= o->mod_known[i] && strcmp(vc_modules[i].name, "vboxdrv") != 0;
	return o->linux_seen || o->wsl2 || mod || o->bios.n || o->rejected.n || o->enable_failed.n ||
	       o->refused.n || o->setup_log.n || o->virt_conf || o->dev_kvm != VC_TRI_NULL ||
	       (o->kernel && o->kernel_prio >= 3);
}

static bool foreign_host(const struct vc_triage_obs *o)
{
	if (o->host != OS_WINDOWS && o->host != OS_MACOS)
		return false;
	return o->host_prio >= 5 || !linux_seen(o);
}

/* A persistent remedy put before the cause's others: one slot more, then every remedy one down. */
static void remedy_first(struct vc_triage_cause *c, const char *steps)
{
	struct vc_remedy r = { .kind = VC_REMEDY_PERSISTENT, .steps = xstrdup(steps) };
	struct vc_remedy *last = VC_PUSH(c->remedies);

	*last = r;
	memmove(&c->remedies.v[1], &c->remedies.v[0], (c->remedies.n - 1) * sizeof(r));
	c->remedies.v[0] = r;
}

/* A cause's remedies, all of them, replaced by steps. */
static void remedies_replace(struct vc_triage_cause *c, const char *steps)
{
	for (size_t r = 0; r < c->remedies.n; r++) {
		free(c->remedies.v[r].steps);
		vc_strv_clear(&c->remedies.v[r].unload);
		vc_strv_clear(&c->remedies.v[r].load);
		vc_strv_clear(&c->remedies.v[r].set);
	}
	c->remedies.n = 0;
	remedy(c, VC_REMEDY_PERSISTENT, false, steps);
}

static void host_cause(struct vc_triage *t, enum vc_cause c, const struct vc_knowledge *k)
{
	struct vc_triage_cause *tc = VC_PUSH(t->causes);

	tc->cause = c;
	tc->explanation = xstrdup(k->says);
	tc->finding = k->finding;
	tc->knowledge = k->id;
	remedy(tc, VC_REMEDY_PERSISTENT, k->reboot, k->remedy);
}

/* The knowledge row for what a message names where no row about the host decides: QEMU's VM entry
 * refused on an invalid guest state is the guest's (or the host KVM's), never VT-x's owner. */
static const struct vc_knowledge *message_row(const struct vc_triage_obs *o, const struct vc_known_error *e)
{
	static const char *const rows[][2] = {
		{ "kvm_invalid_guest_state", "entry_invalid_guest_state" },
		{ "kvm_emulation_failure", "emulation_guest_instruction" },
	};

	/* the other vendor's module refused this CPU (clearlinux/distribution#2780) */
	if (!strcmp(e->id, "kvm_no_hardware") && o->other_vendor_module)
		return vc_knowledge_by_id("vendor_module_other_cpu");
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (!strcmp(e->id, rows[i][0]))
			return vc_knowledge_by_id(rows[i][1]);
	return NULL;
}

/* Two answers when no line says which: a0's row is assumed, a1's is the other. */
static void host_unknown(struct vc_triage *t, const char *missing, const char *a0,
			 const struct vc_knowledge *k0, const char *a1, const struct vc_knowledge *k1)
{
	struct vc_triage_unknown *u = VC_PUSH(t->unknowns);
	const struct vc_knowledge *k[2] = { k0, k1 };
	const char *a[2] = { a0, a1 };

	u->fact = "host_hypervisor";
	u->missing = xstrdup(missing);
	u->assumed = true;
	for (size_t i = 0; i < 2; i++) {
		struct vc_triage_branch *b = VC_PUSH(u->branches);
		enum vc_cause c = VC_CAUSE_OTHER;

		cause_of(k[i]->finding, &c);
		b->assume = xstrdup(a[i]);
		b->cause = c;
		b->remedy = xstrdup(k[i]->remedy);
	}
	u->changes_answer = u->branches.v[0].cause != u->branches.v[1].cause ||
			    strcmp(u->branches.v[0].remedy, u->branches.v[1].remedy) != 0;
}

/* What a Windows or macOS host's logs showed, as the facts the other-host rows read. */
static void other_host_facts(const struct vc_triage *t, struct vc_facts *f)
{
	const struct vc_triage_obs *o = t->obs;
	int vi = vc_module_index("vboxdrv");
	struct vc_vbox_log *log;

	memset(f, 0, sizeof(*f));
	f->environment.host_os = o->host == OS_WINDOWS ? "windows" : "macos";
	f->virtualbox.installed = o->vbox;
	log = VC_PUSH(f->virtualbox.logs);
	log->path = xstrdup(t->inputs.n ? t->inputs.v[0] : "-");
	for (size_t i = 0; i < t->errors.n; i++)
		vc_strv_push(&log->errors, t->errors.v[i].e->id);
	/* (not a catalogue error: the ring-0 module's load named, whatever status it ended with) */
	if (o->r0_load_failed)
		vc_strv_push(&log->errors, "vmmr0_load_failed");
	/* VBoxSup (Windows) or the kext (macOS) not running: vboxdrv known absent */
	f->modules.proc_modules = o->sup_missing || (o->mod_known[vi] && o->mod[vi] == VC_MOD_ABSENT);
	f->msr.available = f->msr.vt_disabled = o->fw_msr;
	if (o->hyperv) {
		f->environment.virtualized = true;
		f->environment.outer_hypervisor = "hyperv";
		f->environment.product = "Hyper-V";
	}
	/* VirtualBox saw no VT-x/AMD-V, or gave up on it for NEM */
	f->cpuid.has_cpuinfo = f->cpuid.cpuinfo_only = o->vt == VC_TRI_FALSE || o->nem_fallback;
}

/* The cause is on the Windows or macOS host: the table's other-host rows that hold, one per cause,
 * and the two answers when no line says whether Hyper-V or the firmware took VT-x/AMD-V. */
static void decide_other_host(struct vc_triage *t)
{
	const struct vc_triage_obs *o = t->obs;
	const struct vc_knowledge *hv = vc_knowledge_by_id("win_hyperv_holds_vt"),
				  *fw = vc_knowledge_by_id("win_vt_disabled_by_firmware");
	bool have[_VC_CAUSE_MAX] = { false }, hv_held = false, fw_held = false;
	static const char missing[] =
		"The paste does not say whether Windows runs on Hyper-V or the firmware disabled VT-x/AMD-V "
		"(`systeminfo` in Windows: \"A hypervisor has been detected\", or \"Virtualization Enabled "
		"In Firmware: No\")";
	struct vc_facts f;

	other_host_facts(t, &f);
	for (size_t i = 0; i < vc_nknowledge; i++) {
		const struct vc_knowledge *k = &vc_knowledge[i];
		enum vc_cause c;

		if (k->subject != VC_KN_OTHER_HOST || !vc_knowledge_holds(k, &f) ||
		    !cause_of(k->finding, &c) || have[c])
			continue;
		have[c] = true;
		host_cause(t, c, k);
		hv_held |= k == hv;
		fw_held |= k == fw;
	}
	vc_facts_free(&f);
	/* VMware beside Hyper-V: its releases from Workstation/Player 15.5.5 on run their VMs through
	 * Windows' hypervisor API on Windows 10 2004 and later (VMware's 15.5.5 release notes:
	 * "VMware Workstation 15.5.5 now runs on Windows hosts with Hyper-V features (For example:
	 * virtualization based security) enabled", quoted in MicrosoftDocs/WSL#719; VMware's blog of
	 * 2020-05, quoted in seismo-learn/seismology101#270: "the minimum required Windows 10 version
	 * is Windows 10 20H1 build 19041.264. VMware Workstation/Player minimum version is 15.5.5"):
	 * upgrading keeps Hyper-V and VBS on */
	/* (a VMware release the paste names as 15.5.5 or later: what is left is Windows' build and
	 * the feature; turning a Windows feature on asks for a restart) */
	bool vmware_new = o->vmware_version && kernel_version_code(o->vmware_version) >= KVER(15, 5, 5);

	for (size_t i = 0; i < t->causes.n && o->vmware && hv_held; i++)
		if (streq_ptr(t->causes.v[i].knowledge, hv->id))
			remedy(&t->causes.v[i], VC_REMEDY_PERSISTENT, true,
			       vmware_new
				       ? "Keep Hyper-V and Virtualization-based Security on: this VMware "
					 "release runs its VMs on Windows' hypervisor (the Windows "
					 "Hypervisor Platform) on Windows 10 version 2004 (build 19041.264) "
					 "and later: update Windows if its build is older (`winver`), turn "
					 "on "
					 "\"Windows Hypervisor Platform\" in \"Turn Windows features on or "
					 "off\", and restart."
				       : "Keep Hyper-V and Virtualization-based Security on: VMware "
					 "Workstation and Player 15.5.5 and later run their VMs on Windows' "
					 "hypervisor (the Windows Hypervisor Platform) on Windows 10 version "
					 "2004 (build 19041.264) and later; the \"Device/Credential Guard "
					 "are "
					 "not compatible\" message comes from older releases. Upgrade VMware "
					 "(and Windows, if older), then turn on \"Windows Hypervisor "
					 "Platform\" in \"Turn Windows features on or off\", and restart.");
	/* no VT-x with nothing that says why: Hyper-V, far more often than the firmware */
	if (hv_held && fw && !o->hyperv && !o->vt_held)
		host_unknown(t, missing, "Windows runs on Hyper-V (or VBS)", hv,
			     "the firmware disabled VT-x/AMD-V", fw);
	else if (fw_held && hv && o->svm_disabled)
		host_unknown(t, missing, "the firmware disabled AMD-V", fw,
			     "Windows runs on Hyper-V (\"or by the host OS\")", hv);
	/* VirtualBox's words say only "not Linux": the Mac's answer is the other one */
	if (o->host_assumed && t->causes.n) {
		const struct vc_knowledge *k = vc_knowledge_by_id(t->causes.v[0].knowledge),
					  *mac = vc_knowledge_by_id("mac_vt_held_or_missing");

		if (k && mac) {
			host_unknown(t,
				     "The paste does not say which host runs VirtualBox: its words (\"Please "
				     "close all other virtualization programs\") are those of every host but "
				     "Linux (Windows, macOS; Solaris and FreeBSD too, not answered here)",
				     "a Windows host", k, "a macOS host", mac);
			t->unknowns.v[t->unknowns.n - 1].fact = "host_os";
		}
	}
}

/* The verdict's words with a version the paste does not show taken out: "VirtualBox 7.1.12 VMs" is
 * "VirtualBox VMs" when 7.1.12 was only assumed (the unknowns give the answer for each). */
static char *unassume(const char *text, const char *what, const char *assumed, const char *instead)
{
	struct buf b = { 0 };
	_cleanup_(freep) char *needle = xasprintf("%s %s", what, assumed);
	const char *p = text, *q;

	if (!text)
		return NULL;
	while ((q = strstr(p, needle))) {
		size_t n = strlen(needle);
		bool word =
			!isalnum((unsigned char)q[n]) && !(q[n] == '.' && isdigit((unsigned char)q[n + 1]));

		buf_printf(&b, "%.*s%s", (int)(q - p), p, word ? instead : needle);
		p = q + n;
	}
	buf_printf(&b, "%s", p);
	return b.data ? b.data : xstrdup("");
}

static void unassume_all(struct vc_triage *t, const struct assume *a)
{
	const struct vc_triage_obs *o = t->obs;
	const char *vbox = o->vbox_version && o->vbox_prio > 1 ? NULL
			   : a->vbox_version		       ? a->vbox_version
							       : o->vbox_version;
	_cleanup_(freep) char *vmin = o->vbox_version && o->vbox_prio == 1
					      ? xasprintf("VirtualBox %s or later", o->vbox_version)
					      : NULL;

	for (size_t i = 0; i <= t->causes.n; i++) {
		char **text = i < t->causes.n ? &t->causes.v[i].explanation : &t->headline;
		char *v;

		if (vbox && *text) {
			v = unassume(*text, "VirtualBox", vbox, vmin ? vmin : "VirtualBox");
			free(*text);
			*text = v;
		}
		if (!o->kernel && a->kernel && *text) {
			v = unassume(*text, "Linux", a->kernel, "the running kernel");
			free(*text);
			*text = v;
		}
	}
}

/* ---- the tool whose line it was ---- */

/* The program a catalogue entry's line comes from, for people, where it is not QEMU (whose words the
 * verdict and the table quote); NULL for QEMU and every other source. */
static const char *kvm_tool(const struct vc_known_error *e)
{
	static const struct {
		const char *source, *name;
	} tools[] = {
		{ "kvmtool", "kvmtool" },
		{ "firecracker", "Firecracker" },
		{ "cloud-hypervisor", "Cloud Hypervisor" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(tools); i++)
		if (!strcmp(e->source, tools[i].source))
			return tools[i].name;
	return NULL;
}

/* The error in the pasted line's own words: inside the single quotes around it (a Rust panic's
 * 'called `Result::unwrap()` on an `Err` value: VmCreate(...)'), else from where it starts to the
 * line's end; at most 160 bytes. NULL when no pattern of its entry is in the line. */
static char *tool_words(const struct vc_triage_error *te)
{
	const char *line = te->text, *at = NULL, *open = NULL, *end;
	size_t n;

	for (size_t i = 0; te->e->patterns[i] && !at; i++)
		at = vc_strcasestr(line, te->e->patterns[i]);
	if (!at)
		return NULL;
	for (const char *q = line; q < at; q++)
		if (*q == '\'')
			open = q;
	end = strchr(at, '\'');
	if (open && end)
		at = open + 1;
	else
		end = line + strlen(line);
	while (end > at && isspace((unsigned char)end[-1]))
		end--;
	n = (size_t)(end - at);
	return n > 160 ? xasprintf("%.157s...", at) : xasprintf("%.*s", (int)n, at);
}

/* The verdict and the table quote QEMU's words for a KVM error (QEMU: "ioctl(KVM_CREATE_VM) failed:
 * 16 ...", QEMU says "Could not access KVM kernel module: ..."): where the pasted line that gives
 * this cause is another tool's (kvmtool, Firecracker, Cloud Hypervisor), that tool and its line. */
static void tool_quote(const struct vc_triage *t, struct vc_triage_cause *c)
{
	static const char *const leads[] = { "QEMU: \"", "QEMU says \"" };
	const struct vc_triage_error *te = NULL;

	for (size_t i = 0; i < t->errors.n && c->finding; i++)
		if (kvm_tool(t->errors.v[i].e) && vc_known_errors_relate(&t->errors.v[i].e, 1, c->finding))
			te = &t->errors.v[i];
	for (size_t i = 0; te && c->explanation && i < ARRAY_SIZE(leads); i++) {
		const char *p = strstr(c->explanation, leads[i]), *q;
		_cleanup_(freep) char *words = NULL;
		char *e;

		if (!p || !(q = strchr(p + strlen(leads[i]), '"')) || !(words = tool_words(te)))
			continue;
		e = xasprintf("%.*s%s%s \"%s\"%s", (int)(p - c->explanation), c->explanation, kvm_tool(te->e),
			      i ? " says" : ":", words, q + 1);
		free(c->explanation);
		c->explanation = e;
	}
}

/* ---- whether vboxdrv is loaded, when no line says ---- */

/* /dev/kvm refused a QEMU that libvirt started (not libvirtd's socket refusing the user); whether its
 * system instance did (the QEMU account's, not the user's) is o->libvirt_system. */
static bool libvirt_qemu_denied(const struct vc_triage_obs *o)
{
	return o->libvirt_qemu && o->kvm_open == EACCES && !o->libvirt_sock;
}

/* The paste names VirtualBox (its driver flavour) and shows nothing of vboxdrv: no lsmod or modprobe
 * line, no error that needs it loaded or says it is not, no kernel refusal, no build log. */
static bool vboxdrv_unknown(const struct vc_triage_obs *o)
{
	return o->vbox && !o->vbox_nem && !o->mod_known[vc_module_index("vboxdrv")] && !o->refused.n &&
	       !o->rejected.n && !o->setup_log.n;
}

/* The causes that rest on vboxdrv not being loaded (the table's vboxdrv_missing rows). */
static bool driver_cause(const struct decision *d, enum vc_cause c)
{
	static const char *const findings[] = { "virtualbox.driver_not_loaded", "virtualbox.driver_refused",
						"virtualbox.unsigned_driver", "virtualbox.driver_not_built" };

	for (size_t i = 0; c < _VC_CAUSE_MAX && d->have[c] && i < ARRAY_SIZE(findings); i++)
		if (streq_ptr(d->c[c].finding, findings[i]))
			return true;
	return false;
}

/* A paste that shows nothing of vboxdrv says nothing of it: when "not loaded" would be the answer,
 * it is one of two (a missing fact, both answers shown, medium confidence); when something else is
 * the answer, a driver cause beside it rests on nothing and goes (the driver is taken as loaded). */
static void vboxdrv_dimension(const struct vc_triage_obs *o, struct assume *base, struct decision *d,
			      struct dim *dims, size_t *nd, size_t max)
{
	enum vc_cause first = first_cause(d);
	bool other = false;
	struct dim *dm;

	if (!vboxdrv_unknown(o))
		return;
	for (size_t i = 0; i < _VC_CAUSE_MAX; i++)
		other |= (enum vc_cause)i != first && driver_cause(d, (enum vc_cause)i);
	if (!driver_cause(d, first)) {
		if (other) {
			base->vboxdrv = VC_TRI_TRUE;
			decision_free(d);
			decide_one(o, base, d);
		}
		return;
	}
	if (*nd >= max)
		return;
	dm = &dims[(*nd)++];
	dm->fact = "vboxdrv";
	dm->missing = xstrdup("The paste does not show whether VirtualBox's driver vboxdrv is loaded "
			      "(`lsmod | grep vboxdrv` and `dmesg | grep -i vboxdrv` would)");
	dm->otherwise = "VirtualBox's own error names the cause then: the VM's VBox.log (or `VBoxManage "
			"startvm NAME --type headless`), or `virtcheck` run on that machine";
	dm->v[dm->n].label = "vboxdrv is not loaded";
	dm->v[dm->n++].a.vboxdrv = VC_TRI_FALSE;
	dm->v[dm->n].label = "vboxdrv is loaded";
	dm->v[dm->n++].a.vboxdrv = VC_TRI_TRUE;
}

int vc_triage_decide(struct vc_triage *t)
{
	struct dim dims[8] = { 0 };
	struct assume base;
	struct decision d;
	size_t nd;
	bool differ = false, assumed = false;
	const struct vc_knowledge *row;
	enum vc_cause first;

	if (!vc_triage_recognised(t))
		return -ENOMSG;
	facts_after_paste(t);
	/* the reporter's Arm words yield to what the paste shows of an x86 CPU (its vendor, vmx/svm,
	 * uname -m, the words for one) */
	if (t->obs->arch_words &&
	    (t->obs->vendor != V_UNKNOWN || t->obs->vt == VC_TRI_TRUE || t->obs->x86_seen))
		t->obs->not_x86 = false;
	/* a WSL whose VM HCS could not create (E_NOTIMPL) is WSL2 on an Arm PC (an x64 WSL there:
	 * WSL#40233); on x86 the line alone says nothing of nesting */
	if (t->obs->wsl_vm_not_impl && t->obs->not_x86)
		t->obs->wsl2 = true;
	causes_clear(t);
	unknowns_clear(t);
	vc_ctx_free(t->ctx);
	t->ctx = NULL;
	free(t->headline);
	t->headline = NULL;
	if (t->obs->host_not_linux && t->obs->host == OS_UNKNOWN && !linux_seen(t->obs)) {
		t->obs->host = OS_WINDOWS;
		t->obs->host_assumed = true;
	}
	if (foreign_host(t->obs)) {
		decide_other_host(t);
		if (t->causes.n) {
			for (size_t i = 0; i < t->unknowns.n; i++)
				differ |= t->unknowns.v[i].changes_answer;
			/* (differ starts false); a row the research could not verify says medium */
			row = vc_knowledge_by_id(t->causes.v[0].knowledge);
			t->confidence = differ || (row && row->confidence == VC_KN_UNCLEAR) ? VC_CONF_MEDIUM
											    : VC_CONF_HIGH;
			t->headline = xasprintf("The cause is on the %s host%s: %s",
						t->obs->host == OS_WINDOWS ? "Windows" : "macOS",
						t->obs->host_assumed ? " (not Linux; Windows assumed)" : "",
						vc_cause_name(t->causes.v[0].cause));
			t->decided = true;
			return 0;
		}
		/* nothing a Windows or macOS host explains: the messages' own meaning below */
	}
	/* an x86 guest's QEMU without KVM on a machine that is not x86: QEMU builds KVM only for
	 * guests of the host's own architecture (meson.build kvm_targets: x86_64 hosts i386-softmmu
	 * and x86_64-softmmu, aarch64 hosts aarch64-softmmu), so nothing on this machine gives it
	 * one (foxlet/macOS-Simple-KVM#248: "No accelerator found" on an Arm CPU) */
	/* the reporter's words yield to what the paste shows of an x86 CPU (its vendor, vmx/svm) */
	if (t->obs->not_x86 && t->obs->x86_guest &&
	    (t->obs->dev_kvm == VC_TRI_FALSE || t->obs->libvirt_no_kvm)) {
		struct vc_triage_cause *c = VC_PUSH(t->causes);

		c->cause = VC_CAUSE_OTHER;
		c->explanation = xstrdup(
			"KVM runs guests of the host's own architecture only: QEMU builds its KVM "
			"accelerator for those targets alone (an x86 guest's on x86 hosts, an aarch64 "
			"guest's on aarch64 hosts), so qemu-system-x86_64 on this machine, which is not "
			"x86, has no KVM to use, whatever its firmware or modules do.");
		remedy(c, VC_REMEDY_PERSISTENT, false,
		       "Run the x86 guest without KVM (drop -enable-kvm or accel=kvm: `-accel tcg`, "
		       "emulated and much slower), run a guest built for this machine's architecture "
		       "(qemu-system-aarch64 -accel kvm on a 64-bit Arm host), or run the x86 VM on an x86 "
		       "machine.");
		t->confidence = t->obs->arch_words ? VC_CONF_MEDIUM : VC_CONF_HIGH;
		t->headline = xstrdup("An x86 guest cannot use KVM on this machine, which is not x86");
		t->decided = true;
		return 0;
	}
	/* the program found no /dev/kvm where a listing shows it: the program's /dev is not the
	 * host's (a container or sandbox not given the device: flathub/com.visualstudio.code#51) */
	if (t->obs->kvm_said_missing && t->obs->kvm_listed) {
		if (!t->obs->container)
			t->obs->container = "sandbox";
		t->obs->dev_kvm = VC_TRI_FALSE;
	}
	/* Docker Desktop's engine found (or gave) no /dev/kvm: its VM's, not the host's */
	if (t->obs->docker_desktop && t->obs->dev_kvm == VC_TRI_FALSE)
		t->obs->container = "docker-desktop";
	nd = dimensions(t->obs, &base, dims);
	decide_one(t->obs, &base, &d);
	vboxdrv_dimension(t->obs, &base, &d, dims, &nd, ARRAY_SIZE(dims));
	first = first_cause(&d);
	for (size_t i = 0; i < _VC_CAUSE_MAX; i++)
		if (d.have[i]) {
			struct vc_triage_cause *c = VC_PUSH(t->causes);

			c->cause = (enum vc_cause)i;
			c->explanation = d.c[i].explanation;
			d.c[i].explanation = NULL;
			c->finding = d.c[i].finding;
			c->knowledge = d.c[i].k ? d.c[i].k->id : NULL;
			cause_remedies(&d, (enum vc_cause)i, c);
		}
	/* LXD and Incus look for /dev/kvm when their daemon starts: a module loaded later needs a
	 * restart of it (canonical/lxd#14425, #10078) */
	for (size_t i = 0; i < t->causes.n && t->obs->lxd; i++)
		for (size_t k = 0;
		     t->causes.v[i].cause == VC_CAUSE_DRIVER_NOT_LOADED && k < t->causes.v[i].remedies.n;
		     k++) {
			struct vc_remedy *r = &t->causes.v[i].remedies.v[k];
			char *steps = xasprintf("%s Then restart LXD, which looks for /dev/kvm only "
						"when it starts: sudo snap restart lxd (Incus: sudo "
						"systemctl restart incus).",
						r->steps);

			free(r->steps);
			r->steps = steps;
		}
	/* `podman machine` on Linux without /dev/kvm: podman runs containers there without a VM
	 * (podman-container-tools/podman#25929 and #20344, Luap99: "On linux you can run podman directly
	 * without the remote client so you really do not need the VM") */
	if (t->obs->podman_machine && t->obs->dev_kvm == VC_TRI_FALSE && t->obs->host != OS_WINDOWS &&
	    t->obs->host != OS_MACOS && t->causes.n) {
		remedy_first(&t->causes.v[0],
			     "On Linux, podman runs containers without a VM: use `podman run` directly, "
			     "without `podman machine` (meant for macOS and Windows), which needs /dev/kvm "
			     "for its QEMU");
	}
	/* WSL2 on Windows on Arm: its VM gets no nested virtualization whatever .wslconfig says
	 * (microsoft/WSL#13796, benhillis: "a hardware limitation of most ARM64 chips"), so no advice
	 * to turn it on; a WSL that could not create its VM there at all was the x64 package
	 * (microsoft/WSL#40233: "The wrong architecture (x64) version of WSL was installed via
	 * Intune. Getting the right version installed fixed everything.") */
	for (size_t i = 0; i < t->causes.n && t->obs->wsl2 && t->obs->not_x86; i++)
		if (t->causes.v[i].cause == VC_CAUSE_NO_VT_IN_GUEST) {
			remedies_replace(&t->causes.v[i],
					 "WSL2 on Windows on Arm (Snapdragon) gets no nested virtualization: "
					 "nestedVirtualization=true in .wslconfig cannot give it VT or "
					 "/dev/kvm. Run the VMs on Windows itself (Hyper-V), or inside WSL2 "
					 "without KVM (QEMU's -accel tcg, emulated and much slower).");
			if (t->obs->wsl_vm_not_impl)
				remedy_first(
					&t->causes.v[i],
					"WSL could not create its VM at all (HCS: not implemented): check "
					"that the WSL installed is the Arm64 build (`wsl --version`, and "
					"the package's architecture in Settings > Apps or the deployment "
					"tool), not the x64 one; reinstall WSL for Arm64 (`wsl --update`, "
					"or the arm64 .msi from the microsoft/WSL releases).");
		}
	/* an Arm virtual machine without VT (no WSL2: above): the x86 steps (kvm_intel nested=1,
	 * Set-VMProcessor, vhv.enable) are none of its; an Arm guest gets KVM only from an outer host
	 * that nests (jiangcuo/Proxmox-Arm64#24 on Oracle Cloud's Arm: "If the host does not enable
	 * nested virtualization, VM cannot support virtualization") */
	for (size_t i = 0; i < t->causes.n && t->obs->not_x86 && !t->obs->wsl2; i++)
		if (t->causes.v[i].cause == VC_CAUSE_NO_VT_IN_GUEST)
			remedies_replace(
				&t->causes.v[i],
				"This Arm virtual machine gets KVM only where its outer hypervisor "
				"offers nested virtualization to Arm guests; where it does not, run the "
				"VMs on an Arm bare-metal host, or "
				"here without KVM (QEMU's -accel tcg, or the tool's KVM switch off: "
				"emulated, much slower).");
	/* a node of group root, with nothing for others: no group membership opens it but root's, so
	 * usermod -aG kvm cannot help; the node is given to kvm (Linutronix/elbe#164: `ls -l` in the
	 * container showed "root root", `chgrp kvm /dev/kvm` fixed it, then its entry script did)
	 * (kvm_node_root_only's row says it for a host whose user `id` shows) */
	for (size_t i = 0; i < t->causes.n && t->obs->kvm_node &&
			   (!strcmp(t->obs->node.group, "root") || !strcmp(t->obs->node.group, "0")) &&
			   !(t->obs->node.mode & 0006);
	     i++)
		if (t->causes.v[i].cause == VC_CAUSE_KVM_NO_ACCESS &&
		    !streq_ptr(t->causes.v[i].knowledge, "kvm_node_root_only"))
			remedy_first(
				&t->causes.v[i],
				(t->obs->node.mode & 0060) == 0060
					? "/dev/kvm belongs to group root here, not kvm: joining group kvm "
					  "cannot open it. Give the node to the kvm group (`getent group "
					  "kvm || sudo groupadd -r kvm`, then `sudo chgrp kvm /dev/kvm`), "
					  "and "
					  "then add the user to it (below); in a container, each time it "
					  "starts, in its entry script: the node is made anew; on a host for "
					  "good, a udev rule: echo 'KERNEL==\"kvm\", GROUP=\"kvm\", "
					  "MODE=\"0660\"' | sudo tee /etc/udev/rules.d/65-kvm.rules && sudo "
					  "udevadm control --reload-rules && sudo udevadm trigger "
					  "--name-match=kvm"
					: "/dev/kvm belongs to group root here, not kvm, and gives its group "
					  "nothing: joining group kvm cannot open it. Give the node to the "
					  "kvm "
					  "group and let the group read and write it (`getent group kvm || "
					  "sudo groupadd -r kvm`, then `sudo chown root:kvm /dev/kvm && sudo "
					  "chmod 0660 /dev/kvm`), and then add the user to it (below); in a "
					  "container, each time it starts, in its entry script: the node is "
					  "made anew; on a host for good, a udev rule: echo "
					  "'KERNEL==\"kvm\", "
					  "GROUP=\"kvm\", MODE=\"0660\"' | sudo tee "
					  "/etc/udev/rules.d/65-kvm.rules && sudo udevadm control "
					  "--reload-rules && sudo udevadm trigger --name-match=kvm");
	/* libvirtd's socket, not /dev/kvm, refused the user (minikube kvm2, virsh): its group first */
	for (size_t i = 0; i < t->causes.n && t->obs->libvirt_sock; i++)
		if (t->causes.v[i].cause == VC_CAUSE_KVM_NO_ACCESS) {
			struct vc_triage_cause *c = &t->causes.v[i];

			remedy_first(c, "sudo usermod -aG libvirt $USER, then log out and in again (or "
					"`newgrp libvirt`); `sudo systemctl enable --now libvirtd` when it "
					"is not running");
			/* libvirt's own message says why, not /dev/kvm's mode */
			for (size_t k = 0; k < t->errors.n; k++)
				if (!strcmp(t->errors.v[k].e->source, "libvirt") &&
				    strstr(t->errors.v[k].e->id,
					   t->obs->libvirt_polkit ? "polkit" : "socket")) {
					free(c->explanation);
					c->explanation = xstrdup(t->errors.v[k].e->meaning);
				}
		}
	/* libvirt started the QEMU /dev/kvm refused: under its system instance QEMU runs as qemu.conf's
	 * account, not this user (libvirt_system_qemu_user): that remedy first where the paste names
	 * qemu:///system, after the user's own where it names no instance (the session runs QEMU as
	 * the user) */
	for (size_t i = 0; i < t->causes.n && libvirt_qemu_denied(t->obs); i++)
		if (t->causes.v[i].cause == VC_CAUSE_KVM_NO_ACCESS) {
			struct vc_triage_cause *c = &t->causes.v[i];
			const struct vc_knowledge *k = vc_knowledge_by_id("libvirt_system_qemu_user");
			struct vc_remedy r = { .kind = VC_REMEDY_PERSISTENT, .steps = xstrdup(k->remedy) };
			struct vc_remedy *last = VC_PUSH(c->remedies);

			*last = r;
			if (!t->obs->libvirt_system)
				continue;
			memmove(&c->remedies.v[1], &c->remedies.v[0], (c->remedies.n - 1) * sizeof(r));
			c->remedies.v[0] = r;
			free(c->explanation);
			c->explanation = xstrdup(k->says);
			c->knowledge = k->id;
		}
	for (size_t i = 0; i < t->causes.n; i++)
		tool_quote(t, &t->causes.v[i]);
	/* nothing the verdict or the table names: the message's own meaning, or the table's row for
	 * what that message names where it has one (with its remedy) */
	if (!t->causes.n) {
		struct vc_triage_cause *c = VC_PUSH(t->causes);
		const struct vc_knowledge *k =
			t->errors.n ? message_row(t->obs, t->errors.v[t->errors.n - 1].e) : NULL;

		c->cause = VC_CAUSE_OTHER;
		if (k) {
			c->explanation = xstrdup(k->says);
			c->knowledge = k->id;
			remedy(c, VC_REMEDY_PERSISTENT, k->reboot, k->remedy);
		} else
			c->explanation = xstrdup(t->errors.n ? t->errors.v[t->errors.n - 1].e->meaning
							     : "The logs show facts of the machine but no "
							       "failure virtcheck knows.");
	}
	/* a missing fact that leaves the cause open says so before the answer */
	for (size_t i = 0; i < nd && t->causes.n; i++)
		if (dims[i].lead) {
			char *e = xasprintf("%s%s", dims[i].lead, t->causes.v[0].explanation);

			free(t->causes.v[0].explanation);
			t->causes.v[0].explanation = e;
		}
	/* each missing fact, each of its values through the same verdict */
	for (size_t i = 0; i < nd; i++) {
		struct vc_triage_unknown *u = VC_PUSH(t->unknowns);
		bool same = true;

		u->fact = dims[i].fact;
		u->missing = dims[i].missing;
		dims[i].missing = NULL;
		u->assumed = true;
		for (size_t k = 0; k < dims[i].n; k++) {
			struct assume a = with(&base, &dims[i], k);
			struct vc_triage_branch *b = VC_PUSH(u->branches);
			struct decision dk;
			enum vc_cause ck;

			decide_one(t->obs, &a, &dk);
			ck = first_cause(&dk);
			b->assume = xstrdup(dims[i].v[k].label);
			b->cause = ck == _VC_CAUSE_MAX ? VC_CAUSE_OTHER : ck;
			b->remedy = first_remedy(&dk);
			if (!b->remedy && dims[i].otherwise)
				b->remedy = xstrdup(dims[i].otherwise);
			same &= ck == first;
			decision_free(&dk);
		}
		u->changes_answer = !same;
		for (size_t k = 1; k < u->branches.n; k++)
			u->changes_answer |= !streq_ptr(u->branches.v[k].remedy, u->branches.v[0].remedy);
		differ |= !same;
		assumed = true;
	}
	/* how sure: the knowledge row's (established: high) or the verdict's; medium for "other", when
	 * the missing facts change the answer, or when only facts and no failure were read */
	if (first == _VC_CAUSE_MAX || first == VC_CAUSE_OTHER)
		t->confidence = VC_CONF_MEDIUM;
	else if (d.c[first].k)
		t->confidence = d.c[first].k->confidence == VC_KN_ESTABLISHED ? VC_CONF_HIGH : VC_CONF_MEDIUM;
	else
		t->confidence = d.conf == VC_CONF_UNKNOWN ? VC_CONF_HIGH : d.conf;
	if (assumed && t->confidence < VC_CONF_HIGH)
		t->confidence = VC_CONF_HIGH;
	/* a container or VM only the paste's words name: never more than medium */
	if (differ || ((t->obs->container || t->obs->vm_words) && t->confidence < VC_CONF_MEDIUM))
		t->confidence = VC_CONF_MEDIUM;
	t->ctx = d.ctx;
	d.ctx = NULL;
	decision_free(&d);
	/* libvirtd's socket refused the user, which the facts tell as a denied /dev/kvm: name it */
	if (t->obs->libvirt_polkit && first == VC_CAUSE_KVM_NO_ACCESS)
		t->headline = xstrdup("polkit did not let this user manage libvirt's VMs "
				      "(org.libvirt.unix.manage: not in group libvirt, and no polkit agent "
				      "to ask for a password), which virsh, virt-manager and minikube's "
				      "kvm2 driver need");
	else if (libvirt_qemu_denied(t->obs) && t->obs->libvirt_system && first == VC_CAUSE_KVM_NO_ACCESS)
		t->headline = xstrdup("libvirt's system instance (qemu:///system) started QEMU as its own "
				      "user (qemu.conf's user and group), and that user cannot open "
				      "/dev/kvm (EACCES: permission denied)");
	else if (t->obs->libvirt_sock && first == VC_CAUSE_KVM_NO_ACCESS)
		t->headline = xstrdup("This user cannot connect to libvirtd's socket (EACCES: permission "
				      "denied), which virsh, virt-manager and minikube's kvm2 driver need");
	else
		t->headline = t->ctx->owner.headline ? xstrdup(t->ctx->owner.headline) : NULL;
	unassume_all(t, &base);
	t->decided = true;
	return 0;
}
