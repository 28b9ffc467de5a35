/* Unit tests: strict number parsing, CPU lists, errno names, kernel versions, record files. */
#include "testutil.h"

#include <errno.h>

#include "lib/host/records.h"
#include "lib/base/util.h"

static void test_parse_u64(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_u64("42\n", 10, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_u64("0x3a", 16, &v), 0);
	assert_int_equal(v, 0x3a);
	assert_int_equal(parse_u64("", 10, &v), -EINVAL);
	assert_int_equal(parse_u64("-1", 10, &v), -EINVAL);
	assert_int_equal(parse_u64("12abc", 10, &v), -EINVAL);
	assert_int_equal(parse_u64("99999999999999999999999", 10, &v), -ERANGE);
	assert_int_equal(parse_u64("1\n\n", 10, &v), -EINVAL);
}

static void test_cpulist(void **state)
{
	bool set[16] = { false };

	(void)state;
	assert_int_equal(parse_cpulist("0-2,5,7-8\n", set, 16), 0);
	assert_true(set[0] && set[1] && set[2] && set[5] && set[7] && set[8]);
	assert_false(set[3] || set[4] || set[6] || set[9]);
	assert_int_equal(parse_cpulist("3-1", set, 16), -ERANGE);
	assert_int_equal(parse_cpulist("0-99", set, 16), -ERANGE);
	assert_int_equal(parse_cpulist("a", set, 16), -EINVAL);
	assert_int_equal(parse_cpulist("1,,2", set, 16), -EINVAL);
	assert_int_equal(parse_cpulist("1-", set, 16), -EINVAL);
}

static void test_errno_names(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(errno_name(EBUSY, buf), "EBUSY");
	assert_string_equal(errno_name(-EACCES, buf), "EACCES");
	assert_string_equal(errno_name(999, buf), "E999");
	assert_int_equal(errno_from_name("EBUSY"), EBUSY);
	assert_int_equal(errno_from_name("ok"), 0);
	assert_int_equal(errno_from_name("E999"), 999);
	assert_int_equal(errno_from_name("EWHAT"), -EINVAL);
	assert_int_equal(errno_from_name("E0"), -EINVAL);
}

