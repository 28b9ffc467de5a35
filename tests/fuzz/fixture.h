/* What the fuzz targets share: a private copy of a fixture host, and one of the files its probes
 * parse replaced by the input (then put back); an output rendered in memory, and its checks. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The copy's path: made on first use from $VC_FUZZ_FIXTURE (default
 * tests/fixtures/intel-kvm612-vbox71), removed at exit. */
const char *fz_root(void);

/* The files the probes parse, by path inside the sysroot; a selector byte picks one (modulo). */
extern const char *const fz_files[];
extern const size_t fz_nfiles;

struct fz_saved {
	char path[512];
	char *data; /* NULL: the file was not there */
	size_t len;
};

/* Writes data as fz_files[sel % fz_nfiles] of the copy, keeping what was there in *s. */
void fz_replace(unsigned sel, const void *data, size_t size, struct fz_saved *s);
/* Puts back what fz_replace replaced. */
void fz_restore(struct fz_saved *s);

/* A new empty temporary directory's path (in buf), removed by fz_rmtree. */
void fz_tmpdir(char *buf, size_t len);
void fz_rmtree(const char *path);

/* Aborts unless s[0..n) is text a terminal shows as it is: valid UTF-8 with no control character (of those
 * vc_sane escapes) but the newline, and colour (ESC [ ... m) only when color. */
void fz_check_text(const char *s, size_t n, bool color);

/* An output rendered in memory: fz_out_open gives the stream to render to (it aborts if there is
 * none); fz_out_check closes it, checks what was written and frees it: JSON (json) must read back,
 * anything else is text for fz_check_text (with color). */
struct fz_out {
	FILE *f;
	char *text;
	size_t len;
};
FILE *fz_out_open(struct fz_out *o);
void fz_out_check(struct fz_out *o, bool json, bool color);
