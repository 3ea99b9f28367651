/*
 * checkreport.h: `pamphlet check --report FILE.html` (issue 16): one
 * HTML page, for a clinic's content team, with a table of every page of
 * every language and what the plain-language checks (checks.h) found in
 * it: reading level, words, longest sentence, unexplained health words,
 * last review, warnings.
 *
 * The page stands alone: one file, its style inline, no script, nothing
 * fetched from anywhere, valid HTML and accessible as the site is (a
 * <table> with a <caption> and <th scope>, lang on every text in another
 * language than its English).  "Sortable with no script": the table is
 * there four times, each its own section, linked from the top: worst
 * first (most warnings, then hardest to read, then title), hardest to
 * read first, oldest review first, and in the site's order.  Under them,
 * every warning, page by page, and those about no one page (site.yaml's
 * placeholders, a missing translation).
 *
 * A page's numbers are its struct page_checks (model.h); its warnings
 * are the lines checks_run() printed about its file, so the report and
 * `pamphlet check` always agree.  Review dates are counted in days from
 * the time the checks measured them from (SOURCE_DATE_EPOCH, else now).
 *
 * The same bytes for the same content and time: a report can be kept in
 * version control.
 */
#ifndef PAMPHLET_CHECKREPORT_H
#define PAMPHLET_CHECKREPORT_H

#include "buf.h"
#include "build.h"
#include "diag.h"
#include "model.h"

/* Append the report's page to out.  site: every language, as loaded and
 * checked; warnings: what checks_run() reported, whole lines as struct
 * diag prints them ("" or NULL: none); now: the time (seconds since
 * 1970) the review dates were measured from. */
void checkreport_html(struct buf *out, const struct site *site,
		      const char *warnings, long long now);

/* For struct build_opts' checked hook: ctx is a struct buf, emptied,
 * then given the report's page (a build that starts again without its
 * cache calls it twice: the last one stands). */
void checkreport_hook(void *ctx, const struct site *site,
		      const char *warnings, long long now);

/* 0 if a report may be written at path: not inside (nor the same as) the
 * output, content or templates folder of o, by their real paths (links
 * and ".." do not hide them), and not a folder.  Else -1 after reporting
 * an error (the caller exits EXIT_USAGE). */
int checkreport_check_path(const char *path, const struct build_opts *o,
			   struct diag *d);

/* Write html[0..len) to path atomically (a temporary file beside it,
 * then renamed over it; left as it is when it already holds those
 * bytes).  0, or -1 after reporting a system error. */
int checkreport_write(const char *path, const char *html, size_t len,
		      struct diag *d);

#endif
