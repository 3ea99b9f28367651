/*
 * test_watch.c: unit tests for the file watcher of `pamphlet serve`
 * (watch.h), on a real folder from mkdtemp (removed again by each test).
 *
 * inotify queues an event when the file operation returns, so each test
 * changes files and then reads the events without blocking: no sleeps,
 * no timing.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp; helpers.h */
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

#include "fsutil.h"
#include "helpers.h"
#include "watch.h"

struct fixture {
	char tmp[64];      /* the mkdtemp folder: the content root */
	char path[256];    /* scratch for paths under it */
	struct diag d;
	struct watch *w;
};

static const char *at(struct fixture *fx, const char *rel)
{
	snprintf(fx->path, sizeof fx->path, "%s/%s", fx->tmp, rel);
	return fx->path;
}

static void put(struct fixture *fx, const char *rel, const char *text)
{
	FILE *f = fopen(at(fx, rel), "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	if (fx == NULL)
		return -1;
	snprintf(fx->tmp, sizeof fx->tmp, "/tmp/pamphlet-test-watch-XXXXXX");
	if (mkdtemp(fx->tmp) == NULL)
		return -1;
	mkdir(at(fx, "exercises"), 0777);
	const char *roots[] = {fx->tmp};
	/* The output folder inside the content folder, not there yet. */
	fx->w = watch_new(roots, 1, at(fx, "_site"), &fx->d);
	*state = fx;
	return fx->w == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	watch_free(fx->w);
	rm_tree(fx->tmp);
	free(fx);
	return 0;
}

static void test_ignored_names(void **state)
{
	(void)state;
	const char *ignored[] = {".#causes.md", ".causes.md.swp", "causes.md~",
				 "4913", "#causes.md#", "causes.md.swp",
				 "causes.md.swx", "x.tmp", ".hidden",
				 ".index.html.tmp-42", "a.md___jb_tmp___", ""};
	const char *kept[] = {"causes.md", "4913.md", "site.yaml",
			      "chest-stretch.jpg", "#notes", "swp", "49130"};
	for (size_t i = 0; i < sizeof ignored / sizeof *ignored; i++)
		assert_true(watch_ignored_name(ignored[i]));
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
		assert_false(watch_ignored_name(kept[i]));
}

static void test_nothing_pending(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(watch_read(fx->w, &fx->d), 0);
}

static void test_write_is_a_change(void **state)
{
	struct fixture *fx = *state;
	put(fx, "causes.md", "text");
	assert_true(watch_read(fx->w, &fx->d) > 0);
	assert_int_equal(watch_read(fx->w, &fx->d), 0);
	put(fx, "exercises/rows.md", "text");
	assert_true(watch_read(fx->w, &fx->d) > 0);
	assert_int_equal(unlink(at(fx, "exercises/rows.md")), 0);
	assert_true(watch_read(fx->w, &fx->d) > 0);
}

static void test_rename_over_is_a_change(void **state)
{
	struct fixture *fx = *state;
	char from[256];
	put(fx, "causes.md", "old");
	put(fx, ".causes.md.swp", "new"); /* ignored on its own */
	assert_true(watch_read(fx->w, &fx->d) > 0);
	put(fx, ".causes.md.swp", "newer");
	assert_int_equal(watch_read(fx->w, &fx->d), 0);
	snprintf(from, sizeof from, "%s", at(fx, ".causes.md.swp"));
	assert_int_equal(rename(from, at(fx, "causes.md")), 0);
	assert_true(watch_read(fx->w, &fx->d) > 0);
}

static void test_editor_litter_is_not_a_change(void **state)
{
	struct fixture *fx = *state;
	put(fx, "4913", "");
	put(fx, "causes.md~", "backup");
	put(fx, ".#causes.md", "lock");
	put(fx, "#causes.md#", "auto-save");
	put(fx, "exercises/.rows.md.swx", "swap");
	unlink(at(fx, "4913"));
	assert_int_equal(watch_read(fx->w, &fx->d), 0);
}

static void test_new_folders_are_watched(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(mkdir(at(fx, "images"), 0777), 0);
	assert_true(watch_read(fx->w, &fx->d) > 0);
	put(fx, "images/a.png", "png");
	assert_true(watch_read(fx->w, &fx->d) > 0);
	/* Nested, made in one go: the deepest one is watched too. */
	assert_int_equal(mkdir(at(fx, "images/x"), 0777), 0);
	assert_int_equal(mkdir(at(fx, "images/x/y"), 0777), 0);
	assert_true(watch_read(fx->w, &fx->d) > 0);
	put(fx, "images/x/y/b.png", "png");
	assert_true(watch_read(fx->w, &fx->d) > 0);
	/* A folder moved in from elsewhere. */
	char outside[96], from[128];
	snprintf(outside, sizeof outside, "%s-away", fx->tmp);
	assert_int_equal(mkdir(outside, 0777), 0);
	snprintf(from, sizeof from, "%s/sub", outside);
	assert_int_equal(mkdir(from, 0777), 0);
	assert_int_equal(rename(from, at(fx, "moved")), 0);
	rmdir(outside);
	assert_true(watch_read(fx->w, &fx->d) > 0);
	put(fx, "moved/c.md", "text");
	assert_true(watch_read(fx->w, &fx->d) > 0);
	assert_int_equal(fx->d.warnings + fx->d.errors + fx->d.syserrs, 0);
}

static void test_folder_moved_out(void **state)
{
	struct fixture *fx = *state;
	char away[96], inside[128];
	assert_int_equal(mkdir(at(fx, "images"), 0777), 0);
	assert_true(watch_read(fx->w, &fx->d) > 0);
	snprintf(away, sizeof away, "%s-away", fx->tmp);
	assert_int_equal(rename(at(fx, "images"), away), 0);
	assert_true(watch_read(fx->w, &fx->d) > 0);
	/* What happens to it now is no change of the site. */
	snprintf(inside, sizeof inside, "%s/a.png", away);
	FILE *f = fopen(inside, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(watch_read(fx->w, &fx->d), 0);
	unlink(inside);
	rmdir(away);
	/* A folder renamed inside the tree is still watched. */
	assert_int_equal(rename(at(fx, "exercises"), away), 0);
	assert_int_equal(rename(away, at(fx, "moves")), 0);
	assert_true(watch_read(fx->w, &fx->d) > 0);
	put(fx, "moves/rows.md", "text");
	assert_true(watch_read(fx->w, &fx->d) > 0);
}

static void test_output_folder_is_skipped(void **state)
{
	struct fixture *fx = *state;
	/* A build makes out/ inside content/ and writes into it. */
	assert_int_equal(mkdir(at(fx, "_site"), 0777), 0);
	assert_int_equal(mkdir(at(fx, "_site/causes"), 0777), 0);
	put(fx, "_site/causes/index.html", "page");
	put(fx, "_site/index.html", "page");
	assert_int_equal(watch_read(fx->w, &fx->d), 0);
	/* A sibling whose name starts the same is watched. */
	assert_int_equal(mkdir(at(fx, "_site2"), 0777), 0);
	assert_true(watch_read(fx->w, &fx->d) > 0);
}

static void test_root_removed_and_back(void **state)
{
	struct fixture *fx = *state;
	char *root = strdup(fx->tmp), moved[96];
	snprintf(moved, sizeof moved, "%s-moved", fx->tmp);
	/* Moved away (a "git checkout" of another tree, say). */
	assert_int_equal(rename(root, moved), 0);
	assert_true(watch_read(fx->w, &fx->d) > 0);
	/* Changes in the moved tree are not changes of the site. */
	snprintf(fx->path, sizeof fx->path, "%s/causes.md", moved);
	FILE *f = fopen(fx->path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(watch_read(fx->w, &fx->d), 0);
	/* Back: watch_wait() finds it again, a change, then quiet. */
	assert_int_equal(rename(moved, root), 0);
	assert_int_equal(watch_wait(fx->w, -1, 1, &fx->d), 1);
	put(fx, "exercises/new.md", "text");
	assert_true(watch_read(fx->w, &fx->d) > 0);
	free(root);
}

static void test_wait_and_stop(void **state)
{
	struct fixture *fx = *state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	/* A change, then quiet: 1. */
	put(fx, "faq.md", "text");
	assert_int_equal(watch_wait(fx->w, p[0], 1, &fx->d), 1);
	/* The stop descriptor wins, even over a pending change. */
	put(fx, "faq.md", "more");
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(watch_wait(fx->w, p[0], 1000, &fx->d), 0);
	close(p[0]);
	close(p[1]);
}

/* Many folders, made and removed out of order, round after round (new
 * watch descriptors keep growing past the size of the watcher's index,
 * so that they share its slots): each change is still found under its
 * own folder. */
static void test_many_folders(void **state)
{
	struct fixture *fx = *state;
	enum { ROUNDS = 14, N = 200, KEEP = 20 };
	char rel[64];
	int lost;
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < N; i++) {
			snprintf(rel, sizeof rel, "d%d-%03d", r, i);
			assert_int_equal(mkdir(at(fx, rel), 0777), 0);
		}
		assert_true(watch_read(fx->w, &fx->d) > 0);
		/* All but one in KEEP removed, from the last. */
		for (int i = N - 1; i >= 0; i--) {
			if (i % KEEP == 0)
				continue;
			snprintf(rel, sizeof rel, "d%d-%03d", r, i);
			assert_int_equal(rmdir(at(fx, rel)), 0);
		}
		assert_true(watch_read(fx->w, &fx->d) > 0);
	}
	fs_free_list(watch_take_changed(fx->w, &lost));
	size_t want = 0;
	for (int r = 0; r < ROUNDS; r++)
		for (int i = 0; i < N; i += KEEP) {
			snprintf(rel, sizeof rel, "d%d-%03d/page.md", r, i);
			put(fx, rel, "text");
			want++;
		}
	assert_true(watch_read(fx->w, &fx->d) > 0);
	char **changed = watch_take_changed(fx->w, &lost);
	size_t n = 0;
	for (char **c = changed; *c; c++) {
		assert_non_null(strstr(*c, "/page.md"));
		n++;
	}
	assert_int_equal(n, want);
	fs_free_list(changed);
	assert_true(watch_complete(fx->w));
}

/* The watcher sees every change (watch_complete()) until a link shows
 * up, or a root goes: what those lead to changes without an event. */
static void test_complete(void **state)
{
	struct fixture *fx = *state;
	assert_true(watch_complete(fx->w));
	put(fx, "causes.md", "text");
	assert_true(watch_read(fx->w, &fx->d) > 0);
	assert_true(watch_complete(fx->w));
	assert_int_equal(symlink("/tmp", at(fx, "exercises/elsewhere")), 0);
	watch_read(fx->w, &fx->d);
	assert_false(watch_complete(fx->w));
	/* For good, even once the link is gone. */
	assert_int_equal(unlink(at(fx, "exercises/elsewhere")), 0);
	watch_read(fx->w, &fx->d);
	assert_false(watch_complete(fx->w));
}

static void test_complete_root_gone(void **state)
{
	struct fixture *fx = *state;
	char moved[96];
	snprintf(moved, sizeof moved, "%s-moved", fx->tmp);
	assert_int_equal(rename(fx->tmp, moved), 0);
	watch_read(fx->w, &fx->d);
	assert_false(watch_complete(fx->w));
	assert_int_equal(rename(moved, fx->tmp), 0);
}

/* A named pipe is a change like any file, and the watcher never opens
 * it: opening one to read waits for a writer.  alarm() turns such a wait
 * into a failure. */
static void test_named_pipe(void **state)
{
	struct fixture *fx = *state;
	char pipe_path[256];
	alarm(10);
	snprintf(pipe_path, sizeof pipe_path, "%s", at(fx, "exercises/x.md"));
	assert_int_equal(mkfifo(pipe_path, 0666), 0);
	assert_true(watch_read(fx->w, &fx->d) > 0);
	/* There when watching starts, in a folder or given as a root. */
	const char *roots[] = {fx->tmp, pipe_path};
	struct watch *w2 = watch_new(roots, 2, NULL, &fx->d);
	assert_non_null(w2);
	assert_int_equal(watch_read(w2, &fx->d), 0);
	watch_free(w2);
	assert_int_equal(unlink(pipe_path), 0);
	assert_true(watch_read(fx->w, &fx->d) > 0);
	alarm(0);
	assert_int_equal(fx->d.warnings + fx->d.errors + fx->d.syserrs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ignored_names),
		cmocka_unit_test_setup_teardown(test_nothing_pending, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_write_is_a_change, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rename_over_is_a_change,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_editor_litter_is_not_a_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_folders_are_watched,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_folder_moved_out, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_output_folder_is_skipped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_removed_and_back,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_and_stop, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_many_folders, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_complete, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_complete_root_gone, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_named_pipe, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
