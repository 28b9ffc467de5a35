/* virtcheck switch: the plan from the report's facts, and its careful execution with rollback. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/act/switch.h"
#include "lib/model/remedies.h"
#include "lib/verdict/knowledge.h"

/* Removal orders: dependents first. Loading goes the other way. */
static const char *const vbox_mods[] = { "vboxpci", "vboxnetadp", "vboxnetflt", "vboxdrv" };
static const char *const vmware_mods[] = { "vmnet", "vmmon" };

static const char *const target_names[] = { "kvm", "virtualbox", "vmware", "none" };

const char *vc_switch_target_name(enum vc_switch_target t)
{
	return t < _VC_TO_MAX ? target_names[t] : "?";
}

int vc_switch_target_from_name(const char *s, enum vc_switch_target *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(target_names); i++)
		if (strcmp(s, target_names[i]) == 0) {
			*t = (enum vc_switch_target)i;
			return 0;
		}
	return -EINVAL;
}

static bool is(struct vc_ctx *ctx, const char *mod, enum vc_modstate state)
{
	return vc_facts_modstate(&ctx->facts, mod) == state;
}

static bool present(struct vc_ctx *ctx, const char *mod)
{
	return vc_facts_loaded(&ctx->facts, mod);
}

_printf_(2, 3) static void line(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
	buf_append(b, "\n", 1);
}

/* One reason to refuse a switch: "- TEXT", its further lines indented under it. Every printer of a
 * refusal (the plan, --status, a real run) shows these lines as they are. */
_printf_(2, 3) static void reason(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	buf_append(b, "- ", 2);
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
	buf_append(b, "\n", 1);
}

/* No VT-x/AMD-V for who: in a virtual machine (the CPUID hypervisor bit, WSL) the outer hypervisor
 * must expose it, which no module load here changes (the report's kvm.unavailable says how). */
static void no_vt_reason(struct buf *b, const struct vc_facts *f, const char *who)
{
	if (!f->cpuid.available)
		reason(b, "This CPU shows no VT-x/AMD-V (no CPUID data): %s cannot run VMs here.", who);
	else if (f->environment.confidential_guest)
		reason(b,
		       "This CPU shows no VT-x/AMD-V: this is a confidential guest (%s), which no outer "
		       "hypervisor can give nested virtualization, so %s cannot run VMs here.",
		       f->environment.confidential_guest, who);
	else if (f->cpuid.hypervisor_bit || f->environment.wsl)
		reason(b,
		       "This CPU shows no VT-x/AMD-V: this is a virtual machine (%s) whose outer "
		       "hypervisor exposes none, so %s cannot run VMs here until nested virtualization "
		       "is enabled outside it (the report's kvm.unavailable says how).",
		       f->environment.product ? f->environment.product : "outer hypervisor unknown", who);
	else
		reason(b, "This CPU shows no VT-x/AMD-V (%s): %s cannot run VMs here.",
		       vc_vt_name(f->cpuid.vt), who);
}

/* Running VMs of one hypervisor, and how to stop each cleanly (never killed by us). */
static bool running_vms(struct vc_ctx *ctx, enum vc_hv hv, struct buf *b)
{
	struct vc_vm_proc vms[32];
	size_t n = vc_facts_running_vms(&ctx->facts, hv, vms, ARRAY_SIZE(vms));

	for (size_t i = 0; i < n; i++)
		line(b, "  pid %lld (%s): %s", vms[i].pid, vms[i].comm,
		     hv == VC_HV_KVM
			     ? "stop it from inside the guest, or `virsh shutdown NAME` for libvirt domains"
		     : hv == VC_HV_VIRTUALBOX ? "`VBoxManage controlvm NAME savestate` (or acpipowerbutton)"
					      : "`vmrun suspend /path/to/VM.vmx` (or stop it in VMware)");
	return n > 0;
}

