/*
 * layout.h: the exercise sheet's layout engine.  It turns the content
 * model into pages of positioned boxes (a display list): it wraps text
 * (a greedy line breaker over UTF-8), lays out Markdown blocks, tables,
 * exercise cards and the tick-box log, and breaks the flow into pages
 * with keep-together blocks and repeated table headers.
 *
 * It knows the content model and Markdown (through markdown.h), never
 * libharu: the PDF backend (pdf.c) measures text and sizes images
 * through struct lay_metrics, and draws the boxes.  So the engine can be
 * tested with a fake measure (tests/unit/test_layout.c).
 *
 * Coordinates are PDF points (1/72 inch) from the page's bottom-left
 * corner, y upwards.
 */
#ifndef PAMPHLET_LAYOUT_H
#define PAMPHLET_LAYOUT_H

#include <stddef.h>

#include "buf.h"
#include "model.h"
#include "diag.h"

enum lay_font { LAY_REGULAR, LAY_BOLD, LAY_NFONTS };

/* How the backend measures; every text given is valid UTF-8 without
 * characters above U+FFFF (lay_clean_text() made it so). */
struct lay_metrics {
	void *ctx;
	/* Advance width in points of s[0..len) in font (enum lay_font) at
	 * size points.  Must add up: width(ab) == width(a) + width(b). */
	double (*text_width)(void *ctx, int font, double size, const char *s,
			     size_t len);
	/* Prepare the image at path (a content file) and give its size in
	 * pixels.  Returns a handle >= 0 for the image box, or -1 after
	 * reporting why it cannot be used.  May be NULL: no images. */
	int (*image)(void *ctx, const char *path, double *w, double *h);
	/* 1 if font has a glyph for code point cp (else the PDF would show
	 * an empty box).  May be NULL: every glyph is there. */
	int (*has_glyph)(void *ctx, int font, long cp);
};

/* ---- text ---- */

/* Append text[0..len) to out, made safe to measure and print: invalid
 * UTF-8 and characters above U+FFFF (emoji: libharu would print them as
 * spaces) become U+FFFD, a visible mark; control characters are dropped,
 * tabs and line ends become spaces.  Invisible format characters (a
 * right-to-left mark, a zero-width joiner, a variation selector: Unicode's
 * default ignorable characters) are dropped, but for two the line breaker
 * needs and never prints: the soft hyphen (U+00AD) and the zero-width
 * space (U+200B).  Returns how many characters were replaced by U+FFFD. */
size_t lay_clean_text(struct buf *out, const char *text, size_t len);
/* 1 if lay_clean_text() replaces code point cp by U+FFFD. */
int lay_replaced(long cp);
/* The same for text that is not broken into lines (the PDF's title):
 * soft hyphens and zero-width spaces are dropped too. */
size_t lay_clean_plain(struct buf *out, const char *text, size_t len);

/* What to print for code point cp when the font has no glyph for it: a
 * look-alike in ASCII ("->" for an arrow, ">=" for U+2265), or NULL. */
const char *lay_fallback(long cp);

/* One run of text in one style: the line breaker's input. */
struct lay_span {
	const char *s;    /* UTF-8 (cleaned), not necessarily NUL-ended */
	size_t len;
	double size;      /* points */
	unsigned char font;    /* enum lay_font */
	unsigned char oblique; /* slanted (Markdown emphasis) */
	unsigned char strike;  /* struck through (Markdown ~~) */
	unsigned char url;     /* an address: may also break after / . - ? & */
	unsigned char hard;    /* a forced line break; s is ignored */
};

/* A piece of one span on one line. */
struct lay_frag {
	size_t span;      /* index of its span */
	size_t off, len;  /* its bytes: spans[span].s + off */
	double x, w;      /* offset from the line's start; width */
	int space;        /* a word space: print " " whatever the bytes */
	int hyphen;       /* the soft hyphen the line breaks at: print "-" */
};

