/*
 * checks.h: plain-language checks of the content, as a compiler warns:
 * each a `FILE:LINE:COL: warning:` that never stops a build (`--strict`
 * makes warnings fail it).  Their settings are site.yaml's `checks:`
 * (struct checks_conf, model.h; README.md).
 *
 * What a page's body says is examined when the page is loaded from its
 * file (checks_examine(), the loader's examine hook: content.h) and kept
 * with the page (struct page_checks), so that a page reused from the
 * build cache, or whose body was sealed, is reported the same way:
 * - reading level of its body text (paragraphs, list items, table
 *   cells; not code, not links' addresses): English Flesch-Kincaid
 *   grade above checks.reading_grade, Spanish Fernández-Huerta below
 *   checks.reading_ease (readability.h), with the figure and the lines
 *   of the three longest sentences;
 * - sentences over checks.sentence_words words, at their line;
 * - health words of the language's plain-words.yaml (plain.h) that the
 *   page uses without its explanation anywhere in its text, at each use;
 * - an exercise without its safety section (a heading reading as
 *   checks.safety_heading, else the words' checks.safety_heading), with
 *   no dose (and not as_advised: true), or with no picture.
 * checks_run() reports those, then, from the model alone:
 * - the clinic's phone, email or address in site.yaml still holding an
 *   example's value ("000 000 0000", "example.com", "replace");
 * - a page whose last_reviewed is missing or older than
 *   checks.review_days (from SOURCE_DATE_EPOCH when set);
 * - a translation's missing pages, and a translated dose whose figures
 *   are not the default language's.
 *
 * Writes nothing but the messages.
 */
#ifndef PAMPHLET_CHECKS_H
#define PAMPHLET_CHECKS_H

#include "diag.h"
#include "model.h"

/* The loader's examine hook (content.h): fill p->checks.  Safe on
 * several threads at once (each its own page).  ctx is unused. */
void checks_examine(void *ctx, const struct site *site, struct page *p);

/* Report every warning for site (every language) through d; now: the
 * time to measure review dates from (seconds since 1970).  Returns how
 * many. */
int checks_run(const struct site *site, long long now, struct diag *d);

/* The clinic's details in site.yaml that still hold an example's value:
 * each a warning, or with as_errors an error (pamphlet handout refuses
 * to print them).  Returns how many. */
int checks_placeholders(const struct site *site, int as_errors,
			struct diag *d);

#endif
