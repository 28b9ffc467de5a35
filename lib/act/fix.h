/* preflight --fix: what it changes on the machine, recorded so that `preflight --fix --undo` can
 * revert it. */
#pragma once

#include <stdio.h>

#include "lib/model/facts.h"
#include "lib/verdict/preflight.h"

#define VC_FIX_RULE_FILE "/etc/udev/rules.d/65-kvm.rules"
#define VC_FIX_RULE	 "KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0660\", OPTIONS+=\"static_node=kvm\"\n"
/* in a CI job: every user, since a job cannot log in again to get a group (libbpf/libbpf#747) */
#define VC_FIX_RULE_FILE_ALL "/etc/udev/rules.d/99-kvm4all.rules"
#define VC_FIX_RULE_ALL	     "KERNEL==\"kvm\", GROUP=\"kvm\", MODE=\"0666\", OPTIONS+=\"static_node=kvm\"\n"
#define VC_FIX_GROUP	     "kvm"
#define VC_FIX_NODE	     "/dev/kvm"

/* What to fix, taken from a preflight's report. */
struct vc_fix_req {
	unsigned fix;	    /* VC_FIX_* */
	const char *user;   /* VC_FIX_KVM_ACCESS: the user to put in the kvm group, or NULL */
	const char *vendor; /* VC_FIX_KVM_MODULE: kvm_intel or kvm_amd, or NULL */
	const char *ci;	    /* the CI system this job runs in ("GitHub Actions"), or NULL */
};

/* The kvm group as /etc/group has it. */
struct vc_fix_group {
	unsigned gid;
	bool member;	   /* the user asked about is listed in it */
	unsigned nmembers; /* users listed in it, that one included */
};

/* Everything --fix does to the machine and reads back, behind one table (real: /etc/group through
 * groupadd, usermod, gpasswd and groupdel; files; /dev/kvm; libkmod; syslog). Each returns 0 or
 * -errno. */
struct vc_fix_ops {
	void *ud;
	int (*lock)(void *ud, unsigned timeout_ms); /* the lock virtcheck switch takes */
	void (*unlock)(void *ud);
	int (*boot_id)(void *ud, char *buf, size_t len);
	/* -ENOENT: no such group; user may be NULL */
	int (*group)(void *ud, const char *name, const char *user, struct vc_fix_group *g);
	int (*group_add)(void *ud, const char *name); /* a system group */
	int (*group_del)(void *ud, const char *name);
	int (*member_add)(void *ud, const char *user, const char *group);
	int (*member_del)(void *ud, const char *user, const char *group);
	bool (*udev)(void *ud);	 /* udev runs here */
	int (*uevent)(void *ud); /* a change event for /dev/kvm, and a moment for udev to apply it */
	/* /dev/kvm's group and mode: -ENOENT, -ENOTTY when it is not the KVM device */
	int (*node)(void *ud, unsigned *gid, unsigned *mode);
	int (*node_set)(void *ud, unsigned gid, unsigned mode);
	/* a file as it is (bounded; -ENOENT), replaced atomically, put back (data NULL: removed) */
	int (*read_file)(void *ud, const char *path, char **data, size_t *len);
	int (*write_file)(void *ud, const char *path, const char *data, size_t len);
	int (*restore_file)(void *ud, const char *path, const char *data, size_t len);
	int (*mod_state)(void *ud, const char *mod, enum vc_modstate *st, int *refcnt);
	int (*mod_load)(void *ud, const char *mod);
	int (*mod_remove)(void *ud, const char *mod); /* never forced */
	/* the journal, VC_FIX_JOURNAL: replaced atomically and durably; read (-ENOENT: none) */
	int (*journal_write)(void *ud, const char *data, size_t len);
	int (*journal_read)(void *ud, char **data, size_t *len);
	void (*log)(void *ud, const char *msg); /* one line for syslog */
};
extern const struct vc_fix_ops vc_fix_real_ops;

/* The real journal operations under rootfd ("/" for the machine, a temporary directory in tests). */
int vc_fix_journal_write_at(int rootfd, const char *data, size_t len);
int vc_fix_journal_read_at(int rootfd, char **data, size_t *len);

/* What fixing req involves, said on out (changes nothing). */
void vc_fix_show(const struct vc_fix_req *req, FILE *out);
/* Fixes req through ops: the lock, then a journal VC_FIX_JOURNAL of each change and of what was
 * there before, written before the first change; each change recorded before it is made and
 * logged (syslog) after; SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE held until the fix is
 * complete, and one that came before rolls it back. A change that fails does not stop the others.
 * Returns 0 (*changed: something was changed, a re-check is due) or VC_PF_FIX_REFUSED: nothing was
 * done (an unfinished fix is pending, its journal is damaged, another one holds the lock). */
int vc_fix_apply(const struct vc_fix_req *req, const struct vc_fix_ops *ops, FILE *out, bool *changed);
/* preflight --fix --undo: reverts the last recorded fix, last change first, each only as far as
 * it was made and as the machine still shows it (a file changed since, a module in use, a group
 * with members are left, and said). Taking it again is safe. VC_PF_MET (also: already undone),
 * VC_PF_UNDO_NOTHING, VC_PF_UNDO_PARTIAL or VC_PF_JOURNAL_BAD. */
int vc_fix_undo(const struct vc_fix_ops *ops, FILE *out);
/* Says on out when a fix is unfinished (killed, crashed) or its journal damaged; true then.
 * Silent when the journal cannot be read (not root). */
bool vc_fix_pending(const struct vc_fix_ops *ops, FILE *out);
