/*
 * test_desk.c: unit tests for the handout desk's form (desk.h) and for
 * reading a plan from memory (plan_parse, plan.h): a blank form, posted
 * fields, the checks and their messages, the plan as YAML and back, a
 * plan file loaded into the form, and the page.
 *
 * The shipped content/ (read relative to the repository root, where the
 * tests run) is loaded once as the site.  A few tests build a small
 * site of their own in memory (slugs that hold one another, more
 * exercises than a plan may have).  Messages are checked never to
 * repeat what was typed.  Each test's form, mistakes and buffer live in
 * the fixture, which the teardown frees even when a test fails.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* open_memstream; helpers.h */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "content.h"
#include "desk.h"
#include "diag.h"
#include "helpers.h"
#include "markdown.h"
#include "plan.h"
#include "strmap.h"
#include "util.h"

#define PATIENT "Alex Example"

static struct site *site; /* the shipped content, for every test */

struct fixture {
	struct desk_form f, g;  /* g: a second form (round trips) */
	struct desk_error *errs;
	size_t nerr;
	struct buf out;
	char *why;
	struct plan *plan;
};

/* ---- helpers ---- */

static void set(struct desk_form *f, const char *name, const char *value)
{
	desk_form_set(f, name, value, strlen(value));
}

static struct desk_item *item(struct desk_form *f, const char *slug)
{
	for (size_t i = 0; i < f->nitems; i++)
		if (strcmp(f->items[i].page->slug, slug) == 0)
			return &f->items[i];
	fail_msg("no exercise \"%s\" on the form", slug);
	return NULL;
}

/* The value of key ("hold") of the exercise slug. */
static const char *dose(struct desk_form *f, const char *slug,
			const char *key)
{
	for (size_t k = 0; k < DESK_KEYS; k++)
		if (strcmp(desk_keys[k], key) == 0)
			return item(f, slug)->value[k];
	fail_msg("no key \"%s\"", key);
	return NULL;
}

static void assert_forms_equal(const struct desk_form *a,
			       const struct desk_form *b)
{
	assert_string_equal(a->patient, b->patient);
	assert_string_equal(a->date, b->date);
	assert_string_equal(a->clinician, b->clinician);
	assert_string_equal(a->next_review, b->next_review);
	assert_string_equal(a->note, b->note);
	assert_string_equal(a->language, b->language);
	assert_int_equal(a->paper, b->paper);
	assert_int_equal(a->nitems, b->nitems);
	for (size_t i = 0; i < a->nitems; i++) {
		assert_ptr_equal(a->items[i].page, b->items[i].page);
		assert_int_equal(a->items[i].ticked, b->items[i].ticked);
		for (size_t k = 0; k < DESK_KEYS; k++)
			assert_string_equal(a->items[i].value[k],
					    b->items[i].value[k]);
	}
}

/* Validate fx->f into fx->errs; returns the count. */
static size_t validate(struct fixture *fx)
{
	desk_errors_free(fx->errs, fx->nerr);
	fx->nerr = desk_validate(&fx->f, &fx->errs);
	return fx->nerr;
}

/* fx->f validates with exactly one mistake, about field, saying message
 * (and not repeating typed, if given). */
static void assert_one_error(struct fixture *fx, const char *field,
			     const char *message, const char *typed)
{
	assert_int_equal(validate(fx), 1);
	assert_string_equal(fx->errs[0].field, field);
	assert_string_equal(fx->errs[0].message, message);
	if (typed != NULL)
		assert_null(strstr(fx->errs[0].message, typed));
}

/* Each of bad[0..n) set in field: its one mistake, saying message,
 * which never repeats it. */
static void assert_each_refused(struct fixture *fx, const char *field,
				const char *const *bad, size_t n,
				const char *message)
{
	for (size_t i = 0; i < n; i++) {
		set(&fx->f, field, bad[i]);
		assert_one_error(fx, field, message, bad[i]);
	}
}

/* n copies of s (static storage). */
static const char *repeat(const char *s, size_t n)
{
	static char out[4096];
	size_t len = 0;
	for (size_t i = 0; i < n && len + strlen(s) < sizeof out; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s", s);
	return out;
}

/* A site of n exercises, its own (for what the shipped one lacks). */
struct small_site {
	struct site site;
	struct page pages[24];
	struct page *ptrs[24];
	struct exercise ex[24];
	char slugs[24][32], titles[24][32];
};

static void small_site(struct small_site *s, const char *const *slugs,
		       size_t n)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < n; i++) {
		snprintf(s->slugs[i], sizeof s->slugs[i], "%s", slugs[i]);
		snprintf(s->titles[i], sizeof s->titles[i], "T %s", slugs[i]);
		s->pages[i].kind = PAGE_EXERCISE;
		s->pages[i].slug = s->slugs[i];
		s->pages[i].title = s->titles[i];
		s->pages[i].ex = &s->ex[i];
		s->ptrs[i] = &s->pages[i];
	}
	s->site.title = (char *)"Small";
	s->site.exercises = s->ptrs;
	s->site.nexercises = n;
}

/* fx->g (freed by the teardown): a blank form of a site of one
 * language (its lang unset: "en") and one exercise, "rows". */
static struct desk_form *one_language_form(struct fixture *fx)
{
	static const char *const slugs[] = {"rows"};
	static struct small_site s; /* (the form's pages are in it) */
	small_site(&s, slugs, 1);
	desk_form_free(&fx->g);
	desk_form_init(&fx->g, &s.site);
	return &fx->g;
}

/* A small site in two languages, en and es: es has every exercise but
 * missing (NULL: every one).  Free with small_two_free(). */
struct small_two {
	struct small_site en, es;
	struct site *tr[1];
};

static void small_two(struct small_two *t, const char *const *slugs,
		      size_t n, const char *missing)
{
	small_site(&t->en, slugs, n);
	small_site(&t->es, slugs, n);
	t->en.site.lang = (char *)"en";
	t->en.site.prefix = (char *)"";
	t->es.site.lang = (char *)"es";
	t->es.site.prefix = (char *)"es/";
	t->es.site.base = &t->en.site;
	t->tr[0] = &t->es.site;
	t->en.site.tr = t->tr;
	t->en.site.ntr = 1;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (missing != NULL && strcmp(slugs[i], missing) == 0)
			continue;
		t->es.ptrs[k] = &t->es.pages[i];
		strmap_put(&t->es.site.by_slug, t->es.pages[i].slug,
			   &t->es.pages[i]);
		k++;
	}
	t->es.site.nexercises = k;
}

