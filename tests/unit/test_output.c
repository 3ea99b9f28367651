/*
 * test_output.c: unit tests for the in-memory output set and its commit
 * into a folder (output.h): files written only when their bytes change,
 * mtimes of unchanged files kept, stale files of the previous manifest
 * removed and their empty folders pruned, foreign files never touched,
 * no temporary files left behind.
 *
 * Each test gets its own folder from mkdtemp (removed again by the
 * teardown, even when the test fails); the output folder is "out" inside
 * it, so files "outside out/" can be planted next to it.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw, utimensat; helpers.h */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "helpers.h"
#include "output.h"
#include "state.h"

/* An mtime far in the past, to see whether a file was rewritten. */
#define OLD_TIME ((time_t)1000000000)

struct fixture {
	char tmp[64];     /* the mkdtemp folder */
	char out[96];     /* tmp/out: the output folder */
	char state[96];   /* tmp/state: pamphlet's records about it */
	struct output o;  /* the set under test (freed by the teardown) */
	size_t foreign_tmps; /* temporary-looking files a test planted */
};

/* ---- file helpers ---- */

static char *path_in(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

static void write_file(const char *dir, const char *rel, const char *text)
{
	char *p = path_in(dir, rel);
	FILE *f = fopen(p, "wb");
	free(p);
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static void make_dir(const char *dir, const char *rel)
{
	char *p = path_in(dir, rel);
	int rc = mkdir(p, 0777);
	free(p);
	assert_int_equal(rc, 0);
}

/* The whole file at dir/rel must be exactly want[0..len). */
static void assert_file_bytes(const char *dir, const char *rel,
			      const char *want, size_t len)
{
	static char got[65536];
	char *p = path_in(dir, rel);
	FILE *f = fopen(p, "rb");
	free(p);
	if (f == NULL)
		fail_msg("%s/%s: cannot open: %s", dir, rel, strerror(errno));
	size_t n = fread(got, 1, sizeof got, f);
	fclose(f);
	if (n != len || memcmp(got, want, len) != 0)
		fail_msg("%s: %zu bytes \"%.*s\", expected %zu bytes \"%.*s\"",
			 rel, n, (int)n, got, len, (int)len, want);
}

static void assert_file(const char *dir, const char *rel, const char *want)
{
	assert_file_bytes(dir, rel, want, strlen(want));
}

static int exists(const char *dir, const char *rel)
{
	struct stat st;
	char *p = path_in(dir, rel);
	int r = lstat(p, &st) == 0;
	free(p);
	return r;
}

static void set_old_mtime(const char *dir, const char *rel)
{
	struct timespec ts[2] = {{OLD_TIME, 0}, {OLD_TIME, 0}};
	char *p = path_in(dir, rel);
	int rc = utimensat(AT_FDCWD, p, ts, 0);
	free(p);
	assert_int_equal(rc, 0);
}

static time_t mtime_of(const char *dir, const char *rel)
{
	struct stat st;
	char *p = path_in(dir, rel);
	int rc = stat(p, &st);
	free(p);
	assert_int_equal(rc, 0);
	return st.st_mtim.tv_sec;
}

/* Every file and folder under root, relative, sorted, one a line;
 * folders end with '/'. */
static char tree_text[8192];
static size_t tree_root_len;
static char *tree_items[256];
static size_t tree_n;

static int tree_entry(const char *path, const struct stat *sb, int flag,
		      struct FTW *ftw)
{
	(void)ftw;
	if (strlen(path) <= tree_root_len || tree_n == 256)
		return 0;
	const char *rel = path + tree_root_len + 1;
	size_t n = strlen(rel) + 2;
	char *item = malloc(n);
	if (item == NULL)
		return -1;
	snprintf(item, n, "%s%s", rel,
		 flag == FTW_D || S_ISDIR(sb->st_mode) ? "/" : "");
	tree_items[tree_n++] = item;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *tree(const char *root)
{
	tree_n = 0;
	tree_root_len = strlen(root);
	tree_text[0] = '\0';
	nftw(root, tree_entry, 16, FTW_PHYS);
	qsort(tree_items, tree_n, sizeof *tree_items, cmp_str);
	size_t len = 0;
	for (size_t i = 0; i < tree_n; i++) {
		len += (size_t)snprintf(tree_text + len, sizeof tree_text - len,
					"%s\n", tree_items[i]);
		free(tree_items[i]);
		if (len >= sizeof tree_text)
			len = sizeof tree_text - 1;
	}
	return tree_text;
}

/* ---- output helpers ---- */

static void add(struct output *o, const char *path, const char *text)
{
	char *data = strdup(text);
	assert_non_null(data);
	output_add(o, path, data, strlen(text));
}

/* Occurrences of needle in hay. */
static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Commit o into fx->out; return the diagnostics (static storage), the
 * return value and the exit code. */
static const char *try_commit(const struct output *o,
			      const struct fixture *fx,
			      struct output_stats *st, int *rc, int *code)
{
	struct capture c;
	cap_open(&c);
	*rc = output_commit(o, fx->out, fx->state, 2, st, &c.d);
	*code = diag_exit_code(&c.d);
	return cap_take(&c);
}

/* Commit o; expect success, no diagnostics, no temporary file anywhere
 * in the test folder afterwards (but the foreign ones planted) and no
 * journal. */
static struct output_stats commit(const struct output *o,
				  const struct fixture *fx)
{
	struct output_stats st;
	int rc, code;
	assert_string_equal(try_commit(o, fx, &st, &rc, &code), "");
	assert_int_equal(rc, 0);
	assert_int_equal(code, 0);
	const char *t = tree(fx->tmp);
	assert_int_equal(count_of(t, ".tmp-"), fx->foreign_tmps);
	assert_false(exists(fx->state, STATE_JOURNAL));
	/* Nothing of pamphlet's own in out/. */
	assert_null(strstr(tree(fx->out), ".pamphlet"));
	assert_null(strstr(tree(fx->out), "manifest"));
	return st;
}

static void assert_stats(struct output_stats st, size_t written,
			 size_t unchanged, size_t removed)
{
	assert_int_equal(st.written, written);
	assert_int_equal(st.unchanged, unchanged);
	assert_int_equal(st.removed, removed);
}

/* The three files of a small site; png has NUL and high bytes. */
static const char png[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\xFF";
#define PNG_LEN (sizeof png - 1)

static void add_site(struct output *o)
{
	add(o, "index.html", "<h1>Home</h1>\n");
	add(o, "exercises/rows/index.html", "<h1>Rows</h1>\n");
	char *data = malloc(PNG_LEN);
	assert_non_null(data);
	memcpy(data, png, PNG_LEN);
	output_add(o, "assets/media/rows.png", data, PNG_LEN);
}

/* ---- fixtures ---- */

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	if (fx == NULL)
		return -1;
	snprintf(fx->tmp, sizeof fx->tmp, "/tmp/pamphlet-test-output-XXXXXX");
	if (mkdtemp(fx->tmp) == NULL) {
		free(fx);
		return -1;
	}
	snprintf(fx->out, sizeof fx->out, "%s/out", fx->tmp);
	snprintf(fx->state, sizeof fx->state, "%s/state", fx->tmp);
	output_init(&fx->o);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	output_free(&fx->o);
	rm_tree(fx->tmp);
	free(fx);
	return 0;
}

/* ---- the set in memory ---- */

static void test_add_and_find(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	assert_int_equal(o->n, 0);
	assert_null(output_find(o, "index.html"));
	add(o, "index.html", "one");
	add(o, "faq/index.html", "two");
	assert_int_equal(o->n, 2);
	const struct out_file *f = output_find(o, "faq/index.html");
	assert_non_null(f);
	assert_string_equal(f->path, "faq/index.html");
	assert_int_equal(f->len, 3);
	assert_memory_equal(f->data, "two", 3);
	assert_null(output_find(o, "faq"));
	assert_null(output_find(o, "FAQ/index.html"));
	/* Adding a path again replaces its data (the old data is freed). */
	add(o, "index.html", "replaced");
	assert_int_equal(o->n, 2);
	f = output_find(o, "index.html");
	assert_int_equal(f->len, 8);
	assert_memory_equal(f->data, "replaced", 8);
	output_free(o);
	assert_int_equal(o->n, 0);
	assert_null(o->files);
	/* Free of a fresh set, and twice, is fine. */
	output_free(o);
}

static void test_many_files(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	char path[64], text[64];
	for (int i = 0; i < 150; i++) {
		snprintf(path, sizeof path, "p%03d/index.html", i);
		snprintf(text, sizeof text, "page %d", i);
		add(o, path, text);
	}
	assert_int_equal(o->n, 150);
	assert_stats(commit(o, fx), 150, 0, 0);
	assert_file(fx->out, "p000/index.html", "page 0");
	assert_file(fx->out, "p149/index.html", "page 149");
	assert_stats(commit(o, fx), 0, 150, 0);
	output_free(o);
}

/* ---- commit ---- */

static void test_first_commit_writes_all(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add_site(o);
	assert_stats(commit(o, fx), 3, 0, 0);
	assert_file(fx->out, "index.html", "<h1>Home</h1>\n");
	assert_file(fx->out, "exercises/rows/index.html", "<h1>Rows</h1>\n");
	assert_file_bytes(fx->out, "assets/media/rows.png", png, PNG_LEN);
	/* The manifest lists what was written, sorted, then the folders
	 * made. */
	assert_file(fx->state, STATE_MANIFEST,
		    "assets/media/rows.png\n"
		    "exercises/rows/index.html\n"
		    "index.html\n"
		    "assets/\n"
		    "assets/media/\n"
		    "exercises/\n"
		    "exercises/rows/\n");
	assert_string_equal(tree(fx->tmp),
			    "out/\n"
			    "out/assets/\n"
			    "out/assets/media/\n"
			    "out/assets/media/rows.png\n"
			    "out/exercises/\n"
			    "out/exercises/rows/\n"
			    "out/exercises/rows/index.html\n"
			    "out/index.html\n"
			    "state/\n"
			    "state/folder\n"
			    "state/manifest\n");
	output_free(o);
}

static void test_same_data_writes_nothing(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add_site(o);
	assert_stats(commit(o, fx), 3, 0, 0);
	output_free(o);

	const char *all[] = {"index.html", "exercises/rows/index.html",
			     "assets/media/rows.png", "../state/" STATE_MANIFEST};
	for (size_t i = 0; i < 4; i++)
		set_old_mtime(fx->out, all[i]);

	/* A new set with the same bytes, as the next build makes: nothing
	 * is written into out/ at all (a read-only out/ would do). */
	set_old_mtime(fx->tmp, "out");
	output_init(o);
	add_site(o);
	assert_stats(commit(o, fx), 0, 3, 0);
	assert_int_equal(mtime_of(fx->tmp, "out"), OLD_TIME);
	for (size_t i = 0; i < 4; i++)
		if (mtime_of(fx->out, all[i]) != OLD_TIME)
			fail_msg("%s was rewritten", all[i]);
	output_free(o);
}

static void test_changed_bytes_rewrite_only_that_file(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add_site(o);
	commit(o, fx);
	output_free(o);
	set_old_mtime(fx->out, "index.html");
	set_old_mtime(fx->out, "exercises/rows/index.html");
	set_old_mtime(fx->out, "assets/media/rows.png");
	set_old_mtime(fx->state, STATE_MANIFEST);

	/* Same length, different bytes: the contents are compared. */
	output_init(o);
	add_site(o);
	add(o, "exercises/rows/index.html", "<h1>ROWS</h1>\n");
	assert_stats(commit(o, fx), 1, 2, 0);
	assert_file(fx->out, "exercises/rows/index.html", "<h1>ROWS</h1>\n");
	assert_true(mtime_of(fx->out, "exercises/rows/index.html") != OLD_TIME);
	assert_int_equal(mtime_of(fx->out, "index.html"), OLD_TIME);
	assert_int_equal(mtime_of(fx->out, "assets/media/rows.png"), OLD_TIME);
	/* Same list of files: the manifest is not rewritten either. */
	assert_int_equal(mtime_of(fx->state, STATE_MANIFEST), OLD_TIME);
	output_free(o);

	/* A different length for index.html; rows back to what it was. */
	output_init(o);
	add_site(o);
	add(o, "index.html", "<h1>Home, longer</h1>\n");
	assert_stats(commit(o, fx), 2, 1, 0);
	assert_file(fx->out, "index.html", "<h1>Home, longer</h1>\n");
	assert_file(fx->out, "exercises/rows/index.html", "<h1>Rows</h1>\n");
	assert_true(mtime_of(fx->out, "index.html") != OLD_TIME);
	assert_int_equal(mtime_of(fx->out, "assets/media/rows.png"), OLD_TIME);
	output_free(o);
}

static void test_file_changed_on_disk_is_restored(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add_site(o);
	commit(o, fx);
	/* Someone edited the built file by hand: the build puts it back. */
	write_file(fx->out, "index.html", "<h1>Hacked</h1>\n");
	assert_stats(commit(o, fx), 1, 2, 0);
	assert_file(fx->out, "index.html", "<h1>Home</h1>\n");
	/* Someone deleted it: written again. */
	char *p = path_in(fx->out, "exercises/rows/index.html");
	assert_int_equal(unlink(p), 0);
	free(p);
	assert_stats(commit(o, fx), 1, 2, 0);
	assert_file(fx->out, "exercises/rows/index.html", "<h1>Rows</h1>\n");
	output_free(o);
}

static void test_dropped_file_removed_and_folder_pruned(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	add(o, "exercises/rows/index.html", "rows");
	add(o, "exercises/yoga/index.html", "yoga");
	add(o, "assets/media/exercises/rows.png", "png");
	assert_stats(commit(o, fx), 4, 0, 0);
	output_free(o);

	/* Rows is gone: its page and image, and their empty folders. */
	output_init(o);
	add(o, "index.html", "home");
	add(o, "exercises/yoga/index.html", "yoga");
	assert_stats(commit(o, fx), 0, 2, 2);
	assert_string_equal(tree(fx->out),
			    "exercises/\n"
			    "exercises/yoga/\n"
			    "exercises/yoga/index.html\n"
			    "index.html\n");
	assert_file(fx->state, STATE_MANIFEST,
		    "exercises/yoga/index.html\nindex.html\n"
		    "exercises/\nexercises/yoga/\n");
	assert_false(exists(fx->out, "exercises/rows"));
	assert_false(exists(fx->out, "assets"));
	assert_true(exists(fx->out, "exercises/yoga"));
	output_free(o);

	/* Nothing at all: only the output folder stays. */
	output_init(o);
	assert_stats(commit(o, fx), 0, 0, 2);
	assert_string_equal(tree(fx->out), "");
	assert_file(fx->state, STATE_MANIFEST, "");
	output_free(o);
}

static void test_foreign_files_untouched(void **state)
{
	struct fixture *fx = *state;
	/* Files pamphlet did not write, there before the first build. */
	assert_int_equal(mkdir(fx->out, 0777), 0);
	write_file(fx->out, "notes.txt", "mine");
	make_dir(fx->out, "exercises");
	make_dir(fx->out, "exercises/rows");
	write_file(fx->out, "exercises/rows/extra.txt", "also mine");
	set_old_mtime(fx->out, "notes.txt");
	set_old_mtime(fx->out, "exercises/rows/extra.txt");

	struct output *o = &fx->o;
	add(o, "index.html", "home");
	add(o, "exercises/rows/index.html", "rows");
	assert_stats(commit(o, fx), 2, 0, 0);
	/* (It made no folder: they were there.) */
	assert_file(fx->state, STATE_MANIFEST,
		    "exercises/rows/index.html\nindex.html\n");
	output_free(o);

	/* Rows is dropped: its page goes, the folder stays for extra.txt. */
	output_init(o);
	add(o, "index.html", "home");
	assert_stats(commit(o, fx), 0, 1, 1);
	assert_string_equal(tree(fx->out),
			    "exercises/\n"
			    "exercises/rows/\n"
			    "exercises/rows/extra.txt\n"
			    "index.html\n"
			    "notes.txt\n");
	assert_file(fx->out, "notes.txt", "mine");
	assert_file(fx->out, "exercises/rows/extra.txt", "also mine");
	assert_int_equal(mtime_of(fx->out, "notes.txt"), OLD_TIME);
	assert_int_equal(mtime_of(fx->out, "exercises/rows/extra.txt"),
			 OLD_TIME);
	output_free(o);
}

static void test_no_manifest_removes_nothing(void **state)
{
	struct fixture *fx = *state;
	/* An out/ from before pamphlet kept a manifest. */
	assert_int_equal(mkdir(fx->out, 0777), 0);
	write_file(fx->out, "old.html", "old");
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	assert_stats(commit(o, fx), 1, 0, 0);
	assert_file(fx->out, "old.html", "old");
	output_free(o);
}

static void test_manifest_cannot_reach_outside(void **state)
{
	struct fixture *fx = *state;
	/* A tampered manifest naming files outside out/ and the manifest
	 * itself: none of them is removed. */
	assert_int_equal(mkdir(fx->out, 0777), 0);
	write_file(fx->tmp, "victim.txt", "keep");
	char *abs = path_in(fx->tmp, "victim.txt");
	char manifest[512];
	snprintf(manifest, sizeof manifest,
		 "../victim.txt\n"
		 "sub/../../victim.txt\n"
		 "%s\n"
		 "gone.html\n"
		 "\n",
		 abs);
	free(abs);
	assert_int_equal(mkdir(fx->state, 0777), 0);
	write_file(fx->state, STATE_MANIFEST, manifest);
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	/* gone.html is listed but does not exist: not an error. */
	assert_stats(commit(o, fx), 1, 0, 0);
	assert_file(fx->tmp, "victim.txt", "keep");
	assert_file(fx->state, STATE_MANIFEST, "index.html\n");
	output_free(o);
}

static void test_file_becomes_folder(void **state)
{
	struct fixture *fx = *state;
	/* The previous build wrote "guide" (a file); this one writes
	 * "guide/index.html" instead.  The stale file must make way. */
	struct output *o = &fx->o;
	add(o, "guide", "a file");
	commit(o, fx);
	output_free(o);
	output_init(o);
	add(o, "guide/index.html", "now a page");
	assert_stats(commit(o, fx), 1, 0, 1);
	assert_file(fx->out, "guide/index.html", "now a page");
	assert_file(fx->state, STATE_MANIFEST, "guide/index.html\nguide/\n");
	output_free(o);
}

static void test_out_dir_is_a_file(void **state)
{
	struct fixture *fx = *state;
	write_file(fx->tmp, "out", "not a folder");
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	struct output_stats st;
	int rc, code;
	const char *got = try_commit(o, fx, &st, &rc, &code);
	char want[256];
	snprintf(want, sizeof want,
		 "pamphlet: %s: error: cannot make folder: a file is in the "
		 "way\n", fx->out);
	assert_string_equal(got, want);
	assert_int_equal(rc, -1);
	assert_int_equal(code, 3);
	assert_file(fx->tmp, "out", "not a folder");
}

static void test_all_or_nothing(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add(o, "index.html", "home v1");
	add(o, "exercises/rows/index.html", "rows v1");
	commit(o, fx);
	set_old_mtime(fx->out, "index.html");
	set_old_mtime(fx->out, "exercises/rows/index.html");
	set_old_mtime(fx->state, STATE_MANIFEST);
	/* A file of someone else's where this build needs a folder: the
	 * last file cannot be written, so none of the changes lands. */
	write_file(fx->out, "blocked", "foreign");
	output_free(o);
	output_init(o);
	add(o, "index.html", "home v2");
	add(o, "exercises/rows/index.html", "rows v2");
	add(o, "new/deep/index.html", "in folders this build makes");
	add(o, "blocked/index.html", "new page");
	struct output_stats st;
	int rc, code;
	const char *got = try_commit(o, fx, &st, &rc, &code);
	char want[256];
	snprintf(want, sizeof want,
		 "pamphlet: %s/blocked: error: cannot make folder: a file is "
		 "in the way\n", fx->out);
	assert_string_equal(got, want);
	assert_int_equal(rc, -1);
	assert_int_equal(code, 3);
	assert_int_equal(st.written, 0);
	assert_int_equal(st.removed, 0);
	assert_file(fx->out, "index.html", "home v1");
	assert_file(fx->out, "exercises/rows/index.html", "rows v1");
	assert_file(fx->out, "blocked", "foreign");
	assert_file(fx->state, STATE_MANIFEST,
		    "exercises/rows/index.html\nindex.html\n"
		    "exercises/\nexercises/rows/\n");
	assert_int_equal(mtime_of(fx->out, "index.html"), OLD_TIME);
	assert_int_equal(mtime_of(fx->out, "exercises/rows/index.html"),
			 OLD_TIME);
	assert_int_equal(mtime_of(fx->state, STATE_MANIFEST), OLD_TIME);
	/* No temporary file, no journal, and none of the folders it made
	 * for new/deep/index.html left. */
	assert_false(exists(fx->state, STATE_JOURNAL));
	assert_string_equal(tree(fx->out),
			    "blocked\n"
			    "exercises/\n"
			    "exercises/rows/\n"
			    "exercises/rows/index.html\n"
			    "index.html\n");
}

static void test_refuses_paths_outside(void **state)
{
	struct fixture *fx = *state;
	const char *bad[] = {"../evil.html", "a/../../evil.html",
			     "/tmp/evil.html", "a/../b.html"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct output *o = &fx->o;
		output_free(o);
		output_init(o);
		add(o, "index.html", "home");
		add(o, bad[i], "evil");
		struct output_stats st;
		int rc, code;
		const char *got = try_commit(o, fx, &st, &rc, &code);
		char want[256];
		snprintf(want, sizeof want,
			 "pamphlet: %s: error: refusing to write outside %s\n",
			 bad[i], fx->out);
		assert_string_equal(got, want);
		assert_int_equal(rc, -1);
		assert_int_equal(code, 3);
		/* Nothing written, not even the good file. */
		assert_string_equal(tree(fx->tmp), "");
	}
}

static void test_interrupted_build_temps_removed(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	add(o, "exercises/rows/index.html", "rows");
	commit(o, fx);
	/* What a build killed between writing and renaming leaves: its
	 * journal, temporary files beside its outputs and its records. */
	write_file(fx->state, STATE_JOURNAL,
		   "F index.html\nF exercises/rows/index.html\n"
		   "T .\nT exercises/rows\n");
	write_file(fx->out, ".index.html.tmp-4242", "half");
	write_file(fx->out, "exercises/rows/.index.html.tmp-17", "half");
	write_file(fx->state, ".cache.tmp-99", "half");
	assert_stats(commit(o, fx), 0, 2, 0);
	assert_false(exists(fx->state, ".cache.tmp-99"));
	assert_string_equal(tree(fx->out),
			    "exercises/\n"
			    "exercises/rows/\n"
			    "exercises/rows/index.html\n"
			    "index.html\n");
}

static void test_link_in_out_leads_nowhere(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	add(o, "exercises/yoga/index.html", "yoga");
	commit(o, fx);
	output_free(o);
	/* Someone replaced a folder of out/ with a link to another folder
	 * that holds a file of the same name; then yoga is deleted. */
	make_dir(fx->tmp, "victim");
	write_file(fx->tmp, "victim/index.html", "not pamphlet's");
	char *yoga = path_in(fx->out, "exercises/yoga");
	char *rm = path_in(yoga, "index.html");
	assert_int_equal(unlink(rm), 0);
	assert_int_equal(rmdir(yoga), 0);
	char *victim = path_in(fx->tmp, "victim");
	assert_int_equal(symlink(victim, yoga), 0);
	free(victim);
	free(rm);
	free(yoga);
	output_init(o);
	add(o, "index.html", "home");
	struct output_stats st;
	int rc, code;
	try_commit(o, fx, &st, &rc, &code);
	assert_int_equal(rc, 0);
	assert_file(fx->tmp, "victim/index.html", "not pamphlet's");
	output_free(o);
}

static void test_manifest_odd_spellings_touch_nothing(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	add(o, "faq/index.html", "faq");
	commit(o, fx);
	/* Spellings of this build's own files: not stale, not removed. */
	write_file(fx->state, STATE_MANIFEST,
		   "./index.html\nfaq//index.html\nfaq/./index.html\n"
		   "index.html\nfaq/index.html\n");
	assert_stats(commit(o, fx), 0, 2, 0);
	assert_file(fx->out, "index.html", "home");
	assert_file(fx->out, "faq/index.html", "faq");
	output_free(o);
}

static void test_line_break_in_a_path_refused(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	/* It would be two lines of the manifest: "assets/a" and a user's
	 * notes.txt, removed by a later build. */
	add(o, "assets/a\nnotes.txt", "png");
	struct output_stats st;
	int rc, code;
	const char *got = try_commit(o, fx, &st, &rc, &code);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(got, "refusing to write outside"));
	assert_false(exists(fx->out, "index.html"));
}

static void test_failed_build_keeps_a_killed_builds_journal(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	commit(o, fx);
	output_free(o);
	/* A killed build put exercises/orphan/index.html in place. */
	const char *killed = "F exercises/orphan/index.html\n"
			     "T exercises/orphan\nD exercises\n"
			     "D exercises/orphan\n";
	write_file(fx->state, STATE_JOURNAL, killed);
	make_dir(fx->out, "exercises");
	make_dir(fx->out, "exercises/orphan");
	write_file(fx->out, "exercises/orphan/index.html", "orphan");
	/* The next build fails (someone's file where its folder goes). */
	write_file(fx->out, "blocked", "foreign");
	output_init(o);
	add(o, "index.html", "home v2");
	add(o, "blocked/index.html", "new");
	struct output_stats st;
	int rc, code;
	try_commit(o, fx, &st, &rc, &code);
	assert_int_equal(rc, -1);
	assert_file(fx->state, STATE_JOURNAL, killed);
	output_free(o);
	/* The one after it still knows the orphan is pamphlet's. */
	output_init(o);
	add(o, "index.html", "home v2");
	commit(o, fx);
	assert_false(exists(fx->out, "exercises"));
	assert_file(fx->out, "blocked", "foreign");
	output_free(o);
}

static void test_journal_stays_until_the_manifest_is_written(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	commit(o, fx);
	output_free(o);
	/* The manifest cannot be written (a folder with a file in it). */
	char *m = path_in(fx->state, STATE_MANIFEST);
	assert_int_equal(unlink(m), 0);
	free(m);
	make_dir(fx->state, STATE_MANIFEST);
	write_file(fx->state, STATE_MANIFEST "/x", "x");
	output_init(o);
	add(o, "index.html", "home");
	add(o, "exercises/new/index.html", "new");
	struct output_stats st;
	int rc, code;
	try_commit(o, fx, &st, &rc, &code);
	assert_int_equal(rc, -1);
	/* The page is in place, and the journal still says so. */
	assert_true(exists(fx->state, STATE_JOURNAL));
	output_free(o);
	char *x = path_in(fx->state, STATE_MANIFEST "/x");
	unlink(x);
	free(x);
	char *md = path_in(fx->state, STATE_MANIFEST);
	rmdir(md);
	free(md);
	/* The next build, without that page, removes it. */
	output_init(o);
	add(o, "index.html", "home");
	commit(o, fx);
	assert_false(exists(fx->out, "exercises"));
	output_free(o);
}

static void test_killed_build_of_a_page_since_deleted(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	commit(o, fx);
	/* A build adding exercises/old/ was killed: it had made the
	 * folders, renamed one page into place and left a temporary file
	 * of another.  Then the source of both was deleted: this build
	 * makes neither, and no current file lies in those folders. */
	write_file(fx->state, STATE_JOURNAL,
		   "F index.html\nF exercises/old/index.html\n"
		   "F exercises/new/index.html\n"
		   "T .\nT exercises/old\nT exercises/new\n"
		   "D exercises\nD exercises/old\nD exercises/new\n");
	make_dir(fx->out, "exercises");
	make_dir(fx->out, "exercises/old");
	make_dir(fx->out, "exercises/new");
	write_file(fx->out, "exercises/old/index.html", "put in place");
	write_file(fx->out, "exercises/new/.index.html.tmp-4242", "half");
	write_file(fx->out, "mine.txt", "someone else's");
	assert_stats(commit(o, fx), 0, 1, 1);
	assert_string_equal(tree(fx->out), "index.html\nmine.txt\n");
	assert_file(fx->state, STATE_MANIFEST, "index.html\n");
	output_free(o);
}

static void test_earlier_version_records_moved_out(void **state)
{
	struct fixture *fx = *state;
	/* An out/ made by an earlier version: its manifest, cache and
	 * a temporary file of its cache in out/ itself. */
	assert_int_equal(mkdir(fx->out, 0777), 0);
	make_dir(fx->out, "exercises");
	make_dir(fx->out, "exercises/gone");
	write_file(fx->out, "exercises/gone/index.html", "old page");
	write_file(fx->out, "index.html", "home");
	write_file(fx->out, "notes.txt", "mine");
	write_file(fx->out, LEGACY_MANIFEST,
		   "exercises/gone/index.html\nindex.html\n");
	write_file(fx->out, LEGACY_CACHE, "cache");
	write_file(fx->out, "." LEGACY_CACHE ".tmp-77", "half");
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	/* The old manifest is read once: the deleted page goes, with the
	 * folders it had; then out/ holds only the site. */
	assert_stats(commit(o, fx), 0, 1, 1);
	assert_string_equal(tree(fx->out), "index.html\nnotes.txt\n");
	assert_file(fx->state, STATE_MANIFEST, "index.html\n");
	output_free(o);
}

static void test_temp_like_names_kept_without_marker(void **state)
{
	struct fixture *fx = *state;
	struct output *o = &fx->o;
	add(o, "index.html", "home");
	commit(o, fx);
	/* No interrupted build: a file that merely looks temporary is
	 * someone else's. */
	write_file(fx->out, ".notes.tmp-12", "mine");
	fx->foreign_tmps = 1;
	assert_stats(commit(o, fx), 0, 1, 0);
	assert_file(fx->out, ".notes.tmp-12", "mine");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_and_find, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_link_in_out_leads_nowhere,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_manifest_odd_spellings_touch_nothing, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_line_break_in_a_path_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_failed_build_keeps_a_killed_builds_journal, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_journal_stays_until_the_manifest_is_written, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_killed_build_of_a_page_since_deleted, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_earlier_version_records_moved_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_files, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_first_commit_writes_all,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_data_writes_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_changed_bytes_rewrite_only_that_file, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_file_changed_on_disk_is_restored, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_dropped_file_removed_and_folder_pruned, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_foreign_files_untouched,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_no_manifest_removes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_manifest_cannot_reach_outside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_becomes_folder,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_dir_is_a_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refuses_paths_outside,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_interrupted_build_temps_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_temp_like_names_kept_without_marker, setup,
			teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
