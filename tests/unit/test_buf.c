/*
 * test_buf.c: unit tests for the growable buffer and its HTML and JSON
 * escaping (buf.h).
 *
 * Every test checks exact bytes and lengths; the escaping tests also pass
 * lengths shorter than the string and embedded NUL bytes, since callers
 * escape slices, not only C strings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* ---- helpers ---- */

/* The buffer holds exactly want[0..want_len) and a NUL after it. */
static void assert_buf_bytes(const struct buf *b, const char *want,
			     size_t want_len)
{
	assert_int_equal(b->len, want_len);
	assert_non_null(b->data);
	assert_memory_equal(b->data, want, want_len);
	assert_int_equal(b->data[b->len], '\0');
	assert_true(b->cap > b->len);
}

static void check_html(const char *in, size_t len, const char *want)
{
	struct buf b = BUF_INIT;
	buf_put_html(&b, in, len);
	assert_string_equal(buf_cstr(&b), want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

static void check_json(const char *in, size_t len, const char *want)
{
	struct buf b = BUF_INIT;
	buf_put_json(&b, in, len);
	assert_string_equal(buf_cstr(&b), want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

/* ---- the buffer ---- */

static void test_init_is_empty(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
	/* Freeing twice and freeing NULL are both fine. */
	buf_free(&b);
	buf_free(NULL);
	assert_null(b.data);
}

static void test_put_puts_putc(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "abc");
	assert_buf_bytes(&b, "abc", 3);
	buf_put(&b, "defXYZ", 3);
	assert_buf_bytes(&b, "abcdef", 6);
	buf_putc(&b, 'g');
	assert_buf_bytes(&b, "abcdefg", 7);
	buf_puts(&b, "");
	assert_buf_bytes(&b, "abcdefg", 7);
	buf_put(&b, NULL, 0);
	assert_buf_bytes(&b, "abcdefg", 7);
	assert_string_equal(buf_cstr(&b), "abcdefg");
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void test_put_nothing_gives_empty_string(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_put(&b, "", 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
}

static void test_put_keeps_nul_bytes(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_put(&b, "a\0b", 3);
	buf_putc(&b, '\0');
	buf_putc(&b, 0xFF);
	assert_buf_bytes(&b, "a\0b\0\xFF", 5);
	assert_int_equal((unsigned char)b.data[4], 0xFF);
	buf_free(&b);
}

static void test_grows_across_many_writes(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	char *want = malloc(100001);
	assert_non_null(want);
	for (size_t i = 0; i < 100000; i++) {
		char c = (char)('a' + i % 26);
		buf_putc(&b, c);
		want[i] = c;
		assert_true(b.cap > b.len);
	}
	want[100000] = '\0';
	assert_buf_bytes(&b, want, 100000);
	/* One put bigger than everything so far. */
	buf_put(&b, want, 100000);
	assert_int_equal(b.len, 200000);
	assert_memory_equal(b.data + 100000, want, 100000);
	assert_int_equal(b.data[200000], '\0');
	free(want);
	buf_free(&b);
}

static void test_grow_reserves_without_changing(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "xy");
	buf_grow(&b, 1000);
	assert_true(b.cap >= 1003);
	assert_buf_bytes(&b, "xy", 2);
	size_t cap = b.cap;
	/* Room already there: no reallocation. */
	char *data = b.data;
	buf_put(&b, "0123456789", 10);
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);
	assert_buf_bytes(&b, "xy0123456789", 12);
	buf_free(&b);
}

static void test_printf_appends(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "n=");
	buf_printf(&b, "%d, s=%s, x=%04x", 42, "str", 255u);
	assert_string_equal(buf_cstr(&b), "n=42, s=str, x=00ff");
	assert_int_equal(b.len, strlen("n=42, s=str, x=00ff"));
	/* An empty result adds nothing and is not an error. */
	buf_printf(&b, "%s", "");
	assert_string_equal(buf_cstr(&b), "n=42, s=str, x=00ff");
	buf_free(&b);
}

static void test_printf_longer_than_capacity(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	char big[1001];
	memset(big, 'q', 1000);
	big[1000] = '\0';
	buf_putc(&b, '<');
	buf_printf(&b, "%s|%s", big, big);
	buf_putc(&b, '>');
	assert_int_equal(b.len, 2003);
	assert_int_equal(b.data[0], '<');
	assert_int_equal(b.data[1001], '|');
	assert_int_equal(b.data[1000], 'q');
	assert_int_equal(b.data[2002], '>');
	assert_int_equal(b.data[2003], '\0');
	assert_int_equal(strlen(b.data), 2003);
	buf_free(&b);
}

static void test_printf_on_empty_buffer(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s", "");
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(b.len, 0);
	buf_printf(&b, "%c", 'z');
	assert_buf_bytes(&b, "z", 1);
	buf_free(&b);
}

static void test_reset_keeps_memory(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "some text that is here");
	size_t cap = b.cap;
	char *data = b.data;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_ptr_equal(b.data, data);
	assert_string_equal(buf_cstr(&b), "");
	buf_puts(&b, "new");
	assert_buf_bytes(&b, "new", 3);
	buf_free(&b);
	/* Reset of a never-used buffer is fine. */
	struct buf e = BUF_INIT;
	buf_reset(&e);
	assert_string_equal(buf_cstr(&e), "");
	buf_free(&e);
}

static void test_truncate(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "abcdef");
	buf_truncate(&b, 3);
	assert_buf_bytes(&b, "abc", 3);
	/* Longer than the contents: nothing happens. */
	buf_truncate(&b, 10);
	assert_buf_bytes(&b, "abc", 3);
	buf_truncate(&b, 3);
	assert_buf_bytes(&b, "abc", 3);
	buf_truncate(&b, 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_puts(&b, "z");
	assert_buf_bytes(&b, "z", 1);
	buf_free(&b);
}

static void test_detach(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "hand me over");
	char *s = buf_detach(&b);
	assert_string_equal(s, "hand me over");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(buf_cstr(&b), "");
	/* The buffer is usable again and independent of s. */
	buf_puts(&b, "again");
	assert_string_equal(buf_cstr(&b), "again");
	assert_string_equal(s, "hand me over");
	free(s);
	buf_free(&b);
}