static void small_two_free(struct small_two *t)
{
	strmap_free(&t->es.site.by_slug);
}

/* ---- a blank form ---- */

static void test_init(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	assert_int_equal(f->nitems, site->nexercises);
	assert_string_equal(f->patient, "");
	assert_string_equal(f->date, "");
	assert_string_equal(f->clinician, "");
	assert_string_equal(f->next_review, "");
	assert_string_equal(f->note, "");
	assert_string_equal(f->language, "en");
	assert_ptr_equal(f->site, site);
	assert_int_equal(f->paper, -1);
	for (size_t i = 0; i < f->nitems; i++) {
		assert_ptr_equal(f->items[i].page, site->exercises[i]);
		assert_false(f->items[i].ticked);
		for (size_t k = 0; k < DESK_KEYS; k++)
			assert_non_null(f->items[i].value[k]);
		assert_string_equal(f->items[i].value[DESK_KEYS - 1], "");
	}
	assert_string_equal(dose(f, "chest-stretch", "frequency"),
			    "3-4 times per week");
	assert_string_equal(dose(f, "chest-stretch", "duration"), "30 seconds");
	assert_string_equal(dose(f, "chest-stretch", "hold"), "");
	assert_string_equal(dose(f, "chest-stretch", "sets"), "");
	assert_string_equal(dose(f, "rows", "frequency"), "");
	assert_string_equal(dose(f, "rows", "reps"), "10-15");
	assert_string_equal(desk_keys[0], "frequency");
	assert_string_equal(desk_keys[DESK_KEYS - 1], "note");
}

/* ---- posted fields ---- */

static void test_set_fields(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	set(f, "patient", PATIENT "\r\n");
	assert_string_equal(f->patient, PATIENT);
	set(f, "date", "2026-12-02");
	set(f, "clinician", "Sam Physio");
	set(f, "next_review", "2026-12-16");
	set(f, "note", "Line one\r\nLine two\r\n\r\n");
	assert_string_equal(f->note, "Line one\nLine two");
	assert_string_equal(f->date, "2026-12-02");
	assert_string_equal(f->next_review, "2026-12-16");

	/* Slugs with '-' in them, before and after their tick box. */
	set(f, "ex-chest-stretch-hold", "45 seconds");
	set(f, "ex-chest-stretch", "on");
	set(f, "ex-chest-stretch-note", "Only to a mild stretch.");
	set(f, "ex-rows", "yes");
	set(f, "ex-lat-pulldowns-sets", "3");
	assert_true(item(f, "chest-stretch")->ticked);
	assert_true(item(f, "rows")->ticked);
	assert_false(item(f, "lat-pulldowns")->ticked);
	assert_string_equal(dose(f, "chest-stretch", "hold"), "45 seconds");
	assert_string_equal(dose(f, "chest-stretch", "note"),
			    "Only to a mild stretch.");
	assert_string_equal(dose(f, "lat-pulldowns", "sets"), "3");
	set(f, "ex-rows", "");
	assert_false(item(f, "rows")->ticked);

	/* The paper. */
	set(f, "paper", "a4");
	assert_int_equal(f->paper, PAPER_A4);
	set(f, "paper", "letter\r\n");
	assert_int_equal(f->paper, PAPER_LETTER);
	set(f, "paper", "tabloid");
	assert_int_equal(f->paper, -1);
	set(f, "paper", "letter");
	set(f, "paper", "");
	assert_int_equal(f->paper, -1);

	/* Unknown names change nothing. */
	desk_form_init(&fx->g, site);
	const char *unknown[] = {"ex-nothing",		 "ex-chest-stretch-colour",
				 "ex-chest",		 "ex-",
				 "ex-chest-stretch-",	 "exercise",
				 "colour",		 "token",
				 "action",		 "ex-rows-note-note",
				 "EX-rows",		 "patient-name"};
	for (size_t i = 0; i < ARRAY_LEN(unknown); i++)
		set(&fx->g, unknown[i], "on");
	desk_form_set(&fx->g, NULL, "on", 2);
	struct desk_form blank;
	desk_form_init(&blank, site);
	assert_forms_equal(&fx->g, &blank);
	desk_form_free(&blank);
}

static void test_set_bytes(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	/* Bytes, not a C string: len counts. */
	desk_form_set(f, "patient", "Alexander", 4);
	assert_string_equal(f->patient, "Alex");
	/* Invalid UTF-8, a NUL and controls: U+FFFD each. */
	desk_form_set(f, "patient", "A\xFF" "B\0C\x1B" "D", 7);
	assert_string_equal(f->patient, "A\xEF\xBF\xBD" "B\xEF\xBF\xBD"
			    "C\xEF\xBF\xBD" "D");
	/* A cut-short character at the end. */
	desk_form_set(f, "clinician", "Jos\xC3", 4);
	assert_string_equal(f->clinician, "Jos\xEF\xBF\xBD");
	/* A tab stays; a lone CR is a line end. */
	set(f, "note", "a\tb\rc");
	assert_string_equal(f->note, "a\tb\nc");
	/* Decomposed é (e + U+0301) becomes one character, as a plan's
	 * values do. */
	set(f, "patient", "Jose\xCC\x81");
	assert_string_equal(f->patient, "Jos\xC3\xA9");
	/* Only spaces: no value; a dose, the exercise's own. */
	set(f, "clinician", " \t\r\n ");
	assert_string_equal(f->clinician, "");
	set(f, "ex-chest-stretch-duration", "10 seconds");
	set(f, "ex-chest-stretch-duration", "  ");
	assert_string_equal(dose(f, "chest-stretch", "duration"), "30 seconds");
	set(f, "ex-chest-stretch-sets", "");
	assert_string_equal(dose(f, "chest-stretch", "sets"), "");
	/* NULL is empty. */
	desk_form_set(f, "patient", NULL, 5);
	assert_string_equal(f->patient, "");
}

