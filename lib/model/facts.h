/* Typed facts: what each probe found, one struct per probe, and the names of their enums. The
 * field tables in facts.c write them as the "probes" section of virtcheck.report/1. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lib/host/host.h"
#include "lib/model/fields.h"
#include "lib/model/modules.h"

/* ---- enums, each with one name table (vc_NAME_name(), vc_NAME_from_name()) ---- */

/* Who can hold VT-x/AMD-V: the owner of the verdict. */
enum vc_hv {
	VC_HV_NONE,
	VC_HV_KVM,
	VC_HV_VIRTUALBOX,
	VC_HV_VMWARE,
	VC_HV_HYPERV,
	VC_HV_XEN,
	VC_HV_UNKNOWN,
	_VC_HV_MAX,
};
extern const char *const vc_hv_names[_VC_HV_MAX];
const char *vc_hv_name(enum vc_hv h);
/* For people: "KVM", "VirtualBox", ..., "nobody", "an unknown hypervisor". */
const char *vc_hv_label(enum vc_hv h);
/* VC_HV_UNKNOWN for names outside the table (and NULL). */
enum vc_hv vc_hv_from_name(const char *s);

/* The virtualization extension the CPU shows. */
enum vc_vt { VC_VT_NONE, VC_VT_VMX, VC_VT_SVM, _VC_VT_MAX };
const char *vc_vt_name(enum vc_vt v);
/* For people: "VT-x", "AMD-V", or "VT-x/AMD-V" when there is none. */
const char *vc_vt_label(enum vc_vt v);

/* A kernel module's state; ABSENT is also "not probed". */
enum vc_modstate {
	VC_MOD_ABSENT,
	VC_MOD_LIVE,
	VC_MOD_COMING,
	VC_MOD_GOING,
	VC_MOD_BUILTIN,
	VC_MOD_UNKNOWN,
	_VC_MOD_MAX,
};
const char *vc_modstate_name(enum vc_modstate s);

enum vc_confidence {
	VC_CONF_DEFINITIVE,
	VC_CONF_HIGH,
	VC_CONF_MEDIUM,
	VC_CONF_UNKNOWN,
	_VC_CONF_MAX,
};
extern const char *const vc_confidence_names[_VC_CONF_MAX];
const char *vc_confidence_name(enum vc_confidence c);

/* How many of the CPUs read have a bit set. */
enum vc_scope { VC_SCOPE_NONE, VC_SCOPE_SOME, VC_SCOPE_ALL, _VC_SCOPE_MAX };
const char *vc_scope_name(enum vc_scope s);

/* Whether a user may open a device node read-write, and why (lib/model/access.c). */
enum vc_access {
	VC_ACCESS_ROOT,
	VC_ACCESS_OWNER,
	VC_ACCESS_ACL_USER,
	VC_ACCESS_GROUP,
	VC_ACCESS_ACL_GROUP,
	VC_ACCESS_OTHER,
	VC_ACCESS_OPENED,	/* the permissions read say no, and open() worked: an ACL or group not seen */
	VC_DENIED_NOT_IN_GROUP, /* the group may, this user is not in it */
	VC_DENIED_MODE,		/* nobody but the owner (or root) may */
	VC_ACCESS_NO_DEVICE,	/* there is no node */
	VC_ACCESS_UNKNOWN,	/* the node could not be looked at */
	_VC_ACCESS_MAX,
};
extern const char *const vc_access_names[_VC_ACCESS_MAX];
const char *vc_access_name(enum vc_access a);
enum vc_access vc_node_access(const struct vc_devnode *d, const struct vc_identity *id);
bool vc_access_granted(enum vc_access a);

/* ---- cpuid ---- */

