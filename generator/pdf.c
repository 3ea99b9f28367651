/*
 * pdf.c: the PDF backend.  Owns the libharu document: checks and loads
 * the fonts, measures text for the layout engine (layout.h), draws its
 * display list, each box tagged (pdftags.h: a tagged PDF), sets the
 * metadata and saves the bytes.  With haru.c and pdftags.c, the only
 * files that include hpdf.h.
 *
 * Fonts: each TrueType file is embedded once, used through a simple
 * TrueType font in the CP1252 encoding (Latin text, typographic quotes
 * and dashes, the bullet), and through a UTF-8 (Type0) font only when
 * the text has a character CP1252 lacks.  libharu's UTF-8 font costs ~6
 * ms a font (it maps all 65,536 code points to glyphs and writes a
 * width for each); the simple font costs nothing, and both share the
 * one embedded (subset) font file.
 *
 * Two workarounds reach into libharu 2.3.0's internals (its headers are
 * installed; hpdf.h includes them unless HPDF_SHARED is defined): the
 * UTF-8 font's ToUnicode map is rewritten (to_unicode()), and a run of
 * zero-width text (combining marks) is written to the page stream
 * directly, since HPDF_Page_ShowText() drops text that has no width.
 *
 * Errors: libharu calls on_error(), which longjmps to the innermost
 * p->jmp; every return value is checked too (a truncated font gives
 * NULL without an error).
 */
#define _POSIX_C_SOURCE 200809L
#include "pdf.h"

#include <hpdf.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <utf8proc.h>

#include "fsutil.h"
#include "haru.h"
#include "i18n.h"
#include "layout.h"
#include "pdfcheck.h"
#include "pdftags.h"
#include "rasters.h"
#include "svg.h"
#include "util.h"

/* Compress everything (the font files too): 3x smaller (100 KB instead
 * of 300 KB), for ~9 ms of zlib per sheet.  Overridable to measure. */
#ifndef PDF_COMPRESSION
#define PDF_COMPRESSION HPDF_COMP_ALL
#endif

/* Emphasis is slanted regular text (tan of 11 degrees): only a regular
 * and a bold font are embedded. */
#define SLANT 0.2f

/* A picture of the sheet: PNG and JPEG are loaded when the layout asks
 * for their size; an SVG is drawn when its box is known, at 600 dpi. */
struct image {
	char *path;
	HPDF_Image img;  /* NULL: an SVG not drawn yet */
	unsigned w, h;   /* pixels (an SVG's CSS pixels) */
	struct buf svg;  /* an SVG's text until it is drawn */
};

/* Dots per inch of an SVG drawn for print; the most read of an SVG. */
#define SVG_DPI 600
#define PDF_SVG_MAX ((size_t)8 << 20)

struct pdf {
	struct pdf_opts o;
	/* Advance widths by code point, in 1/1000 em (-1: not looked up),
	 * 256 lazily made pages per font.  Forgotten after each render:
	 * looking a width up marks its glyph for the embedded subset, so
	 * every render must look up what it measures (else a second sheet
	 * made by the same process could differ from the first). */
	int16_t *widths[LAY_NFONTS][256];
	/* The characters each font has a glyph for (pdfcheck.h). */
	unsigned char cover[LAY_NFONTS][PDF_COVER_BYTES];
	/* The fonts checked, and their stamps then: a second sheet made by
	 * the same object (a batch of handouts) checks them again only if
	 * they changed. */
	int checked[LAY_NFONTS];
	struct fs_stamp checked_stamp[LAY_NFONTS];

	/* Per render. */
	HPDF_Doc doc;
	jmp_buf *jmp;           /* where on_error() goes */
	HPDF_STATUS err, detail; /* libharu's last error */
	struct diag *d;
	const char *font_path[LAY_NFONTS];
	const char *font_name[LAY_NFONTS]; /* libharu's names */
	HPDF_Font font[LAY_NFONTS];        /* CP1252 */
	HPDF_Font ufont[LAY_NFONTS];       /* UTF-8, made on first need */
	/* The codes (= BMP code points) drawn with each UTF-8 font, a bit
	 * each: its ToUnicode map lists exactly these. */
	unsigned char *drawn[LAY_NFONTS];
	int utf;                           /* UTF-8 encodings enabled */
	struct image *img;
	size_t nimg;
	int failed; /* an image could not be used */
	struct rasters *rasters; /* SVGs drawn, kept between builds */
	char **kept;             /* strings it frees (pdf_keep()) */
	size_t nkept;
	const char *loading; /* the font being loaded, for messages */
	struct lay_doc *lay;
	struct pdftags *tags; /* its structure, as drawn (pdftags.h) */
	struct buf seg; /* a run of text being drawn */
};

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *data)
{
	struct pdf *p = data;
	p->err = err;
	p->detail = detail;
	if (p->jmp != NULL)
		longjmp(*p->jmp, 1);
}

