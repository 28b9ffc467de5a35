// SPDX-License-Identifier: GPL-2.0
/*
 * svmclaim: stands in for a foreign hypervisor driver (vboxdrv) in virtcheck's QEMU tests.
 * It sets EFER.SVME on every CPU when loaded and clears it when unloaded, so KVM cannot
 * enable SVM (KVM_CREATE_VM fails with EBUSY) while it is loaded.
 */
#include <linux/module.h>
#include <linux/smp.h>
#include <asm/msr.h>

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
