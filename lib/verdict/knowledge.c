/* What virtcheck knows (lib/verdict/knowledge.h): the table, its matcher, and the support table. Each
 * row's confidence is the research's (established / likely / unclear): never stronger than its source. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/sanitise.h"
#include "lib/base/util.h"
#include "lib/model/catalog.h"
#include "lib/model/report.h"
#include "lib/verdict/knowledge.h"

#define V(a, b, c) KVER(a, b, c)
#define FROM(a, b, c)                                                                                        \
	{                                                                                                    \
		V(a, b, c), 0                                                                                \
	}

/* Links cited more than once. */
#define VBOX_SUPDRV "VirtualBox/virtualbox src/VBox/HostDrivers/Support/linux/SUPDrv-linux.c"
#define VBOX_SUPDRV_TRUNK                                                                                    \
	VBOX_SUPDRV " $Id: SUPDrv-linux.c 114836 2026-07-31$ (git 16fefa9ea5f3a9c7d4b11e487517f98752a86495)"
#define VBOX_HMR0SVM                                                                                         \
	"VirtualBox/virtualbox src/VBox/VMM/VMMR0/target-x86/HMR0SVM-x86.cpp SVMR0EnableCpu() (git "         \
	"042feb2fb68befa6a201d20462ebbc63cabd4958)"
#define KVM_AT_LOAD                                                                                          \
	"Linux b4886fab6fb6 \"KVM: Add a module param to allow enabling virtualization when KVM is "         \
	"loaded\" "                                                                                          \
	"(6.12)"
#define VMMON_MISMATCH                                                                                       \
	"https://github.com/mkubecek/vmware-host-modules/issues/280 and /278 (17.6: \"expecting 417.0, "     \
	"got 416.0\"; iocontrols.h VMMON_VERSION 416 << 16 in the 17.5.2 sources), /16, /44 "                \
	"(mkubecek: the number names the release the module was built for); "                                \
	"https://github.com/Hyphaed/vmware_module_builder/issues/17 (25H2: \"expecting 418.0, got "          \
	"417.0\")"
#define NEM_LINUX                                                                                            \
	"VirtualBox/virtualbox src/VBox/VMM/VMMR3/NEMR3NativeTemplate-linux.cpp.h r106320 (git "             \
	"4908d8d1a85c75c0eefb6a4c5c8a9f07211ad8f1)"
#define NEM_README                                                                                           \
	"cyberus-technology/virtualbox-kvm README.md \"Known issues and limitations\" (0e75d9cba077)"

static bool in_range(struct vc_kn_range r, uint32_t v);

/* Every user may open /dev/kvm, applied at once (a udev rule: no new login needed); trigger only
 * queues the event, settle waits for it (DeviceFarmer/stf#910, kairos-io/kairos#4562) */
#define KVM_FOR_ALL                                                                                          \
	"echo 'KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0666\", OPTIONS+=\"static_node=kvm\"' | sudo tee "     \
	"/etc/udev/rules.d/99-kvm4all.rules && sudo udevadm control --reload-rules && sudo udevadm "         \
	"trigger --name-match=kvm && sudo udevadm settle"
#define NESTED_AGAIN "; then start the VM again."

/* ---- what the typed fields cannot say ---- */

/* VirtualBox (its driver flavour) is installed and vboxdrv is not loaded. */
static bool vboxdrv_missing(const struct vc_facts *f)
{
	return f->virtualbox.installed && f->virtualbox.kvm_backend != VC_TRI_TRUE &&
	       !vc_facts_loaded(f, "vboxdrv");
}

/* A newer vboxdrv of the same series (7.2.6 under 7.2.4's VirtualBox: the package downgraded, the
 * module not reloaded) exports what the older VMMR0.r0 imports, and its interface version keeps its
 * major (SUPDrv.cpp's SUP_IOCTL_COOKIE refuses a client whose interface major differs, in either
 * direction: VERR_VERSION_MISMATCH); another series' driver is not assumed to, in either direction.
 * Either version unknown: not said. */
bool vc_knowledge_vboxdrv_not_its_own(const char *drv, const char *ver)
{
	uint32_t d = kernel_version_code(drv), v = kernel_version_code(ver);

	return d && v && (d < v || (d >> 8) != (v >> 8));
}

/* A vboxdrv is loaded that is not the installed VirtualBox's own: both versions known, the
 * driver's older or of another series (an explain --log paste knows only that it is older:
 * "older"). */
static bool vbox_driver_older(const struct vc_facts *f)
{
	const char *drv = f->virtualbox.driver_version;

	if (!f->virtualbox.installed || f->virtualbox.kvm_backend == VC_TRI_TRUE ||
	    !vc_facts_loaded(f, "vboxdrv") || !drv)
		return false;
	return !strcmp(drv, "older") || vc_knowledge_vboxdrv_not_its_own(drv, f->virtualbox.version);
}

/* vboxdrv loaded (not a KVM-backend build): what a kernel without KVM lets it do on 6.15+ */
static bool vboxdrv_loaded(const struct vc_facts *f)
{
	return f->virtualbox.installed && f->virtualbox.kvm_backend != VC_TRI_TRUE &&
	       vc_facts_loaded(f, "vboxdrv");
}

/* The running kernel is newer than the newest the installed VirtualBox supports. */
static bool vbox_kernel_too_new(const struct vc_facts *f)
{
	uint32_t v = kernel_version_code(f->virtualbox.version);
	uint32_t max = vc_kn_vbox_kernel_max(v, NULL);
	uint32_t k = kernel_version_code(f->kernel);

	/* newer than its newest, or older than the release its series first built for it with */
	return vboxdrv_missing(f) && v && k && ((max && (k & ~0xffu) > max) || vc_kn_vbox_before_first(v, k));
}

/* vboxdrv is loaded, but the running kernel is newer than the newest its release supports, or
 * older than the release its series first supported that kernel with (the support table). */
static bool vbox_loaded_kernel_too_new(const struct vc_facts *f)
{
	uint32_t v = kernel_version_code(f->virtualbox.version);
	uint32_t max = vc_kn_vbox_kernel_max(v, NULL);
	uint32_t k = kernel_version_code(f->kernel);

	return vboxdrv_loaded(f) && v && k && ((max && (k & ~0xffu) > max) || vc_kn_vbox_before_first(v, k));
}

/* vboxconfig's log shows the build failing. */
static bool vbox_build_failed(const struct vc_facts *f)
{
	return vboxdrv_missing(f) && f->virtualbox.setup_log.n > 0;
}

static bool log_has(const struct vc_strv *v, const char *needle)
{
	for (size_t i = 0; i < v->n; i++)
		if (strstr(v->v[i], needle))
			return true;
	return false;
}

/* The kernel log shows vboxdrv's refusal: "FRED is active without KVM being enabled". */
static bool fred_refused(const struct vc_facts *f)
{
	return log_has(&f->platform.kernel_log.driver_refused, "FRED is active");
}

/* This kernel runs with FRED (the cpuid probe: the cpuinfo flag, or fred= on the command line). */
static bool fred_active(const struct vc_facts *f)
{
	return f->cpuid.fred == VC_TRI_TRUE;
}

static bool preempt_notifier_missing(const struct vc_facts *f)
{
	return vboxdrv_missing(f) || log_has(&f->platform.kernel_log.driver_refused, "preempt_notifier");
}

/* ChromeOS's module locking refused vboxdrv: "Chromium OS LSM: init_module denied
 * module=\"/lib/modules/.../vboxdrv.ko\"" (crouton's chroots share ChromeOS's kernel). */
static bool chromeos_locked_vboxdrv(const struct vc_facts *f)
{
	const struct vc_strv *l = &f->platform.kernel_log.driver_refused;

	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->v[i], "Chromium OS LSM: init_module") && strstr(l->v[i], "denied") &&
		    strstr(l->v[i], "vboxdrv"))
			return vboxdrv_missing(f);
	return false;
}

/* vboxdrv not loaded, and Debian's and Ubuntu's virtualbox-dkms builds it (its DKMS module is
 * "virtualbox"; Arch's virtualbox-host-dkms and Oracle's own are "vboxhost", and are no Debian
 * package to reconfigure). */
static bool vboxdrv_missing_dkms(const struct vc_facts *f)
{
	return vboxdrv_missing(f) && f->virtualbox.build == VC_VBOX_BUILD_DKMS &&
	       streq_ptr(f->virtualbox.build_name, "virtualbox");
}

/* the kernel refused vboxdrv (or another VirtualBox module) as built for another kernel: "vboxdrv:
 * version magic '3.14.0 SMP mod_unload ' should be '3.14.0 SMP preempt mod_unload '"
 * (kernel_log.module_abi), and vboxdrv is not loaded. */
static bool vboxdrv_built_for_another_kernel(const struct vc_facts *f)
{
	const struct vc_strv *l = &f->platform.kernel_log.module_abi;

	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->v[i], "vboxdrv") || strstr(l->v[i], "vboxnet"))
			return vboxdrv_missing(f);
	return false;
}

/* A VM's log ends with VERR_SUP_DRIVERLESS: started without a driver, and no KVM backend. */
static bool logged_driverless(const struct vc_facts *f)
{
	return f->virtualbox.logged_error && !strcmp(f->virtualbox.logged_error->id, "VERR_SUP_DRIVERLESS");
}

/* ---- KVM and VirtualBox VMs at the same time (issue 15, helper k15) ---- */

/* A KVM VM of a process that is no VirtualBox one (it holds the VM's fd: QEMU, Firecracker...; a
 * VM seen only in debugfs may be vboxdrv's dummy VM whose thread was not matched) and a VirtualBox
 * VM run by vboxdrv (no KVM VM fd of its own: not the KVM backend) run now. Without the processes
 * (explain --log) the counts stand in. */
static bool kvm_and_vbox_vms_together(const struct vc_facts *f)
{
	const struct vc_processes_facts *pf = &f->processes;
	unsigned kvm = 0, vbox = 0;

	for (size_t i = 0; i < pf->procs.n; i++) {
		const struct vc_proc_facts *p = &pf->procs.v[i];

		kvm += p->is_kvm && p->vms && !p->vm_without_fd;
		vbox += p->is_vbox && p->vms && !p->kvm_vm_fds;
	}
	if (!pf->procs.n) {
		kvm = pf->vms.kvm;
		vbox = pf->vms.virtualbox;
	}
	return kvm && vbox;
}

/* The same, where this VirtualBox uses KVM's VT by the table (not a host crash, not blocked). */
static bool kvm_and_sharing_vbox_vms_together(const struct vc_facts *f)
{
	return kvm_and_vbox_vms_together(f) && vc_knowledge_vbox_shares_kvm(f);
}

static bool concurrent_row(const struct vc_knowledge *k)
{
	return k->extra == kvm_and_vbox_vms_together || k->extra == kvm_and_sharing_vbox_vms_together;
}

/* ---- VirtualBox's KVM backend (NEM) ---- */

/* Another hypervisor holds VT-x/AMD-V for its VMs now: a VMware VM, or a VirtualBox VM run by
 * vboxdrv (/dev/vboxdrv open, no KVM VM of its own: vboxdrv 7.2.10+ on 6.16+ shares KVM's VT and
 * shows a KVM VM without a fd, which blocks nothing). */
static bool nem_vt_taken(const struct vc_facts *f)
{
	for (size_t i = 0; i < f->processes.procs.n; i++) {
		const struct vc_proc_facts *p = &f->processes.procs.v[i];

		if (p->vms && p->is_vmware && vc_facts_loaded(f, "vmmon"))
			return true;
		if (p->vms && p->is_vbox && p->device_open && !p->kvm_vm_fds && !p->vm_without_fd &&
		    vc_facts_loaded(f, "vboxdrv"))
			return true;
	}
	return false;
}

static bool nem_no_dev_kvm(const struct vc_facts *f)
{
	return f->kvm.device.present == VC_TRI_FALSE;
}

/* The user who starts VirtualBox (the one behind sudo, if any) may not open /dev/kvm. */
static bool nem_kvm_denied(const struct vc_facts *f)
{
	enum vc_access a = f->kvm.access.has_invoker ? f->kvm.access.invoker.reason : f->kvm.access.reason;

	return f->kvm.access.has_identity && (a == VC_DENIED_NOT_IN_GROUP || a == VC_DENIED_MODE);
}

/* cyberus-technology/virtualbox-kvm's backend on a CPU without XSAVE */
static bool nem_no_xsave(const struct vc_facts *f)
{
	return f->virtualbox.nem_cyberus && f->virtualbox.nem_xsave == VC_TRI_FALSE;
}

/* Oracle's own KVM backend on a CPU without RDTSCP */
static bool nem_no_rdtscp(const struct vc_facts *f)
{
	return !f->virtualbox.nem_cyberus && f->virtualbox.nem_rdtscp == VC_TRI_FALSE;
}

static bool nem_split_lock(const struct vc_facts *f)
{
	return f->virtualbox.nem_split_lock == VC_TRI_TRUE;
}

static bool nixos(const struct vc_facts *f)
{
	return f->distro.family == VC_DISTRO_NIXOS;
}

/* Secure Boot, lockdown or sig_enforce refuses unsigned modules. */
static bool unsigned_refused(const struct vc_facts *f)
{
	const struct vc_platform_facts *p = &f->platform;

	return (p->secure_boot == VC_TRI_TRUE && !p->shim_validation_disabled) ||
	       p->sig_enforce == VC_TRI_TRUE || p->kernel_log.module_rejected.n > 0;
}

/* vboxdrv.ko for this kernel ends with a module signature (DKMS signs with its MOK on Debian and
 * Ubuntu). */
static bool vboxdrv_signed(const struct vc_facts *f)
{
	return f->virtualbox.driver_signed == VC_TRI_TRUE;
}

/* Refused for its signature: unsigned (or not known to be signed) where signatures are enforced. */
static bool vboxdrv_refused_unsigned(const struct vc_facts *f)
{
	return vboxdrv_missing(f) && !vboxdrv_signed(f) && unsigned_refused(f);
}

/* Signed, and the kernel log refuses the key that signed it. */
static bool vboxdrv_key_refused(const struct vc_facts *f)
{
	return vboxdrv_missing(f) && vboxdrv_signed(f) && vc_facts_key_rejected(f);
}

static bool vboxdrv_signed_not_loaded(const struct vc_facts *f)
{
	return vboxdrv_missing(f) && vboxdrv_signed(f);
}

/* ---- what KVM's users meet (explain --log reads these from pasted errors) ---- */

/* Opening /dev/kvm read-write was refused. */
static bool kvm_access_denied(const struct vc_facts *f)
{
	return streq_ptr(f->kvm.access.open, "EACCES") || streq_ptr(f->kvm.access.open, "EPERM");
}

/* opening /dev/kvm was refused with EPERM: a device cgroup's answer, not the node's mode
 * or groups (which give EACCES). */
static bool kvm_open_not_permitted(const struct vc_facts *f)
{
	return streq_ptr(f->kvm.access.open, "EPERM");
}

/* /dev/kvm is root:root and its mode lets no group in (the kernel's own 0600, before any udev rule):
 * this user, whatever its groups, is refused by the mode; not in a container or WSL2, whose rows
 * say how the node reaches them (coreos/bugs#1130). */
static bool kvm_node_root_only(const struct vc_facts *f)
{
	const struct vc_devnode *n = &f->kvm.device.node;
	enum vc_access a = f->kvm.access.has_invoker ? f->kvm.access.invoker.reason : f->kvm.access.reason;

	return streq_ptr(f->kvm.access.open, "EACCES") && f->kvm.access.has_identity && a == VC_DENIED_MODE &&
	       n->type == 'c' && n->uid == 0 && (!strcmp(n->group, "root") || !strcmp(n->group, "0")) &&
	       !f->environment.container && !f->environment.wsl;
}

/* The CPU shows VT-x/AMD-V, the firmware left it on, and there is no /dev/kvm. */
static bool kvm_device_missing(const struct vc_facts *f)
{
	enum vc_vt vt;
	bool hv;

	return f->kvm.device.present == VC_TRI_FALSE && !vc_facts_firmware_disabled(f, NULL) &&
	       vc_facts_vt(f, &vt, &hv) && vt != VC_VT_NONE && !f->environment.container;
}

/* Manjaro running a kernel of its own (a release ending in -MANJARO, or a pkgbase linuxNN[-rt]):
 * another kernel on it (linux-xanmod from the AUR, Arch's linux) has no linuxNN module package */
static bool distro_manjaro(const struct vc_facts *f)
{
	const char *rel = vc_facts_kernel_named(f), *p = f->distro.kernel_package;
	size_t n;

	if (!streq_ptr(f->distro.id, "manjaro"))
		return false;
	if (p) {
		n = strncmp(p, "linux", 5) ? 0 : strspn(p + 5, "0123456789");
		return n > 0 && (!p[5 + n] || !strcmp(p + 5 + n, "-rt"));
	}
	n = rel ? strlen(rel) : 0;
	return n > 8 && !strcmp(rel + n - 8, "-MANJARO");
}

static bool init_openrc(const struct vc_facts *f)
{
	return f->distro.init == VC_INIT_OPENRC;
}

static bool init_runit(const struct vc_facts *f)
{
	return f->distro.init == VC_INIT_RUNIT;
}

static bool init_runit_artix(const struct vc_facts *f)
{
	return init_runit(f) && streq_ptr(f->distro.id, "artix");
}

/* sysvinit's service and update-rc.d are Debian's (Devuan, MX, antiX); elsewhere (Slackware,
 * upstart's RHEL 6, whose PID 1 is init too) the script itself is run (service_fallback's
 * neighbour below, service_initd) */
static bool init_sysvinit(const struct vc_facts *f)
{
	return f->distro.init == VC_INIT_SYSVINIT;
}

static bool firmware_disabled(const struct vc_facts *f)
{
	return vc_facts_firmware_disabled(f, NULL);
}

/* A virtual machine (the hypervisor bit, or WSL2) whose CPU shows no VT-x/AMD-V. */
static bool vt_not_exposed(const struct vc_facts *f)
{
	enum vc_vt vt;
	bool hv;

	if (vc_facts_firmware_disabled(f, NULL) || f->environment.confidential_guest)
		return false;
	if (streq_ptr(f->environment.wsl, "wsl2") && (!vc_facts_vt(f, &vt, &hv) || vt == VC_VT_NONE))
		return true;
	return vc_facts_vt(f, &vt, &hv) && vt == VC_VT_NONE && hv;
}

/* ---- VMware's drivers (the vmware probe's facts) ---- */

/* Workstation/Player is installed and vmmon is not loaded: no /dev/vmmon for its VMs. */
static bool vmmon_missing(const struct vc_facts *f)
{
	return f->vmware.installed && !vc_facts_loaded(f, "vmmon");
}

static bool vmmon_not_built(const struct vc_facts *f)
{
	return vmmon_missing(f) && f->kernel && !f->vmware.vmmon_ko;
}

/* The kernel loads only signed modules: Secure Boot, lockdown or module.sig_enforce. */
static bool signatures_enforced(const struct vc_facts *f)
{
	const struct vc_platform_facts *p = &f->platform;

	return (p->secure_boot == VC_TRI_TRUE && !p->shim_validation_disabled) ||
	       p->sig_enforce == VC_TRI_TRUE || streq_ptr(p->lockdown, "integrity") ||
	       streq_ptr(p->lockdown, "confidentiality");
}

bool vc_knowledge_signatures_enforced(const struct vc_facts *f)
{
	return signatures_enforced(f);
}

/* Built, not loaded, and refused for its signature: unsigned where signatures are enforced, or the
 * kernel log says so (a signed module whose key is not enrolled is refused too). */
static bool vmmon_refused_unsigned(const struct vc_facts *f)
{
	return vmmon_missing(f) && f->vmware.vmmon_ko &&
	       ((signatures_enforced(f) && f->vmware.vmmon_signed != VC_TRI_TRUE) || f->vmware.refused.n > 0);
}

static bool vmmon_not_loaded(const struct vc_facts *f)
{
	return vmmon_missing(f) && f->vmware.vmmon_ko;
}

/* The vmmon version built (or loaded) differs from what this Workstation release expects. */
static bool vmmon_mismatch(const struct vc_facts *f)
{
	unsigned want = vc_knowledge_vmmon_expected(f);
	const struct vc_vmware_facts *v = &f->vmware;

	return f->vmware.installed && want &&
	       ((v->vmmon_source.set && v->vmmon_source.v != want) ||
		(v->vmmon_loaded_version.set && v->vmmon_loaded_version.v != want));
}

/* This machine is a guest (or WSL2) given no VT-x/AMD-V by what runs it (confidential guests
 * included: the environment rows tell them apart). */
static bool guest_without_vt(const struct vc_facts *f)
{
	enum vc_vt vt;
	bool hv_bit = false;

	return vc_facts_vt(f, &vt, &hv_bit) && vt == VC_VT_NONE && (hv_bit || f->environment.wsl);
}

/* An EC2 virtual instance of a type AWS offers nested virtualization for (DMI product_name names
 * the type, "m8i.xlarge"; the families: c8i, m8i, r8i and their flex variants), showing no VT-x:
 * the instance's CPU option NestedVirtualization is off, its default. */
static bool ec2_nested_capable_without_vt(const struct vc_facts *f)
{
	static const char *const families[] = { "c8i", "m8i", "r8i", "c8i-flex", "m8i-flex", "r8i-flex" };
	const char *pn = f->environment.dmi.product_name;
	const char *dot = pn ? strchr(pn, '.') : NULL;

	if (!streq_ptr(f->environment.cloud, "Amazon EC2") || !dot || !guest_without_vt(f))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(families); i++)
		if ((size_t)(dot - pn) == strlen(families[i]) &&
		    !strncmp(pn, families[i], strlen(families[i])))
			return true;
	return false;
}

static bool vt_exposed(const struct vc_facts *f)
{
	enum vc_vt vt;
	bool hv_bit = false;

	return vc_facts_vt(f, &vt, &hv_bit) && vt != VC_VT_NONE;
}

/* The user (or the one who ran virtcheck through sudo) cannot open /dev/kvm. */
static bool kvm_denied(const struct vc_facts *f)
{
	const struct vc_kvm_facts *k = &f->kvm;

	return (k->access.has_identity && !vc_access_granted(k->access.reason)) ||
	       (k->access.has_invoker && !vc_access_granted(k->access.invoker.reason));
}

/* /dev/kvm is not there, or not open to this user (its permissions, or the open itself). */
static bool kvm_out_of_reach(const struct vc_facts *f)
{
	const char *open = f->kvm.access.open;

	return f->kvm.device.present != VC_TRI_TRUE || kvm_denied(f) || (open && strcmp(open, "ok") != 0);
}

/* ---- issue 15, CI executors (s8-f15) ---- */

/* A container without /dev/kvm: no permission in it can create the device; whoever starts the
 * container must pass it in (the container rows), so the permission rows do not hold. */
static bool kvm_node_denied(const struct vc_facts *f)
{
	return kvm_denied(f) && !(f->environment.container && f->kvm.device.present != VC_TRI_TRUE);
}

/* A udev rule opens /dev/kvm to every user (mode o+rw) and udevd runs, but the node still has
 * another mode and this user is refused: the rule is written, not yet applied to the node. */
static bool kvm_rule_not_settled(const struct vc_facts *f)
{
	const char *m = f->udev.rules[0].mode;
	unsigned long mode = m ? strtoul(m, NULL, 8) : 0;

	return kvm_node_denied(f) && f->kvm.device.present == VC_TRI_TRUE && f->kvm.udevd == VC_TRI_TRUE &&
	       (mode & 06) == 06 && mode != f->kvm.device.node.mode;
}

/* A GitLab CI job in a container (the docker executor) that was given no /dev/kvm. */
static bool gitlab_job_without_kvm(const struct vc_facts *f)
{
	return f->environment.container && streq_ptr(f->environment.ci, "GitLab CI") &&
	       f->kvm.device.present != VC_TRI_TRUE;
}

/* ---- issue 15, environments on real hosts (s10-env) ---- */

/* /dev/kvm is out of reach of this container, and the machine under it has VT-x/AMD-V to give:
 * passing the device in helps (in a VM given no VT there is no /dev/kvm to pass; the nesting
 * rows answer that). */
static bool container_kvm_passable(const struct vc_facts *f)
{
	return kvm_out_of_reach(f) && !guest_without_vt(f);
}

/* a KVM-backend VirtualBox that said KVM_CAP_XCRS is missing (a CPU without XSAVE);
 * the requirement is the build's (Oracle's test builds before it booted Core 2 CPUs: the RDTSCP row) */
static bool nem_no_xcrs(const struct vc_facts *f)
{
	const struct vc_known_error *e = f->virtualbox.logged_error;

	return f->virtualbox.nem_xsave == VC_TRI_FALSE && e && !strcmp(e->id, "VERR_NEM_MISSING_FEATURE");
}

/* A Drone CI step's container given no /dev/kvm. */
static bool drone_step_without_kvm(const struct vc_facts *f)
{
	return f->environment.container && streq_ptr(f->environment.ci, "Drone CI") &&
	       f->kvm.device.present != VC_TRI_TRUE && !guest_without_vt(f);
}

/* Container root is one host user (uid_map's first line "0 UID 1", UID not 0): rootless Docker
 * (and rootless podman without --userns=keep-id); a daemon's userns-remap maps a whole
 * subordinate range instead. */
static bool root_is_host_user(const struct vc_facts *f)
{
	unsigned long in, out, count;

	return f->environment.uid_map &&
	       sscanf(f->environment.uid_map, "%lu %lu %lu", &in, &out, &count) == 3 && in == 0 && out != 0 &&
	       count == 1;
}

/* Rootless Docker whose container cannot reach /dev/kvm. */
static bool rootless_docker_kvm(const struct vc_facts *f)
{
	return streq_ptr(f->environment.container, "docker") && f->environment.user_namespace &&
	       root_is_host_user(f) && container_kvm_passable(f);
}

/* A user namespace that is no container (a sandbox: firejail --noroot, bubblewrap) keeps the
 * user out of /dev/kvm. */
static bool sandbox_kvm(const struct vc_facts *f)
{
	return f->environment.user_namespace && !f->environment.container && container_kvm_passable(f);
}

/* a firejail sandbox without a user namespace (no --noroot) whose user lacks the node's
 * group: firejail's nogroups keeps only a fixed list of supplementary groups. */
static bool firejail_groups_kvm(const struct vc_facts *f)
{
	return streq_ptr(f->environment.sandbox, "firejail") && !f->environment.user_namespace &&
	       !f->environment.container && f->kvm.device.present == VC_TRI_TRUE && kvm_denied(f) &&
	       (f->kvm.access.reason == VC_DENIED_NOT_IN_GROUP ||
		f->kvm.access.invoker.reason == VC_DENIED_NOT_IN_GROUP);
}

/* A (rootful) container that has /dev/kvm, but not open to its user: the node is the container's
 * own copy, made when it started, with the host's owner and mode; no udev runs in it. */
static bool container_node_denied(const struct vc_facts *f)
{
	return f->environment.container && !f->environment.user_namespace &&
	       f->kvm.device.present == VC_TRI_TRUE && kvm_denied(f);
}

/* Docker Desktop's VM gave the container no /dev/kvm (explain --log: its context or socket
 * path named, the device missing) */
static bool docker_desktop_without_kvm(const struct vc_facts *f)
{
	return streq_ptr(f->environment.container, "docker-desktop") && f->kvm.device.present != VC_TRI_TRUE;
}

/* a container's open of /dev/kvm refused with EACCES (the node is there; its groups are not
 * the process's), the user namespace not in the way (the rootless rows) */
static bool container_open_denied(const struct vc_facts *f)
{
	return f->environment.container && !f->environment.user_namespace &&
	       streq_ptr(f->kvm.access.open, "EACCES") && f->kvm.device.present != VC_TRI_FALSE;
}

/* A rootless, --privileged podman container of podman 3.4.4 or older (its engine named in
 * /run/.containerenv) without /dev/kvm: that podman drops --device under --privileged
 * (podman#12704 on 3.4.4, #16701 on 3.4.2; 4.3.1 passes it). Rootless as the same file says
 * (rootless=1); only where it does not say, a user namespace (a rootful --userns=auto container
 * has one too) */
static bool podman_privileged_drops_device(const struct vc_facts *f)
{
	const struct vc_environment_facts *ef = &f->environment;
	const char *e = ef->container_engine;
	uint32_t v = e && !strncmp(e, "podman-", 7) ? kernel_version_code(e + 7) : 0;
	bool rootless = ef->container_rootless != VC_TRI_NULL ? ef->container_rootless == VC_TRI_TRUE
							      : ef->user_namespace;

	return streq_ptr(ef->container, "podman") && rootless && v && v <= KVER(3, 4, 4) &&
	       f->kvm.device.present != VC_TRI_TRUE;
}

/* ---- issue 15, blind validation on new real hosts (s11-hosts) ---- */

/* A container's /dev/kvm keeps the host's group id; where the image names that id after a group of
 * its own (cockpit-project/starter-kit#1230: "root pcp") the user is in no group that opens it. A
 * node of kvm, of root or of an id the image has no name for is the rows after this one's. */
static bool container_node_other_group(const struct vc_facts *f)
{
	const char *g = f->kvm.device.node.group;
	enum vc_access a = f->kvm.access.has_invoker ? f->kvm.access.invoker.reason : f->kvm.access.reason;

	return container_node_denied(f) && a == VC_DENIED_NOT_IN_GROUP && *g && strcmp(g, "kvm") != 0 &&
	       strcmp(g, "root") != 0 && strspn(g, "0123456789") != strlen(g);
}

/* The kernel log refuses vmmon (or vmnet) as built for another kernel (the platform probe's
 * kernel_log.module_abi), and vmmon is not loaded. */
static bool vmmon_built_for_another_kernel(const struct vc_facts *f)
{
	const struct vc_strv *l = &f->platform.kernel_log.module_abi;

	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->v[i], "vmmon") || strstr(l->v[i], "vmnet"))
			return vmmon_missing(f);
	return false;
}

/* no vmmon.ko for the running kernel, and VMware's module installer said its build
 * failed. */
static bool vmmon_build_failed(const struct vc_facts *f)
{
	return vmmon_not_built(f) && f->vmware.build_failed;
}

/* that build found no headers for the kernel (vmware-modconfig's "Failed to find
 * /lib/modules/KVER/build/include"). */
static bool vmmon_no_headers(const struct vc_facts *f)
{
	return vmmon_build_failed(f) && f->vmware.build_headers_missing;
}

/* ---- issue 15, blind validation on new real hosts (s10-blind3) ---- */

/* A flatpak sandbox without /dev/kvm (the app was not granted the kvm device), on a machine that
 * has VT-x/AMD-V to give. */
static bool flatpak_without_kvm_device(const struct vc_facts *f)
{
	return streq_ptr(f->environment.container, "flatpak") && f->kvm.device.present != VC_TRI_TRUE &&
	       !guest_without_vt(f);
}

/* ---- issue 15, environments (s9-c15) ---- */

/* WSL2 with /dev/kvm this user may not open, and no udevd to apply the kvm rule: the node stays
 * as the kernel made it (root:root 0600) at every start. */
static bool wsl_kvm_node_without_udev(const struct vc_facts *f)
{
	return f->environment.wsl && kvm_node_denied(f) && f->kvm.device.present == VC_TRI_TRUE &&
	       f->kvm.udevd == VC_TRI_FALSE;
}

/* ---- issue 15, Xen domains, VPS providers, hosted CI (s10-xen) ---- */

/* Xen's hardware domain (dom0): Xen itself holds VT-x/AMD-V beneath this kernel. */
static bool xen_dom0(const struct vc_facts *f)
{
	return f->environment.xen_dom0 && guest_without_vt(f);
}

/* dom0 of a Xen that itself runs in a virtual machine giving it no VT-x/AMD-V (issue 15) */
static bool xen_dom0_in_vm(const struct vc_facts *f)
{
	return xen_dom0(f) && f->environment.xen_host;
}

/* A Xen PV domain (not dom0) of no cloud with its own row (an EC2 PV instance is told EC2's
 * instance types): its CPUID is the host's, and Xen never gives it VMX/SVM. */
static bool xen_pv_guest(const struct vc_facts *f)
{
	return streq_ptr(f->environment.xen_guest_type, "PV") && !f->environment.xen_dom0 &&
	       !f->environment.cloud && guest_without_vt(f);
}

/* A KVM or Xen guest whose provider the table knows nothing particular of: the first environment
 * row for it is the hypervisor's own (what its host's administrator sets). */
static bool rented_vps(const struct vc_facts *f)
{
	const struct vc_knowledge *k = vc_knowledge_environment(f, "kvm.unavailable");

	return k && (!strcmp(k->id, "env_kvm_no_nested") || !strcmp(k->id, "env_xen_no_nested"));
}

/* A CI job in a virtual machine given no VT-x/AMD-V (the hypervisor bit: not WSL). a
 * bare CI variable (no CI service named) on a server DMI names as a cloud's is CI run on a server of
 * one's own (opencloud-eu/android#132: Woodpecker on Hetzner Cloud), whose nesting is the cloud's
 * row, not a CI service's VM. */
static bool ci_guest_without_vt(const struct vc_facts *f)
{
	enum vc_vt vt;
	bool hv_bit = false;

	if (streq_ptr(f->environment.ci, "CI") && f->environment.cloud)
		return false;
	return f->environment.ci && vc_facts_vt(f, &vt, &hv_bit) && vt == VC_VT_NONE && hv_bit;
}

/* A Cirrus CI task in a Compute Engine VM given no VT-x/AMD-V: the task's own .cirrus.yml describes
 * that VM (compute_engine_instance / gce_instance), nested_virtualization included, so the job's
 * configuration is where nesting is asked for, not "nothing in the job" (issue 15, s17-B:
 * opencontainers/runc#3507, cirruslabs/cirrus-ci-docs#1011). */
static bool cirrus_gce_guest_without_vt(const struct vc_facts *f)
{
	return streq_ptr(f->environment.ci, "Cirrus CI") &&
	       streq_ptr(f->environment.cloud, "Google Compute Engine") && ci_guest_without_vt(f) &&
	       !f->environment.container;
}

/* A Cirrus CI container: task (its Community Cluster is GKE, so DMI names Compute Engine too):
 * the container asks for KVM in its own block */
static bool cirrus_container_without_kvm(const struct vc_facts *f)
{
	return streq_ptr(f->environment.ci, "Cirrus CI") && f->environment.container &&
	       f->kvm.device.present == VC_TRI_FALSE;
}

/* ---- a Windows or macOS host whose logs explain --log reads (the other-host rows) ---- */

