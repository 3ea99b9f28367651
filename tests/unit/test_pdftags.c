/*
 * test_pdftags.c: unit tests for the tagged PDF: the structure the
 * layout gives its boxes (layout.h, layout_flow.h) and what pdftags.h
 * writes of it.
 *
 * The layout's tree is checked on the shipped content and the stress
 * content with a fake measure and fake pictures: every text box and
 * picture belongs to an element that holds content (a paragraph, a
 * heading, a cell, a label, a figure), never to a grouping one; lines
 * and shapes are artifacts unless they draw a figure (a QR code); the
 * footer is pagination; figures have alt text; tables, rows and lists
 * nest as PDF wants; a header row repeated on a new page is an artifact.
 * pdftags is checked on a small document made by hand, saved
 * uncompressed: its operators, the tree, the parent tree, an element on
 * two pages, alt text in UTF-16, the catalog, the same bytes twice.
 * Tests run from the repository root.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* helpers.h */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "content.h"
#include "diag.h"
#include "helpers.h"
#include "layout.h"
#include "layout_flow.h"
#include "pdftags.h"
#include "util.h"

/* ---- a fake measure and fake pictures (400 x 300 pixels) ---- */

static double fake_width(void *ctx, int font, double size, const char *s,
			 size_t len)
{
	(void)ctx;
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return (double)n * size * (font == LAY_BOLD ? 0.54 : 0.5);
}

static int fake_image(void *ctx, const char *path, double *w, double *h)
{
	(void)ctx;
	(void)path;
	*w = 400;
	*h = 300;
	return 0;
}

static const struct lay_metrics fake = {NULL, fake_width, fake_image, NULL};

/* ---- the layout's tree ---- */

static int role_of(const struct lay_doc *doc, int e)
{
	return doc->elem[e].role;
}

/* 1 for the roles that hold content (text, a picture). */
static int holds_content(int role)
{
	return role == LAY_TAG_P || (role >= LAY_TAG_H1 && role <= LAY_TAG_H6) ||
	       role == LAY_TAG_LBL || role == LAY_TAG_TH ||
	       role == LAY_TAG_TD || role == LAY_TAG_FIGURE;
}

/* What every sheet's tree must be; counts what it saw. */
struct seen {
	size_t text, images, figures, qr_rects, artifacts, pagination;
	size_t tables, th_col, th_row, lists, headings[7];
};

static void check_tree(const struct lay_doc *doc, struct seen *sn)
{
	memset(sn, 0, sizeof *sn);
	assert_true(doc->nelem > LAY_ROOT);
	assert_int_equal(role_of(doc, LAY_ROOT), LAY_TAG_DOCUMENT);
	for (size_t e = LAY_ROOT + 1; e < doc->nelem; e++) {
		const struct lay_elem *el = &doc->elem[e];
		/* Parents come first: reading order is index order. */
		assert_true(el->parent >= LAY_ROOT && (size_t)el->parent < e);
		int pr = role_of(doc, el->parent);
		switch (el->role) {
		case LAY_TAG_TR:
			assert_int_equal(pr, LAY_TAG_TABLE);
			break;
		case LAY_TAG_TH:
			assert_int_equal(pr, LAY_TAG_TR);
			assert_true(el->scope == 'c' || el->scope == 'r');
			sn->th_col += el->scope == 'c';
			sn->th_row += el->scope == 'r';
			break;
		case LAY_TAG_TD:
			assert_int_equal(pr, LAY_TAG_TR);
			break;
		case LAY_TAG_LI:
			assert_int_equal(pr, LAY_TAG_L);
			break;
		case LAY_TAG_LBL:
		case LAY_TAG_LBODY:
			assert_int_equal(pr, LAY_TAG_LI);
			break;
		case LAY_TAG_FIGURE:
			assert_non_null(el->alt);
			assert_true(el->alt[0] != '\0');
			sn->figures++;
			break;
		case LAY_TAG_TABLE:
			sn->tables++;
			break;
		case LAY_TAG_L:
			sn->lists++;
			break;
		default:
			if (el->role >= LAY_TAG_H1 && el->role <= LAY_TAG_H6)
				sn->headings[el->role - LAY_TAG_H1 + 1]++;
			break;
		}
	}
	for (size_t p = 0; p < doc->npages; p++)
		for (size_t i = 0; i < doc->page[p].n; i++) {
			const struct lay_box *b = &doc->page[p].box[i];
			if (b->tag == LAY_PAGINATION) {
				sn->pagination++;
				continue;
			}
			if (b->tag == LAY_ARTIFACT) {
				/* Decoration: never a picture. */
				assert_int_not_equal(b->kind, LAY_IMAGE);
				sn->artifacts++;
				continue;
			}
			assert_true(b->tag > LAY_ROOT &&
				    (size_t)b->tag < doc->nelem);
			int r = role_of(doc, b->tag);
			assert_true(holds_content(r));
			switch (b->kind) {
			case LAY_TEXT:
				sn->text++;
				break;
			case LAY_IMAGE:
				assert_int_equal(r, LAY_TAG_FIGURE);
				sn->images++;
				break;
			default: /* a shape that is content: a QR code's */
				assert_int_equal(r, LAY_TAG_FIGURE);
				sn->qr_rects++;
				break;
			}
		}
}

