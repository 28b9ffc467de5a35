/* The live sources behind vc_host_lines: libudev, libpci and /dev/kmsg, as text records. */
#pragma once

#include <stdbool.h>

#include "lib/base/util.h"

int vc_live_udev(struct buf *out);
/* sysfs: NULL for /sys (tests give a fake tree). */
int vc_live_pci(const char *sysfs, struct buf *out);
int vc_live_kmsg(struct buf *out);
/* Whether a kernel log message matters to virtcheck (kept in a capture: the rest is not). */
bool vc_kmsg_relevant(const char *msg);
