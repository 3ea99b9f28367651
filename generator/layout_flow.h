/*
 * layout_flow.h: inside the layout engine (not for other modules).
 *
 * The sheet is first built as one vertical flow of items, each an
 * unbreakable slice (a line of text, a table row's line, an image, the
 * tick-box grid) holding boxes positioned relative to its own top.
 * Ranges of items say what belongs together: keep them on one page when
 * they fit (an exercise card, a table row), draw a frame around each
 * page's part (card border, table outline), repeat some items at the top
 * of each continuation page (a table's header row).  flow_paginate()
 * then cuts the flow into pages.
 *
 * Also here: the typographic scale and the helpers that turn Markdown
 * and plain strings into items (layout_md.c, layout_table.c), shared by
 * layout_sheet.c.
 */
#ifndef PAMPHLET_LAYOUT_FLOW_H
#define PAMPHLET_LAYOUT_FLOW_H

#include <stddef.h>

#include "layout.h"
#include "markdown.h"
#include "text.h"

/* ---- typography (points): big enough to read at arm's length ---- */
#define T_BODY 13.5      /* body text */
#define T_LEAD 1.25      /* line height, times the size */
#define T_LABEL 12.0     /* labels in the log grid, captions */
#define T_FOOT 11.0      /* the footer */
#define T_H_MD 16.0      /* headings inside Markdown */
#define T_H_CARD 18.0    /* an exercise's title */
#define T_H_SECTION 19.0 /* the sheet's sections */
#define T_TITLE 20.0     /* the site's title */

/* Where a text's baseline sits in a line box of height lh. */
#define T_BASELINE(lh, size) (((lh) - (size)) / 2 + 0.8 * (size))

/* ---- the flow ---- */

struct flow_item {
	double h;          /* height */
	double gap;        /* space above; dropped at the top of a page */
	size_t box0, nbox; /* its boxes in flow.box, y downwards from top */
	int keep_next;     /* never end a page after this item */
	int side;          /* not in the flow: only placed as a repeat */
};

enum flow_frame {
	FRAME_NONE,
	FRAME_CARD,  /* thin rounded border, padded */
	FRAME_ALERT, /* heavy rounded border, padded (the safety box) */
	FRAME_TABLE, /* the table's outline */
	FRAME_BAR,   /* a bar on the left (block quotes) */
};

struct flow_range {
	size_t first, end; /* items [first, end) */
	int keep;          /* one page, if it fits on one */
	int frame;         /* enum flow_frame, drawn per page */
	double pad;        /* inside the frame, above and below */
	double x0, x1;     /* the frame's left and right */
	size_t rep_first, rep_end; /* items repeated on continuation pages */
};

struct flow {
	struct lay_doc *doc; /* owns the text; the result */
	double left, right;  /* text column, from the page's left edge */
	double top;          /* body top, from the page's top edge */
	double body_h;       /* body height on each page */
	struct flow_item *item;
	size_t nitem, capitem;
	struct lay_box *box; /* item boxes; text boxes point into doc */
	size_t nbox, capbox;
	struct flow_range *range;
	size_t nrange, caprange;
	size_t open;         /* ranges begun and not ended (nesting check) */
	/* A list marker waiting for the next line put (flow_put_line()),
	 * so it shares that line's item and baseline. */
	char marker[32];
	size_t marker_len; /* 0: none */
	double marker_x;
	double marker_size;
	int marker_tag;    /* its element (a list item's Lbl) */
	int cur;           /* the element the boxes added go into */
};

struct flow *flow_new(double page_w, double page_h);
void flow_free(struct flow *f); /* frees the doc too unless taken */

/* Text stored in the doc's chunks; valid while the doc lives. */
const char *lay_doc_store(struct lay_doc *doc, const char *s, size_t len);
void lay_page_add(struct lay_page *pg, const struct lay_box *b);

/* A new item (the boxes added next go to it).  Returns its index. */
size_t flow_item(struct flow *f, double gap, double h);
/* An item outside the flow, to be used with flow_repeat(). */
size_t flow_side_item(struct flow *f, double h);
void flow_keep_next(struct flow *f, size_t item);

