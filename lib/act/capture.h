/* capture DIR: every probe's reads recorded into DIR, and the report of what was recorded. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "lib/host/host.h"

/*
 * Runs every probe through rec (a recording host made for dir, redacting when redact: the caller
 * called vc_host_record_redact) and writes the capture's record files. With json, prints the JSON
 * report of what was recorded: the report of the run, or with redact that of the redacted capture
 * replayed, since the run's own holds the names, addresses and identifiers redaction replaced.
 * 0 or -errno (the capture's files could not be written, or its replay failed); rec stays the
 * caller's.
 */
int vc_capture(struct vc_host *rec, const char *dir, bool redact, FILE *json, const char *version);
