/*
 * layout_flow.c: the flow of items and ranges (see layout_flow.h), and
 * the page breaker that cuts it into pages.
 *
 * Page breaking is greedy.  At each item it picks a unit: the outermost
 * keep range starting there that fits on a fresh page (a card, a table
 * row), else the item alone; units chain while an item says keep_next
 * (a heading and what follows, a paragraph's first two lines).  If the
 * unit does not fit in what is left of the page, the page ends: open
 * frames are closed, and on the new page they are reopened and their
 * repeat items (a table's header row) placed first.
 */
#include "layout_flow.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"

#define CHUNK 65536

const char *lay_doc_store(struct lay_doc *doc, const char *s, size_t len)
{
	if (doc->nchunks == 0 || doc->chunk_used + len + 1 > doc->chunk_cap) {
		size_t cap = len + 1 > CHUNK ? len + 1 : CHUNK;
		doc->chunks = xrealloc(doc->chunks,
				       (doc->nchunks + 1) * sizeof *doc->chunks);
		doc->chunks[doc->nchunks++] = xmalloc(cap);
		doc->chunk_cap = cap;
		doc->chunk_used = 0;
	}
	char *p = doc->chunks[doc->nchunks - 1] + doc->chunk_used;
	memcpy(p, s, len);
	p[len] = '\0';
	doc->chunk_used += len + 1;
	return p;
}

void lay_page_add(struct lay_page *pg, const struct lay_box *b)
{
	if (pg->n == pg->cap) {
		pg->cap = pg->cap ? 2 * pg->cap : 64;
		pg->box = xrealloc(pg->box, pg->cap * sizeof *pg->box);
	}
	pg->box[pg->n++] = *b;
}

void lay_doc_free(struct lay_doc *doc)
{
	if (doc == NULL)
		return;
	for (size_t i = 0; i < doc->npages; i++)
		free(doc->page[i].box);
	free(doc->page);
	for (size_t i = 0; i < doc->nchunks; i++)
		free(doc->chunks[i]);
	free(doc->chunks);
	free(doc->elem);
	free(doc);
}

const char *lay_role_name(int role)
{
	static const char *const names[LAY_TAG_COUNT] = {
		[LAY_TAG_DOCUMENT] = "Document", [LAY_TAG_SECT] = "Sect",
		[LAY_TAG_H1] = "H1", [LAY_TAG_H2] = "H2", [LAY_TAG_H3] = "H3",
		[LAY_TAG_H4] = "H4", [LAY_TAG_H5] = "H5", [LAY_TAG_H6] = "H6",
		[LAY_TAG_P] = "P", [LAY_TAG_L] = "L", [LAY_TAG_LI] = "LI",
		[LAY_TAG_LBL] = "Lbl", [LAY_TAG_LBODY] = "LBody",
		[LAY_TAG_TABLE] = "Table", [LAY_TAG_TR] = "TR",
		[LAY_TAG_TH] = "TH", [LAY_TAG_TD] = "TD",
		[LAY_TAG_FIGURE] = "Figure",
		[LAY_TAG_BLOCKQUOTE] = "BlockQuote",
	};
	return role >= 0 && role < LAY_TAG_COUNT ? names[role] : "Span";
}

int lay_doc_elem(struct lay_doc *doc, int role, int parent)
{
	if (doc->nelem == doc->capelem) {
		doc->capelem = doc->capelem ? 2 * doc->capelem : 64;
		doc->elem = xrealloc(doc->elem,
				     doc->capelem * sizeof *doc->elem);
	}
	doc->elem[doc->nelem] = (struct lay_elem){role, parent, NULL, 0, 0, 0};
	return (int)doc->nelem++;
}

struct flow *flow_new(double page_w, double page_h)
{
	struct flow *f = xcalloc(1, sizeof *f);
	f->doc = xcalloc(1, sizeof *f->doc);
	f->doc->width = page_w;
	f->doc->height = page_h;
	/* elem[0]: no element (LAY_ARTIFACT); elem[1]: the root. */
	lay_doc_elem(f->doc, -1, 0);
	f->cur = lay_doc_elem(f->doc, LAY_TAG_DOCUMENT, 0);
	return f;
}