/* Boxes of the current item; y is from the item's top, downwards (text:
 * the baseline; rect: its top edge). */
void flow_text(struct flow *f, double x, double y, int font, double size,
	       int oblique, const char *s, size_t len);
void flow_line(struct flow *f, double x1, double y1, double x2, double y2,
	       double lw, double gray);
void flow_rect(struct flow *f, double x, double y, double w, double h,
	       double fill, double stroke, double lw, double radius);
void flow_image(struct flow *f, int image, double x, double y, double w,
		double h);

/* ---- the structure (layout.h): what the boxes are ----
 *
 * Boxes go into the current element: text and pictures always; lines
 * and rectangles only when it is a Figure (a QR code's squares), else
 * they are artifacts (borders, rules, shading, boxes to tick).  Frames
 * (flow_begin()) are artifacts, and so are the repeats (flow_repeat())
 * on continuation pages: the header row is read once. */

/* Open an element of role, the last child of the current one, and make
 * it current.  Returns it. */
int flow_open(struct flow *f, int role);
/* Close e: its parent is current again. */
void flow_close(struct flow *f, int e);
/* Make e current (to fill one of several elements opened before, such
 * as the cells of a table's row); returns the element current before. */
int flow_within(struct flow *f, int e);
/* Element e, to set its alt text (flow_alt()), scope or spans. */
struct lay_elem *flow_elem(struct flow *f, int e);
/* Figure e's alt text (copied). */
void flow_alt(struct flow *f, int e, const char *alt);

/* Ranges: begin before the first item, end after the last.  They nest. */
size_t flow_begin(struct flow *f, int keep, int frame, double pad, double x0,
		  double x1);
void flow_end(struct flow *f, size_t range);
/* Repeat items [first, end) at the top of each page range r goes on. */
void flow_repeat(struct flow *f, size_t r, size_t first, size_t end);

/* Cut the flow into pages.  The doc is the caller's (lay_doc_free()). */
struct lay_doc *flow_paginate(struct flow *f);

/* A flow laid out as one column, never broken into pages (an exercise
 * card of the grid, or a part measured before it is placed): its boxes
 * in item coordinates (x as given, y downwards from the column's top)
 * on the doc's one page, and its height.  Frees src; the caller frees
 * the doc (lay_doc_free()). */
struct lay_doc *flow_column(struct flow *src, double *height);
/* Append a column's boxes to the current item of dst, moved by dx to the
 * right and dy down (their text is copied into dst's doc). */
void flow_put_column(struct flow *dst, const struct lay_doc *col, double dx,
		     double dy);

/* ---- text into items ---- */

/* A character the sheet cannot print as it is written. */
enum odd_kind {
	ODD_REPLACED,  /* above U+FFFF (lay_replaced()), or cp -1 for bytes
			* that are not UTF-8: printed as U+FFFD */
	ODD_LOOKALIKE, /* not in the font: printed as lay_fallback(cp) */
	ODD_BOX,       /* not in the font, no look-alike: an empty box */
};

struct odd_char {
	long cp;
	int kind; /* enum odd_kind */
};

/* Spans with their text in one buffer (lay_span.s is fixed up by
 * spans_done(), since the buffer moves while it grows). */
struct spans {
	struct lay_span *v;
	size_t *off; /* offset of each span's text in text */
	size_t n, cap;
	struct buf text;
	const struct lay_metrics *m; /* for has_glyph, or NULL */
	/* The characters not printed as written, each once, in order. */
	struct odd_char *odd;
	size_t nodd, capodd;
};

void spans_init(struct spans *S, const struct lay_metrics *m);
/* Append s, cleaned (lay_clean_text()), in the style of proto; the
 * characters the font lacks become look-alikes (lay_fallback()). */
void spans_add(struct spans *S, const char *s, size_t len,
	       const struct lay_span *proto);
