/* Strings from outside (the machine, a capture, a saved document, the command line) made safe to
 * show: control characters escaped visibly, invalid UTF-8 shown as bytes; and words quoted for the
 * shell. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/base/util.h"

/*
 * What vc_sane* escape, each visibly and in place:
 * - C0 controls and DEL: "\t", "\n", "\r", otherwise "\xNN" (ESC is "\x1b");
 * - bytes that are not valid UTF-8 (stray continuation bytes, raw 0x80-0x9f, overlongs, surrogates,
 *   truncated sequences): each byte "\xNN";
 * - code points a terminal or an XML reader would act on or choke on: C1 controls U+0080-U+009F,
 *   the bidirectional controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), the line and
 *   paragraph separators U+2028-U+2029 and the noncharacters U+FFFE-U+FFFF: "\uNNNN".
 * A backslash stays as it is (remedies hold printf and echo commands), so the result is printable
 * UTF-8 and escaping it again changes nothing.
 */
enum {
	VC_SANE_KEEP_NL = 1 << 0, /* a newline stays a newline: text whose lines the renderer lays out */
};

/* Appends s, escaped; NULL appends nothing. */
void vc_sane_append(struct buf *b, const char *s, unsigned flags);
/* s escaped, on the heap (free it); NULL for NULL. */
char *vc_sane(const char *s, unsigned flags);
/* Writes s escaped; NULL writes nothing. */
void vc_fputs_sane(const char *s, unsigned flags, FILE *f);
/* Whether vc_sane would change nothing in s. */
bool vc_is_sane(const char *s, unsigned flags);

/* Whether a code point is one vc_sane escapes as "\uNNNN" (or "\xNN" below U+0080). */
bool vc_char_is_control(uint32_t cp);
/* Length of the valid UTF-8 sequence at p (NUL-terminated), or 0: overlongs, surrogates and
 * code points above U+10FFFF are invalid. ret_cp (may be NULL) gets the code point. */
size_t vc_utf8_next(const unsigned char *p, uint32_t *ret_cp);
size_t vc_utf8_len(const unsigned char *p);

/*
 * s as one word for a POSIX shell, for commands virtcheck prints: as it is when it is made only of
 * [A-Za-z0-9_@%+=:,./-] (and is not empty), otherwise in single quotes, a quote inside as '\''.
 */
void vc_shell_quote_append(struct buf *b, const char *s);
char *vc_shell_quote(const char *s);
