/*
 * test_plan.c: unit tests for plan files (plan.h): reading a plan
 * against the shipped site, every error with its exact message, and the
 * plan files a command line names.
 *
 * The shipped content/ (read relative to the repository root, where the
 * tests run) is loaded once as the site.  Each test writes its plans
 * into a folder made with mkdtemp; "$D" in an expected message stands
 * for that folder.  Every message is also checked for the patient's and
 * the clinician's names: a plan's messages never repeat what it holds.
 * The teardown frees the plan and removes the folder even when a test
 * fails.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* mkdtemp, mkfifo; helpers.h */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content.h"
#include "diag.h"
#include "helpers.h"
#include "markdown.h"
#include "plan.h"
#include "util.h"

/* Names written in the plans, never to be seen in a message. */
#define PATIENT "Alex Example"
#define CLINICIAN "Sam Physio"

static struct site *site; /* the shipped content, for every test */

struct fixture {
	char dir[64];       /* the mkdtemp folder */
	struct plan *plan;  /* the last load's result (teardown frees) */
	struct diag d;      /* the last load's counts */
};

/* ---- helpers ---- */

/* tmpl with "$D" replaced by the test's folder (static storage). */
static const char *expand(const struct fixture *fx, const char *tmpl)
{
	return expand_dir(fx->dir, tmpl);
}

static void put(const struct fixture *fx, const char *rel, const char *text)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", fx->dir, rel);
	FILE *f = fopen(p, "wb");
	if (f == NULL)
		fail_msg("%s: %s", p, strerror(errno));
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static void make_dir(const struct fixture *fx, const char *rel)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", fx->dir, rel);
	assert_int_equal(mkdir(p, 0777), 0);
}

/* Write text as the plan rel and load it: fx->plan and fx->d get the
 * result; returns the messages (static storage), checked to hold no
 * name written in a plan. */
static const char *load(struct fixture *fx, const char *rel,
			const char *text)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", fx->dir, rel);
	put(fx, rel, text);
	plan_free(fx->plan);
	struct capture c;
	cap_open(&c);
	fx->plan = plan_load(p, site, &c.d);
	const char *got = cap_take(&c);
	fx->d = c.d;
	if (strstr(got, PATIENT) != NULL || strstr(got, "Alex") != NULL ||
	    strstr(got, CLINICIAN) != NULL)
		fail_msg("a message names a person: %s", got);
	return got;
}

/* Loading text as "plan.yaml" fails with exactly these messages. */
static void assert_errors(struct fixture *fx, const char *text,
			  const char *expected)
{
	const char *got = load(fx, "plan.yaml", text);
	assert_string_equal(got, expand(fx, expected));
	assert_null(fx->plan);
	assert_int_equal(diag_exit_code(&fx->d), EXIT_CONTENT);
}

/* Loading text as "plan.yaml" succeeds without a word. */
static void assert_loads(struct fixture *fx, const char *text)
{
	assert_string_equal(load(fx, "plan.yaml", text), "");
	assert_non_null(fx->plan);
	assert_int_equal(diag_exit_code(&fx->d), EXIT_OK);
}

static const struct page *exercise_page(const char *slug)
{
	for (size_t i = 0; i < site->nexercises; i++)
		if (strcmp(site->exercises[i]->slug, slug) == 0)
			return site->exercises[i];
	fail_msg("no exercise \"%s\" in the shipped content", slug);
	return NULL;
}

/* "- exercise: rows" lines for the first n of the site's exercises,
 * then again from the start (static storage). */
static const char *items(size_t n)
{
	static char out[4096];
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof out - len,
					"  - exercise: %s\n",
					site->exercises[i % site->nexercises]
						->slug);
	return out;
}

/* n times "é" (two bytes, one character) (static storage). */
static const char *accents(size_t n)
{
	static char out[1024];
	size_t len = 0;
	for (size_t i = 0; i < n && len + 3 < sizeof out; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "é");
	return out;
}

/* ---- a good plan ---- */