/* Its logs show the catalogue error id (explain --log keeps their ids in virtualbox.logs). */
static bool host_logged(const struct vc_facts *f, const char *id)
{
	for (size_t i = 0; i < f->virtualbox.logs.n; i++)
		for (size_t k = 0; k < f->virtualbox.logs.v[i].errors.n; k++)
			if (!strcmp(f->virtualbox.logs.v[i].errors.v[k], id))
				return true;
	return false;
}

/* The host runs on Microsoft's hypervisor (Hyper-V, VBS, WSL2): a line showed it. */
static bool host_hyperv(const struct vc_facts *f)
{
	return streq_ptr(f->environment.outer_hypervisor, "hyperv");
}

/* VirtualBox (or the emulator) saw no VT-x/AMD-V, or gave up on it and fell back to NEM. */
static bool host_no_vt(const struct vc_facts *f)
{
	enum vc_vt vt;
	bool hv;

	return vc_facts_vt(f, &vt, &hv) && vt == VC_VT_NONE;
}

static bool host_vt_held(const struct vc_facts *f)
{
	return host_logged(f, "VERR_VMX_IN_VMX_ROOT_MODE") || host_logged(f, "VERR_SVM_IN_USE");
}

/* VirtualBox read the firmware's lock; VERR_SVM_DISABLED next to Hyper-V may be the host OS's
 * doing (its own text: "disabled in the BIOS (or by the host OS)"). */
static bool host_firmware_disabled(const struct vc_facts *f)
{
	return f->msr.vt_disabled && !(host_logged(f, "VERR_SVM_DISABLED") && host_hyperv(f));
}

/* A line showed VirtualBox's driver (VBoxSup on Windows, its kext on macOS) not running. */
static bool host_driver_absent(const struct vc_facts *f)
{
	return f->modules.proc_modules && vc_facts_modstate(f, "vboxdrv") == VC_MOD_ABSENT;
}

/* No VT-x/AMD-V for VirtualBox, with or without a line naming Hyper-V: on Windows Hyper-V far more
 * often than the firmware (explain --log names both when no line says which). */
static bool win_hyperv_holds_vt(const struct vc_facts *f)
{
	return !host_firmware_disabled(f) &&
	       (host_hyperv(f) || host_vt_held(f) || host_no_vt(f) ||
		(f->virtualbox.installed &&
		 (host_logged(f, "VERR_NEM_VM_CREATE_FAILED") || host_logged(f, "kvm_create_vm_ebusy"))));
}

/* The emulator's own wording, without VirtualBox, and nothing that points at Hyper-V. */
static bool win_emulator_no_driver(const struct vc_facts *f)
{
	return host_logged(f, "emulator_haxm_missing") ||
	       (host_logged(f, "emulator_needs_acceleration") && !f->virtualbox.installed &&
		!win_hyperv_holds_vt(f) && !host_firmware_disabled(f));
}

static bool win_vboxsup_not_running(const struct vc_facts *f)
{
	return host_driver_absent(f) ||
	       (host_logged(f, "emulator_needs_acceleration") && f->virtualbox.installed &&
		!win_hyperv_holds_vt(f) && !host_firmware_disabled(f));
}

/* VMMR0.r0 of the installed release refused by the support driver of an older one still loaded:
 * the load of the ring-0 module named ("Failed to load R0 module ...VMMR0.r0: SUP_IOCTL_LDR_OPEN
 * failed"), not any missing symbol (an extension pack's DLL, IPRT's ring-3 dlsym say the same) */
static bool win_vboxsup_stale(const struct vc_facts *f)
{
	return host_logged(f, "vmmr0_load_failed") && (host_logged(f, "VERR_LDR_IMPORTED_SYMBOL_NOT_FOUND") ||
						       host_logged(f, "VERR_SYMBOL_NOT_FOUND"));
}

/* Hardening refused the VM process and nothing else explains it. */
static bool win_hardening_refused(const struct vc_facts *f)
{
	return host_logged(f, "virtualbox_hardening") && !win_hyperv_holds_vt(f) &&
	       !win_emulator_no_driver(f) && !win_vboxsup_not_running(f);
}

static bool mac_kext_not_loaded(const struct vc_facts *f)
{
	return host_driver_absent(f) || host_logged(f, "emulator_haxm_missing");
}

/* ---- what the rows of its block need ---- */
/* vboxconfig (or the driver's Makefile) said it cannot build vboxdrv here: no headers for the running
 * kernel, or no compiler. */
static bool vbox_no_build_tools(const struct vc_facts *f)
{
	const struct vc_known_error *e = f->virtualbox.logged_error;

	return vboxdrv_missing(f) && ((e && !strcmp(e->id, "vbox_cannot_build_modules")) ||
				      host_logged(f, "vbox_cannot_build_modules"));
}
/* ---- end s11-pastes ---- */

/* ---- a compiler the kernel's flags are too new for; a crouton chroot ---- */
/* The build log shows the compiler rejecting the kernel's own flags ("gcc: error: unrecognized
 * command-line option '-mharden-sls=all'"): it is not the compiler (or version) the kernel was
 * built with, whatever VirtualBox's release. */
static bool vbox_compiler_mismatch(const struct vc_facts *f)
{
	return vboxdrv_missing(f) && (log_has(&f->virtualbox.setup_log, "unrecognized command-line option") ||
				      log_has(&f->virtualbox.setup_log, "unrecognized command line option"));
}

/* VirtualBox's setup found no headers in a crouton chroot: ChromeOS's kernel has no header package. */
static bool crouton_no_headers(const struct vc_facts *f)
{
	return vbox_no_build_tools(f) && streq_ptr(f->environment.chroot, "crouton");
}
/* ---- end s12-pa ---- */

static bool mac_vt_held_or_missing(const struct vc_facts *f)
{
	return host_vt_held(f) || host_no_vt(f);
}

/* ---- issue 15 section C, remedies that fit the machine (s8-crow): what the rows below need ---- */

/* Vagrant is installed. (The distribution and boot loader are typed fields of the rows.) */
static bool vagrant(const struct vc_facts *f)
{
	return f->virtualbox.vagrant;
}

/* The firmware describes an IOMMU (ACPI DMAR or IVRS) that the kernel does not use. */
static bool iommu_unused(const struct vc_facts *f)
{
	return (f->pci.iommu.dmar_table || f->pci.iommu.ivrs_table) && !f->pci.iommu.enabled;
}

/* Intel's: the CPU says so; without CPUID, the table does (DMAR is Intel's, IVRS AMD's). */
static bool iommu_intel(const struct vc_facts *f)
{
	return f->cpuid.available ? !strcmp(f->cpuid.vendor, "GenuineIntel")
				  : f->pci.iommu.dmar_table && !f->pci.iommu.ivrs_table;
}

static bool iommu_unused_intel(const struct vc_facts *f)
{
	return iommu_unused(f) && iommu_intel(f);
}

static bool iommu_unused_amd(const struct vc_facts *f)
{
	return iommu_unused(f) && !iommu_intel(f);
}

/* kvm is loaded and the CPU's vendor module (kvm_intel, kvm_amd) is not. */
static bool kvm_without_vendor_module(const struct vc_facts *f)
{
	const char *mod = vc_facts_kvm_vendor_module(f);

	return mod && vc_facts_loaded(f, "kvm") && !vc_facts_loaded(f, mod);
}

/* ---- issue 15 "Done when" (s9-a15): what the rows of its block below need ---- */

/* TDX host support is on: kvm_intel's tdx parameter (Linux arch/x86/kvm/vmx/tdx.c,
 * module_param_named(tdx, enable_tdx, bool, 0444)) reads Y, or the kernel log says the TDX module
 * came up ("virt/tdx: TDX-Module initialized": 7.1 brings it up at boot, kvm_intel loaded or not). */
static bool tdx_host(const struct vc_facts *f)
{
	return (vc_facts_loaded(f, "kvm_intel") &&
		streq_ptr(vc_norm_bool(vc_facts_param(f, "kvm_intel", "tdx")), "Y")) ||
	       f->platform.kernel_log.tdx_initialized.n > 0;
}

/* the libvirt provider is a way out only where KVM can run VMs: VT-x/AMD-V for kvm_intel/kvm_amd */
static bool vagrant_kvm(const struct vc_facts *f)
{
	return f->virtualbox.vagrant && vc_facts_kvm_vendor_module(f);
}

/* ---- what the rows of its block need (the Secure Boot key flows of VirtualBox's
 * driver, read by probes/virtualbox.c) ---- */

static bool mok_akmods_key(const struct vc_facts *f)
{
	return f->virtualbox.build == VC_VBOX_BUILD_AKMODS && (f->virtualbox.sign_keys & VC_VBOX_KEY_AKMODS);
}

static bool mok_akmods(const struct vc_facts *f)
{
	return f->virtualbox.build == VC_VBOX_BUILD_AKMODS;
}

static bool mok_ubuntu_tool(const struct vc_facts *f)
{
	return (f->virtualbox.sign_keys & VC_VBOX_KEY_SHIM) && f->virtualbox.sb_policy_tool;
}

/* vboxdrv.sh's pair, where vboxdrv.sh builds: a DKMS build outside Ubuntu signs with DKMS's own key
 * (a MOK.der left by an earlier vboxconfig is not the one the kernel refuses) */
static bool mok_shim_key(const struct vc_facts *f)
{
	return (f->virtualbox.sign_keys & VC_VBOX_KEY_SHIM) && f->virtualbox.build != VC_VBOX_BUILD_DKMS;
}

static bool mok_dkms_key(const struct vc_facts *f)
{
	return f->virtualbox.sign_keys & VC_VBOX_KEY_DKMS;
}

static bool mok_vboxconfig(const struct vc_facts *f)
{
	return f->virtualbox.build == VC_VBOX_BUILD_VBOXCONFIG;
}

/* Vagrant next to a KVM-backend build of VirtualBox */
static bool vagrant_kvm_backend(const struct vc_facts *f)
{
	return f->virtualbox.vagrant && f->virtualbox.kvm_backend == VC_TRI_TRUE;
}

/* ---- the table: rows about one subject are tried in this order, the first that holds wins ---- */

/* What a confidential guest (TDX, SEV, SEV-SNP) is told: one text for the rows of each. */
#define CONFIDENTIAL_NO_NESTING                                                                              \
	"Nothing inside a confidential guest can enable VT-x/AMD-V: its protection keeps the outer "         \
	"hypervisor from offering nesting. Run the VMs on the host or, in a cloud, in a "                    \
	"non-confidential VM of a size that offers nested virtualization; here only emulation works "        \
	"(QEMU `-accel tcg`, much slower)."

