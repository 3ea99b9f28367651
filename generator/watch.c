#define _GNU_SOURCE /* realpath, d_type */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "fsutil.h"
#include "strmap.h"
#include "util.h"

/* What a watched folder reports.  IN_ATTRIB (it also comes for link
 * counts and times) and IN_MODIFY (mid-write) never start a build: a
 * change must be a change, and whole. */
#define WATCH_MASK (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | \
		    IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | \
		    WATCH_NOTED)
/* Not changes, but noted among the changed paths: a file written and
 * still open, or touched, is not "as it was" for the build cache. */
#define WATCH_NOTED (IN_MODIFY | IN_ATTRIB)
/* Folders deeper than this under a root are not watched (the tree is
 * the user's: cap the recursion). */
#define WATCH_MAX_DEPTH 32
/* How often a missing root is looked for. */
#define WATCH_RETRY_MS 500

struct wdir {
	int wd;     /* inotify watch descriptor */
	char *path; /* the folder, as a canonical path */
	int depth;  /* 0 for a root */
	int root;   /* 1 + its index in roots, or 0 */
};

struct watch {
	int fd;           /* the inotify instance, non-blocking */
	struct wdir *dirs;
	size_t n, cap;
	/* Which of dirs has a watch descriptor: open addressing, at most
	 * half full, wd (0: empty slot) -> its index in dirs.  (An output
	 * folder has a folder per page: thousands.) */
	int *ix_wd;
	size_t *ix_at, ix_cap;
	char **roots;     /* as given */
	int *root_wd;     /* each root's watch, or -1 while it is missing */
	size_t nroots;
	char *skip;       /* canonical path of the folder to skip, or NULL */
	/* What changed since watch_take_changed(): canonical paths (the
	 * map's keys, owned), or lost: some change may have gone unseen. */
	struct strmap changed;
	int lost;
	/* 1 once a folder could not be watched, or a link was seen: changes
	 * may go unseen from then on (watch_complete()). */
	int gaps;
};

static void note(struct watch *w, const char *path)
{
	if (strmap_get(&w->changed, path) == NULL) {
		char *key = xstrdup(path);
		strmap_put(&w->changed, key, key);
	}
}

int watch_ignored_name(const char *name)
{
	static const char *const suffixes[] = {
		"~", ".swp", ".swx", ".swo", ".tmp", "___jb_tmp___",
		"___jb_old___",
	};
	size_t n = strlen(name);
	if (n == 0 || name[0] == '.' || strcmp(name, "4913") == 0)
		return 1;
	if (n > 1 && name[0] == '#' && name[n - 1] == '#')
		return 1;
	for (size_t i = 0; i < ARRAY_LEN(suffixes); i++) {
		size_t k = strlen(suffixes[i]);
		if (n >= k && strcmp(name + n - k, suffixes[i]) == 0)
			return 1;
	}
	return 0;
}

/* The slot of wd in the index, or the empty one where it would go. */
static size_t ix_slot(const struct watch *w, int wd)
{
	size_t mask = w->ix_cap - 1;
	size_t i = ((size_t)(unsigned)wd * 2654435761u) & mask;
	while (w->ix_wd[i] != 0 && w->ix_wd[i] != wd)
		i = (i + 1) & mask;
	return i;
}

/* Index dirs[at] by its wd (new or moved). */
static void ix_put(struct watch *w, size_t at)
{
	if ((w->n + 1) * 2 > w->ix_cap) {
		free(w->ix_wd);
		free(w->ix_at);
		w->ix_cap = w->ix_cap ? w->ix_cap * 2 : 64;
		w->ix_wd = xcalloc(w->ix_cap, sizeof *w->ix_wd);
		w->ix_at = xcalloc(w->ix_cap, sizeof *w->ix_at);
		for (size_t i = 0; i < w->n; i++)
			if (i != at) {
				size_t k = ix_slot(w, w->dirs[i].wd);
				w->ix_wd[k] = w->dirs[i].wd;
				w->ix_at[k] = i;
			}
	}
	size_t k = ix_slot(w, w->dirs[at].wd);
	w->ix_wd[k] = w->dirs[at].wd;
	w->ix_at[k] = at;
}

