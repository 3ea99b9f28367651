/*
 * warm.h: what `pamphlet serve` keeps between its builds, so that a
 * rebuild after a save does only what the save changed (serve.h):
 *
 *   - what changed since the last build cache: in the content folder,
 *     as serve's watcher saw it (watch.h), and in the output folder, as
 *     a watcher of its own sees it (started after the first build that
 *     succeeds).  The build then stat()s only the exercise files and
 *     the output files named (cache.h, struct cache_hint);
 *   - the build cache itself, in memory (build_opts.keep): the build
 *     neither reads nor parses the cache file it saved.
 *
 * None of it changes the output: where a watcher cannot tell (events
 * lost, a folder it cannot watch, a link), the build checks every file,
 * as `pamphlet build` does.  A folder of the output folder that cannot
 * be watched (more folders than the system's inotify limit) stops its
 * watcher for good, quietly: then every output file is stat()ed.  The
 * output folder removed or moved away stops it until a build makes the
 * folder again.
 *
 * Ownership: a struct warm owns its hint, its cache and the output
 * folder's watcher, and is used by one thread (serve's).
 */
#ifndef PAMPHLET_WARM_H
#define PAMPHLET_WARM_H

#include "build.h"
#include "watch.h"

struct warm;

/* For builds of the content folder content into the output folder out
 * (both as the build options give them). */
struct warm *warm_new(const char *content, const char *out);
void warm_free(struct warm *wm); /* NULL is fine */

/* Just before a build: take what the content folder's watcher w and the
 * output folder's saw change, and point bo's hint and keep at what wm
 * keeps. */
void warm_before(struct warm *wm, struct watch *w, struct build_opts *bo);

/* Just after it, with its result and exit code. */
void warm_after(struct warm *wm, const struct build_result *r, int rc);

#endif
