/*
 * layout_cards.c: the exercise cards of the sheet (layout_parts.h): one
 * per exercise, its title and category, its steps and the rest of its
 * text from its first heading on, its pictures in a column on the right
 * with their captions, then the dose the table on page 1 does not give
 * (sets, repetitions, hold, sides) and what the patient needs.
 */
#include "layout_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

/* ---- exercise cards ---- */

/* A card's title: a little tighter than body lines. */
static void flow_para_title(struct sheet *sh, struct origin from,
			    const char *title, double x0, double x1,
			    double gap)
{
	struct spans S;
	spans_init(&S, sh->m);
	struct lay_span st = span_style(LAY_BOLD, T_H_CARD);
	spans_add(&S, title, strlen(title), &st);
	warn_odd(sh, from, &S);
	flow_para(sh->f, sh->m, &S, x0, x1 - x0, T_H_CARD * 1.15, gap, 1,
		  LAY_TAG_H3);
	spans_free(&S);
}

/* The dose beyond the frequency table's: sets, repetitions, hold and
 * sides, as one paragraph of "Label: value" pairs, then what the
 * patient needs on its own line.  How often and how long are in the
 * table on page 1, where the whole week is planned, and most steps say
 * them again ("Hold the stretch for 30 seconds"): a card repeats
 * neither, so that three fit on a page. */
static void dose_lines(struct sheet *sh, const struct lay_item *it,
		       double x0, double x1, double gap)
{
	const struct page *p = it->page;
	const struct labels *L = sh->L;
	const char *lab[] = {L->sets, L->reps, L->hold, L->sides,
			     L->equipment};
	const char *val[ARRAY_LEN(lab)] = {it->sets, it->reps, it->hold,
					   it->sides, p->ex->equipment};
	int none = 1;
	for (size_t i = 0; i < ARRAY_LEN(lab); i++)
		if (val[i] != NULL && val[i][0] != '\0')
			none = 0;
	if (none)
		return;
	/* A light rule sets the dose apart from the text. */
	flow_item(sh->f, gap, 7);
	flow_line(sh->f, x0, 1, x1, 1, 0.75, 0.6);
	struct spans S;
	spans_init(&S, sh->m);
	struct lay_span b = span_style(LAY_BOLD, T_BODY);
	struct lay_span r = span_style(LAY_REGULAR, T_BODY);
	size_t last = ARRAY_LEN(lab) - 1; /* the equipment: its own line */
	int any = 0;
	for (size_t i = 0; i < last; i++) {
		if (val[i] == NULL || val[i][0] == '\0')
			continue;
		if (any)
			spans_add(&S, " \xC2\xB7 ", 4, &r); /* " · " */
		spans_add(&S, lab[i], strlen(lab[i]), &b);
		/* No break inside a pair: no-break spaces ("Hold: 30
		 * seconds" stays together when it fits a line). */
		spans_add(&S, "\xC2\xA0", 2, &r);
		spans_add(&S, val[i], strlen(val[i]), &r);
		any = 1;
	}
	warn_odd(sh, page_origin(p), &S);
	if (any)
		flow_para(sh->f, sh->m, &S, x0, x1 - x0, T_BODY * T_LEAD, 2, 0,
			  LAY_TAG_P);
	spans_free(&S);
	if (val[last] != NULL && val[last][0] != '\0')
		labelled_para(sh, lab[last], val[last], x0, x1, 2);
}

/* An exercise's pictures, resolved once (the image callback reports a
 * broken file once). */
struct card_pics {
	int *img;      /* handle per picture, -1 if it cannot be used */
	double *w, *h; /* size in pixels */
};

static void pics_resolve(struct sheet *sh, const struct exercise *ex,
			 struct card_pics *cp)
{
	size_t n = ex->npictures;
	cp->img = xcalloc(n + 1, sizeof *cp->img);
	cp->w = xcalloc(n + 1, sizeof *cp->w);
	cp->h = xcalloc(n + 1, sizeof *cp->h);
	for (size_t i = 0; i < n; i++) {
		cp->img[i] = -1;
		const struct picture *pic = &ex->pictures[i];
		if (sh->m->image == NULL || pic->src == NULL)
			continue;
		cp->img[i] = sh->m->image(sh->m->ctx, pic->src, &cp->w[i],
					  &cp->h[i]);
		if (cp->w[i] <= 0 || cp->h[i] <= 0)
			cp->img[i] = -1;
	}
}

