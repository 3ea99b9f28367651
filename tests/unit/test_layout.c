/*
 * test_layout.c: unit tests for the sheet's layout engine (layout.h) and
 * the PDF backend's error paths (pdf.h).
 *
 * The line breaker is tested with a fake measure where every character
 * is exactly 10 points wide (bold: 12), so line widths are exact.  Page
 * breaking is tested on the stress content (tests/pdf/stress) with a
 * fake measure: cards never split, the table's header repeats.  The
 * backend tests give pdf_render() bad fonts and images and check the
 * message and the exit code, never a crash.  Tests run from the
 * repository root.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* mkstemp; helpers.h */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "buf.h"
#include "content.h"
#include "diag.h"
#include "fsutil.h"
#include "helpers.h"
#include "i18n.h"
#include "layout.h"
#include "layout_flow.h"
#include "markdown.h"
#include "pdf.h"
#include "text.h"
#include "util.h"

#define STRESS "tests/pdf/stress"
#define SHIPPED "content"

/* ---- a fake measure: 10 points a character (12 in bold) at size 10 ---- */

static size_t codepoints(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static double fake_width(void *ctx, int font, double size, const char *s,
			 size_t len)
{
	(void)ctx;
	return (double)codepoints(s, len) * size * (font == LAY_BOLD ? 1.2 : 1);
}

static const struct lay_metrics fake = {NULL, fake_width, NULL, NULL};

/* The sheet's measure: a little under Noto Sans's average advance, so
 * every stress card fits on a page here too (tests/pdf/run.sh checks
 * the same with the real font). */
static double sheet_width(void *ctx, int font, double size, const char *s,
			  size_t len)
{
	(void)ctx;
	return (double)codepoints(s, len) * size *
	       (font == LAY_BOLD ? 0.54 : 0.5);
}

static const struct lay_metrics sheet_fake = {NULL, sheet_width, NULL, NULL};

/* ---- helpers ---- */

struct broken {
	struct lay_lines L;
	struct lay_span sp[8];
	size_t n;
};

static void add(struct broken *b, const char *s, int font)
{
	b->sp[b->n] = (struct lay_span){s, strlen(s), 10, (unsigned char)font,
					0, 0, 0, 0};
	b->n++;
}

static void add_hard(struct broken *b)
{
	b->sp[b->n] = (struct lay_span){"", 0, 10, 0, 0, 0, 0, 1};
	b->n++;
}

static void brk(struct broken *b, double width)
{
	lay_break(&fake, b->sp, b->n, width, &b->L);
}

/* Line i's text, spaces as " " (caller frees). */
static char *line_text(const struct broken *b, size_t i)
{
	struct buf t = BUF_INIT;
	const struct lay_line *ln = &b->L.line[i];
	for (size_t k = ln->first; k < ln->first + ln->n; k++) {
		size_t n;
		const char *s = lay_frag_text(b->sp, &b->L.frag[k], &n);
		buf_put(&t, s, n);
	}
	return buf_detach(&t);
}

static void expect_lines(const struct broken *b, const char *const *want,
			 const double *widths, size_t n)
{
	assert_int_equal(b->L.nline, n);
	for (size_t i = 0; i < n; i++) {
		char *got = line_text(b, i);
		assert_string_equal(got, want[i]);
		free(got);
		if (widths != NULL)
			assert_true(b->L.line[i].w == widths[i]);
	}
}

static void done(struct broken *b)
{
	lay_lines_free(&b->L);
}

/* ---- the line breaker ---- */

static void test_exact_fit(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "aaa bbb ccc", LAY_REGULAR);
	brk(&b, 70); /* "aaa bbb" is exactly 70 */
	const char *want[] = {"aaa bbb", "ccc"};
	const double w[] = {70, 30};
	expect_lines(&b, want, w, 2);
	/* Positions add up: the third fragment starts after the space. */
	assert_true(b.L.frag[2].x == 40);
	done(&b);
}

static void test_one_point_short(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "aaa bbb ccc", LAY_REGULAR);
	brk(&b, 69.999);
	const char *want[] = {"aaa", "bbb", "ccc"};
	const double w[] = {30, 30, 30};
	expect_lines(&b, want, w, 3);
	done(&b);
}

static void test_long_word_is_cut(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "abcdefghij", LAY_REGULAR);
	brk(&b, 35);
	const char *want[] = {"abc", "def", "ghi", "j"};
	const double w[] = {30, 30, 30, 10};
	expect_lines(&b, want, w, 4);
	done(&b);
}

static void test_long_word_after_text(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "ab abcdefgh xy", LAY_REGULAR);
	brk(&b, 50);
	/* The long word starts a line of its own and is cut there. */
	const char *want[] = {"ab", "abcde", "fgh", "xy"};
	const double w[] = {20, 50, 30, 20};
	expect_lines(&b, want, w, 4);
	done(&b);
}

static void test_tail_of_cut_word_takes_next_word(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "abcdefg hi", LAY_REGULAR);
	brk(&b, 60);
	const char *want[] = {"abcdef", "g hi"};
	const double w[] = {60, 40};
	expect_lines(&b, want, w, 2);
	done(&b);
}