static void add(const char **arr, size_t *n, const char *mod)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(arr[i], mod) == 0)
			return;
	if (*n < VC_SW_MAX_MODS)
		arr[(*n)++] = mod;
}

static void add_load(struct vc_switch_plan *p, const char *mod, const char *options)
{
	if (p->nload < VC_SW_MAX_MODS) {
		p->load_options[p->nload] = options ? xstrdup(options) : NULL;
		p->load[p->nload++] = mod;
	}
}

/* The kernel command line remedy for a built-in KVM, on this host's boot loader. */
static void builtin_remedy(struct vc_ctx *ctx, struct buf *b, const char *vendor, bool at_load_kernel)
{
	const char *param = at_load_kernel		   ? "kvm.enable_virt_at_load=0"
			    : streq_ptr(vendor, "kvm_amd") ? "initcall_blacklist=svm_init"
							   : "initcall_blacklist=vmx_init";
	struct buf steps = { 0 };

	reason(b,
	       "KVM is built into this kernel: it cannot be unloaded, so there is nothing to switch at run "
	       "time.");
	if (at_load_kernel)
		line(b,
		     "  On Linux 6.12+ it holds VT-x/AMD-V from boot; with %s it takes it only while its own "
		     "VMs run (or %s keeps %s from starting at all).",
		     param,
		     streq_ptr(vendor, "kvm_amd") ? "initcall_blacklist=svm_init"
						  : "initcall_blacklist=vmx_init",
		     vendor ? vendor : "the vendor part");
	else
		line(b, "  %s keeps %s from starting at boot.", param,
		     vendor ? vendor : "the vendor part of KVM");
	vc_remedy_cmdline(&steps, &ctx->facts, param);
	line(b, "  Persist it: %s.", steps.data);
	buf_free(&steps);
}

/* What else loads these modules at boot, and how the initramfs gets the new modprobe.d file. */
static void persistence_notes(struct vc_ctx *ctx, struct vc_switch_plan *p, struct buf *b)
{
	static const struct {
		const char *unit, *family;
	} units[] = {
		{ "/lib/systemd/system/vboxdrv.service", "virtualbox" },
		{ "/usr/lib/systemd/system/vboxdrv.service", "virtualbox" },
		{ "/lib/systemd/system/vmware.service", "vmware" },
		{ "/usr/lib/systemd/system/vmware.service", "vmware" },
	};
	const char *file = strrchr(VC_SWITCH_CONF, '/') + 1;
	struct buf lists = { 0 }, cmd = { 0 };
	enum vc_ftype t;

	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		const char *base = strrchr(units[i].unit, '/') + 1;
		bool removing = (p->target != VC_TO_VIRTUALBOX && !strcmp(units[i].family, "virtualbox")) ||
				(p->target != VC_TO_VMWARE && !strcmp(units[i].family, "vmware"));

		if (removing && vc_host_stat(ctx->host, units[i].unit, &t) == 0)
			line(b,
			     "%s loads its modules explicitly at boot, which a blacklist does not stop: "
			     "`sudo systemctl disable %s`.",
			     base, base);
	}
	if (p->etc_generated) {
		/* nothing in /etc/modprobe.d lasts there: the configuration says it */
		buf_printf(b, "virtcheck writes no %s here. ", VC_SWITCH_CONF);
		vc_remedy_nixos_modprobe(b, p->persistent);
		return;
	}
	/* the distro probe read which modules the initramfs configuration lists */
	vc_remedy_initramfs_lists(&lists, &ctx->facts, p->remove, p->nremove);
	vc_remedy_initramfs(&cmd, &ctx->facts, file);
	if (lists.len) {
		line(b,
		     "The initramfs holds modules this switch removes (%s): it loads them, with its own "
		     "copy of /etc/modprobe.d, before the root file system is there. Remove them from "
		     "that list, then: %s.",
		     lists.data, cmd.data);
	} else {
		line(b,
		     "No initramfs configuration lists these modules, so the blacklist applies from the "
		     "root file system as it is. The initramfs keeps its own copy of /etc/modprobe.d: if "
		     "it holds them another way, bring %s into it: %s.",
		     file, cmd.data);
	}
	buf_free(&lists);
	buf_free(&cmd);
}

