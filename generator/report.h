/*
 * report.h: what the command line says after a build: the summary line
 * on success, the error count on failure.  Shared by `pamphlet build`,
 * `pamphlet check` and every rebuild of `pamphlet serve`, so they all
 * read the same.  Owns nothing.
 */
#ifndef PAMPHLET_REPORT_H
#define PAMPHLET_REPORT_H

#include "build.h"
#include "diag.h"

/* After build_run() returned rc: on failure print "pamphlet: N errors;
 * nothing was written" (or "check failed") to stderr; on success, unless
 * quiet, print the summary line to stdout and flush it. */
void report_build(const struct build_opts *o, const struct build_result *r,
		  const struct diag *d, int rc, double secs, int quiet);

#endif