static void test_utf8_words(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "\xC3\xA9\xC3\xA9\xC3\xA9 \xC3\xB1\xC3\xB1\xC3\xB1 a", 0);
	brk(&b, 50);
	/* Widths count characters, not bytes. */
	const char *want[] = {"\xC3\xA9\xC3\xA9\xC3\xA9",
			      "\xC3\xB1\xC3\xB1\xC3\xB1 a"};
	const double w[] = {30, 50};
	expect_lines(&b, want, w, 2);
	done(&b);
}

static void test_utf8_cut_between_characters(void **state)
{
	(void)state;
	struct broken b = {0};
	/* Five two-byte letters, then a three-byte euro sign. */
	add(&b, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x82\xAC", 0);
	brk(&b, 20);
	const char *want[] = {"\xC3\xA9\xC3\xA9", "\xC3\xA9\xC3\xA9",
			      "\xC3\xA9\xE2\x82\xAC"};
	const double w[] = {20, 20, 20};
	expect_lines(&b, want, w, 3);
	done(&b);
}

static void test_grapheme_stays_whole(void **state)
{
	(void)state;
	struct broken b = {0};
	/* e + combining acute, three times: each cluster is 20 wide here
	 * (two code points) and is never cut from its accent. */
	add(&b, "e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 0);
	brk(&b, 30);
	const char *want[] = {"e\xCC\x81", "e\xCC\x81", "e\xCC\x81"};
	const double w[] = {20, 20, 20};
	expect_lines(&b, want, w, 3);
	done(&b);
}

static void test_spaces_collapse(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "  a \t  b\n ", 0);
	brk(&b, 1000);
	const char *want[] = {"a b"};
	const double w[] = {30};
	expect_lines(&b, want, w, 1);
	done(&b);
}

static void test_styles_glue_into_words(void **state)
{
	(void)state;
	struct broken b = {0};
	/* "Hold **still**, then rest": "still," is one word of two styles
	 * (60 bold + 10), never cut between "still" and ",". */
	add(&b, "Hold ", LAY_REGULAR);
	add(&b, "still", LAY_BOLD);
	add(&b, ", then rest", LAY_REGULAR);
	brk(&b, 105);
	const char *want[] = {"Hold", "still,", "then rest"};
	const double w[] = {40, 70, 90};
	expect_lines(&b, want, w, 3);
	done(&b);
}

static void test_styles_exact_width(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "ab ", LAY_REGULAR);
	add(&b, "cd", LAY_BOLD);
	add(&b, "e f", LAY_REGULAR);
	brk(&b, 1000);
	assert_int_equal(b.L.nline, 1);
	/* 20 + 10 + 24 + 10 + 10 + 10 */
	assert_true(b.L.line[0].w == 84);
	char *t = line_text(&b, 0);
	assert_string_equal(t, "ab cde f");
	free(t);
	done(&b);
}

static void test_hard_break(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "one", 0);
	add_hard(&b);
	add(&b, "two", 0);
	add_hard(&b);
	add_hard(&b);
	add(&b, "three", 0);
	brk(&b, 1000);
	const char *want[] = {"one", "two", "", "three"};
	expect_lines(&b, want, NULL, 4);
	done(&b);
}

static void test_zero_width_never_loops(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "ab c", 0);
	brk(&b, 0);
	/* One character a line: nothing lost, no endless loop. */
	const char *want[] = {"a", "b", "c"};
	expect_lines(&b, want, NULL, 3);
	done(&b);
}

static void test_address_breaks_after_slash(void **state)
{
	(void)state;
	struct broken b = {0};
	b.sp[0] = (struct lay_span){"https://example.org/long/path",
				    29, 10, 0, 0, 0, 1, 0};
	b.n = 1;
	brk(&b, 150);
	/* Cut after "/" (never inside "//") or ".", not between letters. */
	const char *want[] = {"https://", "example.org/", "long/path"};
	const double w[] = {80, 120, 90};
	expect_lines(&b, want, w, 3);
	done(&b);
}

static void test_never_drops_text(void **state)
{
	(void)state;
	const char *text = "Lean forward until you feel a stretch in your "
			   "chest. Mantenga la posici\xC3\xB3n 30 segundos; "
			   "supercalifragilisticexpialidocious \xE2\x80\x94 "
			   "\xC2\xBF" "C\xC3\xB3mo? a b c";
	/* The words, without spaces. */
	struct buf want = BUF_INIT;
	for (const char *s = text; *s; s++)
		if (*s != ' ')
			buf_putc(&want, *s);
	for (double w = 0; w <= 600; w += 7) {
		struct broken b = {0};
		add(&b, text, 0);
		brk(&b, w);
		struct buf got = BUF_INIT;
		for (size_t i = 0; i < b.L.nline; i++) {
			assert_true(b.L.line[i].w <= w + 1e-9 ||
				    b.L.line[i].n == 1);
			for (size_t k = b.L.line[i].first;
			     k < b.L.line[i].first + b.L.line[i].n; k++)
				if (!b.L.frag[k].space)
					buf_put(&got,
						text + b.L.frag[k].off,
						b.L.frag[k].len);
		}
		assert_string_equal(buf_cstr(&got), buf_cstr(&want));
		/* Every piece is valid UTF-8 on its own. */
		for (size_t k = 0; k < b.L.nfrag; k++) {
			utf8proc_int32_t cp;
			const char *s = text + b.L.frag[k].off;
			for (size_t i = 0; i < b.L.frag[k].len;) {
				utf8proc_ssize_t n = utf8proc_iterate(
					(const utf8proc_uint8_t *)s + i,
					(utf8proc_ssize_t)(b.L.frag[k].len - i),
					&cp);
				assert_true(n > 0);
				i += (size_t)n;
			}
		}
		buf_free(&got);
		done(&b);
	}
	buf_free(&want);
}