void spans_hard_break(struct spans *S, const struct lay_span *proto);
void spans_done(struct spans *S);
void spans_reset(struct spans *S);
void spans_free(struct spans *S);
/* A span style: font, size, and nothing else set. */
struct lay_span span_style(int font, double size);

/* Put line `line` of L into the current item: baseline y, from x (and
 * the pending list marker, if any, on the same baseline).  The marker is
 * set within the element it goes into (a list item's Lbl). */
void flow_set_marker(struct flow *f, const char *s, size_t len, double x,
		     double size);
/* Put the pending marker (if any) into the current item, baseline y,
 * into its element. */
void flow_put_marker(struct flow *f, double y);
void flow_put_line(struct flow *f, const struct lay_span *sp,
		   const struct lay_lines *L, size_t line, double x, double y);
/* Break S into lines of width, one item per line of height lh, the first
 * with gap above, in a new element of role (LAY_TAG_P, a heading), or in
 * the current element for role < 0.  Keeps the first two and last two
 * lines together, and with keep_last the last line with what follows
 * (headings).  Returns the number of lines (0 for blank text: no
 * element). */
size_t flow_para(struct flow *f, const struct lay_metrics *m,
		 struct spans *S, double x, double width, double lh,
		 double gap, int keep_last, int role);

/* ---- Markdown (layout_md.c) and tables (layout_table.c) ---- */

struct md_warned;

struct md_layout {
	struct flow *f;
	const struct lay_metrics *m;
	struct diag *d;
	const char *src; /* the file, for warnings */
	const struct text_places *places; /* its characters (text.h) */
	double size;     /* body text size */
	int depth;       /* nesting of lists and quotes */
	struct md_warned *warned; /* what was warned about, by file */
	double heading;  /* size of its headings; 0: T_H_MD */
	int run_in;      /* md_layout_blocks_from(): a heading followed by a
			  * paragraph starts that paragraph, in bold */
	const char *skip; /* md_layout_blocks_from(): a paragraph whose
			   * plain text this is, is left out, and so is a
			   * heading left with nothing under it */
	int level;       /* the structure's heading level of a "##"
			  * heading (deeper ones follow it); 0: 3 */
};

/* Lay out the blocks of a Markdown body between x0 and x1; gap is the
 * space above the first block. */
void md_layout_blocks(struct md_layout *c, const struct md_node *parent,
		      double x0, double x1, double gap);
/* One block n, with gap above it. */
void md_layout_one(struct md_layout *c, const struct md_node *n, double x0,
		   double x1, double gap);
/* The blocks from `first` on, to the end of its parent. */
void md_layout_blocks_from(struct md_layout *c, const struct md_node *first,
			   double x0, double x1, double gap);
/* Append the inline content of n to S in style st (links printed as
 * text, with their absolute address after it). */
void md_layout_inlines(struct md_layout *c, const struct md_node *n,
		       struct spans *S, struct lay_span st);
/* Warn about the characters of S that cannot be printed as written
 * (text from the file src, starting at line, 0 if unknown): each
 * character once per file, at its first place in the file from line on
 * (places), else at line (0: none).  At most
 * MD_WARN_MAX characters a file are named; md_layout_warn_done() says
 * how many more there were, and frees what c->warned holds. */
void md_layout_warn_bad(struct md_layout *c, const char *src,
			const struct text_places *places, int line,
			const struct spans *S);
void md_layout_warn_done(struct md_layout *c);
#define MD_WARN_MAX 10

/* A table: rows of cells, each cell spans of its own.  Header rows are
 * shaded and repeated when the table continues on a new page. */
struct table_in {
	size_t nrows, ncols;
	struct spans *cell; /* nrows * ncols, row by row */
	int *header;        /* per row */
	int *align;         /* per column: 'l', 'c', 'r' or 0 */
	int row_heads;      /* the first column's cells head their rows
			     * (the exercise named in a row) */
};

void table_layout(struct flow *f, const struct lay_metrics *m,
		  const struct table_in *t, double x0, double x1, double gap,
		  double size);

#endif
