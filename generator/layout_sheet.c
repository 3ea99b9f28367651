/*
 * layout_sheet.c: what goes on the exercise sheet, in order.  Page 1:
 * the header (title, clinic, lines to write the patient's name, the date
 * and the clinician's name), the introduction (schedule.md), the
 * frequency table and the "When to stop" box with the clinic's phone.
 * Then the exercise cards (title, category, pictures with captions,
 * instructions, dose) in two columns, one combined tick-box log (every
 * exercise, every day, four weeks), the disclaimer, and a footer on
 * every page.
 */
#include "layout_flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "paths.h"
#include "qr.h"
#include "util.h"

#define MM (72.0 / 25.4)
#define M_SIDE (14 * MM)   /* left and right margins */
#define M_TOP (13 * MM)    /* above the body */
#define M_FOOT (12 * MM)   /* below the footer's last line */
#define CARD_PAD 8.0       /* inside an exercise card's border */
#define CARD_GAP 8.0       /* between cards, down and across */
#define CARD_COLUMNS 1     /* cards side by side (1 or 2) */
#define PIC_GAP 10.0       /* between two pictures side by side */
#define PIC_MAX_W (45 * MM) /* a picture's widest print */
#define PIC_MAX_H (40 * MM) /* and tallest (a portrait picture) */
#define PIC_SIDE_W (27 * MM) /* the pictures' column beside a card's words */
#define QR_MIN_W (24 * MM) /* a QR code, with its quiet zone: phones read it */
#define QR_QUIET 4         /* modules of white around a QR code */
#define LOG_WEEKS 4        /* weeks of the tick-box log */
#define LOG_BOX (6.5 * MM) /* a tick box's side: big for unsteady hands */
#define LOG_PITCH (LOG_BOX + 6) /* box to box */
#define LOG_WEEK_SEP 8.0   /* extra room between two weeks */
#define LOG_NAME_MIN 110.0 /* the exercise names' column, at least */

/* The sheet's own words, from the site's word table (i18n.h). */
struct labels {
	const char *patient, *date, *clinician;
	const char *phone, *email, *address, *website;
	const char *exercise, *frequency, *duration;
	const char *how_often, *how_long, *sets, *reps, *hold, *sides;
	const char *equipment;
	const char *log_title, *log_hint, *week_fmt, *days[7];
	const char *continued;
	const char *safety_title, *safety_stop;
	const char *important, *default_disclaimer;
	const char *exercises;
	const char *page_fmt, *reviewed;
	const char *card_note, *online, *your_note, *next_review;
	const struct i18n *t;
	char *own[8]; /* the labels made with sheet.label */
};

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

struct sheet {
	const struct site *site;
	struct flow *f;
	const struct lay_metrics *m;
	struct diag *d;
	struct md_layout md;
	double x0, x1; /* the text column */
	double body_h; /* the body's height on a page */
	const struct labels *L;
	const struct lay_programme *prog; /* what is printed */
	int note_done; /* the disclaimer is on page 1 */
	char *shared;  /* a paragraph several cards share, printed once in
			* the When to stop box instead (shared_advice()) */
};

/* The file a text on the sheet comes from, for warnings about its
 * characters. */
struct origin {
	const char *file;
	const struct text_places *places;
};

static struct origin site_origin(const struct sheet *sh)
{
	return (struct origin){sh->site->config, sh->site->config_places};
}

static struct origin page_origin(const struct page *p)
{
	return (struct origin){p->src, p->places};
}

/* Warn about what S cannot print as written (layout_flow.h). */
static void warn_odd(struct sheet *sh, struct origin from,
		     const struct spans *S)
{
	md_layout_warn_bad(&sh->md, from.file, from.places, 0, S);
}

static double width_of(const struct sheet *sh, int font, double size,
		       const char *s)
{
	return sh->m->text_width(sh->m->ctx, font, size, s, strlen(s));
}

/* A plain string (from site.yaml) as a paragraph. */
static size_t text_para(struct sheet *sh, struct origin from, const char *s,
			int font, double size, double x0, double x1,
			double gap, int keep_last)
{
	if (s == NULL)
		return 0;
	struct spans S;
	spans_init(&S, sh->m);
	struct lay_span st = span_style(font, size);
	spans_add(&S, s, strlen(s), &st);
	warn_odd(sh, from, &S);
	size_t n = flow_para(sh->f, sh->m, &S, x0, x1 - x0, size * T_LEAD,
			     gap, keep_last);
	spans_free(&S);
	return n;
}

