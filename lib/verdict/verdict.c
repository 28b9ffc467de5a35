/* The owner verdict: who holds VT-x/AMD-V, what conflicts follow, and the remedies for this host. */
#include <stdlib.h>
#include <string.h>

#include "lib/verdict/verdict.h"

/* What the rules look at, derived once from the facts. */
struct inputs {
	struct vc_ctx *ctx;
	const struct vc_val *p;	   /* ctx->probes */
	const char *vendor_module; /* kvm_intel / kvm_amd / kvm_pvm serving /dev/kvm, or loaded */
	const char *vendor_state;
	bool kvm_builtin;
	bool kvm_usable, kvm_busy;
	const char *vt; /* vmx, svm, none; NULL without CPUID */
	bool amd;
	bool hv_bit;
	const char *hv; /* outer hypervisor id */
	bool fw_disabled, fw_definitive;
	const char *svme;		      /* all, some, none; NULL when MSRs were not read */
	const char *virt_at_load;	      /* live kvm.enable_virt_at_load "Y"/"N", NULL when not loaded */
	const char *virt_conf, *virt_conf_by; /* configured value and where */
	uint32_t kver;
	int64_t vms_kvm, vms_vbox, vms_vmware;
	bool vbox_installed, vbox_driver, vbox_kvm_backend;
	const char *vbox_ver;
	uint32_t vbox_code;
	bool vmware;
	bool wsl2;
	const char *unknown_oot; /* the one unknown out-of-tree module loaded, if exactly one */
};

static void gather(struct vc_ctx *ctx, struct inputs *in)
{
	const struct vc_val *p = ctx->probes;

	memset(in, 0, sizeof(*in));
	in->ctx = ctx;
	in->p = p;
	in->vendor_module = vc_get_str(p, "kvm.backend");
	if (!in->vendor_module)
		in->vendor_module = vc_module_loaded(p, "kvm_intel") ? "kvm_intel"
				    : vc_module_loaded(p, "kvm_amd") ? "kvm_amd"
								     : NULL;
	if (in->vendor_module) {
		char path[96];

		snprintf(path, sizeof(path), "modules.modules.%s.state", in->vendor_module);
		in->vendor_state = vc_get_str(p, path);
	}
	in->kvm_builtin = streq_ptr(in->vendor_state, "builtin") ||
			  streq_ptr(vc_get_str(p, "modules.modules.kvm.state"), "builtin");
	in->kvm_usable = vc_get_bool(p, "kvm.usable", false);
	in->kvm_busy = streq_ptr(vc_get_str(p, "kvm.create_vm"), "EBUSY");
	in->vt = vc_get_str(p, "cpuid.vt");
	in->amd = streq_ptr(vc_get_str(p, "cpuid.vendor"), "AuthenticAMD") ||
		  streq_ptr(vc_get_str(p, "cpuid.vendor"), "HygonGenuine");
	in->hv_bit = vc_get_bool(p, "cpuid.hypervisor_bit", false);
	in->hv = vc_get_str(p, "environment.outer_hypervisor");
	if (!in->hv)
		in->hv = vc_get_str(p, "cpuid.hypervisor");
	in->fw_definitive = vc_find(ctx, "msr.vt_disabled_by_firmware") != NULL;
	in->fw_disabled = in->fw_definitive || vc_find(ctx, "cpuid.vt_disabled_by_firmware") != NULL;
	const struct vc_val *bios = vc_get(p, "platform.kernel_log.bios_disabled");
	in->fw_disabled |= bios && bios->c.n > 0;
	in->svme = vc_get_str(p, "msr.efer_svme");
	in->virt_at_load = vc_norm_bool(vc_get_str(p, "modules.modules.kvm.parameters.enable_virt_at_load"));
	in->virt_conf = vc_get_str(p, "platform.kvm_settings.kvm.enable_virt_at_load.configured");
	in->virt_conf_by = vc_get_str(p, "platform.kvm_settings.kvm.enable_virt_at_load.configured_by");
	in->kver = kernel_version_code(vc_get_str(ctx->host_facts, "kernel"));
	in->vms_kvm = vc_get_int(p, "processes.vms.kvm", 0);
	in->vms_vbox = vc_get_int(p, "processes.vms.virtualbox", 0);
	in->vms_vmware = vc_get_int(p, "processes.vms.vmware", 0);
	in->vbox_installed = vc_get_bool(p, "virtualbox.installed", false);
	in->vbox_driver = vc_module_loaded(p, "vboxdrv");
	in->vbox_kvm_backend = vc_get_bool(p, "virtualbox.kvm_backend", false);
	in->vbox_ver = vc_get_str(p, "virtualbox.version");
	in->vbox_code = kernel_version_code(in->vbox_ver);
	in->vmware = vc_module_loaded(p, "vmmon");
	in->wsl2 = streq_ptr(vc_get_str(p, "environment.wsl"), "wsl2");
	const struct vc_val *oot = vc_get(p, "modules.unknown_out_of_tree");
	if (oot && oot->type == VC_ARR && oot->c.n == 1)
		in->unknown_oot = oot->c.items[0]->s;
}

