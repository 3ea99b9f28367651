/*
 * paths.h: paths inside the content folder and inside out/, and the
 * relative URLs between output files.  Pure string work: no file system.
 */
#ifndef PAMPHLET_PATHS_H
#define PAMPHLET_PATHS_H

#include <stddef.h>

/* The site's URL layout: where each page and file goes under out/.  The
 * loader, the backends and the build cache all ask here. */
#define PATH_SHEET "exercise-sheet.pdf"  /* the printed sheet */
#define PATH_EXERCISES "exercises"       /* exercise files, in and out */
#define PATH_MEDIA "assets/media"        /* content files copied (pictures) */
/* "index.html" for the home page (slug ""), else "SLUG/index.html".
 * Caller frees. */
char *path_page_out(const char *slug);
/* "exercises/SLUG/index.html".  Caller frees. */
char *path_exercise_out(const char *slug);
/* "exercises/NAME" for the exercise file NAME ("rows.md").  Caller frees. */
char *path_exercise_src(const char *name);
/* Where a content file (an image, rel to content/) is copied: under
 * "assets/media/".  Caller frees. */
char *path_media_out(const char *rel);

/* Join base_dir (a folder, "" for the top) and rel, resolving "." and
 * "..".  NULL when the result would leave the top (caller frees). */
char *path_resolve(const char *base_dir, const char *rel);

/* The folder part of path ("a/b/c.md" -> "a/b", "c.md" -> "").  Caller
 * frees. */
char *path_dirname(const char *path);

/* The relative URL from the output file from to the output file to (both
 * relative to out/), percent-encoded: ("exercises/a/index.html",
 * "schedule/index.html") -> "../../schedule/index.html".  Caller frees. */
char *path_rel_url(const char *from, const char *to);
/* The public address of output file out_path under base_url (without a
 * final '/'): "base/dir/" for "dir/index.html".  Caller frees. */
char *path_public_url(const char *base_url, const char *out_path);

/* url[0..len) with its %XX escapes decoded, as a browser reads a path:
 * "my%20photo.png" names the file "my photo.png", "caf%C3%A9.png" the
 * file "café.png".  %00 and a '%' not followed by two hex digits stay as
 * they are.  Caller frees. */
char *path_url_decode(const char *url, size_t len);

/* 1 if path ends with suffix, ignoring ASCII case. */
int path_has_suffix(const char *path, const char *suffix);

#endif