/* A slug that begins another ("rows", "rows-note"; "rows-seated"): the
 * longest that fits wins, and a key must follow the shorter. */
static void test_set_longest_slug(void **state)
{
	struct fixture *fx = *state;
	static const char *const slugs[] = {"rows", "rows-seated",
					    "rows-seated-high"};
	struct small_site s;
	small_site(&s, slugs, ARRAY_LEN(slugs));
	struct desk_form *f = &fx->g;
	desk_form_init(f, &s.site);
	set(f, "ex-rows-seated", "on");
	assert_false(f->items[0].ticked);
	assert_true(f->items[1].ticked);
	set(f, "ex-rows-seated-high-sets", "2");
	set(f, "ex-rows-seated-sets", "3");
	set(f, "ex-rows-sets", "4");
	set(f, "ex-rows-seated-high", "on");
	assert_string_equal(f->items[2].value[2], "2");
	assert_string_equal(f->items[1].value[2], "3");
	assert_string_equal(f->items[0].value[2], "4");
	assert_true(f->items[2].ticked);
	assert_false(f->items[0].ticked);
	desk_form_free(f);
}

/* ---- the checks ---- */

static void test_validate_exercises(void **state)
{
	struct fixture *fx = *state;
	assert_one_error(fx, "exercises", "Tick at least one exercise.", NULL);
	set(&fx->f, "ex-rows", "on");
	assert_int_equal(validate(fx), 0);
	assert_null(fx->errs);

	/* More than a plan may hold. */
	static const char *slugs[PLAN_MAX_EXERCISES + 1];
	static char names[PLAN_MAX_EXERCISES + 1][8];
	for (size_t i = 0; i < ARRAY_LEN(slugs); i++) {
		snprintf(names[i], sizeof names[i], "e%zu", i);
		slugs[i] = names[i];
	}
	struct small_site s;
	small_site(&s, slugs, ARRAY_LEN(slugs));
	desk_form_free(&fx->f);
	desk_form_init(&fx->f, &s.site);
	for (size_t i = 0; i < PLAN_MAX_EXERCISES; i++)
		fx->f.items[i].ticked = 1;
	assert_int_equal(validate(fx), 0);
	fx->f.items[PLAN_MAX_EXERCISES].ticked = 1;
	assert_one_error(fx, "exercises",
			 "Tick at most 20 exercises: 21 are ticked.", NULL);
	desk_form_free(&fx->f);
	desk_form_init(&fx->f, site); /* for the teardown's site */
}

static void test_validate_lengths(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	set(f, "ex-chest-stretch", "on");
	/* 200 characters (400 bytes) is the most. */
	set(f, "patient", repeat("\xC3\xA9", PLAN_MAX_TEXT));
	assert_int_equal(validate(fx), 0);
	char *typed = xasprintf("%s%s", PATIENT, repeat("x", 190));
	set(f, "patient", typed);
	assert_one_error(fx, "patient", "The patient's name is too long: at "
			 "most 200 characters.", PATIENT);
	set(f, "patient", "");
	set(f, "clinician", typed);
	assert_one_error(fx, "clinician", "The clinician's name is too long: "
			 "at most 200 characters.", PATIENT);
	set(f, "clinician", "");
	set(f, "note", typed);
	assert_one_error(fx, "note", "The note is too long: at most 200 "
			 "characters.", PATIENT);
	set(f, "note", "");
	set(f, "ex-chest-stretch-note", typed);
	assert_one_error(fx, "ex-chest-stretch-note",
			 "\xE2\x80\x9CNote for this exercise\xE2\x80\x9D for "
			 "Chest Stretch is too long: at most 200 characters.",
			 PATIENT);
	set(f, "ex-chest-stretch-note", "");
	set(f, "ex-chest-stretch-frequency", typed);
	assert_one_error(fx, "ex-chest-stretch-frequency",
			 "\xE2\x80\x9CHow often\xE2\x80\x9D for Chest Stretch "
			 "is too long: at most 200 characters.", PATIENT);
	/* An exercise not ticked is not in the plan: not checked. */
	set(f, "ex-chest-stretch-frequency", "");
	set(f, "ex-rows-sets", typed);
	assert_int_equal(validate(fx), 0);
	free(typed);
}

static void test_validate_dates(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	set(f, "ex-rows", "on");
	static const char *const bad[] = {"2026-02-30", "02/12/2026",
					  "2026-12-2", PATIENT, "2026-12-02 "};
	assert_each_refused(fx, "date", bad, ARRAY_LEN(bad),
			    "The date is not a real date: write it as "
			    "YYYY-MM-DD, such as 2026-12-02.");
	set(f, "date", "2028-02-29");
	set(f, "next_review", "tomorrow");
	assert_one_error(fx, "next_review", "The next review date is not a "
			 "real date: write it as YYYY-MM-DD, such as "
			 "2026-12-02.", "tomorrow");
	set(f, "next_review", "");
	assert_int_equal(validate(fx), 0);
}

/* Every mistake at once, in the form's order. */
static void test_validate_order(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	set(f, "patient", repeat("p", 201));
	set(f, "date", "soon");
	set(f, "note", repeat("n", 201));
	set(f, "language", "de");
	assert_int_equal(validate(fx), 5);
	assert_string_equal(fx->errs[0].field, "patient");
	assert_string_equal(fx->errs[1].field, "date");
	assert_string_equal(fx->errs[2].field, "note");
	assert_string_equal(fx->errs[3].field, "language");
	assert_string_equal(fx->errs[4].field, "exercises");
}

/* ---- the handout's language ---- */

static void test_set_language(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	/* Posted -> kept: clean, as every field; none is the default;
	 * one the site has not as posted, for the check. */
	static const char *const posted[][2] = {
		{"es", "es"}, {"es\r\n", "es"}, {" ", "en"}, {"fr", "fr"}};
	for (size_t i = 0; i < ARRAY_LEN(posted); i++) {
		set(f, "language", posted[i][0]);
		assert_string_equal(f->language, posted[i][1]);
	}
	desk_form_set(f, "language", NULL, 3);
	assert_string_equal(f->language, "en");

	/* A site of one language has no such field. */
	struct desk_form *g = one_language_form(fx);
	assert_string_equal(g->language, "en");
	set(g, "language", "es");
	assert_string_equal(g->language, "en");
}