/* What fragment f of spans prints: its bytes, or " " or "-". */
const char *lay_frag_text(const struct lay_span *spans,
			  const struct lay_frag *f, size_t *len);

struct lay_line {
	size_t first, n; /* its fragments */
	double w;        /* width of its text (no trailing space) */
};

struct lay_lines {
	struct lay_frag *frag;
	size_t nfrag, capfrag;
	struct lay_line *line;
	size_t nline, capline;
};

/* Break spans[0..n) into lines no wider than width, greedily: words
 * (separated by spaces) go on the line while they fit; a word wider than
 * the line is cut between characters (grapheme clusters), never
 * dropped; runs of spaces count as one, and none is kept at a line's
 * start or end.  A word may also break at a zero-width space, and at a
 * soft hyphen, which then prints as a hyphen at the line's end (and not
 * at all elsewhere).  out is reset first.  Free with lay_lines_free(). */
void lay_break(const struct lay_metrics *m, const struct lay_span *spans,
	       size_t n, double width, struct lay_lines *out);
void lay_lines_free(struct lay_lines *l);
/* Width of the widest word of spans[0..n) (a table column's minimum). */
double lay_widest_word(const struct lay_metrics *m,
		       const struct lay_span *spans, size_t n);

/* ---- the display list ---- */

enum lay_kind {
	LAY_TEXT,  /* text: baseline at (x, y); w its width */
	LAY_LINE,  /* a line from (x, y) to (x + w, y + h) */
	LAY_RECT,  /* a rectangle (x, y) w x h, filled and/or stroked */
	LAY_IMAGE, /* image `image` scaled into (x, y) w x h */
};

/* ---- the structure: what each box is ----
 *
 * The layout knows what it lays out (a heading, a table's cell, a list's
 * marker, a picture), and says so for a tagged PDF: a tree of elements
 * in reading order, and on every box the element it belongs to, or that
 * it is no content at all (an artifact: a border, a rule, a shading, an
 * empty box to tick, the footer).  The PDF backend turns them into the
 * structure tree and the marked content of each page (pdftags.h). */

/* The kinds of element, the standard structure types of ISO 32000-1
 * (14.8.4): lay_role_name() gives the PDF name. */
enum lay_role {
	LAY_TAG_DOCUMENT,   /* the root */
	LAY_TAG_SECT,       /* an exercise card, a framed box */
	LAY_TAG_H1,         /* the sheet's title; LAY_TAG_H1 + n - 1 is Hn */
	LAY_TAG_H2,         /* a section of the sheet ("Exercises") */
	LAY_TAG_H3,         /* an exercise's title, a heading of the intro */
	LAY_TAG_H4,         /* a heading inside a card */
	LAY_TAG_H5,
	LAY_TAG_H6,
	LAY_TAG_P,          /* a paragraph, a caption, a label and its line */
	LAY_TAG_L,          /* a list (the steps) */
	LAY_TAG_LI,         /* its item: Lbl, then LBody */
	LAY_TAG_LBL,        /* the item's number or bullet */
	LAY_TAG_LBODY,      /* the item's text */
	LAY_TAG_TABLE,      /* a table: TR rows of TH and TD cells */
	LAY_TAG_TR,
	LAY_TAG_TH,
	LAY_TAG_TD,
	LAY_TAG_FIGURE,     /* a picture or a QR code, with its alt text */
	LAY_TAG_BLOCKQUOTE,
	LAY_TAG_COUNT
};
/* "P", "H1", "Figure"...: the structure type's name in the PDF. */
const char *lay_role_name(int role);

/* A box's tag (lay_box.tag): an element's index in its doc (>=
 * LAY_ROOT), or one of these.  A zeroed box is an artifact. */
#define LAY_ARTIFACT 0     /* decoration: borders, rules, shading, the
			    * outlines of the boxes to tick */
#define LAY_PAGINATION (-1) /* the running footer: title, date, page */
#define LAY_ROOT 1         /* the Document element, every tree's root */

