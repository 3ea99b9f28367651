/*
 * pdfcheck.h: checks on the files the PDF backend hands to libharu.
 *
 * libharu trusts what it reads: a file that is not a font crashes it, a
 * truncated font returns NULL without a word, a PNG with bad data makes
 * libpng abort the program.  So every font and image is checked here
 * first, and what is wrong is said in words, naming the file.
 *
 * Used by pdf.c only; knows nothing of libharu's API.
 */
#ifndef PAMPHLET_PDFCHECK_H
#define PAMPHLET_PDFCHECK_H

#include "buf.h"
#include "diag.h"

/* Which characters of the Basic Multilingual Plane a font has a glyph
 * for: bit (cp & 7) of byte cp >> 3. */
#define PDF_COVER_BYTES 8192

/* 0 if path is a TrueType font libharu can load and embed: the sfnt
 * header, the table directory, every table inside the file, the 13
 * tables libharu needs, and the values it indexes arrays with; cover
 * (PDF_COVER_BYTES, or NULL) gets the characters it has glyphs for.
 * Else -1 after diag_syserr() (a missing or unusable font is a system
 * error: exit 3). */
int pdf_check_font(const char *path, unsigned char *cover, struct diag *d);

enum pdf_image_kind { PDF_IMAGE_PNG, PDF_IMAGE_JPEG };

/* 0 if path is a PNG (decompressed and checked row by row) or a
 * baseline/progressive JPEG that libharu can embed (with the size a JPEG
 * decoder reads), either within the size limits; *kind, *w, *h (the
 * size libharu will give it) are set, and bytes (BUF_INIT'd, caller
 * frees) gets what to hand libharu: the file, or for a PNG only the
 * chunks a PDF uses (IHDR, PLTE, tRNS, IDAT, IEND).  Colour profiles,
 * gamma and text chunks are dropped, so a photo whose profile libpng
 * would refuse still prints.  Else -1 after reporting: a content error
 * (exit 1), or a system error when the file cannot be read. */
int pdf_check_image(const char *path, enum pdf_image_kind *kind,
		    unsigned *w, unsigned *h, struct buf *bytes,
		    struct diag *d);

#endif
