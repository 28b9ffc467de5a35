/* explain --log's decisions that no single paste in tests/logs pins down: no /dev/kvm decided from
 * the rest of the paste (or named as one of four, in order), and a Windows or macOS host's causes
 * taken from the knowledge table's other-host rows. */
#include "testutil.h"

#include "lib/verdict/knowledge.h"
#include "lib/verdict/triage.h"
#include "lib/verdict/verdict.h"
#include "probes/probes.h"

static struct vc_triage *decide(const char *paste)
{
	struct vc_triage *t = vc_triage_new();

	assert_int_equal(vc_triage_feed(t, "paste", paste, strlen(paste)), 0);
	assert_int_equal(vc_triage_decide(t), 0);
	assert_true(t->causes.n > 0);
	return t;
}

/* The branches of the "no /dev/kvm" unknown, in order, as cause ids; "" when there is none. */
static void branches(const struct vc_triage *t, char *out, size_t n)
{
	*out = '\0';
	for (size_t i = 0; i < t->unknowns.n; i++)
		if (!strcmp(t->unknowns.v[i].fact, "hypervisor_bit"))
			for (size_t b = 0; b < t->unknowns.v[i].branches.n; b++)
				snprintf(out + strlen(out), n - strlen(out), "%s%s", b ? " " : "",
					 vc_cause_name(t->unknowns.v[i].branches.v[b].cause));
}

static void test_no_dev_kvm(void **state)
{
	static const struct {
		const char *paste, *cause, *branches;
		enum vc_confidence conf;
	} c[] = {
		/* nothing else: four causes, the firmware first for the emulator */
		{ "/dev/kvm is not found.\n", "firmware-disabled",
		  "firmware-disabled no-vt-in-guest driver-not-loaded kvm-no-access", VC_CONF_MEDIUM },
		/* minikube's wording */
		{ "X Exiting due to PR_KVM_MISSING: /dev/kvm not found\n", "firmware-disabled",
		  "firmware-disabled no-vt-in-guest driver-not-loaded kvm-no-access", VC_CONF_MEDIUM },
		/* the CPU shows no VT-x: a VM or the firmware, nothing about modules or containers */
		{ "emulator: Your CPU does not support VT-x.\n", "no-vt-in-guest",
		  "no-vt-in-guest firmware-disabled", VC_CONF_MEDIUM },
		/* libvirt runs on servers and cloud VMs: a VM first */
		{ "error: unsupported configuration: Domain requires KVM, but it is not available.\n",
		  "no-vt-in-guest", "no-vt-in-guest firmware-disabled driver-not-loaded kvm-no-access",
		  VC_CONF_MEDIUM },
		/* words that say it is a VM */
		{ "I run debian 12 in VirtualBox.\n/dev/kvm is not found.\n", "no-vt-in-guest",
		  "no-vt-in-guest firmware-disabled driver-not-loaded kvm-no-access", VC_CONF_MEDIUM },
		/* words that say it is a container: decided, medium */
		{ "I started it with docker run -it androidsdk/android-30\nINFO: /dev/kvm does not exist\n",
		  "kvm-no-access", "", VC_CONF_MEDIUM },
		/* the host's own docker run --device /dev/kvm: the host has no node, never a container
		 * (moby DevicesFromPath); a VM first, Docker Desktop's included (s12-env) */
		{ "docker: error gathering device information while adding custom device \"/dev/kvm\": no "
		  "such file or directory\n/dev/kvm is not found\n",
		  "no-vt-in-guest", "no-vt-in-guest firmware-disabled driver-not-loaded", VC_CONF_MEDIUM },
		/* libvirt's polkit refusal (sandervanvugt/ckad#4): the libvirt group first */
		{ "error: authentication unavailable: no polkit agent available to authenticate action "
		  "'org.libvirt.unix.manage'\n",
		  "kvm-no-access", "", VC_CONF_HIGH },
		/* the CPU flags: physical with vmx, so KVM's module */
		{ "flags : fpu vme de pse tsc msr pae vmx est\n/dev/kvm is not found.\n", "driver-not-loaded",
		  "", VC_CONF_HIGH },
		/* the CPU flags: a VM without vmx */
		{ "flags : fpu vme de pse tsc msr pae hypervisor lahf_lm\n/dev/kvm is not found.\n",
		  "no-vt-in-guest", "", VC_CONF_HIGH },
		/* kvm-ok read the firmware's lock */
		{ "INFO: /dev/kvm does not exist\nINFO: KVM (vmx) is disabled by your BIOS\n",
		  "firmware-disabled", "", VC_CONF_HIGH },
		/* the emulator's -accel-check */
		{ "/dev/kvm is not found\nVT-x is disabled in BIOS\n", "firmware-disabled", "",
		  VC_CONF_DEFINITIVE },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct vc_triage *t = decide(c[i].paste);
		char got[256];

		branches(t, got, sizeof(got));
		if (strcmp(vc_cause_name(t->causes.v[0].cause), c[i].cause) || strcmp(got, c[i].branches))
			fail_msg("case %zu: %s [%s], expected %s [%s]", i,
				 vc_cause_name(t->causes.v[0].cause), got, c[i].cause, c[i].branches);
		if (t->confidence != c[i].conf)
			fail_msg("case %zu: confidence %s, expected %s", i, vc_confidence_name(t->confidence),
				 vc_confidence_name(c[i].conf));
		/* the answer never asserts one of four: it says so */
		assert_true(!strstr(got, "kvm-no-access") ==
			    !!strncmp(t->causes.v[0].explanation, "Unknown which of four", 21));
		vc_triage_free(t);
	}
}

/* A paste, the cause and knowledge row it gets, a word of the first remedy and one it must not
 * hold (NULL: none). */
/* Whether the paste's facts hold one named key. */
static bool has_fact(const struct vc_triage *t, const char *key)
{
	for (size_t i = 0; i < t->facts.n; i++)
		if (!strcmp(t->facts.v[i].key, key))
			return true;
	return false;
}

struct row_case {
	const char *paste, *cause, *row, *remedy, *not_first;
};

static void check_rows(const struct row_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct vc_triage *t = decide(c[i].paste);
		const struct vc_triage_cause *tc = &t->causes.v[0];

		assert_string_equal(vc_cause_name(tc->cause), c[i].cause);
		assert_non_null(tc->knowledge);
		assert_string_equal(tc->knowledge, c[i].row);
		assert_true(tc->remedies.n > 0);
		assert_non_null(strstr(tc->remedies.v[0].steps, c[i].remedy));
		if (c[i].not_first)
			assert_null(strstr(tc->remedies.v[0].steps, c[i].not_first));
		vc_triage_free(t);
	}
}

/* A Windows or macOS host: the cause and remedy are the table's other-host rows. */
static void test_other_host_rows(void **state)
{
	static const struct row_case c[] = {
		{ "00:00:00.1 OS Product: Windows 11\n00:00:01.2 HM: HMR3Init: Falling back to NEM: VT-x is "
		  "not available\n",
		  "other", "win_hyperv_holds_vt", "hypervisorlaunchtype off", NULL },
		{ "00:00:00.1 OS Product: Windows 10\nVT-x is disabled in the BIOS for all CPU modes "
		  "(VERR_VMX_MSR_ALL_VMX_DISABLED)\n",
		  "firmware-disabled", "win_vt_disabled_by_firmware", "UEFI Firmware Settings", NULL },
		{ "VirtualBox 6.1.30 r148432 for Mac (OS: 11.6.1)\nKernel driver not installed (rc=-1908)\n",
		  "driver-not-loaded", "mac_kext_not_loaded", "Privacy & Security", NULL },
	};

	(void)state;
	check_rows(c, ARRAY_SIZE(c));
}

/* QEMU's EPERM on /dev/kvm (ubports/utqemu#5: the kvm group and chmod 666 did not help)
 * names the device cgroup, not the group; VMware's installer that could not build vmmon
 * (mkubecek/vmware-host-modules#322) is not told to run that installer first. */
static void test_eperm_and_modconfig(void **state)
{
	static const struct row_case c[] = {
		{ "Could not access KVM kernel module: Operation not permitted\n"
		  "qemu-system-x86_64: failed to initialize KVM: Operation not permitted\n",
		  "kvm-no-access", "kvm_open_not_permitted", "snap connect", "usermod" },
		{ "Unable to install all modules. See log /tmp/vmware-u/vmware-6217.log for details. (Exit "
		  "code 1)\n",
		  "version-incompatible-kernel", "vmmon_build_failed", "linux-headers-",
		  "sudo vmware-modconfig --console --install-all   (builds" }, /* QEMU's EACCES stays the
										* answer beside a non-owner's
										* setfacl refused with EPERM
										* (the reviewer's
										* reproduction) */
		{ "qemu-system-x86_64: Could not access KVM kernel module: Permission denied\n"
		  "$ setfacl -m u:alice:rw /dev/kvm\nsetfacl: /dev/kvm: Operation not permitted\n",
		  "kvm-no-access", "kvm_device_no_access", "usermod -aG kvm", "snap connect" },
		/* the same precedence whichever line comes first and whichever reader reads the
		 * EACCES (a line no catalogue entry matches: one helper decides, stronger_errno) */
		{ "qemu-system-x86_64: Could not access KVM kernel module: Operation not permitted\n"
		  "$ head -c1 /dev/kvm\nhead: cannot open '/dev/kvm' for reading: Permission denied\n",
		  "kvm-no-access", "kvm_device_no_access", "usermod -aG kvm", "snap connect" },
	};
	struct vc_triage *t;

	(void)state;
	check_rows(c, ARRAY_SIZE(c));
	/* libvirt's refused socket, then QEMU's refused /dev/kvm: the node's errno is still a fact */
	t = decide("error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied\n"
		   "qemu-system-x86_64: Could not access KVM kernel module: Permission denied\n");
	assert_true(has_fact(t, "libvirt.socket"));
	assert_true(has_fact(t, "kvm.access.open"));
	vc_triage_free(t);
}

/* VMware's installer failed and its log names the kernel whose headers it did not find
 * (M-Bab/linux-kernel-amdgpu-binaries#17): the headers of that kernel, not a release that supports
 * a newer kernel. */
static void test_vmware_no_headers(void **state)
{
	static const struct row_case c[] = {
		{ "Unable to install all modules. See log /tmp/vmware-u/vmware-6217.log for details. (Exit "
		  "code 1)\nVMware Workstation 17.6.2 build-24409262\n"
		  "Failed to find /lib/modules/4.12.9+/build/include\n",
		  "driver-not-loaded", "vmmon_no_headers", "linux-headers-4.12.9+", "host-modules" },
	};
	struct vc_triage *t;

	(void)state;
	check_rows(c, ARRAY_SIZE(c));
	/* the installer's failure alone stays the row that names both reasons */
	t = decide("Unable to install all modules. See log /tmp/vmware-u/vmware-6217.log for details.\n"
		   "VMware Workstation 17.6.2 build-24409262\n");
	assert_string_equal(t->causes.v[0].knowledge, "vmmon_build_failed");
	vc_triage_free(t);
	/* so does a log whose headers were found: modconfig's version.h line, which it prints on
	 * every kernel since 3.7 before it finds generated/uapi/linux/version.h */
	t = decide("Unable to install all modules. See log /tmp/vmware-u/vmware-6217.log for details.\n"
		   "Failed to find /lib/modules/6.8.0-31-generic/build/include/linux/version.h\n"
		   "Trying to find a suitable PBM set for kernel \"6.8.0-31-generic\".\n");
	assert_string_equal(t->causes.v[0].knowledge, "vmmon_build_failed");
	assert_false(has_fact(t, "vmware.build_headers_missing"));
	vc_triage_free(t);
}

