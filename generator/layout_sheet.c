/*
 * layout_sheet.c: what goes on the exercise sheet, in order.  Page 1:
 * the header (title, clinic, lines to write the patient's name, the date
 * and the clinician's name), the introduction (schedule.md), the
 * frequency table and the "When to stop" box with the clinic's phone.
 * Then the exercise cards (layout_cards.c), one combined tick-box log
 * (every exercise, every day, four weeks), the disclaimer, and a footer
 * on every page; every word of it in the site's language (i18n.h).
 */
#include "layout_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "paths.h"
#include "qr.h"
#include "util.h"

/* "How often:" from dose.how_often, as sheet.label says. */
static const char *label_of(struct labels *L, size_t k, const char *key)
{
	struct buf b = BUF_INIT;
	const char *names[] = {"label"};
	const char *values[] = {i18n_get(L->t, key)};
	i18n_fill(&b, i18n_get(L->t, "sheet.label"), names, values, 1);
	L->own[k] = buf_detach(&b);
	return L->own[k];
}

static void labels_init(struct labels *L, const struct i18n *t)
{
	memset(L, 0, sizeof *L);
	L->t = t;
#define W(x) i18n_get(t, x)
	L->patient = W("sheet.patient");
	L->date = W("sheet.date");
	L->clinician = W("sheet.clinician");
	L->phone = W("site.phone");
	L->email = W("site.email");
	L->address = W("site.address");
	L->website = W("site.website");
	L->exercise = W("table.exercise");
	L->frequency = W("table.frequency");
	L->duration = W("table.duration");
	L->how_often = label_of(L, 0, "dose.how_often");
	L->how_long = label_of(L, 1, "dose.how_long");
	L->sets = label_of(L, 2, "dose.sets");
	L->reps = label_of(L, 3, "dose.reps");
	L->hold = label_of(L, 4, "dose.hold");
	L->sides = label_of(L, 5, "dose.sides");
	L->equipment = label_of(L, 6, "dose.equipment");
	L->log_title = W("sheet.log_title");
	L->log_hint = W("sheet.log_hint");
	L->week_fmt = W("sheet.week");
	for (int d = 0; d < 7; d++) {
		char key[40];
		snprintf(key, sizeof key, "date.weekdays_short.%d", d + 1);
		L->days[d] = W(key);
	}
	L->continued = W("sheet.continued");
	L->safety_title = W("sheet.safety_title");
	L->safety_stop = W("sheet.safety_stop");
	L->important = W("site.important");
	L->default_disclaimer = W("sheet.default_disclaimer");
	L->exercises = W("sheet.exercises");
	L->page_fmt = W("sheet.page");
	L->reviewed = W("sheet.reviewed");
	L->card_note = W("handout.card_note");
	L->online = W("handout.online");
	L->your_note = W("handout.your_note");
	L->next_review = W("handout.next_review");
#undef W
}

static void labels_free(struct labels *L)
{
	for (size_t i = 0; i < ARRAY_LEN(L->own); i++)
		free(L->own[i]);
}

/* "Page 2 of 5", as sheet.page says. */
static void page_of(const struct labels *L, size_t page, size_t pages,
		    char *out, size_t size)
{
	char a[24], b[24];
	snprintf(a, sizeof a, "%zu", page);
	snprintf(b, sizeof b, "%zu", pages);
	const char *names[] = {"page", "pages"};
	const char *values[] = {a, b};
	struct buf t = BUF_INIT;
	i18n_fill(&t, L->page_fmt, names, values, 2);
	snprintf(out, size, "%s", buf_cstr(&t));
	buf_free(&t);
}









/* ---- header ---- */

/* A label and a line to write on, from x to x_end, in the current item
 * whose text baseline is at y. */
static void write_line(struct sheet *sh, const char *label, double x,
		       double x_end, double y)
{
	int e = flow_open(sh->f, LAY_TAG_P);
	flow_text(sh->f, x, y, LAY_BOLD, T_BODY, 0, label, strlen(label));
	double w = width_of(sh, LAY_BOLD, T_BODY, label);
	flow_line(sh->f, x + w + 6, y + 3, x_end, y + 3, 0.8, 0.25);
	flow_close(sh->f, e);
}

