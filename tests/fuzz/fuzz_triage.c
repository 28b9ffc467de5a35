/* libFuzzer: explain --log's readers on pasted text. The first byte gives the text options (bit 0
 * colour, the rest the width); the rest is split at each NUL-NUL pair into up to four inputs, fed as
 * files of one paste (so several files combine), then decided and rendered. A paste never crashes:
 * the text is UTF-8 with no control character but the newline (and asked-for colour), the JSON reads
 * back, every fact names its input and a line within it, and deciding twice gives the same cause. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/render/explain.h"
#include "lib/render/render.h"
#include "lib/verdict/triage.h"
#include "tests/fuzz/fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void render(const struct vc_triage *t, uint8_t opts)
{
	struct vc_render_opts ro = { .color = opts & 1, .width = (opts >> 1) ? 19u + (opts >> 1) : 0 };
	struct fz_out o;

	vc_render_triage_text(fz_out_open(&o), t, &ro);
	fz_out_check(&o, false, ro.color);
	vc_render_triage_json(fz_out_open(&o), t, "fuzz");
	fz_out_check(&o, true, false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "VBox.log", "dmesg.txt", "VBoxHardening.log", "-" };
	const char *p, *end;
	struct vc_triage *t;
	size_t nin = 0;

	if (size < 1 || size > (1u << 20))
		return 0;
	t = vc_triage_new();
	p = (const char *)data + 1;
	end = (const char *)data + size;
	while (p <= end && nin < 4) {
		const char *q = p;

		while (q + 1 < end && !(q[0] == 0 && q[1] == 0))
			q++;
		if (q + 1 >= end || nin == 3)
			q = end;
		vc_triage_feed(t, names[nin++], p, (size_t)(q - p));
		p = q + 2;
	}
	for (size_t i = 0; i < t->facts.n; i++)
		if (t->facts.v[i].file >= t->inputs.n || !t->facts.v[i].line || !t->facts.v[i].text)
			abort(); /* a fact without its line */
	if (vc_triage_decide(t) == 0) {
		enum vc_cause first = t->causes.n ? t->causes.v[0].cause : _VC_CAUSE_MAX;

		if (!t->causes.n || vc_triage_decide(t) != 0 || t->causes.v[0].cause != first)
			abort(); /* no cause, or another one the second time */
		render(t, data[0]);
	} else if (vc_triage_recognised(t)) {
		abort();
	}
	vc_triage_free(t);
	return 0;
}
