/*
 * svg.c: SVG pictures through librsvg 2.54 and cairo (see svg.h).
 *
 * Facts this relies on (checked on Debian 12, librsvg2-dev 2.54.7):
 * - rsvg_handle_new_from_data() makes a handle with no base URL: file:,
 *   relative and http: references are then not loaded (the picture
 *   draws without them); only data: addresses are.
 * - An external entity is "not defined" for librsvg's XML parser, which
 *   then refuses the whole file: entities_made_empty() turns each such
 *   declaration into an empty internal one first.
 * - rsvg_handle_get_intrinsic_size_in_pixels() returns FALSE when the
 *   width or height is missing or in %; the viewBox then gives the
 *   proportions.
 * - A parse error's message reads "... on line N column M of data: ...".
 */
#include "svg.h"

#include <librsvg/rsvg.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void problem(struct svg_problem *why, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void problem(struct svg_problem *why, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why->what, sizeof why->what, fmt, ap);
	va_end(ap);
	why->line = line;
}

/* The line of byte `at` in data. */
static int line_at(const char *data, size_t at)
{
	int line = 1;
	for (size_t i = 0; i < at; i++)
		line += data[i] == '\n';
	return line;
}

static const char *find(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	for (; p + n <= end; p++)
		if (memcmp(p, s, n) == 0)
			return p;
	return NULL;
}

/* Blank out [from, to) of s, keeping its line breaks (lines in later
 * messages stay right). */
static void blank(char *from, const char *to)
{
	for (; from < to; from++)
		if (*from != '\n')
			*from = ' ';
}

/* Past the quoted literal at p (spaces first), or NULL. */
static char *past_literal(char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (p >= end || (*p != '"' && *p != '\''))
		return NULL;
	char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
	return q != NULL ? q + 1 : NULL;
}

/* In a copy of data: every <!ENTITY ... SYSTEM "x"> or PUBLIC "a" "b" of
 * the document type declaration becomes <!ENTITY ... "">, so the file is
 * drawn without what it names.  Returns the number changed. */
static int entities_made_empty(char *s, size_t len)
{
	const char *end = s + len;
	const char *dt = find(s, end, "<!DOCTYPE");
	if (dt == NULL)
		return 0;
	int changed = 0;
	char *p = (char *)dt;
	while ((p = (char *)find(p, end, "<!ENTITY")) != NULL) {
		char *close = memchr(p, '>', (size_t)(end - p));
		if (close == NULL)
			break;
		for (char *k = p + 8; k < close; k++) {
			if (*k == '"' || *k == '\'') { /* a value: internal */
				break;
			}
			int system = close - k > 6 && memcmp(k, "SYSTEM", 6) == 0;
			int public = close - k > 6 && memcmp(k, "PUBLIC", 6) == 0;
			if (!system && !public)
				continue;
			char *q = past_literal(k + 6, close);
			if (q != NULL && public)
				q = past_literal(q, close);
			if (q == NULL)
				break;
			k[0] = '"';
			k[1] = '"';
			blank(k + 2, q);
			changed++;
			break;
		}
		p = close + 1;
	}
	return changed;
}

/* librsvg's message made readable, and its line. */
static void load_problem(struct svg_problem *why, const char *msg)
{
	const char *at = strstr(msg, " on line ");
	int line = 0;
	if (at != NULL)
		line = atoi(at + 9);
	const char *text = strstr(msg, " of data: ");
	if (strstr(msg, "does not have <svg> root") != NULL)
		problem(why, 0, "it is not an SVG drawing (expected a file "
			"whose first element is <svg>)");
	else if (text != NULL)
		problem(why, line, "it is not an SVG librsvg can read: %s",
			text + 10);
	else
		problem(why, line, "it is not an SVG librsvg can read: %s", msg);
	/* libxml2's messages end with a line break. */
	size_t n = strlen(why->what);
	while (n > 0 && (why->what[n - 1] == '\n' || why->what[n - 1] == ' '))
		why->what[--n] = '\0';
}

