/*
 * test_frontmatter.c: unit tests for the front matter splitter and the
 * schema-driven YAML reader (frontmatter.h).
 *
 * Diagnostics are captured with open_memstream and compared whole, so
 * every test pins the message and its FILE:LINE:COL.  The YAML given to
 * fm_parse() starts on line 2 of "p.md" (after an opening "---"), as in a
 * real page, so a problem on the YAML's first line is reported at line 2.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* strdup; helpers.h */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "frontmatter.h"
#include "helpers.h"

/* What the test schemas read into. */
struct rec {
	char *title;
	long order;
	int flag;
	char *date;
	int category;
	char *name;  /* clinic: name */
	char *phone; /* clinic: phone */
	int paper;
};

static void rec_init(struct rec *r)
{
	memset(r, 0, sizeof *r);
	r->order = LONG_MAX;
	r->category = -1;
	r->paper = -1;
	r->flag = -1;
}

static void rec_free(struct rec *r)
{
	free(r->title);
	free(r->date);
	free(r->name);
	free(r->phone);
}

static const char *const categories[] = {"stretch", "strength", "aerobic",
					 NULL};
static const char *const papers[] = {"a4", "letter", NULL};
static const char *const only_one[] = {"only", NULL};

#define F(key, type, req, field) \
	{key, type, req, offsetof(struct rec, field), NULL, NULL, 0, NULL}

static const struct fm_field clinic_schema[] = {
	F("name", FM_TEXT, 1, name),
	F("phone", FM_TEXT, 0, phone),
};

/* A page-like schema: one required key, one of each type. */
static const struct fm_field schema[] = {
	F("title", FM_TEXT, 1, title),
	F("order", FM_INT, 0, order),
	F("flag", FM_BOOL, 0, flag),
	F("date", FM_DATE, 0, date),
	{"category", FM_CHOICE, 0, offsetof(struct rec, category), categories,
	 NULL, 0, NULL},
	{"clinic", FM_MAP, 0, 0, NULL, clinic_schema, 2, NULL},
};
#define NSCHEMA (sizeof schema / sizeof schema[0])
#define KEYS "title, order, flag, date, category, clinic"

/* A site-like schema: a required nested mapping, a two-way choice. */
static const struct fm_field site_schema[] = {
	F("title", FM_TEXT, 0, title),
	{"clinic", FM_MAP, 1, 0, NULL, clinic_schema, 2, NULL},
	{"paper", FM_CHOICE, 0, offsetof(struct rec, paper), papers, NULL, 0, NULL},
	{"mode", FM_CHOICE, 0, offsetof(struct rec, category), only_one, NULL,
	 0, NULL},
};
#define NSITE (sizeof site_schema / sizeof site_schema[0])

/* fm_parse yaml (starting on line 2 of p.md) with the page-like schema;
 * check the return value and the whole diagnostic text.  r is left for
 * the caller to inspect and free. */
static void parse_into(const char *yaml, struct rec *r, int want_rc,
		       const char *want_diag)
{
	struct capture c;
	cap_open(&c);
	int rc = fm_parse("p.md", yaml, strlen(yaml), 2, schema, NSCHEMA, r,
			  &c.d);
	int code = diag_exit_code(&c.d);
	const char *got = cap_take(&c);
	if (strcmp(got, want_diag) != 0 || rc != want_rc) {
		rec_free(r);
		rec_init(r);
	}
	assert_string_equal(got, want_diag);
	assert_int_equal(rc, want_rc);
	assert_int_equal(code, want_rc == 0 ? 0 : 1);
}

static void check_parse(const char *yaml, int want_rc, const char *want_diag)
{
	struct rec r;
	rec_init(&r);
	parse_into(yaml, &r, want_rc, want_diag);
	rec_free(&r);
}

static void check_site(const char *yaml, int want_rc, const char *want_diag)
{
	struct rec r;
	struct capture c;
	rec_init(&r);
	cap_open(&c);
	int rc = fm_parse("site.yaml", yaml, strlen(yaml), 1, site_schema,
			  NSITE, &r, &c.d);
	const char *got = cap_take(&c);
	rec_free(&r);
	assert_string_equal(got, want_diag);
	assert_int_equal(rc, want_rc);
}

/* fm_split text as "p.md": check the result and the diagnostics. */
static int split(const char *text, size_t len, struct fm_split *s,
		 const char *want_diag)
{
	struct capture c;
	cap_open(&c);
	memset(s, 0, sizeof *s);
	int rc = fm_split("p.md", text, len, s, &c.d);
	int code = diag_exit_code(&c.d);
	assert_string_equal(cap_take(&c), want_diag);
	assert_int_equal(code, rc != 0 ? 1 : 0);
	return rc;
}

static void assert_slice(const char *p, size_t n, const char *want)
{
	assert_int_equal(n, strlen(want));
	assert_memory_equal(p, want, n);
}

/* ---- fm_split ---- */

