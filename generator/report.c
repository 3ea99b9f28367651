#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include <stdio.h>

void report_build(const struct build_opts *o, const struct build_result *r,
		  const struct diag *d, int rc, double secs, int quiet)
{
	if (rc != EXIT_OK) {
		int n = d->errors + d->syserrs;
		fprintf(stderr, "pamphlet: %d error%s; %s\n", n,
			n == 1 ? "" : "s",
			o->write ? "nothing was written" : "check failed");
		return;
	}
	if (quiet)
		return;
	if (o->write)
		printf("pamphlet: built %zu pages (%zu exercises)%s into %s: "
		       "%zu files written, %zu unchanged, %zu removed "
		       "(%.2f s)\n",
		       r->pages, r->exercises, r->sheet ? " and the PDF sheet" : "",
		       o->out, r->stats.written, r->stats.unchanged,
		       r->stats.removed, secs);
	else
		printf("pamphlet: %s and %s are fine: %zu pages, %zu "
		       "exercises (%.2f s)\n",
		       o->content, o->templates, r->pages, r->exercises, secs);
	fflush(stdout);
}