/* libharu's error codes in words, for the ones a user can cause. */
static const char *hpdf_strerror(HPDF_STATUS err)
{
	switch (err) {
	case HPDF_FILE_OPEN_ERROR: return "cannot open the file";
	case HPDF_FILE_IO_ERROR: return "cannot read the file";
	case HPDF_TTF_INVALID_FOMAT: return "not a TrueType font libharu can read";
	case HPDF_TTF_MISSING_TABLE: return "the font lacks a table libharu needs";
	case HPDF_TTF_INVALID_CMAP: return "the font's character map is unusable";
	case HPDF_TTF_CANNOT_EMBEDDING_FONT:
		return "the font's licence does not allow embedding";
	case HPDF_INVALID_PNG_IMAGE: return "not a PNG image libharu can read";
	case HPDF_LIBPNG_ERROR:
		return "libpng could not read the image (open it in an image "
		       "editor and save it again as PNG or JPEG)";
	case HPDF_INVALID_JPEG_DATA: return "not a JPEG image libharu can read";
	case HPDF_UNSUPPORTED_JPEG_FORMAT: return "this kind of JPEG is not supported";
	case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
	default: return "libharu failed";
	}
}

struct pdf *pdf_new(const struct pdf_opts *opts)
{
	struct pdf *p = xcalloc(1, sizeof *p);
	p->o = *opts;
	if (p->o.font_regular == NULL)
		p->o.font_regular = PDF_FONT_REGULAR;
	if (p->o.font_bold == NULL)
		p->o.font_bold = PDF_FONT_BOLD;
	if (p->o.version == NULL)
		p->o.version = "";
	return p;
}

void pdf_keep(struct pdf *p, char *s)
{
	p->kept = xrealloc(p->kept, (p->nkept + 1) * sizeof *p->kept);
	p->kept[p->nkept++] = s;
}

void pdf_free(struct pdf *p)
{
	if (p == NULL)
		return;
	for (int f = 0; f < LAY_NFONTS; f++) {
		for (int i = 0; i < 256; i++)
			free(p->widths[f][i]);
		free(p->drawn[f]);
	}
	for (size_t i = 0; i < p->nkept; i++)
		free(p->kept[i]);
	free(p->kept);
	free(p);
}

/* ---- text ---- */

/* CP1252's 0x80-0x9F, as Unicode (0: unused). */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

/* The CP1252 byte for code point cp, or -1. */
static int cp1252(int32_t cp)
{
	if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF))
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (cp1252_high[i] == cp && cp != 0)
			return 0x80 + i;
	return -1;
}

static int32_t next_cp(const char *s, size_t len, size_t *i)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + *i,
					      (utf8proc_ssize_t)(len - *i), &cp);
	if (n <= 0) {
		(*i)++;
		return 0xFFFD;
	}
	*i += (size_t)n;
	return cp > 0xFFFF ? 0xFFFD : cp;
}

static int char_width(struct pdf *p, int font, int32_t cp)
{
	int16_t **page = &p->widths[font][(cp >> 8) & 0xFF];
	if (*page == NULL) {
		*page = xmalloc(256 * sizeof **page);
		for (int i = 0; i < 256; i++)
			(*page)[i] = -1;
	}
	int16_t *w = &(*page)[cp & 0xFF];
	if (*w < 0) {
		/* Works for any code point whatever the font's encoding,
		 * and marks the glyph used, for the subset. */
		HPDF_INT v = HPDF_Font_GetUnicodeWidth(p->font[font],
						       (HPDF_UNICODE)cp);
		*w = (int16_t)(v < 0 ? 0 : v > INT16_MAX ? INT16_MAX : v);
	}
	return *w;
}

static double font_text_width(void *ctx, int font, double size,
			      const char *s, size_t len)
{
	struct pdf *p = ctx;
	long units = 0;
	for (size_t i = 0; i < len;)
		units += char_width(p, font, next_cp(s, len, &i));
	return (double)units * size / 1000.0;
}

static int has_glyph(void *ctx, int font, long cp)
{
	const struct pdf *p = ctx;
	if (cp < 0 || cp > 0xFFFF)
		return 0;
	return p->cover[font][cp >> 3] >> (cp & 7) & 1;
}

static HPDF_Font utf_font(struct pdf *p, int f)
{
	if (p->ufont[f] == NULL) {
		if (!p->utf) {
			HPDF_UseUTFEncodings(p->doc);
			p->utf = 1;
		}
		p->ufont[f] = HPDF_GetFont(p->doc, p->font_name[f], "UTF-8");
		if (p->ufont[f] == NULL) {
			p->err = HPDF_INVALID_FONTDEF_DATA;
			longjmp(*p->jmp, 1);
		}
		if (p->drawn[f] == NULL)
			p->drawn[f] = xmalloc(PDF_COVER_BYTES);
		memset(p->drawn[f], 0, PDF_COVER_BYTES);
	}
	return p->ufont[f];
}

