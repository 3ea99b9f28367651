#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "jobs.h"
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
		free(o->files[i].ids);
	}
	free(o->files);
	strmap_free(&o->index);
	memset(o, 0, sizeof *o);
}

const struct out_file *output_find(const struct output *o, const char *path)
{
	uintptr_t i = (uintptr_t)strmap_get(&o->index, path);
	return i ? &o->files[i - 1] : NULL;
}

/* The entry for path, new and empty if there was none. */
static struct out_file *entry(struct output *o, const char *path)
{
	struct out_file *f = (struct out_file *)output_find(o, path);
	if (f != NULL) {
		free(f->data);
		free(f->ids);
		f->data = f->ids = NULL;
		f->len = f->ids_len = 0;
		return f;
	}
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->files = xrealloc(o->files, o->cap * sizeof *o->files);
	}
	f = &o->files[o->n];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	/* The key is the file's own copy of its path: alive while it is. */
	strmap_put(&o->index, f->path, (void *)(uintptr_t)(o->n + 1));
	o->n++;
	return f;
}

void output_add(struct output *o, const char *path, char *data, size_t len)
{
	struct out_file *f = entry(o, path);
	f->data = data;
	f->len = len;
}

void output_keep(struct output *o, const char *path, const char *ids,
		 size_t ids_len)
{
	struct out_file *f = entry(o, path);
	f->ids = xmalloc(ids_len + 1);
	if (ids_len > 0)
		memcpy(f->ids, ids, ids_len);
	f->ids[ids_len] = '\0';
	f->ids_len = ids_len;
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

/* 1 if path is safe to act on inside out/: relative, no ".." segment. */
static int inside(const char *path)
{
	if (path[0] == '/' || path[0] == '\0')
		return 0;
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += n + (p[n] == '/');
	}
	return 1;
}

/* Remove the files the previous manifest lists that this build did not
 * write.  A missing manifest means a first build: nothing to remove.
 * Files that could not be removed are added to keep, so the manifest
 * still lists them and the next build tries again. */
static int remove_stale(const struct output *o, const char *dir,
			const char *manifest, struct output_stats *st,
			struct buf *keep, struct diag *d)
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
		if (!inside(line) || output_find(o, line) != NULL)
			continue;
		char *full = fs_join(dir, line);
		if (unlink(full) == 0) {
			st->removed++;
			prune_dirs(dir, line);
		} else if (errno != ENOENT && errno != EISDIR) {
			/* (EISDIR: the file became this build's folder and
			 * was cleared out of the way already.) */
			diag_syserr(d, full, "cannot remove stale file: %s",
				    strerror(errno));
			buf_printf(keep, "%s\n", line);
			rc = -1;
		}
		free(full);
	}
	buf_free(&old);
	return rc;
}

/* Remove temporary files an interrupted build left beside its outputs. */
static void clean_temps(const struct output *o, const char *dir)
{
	char *last = NULL;
	for (size_t i = 0; i < o->n; i++) {
		char *sub = xstrdup(o->files[i].path);
		char *slash = strrchr(sub, '/');
		if (slash != NULL)
			*slash = '\0';
		else
			sub[0] = '\0';
		if (last != NULL && strcmp(last, sub) == 0) {
			free(sub);
			continue;
		}
		free(last);
		last = sub;
		char *full = sub[0] ? fs_join(dir, sub) : xstrdup(dir);
		struct diag ignored = {0};
		char **names = fs_is_dir(full) ? fs_list_dir(full, &ignored) : NULL;
		for (char **n = names; n && *n; n++) {
			if (!fs_is_temp_name(*n))
				continue;
			char *t = fs_join(full, *n);
			unlink(t);
			free(t);
		}
		fs_free_list(names);
		free(full);
	}
	free(last);
}

/* 1 if the manifest text lists path on a line of its own. */
static int listed(const char *manifest, const char *path)
{
	size_t n = strlen(path);
	for (const char *p = manifest; (p = strstr(p, path)) != NULL; p++)
		if ((p == manifest || p[-1] == '\n') && p[n] == '\n')
			return 1;
	return 0;
}

/* A page may become a folder ("guide" then "guide/index.html"): remove a
 * file of the previous build that stands where a folder must go. */
