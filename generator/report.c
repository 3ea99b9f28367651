#define _GNU_SOURCE /* fopencookie */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "clock.h"
#include "util.h"

void report_build(const struct build_opts *o, const struct build_result *r,
		  const struct diag *d, int rc, double secs, int quiet)
{
	if (rc != EXIT_OK) {
		int n = d->errors + d->syserrs;
		fprintf(stderr, "pamphlet: %d error%s; %s\n", n,
			n == 1 ? "" : "s",
			r->committed ? "the rest was written"
			: o->write   ? "nothing was written"
				     : "check failed");
		return;
	}
	if (quiet)
		return;
	char langs[64] = "";
	if (r->languages > 1)
		snprintf(langs, sizeof langs, " in %zu languages",
			 r->languages);
	if (o->write)
		printf("pamphlet: built %zu pages%s (%zu exercises)%s into %s: "
		       "%zu files written, %zu unchanged, %zu removed "
		       "(%.2f s)\n",
		       r->pages, langs, r->exercises,
		       !r->sheet ? ""
		       : r->languages > 1 ? " and the PDF sheets"
					  : " and the PDF sheet",
		       o->out, r->stats.written, r->stats.unchanged,
		       r->stats.removed, secs);
	else
		printf("pamphlet: %s and %s are fine: %zu pages, %zu "
		       "exercises (%.2f s)\n",
		       o->content, o->templates, r->pages, r->exercises, secs);
	fflush(stdout);
}

/* No line before the run has gone on this long (PAMPHLET_PROGRESS_AFTER_MS
 * in the environment sets it, so that a test need not time a build), nor
 * two draws closer together than this. */
#define PROGRESS_DELAY_MS 1000.0
#define PROGRESS_EVERY_MS 100.0

struct progress {
	double start, drawn_at; /* clock_ms() */
	double delay;           /* PROGRESS_DELAY_MS, or the environment's */
	char stage[48];         /* the stage drawn last */
	int width;              /* columns the line covers; 0: no line */
	FILE *messages;         /* progress_messages() */
};

/* Take the line away: spaces over it, the cursor back at its start.
 * (Spaces, not an escape sequence: any terminal does it.) */
static void progress_clear(struct progress *p)
{
	if (p->width == 0)
		return;
	fprintf(stderr, "\r%*s\r", p->width, "");
	p->width = 0;
}

static ssize_t messages_write(void *cookie, const char *data, size_t len)
{
	progress_clear(cookie);
	return (ssize_t)fwrite(data, 1, len, stderr);
}

struct progress *progress_start(int quiet)
{
	if (quiet || !isatty(STDERR_FILENO))
		return NULL;
	struct progress *p = xcalloc(1, sizeof *p);
	p->start = clock_ms();
	p->delay = PROGRESS_DELAY_MS;
	const char *env = getenv("PAMPHLET_PROGRESS_AFTER_MS");
	if (env != NULL && *env != '\0') {
		char *end;
		double v = strtod(env, &end);
		if (*end == '\0' && v >= 0)
			p->delay = v;
	}
	p->messages = fopencookie(p, "w", (cookie_io_functions_t){
						  .write = messages_write});
	if (p->messages == NULL) {
		free(p);
		return NULL;
	}
	setvbuf(p->messages, NULL, _IONBF, 0);
	return p;
}

void progress_update(void *ctx, const char *stage, size_t done, size_t total)
{
	struct progress *p = ctx;
	double now = clock_ms();
	int same = strncmp(p->stage, stage, sizeof p->stage - 1) == 0;
	if (now - p->start < p->delay ||
	    (same && now - p->drawn_at < PROGRESS_EVERY_MS))
		return;
	char line[128];
	int n = total > 0 ? snprintf(line, sizeof line, "pamphlet: %s %zu/%zu",
				     stage, done, total)
			  : snprintf(line, sizeof line, "pamphlet: %s...",
				     stage);
	if (n < 0)
		return;
	if (n >= (int)sizeof line)
		n = (int)sizeof line - 1;
	/* Over a longer line before it: spaces to its end. */
	fprintf(stderr, "\r%s%*s", line, p->width > n ? p->width - n : 0, "");
	if (n > p->width)
		p->width = n;
	snprintf(p->stage, sizeof p->stage, "%s", stage);
	p->drawn_at = now;
}

FILE *progress_messages(struct progress *p)
{
	return p->messages;
}

void progress_end(struct progress *p)
{
	if (p == NULL)
		return;
	fclose(p->messages);
	progress_clear(p);
	free(p);
}
