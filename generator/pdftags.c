/*
 * pdftags.c: the tagged PDF (see pdftags.h), through libharu's internals.
 *
 * What this relies on, read in libharu 2.3.0's source and headers
 * (hpdf_doc.h, hpdf_pages.h, hpdf_objects.h; hpdf_dict.c, hpdf_array.c,
 * hpdf_xref.c, hpdf_string.c, hpdf_binary.c) and checked in 2.4.6's:
 * - HPDF_Doc points to a struct _HPDF_Doc_Rec whose mmgr makes objects,
 *   whose xref numbers them (HPDF_Xref_Add() makes an object indirect:
 *   it is written once, in the order added, and every dictionary or
 *   array it is added to refers to it as "n 0 R"; the xref frees it with
 *   the document), whose catalog is the document catalog (a dictionary),
 *   and whose pdf_version is the version in the file's header.
 * - A direct object (a number, a name, a dictionary made with
 *   HPDF_Dict_New() and not added to the xref) belongs to the one
 *   dictionary or array it is added to (HPDF_Dict_Add(),
 *   HPDF_Array_Add(): adding it a second time fails), which frees it.
 *   These return an error code and do not call the error handler.
 * - HPDF_String_New(mmgr, s, NULL) writes s as a literal string, every
 *   byte outside printable ASCII escaped; HPDF_Binary_New() writes its
 *   bytes as a hex string (both at most 65,535 bytes).
 * - HPDF_DictStream_New(mmgr, xref) is an indirect dictionary with a
 *   stream, written unfiltered (its filter is HPDF_STREAM_FILTER_NONE)
 *   with its /Length.
 * - An HPDF_Page is a dictionary (the page object: entries may be added)
 *   whose attr is an HPDF_PageAttr, its stream the page's content
 *   stream: what HPDF_Stream_WriteStr() writes there goes into the page
 *   as it is, between libharu's own operators, which know nothing of it
 *   (marked-content operators change no graphics state).
 * These held from 2.3.0 (Debian 12) to 2.4.x; another major version is
 * refused at build time.
 *
 * The tree: each element of the layout's tree (layout.h) is a structure
 * element (no /Type: it is optional) with /S its type, /P its parent,
 * /K its kids: the marked-content identifiers (MCIDs) of its content, in
 * drawing order (then its child elements, in reading order: an element
 * has one or the other), an MCID on another page than the element's /Pg
 * (its first) as an MCR dictionary; one MCID alone is the number alone.
 * A Figure has /Alt and its /BBox; a table's cells /Scope, /ColSpan and
 * /RowSpan (an attribute object of owner /Table).  Each page's MCIDs
 * count from 0; the parent tree maps each page's /StructParents number
 * to the array of the elements its MCIDs belong to.
 */
#include "pdftags.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "util.h"

#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION < 3
#error "pdftags.c relies on libharu 2.3/2.4 internals: check them for this version"
#endif

/* No sequence open. */
#define NONE INT_MIN

/* Alt text longer than this is cut (a string is at most 65,535 bytes). */
#define ALT_MAX 4000

/* One marked-content sequence of an element: page, MCID. */
struct mc {
	int page, mcid, elem;
};

struct pdftags {
	HPDF_Doc doc;
	const struct lay_doc *lay;
	HPDF_Page *pages;
	size_t npages;
	int open; /* the tag of the sequence open, or NONE */
	int mcid; /* the page's next MCID */
	struct mc *mc; /* every element's sequences, in drawing order */
	size_t nmc, capmc;
	/* A Figure's bounding box on its first page (its first MCID's). */
	double (*bbox)[4];
	int *bbox_page; /* -1: none yet */
	struct buf op;  /* an operator being written */
};

struct pdftags *pdftags_new(HPDF_Doc doc, const struct lay_doc *lay)
{
	struct pdftags *t = xcalloc(1, sizeof *t);
	t->doc = doc;
	t->lay = lay;
	t->open = NONE;
	t->bbox = xcalloc(lay->nelem + 1, sizeof *t->bbox);
	t->bbox_page = xmalloc((lay->nelem + 1) * sizeof *t->bbox_page);
	for (size_t i = 0; i <= lay->nelem; i++)
		t->bbox_page[i] = -1;
	return t;
}

void pdftags_free(struct pdftags *t)
{
	if (t == NULL)
		return;
	free(t->pages);
	free(t->mc);
	free(t->bbox);
	free(t->bbox_page);
	buf_free(&t->op);
	free(t);
}