static void test_widest_word(void **state)
{
	(void)state;
	struct lay_span sp[2] = {
		{"one three", 9, 10, 0, 0, 0, 0, 0},
		{"fo ur", 5, 10, LAY_BOLD, 0, 0, 0, 0},
	};
	/* "threefo" is one word across the spans: 50 + 24 */
	assert_true(lay_widest_word(&fake, sp, 2) == 74);
}

static void test_clean_text(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	/* An emoji (above U+FFFF), a bad byte, a tab, a control, a soft
	 * hyphen (kept for the line breaker); accents and the euro sign
	 * stay as they are. */
	const char *in = "ok \xF0\x9F\x92\xAA!\xFF\tx\x01y\xC2\xAD" "z "
			 "\xC3\xB1\xE2\x82\xAC";
	size_t bad = lay_clean_text(&b, in, strlen(in));
	assert_int_equal(bad, 2);
	assert_string_equal(buf_cstr(&b), "ok \xEF\xBF\xBD!\xEF\xBF\xBD xy"
					  "\xC2\xAD" "z \xC3\xB1\xE2\x82\xAC");
	buf_free(&b);
}

static void test_clean_text_invisible(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	/* A right-to-left mark, a zero-width joiner, an emoji variation
	 * selector (after a telephone), a byte order mark and a tag
	 * character: invisible, dropped (a font may lack them and print a
	 * box).  The zero-width space and the soft hyphen stay for the
	 * line breaker. */
	const char *in = "RLM\xE2\x80\x8F in, a\xE2\x80\x8D" "b \xE2\x98\x8E"
			 "\xEF\xB8\x8F \xEF\xBB\xBFx\xF3\xA0\x80\x81 "
			 "zero\xE2\x80\x8Bwidth soft\xC2\xAD" "hyphen";
	assert_int_equal(lay_clean_text(&b, in, strlen(in)), 0);
	assert_string_equal(buf_cstr(&b), "RLM in, ab \xE2\x98\x8E x "
					  "zero\xE2\x80\x8Bwidth soft\xC2\xAD"
					  "hyphen");
	/* Text never broken into lines (the PDF's title) loses them too. */
	buf_reset(&b);
	lay_clean_plain(&b, in, strlen(in));
	assert_string_equal(buf_cstr(&b), "RLM in, ab \xE2\x98\x8E x "
					  "zerowidth softhyphen");
	buf_free(&b);
}

#define SHY "\xC2\xAD"
#define ZWSP "\xE2\x80\x8B"

static void test_soft_hyphen_invisible_on_one_line(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "anti" SHY "inflam" SHY "matory drug", LAY_REGULAR);
	brk(&b, 250);
	/* Nothing printed for them, no room taken: 21 characters. */
	const char *want[] = {"antiinflammatory drug"};
	const double w[] = {210};
	expect_lines(&b, want, w, 1);
	done(&b);
}

static void test_soft_hyphen_breaks_with_hyphen(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "aaa bbb" SHY "ccc ddd", LAY_REGULAR);
	brk(&b, 85);
	/* "aaa bbbccc" is 100: the line breaks at the soft hyphen, which
	 * prints as "-" and counts in the line's width. */
	const char *want[] = {"aaa bbb-", "ccc ddd"};
	const double w[] = {80, 70};
	expect_lines(&b, want, w, 2);
	done(&b);
}

static void test_soft_hyphen_needs_room_for_hyphen(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "aaa bbb" SHY "ccc", LAY_REGULAR);
	/* "aaa bbb" fits exactly, "aaa bbb-" does not: the word moves. */
	brk(&b, 70);
	const char *want[] = {"aaa", "bbbccc"};
	expect_lines(&b, want, NULL, 2);
	done(&b);
}

static void test_soft_hyphen_before_space_never_prints(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "foo" SHY " bar " SHY "baz", LAY_REGULAR);
	brk(&b, 50);
	/* The lines break at the spaces: no hyphen anywhere. */
	const char *want[] = {"foo", "bar", "baz"};
	const double w[] = {30, 30, 30};
	expect_lines(&b, want, w, 3);
	done(&b);
}

static void test_soft_hyphen_across_styles(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "aa bb" SHY, LAY_REGULAR);
	add(&b, "CC", LAY_BOLD);
	brk(&b, 62);
	/* The hyphen takes the style of the text before it. */
	const char *want[] = {"aa bb-", "CC"};
	const double w[] = {60, 24};
	expect_lines(&b, want, w, 2);
	done(&b);
}

static void test_zero_width_space_breaks_invisibly(void **state)
{
	(void)state;
	struct broken b = {0};
	add(&b, "aaa" ZWSP "bbb" ZWSP "ccc", LAY_REGULAR);
	brk(&b, 65);
	const char *want[] = {"aaabbb", "ccc"};
	const double w[] = {60, 30};
	expect_lines(&b, want, w, 2);
	done(&b);
	/* On one line it prints nothing, and takes no room. */
	struct broken one = {0};
	add(&one, "aaa" ZWSP "bbb", LAY_REGULAR);
	brk(&one, 100);
	const char *all[] = {"aaabbb"};
	const double w1[] = {60};
	expect_lines(&one, all, w1, 1);
	done(&one);
}