struct vc_cpuid_facts {
	bool available;
	char vendor[13];
	unsigned family, model, stepping;
	char brand[49];
	uint32_t max_leaf;
	uint32_t max_ext_leaf; /* 0: no extended leaves */
	bool has_max_ext_leaf;
	bool vmx, svm;
	enum vc_vt vt;
	bool hypervisor_bit;
	unsigned cpus_checked;
	bool vt_consistent;
	/* leaf 0x40000000 */
	bool hv_leaf;
	char hypervisor_signature[13];
	const char *hypervisor; /* the signature's id ("kvm", "hyperv", ...), or "unknown" */
	uint32_t hypervisor_max_leaf;
	char hypervisor_signature_alt[13]; /* a second, known signature at 0x40000100 */
	bool has_signature_alt;
	bool has_kvm_features;
	uint32_t kvm_features; /* 0x40000001 EAX */
	bool has_svm_features;
	uint32_t svm_revision, svm_asids, svm_edx; /* 0x8000000A */
	/* /proc/cpuinfo of the first CPU */
	bool has_cpuinfo;
	struct {
		bool vmx, svm, hypervisor, tdx_guest, fred;
	} cpuinfo_flags;
	/* FRED in use by this kernel: the cpuinfo flag (cleared unless enabled), else fred= on the
	 * command line; null when neither says */
	enum vc_tri fred;
	bool tdx_guest;	       /* leaf 0x21 says "IntelTDX    ": a TDX trust domain */
	unsigned hv_isolation; /* a Hyper-V isolated VM's type (0x4000000C EBX[3:0]): 2 SNP, 3 TDX */
	bool hv_isolated;      /* 0x40000003 EBX bit 22 (HV_ISOLATION) set and 0x4000000C read */
	bool cpuinfo_only;     /* no CPUID: cpuinfo_flags is all there is */
	enum vc_tri vt_cleared_by_kernel; /* null: CPUID is emulated, the kernel's CPU is another */
};

/* ---- modules ---- */

struct vc_module_facts {
	const char *family;
	enum vc_modstate state;
	bool in_sysfs; /* /sys/module/NAME exists: the facts below were read */
	struct vc_oint refcnt;
	struct vc_strv holders;
	char *version, *srcversion;
	VC_ARRAY(struct vc_param) parameters; /* /sys/module/NAME/parameters */
};

/* A modprobe.d line about a known module: blacklist, options (value) or install (value). */
struct vc_modprobe_line {
	char *module, *value, *source; /* source: "path:line" */
};

/* mod.param=value on the kernel command line, and module_blacklist= entries. */
struct vc_cmdline_param {
	char *module, *parameter, *value;
};

struct vc_modules_facts {
	bool proc_modules; /* /proc/modules exists (no: a kernel without loadable modules) */
	struct vc_strv unknown_out_of_tree;
	struct vc_module_facts mod[VC_NMODULES]; /* in vc_modules order */
	struct {
		struct vc_strv files;
		VC_ARRAY(struct vc_modprobe_line) blacklist, options, install;
		VC_ARRAY(struct vc_cmdline_param) cmdline, cmdline_blacklist;
	} config;
};

/* ---- platform ---- */

enum vc_firmware { VC_FW_BIOS, VC_FW_UEFI, _VC_FW_MAX };

/* Where the kernel command line is set on this host (for remedies; not in the JSON). */
enum vc_boot_loader {
	VC_BOOT_UNKNOWN,
	VC_BOOT_GRUBBY,		/* Fedora, RHEL: grubby --update-kernel=ALL --args */
	VC_BOOT_GRUB,		/* Debian, Ubuntu, Arch: /etc/default/grub and update-grub */
	VC_BOOT_KERNEL_CMDLINE, /* systemd-boot, kernel-install: /etc/kernel/cmdline */
};

struct vc_setting_source {
	char *value, *source;
};

/* A module parameter that decides who holds VT: the running value, and where it is configured. */
struct vc_setting {
	char *live; /* normalized to Y/N where it is a boolean; NULL when the module is not loaded */
	VC_ARRAY(struct vc_setting_source) sources;
	char *configured, *configured_by; /* the source that wins */
};

#define VC_NCONFIG 17
extern const char *const vc_config_keys[VC_NCONFIG];