/* vc_strcasestr: glibc's strcasestr's answers, found by the needle's first byte in either case */
static void test_strcasestr(void **state)
{
	static const char *const cases[][2] = {
		{ "VirtualBox can't operate in VMX root mode", "operate in vmx ROOT mode" },
		{ "rc=-4011", "RC=-4011" },
		{ "aaab", "aab" },
		{ "Xx", "xX" },
		{ "abc", "" },
		{ "", "a" },
		{ "abc", "abcd" },
		{ "line ends with Kvm", "KVM" },
		{ "no such word", "kvm" },
		{ "(-4054)", "(-4054)" },
		{ "\xc3\xa9t\xc3\xa9 VERR", "verr" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *h = cases[i][0], *n = cases[i][1];

		assert_ptr_equal(vc_strcasestr(h, n), strcasestr(h, n));
	}
}

static void test_kernel_version(void **state)
{
	(void)state;
	assert_int_equal(kernel_version_code("6.12.9-amd64"), KVER(6, 12, 9));
	assert_int_equal(kernel_version_code("6.1.0-28-amd64"), KVER(6, 1, 0));
	assert_int_equal(kernel_version_code("6.18"), KVER(6, 18, 0));
	assert_true(kernel_version_code("6.11.300") < KVER(6, 12, 0));
	assert_int_equal(kernel_version_code("garbage"), 0);
	assert_int_equal(kernel_version_code(NULL), 0);
}

struct bad {
	unsigned count, last_line;
};

static void on_bad(void *userdata, unsigned line, const char *why)
{
	struct bad *b = userdata;

	(void)why;
	b->count++;
	b->last_line = line;
}

static void test_cpuid_txt(void **state)
{
	/* verbatim `cpuid -r` output of our development machine, plus one broken line */
	char text[] = "CPU 0:\n"
		      "   0x00000000 0x00: eax=0x0000001c ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65\n"
		      "   0x00000001 0x00: eax=0x00b00f21 ebx=0x00020800 ecx=0xfffa3203 edx=0x178bfbff\n"
		      "# a comment\n"
		      "CPU 1:\n"
		      "   0x40000000 0x00: eax=0x40000001 ebx=0x4b4d564b ecx=0x564b4d56 edx=0x0000004d\n"
		      "   0x00000007 0x01: eax=0x00000030 ebx=0x00000000 ecx=0x00000000\n";
	struct vc_cpuid_rec *r;
	size_t n;
	struct bad b = { 0 };

	(void)state;
	assert_int_equal(vc_parse_cpuid_txt(text, 100, &r, &n, on_bad, &b), 0);
	assert_int_equal(n, 3);
	assert_int_equal(r[0].cpu, 0);
	assert_int_equal(r[1].leaf, 1);
	assert_int_equal(r[1].r.ecx, 0xfffa3203);
	assert_int_equal(r[2].cpu, 1);
	assert_int_equal(r[2].leaf, 0x40000000);
	assert_int_equal(r[2].r.ebx, 0x4b4d564b);
	assert_int_equal(b.count, 1);
	assert_int_equal(b.last_line, 7);
	free(r);
}

static void test_cpuid_txt_one_cpu(void **state)
{
	/* `cpuid -1 -r` as published (firecracker's t2.rs): a disclaimer and "CPU:" for one CPU */
	char text[] = "Disclaimer: cpuid may not support decoding of all cpuid registers.\n"
		      "CPU:\n"
		      "   0x00000001 0x00: eax=0x000306f2 ebx=0x00010800 ecx=0xfffa3203 edx=0x178bfbff\n"
		      "   0x40000000 0x00: eax=0x40000005 ebx=0x566e6558 ecx=0x65584d4d edx=0x4d4d566e\n";
	struct vc_cpuid_rec *r;
	size_t n;
	struct bad b = { 0 };

	(void)state;
	assert_int_equal(vc_parse_cpuid_txt(text, 100, &r, &n, on_bad, &b), 0);
	assert_int_equal(n, 2);
	assert_int_equal(b.count, 0);
	assert_int_equal(r[0].cpu, 0);
	assert_int_equal(r[0].leaf, 1);
	assert_int_equal(r[1].cpu, 0);
	assert_int_equal(r[1].r.ebx, 0x566e6558);
	free(r);
}

static void test_cpuid_txt_limits(void **state)
{
	char orphan[] = "   0x00000000 0x00: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n";
	char many[] = "CPU 0:\n 0x0 0x0: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n 0x1 0x0: eax=0x1 ebx=0x2 ecx=0x3 "
		      "edx=0x4\n";
	char badcpu[] = "CPU 99999999:\n 0x0 0x0: eax=0x1 ebx=0x2 ecx=0x3 edx=0x4\n";
	struct vc_cpuid_rec *r;
	size_t n;
	struct bad b = { 0 };

	(void)state;
	assert_int_equal(vc_parse_cpuid_txt(orphan, 100, &r, &n, on_bad, &b), 0);
	assert_int_equal(n, 0);
	assert_int_equal(b.count, 1);
	free(r);
	assert_int_equal(vc_parse_cpuid_txt(many, 1, &r, &n, NULL, NULL), -E2BIG);
	b.count = 0;
	assert_int_equal(vc_parse_cpuid_txt(badcpu, 100, &r, &n, on_bad, &b), 0);
	assert_int_equal(n, 0);
	assert_int_equal(b.count, 2);
	free(r);
}

/* hex fields: "0x" and up to 8 digits read directly, anything else as parse_u32 reads it */
static void test_cpuid_txt_fields(void **state)
{
	char text[] = "CPU 3:\n"
		      " 0x7 0x1: eax=0xABCDEF12 ebx=0x0 ecx=1f edx=0X10\n"
		      " 0x1 0x0: eax=0x123456789 ebx=0x0 ecx=0x0 edx=0x0\n"
		      " 0x1 0x0: eax=0x ebx=0x0 ecx=0x0 edx=0x0\n"
		      " 0x1 0x0: eax=0x1g ebx=0x0 ecx=0x0 edx=0x0\n"
		      " 0x1 0x0: eax=0x1 ebx=0x0 ecx=0x0 edy=0x0\n"
		      " 0x1 0x0: ea=0x1 ebx=0x0 ecx=0x0 edx=0x0\n"
		      " 0x00000001 0x00: eax=0x0000ffff ebx=0x00000000 ecx=0xffffffff edx=0x00000000\n";
	struct vc_cpuid_rec *r;
	size_t n;
	struct bad b = { 0 };

	(void)state;
	assert_int_equal(vc_parse_cpuid_txt(text, 100, &r, &n, on_bad, &b), 0);
	assert_int_equal(n, 2);
	assert_int_equal(b.count, 5);
	assert_int_equal(r[0].cpu, 3);
	assert_int_equal(r[0].leaf, 7);
	assert_int_equal(r[0].subleaf, 1);
	assert_int_equal(r[0].r.eax, 0xabcdef12);
	assert_int_equal(r[0].r.ecx, 0x1f);
	assert_int_equal(r[0].r.edx, 0x10);
	assert_int_equal(r[1].r.eax, 0xffff);
	assert_int_equal(r[1].r.ecx, 0xffffffff);
	free(r);
}

static void test_msr_txt(void **state)
{
	char text[] = "cpu 0 0xc0000080 0x0000000000001d01\n"
		      "cpu 1 0x3a error EIO\n"
		      "cpu 1 0x3a error ENOTANERRNO\n"
		      "cpu x 0x3a 0x1\n";
	struct vc_msr_rec *r;
	size_t n;
	struct bad b = { 0 };

	(void)state;
	assert_int_equal(vc_parse_msr_txt(text, 100, &r, &n, on_bad, &b), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].msr, 0xc0000080);
	assert_int_equal(r[0].value, 0x1d01);
	assert_int_equal(r[1].err, EIO);
	assert_int_equal(b.count, 2);
	free(r);
}