struct pen {
	HPDF_Font font;
	double size;
};

static void use_font(HPDF_Page pg, struct pen *pen, HPDF_Font f,
		     double size)
{
	if (pen->font != f || pen->size != size) {
		HPDF_Page_SetFontAndSize(pg, f, (HPDF_REAL)size);
		pen->font = f;
		pen->size = size;
	}
}

/* Where the grapheme cluster (a letter and its marks) starting at s[i]
 * ends. */
static size_t cluster_end(const char *s, size_t len, size_t i)
{
	utf8proc_int32_t state = 0;
	int32_t prev = next_cp(s, len, &i);
	while (i < len) {
		size_t at = i;
		int32_t cp = next_cp(s, len, &i);
		if (utf8proc_grapheme_break_stateful(prev, cp, &state))
			return at;
		prev = cp;
	}
	return len;
}

/* 1 if every character of s[0..len) is in CP1252. */
static int all_cp1252(const char *s, size_t len)
{
	for (size_t i = 0; i < len;)
		if (cp1252(next_cp(s, len, &i)) < 0)
			return 0;
	return 1;
}

/* Text of no width (combining marks after a style change): written as
 * HPDF_Page_ShowText() would, which skips it.  The UTF-8 font's codes
 * are the characters' UTF-16 values. */
static void show_zero_width(struct pdf *p, HPDF_Page pg, const char *s,
			    size_t len)
{
	struct buf op = BUF_INIT;
	buf_putc(&op, '<');
	for (size_t i = 0; i < len;)
		buf_printf(&op, "%04X", (unsigned)next_cp(s, len, &i));
	buf_puts(&op, "> Tj\012");
	HPDF_PageAttr attr = (HPDF_PageAttr)((HPDF_Dict)pg)->attr;
	if (HPDF_Stream_WriteStr(attr->stream, buf_cstr(&op)) != HPDF_OK) {
		buf_free(&op);
		p->err = HPDF_FAILD_TO_ALLOC_MEM;
		longjmp(*p->jmp, 1);
	}
	buf_free(&op);
}

/* One text box: runs of CP1252 characters through the simple font, the
 * rest through the UTF-8 font, one after the other.  A letter and its
 * combining marks stay in one run (through the UTF-8 font if any of them
 * needs it), so a mark is drawn over its letter: a run of a mark alone
 * would have no width, and libharu would leave it out. */
static void draw_text(struct pdf *p, HPDF_Page pg, struct pen *pen,
		      const struct lay_box *b, struct buf *seg)
{
	HPDF_Page_SetTextMatrix(pg, 1, 0, b->oblique ? SLANT : 0, 1,
				(HPDF_REAL)b->x, (HPDF_REAL)b->y);
	size_t i = 0;
	while (i < b->len) {
		size_t start = i, end = cluster_end(b->text, b->len, i);
		int simple = all_cp1252(b->text + i, end - i);
		while (end < b->len) {
			size_t next = cluster_end(b->text, b->len, end);
			if (all_cp1252(b->text + end, next - end) != simple)
				break;
			end = next;
		}
		HPDF_Font f = simple ? p->font[b->font] : utf_font(p, b->font);
		buf_reset(seg);
		for (i = start; i < end;) {
			size_t before = i;
			int32_t cp = next_cp(b->text, end, &i);
			if (simple) {
				buf_putc(seg, cp1252(cp));
			} else {
				buf_put(seg, b->text + before, i - before);
				p->drawn[b->font][cp >> 3] |=
					(unsigned char)(1u << (cp & 7));
			}
		}
		use_font(pg, pen, f, b->size);
		if (!simple && font_text_width(p, b->font, b->size, seg->data,
					       seg->len) == 0)
			show_zero_width(p, pg, seg->data, seg->len);
		else
			HPDF_Page_ShowText(pg, buf_cstr(seg));
	}
}

/* libharu 2.3.0 gives the UTF-8 font the encoder's CMap as its ToUnicode
 * map: a begincidrange block (codes to glyph ids, not to text) and a
 * one-byte notdef range in a two-byte code space.  Readers reject it
 * ("Invalid 'begincidrange' operator in ToUnicode CMap"), and then
 * cannot be trusted to copy the text or read it aloud.  Its stream gets a
 * ToUnicode map of our own instead: the codes drawn, each the character's
 * UTF-16 value, as bfrange entries, each within one high byte and at most
 * 100 to a block (the CMap format's rules). */