static void long_date(const struct labels *L, const char *iso,
		      struct buf *out);

/* A label and, after it, a value filled in, or a line to write on. */
static void filled_line(struct sheet *sh, const char *label,
			const char *value, double x, double x_end, double y)
{
	if (value == NULL) {
		write_line(sh, label, x, x_end, y);
		return;
	}
	int e = flow_open(sh->f, LAY_TAG_P);
	flow_text(sh->f, x, y, LAY_BOLD, T_BODY, 0, label, strlen(label));
	double w = width_of(sh, LAY_BOLD, T_BODY, label);
	flow_text(sh->f, x + w + 6, y, LAY_REGULAR, T_BODY, 0, value,
		  strlen(value));
	flow_close(sh->f, e);
}


/* The sheet's title and the clinic's name, between x[0] and x[1]. */
static void titles(struct sheet *sh, const void *arg)
{
	const double *x = arg;
	struct origin yaml = site_origin(sh);
	text_para(sh, yaml, sh->site->title, LAY_BOLD, T_TITLE, x[0], x[1], 0,
		  0, LAY_TAG_H1);
	text_para(sh, yaml, sh->site->clinic_name, LAY_BOLD, 15, x[0], x[1],
		  2, 0, LAY_TAG_P);
}

static void home_qr(struct sheet *sh, const void *arg)
{
	(void)arg;
	qr_item(sh, sh->prog->home_url, 0, QR_MIN_W, 0);
}

static void header(struct sheet *sh)
{
	const struct lay_programme *pr = sh->prog;
	const struct labels *L = sh->L;
	double right = sh->x1;
	if (pr->home_url == NULL) {
		double x[2] = {sh->x0, sh->x1};
		titles(sh, x);
	} else {
		/* The site's own sheet: a QR code to its home page at the
		 * top right, the titles and the lines to write on left. */
		right = sh->x1 - QR_MIN_W - 12;
		double x[2] = {0, right - sh->x0}, th, qh;
		struct lay_doc *t = in_column(sh, titles, x, &th);
		struct lay_doc *q = in_column(sh, home_qr, NULL, &qh);
		flow_item(sh->f, 0, th);
		flow_put_column(sh->f, t, sh->x0, 0);
		flow_put_column(sh->f, q, sh->x1 - QR_MIN_W, 0);
		lay_doc_free(t);
		lay_doc_free(q);
	}

	/* Room to write by hand: tall rows, long lines; or what the
	 * clinician filled in. */
	double row = 30;
	double y = T_BASELINE(row, T_BODY) + 5;
	struct buf date = BUF_INIT;
	if (pr->date != NULL)
		long_date(L, pr->date, &date);
	flow_item(sh->f, 4, row);
	filled_line(sh, L->patient, pr->patient, sh->x0, right, y);
	flow_item(sh->f, 0, row);
	double mid = sh->x0 + (right - sh->x0) * 0.42;
	filled_line(sh, L->date, pr->date ? buf_cstr(&date) : NULL, sh->x0,
		    mid - 18, y);
	filled_line(sh, L->clinician, pr->clinician, mid, right, y);
	buf_free(&date);
	flow_item(sh->f, 10, 4);
	flow_line(sh->f, sh->x0, 2, sh->x1, 2, 2, 0);
}

/* The clinician's note and the next appointment (a handout's). */
static void clinician_note(struct sheet *sh)
{
	const struct lay_programme *pr = sh->prog;
	if (pr->note != NULL)
		labelled_para(sh, sh->L->your_note, pr->note, sh->x0, sh->x1,
			      12);
	if (pr->next_review != NULL) {
		struct buf date = BUF_INIT;
		long_date(sh->L, pr->next_review, &date);
		labelled_para(sh, sh->L->next_review, buf_cstr(&date), sh->x0,
			      sh->x1, pr->note != NULL ? 4 : 12);
		buf_free(&date);
	}
}