static void test_widest_word_with_hints(void **state)
{
	(void)state;
	struct lay_span sp[1] = {
		{"inter" SHY "national gro" ZWSP "up", 0, 10, 0, 0, 0, 0, 0},
	};
	sp[0].len = strlen(sp[0].s);
	/* "inter-" (60) and "national" (80) are the pieces. */
	assert_true(lay_widest_word(&fake, sp, 1) == 80);
	sp[0].s = "interna" SHY "tional";
	sp[0].len = strlen(sp[0].s);
	assert_true(lay_widest_word(&fake, sp, 1) == 80); /* "interna-" */
}

/* A font without arrows, math or check marks (like Noto Sans), with a
 * replacement character (U+FFFD). */
static int no_symbols(void *ctx, int font, long cp)
{
	(void)ctx;
	(void)font;
	return cp < 0x2190 || cp == 0xFFFD;
}

static void test_missing_glyphs_fall_back(void **state)
{
	(void)state;
	const struct lay_metrics m = {NULL, fake_width, NULL, no_symbols};
	struct spans S;
	spans_init(&S, &m);
	struct lay_span st = span_style(LAY_REGULAR, 10);
	const char *in = "hold \xE2\x89\xA5 30 s \xE2\x86\x92 rest "
			 "\xE2\x9C\x93 done \xC3\xA9";
	spans_add(&S, in, strlen(in), &st);
	spans_done(&S);
	/* Look-alikes where there are some; the tick stays (a box). */
	assert_string_equal(buf_cstr(&S.text),
			    "hold >= 30 s -> rest \xE2\x9C\x93 done \xC3\xA9");
	assert_int_equal(S.v[0].len, S.text.len);
	/* Each noted once, in order; the emoji (replaced) first. */
	spans_add(&S, " \xE2\x86\x92 \xF0\x9F\x92\xAA", 9, &st);
	assert_int_equal(S.nodd, 4);
	assert_int_equal(S.odd[0].cp, 0x2265);
	assert_int_equal(S.odd[0].kind, ODD_LOOKALIKE);
	assert_int_equal(S.odd[1].cp, 0x2192);
	assert_int_equal(S.odd[2].cp, 0x2713);
	assert_int_equal(S.odd[2].kind, ODD_BOX);
	assert_int_equal(S.odd[3].cp, 0x1F4AA);
	assert_int_equal(S.odd[3].kind, ODD_REPLACED);
	/* The warnings name them, each once per file, at its place in the
	 * file (line 3 on: the first arrow on line 2 is not the text's), in
	 * the file's order. */
	const char *file = "title: x \xE2\x86\x92\n"
			   "\n"
			   "hold \xE2\x89\xA5 30 s \xE2\x86\x92 rest "
			   "\xE2\x9C\x93 done \xC3\xA9 \xE2\x86\x92 "
			   "\xF0\x9F\x92\xAA\n";
	struct text_places *tp = text_places_new(file, strlen(file));
	char *text = NULL;
	size_t len = 0;
	struct diag d = {0};
	d.out = open_memstream(&text, &len);
	struct md_layout c = {0};
	c.d = &d;
	md_layout_warn_bad(&c, "x.md", tp, 3, &S);
	md_layout_warn_bad(&c, "x.md", tp, 3, &S); /* nothing new */
	md_layout_warn_bad(&c, "y.md", NULL, 7, &S); /* another file */
	md_layout_warn_done(&c);
	fclose(d.out);
	assert_string_equal(
		text,
		"pamphlet: x.md:3:6: warning: U+2265 \"\xE2\x89\xA5\" is not in "
		"the sheet's font; printed as \">=\"\n"
		"pamphlet: x.md:3:13: warning: U+2192 \"\xE2\x86\x92\" is not in "
		"the sheet's font; printed as \"->\"\n"
		"pamphlet: x.md:3:20: warning: U+2713 \"\xE2\x9C\x93\" is not in "
		"the sheet's font and prints as an empty box\n"
		"pamphlet: x.md:3:31: warning: U+1F4AA \"\xF0\x9F\x92\xAA\" "
		"cannot be printed on the exercise sheet (characters above "
		"U+FFFF, such as emoji, are not supported); printed as "
		"\"\xEF\xBF\xBD\"\n"
		"pamphlet: y.md:7: warning: U+2265 \"\xE2\x89\xA5\" is not in "
		"the sheet's font; printed as \">=\"\n"
		"pamphlet: y.md:7: warning: U+2192 \"\xE2\x86\x92\" is not in "
		"the sheet's font; printed as \"->\"\n"
		"pamphlet: y.md:7: warning: U+2713 \"\xE2\x9C\x93\" is not in "
		"the sheet's font and prints as an empty box\n"
		"pamphlet: y.md:7: warning: U+1F4AA \"\xF0\x9F\x92\xAA\" "
		"cannot be printed on the exercise sheet (characters above "
		"U+FFFF, such as emoji, are not supported); printed as "
		"\"\xEF\xBF\xBD\"\n");
	assert_int_equal(d.warnings, 8);
	free(text);
	text_places_free(tp);
	spans_free(&S);
}