/* The report's finding id with its remedies, as the refusal or a note carries them ("  fix (KIND):
 * STEPS" a line); false when the report has none. */
static bool finding_remedies(struct vc_ctx *ctx, const char *id, struct buf *b)
{
	for (size_t i = 0; id && i < ctx->findings.n; i++) {
		const struct vc_finding *fd = &ctx->findings.v[i];

		if (strcmp(fd->id, id) != 0 || !fd->remedies.n)
			continue;
		for (size_t r = 0; r < fd->remedies.n; r++)
			line(b, "  fix (%s%s): %s", vc_remedy_kind_name(fd->remedies.v[r].kind),
			     fd->remedies.v[r].reboot ? ", needs a reboot" : "", fd->remedies.v[r].steps);
		return true;
	}
	return false;
}

/* The report's remedies of the finding a knowledge row names (they are computed for this host: the
 * signing commands with its key, the kernel parameter for its boot loader), else the row's own. */
static void row_remedies(struct vc_ctx *ctx, const struct vc_knowledge *k, struct buf *b)
{
	if (!finding_remedies(ctx, k->finding, b) && k->remedy) {
		struct buf steps = { 0 };

		vc_knowledge_steps(&steps, k, &ctx->facts);
		line(b, "  fix: %s", steps.data);
		buf_free(&steps);
	}
}

/* The row about an unsigned driver holds on Secure Boot alone; the load is known to fail only when
 * the kernel log shows a refusal or the module is known to carry no signature. */
static bool unsigned_shown(const struct vc_facts *f, const struct vc_knowledge *k)
{
	if (k->subject == VC_KN_VMWARE)
		return f->vmware.vmmon_signed == VC_TRI_FALSE || f->vmware.refused.n > 0;
	return f->platform.kernel_log.module_rejected.n > 0;
}

/* The report raised finding id as an error: a driver it says cannot be built (a kernel newer than
 * the support table's, a likely row) is refused here as well, so the two agree. */
static bool reported_error(const struct vc_ctx *ctx, const char *id)
{
	for (size_t i = 0; i < ctx->findings.n; i++)
		if (!strcmp(ctx->findings.v[i].id, id) && ctx->findings.v[i].severity == VC_SEV_ERROR)
			return true;
	return false;
}

/* The target's driver, loaded already or as it is on disk, is one the report says its VMs fail with
 * for a reason no module switch changes: a row about the driver (not about KVM's state, which the
 * switch does change) that holds here and whose finding the report raises as an error. An older
 * vboxdrv than the installed VirtualBox (it must be rebuilt, then reloaded: virtcheck builds no
 * driver, and reloading the old module brings the same one back), a vmmon built for another
 * Workstation (loaded, or built from the other release's sources and not loaded: loading it brings
 * the mismatch), a 6.15+ kernel built without KVM: neither "nothing to do" nor a load would help,
 * so the switch is refused with the report's remedy for it, as the report gives it. */
static void driver_fails(struct vc_ctx *ctx, enum vc_kn_subject subject, const char *driver,
			 struct buf *refuse)
{
	/* a driver not loaded: its rows that say it cannot be built or loaded are driver_knowledge's */
	bool loaded = present(ctx, driver);
	const unsigned outs =
		VC_KN_OUT(VC_KN_FAILS) | (loaded ? VC_KN_OUT(VC_KN_NO_BUILD) | VC_KN_OUT(VC_KN_NO_LOAD) : 0);
	struct buf running = { 0 };

