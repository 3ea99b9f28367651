/*
 * newsite.h: `pamphlet new DIR`: a clinic's own site, started as a copy
 * of the example.  DIR gets content/ (site.yaml, the pages, the exercises
 * and their pictures), templates/ only when asked (so that an upgrade of
 * pamphlet upgrades the look of the sites that did not change it), and a
 * README.txt in plain words.
 *
 * It never overwrites: DIR must be new or an empty folder, and each file
 * is written to a temporary file, then put in place only where nothing
 * is.  When anything fails, what it made is taken away again.
 *
 * Also where pamphlet's own example and templates are: in the source
 * tree for the program built there, else where `make install` put them.
 */
#ifndef PAMPHLET_NEWSITE_H
#define PAMPHLET_NEWSITE_H

#include <stddef.h>

#include "diag.h"

/* The example content and the templates this program ships with. */
struct shipped {
	char *example;   /* a content folder: site.yaml, pages, exercises */
	char *templates; /* a templates folder */
};

/* Where they are: ROOT/content and ROOT/templates when this program is
 * a `pamphlet` in a source tree ROOT, up to three folders below it (generator/pamphlet,
 * or a test build such as tests/tmp/asan/pamphlet; ROOT/generator/main.c
 * and ROOT/templates are there), else DATADIR/example/content and
 * DATADIR/templates.  The
 * folders may be missing.  Free with shipped_free(). */
void shipped_find(struct shipped *s, const char *datadir);
void shipped_free(struct shipped *s);

struct newsite_opts {
	const char *dir;       /* the new site's folder */
	const char *example;   /* copied to DIR/content */
	const char *templates; /* copied to DIR/templates when copy_templates,
				* else named in README.txt */
	int copy_templates;
};

/* Make the new site.  Returns EXIT_OK with the number of files made in
 * *files; EXIT_USAGE when DIR is there and is not an empty folder, or
 * lies inside the example or the templates; EXIT_SYSTEM (or EXIT_CONTENT
 * for a file that is not a regular file) after reporting, with nothing
 * left of what it made. */
int newsite_make(const struct newsite_opts *o, size_t *files, struct diag *d);

#endif