int flow_open(struct flow *f, int role)
{
	f->cur = lay_doc_elem(f->doc, role, f->cur);
	return f->cur;
}

void flow_close(struct flow *f, int e)
{
	f->cur = f->doc->elem[e].parent;
	if (f->cur < LAY_ROOT)
		f->cur = LAY_ROOT;
}

int flow_within(struct flow *f, int e)
{
	int before = f->cur;
	f->cur = e;
	return before;
}

struct lay_elem *flow_elem(struct flow *f, int e)
{
	return &f->doc->elem[e];
}

void flow_alt(struct flow *f, int e, const char *alt)
{
	f->doc->elem[e].alt = alt != NULL ? lay_doc_store(f->doc, alt,
							  strlen(alt))
					  : NULL;
}

void flow_free(struct flow *f)
{
	if (f == NULL)
		return;
	lay_doc_free(f->doc);
	free(f->item);
	free(f->box);
	free(f->range);
	free(f);
}

static size_t new_item(struct flow *f, double gap, double h, int side)
{
	if (f->nitem == f->capitem) {
		f->capitem = f->capitem ? 2 * f->capitem : 256;
		f->item = xrealloc(f->item, f->capitem * sizeof *f->item);
	}
	f->item[f->nitem] = (struct flow_item){h, gap, f->nbox, 0, 0, side};
	return f->nitem++;
}

size_t flow_item(struct flow *f, double gap, double h)
{
	return new_item(f, gap, h, 0);
}

size_t flow_side_item(struct flow *f, double h)
{
	return new_item(f, 0, h, 1);
}

void flow_keep_next(struct flow *f, size_t item)
{
	if (item < f->nitem)
		f->item[item].keep_next = 1;
}

