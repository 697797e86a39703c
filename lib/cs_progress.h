/*
 * cs_progress.h - how far a long run has come, told to whoever wants to
 * show it (a program on a terminal): the library calls, the program
 * decides whether and how often anything is shown.
 */
#ifndef CS_PROGRESS_H
#define CS_PROGRESS_H

#include <stdint.h>

/*
 * Receives how far a run is: what it is doing (a literal the receiver
 * translates, or a file's name), done of total (total 0: not known).  Called often, from any thread: the receiver throttles.
 */
typedef void cs_progress_fn(void *ctx, const char *what, uint64_t done, uint64_t total);

/* How many rows or customers a run passes between two reports (a power of two). */
#define CS_PROGRESS_EVERY 4096

/* A receiver of progress; fn NULL: nobody wants it. */
struct cs_progress {
	cs_progress_fn *fn;
	void *ctx;
};

/* Tells p's receiver, if any, how far the run is. */
static inline void
cs_progress_report(const struct cs_progress *p, const char *what, uint64_t done, uint64_t total)
{
	if (p != NULL && p->fn != NULL)
		p->fn(p->ctx, what, done, total);
}

#endif