static void test_split_basic(void **state)
{
	(void)state;
	const char *t = "---\ntitle: A\norder: 2\n---\nBody\nmore\n";
	struct fm_split s;
	assert_int_equal(split(t, strlen(t), &s, ""), 0);
	assert_slice(s.yaml, s.yaml_len, "title: A\norder: 2\n");
	assert_int_equal(s.yaml_line, 2);
	assert_slice(s.body, s.body_len, "Body\nmore\n");
	assert_int_equal(s.body_line, 5);
	assert_ptr_equal(s.yaml, t + 4);
}

static void test_split_bom(void **state)
{
	(void)state;
	const char *t = "\xEF\xBB\xBF---\ntitle: A\n---\nBody\n";
	struct fm_split s;
	assert_int_equal(split(t, strlen(t), &s, ""), 0);
	assert_slice(s.yaml, s.yaml_len, "title: A\n");
	assert_int_equal(s.yaml_line, 2);
	assert_slice(s.body, s.body_len, "Body\n");
	assert_int_equal(s.body_line, 4);
}

static void test_split_crlf(void **state)
{
	(void)state;
	const char *t = "---\r\ntitle: A\r\n---\r\nBody\r\n";
	struct fm_split s;
	assert_int_equal(split(t, strlen(t), &s, ""), 0);
	assert_slice(s.yaml, s.yaml_len, "title: A\r\n");
	assert_int_equal(s.yaml_line, 2);
	assert_slice(s.body, s.body_len, "Body\r\n");
	assert_int_equal(s.body_line, 4);
}

static void test_split_fence_trailing_blanks(void **state)
{
	(void)state;
	const char *t = "--- \t\ntitle: A\n---   \r\nBody\n";
	struct fm_split s;
	assert_int_equal(split(t, strlen(t), &s, ""), 0);
	assert_slice(s.yaml, s.yaml_len, "title: A\n");
	assert_slice(s.body, s.body_len, "Body\n");
	assert_int_equal(s.body_line, 4);
}

static void test_split_dots_close(void **state)
{
	(void)state;
	const char *t = "---\ntitle: A\ndate: 2026-01-02\n...\nBody\n";
	struct fm_split s;
	assert_int_equal(split(t, strlen(t), &s, ""), 0);
	assert_slice(s.yaml, s.yaml_len, "title: A\ndate: 2026-01-02\n");
	assert_slice(s.body, s.body_len, "Body\n");
	assert_int_equal(s.body_line, 5);
	/* With trailing blanks too. */
	const char *u = "---\ntitle: A\n...  \nB";
	assert_int_equal(split(u, strlen(u), &s, ""), 0);
	assert_slice(s.body, s.body_len, "B");
}

static void test_split_closing_fence_is_first_match(void **state)
{
	(void)state;
	/* "----" and "--- x" are not fences; the body may hold "---". */
	const char *t = "---\na: ----\n--- x\n---\nBody\n---\nmore\n";
	struct fm_split s;
	assert_int_equal(split(t, strlen(t), &s, ""), 0);
	assert_slice(s.yaml, s.yaml_len, "a: ----\n--- x\n");
	assert_slice(s.body, s.body_len, "Body\n---\nmore\n");
	assert_int_equal(s.body_line, 5);
}

static void test_split_empty_yaml_and_body(void **state)
{
	(void)state;
	const char *t = "---\n---\n";
	struct fm_split s;
	assert_int_equal(split(t, strlen(t), &s, ""), 0);
	assert_int_equal(s.yaml_len, 0);
	assert_int_equal(s.body_len, 0);
	assert_int_equal(s.body_line, 3);
	/* No newline after the closing fence. */
	const char *u = "---\ntitle: A\n---";
	assert_int_equal(split(u, strlen(u), &s, ""), 0);
	assert_slice(s.yaml, s.yaml_len, "title: A\n");
	assert_int_equal(s.body_len, 0);
	assert_int_equal(s.body_line, 4);
}

static void test_split_len_not_nul(void **state)
{
	(void)state;
	/* Only len bytes count: a closing fence after them does not. */
	const char *t = "---\ntitle: A\n---\nBody\n";
	struct fm_split s;
	assert_int_equal(split(t, 13, &s,
			       "pamphlet: p.md:1:1: error: front matter is "
			       "never closed: expected a line \"---\" after "
			       "the keys\n"),
			 -1);
}

static void test_split_empty_file(void **state)
{
	(void)state;
	struct fm_split s;
	const char *want = "pamphlet: p.md:1:1: error: file is empty "
			   "(expected front matter starting with a \"---\" "
			   "line, then the page's text)\n";
	assert_int_equal(split("", 0, &s, want), -1);
	/* A byte-order mark alone is still an empty file. */
	assert_int_equal(split("\xEF\xBB\xBF", 3, &s, want), -1);
}

static void test_split_no_front_matter(void **state)
{
	(void)state;
	const char *want = "pamphlet: p.md:1:1: error: no front matter: "
			   "expected a first line \"---\", then \"title: "
			   "...\" and a closing \"---\"\n";
	const char *inputs[] = {
		"# Title\n\nText\n",
		"----\ntitle: A\n----\n",
		" ---\ntitle: A\n---\n",
		"--- x\ntitle: A\n---\n",
		"\ntitle: A\n---\n",
		"...\ntitle: A\n...\n",
		"title: A\n",
	};
	struct fm_split s;
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
		assert_int_equal(split(inputs[i], strlen(inputs[i]), &s, want),
				 -1);
}