static void test_good_plan(void **state)
{
	struct fixture *fx = *state;
	assert_loads(fx,
		     "# Alex's programme\n"
		     "patient: \"" PATIENT "\"\n"
		     "date: 2026-12-02\n"
		     "clinician: " CLINICIAN "\n"
		     "next_review: 2026-12-16\n"
		     "note: \"Start gently. Stop if the pain spreads to your "
		     "arm.\"\n"
		     "exercises:\n"
		     "  - exercise: rows\n"
		     "    frequency: \"Every day\"\n"
		     "    duration: \"30 seconds\"\n"
		     "    sets: \"1\"\n"
		     "    reps: 3\n"
		     "    hold: \"20 seconds\"\n"
		     "    sides: \"Both\"\n"
		     "    note: \"Only to a mild stretch.\"\n"
		     "  - exercise: chest-stretch\n"
		     "  -   exercise: yoga\n"
		     "      note: ~\n");
	const struct plan *p = fx->plan;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/plan.yaml", fx->dir);
	assert_string_equal(p->path, path);
	assert_string_equal(p->name, "plan");
	assert_string_equal(p->patient, PATIENT);
	assert_string_equal(p->date, "2026-12-02");
	assert_string_equal(p->clinician, CLINICIAN);
	assert_string_equal(p->next_review, "2026-12-16");
	assert_string_equal(p->note, "Start gently. Stop if the pain spreads "
			    "to your arm.");
	/* The plan's order, not the site's. */
	assert_int_equal(p->nexercises, 3);
	const struct plan_exercise *e = p->exercises;
	assert_string_equal(e[0].exercise, "rows");
	assert_ptr_equal(e[0].page, exercise_page("rows"));
	assert_string_equal(e[0].frequency, "Every day");
	assert_string_equal(e[0].duration, "30 seconds");
	assert_string_equal(e[0].sets, "1");
	assert_string_equal(e[0].reps, "3");
	assert_string_equal(e[0].hold, "20 seconds");
	assert_string_equal(e[0].sides, "Both");
	assert_string_equal(e[0].note, "Only to a mild stretch.");
	assert_int_equal(e[0].line, 8);
	assert_int_equal(e[0].col, 5);
	assert_string_equal(e[1].exercise, "chest-stretch");
	assert_ptr_equal(e[1].page, exercise_page("chest-stretch"));
	assert_null(e[1].frequency);
	assert_null(e[1].duration);
	assert_null(e[1].sets);
	assert_null(e[1].reps);
	assert_null(e[1].hold);
	assert_null(e[1].sides);
	assert_null(e[1].note);
	assert_int_equal(e[1].line, 16);
	assert_string_equal(e[2].exercise, "yoga");
	assert_ptr_equal(e[2].page, exercise_page("yoga"));
	assert_null(e[2].note);
	assert_int_equal(e[2].line, 17);
	assert_int_equal(e[2].col, 7);
}

static void test_only_exercises(void **state)
{
	struct fixture *fx = *state;
	assert_loads(fx, "exercises:\n- exercise: swimming\n");
	const struct plan *p = fx->plan;
	assert_null(p->patient);
	assert_null(p->date);
	assert_null(p->clinician);
	assert_null(p->next_review);
	assert_null(p->note);
	assert_int_equal(p->nexercises, 1);
	assert_ptr_equal(p->exercises[0].page, exercise_page("swimming"));
}

/* The PDF's name: the file's, without ".yaml" or ".yml". */
static void test_names(void **state)
{
	struct fixture *fx = *state;
	const char *text = "exercises: [{exercise: rows}]\n";
	assert_string_equal(load(fx, "alex-2026.yaml", text), "");
	assert_string_equal(fx->plan->name, "alex-2026");
	assert_string_equal(load(fx, "b.yml", text), "");
	assert_string_equal(fx->plan->name, "b");
	assert_string_equal(load(fx, "c.YAML", text), "");
	assert_string_equal(fx->plan->name, "c");
	assert_string_equal(load(fx, "d", text), "");
	assert_string_equal(fx->plan->name, "d");
}

/* ---- keys ---- */

static void test_unknown_top_key(void **state)
{
	assert_errors(*state,
		      "patinet: \"" PATIENT "\"\n"
		      "exercises:\n  - exercise: rows\n",
		      "pamphlet: $D/plan.yaml:1:1: error: unknown key "
		      "(did you mean \"patient\"? expected one of: "
		      "patient, date, clinician, next_review, note, "
		      "language, exercises)\n");
}

static void test_unknown_item_key(void **state)
{
	assert_errors(*state,
		      "exercises:\n"
		      "  - exercise: rows\n"
		      "    frequncy: \"Every day\"\n"
		      "    weight: 2 kg\n",
		      "pamphlet: $D/plan.yaml:3:5: error: unknown key "
		      "(did you mean \"frequency\"? expected one "
		      "of: exercise, frequency, duration, sets, reps, hold, "
		      "sides, note)\n"
		      "pamphlet: $D/plan.yaml:4:5: error: unknown key "
		      "(expected one of: exercise, frequency, "
		      "duration, sets, reps, hold, sides, note)\n");
}