/* Write op into the current page's content stream. */
static HPDF_STATUS put(struct pdftags *t, const char *op)
{
	if (t->npages == 0)
		return HPDF_INVALID_PAGE;
	HPDF_Page pg = t->pages[t->npages - 1];
	HPDF_PageAttr attr = (HPDF_PageAttr)pg->attr;
	return HPDF_Stream_WriteStr(attr->stream, op);
}

HPDF_STATUS pdftags_page(struct pdftags *t, HPDF_Page pg)
{
	HPDF_STATUS st = pdftags_end(t);
	t->pages = xrealloc(t->pages, (t->npages + 1) * sizeof *t->pages);
	t->pages[t->npages++] = pg;
	t->mcid = 0;
	return st;
}

HPDF_STATUS pdftags_end(struct pdftags *t)
{
	if (t->open == NONE)
		return HPDF_OK;
	t->open = NONE;
	return put(t, "EMC\012");
}

/* 1 if tag is an element of the tree (else the box is an artifact). */
static int is_elem(const struct pdftags *t, int tag)
{
	return tag >= LAY_ROOT && (size_t)tag < t->lay->nelem;
}

HPDF_STATUS pdftags_mark(struct pdftags *t, const struct lay_box *b)
{
	if (t->npages == 0)
		return HPDF_INVALID_PAGE;
	int tag = b->tag == LAY_PAGINATION || is_elem(t, b->tag)
			  ? b->tag
			  : LAY_ARTIFACT;
	HPDF_STATUS st = HPDF_OK;
	if (tag != t->open) {
		st = pdftags_end(t);
		buf_reset(&t->op);
		if (tag == LAY_ARTIFACT) {
			buf_puts(&t->op, "/Artifact BMC\012");
		} else if (tag == LAY_PAGINATION) {
			buf_puts(&t->op, "/Artifact <</Type /Pagination "
					 "/Subtype /Footer>> BDC\012");
		} else {
			buf_printf(&t->op, "/%s <</MCID %d>> BDC\012",
				   lay_role_name(t->lay->elem[tag].role),
				   t->mcid);
			if (t->nmc == t->capmc) {
				t->capmc = t->capmc ? 2 * t->capmc : 256;
				t->mc = xrealloc(t->mc,
						 t->capmc * sizeof *t->mc);
			}
			t->mc[t->nmc++] = (struct mc){(int)t->npages - 1,
						      t->mcid++, tag};
		}
		if (st == HPDF_OK)
			st = put(t, buf_cstr(&t->op));
		t->open = tag;
	}
	/* A Figure's extent, on the page where it starts. */
	if (tag >= LAY_ROOT &&
	    t->lay->elem[tag].role == LAY_TAG_FIGURE && b->kind != LAY_TEXT) {
		int pg = (int)t->npages - 1;
		double *bb = t->bbox[tag];
		double x0 = b->x, y0 = b->y, x1 = b->x + b->w, y1 = b->y + b->h;
		if (x1 < x0) {
			double s = x0; x0 = x1; x1 = s;
		}
		if (y1 < y0) {
			double s = y0; y0 = y1; y1 = s;
		}
		if (t->bbox_page[tag] < 0) {
			t->bbox_page[tag] = pg;
			bb[0] = x0, bb[1] = y0, bb[2] = x1, bb[3] = y1;
		} else if (t->bbox_page[tag] == pg) {
			bb[0] = x0 < bb[0] ? x0 : bb[0];
			bb[1] = y0 < bb[1] ? y0 : bb[1];
			bb[2] = x1 > bb[2] ? x1 : bb[2];
			bb[3] = y1 > bb[3] ? y1 : bb[3];
		}
	}
	return st;
}

/* ---- the tree ---- */

/* s as a PDF text string: literal when it is printable ASCII, else
 * UTF-16BE with its byte order mark (hex).  NULL when out of memory. */
