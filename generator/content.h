/*
 * content.h: the loader: the content model (model.h), loaded and
 * validated once from content/.
 *
 * content_load() reads site.yaml, the section pages and the exercise
 * files, checks every key, date, category, slug, link and image, reports
 * every problem (not just the first) and returns NULL if there was any.
 * The model it returns is what every backend reads; no backend reads a
 * content file again.  This module knows nothing about HTML or PDF
 * output beyond the output path of each page (the site's URL layout).
 *
 * Ownership: the struct site owns everything reachable from it.
 */
#ifndef PAMPHLET_CONTENT_H
#define PAMPHLET_CONTENT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "model.h"

struct content_opts {
	const char *dir;      /* the content folder */
	size_t max_file_size; /* bytes; 0 = CONTENT_MAX_FILE_SIZE */
	/* Optional: a finished page for the exercise file rel (such as
	 * "exercises/x.md") that has not changed since the last build, or
	 * NULL to load it from its file.  The loader takes ownership. */
	struct page *(*reuse)(void *ctx, const char *rel);
	void *reuse_ctx;
	int jobs;             /* threads to load exercise files on (jobs.h) */
	/* The word tables (i18n.h): templates/i18n/, or fallback's when
	 * the templates folder has none; templates NULL: no words (the
	 * site's words are NULL: for tests of the loader alone). */
	const char *templates, *words_fallback;
	/* Optional: called on the loading threads for every page read from
	 * its file (not a cached one), once its links are resolved and
	 * before its body is sealed: what the plain-language checks
	 * (checks.h) learn from the body.  site is the page's language's,
	 * its words and checks set; the page's own fields may be set. */
	void (*examine)(void *ctx, const struct site *site, struct page *p);
	void *examine_ctx;
};

#define CONTENT_MAX_FILE_SIZE ((size_t)8 << 20)
/* The plain-language checks' settings when site.yaml's checks: does not
 * change them (README.md, "Plain-language checks"). */
#define CHECKS_DEFAULT_GRADE 8.0    /* Flesch-Kincaid, English pages */
#define CHECKS_DEFAULT_EASE 55.0    /* Fernández-Huerta, Spanish pages */
#define CHECKS_DEFAULT_SENTENCE 25  /* words */
#define CHECKS_DEFAULT_REVIEW 365   /* days */
/* Deepest nesting of lists, quotes and emphasis accepted in a body: far
 * beyond what patient material needs, small enough for any renderer. */
#define CONTENT_MAX_DEPTH 32

/* Load and validate a content folder.  NULL after reporting every error.
 * Caller frees with site_free(). */
struct site *content_load(const struct content_opts *opts, struct diag *d);

#endif
