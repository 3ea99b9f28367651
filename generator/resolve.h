/*
 * resolve.h: the links and pictures of one page, against the content
 * folder.  A link to a page's .md file becomes the relative URL of that
 * page in the built site; a picture (or another file of content/) must
 * be a PNG or JPEG inside content/ and is recorded to be copied under
 * assets/media/ (paths.h); an exercise's front-matter image likewise.
 * Every address is recorded on the page for the link check that runs
 * after rendering, with the line and column that wrote it.  Errors are
 * reported at the page's FILE:LINE:COL.
 *
 * Raw HTML in the body is links and pictures too, and text: without
 * unsafe_html, an HTML block that holds text is a warning (the page
 * loses it, text and all); with it, what rawhtml.h refuses is an error,
 * and its href and src addresses are recorded like the Markdown's.
 *
 * Safe on several threads at once, each with its own page and diag.
 */
#ifndef PAMPHLET_RESOLVE_H
#define PAMPHLET_RESOLVE_H

#include "model.h"
#include "diag.h"
#include "strmap.h"

struct resolver {
	const char *dir;           /* the content folder */
	const char *root_real;     /* its real path */
	const struct strmap *outs; /* page output path by source path
				    * ("exercises/x.md"), for every page */
	struct diag *d;            /* where errors go */
	size_t max_file_size;      /* the most read of an SVG picture */
	/* A translation's ("es/", NULL for the default language): a link
	 * or picture of its pages that names a file it does not have is
	 * the default language's file of that name (the English page, a
	 * shared picture).  base_outs: the default language's outs. */
	const char *sub;
	const struct strmap *base_outs;
};

/* Resolve the links and images of p's body (and its front-matter
 * pictures), filling p->links, p->refs and, for an exercise, each
 * picture's output path, source, kind and size. */
void resolve_page(const struct resolver *R, struct page *p);

/* Add the files page p uses to the site's list of files to copy. */
void resolve_site_assets(struct site *s, const struct page *p);

#endif
