/*
 * test_diag.c: unit tests for diagnostics (diag.h): the message format,
 * the counts and exit codes, and that every message stays one line that
 * is safe to print: control characters and invalid UTF-8, in the file
 * name, a path or a quoted value, are escaped; everything else, accents
 * and backslashes included, is printed as it is.
 *
 * Messages are captured through diag_buffered(), and for single errors
 * also through an open_memstream stream set as struct diag's out: both
 * must give the same bytes.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "util.h"

/* The bytes of one diag_error(d, file, line, col, "%s", msg), through a
 * stream (as on stderr) and through a buffer (diag_buffered): they must
 * agree.  Caller frees. */
static char *error_text(const char *file, int line, int col, const char *msg)
{
	char *text = NULL;
	size_t len = 0;
	struct diag d = {0};
	d.out = open_memstream(&text, &len);
	assert_non_null(d.out);
	diag_error(&d, file, line, col, "%s", msg);
	assert_int_equal(fclose(d.out), 0);
	assert_int_equal(d.errors, 1);

	struct buf mem = BUF_INIT;
	struct diag b = diag_buffered(&mem);
	diag_error(&b, file, line, col, "%s", msg);
	assert_string_equal(buf_cstr(&mem), text);
	buf_free(&mem);
	return text;
}

static void check_error(const char *file, int line, int col, const char *msg,
			const char *want)
{
	char *got = error_text(file, line, col, msg);
	assert_string_equal(got, want);
	free(got);
}

/* A file name as diag prints it in "pamphlet: NAME:1:1: error: x". */
static void check_name(const char *name, const char *want_name)
{
	char *want = xasprintf("pamphlet: %s:1:1: error: x\n", want_name);
	check_error(name, 1, 1, "x", want);
	free(want);
}

/* ---- the format ---- */

static void test_format(void **state)
{
	(void)state;
	check_error("content/exercises/rows.md", 3, 11,
		    "unknown category \"strenght\"",
		    "pamphlet: content/exercises/rows.md:3:11: error: unknown "
		    "category \"strenght\"\n");
	check_error("site.yaml", 4, 0, "x",
		    "pamphlet: site.yaml:4: error: x\n");
	check_error("site.yaml", 0, 7, "x", "pamphlet: site.yaml: error: x\n");
	check_error(NULL, 3, 3, "no template", "pamphlet: error: no template\n");
}

static void test_levels_and_exit_codes(void **state)
{
	(void)state;
	struct buf mem = BUF_INIT;
	struct diag b = diag_buffered(&mem), *d = &b;
	assert_int_equal(diag_exit_code(d), EXIT_OK);
	diag_warning(d, "a.md", 1, 2, "%d", 1);
	assert_int_equal(diag_exit_code(d), EXIT_OK);
	assert_false(diag_failed(d));
	diag_error(d, "a.md", 2, 0, "two");
	assert_int_equal(diag_exit_code(d), EXIT_CONTENT);
	diag_syserr(d, "out", "cannot write: %s", "No space left on device");
	assert_int_equal(diag_exit_code(d), EXIT_SYSTEM);
	assert_true(diag_failed(d));
	assert_string_equal(buf_cstr(&mem),
			    "pamphlet: a.md:1:2: warning: 1\n"
			    "pamphlet: a.md:2: error: two\n"
			    "pamphlet: out: error: cannot write: No space left "
			    "on device\n");
	buf_free(&mem);
}

/* ---- one line, safe to print ---- */

static void test_file_names_escaped(void **state)
{
	(void)state;
	check_name("content/exercises/a\nb.md", "content/exercises/a\\nb.md");
	check_name("a\tb\rc.md", "a\\tb\\rc.md");
	check_name("\x1b[31mred.md", "\\033[31mred.md");
	/* A lone byte that is no UTF-8. */
	check_name("x\xffy.md", "x\\377y.md");
	/* The other C0 controls and DEL in octal; \a \b \v \f as in C. */
	check_name("\x01\x07\x08\x0b\x0c\x1f\x7f",
		   "\\001\\a\\b\\v\\f\\037\\177");
}