/* ---- introduction and table ---- */


static void freq_table(struct sheet *sh, double gap)
{
	const struct lay_programme *pr = sh->prog;
	if (pr->nitems == 0)
		return;
	struct table_in t;
	memset(&t, 0, sizeof t);
	t.nrows = pr->nitems + 1;
	t.ncols = 3;
	t.cell = xcalloc(t.nrows * t.ncols, sizeof *t.cell);
	for (size_t i = 0; i < t.nrows * t.ncols; i++)
		spans_init(&t.cell[i], sh->m);
	t.header = xcalloc(t.nrows, sizeof *t.header);
	t.align = xcalloc(t.ncols, sizeof *t.align);
	t.header[0] = 1;
	t.row_heads = 1; /* (a row is the exercise's: its name heads it) */
	struct lay_span b = span_style(LAY_BOLD, T_BODY);
	struct lay_span r = span_style(LAY_REGULAR, T_BODY);
	const char *head[3] = {sh->L->exercise, sh->L->frequency,
			       sh->L->duration};
	for (size_t k = 0; k < 3; k++)
		spans_add(&t.cell[k], head[k], strlen(head[k]), &b);
	for (size_t i = 0; i < pr->nitems; i++) {
		const struct lay_item *it = &pr->items[i];
		const struct page *p = it->page;
		/* (A count where there is no time: "10-15 repetitions".) */
		char *amount = i18n_amount(sh->site->words, it->duration,
					   it->reps);
		const char *v[3] = {p->title ? p->title : p->slug,
				    it->frequency, amount};
		for (size_t k = 0; k < 3; k++) {
			struct spans *S = &t.cell[(i + 1) * 3 + k];
			const char *txt = v[k] ? v[k]
					       : i18n_get(sh->site->words,
							  "dose.as_advised");
			spans_add(S, txt, strlen(txt), &r);
			warn_odd(sh, page_origin(p), S);
		}
		free(amount);
	}
	table_layout(sh->f, sh->m, &t, sh->x0, sh->x1, gap, T_BODY);
	for (size_t i = 0; i < t.nrows * t.ncols; i++)
		spans_free(&t.cell[i]);
	free(t.cell);
	free(t.header);
	free(t.align);
}

/* The first heading among the children of n, or NULL. */
static const struct md_node *first_heading(const struct md_node *n)
{
	for (const struct md_node *c = md_first_child(n); c; c = md_next(c))
		if (md_type(c) == MD_HEADING)
			return c;
	return NULL;
}

/* Blocks of the body from first up to (not including) stop. */
static void blocks_until(struct sheet *sh, const struct md_node *first,
			 const struct md_node *stop, double x0, double x1,
			 double gap)
{
	double g = gap;
	for (const struct md_node *n = first; n != NULL && n != stop;
	     n = md_next(n)) {
		size_t before = sh->f->nitem;
		md_layout_one(&sh->md, n, x0, x1, g);
		if (sh->f->nitem > before)
			g = 0.5 * T_BODY * T_LEAD;
	}
}

/* How much of the introduction page 1 holds. */
enum intro { INTRO_WHOLE, INTRO_OPENING, INTRO_TITLE };

/* The introduction: schedule.md's title and text, all of it, only its
 * opening (up to its first heading), or its title alone. */
static void intro(struct sheet *sh, enum intro how)
{
	const struct page *p = sh->site->sections[PAGE_SCHEDULE];
	if (p != NULL && p->title != NULL)
		section_heading(sh, page_origin(p), p->title, 12);
	if (p != NULL && p->body != NULL && how != INTRO_TITLE) {
		sh->md.src = p->src;
		sh->md.places = p->places;
		const struct md_node *root = md_root(p->body);
		if (how == INTRO_WHOLE)
			md_layout_blocks(&sh->md, root, sh->x0, sh->x1, 6);
		else
			blocks_until(sh, md_first_child(root),
				     first_heading(root), sh->x0, sh->x1, 6);
	}
}

