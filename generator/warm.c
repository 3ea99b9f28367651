#define _GNU_SOURCE /* realpath */
#include "warm.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "fsutil.h"
#include "util.h"

struct warm {
	char *content_real; /* the content folder's real path, or NULL */
	char *out;          /* the output folder, as given */
	/* What changed since the last cache the builds saved (cache.h). */
	struct cache_hint since;
	struct cache *kept; /* the cache the last build kept, or NULL */
	struct watch *ow;   /* the output folder's watcher, or NULL */
	char *out_real;     /* its root: the output folder's real path */
	int ow_stopped;     /* 1: it stopped for good (a folder it could
			     * not watch) */
};

struct warm *warm_new(const char *content, const char *out)
{
	struct warm *wm = xcalloc(1, sizeof *wm);
	wm->content_real = realpath(content, NULL);
	wm->out = xstrdup(out);
	wm->since = (struct cache_hint){0, 1, STRMAP_INIT, 0, STRMAP_INIT};
	return wm;
}

/* Stop watching the output folder: for good, or until the next build
 * that succeeds makes it again. */
static void stop_out(struct warm *wm, int for_good)
{
	watch_free(wm->ow);
	wm->ow = NULL;
	free(wm->out_real);
	wm->out_real = NULL;
	wm->ow_stopped |= for_good;
	wm->since.out_known = 0;
}

void warm_free(struct warm *wm)
{
	if (wm == NULL)
		return;
	stop_out(wm, 1);
	cache_hint_free(&wm->since);
	cache_free(wm->kept);
	free(wm->content_real);
	free(wm->out);
	free(wm);
}

/* Watch the output folder, once a build has made it.  Its first changes
 * say lost: what happened before it started is unknown. */
static void start_out(struct warm *wm)
{
	if (wm->ow != NULL || wm->ow_stopped)
		return;
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	wm->out_real = realpath(wm->out, NULL);
	if (wm->out_real != NULL) {
		const char *roots[] = {wm->out_real};
		wm->ow = watch_new(roots, 1, NULL, &quiet);
	}
	if (wm->ow == NULL || !watch_complete(wm->ow))
		stop_out(wm, 1);
	buf_free(&msg);
}

/* Add what the watcher w saw change in the content folder to since. */
static void take_content(struct warm *wm, struct watch *w)
{
	const char *root = wm->content_real;
	int lost;
	char **paths = watch_take_changed(w, &lost);
	size_t n = root != NULL ? strlen(root) : 0;
	if (lost || root == NULL)
		wm->since.all = 1;
	for (char **p = paths; root != NULL && *p != NULL; p++) {
		if (strncmp(*p, root, n) == 0 && (*p)[n] == '/')
			cache_hint_add(&wm->since, *p + n + 1);
		else if (strcmp(*p, root) == 0)
			wm->since.all = 1;
		/* (the templates: in the cache's key) */
	}
	fs_free_list(paths);
}

/* The same for the output folder's watcher: it may no longer know. */
static void take_out(struct warm *wm)
{
	if (wm->ow == NULL) {
		wm->since.out_known = 0;
		return;
	}
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	int failed = watch_read(wm->ow, &quiet) < 0, lost;
	char **paths = watch_take_changed(wm->ow, &lost);
	size_t n = strlen(wm->out_real);
	if (lost)
		wm->since.out_known = 0;
	for (char **p = paths; *p != NULL; p++) {
		if (strncmp(*p, wm->out_real, n) == 0 && (*p)[n] == '/')
			cache_hint_add_out(&wm->since, *p + n + 1);
		else
			wm->since.out_known = 0;
	}
	fs_free_list(paths);
	buf_free(&msg);
	/* (The folder removed, or moved away: watched again once a build
	 * makes it again.) */
	if (failed || !watch_complete(wm->ow))
		stop_out(wm, failed || fs_is_dir(wm->out_real));
}

void warm_before(struct warm *wm, struct watch *w, struct build_opts *bo)
{
	take_content(wm, w);
	take_out(wm);
	bo->hint = &wm->since;
	bo->keep = &wm->kept;
}

void warm_after(struct warm *wm, const struct build_result *r, int rc)
{
	/* A new cache: what changed is counted from this build on.  (Else
	 * still from the one before: the file is that one's.)  The output
	 * folder's watcher ran all through this build: its changes wait in
	 * its queue until the next build takes them. */
	if (r->cache_saved != 0) {
		cache_hint_reset(&wm->since, r->cache_saved);
		wm->since.out_known = wm->ow != NULL;
	}
	if (rc == EXIT_OK)
		start_out(wm);
}