static bool vendor_vt(const struct inputs *in)
{
	return streq_ptr(in->vendor_module, "kvm_intel") || streq_ptr(in->vendor_module, "kvm_amd");
}

/* KVM holds VT since load: Linux 6.12+ with enable_virt_at_load on (its default). */
static bool kvm_at_load(const struct inputs *in)
{
	return vendor_vt(in) && in->kver >= KVER(6, 12, 0) && !streq_ptr(in->virt_at_load, "N");
}

/* VirtualBox 7.2.10 and later use the VT state KVM switched on instead of needing it free. */
static bool vbox_shares_kvm(const struct inputs *in)
{
	return in->vbox_code >= KVER(7, 2, 10);
}

/* ---- the rules: first match wins, strongest evidence first ---- */

static bool r_wsl2(const struct inputs *in)
{
	return in->wsl2;
}
static bool r_fw(const struct inputs *in)
{
	return in->fw_disabled;
}
static bool r_no_vt(const struct inputs *in)
{
	return streq_ptr(in->vt, "none") && !in->hv_bit && !streq_ptr(in->vendor_module, "kvm_pvm");
}
static bool r_pvm(const struct inputs *in)
{
	return streq_ptr(in->vendor_module, "kvm_pvm");
}
static bool r_nested_no_vt(const struct inputs *in)
{
	return streq_ptr(in->vt, "none") && in->hv_bit;
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
	return in->vt && strcmp(in->vt, "none") != 0;
}

enum who { W_FIXED, W_VENDOR, W_FOREIGN, W_OUTER, W_SVME };

static const struct rule {
	const char *id;
	bool (*match)(const struct inputs *in);
	enum who who;
	const char *hypervisor; /* W_FIXED */
	const char *backend;	/* W_FIXED */
	const char *confidence;
	const char *summary;
} rules[] = {
	{ "wsl2", r_wsl2, W_FIXED, "hyperv", NULL, "high",
	  "This is WSL2: Windows' Hyper-V holds VT-x/AMD-V, and this Linux runs as its guest." },
	{ "firmware_disabled", r_fw, W_FIXED, "none", NULL, "high",
	  "The firmware disabled VT-x/AMD-V: no hypervisor can use it until it is enabled in the firmware "
	  "setup." },
	{ "no_vt", r_no_vt, W_FIXED, "none", NULL, "high", "This CPU has no VT-x/AMD-V to own." },
	{ "kvm_pvm", r_pvm, W_VENDOR, "kvm", NULL, "high",
	  "KVM serves /dev/kvm through kvm_pvm, without VT-x/AMD-V: this host is itself a virtual machine." },
	{ "nested_without_vt", r_nested_no_vt, W_OUTER, NULL, NULL, "high",
	  "This is a virtual machine without VT-x/AMD-V: the outer hypervisor keeps it for itself." },
	{ "svme_set", r_svme_on, W_SVME, NULL, NULL, "definitive",
	  "EFER.SVME is set: AMD-V is switched on, so a hypervisor holds it right now." },
	{ "kvm_create_vm_busy", r_busy, W_FOREIGN, NULL, NULL, "high",
	  "Another hypervisor holds VT-x/AMD-V: KVM_CREATE_VM fails with EBUSY." },
	{ "kvm_holds_at_load", r_kvm_at_load, W_VENDOR, "kvm", NULL, "high",
	  "KVM holds VT-x/AMD-V since it was loaded (Linux 6.12+ with kvm.enable_virt_at_load=Y), with or "
	  "without "
	  "VMs." },
	{ "kvm_vms_running", r_kvm_vms, W_VENDOR, "kvm", NULL, "high",
	  "KVM VMs are running: KVM holds VT-x/AMD-V until the last one exits." },
	{ "virtualbox_vms_running", r_vbox_vms, W_FIXED, "virtualbox", "vboxdrv", "high",
	  "VirtualBox VMs are running: vboxdrv holds VT-x/AMD-V until the last one exits." },
	{ "vmware_vms_running", r_vmware_vms, W_FIXED, "vmware", "vmmon", "high",
	  "VMware VMs are running: vmmon holds VT-x/AMD-V until the last one exits." },
	{ "svme_clear", r_svme_off, W_FIXED, "none", NULL, "definitive",
	  "EFER.SVME is clear on every CPU: AMD-V is free right now; a hypervisor takes it when it starts a "
	  "VM." },
	{ "kvm_idle", r_kvm_idle, W_FIXED, "none", NULL, "medium",
	  "KVM is loaded but takes VT-x/AMD-V only while a VM runs (kernel before 6.12, or "
	  "kvm.enable_virt_at_load=N); it is free now." },
	{ "virtualbox_idle", r_vbox_idle, W_FIXED, "none", NULL, "medium",
	  "VirtualBox's vboxdrv is loaded and takes VT-x/AMD-V only while its VMs run; it is free now." },
	{ "vmware_idle", r_vmware_idle, W_FIXED, "none", NULL, "medium",
	  "VMware's vmmon is loaded and takes VT-x/AMD-V only while its VMs run; it is free now." },
	{ "free", r_free, W_FIXED, "none", NULL, "high",
	  "No hypervisor module is loaded: VT-x/AMD-V is free." },
};

