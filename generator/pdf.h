/*
 * pdf.h: the PDF backend: the printable exercise sheet, with libharu.
 * pdf.c is the only file that calls libharu (with haru.c and pdftags.c,
 * which do what libharu has no API for: pdftags.c the tagged PDF); the
 * layout engine (layout.h: line breaking, tables, page breaking, the
 * structure) is ours and never sees libharu.
 *
 * Same shape as the HTML backend: pdf_new(opts), pdf_render(out, p,
 * site, d), pdf_free(p).  The sheet is produced in memory; the caller
 * writes it.
 */
#ifndef PAMPHLET_PDF_H
#define PAMPHLET_PDF_H

#include "buf.h"
#include "model.h"
#include "diag.h"

#define PDF_FONT_REGULAR "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
#define PDF_FONT_BOLD "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"

struct pdf_opts {
	int paper;                /* enum paper: the site's, or --paper */
	const char *font_regular; /* TrueType files; NULL = the defaults */
	const char *font_bold;
	long long epoch;          /* SOURCE_DATE_EPOCH, or -1 when unset */
	const char *version;      /* for the Creator field */
	const char *raster_dir;   /* where SVG drawings are kept between
				   * builds (rasters.h), or NULL */
	int raw_fonts;            /* 1: the embedded fonts are not
				   * compressed: 45% bigger, a third less
				   * CPU (handouts, printed and not
				   * published, in batches of hundreds) */
};

struct pdf;

/* Why the sheet cannot be printed in language lang (a BCP 47 tag), or
 * NULL when it can.  libharu 2.3.0 neither shapes text nor orders it
 * right to left: Arabic would come out unjoined and backwards, Hebrew
 * reversed, Devanagari and the other Brahmic scripts with their vowel
 * signs misplaced, whatever the font.  Latin, Greek and Cyrillic print
 * as they should.  (Browsers shape text: the website is fine.) */
const char *pdf_script_problem(const char *lang);

struct pdf *pdf_new(const struct pdf_opts *opts);
/* Lay out the sheet for site and append the PDF's bytes to out.
 * Returns 0, or -1 after reporting (a bad font: exit 3; content: 1). */
int pdf_render(struct buf *out, struct pdf *p, const struct site *site,
	       struct diag *d);
/* The same for programme prog (layout.h): a patient's handout, whose
 * properties name no patient ("Exercise programme", by the clinic). */
struct lay_programme;
int pdf_render_programme(struct buf *out, struct pdf *p,
			 const struct site *site,
			 const struct lay_programme *prog, struct diag *d);
void pdf_free(struct pdf *p); /* NULL is fine */
/* Hand s (malloc'd: a string its options point to) to p, which frees it
 * with itself. */
void pdf_keep(struct pdf *p, char *s);

#endif
