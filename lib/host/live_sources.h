/* The live sources behind vc_host_lines: libudev, the PCI devices (sysfs, libpci for names) and
 * /dev/kmsg, as text records. */
#pragma once

#include <stdbool.h>

#include "lib/base/dlib.h"
#include "lib/base/util.h"

int vc_live_udev(struct buf *out);
/* sysfs: NULL for /sys (tests give a fake tree). */
int vc_live_pci(const char *sysfs, struct buf *out);
int vc_live_kmsg(struct buf *out);
/* The library behind the record "udev" or "pci" (dlopen on first use; vc_live_udev and vc_live_pci
 * return -ELIBACC when it cannot be loaded, and its why says what dlopen said), NULL for others. */
const struct vc_dlib *vc_live_dlib(const char *name);
/* Whether a kernel log message matters to virtcheck (kept in a capture: the rest is not). */
bool vc_kmsg_relevant(const char *msg);
/* Whether no process can hold an fd vc_host_fds looks for (/dev/kvm, KVM VMs, vCPUs and devices,
 * /dev/vboxdrv, /dev/vboxdrvu, /dev/vboxnetctl, /dev/vmmon), from /proc/modules ("" when the kernel
 * has no modules): every open file of a device or a KVM object holds a reference on the module that
 * serves it (fops_get in misc_open and anon_inode_getfile; KVM's fops belong to its vendor module,
 * kvm_init), and so does every KVM VM (kvm_create_vm, Linux 5.18+: release is uname's, and a loaded
 * kvm on an older kernel proves nothing). True only when kvm, vboxdrv and vmmon are each absent or
 * loaded with no reference but those of the modules using them, and so are those modules;
 * builtin(NAME) says whether a module not in /proc/modules is built in (/sys/module/NAME): false
 * then, since a built-in module counts no references. */
bool vc_hv_fds_impossible(const char *proc_modules, const char *release, bool (*builtin)(const char *name));
