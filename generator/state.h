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

#define LEGACY_MANIFEST ".pamphlet-manifest"
#define LEGACY_MARKER ".pamphlet-writing"
#define LEGACY_CACHE ".pamphlet-cache"

/* The state folder of output folder out, for content folder content
 * (.pamphlet/NAME-KEY beside it), or NULL when either path cannot be
 * resolved.  Touches nothing.  Caller frees. */
char *state_dir_for(const char *content, const char *out);

/* Make the state folder dir of output folder out, and remove what a
 * killed build may have left in it (temporary files).  Returns 0, or
 * -1 after reporting. */
int state_open(const char *dir, const char *out, struct diag *d);

#endif
