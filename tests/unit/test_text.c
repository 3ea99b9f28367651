/*
 * test_text.c: unit tests for text.h (NFC normalisation, the places of
 * characters in a file) and for the two places content text is
 * normalised as it is parsed: YAML values (frontmatter.h) and the text
 * of a Markdown body (markdown.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "frontmatter.h"
#include "markdown.h"
#include "text.h"

/* Decomposed (NFD) and composed (NFC) spellings of the same words. */
#define ACUTE "\xCC\x81"     /* U+0301 combining acute accent */
#define TILDE "\xCC\x83"     /* U+0303 combining tilde */
#define CIRC "\xCC\x82"      /* U+0302 combining circumflex */
#define DOT_BELOW "\xCC\xA3" /* U+0323 combining dot below */
#define HORN "\xCC\x9B"      /* U+031B combining horn */
#define GRAVE "\xCC\x80"     /* U+0300 combining grave */
#define HOOK "\xCC\x89"      /* U+0309 combining hook above */

static void check_nfc(const char *in, const char *want, int changed)
{
	struct buf b = BUF_INIT;
	int got = text_nfc(&b, in, strlen(in));
	assert_string_equal(buf_cstr(&b), want);
	assert_int_equal(got, changed);
	buf_free(&b);
	char *dup = text_nfc_dup(in);
	assert_string_equal(dup, want);
	free(dup);
}

static void test_spanish_composed(void **state)
{
	(void)state;
	check_nfc("esta" ACUTE, "est\xC3\xA1", 1);
	check_nfc("cancio" ACUTE "n", "canci\xC3\xB3n", 1);
	check_nfc("an" TILDE "o", "a\xC3\xB1o", 1);
	check_nfc("Cafe" ACUTE " y pingu\xCC\x88ino",
		  "Caf\xC3\xA9 y ping\xC3\xBCino", 1);
	/* Already composed, or plain: as it is, and said so. */
	check_nfc("est\xC3\xA1 a\xC3\xB1o", "est\xC3\xA1 a\xC3\xB1o", 0);
	check_nfc("plain", "plain", 0);
	check_nfc("", "", 0);
}

static void test_vietnamese_two_marks(void **state)
{
	(void)state;
	/* "Việt": e with a circumflex and a dot below, in either order (NFC
	 * puts marks in canonical order first); "người": o with a horn and
	 * a grave; "phở": o, horn, hook above. */
	check_nfc("Vie" CIRC DOT_BELOW "t", "Vi\xE1\xBB\x87t", 1);
	check_nfc("Vie" DOT_BELOW CIRC "t", "Vi\xE1\xBB\x87t", 1);
	check_nfc("ngu" HORN "o" HORN GRAVE "i",
		  "ng\xC6\xB0\xE1\xBB\x9Di", 1);
	check_nfc("pho" HORN HOOK, "ph\xE1\xBB\x9F", 1);
	/* Greek and Cyrillic: alpha + tonos, ie + breve. */
	check_nfc("\xCE\xB1" ACUTE, "\xCE\xAC", 1);
	check_nfc("\xD0\xB8\xCC\x86", "\xD0\xB9", 1);
}

static void test_marks_without_composed_form_stay(void **state)
{
	(void)state;
	/* q with a tilde has no precomposed character: both stay. */
	check_nfc("q" TILDE, "q" TILDE, 0);
	/* An emoji, and text that is not UTF-8, go through untouched. */
	check_nfc("\xF0\x9F\x92\xAA" "e" ACUTE, "\xF0\x9F\x92\xAA\xC3\xA9", 1);
	check_nfc("bad \xFF e" ACUTE, "bad \xFF e" ACUTE, 0);
}

static void test_may_compose(void **state)
{
	(void)state;
	assert_false(text_may_compose("plain", 5));
	/* Latin-1 and Latin Extended-A/B (below U+0300): never. */
	assert_false(text_may_compose("\xC3\xA1\xC5\x93\xC8\x9B", 6));
	assert_true(text_may_compose("e" ACUTE, 3));
	assert_true(text_may_compose("\xCE\xB1", 2)); /* Greek */
	assert_true(text_may_compose("\xE2\x80\x94", 3));
}

