/*
 * layout_md.c: Markdown blocks and inlines (read through markdown.h)
 * into flow items: paragraphs, headings, lists, quotes, code, rules and
 * tables.  Paper has no links: a link prints its text, followed by its
 * address when that means something on paper (http, https, mailto, tel).
 */
#include "layout_flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "rawhtml.h"
#include "util.h"

/* Deeper lists and quotes are laid out flat, as plain text. */
#define MAX_DEPTH 12
/* Deeper inline nesting (emphasis in emphasis...) prints as plain text. */
#define MAX_INLINE_DEPTH 32

static double lead(const struct md_layout *c)
{
	return c->size * T_LEAD;
}

static double heading_size(const struct md_layout *c)
{
	return c->heading > 0 ? c->heading : T_H_MD;
}

/* A heading's structure type: a "##" heading (a page's first level under
 * its title) at c->level, deeper ones deeper, never past H6. */
static int heading_role(const struct md_layout *c, const struct md_node *n)
{
	int level = (c->level > 0 ? c->level : 3) + md_heading_level(n) - 2;
	int top = c->level > 0 ? c->level : 3;
	if (level < top)
		level = top;
	if (level > 6)
		level = 6;
	return LAY_TAG_H1 + level - 1;
}

/* The code point cp as UTF-8 (for messages). */
static void put_cp(struct buf *b, long cp)
{
	char u[4];
	size_t n = (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
						(utf8proc_uint8_t *)u);
	buf_put(b, u, n);
}

/* A character warned about, with its file; and per file, how many were
 * named and how many more there were. */
struct md_warned {
	struct {
		const char *src;
		long cp;
	} *v;
	size_t n, cap;
	struct {
		const char *src;
		size_t named, more;
	} *file;
	size_t nfile, capfile;
};

/* 1 the first time cp is seen for src; then *named and *more point at
 * the file's tallies of characters named and not named. */
static int first_time(struct md_layout *c, const char *src, long cp,
		      size_t **named, size_t **more)
{
	struct md_warned *w = c->warned;
	if (w == NULL)
		w = c->warned = xcalloc(1, sizeof *w);
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].cp == cp && strcmp(w->v[i].src, src) == 0)
			return 0;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	w->v[w->n].src = src;
	w->v[w->n++].cp = cp;
	size_t f = 0;
	while (f < w->nfile && strcmp(w->file[f].src, src) != 0)
		f++;
	if (f == w->nfile) {
		if (w->nfile == w->capfile) {
			w->capfile = w->capfile ? 2 * w->capfile : 8;
			w->file = xrealloc(w->file,
					   w->capfile * sizeof *w->file);
		}
		w->file[w->nfile].src = src;
		w->file[w->nfile].named = w->file[w->nfile].more = 0;
		w->nfile++;
	}
	*named = &w->file[f].named;
	*more = &w->file[f].more;
	return 1;
}

/* A warning to give: a character, where it is. */
struct odd_at {
	const struct odd_char *o;
	int line, col;
};