/* The shipped sheet (with a QR code to its home page): a title, its
 * sections, a card per exercise with its pictures, the tables. */
static void test_shipped_tree(void **state)
{
	(void)state;
	struct site *s = load_shipped_site();
	assert_non_null(s);
	free(s->base_url);
	s->base_url = xstrdup("https://clinic.example.org");
	struct lay_doc *doc = lay_sheet(s, &fake, LAY_A4_W, LAY_A4_H, NULL);
	struct seen sn;
	check_tree(doc, &sn);
	assert_int_equal(sn.headings[1], 1);       /* the title */
	assert_true(sn.headings[2] >= 3);          /* the sections */
	assert_int_equal(sn.headings[3], s->nsheet); /* a card each */
	size_t pictures = 0;
	for (size_t i = 0; i < s->nsheet; i++)
		pictures += s->sheet[i]->page->ex->npictures;
	assert_int_equal(sn.images, pictures);
	assert_int_equal(sn.figures, pictures + 1); /* and the QR code */
	assert_true(sn.qr_rects > 20);
	/* The frequency table and the log's two: a header row of column
	 * heads, an exercise heading each row. */
	assert_int_equal(sn.tables, 3);
	assert_true(sn.th_row >= 3 * s->nsheet);
	assert_true(sn.th_col >= 3 + 2 * (2 + 14));
	assert_true(sn.lists >= 1);
	assert_true(sn.artifacts > 0);
	assert_true(sn.pagination >= 3 * doc->npages); /* rule, text, page */
	assert_true(sn.text > 100);
	lay_doc_free(doc);
	site_free(s);
}

/* The stress sheet: its table spans pages, and the header row repeated
 * on the next page is an artifact there: the tree has it once. */
static void test_stress_tree(void **state)
{
	(void)state;
	struct site *s = load_site("tests/pdf/stress");
	assert_non_null(s);
	struct lay_doc *doc = lay_sheet(s, &fake, LAY_A4_W, LAY_A4_H, NULL);
	struct seen sn;
	check_tree(doc, &sn);
	assert_int_equal(sn.headings[3], 30);
	size_t heads = 0, artifact_heads = 0;
	for (size_t p = 0; p < doc->npages; p++)
		for (size_t i = 0; i < doc->page[p].n; i++) {
			const struct lay_box *b = &doc->page[p].box[i];
			if (b->kind != LAY_TEXT || strcmp(b->text, "Ejercicio"))
				continue;
			if (b->tag == LAY_ARTIFACT)
				artifact_heads++;
			else
				heads++;
		}
	assert_int_equal(heads, 1);
	assert_true(artifact_heads >= 1);
	lay_doc_free(doc);
	site_free(s);
}