/* EACCES on /dev/kvm inside a container: the host's kvm group by number with the device,
 * not usermod on the host (docker-run --group-add; go-debos/debos#468). */
static void test_container_open_denied(void **state)
{
	static const struct row_case c[] = {
		{ "docker run -it --rm myimage\n"
		  "qemu-system-x86_64: Could not access KVM kernel module: Permission denied\n",
		  "kvm-no-access", "env_container_kvm_open_denied",
		  "--device /dev/kvm --group-add $(getent group kvm | cut -d: -f3)", "usermod" },
		{ "$ ls -l /.dockerenv\n-rwxr-xr-x 1 root root 0 Mar  1 10:00 /.dockerenv\n"
		  "open /dev/kvm: permission denied\n",
		  "kvm-no-access", "env_container_kvm_open_denied", "--group-add", "usermod" },
	};

	(void)state;
	check_rows(c, ARRAY_SIZE(c));
}

/* Docker Desktop for Linux (its desktop-linux context, its socket under ~/.docker/desktop) gave
 * no /dev/kvm: Docker Engine on the host (docker/docs, Install Docker Desktop on Linux). */
static void test_docker_desktop(void **state)
{
	static const struct row_case c[] = {
		{ "$ docker context ls\nNAME            DESCRIPTION   DOCKER ENDPOINT\ndefault         "
		  "Current DOCKER_HOST based configuration   unix:///var/run/docker.sock\n"
		  "desktop-linux *               unix:///home/u/.docker/desktop/docker.sock\n"
		  "docker: Error response from daemon: error gathering device information while adding "
		  "custom device \"/dev/kvm\": no such file or directory.\n",
		  "kvm-no-access", "env_docker_desktop_no_kvm", "docker context use default", NULL },
	};

	struct vc_triage *t;

	(void)state;
	check_rows(c, ARRAY_SIZE(c));
	/* a host called desktop-linux is no Docker Desktop */
	t = decide("alice@desktop-linux:~$ qemu-system-x86_64 -enable-kvm -m 2G disk.img\n"
		   "Could not access KVM kernel module: No such file or directory\n");
	for (size_t i = 0; i < t->causes.n; i++)
		assert_true(!t->causes.v[i].knowledge ||
			    strcmp(t->causes.v[i].knowledge, "env_docker_desktop_no_kvm") != 0);
	vc_triage_free(t);
}

/* "BUG: scheduling while atomic" in a VirtualBox VM's EMT thread (VirtualBox/virtualbox#37, #9): a
 * kernel built without KVM, the table's vboxdrv_loaded_kernel_without_kvm; where the paste shows
 * KVM's module loaded, the kernel has KVM and that is not the answer. */
static void test_emt_scheduling_while_atomic(void **state)
{
	static const char line[] = "klogd: BUG: scheduling while atomic: EMT-0/21182/0x7ffffe00\n";
	static const char with_kvm[] = "kvm_amd               225280  0\n"
				       "kvm                  1376256  1 kvm_amd\n"
				       "klogd: BUG: scheduling while atomic: EMT-0/21182/0x7ffffe00\n";
	struct vc_triage *t = decide(line);
	const struct vc_triage_cause *tc = &t->causes.v[0];

	(void)state;
	assert_string_equal(vc_cause_name(tc->cause), "version-incompatible-kernel");
	assert_non_null(tc->finding);
	assert_string_equal(tc->finding, "virtualbox.kernel_without_kvm");
	assert_true(tc->remedies.n > 0);
	assert_non_null(strstr(tc->remedies.v[0].steps, "CONFIG_KVM=m"));
	vc_triage_free(t);
	t = decide(with_kvm);
	for (size_t i = 0; i < t->causes.n; i++)
		assert_true(!t->causes.v[i].finding ||
			    strcmp(t->causes.v[i].finding, "virtualbox.kernel_without_kvm") != 0);
	vc_triage_free(t);
}

/* firejail in the paste's words and /dev/kvm listed as nobody's (netblue30/firejail#3008): the
 * sandbox's row, not "log in again"; the words alone, with no listing, show no user namespace and
 * leave the general answer. */
static void test_firejail_words(void **state)
{
	static const char jail[] = "Android Studio throws permission denied on /dev/kvm. From the jail:\n"
				   "crw-rw---- 1 nobody nogroup 10, 232 Okt 22 12:10 /dev/kvm\n";
	static const char words[] = "I run android studio with firejail\n"
				    "ProbeKVM: This user doesn't have permissions to use KVM (/dev/kvm).\n";
	struct vc_triage *t = decide(jail);

	(void)state;
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-no-access");
	assert_non_null(t->causes.v[0].knowledge);
	assert_string_equal(t->causes.v[0].knowledge, "env_userns_sandbox_kvm");
	assert_non_null(strstr(t->causes.v[0].remedies.v[0].steps, "--ignore=noroot"));
	vc_triage_free(t);
	t = decide(words);
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-no-access");
	assert_true(!t->causes.v[0].knowledge || strcmp(t->causes.v[0].knowledge, "env_userns_sandbox_kvm"));
	vc_triage_free(t);
}

/* A pasted permission denial says nothing about who holds VT: the headline is the denial, never
 * "held by an unknown hypervisor" (sickcodes/Docker-OSX, a GitHub Actions job); libvirtd's socket
 * refusing the user is named as that, not as /dev/kvm. */
static void test_denied_headline(void **state)
{
	static const char qemu[] = "Could not access KVM kernel module: Permission denied\n"
				   "qemu-system-x86_64: failed to initialize kvm: Permission denied\n";
	static const char sock[] = "error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': "
				   "Permission denied\n";
	struct vc_triage *t = decide(qemu);

	(void)state;
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-no-access");
	assert_non_null(t->headline);
	assert_non_null(strstr(t->headline, "cannot open /dev/kvm (EACCES: permission denied)"));
	assert_null(strstr(t->headline, "unknown hypervisor"));
	vc_triage_free(t);
	t = decide(sock);
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-no-access");
	assert_non_null(strstr(t->headline, "libvirtd's socket"));
	assert_null(strstr(t->headline, "/dev/kvm"));
	vc_triage_free(t);
}

/* A paste that shows no kernel: VMware's findings say "the running kernel" (and the shell's
 * $(uname -r) in a command), never "Linux ?" (mkubecek/vmware-host-modules, Fedora 37). */
static void test_vmware_no_kernel(void **state)
{
	static const char paste[] = "Could not open /dev/vmmon: No such file or directory. Please make "
				    "sure that the kernel module 'vmmon' is loaded.\n"
				    "Failed to initialize monitor device\n";
	struct vc_triage *t = decide(paste);

	(void)state;
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "driver-not-loaded");
	assert_non_null(strstr(t->causes.v[0].explanation, "vmmon is built for the running kernel"));
	for (size_t i = 0; i < t->causes.n; i++) {
		assert_null(strstr(t->causes.v[i].explanation, "Linux ?"));
		for (size_t r = 0; r < t->causes.v[i].remedies.n; r++)
			assert_null(strstr(t->causes.v[i].remedies.v[r].steps, "Linux ?"));
	}
	/* the verdict on each assumed state of vmmon: not built for it, nor a path under /?/ */
	for (size_t i = 0; i < t->ctx->findings.n; i++) {
		const struct vc_finding *f = &t->ctx->findings.v[i];

		assert_null(strstr(f->message, "Linux ?"));
		assert_null(strstr(f->message, "Linux $("));
		for (size_t r = 0; r < f->remedies.n; r++)
			assert_null(strstr(f->remedies.v[r].steps, "Linux ?"));
	}
	vc_triage_free(t);
	/* the branch "no vmmon.ko for the running kernel": explain --log's facts name the kernel only
	 * as the shell would, and the words say "the running kernel" */
	struct vc_ctx *ctx = vc_ctx_new(NULL);
	const struct vc_finding *nb;

	ctx->facts.vmware.installed = ctx->facts.vmware.present = true;
	ctx->facts.kernel = xstrdup("$(uname -r)");
	vc_verdict_vmware(ctx);
	nb = vc_find(ctx, VC_FID_VMWARE_DRIVER_NOT_BUILT);
	assert_non_null(nb);
	assert_non_null(strstr(nb->message, "not built for the running kernel (no vmmon.ko under "
					    "/lib/modules/$(uname -r))"));
	assert_true(nb->remedies.n >= 2);
	assert_non_null(strstr(nb->remedies.v[1].steps, "does not support the running kernel yet"));
	vc_ctx_free(ctx);
}

/* issue 15: `vmware --version`'s line names the release installed ("VMware Workstation 17.6.2
 * build-24409262", "VMware Player 17.5.1 build-..."), for the rows that depend on it; alone it
 * does not make VMware installed here, and a line that only mentions a release is no version */
static void test_vmware_version_line(void **state)
{
	static const char paste[] = "VMware Workstation 17.6.2 build-24409262\n"
				    "Could not open /dev/vmmon: No such file or directory. Please make "
				    "sure that the kernel module 'vmmon' is loaded.\n";
	struct vc_triage *t = decide(paste);

	(void)state;
	assert_true(t->ctx->facts.vmware.installed);
	assert_string_equal(t->ctx->facts.vmware.version, "17.6.2");
	assert_string_equal(t->ctx->facts.vmware.product, "VMware Workstation");
	assert_int_equal(vc_knowledge_vmmon_expected(&t->ctx->facts), 417);
	vc_triage_free(t);

	t = decide("VMware Player 17.5.1 build-23298084\n"
		   "Could not open /dev/vmmon: No such file or directory.\n");
	assert_string_equal(t->ctx->facts.vmware.product, "VMware Player");
	assert_string_equal(t->ctx->facts.vmware.version, "17.5.1");
	vc_triage_free(t);

	t = decide("VMware Workstation 17.6.2 build-24409262\n");
	assert_false(t->ctx->facts.vmware.installed);
	vc_triage_free(t);

	t = decide("I upgraded to VMware Workstation 17.6.2 build-24409262 today\n"
		   "VMware Workstation 17.5 fixed it\n"
		   "Could not open /dev/vmmon: No such file or directory.\n");
	assert_null(t->ctx->facts.vmware.version);
	vc_triage_free(t);
}

/* issue 15: the firmware's VT lock in both the old and the new kernel words, read alike by the
 * report's kernel-log reader and by explain --log: "kvm: disabled by bios" (before 5.6), kvm_intel's
 * "VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL[ on CPU %d]" (arch/x86/kvm/vmx/vmx.c, after
 * feat_ctl.c cleared the flag), kvm_amd's "SVM disabled (by BIOS) in MSR_VM_CR" (svm.c) */
static void test_bios_disabled_words(void **state)
{
	static const char *const lines[] = {
		"kvm: disabled by bios",
		"kvm: VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL",
		"kvm_intel: VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL on CPU 0",
		"kvm_amd: SVM disabled (by BIOS) in MSR_VM_CR on CPU 0",
		"kvm: SVM disabled (by BIOS) in MSR_VM_CR",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		struct vc_platform_facts pf = { 0 };
		char paste[128];
		struct vc_triage *t;

		assert_true(vc_platform_log_line(&pf, lines[i]));
		assert_int_equal(pf.kernel_log.bios_disabled.n, 1);
		vc_strv_clear(&pf.kernel_log.bios_disabled);
		snprintf(paste, sizeof(paste), "[    2.345678] %s\n", lines[i]);
		t = decide(paste);
		assert_true(has_fact(t, "kernel_log.bios_disabled"));
		vc_triage_free(t);
	}
}

