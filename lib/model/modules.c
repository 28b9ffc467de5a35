/* The kernel modules virtcheck knows. */
#include <string.h>

#include "lib/model/modules.h"

const struct vc_module vc_modules[VC_NMODULES] = {
	{ "kvm", "kvm" },
	{ "kvm_intel", "kvm" },
	{ "kvm_amd", "kvm" },
	{ "kvm_pvm", "kvm" },
	{ "vboxdrv", "virtualbox" },
	{ "vboxnetflt", "virtualbox" },
	{ "vboxnetadp", "virtualbox" },
	{ "vboxpci", "virtualbox" },
	{ "vmmon", "vmware" },
	{ "vmnet", "vmware" },
	{ "xen_evtchn", "xen" },
	{ "xen_gntdev", "xen" },
	{ "xen_privcmd", "xen" },
	{ "hv_vmbus", "hyperv" },
	{ "hv_utils", "hyperv" },
	{ "hv_balloon", "hyperv" },
};
_Static_assert(sizeof(vc_modules) / sizeof(vc_modules[0]) == VC_NMODULES, "VC_NMODULES");

int vc_module_index(const char *name)
{
	for (size_t i = 0; i < VC_NMODULES; i++)
		if (strcmp(vc_modules[i].name, name) == 0)
			return (int)i;
	return -1;
}