static int cmp_place(const void *a, const void *b)
{
	const struct odd_at *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

static void warn_one(struct md_layout *c, const char *src,
		     const struct odd_at *w)
{
	const struct odd_char *o = w->o;
	struct buf ch = BUF_INIT;
	if (o->cp >= 0)
		put_cp(&ch, o->cp);
	switch (o->kind) {
	case ODD_REPLACED:
		if (o->cp < 0)
			diag_warning(c->d, src, w->line, w->col,
				     "text that is not UTF-8 cannot be printed "
				     "on the exercise sheet; printed as "
				     "\"\xEF\xBF\xBD\"");
		else
			diag_warning(c->d, src, w->line, w->col,
				     "U+%04lX \"%s\" cannot be printed on the "
				     "exercise sheet (characters above U+FFFF, "
				     "such as emoji, are not supported); "
				     "printed as \"\xEF\xBF\xBD\"",
				     o->cp, buf_cstr(&ch));
		break;
	case ODD_LOOKALIKE:
		diag_warning(c->d, src, w->line, w->col,
			     "U+%04lX \"%s\" is not in the sheet's font; "
			     "printed as \"%s\"",
			     o->cp, buf_cstr(&ch), lay_fallback(o->cp));
		break;
	default:
		diag_warning(c->d, src, w->line, w->col,
			     "U+%04lX \"%s\" is not in the sheet's font and "
			     "prints as an empty box",
			     o->cp, buf_cstr(&ch));
		break;
	}
	buf_free(&ch);
}

void md_layout_warn_bad(struct md_layout *c, const char *src,
			const struct text_places *places, int line,
			const struct spans *S)
{
	if (c->d == NULL || S->nodd == 0)
		return;
	struct odd_at *todo = xcalloc(S->nodd, sizeof *todo);
	size_t n = 0;
	for (size_t i = 0; i < S->nodd; i++) {
		size_t *named, *more;
		if (!first_time(c, src, S->odd[i].cp, &named, &more))
			continue;
		if (*named == MD_WARN_MAX) {
			(*more)++;
			continue;
		}
		(*named)++;
		/* The text starts at line (when known): the character is
		 * there or after, perhaps also before, in text that is not
		 * on the sheet (a description). */
		todo[n] = (struct odd_at){&S->odd[i], line, 0};
		text_places_find(places, S->odd[i].cp, line, &todo[n].line,
				 &todo[n].col);
		n++;
	}
	/* In the order of the file. */
	qsort(todo, n, sizeof *todo, cmp_place);
	for (size_t i = 0; i < n; i++)
		warn_one(c, src, &todo[i]);
	free(todo);
}

void md_layout_warn_done(struct md_layout *c)
{
	struct md_warned *w = c->warned;
	if (w == NULL)
		return;
	for (size_t f = 0; f < w->nfile && c->d != NULL; f++)
		if (w->file[f].more > 0)
			diag_warning(c->d, w->file[f].src, 0, 0,
				     "%zu more character%s cannot be printed "
				     "on the exercise sheet as written (only the "
				     "first %d are named)",
				     w->file[f].more,
				     w->file[f].more == 1 ? "" : "s",
				     MD_WARN_MAX);
	free(w->v);
	free(w->file);
	free(w);
	c->warned = NULL;
}

/* ---- inlines ---- */

/* The address to print after a link's text, or NULL: only absolute
 * addresses a patient can use (unsafe ones never reach the PDF; a
 * relative one like ../schedule/index.html means nothing on paper). */
static const char *printable_url(const char *url)
{
	if (!md_url_is_safe(url))
		return NULL;
	if (str_has_prefix_nocase(url, "http://") ||
	    str_has_prefix_nocase(url, "https://"))
		return url;
	if (str_has_prefix_nocase(url, "mailto:"))
		return url + 7;
	if (str_has_prefix_nocase(url, "tel:"))
		return url + 4;
	return NULL;
}

/* Text that is an address itself (autolinks): may be cut after '/'. */
static int looks_like_url(const char *s)
{
	return strstr(s, "://") != NULL || str_has_prefix_nocase(s, "www.") ||
	       (strchr(s, '@') != NULL && strchr(s, ' ') == NULL);
}

static void inlines(struct md_layout *c, const struct md_node *n,
		    struct spans *S, struct lay_span st, int depth);

static void link(struct md_layout *c, const struct md_node *n,
		 struct spans *S, struct lay_span st, int depth)
{
	struct buf text = BUF_INIT;
	md_plain_text(n, &text);
	const char *t = buf_cstr(&text);
	size_t from = S->n;
	inlines(c, n, S, st, depth + 1);
	if (looks_like_url(t))
		for (size_t k = from; k < S->n; k++)
			S->v[k].url = 1;
	const char *url = printable_url(md_url(n));
	if (url != NULL && strcmp(t, url) != 0 && strcmp(t, md_url(n)) != 0) {
		/* www.example.com autolinks to http://www.example.com */
		const char *bare = strstr(url, "://");
		if (bare == NULL || strcmp(bare + 3, t) != 0) {
			struct lay_span u = st;
			u.font = LAY_REGULAR;
			u.oblique = 0;
			u.strike = 0;
			spans_add(S, " (", 2, &u);
			u.url = 1;
			spans_add(S, url, strlen(url), &u);
			u.url = 0;
			spans_add(S, ")", 1, &u);
		}
	}
	buf_free(&text);
}

static void inlines(struct md_layout *c, const struct md_node *n,
		    struct spans *S, struct lay_span st, int depth)
{
	if (depth > MAX_INLINE_DEPTH) {
		struct buf text = BUF_INIT;
		md_plain_text(n, &text);
		spans_add(S, buf_cstr(&text), text.len, &st);
		buf_free(&text);
		return;
	}
	for (const struct md_node *ch = md_first_child(n); ch;
	     ch = md_next(ch)) {
		struct lay_span s2 = st;
		const char *lit;
		switch (md_type(ch)) {
		case MD_TEXT:
		case MD_CODE:
			lit = md_literal(ch);
			spans_add(S, lit, strlen(lit), &st);
			break;
		case MD_SOFTBREAK:
			spans_add(S, " ", 1, &st);
			break;
		case MD_LINEBREAK:
			spans_hard_break(S, &st);
			break;
		case MD_EMPH:
			s2.oblique = 1;
			inlines(c, ch, S, s2, depth + 1);
			break;
		case MD_STRONG:
			s2.font = LAY_BOLD;
			inlines(c, ch, S, s2, depth + 1);
			break;
		case MD_STRIKE:
			s2.strike = 1;
			inlines(c, ch, S, s2, depth + 1);
			break;
		case MD_LINK:
			link(c, ch, S, st, depth);
			break;
		case MD_IMAGE:
			/* An image inside the text prints its alt text: the
			 * sheet has room for the exercise's own image only. */
			inlines(c, ch, S, st, depth + 1);
			break;
		case MD_RAW_HTML:
			/* Markup, not text: there is nothing to print. */
			break;
		default:
			if (md_first_child(ch) != NULL) {
				inlines(c, ch, S, st, depth + 1);
			} else {
				lit = md_literal(ch);
				spans_add(S, lit, strlen(lit), &st);
			}
			break;
		}
	}
}

void md_layout_inlines(struct md_layout *c, const struct md_node *n,
		       struct spans *S, struct lay_span st)
{
	inlines(c, n, S, st, 0);
}

/* ---- blocks ---- */

static void block(struct md_layout *c, const struct md_node *n, double x0,
		  double x1, double gap);

static void paragraph(struct md_layout *c, const struct md_node *n,
		      double x0, double x1, double gap, int font, double size,
		      double lh, int keep_last, int role)
{
	struct spans S;
	spans_init(&S, c->m);
	md_layout_inlines(c, n, &S, span_style(font, size));
	md_layout_warn_bad(c, c->src, c->places, md_line(n), &S);
	flow_para(c->f, c->m, &S, x0, x1 - x0, lh, gap, keep_last, role);
	spans_free(&S);
}

static void plain_block(struct md_layout *c, const struct md_node *n,
			double x0, double x1, double gap)
{
	struct buf text = BUF_INIT;
	struct spans S;
	spans_init(&S, c->m);
	md_plain_text(n, &text);
	struct lay_span st = span_style(LAY_REGULAR, c->size);
	spans_add(&S, buf_cstr(&text), text.len, &st);
	flow_para(c->f, c->m, &S, x0, x1 - x0, lead(c), gap, 0, LAY_TAG_P);
	spans_free(&S);
	buf_free(&text);
}

static void code_block(struct md_layout *c, const struct md_node *n,
		       double x0, double x1, double gap)
{
	/* No monospace font on the sheet: the lines, as lines. */
	struct spans S;
	spans_init(&S, c->m);
	struct lay_span st = span_style(LAY_REGULAR, c->size);
	const char *s = md_literal(n);
	size_t len = strlen(s);
	while (len > 0 && s[len - 1] == '\n')
		len--;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n')
			continue;
		if (start > 0)
			spans_hard_break(&S, &st);
		spans_add(&S, s + start, i - start, &st);
		start = i + 1;
	}
	md_layout_warn_bad(c, c->src, c->places, md_line(n), &S);
	flow_para(c->f, c->m, &S, x0 + 12, x1 - x0 - 12, lead(c), gap, 0,
		  LAY_TAG_P);
	spans_free(&S);
}