static void test_item_without_exercise(void **state)
{
	assert_errors(*state,
		      "exercises:\n"
		      "  - exercise: rows\n"
		      "  - frequency: \"Every day\"\n"
		      "  - yoga\n",
		      "pamphlet: $D/plan.yaml:3:5: error: missing required "
		      "key \"exercise\" in \"exercises\"\n"
		      "pamphlet: $D/plan.yaml:4:5: error: each item of "
		      "\"exercises\" must be a group of keys, found text\n");
}

/* ---- the list of exercises ---- */

/* A slip gets "did you mean"; another word the nearest names, the
 * site's order among equals.  The message points at the item. */
static void test_unknown_exercise(void **state)
{
	assert_errors(*state,
		      "exercises:\n"
		      "  - exercise: chest-strech\n"
		      "  - exercise: row\n"
		      "  - note: \"Hold it.\"\n"
		      "    exercise: plank\n"
		      "  - exercise: Rows\n",
		      "pamphlet: $D/plan.yaml:2:5: error: unknown exercise "
		      "(did you mean \"chest-stretch\"? also "
		      "near: \"neck-stretch\", \"rows\")\n"
		      "pamphlet: $D/plan.yaml:3:5: error: unknown exercise "
		      "(did you mean \"rows\"? also near: \"yoga\", "
		      "\"cycling\")\n"
		      "pamphlet: $D/plan.yaml:4:5: error: unknown exercise "
		      "(expected an exercise file's name without "
		      ".md; the nearest are \"rows\", \"cycling\", \"yoga\")\n"
		      "pamphlet: $D/plan.yaml:6:5: error: unknown exercise "
		      "(did you mean \"rows\"? also near: \"yoga\", "
		      "\"cycling\")\n");
}

static void test_exercise_twice(void **state)
{
	assert_errors(*state,
		      "exercises:\n"
		      "  - exercise: rows\n"
		      "  - exercise: yoga\n"
		      "  - exercise: rows\n"
		      "    note: \"Again.\"\n"
		      "  - exercise: rows\n",
		      "pamphlet: $D/plan.yaml:4:5: error: exercise \"rows\" is "
		      "listed twice (first at line 2): keep one\n"
		      "pamphlet: $D/plan.yaml:6:5: error: exercise \"rows\" is "
		      "listed twice (first at line 2): keep one\n");
}

static void test_empty_list(void **state)
{
	assert_errors(*state,
		      "patient: \"" PATIENT "\"\n"
		      "exercises: []\n",
		      "pamphlet: $D/plan.yaml:2:1: error: \"exercises\" has no "
		      "exercises (expected 1 to 20)\n");
	assert_errors(*state,
		      "exercises:\n",
		      "pamphlet: $D/plan.yaml:1:11: error: \"exercises\" must "
		      "be a list of groups of keys (each item starting "
		      "with \"- \"), found text\n");
}

static void test_missing_exercises(void **state)
{
	assert_errors(*state,
		      "patient: \"" PATIENT "\"\n"
		      "date: 2026-12-02\n",
		      "pamphlet: $D/plan.yaml:1:1: error: missing required key "
		      "\"exercises\"\n");
	/* An empty file, and one of comments only. */
	assert_errors(*state, "",
		      "pamphlet: $D/plan.yaml:1:1: error: missing required key "
		      "\"exercises\"\n");
	assert_errors(*state, "# nothing yet\n",
		      "pamphlet: $D/plan.yaml:1:1: error: missing required key "
		      "\"exercises\"\n");
}

static void test_too_many_exercises(void **state)
{
	struct fixture *fx = *state;
	char text[4200];
	snprintf(text, sizeof text, "exercises:\n%s", items(21));
	assert_errors(fx, text,
		      "pamphlet: $D/plan.yaml:2:3: error: \"exercises\" has 21 "
		      "items (expected at most 20)\n");
	/* 20 is allowed (then listed twice, which is its own error). */
	snprintf(text, sizeof text, "exercises:\n%s",
		 items(site->nexercises));
	assert_loads(fx, text);
	assert_int_equal(fx->plan->nexercises, site->nexercises);
	for (size_t i = 0; i < site->nexercises; i++)
		assert_ptr_equal(fx->plan->exercises[i].page,
				 site->exercises[i]);
	snprintf(text, sizeof text, "exercises:\n%s", items(20));
	const char *got = load(fx, "plan.yaml", text);
	assert_non_null(strstr(got, "is listed twice"));
	assert_null(strstr(got, "items (expected"));
}

/* ---- values ---- */