static struct lay_box *add_box(struct flow *f, enum lay_kind kind)
{
	if (f->nbox == f->capbox) {
		f->capbox = f->capbox ? 2 * f->capbox : 1024;
		f->box = xrealloc(f->box, f->capbox * sizeof *f->box);
	}
	struct lay_box *b = &f->box[f->nbox++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->fill = b->stroke = -1;
	/* Lines and shapes are decoration, but a Figure's (a QR code). */
	if ((kind == LAY_TEXT || kind == LAY_IMAGE) ||
	    f->doc->elem[f->cur].role == LAY_TAG_FIGURE)
		b->tag = f->cur;
	if (f->nitem > 0)
		f->item[f->nitem - 1].nbox++;
	return b;
}

void flow_text(struct flow *f, double x, double y, int font, double size,
	       int oblique, const char *s, size_t len)
{
	if (len == 0)
		return;
	struct lay_box *b = add_box(f, LAY_TEXT);
	b->x = x;
	b->y = y;
	b->font = font;
	b->size = size;
	b->oblique = oblique;
	b->text = lay_doc_store(f->doc, s, len);
	b->len = len;
}

void flow_line(struct flow *f, double x1, double y1, double x2, double y2,
	       double lw, double gray)
{
	struct lay_box *b = add_box(f, LAY_LINE);
	b->x = x1;
	b->y = y1;
	b->w = x2 - x1;
	b->h = y2 - y1;
	b->lw = lw;
	b->stroke = gray;
}

void flow_rect(struct flow *f, double x, double y, double w, double h,
	       double fill, double stroke, double lw, double radius)
{
	struct lay_box *b = add_box(f, LAY_RECT);
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->fill = fill;
	b->stroke = stroke;
	b->lw = lw;
	b->radius = radius;
}

void flow_image(struct flow *f, int image, double x, double y, double w,
		double h)
{
	struct lay_box *b = add_box(f, LAY_IMAGE);
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->image = image;
}

size_t flow_begin(struct flow *f, int keep, int frame, double pad, double x0,
		  double x1)
{
	if (f->nrange == f->caprange) {
		f->caprange = f->caprange ? 2 * f->caprange : 64;
		f->range = xrealloc(f->range, f->caprange * sizeof *f->range);
	}
	f->range[f->nrange] = (struct flow_range){
		f->nitem, f->nitem, keep, frame, pad, x0, x1, 0, 0};
	f->open++;
	return f->nrange++;
}

void flow_end(struct flow *f, size_t r)
{
	f->range[r].end = f->nitem;
	f->open--;
}

void flow_repeat(struct flow *f, size_t r, size_t first, size_t end)
{
	f->range[r].rep_first = first;
	f->range[r].rep_end = end;
}

/* ---- page breaking ---- */

#define MAXDEPTH 64

struct pager {
	struct flow *f;
	struct lay_doc *doc;
	size_t n;             /* items */
	size_t *by_end;       /* range indexes by end, inner first */
	size_t *start_at;     /* per item: first range starting there */
	size_t *end_at;       /* per item: first by_end entry ending after it */
	double y;             /* cursor from the body's top */
	size_t open[MAXDEPTH]; /* ranges open on this page, outer first */
	double open_top[MAXDEPTH];
	size_t nopen;
	struct lay_page *pg;
};

/* 1 if range a ends before range b (for the same end, the inner one,
 * begun later, first). */
static int ends_before(const struct flow_range *rg, size_t a, size_t b)
{
	if (rg[a].end != rg[b].end)
		return rg[a].end < rg[b].end;
	return a > b;
}

static double frame_pad(const struct flow_range *r)
{
	return r->frame == FRAME_CARD || r->frame == FRAME_ALERT ? r->pad : 0;
}

static double repeat_height(const struct pager *P, const struct flow_range *r)
{
	double h = 0;
	for (size_t k = r->rep_first; k < r->rep_end; k++)
		h += (k > r->rep_first ? P->f->item[k].gap : 0) +
		     P->f->item[k].h;
	return h;
}

/* Height that placing items [i, j) takes from cursor y with the ranges
 * in stack open, plus the bottom padding of the frames still open after
 * j (they close at the page's foot if the page ends there). */
static double span_height(const struct pager *P, size_t i, size_t j, double y,
			  const size_t *stack, size_t depth)
{
	const struct flow *f = P->f;
	size_t st[MAXDEPTH];
	memcpy(st, stack, depth * sizeof *st);
	double y0 = y;
	for (size_t k = i; k < j; k++) {
		const struct flow_item *it = &f->item[k];
		if (it->side)
			continue;
		if (y > 0)
			y += it->gap;
		for (size_t r = P->start_at[k];
		     r < f->nrange && f->range[r].first == k; r++) {
			if (f->range[r].end <= k)
				continue;
			y += frame_pad(&f->range[r]);
			if (depth < MAXDEPTH)
				st[depth++] = r;
		}
		y += it->h;
		for (size_t e = P->end_at[k];
		     e < f->nrange && f->range[P->by_end[e]].end == k + 1;
		     e++) {
			const struct flow_range *r = &f->range[P->by_end[e]];
			if (r->first > k)
				continue;
			y += frame_pad(r);
			if (depth > 0)
				depth--;
		}
	}
	for (size_t s = 0; s < depth; s++)
		y += frame_pad(&f->range[st[s]]);
	return y - y0;
}

/* Height of [i, j) on a new page, after reopening the open frames and
 * their repeats. */
static double fresh_height(const struct pager *P, size_t i, size_t j)
{
	double y = 0;
	for (size_t s = 0; s < P->nopen; s++) {
		const struct flow_range *r = &P->f->range[P->open[s]];
		y += frame_pad(r) + repeat_height(P, r);
	}
	return y + span_height(P, i, j, y, P->open, P->nopen);
}

static size_t next_flow_item(const struct pager *P, size_t i)
{
	do
		i++;
	while (i < P->n && P->f->item[i].side);
	return i;
}

/* The unit starting at item i: the outermost keep range starting there
 * that fits on a page of its own, or the item alone. */
static size_t unit_at(const struct pager *P, size_t i)
{
	const struct flow *f = P->f;
	for (size_t r = P->start_at[i];
	     r < f->nrange && f->range[r].first == i; r++) {
		const struct flow_range *rg = &f->range[r];
		if (rg->keep && rg->end > i &&
		    fresh_height(P, i, rg->end) <= f->body_h)
			return rg->end;
	}
	return next_flow_item(P, i);
}

/* 1 if a framed keep range (a card) starts at i and cannot fit on any
 * page. */
static int too_tall_card(const struct pager *P, size_t i)
{
	const struct flow *f = P->f;
	for (size_t r = P->start_at[i];
	     r < f->nrange && f->range[r].first == i; r++) {
		const struct flow_range *rg = &f->range[r];
		if (rg->keep && frame_pad(rg) > 0)
			return fresh_height(P, i, rg->end) > f->body_h;
	}
	return 0;
}

static size_t last_flow_item(const struct pager *P, size_t i, size_t j)
{
	size_t k = j;
	while (k > i && P->f->item[k - 1].side)
		k--;
	return k - 1;
}

static void new_page(struct pager *P)
{
	struct lay_doc *doc = P->doc;
	doc->page = xrealloc(doc->page, (doc->npages + 1) * sizeof *doc->page);
	P->pg = &doc->page[doc->npages++];
	memset(P->pg, 0, sizeof *P->pg);
	P->y = 0;
}

/* Copy item k's boxes to the page with its top at the cursor (a repeat:
 * as artifacts, its content being read where it first is). */
static void emit_item(struct pager *P, size_t k, int repeat)
{
	const struct flow *f = P->f;
	const struct flow_item *it = &f->item[k];
	double top = P->doc->height - f->top - P->y;
	for (size_t b = it->box0; b < it->box0 + it->nbox; b++) {
		struct lay_box box = f->box[b];
		if (repeat)
			box.tag = LAY_ARTIFACT;
		switch (box.kind) {
		case LAY_TEXT:
			box.y = top - box.y;
			break;
		case LAY_LINE:
			box.y = top - box.y;
			box.h = -box.h;
			break;
		case LAY_RECT:
		case LAY_IMAGE:
			box.y = top - box.y - box.h;
			break;
		}
		lay_page_add(P->pg, &box);
	}
}

static void emit_frame(struct pager *P, const struct flow_range *r,
		       double top, double bottom)
{
	double page_top = P->doc->height - P->f->top;
	struct lay_box b;
	memset(&b, 0, sizeof b); /* (an artifact) */
	b.fill = -1;
	b.x = r->x0;
	b.w = r->x1 - r->x0;
	b.y = page_top - bottom;
	b.h = bottom - top;
	switch (r->frame) {
	case FRAME_CARD:
		b.kind = LAY_RECT;
		b.stroke = 0.35;
		b.lw = 1.2;
		b.radius = 8;
		break;
	case FRAME_ALERT:
		b.kind = LAY_RECT;
		b.stroke = 0;
		b.lw = 2.5;
		b.radius = 8;
		break;
	case FRAME_TABLE:
		b.kind = LAY_RECT;
		b.stroke = 0.2;
		b.lw = 1;
		break;
	case FRAME_BAR:
		b.kind = LAY_LINE;
		b.stroke = 0.55;
		b.lw = 3;
		b.w = 0;
		b.h = bottom - top;
		break;
	default:
		return;
	}
	if (b.h > 0)
		lay_page_add(P->pg, &b);
}

static void close_range(struct pager *P)
{
	size_t s = --P->nopen;
	const struct flow_range *r = &P->f->range[P->open[s]];
	P->y += frame_pad(r);
	emit_frame(P, r, P->open_top[s], P->y);
}

static void break_page(struct pager *P)
{
	size_t depth = P->nopen;
	while (P->nopen > 0)
		close_range(P);
	new_page(P);
	for (size_t s = 0; s < depth; s++) {
		const struct flow_range *r = &P->f->range[P->open[s]];
		P->open_top[s] = P->y;
		P->nopen = s + 1;
		P->y += frame_pad(r);
		for (size_t k = r->rep_first; k < r->rep_end; k++) {
			if (k > r->rep_first)
				P->y += P->f->item[k].gap;
			emit_item(P, k, 1);
			P->y += P->f->item[k].h;
		}
	}
}

static void place(struct pager *P, size_t i, size_t j)
{
	const struct flow *f = P->f;
	for (size_t k = i; k < j; k++) {
		const struct flow_item *it = &f->item[k];
		if (it->side)
			continue;
		if (P->y > 0)
			P->y += it->gap;
		for (size_t r = P->start_at[k];
		     r < f->nrange && f->range[r].first == k; r++) {
			if (f->range[r].end <= k || P->nopen == MAXDEPTH)
				continue;
			P->open[P->nopen] = r;
			P->open_top[P->nopen++] = P->y;
			P->y += frame_pad(&f->range[r]);
		}
		emit_item(P, k, 0);
		P->y += it->h;
		for (size_t e = P->end_at[k];
		     e < f->nrange && f->range[P->by_end[e]].end == k + 1;
		     e++) {
			const struct flow_range *r = &f->range[P->by_end[e]];
			if (r->first > k || P->nopen == 0)
				continue;
			close_range(P);
		}
	}
}

static struct lay_doc *paginate(struct flow *f, double *end_y)
{
	struct pager P;
	memset(&P, 0, sizeof P);
	P.f = f;
	P.doc = f->doc;
	P.n = f->nitem;
	f->doc = NULL;

