/*
 * html.h: the HTML backend: every page of the website, its JSON-LD, the
 * sitemap, and the stylesheet copied from templates/assets/.
 *
 * Same shape as the PDF backend: html_new(opts), html_render(out, h,
 * site), html_free(h).  Pages are rendered into a struct output; nothing
 * is written here.  This module reads the model, never content files.
 */
#ifndef PAMPHLET_HTML_H
#define PAMPHLET_HTML_H

#include "content.h"
#include "diag.h"
#include "output.h"

struct html_opts {
	const char *templates;  /* the templates folder */
	const char *version;    /* pamphlet's version, for <meta generator> */
	int with_sheet;         /* link to PATH_SHEET from every page */
	int jobs;               /* threads to render pages on (jobs.h) */
	size_t max_file_size;   /* an asset's limit; 0 = CONTENT_MAX_FILE_SIZE */
};

struct html;

/* Compile the templates.  NULL after reporting every template error. */
struct html *html_new(const struct html_opts *opts, struct diag *d);
/* Which pages html_render() makes. */
enum html_part {
	HTML_ALL,   /* every page, and the files beside them */
	HTML_EARLY, /* only the pages marked early (model.h: the exercise
		     * pages just edited), to be shown first */
	HTML_LATE,  /* the rest: all but those, and the files beside them */
};

/* Render part of the pages of site into out.  Returns 0, or -1 after
 * reporting. */
int html_render(enum html_part part, struct output *out, struct html *h,
		const struct site *site,
		struct diag *d);
void html_free(struct html *h); /* NULL is fine */

/* The template file that renders pages of this kind ("page.html"...). */
const char *html_template_for(enum page_kind kind);

#endif