static void to_unicode(struct pdf *p, int f)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)((HPDF_Dict)p->ufont[f])->attr;
	HPDF_Dict cmap = attr->cmap_stream;
	if (cmap == NULL || HPDF_Dict_GetItem(p->ufont[f], "ToUnicode",
					      HPDF_OCLASS_DICT) != cmap)
		return;
	const unsigned char *drawn = p->drawn[f];
	struct buf map = BUF_INIT, block = BUF_INIT;
	buf_puts(&map, "/CIDInit /ProcSet findresource begin\n"
		 "12 dict begin\n"
		 "begincmap\n"
		 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
		 "/Supplement 0 >> def\n"
		 "/CMapName /Adobe-Identity-UCS def\n"
		 "/CMapType 2 def\n"
		 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	int entries = 0;
	for (long cp = 0; cp <= 0x10000; cp++) {
		int on = cp <= 0xFFFF && (drawn[cp >> 3] >> (cp & 7) & 1);
		if (on) {
			long last = cp;
			while (last + 1 <= 0xFFFF && (last + 1) % 256 != 0 &&
			       (drawn[(last + 1) >> 3] >> ((last + 1) & 7) & 1))
				last++;
			buf_printf(&block, "<%04lX> <%04lX> <%04lX>\n", cp, last,
				   cp);
			entries++;
			cp = last;
		}
		if (entries == 100 || (cp > 0xFFFF && entries > 0)) {
			buf_printf(&map, "%d beginbfrange\n%sendbfrange\n",
				   entries, buf_cstr(&block));
			buf_reset(&block);
			entries = 0;
		}
	}
	buf_puts(&map, "endcmap\n"
		 "CMapName currentdict /CMap defineresource pop\n"
		 "end\n"
		 "end\n");
	/* Its dictionary described the encoder's CMap: a ToUnicode stream
	 * needs none of that. */
	const char *keys[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
	for (size_t k = 0; k < ARRAY_LEN(keys); k++)
		HPDF_Dict_RemoveElement(cmap, keys[k]);
	HPDF_MemStream_FreeData(cmap->stream);
	HPDF_STATUS st = HPDF_Stream_Write(cmap->stream,
					   (const HPDF_BYTE *)map.data,
					   (HPDF_UINT)map.len);
	buf_free(&map);
	buf_free(&block);
	if (st != HPDF_OK) {
		p->err = st;
		longjmp(*p->jmp, 1);
	}
}

/* ---- drawing ---- */

static void rounded_rect(HPDF_Page pg, double x, double y, double w,
			 double h, double r)
{
	if (r > w / 2)
		r = w / 2;
	if (r > h / 2)
		r = h / 2;
	if (r <= 0) {
		HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)y,
				    (HPDF_REAL)w, (HPDF_REAL)h);
		return;
	}
	double k = 0.5523 * r;
#define P(v) ((HPDF_REAL)(v))
	HPDF_Page_MoveTo(pg, P(x + r), P(y));
	HPDF_Page_LineTo(pg, P(x + w - r), P(y));
	HPDF_Page_CurveTo(pg, P(x + w - r + k), P(y), P(x + w), P(y + r - k),
			  P(x + w), P(y + r));
	HPDF_Page_LineTo(pg, P(x + w), P(y + h - r));
	HPDF_Page_CurveTo(pg, P(x + w), P(y + h - r + k), P(x + w - r + k),
			  P(y + h), P(x + w - r), P(y + h));
	HPDF_Page_LineTo(pg, P(x + r), P(y + h));
	HPDF_Page_CurveTo(pg, P(x + r - k), P(y + h), P(x), P(y + h - r + k),
			  P(x), P(y + h - r));
	HPDF_Page_LineTo(pg, P(x), P(y + r));
	HPDF_Page_CurveTo(pg, P(x), P(y + r - k), P(x + r - k), P(y), P(x + r),
			  P(y));
	HPDF_Page_ClosePath(pg);
#undef P
}

/* Draw SVG picture im for a box of w x h points, at SVG_DPI, and load
 * the drawing (from the kept ones when there: rasters.h). */
static void draw_svg(struct pdf *p, struct image *im, double w, double h)
{
	int pw = (int)ceil(w * SVG_DPI / 72 - 1e-6);
	int ph = (int)ceil(h * SVG_DPI / 72 - 1e-6);
	struct buf png = BUF_INIT;
	struct svg_problem why;
	int drawn;
	if (rasters_get(p->rasters, im->svg.data, im->svg.len, pw < 1 ? 1 : pw,
			ph < 1 ? 1 : ph, &png, &drawn, &why) != 0) {
		diag_error(p->d, im->path, why.line, 0,
			   "cannot print this picture on the exercise sheet: "
			   "%s", why.what);
		p->failed = 1;
		buf_free(&png);
		return;
	}
	im->img = haru_png_as_is(p->doc, (const unsigned char *)png.data,
				 png.len);
	if (im->img == NULL) /* (not cairo's usual PNG: libharu reads it) */
		im->img = HPDF_LoadPngImageFromMem(
			p->doc, (const HPDF_BYTE *)png.data, (HPDF_UINT)png.len);
	buf_free(&png);
	buf_free(&im->svg);
}