/* A language that is not the site's: a mistake on the field, which
 * lists the site's (each named in itself) and never what was posted. */
static void test_validate_language(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	set(f, "ex-rows", "on");
	set(f, "language", "es");
	assert_int_equal(validate(fx), 0);
	static const char *const bad[] = {"de", "ES", "es-MX", PATIENT,
					  "en\nes"};
	assert_each_refused(fx, "language", bad, ARRAY_LEN(bad),
			    "Choose the language of the handout from the "
			    "list: English, Espa\xC3\xB1ol.");
	/* (Its place among the others: test_validate_order.) */
}

/* A ticked exercise without a translation in the chosen language: a
 * mistake on its tick box, naming it (the default language's title)
 * and the file the translation would be. */
static void test_validate_translation(void **state)
{
	struct fixture *fx = *state;
	static const char *const slugs[] = {"rows", "yoga", "cycling"};
	struct small_two t;
	small_two(&t, slugs, ARRAY_LEN(slugs), "yoga");
	struct desk_form *f = &fx->g;
	desk_form_init(f, &t.en.site);
	set(f, "ex-rows", "on");
	set(f, "ex-yoga", "on");
	assert_int_equal(desk_validate(f, &fx->errs), 0);
	set(f, "language", "es");
	fx->nerr = desk_validate(f, &fx->errs);
	assert_int_equal(fx->nerr, 1);
	assert_string_equal(fx->errs[0].field, "ex-yoga");
	assert_string_equal(fx->errs[0].message, "T yoga has no translation "
			    "in es (es/exercises/yoga.md in the content "
			    "folder): untick it, or choose another language.");
	/* Not ticked, not in the plan: no mistake. */
	set(f, "ex-yoga", "");
	desk_errors_free(fx->errs, fx->nerr);
	fx->nerr = desk_validate(f, &fx->errs);
	assert_int_equal(fx->nerr, 0);
	/* What plan.c says of the same plan, loaded as a file. */
	static const char plan[] = "language: es\n"
				   "exercises:\n"
				   "  - exercise: rows\n"
				   "  - exercise: yoga\n";
	assert_int_equal(desk_form_load_yaml(f, &t.en.site, plan,
					     strlen(plan), &fx->why), -1);
	assert_string_equal(fx->why, "the plan file has a mistake at line 4: "
			    "exercise \"yoga\" has no translation in this "
			    "plan's language (expected es/exercises/yoga.md "
			    "in the content folder)");
	desk_form_free(f);
	small_two_free(&t);
}

/* ---- the plan as YAML ---- */

/* fx->plan: fx->out read by plan_parse, which says nothing of it. */
static void parse_out(struct fixture *fx)
{
	struct capture c;
	cap_open(&c);
	fx->plan = plan_parse("desk.yaml", fx->out.data, fx->out.len, site,
			      &c.d);
	assert_string_equal(cap_take(&c), "");
	assert_non_null(fx->plan);
}

static void test_yaml(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	set(f, "patient", "Alex \"Al\" Example");
	set(f, "date", "2026-12-02");
	set(f, "note", "Path C:\\exercises\r\nthen\trest");
	set(f, "ex-chest-stretch", "on");
	set(f, "ex-chest-stretch-hold", "45 seconds");
	set(f, "ex-chest-stretch-note", "Gently \\ \"mild\"");
	set(f, "ex-rows", "on");
	set(f, "ex-rows-sets", " ");             /* blank: its own */
	set(f, "ex-neck-stretch-sets", "9");     /* not ticked */
	desk_plan_yaml(f, &fx->out);
	assert_string_equal(buf_cstr(&fx->out),
			    "patient: \"Alex \\\"Al\\\" Example\"\n"
			    "date: \"2026-12-02\"\n"
			    "note: \"Path C:\\\\exercises\\nthen\\trest\"\n"
			    "language: en\n"
			    "exercises:\n"
			    "  - exercise: chest-stretch\n"
			    "    hold: \"45 seconds\"\n"
			    "    note: \"Gently \\\\ \\\"mild\\\"\"\n"
			    "  - exercise: rows\n");
	/* Same form, same bytes. */
	struct buf again = BUF_INIT;
	desk_plan_yaml(f, &again);
	assert_string_equal(buf_cstr(&again), buf_cstr(&fx->out));
	buf_free(&again);

	/* plan_parse reads it as the form says. */
	parse_out(fx);
	assert_string_equal(fx->plan->patient, "Alex \"Al\" Example");
	assert_string_equal(fx->plan->note, "Path C:\\exercises\nthen\trest");
	assert_null(fx->plan->clinician);
	assert_int_equal(fx->plan->nexercises, 2);
	assert_string_equal(fx->plan->exercises[0].hold, "45 seconds");
	assert_null(fx->plan->exercises[0].frequency);
	assert_null(fx->plan->exercises[1].sets);

	/* And the form loads it back as it was. */
	desk_form_init(&fx->g, site);
	assert_int_equal(desk_form_load_yaml(&fx->g, site, fx->out.data,
					     fx->out.len, &fx->why), 0);
	assert_null(fx->why);
	/* The untouched dose of an exercise not ticked is not in a plan. */
	set(&fx->g, "ex-neck-stretch-sets", "9");
	assert_forms_equal(&fx->g, f);
}

/* Every exercise ticked, every dose changed, characters YAML must
 * escape: form -> YAML -> form is the same form. */
