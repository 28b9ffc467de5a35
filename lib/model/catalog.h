/* Error messages users meet (VirtualBox, QEMU/libvirt, the kernel): what they mean and which
 * findings of a report explain them on a given host. Used by `explain` and by probes that read logs. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct vc_known_error {
	const char *id;	    /* stable: "VERR_SVM_IN_USE", "kvm_create_vm_ebusy" */
	const char *source; /* virtualbox, qemu, kernel */
	int vbox_code;	    /* VirtualBox status code, 0 when none */
	/* substrings that identify it in pasted text (case-insensitive); NULL-terminated */
	const char *const patterns[8];
	const char *meaning;
	/* finding id prefixes and owner rules that explain it on a host; NULL-terminated */
	const char *const related[8];
};

extern const struct vc_known_error vc_known_errors[];
extern const size_t vc_nknown_errors;

/* The entries that text mentions, in catalogue order; returns how many were stored (<= max). */
size_t vc_match_errors(const char *text, const struct vc_known_error **out, size_t max);
const struct vc_known_error *vc_known_error_by_code(int vbox_code);
/* Drops from the n entries of one line those a more specific one of them narrows (whose patterns hold
 * the general one's: QEMU's "entry failed, hardware error 0x80000021" is kvm_invalid_guest_state,
 * not also kvm_entry_failed); returns how many are left. */
size_t vc_errors_most_specific(const struct vc_known_error **m, size_t n);
/* Whether a finding (by id) explains any of the n entries on a host: its id starts with one they relate to.
 */
bool vc_known_errors_relate(const struct vc_known_error *const *m, size_t n, const char *finding_id);
