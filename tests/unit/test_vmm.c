/* The micro-VMM: page tables, exit dispatch and KVM stats parsing as pure functions; then real
 * guests on /dev/kvm (skipped, with the reason, where /dev/kvm is not usable, and a failure
 * instead when VC_REQUIRE_KVM is set): the same code natively and in the guest, every benchmark
 * briefly, with KVM's own counters checked against what the guest did. */
#include "testutil.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vmm/bench.h"
#include "vmm/vmm.h"

static void test_page_tables(void **state)
{
	static uint8_t pt[(6 + 3) * 4096];
	const uint64_t *pml4 = (const uint64_t *)pt, *pdpt = (const uint64_t *)(pt + 4096);
	const uint64_t *pd0 = (const uint64_t *)(pt + 2 * 4096), *pd3 = (const uint64_t *)(pt + 5 * 4096);
	const uint64_t *pt0 = (const uint64_t *)(pt + 6 * 4096), *pt2 = (const uint64_t *)(pt + 8 * 4096);

	(void)state;
	/* 2 MiB pages everywhere: PML4, PDPT, four PDs */
	assert_int_equal(vmm_page_tables_size(0), 6 * 4096);
	assert_int_equal(vmm_build_page_tables(pt, sizeof(pt), 0x1000, 0), 6 * 4096);
	assert_int_equal(pml4[0], 0x2000 | 7); /* the PDPT's page, present, writable, user */
	assert_int_equal(pml4[1], 0);
	assert_int_equal(pdpt[0], 0x3000 | 7);
	assert_int_equal(pdpt[3], 0x6000 | 7); /* the fourth GiB */
	assert_int_equal(pdpt[4], 0);
	assert_int_equal(pd0[0], 0x0 | 0x87); /* 2 MiB page at 0, user accessible */
	assert_int_equal(pd0[1], 0x200000 | 0x87);
	assert_int_equal(pd3[511], (0xffe00000ull) | 0x87); /* the last 2 MiB below 4 GiB */

	/* 4 KiB pages for the first 5 MiB: three page tables after the PDs */
	assert_int_equal(vmm_page_tables_size(5u << 20), 9 * 4096);
	assert_int_equal(vmm_build_page_tables(pt, sizeof(pt), 0x100000, 5u << 20), 9 * 4096);
	assert_int_equal(pd0[0], (0x100000 + 6 * 4096) | 7); /* points to a PT, no PS bit */
	assert_int_equal(pd0[2], (0x100000 + 8 * 4096) | 7);
	assert_int_equal(pd0[3], (3ull << 21) | 0x87); /* above the small range: 2 MiB again */
	assert_int_equal(pt0[0], 0x0 | 7);
	assert_int_equal(pt0[1], 0x1000 | 7);
	assert_int_equal(pt2[511], (0x400000 + 511 * 4096) | 7);

	/* too small a buffer, too large a range */
	assert_int_equal(vmm_build_page_tables(pt, 5 * 4096, 0, 0), -E2BIG);
	assert_int_equal(vmm_build_page_tables(pt, sizeof(pt), 0, 5ull << 30), -E2BIG);
}

static void test_dispatch(void **state)
{
	static const struct {
		uint32_t reason;
		uint16_t port;
		enum vmm_exit want;
	} cases[] = {
		{ KVM_EXIT_IO, 0x80, VMM_EXIT_IO },
		{ KVM_EXIT_IO, VMM_PORT_DONE, VMM_EXIT_DONE },
		{ KVM_EXIT_MMIO, 0, VMM_EXIT_MMIO },
		{ KVM_EXIT_HLT, 0, VMM_EXIT_HLT },
		{ KVM_EXIT_INTR, 0, VMM_EXIT_TIMEOUT },
		{ KVM_EXIT_SHUTDOWN, 0, VMM_EXIT_ERROR },
		{ KVM_EXIT_FAIL_ENTRY, 0, VMM_EXIT_ERROR },
		{ KVM_EXIT_INTERNAL_ERROR, 0, VMM_EXIT_ERROR },
		{ 12345, 0, VMM_EXIT_ERROR },
	};
	struct kvm_run run;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&run, 0, sizeof(run));
		run.exit_reason = cases[i].reason;
		run.io.port = cases[i].port;
		assert_int_equal(vmm_dispatch(&run), cases[i].want);
	}
	assert_string_equal(vmm_exit_reason_name(KVM_EXIT_IO), "IO");
	assert_string_equal(vmm_exit_reason_name(KVM_EXIT_SHUTDOWN), "SHUTDOWN");
	assert_string_equal(vmm_exit_reason_name(9999), "OTHER");
}