	vc_facts_running_linux(&ctx->facts, &running);
	for (size_t i = 0; i < vc_nknowledge; i++) {
		const struct vc_knowledge *k = &vc_knowledge[i];

		if (k->subject != subject || !(outs & VC_KN_OUT(k->outcome)) || k->kvm != VC_KN_KVM_ANY ||
		    !k->finding || !reported_error(ctx, k->finding) || !vc_knowledge_holds(k, &ctx->facts))
			continue;
		reason(refuse,
		       "%s %s, but on %s it does not run VMs, and no module switch changes that "
		       "(virtcheck loads the modules on disk and builds none): %s",
		       driver, loaded ? "is loaded" : "would load as it is on disk", running.data, k->says);
		row_remedies(ctx, k, refuse);
		break;
	}
	buf_free(&running);
}

/* What the knowledge table says of the target's driver on this host, before loading it: it cannot
 * be built or loaded here (an established row, or a refusal the kernel log shows), or starting a VM
 * panics the host (FRED). Those refuse a switch that would load it, with the report's remedies; a
 * row that only may hold is a note with them, and the load is tried (a failed load is rolled back). */
static void driver_knowledge(struct vc_ctx *ctx, enum vc_kn_subject subject, const char *driver,
			     const char *product, struct buf *refuse, struct buf *notes)
{
	const struct vc_facts *f = &ctx->facts;
	const struct vc_knowledge *k = NULL, *crash = vc_knowledge_fred_crash(f, subject);
	bool sure;

	if (!present(ctx, driver))
		k = vc_knowledge_first(f, subject, VC_KN_OUT(VC_KN_NO_BUILD) | VC_KN_OUT(VC_KN_NO_LOAD),
				       VC_KN_KVM_ANY);
	driver_fails(ctx, subject, driver, refuse);
	/* "installed, not loaded" with no reason known is what the switch itself mends */
	if (k && (!k->finding || endswith(k->finding, ".driver_not_loaded")))
		k = NULL;
	if (k) {
		struct buf running = { 0 };
		bool nb = k->outcome == VC_KN_NO_BUILD;

		sure = (k->confidence == VC_KN_ESTABLISHED || (nb && reported_error(ctx, k->finding))) &&
		       (!endswith(k->finding, ".unsigned_driver") || unsigned_shown(f, k));
		vc_facts_running_linux(f, &running);
		if (sure)
			reason(refuse, "%s %s on %s: %s", driver,
			       nb ? "is not built and cannot be loaded" : "cannot load", running.data,
			       k->says);
		else
			line(notes, "%s may not %s on %s (knowledge %s, %s): %s", driver,
			     nb ? "build" : "load", running.data, k->id, vc_kn_confidence_name(k->confidence),
			     k->says);
		buf_free(&running);
		row_remedies(ctx, k, sure ? refuse : notes);
	}
	if (crash) {
		sure = crash->confidence != VC_KN_UNCLEAR;
		/* already loaded, there is nothing to refuse: the note says it */
		if (sure && !present(ctx, driver))
			reason(refuse, "Starting a %s VM panics this host: %s", product, crash->says);
		else
			line(notes, "Starting a %s VM %s this host: %s", product,
			     sure ? "panics" : "may panic", crash->says);
		row_remedies(ctx, crash, sure && !present(ctx, driver) ? refuse : notes);
	}
}

/* A kvm_intel loaded with TDX on (its tdx parameter, Linux arch/x86/kvm/vmx/tdx.c) on a kernel where
 * core x86 counts the users of VMX: the table's x86_virt_refcount holds there. Unloading it may leave
 * VT-x on, so the plan says so rather than promise VT-x free. */
static void tdx_host_note(struct vc_ctx *ctx, struct buf *notes)
{
	const struct vc_knowledge *k = vc_knowledge_by_id("x86_virt_refcount");

	if (k && vc_knowledge_holds(k, &ctx->facts))
		line(notes, "kvm_intel runs with TDX on (tdx=Y): %s (knowledge %s, %s)", k->remedy, k->id,
		     vc_kn_confidence_name(k->confidence));
}

