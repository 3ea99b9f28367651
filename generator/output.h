/*
 * output.h: the files of one build, held in memory until the whole build
 * has succeeded, then written into out/.
 *
 * Each file is written atomically (temporary file + rename) and only when
 * its bytes change, so unchanged files keep their mtime and a killed build
 * leaves every file whole: the old one or the new one.  Nothing is
 * written into out/ but the site itself; pamphlet's records live in its
 * state folder (state.h):
 *
 *   manifest  the files pamphlet wrote in out/, then the folders it made
 *             there (a line each, ending in '/'), so the next build
 *             removes those whose source is gone and touches nothing else
 *   writing   the journal of a build that is writing: the files it puts
 *             in place, the folders that get temporary files and those it
 *             makes.  A build that finds it (the last one was killed)
 *             removes those temporary files, and the files and folders
 *             the killed build made that it does not make again.
 *
 * This module knows nothing about what the files contain.
 */
#ifndef PAMPHLET_OUTPUT_H
#define PAMPHLET_OUTPUT_H

#include <stddef.h>

#include "diag.h"
#include "strmap.h"

struct out_file {
	char *path;  /* relative to out/, no "..", no leading '/' */
	char *data;  /* its bytes; NULL: kept as the last build wrote it */
	size_t len;
};

struct output {
	struct out_file *files;
	size_t n, cap;
	struct strmap index; /* path -> 1 + its index in files */
};

struct output_stats {
	size_t written;   /* files whose bytes changed */
	size_t unchanged; /* files left as they were */
	size_t removed;   /* stale files removed */
};

void output_init(struct output *o);
void output_free(struct output *o);
/* Add a file; o takes data (malloc'd).  Adding a path twice replaces. */
void output_add(struct output *o, const char *path, char *data, size_t len);
/* Keep the file at path as the last build wrote it (the build cache
 * knows it is still right). */
void output_keep(struct output *o, const char *path);
/* The file at path, or NULL. */
const struct out_file *output_find(const struct output *o, const char *path);

/* Remove the temporary files a killed build left, in the state folder
 * and wherever its journal says, before anything else happens: even a
 * build that then fails leaves none.  Quiet; dir and state as below. */
void output_clean_up(const char *dir, const char *state);

/* Write every changed file into dir, all or nothing: each goes to a
 * temporary file first, and only when all of them are written (no full
 * disk, no permission problem) are they renamed into place; otherwise
 * the temporary files and the folders this build made are removed and
 * out/ is as it was.  Kept files are left alone (counted as unchanged);
 * when no file changes, nothing in dir is written to.  The files are
 * written on up to `jobs` threads (jobs.h), in the same way whatever
 * their number.  Then remove what the previous build made and this one
 * did not (files, and folders left empty), and write the manifest into
 * the state folder `state` (state.h, made if missing).  Returns 0, or
 * -1 after reporting. */
int output_commit(const struct output *o, const char *dir, const char *state,
		  int jobs, struct output_stats *st, struct diag *d);

#endif