	/* A range starts at its first item in the flow, not at a side item. */
	for (size_t r = 0; r < f->nrange; r++) {
		struct flow_range *rg = &f->range[r];
		while (rg->first < rg->end && f->item[rg->first].side)
			rg->first++;
		while (rg->end > rg->first && f->item[rg->end - 1].side)
			rg->end--;
		if (rg->first >= rg->end)
			rg->first = rg->end = (size_t)-1 / 2; /* never met */
	}
	/* Ranges were begun in flow order, so they are sorted by first,
	 * outer before inner; moving the empty ones out of the way and past
	 * side items may have disturbed that: a stable insertion sort. */
	for (size_t a = 1; a < f->nrange; a++) {
		struct flow_range v = f->range[a];
		size_t b = a;
		while (b > 0 && f->range[b - 1].first > v.first) {
			f->range[b] = f->range[b - 1];
			b--;
		}
		f->range[b] = v;
	}

	P.by_end = xmalloc((f->nrange + 1) * sizeof *P.by_end);
	for (size_t r = 0; r < f->nrange; r++)
		P.by_end[r] = r;
	/* Insertion sort: the ranges end nearly in order already. */
	for (size_t a = 1; a < f->nrange; a++) {
		size_t v = P.by_end[a], b = a;
		while (b > 0 && ends_before(f->range, v, P.by_end[b - 1])) {
			P.by_end[b] = P.by_end[b - 1];
			b--;
		}
		P.by_end[b] = v;
	}
	P.start_at = xmalloc((P.n + 1) * sizeof *P.start_at);
	P.end_at = xmalloc((P.n + 1) * sizeof *P.end_at);
	for (size_t k = 0, r = 0, e = 0; k <= P.n; k++) {
		while (r < f->nrange && f->range[r].first < k)
			r++;
		P.start_at[k] = r;
		while (e < f->nrange && f->range[P.by_end[e]].end < k + 1)
			e++;
		P.end_at[k] = e;
	}