/* KVM is loaded (or comes with this plan), but the report says /dev/kvm is missing here, this user
 * cannot open it, or it refuses VMs: a CI job's container started without the device, a node
 * root:root 0660, a user namespace that maps its group away, a container or sandbox whose policy
 * refuses KVM_CREATE_VM. Modules do not make device nodes appear in a container nor change who may
 * open them, so with nothing else to do the switch is refused with the report's finding and
 * remedies; a plan that still has modules to change carries them as a note. A VM refused because
 * another hypervisor holds VT (EBUSY, EIO) is kvm.create_vm_busy, that hypervisor's matter. */
static void kvm_node_unusable(struct vc_ctx *ctx, struct vc_switch_plan *p, struct buf *refuse,
			      struct buf *notes)
{
	static const char *const ids[] = { "kvm.no_device", "kvm.no_access", "kvm.invoker_no_access",
					   "kvm.create_vm_failed", "kvm.create_vcpu_failed" };

	for (size_t n = 0; n < ARRAY_SIZE(ids); n++)
		for (size_t i = 0; i < ctx->findings.n; i++) {
			const struct vc_finding *fd = &ctx->findings.v[i];
			bool stop = !p->nremove && !p->nload;

			if (strcmp(fd->id, ids[n]) != 0 || fd->severity != VC_SEV_ERROR)
				continue;
			if (stop)
				reason(refuse,
				       "Switching modules does not help here (KVM is loaded already): %s",
				       fd->message);
			else
				line(notes, "After the switch KVM is still not usable here: %s", fd->message);
			finding_remedies(ctx, fd->id, stop ? refuse : notes);
			return;
		}
}

/* In a container or a sandbox the kernel modules are the host's (the report's environment.container
 * says its module remedies are the host's): a plan that would load or unload one is refused, to be
 * run on the host; one with nothing to change (and not refused) says what it cannot do from here. */
static void inside(const struct vc_ctx *ctx, enum vc_switch_target t, const struct vc_switch_plan *p,
		   struct buf *refuse, struct buf *notes)
{
	struct buf where = { 0 };

	if (!vc_facts_environment_name(&ctx->facts, &where))
		return;
	if (p->nremove || p->nload)
		reason(refuse,
		       "This runs inside a %s: kernel modules belong to the host, so no switch can "
		       "load or unload them from here. Run `sudo virtcheck switch %s` on the host.",
		       where.data, vc_switch_target_name(t));
	else if (!refuse->len)
		line(notes,
		     "This runs inside a %s: kernel modules belong to the host, and a switch from "
		     "here changes none of them (run `virtcheck switch` on the host for that).",
		     where.data);
	buf_free(&where);
}

