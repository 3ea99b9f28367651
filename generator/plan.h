/*
 * plan.h: a patient's programme, as a clinician writes it in a plan
 * file (YAML), for `pamphlet handout`.
 *
 *     patient: "Alex Example"        # optional
 *     date: 2026-12-02               # optional, YYYY-MM-DD
 *     clinician: "Sam Physio"        # optional
 *     next_review: 2026-12-16        # optional, YYYY-MM-DD
 *     note: "Start gently."          # optional
 *     language: es                   # optional: one of the site's
 *                                    #   languages (default: the first)
 *     exercises:                     # required, 1 to PLAN_MAX_EXERCISES
 *       - exercise: chest-stretch    # an exercise file's name without .md
 *         frequency: "Every day"     # optional, each overrides the
 *         duration: "30 seconds"     #   exercise's own: also sets,
 *         note: "Only to a mild stretch."  # reps, hold, sides; note
 *
 * A plan holds health data: it is read into memory and nowhere else.
 * Messages name the plan file, line and column, never a value written
 * in it (fm_parse_opts() with hide_values).  This module reads plans;
 * it knows the site only to look exercises up.
 */
#ifndef PAMPHLET_PLAN_H
#define PAMPHLET_PLAN_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

#define PLAN_MAX_EXERCISES 20
#define PLAN_MAX_TEXT 200 /* characters in any value */

struct plan_exercise {
	char *exercise; /* the file name without .md, as written */
	char *frequency, *duration, *sets, *reps, *hold, *sides; /* or NULL */
	char *note;     /* printed on this exercise's card, or NULL */
	int line, col;  /* of its item in the plan */
	const struct page *page; /* the site's exercise page (plan_load()) */
};

struct plan {
	char *path;     /* as given, for messages */
	char *name;     /* the file's name without .yaml: the PDF's name */
	char *patient, *date, *clinician, *next_review, *note; /* or NULL */
	char *language;  /* as written, or NULL */
	const struct site *site; /* the site in the plan's language: its
				  * exercises are the plan's pages */
	struct plan_exercise *exercises;
	size_t nexercises;
};

/* Read the plan at path and check it against site: unknown keys (with
 * "did you mean"), an exercise the site does not have (with the nearest
 * names), one listed twice, an empty or too long list, a value over
 * PLAN_MAX_TEXT characters, a date that is not one.  Every error is
 * reported (PATH:LINE:COL: error: ...).  Returns the plan, or NULL. */
struct plan *plan_load(const char *path, const struct site *site,
		       struct diag *d);
/* plan_load() for a plan already in memory, yaml[0..len) (a file the
 * handout desk was sent): the same checks and messages, which name
 * name_for_messages as the file; the plan's name is its base name
 * without ".yaml".  yaml stays the caller's. */
struct plan *plan_parse(const char *name_for_messages, const char *yaml,
			size_t len, const struct site *site, struct diag *d);
void plan_free(struct plan *p); /* NULL is fine */

/* The plan files named by args[0..n): files as they are, and for a
 * folder every "*.yaml" file in it, sorted bytewise.  *paths gets a
 * NULL-terminated array (caller frees each and it).  Returns the number
 * of paths, or -1 after reporting a missing argument or an empty
 * folder. */
int plan_paths(char *const *args, size_t n, char ***paths, struct diag *d);

#endif