static void test_places(void **state)
{
	(void)state;
	const char *file = "---\n"
			   "title: \"Caf\xC3\xA9 \xF0\x9F\x92\xAA\"\n"
			   "---\n"
			   "Ta\xC3\xB1 \xF0\x9F\x92\xAA and q" TILDE
			   " and e" ACUTE "\xE2\x86\x92\n";
	struct text_places *tp = text_places_new(file, strlen(file));
	int line = -1, col = -1;
	/* The first é and the first emoji: line 2. */
	assert_true(text_places_find(tp, 0xE9, 0, &line, &col));
	assert_int_equal(line, 2);
	assert_int_equal(col, 12);
	assert_true(text_places_find(tp, 0x1F4AA, 0, &line, &col));
	assert_int_equal(line, 2);
	assert_int_equal(col, 14);
	/* Columns count characters, not bytes: the ñ is one. */
	assert_true(text_places_find(tp, 0xF1, 0, &line, &col));
	assert_int_equal(line, 4);
	assert_int_equal(col, 3);
	/* The tilde after q (a mark NFC leaves alone), and the arrow after
	 * a decomposed é (two characters in the file). */
	assert_true(text_places_find(tp, 0x303, 0, &line, &col));
	assert_int_equal(line, 4);
	assert_int_equal(col, 12);
	assert_true(text_places_find(tp, 0x2192, 0, &line, &col));
	assert_int_equal(line, 4);
	assert_int_equal(col, 20);
	/* From line 3 on: the emoji's place in the body, not the title's;
	 * the first place on that line.  From line 5 (it is not there): its
	 * first place all the same. */
	assert_true(text_places_find(tp, 0x1F4AA, 3, &line, &col));
	assert_int_equal(line, 4);
	assert_int_equal(col, 5);
	assert_true(text_places_find(tp, 0x1F4AA, 5, &line, &col));
	assert_int_equal(line, 2);
	assert_int_equal(col, 14);
	/* Not there, or ASCII: nothing, and *line is left alone. */
	line = 7;
	assert_false(text_places_find(tp, 0x3B1, 0, &line, &col));
	assert_false(text_places_find(tp, 'T', 0, &line, &col));
	assert_false(text_places_find(NULL, 0xE9, 0, &line, &col));
	assert_int_equal(line, 7);
	text_places_free(tp);
	text_places_free(NULL);
}

static void test_places_of_composed(void **state)
{
	(void)state;
	/* ñ written n + U+0303: found where its n is.  Greek ά likewise. */
	const char *file = "abc\nxa" "n" TILDE "o \xCE\xB1" ACUTE "\n";
	struct text_places *tp = text_places_new(file, strlen(file));
	int line = 0, col = 0;
	assert_true(text_places_find(tp, 0xF1, 0, &line, &col));
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	assert_true(text_places_find(tp, 0x3AC, 0, &line, &col));
	assert_int_equal(line, 2);
	assert_int_equal(col, 7);
	/* The mark itself is there too, where it is written. */
	assert_true(text_places_find(tp, 0x303, 0, &line, &col));
	assert_int_equal(col, 4);
	text_places_free(tp);
}

static void test_places_many(void **state)
{
	(void)state;
	/* More characters than the first table holds: it grows. */
	struct buf b = BUF_INIT;
	for (int cp = 0x400; cp < 0x500; cp++) {
		char u[3] = {(char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F)),
			     0};
		buf_puts(&b, u);
		if (cp % 16 == 15)
			buf_putc(&b, '\n');
	}
	struct text_places *tp = text_places_new(b.data, b.len);
	for (int cp = 0x400; cp < 0x500; cp++) {
		int line = 0, col = 0;
		assert_true(text_places_find(tp, cp, 0, &line, &col));
		assert_int_equal(line, (cp - 0x400) / 16 + 1);
		assert_int_equal(col, cp % 16 + 1);
	}
	text_places_free(tp);
	buf_free(&b);
}

/* ---- where content is normalised ---- */