struct lay_elem {
	int role;        /* enum lay_role */
	int parent;      /* its parent's index (0 for the root) */
	const char *alt; /* a Figure's alt text (in the doc's chunks) */
	char scope;      /* a TH's: 'c' heads its column, 'r' its row */
	int colspan, rowspan; /* a cell's, when more than 1 */
};

struct lay_box {
	enum lay_kind kind;
	int tag;   /* its element, LAY_ARTIFACT or LAY_PAGINATION */
	double x, y, w, h;
	/* LAY_TEXT */
	const char *text; /* UTF-8, owned by the lay_doc */
	size_t len;
	double size;
	int font;    /* enum lay_font */
	int oblique; /* slant it */
	/* LAY_LINE and LAY_RECT */
	double fill;   /* gray level 0 (black) .. 1 (white); < 0 none */
	double stroke; /* gray level; < 0 none */
	double lw;     /* line width */
	double radius; /* rounded corners (LAY_RECT) */
	/* LAY_IMAGE */
	int image; /* handle from lay_metrics.image */
};

struct lay_page {
	struct lay_box *box; /* in drawing order; the text in reading order */
	size_t n, cap;
};

struct lay_doc {
	double width, height; /* the paper, points */
	struct lay_page *page;
	size_t npages;
	char **chunks; /* text storage the boxes point into */
	size_t nchunks;
	size_t chunk_used; /* bytes used in the last chunk */
	size_t chunk_cap;
	/* The structure tree: elem[0] is unused (LAY_ARTIFACT), elem[1]
	 * the Document (LAY_ROOT).  An element's children are the elements
	 * whose parent it is, in the order of their indexes: reading
	 * order.  A box names one of them (lay_box.tag). */
	struct lay_elem *elem;
	size_t nelem, capelem;
};

/* A new element of role, the last child of parent.  Returns its index. */
int lay_doc_elem(struct lay_doc *doc, int role, int parent);

/* What a sheet prints: the site's own (every exercise of its sheet list
 * with its own doses, blank lines to write a patient's details on) or
 * one patient's programme (a handout: plan.h). */
struct lay_item {
	const struct page *page;          /* the exercise */
	const char *frequency, *duration; /* or NULL: as advised (i18n.h) */
	const char *sets, *reps, *hold, *sides; /* or NULL */
	const char *note;  /* the clinician's words for this card, or NULL */
	const char *url;   /* its page's public address (a QR code), or NULL */
};
struct lay_programme {
	const struct lay_item *items;
	size_t nitems;
	/* Filled in on page 1; NULL: a line to write on. */
	const char *patient, *date, *clinician;
	const char *next_review; /* the next appointment, or NULL */
	const char *note;        /* the clinician's note, or NULL */
	const char *home_url;    /* the site's public address (the site's own
				  * sheet: a QR code on page 1), or NULL */
};

/* Lay out the sheet of programme prog (from site) on paper of width x
 * height points.  Warnings (characters that cannot be printed as
 * written) go to d (NULL: none); the image callback reports its own
 * errors.  Never NULL.  Caller frees with lay_doc_free(). */
struct lay_doc *lay_programme(const struct site *site,
			      const struct lay_programme *prog,
			      const struct lay_metrics *m, double width,
			      double height, struct diag *d);

/* Lay out the exercise sheet for site on paper of width x height points.
 * Warnings (characters that cannot be printed as written) go to d (NULL:
 * none); the image callback reports its own errors.  Never NULL.  Caller
 * frees with lay_doc_free(). */
struct lay_doc *lay_sheet(const struct site *site,
			  const struct lay_metrics *m, double width,
			  double height, struct diag *d);
void lay_doc_free(struct lay_doc *doc); /* NULL is fine */

/* Paper sizes in points, as libharu's HPDF_PAGE_SIZE_A4 and _LETTER. */
#define LAY_A4_W 595.276
#define LAY_A4_H 841.89
#define LAY_LETTER_W 612.0
#define LAY_LETTER_H 792.0

#endif
