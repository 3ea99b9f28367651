/*
 * linkcheck.h: the build-time check that every internal link, #anchor and
 * image in the generated pages resolves to a file of the same build.
 *
 * It reads the rendered HTML (pamphlet's own output, so a small scanner
 * for href/src/id attributes is enough), looks each address up as a
 * browser would (%XX escapes decoded: "caf%C3%A9.png" is café.png), and
 * reports a broken one at every content line that wrote it, or else at
 * the page's template; for a #fragment that is a heading's text rather
 * than its id, the message names the id.
 */
#ifndef PAMPHLET_LINKCHECK_H
#define PAMPHLET_LINKCHECK_H

#include "model.h"
#include "diag.h"
#include "output.h"

/* The values of the id attributes of an HTML page, each NUL-terminated,
 * *len bytes in all.  Caller frees. */
char *linkcheck_ids(const char *html, size_t len, size_t *ids_len);

/* The ids of a file kept from the last build (out path), as
 * linkcheck_ids() gave them then; NULL if unknown. */
typedef const char *linkcheck_kept_ids(void *ctx, const char *path,
				       size_t *len);

/* Check the links of every HTML file out holds; a file kept from the
 * last build (no data) is not scanned, and its ids come from kept_ids
 * (may be NULL when no file is kept).  Files are checked on up to
 * `jobs` threads (jobs.h); the messages come in file order.  Returns
 * the number of broken links. */
int linkcheck(const struct output *out, const struct site *site,
	      const char *templates_dir, int jobs, linkcheck_kept_ids *kept_ids,
	      void *ctx, struct diag *d);

#endif