static void test_yaml_round_trip(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	static const char *const odd[] = {
		"plain", "\"quoted\"", "back\\slash", "two\nlines",
		"tab\there", "# not a comment", "- not a list", "key: value",
		"'single'", "  spaces  ", "yes", "~", "null", "123",
		"\xC3\xA9t\xC3\xA9 \xE2\x80\xA8 sep", "emoji \xF0\x9F\x92\xAA",
		"{a: b}", "[x]", "&anchor *alias !tag", "%percent @at `tick`"};
	size_t o = 0;
	set(f, "patient", odd[o++ % ARRAY_LEN(odd)]);
	set(f, "clinician", odd[o++ % ARRAY_LEN(odd)]);
	set(f, "note", odd[o++ % ARRAY_LEN(odd)]);
	set(f, "date", "2026-12-02");
	set(f, "next_review", "2027-01-15");
	for (size_t i = 0; i < f->nitems; i++) {
		f->items[i].ticked = 1;
		for (size_t k = 0; k < DESK_KEYS; k++) {
			free(f->items[i].value[k]);
			f->items[i].value[k] = xstrdup(odd[o++ % ARRAY_LEN(odd)]);
		}
	}
	desk_plan_yaml(f, &fx->out);
	desk_form_init(&fx->g, site);
	fx->g.items[0].ticked = 0;
	int rc = desk_form_load_yaml(&fx->g, site, fx->out.data, fx->out.len,
				     &fx->why);
	if (rc != 0)
		fail_msg("%s\n%s", fx->why, buf_cstr(&fx->out));
	assert_forms_equal(&fx->g, f);
}

/* The language goes into the plan (the default too, on a site of
 * several), plan_parse prints it in that language, and the form loads
 * it back; a site of one language writes none. */
static void test_yaml_language(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	set(f, "patient", PATIENT);
	set(f, "language", "es");
	set(f, "ex-chest-stretch", "on");
	set(f, "ex-chest-stretch-hold", "45 segundos");
	set(f, "ex-rows", "on");
	desk_plan_yaml(f, &fx->out);
	assert_string_equal(buf_cstr(&fx->out),
			    "patient: \"" PATIENT "\"\n"
			    "language: es\n"
			    "exercises:\n"
			    "  - exercise: chest-stretch\n"
			    "    hold: \"45 segundos\"\n"
			    "  - exercise: rows\n");
	parse_out(fx);
	assert_ptr_equal(fx->plan->site, site_lang(site, 1));
	assert_ptr_equal(fx->plan->exercises[0].page,
			 site_exercise(site_lang(site, 1), "chest-stretch"));
	/* Loaded back: the same form, Spanish chosen. */
	desk_form_init(&fx->g, site);
	assert_int_equal(desk_form_load_yaml(&fx->g, site, fx->out.data,
					     fx->out.len, &fx->why), 0);
	assert_string_equal(fx->g.language, "es");
	assert_forms_equal(&fx->g, f);
	/* A plan without one is in the default language. */
	static const char plan[] = "exercises:\n  - exercise: rows\n";
	assert_int_equal(desk_form_load_yaml(&fx->g, site, plan, strlen(plan),
					     &fx->why), 0);
	assert_string_equal(fx->g.language, "en");
	/* One the site has not: the file's mistake, not repeated. */
	static const char bad[] = "language: " PATIENT "\n"
				  "exercises:\n  - exercise: rows\n";
	assert_int_equal(desk_form_load_yaml(&fx->g, site, bad, strlen(bad),
					     &fx->why), -1);
	assert_string_equal(fx->why, "the plan file has a mistake at line 1: "
			    "this language is not one of the site's "
			    "(expected one of: en, es)");
	desk_form_free(&fx->g);

	/* A language the site does not have is written quoted, so that
	 * plan.c refuses it (desk_validate() does first). */
	buf_reset(&fx->out);
	set(f, "language", "x\"y");
	desk_plan_yaml(f, &fx->out);
	assert_non_null(strstr(buf_cstr(&fx->out),
			       "\nlanguage: \"x\\\"y\"\nexercises:\n"));

	/* A site of one language: no language in its plans. */
	struct desk_form *g = one_language_form(fx);
	set(g, "ex-rows", "on");
	buf_reset(&fx->out);
	desk_plan_yaml(g, &fx->out);
	assert_string_equal(buf_cstr(&fx->out),
			    "exercises:\n  - exercise: rows\n");
}

/* ---- loading a plan file ---- */

static void test_load_good(void **state)
{
	struct fixture *fx = *state;
	struct desk_form *f = &fx->f;
	/* What the form held before goes, but for the paper. */
	set(f, "clinician", "Someone else");
	set(f, "ex-rows", "on");
	set(f, "ex-rows-sets", "5");
	set(f, "paper", "letter");
	static const char plan[] =
		"patient: \"" PATIENT "\"\n"
		"date: 2026-12-02\n"
		"next_review: 2026-12-16\n"
		"exercises:\n"
		"  - exercise: neck-stretch\n"
		"  - exercise: chest-stretch\n"
		"    frequency: Every day\n"
		"    note: \"Only to a mild stretch.\"\n";
	assert_int_equal(desk_form_load_yaml(f, site, plan, strlen(plan),
					     &fx->why), 0);
	assert_string_equal(f->patient, PATIENT);
	assert_string_equal(f->date, "2026-12-02");
	assert_string_equal(f->next_review, "2026-12-16");
	assert_string_equal(f->clinician, "");
	assert_string_equal(f->note, "");
	assert_int_equal(f->paper, PAPER_LETTER);
	assert_false(item(f, "rows")->ticked);
	assert_string_equal(dose(f, "rows", "sets"), "");
	assert_true(item(f, "neck-stretch")->ticked);
	assert_true(item(f, "chest-stretch")->ticked);
	assert_string_equal(dose(f, "chest-stretch", "frequency"), "Every day");
	assert_string_equal(dose(f, "chest-stretch", "duration"), "30 seconds");
	assert_string_equal(dose(f, "chest-stretch", "note"),
			    "Only to a mild stretch.");
	size_t n = 0;
	for (size_t i = 0; i < f->nitems; i++)
		n += f->items[i].ticked;
	assert_int_equal(n, 2);
}

/* A plan with a mistake: *why names the line, never a value, and the
 * form is left as it was. */
static void assert_load_fails(struct fixture *fx, const char *plan,
			      const char *why)
{
	set(&fx->f, "patient", "Before");
	desk_form_init(&fx->g, site);
	set(&fx->g, "patient", "Before");
	free(fx->why);
	fx->why = NULL;
	assert_int_equal(desk_form_load_yaml(&fx->f, site, plan, strlen(plan),
					     &fx->why), -1);
	assert_non_null(fx->why);
	assert_string_equal(fx->why, why);
	assert_null(strstr(fx->why, "Alex"));
	assert_null(strstr(fx->why, "plan.yaml"));
	assert_forms_equal(&fx->f, &fx->g);
	desk_form_free(&fx->g);
}