struct vc_platform_facts {
	enum vc_firmware firmware;
	bool uefi;
	enum vc_tri secure_boot, setup_mode;
	bool shim_validation_disabled;
	char *lockdown;
	enum vc_tri sig_enforce;
	bool has_kernel_config;
	struct {
		char *source;
		char *value[VC_NCONFIG]; /* y, m, n or a value; NULL when not in the file */
	} kernel_config;
	struct {
		struct {
			struct vc_setting enable_virt_at_load;
		} kvm;
		struct {
			struct vc_setting nested, enable_apicv;
		} kvm_intel;
		struct {
			struct vc_setting nested, avic;
		} kvm_amd;
	} kvm_settings;
	struct {
		bool available;
		char *error; /* errno name when not available */
		unsigned lines;
		struct vc_strv bios_disabled, module_rejected, virt_enable_failed;
		/* vboxdrv/vmmon refusing to load: FRED without KVM_INTEL, missing preempt notifiers */
		struct vc_strv driver_refused;
		/* the TDX module came up on this host (arch/x86/virt/vmx/tdx/tdx.c, pr_fmt "virt/tdx: "):
		 * "TDX-Module initialized" (7.1+, at boot), "module initialized" (6.8-7.0, kvm_intel tdx=1)
		 */
		struct vc_strv tdx_initialized;
		/* a module built for another kernel, refused with ENOEXEC ("Exec format error"):
		 * kernel/module/main.c's struct module size check, a vermagic or symbol CRC mismatch */
		struct vc_strv module_abi;
	} kernel_log;
	enum vc_boot_loader boot_loader;
};

/* ---- msr ---- */

struct vc_msr_facts {
	bool available;
	char *error;	     /* errno name when not available */
	const char *reason;  /* why not */
	bool driver_missing; /* why: ENOENT where the kernel may have the msr driver */
	bool intel, amd;     /* which registers were read */
	unsigned cpus_read;
	bool has_feature_control;
	struct {
		uint64_t value;
		bool consistent;
		enum vc_scope locked;
		bool vmx_inside_smx, vmx_outside_smx;
		char *vmx_disabled_cpus;
	} feature_control;
	bool has_efer;
	enum vc_scope efer_svme;
	char *efer_svme_cpus;
	char *vm_hsave_pa_cpus;
	bool has_vm_cr;
	struct {
		uint64_t value;
		bool lock, svmdis;
	} vm_cr;
	bool vt_disabled; /* the firmware locked VT-x off, or set VM_CR.SVMDIS (not in the JSON) */
};

/* ---- kvm ---- */

struct vc_kvm_facts {
	const char *backend; /* kvm_intel, kvm_amd or kvm_pvm loaded; NULL */
	/* udevd runs here (/run/udev/control): its rules reach /dev/kvm; false in most containers
	 * and in WSL2 without systemd, where no rule is ever applied */
	enum vc_tri udevd;
	struct {
		const char *path;
		enum vc_tri present; /* null: the capture does not say */
		struct vc_devnode node;
	} device;
	struct {
		char *open;	      /* "ok" or the errno name of open(/dev/kvm, O_RDWR); NULL: not tried */
		char *open_read_only; /* the same for O_RDONLY, what a passive host opens; NULL */
		bool has_identity;
		char *user;
		unsigned uid;
		enum vc_access reason;
		bool has_invoker; /* root through sudo or pkexec */
		struct {
			char *user;
			unsigned uid;
			enum vc_access reason;
		} invoker;
	} access;
	bool captured; /* the /dev/kvm checks ran (live) or are in the capture */
	struct vc_oint api_version;
	int64_t *caps; /* vc_kvm_ncaps entries in vc_kvm_caps order, -1 unknown; NULL when not captured */
	int create_vm, create_vcpu, vcpu_run; /* VC_NOT_TRIED, 0 or errno */
	char run_exit[24];		      /* the guest stopped otherwise: the exit reason */
	enum vc_tri usable;		      /* null when unknown, or not proved (passive) */
	/* a passive host created no VM: "skipped" (NULL otherwise), and whether KVM looks usable from
	 * what it could read (read-only open, API 12, this user's permissions, the capabilities) */
	bool passive;
	const char *vm_test;
	bool usable_unverified;
};

/* ---- processes ---- */

struct vc_proc_facts {
	int64_t pid;
	char *comm;
	enum vc_hv hypervisor; /* kvm, virtualbox or vmware */
	bool is_kvm, is_vbox, is_vmware;
	unsigned vms, vcpus;
	bool device_open, uses_kvm;
	unsigned kvm_vm_fds;
	bool vm_without_fd;
};