/* ---- safety ---- */

/* The "When to stop" box, with the clinic's phone and other contacts:
 * on page 1, where a patient in pain looks first. */
static void safety(struct sheet *sh)
{
	const struct site *s = sh->site;
	double x0 = sh->x0 + CARD_PAD + 2, x1 = sh->x1 - CARD_PAD - 2;
	size_t r = flow_begin(sh->f, 1, FRAME_ALERT, CARD_PAD, sh->x0, sh->x1);
	int sect = flow_open(sh->f, LAY_TAG_SECT);
	struct origin yaml = site_origin(sh);
	text_para(sh, yaml, sh->L->safety_title, LAY_BOLD, T_H_CARD, x0, x1,
		  16, 1, LAY_TAG_H2);
	/* The advice every card would repeat, from the content, or ours. */
	if (sh->shared != NULL)
		text_para(sh, yaml, sh->shared, LAY_BOLD, T_BODY, x0, x1, 2, 0,
			  LAY_TAG_P);
	else
		text_para(sh, yaml, sh->L->safety_stop, LAY_BOLD, T_BODY, x0,
			  x1, 2, 0, LAY_TAG_P);
	if (s->clinic_name != NULL)
		text_para(sh, yaml, s->clinic_name, LAY_BOLD, T_BODY, x0, x1,
			  6, 1, LAY_TAG_P);
	const struct labels *L = sh->L;
	const char *lab[4] = {L->phone, L->email, L->address, L->website};
	const char *val[4] = {s->clinic_phone, s->clinic_email,
			      s->clinic_address, s->clinic_website};
	for (int i = 0; i < 4; i++)
		if (val[i] != NULL && val[i][0] != '\0')
			labelled_para(sh, lab[i], val[i], x0, x1, 0);
	flow_close(sh->f, sect);
	flow_end(sh->f, r);
}

/* ---- page 1 ---- */

/* The home page's key points (key_points: in index.md), in a box under
 * the header: what to remember, before anything else. */
static void key_points(struct sheet *sh)
{
	const struct page *home = site_section(sh->site, PAGE_HOME);
	if (home == NULL || home->key_points == NULL ||
	    home->key_points[0] == NULL)
		return;
	double x0 = sh->x0 + CARD_PAD + 2, x1 = sh->x1 - CARD_PAD - 2;
	double indent = 1.2 * T_BODY;
	size_t r = flow_begin(sh->f, 1, FRAME_CARD, CARD_PAD, sh->x0, sh->x1);
	int sect = flow_open(sh->f, LAY_TAG_SECT);
	text_para(sh, page_origin(home),
		  i18n_get(sh->site->words, "site.key_points"), LAY_BOLD,
		  T_H_CARD, x0, x1, 10, 1, LAY_TAG_H2);
	int list = flow_open(sh->f, LAY_TAG_L);
	for (char **k = home->key_points; *k; k++) {
		int li = flow_open(sh->f, LAY_TAG_LI);
		int lbl = flow_open(sh->f, LAY_TAG_LBL);
		flow_set_marker(sh->f, "\xE2\x80\xA2", 3, x0 + 0.2 * T_BODY,
				T_BODY);
		flow_close(sh->f, lbl);
		int body = flow_open(sh->f, LAY_TAG_LBODY);
		text_para(sh, page_origin(home), *k, LAY_REGULAR, T_BODY,
			  x0 + indent, x1, 1, 0, LAY_TAG_P);
		flow_close(sh->f, body);
		flow_close(sh->f, li);
	}
	flow_close(sh->f, list);
	flow_close(sh->f, sect);
	flow_end(sh->f, r);
}

enum first_page {
	FIRST_WHOLE, /* the whole introduction, then the table, the box */
	FIRST_SHORT, /* the introduction's opening only */
	FIRST_TITLE, /* the introduction's title only */
	FIRST_BOX,   /* the box before the introduction and a long table */
};

