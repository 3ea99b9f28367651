/*
 * svg.h: SVG pictures through librsvg and cairo.  The only module that
 * includes them.
 *
 * An SVG is always read from memory with no base address: librsvg then
 * loads no other file and no URL (only data: addresses inside the SVG
 * itself).  External entities are made empty before librsvg sees the
 * file, so an SVG that declares one still draws, without it.  librsvg's
 * XML limits stay on (RSVG_HANDLE_FLAG_UNLIMITED is never set).
 *
 * This module knows nothing of pages, the sheet or libharu: the website
 * copies the file as it is; the PDF backend asks for a PNG at the size it
 * prints the picture (svg_rasterise()).
 */
#ifndef PAMPHLET_SVG_H
#define PAMPHLET_SVG_H

#include <stddef.h>

#include "buf.h"

/* The largest width or height an SVG may declare, in CSS pixels: a
 * drawing for a page is a few hundred. */
#define SVG_MAX_SIDE 10000

/* What svg_measure() found wrong: a sentence, and the line of the file
 * it is about (0 when not known). */
struct svg_problem {
	char what[256];
	int line;
};

/* Check that data (len bytes) is an SVG librsvg can draw, within the
 * limits, and give its size in CSS pixels: its width and height, or
 * without them its viewBox's proportions scaled to 400 pixels wide.
 * Returns 0, or -1 with *why filled.  Thread-safe. */
int svg_measure(const char *data, size_t len, int *width, int *height,
		struct svg_problem *why);

/* Draw data onto an opaque white w x h pixel canvas, the drawing scaled
 * to fit and centred, and append it to png as an 8-bit RGB PNG with no
 * alpha channel.  Returns 0, or -1 with *why filled. */
int svg_rasterise(const char *data, size_t len, int w, int h,
		  struct buf *png, struct svg_problem *why);

#endif