static const char *outer_owner(const char *hv)
{
	static const char *const known[] = { "kvm", "hyperv", "xen", "vmware", "virtualbox" };

	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (streq_ptr(hv, known[i]))
			return known[i];
	return "unknown";
}

static const char *vt_name(const struct inputs *in)
{
	return streq_ptr(in->vt, "vmx") ? "VT-x" : streq_ptr(in->vt, "svm") ? "AMD-V" : "VT-x/AMD-V";
}

static const char *label(const char *id)
{
	static const char *const map[][2] = { { "kvm", "KVM" },	      { "virtualbox", "VirtualBox" },
					      { "vmware", "VMware" }, { "hyperv", "Hyper-V" },
					      { "xen", "Xen" },	      { "none", "nobody" } };

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (streq_ptr(id, map[i][0]))
			return map[i][1];
	return "an unknown hypervisor";
}

static void add_evidence(struct vc_val *ev, const struct inputs *in)
{
	if (in->vt)
		vc_arr_push(ev, vc_strf("CPUID: VT %s, hypervisor bit %s%s%s", in->vt,
					in->hv_bit ? "set" : "clear", in->hv ? ", outer hypervisor " : "",
					in->hv ? in->hv : ""));
	if (in->fw_disabled)
		vc_arr_push(ev, vc_strf("firmware disabled VT (%s)",
					in->fw_definitive ? "MSR" : "kernel CPU flags or log"));
	if (in->svme)
		vc_arr_push(ev, vc_strf("MSR EFER.SVME set on %s CPUs", in->svme));
	if (in->vendor_module)
		vc_arr_push(ev, vc_strf("module %s: %s", in->vendor_module,
					in->vendor_state ? in->vendor_state : "?"));
	if (in->virt_at_load && vendor_vt(in))
		vc_arr_push(ev, vc_strf("kvm.enable_virt_at_load=%s on kernel %s", in->virt_at_load,
					vc_get_str(in->ctx->host_facts, "kernel")));
	if (vc_has(in->p, "kvm.usable")) {
		const char *vm = vc_get_str(in->p, "kvm.create_vm");

		vc_arr_push(ev, vc_strf("/dev/kvm: %s, KVM_CREATE_VM %s, guest run %s",
					vc_get_str(in->p, "kvm.access.open")
						? vc_get_str(in->p, "kvm.access.open")
						: "?",
					vm ? vm : "not tried", in->kvm_usable ? "ok" : "not ok"));
	}
	if (in->vms_kvm || in->vms_vbox || in->vms_vmware)
		vc_arr_push(ev, vc_strf("running VMs: KVM %lld, VirtualBox %lld, VMware %lld",
					(long long)in->vms_kvm, (long long)in->vms_vbox,
					(long long)in->vms_vmware));
	if (in->vbox_driver)
		vc_arr_push(ev, vc_str("module vboxdrv: loaded"));
	if (in->vmware)
		vc_arr_push(ev, vc_str("module vmmon: loaded"));
}