static void pics_free(struct card_pics *cp)
{
	free(cp->img);
	free(cp->w);
	free(cp->h);
}

/* The pictures, two to a row, each with its caption under it.  Their
 * print size is chosen to be read, not from their pixels: two share the
 * width (at most PIC_MAX_W each, about 37 mm in a card of the grid).
 * Their alt text is not printed: the captions are, and the alt text is
 * the tagged PDF's (pic->alt). */
static void card_pictures(struct sheet *sh, const struct page *p,
			  const struct card_pics *cp, double x0, double x1,
			  double gap, size_t per_row)
{
	const struct exercise *ex = p->ex;
	size_t idx[2], k = 0;
	double pw = per_row == 1 ? x1 - x0 : (x1 - x0 - PIC_GAP) / 2;
	if (pw > PIC_MAX_W)
		pw = PIC_MAX_W;
	double lh = T_LABEL * 1.3;
	for (size_t i = 0; i <= ex->npictures; i++) {
		if (i < ex->npictures && cp->img[i] < 0)
			continue;
		if (i < ex->npictures)
			idx[k++] = i;
		if (k < per_row && i < ex->npictures)
			continue;
		if (k == 0)
			break;
		/* A row of k pictures: the same height, each its width. */
		double ih = 0;
		for (size_t j = 0; j < k; j++) {
			double h = pw * cp->h[idx[j]] / cp->w[idx[j]];
			if (h > PIC_MAX_H)
				h = PIC_MAX_H;
			if (h > ih)
				ih = h;
		}
		size_t it = flow_item(sh->f, gap, ih);
		double rowh = ih;
		for (size_t j = 0; j < k; j++) {
			const struct picture *pic = &ex->pictures[idx[j]];
			double w = cp->w[idx[j]], h = cp->h[idx[j]];
			double s = pw / w < ih / h ? pw / w : ih / h;
			double bx = x0 + (double)j * (pw + PIC_GAP);
			/* Centred in its cell, on the row's bottom: a Figure
			 * with its alt text (else its caption, else the
			 * exercise's title: never none). */
			int fig = flow_open(sh->f, LAY_TAG_FIGURE);
			const char *alt = pic->alt;
			if (alt == NULL || alt[0] == '\0')
				alt = pic->caption;
			if (alt == NULL || alt[0] == '\0')
				alt = p->title ? p->title : p->slug;
			flow_alt(sh->f, fig, alt);
			flow_image(sh->f, cp->img[idx[j]],
				   bx + (pw - w * s) / 2, ih - h * s, w * s,
				   h * s);
			flow_close(sh->f, fig);
			if (pic->caption == NULL || pic->caption[0] == '\0')
				continue;
			int cap = flow_open(sh->f, LAY_TAG_P);
			struct spans S;
			spans_init(&S, sh->m);
			struct lay_span st = span_style(LAY_BOLD, T_LABEL);
			spans_add(&S, pic->caption, strlen(pic->caption), &st);
			warn_odd(sh, page_origin(p), &S);
			spans_done(&S);
			struct lay_lines Ln;
			memset(&Ln, 0, sizeof Ln);
			lay_break(sh->m, S.v, S.n, pw, &Ln);
			for (size_t l = 0; l < Ln.nline; l++)
				flow_put_line(sh->f, S.v, &Ln, l,
					      bx + (pw - Ln.line[l].w) / 2,
					      ih + 3 + (double)l * lh +
						      T_BASELINE(lh, T_LABEL));
			if (ih + 3 + (double)Ln.nline * lh > rowh)
				rowh = ih + 3 + (double)Ln.nline * lh;
			flow_close(sh->f, cap);
			lay_lines_free(&Ln);
			spans_free(&S);
		}
		sh->f->item[it].h = rowh;
		gap = 8;
		k = 0;
	}
}

/* What a card holds, between x0 and x1. */
struct card_in {
	const struct page *p;
	const struct card_pics *pics;
	double x0, x1;
	const struct lay_item *it; /* its doses, note and address */
};