static void test_load_bad(void **state)
{
	struct fixture *fx = *state;
	assert_load_fails(fx,
			  "patient: \"" PATIENT "\"\n"
			  "exercises:\n"
			  "  - exercise: rows\n"
			  "    colour: red\n",
			  "the plan file has a mistake at line 4: unknown key "
			  "(expected one of: exercise, frequency, "
			  "duration, sets, reps, hold, sides, note)");
	assert_load_fails(fx,
			  "patient: \"" PATIENT "\"\n"
			  "date: " PATIENT "\n"
			  "exercises:\n"
			  "  - exercise: rows\n",
			  "the plan file has a mistake at line 2: \"date\" is "
			  "not a date (expected YYYY-MM-DD, such as "
			  "2026-11-25)");
	assert_load_fails(fx,
			  "exercises:\n"
			  "  - exercise: rows\n"
			  "  - exercise: rowz\n",
			  "the plan file has a mistake at line 3: unknown "
			  "exercise (did you mean \"rows\"? also "
			  "near: \"yoga\", \"cycling\")");
	assert_load_fails(fx, "patient: \"" PATIENT "\"\n",
			  "the plan file has a mistake at line 1: missing "
			  "required key \"exercises\"");
	assert_load_fails(fx, "patient: [\"" PATIENT "\"\n",
			  "the plan file has a mistake at line 2: invalid YAML: "
			  "did not find expected ',' or ']' while parsing a "
			  "flow sequence that starts at line 1");
}

/* A file too big for a plan, and one that is empty. */
static void test_load_sizes(void **state)
{
	struct fixture *fx = *state;
	size_t len = (size_t)512 << 10 | 1;
	char *big = xmalloc(len);
	memset(big, '#', len);
	int rc = desk_form_load_yaml(&fx->f, site, big, len, &fx->why);
	free(big);
	assert_int_equal(rc, -1);
	assert_string_equal(fx->why, "the plan file has a mistake: file is "
			    "524289 bytes, more than the limit of 524288");
	free(fx->why);
	fx->why = NULL;
	assert_int_equal(desk_form_load_yaml(&fx->f, site, "", 0, &fx->why),
			 -1);
	assert_non_null(fx->why);
	assert_non_null(strstr(fx->why, "the plan file has a mistake"));
}

/* plan_parse: the name and the messages come from name_for_messages. */
static void test_plan_parse(void **state)
{
	struct fixture *fx = *state;
	static const char plan[] = "exercises:\n  - exercise: rows\n";
	struct capture c;
	cap_open(&c);
	fx->plan = plan_parse("visits/alex.yml", plan, strlen(plan), site,
			      &c.d);
	assert_string_equal(cap_take(&c), "");
	assert_non_null(fx->plan);
	assert_string_equal(fx->plan->name, "alex");
	assert_string_equal(fx->plan->path, "visits/alex.yml");
	assert_ptr_equal(fx->plan->exercises[0].page, item(&fx->f, "rows")->page);
	static const char bad[] = "exercises:\n  - exercise: rowz\n";
	cap_open(&c);
	struct plan *p = plan_parse("in memory", bad, strlen(bad), site, &c.d);
	assert_null(p);
	assert_string_equal(cap_take(&c), "pamphlet: in memory:2:5: error: "
			    "unknown exercise (did you mean "
			    "\"rows\"? also near: \"yoga\", \"cycling\")\n");
	assert_int_equal(diag_exit_code(&c.d), EXIT_CONTENT);
}

/* ---- the page ---- */

static const char *page(struct fixture *fx)
{
	buf_reset(&fx->out);
	desk_page(&fx->f, site, fx->errs, fx->nerr, "tok3n-abc",
		  "/_pamphlet/handout/", "/assets/style.css", &fx->out);
	return buf_cstr(&fx->out);
}

static void assert_has(const char *html, const char *part)
{
	if (strstr(html, part) == NULL)
		fail_msg("the page lacks %s", part);
}