const struct vc_knowledge vc_knowledge[] = {
	/* ---- the kernel ---- */
	{
		.id = "x86_virt_refcount",
		.subject = VC_KN_KERNEL,
		.kernel = FROM(7, 1, 0),
		.extra = tdx_host,
		.finding = "kvm.tdx_keeps_vmx",
		.outcome = VC_KN_NOTE,
		.says = "Linux 7.1 moves VMXON and EFER.SVME into core x86 (arch/x86/virt) with a per-CPU "
			"reference count (x86_virt_get_ref, exported to KVM only); a TDX host may keep VMX "
			"on "
			"after `rmmod kvm_intel`.",
		.remedy = "On a TDX host, unloading kvm_intel does not free VT-x for VirtualBox or VMware.",
		.confidence = VC_KN_LIKELY,
		.source =
			"Linux 920da4f75519 (VMXON), 32d76cdfa122 (EFER.SVME), 8528a7f9c91d (refcount), "
			"165e77353831 (TDX VMXON at subsys init), in torvalds master by 2026-04-21; 7.1 "
			"inferred from dates; a TDX host: arch/x86/kvm/vmx/tdx.c "
			"module_param_named(tdx, enable_tdx, bool, 0444), cleared when TDX does not come up, "
			"or arch/x86/virt/vmx/tdx/tdx.c tdx_enable() pr_info(\"TDX-Module initialized\") "
			"(\"virt/tdx: \"; \"module initialized\" before 165e77353831)",
	},
	{
		.id = "kvm_holds_vt_at_load",
		.subject = VC_KN_KERNEL,
		.kernel = FROM(6, 12, 0),
		.kvm = VC_KN_KVM_HOLDS,
		.outcome = VC_KN_NOTE,
		.says = "Since Linux 6.12 a loaded kvm_intel/kvm_amd switches VT-x/AMD-V on at load "
			"(kvm.enable_virt_at_load, default Y) and holds it with or without VMs.",
		.remedy = "kvm.enable_virt_at_load=0 makes KVM take VT only while its VMs run.",
		.confidence = VC_KN_ESTABLISHED,
		.source = KVM_AT_LOAD "; merged with 3efc57369a0c (6.12-rc1); bugzilla.kernel.org #219602",
	},
	{
		.id = "vt_disabled_by_firmware",
		.subject = VC_KN_KERNEL,
		.extra = firmware_disabled,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_UNKNOWN,
		.error_intel = "VERR_VMX_MSR_ALL_VMX_DISABLED",
		.error_amd = "VERR_SVM_DISABLED",
		.finding = "msr.vt_disabled_by_firmware",
		.says = "The firmware switched VT-x/AMD-V off (IA32_FEATURE_CONTROL locked without VMX, or "
			"VM_CR.SVMDIS): the kernel says \"kvm: disabled by bios\" and hides the flag, "
			"VirtualBox fails with VERR_VMX_MSR_ALL_VMX_DISABLED or VERR_SVM_DISABLED, and no "
			"hypervisor can use it.",
		.remedy = "Enable \"Intel Virtualization Technology\" (VT-x) or \"SVM Mode\" (AMD-V) in the "
			  "firmware setup (BIOS/UEFI; `systemctl reboot --firmware-setup` opens it on UEFI "
			  "machines), then power the machine off and on.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "Linux arch/x86/kernel/cpu/feat_ctl.c (\"VMX (outside TXT) disabled by BIOS\"), "
			  "arch/x86/kvm/svm/svm.c (\"SVM disabled (by BIOS) in MSR_VM_CR\"); "
			  "https://github.com/kubernetes/minikube/issues/4378, "
			  "https://github.com/platform9/express/issues/206",
	},
	{
		.id = "vt_not_exposed_to_guest",
		.subject = VC_KN_KERNEL,
		.extra = vt_not_exposed,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_UNKNOWN,
		.error_intel = "VERR_VMX_NO_VMX",
		.error_amd = "VERR_SVM_NO_SVM",
		.finding = "cpuid.vt_not_exposed",
		.says = "This Linux is itself a virtual machine (or WSL2) whose outer hypervisor exposes no "
			"VT-x/AMD-V to it: KVM finds no hardware support, the Android emulator says \"KVM "
			"requires a CPU that supports vmx or svm\", VirtualBox fails with VERR_VMX_NO_VMX.",
		.remedy = "Enable nested virtualization for this VM on the outer host (Hyper-V: "
			  "Set-VMProcessor -ExposeVirtualizationExtensions $true; VMware: \"Virtualize Intel "
			  "VT-x/EPT or AMD-V/RVI\"; KVM: kvm_intel/kvm_amd nested=1 and -cpu host; clouds: a "
			  "machine type that offers it), or run the VMs on the host.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/canonical/multipass/issues/2795, "
			  "https://github.com/budtmo/docker-android/issues/247, "
			  "https://github.com/microsoft/WSL/issues/9400, "
			  "https://github.com/pulumi/pulumi-gcp/issues/715",
	},
	{
		.id = "kvm_module_not_loaded",
		.subject = VC_KN_KERNEL,
		.extra = kvm_device_missing,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_no_device",
		.error_amd = "kvm_no_device",
		.finding = "kvm.not_loaded",
		.says = "The CPU offers VT-x/AMD-V but /dev/kvm does not exist: kvm_intel/kvm_amd is not "
			"loaded (blacklisted, not installed, or refused at load), so QEMU, libvirt, minikube "
			"and the Android emulator find no KVM.",
		.remedy =
			"sudo modprobe kvm_intel (Intel) or sudo modprobe kvm_amd (AMD); `dmesg | grep kvm` "
			"says why when it fails.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "Linux virt/kvm/kvm_main.c kvm_init() registers the misc device \"kvm\" (/dev/kvm) "
			  "when kvm_intel/kvm_amd loads; https://github.com/aerokube/images/issues/243",
	},
	/* before kvm_device_no_access, which holds on the same facts and would send the user
	 * to the kvm group, which the report tried */
	{
		.id = "kvm_open_not_permitted",
		.subject = VC_KN_KERNEL,
		.extra = kvm_open_not_permitted,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_open_not_permitted",
		.error_amd = "kvm_open_not_permitted",
		.finding = "kvm.no_access",
		.says = "Opening /dev/kvm fails with EPERM (\"Operation not permitted\"), not EACCES: the "
			"node's mode and groups let the user through (they refuse with EACCES), so joining "
			"group kvm or `chmod 666 /dev/kvm` changes nothing. A device cgroup refuses c "
			"10:232: a strictly confined snap whose kvm interface is not connected (snapd "
			"connects it only where the store grants that snap auto-connection), a container "
			"not given the device, a systemd unit's DevicePolicy.",
		.remedy = "A snap: `sudo snap connect SNAP:kvm` (`snap connections SNAP` shows whether it "
			  "is connected), then start it again. A container: start it with the device, "
			  "`docker run --device /dev/kvm ...` (an LXC container: `lxc.cgroup2.devices.allow: "
			  "c 10:232 rwm`). A systemd service: `DeviceAllow=/dev/kvm rw`.",
		.confidence = VC_KN_LIKELY,
		.source =
			"Linux fs/namei.c inode_permission() (the mode first, -EACCES; then the "
			"device cgroup, devcgroup_inode_permission(), an LSM hook in newer kernels) and "
			"security/device_cgroup.c (-EPERM); "
			"snapd interfaces/builtin/kvm.go (kvm: deny-auto-connection: true; "
			"KERNEL==\"kvm\" tagged into the snap's device cgroup when connected); "
			"https://github.com/ubports/utqemu/issues/5 (a strict snap on Ubuntu 20.04: "
			"\"Could not access KVM kernel module: Operation not permitted\"; the kvm group and "
			"chmod 666 did not help) and ubports/utqemu README.md (\"sudo snap connect "
			"utqemu:kvm\"); https://github.com/concourse/concourse/issues/2784 (a container: "
			"mknod and chmod a+rw, still \"Operation not permitted\")",
	},
	/* before kvm_device_no_access, which holds on the same facts and would send a user already in
	 * group kvm to join it */
	{
		.id = "kvm_node_root_only",
		.subject = VC_KN_KERNEL,
		.extra = kvm_node_root_only,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_permission_denied",
		.error_amd = "kvm_permission_denied",
		.finding = "kvm.no_access",
		.says = "/dev/kvm is root's alone (owner and group root, no group may open it): no udev rule "
			"gave it group kvm, which QEMU's package (or systemd's udev rules) normally ships, "
			"so "
			"being in group kvm changes nothing and only root can run KVM VMs.",
		.remedy =
			"Install the rule that gives the node to group kvm: `sudo groupadd -f -r kvm && echo "
			"'KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0660\"' | sudo tee "
			"/etc/udev/rules.d/65-kvm.rules && sudo udevadm control --reload && sudo udevadm "
			"trigger --action=change --sysname-match=kvm` (installing the distribution's QEMU "
			"package usually brings it); users who run VMs need group kvm (`sudo usermod -aG kvm "
			"USER`, then a new login).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/coreos/bugs/issues/1130 (CoreOS: the user in group kvm, "
			  "/dev/kvm \"crw------- 1 root root\"; marineam: \"No, a udev rule. Normally "
			  "shipped in the qemu package.\"; fixed in coreos/init 76a5454, "
			  "https://github.com/coreos/init/pull/203 \"udev/rules.d: set kvm group for "
			  "/dev/kvm\"); https://github.com/systemd/systemd/pull/5597 (systemd's own rule "
			  "for /dev/kvm, group kvm)",
	},
	{
		.id = "kvm_device_no_access",
		.subject = VC_KN_KERNEL,
		.extra = kvm_access_denied,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_permission_denied",
		.error_amd = "kvm_permission_denied",
		.finding = "kvm.no_access",
		.says = "/dev/kvm exists but this user may not open it read-write (root:kvm 0660 on Debian "
			"and Ubuntu): QEMU says \"Could not access KVM kernel module: Permission denied\". A "
			"user added to group kvm needs a new login session; a CI job cannot log in again.",
		.remedy = "sudo usermod -aG kvm $USER, then log out and in again; in CI, a udev rule "
			  "KERNEL==\"kvm\", MODE=\"0666\" applied with `udevadm trigger --name-match=kvm`.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/actions/runner-images/issues/8542, "
			  "https://github.com/libbpf/libbpf/pull/747",
	},
	/* ---- where this Linux runs: what its outer hypervisor, cloud, WSL, container or CI allows ---- */
	{
		.id = "env_tdx_no_nesting",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "tdx",
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A TDX guest (a trust domain) is given no VT-x: the TDX module offers no nested "
			"virtualization, so no hypervisor inside it runs VMs with hardware acceleration.",
		.remedy = CONFIDENTIAL_NO_NESTING,
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://docs.kernel.org/arch/x86/tdx.html, "
			  "https://github.com/canonical/tdx/issues/162",
	},
	{
		.id = "env_sev_no_nesting",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "sev-snp|sev",
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "An SEV or SEV-SNP guest cannot run KVM (\"SVM: KVM is unsupported when running as "
			"an "
			"SEV guest\"); AMD: true nesting inside an SNP guest is not possible.",
		.remedy = CONFIDENTIAL_NO_NESTING,
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/AMDESE/AMDSEV/issues/63 (kvm_amd in an SEV guest), "
			  "https://github.com/AMDESE/AMDSEV/issues/169 (tlendacky, AMD)",
	},
	/* ---- Xen dom0 and PV domains (before every other row a Xen or EC2 guest meets), the
	 * VPS providers DMI names, and the remedy rows for a rented VPS and a hosted CI job ---- */
	{
		.id = "env_xen_dom0_in_vm_no_vt",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "xen",
		.extra = xen_dom0_in_vm,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "This Xen runs in a virtual machine itself (DMI, or the host's CPUID signature dom0 "
			"reads, names another hypervisor) that gives it no VT-x/AMD-V: Xen lists no hvm- "
			"capabilities and has none for its HVM domains (Qubes OS: \"could not find "
			"capabilities for arch=x86_64\"), only PV domains run, and nothing in dom0 changes "
			"that.",
		.remedy = "Expose VT-x/AMD-V to the virtual machine that runs Xen, in its hypervisor, with "
			  "that VM off: VMware, \"Virtualize Intel VT-x/EPT or AMD-V/RVI\" (vhv.enable = "
			  "\"TRUE\"); KVM, kvm_intel/kvm_amd nested=1 on its host and a CPU model with "
			  "vmx/svm (-cpu host); Hyper-V, `Set-VMProcessor -VMName NAME "
			  "-ExposeVirtualizationExtensions $true`; VirtualBox, `VBoxManage modifyvm NAME "
			  "--nested-hw-virt on`. Or install Xen on the hardware itself.",
		.confidence = VC_KN_LIKELY,
		.source =
			"https://github.com/QubesOS/qubes-issues/issues/2981 (Qubes R4.0-rc1 in VMware: "
			"\"could not find capabilities for arch=x86_64\"; marmarek: \"the error is caused by "
			"missing VT-x\"); Xen xen/arch/x86/setup.c arch_get_xen_caps (\"hvm-3.0-x86_64\" "
			"only \"if ( hvm_enabled )\"), read in dom0's /sys/hypervisor/properties/"
			"capabilities, before dom0's CPUID (https://github.com/systemd/systemd/issues/7165, "
			"2017: dom0 then excluded from CPUID faulting; later Xen faults it by default); "
			"the nesting switches: the rows env_vmware_no_nested, env_kvm_no_nested, "
			"env_hyperv_no_nested, env_virtualbox_no_nested",
	},
	{
		.id = "env_xen_dom0",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "xen",
		.extra = xen_dom0,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "Xen's dom0 (the hardware domain, XENFEAT_dom0) runs on Xen, which keeps VT-x/AMD-V "
			"for its own domains: KVM, VirtualBox and VMware cannot use it from dom0 (a PV "
			"dom0's CPUID shows the host's VMX/SVM all the same: CPUID faulting excludes dom0).",
		.remedy = "This Linux is Xen's dom0: Xen holds VT-x/AMD-V beneath it. Run the VMs as Xen "
			  "domains (`xl create DOMAIN.cfg`, or libvirt's Xen driver: `virsh -c "
			  "xen:///system`), "
			  "or boot this machine's plain Linux entry (without Xen) to use KVM, VirtualBox or "
			  "VMware.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/systemd/systemd/pull/7581 (XENFEAT_dom0 in "
			  "/sys/hypervisor/properties/features marks the hardware domain), "
			  "https://github.com/systemd/systemd/issues/7165 (andyhhp, Xen: \"dom0 is still "
			  "excluded\" from CPUID faulting)",
	},
	{
		.id = "env_xen_pv_no_vt",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "xen",
		.extra = xen_pv_guest,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A Xen PV (paravirtualized) guest is never given VT-x/AMD-V: Xen offers VMX and SVM "
			"to HVM guests only, and libxl asks for nested virtualization only for a domain "
			"that is not PV (HVM or PVH). Its CPUID is not "
			"intercepted (\"CPUID isn't a instruction which typically traps\"), so it shows the "
			"host's VMX/SVM and no hypervisor signature: read as it stands, bare metal.",
		.remedy = "A Xen PV guest cannot use VT-x/AMD-V, and nothing inside it can change that. "
			  "Whoever runs the Xen host must run this VM as an HVM (or PVH) guest with nested "
			  "virtualization on (xl: type=\"hvm\" or \"pvh\" and nestedhvm=1; XCP-ng/XenServer: "
			  "HVM boot "
			  "and platform:exp-nested-hvm=true), or run the VMs on a dedicated (bare-metal) "
			  "server. A rented PV VPS: ask the provider for an HVM VPS with nesting, or rent a "
			  "dedicated server.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "xen-project/xen xen/include/public/arch-x86/cpufeatureset.h (VMX and SVM marked "
			  "for HVM guests only, never A: all guests), "
			  "https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html (nestedhvm), "
			  "xen-project/xen "
			  "tools/libs/light/libxl_create.c libxl__domain_make (XEN_DOMCTL_CDF_nested_virt "
			  "only where info->type != LIBXL_DOMAIN_TYPE_PV), "
			  "https://github.com/systemd/systemd/issues/7165 (andyhhp, Xen), "
			  "Linux drivers/xen/sys-hypervisor.c (guest_type PV, PVH, HVM; commit 4a4c29c96dde)",
	},
	{
		.id = "env_hetzner_cloud_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "Hetzner Cloud",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A Hetzner Cloud server (DMI sys_vendor \"Hetzner\") has no nested virtualization: "
			"\"we can't (till now) use KVM, as nesting is not supported/enabled\"; Hetzner's "
			"dedicated (root) servers are bare metal.",
		.remedy = "Hetzner Cloud servers offer no nested virtualization, and nothing inside the "
			  "server can enable it: run the VMs on a Hetzner dedicated (root) server, which is "
			  "bare metal with VT-x/AMD-V, or here without KVM (containers such as LXC, or "
			  "emulation, much slower).",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/hetzneronline/community-content/issues/401 (rook59, author of "
			  "Hetzner's Proxmox-on-Hetzner-Cloud tutorial), cloud-init "
			  "cloudinit/sources/DataSourceHetzner.py get_hcloud_data (sys_vendor \"Hetzner\")",
	},
	{
		.id = "env_oci_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "Oracle Cloud",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "An Oracle Cloud (OCI) VM instance (DMI chassis_asset_tag \"OracleCloud.com\") shows "
			"no VT-x/AMD-V here. Some OCI VM shapes give it: CNCF's runner VMs of shape "
			"VM.Standard.E4.Flex (AMD EPYC) run qemu/kvm VMs and KubeVirt inside them, and "
			"Oracle's Linux blog runs nested KVM on VM.Standard.E5.Flex (AMD) and "
			"VM.Standard3.Flex (Intel), not on Ampere (Arm) VMs; OCI's bare metal instances, "
			"\"dedicated physical server access\", have it as well.",
		.remedy = "Nothing inside this VM can change what its shape gives it: create the VM on a "
			  "shape whose VMs have been run with nested KVM (AMD VM.Standard.E4.Flex or "
			  "VM.Standard.E5.Flex, Intel VM.Standard3.Flex; not an Ampere A1 shape) and check "
			  "`grep -cwE 'vmx|svm' /proc/cpuinfo` there, or use an OCI bare metal instance (a "
			  "BM.* shape, a dedicated physical server); or run the VMs here without KVM "
			  "(emulation, much slower).",
		.confidence = VC_KN_LIKELY,
		.source = "https://docs.oracle.com/en-us/iaas/Content/Compute/Concepts/computeoverview.htm "
			  "(bare metal and virtual machine instances), "
			  "https://docs.cloud.oracle.com/iaas/Content/Compute/References/computeshapes.htm, "
			  "https://github.com/cncf/automation/issues/604 (cozystack's e2e: layer L1 the "
			  "\"runner VM (`VM.Standard.E4.Flex`)\", layer L2 \"qemu/kvm VMs on the runner\"), "
			  "https://blogs.oracle.com/linux/kvm-nested-virtualization-in-oci "
			  "(VM.Standard.E5.Flex, VM.Standard3.Flex; \"Ampere VMs (ARM/aarch64) did not "
			  "support nested virtualization\": read as quoted by others, the page itself not "
			  "reached), cloud-init doc/rtd/reference/datasources/oracle.rst (chassis asset tag "
			  "\"OracleCloud.com\")",
	},
	/* ---- what the VPS providers DMI names offer (issue 15, cloud nesting answers).
	 * A row only where a source says how the provider's VMs get VT-x; Vultr and UpCloud keep
	 * rented_vps_ask_provider (no documentation or report found, s15-clouds) ---- */
	{
		.id = "env_digitalocean_no_vt",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "DigitalOcean",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A DigitalOcean Droplet (DMI sys_vendor \"DigitalOcean\") without VT-x/AMD-V: "
			"Droplets are reported to run KVM nested (\"kvm works on Basic machines\"; a hosting "
			"table lists a \"Basic Droplet 1 GB\" with nested virtualization \"Yes "
			"(default)\"), though DigitalOcean documents no such offer, and this one shows "
			"none.",
		.remedy = "DigitalOcean documents no nested virtualization, and nothing inside the "
			  "Droplet can switch it on: create a new Basic (shared CPU) Droplet, on which "
			  "users report VT-x, and check `grep -cw vmx /proc/cpuinfo` there (its model "
			  "name shows the plan, DO-Regular or DO-Premium), or ask DigitalOcean support; "
			  "or run the VMs without KVM (emulation, much slower).",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/foxlet/macOS-Simple-KVM/pull/560 (\"DigitalOcean - kvm works "
			  "on Basic machines\"), https://github.com/kubevirt/kubevirt/issues/2764 (slintes: "
			  "\"I tested on DigitalOcean successfully, even though it is not documented by "
			  "them\"), https://github.com/weaveworks/ignite/pull/222 (\"DigitalOcean also "
			  "supports nested KVM on droplets in certain regions\"), "
			  "https://github.com/radiumce/microsandbox/blob/main/CLOUD_HOSTING.md (a "
			  "microsandbox copy: \"DigitalOcean ... Basic Droplet 1 GB ... Yes (default)\"), "
			  "https://docs.digitalocean.com/products/droplets/details/limits/ (\"/proc/cpuinfo "
			  "shows your Droplet plan, either DO-Premium or DO-Regular\")",
	},
	/* s15-clouds: Alibaba's own VM-per-pod runtime takes bare-metal instances only */
	{
		.id = "env_alibaba_ecs_no_vt",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "Alibaba Cloud",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "An Alibaba Cloud ECS instance (DMI product_name \"Alibaba Cloud ECS\") that is a "
			"virtual machine gives its guest no VT-x/AMD-V: Alibaba's own runtime that runs each "
			"pod in a lightweight virtual machine (ACK Sandboxed-Container) takes \"Only ECS "
			"Bare Metal Instance types\", and on an ECS VM (\"Hypervisor detected: KVM\") root "
			"found /dev/kvm inaccessible.",
		.remedy = "Nothing inside this ECS instance can enable VT-x/AMD-V: run the VMs on an ECS "
			  "Bare Metal Instance (an ebm instance family, e.g. ecs.ebmg6 or ecs.ebmc6), which "
			  "gives the operating system the CPU itself, or here without KVM (containers, or "
			  "emulation, much slower).",
		.confidence = VC_KN_LIKELY,
		.source =
			"https://www.alibabacloud.com/help/en/container-service-for-kubernetes/latest/"
			"create-a-security-sandbox-cluster (Sandboxed-Container node pools: \"Instance "
			"types: Only ECS Bare Metal Instance types are supported\"), "
			"https://help.aliyun.com/en/ecs/api-describeinstancetypefamilies (the ECS Bare "
			"Metal Instance families of series V: ebmg6, ebmg6e, ebmc6...), "
			"https://github.com/firecracker-microvm/firecracker-containerd/"
			"issues/523 (\"I have a KVM of aliyun\": \"Hypervisor detected: KVM\", \"/dev/kvm "
			"is innaccessible\"), https://github.com/kubevirt/kubevirt/issues/10678 (an Aliyun "
			"ECS server, \"which itself is a virtual machine\": KubeVirt run with useEmulation), "
			"cloud-init cloudinit/sources/DataSourceAliYun.py (product_name \"Alibaba Cloud "
			"ECS\")",
	},
	/* s15-clouds: Scaleway's bare metal is Elastic Metal, where its docs run QEMU/KVM */
	{
		.id = "env_scaleway_no_vt",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "Scaleway",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A Scaleway Instance (DMI sys_vendor \"Scaleway\") without VT-x/AMD-V: Scaleway's "
			"Instances FAQ says nothing of nested virtualization (one 2019 report ran QEMU-KVM "
			"on a DEV1-M Instance), and this one shows none; its Elastic Metal servers are "
			"\"dedicated physical servers\", on which Scaleway's own documentation runs VMs "
			"\"using a hypervisor (e.g. QEMU/KVM)\".",
		.remedy = "Nothing inside the Instance can enable VT-x/AMD-V: run the VMs on a Scaleway "
			  "Elastic Metal server (or a Dedibox), Scaleway's dedicated physical servers, "
			  "ordered like an Instance; or ask Scaleway support whether an Instance type "
			  "offers nesting; or run the VMs here without KVM (emulation, much slower).",
		.confidence = VC_KN_LIKELY,
		.source = "https://www.scaleway.com/en/docs/bare-metal/elastic-metal/concepts (\"Scaleway "
			  "Elastic Metal are dedicated physical servers you can order on-demand, like "
			  "Instances\"), "
			  "https://www.scaleway.com/en/docs/elastic-metal/reference-content/"
			  "elastic-metal-networking (\"With virtualization: A virtual interface must be "
			  "added to the network interface using a hypervisor (e.g. QEMU/KVM)\"), "
			  "https://github.com/mediabots/Linux-to-Windows-with-QEMU/issues/2 (the author of a "
			  "QEMU-KVM script that needs vmx/svm: \"I just ran my script on a Scaleway.com vps "
			  "(paln - DEV1-M) ... And it worked without any error\"), "
			  "https://github.com/scaleway/docs-content/blob/main/pages/instances/faq.mdx "
			  "(no word of nesting), "
			  "https://github.com/radiumce/microsandbox/blob/main/CLOUD_HOSTING.md (Scaleway's "
			  "Dedibox START listed as bare metal), cloud-init "
			  "cloudinit/sources/DataSourceScaleway.py (sys_vendor \"Scaleway\")",
	},
	/* ---- end of s11-know's block ---- */
	{
		.id = "rented_vps_ask_provider",
		.subject = VC_KN_REMEDY,
		.environment = "kvm|xen",
		.extra = rented_vps,
		.outcome = VC_KN_NOTE,
		.says = "A rented VPS gets nested virtualization only from its provider: \"Depends on the "
			"provider and whether they enabled support for nested virtualization\"; some do "
			"(KubeVirt ran nested on DigitalOcean, undocumented), many do not.",
		.remedy = "Where this VM is rented (a VPS), only its provider can do that: ask for nested "
			  "virtualization, or run the VMs on a dedicated (bare-metal) server or on a VPS "
			  "that offers nesting.",
		.confidence = VC_KN_ESTABLISHED,
		.source =
			"https://github.com/lxc/incus-os/issues/88 (stgraber), "
			"https://github.com/virtkick/virtkick/issues/163 (Nowaker: \"You should install "
			"Virtkick on a dedicated server\"), https://github.com/kubevirt/kubevirt/issues/2764 "
			"(slintes)",
	},
	{
		.id = "hosted_cirrus_gce_nested",
		.subject = VC_KN_REMEDY,
		.environment = "ci",
		.extra = cirrus_gce_guest_without_vt,
		.outcome = VC_KN_NOTE,
		.says = "A Cirrus CI task's Compute Engine VM is the one its .cirrus.yml describes: "
			"`nested_virtualization: true` in the task's compute_engine_instance asks for "
			"VT-x. Compute Engine exposes it on Intel machines only: a task that asks and "
			"still sees an AMD CPU without svm (AMD EPYC 7B13) was placed on an AMD machine.",
		.remedy = "In .cirrus.yml ask for nesting in the task's VM: `nested_virtualization: "
			  "true` in a `compute_engine_instance` block, `enable_nested_virtualization: true` "
			  "in a `gce_instance` or `gce_container` block (Cirrus documents it as Intel "
			  "VT-x; its default is false), with an image that carries Compute Engine's "
			  "nested-virtualization license (Cirrus's docker-kvm images do; without it "
			  "nesting \"won't work\"). Where it is set and the CPU here is AMD, the task "
			  "landed on an AMD machine, which Compute Engine gives no nesting: report it to "
			  "Cirrus CI (cirruslabs/cirrus-ci-docs), or run the task without KVM meanwhile.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/cirruslabs/cirrus-ci-docs/pull/813 (custom-vms.md: "
			  "\"nested_virtualization: true # optional. Whether to enable Intel VT-x. "
			  "Defaults to false.\"); https://github.com/cirruslabs/cirrus-ci-docs/issues/1011 "
			  "and https://github.com/opencontainers/runc/issues/3507 (AkihiroSuda, "
			  "2022-06-11: set, and an AMD EPYC 7B13 VM without vmx|svm; labelled bug); "
			  "https://github.com/containers/automation_images/pull/21 (cevich: the Intel "
			  "Haswell requirement needs enable_nested_virtualization in the Cirrus task)",
	},
	{
		.id = "hosted_ci_vm_no_nested",
		.subject = VC_KN_REMEDY,
		.environment = "ci",
		.extra = ci_guest_without_vt,
		.outcome = VC_KN_NOTE,
		.says = "A CI job runs in a VM without VT-x/AMD-V: on the service's hosted runners that VM "
			"belongs to the CI service and nothing in the job can expose VT-x/AMD-V to it; a "
			"self-hosted runner's VM gets it only from its own hypervisor (nested "
			"virtualization).",
		.remedy = "This CI_SERVICE job runs in a VM without VT-x/AMD-V. On the service's hosted "
			  "runners nothing in the job can expose it: run the job on runners that offer KVM "
			  "(the service's KVM-capable machines where it has them, or a self-hosted runner on "
			  "a bare-metal machine or on a VM with nested virtualization), or without KVM "
			  "(emulation, much slower). On a self-hosted runner, have the hypervisor that runs "
			  "its VM expose VT-x/AMD-V to it (nested virtualization).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/travis-ci/travis-ci/issues/8586",
	},
	/* ---- issue 15, environments (s9-c15): before env_wsl2_nested_on, which holds on the same
	 * host and says nothing about the node ---- */
	{
		.id = "env_wsl2_kvm_node_without_udev",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "wsl2",
		.extra = wsl_kvm_node_without_udev,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.finding = "kvm.no_access",
		.says = "WSL2 without systemd runs no udevd: /dev/kvm keeps the kernel's root:root 0600 at "
			"every start and the distribution's rule (GROUP=\"kvm\") is never applied, so a "
			"member of group kvm still gets \"Permission denied\"; chmod works until WSL "
			"restarts.",
		.remedy = "Let systemd (and so udevd) run in this distribution: add `[boot]` and "
			  "`systemd=true` to /etc/wsl.conf, then run `wsl.exe --shutdown` in Windows and "
			  "start the distribution again; udev then applies the kvm rule at every start",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://learn.microsoft.com/en-us/windows/wsl/systemd, "
			  "https://github.com/yuk7/ArchWSL/issues/256, "
			  "https://github.com/microsoft/WSL/issues/7149, "
			  "https://github.com/microsoft/WSL/issues/4493",
	},
	{
		.id = "env_wsl2_nested_on",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "wsl2",
		.extra = vt_exposed,
		.outcome = VC_KN_FINE,
		.finding = "environment.wsl2",
		.says = "WSL2 with nested virtualization (Windows 11, nestedVirtualization=true, the "
			"default) "
			"exposes VT-x/AMD-V: KVM runs in WSL2, and no nesting advice applies.",
		.remedy = "None needed; VirtualBox and VMware kernel modules cannot run inside WSL2.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://learn.microsoft.com/en-us/windows/wsl/wsl-config (nestedVirtualization), "
			  "https://github.com/microsoft/WSL/issues/11467",
	},
	{
		.id = "env_wsl2_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "wsl2",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "WSL2 without nested virtualization has no VT-x/AMD-V: Windows 10 does not offer it "
			"(\"nested virtualization is not supported on this computer\"), Windows 11 does.",
		.remedy =
			"Nested virtualization for WSL2 needs Windows 11: Windows 10 does not offer it (WSL "
			"says \"nested virtualization is not supported on this computer\"). On Windows 11 "
			"it is on by default; where it was turned off, set nestedVirtualization=true in the "
			"[wsl2] section of %UserProfile%\\.wslconfig, then run `wsl --shutdown` in "
			"PowerShell and start WSL again.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://learn.microsoft.com/en-us/windows/wsl/wsl-config, "
			  "https://github.com/microsoft/WSL/issues/9400",
	},
	/* ---- ChromeOS's Linux VM and its container (Crostini), before env_kvm_no_nested:
	 * crosvm runs on ChromeOS's KVM, and no host's nested=1 is the user's to set ---- */
	{
		.id = "env_crostini_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = VC_PRODUCT_CROSVM "|crostini",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "ChromeOS's Linux VM (termina, run by crosvm; Crostini's container runs in it) has "
			"VT-x only on the ChromeOS devices that offer nested virtualization (\"Nested "
			"virtualization is supported on some Chrome OS devices to allow for Android "
			"Emulator support\"); elsewhere QEMU runs without KVM, \"quite slow\".",
		.remedy = "ChromeOS gives its Linux VM nested virtualization only on some devices (its "
			  "Android Emulator list: Acer Chromebook 712 [C871], ASUS Chromebook Flip C436FA, "
			  "Dell Latitude 5300 2-in-1 and 5400 Chromebook Enterprise, HP Chromebook x360 "
			  "14c, Lenovo Flex 5 Chromebook), and nothing inside the Linux VM or its container "
			  "can switch it on. Run the VMs on one of those devices or on another machine, or "
			  "here without KVM (QEMU `-accel tcg`, much slower).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://chromeos.dev/en/linux/linux-on-chromeos-faq (\"Can I run a VM inside "
			  "the VM?\"), https://chromeos.dev/en/android-environment (\"Supported devices for "
			  "the Android Emulator\"), google/crosvm x86_64/src/smbios.rs (DMI \"ChromiumOS\" "
			  "\"crosvm\"), "
			  "https://github.com/notAperson535/OneClick-macOS-Simple-KVM/issues/69 (Chrome OS "
			  "108, Debian 11 container: \"Could not access KVM kernel module: No such file or "
			  "directory\")",
	},
	{
		.id = "env_ec2_nested_off",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "Amazon EC2",
		.extra = ec2_nested_capable_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "This EC2 instance's type (c8i, m8i, r8i or their flex variants, named by DMI "
			"product_name) is one AWS offers nested virtualization for, but it is off, the "
			"default: the CPU option NestedVirtualization is set at launch, or changed only "
			"while the instance is stopped. EKS managed node groups are reported to drop it "
			"from a launch template's CPU options, so their nodes start without it.",
		.remedy =
			"Enable nested virtualization for this instance: stop it, `aws ec2 "
			"modify-instance-cpu-options --instance-id INSTANCE_ID --nested-virtualization "
			"enabled`, start it (new instances: `aws ec2 run-instances --cpu-options "
			"NestedVirtualization=enabled ...`, or NestedVirtualization in a launch template's "
			"CpuOptions; EKS managed node groups drop it, so such nodes are launched otherwise).",
		.confidence = VC_KN_ESTABLISHED,
		.source =
			"https://docs.aws.amazon.com/AWSEC2/latest/APIReference/"
			"API_ModifyInstanceCpuOptions.html (NestedVirtualization; \"The instance must be in "
			"a Stopped state before you make changes\"), "
			"https://docs.aws.amazon.com/cli/latest/reference/ec2/"
			"modify-instance-cpu-options.html "
			"(--nested-virtualization), "
			"https://docs.aws.amazon.com/sdk-for-python/v4/reference/clients/ec2/dictionaries/"
			"LaunchTemplateCpuOptionsRequestDict/ (\"supported only on 8th generation "
			"Intel-based instance types (c8i, m8i, r8i, and their flex variants)\"); "
			"https://github.com/aws/containers-roadmap/issues/2784 (EKS managed node groups: "
			"\"attempts to enable it via a launch template's CPU options are silently "
			"ignored\"), "
			"https://github.com/terraform-aws-modules/terraform-aws-eks/pull/3686 (acolombier, "
			"xstodu07: the same with eks-managed-node-group)",
	},
	{
		.id = "env_ec2_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "Amazon EC2",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "An EC2 virtual instance (Nitro or Xen) gives its guest no VT-x/AMD-V; bare-metal "
			"instances (*.metal) and the instance types AWS offers nested virtualization for do.",
		.remedy =
			"This EC2 instance type gives its guests no VT-x/AMD-V, and nothing inside the guest "
			"can change that: run on a bare-metal instance (*.metal, e.g. c5.metal), or on a "
			"virtual instance type for which AWS offers nested virtualization (C8i, M8i, R8i, "
			"launched with nested virtualization enabled in their CPU options).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://aws.amazon.com/blogs/compute/"
			  "running-hyper-v-on-amazon-ec2-bare-metal-instances/, "
			  "https://docs.aws.eu/AWSEC2/latest/UserGuide/"
			  "amazon-ec2-nested-virtualization.html (C8i, M8i, R8i), "
			  "https://github.com/firecracker-microvm/firecracker-containerd/issues/798",
	},
	{
		.id = "env_gce_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "Google Compute Engine",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A Compute Engine VM has VT-x only when created with nested virtualization on a "
			"machine "
			"type that offers it (Intel N1, N2, C2...); an E2 VM cannot be the outer VM.",
		.remedy =
			"Create the VM with nested virtualization on a machine type that offers it (Intel "
			"N1, N2, C2 and similar; E2 cannot be the outer VM): `gcloud compute instances "
			"create NAME --enable-nested-virtualization --machine-type=n2-standard-2 ...` (an "
			"existing VM: stop it, set advancedMachineFeatures.enableNestedVirtualization=true, "
			"start it).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://cloud.google.com/compute/docs/instances/nested-virtualization/overview, "
			  "https://github.com/pulumi/pulumi-gcp/issues/715",
	},
	{
		.id = "env_azure_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "Microsoft Azure",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "An Azure VM has VT-x only on a size that supports nested virtualization (the size "
			"tables mark them, e.g. Dv3/Dsv3, Ev3/Esv3); N-series (GPU) sizes never do.",
		.remedy =
			"Resize the VM to a size that supports nested virtualization (Azure's size tables "
			"mark them, e.g. Dv3/Dsv3 and Ev3/Esv3): `az vm resize --resource-group RG --name VM "
			"--size Standard_D4s_v3`.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://learn.microsoft.com/en-us/azure/virtual-machines/acu, "
			  "https://github.com/MicrosoftDocs/azure-docs/issues/51216 (no N-series size)",
	},
	{
		.id = "env_hyperv_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "hyperv",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A Hyper-V guest has VT-x/AMD-V only when its processor exposes virtualization "
			"extensions (off by default).",
		.remedy = "On the Hyper-V host, with this VM off, in an administrator PowerShell: "
			  "`Set-VMProcessor -VMName NAME -ExposeVirtualizationExtensions $true`" NESTED_AGAIN,
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://learn.microsoft.com/en-us/virtualization/hyper-v-on-windows/user-guide/"
			  "nested-virtualization",
	},
	{
		.id = "env_virtualbox_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "virtualbox",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A VirtualBox guest has VT-x/AMD-V only with nested hardware virtualization on (off "
			"by "
			"default); its CPUID signature is KVMKVMKVM (the paravirtual interface), its DMI "
			"innotek GmbH / VirtualBox.",
		.remedy = "On the VirtualBox host, with this VM off: `VBoxManage modifyvm NAME "
			  "--nested-hw-virt "
			  "on`" NESTED_AGAIN,
		.confidence = VC_KN_ESTABLISHED,
		.source =
			"https://www.virtualbox.org/manual/ch08.html (VBoxManage modifyvm --nested-hw-virt)",
	},
	{
		.id = "env_vmware_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "vmware",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A VMware guest has VT-x/AMD-V only with \"Virtualize Intel VT-x/EPT or AMD-V/RVI\" "
			"(ESXi: \"Expose hardware assisted virtualization to the guest OS\"), vhv.enable = "
			"\"TRUE\" in its .vmx.",
		.remedy = "In VMware, with this VM off, enable \"Virtualize Intel VT-x/EPT or AMD-V/RVI\" "
			  "(Workstation and Fusion: the VM's processor settings; ESXi: \"Expose hardware "
			  "assisted virtualization to the guest OS\"), which writes vhv.enable = \"TRUE\" to "
			  "the "
			  ".vmx" NESTED_AGAIN,
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://woshub.com/install-hyper-v-windows-10-vm-on-vmware-esxi/ (ESXi 6.0: "
			  "vhv.enable = \"TRUE\")",
	},
	/* issue 15, s17-B: r-env-parallels-guest-ubuntu2004-eden-no-nested */
	{
		.id = "env_parallels_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "parallels",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A Parallels Desktop guest has VT-x only with \"Enable nested virtualization\" on "
			"and Parallels' own hypervisor (not Apple's) running it; Parallels offers nesting on "
			"Intel Macs only.",
		.remedy = "In Parallels Desktop, with this VM shut down: its configuration > Hardware > CPU "
			  "& Memory > Advanced, set Hypervisor to Parallels and tick \"Enable nested "
			  "virtualization\" (on the Mac: `prlctl set VM --hypervisor-type parallels "
			  "--nested-virt on`); an Apple silicon Mac offers no nesting to it" NESTED_AGAIN,
		.confidence = VC_KN_ESTABLISHED,
		.source =
			"https://github.com/lf-edge/eden/pull/358 (\"set Hypervisor type to Parallels\", "
			"\"Click the Enable Nested Virtualization checkbox\"), "
			"https://github.com/lf-edge/eve/pull/1867 (\"We should set `--hypervisor-type "
			"parallels` to support nested virtualization on parallels\"), "
			"https://github.com/Parallels/docker-machine-parallels/pull/13 (prlctl's "
			"--nested-virt), https://github.com/LukeShortCloud/rootpages/issues/1012 (Parallels "
			"KB 125195: \"Requires an Intel CPU. Nested virtualization is not supported in Arm "
			"hardware.\")",
	},
	{
		.id = "env_xen_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "xen",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A Xen HVM guest has VT-x/AMD-V only when its toolstack turns nested HVM on (xl: "
			"nestedhvm=1; XCP-ng/XenServer: the platform key exp-nested-hvm); Xen does not "
			"security-support nested virtualization.",
		.remedy = "With this domain shut down, on the Xen host: with xl, set nestedhvm=1 in the "
			  "domain's configuration, then create the domain again; XCP-ng/XenServer: `xe "
			  "vm-param-set uuid=UUID "
			  "platform:exp-nested-hvm=true` (Xen Orchestra: \"Nested virtualization\"), then "
			  "start the VM. Xen does not security-support nested HVM: guests in this VM are not "
			  "isolated from it.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://xenbits.xen.org/docs/unstable/man/xl.cfg.5.html (nestedhvm), "
			  "http://wiki.xenproject.org/wiki/Xen_nested, vatesfr/xen-orchestra xo-server "
			  "(expNestedHvm sets platform exp-nested-hvm), "
			  "https://github.com/QubesOS/qubes-issues/issues/4104",
	},
	{
		.id = "env_firecracker_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "Firecracker",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A Firecracker microVM has no VT-x/AMD-V when its CPU template clears it (the static "
			"templates' CPUID leaf 1 ECX bitmap, e.g. T2S, sets bit 5, VMX, to 0) or the host's "
			"kvm_intel/kvm_amd has nested off; Firecracker's maintainers call KVM inside a "
			"microVM outside its charter and untested.",
		.remedy =
			"Firecracker does not support nested virtualization (untested, and microVMs in it "
			"are not isolated from each other): run the VMs on the host or in a full VM. To "
			"try it anyway: on the host `cat /sys/module/MODULE/parameters/nested` must say Y or "
			"1, start this microVM without a CPU template that clears FLAG (T2, T2S, C3...), and "
			"boot a guest kernel with CONFIG_KVM and CONFIG_KVM_INTEL/CONFIG_KVM_AMD built in "
			"(Firecracker guests usually load no modules).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/firecracker-microvm/firecracker/issues/1721 (raduweiss), "
			  "firecracker-microvm/firecracker tests/data/static_cpu_templates/t2s.json",
	},
	/* s16-hostsB: a KubeVirt (Harvester) VM whose CPU model lacks svm/vmx */
	{
		.id = "env_kubevirt_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "KubeVirt",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A KubeVirt VM (Harvester's too) has VT-x/AMD-V only when the node's "
			"kvm_intel/kvm_amd has nested=1 and the VM's CPU model carries vmx/svm: the "
			"default host-model can come out without it (an EPYC node: the domain's "
			"EPYC-Milan model with svm disabled), host-passthrough passes it.",
		.remedy = "In the VirtualMachine's spec (`kubectl edit vm NAME`, Harvester: Edit YAML), "
			  "with the VM stopped, set `spec.template.spec.domain.cpu.model: "
			  "host-passthrough`, then start it; the node's `cat "
			  "/sys/module/MODULE/parameters/nested` must say Y or 1. A VM with "
			  "host-passthrough cannot live-migrate to a node with another CPU.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/harvester/harvester/issues/5243 (connorkuehl: svm "
			  "disabled in the domain XML, model: host-passthrough; mjj29: \"Yes, it looks "
			  "like that's worked. I have /dev/kvm, svm is listed in my /proc/cpuinfo\")",
	},
	{
		.id = "env_kvm_no_nested",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "kvm",
		.extra = guest_without_vt,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_KVM,
		.finding = "kvm.unavailable",
		.says = "A KVM guest has VT-x/AMD-V when the host's kvm_intel/kvm_amd has nested=1 and the "
			"VM's "
			"CPU model carries vmx/svm (QEMU -cpu host).",
		.remedy =
			"On the host that runs this VM: `cat /sys/module/MODULE/parameters/nested` must say "
			"Y "
			"or 1 (else add `options MODULE nested=1` to /etc/modprobe.d/kvm.conf and reload "
			"MODULE "
			"when no VM runs), and the VM needs a CPU model with FLAG: QEMU `-cpu host`, libvirt "
			"`<cpu mode='host-passthrough'/>`, Proxmox VE `qm set VMID --cpu host` (its "
			"default kvm64/x86-64-v2-AES models carry neither vmx nor svm)" NESTED_AGAIN,
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://docs.kernel.org/virt/kvm/x86/running-nested-guests.html, "
			  "https://pve.proxmox.com/wiki/Nested_Virtualization (\"unless you configure the "
			  "VM's CPU as 'host'\"), "
			  "https://github.com/LongQT-sea/pve-live/issues/1 "
			  "(LongQT-sea: \"qm set [VMID] --cpu host\")",
	},
	/* ---- issue 15, CI executors (s8-f15): before the rows about any CI job or container ---- */
	{
		.id = "env_gitlab_docker_executor_kvm",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "ci",
		.extra = gitlab_job_without_kvm,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.finding = "kvm.no_device",
		.says = "GitLab Runner's docker executor passes host devices only where its config.toml "
			"says so: a job (or service) container it was not told to give /dev/kvm has none, "
			"and nothing inside the job can add it.",
		.remedy = "On the runner host, in /etc/gitlab-runner/config.toml, add `devices = "
			  "[\"/dev/kvm\"]` under [runners.docker] of this runner (service containers: "
			  "[runners.docker.services_devices], e.g. `\"emulator:*\" = [\"/dev/kvm\"]`).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://gitlab.com/gitlab-org/gitlab-runner/-/issues/6208 (emulators in the "
			  "docker executor without /dev/kvm), /37365 (\"runners.docker.devices accepts an "
			  "array of host devices to share with the container\"), merge requests 3560 and "
			  "5343 (services_devices)",
	},
	/* ---- issue 15, environments on real hosts (s10-env): before the CI permission row and
	 * the generic container rows, which they narrow ---- */
	{
		.id = "env_drone_step_without_kvm",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "ci",
		.extra = drone_step_without_kvm,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.finding = "kvm.no_device",
		.says = "A Drone CI step runs in a container the runner starts: it has no /dev/kvm unless "
			"the step is privileged, and nothing inside the step can add the device.",
		.remedy = "In .drone.yml, give this step `privileged: true` (Drone allows it only in "
			  "repositories a Drone administrator has marked Trusted); the step's container "
			  "then has the host's /dev/kvm.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/harvester/harvester-installer/pull/532 (\"Could not access "
			  "KVM kernel module: No such file or directory\" in a Drone step; \"add "
			  "privileged permission to build\"); "
			  "https://docs.drone.io/pipeline/docker/examples/services/docker_dind/ (\"only "
			  "trusted repositories can enable privileged mode\"); "
			  "https://docs.drone.io/pipeline/environment/reference (DRONE)",
	},
	{
		.id = "env_rootless_docker_kvm",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "docker",
		.extra = rootless_docker_kvm,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.finding = "kvm.no_access",
		.says = "Rootless Docker's containers act on the host as the user who runs the daemon, "
			"and the host's groups (kvm) do not pass into them: /dev/kvm passed in with --device "
			"shows as nobody:nogroup, and container root may open it only if that host user may "
			"without a group.",
		.remedy = "On the host, as the user who runs rootless Docker: `sudo setfacl -m "
			  "u:$USER:rw /dev/kvm` (until the next boot; to keep it, a udev rule that gives "
			  "/dev/kvm MODE=\"0666\"), then start the container again with `--device "
			  "/dev/kvm`.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/project-oak/oak/issues/3598 (rootless Docker, /dev/kvm "
			  "\"nobody nogroup\" in the container; conradgrobler: \"Your user account outside "
			  "of the container also needs access to KVM ... sudo setfacl -m u:${USER}:rw "
			  "/dev/kvm\"), project-oak/oak pull request 3597 (oak_functions_launcher/README.md)",
	},
	{
		.id = "env_userns_sandbox_kvm",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "userns",
		.extra = sandbox_kvm,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.finding = "kvm.no_access",
		.says = "A sandbox that puts the program in a user namespace mapping only its own user "
			"(firejail's --noroot, usually with --nogroups) shows /dev/kvm as nobody:nogroup "
			"and drops the group (kvm) through which the user reaches it.",
		.remedy = "Start the program without the sandbox's user namespace and group dropping, "
			  "e.g. `firejail --ignore=noroot --ignore=nogroups PROGRAM` (or `ignore noroot` and "
			  "`ignore nogroups` in ~/.config/firejail/PROGRAM.local), or outside the sandbox.",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/netblue30/firejail/issues/3008 (Android Studio in "
			  "firejail: \"crw-rw---- 1 nobody nogroup 10, 232 ... /dev/kvm\" in the jail; "
			  "Vincent43: \"Try `firejail --ignore=noroot android-studio`\", saddy001: "
			  "\"Thanks, in combination that helped\"; \"We use `noroot` + `nogroups` for "
			  "qemu\")",
	},
	/* ---- firejail's group dropping, without a user namespace ---- */
	{
		.id = "env_firejail_nogroups_kvm",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "firejail",
		.extra = firejail_groups_kvm,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.finding = "kvm.no_access",
		.says = "firejail's nogroups (and noroot) keep only a fixed list of supplementary groups "
			"(firejail, tty, games, audio, video, render, lp, cdrom, input, plugdev and a few "
			"more): kvm is never among them, so a user who reaches /dev/kvm through group kvm "
			"cannot open it in the sandbox, whatever /etc/group says.",
		.remedy = "Start the program with its groups kept: `firejail --ignore=nogroups PROGRAM` (or "
			  "`ignore nogroups` in ~/.config/firejail/PROGRAM.local), the user being in group "
			  "kvm outside the sandbox; or run it outside the sandbox.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "netblue30/firejail src/firejail/util.c clean_supplementary_groups() and "
			  "drop_privs() (git 19550fadd9ad975a1f6bab1f94ae32390e43bc01: with arg_noroot or "
			  "arg_nogroups only the listed groups are kept); "
			  "https://github.com/netblue30/firejail/issues/3008 (\"We use `noroot` + "
			  "`nogroups` for qemu\")",
	},
	/* Docker Desktop for Linux: its engine runs in its own VM, before every container row */
	{
		.id = "env_docker_desktop_no_kvm",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "docker-desktop",
		.extra = docker_desktop_without_kvm,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "docker_kvm_no_device",
		.error_amd = "docker_kvm_no_device",
		.finding = "kvm.no_device",
		.says = "Docker Desktop runs its Docker Engine in a virtual machine of its own (a LinuxKit "
			"VM: on Linux its desktop-linux context; on macOS and Windows always): containers "
			"get that VM's devices, and it has no /dev/kvm to give them (`--device /dev/kvm` "
			"fails there, or the container finds none), whatever KVM the host has. A container "
			"cannot tell which host runs that VM.",
		.remedy = "On a Linux host, run the container on Docker Engine on the host: `docker context "
			  "use default` (Docker Engine installed beside Docker Desktop; `docker context use "
			  "desktop-linux` switches back), then start it again with `--device /dev/kvm`. On "
			  "macOS or Windows, Docker Desktop's VM has no KVM to pass on: run the VMs on a "
			  "Linux machine with KVM instead.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "docker/docs content/manuals/desktop/setup/install/linux/_index.md (git 1a420e1: "
			  "\"Docker Desktop on Linux runs a Virtual Machine (VM) which creates and uses a "
			  "custom docker context, `desktop-linux`\"; the default context \"to "
			  "interact with the Docker Engine\": docker context use default); "
			  "https://github.com/sickcodes/Docker-OSX/issues/578 (dynamyc010: \"the fix for "
			  "this for me was to not use Docker Desktop, but instead use Docker from the arch "
			  "repos\")",
	},
	/* a Cirrus CI container: task (its Community Cluster is GKE): before every container row */
	{
		.id = "env_cirrus_container_kvm",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "docker",
		.extra = cirrus_container_without_kvm,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_no_device",
		.error_amd = "kvm_no_device",
		.finding = "kvm.no_device",
		.says = "A Cirrus CI container: task gets /dev/kvm only where its container block asks "
			"for it (KVM-enabled privileged containers); its node being a Compute Engine VM "
			"changes nothing a task can set.",
		.remedy = "In the task's `container:` block of .cirrus.yml add `kvm: true` (Cirrus then "
			  "runs it privileged with /dev/kvm, e.g. for hardware-accelerated Android "
			  "emulators).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "cirruslabs/cirrus-ci-docs docs/guide/linux.md (\"KVM-enabled Privileged "
			  "Containers\": \"add `kvm: true` to your `container` declaration\")",
	},
	/* rootless podman 3.4.x under --privileged: before every container row (s15-hosts2) */
	{
		.id = "env_podman_privileged_drops_device",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "podman",
		.extra = podman_privileged_drops_device,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_no_device",
		.error_amd = "kvm_no_device",
		.finding = "kvm.no_device",
		.says = "Rootless podman 3.4 and older silently drops --device under --privileged: the "
			"container gets no /dev/kvm, though the same run without --privileged has it "
			"(podman 4.3.1 passes it).",
		.remedy = "On the host, bind the node and keep the groups: `podman run --privileged "
			  "--group-add keep-groups -v /dev/kvm:/dev/kvm ...` (or without --privileged: "
			  "`podman run --group-add keep-groups --device /dev/kvm ...`), or upgrade podman "
			  "(4.3.1 passes --device with --privileged).",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/podman-container-tools/podman/issues/12704 (podman 3.4.4: "
			  "\"--privileged --device /dev/kvm\" gives \"ls: /dev/kvm: No such file or "
			  "directory\", without --privileged or with -v /dev/kvm:/dev/kvm it is there); "
			  "https://github.com/podman-container-tools/podman/issues/16701 (3.4.2; rhatdan on "
			  "4.3.1: --device works; mtalexan: \"Using `-v` instead of `--device`\"); "
			  "https://github.com/coreos/coreos-assembler/issues/2501 (podman 3.3.1, rootless, "
			  "privileged: /dev/kvm missing; IceManGreen's working command adds \"-v "
			  "/dev/kvm:/dev/kvm\" to --device /dev/kvm --group-add keep-groups); podman-run(1) "
			  "(/run/.containerenv names the engine only under --privileged)",
	},
	/* ---- issue 15, blind validation on new real hosts (s11-hosts): before
	 * env_container_kvm_node_denied, which holds on the same hosts ---- */
	{
		.id = "env_container_kvm_node_other_group",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "container",
		.extra = container_node_other_group,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.finding = "kvm.no_access",
		.says = "A container's /dev/kvm keeps the host's group id, and this image names that id "
			"after a group of its own (not kvm): the job's user is in no group that opens it, "
			"and where sudo asks for a password nothing in the job can change the node.",
		.remedy = "Give the job's user that group in the image: `RUN usermod -aG NODE_GROUP "
			  "<user>` in its Dockerfile (the container's processes get the groups its "
			  "/etc/group gives the user; no sudo needed when the job runs). Or, where sudo "
			  "works in the job, in a step before the emulator or QEMU starts: `sudo chown "
			  "$(id -un) /dev/kvm`. Or start the container with `--group-add NODE_GROUP`.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/cockpit-project/starter-kit/pull/1230 (Cirrus CI: "
			  "\"crw-rw---- 1 root pcp 10, 232 ... /dev/kvm\", \"without sudo we can't fix "
			  "that\"); https://github.com/cockpit-project/starter-kit/issues/1225 (\"sudo: a "
			  "password is required\"); moby/moby daemon/oci_linux.go getUser() (the "
			  "process's AdditionalGids: the user's groups in the container's /etc/group, "
			  "user.GetExecUserPath, plus --group-add)",
	},
	{
		.id = "vmmon_built_for_another_kernel",
		.subject = VC_KN_VMWARE,
		.extra = vmmon_built_for_another_kernel,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VMWARE,
		.error_intel = "module_built_for_another_kernel",
		.error_amd = "module_built_for_another_kernel",
		.finding = "vmware.driver_not_built",
		.says = "vmmon.ko was built against another kernel's headers (or another configuration): "
			"the kernel refuses it with ENOEXEC, modprobe's \"could not insert 'vmmon': Exec "
			"format error\", and logs \"module vmmon: .gnu.linkonce.this_module section size "
			"must match the kernel's built struct module size at run time\" (or a version "
			"magic or symbol version mismatch). Secure Boot is not the cause.",
		.remedy = "Install the headers of the running kernel (Debian/Ubuntu: `sudo apt install "
			  "linux-headers-$(uname -r)`; Fedora: `sudo dnf install "
			  "kernel-devel-$(uname -r)`), then rebuild and load vmmon and vmnet against them: "
			  "`sudo vmware-modconfig --console --install-all`.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/mkubecek/vmware-host-modules/issues/229 (Workstation 17.5.0, "
			  "Ubuntu 23.10 6.5.0-10-generic, Secure Boot off: \"Exec format error\" and that "
			  "line; \"I misconfigured the linux-headers and that caused the error\"); Linux "
			  "kernel/module/main.c (sh_size != sizeof(struct module): -ENOEXEC)",
	},
	/* ---- end of s11-hosts' block ---- */
	{
		.id = "env_container_kvm_node_denied",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "container",
		.extra = container_node_denied,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.finding = "kvm.no_access",
		.says = "A container's /dev/kvm is its own node, made when the container starts with the "
			"host's owner and mode; no udev runs in the container, and a group added with "
			"usermod reaches only new logins, so neither udev rules nor group changes made "
			"inside reach it.",
		.remedy = "In the container (a CI job: in a step before the emulator or QEMU starts): "
			  "`sudo chown $(id -un) /dev/kvm` (it lasts until the container stops). To have "
			  "it at every start, start the container from the host with the host's kvm group "
			  "added: `docker run --device /dev/kvm --group-add $(getent group kvm | cut -d: "
			  "-f3) ...`.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/cirruslabs/cirrus-ci-docs/issues/397 (Cirrus CI container "
			  "with kvm: true: \"sudo chown cirrus:cirrus /dev/kvm\", \"the cirrus:cirrus user "
			  "must own /dev/kvm for the emulator to start\"); "
			  "https://github.com/Linutronix/elbe/issues/164 (\"crw-rw---- 1 root root 10, 232 "
			  "... /dev/kvm\" in a container, fixed with chgrp kvm /dev/kvm inside it); "
			  "docker-run(1) --group-add",
	},
	{
		.id = "env_ci_kvm_rule_not_settled",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "ci",
		.extra = kvm_rule_not_settled,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_permission_denied",
		.error_amd = "kvm_permission_denied",
		.finding = "kvm.no_access",
		.says = "The udev rule that opens /dev/kvm to every user is written, but the node keeps its "
			"old mode: `udevadm trigger` only queues the event and returns, and a package "
			"install "
			"that triggers udev again (qemu, libvirt) reapplies the packaged 0660 rule, so a "
			"step "
			"that opens /dev/kvm before udevd is done is refused.",
		.remedy = "sudo udevadm trigger --name-match=kvm && sudo udevadm settle --timeout=30 (after "
			  "the package installs; then `test -w /dev/kvm`, and where it still is not writable "
			  "`sudo chmod 666 /dev/kvm` for this job)",
		.confidence = VC_KN_LIKELY,
		.source =
			"https://github.com/DeviceFarmer/stf/pull/910 (\"`udevadm trigger` queues the event "
			"and returns immediately\"; `sudo udevadm settle --timeout=30`, then chmod), "
			"https://github.com/kairos-io/kairos/pull/4562 (udevd reapplied root:kvm 0660 after "
			"apt installed libvirt and qemu)",
	},
	{
		.id = "env_ci_cannot_log_in_again",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "ci",
		.extra = kvm_node_denied,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_permission_denied",
		.error_amd = "kvm_permission_denied",
		.finding = "kvm.no_access",
		.says = "A CI job cannot log in again: a group added with usermod reaches only new logins, "
			"so "
			"the job keeps failing to open /dev/kvm.",
		.remedy = KVM_FOR_ALL,
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/libbpf/libbpf/pull/747, "
			  "https://github.com/actions/runner-images/issues/8542",
	},
	{
		.id = "env_rootless_container_kvm",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "podman|userns",
		.extra = container_kvm_passable,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.finding = "kvm.no_access",
		.says = "Rootless podman passes in only what the host user may open: without --group-add "
			"keep-groups the group (kvm) through which that user reaches /dev/kvm is lost, and "
			"container root is no root for a node owned by unmapped ids (65534).",
		.remedy =
			"On the host, start the container with the device passed through: `podman run "
			"--group-add keep-groups --device /dev/kvm ...`. Rootless podman passes in only what "
			"the host user may open, and --group-add keep-groups keeps the group (kvm) through "
			"which that user reaches /dev/kvm. Or, on the host, let every user open "
			"it: " KVM_FOR_ALL,
		.confidence = VC_KN_ESTABLISHED,
		.source = "podman-run(1) --group-add keep-groups; "
			  "https://github.com/coreos/coreos-assembler/issues/2501",
	},
	/* ---- issue 15, blind validation on new real hosts (s10-blind3): a flatpak sandbox and an LXC
	 * container get /dev/kvm their own way, not with docker run --device: before the generic
	 * container row ---- */
	{
		.id = "env_flatpak_no_kvm_device",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "flatpak",
		.extra = flatpak_without_kvm_device,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_no_device",
		.error_amd = "kvm_no_device",
		.finding = "kvm.no_device",
		.says = "A flatpak app sees /dev/kvm only when it is granted the kvm device "
			"(--device=kvm, or --device=all); the kernel modules are the host's, so KVM loaded "
			"on the host does not put /dev/kvm into the sandbox, and nothing inside it can.",
		.remedy = "On the host, grant the app the device and start it again: `flatpak override "
			  "--user --device=kvm APP_ID` (APP_ID is the name= line of /.flatpak-info, e.g. "
			  "com.visualstudio.code; `flatpak list --app` lists them), or once: `flatpak run "
			  "--device=kvm APP_ID`. KVM itself must work on the host: run virtcheck there.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/flathub/com.visualstudio.code/issues/51 (the Android "
			  "emulator from the VS Code flatpak: \"/dev/kvm is not found\" while the host "
			  "has crw-rw-rw- /dev/kvm; TingPing: \"Does `flatpak run --device=kvm "
			  "com.visualstudio.code` work?\", chengjk84: \"yup it work\", and \"flatpak "
			  "override --user --device=kvm com.visualstudio.code to make it permanent\"); "
			  "https://github.com/flatpak/flatpak/issues/332 (the kvm device: \"yes work with "
			  "--device=kvm\"); flatpak common/flatpak-run.c (/.flatpak-info, "
			  "/run/host/container-manager)",
	},
	{
		.id = "env_lxc_no_kvm_device",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "lxc",
		.extra = container_kvm_passable,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_no_device",
		.error_amd = "kvm_no_device",
		.finding = "kvm.no_device",
		.says = "An LXC container (LXD/Incus, a Proxmox CT) gets /dev/kvm only when its config "
			"passes the device in and its device cgroup allows c 10:232; `docker run --device` "
			"inside it cannot pass what the container itself lacks.",
		.remedy = "On the host, pass the device into the container and restart it: LXD/Incus: `lxc "
			  "config device add CONTAINER kvm unix-char path=/dev/kvm` (incus likewise); "
			  "Proxmox VE: add `lxc.cgroup2.devices.allow: c 10:232 rwm` and `lxc.mount.entry: "
			  "/dev/kvm dev/kvm none bind,optional,create=file` to /etc/pve/lxc/CTID.conf (plain "
			  "LXC: the same two lines in the container's config), then restart the container "
			  "(`pct reboot CTID` on Proxmox).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/canonical/lxd/issues/2718 (stgraber: \"lxc config device "
			  "add CONTAINER kvm unix-char path=/dev/kvm\"); "
			  "https://github.com/dockur/windows/issues/899 (Proxmox LXC: "
			  "\"lxc.cgroup2.devices.allow: c 10:232 rwm\", \"lxc.mount.entry: /dev/kvm "
			  "dev/kvm none bind,optional,create=file\", \"Restart container\"); "
			  "https://github.com/vdsm/virtual-dsm/issues/310 (the same lines in "
			  "/etc/pve/lxc/YOUR_CONTAINER_ID.conf)",
	},
	/* ---- VirtualBox's KVM backend on a CPU without XSAVE ---- */
	{
		.id = "vbox_nem_no_xcrs",
		.subject = VC_KN_VBOX_NEM,
		.extra = nem_no_xcrs,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_NEM_MISSING_FEATURE",
		.error_amd = "VERR_NEM_MISSING_FEATURE",
		.finding = "virtualbox.nem_backend",
		.says = "VirtualBox's KVM backend requires KVM_CAP_XCRS, which KVM reports only on a CPU "
			"with XSAVE: on an older CPU (Intel before 2nd Gen Core, such as Arrandale) every VM "
			"fails with \"Required capability 'KVM_CAP_XCRS' is missing! "
			"(VERR_NEM_MISSING_FEATURE)\".",
		.remedy = "None for the KVM backend on this CPU: use an official VirtualBox with its own "
			  "driver vboxdrv (not a KVM-backend build such as virtualbox-kvm or its AppImage), "
			  "or QEMU/KVM.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "Linux arch/x86/kvm/x86.c kvm_vm_ioctl_check_extension (\"case KVM_CAP_XCRS: r = "
			  "boot_cpu_has(X86_FEATURE_XSAVE)\"); VirtualBox/virtualbox "
			  "src/VBox/VMM/VMMR3/NEMR3NativeTemplate-linux.cpp.h at 4908d8d1 "
			  "(CAP_ENTRY_ML(KVM_CAP_XCRS), named \"KVM_CAP_KVM_CAP_XCRS\": required; \"Required "
			  "capability '%s' is missing!\", VERR_NEM_MISSING_FEATURE); "
			  "https://github.com/ivan-hc/VirtualBox-appimage/issues/12 (Core i5-520UM, "
			  "Arrandale)",
	},
	/* ---- end s10-blind2 ---- */
	/* a container given /dev/kvm whose user may not open it (EACCES): the host's group id,
	 * not the host user's groups, reaches the container's processes */
	{
		.id = "env_container_kvm_open_denied",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "container",
		.extra = container_open_denied,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_permission_denied",
		.error_amd = "kvm_permission_denied",
		.finding = "kvm.no_access",
		.says = "In a container, opening /dev/kvm is refused (EACCES): the node is there, but the "
			"container's process is in none of the groups that open it. Its groups come from "
			"the image's /etc/group and the container's --group-add, not from the host user, so "
			"adding a user to kvm on the host (usermod) does not reach it.",
		.remedy = "On the host, start the container with the device and the host's kvm group by "
			  "its number (the image may have no kvm group, or another id for it): `docker run "
			  "--device /dev/kvm --group-add $(getent group kvm | cut -d: -f3) ...` (podman: "
			  "`--group-add keep-groups`, rootless included).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "docker/cli docs/reference/commandline/container_run.md (--device; --group-add: "
			  "\"Add additional groups to join\"); moby/moby daemon/oci_linux.go getUser() (the "
			  "process's AdditionalGids: the user's groups in the image's /etc/group plus "
			  "--group-add); https://github.com/go-debos/debos/pull/468 (a container given "
			  "--device /dev/kvm refused it until the node's owning group was added: \"the "
			  "docker container process runs with the supplementary groups looked up for the "
			  "specified user\", inside the container; review: \"--group-add $(getent group kvm "
			  "| cut -d: -f3)\"); https://github.com/bootc-dev/bcvk/pull/301 (rootless podman: "
			  "\"keep our host user group in the container\"); podman-run(1) --group-add "
			  "keep-groups",
	},
	{
		.id = "env_container_kvm",
		.subject = VC_KN_ENVIRONMENT,
		.environment = "container",
		.extra = container_kvm_passable,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.finding = "kvm.no_device",
		.says = "A container sees /dev/kvm only when it is started with the device passed in; its "
			"kernel modules belong to the host.",
		.remedy = "On the host, start the container with the device passed through: `docker run "
			  "--device /dev/kvm ...`. Or, on the host, let every user open it: " KVM_FOR_ALL,
		.confidence = VC_KN_ESTABLISHED,
		.source = "docker-run(1) --device; https://github.com/coreos/coreos-assembler/issues/2501",
	},
	/* ---- KVM and VirtualBox VMs at the same time (issue 15, helper k15): before the rows below,
	 * which they never replace (vc_knowledge_vbox_next_to_kvm skips them) ---- */
	{
		.id = "vbox7210_concurrent_kvm_vms",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 10), V(7, 2, 12) },
		.kernel = FROM(6, 16, 0),
		.kconfig_set = "CONFIG_KVM_X86",
		.kvm = VC_KN_KVM_LOADED,
		.extra = kvm_and_vbox_vms_together,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_entry_failed",
		.error_amd = "kvm_entry_failed",
		.finding = "conflict.concurrent_vms",
		.says = "VirtualBox 7.2.10 runs its VMs on the VT state KVM switched on (a dummy KVM VM "
			"per VirtualBox VM), but not at the same time as KVM's own VMs: QEMU started next "
			"to running VirtualBox VMs is reported to die with \"KVM: entry failed, hardware "
			"error 0x0\".",
		.remedy = "Run the VMs of one hypervisor at a time: shut the VirtualBox VMs down before "
			  "starting QEMU/KVM ones, or the other way round.",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/VirtualBox/virtualbox/issues/711 (jengelh, 2026-06-20, "
			  "7.2.10: \"Running qemu and vbox machines concurrently still does not seem "
			  "possible; Qemu may die with `KVM: entry failed, hardware error 0x0`\")",
	},
	{
		.id = "vbox72_concurrent_kvm_vms_unclear",
		.subject = VC_KN_VBOXDRV,
		.version = FROM(7, 2, 2),
		.kernel = FROM(6, 16, 0),
		.kvm = VC_KN_KVM_LOADED,
		.extra = kvm_and_sharing_vbox_vms_together,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_KVM,
		.error_intel = "kvm_entry_failed",
		.error_amd = "kvm_entry_failed",
		.finding = "conflict.concurrent_vms",
		.says = "This VirtualBox runs its VMs on the VT state KVM switched on; running them at the "
			"same time as KVM's own VMs failed with 7.2.10 (QEMU: \"KVM: entry failed, hardware "
			"error 0x0\") and is reported neither way for this release.",
		.remedy = "If QEMU/KVM VMs die with \"KVM: entry failed, hardware error 0x0\" while "
			  "VirtualBox VMs run, run the VMs of one hypervisor at a time.",
		.confidence = VC_KN_UNCLEAR,
		.source = "https://github.com/VirtualBox/virtualbox/issues/711 (7.2.10 only); no report "
			  "for other releases",
	},
	/* ---- VirtualBox's driver next to a loaded KVM ---- */
	{
		.id = "vbox7210_panics_next_to_kvm",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 10), V(7, 2, 12) },
		.kernel = { V(7, 0, 0), V(7, 2, 0) },
		.kvm = VC_KN_KVM_HOLDS,
		.outcome = VC_KN_HOST_CRASH,
		.blocked = VC_HV_VIRTUALBOX,
		.finding = "conflict.virtualbox_panics_host",
		.says = "VirtualBox 7.2.10 freezes or panics the host when a VM starts while kvm_intel or "
			"kvm_amd is loaded (Linux 7.0 and 7.1).",
		.remedy = "Upgrade VirtualBox to 7.2.12 or later; until then unload kvm_intel/kvm_amd before "
			  "starting VirtualBox VMs.",
		.confidence = VC_KN_ESTABLISHED,
		.source =
			"https://github.com/VirtualBox/virtualbox/issues/711, "
			"https://github.com/VirtualBox/virtualbox/issues/712; 7.2.12 changelog \"Linux Host: "
			"Fixed kernel panic\" quoted in https://github.com/NixOS/nixpkgs/issues/542281",
	},
	{
		.id = "vbox7210_panics_next_to_kvm_6_17_intel",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 10), V(7, 2, 12) },
		.kernel = { V(6, 17, 0), V(6, 18, 0) },
		.vendor = VC_KN_INTEL,
		.kvm = VC_KN_KVM_HOLDS,
		.outcome = VC_KN_HOST_CRASH,
		.blocked = VC_HV_VIRTUALBOX,
		.finding = "conflict.virtualbox_panics_host",
		.says = "VirtualBox 7.2.10 freezes the host when a VM starts while kvm_intel is loaded "
			"(Linux 6.17, Intel).",
		.remedy = "Upgrade VirtualBox to 7.2.12 or later; until then unload kvm_intel before "
			  "starting VirtualBox VMs.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/VirtualBox/virtualbox/issues/711 (maravento: Ubuntu 24.04, "
			  "6.17.0-35-generic, Tiger Lake)",
	},
	{
		.id = "vbox7210_may_panic_next_to_kvm",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 10), V(7, 2, 12) },
		.kernel = FROM(6, 16, 0),
		.kvm = VC_KN_KVM_HOLDS,
		.outcome = VC_KN_HOST_CRASH,
		.blocked = VC_HV_VIRTUALBOX,
		.finding = "conflict.virtualbox_panics_host",
		.says = "VirtualBox 7.2.10 next to a loaded KVM on the other 6.16+ kernels: host freezes are "
			"reported on 6.17 (Intel), 7.0 and 7.1, not yet on this one; 7.2.12 fixed a host "
			"kernel panic.",
		.remedy = "Upgrade VirtualBox to 7.2.12 or later before relying on it next to KVM.",
		.confidence = VC_KN_UNCLEAR,
		.source = "https://github.com/VirtualBox/virtualbox/issues/712 (\"both kernel 7.0.12 and lts "
			  "one\": which LTS is not said); 7.2.12 changelog via NixOS/nixpkgs#542281",
	},
	{
		.id = "vbox_dummy_kvm_vm_shares_vt",
		.subject = VC_KN_VBOXDRV,
		.version = FROM(7, 2, 10),
		.kernel = FROM(6, 16, 0),
		.kconfig_set = "CONFIG_KVM_X86",
		.kvm = VC_KN_KVM_HOLDS,
		.outcome = VC_KN_SHARES,
		.finding = "virtualbox.shares_kvm",
		.says = "vboxdrv 7.2.10+ built for Linux 6.16+ with CONFIG_KVM_X86 opens /dev/kvm through "
			"its "
			"own pseudo-filesystem and creates a dummy KVM VM per VirtualBox VM (debugfs "
			"kvm/<thread id>-<fd>, no fd left open), so its VMs run while KVM holds VT; not at "
			"the same time as KVM VMs.",
		.remedy = "Keep kvm.enable_virt_at_load at its default (Y), or unload KVM.",
		.confidence = VC_KN_LIKELY,
		.source = VBOX_SUPDRV_TRUNK " #if RTLNX_VER_MIN(6,16,0) && IS_ENABLED(CONFIG_KVM_X86) "
					    "(established); 7.2.10 as the first release: "
					    "https://github.com/void-linux/void-packages/pull/61332 and "
					    "https://github.com/VirtualBox/virtualbox/issues/711 (likely)",
	},
	{
		.id = "vbox_host_api_shares_vt_intel",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 2), V(7, 2, 10) },
		.kernel = { V(6, 16, 0), V(7, 1, 0) },
		.vendor = VC_KN_INTEL,
		.kvm = VC_KN_KVM_HOLDS,
		.outcome = VC_KN_SHARES,
		.finding = "virtualbox.shares_kvm",
		.says = "vboxdrv 7.2.2-7.2.8 on Linux 6.16-7.0 asks KVM to switch VT-x on "
			"(kvm_enable_virtualization, resolved at run time), so its VMs run while kvm_intel "
			"holds it.",
		.remedy = "Keep kvm.enable_virt_at_load at its default (Y).",
		.confidence = VC_KN_LIKELY,
		.source = "Oracle on kvm@vger (Ramshankar Venkataraman, 2025-10-24): \"Starting with 6.16.0 "
			  "... VirtualBox made use of these functions\"; 7.2.2 first: "
			  "https://github.com/VirtualBox/virtualbox/issues/222; 7.2.8 code in "
			  "https://github.com/VirtualBox/virtualbox/issues/703",
	},
	{
		.id = "vbox_host_api_amd_before_r171326",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 0), V(7, 2, 6) },
		.kernel = { V(6, 16, 0), V(7, 1, 0) },
		.vendor = VC_KN_AMD,
		.kvm = VC_KN_KVM_HOLDS,
		.outcome = VC_KN_BLOCKED,
		.blocked = VC_HV_VIRTUALBOX,
		.error_amd = "VERR_SVM_IN_USE",
		.finding = "conflict.kvm_blocks_virtualbox",
		.says = "On AMD, vboxdrv 7.2.0-7.2.4 does not use KVM's SVM even on 6.16+: a kvm_amd loaded "
			"with enable_virt_at_load=Y makes VMs fail with VERR_SVM_IN_USE.",
		.remedy = "options kvm enable_virt_at_load=0 (or unload kvm_amd), or a 7.2.x release with "
			  "r171326.",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/VirtualBox/virtualbox/issues/81 (ramshven 2025-12-12: \"fixed "
			  "on trunk and backported to 7.2.x in r171326 ... next maintenance release\"); "
			  "https://github.com/NixOS/nixpkgs/issues/363887 (6.18.2, VERR_SVM_IN_USE)",
	},
	{
		.id = "vbox_host_api_shares_vt_amd",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 6), V(7, 2, 10) },
		.kernel = { V(6, 16, 0), V(7, 1, 0) },
		.vendor = VC_KN_AMD,
		.kvm = VC_KN_KVM_HOLDS,
		.outcome = VC_KN_SHARES,
		.finding = "virtualbox.shares_kvm",
		.says = "On AMD, vboxdrv 7.2.6-7.2.8 on Linux 6.16-7.0 uses KVM's SVM (r171326, backported "
			"for the maintenance release after 2025-12-12, i.e. 7.2.6 by date).",
		.remedy = "Keep kvm.enable_virt_at_load at its default (Y); if VMs still fail with "
			  "VERR_SVM_IN_USE, set it to 0.",
		.confidence = VC_KN_UNCLEAR,
		.source = "https://github.com/VirtualBox/virtualbox/issues/81 (r171326; the release is "
			  "inferred from dates, not read in a tag)",
	},
	{
		.id = "vboxdrv_72_before_6_16_needs_vt_free",
		.subject = VC_KN_VBOXDRV,
		.version = FROM(7, 2, 0),
		.kernel = { V(6, 12, 0), V(6, 16, 0) },
		.kvm = VC_KN_KVM_HOLDS,
		.outcome = VC_KN_BLOCKED,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VMX_IN_VMX_ROOT_MODE",
		.error_amd = "VERR_SVM_IN_USE",
		.finding = "conflict.kvm_blocks_virtualbox",
		.says = "On Linux 6.12-6.15 a 7.2.x vboxdrv behaves like 7.1 (its KVM code is built only for "
			"6.16+): a kvm_intel/kvm_amd loaded with enable_virt_at_load=Y blocks it, and "
			"`options "
			"kvm enable_virt_at_load=0` is the right fix there, not a stale override.",
		.remedy = "options kvm enable_virt_at_load=0, or unload kvm_intel/kvm_amd.",
		.confidence = VC_KN_ESTABLISHED,
		.source = VBOX_SUPDRV_TRUNK
		" (the RTLNX_VER_MIN(6,16,0) guard); "
		"https://github.com/void-linux/void-packages/pull/61332 (7.2.14 \"not "
		"work on 6.12 ... requires options kvm enable_virt_at_load=0\")",
	},
	{
		.id = "vboxdrv_needs_vt_free",
		.subject = VC_KN_VBOXDRV,
		.kernel = FROM(6, 12, 0),
		.kvm = VC_KN_KVM_HOLDS,
		.outcome = VC_KN_BLOCKED,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VMX_IN_VMX_ROOT_MODE",
		.error_amd = "VERR_SVM_IN_USE",
		.finding = "conflict.kvm_blocks_virtualbox",
		.says = "VirtualBox 7.1 and older (and any vboxdrv without KVM support on this kernel) "
			"switch "
			"VT on themselves: a kvm_intel/kvm_amd that holds it since load makes VMs fail with "
			"VERR_VMX_IN_VMX_ROOT_MODE (-4011) or VERR_SVM_IN_USE (-4054).",
		.remedy = "options kvm enable_virt_at_load=0 (KVM then takes VT only while its VMs run), or "
			  "unload kvm_intel/kvm_amd.",
		.confidence = VC_KN_ESTABLISHED,
		.source =
			KVM_AT_LOAD "; https://github.com/NixOS/nixpkgs/issues/363887; "
				    "https://github.com/void-linux/void-packages/issues/53855; 7.1 changelog "
				    "quoted in https://github.com/getsolus/packages/pull/4638",
	},
	/* ---- VirtualBox's driver and kvm.enable_virt_at_load=0 ---- */
	{
		.id = "vbox7210_svme_not_enabled",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 10), V(7, 2, 12) },
		.kernel = FROM(6, 16, 0),
		.kconfig_set = "CONFIG_KVM_X86",
		.vendor = VC_KN_AMD,
		.kvm = VC_KN_KVM_VIRT_OFF,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.error_amd = "VERR_SVM_HOST_SVME_NOT_ENABLED",
		.finding = "conflict.virtualbox_needs_virt_at_load",
		.says = "VirtualBox 7.2.10 on AMD with kvm_amd loaded and kvm.enable_virt_at_load=0 fails "
			"with "
			"VERR_SVM_HOST_SVME_NOT_ENABLED (-4074); removing the =0 override fixed it.",
		.remedy = "Remove enable_virt_at_load=0 (a VirtualBox 7.1 recipe) and reload KVM, or unload "
			  "kvm_amd.",
		.confidence = VC_KN_ESTABLISHED,
		.source = VBOX_HMR0SVM "; https://github.com/VirtualBox/virtualbox/issues/711 (Geremia: "
				       "removing options kvm enable_virt_at_load=0 \"fixed it\"), "
				       "https://github.com/VirtualBox/virtualbox/issues/713",
	},
	{
		.id = "vbox72_virt_at_load_off_unclear",
		.subject = VC_KN_VBOXDRV,
		.version = FROM(7, 2, 10),
		.kernel = FROM(6, 16, 0),
		.kconfig_set = "CONFIG_KVM_X86",
		.kvm = VC_KN_KVM_VIRT_OFF,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.error_amd = "VERR_SVM_HOST_SVME_NOT_ENABLED",
		.finding = "conflict.virtualbox_needs_virt_at_load",
		.says = "VirtualBox 7.2.12+ (or Intel) with a loaded KVM and kvm.enable_virt_at_load=0: the "
			"driver trusts KVM to have switched VT on; reported to fail for 7.2.10 on AMD, not "
			"verified for this version and vendor.",
		.remedy =
			"Remove enable_virt_at_load=0 and reload KVM; it is not needed with this VirtualBox "
			"on this kernel.",
		.confidence = VC_KN_UNCLEAR,
		.source = VBOX_HMR0SVM " (fEnabledByHost, trunk); no report for 7.2.12+ or VT-x",
	},
	{
		.id = "virt_at_load_off_fits_vboxdrv",
		.subject = VC_KN_VBOXDRV,
		.kernel = FROM(6, 12, 0),
		.kvm = VC_KN_KVM_VIRT_OFF,
		.outcome = VC_KN_FINE,
		.says = "Where vboxdrv does not use KVM (7.1 and older, or 7.2.x on Linux 6.12-6.15), "
			"kvm.enable_virt_at_load=0 is what lets it run next to a loaded KVM: keep it.",
		.remedy = "Keep enable_virt_at_load=0 while this VirtualBox and kernel are installed.",
		.confidence = VC_KN_ESTABLISHED,
		.source = VBOX_SUPDRV_TRUNK "; https://github.com/void-linux/void-packages/pull/61332",
	},
	/* ---- the compiler, not VirtualBox's release, stops the build ---- */
	{
		.id = "vboxdrv_compiler_mismatch",
		.subject = VC_KN_VBOXDRV,
		.extra = vbox_compiler_mismatch,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_loaded",
		.says = "vboxdrv's build fails because the compiler is not the one the running kernel was "
			"built with: it rejects the kernel's own flags (\"gcc: error: unrecognized "
			"command-line option\"; the kernel's Makefile warns \"the compiler differs from the "
			"one used to build the kernel\" and names both), so any VirtualBox release fails "
			"the same way.",
		.remedy = "Install the compiler the running kernel was built with (the build log's \"The "
			  "kernel was built by:\" line, or `cat /proc/version`, names it; Debian and Ubuntu "
			  "package it as GCC_PACKAGE) and build vboxdrv with it, or boot a kernel built by "
			  "your distribution's own compiler; upgrading VirtualBox does not help.",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/xanmod/linux/issues/392 (xanmod: \"6.4.10-xanmod1 and newer "
			  "will build with gcc-13. Vmware needs the same gcc version to compile the "
			  "modules\", then apt install gcc-13); "
			  "https://github.com/linux-surface/linux-surface/issues/1035 (virtualbox-dkms "
			  "7.0.4, a kernel built by Ubuntu's gcc 11.3.0 under Debian's gcc 10.2.1: "
			  "\"unrecognized command-line option '-mharden-sls=all'\"); "
			  "https://github.com/mkubecek/vmware-host-modules/issues/307 (a clang-built kernel "
			  "under gcc: \"unrecognized command-line option '-mretpoline-external-thunk'\")",
	},
	/* ---- end s12-pa ---- */
	/* ---- VirtualBox's driver cannot be built or loaded ---- */
	{
		.id = "vbox_host_api_no_build_7_1",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 2), V(7, 2, 10) },
		.kernel = FROM(7, 1, 0),
		.extra = vboxdrv_missing,
		.outcome = VC_KN_NO_BUILD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_built",
		.says = "vboxdrv 7.2.2-7.2.8 does not build for Linux 7.1 (kvm_enable_virtualization became "
			"static): \"Kernel driver not installed (rc=-1908)\".",
		.remedy = "Upgrade VirtualBox (7.2.12 or later for 7.1), or boot the previous kernel; "
			  "`vboxconfig` is the step that fails.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "Linux d30372d0b7e6 \"KVM: Bury kvm_{en,dis}able_virtualization() in kvm_main.c "
			  "once more\"; https://github.com/VirtualBox/virtualbox/issues/703, /708, /710",
	},
	/* ---- issue 15 audit (s8-a15): a kernel configuration vboxdrv does not build for ---- */
	{
		.id = "vboxdrv_fred_no_kvm_intel_no_build",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 16), V(7, 2, 18) },
		.kernel = FROM(7, 1, 0),
		.kconfig_set = "CONFIG_X86_FRED",
		.kconfig_unset = "CONFIG_KVM_INTEL",
		.extra = vboxdrv_missing,
		.outcome = VC_KN_NO_BUILD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_built",
		.says = "vboxdrv 7.2.16 does not build for Linux 7.1+ configured with CONFIG_X86_FRED=y and "
			"without CONFIG_KVM_INTEL (AMD kernels built without it too): its FRED code declares "
			"a pointer to x86_entry_from_kvm, whose header it includes only with KVM_INTEL "
			"(\"'x86_entry_from_kvm' undeclared\").",
		.remedy = "Build the kernel with CONFIG_KVM_INTEL=m (on AMD as well; it only has to be "
			  "configured) or without CONFIG_X86_FRED, or boot a kernel older than 7.1; the "
			  "upstream report was closed without naming a release that fixes it.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/VirtualBox/virtualbox/issues/835 (7.2.16, Linux 7.1.10, AMD, "
			  "CONFIG_X86_FRED=y, \"# CONFIG_KVM_INTEL is not set\": \"SUPDrv-linux.c:266:19: "
			  "error: 'x86_entry_from_kvm' undeclared\"); " VBOX_SUPDRV_TRUNK
			  " (the declaration under RTLNX_VER_MIN(7,1,0) alone, the include also under "
			  "IS_ENABLED(CONFIG_KVM_INTEL))",
	},
	{
		.id = "vboxdrv_kernel_newer_than_supported",
		.subject = VC_KN_VBOXDRV,
		.extra = vbox_kernel_too_new,
		.outcome = VC_KN_NO_BUILD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_built",
		.says = "vboxdrv is not loaded and the running kernel is newer than this VirtualBox "
			"supports (support table below: newer than its newest, or first supported by a "
			"later release of its series): its driver does not build for it.",
		.remedy = "Upgrade VirtualBox to a release that supports this kernel, or boot the previous "
			  "kernel.",
		.confidence = VC_KN_LIKELY,
		.source = "the support table (packagers' quotes of the official changelog)",
	},
	{
		.id = "vboxdrv_loaded_kernel_newer_than_supported",
		.subject = VC_KN_VBOXDRV,
		.extra = vbox_loaded_kernel_too_new,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.finding = "virtualbox.kernel_unsupported",
		.says = "vboxdrv is loaded, but the running kernel is newer than this VirtualBox release "
			"supports (support table below): the driver built (distributions patch it for "
			"newer kernels, and such a build may work), yet its VMs can hang while starting "
			"(\"The vm is stuck in starting state, and cannot be stopped\").",
		.remedy = "If its VMs hang or fail while starting: upgrade VirtualBox to a release that "
			  "supports this kernel, or boot a kernel it supports.",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/NixOS/nixpkgs/issues/245834 (NixOS 23.05, 6.4.1-xanmod1, "
			  "VirtualBox 7.0.8: \"The vm is stuck in starting state, and cannot be stopped\"; "
			  "7.0.10 from unstable fixed it); packagers patch vboxdrv for kernels newer than "
			  "a release supports: https://github.com/NixOS/nixpkgs/pull/497995 (6.19, \"this "
			  "patch is also used in RPMFusion ... and in Gentoo\"), "
			  "https://github.com/void-linux/void-packages/pull/20581 (5.6: \"the resulting "
			  "binaries do function\"); the support table",
	},
	{
		.id = "vboxdrv_build_failed",
		.subject = VC_KN_VBOXDRV,
		.extra = vbox_build_failed,
		.outcome = VC_KN_NO_BUILD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_built",
		.says = "vboxdrv is not loaded and /var/log/vbox-setup.log shows its build failing for this "
			"kernel.",
		.remedy = "Upgrade VirtualBox, or boot the previous kernel.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "vboxconfig writes the build log to /var/log/vbox-setup.log; "
			  "https://github.com/VirtualBox/virtualbox/issues/708",
	},
	{
		.id = "vboxdrv_fred_without_kvm_intel",
		.subject = VC_KN_VBOXDRV,
		.extra = fred_refused,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_refused",
		.says = "vboxdrv refuses to load when FRED is active and the kernel has no CONFIG_KVM_INTEL "
			"(\"FRED is active without KVM being enabled for this kernel\", -ENOTSUPP).",
		.remedy = "Boot with fred=off, or use a kernel built with CONFIG_KVM_INTEL=m.",
		.confidence = VC_KN_ESTABLISHED,
		.source = VBOX_SUPDRV_TRUNK " VBoxDrvLinuxInit(); first release with it: unclear",
	},
	{
		.id = "vboxdrv_built_for_another_kernel",
		.subject = VC_KN_VBOXDRV,
		.extra = vboxdrv_built_for_another_kernel,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "module_built_for_another_kernel",
		.error_amd = "module_built_for_another_kernel",
		.finding = "virtualbox.driver_refused",
		.says = "vboxdrv.ko was built against the headers of another kernel, or of another "
			"configuration of it: the kernel refuses it with ENOEXEC (modprobe's \"could not "
			"insert 'vboxdrv': Exec format error\"; `modprobe --force` loads it only where the "
			"kernel has CONFIG_MODULE_FORCE_LOAD, tainted) and logs why "
			"(\"version magic 'BUILT' should be 'RUNNING'\": the release or options such as "
			"preempt differ; or a symbol version mismatch). Secure Boot and module locking are "
			"not the cause.",
		.remedy = "Install headers that match the running kernel exactly (its release and "
			  "configuration: the version magic the kernel asks for; on ChromeOS, headers "
			  "built from its own configuration), then rebuild vboxdrv against them and load "
			  "it: `sudo /sbin/vboxconfig` (before VirtualBox 5.1: `sudo /etc/init.d/vboxdrv "
			  "setup`; a DKMS package: `sudo dkms autoinstall && sudo modprobe vboxdrv`).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "Linux kernel/module/main.c check_modinfo() (\"version magic '%s' should be "
			  "'%s'\", -ENOEXEC); https://github.com/divx118/crouton-packages/issues/36 "
			  "(\"vboxdrv: version magic '3.14.0 SMP mod_unload ' should be '3.14.0 SMP "
			  "preempt mod_unload '\" after headers were built \"with CONFIG_PREEMPT "
			  "disabled\"; \"Chromium OS LSM: init_module locking-ignored\": module locking "
			  "was off; divx118: \"looks like we need to build new\" ones)",
	},
	{
		.id = "vboxdrv_chromeos_module_locking",
		.subject = VC_KN_VBOXDRV,
		.extra = chromeos_locked_vboxdrv,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_refused",
		.says = "ChromeOS's module locking (the Chromium OS LSM) refuses vboxdrv: a crouton chroot "
			"runs on ChromeOS's kernel, which loads only modules from its verified root file "
			"system (\"Chromium OS LSM: init_module denied\"); signing the module does not help.",
		.remedy =
			"In developer mode, add lsm.module_locking=0 to ChromeOS's kernel command line "
			"(crouton-packages' change-kernel-flags script, or crouton's wiki \"Repack kernel "
			"to Enable VT-x for VirtualBox\"), which gives up verified boot of the kernel; then "
			"reboot and load vboxdrv. Or run VirtualBox on another machine.",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/divx118/crouton-packages/issues/12 (\"Chromium OS LSM: "
			  "init_module denied module=.../vboxdrv.ko\"; divx118: \"Module locking is still "
			  "on. You need to change the kernelflags\"), "
			  "https://github.com/dnschneid/crouton/issues/1278 (dnschneid: \"module_locking is "
			  "not returning, so kernel flags are the only way forward\"), "
			  "https://github.com/dnschneid/crouton/issues/3434 (change-kernel-flags: "
			  "\"lsm.module_locking=0\" added to the kernel cmdline)",
	},
	{
		.id = "vboxdrv_needs_preempt_notifiers",
		.subject = VC_KN_VBOXDRV,
		.kernel = FROM(6, 15, 0),
		.kconfig_unset = "CONFIG_KVM",
		.extra = preempt_notifier_missing,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_refused",
		.says = "On Linux 6.15+ without CONFIG_KVM, vboxdrv needs unknown symbols "
			"preempt_notifier_* (only KVM selects PREEMPT_NOTIFIERS) and does not load.",
		.remedy = "Use a kernel built with CONFIG_KVM=m (the distribution kernels are).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/VirtualBox/virtualbox/issues/9 (depmod: vboxdrv.ko needs "
			  "unknown symbol preempt_notifier_inc), /37; the kernel commit: unclear",
	},
	{
		.id = "vboxdrv_unsigned_refused",
		.subject = VC_KN_VBOXDRV,
		.extra = vboxdrv_refused_unsigned,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.unsigned_driver",
		.says = "With Secure Boot (lockdown) or module.sig_enforce the kernel loads only signed "
			"modules: an unsigned vboxdrv is refused (\"Lockdown: modprobe: unsigned module "
			"loading is restricted\", \"Key was rejected by service\").",
		.remedy = "Sign vboxdrv with a key enrolled with mokutil (or disable Secure Boot).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "Linux security/lockdown/lockdown.c, kernel/module/signing.c; EFI global variable "
			  "GUID 8be4df61-93ca-11d2-aa0d-00e098032b8c (UEFI specification, "
			  "include/linux/efi.h)",
	},
	/* ---- a signed vboxdrv: refused for its key, or merely not loaded (issue 15, helper k15) ---- */
	{
		.id = "vboxdrv_key_not_enrolled",
		.subject = VC_KN_VBOXDRV,
		.extra = vboxdrv_key_refused,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.unsigned_driver",
		.says = "vboxdrv is signed, but the kernel refuses the key that signed it, which is not "
			"enrolled (\"Loading of module with unavailable key is rejected\", \"PKCS#7 "
			"signature not signed with a trusted key\"; modprobe: \"Key was rejected by "
			"service\").",
		.remedy = "Enroll the key that signed it (DKMS: `sudo mokutil --import "
			  "/var/lib/dkms/mok.pub`, reboot, \"Enroll MOK\"), or sign vboxdrv with a key that "
			  "is enrolled; or disable Secure Boot.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "Linux kernel/module/signing.c (\"module with unavailable key\"); "
			  "https://connaissances.fournier38.fr/entry/"
			  "Cr%C3%A9er%20les%20modules%20sign%C3%A9s%20pour%20le%20SecureBoot (vboxdrv.sh "
			  "\"Signing VirtualBox kernel modules\", then \"Loading of module with unavailable "
			  "key is rejected\"), https://github.com/Snawoot/linux-secureboot-kit/issues/3 "
			  "(\"PKCS#7 signature not signed with a trusted key\")",
	},
	{
		.id = "vboxdrv_signed_not_loaded",
		.subject = VC_KN_VBOXDRV,
		.extra = vboxdrv_signed_not_loaded,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_loaded",
		.says = "vboxdrv is built for this kernel and signed (its .ko ends with \"~Module signature "
			"appended~\"; DKMS signs with /var/lib/dkms/mok.key on Debian and Ubuntu) and the "
			"kernel log shows no refusal for its key: Secure Boot is not what stops it, it is "
			"only not loaded.",
		.remedy = "Load it: `sudo systemctl restart vboxdrv` (VirtualBox's packages; `virtualbox` "
			  "for Debian's and Ubuntu's) or `sudo modprobe vboxdrv`; if that says \"Key was "
			  "rejected by service\", enroll the signing key (`sudo mokutil --import "
			  "/var/lib/dkms/mok.pub`, reboot).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "Linux include/linux/module_signature.h (MODULE_SIG_STRING), kernel/module/"
			  "signing.c module_sig_check() (refuses unsigned modules and untrusted keys only); "
			  "dkms framework.conf (dkms 3: mok_signing_key=/var/lib/dkms/mok.key, "
			  "mok_certificate=/var/lib/dkms/mok.pub)",
	},
	/* ---- s11-pastes (issue 15, a blind round on new real pastes): vboxdrv that cannot be built
	 * because the running kernel's headers or the compiler are missing ---- */
	/* ---- a crouton chroot, whose kernel is ChromeOS's ---- */
	{
		.id = "vboxdrv_crouton_no_headers",
		.subject = VC_KN_VBOXDRV,
		.extra = crouton_no_headers,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_loaded",
		.says = "VirtualBox's setup cannot build vboxdrv in this crouton chroot: it runs on "
			"ChromeOS's kernel, for which the chroot's distribution ships no headers package "
			"(\"not set up to build kernel modules\"), and ChromeOS's module locking refuses "
			"modules from outside its root file system.",
		.remedy = "Build the headers of the running ChromeOS kernel from ChromeOS's kernel source "
			  "at exactly that release (crouton's wiki \"Build kernel headers and install "
			  "Virtualbox (x86)\"), disable module locking with crouton-packages' "
			  "change-kernel-flags (again after each ChromeOS update), then sudo "
			  "/sbin/vboxconfig. On 3.18 and later kernels (their release changes with each "
			  "ChromeOS update) the headers' maintainer no longer supports this and advises "
			  "booting a regular Linux from USB (legacy boot) instead.",
		.confidence = VC_KN_LIKELY,
		.source = "divx118/crouton-packages README.md (git 4e5f78a: change-kernel-flags in crosh, "
			  "setup-headers.sh in the chroot, headers \"build according to this guide "
			  "https://github.com/dnschneid/crouton/wiki/Build-kernel-headers-and-install-"
			  "Virtualbox-(x86)\"; a6d0bad: \"Virtual box modules and the repo is currently "
			  "broken\"); https://github.com/dnschneid/crouton/issues/3008 (divx118: the 3.18 "
			  "kernels' subversion changes with each update; \"enabling USB boot and install a "
			  "legacy linux version\"); https://github.com/divx118/crouton-packages/issues/72 "
			  "(\"This is why I stopped supporting it\"; legacy boot)",
	},
	/* ---- end s12-pa ---- */
	{
		.id = "vboxdrv_no_headers",
		.subject = VC_KN_VBOXDRV,
		.extra = vbox_no_build_tools,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_loaded",
		.says = "VirtualBox's setup cannot build vboxdrv for the running kernel: that kernel's "
			"headers (or gcc, make, perl) are not installed (\"not set up to build kernel "
			"modules\", \"unable to find the sources of your current Linux kernel\"), so "
			"vboxdrv is not loaded and VMs fail with \"Kernel driver not installed "
			"(rc=-1908)\".",
		/* HEADERS: the distribution's own command (the headers_ rows), or each of them */
		.remedy = "Install the running kernel's headers (HEADERS) and gcc, make and perl, then "
			  "build the driver again: sudo /sbin/vboxconfig",
		.confidence = VC_KN_ESTABLISHED,
		.source =
			"VirtualBox's module Makefiles (KERN_DIR := /lib/modules/$(uname -r)/build, else "
			"/usr/src/linux, else \"Error: unable to find the sources of your current Linux "
			"kernel\"), vboxdrv.sh (\"This system is currently not set up to build kernel "
			"modules. Please install the Linux kernel \\\"header\\\" files\"); "
			"https://github.com/divx118/crouton-packages/issues/41 (vbox-install.log: \"unable "
			"to find the sources\"; the answer: the kernel headers), "
			"https://github.com/linux-surface/linux-surface/issues/1705 (installing the headers "
			"fixed it)",
	},
	/* ---- end s11-pastes ---- */
	{
		.id = "vboxdrv_not_loaded_dkms",
		.subject = VC_KN_VBOXDRV,
		.extra = vboxdrv_missing_dkms,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_loaded",
		.says = "VirtualBox is installed from the distribution (Debian's or Ubuntu's package, "
			"whose vboxdrv DKMS builds: virtualbox-dkms) and vboxdrv is not loaded: DKMS built "
			"none for the running kernel, most often for want of that kernel's headers. VMs "
			"fail with \"Kernel driver not installed (rc=-1908)\".",
		.remedy = "Install the running kernel's headers (HEADERS), then have DKMS build vboxdrv "
			  "for it and load it: `sudo dpkg-reconfigure virtualbox-dkms && sudo modprobe "
			  "vboxdrv` (this package has no /sbin/vboxconfig; `dkms status` and "
			  "/var/lib/dkms/virtualbox/VERSION/build/make.log say why a build fails).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "VirtualBox src/VBox/VMM/VMMR3/VM.cpp (Oracle's words: \"'/sbin/vboxconfig' as "
			  "root\"), Debian's and Ubuntu's instead: \"Please reinstall virtualbox-dkms "
			  "package and load the kernel module by executing 'modprobe vboxdrv'\"; "
			  "https://github.com/FreelancePentester/ddos-script/issues/4 (Kali 4.7.0: "
			  "\"apt-get install linux-headers-$(uname -r)\" solved it); dkms(8)",
	},
	{
		.id = "vboxdrv_not_loaded",
		.subject = VC_KN_VBOXDRV,
		.extra = vboxdrv_missing,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_loaded",
		.says = "VirtualBox is installed and vboxdrv is not loaded (none of the reasons above is "
			"shown): VMs fail with \"Kernel driver not installed (rc=-1908)\" until it is built "
			"for the running kernel and loaded.",
		.remedy = "sudo /sbin/vboxconfig (it builds and loads vboxdrv; `dmesg` and "
			  "/var/log/vbox-setup.log say why when it fails).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "VirtualBox's own message for VERR_VM_DRIVER_NOT_INSTALLED (\"The VirtualBox Linux "
			  "kernel driver is either not loaded or not set up correctly\"); "
			  "https://github.com/void-linux/void-packages/issues/33920",
	},
	/* ---- a loaded vboxdrv older than the installed VirtualBox (the virtualbox probe
	 * reports it on a host; explain --log from "Unable to locate imported symbol") ---- */
	{
		.id = "vboxdrv_older_than_virtualbox",
		.subject = VC_KN_VBOXDRV,
		.extra = vbox_driver_older,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_SYMBOL_NOT_FOUND",
		.error_amd = "VERR_SYMBOL_NOT_FOUND",
		.finding = "virtualbox.driver_mismatch",
		.says = "The loaded vboxdrv is not the installed VirtualBox's own. An older one (not "
			"rebuilt or not reloaded after an upgrade) lacks a symbol VirtualBox's ring-0 "
			"module VMMR0.r0 imports, and every VM fails with \"Unable to locate imported "
			"symbol ... (VERR_SYMBOL_NOT_FOUND)\"; one of another release series (a "
			"downgrade not reloaded) need not speak this VirtualBox's interface.",
		.remedy = "Rebuild vboxdrv for the installed VirtualBox and load it in place of the old one: "
			  "`sudo /sbin/vboxconfig` (Oracle's packages; it unloads the old one), `sudo akmods "
			  "--force` (RPM Fusion) or `sudo dkms autoinstall` (DKMS packages) followed by "
			  "`sudo modprobe -r vboxnetadp vboxnetflt vboxdrv && sudo modprobe vboxdrv`; or "
			  "reboot.",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/VirtualBox/virtualbox/issues/425 (7.2.4_RPMFUSION, Fedora "
			  "42, 6.16.10: \"Unable to locate imported symbol 'SUPR0EnableHwvirt' for module "
			  "'VMMR0.r0' (VERR_SYMBOL_NOT_FOUND)\"); VERR_SYMBOL_NOT_FOUND (-609) in VirtualBox "
			  "include/iprt/err.h; another series: SUP_IOCTL_COOKIE in "
			  "src/VBox/HostDrivers/Support/SUPDrv.cpp refuses a client whose interface "
			  "major differs (VERR_VERSION_MISMATCH)",
	},
	{
		.id = "vboxdrv_loaded_kernel_without_kvm",
		.subject = VC_KN_VBOXDRV,
		.kernel = FROM(6, 15, 0),
		.kconfig_unset = "CONFIG_KVM",
		.extra = vboxdrv_loaded,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "vbox_emt_scheduling_while_atomic",
		.error_amd = "vbox_emt_scheduling_while_atomic",
		.finding = "virtualbox.kernel_without_kvm",
		.says = "On Linux 6.15+ built without CONFIG_KVM (only KVM selects the preempt notifiers "
			"vboxdrv relies on), a vboxdrv that loads still cannot run VMs: they abort at start "
			"(\"Failed to get a console object from the direct session (NS_ERROR_ABORT)\"; "
			"\"BUG: scheduling while atomic: EMT-0\" and a segfault in the kernel log).",
		.remedy = "Build the kernel with CONFIG_KVM=m (and CONFIG_KVM_INTEL/CONFIG_KVM_AMD=m), "
			  "rebuild vboxdrv against it, and unload kvm_intel/kvm_amd before starting "
			  "VirtualBox VMs (or set kvm.enable_virt_at_load=0); or boot a distribution kernel "
			  "(built with KVM).",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/VirtualBox/virtualbox/issues/9 (\"7.2.0_beta1: cannot start "
			  "vms if kernel 6.15.0 is compiled without CONFIG_KVM\": NS_ERROR_ABORT; "
			  "\"CONFIG_KVM seems to be required at build time\"), "
			  "https://github.com/VirtualBox/virtualbox/issues/37 (7.1.10 on 6.15/6.15.1: "
			  "\"scheduling while atomic: EMT-0\"; what worked: KVM as modules, kvm unloaded "
			  "before the VMs)",
	},
	/* ---- VirtualBox's driver and FRED (not about KVM: vc_knowledge_vbox_next_to_kvm skips them) ---- */
	{
		.id = "vboxdrv_fred_panics_host",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 14), V(7, 2, 16) },
		.extra = fred_active,
		.outcome = VC_KN_HOST_CRASH,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "fred_invalid_event",
		.error_amd = "fred_invalid_event",
		.finding = "virtualbox.fred_panics_host",
		.says = "On a kernel running with FRED, starting a VirtualBox 7.2.14 VM panics the host "
			"(\"BUG: invalid or fatal FRED event\" in the VM's EMT thread); with fred=off it "
			"runs.",
		.remedy = "Boot with fred=off until a VirtualBox release carries the fix (made in svn, "
			  "release not named).",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/VirtualBox/virtualbox/issues/784 (VirtualBox 7.2.14, Linux "
			  "7.1.5, \"BUG: "
			  "invalid or fatal FRED event\" in EMT-0; \"kernel parameter fred=off prevents the "
			  "kernel panic\"; labelled \"fixed in svn\", no release named)",
	},
	{
		.id = "vboxdrv_fred_may_panic_host",
		.subject = VC_KN_VBOXDRV,
		.version = FROM(7, 2, 16),
		.extra = fred_active,
		.outcome = VC_KN_HOST_CRASH,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "fred_invalid_event",
		.error_amd = "fred_invalid_event",
		.finding = "virtualbox.fred_panics_host",
		.says = "VirtualBox 7.2.14 panicked hosts running with FRED; whether this later release has "
			"the fix is not known (no changelog line found).",
		.remedy = "If starting a VM freezes or panics the host, boot with fred=off.",
		.confidence = VC_KN_UNCLEAR,
		.source = "https://github.com/VirtualBox/virtualbox/issues/784 (VirtualBox 7.2.14, Linux "
			  "7.1.5, \"BUG: "
			  "invalid or fatal FRED event\" in EMT-0; \"kernel parameter fred=off prevents the "
			  "kernel panic\"; labelled \"fixed in svn\", no release named)",
	},
	/* ---- VirtualBox's KVM backend ---- */
	{
		.id = "vbox_nem_blocked_by_other_vt",
		.subject = VC_KN_VBOX_NEM,
		.extra = nem_vt_taken,
		.outcome = VC_KN_BLOCKED,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_NEM_VM_CREATE_FAILED",
		.error_amd = "VERR_NEM_VM_CREATE_FAILED",
		.finding = "virtualbox.nem_backend",
		.says = "VirtualBox's KVM backend creates a KVM VM for every VM it starts: while a VM of "
			"vboxdrv (an official VirtualBox) or of VMware's vmmon holds VT-x/AMD-V, KVM cannot "
			"switch it on, and VMs fail with VERR_NEM_VM_CREATE_FAILED (\"KVM_CREATE_VM failed: "
			"16\", EBUSY).",
		.remedy = "Stop the other hypervisor's VMs, unload vboxdrv or vmmon and keep them from "
			  "loading at boot: the KVM backend needs no vboxdrv.",
		.confidence = VC_KN_ESTABLISHED,
		.source = NEM_LINUX
		" (\"KVM_CREATE_VM failed: %u\"); Linux arch/x86/kvm/vmx/vmx.c "
		"vmx_hardware_enable() and arch/x86/kvm/svm/svm.c: VT already on (CR4.VMXE, "
		"EFER.SVME) returns -EBUSY",
	},
	{
		.id = "vbox_nem_no_dev_kvm",
		.subject = VC_KN_VBOX_NEM,
		.extra = nem_no_dev_kvm,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_NOT_SUPPORTED",
		.error_amd = "VERR_NOT_SUPPORTED",
		.finding = "virtualbox.nem_backend",
		.says = "VirtualBox's KVM backend runs on /dev/kvm and this host has none: VMs fail with "
			"VERR_NOT_SUPPORTED (\"KVM is not availble (/dev/kvm does not exist)\").",
		.remedy = "Load kvm_intel or kvm_amd (VT-x/AMD-V enabled in the firmware).",
		.confidence = VC_KN_ESTABLISHED,
		.source = NEM_LINUX " (open(\"/dev/kvm\") ENOENT)",
	},
	{
		.id = "vbox_nem_no_dev_kvm_access",
		.subject = VC_KN_VBOX_NEM,
		.extra = nem_kvm_denied,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_ACCESS_DENIED",
		.error_amd = "VERR_ACCESS_DENIED",
		.finding = "virtualbox.nem_backend",
		.says = "VirtualBox's KVM backend opens /dev/kvm as the user who starts the VM, who may "
			"not: VMs fail with VERR_ACCESS_DENIED (\"Do not have access to open /dev/kvm for "
			"reading & writing.\").",
		.remedy = "Give that user /dev/kvm as for QEMU: the kvm group (then log in again), or a "
			  "udev rule.",
		.confidence = VC_KN_ESTABLISHED,
		.source = NEM_LINUX
		" (open(\"/dev/kvm\", O_RDWR) EACCES); "
		"https://github.com/cyberus-technology/virtualbox-kvm/issues/6 (maintainer: "
		"\"/dev/kvm on your system with permissions that allow you to access it\")",
	},
	{
		.id = "vbox_nem_needs_xsave",
		.subject = VC_KN_VBOX_NEM,
		.extra = nem_no_xsave,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_NEM_IPE_3",
		.error_amd = "VERR_NEM_IPE_3",
		.finding = "virtualbox.nem_backend",
		.says = "The KVM backend of cyberus-technology/virtualbox-kvm needs a CPU with XSAVE (Intel "
			"2nd Gen Core or newer) and this one has none: its VMs fail.",
		.remedy = "None on this CPU (no XSAVE) for that KVM backend; QEMU/KVM runs here.",
		.confidence = VC_KN_LIKELY,
		.source = NEM_README " (\"Processor support for the XSAVE instruction is required\")",
	},
	{
		.id = "vbox_nem_tsc_aux_no_rdtscp",
		.subject = VC_KN_VBOX_NEM,
		.extra = nem_no_rdtscp,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_NEM_IPE_3",
		.error_amd = "VERR_NEM_IPE_3",
		.finding = "virtualbox.nem_backend",
		.says = "Oracle's KVM-backend test builds up to r173630 synced TSC_AUX with KVM on CPUs "
			"without RDTSCP, such as this one: every VM stops with Guru Meditation -6893 "
			"(VERR_NEM_IPE_3). Fixed in svn; later test builds boot guests on Core 2 CPUs.",
		.remedy = "Install a newer VirtualBox test build (7.2.97 r173843 or later boots guests on "
			  "Core 2 CPUs).",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/VirtualBox/virtualbox/issues/603 (Core 2 Quad Q9300, 7.2.97 "
			  "test build; AlexanderEichner's patch to "
			  "src/VBox/VMM/VMMR3/target-x86/NEMR3Native-linux-x86.cpp against r173630: sync "
			  "MSR_K8_TSC_AUX only when the host has RDTSCP; labelled \"fixed in svn\"); "
			  "https://github.com/VirtualBox/virtualbox/issues/652 (7.2.97-173843 boots guests "
			  "on Core 2 CPUs)",
	},
	{
		.id = "vbox_nem_split_lock_detect",
		.subject = VC_KN_VBOX_NEM,
		.vendor = VC_KN_INTEL,
		.extra = nem_split_lock,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.finding = "virtualbox.nem_backend",
		.says = "On Intel Tiger Lake (11th Gen Core) and newer, VirtualBox's KVM backend needs the "
			"kernel's split lock detection off, and it is on here.",
		.remedy = "split_lock_detect=off on the kernel command line, or the split_lock_mitigate "
			  "sysctl at 0.",
		.confidence = VC_KN_LIKELY,
		.source = NEM_README " (\"split lock detection must be turned off in the host system\")",
	},
	{
		.id = "vbox_nem_nixos_enable_kvm",
		.subject = VC_KN_VBOX_NEM,
		.extra = nixos,
		.outcome = VC_KN_NOTE,
		.says = "NixOS builds VirtualBox's KVM backend with virtualisation.virtualbox.host.enableKvm "
			"= true: no vbox modules in boot.kernelModules or extraModulePackages, and the "
			"module "
			"asserts addNetworkInterface = false (only NAT networking).",
		.remedy = "virtualisation.virtualbox.host = { enable = true; enableKvm = true; "
			  "addNetworkInterface = false; }; then `sudo nixos-rebuild switch`.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "NixOS/nixpkgs nixos/modules/virtualisation/virtualbox-host.nix (eddf58151840: "
			  "enableKvm, its assertion, mkIf (!cfg.enableKvm) boot.kernelModules and the "
			  "vboxdrv udev rule); told apart on a host by /etc/modules-load.d/nixos.conf "
			  "(nixos/modules/system/boot/kernel.nix) and /etc/udev/rules.d/99-local.rules "
			  "(nixos/modules/services/hardware/udev.nix extraRules)",
	},
	{
		.id = "vbox_nem_uses_dev_kvm",
		.subject = VC_KN_VBOX_NEM,
		.outcome = VC_KN_SHARES,
		.finding = "virtualbox.nem_backend",
		.says = "VirtualBox's KVM backend (NEM: trunk test builds, "
			"cyberus-technology/virtualbox-kvm, "
			"NixOS's KVM option) has no vboxdrv: it runs on /dev/kvm like QEMU. Its errors: "
			"VERR_ACCESS_DENIED (no access to /dev/kvm), VERR_NOT_SUPPORTED (/dev/kvm does not "
			"exist), VERR_NEM_VM_CREATE_FAILED (KVM_CREATE_VM failed: 16 when another hypervisor "
			"holds VT), VERR_NEM_MISSING_FEATURE, VERR_NEM_IPE_3.",
		.remedy = "What KVM needs: /dev/kvm present and open to the user, VT not held by another "
			  "hypervisor.",
		.confidence = VC_KN_ESTABLISHED,
		.source = NEM_LINUX "; https://github.com/cyberus-technology/virtualbox-kvm/issues/8 "
				    "(VBOX_WITH_DRIVERLESS_FORCED); "
				    "https://github.com/VirtualBox/virtualbox/issues/603",
	},
	{
		.id = "vbox_official_no_nem",
		.subject = VC_KN_VBOXDRV,
		.version = { V(7, 2, 0), V(7, 2, 90) },
		.extra = logged_driverless,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_SUP_DRIVERLESS",
		.error_amd = "VERR_SUP_DRIVERLESS",
		.finding = "virtualbox.logged_failure",
		.says = "Official 7.2.x releases have no KVM backend on Linux: without vboxdrv (or with "
			"--driverless) VMs fail with VERR_SUP_DRIVERLESS (-5699), \"NEM: NEMR3Init: Not "
			"available\".",
		.remedy = "Load vboxdrv; a KVM-backend build is a different package (virtualbox-kvm).",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/VirtualBox/virtualbox/issues/2 (7.2 release build log: "
			  "rc=VERR_SUP_DRIVERLESS)",
	},
	/* ---- VMware ---- */
	{
		/* issue 15 (s8-f15): read in vmmon's world switch, it replaces the unsourced
		 * "vmmon needs VT free" guess */
		.id = "vmmon_runs_next_to_kvm",
		.subject = VC_KN_VMWARE,
		.kernel = FROM(6, 12, 0),
		.kvm = VC_KN_KVM_HOLDS,
		.outcome = VC_KN_FINE,
		.blocked = VC_HV_NONE,
		.says = "VMware's vmmon enters VMX root for each switch to its monitor and, when VMXON "
			"fails because another hypervisor is already in VMX root (a kvm_intel that holds "
			"VT-x since load, 6.12+), saves that hypervisor's current VMCS and loads it back on "
			"the way out; on AMD it keeps EFER.SVME as found and restores VM_HSAVE_PA. Every "
			"vmmon from Workstation 12.5.5's on does this. So a loaded KVM does not stop "
			"VMware VMs: Workstation 17.6.1 ran a VM on 6.12-rc2; no report shows vmmon "
			"failing next to it (no VMware document says either way).",
		.remedy = "Nothing: keep kvm_intel/kvm_amd loaded.",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/mkubecek/vmware-host-modules vmmon-only/common/task.c, "
			  "Task_Switch (branch workstation-17.5.1, 2c6d66f3): \"VMXON_2_STATUS(...) ... "
			  "else VMPTRST(&foreignVMCS)\" ... \"else if (foreignVMCS != ~0ULL) "
			  "VMPTRLD_UNCHECKED(&foreignVMCS)\"; foreignHSAVE saved and restored; the same in "
			  "755b521 (\"import Workstation 12.5.5 module sources\", the oldest tree there) "
			  "and in all 84 workstation-* and player-* branches (to 17.5.1); "
			  "https://github.com/mkubecek/vmware-host-modules/issues/278 (dkchi-001: 17.6.1 "
			  "unpatched on Fedora Rawhide 6.12.0-rc2, \"running VM is OK. No error.\"; lsmod "
			  "not shown)",
	},
	{
		.id = "vmmon_fred_panics_host",
		.subject = VC_KN_VMWARE,
		.extra = fred_active,
		.outcome = VC_KN_HOST_CRASH,
		.blocked = VC_HV_VMWARE,
		.error_intel = "fred_invalid_event",
		.error_amd = "fred_invalid_event",
		.finding = "vmware.fred_panics_host",
		.says = "On a kernel running with FRED, powering on any VMware VM panics the host: vmmon "
			"re-enters the host with a software interrupt (int $0xec), which FRED treats as an "
			"invalid, fatal event. Reported with Workstation 26H1 on Linux 7.2.2.",
		.remedy = "Boot with fred=off (the report masked the CPU feature with clearcpuid=401, which "
			  "taints the kernel).",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/mkubecek/vmware-host-modules/issues/337 (Workstation 26H1, "
			  "Linux 7.2.2-arch1-1, Core Ultra 7 356H: \"BUG: invalid or fatal FRED event\"; "
			  "clearcpuid=401 works around it; linux-lts 6.18 unaffected)",
	},
	/* ---- VMware's host drivers vmmon and vmnet (issue 15, A2): why VMs cannot power on ---- */
	{
		.id = "vmmon_version_mismatch",
		.subject = VC_KN_VMWARE,
		.extra = vmmon_mismatch,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VMWARE,
		.error_intel = "vmware_vmmon_version_mismatch",
		.error_amd = "vmware_vmmon_version_mismatch",
		.finding = "vmware.driver_mismatch",
		.says = "Each Workstation release checks VMMON_VERSION when a VM powers on: a vmmon built "
			"from "
			"another release's sources (416 for 17.5, 417 for 17.6, 418 for 25H2) fails with "
			"\"Version mismatch with vmmon module: expecting 417.0, got 416.0\".",
		.remedy = "Build vmmon and vmnet from this release's own sources (reinstall Workstation, or "
			  "a host-modules tree made for it), `vmware-modconfig --console --install-all`, "
			  "then reload vmmon.",
		.confidence = VC_KN_ESTABLISHED,
		.source = VMMON_MISMATCH,
	},
	/* the build failed for want of the kernel's headers, which its log names: not a
	 * kernel this release does not support, and the headers row's package for that kernel */
	{
		.id = "vmmon_no_headers",
		.subject = VC_KN_VMWARE,
		.extra = vmmon_no_headers,
		.outcome = VC_KN_NO_BUILD,
		.blocked = VC_HV_VMWARE,
		.error_intel = "vmware_modules_build_failed",
		.error_amd = "vmware_modules_build_failed",
		.finding = "vmware.driver_not_loaded",
		.says = "VMware's module installer could not build vmmon and vmnet because the kernel's "
			"headers are not installed (its log: \"Failed to find "
			"/lib/modules/KVER/build/include\"): nothing about the kernel or the release stops "
			"the build, and VMs fail with \"Could not open /dev/vmmon\" until it succeeds.",
		/* HEADERS: the headers_ rows' package for the kernel the log names */
		.remedy = "Install the headers of that kernel (HEADERS), then build and load the modules: "
			  "sudo vmware-modconfig --console --install-all",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/M-Bab/linux-kernel-amdgpu-binaries/issues/18 (the kernel "
			  "package deleted its dangling /lib/modules/4.12.13+/build and source links, \"I "
			  "can not read it ... Therefore, I am deleting /lib/modules/4.12.13+/build\", and "
			  "Workstation 12.5.7's modconfig then failed to build vmnet; the modconfig line for "
			  "the missing directory itself is not quoted in a public log found: likely); "
			  "https://github.com/mkubecek/vmware-host-modules/issues/64 (mkubecek: "
			  "`vmware-modconfig --console --install-all` shows the build errors)",
	},
	/* before vmmon_not_built, whose first step (vmware-modconfig) is what failed */
	{
		.id = "vmmon_build_failed",
		.subject = VC_KN_VMWARE,
		.extra = vmmon_build_failed,
		.outcome = VC_KN_NO_BUILD,
		.blocked = VC_HV_VMWARE,
		.error_intel = "vmware_modules_build_failed",
		.error_amd = "vmware_modules_build_failed",
		.finding = "vmware.driver_not_built",
		.says = "VMware's module installer could not build vmmon and vmnet for the running kernel "
			"(\"Unable to install all modules. See log /tmp/vmware-USER/vmware-PID.log\"): that "
			"kernel's headers are missing (the log: \"Failed to find "
			"/lib/modules/KVER/build/include\"), or the module sources of this Workstation "
			"release do not compile against a kernel newer than the release (compiler errors "
			"in the log). Until a build succeeds VMs fail with \"Could not open /dev/vmmon\".",
		.remedy = "Read the first error in the log it names, or see it on the terminal: `sudo "
			  "vmware-modconfig --console --install-all`. Headers missing: install them "
			  "(`sudo apt install linux-headers-$(uname -r)`, `sudo dnf install "
			  "kernel-devel-$(uname -r)`) and run it again. Compiler errors: this release does "
			  "not support the running kernel yet: install a release that does, or put a "
			  "host-modules tree patched for this kernel in /usr/lib/vmware/modules/source "
			  "(vmmon.tar, vmnet.tar) and run it again, or boot the previous kernel.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/mkubecek/vmware-host-modules/issues/322 (Workstation 17.6.2, "
			  "Fedora 42, 6.16.7: \"Unable to install all modules\"; the patch from #319 / pull "
			  "request 320 made it build); "
			  "https://github.com/mkubecek/vmware-host-modules/issues/64 (mkubecek: \"even "
			  "running `vmware-modconfig --console --install-all` from a terminal would show "
			  "you build errors\"); https://github.com/M-Bab/linux-kernel-amdgpu-binaries/"
			  "issues/18 (the modconfig log: \"W115: Failed to build vmnet.  Failed to execute "
			  "the build command.\", after the kernel package deleted its build link)",
	},
	{
		.id = "vmmon_not_built",
		.subject = VC_KN_VMWARE,
		.extra = vmmon_not_built,
		.outcome = VC_KN_NO_BUILD,
		.blocked = VC_HV_VMWARE,
		.error_intel = "vmware_no_vmmon",
		.error_amd = "vmware_no_vmmon",
		.finding = "vmware.driver_not_built",
		.says = "Workstation/Player is installed but no vmmon.ko exists for the running kernel (a "
			"kernel update, or a build that failed): VMs fail with \"Could not open /dev/vmmon: "
			"No such file or directory. Please make sure that the kernel module `vmmon' is "
			"loaded\".",
		.remedy = "`vmware-modconfig --console --install-all` for this kernel; when it fails, a "
			  "Workstation release (or host-modules tree) that supports the kernel, or the "
			  "previous kernel.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/bytium/vm-host-modules/issues/12, "
			  "https://github.com/mkubecek/vmware-host-modules/issues/194 (the message); modules "
			  "installed to /lib/modules/KVER/misc: "
			  "https://github.com/mkubecek/vmware-host-modules/issues/191",
	},
	{
		.id = "vmmon_unsigned_refused",
		.subject = VC_KN_VMWARE,
		.extra = vmmon_refused_unsigned,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VMWARE,
		.error_intel = "vmware_no_vmmon",
		.error_amd = "vmware_no_vmmon",
		.finding = "vmware.unsigned_driver",
		.says = "With Secure Boot (lockdown) or module.sig_enforce the kernel loads only modules "
			"signed by an enrolled key; vmware-modconfig and the host-modules Makefiles sign "
			"nothing, so vmmon and vmnet are refused (\"Lockdown: modprobe: unsigned module "
			"loading is restricted\", \"could not insert 'vmmon': Key was rejected by "
			"service\").",
		.remedy = "Sign vmmon.ko and vmnet.ko with an enrolled MOK key (Fedora: the akmods key; "
			  "elsewhere a key imported with mokutil), after every rebuild; or disable Secure "
			  "Boot.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/jhenriquelc/fedora-vmware-installer/issues/1 (sign-file with "
			  "the akmods key fixed it); "
			  "https://github.com/Hyphaed/vmware_module_builder/issues/7 (Key was rejected by "
			  "service); https://community.broadcom.com/vmware-cloud-foundation/question/"
			  "kernel-modules-for-vmware-workstation-series-products-fail-to-load-on-linux-with-"
			  "secure-boot; Linux security/lockdown/lockdown.c, kernel/module/signing.c",
	},
	{
		.id = "vmmon_not_loaded",
		.subject = VC_KN_VMWARE,
		.extra = vmmon_not_loaded,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VMWARE,
		.error_intel = "vmware_no_vmmon",
		.error_amd = "vmware_no_vmmon",
		.finding = "vmware.driver_not_loaded",
		.says = "vmmon.ko is built for this kernel but not loaded (VMware's service did not start "
			"or was never enabled): VMs fail with \"Could not open /dev/vmmon\".",
		.remedy = "Start VMware's service (`systemctl start vmware`, which loads vmmon and vmnet), "
			  "or `modprobe -a vmmon vmnet`.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/jhenriquelc/fedora-vmware-installer/issues/1 (vmware.service "
			  "loads vmmon \"Virtual machine monitor\" and vmnet); "
			  "https://github.com/bytium/vm-host-modules/issues/12 (the message)",
	},
	/* ---- session 8, task 21: a Windows or macOS host whose logs explain --log reads. Its cause
	 * and remedy are that host's: Hyper-V, the firmware, VirtualBox's driver, macOS's approval of
	 * kernel extensions. Tried in this order; one cause each (explain takes the first row of a
	 * cause). ---- */
	{
		.id = "win_vt_disabled_by_firmware",
		.subject = VC_KN_OTHER_HOST,
		.environment = "windows",
		.extra = host_firmware_disabled,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VMX_MSR_ALL_VMX_DISABLED",
		.error_amd = "VERR_SVM_DISABLED",
		.finding = "msr.vt_disabled_by_firmware",
		.says = "The firmware of this Windows host disabled VT-x/AMD-V: no hypervisor can use it "
			"until it is enabled in the firmware setup.",
		.remedy = "Enable \"Intel Virtualization Technology\" (VT-x) or \"SVM Mode\" (AMD-V) in the "
			  "firmware setup (Windows: Settings > System > Recovery > Advanced startup > "
			  "Troubleshoot > Advanced options > UEFI Firmware Settings), then power the machine "
			  "off and on; Task Manager's Performance > CPU then says \"Virtualization: "
			  "Enabled\".",
		.confidence = VC_KN_ESTABLISHED,
		.reboot = true,
		.source = "https://support.microsoft.com/en-us/windows/enable-virtualization-on-windows-"
			  "c5578302-6e43-4b4b-a449-8ced115f58e1; VirtualBox/virtualbox include/VBox/err.h "
			  "(VERR_VMX_MSR_ALL_VMX_DISABLED, VERR_SVM_DISABLED)",
	},
	{
		.id = "win_hyperv_holds_vt",
		.subject = VC_KN_OTHER_HOST,
		.environment = "windows",
		.extra = win_hyperv_holds_vt,
		.outcome = VC_KN_BLOCKED,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_NEM_VM_CREATE_FAILED",
		.error_amd = "VERR_NEM_VM_CREATE_FAILED",
		.finding = "virtualbox.logged_failure",
		.says = "Windows runs on Hyper-V (Hyper-V, Memory Integrity or other Virtualization-based "
			"Security, WSL2, Windows Sandbox): Microsoft's hypervisor holds VT-x/AMD-V on this "
			"Windows host, so VirtualBox (or VMware, or the emulator) gets none, or only "
			"Hyper-V's slower "
			"API. The cause is on the Windows host, not in Linux.",
		.remedy =
			"On the Windows host, turn off what runs Windows on Hyper-V: in an administrator "
			"Command Prompt `bcdedit /set hypervisorlaunchtype off`; switch off Memory "
			"Integrity (Windows Security > Device security > Core isolation); in \"Turn Windows "
			"features on or off\" untick Hyper-V, Virtual Machine Platform, Windows Hypervisor "
			"Platform and Windows Sandbox (WSL2 and Docker Desktop need them); then shut down "
			"and start again. Or keep Hyper-V: VirtualBox 6.0 and later then run VMs through it "
			"(slower, the turtle icon) with the Windows Hypervisor Platform feature on.",
		.confidence = VC_KN_ESTABLISHED,
		.reboot = true,
		.source = "https://learn.microsoft.com/en-us/troubleshoot/windows-client/application-"
			  "management/virtualization-apps-not-work-with-hyper-v (bcdedit /set "
			  "hypervisorlaunchtype off); https://www.virtualbox.org/manual/topics/hyperv.html; "
			  "https://github.com/kubernetes/minikube/issues/4587, "
			  "https://github.com/hashicorp/vagrant/issues/12471, "
			  "https://github.com/myspaghetti/macos-virtualbox/issues/370 (memory integrity, "
			  "hypervisorlaunchtype); VMware: its KB 2146361 \"VMware Workstation and "
			  "Device/Credential Guard are not compatible\" (cited in "
			  "https://github.com/farag2/Sophia-Script-for-Windows/issues/107)",
	},
	{
		.id = "win_emulator_no_hypervisor_driver",
		.subject = VC_KN_OTHER_HOST,
		.environment = "windows",
		.extra = win_emulator_no_driver,
		.outcome = VC_KN_NO_LOAD,
		.finding = "kvm.not_loaded",
		.says = "The Android emulator on this Windows host has no hypervisor driver (HAXM or the "
			"Android Emulator hypervisor driver) and no Windows Hypervisor Platform.",
		.remedy = "Install the Android Emulator hypervisor driver (Android Studio: SDK Manager > SDK "
			  "Tools), or with Hyper-V on, switch on the Windows Hypervisor Platform feature; "
			  "VT-x/AMD-V must be enabled in the firmware.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://developer.android.com/studio/run/emulator-acceleration (Configure VM "
			  "acceleration on Windows: AEHD, WHPX)",
	},
	{
		.id = "win_vboxsup_not_running",
		.subject = VC_KN_OTHER_HOST,
		.environment = "windows",
		.extra = win_vboxsup_not_running,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_loaded",
		.says = "VirtualBox's support driver (VBoxSup) is not running on this Windows host: VMs "
			"cannot start until it is.",
		.remedy = "Repair or reinstall VirtualBox with \"Run as administrator\" (the installer "
			  "installs and starts its VBoxSup driver), then restart Windows; `sc.exe query "
			  "vboxsup` must say RUNNING (`sc.exe start vboxsup` starts it and names what stops "
			  "it).",
		.confidence = VC_KN_LIKELY,
		.source = "VirtualBox/virtualbox src/VBox/HostDrivers/Support/win (the VBoxSup service); "
			  "https://github.com/ArchiveTeam/seesaw-kit/issues/116 (reinstalled, rebooted: "
			  "works), https://github.com/TheRandomLabs/scoop-nonportable/issues/102 "
			  "(VBoxDrvStub STATUS_NO_SUCH_DEVICE: driver reinstalled, reboot)",
	},
	{
		.id = "win_vboxsup_stale",
		.subject = VC_KN_OTHER_HOST,
		.environment = "windows",
		.extra = win_vboxsup_stale,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.finding = "virtualbox.driver_not_loaded",
		.says = "VirtualBox's support driver running on this Windows host (VBoxSup) is an older "
			"release's than the VirtualBox installed: its VMMR0.r0 imports a symbol that driver "
			"does not export (VERR_LDR_IMPORTED_SYMBOL_NOT_FOUND, or VERR_SYMBOL_NOT_FOUND), so "
			"no VM starts. It stays "
			"after an upgrade over an older release or a test build.",
		.remedy = "Uninstall VirtualBox, restart Windows, and install it again with \"Run as "
			  "administrator\" (the VMs and their disks stay); then restart Windows once more. "
			  "`sc.exe query vboxsup` must say RUNNING.",
		.confidence = VC_KN_LIKELY,
		.reboot = true,
		.source = "https://github.com/VirtualBox/virtualbox/issues/301 (7.2.x on Windows: "
			  "tempdrive: \"Uninstalling Virtualbox and re-installing it did solve the issue\", "
			  "after older builds; #260); VirtualBox/virtualbox include/iprt/err.h "
			  "(VERR_LDR_IMPORTED_SYMBOL_NOT_FOUND, -617: \"Failed to resolve an imported "
			  "(external) symbol\"; Windows' STATUS_DRIVER_ENTRYPOINT_NOT_FOUND maps to it)",
	},
	{
		.id = "win_hardening_refused",
		.subject = VC_KN_OTHER_HOST,
		.environment = "windows",
		.extra = win_hardening_refused,
		.outcome = VC_KN_FAILS,
		.blocked = VC_HV_VIRTUALBOX,
		.finding = "virtualbox.logged_failure",
		.says = "VirtualBox's hardening on this Windows host refused to start the VM process "
			"(supR3HardenedWinReSpawn): VBoxHardening.log names the file or DLL it refused.",
		.remedy =
			"Read VBoxHardening.log (the VM's Logs folder): a DLL it names belongs to a program "
			"(antivirus, screen overlay, shell extension) to uninstall or exclude VirtualBox "
			"from; otherwise repair or reinstall VirtualBox as administrator and restart "
			"Windows.",
		.confidence = VC_KN_LIKELY,
		.source = "VirtualBox/virtualbox src/VBox/HostDrivers/Support/win/SUPR3HardenedMain-win.cpp "
			  "(supR3HardenedWinReSpawn); https://github.com/myspaghetti/macos-virtualbox/issues/"
			  "518",
	},
	{
		.id = "mac_vt_disabled_by_firmware",
		.subject = VC_KN_OTHER_HOST,
		.environment = "macos",
		.extra = host_firmware_disabled,
		.outcome = VC_KN_NO_VT,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VMX_MSR_ALL_VMX_DISABLED",
		.error_amd = "VERR_SVM_DISABLED",
		.finding = "msr.vt_disabled_by_firmware",
		.says = "The firmware of this Mac left VT-x locked off: no hypervisor can use it.",
		.remedy = "Reset the Mac's NVRAM (Intel Macs: hold Option-Command-P-R at start-up), then "
			  "power it off and on.",
		.confidence = VC_KN_UNCLEAR,
		.reboot = true,
		.source = "https://support.apple.com/en-us/102603 (Reset NVRAM on your Mac); VirtualBox/"
			  "virtualbox include/VBox/err.h (VERR_VMX_MSR_ALL_VMX_DISABLED)",
	},
	{
		.id = "mac_kext_not_loaded",
		.subject = VC_KN_OTHER_HOST,
		.environment = "macos",
		.extra = mac_kext_not_loaded,
		.outcome = VC_KN_NO_LOAD,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VM_DRIVER_NOT_INSTALLED",
		.error_amd = "VERR_VM_DRIVER_NOT_INSTALLED",
		.finding = "virtualbox.driver_not_loaded",
		.says = "VirtualBox's kernel extensions are not loaded on this macOS host (macOS blocks them "
			"until the user allows them): the cause is on the Mac, not in Linux.",
		.remedy =
			"Allow VirtualBox's kernel extensions: System Settings > Privacy & Security, "
			"\"System software from developer 'Oracle America, Inc.' was blocked\", Allow, then "
			"restart the Mac; when no such button is shown, reinstall VirtualBox and run `sudo "
			"\"/Library/Application Support/VirtualBox/LaunchDaemons/VirtualBoxStartup.sh\" "
			"restart`.",
		.confidence = VC_KN_ESTABLISHED,
		.reboot = true,
		.source =
			"https://support.apple.com/guide/deployment/depa5fb8376f/web (kernel extensions "
			"need the user's approval); https://github.com/unige-geohealth/accessmod/issues/373 "
			"(allowed in Security & Privacy: works); https://github.com/TrustTheBoy/blog/issues/"
			"27 (rc=-1908 on a Mac: reinstalled)",
	},
	{
		.id = "mac_vt_held_or_missing",
		.subject = VC_KN_OTHER_HOST,
		.environment = "macos",
		.extra = mac_vt_held_or_missing,
		.outcome = VC_KN_BLOCKED,
		.blocked = VC_HV_VIRTUALBOX,
		.error_intel = "VERR_VMX_IN_VMX_ROOT_MODE",
		.error_amd = "VERR_SVM_IN_USE",
		.finding = "virtualbox.logged_failure",
		.says = "On this macOS host VT-x is held by another hypervisor (Docker Desktop, Parallels, "
			"VMware Fusion, the Android emulator) or missing (an Apple-silicon Mac runs no x86 "
			"VMs in VirtualBox): the cause is on the Mac, not in Linux.",
		.remedy = "Quit the other hypervisors on this Mac (Docker Desktop, Parallels Desktop, VMware "
			  "Fusion, the Android emulator) before starting VirtualBox VMs; Apple-silicon Macs "
			  "run no x86 VMs in VirtualBox.",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/docker/for-mac/issues/708 (ijc25: VirtualBox and "
			  "Hypervisor.framework drive the same hardware features); "
			  "https://github.com/machyve/xhyve/issues/136 (hypervisors coexist only when they "
			  "clean up after themselves); https://www.virtualbox.org/wiki/Changelog-7.1 (macOS "
			  "on Arm hosts run Arm guests)",
	},
	/* ---- end of task 21's block ---- */
	/* ---- issue 15 section C, remedies that fit the machine (s8-crow): how a remedy is carried
	 * out here. vc_knowledge_remedy(f, TOPIC) picks the first TOPIC_ row that holds; the text is
	 * composed in lib/model/remedies.c (and the verdict, pci probe), the row decides which ---- */
	{
		.id = "cmdline_nixos",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_NIXOS),
		.outcome = VC_KN_NOTE,
		.says = "NixOS generates its boot entries from /etc/nixos/configuration.nix: a kernel "
			"parameter goes into boot.kernelParams, and takes effect after nixos-rebuild and "
			"a reboot.",
		.remedy =
			"add (or remove) the parameter in boot.kernelParams in /etc/nixos/configuration.nix, "
			"then `sudo nixos-rebuild boot && sudo systemctl reboot`",
		.confidence = VC_KN_ESTABLISHED,
		.source = "NixOS/nixpkgs nixos/modules/system/boot/kernel.nix (boot.kernelParams: "
			  "\"Parameters added to the kernel command line\"); "
			  "https://nixos.org/nixos/manual/index.html#sec-kernel-config",
	},
	{
		.id = "cmdline_ostree",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_OSTREE),
		.outcome = VC_KN_NOTE,
		.says = "An rpm-ostree system (Fedora Atomic, CoreOS) keeps kernel arguments in its "
			"deployments: rpm-ostree kargs stages a new one, used after a reboot.",
		.remedy = "sudo rpm-ostree kargs --append=PARAM (or --delete=PARAM) && sudo systemctl reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://docs.fedoraproject.org/en-US/fedora-coreos/kernel-args/ (\"Kernel "
			  "arguments changes are managed by rpm-ostree via the rpm-ostree kargs "
			  "subcommand\"; a reboot is necessary)",
	},
	{
		.id = "cmdline_grubby",
		.subject = VC_KN_REMEDY,
		.boot_loader = VC_BOOT_GRUBBY,
		.outcome = VC_KN_NOTE,
		.says = "Fedora and RHEL keep each kernel's command line in its boot entry: grubby edits "
			"them all; /etc/default/grub still gives kernels installed later theirs.",
		.remedy = "sudo grubby --update-kernel=ALL --args=\"PARAM\" (or --remove-args, and the line "
			  "in /etc/default/grub), then reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "grubby(8), https://linux.die.net/man/8/grubby (--update-kernel=ALL, --args, "
			  "--remove-args)",
	},
	{
		.id = "cmdline_grub",
		.subject = VC_KN_REMEDY,
		.boot_loader = VC_BOOT_GRUB,
		.outcome = VC_KN_NOTE,
		.says = "GRUB's configuration is generated from /etc/default/grub "
			"(GRUB_CMDLINE_LINUX_DEFAULT): update-grub on Debian and Ubuntu, grub-mkconfig on "
			"Arch, grub2-mkconfig on Fedora and openSUSE rewrite it.",
		.remedy =
			"edit GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, regenerate grub.cfg with the "
			"distribution's command, then reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://www.gnu.org/software/grub/manual/grub/html_node/Simple-configuration.html "
			  "(GRUB_CMDLINE_LINUX_DEFAULT, grub-mkconfig); update-grub(8), "
			  "https://manpages.debian.org/update-grub.8; "
			  "https://wiki.archlinux.org/title/Kernel_parameters (GRUB: grub-mkconfig -o "
			  "/boot/grub/grub.cfg)",
	},
	{
		.id = "cmdline_arch_uki",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_ARCH),
		.boot_loader = VC_BOOT_KERNEL_CMDLINE,
		.outcome = VC_KN_NOTE,
		.says = "On Arch with unified kernel images, mkinitcpio builds the command line from "
			"/etc/kernel/cmdline into each image: it is rebuilt with mkinitcpio -P.",
		.remedy = "edit /etc/kernel/cmdline, then `sudo mkinitcpio -P` and reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://wiki.archlinux.org/title/Unified_kernel_image (mkinitcpio: the kernel "
			  "command line from /etc/kernel/cmdline); "
			  "https://wiki.archlinux.org/title/Kernel_parameters",
	},
	{
		.id = "cmdline_kernel_install",
		.subject = VC_KN_REMEDY,
		.boot_loader = VC_BOOT_KERNEL_CMDLINE,
		.outcome = VC_KN_NOTE,
		.says = "With systemd-boot and kernel-install, /etc/kernel/cmdline is the command line "
			"kernel-install writes into a kernel's boot entry when it adds it.",
		.remedy = "edit /etc/kernel/cmdline, then `sudo kernel-install add REL /boot/vmlinuz-REL` "
			  "and reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "kernel-install(8), "
			  "https://www.freedesktop.org/software/systemd/man/latest/kernel-install.html "
			  "(/etc/kernel/cmdline)",
	},
	/* How a service is started (VERB UNIT), enabled at boot and the machine rebooted, by the init
	 * system that runs the host (probes/distro.c): RESTART|ENABLE|REBOOT */
	{
		.id = "service_openrc",
		.subject = VC_KN_REMEDY,
		.extra = init_openrc,
		.outcome = VC_KN_NOTE,
		.says = "OpenRC (Gentoo, Artix, Alpine) has no systemctl: rc-service starts and stops a "
			"service of /etc/init.d, rc-update adds it to a runlevel, and reboot restarts.",
		.remedy = "sudo rc-service UNIT VERB|sudo rc-update add UNIT default|sudo reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source =
			"rc-service(8), rc-update(8) (OpenRC); "
			"https://wiki.gentoo.org/wiki/OpenRC; "
			"https://github.com/vagrant-libvirt/vagrant-libvirt/issues/1175 (Artix with OpenRC: "
			"\"sh: systemctl: command not found\", \"should start/check via `rc-service`\")",
	},
	{
		.id = "service_runit_artix",
		.subject = VC_KN_REMEDY,
		.extra = init_runit_artix,
		.outcome = VC_KN_NOTE,
		.says = "Artix's runit keeps its services in /etc/runit/sv and runs those linked into "
			"/run/runit/service (not Void's /etc/sv and /var/service); sv controls one that "
			"runs.",
		.remedy = "sudo sv VERB UNIT|sudo ln -s /etc/runit/sv/UNIT /run/runit/service/|sudo reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://wiki.artixlinux.org/Main/Runit (\"Artix doesn't store its service "
			  "directory in /var/service\": /etc/runit/sv, /run/runit/service)",
	},
	{
		.id = "service_runit",
		.subject = VC_KN_REMEDY,
		.extra = init_runit,
		.outcome = VC_KN_NOTE,
		.says = "runit (Void) has no systemctl: sv controls a service that runs, a service is "
			"enabled by linking its /etc/sv directory into /var/service, and reboot restarts.",
		.remedy = "sudo sv VERB UNIT|sudo ln -s /etc/sv/UNIT /var/service/|sudo reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "sv(8) (runit); https://docs.voidlinux.org/config/services/index.html "
			  "(\"ln -s /etc/sv/<service> /var/service/\")",
	},
	{
		.id = "service_sysvinit",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_DEBIAN),
		.extra = init_sysvinit,
		.outcome = VC_KN_NOTE,
		.says = "sysvinit (Devuan, MX Linux) has no systemctl: service runs a script of "
			"/etc/init.d, update-rc.d links it into the runlevels, and reboot restarts.",
		.remedy = "sudo service UNIT VERB|sudo update-rc.d UNIT defaults|sudo reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "service(8), update-rc.d(8), https://manpages.debian.org/update-rc.d.8",
	},
	{
		.id = "service_initd",
		.subject = VC_KN_REMEDY,
		.extra = init_sysvinit,
		.outcome = VC_KN_NOTE,
		.says = "A sysvinit host outside Debian's family (Slackware; RHEL 6's upstart, whose PID 1 "
			"is init too): the script of /etc/init.d is run itself; how it starts at boot is "
			"that distribution's (chkconfig, rc.local).",
		.remedy = "sudo /etc/init.d/UNIT VERB|sudo chkconfig UNIT on (where there is chkconfig; "
			  "else run `/etc/init.d/UNIT start` from rc.local)|sudo reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "init(8), chkconfig(8); the Linux Standard Base's init scripts "
			  "(/etc/init.d/NAME start|stop|restart)",
	},
	{
		.id = "service_fallback",
		.subject = VC_KN_REMEDY,
		.outcome = VC_KN_NOTE,
		.says = "systemd, which runs most hosts: systemctl starts, enables and reboots.",
		.remedy = "sudo systemctl VERB UNIT|sudo systemctl enable UNIT|sudo systemctl reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "systemctl(1), sd_booted(3)",
	},
	{
		.id = "grubcfg_update_grub",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_DEBIAN),
		.outcome = VC_KN_NOTE,
		.says = "Debian and Ubuntu regenerate GRUB's configuration with update-grub, a stub for "
			"grub-mkconfig -o /boot/grub/grub.cfg.",
		.remedy = "sudo update-grub",
		.confidence = VC_KN_ESTABLISHED,
		.source = "update-grub(8), https://manpages.debian.org/update-grub.8",
	},
	{
		.id = "grubcfg_grub_mkconfig",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_ARCH),
		.outcome = VC_KN_NOTE,
		.says = "Arch has no update-grub: grub-mkconfig writes /boot/grub/grub.cfg.",
		.remedy = "sudo grub-mkconfig -o /boot/grub/grub.cfg",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://wiki.archlinux.org/title/GRUB (grub-mkconfig -o /boot/grub/grub.cfg)",
	},
	{
		.id = "grubcfg_grub2_mkconfig",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_FEDORA) | VC_KN_DISTRO(VC_DISTRO_SUSE),
		.outcome = VC_KN_NOTE,
		.says = "Fedora, RHEL and openSUSE name GRUB 2's tools grub2-*: grub2-mkconfig writes "
			"/boot/grub2/grub.cfg.",
		.remedy = "sudo grub2-mkconfig -o /boot/grub2/grub.cfg",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://doc.opensuse.org/documentation/leap/reference/html/book-reference/"
			  "cha-grub2.html (grub2-mkconfig -o /boot/grub2/grub.cfg); grub2-mkconfig(8)",
	},
	{
		.id = "group_nixos",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_NIXOS),
		.outcome = VC_KN_NOTE,
		.says = "NixOS generates /etc/group from its configuration: a user joins a group through "
			"users.users.NAME.extraGroups and nixos-rebuild, not usermod.",
		.remedy = "add the group to users.users.NAME.extraGroups in /etc/nixos/configuration.nix, "
			  "then `sudo nixos-rebuild switch` and log out and back in",
		.confidence = VC_KN_ESTABLISHED,
		.source = "NixOS/nixpkgs nixos/modules/config/users-groups.nix (users.users.<name>."
			  "extraGroups: \"The user's auxiliary groups\"; users.mutableUsers)",
	},
	{
		.id = "modprobe_nixos",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_NIXOS),
		.outcome = VC_KN_NOTE,
		.says = "NixOS generates /etc/modprobe.d (read only): module options go into "
			"boot.extraModprobeConfig, blacklists into boot.blacklistedKernelModules, applied "
			"by nixos-rebuild switch.",
		.remedy = "set boot.extraModprobeConfig or boot.blacklistedKernelModules in "
			  "/etc/nixos/configuration.nix, then `sudo nixos-rebuild switch`",
		.confidence = VC_KN_ESTABLISHED,
		.source = "NixOS/nixpkgs nixos/modules/system/boot/modprobe.nix (release-24.05: "
			  "environment.etc.\"modprobe.d/nixos.conf\" is generated from "
			  "boot.blacklistedKernelModules and boot.extraModprobeConfig)",
	},
	{
		.id = "initramfs_nixos",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_NIXOS),
		.outcome = VC_KN_NOTE,
		.says = "NixOS builds the initrd from the same configuration in nixos-rebuild: there is "
			"nothing to rebuild by hand.",
		.remedy = "nothing: `sudo nixos-rebuild switch` rebuilds the initrd",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://nixos.org/nixos/manual/index.html#sec-kernel-config; NixOS/nixpkgs "
			  "nixos/modules/system/boot/modprobe.nix",
	},
	{
		.id = "initramfs_debian",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_DEBIAN),
		.outcome = VC_KN_NOTE,
		.says = "Debian and Ubuntu (initramfs-tools) keep a copy of /etc/modprobe.d in the "
			"initramfs: update-initramfs -u rebuilds it after a change.",
		.remedy = "sudo update-initramfs -u",
		.confidence = VC_KN_ESTABLISHED,
		.source = "update-initramfs(8), https://manpages.debian.org/update-initramfs.8 (-u: update "
			  "an existing initramfs)",
	},
	{
		.id = "initramfs_dracut",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_FEDORA) | VC_KN_DISTRO(VC_DISTRO_SUSE),
		.outcome = VC_KN_NOTE,
		.says = "Fedora, RHEL and openSUSE build the initramfs with dracut, which copies "
			"/etc/modprobe.d: dracut -f --regenerate-all rebuilds every installed kernel's.",
		.remedy = "sudo dracut -f --regenerate-all",
		.confidence = VC_KN_ESTABLISHED,
		.source = "dracut(8), https://man7.org/linux/man-pages/man8/dracut.8.html (-f, "
			  "--regenerate-all)",
	},
	{
		.id = "initramfs_mkinitcpio",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_ARCH),
		.outcome = VC_KN_NOTE,
		.says = "Arch builds the initramfs with mkinitcpio, whose modconf hook copies "
			"/etc/modprobe.d: mkinitcpio -P rebuilds every preset.",
		.remedy = "sudo mkinitcpio -P",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://wiki.archlinux.org/title/Mkinitcpio (-P: all presets; the modconf hook "
			  "adds /etc/modprobe.d)",
	},
	{
		.id = "initramfs_ostree",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_OSTREE),
		.outcome = VC_KN_NOTE,
		.says = "An rpm-ostree system boots the initramfs composed on the server: a local "
			"/etc/modprobe.d file reaches it only when rpm-ostree initramfs-etc tracks it.",
		.remedy = "sudo rpm-ostree initramfs-etc --track=/etc/modprobe.d/FILE",
		.confidence = VC_KN_ESTABLISHED,
		.source = "rpm-ostree(1) initramfs-etc, https://github.com/coreos/rpm-ostree/pull/2170",
	},
	{
		.id = "vagrant_halt",
		.subject = VC_KN_REMEDY,
		.extra = vagrant,
		.outcome = VC_KN_NOTE,
		.says = "VMs that Vagrant started are stopped by Vagrant in their project's directory: "
			"vagrant halt shuts the machine down, vagrant suspend saves its state; vagrant "
			"global-status lists them.",
		.remedy = "`vagrant halt` (or `vagrant suspend`) in each project's directory (`vagrant "
			  "global-status` lists them)",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://developer.hashicorp.com/vagrant/docs/cli/halt, "
			  "https://developer.hashicorp.com/vagrant/docs/cli/suspend, "
			  "https://developer.hashicorp.com/vagrant/docs/cli/global-status",
	},
	{
		.id = "iommu_intel_on",
		.subject = VC_KN_REMEDY,
		.extra = iommu_unused_intel,
		.outcome = VC_KN_NOTE,
		.finding = "pci.iommu_disabled",
		.says = "Intel's IOMMU (VT-d) is used only with intel_iommu=on where the kernel was built "
			"without INTEL_IOMMU_DEFAULT_ON; iommu=pt is no part of the remedy: passthrough "
			"takes the host's own devices out of DMA isolation.",
		.remedy = "add intel_iommu=on to the kernel command line (not iommu=pt), then reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "torvalds/linux Documentation/admin-guide/kernel-parameters.txt (intel_iommu=on, "
			  "iommu=pt), drivers/iommu/intel/Kconfig (INTEL_IOMMU_DEFAULT_ON); Linux "
			  "58d1131777a4 \"iommu: Add config option to set passthrough as default\"",
	},
	{
		.id = "iommu_amd_vi",
		.subject = VC_KN_REMEDY,
		.extra = iommu_unused_amd,
		.outcome = VC_KN_NOTE,
		.finding = "pci.iommu_disabled",
		.says = "AMD's IOMMU (AMD-Vi) is used by default when the firmware enables it: no "
			"intel_iommu= advice; amd_iommu=off on the command line, or the firmware "
			"setting, turns it off.",
		.remedy = "enable the IOMMU (AMD-Vi) in the firmware setup, take amd_iommu=off off the "
			  "kernel command line, then reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source = "torvalds/linux Documentation/admin-guide/kernel-parameters.txt (amd_iommu=off), "
			  "drivers/iommu/amd/Kconfig (AMD_IOMMU: \"isolate the DMA memory of different "
			  "devices\")",
	},
	{
		.id = "say_kvm_without_vendor_module",
		.subject = VC_KN_REMEDY,
		.extra = kvm_without_vendor_module,
		.outcome = VC_KN_NOTE,
		.says = "kvm is KVM's common module; kvm_intel or kvm_amd drives the CPU's VT-x/AMD-V: "
			"with kvm loaded and the vendor module not, the message names the one that is "
			"missing (\"kvm is loaded, kvm_amd is not\"), never \"KVM is not loaded\".",
		.remedy = "sudo modprobe kvm_intel (Intel) or sudo modprobe kvm_amd (AMD)",
		.confidence = VC_KN_ESTABLISHED,
		.source = "torvalds/linux arch/x86/kvm/Kconfig (KVM: \"the module will be called kvm\"; "
			  "KVM_INTEL: \"kvm-intel\"; KVM_AMD: \"kvm-amd\")",
	},
	/* ---- end of s8-crow's block ---- */
	/* ---- issue 15 "Done when" (s9-a15): the remedy rules that were code. Fallbacks
	 * (TOPIC_fallback) are what vc_knowledge_remedy gives when no other row of the topic holds,
	 * wherever they stand in the table ---- */
	{
		.id = "cmdline_fallback",
		.subject = VC_KN_REMEDY,
		.outcome = VC_KN_NOTE,
		.says = "Where virtcheck finds none of the ways above (NixOS, rpm-ostree, grubby, GRUB, "
			"/etc/kernel/cmdline), a kernel parameter goes where this host's boot loader keeps "
			"the command line, and takes effect at the next boot.",
		.remedy = "add PARAM to the kernel command line of your boot loader and reboot",
		.confidence = VC_KN_ESTABLISHED,
		.source =
			"https://wiki.archlinux.org/title/Kernel_parameters (\"permanently by modifying the "
			"boot loader configuration file\"); torvalds/linux "
			"Documentation/admin-guide/kernel-parameters.rst",
	},
	{
		.id = "grubcfg_fallback",
		.subject = VC_KN_REMEDY,
		.outcome = VC_KN_NOTE,
		.says = "GRUB's own command writes grub.cfg from /etc/default/grub where the distribution "
			"is none of those above (update-grub is Debian's stub for it).",
		.remedy = "sudo grub-mkconfig -o /boot/grub/grub.cfg",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://www.gnu.org/software/grub/manual/grub/html_node/Simple-configuration.html "
			  "(\"grub-mkconfig -o /boot/grub/grub.cfg\"); update-grub(8), "
			  "https://manpages.debian.org/update-grub.8",
	},
	{
		.id = "initramfs_fallback",
		.subject = VC_KN_REMEDY,
		.outcome = VC_KN_NOTE,
		.says = "An initramfs keeps its own copy of /etc/modprobe.d; where the distribution's tool "
			"is not known, the three common ones are named.",
		.remedy = "rebuild the initramfs with your distribution's tool (`sudo update-initramfs -u`, "
			  "`sudo dracut -f --regenerate-all` or `sudo mkinitcpio -P`)",
		.confidence = VC_KN_ESTABLISHED,
		.source = "update-initramfs(8), https://manpages.debian.org/update-initramfs.8; dracut(8), "
			  "https://man7.org/linux/man-pages/man8/dracut.8.html; "
			  "https://wiki.archlinux.org/title/Mkinitcpio",
	},
	{
		.id = "access_ci_udev_rule",
		.subject = VC_KN_REMEDY,
		.environment = "ci",
		.outcome = VC_KN_NOTE,
		.says = "A CI job cannot log in again, so a group added with usermod never reaches it: "
			"/dev/kvm is opened to every user by a udev rule of its own (MODE=0666, "
			"static_node=kvm) applied with udevadm trigger (where no udev runs, the node's "
			"mode set to 0666 until it is made again), never usermod and a new login.",
		.remedy = KVM_FOR_ALL,
		.confidence = VC_KN_ESTABLISHED,
		.source = "udev(7), https://man7.org/linux/man-pages/man7/udev.7.html (MODE=, "
			  "OPTIONS+=\"static_node=\"); https://github.blog/changelog/2023-02-23-hardware-"
			  "accelerated-android-virtualization-on-actions-windows-and-linux-larger-hosted-"
			  "runners/ (99-kvm4all.rules); https://github.com/libbpf/libbpf/pull/747",
	},
	/* libvirt's system instance runs QEMU as qemu.conf's user (voidlinux/void-packages
	 * #1095: denied in qemu:///system, fine in qemu:///session) */
	{
		.id = "libvirt_system_qemu_user",
		.subject = VC_KN_REMEDY,
		.outcome = VC_KN_NOTE,
		.says = "libvirt's system instance (qemu:///system) starts QEMU as the user and group set "
			"in /etc/libvirt/qemu.conf (its own account: qemu, or libvirt-qemu on Debian and "
			"Ubuntu), not as the user who asked: /dev/kvm must admit that account; the "
			"session instance (qemu:///session) runs QEMU as the user, whose own group then "
			"matters.",
		.remedy = "give libvirt's QEMU account /dev/kvm: `sudo usermod -aG kvm qemu` (the account "
			  "`user =` names in /etc/libvirt/qemu.conf: libvirt-qemu on Debian and Ubuntu), or "
			  "set `group = \"kvm\"` there; then `sudo systemctl restart libvirtd` (`virtqemud` "
			  "where libvirt runs its modular daemons; your own group does not reach a "
			  "qemu:///system VM)",
		.confidence = VC_KN_ESTABLISHED,
		.source = "libvirt src/qemu/qemu.conf (\"The user for QEMU processes run by the system "
			  "instance\"; group); libvirt docs/drvqemu.rst (a system-wide privileged \"system\" "
			  "instance and per-user unprivileged \"session\" instances); "
			  "https://github.com/voidlinux/void-packages/issues/1095 (virt-manager: \"Could "
			  "not access KVM kernel module: Permission denied\" \"only in `qemu:///system`\"; "
			  "xtraeme: libvirt must be added to a group that may open /dev/kvm); "
			  "lunar-linux/moonbase-other d18f689 (\"libvirt: run guests under user qemu with "
			  "access to /dev/kvm\": add_priv_user qemu:qemu -G kvm)",
	},
	/* explain --log (s15-pastes): what QEMU's VM entry refused on an invalid guest state names,
	 * where no row about the host decides */
	{
		.id = "entry_invalid_guest_state",
		.subject = VC_KN_REMEDY,
		.outcome = VC_KN_NOTE,
		.says = "QEMU's \"KVM: entry failed, hardware error 0x80000021\" is VT-x's exit reason 33 "
			"with its entry-failure bit (VMX_INVALID_GUEST_STATE): KVM had VT-x on and entered "
			"the guest, and the CPU refused the guest's register state. Neither the firmware nor "
			"another hypervisor is the cause; the guest's state is (QEMU names a guest in big "
			"real mode on an Intel CPU without unrestricted guest), or a bug of the host's KVM "
			"that loaded such a state.",
		.remedy = "Change the guest, not VT-x: the guest kernel's configuration (a guest kernel "
			  "built without CONFIG_KVM_GUEST failed so), its firmware or the mode it boots in; "
			  "or try another host kernel (a KVM bug has loaded such a state). "
			  "`kvm_intel.dump_invalid_vmcs=1` makes the host's kernel log the refused state.",
		.confidence = VC_KN_ESTABLISHED,
		.source = "QEMU target/i386/kvm/kvm.c kvm_arch_handle_exit (KVM_EXIT_FAIL_ENTRY: \"KVM: "
			  "entry failed, hardware error 0x%\" PRIx64; VMX_INVALID_GUEST_STATE 0x80000021 "
			  "and its hint: \"the guest entering an invalid state for Intel VT\", big real "
			  "mode); https://github.com/compsec-snu/razzer/issues/22 (su001018, 2025-02-26: "
			  "\"enable the CONFIG_KVM_GUEST configuration of the kernel\"); kvm@vger.kernel.org "
			  "2022-06-07, Yuan Yao, \"[PATCH 1/1] KVM: MMU: Fix VM entry failure and OOPS for "
			  "shdaow page table\" (0x80000021 from a KVM bug; the kernel's \"set "
			  "kvm_intel.dump_invalid_vmcs=1 to dump internal KVM state\")",
	},
	/* explain --log (s15-pastes): what QEMU's "KVM internal error. Suberror: 1" names, where no
	 * row about the host decides */
	{
		.id = "emulation_guest_instruction",
		.subject = VC_KN_REMEDY,
		.outcome = VC_KN_NOTE,
		.says = "QEMU's \"KVM internal error. Suberror: 1\" / \"emulation failure\" is KVM's "
			"KVM_INTERNAL_ERROR_EMULATION: KVM ran the guest with VT-x/AMD-V and its instruction "
			"emulator met a guest instruction it could not emulate. Neither the firmware nor "
			"another hypervisor is the cause; the guest's code is, or what KVM must emulate on "
			"this host (more in a VM, under nested virtualization).",
		.remedy = "Change the guest's code at that instruction (the guest firmware's or kernel's: "
			  "Slim Bootloader moved a `movd mm0, eax` it ran first, which KVM in a VirtualBox "
			  "VM could not emulate), or run the guest where KVM emulates less: on the host "
			  "itself rather than in a VM, or with another host kernel.",
		.confidence = VC_KN_LIKELY,
		.source = "Linux include/uapi/linux/kvm.h (KVM_EXIT_INTERNAL_ERROR; KVM_INTERNAL_ERROR_"
			  "EMULATION 1, \"Emulate instruction failed\"); "
			  "https://github.com/slimbootloader/slimbootloader/issues/1469 (QEMU with KVM in "
			  "Ubuntu 20.04 inside VirtualBox on Windows 10: \"KVM internal error. Suberror: "
			  "1\", \"emulation failure\"), fixed in the guest firmware by "
			  "https://github.com/slimbootloader/slimbootloader/pull/1471 (mauricema: \"KVM "
			  "generated exception for instruction 'movd mm0, eax'\" in the nested environment)",
	},
	/* explain --log (s15-pastes): the kernel's "no hardware support for 'kvm_intel'" on an AMD CPU
	 * (or kvm_amd's on Intel's) */
	{
		.id = "vendor_module_other_cpu",
		.subject = VC_KN_REMEDY,
		.outcome = VC_KN_NOTE,
		.says = "\"kvm: no hardware support for 'kvm_intel'\" on an AMD CPU (or 'kvm_amd' on an "
			"Intel one) is the other vendor's KVM module refusing a CPU it does not drive: it "
			"says nothing of this CPU's VT-x/AMD-V. A kernel that has kvm_intel built in (Clear "
			"Linux's) tries it at every boot on AMD CPUs too; KVM on this CPU is its own "
			"vendor's module.",
		.remedy = "Look at this CPU's own module instead: `lsmod | grep -e kvm_amd -e kvm_intel`; "
			  "load it with `sudo modprobe kvm_amd` (AMD) or `sudo modprobe kvm_intel` (Intel) "
			  "and read what it says in `dmesg` (\"SVM disabled (by BIOS)\": the firmware "
			  "setting).",
		.confidence = VC_KN_ESTABLISHED,
		.source = "Linux arch/x86/kvm/x86.c kvm_arch_init (5.16-6.1: \"kvm: no hardware support "
			  "for '%s'\" with the vendor module's name, from its cpu_has_kvm_support()); "
			  "https://github.com/clearlinux/distribution/issues/2780 (\"kvm: no hardware "
			  "support for kvm_intel\" on a Zen 3 CPU; fenrus75: \"you won't get intel-kvm "
			  "support... but you should get amd-kvm support (assuming it's enabled in the bios "
			  "etc)\"); https://github.com/clearlinux/distribution/issues/776 (Clear Linux's "
			  "config: CONFIG_KVM_INTEL=y, CONFIG_KVM_AMD=m)",
	},
	{
		.id = "provider_vagrant_libvirt",
		.subject = VC_KN_REMEDY,
		.extra = vagrant_kvm,
		.outcome = VC_KN_NOTE,
		.says = "Vagrant runs a box on KVM through the vagrant-libvirt provider: vagrant up "
			"--provider=libvirt, the plugin installed and the box built for libvirt.",
		.remedy = "`vagrant up --provider=libvirt` runs the box on KVM instead (the vagrant-libvirt "
			  "plugin: `vagrant plugin install vagrant-libvirt`; a box built for libvirt)",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://developer.hashicorp.com/vagrant/docs/providers/basic_usage (vagrant up "
			  "--provider); https://vagrant-libvirt.github.io/vagrant-libvirt/ (vagrant plugin "
			  "install vagrant-libvirt; vagrant up --provider=libvirt)",
	},
	/* ---- end of s9-a15's block ---- */
	/* ---- issue 15 blind validation on VirtualBox/VMware hosts (s9-d15): the package that holds
	 * the running kernel's headers, which vboxconfig and DKMS build vboxdrv against (vboxdrv.sh:
	 * "This system is currently not set up to build kernel modules. Please install the Linux
	 * kernel \"header\" files matching the current kernel"). KVER is the running release, FLAVOUR
	 * its flavour (openSUSE: the release's last word; Arch: linux, linux-lts, linux-zen...) ---- */
	{
		.id = "headers_debian",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_DEBIAN),
		.outcome = VC_KN_NOTE,
		.says = "Debian and Ubuntu ship a kernel's headers as linux-headers-RELEASE (the running "
			"one: linux-headers-$(uname -r)); /lib/modules/RELEASE/build points into it.",
		.remedy = "sudo apt install linux-headers-KVER",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/linux-surface/linux-surface/issues/1705 (vboxconfig waited "
			  "for the headers; `apt install linux-headers-surface` fixed it); "
			  "https://github.com/xanmod/linux/issues/80 (DKMS: \"kernel package "
			  "linux-headers-5.8.3-xanmod2 is not supported\": the package is "
			  "linux-headers-RELEASE)",
	},
	{
		.id = "headers_fedora",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_FEDORA),
		.outcome = VC_KN_NOTE,
		.says = "Fedora and RHEL ship a kernel's headers as kernel-devel-RELEASE, installed under "
			"/usr/src/kernels/RELEASE.",
		.remedy = "sudo dnf install kernel-devel-KVER",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/myspaghetti/macos-virtualbox/issues/534 (VirtualBox on "
			  "Fedora 34: \"dnf install akmod-VirtualBox kernel-devel-5.13.19-200.fc34.x86_64\" "
			  "solved it); https://github.com/geerlingguy/drupal-vm/issues/301 (\"sudo dnf "
			  "install \"kernel-devel-uname-r == $(uname -r)\"\" before vboxdrv.sh setup)",
	},
	{
		.id = "headers_suse",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_SUSE),
		.outcome = VC_KN_NOTE,
		.says = "openSUSE ships the headers of a kernel flavour as kernel-FLAVOUR-devel (the "
			"flavour is the release's last word: 6.12.1-1-default, kernel-default-devel).",
		.remedy = "sudo zypper install kernel-FLAVOUR-devel",
		.confidence = VC_KN_ESTABLISHED,
		.source = "SUSE kernel-source README.SUSE, "
			  "https://code.opensuse.org/kernel/kernel-source/blob/65f9c53a60e5fc65320e96c5d047d2"
			  "20411af2ee/f/doc (\"kernel-`$FLAVOR`-devel: The files used for generating kernel "
			  "module packages for use with kernel-`$FLAVOR`\")",
	},
	{
		.id = "headers_arch",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_ARCH),
		.outcome = VC_KN_NOTE,
		.says = "Arch ships each kernel package's headers as PACKAGE-headers (linux-headers, "
			"linux-lts-headers, linux-zen-headers, linux-hardened-headers).",
		.remedy = "sudo pacman -S FLAVOUR-headers",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://wiki.archlinux.org/title/VirtualBox (virtualbox-host-dkms needs the "
			  "headers of each installed kernel: linux-headers, linux-lts-headers)",
	},
	/* Manjaro builds the host modules for each of its kernels: the package of the running
	 * kernel's series, not DKMS (the virtualbox probe offers it where vboxdrv.ko is missing) */
	{
		.id = "prebuilt_manjaro",
		.subject = VC_KN_REMEDY,
		.extra = distro_manjaro,
		.outcome = VC_KN_NOTE,
		.says = "Manjaro ships vboxdrv prebuilt for each kernel series it packages, as "
			"linuxNN-virtualbox-host-modules (linux510-virtualbox-host-modules for "
			"5.10.x-MANJARO, "
			"in /usr/lib/modules/KVER/extramodules); a kernel installed without its package has "
			"no "
			"vboxdrv, and the package of that series brings it.",
		.remedy = "sudo pacman -S --needed FLAVOUR-virtualbox-host-modules && sudo modprobe vboxdrv",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/manjaro/packages-core/issues/86 (Manjaro's maintainer: the "
			  "modules of kernel 4.14 come by installing linux414-virtualbox-host-modules, "
			  "\"Normally that is all to do\"; its files "
			  "/usr/lib/modules/extramodules-4.14-MANJARO/vboxdrv.ko.gz), "
			  "https://github.com/Chrysostomus/manjaro-architect/issues/102 (linux410's module "
			  "package missing after an install)",
	},
	/* Arch's prebuilt host modules are for one kernel; the DKMS variant builds vboxdrv for the
	 * others (the virtualbox probe offers it where vboxdrv.ko is missing for the running kernel) */
	{
		.id = "prebuilt_arch_dkms",
		.subject = VC_KN_REMEDY,
		.distros = VC_KN_DISTRO(VC_DISTRO_ARCH),
		.outcome = VC_KN_NOTE,
		.says = "Arch's virtualbox-host-modules-arch carries vboxdrv built for the kernel of the "
			"`linux` package only (in /usr/lib/modules/KVER/extramodules); for any other kernel "
			"(linux-lts, linux-zen, a derivative's or the AUR's own) virtualbox-host-dkms builds "
			"it against that kernel's headers, at install and at each kernel upgrade. It "
			"provides the VIRTUALBOX-HOST-MODULES that virtualbox depends on and loads vboxdrv "
			"at "
			"boot.",
		.remedy = "sudo pacman -S --needed virtualbox-host-dkms FLAVOUR-headers && sudo modprobe "
			  "vboxdrv",
		.confidence = VC_KN_ESTABLISHED,
		.source =
			"Arch's virtualbox PKGBUILD (pkgver 7.2.6): package_virtualbox-host-dkms "
			"provides=('VIRTUALBOX-HOST-MODULES'), /usr/src/vboxhost-VERSION_OSE/dkms.conf, "
			"modules-load.d vboxdrv; https://github.com/CachyOS/distribution/issues/194 "
			"(linux-cachyos: \"FATAL: Module vboxdrv not found in directory "
			"/lib/modules/6.16.0-5-cachyos\", the module in "
			"/lib/modules/6.15.9-arch1-1/extramodules/vboxdrv.ko.zst); "
			"https://github.com/CachyOS/CachyOS-PKGBUILDS/issues/986 (1Naim: \"use the dkms "
			"package if you want to use it with CachyOS kernels\"); "
			"https://github.com/xanmod/linux/issues/92 (figue: \"Just install "
			"virtualbox-host-dkms package. It will trigger the compilation of VBox's modules in "
			"every kernel install/upgrade\"); CachyOS/linux-cachyos linux-cachyos/PKGBUILD "
			"00f00786 (the kernel's pkgbase file, its \"$pkgbase-headers\" package)",
	},
	{
		.id = "headers_fallback",
		.subject = VC_KN_REMEDY,
		.outcome = VC_KN_NOTE,
		.says = "Elsewhere the headers of the running kernel come in the distribution's own "
			"package; vboxconfig and DKMS need them to build vboxdrv.",
		.remedy = "install your distribution's header package for Linux KVER",
		.confidence = VC_KN_ESTABLISHED,
		.source = "VirtualBox src/VBox/Installer/linux/vboxdrv.sh (\"Please install the Linux "
			  "kernel \\\"header\\\" files matching the current kernel\")",
	},
	/* ---- end of s9-d15's block ---- */
	/* ---- the Secure Boot key flows of VirtualBox's driver (issue 15), which
	 * probes/virtualbox.c wrote as code: how to get the key that signs vboxdrv here enrolled, by
	 * who builds it (akmods, vboxconfig, DKMS) and which key is there; vc_knowledge_remedy(f,
	 * "mok") picks the first that holds, the probe goes on with loading the driver. And the
	 * Vagrant text of VirtualBox's KVM backend ---- */
	{
		.id = "mok_akmods_enroll",
		.subject = VC_KN_REMEDY,
		.extra = mok_akmods_key,
		.outcome = VC_KN_NOTE,
		.says = "RPM Fusion's akmod-VirtualBox is built by akmods, which signs the modules it builds "
			"with /etc/pki/akmods/private/private_key.priv when the pair is there: its "
			"certificate is the key to enroll, then akmods rebuilds vboxdrv signed.",
		.remedy = "sudo mokutil --import /etc/pki/akmods/certs/public_key.der   (the key akmods "
			  "signs vboxdrv with; set a one-time password), reboot, choose \"Enroll MOK\" in "
			  "the blue MOK manager, `sudo akmods --force` (rebuilds vboxdrv, signed)",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://copr.fedorainfracloud.org/coprs/scrool/akmods-secureboot (akmods "
			  "\"with support for automatic signing for secure boot\": /etc/pki/akmods/certs/"
			  "public_key.der, /etc/pki/akmods/private/private_key.priv); "
			  "https://github.com/CheariX/silverblue-akmods-keys (\"On Fedora Workstation, "
			  "`akmods` signs the kernel modules it creates\"; kmodgenca, mokutil --import "
			  "/etc/pki/akmods/certs/public_key.der; akmod-VirtualBox); "
			  "https://github.com/jhenriquelc/fedora-vmware-installer/issues/2 (\"imported the "
			  "MOK following the RPMFusion guide. VirtualBox works just fine with this method "
			  "with secure boot\")",
	},
	{
		.id = "mok_akmods_new_key",
		.subject = VC_KN_REMEDY,
		.extra = mok_akmods,
		.outcome = VC_KN_NOTE,
		.says = "Where akmods builds vboxdrv and has no key yet, kmodgenca makes the pair akmods "
			"signs with (/etc/pki/akmods); enrolled, every later build is signed.",
		.remedy = "sudo kmodgenca -a && sudo mokutil --import /etc/pki/akmods/certs/public_key.der   "
			  "(akmods signs what it builds with this key from now on; set a one-time "
			  "password), reboot, choose \"Enroll MOK\" in the blue MOK manager, `sudo akmods "
			  "--force` (rebuilds vboxdrv, signed)",
		.confidence = VC_KN_ESTABLISHED,
		.source = "https://github.com/CheariX/silverblue-akmods-keys (\"kmodgenca\", \"mokutil "
			  "--import /etc/pki/akmods/certs/public_key.der\"; akmod-VirtualBox \"modules are "
			  "automatically signed\"); https://copr.fedorainfracloud.org/coprs/scrool/"
			  "akmods-secureboot",
	},
	{
		.id = "mok_ubuntu_enroll_key",
		.subject = VC_KN_REMEDY,
		.extra = mok_ubuntu_tool,
		.outcome = VC_KN_NOTE,
		.says = "vboxdrv.sh (vboxconfig) signs with /var/lib/shim-signed/mok/MOK.priv and, where "
			"update-secureboot-policy names --new-key and --enroll-key (Ubuntu's), makes and "
			"enrols that key with it; the enrolment waits for the MOK manager at the next boot.",
		.remedy = "sudo update-secureboot-policy --enroll-key   (set a one-time password), reboot, "
			  "choose \"Enroll MOK\" in the blue MOK manager",
		.confidence = VC_KN_ESTABLISHED,
		.source = "VirtualBox src/VBox/Installer/linux/vboxdrv.sh (git 78d7e32f6386, trunk 2026): "
			  "update_secureboot_policy_supports new-key and "
			  "enroll-key, `update-secureboot-policy --enroll-key` after signing with "
			  "DEB_PRIV_KEY=/var/lib/shim-signed/mok/MOK.priv; "
			  "https://github.com/VirtualBox/virtualbox/issues/472 (\"Under Ubuntu, the tool's "
			  "purpose is enrolling MOK keys\")",
	},
	{
		.id = "mok_vboxdrv_sh_key",
		.subject = VC_KN_REMEDY,
		.extra = mok_shim_key,
		.outcome = VC_KN_NOTE,
		.says = "Elsewhere (Debian 10 and later, or a pair made by hand) vboxdrv.sh signs with the "
			"same pair and checks it with `mokutil --test-key`: a key it made and never "
			"enrolled is what the kernel refuses, so that one is enrolled; a new key would be "
			"one vboxconfig does not sign with.",
		.remedy = "sudo mokutil --import /var/lib/shim-signed/mok/MOK.der   (the key vboxconfig "
			  "signs with; set a one-time password), reboot, choose \"Enroll MOK\" in the blue "
			  "MOK manager",
		.confidence = VC_KN_ESTABLISHED,
		.source = "VirtualBox src/VBox/Installer/linux/vboxdrv.sh (git 78d7e32f6386, trunk 2026) "
			  "(\"So far we can only sign modules on Ubuntu and on "
			  "Debian 10 and later\", DEB_PUB_KEY=/var/lib/shim-signed/mok/MOK.der, mokutil "
			  "--test-key); https://github.com/VirtualBox/virtualbox/issues/472 (Debian's "
			  "update-secureboot-policy only turns validation on or off)",
	},
	{
		.id = "mok_dkms_key",
		.subject = VC_KN_REMEDY,
		.extra = mok_dkms_key,
		.outcome = VC_KN_NOTE,
		.says = "DKMS 3 signs the modules it builds with /var/lib/dkms/mok.key (made at its first "
			"build): its certificate mok.pub is the key to enroll.",
		.remedy = "sudo mokutil --import /var/lib/dkms/mok.pub   (set a one-time password), "
			  "reboot, choose \"Enroll MOK\" in the blue MOK manager",
		.confidence = VC_KN_ESTABLISHED,
		.source = "dkms framework.conf (dkms 3: mok_signing_key=/var/lib/dkms/mok.key, "
			  "mok_certificate=/var/lib/dkms/mok.pub); "
			  "https://github.com/linux-surface/linux-surface/issues/906 (vboxdrv \"Key was "
			  "rejected by service\"; \"check if this file exists: /var/lib/dkms/mok.key\")",
	},
	{
		.id = "mok_vboxconfig_new_key",
		.subject = VC_KN_REMEDY,
		.extra = mok_vboxconfig,
		.outcome = VC_KN_NOTE,
		.says = "With no key and no Ubuntu tool to make one, vboxdrv.sh's setup() stops (\"your "
			"distribution does not provide tools for automatic generation of keys needed for "
			"modules signing\") and names its own recipe; with the pair in place it signs at "
			"every rebuild (setup_complete() rebuilds a module that MOK.der does not verify).",
		.remedy = "sudo mkdir -m 0700 -p /var/lib/shim-signed/mok && sudo openssl req -nodes -new "
			  "-x509 -newkey rsa:2048 -outform DER -addext \"extendedKeyUsage=codeSigning\" "
			  "-keyout /var/lib/shim-signed/mok/MOK.priv -out /var/lib/shim-signed/mok/MOK.der "
			  "&& sudo mokutil --import /var/lib/shim-signed/mok/MOK.der   (the key vboxconfig "
			  "signs with at every rebuild; set a one-time password), reboot, choose \"Enroll "
			  "MOK\" in the blue MOK manager",
		.confidence = VC_KN_ESTABLISHED,
		.source = "VirtualBox src/VBox/Installer/linux/vboxdrv.sh (git 78d7e32f6386, trunk 2026) "
			  "setup() (\"Please consider to generate and enroll them "
			  "manually: sudo mkdir -m 0700 -p /var/lib/shim-signed/mok; sudo openssl req -nodes "
			  "-new -x509 -newkey rsa:2048 -outform DER -addext "
			  "\\\"extendedKeyUsage=codeSigning\\\" ...; sudo mokutil --import\"); "
			  "https://github.com/VirtualBox/virtualbox/issues/472 (Debian: manual signing)",
	},
	{
		.id = "mok_fallback",
		.subject = VC_KN_REMEDY,
		.outcome = VC_KN_NOTE,
		.says = "Where nothing here builds and signs vboxdrv, a key of one's own is made, enrolled "
			"and used with the kernel's sign-file on each module (the probe names them).",
		.remedy = "create a signing key (openssl req -new -x509 -newkey rsa:2048 -nodes -days 36500 "
			  "-subj /CN=vboxdrv/ -outform DER -keyout MOK.priv -out MOK.der), `sudo mokutil "
			  "--import MOK.der`, reboot and enroll it; sign the vbox modules with the kernel's "
			  "scripts/sign-file",
		.confidence = VC_KN_ESTABLISHED,
		.source = "torvalds/linux Documentation/admin-guide/module-signing.rst (\"Manually signing "
			  "modules\": scripts/sign-file); mokutil(1) --import",
	},
	{
		.id = "provider_virtualbox_kvm_backend",
		.subject = VC_KN_REMEDY,
		.extra = vagrant_kvm_backend,
		.outcome = VC_KN_NOTE,
		.says = "Vagrant's virtualbox provider calls a KVM-backend build unusable: VBoxManage warns "
			"that the kernel module is not loaded (the backend needs none), Vagrant reads that "
			"as VirtualBox not working, and vagrant up creates no VM.",
		.remedy = "start those VMs in VirtualBox itself, or use a KVM provider (vagrant-libvirt).",
		.confidence = VC_KN_LIKELY,
		.source = "https://github.com/hashicorp/vagrant/issues/13355 (cyberus virtualbox-kvm: \"The "
			  "provider 'virtualbox' that was requested to back the machine 'default' is "
			  "reporting that it isn't usable on this system ... VirtualBox is complaining that "
			  "the kernel module is not loaded\"; open)",
	},
	/* ---- end of s10-rules' block ---- */
};
const size_t vc_nknowledge = ARRAY_SIZE(vc_knowledge);