/* The running VMs of one hypervisor, as "pid 1234 (qemu-system-x86), ..." */
static void vm_list(const struct inputs *in, const char *hv, struct buf *b)
{
	struct vc_vm_proc vms[32];
	size_t n = vc_running_vms(in->p, hv, vms, ARRAY_SIZE(vms));

	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%spid %lld (%s)", i ? ", " : "", vms[i].pid, vms[i].comm);
}

/* How to set a kernel command-line parameter on this host's boot loader. */
static void cmdline_steps(const struct inputs *in, struct buf *b, const char *param)
{
	enum vc_ftype t;

	if (vc_host_stat(in->ctx->host, "/usr/sbin/grubby", &t) == 0 ||
	    vc_host_stat(in->ctx->host, "/sbin/grubby", &t) == 0)
		buf_printf(b, "sudo grubby --update-kernel=ALL --args=\"%s\" && sudo systemctl reboot",
			   param);
	else if (vc_host_stat(in->ctx->host, "/usr/sbin/update-grub", &t) == 0 ||
		 vc_host_stat(in->ctx->host, "/etc/default/grub", &t) == 0)
		buf_printf(b,
			   "add %s to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then `sudo "
			   "update-grub && sudo systemctl reboot`",
			   param);
	else if (vc_host_stat(in->ctx->host, "/etc/kernel/cmdline", &t) == 0)
		buf_printf(b,
			   "append %s to /etc/kernel/cmdline, then `sudo kernel-install add %s "
			   "/boot/vmlinuz-%s` and reboot",
			   param, vc_get_str(in->ctx->host_facts, "kernel"),
			   vc_get_str(in->ctx->host_facts, "kernel"));
	else
		buf_printf(b, "add %s to the kernel command line of your boot loader and reboot", param);
}

static bool vagrant(const struct inputs *in)
{
	enum vc_ftype t;

	return vc_host_stat(in->ctx->host, "/usr/bin/vagrant", &t) == 0 ||
	       vc_host_stat(in->ctx->host, "/usr/local/bin/vagrant", &t) == 0;
}

static void conflict_record(struct vc_ctx *ctx, const char *id, const char *holder, const char *blocked,
			    const char *error, enum vc_severity sev)
{
	struct vc_val *o = vc_arr_push(ctx->conflicts, vc_obj());

	vc_obj_set(o, "id", vc_str(id));
	vc_obj_set(o, "holder", vc_str(holder));
	vc_obj_set(o, "blocked", vc_str(blocked));
	vc_obj_set(o, "error", vc_str(error));
	vc_obj_set(o, "severity", vc_str(vc_severity_name(sev)));
}