/* A column's elements join the tree of the flow it is put in, under the
 * element current there; a frame is an artifact; a blank paragraph
 * leaves no element. */
static void test_column_subtree(void **state)
{
	(void)state;
	struct flow *col = flow_new(500, 800);
	int fig = flow_open(col, LAY_TAG_FIGURE);
	flow_alt(col, fig, "a drawing");
	flow_item(col, 0, 10);
	flow_rect(col, 0, 0, 5, 5, 0, -1, 0, 0);
	flow_close(col, fig);
	struct spans S;
	spans_init(&S, &fake);
	struct lay_span st = span_style(LAY_REGULAR, 10);
	spans_add(&S, "words", 5, &st);
	flow_para(col, &fake, &S, 0, 100, 12, 0, 0, LAY_TAG_P);
	spans_free(&S);
	double h;
	struct lay_doc *c = flow_column(col, &h);

	struct flow *f = flow_new(500, 800);
	f->body_h = 700;
	size_t r = flow_begin(f, 1, FRAME_CARD, 4, 0, 100);
	int sect = flow_open(f, LAY_TAG_SECT);
	flow_item(f, 0, h);
	flow_put_column(f, c, 10, 0);
	flow_close(f, sect);
	/* Blank: no line, no element. */
	size_t n = f->doc->nelem;
	spans_init(&S, &fake);
	spans_add(&S, "   ", 3, &st);
	assert_int_equal(flow_para(f, &fake, &S, 0, 100, 12, 0, 0, LAY_TAG_P),
			 0);
	spans_free(&S);
	assert_int_equal(f->doc->nelem, n);
	flow_end(f, r);
	lay_doc_free(c);
	struct lay_doc *doc = flow_paginate(f);
	flow_free(f);

	/* Document > Sect > (Figure "a drawing", P). */
	assert_int_equal(doc->nelem, 5);
	assert_int_equal(doc->elem[2].role, LAY_TAG_SECT);
	assert_int_equal(doc->elem[3].role, LAY_TAG_FIGURE);
	assert_int_equal(doc->elem[3].parent, 2);
	assert_string_equal(doc->elem[3].alt, "a drawing");
	assert_int_equal(doc->elem[4].role, LAY_TAG_P);
	assert_int_equal(doc->elem[4].parent, 2);
	int rects = 0, frames = 0, texts = 0;
	for (size_t i = 0; i < doc->page[0].n; i++) {
		const struct lay_box *b = &doc->page[0].box[i];
		if (b->kind == LAY_TEXT) {
			assert_int_equal(b->tag, 4);
			texts++;
		} else if (b->radius > 0) {
			assert_int_equal(b->tag, LAY_ARTIFACT); /* the frame */
			frames++;
		} else {
			assert_int_equal(b->tag, 3); /* the figure's square */
			rects++;
		}
	}
	assert_int_equal(texts, 1);
	assert_int_equal(frames, 1);
	assert_int_equal(rects, 1);
	lay_doc_free(doc);
}

/* ---- pdftags: what it writes ---- */

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *data)
{
	(void)detail;
	(void)data;
	fail_msg("libharu error 0x%04X", (unsigned)err);
}

/* A lay_doc made by hand: a heading, a paragraph on two pages, a figure
 * with a non-ASCII alt text, a table's header cell. */
static struct lay_doc *small_doc(void)
{
	struct lay_doc *d = xcalloc(1, sizeof *d);
	lay_doc_elem(d, -1, 0);
	lay_doc_elem(d, LAY_TAG_DOCUMENT, 0);                  /* 1 */
	lay_doc_elem(d, LAY_TAG_H1, LAY_ROOT);                 /* 2 */
	lay_doc_elem(d, LAY_TAG_P, LAY_ROOT);                  /* 3 */
	int fig = lay_doc_elem(d, LAY_TAG_FIGURE, LAY_ROOT);   /* 4 */
	d->elem[fig].alt = "Código QR a https://x.org/";
	int tbl = lay_doc_elem(d, LAY_TAG_TABLE, LAY_ROOT);    /* 5 */
	int tr = lay_doc_elem(d, LAY_TAG_TR, tbl);             /* 6 */
	int th = lay_doc_elem(d, LAY_TAG_TH, tr);              /* 7 */
	d->elem[th].scope = 'c';
	d->elem[th].colspan = 7;
	return d;
}