static void list(struct md_layout *c, const struct md_node *n, double x0,
		 double x1, double gap)
{
	int ordered = md_list_ordered(n);
	int tight = md_list_tight(n);
	long num = ordered ? md_list_start(n) : 0;
	size_t count = 0;
	for (const struct md_node *it = md_first_child(n); it; it = md_next(it))
		count++;
	/* The marker column fits the widest marker. */
	char mark[32];
	double mw;
	if (ordered) {
		snprintf(mark, sizeof mark, "%ld.", num + (long)count - 1);
		mw = c->m->text_width(c->m->ctx, LAY_REGULAR, c->size, mark,
				      strlen(mark));
		double w0 = c->m->text_width(c->m->ctx, LAY_REGULAR, c->size,
					     "8.", 2);
		if (w0 > mw)
			mw = w0;
	} else {
		mw = c->m->text_width(c->m->ctx, LAY_REGULAR, c->size,
				      "\xE2\x80\xA2", 3);
	}
	double indent = mw + 0.6 * c->size;
	if (indent < 1.6 * c->size)
		indent = 1.6 * c->size;
	if (indent > (x1 - x0) / 3)
		indent = (x1 - x0) / 3;
	double item_gap = tight ? 0.25 * c->size : 0.5 * lead(c);
	int first = 1;
	c->depth++;
	/* An item that starts with a list: the outer marker goes on a line
	 * of its own, above the first inner item's (below). */
	if (c->f->marker_len > 0) {
		flow_item(c->f, gap, lead(c));
		flow_put_marker(c->f, T_BASELINE(lead(c), c->size));
		first = 0;
	}
	int l = flow_open(c->f, LAY_TAG_L);
	for (const struct md_node *it = md_first_child(n); it;
	     it = md_next(it)) {
		double mx;
		if (ordered) {
			snprintf(mark, sizeof mark, "%ld.", num++);
			double w = c->m->text_width(c->m->ctx, LAY_REGULAR,
						    c->size, mark,
						    strlen(mark));
			mx = x0 + indent - 0.45 * c->size - w;
		} else {
			snprintf(mark, sizeof mark, "\xE2\x80\xA2");
			mx = x0 + 0.25 * c->size;
		}
		/* LI: Lbl (the marker, printed with the first line) then
		 * LBody. */
		int li = flow_open(c->f, LAY_TAG_LI);
		int lbl = flow_open(c->f, LAY_TAG_LBL);
		flow_set_marker(c->f, mark, strlen(mark), mx, c->size);
		flow_close(c->f, lbl);
		int body = flow_open(c->f, LAY_TAG_LBODY);
		size_t before = c->f->nitem;
		md_layout_blocks(c, it, x0 + indent, x1, first ? gap : item_gap);
		if (c->f->nitem == before)
			flow_item(c->f, first ? gap : item_gap, lead(c));
		/* Nothing printed a line (an empty item, a rule): the marker
		 * goes on the item's last slice. */
		flow_put_marker(c->f, T_BASELINE(lead(c), c->size));
		flow_close(c->f, body);
		flow_close(c->f, li);
		first = 0;
	}
	flow_close(c->f, l);
	c->depth--;
}