static void test_valid_text_kept(void **state)
{
	(void)state;
	/* Accents and other scripts are printed as they are. */
	check_error("content/exercises/caf\xc3\xa9-\xe6\x97\xa5.md", 1, 1,
		    "title \"Stra\xc3\x9f" "e \xe2\x82\xac\"",
		    "pamphlet: content/exercises/caf\xc3\xa9-\xe6\x97\xa5.md:1:1: "
		    "error: title \"Stra\xc3\x9f" "e \xe2\x82\xac\"\n");
	/* A backslash stays one backslash: ordinary names are unchanged. */
	check_error("a\\b.md", 1, 1, "\"c:\\x\"",
		    "pamphlet: a\\b.md:1:1: error: \"c:\\x\"\n");
	/* A 4-byte character (U+1F600); U+00A0 (no-break space), just
	 * after the C1 controls. */
	check_name("\xf0\x9f\x98\x80.md", "\xf0\x9f\x98\x80.md");
	check_name("\xc2\xa0", "\xc2\xa0");
}

static void test_invalid_utf8_escaped(void **state)
{
	(void)state;
	/* C1 controls are valid UTF-8 but controls: each byte in octal. */
	check_name("a\xc2\x85" "b\xc2\x9b", "a\\302\\205b\\302\\233");
	/* Cut short at the end, overlong, a surrogate, a stray
	 * continuation byte: every byte that starts nothing valid. */
	check_name("a\xe2\x82", "a\\342\\202");
	check_name("\xc0\xaf", "\\300\\257");
	check_name("\xed\xa0\x80", "\\355\\240\\200");
	check_name("\x80z\xc3\xa9", "\\200z\xc3\xa9");
}

/* Values quoted in the message (a YAML key may hold a newline). */
static void test_message_escaped(void **state)
{
	(void)state;
	check_error("content/causes.md", 3, 1, "unknown key \"x\ny\"",
		    "pamphlet: content/causes.md:3:1: error: unknown key "
		    "\"x\\ny\"\n");
	check_error("a.md", 1, 1, "link to \"java\tscript:\x1b\xff\"",
		    "pamphlet: a.md:1:1: error: link to "
		    "\"java\\tscript:\\033\\377\"\n");
}

static void test_syserr_path_escaped(void **state)
{
	(void)state;
	struct buf mem = BUF_INIT;
	struct diag d = diag_buffered(&mem);
	diag_syserr(&d, "out/a\nb", "cannot open %s: %s", "out/a\nb",
		    "Permission denied");
	assert_int_equal(d.syserrs, 1);
	assert_string_equal(buf_cstr(&mem),
			    "pamphlet: out/a\\nb: error: cannot open "
			    "out/a\\nb: Permission denied\n");
	buf_free(&mem);
}

/* Buffered messages pass through diag_merge() as they are: escaped once. */
static void test_merge(void **state)
{
	(void)state;
	struct buf mem = BUF_INIT, all = BUF_INIT;
	struct diag from = diag_buffered(&mem);
	struct diag into = diag_buffered(&all);
	diag_warning(&from, "a\nb.md", 1, 1, "w");
	diag_error(&from, "c.md", 2, 3, "e\\n");
	diag_merge(&into, &from);
	assert_string_equal(buf_cstr(&all),
			    "pamphlet: a\\nb.md:1:1: warning: w\n"
			    "pamphlet: c.md:2:3: error: e\\n\n");
	assert_int_equal(into.errors, 1);
	assert_int_equal(into.warnings, 1);
	buf_free(&mem);
	buf_free(&all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_levels_and_exit_codes),
		cmocka_unit_test(test_file_names_escaped),
		cmocka_unit_test(test_valid_text_kept),
		cmocka_unit_test(test_invalid_utf8_escaped),
		cmocka_unit_test(test_message_escaped),
		cmocka_unit_test(test_syserr_path_escaped),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
