/*
 * test_template.c: unit tests for the template engine (template.h).
 *
 * Every test compares exact output and exact diagnostics, which are
 * captured through an open_memstream stream set as struct diag's out.
 * Partials live in a temporary folder made with mkdtemp and removed again.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* mkdtemp; helpers.h */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "helpers.h"
#include "template.h"
#include "util.h"

/* ---- helpers ---- */

/* Compile src as "t.html" (partials from dir, may be NULL), render it with
 * ctx and check the output and the diagnostics (both exact). */
static void check_render(const char *src, const struct tval *ctx,
			 const char *dir, const char *want_out,
			 const char *want_diag, int want_rc)
{
	struct capture cap;
	struct buf out = BUF_INIT;
	cap_open(&cap);
	struct tmpl_set *set =
		tmpl_load_string("t.html", src, strlen(src), dir, &cap.d);
	if (set == NULL)
		fail_msg("compile failed: %s", cap_text(&cap));
	int rc = tmpl_render(set, "t.html", ctx, &out, &cap.d);
	assert_int_equal(rc, want_rc);
	if (want_out != NULL)
		assert_string_equal(buf_cstr(&out), want_out);
	assert_string_equal(cap_text(&cap), want_diag);
	tmpl_set_free(set);
	buf_free(&out);
	cap_close(&cap);
}

static void check_ok(const char *src, const struct tval *ctx,
		     const char *want)
{
	check_render(src, ctx, NULL, want, "", 0);
}

/* Compile src, which must fail with exactly the diagnostics want. */
static void check_compile_error(const char *src, const char *dir,
				const char *want)
{
	struct capture cap;
	cap_open(&cap);
	struct tmpl_set *set =
		tmpl_load_string("t.html", src, strlen(src), dir, &cap.d);
	assert_null(set);
	assert_string_equal(cap_text(&cap), want);
	assert_true(cap.d.errors > 0);
	cap_close(&cap);
}

/* A temporary template folder with a partials/ folder. */
struct tmpdir {
	char path[64];
	char *files[16]; /* relative names written, to remove */
	size_t n;
};

static void tmp_make(struct tmpdir *t)
{
	memset(t, 0, sizeof *t);
	strcpy(t->path, "/tmp/test_template-XXXXXX");
	assert_non_null(mkdtemp(t->path));
	char *p = xasprintf("%s/partials", t->path);
	assert_int_equal(mkdir(p, 0777), 0);
	free(p);
}

static void tmp_write(struct tmpdir *t, const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", t->path, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(p);
	int known = 0;
	for (size_t i = 0; i < t->n; i++)
		known |= strcmp(t->files[i], rel) == 0;
	if (!known) {
		assert_true(t->n < ARRAY_LEN(t->files));
		t->files[t->n++] = xstrdup(rel);
	}
}

static void tmp_remove(struct tmpdir *t)
{
	for (size_t i = 0; i < t->n; i++) {
		char *p = xasprintf("%s/%s", t->path, t->files[i]);
		assert_int_equal(unlink(p), 0);
		free(p);
		free(t->files[i]);
	}
	char *p = xasprintf("%s/partials", t->path);
	assert_int_equal(rmdir(p), 0);
	free(p);
	assert_int_equal(rmdir(t->path), 0);
}

/* ---- values ---- */

static void test_values(void **state)
{
	(void)state;
	struct tval *o = tval_object();
	tval_set_text(o, "a", "one");
	tval_set_text(o, "a", "two"); /* replaces (frees) "one" */
	tval_set_text(o, "n", NULL);  /* empty text */
	struct tval *l = tval_set(o, "l", tval_list());
	tval_list_add(l, tval_text_n("xyz", 2));
	tval_list_add(l, tval_text_own(xstrdup("own")));
	assert_int_equal(tval_list_len(l), 2);
	assert_int_equal(tval_list_len(o), 0);
	assert_int_equal(tval_list_len(NULL), 0);
	check_ok("{{a}}[{{n}}]{{#l}}<{{.}}>{{/l}}", o, "two[]<xy><own>");
	tval_free(o);
	tval_free(NULL);
}

