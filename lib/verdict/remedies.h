/* Remedy text that several places give: one copy, so the report, switch and preflight say the
 * same thing for the same question. */
#pragma once

#include "lib/base/util.h"
#include "lib/model/facts.h"

/* How to add param to the kernel command line on this host's boot loader, reboot included. */
void vc_remedy_cmdline(struct buf *b, const struct vc_facts *f, const char *param);
/* A modprobe.d line written to /etc/modprobe.d/FILE: "echo 'LINE' | sudo tee ...". */
void vc_remedy_modprobe_d(struct buf *b, const char *file, const char *line);