/* "Label: value", the label in bold. */
static size_t labelled_para(struct sheet *sh, const char *label,
			    const char *value, double x0, double x1,
			    double gap)
{
	struct spans S;
	spans_init(&S, sh->m);
	struct lay_span b = span_style(LAY_BOLD, T_BODY);
	struct lay_span r = span_style(LAY_REGULAR, T_BODY);
	spans_add(&S, label, strlen(label), &b);
	spans_add(&S, " ", 1, &r);
	spans_add(&S, value, strlen(value), &r);
	warn_odd(sh, site_origin(sh), &S);
	size_t n = flow_para(sh->f, sh->m, &S, x0, x1 - x0, T_BODY * T_LEAD,
			     gap, 0);
	spans_free(&S);
	return n;
}

/* Lay out `what` into a flow of its own and return it as one column
 * (flow_column()), its height in *h.  sh->f is the main flow again
 * after. */
static struct lay_doc *in_column(struct sheet *sh,
				 void (*what)(struct sheet *, const void *),
				 const void *arg, double *h)
{
	struct flow *main_flow = sh->f;
	struct flow *f = flow_new(main_flow->doc->width,
				  main_flow->doc->height);
	f->left = main_flow->left;
	f->right = main_flow->right;
	sh->f = sh->md.f = f;
	what(sh, arg);
	sh->f = sh->md.f = main_flow;
	return flow_column(f, h);
}

/* Height of what `what` lays out, without a word of warning (it is laid
 * out again for real). */
static double measure(struct sheet *sh,
		      void (*what)(struct sheet *, const void *),
		      const void *arg)
{
	struct diag *d = sh->md.d;
	struct md_warned *w = sh->md.warned;
	sh->md.d = NULL;
	sh->md.warned = NULL;
	double h;
	lay_doc_free(in_column(sh, what, arg, &h));
	sh->md.d = d;
	sh->md.warned = w;
	return h;
}

/* ---- header ---- */

/* A label and a line to write on, from x to x_end, in the current item
 * whose text baseline is at y. */
static void write_line(struct sheet *sh, const char *label, double x,
		       double x_end, double y)
{
	flow_text(sh->f, x, y, LAY_BOLD, T_BODY, 0, label, strlen(label));
	double w = width_of(sh, LAY_BOLD, T_BODY, label);
	flow_line(sh->f, x + w + 6, y + 3, x_end, y + 3, 0.8, 0.25);
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
	flow_text(sh->f, x, y, LAY_BOLD, T_BODY, 0, label, strlen(label));
	double w = width_of(sh, LAY_BOLD, T_BODY, label);
	flow_text(sh->f, x + w + 6, y, LAY_REGULAR, T_BODY, 0, value,
		  strlen(value));
}

/* A QR code of text, as filled squares (vector, sharp at any size),
 * with a white quiet zone of QR_QUIET modules, as wide as x1 - x0 (at
 * least QR_MIN_W), in an item of its own. */
static void qr_item(struct sheet *sh, const char *text, double x0,
		    double x1, double gap)
{
	struct qr q;
	if (qr_encode(text, &q) != 0)
		return; /* (too long for a QR code: the address is printed) */
	double w = x1 - x0;
	if (w < QR_MIN_W)
		w = QR_MIN_W;
	double mod = w / (q.width + 2 * QR_QUIET);
	flow_item(sh->f, gap, w);
	struct qr_run *runs;
	size_t n = qr_runs(&q, &runs);
	for (size_t i = 0; i < n; i++)
		flow_rect(sh->f, x0 + (QR_QUIET + runs[i].x) * mod,
			  (QR_QUIET + runs[i].y) * mod, runs[i].len * mod, mod,
			  0, -1, 0, 0);
	free(runs);
	qr_free(&q);
}