/* Take wd out of the index, moving up the slots after it that would no
 * longer be found. */
static void ix_del(struct watch *w, int wd)
{
	size_t mask = w->ix_cap - 1, i = ix_slot(w, wd);
	if (w->ix_wd[i] == 0)
		return;
	for (size_t j = (i + 1) & mask; w->ix_wd[j] != 0; j = (j + 1) & mask) {
		size_t home = ((size_t)(unsigned)w->ix_wd[j] * 2654435761u) &
			      mask;
		/* Stays if its home lies cyclically in (i, j]. */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		w->ix_wd[i] = w->ix_wd[j];
		w->ix_at[i] = w->ix_at[j];
		i = j;
	}
	w->ix_wd[i] = 0;
}

static struct wdir *find_wd(struct watch *w, int wd)
{
	if (w->ix_cap == 0 || wd <= 0)
		return NULL;
	size_t k = ix_slot(w, wd);
	return w->ix_wd[k] != 0 ? &w->dirs[w->ix_at[k]] : NULL;
}

static void drop_dir(struct watch *w, struct wdir *x)
{
	ix_del(w, x->wd);
	free(x->path);
	*x = w->dirs[--w->n];
	if (x != &w->dirs[w->n])
		ix_put(w, (size_t)(x - w->dirs)); /* (the last, moved) */
}

/* The canonical path of path, also when it does not exist yet (its
 * parent's canonical path and its name).  Caller frees; NULL if
 * neither exists. */
static char *canonical(const char *path)
{
	char *real = realpath(path, NULL);
	if (real != NULL)
		return real;
	char *copy = xstrdup(path);
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0'; /* "out/" */
	char *slash = strrchr(copy, '/');
	const char *dir = ".", *base = copy;
	if (slash != NULL) {
		*slash = '\0';
		dir = slash == copy ? "/" : copy;
		base = slash + 1;
	}
	char *parent = realpath(dir, NULL);
	char *r = parent ? fs_join(parent, base) : NULL;
	free(parent);
	free(copy);
	return r;
}

static int is_skipped(const struct watch *w, const char *path)
{
	return w->skip != NULL && strcmp(path, w->skip) == 0;
}

/* Watch the folder path and the folders under it.  Returns 0, or -1 if
 * path itself could not be watched (reported unless it is gone). */
static int add_tree(struct watch *w, const char *path, int depth, int root,
		    struct diag *d)
{
	if (is_skipped(w, path))
		return 0;
	/* Sub-folders that are links are not followed (no loops). */
	int wd = inotify_add_watch(w->fd, path, WATCH_MASK |
				   (root ? 0 : IN_DONT_FOLLOW));
	if (wd < 0) {
		if (errno != ENOENT && errno != ENOTDIR) {
			diag_warning(d, path, 0, 0, "cannot watch for "
				     "changes: %s", strerror(errno));
			w->gaps = 1;
		}
		w->lost = 1;
		return -1;
	}
	/* The same folder again (moved, a rescan, or a root inside the
	 * other root) keeps its wd, and stays a root if it was one. */
	struct wdir *x = find_wd(w, wd);
	if (x == NULL) {
		if (w->n == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 16;
			w->dirs = xrealloc(w->dirs, w->cap * sizeof *w->dirs);
		}
		x = &w->dirs[w->n++];
		*x = (struct wdir){.wd = wd, .root = root};
		ix_put(w, w->n - 1);
	}
	free(x->path);
	x->path = xstrdup(path);
	x->depth = root ? 0 : depth;
	if (root)
		x->root = root;
	if (root)
		w->root_wd[root - 1] = wd;

