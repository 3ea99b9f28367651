/*
 * layout_table.c: tables with grid lines, wrapped cells and a shaded
 * header row that is repeated when the table continues on a new page.
 *
 * Each row is a keep range of slices: slice k holds line k of every cell,
 * so a row taller than a page can still be cut between its lines, and
 * pdftotext reads a row's first line as one line of text.
 */
#include "layout_flow.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define HEADER_FILL 0.86 /* gray of the header row */
#define GRID 0.2         /* gray of the grid lines */

/* Lines the table takes with column widths colw (text widths). */
static size_t table_lines(const struct lay_metrics *m, const struct table_in *t,
			  const double *colw, struct lay_lines *scratch)
{
	size_t total = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		size_t most = 1;
		for (size_t k = 0; k < t->ncols; k++) {
			const struct spans *S = &t->cell[r * t->ncols + k];
			lay_break(m, S->v, S->n, colw[k], scratch);
			if (scratch->nline > most)
				most = scratch->nline;
		}
		total += most;
	}
	return total;
}

/* Column widths for text width avail.  When every cell fits on one line,
 * the spare width goes to the columns in proportion.  Else the table
 * with the fewest lines wins among a few candidates (below). */
static void column_widths(const struct lay_metrics *m,
			  const struct table_in *t, const double *minw,
			  const double *maxw, double avail, double *out)
{
	size_t n = t->ncols;
	double smin = 0, smax = 0;
	for (size_t k = 0; k < n; k++) {
		smin += minw[k];
		smax += maxw[k];
	}
	if (smax <= avail) {
		double extra = avail - smax;
		for (size_t k = 0; k < n; k++)
			out[k] = maxw[k] + (smax > 0 ? extra * maxw[k] / smax
						     : extra / (double)n);
		return;
	}
	if (smin > avail) {
		/* Even the widest words do not fit: share by them (the
		 * line breaker cuts the words). */
		for (size_t k = 0; k < n; k++)
			out[k] = smin > 0 ? avail * minw[k] / smin
					  : avail / (double)n;
		return;
	}
	struct lay_lines scratch;
	memset(&scratch, 0, sizeof scratch);
	double *try = xcalloc(n, sizeof *try);
	size_t best = (size_t)-1;
	/* Shrunk in proportion between the widest word and the longest
	 * line, the longest line counted as at most all, a half or a third
	 * of the width (one very long cell must not starve the others). */
	static const double caps[] = {1.0, 0.5, 0.34};
	for (size_t c = 0; c < ARRAY_LEN(caps); c++) {
		double room = 0, cap = avail * caps[c];
		for (size_t k = 0; k < n; k++) {
			double mx = maxw[k] < cap ? maxw[k] : cap;
			room += mx > minw[k] ? mx - minw[k] : 0;
		}
		double extra = avail - smin;
		for (size_t k = 0; k < n; k++) {
			double mx = maxw[k] < cap ? maxw[k] : cap;
			double d = mx > minw[k] ? mx - minw[k] : 0;
			try[k] = minw[k] + (room > 0 ? extra * d / room
						     : extra / (double)n);
		}
		size_t lines = table_lines(m, t, try, &scratch);
		if (lines < best) {
			best = lines;
			memcpy(out, try, n * sizeof *out);
		}
	}
	/* One column narrowed, the others on one line. */
	for (size_t k = 0; k < n; k++) {
		double wk = avail - (smax - maxw[k]);
		if (wk < minw[k])
			continue;
		for (size_t j = 0; j < n; j++)
			try[j] = j == k ? wk : maxw[j];
		size_t lines = table_lines(m, t, try, &scratch);
		if (lines < best) {
			best = lines;
			memcpy(out, try, n * sizeof *out);
		}
	}
	free(try);
	lay_lines_free(&scratch);
}