int vc_switch_plan(struct vc_ctx *ctx, enum vc_switch_target t, struct vc_switch_plan *p)
{
	const struct vc_facts *f = &ctx->facts;
	const char *vendor = vc_facts_kvm_vendor_module(f);
	const char *vbox_ver = f->virtualbox.version;
	struct buf refuse = { 0 }, notes = { 0 }, conf = { 0 }, pnotes = { 0 }, running = { 0 };
	bool kvm_builtin = vc_facts_kvm_builtin(f);
	bool remove_kvm = t != VC_TO_KVM, remove_vbox = t != VC_TO_VIRTUALBOX,
	     remove_vmware = t != VC_TO_VMWARE;
	const char *virt = vc_facts_param(f, "kvm", "enable_virt_at_load");

	memset(p, 0, sizeof(*p));
	p->target = t;
	p->amd = streq_ptr(vendor, "kvm_amd");
	if ((t == VC_TO_VIRTUALBOX || t == VC_TO_VMWARE) && !vendor)
		no_vt_reason(&refuse, f, t == VC_TO_VIRTUALBOX ? "VirtualBox" : "VMware");
	/* the report's blocker (msr.vt_disabled_by_firmware): no driver load changes the firmware's lock */
	else if (t != VC_TO_NONE && vendor && vc_facts_firmware_disabled(f, NULL))
		reason(&refuse,
		       "%s is disabled by the firmware: no hypervisor can run VMs here until it is enabled "
		       "in the firmware setup (then reboot); loading %s would only fail.",
		       vc_vt_label(f->cpuid.vt),
		       t == VC_TO_KVM	       ? vendor
		       : t == VC_TO_VIRTUALBOX ? "vboxdrv"
					       : "vmmon");

	/* a VirtualBox that runs on top of a loaded KVM on this kernel (the knowledge table): keep KVM,
	 * with enable_virt_at_load on, as that version needs */
	if (t == VC_TO_VIRTUALBOX && vc_knowledge_vbox_shares_kvm(f)) {
		p->keep_kvm = true;
		remove_kvm = false;
		vc_facts_running_linux(f, &running);
		line(&notes, "VirtualBox %s on %s runs on top of a loaded KVM: KVM stays loaded.", vbox_ver,
		     running.data);
		buf_free(&running);
		if (streq_ptr(virt, "N") || streq_ptr(virt, "0")) {
			const char *by = f->platform.kvm_settings.kvm.enable_virt_at_load.configured_by;

			if (kvm_builtin) {
				reason(&refuse,
				       "kvm.enable_virt_at_load is off in the built-in KVM%s%s; VirtualBox "
				       "%s "
				       "needs it on: remove it from the kernel command line and reboot.",
				       by ? ", set by " : "", by ? by : "", vbox_ver);
			} else {
				/* reload KVM with it on */
				if (vendor && present(ctx, vendor))
					add(p->remove, &p->nremove, vendor);
				add(p->remove, &p->nremove, "kvm");
				add_load(p, "kvm", "enable_virt_at_load=1");
				if (vendor)
					add_load(p, vendor, NULL);
				line(&notes,
				     "kvm runs with enable_virt_at_load=N%s%s: it is reloaded with "
				     "enable_virt_at_load=1%s.",
				     by ? ", set by " : "", by ? by : "",
				     by ? "; remove that line, or the next boot brings it back" : "");
				struct buf vms = { 0 };

				if (running_vms(ctx, VC_HV_KVM, &vms)) {
					reason(&refuse,
					       "KVM must be reloaded, but KVM VMs are running. Stop them "
					       "first:");
					buf_printf(&refuse, "%s", vms.data);
				}
				buf_free(&vms);
			}
		}
	}

	/* the sides to remove: VMs running there are a refusal, named with how to stop them */
	struct {
		bool remove;
		enum vc_hv hv;
	} sides[] = { { remove_kvm, VC_HV_KVM },
		      { remove_vbox, VC_HV_VIRTUALBOX },
		      { remove_vmware, VC_HV_VMWARE } };
	for (size_t s = 0; s < ARRAY_SIZE(sides); s++) {
		struct buf vms = { 0 };

		if (sides[s].remove && running_vms(ctx, sides[s].hv, &vms)) {
			reason(&refuse, "%s VMs are running; virtcheck never stops a VM. Stop them first:",
			       vc_hv_label(sides[s].hv));
			buf_printf(&refuse, "%s", vms.data);
		}
		buf_free(&vms);
	}

	if (remove_kvm) {
		static const char *const kvm_mods[] = { "kvm_intel", "kvm_amd", "kvm_pvm", "kvm" };
		bool at_load = vc_facts_kvm_holds_at_load(f);

		if (kvm_builtin && t == VC_TO_NONE && !vendor) {
			reason(&refuse,
			       "KVM is built into this kernel and cannot be unloaded: no switching to "
			       "none here.");
		} else if (kvm_builtin && (t == VC_TO_NONE || at_load) && vendor) {
			/* "none" cannot be reached at all; other targets only while KVM holds VT */
			builtin_remedy(ctx, &refuse, vendor, at_load);
		} else if (kvm_builtin) {
			/* an idle built-in KVM that takes VT only for its VMs is no obstacle */
			line(&notes, "KVM is built in and cannot be unloaded; on this kernel it takes "
				     "VT-x/AMD-V only while its VMs run, so it is left as it is.");
		}
		for (size_t i = 0; i < ARRAY_SIZE(kvm_mods); i++)
			if (is(ctx, kvm_mods[i], VC_MOD_LIVE) || is(ctx, kvm_mods[i], VC_MOD_COMING))
				add(p->remove, &p->nremove, kvm_mods[i]);
		tdx_host_note(ctx, &notes);
	}
	if (remove_vbox)
		for (size_t i = 0; i < ARRAY_SIZE(vbox_mods); i++) {
			if (is(ctx, vbox_mods[i], VC_MOD_LIVE) || is(ctx, vbox_mods[i], VC_MOD_COMING))
				add(p->remove, &p->nremove, vbox_mods[i]);
			else if (is(ctx, vbox_mods[i], VC_MOD_BUILTIN))
				reason(&refuse, "%s is built into the kernel and cannot be unloaded.",
				       vbox_mods[i]);
		}
	if (remove_vmware)
		for (size_t i = 0; i < ARRAY_SIZE(vmware_mods); i++)
			if (is(ctx, vmware_mods[i], VC_MOD_LIVE) || is(ctx, vmware_mods[i], VC_MOD_COMING))
				add(p->remove, &p->nremove, vmware_mods[i]);

	/* what to load */
	_cleanup_(freep) char *saved_text = NULL;
	if (vc_host_read(ctx->host, VC_SWITCH_PARAMS, 1u << 16, &saved_text, NULL) == 0)
		p->params_file = xstrdup(saved_text);
	switch (t) {
	case VC_TO_KVM:
		/* something virtcheck cannot unload holds VT: loading KVM would not help */
		if (f->kvm.captured && vc_kvm_busy_errno(f->kvm.create_vm, f->kernel) &&
		    !present(ctx, "vboxdrv") && !present(ctx, "vmmon")) {
			const struct vc_strv *oot = &f->modules.unknown_out_of_tree;
			struct buf s = { 0 };

			for (size_t i = 0; i < oot->n; i++)
				buf_printf(&s, "%s%s", i ? ", " : "", oot->v[i]);
			reason(&refuse,
			       "Something virtcheck does not manage holds VT-x/AMD-V: KVM_CREATE_VM fails "
			       "with %s.%s%s%s",
			       f->kvm.create_vm == EIO ? "EIO" : "EBUSY",
			       s.data ? " Suspects (out-of-tree modules): " : "", s.data ? s.data : "",
			       s.data ? ". Unload it (`sudo rmmod NAME`, after stopping its VMs), then "
					"switch "
					"again."
				      : "");
			buf_free(&s);
		}
		if (!vendor && !present(ctx, "kvm_pvm"))
			no_vt_reason(&refuse, f, "KVM's kvm_intel/kvm_amd");
		else if (vendor && !present(ctx, vendor)) {
			/* kvm first, on its own: loaded as the vendor module's dependency it would lose
			 * the parameters it had (kvm.enable_virt_at_load on 6.12+) */
			if (!present(ctx, "kvm"))
				add_load(p, "kvm", NULL);
			add_load(p, vendor, NULL);
		}
		p->expect_node = "/dev/kvm";
		break;
	case VC_TO_VIRTUALBOX:
		if (!f->virtualbox.installed)
			reason(&refuse, "VirtualBox is not installed: there is nothing to switch to.");
		else
			driver_knowledge(ctx, VC_KN_VBOXDRV, "vboxdrv", "VirtualBox", &refuse, &notes);
		for (size_t i = ARRAY_SIZE(vbox_mods); i-- > 0;)
			if (strcmp(vbox_mods[i], "vboxpci") != 0 && !present(ctx, vbox_mods[i]))
				add_load(p, vbox_mods[i], NULL);
		p->expect_node = "/dev/vboxdrv";
		break;
	case VC_TO_VMWARE: {
		enum vc_ftype ft;

		if (!present(ctx, "vmmon") && vc_host_stat(ctx->host, "/usr/lib/vmware", &ft) < 0)
			reason(&refuse, "VMware Workstation/Player is not installed (no /usr/lib/vmware): "
					"there is nothing to switch to.");
		else
			driver_knowledge(ctx, VC_KN_VMWARE, "vmmon", "VMware", &refuse, &notes);
		for (size_t i = ARRAY_SIZE(vmware_mods); i-- > 0;)
			if (!present(ctx, vmware_mods[i]))
				add_load(p, vmware_mods[i], NULL);
		p->expect_node = "/dev/vmmon";
		break;
	}
	default:
		break;
	}
	/* modules coming back get the parameters they had when a switch removed them */
	for (size_t i = 0; p->params_file && i < p->nload; i++) {
		char *copy = xstrdup(p->params_file), *cur = copy, *l;
		size_t ml = strlen(p->load[i]);

		while ((l = next_line(&cur)))
			if (!p->load_options[i] && !strncmp(l, p->load[i], ml) && l[ml] == ' ' && l[ml + 1]) {
				p->load_options[i] = xstrdup(l + ml + 1);
				line(&notes,
				     "%s is loaded with %s, its parameters when virtcheck switch removed it "
				     "(%s).",
				     p->load[i], l + ml + 1, VC_SWITCH_PARAMS);
			}
		free(copy);
	}
	if (t == VC_TO_KVM)
		kvm_node_unusable(ctx, p, &refuse, &notes);
	inside(ctx, t, p, &refuse, &notes);
	p->nothing_to_do = !p->nremove && !p->nload && !refuse.len;
	if (refuse.len) {
		p->refuse = VC_SW_REFUSED;
		p->refusal = refuse.data;
	}

	/* --persistent: what must not load on its own after the next boot */
	buf_printf(
		&conf,
		"# Written by `virtcheck switch --persistent %s`: hypervisor modules that must not\n"
		"# load on their own (udev, aliases). Explicit loads still work.\n"
		"# Undo with: virtcheck switch --forget (the previous file is kept as virtcheck.conf.bak)\n",
		vc_switch_target_name(t));
	if (remove_kvm && !kvm_builtin) {
		if (vendor)
			buf_printf(&conf, "blacklist %s\n", vendor);
		buf_printf(&conf, "blacklist kvm\n");
	}
	if (remove_vbox)
		for (size_t i = 0; i < ARRAY_SIZE(vbox_mods); i++)
			buf_printf(&conf, "blacklist %s\n", vbox_mods[i]);
	if (remove_vmware)
		for (size_t i = 0; i < ARRAY_SIZE(vmware_mods); i++)
			buf_printf(&conf, "blacklist %s\n", vmware_mods[i]);
	if (p->keep_kvm)
		buf_printf(&conf,
			   "# VirtualBox %s needs KVM to switch VT-x/AMD-V on at load:\noptions kvm "
			   "enable_virt_at_load=1\n",
			   vbox_ver);
	p->persistent = conf.data;
	/* NixOS generates /etc/modprobe.d (the knowledge row modprobe_nixos) */
	p->etc_generated = vc_knowledge_remedy_is(f, "modprobe_nixos");
	persistence_notes(ctx, p, &pnotes);
	p->persistent_notes = pnotes.data;
	p->notes = notes.data;
	return 0;
}

void vc_switch_plan_free(struct vc_switch_plan *p)
{
	for (size_t i = 0; i < p->nload; i++)
		free(p->load_options[i]);
	free(p->refusal);
	free(p->notes);
	free(p->persistent);
	free(p->persistent_notes);
	free(p->params_file);
	memset(p, 0, sizeof(*p));
}