	DIR *dir = opendir(path);
	if (dir == NULL)
		return 0; /* watched; its events tell the rest */
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 ||
		    watch_ignored_name(e->d_name))
			continue;
		int sub = e->d_type == DT_DIR;
		int link = e->d_type == DT_LNK;
		char *child = fs_join(path, e->d_name);
		if (e->d_type == DT_UNKNOWN) {
			struct stat st;
			int got = lstat(child, &st) == 0;
			sub = got && S_ISDIR(st.st_mode);
			link = got && S_ISLNK(st.st_mode);
		}
		/* What a link leads to changes without an event here. */
		if (link)
			w->lost = w->gaps = 1;
		if (sub && depth + 1 > WATCH_MAX_DEPTH)
			w->lost = w->gaps = 1;
		if (sub && depth + 1 > WATCH_MAX_DEPTH)
			diag_warning(d, child, 0, 0, "more than %d folders "
				     "deep: changes here are not seen",
				     WATCH_MAX_DEPTH);
		else if (sub)
			add_tree(w, child, depth + 1, 0, d);
		free(child);
	}
	closedir(dir);
	return 0;
}

/* Look for the missing roots again.  Returns how many came back. */
static int find_roots(struct watch *w, struct diag *d)
{
	int back = 0;
	for (size_t i = 0; i < w->nroots; i++) {
		if (w->root_wd[i] >= 0)
			continue;
		char *real = realpath(w->roots[i], NULL);
		if (real != NULL && fs_is_dir(real) &&
		    add_tree(w, real, 0, (int)i + 1, d) == 0) {
			back++;
			w->lost = 1; /* a whole tree came back */
		}
		free(real);
	}
	return back;
}

static int roots_missing(const struct watch *w)
{
	for (size_t i = 0; i < w->nroots; i++)
		if (w->root_wd[i] < 0)
			return 1;
	return 0;
}

/* Stop watching path and every folder under it (they went away, or
 * moved out of the tree). */
static void forget_tree(struct watch *w, const char *path)
{
	char *prefix = xstrdup(path); /* path may be freed below */
	size_t plen = strlen(prefix);
	for (size_t i = 0; i < w->n;) {
		struct wdir *y = &w->dirs[i];
		if (strncmp(y->path, prefix, plen) == 0 &&
		    (y->path[plen] == '/' || y->path[plen] == '\0')) {
			if (y->root)
				w->root_wd[y->root - 1] = -1;
			inotify_rm_watch(w->fd, y->wd);
			drop_dir(w, y);
		} else {
			i++;
		}
	}
	free(prefix);
}

/* One event: 1 if it is a change. */
static int on_event(struct watch *w, const struct inotify_event *ev,
		    struct diag *d)
{
	if (ev->mask & IN_Q_OVERFLOW) {
		/* Events were lost: look at everything again. */
		w->lost = 1;
		for (size_t i = 0; i < w->nroots; i++) {
			char *real = realpath(w->roots[i], NULL);
			if (real != NULL)
				add_tree(w, real, 0, (int)i + 1, d);
			free(real);
		}
		return 1;
	}
	struct wdir *x = find_wd(w, ev->wd);
	if (x == NULL)
		return 0;
	if (ev->mask & IN_IGNORED) { /* the folder is gone */
		if (x->root)
			w->root_wd[x->root - 1] = -1;
		drop_dir(w, x);
		return 0;
	}
	if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
		/* A sub-folder's parent reports it; a root has none. */
		if (!x->root)
			return 0;
		w->lost = 1;
		forget_tree(w, x->path);
		return 1;
	}
	if (ev->len == 0 || watch_ignored_name(ev->name))
		return 0;
	char *path = fs_join(x->path, ev->name);
	int skip = is_skipped(w, path);
	if (!skip)
		note(w, path);
	if (ev->mask & WATCH_NOTED) {
		free(path);
		return 0;
	}
	if (!skip && !(ev->mask & IN_ISDIR) &&
	    (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			w->lost = w->gaps = 1;
	}
	if ((ev->mask & IN_ISDIR) && (ev->mask & IN_MOVED_FROM))
		forget_tree(w, path); /* back with IN_MOVED_TO if it stays */
	if (!skip && (ev->mask & IN_ISDIR) &&
	    (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
		if (x->depth + 1 > WATCH_MAX_DEPTH)
			w->lost = w->gaps = 1;
		if (x->depth + 1 > WATCH_MAX_DEPTH)
			diag_warning(d, path, 0, 0, "more than %d folders "
				     "deep: changes here are not seen",
				     WATCH_MAX_DEPTH);
		else
			add_tree(w, path, x->depth + 1, 0, d);
	}
	free(path);
	return !skip;
}

struct watch *watch_new(const char *const *roots, size_t nroots,
			const char *skip, struct diag *d)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0) {
		diag_syserr(d, NULL, "cannot watch files for changes "
			    "(inotify): %s", strerror(errno));
		return NULL;
	}
	struct watch *w = xcalloc(1, sizeof *w);
	w->fd = fd;
	w->nroots = nroots;
	w->roots = xcalloc(nroots, sizeof *w->roots);
	w->root_wd = xcalloc(nroots, sizeof *w->root_wd);
	for (size_t i = 0; i < nroots; i++) {
		w->roots[i] = xstrdup(roots[i]);
		w->root_wd[i] = -1;
	}
	w->skip = skip ? canonical(skip) : NULL;
	find_roots(w, d);
	w->lost = 1; /* nothing is known from before */
	return w;
}