static void test_text_length(void **state)
{
	struct fixture *fx = *state;
	char text[4096];
	/* 200 characters (400 bytes) is the most. */
	snprintf(text, sizeof text,
		 "patient: \"%s\"\nexercises:\n  - exercise: rows\n"
		 "    note: %s\n", accents(200), accents(200));
	assert_loads(fx, text);
	assert_int_equal(strlen(fx->plan->patient), 400);
	assert_int_equal(strlen(fx->plan->exercises[0].note), 400);
	/* 201, in a top key and in an item. */
	snprintf(text, sizeof text,
		 "patient: \"%s\"\nexercises:\n  - exercise: rows\n"
		 "    hold: 5 s\n    note: %s\n", accents(201), accents(201));
	assert_errors(fx, text,
		      "pamphlet: $D/plan.yaml:1:10: error: \"patient\" is 201 "
		      "characters long (expected at most 200)\n"
		      "pamphlet: $D/plan.yaml:5:11: error: \"note\" is 201 "
		      "characters long (expected at most 200)\n");
}

static void test_bad_dates(void **state)
{
	/* load() also checks that the name is in no message. */
	assert_errors(*state,
		      "date: \"" PATIENT "\"\n"
		      "next_review: " PATIENT "\n"
		      "exercises:\n  - exercise: rows\n",
		      "pamphlet: $D/plan.yaml:1:7: error: \"date\" is not a "
		      "date (expected YYYY-MM-DD, such as 2026-11-25)\n"
		      "pamphlet: $D/plan.yaml:2:14: error: \"next_review\" is "
		      "not a date (expected YYYY-MM-DD, such as 2026-11-25)\n");
	assert_errors(*state,
		      "date: 2026-02-30\nexercises:\n  - exercise: rows\n",
		      "pamphlet: $D/plan.yaml:1:7: error: \"date\" is not a "
		      "date (expected YYYY-MM-DD, such as 2026-11-25)\n");
}

/* The reader's errors and the checks against the site, merged in the
 * order of the file; nothing stops at the first. */
static void test_every_error_in_file_order(void **state)
{
	assert_errors(*state,
		      "patient: \"" PATIENT "\"\n"
		      "exercises:\n"
		      "  - exercise: rowz\n"
		      "  - exercise: yoga\n"
		      "    reps: [1, 2]\n"
		      "  - frequency: daily\n"
		      "    exercise: yoga\n"
		      "    note: \"Slowly.\"\n"
		      "  - exercise: swimming\n"
		      "    hold: \"5 s\"\n"
		      "date: " PATIENT "\n"
		      "clinican: \"" CLINICIAN "\"\n"
		      "patient: \"" PATIENT "\"\n",
		      "pamphlet: $D/plan.yaml:3:5: error: unknown exercise "
		      "(did you mean \"rows\"? also near: \"yoga\", "
		      "\"cycling\")\n"
		      "pamphlet: $D/plan.yaml:5:11: error: \"reps\" must be "
		      "text, found a list\n"
		      "pamphlet: $D/plan.yaml:6:5: error: exercise \"yoga\" is "
		      "listed twice (first at line 4): keep one\n"
		      "pamphlet: $D/plan.yaml:11:7: error: \"date\" is not a "
		      "date (expected YYYY-MM-DD, such as 2026-11-25)\n"
		      "pamphlet: $D/plan.yaml:12:1: error: unknown key "
		      "(did you mean \"clinician\"? expected one "
		      "of: patient, date, clinician, next_review, note, "
		      "language, exercises)\n"
		      "pamphlet: $D/plan.yaml:13:1: error: key \"patient\" is "
		      "given twice (first at line 1): keep one\n");
}

static void test_yaml_syntax_error(void **state)
{
	assert_errors(*state,
		      "patient: \"" PATIENT "\n"
		      "exercises:\n  - exercise: rows\n",
		      "pamphlet: $D/plan.yaml:4:1: error: invalid YAML: found "
		      "unexpected end of stream while scanning a quoted scalar "
		      "that starts at line 1\n");
	assert_errors(*state,
		      "exercises:\n  - exercise: rows\n note: x\n",
		      "pamphlet: $D/plan.yaml:3:2: error: invalid YAML: did "
		      "not find expected key while parsing a block mapping "
		      "that starts at line 1\n");
}

