/*
 * preview.h: what `pamphlet serve` changes in the bytes it serves, and
 * how it maps a request's path to a file.  Pure functions on strings: no
 * I/O, no threads, no HTTP library, so the unit tests and the server
 * share them.
 *
 * The published site has no JavaScript.  Only in the preview does each
 * HTML page get a small script (preview_live_js, at PREVIEW_LIVE_JS_URL)
 * that waits for the next build and reloads the page, its
 * Content-Security-Policy widened to allow that script ('self'), and,
 * while the last save has an error, a banner with the diagnostics at the
 * top of <body>.  Files in out/ are never changed.
 */
#ifndef PAMPHLET_PREVIEW_H
#define PAMPHLET_PREVIEW_H

#include <stddef.h>

#include "buf.h"

/* The preview's own addresses; no file in out/ is served under them. */
#define PREVIEW_PREFIX "/__pamphlet/"
#define PREVIEW_LIVE_JS_URL PREVIEW_PREFIX "live.js"
#define PREVIEW_CSS_URL PREVIEW_PREFIX "preview.css"
#define PREVIEW_WAIT_URL PREVIEW_PREFIX "wait"

/* The reload script: long-polls PREVIEW_WAIT_URL?gen=G&page=PATH (G
 * from its data-gen attribute, PATH the page's location.pathname) and
 * reloads when the answer differs from G;
 * retries with a growing delay while the server is away. */
extern const char preview_live_js[];
/* The style of the error banner and of the error page. */
extern const char preview_css[];

/* Map the path of a request (as sent: still percent-encoded, without
 * the query) to a path relative to the served folder.  Returns 0 and
 * sets *rel (caller frees): "" for "/", "dir/" for "/dir/", "a/b.css".
 * Returns 400 for a path that is malformed or tries to leave the folder
 * (no leading '/', a bad %-escape, NUL, a backslash, a "." or ".."
 * segment, an empty segment such as "//"), 404 for a hidden name (a
 * segment starting with '.'); *rel is then NULL. */
int preview_map_url(const char *url, char **rel);

/* The Content-Type for a file name, by its extension. */
const char *preview_content_type(const char *path);
/* 1 if path names an HTML file (.html or .htm). */
int preview_is_html(const char *path);

/* Append html[0..len) to out as the preview serves it: the CSP meta
 * allowing 'self' scripts, fetches and styles, the reload script with
 * generation gen before </body>, and, when errors is not NULL, the error
 * banner (errors: the diagnostic lines, one per line) at the top of
 * <body>, saying the page below is the last version that built. */
void preview_page(struct buf *out, const char *html, size_t len,
		  unsigned long gen, const char *errors);

/* Append a whole page showing errors, for when no build succeeded yet:
 * the banner and the reload script, nothing else. */
void preview_error_page(struct buf *out, unsigned long gen,
			const char *errors);

#endif