	new_page(&P);
	size_t i = 0;
	while (i < P.n && f->item[i].side)
		i++;
	while (i < P.n) {
		size_t j = unit_at(&P, i);
		/* Chain units while the last item keeps with the next. */
		while (j < P.n && f->item[last_flow_item(&P, i, j)].keep_next) {
			size_t k = unit_at(&P, j);
			if (fresh_height(&P, i, k) > f->body_h)
				break;
			j = k;
		}
		double need = span_height(&P, i, j, P.y, P.open, P.nopen);
		if (P.y > 0 && P.y + need <= f->body_h + 1e-6 &&
		    too_tall_card(&P, i) && P.y > f->body_h / 2) {
			/* A card taller than a page: start it on a new page
			 * so it is cut once, not into three pieces. */
			need = f->body_h + 1;
		}
		if (P.y > 0 && P.y + need > f->body_h + 1e-6) {
			break_page(&P);
			need = span_height(&P, i, j, P.y, P.open, P.nopen);
			/* Still too tall (a keep range taller than a page
			 * once the repeats are in): place item by item. */
			if (P.y + need > f->body_h + 1e-6)
				j = next_flow_item(&P, i);
		}
		place(&P, i, j);
		i = j;
	}
	while (P.nopen > 0)
		close_range(&P);
	free(P.by_end);
	free(P.start_at);
	free(P.end_at);
	if (end_y != NULL)
		*end_y = P.y;
	return P.doc;
}

struct lay_doc *flow_paginate(struct flow *f)
{
	return paginate(f, NULL);
}

/* Far taller than any column: the flow never breaks. */
#define COLUMN_H 1e7

struct lay_doc *flow_column(struct flow *src, double *height)
{
	src->top = 0;
	src->body_h = COLUMN_H;
	src->doc->height = COLUMN_H;
	double h = 0;
	struct lay_doc *col = paginate(src, &h);
	flow_free(src);
	/* Back from page coordinates (y upwards) to an item's (y down). */
	for (size_t p = 0; p < col->npages; p++)
		for (size_t i = 0; i < col->page[p].n; i++) {
			struct lay_box *b = &col->page[p].box[i];
			switch (b->kind) {
			case LAY_TEXT:
				b->y = COLUMN_H - b->y;
				break;
			case LAY_LINE:
				b->y = COLUMN_H - b->y;
				b->h = -b->h;
				break;
			case LAY_RECT:
			case LAY_IMAGE:
				b->y = COLUMN_H - b->y - b->h;
				break;
			}
		}
	if (height != NULL)
		*height = h;
	return col;
}

void flow_put_column(struct flow *dst, const struct lay_doc *col, double dx,
		     double dy)
{
	/* Its elements join dst's tree, its root being dst's current
	 * element. */
	int *map = xcalloc(col->nelem + 1, sizeof *map);
	map[LAY_ROOT] = dst->cur;
	for (size_t e = LAY_ROOT + 1; e < col->nelem; e++) {
		const struct lay_elem *ce = &col->elem[e];
		map[e] = lay_doc_elem(dst->doc, ce->role, map[ce->parent]);
		struct lay_elem *de = &dst->doc->elem[map[e]];
		de->scope = ce->scope;
		de->colspan = ce->colspan;
		de->rowspan = ce->rowspan;
		if (ce->alt != NULL)
			de->alt = lay_doc_store(dst->doc, ce->alt,
						strlen(ce->alt));
	}
	for (size_t p = 0; p < col->npages; p++)
		for (size_t i = 0; i < col->page[p].n; i++) {
			const struct lay_box *s = &col->page[p].box[i];
			struct lay_box *b = add_box(dst, s->kind);
			*b = *s;
			b->x += dx;
			b->y += dy;
			if (s->tag > 0 && (size_t)s->tag < col->nelem)
				b->tag = map[s->tag];
			if (s->kind == LAY_TEXT)
				b->text = lay_doc_store(dst->doc, s->text,
							s->len);
		}
	free(map);
}

/* ---- spans and paragraphs ---- */

struct lay_span span_style(int font, double size)
{
	struct lay_span s;
	memset(&s, 0, sizeof s);
	s.font = (unsigned char)font;
	s.size = size;
	return s;
}

static size_t spans_push(struct spans *S, const struct lay_span *proto)
{
	if (S->n == S->cap) {
		S->cap = S->cap ? 2 * S->cap : 16;
		S->v = xrealloc(S->v, S->cap * sizeof *S->v);
		S->off = xrealloc(S->off, S->cap * sizeof *S->off);
	}
	S->v[S->n] = *proto;
	S->off[S->n] = S->text.len;
	return S->n++;
}

void spans_init(struct spans *S, const struct lay_metrics *m)
{
	memset(S, 0, sizeof *S);
	S->m = m;
}

/* Note cp (once) among the characters S does not print as written. */
static void odd(struct spans *S, long cp, int kind)
{
	for (size_t i = 0; i < S->nodd; i++)
		if (S->odd[i].cp == cp)
			return;
	if (S->nodd == S->capodd) {
		S->capodd = S->capodd ? 2 * S->capodd : 4;
		S->odd = xrealloc(S->odd, S->capodd * sizeof *S->odd);
	}
	S->odd[S->nodd++] = (struct odd_char){cp, kind};
}

/* Note the characters of s[0..len) lay_clean_text() replaces. */
static void note_replaced(struct spans *S, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i,
			(utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			odd(S, -1, ODD_REPLACED);
			n = 1;
		} else if (lay_replaced(cp)) {
			odd(S, cp, ODD_REPLACED);
		}
		i += (size_t)n;
	}
}