static void test_warnings_capped_per_file(void **state)
{
	(void)state;
	const struct lay_metrics m = {NULL, fake_width, NULL, no_symbols};
	struct spans S;
	spans_init(&S, &m);
	struct lay_span st = span_style(LAY_REGULAR, 10);
	/* Twelve arrows and symbols the font lacks. */
	for (int cp = 0x2300; cp < 0x230C; cp++) {
		char u[4] = {(char)(0xE0 | (cp >> 12)),
			     (char)(0x80 | ((cp >> 6) & 0x3F)),
			     (char)(0x80 | (cp & 0x3F)), 0};
		spans_add(&S, u, 3, &st);
	}
	char *text = NULL;
	size_t len = 0;
	struct diag d = {0};
	d.out = open_memstream(&text, &len);
	struct md_layout c = {0};
	c.d = &d;
	md_layout_warn_bad(&c, "x.md", NULL, 0, &S);
	md_layout_warn_done(&c);
	fclose(d.out);
	assert_int_equal(d.warnings, MD_WARN_MAX + 1);
	assert_non_null(strstr(text, "pamphlet: x.md: warning: 2 more "
				     "characters cannot be printed on the "
				     "exercise sheet as written (only the first "
				     "10 are named)\n"));
	free(text);
	spans_free(&S);
}

/* ---- page breaking, on a hand-made flow ---- */

/* A flow on a page whose body is 700 points tall. */
static struct flow *small_flow(void)
{
	struct flow *f = flow_new(600, 800);
	f->left = 50;
	f->right = 550;
	f->top = 50;
	f->body_h = 700;
	return f;
}

/* An item of height h with one text box saying s. */
static size_t item(struct flow *f, double gap, double h, const char *s)
{
	size_t i = flow_item(f, gap, h);
	flow_text(f, 60, h * 0.7, LAY_REGULAR, 10, 0, s, strlen(s));
	return i;
}

/* The page (0-based) the text s is on, and where; -1 if none. */
static long page_of(const struct lay_doc *doc, const char *s, size_t nth,
		    double *y)
{
	for (size_t p = 0; p < doc->npages; p++)
		for (size_t i = 0; i < doc->page[p].n; i++) {
			const struct lay_box *b = &doc->page[p].box[i];
			if (b->kind == LAY_TEXT && strcmp(b->text, s) == 0 &&
			    nth-- == 0) {
				if (y != NULL)
					*y = b->y;
				return (long)p;
			}
		}
	return -1;
}

static void test_flow_keeps_range_together(void **state)
{
	(void)state;
	struct flow *f = small_flow();
	item(f, 0, 300, "before");
	size_t r = flow_begin(f, 1, FRAME_CARD, 10, 50, 550);
	for (int k = 0; k < 4; k++)
		item(f, 0, 100, k == 0 ? "card-first" : "card");
	flow_end(f, r);
	struct lay_doc *doc = flow_paginate(f);
	flow_free(f);
	/* 300 + 400 + padding does not fit: the whole card moves. */
	assert_int_equal(doc->npages, 2);
	assert_int_equal(page_of(doc, "card-first", 0, NULL), 1);
	assert_int_equal(page_of(doc, "card", 2, NULL), 1);
	lay_doc_free(doc);
}

static void test_flow_heading_keeps_with_next(void **state)
{
	(void)state;
	struct flow *f = small_flow();
	item(f, 0, 640, "before");
	size_t h = item(f, 0, 30, "heading");
	flow_keep_next(f, h);
	item(f, 0, 40, "after");
	struct lay_doc *doc = flow_paginate(f);
	flow_free(f);
	/* The heading fits (670) but would sit alone at the foot. */
	assert_int_equal(page_of(doc, "heading", 0, NULL), 1);
	assert_int_equal(page_of(doc, "after", 0, NULL), 1);
	lay_doc_free(doc);
}

static void test_flow_gap_dropped_at_page_top(void **state)
{
	(void)state;
	struct flow *f = small_flow();
	item(f, 0, 690, "first");
	item(f, 50, 100, "second");
	struct lay_doc *doc = flow_paginate(f);
	flow_free(f);
	double y;
	assert_int_equal(page_of(doc, "second", 0, &y), 1);
	/* Its top is the body's top: 800 - 50, baseline 70 below. */
	assert_true(y == 800 - 50 - 70);
	lay_doc_free(doc);
}

static void test_flow_repeats_header(void **state)
{
	(void)state;
	struct flow *f = small_flow();
	item(f, 0, 200, "intro");
	size_t t = flow_begin(f, 1, FRAME_TABLE, 0, 50, 550);
	size_t head = item(f, 0, 30, "header");
	flow_keep_next(f, head);
	for (int k = 0; k < 40; k++) {
		size_t row = flow_begin(f, 1, FRAME_NONE, 0, 50, 550);
		item(f, 0, 30, "row");
		flow_end(f, row);
	}
	flow_repeat(f, t, head, head + 1);
	flow_end(f, t);
	struct lay_doc *doc = flow_paginate(f);
	flow_free(f);
	/* 1230 points of table: too tall to keep, so it starts after the
	 * intro and continues; every page has the header above its rows. */
	assert_true(doc->npages >= 2);
	assert_int_equal(page_of(doc, "header", 0, NULL), 0);
	size_t rows = 0;
	for (size_t p = 0; p < doc->npages; p++) {
		double hy = -1;
		for (size_t i = 0; i < doc->page[p].n; i++) {
			const struct lay_box *b = &doc->page[p].box[i];
			if (b->kind != LAY_TEXT)
				continue;
			if (strcmp(b->text, "header") == 0)
				hy = b->y;
			if (strcmp(b->text, "row") == 0) {
				assert_true(hy > b->y);
				rows++;
			}
		}
		assert_true(hy > 0);
	}
	assert_int_equal(rows, 40);
	lay_doc_free(doc);
}