/* With FIRST_NOTE: the disclaimer too, at the foot of page 1. */
#define FIRST_NOTE 0x10

static void disclaimer(struct sheet *sh);

static void first_page(struct sheet *sh, const void *arg)
{
	int how = *(const int *)arg & ~FIRST_NOTE;
	header(sh);
	key_points(sh);
	if (how == FIRST_BOX)
		safety(sh);
	intro(sh, how == FIRST_WHOLE   ? INTRO_WHOLE
		  : how == FIRST_TITLE ? INTRO_TITLE
				       : INTRO_OPENING);
	freq_table(sh, 10);
	clinician_note(sh);
	if (how != FIRST_BOX)
		safety(sh);
	if (*(const int *)arg & FIRST_NOTE)
		disclaimer(sh);
}

/* Lay out page 1: the most of the introduction that lets the table and
 * the box fit on it.  Returns its height, or -1 if it runs over. */
static double page_one(struct sheet *sh)
{
	int how;
	double h = -1;
	/* The disclaimer on page 1 when it fits there with the rest (it is
	 * read before the exercises), else after the log. */
	for (how = FIRST_WHOLE | FIRST_NOTE; how != FIRST_BOX;) {
		h = measure(sh, first_page, &how);
		if (h <= sh->body_h)
			break;
		if (how & FIRST_NOTE)
			how &= ~FIRST_NOTE;
		else if (++how != FIRST_BOX)
			how |= FIRST_NOTE;
	}
	if (how == FIRST_BOX)
		h = -1;
	sh->note_done = (how & FIRST_NOTE) != 0;
	first_page(sh, &how);
	return h;
}

/* ---- the log ---- */

/* The log of every exercise on the sheet, every day for LOG_WEEKS
 * weeks: two weeks side by side, the exercises down the left. */
