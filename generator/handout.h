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
	const char *templates; /* refused as out too; its i18n/ has the
				* words the handouts print (i18n.h) */
	const char *words_fallback; /* build_opts' (build.h) */
	int paper;             /* enum paper, or -1: site.yaml's */
	const char *font, *bold_font; /* NULL: the defaults */
	int jobs;              /* 0: one per core */
	size_t max_file_size;  /* 0: the default */
	long long epoch;       /* SOURCE_DATE_EPOCH, or -1 */
	const char *version;
	int allow_placeholders; /* 1: print even though site.yaml still
				 * holds the example's clinic details */
	char *const *plans;    /* files and folders, as given */
	size_t nplans;
};

struct plan;
struct site;
struct pdf;
struct buf;
/* Append to out the handout PDF of plan p (checked against site), made
 * with *pdf (NULL: a new one is made, which the caller then frees with
 * pdf_free(); reuse it for the next).  In memory only.  0, or -1 after
 * reporting. */
int handout_render(const struct handout_opts *o, const struct site *site,
		   const struct plan *p, struct pdf **pdf, struct buf *out,
		   struct diag *d);

/* Make the handouts.  *made gets how many were written.  Returns an exit
 * code (diag.h): 0, 1 (a plan or the content has errors: nothing
 * written), 2 (an output folder that is the site's, or inside it, or
 * inside the content or templates), 3 (system). */
int handout_run(const struct handout_opts *o, size_t *made, struct diag *d);

#endif