static void test_kvm_txt(void **state)
{
	char text[] = "open ok\napi 12\ncap KVM_CAP_MAX_VCPUS 1024\ncap KVM_CAP_NOPE 1\n"
		      "create_vm EBUSY\nvcpu_run exit:SHUTDOWN\napi banana\n";
	int64_t caps[256];
	struct vc_kvm_info k = { .caps = caps };
	struct bad b = { 0 };
	struct buf out = { 0 };

	(void)state;
	assert_int_equal(vc_parse_kvm_txt(text, &k, on_bad, &b), 0);
	assert_int_equal(k.open, 0);
	assert_int_equal(k.api, 12);
	assert_int_equal(caps[vc_kvm_cap_index("KVM_CAP_MAX_VCPUS")], 1024);
	assert_int_equal(caps[vc_kvm_cap_index("KVM_CAP_HLT")], -1);
	assert_int_equal(k.create_vm, EBUSY);
	assert_int_equal(k.create_vcpu, VC_NOT_TRIED);
	assert_string_equal(k.run_exit, "SHUTDOWN");
	assert_int_equal(b.count, 2); /* unknown capability, bad api */

	vc_format_kvm_txt(&out, &k);
	assert_non_null(strstr(out.data, "create_vm EBUSY\n"));
	assert_non_null(strstr(out.data, "vcpu_run exit:SHUTDOWN\n"));
	assert_null(strstr(out.data, "create_vcpu"));
	buf_free(&out);
}