static void *text_string(HPDF_MMgr mmgr, const char *s)
{
	size_t len = strlen(s);
	int ascii = 1;
	for (size_t i = 0; i < len && ascii; i++)
		ascii = (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F;
	if (ascii && len <= ALT_MAX)
		return HPDF_String_New(mmgr, s, NULL);
	struct buf u = BUF_INIT;
	buf_put(&u, "\xFE\xFF", 2);
	size_t i = 0;
	while (i < len && u.len < 2 * ALT_MAX) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i,
			(utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			n = 1, cp = 0xFFFD;
		i += (size_t)n;
		if (cp < 0x20)
			cp = ' ';
		if (cp > 0xFFFF) {
			long v = cp - 0x10000;
			unsigned hi = 0xD800 + (unsigned)(v >> 10);
			unsigned lo = 0xDC00 + (unsigned)(v & 0x3FF);
			buf_putc(&u, (char)(hi >> 8));
			buf_putc(&u, (char)(hi & 0xFF));
			buf_putc(&u, (char)(lo >> 8));
			buf_putc(&u, (char)(lo & 0xFF));
		} else {
			buf_putc(&u, (char)(cp >> 8));
			buf_putc(&u, (char)(cp & 0xFF));
		}
	}
	void *str = HPDF_Binary_New(mmgr, (HPDF_BYTE *)u.data,
				    (HPDF_UINT)u.len);
	buf_free(&u);
	return str;
}

/* A direct dictionary with entry /key value (a name). */
static HPDF_Dict dict_with(HPDF_MMgr mmgr, const char *key, const char *name)
{
	HPDF_Dict d = HPDF_Dict_New(mmgr);
	if (d != NULL && HPDF_Dict_AddName(d, key, name) != HPDF_OK)
		return NULL; /* (freed with the document's memory) */
	return d;
}

/* Element e's attributes (/A) in se, when it has any. */
static HPDF_STATUS add_attributes(struct pdftags *t, HPDF_Dict se, int e)
{
	HPDF_MMgr mmgr = t->doc->mmgr;
	const struct lay_elem *el = &t->lay->elem[e];
	HPDF_STATUS st = HPDF_OK;
	if (el->role == LAY_TAG_TH || el->role == LAY_TAG_TD) {
		if (el->scope == 0 && el->colspan <= 1 && el->rowspan <= 1)
			return HPDF_OK;
		HPDF_Dict a = dict_with(mmgr, "O", "Table");
		if (a == NULL)
			return HPDF_FAILD_TO_ALLOC_MEM;
		if (el->scope != 0)
			st += HPDF_Dict_AddName(a, "Scope", el->scope == 'r'
							? "Row" : "Column");
		if (el->colspan > 1)
			st += HPDF_Dict_AddNumber(a, "ColSpan", el->colspan);
		if (el->rowspan > 1)
			st += HPDF_Dict_AddNumber(a, "RowSpan", el->rowspan);
		return st + HPDF_Dict_Add(se, "A", a);
	}
	if (el->role == LAY_TAG_FIGURE && t->bbox_page[e] >= 0) {
		HPDF_Dict a = dict_with(mmgr, "O", "Layout");
		HPDF_Array box = HPDF_Array_New(mmgr);
		if (a == NULL || box == NULL)
			return HPDF_FAILD_TO_ALLOC_MEM;
		st += HPDF_Dict_AddName(a, "Placement", "Block");
		for (int k = 0; k < 4; k++) /* (to 1/100 pt: the same bytes) */
			st += HPDF_Array_AddReal(
				box, (HPDF_REAL)((double)(long)(t->bbox[e][k] *
								100 + 0.5) /
						 100));
		st += HPDF_Dict_Add(a, "BBox", box);
		return st + HPDF_Dict_Add(se, "A", a);
	}
	return HPDF_OK;
}

/* Each element's kids: its sequences (indexes into t->mc), then its
 * child elements (as -1 - index), in order. */
struct kids {
	int *v;
	size_t n, cap;
};

static void kid(struct kids *k, int v)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 4;
		k->v = xrealloc(k->v, k->cap * sizeof *k->v);
	}
	k->v[k->n++] = v;
}

