/*
 * desk.h: the handout desk of `pamphlet serve`: a web form where a
 * clinician ticks exercises, adjusts doses, types the patient's details
 * and gets the handout PDF (made by handout.h's code) or the plan as
 * YAML (which `pamphlet handout` accepts and the form can load again).
 *
 * Pure functions on strings: no I/O, no HTTP library.  The server
 * (httpd.c) feeds it the posted fields and sends what it makes.  Nothing
 * here keeps anything between requests: a form lives for one request.
 *
 * Field names (the form's and the POST's):
 *   patient, date, clinician, next_review, note, paper ("" | a4 | letter)
 *   language         a language code of the site ("": its default); a
 *                    field only when the site has more than one language
 *   ex-SLUG          "on" when the exercise is ticked
 *   ex-SLUG-KEY      KEY one of frequency, duration, sets, reps, hold,
 *                    sides, note
 *   token            the server's per-process token (checked by httpd.c)
 *   action           "pdf" (make the PDF), "yaml" (download the plan),
 *                    "load" (fill the form from the file field plan_file)
 */
#ifndef PAMPHLET_DESK_H
#define PAMPHLET_DESK_H

#include <stddef.h>

#include "buf.h"
#include "model.h"

/* Where `pamphlet serve` serves the desk. */
#define DESK_URL "/_pamphlet/handout/"

/* One exercise of the site on the form, in site order. */
struct desk_item {
	const struct page *page;
	int ticked;
	/* frequency, duration, sets, reps, hold, sides, note: the
	 * exercise's own values until the form says otherwise ("" for
	 * none); malloc'd. */
	char *value[7];
};
#define DESK_KEYS 7
extern const char *const desk_keys[DESK_KEYS]; /* "frequency", ... "note" */

struct desk_form {
	const struct site *site; /* the default language's (desk_form_init) */
	char *patient, *date, *clinician, *next_review, *note; /* "" if none */
	/* The handout's language, a code: the site's default until the form
	 * says otherwise; as posted (clean) until desk_validate() checks it
	 * against the site's languages. */
	char *language;
	int paper;            /* enum paper, or -1: the site's */
	struct desk_item *items;
	size_t nitems;        /* = site->nexercises */
};

/* A mistake, for the error summary and beside its field. */
struct desk_error {
	char *field;   /* the field's id (its name): "patient", "exercises" */
	char *message; /* plain words; never repeats the value typed */
};

/* A blank form for site (the default language's; the form keeps it):
 * nothing ticked, each exercise's own doses, the default language. */
void desk_form_init(struct desk_form *f, const struct site *site);
/* Set field name to value (a posted field; unknown names are ignored,
 * and "language" too on a site of one language).  An exercise's fields
 * may come before or after its tick box. */
void desk_form_set(struct desk_form *f, const char *name, const char *value,
		   size_t len);
/* Fill the form from a plan's YAML text (a file the clinician loads),
 * its language too (the default when it names none): 0, or -1 with *why
 * set (malloc'd plain words, naming the line; never a value from the
 * file). */
int desk_form_load_yaml(struct desk_form *f, const struct site *site,
			const char *yaml, size_t len, char **why);
void desk_form_free(struct desk_form *f);

/* Check the form: no exercise ticked, more than PLAN_MAX_EXERCISES, a
 * value over PLAN_MAX_TEXT characters, a date that is not YYYY-MM-DD, a
 * language that is not one of the site's, a ticked exercise that has no
 * translation in the chosen language (its mistake on its tick box).
 * Returns the number of mistakes; *errs (caller frees with
 * desk_errors_free()) in the form's order. */
size_t desk_validate(const struct desk_form *f, struct desk_error **errs);
void desk_errors_free(struct desk_error *e, size_t n);

/* The plan as YAML, as `pamphlet handout` reads it (plan.h): the ticked
 * exercises in site order, a dose written only where it differs from
 * the exercise's own (in the default language: a dose left as it is
 * prints as the plan's language has it); "language:" whenever the site
 * has more than one language, the default too, so that the plan prints
 * the same handout whatever site.yaml's order becomes. */
void desk_plan_yaml(const struct desk_form *f, struct buf *out);

/* The whole page: the form filled as f says (a choice of the handout's
 * language only when the site has several), the mistakes (an error
 * summary at the top linking to each field, the message beside each
 * field through aria-describedby), token in a hidden field, posting to
 * action.  Plain HTML, no script; the site's stylesheet at css_url. */
void desk_page(const struct desk_form *f, const struct site *site,
	       const struct desk_error *errs, size_t nerr, const char *token,
	       const char *action, const char *css_url, struct buf *out);

/* The page's one <style> element, as a Content-Security-Policy source
 * ("'sha256-...'") for the server's header: style-src 'self' and this,
 * and no script. */
const char *desk_style_csp(void);

#endif
