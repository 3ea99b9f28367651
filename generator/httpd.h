/*
 * httpd.h: the HTTP side of `pamphlet serve`, with libmicrohttpd (the
 * only file that includes microhttpd.h).
 *
 * Serves one folder (out/) on 127.0.0.1, only to requests whose Host is
 * 127.0.0.1, localhost or [::1] with its port (else 421 Misdirected
 * Request: no DNS rebinding), GET and HEAD only, files by
 * their extension's Content-Type, "Cache-Control: no-store", "/dir/" as
 * dir/index.html, "/dir" as a redirect to "/dir/", 404 with the folder's
 * 404.html.  Every HTML page goes through preview_page() (the reload
 * script, and the error banner while the last build failed); until a
 * build has succeeded, HTML requests get preview_error_page() (500).
 * Also the preview's own addresses: PREVIEW_LIVE_JS_URL,
 * PREVIEW_CSS_URL, and PREVIEW_WAIT_URL?gen=G, which blocks until the
 * build generation differs from G (at most 8 s) and answers with it.
 *
 * Threads: libmicrohttpd runs one thread per connection, for at most 32
 * connections at once (more are refused, and said so once on stderr);
 * one idle for 10 s is closed.  They share
 * only the struct httpd's state, under its mutex; the thread that
 * builds hands each result over with httpd_publish(), which wakes the
 * waiting requests.  The struct owns the daemon, the listening socket
 * once started, the state and its copy of the diagnostics.
 */
#ifndef PAMPHLET_HTTPD_H
#define PAMPHLET_HTTPD_H

#include "diag.h"

struct httpd;

/* A socket listening on 127.0.0.1:port (0: any free port), so a busy
 * port is reported before the first build.  Returns it and sets *bound
 * to its port, or returns -1 after reporting (a busy port: with a hint
 * to use --port). */
int httpd_listen(unsigned port, unsigned *bound, struct diag *d);

/* Serve folder root on the socket fd (taken, also on failure), which
 * listens on port.  built: 1 if a build succeeded; errors: the
 * diagnostics of a failed last build, or NULL (copied).  Returns NULL
 * after reporting. */
struct handout_opts;
struct httpd *httpd_start(int fd, unsigned port, const char *root,
			  int built, const char *errors,
			  const struct handout_opts *desk, struct diag *d);

/* After a build: ok, or its diagnostics (copied).  Bumps the
 * generation and wakes every waiting request.  Thread-safe. */
void httpd_publish(struct httpd *h, int ok, const char *errors);

/* Serve files (output.h; lent: NULL to stop) before the folder's own:
 * the new files of a build while it writes them into the folder, and
 * publish them (as httpd_publish(h, 1, NULL) would).
 * Requests copy what they serve under the mutex, so once this returns
 * with NULL the files may be freed.  Thread-safe. */
struct output;
void httpd_serve_made(struct httpd *h, const struct output *files);
/* Before that, the pages a build made first (build_opts.early: copied),
 * served before the folder's own and published at once (the generation
 * bumped): the open pages that show one of them reload, the others wait
 * for the whole build (a long poll names its page:
 * PREVIEW_WAIT_URL?gen=G&page=PATH).  httpd_serve_made() with that
 * build's files then bumps the generation again, but an open page that
 * showed one of these pages and is the same in those files is not
 * reloaded.  httpd_publish() forgets them.  Thread-safe. */
void httpd_serve_early(struct httpd *h, const struct output *files);

/* Stop: answer the waiting requests, close every connection, join the
 * threads, free everything.  Accepts NULL. */
void httpd_stop(struct httpd *h);

#endif
