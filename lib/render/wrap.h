/* Text for people, fitted to the terminal: one logical line wrapped at word boundaries, continuation
 * lines indented under their text, commands never split. Width 0 (a pipe or a file): each logical
 * line stays one line, for grep. */
#pragma once

#include <stdio.h>

#include "lib/base/util.h"

/*
 * Text is where strings from outside go (a process name, a path, a saved document's field): every
 * function here writes it through vc_sane (lib/base/sanitise.h), so a control character in it is
 * shown escaped, never sent to the terminal; its newlines stay the line breaks they are. Colours go
 * in lead or as style, never in text. lead and the indents are the renderer's own and written as they
 * are.
 *
 * One logical line: lead as it is (colours allowed: "  warning "), then text wrapped at width columns,
 * each continuation line starting at column indent. These are never split: a word, text in
 * `backticks`, and a command (a known command word such as sudo, echo or VBoxManage at the start of
 * the text or after ": ", up to a gap of three blanks or the end); one that does not fit where the
 * line is starts a line of its own, and one longer than a whole line stays whole. A newline in text
 * starts a line at indent that keeps its own leading blanks. Width 0: lead and text as they are.
 */
void vc_wrap(FILE *f, unsigned width, const char *lead, unsigned indent, const char *text);
/* vc_wrap of text that is one line (a headline, a line of evidence, a path): a newline in it is shown
 * escaped too; the text in a style, on after the lead and off at its end (colour codes, or ""). */
void vc_wrap_line(FILE *f, unsigned width, const char *lead, unsigned indent, const char *on, const char *off,
		  const char *text);
void vc_wrapf(FILE *f, unsigned width, const char *lead, unsigned indent, const char *fmt, ...)
	_printf_(5, 6);
/* Each line of text after indent, wrapped; a line's continuation lines go under its text, past its
 * own leading blanks and a "- " it starts with. */
void vc_wrap_block(FILE *f, unsigned width, const char *indent, const char *text);
/* The columns text takes on a terminal (UTF-8 sequences count one each). */
unsigned vc_text_cols(const char *text, size_t len);