static void test_flow_too_tall_card_continues(void **state)
{
	(void)state;
	struct flow *f = small_flow();
	item(f, 0, 500, "before");
	size_t r = flow_begin(f, 1, FRAME_CARD, 10, 50, 550);
	for (int k = 0; k < 10; k++)
		item(f, 0, 100, "line");
	size_t side = flow_side_item(f, 30);
	flow_text(f, 60, 20, LAY_BOLD, 10, 0, "continued", 9);
	flow_repeat(f, r, side, side + 1);
	flow_end(f, r);
	struct lay_doc *doc = flow_paginate(f);
	flow_free(f);
	/* 1000 points: cut once, starting on a fresh page rather than in
	 * the 200 points left after "before"; the rest says continued. */
	assert_int_equal(doc->npages, 3);
	assert_int_equal(page_of(doc, "line", 0, NULL), 1);
	assert_int_equal(page_of(doc, "continued", 0, NULL), 2);
	assert_int_equal(page_of(doc, "line", 9, NULL), 2);
	/* Nothing lost, nothing doubled. */
	assert_int_equal(page_of(doc, "line", 10, NULL), -1);
	lay_doc_free(doc);
}

static char *flow_text_of(const struct lay_doc *doc)
{
	struct buf t = BUF_INIT;
	for (size_t p = 0; p < doc->npages; p++)
		for (size_t i = 0; i < doc->page[p].n; i++)
			if (doc->page[p].box[i].kind == LAY_TEXT) {
				buf_puts(&t, doc->page[p].box[i].text);
				buf_putc(&t, '|');
			}
	return buf_detach(&t);
}

static void test_links_on_paper(void **state)
{
	(void)state;
	const char *md =
		"A [page](../schedule/index.html), [site](https://x.org/a), "
		"[mail](mailto:a@b.org), [call](tel:+34912), "
		"[bad](javascript:alert(1)), [data](data:text/html,hi), "
		"<https://auto.org/p> and [#](#top).\n";
	struct md_doc *doc = md_parse(md, strlen(md), 0, 0);
	struct flow *f = small_flow();
	struct md_layout c = {f, &fake, NULL, "x.md", NULL, 10, 0, NULL, 0, 0, NULL, 0};
	md_layout_blocks(&c, md_root(doc), 50, 5000, 0);
	struct lay_doc *ld = flow_paginate(f);
	flow_free(f);
	char *t = flow_text_of(ld);
	/* One style, one line: one text box. */
	assert_string_equal(t, "A page, site (https://x.org/a), mail (a@b.org), "
			       "call (+34912), bad, data, https://auto.org/p "
			       "and #.|");
	assert_null(strstr(t, "javascript"));
	free(t);
	lay_doc_free(ld);
	md_free(doc);
}

/* ---- page breaking, on the stress content ---- */

static struct site *load(const char *dir)
{
	struct content_opts o = {.dir = dir, .templates = "templates"};
	struct diag d = {0};
	d.out = fopen("/dev/null", "w");
	struct site *s = content_load(&o, &d);
	fclose(d.out);
	return s;
}

/* The page a text box containing needle is on, with font and size
 * (size 0: any), from page `from`; -1 if none. */
static long find_text(const struct lay_doc *doc, const char *needle,
		      int font, double size, size_t from, double *y)
{
	for (size_t p = from; p < doc->npages; p++)
		for (size_t i = 0; i < doc->page[p].n; i++) {
			const struct lay_box *b = &doc->page[p].box[i];
			if (b->kind == LAY_TEXT && b->font == font &&
			    (size == 0 || b->size == size) &&
			    strstr(b->text, needle) != NULL) {
				if (y != NULL)
					*y = b->y;
				return (long)p;
			}
		}
	return -1;
}

static void test_cards_never_split(void **state)
{
	(void)state;
	struct site *s = load(STRESS);
	assert_non_null(s);
	assert_int_equal(s->nexercises, 30);
	struct lay_doc *doc = lay_sheet(s, &sheet_fake, LAY_A4_W, LAY_A4_H,
					NULL);
	assert_true(doc->npages > 10);
	for (int k = 1; k <= 30; k++) {
		char t[16], i[16], f[16];
		snprintf(t, sizeof t, "T%02d", k);
		snprintf(i, sizeof i, "I%02d", k);
		snprintf(f, sizeof f, "F%02d", k);
		/* The card's title is the bold 18 pt one (the table has
		 * the same title in regular). */
		long pt = find_text(doc, t, LAY_BOLD, 18, 0, NULL);
		long pi = find_text(doc, i, LAY_REGULAR, 0, 0, NULL);
		long pf = find_text(doc, f, LAY_REGULAR, 0, 0, NULL);
		assert_true(pt >= 0);
		assert_int_equal(pt, pi);
		assert_int_equal(pt, pf);
	}
	lay_doc_free(doc);
	site_free(s);
}

