/* Wrapping text for people at the terminal's width (lib/render/wrap.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base/sanitise.h"
#include "lib/render/wrap.h"

/* Below this there is no room to wrap into: lines are written as they are. */
#define MIN_WIDTH 20

/* Words that start a command in remedy text (a command runs to a gap of three blanks or the end). */
static const char *const command_words[] = {
	"sudo",	     "echo",   "printf",   "wsl",     "VBoxManage", "vboxmanage", "virsh",     "vagrant",
	"systemctl", "grubby", "modprobe", "udevadm", "mokutil",    "dkms",	  "virtcheck", "newgrp",
};

static bool is_csi_final(char c)
{
	return c >= 0x40 && c <= 0x7e;
}

unsigned vc_text_cols(const char *text, size_t len)
{
	unsigned cols = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == 0x1b && i + 1 < len && text[i + 1] == '[') { /* a colour: no columns */
			for (i += 2; i < len && !is_csi_final(text[i]); i++)
				;
			continue;
		}
		if ((c & 0xc0) != 0x80) /* not a UTF-8 continuation byte */
			cols++;
	}
	return cols;
}

static void pad(FILE *f, unsigned n)
{
	while (n--)
		fputc(' ', f);
}

/* Whether a command starts at p, a word of the segment seg: at its start or after ": ". */
static bool command_at(const char *seg, const char *p, const char *end)
{
	size_t n = 0;

	if (p != seg && !(p - seg >= 2 && p[-1] == ' ' && p[-2] == ':'))
		return false;
	while (p + n < end && p[n] != ' ')
		n++;
	for (size_t i = 0; i < ARRAY_SIZE(command_words); i++)
		if (strlen(command_words[i]) == n && !strncmp(p, command_words[i], n))
			return true;
	return false;
}

/* The end of the unit that starts at p: a command, or a word whose `backtick` spans may hold blanks. */
static const char *unit_end(const char *seg, const char *p, const char *end)
{
	const char *q;
	bool quoted = false;

	if (command_at(seg, p, end)) {
		for (q = p; q < end; q++)
			if (q + 3 <= end && !memcmp(q, "   ", 3))
				break;
		while (q > p && q[-1] == ' ')
			q--;
		return q;
	}
	for (q = p; q < end && (quoted || *q != ' '); q++)
		if (*q == '`')
			quoted = !quoted;
	if (!quoted)
		return q;
	/* an unclosed backtick quotes nothing */
	for (q = p; q < end && *q != ' '; q++)
		;
	return q;
}

/* One line of text (no newline in it) from column *col; pending: blanks the lead ended with; *on: the
 * style to start before the first word, then NULL. */
static void segment(FILE *f, unsigned width, unsigned indent, unsigned *col, unsigned pending,
		    const char **on, const char *seg, const char *end)
{
	const char *p = seg;
	bool line_has_text = false;

	while (p < end) {
		const char *blanks = p, *q;
		unsigned gap, w;

		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		gap = line_has_text ? (unsigned)(p - blanks) : pending;
		q = unit_end(seg, p, end);
		w = vc_text_cols(p, (size_t)(q - p));
		if (*col + gap + w > width && *col > indent) {
			fputc('\n', f);
			pad(f, indent);
			*col = indent;
			gap = 0;
		}
		pad(f, gap);
		if (*on) {
			fputs(*on, f);
			*on = NULL;
		}
		fwrite(p, 1, (size_t)(q - p), f);
		*col += gap + w;
		line_has_text = true;
		p = q;
	}
}

/* vc_wrap and vc_wrap_line: raw escaped with flags, between on and off. */
static void wrap(FILE *f, unsigned width, const char *lead, unsigned indent, const char *on, const char *off,
		 unsigned flags, const char *raw)
{
	_cleanup_(freep) char *text = vc_sane(raw ? raw : "", flags);
	size_t ll = strlen(lead), kept = ll;
	unsigned col;

	if (width < MIN_WIDTH || indent + MIN_WIDTH / 2 > width) {
		fprintf(f, "%s%s%s%s\n", lead, on, text, off);
		return;
	}
	/* the lead's trailing blanks separate it from the text only when the text starts on its line */
	while (kept && lead[kept - 1] == ' ')
		kept--;
	fwrite(lead, 1, kept, f);
	col = vc_text_cols(lead, kept);
	for (const char *seg = text, *end;; seg = end + 1) {
		end = strchr(seg, '\n');
		if (!end)
			end = seg + strlen(seg);
		if (seg == text) {
			segment(f, width, indent, &col, (unsigned)(ll - kept), &on, seg, end);
		} else { /* a line of its own in the text, with its own leading blanks */
			const char *p = seg;

			while (p < end && *p == ' ')
				p++;
			fputc('\n', f);
			pad(f, indent + (unsigned)(p - seg));
			col = indent + (unsigned)(p - seg);
			segment(f, width, col, &col, 0, &on, p, end);
		}
		if (!*end)
			break;
	}
	fputs(on ? "" : off, f); /* no text, no style */
	fputc('\n', f);
}

void vc_wrap(FILE *f, unsigned width, const char *lead, unsigned indent, const char *text)
{
	wrap(f, width, lead, indent, "", "", VC_SANE_KEEP_NL, text);
}

void vc_wrap_line(FILE *f, unsigned width, const char *lead, unsigned indent, const char *on, const char *off,
		  const char *text)
{
	wrap(f, width, lead, indent, on, off, 0, text);
}

void vc_wrapf(FILE *f, unsigned width, const char *lead, unsigned indent, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	vc_wrap(f, width, lead, indent, text);
	free(text);
}

void vc_wrap_block(FILE *f, unsigned width, const char *indent, const char *text)
{
	struct buf lead = { 0 }, line = { 0 };

	for (const char *l = text; l && *l;) {
		size_t n = strcspn(l, "\n"), k = strspn(l, " ");

		if (k > n)
			k = n;
		lead.len = line.len = 0;
		buf_printf(&lead, "%s%.*s", indent, (int)k, l);
		buf_printf(&line, "%.*s", (int)(n - k), l + k);
		vc_wrap(f, width, lead.data,
			vc_text_cols(lead.data, lead.len) + (startswith(line.data, "- ") ? 2 : 0), line.data);
		l += n + (l[n] == '\n');
	}
	buf_free(&lead);
	buf_free(&line);
}
