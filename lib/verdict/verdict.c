/* The owner verdict: who holds VT-x/AMD-V, what conflicts follow, and the remedies for this host. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/model/catalog.h"
#include "lib/model/remedies.h"
#include "lib/verdict/knowledge.h"
#include "lib/verdict/verdict.h"

/* What the rules look at, derived once from the facts. */
struct inputs {
	const struct vc_facts *f;
	const char *vendor_module; /* kvm_intel / kvm_amd / kvm_pvm serving /dev/kvm, or loaded */
	enum vc_modstate vendor_state;
	bool kvm_builtin;
	bool kvm_usable, kvm_busy;
	bool have_vt; /* CPUID was read: vt says what the CPU shows */
	enum vc_vt vt;
	bool amd;
	bool hv_bit;
	const char *hv;		  /* outer hypervisor id */
	const char *product;	  /* the outer hypervisor for people: "Hyper-V", "Amazon EC2"... */
	const char *confidential; /* tdx, sev-snp, sev */
	bool fw_disabled, fw_definitive;
	const char *svme;		      /* all, some, none; NULL when MSRs were not read */
	const char *virt_at_load;	      /* live kvm.enable_virt_at_load "Y"/"N", NULL when not loaded */
	const char *virt_conf, *virt_conf_by; /* configured value and where */
	const char *kernel;
	/* the running kernel for messages: "Linux 6.12.3", or "the running kernel" where the facts do
	 * not name it (vc_facts_running_linux), never "Linux unknown" */
	struct buf running;
	const char *release; /* its release alone, or "the running kernel" */
	uint32_t kver;
	unsigned vms_kvm, vms_vbox, vms_vmware;
	/* references to the vendor module (every open /dev/kvm, VM and vCPU file holds one) when no
	 * process was looked at, else 0 */
	int64_t vendor_refs_unseen;
	bool vbox_installed, vbox_driver, vbox_kvm_backend;
	const char *vbox_ver;
	uint32_t vbox_code;
	/* what the knowledge table says of this VirtualBox on this kernel: its row next to a KVM that
	 * holds VT since load when that is sharing (NULL otherwise), and its row for KVM as it is now */
	const struct vc_knowledge *vbox_share, *vbox_row;
	bool vmware;
	bool wsl2;
	const char *unknown_oot; /* the one unknown out-of-tree module loaded, if exactly one */
};

static void gather(const struct vc_facts *f, struct inputs *in)
{
	const struct vc_setting *virt = &f->platform.kvm_settings.kvm.enable_virt_at_load;

	memset(in, 0, sizeof(*in));
	in->f = f;
	in->vendor_module = f->kvm.backend;
	if (!in->vendor_module)
		in->vendor_module = vc_facts_loaded(f, "kvm_intel") ? "kvm_intel"
				    : vc_facts_loaded(f, "kvm_amd") ? "kvm_amd"
								    : NULL;
	if (in->vendor_module)
		in->vendor_state = vc_facts_modstate(f, in->vendor_module);
	in->kvm_builtin = vc_facts_kvm_builtin(f);
	in->kvm_usable = f->kvm.usable == VC_TRI_TRUE;
	in->kvm_busy = f->kvm.captured && vc_kvm_busy_errno(f->kvm.create_vm, f->kernel);
	/* CPUID, or without it the kernel's CPU flags */
	in->have_vt = vc_facts_vt(f, &in->vt, &in->hv_bit);
	in->amd = vc_facts_amd(f);
	in->hv = f->environment.outer_hypervisor;
	if (!in->hv && f->cpuid.available)
		in->hv = f->cpuid.hypervisor;
	in->product = f->environment.product;
	in->confidential = f->environment.confidential_guest;
	in->fw_disabled = vc_facts_firmware_disabled(f, &in->fw_definitive);
	in->svme = f->msr.has_efer ? vc_scope_name(f->msr.efer_svme) : NULL;
	in->virt_at_load = vc_norm_bool(vc_facts_param(f, "kvm", "enable_virt_at_load"));
	in->virt_conf = virt->configured;
	in->virt_conf_by = virt->configured_by;
	in->kernel = vc_facts_kernel_named(f) ? f->kernel : "unknown";
	vc_facts_running_linux(f, &in->running);
	in->release = vc_facts_kernel_named(f) ? f->kernel : "the running kernel";
	in->kver = kernel_version_code(f->kernel);
	in->vms_kvm = f->processes.vms.kvm;
	in->vms_vbox = f->processes.vms.virtualbox;
	in->vms_vmware = f->processes.vms.vmware;
	/* the processes probe ran and had nothing to read (a capture without them, /proc refused); a
	 * command that runs no processes probe reads no such count */
	if (in->vendor_module && (f->ran & VC_P(VC_PROBE_PROCESSES)) && !f->processes.inspected) {
		const struct vc_module_facts *m = vc_facts_module(f, in->vendor_module);

		if (m && m->refcnt.set && m->refcnt.v > 0)
			in->vendor_refs_unseen = m->refcnt.v;
	}
	in->vbox_installed = f->virtualbox.installed;
	in->vbox_driver = vc_facts_loaded(f, "vboxdrv");
	in->vbox_kvm_backend = f->virtualbox.kvm_backend == VC_TRI_TRUE;
	in->vbox_ver = f->virtualbox.version;
	in->vbox_code = kernel_version_code(in->vbox_ver);
	in->vbox_share = vc_knowledge_vbox_shares_kvm(f);
	in->vbox_row = vc_knowledge_vbox_next_to_kvm(f);
	in->vmware = vc_facts_loaded(f, "vmmon");
	in->wsl2 = streq_ptr(f->environment.wsl, "wsl2");
	if (f->modules.unknown_out_of_tree.n == 1)
		in->unknown_oot = f->modules.unknown_out_of_tree.v[0];
}

static bool vendor_vt(const struct inputs *in)
{
	return streq_ptr(in->vendor_module, "kvm_intel") || streq_ptr(in->vendor_module, "kvm_amd");
}

/* A loaded kvm_intel/kvm_amd on a kernel that makes it hold VT since load. */
static bool kvm_at_load(const struct inputs *in)
{
	return vendor_vt(in) && vc_facts_kvm_holds_at_load(in->f);
}

/* This VirtualBox driver uses the VT state KVM switched on instead of needing it free (the
 * knowledge table: version, kernel, CONFIG_KVM_X86, vendor). */
static bool vbox_shares_kvm(const struct inputs *in)
{
	return in->vbox_share != NULL;
}

/* Starting a VirtualBox VM next to the loaded KVM crashes this host (7.2.10 on 6.17+). */
static bool vbox_crashes_host(const struct inputs *in)
{
	return in->vbox_row && in->vbox_row->outcome == VC_KN_HOST_CRASH;
}

/* ---- the rules: first match wins, strongest evidence first ---- */

/* WSL2 with nested virtualization is an ordinary VM with VT: the rules below say who holds it */
static bool r_wsl2(const struct inputs *in)
{
	return in->wsl2 && in->vt == VC_VT_NONE && !streq_ptr(in->vendor_module, "kvm_pvm");
}
static bool r_confidential(const struct inputs *in)
{
	return in->confidential && in->vt == VC_VT_NONE && !streq_ptr(in->vendor_module, "kvm_pvm");
}
static bool r_fw(const struct inputs *in)
{
	return in->fw_disabled;
}
static bool r_no_vt(const struct inputs *in)
{
	return in->have_vt && in->vt == VC_VT_NONE && !in->hv_bit && !streq_ptr(in->vendor_module, "kvm_pvm");
}
static bool r_pvm(const struct inputs *in)
{
	return streq_ptr(in->vendor_module, "kvm_pvm");
}
static bool r_nested_no_vt(const struct inputs *in)
{
	return in->have_vt && in->vt == VC_VT_NONE && in->hv_bit && !streq_ptr(in->vendor_module, "kvm_pvm");
}
static bool r_svme_on(const struct inputs *in)
{
	return streq_ptr(in->svme, "all") || streq_ptr(in->svme, "some");
}
static bool r_busy(const struct inputs *in)
{
	return in->kvm_busy;
}
static bool r_kvm_at_load(const struct inputs *in)
{
	return kvm_at_load(in);
}
static bool r_kvm_vms(const struct inputs *in)
{
	return vendor_vt(in) && in->vms_kvm > 0;
}
static bool r_vbox_vms(const struct inputs *in)
{
	return in->vbox_driver && in->vms_vbox > 0;
}
static bool r_vmware_vms(const struct inputs *in)
{
	return in->vmware && in->vms_vmware > 0;
}
static bool r_svme_off(const struct inputs *in)
{
	return streq_ptr(in->svme, "none");
}
/* Linux's kvm_init() makes the vendor module (kvm_intel, kvm_amd) the owner of /dev/kvm's file
 * operations (kvm_chardev_ops.owner = module), and a VM takes a reference to it too (how, and
 * whether its vCPUs do, has changed between releases), so each open /dev/kvm and running VM counts
 * in its refcnt: with no process looked at, a count above 0 may be a running VM (which holds VT)
 * or only an open /dev/kvm (which does not). Not in a container without /dev/kvm: the host's KVM
 * is out of its reach whoever uses it (ready() says so). */
static bool r_kvm_unseen(const struct inputs *in)
{
	return vendor_vt(in) && in->vms_kvm == 0 && in->vendor_refs_unseen > 0 &&
	       !(in->f->environment.container && in->f->kvm.device.present == VC_TRI_FALSE);
}
static bool r_kvm_idle(const struct inputs *in)
{
	return vendor_vt(in);
}
static bool r_vbox_idle(const struct inputs *in)
{
	return in->vbox_driver;
}
static bool r_vmware_idle(const struct inputs *in)
{
	return in->vmware;
}
static bool r_free(const struct inputs *in)
{
	return in->have_vt && in->vt != VC_VT_NONE;
}

enum who { W_FIXED, W_VENDOR, W_FOREIGN, W_SVME };