static void test_split_unclosed(void **state)
{
	(void)state;
	const char *want = "pamphlet: p.md:1:1: error: front matter is never "
			   "closed: expected a line \"---\" after the keys\n";
	struct fm_split s;
	const char *t = "---\ntitle: A\n\nBody text\n";
	assert_int_equal(split(t, strlen(t), &s, want), -1);
	const char *u = "---\n";
	assert_int_equal(split(u, strlen(u), &s, want), -1);
	const char *v = "---";
	assert_int_equal(split(v, strlen(v), &s, want), -1);
	/* "----" does not close it. */
	const char *w = "---\ntitle: A\n----\nBody\n";
	assert_int_equal(split(w, strlen(w), &s, want), -1);
}

/* ---- fm_parse: values ---- */

static void test_parse_every_type(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	parse_into("title: \"Chest: Stretch\"\n"
		   "order: -2\n"
		   "flag: yes\n"
		   "date: 2026-11-25\n"
		   "category: aerobic\n"
		   "clinic:\n"
		   "  name: Clinic\n"
		   "  phone: '000 000'\n",
		   &r, 0, "");
	assert_string_equal(r.title, "Chest: Stretch");
	assert_int_equal(r.order, -2);
	assert_int_equal(r.flag, 1);
	assert_string_equal(r.date, "2026-11-25");
	assert_int_equal(r.category, 2);
	assert_string_equal(r.name, "Clinic");
	assert_string_equal(r.phone, "000 000");
	rec_free(&r);
}

static void test_parse_text_forms(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	/* A folded block scalar, a number and a quoted "null" are text. */
	parse_into("title: >-\n  two\n  lines\n"
		   "clinic:\n  name: 123\n  phone: \"null\"\n",
		   &r, 0, "");
	assert_string_equal(r.title, "two lines");
	assert_string_equal(r.name, "123");
	assert_string_equal(r.phone, "null");
	rec_free(&r);
}

static void test_parse_keeps_absent_fields(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	r.order = 42;
	r.flag = 7;
	r.category = 1;
	parse_into("title: A\n", &r, 0, "");
	assert_string_equal(r.title, "A");
	assert_int_equal(r.order, 42);
	assert_int_equal(r.flag, 7);
	assert_int_equal(r.category, 1);
	assert_null(r.date);
	assert_null(r.name);
	rec_free(&r);
}

static void test_parse_replaces_old_text(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	r.title = strdup("old");
	assert_non_null(r.title);
	parse_into("title: new\n", &r, 0, "");
	assert_string_equal(r.title, "new"); /* "old" freed: ASan checks */
	rec_free(&r);
}

static void test_parse_empty_optional_values(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	r.order = 5;
	parse_into("title: A\norder:\ndate: ~\nclinic:\n  name: N\n  phone:\n",
		   &r, 0, "");
	assert_int_equal(r.order, 5);
	assert_null(r.date);
	assert_null(r.phone);
	rec_free(&r);
}

static void test_parse_crlf(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	parse_into("title: A\r\norder: 3\r\nclinic:\r\n  name: N\r\n", &r, 0,
		   "");
	assert_string_equal(r.title, "A");
	assert_int_equal(r.order, 3);
	assert_string_equal(r.name, "N");
	rec_free(&r);
	check_parse("title: A\r\ntitel: B\r\n", -1,
		    "pamphlet: p.md:3:1: error: unknown key \"titel\" (did "
		    "you mean \"title\"? expected one of: " KEYS ")\n");
}

/* ---- fm_parse: keys ---- */

static void test_unknown_key_did_you_mean(void **state)
{
	(void)state;
	check_parse("title: A\ncategroy: stretch\n", -1,
		    "pamphlet: p.md:3:1: error: unknown key \"categroy\" (did "
		    "you mean \"category\"? expected one of: " KEYS ")\n");
	check_parse("title: A\nTitle: B\n", -1,
		    "pamphlet: p.md:3:1: error: unknown key \"Title\" (did "
		    "you mean \"title\"? expected one of: " KEYS ")\n");
	/* The column is the key's. */
	check_parse("title: A\nclinic:\n  name: N\n  phnoe: 1\n", -1,
		    "pamphlet: p.md:5:3: error: unknown key \"phnoe\" (did "
		    "you mean \"phone\"? expected one of: name, phone)\n");
	/* libyaml ends lines at U+2028, NEL and a lone CR too; an editor
	 * does not: the line and column are the editor's. */
	check_parse("title: \"A\xE2\x80\xA8" "B\"\ntitel: x\n", -1,
		    "pamphlet: p.md:3:1: error: unknown key \"titel\" (did "
		    "you mean \"title\"? expected one of: " KEYS ")\n");
	check_parse("title: \"\xC3\xA9\xC2\x85\" \n  titel: x\n", -1,
		    "pamphlet: p.md:3:3: error: invalid YAML: did not find "
		    "expected key while parsing a block mapping that starts at "
		    "line 2\n");
	check_parse("title: \"x\xE2\x80\xA9y\"\nclinic:\n  name: N\n"
		    "  phnoe: 1\n", -1,
		    "pamphlet: p.md:5:3: error: unknown key \"phnoe\" (did "
		    "you mean \"phone\"? expected one of: name, phone)\n");
}

