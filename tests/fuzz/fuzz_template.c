/*
 * fuzz_template.c: libFuzzer entry point for template.h.
 *
 * The input is a template: tmpl_load_string() compiles it, with partials
 * from a temporary folder made at startup (one plain partial, one in a
 * sub-folder, one that includes itself, one that does not compile), and
 * tmpl_render() renders it with a fixed context that has every kind of
 * value: text (with characters to escape), flags, empty text, lists of
 * objects and of text, an empty list and objects nested three deep.
 *
 * Diagnostics go to /dev/null: printing them would only slow fuzzing.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, realpath (helpers.h) */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "template.h"

#define FUZZ_NAME "fuzz_template"
#include "helpers.h"

static FILE *devnull;
static char tmpdir[PATH_MAX];
static struct tval *ctx; /* never freed: read-only, lives until exit */

/* Partials: path under the folder, contents. */
static const char *const partials[][2] = {
	{"partials/item.html",
	 "<li{{#current}} class=\"on\"{{/current}}>{{name}}"
	 "{{#sub}} {{sub.x}}{{/sub}}</li>\n"},
	{"partials/sub/inner.html", "  {{> item}}\n{{{body}}}\n"},
	{"partials/self.html", "{{#yes}}[{{> self}}]{{/yes}}"},
	{"partials/broken.html", "{{#yes}} never closed\n"},
};
#define NPARTIALS (sizeof partials / sizeof partials[0])

static void cleanup(void)
{
	char path[PATH_MAX];
	for (size_t i = 0; i < NPARTIALS; i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, partials[i][0]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/partials/sub", tmpdir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/partials", tmpdir);
	rmdir(path);
	rmdir(tmpdir);
}

static void write_partials(void)
{
	char path[PATH_MAX];
	make_tmpdir(tmpdir, sizeof tmpdir, "pamphlet-fuzz-tmpl");
	atexit(cleanup);
	snprintf(path, sizeof path, "%s/partials", tmpdir);
	if (mkdir(path, 0700) != 0)
		die(path);
	snprintf(path, sizeof path, "%s/partials/sub", tmpdir);
	if (mkdir(path, 0700) != 0)
		die(path);
	for (size_t i = 0; i < NPARTIALS; i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, partials[i][0]);
		FILE *f = fopen(path, "w");
		if (f == NULL || fputs(partials[i][1], f) < 0 || fclose(f) != 0)
			die(path);
	}
}

static struct tval *item(const char *name, int current, const char *x)
{
	struct tval *o = tval_object();
	tval_set_text(o, "name", name);
	tval_set_text(o, "url", "../a/b.html?x=1&y=<2>");
	tval_set_bool(o, "current", current);
	if (x != NULL)
		tval_set_text(tval_set(o, "sub", tval_object()), "x", x);
	return o;
}

static void make_context(void)
{
	ctx = tval_object();
	tval_set_text(ctx, "title", "Upper back <pain> & \"you\" 'too'");
	tval_set_text(ctx, "body", "<p>Raw <em>HTML</em></p>");
	tval_set_text(ctx, "empty", "");
	tval_set_text(ctx, "lang", "en");
	tval_set_bool(ctx, "yes", 1);
	tval_set_bool(ctx, "no", 0);
	struct tval *items = tval_set(ctx, "items", tval_list());
	tval_list_add(items, item("Chest stretch", 1, "x1"));
	tval_list_add(items, item("Rows", 0, NULL));
	tval_list_add(items, item("Ünïcode – “quotes”", 0, ""));
	struct tval *strings = tval_set(ctx, "strings", tval_list());
	tval_list_add(strings, tval_text("one"));
	tval_list_add(strings, tval_text("<two>"));
	tval_list_add(strings, tval_text(""));
	tval_set(ctx, "none", tval_list());
	struct tval *matrix = tval_set(ctx, "matrix", tval_list());
	for (int i = 0; i < 2; i++) {
		struct tval *row = tval_list();
		tval_list_add(row, tval_text("a"));
		tval_list_add(row, tval_bool(i));
		tval_list_add(matrix, row);
	}
	struct tval *page = tval_set(ctx, "page", tval_object());
	tval_set_text(page, "title", "Causes");
	tval_set_text(page, "body", "<h2 id=\"x\">Body</h2>");
	tval_set_text(page, "canonical", "");
	struct tval *meta = tval_set(page, "meta", tval_object());
	struct tval *deep = tval_set(meta, "deep", tval_object());
	tval_set_text(deep, "x", "deepest");
	tval_set_bool(deep, "flag", 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = open_devnull();
	write_partials();
	make_context();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = {.out = devnull};
	struct tmpl_set *set = tmpl_load_string("t.html", (const char *)data,
						size, tmpdir, &d);
	if (set == NULL) {
		CHECK(d.errors + d.syserrs > 0);
		return 0;
	}
	CHECK(d.errors == 0);
	struct buf out = BUF_INIT;
	if (tmpl_render(set, "t.html", ctx, &out, &d) != 0)
		CHECK(d.errors > 0);
	else
		CHECK(d.errors == 0);
	CHECK(out.len == 0 || strlen(buf_cstr(&out)) <= out.len);
	buf_free(&out);
	tmpl_set_free(set);
	return 0;
}