/* Swap the characters the font lacks in text[from..] for look-alikes. */
static void fall_back(struct spans *S, size_t from, int font)
{
	const struct lay_metrics *m = S->m;
	struct buf out = BUF_INIT;
	size_t i = from, done = from;
	while (i < S->text.len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(
			(const utf8proc_uint8_t *)S->text.data + i,
			(utf8proc_ssize_t)(S->text.len - i), &cp);
		if (n <= 0)
			n = 1, cp = 0xFFFD;
		if (cp >= 0x20 && !m->has_glyph(m->ctx, font, cp)) {
			const char *as = lay_fallback(cp);
			if (as != NULL) {
				buf_put(&out, S->text.data + done, i - done);
				buf_puts(&out, as);
				done = i + (size_t)n;
				odd(S, cp, ODD_LOOKALIKE);
			} else {
				odd(S, cp, ODD_BOX);
			}
		}
		i += (size_t)n;
	}
	if (done > from) {
		buf_put(&out, S->text.data + done, S->text.len - done);
		buf_truncate(&S->text, from);
		buf_put(&S->text, buf_cstr(&out), out.len);
	}
	buf_free(&out);
}

void spans_add(struct spans *S, const char *s, size_t len,
	       const struct lay_span *proto)
{
	if (len == 0)
		return;
	size_t k = spans_push(S, proto);
	S->v[k].hard = 0;
	note_replaced(S, s, len);
	lay_clean_text(&S->text, s, len);
	if (S->m != NULL && S->m->has_glyph != NULL)
		fall_back(S, S->off[k], proto->font);
	S->v[k].len = S->text.len - S->off[k];
	if (S->v[k].len == 0)
		S->n--;
}