struct vc_processes_facts {
	bool inspected;
	char *error; /* errno name when not */
	bool has_debugfs;
	unsigned debugfs_vms;
	VC_ARRAY(struct vc_proc_facts) procs;
	struct {
		unsigned kvm, virtualbox, vmware;
	} vms;
	unsigned unreadable;
};

/* ---- udev ---- */

#define VC_NUDEV_DEVICES 5
extern const char *const vc_udev_devices[VC_NUDEV_DEVICES];

struct vc_udev_device {
	char *name;
	bool registered;
	bool has_devnode, has_devnum, has_initialized, has_tags;
	char *devnode, *devnum;
	bool initialized;
	struct vc_strv tags;
};

struct vc_udev_rule {
	char *source, *group, *mode;
	bool uaccess;
};

struct vc_udev_facts {
	bool available;
	char *error;
	VC_ARRAY(struct vc_udev_device) devices; /* in the order libudev listed them */
	struct {
		char *group, *mode; /* what the rules end up setting */
		bool uaccess;
		VC_ARRAY(struct vc_udev_rule) sources;
	} rules[VC_NUDEV_DEVICES];
	unsigned rule_files;
};

/* ---- pci ---- */

struct vc_pci_device {
	char *slot, *id, *class, *iommu_group, *name;
};

struct vc_pci_facts {
	bool available;
	char *error;
	unsigned devices;
	VC_ARRAY(struct vc_pci_device) vfio_pci;
	struct {
		VC_ARRAY(struct vc_param) cmdline; /* intel_iommu=, amd_iommu=, iommu=... */
		bool dmar_table, ivrs_table;
		struct vc_strv units;
		unsigned groups;
		bool enabled;
	} iommu;
};

/* ---- environment ---- */

/* The product of a guest of ChromeOS's VMM (DMI product_name "crosvm"): ChromeOS's Linux VM */
#define VC_PRODUCT_CROSVM "ChromeOS (crosvm)"

struct vc_environment_facts {
	struct {
		char *sys_vendor, *product_name, *bios_vendor, *bios_version, *board_vendor,
			*chassis_asset_tag;
	} dmi;
	bool virtualized;
	const char
		*outer_hypervisor; /* its id (kvm, hyperv, xen...): DMI first, the CPUID signature second */
	const char *product;	   /* its product for people: "Amazon EC2", "Hyper-V", "VirtualBox"... */
	const char *cloud;	   /* the cloud it runs in: "Amazon EC2", "Microsoft Azure", ... or NULL */
	const char *wsl;	   /* wsl1, wsl2 */
	char *container;
	/* a privileged podman container's engine, "podman-3.4.4": podman writes engine= (and
	 * rootless=1) into /run/.containerenv only under --privileged (podman-run(1)); NULL else */
	char *container_engine;
	enum vc_tri container_rootless; /* its rootless= line there; null: not written (not in the JSON) */
	const char *confidential_guest; /* tdx, sev-snp, sev */
	/* this process runs in a user namespace that does not map all ids (rootless containers):
	 * its root is no root for nodes owned by unmapped ids */
	bool user_namespace;
	char *uid_map; /* /proc/self/uid_map's first line, as read */
	/* a CI job runs here: the CI system's name (from which variables are set, or the runner
	 * account); a job cannot log in again, so group changes do not reach it */
	const char *ci;
	/* the machine a pasted log came from when it is not Linux: "windows", "macos" (explain --log
	 * only; the probes leave it NULL and the report does not show it) */
	const char *host_os;
	/* the chroot a pasted log came from: "crouton" (ChromeOS's kernel, its own headers; explain
	 * --log only, from croutonversion's lines) */
	const char *chroot;
	/* a Xen domain: /sys/hypervisor/guest_type (PV, PVH, HVM; Linux 4.13+) when
	 * /sys/hypervisor/type is xen, and whether it is the hardware domain (dom0: XENFEAT_dom0 in
	 * /sys/hypervisor/properties/features); read once, by the first probe that asks */
	bool xen; /* /sys/hypervisor/type says xen */
	const char *xen_guest_type;
	bool xen_dom0, xen_read;
	/* dom0 of a Xen that itself runs in a virtual machine: that machine's hypervisor for people
	 * ("VMware"), named by DMI or by the CPUID dom0 reads from the Xen host (issue 15) */
	const char *xen_host;
	/* a sandbox for one program, which is no container (its /dev and modules are the host's):
	 * "firejail"; NULL when none shows. Read once, by the first probe that asks */
	const char *sandbox;
	bool sandbox_read;
};