static void log_section(struct sheet *sh)
{
	const struct lay_programme *pr = sh->prog;
	const struct labels *L = sh->L;
	struct flow *f = sh->f;
	if (pr->nitems == 0)
		return;
	double W = sh->x1 - sh->x0;
	double pitch = LOG_PITCH;
	double name_w = W - 14 * pitch - LOG_WEEK_SEP;
	if (name_w < LOG_NAME_MIN) {
		pitch = (W - LOG_NAME_MIN - LOG_WEEK_SEP) / 14;
		if (pitch < LOG_BOX + 2)
			pitch = LOG_BOX + 2;
		name_w = W - 14 * pitch - LOG_WEEK_SEP;
	}
	double gx = sh->x0 + name_w; /* the grid's left */
	struct origin yaml = site_origin(sh);
	section_heading(sh, yaml, L->log_title, 18);
	text_para(sh, yaml, L->log_hint, LAY_REGULAR, T_BODY, sh->x0, sh->x1,
		  0, 1, LAY_TAG_P);
	double lh = T_LABEL * 1.35;
	for (int wk = 1; wk <= LOG_WEEKS; wk += 2) {
		size_t r = flow_begin(f, 1, FRAME_NONE, 0, sh->x0, sh->x1);
		/* A table: a row of weeks (a corner cell, a week over its
		 * seven days), a row of days, then a row per exercise, its
		 * name heading its empty cells (the boxes to tick are
		 * decoration). */
		int weeks = LOG_WEEKS - wk + 1 < 2 ? LOG_WEEKS - wk + 1 : 2;
		int tbl = flow_open(f, LAY_TAG_TABLE);
		int tr = flow_open(f, LAY_TAG_TR);
		flow_elem(f, flow_open(f, LAY_TAG_TD))->rowspan = 2;
		flow_close(f, f->cur);
		int week_th[2], day_th[2][7];
		for (int k = 0; k < weeks; k++) {
			week_th[k] = flow_open(f, LAY_TAG_TH);
			flow_elem(f, week_th[k])->scope = 'c';
			flow_elem(f, week_th[k])->colspan = 7;
			flow_close(f, week_th[k]);
		}
		flow_close(f, tr);
		tr = flow_open(f, LAY_TAG_TR);
		for (int k = 0; k < weeks; k++)
			for (int d = 0; d < 7; d++) {
				day_th[k][d] = flow_open(f, LAY_TAG_TH);
				flow_elem(f, day_th[k][d])->scope = 'c';
				flow_close(f, day_th[k][d]);
			}
		flow_close(f, tr);
		/* Its header, repeated if it continues on a new page. */
		size_t hd = flow_item(f, wk == 1 ? 8 : 12, 2 * lh + 2);
		for (int k = 0; k < weeks; k++) {
			double wx = gx + k * (7 * pitch + LOG_WEEK_SEP);
			char name[96], num[16];
			snprintf(num, sizeof num, "%d", wk + k);
			const char *nm[] = {"n"}, *vl[] = {num};
			struct buf wb = BUF_INIT;
			i18n_fill(&wb, L->week_fmt, nm, vl, 1);
			snprintf(name, sizeof name, "%s", buf_cstr(&wb));
			buf_free(&wb);
			double tw = width_of(sh, LAY_BOLD, T_LABEL, name);
			flow_within(f, week_th[k]);
			flow_text(f, wx + (7 * pitch - tw) / 2,
				  T_BASELINE(lh, T_LABEL), LAY_BOLD, T_LABEL,
				  0, name, strlen(name));
			for (int d = 0; d < 7; d++) {
				double cx = wx + d * pitch + pitch / 2;
				double dw = width_of(sh, LAY_REGULAR, T_LABEL,
						     L->days[d]);
				flow_within(f, day_th[k][d]);
				flow_text(f, cx - dw / 2,
					  lh + T_BASELINE(lh, T_LABEL),
					  LAY_REGULAR, T_LABEL, 0, L->days[d],
					  strlen(L->days[d]));
			}
		}
		flow_within(f, tbl);
		flow_keep_next(f, hd);
		for (size_t i = 0; i < pr->nitems; i++) {
			const struct page *ep = pr->items[i].page;
			const char *name = ep->title ? ep->title : ep->slug;
			struct spans S;
			spans_init(&S, sh->m);
			struct lay_span st = span_style(LAY_REGULAR, T_BODY);
			spans_add(&S, name, strlen(name), &st);
			spans_done(&S);
			struct lay_lines Ln;
			memset(&Ln, 0, sizeof Ln);
			lay_break(sh->m, S.v, S.n, name_w - 8, &Ln);
			double tl = T_BODY * 1.2;
			double rh = (double)Ln.nline * tl + 6;
			if (rh < pitch)
				rh = pitch;
			flow_item(f, 0, rh);
			tr = flow_open(f, LAY_TAG_TR);
			/* Every other row shaded: the eye keeps its row. */
			if (i % 2 == 0)
				flow_rect(f, sh->x0, 0, W, rh, 0.92, -1, 0, 0);
			double ty = (rh - (double)Ln.nline * tl) / 2;
			int th = flow_open(f, LAY_TAG_TH);
			flow_elem(f, th)->scope = 'r';
			for (size_t l = 0; l < Ln.nline; l++)
				flow_put_line(f, S.v, &Ln, l, sh->x0 + 4,
					      ty + (double)l * tl +
						      T_BASELINE(tl, T_BODY));
			flow_close(f, th);
			lay_lines_free(&Ln);
			spans_free(&S);
			for (int k = 0; k < weeks; k++) {
				double wx = gx + k * (7 * pitch + LOG_WEEK_SEP);
				for (int d = 0; d < 7; d++) {
					flow_close(f, flow_open(f, LAY_TAG_TD));
					flow_rect(f,
						  wx + d * pitch +
							  (pitch - LOG_BOX) / 2,
						  (rh - LOG_BOX) / 2, LOG_BOX,
						  LOG_BOX, 1, 0.15, 1, 1.5);
				}
			}
			flow_close(f, tr);
		}
		flow_close(f, tbl);
		flow_repeat(f, r, hd, hd + 1);
		flow_end(f, r);
	}
}