static void test_page_blank(void **state)
{
	struct fixture *fx = *state;
	const char *html = page(fx);
	assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 31) ==
		    0);
	assert_has(html, "<meta charset=\"utf-8\">");
	assert_has(html, "<meta name=\"viewport\"");
	char *title = xasprintf("<title>Handout desk | %s</title>",
				site->title);
	assert_has(html, title);
	free(title);
	assert_has(html, "<link rel=\"stylesheet\" href=\"/assets/style.css\">");
	assert_has(html, "<main id=\"main\">\n<h1>Handout desk</h1>");
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "There is a problem"));
	assert_null(strstr(html, "aria-invalid=\""));
	/* (Only the language's hint is described.) */
	const char *described = strstr(html, "aria-describedby");
	assert_non_null(described);
	static const char hint[] = "aria-describedby=\"language-hint\">";
	assert_true(strncmp(described, hint, strlen(hint)) == 0);
	assert_null(strstr(described + 1, "aria-describedby"));
	assert_has(html, "<form method=\"post\" action=\"/_pamphlet/handout/\" "
		   "enctype=\"multipart/form-data\"");
	assert_has(html, "<input type=\"hidden\" name=\"token\" "
		   "value=\"tok3n-abc\">");
	assert_has(html, "<legend>Patient</legend>");
	assert_has(html, "<label for=\"patient\">");
	assert_has(html, "<input type=\"text\" id=\"patient\" name=\"patient\" "
		   "value=\"\">");
	assert_has(html, "<input type=\"date\" id=\"date\" name=\"date\"");
	assert_has(html, "<input type=\"date\" id=\"next_review\"");
	assert_has(html, "<textarea id=\"note\" name=\"note\"");
	assert_has(html, "<select id=\"paper\" name=\"paper\">\n"
		   "<option value=\"\" selected>");
	assert_has(html, "<button type=\"submit\" name=\"action\" "
		   "value=\"pdf\">Make the PDF</button>");
	assert_has(html, "name=\"action\" value=\"yaml\"");
	assert_has(html, ">Download the plan</button>");
	assert_has(html, "<legend>Load a plan</legend>");
	assert_has(html, "<input type=\"file\" id=\"plan_file\" "
		   "name=\"plan_file\" accept=\".yaml,.yml\">");
	assert_has(html, ">Load the plan</button>");
	assert_has(html, "<style>");

	/* Every exercise, under its category's legend, in site order. */
	const char *at = html;
	int cat = -1;
	for (size_t i = 0; i < site->nexercises; i++) {
		const struct page *p = site->exercises[i];
		char *legend = NULL;
		if (p->ex->category != cat) {
			cat = p->ex->category;
			legend = xasprintf("<fieldset>\n<legend>%s</legend>",
					   i18n_get(site->words,
						    category_words[cat]));
			const char *l = strstr(at, legend);
			if (l == NULL)
				fail_msg("no legend %s after the last", legend);
			at = l;
			free(legend);
		}
		char *box = xasprintf("<input type=\"checkbox\" id=\"ex-%s\" "
				      "name=\"ex-%s\" value=\"on\">\n"
				      "<label for=\"ex-%s\" id=\"title-ex-%s\">"
				      "%s</label>",
				      p->slug, p->slug, p->slug, p->slug,
				      p->title);
		const char *b = strstr(at, box);
		free(box);
		if (b == NULL)
			fail_msg("%s not in its place", p->slug);
		at = b;
		for (size_t k = 0; k < DESK_KEYS; k++) {
			char *id = xasprintf("id=\"ex-%s-%s\" name=\"ex-%s-%s\"",
					     p->slug, desk_keys[k], p->slug,
					     desk_keys[k]);
			int found = strstr(at, id) != NULL;
			free(id);
			if (!found)
				fail_msg("%s: no %s field", p->slug,
					 desk_keys[k]);
		}
	}
	/* The doses, pre-filled; the first picture, small. */
	assert_has(html, "<input type=\"text\" id=\"ex-chest-stretch-frequency\" "
		   "name=\"ex-chest-stretch-frequency\" "
		   "value=\"3-4 times per week\">");
	assert_has(html, "<label for=\"ex-chest-stretch-frequency\">How often"
		   "</label>");
	const struct picture *pic =
		&item(&fx->f, "chest-stretch")->page->ex->pictures[0];
	char *img = xasprintf("<img class=\"desk-thumb\" src=\"/%s\" alt=\"\" "
			      "width=\"%d\" height=\"%d\">", pic->file,
			      pic->width, pic->height);
	assert_has(html, img);
	free(img);
}

static void test_page_errors(void **state)
{
	struct fixture *fx = *state;
	set(&fx->f, "patient", repeat("y", 201));
	set(&fx->f, "date", "soon");
	validate(fx);
	assert_int_equal(fx->nerr, 3);
	const char *html = page(fx);
	assert_has(html, "<title>Error: Handout desk | ");
	const char *summary = strstr(html, "There is a problem");
	assert_non_null(summary);
	/* At the top: before the form. */
	assert_true(summary < strstr(html, "<form"));
	assert_true(strstr(html, "<h1>") < summary);
	assert_has(html, "<li><a href=\"#patient\">The patient&#39;s name is too "
		   "long: at most 200 characters.</a></li>");
	assert_has(html, "<li><a href=\"#date\">The date is not a real date");
	assert_has(html, "<li><a href=\"#exercises\">Tick at least one "
		   "exercise.</a></li>");
	/* Beside each field. */
	assert_has(html, "<p class=\"desk-error\" id=\"patient-error\">The "
		   "patient&#39;s name is too long");
	assert_has(html, "id=\"patient\" name=\"patient\" value=\"yyy");
	assert_has(html, "\" aria-invalid=\"true\" "
		   "aria-describedby=\"patient-error\">");
	/* A date that is not one is shown as typed, as text. */
	assert_has(html, "<input type=\"text\" id=\"date\" name=\"date\" "
		   "value=\"soon\" aria-invalid=\"true\" "
		   "aria-describedby=\"date-error\">");
	assert_has(html, "<fieldset id=\"exercises\" tabindex=\"-1\" "
		   "aria-describedby=\"exercises-error\">");
	assert_has(html, "id=\"exercises-error\">Tick at least one exercise.");
	/* A mistake of the server's, on the file field. */
	desk_errors_free(fx->errs, fx->nerr);
	fx->errs = xcalloc(1, sizeof *fx->errs);
	fx->nerr = 1;
	fx->errs[0].field = xstrdup("plan_file");
	fx->errs[0].message = xstrdup("the plan file has a mistake at line 2: "
				      "x");
	html = page(fx);
	assert_has(html, "<a href=\"#plan_file\">");
	assert_has(html, "accept=\".yaml,.yml\" aria-invalid=\"true\" "
		   "aria-describedby=\"plan_file-error\">");
}

static void test_page_escapes(void **state)
{
	struct fixture *fx = *state;
	set(&fx->f, "patient", "<script>alert(\"x\")</script>");
	set(&fx->f, "note", "\nfirst line & <b>");
	set(&fx->f, "ex-rows", "on");
	set(&fx->f, "ex-rows-sets", "\"><img src=x onerror=alert(1)>");
	set(&fx->f, "paper", "letter");
	const char *html = page(fx);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img src=x"));
	assert_has(html, "value=\"&lt;script&gt;alert(&quot;x&quot;)"
		   "&lt;/script&gt;\"");
	/* A leading line end survives the parser's dropping of one. */
	assert_has(html, "rows=\"3\">\n\nfirst line &amp; &lt;b&gt;</textarea>");
	assert_has(html, "value=\"&quot;&gt;&lt;img src=x");
	assert_has(html, "id=\"ex-rows\" name=\"ex-rows\" value=\"on\" checked>");
	assert_has(html, "<option value=\"letter\" selected>Letter</option>");
	buf_reset(&fx->out);
	desk_page(&fx->f, site, NULL, 0, "\"><script>", "/a?b=1&c=\"2\"",
		  "/s.css?v=\"1\"", &fx->out);
	html = buf_cstr(&fx->out);
	assert_null(strstr(html, "<script"));
	assert_has(html, "action=\"/a?b=1&amp;c=&quot;2&quot;\"");
	assert_has(html, "href=\"/s.css?v=&quot;1&quot;\"");
}

