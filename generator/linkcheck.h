/*
 * linkcheck.h: the build-time check that every internal link, #anchor and
 * image in the generated pages resolves to a file of the same build.
 *
 * It reads the rendered HTML (pamphlet's own output, so a small scanner
 * for href/src/id attributes is enough) and reports each broken address
 * at the content line that wrote it, or else at the page's template.
 */
#ifndef PAMPHLET_LINKCHECK_H
#define PAMPHLET_LINKCHECK_H

#include "content.h"
#include "diag.h"
#include "output.h"

/* Returns the number of broken links (each reported). */
int linkcheck(const struct output *out, const struct site *site,
	      const char *templates_dir, struct diag *d);

#endif
