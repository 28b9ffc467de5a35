// SPDX-License-Identifier: GPL-2.0
/*
 * svmclaim: stands in for a foreign hypervisor driver (vboxdrv) in virtcheck's QEMU tests.
 * Loaded, it sets EFER.SVME on every CPU and clears it when unloaded, so KVM cannot enable SVM
 * (KVM_CREATE_VM fails with EBUSY) while it is loaded. Like vboxdrv 7.1 it refuses to start
 * when AMD-V is already switched on (a Linux 6.12+ kvm_amd loaded with enable_virt_at_load=Y):
 * the load fails with EBUSY and the log says VirtualBox's words for it.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <asm/msr.h>

static atomic_t in_use = ATOMIC_INIT(0);

static void probe(void *unused)
{
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	if (efer & EFER_SVME)
		atomic_inc(&in_use);
}

static void svme(void *on)
{
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	if (on)
		efer |= EFER_SVME;
	else
		efer &= ~EFER_SVME;
	wrmsrl(MSR_EFER, efer);
}

static int __init svmclaim_init(void)
{
	on_each_cpu(probe, NULL, 1);
	if (atomic_read(&in_use)) {
		pr_err("svmclaim: AMD-V is being used by another hypervisor (VERR_SVM_IN_USE): "
		       "EFER.SVME already set on %d CPUs\n",
		       atomic_read(&in_use));
		return -EBUSY;
	}
	on_each_cpu(svme, (void *)1, 1);
	pr_info("svmclaim: EFER.SVME set on every CPU\n");
	return 0;
}

static void __exit svmclaim_exit(void)
{
	on_each_cpu(svme, NULL, 1);
	pr_info("svmclaim: EFER.SVME cleared\n");
}

module_init(svmclaim_init);
module_exit(svmclaim_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("holds AMD-V for virtcheck's end-to-end tests");
