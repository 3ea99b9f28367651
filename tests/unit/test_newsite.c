/*
 * test_newsite.c: unit tests for `pamphlet new` (newsite.h): the example
 * copied byte for byte with README.txt beside it, the templates only
 * when asked, hidden and backup files left out; a folder that is there
 * and not empty, or a file, refused and untouched; an empty folder used;
 * a named pipe in the example refused, with nothing left behind; a new
 * site inside the example refused.
 *
 * Each test gets its own folder from mkdtemp, removed by the teardown:
 * "example" and "templates" in it are what is copied.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw; helpers.h */
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
#include <unistd.h>

#include "diag.h"
#include "helpers.h"
#include "newsite.h"

struct fixture {
	char tmp[64];
	char example[96];
	char templates[96];
	char site[96];
};

static void put_n(const struct fixture *f, const char *rel, const char *data,
		  size_t len)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", f->tmp, rel);
	FILE *out = fopen(p, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(data, 1, len, out), len);
	assert_int_equal(fclose(out), 0);
}

static void put(const struct fixture *f, const char *rel, const char *text)
{
	put_n(f, rel, text, strlen(text));
}

static void dir(const struct fixture *f, const char *rel)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", f->tmp, rel);
	assert_int_equal(mkdir(p, 0777), 0);
}

/* The file at tmp/rel, whole ("" when missing: tests compare text). */
static const char *text_of(const struct fixture *f, const char *rel)
{
	static char got[4096];
	char p[256];
	snprintf(p, sizeof p, "%s/%s", f->tmp, rel);
	FILE *in = fopen(p, "rb");
	if (in == NULL)
		return "";
	size_t n = fread(got, 1, sizeof got - 1, in);
	fclose(in);
	got[n] = '\0';
	return got;
}

