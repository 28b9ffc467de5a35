/* Finding ids: every finding virtcheck can report, as a named constant with its stable name and
 * who may emit it (a probe, the verdict, or the pipeline itself). */
#pragma once

#include "lib/model/facts.h"

enum vc_fid {
	VC_FID_CPUID_UNAVAILABLE,		       /* cpuid.unavailable */
	VC_FID_CPUID_VT_INCONSISTENT,		       /* cpuid.vt_inconsistent */
	VC_FID_CPUID_EMULATED,			       /* cpuid.emulated */
	VC_FID_CPUID_VT_DISABLED_BY_FIRMWARE,	       /* cpuid.vt_disabled_by_firmware */
	VC_FID_CPUID_VT_NOT_EXPOSED,		       /* cpuid.vt_not_exposed */
	VC_FID_CPUID_NO_VT,			       /* cpuid.no_vt */
	VC_FID_MODULES_KVM_BUILTIN,		       /* modules.kvm_builtin */
	VC_FID_MODULES_SWITCH_UNFINISHED,	       /* modules.switch_unfinished */
	VC_FID_PLATFORM_SETTING_PENDING,	       /* platform.setting_pending */
	VC_FID_PLATFORM_KERNEL_LOG_UNREADABLE,	       /* platform.kernel_log_unreadable */
	VC_FID_MSR_UNAVAILABLE,			       /* msr.unavailable */
	VC_FID_MSR_VT_DISABLED_BY_FIRMWARE,	       /* msr.vt_disabled_by_firmware */
	VC_FID_KVM_UNEXPECTED_NODE,		       /* kvm.unexpected_node */
	VC_FID_KVM_NO_ACCESS,			       /* kvm.no_access */
	VC_FID_KVM_INVOKER_NO_ACCESS,		       /* kvm.invoker_no_access */
	VC_FID_KVM_LIBVIRT_NO_ACCESS,		       /* kvm.libvirt_no_access */
	VC_FID_KVM_NOT_CAPTURED,		       /* kvm.not_captured */
	VC_FID_KVM_API_VERSION,			       /* kvm.api_version */
	VC_FID_KVM_CREATE_VM_BUSY,		       /* kvm.create_vm_busy */
	VC_FID_KVM_CREATE_VM_FAILED,		       /* kvm.create_vm_failed */
	VC_FID_KVM_CREATE_VCPU_FAILED,		       /* kvm.create_vcpu_failed */
	VC_FID_KVM_VCPU_RUN_FAILED,		       /* kvm.vcpu_run_failed */
	VC_FID_KVM_NO_DEVICE,			       /* kvm.no_device */
	VC_FID_KVM_NOT_LOADED,			       /* kvm.not_loaded */
	VC_FID_KVM_UNAVAILABLE,			       /* kvm.unavailable */
	VC_FID_KVM_TDX_KEEPS_VMX,		       /* kvm.tdx_keeps_vmx */
	VC_FID_PROCESSES_INCOMPLETE,		       /* processes.incomplete */
	VC_FID_UDEV_KVM_RULE_NOT_APPLIED,	       /* udev.kvm_rule_not_applied */
	VC_FID_PCI_IOMMU_DISABLED,		       /* pci.iommu_disabled */
	VC_FID_PCI_VFIO_WITHOUT_IOMMU,		       /* pci.vfio_without_iommu */
	VC_FID_ENVIRONMENT_WSL2,		       /* environment.wsl2 */
	VC_FID_ENVIRONMENT_WSL1,		       /* environment.wsl1 */
	VC_FID_ENVIRONMENT_CONTAINER,		       /* environment.container */
	VC_FID_ENVIRONMENT_CONFIDENTIAL_GUEST,	       /* environment.confidential_guest */
	VC_FID_VIRTUALBOX_DRIVER_MISMATCH,	       /* virtualbox.driver_mismatch */
	VC_FID_VIRTUALBOX_UNSIGNED_DRIVER,	       /* virtualbox.unsigned_driver */
	VC_FID_VIRTUALBOX_DRIVER_NOT_LOADED,	       /* virtualbox.driver_not_loaded */
	VC_FID_VIRTUALBOX_LOGGED_FAILURE,	       /* virtualbox.logged_failure */
	VC_FID_VIRTUALBOX_STALE_OVERRIDE,	       /* virtualbox.stale_override */
	VC_FID_VIRTUALBOX_SHARES_KVM,		       /* virtualbox.shares_kvm */
	VC_FID_VIRTUALBOX_DRIVER_NOT_BUILT,	       /* virtualbox.driver_not_built */
	VC_FID_VIRTUALBOX_DRIVER_REFUSED,	       /* virtualbox.driver_refused */
	VC_FID_VIRTUALBOX_NEM_BACKEND,		       /* virtualbox.nem_backend */
	VC_FID_VIRTUALBOX_KERNEL_WITHOUT_KVM,	       /* virtualbox.kernel_without_kvm */
	VC_FID_VIRTUALBOX_KERNEL_UNSUPPORTED,	       /* virtualbox.kernel_unsupported */
	VC_FID_VMWARE_DRIVER_NOT_BUILT,		       /* vmware.driver_not_built */
	VC_FID_VMWARE_UNSIGNED_DRIVER,		       /* vmware.unsigned_driver */
	VC_FID_VMWARE_DRIVER_NOT_LOADED,	       /* vmware.driver_not_loaded */
	VC_FID_VMWARE_DRIVER_MISMATCH,		       /* vmware.driver_mismatch */
	VC_FID_CONFLICT_KVM_BLOCKS_VIRTUALBOX,	       /* conflict.kvm_blocks_virtualbox */
	VC_FID_CONFLICT_VIRTUALBOX_NEEDS_VIRT_AT_LOAD, /* conflict.virtualbox_needs_virt_at_load */
	VC_FID_CONFLICT_VIRTUALBOX_BLOCKS_KVM,	       /* conflict.virtualbox_blocks_kvm */
	VC_FID_CONFLICT_VMWARE_BLOCKS_KVM,	       /* conflict.vmware_blocks_kvm */
	VC_FID_CONFLICT_CONCURRENT_VMS,		       /* conflict.concurrent_vms */
	VC_FID_CONFLICT_VIRTUALBOX_PANICS_HOST,	       /* conflict.virtualbox_panics_host */
	VC_FID_VIRTUALBOX_FRED_PANICS_HOST,	       /* virtualbox.fred_panics_host */
	VC_FID_VMWARE_FRED_PANICS_HOST,		       /* vmware.fred_panics_host */
	VC_FID_INPUT_UNREADABLE,		       /* input.unreadable */
	VC_FID_INPUT_MALFORMED,			       /* input.malformed */
	VC_FID_INTERNAL,			       /* internal */
	_VC_FID_MAX,
};

/* Who may emit a finding, besides the probes (VC_P()). */
#define VC_EMIT_VERDICT	 (1u << 30)
#define VC_EMIT_PIPELINE (1u << 29) /* input.*, internal.*: any reader, on what it could not read */

/* "kvm.no_access"; the ids of input.unreadable:PATH and internal.PROBE carry what they are about */
extern const char *const vc_fid_names[_VC_FID_MAX];
/* VC_P() of the probes, VC_EMIT_VERDICT and VC_EMIT_PIPELINE that may emit each (or complete it: the
 * verdict adds remedies that need every probe's facts) */
extern const unsigned vc_fid_emitters[_VC_FID_MAX];
const char *vc_fid_name(enum vc_fid id);
