/*
 * pdftags.h: the tagged PDF (ISO 32000-1, 14.7-14.8; what PDF/UA asks
 * for): the structure tree the layout made (layout.h: lay_doc.elem, and
 * each box's tag) written as the document's StructTreeRoot, and every
 * box drawn inside a marked-content sequence: /P <</MCID n>> BDC ... EMC
 * for content the tree points at, /Artifact BMC ... EMC for decoration,
 * /Artifact <</Type /Pagination ...>> BDC ... EMC for the footer.
 *
 * libharu 2.3 has no API for any of it ("not implemented yet"): this is
 * the one module besides haru.c that uses its internal structures
 * (pdftags.c says which).  pdf.c calls it while it draws:
 *
 *   t = pdftags_new(doc, lay);
 *   for each page: pdftags_page(t, pg);
 *       for each box drawn: pdftags_mark(t, box); ...draw it...
 *       pdftags_end(t) before ET and at the end of the page;
 *   pdftags_finish(t, title, lang);  (before HPDF_SaveToStream)
 *   pdftags_free(t);
 *
 * Each call returns HPDF_OK or libharu's error (the caller reports it).
 */
#ifndef PAMPHLET_PDFTAGS_H
#define PAMPHLET_PDFTAGS_H

#include <hpdf.h>

#include "layout.h"

struct pdftags;

/* For drawing lay (whose tree it reads; lay must outlive it) into doc. */
struct pdftags *pdftags_new(HPDF_Doc doc, const struct lay_doc *lay);
void pdftags_free(struct pdftags *t); /* NULL is fine */

/* The boxes drawn next are on pg (the next page, in order). */
HPDF_STATUS pdftags_page(struct pdftags *t, HPDF_Page pg);
/* Box b is drawn next: ends the marked-content sequence open if it is
 * another tag's, and begins b's.  Consecutive boxes of one tag share a
 * sequence. */
HPDF_STATUS pdftags_mark(struct pdftags *t, const struct lay_box *b);
/* Ends the sequence open, if any (before ET, and before a page ends). */
HPDF_STATUS pdftags_end(struct pdftags *t);
/* After the last page: the structure tree and its parent tree, each
 * page's /StructParents, and in the catalog /StructTreeRoot, /MarkInfo
 * << /Marked true >>, /ViewerPreferences << /DisplayDocTitle true >> and
 * /Metadata (XMP: title, the BCP 47 tag lang); PDF 1.7 in the header.
 * title and lang are UTF-8. */
HPDF_STATUS pdftags_finish(struct pdftags *t, const char *title,
			   const char *lang);

#endif