/* KVM holds VT and a VirtualBox that needs it free is installed. */
static void kvm_blocks_virtualbox(struct vc_ctx *ctx, const struct inputs *in, struct buf *headline)
{
	const char *err = in->amd ? "VERR_SVM_IN_USE" : "VERR_VMX_IN_VMX_ROOT_MODE";
	const char *vm = in->vendor_module;
	bool at_load = kvm_at_load(in);
	struct buf kvms = { 0 }, b = { 0 };
	struct vc_finding *f;
	enum vc_severity sev = at_load ? VC_SEV_ERROR : VC_SEV_WARNING;

	vm_list(in, "kvm", &kvms);
	f = vc_finding(ctx, sev, "conflict.kvm_blocks_virtualbox", NULL,
		       "%s holds %s%s: VirtualBox%s%s VMs fail to start with %s (%d)%s.", label("kvm"),
		       vt_name(in), at_load ? " from the moment it is loaded" : " while its VMs run",
		       in->vbox_ver ? " " : "", in->vbox_ver ? in->vbox_ver : "", err,
		       in->amd ? -4054 : -4011, at_load ? ", even when no KVM VM runs" : "");
	buf_printf(headline, "; VirtualBox%s%s VMs will fail with %s", in->vbox_ver ? " " : "",
		   in->vbox_ver ? in->vbox_ver : "", err);
	conflict_record(ctx, "conflict.kvm_blocks_virtualbox", "kvm", "virtualbox", err, sev);
	if (kvms.data)
		vc_finding_evidence(f, "KVM VMs running: %s", kvms.data);
	vc_finding_evidence(f, "module %s %s; kernel %s; kvm.enable_virt_at_load=%s", vm, in->vendor_state,
			    vc_get_str(ctx->host_facts, "kernel"),
			    in->virt_at_load ? in->virt_at_load : "(none: kernel before 6.12)");

	if (kvms.data)
		vc_finding_remedy(f, "temporary", false,
				  "Shut the KVM VMs down first (from their own console or `virsh shutdown "
				  "NAME`; virtcheck never kills them): %s",
				  kvms.data);
	if (!at_load) {
		buf_free(&kvms);
		return; /* before 6.12 (or with =N) nothing else is needed */
	}
	if (in->kvm_builtin) {
		cmdline_steps(in, &b, "kvm.enable_virt_at_load=0");
		vc_finding_remedy(f, "persistent", true,
				  "KVM is built into this kernel and cannot be unloaded: let it take %s only "
				  "while its VMs run: %s",
				  vt_name(in), b.data);
	} else {
		vc_finding_remedy(f, "temporary", false,
				  "sudo modprobe -r %s kvm   (KVM is unavailable until `sudo modprobe %s`)",
				  vm, vm);
		vc_finding_remedy(f, "persistent", false,
				  "Keep both usable, one at a time: echo 'options kvm enable_virt_at_load=0' "
				  "| sudo tee /etc/modprobe.d/kvm-virtualbox.conf && sudo modprobe -r %s kvm "
				  "&& sudo modprobe %s   (KVM then takes %s only while its VMs run)",
				  vm, vm, vt_name(in));
		vc_finding_remedy(f, "persistent", false,
				  "Or give up KVM: printf 'blacklist %s\\nblacklist kvm\\n' | sudo tee "
				  "/etc/modprobe.d/blacklist-kvm.conf && sudo modprobe -r %s kvm",
				  vm, vm);
	}
	buf_free(&b);
	if (in->vbox_code && in->vbox_code < KVER(7, 2, 10))
		vc_finding_remedy(f, "persistent", false,
				  "When you upgrade to VirtualBox 7.2.10 or later, remove "
				  "enable_virt_at_load=0 again: those versions need it =1 (or KVM unloaded) "
				  "and otherwise fail with VERR_SVM_HOST_SVME_NOT_ENABLED.");
	if (vagrant(in))
		vc_finding_remedy(
			f, "temporary", false,
			"Vagrant is installed: `vagrant up --provider=libvirt` runs the box on KVM instead.");
	buf_free(&kvms);
}