static const struct rule {
	const char *id;
	bool (*match)(const struct inputs *in);
	enum who who;
	enum vc_hv hypervisor; /* W_FIXED, W_VENDOR */
	const char *backend;   /* W_FIXED */
	enum vc_confidence confidence;
	const char *summary;
} rules[] = {
	/* the owner is who holds VT in THIS kernel: a guest given none has no owner; its outer
	 * hypervisor is environment.outer_hypervisor (host.outer_hypervisor in the report) */
	{ "wsl2", r_wsl2, W_FIXED, VC_HV_NONE, NULL, VC_CONF_HIGH,
	  "This is WSL2 without nested virtualization: Windows' Hyper-V exposes no VT-x/AMD-V to this "
	  "Linux, so nothing here holds it." },
	{ "confidential_guest", r_confidential, W_FIXED, VC_HV_NONE, NULL, VC_CONF_HIGH,
	  "This is a confidential guest: no VT-x/AMD-V exists inside it, and its outer hypervisor "
	  "cannot offer any." },
	{ "firmware_disabled", r_fw, W_FIXED, VC_HV_NONE, NULL, VC_CONF_HIGH,
	  "The firmware disabled VT-x/AMD-V: no hypervisor can use it until it is enabled in the firmware "
	  "setup." },
	{ "no_vt", r_no_vt, W_FIXED, VC_HV_NONE, NULL, VC_CONF_HIGH, "This CPU has no VT-x/AMD-V to own." },
	{ "kvm_pvm", r_pvm, W_VENDOR, VC_HV_KVM, NULL, VC_CONF_HIGH,
	  "KVM serves /dev/kvm through kvm_pvm, without VT-x/AMD-V: this host is itself a virtual machine." },
	{ "nested_without_vt", r_nested_no_vt, W_FIXED, VC_HV_NONE, NULL, VC_CONF_HIGH,
	  "This is a virtual machine without nested virtualization: its outer hypervisor exposes no "
	  "VT-x/AMD-V to it, so nothing in this kernel holds it." },
	{ "svme_set", r_svme_on, W_SVME, VC_HV_UNKNOWN, NULL, VC_CONF_DEFINITIVE,
	  "EFER.SVME is set: AMD-V is switched on, so a hypervisor holds it right now." },
	{ "kvm_create_vm_busy", r_busy, W_FOREIGN, VC_HV_UNKNOWN, NULL, VC_CONF_HIGH,
	  "Another hypervisor holds VT-x/AMD-V: KVM_CREATE_VM fails with EBUSY." },
	{ "kvm_holds_at_load", r_kvm_at_load, W_VENDOR, VC_HV_KVM, NULL, VC_CONF_HIGH,
	  "KVM holds VT-x/AMD-V since it was loaded (Linux 6.12+ with kvm.enable_virt_at_load=Y), with or "
	  "without VMs." },
	{ "kvm_vms_running", r_kvm_vms, W_VENDOR, VC_HV_KVM, NULL, VC_CONF_HIGH,
	  "KVM VMs are running: KVM holds VT-x/AMD-V until the last one exits." },
	{ "virtualbox_vms_running", r_vbox_vms, W_FIXED, VC_HV_VIRTUALBOX, "vboxdrv", VC_CONF_HIGH,
	  "VirtualBox VMs are running: vboxdrv holds VT-x/AMD-V until the last one exits." },
	{ "vmware_vms_running", r_vmware_vms, W_FIXED, VC_HV_VMWARE, "vmmon", VC_CONF_HIGH,
	  "VMware VMs are running: vmmon holds VT-x/AMD-V until the last one exits." },
	{ "svme_clear", r_svme_off, W_FIXED, VC_HV_NONE, NULL, VC_CONF_DEFINITIVE,
	  "EFER.SVME is clear on every CPU: AMD-V is free right now; a hypervisor takes it when it starts a "
	  "VM." },
	{ "kvm_in_use_unseen", r_kvm_unseen, W_FIXED, VC_HV_UNKNOWN, NULL, VC_CONF_UNKNOWN,
	  "KVM is loaded and its module is in use (each open /dev/kvm and each VM holds a reference to "
	  "it), but no process was looked at: a running KVM VM holds VT-x/AMD-V (before "
	  "6.12, or with kvm.enable_virt_at_load=N), an open /dev/kvm alone does not." },
	{ "kvm_idle", r_kvm_idle, W_FIXED, VC_HV_NONE, NULL, VC_CONF_MEDIUM,
	  "KVM is loaded but takes VT-x/AMD-V only while a VM runs (kernel before 6.12, or "
	  "kvm.enable_virt_at_load=N); it is free now." },
	{ "virtualbox_idle", r_vbox_idle, W_FIXED, VC_HV_NONE, NULL, VC_CONF_MEDIUM,
	  "VirtualBox's vboxdrv is loaded and takes VT-x/AMD-V only while its VMs run; it is free now." },
	{ "vmware_idle", r_vmware_idle, W_FIXED, VC_HV_NONE, NULL, VC_CONF_MEDIUM,
	  "VMware's vmmon is loaded and takes VT-x/AMD-V only while its VMs run; it is free now." },
	{ "free", r_free, W_FIXED, VC_HV_NONE, NULL, VC_CONF_HIGH,
	  "No hypervisor module is loaded: VT-x/AMD-V is free." },
};

size_t vc_verdict_nrules(void)
{
	return ARRAY_SIZE(rules);
}

const char *vc_verdict_rule_name(size_t i)
{
	return i < ARRAY_SIZE(rules) ? rules[i].id : NULL;
}

static const char *vt_name(const struct inputs *in)
{
	return vc_vt_label(in->vt);
}

static void add_evidence(struct vc_strv *ev, const struct inputs *in)
{
	const struct vc_kvm_facts *k = &in->f->kvm;

	if (in->have_vt)
		vc_strv_pushf(ev, "CPUID: VT %s, hypervisor bit %s%s%s", vc_vt_name(in->vt),
			      in->hv_bit ? "set" : "clear", in->product ? ", outer hypervisor " : "",
			      in->product ? in->product : "");
	if (in->fw_disabled)
		vc_strv_pushf(ev, "firmware disabled VT (%s)",
			      in->fw_definitive ? "MSR" : "kernel CPU flags or log");
	if (in->svme)
		vc_strv_pushf(ev, "MSR EFER.SVME set on %s CPUs", in->svme);
	if (in->vendor_module)
		vc_strv_pushf(ev, "module %s: %s", in->vendor_module, vc_modstate_name(in->vendor_state));
	if (in->virt_at_load && vendor_vt(in))
		vc_strv_pushf(ev, "kvm.enable_virt_at_load=%s on kernel %s", in->virt_at_load, in->kernel);
	if (k->usable != VC_TRI_NULL) {
		char e[16];

		vc_strv_pushf(ev, "/dev/kvm: %s, KVM_CREATE_VM %s, guest run %s",
			      k->access.open ? k->access.open : "?",
			      !k->captured || k->create_vm == VC_NOT_TRIED ? "not tried"
			      : k->create_vm				   ? errno_name(k->create_vm, e)
									   : "ok",
			      in->kvm_usable ? "ok" : "not ok");
	} else if (k->vm_test) {
		vc_strv_pushf(ev,
			      "/dev/kvm: read-only open %s, VM test %s (--passive): usable by permissions "
			      "and capabilities %s, unverified",
			      k->access.open_read_only ? k->access.open_read_only : "?", k->vm_test,
			      k->usable_unverified ? "yes" : "no");
	}
	if (in->vendor_refs_unseen > 0)
		vc_strv_pushf(ev,
			      "module %s: %lld references (open /dev/kvm, VM or vCPU files), no process "
			      "looked at",
			      in->vendor_module, (long long)in->vendor_refs_unseen);
	if (in->vms_kvm || in->vms_vbox || in->vms_vmware)
		vc_strv_pushf(ev, "running VMs: KVM %u, VirtualBox %u, VMware %u", in->vms_kvm, in->vms_vbox,
			      in->vms_vmware);
	if (in->vbox_driver)
		vc_strv_push(ev, "module vboxdrv: loaded");
	if (in->vmware)
		vc_strv_push(ev, "module vmmon: loaded");
}

/* The running VMs of one hypervisor, as "pid 1234 (qemu-system-x86), ..." */
static void vm_list(const struct inputs *in, enum vc_hv hv, struct buf *b)
{
	struct vc_vm_proc vms[32];
	size_t n = vc_facts_running_vms(in->f, hv, vms, ARRAY_SIZE(vms));

	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%spid %lld (%s)", i ? ", " : "", vms[i].pid, vms[i].comm);
}

static void conflict_record(struct vc_ctx *ctx, enum vc_fid id, enum vc_hv holder, enum vc_hv blocked,
			    const char *error, enum vc_severity sev)
{
	struct vc_conflict *c = VC_PUSH(ctx->conflicts);

	c->id = id;
	c->holder = holder;
	c->blocked = blocked;
	c->error = error;
	c->severity = sev;
}

/* KVM holds VT and a VirtualBox that needs it free is installed. */
/* NixOS builds VirtualBox on KVM itself (its KVM backend, no vboxdrv) with one option: a way out of
 * KVM holding VT that keeps both (the knowledge row vbox_nem_nixos_enable_kvm). Last: it changes
 * the VirtualBox build and leaves only NAT networking. */
static void nixos_kvm_backend(struct vc_finding *f, const struct inputs *in)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("vbox_nem_nixos_enable_kvm");
	struct vc_facts *what_if = xmalloc(sizeof(*what_if));
	const struct vc_knowledge *vagrant;
	int report = 0;
	bool refuses;
	struct buf b = { 0 };

	/* the row about Vagrant and such a build, asked of this host with the build installed (a
	 * shallow copy, read only) */
	*what_if = *in->f;
	what_if->virtualbox.kvm_backend = VC_TRI_TRUE;
	vagrant = vc_knowledge_vagrant_refuses(what_if, &report);
	refuses = vagrant != NULL;
	free(what_if);

	/* the row is about the KVM-backend build, which is not installed yet: its own condition (NixOS),
	 * not its subject's */
	if (!k || !k->extra || !k->extra(in->f) || in->vbox_kvm_backend)
		return;
	vc_remedy_nixos_vbox_kvm(&b);
	vc_finding_remedy(
		f, VC_REMEDY_PERSISTENT, false,
		"Or run VirtualBox on KVM itself, its KVM backend (nothing left to hold VT "
		"against KVM%s%.*s): %s   (nixpkgs nixos/modules/virtualisation/virtualbox-host.nix, "
		"option enableKvm)",
		refuses ? "; Vagrant's virtualbox provider refuses such a build, " : "", report,
		refuses ? vagrant->source : "", b.data);
	vc_knowledge_evidence(f, k);
	buf_free(&b);
}