static void clear_way(const struct output *o, const char *dir,
		      const char *path, const char *manifest,
		      struct output_stats *st)
{
	char *p = xstrdup(path);
	for (char *slash = strchr(p, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		char *full = fs_join(dir, p);
		if (fs_is_file(full) && listed(manifest, p) &&
		    output_find(o, p) == NULL && unlink(full) == 0)
			st->removed++;
		free(full);
		*slash = '/';
	}
	free(p);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files being written, one slot per file. */
struct writing {
	const struct output *o;
	const char *dir;
	const char *manifest; /* the previous manifest's text, or "" */
	struct written {
		char *tmp;      /* its temporary file, or NULL */
		int unchanged;  /* already holds these bytes */
		size_t removed; /* files of the last build cleared away */
		struct buf msg;
		struct diag d;
	} *files;
};

/* On any thread: write file i to a temporary file beside it, unless it
 * is kept or already holds its bytes. */
static void write_one(void *ctx, size_t i)
{
	struct writing *w = ctx;
	const struct out_file *f = &w->o->files[i];
	struct written *slot = &w->files[i];
	slot->d = diag_buffered(&slot->msg);
	if (f->data == NULL) {
		slot->unchanged = 1; /* kept: the cache checked it */
		return;
	}
	char *full = fs_join(w->dir, f->path);
	if (fs_same_contents(full, f->data, f->len)) {
		slot->unchanged = 1;
	} else {
		/* A file of the last build where a folder must go?  (Not on
		 * a first build: no manifest, no stat.) */
		char *parent = strrchr(full, '/');
		*parent = '\0';
		int have_dir = w->manifest[0] == '\0' || fs_is_dir(full);
		if (!have_dir) {
			struct output_stats st = {0, 0, 0};
			clear_way(w->o, w->dir, f->path, w->manifest, &st);
			slot->removed = st.removed;
		}
		/* Its folder, most often new on a first build: one system
		 * call here spares fs_write_temp() a failed open.  (Any
		 * error is fs_write_temp()'s to report.) */
		mkdir(full, 0777);
		*parent = '/';
		slot->tmp = fs_write_temp(full, f->data, f->len, &slot->d);
	}
	free(full);
}

/* On any thread: rename file i's temporary file into place. */
static void rename_one(void *ctx, size_t i)
{
	struct writing *w = ctx;
	struct written *slot = &w->files[i];
	if (slot->tmp == NULL)
		return;
	char *full = fs_join(w->dir, w->o->files[i].path);
	if (fs_commit_temp(slot->tmp, full, &slot->d) != 0) {
		free(slot->tmp);
		slot->tmp = NULL;
	}
	free(full);
}

int output_commit(const struct output *o, const char *dir, int jobs,
		  struct output_stats *st, struct diag *d)
{
	int rc = -1;
	char *marker = fs_join(dir, OUTPUT_MARKER);
	char *manifest = fs_join(dir, OUTPUT_MANIFEST);
	struct buf m = BUF_INIT;
	struct buf old = BUF_INIT; /* the previous manifest */
	struct writing w = {o, dir, "", xcalloc(o->n + 1, sizeof *w.files)};

	memset(st, 0, sizeof *st);
	for (size_t i = 0; i < o->n; i++)
		w.files[i].d = diag_buffered(&w.files[i].msg);
	if (fs_mkdir_p(dir, d) != 0)
		goto out;
	if (fs_is_file(marker))
		clean_temps(o, dir);
	if (fs_write_if_changed(marker, "", 0, d) < 0)
		goto out;
	for (size_t i = 0; i < o->n; i++)
		if (!inside(o->files[i].path)) {
			diag_syserr(d, o->files[i].path,
				    "refusing to write outside %s", dir);
			goto undo;
		}
	if (fs_is_file(manifest)) {
		struct buf msg = BUF_INIT;
		struct diag ignored = diag_buffered(&msg);
		fs_read_file(manifest, &old, 0, &ignored);
		buf_free(&msg);
		w.manifest = buf_cstr(&old);
	}

	/* 1. Every changed file into a temporary file: all or nothing. */
	jobs_for(jobs, o->n, write_one, &w);
	int failed = 0;
	for (size_t i = 0; i < o->n; i++) {
		diag_merge(d, &w.files[i].d);
		buf_reset(&w.files[i].msg);
		w.files[i].d = diag_buffered(&w.files[i].msg);
		failed |= o->files[i].data != NULL && !w.files[i].unchanged &&
			  w.files[i].tmp == NULL;
		st->removed += w.files[i].removed;
	}
	if (failed)
		goto undo;
	/* 2. Rename them into place: each reader sees the old file or the
	 * new one, never a part. */
	rc = 0;
	jobs_for(jobs, o->n, rename_one, &w);
	for (size_t i = 0; i < o->n; i++) {
		diag_merge(d, &w.files[i].d);
		if (w.files[i].unchanged)
			st->unchanged++;
		else if (w.files[i].tmp != NULL)
			st->written++;
		else
			rc = -1;
	}
	/* 3. Remove what this build no longer makes; record what it made. */
	if (remove_stale(o, dir, manifest, st, &m, d) != 0)
		rc = -1;
	char **paths = xmalloc((o->n + 1) * sizeof *paths);
	for (size_t i = 0; i < o->n; i++)
		paths[i] = o->files[i].path;
	qsort(paths, o->n, sizeof *paths, cmp_path);
	for (size_t i = 0; i < o->n; i++)
		buf_printf(&m, "%s\n", paths[i]);
	free(paths);
	/* (The previous manifest is in old: no need to read it again.) */
	int same = m.len == old.len &&
		   memcmp(buf_cstr(&m), buf_cstr(&old), m.len) == 0;
	if (!same && fs_write_if_changed(manifest, buf_cstr(&m), m.len, d) < 0)
		rc = -1;
	unlink(marker);
	goto out;
undo:
	for (size_t i = 0; i < o->n; i++)
		if (w.files[i].tmp != NULL)
			fs_discard_temp(w.files[i].tmp);
	st->unchanged = 0;
	st->removed = 0;
	unlink(marker);
out:
	for (size_t i = 0; i < o->n; i++) {
		free(w.files[i].tmp);
		buf_free(&w.files[i].msg);
	}
	free(w.files);
	free(marker);
	free(manifest);
	buf_free(&m);
	buf_free(&old);
	return rc;
}
