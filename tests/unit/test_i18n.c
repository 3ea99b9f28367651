/*
 * test_i18n.c: unit tests for the word tables (i18n.h): {name}
 * placeholders, dates in words, and the checks across tables, each with
 * its exact message.  Tables are written into a folder made with
 * mkdtemp ("$D" in an expected message stands for it); the shipped
 * templates/i18n/ is read from the repository root, where tests run.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* mkdtemp; helpers.h */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "helpers.h"
#include "i18n.h"
#include "util.h"

static char dir[64];

static void put_table(const char *lang, const char *text)
{
	char path[128];
	snprintf(path, sizeof path, "%s/i18n/%s.yaml", dir, lang);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Load langs from dir; the messages, with dir written as "$D". */
static char *load(const char *const *langs, size_t n, struct i18n ***out)
{
	struct capture c;
	cap_open(&c);
	struct i18n **t = i18n_load(dir, NULL, langs, n, &c.d);
	struct buf b = BUF_INIT;
	const char *s = cap_text(&c);
	size_t dl = strlen(dir);
	for (const char *p = s; *p;) {
		if (strncmp(p, dir, dl) == 0) {
			buf_puts(&b, "$D");
			p += dl;
		} else {
			buf_putc(&b, *p++);
		}
	}
	cap_close(&c);
	if (out != NULL)
		*out = t;
	else
		i18n_free_all(t, n);
	return buf_detach(&b);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/pamphlet-test-i18n-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	char sub[96];
	snprintf(sub, sizeof sub, "%s/i18n", dir);
	return mkdir(sub, 0700);
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

static void test_fill(void **state)
{
	(void)state;
	const char *names[] = {"page", "pages"};
	const char *values[] = {"2", "5"};
	struct buf b = BUF_INIT;
	i18n_fill(&b, "Página {page} de {pages}", names, values, 2);
	assert_string_equal(buf_cstr(&b), "Página 2 de 5");
	buf_reset(&b);
	/* Order is the language's; an unknown name stays as written. */
	i18n_fill(&b, "{pages}: {page} {other} {", names, values, 2);
	assert_string_equal(buf_cstr(&b), "5: 2 {other} {");
	buf_free(&b);
}

static void test_shipped_dates_and_words(void **state)
{
	(void)state;
	const char *langs[] = {"en", "es"};
	struct capture c;
	cap_open(&c);
	struct i18n **t = i18n_load("templates", NULL, langs, 2, &c.d);
	assert_string_equal(cap_text(&c), "");
	cap_close(&c);
	assert_non_null(t);
	struct buf b = BUF_INIT;
	i18n_date(&b, t[0], "2026-12-02");
	assert_string_equal(buf_cstr(&b), "2 December 2026");
	buf_reset(&b);
	i18n_date(&b, t[1], "2026-12-02");
	assert_string_equal(buf_cstr(&b), "2 de diciembre de 2026");
	buf_reset(&b);
	i18n_date(&b, t[1], "soon"); /* (not a date: as it is) */
	assert_string_equal(buf_cstr(&b), "soon");
	buf_free(&b);
	assert_string_equal(i18n_get(t[1], "date.weekdays_short.7"), "Do");
	assert_string_equal(i18n_get(t[0], "language_name"), "English");
	/* Every key the C code asks for, in both. */
	for (const char *const *k = i18n_required; *k; k++) {
		assert_true(i18n_get(t[0], *k)[0] != '\0');
		assert_true(i18n_get(t[1], *k)[0] != '\0');
	}
	i18n_free_all(t, 2);
}

static void test_tables_checked_against_the_default(void **state)
{
	(void)state;
	/* The shipped English table, and a Spanish one that lacks a key
	 * and has one of its own. */
	struct buf en = BUF_INIT;
	struct capture c;
	cap_open(&c);
	assert_int_equal(fs_read_file("templates/i18n/en.yaml", &en, 0, &c.d),
			 0);
	cap_close(&c);
	put_table("en", buf_cstr(&en));
	buf_free(&en);
	put_table("xx", "language_name: \"X\"\n"
			"dose:\n"
			"  how_ofen: \"Y\"\n");
	const char *langs[] = {"en", "xx"};
	struct i18n **t;
	char *msg = load(langs, 2, &t);
	assert_null(t);
	assert_non_null(strstr(msg, "pamphlet: $D/i18n/xx.yaml: error: "
				    "\"dose.how_often\" is missing (expected a "
				    "translation of $D/i18n/en.yaml:28)\n"));
	assert_non_null(strstr(msg, "pamphlet: $D/i18n/xx.yaml:3:3: error: "
				    "\"dose.how_ofen\" is not in "
				    "$D/i18n/en.yaml (a misspelled key? "
				    "expected the keys of the default "
				    "language's table)\n"));
	free(msg);
}

static void test_table_errors(void **state)
{
	(void)state;
	const char *en[] = {"en"};
	/* No table at all. */
	char *msg = load(en, 1, NULL);
	assert_string_equal(msg, "pamphlet: $D/i18n/en.yaml: error: missing: "
				 "the words pamphlet writes in language \"en\" "
				 "(expected a copy of en.yaml translated, with "
				 "the same keys)\n");
	free(msg);
	/* A key given twice, a brace that opens nothing, a list in a list,
	 * and every required key missing but the one given. */
	put_table("en", "language_name: \"A\"\nlanguage_name: \"B\"\n");
	msg = load(en, 1, NULL);
	assert_non_null(strstr(msg, "pamphlet: $D/i18n/en.yaml:2:1: error: "
				    "\"language_name\" is given twice "
				    "(first at line 1; expected each key "
				    "once)\n"));
	assert_non_null(strstr(msg, "pamphlet: $D/i18n/en.yaml: error: "
				    "\"date.format\" is missing (pamphlet "
				    "writes it; expected it as in the shipped "
				    "en.yaml)\n"));
	free(msg);
	put_table("en", "sheet:\n  page: \"Page {page of {pages}\"\n");
	msg = load(en, 1, NULL);
	assert_non_null(strstr(msg, "pamphlet: $D/i18n/en.yaml:2:3: error: "
				    "\"sheet.page\": a \"{\" that does not open "
				    "a {name} (expected {name} with lowercase "
				    "letters)\n"));
	free(msg);
	put_table("en", "date:\n  months: [[a]]\n");
	msg = load(en, 1, NULL);
	assert_non_null(strstr(msg, "pamphlet: $D/i18n/en.yaml:2:12: error: "
				    "a list in a list (expected texts)\n"));
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_shipped_dates_and_words),
		cmocka_unit_test_setup_teardown(
			test_tables_checked_against_the_default, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_table_errors, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