/* A tagging call's result: an error goes where libharu's go. */
static void tagged(struct pdf *p, HPDF_STATUS st)
{
	if (st != HPDF_OK) {
		p->err = st;
		longjmp(*p->jmp, 1);
	}
}

/* Page lp, each box in the marked-content sequence of its element, or
 * an artifact's (pdftags.h). */
static void draw_page(struct pdf *p, const struct lay_page *lp,
		      HPDF_PageSizes size, struct buf *seg)
{
	HPDF_Page pg = HPDF_AddPage(p->doc);
	if (pg == NULL)
		longjmp(*p->jmp, 1);
	HPDF_Page_SetSize(pg, size, HPDF_PAGE_PORTRAIT);
	tagged(p, pdftags_page(p->tags, pg));
	double fill = -1, stroke = -1, lw = -1;
	/* Shapes and pictures first, so the text is on top. */
	for (size_t i = 0; i < lp->n; i++) {
		const struct lay_box *b = &lp->box[i];
		if (b->kind == LAY_TEXT)
			continue;
		tagged(p, pdftags_mark(p->tags, b));
		if (b->kind == LAY_IMAGE) {
			if (b->image >= 0 && (size_t)b->image < p->nimg &&
			    p->img[b->image].img == NULL)
				draw_svg(p, &p->img[b->image], b->w, b->h);
			if (b->image >= 0 && (size_t)b->image < p->nimg &&
			    p->img[b->image].img != NULL)
				HPDF_Page_DrawImage(pg, p->img[b->image].img,
						    (HPDF_REAL)b->x,
						    (HPDF_REAL)b->y,
						    (HPDF_REAL)b->w,
						    (HPDF_REAL)b->h);
			continue;
		}
		if (b->stroke >= 0 && b->stroke != stroke) {
			HPDF_Page_SetGrayStroke(pg, (HPDF_REAL)b->stroke);
			stroke = b->stroke;
		}
		if (b->fill >= 0 && b->fill != fill) {
			HPDF_Page_SetGrayFill(pg, (HPDF_REAL)b->fill);
			fill = b->fill;
		}
		if (b->stroke >= 0 && b->lw != lw) {
			HPDF_Page_SetLineWidth(pg, (HPDF_REAL)b->lw);
			lw = b->lw;
		}
		if (b->kind == LAY_LINE) {
			HPDF_Page_MoveTo(pg, (HPDF_REAL)b->x, (HPDF_REAL)b->y);
			HPDF_Page_LineTo(pg, (HPDF_REAL)(b->x + b->w),
					 (HPDF_REAL)(b->y + b->h));
			HPDF_Page_Stroke(pg);
			continue;
		}
		rounded_rect(pg, b->x, b->y, b->w, b->h, b->radius);
		if (b->fill >= 0 && b->stroke >= 0)
			HPDF_Page_FillStroke(pg);
		else if (b->fill >= 0)
			HPDF_Page_Fill(pg);
		else
			HPDF_Page_Stroke(pg);
	}
	tagged(p, pdftags_end(p->tags));
	/* The text, in reading order. */
	HPDF_Page_SetGrayFill(pg, 0);
	HPDF_Page_BeginText(pg);
	struct pen pen = {NULL, 0};
	for (size_t i = 0; i < lp->n; i++)
		if (lp->box[i].kind == LAY_TEXT && lp->box[i].len > 0) {
			tagged(p, pdftags_mark(p->tags, &lp->box[i]));
			draw_text(p, pg, &pen, &lp->box[i], seg);
		}
	tagged(p, pdftags_end(p->tags));
	HPDF_Page_EndText(pg);
}

/* ---- images ---- */

/* 1 for an SVG: a file that does not start like a PNG or a JPEG and
 * whose name ends in .svg (the loader's rule, picture.h). */
static int is_svg(const char *path)
{
	size_t n = strlen(path);
	if (n < 4 || strcasecmp(path + n - 4, ".svg") != 0)
		return 0;
	unsigned char head[3] = {0};
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return 1; /* (reading it will say why) */
	size_t got = fread(head, 1, sizeof head, f);
	fclose(f);
	return !(got >= 3 && ((head[0] == 0x89 && head[1] == 'P') ||
			      (head[0] == 0xFF && head[1] == 0xD8)));
}