static void test_devices_txt(void **state)
{
	char text[] = "/dev/kvm c 10:232 0660 0 kvm acl=user:1000:rw-,mask::rw-\n"
		      "/dev/vboxdrv error ENOENT\n"
		      "/dev/x c 10:232 0999 0 kvm\n"
		      "/dev/y z 1:2 0600 0 root\n"
		      "/run/libvirt/libvirt-sock s 0:0 0770 0 libvirt\n";
	struct vc_dev_rec *r;
	size_t n;
	struct bad b = { 0 };
	struct buf out = { 0 };

	(void)state;
	assert_int_equal(vc_parse_devices_txt(text, 100, &r, &n, on_bad, &b), 0);
	assert_int_equal(n, 3);
	assert_int_equal(r[2].node.type, 's');
	assert_string_equal(r[2].node.group, "libvirt");
	assert_int_equal(r[0].node.mode, 0660);
	assert_int_equal(r[0].node.minor, 232);
	assert_string_equal(r[0].node.group, "kvm");
	assert_string_equal(r[0].node.acl, "user:1000:rw-,mask::rw-");
	assert_int_equal(r[1].err, ENOENT);
	assert_int_equal(b.count, 2);
	vc_format_devices_txt(&out, r, n);
	assert_string_equal(out.data, "/dev/kvm c 10:232 0660 0 kvm acl=user:1000:rw-,mask::rw-\n"
				      "/dev/vboxdrv error ENOENT\n"
				      "/run/libvirt/libvirt-sock s 0:0 0770 0 libvirt\n");
	buf_free(&out);
	free(r);
}

static void test_fds_txt(void **state)
{
	char text[] = "unreadable 3\n4242 qemu-system-x86 anon_inode:kvm-vm\n"
		      "77 Web Content /dev/kvm\n0 bad anon_inode:kvm-vm\nnonsense\n";
	struct vc_fd_rec *r;
	size_t n;
	unsigned unreadable;
	struct bad b = { 0 };

	(void)state;
	assert_int_equal(vc_parse_fds_txt(text, 100, &r, &n, &unreadable, on_bad, &b), 0);
	assert_int_equal(unreadable, 3);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].pid, 4242);
	assert_string_equal(r[1].comm, "Web Content");
	assert_string_equal(r[1].target, "/dev/kvm");
	assert_int_equal(b.count, 2);
	free(r);
}

/* The records are one block: the array, then their strings; the longest names kept, longer ones
 * malformed; no more records than asked for; none at all is NULL; a copy is a block of its own. */
static void test_fds_txt_block(void **state)
{
	char text[] =
		"1 abcdefghijklmnopqrstuvwxyz01234 /x\n"
		"2 abcdefghijklmnopqrstuvwxyz012345 /x\n"
		"3 a "
		"/ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt"
		"ttttttttttttttttttttttttttttttttttttttt\n"
		"4 a "
		"/tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt"
		"ttttttttttttttttttttttttttttttttttttttt\n"
		"5 x  y\t z anon_inode:kvm-vm\n";
	char three[] = "1 a /a\n2 b /b\n# c\n3 c /c\n", three2[sizeof(three)];
	char none[] = "# nothing\nunreadable 2\n";
	struct vc_fd_rec *r, *c;
	size_t n;
	unsigned unreadable;
	struct bad b = { 0 };

	(void)state;
	assert_int_equal(vc_parse_fds_txt(text, 100, &r, &n, &unreadable, on_bad, &b), 0);
	assert_int_equal(n, 3);
	assert_int_equal(b.count, 2);
	assert_int_equal(strlen(r[0].comm), VC_FD_COMM_MAX - 1);
	assert_int_equal(r[1].pid, 3);
	assert_int_equal(strlen(r[1].target), VC_FD_TARGET_MAX - 1);
	assert_string_equal(r[2].comm, "x  y\t z");
	assert_string_equal(r[2].target, "anon_inode:kvm-vm");
	for (size_t i = 0; i < n; i++) /* inside the block, after the array */
		assert_true(r[i].comm > (char *)(r + n) && r[i].target > r[i].comm);
	c = vc_fd_recs_copy(r, n);
	free(r);
	assert_int_equal(c[2].pid, 5);
	assert_string_equal(c[2].comm, "x  y\t z");
	assert_string_equal(c[1].target + VC_FD_TARGET_MAX - 2, "t");
	free(c);
	assert_null(vc_fd_recs_copy(NULL, 0));

	memcpy(three2, three, sizeof(three)); /* a parse writes into its text */
	assert_int_equal(vc_parse_fds_txt(three, 2, &r, &n, &unreadable, NULL, NULL), -E2BIG);
	assert_int_equal(vc_parse_fds_txt(three2, 3, &r, &n, &unreadable, NULL, NULL), 0);
	assert_int_equal(n, 3);
	assert_string_equal(r[2].target, "/c");
	free(r);
	assert_int_equal(vc_parse_fds_txt(none, 3, &r, &n, &unreadable, NULL, NULL), 0);
	assert_int_equal(n, 0);
	assert_null(r);
	assert_int_equal(unreadable, 2);
}