/* The newest host kernel each VirtualBox release builds for; releases between two rows share the
 * older row's answer. Only what a source says: the official changelog is quoted by packagers. */
const struct vc_kn_support vc_kn_vbox_support[] = {
	/* 6.1, from packagers' and users' reports (the 6.1 changelog is not readable here);
	 * each row says only what its source says */
	{ V(6, 1, 10), V(5, 7, 0), VC_KN_LIKELY,
	  "https://github.com/NixOS/nixpkgs/issues/97999 (6.1.10 fails to build on linuxPackages_5_8, "
	  "\"pkgs.linuxPackages_5_7 ... did work\"), https://github.com/NixOS/nixpkgs/issues/98948 "
	  "(5.8.11: \"a known bug for current version 6.1.10\", virtualbox.org ticket 19644)",
	  V(6, 1, 10), false, 0 },
	{ V(6, 1, 14), V(5, 8, 0), VC_KN_LIKELY,
	  "https://github.com/NixOS/nixpkgs/pull/97411 (\"6.1.14 ... contains some necessary changes "
	  "to be built on Linux 5.8 kernel\"; run on 5.8)",
	  0, true, 0 },
	{ V(6, 1, 18), V(5, 10, 0), VC_KN_LIKELY,
	  "https://github.com/AOSC-Dev/aosc-os-abbs/pull/2812 (6.1.18 \"adding official support for "
	  "5.10.x kernel (but still requires adhoc patch to build on 5.11.x)\"), "
	  "https://github.com/NixOS/nixpkgs/pull/110550 (6.1.16 -> 6.1.18: \"fix the build in the "
	  "5.10 kernel\")",
	  V(6, 1, 18), false, V(5, 10, 0) },
	{ V(6, 1, 28), V(5, 15, 0), VC_KN_LIKELY,
	  "6.1.28 changelog \"Linux Host and Guest: Introduced initial support for kernels 5.14 and "
	  "5.15\" (https://build.openbuildservice.org/patchinfo/show/openSUSE:Maintenance:17087/"
	  "patchinfo)",
	  0, true, V(5, 14, 0) },
	{ V(6, 1, 36), V(5, 19, 0), VC_KN_LIKELY,
	  "https://github.com/AOSC-Dev/aosc-os-abbs/pull/4113 (6.1.36 \"so that it now works with 5.19 "
	  "kernel\")",
	  0, true, 0 },
	/* 7.0: 7.0.8 builds for 6.3 but not 6.4, 7.0.10 (the next release) for 6.4 and nothing
	 * newer; each row says nothing of the releases after it */
	{ V(7, 0, 8), V(6, 3, 0), VC_KN_LIKELY,
	  "https://github.com/NixOS/nixpkgs/pull/232770 (\"virtualbox: 7.0.6 -> 7.0.8; fix kernel 6.3 "
	  "module\"), https://github.com/NixOS/nixpkgs/issues/245834 (\"the virtualbox package in the "
	  "23.05 release is 7.0.8 which does not support kernel 6.4\")",
	  V(7, 0, 8), false, 0 },
	{ V(7, 0, 10), V(6, 4, 0), VC_KN_LIKELY,
	  "https://github.com/NixOS/nixpkgs/issues/245834 (6.4.1-xanmod1: \"Changing the virtualbox "
	  "package to the one in unstable channel (7.0.10) fixes the problem\"), "
	  "https://github.com/AOSC-Dev/aosc-os-abbs/pull/4656 (\"Update virtualbox to 7.0.10 so this "
	  "shet can work with linux 6.4\"), https://github.com/NixOS/nixpkgs/pull/264876 (\"The build of "
	  "virtualbox 7.0.10 with extensions does not work with a kernel newer than 6.4\")",
	  V(7, 0, 10), false, V(6, 4, 0) },
	/* 7.1: 7.1.8 built on 6.14.5 and not on 6.15.0; 7.1.10 is named the first to build for 6.15
	 * (its vboxdrv loads there); neither source says anything of the releases after them */
	{ V(7, 1, 8), V(6, 14, 0), VC_KN_LIKELY,
	  "https://github.com/VirtualBox/virtualbox/issues/13 (openSUSE Leap 15.6: \"After upgrading "
	  "from opensuse compiled upstream 6.14.5 to 6.15.0, VirtualBox from opensuse repo would not "
	  "compile the modules. Tried 7.1.8\")",
	  V(7, 1, 8), false, 0 },
	{ V(7, 1, 10), V(6, 15, 0), VC_KN_LIKELY,
	  "https://github.com/VirtualBox/virtualbox/issues/13 (\"This should be fixed with 7.1.10\"; "
	  "the reporter: \"Problem is gone with 6.15.3 and VirtualBox-7.1.11-169351\"), "
	  "https://github.com/VirtualBox/virtualbox/issues/37 (7.1.10's vboxdrv loaded on "
	  "6.15/6.15.1)",
	  0, true, V(6, 15, 0) },
	/* 7.2.6 stops at 6.18 (its driver fails modpost on 6.19; 7.2.8 fixed 6.19).
	 * read in the source: 6.19 restricted cr4_update_irqsoff/cr4_read_shadow to KVM's modules, and
	 * vboxdrv builds on 6.19 only with the code that resolves them at run time (guarded by
	 * RTLNX_VER_MIN(6,19,0)); three independent 7.2.6 build failures on 6.19 */
	{ V(7, 2, 6), V(6, 18, 0), VC_KN_ESTABLISHED,
	  "Linux 6276c67f2bc4 (cr4_update_irqsoff, cr4_read_shadow exported to KVM only, 6.19; "
	  "https://github.com/VirtualBox/virtualbox/issues/467: \"uses symbol cr4_update_irqsoff from "
	  "namespace module:kvm,kvm-amd,kvm-intel, but does not import it\"); VirtualBox "
	  "src/VBox/HostDrivers/Support/linux/SUPDrv-linux.c r114836 (trunk, git 16fefa9ea5f3): "
	  "SUPDRV_LINUX_DYNAMIC_CR4_FUNCTIONS under RTLNX_VER_MIN(6,19,0), absent from r109524 "
	  "(git 33378379df29); 7.2.6 on 6.19: https://github.com/VirtualBox/virtualbox/issues/540 "
	  "(\"ERROR: modpost: \"cr4_update_irqsoff\" [vboxdrv.ko] undefined!\"), "
	  "https://github.com/VirtualBox/virtualbox/issues/589 (Fedora 43 6.19.7), "
	  "https://github.com/NixOS/nixpkgs/pull/495984 (virtualbox-7.2.6-modsrc on 6.19.5); the first "
	  "release with the fix, 7.2.8, from https://github.com/void-linux/void-packages/pull/60101 (the "
	  "7.2 branch is not readable here)",
	  0, false, 0 },
	/* Oracle's word that 7.2.8's vboxdrv builds on 7.0 (so for 6.19's KVM-only cr4
	 * helpers too); the changelog and the 7.2 tags are still not readable here */
	{ V(7, 2, 8), V(7, 0, 0), VC_KN_ESTABLISHED,
	  "https://github.com/void-linux/void-packages/pull/60101 (\"Fixed host support for linux-6.19 and "
	  "linux7.0\"); Oracle on the 7.2.7 test build's vboxdrv failing on 7.0 (Host "
	  "Installer, SUPDrv-linux.c supdrvLinuxInitKvmSymbols), "
	  "https://github.com/VirtualBox/virtualbox/issues/623 (galitsyn-oracle, 2026-04-21: \"We just "
	  "released VirtualBox 7.2.8. This issue should be fixed in this version.\"): a vboxdrv that "
	  "builds on 7.0 links no cr4_update_irqsoff (KVM-only since 6.19, 6276c67f2bc4); no build on "
	  "7.1: VirtualBox/virtualbox#703",
	  0, false, V(6, 19, 0) },
	{ V(7, 2, 10), V(7, 1, 0), VC_KN_ESTABLISHED,
	  "7.2.10 changelog \"Linux Host and Guest: Added initial support for kernel 7.1\" "
	  "(https://github.com/NixOS/nixpkgs/pull/533091)",
	  0, false, V(7, 1, 0) },
	{ V(7, 2, 14), V(7, 2, 0), VC_KN_LIKELY,
	  "https://github.com/void-linux/void-packages/pull/61332 (\"linux-7.2 (host only)\")", 0, false,
	  V(7, 2, 0) },
};
const size_t vc_kn_nvbox_support = ARRAY_SIZE(vc_kn_vbox_support);