/* ---- output ---- */

static void test_escaped_raw(void **state)
{
	(void)state;
	struct tval *o = tval_object();
	tval_set_text(o, "x", "<a href=\"u\">&'</a>");
	check_ok("{{x}}|{{{x}}}|{{&x}}|{{ x }}", o,
		 "&lt;a href=&quot;u&quot;&gt;&amp;&#39;&lt;/a&gt;|"
		 "<a href=\"u\">&'</a>|<a href=\"u\">&'</a>|"
		 "&lt;a href=&quot;u&quot;&gt;&amp;&#39;&lt;/a&gt;");
	/* Braces that are no tag are text. */
	check_ok("a { b } c }} {x}", o, "a { b } c }} {x}");
	check_ok("", o, "");
	tval_free(o);
}

static void test_render_appends(void **state)
{
	(void)state;
	struct capture cap;
	struct buf out = BUF_INIT;
	struct tval *o = tval_object();
	tval_set_text(o, "x", "X");
	cap_open(&cap);
	buf_puts(&out, "before:");
	struct tmpl_set *set = tmpl_load_string("t.html", "{{x}}", 5, NULL,
						&cap.d);
	assert_non_null(set);
	assert_int_equal(tmpl_render(set, "t.html", o, &out, &cap.d), 0);
	assert_int_equal(tmpl_render(set, "t.html", o, &out, &cap.d), 0);
	assert_string_equal(buf_cstr(&out), "before:XX");
	/* A name that was not loaded. */
	assert_int_equal(tmpl_render(set, "other.html", o, &out, &cap.d), -1);
	assert_string_equal(cap_text(&cap), "pamphlet: error: no template "
					    "\"other.html\" was loaded\n");
	tmpl_set_free(set);
	buf_free(&out);
	tval_free(o);
	cap_close(&cap);
}

static void test_dotted(void **state)
{
	(void)state;
	struct tval *o = tval_object();
	struct tval *a = tval_set(o, "a", tval_object());
	struct tval *b = tval_set(a, "b", tval_object());
	tval_set_text(b, "c", "C");
	tval_set_text(a, "d", "D");
	tval_set_text(o, "d", "outer");
	check_ok("{{a.b.c}} {{a.d}} {{d}} {{#a}}{{d}} {{b.c}}{{/a}}", o,
		 "C D outer D C");
	tval_free(o);
}

static void test_lists(void **state)
{
	(void)state;
	struct tval *o = tval_object();
	struct tval *items = tval_set(o, "items", tval_list());
	const char *names[] = {"one", "two & three"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		struct tval *it = tval_object();
		tval_set_text(it, "name", names[i]);
		tval_list_add(items, it);
	}
	struct tval *tags = tval_set(o, "tags", tval_list());
	tval_list_add(tags, tval_text("a<b"));
	tval_list_add(tags, tval_text("c"));
	tval_set(o, "none", tval_list());
	check_ok("<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>", o,
		 "<ul><li>one</li><li>two &amp; three</li></ul>");
	check_ok("{{#tags}}[{{.}}|{{{.}}}]{{/tags}}", o, "[a&lt;b|a<b][c|c]");
	check_ok("{{#none}}x{{/none}}{{^none}}empty{{/none}}"
		 "{{^tags}}no{{/tags}}",
		 o, "empty");
	tval_free(o);
}