/* A card's title, its category on the same line when it fits. */
static void card_title(struct sheet *sh, const struct page *p, double x0,
		       double x1)
{
	const char *title = p->title ? p->title : p->slug;
	int cat = p->ex->category;
	const char *cl = cat >= 0 && cat < CAT_COUNT
				 ? i18n_get(sh->site->words, category_words[cat])
				 : NULL;
	double cw = cl ? width_of(sh, LAY_REGULAR, T_BODY, cl) : 0;
	if (cl != NULL &&
	    width_of(sh, LAY_BOLD, T_H_CARD, title) + 12 + cw <= x1 - x0) {
		/* Title and category on one line, the category right. */
		size_t first = sh->f->nitem;
		flow_para_title(sh, page_origin(p), title, x0, x1, 0);
		if (sh->f->nitem == first + 1) {
			double lh = T_H_CARD * 1.15;
			int e = flow_open(sh->f, LAY_TAG_P);
			flow_text(sh->f, x1 - cw, T_BASELINE(lh, T_H_CARD),
				  LAY_REGULAR, T_BODY, 0, cl, strlen(cl));
			flow_close(sh->f, e);
			cl = NULL;
		}
	} else {
		flow_para_title(sh, page_origin(p), title, x0, x1, 0);
	}
	if (cl != NULL)
		text_para(sh, page_origin(p), cl, LAY_REGULAR, T_BODY, x0, x1,
			  0, 1, LAY_TAG_P);
}

/* Where a card's text starts in body: after its opening paragraphs
 * (a list, a quote or a table there is kept: it may be an instruction),
 * or at its start if it is all paragraphs. */
static const struct md_node *card_start(const struct md_doc *body)
{
	const struct md_node *first = md_first_child(md_root(body));
	const struct md_node *h = first;
	while (h != NULL && md_type(h) == MD_PARAGRAPH)
		h = md_next(h);
	return h != NULL ? h : first;
}

/* A card's words: its title, its instructions (its Markdown but the
 * opening paragraphs: they say why, and the page says it; the card says
 * how) and its dose. */
static void card_words(struct sheet *sh, const void *arg)
{
	const struct card_in *c = arg;
	const struct page *p = c->p;
	card_title(sh, p, c->x0, c->x1);
	if (p->body != NULL) {
		const struct md_node *h = card_start(p->body);
		sh->md.src = p->src;
		sh->md.places = p->places;
		sh->md.heading = T_BODY + 1.5;
		sh->md.run_in = 1;
		sh->md.level = 4; /* (under the card's title, an H3) */
		if (h != NULL)
			md_layout_blocks_from(&sh->md, h, c->x0, c->x1, 4);
		sh->md.heading = 0;
		sh->md.run_in = 0;
		sh->md.level = 0;
	}
	dose_lines(sh, c->it, c->x0, c->x1, 8);
	/* The clinician's words for this patient, then where to see it
	 * all (the QR code's address, for typing). */
	if (c->it->note != NULL)
		labelled_para(sh, sh->L->card_note, c->it->note, c->x0, c->x1,
			      6);
	if (c->it->url != NULL)
		labelled_para(sh, sh->L->online, c->it->url, c->x0, c->x1, 6);
}

/* A card's pictures, one under the other. */
static void card_side_pictures(struct sheet *sh, const void *arg)
{
	const struct card_in *c = arg;
	card_pictures(sh, c->p, c->pics, c->x0, c->x1, 0, 1);
	if (c->it->url != NULL)
		qr_item(sh, c->it->url, c->x0, c->x1, 8);
}

/* The width of a card's pictures column: none without pictures or a QR
 * code. */
static double pics_width(const struct card_in *c)
{
	if (c->it->url != NULL)
		return PIC_SIDE_W;
	for (size_t i = 0; i < c->p->ex->npictures; i++)
		if (c->pics->img[i] >= 0)
			return PIC_SIDE_W;
	return 0;
}

/* A card: its title and words, and beside them on the right its
 * pictures, one under the other (start above end). */
static void card_content(struct sheet *sh, const void *arg)
{
	const struct card_in *c = arg;
	const struct page *p = c->p;
	double pw = pics_width(c);
	double tx1 = pw > 0 ? c->x1 - pw - PIC_GAP * 1.5 : c->x1;
	struct card_in words = {p, c->pics, 0, tx1 - c->x0, c->it};
	struct card_in pics = {p, c->pics, 0, pw, c->it};
	double wh = 0, ph = 0;
	struct lay_doc *w = in_column(sh, card_words, &words, &wh);
	struct lay_doc *pc = pw > 0 ? in_column(sh, card_side_pictures, &pics,
						&ph)
				    : NULL;
	flow_item(sh->f, 0, wh > ph ? wh : ph);
	/* A Sect: the words, then the pictures. */
	int sect = flow_open(sh->f, LAY_TAG_SECT);
	flow_put_column(sh->f, w, c->x0, 0);
	if (pc != NULL)
		flow_put_column(sh->f, pc, c->x1 - pw, 0);
	flow_close(sh->f, sect);
	lay_doc_free(w);
	lay_doc_free(pc);
}

