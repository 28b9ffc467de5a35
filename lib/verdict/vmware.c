/* Why VMware's VMs cannot power on: the knowledge table's rows about vmmon and vmnet, with the
 * remedies this host needs (its kernel, its signing key, its service). */
#include <stdlib.h>
#include <string.h>

#include "lib/base/sanitise.h"
#include "lib/model/remedies.h"
#include "lib/verdict/knowledge.h"
#include "lib/verdict/verdict.h"

/* "VMware Workstation 17.6.1", "VMware Workstation/Player" */
static void product(const struct vc_vmware_facts *v, struct buf *b)
{
	buf_printf(b, "%s", v->product ? v->product : "VMware Workstation/Player");
	if (v->version)
		buf_printf(b, " %s", v->version);
}

/* Sign vmmon and vmnet (the shared remedy: a compressed module is decompressed, signed and compressed
 * again), then load them and start the service. */
static void sign_and_load(struct buf *b, const struct vc_facts *f, const struct vc_signing_key *k,
			  const char *ko, const char *service)
{
	const char *slash = strrchr(ko, '/');
	/* vmnet.ko sits next to vmmon.ko, with the same suffix */
	_cleanup_(freep) char *vmnet = slash && startswith(slash + 1, "vmmon")
					       ? xasprintf("%.*s/vmnet%s", (int)(slash - ko), ko, slash + 6)
					       : NULL;
	const char *mods[2] = { ko, vmnet };

	vc_remedy_sign_modules(b, f->kernel, k, mods, vmnet ? 2 : 1);
	buf_printf(b, " && sudo modprobe -a vmmon vmnet");
	if (service) {
		buf_printf(b, " && ");
		vc_remedy_service(b, f, "restart", "vmware");
	}
}

/* How to sign vmmon.ko at ko (and the vmnet.ko beside it) with a key this host trusts or can enrol;
 * lead, when not NULL, comes first (the build that has to come before). */
static void unsigned_remedies(struct vc_ctx *ctx, struct vc_finding *f, const char *ko, const char *lead)
{
	const struct vc_facts *facts = &ctx->facts;
	const struct vc_vmware_facts *v = &facts->vmware;
	const struct vc_signing_key *key = NULL;
	struct buf b = { 0 };
	enum vc_ftype t;

	if (lead)
		buf_printf(&b, "%s", lead);

	for (size_t i = 0; i < ARRAY_SIZE(vc_signing_keys) && !key; i++)
		if (ctx->host && vc_host_stat(ctx->host, vc_signing_keys[i].cert, &t) == 0)
			key = &vc_signing_keys[i];
	if (key) {
		buf_printf(&b, "Sign vmmon and vmnet with %s (", key->what);
		vc_shell_quote_append(&b, key->cert);
		buf_printf(&b, "; it must be enrolled: `mokutil --test-key ");
		vc_shell_quote_append(&b, key->cert);
		buf_printf(&b, "`, and if it is not, `sudo mokutil --import ");
		vc_shell_quote_append(&b, key->cert);
		buf_printf(&b, "`, reboot and choose \"Enroll MOK\"): ");
	} else {
		static const struct vc_signing_key own = { "MOK.der", "MOK.priv", NULL };

		key = &own;
		buf_printf(&b,
			   "Create a signing key and enrol it: openssl req -new -x509 -newkey rsa:2048 "
			   "-nodes -days 36500 -subj /CN=VMware/ -outform DER -keyout MOK.priv -out "
			   "MOK.der && sudo mokutil --import MOK.der   (set a one-time password), reboot, "
			   "choose \"Enroll MOK\" in the MOK manager; then sign and load the modules: ");
	}
	sign_and_load(&b, facts, key, ko, v->service);
	buf_printf(&b, "   (again after every rebuild: each kernel update)");
	vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true, "%s", b.data);
	buf_free(&b);
	if (facts->platform.secure_boot == VC_TRI_TRUE)
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, true,
				  "Or disable Secure Boot in the firmware setup (BIOS/UEFI).");
}

/* vmware-modconfig and the host-modules Makefiles do not sign: under Secure Boot the module they
 * install in /lib/modules/KVER/misc is refused until it is signed. */
static void sign_after_build(struct vc_ctx *ctx, struct vc_finding *f, const char *kver)
{
	_cleanup_(freep) char *ko = NULL;

	if (!vc_knowledge_signatures_enforced(&ctx->facts))
		return;
	ko = xasprintf("/lib/modules/%s/misc/vmmon.ko", kver);
	unsigned_remedies(ctx, f, ko,
			  "The kernel loads only signed modules here (Secure Boot, lockdown or "
			  "module.sig_enforce) and the build leaves vmmon and vmnet unsigned. After the "
			  "build: ");
}