uint32_t vc_kn_vbox_kernel_max(uint32_t vbox, enum vc_kn_confidence *ret_conf)
{
	const struct vc_kn_support *best = NULL;

	for (size_t i = 0; i < vc_kn_nvbox_support; i++)
		if (!vc_kn_vbox_support[i].later_only && vc_kn_vbox_support[i].vbox <= vbox &&
		    (vbox >> 8) == (vc_kn_vbox_support[i].vbox >> 8))
			best = &vc_kn_vbox_support[i];
	/* a row that names its last release says nothing of the releases after it */
	if (best && best->last && vbox > best->last)
		best = NULL;
	if (ret_conf && best)
		*ret_conf = best->confidence;
	return best ? best->kernel_max : 0;
}

/* The oldest release the table knows builds for a kernel series, NULL when none. */
static const struct vc_kn_support *support_row(uint32_t kernel)
{
	for (size_t i = 0; i < vc_kn_nvbox_support; i++)
		if (vc_kn_vbox_support[i].kernel_max >= (kernel & ~0xffu))
			return &vc_kn_vbox_support[i];
	return NULL;
}

/* Its source names it the first release of its series that builds for this kernel series. */
static bool support_first(const struct vc_kn_support *s, uint32_t kernel)
{
	uint32_t k = kernel & ~0xffu;

	return s && s->first_from && k >= s->first_from && k <= s->kernel_max;
}