static void quote(struct md_layout *c, const struct md_node *n, double x0,
		  double x1, double gap)
{
	c->depth++;
	size_t r = flow_begin(c->f, 0, FRAME_BAR, 0, x0 + 2, x0 + 2);
	int q = flow_open(c->f, LAY_TAG_BLOCKQUOTE);
	md_layout_blocks(c, n, x0 + 1.2 * c->size, x1, gap);
	flow_close(c->f, q);
	flow_end(c->f, r);
	c->depth--;
}

static void table(struct md_layout *c, const struct md_node *n, double x0,
		  double x1, double gap)
{
	struct table_in t;
	memset(&t, 0, sizeof t);
	for (const struct md_node *row = md_first_child(n); row;
	     row = md_next(row)) {
		size_t cols = 0;
		for (const struct md_node *cell = md_first_child(row); cell;
		     cell = md_next(cell))
			cols++;
		if (cols > t.ncols)
			t.ncols = cols;
		t.nrows++;
	}
	if (t.nrows == 0 || t.ncols == 0)
		return;
	t.cell = xcalloc(t.nrows * t.ncols, sizeof *t.cell);
	for (size_t i = 0; i < t.nrows * t.ncols; i++)
		spans_init(&t.cell[i], c->m);
	t.header = xcalloc(t.nrows, sizeof *t.header);
	t.align = xcalloc(t.ncols, sizeof *t.align);
	size_t r = 0;
	for (const struct md_node *row = md_first_child(n); row;
	     row = md_next(row), r++) {
		t.header[r] = md_row_is_header(row);
		size_t k = 0;
		for (const struct md_node *cell = md_first_child(row); cell;
		     cell = md_next(cell), k++) {
			struct spans *S = &t.cell[r * t.ncols + k];
			md_layout_inlines(c, cell,
					  S, span_style(t.header[r] ? LAY_BOLD
								    : LAY_REGULAR,
							c->size));
			md_layout_warn_bad(c, c->src, c->places, md_line(cell),
					   S);
			if (r == 0)
				t.align[k] = md_cell_align(cell);
		}
	}
	table_layout(c->f, c->m, &t, x0, x1, gap, c->size);
	for (size_t i = 0; i < t.nrows * t.ncols; i++)
		spans_free(&t.cell[i]);
	free(t.cell);
	free(t.header);
	free(t.align);
}