static void test_sections_by_type(void **state)
{
	(void)state;
	struct tval *o = tval_object();
	tval_set_bool(o, "yes", 1);
	tval_set_bool(o, "no", 0);
	tval_set_text(o, "t", "text");
	tval_set_text(o, "empty", "");
	struct tval *obj = tval_set(o, "obj", tval_object());
	tval_set_text(obj, "k", "K");
	tval_set(o, "eobj", tval_object());
	check_ok("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^yes}}!Y{{/yes}}"
		 "{{^no}}!N{{/no}}",
		 o, "Y!N");
	/* Text: shown once, and is {{.}} inside. */
	check_ok("{{#t}}<{{.}}>{{/t}}{{#empty}}E{{/empty}}"
		 "{{^empty}}!E{{/empty}}{{^t}}!T{{/t}}",
		 o, "<text>!E");
	/* Object: shown once as the context; even an empty one. */
	check_ok("{{#obj}}{{k}}{{/obj}}{{^obj}}!O{{/obj}}"
		 "{{#eobj}}e{{t}}{{/eobj}}{{^eobj}}!E{{/eobj}}",
		 o, "Ketext");
	/* A flag pushes no context: {{.}} is still the item around it. */
	struct tval *l = tval_set(o, "l", tval_list());
	tval_list_add(l, tval_text("i"));
	check_ok("{{#l}}{{#yes}}{{.}}{{/yes}}{{/l}}", o, "i");
	tval_free(o);
}

static void test_nested_outer_lookup(void **state)
{
	(void)state;
	struct tval *o = tval_object();
	tval_set_text(o, "site", "S");
	tval_set_text(o, "title", "page");
	struct tval *secs = tval_set(o, "sections", tval_list());
	for (int i = 0; i < 2; i++) {
		struct tval *sec = tval_object();
		tval_set_text(sec, "title", i ? "B" : "A");
		struct tval *items = tval_set(sec, "items", tval_list());
		for (int j = 0; j < 2; j++) {
			struct tval *it = tval_object();
			tval_set_text(it, "name", j ? "y" : "x");
			tval_list_add(items, it);
		}
		tval_list_add(secs, sec);
	}
	check_ok("{{#sections}}{{#items}}{{site}}/{{title}}/{{name}};"
		 "{{/items}}{{/sections}}{{title}}",
		 o, "S/A/x;S/A/y;S/B/x;S/B/y;page");
	tval_free(o);
}

static void test_standalone(void **state)
{
	(void)state;
	struct tval *o = tval_object();
	struct tval *l = tval_set(o, "items", tval_list());
	tval_list_add(l, tval_text("a"));
	tval_list_add(l, tval_text("b"));
	tval_set_bool(o, "t", 1);
	check_ok("<ul>\n"
		 "  {{#items}}\n"
		 "  <li>{{.}}</li>\n"
		 "  {{/items}}\n"
		 "</ul>\n"
		 "\t{{! a comment\n spanning lines }}  \n"
		 "{{^items}}\n"
		 "none\n"
		 "{{/items}}\n"
		 "end\n"
		 "  {{! last line, no newline }} ",
		 o, "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\nend\n");
	/* Not alone on their lines: everything stays. */
	check_ok("a {{#t}}x{{/t}} b\n  {{#t}}y{{/t}}\n{{#t}} \nz{{/t}}c\n", o,
		 "a x b\n  y\nz" "c\n");
	/* Variables are never standalone. */
	struct tval *v = tval_object();
	tval_set_text(v, "x", "X");
	check_ok("  {{x}}\n", v, "  X\n");
	/* CRLF line ends. */
	check_ok("{{#t}}\r\nin\r\n{{/t}}\r\nout\r\n", o, "in\r\nout\r\n");
	tval_free(v);
	tval_free(o);
}

/* ---- partials ---- */