static void test_detach_empty_is_not_null(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	char *s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	/* A buffer emptied with reset still detaches "". */
	buf_puts(&b, "x");
	buf_reset(&b);
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	buf_free(&b);
}

/* ---- HTML ---- */

static void test_html_escapes_the_five(void **state)
{
	(void)state;
	const char *in = "<a href=\"x\">Tom & Jerry's</a>";
	check_html(in, strlen(in),
		   "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
	check_html("&&", 2, "&amp;&amp;");
	check_html("'", 1, "&#39;");
	check_html("\"", 1, "&quot;");
	/* Already-escaped text is escaped again: it is text, not HTML. */
	check_html("&amp;", 5, "&amp;amp;");
}

static void test_html_leaves_other_bytes(void **state)
{
	(void)state;
	const char *in = "Chést strétch — 30 s; 1/2 + x=y\n\ttab";
	check_html(in, strlen(in), in);
	check_html("", 0, "");
}

static void test_html_respects_len(void **state)
{
	(void)state;
	check_html("a<b>c", 2, "a&lt;");
	check_html("<<<", 0, "");
	struct buf b = BUF_INIT;
	buf_puts(&b, "pre:");
	buf_put_html(&b, "x&y", 3);
	buf_put_xml(&b, "<z>", 3);
	assert_string_equal(buf_cstr(&b), "pre:x&amp;y&lt;z&gt;");
	buf_free(&b);
}

static void test_html_embedded_nul(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_put_html(&b, "a\0<", 3);
	assert_buf_bytes(&b, "a\0&lt;", 6);
	buf_free(&b);
}

/* ---- JSON ---- */

static void test_json_quotes_and_backslash(void **state)
{
	(void)state;
	const char *in = "say \"hi\" \\ bye";
	check_json(in, strlen(in), "say \\\"hi\\\" \\\\ bye");
	check_json("/", 1, "/");
	check_json("'", 1, "'");
}

static void test_json_control_characters(void **state)
{
	(void)state;
	check_json("a\nb\rc\td", 7, "a\\nb\\rc\\td");
	check_json("\x01", 1, "\\u0001");
	check_json("\x1f", 1, "\\u001f");
	check_json("\b\f", 2, "\\u0008\\u000c");
	/* DEL is allowed in JSON strings. */
	check_json("\x7f", 1, "\x7f");
	struct buf b = BUF_INIT;
	buf_put_json(&b, "x\0y", 3);
	assert_string_equal(buf_cstr(&b), "x\\u0000y");
	assert_int_equal(b.len, 8);
	buf_free(&b);
}

static void test_json_safe_in_script(void **state)
{
	(void)state;
	const char *in = "</script><!-- & -->";
	check_json(in, strlen(in),
		   "\\u003c/script\\u003e\\u003c!-- \\u0026 --\\u003e");
}

static void test_json_line_separators(void **state)
{
	(void)state;
	/* U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR. */
	const char *in = "a\xE2\x80\xA8" "b\xE2\x80\xA9" "c";
	check_json(in, strlen(in), "a\\u2028b\\u2029c");
	/* At the very end of the input. */
	check_json("\xE2\x80\xA8", 3, "\\u2028");
	/* Other characters starting E2 80 are kept: ’ is U+2019, — U+2014. */
	const char *q = "it\xE2\x80\x99s \xE2\x80\x94 ok";
	check_json(q, strlen(q), q);
	/* A sequence cut by len is copied, not read past. */
	check_json("\xE2\x80\xA8", 2, "\xE2\x80");
	/* Accented letters pass through. */
	check_json("Chést", strlen("Chést"), "Chést");
}

static void test_json_respects_len(void **state)
{
	(void)state;
	check_json("ab\"cd", 3, "ab\\\"");
	check_json("\"", 0, "");
	struct buf b = BUF_INIT;
	buf_putc(&b, '"');
	buf_put_json(&b, "Q&A", 3);
	buf_putc(&b, '"');
	assert_string_equal(buf_cstr(&b), "\"Q\\u0026A\"");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_empty),
		cmocka_unit_test(test_put_puts_putc),
		cmocka_unit_test(test_put_nothing_gives_empty_string),
		cmocka_unit_test(test_put_keeps_nul_bytes),
		cmocka_unit_test(test_grows_across_many_writes),
		cmocka_unit_test(test_grow_reserves_without_changing),
		cmocka_unit_test(test_printf_appends),
		cmocka_unit_test(test_printf_longer_than_capacity),
		cmocka_unit_test(test_printf_on_empty_buffer),
		cmocka_unit_test(test_reset_keeps_memory),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_detach_empty_is_not_null),
		cmocka_unit_test(test_html_escapes_the_five),
		cmocka_unit_test(test_html_leaves_other_bytes),
		cmocka_unit_test(test_html_respects_len),
		cmocka_unit_test(test_html_embedded_nul),
		cmocka_unit_test(test_json_quotes_and_backslash),
		cmocka_unit_test(test_json_control_characters),
		cmocka_unit_test(test_json_safe_in_script),
		cmocka_unit_test(test_json_line_separators),
		cmocka_unit_test(test_json_respects_len),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
