/* Libraries loaded on first use: a missing one is an error with a reason, never a crash; a replay
 * (--sysroot) loads none of libkmod, libudev, libpci, zlib; a live host without libudev says which package
 * to install. */
#include "testutil.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/base/dlib.h"
#include "lib/base/util.h"
#include "lib/host/host.h"
#include "lib/host/live_sources.h"
#include "lib/render/render.h"
#include "lib/verdict/run.h"

static void test_missing_library(void **state)
{
	struct vc_dlib lib = { .soname = "libvc-no-such-library.so.9", .package = "vc-none" };
	size_t (*sym_strlen)(const char *) = NULL;

	(void)state;
	assert_int_equal(vc_dlib_load(&lib, VC_DLSYM_ARG(strlen)), -ELIBACC);
	assert_non_null(strstr(lib.why, "libvc-no-such-library.so.9"));
	assert_null(sym_strlen);
	/* the failure is kept: no second dlopen, the same answer */
	assert_int_equal(vc_dlib_load(&lib, VC_DLSYM_ARG(strlen)), -ELIBACC);
}

static void test_missing_symbol_and_loaded(void **state)
{
	struct vc_dlib bad = { .soname = "libc.so.6", .package = "libc6" };
	struct vc_dlib good = { .soname = "libc.so.6", .package = "libc6" };
	size_t (*sym_strlen)(const char *) = NULL;
	void *sym_nothing = NULL;

	(void)state;
	assert_int_equal(vc_dlib_load(&bad, VC_DLSYM_ARG(strlen), &sym_nothing, "vc_no_such_symbol"),
			 -ELIBACC);
	assert_non_null(strstr(bad.why, "vc_no_such_symbol"));
	assert_int_equal(vc_dlib_load(&good, VC_DLSYM_ARG(strlen)), 0);
	assert_non_null(sym_strlen);
	assert_int_equal(sym_strlen("four"), 4);
	assert_int_equal(vc_dlib_load(&good, VC_DLSYM_ARG(strlen)), 0);
}

/* Whether /proc/self/maps shows a library whose name starts with prefix. */
static bool mapped(const char *prefix)
{
	char line[1024];
	FILE *f = fopen("/proc/self/maps", "r");
	bool found = false;

	assert_non_null(f);
	while (!found && fgets(line, sizeof(line), f)) {
		const char *slash = strrchr(line, '/');

		found = slash && strncmp(slash + 1, prefix, strlen(prefix)) == 0;
	}
	fclose(f);
	return found;
}

static const char *const lazy[] = { "libkmod.so", "libudev.so", "libpci.so", "libcrypto.so",
				    "libzstd.so", "liblzma.so", "libz.so" };

static void test_replay_loads_none(void **state)
{
	static const char *const hosts[] = { "intel-both-loaded-qemu-vm", "intel-kvm612-vbox72",
					     "amd-kvm-idle-6.1" };
	static const char *const tree[] = { "bus", "bus/pci", "bus/pci/devices",
					    "bus/pci/devices/0000:00:03.0" };
	static const char *const attrs[][2] = { { "vendor", "0x1af4\n" },
						{ "device", "0x1041\n" },
						{ "class", "0x020000\n" } };
	const char *src = getenv("VC_SRCDIR");
	struct buf b = { 0 };
	char dir[512], sub[600];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(hosts); i++) {
		struct vc_host *h;
		struct vc_ctx *ctx;
		FILE *out = fopen("/dev/null", "w");

		snprintf(dir, sizeof(dir), "%s/tests/fixtures/%s", src ? src : ".", hosts[i]);
		assert_int_equal(vc_host_new_sysroot(dir, &h), 0);
		ctx = vc_ctx_new(h);
		assert_int_equal(vc_run(ctx, VC_ALL_PROBES, true), 0);
		vc_render_json(out, ctx, "test");
		fclose(out);
		vc_ctx_free(ctx);
		vc_host_free(h);
	}
	for (size_t i = 0; i < ARRAY_SIZE(lazy); i++)
		if (mapped(lazy[i]))
			fail_msg("a replay loaded %s", lazy[i]);
	/* the check sees a library once something loads it: libpci, for the name of a device bound to
	 * vfio-pci; one bound to another driver is read from sysfs without it */
	snprintf(dir, sizeof(dir), "/tmp/vc-dlib-XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < ARRAY_SIZE(tree); i++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, tree[i]);
		assert_int_equal(mkdir(sub, 0755), 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++) {
		FILE *f;

		snprintf(sub, sizeof(sub), "%s/%s/%s", dir, tree[ARRAY_SIZE(tree) - 1], attrs[i][0]);
		assert_non_null(f = fopen(sub, "w"));
		fputs(attrs[i][1], f);
		fclose(f);
	}
	snprintf(sub, sizeof(sub), "%s/%s/driver", dir, tree[ARRAY_SIZE(tree) - 1]);
	assert_int_equal(symlink("../../../bus/pci/drivers/virtio-pci", sub), 0);
	if (vc_live_pci(dir, &b) < 0)
		fail_msg("pci: %s", b.data ? b.data : "");
	assert_string_equal(b.data,
			    "0000:00:03.0 1af4:1041 class=0200 driver=virtio-pci iommu_group=- name=\n");
	buf_free(&b);
	assert_false(mapped("libpci.so"));
	assert_int_equal(unlink(sub), 0);
	assert_int_equal(symlink("../../../bus/pci/drivers/vfio-pci", sub), 0);
	if (vc_live_pci(dir, &b) < 0)
		fail_msg("libpci: %s", vc_live_dlib("pci")->why);
	assert_non_null(strstr(b.data, " driver=vfio-pci iommu_group=- name="));
	buf_free(&b);
	assert_true(mapped("libpci.so"));
	assert_int_equal(unlink(sub), 0);
	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++) {
		snprintf(sub, sizeof(sub), "%s/%s/%s", dir, tree[ARRAY_SIZE(tree) - 1], attrs[i][0]);
		assert_int_equal(unlink(sub), 0);
	}
	for (size_t i = ARRAY_SIZE(tree); i-- > 0;) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, tree[i]);
		assert_int_equal(rmdir(sub), 0);
	}
	assert_int_equal(rmdir(dir), 0);
}