/* ---- virtualbox ---- */

struct vc_vbox_log {
	char *path;
	struct vc_strv errors;
};

/* A module-signing key pair on this host: its certificate is there. */
enum {
	VC_VBOX_KEY_SHIM = 1u << 0,   /* /var/lib/shim-signed/mok/MOK.der: vboxdrv.sh's, Ubuntu's MOK */
	VC_VBOX_KEY_DKMS = 1u << 1,   /* /var/lib/dkms/mok.pub: DKMS 3's */
	VC_VBOX_KEY_AKMODS = 1u << 2, /* /etc/pki/akmods/certs/public_key.der: akmods' (kmodgenca) */
};

struct vc_known_error;
/* The install's own step that builds vboxdrv for a kernel: VirtualBox's vboxconfig (Oracle's
 * packages and installer), DKMS (Arch virtualbox-host-dkms, Debian/Ubuntu virtualbox-dkms), akmods
 * (RPM Fusion akmod-VirtualBox), or none: a package of modules built for one kernel
 * (virtualbox-host-modules-arch). */
enum vc_vbox_build {
	VC_VBOX_BUILD_UNKNOWN,
	VC_VBOX_BUILD_VBOXCONFIG,
	VC_VBOX_BUILD_DKMS,
	VC_VBOX_BUILD_AKMODS,
	VC_VBOX_BUILD_PACKAGE,
};

struct vc_virtualbox_facts {
	bool installed;
	char *install_dir, *version;
	const char *version_source;
	char *package;
	bool driver_loaded;
	char *driver_version;
	char *driver_ko;	    /* vboxdrv.ko for the running kernel (its path), NULL: none found */
	enum vc_tri driver_signed;  /* it ends with a module signature; null: compressed or not read */
	enum vc_tri kvm_backend;    /* null: a build without driver sources, none of its VMs seen */
	const char *kvm_backend_by; /* the evidence for the KVM backend (NEM), NULL */
	/* what the KVM backend needs of the CPU, read only for a KVM-backend build (null otherwise):
	 * XSAVE (CPUID.1:ECX[26]); the kernel's split lock detection on (the cpuinfo flag
	 * split_lock_detect without split_lock_detect=off on the command line) */
	enum vc_tri nem_xsave, nem_split_lock;
	/* RDTSCP (CPUID.80000001h:EDX[27]), read with XSAVE: Oracle's KVM-backend test builds up to
	 * r173630 fail without it (VirtualBox/virtualbox#603) */
	enum vc_tri nem_rdtscp;
	/* the KVM backend is cyberus-technology/virtualbox-kvm's (the virtualbox-kvm package, NixOS's
	 * enableKvm), not Oracle's own (a build without vboxdrv, its test builds 7.2.97) */
	bool nem_cyberus;
	VC_ARRAY(struct vc_vbox_log) logs;
	struct vc_strv setup_log;    /* /var/log/vbox-setup.log: its error lines (at most 8) */
	struct vc_strv boot_kernels; /* the kernels /boot holds (vmlinuz-RELEASE), for "boot the previous" */
	bool boot_listed;	     /* /boot was read (a report; a paste shows none of it) */
	bool vagrant;		     /* Vagrant is installed (for remedies; not in the JSON) */
	/* how vboxdrv is built here, read when it is not loaded (for remedies; not in the JSON), and
	 * the DKMS module (vboxhost, virtualbox) or the modules' package it names; static strings */
	enum vc_vbox_build build;
	const char *build_name;
	/* the module-signing keys on this host, VC_VBOX_KEY_ bits, and whether update-secureboot-policy
	 * is Ubuntu's (it names --new-key and --enroll-key), read with build (for remedies; not in the
	 * JSON): the knowledge table's mok_ rows choose how to enrol a key with them */
	unsigned sign_keys;
	bool sb_policy_tool;
	/* the error of the latest failure in a VM log, from the catalogue (for remedies; not in the JSON) */
	const struct vc_known_error *logged_error;
	/* the version of the gcc the running kernel was built with, as Debian and Ubuntu name its
	 * package after it ("11", "4.9"), from a pasted log ("The kernel was built by: gcc ... 11.3.0",
	 * /proc/version's "gcc version 11.3.0" or "gcc-13"); "" when not known (not in the JSON) */
	char kernel_gcc[8];
	/* a pasted DKMS build failed for another kernel than the running one, whose release this
	 * is; the facts' kernel is then the one being installed, which DKMS built for ("" otherwise;
	 * not in the JSON) */
	char running_kernel[72];
};