/* Draw small_doc() on two pages and save it, uncompressed, into out. */
static void render_small(struct buf *out)
{
	struct lay_doc *d = small_doc();
	HPDF_Doc doc = HPDF_New(on_error, NULL);
	assert_non_null(doc);
	HPDF_SetCompressionMode(doc, HPDF_COMP_NONE);
	struct pdftags *t = pdftags_new(doc, d);
	struct lay_box b;
	memset(&b, 0, sizeof b);

	HPDF_Page pg = HPDF_AddPage(doc);
	assert_int_equal(pdftags_page(t, pg), HPDF_OK);
	b.kind = LAY_RECT; /* a border: an artifact */
	b.tag = LAY_ARTIFACT;
	assert_int_equal(pdftags_mark(t, &b), HPDF_OK);
	HPDF_Page_Rectangle(pg, 10, 10, 100, 100);
	HPDF_Page_Stroke(pg);
	b.tag = 4; /* the figure's two squares: one sequence */
	b.x = 20, b.y = 30, b.w = 10, b.h = 10;
	assert_int_equal(pdftags_mark(t, &b), HPDF_OK);
	HPDF_Page_Rectangle(pg, 20, 30, 10, 10);
	b.x = 40, b.y = 50;
	assert_int_equal(pdftags_mark(t, &b), HPDF_OK);
	HPDF_Page_Rectangle(pg, 40, 50, 10, 10);
	HPDF_Page_Fill(pg);
	assert_int_equal(pdftags_end(t), HPDF_OK);
	b.kind = LAY_TEXT;
	b.tag = 2; /* the heading, then the paragraph's first line */
	assert_int_equal(pdftags_mark(t, &b), HPDF_OK);
	b.tag = 3;
	assert_int_equal(pdftags_mark(t, &b), HPDF_OK);
	b.tag = LAY_PAGINATION; /* the footer */
	assert_int_equal(pdftags_mark(t, &b), HPDF_OK);
	assert_int_equal(pdftags_end(t), HPDF_OK);

	pg = HPDF_AddPage(doc);
	assert_int_equal(pdftags_page(t, pg), HPDF_OK);
	b.tag = 3; /* the paragraph's second line, then a header cell */
	assert_int_equal(pdftags_mark(t, &b), HPDF_OK);
	b.tag = 7;
	assert_int_equal(pdftags_mark(t, &b), HPDF_OK);
	b.tag = 999; /* no such element: an artifact */
	assert_int_equal(pdftags_mark(t, &b), HPDF_OK);
	assert_int_equal(pdftags_finish(t, "A <title> & more", "es"),
			 HPDF_OK);
	pdftags_free(t);
	assert_int_equal(HPDF_SaveToStream(doc), HPDF_OK);
	HPDF_UINT32 size = HPDF_GetStreamSize(doc), n = size;
	buf_grow(out, size);
	HPDF_ReadFromStream(doc, (HPDF_BYTE *)out->data + out->len, &n);
	out->len += n;
	out->data[out->len] = '\0';
	HPDF_Free(doc);
	lay_doc_free(d);
}

/* 1 if the n bytes of s hold needle. */
static int has(const struct buf *s, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= s->len; i++)
		if (memcmp(s->data + i, needle, k) == 0)
			return 1;
	return 0;
}