/* A build's remedies: the row's own steps, then signing where the kernel wants signed modules. */
static void build_remedies(struct vc_ctx *ctx, struct vc_finding *f, const struct vc_knowledge *k,
			   const char *kver)
{
	struct buf steps = { 0 };

	/* the installer's log on this host that said the build failed */
	if (*ctx->facts.vmware.build_log)
		vc_finding_evidence(f, "%s (vmware-modconfig's log)", ctx->facts.vmware.build_log);
	vc_knowledge_steps(&steps, k, &ctx->facts);
	vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false, "%s", steps.data);
	buf_free(&steps);
	sign_after_build(ctx, f, kver);
}

void vc_verdict_vmware(struct vc_ctx *ctx)
{
	const struct vc_facts *facts = &ctx->facts;
	const struct vc_vmware_facts *v = &facts->vmware;
	const struct vc_knowledge *k = vc_knowledge_first(
		facts, VC_KN_VMWARE,
		VC_KN_OUT(VC_KN_NO_BUILD) | VC_KN_OUT(VC_KN_NO_LOAD) | VC_KN_OUT(VC_KN_FAILS), VC_KN_KVM_ANY);
	/* in a path or a command: the shell names the running kernel where the facts do not */
	const char *kver = facts->kernel ? facts->kernel : "$(uname -r)";
	struct buf name = { 0 }, running = { 0 };
	struct vc_finding *f = NULL;

	if (!k || !k->finding)
		return;
	product(v, &name);
	vc_facts_running_linux(facts, &running);
	if (!strcmp(k->finding, "vmware.driver_mismatch")) {
		unsigned want = vc_knowledge_vmmon_expected(facts);
		long long got = v->vmmon_source.set && v->vmmon_source.v != want ? v->vmmon_source.v
										 : v->vmmon_loaded_version.v;

		f = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VMWARE_DRIVER_MISMATCH,
			       "%s expects vmmon version %u, but the vmmon %s is version %lld: VMs fail to "
			       "power on with \"Version mismatch with vmmon module: expecting %u.0, got "
			       "%lld.0\".",
			       name.data, want,
			       v->vmmon_source.set && v->vmmon_source.v != want
				       ? "its module sources build (/usr/lib/vmware/modules/source/vmmon.tar)"
				       : "loaded",
			       got, want, got);
		if (v->vmmon_source.set)
			vc_finding_evidence(f, "/usr/lib/vmware/modules/source/vmmon.tar: VMMON_VERSION %lld",
					    (long long)v->vmmon_source.v);
		if (v->vmmon_loaded_version.set)
			vc_finding_evidence(f, "/sys/module/vmmon/version: %lld",
					    (long long)v->vmmon_loaded_version.v);
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
				  "Put back the module sources of %s (reinstall it from its bundle, which "
				  "restores /usr/lib/vmware/modules/source/vmmon.tar and vmnet.tar, or use a "
				  "host-modules tree made for this release and kernel), then build and load "
				  "them: sudo vmware-modconfig --console --install-all && sudo modprobe -r "
				  "vmnet vmmon && sudo modprobe -a vmmon vmnet",
				  name.data);
		vc_remedy_modules(f, "vmnet vmmon", "vmmon vmnet", NULL);
	} else if (!strcmp(k->id, "vmmon_built_for_another_kernel")) {
		f = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VMWARE_DRIVER_NOT_BUILT,
			       "%s is installed, but the kernel refuses its vmmon as built for another "
			       "kernel (other headers or configuration): loading it fails with \"Exec "
			       "format error\", so VMs fail with \"Could not open /dev/vmmon\".",
			       name.data);
		for (size_t i = 0; i < facts->platform.kernel_log.module_abi.n; i++)
			vc_finding_evidence(f, "kernel log: %s", facts->platform.kernel_log.module_abi.v[i]);
		build_remedies(ctx, f, k, kver);
	} else if (!strcmp(k->id, "vmmon_no_headers")) {
		/* the log names the kernel whose headers are missing: its headers, then the build */
		f = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VMWARE_DRIVER_NOT_LOADED,
			       "%s is installed, but its module installer could not build vmmon for %s: "
			       "the kernel's headers are not installed (\"Failed to find "
			       "/lib/modules/%s/build/include\"). VMs fail with \"Could not open "
			       "/dev/vmmon\".",
			       name.data, running.data, v->build_headers_missing);
		vc_finding_evidence(f, "Failed to find /lib/modules/%s/build/include",
				    v->build_headers_missing);
		build_remedies(ctx, f, k, kver);
	} else if (!strcmp(k->id, "vmmon_build_failed")) {
		/* the installer's build already failed: running it again is no first step */
		f = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VMWARE_DRIVER_NOT_BUILT,
			       "%s is installed, but its module installer could not build vmmon for %s "
			       "(\"Unable to install all modules\"): its headers are missing, or the "
			       "sources of this release do not compile against it. VMs fail with \"Could "
			       "not open /dev/vmmon\".",
			       name.data, running.data);
		build_remedies(ctx, f, k, kver);
	} else if (!strcmp(k->finding, "vmware.driver_not_built")) {
		f = vc_finding(ctx, VC_SEV_ERROR, VC_FID_VMWARE_DRIVER_NOT_BUILT,
			       "%s is installed but its driver vmmon is not built for %s (no vmmon.ko under "
			       "/lib/modules/%s): VMs fail with \"Could not open /dev/vmmon: No such file or "
			       "directory\".",
			       name.data, running.data, kver);
		vc_finding_remedy(
			f, VC_REMEDY_PERSISTENT, false,
			"sudo vmware-modconfig --console --install-all   (builds and loads vmmon and "
			"vmnet for this kernel; it needs this kernel's headers and a compiler)");
		vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false,
				  "If that build fails, %s does not support %s yet: install a release that "
				  "does (or a host-modules tree patched for this kernel), or boot the "
				  "previous kernel.",
				  name.data, running.data);
		sign_after_build(ctx, f, kver);
	} else if (!strcmp(k->finding, "vmware.unsigned_driver")) {
		const struct vc_platform_facts *p = &facts->platform;
		bool sb = p->secure_boot == VC_TRI_TRUE && !p->shim_validation_disabled;

		f = vc_finding(
			ctx, VC_SEV_ERROR, VC_FID_VMWARE_UNSIGNED_DRIVER,
			"%s is installed and vmmon is built for %s, but it is not loaded: %s, so the "
			"kernel loads only modules signed by an enrolled key, and vmmon.ko %s. VMs fail "
			"with \"Could not open /dev/vmmon\" until vmmon and vmnet are signed.",
			name.data, running.data,
			sb						  ? "Secure Boot is on"
			: p->sig_enforce == VC_TRI_TRUE			  ? "module.sig_enforce is on"
			: p->lockdown && strcmp(p->lockdown, "none") != 0 ? "the kernel is locked down"
									  : "the kernel log shows it refused",
			v->vmmon_signed == VC_TRI_TRUE	  ? "is signed with a key the kernel does not trust"
			: v->vmmon_signed == VC_TRI_FALSE ? "is not signed"
							  : "was refused");
		if (sb)
			vc_finding_evidence(f, "EFI SecureBoot=1");
		if (p->lockdown)
			vc_finding_evidence(f, "/sys/kernel/security/lockdown: [%s]", p->lockdown);
		for (size_t i = 0; i < v->refused.n; i++)
			vc_finding_evidence(f, "kernel log: %s", v->refused.v[i]);
		unsigned_remedies(ctx, f, v->vmmon_ko, NULL);
	} else if (!strcmp(k->finding, "vmware.driver_not_loaded")) {
		f = vc_finding(ctx, VC_SEV_WARNING, VC_FID_VMWARE_DRIVER_NOT_LOADED,
			       "%s is installed and vmmon is built for %s, but vmmon is not loaded (no "
			       "/dev/vmmon): VMs fail with \"Could not open /dev/vmmon: No such file or "
			       "directory. Please make sure that the kernel module `vmmon' is loaded\".",
			       name.data, running.data);
		if (v->service) {
			struct buf b = { 0 };

			/* (VMware's service is the script /etc/init.d/vmware) */
			vc_remedy_initd(&b, &ctx->facts, "start", "vmware");
			vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false, "%s   (%s loads vmmon and vmnet)",
					  b.data, v->service);
			buf_free(&b);
			vc_remedy_initd_enable(&b, &ctx->facts, "vmware", "vmmon vmnet");
			vc_finding_remedy(f, VC_REMEDY_PERSISTENT, false, "%s", b.data);
			buf_free(&b);
		} else {
			vc_finding_remedy(f, VC_REMEDY_TEMPORARY, false, "sudo modprobe -a vmmon vmnet");
		}
	}
	if (f) {
		if (v->vmmon_ko)
			vc_finding_evidence(f, "%s", v->vmmon_ko);
		vc_knowledge_evidence(f, k);
	}
	buf_free(&name);
	buf_free(&running);
}
