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
#include "state.h"
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
		f->data = NULL;
		f->len = 0;
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

void output_keep(struct output *o, const char *path)
{
	entry(o, path);
}

/* 1 if path is safe to act on inside out/: relative, its segments
 * neither empty nor "." nor "..", no control character (a line break
 * would split the manifest's line in two). */
static int inside(const char *path)
{
	if (path[0] == '/' || path[0] == '\0')
		return 0;
	for (const char *c = path; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7F)
			return 0;
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/' && *++p == '\0')
			return 0; /* (a trailing slash: an empty segment) */
	}
	return 1;
}

/* 1 if the folder dir/rel is inside dir (or is dir), by real path: a
 * link inside out/ (a folder replaced by a link to elsewhere) must not
 * lead pamphlet to remove files outside it.  dir_real: dir's real path. */
static int folder_inside(const char *dir, const char *dir_real,
			 const char *rel)
{
	char *full = fs_join(dir, rel);
	char *real = fs_realpath_loose(full);
	int ok = real != NULL && dir_real != NULL &&
		 fs_path_nested(real, dir_real) &&
		 strlen(real) >= strlen(dir_real);
	free(real);
	free(full);
	return ok;
}

/* 1 if the folder that holds the file dir/rel is inside dir (above). */
static int holder_inside(const char *dir, const char *dir_real,
			 const char *rel)
{
	const char *slash = strrchr(rel, '/');
	char *parent = slash ? xstrndup(rel, (size_t)(slash - rel))
			     : xstrdup(".");
	int ok = folder_inside(dir, dir_real, parent);
	free(parent);
	return ok;
}

/* A set of paths inside out/, in the order they were added. */
struct paths {
	char **v;
	size_t n, cap;
	struct strmap index; /* path -> 1 + its index in v */
};

static void paths_free(struct paths *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	strmap_free(&s->index);
	memset(s, 0, sizeof *s);
}

static int paths_has(const struct paths *s, const char *p)
{
	return strmap_get(&s->index, p) != NULL;
}

/* Add p[0..n) unless it is there; 1 if it was new. */
static int paths_add(struct paths *s, const char *p, size_t n)
{
	/* Looked up before it is copied: most parents are there already. */
	char small[256];
	char *key = n < sizeof small ? small : xmalloc(n + 1);
	memcpy(key, p, n);
	key[n] = '\0';
	/* ("." is out/ itself, for the journal's folders.) */
	int fresh = (strcmp(key, ".") == 0 || inside(key)) && !paths_has(s, key);
	char *copy = !fresh ? NULL : key != small ? key : xstrndup(p, n);
	if (!fresh && key != small)
		free(key);
	if (!fresh)
		return 0;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = copy;
	strmap_put(&s->index, copy, (void *)(uintptr_t)s->n);
	return 1;
}

/* paths_add() of a path read from the manifest or the journal: never
 * "." (out/ itself is never pamphlet's to remove). */
static int paths_add_inside(struct paths *s, const char *p, size_t n)
{
	return !(n == 1 && p[0] == '.') && paths_add(s, p, n);
}

/* Add the folders that hold path ("a", "a/b" for "a/b/c.html"), the
 * outer one first. */