/* kvmtool prints no errno for a failed KVM_CREATE_VM: on x86 EBUSY is assumed (another hypervisor
 * holds VT-x/AMD-V), not on arm64, where kvmtool is at home and nothing shares VT, whether uname's
 * line comes before the error or after it: no assumed EBUSY is listed beside "not x86" either. */
static void test_kvmtool_arch(void **state)
{
	static const char x86[] = "Linux box 4.4.0-21-generic #37-Ubuntu SMP x86_64 GNU/Linux\n"
				  "Error: KVM_CREATE_VM ioctl\n";
	static const char *const arm[] = {
		"Linux rpi 6.6.31+rpt-rpi-v8 #1 SMP PREEMPT Debian aarch64 GNU/Linux\n"
		"Error: KVM_CREATE_VM ioctl\n",
		"Error: KVM_CREATE_VM ioctl\n"
		"Linux rpi 6.6.31+rpt-rpi-v8 #1 SMP PREEMPT Debian aarch64 GNU/Linux\n",
	};
	struct vc_triage *t = decide(x86);

	(void)state;
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "virtualbox-holds-vt");
	assert_true(has_fact(t, "kvm.create_vm"));
	/* the facts stand in the order of their lines: the assumed errno at kvmtool's line */
	for (size_t i = 1; i < t->facts.n; i++)
		assert_true(t->facts.v[i - 1].line <= t->facts.v[i].line);
	vc_triage_free(t);
	for (size_t i = 0; i < ARRAY_SIZE(arm); i++) {
		t = decide(arm[i]);
		assert_string_not_equal(vc_cause_name(t->causes.v[0].cause), "virtualbox-holds-vt");
		assert_string_not_equal(vc_cause_name(t->causes.v[0].cause), "vmware-holds-vt");
		assert_true(has_fact(t, "architecture"));
		if (has_fact(t, "kvm.create_vm"))
			fail_msg("case %zu: an EBUSY assumed on x86 beside \"not x86\"", i);
		vc_triage_free(t);
	}
}

/* The value of the last fact named key, NULL when there is none. */
static const char *fact_value(const struct vc_triage *t, const char *key)
{
	const char *v = NULL;

	for (size_t i = 0; i < t->facts.n; i++)
		if (!strcmp(t->facts.v[i].key, key))
			v = t->facts.v[i].value;
	return v;
}

/* `uname -r` (or -a, -rms) at a shell prompt of any shape, its output on the next line (after a
 * blank one, in a fence, in a mail quote): the kernel release is read from it; macOS's Darwin release
 * is no Linux kernel, and prose that mentions the command is no command. Real lines from public posts
 * and mails (forum threads, LKML, READMEs), as find_string showed them. */
static void test_uname_next_line(void **state)
{
	static const struct {
		const char *paste, *kernel;
		bool other_arch;
	} c[] = {
		{ "vagrant@ubuntu-xenial:~$ uname -r\n4.4.0-210-generic\n\nvagrant@ubuntu-xenial:~$ sudo "
		  "-l\n",
		  "4.4.0-210-generic", false },
		{ "cry0l1t3@htb[/htb]$ uname -r\n\n4.15.0-99-generic\n", "4.15.0-99-generic", false },
		{ "(venv) [instruct@instructlab instructlab]$ uname -r\n5.14.0-427.33.1.el9_4.x86_64\n",
		  "5.14.0-427.33.1.el9_4.x86_64", false },
		{ "```\nmatthew-S206:/home/matthew % uname -r\n3.8.0-030800rc4-generic\n"
		  "matthew-S206:/home/matthew % \n```\n",
		  "3.8.0-030800rc4-generic", false },
		{ "> > % uname -r\n> > 5.11.0-0.rc5.134.fc34.x86_64\n> > % pwd\n",
		  "5.11.0-0.rc5.134.fc34.x86_64", false },
		{ "-> % uname -r\n5.10.0-19-amd64\n", "5.10.0-19-amd64", false },
		{ "marvin@marvin-IdeaPad-3-15ITL6:~$ uname -rms\nLinux 6.0.0-060000-generic x86_64\n",
		  "6.0.0-060000-generic", false },
		{ "root@Gavin:~# uname -a\nLinux Gavin 6.5.0-13-generic #13-Ubuntu SMP PREEMPT_DYNAMIC Fri "
		  "Nov  3 "
		  "12:16:05 UTC 2023 x86_64 x86_64 x86_64 GNU/Linux\n",
		  "6.5.0-13-generic", false },
		{ "root@myd-lmx9x:~# uname -a\nLinux myd-lmx9x 6.1.55+ga5c552ce6210 #1 SMP PREEMPT Thu Apr "
		  "11 "
		  "02:15:58 UTC 2024 aarch64 GNU/Linux\n",
		  "6.1.55+ga5c552ce6210", true },
		{ "zazuna@Giorgis-MacBook-Air Question_1 % uname -r\n25.0.0\n", NULL, false },
		{ "Open a Terminal window.\n\ntype uname -r\n\nYou will see the following:\n", NULL, false },
		{ "$ sudo apt install linux-headers-`uname -r`\n6.8.0-45-generic\n", NULL, false },
		{ "Output of `uname -r`:\n6.8.0-45-generic\n", "6.8.0-45-generic", false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		struct vc_triage *t = vc_triage_new();
		const char *k;

		assert_int_equal(vc_triage_feed(t, "paste", c[i].paste, strlen(c[i].paste)), 0);
		k = fact_value(t, "kernel");
		if (!c[i].kernel != !k || (k && strcmp(k, c[i].kernel)))
			fail_msg("%s: kernel %s, expected %s", c[i].paste, k ? k : "(none)",
				 c[i].kernel ? c[i].kernel : "(none)");
		assert_true(has_fact(t, "architecture") == c[i].other_arch);
		vc_triage_free(t);
	}
}

/* Only the machine's own architecture is another than x86 (uname -m, lscpu's "Architecture:", uname
 * -a's machine field, an arm64 kernel's release), not a program or package for another target an x86
 * machine names: apt's line from an x86 CI job (hermit-os/kernel#2203), a cross command. */
static void test_host_arch(void **state)
{
	static const char kvmtool[] = "Error: KVM_CREATE_VM ioctl\n";
	static const char *const x86[] = {
		"Note, selecting 'qemu-system-arm' instead of 'qemu-system-aarch64'\n",
		"$ qemu-system-aarch64 -M virt -cpu cortex-a57 -nographic\n",
		"ii  gcc-aarch64-linux-gnu  4:11.2.0-1ubuntu1  amd64  GNU C compiler for the arm64 "
		"architecture\n",
		"Linux box 4.4.0-21-generic #37-Ubuntu SMP x86_64 GNU/Linux\n",
	};
	static const char *const other[] = {
		"$ uname -m\naarch64\n",
		"Architecture:            aarch64\n",
		"Architecture: arm64\n",
		"Linux rpi 6.6.31+rpt-rpi-v8 #1 SMP PREEMPT Debian aarch64 GNU/Linux\n",
		"[    0.000000] Linux version 6.1.0-18-arm64 (debian-kernel@lists.debian.org)\n",
		"Kernel Version: 6.5.6-300.fc39.aarch64\n",
	};
	char paste[512];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(x86) + ARRAY_SIZE(other); i++) {
		bool x = i < ARRAY_SIZE(x86);
		const char *line = x ? x86[i] : other[i - ARRAY_SIZE(x86)];

		/* before kvmtool's line and after it */
		for (int after = 0; after < 2; after++) {
			struct vc_triage *t;

			snprintf(paste, sizeof(paste), "%s%s", after ? kvmtool : line,
				 after ? line : kvmtool);
			t = decide(paste);
			if (has_fact(t, "architecture") == x || has_fact(t, "kvm.create_vm") != x)
				fail_msg("%s: architecture %s, EBUSY %s", line,
					 has_fact(t, "architecture") ? "not x86" : "x86",
					 has_fact(t, "kvm.create_vm") ? "assumed" : "not assumed");
			vc_triage_free(t);
		}
	}
}

/* A paste that shows no hypervisor holding VT says what it does show, never "held by an unknown
 * hypervisor" (linux-surface, minikube, kdeneon, a Flatpak sandbox without /dev/kvm); one that shows
 * VT held (VERR_VMX_IN_VMX_ROOT_MODE with kvm_intel seen absent) still says it is held. */
static void test_unknown_owner_headline(void **state)
{
	static const struct {
		const char *paste, *want;
	} cases[] = {
		{ "WARNING: The vboxdrv kernel module is not loaded.\n",
		  "VirtualBox's driver vboxdrv is not loaded" },
		{ "qemu-system-x86_64: Could not access KVM kernel module: No such file or directory\n"
		  "[    0.5] kvm: disabled by bios\n",
		  "disabled by the firmware" },
		{ "Could not open /dev/vmmon: No such file or directory.\n",
		  "VMware VMs will fail: its driver vmmon is not loaded" },
		{ "Failed to load VMMR0.r0 (VERR_NEM_MISSING_FEATURE): Required capability 'KVM_CAP_XCRS' "
		  "is missing!\n",
		  "Nothing read shows who holds VT-x/AMD-V" },
	};
	struct vc_triage *t;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		t = decide(cases[i].paste);
		assert_non_null(t->headline);
		if (!strstr(t->headline, cases[i].want))
			fail_msg("%s: headline %s", cases[i].paste, t->headline);
		assert_null(strstr(t->headline, "held by"));
		vc_triage_free(t);
	}
	t = decide("00:00:01.1 VERR_VMX_IN_VMX_ROOT_MODE\nModule                  Size  Used by\n"
		   "vboxdrv               696320  0\n");
	assert_non_null(strstr(t->headline, "is held by"));
	vc_triage_free(t);
}

/* kvmtool's, Firecracker's and Cloud Hypervisor's lines: the explanation quotes that tool's line,
 * not QEMU's wording of the error (rkt/rkt#3558, firecracker#1109, firecracker#2268,
 * cloud-hypervisor#1568). */
