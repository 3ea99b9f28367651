/*
 * plain.h: a site's list of health words and their plain explanations,
 * content/plain-words.yaml (and content/LANG/plain-words.yaml for a
 * translation), for the jargon check (checks.h):
 *
 *     latissimus dorsi: "the large muscles at the sides of your back"
 *
 * A mapping of text to text, each term once.  Errors (not YAML, not a
 * mapping of texts, a term given twice, too many) are reported at the
 * file's LINE:COL.
 *
 * Ownership: the caller frees the array with plain_free().
 */
#ifndef PAMPHLET_PLAIN_H
#define PAMPHLET_PLAIN_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

#define PLAIN_MAX_WORDS 2000

/* Read path into *words (*n of them).  A missing file is an empty list.
 * 0, or -1 after reporting. */
int plain_load(const char *path, size_t max_size, struct plain_word **words,
	       size_t *n, struct diag *d);
void plain_free(struct plain_word *words, size_t n);

#endif