static void test_table_header_repeats(void **state)
{
	(void)state;
	struct site *s = load(STRESS);
	assert_non_null(s);
	struct lay_doc *doc = lay_sheet(s, &sheet_fake, LAY_A4_W, LAY_A4_H,
					NULL);
	size_t pages_with_rows = 0;
	for (size_t p = 0; p < doc->npages; p++) {
		double row_y = -1, head_y = -1;
		/* The log lists the titles too, in the same style.  (The
		 * stress site is in Spanish: so is its sheet.) */
		if (find_text(doc, "Semana ", LAY_BOLD, 0, p, NULL) == (long)p)
			continue;
		for (size_t i = 0; i < doc->page[p].n; i++) {
			const struct lay_box *b = &doc->page[p].box[i];
			if (b->kind != LAY_TEXT)
				continue;
			if (b->font == LAY_REGULAR && b->text[0] == 'T' &&
			    b->len >= 3 && b->text[1] >= '0' &&
			    b->text[1] <= '9' && b->y > row_y)
				row_y = b->y;
			if (b->font == LAY_BOLD &&
			    strcmp(b->text, "Ejercicio") == 0)
				head_y = b->y;
		}
		if (row_y < 0)
			continue;
		pages_with_rows++;
		/* Rows on this page: the header is there, above them. */
		assert_true(head_y > row_y);
	}
	assert_true(pages_with_rows >= 2);
	/* The very long cell is all there. */
	assert_true(find_text(doc, "FINLARGO", LAY_REGULAR, 0, 0, NULL) >= 0);
	lay_doc_free(doc);
	site_free(s);
}

static void test_boxes_inside_margins(void **state)
{
	(void)state;
	struct site *s = load(SHIPPED);
	assert_non_null(s);
	struct lay_doc *a4 = lay_sheet(s, &sheet_fake, LAY_A4_W, LAY_A4_H,
				       NULL);
	struct lay_doc *lt = lay_sheet(s, &sheet_fake, LAY_LETTER_W,
				       LAY_LETTER_H, NULL);
	assert_true(lt->width == LAY_LETTER_W && lt->height == LAY_LETTER_H);
	/* Every box on the paper, at least 12 mm from its edges (home
	 * printers leave 3-6 mm unprinted). */
	const double m = 12 * 72 / 25.4 - 1e-6;
	const struct lay_doc *docs[2] = {a4, lt};
	for (int k = 0; k < 2; k++)
		for (size_t p = 0; p < docs[k]->npages; p++)
			for (size_t i = 0; i < docs[k]->page[p].n; i++) {
				const struct lay_box *b =
					&docs[k]->page[p].box[i];
				double y0 = b->y, y1 = b->y + b->h;
				if (b->kind == LAY_TEXT)
					y1 = y0 + b->size;
				assert_true(b->x >= m);
				assert_true(b->x + b->w <= docs[k]->width - m);
				assert_true((y0 < y1 ? y0 : y1) >= m);
				assert_true((y0 > y1 ? y0 : y1) <=
					    docs[k]->height - m);
			}
	lay_doc_free(a4);
	lay_doc_free(lt);
	site_free(s);
}

/* ---- the PDF backend's errors ---- */

/* Render the sheet, its diagnostics into c (cap_close(c) after). */
static int render(const char *regular, const struct site *s,
		  struct capture *c, struct buf *out)
{
	cap_open(c);
	struct pdf_opts o = {PAPER_A4, regular, NULL, -1, "test", NULL, 0};
	struct pdf *p = pdf_new(&o);
	int rc = pdf_render(out, p, s, &c->d);
	pdf_free(p);
	return rc;
}