static void kvm_blocks_virtualbox(struct vc_ctx *ctx, const struct inputs *in, struct buf *headline)
{
	const struct vc_knowledge *k =
		in->vbox_row && in->vbox_row->outcome == VC_KN_BLOCKED ? in->vbox_row : NULL;
	const char *err = in->amd ? "VERR_SVM_IN_USE" : "VERR_VMX_IN_VMX_ROOT_MODE";
	const char *vm = in->vendor_module;
	uint32_t later = vc_knowledge_vbox_first_needing_virt_at_load(in->f);
	bool at_load = kvm_at_load(in);
	struct buf kvms = { 0 }, b = { 0 };
	struct vc_finding *f;
	enum vc_severity sev = at_load ? VC_SEV_ERROR : VC_SEV_WARNING;
	/* what the remedies below unload */
	_cleanup_(freep) char *unload = xasprintf("%s kvm", vm);

	vm_list(in, VC_HV_KVM, &kvms);
	f = vc_finding(ctx, sev, VC_FID_CONFLICT_KVM_BLOCKS_VIRTUALBOX,
		       "%s holds %s%s: VirtualBox%s%s VMs fail to start with %s (%d)%s.",
		       vc_hv_label(VC_HV_KVM), vt_name(in),
		       at_load ? " from the moment it is loaded" : " while its VMs run",
		       in->vbox_ver ? " " : "", in->vbox_ver ? in->vbox_ver : "", err,
		       in->amd ? -4054 : -4011, at_load ? ", even when no KVM VM runs" : "");
	buf_printf(headline, "; VirtualBox%s%s VMs will fail with %s", in->vbox_ver ? " " : "",
		   in->vbox_ver ? in->vbox_ver : "", err);
	conflict_record(ctx, VC_FID_CONFLICT_KVM_BLOCKS_VIRTUALBOX, VC_HV_KVM, VC_HV_VIRTUALBOX, err, sev);
	if (kvms.data)
		vc_finding_evidence(f, "KVM VMs running: %s", kvms.data);
	vc_finding_evidence(f, "module %s %s; kernel %s; kvm.enable_virt_at_load=%s", vm,
			    vc_modstate_name(in->vendor_state), in->kernel,
			    in->virt_at_load ? in->virt_at_load : "(none: kernel before 6.12)");
	vc_knowledge_evidence(f, k);

	if (kvms.data)
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
				  "Shut the KVM VMs down first (from their own console or `virsh shutdown "
				  "NAME`; virtcheck never kills them): %s",
				  kvms.data);
	if (!at_load) {
		nixos_kvm_backend(f, in);
		buf_free(&kvms);
		return; /* before 6.12 (or with =N) nothing else is needed */
	}
	if (in->kvm_builtin) {
		vc_remedy_cmdline(&b, in->f, "kvm.enable_virt_at_load=0");
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true,
				  "KVM is built into this kernel and cannot be unloaded: let it take %s only "
				  "while its VMs run: %s",
				  vt_name(in), b.data);
		vc_remedy_modules(f, NULL, NULL, "kvm.enable_virt_at_load=0");
	} else {
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
				  "sudo modprobe -r %s kvm   (KVM is unavailable until `sudo modprobe %s`)",
				  vm, vm);
		vc_remedy_modules(f, unload, NULL, NULL);
		vc_remedy_modprobe_d(&b, in->f, "kvm-virtualbox.conf", "options kvm enable_virt_at_load=0");
		vc_remedy_then(&b, in->f, "sudo modprobe -r %s kvm && sudo modprobe %s", vm, vm);
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
				  "Keep both usable, one at a time: %s   (KVM then takes %s only while its "
				  "VMs run)",
				  b.data, vt_name(in));
		vc_remedy_modules(f, unload, vm, "kvm.enable_virt_at_load=0");
		const char *const mods[] = { vm, "kvm" };

		buf_free(&b);
		vc_remedy_blacklist(&b, in->f, "blacklist-kvm.conf", mods, ARRAY_SIZE(mods));
		vc_remedy_then(&b, in->f, "sudo modprobe -r %s kvm", vm);
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false, "Or give up KVM: %s", b.data);
		vc_remedy_modules(f, unload, NULL, NULL);
	}
	buf_free(&b);
	/* 7.2.x on 6.12-6.15 (its KVM code is built for 6.16+ only): a newer kernel is the other way
	 * out, the one that worked in VirtualBox/virtualbox#81 */
	if (k && !strcmp(k->id, "vboxdrv_72_before_6_16_needs_vt_free") &&
	    vc_knowledge_vbox_shares_on(in->f, "6.16.0"))
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true,
				  "Or boot a Linux 6.16 or later that VirtualBox %s builds for (with "
				  "CONFIG_KVM): there it "
				  "uses KVM's %s, and both run without enable_virt_at_load=0",
				  in->vbox_ver, vt_name(in));
	/* only where a later release fails with =0 on this kernel (the table's rows for that state:
	 * 7.2.10+ on 6.16+ with CONFIG_KVM_X86); 7.2.2-7.2.8 ask KVM to switch VT on and work with =0 */
	if (later && in->vbox_code && in->vbox_code < later)
		vc_finding_remedy(
			f, VC_REMEDY_PERSISTENT, false,
			"When you upgrade to VirtualBox %u.%u.%u or later, remove "
			"enable_virt_at_load=0 again: on this kernel those versions use the VT state "
			"KVM switched on and need it =1 (or KVM unloaded)%s.",
			later >> 16, (later >> 8) & 0xff, later & 0xff,
			in->amd ? "; with =0 they fail with VERR_SVM_HOST_SVME_NOT_ENABLED" : "");
	if (vc_knowledge_remedy_is(in->f, "provider_vagrant_libvirt"))
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false, "Vagrant is installed: %s.",
				  vc_knowledge_by_id("provider_vagrant_libvirt")->remedy);
	nixos_kvm_backend(f, in);
	buf_free(&kvms);
}

/* VirtualBox 7.2.10+ needs KVM to have switched VT on (or KVM gone); =0 breaks it. */
static void virt_at_load_off(struct vc_ctx *ctx, const struct inputs *in, struct buf *headline)
{
	struct vc_finding *f;
	bool loaded_off = vendor_vt(in) && streq_ptr(in->virt_at_load, "N");
	enum vc_severity sev = loaded_off ? VC_SEV_ERROR : VC_SEV_WARNING;
	/* with =1 this release may crash the host here: unloading KVM comes first (as `switch
	 * virtualbox` does), then the upgrade, and only then the line goes */
	const struct vc_knowledge *crash =
		vc_knowledge_first(in->f, VC_KN_VBOXDRV, VC_KN_OUT(VC_KN_HOST_CRASH), VC_KN_KVM_HOLDS);
	bool unload_first = crash && crash->kvm == VC_KN_KVM_HOLDS && loaded_off && !in->kvm_builtin;
	/* what its remedies unload */
	_cleanup_(freep) char *unload = xasprintf("%s kvm", in->vendor_module ? in->vendor_module : "");

	if (loaded_off) {
		f = vc_finding(ctx, sev, VC_FID_CONFLICT_VIRTUALBOX_NEEDS_VIRT_AT_LOAD,
			       "VirtualBox %s runs next to KVM only when KVM switched %s on at load, but %s "
			       "is loaded with kvm.enable_virt_at_load=N%s%s: VirtualBox VMs fail with %s.",
			       in->vbox_ver, vt_name(in), in->vendor_module,
			       in->virt_conf_by ? ", set by " : "", in->virt_conf_by ? in->virt_conf_by : "",
			       in->amd ? "VERR_SVM_HOST_SVME_NOT_ENABLED (-4074)"
				       : "an error that VT-x is not enabled by the host");
		buf_printf(headline, "; VirtualBox %s VMs will fail with %s", in->vbox_ver,
			   in->amd ? "VERR_SVM_HOST_SVME_NOT_ENABLED" : "a VT-x not enabled error");
		conflict_record(ctx, VC_FID_CONFLICT_VIRTUALBOX_NEEDS_VIRT_AT_LOAD, VC_HV_KVM,
				VC_HV_VIRTUALBOX, in->amd ? "VERR_SVM_HOST_SVME_NOT_ENABLED" : NULL, sev);
	} else {
		f = vc_finding(
			ctx, sev, VC_FID_VIRTUALBOX_STALE_OVERRIDE,
			"kvm.enable_virt_at_load=0 is configured (%s), a fix for VirtualBox 7.1 and older; "
			"VirtualBox %s needs the opposite and will fail with %s as soon as %s is loaded.",
			in->virt_conf_by ? in->virt_conf_by : "?", in->vbox_ver,
			in->amd ? "VERR_SVM_HOST_SVME_NOT_ENABLED" : "a VT-x not enabled error",
			in->amd ? "kvm_amd" : "kvm_intel");
	}
	if (in->virt_conf_by)
		vc_finding_evidence(f, "%s: kvm enable_virt_at_load=0", in->virt_conf_by);
	vc_finding_evidence(f, "VirtualBox %s (7.2.10 or later)", in->vbox_ver);
	vc_knowledge_evidence(f, in->vbox_row);
	if (unload_first) {
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
				  "Unload KVM while you use VirtualBox: sudo modprobe -r %s kvm",
				  in->vendor_module);
		vc_remedy_modules(f, unload, NULL, NULL);
	}
	if (crash) {
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
				  "Upgrade VirtualBox to 7.2.12 or later before KVM holds %s again (%s): %s",
				  vt_name(in), vc_kn_confidence_name(crash->confidence), crash->says);
		vc_knowledge_evidence(f, crash);
	}
	if (in->virt_conf_by && strcmp(in->virt_conf_by, "/proc/cmdline") != 0) {
		char file[256];

		snprintf(file, sizeof(file), "%.*s", (int)strcspn(in->virt_conf_by, ":"), in->virt_conf_by);
		if (loaded_off) {
			vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
					  "Remove the line with enable_virt_at_load=0 from %s (`sudoedit "
					  "%s`), then reload "
					  "KVM when no VM runs: sudo modprobe -r %s kvm && sudo modprobe %s",
					  file, file, in->vendor_module, in->vendor_module);
			vc_remedy_modules(f, unload, in->vendor_module, "kvm.enable_virt_at_load=1");
		} else
			vc_finding_remedy(
				f, VC_REMEDY_PERSISTENT, false,
				"Remove the line with enable_virt_at_load=0 from %s (`sudoedit %s`)", file,
				file);
	} else if (in->virt_conf_by) {
		struct buf b = { 0 }, param = { 0 };
		const struct vc_modules_facts *mf = &in->f->modules;

		/* the parameter as the command line spells it (=0, =N, =n...) */
		for (size_t i = 0; i < mf->config.cmdline.n && !param.data; i++)
			if (streq_ptr(mf->config.cmdline.v[i].module, "kvm") &&
			    streq_ptr(mf->config.cmdline.v[i].parameter, "enable_virt_at_load"))
				buf_printf(&param, "kvm.enable_virt_at_load=%s",
					   mf->config.cmdline.v[i].value);
		buf_printf(&b, "Remove %s from the kernel command line: ",
			   param.data ? param.data : "kvm.enable_virt_at_load=0");
		vc_remedy_cmdline_remove(&b, in->f, param.data ? param.data : "kvm.enable_virt_at_load=0");
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s", b.data);
		vc_remedy_modules(f, NULL, NULL, "kvm.enable_virt_at_load=1");
		buf_free(&b);
		buf_free(&param);
	}
	if (!loaded_off || in->kvm_builtin || unload_first)
		return;
	/* set where no file virtcheck can name says (the kernel command line, until a reboot; a
	 * modprobe run by hand): a parameter on modprobe's command line comes after the kernel
	 * command line's and wins, and `switch virtualbox` reloads KVM so where this VirtualBox runs
	 * next to it */
	if (vbox_shares_kvm(in) && (!in->virt_conf_by || !strcmp(in->virt_conf_by, "/proc/cmdline"))) {
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
				  "%s KVM with it on when no VM runs: sudo modprobe -r %s kvm && sudo "
				  "modprobe kvm enable_virt_at_load=1 && sudo modprobe %s",
				  in->virt_conf_by ? "Until that reboot, reload" : "Reload",
				  in->vendor_module, in->vendor_module);
		/* kvm first, then the vendor module: the load order of the steps */
		vc_remedy_modules(f, unload, "kvm", "kvm.enable_virt_at_load=1");
		vc_remedy_modules(f, NULL, in->vendor_module, NULL);
	}
	vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
			  "%s KVM while you use VirtualBox: sudo modprobe -r %s kvm",
			  f->remedies.n ? "Or unload" : "Unload", in->vendor_module);
	vc_remedy_modules(f, unload, NULL, NULL);
}