/* libudev missing (its soname changed to one no system has; this process never loaded it): the udev
 * record fails with -ELIBACC and the host has a problem that names the package to install. No test
 * hides a real library: a bind mount over one could reach the machine's own namespace. */
static void test_live_without_libudev(void **state)
{
	struct vc_dlib *lib = (struct vc_dlib *)vc_live_dlib("udev");
	const struct vc_host_problem *pr;
	struct vc_host *h;
	char *const *lines;
	size_t n, np;

	(void)state;
	assert_non_null(lib);
	assert_string_equal(lib->soname, "libudev.so.1");
	lib->soname = "libvc-no-such-libudev.so.1";
	assert_int_equal(vc_host_new_live(&h), 0);
	assert_int_equal(vc_host_lines(h, "udev", &lines, &n), -ELIBACC);
	assert_int_equal(n, 0);
	pr = vc_host_problems(h, &np);
	assert_int_equal(np, 1);
	assert_string_equal(pr[0].path, "libvc-no-such-libudev.so.1");
	assert_non_null(strstr(pr[0].what, "install the package libudev1"));
	vc_host_free(h);
	/* the same when a report read it on a thread of its own (vc_host_prefetch) */
	assert_int_equal(vc_host_new_live(&h), 0);
	vc_host_prefetch(h, "udev");
	assert_int_equal(vc_host_lines(h, "udev", &lines, &n), -ELIBACC);
	assert_int_equal(n, 0);
	pr = vc_host_problems(h, &np);
	assert_int_equal(np, 1);
	assert_non_null(strstr(pr[0].what, "install the package libudev1"));
	vc_host_free(h);
}

static uint32_t crc32_of(const char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= (unsigned char)p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
	}
	return ~c;
}

static void put32(FILE *f, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		fputc((int)(v >> (8 * i)) & 0xff, f);
}

/* A kernel without /boot/config-RELEASE: its /proc/config.gz (here one stored deflate block) is
 * inflated by zlib, loaded then (the replay test shows a replay without it loads none; libpci, loaded
 * at its end, pulls zlib in too). */
static void test_config_gz_loads_zlib(void **state)
{
	static const char text[] = "CONFIG_KVM=m\nCONFIG_KVM_INTEL=m\n# CONFIG_KVM_AMD is not set\n";
	static const char *const tree[] = { "proc", "proc/sys", "proc/sys/kernel", "virtcheck" };
	size_t n = sizeof(text) - 1;
	char dir[] = "/tmp/vc-dlib-gz-XXXXXX", path[600];
	struct vc_host *h;
	struct vc_ctx *ctx;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < ARRAY_SIZE(tree); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, tree[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	snprintf(path, sizeof(path), "%s/proc/sys/kernel/osrelease", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("6.1.0-vc-test\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/virtcheck/meta.txt", dir);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	snprintf(path, sizeof(path), "%s/proc/config.gz", dir);
	assert_non_null(f = fopen(path, "w"));
	/* gzip header (RFC 1952), a final stored block (RFC 1951), CRC-32 and size */
	fwrite("\x1f\x8b\x08\0\0\0\0\0\0\xff\x01", 1, 11, f);
	fputc((int)(n & 0xff), f);
	fputc((int)(n >> 8), f);
	fputc((int)(~n & 0xff), f);
	fputc((int)((~n >> 8) & 0xff), f);
	fwrite(text, 1, n, f);
	put32(f, crc32_of(text, n));
	put32(f, (uint32_t)n);
	fclose(f);

	assert_int_equal(vc_host_new_sysroot(dir, &h), 0);
	ctx = vc_ctx_new(h);
	assert_int_equal(vc_run_only(ctx, VC_P(VC_PROBE_PLATFORM)), 0);
	assert_true(ctx->facts.platform.has_kernel_config);
	assert_string_equal(ctx->facts.platform.kernel_config.source, "/proc/config.gz");
	assert_true(mapped("libz.so"));
	vc_ctx_free(ctx);
	vc_host_free(h);

	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/proc/sys/kernel/osrelease", dir);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/virtcheck/meta.txt", dir);
	assert_int_equal(unlink(path), 0);
	for (size_t i = ARRAY_SIZE(tree); i-- > 0;) {
		snprintf(path, sizeof(path), "%s/%s", dir, tree[i]);
		assert_int_equal(rmdir(path), 0);
	}
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_missing_symbol_and_loaded),
		/* before the replay test, which ends by loading libpci (and with it libudev) for a
		 * device bound to vfio-pci */
		cmocka_unit_test(test_live_without_libudev),
		cmocka_unit_test(test_replay_loads_none),
		/* after it: zlib is then loaded */
		cmocka_unit_test(test_config_gz_loads_zlib),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