/* The handout's language: a select of the site's, each named in
 * itself, with its lang, only when the site has more than one. */
static void test_page_language(void **state)
{
	struct fixture *fx = *state;
	const char *html = page(fx);
	assert_has(html, "<div class=\"desk-field\">\n"
		   "<label for=\"language\">Language of the handout</label>\n"
		   "<p class=\"desk-hint\" id=\"language-hint\">");
	assert_has(html, "<select id=\"language\" name=\"language\" "
		   "aria-describedby=\"language-hint\">\n"
		   "<option value=\"en\" lang=\"en\" selected>English</option>\n"
		   "<option value=\"es\" lang=\"es\">Espa\xC3\xB1ol</option>\n"
		   "</select>");
	/* In the patient's fieldset, before the paper. */
	assert_true(strstr(html, "id=\"language\"") <
		    strstr(html, "id=\"paper\""));
	assert_true(strstr(html, "id=\"note\"") <
		    strstr(html, "id=\"language\""));
	set(&fx->f, "language", "es");
	html = page(fx);
	assert_has(html, "<option value=\"en\" lang=\"en\">English</option>\n"
		   "<option value=\"es\" lang=\"es\" selected>");

	/* One the site has not: the mistake, none selected, and what
	 * was posted nowhere. */
	set(&fx->f, "ex-rows", "on");
	set(&fx->f, "language", "zz-" PATIENT);
	assert_int_equal(validate(fx), 1);
	html = page(fx);
	assert_null(strstr(html, PATIENT));
	assert_has(html, "<li><a href=\"#language\">Choose the language of "
		   "the handout from the list: English, Espa\xC3\xB1ol.</a>"
		   "</li>");
	assert_has(html, "</p>\n<p class=\"desk-error\" "
		   "id=\"language-error\">Choose the language");
	assert_has(html, "<select id=\"language\" name=\"language\" "
		   "aria-invalid=\"true\" "
		   "aria-describedby=\"language-error language-hint\">\n"
		   "<option value=\"en\" lang=\"en\">English</option>\n"
		   "<option value=\"es\" lang=\"es\">Espa\xC3\xB1ol</option>\n");

	/* A site of one language: no choice. */
	size_t ntr = site->ntr;
	site->ntr = 0;
	desk_errors_free(fx->errs, fx->nerr);
	fx->errs = NULL;
	fx->nerr = 0;
	html = page(fx);
	site->ntr = ntr;
	assert_null(strstr(html, "language"));
	assert_has(html, "<select id=\"paper\" name=\"paper\">");
}

/* An exercise without a translation: its mistake beside its tick box,
 * the summary linking to the box. */
static void test_page_translation_error(void **state)
{
	struct fixture *fx = *state;
	fx->errs = xcalloc(1, sizeof *fx->errs);
	fx->nerr = 1;
	fx->errs[0].field = xstrdup("ex-yoga");
	fx->errs[0].message = xstrdup("Yoga has no translation in Espa\xC3\xB1ol.");
	set(&fx->f, "ex-yoga", "on");
	const char *html = page(fx);
	assert_has(html, "<li><a href=\"#ex-yoga\">Yoga has no translation");
	assert_has(html, "<input type=\"checkbox\" id=\"ex-yoga\" "
		   "name=\"ex-yoga\" value=\"on\" checked aria-invalid=\"true\" "
		   "aria-describedby=\"ex-yoga-error\">\n<label for=\"ex-yoga\"");
	assert_has(html, "</label>\n</div>\n<p class=\"desk-error\" "
		   "id=\"ex-yoga-error\">Yoga has no translation in "
		   "Espa\xC3\xB1ol.</p>\n<div class=\"desk-doses\">");
	/* The other boxes have none. */
	assert_has(html, "id=\"ex-rows\" name=\"ex-rows\" value=\"on\">\n");
}

/* The CSP source desk.h gives is the hash of the page's <style>. */
static void test_style_hash(void **state)
{
	struct fixture *fx = *state;
	const char *html = page(fx);
	const char *a = strstr(html, "<style>");
	assert_non_null(a);
	a += strlen("<style>");
	const char *b = strstr(a, "</style>");
	assert_non_null(b);
	guint8 digest[32];
	gsize dlen = sizeof digest;
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(ck, (const guchar *)a, (gssize)(b - a));
	g_checksum_get_digest(ck, digest, &dlen);
	g_checksum_free(ck);
	gchar *b64 = g_base64_encode(digest, dlen);
	char *want = xasprintf("'sha256-%s'", b64);
	g_free(b64);
	int same = strcmp(desk_style_csp(), want) == 0;
	if (!same)
		fprintf(stderr, "desk_style_csp() should be %s\n", want);
	free(want);
	assert_true(same);
}

/* ---- setup ---- */

static int group_setup(void **state)
{
	(void)state;
	site = load_shipped_site();
	return site != NULL ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	site_free(site);
	md_shutdown();
	return 0;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	if (fx == NULL)
		return -1;
	desk_form_init(&fx->f, site);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	desk_form_free(&fx->f);
	desk_form_free(&fx->g);
	desk_errors_free(fx->errs, fx->nerr);
	buf_free(&fx->out);
	free(fx->why);
	plan_free(fx->plan);
	free(fx);
	return 0;
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init),
		T(test_set_fields),
		T(test_set_bytes),
		T(test_set_longest_slug),
		T(test_validate_exercises),
		T(test_validate_lengths),
		T(test_validate_dates),
		T(test_validate_order),
		T(test_set_language),
		T(test_validate_language),
		T(test_validate_translation),
		T(test_yaml),
		T(test_yaml_round_trip),
		T(test_yaml_language),
		T(test_load_good),
		T(test_load_bad),
		T(test_load_sizes),
		T(test_plan_parse),
		T(test_page_blank),
		T(test_page_errors),
		T(test_page_escapes),
		T(test_page_language),
		T(test_page_translation_error),
		T(test_style_hash),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