/* VirtualBox 7.2.10+ needs KVM to have switched VT on (or KVM gone); =0 breaks it. */
static void virt_at_load_off(struct vc_ctx *ctx, const struct inputs *in, struct buf *headline)
{
	struct vc_finding *f;
	bool loaded_off = vendor_vt(in) && streq_ptr(in->virt_at_load, "N");
	enum vc_severity sev = loaded_off ? VC_SEV_ERROR : VC_SEV_WARNING;

	if (loaded_off) {
		f = vc_finding(ctx, sev, "conflict.virtualbox_needs_virt_at_load", NULL,
			       "VirtualBox %s runs next to KVM only when KVM switched %s on at load, but %s "
			       "is loaded with kvm.enable_virt_at_load=N%s%s: VirtualBox VMs fail with %s.",
			       in->vbox_ver, vt_name(in), in->vendor_module,
			       in->virt_conf_by ? ", set by " : "", in->virt_conf_by ? in->virt_conf_by : "",
			       in->amd ? "VERR_SVM_HOST_SVME_NOT_ENABLED (-4074)"
				       : "an error that VT-x is not enabled by the host");
		buf_printf(headline, "; VirtualBox %s VMs will fail with %s", in->vbox_ver,
			   in->amd ? "VERR_SVM_HOST_SVME_NOT_ENABLED" : "a VT-x not enabled error");
		conflict_record(ctx, "conflict.virtualbox_needs_virt_at_load", "kvm", "virtualbox",
				in->amd ? "VERR_SVM_HOST_SVME_NOT_ENABLED" : NULL, sev);
	} else {
		f = vc_finding(
			ctx, sev, "virtualbox.stale_override", NULL,
			"kvm.enable_virt_at_load=0 is configured (%s), a fix for VirtualBox 7.1 and older; "
			"VirtualBox %s needs the opposite and will fail with %s as soon as %s is loaded.",
			in->virt_conf_by ? in->virt_conf_by : "?", in->vbox_ver,
			in->amd ? "VERR_SVM_HOST_SVME_NOT_ENABLED" : "a VT-x not enabled error",
			in->amd ? "kvm_amd" : "kvm_intel");
	}
	if (in->virt_conf_by)
		vc_finding_evidence(f, "%s: kvm enable_virt_at_load=0", in->virt_conf_by);
	vc_finding_evidence(f, "VirtualBox %s (7.2.10 or later)", in->vbox_ver);
	if (in->virt_conf_by && strcmp(in->virt_conf_by, "/proc/cmdline") != 0) {
		char file[256];

		snprintf(file, sizeof(file), "%.*s", (int)strcspn(in->virt_conf_by, ":"), in->virt_conf_by);
		if (loaded_off)
			vc_finding_remedy(f, "persistent", false,
					  "Remove the line with enable_virt_at_load=0 from %s (`sudoedit "
					  "%s`), then reload "
					  "KVM when no VM runs: sudo modprobe -r %s kvm && sudo modprobe %s",
					  file, file, in->vendor_module, in->vendor_module);
		else
			vc_finding_remedy(
				f, "persistent", false,
				"Remove the line with enable_virt_at_load=0 from %s (`sudoedit %s`)", file,
				file);
	} else if (in->virt_conf_by) {
		struct buf b = { 0 };

		buf_printf(&b, "Remove kvm.enable_virt_at_load=0 from the kernel command line: ");
		cmdline_steps(in, &b, "(without kvm.enable_virt_at_load=0)");
		vc_finding_remedy(f, "persistent", true, "%s", b.data);
		buf_free(&b);
	}
	if (loaded_off && !in->kvm_builtin)
		vc_finding_remedy(f, "temporary", false,
				  "Or unload KVM while you use VirtualBox: sudo modprobe -r %s kvm",
				  in->vendor_module);
}

/* VirtualBox or VMware VMs hold VT: KVM cannot create VMs (or load, on 6.12+). */
static void foreign_blocks_kvm(struct vc_ctx *ctx, const struct inputs *in, const char *holder,
			       struct buf *headline)
{
	char id[64];
	struct buf vms = { 0 };
	struct vc_finding *f;
	enum vc_severity sev = in->kvm_busy ? VC_SEV_ERROR : VC_SEV_WARNING;

	snprintf(id, sizeof(id), "conflict.%s_blocks_kvm", holder);
	vm_list(in, holder, &vms);
	f = vc_finding(ctx, sev, id, NULL,
		       "%s VMs hold %s: KVM cannot create VMs while they run (QEMU: \"ioctl(KVM_CREATE_VM) "
		       "failed: 16 Device or resource busy\")%s.",
		       label(holder), vt_name(in),
		       in->kver >= KVER(6, 12, 0) && !vendor_vt(in)
			       ? ", and on this kernel kvm_intel/kvm_amd fail to load (\"kvm: enabling "
				 "virtualization on CPU0 failed\")"
			       : "");
	buf_printf(headline, "; KVM VMs will fail with KVM_CREATE_VM: EBUSY");
	conflict_record(ctx, id, holder, "kvm", "EBUSY", sev);
	if (vms.data) {
		vc_finding_evidence(f, "%s VMs: %s", label(holder), vms.data);
		vc_finding_remedy(
			f, "temporary", false,
			"Shut the %s VMs down before starting KVM VMs (%s; virtcheck never kills them): %s",
			label(holder),
			strcmp(holder, "virtualbox") ? "from VMware's UI or `vmrun stop VMX soft`"
						     : "`VBoxManage controlvm NAME acpipowerbutton`",
			vms.data);
	}
	if (vagrant(in) && !strcmp(holder, "virtualbox"))
		vc_finding_remedy(f, "temporary", false,
				  "Vagrant is installed: keep this project on VirtualBox with `vagrant up "
				  "--provider=virtualbox` while those VMs run.");
	buf_free(&vms);
}