void spans_hard_break(struct spans *S, const struct lay_span *proto)
{
	size_t k = spans_push(S, proto);
	S->v[k].hard = 1;
	S->v[k].len = 0;
}

void spans_done(struct spans *S)
{
	for (size_t k = 0; k < S->n; k++)
		S->v[k].s = S->text.data ? S->text.data + S->off[k] : "";
}

void spans_reset(struct spans *S)
{
	S->n = 0;
	S->nodd = 0;
	buf_reset(&S->text);
}

void spans_free(struct spans *S)
{
	free(S->v);
	free(S->off);
	free(S->odd);
	buf_free(&S->text);
	spans_init(S, S->m);
}

static int same_style(const struct lay_span *a, const struct lay_span *b)
{
	return a->font == b->font && a->size == b->size &&
	       a->oblique == b->oblique && a->strike == b->strike;
}

void flow_set_marker(struct flow *f, const char *s, size_t len, double x,
		     double size)
{
	if (len >= sizeof f->marker)
		len = sizeof f->marker - 1;
	memcpy(f->marker, s, len);
	f->marker_len = len;
	f->marker_x = x;
	f->marker_size = size;
	f->marker_tag = f->cur;
}

void flow_put_marker(struct flow *f, double y)
{
	if (f->marker_len == 0)
		return;
	int was = flow_within(f, f->marker_tag);
	flow_text(f, f->marker_x, y, LAY_REGULAR, f->marker_size, 0,
		  f->marker, f->marker_len);
	flow_within(f, was);
	f->marker_len = 0;
}