static void test_unknown_key_no_hint(void **state)
{
	(void)state;
	check_parse("title: A\nzzzzzzzz: 1\n", -1,
		    "pamphlet: p.md:3:1: error: unknown key \"zzzzzzzz\" "
		    "(expected one of: " KEYS ")\n");
}

static void test_duplicate_key(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	parse_into("title: A\norder: 1\ntitle: B\n", &r, -1,
		   "pamphlet: p.md:4:1: error: key \"title\" is given twice "
		   "(first at line 2): keep one\n");
	/* The first value is the one kept. */
	assert_string_equal(r.title, "A");
	rec_free(&r);
	check_parse("title: A\nclinic:\n  name: N\n  name: M\n", -1,
		    "pamphlet: p.md:5:3: error: key \"name\" is given twice "
		    "(first at line 4): keep one\n");
}

static void test_non_scalar_key(void **state)
{
	(void)state;
	check_parse("title: A\n? [a, b]\n: c\n", -1,
		    "pamphlet: p.md:3:3: error: a key must be a plain word, "
		    "found a list\n");
}

static void test_missing_required(void **state)
{
	(void)state;
	check_parse("order: 1\n", -1,
		    "pamphlet: p.md:2:1: error: missing required key "
		    "\"title\"\n");
	/* Reported where the mapping starts, after blank lines. */
	check_parse("\n\norder: 1\n", -1,
		    "pamphlet: p.md:4:1: error: missing required key "
		    "\"title\"\n");
}

static void test_empty_required(void **state)
{
	(void)state;
	check_parse("title:\norder: 1\n", -1,
		    "pamphlet: p.md:2:7: error: \"title\" is empty (expected "
		    "a value)\n");
	check_parse("order: 1\ntitle: ~\n", -1,
		    "pamphlet: p.md:3:8: error: \"title\" is empty (expected "
		    "a value)\n");
	check_parse("title: null\n", -1,
		    "pamphlet: p.md:2:8: error: \"title\" is empty (expected "
		    "a value)\n");
}

static void test_empty_quoted_required(void **state)
{
	(void)state;
	/* A required text that is "" is as empty as one left blank: a page
	 * with title "" has no title. */
	check_parse("title: \"\"\n", -1,
		    "pamphlet: p.md:2:8: error: \"title\" is empty (expected "
		    "a value)\n");
	check_parse("title: ''\n", -1,
		    "pamphlet: p.md:2:8: error: \"title\" is empty (expected "
		    "a value)\n");
}

/* ---- fm_parse: shapes ---- */

static void test_invalid_yaml(void **state)
{
	(void)state;
	check_parse("title: A\norder: 1\n  x: y\n", -1,
		    "pamphlet: p.md:4:4: error: invalid YAML: mapping values "
		    "are not allowed in this context\n");
	check_parse("title: \"abc\n", -1,
		    "pamphlet: p.md:3:1: error: invalid YAML: found unexpected "
		    "end of stream while scanning a quoted scalar that starts "
		    "at line 2\n");
	check_parse("title: A\norder: 1\nflag: [a, b\n", -1,
		    "pamphlet: p.md:5:1: error: invalid YAML: did not find "
		    "expected ',' or ']' while parsing a flow sequence that "
		    "starts at line 4\n");
}

static void test_list_where_text(void **state)
{
	(void)state;
	check_parse("title:\n  - a\n  - b\n", -1,
		    "pamphlet: p.md:3:3: error: \"title\" must be text, found "
		    "a list\n");
	check_parse("title: [a, b]\n", -1,
		    "pamphlet: p.md:2:8: error: \"title\" must be text, found "
		    "a list\n");
	check_parse("title: A\norder: [1]\n", -1,
		    "pamphlet: p.md:3:8: error: \"order\" must be a whole "
		    "number, found a list\n");
}

static void test_mapping_where_text(void **state)
{
	(void)state;
	check_parse("title:\n  en: A\n  es: B\n", -1,
		    "pamphlet: p.md:3:3: error: \"title\" must be text, found "
		    "a group of keys\n");
	check_parse("title: {a: b}\n", -1,
		    "pamphlet: p.md:2:8: error: \"title\" must be text, found "
		    "a group of keys\n");
}

static void test_root_not_mapping(void **state)
{
	(void)state;
	check_parse("- title\n- order\n", -1,
		    "pamphlet: p.md:2:1: error: expected \"key: value\" lines, "
		    "found a list\n");
	check_parse("just some text\n", -1,
		    "pamphlet: p.md:2:1: error: expected \"key: value\" lines, "
		    "found text\n");
}