/* VirtualBox or VMware VMs hold VT: KVM cannot create VMs (or load, on 6.12+). */
static void foreign_blocks_kvm(struct vc_ctx *ctx, const struct inputs *in, enum vc_hv holder,
			       struct buf *headline)
{
	enum vc_fid id = holder == VC_HV_VIRTUALBOX ? VC_FID_CONFLICT_VIRTUALBOX_BLOCKS_KVM
						    : VC_FID_CONFLICT_VMWARE_BLOCKS_KVM;
	struct buf vms = { 0 };
	struct vc_finding *f;
	const struct vc_knowledge *k;
	enum vc_severity sev = in->kvm_busy ? VC_SEV_ERROR : VC_SEV_WARNING;
	/* Linux 6.12+ fails KVM_CREATE_VM with EIO where earlier kernels said EBUSY */
	bool eio = in->kver >= KVER(6, 12, 0);

	vm_list(in, holder, &vms);
	f = vc_finding(ctx, sev, id,
		       "%s VMs hold %s: KVM cannot create VMs while they run (QEMU: \"ioctl(KVM_CREATE_VM) "
		       "failed: %s\")%s.",
		       vc_hv_label(holder), vt_name(in),
		       eio ? "5 Input/output error" : "16 Device or resource busy",
		       in->kver >= KVER(6, 12, 0) && !vendor_vt(in)
			       ? ", and on this kernel kvm_intel/kvm_amd fail to load (\"kvm: enabling "
				 "virtualization on CPU0 failed\")"
			       : "");
	buf_printf(headline, "; KVM VMs will fail with KVM_CREATE_VM: %s", eio ? "EIO" : "EBUSY");
	conflict_record(ctx, id, holder, VC_HV_KVM, eio ? "EIO" : "EBUSY", sev);
	if (in->kvm_busy)
		vc_finding_evidence(f, "KVM_CREATE_VM: %s", eio ? "EIO" : "EBUSY");
	if (vms.data) {
		vc_finding_evidence(f, "%s VMs: %s", vc_hv_label(holder), vms.data);
		vc_finding_remedy(
			f, VC_REMEDY_TEMPORARY, false,
			"Shut the %s VMs down before starting KVM VMs (%s; virtcheck never kills them): %s",
			vc_hv_label(holder),
			holder != VC_HV_VIRTUALBOX ? "from VMware's UI or `vmrun stop VMX soft`"
						   : "`VBoxManage controlvm NAME acpipowerbutton`",
			vms.data);
	} else if (holder == VC_HV_VIRTUALBOX ? in->vms_vbox : in->vms_vmware)
		/* counted but not named (explain --log: the logs say VMs ran, not which) */
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
				  "Shut the %s VMs down before starting KVM VMs (%s)", vc_hv_label(holder),
				  holder != VC_HV_VIRTUALBOX
					  ? "from VMware's UI or `vmrun list`, then `vmrun stop VMX soft`"
					  : "`VBoxManage list runningvms`, then `VBoxManage controlvm NAME "
					    "acpipowerbutton`");
	if (holder == VC_HV_VIRTUALBOX && (k = vc_knowledge_remedy(in->f, "vagrant"))) {
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false, "VMs that Vagrant started: %s.", k->remedy);
		vc_knowledge_evidence(f, k);
	}
	buf_free(&vms);
	/* this names the holder and its remedy: the probe's bare "KVM_CREATE_VM failed" would be
	 * what explain and preflight show first, with nothing to do (last: dropping moves f) */
	if (in->kvm_busy)
		vc_finding_drop(ctx, VC_FID_KVM_CREATE_VM_BUSY);
}

/* VirtualBox 7.2.10 next to a loaded KVM: the host freezes or panics when a VM starts. */
static void vbox_panics_host(struct vc_ctx *ctx, const struct inputs *in)
{
	const struct vc_knowledge *k = in->vbox_row;
	struct vc_finding *f;
	enum vc_severity sev = k->confidence == VC_KN_UNCLEAR ? VC_SEV_WARNING : VC_SEV_ERROR;

	f = vc_finding(ctx, sev, VC_FID_CONFLICT_VIRTUALBOX_PANICS_HOST, "VirtualBox %s with %s loaded: %s%s",
		       in->vbox_ver, in->vendor_module, k->says,
		       k->confidence == VC_KN_UNCLEAR ? " (Not confirmed for this kernel: a precaution.)"
						      : "");
	conflict_record(ctx, VC_FID_CONFLICT_VIRTUALBOX_PANICS_HOST, VC_HV_KVM, VC_HV_VIRTUALBOX,
			"host freeze or kernel panic", sev);
	vc_finding_evidence(f, "VirtualBox %s, kernel %s, module %s %s", in->vbox_ver, in->kernel,
			    in->vendor_module, vc_modstate_name(in->vendor_state));
	vc_knowledge_evidence(f, k);
	vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
			  "Upgrade VirtualBox to 7.2.12 or later (its changelog: \"Linux Host: Fixed kernel "
			  "panic\"), then restart it.");
	if (!in->kvm_builtin)
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
				  "Until then, before starting VirtualBox VMs: sudo modprobe -r %s kvm",
				  in->vendor_module);
	if (!in->kvm_builtin) {
		_cleanup_(freep) char *unload = xasprintf("%s kvm", in->vendor_module);

		vc_remedy_modules(f, unload, NULL, NULL);
	}
}

/* KVM VMs and VirtualBox VMs run at the same time where VirtualBox 7.2 shares KVM's VT: reported to
 * fail for 7.2.10 (the knowledge rows say how sure). */
static void concurrent_vms(struct vc_ctx *ctx, const struct inputs *in)
{
	const struct vc_knowledge *k = vc_knowledge_vbox_concurrent(in->f);
	enum vc_severity sev;
	struct buf kvms = { 0 }, vbox = { 0 };
	struct vc_finding *f;

	if (!k)
		return;
	sev = k->confidence == VC_KN_UNCLEAR ? VC_SEV_INFO : VC_SEV_WARNING;
	vm_list(in, VC_HV_KVM, &kvms);
	vm_list(in, VC_HV_VIRTUALBOX, &vbox);
	f = vc_finding(ctx, sev, VC_FID_CONFLICT_CONCURRENT_VMS,
		       "KVM VMs and VirtualBox %s VMs run at the same time on %s: %s%s", in->vbox_ver,
		       in->running.data, k->says,
		       k->confidence == VC_KN_UNCLEAR ? " (Not confirmed for this release: a precaution.)"
						      : "");
	if (kvms.data)
		vc_finding_evidence(f, "KVM VMs: %s", kvms.data);
	if (vbox.data)
		vc_finding_evidence(f, "VirtualBox VMs: %s", vbox.data);
	vc_knowledge_evidence(f, k);
	vc_finding_remedy(
		f, VC_REMEDY_TEMPORARY, false,
		"Run the VMs of one hypervisor at a time: shut one side's VMs down (QEMU/libvirt: "
		"from their console or `virsh shutdown NAME`; VirtualBox: `VBoxManage controlvm NAME "
		"acpipowerbutton`; virtcheck never kills them) before starting the other's.");
	conflict_record(ctx, VC_FID_CONFLICT_CONCURRENT_VMS, VC_HV_KVM, VC_HV_VIRTUALBOX,
			"KVM: entry failed, hardware error 0x0", sev);
	buf_free(&kvms);
	buf_free(&vbox);
}

static void conflicts(struct vc_ctx *ctx, const struct inputs *in, enum vc_hv owner, struct buf *headline)
{
	bool vbox_needs_free =
		in->vbox_installed && !in->vbox_kvm_backend && !vbox_shares_kvm(in) && !vbox_crashes_host(in);
	bool kvm_holds = vendor_vt(in) && (kvm_at_load(in) || in->vms_kvm > 0);

	if (in->fw_disabled || in->wsl2)
		return;
	if (kvm_holds && vbox_needs_free && (owner == VC_HV_KVM || in->vms_kvm > 0))
		kvm_blocks_virtualbox(ctx, in, headline);
	if (in->vbox_installed && !in->vbox_kvm_backend && vendor_vt(in) && vbox_crashes_host(in))
		vbox_panics_host(ctx, in); /* the headline leads with it: headline_consequences */
	/* configured =0 (a stale 7.1 recipe), or a loaded module running with it: the table's rows for
	 * kvm.enable_virt_at_load=N say whether this VirtualBox fails with it */
	if (in->vbox_installed && !in->vbox_kvm_backend && in->vbox_row &&
	    in->vbox_row->outcome == VC_KN_FAILS &&
	    streq_ptr(in->vbox_row->finding, "conflict.virtualbox_needs_virt_at_load"))
		virt_at_load_off(ctx, in, headline);
	if (in->vbox_installed && vbox_shares_kvm(in) && kvm_at_load(in) && !in->vbox_kvm_backend) {
		vc_knowledge_evidence(
			vc_finding(ctx, VC_SEV_INFO, VC_FID_VIRTUALBOX_SHARES_KVM,
				   "VirtualBox %s on %s uses the %s state KVM switched on at load: its "
				   "VMs "
				   "run while %s stays loaded (but not at the same time as KVM VMs).",
				   in->vbox_ver, in->running.data, vt_name(in), in->vendor_module),
			in->vbox_share);
		/* only with its own driver loaded: an older one (virtualbox.driver_mismatch, the same
		 * comparison) or none, the headline says why its VMs fail instead (headline_consequences) */
		if (in->f->virtualbox.driver_loaded &&
		    !vc_knowledge_vboxdrv_not_its_own(in->f->virtualbox.driver_version, in->vbox_ver))
			buf_printf(headline, "; VirtualBox %s runs alongside it", in->vbox_ver);
	}
	if (in->vbox_installed && !in->vbox_kvm_backend && vendor_vt(in))
		concurrent_vms(ctx, in);
	if (owner == VC_HV_VIRTUALBOX && (vendor_vt(in) || in->kvm_busy))
		foreign_blocks_kvm(ctx, in, VC_HV_VIRTUALBOX, headline);
	if (owner == VC_HV_VMWARE && (vendor_vt(in) || in->kvm_busy))
		foreign_blocks_kvm(ctx, in, VC_HV_VMWARE, headline);
	/* vmmon saves and restores the VMX/SVM state a loaded KVM left (the table's
	 * vmmon_runs_next_to_kvm): no conflict to report */
	if (in->vmware && kvm_at_load(in) && vc_knowledge_by_id("vmmon_runs_next_to_kvm"))
		buf_printf(headline, "; VMware's vmmon runs alongside it");
}

