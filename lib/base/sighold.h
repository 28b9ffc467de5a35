/* Termination signals held across a critical section (a journal's transaction): they do not end
 * the process half way; the code asks whether one came and finishes or rolls back. */
#pragma once

#include <signal.h>
#include <stdbool.h>

struct vc_sighold {
	sigset_t old_mask;
	bool held;
	int signal; /* the first termination signal that came while held, 0: none */
};

/* Blocks SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE until vc_sighold_end. */
void vc_sighold_begin(struct vc_sighold *h);
/* The termination signal that came while held (taken, so it does not end the process later), or
 * 0; SIGPIPE, from a reader that went away, is taken but ends nothing. */
int vc_sighold_took(struct vc_sighold *h);
/* Takes what came, then restores the mask vc_sighold_begin found. */
void vc_sighold_end(struct vc_sighold *h);
