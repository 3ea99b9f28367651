/*
 * helpers.h: what several unit tests share: diagnostics captured in
 * memory, expected messages that name a temporary folder, and removing
 * that folder.
 *
 * Header only (static inline): the Makefile builds each test_*.c into
 * its own binary from that one source.  Define _XOPEN_SOURCE 700 before
 * any header (open_memstream, nftw) and include this after <cmocka.h>.
 */
#ifndef PAMPHLET_TESTS_UNIT_HELPERS_H
#define PAMPHLET_TESTS_UNIT_HELPERS_H

#if !defined(_XOPEN_SOURCE) || _XOPEN_SOURCE < 700
#error "define _XOPEN_SOURCE 700 before any header (open_memstream, nftw)"
#endif
#ifndef assert_non_null
#error "include <cmocka.h> before tests/unit/helpers.h"
#endif

#include <ftw.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "i18n.h"

/* Diagnostics captured in memory, through an open_memstream stream set
 * as d.out: give &c.d to the code under test. */
struct capture {
	char *text;
	size_t len;
	FILE *f;
	struct diag d;
};

static inline void cap_open(struct capture *c)
{
	memset(c, 0, sizeof *c);
	c->f = open_memstream(&c->text, &c->len);
	assert_non_null(c->f);
	c->d.out = c->f;
}

/* The text so far; the capture stays open (cap_close ends it). */
static inline const char *cap_text(struct capture *c)
{
	fflush(c->f);
	return c->text != NULL ? c->text : "";
}

static inline void cap_close(struct capture *c)
{
	fclose(c->f);
	free(c->text);
}

/* Close the capture and return its text, copied into static storage
 * (until the next cap_take) so that a failing assertion afterwards leaks
 * nothing.  c->d keeps the counts; its out becomes NULL. */
static inline const char *cap_take(struct capture *c)
{
	static char text[16384];
	fclose(c->f);
	snprintf(text, sizeof text, "%s", c->text != NULL ? c->text : "");
	free(c->text);
	c->text = NULL;
	c->f = NULL;
	c->d.out = NULL;
	return text;
}

/* tmpl with each "$D" replaced by dir: expected messages that name a
 * test's temporary folder.  Static storage, until the next call. */
static inline const char *expand_dir(const char *dir, const char *tmpl)
{
	static char out[16384];
	size_t n = 0;
	for (const char *p = tmpl; *p && n < sizeof out - 1;) {
		if (p[0] == '$' && p[1] == 'D') {
			n += (size_t)snprintf(out + n, sizeof out - n, "%s",
					      dir);
			p += 2;
		} else {
			out[n++] = *p++;
		}
	}
	out[n < sizeof out ? n : sizeof out - 1] = '\0';
	return out;
}

static inline int rm_entry(const char *path, const struct stat *sb,
			   int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* rm -rf path (links are removed, never followed). */
static inline void rm_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The content folder dir (from the repository root) loaded as a site
 * with its words, warnings or not, or NULL after saying why on stderr.
 * Caller frees with site_free(). */
static inline struct site *load_site(const char *dir)
{
	struct capture c;
	cap_open(&c);
	struct content_opts opts = {.dir = dir, .jobs = 1,
				    .templates = "templates"};
	struct site *s = content_load(&opts, &c.d);
	if (s == NULL || diag_failed(&c.d)) {
		fprintf(stderr, "content: %s(run the tests from the repository "
			"root)\n", cap_text(&c));
		site_free(s);
		s = NULL;
	}
	cap_close(&c);
	return s;
}

/* The shipped content/, for the tests that check against it. */
static inline struct site *load_shipped_site(void)
{
	return load_site("content");
}

#endif
