/* Termination signals held across a critical section (lib/base/sighold.h). */
#include <time.h>

#include "lib/base/sighold.h"
#include "lib/base/util.h"

static const int held_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };

void vc_sighold_begin(struct vc_sighold *h)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < ARRAY_SIZE(held_signals); i++)
		sigaddset(&set, held_signals[i]);
	h->signal = 0;
	h->held = sigprocmask(SIG_BLOCK, &set, &h->old_mask) == 0;
}

int vc_sighold_took(struct vc_sighold *h)
{
	static const struct timespec now = { 0, 0 };
	sigset_t pending;

	if (!h->held || sigpending(&pending) < 0)
		return h->signal;
	for (size_t i = 0; i < ARRAY_SIZE(held_signals); i++) {
		sigset_t one;

		if (!sigismember(&pending, held_signals[i]))
			continue;
		sigemptyset(&one);
		sigaddset(&one, held_signals[i]);
		if (sigtimedwait(&one, NULL, &now) == held_signals[i] && held_signals[i] != SIGPIPE &&
		    !h->signal)
			h->signal = held_signals[i];
	}
	return h->signal;
}

void vc_sighold_end(struct vc_sighold *h)
{
	if (!h->held)
		return;
	vc_sighold_took(h);
	sigprocmask(SIG_SETMASK, &h->old_mask, NULL);
	h->held = false;
}