static char *temp_file(const void *data, size_t len, const char *kind)
{
	char *path = xasprintf("/tmp/pamphlet-test-%s-XXXXXX", kind);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void expect_font_error(const char *font, const char *msg)
{
	struct site *s = load(SHIPPED);
	assert_non_null(s);
	struct capture c;
	struct buf out = BUF_INIT;
	assert_int_equal(render(font, s, &c, &out), -1);
	assert_int_equal(diag_exit_code(&c.d), EXIT_SYSTEM);
	assert_int_equal(out.len, 0);
	char *want = xasprintf("pamphlet: %s: error: %s", font, msg);
	if (strstr(cap_text(&c), want) == NULL)
		fail_msg("got: %s\nwanted: %s", cap_text(&c), want);
	free(want);
	cap_close(&c);
	buf_free(&out);
	site_free(s);
}

static void test_font_missing(void **state)
{
	(void)state;
	expect_font_error("/nonexistent/font.ttf", "cannot open:");
}

static void test_font_not_a_font(void **state)
{
	(void)state;
	const char text[] = "This is not a font, just some words.\n";
	char *path = temp_file(text, sizeof text - 1, "ttf");
	expect_font_error(path, "not a usable TrueType font: it does not "
				"start like a TrueType font");
	unlink(path);
	free(path);
}

static void test_font_truncated(void **state)
{
	(void)state;
	struct buf font = BUF_INIT;
	struct diag d = {0};
	assert_int_equal(fs_read_file(PDF_FONT_REGULAR, &font, 0, &d), 0);
	/* Cut at several places: each is reported, none crashes. */
	size_t cuts[] = {11, 100, 4096, font.len / 2, font.len - 1};
	for (size_t i = 0; i < ARRAY_LEN(cuts); i++) {
		char *path = temp_file(font.data, cuts[i], "ttf");
		expect_font_error(path, "not a usable TrueType font:");
		unlink(path);
		free(path);
	}
	buf_free(&font);
}

static void test_font_folder(void **state)
{
	(void)state;
	expect_font_error("/tmp", "is not a regular file");
}

static void test_broken_image(void **state)
{
	(void)state;
	struct site *s = load(STRESS);
	assert_non_null(s);
	/* A PNG cut in half: libpng would abort the program. */
	struct page *p = NULL;
	for (size_t i = 0; i < s->nexercises; i++)
		if (s->exercises[i]->ex->npictures > 0)
			p = s->exercises[i];
	assert_non_null(p);
	struct buf png = BUF_INIT;
	struct diag d = {0};
	assert_int_equal(fs_read_file(p->ex->pictures[0].src, &png, 0, &d), 0);
	char *path = temp_file(png.data, png.len / 2, "png");
	free(p->ex->pictures[0].src);
	p->ex->pictures[0].src = xstrdup(path);
	struct capture c;
	struct buf out = BUF_INIT;
	assert_int_equal(render(NULL, s, &c, &out), -1);
	assert_int_equal(diag_exit_code(&c.d), EXIT_CONTENT);
	char *want = xasprintf("pamphlet: %s: error: cannot print this image "
			       "on the exercise sheet: the file is truncated",
			       path);
	if (strstr(cap_text(&c), want) == NULL)
		fail_msg("got: %s\nwanted: %s", cap_text(&c), want);
	free(want);
	cap_close(&c);
	unlink(path);
	free(path);
	buf_free(&png);
	buf_free(&out);
	site_free(s);
}

static void test_render_is_reproducible(void **state)
{
	(void)state;
	struct site *s = load(SHIPPED);
	assert_non_null(s);
	struct capture c1, c2;
	struct buf a = BUF_INIT, b = BUF_INIT;
	assert_int_equal(render(NULL, s, &c1, &a), 0);
	assert_int_equal(render(NULL, s, &c2, &b), 0);
	assert_true(a.len > 1000);
	assert_memory_equal(a.data, "%PDF-1.", 7);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	cap_close(&c1);
	cap_close(&c2);
	buf_free(&a);
	buf_free(&b);
	site_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_fit),
		cmocka_unit_test(test_one_point_short),
		cmocka_unit_test(test_long_word_is_cut),
		cmocka_unit_test(test_long_word_after_text),
		cmocka_unit_test(test_tail_of_cut_word_takes_next_word),
		cmocka_unit_test(test_utf8_words),
		cmocka_unit_test(test_utf8_cut_between_characters),
		cmocka_unit_test(test_grapheme_stays_whole),
		cmocka_unit_test(test_spaces_collapse),
		cmocka_unit_test(test_styles_glue_into_words),
		cmocka_unit_test(test_styles_exact_width),
		cmocka_unit_test(test_hard_break),
		cmocka_unit_test(test_zero_width_never_loops),
		cmocka_unit_test(test_address_breaks_after_slash),
		cmocka_unit_test(test_never_drops_text),
		cmocka_unit_test(test_widest_word),
		cmocka_unit_test(test_clean_text),
		cmocka_unit_test(test_clean_text_invisible),
		cmocka_unit_test(test_soft_hyphen_invisible_on_one_line),
		cmocka_unit_test(test_soft_hyphen_breaks_with_hyphen),
		cmocka_unit_test(test_soft_hyphen_needs_room_for_hyphen),
		cmocka_unit_test(test_soft_hyphen_before_space_never_prints),
		cmocka_unit_test(test_soft_hyphen_across_styles),
		cmocka_unit_test(test_zero_width_space_breaks_invisibly),
		cmocka_unit_test(test_widest_word_with_hints),
		cmocka_unit_test(test_missing_glyphs_fall_back),
		cmocka_unit_test(test_warnings_capped_per_file),
		cmocka_unit_test(test_flow_keeps_range_together),
		cmocka_unit_test(test_flow_heading_keeps_with_next),
		cmocka_unit_test(test_flow_gap_dropped_at_page_top),
		cmocka_unit_test(test_flow_repeats_header),
		cmocka_unit_test(test_flow_too_tall_card_continues),
		cmocka_unit_test(test_links_on_paper),
		cmocka_unit_test(test_cards_never_split),
		cmocka_unit_test(test_table_header_repeats),
		cmocka_unit_test(test_boxes_inside_margins),
		cmocka_unit_test(test_font_missing),
		cmocka_unit_test(test_font_not_a_font),
		cmocka_unit_test(test_font_truncated),
		cmocka_unit_test(test_font_folder),
		cmocka_unit_test(test_broken_image),
		cmocka_unit_test(test_render_is_reproducible),
	};
	int rc = cmocka_run_group_tests_name("layout", tests, NULL, NULL);
	md_shutdown();
	return rc;
}