static void test_pdftags_writes(void **state)
{
	(void)state;
	struct buf pdf = BUF_INIT;
	render_small(&pdf);
	assert_memory_equal(pdf.data, "%PDF-1.7", 8);
	/* Page 1's sequences: the border, the figure's squares in one, the
	 * heading, the paragraph, the footer; page 2's count from 0 again. */
	assert_true(has(&pdf, "/Artifact BMC\n10 10 100 100 re\nS\nEMC\n"
			      "/Figure <</MCID 0>> BDC\n"));
	assert_true(has(&pdf, "40 50 10 10 re\nf\nEMC\n"
			      "/H1 <</MCID 1>> BDC\nEMC\n"
			      "/P <</MCID 2>> BDC\nEMC\n"
			      "/Artifact <</Type /Pagination /Subtype /Footer>> "
			      "BDC\nEMC\n"));
	assert_true(has(&pdf, "/P <</MCID 0>> BDC\nEMC\n"
			      "/TH <</MCID 1>> BDC\nEMC\n"
			      "/Artifact BMC\nEMC\n"));
	assert_true(has(&pdf, "/StructParents 0"));
	assert_true(has(&pdf, "/StructParents 1"));
	/* The tree. */
	assert_true(has(&pdf, "/Type /StructTreeRoot"));
	assert_true(has(&pdf, "/ParentTreeNextKey 2"));
	assert_true(has(&pdf, "/S /Document"));
	assert_true(has(&pdf, "/S /H1\n"));
	/* The paragraph: MCID 2 on its page, MCID 0 of page 2 by an MCR. */
	assert_true(has(&pdf, "/K [ 2 <<\n/Type /MCR\n/Pg 7 0 R\n/MCID 0\n"));
	/* The parent tree: page 1's MCIDs 0, 1, 2 are the figure's, the
	 * heading's, the paragraph's. */
	assert_true(has(&pdf, "/Nums [ 0 18 0 R 1 19 0 R ]"));
	assert_true(has(&pdf, "18 0 obj\n[ 14 0 R 12 0 R 13 0 R ]"));
	assert_true(has(&pdf, "19 0 obj\n[ 13 0 R 17 0 R ]"));
	/* One MCID on its page: the number alone. */
	assert_true(has(&pdf, "/S /H1\n/P 11 0 R\n/Pg 4 0 R\n/K 1\n"));
	/* The figure: its alt text in UTF-16 ("Có..."), its extent. */
	assert_true(has(&pdf, "/Alt <FEFF004300F30064"));
	assert_true(has(&pdf, "/BBox [ 20 30 50 60 ]"));
	assert_true(has(&pdf, "/Scope /Column"));
	assert_true(has(&pdf, "/ColSpan 7"));
	/* The catalog. */
	assert_true(has(&pdf, "/StructTreeRoot "));
	assert_true(has(&pdf, "/Marked true"));
	assert_true(has(&pdf, "/DisplayDocTitle true"));
	assert_true(has(&pdf, "<rdf:li xml:lang=\"x-default\">"
			      "A &lt;title&gt; &amp; more</rdf:li>"));
	assert_true(has(&pdf, "<dc:language><rdf:Bag><rdf:li>es</rdf:li>"));
	/* The same bytes twice. */
	struct buf again = BUF_INIT;
	render_small(&again);
	assert_int_equal(pdf.len, again.len);
	assert_memory_equal(pdf.data, again.data, pdf.len);
	buf_free(&pdf);
	buf_free(&again);
}

/* Marking before any page is an error, not a crash. */
static void test_pdftags_no_page(void **state)
{
	(void)state;
	struct lay_doc *d = small_doc();
	HPDF_Doc doc = HPDF_New(on_error, NULL);
	struct pdftags *t = pdftags_new(doc, d);
	struct lay_box b;
	memset(&b, 0, sizeof b);
	b.tag = 2;
	assert_int_not_equal(pdftags_mark(t, &b), HPDF_OK);
	pdftags_free(t);
	pdftags_free(NULL);
	HPDF_Free(doc);
	lay_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_tree),
		cmocka_unit_test(test_stress_tree),
		cmocka_unit_test(test_column_subtree),
		cmocka_unit_test(test_pdftags_writes),
		cmocka_unit_test(test_pdftags_no_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
