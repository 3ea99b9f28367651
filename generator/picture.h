/*
 * picture.h: what a picture file is (PNG, JPEG or SVG) and its size in
 * CSS pixels, for the loader: a page's <img> gets its width and height,
 * and a file that is no picture is a content error at load time, with
 * the file and, for an SVG, the line.
 *
 * Only the headers are read for PNG and JPEG; the PDF backend checks
 * them fully before libharu embeds them (pdfcheck.h).  An SVG is read
 * whole and measured by librsvg (svg.h).
 */
#ifndef PAMPHLET_PICTURE_H
#define PAMPHLET_PICTURE_H

#include <stddef.h>

#include "model.h"

struct picture_problem {
	char what[320]; /* "it is not a PNG, JPEG or SVG picture" */
	int line;       /* in the picture file (an SVG's), or 0 */
};

/* Look at the file at path (at most max bytes are read of an SVG):
 * *kind (enum picture_kind), *width, *height.  Returns 0, or -1 with
 * *why filled. */
int picture_probe(const char *path, size_t max, int *kind, int *width,
		  int *height, struct picture_problem *why);

#endif