struct rec {
	char *title, *image;
};

#define F(key, type, field) \
	{key, type, 0, offsetof(struct rec, field), NULL, NULL, 0, NULL}

static const struct fm_field schema[] = {
	F("title", FM_TEXT, title),
	F("image", FM_RAW, image),
};

static void test_yaml_text_normalised_names_not(void **state)
{
	(void)state;
	const char *yaml = "title: \"Est\xC3\xA1 bien, cancio" ACUTE "n\"\n"
			   "image: images/cancio" ACUTE "n.png\n";
	struct rec r = {0};
	struct diag d = {0};
	assert_int_equal(fm_parse("p.md", yaml, strlen(yaml), 2, schema, 2,
				  &r, &d),
			 0);
	assert_string_equal(r.title, "Est\xC3\xA1 bien, canci\xC3\xB3n");
	/* A file name is matched byte for byte: as written. */
	assert_string_equal(r.image, "images/cancio" ACUTE "n.png");
	free(r.title);
	free(r.image);
}

/* The first node of type t under n, depth first. */
static const struct md_node *find(const struct md_node *n, enum md_type t)
{
	for (const struct md_node *c = md_first_child(n); c; c = md_next(c)) {
		if (md_type(c) == t)
			return c;
		const struct md_node *in = find(c, t);
		if (in != NULL)
			return in;
	}
	return NULL;
}

static void test_markdown_text_normalised(void **state)
{
	(void)state;
	const char *md = "## Cancio" ACUTE "n\n\n"
			 "Esta" ACUTE " *bien* `an" TILDE "o` "
			 "[ver](cancio" ACUTE "n.md \"ti" ACUTE "tulo\")\n\n"
			 "    co" ACUTE "digo\n";
	struct md_doc *doc = md_parse(md, strlen(md), 3, 0);
	const struct md_node *h = find(md_root(doc), MD_HEADING);
	assert_string_equal(md_literal(md_first_child(h)),
			    "Canci\xC3\xB3n");
	/* Positions are those of the file as written. */
	assert_int_equal(md_line(h), 4);
	const struct md_node *p = find(md_root(doc), MD_PARAGRAPH);
	assert_string_equal(md_literal(md_first_child(p)), "Est\xC3\xA1 ");
	assert_string_equal(md_literal(find(p, MD_CODE)), "a\xC3\xB1o");
	assert_string_equal(md_literal(find(md_root(doc), MD_CODE_BLOCK)),
			    "c\xC3\xB3" "digo\n");
	/* The link's address names a file: as written. */
	assert_string_equal(md_url(find(p, MD_LINK)), "cancio" ACUTE "n.md");
	struct buf html = BUF_INIT;
	md_render_html(doc, &html);
	assert_non_null(strstr(buf_cstr(&html), "title=\"t\xC3\xADtulo\""));
	assert_null(strstr(buf_cstr(&html), ACUTE "n<"));
	buf_free(&html);
	md_free(doc);
}

static void test_markdown_mark_after_markup_char(void **state)
{
	(void)state;
	/* "<" might have started a tag; once it is text, it composes with
	 * the mark after it: "<" + U+0338 is one character, "≮". */
	const char *md = "a <\xCC\xB8 b\n";
	struct md_doc *doc = md_parse(md, strlen(md), 0, 0);
	struct buf t = BUF_INIT;
	md_plain_text(md_root(doc), &t);
	assert_string_equal(buf_cstr(&t), "a \xE2\x89\xAE b");
	buf_free(&t);
	md_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spanish_composed),
		cmocka_unit_test(test_vietnamese_two_marks),
		cmocka_unit_test(test_marks_without_composed_form_stay),
		cmocka_unit_test(test_may_compose),
		cmocka_unit_test(test_places),
		cmocka_unit_test(test_places_of_composed),
		cmocka_unit_test(test_places_many),
		cmocka_unit_test(test_yaml_text_normalised_names_not),
		cmocka_unit_test(test_markdown_text_normalised),
		cmocka_unit_test(test_markdown_mark_after_markup_char),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	md_shutdown();
	return rc;
}