static int exists(const struct fixture *f, const char *rel)
{
	char p[256];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", f->tmp, rel);
	return lstat(p, &st) == 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	strcpy(f->tmp, "/tmp/pamphlet-newsite-XXXXXX");
	assert_non_null(mkdtemp(f->tmp));
	snprintf(f->example, sizeof f->example, "%s/example", f->tmp);
	snprintf(f->templates, sizeof f->templates, "%s/templates", f->tmp);
	snprintf(f->site, sizeof f->site, "%s/site", f->tmp);
	dir(f, "example");
	dir(f, "example/exercises");
	dir(f, "example/images");
	put(f, "example/site.yaml", "title: \"Back pain\"\n");
	put(f, "example/index.md", "---\ntitle: Home\n---\nHello.\n");
	put(f, "example/exercises/rows.md", "---\ntitle: Rows\n---\nPull.\n");
	put_n(f, "example/images/dot.png", "\x89PNG\r\n\x1a\n\0\0 bytes", 16);
	put(f, "example/.index.md.swp", "swap");
	put(f, "example/index.md~", "backup");
	dir(f, "templates");
	dir(f, "templates/partials");
	put(f, "templates/page.html", "<p>{{page.title}}</p>\n");
	put(f, "templates/partials/head.html", "<head>\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	rm_tree(f->tmp);
	free(f);
	return 0;
}

static int make(const struct fixture *f, int copy_templates,
		struct capture *c, size_t *files)
{
	struct newsite_opts o = {f->site, f->example, f->templates,
				 copy_templates};
	cap_open(c);
	return newsite_make(&o, files, &c->d);
}

static void test_copies_the_example(void **state)
{
	struct fixture *f = *state;
	struct capture c;
	size_t files;
	assert_int_equal(make(f, 0, &c, &files), EXIT_OK);
	assert_string_equal(cap_take(&c), "");
	assert_int_equal(files, 5); /* 4 and README.txt */
	assert_string_equal(text_of(f, "site/content/site.yaml"),
			    "title: \"Back pain\"\n");
	assert_string_equal(text_of(f, "site/content/exercises/rows.md"),
			    "---\ntitle: Rows\n---\nPull.\n");
	/* Bytes, NULs too. */
	char cmd[512];
	snprintf(cmd, sizeof cmd, "cmp -s '%s/example/images/dot.png' "
		 "'%s/site/content/images/dot.png'", f->tmp, f->tmp);
	assert_int_equal(system(cmd), 0);
	/* Not hidden or backup files, not the templates. */
	assert_false(exists(f, "site/content/.index.md.swp"));
	assert_false(exists(f, "site/content/index.md~"));
	assert_false(exists(f, "site/templates"));
	/* README.txt says what to do, and where the templates are. */
	const char *readme = text_of(f, "site/README.txt");
	assert_non_null(strstr(readme, "pamphlet build"));
	assert_non_null(strstr(readme, "out/index.html"));
	assert_non_null(strstr(readme, "pamphlet serve"));
	assert_non_null(strstr(readme, f->templates));
	/* No temporary file left. */
	snprintf(cmd, sizeof cmd, "find '%s/site' -name '*.tmp-*' | grep -q .",
		 f->tmp);
	assert_int_not_equal(system(cmd), 0);
}

static void test_templates_when_asked(void **state)
{
	struct fixture *f = *state;
	struct capture c;
	size_t files;
	assert_int_equal(make(f, 1, &c, &files), EXIT_OK);
	assert_string_equal(cap_take(&c), "");
	assert_int_equal(files, 7);
	assert_string_equal(text_of(f, "site/templates/partials/head.html"),
			    "<head>\n");
	assert_non_null(strstr(text_of(f, "site/README.txt"),
			       "templates/ in this folder"));
}

static void test_refuses_a_folder_in_use(void **state)
{
	struct fixture *f = *state;
	struct capture c;
	size_t files;
	dir(f, "site");
	put(f, "site/notes.txt", "mine");
	assert_int_equal(make(f, 1, &c, &files), EXIT_USAGE);
	assert_non_null(strstr(cap_take(&c), "/site: error: is a folder that "
						"is not empty"));
	assert_int_equal(c.d.errors, 1);
	assert_string_equal(text_of(f, "site/notes.txt"), "mine");
	assert_false(exists(f, "site/content"));
	assert_false(exists(f, "site/README.txt"));

	/* A README.txt of one's own is never replaced either. */
	char notes[256];
	snprintf(notes, sizeof notes, "%s/notes.txt", f->site);
	assert_int_equal(unlink(notes), 0);
	put(f, "site/README.txt", "mine");
	assert_int_equal(make(f, 0, &c, &files), EXIT_USAGE);
	cap_take(&c);
	assert_string_equal(text_of(f, "site/README.txt"), "mine");
}

static void test_refuses_a_file(void **state)
{
	struct fixture *f = *state;
	struct capture c;
	size_t files;
	put(f, "site", "a file");
	assert_int_equal(make(f, 0, &c, &files), EXIT_USAGE);
	assert_non_null(strstr(cap_take(&c), "/site: error: is a file"));
	assert_string_equal(text_of(f, "site"), "a file");
}

static void test_uses_an_empty_folder(void **state)
{
	struct fixture *f = *state;
	struct capture c;
	size_t files;
	dir(f, "site");
	assert_int_equal(make(f, 0, &c, &files), EXIT_OK);
	assert_string_equal(cap_take(&c), "");
	assert_true(exists(f, "site/content/index.md"));
}

static void test_makes_missing_parents(void **state)
{
	struct fixture *f = *state;
	struct capture c;
	size_t files;
	snprintf(f->site, sizeof f->site, "%s/a/b/site", f->tmp);
	assert_int_equal(make(f, 0, &c, &files), EXIT_OK);
	assert_string_equal(cap_take(&c), "");
	assert_true(exists(f, "a/b/site/content/site.yaml"));
}

/* A named pipe is refused, never waited on; what was made is taken
 * away, folders it made above the site too. */
static void test_pipe_refused_nothing_left(void **state)
{
	struct fixture *f = *state;
	struct capture c;
	size_t files;
	char p[256];
	snprintf(p, sizeof p, "%s/example/exercises/zz.md", f->tmp);
	assert_int_equal(mkfifo(p, 0666), 0);
	snprintf(f->site, sizeof f->site, "%s/a/site", f->tmp);
	assert_int_equal(make(f, 0, &c, &files), EXIT_CONTENT);
	assert_non_null(strstr(cap_take(&c), "zz.md: error: not a regular "
						"file (a named pipe)"));
	assert_false(exists(f, "a"));

	/* An empty folder that was there stays, empty. */
	snprintf(f->site, sizeof f->site, "%s/site", f->tmp);
	dir(f, "site");
	assert_int_equal(make(f, 0, &c, &files), EXIT_CONTENT);
	cap_take(&c);
	assert_true(exists(f, "site"));
	assert_false(exists(f, "site/content"));
}

static void test_missing_example(void **state)
{
	struct fixture *f = *state;
	struct capture c;
	size_t files;
	snprintf(f->example, sizeof f->example, "%s/nowhere", f->tmp);
	assert_int_equal(make(f, 0, &c, &files), EXIT_SYSTEM);
	assert_non_null(strstr(cap_take(&c), "the example site is not here"));
	assert_false(exists(f, "site"));
}

static void test_not_inside_the_example(void **state)
{
	struct fixture *f = *state;
	struct capture c;
	size_t files;
	snprintf(f->site, sizeof f->site, "%s/example/x/..//site", f->tmp);
	assert_int_equal(make(f, 0, &c, &files), EXIT_USAGE);
	assert_non_null(strstr(cap_take(&c), "would be inside the example"));
	assert_false(exists(f, "example/site"));
	snprintf(f->site, sizeof f->site, "%s/templates/site", f->tmp);
	assert_int_equal(make(f, 1, &c, &files), EXIT_USAGE);
	assert_non_null(strstr(cap_take(&c), "would be inside the templates"));
	assert_false(exists(f, "templates/site"));
}

/* The source tree's example for the program built in it, else DATADIR's
 * (this test runs as tests/unit/test_newsite: not in generator/). */
static void test_shipped_find(void **state)
{
	(void)state;
	struct shipped s;
	shipped_find(&s, "/opt/p/share/pamphlet");
	assert_string_equal(s.example, "/opt/p/share/pamphlet/example/content");
	assert_string_equal(s.templates, "/opt/p/share/pamphlet/templates");
	shipped_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_copies_the_example, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_templates_when_asked,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_a_folder_in_use,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_a_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_uses_an_empty_folder,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_makes_missing_parents,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipe_refused_nothing_left,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_example, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_inside_the_example,
						setup, teardown),
		cmocka_unit_test(test_shipped_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