/* The site's disclaimer, last, as at the foot of every web page. */
static void disclaimer(struct sheet *sh)
{
	const struct site *s = sh->site;
	labelled_para(sh, sh->L->important,
		      s->disclaimer ? s->disclaimer
				    : sh->L->default_disclaimer,
		      sh->x0, sh->x1, 24);
}

/* ---- footer ---- */

/* "25 November 2026" from "2026-11-25" (else the text as given). */
static void long_date(const struct labels *L, const char *iso,
		      struct buf *out)
{
	i18n_date(out, L->t, iso);
}

struct footer {
	struct spans S;
	struct lay_lines Ln;
	double lh, right_w;
};

/* The footer's left part: the site's title and when the content was last
 * reviewed, on one line when they fit, else the date on a line of its
 * own (never cut: its spaces do not break). */
static void footer_prepare(struct sheet *sh, struct footer *ft,
			   double width)
{
	const struct site *s = sh->site;
	struct lay_span r = span_style(LAY_REGULAR, T_FOOT);
	struct buf date = BUF_INIT;
	memset(ft, 0, sizeof *ft);
	spans_init(&ft->S, sh->m);
	if (s->last_reviewed != NULL) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s ", sh->L->reviewed);
		long_date(sh->L, s->last_reviewed, &b);
		for (size_t i = 0; i < b.len; i++)
			if (b.data[i] == ' ')
				buf_puts(&date, "\xC2\xA0");
			else
				buf_putc(&date, b.data[i]);
		buf_free(&b);
	}
	char widest[128];
	page_of(sh->L, 888, 888, widest, sizeof widest);
	ft->right_w = width_of(sh, LAY_REGULAR, T_FOOT, widest);
	ft->lh = T_FOOT * 1.3;
	for (int split = 0; split < 2; split++) {
		spans_reset(&ft->S);
		spans_add(&ft->S, s->title, strlen(s->title), &r);
		if (date.len > 0) {
			if (split)
				spans_hard_break(&ft->S, &r);
			else
				spans_add(&ft->S, " \xC2\xB7 ", 4, &r);
			spans_add(&ft->S, date.data, date.len, &r);
		}
		spans_done(&ft->S);
		lay_break(sh->m, ft->S.v, ft->S.n, width - ft->right_w - 24,
			  &ft->Ln);
		if (ft->Ln.nline <= 1)
			break;
	}
	buf_free(&date);
}

static void footer_draw(struct sheet *sh, struct footer *ft,
			struct lay_doc *doc)
{
	size_t n = ft->Ln.nline ? ft->Ln.nline : 1;
	double base = M_FOOT + 0.25 * T_FOOT + (double)(n - 1) * ft->lh;
	double rule = base + 0.8 * T_FOOT + 7;
	for (size_t p = 0; p < doc->npages; p++) {
		struct lay_page *pg = &doc->page[p];
		struct lay_box b;
		memset(&b, 0, sizeof b);
		b.kind = LAY_LINE;
		b.x = sh->x0;
		b.y = rule;
		b.w = sh->x1 - sh->x0;
		b.stroke = 0.3;
		b.fill = -1;
		b.lw = 0.75;
		b.tag = LAY_PAGINATION;
		lay_page_add(pg, &b);
		for (size_t l = 0; l < ft->Ln.nline; l++) {
			const struct lay_line *ln = &ft->Ln.line[l];
			struct buf t = BUF_INIT;
			for (size_t k = ln->first; k < ln->first + ln->n; k++) {
				size_t len;
				const char *s = lay_frag_text(
					ft->S.v, &ft->Ln.frag[k], &len);
				buf_put(&t, s, len);
			}
			memset(&b, 0, sizeof b);
			b.kind = LAY_TEXT;
			b.x = sh->x0;
			b.y = base - (double)l * ft->lh;
			b.w = ln->w;
			b.font = LAY_REGULAR;
			b.size = T_FOOT;
			b.fill = b.stroke = -1;
			b.tag = LAY_PAGINATION;
			b.text = lay_doc_store(doc, buf_cstr(&t), t.len);
			b.len = t.len;
			if (b.len > 0)
				lay_page_add(pg, &b);
			buf_free(&t);
		}
		char num[128];
		page_of(sh->L, p + 1, doc->npages, num, sizeof num);
		memset(&b, 0, sizeof b);
		b.kind = LAY_TEXT;
		b.w = width_of(sh, LAY_REGULAR, T_FOOT, num);
		b.x = sh->x1 - b.w;
		b.y = base;
		b.font = LAY_REGULAR;
		b.size = T_FOOT;
		b.fill = b.stroke = -1;
		b.tag = LAY_PAGINATION;
		b.len = strlen(num);
		b.text = lay_doc_store(doc, num, b.len);
		lay_page_add(pg, &b);
	}
}