/* The sheet's title and the clinic's name, between x[0] and x[1]. */
static void titles(struct sheet *sh, const void *arg)
{
	const double *x = arg;
	struct origin yaml = site_origin(sh);
	text_para(sh, yaml, sh->site->title, LAY_BOLD, T_TITLE, x[0], x[1], 0,
		  0);
	text_para(sh, yaml, sh->site->clinic_name, LAY_BOLD, 15, x[0], x[1],
		  2, 0);
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

static void section_heading(struct sheet *sh, struct origin from,
			    const char *title, double gap)
{
	text_para(sh, from, title, LAY_BOLD, T_H_SECTION, sh->x0, sh->x1, gap,
		  1);
}

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
	struct lay_span b = span_style(LAY_BOLD, T_BODY);
	struct lay_span r = span_style(LAY_REGULAR, T_BODY);
	const char *head[3] = {sh->L->exercise, sh->L->frequency,
			       sh->L->duration};
	for (size_t k = 0; k < 3; k++)
		spans_add(&t.cell[k], head[k], strlen(head[k]), &b);
	for (size_t i = 0; i < pr->nitems; i++) {
		const struct lay_item *it = &pr->items[i];
		const struct page *p = it->page;
		const char *v[3] = {p->title ? p->title : p->slug,
				    it->frequency, it->duration};
		for (size_t k = 0; k < 3; k++) {
			struct spans *S = &t.cell[(i + 1) * 3 + k];
			const char *txt = v[k] ? v[k]
					       : i18n_get(sh->site->words,
							  "dose.as_advised");
			spans_add(S, txt, strlen(txt), &r);
			warn_odd(sh, page_origin(p), S);
		}
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

/* The introduction: schedule.md's title and text, all of it (whole), or
 * only its opening, up to its first heading. */
static void intro(struct sheet *sh, int whole)
{
	const struct page *p = sh->site->sections[PAGE_SCHEDULE];
	if (p != NULL && p->title != NULL)
		section_heading(sh, page_origin(p), p->title, 12);
	if (p != NULL && p->body != NULL) {
		sh->md.src = p->src;
		sh->md.places = p->places;
		const struct md_node *root = md_root(p->body);
		if (whole)
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
	struct origin yaml = site_origin(sh);
	text_para(sh, yaml, sh->L->safety_title, LAY_BOLD, T_H_CARD, x0, x1,
		  16, 1);
	/* The advice every card would repeat, from the content, or ours. */
	if (sh->shared != NULL)
		text_para(sh, yaml, sh->shared, LAY_BOLD, T_BODY, x0, x1, 2, 0);
	else
		text_para(sh, yaml, sh->L->safety_stop, LAY_BOLD, T_BODY, x0,
			  x1, 2, 0);
	if (s->clinic_name != NULL)
		text_para(sh, yaml, s->clinic_name, LAY_BOLD, T_BODY, x0, x1,
			  6, 1);
	const struct labels *L = sh->L;
	const char *lab[4] = {L->phone, L->email, L->address, L->website};
	const char *val[4] = {s->clinic_phone, s->clinic_email,
			      s->clinic_address, s->clinic_website};
	for (int i = 0; i < 4; i++)
		if (val[i] != NULL && val[i][0] != '\0')
			labelled_para(sh, lab[i], val[i], x0, x1, 0);
	flow_end(sh->f, r);
}

/* ---- page 1 ---- */

enum first_page {
	FIRST_WHOLE, /* the whole introduction, then the table, the box */
	FIRST_SHORT, /* the introduction's opening only */
	FIRST_BOX,   /* the box before the introduction and a long table */
};

/* With FIRST_NOTE: the disclaimer too, at the foot of page 1. */
#define FIRST_NOTE 0x10

static void disclaimer(struct sheet *sh);

static void first_page(struct sheet *sh, const void *arg)
{
	int how = *(const int *)arg & ~FIRST_NOTE;
	header(sh);
	if (how == FIRST_BOX)
		safety(sh);
	intro(sh, how == FIRST_WHOLE);
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
	flow_para(sh->f, sh->m, &S, x0, x1 - x0, T_H_CARD * 1.15, gap, 1);
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
		flow_para(sh->f, sh->m, &S, x0, x1 - x0, T_BODY * T_LEAD, 2, 0);
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
			/* Centred in its cell, on the row's bottom. */
			flow_image(sh->f, cp->img[idx[j]],
				   bx + (pw - w * s) / 2, ih - h * s, w * s,
				   h * s);
			if (pic->caption == NULL || pic->caption[0] == '\0')
				continue;
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
			flow_text(sh->f, x1 - cw, T_BASELINE(lh, T_H_CARD),
				  LAY_REGULAR, T_BODY, 0, cl, strlen(cl));
			cl = NULL;
		}
	} else {
		flow_para_title(sh, page_origin(p), title, x0, x1, 0);
	}
	if (cl != NULL)
		text_para(sh, page_origin(p), cl, LAY_REGULAR, T_BODY, x0, x1,
			  0, 1);
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
		if (h != NULL)
			md_layout_blocks_from(&sh->md, h, c->x0, c->x1, 4);
		sh->md.heading = 0;
		sh->md.run_in = 0;
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
	flow_put_column(sh->f, w, c->x0, 0);
	if (pc != NULL)
		flow_put_column(sh->f, pc, c->x1 - pw, 0);
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
static void cards(struct sheet *sh, double room0)
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
		  0, 1);
	double lh = T_LABEL * 1.35;
	for (int wk = 1; wk <= LOG_WEEKS; wk += 2) {
		size_t r = flow_begin(f, 1, FRAME_NONE, 0, sh->x0, sh->x1);
		/* Its header, repeated if it continues on a new page. */
		size_t hd = flow_item(f, wk == 1 ? 8 : 12, 2 * lh + 2);
		for (int k = 0; k < 2 && wk + k <= LOG_WEEKS; k++) {
			double wx = gx + k * (7 * pitch + LOG_WEEK_SEP);
			char name[96], num[16];
			snprintf(num, sizeof num, "%d", wk + k);
			const char *nm[] = {"n"}, *vl[] = {num};
			struct buf wb = BUF_INIT;
			i18n_fill(&wb, L->week_fmt, nm, vl, 1);
			snprintf(name, sizeof name, "%s", buf_cstr(&wb));
			buf_free(&wb);
			double tw = width_of(sh, LAY_BOLD, T_LABEL, name);
			flow_text(f, wx + (7 * pitch - tw) / 2,
				  T_BASELINE(lh, T_LABEL), LAY_BOLD, T_LABEL,
				  0, name, strlen(name));
			for (int d = 0; d < 7; d++) {
				double cx = wx + d * pitch + pitch / 2;
				double dw = width_of(sh, LAY_REGULAR, T_LABEL,
						     L->days[d]);
				flow_text(f, cx - dw / 2,
					  lh + T_BASELINE(lh, T_LABEL),
					  LAY_REGULAR, T_LABEL, 0, L->days[d],
					  strlen(L->days[d]));
			}
		}
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
			/* Every other row shaded: the eye keeps its row. */
			if (i % 2 == 0)
				flow_rect(f, sh->x0, 0, W, rh, 0.92, -1, 0, 0);
			double ty = (rh - (double)Ln.nline * tl) / 2;
			for (size_t l = 0; l < Ln.nline; l++)
				flow_put_line(f, S.v, &Ln, l, sh->x0 + 4,
					      ty + (double)l * tl +
						      T_BASELINE(tl, T_BODY));
			lay_lines_free(&Ln);
			spans_free(&S);
			for (int k = 0; k < 2 && wk + k <= LOG_WEEKS; k++) {
				double wx = gx + k * (7 * pitch + LOG_WEEK_SEP);
				for (int d = 0; d < 7; d++)
					flow_rect(f,
						  wx + d * pitch +
							  (pitch - LOG_BOX) / 2,
						  (rh - LOG_BOX) / 2, LOG_BOX,
						  LOG_BOX, 1, 0.15, 1, 1.5);
			}
		}
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

/* The paragraph (plain text) that most cards would print word for
 * word, when at least two would: "Stop if it hurts..." under every
 * exercise's "Stay safe".  The sheet prints it once, in the When to stop
 * box on page 1, and leaves it off the cards; a card whose section then
 * holds nothing more loses that heading too.  NULL when no two cards
 * share one.  Caller frees. */
static char *shared_advice(const struct lay_programme *pr)
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
	sh.shared = shared_advice(prog);
	sh.md.skip = sh.shared;

	struct footer ft;
	footer_prepare(&sh, &ft, sh.x1 - sh.x0);
	sh.f->left = sh.x0;
	sh.f->right = sh.x1;
	sh.f->top = M_TOP;
	sh.f->body_h = height - M_TOP - footer_height(&ft);
	sh.body_h = sh.f->body_h;

	double used = page_one(&sh);
	cards(&sh, used < 0 ? sh.body_h : sh.body_h - used);
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