/* ---- vmware ---- */

/* VMware Workstation/Player on this host and its drivers vmmon (the monitor) and vmnet. */
struct vc_vmware_facts {
	bool installed;
	char *product; /* /etc/vmware/config product.name: "VMware Workstation", "VMware Player" */
	char *version; /* x.y.z from /etc/vmware/config */
	const char *version_source; /* the config key it came from */
	bool vmmon_loaded, vmnet_loaded;
	enum vc_tri dev_vmmon;	  /* /dev/vmmon exists; null when the devices were not read */
	char *vmmon_ko;		  /* vmmon.ko for the running kernel (its path), NULL: none found */
	enum vc_tri vmmon_signed; /* the .ko ends with a module signature; null: not read */
	char *service;		  /* VMware's init script or unit that loads vmmon and vmnet, NULL */
	/* VMMON_VERSION's major (e.g. 417), which the installed Workstation checks when a VM powers on:
	 * what the installed sources build (/usr/lib/vmware/modules/source/vmmon.tar), what the loaded
	 * module says (/sys/module/vmmon/version, absent from VMware's own builds); unset: not known */
	struct vc_oint vmmon_source, vmmon_loaded_version;
	struct vc_strv refused; /* kernel log lines that refuse vmmon or vmnet (signatures) */
	/* VMware's module installer said it could not build vmmon ("Unable to install all
	 * modules", "Failed to build vmmon": a paste, or its newest log on this host) */
	bool build_failed;
	/* the kernel release whose headers that build did not find (vmware-modconfig's log:
	 * "Failed to find /lib/modules/KVER/build/include"), NULL when not said */
	char *build_headers_missing;
	/* the log on this host that said so (/tmp/vmware-root/vmware-PID.log), "" when none did
	 * (for evidence; not in the JSON) */
	char build_log[128];
	bool present; /* installed, or vmmon/vmnet loaded: the fields above are written */
};

/* ---- the distribution (filled with the modules probe: it decides how module and boot
 * configuration persist) ---- */

enum vc_distro {
	VC_DISTRO_UNKNOWN,
	VC_DISTRO_DEBIAN, /* Debian, Ubuntu: update-grub, update-initramfs */
	VC_DISTRO_FEDORA, /* Fedora, RHEL and rebuilds: grubby, dracut */
	VC_DISTRO_ARCH,	  /* Arch: grub-mkconfig or /etc/kernel/cmdline (UKI), mkinitcpio */
	VC_DISTRO_SUSE,	  /* openSUSE, SLES: grub2-mkconfig, dracut */
	VC_DISTRO_NIXOS,  /* /etc is generated: configuration.nix, nixos-rebuild */
	VC_DISTRO_OSTREE, /* Fedora Atomic, CoreOS...: rpm-ostree kargs */
	_VC_DISTRO_MAX,
};
const char *vc_distro_name(enum vc_distro d);

/* The init system that runs this host (PID 1 and its run-time directory): it decides how a
 * service is started and enabled and how the machine is rebooted (systemctl, rc-service, sv,
 * service). Unknown where nothing says; remedies then say what systemd hosts do. */
