/*
 * handout.h: `pamphlet handout PLAN...`: one PDF per patient's programme
 * (plan.h), made with the sheet's own layout and PDF code.
 *
 * All plans are read and checked first: a batch with any error writes
 * nothing.  Each handout is written as DIR/NAME.pdf, readable by its
 * owner only (mode 0600 whatever the umask), through a temporary file
 * in DIR renamed once every handout of the batch is made; an interrupted
 * batch leaves no temporary file (a killed one: the next batch removes
 * them).  Patient details go into the PDFs and nowhere else: no message
 * names a patient, no cache or record of pamphlet's holds them.
 */
#ifndef PAMPHLET_HANDOUT_H
#define PAMPHLET_HANDOUT_H

#include <stddef.h>

#include "diag.h"

struct handout_opts {
	const char *content;   /* the content folder */
	const char *out;       /* where the PDFs go (default "handouts") */
	const char *site_out;  /* the site's output folder, refused as out */
	const char *templates; /* refused as out too */
	int paper;             /* enum paper, or -1: site.yaml's */
	const char *font, *bold_font; /* NULL: the defaults */
	int jobs;              /* 0: one per core */
	size_t max_file_size;  /* 0: the default */
	long long epoch;       /* SOURCE_DATE_EPOCH, or -1 */
	const char *version;
	char *const *plans;    /* files and folders, as given */
	size_t nplans;
};

/* Make the handouts.  *made gets how many were written.  Returns an exit
 * code (diag.h): 0, 1 (a plan or the content has errors: nothing
 * written), 2 (an output folder that is the site's, or inside it, or
 * inside the content or templates), 3 (system). */
int handout_run(const struct handout_opts *o, size_t *made, struct diag *d);

#endif