static void conflicts(struct vc_ctx *ctx, const struct inputs *in, const char *owner, struct buf *headline)
{
	bool vbox_needs_free = in->vbox_installed && !in->vbox_kvm_backend && !vbox_shares_kvm(in);
	bool kvm_holds = vendor_vt(in) && (kvm_at_load(in) || in->vms_kvm > 0);

	if (in->fw_disabled || in->wsl2)
		return;
	if (kvm_holds && vbox_needs_free && (streq_ptr(owner, "kvm") || in->vms_kvm > 0))
		kvm_blocks_virtualbox(ctx, in, headline);
	/* configured =0 (a stale 7.1 recipe), or a loaded module running with it */
	if (in->vbox_installed && vbox_shares_kvm(in) &&
	    (streq_ptr(in->virt_conf, "N") || (vendor_vt(in) && streq_ptr(in->virt_at_load, "N"))))
		virt_at_load_off(ctx, in, headline);
	if (in->vbox_installed && vbox_shares_kvm(in) && kvm_at_load(in) && !in->vbox_kvm_backend) {
		vc_finding(ctx, VC_SEV_INFO, "virtualbox.shares_kvm", NULL,
			   "VirtualBox %s uses the %s state KVM switched on at load: its VMs run while %s "
			   "stays loaded (but not at the same time as KVM VMs).",
			   in->vbox_ver, vt_name(in), in->vendor_module);
		buf_printf(headline, "; VirtualBox %s runs alongside it", in->vbox_ver);
	}
	if (in->vbox_installed && vbox_shares_kvm(in) && kvm_at_load(in) && in->vms_kvm > 0 &&
	    in->vms_vbox > 0) {
		struct vc_finding *f = vc_finding(
			ctx, VC_SEV_WARNING, "conflict.concurrent_vms", NULL,
			"KVM and VirtualBox %s VMs run at the same time: VirtualBox 7.2.10+ shares "
			"KVM's %s state, but running both at once still fails (QEMU: \"KVM: entry "
			"failed, hardware error 0x0\").",
			in->vbox_ver, vt_name(in));

		vc_finding_remedy(f, "temporary", false, "Run the VMs of one hypervisor at a time.");
		conflict_record(ctx, "conflict.concurrent_vms", "kvm", "virtualbox",
				"KVM: entry failed, hardware error 0x0", VC_SEV_WARNING);
	}
	if (streq_ptr(owner, "virtualbox") && (vendor_vt(in) || in->kvm_busy))
		foreign_blocks_kvm(ctx, in, "virtualbox", headline);
	if (streq_ptr(owner, "vmware") && (vendor_vt(in) || in->kvm_busy))
		foreign_blocks_kvm(ctx, in, "vmware", headline);
	if (in->vmware && kvm_at_load(in)) {
		struct vc_finding *f =
			vc_finding(ctx, VC_SEV_ERROR, "conflict.kvm_blocks_vmware", NULL,
				   "KVM holds %s from the moment it is loaded: VMware VMs fail to power on.",
				   vt_name(in));

		if (!in->kvm_builtin)
			vc_finding_remedy(f, "temporary", false, "sudo modprobe -r %s kvm",
					  in->vendor_module);
		vc_finding_remedy(f, "persistent", false,
				  "echo 'options kvm enable_virt_at_load=0' | sudo tee "
				  "/etc/modprobe.d/kvm-vmware.conf, then reload KVM when no VM runs");
		conflict_record(ctx, "conflict.kvm_blocks_vmware", "kvm", "vmware", NULL, VC_SEV_ERROR);
		buf_printf(headline, "; VMware VMs will fail to power on");
	}
}

