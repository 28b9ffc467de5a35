/* Journals: what virtcheck is about to change, as text that survives it (a kill, a crash): a
 * versioned first line "virtcheck-journal 1 KIND", one record "KEY VALUE" a line (the value
 * escaped: \\, \n, \t, \xHH), and a last line "end N" (N records) that tells a whole journal from a
 * cut one. Written by virtcheck switch and preflight --fix, read by them and the report. */
#pragma once

#include "lib/base/util.h"
#include "lib/model/fields.h"

/* What virtcheck switch is about to do and how far it got (kind "switch"), written before its
 * first change and removed once it is complete or rolled back; the report reads it too. Its
 * directory (under the root: 0700, no link followed) exists only while one is pending. */
#define VC_SWITCH_JOURNAL_DIR  "run/virtcheck"
#define VC_SWITCH_JOURNAL_NAME "switch.journal"
#define VC_SWITCH_JOURNAL      "/" VC_SWITCH_JOURNAL_DIR "/" VC_SWITCH_JOURNAL_NAME

/* What preflight --fix --yes changed and what was there before (kind "preflight-fix"), written
 * before its first change and kept, so that `preflight --fix --undo` reverts the last fix. Under
 * /var/lib, not /run: a group and a udev rule outlive a reboot. */
#define VC_FIX_JOURNAL_DIR  "var/lib/virtcheck"
#define VC_FIX_JOURNAL_NAME "fix.journal"
#define VC_FIX_JOURNAL	    "/" VC_FIX_JOURNAL_DIR "/" VC_FIX_JOURNAL_NAME

/* The kinds, the third word of the first line. */
#define VC_JOURNAL_SWITCH "switch"
#define VC_JOURNAL_FIX	  "preflight-fix"

#define VC_JOURNAL_VERSION 1
#define VC_JOURNAL_MAX	   (256u << 10)

struct vc_jrec {
	char *key, *val; /* val unescaped; "" when the line has none */
	unsigned line;
};

struct vc_journal {
	char *kind;
	VC_ARRAY(struct vc_jrec) recs;
};

/* Composing one: start, records, end (the whole text is then written at once). */
struct vc_jwriter {
	struct buf b;
	size_t n;
};
void vc_journal_start(struct vc_jwriter *w, const char *kind);
void vc_journal_rec(struct vc_jwriter *w, const char *key, const char *fmt, ...) _printf_(3, 4);
/* Ends it; the text is w->b.data (w->b.len bytes), freed with buf_free. */
void vc_journal_end(struct vc_jwriter *w);

/* 0, or -EBADMSG with *ret_why (allocated) saying what is wrong and where ("line 4: ..."). */
int vc_journal_parse(const char *text, size_t len, struct vc_journal *j, char **ret_why);
/* The value of the first record named key, or NULL. */
const char *vc_journal_get(const struct vc_journal *j, const char *key);
void vc_journal_free(struct vc_journal *j);