static void paths_add_parents(struct paths *s, const char *path)
{
	for (const char *slash = strchr(path, '/'); slash != NULL;
	     slash = strchr(slash + 1, '/'))
		paths_add(s, path, (size_t)(slash - path));
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What pamphlet made in out/, as the last build recorded it and as a
 * build that was killed while writing left it. */
struct record {
	struct paths files; /* files it wrote */
	struct paths dirs;  /* folders it made */
	struct buf text;    /* the manifest as read ("" if none) */
};

/* Append the file at path to b, if it can be read: a record that is
 * missing or unreadable is simply not there. */
static void read_quiet(const char *path, struct buf *b)
{
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	fs_read_file(path, b, 0, &quiet);
	buf_free(&msg);
}

/* Read the manifest: a line for each file, then one for each folder
 * (ending in '/').  A manifest of an earlier version, kept in out/ and
 * listing files only, counts their folders as made by pamphlet (which
 * that version assumed when it removed them empty). */
static void read_manifest(struct record *r, const char *path, int legacy)
{
	if (fs_is_file(path))
		read_quiet(path, &r->text);
	const char *t = buf_cstr(&r->text);
	while (*t) {
		size_t n = strcspn(t, "\n");
		if (n > 1 && t[n - 1] == '/')
			paths_add_inside(&r->dirs, t, n - 1);
		else if (n > 0 && paths_add_inside(&r->files, t, n) && legacy)
			paths_add_parents(&r->dirs, r->files.v[r->files.n - 1]);
		t += n + (t[n] == '\n');
	}
}

/* A build killed while writing left its journal: remove its temporary
 * files, and count the files and folders it may have put in place as
 * pamphlet's, so this build removes them if it does not make them. */
static void recover(struct record *r, const char *dir, const char *dir_real,
		    const struct buf *journal)
{
	const char *t = buf_cstr(journal);
	while (*t) {
		size_t n = strcspn(t, "\n");
		if (n > 2 && t[1] == ' ') {
			char *rel = xstrndup(t + 2, n - 2);
			if (t[0] == 'F') {
				paths_add_inside(&r->files, rel, strlen(rel));
			} else if (t[0] == 'D' || t[0] == 'T') {
				if (t[0] == 'D')
					paths_add_inside(&r->dirs, rel,
							 strlen(rel));
				if ((strcmp(rel, ".") == 0 || inside(rel)) &&
				    folder_inside(dir, dir_real, rel)) {
					char *full = fs_join(dir, rel);
					fs_remove_temps(full);
					free(full);
				}
			}
			free(rel);
		}
		t += n + (t[n] == '\n');
	}
}

void output_clean_up(const char *dir, const char *state)
{
	if (!fs_is_dir(state))
		return;
	fs_remove_temps(state);
	char *journal = fs_join(state, STATE_JOURNAL);
	if (fs_is_file(journal)) {
		/* Its temporary files now; the files and folders it lists
		 * stay for the next commit to weigh (the journal stays). */
		struct record scratch = {{0}, {0}, BUF_INIT};
		struct buf text = BUF_INIT;
		read_quiet(journal, &text);
		char *real = fs_realpath_loose(dir);
		recover(&scratch, dir, real, &text);
		free(real);
		buf_free(&text);
		paths_free(&scratch.files);
		paths_free(&scratch.dirs);
	}
	free(journal);
}

/* The files being written, one slot per file. */
struct writing {
	const struct output *o;
	const char *dir;
	char *real;        /* dir's real path, once made */
	struct buf before; /* the journal of a killed build, or "" */
	struct written {
		char *tmp;      /* its temporary file, or NULL */
		int unchanged;  /* kept, or already holds these bytes */
		struct buf msg;
		struct diag d;
	} *files;
};

/* On any thread: does file i already hold its bytes? */
static void compare_one(void *ctx, size_t i)
{
	struct writing *w = ctx;
	const struct out_file *f = &w->o->files[i];
	if (f->data == NULL) {
		w->files[i].unchanged = 1; /* kept: the cache checked it */
		return;
	}
	char *full = fs_join(w->dir, f->path);
	w->files[i].unchanged = fs_same_contents(full, f->data, f->len);
	free(full);
}

/* On any thread: write changed file i to a temporary file beside it
 * (its folder exists). */
static void write_one(void *ctx, size_t i)
{
	struct writing *w = ctx;
	struct written *slot = &w->files[i];
	if (slot->unchanged)
		return;
	const struct out_file *f = &w->o->files[i];
	char *full = fs_join(w->dir, f->path);
	slot->tmp = fs_write_temp(full, f->data, f->len, &slot->d);
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

/* Pass every slot's messages on, in file order; fresh ones for the next
 * stage. */
static void gather(struct writing *w, struct diag *d)
{
	for (size_t i = 0; i < w->o->n; i++) {
		diag_merge(d, &w->files[i].d);
		buf_reset(&w->files[i].msg);
		w->files[i].d = diag_buffered(&w->files[i].msg);
	}
}

/* Make the folders the changed files need that are missing (into made,
 * the outer first), after writing the journal that lists them, the
 * folders that will hold temporary files, and the files to be put in
 * place.  A file of the last build where a folder must go ("guide"
 * before "guide/index.html") is removed.  Returns 0, or -1 after
 * reporting. */
static int prepare(struct writing *w, const struct record *old,
		   const char *journal, struct paths *made,
		   struct output_stats *st, struct diag *d)
{
	const struct output *o = w->o;
	struct paths parents = {0}; /* of the changed files */
	struct paths need = {0};    /* folders missing */
	struct buf j = BUF_INIT;
	int rc = -1;
	for (size_t i = 0; i < o->n; i++) {
		if (w->files[i].unchanged)
			continue;
		const char *path = o->files[i].path;
		if (j.len == 0) /* (a killed build's lines, kept) */
			buf_put(&j, w->before.data ? w->before.data : "",
				w->before.len);
		buf_printf(&j, "F %s\n", path);
		const char *slash = strrchr(path, '/');
		if (slash == NULL) {
			paths_add(&parents, ".", 1); /* out/ itself */
			continue;
		}
		if (!paths_add(&parents, path, (size_t)(slash - path)))
			continue;
		/* A new parent: which of its folders are missing? */
		const char *p = parents.v[parents.n - 1];
		for (const char *s = p;; s = strchr(s + 1, '/')) {
			size_t n = s ? (size_t)(s - p) : strlen(p);
			char *sub = xstrndup(p, n);
			char *full = fs_join(w->dir, sub);
			struct stat sb;
			if (!paths_has(&need, sub) &&
			    (stat(full, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
				if (lstat(full, &sb) == 0 && paths_has(&old->files, sub) &&
				    output_find(o, sub) == NULL &&
				    holder_inside(w->dir, w->real, sub) &&
				    unlink(full) == 0)
					st->removed++;
				paths_add(&need, sub, n);
			}
			free(full);
			free(sub);
			if (s == NULL)
				break;
		}
	}
	for (size_t i = 0; i < parents.n; i++)
		buf_printf(&j, "T %s\n", parents.v[i]);
	for (size_t i = 0; i < need.n; i++)
		buf_printf(&j, "D %s\n", need.v[i]);
	/* The journal first: a build killed from here on leaves nothing
	 * the next build does not find. */
	char *tmp = fs_write_temp(journal, buf_cstr(&j), j.len, d);
	if (tmp == NULL || fs_commit_temp(tmp, journal, d) != 0) {
		free(tmp);
		goto out;
	}
	free(tmp);
	for (size_t i = 0; i < need.n; i++) {
		char *full = fs_join(w->dir, need.v[i]);
		int ok = mkdir(full, 0777) == 0;
		if (!ok && errno == EEXIST && fs_is_dir(full))
			ok = 1; /* (made meanwhile: not ours) */
		else if (ok)
			paths_add(made, need.v[i], strlen(need.v[i]));
		else
			fs_mkdir_p(full, d); /* says why, naming the path */
		free(full);
		if (!ok)
			goto out;
	}
	rc = 0;
out:
	buf_free(&j);
	paths_free(&parents);
	paths_free(&need);
	return rc;
}

/* Remove the folders in dirs (made by pamphlet) that hold no output
 * any more, the inner ones first; those that are not empty (a file of
 * someone else's) stay, listed in keep.  NULL keep: remove them all,
 * keep none (undoing a failed build). */
static void remove_dirs(const char *dir, const char *dir_real,
			const struct paths *dirs, const struct paths *needed,
			struct paths *keep)
{
	char **v = xmalloc((dirs->n + 1) * sizeof *v);
	if (dirs->n > 0) /* (v of an empty set is NULL) */
		memcpy(v, dirs->v, dirs->n * sizeof *v);
	qsort(v, dirs->n, sizeof *v, cmp_path);
	/* Backwards: "a/b" sorts after "a", so it goes first. */
	for (size_t i = dirs->n; i-- > 0;) {
		if (needed != NULL && paths_has(needed, v[i]))
			continue;
		if (!holder_inside(dir, dir_real, v[i]))
			continue; /* (reached through a link: not ours) */
		char *full = fs_join(dir, v[i]);
		if (rmdir(full) != 0 && errno != ENOENT && keep != NULL)
			paths_add(keep, v[i], strlen(v[i]));
		free(full);
	}
	free(v);
}

int output_commit(const struct output *o, const char *dir, const char *state,
		  int jobs, struct output_stats *st, struct diag *d)
{
	int rc = -1;
	char *manifest = fs_join(state, STATE_MANIFEST);
	char *journal = fs_join(state, STATE_JOURNAL);
	char *legacy = fs_join(dir, LEGACY_MANIFEST);
	struct record old = {{0}, {0}, BUF_INIT};
	struct paths made = {0};   /* folders this build made */
	struct paths needed = {0}; /* folders holding this build's files */
	struct paths dirs = {0};   /* folders pamphlet made, from now on */
	struct buf m = BUF_INIT;
	struct writing w = {o, dir, NULL, BUF_INIT,
			    xcalloc(o->n + 1, sizeof *w.files)};
	int journaled = 0;

	memset(st, 0, sizeof *st);
	for (size_t i = 0; i < o->n; i++)
		w.files[i].d = diag_buffered(&w.files[i].msg);
	for (size_t i = 0; i < o->n; i++)
		if (!inside(o->files[i].path)) {
			diag_syserr(d, o->files[i].path,
				    "refusing to write outside %s", dir);
			goto out;
		}
	if (fs_mkdir_p(dir, d) != 0 || state_open(state, dir, d) != 0)
		goto out;
	w.real = fs_realpath_loose(dir);
	int from_legacy = !fs_is_file(manifest) && fs_is_file(legacy);
	read_manifest(&old, from_legacy ? legacy : manifest, from_legacy);
	if (fs_is_file(journal)) {
		read_quiet(journal, &w.before);
		recover(&old, dir, w.real, &w.before);
	}
	if (from_legacy) {
		/* An earlier version's temporary files sat beside its
		 * outputs and its cache, in out/ itself. */
		fs_remove_temps(dir);
		for (size_t i = 0; i < old.dirs.n; i++) {
			if (!folder_inside(dir, w.real, old.dirs.v[i]))
				continue;
			char *full = fs_join(dir, old.dirs.v[i]);
			fs_remove_temps(full);
			free(full);
		}
	}

	/* 1. Which files change.  Only if some do is out/ written to. */
	jobs_for(jobs, o->n, compare_one, &w);
	size_t changed = 0;
	for (size_t i = 0; i < o->n; i++)
		changed += !w.files[i].unchanged;
	if (changed > 0) {
		/* 2. The journal, the missing folders, then every changed
		 * file into a temporary file: all or nothing. */
		journaled = 1;
		if (prepare(&w, &old, journal, &made, st, d) != 0)
			goto undo;
		jobs_for(jobs, o->n, write_one, &w);
		gather(&w, d);
		for (size_t i = 0; i < o->n; i++)
			if (!w.files[i].unchanged && w.files[i].tmp == NULL)
				goto undo;
	}
	/* 3. Rename them into place: each reader sees the old file or the
	 * new one, never a part. */
	rc = 0;
	jobs_for(jobs, o->n, rename_one, &w);
	gather(&w, d);
	for (size_t i = 0; i < o->n; i++) {
		if (w.files[i].unchanged)
			st->unchanged++;
		else if (w.files[i].tmp != NULL)
			st->written++;
		else
			rc = -1;
	}
	/* 4. Remove what this build no longer makes; files that cannot be
	 * removed stay listed, so the next build tries again. */
	char **paths = xmalloc((o->n + old.files.n + 1) * sizeof *paths);
	size_t np = 0;
	for (size_t i = 0; i < o->n; i++) {
		paths[np++] = o->files[i].path;
		paths_add_parents(&needed, o->files[i].path);
	}
	for (size_t i = 0; i < old.files.n; i++) {
		const char *f = old.files.v[i];
		if (output_find(o, f) != NULL || !holder_inside(dir, w.real, f))
			continue;
		char *full = fs_join(dir, f);
		if (unlink(full) == 0) {
			st->removed++;
		} else if (errno != ENOENT && errno != EISDIR) {
			/* (EISDIR: the file became this build's folder and
			 * was cleared out of the way already.) */
			diag_syserr(d, full, "cannot remove stale file: %s",
				    strerror(errno));
			paths[np++] = old.files.v[i];
			rc = -1;
		}
		free(full);
	}
	for (size_t i = 0; i < old.dirs.n; i++)
		if (paths_has(&needed, old.dirs.v[i]))
			paths_add(&dirs, old.dirs.v[i], strlen(old.dirs.v[i]));
	for (size_t i = 0; i < made.n; i++)
		paths_add(&dirs, made.v[i], strlen(made.v[i]));
	remove_dirs(dir, w.real, &old.dirs, &needed, &dirs);
	/* 5. The manifest: files, then folders. */
	qsort(paths, np, sizeof *paths, cmp_path);
	for (size_t i = 0; i < np; i++) {
		buf_puts(&m, paths[i]);
		buf_putc(&m, '\n');
	}
	free(paths);
	if (dirs.n > 0) /* (v of an empty set is NULL) */
		qsort(dirs.v, dirs.n, sizeof *dirs.v, cmp_path);
	for (size_t i = 0; i < dirs.n; i++) {
		buf_puts(&m, dirs.v[i]);
		buf_puts(&m, "/\n");
	}
	int same = !from_legacy && m.len == old.text.len &&
		   memcmp(buf_cstr(&m), buf_cstr(&old.text), m.len) == 0;
	int recorded = same ||
		       fs_write_if_changed(manifest, buf_cstr(&m), m.len, d) >= 0;
	if (!recorded)
		rc = -1;
	if (rc == 0) {
		/* What an earlier version kept in out/: now in state. */
		const char *gone[] = {LEGACY_MANIFEST, LEGACY_MARKER,
				      LEGACY_CACHE};
		for (size_t i = 0; i < sizeof gone / sizeof *gone; i++) {
			char *full = fs_join(dir, gone[i]);
			unlink(full);
			free(full);
		}
	}
	/* The journal goes once the manifest holds all it said; else the
	 * next build still needs it. */
	if (recorded)
		unlink(journal);
	goto out;
undo:
	for (size_t i = 0; i < o->n; i++)
		if (w.files[i].tmp != NULL)
			fs_discard_temp(w.files[i].tmp);
	remove_dirs(dir, w.real, &made, NULL, NULL);
	memset(st, 0, sizeof *st);
	if (journaled) {
		/* As it was: a killed build's journal is still needed. */
		if (w.before.len == 0) {
			unlink(journal);
		} else {
			struct buf msg = BUF_INIT;
			struct diag quiet = diag_buffered(&msg);
			char *tmp = fs_write_temp(journal, w.before.data,
						  w.before.len, &quiet);
			if (tmp != NULL)
				fs_commit_temp(tmp, journal, &quiet);
			free(tmp);
			buf_free(&msg);
		}
	}
out:
	free(w.real);
	buf_free(&w.before);
	for (size_t i = 0; i < o->n; i++) {
		free(w.files[i].tmp);
		buf_free(&w.files[i].msg);
	}
	free(w.files);
	free(manifest);
	free(journal);
	free(legacy);
	paths_free(&old.files);
	paths_free(&old.dirs);
	buf_free(&old.text);
	paths_free(&made);
	paths_free(&needed);
	paths_free(&dirs);
	buf_free(&m);
	return rc;
}