static void test_empty_yaml(void **state)
{
	(void)state;
	/* "---" on line 1, "---" on line 2: the keys are missing at line 1. */
	check_parse("", -1,
		    "pamphlet: p.md:1:1: error: missing required key "
		    "\"title\"\n");
	check_parse("# only a comment\n", -1,
		    "pamphlet: p.md:1:1: error: missing required key "
		    "\"title\"\n");
	/* Nothing required: nothing to say. */
	struct rec r;
	struct capture c;
	rec_init(&r);
	cap_open(&c);
	int rc = fm_parse("p.md", "", 0, 2, schema + 1, NSCHEMA - 1, &r, &c.d);
	rec_free(&r);
	assert_string_equal(cap_take(&c), "");
	assert_int_equal(rc, 0);
}

/* "title: " then n "[", "1", n "]". Caller frees. */
static char *nested_lists(int n)
{
	char *y = malloc((size_t)n * 2 + 16);
	assert_non_null(y);
	char *p = y + sprintf(y, "title: ");
	memset(p, '[', (size_t)n);
	p += n;
	*p++ = '1';
	memset(p, ']', (size_t)n);
	p += n;
	strcpy(p, "\n");
	return y;
}

static void test_nesting_limit(void **state)
{
	(void)state;
	/* 14 lists: the scalar is 16 levels down, the limit: an ordinary
	 * type error. */
	char *y = nested_lists(14);
	check_parse(y, -1,
		    "pamphlet: p.md:2:8: error: \"title\" must be text, found "
		    "a list\n");
	free(y);
	/* 15 lists: one level too deep, reported at the deepest node. */
	y = nested_lists(15);
	check_parse(y, -1,
		    "pamphlet: p.md:2:23: error: YAML nested more than 16 "
		    "levels deep: front matter and site.yaml only need \"key: "
		    "value\" lines\n");
	free(y);
	/* Very deep: reported, not a crash. */
	y = nested_lists(10000);
	check_parse(y, -1,
		    "pamphlet: p.md:2:10008: error: YAML nested more than 16 "
		    "levels deep: front matter and site.yaml only need \"key: "
		    "value\" lines\n");
	free(y);
}

/* ---- fm_parse: typed values ---- */

static void test_int(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	parse_into("title: A\norder: 007\n", &r, 0, "");
	assert_int_equal(r.order, 7);
	rec_free(&r);
	check_parse("title: A\norder: 3x\n", -1,
		    "pamphlet: p.md:3:8: error: \"order\" is \"3x\", not a "
		    "whole number (expected, for example, 1)\n");
	check_parse("title: A\norder: 1.5\n", -1,
		    "pamphlet: p.md:3:8: error: \"order\" is \"1.5\", not a "
		    "whole number (expected, for example, 1)\n");
	check_parse("title: A\norder: first\n", -1,
		    "pamphlet: p.md:3:8: error: \"order\" is \"first\", not a "
		    "whole number (expected, for example, 1)\n");
	check_parse("title: A\norder: 0x10\n", -1,
		    "pamphlet: p.md:3:8: error: \"order\" is \"0x10\", not a "
		    "whole number (expected, for example, 1)\n");
	check_parse("title: A\norder: 99999999999999999999999\n", -1,
		    "pamphlet: p.md:3:8: error: \"order\" is "
		    "\"99999999999999999999999\", not a whole number "
		    "(expected, for example, 1)\n");
	/* An empty optional value is the same as leaving the key out. */
	check_parse("title: A\norder: \"\"\n", 0, "");
}

static void test_bool(void **state)
{
	(void)state;
	static const struct {
		const char *yaml;
		int want;
	} ok[] = {
		{"title: A\nflag: true\n", 1},
		{"title: A\nflag: yes\n", 1},
		{"title: A\nflag: false\n", 0},
		{"title: A\nflag: no\n", 0},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct rec r;
		rec_init(&r);
		parse_into(ok[i].yaml, &r, 0, "");
		assert_int_equal(r.flag, ok[i].want);
		rec_free(&r);
	}
	check_parse("title: A\nflag: maybe\n", -1,
		    "pamphlet: p.md:3:7: error: \"flag\" is \"maybe\" "
		    "(expected true or false)\n");
	check_parse("title: A\nflag: 1\n", -1,
		    "pamphlet: p.md:3:7: error: \"flag\" is \"1\" (expected "
		    "true or false)\n");
}

static void test_bad_dates(void **state)
{
	(void)state;
	check_parse("title: A\ndate: 2026-02-30\n", -1,
		    "pamphlet: p.md:3:7: error: \"date\" is \"2026-02-30\", not "
		    "a date (expected YYYY-MM-DD, such as 2026-11-25)\n");
	check_parse("title: A\ndate: 2026-13-01\n", -1,
		    "pamphlet: p.md:3:7: error: \"date\" is \"2026-13-01\", not "
		    "a date (expected YYYY-MM-DD, such as 2026-11-25)\n");
	check_parse("title: A\ndate: yesterday\n", -1,
		    "pamphlet: p.md:3:7: error: \"date\" is \"yesterday\", not "
		    "a date (expected YYYY-MM-DD, such as 2026-11-25)\n");
	check_parse("title: A\ndate: 2023-02-29\n", -1,
		    "pamphlet: p.md:3:7: error: \"date\" is \"2023-02-29\", not "
		    "a date (expected YYYY-MM-DD, such as 2026-11-25)\n");
	check_parse("title: A\ndate: 25/11/2026\n", -1,
		    "pamphlet: p.md:3:7: error: \"date\" is \"25/11/2026\", not "
		    "a date (expected YYYY-MM-DD, such as 2026-11-25)\n");
}