uint32_t vc_kn_vbox_upgrade_to(uint32_t kernel, bool *ret_first)
{
	const struct vc_kn_support *s = support_row(kernel);

	*ret_first = support_first(s, kernel);
	if (!s)
		return 0;
	/* 7.2.10 panics hosts next to KVM on 7.0/7.1: name the release that fixed it */
	return s->vbox == V(7, 2, 10) ? V(7, 2, 12) : s->vbox;
}

bool vc_kn_vbox_before_first(uint32_t vbox, uint32_t kernel)
{
	const struct vc_kn_support *s = support_row(kernel);

	return support_first(s, kernel) && (vbox >> 8) == (s->vbox >> 8) && vbox < s->vbox;
}

uint32_t vc_kn_vbox_first_supporting(uint32_t kernel)
{
	bool first;
	uint32_t v = vc_kn_vbox_upgrade_to(kernel, &first);

	return first ? v : 0;
}

/* The VMMON_VERSION each Workstation/Player release checks when a VM powers on ("Version mismatch
 * with vmmon module: expecting N.0"); releases outside these ranges are not known. */
const struct vc_kn_vmmon vc_kn_vmmon_versions[] = {
	{ { V(14, 0, 0), V(14, 1, 0) },
	  329,
	  VC_KN_LIKELY,
	  "https://github.com/mkubecek/vmware-host-modules/issues/2 (mkubecek: \"VMMOD_VERSION is 329 in "
	  "14.0.0\"), /16" },
	{ { V(15, 0, 0), V(15, 1, 0) },
	  360,
	  VC_KN_LIKELY,
	  "https://github.com/mkubecek/vmware-host-modules/issues/44 (\"expecting 360.0\" means "
	  "15.0.0-15.0.4)" },
	{ { V(15, 5, 0), V(15, 6, 0) },
	  385,
	  VC_KN_LIKELY,
	  "https://github.com/mkubecek/vmware-host-modules/issues/44 (385.0: built for 15.5.0)" },
	{ { V(17, 5, 0), V(17, 6, 0) },
	  416,
	  VC_KN_LIKELY,
	  "https://github.com/mkubecek/vmware-host-modules/issues/278 (the 17.5.2 sources: VMMON_VERSION "
	  "416 << 16); 17.5.0 and 17.5.1 not checked" },
	{ { V(17, 6, 0), V(17, 7, 0) },
	  417,
	  VC_KN_ESTABLISHED,
	  "https://github.com/mkubecek/vmware-host-modules/issues/278, /280 (17.6.0), /308 (17.6.2): "
	  "\"expecting 417.0\"" },
	{ { V(25, 0, 0), V(26, 0, 0) },
	  418,
	  VC_KN_LIKELY,
	  "https://github.com/Hyphaed/vmware_module_builder/issues/17 (25H2: \"expecting 418.0\"); "
	  "https://github.com/PF4Public/gentoo-overlay/issues/480 (25.2)" },
};
const size_t vc_kn_nvmmon_versions = ARRAY_SIZE(vc_kn_vmmon_versions);