/* "a Hyper-V guest", "an Amazon EC2 guest", "a Xen guest (Amazon EC2)" */
static void guest_of(const struct inputs *in, struct buf *b)
{
	const char *p = in->product ? in->product : "virtual machine", *cloud = in->f->environment.cloud;

	buf_printf(b, "%s %s%s", strchr("AEIOU", p[0]) ? "an" : "a", p, in->product ? " guest" : "");
	if (cloud && strcmp(cloud, p) != 0)
		buf_printf(b, " (%s)", cloud);
}

/* Nobody holds VT: say what is ready to take it, or what is missing. */
/* The kernel configuration leaves KVM out: the key that does (CONFIG_KVM, or the vendor's), or NULL. */
static const char *kvm_not_built(const struct vc_facts *f, const char *mod)
{
	const char *keys[] = { "CONFIG_KVM", strcmp(mod, "kvm_amd") ? "CONFIG_KVM_INTEL" : "CONFIG_KVM_AMD" };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (streq_ptr(vc_facts_kconfig(f, keys[i]), "n"))
			return keys[i];
	return NULL;
}

static void ready(const struct inputs *in, struct buf *b)
{
	const char *mod = vc_facts_kvm_vendor_module(in->f), *nokvm;

	if (vendor_vt(in) && in->f->environment.container && in->f->kvm.device.present == VC_TRI_FALSE) {
		/* the host's KVM, out of this container's reach: "ready" would be wrong here */
		buf_printf(b, "KVM is loaded on the host (%s), but /dev/kvm is not passed into this ",
			   in->vendor_module);
		vc_facts_environment_name(in->f, b);
	} else if (vendor_vt(in))
		buf_printf(b, "KVM is ready: %s %s, it takes %s when a VM starts", in->vendor_module,
			   in->vendor_state == VC_MOD_BUILTIN ? "built in" : "loaded", vt_name(in));
	else if (in->vbox_driver)
		buf_printf(b, "%s is free: VirtualBox's vboxdrv is loaded and takes it when a VM starts",
			   vt_name(in));
	else if (in->vmware)
		buf_printf(b, "%s is free: VMware's vmmon is loaded and takes it when a VM starts",
			   vt_name(in));
	else if (vc_knowledge_remedy_is(in->f, "say_kvm_without_vendor_module"))
		buf_printf(b, "%s is free; kvm is loaded, %s is not", vt_name(in), mod);
	else if (mod && (nokvm = kvm_not_built(in->f, mod)))
		/* nothing to load: "KVM needs kvm and kvm_amd" would send the user looking for them */
		buf_printf(b, "%s is free; no hypervisor is loaded and this kernel has no %s (%s is not set)",
			   vt_name(in), strcmp(nokvm, "CONFIG_KVM") ? mod : "KVM", nokvm);
	else if (mod)
		buf_printf(b, "%s is free; no hypervisor is loaded (KVM needs kvm and %s)", vt_name(in), mod);
	else
		buf_printf(b, "%s is free", vt_name(in));
}

/* The newest kernel in /boot older than the running one that this VirtualBox builds for (the
 * support table; a release without a row there: any older one) and outside the kernel range of
 * the row that stops the build, or NULL; *ret_older says whether /boot holds an older kernel. */
static const char *previous_kernel(const struct inputs *in, const struct vc_knowledge *row, bool *ret_older)
{
	const struct vc_strv *k = &in->f->virtualbox.boot_kernels;
	uint32_t max = vc_kn_vbox_kernel_max(in->vbox_code, NULL);
	const char *best = NULL;
	uint32_t best_code = 0;

	*ret_older = false;
	for (size_t i = 0; i < k->n; i++) {
		uint32_t c = kernel_version_code(k->v[i]);

		if (!c || c >= in->kver)
			continue;
		*ret_older = true;
		if (row->kernel.from && c >= row->kernel.from && (!row->kernel.to || c < row->kernel.to))
			continue;
		/* the table names kernel series: 7.0 covers 7.0.x */
		if (c > best_code && (!max || (c & ~0xffu) <= max)) {
			best = k->v[i];
			best_code = c;
		}
	}
	return best;
}

/* The step that fails when vboxdrv cannot be built, named as this install builds it (vboxconfig,
 * DKMS, akmods; a package of prebuilt modules builds nothing), and what to run after an upgrade.
 * Sources: VirtualBox's installer (/sbin/vboxconfig, its log /var/log/vbox-setup.log); dkms(8)
 * (autoinstall, status, /var/lib/dkms/MODULE/VERSION/build/make.log); akmods(1) (--force);
 * Arch's virtualbox-host-modules-arch is built for the `linux` package's kernel only
 * (https://wiki.archlinux.org/title/VirtualBox, "Install the core packages"). */
static void build_steps(const struct vc_virtualbox_facts *v, struct buf *fails, struct buf *then)
{
	switch (v->build) {
	case VC_VBOX_BUILD_DKMS:
		buf_printf(fails,
			   "DKMS's build of vboxdrv (module %s: `dkms status`, its log "
			   "/var/lib/dkms/%s/VERSION/build/make.log) is the step that fails, so `sudo dkms "
			   "autoinstall` again does not help",
			   v->build_name, v->build_name);
		buf_printf(then, "`sudo dkms autoinstall && sudo modprobe vboxdrv` (the DKMS package's "
				 "upgrade usually builds it)");
		break;
	case VC_VBOX_BUILD_AKMODS:
		buf_printf(fails,
			   "akmods's build of vboxdrv (%s) is the step that fails, so `sudo akmods "
			   "--force` again does not help",
			   v->build_name);
		buf_printf(then, "`sudo akmods --force && sudo modprobe vboxdrv`");
		break;
	case VC_VBOX_BUILD_PACKAGE:
		buf_printf(fails,
			   "its modules come prebuilt in %s, for one kernel only: nothing on this host "
			   "builds them, so reinstalling that package does not help",
			   v->build_name);
		buf_printf(then,
			   "install the %s built for this kernel, or the DKMS variant "
			   "(virtualbox-host-dkms), which builds vboxdrv for any kernel with its headers",
			   v->build_name);
		break;
	case VC_VBOX_BUILD_VBOXCONFIG:
		buf_printf(fails, "`vboxconfig` is the step that fails, so running it again does not help");
		buf_printf(then, "`sudo /sbin/vboxconfig`");
		break;
	default:
		/* vboxconfig's log says it is the installer's build; else the step is not known here */
		if (v->setup_log.n) {
			buf_printf(fails,
				   "`vboxconfig` is the step that fails, so running it again does not help");
			buf_printf(then, "`sudo /sbin/vboxconfig`");
		} else {
			buf_printf(fails, "rebuilding it for this kernel fails the same way, so doing that "
					  "again does not help");
			buf_printf(then, "rebuild vboxdrv as this install does (`sudo /sbin/vboxconfig`, or "
					 "`sudo dkms autoinstall` for a DKMS package)");
		}
	}
}

/* What the table says of VirtualBox's driver itself: not buildable, refused at load, or not
 * needed (the KVM backend). Replaces the probe's generic "not loaded" with the reason. */