/* A handle for data, or NULL with *why filled. */
static RsvgHandle *open_svg(const char *data, size_t len,
			    struct svg_problem *why)
{
	char *copy = xmalloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	entities_made_empty(copy, len);
	GError *err = NULL;
	RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)copy, len,
						  &err);
	free(copy);
	if (h == NULL) {
		load_problem(why, err != NULL ? err->message : "unknown error");
		if (err != NULL)
			g_error_free(err);
	} else {
		rsvg_handle_set_dpi(h, 96); /* CSS pixels, as browsers have */
	}
	return h;
}

/* The line of the <svg> element, for a message about its size. */
static int svg_line(const char *data, size_t len)
{
	const char *p = find(data, data + len, "<svg");
	return p != NULL ? line_at(data, (size_t)(p - data)) : 0;
}

int svg_measure(const char *data, size_t len, int *width, int *height,
		struct svg_problem *why)
{
	RsvgHandle *h = open_svg(data, len, why);
	if (h == NULL)
		return -1;
	double w = 0, hh = 0;
	int rc = 0;
	if (rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hh)) {
		if (!(w <= SVG_MAX_SIDE && hh <= SVG_MAX_SIDE)) {
			problem(why, svg_line(data, len), "it declares a size "
				"of %.0f x %.0f pixels (expected at most %d x "
				"%d: a drawing for a page is a few hundred)",
				w, hh, SVG_MAX_SIDE, SVG_MAX_SIDE);
			rc = -1;
		} else if (!(w >= 1 && hh >= 1)) {
			problem(why, svg_line(data, len), "it declares a size "
				"of %g x %g pixels (expected a width and a "
				"height of at least 1)", w, hh);
			rc = -1;
		}
	} else {
		gboolean has_w, has_h, has_vb;
		RsvgLength lw, lh;
		RsvgRectangle vb;
		rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h,
						     &lh, &has_vb, &vb);
		if (has_vb && vb.width > 0 && vb.height > 0 &&
		    vb.height / vb.width <= SVG_MAX_SIDE / 400.0 &&
		    vb.width / vb.height <= 400.0) {
			w = 400;
			hh = 400 * vb.height / vb.width;
			if (hh < 1)
				hh = 1;
		} else {
			problem(why, svg_line(data, len), "it has no size "
				"(expected width and height in pixels on its "
				"<svg> element, or a viewBox)");
			rc = -1;
		}
	}
	g_object_unref(h);
	if (rc == 0) {
		*width = (int)lround(w);
		*height = (int)lround(hh);
	}
	return rc;
}

static cairo_status_t to_buf(void *ctx, const unsigned char *data,
			     unsigned int len)
{
	buf_put(ctx, data, len);
	return CAIRO_STATUS_SUCCESS;
}

int svg_rasterise(const char *data, size_t len, int w, int h,
		  struct buf *png, struct svg_problem *why)
{
	if (w < 1 || h < 1 || w > 3 * SVG_MAX_SIDE || h > 3 * SVG_MAX_SIDE) {
		problem(why, 0, "cannot draw it at %d x %d pixels", w, h);
		return -1;
	}
	RsvgHandle *handle = open_svg(data, len, why);
	if (handle == NULL)
		return -1;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w,
							h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	RsvgRectangle viewport = {0, 0, w, h};
	GError *err = NULL;
	int rc = 0;
	if (!rsvg_handle_render_document(handle, cr, &viewport, &err)) {
		problem(why, 0, "librsvg could not draw it: %s",
			err != NULL ? err->message : "unknown error");
		rc = -1;
	}
	if (err != NULL)
		g_error_free(err);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	if (rc == 0 && (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
			cairo_surface_write_to_png_stream(s, to_buf, png) !=
				CAIRO_STATUS_SUCCESS)) {
		problem(why, 0, "cairo could not make a %d x %d picture (out "
			"of memory?)", w, h);
		rc = -1;
	}
	cairo_surface_destroy(s);
	g_object_unref(handle);
	return rc;
}