/* A card too tall for a column of one page: full width, in the main
 * flow, continued on the next page under its title. */
static void wide_card(struct sheet *sh, const struct lay_item *it,
		      const struct card_pics *cp, double gap)
{
	struct flow *f = sh->f;
	const struct page *p = it->page;
	double x0 = sh->x0 + CARD_PAD, x1 = sh->x1 - CARD_PAD;
	size_t r = flow_begin(f, 1, FRAME_CARD, CARD_PAD, sh->x0, sh->x1);
	struct card_in c = {p, cp, x0, x1, it};
	size_t first = f->nitem;
	card_content(sh, &c);
	if (f->nitem > first)
		f->item[first].gap = gap;

	/* On a page the card continues on. */
	const char *title = p->title ? p->title : p->slug;
	struct buf cont = BUF_INIT;
	buf_printf(&cont, "%s %s", title, sh->L->continued);
	size_t side = f->nitem;
	struct spans S;
	spans_init(&S, sh->m);
	struct lay_span st = span_style(LAY_BOLD, T_H_CARD);
	spans_add(&S, cont.data, cont.len, &st);
	spans_done(&S);
	struct lay_lines Ln;
	memset(&Ln, 0, sizeof Ln);
	lay_break(sh->m, S.v, S.n, x1 - x0, &Ln);
	double lh = T_H_CARD * T_LEAD;
	flow_side_item(f, lh * (double)Ln.nline + 6);
	for (size_t l = 0; l < Ln.nline; l++)
		flow_put_line(f, S.v, &Ln, l, x0,
			      (double)l * lh + T_BASELINE(lh, T_H_CARD));
	lay_lines_free(&Ln);
	spans_free(&S);
	flow_repeat(f, r, side, side + 1);
	buf_free(&cont);
	flow_end(f, r);
}

/* A card laid out for a column of the grid. */
struct gcard {
	struct lay_doc *col; /* its content, x from the column's left */
	double h;            /* with its padding */
};

/* Put cards g[0..n) into one item, down the left column, then down the
 * right one (col[i]: 0 or 1), their frames drawn.  Returns the item. */
static void grid_item(struct sheet *sh, struct gcard *g, const int *col,
		      size_t n, double gap)
{
	struct flow *f = sh->f;
	double cw = (sh->x1 - sh->x0 - CARD_GAP * (CARD_COLUMNS - 1)) /
		    CARD_COLUMNS;
	double y[2] = {0, 0};
	size_t it = flow_item(f, gap, 0);
	for (size_t i = 0; i < n; i++) {
		double x = sh->x0 + col[i] * (cw + CARD_GAP);
		if (y[col[i]] > 0)
			y[col[i]] += CARD_GAP;
		flow_rect(f, x, y[col[i]], cw, g[i].h, -1, 0.35, 1.2, 8);
		flow_put_column(f, g[i].col, x, y[col[i]] + CARD_PAD);
		y[col[i]] += g[i].h;
	}
	f->item[it].h = y[0] > y[1] ? y[0] : y[1];
}

/* The cards in two columns, as many whole cards on a page as fit: down
 * the left column, then the right, then the next page.  The columns are
 * planned here, a page at a time; room0 is what is left of the current
 * page (its body's height for a new page). */