/* A stats fd image: header, descriptors (name_size 16), data. */
static size_t stats_image(uint8_t *buf, size_t cap)
{
	struct kvm_stats_header h = { .name_size = 16, .num_desc = 4, .desc_offset = sizeof(h) };
	const size_t each = sizeof(struct kvm_stats_desc) + 16;
	static const struct {
		const char *name;
		uint32_t flags;
		uint16_t size;
		uint32_t offset;
	} d[] = {
		{ "exits", KVM_STATS_TYPE_CUMULATIVE, 1, 8 },
		{ "io_exits", KVM_STATS_TYPE_CUMULATIVE, 1, 0 },
		{ "halt_hist", KVM_STATS_TYPE_LOG_HIST, 32, 16 }, /* a histogram: skipped */
		{ "guest_mode", KVM_STATS_TYPE_INSTANT, 1, 272 },
	};
	uint64_t vals[40] = { 0 };

	h.data_offset = (uint32_t)(h.desc_offset + 4 * each);
	assert_true(h.data_offset + sizeof(vals) <= cap);
	memset(buf, 0, cap);
	memcpy(buf, &h, sizeof(h));
	for (size_t i = 0; i < 4; i++) {
		struct kvm_stats_desc sd = { .flags = d[i].flags, .size = d[i].size, .offset = d[i].offset };

		memcpy(buf + h.desc_offset + i * each, &sd, sizeof(sd));
		strcpy((char *)buf + h.desc_offset + i * each + sizeof(sd), d[i].name);
	}
	vals[0] = 7;  /* io_exits */
	vals[1] = 42; /* exits */
	vals[34] = 1; /* guest_mode */
	memcpy(buf + h.data_offset, vals, sizeof(vals));
	return h.data_offset + sizeof(vals);
}