/* The answer in one line; conflicts() appends who fails and with which error. */
static void headline(const struct inputs *in, const struct rule *match, const char *hv, const char *backend,
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
	else if (!strcmp(hv, "none"))
		buf_printf(b, "%s is free", vt_name(in));
	else if (backend)
		buf_printf(b, "%s is held by %s (%s%s)", vt_name(in), label(hv), backend,
			   !strcmp(rule, "kvm_holds_at_load")
				   ? in->kvm_builtin ? ", built in, since boot" : ", loaded at boot"
			   : strstr(rule, "vms_running") ? ", VMs running"
							 : "");
	else if (!strcmp(rule, "nested_without_vt"))
		buf_printf(
			b,
			"%s is held by %s (the outer hypervisor: this is a VM without nested virtualization)",
			vt_name(in), label(hv));
	else
		buf_printf(b, "%s is held by %s", vt_name(in), label(hv));
}

void vc_verdict(struct vc_ctx *ctx)
{
	struct inputs in;
	const struct rule *match = NULL;
	const char *hv = "unknown", *backend = NULL;
	struct buf head = { 0 };
	struct vc_val *ev;

	gather(ctx, &in);
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
			hv = in.vbox_driver ? "virtualbox" : in.vmware ? "vmware" : "unknown";
			backend = in.vbox_driver ? "vboxdrv" : in.vmware ? "vmmon" : in.unknown_oot;
			break;
		case W_OUTER:
			hv = outer_owner(in.hv);
			break;
		case W_SVME:
			/* SVM is on: whoever can hold it now, most specific first */
			if (in.kvm_busy && !in.vbox_driver && !in.vmware) {
				/* KVM itself is refused: someone virtcheck does not know holds it */
				hv = "unknown";
				backend = in.unknown_oot;
			} else if (in.kvm_busy) {
				hv = in.vbox_driver ? "virtualbox" : "vmware";
				backend = in.vbox_driver ? "vboxdrv" : "vmmon";
			} else if (vendor_vt(&in) && (kvm_at_load(&in) || in.vms_kvm > 0)) {
				hv = "kvm";
				backend = in.vendor_module;
			} else if (in.vbox_driver && (in.vms_vbox > 0 || !vendor_vt(&in))) {
				hv = "virtualbox";
				backend = "vboxdrv";
			} else if (in.vmware) {
				hv = "vmware";
				backend = "vmmon";
			} else if (vendor_vt(&in)) {
				hv = "kvm";
				backend = in.vendor_module;
			}
			break;
		}
	}

	headline(&in, match, hv, backend, &head);
	conflicts(ctx, &in, hv, &head);

	vc_obj_set(ctx->owner, "hypervisor", vc_str(hv));
	vc_obj_set(ctx->owner, "backend", vc_str(backend));
	vc_obj_set(ctx->owner, "confidence",
		   vc_str(match ? (!strcmp(match->id, "firmware_disabled") && in.fw_definitive
					   ? "definitive"
					   : match->confidence)
				: "unknown"));
	vc_obj_set(ctx->owner, "rule", match ? vc_str(match->id) : vc_null());
	vc_obj_set(ctx->owner, "headline", vc_str(head.data));
	vc_obj_set(ctx->owner, "summary",
		   vc_str(match ? match->summary : "Not enough evidence to say who holds VT-x/AMD-V."));
	ev = vc_obj_set(ctx->owner, "evidence", vc_arr());
	add_evidence(ev, &in);
	buf_free(&head);

	/* loading KVM cannot help while the firmware keeps VT off: replace that remedy */
	if (in.fw_disabled && vc_find(ctx, "kvm.not_loaded"))
		vc_finding(ctx, VC_SEV_INFO, "kvm.not_loaded", NULL,
			   "KVM is not loaded, and cannot be until %s is enabled in the firmware setup.",
			   vt_name(&in));

	/* Our own machines, the case kvm-ok gets wrong: replaces the CPUID probe's note. */
	if (match && !strcmp(match->id, "kvm_pvm") && in.kvm_usable && streq_ptr(in.vt, "none"))
		vc_finding(ctx, VC_SEV_INFO, "cpuid.vt_not_exposed", NULL,
			   "VT-x/AMD-V is not exposed in CPUID because this host is itself a %s guest; "
			   "/dev/kvm works anyway, served by kvm_pvm, which runs guests without hardware "
			   "virtualization. Checkers that only look at CPU flags (kvm-ok, "
			   "virt-host-validate) wrongly say KVM cannot be used here.",
			   in.hv ? in.hv : "virtual machine");
}
