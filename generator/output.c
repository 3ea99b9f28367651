#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "util.h"

void output_init(struct output *o)
{
	memset(o, 0, sizeof *o);
}

void output_free(struct output *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->files[i].path);
		free(o->files[i].data);
	}
	free(o->files);
	memset(o, 0, sizeof *o);
}

const struct out_file *output_find(const struct output *o, const char *path)
{
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->files[i].path, path) == 0)
			return &o->files[i];
	return NULL;
}

void output_add(struct output *o, const char *path, char *data, size_t len)
{
	struct out_file *f = (struct out_file *)output_find(o, path);
	if (f != NULL) {
		free(f->data);
		f->data = data;
		f->len = len;
		return;
	}
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->files = xrealloc(o->files, o->cap * sizeof *o->files);
	}
	o->files[o->n].path = xstrdup(path);
	o->files[o->n].data = data;
	o->files[o->n].len = len;
	o->n++;
}

/* Remove path's now-empty parent folders up to (not including) dir. */
static void prune_dirs(const char *dir, const char *path)
{
	char *p = xstrdup(path);
	char *slash;
	while ((slash = strrchr(p, '/')) != NULL) {
		*slash = '\0';
		char *full = fs_join(dir, p);
		int gone = rmdir(full) == 0;
		free(full);
		if (!gone)
			break;
	}
	free(p);
}

/* Remove the files the previous manifest lists that this build did not
 * write.  A missing manifest means a first build: nothing to remove. */
static int remove_stale(const struct output *o, const char *dir,
			const char *manifest, struct output_stats *st,
			struct diag *d)
{
	struct buf old = BUF_INIT;
	struct diag quiet = {0};
	if (!fs_is_file(manifest))
		return 0;
	if (fs_read_file(manifest, &old, 0, &quiet) != 0) {
		buf_free(&old);
		return 0;
	}
	int rc = 0;
	char *save = NULL;
	for (char *line = strtok_r(old.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		/* Never act on a path that could leave out/. */
		if (line[0] == '/' || strstr(line, "..") != NULL ||
		    output_find(o, line) != NULL)
			continue;
		char *full = fs_join(dir, line);
		if (unlink(full) == 0) {
			st->removed++;
			prune_dirs(dir, line);
		} else if (errno != ENOENT) {
			diag_syserr(d, full, "cannot remove stale file: %s",
				    strerror(errno));
			rc = -1;
		}
		free(full);
	}
	buf_free(&old);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int output_commit(const struct output *o, const char *dir,
		  struct output_stats *st, struct diag *d)
{
	memset(st, 0, sizeof *st);
	if (fs_mkdir_p(dir, d) != 0)
		return -1;
	for (size_t i = 0; i < o->n; i++) {
		char *full = fs_join(dir, o->files[i].path);
		int r = fs_write_if_changed(full, o->files[i].data,
					    o->files[i].len, d);
		free(full);
		if (r < 0)
			return -1;
		if (r > 0)
			st->written++;
		else
			st->unchanged++;
	}
	char *manifest = fs_join(dir, OUTPUT_MANIFEST);
	int rc = remove_stale(o, dir, manifest, st, d);
	/* The manifest, sorted so it is deterministic too. */
	char **paths = xmalloc((o->n + 1) * sizeof *paths);
	for (size_t i = 0; i < o->n; i++)
		paths[i] = o->files[i].path;
	qsort(paths, o->n, sizeof *paths, cmp_path);
	struct buf m = BUF_INIT;
	for (size_t i = 0; i < o->n; i++)
		buf_printf(&m, "%s\n", paths[i]);
	free(paths);
	if (fs_write_if_changed(manifest, buf_cstr(&m), m.len, d) < 0)
		rc = -1;
	buf_free(&m);
	free(manifest);
	return rc;
}
