/*
 * test_paths.c: unit tests for the path helpers (paths.h): resolving
 * links inside the content folder, folder names, relative URLs between
 * output files, decoding their %XX escapes, and case-insensitive
 * suffixes.  Pure string work.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "paths.h"

static void check_resolve(const char *base, const char *rel, const char *want)
{
	char *got = path_resolve(base, rel);
	if (want == NULL) {
		if (got != NULL)
			fail_msg("path_resolve(\"%s\", \"%s\") = \"%s\", "
				 "expected NULL", base, rel, got);
		return;
	}
	if (got == NULL)
		fail_msg("path_resolve(\"%s\", \"%s\") = NULL, expected \"%s\"",
			 base, rel, want);
	if (strcmp(got, want) != 0)
		fail_msg("path_resolve(\"%s\", \"%s\") = \"%s\", expected "
			 "\"%s\"", base, rel, got, want);
	free(got);
}

static void check_dirname(const char *path, const char *want)
{
	char *got = path_dirname(path);
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("path_dirname(\"%s\") = \"%s\", expected \"%s\"",
			 path, got, want);
	free(got);
}

static void check_url(const char *from, const char *to, const char *want)
{
	char *got = path_rel_url(from, to);
	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("path_rel_url(\"%s\", \"%s\") = \"%s\", expected "
			 "\"%s\"", from, to, got, want);
	free(got);
}

/* ---- path_resolve ---- */

static void test_resolve_plain(void **state)
{
	(void)state;
	check_resolve("", "schedule.md", "schedule.md");
	check_resolve("", "exercises/rows.md", "exercises/rows.md");
	check_resolve("exercises", "rows.md", "exercises/rows.md");
	check_resolve("exercises", "img/rows.png", "exercises/img/rows.png");
	check_resolve("a/b", "c", "a/b/c");
	check_resolve("", "", "");
	check_resolve("exercises", "", "exercises");
}

static void test_resolve_dots(void **state)
{
	(void)state;
	check_resolve("exercises", "../schedule.md", "schedule.md");
	check_resolve("exercises", "./rows.md", "exercises/rows.md");
	check_resolve("", "./schedule.md", "schedule.md");
	check_resolve("a/b", "../../c.md", "c.md");
	check_resolve("a/b", "../c/../d.md", "a/d.md");
	check_resolve("a", "b/../../c", "c");
	check_resolve("a", "..", "");
	check_resolve("a/./b", "c", "a/b/c");
	check_resolve("a/../b", "c", "b/c");
	/* Only "." and ".." are special. */
	check_resolve("", "...", "...");
	check_resolve("", "..x/y", "..x/y");
	check_resolve("", ".hidden", ".hidden");
}

static void test_resolve_extra_slashes(void **state)
{
	(void)state;
	check_resolve("a/b", "c//d/./e", "a/b/c/d/e");
	check_resolve("a/", "b", "a/b");
	check_resolve("a", "b/", "a/b");
	check_resolve("", "//x", "x");
}

static void test_resolve_refuses_to_leave(void **state)
{
	(void)state;
	check_resolve("", "..", NULL);
	check_resolve("", "../x.md", NULL);
	check_resolve("exercises", "../../x.png", NULL);
	check_resolve("", "a/../../x", NULL);
	check_resolve("a/b", "../../../etc/passwd", NULL);
	check_resolve("..", "x", NULL);
	check_resolve("a", "../..", NULL);
}

/* ---- path_dirname ---- */

static void test_dirname(void **state)
{
	(void)state;
	check_dirname("a/b/c.md", "a/b");
	check_dirname("exercises/rows.md", "exercises");
	check_dirname("c.md", "");
	check_dirname("", "");
	check_dirname("a/", "a");
	check_dirname("/x", "");
}

/* ---- path_rel_url ---- */

static void test_rel_url_between_pages(void **state)
{
	(void)state;
	check_url("exercises/a/index.html", "schedule/index.html",
		  "../../schedule/index.html");
	check_url("index.html", "causes/index.html", "causes/index.html");
	check_url("causes/index.html", "index.html", "../index.html");
	check_url("exercises/a/index.html", "exercises/b/index.html",
		  "../b/index.html");
	check_url("exercises/index.html", "exercises/rows/index.html",
		  "rows/index.html");
	check_url("faq/index.html", "faq/index.html", "index.html");
	check_url("causes/index.html", "assets/media/exercises/rows.png",
		  "../assets/media/exercises/rows.png");
}

