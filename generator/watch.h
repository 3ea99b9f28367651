/*
 * watch.h: tell when the sources of a site change, with Linux inotify.
 *
 * A struct watch watches some folders (the content and the templates)
 * and every folder under them, adding a watch for each new sub-folder
 * as it appears.  A change is a file written and closed, created,
 * deleted or renamed (editors that save by writing a temporary file and
 * renaming it over the old one are seen by the rename).  Not changes:
 * editors' swap, lock and backup files (watch_ignored_name()), hidden
 * files (pamphlet reads none), and anything in the skipped folder (the
 * output folder, when it lies inside the content folder, so a build does
 * not trigger the next one).  A watched folder that is removed is looked
 * for again every half second and counts as a change when it is back.
 *
 * The struct owns its inotify descriptor and its list of folders; one
 * thread uses it.  Problems are reported through the given struct diag:
 * a folder that cannot be watched is a warning, not a failure.
 */
#ifndef PAMPHLET_WATCH_H
#define PAMPHLET_WATCH_H

#include <stddef.h>

#include "diag.h"

struct watch;

/* Watch the nroots folders in roots (missing ones are looked for later),
 * skipping the folder skip (may be NULL, or not exist yet).  Returns
 * NULL after reporting when inotify is not available. */
struct watch *watch_new(const char *const *roots, size_t nroots,
			const char *skip, struct diag *d);
void watch_free(struct watch *w);

/* Read the events waiting, without blocking, and keep the watches up
 * to date.  Returns how many of them were changes (0: none), or -1
 * after reporting a read error. */
int watch_read(struct watch *w, struct diag *d);

/* Block until a change was followed by quiet_ms milliseconds without
 * another (returns 1), or until stop_fd (-1: none) is readable (returns
 * 0, even when a change is pending).  -1 after reporting an error. */
int watch_wait(struct watch *w, int stop_fd, int quiet_ms, struct diag *d);

/* The files and folders that changed, were written (even if still
 * open) or touched since the last call, as canonical paths in no
 * particular order (caller frees with fs_free_list()), and *lost set to
 * 1 if a change may have gone unseen meanwhile: events were lost, a
 * watched folder went and came back, a folder is too deep to watch, or
 * a symbolic link (what it leads to changes without an event here).
 * The first call always says lost. */
char **watch_take_changed(struct watch *w, int *lost);

/* 1 if every folder under the roots is watched, and has been since
 * watch_new(): none could not be watched (no more inotify watches, too
 * deep), no root is missing, no link was seen.  Only then do the changes
 * watch_take_changed() reports (when it does not say lost) hold every
 * change there was.  0 while a root is missing; after a gap, 0 for
 * good. */
int watch_complete(const struct watch *w);

/* 1 if a file of this name (no '/') never affects a build: hidden files
 * (".#lock", ".x.md.swp"), vim's "4913" probe, "x~" backups, "#x#"
 * auto-saves, "*.swp", "*.swx", "*.tmp" and the like. */
int watch_ignored_name(const char *name);

#endif