unsigned vc_kn_vmmon_expected(uint32_t workstation, enum vc_kn_confidence *ret_conf)
{
	for (size_t i = 0; workstation && i < vc_kn_nvmmon_versions; i++)
		if (in_range(vc_kn_vmmon_versions[i].release, workstation)) {
			if (ret_conf)
				*ret_conf = vc_kn_vmmon_versions[i].confidence;
			return vc_kn_vmmon_versions[i].vmmon;
		}
	return 0;
}

unsigned vc_knowledge_vmmon_expected(const struct vc_facts *f)
{
	return vc_kn_vmmon_expected(kernel_version_code(f->vmware.version), NULL);
}

/* ---- names ---- */

static const char *const subject_names[_VC_KN_SUBJECT_MAX] = { "kernel", "vboxdrv",	"vbox_nem",
							       "vmware", "environment", "other_host",
							       "remedy" };
static const char *const outcome_names[_VC_KN_OUTCOME_MAX] = {
	"shares", "blocked", "fails", "host_crash", "no_build", "no_load", "fine", "note", "no_vt",
};
static const char *const confidence_names[_VC_KN_CONFIDENCE_MAX] = { "established", "likely", "unclear" };

const char *vc_kn_subject_name(enum vc_kn_subject s)
{
	return (unsigned)s < _VC_KN_SUBJECT_MAX ? subject_names[s] : "?";
}