static void vbox_driver_knowledge(struct vc_ctx *ctx, const struct inputs *in)
{
	const struct vc_knowledge *k = vc_knowledge_first(
		in->f, VC_KN_VBOXDRV, VC_KN_OUT(VC_KN_NO_BUILD) | VC_KN_OUT(VC_KN_NO_LOAD), VC_KN_KVM_ANY);
	/* the KVM backend: what blocks it here first, else that it runs on /dev/kvm */
	const struct vc_knowledge *nem = vc_knowledge_first(
		in->f, VC_KN_VBOX_NEM,
		VC_KN_OUT(VC_KN_BLOCKED) | VC_KN_OUT(VC_KN_FAILS) | VC_KN_OUT(VC_KN_SHARES), VC_KN_KVM_ANY);
	const struct vc_strv *log = &in->f->virtualbox.setup_log;
	struct vc_finding *f;

	if (nem) {
		f = vc_finding(ctx,
			       nem->outcome == VC_KN_SHARES ? VC_SEV_INFO
			       : nem->error_intel	    ? VC_SEV_ERROR
							    : VC_SEV_WARNING,
			       VC_FID_VIRTUALBOX_NEM_BACKEND, "VirtualBox%s%s is a KVM-backend build: %s",
			       in->vbox_ver ? " " : "", in->vbox_ver ? in->vbox_ver : "", nem->says);
		vc_remedy_nem(f, in->f);
		vc_knowledge_evidence(f, nem);
	}
	/* a kernel without KVM (6.15+): the driver loads, the VMs abort */
	const struct vc_knowledge *nokvm = vc_knowledge_by_id("vboxdrv_loaded_kernel_without_kvm");

	if (nokvm && vc_knowledge_holds(nokvm, in->f)) {
		f = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VIRTUALBOX_KERNEL_WITHOUT_KVM,
			       "VirtualBox%s%s on %s: %s", in->vbox_ver ? " " : "",
			       in->vbox_ver ? in->vbox_ver : "", in->running.data, nokvm->says);
		vc_finding_evidence(f, "kernel configuration: CONFIG_KVM is not set");
		vc_knowledge_evidence(f, nokvm);
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s", nokvm->remedy);
	}
	/* a driver that loads on a kernel newer than its release supports: VMs can hang */
	const struct vc_knowledge *unsup = vc_knowledge_by_id("vboxdrv_loaded_kernel_newer_than_supported");

	if (unsup && vc_knowledge_holds(unsup, in->f)) {
		bool first;
		uint32_t up = vc_kn_vbox_upgrade_to(in->kver, &first);
		uint32_t max = vc_kn_vbox_kernel_max(in->vbox_code, NULL);

		/* a warning: the driver built and loaded, which an unpatched release often does not
		 * (distributions patch it for newer kernels), and one report saw VMs hang */
		f = vc_finding(ctx, VC_SEV_WARNING, VC_FID_VIRTUALBOX_KERNEL_UNSUPPORTED,
			       "VirtualBox%s%s on %s: %s", in->vbox_ver ? " " : "",
			       in->vbox_ver ? in->vbox_ver : "", in->running.data, unsup->says);
		if (max)
			vc_finding_evidence(f,
					    "support table: VirtualBox %s supports host kernels up to %u.%u",
					    in->vbox_ver ? in->vbox_ver : "?", max >> 16, (max >> 8) & 0xff);
		vc_knowledge_evidence(f, unsup);
		if (up && up > in->vbox_code)
			vc_finding_remedy(
				f, VC_REMEDY_PERSISTENT, true,
				"If its VMs hang or fail while starting: upgrade VirtualBox to %u.%u.%u or "
				"later (%s release that supports Linux %u.%u as a host)%s; or boot a kernel "
				"it supports.",
				up >> 16, (up >> 8) & 0xff, up & 0xff, first ? "the first" : "a",
				in->kver >> 16, (in->kver >> 8) & 0xff,
				in->f->distro.family == VC_DISTRO_NIXOS
					? ": on NixOS set virtualisation.virtualbox.host.package to a "
					  "nixpkgs that has it (e.g. unstable's virtualbox), then `sudo "
					  "nixos-rebuild switch` and reboot"
					: "");
		else
			vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s", unsup->remedy);
	}
	/* the virtualbox probe reports these itself */
	if (!k || !k->finding || !strcmp(k->finding, "virtualbox.unsigned_driver") ||
	    !strcmp(k->finding, "virtualbox.driver_not_loaded") ||
	    !strcmp(k->finding, "virtualbox.driver_mismatch"))
		return;
	vc_finding_drop(ctx, VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED);
	if (k->outcome == VC_KN_NO_LOAD) {
		f = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VIRTUALBOX_DRIVER_REFUSED,
			       "VirtualBox%s%s is installed but vboxdrv does not load on %s: %s VMs fail "
			       "with \"Kernel driver not installed (rc=-1908)\".",
			       in->vbox_ver ? " " : "", in->vbox_ver ? in->vbox_ver : "", in->running.data,
			       k->says);
		for (size_t i = 0; i < in->f->platform.kernel_log.driver_refused.n; i++)
			vc_finding_evidence(f, "kernel log: %s",
					    in->f->platform.kernel_log.driver_refused.v[i]);
		vc_knowledge_evidence(f, k);
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s", k->remedy);
		return;
	}
	bool first, older;
	uint32_t up = vc_kn_vbox_upgrade_to(in->kver, &first);
	const char *prev = previous_kernel(in, k, &older);

	struct buf fails = { 0 }, then = { 0 };

	const char *other = in->f->virtualbox.running_kernel;

	build_steps(&in->f->virtualbox, &fails, &then);
	if (*other) {
		/* DKMS built for a kernel being installed, not the running one (explain --log) */
		f = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VIRTUALBOX_DRIVER_NOT_BUILT,
			       "VirtualBox%s%s cannot build its driver vboxdrv for Linux %s, the kernel "
			       "being installed (DKMS: \"Bad return status for module build on kernel: "
			       "%s\"), not the running Linux %s: once Linux %s boots, VMs fail with "
			       "\"Kernel driver not installed (rc=-1908)\"; %s.",
			       in->vbox_ver ? " " : "", in->vbox_ver ? in->vbox_ver : "", in->release,
			       in->release, other, in->release, fails.data);
		for (size_t i = 0; i < log->n; i++)
			vc_finding_evidence(f, "%s", log->v[i]);
		vc_knowledge_evidence(f, k);
		if (up && up > in->vbox_code)
			vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
					  "Upgrade VirtualBox to %u.%u.%u or later (%s release that supports "
					  "Linux %u.%u as a host), then `sudo dkms autoinstall -k %s` builds "
					  "vboxdrv for Linux %s.",
					  up >> 16, (up >> 8) & 0xff, up & 0xff, first ? "the first" : "a",
					  in->kver >> 16, (in->kver >> 8) & 0xff, in->release, in->release);
		else
			vc_finding_remedy(
				f, VC_REMEDY_PERSISTENT, false,
				"Read the first error of DKMS's make.log for Linux %s; a VirtualBox "
				"release that supports it as a host, then `sudo dkms autoinstall -k "
				"%s`.",
				in->release, in->release);
		vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false,
				  "Until then keep booting Linux %s, the running kernel (this failed "
				  "build was not for it).",
				  other);
		buf_free(&fails);
		buf_free(&then);
		return;
	}
	f = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VIRTUALBOX_DRIVER_NOT_BUILT,
		       "VirtualBox%s%s cannot build its driver vboxdrv for %s: %s VMs fail with "
		       "\"Kernel driver not installed (rc=-1908)\"; %s.",
		       in->vbox_ver ? " " : "", in->vbox_ver ? in->vbox_ver : "", in->running.data, k->says,
		       fails.data);
	for (size_t i = 0; i < log->n; i++)
		vc_finding_evidence(f, "/var/log/vbox-setup.log: %s", log->v[i]);
	vc_knowledge_evidence(f, k);
	if (k->kconfig_set || k->kconfig_unset)
		/* the kernel's configuration stops the build, not its version: the row says what helps */
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s", k->remedy);
	else if (up && up > in->vbox_code)
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
				  "Upgrade VirtualBox to %u.%u.%u or later (%s release that supports "
				  "Linux %u.%u as a host), then %s.",
				  up >> 16, (up >> 8) & 0xff, up & 0xff, first ? "the first" : "a",
				  in->kver >> 16, (in->kver >> 8) & 0xff, then.data);
	else
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
				  "Upgrade VirtualBox to a release that supports %s as a host (see "
				  "https://www.virtualbox.org/wiki/Changelog), then %s.",
				  in->running.data, then.data);
	if (prev)
		vc_finding_remedy(
			f, VC_REMEDY_TEMPORARY, true,
			"Or boot the previous kernel %s (installed: /boot/vmlinuz-%s): choose it in the "
			"boot menu; VirtualBox's driver builds there.",
			prev, prev);
	else if (older)
		vc_finding_remedy(
			f, VC_REMEDY_TEMPORARY, true,
			"Or boot a kernel this VirtualBox supports (the kernels in /boot older than "
			"%s are too new for it as well).",
			in->release);
	else if (in->f->virtualbox.boot_listed)
		vc_finding_remedy(
			f, VC_REMEDY_TEMPORARY, true,
			"Or boot a kernel this VirtualBox supports (none older than %s is installed in "
			"/boot).",
			in->release);
	else
		vc_finding_remedy(
			f, VC_REMEDY_TEMPORARY, true,
			"Or boot an older kernel this VirtualBox supports, if one is installed (`ls "
			"/boot/vmlinuz-*`): choose it in the boot menu.");
	buf_free(&fails);
	buf_free(&then);
}

/* Linux 7.1+ counts the users of VMX in core x86, and a kvm_intel running TDX is one that may keep it
 * after `rmmod kvm_intel` (the table's x86_virt_refcount holds only there): said where unloading KVM
 * is what the other remedies tell, a warning when VirtualBox or VMware would need VT-x free. */
static void tdx_keeps_vmx(struct vc_ctx *ctx, const struct inputs *in)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("x86_virt_refcount");
	bool other = in->f->virtualbox.installed || in->f->vmware.present;
	struct vc_finding *f;

	if (!k || !vc_knowledge_holds(k, in->f))
		return;
	const struct vc_strv *log = &in->f->platform.kernel_log.tdx_initialized;
	bool param = streq_ptr(vc_norm_bool(vc_facts_param(in->f, "kvm_intel", "tdx")), "Y");

	f = vc_finding(ctx, other ? VC_SEV_WARNING : VC_SEV_INFO, VC_FID_KVM_TDX_KEEPS_VMX,
		       "%s on %s: unloading kvm_intel may not release VT-x (VMX). %s %s",
		       param ? "kvm_intel runs with TDX host support"
			     : "The TDX module is initialized (TDX host support)",
		       in->running.data, k->says, k->remedy);
	if (param)
		vc_finding_evidence(f, "/sys/module/kvm_intel/parameters/tdx: Y");
	for (size_t i = 0; i < log->n; i++)
		vc_finding_evidence(f, "kernel log: %s", log->v[i]);
	vc_knowledge_evidence(f, k);
}

/* The answer in one line; conflicts() appends who fails and with which error. */
static void headline(const struct inputs *in, const struct rule *match, enum vc_hv hv, const char *backend,
		     struct buf *b)
{
	const char *rule = match ? match->id : "";

	if (!strcmp(rule, "firmware_disabled"))
		buf_printf(b, "%s is disabled by the firmware", vt_name(in));
	else if (!strcmp(rule, "no_vt"))
		buf_printf(b, "This CPU has no VT-x/AMD-V");
	else if (!strcmp(rule, "kvm_pvm"))
		buf_printf(b, "KVM serves /dev/kvm without VT-x/AMD-V (kvm_pvm): this host is itself a "
			      "virtual machine");
	else if (!strcmp(rule, "wsl2"))
		buf_printf(b, "This is WSL2, a Hyper-V guest without nested virtualization: no VT-x/AMD-V "
			      "here");
	else if (!strcmp(rule, "confidential_guest")) {
		buf_printf(b, "This is a confidential %s guest",
			   !strcmp(in->confidential, "tdx")	  ? "TDX"
			   : !strcmp(in->confidential, "sev-snp") ? "SEV-SNP"
								  : "SEV");
		if (in->product)
			buf_printf(b, " of %s", in->product);
		buf_printf(b, ": no VT-x/AMD-V inside it, and none can be enabled");
	} else if (!strcmp(rule, "nested_without_vt") && in->f->environment.xen_dom0 &&
		   in->f->environment.xen_host)
		buf_printf(b,
			   "This is Xen's dom0, and this Xen runs in %s %s virtual machine that gives it "
			   "no VT-x/AMD-V: neither Xen's HVM domains nor any hypervisor here can run VMs",
			   strchr("AEIOU", in->f->environment.xen_host[0]) ? "an" : "a",
			   in->f->environment.xen_host);
	else if (!strcmp(rule, "nested_without_vt") && in->f->environment.xen_dom0)
		buf_printf(b, "This is Xen's dom0: Xen holds VT-x/AMD-V beneath this Linux, so no "
			      "hypervisor here can use it");
	else if (!strcmp(rule, "nested_without_vt") && streq_ptr(in->f->environment.xen_guest_type, "PV")) {
		buf_printf(b, "This is a Xen PV guest");
		if (in->f->environment.cloud)
			buf_printf(b, " (%s)", in->f->environment.cloud);
		buf_printf(b, ": a paravirtualized guest is never given VT-x/AMD-V (only HVM guests can "
			      "have nested virtualization)");
	} else if (!strcmp(rule, "nested_without_vt")) {
		buf_printf(b, "This is ");
		guest_of(in, b);
		buf_printf(b, " without nested virtualization: no VT-x/AMD-V here");
	} else if (!strcmp(rule, "kvm_in_use_unseen"))
		buf_printf(
			b,
			"KVM is ready: %s loaded and in use (%lld reference%s: an open /dev/kvm or a VM, of "
			"processes not looked at), so whether a VM holds %s now is not known",
			in->vendor_module, (long long)in->vendor_refs_unseen,
			in->vendor_refs_unseen == 1 ? "" : "s", vt_name(in));
	else if (hv == VC_HV_NONE)
		ready(in, b);
	else if (backend) {
		/* name every VM process that holds it */
		struct buf vms = { 0 };

		vm_list(in, hv, &vms);
		buf_printf(b, "%s is held by %s (%s", vt_name(in), vc_hv_label(hv), backend);
		if (!strcmp(rule, "kvm_holds_at_load"))
			buf_printf(b, in->kvm_builtin ? ", built in, since boot" : ", loaded at boot");
		if (vms.data || strstr(rule, "vms_running"))
			buf_printf(b, ", VMs running%s%s", vms.data ? ": " : "", vms.data ? vms.data : "");
		buf_printf(b, ")");
		buf_free(&vms);
	} else
		buf_printf(b, "%s is held by %s", vt_name(in), vc_hv_label(hv));
}

/* What keeps a hypervisor's own driver from working, as the findings say it: the headline names it
 * after who holds VT (the owner is not the whole answer when VirtualBox's VMs cannot start). */
