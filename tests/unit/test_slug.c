/*
 * test_slug.c: unit tests for slugify() (slug.h): accents stripped with
 * utf8proc, lower case, every run of other characters one hyphen, no
 * hyphen at either end, "" when nothing is left.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "slug.h"

/* slugify the whole of s and compare. */
static void check(const char *s, const char *want)
{
	char *got = slugify(s, strlen(s));
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("slugify(\"%s\") = \"%s\", expected \"%s\"", s, got,
			 want);
	free(got);
}

/* Every byte is [a-z0-9-], no hyphen first, last or doubled. */
static void assert_well_formed(const char *slug)
{
	size_t n = strlen(slug);
	for (size_t i = 0; i < n; i++) {
		char c = slug[i];
		assert_true((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			    c == '-');
		if (c == '-') {
			assert_true(i > 0);
			assert_true(i + 1 < n);
			assert_true(slug[i + 1] != '-');
		}
	}
}

static void test_titles(void **state)
{
	(void)state;
	check("Chest Stretch", "chest-stretch");
	check("Lat Pulldowns", "lat-pulldowns");
	check("chest-stretch", "chest-stretch");
	check("10-15 reps", "10-15-reps");
	check("Frequently Asked Questions", "frequently-asked-questions");
	check("abc123", "abc123");
}

static void test_file_names(void **state)
{
	(void)state;
	check("chest_stretch", "chest-stretch");
	check("Chest-Stretch", "chest-stretch");
	check("CHEST STRETCH", "chest-stretch");
	check("chest.stretch", "chest-stretch");
}

static void test_accents_stripped(void **state)
{
	(void)state;
	check("Chést strétch", "chest-stretch");
	check("chést-stretch", "chest-stretch");
	check("ÉCOLE", "ecole");
	check("Café au lait", "cafe-au-lait");
	check("ñandú", "nandu");
	check("Über Übungen", "uber-ubungen");
	/* Already decomposed: e + COMBINING ACUTE ACCENT. */
	check("Che\xCC\x81st", "chest");
	/* Dotted capital I: i + a combining dot, the dot dropped. */
	check("\xC4\xB0stanbul", "istanbul");
}

static void test_compatibility_forms(void **state)
{
	(void)state;
	check("Stra\xC3\x9F" "e", "strasse"); /* ß case-folds to ss */
	check("\xEF\xAC\x81t", "fit");          /* the ﬁ ligature */
	check("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "abc"); /* full width */
	check("x\xC2\xB2", "x2");               /* superscript two */
	check("\xE2\x91\xA0", "1");             /* circled digit one */
}

static void test_separators_collapse(void **state)
{
	(void)state;
	check("  --Hello,  World!--  ", "hello-world");
	check("a   b", "a-b");
	check("a - _ . b", "a-b");
	check("a\tb\nc", "a-b-c");
	check("(left) [right]", "left-right");
	check("-a-", "a");
	check("a&b", "a-b");
	/* Names that already are slugs take a short way: the same result. */
	check("chest-stretch", "chest-stretch");
	check("ex-05000", "ex-05000");
	check("a--b", "a-b");
	check("a-", "a");
	check("-", "");
	check("7", "7");
}

static void test_non_ascii_letters_separate(void **state)
{
	(void)state;
	/* Letters with no ASCII form are separators, not dropped silently
	 * between two words. */
	check("a\xE6\x97\xA5\xE6\x9C\xAC" "b", "a-b"); /* a日本b */
	check("stretch \xF0\x9F\x92\xAA daily", "stretch-daily");
	check("daily\xE2\x80\x94stretch", "daily-stretch"); /* em dash */
	check("it\xE2\x80\x99s", "it-s");                  /* ’ */
}

static void test_latin_letters_spelled_out(void **state)
{
	(void)state;
	/* Letters with no accent to strip keep their usual plain spelling,
	 * upper or lower case. */
	check("\xC3\x86sir", "aesir");               /* Æsir */
	check("\xC5\x82\xC3\xB3" "d\xC5\xBA", "lodz");    /* łódź */
	check("\xC3\x98re", "ore");                  /* Øre */
	check("\xC5\x92uvre", "oeuvre");             /* Œuvre */
	check("\xC3\xBEing", "thing");               /* þing */
	check("Stra\xC3\x9F" "e", "strasse");        /* Straße */
}

static void test_empty_results(void **state)
{
	(void)state;
	check("", "");
	check("!!!", "");
	check("   ", "");
	check("---", "");
	check("\xE6\x97\xA5\xE6\x9C\xAC", ""); /* 日本 */
	check("\xF0\x9F\x92\xAA", "");         /* an emoji alone */
}

static void test_len_is_respected(void **state)
{
	(void)state;
	const char *name = "Chest-Stretch.md";
	char *s = slugify(name, strlen(name) - 3);
	assert_string_equal(s, "chest-stretch");
	free(s);
	s = slugify("abc", 0);
	assert_string_equal(s, "");
	free(s);
	/* A cut in the middle of a multi-byte letter does not read on. */
	s = slugify("ab\xC3\xA9", 3);
	assert_non_null(s);
	assert_well_formed(s);
	assert_true(strncmp(s, "ab", 2) == 0);
	free(s);
}

static void test_invalid_utf8_still_safe(void **state)
{
	(void)state;
	const char *bad[] = {"a\377b", "\xC3", "x\x80y", "\xED\xA0\x80z",
			     "ok\xF8\x88\x80\x80\x80"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *s = slugify(bad[i], strlen(bad[i]));
		assert_non_null(s);
		assert_well_formed(s);
		free(s);
	}
	char *s = slugify("a\xFF" "b", 3);
	assert_string_equal(s, "a-b");
	free(s);
}

static void test_same_address_for_variants(void **state)
{
	(void)state;
	/* The duplicate-slug check of content.c relies on these meeting. */
	const char *names[] = {"chest-stretch", "Chest-Stretch",
			       "ch\xC3\xA9st-stretch", "Chest Stretch",
			       "chest__stretch", "CH\xC3\x89ST STR\xC3\x89TCH"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		check(names[i], "chest-stretch");
}

static void test_output_always_well_formed(void **state)
{
	(void)state;
	const char *inputs[] = {"Chest Stretch", " a ", "--x--y--", "Ünïcödé",
				"a.b.c", "Æsir", "\305\202\303\263d\305\272",
				"1 2 3", "Q&A: what?"};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		char *s = slugify(inputs[i], strlen(inputs[i]));
		assert_well_formed(s);
		free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_accents_stripped),
		cmocka_unit_test(test_compatibility_forms),
		cmocka_unit_test(test_separators_collapse),
		cmocka_unit_test(test_non_ascii_letters_separate),
		cmocka_unit_test(test_latin_letters_spelled_out),
		cmocka_unit_test(test_empty_results),
		cmocka_unit_test(test_len_is_respected),
		cmocka_unit_test(test_invalid_utf8_still_safe),
		cmocka_unit_test(test_same_address_for_variants),
		cmocka_unit_test(test_output_always_well_formed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