static void rule(struct md_layout *c, double x0, double x1, double gap)
{
	double h = lead(c);
	flow_item(c->f, gap, h);
	flow_line(c->f, x0, h / 2, x1, h / 2, 1, 0.4);
}

/* An HTML block the page shows and the sheet does not: say what text
 * it held. */
static void warn_html(struct md_layout *c, const struct md_node *n)
{
	const char *html = md_literal(n);
	char *text = rawhtml_text(html, strlen(html), 80);
	if (text != NULL && c->d != NULL)
		diag_warning(c->d, c->src, md_line(n), md_column(n),
			     "HTML left out of the printed sheet: \"%s\" (the "
			     "sheet prints Markdown, not HTML: put blank lines "
			     "between the tags and the text to print the text)",
			     text);
	free(text);
}

static void block(struct md_layout *c, const struct md_node *n, double x0,
		  double x1, double gap)
{
	if (c->depth > MAX_DEPTH) {
		plain_block(c, n, x0, x1, gap);
		return;
	}
	switch (md_type(n)) {
	case MD_PARAGRAPH:
		paragraph(c, n, x0, x1, gap, LAY_REGULAR, c->size, lead(c), 0,
			  LAY_TAG_P);
		break;
	case MD_HEADING:
		paragraph(c, n, x0, x1, gap, LAY_BOLD, heading_size(c),
			  heading_size(c) * 1.25, 1, heading_role(c, n));
		break;
	case MD_LIST:
		list(c, n, x0, x1, gap);
		break;
	case MD_ITEM:
	case MD_DOCUMENT:
		md_layout_blocks(c, n, x0, x1, gap);
		break;
	case MD_BLOCKQUOTE:
		quote(c, n, x0, x1, gap);
		break;
	case MD_CODE_BLOCK:
		code_block(c, n, x0, x1, gap);
		break;
	case MD_THEMATIC_BREAK:
		rule(c, x0, x1, gap);
		break;
	case MD_TABLE:
		table(c, n, x0, x1, gap);
		break;
	case MD_RAW_HTML:
		/* Markup, not text: the sheet prints none.  Without
		 * unsafe_html the page has none either, and loading said
		 * what it held (resolve.c); with it, the page has the text
		 * the sheet leaves out. */
		if (md_html_kept(n))
			warn_html(c, n);
		break;
	default:
		if (md_first_child(n) != NULL)
			md_layout_blocks(c, n, x0, x1, gap);
		else if (md_literal(n)[0] != '\0')
			plain_block(c, n, x0, x1, gap);
		break;
	}
}