static void forget_changes(struct watch *w)
{
	for (size_t i = 0; i < w->changed.cap; i++)
		free((char *)w->changed.keys[i]);
	strmap_free(&w->changed);
	w->changed = (struct strmap)STRMAP_INIT;
}

char **watch_take_changed(struct watch *w, int *lost)
{
	char **v = xcalloc(w->changed.n + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < w->changed.cap; i++)
		if (w->changed.keys[i] != NULL)
			v[n++] = xstrdup(w->changed.keys[i]);
	*lost = w->lost;
	w->lost = 0;
	forget_changes(w);
	return v;
}

int watch_complete(const struct watch *w)
{
	return !w->gaps && !roots_missing(w);
}

void watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	close(w->fd);
	for (size_t i = 0; i < w->n; i++)
		free(w->dirs[i].path);
	for (size_t i = 0; i < w->nroots; i++)
		free(w->roots[i]);
	free(w->dirs);
	free(w->ix_wd);
	free(w->ix_at);
	free(w->roots);
	free(w->root_wd);
	free(w->skip);
	forget_changes(w);
	free(w);
}

int watch_read(struct watch *w, struct diag *d)
{
	_Alignas(struct inotify_event) char buf[16384];
	int changes = 0;
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0) {
			diag_syserr(d, NULL, "cannot read file changes "
				    "(inotify): %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const void *)p;
			changes += on_event(w, ev, d);
			p += sizeof *ev + ev->len;
		}
	}
	return changes;
}

int watch_wait(struct watch *w, int stop_fd, int quiet_ms, struct diag *d)
{
	double due = -1; /* when the pending change is quiet enough, in ms */
	for (;;) {
		int timeout = -1;
		if (due >= 0) {
			double left = due - clock_ms();
			if (left <= 0)
				return 1;
			timeout = (int)left + 1;
		}
		if (roots_missing(w) &&
		    (timeout < 0 || timeout > WATCH_RETRY_MS))
			timeout = WATCH_RETRY_MS;
		struct pollfd p[2] = {{w->fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
		int n = poll(p, 2, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_syserr(d, NULL, "cannot wait for file changes: %s",
				    strerror(errno));
			return -1;
		}
		if (p[1].revents != 0)
			return 0;
		int changes = 0;
		if (p[0].revents != 0) {
			changes = watch_read(w, d);
			if (changes < 0)
				return -1;
		}
		if (roots_missing(w))
			changes += find_roots(w, d);
		if (changes > 0)
			due = clock_ms() + quiet_ms;
	}
}