static void test_good_dates(void **state)
{
	(void)state;
	const char *ok[] = {"title: A\ndate: 2024-02-29\n",
			    "title: A\ndate: '2026-11-25'\n",
			    "title: A\ndate: \"2000-02-29\"\n",
			    "title: A\ndate: 2026-12-31\n"};
	const char *want[] = {"2024-02-29", "2026-11-25", "2000-02-29",
			      "2026-12-31"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct rec r;
		rec_init(&r);
		parse_into(ok[i], &r, 0, "");
		assert_string_equal(r.date, want[i]);
		rec_free(&r);
	}
}

static void test_fm_is_date(void **state)
{
	(void)state;
	assert_int_equal(fm_is_date("2026-11-25"), 1);
	assert_int_equal(fm_is_date("2024-02-29"), 1);
	assert_int_equal(fm_is_date("2000-02-29"), 1);
	assert_int_equal(fm_is_date("2026-01-31"), 1);
	assert_int_equal(fm_is_date("2026-04-30"), 1);
	assert_int_equal(fm_is_date("2026-12-31"), 1);
	assert_int_equal(fm_is_date("2026-02-30"), 0);
	assert_int_equal(fm_is_date("2026-02-29"), 0);
	assert_int_equal(fm_is_date("1900-02-29"), 0);
	assert_int_equal(fm_is_date("2100-02-29"), 0);
	assert_int_equal(fm_is_date("2026-04-31"), 0);
	assert_int_equal(fm_is_date("2026-13-01"), 0);
	assert_int_equal(fm_is_date("2026-00-10"), 0);
	assert_int_equal(fm_is_date("2026-01-00"), 0);
	assert_int_equal(fm_is_date("2026-01-32"), 0);
	assert_int_equal(fm_is_date("2026-1-01"), 0);
	assert_int_equal(fm_is_date("2026-01-1"), 0);
	assert_int_equal(fm_is_date("2026-01-011"), 0);
	assert_int_equal(fm_is_date("2026/01/01"), 0);
	assert_int_equal(fm_is_date("2026-01-0a"), 0);
	assert_int_equal(fm_is_date("+026-01-01"), 0);
	assert_int_equal(fm_is_date("yesterday"), 0);
	assert_int_equal(fm_is_date(""), 0);
}

static void test_choice(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	parse_into("title: A\ncategory: stretch\n", &r, 0, "");
	assert_int_equal(r.category, 0);
	rec_free(&r);
	rec_init(&r);
	parse_into("title: A\ncategory: strength\n", &r, 0, "");
	assert_int_equal(r.category, 1);
	rec_free(&r);
	check_parse("title: A\ncategory: strenght\n", -1,
		    "pamphlet: p.md:3:11: error: unknown category \"strenght\" "
		    "(expected stretch, strength or aerobic)\n");
	check_parse("title: A\ncategory: Stretch\n", -1,
		    "pamphlet: p.md:3:11: error: unknown category \"Stretch\" "
		    "(expected stretch, strength or aerobic)\n");
	check_parse("title: A\ncategory: [stretch]\n", -1,
		    "pamphlet: p.md:3:11: error: \"category\" must be text, "
		    "found a list\n");
}

static void test_choice_two_and_one(void **state)
{
	(void)state;
	check_site("clinic:\n  name: N\npaper: legal\n", -1,
		   "pamphlet: site.yaml:3:8: error: unknown paper \"legal\" "
		   "(expected a4 or letter)\n");
	check_site("clinic:\n  name: N\nmode: other\n", -1,
		   "pamphlet: site.yaml:3:7: error: unknown mode \"other\" "
		   "(expected only)\n");
	struct rec r;
	struct capture c;
	rec_init(&r);
	cap_open(&c);
	const char *y = "clinic:\n  name: N\npaper: letter\nmode: only\n";
	int rc = fm_parse("site.yaml", y, strlen(y), 1, site_schema, NSITE, &r,
			  &c.d);
	rec_free(&r);
	assert_string_equal(cap_take(&c), "");
	assert_int_equal(rc, 0);
	assert_int_equal(r.paper, 1);
	assert_int_equal(r.category, 0);
}

/* ---- fm_parse: nested mappings ---- */

static void test_nested_map_missing_required(void **state)
{
	(void)state;
	check_parse("title: A\nclinic:\n  phone: 1\n", -1,
		    "pamphlet: p.md:4:3: error: missing required key \"name\" "
		    "in \"clinic\"\n");
	check_site("title: T\nclinic:\n  phone: 1\n", -1,
		   "pamphlet: site.yaml:3:3: error: missing required key "
		   "\"name\" in \"clinic\"\n");
}

static void test_nested_map_empty_required(void **state)
{
	(void)state;
	check_site("clinic:\n  name:\n", -1,
		   "pamphlet: site.yaml:2:8: error: \"name\" is empty "
		   "(expected a value)\n");
}

