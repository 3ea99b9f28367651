/*
 * layout_parts.c: the pieces both parts of the sheet's layout use
 * (layout_parts.h): paragraphs of plain text, a label and its value,
 * headings, QR codes, laying out into a column of its own, measuring.
 */
#include "layout_parts.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "qr.h"

struct origin site_origin(const struct sheet *sh)
{
	return (struct origin){sh->site->config, sh->site->config_places};
}

struct origin page_origin(const struct page *p)
{
	return (struct origin){p->src, p->places};
}

/* Warn about what S cannot print as written (layout_flow.h). */
void warn_odd(struct sheet *sh, struct origin from,
		     const struct spans *S)
{
	md_layout_warn_bad(&sh->md, from.file, from.places, 0, S);
}

double width_of(const struct sheet *sh, int font, double size,
		       const char *s)
{
	return sh->m->text_width(sh->m->ctx, font, size, s, strlen(s));
}

/* A plain string (from site.yaml) as a paragraph. */
size_t text_para(struct sheet *sh, struct origin from, const char *s,
			int font, double size, double x0, double x1,
			double gap, int keep_last, int role)
{
	if (s == NULL)
		return 0;
	struct spans S;
	spans_init(&S, sh->m);
	struct lay_span st = span_style(font, size);
	spans_add(&S, s, strlen(s), &st);
	warn_odd(sh, from, &S);
	size_t n = flow_para(sh->f, sh->m, &S, x0, x1 - x0, size * T_LEAD,
			     gap, keep_last, role);
	spans_free(&S);
	return n;
}

/* "Label: value", the label in bold. */
size_t labelled_para(struct sheet *sh, const char *label,
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
			     gap, 0, LAY_TAG_P);
	spans_free(&S);
	return n;
}

/* Lay out `what` into a flow of its own and return it as one column
 * (flow_column()), its height in *h.  sh->f is the main flow again
 * after. */
struct lay_doc *in_column(struct sheet *sh,
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
double measure(struct sheet *sh,
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

void qr_item(struct sheet *sh, const char *text, double x0,
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
	/* A Figure: "QR code to https://...", its squares the picture. */
	int fig = flow_open(sh->f, LAY_TAG_FIGURE);
	struct buf alt = BUF_INIT;
	buf_printf(&alt, "%s %s", i18n_get(sh->site->words, "handout.qr_alt"),
		   text);
	flow_alt(sh->f, fig, buf_cstr(&alt));
	buf_free(&alt);
	struct qr_run *runs;
	size_t n = qr_runs(&q, &runs);
	for (size_t i = 0; i < n; i++)
		flow_rect(sh->f, x0 + (QR_QUIET + runs[i].x) * mod,
			  (QR_QUIET + runs[i].y) * mod, runs[i].len * mod, mod,
			  0, -1, 0, 0);
	flow_close(sh->f, fig);
	free(runs);
	qr_free(&q);
}

void section_heading(struct sheet *sh, struct origin from,
			    const char *title, double gap)
{
	text_para(sh, from, title, LAY_BOLD, T_H_SECTION, sh->x0, sh->x1, gap,
		  1, LAY_TAG_H2);
}
