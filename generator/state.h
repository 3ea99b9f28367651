/*
 * state.h: what pamphlet keeps about an output folder, outside it.
 *
 * The output folder holds exactly the published site.  What pamphlet
 * needs to know between builds lives in .pamphlet/ beside the content
 * folder, one folder for each output folder, named after it and keyed
 * by its real path (two output folders never share one):
 *
 *   .pamphlet/.gitignore          "*": never committed by accident
 *   .pamphlet/out-1a2b3c4d/folder     the output folder's real path
 *   .pamphlet/out-1a2b3c4d/manifest   files written, folders made (output.h)
 *   .pamphlet/out-1a2b3c4d/writing    only while a build writes (output.h)
 *   .pamphlet/out-1a2b3c4d/cache      the build cache (cache.h)
 *   .pamphlet/out-1a2b3c4d/pictures/  SVG pictures drawn for the sheet
 *                                     (rasters.h)
 *   .pamphlet/handouts-pictures/      the same for `pamphlet handout`
 *
 * A build removes the state folders of output folders that no longer
 * exist.  Deleting .pamphlet/ is safe: the next build is a full one, and files
 * it does not make again stay in the output folder until removed by
 * hand.  Earlier versions kept the manifest and the cache in the output
 * folder itself (LEGACY_*): a build reads that manifest once, then
 * removes those files.
 */
#ifndef PAMPHLET_STATE_H
#define PAMPHLET_STATE_H

#include "diag.h"

#define STATE_DIR ".pamphlet"
#define STATE_MANIFEST "manifest"
#define STATE_JOURNAL "writing"
#define STATE_CACHE "cache"
#define STATE_FOLDER "folder"
#define STATE_RASTERS "pictures"

#define LEGACY_MANIFEST ".pamphlet-manifest"
#define LEGACY_MARKER ".pamphlet-writing"
#define LEGACY_CACHE ".pamphlet-cache"

/* The state folder of output folder out, for content folder content
 * (.pamphlet/NAME-KEY beside it), or NULL when either path cannot be
 * resolved.  Touches nothing.  Caller frees. */
char *state_dir_for(const char *content, const char *out);

/* The output folders whose records are beside content (their real
 * paths), as a NULL-terminated array (caller frees each and it). */
char **state_out_folders(const char *content);

/* Where `pamphlet handout` keeps the site's SVG pictures drawn for print
 * (.pamphlet/handouts-pictures/ beside content): the site's drawings,
 * never a patient's details.  NULL if content cannot be resolved. */
char *state_handout_pictures(const char *content);

/* Make the state folder dir of output folder out, and remove what a
 * killed build may have left in it (temporary files).  Returns 0, or
 * -1 after reporting. */
int state_open(const char *dir, const char *out, struct diag *d);

/* One build at a time into an output folder: an exclusive flock(2) on
 * the folder itself, taken before the last build's records are read
 * and held until the cache is saved.  (Not on a file in the state
 * folder: two content folders building into one output folder have two
 * state folders, but one output folder.)  The kernel lets go of it when
 * the process ends, however it ends: a killed build blocks no one.
 * While it is held, no other build reads, writes or cleans up in the
 * output folder, so the temporary files a build removes are never
 * another live build's. */
struct state_lock {
	int fd;      /* the locked folder, or -1 */
	char *made;  /* the outermost folder made to lock it, or NULL */
	char *path;  /* the output folder, absolute (made's inner end) */
};

/* Lock output folder out, making it (and missing parents) if needed.
 * When another build holds it: wait (wait = 1), saying so once on
 * stderr unless quiet, or fail at once (wait = 0).  Returns 0, or -1
 * after reporting (a system error). */
int state_lock(struct state_lock *l, const char *out, int wait, int quiet,
	       struct diag *d);
/* Let go of the lock (also after state_lock() failed).  failed: the build wrote nothing, so remove the
 * folders state_lock() made, if they are still empty. */
void state_unlock(struct state_lock *l, int failed);

#endif