static void test_map_expected(void **state)
{
	(void)state;
	check_site("clinic: Our clinic\n", -1,
		   "pamphlet: site.yaml:1:9: error: \"clinic\" must be a group "
		   "of indented keys, found text\n");
	check_site("clinic:\n  - name\n", -1,
		   "pamphlet: site.yaml:2:3: error: \"clinic\" must be a group "
		   "of indented keys, found a list\n");
}

static void test_required_map_missing(void **state)
{
	(void)state;
	check_site("title: T\npaper: a4\n", -1,
		   "pamphlet: site.yaml:1:1: error: missing required key "
		   "\"clinic\"\n");
}

/* ---- several errors, true lines ---- */

static void test_every_error_reported(void **state)
{
	(void)state;
	struct rec r;
	struct capture c;
	rec_init(&r);
	cap_open(&c);
	const char *y = "titel: A\n"
			"order: x\n"
			"date: 2026-02-30\n"
			"clinic:\n"
			"  phone: 1\n"
			"flag: perhaps\n";
	int rc = fm_parse("p.md", y, strlen(y), 2, schema, NSCHEMA, &r, &c.d);
	rec_free(&r);
	struct diag d = c.d;
	const char *got = cap_take(&c);
	assert_int_equal(rc, -1);
	assert_string_equal(
		got,
		"pamphlet: p.md:2:1: error: unknown key \"titel\" (did you "
		"mean \"title\"? expected one of: " KEYS ")\n"
		"pamphlet: p.md:3:8: error: \"order\" is \"x\", not a whole "
		"number (expected, for example, 1)\n"
		"pamphlet: p.md:4:7: error: \"date\" is \"2026-02-30\", not a "
		"date (expected YYYY-MM-DD, such as 2026-11-25)\n"
		"pamphlet: p.md:6:3: error: missing required key \"name\" in "
		"\"clinic\"\n"
		"pamphlet: p.md:7:7: error: \"flag\" is \"perhaps\" (expected "
		"true or false)\n"
		"pamphlet: p.md:2:1: error: missing required key \"title\"\n");
	assert_int_equal(d.errors, 6);
	assert_int_equal(d.syserrs, 0);
	assert_int_equal(diag_exit_code(&d), 1);
}

static void test_strings_kept_on_error(void **state)
{
	(void)state;
	struct rec r;
	rec_init(&r);
	/* The caller frees what was stored, even when fm_parse fails. */
	parse_into("title: Kept\nclinic:\n  phone: 555\nextra: 1\n", &r, -1,
		   "pamphlet: p.md:4:3: error: missing required key \"name\" "
		   "in \"clinic\"\n"
		   "pamphlet: p.md:5:1: error: unknown key \"extra\" "
		   "(expected one of: " KEYS ")\n");
	assert_string_equal(r.title, "Kept");
	assert_string_equal(r.phone, "555");
	rec_free(&r);
}

/* A whole file: fm_split, then fm_parse at yaml_line. */
static void check_file(const char *text, const char *want_diag)
{
	struct fm_split s;
	struct capture c;
	struct rec r;
	rec_init(&r);
	cap_open(&c);
	int rc = fm_split("p.md", text, strlen(text), &s, &c.d);
	if (rc == 0)
		rc = fm_parse("p.md", s.yaml, s.yaml_len, s.yaml_line, schema,
			      NSCHEMA, &r, &c.d);
	rec_free(&r);
	assert_string_equal(cap_take(&c), want_diag);
	assert_int_equal(rc, want_diag[0] ? -1 : 0);
}

static void test_file_lines_are_true(void **state)
{
	(void)state;
	const char *want = "pamphlet: p.md:3:1: error: unknown key \"colour\" "
			   "(expected one of: " KEYS ")\n";
	check_file("---\ntitle: A\ncolour: red\n---\nBody\n", want);
	check_file("\xEF\xBB\xBF---\ntitle: A\ncolour: red\n---\nBody\n",
		   want);
	check_file("---\r\ntitle: A\r\ncolour: red\r\n---\r\nBody\r\n", want);
	check_file("---  \ntitle: A\ncolour: red\n...\nBody\n", want);
	check_file("---\ntitle: A\n\n\ndate: 2026-13-01\n---\n",
		   "pamphlet: p.md:5:7: error: \"date\" is \"2026-13-01\", not "
		   "a date (expected YYYY-MM-DD, such as 2026-11-25)\n");
	check_file("---\n---\nBody\n",
		   "pamphlet: p.md:1:1: error: missing required key "
		   "\"title\"\n");
	check_file("---\ntitle: A\n---\n# Body\n", "");
}

/* ---- fm_parse_opts(): limits, hidden values, items with columns ---- */

struct item {
	char *name;
	int line, col;
};
struct plan_rec {
	char *who, *when;
	struct item *items;
	size_t nitems;
};
static const struct fm_field item_keys[] = {
	{"name", FM_TEXT, 1, offsetof(struct item, name), NULL, NULL, 0, NULL},
};
static const struct fm_items item_list = {
	sizeof(struct item), offsetof(struct plan_rec, nitems),
	offsetof(struct item, line), 3, offsetof(struct item, col)};
