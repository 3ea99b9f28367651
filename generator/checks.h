/*
 * checks.h: plain-language checks of the content, as a compiler warns
 * (issue 16, first part): each a `FILE:LINE:COL: warning:` that never
 * stops a build.
 *
 * - reading level of each page's body text (paragraphs, list items,
 *   table cells; not code, not links' addresses): English Flesch-Kincaid
 *   grade above CHECKS_GRADE, Spanish Fernández-Huerta below
 *   CHECKS_EASE_ES (readability.h); the message gives the figure and the
 *   lines of the three longest sentences;
 * - sentences over CHECKS_LONG_SENTENCE words, at their line;
 * - the clinic's phone, email or address in site.yaml still holding an
 *   example's value ("000 000 0000", "example.com", "replace");
 * - a page or exercise whose last_reviewed is missing or older than
 *   CHECKS_REVIEW_DAYS (from SOURCE_DATE_EPOCH when set).
 *
 * Reads the model only (bodies not sealed: markdown.h); writes nothing.
 */
#ifndef PAMPHLET_CHECKS_H
#define PAMPHLET_CHECKS_H

#include "diag.h"
#include "model.h"

#define CHECKS_GRADE 8.0        /* the most an English page may need */
#define CHECKS_EASE_ES 55.0     /* the least a Spanish page may score */
#define CHECKS_LONG_SENTENCE 25 /* words */
#define CHECKS_REVIEW_DAYS 365

/* Report every warning for site through d; now: the time to measure
 * review dates from (seconds since 1970).  Returns how many. */
int checks_run(const struct site *site, long long now, struct diag *d);

#endif
