/*
 * rasters.c: kept drawings of SVG pictures (see rasters.h).
 */
#include "rasters.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "diag.h"
#include "fsutil.h"
#include "util.h"

/* A kept file is never bigger than this (a page-sized drawing at 600
 * dpi of line art is far smaller). */
#define RASTER_MAX ((size_t)64 << 20)

struct rasters {
	char *dir;   /* or NULL: keep nothing */
	char **used; /* names asked for */
	size_t nused;
};

/* One drawing at a time, process-wide: handouts made in parallel that
 * use the same picture draw it once (the others then find it kept). */
static pthread_mutex_t drawing = PTHREAD_MUTEX_INITIALIZER;

struct rasters *rasters_open(const char *dir)
{
	struct rasters *r = xcalloc(1, sizeof *r);
	if (dir != NULL) {
		r->dir = xstrdup(dir);
		/* (Not while another thread writes one of its own.) */
		pthread_mutex_lock(&drawing);
		fs_remove_temps(dir);
		pthread_mutex_unlock(&drawing);
	}
	return r;
}

static void note_used(struct rasters *r, const char *name)
{
	for (size_t i = 0; i < r->nused; i++)
		if (strcmp(r->used[i], name) == 0)
			return;
	r->used = xrealloc(r->used, (r->nused + 1) * sizeof *r->used);
	r->used[r->nused++] = xstrdup(name);
}

/* 1 if png looks whole: the signature, and an IEND chunk at its end. */
static int looks_whole(const struct buf *png)
{
	static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D',
					       0xAE, 0x42, 0x60, 0x82};
	return png->len > 8 + 12 &&
	       memcmp(png->data, "\x89PNG\r\n\x1a\n", 8) == 0 &&
	       memcmp(png->data + png->len - 12, iend, 12) == 0;
}

static int get(struct rasters *r, const char *svg, size_t len, int w,
	       int h, struct buf *png, int *drawn, struct svg_problem *why);

int rasters_get(struct rasters *r, const char *svg, size_t len, int w,
		int h, struct buf *png, int *drawn, struct svg_problem *why)
{
	pthread_mutex_lock(&drawing);
	int rc = get(r, svg, len, w, h, png, drawn, why);
	pthread_mutex_unlock(&drawing);
	return rc;
}

static int get(struct rasters *r, const char *svg, size_t len, int w,
	       int h, struct buf *png, int *drawn, struct svg_problem *why)
{
	char name[64];
	snprintf(name, sizeof name, "%016llx-%dx%d.png",
		 (unsigned long long)XXH3_64bits(svg, len), w, h);
	char *path = r->dir != NULL ? fs_join(r->dir, name) : NULL;
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	size_t start = png->len;
	*drawn = 0;
	if (path != NULL) {
		note_used(r, name);
		struct buf kept = BUF_INIT;
		if (fs_is_file(path) &&
		    fs_read_file(path, &kept, RASTER_MAX, &quiet) == 0 &&
		    looks_whole(&kept)) {
			buf_put(png, kept.data, kept.len);
			buf_free(&kept);
			buf_free(&msg);
			free(path);
			return 0;
		}
		buf_free(&kept);
	}
	int rc = svg_rasterise(svg, len, w, h, png, why);
	if (rc == 0) {
		*drawn = 1;
		/* Kept if it can be: a store that cannot be written only
		 * makes the next build slower. */
		if (path != NULL) {
			buf_reset(&msg);
			fs_mkdir_p(r->dir, &quiet);
			char *tmp = fs_write_temp(path, png->data + start,
						  png->len - start, &quiet);
			if (tmp != NULL && fs_commit_temp(tmp, path, &quiet) != 0)
				fs_discard_temp(tmp);
			free(tmp);
		}
	}
	buf_free(&msg);
	free(path);
	return rc;
}

void rasters_prune(struct rasters *r)
{
	if (r->dir == NULL)
		return;
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	char **names = fs_is_dir(r->dir) ? fs_list_dir(r->dir, &quiet) : NULL;
	for (char **n = names; n != NULL && *n != NULL; n++) {
		size_t k = strlen(*n);
		if (k < 5 || strcmp(*n + k - 4, ".png") != 0)
			continue;
		size_t i;
		for (i = 0; i < r->nused && strcmp(r->used[i], *n) != 0; i++)
			;
		if (i == r->nused) {
			char *p = fs_join(r->dir, *n);
			unlink(p);
			free(p);
		}
	}
	fs_free_list(names);
	buf_free(&msg);
}

void rasters_close(struct rasters *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nused; i++)
		free(r->used[i]);
	free(r->used);
	free(r->dir);
	free(r);
}
