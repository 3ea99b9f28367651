/*
 * i18n.h: the words pamphlet writes around the content ("How often",
 * "Page 1 of 5", the weekdays, the category names), one table per
 * language: TEMPLATES/i18n/LANG.yaml (for "es-MX", es-MX.yaml, else
 * es.yaml).
 *
 * A table is a YAML mapping, nested as the author likes; each text is
 * known by its dotted path ("dose.how_often"), a list's items by their
 * number from 1 ("date.months.3").  {name} in a text marks a value
 * pamphlet fills in (i18n_fill()).  The templates see the table of their
 * page's language as the object `t` ({{t.dose.how_often}}); the PDF code
 * asks for texts by key.
 *
 * Checks, each an error at the table's FILE:LINE:COL (or FILE):
 *   - every key the C code asks for (i18n_required[]) is in every table;
 *   - every other table has exactly the default table's keys: one it
 *     lacks is named with the default table's line, one it has extra is
 *     named at its own line;
 *   - texts are scalars; no key is given twice; {names} are closed.
 *
 * Ownership: a struct i18n owns its table; texts it returns live as long
 * as it does.
 */
#ifndef PAMPHLET_I18N_H
#define PAMPHLET_I18N_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

struct i18n;
struct tval;

/* The keys the C code asks for, NULL-terminated. */
extern const char *const i18n_required[];

/* The tables of languages langs[0..n) (langs[0] the default) from
 * templates/i18n/, each checked against the first.  NULL after reporting
 * every problem.  A templates folder made before pamphlet knew languages
 * has no i18n/ folder: then the tables of fallback_dir (the shipped
 * templates' i18n/, or NULL) are used. */
struct i18n **i18n_load(const char *templates, const char *fallback_dir,
			const char *const *langs, size_t n, struct diag *d);
/* Free the tables and the array i18n_load() returned; NULL is fine. */
void i18n_free_all(struct i18n **t, size_t n);

/* The text of key (never NULL for a required key; "" for another
 * unknown one, which a caller must not ask for). */
const char *i18n_get(const struct i18n *t, const char *key);
/* The file it was read from, for messages. */
const char *i18n_file(const struct i18n *t);
/* The table as the templates see it (`t`), owned by the table. */
const struct tval *i18n_tval(const struct i18n *t);

/* Append fmt to b with each {name} replaced by the value of the same
 * name in names[0..n) / values; an unknown {name} is copied as it is
 * (the load checks the required ones). */
void i18n_fill(struct buf *b, const char *fmt, const char *const *names,
	       const char *const *values, size_t n);
/* What the frequency table's last column shows for an exercise: its
 * duration, else its repetitions as dose.reps_value says ("10-15
 * repetitions"), else dose.as_advised: never an invented figure.
 * Caller frees. */
char *i18n_amount(const struct i18n *t, const char *duration,
		  const char *reps);
/* A date "YYYY-MM-DD" in words, as the table's date.format says
 * ("2 December 2026"); a text that is not such a date as it is. */
void i18n_date(struct buf *b, const struct i18n *t, const char *ymd);

#endif