static void test_partials(void **state)
{
	(void)state;
	struct tmpdir td;
	struct capture cap;
	struct buf out = BUF_INIT;
	tmp_make(&td);
	tmp_write(&td, "page.html",
		  "<main>\n"
		  "  {{> head}}\n"
		  "{{#items}}{{> item}}{{/items}}\n"
		  "{{> head}}</main>\n");
	tmp_write(&td, "other.html", "{{> item}}");
	tmp_write(&td, "partials/head.html", "<h1>{{title}}</h1>\n");
	tmp_write(&td, "partials/item.html", "[{{> dot}}]");
	tmp_write(&td, "partials/dot.html", "{{.}}");

	struct tval *o = tval_object();
	tval_set_text(o, "title", "T&T");
	struct tval *l = tval_set(o, "items", tval_list());
	tval_list_add(l, tval_text("a"));
	tval_list_add(l, tval_text("b"));

	cap_open(&cap);
	const char *names[] = {"page.html", "other.html", "page.html"};
	struct tmpl_set *set =
		tmpl_load(td.path, names, ARRAY_LEN(names), &cap.d);
	assert_non_null(set);
	/* Partials were compiled at load: changing a file now shows that
	 * nothing is read or parsed again per render. */
	tmp_write(&td, "partials/head.html", "changed");
	assert_int_equal(tmpl_render(set, "page.html", o, &out, &cap.d), 0);
	assert_string_equal(buf_cstr(&out), "<main>\n"
					    "<h1>T&amp;T</h1>\n"
					    "[a][b]\n"
					    "<h1>T&amp;T</h1>\n"
					    "</main>\n");
	/* Any value can be the outermost context. */
	buf_reset(&out);
	struct tval *top = tval_text("top");
	assert_int_equal(tmpl_render(set, "other.html", top, &out, &cap.d), 0);
	assert_string_equal(buf_cstr(&out), "[top]");
	assert_string_equal(cap_text(&cap), "");
	tval_free(top);
	tmpl_set_free(set);

	/* From a string, with the same folder. */
	buf_reset(&out);
	set = tmpl_load_string("s.html", "{{> head}}", 10, td.path, &cap.d);
	assert_non_null(set);
	assert_int_equal(tmpl_render(set, "s.html", o, &out, &cap.d), 0);
	assert_string_equal(buf_cstr(&out), "changed");
	tmpl_set_free(set);

	tval_free(o);
	buf_free(&out);
	cap_close(&cap);
	tmp_remove(&td);
}

/* A partial can include itself as long as the data runs out (a tree). */
static void test_partial_recursion_ok(void **state)
{
	(void)state;
	struct tmpdir td;
	tmp_make(&td);
	tmp_write(&td, "partials/node.html",
		  "({{name}}{{#kids}}{{> node}}{{/kids}})");
	struct tval *root = tval_object();
	tval_set_text(root, "name", "r");
	struct tval *kids = tval_set(root, "kids", tval_list());
	struct tval *a = tval_object();
	tval_set_text(a, "name", "a");
	struct tval *akids = tval_set(a, "kids", tval_list());
	struct tval *a1 = tval_object();
	tval_set_text(a1, "name", "a1");
	tval_set(a1, "kids", tval_list());
	tval_list_add(akids, a1);
	tval_list_add(kids, a);
	struct tval *b = tval_object();
	tval_set_text(b, "name", "b");
	tval_set(b, "kids", tval_list());
	tval_list_add(kids, b);
	check_render("{{> node}}", root, td.path, "(r(a(a1))(b))", "", 0);
	tval_free(root);
	tmp_remove(&td);
}