static const struct {
	const char *finding; /* its id: the verdict reads these, the probes emit some of them */
	bool vmware;
	const char *why;
	const char *does; /* what its VMs do */
} driver_clauses[] = {
	{ "virtualbox.driver_not_built", false, "its driver vboxdrv is not built for this kernel",
	  "will fail" },
	{ "virtualbox.driver_refused", false, "its driver vboxdrv does not load on this kernel",
	  "will fail" },
	{ "virtualbox.kernel_without_kvm", false,
	  "this kernel is built without KVM, which its driver vboxdrv needs on 6.15+", "will fail" },
	{ "virtualbox.driver_mismatch", false, "the loaded vboxdrv is not its own", "will fail" },
	{ "virtualbox.kernel_unsupported", false, "this kernel is newer than it supports",
	  "may hang while starting" },
	{ "virtualbox.unsigned_driver", false,
	  "Secure Boot refuses its driver vboxdrv (not signed by an enrolled key)", "will fail" },
	{ "vmware.driver_not_built", true, "its driver vmmon is not built for this kernel", "will fail" },
	{ "vmware.unsigned_driver", true,
	  "Secure Boot refuses its driver vmmon (not signed by an enrolled key)", "will fail" },
	{ "vmware.driver_mismatch", true, "its vmmon is built for another release", "will fail" },
	/* last: the headline names the driver even when nothing stops it but that it is not loaded */
	{ "virtualbox.driver_not_loaded", false, "its driver vboxdrv is not loaded", "will fail" },
	{ "vmware.driver_not_loaded", true, "its driver vmmon is not loaded", "will fail" },
};

/* The host-crash findings: starting such a VM freezes or panics the host (an error: it does, as the
 * knowledge table says; a warning: it may). */
static const struct {
	const char *finding;
	bool vmware;
	const char *where, *does, *may, *then;
} crash_findings[] = {
	{ "conflict.virtualbox_panics_host", false, " next to KVM", "freezes or panics", "may freeze",
	  ": upgrade VirtualBox" },
	{ "virtualbox.fred_panics_host", false, "", "panics", "may panic",
	  " (the kernel runs with FRED: boot with fred=off)" },
	{ "vmware.fred_panics_host", true, "", "panics", "may panic",
	  " (the kernel runs with FRED: boot with fred=off)" },
};

static const struct vc_finding *finding_named(const struct vc_ctx *ctx, const char *id)
{
	for (size_t i = 0; i < ctx->findings.n; i++)
		if (!strcmp(ctx->findings.v[i].id, id))
			return &ctx->findings.v[i];
	return NULL;
}

static void product_name(const struct vc_facts *f, bool vmware, struct buf *b)
{
	const char *ver = vmware ? f->vmware.version : f->virtualbox.version;

	buf_printf(b, "%s%s%s", vmware ? "VMware" : "VirtualBox", ver ? " " : "", ver ? ver : "");
}

/* /dev/kvm, not known to be missing, is denied to this user: kvm.no_access as an error, or with no
 * such finding (explain --log's facts from a paste: "Could not access KVM kernel module: Permission
 * denied") its open failing with EACCES or EPERM. "user U cannot open /dev/kvm (mode 0660, group
 * kvm)", or where the user or node is not known "this user cannot open /dev/kvm (EACCES: permission
 * denied)"; false (nothing written) when KVM is not denied. */
static bool kvm_denied(const struct vc_ctx *ctx, struct buf *b)
{
	const struct vc_kvm_facts *k = &ctx->facts.kvm;
	const struct vc_finding *denied = finding_named(ctx, "kvm.no_access");
	const char *sandbox = ctx->facts.environment.sandbox;

	if (denied ? denied->severity != VC_SEV_ERROR
		   : !streq_ptr(k->access.open, "EACCES") && !streq_ptr(k->access.open, "EPERM"))
		return false;
	if (k->device.present == VC_TRI_FALSE)
		return false;
	if (k->access.user && *k->access.user && streq_ptr(k->access.open, "EPERM"))
		/* the mode let it through; a device cgroup refused it */
		buf_printf(b, "user %s cannot open /dev/kvm (EPERM: a device cgroup refuses it)",
			   k->access.user);
	else if (k->access.user && *k->access.user && k->device.present == VC_TRI_TRUE)
		buf_printf(b, "user %s cannot open /dev/kvm (mode %04o, group %s)", k->access.user,
			   k->device.node.mode, k->device.node.group);
	else
		buf_printf(b, "this user cannot open /dev/kvm%s%s%s", k->access.open ? " (" : "",
			   k->access.open ? k->access.open : "",
			   streq_ptr(k->access.open, "EACCES")	? ": permission denied)"
			   : streq_ptr(k->access.open, "EPERM") ? ": operation not permitted)"
			   : k->access.open			? ")"
								: "");
	if (sandbox)
		buf_printf(b, " in this %s sandbox", sandbox);
	return true;
}

/* Whether the facts show VT-x/AMD-V held by someone, with no rule that says who: VirtualBox read it
 * switched on (VERR_VMX_IN_VMX_ROOT_MODE, VERR_SVM_IN_USE), KVM could not switch it on ("kvm:
 * enabling virtualization on CPUn failed"), KVM_CREATE_VM was refused as busy. */
static bool vt_shown_held(const struct vc_ctx *ctx, const struct inputs *in)
{
	const struct vc_known_error *e = ctx->facts.virtualbox.logged_error;

	return in->kvm_busy || ctx->facts.platform.kernel_log.virt_enable_failed.n ||
	       (e && (!strcmp(e->id, "VERR_VMX_IN_VMX_ROOT_MODE") || !strcmp(e->id, "VERR_SVM_IN_USE")));
}

/* No rule says who holds VT: the headline says what the facts show instead, and claims VT held only
 * where they show it held. A /dev/kvm denied to this user or missing; a driver that cannot work
 * (headline_consequences() writes it, first); otherwise that nothing read shows who holds it. */
static void owner_unknown(const struct vc_ctx *ctx, const struct inputs *in, struct buf *b)
{
	const struct vc_kvm_facts *k = &ctx->facts.kvm;

	if (vt_shown_held(ctx, in))
		buf_printf(b, "%s is held by %s", vt_name(in), vc_hv_label(VC_HV_UNKNOWN));
	else if (kvm_denied(ctx, b))
		b->data[0] = (char)toupper((unsigned char)b->data[0]);
	else if (k->device.present == VC_TRI_FALSE || streq_ptr(k->access.open, "ENOENT")) {
		struct buf where = { 0 };

		buf_printf(b, "/dev/kvm is missing");
		if (vc_facts_environment_name(&ctx->facts, &where))
			buf_printf(b, " in this %s", where.data);
		buf_free(&where);
	} else {
		const struct vc_facts *f = &ctx->facts;
		bool lsmod = f->modules.proc_modules;

		for (size_t i = 0; i < ARRAY_SIZE(driver_clauses); i++)
			if (finding_named(ctx, driver_clauses[i].finding))
				return;
		if (in->vbox_installed && !in->vbox_kvm_backend && lsmod &&
		    vc_facts_modstate(f, "vboxdrv") == VC_MOD_ABSENT)
			buf_printf(b, "VirtualBox's driver vboxdrv is not loaded");
		else if (f->vmware.installed && lsmod && vc_facts_modstate(f, "vmmon") == VC_MOD_ABSENT)
			buf_printf(b, "VMware's driver vmmon is not loaded");
		else
			buf_printf(b, "Nothing read shows who holds %s", vt_name(in));
	}
}

/* The headline leads with the most severe consequence: a VM start that panics the host comes before
 * who holds VT; a driver that cannot work follows it (or leads, where nothing says who holds VT).
 * owner_known: a rule said who holds VT (where none did, owner_unknown() wrote what the facts show). */
static void headline_consequences(const struct vc_ctx *ctx, bool owner_known, struct buf *head)
{
	struct buf lead = { 0 }, name = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(driver_clauses); i++) {
		if (!finding_named(ctx, driver_clauses[i].finding))
			continue;
		product_name(&ctx->facts, driver_clauses[i].vmware, &name);
		buf_printf(head, "%s%s VMs %s: %s", head->len ? "; " : "", name.data, driver_clauses[i].does,
			   driver_clauses[i].why);
		buf_free(&name);
	}
	/* KVM works, but not for this user: the headline must not stop at "ready" (issue 15, s9-c15:
	 * every permission-denied host read "KVM is ready"); with nothing that says who holds VT (a
	 * pasted "Could not access KVM kernel module: Permission denied"), not at "held by an unknown
	 * hypervisor" either: the denial is the answer */
	struct buf denied = { 0 };

	if (owner_known && kvm_denied(ctx, &denied))
		buf_printf(head, "; but %s", denied.data);
	buf_free(&denied);
	/* nor where /dev/kvm opens but refuses a VM or a vCPU (a container's or sandbox's policy; a
	 * hypervisor that holds VT is kvm.create_vm_busy, the owner's rule) */
	const struct vc_finding *vm = finding_named(ctx, "kvm.create_vm_failed"),
				*vcpu = finding_named(ctx, "kvm.create_vcpu_failed");
	char e[16];

	if (owner_known && vm && vm->severity == VC_SEV_ERROR)
		buf_printf(head, "; but KVM_CREATE_VM fails here with %s",
			   errno_name(ctx->facts.kvm.create_vm, e));
	else if (owner_known && vcpu && vcpu->severity == VC_SEV_ERROR)
		buf_printf(head, "; but KVM_CREATE_VCPU fails here with %s",
			   errno_name(ctx->facts.kvm.create_vcpu, e));
	for (size_t i = 0; i < ARRAY_SIZE(crash_findings); i++) {
		const struct vc_finding *fd = finding_named(ctx, crash_findings[i].finding);

		if (!fd)
			continue;
		product_name(&ctx->facts, crash_findings[i].vmware, &name);
		buf_printf(&lead, "Starting a %s VM%s %s this host%s; ", name.data, crash_findings[i].where,
			   fd->severity == VC_SEV_ERROR ? crash_findings[i].does : crash_findings[i].may,
			   crash_findings[i].then);
		buf_free(&name);
	}
	if (lead.len) {
		buf_printf(&lead, "%s", head->data ? head->data : "");
		buf_free(head);
		*head = lead;
	}
}

/* KVM's vendor module is neither loaded nor kept out (the kvm probe's warning: `sudo modprobe MOD`,
 * no persistent remedy): have it loaded at every boot, unless VirtualBox or VMware is installed,
 * whose VMs a KVM loaded at boot would block (there the finding is a note) (vagrant-kvm#20 loaded it by hand;
 * kernalix7/winpodx#579 persists it in /etc/modules-load.d). */
