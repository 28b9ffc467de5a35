/* virtcheck switch: plan and execute a change of the hypervisor modules, safely. */
#pragma once

#include <stdio.h>

#include "lib/model/journal.h"
#include "lib/model/report.h"

/* Exit status of `virtcheck switch` (man/virtcheck-switch.8; stable). */
enum {
	VC_SW_OK = 0,	       /* switched, or already there */
	VC_SW_REFUSED = 1,     /* VMs run on the side to remove, built-in modules, ...: nothing done */
	VC_SW_ROLLED_BACK = 2, /* a step failed; the previous state is back and verified */
	VC_SW_USAGE = 3,
	VC_SW_NOT_ROOT = 4,
	VC_SW_HALF = 5,	       /* a step failed and so did the rollback: the state is printed */
	VC_SW_LOCKED = 6,      /* another switch holds the lock */
	VC_SW_PENDING = 7,     /* an unfinished switch is pending (its journal): --recover first */
	VC_SW_JOURNAL_BAD = 8, /* --recover: the journal cannot be read or is damaged; nothing done */
};

/* Everything switch does to the machine, behind one table (real: libkmod, files, MSRs). */
struct vc_switch_ops {
	void *ud;
	int (*state)(void *ud, const char *mod, enum vc_modstate *st, int *refcnt);
	int (*remove)(void *ud, const char *mod);		       /* never forced */
	int (*insert)(void *ud, const char *mod, const char *options); /* with its dependencies */
	int (*param)(void *ud, const char *mod, const char *param, char *buf, size_t len);
	int (*lock)(void *ud, unsigned timeout_ms);
	void (*unlock)(void *ud);
	int (*write_file)(void *ud, const char *path, const char *data, size_t len); /* atomic, keeps .bak */
	int (*remove_file)(void *ud, const char *path);				     /* keeps .bak */
	/* a file as it was, for the journal (bounded; -ENOENT), and put back so (data NULL: removed) */
	int (*read_file)(void *ud, const char *path, char **data, size_t *len);
	int (*restore_file)(void *ud, const char *path, const char *data, size_t len);
	/* the journal, VC_SWITCH_JOURNAL: replaced atomically and durably; read (-ENOENT: none);
	 * removed */
	int (*journal_write)(void *ud, const char *data, size_t len);
	int (*journal_read)(void *ud, char **data, size_t *len);
	int (*journal_remove)(void *ud);
	/* this boot's id (/proc/sys/kernel/random/boot_id): a journal of another boot has no modules
	 * to put back */
	int (*boot_id)(void *ud, char *buf, size_t len);
	int (*svme)(void *ud, bool *on); /* EFER.SVME set on any CPU; -ENOENT: cannot be read */
	bool (*node_exists)(void *ud, const char *path);
	void (*log)(void *ud, const char *msg);
};
extern const struct vc_switch_ops vc_switch_real_ops;

enum vc_switch_target { VC_TO_KVM, VC_TO_VIRTUALBOX, VC_TO_VMWARE, VC_TO_NONE, _VC_TO_MAX };
const char *vc_switch_target_name(enum vc_switch_target t);
int vc_switch_target_from_name(const char *s, enum vc_switch_target *t);

#define VC_SW_MAX_MODS 12

struct vc_switch_plan {
	enum vc_switch_target target;
	int refuse;	    /* 0 or VC_SW_REFUSED */
	char *refusal;	    /* why: "- REASON" lines, more lines of a reason indented under it */
	bool nothing_to_do; /* already on the target */
	bool keep_kvm;	    /* VirtualBox that runs on top of a loaded KVM */
	bool amd;
	const char *remove[VC_SW_MAX_MODS]; /* in removal order */
	size_t nremove;
	const char *load[VC_SW_MAX_MODS]; /* in load order */
	char *load_options[VC_SW_MAX_MODS];
	size_t nload;
	const char *expect_node; /* device that must exist afterwards, or NULL */
	char *notes;		 /* lines worth saying before doing it */
	char *persistent;	 /* the /etc/modprobe.d/virtcheck.conf this target wants */
	char *persistent_notes;	 /* what else keeps modules loading at boot, initramfs */
	bool etc_generated;	 /* NixOS: /etc/modprobe.d is generated, --persistent is refused
				  * and persistent_notes says what configuration.nix needs */
	char *params_file;	 /* VC_SWITCH_PARAMS as it is: "MODULE k=v ..." a line */
};

/* Plans from a report context (all probes run). 0 or -errno. */
int vc_switch_plan(struct vc_ctx *ctx, enum vc_switch_target t, struct vc_switch_plan *p);
void vc_switch_plan_free(struct vc_switch_plan *p);

#define VC_SWITCH_LOCK "/run/virtcheck.lock"
/* Takes the exclusive flock of path (created 0600, no link followed), waiting up to timeout_ms;
 * *ret_fd holds it until closed. 0, -EWOULDBLOCK (held by another) or -errno. The real switch and
 * preflight --fix take VC_SWITCH_LOCK with it. */
int vc_lock_file(const char *path, unsigned timeout_ms, int *ret_fd);
#define VC_SWITCH_CONF "/etc/modprobe.d/virtcheck.conf"
/* The parameters modules had when a switch removed them; a later switch loads them so. */
#define VC_SWITCH_PARAMS "/run/virtcheck.params"

/* The real journal operations under rootfd ("/" for the machine, a temporary directory in tests).
 * Removing the journal removes its directory too, so that it exists only while one is pending. */
int vc_switch_journal_write_at(int rootfd, const char *data, size_t len);
int vc_switch_journal_read_at(int rootfd, char **data, size_t *len);
int vc_switch_journal_remove_at(int rootfd);

struct vc_switch_opts {
	bool persistent;
	unsigned lock_timeout_ms;
	/* makes the plan again once the lock is held (the machine may have changed while the plan was
	 * shown); a different plan is refused. NULL: the plan as given. */
	int (*replan)(void *ud, enum vc_switch_target t, struct vc_switch_plan *p);
	void *replan_ud;
};

/* Executes the plan through ops, reporting each step to out and into result (an object): the
 * journal first, SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE held until the switch is complete or
 * rolled back (one of the first four before the end rolls it back). Returns a VC_SW_* status. */
int vc_switch_run(const struct vc_switch_plan *p, const struct vc_switch_ops *ops,
		  const struct vc_switch_opts *o, FILE *out, struct vc_val *result);
/* virtcheck switch --recover: puts back what the journal says was there (modules, their
 * parameters, the files), verifies it and removes the journal; a switch the journal says was
 * complete is left as it is. VC_SW_OK (also: nothing pending), VC_SW_HALF, VC_SW_LOCKED or
 * VC_SW_JOURNAL_BAD. */
int vc_switch_recover(const struct vc_switch_ops *ops, unsigned lock_timeout_ms, FILE *out,
		      struct vc_val *result);
/* Removes the persistent configuration (virtcheck switch --forget). */
int vc_switch_forget(const struct vc_switch_ops *ops, FILE *out);