static void test_partial_recursion_stops(void **state)
{
	(void)state;
	struct tmpdir td;
	tmp_make(&td);
	tmp_write(&td, "partials/r.html", "x{{> r}}");
	tmp_write(&td, "partials/a.html", "{{> b}}");
	tmp_write(&td, "partials/b.html", "{{#t}}{{> a}}{{/t}}");
	/* Twice per level: must stop at once, not take 2^32 steps. */
	tmp_write(&td, "partials/twice.html", "{{> twice}}{{> twice}}");
	struct tval *o = tval_object();
	tval_set_bool(o, "t", 1);

	char *want = xasprintf("pamphlet: %s/partials/r.html:1:2: error: "
			       "partials nested more than 32 deep: does "
			       "\"r\" include itself?\n",
			       td.path);
	check_render("{{> r}}", o, td.path,
		     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", want, -1);
	free(want);

	want = xasprintf("pamphlet: %s/partials/b.html:1:7: error: "
			 "partials nested more than 32 deep: does \"a\" "
			 "include itself?\n",
			 td.path);
	check_render("{{> a}}", o, td.path, "", want, -1);
	free(want);

	want = xasprintf("pamphlet: %s/partials/twice.html:1:1: error: "
			 "partials nested more than 32 deep: does "
			 "\"twice\" include itself?\n",
			 td.path);
	check_render("{{> twice}}", o, td.path, "", want, -1);
	free(want);
	tval_free(o);
	tmp_remove(&td);
}

static void test_partial_errors(void **state)
{
	(void)state;
	struct tmpdir td;
	struct capture cap;
	tmp_make(&td);
	tmp_write(&td, "partials/ok.html", "fine {{> inner}}");
	tmp_write(&td, "partials/bad.html", "x\n{{#open}}\n");

	/* Missing: reported at the {{> }} that asked for it, once, even when
	 * used twice; a missing partial of a partial is reported in the
	 * partial. */
	char *want = xasprintf(
		"pamphlet: t.html:2:3: error: missing partial \"nav\": no file "
		"%s/partials/nav.html\n"
		"pamphlet: %s/partials/ok.html:1:6: error: missing partial "
		"\"inner\": no file %s/partials/inner.html\n",
		td.path, td.path, td.path);
	check_compile_error("a\n  {{> nav}}{{> ok}}\n{{> nav}}", td.path,
			    want);
	free(want);

	/* Errors inside a partial name the partial's file. */
	want = xasprintf("pamphlet: %s/partials/bad.html:2:1: error: section "
			 "{{#open}} is never closed: expected {{/open}}\n",
			 td.path);
	check_compile_error("{{> bad}}", td.path, want);
	free(want);

	/* Without a folder, any partial is an error. */
	check_compile_error("{{> p}}", NULL,
			    "pamphlet: t.html:1:1: error: partial \"p\" cannot "
			    "be loaded: no template folder given\n");
	/* Partials stay inside partials/. */
	check_compile_error(
		"{{> ../x}} {{>/etc/passwd}}", td.path,
		"pamphlet: t.html:1:1: error: bad partial name \"../x\": use "
		"letters, digits, \"_\", \"-\" and \".\", with \"/\" between "
		"folders\n"
		"pamphlet: t.html:1:12: error: bad partial name \"/etc/passwd\": "
		"use letters, digits, \"_\", \"-\" and \".\", with \"/\" "
		"between folders\n");

	/* A named template that does not exist, next to a good one with a
	 * compile error: both reported, nothing leaks. */
	tmp_write(&td, "page.html", "{{> ok}}{{/x}}");
	cap_open(&cap);
	const char *names[] = {"nope.html", "page.html"};
	assert_null(tmpl_load(td.path, names, 2, &cap.d));
	want = xasprintf(
		"pamphlet: %s/nope.html: error: cannot open: No such file or "
		"directory\n"
		"pamphlet: %s/page.html:1:9: error: {{/x}} closes nothing: no "
		"section is open\n"
		"pamphlet: %s/partials/ok.html:1:6: error: missing partial "
		"\"inner\": no file %s/partials/inner.html\n",
		td.path, td.path, td.path, td.path);
	assert_string_equal(cap_text(&cap), want);
	assert_int_equal(diag_exit_code(&cap.d), EXIT_SYSTEM);
	free(want);
	cap_close(&cap);
	tmp_remove(&td);
}

/* ---- compile errors ---- */

static void test_unclosed_tag(void **state)
{
	(void)state;
	check_compile_error("a\n  {{name\nb {{x}}",
			    NULL,
			    "pamphlet: t.html:2:3: error: unclosed tag: "
			    "expected \"}}\"\n");
	check_compile_error("{{x", NULL,
			    "pamphlet: t.html:1:1: error: unclosed tag: "
			    "expected \"}}\"\n");
	check_compile_error("ab{{x{{y}}", NULL,
			    "pamphlet: t.html:1:3: error: unclosed tag: "
			    "expected \"}}\"\n");
	check_compile_error("x\n{{{raw}}\n", NULL,
			    "pamphlet: t.html:2:1: error: unclosed tag: "
			    "expected \"}}}\"\n");
	check_compile_error("{{! never ends }", NULL,
			    "pamphlet: t.html:1:1: error: unclosed comment: "
			    "expected \"}}\"\n");
	/* Columns count characters, not bytes: "é€ " is 3 characters. */
	check_compile_error("\xc3\xa9\xe2\x82\xac {{x", NULL,
			    "pamphlet: t.html:1:4: error: unclosed tag: "
			    "expected \"}}\"\n");
}

static void test_section_errors(void **state)
{
	(void)state;
	check_compile_error("x\n {{#a}}\n{{^b}}\n", NULL,
			    "pamphlet: t.html:2:2: error: section {{#a}} is "
			    "never closed: expected {{/a}}\n"
			    "pamphlet: t.html:3:1: error: section {{^b}} is "
			    "never closed: expected {{/b}}\n");
	/* The mismatch is reported; {{/a}} then still closes {{#a}}. */
	check_compile_error("{{#a}}\n  {{/b}}\n{{/a}}\n", NULL,
			    "pamphlet: t.html:2:3: error: expected {{/a}}, "
			    "found {{/b}}\n");
	/* Closing an outer section closes the inner one too. */
	check_compile_error("{{#a}}{{#b}}{{/a}}{{/b}}", NULL,
			    "pamphlet: t.html:1:13: error: expected {{/b}}, "
			    "found {{/a}}\n"
			    "pamphlet: t.html:1:19: error: {{/b}} closes "
			    "nothing: no section is open\n");
	check_compile_error("ok\n{{/x}}", NULL,
			    "pamphlet: t.html:2:1: error: {{/x}} closes "
			    "nothing: no section is open\n");
}

static void test_name_errors(void **state)
{
	(void)state;
	check_compile_error("{{}} {{ }} {{#}} {{{ }}} {{/}} {{>}} {{&}}", NULL,
			    "pamphlet: t.html:1:1: error: empty tag {{}}: "
			    "expected a name\n"
			    "pamphlet: t.html:1:6: error: empty tag {{}}: "
			    "expected a name\n"
			    "pamphlet: t.html:1:12: error: empty tag {{#}}: "
			    "expected a name\n"
			    "pamphlet: t.html:1:18: error: empty tag {{{}}}: "
			    "expected a name\n"
			    "pamphlet: t.html:1:26: error: empty tag {{/}}: "
			    "expected a name\n"
			    "pamphlet: t.html:1:32: error: empty tag {{>}}: "
			    "expected a name\n"
			    "pamphlet: t.html:1:38: error: empty tag {{&}}: "
			    "expected a name\n");
	check_compile_error("{{a b}}{{#a..b}}{{/a..b}}{{.a}}", NULL,
			    "pamphlet: t.html:1:1: error: bad name \"a b\": "
			    "use letters, digits, \"_\" and \"-\", with \".\" "
			    "between parts\n"
			    "pamphlet: t.html:1:8: error: bad name \"a..b\": "
			    "use letters, digits, \"_\" and \"-\", with \".\" "
			    "between parts\n"
			    "pamphlet: t.html:1:26: error: bad name \".a\": "
			    "use letters, digits, \"_\" and \"-\", with \".\" "
			    "between parts\n");
	check_compile_error("{{=<% %>=}}", NULL,
			    "pamphlet: t.html:1:1: error: changing delimiters "
			    "with {{=...=}} is not supported\n");
}

/* All errors of a template are reported, in order, not just the first. */
static void test_all_errors_reported(void **state)
{
	(void)state;
	check_compile_error("<p>{{title</p>\n"
			    "{{#list}}\n"
			    "  {{}}\n"
			    "  {{/lsit}}\n"
			    "{{{raw}}\n"
			    "{{#open}}\n",
			    NULL,
			    "pamphlet: t.html:1:4: error: unclosed tag: "
			    "expected \"}}\"\n"
			    "pamphlet: t.html:3:3: error: empty tag {{}}: "
			    "expected a name\n"
			    "pamphlet: t.html:4:3: error: expected {{/list}}, "
			    "found {{/lsit}}\n"
			    "pamphlet: t.html:5:1: error: unclosed tag: "
			    "expected \"}}}\"\n"
			    "pamphlet: t.html:2:1: error: section {{#list}} "
			    "is never closed: expected {{/list}}\n"
			    "pamphlet: t.html:6:1: error: section {{#open}} "
			    "is never closed: expected {{/open}}\n");
}

/* Positions late in a long template stay exact: lines count "\n" only
 * (a CR before it is the end of its line), columns count characters (a
 * tab is one, "é" is one, a stray continuation byte none, a byte that
 * starts nothing valid one), and a comment may span lines. */
static void test_positions_late(void **state)
{
	(void)state;
	struct buf src = BUF_INIT;
	for (int i = 0; i < 400; i++)
		buf_puts(&src, "\xc3\xa9\t{{#a}}\xc3\xbc{{/a}}\r\n");
	for (int i = 0; i < 2000; i++) /* line 401 */
		buf_puts(&src, "{{#a}}{{/a}}");
	buf_puts(&src, "\xc3\xa9\t{{}}\r\n");
	buf_puts(&src, "\t\xe6\x97\xa5\xe6\x9c\xac {{/zz}}\r\n");
	buf_puts(&src, "{{! a comment\r\n over \xc3\xa9 lines }}\t{{a b}}\r\n");
	buf_puts(&src, "\xff\x80{{#}}\r\n"); /* line 405 */
	buf_puts(&src, "ab{{x\r\n");
	buf_puts(&src, "{{#open}}\xc3\xa9");
	check_compile_error(buf_cstr(&src), NULL,
			    "pamphlet: t.html:401:24003: error: empty tag "
			    "{{}}: expected a name\n"
			    "pamphlet: t.html:402:5: error: {{/zz}} closes "
			    "nothing: no section is open\n"
			    "pamphlet: t.html:404:18: error: bad name \"a b\": "
			    "use letters, digits, \"_\" and \"-\", with \".\" "
			    "between parts\n"
			    "pamphlet: t.html:405:2: error: empty tag {{#}}: "
			    "expected a name\n"
			    "pamphlet: t.html:406:3: error: unclosed tag: "
			    "expected \"}}\"\n"
			    "pamphlet: t.html:407:1: error: section {{#open}} "
			    "is never closed: expected {{/open}}\n");
	buf_free(&src);
}

static void test_nesting_depth(void **state)
{
	(void)state;
	struct buf src = BUF_INIT;
	struct tval *o = tval_object();
	tval_set_bool(o, "a", 1);

	/* TMPL_MAX_DEPTH sections nested: fine. */
	for (int i = 0; i < TMPL_MAX_DEPTH; i++)
		buf_puts(&src, "{{#a}}");
	buf_puts(&src, "x");
	for (int i = 0; i < TMPL_MAX_DEPTH; i++)
		buf_puts(&src, "{{/a}}");
	check_ok(buf_cstr(&src), o, "x");

	/* One more: rejected at the tag that goes too deep. */
	buf_reset(&src);
	for (int i = 0; i <= TMPL_MAX_DEPTH; i++)
		buf_puts(&src, "{{#a}}");
	for (int i = 0; i <= TMPL_MAX_DEPTH; i++)
		buf_puts(&src, "{{/a}}");
	check_compile_error(buf_cstr(&src), NULL,
			    "pamphlet: t.html:1:193: error: sections nested "
			    "more than 32 deep\n");

	/* Very deep: no stack overflow, and the flood of errors is cut. */
	buf_reset(&src);
	for (int i = 0; i < 100000; i++)
		buf_puts(&src, "{{^a}}\n");
	struct buf want = BUF_INIT;
	buf_puts(&want, "pamphlet: t.html:33:1: error: sections nested "
			"more than 32 deep\n");
	for (int i = 1; i < 20; i++)
		buf_printf(&want,
			   "pamphlet: t.html:%d:1: error: section {{^a}} is "
			   "never closed: expected {{/a}}\n",
			   i);
	buf_puts(&want, "pamphlet: t.html: error: too many errors (20), "
			"giving up on this template\n");
	check_compile_error(buf_cstr(&src), NULL, buf_cstr(&want));
	buf_free(&want);
	buf_free(&src);
	tval_free(o);
}

/* ---- render errors ---- */

static void test_render_errors(void **state)
{
	(void)state;
	struct tval *o = tval_object();
	tval_set_text(o, "t", "text");
	tval_set_bool(o, "b", 1);
	struct tval *l = tval_set(o, "l", tval_list());
	tval_list_add(l, tval_text("1"));
	tval_list_add(l, tval_text("2"));
	tval_list_add(l, tval_text("3"));
	struct tval *a = tval_set(o, "a", tval_object());
	tval_set(a, "b", tval_list());

	check_render("line1\n  {{titel}} after", o, NULL, "line1\n   after",
		     "pamphlet: t.html:2:3: error: unknown variable \"titel\" "
		     "(not set for this page)\n",
		     -1);
	check_render("{{#nope}}x{{/nope}}{{^nope}}y{{/nope}}.", o, NULL, ".",
		     "pamphlet: t.html:1:1: error: unknown variable \"nope\" "
		     "(not set for this page)\n"
		     "pamphlet: t.html:1:20: error: unknown variable \"nope\" "
		     "(not set for this page)\n",
		     -1);
	check_render("{{a.x}}|{{t.x}}|{{a.b.c}}", o, NULL, "||",
		     "pamphlet: t.html:1:1: error: unknown variable \"a.x\" "
		     "(\"a\" has no \"x\")\n"
		     "pamphlet: t.html:1:9: error: unknown variable \"t.x\" "
		     "(\"t\" is text, not an object)\n"
		     "pamphlet: t.html:1:17: error: unknown variable \"a.b.c\" "
		     "(\"a.b\" is a list, not an object)\n",
		     -1);
	check_render("{{l}}{{{b}}}{{a}}", o, NULL, "",
		     "pamphlet: t.html:1:1: error: \"l\" is a list, expected "
		     "text\n"
		     "pamphlet: t.html:1:6: error: \"b\" is true/false, "
		     "expected text\n"
		     "pamphlet: t.html:1:13: error: \"a\" is an object, "
		     "expected text\n",
		     -1);
	/* In a loop, a bad tag is reported once, not once per item. */
	check_render("{{#l}}{{.}}{{zz}};{{/l}}", o, NULL, "1;2;3;",
		     "pamphlet: t.html:1:12: error: unknown variable \"zz\" "
		     "(not set for this page)\n",
		     -1);
	check_render("[{{.}}]", NULL, NULL, "[]",
		     "pamphlet: t.html:1:2: error: nothing to show for \".\" "
		     "here\n",
		     -1);
	tval_free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_escaped_raw),
		cmocka_unit_test(test_render_appends),
		cmocka_unit_test(test_dotted),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_sections_by_type),
		cmocka_unit_test(test_nested_outer_lookup),
		cmocka_unit_test(test_standalone),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_partial_recursion_ok),
		cmocka_unit_test(test_partial_recursion_stops),
		cmocka_unit_test(test_partial_errors),
		cmocka_unit_test(test_unclosed_tag),
		cmocka_unit_test(test_section_errors),
		cmocka_unit_test(test_name_errors),
		cmocka_unit_test(test_all_errors_reported),
		cmocka_unit_test(test_positions_late),
		cmocka_unit_test(test_nesting_depth),
		cmocka_unit_test(test_render_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
