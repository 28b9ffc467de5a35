/* The micro-VMM core: page tables and exit names as pure functions; a real CPL3 guest on /dev/kvm
 * (skipped, with the reason, where /dev/kvm is not usable). */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "../../vmm/vmm.h"

static void test_page_tables(void **state)
{
	static uint8_t pt[3 * 4096];
	const uint64_t *pml4 = (const uint64_t *)pt, *pdpt = (const uint64_t *)(pt + 4096), *pd = (const uint64_t *)(pt + 8192);

	(void)state;
	assert_int_equal(vmm_build_page_tables(pt, 0x1000, 5u << 20), 0);
	assert_int_equal(pml4[0], 0x2000 | 7); /* the PDPT's page, present, writable, user */
	assert_int_equal(pml4[1], 0);
	assert_int_equal(pdpt[0], 0x3000 | 7);
	assert_int_equal(pd[0], 0x0 | 0x87);	  /* 2 MiB page at 0, user accessible */
	assert_int_equal(pd[1], 0x200000 | 0x87);
	assert_int_equal(pd[2], 0x400000 | 0x87); /* 5 MiB rounds up to three pages */
	assert_int_equal(pd[3], 0);
	assert_int_equal(vmm_build_page_tables(pt, 0x1000, 0), -E2BIG);
	assert_int_equal(vmm_build_page_tables(pt, 0x1000, (1ull << 30) + 1), -E2BIG);
	assert_int_equal(vmm_build_page_tables(pt, 0x1000, 1ull << 30), 0);
	assert_int_equal(pd[511], (511ull << 21) | 0x87);
}

static void test_exit_names(void **state)
{
	(void)state;
	assert_string_equal(vmm_exit_reason_name(KVM_EXIT_IO), "IO");
	assert_string_equal(vmm_exit_reason_name(KVM_EXIT_SHUTDOWN), "SHUTDOWN");
	assert_string_equal(vmm_exit_reason_name(KVM_EXIT_FAIL_ENTRY), "FAIL_ENTRY");
	assert_string_equal(vmm_exit_reason_name(9999), "OTHER");
}

static bool kvm_usable(void)
{
	if (access("/dev/kvm", R_OK | W_OK) == 0)
		return true;
	if (getenv("VC_REQUIRE_KVM"))
		fail_msg("VC_REQUIRE_KVM is set but /dev/kvm is not usable: %s", strerror(errno));
	printf("SKIP: /dev/kvm is not usable here: %s\n", strerror(errno));
	return false;
}

/* mov ecx,1000; l: mov al,0x42; out 0x80,al; dec ecx; jnz l; out 0xf4,al; jmp $ */
static const uint8_t io_loop[] = { 0xb9, 0xe8, 0x03, 0x00, 0x00, 0xb0, 0x42, 0xe6, 0x80, 0xff,
				   0xc9, 0x75, 0xf8, 0xe6, 0xf4, 0xeb, 0xfe };

static void test_cpl3_port_io(void **state)
{
	struct vmm v;
	struct kvm_sregs s;
	char why[256];
	unsigned exits = 0;
	struct timespec t0, t1;
	enum vmm_exit e;

	(void)state;
	if (!kvm_usable())
		skip();
	assert_int_equal(vmm_create(&v, 4u << 20), 0);
	assert_int_equal(vmm_load(&v, io_loop, sizeof(io_loop)), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((e = vmm_run(&v, 2000, why, sizeof(why))) == VMM_EXIT_IO) {
		assert_int_equal(v.run->io.port, 0x80);
		assert_int_equal(v.run->io.direction, KVM_EXIT_IO_OUT);
		assert_int_equal(*((uint8_t *)v.run + v.run->io.data_offset), 0x42);
		exits++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (e != VMM_EXIT_DONE)
		fail_msg("guest ended with %d: %s", e, why);
	assert_int_equal(exits, 1000); /* every OUT exited, exactly once */
	assert_int_equal(ioctl(v.vcpu, KVM_GET_SREGS, &s), 0);
	assert_int_equal(s.cs.dpl, 3); /* it ran at CPL3 */
	assert_true(s.efer & (1u << 10)); /* in long mode */
	printf("port I/O exit round trip at CPL3: %.1f us\n",
	       ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / 1000.0 / 1000.0);
	vmm_destroy(&v);
}

static void test_watchdog_and_errors(void **state)
{
	static const uint8_t spin[] = { 0xeb, 0xfe };	     /* jmp $ */
	static const uint8_t priv[] = { 0xf4, 0xeb, 0xfe }; /* hlt at CPL3: #GP, no IDT: shutdown */
	struct vmm v;
	char why[256];

	(void)state;
	if (!kvm_usable())
		skip();
	assert_int_equal(vmm_create(&v, 0), 0);
	assert_int_equal(vmm_load(&v, spin, sizeof(spin)), 0);
	assert_int_equal(vmm_run(&v, 200, why, sizeof(why)), VMM_EXIT_TIMEOUT); /* never a hang */
	assert_non_null(strstr(why, "longer than 200 ms"));
	assert_int_equal(vmm_load(&v, priv, sizeof(priv)), 0);
	assert_int_equal(vmm_run(&v, 2000, why, sizeof(why)), VMM_EXIT_ERROR);
	assert_non_null(strstr(why, "rip 0x10000")); /* the registers, for the user */
	vmm_destroy(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_tables),
		cmocka_unit_test(test_exit_names),
		cmocka_unit_test(test_cpl3_port_io),
		cmocka_unit_test(test_watchdog_and_errors),
	};

	return cmocka_run_group_tests_name("vmm", tests, NULL, NULL);
}