void table_layout(struct flow *f, const struct lay_metrics *m,
		  const struct table_in *t, double x0, double x1, double gap,
		  double size)
{
	size_t nr = t->nrows, nc = t->ncols;
	double padx = 0.5 * size, pady = 0.35 * size, lh = size * 1.3;
	/* Many columns in a narrow space: less padding, never wider than
	 * the space (the line breaker cuts what does not fit). */
	if (padx > (x1 - x0) / ((double)nc * 4))
		padx = (x1 - x0) / ((double)nc * 4);
	double avail = (x1 - x0) - (double)nc * 2 * padx;
	double *minw = xcalloc(nc, sizeof *minw);
	double *maxw = xcalloc(nc, sizeof *maxw);
	double *colw = xcalloc(nc, sizeof *colw);
	double *colx = xcalloc(nc + 1, sizeof *colx);
	struct lay_lines *L = xcalloc(nr * nc, sizeof *L);

	for (size_t i = 0; i < nr * nc; i++) {
		struct spans *S = &t->cell[i];
		size_t k = i % nc;
		spans_done(S);
		double wmin = lay_widest_word(m, S->v, S->n);
		lay_break(m, S->v, S->n, DBL_MAX, &L[i]);
		double wmax = 0;
		for (size_t l = 0; l < L[i].nline; l++)
			if (L[i].line[l].w > wmax)
				wmax = L[i].line[l].w;
		if (wmin > minw[k])
			minw[k] = wmin;
		if (wmax > maxw[k])
			maxw[k] = wmax;
	}
	column_widths(m, t, minw, maxw, avail, colw);
	colx[0] = x0;
	for (size_t k = 0; k < nc; k++)
		colx[k + 1] = colx[k] + colw[k] + 2 * padx;
	colx[nc] = x1;

	/* A table is easier to read on one page: kept whole if it fits. */
	size_t table = flow_begin(f, 1, FRAME_TABLE, 0, x0, x1);
	size_t head_first = f->nitem, head_end = f->nitem;
	/* Table, TR, TH or TD: a row's cells are made first, then filled a
	 * line of each at a time. */
	int te = flow_open(f, LAY_TAG_TABLE);
	int *cell = xcalloc(nc, sizeof *cell);
	for (size_t r = 0; r < nr; r++) {
		int tr = flow_open(f, LAY_TAG_TR);
		for (size_t k = 0; k < nc; k++) {
			int head = t->header[r] || (k == 0 && t->row_heads);
			cell[k] = flow_open(f, head ? LAY_TAG_TH : LAY_TAG_TD);
			if (head)
				flow_elem(f, cell[k])->scope =
					t->header[r] ? 'c' : 'r';
			flow_close(f, cell[k]);
		}
		size_t nl = 1;
		for (size_t k = 0; k < nc; k++) {
			struct spans *S = &t->cell[r * nc + k];
			double w = colx[k + 1] - colx[k] - 2 * padx;
			lay_break(m, S->v, S->n, w, &L[r * nc + k]);
			if (L[r * nc + k].nline > nl)
				nl = L[r * nc + k].nline;
		}
		size_t row_start = f->nitem;
		size_t row = flow_begin(f, 1, FRAME_NONE, 0, x0, x1);
		for (size_t s = 0; s < nl; s++) {
			double top = s == 0 ? pady : 0;
			double h = lh + top + (s == nl - 1 ? pady : 0);
			size_t it = flow_item(f, r == 0 && s == 0 ? gap : 0, h);
			if (t->header[r])
				flow_rect(f, x0, 0, x1 - x0, h, HEADER_FILL,
					  -1, 0, 0);
			for (size_t k = 1; k < nc; k++)
				flow_line(f, colx[k], 0, colx[k], h, 0.75, GRID);
			for (size_t k = 0; k < nc; k++) {
				const struct lay_lines *C = &L[r * nc + k];
				if (s >= C->nline)
					continue;
				double x = colx[k] + padx;
				double room = colx[k + 1] - colx[k] - 2 * padx;
				if (t->align[k] == 'r')
					x += room - C->line[s].w;
				else if (t->align[k] == 'c')
					x += (room - C->line[s].w) / 2;
				int was = flow_within(f, cell[k]);
				flow_put_line(f, t->cell[r * nc + k].v, C, s,
					      x, top + T_BASELINE(lh, size));
				flow_within(f, was);
			}
			if (s == nl - 1 && r + 1 < nr)
				flow_line(f, x0, h, x1, h,
					  t->header[r] ? 1.5 : 0.75, GRID);
			if (s == nl - 1 && t->header[r])
				flow_keep_next(f, it);
		}
		flow_end(f, row);
		flow_close(f, tr);
		/* The header: the header rows the table starts with. */
		if (t->header[r] && head_end == row_start)
			head_end = f->nitem;
	}
	flow_close(f, te);
	free(cell);
	flow_repeat(f, table, head_first, head_end);
	flow_end(f, table);

	for (size_t i = 0; i < nr * nc; i++)
		lay_lines_free(&L[i]);
	free(L);
	free(minw);
	free(maxw);
	free(colw);
	free(colx);
}
