/*
 * report.h: what the command line says after a build: the summary line
 * on success, the error count on failure.  Shared by `pamphlet build`,
 * `pamphlet check` and every rebuild of `pamphlet serve`, so they all
 * read the same; and the progress line of `build` and `check` on a
 * terminal.
 */
#ifndef PAMPHLET_REPORT_H
#define PAMPHLET_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "build.h"
#include "diag.h"

/* After build_run() returned rc: on failure print "pamphlet: N errors;
 * nothing was written" (or "check failed") to stderr; on success, unless
 * quiet, print the summary line to stdout and flush it. */
void report_build(const struct build_opts *o, const struct build_result *r,
		  const struct diag *d, int rc, double secs, int quiet);

/* The progress line of a long run, on the terminal:
 *
 *   pamphlet: making pages 1200/3000
 *
 * updated in place on stderr, only when stderr is a terminal, and only
 * once the run has gone on for a second (a quick build shows none).
 * The build's messages go through progress_messages(), which clears the
 * line before each, so that a message never shares a line with it. */
struct progress;

/* A progress line, or NULL when none is to be shown: quiet, or stderr
 * is not a terminal.  Its clock starts now. */
struct progress *progress_start(int quiet);

/* For struct build_opts' progress (ctx: a struct progress): draws the
 * stage, with done/total when total > 0, at most ten times a second.
 * One thread at a time. */
void progress_update(void *ctx, const char *stage, size_t done,
		     size_t total);

/* A stream to stderr for struct diag's out: each write first clears
 * the line.  Valid until progress_end(). */
FILE *progress_messages(struct progress *p);

/* Clear the line (before the summary line) and free p; NULL is fine. */
void progress_end(struct progress *p);

#endif