void md_layout_one(struct md_layout *c, const struct md_node *n, double x0,
		   double x1, double gap)
{
	block(c, n, x0, x1, gap);
}

void md_layout_blocks(struct md_layout *c, const struct md_node *parent,
		      double x0, double x1, double gap)
{
	md_layout_blocks_from(c, md_first_child(parent), x0, x1, gap);
}

/* Heading h run into paragraph p: its words in bold, a colon unless it
 * ends in a mark of its own, then the paragraph. */
static void run_in(struct md_layout *c, const struct md_node *h,
		   const struct md_node *p, double x0, double x1, double gap)
{
	struct spans S;
	spans_init(&S, c->m);
	struct buf t = BUF_INIT;
	md_plain_text(h, &t);
	size_t n = t.len;
	while (n > 0 && t.data[n - 1] == ' ')
		n--;
	int mark = n > 0 && strchr(".:?!", t.data[n - 1]) != NULL;
	buf_truncate(&t, n);
	buf_puts(&t, mark ? " " : ": ");
	struct lay_span b = span_style(LAY_BOLD, c->size);
	spans_add(&S, t.data, t.len, &b);
	buf_free(&t);
	md_layout_inlines(c, p, &S, span_style(LAY_REGULAR, c->size));
	md_layout_warn_bad(c, c->src, c->places, md_line(p), &S);
	flow_para(c->f, c->m, &S, x0, x1 - x0, lead(c), gap, 0, LAY_TAG_P);
	spans_free(&S);
}

/* 1 if n is a paragraph whose plain text is c->skip. */
static int skipped(const struct md_layout *c, const struct md_node *n)
{
	if (c->skip == NULL || md_type(n) != MD_PARAGRAPH)
		return 0;
	struct buf t = BUF_INIT;
	md_plain_text(n, &t);
	int same = strcmp(buf_cstr(&t), c->skip) == 0;
	buf_free(&t);
	return same;
}

/* 1 if heading h has nothing under it but skipped paragraphs. */
static int empty_section(const struct md_layout *c, const struct md_node *h)
{
	for (const struct md_node *n = md_next(h); n != NULL; n = md_next(n)) {
		if (md_type(n) == MD_HEADING)
			break;
		if (!skipped(c, n))
			return 0;
	}
	return c->skip != NULL;
}

void md_layout_blocks_from(struct md_layout *c, const struct md_node *first,
			   double x0, double x1, double gap)
{
	double para_gap = 0.5 * lead(c);
	/* Smaller headings (a card's) sit a little closer to their text. */
	double head_gap = heading_size(c) < T_H_MD ? 0.5 * lead(c)
						   : 0.95 * lead(c);
	int printed = 0, after_heading = 0;
	for (const struct md_node *n = first; n; n = md_next(n)) {
		int heading = md_type(n) == MD_HEADING;
		if (skipped(c, n) || (heading && empty_section(c, n)))
			continue;
		double g = gap;
		if (printed)
			g = heading ? head_gap
			    : after_heading ? 0.3 * c->size
					    : para_gap;
		size_t before = c->f->nitem;
		const struct md_node *next = md_next(n);
		while (next != NULL && skipped(c, next))
			next = md_next(next);
		if (c->run_in && heading && next != NULL &&
		    md_type(next) == MD_PARAGRAPH) {
			/* "Stay safe: Stop if it hurts...": the heading in
			 * bold at the start of its paragraph, a line saved. */
			run_in(c, n, next, x0, x1, g);
			n = next;
			heading = 0;
		} else {
			block(c, n, x0, x1, g);
		}
		if (c->f->nitem > before) {
			printed = 1;
			after_heading = heading;
		}
	}
}