/* The structure elements and the parent tree. */
static HPDF_STATUS build_tree(struct pdftags *t, HPDF_Dict root)
{
	HPDF_MMgr mmgr = t->doc->mmgr;
	HPDF_Xref xref = t->doc->xref;
	const struct lay_doc *lay = t->lay;
	size_t n = lay->nelem;
	HPDF_STATUS st = HPDF_OK;
	struct kids *kids = xcalloc(n + 1, sizeof *kids);
	HPDF_Dict *se = xcalloc(n + 1, sizeof *se);
	for (size_t i = 0; i < t->nmc; i++)
		kid(&kids[t->mc[i].elem], (int)i);
	for (size_t e = LAY_ROOT + 1; e < n; e++)
		if (lay->elem[e].parent >= LAY_ROOT &&
		    (size_t)lay->elem[e].parent < e)
			kid(&kids[lay->elem[e].parent], -1 - (int)e);

	/* The elements, parents first (a parent's index is smaller). */
	for (size_t e = LAY_ROOT; e < n && st == HPDF_OK; e++) {
		const struct lay_elem *el = &lay->elem[e];
		int parent = el->parent;
		if (e > LAY_ROOT && (parent < LAY_ROOT || (size_t)parent >= e ||
				     se[parent] == NULL))
			continue; /* (not in the tree) */
		se[e] = HPDF_Dict_New(mmgr);
		if (se[e] == NULL || HPDF_Xref_Add(xref, se[e]) != HPDF_OK) {
			st = HPDF_FAILD_TO_ALLOC_MEM;
			break;
		}
		/* (No /Type /StructElem: it is optional, and a sheet has
		 * hundreds of elements.) */
		st += HPDF_Dict_AddName(se[e], "S", lay_role_name(el->role));
		st += HPDF_Dict_Add(se[e], "P", e == LAY_ROOT ? root
							       : se[parent]);
		if (el->role == LAY_TAG_FIGURE && el->alt != NULL)
			st += HPDF_Dict_Add(se[e], "Alt",
					    text_string(mmgr, el->alt));
		st += add_attributes(t, se[e], (int)e);
	}
	/* Their kids, and /Pg: the page of the first sequence. */
	for (size_t e = LAY_ROOT; e < n && st == HPDF_OK; e++) {
		if (se[e] == NULL || kids[e].n == 0)
			continue;
		int pg = -1;
		for (size_t i = 0; i < kids[e].n && pg < 0; i++)
			if (kids[e].v[i] >= 0)
				pg = t->mc[kids[e].v[i]].page;
		if (pg >= 0)
			st += HPDF_Dict_Add(se[e], "Pg", t->pages[pg]);
		/* One MCID on /Pg (a line of text): the number alone. */
		if (kids[e].n == 1 && kids[e].v[0] >= 0) {
			st += HPDF_Dict_AddNumber(se[e], "K",
						  t->mc[kids[e].v[0]].mcid);
			continue;
		}
		HPDF_Array k = HPDF_Array_New(mmgr);
		if (k == NULL) {
			st = HPDF_FAILD_TO_ALLOC_MEM;
			break;
		}
		st += HPDF_Dict_Add(se[e], "K", k);
		for (size_t i = 0; i < kids[e].n && st == HPDF_OK; i++) {
			int v = kids[e].v[i];
			if (v < 0) {
				if (se[-1 - v] != NULL)
					st += HPDF_Array_Add(k, se[-1 - v]);
				continue;
			}
			const struct mc *m = &t->mc[v];
			if (m->page == pg) {
				st += HPDF_Array_AddNumber(k, m->mcid);
				continue;
			}
			HPDF_Dict mcr = dict_with(mmgr, "Type", "MCR");
			if (mcr == NULL) {
				st = HPDF_FAILD_TO_ALLOC_MEM;
				break;
			}
			st += HPDF_Dict_Add(mcr, "Pg", t->pages[m->page]);
			st += HPDF_Dict_AddNumber(mcr, "MCID", m->mcid);
			st += HPDF_Array_Add(k, mcr);
		}
	}
	if (st == HPDF_OK && se[LAY_ROOT] != NULL)
		st += HPDF_Dict_Add(root, "K", se[LAY_ROOT]);

	/* The parent tree: page i (/StructParents i) to the elements of
	 * its MCIDs 0, 1, ...  (t->mc is in page and MCID order). */
	HPDF_Dict ptree = HPDF_Dict_New(mmgr);
	HPDF_Array nums = HPDF_Array_New(mmgr);
	if (ptree == NULL || nums == NULL)
		st = HPDF_FAILD_TO_ALLOC_MEM;
	else
		st += HPDF_Dict_Add(ptree, "Nums", nums);
	size_t at = 0;
	for (size_t p = 0; p < t->npages && st == HPDF_OK; p++) {
		HPDF_Array arr = HPDF_Array_New(mmgr);
		if (arr == NULL || HPDF_Xref_Add(xref, arr) != HPDF_OK) {
			st = HPDF_FAILD_TO_ALLOC_MEM;
			break;
		}
		st += HPDF_Array_AddNumber(nums, (HPDF_INT32)p);
		st += HPDF_Array_Add(nums, arr);
		for (; at < t->nmc && t->mc[at].page == (int)p; at++)
			st += se[t->mc[at].elem] != NULL
				      ? HPDF_Array_Add(arr, se[t->mc[at].elem])
				      : HPDF_Array_Add(arr,
						       HPDF_Null_New(mmgr));
		st += HPDF_Dict_AddNumber(t->pages[p], "StructParents",
					  (HPDF_INT32)p);
	}
	if (st == HPDF_OK) {
		st += HPDF_Dict_Add(root, "ParentTree", ptree);
		st += HPDF_Dict_AddNumber(root, "ParentTreeNextKey",
					  (HPDF_INT32)t->npages);
	}
	for (size_t e = 0; e <= n; e++)
		free(kids[e].v);
	free(kids);
	free(se);
	return st;
}

