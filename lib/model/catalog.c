/* The catalogue of error messages virtcheck can explain. */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/model/catalog.h"
#include "lib/base/util.h"

const struct vc_known_error vc_known_errors[] = {
	{ "VERR_VMX_IN_VMX_ROOT_MODE",
	  "virtualbox",
	  -4011,
	  { "VERR_VMX_IN_VMX_ROOT_MODE", "rc=-4011", "(-4011)", "operate in VMX root mode", NULL },
	  "VirtualBox found VT-x already switched on (the CPU is in VMX root mode): another hypervisor holds "
	  "it, almost always KVM (kvm_intel). Since Linux 6.12 a loaded kvm_intel holds VT-x even with no VM "
	  "running (kvm.enable_virt_at_load=1).",
	  { "conflict.", "owner", "platform.setting_pending", NULL } },
	{ "VERR_SVM_IN_USE",
	  "virtualbox",
	  -4054,
	  { "VERR_SVM_IN_USE", "rc=-4054", "(-4054)", "AMD-V is being used by another hypervisor", NULL },
	  "VirtualBox found AMD-V (SVM) already switched on: another hypervisor holds it, almost always KVM "
	  "(kvm_amd). Since Linux 6.12 a loaded kvm_amd holds SVM even with no VM running "
	  "(kvm.enable_virt_at_load=1).",
	  { "conflict.", "owner", "msr.", "platform.setting_pending", NULL } },
	{ "VERR_SVM_HOST_SVME_NOT_ENABLED",
	  "virtualbox",
	  -4074,
	  { "VERR_SVM_HOST_SVME_NOT_ENABLED", "rc=-4074", "(-4074)", "not enabled SVME bit", NULL },
	  "VirtualBox's driver trusted the host (KVM) to have switched SVM on, and EFER.SVME was clear. "
	  "Reported for VirtualBox 7.2.10 on Linux 6.16+ with kvm_amd loaded and kvm.enable_virt_at_load=0 "
	  "(usually a modprobe.d line left over from the VirtualBox 7.1 recipe); removing that line fixed "
	  "it. "
	  "For later 7.2.x releases the same cause is likely but not confirmed. Either let KVM enable it "
	  "(the "
	  "default, =1) or unload kvm_amd.",
	  { "conflict.", "virtualbox.", "owner", "platform.setting_pending", NULL } },
	{ "VERR_SVM_DISABLED",
	  "virtualbox",
	  -4053,
	  { "VERR_SVM_DISABLED", "rc=-4053", "(-4053)", "AMD-V is disabled in the BIOS", NULL },
	  "AMD-V is switched off by the firmware (VM_CR.SVMDIS): it has to be enabled in the firmware setup "
	  "(\"SVM Mode\").",
	  { "msr.vt_disabled_by_firmware", "cpuid.vt_disabled_by_firmware", "cpuid.", "owner", NULL } },
	{ "VERR_VMX_MSR_ALL_VMX_DISABLED",
	  "virtualbox",
	  -4028,
	  { "VERR_VMX_MSR_ALL_VMX_DISABLED", "rc=-4028", "(-4028)", "disabled in the BIOS for all CPU modes",
	    NULL },
	  "VT-x is locked off by the firmware for all CPU modes (IA32_FEATURE_CONTROL): it has to be enabled "
	  "in the firmware setup (\"Intel Virtualization Technology\").",
	  { "msr.vt_disabled_by_firmware", "cpuid.vt_disabled_by_firmware", "cpuid.", "owner", NULL } },
	{ "VERR_VMX_MSR_VMX_DISABLED",
	  "virtualbox",
	  -4029,
	  { "VERR_VMX_MSR_VMX_DISABLED", "rc=-4029", "(-4029)", NULL },
	  "VT-x is locked off by the firmware outside SMX mode (IA32_FEATURE_CONTROL): it has to be enabled "
	  "in the firmware setup.",
	  { "msr.vt_disabled_by_firmware", "cpuid.vt_disabled_by_firmware", "cpuid.", "owner", NULL } },
	{ "VERR_VMX_NO_VMX",
	  "virtualbox",
	  -4009,
	  { "VERR_VMX_NO_VMX", "rc=-4009", "(-4009)", "VT-x is not available", NULL },
	  "The CPU shows no VT-x: either it has none, or this system is itself a virtual machine whose "
	  "hypervisor does not expose VT-x (nested virtualization off).",
	  { "kvm.unavailable", "cpuid.", "environment.", "owner", NULL } },
	{ "VERR_SVM_NO_SVM",
	  "virtualbox",
	  -4052,
	  { "VERR_SVM_NO_SVM", "rc=-4052", "(-4052)", "AMD-V is not available", NULL },
	  "The CPU shows no AMD-V: either it has none, or this system is itself a virtual machine whose "
	  "hypervisor does not expose SVM (nested virtualization off).",
	  { "kvm.unavailable", "cpuid.", "environment.", "owner", NULL } },
	/* VirtualBox's HM (src/VBox/VMM/VMMR3/target-x86/HMR3-x86.cpp hmR3InitFinalizeR0, at
	 * VMINITCOMPLETED_RING0): ring-0's HM init status where it is none of the VT-x/AMD-V codes it
	 * names itself (in use, missing, disabled): "HM ring-0 init failed: VERR_NOT_AVAILABLE"
	 * (VirtualBox/virtualbox#222, 7.2.2 on Linux 6.16.7) */
	{ "vbox_hm_ring0_init_failed",
	  "virtualbox",
	  0,
	  { "HM ring-0 init failed", NULL },
	  "VirtualBox's ring-0 part (VMMR0, which vboxdrv loaded: the driver is loaded and running) "
	  "could not set VT-x/AMD-V up for this VM; the status after the message is ring-0's, none of the "
	  "ones VirtualBox names itself (VT-x/AMD-V in use by another hypervisor, missing, disabled in "
	  "the firmware). The VM's VBox.log (its \"HM:\" lines) and the kernel log say more.",
	  { "virtualbox.", "owner", NULL } },
	/* VirtualBox's display asked for a screenshot of a VM with no screen yet: the VM stopped while it
	 * started, the cause is the status before it. Both reports are VirtualBox 7.2.0 with kvm_amd
	 * loaded at boot, fixed by unloading it: VirtualBox/virtualbox#181 (Debian 13, 6.12.41: "ERROR
	 * [COM]: ... aText={Unsupported resolution for screen shot: 0x0 (screen 0)}", then "Guru
	 * Meditation"; "resolved after unloading the host kernel modules kvm and kvm_amd"),
	 * VirtualBox/virtualbox#144 (Ubuntu 24.04.3, after the update from 7.1.12: "lsmod | grep kvm") */
	{ "vbox_screenshot_0x0",
	  "virtualbox",
	  0,
	  { "Unsupported resolution for screen shot", NULL },
	  "VirtualBox's display asked for a screenshot of a VM whose screen never came up (0x0): the VM "
	  "stopped while it started, so this is a consequence, not the cause; the status before it in "
	  "VBox.log (a VERR_ code, a Guru Meditation) is. Reported with VirtualBox 7.2.0 on Linux where KVM "
	  "held AMD-V since boot (kvm_amd loaded): unloading KVM let the VMs start.",
	  { "conflict.", "owner", "virtualbox.", NULL } },
	{ "VERR_SYMBOL_NOT_FOUND",
	  "virtualbox",
	  -609,
	  { "VERR_SYMBOL_NOT_FOUND", "rc=-609", "Unable to locate imported symbol", NULL },
	  "VirtualBox's ring-0 module (VMMR0.r0) needs a symbol the loaded vboxdrv does not export: the "
	  "driver is older than the installed VirtualBox (it was not rebuilt or reloaded after an upgrade; "
	  "VirtualBox/virtualbox#425: 'SUPR0EnableHwvirt' with 7.2.4). Rebuild and reload vboxdrv.",
	  { "virtualbox.driver_", NULL } },
	/* the same mismatch as SUPDrv's loader names it (SUP_IOCTL_LDR_OPEN): a new VMMR0.r0 and the
	 * support driver of an older release still loaded (VirtualBox/virtualbox#301, #303, #329:
	 * 7.2.4 on Windows after 7.2.2 or test builds) */
	{ "VERR_LDR_IMPORTED_SYMBOL_NOT_FOUND",
	  "virtualbox",
	  -617, /* include/iprt/err.h */
	  { "VERR_LDR_IMPORTED_SYMBOL_NOT_FOUND", NULL },
	  "VirtualBox's ring-0 module (VMMR0.r0) imports a symbol the loaded support driver (vboxdrv on "
	  "Linux, VBoxSup on Windows) does not export: the driver running is an older release's, still "
	  "loaded after VirtualBox was upgraded. Reloading the driver of the installed release (a "
	  "restart; on Windows a repair or a reinstall of VirtualBox, then a restart) fixes it.",
	  { "virtualbox.driver_", NULL } },
	{ "VERR_VM_DRIVER_NOT_INSTALLED",
	  "virtualbox",
	  -1908,
	  { "VERR_VM_DRIVER_NOT_INSTALLED", "rc=-1908", "(-1908)", "Kernel driver not installed", NULL },
	  "VirtualBox's kernel driver vboxdrv is not loaded: it was not built for this kernel (a kernel "
	  "newer "
	  "than this VirtualBox supports does not build it: /var/log/vbox-setup.log shows why), or the "
	  "kernel "
	  "refused it (Secure Boot rejects unsigned modules; FRED without CONFIG_KVM_INTEL; Linux 6.15+ "
	  "without CONFIG_KVM).",
	  { "virtualbox.", "platform.", NULL } },
	/* vboxdrv.sh (and the Guest Additions' installer) when the running kernel's headers or the
	 * compiler are missing: linux-surface/linux-surface#1705 (installing the headers fixed it) */
	{ "vbox_cannot_build_modules",
	  "virtualbox",
	  0,
	  { "currently not set up to build kernel modules", "not currently set up to build kernel modules",
	    "unable to find the sources of your current Linux kernel", NULL },
	  "VirtualBox's setup (vboxconfig) cannot build vboxdrv for the running kernel: that kernel's "
	  "headers (linux-headers-RELEASE, kernel-devel-RELEASE) or gcc, make and perl are not installed. "
	  "Install them, then run `sudo /sbin/vboxconfig` again; VMs fail with \"Kernel driver not "
	  "installed (rc=-1908)\" until then.",
	  { "virtualbox.", "platform.", NULL } },
	{ "VERR_SUP_DRIVERLESS",
	  "virtualbox",
	  -5699,
	  { "VERR_SUP_DRIVERLESS", "Driverless mode", "rc=-5699", NULL },
	  "VirtualBox started without its kernel driver (driverless mode) and found no other way to run the "
	  "VM: official 7.2.x releases have no KVM backend on Linux (\"NEM: NEMR3Init: Not available\"), so "
	  "they need vboxdrv loaded. KVM-backend builds (virtualbox-kvm) are a different package.",
	  { "virtualbox.", "owner", NULL } },
	{ "VERR_NEM_NOT_AVAILABLE",
	  "virtualbox",
	  -6801,
	  { "VERR_NEM_NOT_AVAILABLE", "rc=-6801", "NEM is not available", NULL },
	  "VirtualBox's native execution manager (NEM, its KVM backend on Linux) is not available: no "
	  "/dev/kvm, no access to it, or a capability missing; the log line before it (\"NEM: ...\") names "
	  "which.",
	  { "kvm.", "virtualbox.", "owner", NULL } },
	{ "VERR_NEM_INIT_FAILED",
	  "virtualbox",
	  -6802,
	  { "VERR_NEM_INIT_FAILED", "rc=-6802", "Odd KVM_GET_VCPU_MMAP_SIZE value", NULL },
	  "VirtualBox's KVM backend (NEM) opened /dev/kvm but could not set itself up on this KVM "
	  "(\"Odd KVM_GET_VCPU_MMAP_SIZE value\", NEMR3NativeTemplate-linux.cpp.h r106320): the "
	  "kernel's KVM is not what it expects; the log lines before it (\"NEM: ...\") say more.",
	  { "kvm.", "virtualbox.", NULL } },
	/* ring-0 NEM exists only on Windows (NEMR0Native-win.cpp: winhvr.sys, VID.SYS) */
	{ "VERR_NEM_MISSING_KERNEL_API",
	  "virtualbox",
	  -6803,
	  { "VERR_NEM_MISSING_KERNEL_API", "VMMR0_DO_NEM_INIT_VM failed", NULL },
	  "VirtualBox on a Windows host found VT-x/AMD-V taken (\"VT-x is not available\") and fell "
	  "back to Hyper-V's API, whose kernel interface it could not use: Hyper-V (or a Windows feature "
	  "built on it: Virtual Machine Platform, Windows Hypervisor Platform, WSL2, Memory integrity) "
	  "runs. VirtualBox 6.1.4 fixed one such failure (VERR_NEM_MISSING_KERNEL_API_2).",
	  { "virtualbox.", "owner", NULL } },
	{ "VERR_NEM_VM_CREATE_FAILED",
	  "virtualbox",
	  -6805,
	  { "VERR_NEM_VM_CREATE_FAILED", "rc=-6805", "KVM_CREATE_VM failed", NULL },
	  "VirtualBox's KVM backend could not create its KVM VM. \"KVM_CREATE_VM failed: 16\" (EBUSY) means "
	  "another hypervisor (vboxdrv, vmmon) holds VT-x/AMD-V right now.",
	  { "conflict.", "kvm.", "owner", NULL } },
	{ "VERR_NEM_MISSING_FEATURE",
	  "virtualbox",
	  -6817,
	  { "VERR_NEM_MISSING_FEATURE", "rc=-6817", "Required capability", NULL },
	  "VirtualBox's KVM backend needs a KVM capability (or a CPU feature such as XSAVE) this kernel or "
	  "CPU does not offer (\"Required capability '...' is missing!\").",
	  { "kvm.", "cpuid.", "environment.", NULL } },
	{ "VERR_NEM_IPE_3",
	  "virtualbox",
	  -6893,
	  { "VERR_NEM_IPE_3", "rc=-6893", NULL },
	  "An internal error of VirtualBox's KVM backend (NEM), reported with older CPUs on trunk test "
	  "builds (VirtualBox/virtualbox#603): not caused by the host's configuration; report it upstream.",
	  { "kvm.", "cpuid.", NULL } },
	{ "VERR_ACCESS_DENIED",
	  "virtualbox",
	  -38,
	  { "VERR_ACCESS_DENIED", "Do not have access to open /dev/kvm", NULL },
	  "VirtualBox's KVM backend may not open /dev/kvm for reading and writing: this user is not in the "
	  "device's group (usually kvm), or its session predates joining it.",
	  { "kvm.no_access", "kvm.invoker_no_access", "udev.", "environment.container", NULL } },
	{ "VERR_NOT_SUPPORTED",
	  "virtualbox",
	  -37,
	  { "VERR_NOT_SUPPORTED", "KVM is not availble", NULL },
	  "VirtualBox's KVM backend found no /dev/kvm (its message: \"KVM is not availble (/dev/kvm does not "
	  "exist)\"): KVM is not loaded, or the CPU offers no usable VT-x/AMD-V.",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	{ "kvm_create_vm_ebusy",
	  "qemu",
	  0,
	  { "KVM_CREATE_VM) failed: 16", "KVM_CREATE_VM failed: 16",
	    "failed to initialize kvm: Device or resource busy",
	    "failed to initialize KVM: Device or resource busy", "KVM_CREATE_VM) failed: 5",
	    "KVM_CREATE_VM failed: 5", NULL },
	  "KVM_CREATE_VM returned EBUSY (EIO since Linux 6.12): KVM could not switch VT-x/AMD-V on "
	  "because another hypervisor (VirtualBox, VMware) holds it right now.",
	  { "conflict.", "kvm.create_vm_busy", "owner", NULL } },
	/* also the dockurr/windows and qemus images' own check (dockur/windows#363, windows-arm#220:
	 * "KVM acceleration not available (no write access)") */
	{ "kvm_permission_denied",
	  "qemu",
	  0,
	  { "Could not access KVM kernel module: Permission denied", "/dev/kvm: Permission denied",
	    "failed to initialize kvm: Permission denied", "open /dev/kvm: permission denied",
	    "KVM acceleration not available (no write access)", NULL },
	  "This user may not open /dev/kvm: it is not in the device's group (usually kvm), its login session "
	  "predates joining that group, or the node's mode is 0600.",
	  { "kvm.no_access", "udev.", "environment.container", NULL } },
	/* QEMU's open("/dev/kvm", O_RDWR) refused with EPERM, not EACCES: not the node's mode
	 * or group (ubports/utqemu#5: "Adding myself to group `kvm` did not help. `sudo chmod 666
	 * /dev/kvm` didn't solve the issue"), a device cgroup's refusal (Linux
	 * security/device_cgroup.c: -EPERM); QEMU accel/kvm/kvm-all.c kvm_init() prints "Could not
	 * access KVM kernel module: %m" for that open alone */
	{ "kvm_open_not_permitted",
	  "qemu",
	  0,
	  /* QEMU's line only: "/dev/kvm: Operation not permitted" is as often a non-owner's setfacl
	   * or chown on the node, which says nothing of opening it */
	  { "Could not access KVM kernel module: Operation not permitted", NULL },
	  "Opening /dev/kvm was refused with EPERM, not EACCES: the node's mode and groups are not the "
	  "cause, a device cgroup is (a snap whose kvm interface is not connected, a container not given "
	  "the device, a systemd unit's DevicePolicy).",
	  { "kvm.no_access", "environment.container", NULL } },
	/* kvmtool (lkvm, rkt's KVM stage1, nofear) prints no errno when KVM_CREATE_VM fails
	 * (kvm__init: pr_err("KVM_CREATE_VM ioctl")); on x86 the reports are another hypervisor holding
	 * VT-x: rkt/rkt#3558 (a VirtualBox VM running), cappsule/nofear#1 ("kvm: enabling
	 * virtualization on CPUx failed"; another hypervisor ran) */
	{ "kvmtool_create_vm_failed",
	  "kvmtool",
	  0,
	  { "Error: KVM_CREATE_VM ioctl", NULL },
	  "kvmtool (lkvm, rkt's KVM stage1) could not create its KVM VM and does not say why; on x86 the "
	  "reported cause is another hypervisor (VirtualBox, VMware) holding VT-x/AMD-V, so that KVM "
	  "cannot switch it on (the kernel log then says \"kvm: enabling virtualization on CPUn failed\").",
	  { "conflict.", "kvm.create_vm_busy", "owner", NULL } },
	/* Firecracker (and what runs on it) as its users paste it: "Kvm error: Error creating KVM object:
	 * Permission denied (os error 13)" (vm0-ai/vm0#958), "... No such file or directory (os error 2)";
	 * older releases' "Error creating the Kvm object: Error(13)" (firecracker#2268; setfacl on
	 * /dev/kvm fixed it) and "Cannot create VMM.: Kvm(Error(2))" (firecracker#685); Cloud
	 * Hypervisor's "VmCreate(No such file or directory (os error 2))" (cloud-hypervisor#1568:
	 * "You haven't got a /dev/kvm"). KVM_CREATE_VM's EBUSY as Firecracker panics with it:
	 * "Error opening VM fd: VmFd(Os { code: 16, ... "Resource busy" })" (firecracker#1109, its FAQ:
	 * another hypervisor such as VirtualBox or VMware holds VT-x) */
	{ "firecracker_kvm_permission_denied",
	  "firecracker",
	  0,
	  { "Error creating KVM object: Permission denied", "Kvm object: Error(13)", "Kvm(Error(13))", NULL },
	  "Firecracker could not open /dev/kvm: the user that runs it is not in the device's group (usually "
	  "kvm), its login session predates joining that group, or the node's mode is 0600.",
	  { "kvm.no_access", "udev.", "environment.container", NULL } },
	{ "firecracker_kvm_no_device",
	  "firecracker",
	  0,
	  { "Error creating KVM object: No such file or directory", "Kvm object: Error(2)", "Kvm(Error(2))",
	    NULL },
	  "Firecracker found no /dev/kvm: KVM is not loaded, the firmware disabled VT-x/AMD-V, this is a "
	  "virtual machine without nested virtualization, or a container was started without the device.",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	{ "firecracker_vmfd_busy",
	  "firecracker",
	  0,
	  { "VmFd(Os { code: 16", NULL },
	  "Firecracker could not create its KVM VM: KVM_CREATE_VM returned EBUSY (\"Error opening VM fd: "
	  "VmFd(Os { code: 16\"): KVM could not switch VT-x/AMD-V on because another hypervisor "
	  "(VirtualBox, VMware) holds it right now.",
	  { "conflict.", "kvm.create_vm_busy", "owner", NULL } },
	{ "cloud_hypervisor_kvm_no_device",
	  "cloud-hypervisor",
	  0,
	  { "VmCreate(No such file or directory", NULL },
	  "Cloud Hypervisor found no /dev/kvm: KVM is not loaded, the firmware disabled VT-x/AMD-V, this "
	  "is a virtual machine without nested virtualization, or a container was started without the "
	  "device.",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	/* also the dockurr/windows images' check, in its two wordings (dockur/windows#856: "KVM
	 * acceleration not available (device file missing)"; #1577: "KVM acceleration is not
	 * available (/dev/kvm is missing)") */
	{ "kvm_no_device",
	  "qemu",
	  0,
	  { "failed to initialize kvm: No such file or directory",
	    "Could not access KVM kernel module: No such file or directory",
	    "/dev/kvm: No such file or directory", "/dev/kvm does not exist",
	    "KVM acceleration not available (device file missing)",
	    "KVM acceleration is not available (/dev/kvm is missing)", NULL },
	  "/dev/kvm does not exist: KVM is not loaded (blacklisted, or the CPU has no usable VT-x/AMD-V), or "
	  "this is a container started without the device.",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	/* dockerd's own stat of the host path it was told to pass in (moby oci/devices_linux.go,
	 * DevicesFromPath: "error gathering device information while adding custom device %q: %s"
	 * after coci.DeviceFromPath(pathOnHost)): the machine dockerd runs on has no /dev/kvm. The
	 * container never started, so it is no container's missing device. Docker-OSX#522 (an Ubuntu
	 * VMware guest without nested VT-x), Docker-OSX#578 (Docker Desktop on Nobara, where
	 * virt-manager used KVM: dockerd runs in Docker Desktop's VM; Docker from the distribution
	 * fixed it) */
	/* LXD's and Incus's QEMU driver, when it looks for /dev/kvm (lxd/instance/drivers/
	 * driver_qemu.go: "KVM support is missing (no /dev/kvm)"): it does so when the daemon starts
	 * (canonical/lxd#14425: modprobe kvm kvm_amd did not help until `snap restart lxd`; #10078:
	 * "Just loading the module doesn't help, as LXD determines it on startup") */
	{ "lxd_kvm_missing",
	  "lxd",
	  0,
	  { "KVM support is missing (no /dev/kvm)", NULL },
	  "LXD (or Incus) found no /dev/kvm, so it offers no virtual machines: KVM's module was not "
	  "loaded, the firmware disabled VT-x/AMD-V, or this is a virtual machine without nested "
	  "virtualization. It looks only when its daemon starts: after loading KVM, restart it "
	  "(`sudo snap restart lxd`; Incus: `sudo systemctl restart incus`).",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	/* Multipass on Linux (src/platform/backends/shared/linux/backend_utils.cpp,
	 * check_for_kvm_support: the message when /dev/kvm does not exist) */
	{ "multipass_kvm_not_enabled",
	  "multipass",
	  0,
	  { "KVM support is not enabled on this machine", NULL },
	  "Multipass found no /dev/kvm: KVM's module is not loaded, the firmware disabled VT-x/AMD-V, "
	  "or this is a virtual machine without nested virtualization (a cloud instance).",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	/* Proxmox VE's qemu-server (PVE/QemuServer.pm config_to_command: dies when the VM has kvm
	 * on and $cpuinfo->{hvm} is false; pve-common PVE/ProcFSTools.pm read_cpuinfo sets hvm from
	 * vmx or svm in /proc/cpuinfo's flags) */
	{ "proxmox_kvm_not_available",
	  "proxmox",
	  0,
	  { "KVM virtualisation configured, but not available", NULL },
	  "Proxmox VE found neither vmx nor svm in /proc/cpuinfo's flags, so it will not start a VM "
	  "with KVM: the firmware disabled VT-x/AMD-V (the kernel then hides the flag), or Proxmox "
	  "itself runs in a virtual machine without nested virtualization (a cloud instance, a "
	  "VirtualBox or VMware guest).",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	{ "docker_kvm_no_device",
	  "docker",
	  0,
	  { "adding custom device \"/dev/kvm\": no such file or directory",
	    "adding custom device \"/dev/kvm\": not a device node", NULL },
	  "dockerd looked up /dev/kvm on the machine it runs on, to pass it into the container "
	  "(--device /dev/kvm, compose's devices:), and found no KVM device there: that machine has no "
	  "/dev/kvm (KVM not loaded, VT-x/AMD-V disabled in the firmware, or a virtual machine without "
	  "nested virtualization), or dockerd runs in Docker Desktop's own virtual machine (Docker "
	  "Desktop on Linux, macOS or Windows), which has none to give. The container was never "
	  "started.",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	{ "kvm_entry_failed",
	  "qemu",
	  0,
	  { "KVM: entry failed, hardware error", NULL },
	  "KVM could not enter a guest (VM entry failed; the number is the hardware's reason, 0x0 "
	  "none given). With VirtualBox 7.2.10, which uses the VT state KVM switched on, QEMU started "
	  "while VirtualBox VMs ran is reported to die like this (VirtualBox/virtualbox#711); on other "
	  "hosts a guest state KVM cannot run causes it.",
	  { "conflict.", "owner", NULL } },
	/* QEMU target/i386/kvm/kvm.c: KVM_EXIT_FAIL_ENTRY with VMX_INVALID_GUEST_STATE (0x80000021:
	 * VT-x's basic exit reason 33, "VM-entry failure due to invalid guest state", with bit 31, the
	 * entry failed), printed with its hint about big real mode on Intel CPUs without unrestricted
	 * guest; older qemu-kvm said "kvm: unhandled exit 80000021" */
	{ "kvm_invalid_guest_state",
	  "qemu",
	  0,
	  { "entry failed, hardware error 0x80000021", "unhandled exit 80000021",
	    "hardware_entry_failure_reason = 0x80000021", NULL },
	  "KVM entered the guest and VT-x refused the guest's state (exit reason 0x80000021: VM entry "
	  "failed on an invalid guest state). VT-x was on and KVM's: neither the firmware nor another "
	  "hypervisor stopped it; the guest's state did (QEMU: a guest in big real mode on an older "
	  "Intel CPU without unrestricted guest), or a bug of the host's KVM that loaded such a state.",
	  { "owner", NULL } },
	/* Linux include/uapi/linux/kvm.h: KVM_EXIT_INTERNAL_ERROR, suberror KVM_INTERNAL_ERROR_EMULATION
	 * (1, "Emulate instruction failed"), which QEMU prints as "KVM internal error. Suberror: 1" and
	 * "emulation failure" (slimbootloader/slimbootloader#1469, nested in VirtualBox) */
	{ "kvm_emulation_failure",
	  "qemu",
	  0,
	  { "KVM internal error. Suberror: 1", "KVM internal error.Suberror: 1", NULL },
	  "KVM stopped the guest with an internal error, suberror 1 (KVM_INTERNAL_ERROR_EMULATION): its "
	  "instruction emulator could not emulate an instruction the guest ran (QEMU's \"emulation "
	  "failure\"). VT-x/AMD-V was on and KVM's: neither the firmware nor another hypervisor is the "
	  "cause; the guest's code is, or what KVM emulates on this host (more under nested "
	  "virtualization).",
	  { "owner", NULL } },
	{ "module_signature_rejected",
	  "kernel",
	  0,
	  { "Key was rejected by service", "module verification failed",
	    "Loading of unsigned module is rejected", "Required key not available",
	    "unsigned module loading is restricted", "not signed with a trusted key",
	    "module with unavailable key is rejected", NULL },
	  "The kernel refused an unsigned or wrongly signed module: with Secure Boot (or lockdown, or "
	  "module.sig_enforce) only modules signed by a trusted key load. Out-of-tree drivers (vboxdrv, "
	  "vmmon) must be signed with a key enrolled with mokutil; \"with unavailable key\" means "
	  "they are signed, with a key that is not enrolled (vboxconfig's on Debian and Ubuntu: "
	  "/var/lib/shim-signed/mok/MOK.der).",
	  { "virtualbox.", "vmware.", "platform.", NULL } },
	/* modprobe's (and insmod's) EPERM: as root under Secure Boot it is lockdown refusing an unsigned
	 * module (Ubuntu and Debian kernels log "Lockdown: modprobe: unsigned module loading is
	 * restricted"); mkubecek/vmware-host-modules#55 (vmmon and vmnet on Ubuntu 20.04: disabling
	 * Secure Boot fixed it) */
	{ "module_load_not_permitted",
	  "modprobe",
	  0,
	  { "could not insert 'vmmon': Operation not permitted",
	    "could not insert 'vmnet': Operation not permitted",
	    "could not insert 'vboxdrv': Operation not permitted",
	    "could not insert 'vboxnetflt': Operation not permitted",
	    "could not insert 'vboxnetadp': Operation not permitted", ".ko: Operation not permitted", NULL },
	  "The kernel did not let the module load (EPERM). Run as root, it is lockdown refusing an "
	  "unsigned module: with Secure Boot on, Ubuntu's and Debian's kernels load only modules signed by "
	  "an enrolled key, so a self-built vmmon or vboxdrv must be signed (or Secure Boot disabled). "
	  "Without root, modprobe may not load anything.",
	  { "virtualbox.", "vmware.", "platform.", NULL } },
	{ "kvm_enable_failed",
	  "kernel",
	  0,
	  { "enabling virtualization on CPU", "Hardware virtualization init failed", NULL },
	  "KVM could not switch VT-x/AMD-V on when it was loaded (Linux 6.12+): another hypervisor held it "
	  "at that moment, or the firmware disabled it.",
	  { "conflict.", "msr.", "cpuid.", "owner", NULL } },
	{ "vt_disabled_by_bios",
	  "kernel",
	  0,
	  { "disabled by BIOS", "disabled (by BIOS)", "not enabled (by BIOS)", NULL },
	  "The firmware locked VT-x/AMD-V off; the kernel reports it at boot (newer kernels also drop the "
	  "vmx flag from /proc/cpuinfo, older ones such as 4.15 keep it). It has to be enabled in the "
	  "firmware setup.",
	  { "msr.vt_disabled_by_firmware", "cpuid.vt_disabled_by_firmware", "cpuid.", "owner", NULL } },
	{ "kvm_no_hardware",
	  "kernel",
	  0,
	  { "kvm: no hardware support", "SVM not supported", "VMX not supported", "not support SVM", NULL },
	  "KVM found no VT-x/AMD-V in the CPU flags: the CPU has none, the firmware disabled it, or this is "
	  "a virtual machine without nested virtualization.",
	  { "cpuid.", "msr.", "environment.", "owner", NULL } },
	/* modprobe's words for the vendor module's init failing with EOPNOTSUPP: vmx_init/svm_init refuse
	 * a CPU whose VT-x/AMD-V the firmware locked off or that has none (a VM without nesting);
	 * docker/docs#14912 ("my machine's BIOS had virtualization disabled") */
	{ "kvm_module_not_supported",
	  "modprobe",
	  0,
	  { "could not insert 'kvm_intel': Operation not supported",
	    "could not insert 'kvm_amd': Operation not supported", NULL },
	  "kvm_intel or kvm_amd refused to load (EOPNOTSUPP): the firmware has VT-x/AMD-V switched off (the "
	  "kernel log says \"disabled by bios\"), the CPU has none, or this is a virtual machine without "
	  "nested virtualization. kvm.ko itself loads anyway, but gives no /dev/kvm.",
	  { "msr.vt_disabled_by_firmware", "cpuid.", "kvm.", "environment.", "owner", NULL } },
	/* ---- s11-pastes2 ---- */
	/* vboxdrv.sh (setup, start) after it built vboxdrv, and the older init scripts
	 * (/etc/init.d/vboxdrv, Debian's virtualbox): the module is there and the kernel refused it
	 * (VirtualBox/virtualbox#5, dnschneid/crouton#2364) */
	{ "vboxdrv_load_failed",
	  "virtualbox",
	  0,
	  { "modprobe vboxdrv failed", NULL },
	  "VirtualBox's setup built vboxdrv and the kernel refused to load it; `dmesg` says why. With "
	  "Secure Boot on, an unsigned vboxdrv is refused (modprobe: \"Key was rejected by service\"): "
	  "sign it with an enrolled key or disable Secure Boot. Otherwise dmesg names another reason, "
	  "such as unknown symbols of a kernel newer than this VirtualBox supports.",
	  { "virtualbox.", "platform.", NULL } },
	/* ---- end s11-pastes2 ---- */
	/* ---- VMware Workstation/Player (issue 15, A2) ---- */
	/* VMware Workstation's and Player's power-on error where CPUID shows VT-x/AMD-V and it is off
	 * ("... might be disabled if it has been disabled in the BIOS/firmware settings or the host has
	 * not been power-cycled since changing this setting"; Intel's adds "disable 'trusted
	 * execution'"): Olsro/ipodclickwheelgamespreservationproject#22 (VMware Player, AMD-V) */
	{ "vmware_vt_disabled",
	  "vmware",
	  0,
	  { "This host supports AMD-V, but AMD-V is disabled",
	    "This host supports Intel VT-x, but Intel VT-x is disabled", NULL },
	  "VMware found VT-x/AMD-V in the CPU but switched off: the firmware setting disables it (on "
	  "Intel, \"trusted execution\" too), or the machine has not been powered off and on since it "
	  "was enabled. No hypervisor can use it until then.",
	  { "msr.vt_disabled_by_firmware", "cpuid.vt_disabled_by_firmware", "cpuid.", "owner", NULL } },
	/* VMware Workstation on a Windows host where Virtualization-based Security runs (Device Guard,
	 * Credential Guard, Memory integrity): its KB 2146361, cited in
	 * farag2/Sophia-Script-for-Windows#107; MicrosoftDocs/windows-itpro-docs#1862 (switching
	 * HypervisorEnforcedCodeIntegrity off let VMware start) */
	{ "vmware_device_credential_guard",
	  "vmware",
	  0,
	  { "Device/Credential Guard are not compatible", "Device/Credential Guard is not compatible", NULL },
	  "VMware Workstation on a Windows host found Windows running on Hyper-V for Virtualization-based "
	  "Security (Device Guard, Credential Guard, Memory integrity): Microsoft's hypervisor holds "
	  "VT-x/AMD-V, and this Workstation cannot run its VMs beside it.",
	  { "owner", NULL } },
	{ "vmware_no_vmmon",
	  "vmware",
	  0,
	  { "Could not open /dev/vmmon", "kernel module `vmmon' is loaded",
	    "Failed to initialize monitor device", NULL },
	  "VMware found no /dev/vmmon: its driver vmmon is not loaded. It is not built for the running "
	  "kernel, the kernel refused it (Secure Boot or lockdown and an unsigned module), or VMware's "
	  "service did not load it.",
	  { "vmware.", "platform.", "owner", NULL } },
	/* vmware-modconfig (the GUI's module installer, or --console --install-all) could not
	 * build vmmon and vmnet: mkubecek/vmware-host-modules#322 (Workstation 17.6.2 on 6.16.7:
	 * "Unable to install all modules. See log /tmp/vmware-USER/vmware-PID.log for details. (Exit
	 * code 1)"); Hyphaed/vmware_module_builder#20 ("Failed to build vmmon. Aborting.") */
	{ "vmware_modules_build_failed",
	  "vmware",
	  0,
	  { "Unable to install all modules", "Failed to build vmmon", NULL },
	  "VMware's module installer could not build vmmon (and vmnet) for the running kernel: its headers "
	  "are not installed, or the sources of this Workstation release do not compile against a newer "
	  "kernel. The log it names (/tmp/vmware-USER/vmware-PID.log) shows the first error.",
	  { "vmware.", "platform.", NULL } },
	/* mkubecek/vmware-host-modules#229; Linux kernel/module/main.c (-ENOEXEC) */
	{ "module_built_for_another_kernel",
	  "modprobe",
	  0,
	  { "this_module section size must match the kernel's built struct module size",
	    "disagrees about version of symbol", "could not insert 'vmmon': Exec format error",
	    "could not insert 'vmnet': Exec format error", "could not insert 'vboxdrv': Exec format error",
	    NULL },
	  "The kernel refused a module as built for another kernel (modprobe's \"Exec format error\", "
	  "ENOEXEC): it was compiled against the headers or configuration of a different kernel than the "
	  "running one. Rebuild it against the running kernel's headers.",
	  { "vmware.", "virtualbox.", "platform.", "owner", NULL } },
	{ "fred_invalid_event",
	  "kernel",
	  0,
	  { "invalid or fatal FRED event", "Invalid or fatal FRED event", NULL },
	  "The kernel runs with FRED (flexible return and event delivery) and a hypervisor driver raised an "
	  "event FRED does not allow: reported for VirtualBox 7.2.14's vboxdrv and VMware's vmmon when a VM "
	  "starts. Booting with fred=off avoids it until the driver is fixed.",
	  { "virtualbox.fred_panics_host", "vmware.fred_panics_host", "owner", NULL } },
	{ "vbox_emt_scheduling_while_atomic",
	  "kernel",
	  0,
	  { "scheduling while atomic: EMT-", NULL },
	  "A VirtualBox VM's emulation thread (EMT-0) hit \"BUG: scheduling while atomic\" in the host "
	  "kernel, and the VM aborted (in the GUI \"Failed to get a console object from the direct "
	  "session (NS_ERROR_ABORT)\" or a machine in state Aborted). Reported for VirtualBox 7.1.10 and "
	  "7.2.0 beta on Linux 6.15+ kernels built without CONFIG_KVM: only KVM selects the preempt "
	  "notifiers vboxdrv relies on, and the driver loads without them (VirtualBox/virtualbox#37, #9). "
	  "A kernel built with CONFIG_KVM=m (a distribution kernel) and vboxdrv rebuilt for it fixed it.",
	  { "virtualbox.kernel_without_kvm", "virtualbox.driver_", "owner", NULL } },
	{ "vmware_vmmon_version_mismatch",
	  "vmware",
	  0,
	  { "Version mismatch with vmmon module", "incorrect version of the 'vmmon' kernel module", NULL },
	  "The vmmon loaded was built from the sources of another Workstation release: each release "
	  "checks its own VMMON_VERSION (416 for 17.5, 417 for 17.6, 418 for 25H2). Build vmmon from this "
	  "release's sources and reload it.",
	  { "vmware.", NULL } },
	/* ---- the Windows and macOS hosts, emulators and front-ends (issue 21) ---- */
	{ "virtualbox_hardening",
	  "virtualbox",
	  0,
	  { "supR3HardenedWinReSpawn", "supR3HardenedMainInitRuntime", "VERR_SUP_VP_", "supHardenedWin",
	    "supR3HardenedWin", NULL },
	  "VirtualBox's process hardening on a Windows host refused to start the VM process "
	  "(VBoxHardening.log says why): its support driver VBoxSup is not running, or a DLL of another "
	  "program (antivirus, overlay, shell extension) is loaded into the process, or the install is "
	  "damaged.",
	  { "virtualbox.", "owner", NULL } },
	{ "vboxsup_not_loaded",
	  "virtualbox",
	  0,
	  { "VBoxDrvStub) failed", "\\Device\\VBoxDrv) failed", "Error opening VBoxDrvStub", NULL },
	  "VirtualBox on a Windows host could not open its support driver (\\Device\\VBoxDrvStub): the "
	  "VBoxSup driver service is not installed or not running (a failed or partial install, or an "
	  "update waiting for a reboot).",
	  { "virtualbox.", "owner", NULL } },
	{ "nem_windows_hypervisor_platform",
	  "virtualbox",
	  0,
	  { "WHvCapabilityCodeHypervisorPresent", "Windows Hypervisor Platform", "WHvSetupPartition",
	    "WHvCreatePartition", "WinHvPlatform.dll", "VERR_SUPDRV_NO_RAW_MODE_HYPER_V_ROOT",
	    "courtesy of Hyper-V", NULL },
	  "VirtualBox on a Windows host found VT-x/AMD-V taken (Hyper-V, Virtualization-based Security, "
	  "Memory Integrity, WSL2 or Windows Sandbox run Windows on Microsoft's hypervisor) and tried "
	  "Hyper-V's API (NEM) instead, which failed or is not switched on.",
	  { "virtualbox.", "owner", NULL } },
	{ "emulator_needs_acceleration",
	  "emulator",
	  0,
	  { "emulation currently requires hardware acceleration", "KVM is required to run this AVD",
	    "Please ensure KVM is properly installed and usable", NULL },
	  "The Android emulator runs x86 system images only with a hypervisor: KVM (/dev/kvm) on Linux, "
	  "the Android Emulator hypervisor driver, HAXM or the Windows Hypervisor Platform on Windows, "
	  "Hypervisor.framework on macOS. It found none it can use.",
	  { "kvm.", "cpuid.", "environment.", "owner", NULL } },
	/* the Android emulator's own KVM probe (ProbeKVM), as its users paste it:
	 * EranBoudjnah/CleanArchitectureForAndroid#655 (a GitHub runner user not in kvm); Android
	 * Studio's AVD Manager says it as "/dev/kvm device: permission denied."
	 * (snapcrafters/android-studio#40) */
	{ "emulator_kvm_permission",
	  "emulator",
	  0,
	  { "have permissions to use KVM", "/dev/kvm device: permission denied", NULL },
	  "The Android emulator could not open /dev/kvm: this user is not in the device's group (usually "
	  "kvm), its login session predates joining it, or the node's mode is 0600. The emulator then stops, "
	  "or runs with -accel off (software emulation, far too slow to boot).",
	  { "kvm.no_access", "kvm.invoker_no_access", "udev.", "environment.container", NULL } },
	{ "emulator_kvm_no_device",
	  "emulator",
	  0,
	  { "/dev/kvm is not found", NULL },
	  "The Android emulator found no /dev/kvm: KVM is not loaded, the firmware "
	  "disabled VT-x/AMD-V, this is a virtual machine without nested virtualization, or a container "
	  "was started without the device.",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	/* issue 15 (s9-c15): the emulator's CPU check (travis-ci#8586, cirruslabs/cirrus-ci-docs#397,
	 * CircleCI-Public/android-orb#84) */
	{ "emulator_kvm_no_vt",
	  "emulator",
	  0,
	  { "KVM requires a CPU that supports vmx or svm", NULL },
	  "The Android emulator found neither vmx nor svm in /proc/cpuinfo: the CPU has no VT-x/AMD-V, the "
	  "firmware disabled it, or this is a virtual machine without nested virtualization (most hosted "
	  "CI jobs and cloud VMs).",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	{ "emulator_haxm_missing",
	  "emulator",
	  0,
	  { "HAXM is not installed", "HAX kernel module is not installed", "Intel HAXM is required",
	    "HAXM is required", "Android Emulator hypervisor driver is not installed",
	    "AEHD is not installed", NULL },
	  "The Android emulator on Windows or macOS found no hypervisor driver of its own (HAXM, or the "
	  "Android Emulator hypervisor driver): it is not installed, or Hyper-V keeps it from loading.",
	  { "owner", NULL } },
	{ "libvirt_no_kvm",
	  "libvirt",
	  0,
	  { "Domain requires KVM, but it is not available", "could not find capabilities for domaintype=kvm",
	    /* libvirt 1.3+ names the arch too (theforeman/forklift#630) */
	    "could not find capabilities for arch=x86_64 domaintype=kvm", "no accelerator found",
	    "host doesn't support requested feature: CPU feature vmx",
	    "host doesn't support requested feature: CPU feature svm", NULL },
	  "libvirt found no usable KVM for a domain of type kvm: /dev/kvm is missing (the firmware disabled "
	  "VT-x/AMD-V, KVM's module is not loaded, or this is a VM without nested virtualization).",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	/* issue 15, environments (s9-c15): KubeVirt on nodes without KVM (kubevirt/kubevirt#1128, #10851) */
	{ "kubevirt_no_kvm_device",
	  "kubevirt",
	  0,
	  { "hardware emulation device '/dev/kvm' not present", "Insufficient devices.kubevirt.io/kvm",
	    NULL },
	  "KubeVirt found no /dev/kvm on the node: virt-launcher needs it for a VM, and virt-handler's "
	  "device plugin offers devices.kubevirt.io/kvm only on nodes that have it, so the VM's pod is "
	  "not scheduled. The node has no usable KVM: a cloud or other VM without nested "
	  "virtualization, or KVM not loaded. Without it KubeVirt runs only with software emulation "
	  "(spec.configuration.developerConfiguration.useEmulation: true), much slower.",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	/* Ubuntu's kvm-ok (cpu-checker): no vmx/svm flag (sickcodes/Docker-OSX#90, microsoft/WSL#11467) */
	{ "kvm_ok_no_extensions",
	  "kvm-ok",
	  0,
	  { "Your CPU does not support KVM extensions", NULL },
	  "kvm-ok found neither vmx nor svm in /proc/cpuinfo: the CPU has no VT-x/AMD-V, the firmware "
	  "disabled it (the kernel then hides the flag), or this is a virtual machine whose outer "
	  "hypervisor exposes none (no nested virtualization: most cloud instances, WSL2 on Windows 10).",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	/* Ubuntu's kvm-ok (cpu-checker): vmx/svm in /proc/cpuinfo, and the firmware's lock read through
	 * the msr driver (IA32_FEATURE_CONTROL bit 0 set, bit 2 clear; AMD's VM_CR.SVMDIS): "INFO: KVM
	 * (vmx) is disabled by your BIOS", "HINT: Enter your BIOS setup and enable Virtualization
	 * Technology (VT), and then hard poweroff/poweron your system" (platform9/express#206,
	 * docker/docs#14912); multipass's check_kvm_support says the same (canonical/multipass#322) */
	{ "kvm_ok_disabled_by_bios",
	  "kvm-ok",
	  0,
	  { "is disabled by your BIOS", "Enter your BIOS setup and enable Virtualization Technology", NULL },
	  "kvm-ok found VT-x/AMD-V in the CPU (vmx or svm in /proc/cpuinfo) but the firmware's lock "
	  "switched it off: no hypervisor can use it until it is enabled in the firmware setup (BIOS/UEFI: "
	  "\"Intel Virtualization Technology\", \"SVM Mode\"), and the machine is powered off and on, not "
	  "only restarted.",
	  { "msr.vt_disabled_by_firmware", "cpuid.vt_disabled_by_firmware", "cpuid.", "owner", NULL } },
	/* WSL's own message on a Windows that gives WSL2 no nested virtualization (Windows 10,
	 * or a CPU without what Hyper-V needs for it): microsoft/WSL#10106 ("wsl: Nested virtualization
	 * is not supported on this machine.", Windows 10 19044) and #11467 ("... on this computer") */
	{ "wsl_nested_not_supported",
	  "wsl",
	  0,
	  { "Nested virtualization is not supported on this", NULL },
	  "WSL could not give its Linux VM nested virtualization, so WSL2 has no VT-x/AMD-V and no "
	  "/dev/kvm, whatever the Linux kernel was built with. Windows 10 does not offer it to WSL2 "
	  "(Windows 11 does, nestedVirtualization=true in %UserProfile%\\.wslconfig, the default); "
	  "on Windows 11 the CPU lacks what Hyper-V needs for it.",
	  { "kvm.", "cpuid.", "environment.", "owner", NULL } },
	/* libvirt's virt-host-validate: no vmx/svm flag (theforeman/forklift#630, kubernetes/minikube#2991)
	 */
	{ "virt_host_validate_no_hw",
	  "virt-host-validate",
	  0,
	  { "Only emulated CPUs are available", NULL },
	  "virt-host-validate found neither vmx nor svm in /proc/cpuinfo (\"Checking for hardware "
	  "virtualization: FAIL\"): the CPU has no VT-x/AMD-V, the firmware disabled it (the kernel then "
	  "hides the flag), or this is a virtual machine whose outer hypervisor exposes none (a KVM guest "
	  "without a CPU model that carries vmx/svm, a cloud instance without nested virtualization).",
	  { "kvm.", "cpuid.", "msr.", "environment.", "owner", NULL } },
	{ "libvirt_socket_permission",
	  "libvirt",
	  0,
	  { "PR_KVM_USER_PERMISSION", "libvirt-sock': Permission denied", "libvirt group membership",
	    "libvirt-sock-ro': Permission denied", NULL },
	  "This user may not connect to libvirtd's socket (minikube's kvm2 driver, virsh, virt-manager): it "
	  "is not in the libvirt group, or its login session predates joining it.",
	  { "kvm.libvirt_no_access", "kvm.no_access", "owner", NULL } },
	/* libvirt built with polkit (Fedora, Arch): a 0666 socket, and polkit asks for a password
	 * where its rule 50-libvirt.rules does not admit the user (group libvirt); no agent, no
	 * prompt (virt-manager/virt-manager#625, sandervanvugt/ckad#4, kubernetes/minikube#3467) */
	{ "libvirt_polkit_no_agent",
	  "libvirt",
	  0,
	  { "no polkit agent available to authenticate action 'org.libvirt.unix.manage'",
	    "System policy prevents management of local virtualized systems", NULL },
	  "libvirt asked polkit whether this user may manage VMs (org.libvirt.unix.manage): the user is "
	  "not in group libvirt, which libvirt's polkit rule (50-libvirt.rules) admits without a "
	  "password, so polkit wanted an administrator's password, and no polkit agent ran to ask for "
	  "it (ssh, a script, a window manager without one).",
	  { "kvm.libvirt_no_access", "owner", NULL } },
	{ "genymotion_virtualbox_engine",
	  "genymotion",
	  0,
	  { "Unable to load VirtualBox engine", "VirtualBox cannot start the virtual device",
	    "Unable to start the Genymotion virtual device", "Unable to start the virtual device",
	    "Genymotion requires VirtualBox", NULL },
	  "Genymotion Desktop runs its devices in VirtualBox (or QEMU): it could not start VirtualBox. "
	  "VirtualBox's own error (VBox.log of the device, or `VBoxManage startvm`) names why: its driver "
	  "is not loaded, or VT-x/AMD-V is disabled or held by another hypervisor.",
	  { "virtualbox.", "owner", NULL } },
};
const size_t vc_nknown_errors = ARRAY_SIZE(vc_known_errors);

/* The catalogue's words folded to ASCII lower case once, and each status code as text: matching a
 * pasted line is then strstr on the line folded once, where strcasestr per word and line prepared each
 * word anew (a 400,000-line VBox.log took 15 s, almost all of it there). */
struct folded_error {
	char *words[1 + ARRAY_SIZE(((struct vc_known_error *)0)->patterns)];
	size_t lens[1 + ARRAY_SIZE(((struct vc_known_error *)0)->patterns)];
	size_t nwords;
	char code[16];
	size_t codelen;
};

static struct folded_error *folded;
static pthread_once_t folded_once = PTHREAD_ONCE_INIT;

static char *fold(const char *s, char *dst)
{
	char *d = dst;

	for (; *s; s++)
		*d++ = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	*d = '\0';
	return dst;
}

static void fold_catalogue(void)
{
	folded = xmalloc(vc_nknown_errors * sizeof(*folded));
	for (size_t i = 0; i < vc_nknown_errors; i++) {
		const struct vc_known_error *e = &vc_known_errors[i];
		struct folded_error *f = &folded[i];

		f->nwords = 0;
		for (size_t k = 0; k <= ARRAY_SIZE(e->patterns); k++) {
			const char *w = k ? e->patterns[k - 1] : e->id;

			if (!w)
				break;
			f->lens[f->nwords] = strlen(w);
			f->words[f->nwords] = fold(w, xmalloc(f->lens[f->nwords] + 1));
			f->nwords++;
		}
		f->codelen =
			e->vbox_code ? (size_t)snprintf(f->code, sizeof(f->code), "%d", e->vbox_code) : 0;
	}
}

/* Which pairs of adjacent bytes a folded line holds, one bit each: a word whose first and last pair
 * the line lacks is not in it, which most lines of a long VBox.log show for every word. */
struct pairs {
	uint64_t bit[65536 / 64];
};

static unsigned pair_at(const char *s)
{
	return (unsigned)(unsigned char)s[0] << 8 | (unsigned char)s[1];
}

static void pairs_mark(struct pairs *p, const char *s, bool on)
{
	for (; s[0] && s[1]; s++) {
		unsigned k = pair_at(s);

		if (on)
			p->bit[k / 64] |= UINT64_C(1) << (k % 64);
		else
			p->bit[k / 64] = 0;
	}
}

static bool pairs_may_hold(const struct pairs *p, const char *word, size_t len)
{
	unsigned a, b;

	if (len < 2)
		return true;
	a = pair_at(word);
	b = pair_at(word + len - 2);
	return (p->bit[a / 64] >> (a % 64) & 1) && (p->bit[b / 64] >> (b % 64) & 1);
}

size_t vc_match_errors(const char *text, const struct vc_known_error **out, size_t max)
{
	static _Thread_local struct pairs pairs; /* all zero between calls */
	char small[1024], *low;
	size_t len = strlen(text), n = 0;

	pthread_once(&folded_once, fold_catalogue);
	low = fold(text, len < sizeof(small) ? small : xmalloc(len + 1));
	pairs_mark(&pairs, low, true);
	for (size_t i = 0; i < vc_nknown_errors && n < max; i++) {
		const struct folded_error *f = &folded[i];
		bool hit = false;

		for (size_t k = 0; !hit && k < f->nwords; k++)
			hit = pairs_may_hold(&pairs, f->words[k], f->lens[k]) && strstr(low, f->words[k]);
		/* the code anywhere, as a word of its own: "-4011", "error -4011 happened", "rc=-4011." */
		if (f->codelen && pairs_may_hold(&pairs, f->code, f->codelen))
			for (const char *t = low; !hit && (t = strstr(t, f->code)); t += f->codelen)
				hit = (t == low || !isalnum((unsigned char)t[-1])) &&
				      !isdigit((unsigned char)t[f->codelen]);
		if (hit)
			out[n++] = &vc_known_errors[i];
	}
	pairs_mark(&pairs, low, false);
	if (low != small)
		free(low);
	return n;
}

/* entries whose patterns hold a more general entry's: { specific, general } */
static const char *const refinements[][2] = {
	{ "kvm_invalid_guest_state", "kvm_entry_failed" },
};

size_t vc_errors_most_specific(const struct vc_known_error **m, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		bool refined = false;

		for (size_t j = 0; j < n && !refined; j++)
			for (size_t r = 0; r < ARRAY_SIZE(refinements) && !refined; r++)
				refined = j != i && !strcmp(m[j]->id, refinements[r][0]) &&
					  !strcmp(m[i]->id, refinements[r][1]);
		if (!refined)
			m[k++] = m[i];
	}
	return k;
}

const struct vc_known_error *vc_known_error_by_code(int vbox_code)
{
	for (size_t i = 0; i < vc_nknown_errors; i++)
		if (vbox_code && vc_known_errors[i].vbox_code == vbox_code)
			return &vc_known_errors[i];
	return NULL;
}

bool vc_known_errors_relate(const struct vc_known_error *const *m, size_t n, const char *finding_id)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ARRAY_SIZE(m[i]->related) && m[i]->related[k]; k++)
			if (startswith(finding_id, m[i]->related[k]))
				return true;
	return false;
}
