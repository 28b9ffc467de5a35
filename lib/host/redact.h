/* capture --redact: names that identify a machine or its people replaced by stable placeholders,
 * in file contents and in paths alike, so a redacted capture still replays to the same verdict. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct vc_redact;

struct vc_redact *vc_redact_new(void);
void vc_redact_free(struct vc_redact *r);

/* A user name (replaced as a whole word by "user1", "user2"... in the order added; names a
 * hypervisor or the system uses, like root or kvm, are never replaced), its home directory
 * (replaced as a path prefix by /home/userN), and the host name (by "host1"). */
void vc_redact_user(struct vc_redact *r, const char *name, const char *home);
void vc_redact_hostname(struct vc_redact *r, const char *name);

/*
 * text with every registered name replaced, and every IPv4 address (192.0.2.N), IPv6 address
 * (2001:db8::N) and MAC address (02:00:00:00:00:NN) replaced by a documentation address, the
 * same one each time it appears. A dotted quad glued to a letter or '-' (5.15.153.1-microsoft) is
 * a version, not an address. Returns a new NUL-terminated buffer; ret_len its length.
 */
char *vc_redact_text(struct vc_redact *r, const char *text, size_t len, size_t *ret_len);

/* The contents of the file at path as vc_redact_text gives them, and first, for a file whose value
 * identifies the machine (/sys/hypervisor/uuid, DMI product_uuid and serial numbers, the chassis
 * asset tag, /etc/machine-id), every letter and digit replaced by '0' after the marker virtcheck
 * detects a platform by, which stays (an "ec2" prefix; Azure's and Oracle Cloud's asset tags). */
char *vc_redact_file(struct vc_redact *r, const char *path, const char *text, size_t len, size_t *ret_len);