static void test_stats_parse(void **state)
{
	uint8_t buf[2048];
	size_t len = stats_image(buf, sizeof(buf));
	struct vmm_stats st;
	struct kvm_stats_header h;

	(void)state;
	assert_int_equal(vmm_stats_parse(&st, buf, len), 0);
	assert_int_equal(st.n, 3);
	assert_int_equal(vmm_stats_find(&st, "exits"), 0);
	assert_int_equal(vmm_stats_find(&st, "io_exits"), 1);
	assert_int_equal(vmm_stats_find(&st, "halt_hist"), -1);
	assert_int_equal(vmm_stats_find(&st, "guest_mode"), 2);
	assert_int_equal(st.desc[0].offset, 8);
	assert_int_equal(st.data_len, 280); /* up to guest_mode's u64 */
	vmm_stats_free(&st);

	/* truncated descriptors, absurd sizes: refused, never read past the buffer */
	assert_int_equal(vmm_stats_parse(&st, buf, sizeof(h) + 10), -EINVAL);
	assert_int_equal(vmm_stats_parse(&st, buf, 3), -EINVAL);
	memcpy(&h, buf, sizeof(h));
	h.num_desc = 100000;
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(vmm_stats_parse(&st, buf, len), -E2BIG);
	h.num_desc = 4;
	h.desc_offset = 4000;
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(vmm_stats_parse(&st, buf, len), -EINVAL);
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
static const uint8_t io_loop[] = { 0xb9, 0xe8, 0x03, 0x00, 0x00, 0xb0, 0x42, 0xe6, 0x80,
				   0xff, 0xc9, 0x75, 0xf8, 0xe6, 0xf4, 0xeb, 0xfe };

static void test_cpl3_port_io(void **state)
{
	struct vmm v;
	struct kvm_sregs s;
	struct vmm_stats st;
	uint64_t before[64], after[64];
	char why[256];
	unsigned exits = 0;
	enum vmm_exit e;
	int ix;

	(void)state;
	if (!kvm_usable())
		skip();
	assert_int_equal(vmm_create(&v, NULL), 0);
	assert_int_equal(vmm_load(&v, io_loop, sizeof(io_loop)), 0);
	assert_int_equal(vmm_open_stats(&v), 0);
	assert_int_equal(vmm_stats_open(&st, v.vcpu[0].stats_fd), 0);
	assert_true(st.n <= 64);
	ix = vmm_stats_find(&st, "exits");
	assert_true(ix >= 0);
	assert_int_equal(vmm_stats_read(&st, v.vcpu[0].stats_fd, before), 0);
	while ((e = vmm_run_timed(&v, 0, 2000, why, sizeof(why))) == VMM_EXIT_IO) {
		assert_int_equal(v.vcpu[0].run->io.port, 0x80);
		assert_int_equal(v.vcpu[0].run->io.direction, KVM_EXIT_IO_OUT);
		assert_int_equal(*((uint8_t *)v.vcpu[0].run + v.vcpu[0].run->io.data_offset), 0x42);
		exits++;
	}
	if (e != VMM_EXIT_DONE)
		fail_msg("guest ended with %d: %s", e, why);
	assert_int_equal(exits, 1000); /* every OUT exited, exactly once */
	assert_int_equal(vmm_stats_read(&st, v.vcpu[0].stats_fd, after), 0);
	/* KVM counted them too: 1001 exits for the OUTs (and maybe a few timer interrupts) */
	assert_true(after[ix] - before[ix] >= 1001);
	assert_true(after[ix] - before[ix] < 1100);
	assert_int_equal(ioctl(v.vcpu[0].fd, KVM_GET_SREGS, &s), 0);
	assert_int_equal(s.cs.dpl, 3);	  /* it ran at CPL3 */
	assert_true(s.efer & (1u << 10)); /* in long mode */
	vmm_stats_free(&st);
	vmm_destroy(&v);
}

static void test_watchdog_and_errors(void **state)
{
	static const uint8_t spin[] = { 0xeb, 0xfe };	    /* jmp $ */
	static const uint8_t priv[] = { 0xf4, 0xeb, 0xfe }; /* hlt at CPL3: #GP, no IDT: shutdown */
	struct vmm v;
	char why[256];

	(void)state;
	if (!kvm_usable())
		skip();
	assert_int_equal(vmm_create(&v, NULL), 0);
	assert_int_equal(vmm_load(&v, spin, sizeof(spin)), 0);
	assert_int_equal(vmm_run_timed(&v, 0, 200, why, sizeof(why)), VMM_EXIT_TIMEOUT); /* never a hang */
	assert_non_null(strstr(why, "longer than 200 ms"));
	/* the vCPU is usable again after a timeout */
	assert_int_equal(vmm_load(&v, priv, sizeof(priv)), 0);
	assert_int_equal(vmm_run_timed(&v, 0, 2000, why, sizeof(why)), VMM_EXIT_ERROR);
	assert_non_null(strstr(why, "rip 0x10000")); /* the registers, for the user */
	vmm_destroy(&v);
}

/* The same bytes natively and in the guest give the same answer; several vCPUs; CPL0. */
static void test_workloads_same_code(void **state)
{
	struct vmm v;
	struct vmm_config c = { .nvcpus = 3 };
	uint64_t native = vmm_wl_native(VMM_WL_INT)(100000, 7, 0), fp = vmm_wl_native(VMM_WL_FP)(1000, 0, 0),
		 rax;
	char why[256];

	(void)state;
	if (!kvm_usable())
		skip();
	assert_int_equal(vmm_create(&v, &c), 0);
	assert_int_equal(vmm_load_blob(&v), 0);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(vmm_call(&v, i, vmm_wl_offset(VMM_WL_INT), 100000, 7, 0), 0);
		assert_int_equal(vmm_run_timed(&v, i, 5000, why, sizeof(why)), VMM_EXIT_DONE);
		assert_int_equal(vmm_result(&v, i, &rax), 0);
		assert_int_equal(rax, native);
	}
	assert_int_equal(vmm_call(&v, 1, vmm_wl_offset(VMM_WL_FP), 1000, 0, 0), 0);
	assert_int_equal(vmm_run_timed(&v, 1, 5000, why, sizeof(why)), VMM_EXIT_DONE);
	assert_int_equal(vmm_result(&v, 1, &rax), 0);
	assert_int_equal(rax, fp);				/* bit for bit */
	assert_int_equal(vmm_call(&v, 3, 0, 0, 0, 0), -EINVAL); /* no such vCPU */
	vmm_destroy(&v);

	c = (struct vmm_config){ .cpl0 = true };
	assert_int_equal(vmm_create(&v, &c), 0);
	assert_int_equal(vmm_load_blob(&v), 0);
	assert_int_equal(vmm_call(&v, 0, vmm_wl_offset(VMM_WL_HLT), 5, 0, 0), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(vmm_run_timed(&v, 0, 5000, why, sizeof(why)), VMM_EXIT_HLT);
	assert_int_equal(vmm_run_timed(&v, 0, 5000, why, sizeof(why)), VMM_EXIT_DONE);
	vmm_destroy(&v);
}

static const struct bench_result *run_vcpus(const char *name, unsigned vcpus, struct bench_result *r)
{
	static struct bench_env env;
	static bool begun;
	struct bench_opts o;

	bench_opts_default(&o);
	o.seconds = 0;
	o.min_pairs = 3;
	o.warmup = 1;
	o.scale = 0.05;
	o.intervals = false; /* a smoke run, as --quick */
	o.vcpus = vcpus;
	if (!begun) {
		assert_int_equal(bench_begin(&o, &env), 0);
		begun = true;
	}
	for (size_t i = 0; i < bench_ndefs; i++)
		if (!strcmp(bench_defs[i].name, name)) {
			if (bench_run(&bench_defs[i], &o, &env, r) != 0)
				fail_msg("%s: %s", name, r->why);
			assert_int_equal(r->n, 3);
			printf("%-16s %10.1f ns/op  ratio %.3f\n", name, r->a.median, r->ratio);
			return r;
		}
	fail_msg("no benchmark %s", name);
	return NULL;
}

static const struct bench_result *run_one(const char *name, struct bench_result *r)
{
	return run_vcpus(name, 0, r);
}

/* Every benchmark runs, and KVM's counters say the guest did what the benchmark claims. */
static void test_benchmarks(void **state)
{
	struct bench_result r;

	(void)state;
	if (!kvm_usable())
		skip();
	for (size_t i = 0; i < bench_ndefs; i++) {
		if (bench_defs[i].extended)
			continue;
		run_one(bench_defs[i].name, &r);
		assert_true(r.a.median > 0);
		if (bench_defs[i].kind != BENCH_SINGLE)
			assert_true(r.ratio > 0);
		/* a smoke run has no interval, and says so */
		assert_true(isnan(r.ratio_lo) && r.precision == BENCH_PREC_NONE);
		bench_result_free(&r);
	}

	/* n port-I/O exits really were n exits (io_exits where the backend counts them) */
	run_one("exit.pio", &r);
	assert_true(r.have_stats);
	assert_true(r.stats[BSTAT_EXITS] >= r.guest_ops);
	assert_true(r.stats[BSTAT_IO_EXITS] == 0 || r.stats[BSTAT_IO_EXITS] >= r.guest_ops);
	bench_result_free(&r);
	run_one("exit.mmio", &r);
	assert_int_equal(r.stats[BSTAT_MMIO_EXITS], r.guest_ops);
	bench_result_free(&r);
	run_one("exit.hlt", &r);
	assert_int_equal(r.stats[BSTAT_HALT_EXITS], r.guest_ops);
	bench_result_free(&r);
	/* doorbells: as many in-kernel exits, and the eventfd saw every one (else status fails) */
	run_one("exit.ioeventfd", &r);
	assert_true(r.stats[BSTAT_EXITS] >= r.guest_ops);
	assert_non_null(strstr(r.note, "none exited to userspace"));
	bench_result_free(&r);
	/* compute runs natively in the guest: a handful of exits (timer) in a million iterations,
	 * and no instruction emulated per iteration */
	run_one("cpu.int", &r);
	assert_true(r.stats[BSTAT_EXITS] < r.guest_ops / 1000);
	assert_true(r.stats[BSTAT_INSN_EMULATION] < r.guest_ops / 1000);
	bench_result_free(&r);
	/* every vCPU ran the chain on its own thread (a failed share fails the sample), and the
	 * note says how many against how many native threads */
	run_vcpus("cpu.smp", 3, &r);
	assert_non_null(strstr(r.note, "3 vCPUs against 3 native threads"));
	assert_true(r.stats[BSTAT_INSN_EMULATION] < r.guest_ops / 1000);
	bench_result_free(&r);
	/* first touch with 4 KiB pages: a guest page fault per page */
	run_one("first-touch.4k", &r);
	assert_true(r.stats[BSTAT_PF_TAKEN] >= r.guest_ops);
	bench_result_free(&r);
	run_one("exit.cpuid", &r);
	assert_true(strlen(r.note) > 0); /* says whether CPUID exits here */
	bench_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_tables),	    cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_stats_parse),	    cmocka_unit_test(test_cpl3_port_io),
		cmocka_unit_test(test_watchdog_and_errors), cmocka_unit_test(test_workloads_same_code),
		cmocka_unit_test(test_benchmarks),
	};

	return cmocka_run_group_tests_name("vmm", tests, NULL, NULL);
}
