/*
 * rasters.h: SVG pictures drawn for the PDF, kept between builds.
 *
 * Drawing an SVG at 600 dpi costs tens of milliseconds a picture; the
 * sheet is made again after any content edit.  So each drawing is kept
 * as a PNG file in a folder of the build's state (state.h):
 *
 *   DIR/HASH-WxH.png   HASH: XXH3-64 of the SVG's bytes, in hex
 *
 * A file there is used only when its name matches the SVG and the size,
 * and its chunks check out (haru.h reads it); a damaged one is drawn
 * again.  Files are written to a temporary name and renamed, so a killed
 * build leaves no half file; rasters_open() removes leftover temporary
 * files, rasters_prune() the drawings the last sheet did not use.
 * No patient data goes here: only the site's pictures.
 */
#ifndef PAMPHLET_RASTERS_H
#define PAMPHLET_RASTERS_H

#include <stddef.h>

#include "buf.h"
#include "svg.h"

struct rasters;

/* The store in folder dir (made when first written), or with dir NULL
 * one that keeps nothing.  Never NULL. */
struct rasters *rasters_open(const char *dir);

/* Append to png the PNG of svg (len bytes) drawn at w x h pixels: the
 * kept file, or a new drawing (then kept).  *drawn is set to 1 when it
 * had to be drawn.  Returns 0, or -1 with *why filled. */
int rasters_get(struct rasters *r, const char *svg, size_t len, int w,
		int h, struct buf *png, int *drawn, struct svg_problem *why);

/* Remove the kept drawings that no rasters_get() of this store asked
 * for (call after a whole sheet was made). */
void rasters_prune(struct rasters *r);

void rasters_close(struct rasters *r); /* NULL is fine */

#endif
