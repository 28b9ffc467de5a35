/* bench's outputs: text, JSON, markdown and HTML of a virtcheck.bench/1 document, and of a comparison. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "vmm/bench_doc.h"

enum bench_format { BENCH_FMT_TEXT, BENCH_FMT_JSON, BENCH_FMT_MARKDOWN, BENCH_FMT_HTML, _BENCH_FMT_MAX };
/* NULL-terminated, in enum order */
extern const char *const bench_format_names[_BENCH_FMT_MAX + 1];

void bench_render(FILE *f, const struct bench_doc *doc, enum bench_format fmt, bool verbose);
/* The usual claims beside this run's numbers (--claims), in any format. */
void bench_render_claims(FILE *f, const struct bench_doc *doc, enum bench_format fmt);
/* text, JSON or markdown */
void bench_render_compare(FILE *f, const struct bench_compare *cmp, enum bench_format fmt);