enum vc_init {
	VC_INIT_UNKNOWN,
	VC_INIT_SYSTEMD,  /* /run/systemd/system exists (sd_booted(3)) */
	VC_INIT_OPENRC,	  /* /run/openrc (Gentoo, Artix, Alpine) */
	VC_INIT_RUNIT,	  /* /run/runit or PID 1 runit (Void, Artix) */
	VC_INIT_SYSVINIT, /* PID 1 init with /etc/inittab and no OpenRC (Devuan, MX, antiX) */
	_VC_INIT_MAX,
};
const char *vc_init_name(enum vc_init i);

/* A line that sets the kernel command line: /etc/default/grub's GRUB_CMDLINE_LINUX(_DEFAULT)
 * or /etc/kernel/cmdline. */
struct vc_cmdline_source {
	char *source; /* "path:line" */
	char *text;   /* the line as it is */
};

/* A module the initramfs is told to hold: /etc/initramfs-tools/modules, dracut's add_drivers and
 * force_drivers, mkinitcpio's MODULES (with their conf.d directories). The initramfs loads it with
 * its own copy of /etc/modprobe.d, so a modprobe.d change about it needs the initramfs rebuilt. */
struct vc_initramfs_module {
	char *module; /* with '_' for '-', as the modules probe spells names (modprobe: the same) */
	char *source; /* "path:line" */
};

struct vc_distro_facts {
	bool read; /* the modules probe looked */
	char *id;  /* os-release ID */
	char *pretty_name;
	enum vc_distro family;
	enum vc_init init;
	bool init_known; /* init is not VC_INIT_UNKNOWN (it is in the JSON only then) */
	/* the package of the running kernel as its /lib/modules/KVER/pkgbase names it (Arch's kernel
	 * packages write it: linux, linux-lts, linux-cachyos); NULL where there is none */
	char *kernel_package;
	VC_ARRAY(struct vc_cmdline_source) cmdline_sources;
	bool initramfs_listed; /* initramfs_modules is not empty (it is in the JSON only then) */
	VC_ARRAY(struct vc_initramfs_module) initramfs_modules;
};

/* ---- all of them ---- */

enum vc_probe_id {
	VC_PROBE_CPUID,
	VC_PROBE_MODULES,
	VC_PROBE_PLATFORM,
	VC_PROBE_MSR,
	VC_PROBE_KVM,
	VC_PROBE_PROCESSES,
	VC_PROBE_UDEV,
	VC_PROBE_PCI,
	VC_PROBE_ENVIRONMENT,
	VC_PROBE_VIRTUALBOX,
	VC_PROBE_VMWARE,
	_VC_PROBE_MAX,
};
const char *vc_probe_name(enum vc_probe_id p);
/* A set of probes. */
#define VC_P(id)      (1u << (id))
#define VC_ALL_PROBES ((1u << _VC_PROBE_MAX) - 1)

struct vc_facts {
	char *kernel;	     /* the release, NULL when unknown */
	const char *sysroot; /* the capture replayed, NULL when live */
	bool passive;	     /* a live report that changed nothing (--passive) */
	unsigned ran;	     /* VC_P() of each probe that ran */
	struct vc_cpuid_facts cpuid;
	struct vc_modules_facts modules;
	struct vc_platform_facts platform;
	struct vc_msr_facts msr;
	struct vc_kvm_facts kvm;
	struct vc_processes_facts processes;
	struct vc_udev_facts udev;
	struct vc_pci_facts pci;
	struct vc_environment_facts environment;
	struct vc_virtualbox_facts virtualbox;
	struct vc_vmware_facts vmware;
	struct vc_distro_facts distro;
};

/* The report's host section: kernel, sysroot, CPU vendor and model, hypervisor signature. */
struct vc_val *vc_facts_host_json(const struct vc_facts *f);
/* The probe's facts as its JSON object (the report's probes.NAME). */
struct vc_val *vc_facts_probe_json(const struct vc_facts *f, enum vc_probe_id p);
void vc_facts_free(struct vc_facts *f);

/* ---- questions many readers ask ---- */