static void test_tool_named(void **state)
{
	static const struct {
		const char *paste, *want, *error;
	} cases[] = {
		{ "  Error: KVM_CREATE_VM ioctl\n", "(kvmtool: \"Error: KVM_CREATE_VM ioctl\")",
		  "kvmtool_create_vm_failed" },
		{ "Firecracker panicked at 'Cannot create VMM: Error opening VM fd: VmFd(Os { code: 16, "
		  "kind: "
		  "Other, message: \"Resource busy\" })', src/libcore/result.rs:1009:5\n",
		  "(Firecracker: \"Cannot create VMM: Error opening VM fd: VmFd(Os { code: 16",
		  "firecracker_vmfd_busy" },
		{ "[main.rs:52] Firecracker panicked at 'Error creating the Kvm object: Error(13)', "
		  "src/vmm/src/vstate/system.rs:53:19\n",
		  "Firecracker says \"Error creating the Kvm object: Error(13)\"",
		  "firecracker_kvm_permission_denied" },
		{ "thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: VmCreate(No such "
		  "file or directory (os error 2))', src/main.rs:304:22\n",
		  NULL, "cloud_hypervisor_kvm_no_device" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vc_triage *t = decide(cases[i].paste);

		assert_true(t->errors.n > 0);
		assert_string_equal(t->errors.v[0].e->id, cases[i].error);
		for (size_t c = 0; c < t->causes.n; c++)
			if (strstr(t->causes.v[c].explanation, "QEMU"))
				fail_msg("%s: QEMU's words in %s", cases[i].error,
					 t->causes.v[c].explanation);
		if (cases[i].want && !strstr(t->causes.v[0].explanation, cases[i].want))
			fail_msg("%s: want %s in %s", cases[i].error, cases[i].want,
				 t->causes.v[0].explanation);
		vc_triage_free(t);
	}
}

/* A paste that rules Secure Boot out (mokutil's "SecureBoot disabled"), or shows the kernel's own
 * reason (vboxdrv's "Unknown symbol", vmmon built for another kernel), is not answered "sign it". */
static void test_secure_boot_ruled_out(void **state)
{
	static const struct {
		const char *paste, *cause;
	} cases[] = {
		{ "vboxdrv.sh: failed: modprobe vboxdrv failed. Please use 'dmesg' to find out why.\n"
		  "SecureBoot disabled\n",
		  "driver-not-loaded" },
		{ "vboxdrv.sh: failed: modprobe vboxdrv failed. Please use dmesg to find out why.\n"
		  "[12.3] vboxdrv: Unknown symbol __x86_return_thunk (err -2)\n",
		  "driver-not-loaded" },
		{ "   Virtual machine monitor      failed\nSecureBoot disabled\n",
		  "version-incompatible-kernel" },
		{ "   Virtual machine monitor      failed\n[33.1] module vmmon: .gnu.linkonce.this_module "
		  "section size must match the kernel's built struct module size at run time\n",
		  "version-incompatible-kernel" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vc_triage *t = decide(cases[i].paste);

		if (strcmp(vc_cause_name(t->causes.v[0].cause), cases[i].cause))
			fail_msg("%s: cause %s", cases[i].paste, vc_cause_name(t->causes.v[0].cause));
		vc_triage_free(t);
	}
}

/* lines about the driver's build that do not name it: DKMS's failure (the kernel it built
 * for), gcc rejecting the kernel's flags, croutonversion. Made-up pastes in the real formats. */
static void test_build_lines(void **state)
{
	static const struct {
		const char *paste, *row, *remedy;
	} cases[] = {
		{ "Loading new virtualbox-6.1.10 DKMS files...\n"
		  "Error! Bad return status for module build on kernel: 5.8.3-xanmod2 (x86_64)\n"
		  "Consult /var/lib/dkms/virtualbox/6.1.10/build/make.log for more information.\n",
		  "vboxdrv_kernel_newer_than_supported", "Upgrade VirtualBox to 6.1.14 or later (a release" },
		{ "DKMS make.log for virtualbox-7.0.4 for kernel 6.1.3-surface (x86_64)\n"
		  "  The kernel was built by: gcc (Ubuntu 11.3.0-1ubuntu1~22.04) 11.3.0\n"
		  "gcc: error: unrecognized command-line option '-mharden-sls=all'\n",
		  "vboxdrv_compiler_mismatch", "package it as gcc-11 (`sudo apt install gcc-11`)" },
		/* /proc/version names the kernel's compiler too (xanmod/linux#392's gcc-13) */
		{ "Linux version 6.4.10-x64v3-xanmod1 (root@x) (gcc-13 (Ubuntu 13.1.0-8ubuntu1~22.04) "
		  "13.1.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #0~20230811 SMP PREEMPT_DYNAMIC\n"
		  "DKMS make.log for virtualbox-7.0.10 for kernel 6.4.10-x64v3-xanmod1 (x86_64)\n"
		  "gcc: error: unrecognized command-line option '-mharden-sls=all'\n",
		  "vboxdrv_compiler_mismatch", "package it as gcc-13 (" },
		{ "Linux version 5.10.0 (b@h) (gcc version 10.2.1 20210110 (Debian 10.2.1-6), GNU ld) #1\n"
		  "DKMS make.log for virtualbox-7.0.4 for kernel 5.10.0 (x86_64)\n"
		  "  You are using:           gcc (Debian 8.3.0-6) 8.3.0\n"
		  "gcc: error: unrecognized command-line option '-mharden-sls=all'\n",
		  "vboxdrv_compiler_mismatch", "package it as gcc-10 (" },
		{ "crouton: version 1-20171230152552~master:de1361af\n"
		  "This system is currently not set up to build kernel modules.\n",
		  "vboxdrv_crouton_no_headers", "change-kernel-flags" },
		/* an old VirtualBox, the kernel unknown: the support table's branches, newer first */
		{ "VirtualBox 6.1.10\nvboxdrv.sh: failed: modprobe vboxdrv failed. Please use 'dmesg' to "
		  "find out why.\nSecureBoot disabled\n",
		  "vboxdrv_kernel_newer_than_supported", "Upgrade VirtualBox to 6.1.14 or later" },
		/* crouton's paths and commands say it too (dnschneid/crouton installer/main.sh,
		 * host-bin/enter-chroot) */
		{ "Entering /mnt/stateful_partition/crouton/chroots/xenial...\n"
		  "This system is currently not set up to build kernel modules.\n",
		  "vboxdrv_crouton_no_headers", "change-kernel-flags" },
		{ "chronos@localhost ~ $ sudo enter-chroot -n trusty\n"
		  "This system is currently not set up to build kernel modules.\n",
		  "vboxdrv_crouton_no_headers", "change-kernel-flags" },
		/* a ChromeOS-era kernel release alone is no crouton chroot */
		{ "Linux version 3.18.0-16288-g64d05cf80004 (gcc version 4.9.x)\n"
		  "This system is currently not set up to build kernel modules.\n",
		  "vboxdrv_no_headers", "linux-headers-3.18.0-16288-g64d05cf80004" },
		/* DKMS failed for a kernel being installed, uname -r shows another running: the
		 * build's kernel, named, and the running one left alone */
		{ "$ uname -r\n5.4.0-42-generic\nLoading new virtualbox-6.1.10 DKMS files...\n"
		  "Error! Bad return status for module build on kernel: 5.8.3-xanmod2 (x86_64)\n"
		  "Consult /var/lib/dkms/virtualbox/6.1.10/build/make.log for more information.\n",
		  "vboxdrv_kernel_newer_than_supported", "dkms autoinstall -k 5.8.3-xanmod2" },
		/* the build log's "The kernel was built by:" (the kernel DKMS builds for) decides over
		 * the banner of the running kernel, another one (Ubuntu's HWE kernel) */
		{ "Linux version 5.15.0-91-generic (buildd@lcy02) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) "
		  "11.4.0, GNU ld 2.38) #101-Ubuntu SMP\n"
		  "DKMS make.log for virtualbox-7.0.10 for kernel 6.5.0-14-generic (x86_64)\n"
		  "  The kernel was built by: x86_64-linux-gnu-gcc-12 (Ubuntu 12.3.0-1ubuntu1~22.04) 12.3.0\n"
		  "  You are using:           gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0\n"
		  "gcc: error: unrecognized command-line option '-ftrivial-auto-var-init=zero'\n",
		  "vboxdrv_compiler_mismatch", "package it as gcc-12 (" },
		/* no crouton line: the distribution's headers */
		{ "This system is currently not set up to build kernel modules.\n", "vboxdrv_no_headers",
		  "linux-headers-" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vc_triage *t = decide(cases[i].paste);
		const struct vc_triage_cause *tc = &t->causes.v[0];

		if (!tc->knowledge || strcmp(tc->knowledge, cases[i].row))
			fail_msg("%s: row %s", cases[i].paste, tc->knowledge ? tc->knowledge : "none");
		/* a DKMS build for a kernel being installed never says it is the running one */
		if (strstr(cases[i].paste, "uname -r"))
			assert_non_null(strstr(tc->explanation, "not the running Linux 5.4.0-42-generic"));
		assert_true(tc->remedies.n > 0);
		assert_non_null(strstr(tc->remedies.v[0].steps, cases[i].remedy));
		vc_triage_free(t);
	}
}

/* QEMU started by libvirt's system instance and refused /dev/kvm: libvirt's QEMU account needs it,
 * not the user (voidlinux/void-packages#1095); without qemu:///system, the user's group first and the
 * account's after it (minishift/minishift#1629: both were the fix). */
static void test_libvirt_system_qemu_user(void **state)
{
	static const char sys[] = "libvirtError: internal error: process exited while connecting to "
				  "monitor: Could not access KVM kernel module: Permission denied\n"
				  "failed to initialize KVM: Permission denied\n"
				  "only in `qemu:///system`\n";
	static const char plain[] = "libvirtError: internal error: process exited while connecting to "
				    "monitor: Could not access KVM kernel module: Permission denied\n";
	struct vc_triage *t = decide(sys);

	(void)state;
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-no-access");
	assert_string_equal(t->causes.v[0].knowledge, "libvirt_system_qemu_user");
	assert_non_null(strstr(t->causes.v[0].remedies.v[0].steps, "/etc/libvirt/qemu.conf"));
	assert_non_null(strstr(t->headline, "qemu:///system"));
	vc_triage_free(t);
	t = decide(plain);
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-no-access");
	assert_null(strstr(t->causes.v[0].remedies.v[0].steps, "qemu.conf"));
	/* no instance named: the user's group first, the QEMU account's after it */
	assert_true(t->causes.v[0].remedies.n >= 2);
	assert_non_null(
		strstr(t->causes.v[0].remedies.v[t->causes.v[0].remedies.n - 1].steps, "group = \"kvm\""));
	vc_triage_free(t);
	/* QEMU refused on its own, no libvirt around it: nothing about qemu.conf */
	t = decide("Could not access KVM kernel module: Permission denied\n");
	for (size_t i = 0; i < t->causes.v[0].remedies.n; i++)
		assert_null(strstr(t->causes.v[0].remedies.v[i].steps, "qemu.conf"));
	vc_triage_free(t);
}

/* Session 15's pastes: DKMS's tree names VirtualBox's version (linuxmint/linuxmint#896); a grep -c
 * of vmx/svm with its count (phatnhse/android-container#33); VMware's "This host supports AMD-V, but
 * AMD-V is disabled" (Olsro/ipodclickwheelgamespreservationproject#22); QEMU's 0x80000021, the guest's
 * state (compsec-snu/razzer#22) */
static void test_s15_readings(void **state)
{
	static const struct {
		const char *paste, *cause, *remedy;
	} c[] = {
		{ "make -j12 KERNELRELEASE=7.0.0-28-generic -C /lib/modules/7.0.0-28-generic/build "
		  "M=/var/lib/dkms/virtualbox/7.0.16/build....(bad exit status: 2)\n"
		  "Error! Bad return status for module build on kernel: 7.0.0-28-generic (x86_64)\n",
		  "version-incompatible-kernel", "Upgrade VirtualBox to 7.2.8" },
		{ "cpu_support_hardware_acceleration=$(grep -cw \".*\\(vmx\\|svm\\).*\" /proc/cpuinfo)\n"
		  "returns 0\n",
		  "no-vt-in-guest", "nested virtualization" },
		{ "$ egrep -c '(vmx|svm)' /proc/cpuinfo\n0\n", "no-vt-in-guest", "nested virtualization" },
		{ "Error while powering on: This host supports AMD-V, but AMD-V is disabled.\n",
		  "firmware-disabled", "firmware setup" },
		{ "This host supports Intel VT-x, but Intel VT-x is disabled.\n", "firmware-disabled",
		  "firmware setup" },
		{ "KVM: entry failed, hardware error 0x80000021\n", "other", "Change the guest" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		struct vc_triage *t = decide(c[i].paste);
		const struct vc_triage_cause *tc = &t->causes.v[0];

		if (strcmp(vc_cause_name(tc->cause), c[i].cause))
			fail_msg("case %zu: %s, expected %s", i, vc_cause_name(tc->cause), c[i].cause);
		assert_true(tc->remedies.n > 0);
		if (!strstr(tc->remedies.v[0].steps, c[i].remedy))
			fail_msg("case %zu: remedy %s", i, tc->remedies.v[0].steps);
		vc_triage_free(t);
	}
	/* the version from the DKMS path, the count from the command's own line */
	{
		struct vc_triage *t = decide("Consult /var/lib/dkms/virtualbox/7.0.16/build/make.log for "
					     "more information.\nKernel driver not installed (rc=-1908)\n");
		assert_true(has_fact(t, "virtualbox.version"));
		vc_triage_free(t);
		t = decide("egrep -c '(svm|vmx)' /proc/cpuinfo returns 2 so I have access to KVM\n"
			   "ProbeKVM: This user doesn't have permissions to use KVM (/dev/kvm).\n");
		assert_true(has_fact(t, "cpu_vt"));
		assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-no-access");
		vc_triage_free(t);
		/* a number on a line that follows no such command says nothing of VT */
		t = decide("$ uname -m\nx86_64\n0\nCould not access KVM kernel module: No such file or "
			   "directory\n");
		assert_false(has_fact(t, "cpu_vt"));
		vc_triage_free(t);
		/* `id` and `ls -l /dev/kvm`: a member of kvm, the node root:root 0600, no udev rule
		 * (coreos/bugs#1130): the rule, not usermod */
		t = decide(
			"core@lan-lab-3 / $ id\nuid=500(core) gid=500(core) groups=500(core),10(wheel),"
			"78(kvm)\ncore@lan-lab-3 / $ ls -l /dev/kvm\ncrw------- 1 root root 10, 232 Feb 19 "
			"23:07 /dev/kvm\n");
		assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-no-access");
		assert_string_equal(t->causes.v[0].knowledge, "kvm_node_root_only");
		assert_non_null(strstr(t->causes.v[0].remedies.v[0].steps, "65-kvm.rules"));
		assert_non_null(strstr(t->headline, "mode 0600, group root"));
		vc_triage_free(t);
		/* root:kvm 0660 with an ACL mark after the mode, a user outside kvm, and QEMU refused:
		 * the group (the ACL admitted no one, the open says so) */
		t = decide("uid=1000(alice) gid=1000(alice) groups=1000(alice),27(sudo)\n"
			   "crw-rw----+ 1 root kvm 10, 232 May 22 10:39 /dev/kvm\n"
			   "Could not access KVM kernel module: Permission denied\n");
		assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-no-access");
		assert_string_equal(t->causes.v[0].knowledge, "kvm_device_no_access");
		assert_non_null(strstr(t->causes.v[0].remedies.v[0].steps, "usermod -aG kvm"));
		vc_triage_free(t);
		/* a user the node admits: nothing refused */
		t = decide("uid=1000(alice) gid=1000(alice) groups=1000(alice),78(kvm)\n"
			   "crw-rw---- 1 root kvm 10, 232 May 22 10:39 /dev/kvm\n");
		assert_string_not_equal(vc_cause_name(t->causes.v[0].cause), "kvm-no-access");
		vc_triage_free(t);
		/* the screenshot error of a VM that had started: vboxdrv was loaded, so not
		 * driver-not-loaded nor vboxconfig (VirtualBox/virtualbox#181; s16-hostsA) */
		t = decide("ERROR [COM]: aRC=E_FAIL (0x80004005) aIID={...} aComponent={DisplayWrap} aText={"
			   "Unsupported resolution for screen shot: 0x0 (screen 0)}\n");
		assert_true(has_fact(t, "modules"));
		for (size_t i = 0; i < t->causes.n; i++) {
			assert_int_not_equal(t->causes.v[i].cause, VC_CAUSE_DRIVER_NOT_LOADED);
			for (size_t r = 0; r < t->causes.v[i].remedies.n; r++)
				assert_null(strstr(t->causes.v[i].remedies.v[r].steps, "vboxconfig"));
		}
		vc_triage_free(t);
		/* HMR3's "HM ring-0 init failed" comes after VMMR0 ran: vboxdrv is loaded, no
		 * vboxconfig (VirtualBox/virtualbox#222); a VM named after its guest's OS names no
		 * host */
		t = decide(
			"[~] $ vboxmanage startvm \"Windows 10 Pro\"\nWaiting for VM \"Windows 10 Pro\" to "
			"power on...\nVBoxManage: error: HM ring-0 init failed: VERR_NOT_AVAILABLE "
			"(VERR_NOT_AVAILABLE)\n");
		assert_true(has_fact(t, "modules"));
		assert_false(has_fact(t, "host_os"));
		for (size_t i = 0; i < t->causes.n; i++) {
			assert_int_not_equal(t->causes.v[i].cause, VC_CAUSE_DRIVER_NOT_LOADED);
			for (size_t r = 0; r < t->causes.v[i].remedies.n; r++)
				assert_null(strstr(t->causes.v[i].remedies.v[r].steps, "vboxconfig"));
		}
		vc_triage_free(t);
		/* KVM's emulation failure in a Linux inside VirtualBox on Windows
		 * (slimbootloader/slimbootloader#1469): the guest's code, no VirtualBox installed
		 * here (the Windows host's prose stays a weak fact: "Ubuntu in VirtualBox on Windows
		 * 10" beside VirtualBox's own error is that host's); the words' fact once */
		t = decide("QEMU on Ubuntu 20.04 which is running inside VirtualBox on a Windows 10 host.\n"
			   "it crashes right at the start:\nKVM internal error. Suberror: 1\nemulation "
			   "failure\n");
		assert_string_equal(vc_cause_name(t->causes.v[0].cause), "other");
		assert_string_equal(t->causes.v[0].knowledge, "emulation_guest_instruction");
		{
			size_t n = 0;

			for (size_t i = 0; i < t->facts.n; i++)
				n += !strcmp(t->facts.v[i].key, "environment.virtualized");
			assert_int_equal(n, 1);
		}
		for (size_t i = 0; i < t->causes.n; i++)
			assert_int_not_equal(t->causes.v[i].cause, VC_CAUSE_DRIVER_NOT_LOADED);
		vc_triage_free(t);
		/* "no hardware support for kvm_intel" on a Zen 3 CPU (clearlinux/distribution#2780) is
		 * the other vendor's module: no "no VT"; on an Intel CPU it is this CPU's */
		t = decide("`kvm: no hardware support for kvm_intel` on Zen 3 CPU\n");
		assert_string_equal(vc_cause_name(t->causes.v[0].cause), "other");
		assert_string_equal(t->causes.v[0].knowledge, "vendor_module_other_cpu");
		assert_non_null(strstr(t->causes.v[0].remedies.v[0].steps, "modprobe kvm_amd"));
		assert_false(has_fact(t, "cpu_vt"));
		vc_triage_free(t);
		t = decide(
			"[    0.9] kvm: no hardware support for 'kvm_intel'\nmodel name : Intel(R) Core(TM) "
			"i5-8250U CPU\n");
		assert_true(has_fact(t, "cpu_vt"));
		assert_false(has_fact(t, "kvm.vendor_module"));
		vc_triage_free(t);
		t = decide("[    0.9] kvm: no hardware support\n");
		assert_true(has_fact(t, "cpu_vt"));
		vc_triage_free(t);
		/* the message before 5.16 names no module: on an AMD CPU whose kvm_amd then sets up
		 * (its "Nested Virtualization enabled"), it was the other vendor's (Clear Linux's
		 * built-in kvm_intel: clearlinux/distribution#1702) */
		t = decide(
			"Clear Linux on my Ryzen 7 3700X, SVM enabled in BIOS\n[0.894716] kvm: no hardware "
			"support\n[216.514001] kvm: Nested Virtualization enabled\n");
		assert_string_equal(t->causes.v[0].knowledge, "vendor_module_other_cpu");
		assert_true(has_fact(t, "kvm.vendor_module"));
		vc_triage_free(t);
		/* a Linux "in VirtualBox on Windows 10" beside VirtualBox's own error: that Windows
		 * host's answer, as before the words were read as the outer hypervisor's */
		t = decide("I run Ubuntu 22.04 in VirtualBox on Windows 10\nVT-x is not available "
			   "(VERR_VMX_NO_VMX)\n");
		assert_string_equal(t->causes.v[0].knowledge, "win_hyperv_holds_vt");
		vc_triage_free(t);
		/* "guest" elsewhere on the line does not make Windows a guest's: the Windows host
		 * answers (its Hyper-V), no nested virtualization; a Windows guest is no host */
		t = decide("I'm on Windows 10 with VirtualBox 6.1, my Ubuntu guest fails\n00:00:01.234567 "
			   "VMSetError: VERR_VMX_NO_VMX\n");
		assert_true(has_fact(t, "host_os"));
		assert_string_equal(t->causes.v[0].knowledge, "win_hyperv_holds_vt");
		vc_triage_free(t);
		t = decide("my Windows 10 guest in VirtualBox\nVT-x is not available (VERR_VMX_NO_VMX)\n");
		assert_false(has_fact(t, "host_os"));
		vc_triage_free(t);
		/* `ls -l` with a '+' after the mode: an ACL the paste does not show (logind's uaccess for
		 * the seat's user) may admit a user outside group kvm: no "denied", no EACCES made up */
		t = decide("uid=1000(alice) gid=1000(alice) groups=1000(alice),4(adm),27(sudo)\n"
			   "crw-rw----+ 1 root kvm 10, 232 Feb 19 23:07 /dev/kvm\n");
		assert_int_not_equal(t->causes.v[0].cause, VC_CAUSE_KVM_NO_ACCESS);
		vc_triage_free(t);
		t = decide("uid=1000(alice) gid=1000(alice) groups=1000(alice),4(adm),27(sudo)\n"
			   "crw-rw---- 1 root kvm 10, 232 Feb 19 23:07 /dev/kvm\n");
		assert_int_equal(t->causes.v[0].cause, VC_CAUSE_KVM_NO_ACCESS);
		vc_triage_free(t);
		/* the Linux named the host, a VM in VirtualBox: this Linux is no guest, VirtualBox is
		 * installed here; a system name inside another word ("search", "minute") is none */
		t = decide("Host Ubuntu 22.04, the Windows VM in VirtualBox 7.0 fails\nVT-x is not available "
			   "(VERR_VMX_NO_VMX)\n");
		assert_false(has_fact(t, "environment.virtualized"));
		vc_triage_free(t);
		t = decide("After a search for a minute, the VM in VirtualBox fails\nVT-x is not available "
			   "(VERR_VMX_NO_VMX)\n");
		assert_false(has_fact(t, "environment.virtualized"));
		vc_triage_free(t);
		t = decide("I run Debian 12 inside VirtualBox\n/dev/kvm is not found\n");
		assert_true(has_fact(t, "environment.virtualized"));
		vc_triage_free(t);
		/* "VMware" after the Windows word is no VM: the Windows host stays */
		t = decide("Windows 11 with VMware Workstation 17 installed; VirtualBox says:\n"
			   "VERR_VMX_IN_VMX_ROOT_MODE\n");
		assert_true(has_fact(t, "host_os"));
		assert_int_not_equal(t->causes.v[0].cause, VC_CAUSE_KVM_HOLDS_VT);
		vc_triage_free(t);
		/* flavours and spellings: Kubuntu, Ubuntu22.04, ArchLinux are Linux in VirtualBox */
		t = decide("I run Kubuntu 22.04 inside VirtualBox\n/dev/kvm is not found\n");
		assert_true(has_fact(t, "environment.virtualized"));
		vc_triage_free(t);
		/* ENOKEY's words from a mount are no refused module; from modprobe they are */
		t = decide(
			"Kernel driver not installed (rc=-1908)\nVERR_VM_DRIVER_NOT_INSTALLED\nAlso my share "
			"fails: mount error(126): Required key not available\n");
		assert_int_not_equal(t->causes.v[0].cause, VC_CAUSE_SECURE_BOOT_UNSIGNED);
		vc_triage_free(t);
		t = decide("modprobe: ERROR: could not insert 'vboxdrv': Required key not available\n");
		assert_int_equal(t->causes.v[0].cause, VC_CAUSE_SECURE_BOOT_UNSIGNED);
		vc_triage_free(t);
		t = decide(
			"Kernel driver not installed (rc=-1908)\nVERR_VM_DRIVER_NOT_INSTALLED\nmount "
			"error(126): Required key not available mounting //nas/vbox-images on /mnt/vbox\n");
		assert_int_not_equal(t->causes.v[0].cause, VC_CAUSE_SECURE_BOOT_UNSIGNED);
		vc_triage_free(t);
		t = decide("systemd-modules-load[312]: Failed to insert module 'vboxdrv': Required key not "
			   "available\n");
		assert_int_equal(t->causes.v[0].cause, VC_CAUSE_SECURE_BOOT_UNSIGNED);
		vc_triage_free(t);
		/* a vboxhost DKMS build (Arch's, Oracle's) is no Debian package to reconfigure */
		t = decide("VERR_VM_DRIVER_NOT_INSTALLED\nDKMS make.log for vboxhost-6.1.38 for kernel "
			   "5.19.7-arch1-1\n");
		assert_true(!t->causes.v[0].knowledge ||
			    strcmp(t->causes.v[0].knowledge, "vboxdrv_not_loaded_dkms") != 0);
		vc_triage_free(t);
		/* both forms of "no hardware support": the named one decides, nothing leaks */
		t = decide("[0.9] kvm: no hardware support\n[1.0] kvm: no hardware support for 'kvm_intel'\n"
			   "vendor_id : AuthenticAMD\n");
		assert_string_equal(t->causes.v[0].knowledge, "vendor_module_other_cpu");
		vc_triage_free(t);
		/* a DKMS build failed for 6.8, VirtualBox's version unknown: the table knows no 7.0
		 * release's answer for 6.8 (its next row is 7.2's), so no "too old" is made up */
		t = decide("Setting up virtualbox-dkms ...\nBuilding for 6.8.0-45-generic\nError! Bad return "
			   "status for module build on kernel: 6.8.0-45-generic (x86_64)\n");
		assert_int_not_equal(t->causes.v[0].cause, VC_CAUSE_VERSION_INCOMPATIBLE_KERNEL);
		vc_triage_free(t);
		/* a line that names the host beside the guest keeps the host */
		t = decide("VirtualBox 6.1 on a Windows 10 host, Ubuntu guest\nVT-x is not available "
			   "(VERR_VMX_NO_VMX)\n");
		assert_true(has_fact(t, "host_os"));
		vc_triage_free(t);
		/* a grep without a count (-o) prints flags, not a number */
		t = decide("$ grep -o -m1 -E 'vmx|svm' /proc/cpuinfo\n0\n/dev/kvm is not found\n");
		assert_false(has_fact(t, "cpu_vt"));
		vc_triage_free(t);
	}
}

/* s15-pastes2: what a paste's words say of the host and the driver's build */
static void test_s15_pastes2(void **state)
{
	struct vc_triage *t;

	(void)state;
	/* module locking off ("locking-ignored") is no refusal; the version magic is
	 * (divx118/crouton-packages#36) */
	t = decide("[25831.832662] Chromium OS LSM: init_module locking-ignored "
		   "obj=\"/lib/modules/3.14.0/updates/dkms/vboxdrv.ko\" pid=21598 cmdline=\"/sbin/modprobe "
		   "vboxdrv\"\n[25831.833189] vboxdrv: version magic '3.14.0 SMP mod_unload ' should be "
		   "'3.14.0 SMP preempt mod_unload '\nmodprobe: ERROR: could not insert 'vboxdrv': Exec "
		   "format error\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "driver-not-loaded");
	assert_string_equal(t->causes.v[0].knowledge, "vboxdrv_built_for_another_kernel");
	assert_null(strstr(t->causes.v[0].remedies.v[0].steps, "module_locking"));
	vc_triage_free(t);
	/* a refusal of module locking still is one (divx118/crouton-packages#12) */
	t = decide("Chromium OS LSM: init_module denied module=\"/lib/modules/3.8.11/updates/dkms/"
		   "vboxdrv.ko\" pid=22154 cmdline=\"modprobe vboxdrv\"\nKernel driver not installed "
		   "(rc=-1908)\n");
	assert_string_equal(t->causes.v[0].knowledge, "vboxdrv_chromeos_module_locking");
	vc_triage_free(t);
	/* VirtualBox's AMD-V sentence for a host that is not Linux (VM.cpp): Windows's Hyper-V,
	 * not KVM (sisoputnfrba/foro#2673); the Linux sentence stays KVM's */
	t = decide("VirtualBox can't enable the AMD-V extension. Please close all other virtualization "
		   "programs. (VERR_SVM_IN_USE).\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "other");
	assert_true(has_fact(t, "host_os"));
	vc_triage_free(t);
	t = decide("VirtualBox can't enable the AMD-V extension. Please disable the KVM kernel "
		   "extension, recompile your kernel and reboot (VERR_SVM_IN_USE).\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-holds-vt");
	vc_triage_free(t);
	/* the Linux sentence over an issue form's "macOS" (VirtualBox/virtualbox#428) */
	t = decide("### Host OS Type\n\nmacOS\n\n### Host OS name + version\n\nlinux\n\nVirtualBox can't "
		   "operate in VMX root mode. Please disable the KVM kernel extension, recompile your "
		   "kernel and reboot (VERR_VMX_IN_VMX_ROOT_MODE).\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-holds-vt");
	vc_triage_free(t);
	/* Debian's and Ubuntu's VirtualBox names virtualbox-dkms: DKMS builds vboxdrv there, and
	 * that package has no vboxconfig to run (FreelancePentester/ddos-script#4) */
	t = decide("Kernel driver not installed (rc=-1908)\n\nThe VirtualBox Linux kernel driver "
		   "(vboxdrv) is either not loaded or there is a permission problem with /dev/vboxdrv. "
		   "Please reinstall virtualbox-dkms package and load the kernel module by executing\n");
	assert_string_equal(t->causes.v[0].knowledge, "vboxdrv_not_loaded_dkms");
	assert_non_null(strstr(t->causes.v[0].remedies.v[0].steps, "dpkg-reconfigure virtualbox-dkms"));
	assert_null(strstr(t->causes.v[0].remedies.v[0].steps, "/sbin/vboxconfig ("));
	vc_triage_free(t);
	/* Vagrant's "Stderr: VBoxManage: ..." beside KVM holding VT-x: the box on KVM is one way
	 * (mit-cml/appinventor-sources#2377, #2554: `vagrant up --provider=libvirt`) */
	t = decide("Stderr: VBoxManage: error: VT-x is being used by another hypervisor "
		   "(VERR_VMX_IN_VMX_ROOT_MODE).\nVBoxManage: error: VirtualBox can't operate in VMX root "
		   "mode. Please disable the KVM kernel extension, recompile your kernel and reboot "
		   "(VERR_VMX_IN_VMX_ROOT_MODE)\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-holds-vt");
	{
		bool provider = false;

		for (size_t r = 0; r < t->causes.v[0].remedies.n; r++)
			provider |= strstr(t->causes.v[0].remedies.v[r].steps, "--provider=libvirt") != NULL;
		assert_true(provider);
	}
	vc_triage_free(t);
	/* modprobe's ENOKEY is a signature refusal (kernel/module.c module_sig_check()):
	 * kubernetes/minikube#4060 */
	t = decide("WARNING: The vboxdrv kernel module is not loaded.\nmodprobe: ERROR: could not insert "
		   "'vboxdrv': Required key not available\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "secure-boot-unsigned");
	vc_triage_free(t);
}

/* the version branches of an unknown VirtualBox release, as cause ids; "" when there is none */
static void version_branches(const struct vc_triage *t, char *out, size_t n)
{
	*out = '\0';
	for (size_t i = 0; i < t->unknowns.n; i++)
		if (!strcmp(t->unknowns.v[i].fact, "virtualbox.version"))
			for (size_t b = 0; b < t->unknowns.v[i].branches.n; b++)
				snprintf(out + strlen(out), n - strlen(out), "%s%s", b ? " " : "",
					 vc_cause_name(t->unknowns.v[i].branches.v[b].cause));
}

/* VirtualBox's VT-x sentence of every host but Linux ("Please close all other virtualization
 * programs", VM.cpp #ifndef RT_OS_LINUX): never a modprobe; Windows assumed, macOS the other
 * answer; a line that names the Mac decides, and Linux's own lines keep it Linux */
static void test_s16_not_linux_host(void **state)
{
	static const char vtx[] = "VT-x is being used by another hypervisor. (VERR_VMX_IN_VMX_ROOT_MODE).\n"
				  "VirtualBox can't operate in VMX root mode. Please close all other "
				  "virtualization programs. (VERR_VMX_IN_VMX_ROOT_MODE).\n";
	struct vc_triage *t;
	char text[512];
	bool os = false;

	(void)state;
	t = decide(vtx);
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "other");
	assert_int_equal(t->confidence, VC_CONF_MEDIUM);
	assert_null(strstr(t->causes.v[0].remedies.v[0].steps, "modprobe"));
	assert_non_null(strstr(t->headline, "Windows assumed"));
	for (size_t i = 0; i < t->unknowns.n; i++)
		if (!strcmp(t->unknowns.v[i].fact, "host_os")) {
			os = true;
			assert_int_equal(t->unknowns.v[i].branches.n, 2);
			assert_non_null(strstr(t->unknowns.v[i].branches.v[1].remedy, "Mac"));
		}
	assert_true(os);
	vc_triage_free(t);
	snprintf(text, sizeof(text), "%son my MacBook Pro\n", vtx);
	t = decide(text);
	assert_non_null(strstr(t->causes.v[0].remedies.v[0].steps, "Mac"));
	assert_int_equal(t->confidence, VC_CONF_HIGH);
	vc_triage_free(t);
	snprintf(text, sizeof(text), "%skvm_intel             245760  0\n", vtx);
	t = decide(text);
	assert_null(strstr(t->headline ? t->headline : "", "Windows"));
	vc_triage_free(t);
}

/* Readings that fired on other words (review): an Arm CPU or a cloud VM named inside other words or
 * denied, the reporter's Arm words against an x86 CPU the paste shows, modprobe's FATAL as a failed
 * modprobe, the 0x0 screenshot over an absent vboxdrv */
static void test_s16_review(void **state)
{
	static const char base[] =
		"Could not access KVM kernel module: No such file or directory\n"
		"qemu-system-x86_64: failed to initialize KVM: No such file or directory\n";
	static const char *const not_arm[] = { "docker swarm cpu limit is 4",
					       "Host is my Intel desktop, definitely not an ARM CPU." };
	static const char *const not_vm[] = { "Pinning plugin ec2-metadata to 1.2",
					      "i use the spec2 instance type",
					      "Same image works fine on EC2 bare metal",
					      "Moved off Oracle Cloud last year; this is my own PC" };
	struct vc_triage *t;
	char text[512];

	(void)state;
	snprintf(text, sizeof(text), "%sIts on a arm CPU\n", base);
	t = decide(text);
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "other");
	vc_triage_free(t);
	snprintf(text, sizeof(text), "%sIts on a arm CPU\nvendor_id\t: GenuineIntel\n", base);
	t = decide(text);
	assert_string_not_equal(vc_cause_name(t->causes.v[0].cause), "other");
	vc_triage_free(t);
	for (size_t i = 0; i < ARRAY_SIZE(not_arm); i++) {
		snprintf(text, sizeof(text), "%s%s\n", base, not_arm[i]);
		t = decide(text);
		assert_false(has_fact(t, "architecture"));
		vc_triage_free(t);
	}
	snprintf(text, sizeof(text), "%srunning this on an ec2 instance\n", base);
	t = decide(text);
	assert_true(has_fact(t, "environment.virtualized"));
	vc_triage_free(t);
	for (size_t i = 0; i < ARRAY_SIZE(not_vm); i++) {
		snprintf(text, sizeof(text), "%s%s\n", base, not_vm[i]);
		t = decide(text);
		assert_false(has_fact(t, "environment.virtualized"));
		vc_triage_free(t);
	}
	/* LXD after a modprobe that failed: no "load it, then restart LXD" */
	t = decide("$ sudo modprobe kvm_intel\nmodprobe: FATAL: Module kvm_intel not found in directory "
		   "/lib/modules/6.8.0-1-custom\nError: Failed instance creation: Failed creating instance "
		   "record: Instance type \"virtual-machine\" is not supported on this server: KVM support "
		   "is missing (no /dev/kvm)\n");
	assert_null(strstr(t->causes.v[0].remedies.v[0].steps, "restart"));
	vc_triage_free(t);
	/* rc=-1908, then the screenshot's error: the driver is not loaded */
	t = decide("Kernel driver not installed (rc=-1908)\nERROR [COM]: aRC=E_FAIL (0x80004005) "
		   "aIID={x} aComponent={DisplayWrap} aText={Unsupported resolution for screen shot: 0x0 "
		   "(screen 0)}\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "driver-not-loaded");
	vc_triage_free(t);
}

static void test_s15_pastes3(void **state)
{
	struct vc_triage *t;
	char b[160];

	(void)state;
	/* WSL2's kernel before 5.10 has no "-WSL2" in its name (sickcodes/Docker-OSX#37) */
	t = decide("modprobe: FATAL: Module kvm not found in directory "
		   "/lib/modules/4.19.104-microsoft-standard\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "no-vt-in-guest");
	assert_true(has_fact(t, "environment.wsl"));
	vc_triage_free(t);
	/* WSL1's kernel is no WSL2 */
	t = decide("Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com)\nKernel driver not "
		   "installed (rc=-1908)\n");
	assert_false(has_fact(t, "environment.wsl"));
	vc_triage_free(t);
	/* Ubuntu's dkms apport line is a failed build for that kernel; the release unknown, one
	 * older than the table's first for it is answered first (linux-surface/kernel#87) */
	t = decide("ERROR (dkms apport): kernel package linux-headers-5.11.6-surface is not supported\n"
		   "Kernel driver not installed (rc=-1908).\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "version-incompatible-kernel");
	assert_int_equal(t->confidence, VC_CONF_MEDIUM);
	version_branches(t, b, sizeof(b));
	assert_string_equal(b, "version-incompatible-kernel driver-not-loaded");
	/* apport is Ubuntu's: its DKMS build of VirtualBox is virtualbox-dkms's, which has no
	 * vboxconfig */
	assert_true(has_fact(t, "virtualbox.build"));
	for (size_t i = 0; i < t->unknowns.n; i++)
		if (!strcmp(t->unknowns.v[i].fact, "virtualbox.version")) {
			assert_non_null(t->unknowns.v[i].branches.v[1].remedy);
			assert_non_null(strstr(t->unknowns.v[i].branches.v[1].remedy,
					       "dpkg-reconfigure virtualbox-dkms"));
		}
	vc_triage_free(t);
	/* but not where another DKMS module failed (nvidia), nor where Oracle's package says to run
	 * /sbin/vboxconfig, nor without VirtualBox in the paste */
	t = decide("ERROR (dkms apport): kernel package linux-headers-5.11.6-surface is not supported\n"
		   "Consult /var/lib/dkms/nvidia/460.56/build/make.log for more information.\n"
		   "Kernel driver not installed (rc=-1908)\n");
	assert_false(has_fact(t, "virtualbox.build"));
	vc_triage_free(t);
	t = decide("ERROR (dkms apport): kernel package linux-headers-5.11.6-surface is not supported\n"
		   "Kernel driver not installed (rc=-1908)\nPlease try setting it up again by "
		   "executing\n'/sbin/vboxconfig'\n");
	assert_false(has_fact(t, "virtualbox.build"));
	vc_triage_free(t);
	t = decide("ERROR (dkms apport): kernel package linux-headers-5.11.6-surface is not supported\n"
		   "Error! Bad return status for module build on kernel: 5.11.6-surface (x86_64)\n");
	assert_false(has_fact(t, "virtualbox.build"));
	vc_triage_free(t);
	/* DKMS's own line the same */
	t = decide("Error! Bad return status for module build on kernel: 5.11.6-surface (x86_64)\n"
		   "Kernel driver not installed (rc=-1908).\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "version-incompatible-kernel");
	vc_triage_free(t);
	/* a release known: no version branches */
	t = decide("Error! Bad return status for module build on kernel: 5.11.6-surface (x86_64)\n"
		   "Consult /var/lib/dkms/virtualbox/6.1.32/build/make.log for more information.\n");
	version_branches(t, b, sizeof(b));
	assert_string_equal(b, "");
	vc_triage_free(t);
	/* KVM busy in a paste that names VirtualBox as a word, nothing of vboxdrv: the branch where
	 * VMware's VMs run is VMware's, not "vboxdrv not loaded" (includeos/IncludeOS#339) */
	t = decide("ioctl(KVM_CREATE_VM) failed: 16 Device or resource busy\nNOTE: To run you image on "
		   "another platform such as virtualbox, check out convert_image.sh\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "virtualbox-holds-vt");
	for (size_t i = 0; i < t->unknowns.n; i++)
		if (!strcmp(t->unknowns.v[i].fact, "holder")) {
			assert_int_equal(t->unknowns.v[i].branches.n, 2);
			assert_string_equal(vc_cause_name(t->unknowns.v[i].branches.v[1].cause),
					    "vmware-holds-vt");
		}
	vc_triage_free(t);
	/* docker-machine's precreate check asks CPUID: no VT-x/AMD-V shown, a VM or the firmware
	 * (kubernetes/minikube#15838); not on a Windows host, whose check reads the firmware */
	t = decide("minikube v0.34.1 on linux (amd64)\n  Unable to start VM: create: precreate: This "
		   "computer doesn't have VT-X/AMD-v enabled. Enabling it in the BIOS is mandatory\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "no-vt-in-guest");
	branches(t, b, sizeof(b));
	assert_string_equal(b, "no-vt-in-guest firmware-disabled");
	vc_triage_free(t);
}

/* s16-pastes: LXD's, Multipass's and Proxmox's words for no KVM, VMware beside Device/Credential
 * Guard, a shell prompt's path, cloud words, podman machine */
static void test_s16_pastes(void **state)
{
	struct vc_triage *t;
	char b[160];
	bool restart = false, podman = false;

	(void)state;
	/* LXD: no /dev/kvm, four causes, the firmware first */
	t = decide("Error: Failed instance creation: Failed creating instance record: Instance type "
		   "\"virtual-machine\" is not supported on this server: KVM support is missing (no "
		   "/dev/kvm)\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "firmware-disabled");
	assert_true(has_fact(t, "kvm.device.present"));
	vc_triage_free(t);
	/* ... and again after the paste's modprobe of kvm_amd: LXD looked when it started (KVM's
	 * module first), and its remedy restarts LXD (canonical/lxd#14425) */
	t = decide("KVM support is missing (no /dev/kvm)\n$ sudo modprobe kvm kvm_amd\n"
		   "KVM support is missing (no /dev/kvm)\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "driver-not-loaded");
	for (size_t k = 0; k < t->causes.v[0].remedies.n; k++)
		restart |= strstr(t->causes.v[0].remedies.v[k].steps, "snap restart lxd") != NULL;
	assert_true(restart);
	vc_triage_free(t);
	/* a modprobe that failed moves nothing */
	t = decide("KVM support is missing (no /dev/kvm)\n$ sudo modprobe kvm_amd\nmodprobe: ERROR: "
		   "could not insert 'kvm_amd': Operation not supported\nKVM support is missing (no "
		   "/dev/kvm)\n");
	assert_string_not_equal(vc_cause_name(t->causes.v[0].cause), "driver-not-loaded");
	vc_triage_free(t);
	/* Multipass's check of /dev/kvm, on an EC2 instance in the prose's words: a VM first */
	t = decide("I can not launch instance in aws ec2.\nlaunch failed: KVM support is not enabled on "
		   "this machine.\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "no-vt-in-guest");
	branches(t, b, sizeof(b));
	assert_string_equal(b, "no-vt-in-guest firmware-disabled driver-not-loaded kvm-no-access");
	vc_triage_free(t);
	/* Proxmox VE: no vmx/svm in the CPU flags, a VM or the firmware */
	t = decide("TASK ERROR: KVM virtualisation configured, but not available. Either disable in VM "
		   "configuration or enable in BIOS.\n");
	branches(t, b, sizeof(b));
	assert_string_equal(b, "no-vt-in-guest firmware-disabled");
	assert_true(has_fact(t, "cpu_vt"));
	vc_triage_free(t);
	/* VMware beside Device/Credential Guard: Hyper-V on a Windows host */
	t = decide("VMware Workstation and Device/Credential Guard are not compatible.\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "other");
	assert_true(has_fact(t, "environment.host_hypervisor"));
	assert_non_null(strstr(t->causes.v[0].remedies.v[0].steps, "hypervisorlaunchtype off"));
	vc_triage_free(t);
	/* a prompt's path is no word of the user's: not a container; podman machine on Linux
	 * (containers/podman#25929): podman run without the VM first */
	t = decide("root@vm:~/docker-compose-collection# podman machine start\nCould not access KVM kernel "
		   "module: No such file or directory\n");
	assert_false(has_fact(t, "environment.container"));
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "firmware-disabled");
	podman = strstr(t->causes.v[0].remedies.v[0].steps, "podman run") != NULL;
	assert_true(podman);
	vc_triage_free(t);
	/* an x86 guest's QEMU without KVM on an Arm machine: no KVM for that guest at all
	 * (foxlet/macOS-Simple-KVM#248); high when a line of the machine shows it */
	t = decide("qemu-system-x86_64: -machine accel=kvm: No accelerator found\nIts on a arm CPU.\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "other");
	assert_int_equal(t->confidence, VC_CONF_MEDIUM);
	assert_non_null(strstr(t->causes.v[0].remedies.v[0].steps, "-accel tcg"));
	vc_triage_free(t);
	t = decide("$ uname -m\naarch64\nCould not access KVM kernel module: No such file or directory\n"
		   "qemu-system-x86_64: failed to initialize kvm: No such file or directory\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "other");
	assert_int_equal(t->confidence, VC_CONF_HIGH);
	vc_triage_free(t);
	/* the same on x86 (or unknown) is the missing /dev/kvm's four causes */
	t = decide("qemu-system-x86_64: -machine accel=kvm: No accelerator found\n");
	assert_string_not_equal(vc_cause_name(t->causes.v[0].cause), "other");
	vc_triage_free(t);
	/* the same words as the user's own, not a prompt's: still a container */
	t = decide("I start it with docker-compose up\nCould not access KVM kernel module: No such file or "
		   "directory\n");
	assert_true(has_fact(t, "environment.container"));
	vc_triage_free(t);
}

/* The Secure Boot branch's sign-file path: a kernel the report names by its series only ("Kernel
 * 5.4, openrc", stefantalpalaru/gentoo-overlay#79) has no /lib/modules/5.4, so the shell's
 * $(uname -r); a full release keeps its own (mkubecek/vmware-host-modules#167) */
static bool branch_remedy_has(const struct vc_triage *t, const char *s)
{
	for (size_t i = 0; i < t->unknowns.n; i++)
		for (size_t b = 0; b < t->unknowns.v[i].branches.n; b++)
			if (t->unknowns.v[i].branches.v[b].remedy &&
			    strstr(t->unknowns.v[i].branches.v[b].remedy, s))
				return true;
	return false;
}

static void test_s16_pastes2(void **state)
{
	struct vc_triage *t;

	(void)state;
	t = decide("when starting the virtual machine, I get the error `Could not open /dev/vmmon: No "
		   "such file or directory`.\n\nKernel 5.4, openrc, and recompiled "
		   "https://github.com/mkubecek/vmware-host-modules for my kernel\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "driver-not-loaded");
	assert_true(branch_remedy_has(t, "\"/lib/modules/$(uname -r)/build/scripts/sign-file\""));
	assert_false(branch_remedy_has(t, "/lib/modules/5.4/"));
	vc_triage_free(t);
	t = decide("kernel version: 5.19.6-200.fc36.x86_64\nCould not open /dev/vmmon: No such file or "
		   "directory.\nPlease make sure that the kernel module `vmmon' is loaded.\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "driver-not-loaded");
	assert_true(branch_remedy_has(t, "/lib/modules/5.19.6-200.fc36.x86_64/build/scripts/sign-file"));
	vc_triage_free(t);
}

/* Any remedy of the first cause containing s. */
static bool cause_remedy_has(const struct vc_triage *t, const char *s)
{
	for (size_t r = 0; r < t->causes.v[0].remedies.n; r++)
		if (strstr(t->causes.v[0].remedies.v[r].steps, s))
			return true;
	return false;
}

/* s17: WSL2 on Windows on Arm gets no nested-virtualization advice (microsoft/WSL#13796), and a WSL
 * that could not create its VM there is checked for its Arm64 build (microsoft/WSL#40233); VMware
 * beside Hyper-V is offered 15.5.5's Hyper-V mode (its release notes, MicrosoftDocs/WSL#719) */
static void test_s17_pastes(void **state)
{
	struct vc_triage *t;

	(void)state;
	t = decide("This is a brand-new Lenovo Yoga 7i with a Snapdragon Elite X2.\nInstalling: Ubuntu "
		   "24.04 LTS\nwsl: Nested virtualization is not supported on this machine.\nNot "
		   "implemented\nError code: Wsl/InstallDistro/Service/RegisterDistro/CreateVm/HCS/"
		   "0x80004001\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "no-vt-in-guest");
	assert_non_null(strstr(t->causes.v[0].remedies.v[0].steps, "Arm64 build"));
	assert_false(cause_remedy_has(t, "set nestedVirtualization=true"));
	assert_false(cause_remedy_has(t, "ExposeVirtualizationExtensions"));
	vc_triage_free(t);
	/* the same words on an x86 Windows 10: the nesting advice stays, no Arm64 advice */
	t = decide("wsl: Nested virtualization is not supported on this machine.\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "no-vt-in-guest");
	assert_true(cause_remedy_has(t, "set nestedVirtualization=true"));
	assert_false(cause_remedy_has(t, "Arm64"));
	assert_false(cause_remedy_has(t, "Windows on Arm"));
	vc_triage_free(t);
	/* "not a snapdragon" is no Arm machine; nor is a phone's Snapdragon beside an Intel PC, an
	 * ARM server the reporter does not have, or a host named snapdragon whose uname says x86_64 */
	static const char *const x86_pastes[] = {
		"my laptop is not a Snapdragon\n",
		"our Snapdragon phone app. My PC is an Intel Core i7\n",
		"I don't have an ARM server, this is a Xeon box.\n",
		"Tested without Snapdragon hardware.\n",
		"$ uname -a\nLinux snapdragon 6.8.0-45-generic #45-Ubuntu SMP x86_64 x86_64 x86_64 "
		"GNU/Linux\n"
		"I have a Snapdragon\n",
	};
	for (size_t i = 0; i < ARRAY_SIZE(x86_pastes); i++) {
		char paste[512];

		snprintf(paste, sizeof(paste),
			 "%swsl: Nested virtualization is not supported on this machine.\n", x86_pastes[i]);
		t = decide(paste);
		if (!cause_remedy_has(t, "set nestedVirtualization=true") ||
		    cause_remedy_has(t, "Windows on Arm"))
			fail_msg("read as Arm: %s", x86_pastes[i]);
		vc_triage_free(t);
	}
	/* the Arm reading itself still holds with "qemu-system-x86_64" or "amd64" named in the paste */
	t = decide("Its on a arm CPU, the image is amd64, run by qemu-system-x86_64\n"
		   "wsl: Nested virtualization is not supported on this machine.\n");
	assert_true(cause_remedy_has(t, "Windows on Arm"));
	vc_triage_free(t);
	/* a missing symbol of an extension pack's DLL is no stale VBoxSup: the ring-0 module's load
	 * must be what failed */
	{
		static const char ext[] = "00:00:01.234 ExtPack: Failed to load VBoxPuelMain.dll: "
					  "VBoxExtPackRegister not found (VERR_SYMBOL_NOT_FOUND)\n"
					  "00:00:00.5 Host RAM: 16384MB, Windows 10 build 19045\n";
		struct vc_triage *h = vc_triage_new();

		assert_int_equal(vc_triage_feed(h, "VBox.log", ext, strlen(ext)), 0);
		if (vc_triage_decide(h) == 0)
			for (size_t i = 0; i < h->causes.n; i++)
				assert_false(streq_ptr(h->causes.v[i].knowledge, "win_vboxsup_stale"));
		vc_triage_free(h);
	}
	/* WSL's HCS "not implemented" alone on x86 says nothing of nesting */
	{
		static const char hcs[] =
			"Not implemented\nError code: "
			"Wsl/InstallDistro/Service/RegisterDistro/CreateVm/HCS/0x80004001\n";
		struct vc_triage *h = vc_triage_new();

		assert_int_equal(vc_triage_feed(h, "paste", hcs, strlen(hcs)), 0);
		if (vc_triage_decide(h) == 0 && h->causes.n)
			assert_string_not_equal(vc_cause_name(h->causes.v[0].cause), "no-vt-in-guest");
		vc_triage_free(h);
	}
	t = decide("VMware Workstation and Device/Credential Guard are not compatible. VMware "
		   "Workstation can be run after disabling Device/Credential Guard.\n");
	assert_true(cause_remedy_has(t, "hypervisorlaunchtype off"));
	assert_true(cause_remedy_has(t, "15.5.5 and later"));
	vc_triage_free(t);
	/* a release already past it is not told to upgrade: Windows' build and the feature are left */
	t = decide("VMware Workstation 16.2.4 build-20089737\nVMware Workstation and Device/Credential Guard "
		   "are not compatible. VMware Workstation can be run after disabling Device/Credential "
		   "Guard.\n");
	assert_true(cause_remedy_has(t, "this VMware release runs its VMs on Windows' hypervisor"));
	assert_false(cause_remedy_has(t, "Upgrade VMware"));
	vc_triage_free(t);
	/* an Arm VM without VT (dockur/windows-arm#27): no x86 nesting steps */
	t = decide("I use the docker command line provided by this project on my ARM server, and the "
		   "system prompts \"Error response from daemon: error gathering device information while "
		   "adding custom device \"/dev/kvm\": no such file or directory.\"\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "no-vt-in-guest");
	assert_true(cause_remedy_has(t, "Arm bare-metal host"));
	assert_false(cause_remedy_has(t, "kvm_intel"));
	vc_triage_free(t);
	/* a node of group root: chgrp first (Linutronix/elbe#164); root:kvm keeps usermod first */
	t = decide("Could not access KVM kernel module: Permission denied\ncrw-rw---- 1 root root 10, "
		   "232 May 25 10:57 /dev/kvm\n");
	assert_string_equal(vc_cause_name(t->causes.v[0].cause), "kvm-no-access");
	assert_non_null(strstr(t->causes.v[0].remedies.v[0].steps, "sudo chgrp kvm /dev/kvm"));
	vc_triage_free(t);
	t = decide("Could not access KVM kernel module: Permission denied\ncrw-rw---- 1 root kvm 10, "
		   "232 May 25 10:57 /dev/kvm\n");
	assert_false(cause_remedy_has(t, "chgrp"));
	vc_triage_free(t);
	/* VirtualBox beside Hyper-V: no VMware advice */
	t = decide("00:00:01.1 OS Product: Windows 10\n00:00:02.0 HM: HMR3Init: Attempting fall back to "
		   "NEM: VT-x is not available\n00:00:02.1 NEM: WHvCapabilityCodeHypervisorPresent is "
		   "TRUE, so this might work...\n");
	assert_false(cause_remedy_has(t, "15.5.5"));
	vc_triage_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_dev_kvm),
		cmocka_unit_test(test_other_host_rows),
		cmocka_unit_test(test_emt_scheduling_while_atomic),
		cmocka_unit_test(test_eperm_and_modconfig),
		cmocka_unit_test(test_firejail_words),
		cmocka_unit_test(test_denied_headline),
		cmocka_unit_test(test_unknown_owner_headline),
		cmocka_unit_test(test_tool_named),
		cmocka_unit_test(test_vmware_no_kernel),
		cmocka_unit_test(test_vmware_version_line),
		cmocka_unit_test(test_bios_disabled_words),
		cmocka_unit_test(test_kvmtool_arch),
		cmocka_unit_test(test_host_arch),
		cmocka_unit_test(test_uname_next_line),
		cmocka_unit_test(test_secure_boot_ruled_out),
		cmocka_unit_test(test_build_lines),
		cmocka_unit_test(test_vmware_no_headers),
		cmocka_unit_test(test_container_open_denied),
		cmocka_unit_test(test_docker_desktop),
		cmocka_unit_test(test_libvirt_system_qemu_user),
		cmocka_unit_test(test_s15_readings),
		cmocka_unit_test(test_s15_pastes2),
		cmocka_unit_test(test_s15_pastes3),
		cmocka_unit_test(test_s16_not_linux_host),
		cmocka_unit_test(test_s16_pastes),
		cmocka_unit_test(test_s16_pastes2),
		cmocka_unit_test(test_s16_review),
		cmocka_unit_test(test_s17_pastes),
	};

	return cmocka_run_group_tests_name("triage", tests, NULL, NULL);
}
