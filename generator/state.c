#define _POSIX_C_SOURCE 200809L
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "fsutil.h"
#include "util.h"

char *state_dir_for(const char *content, const char *out)
{
	char *creal = fs_realpath_loose(content);
	char *oreal = fs_realpath_loose(out);
	char *dir = NULL;
	if (creal == NULL || oreal == NULL)
		goto done;
	/* Beside the content folder: in its parent. */
	char *slash = strrchr(creal, '/');
	if (slash == creal)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	/* The output folder's name, as a readable part of the key. */
	const char *base = strrchr(oreal, '/');
	base = base != NULL && base[1] != '\0' ? base + 1 : "root";
	struct buf name = BUF_INIT;
	for (const char *p = base; *p && name.len < 32; p++) {
		int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			 (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
		buf_putc(&name, ok ? *p : '_');
	}
	unsigned long long key = (unsigned long long)XXH3_64bits(
		oreal, strlen(oreal));
	char *leaf = xasprintf(STATE_DIR "/%s-%08llx", buf_cstr(&name),
			       key & 0xffffffffULL);
	dir = fs_join(creal, leaf);
	free(leaf);
	buf_free(&name);
done:
	free(creal);
	free(oreal);
	return dir;
}

/* The folder beside content (its parent) holding .pamphlet/, or NULL. */
static char *state_top(const char *content)
{
	char *creal = fs_realpath_loose(content);
	if (creal == NULL)
		return NULL;
	char *slash = strrchr(creal, '/');
	if (slash == creal)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	char *top = fs_join(creal, STATE_DIR);
	free(creal);
	return top;
}

char **state_out_folders(const char *content)
{
	char *top = state_top(content);
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	char **names = top != NULL && fs_is_dir(top) ? fs_list_dir(top, &quiet)
						      : NULL;
	size_t n = 0;
	char **out = xcalloc(1, sizeof *out);
	for (char **nm = names; nm && *nm; nm++) {
		char *dir = fs_join(top, *nm);
		char *file = fs_join(dir, STATE_FOLDER);
		struct buf path = BUF_INIT;
		if (fs_is_file(file) &&
		    fs_read_file(file, &path, 4096, &quiet) == 0 &&
		    path.len > 1 && path.data[path.len - 1] == '\n') {
			path.data[--path.len] = '\0';
			out = xrealloc(out, (n + 2) * sizeof *out);
			out[n++] = buf_detach(&path);
			out[n] = NULL;
		}
		buf_free(&path);
		free(file);
		free(dir);
	}
	fs_free_list(names);
	buf_free(&msg);
	free(top);
	return out;
}

char *state_handout_pictures(const char *content)
{
	char *top = state_top(content);
	char *dir = top != NULL ? fs_join(top, "handouts-" STATE_RASTERS)
				: NULL;
	free(top);
	return dir;
}

/* The files a state folder may hold: what prune() removes, nothing else. */
static const char *const state_files[] = {
	STATE_FOLDER, STATE_MANIFEST, STATE_JOURNAL, STATE_CACHE,
};

/* Remove the drawings folder of state folder dir (rasters.h): its PNG
 * files and temporary files, then the folder if that emptied it. */
static void prune_rasters(const char *dir)
{
	char *pics = fs_join(dir, STATE_RASTERS);
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	char **names = fs_is_dir(pics) ? fs_list_dir(pics, &quiet) : NULL;
	for (char **n = names; n && *n; n++) {
		size_t k = strlen(*n);
		if (k > 4 && strcmp(*n + k - 4, ".png") == 0) {
			char *f = fs_join(pics, *n);
			unlink(f);
			free(f);
		}
	}
	fs_free_list(names);
	fs_remove_temps(pics);
	rmdir(pics);
	buf_free(&msg);
	free(pics);
}

/* Remove the state folders (in top, but mine) of output folders that no
 * longer exist: their records describe nothing.  Only pamphlet's own
 * files are removed; a folder holding anything else stays. */
static void prune(const char *top, const char *mine)
{
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	char **names = fs_list_dir(top, &quiet);
	for (char **n = names; n && *n; n++) {
		char *dir = fs_join(top, *n);
		char *folder = fs_join(dir, STATE_FOLDER);
		struct buf path = BUF_INIT;
		struct stat st;
		if (strcmp(dir, mine) != 0 && fs_is_dir(dir) &&
		    fs_read_file(folder, &path, 4096, &quiet) == 0 &&
		    path.len > 1 && path.data[path.len - 1] == '\n') {
			path.data[--path.len] = '\0';
			if (stat(path.data, &st) != 0 && errno == ENOENT) {
				fs_remove_temps(dir);
				prune_rasters(dir);
				for (size_t i = 0; i < ARRAY_LEN(state_files); i++) {
					char *f = fs_join(dir, state_files[i]);
					unlink(f);
					free(f);
				}
				rmdir(dir);
			}
		}
		buf_free(&path);
		free(folder);
		free(dir);
	}
	fs_free_list(names);
	buf_free(&msg);
}

int state_open(const char *dir, const char *out, struct diag *d)
{
	if (fs_mkdir_p(dir, d) != 0)
		return -1;
	/* A killed build's cache, manifest or journal, half written. */
	fs_remove_temps(dir);
	char *top = xstrdup(dir);
	char *slash = strrchr(top, '/');
	if (slash != NULL)
		*slash = '\0';
	char *ignore = fs_join(top, ".gitignore");
	char *folder = fs_join(dir, STATE_FOLDER);
	char *real = fs_realpath_loose(out);
	char *line = xasprintf("%s\n", real ? real : out);
	int rc = 0;
	const char *base = strrchr(top, '/');
	int ours = strcmp(base ? base + 1 : top, STATE_DIR) == 0;
	if ((ours && fs_write_if_changed(ignore, "*\n", 2, d) < 0) ||
	    fs_write_if_changed(folder, line, strlen(line), d) < 0)
		rc = -1;
	if (ours)
		prune(top, dir);
	free(line);
	free(real);
	free(folder);
	free(ignore);
	free(top);
	return rc;
}

/* The pid holding a flock on the file with inode ino, from
 * /proc/locks (Linux), or 0 when it cannot be told. */
static long lock_holder(unsigned long long ino)
{
	FILE *f = fopen("/proc/locks", "r");
	if (f == NULL)
		return 0;
	char line[256];
	long pid = 0;
	while (pid == 0 && fgets(line, sizeof line, f) != NULL) {
		char kind[16], mode[16];
		long p;
		unsigned maj, min;
		unsigned long long i;
		if (sscanf(line, "%*s %15s %*s %15s %ld %x:%x:%llu", kind, mode,
			   &p, &maj, &min, &i) == 6 &&
		    strcmp(kind, "FLOCK") == 0 && i == ino)
			pid = p;
	}
	fclose(f);
	return pid;
}

/* mkdir -p path, remembering in *made the outermost folder made.
 * Returns 0 or -1 (unreported). */
static int make_tracked(const char *path, char **made)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = strchr(p + 1, '/');; s = strchr(s + 1, '/')) {
		if (s != NULL)
			*s = '\0';
		if (mkdir(p, 0777) == 0) {
			if (*made == NULL)
				*made = xstrdup(p);
		} else if (errno != EEXIST || !fs_is_dir(p)) {
			rc = -1;
		}
		if (s == NULL || rc != 0)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

int state_lock(struct state_lock *l, const char *out, int wait, int quiet,
	       struct diag *d)
{
	l->fd = -1;
	l->made = NULL;
	l->path = fs_realpath_loose(out);
	if (l->path == NULL) {
		diag_syserr(d, out, "cannot find the folder: %s",
			    strerror(errno));
		return -1;
	}
	int said = 0;
	for (int tries = 0; tries < 100; tries++) {
		if (!fs_is_dir(l->path) && make_tracked(l->path, &l->made) != 0) {
			/* Said as mkdir -p says it, naming what is in the
			 * way as the user wrote the path. */
			if (fs_mkdir_p(out, d) == 0)
				diag_syserr(d, out, "cannot make folder");
			return -1;
		}
		int fd = open(l->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			if (errno == ENOENT)
				continue; /* (removed meanwhile) */
			diag_syserr(d, out, "cannot open the folder: %s",
				    strerror(errno));
			return -1;
		}
		struct stat st;
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			if (errno != EWOULDBLOCK) {
				diag_syserr(d, out, "cannot lock the folder: %s",
					    strerror(errno));
				close(fd);
				return -1;
			}
			long pid = fstat(fd, &st) == 0
					   ? lock_holder((unsigned long long)st.st_ino)
					   : 0;
			char who[32] = "";
			if (pid > 0)
				snprintf(who, sizeof who, " (pid %ld)", pid);
			if (!wait) {
				diag_syserr(d, out, "another build is writing "
					    "into this folder%s; not waiting "
					    "(--no-wait)", who);
				close(fd);
				return -1;
			}
			if (!said && !quiet)
				fprintf(stderr, "pamphlet: waiting for another "
					"build into %s%s...\n", out, who);
			said = 1;
			if (flock(fd, LOCK_EX) != 0) {
				diag_syserr(d, out, "cannot lock the folder: %s",
					    strerror(errno));
				close(fd);
				return -1;
			}
		}
		/* The folder we locked must still be the one at the path: a
		 * failed first build may have removed it meanwhile. */
		struct stat now;
		if (fstat(fd, &st) == 0 && stat(l->path, &now) == 0 &&
		    st.st_dev == now.st_dev && st.st_ino == now.st_ino) {
			l->fd = fd;
			return 0;
		}
		close(fd);
	}
	diag_syserr(d, out, "cannot lock the folder: it keeps being removed");
	return -1;
}

void state_unlock(struct state_lock *l, int failed)
{
	/* (Only a lock taken: else another build may hold the folder.) */
	if (failed && l->fd >= 0 && l->made != NULL && l->path != NULL) {
		/* From the output folder out to the outermost one made. */
		size_t stop = strlen(l->made);
		char *p = l->path;
		while (strlen(p) >= stop && rmdir(p) == 0) {
			char *slash = strrchr(p, '/');
			if (slash == NULL || slash == p)
				break;
			*slash = '\0';
		}
	}
	if (l->fd >= 0)
		close(l->fd); /* (and so the lock) */
	free(l->made);
	free(l->path);
	l->fd = -1;
	l->made = l->path = NULL;
}