static int image(void *ctx, const char *path, double *w, double *h)
{
	struct pdf *p = ctx;
	for (size_t i = 0; i < p->nimg; i++)
		if (strcmp(p->img[i].path, path) == 0) {
			*w = p->img[i].w;
			*h = p->img[i].h;
			return (int)i;
		}
	if (is_svg(path)) {
		struct buf text = BUF_INIT;
		struct svg_problem why;
		int sw, sh;
		if (fs_read_file(path, &text, PDF_SVG_MAX, p->d) != 0) {
			p->failed = 1;
			buf_free(&text);
			return -1;
		}
		if (svg_measure(text.data, text.len, &sw, &sh, &why) != 0) {
			diag_error(p->d, path, why.line, 0, "cannot print this "
				   "picture on the exercise sheet: %s", why.what);
			p->failed = 1;
			buf_free(&text);
			return -1;
		}
		p->img = xrealloc(p->img, (p->nimg + 1) * sizeof *p->img);
		p->img[p->nimg] = (struct image){xstrdup(path), NULL,
						 (unsigned)sw, (unsigned)sh, text};
		*w = sw;
		*h = sh;
		return (int)p->nimg++;
	}
	enum pdf_image_kind kind;
	unsigned iw = 0, ih = 0;
	struct buf bytes = BUF_INIT;
	if (pdf_check_image(path, &kind, &iw, &ih, &bytes, p->d) != 0) {
		buf_free(&bytes);
		p->failed = 1;
		return -1;
	}
	jmp_buf here, *outer = p->jmp;
	HPDF_Image volatile img = NULL;
	p->jmp = &here;
	const HPDF_BYTE *data = (const HPDF_BYTE *)bytes.data;
	HPDF_UINT size = (HPDF_UINT)bytes.len;
	if (setjmp(here) == 0)
		img = kind == PDF_IMAGE_PNG
			      ? HPDF_LoadPngImageFromMem(p->doc, data, size)
			      : HPDF_LoadJpegImageFromMem(p->doc, data, size);
	p->jmp = outer;
	buf_free(&bytes);
	if (img == NULL) {
		diag_error(p->d, path, 0, 0,
			   "cannot print this image on the exercise sheet: "
			   "%s (libharu error 0x%04X)",
			   hpdf_strerror(p->err), (unsigned)p->err);
		HPDF_ResetError(p->doc);
		p->failed = 1;
		return -1;
	}
	p->img = xrealloc(p->img, (p->nimg + 1) * sizeof *p->img);
	p->img[p->nimg] = (struct image){xstrdup(path), img, iw, ih, BUF_INIT};
	*w = iw;
	*h = ih;
	return (int)p->nimg++;
}

/* ---- metadata ---- */

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static void set_info(struct pdf *p, HPDF_InfoType type, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	struct buf b = BUF_INIT;
	lay_clean_plain(&b, value, strlen(value));
	HPDF_SetInfoAttr(p->doc, type, buf_cstr(&b));
	buf_free(&b);
}

/* The document's properties; returns its title. */
static const char *metadata(struct pdf *p, const struct site *site,
			    int handout)
{
	const struct page *sched = site_section(site, PAGE_SCHEDULE);
	struct buf creator = BUF_INIT;
	buf_printf(&creator, "pamphlet %s", p->o.version);
	const char *desc = sched != NULL && sched->description != NULL
				   ? sched->description
				   : i18n_get(site->words, "sheet.description");
	/* A handout's properties say nothing of its patient. */
	const char *title = handout ? i18n_get(site->words, "handout.title")
				    : site->title;
	if (handout)
		desc = i18n_get(site->words, "handout.description");
	/* Non-ASCII text must go out as UTF-16: through the UTF-8 encoder
	 * (its set-up costs 0.2 ms, so only when needed). */
	const char *all[3] = {title, site->clinic_name, desc};
	for (int i = 0; i < 3; i++)
		if (all[i] != NULL && !is_ascii(all[i]) && !p->utf) {
			HPDF_UseUTFEncodings(p->doc);
			HPDF_SetCurrentEncoder(p->doc, "UTF-8");
			p->utf = 1;
		}
	set_info(p, HPDF_INFO_TITLE, title);
	set_info(p, HPDF_INFO_AUTHOR, site->clinic_name);
	set_info(p, HPDF_INFO_SUBJECT, desc);
	set_info(p, HPDF_INFO_CREATOR, buf_cstr(&creator));
	buf_free(&creator);
	/* No date unless SOURCE_DATE_EPOCH gives one: two builds of the
	 * same content must give the same bytes. */
	if (p->o.epoch >= 0) {
		time_t t = (time_t)p->o.epoch;
		struct tm tm;
		if ((long long)t == p->o.epoch && gmtime_r(&t, &tm) != NULL &&
		    tm.tm_year + 1900 <= 9999) {
			HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1,
					  tm.tm_mday, tm.tm_hour, tm.tm_min,
					  tm.tm_sec, 'Z', 0, 0};
			HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE,
					     date);
		} else {
			diag_warning(p->d, NULL, 0, 0,
				     "SOURCE_DATE_EPOCH %lld is out of range; "
				     "the sheet has no creation date",
				     p->o.epoch);
		}
	}
	return title;
}

/* ---- render ---- */