static void kvm_load_at_boot(struct vc_ctx *ctx)
{
	struct vc_finding *f = vc_find_mut(ctx, VC_FID_KVM_NOT_LOADED);
	const char *mod = vc_facts_kvm_vendor_module(&ctx->facts);
	bool by_hand = false;

	if (!f || !mod || f->severity != VC_SEV_WARNING)
		return;
	if (ctx->facts.virtualbox.installed || ctx->facts.vmware.installed) {
		/* not a problem where VirtualBox or VMware is the hypervisor in use: a note, after
		 * their own findings (linux-surface#1705: VirtualBox's driver was what failed) */
		f->severity = VC_SEV_INFO;
		return;
	}
	if (vc_finding_has_persistent(f))
		return;
	for (size_t i = 0; i < f->remedies.n && !by_hand; i++)
		by_hand = startswith(f->remedies.v[i].steps, "sudo modprobe ");
	if (!by_hand)
		return;
	struct buf b = { 0 };

	vc_remedy_load_at_boot(&b, &ctx->facts, mod);
	vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false, "Load it at every boot: %s", b.data);
	buf_free(&b);
}

/* Firmware disabled VT and both the CPUID probe (the kernel hides the flag) and the MSR probe (the
 * lock, read) say so: one problem, so one finding carries the remedy, the MSR's (it read the lock),
 * with the CPUID probe's observation as its evidence. */
static void firmware_one_finding(struct vc_ctx *ctx)
{
	struct vc_finding *msr = vc_find_mut(ctx, VC_FID_MSR_VT_DISABLED_BY_FIRMWARE);
	const struct vc_cpuid_facts *c = &ctx->facts.cpuid;

	if (!msr || !vc_find(ctx, VC_FID_CPUID_VT_DISABLED_BY_FIRMWARE))
		return;
	vc_finding_evidence(msr, "CPUID reports %s, /proc/cpuinfo lacks the %s flag: the kernel hides it",
			    c->vmx ? "VT-x" : "AMD-V", c->vmx ? "vmx" : "svm");
	vc_finding_drop(ctx, VC_FID_CPUID_VT_DISABLED_BY_FIRMWARE); /* last: dropping moves msr */
}

/* Firmware disabled VT and the kernel says so ("kvm: disabled by bios"; since 5.6 feat_ctl.c's "VMX
 * (outside TXT) disabled by BIOS" and kvm_intel's "VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL",
 * kvm_amd's "SVM disabled (by BIOS) in MSR_VM_CR": each read the lock) while the MSRs cannot be read
 * here: the problem needs its finding and remedy, not only the headline. Where the CPUID probe saw
 * the flag hidden too (kernels >= 5.6 clear it), that is one problem with the kernel's reading of the
 * lock as its proof: an error, as where the MSR was read, not the CPUID probe's inference (a
 * warning), whose observation becomes evidence. */
static void firmware_from_kernel_log(struct vc_ctx *ctx)
{
	const struct vc_strv *log = &ctx->facts.platform.kernel_log.bios_disabled;
	const struct vc_cpuid_facts *c = &ctx->facts.cpuid;
	bool amd = vc_facts_amd(&ctx->facts);
	bool hidden = vc_find(ctx, VC_FID_CPUID_VT_DISABLED_BY_FIRMWARE) != NULL;
	struct buf b = { 0 };
	struct vc_finding *f;

	if (!log->n || ctx->facts.msr.available || vc_find(ctx, VC_FID_MSR_VT_DISABLED_BY_FIRMWARE))
		return;
	f = vc_finding(ctx, VC_SEV_ERROR, VC_FID_MSR_VT_DISABLED_BY_FIRMWARE,
		       "%s is disabled by the firmware (the kernel log says \"%s\"): no hypervisor can "
		       "use it until it is enabled in the firmware setup.",
		       amd ? "AMD-V (SVM)" : "VT-x", log->v[0]);
	vc_remedy_firmware_vt(&b, &ctx->facts, amd);
	vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s", b.data);
	buf_free(&b);
	for (size_t i = 0; i < log->n; i++)
		vc_finding_evidence(f, "kernel log: %s", log->v[i]);
	if (!hidden)
		return;
	vc_finding_evidence(f, "CPUID reports %s, /proc/cpuinfo lacks the %s flag: the kernel hides it",
			    c->vmx ? "VT-x" : "AMD-V", c->vmx ? "vmx" : "svm");
	vc_finding_drop(ctx, VC_FID_CPUID_VT_DISABLED_BY_FIRMWARE); /* last: dropping moves f */
}

/* Remedies that need what every probe found. */
static void late_remedies(struct vc_ctx *ctx)
{
	firmware_one_finding(ctx);
	firmware_from_kernel_log(ctx);
	const struct vc_known_error *e = ctx->facts.virtualbox.logged_error;

	kvm_load_at_boot(ctx);
	/* a failure in a VM's log is history: its fix is that of the finding that explains it now */
	struct vc_finding *f = vc_find_mut(ctx, VC_FID_VIRTUALBOX_LOGGED_FAILURE);
	if (f && e && !f->remedies.n) {
		const struct vc_finding *best = NULL;

		for (size_t i = 0; i < ctx->findings.n; i++) {
			const struct vc_finding *x = &ctx->findings.v[i];

			if (x != f && x->remedies.n && vc_known_errors_relate(&e, 1, x->id) &&
			    (!best || x->severity > best->severity))
				best = x;
		}
		for (size_t r = 0; best && r < best->remedies.n; r++)
			vc_finding_remedy(f, best->remedies.v[r].kind, best->remedies.v[r].reboot, "%s",
					  best->remedies.v[r].steps);
		if (!best)
			vc_finding_remedy(
				f, VC_REMEDY_TEMPORARY, false,
				"Nothing on this host causes it now (the VM or module that held VT-x/AMD-V "
				"is gone). When it happens again, run `virtcheck` at once, or keep the "
				"state with `virtcheck capture DIR`.");
	}
}

void vc_verdict(struct vc_ctx *ctx)
{
	struct inputs in;
	const struct rule *match = NULL;
	enum vc_hv hv = VC_HV_UNKNOWN;
	const char *backend = NULL;
	struct buf head = { 0 };

	gather(&ctx->facts, &in);
	for (size_t i = 0; i < ARRAY_SIZE(rules) && !match; i++)
		if (rules[i].match(&in))
			match = &rules[i];

	if (match) {
		switch (match->who) {
		case W_FIXED:
			hv = match->hypervisor;
			backend = match->backend;
			break;
		case W_VENDOR:
			hv = match->hypervisor;
			backend = in.vendor_module;
			break;
		case W_FOREIGN:
			/* each takes VT only while its VMs run (the idle rules below): with both loaded,
			 * VMware's running VMs and none of VirtualBox's name VMware */
			if (in.vmware && (!in.vbox_driver || (in.vms_vmware > 0 && !in.vms_vbox))) {
				hv = VC_HV_VMWARE;
				backend = "vmmon";
			} else {
				hv = in.vbox_driver ? VC_HV_VIRTUALBOX : VC_HV_UNKNOWN;
				backend = in.vbox_driver ? "vboxdrv" : in.unknown_oot;
			}
			break;
		case W_SVME:
			/* SVM is on: whoever can hold it now, most specific first */
			if (in.kvm_busy && !in.vbox_driver && !in.vmware) {
				/* KVM itself is refused: someone virtcheck does not know holds it */
				hv = VC_HV_UNKNOWN;
				backend = in.unknown_oot;
			} else if (in.kvm_busy) {
				bool vbox =
					in.vbox_driver && !(in.vmware && in.vms_vmware > 0 && !in.vms_vbox);

				hv = vbox ? VC_HV_VIRTUALBOX : VC_HV_VMWARE;
				backend = vbox ? "vboxdrv" : "vmmon";
			} else if (vendor_vt(&in) && (kvm_at_load(&in) || in.vms_kvm > 0)) {
				hv = VC_HV_KVM;
				backend = in.vendor_module;
			} else if (in.vbox_driver && (in.vms_vbox > 0 || !vendor_vt(&in))) {
				hv = VC_HV_VIRTUALBOX;
				backend = "vboxdrv";
			} else if (in.vmware) {
				hv = VC_HV_VMWARE;
				backend = "vmmon";
			} else if (vendor_vt(&in)) {
				hv = VC_HV_KVM;
				backend = in.vendor_module;
			}
			break;
		}
	}

	/* AMD, Linux 6.12+: SVM on because KVM switched it on at load is that rule, proven by the MSR */
	bool at_load_proven = match && match->who == W_SVME && hv == VC_HV_KVM && kvm_at_load(&in);

	for (size_t i = 0; i < ARRAY_SIZE(rules) && at_load_proven; i++)
		if (!strcmp(rules[i].id, "kvm_holds_at_load"))
			match = &rules[i];
	/* nothing says who holds VT (a paste with "Could not access KVM kernel module: Permission
	 * denied", or "vboxdrv is not loaded"): what the facts show is the answer, not "held by an
	 * unknown hypervisor" */
	if (match)
		headline(&in, match, hv, backend, &head);
	conflicts(ctx, &in, hv, &head);
	vbox_driver_knowledge(ctx, &in);
	tdx_keeps_vmx(ctx, &in);
	vc_verdict_vmware(ctx);
	vc_verdict_fred(ctx);
	if (!match) { /* after the drivers' findings: one of them may be the answer */
		struct buf lead = { 0 };

		owner_unknown(ctx, &in, &lead);
		buf_printf(&lead, "%s",
			   head.data ? head.data + (lead.len ? 0 : 2 * startswith(head.data, "; ")) : "");
		buf_free(&head);
		head = lead;
	}
	headline_consequences(ctx, match != NULL, &head);

	ctx->have_verdict = true;
	ctx->owner.hypervisor = hv;
	ctx->owner.backend = backend;
	ctx->owner.confidence =
		!match ? VC_CONF_UNKNOWN
		: (!strcmp(match->id, "firmware_disabled") && in.fw_definitive) || at_load_proven
			? VC_CONF_DEFINITIVE
			: match->confidence;
	ctx->owner.rule = match ? match->id : NULL;
	ctx->owner.headline = head.data;
	ctx->owner.summary = match ? match->summary : "Not enough evidence to say who holds VT-x/AMD-V.";
	add_evidence(&ctx->owner.evidence, &in);
	late_remedies(ctx);

	/* Our own machines, the case kvm-ok gets wrong: replaces the CPUID probe's note. */
	/* a passive report created no VM: it says what it saw, not that KVM works */
	if (match && !strcmp(match->id, "kvm_pvm") && (in.kvm_usable || ctx->facts.kvm.usable_unverified) &&
	    in.have_vt && in.vt == VC_VT_NONE)
		vc_finding(ctx, VC_SEV_INFO, VC_FID_CPUID_VT_NOT_EXPOSED,
			   "VT-x/AMD-V is not exposed in CPUID because this host is itself a %s guest; "
			   "/dev/kvm %s, served by kvm_pvm, which runs guests without hardware "
			   "virtualization. Checkers that only look at CPU flags (kvm-ok, "
			   "virt-host-validate) wrongly say KVM cannot be used here.",
			   in.hv ? in.hv : "virtual machine",
			   in.kvm_usable ? "works anyway"
					 : "should work anyway (its permissions and capabilities say so; "
					   "--passive created no VM to prove it)");
	buf_free(&in.running);
}
