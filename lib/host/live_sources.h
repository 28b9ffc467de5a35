/* The live sources behind vc_host_lines: libudev, libpci and /dev/kmsg, as text records. */
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