static void test_meta_txt(void **state)
{
	char text[] = "time 2026-11-21T22:11:19Z\nversion 0.1.0\nuid 1000\neuid 1000\nuser alice\n"
		      "group 1000 alice\ngroup 993 kvm\nbogus line here\n";
	struct vc_identity id, inv;
	bool has_inv;
	char t[64];
	struct bad b = { 0 };
	char sudo[] = "uid 0\neuid 0\nuser root\ngroup 0 root\ninvoker_uid 1000\ninvoker_user "
		      "alice\ninvoker_group 993 kvm\n";

	(void)state;
	assert_int_equal(vc_parse_meta_txt(text, &id, &inv, &has_inv, t, sizeof(t), on_bad, &b), 0);
	assert_false(has_inv);
	assert_string_equal(t, "2026-11-21T22:11:19Z");
	assert_int_equal(id.uid, 1000);
	assert_string_equal(id.user, "alice");
	assert_int_equal(id.ngroups, 2);
	assert_string_equal(id.groups[1].name, "kvm");
	assert_int_equal(b.count, 1);
	/* run through sudo: the invoking user is kept apart from root */
	assert_int_equal(vc_parse_meta_txt(sudo, &id, &inv, &has_inv, t, 0, on_bad, &b), 0);
	assert_true(has_inv);
	assert_int_equal(id.euid, 0);
	assert_int_equal(inv.euid, 1000);
	assert_string_equal(inv.user, "alice");
	assert_int_equal(inv.ngroups, 1);
	assert_string_equal(inv.groups[0].name, "kvm");
	assert_int_equal(b.count, 1);
	/* no uid line (a capture of a host whose identity was unknown): unknown, not root */
	{
		char none[] = "time 2026-11-21T22:11:19Z\nversion 0.2.0\n", noname[] = "uid 5\nuser -\n";

		assert_int_equal(vc_parse_meta_txt(none, &id, &inv, &has_inv, t, sizeof(t), on_bad, &b),
				 -ENODATA);
		/* "-": a user without a name, as vc_format_meta_txt writes it */
		assert_int_equal(vc_parse_meta_txt(noname, &id, &inv, &has_inv, t, sizeof(t), on_bad, &b), 0);
		assert_string_equal(id.user, "");
	}
}

static void test_cpuid_roundtrip(void **state)
{
	struct vc_cpuid_rec in[] = {
		{ 0, 0x0, 0, { 0x1c, 0x68747541, 0x444d4163, 0x69746e65 } },
		{ 0, 0xd, 0x0b, { 1, 2, 3, 4 } },
		{ 3, 0x80000001, 0, { 5, 6, 7, 8 } },
	};
	struct buf out = { 0 };
	struct vc_cpuid_rec *r;
	size_t n;

	(void)state;
	vc_format_cpuid_txt(&out, in, 3);
	assert_int_equal(vc_parse_cpuid_txt(out.data, 100, &r, &n, NULL, NULL), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(r, in, sizeof(in));
	free(r);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64),	  cmocka_unit_test(test_cpulist),
		cmocka_unit_test(test_errno_names),	  cmocka_unit_test(test_strcasestr),
		cmocka_unit_test(test_kernel_version),	  cmocka_unit_test(test_cpuid_txt),
		cmocka_unit_test(test_cpuid_txt_one_cpu), cmocka_unit_test(test_cpuid_txt_limits),
		cmocka_unit_test(test_cpuid_txt_fields),  cmocka_unit_test(test_msr_txt),
		cmocka_unit_test(test_kvm_txt),		  cmocka_unit_test(test_devices_txt),
		cmocka_unit_test(test_fds_txt),		  cmocka_unit_test(test_fds_txt_block),
		cmocka_unit_test(test_meta_txt),	  cmocka_unit_test(test_cpuid_roundtrip),
	};

	return cmocka_run_group_tests_name("parsers", tests, NULL, NULL);
}