static void test_rel_url_shared_prefix_not_folder(void **state)
{
	(void)state;
	/* "ab" and "abc" share letters, not a folder. */
	check_url("exercises/ab/index.html", "exercises/abc/index.html",
		  "../abc/index.html");
	check_url("ab/x.html", "a/y.html", "../a/y.html");
	check_url("a/x.html", "ab/y.html", "../ab/y.html");
	check_url("index.html", "index2.html", "index2.html");
}

static void test_rel_url_percent_encodes(void **state)
{
	(void)state;
	check_url("index.html", "assets/media/my photo.png",
		  "assets/media/my%20photo.png");
	check_url("index.html", "assets/media/ch\xC3\xA9st.png",
		  "assets/media/ch%C3%A9st.png");
	check_url("index.html", "a#b?c%d&e\"f", "a%23b%3Fc%25d%26e%22f");
	check_url("x/index.html", "x/a-b_c.d~e.html", "a-b_c.d~e.html");
	/* Only the target is encoded: the ../ part is plain. */
	check_url("a b/index.html", "c d/index.html", "../c%20d/index.html");
}

/* ---- path_url_decode ---- */

static void check_decode(const char *url, const char *want)
{
	char *got = path_url_decode(url, strlen(url));
	if (strcmp(got, want) != 0)
		fail_msg("path_url_decode(\"%s\") = \"%s\", expected \"%s\"",
			 url, got, want);
	free(got);
}

static void test_url_decode(void **state)
{
	(void)state;
	check_decode("my%20photo.png", "my photo.png");
	check_decode("caf%C3%A9.png", "caf\xC3\xA9.png");
	check_decode("caf%c3%a9.png", "caf\xC3\xA9.png");
	check_decode("foo%5Cbar", "foo\\bar");
	check_decode("", "");
	/* Whatever is not an escape stays, and %00 is not decoded. */
	check_decode("100%", "100%");
	check_decode("100%2", "100%2");
	check_decode("a%zzb", "a%zzb");
	check_decode("a%00b", "a%00b");
	check_decode("%41%42", "AB");
	/* The inverse of path_rel_url's encoding. */
	char *url = path_rel_url("index.html", "a b/\xE2\x80\x93 #?%.png");
	char *back = path_url_decode(url, strlen(url));
	assert_string_equal(back, "a b/\xE2\x80\x93 #?%.png");
	free(back);
	free(url);
	/* Only the first len bytes. */
	char *part = path_url_decode("a%20b#c%20d", 5);
	assert_string_equal(part, "a b");
	free(part);
}

/* ---- path_has_suffix ---- */

static void test_has_suffix(void **state)
{
	(void)state;
	assert_int_equal(path_has_suffix("rows.md", ".md"), 1);
	assert_int_equal(path_has_suffix("ROWS.MD", ".md"), 1);
	assert_int_equal(path_has_suffix("rows.Md", ".mD"), 1);
	assert_int_equal(path_has_suffix("photo.JPEG", ".jpeg"), 1);
	assert_int_equal(path_has_suffix(".md", ".md"), 1);
	assert_int_equal(path_has_suffix("md", ".md"), 0);
	assert_int_equal(path_has_suffix("rows.mdx", ".md"), 0);
	assert_int_equal(path_has_suffix("rows.md.bak", ".md"), 0);
	assert_int_equal(path_has_suffix("rowsmd", ".md"), 0);
	assert_int_equal(path_has_suffix("", ".md"), 0);
	assert_int_equal(path_has_suffix("rows.md", ""), 1);
	assert_int_equal(path_has_suffix("", ""), 1);
	/* Case folding is ASCII only: no accidental matches on bytes >= 0x80. */
	assert_int_equal(path_has_suffix("x.m\xC3\xA9", ".m\xC3\x89"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve_plain),
		cmocka_unit_test(test_resolve_dots),
		cmocka_unit_test(test_resolve_extra_slashes),
		cmocka_unit_test(test_resolve_refuses_to_leave),
		cmocka_unit_test(test_dirname),
		cmocka_unit_test(test_rel_url_between_pages),
		cmocka_unit_test(test_rel_url_shared_prefix_not_folder),
		cmocka_unit_test(test_rel_url_percent_encodes),
		cmocka_unit_test(test_url_decode),
		cmocka_unit_test(test_has_suffix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
