/* Remedy text that several places give: one copy, so the report, switch and preflight say the
 * same thing for the same question. */
#pragma once

#include "lib/base/util.h"
#include "lib/model/facts.h"

/* How to add param to the kernel command line on this host's boot loader, reboot included. */
void vc_remedy_cmdline(struct buf *b, const struct vc_facts *f, const char *param);
/* A modprobe.d line written to /etc/modprobe.d/FILE: "echo 'LINE' | sudo tee ...". */
void vc_remedy_modprobe_d(struct buf *b, const char *file, const char *line);
/* How the outer hypervisor of this virtual machine exposes VT-x/AMD-V to it (nested virtualization):
 * what to do on the outer host, or in WSL's configuration. f->cpuid (and f->environment, when it ran)
 * say which hypervisor that is. */
void vc_remedy_nested(struct buf *b, const struct vc_facts *f);
/* A CPU without VT-x/AMD-V: what is left. */
void vc_remedy_no_vt(struct buf *b);