/* 1 if line `line` of L ends where the text had a space or a forced
 * break (not in a word cut at a soft hyphen, a zero-width space, a
 * slash of an address, or because it was too long). */
static int ends_at_space(const struct lay_span *sp, const struct lay_lines *L,
			 size_t line)
{
	const struct lay_line *ln = &L->line[line];
	if (line + 1 >= L->nline || ln->n == 0 || L->line[line + 1].n == 0)
		return 0;
	const struct lay_frag *a = &L->frag[ln->first + ln->n - 1];
	const struct lay_frag *b = &L->frag[L->line[line + 1].first];
	if (a->hyphen || a->space || b->span < a->span)
		return 0;
	for (size_t k = a->span; k <= b->span; k++) {
		if (sp[k].hard)
			return 1;
		size_t from = k == a->span ? a->off + a->len : 0;
		size_t to = k == b->span ? b->off : sp[k].len;
		for (size_t i = from; i < to && i < sp[k].len; i++)
			if (sp[k].s[i] == ' ')
				return 1;
	}
	return 0;
}

void flow_put_line(struct flow *f, const struct lay_span *sp,
		   const struct lay_lines *L, size_t line, double x, double y)
{
	const struct lay_line *ln = &L->line[line];
	/* A line that ends between two words ends with a space, which
	 * prints nothing: text read or copied from the PDF keeps the words
	 * apart ("do. Check"), as it would across lines of a web page. */
	int space = ends_at_space(sp, L, line);
	flow_put_marker(f, y);
	struct buf run = BUF_INIT;
	size_t k = ln->first, end = ln->first + ln->n;
	while (k < end) {
		/* One text box per run of fragments in the same style. */
		const struct lay_span *st = &sp[L->frag[k].span];
		double x0 = L->frag[k].x, w = 0;
		buf_reset(&run);
		for (; k < end && same_style(&sp[L->frag[k].span], st); k++) {
			const struct lay_frag *fr = &L->frag[k];
			size_t n;
			const char *t = lay_frag_text(sp, fr, &n);
			buf_put(&run, t, n);
			w += fr->w;
		}
		if (k == end && space)
			buf_putc(&run, ' ');
		/* A leading space is never there, a run may start with one
		 * after a style change: keep it, it has its width. */
		flow_text(f, x + x0, y, st->font, st->size, st->oblique,
			  buf_cstr(&run), run.len);
		if (f->nbox > 0 && f->box[f->nbox - 1].kind == LAY_TEXT)
			f->box[f->nbox - 1].w = w;
		if (st->strike)
			flow_line(f, x + x0, y - 0.3 * st->size, x + x0 + w,
				  y - 0.3 * st->size, 0.06 * st->size, 0);
	}
	buf_free(&run);
}

size_t flow_para(struct flow *f, const struct lay_metrics *m,
		 struct spans *S, double x, double width, double lh,
		 double gap, int keep_last, int role)
{
	int e = role >= 0 ? flow_open(f, role) : -1;
	struct lay_lines L;
	memset(&L, 0, sizeof L);
	spans_done(S);
	lay_break(m, S->v, S->n, width, &L);
	double size = 0;
	for (size_t k = 0; k < S->n; k++)
		if (S->v[k].size > size)
			size = S->v[k].size;
	size_t first = f->nitem;
	for (size_t i = 0; i < L.nline; i++) {
		flow_item(f, i == 0 ? gap : 0, lh);
		flow_put_line(f, S->v, &L, i, x, T_BASELINE(lh, size));
	}
	size_t n = L.nline;
	if (n >= 2) {
		flow_keep_next(f, first);         /* no orphan */
		flow_keep_next(f, first + n - 2); /* no widow */
	}
	if (keep_last && n > 0)
		flow_keep_next(f, first + n - 1);
	lay_lines_free(&L);
	if (e >= 0) {
		flow_close(f, e);
		/* Nothing printed: no element (it is the last one made). */
		if (n == 0 && (size_t)e + 1 == f->doc->nelem)
			f->doc->nelem--;
	}
	return n;
}
