/* The libudev source of the udev probe, on devices umockdev fakes (run under umockdev-wrapper). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <umockdev.h>

#include "lib/host/live_sources.h"

static int failures;

#define CHECK(cond, ...)                                                                                     \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			fprintf(stderr, "not ok - " __VA_ARGS__);                                            \
			fputc('\n', stderr);                                                                 \
			failures++;                                                                          \
		} else {                                                                                     \
			printf("ok - " __VA_ARGS__);                                                         \
			putchar('\n');                                                                       \
		}                                                                                            \
	} while (0)

int main(void)
{
	UMockdevTestbed *tb;
	struct buf b = { 0 };
	int r;

	const char *preload = getenv("LD_PRELOAD");

	if (!preload || !strstr(preload, "umockdev-preload")) {
		printf("SKIP: not under umockdev-wrapper (libudev would see the real /sys)\n");
		return 77;
	}
	tb = umockdev_testbed_new();
	/* /dev/kvm as udev knows it: misc 10:232, tagged for seat access */
	umockdev_testbed_add_device(tb, "misc", "kvm", NULL, "dev", "10:232", NULL, "DEVNAME", "kvm", "MAJOR",
				    "10", "MINOR", "232", NULL);
	umockdev_testbed_add_device(tb, "misc", "vboxdrv", NULL, "dev", "10:122", NULL, "DEVNAME", "vboxdrv",
				    "MAJOR", "10", "MINOR", "122", NULL);

	r = vc_live_udev(&b);
	CHECK(r == 0, "vc_live_udev returns 0 (got %d)", r);
	CHECK(b.data && strstr(b.data, "misc kvm devnode=/dev/kvm devnum=10:232 "),
	      "kvm: node and number from udev");
	CHECK(b.data && strstr(b.data, "misc vboxdrv devnode=/dev/vboxdrv devnum=10:122 "),
	      "vboxdrv: node and number");
	CHECK(b.data && strstr(b.data, "misc vmmon absent\n"), "vmmon: absent");
	CHECK(b.data && strstr(b.data, "misc vboxnetctl absent\n"), "vboxnetctl: absent");
	if (failures && b.data)
		fprintf(stderr, "%s", b.data);
	buf_free(&b);

	/* the same device removed: reported absent, no stale data */
	umockdev_testbed_remove_device(tb, "/sys/devices/kvm");
	r = vc_live_udev(&b);
	CHECK(r == 0 && b.data && strstr(b.data, "misc kvm absent\n"), "kvm: absent after removal");
	buf_free(&b);
	g_object_unref(tb);
	return failures ? 1 : 0;
}