static double footer_height(const struct footer *ft)
{
	size_t n = ft->Ln.nline ? ft->Ln.nline : 1;
	double base = M_FOOT + 0.25 * T_FOOT + (double)(n - 1) * ft->lh;
	return base + 0.8 * T_FOOT + 7 + 10; /* rule, then space */
}

struct lay_doc *lay_programme(const struct site *site,
			      const struct lay_programme *prog,
			      const struct lay_metrics *m, double width,
			      double height, struct diag *d)
{
	struct sheet sh;
	memset(&sh, 0, sizeof sh);
	sh.site = site;
	sh.prog = prog;
	sh.m = m;
	sh.d = d;
	struct labels labels;
	labels_init(&labels, site->words);
	sh.L = &labels;
	sh.x0 = M_SIDE;
	sh.x1 = width - M_SIDE;
	sh.f = flow_new(width, height);
	sh.md.f = sh.f;
	sh.md.m = m;
	sh.md.d = d;
	sh.md.size = T_BODY;
	sh.shared = sheet_shared_advice(prog);
	sh.md.skip = sh.shared;

	struct footer ft;
	footer_prepare(&sh, &ft, sh.x1 - sh.x0);
	sh.f->left = sh.x0;
	sh.f->right = sh.x1;
	sh.f->top = M_TOP;
	sh.f->body_h = height - M_TOP - footer_height(&ft);
	sh.body_h = sh.f->body_h;

	double used = page_one(&sh);
	sheet_cards(&sh, used < 0 ? sh.body_h : sh.body_h - used);
	log_section(&sh);
	if (!sh.note_done)
		disclaimer(&sh);

	md_layout_warn_done(&sh.md);
	struct lay_doc *doc = flow_paginate(sh.f);
	footer_draw(&sh, &ft, doc);
	spans_free(&ft.S);
	lay_lines_free(&ft.Ln);
	flow_free(sh.f);
	free(sh.shared);
	labels_free(&labels);
	return doc;
}

struct lay_doc *lay_sheet(const struct site *site,
			  const struct lay_metrics *m, double width,
			  double height, struct diag *d)
{
	/* The site's own: its sheet list with the exercises' own doses,
	 * lines to write on, a QR code to its home page. */
	struct lay_item *items = xcalloc(site->nsheet + 1, sizeof *items);
	for (size_t i = 0; i < site->nsheet; i++) {
		const struct freq_row *fr = site->sheet[i];
		const struct exercise *ex = fr->page->ex;
		items[i] = (struct lay_item){
			fr->page, fr->frequency, fr->duration, ex->sets,
			ex->reps, ex->hold, ex->sides, NULL, NULL};
	}
	char *index = xasprintf("%sindex.html", site->prefix);
	char *home = site->base_url != NULL
			     ? path_public_url(site->base_url, index)
			     : NULL;
	free(index);
	struct lay_programme prog = {items, site->nsheet, NULL, NULL, NULL,
				     NULL, NULL, home};
	struct lay_doc *doc = lay_programme(site, &prog, m, width, height, d);
	free(home);
	free(items);
	return doc;
}