const char *vc_kn_outcome_name(enum vc_kn_outcome o)
{
	return (unsigned)o < _VC_KN_OUTCOME_MAX ? outcome_names[o] : "?";
}

const char *vc_kn_confidence_name(enum vc_kn_confidence c)
{
	return (unsigned)c < _VC_KN_CONFIDENCE_MAX ? confidence_names[c] : "?";
}

const struct vc_knowledge *vc_knowledge_by_id(const char *id)
{
	for (size_t i = 0; id && i < vc_nknowledge; i++)
		if (!strcmp(vc_knowledge[i].id, id))
			return &vc_knowledge[i];
	return NULL;
}

const struct vc_knowledge *vc_knowledge_vagrant_refuses(const struct vc_facts *f, int *report_len)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("provider_virtualbox_kvm_backend");

	if (!k || !vc_knowledge_holds(k, f))
		return NULL;
	*report_len = (int)strcspn(k->source, " ");
	return k;
}

/* ---- the matcher ---- */

static bool in_range(struct vc_kn_range r, uint32_t v)
{
	if (!r.from && !r.to)
		return true;
	return v && v >= r.from && (!r.to || v < r.to);
}

static bool vendor_kvm_loaded(const struct vc_facts *f)
{
	return vc_facts_loaded(f, "kvm_intel") || vc_facts_loaded(f, "kvm_amd");
}

static enum vc_kn_kvm kvm_state(const struct vc_facts *f)
{
	const char *live = vc_norm_bool(vc_facts_param(f, "kvm", "enable_virt_at_load"));
	const char *conf = f->platform.kvm_settings.kvm.enable_virt_at_load.configured;

	if (!vendor_kvm_loaded(f))
		return streq_ptr(vc_norm_bool(conf), "N") ? VC_KN_KVM_VIRT_OFF : VC_KN_KVM_NOT_LOADED;
	if (streq_ptr(live, "N") || (!live && streq_ptr(vc_norm_bool(conf), "N")))
		return VC_KN_KVM_VIRT_OFF;
	return vc_facts_kvm_holds_at_load(f) ? VC_KN_KVM_HOLDS : VC_KN_KVM_LOADED;
}

static bool kvm_matches(enum vc_kn_kvm want, enum vc_kn_kvm have)
{
	switch (want) {
	case VC_KN_KVM_ANY:
		return true;
	case VC_KN_KVM_LOADED: /* holding since load, or with =N, is loaded too */
		return have == VC_KN_KVM_LOADED || have == VC_KN_KVM_HOLDS || have == VC_KN_KVM_VIRT_OFF;
	default:
		return want == have;
	}
}

/* A kernel configuration key is on: the configuration says so; without one, the module it builds is
 * there (CONFIG_KVM and CONFIG_KVM_X86: kvm, CONFIG_KVM_INTEL: kvm_intel). */
static bool kconfig_on(const struct vc_facts *f, const char *key)
{
	const char *v = vc_facts_kconfig(f, key);

	if (f->platform.has_kernel_config)
		return v && (!strcmp(v, "y") || !strcmp(v, "m"));
	if (!strcmp(key, "CONFIG_KVM") || !strcmp(key, "CONFIG_KVM_X86"))
		return vc_facts_modstate(f, "kvm") != VC_MOD_ABSENT;
	if (!strcmp(key, "CONFIG_KVM_INTEL"))
		return vc_facts_modstate(f, "kvm_intel") != VC_MOD_ABSENT;
	if (!strcmp(key, "CONFIG_KVM_AMD"))
		return vc_facts_modstate(f, "kvm_amd") != VC_MOD_ABSENT;
	return false;
}

/* Off needs evidence: a configuration that says n or lacks it. */
static bool kconfig_off(const struct vc_facts *f, const char *key)
{
	const char *v = vc_facts_kconfig(f, key);

	return f->platform.has_kernel_config && (!v || !strcmp(v, "n"));
}

/* v is the n characters at p */
static bool env_is(const char *v, const char *p, size_t n)
{
	return v && strlen(v) == n && !strncmp(v, p, n);
}

static bool subject_present(const struct vc_facts *f, enum vc_kn_subject s, const char *env)
{
	const struct vc_environment_facts *e = &f->environment;

	switch (s) {
	case VC_KN_KERNEL:
		return true;
	case VC_KN_VBOXDRV:
		return (f->virtualbox.installed && f->virtualbox.kvm_backend != VC_TRI_TRUE) ||
		       vc_facts_loaded(f, "vboxdrv");
	case VC_KN_VBOX_NEM:
		return f->virtualbox.installed && f->virtualbox.kvm_backend == VC_TRI_TRUE;
	case VC_KN_VMWARE:
		return f->vmware.installed || vc_facts_loaded(f, "vmmon");
	case VC_KN_ENVIRONMENT:
		for (const char *p = env; p && *p; p += strcspn(p, "|"), p += *p == '|') {
			size_t n = strcspn(p, "|");

			if (env_is(e->outer_hypervisor, p, n) || env_is(e->cloud, p, n) ||
			    env_is(e->product, p, n) || env_is(e->wsl, p, n) || env_is(e->container, p, n) ||
			    env_is(e->confidential_guest, p, n) ||
			    (e->container && env_is("container", p, n)) ||
			    (e->user_namespace && env_is("userns", p, n)) || (e->ci && env_is("ci", p, n)) ||
			    env_is(e->sandbox, p, n))
				return true;
		}
		return false;
	case VC_KN_REMEDY:
		return true;
	case VC_KN_OTHER_HOST:
		for (const char *p = env; p && *p; p += strcspn(p, "|"), p += *p == '|')
			if (env_is(e->host_os, p, strcspn(p, "|")))
				return true;
		return false;
	default:
		return false;
	}
}

static uint32_t subject_version(const struct vc_facts *f, enum vc_kn_subject s)
{
	if (s == VC_KN_VBOXDRV || s == VC_KN_VBOX_NEM)
		return kernel_version_code(f->virtualbox.version);
	if (s == VC_KN_VMWARE)
		return kernel_version_code(f->vmware.version);
	return 0;
}

static bool holds(const struct vc_knowledge *k, const struct vc_facts *f, enum vc_kn_kvm kvm)
{
	bool amd = vc_facts_amd(f);
	bool intel = f->cpuid.available && !strcmp(f->cpuid.vendor, "GenuineIntel");

	if (!subject_present(f, k->subject, k->environment))
		return false;
	if (k->environment && k->subject != VC_KN_ENVIRONMENT && k->subject != VC_KN_OTHER_HOST &&
	    !subject_present(f, VC_KN_ENVIRONMENT, k->environment))
		return false;
	if (!in_range(k->version, subject_version(f, k->subject)) ||
	    !in_range(k->kernel, kernel_version_code(f->kernel)))
		return false;
	if ((k->vendor == VC_KN_INTEL && !intel) || (k->vendor == VC_KN_AMD && !amd))
		return false;
	if (!kvm_matches(k->kvm, kvm == VC_KN_KVM_ANY ? kvm_state(f) : kvm))
		return false;
	if ((k->kconfig_set && !kconfig_on(f, k->kconfig_set)) ||
	    (k->kconfig_unset && !kconfig_off(f, k->kconfig_unset)))
		return false;
	if ((k->distros && !(k->distros & VC_KN_DISTRO(f->distro.family))) ||
	    (k->boot_loader && k->boot_loader != f->platform.boot_loader))
		return false;
	return !k->extra || k->extra(f);
}

bool vc_knowledge_holds(const struct vc_knowledge *k, const struct vc_facts *f)
{
	return holds(k, f, VC_KN_KVM_ANY);
}

bool vc_knowledge_fits_host(const struct vc_knowledge *k, const struct vc_facts *f)
{
	if (k->subject == VC_KN_OTHER_HOST)
		return subject_present(f, VC_KN_OTHER_HOST, k->environment);
	if (k->environment && !subject_present(f, VC_KN_ENVIRONMENT, k->environment))
		return false;
	return !k->distros || f->distro.family == VC_DISTRO_UNKNOWN ||
	       (k->distros & VC_KN_DISTRO(f->distro.family));
}

const struct vc_knowledge *vc_knowledge_first(const struct vc_facts *f, enum vc_kn_subject subject,
					      unsigned outcomes, enum vc_kn_kvm kvm)
{
	for (size_t i = 0; i < vc_nknowledge; i++) {
		const struct vc_knowledge *k = &vc_knowledge[i];

		if (k->subject == subject && (outcomes & VC_KN_OUT(k->outcome)) && holds(k, f, kvm))
			return k;
	}
	return NULL;
}

#define NEXT_TO_KVM                                                                                          \
	(VC_KN_OUT(VC_KN_SHARES) | VC_KN_OUT(VC_KN_BLOCKED) | VC_KN_OUT(VC_KN_HOST_CRASH) |                  \
	 VC_KN_OUT(VC_KN_FAILS) | VC_KN_OUT(VC_KN_FINE))

/* A VirtualBox row about its driver next to KVM; the FRED rows, the one about a kernel without KVM
 * and those about KVM and VirtualBox VMs at the same time say nothing about it. */
static bool about_next_to_kvm(const struct vc_knowledge *k)
{
	return k->subject == VC_KN_VBOXDRV && (NEXT_TO_KVM & VC_KN_OUT(k->outcome)) &&
	       k->extra != fred_active && k->extra != vboxdrv_loaded && !concurrent_row(k);
}

/* The first VirtualBox row about its driver next to KVM that holds. */
static const struct vc_knowledge *next_to_kvm(const struct vc_facts *f, enum vc_kn_kvm kvm)
{
	for (size_t i = 0; i < vc_nknowledge; i++)
		if (about_next_to_kvm(&vc_knowledge[i]) && holds(&vc_knowledge[i], f, kvm))
			return &vc_knowledge[i];
	return NULL;
}

const struct vc_knowledge *vc_knowledge_fred_crash(const struct vc_facts *f, enum vc_kn_subject subject)
{
	for (size_t i = 0; i < vc_nknowledge; i++) {
		const struct vc_knowledge *k = &vc_knowledge[i];

		if (k->subject == subject && k->extra == fred_active && holds(k, f, VC_KN_KVM_ANY))
			return k;
	}
	return NULL;
}

const struct vc_knowledge *vc_knowledge_vbox_concurrent(const struct vc_facts *f)
{
	for (size_t i = 0; i < vc_nknowledge; i++)
		if (concurrent_row(&vc_knowledge[i]) && holds(&vc_knowledge[i], f, VC_KN_KVM_ANY))
			return &vc_knowledge[i];
	return NULL;
}

const struct vc_knowledge *vc_knowledge_vbox_shares_kvm(const struct vc_facts *f)
{
	/* what if a kvm_intel/kvm_amd held VT since load: the rows for that state answer */
	const struct vc_knowledge *k = next_to_kvm(f, VC_KN_KVM_HOLDS);

	return k && k->outcome == VC_KN_SHARES ? k : NULL;
}

/* The first of the 7.2.x releases for which ok() holds on this host with that release installed;
 * 0 when none does. */
static uint32_t first_release(const struct vc_facts *f, bool (*ok)(const struct vc_facts *))
{
	static const char *const releases[] = { "7.2.2",  "7.2.4",  "7.2.6",  "7.2.8", "7.2.10",
						"7.2.12", "7.2.14", "7.2.16", "7.2.18" };
	struct vc_facts *what_if = xmalloc(sizeof(*what_if));
	uint32_t found = 0;

	/* a shallow copy, read only: the same host with another VirtualBox release installed */
	*what_if = *f;
	what_if->virtualbox.installed = true;
	what_if->virtualbox.kvm_backend = VC_TRI_FALSE;
	for (size_t i = 0; i < ARRAY_SIZE(releases) && !found; i++) {
		what_if->virtualbox.version = (char *)releases[i];
		if (ok(what_if))
			found = kernel_version_code(releases[i]);
	}
	free(what_if);
	return found;
}

static bool shares(const struct vc_facts *f)
{
	return vc_knowledge_vbox_shares_kvm(f) != NULL;
}

uint32_t vc_knowledge_vbox_first_sharing(const struct vc_facts *f)
{
	return first_release(f, shares);
}

/* issue 15 audit (s8-a15): 7.2.2-7.2.8 ask KVM to switch VT on (kvm_enable_virtualization), which
 * works with enable_virt_at_load=0 too; only the rows for that state say which release fails */
static bool fails_with_virt_off(const struct vc_facts *f)
{
	const struct vc_knowledge *k = next_to_kvm(f, VC_KN_KVM_VIRT_OFF);

	return k && k->kvm == VC_KN_KVM_VIRT_OFF && k->outcome == VC_KN_FAILS;
}

uint32_t vc_knowledge_vbox_first_needing_virt_at_load(const struct vc_facts *f)
{
	return first_release(f, fails_with_virt_off);
}

bool vc_knowledge_vbox_shares_on(const struct vc_facts *f, const char *kernel)
{
	struct vc_facts *what_if = xmalloc(sizeof(*what_if));
	bool shares;

	/* a shallow copy, read only: the same host and VirtualBox booted into another kernel */
	*what_if = *f;
	what_if->kernel = (char *)kernel;
	shares = vc_knowledge_vbox_shares_kvm(what_if) != NULL;
	free(what_if);
	return shares;
}

/* Rows a and b (of one subject) answer the same question, so the first of them that holds wins. */
static bool same_question(const struct vc_knowledge *a, const struct vc_knowledge *b)
{
	bool a_next = about_next_to_kvm(a), b_next = about_next_to_kvm(b);

	if (a->subject != b->subject)
		return false;
	if (a->subject == VC_KN_REMEDY) {
		size_t n = strcspn(a->id, "_");

		return n == strcspn(b->id, "_") && !strncmp(a->id, b->id, n);
	}
	if (a->subject == VC_KN_ENVIRONMENT)
		return streq_ptr(a->finding, b->finding);
	if (a_next || b_next)
		return a_next && b_next;
	return a->outcome == b->outcome;
}

bool vc_knowledge_applies(const struct vc_knowledge *k, const struct vc_facts *f)
{
	if (!vc_knowledge_holds(k, f))
		return false;
	for (const struct vc_knowledge *e = vc_knowledge; e < k; e++)
		if (same_question(e, k) && vc_knowledge_holds(e, f))
			return false;
	/* a topic's fallback only where no other row of it holds, wherever it stands */
	if (k->subject == VC_KN_REMEDY && endswith(k->id, "_fallback"))
		return vc_knowledge_remedy_is(f, k->id);
	return true;
}

const struct vc_knowledge *vc_knowledge_environment(const struct vc_facts *f, const char *finding)
{
	for (size_t i = 0; i < vc_nknowledge; i++) {
		const struct vc_knowledge *k = &vc_knowledge[i];

		if (k->subject == VC_KN_ENVIRONMENT && streq_ptr(k->finding, finding) &&
		    vc_knowledge_holds(k, f))
			return k;
	}
	return NULL;
}

const struct vc_knowledge *vc_knowledge_vbox_next_to_kvm(const struct vc_facts *f)
{
	return next_to_kvm(f, VC_KN_KVM_ANY);
}

const struct vc_knowledge *vc_knowledge_remedy(const struct vc_facts *f, const char *topic)
{
	size_t n = strlen(topic);

	/* the topic's fallback only when no other row of it holds, wherever it stands */
	for (int fallback = 0; f && fallback < 2; fallback++)
		for (size_t i = 0; i < vc_nknowledge; i++) {
			const struct vc_knowledge *k = &vc_knowledge[i];

			if (k->subject == VC_KN_REMEDY && !strncmp(k->id, topic, n) && k->id[n] == '_' &&
			    (strcmp(k->id + n + 1, "fallback") == 0) == (fallback == 1) &&
			    vc_knowledge_holds(k, f))
				return k;
		}
	return NULL;
}

bool vc_knowledge_remedy_is(const struct vc_facts *f, const char *id)
{
	_cleanup_(freep) char *topic = xstrndup(id, strcspn(id, "_"));
	const struct vc_knowledge *k = vc_knowledge_remedy(f, topic);

	return k && !strcmp(k->id, id);
}

void vc_knowledge_expand(struct buf *b, const char *text, const char *const *words, const char *const *values,
			 size_t n)
{
	for (const char *p = text; *p;) {
		size_t i = 0, run;
		/* a placeholder is a word of its own: CONFIG_MODULE_SIG or FLAGS hold none */
		bool start = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');

		while (start && i < n &&
		       (strncmp(p, words[i], strlen(words[i])) != 0 ||
			isalnum((unsigned char)p[strlen(words[i])]) || p[strlen(words[i])] == '_'))
			i++;
		if (!start)
			i = n;
		if (i < n) {
			buf_printf(b, "%s", values[i]);
			p += strlen(words[i]);
			continue;
		}
		/* up to the next possible placeholder (they are upper case) */
		for (run = 1; p[run] && !(p[run] >= 'A' && p[run] <= 'Z'); run++)
			;
		buf_append(b, p, run);
		p += run;
	}
}

void vc_knowledge_steps(struct buf *b, const struct vc_knowledge *k, const struct vc_facts *f)
{
	static const char *const words[] = { "MODULE",	   "FLAG",    "CI_SERVICE",
					     "NODE_GROUP", "HEADERS", "GCC_PACKAGE" };
	bool amd = vc_facts_amd(f);
	/* the node's group is a word of the commands: a name may hold anything */
	_cleanup_(freep) char *group =
		vc_shell_quote(*f->kvm.device.node.group ? f->kvm.device.node.group : "kvm");
	struct buf headers = { 0 };

	if (strstr(k->remedy, "HEADERS"))
		vc_knowledge_headers(&headers, f);
	/* the compiler the kernel was built with, as Debian and Ubuntu package it */
	_cleanup_(freep) char *gcc = *f->virtualbox.kernel_gcc
					     ? xasprintf("gcc-%s (`sudo apt install gcc-%s`)",
							 f->virtualbox.kernel_gcc, f->virtualbox.kernel_gcc)
					     : xstrdup("gcc-N");
	const char *values[] = { amd ? "kvm_amd" : "kvm_intel",
				 amd ? "svm" : "vmx",
				 f->environment.ci ? f->environment.ci : "CI",
				 group,
				 headers.data ? headers.data : "",
				 gcc };

	vc_knowledge_expand(b, k->remedy, words, values, ARRAY_SIZE(words));
	buf_free(&headers);
}

const char *vc_knowledge_arch_kernel(const struct vc_facts *f)
{
	static _Thread_local char name[48];
	const char *rel = vc_facts_kernel_named(f), *dash;
	unsigned major, minor;
	size_t n;

	/* the package itself says, in its pkgbase file */
	if (f->distro.kernel_package)
		return f->distro.kernel_package;
	if (!rel)
		return "linux";
	dash = strrchr(rel, '-');
	/* Manjaro names a kernel package by its series: 5.10.61-1-MANJARO is linux510's (Manjaro
	 * kernel PKGBUILDs, pkgbase=linux${_basekernel/./}; its headers linux510-headers, its
	 * VirtualBox modules linux510-virtualbox-host-modules) */
	if (dash && !strcmp(dash, "-MANJARO") && sscanf(rel, "%u.%u", &major, &minor) == 2) {
		/* its real-time kernels are linuxNN-rt ("4.4.15-1-rt23-MANJARO": an "rtN" word
		 * before MANJARO; manjaro/manjaro-settings-manager#135: linux415-rt, linux416-rt) */
		const char *rt = strstr(rel, "-rt");

		snprintf(name, sizeof(name), "linux%u%u%s", major, minor,
			 rt && rt < dash && isdigit((unsigned char)rt[3]) ? "-rt" : "");
		return name;
	}
	/* an Arch kernel package's release is VERSION-PKGREL-FLAVOUR or VERSION-FLAVOURn-PKGREL-FLAVOUR
	 * (6.12.40-1-lts, 4.12.14-1-ck, 6.16.0-5-cachyos, 6.16.3-zen1-1-zen: linux-lts, linux-ck,
	 * linux-cachyos, linux-zen); the linux package's ends in its pkgrel (6.16.3-arch1-1), as
	 * Arch's old -ARCH did in capitals, and other distributions' releases have other shapes
	 * (4.7.0-kali1-686-pae, 5.11.6-surface) */
	n = dash ? strlen(dash + 1) : 0;
	if (!n || n > 24 || strspn(dash + 1, "abcdefghijklmnopqrstuvwxyz") != n)
		return "linux";
	{
		const char *v = rel + strcspn(rel, "-"), *pkgrel = v + 1, *mid;
		size_t lrel;

		/* VERSION-[FLAVOURn-]PKGREL-FLAVOUR */
		if (!*v)
			return "linux";
		mid = pkgrel;
		if (!strncmp(mid, dash + 1, n) && mid[n] >= '0' && mid[n] <= '9')
			pkgrel = mid + n + strspn(mid + n, "0123456789") + 1;
		lrel = (size_t)(dash - pkgrel);
		if (pkgrel > dash || !lrel || strspn(pkgrel, "0123456789") != lrel)
			return "linux";
	}
	snprintf(name, sizeof(name), "linux-%s", dash + 1);
	return name;
}

void vc_knowledge_headers(struct buf *b, const struct vc_facts *f)
{
	/* the distributions the headers_ rows name, for a host whose distribution is not known */
	static const struct {
		const char *id, *name;
	} rows[] = {
		{ "headers_debian", "Debian, Ubuntu" },
		{ "headers_fedora", "Fedora, RHEL" },
		{ "headers_suse", "openSUSE" },
		{ "headers_arch", "Arch" },
	};
	/* explain --log's "$(uname -r)" (VMware's facts) names no kernel either */
	const char *known = vc_facts_kernel_named(f);
	const char *rel = known ? known : "$(uname -r)", *dash = known ? strrchr(rel, '-') : NULL;
	const char *flavour = dash && dash[1] ? dash + 1 : "default";
	const char *arch = vc_knowledge_arch_kernel(f);
	/* in the list for a host of no known distribution, Arch's line names a flavour only where it
	 * is one of Arch's kernels ("5.4.0-42-generic" is Ubuntu's, no linux-generic) */
	static const char *const arch_flavours[] = { "linux-lts", "linux-zen", "linux-hardened", "linux-ck",
						     "linux-cachyos" };
	const char *arch_listed = f->distro.kernel_package ? arch : "linux";

	for (size_t i = 0; i < ARRAY_SIZE(arch_flavours); i++)
		if (!strcmp(arch, arch_flavours[i]))
			arch_listed = arch;
	const char *const words[] = { "KVER", "FLAVOUR" };
	const struct vc_knowledge *k;

	if (f->distro.read || f->distro.family != VC_DISTRO_UNKNOWN) {
		k = vc_knowledge_remedy(f, "headers");
		if (!k)
			k = vc_knowledge_by_id("headers_fallback");
		if (!k)
			return;
		vc_knowledge_expand(
			b, k->remedy, words,
			(const char *const[]){ rel, f->distro.family == VC_DISTRO_ARCH ? arch : flavour }, 2);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(rows) && (k = vc_knowledge_by_id(rows[i].id)); i++) {
		buf_printf(b, "%s: ", rows[i].name);
		vc_knowledge_expand(b, k->remedy, words,
				    (const char *const[]){ rel, !strcmp(rows[i].id, "headers_arch")
									? arch_listed
									: flavour },
				    2);
		buf_printf(b, "; ");
	}
	buf_printf(b, "elsewhere: ");
	k = known ? vc_knowledge_by_id("headers_fallback") : NULL;
	if (k)
		vc_knowledge_expand(b, k->remedy, words, (const char *const[]){ rel, flavour }, 2);
	else
		buf_printf(b, "your distribution's header package for the running kernel");
}

void vc_knowledge_evidence(struct vc_finding *fd, const struct vc_knowledge *k)
{
	if (k)
		vc_finding_evidence(fd, "knowledge %s (%s): %s", k->id, vc_kn_confidence_name(k->confidence),
				    k->source);
}

/* ---- README ---- */

static void range_md(FILE *out, struct vc_kn_range r)
{
	char a[16], b[16];

	if (!r.from && !r.to) {
		fputs("any", out);
		return;
	}
	snprintf(a, sizeof(a), "%u.%u.%u", r.from >> 16, (r.from >> 8) & 0xff, r.from & 0xff);
	snprintf(b, sizeof(b), "%u.%u.%u", r.to >> 16, (r.to >> 8) & 0xff, r.to & 0xff);
	/* kernels are series: 6.16.0 reads as 6.16 */
	for (char *s = a; s; s = s == a ? b : NULL) {
		size_t n = strlen(s);

		if (n > 2 && !strcmp(s + n - 2, ".0"))
			s[n - 2] = '\0';
	}
	if (!r.to)
		fprintf(out, ">= %s", a);
	else if (!r.from)
		fprintf(out, "< %s", b);
	else
		fprintf(out, "%s to < %s", a, b);
}

static const char *const kvm_md[_VC_KN_KVM_MAX] = { "", "KVM holds VT since load", "KVM loaded",
						    "enable_virt_at_load=0", "KVM not loaded" };
static const char *const vendor_md[] = { "", "Intel", "AMD" };
static const char *const boot_loader_md[] = { "", "grubby", "GRUB", "/etc/kernel/cmdline" };

void vc_knowledge_markdown(FILE *out)
{
	fputs("| id | subject | version | kernel | also | outcome | error | confidence | source |\n"
	      "|---|---|---|---|---|---|---|---|---|\n",
	      out);
	for (size_t i = 0; i < vc_nknowledge; i++) {
		const struct vc_knowledge *k = &vc_knowledge[i];
		const char *sep = "";

		fprintf(out, "| `%s` | %s | ", k->id, vc_kn_subject_name(k->subject));
		range_md(out, k->version);
		fputs(" | ", out);
		range_md(out, k->kernel);
		fputs(" | ", out);
		if (k->vendor) {
			fprintf(out, "%s", vendor_md[k->vendor]);
			sep = ", ";
		}
		if (k->kvm) {
			fprintf(out, "%s%s", sep, kvm_md[k->kvm]);
			sep = ", ";
		}
		if (k->kconfig_set) {
			fprintf(out, "%s%s", sep, k->kconfig_set);
			sep = ", ";
		}
		if (k->kconfig_unset) {
			fprintf(out, "%sno %s", sep, k->kconfig_unset);
			sep = ", ";
		}
		for (int d = 0; d < _VC_DISTRO_MAX; d++)
			if (k->distros & VC_KN_DISTRO(d)) {
				fprintf(out, "%s%s", sep, vc_distro_name(d));
				sep = k->distros >> (d + 1) ? " or " : ", ";
			}
		if (k->boot_loader) {
			fprintf(out, "%s%s", sep, boot_loader_md[k->boot_loader]);
			sep = ", ";
		}
		/* alternatives read "podman or userns": a '|' would end the cell */
		for (const char *e = k->environment; e && *e; e += strcspn(e, "|"), e += *e == '|')
			fprintf(out, "%s%.*s", e == k->environment ? sep : " or ", (int)strcspn(e, "|"), e);
		fprintf(out, " | %s: %s | ", vc_kn_outcome_name(k->outcome), k->says);
		if (k->error_intel && k->error_amd && strcmp(k->error_intel, k->error_amd) != 0)
			fprintf(out, "%s / %s", k->error_intel, k->error_amd);
		else if (k->error_intel || k->error_amd)
			fprintf(out, "%s", k->error_intel ? k->error_intel : k->error_amd);
		fprintf(out, " | %s | %s |\n", vc_kn_confidence_name(k->confidence), k->source);
	}
	fputs("\nVirtualBox releases and the newest host kernel they build for:\n\n"
	      "| VirtualBox | newest kernel | confidence | source |\n|---|---|---|---|\n",
	      out);
	for (size_t i = 0; i < vc_kn_nvbox_support; i++) {
		const struct vc_kn_support *s = &vc_kn_vbox_support[i];

		fprintf(out, "| %u.%u.%u | %u.%u | %s | %s |\n", s->vbox >> 16, (s->vbox >> 8) & 0xff,
			s->vbox & 0xff, s->kernel_max >> 16, (s->kernel_max >> 8) & 0xff,
			vc_kn_confidence_name(s->confidence), s->source);
	}
	fputs("\nVMware Workstation/Player releases and the vmmon version they expect:\n\n"
	      "| Workstation | VMMON_VERSION | confidence | source |\n|---|---|---|---|\n",
	      out);
	for (size_t i = 0; i < vc_kn_nvmmon_versions; i++) {
		const struct vc_kn_vmmon *m = &vc_kn_vmmon_versions[i];

		fputs("| ", out);
		range_md(out, m->release);
		fprintf(out, " | %u | %s | %s |\n", m->vmmon, vc_kn_confidence_name(m->confidence),
			m->source);
	}
}