const struct vc_module_facts *vc_facts_module(const struct vc_facts *f, const char *name);
enum vc_modstate vc_facts_modstate(const struct vc_facts *f, const char *name);
/* The value of /sys/module/MOD/parameters/PARAM as the modules probe read it, or NULL. */
const char *vc_facts_param(const struct vc_facts *f, const char *mod, const char *param);
/* The firmware disabled VT-x/AMD-V: read in the MSRs (definitive), or seen in the kernel's CPU
 * flags or log. */
bool vc_facts_firmware_disabled(const struct vc_facts *f, bool *definitive);
/* The kernel log refuses a module for the key that signed it, not for having no signature ("Loading
 * of module with unavailable key is rejected", "PKCS#7 signature not signed with a trusted key";
 * modprobe's "Key was rejected by service" when pasted). */
bool vc_facts_key_rejected(const struct vc_facts *f);
/* The kernel configuration's value of key (y, m, n, ...), NULL when not known. */
const char *vc_facts_kconfig(const struct vc_facts *f, const char *key);
/* Live, built in or coming. */
bool vc_facts_loaded(const struct vc_facts *f, const char *name);
/* AMD or Hygon: SVM, and EFER.SVME tells who holds it. */
bool vc_facts_amd(const struct vc_facts *f);
/* The VT-x/AMD-V this CPU shows and its hypervisor bit: from CPUID, or without it from the
 * kernel's /proc/cpuinfo flags; false when neither was read (then nothing is known). */
bool vc_facts_vt(const struct vc_facts *f, enum vc_vt *ret_vt, bool *ret_hv_bit);
/* The kvm_intel / kvm_amd this CPU would use, NULL without VT-x/AMD-V (or without evidence). */
const char *vc_facts_kvm_vendor_module(const struct vc_facts *f);

/* The running kernel for people: "Linux 6.11.8-300.fc41.x86_64", or where the facts do not name it
 * (a report that could not read it, a paste that shows none; explain --log's "$(uname -r)" stands
 * in for its remedies) "the running kernel", never "Linux ?". Appended to b. */
void vc_facts_running_linux(const struct vc_facts *f, struct buf *b);
/* Where this Linux runs when it is a container or a sandbox, for people, the one name the report's
 * verdict and `switch` both use: "docker container", "firejail sandbox", or where only the kind is
 * known (explain --log's "inside a container") "container", "sandbox", never "container container".
 * Appended to b; false (and nothing appended) where it is neither. */
bool vc_facts_environment_name(const struct vc_facts *f, struct buf *b);
/* The running kernel's release where the facts name it; NULL where they do not (none read, or
 * explain --log's "$(uname -r)", which stands in for it in commands). */
const char *vc_facts_kernel_named(const struct vc_facts *f);

/* KVM is built into the kernel (kvm or a vendor module): it cannot be unloaded. */
bool vc_facts_kvm_builtin(const struct vc_facts *f);
/* This kernel makes a loaded kvm_intel/kvm_amd hold VT-x/AMD-V from the moment it loads, with or
 * without VMs: Linux 6.12+ with kvm.enable_virt_at_load on (its default). */
bool vc_facts_kvm_holds_at_load(const struct vc_facts *f);
/* KVM_CREATE_VM failed because another hypervisor holds VT-x/AMD-V: EBUSY, or EIO since Linux
 * 6.12 ("kvm: enabling virtualization on CPUn failed"). err: the create_vm errno. */
bool vc_kvm_busy_errno(int err, const char *kernel);

/* A CI job runs here: its CI system ("GitHub Actions", ...), from the CI variables set (the host's
 * "env" record) or id's runner account; NULL otherwise. ret_why: the variable, or "the runner
 * account". A job cannot log in again, so group changes never reach it. */
const char *vc_ci_job(struct vc_host *h, const struct vc_identity *id, const char **ret_why);

/* The processes running VMs of one hypervisor: up to max, returns how many. Each comm is made to be
 * shown in prose ("pid 1234 (qemu-system-x86)"): any user names their processes, so it is escaped
 * by vc_sane, a newline too (the raw name stays in the facts). */
struct vc_vm_proc {
	long long pid;
	char comm[136]; /* a comm of 31 bytes, each escaped as "\xNN" at worst */
};
size_t vc_facts_running_vms(const struct vc_facts *f, enum vc_hv hv, struct vc_vm_proc *out, size_t max);