/* s with XML's special characters escaped. */
static void xml_text(struct buf *out, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		default: buf_putc(out, *s); break;
		}
}

/* The catalog's /Metadata: an XMP packet with the title and language
 * (PDF/UA wants dc:title there; the Info dictionary has it too). */
static HPDF_STATUS metadata(struct pdftags *t, const char *title,
			    const char *lang)
{
	struct buf x = BUF_INIT;
	buf_puts(&x, "<?xpacket begin=\"\xEF\xBB\xBF\" "
		 "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		 "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
		 "22-rdf-syntax-ns#\">\n"
		 "<rdf:Description rdf:about=\"\" "
		 "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
	if (title != NULL && title[0] != '\0') {
		buf_puts(&x, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(&x, title);
		buf_puts(&x, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (lang != NULL && lang[0] != '\0') {
		buf_puts(&x, "<dc:language><rdf:Bag><rdf:li>");
		xml_text(&x, lang);
		buf_puts(&x, "</rdf:li></rdf:Bag></dc:language>\n");
	}
	buf_puts(&x, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
		 "<?xpacket end=\"r\"?>\n");
	HPDF_STATUS st = HPDF_FAILD_TO_ALLOC_MEM;
	HPDF_Dict m = HPDF_DictStream_New(t->doc->mmgr, t->doc->xref);
	if (m != NULL) {
		st = HPDF_Dict_AddName(m, "Type", "Metadata");
		st += HPDF_Dict_AddName(m, "Subtype", "XML");
		st += HPDF_Stream_Write(m->stream, (const HPDF_BYTE *)x.data,
					(HPDF_UINT)x.len);
		m->filter = HPDF_STREAM_FILTER_NONE; /* (readable as it is) */
		st += HPDF_Dict_Add(t->doc->catalog, "Metadata", m);
	}
	buf_free(&x);
	return st;
}

HPDF_STATUS pdftags_finish(struct pdftags *t, const char *title,
			   const char *lang)
{
	HPDF_STATUS st = pdftags_end(t);
	HPDF_MMgr mmgr = t->doc->mmgr;
	HPDF_Dict cat = t->doc->catalog;
	HPDF_Dict root = dict_with(mmgr, "Type", "StructTreeRoot");
	if (root == NULL || HPDF_Xref_Add(t->doc->xref, root) != HPDF_OK)
		return HPDF_FAILD_TO_ALLOC_MEM;
	st += build_tree(t, root);
	st += HPDF_Dict_Add(cat, "StructTreeRoot", root);
	HPDF_Dict mark = HPDF_Dict_New(mmgr);
	if (mark == NULL)
		return HPDF_FAILD_TO_ALLOC_MEM;
	st += HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
	st += HPDF_Dict_Add(cat, "MarkInfo", mark);
	/* A reader's title bar shows the title, not the file's name. */
	HPDF_Dict vp = HPDF_Dict_GetItem(cat, "ViewerPreferences",
					 HPDF_OCLASS_DICT);
	if (vp == NULL) {
		vp = HPDF_Dict_New(mmgr);
		if (vp == NULL)
			return HPDF_FAILD_TO_ALLOC_MEM;
		st += HPDF_Dict_Add(cat, "ViewerPreferences", vp);
	}
	st += HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
	st += metadata(t, title, lang);
	/* Structure attributes (/Scope...) and marked content are PDF 1.5
	 * and later; PDF/UA is made on 1.7. */
	if (t->doc->pdf_version < HPDF_VER_17)
		t->doc->pdf_version = HPDF_VER_17;
	return st;
}
