/*
 * haru.h: what libharu 2.3 has no API for, done through the internal
 * headers libhpdf-dev installs (hpdf_objects.h, hpdf_doc.h).  With
 * pdftags.c (the tagged PDF), the only modules that depend on libharu's
 * internal structures, each saying which: pdf.c calls them.
 */
#ifndef PAMPHLET_HARU_H
#define PAMPHLET_HARU_H

#include <stddef.h>

#include <hpdf.h>

/* An image XObject whose data is the PNG's own compressed image data
 * (its IDAT chunks), declared /FlateDecode with the PNG predictors:
 * libharu neither decodes nor compresses it again.  png must be an
 * 8-bit RGB or grey PNG, not interlaced, with no alpha and no palette,
 * whose chunks' CRCs are right; else NULL (use HPDF_LoadPngImageFromMem).
 * The bytes are copied. */
HPDF_Image haru_png_as_is(HPDF_Doc doc, const unsigned char *png,
			  size_t len);

/* The document's language (/Lang in the catalog, a BCP 47 tag such as
 * "es"): what a screen reader reads it in.  HPDF_OK or an error. */
HPDF_STATUS haru_set_lang(HPDF_Doc doc, const char *lang);

#endif