void sheet_cards(struct sheet *sh, double room0)
{
	const struct site *s = sh->site;
	const struct lay_programme *pr = sh->prog;
	if (pr->nitems == 0)
		return;
	const struct page *ix = s->sections[PAGE_EXERCISES];
	double head_gap = 22;
	size_t head = sh->f->nitem;
	if (ix != NULL && ix->title != NULL)
		section_heading(sh, page_origin(ix), ix->title, head_gap);
	else
		section_heading(sh, site_origin(sh), sh->L->exercises,
				head_gap);
	double head_h = 0;
	for (size_t k = head; k < sh->f->nitem; k++)
		head_h += sh->f->item[k].h + (k > head ? sh->f->item[k].gap : 0);
	double cw = (sh->x1 - sh->x0 - CARD_GAP * (CARD_COLUMNS - 1)) /
		    CARD_COLUMNS;
	double room = room0 - head_gap - head_h - 6;
	if (room0 >= sh->body_h) /* the heading tops a new page */
		room = sh->body_h - head_h - 6;

	struct gcard *g = xcalloc(pr->nitems, sizeof *g);
	int *col = xcalloc(pr->nitems, sizeof *col);
	size_t n = 0; /* cards planned for the page, in g[0..n) */
	double y[2] = {0, 0};
	int c = 0, first = 1;
	for (size_t i = 0; i <= pr->nitems; i++) {
		const struct lay_item *it = i < pr->nitems ? &pr->items[i] : NULL;
		const struct page *p = it != NULL ? it->page : NULL;
		if (p != NULL && p->ex == NULL)
			continue;
		struct card_pics cp = {0};
		struct gcard one = {0};
		if (p != NULL) {
			pics_resolve(sh, p->ex, &cp);
			struct card_in in = {p, &cp, CARD_PAD,
					     cw - CARD_PAD, it};
			one.col = in_column(sh, card_content, &in, &one.h);
			one.h += 2 * CARD_PAD;
		}
		/* Does it go on this page, in this column or the next? */
		int wide = p != NULL && one.h > sh->body_h;
		while (p != NULL && !wide) {
			double need = (y[c] > 0 ? CARD_GAP : 0) + one.h;
			if (y[c] + need <= room)
				break;
			if (c + 1 < CARD_COLUMNS && n > 0) {
				c++;
				continue;
			}
			if (n == 0 && room >= sh->body_h - head_h - 6)
				break; /* a fresh page: it fits */
			c = -1;
			break;
		}
		if (p == NULL || wide || c < 0) {
			/* The page is planned: put it, start the next. */
			if (n > 0)
				grid_item(sh, g, col, n, first ? 6 : CARD_GAP);
			for (size_t k = 0; k < n; k++)
				lay_doc_free(g[k].col);
			if (n > 0)
				first = 0;
			n = 0;
			y[0] = y[1] = 0;
			c = 0;
			/* Nothing placed yet: the heading moves on with
			 * the first cards. */
			room = first ? sh->body_h - head_h - 6 : sh->body_h;
			if (wide) {
				lay_doc_free(one.col);
				wide_card(sh, it, &cp, first ? 6 : CARD_GAP);
				first = 0;
				pics_free(&cp);
				continue;
			}
			if (p == NULL) {
				pics_free(&cp);
				break;
			}
		}
		if (y[c] > 0)
			y[c] += CARD_GAP;
		y[c] += one.h;
		g[n] = one;
		col[n++] = c;
		pics_free(&cp);
	}
	free(g);
	free(col);
}

/* The paragraph (plain text) that most cards would print word for
 * word, when at least two would: "Stop if it hurts..." under every
 * exercise's "Stay safe".  The sheet prints it once, in the When to stop
 * box on page 1, and leaves it off the cards; a card whose section then
 * holds nothing more loses that heading too.  NULL when no two cards
 * share one.  Caller frees. */
char *sheet_shared_advice(const struct lay_programme *pr)
{
	struct seen {
		char *text;
		size_t cards, last; /* on how many cards; the last one */
	} *v = NULL;
	size_t n = 0;
	for (size_t i = 0; i < pr->nitems; i++) {
		const struct page *p = pr->items[i].page;
		if (p->ex == NULL || p->body == NULL)
			continue;
		for (const struct md_node *b = card_start(p->body); b != NULL;
		     b = md_next(b)) {
			if (md_type(b) != MD_PARAGRAPH)
				continue;
			struct buf t = BUF_INIT;
			md_plain_text(b, &t);
			size_t k;
			for (k = 0; k < n && strcmp(v[k].text, buf_cstr(&t)); k++)
				;
			if (k == n) {
				v = xrealloc(v, (n + 1) * sizeof *v);
				v[n++] = (struct seen){buf_detach(&t), 0, SIZE_MAX};
			}
			buf_free(&t);
			if (v[k].last != i) { /* once a card */
				v[k].cards++;
				v[k].last = i;
			}
		}
	}
	size_t best = SIZE_MAX;
	for (size_t k = 0; k < n; k++)
		if (v[k].cards >= 2 && (best == SIZE_MAX ||
					v[k].cards > v[best].cards))
			best = k;
	char *shared = best != SIZE_MAX ? xstrdup(v[best].text) : NULL;
	for (size_t k = 0; k < n; k++)
		free(v[k].text);
	free(v);
	return shared;
}

