/* The capture's record files (DIR/virtcheck/NAME.txt): pure parsers and writers. */
#pragma once

#include "lib/host/host.h"
#include "lib/base/util.h"

struct vc_cpuid_rec {
	unsigned cpu;
	uint32_t leaf, subleaf;
	struct vc_cpuid_regs r;
};

struct vc_msr_rec {
	unsigned cpu;
	uint32_t msr;
	int err; /* 0, or the errno the read gave */
	uint64_t value;
};

struct vc_dev_rec {
	char path[128];
	int err; /* 0, or the errno stat gave */
	struct vc_devnode node;
};

struct vc_err_rec {
	char path[256];
	int err;
};

/* Called for each line that does not parse; line numbers start at 1. */
typedef void (*vc_bad_line_fn)(void *userdata, unsigned line, const char *why);

/* Each parser takes a writable NUL-terminated buffer, skips blank lines and '#' comments,
 * reports bad lines through bad (may be NULL) and keeps going. Returns 0 or -ENOMEM-free
 * errors only for impossible input sizes (-E2BIG over max_records). */
int vc_parse_cpuid_txt(char *text, size_t max_records, struct vc_cpuid_rec **ret, size_t *ret_n,
		       vc_bad_line_fn bad, void *userdata);
int vc_parse_msr_txt(char *text, size_t max_records, struct vc_msr_rec **ret, size_t *ret_n,
		     vc_bad_line_fn bad, void *userdata);
int vc_parse_devices_txt(char *text, size_t max_records, struct vc_dev_rec **ret, size_t *ret_n,
			 vc_bad_line_fn bad, void *userdata);
/* unreadable: the count of processes whose fds could not be read (line "unreadable N"). */
int vc_parse_fds_txt(char *text, size_t max_records, struct vc_fd_rec **ret, size_t *ret_n,
		     unsigned *unreadable, vc_bad_line_fn bad, void *userdata);
int vc_parse_errors_txt(char *text, size_t max_records, struct vc_err_rec **ret, size_t *ret_n,
			vc_bad_line_fn bad, void *userdata);
/* Fills info (caps must point at vc_kvm_ncaps entries). */
int vc_parse_kvm_txt(char *text, struct vc_kvm_info *info, vc_bad_line_fn bad, void *userdata);
/* invoker: the user who ran sudo/pkexec (lines invoker_uid, invoker_user, invoker_group);
 * *has_invoker tells whether the capture had one. -ENODATA when no uid line says who captured (a
 * capture of a host whose identity was unknown): not to be taken for root. */
int vc_parse_meta_txt(char *text, struct vc_identity *id, struct vc_identity *invoker, bool *has_invoker,
		      char *time, size_t timelen, vc_bad_line_fn bad, void *userdata);

/* Writers: append records to b in the format the parsers read. */
void vc_format_cpuid_txt(struct buf *b, const struct vc_cpuid_rec *r, size_t n);
void vc_format_msr_txt(struct buf *b, const struct vc_msr_rec *r, size_t n);
void vc_format_devices_txt(struct buf *b, const struct vc_dev_rec *r, size_t n);
void vc_format_fds_txt(struct buf *b, const struct vc_fd_rec *r, size_t n, unsigned unreadable);
void vc_format_errors_txt(struct buf *b, const struct vc_err_rec *r, size_t n);
void vc_format_kvm_txt(struct buf *b, const struct vc_kvm_info *info);
void vc_format_meta_txt(struct buf *b, const struct vc_identity *id, const struct vc_identity *invoker,
			const char *time, const char *version);

int vc_cpuid_rec_cmp(const void *a, const void *b);
int vc_msr_rec_cmp(const void *a, const void *b);