static const struct fm_field plan_schema[] = {
	{"who", FM_TEXT, 0, offsetof(struct plan_rec, who), NULL, NULL, 0,
	 NULL},
	{"when", FM_DATE, 0, offsetof(struct plan_rec, when), NULL, NULL, 0,
	 NULL},
	{"items", FM_ITEMS, 1, offsetof(struct plan_rec, items), NULL,
	 item_keys, 1, &item_list},
};

static const char *parse_plan(const char *yaml, struct plan_rec *r,
			      int hide)
{
	static char got[20000];
	struct capture c;
	cap_open(&c);
	struct fm_opts o = {10, hide};
	memset(r, 0, sizeof *r);
	fm_parse_opts("plan.yaml", yaml, strlen(yaml), 1, plan_schema, 3, r,
		      NULL, &o, &c.d);
	snprintf(got, sizeof got, "%s", cap_take(&c));
	return got;
}

static void plan_free(struct plan_rec *r)
{
	fm_items_free(&plan_schema[2], r);
	free(r->who);
	free(r->when);
}

static void test_opts_limits_and_hidden_values(void **state)
{
	(void)state;
	struct plan_rec r;
	const char *yaml = "who: \"Émile Zolà-Long\"\nwhen: Alex Example\n"
			   "items:\n  - name: ok\n  -   name: \"ten chars!\"\n"
			   "  - name: eleven char\n";
	/* Characters are counted, not bytes: "Émile Zolà-Long" is 15. */
	assert_string_equal(
		parse_plan(yaml, &r, 1),
		"pamphlet: plan.yaml:1:6: error: \"who\" is 15 characters long "
		"(expected at most 10)\n"
		"pamphlet: plan.yaml:2:7: error: \"when\" is not a date "
		"(expected YYYY-MM-DD, such as 2026-11-25)\n"
		"pamphlet: plan.yaml:6:11: error: \"name\" is 11 characters "
		"long (expected at most 10)\n");
	assert_int_equal(r.nitems, 3);
	assert_string_equal(r.items[0].name, "ok");
	assert_int_equal(r.items[0].line, 4);
	assert_int_equal(r.items[0].col, 5);
	assert_int_equal(r.items[1].line, 5);
	assert_int_equal(r.items[1].col, 7);
	assert_string_equal(r.items[1].name, "ten chars!");
	plan_free(&r);
	/* Without hide_values the value is named. */
	if (strstr(parse_plan(yaml, &r, 0), "\"when\" is \"Alex Example\", "
			      "not a date") == NULL)
		fail_msg("the value is not named");
	plan_free(&r);
	/* More items than max_items. */
	assert_string_equal(
		parse_plan("items:\n- name: a\n- name: b\n- name: c\n"
			   "- name: d\n", &r, 1),
		"pamphlet: plan.yaml:2:1: error: \"items\" has 4 items "
		"(expected at most 3)\n");
	plan_free(&r);
	/* A required list must not be empty: the message names its key. */
	assert_string_equal(
		parse_plan("who: x\nitems: []\n", &r, 1),
		"pamphlet: plan.yaml:2:1: error: \"items\" has no items "
		"(expected 1 to 3)\n");
	assert_int_equal(r.nitems, 0);
	plan_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_basic),
		cmocka_unit_test(test_split_bom),
		cmocka_unit_test(test_split_crlf),
		cmocka_unit_test(test_split_fence_trailing_blanks),
		cmocka_unit_test(test_split_dots_close),
		cmocka_unit_test(test_split_closing_fence_is_first_match),
		cmocka_unit_test(test_split_empty_yaml_and_body),
		cmocka_unit_test(test_split_len_not_nul),
		cmocka_unit_test(test_split_empty_file),
		cmocka_unit_test(test_split_no_front_matter),
		cmocka_unit_test(test_split_unclosed),
		cmocka_unit_test(test_parse_every_type),
		cmocka_unit_test(test_parse_text_forms),
		cmocka_unit_test(test_parse_keeps_absent_fields),
		cmocka_unit_test(test_parse_replaces_old_text),
		cmocka_unit_test(test_parse_empty_optional_values),
		cmocka_unit_test(test_parse_crlf),
		cmocka_unit_test(test_unknown_key_did_you_mean),
		cmocka_unit_test(test_unknown_key_no_hint),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_non_scalar_key),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_empty_required),
		cmocka_unit_test(test_empty_quoted_required),
		cmocka_unit_test(test_invalid_yaml),
		cmocka_unit_test(test_list_where_text),
		cmocka_unit_test(test_mapping_where_text),
		cmocka_unit_test(test_root_not_mapping),
		cmocka_unit_test(test_empty_yaml),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_bad_dates),
		cmocka_unit_test(test_good_dates),
		cmocka_unit_test(test_fm_is_date),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_choice_two_and_one),
		cmocka_unit_test(test_nested_map_missing_required),
		cmocka_unit_test(test_nested_map_empty_required),
		cmocka_unit_test(test_map_expected),
		cmocka_unit_test(test_required_map_missing),
		cmocka_unit_test(test_every_error_reported),
		cmocka_unit_test(test_strings_kept_on_error),
		cmocka_unit_test(test_file_lines_are_true),
		cmocka_unit_test(test_opts_limits_and_hidden_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
