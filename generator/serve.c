#define _GNU_SOURCE /* signalfd, open_memstream */
#include "serve.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "clock.h"
#include "desk.h"
#include "handout.h"
#include "httpd.h"
#include "report.h"
#include "util.h"
#include "warm.h"
#include "watch.h"

/* A save is over when no change came for this long: editors that write
 * a temporary file, rename it and touch a backup (within a millisecond
 * or two) make one build.  A later step only makes one more build. */
#define QUIET_MS 10

/* The build's made hook (build.h): its files are served from memory
 * from the moment they are all made and checked, while they are being
 * written into out/ (saving the cache and freeing the model come after
 * that). */
struct publishing {
	struct httpd *h; /* NULL: not serving yet */
	int done;        /* 1 once published */
};

static void publish_made(void *ctx, const struct output *files)
{
	struct publishing *p = ctx;
	httpd_serve_made(p->h, files);
	p->done |= files != NULL;
}

/* The early hook (build.h): the pages just edited, made first, are
 * shown at once; the rest of the build follows. */
static void publish_early(void *ctx, const struct output *files)
{
	struct publishing *p = ctx;
	httpd_serve_early(p->h, files);
}

/* One build, reported on the terminal as `pamphlet build` reports it.
 * Returns 1 if it succeeded; else 0 with *errors set to its diagnostic
 * lines (caller frees).  With pub, a build is published as soon as its
 * files are made (pub->done is then 1): if it then fails (writing them),
 * publish that too. */
static int build_and_report(const struct serve_opts *o,
			    struct publishing *pub, struct watch *w,
			    struct warm *wm, char **errors)
{
	char *text = NULL;
	size_t len = 0;
	/* The diagnostics go to the terminal and, on failure, to the
	 * browser: catch them, then copy them to stderr. */
	FILE *mem = open_memstream(&text, &len);
	struct diag d = {.out = mem};
	struct build_result r;
	struct build_opts bo = o->build;
	warm_before(wm, w, &bo);
	if (pub != NULL) {
		bo.made = publish_made;
		bo.made_ctx = pub;
		bo.early = publish_early;
		bo.early_ctx = pub;
	}

	double t0 = clock_ms();
	int rc = build_run(&bo, &r, &d);
	double secs = (clock_ms() - t0) / 1e3;
	warm_after(wm, &r, rc);
	if (mem != NULL) {
		fclose(mem);
		if (text != NULL)
			fwrite(text, 1, len, stderr);
	}
	report_build(&bo, &r, &d, rc, secs, o->quiet);
	if (rc == EXIT_OK) {
		free(text);
		return 1;
	}
	if (text == NULL || len == 0) {
		free(text);
		text = xstrdup("pamphlet: the build failed (see the "
			       "terminal)\n");
	}
	*errors = text;
	return 0;
}

int serve_run(const struct serve_opts *in)
{
	struct serve_opts o = *in;
	struct diag d = {0};
	struct watch *w = NULL;
	struct httpd *h = NULL;
	char *errors = NULL;
	int rc = EXIT_SYSTEM, sfd = -1, lfd = -1;
	unsigned port = 0;
	sigset_t stop, old_mask;
	/* What the rebuilds need not do again (warm.h). */
	struct warm *wm = NULL;
	struct sigaction ignore = {.sa_handler = SIG_IGN}, old_pipe;

	o.build.write = 1;
	/* Never serve (and rebuild into) content/ or templates/. */
	if (build_check_out(&o.build, &d) != 0)
		return EXIT_USAGE;
	/* Blocked before any thread starts, so all of them inherit the
	 * mask and only the signalfd sees these signals. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old_mask);
	/* A browser that goes away mid-answer must not end the server. */
	sigaction(SIGPIPE, &ignore, &old_pipe);
	sfd = signalfd(-1, &stop, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		diag_syserr(&d, NULL, "cannot wait for Ctrl-C (signalfd): %s",
			    strerror(errno));
		goto out;
	}
	lfd = httpd_listen(o.port, &port, &d);
	if (lfd < 0)
		goto out;
	/* Watching starts before the first build, so a save during it is
	 * not missed. */
	const char *roots[] = {o.build.content, o.build.templates};
	w = watch_new(roots, ARRAY_LEN(roots), o.build.out, &d);
	if (w == NULL)
		goto out;
	wm = warm_new(o.build.content, o.build.out);
	int ok = build_and_report(&o, NULL, w, wm, &errors);
	/* The handout desk makes handouts as `pamphlet handout` would. */
	struct handout_opts desk = {
		.content = o.build.content,
		.site_out = o.build.out,
		.templates = o.build.templates,
		.words_fallback = o.build.words_fallback,
		.allow_placeholders = o.allow_placeholders,
		.paper = o.build.paper,
		.font = o.build.font,
		.bold_font = o.build.bold_font,
		.max_file_size = o.build.max_file_size,
		.epoch = o.build.epoch,
		.version = o.build.version,
	};
	h = httpd_start(lfd, port, o.build.out, ok, errors, &desk, &d);
	lfd = -1;
	if (h == NULL)
		goto out;
	fprintf(stderr, "pamphlet: serving %s at http://127.0.0.1:%u/ "
		"(Ctrl-C to stop)\n", o.build.out, port);
	fprintf(stderr, "pamphlet: the handout desk is at "
		"http://127.0.0.1:%u" DESK_URL "\n", port);
	for (;;) {
		int r = watch_wait(w, sfd, QUIET_MS, &d);
		if (r < 0)
			goto out;
		if (r == 0)
			break;
		free(errors);
		errors = NULL;
		struct publishing pub = {h, 0};
		ok = build_and_report(&o, &pub, w, wm, &errors);
		if (!pub.done || !ok)
			httpd_publish(h, ok, errors);
	}
	/* Take the signals, so restoring the mask below does not deliver
	 * them again. */
	struct signalfd_siginfo si;
	while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si)
		;
	fputs("pamphlet: stopped\n", stderr);
	rc = EXIT_OK;
out:
	httpd_stop(h);
	watch_free(w);
	if (lfd >= 0)
		close(lfd);
	if (sfd >= 0)
		close(sfd);
	free(errors);
	warm_free(wm);
	sigaction(SIGPIPE, &old_pipe, NULL);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	return rc;
}