static void test_not_a_plan_file(void **state)
{
	struct fixture *fx = *state;
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/fifo.yaml", fx->dir);
	assert_int_equal(mkfifo(p, 0600), 0);
	struct capture c;
	cap_open(&c);
	assert_null(plan_load(p, site, &c.d));
	assert_string_equal(cap_take(&c),
			    expand(fx, "pamphlet: $D/fifo.yaml: error: not a "
				   "regular file (a named pipe), expected a "
				   "file\n"));
	/* Over 512 KB is not a plan. */
	char *big = xcalloc(600000, 1);
	memset(big, '#', 599999);
	const char *got = load(fx, "big.yaml", big);
	free(big);
	assert_null(fx->plan);
	assert_string_equal(got, expand(fx, "pamphlet: $D/big.yaml: error: "
					"file is 599999 bytes, more than the "
					"limit of 524288\n"));
}

/* ---- plan_paths ---- */

/* plan_paths of args: its result and messages ("$D" for the folder). */
static void assert_paths(struct fixture *fx, char **args, size_t n,
			 int expected_rc, const char *expected_paths,
			 const char *expected_msgs)
{
	char *expanded[8];
	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++)
		expanded[i] = xstrdup(expand(fx, args[i]));
	struct capture c;
	cap_open(&c);
	char *unset[1];
	char **paths = unset; /* plan_paths sets it, even on failure */
	int rc = plan_paths(expanded, n, &paths, &c.d);
	for (size_t i = 0; i < n; i++)
		free(expanded[i]);
	char got[4096] = "";
	size_t len = 0;
	for (size_t i = 0; rc >= 0 && paths[i] != NULL; i++) {
		len += (size_t)snprintf(got + len, sizeof got - len, "%s\n",
					paths[i]);
		free(paths[i]);
	}
	if (rc >= 0)
		free(paths);
	else
		assert_null(paths);
	char msgs[16384];
	snprintf(msgs, sizeof msgs, "%s", cap_take(&c));
	assert_int_equal(rc, expected_rc);
	assert_string_equal(got, expand(fx, expected_paths));
	assert_string_equal(msgs, expand(fx, expected_msgs));
}

static void test_paths(void **state)
{
	struct fixture *fx = *state;
	make_dir(fx, "plans");
	put(fx, "plans/b.yaml", "");
	put(fx, "plans/a.yaml", "");
	put(fx, "plans/C.yaml", "");
	put(fx, "plans/notes.txt", "");
	put(fx, "plans/old.yml", "");
	put(fx, "plans/.hidden.yaml", "");
	make_dir(fx, "plans/sub.yaml");
	put(fx, "one.yaml", "");
	put(fx, "two.txt", "");
	/* A folder: its .yaml files, sorted bytewise; files as they are,
	 * in the order given. */
	assert_paths(fx, (char *[]){"$D/plans", "$D/two.txt", "$D/one.yaml",
				    "$D/plans/"}, 4, 8,
		     "$D/plans/C.yaml\n$D/plans/a.yaml\n$D/plans/b.yaml\n"
		     "$D/two.txt\n$D/one.yaml\n"
		     "$D/plans/C.yaml\n$D/plans/a.yaml\n$D/plans/b.yaml\n", "");
	assert_paths(fx, (char *[]){"x"}, 0, 0, "", "");
}

static void test_paths_errors(void **state)
{
	struct fixture *fx = *state;
	make_dir(fx, "empty");
	make_dir(fx, "other");
	put(fx, "other/readme.txt", "");
	put(fx, "one.yaml", "");
	/* Every bad argument is reported; then no list at all. */
	assert_paths(fx, (char *[]){"$D/missing.yaml", "$D/one.yaml",
				    "$D/empty", "$D/other", "$D/gone/"}, 5, -1,
		     "",
		     "pamphlet: $D/missing.yaml: error: no such plan file or "
		     "folder\n"
		     "pamphlet: $D/empty: error: no plan files (*.yaml) in "
		     "this folder\n"
		     "pamphlet: $D/other: error: no plan files (*.yaml) in "
		     "this folder\n"
		     "pamphlet: $D/gone/: error: no such plan file or "
		     "folder\n");
}

/* ---- fixtures ---- */

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
	snprintf(fx->dir, sizeof fx->dir, "/tmp/pamphlet-test-plan-XXXXXX");
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	plan_free(fx->plan);
	rm_tree(fx->dir);
	free(fx);
	return 0;
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_good_plan),
		T(test_only_exercises),
		T(test_names),
		T(test_unknown_top_key),
		T(test_unknown_item_key),
		T(test_item_without_exercise),
		T(test_unknown_exercise),
		T(test_exercise_twice),
		T(test_empty_list),
		T(test_missing_exercises),
		T(test_too_many_exercises),
		T(test_text_length),
		T(test_bad_dates),
		T(test_every_error_in_file_order),
		T(test_yaml_syntax_error),
		T(test_not_a_plan_file),
		T(test_paths),
		T(test_paths_errors),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
