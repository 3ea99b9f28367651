/*
 * serve.h: `pamphlet serve`, the live preview.
 *
 * Builds once into the output folder, serves it on 127.0.0.1 (httpd.h),
 * and watches the content and templates folders (watch.h): 10 ms after
 * the last change it builds again with build_run(), prints the summary
 * line or the diagnostics as `pamphlet build` does, and tells the open
 * pages (httpd_publish()), which reload, or show the errors above the
 * last version that built.  Nothing it adds to the pages is written to
 * the output folder.  A rebuild is published as soon as its files are
 * made and checked (build_opts.made): served from memory while they are
 * written into out/ (httpd_serve_made()), then from out/; if writing
 * fails, out/'s old files are served with the errors.  It is given what
 * serve keeps between builds
 * (warm.h): the last build's cache in memory, and what the watchers of
 * the content and output folders saw change since then, so it reads no
 * cache file and stat()s only those exercise and output files.
 *
 * Threads: the calling thread watches and builds; the web server's
 * threads only read the output folder, the files a build lends them
 * (under the httpd's mutex) and the state httpd_publish() hands them.  SIGINT and SIGTERM are blocked in every thread while it
 * runs and read from a signalfd between builds: they end serve_run()
 * cleanly, with every thread joined and everything freed.
 */
#ifndef PAMPHLET_SERVE_H
#define PAMPHLET_SERVE_H

#include "build.h"

struct serve_opts {
	struct build_opts build; /* what to build (write is forced on) */
	unsigned port;           /* on 127.0.0.1; 0: any free port */
	int quiet;               /* no summary line after a good build */
	int allow_placeholders;  /* the handout desk prints even with the
				  * example's clinic details (handout.h) */
};

/* Serve until SIGINT or SIGTERM.  Returns EXIT_OK then, or EXIT_SYSTEM
 * after reporting (a busy port, no inotify): a failing build does not
 * stop the server. */
int serve_run(const struct serve_opts *o);

#endif
