/*
 * layout_sheet.c: what goes on the exercise sheet, in order: the header
 * (title, clinic, lines to write the patient's name, the date and the
 * clinician's name), the introduction (schedule.md), the frequency
 * table, one card per exercise (title, category, image, instructions,
 * dose, a tick-box log), the safety box, and a footer on every page.
 */
#include "layout_flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MM (72.0 / 25.4)
#define M_SIDE (18 * MM)   /* left and right margins */
#define M_TOP (16 * MM)    /* above the body */
#define M_FOOT (15 * MM)   /* below the footer's last line */
#define CARD_PAD 12.0      /* inside an exercise card's border */
#define CARD_GAP 18.0      /* between cards */
#define LOG_WEEKS 4        /* rows of the tick-box log */
#define LOG_BOX (6.5 * MM) /* a tick box's side: big for unsteady hands */
#define LOG_PITCH (LOG_BOX + 8)

/* The sheet's own words.  English for now; one place to translate. */
static const struct labels {
	const char *patient, *date, *clinician;
	const char *phone, *email, *address, *website;
	const char *table_title, *exercise, *frequency, *duration;
	const char *how_often, *how_long, *sets, *reps, *hold, *sides;
	const char *equipment;
	const char *log_title, *week_fmt, *days[7];
	const char *continued;
	const char *safety_title, *safety_stop, *safety_call;
	const char *default_disclaimer;
	const char *exercises;
	const char *page_fmt, *reviewed;
	const char *months[12];
} EN = {
	"Patient name:", "Date:", "Clinician:",
	"Phone:", "Email:", "Address:", "Website:",
	"How often and for how long",
	"Exercise", "Frequency", "Duration",
	"How often:", "How long:", "Sets:", "Repetitions:", "Hold:", "Sides:",
	"What you need:",
	"Tick a box each day you do it",
	"Week %d",
	{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
	"(continued)",
	"When to stop",
	"Stop and contact your clinician if your pain increases or new "
	"symptoms appear.",
	"Contact:",
	"Talk to a healthcare professional before you start any new "
	"exercise program.",
	"Exercises",
	"Page %zu of %zu", "Last reviewed",
	{"January", "February", "March", "April", "May", "June", "July",
	 "August", "September", "October", "November", "December"},
};

struct sheet {
	const struct site *site;
	struct flow *f;
	const struct lay_metrics *m;
	struct diag *d;
	struct md_layout md;
	double x0, x1; /* the text column */
	const struct labels *L;
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

static void header(struct sheet *sh)
{
	const struct site *s = sh->site;
	const struct labels *L = sh->L;
	struct origin yaml = site_origin(sh);
	text_para(sh, yaml, s->title, LAY_BOLD, T_TITLE, sh->x0, sh->x1, 0, 0);
	text_para(sh, yaml, s->clinic_name, LAY_BOLD, 15, sh->x0, sh->x1, 6,
		  0);
	const char *lab[4] = {L->phone, L->email, L->address, L->website};
	const char *val[4] = {s->clinic_phone, s->clinic_email,
			      s->clinic_address, s->clinic_website};
	for (int i = 0; i < 4; i++)
		if (val[i] != NULL && val[i][0] != '\0')
			labelled_para(sh, lab[i], val[i], sh->x0, sh->x1, 0);

	/* Room to write by hand: tall rows, long lines. */
	double row = 34;
	double y = T_BASELINE(row, T_BODY) + 6;
	flow_item(sh->f, 10, row);
	write_line(sh, L->patient, sh->x0, sh->x1, y);
	flow_item(sh->f, 0, row);
	double mid = sh->x0 + (sh->x1 - sh->x0) * 0.42;
	write_line(sh, L->date, sh->x0, mid - 18, y);
	write_line(sh, L->clinician, mid, sh->x1, y);
	flow_item(sh->f, 12, 4);
	flow_line(sh->f, sh->x0, 2, sh->x1, 2, 2, 0);
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
	const struct site *s = sh->site;
	if (s->nsheet == 0)
		return;
	struct table_in t;
	memset(&t, 0, sizeof t);
	t.nrows = s->nsheet + 1;
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
	for (size_t i = 0; i < s->nsheet; i++) {
		const struct freq_row *fr = s->sheet[i];
		const char *v[3] = {fr->exercise, fr->frequency, fr->duration};
		for (size_t k = 0; k < 3; k++) {
			struct spans *S = &t.cell[(i + 1) * 3 + k];
			const char *txt = v[k] ? v[k] : CONTENT_AS_ADVISED;
			spans_add(S, txt, strlen(txt), &r);
			warn_odd(sh, fr->page ? page_origin(fr->page)
					      : site_origin(sh), S);
		}
	}
	table_layout(sh->f, sh->m, &t, sh->x0, sh->x1, gap, T_BODY);
	for (size_t i = 0; i < t.nrows * t.ncols; i++)
		spans_free(&t.cell[i]);
	free(t.cell);
	free(t.header);
	free(t.align);
}

static void intro(struct sheet *sh)
{
	const struct page *p = sh->site->sections[PAGE_SCHEDULE];
	if (p != NULL && p->title != NULL)
		section_heading(sh, page_origin(p), p->title, 16);
	if (p != NULL && p->body != NULL) {
		sh->md.src = p->src;
		sh->md.places = p->places;
		md_layout_blocks(&sh->md, md_root(p->body), sh->x0, sh->x1, 6);
	}
	/* A title kept with the table: it may start a page of its own. */
	if (sh->site->nsheet > 0)
		text_para(sh, site_origin(sh), sh->L->table_title, LAY_BOLD,
			  T_H_MD, sh->x0, sh->x1, 20, 1);
	freq_table(sh, 6);
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
	flow_para(sh->f, sh->m, &S, x0, x1 - x0, T_H_CARD * 1.3, gap, 1);
	spans_free(&S);
}

/* The dose, as "Label: value" lines, into the current item from its top
 * at y; returns the height used. */
static double dose_lines(struct sheet *sh, const struct page *p, double x0,
			 double x1, double y)
{
	const struct exercise *ex = p->ex;
	const struct labels *L = sh->L;
	const char *lab[] = {L->how_often, L->how_long, L->sets,
			     L->reps, L->hold, L->sides, L->equipment};
	const char *val[ARRAY_LEN(lab)] = {
		ex->frequency ? ex->frequency : CONTENT_AS_ADVISED,
		ex->duration ? ex->duration : CONTENT_AS_ADVISED,
		ex->sets, ex->reps, ex->hold, ex->sides, ex->equipment};
	double lh = T_BODY * T_LEAD, y0 = y;
	struct lay_lines Ln;
	memset(&Ln, 0, sizeof Ln);
	for (size_t i = 0; i < ARRAY_LEN(lab); i++) {
		if (val[i] == NULL || val[i][0] == '\0')
			continue;
		struct spans S;
		spans_init(&S, sh->m);
		struct lay_span b = span_style(LAY_BOLD, T_BODY);
		struct lay_span r = span_style(LAY_REGULAR, T_BODY);
		spans_add(&S, lab[i], strlen(lab[i]), &b);
		spans_add(&S, " ", 1, &r);
		spans_add(&S, val[i], strlen(val[i]), &r);
		warn_odd(sh, page_origin(p), &S);
		spans_done(&S);
		lay_break(sh->m, S.v, S.n, x1 - x0, &Ln);
		for (size_t l = 0; l < Ln.nline; l++) {
			flow_put_line(sh->f, S.v, &Ln, l, x0,
				      y + T_BASELINE(lh, T_BODY));
			y += lh;
		}
		y += 3;
		spans_free(&S);
	}
	lay_lines_free(&Ln);
	return y - y0;
}

static double log_width(struct sheet *sh, double *label_w)
{
	char wk[32];
	snprintf(wk, sizeof wk, sh->L->week_fmt, LOG_WEEKS);
	*label_w = width_of(sh, LAY_REGULAR, T_LABEL, wk) + 10;
	return *label_w + 7 * LOG_PITCH;
}

/* The tick-box log into the current item from its top at y, x. */
static double log_grid(struct sheet *sh, double x, double y)
{
	const struct labels *L = sh->L;
	double label_w, w = log_width(sh, &label_w);
	double lh = T_LABEL * 1.35, y0 = y;
	struct spans S;
	spans_init(&S, sh->m);
	struct lay_span b = span_style(LAY_BOLD, T_LABEL);
	spans_add(&S, L->log_title, strlen(L->log_title), &b);
	spans_done(&S);
	struct lay_lines Ln;
	memset(&Ln, 0, sizeof Ln);
	lay_break(sh->m, S.v, S.n, w, &Ln);
	for (size_t l = 0; l < Ln.nline; l++) {
		flow_put_line(sh->f, S.v, &Ln, l, x, y + T_BASELINE(lh, T_LABEL));
		y += lh;
	}
	lay_lines_free(&Ln);
	spans_free(&S);
	y += 3;
	for (int d = 0; d < 7; d++) {
		double cx = x + label_w + d * LOG_PITCH + LOG_PITCH / 2;
		double tw = width_of(sh, LAY_REGULAR, T_LABEL, L->days[d]);
		flow_text(sh->f, cx - tw / 2, y + T_BASELINE(lh, T_LABEL),
			  LAY_REGULAR, T_LABEL, 0, L->days[d],
			  strlen(L->days[d]));
	}
	y += lh + 2;
	for (int wk = 1; wk <= LOG_WEEKS; wk++) {
		char name[32];
		snprintf(name, sizeof name, L->week_fmt, wk);
		flow_text(sh->f, x, y + T_BASELINE(LOG_PITCH, T_LABEL),
			  LAY_REGULAR, T_LABEL, 0, name, strlen(name));
		for (int d = 0; d < 7; d++) {
			double bx = x + label_w + d * LOG_PITCH +
				    (LOG_PITCH - LOG_BOX) / 2;
			flow_rect(sh->f, bx, y + (LOG_PITCH - LOG_BOX) / 2,
				  LOG_BOX, LOG_BOX, -1, 0.15, 1, 1.5);
		}
		y += LOG_PITCH;
	}
	return y - y0;
}

/* The exercise's picture, its words (alt text) beside it. */
static void card_image(struct sheet *sh, const struct page *p, double x0,
		       double x1)
{
	const struct exercise *ex = p->ex;
	double w, h;
	if (sh->m->image == NULL || ex->npictures == 0)
		return;
	const struct picture *pic = &ex->pictures[0];
	int img = sh->m->image(sh->m->ctx, pic->src, &w, &h);
	if (img < 0 || w <= 0 || h <= 0)
		return;
	double maxw = (x1 - x0) * 0.42, maxh = 130;
	double scale = maxw / w;
	if (maxh / h < scale)
		scale = maxh / h;
	if (scale > 2)
		scale = 2; /* a tiny picture stays small rather than blurred */
	double iw = w * scale, ih = h * scale;
	size_t it = flow_item(sh->f, 10, ih);
	flow_image(sh->f, img, x0, 0, iw, ih);
	if (pic->alt != NULL && pic->alt[0] != '\0') {
		/* For readers who cannot see the picture, and for copying. */
		struct spans S;
		spans_init(&S, sh->m);
		struct lay_span st = span_style(LAY_REGULAR, T_LABEL);
		st.oblique = 1;
		spans_add(&S, pic->alt, strlen(pic->alt), &st);
		warn_odd(sh, page_origin(p), &S);
		spans_done(&S);
		struct lay_lines Ln;
		memset(&Ln, 0, sizeof Ln);
		double tx = x0 + iw + 14, lh = T_LABEL * T_LEAD;
		lay_break(sh->m, S.v, S.n, x1 - tx, &Ln);
		for (size_t l = 0; l < Ln.nline; l++)
			flow_put_line(sh->f, S.v, &Ln, l, tx,
				      (double)l * lh + T_BASELINE(lh, T_LABEL));
		if ((double)Ln.nline * lh > ih)
			sh->f->item[it].h = (double)Ln.nline * lh;
		lay_lines_free(&Ln);
		spans_free(&S);
	}
}

static void card(struct sheet *sh, const struct page *p, double gap)
{
	struct flow *f = sh->f;
	double x0 = sh->x0 + CARD_PAD, x1 = sh->x1 - CARD_PAD;
	size_t r = flow_begin(f, 1, FRAME_CARD, CARD_PAD, sh->x0, sh->x1);

	const char *title = p->title ? p->title : p->slug;
	flow_para_title(sh, page_origin(p), title, x0, x1, gap);
	int cat = p->ex->category;
	if (cat >= 0 && cat < CAT_COUNT)
		text_para(sh, page_origin(p), category_labels[cat],
			  LAY_REGULAR, T_BODY, x0, x1, 0, 1);
	card_image(sh, p, x0, x1);
	if (p->body != NULL) {
		sh->md.src = p->src;
		sh->md.places = p->places;
		md_layout_blocks(&sh->md, md_root(p->body), x0, x1, 8);
	}

	/* Dose and log side by side, or one above the other if narrow. */
	double label_w, lw = log_width(sh, &label_w);
	size_t it = flow_item(f, 10, 0);
	double h;
	/* A light rule sets the dose and log apart from the text. */
	flow_line(f, x0, 0, x1, 0, 0.75, 0.6);
	if (x1 - x0 - lw - 20 >= 150) {
		double hd = dose_lines(sh, p, x0, x1 - lw - 20, 8);
		double hl = log_grid(sh, x1 - lw, 8);
		h = 8 + (hd > hl ? hd : hl);
	} else {
		double hd = dose_lines(sh, p, x0, x1, 8);
		h = 8 + hd + 8 + log_grid(sh, x0, 8 + hd + 8);
	}
	f->item[it].h = h;

	/* On a page the card continues on (a card taller than a page). */
	struct buf cont = BUF_INIT;
	buf_printf(&cont, "%s %s", title, sh->L->continued);
	size_t side = f->nitem;
	{
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
	}
	flow_repeat(f, r, side, side + 1);
	buf_free(&cont);
	flow_end(f, r);
}

static void cards(struct sheet *sh)
{
	const struct site *s = sh->site;
	if (s->nsheet == 0)
		return;
	const struct page *ix = s->sections[PAGE_EXERCISES];
	if (ix != NULL && ix->title != NULL)
		section_heading(sh, page_origin(ix), ix->title, 28);
	else
		section_heading(sh, site_origin(sh), sh->L->exercises, 28);
	for (size_t i = 0, n = 0; i < s->nsheet; i++)
		if (s->sheet[i]->page->ex != NULL)
			card(sh, s->sheet[i]->page, n++ == 0 ? 6 : CARD_GAP);
}

/* ---- safety ---- */

static void safety(struct sheet *sh)
{
	const struct site *s = sh->site;
	double x0 = sh->x0 + CARD_PAD, x1 = sh->x1 - CARD_PAD;
	size_t r = flow_begin(sh->f, 1, FRAME_ALERT, CARD_PAD, sh->x0, sh->x1);
	struct origin yaml = site_origin(sh);
	text_para(sh, yaml, sh->L->safety_title, LAY_BOLD, T_H_CARD, x0, x1,
		  26, 1);
	text_para(sh, yaml, sh->L->safety_stop, LAY_BOLD, T_BODY, x0, x1, 4,
		  0);
	if (s->clinic_phone != NULL && s->clinic_phone[0] != '\0') {
		struct buf b = BUF_INIT;
		if (s->clinic_name != NULL)
			buf_printf(&b, "%s, ", s->clinic_name);
		buf_puts(&b, s->clinic_phone);
		labelled_para(sh, sh->L->safety_call, b.data, x0, x1, 4);
		buf_free(&b);
	}
	text_para(sh, yaml,
		  s->disclaimer ? s->disclaimer : sh->L->default_disclaimer,
		  LAY_REGULAR, T_BODY, x0, x1, 8, 0);
	flow_end(sh->f, r);
}

/* ---- footer ---- */

/* "25 November 2026" from "2026-11-25" (else the text as given). */
static void long_date(const struct labels *L, const char *iso,
		      struct buf *out)
{
	int y, m, d;
	char end;
	if (sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && m >= 1 &&
	    m <= 12 && d >= 1 && d <= 31)
		buf_printf(out, "%d %s %d", d, L->months[m - 1], y);
	else
		buf_puts(out, iso);
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
	char widest[64];
	snprintf(widest, sizeof widest, sh->L->page_fmt, (size_t)888,
		 (size_t)888);
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
		char num[64];
		snprintf(num, sizeof num, sh->L->page_fmt, p + 1, doc->npages);
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

struct lay_doc *lay_sheet(const struct site *site,
			  const struct lay_metrics *m, double width,
			  double height, struct diag *d)
{
	struct sheet sh;
	memset(&sh, 0, sizeof sh);
	sh.site = site;
	sh.m = m;
	sh.d = d;
	sh.L = &EN;
	sh.x0 = M_SIDE;
	sh.x1 = width - M_SIDE;
	sh.f = flow_new(width, height);
	sh.md.f = sh.f;
	sh.md.m = m;
	sh.md.d = d;
	sh.md.size = T_BODY;

	struct footer ft;
	footer_prepare(&sh, &ft, sh.x1 - sh.x0);
	sh.f->left = sh.x0;
	sh.f->right = sh.x1;
	sh.f->top = M_TOP;
	sh.f->body_h = height - M_TOP - footer_height(&ft);

	header(&sh);
	intro(&sh);
	cards(&sh);
	safety(&sh);

	md_layout_warn_done(&sh.md);
	struct lay_doc *doc = flow_paginate(sh.f);
	footer_draw(&sh, &ft, doc);
	spans_free(&ft.S);
	lay_lines_free(&ft.Ln);
	flow_free(sh.f);
	return doc;
}