static void cleanup(struct pdf *p)
{
	pdftags_free(p->tags);
	p->tags = NULL;
	lay_doc_free(p->lay);
	p->lay = NULL;
	if (p->doc != NULL)
		HPDF_Free(p->doc);
	p->doc = NULL;
	for (size_t i = 0; i < p->nimg; i++) {
		free(p->img[i].path);
		buf_free(&p->img[i].svg);
	}
	free(p->img);
	p->img = NULL;
	p->nimg = 0;
	p->jmp = NULL;
	for (int f = 0; f < LAY_NFONTS; f++)
		for (int i = 0; i < 256; i++)
			if (p->widths[f][i] != NULL)
				memset(p->widths[f][i], 0xFF,
				       256 * sizeof *p->widths[f][i]);
	memset(p->font, 0, sizeof p->font);
	memset(p->ufont, 0, sizeof p->ufont);
	p->utf = 0;
}

static int load_fonts(struct pdf *p)
{
	for (int f = 0; f < LAY_NFONTS; f++) {
		const char *path = p->font_path[f];
		p->loading = path;
		/* A truncated font gives NULL without calling on_error. */
		p->err = 0;
		p->font_name[f] = HPDF_LoadTTFontFromFile(p->doc, path,
							  HPDF_TRUE);
		if (p->font_name[f] != NULL)
			p->font[f] = HPDF_GetFont(p->doc, p->font_name[f],
						  "CP1252");
		if (p->font_name[f] == NULL || p->font[f] == NULL) {
			diag_syserr(p->d, path,
				    "cannot load the font: %s (libharu error "
				    "0x%04X)",
				    hpdf_strerror(p->err), (unsigned)p->err);
			return -1;
		}
	}
	p->loading = NULL;
	return 0;
}

/* The scripts the sheet cannot draw, by ISO 15924 code, and the
 * languages written in them by default. */
static const struct {
	const char *script, *why;
	const char *langs[12];
} unprintable[] = {
	{"Arab", "Arabic script must be joined and set right to left",
	 {"ar", "fa", "ur", "ps", "sd", "ug", "ckb", "ks", "prs"}},
	{"Hebr", "Hebrew is set right to left", {"he", "iw", "yi"}},
	{"Syrc", "Syriac must be joined and set right to left", {"syr"}},
	{"Thaa", "Thaana is set right to left", {"dv"}},
	{"Nkoo", "N'Ko is set right to left", {"nqo"}},
	{"Deva", "Devanagari needs its letters shaped",
	 {"hi", "mr", "ne", "sa", "kok", "mai", "bho", "new"}},
	{"Beng", "Bengali script needs its letters shaped", {"bn", "as"}},
	{"Guru", "Gurmukhi needs its letters shaped", {"pa"}},
	{"Gujr", "Gujarati script needs its letters shaped", {"gu"}},
	{"Orya", "Odia script needs its letters shaped", {"or"}},
	{"Taml", "Tamil script needs its letters shaped", {"ta"}},
	{"Telu", "Telugu script needs its letters shaped", {"te"}},
	{"Knda", "Kannada script needs its letters shaped", {"kn"}},
	{"Mlym", "Malayalam script needs its letters shaped", {"ml"}},
	{"Sinh", "Sinhala script needs its letters shaped", {"si"}},
	{"Thai", "Thai needs its marks placed and its words found",
	 {"th"}},
	{"Laoo", "Lao needs its marks placed", {"lo"}},
	{"Khmr", "Khmer needs its letters shaped", {"km"}},
	{"Mymr", "Myanmar script needs its letters shaped", {"my"}},
	{"Tibt", "Tibetan needs its letters stacked", {"bo", "dz"}},
};

const char *pdf_script_problem(const char *lang)
{
	/* The primary subtag, then a script subtag if one is given
	 * ("pa-Arab", "sr-Latn"). */
	size_t n = strcspn(lang, "-_");
	const char *script = lang[n] ? lang + n + 1 : "";
	size_t sn = strcspn(script, "-_");
	for (size_t i = 0; i < ARRAY_LEN(unprintable); i++) {
		if (sn == 4 && strncasecmp(script, unprintable[i].script, 4) == 0)
			return unprintable[i].why;
		for (size_t k = 0; sn != 4 && unprintable[i].langs[k]; k++)
			if (strlen(unprintable[i].langs[k]) == n &&
			    strncasecmp(lang, unprintable[i].langs[k], n) == 0)
				return unprintable[i].why;
	}
	return NULL;
}

int pdf_render(struct buf *out, struct pdf *p, const struct site *site,
	       struct diag *d)
{
	return pdf_render_programme(out, p, site, NULL, d);
}

