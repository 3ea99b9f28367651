/*
 * jobs.h: a parallel for loop over the cores, for the stages of a build
 * whose items do not depend on each other (loading the exercise files,
 * rendering the pages, writing them).
 *
 * The result never depends on the number of threads: each item writes
 * only its own slot of the caller's arrays (its messages too, into its
 * own buffered struct diag), and the caller gathers the slots in item
 * order afterwards.  Owns nothing.
 */
#ifndef PAMPHLET_JOBS_H
#define PAMPHLET_JOBS_H

#include <stddef.h>

/* Call fn(ctx, i) once for every i in [0, n), on at most `jobs` threads
 * (the calling thread is one of them; jobs <= 1 runs them in order on
 * it).  Returns when every call has returned. */
void jobs_for(int jobs, size_t n, void (*fn)(void *ctx, size_t i), void *ctx);

/* A progress line (build.h) for the loops this thread starts: from then
 * on, each jobs_for() called on this thread calls fn(ctx, stage, done, n)
 * on this thread, after each item this thread finishes and once more at
 * the end (done == n); done counts the items finished on every thread.
 * fn never runs on another thread, and the loop's work is the same.
 * fn NULL: none (the default). */
void jobs_set_progress(void (*fn)(void *ctx, const char *stage, size_t done,
				  size_t n),
		       void *ctx, const char *stage);

/* The number of cores this process may use (at least 1). */
int jobs_default(void);

#endif