int pdf_render_programme(struct buf *out, struct pdf *p,
			 const struct site *site,
			 const struct lay_programme *prog, struct diag *d)
{
	jmp_buf top;
	int volatile rc = -1;

	const char *why = pdf_script_problem(site->lang);
	if (why != NULL) {
		diag_error(d, site->config, 0, 0,
			   "cannot print %s in language \"%s\": %s, which "
			   "the PDF library cannot do (the website in it is "
			   "fine: browsers do)",
			   prog != NULL ? "a handout" : "the exercise sheet",
			   site->lang, why);
		return -1;
	}
	p->d = d;
	p->failed = 0;
	p->err = p->detail = 0;
	p->font_path[LAY_REGULAR] = p->o.font_regular;
	p->font_path[LAY_BOLD] = p->o.font_bold;
	/* Check both (both are reported), before libharu sees either. */
	int bad = 0;
	for (int f = 0; f < LAY_NFONTS; f++) {
		struct fs_stamp now;
		if (p->checked[f] && fs_stamp_of(p->font_path[f], &now) == 0 &&
		    fs_stamp_eq(&now, &p->checked_stamp[f]))
			continue;
		p->checked[f] = 0;
		fs_stamp_of(p->font_path[f], &p->checked_stamp[f]);
		if (pdf_check_font(p->font_path[f], p->cover[f], d) != 0)
			bad = 1;
		else
			p->checked[f] = 1;
	}
	if (bad)
		return -1;

	p->jmp = &top;
	p->rasters = rasters_open(p->o.raster_dir);
	p->doc = HPDF_New(on_error, p);
	if (p->doc == NULL) {
		diag_syserr(d, NULL, "cannot start a PDF document: out of "
			    "memory");
		goto done;
	}
	if (setjmp(top) != 0) {
		/* Fonts and images have their own jump targets (they name
		 * the file); this is libharu failing on its own. */
		diag_syserr(d, NULL,
			    "cannot make the exercise sheet: %s (libharu error "
			    "0x%04X, detail %u)",
			    hpdf_strerror(p->err), (unsigned)p->err,
			    (unsigned)p->detail);
		goto done;
	}
	HPDF_SetCompressionMode(p->doc, p->o.raw_fonts
						? PDF_COMPRESSION & ~HPDF_COMP_METADATA
						: PDF_COMPRESSION);
	const char *title = metadata(p, site, prog != NULL);
	haru_set_lang(p->doc, site->lang);
	{
		/* The font's own jump target: its errors name the font. */
		jmp_buf here;
		p->jmp = &here;
		if (setjmp(here) != 0) {
			diag_syserr(d, p->loading,
				    "cannot load the font: %s (libharu error "
				    "0x%04X)",
				    hpdf_strerror(p->err), (unsigned)p->err);
			goto done;
		}
		if (load_fonts(p) != 0)
			goto done;
		p->jmp = &top;
	}

	struct lay_metrics m = {p, font_text_width, image, has_glyph};
	int letter = p->o.paper == PAPER_LETTER;
	double pw = letter ? LAY_LETTER_W : LAY_A4_W;
	double ph = letter ? LAY_LETTER_H : LAY_A4_H;
	/* A patient's programme warns of nothing: a warning names the
	 * character it is about, and the plan's text is the patient's (the
	 * site's own text was warned about when it was built). */
	p->lay = prog != NULL ? lay_programme(site, prog, &m, pw, ph, NULL)
			      : lay_sheet(site, &m, pw, ph, d);
	if (p->failed)
		goto done;
	p->tags = pdftags_new(p->doc, p->lay);
	for (size_t i = 0; i < p->lay->npages; i++)
		draw_page(p, &p->lay->page[i],
			  letter ? HPDF_PAGE_SIZE_LETTER : HPDF_PAGE_SIZE_A4,
			  &p->seg);
	if (p->failed)
		goto done;

	for (int f = 0; f < LAY_NFONTS; f++)
		if (p->ufont[f] != NULL)
			to_unicode(p, f);
	{
		struct buf t = BUF_INIT;
		if (title != NULL)
			lay_clean_plain(&t, title, strlen(title));
		HPDF_STATUS st = pdftags_finish(p->tags, buf_cstr(&t),
						site->lang);
		buf_free(&t);
		tagged(p, st);
	}
	if (HPDF_SaveToStream(p->doc) != HPDF_OK) {
		diag_syserr(d, NULL, "cannot make the exercise sheet: libharu "
			    "could not save it");
		goto done;
	}
	HPDF_UINT32 size = HPDF_GetStreamSize(p->doc), n = size;
	buf_grow(out, size);
	/* Exactly the size: reading past it would be an error. */
	HPDF_ReadFromStream(p->doc, (HPDF_BYTE *)out->data + out->len, &n);
	if (n != size) {
		diag_syserr(d, NULL, "cannot make the exercise sheet: short "
			    "read from libharu (%u of %u bytes)", (unsigned)n,
			    (unsigned)size);
		goto done;
	}
	out->len += n;
	out->data[out->len] = '\0';
	if (prog == NULL) /* (a handout uses some of the site's drawings) */
		rasters_prune(p->rasters);
	rc = 0;
done:
	rasters_close(p->rasters);
	p->rasters = NULL;
	p->jmp = NULL;
	buf_free(&p->seg);
	cleanup(p);
	return rc;
}
