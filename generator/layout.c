/*
 * layout.c: text for the layout engine: cleaning UTF-8 for printing and
 * the greedy line breaker.  The rest of the engine is in layout_flow.c
 * (pages), layout_md.c (Markdown), layout_table.c and layout_sheet.c.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"

/* Widths are sums of exact font units; this only absorbs rounding. */
#define EPS 1e-6

static void put_replacement(struct buf *out)
{
	buf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD */
}

#define SHY "\xC2\xAD"       /* U+00AD soft hyphen */
#define ZWSP "\xE2\x80\x8B" /* U+200B zero-width space */

int lay_replaced(long cp)
{
	/* libharu's UTF-8 encoder is 16-bit: it would print a space.  A
	 * visible mark tells the author. */
	return cp > 0xFFFF && cp <= 0x10FFFF &&
	       !utf8proc_get_property((utf8proc_int32_t)cp)->ignorable;
}

static size_t clean(struct buf *out, const char *text, size_t len,
		    int hints)
{
	size_t bad = 0, i = 0;
	buf_grow(out, len);
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		if (c < 0x80) {
			if (c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
			    c == '\v')
				buf_putc(out, ' ');
			else if (c >= 0x20 && c != 0x7f)
				buf_putc(out, c);
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(
			(const utf8proc_uint8_t *)text + i,
			(utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			put_replacement(out);
			bad++;
			i++;
			continue;
		}
		if (lay_replaced(cp)) {
			put_replacement(out);
			bad++;
		} else if (cp == 0x2028 || cp == 0x2029) {
			buf_putc(out, ' ');
		} else if (cp >= 0x80 && cp < 0xA0) {
			/* C1 controls print nothing useful. */
		} else if (utf8proc_get_property(cp)->ignorable) {
			/* Invisible; a font may lack it and print a box.  The
			 * breaker's two hints are kept for it. */
			if (hints && (cp == 0xAD || cp == 0x200B))
				buf_put(out, text + i, (size_t)n);
		} else {
			buf_put(out, text + i, (size_t)n);
		}
		i += (size_t)n;
	}
	return bad;
}

size_t lay_clean_text(struct buf *out, const char *text, size_t len)
{
	return clean(out, text, len, 1);
}

size_t lay_clean_plain(struct buf *out, const char *text, size_t len)
{
	return clean(out, text, len, 0);
}

/* Symbols clinic texts use that Noto Sans lacks (it has no arrows, no
 * math operators, no shapes), sorted by code point. */
static const struct {
	long cp;
	const char *as;
} fallbacks[] = {
	{0x2190, "<-"}, {0x2192, "->"}, {0x2194, "<->"}, {0x21D0, "<="},
	{0x21D2, "=>"}, {0x21D4, "<=>"}, {0x2212, "-"}, {0x2248, "~"},
	{0x2264, "<="}, {0x2265, ">="}, {0x25A0, "\xE2\x80\xA2"},
	{0x25AA, "\xE2\x80\xA2"}, {0x25CF, "\xE2\x80\xA2"}, {0x2605, "*"},
};

const char *lay_fallback(long cp)
{
	for (size_t i = 0; i < sizeof fallbacks / sizeof fallbacks[0]; i++)
		if (fallbacks[i].cp == cp)
			return fallbacks[i].as;
	return NULL;
}

/* ---- the line breaker ---- */

struct piece {
	size_t span, off, len;
	double w;
};

struct breaker {
	const struct lay_metrics *m;
	const struct lay_span *sp;
	double width;
	struct lay_lines *out;
	size_t line_first; /* first fragment of the line being filled */
	double x;          /* width of the line so far */
	int nonempty;      /* the line has text */
	struct piece *word; /* the word being collected */
	size_t nword, capword;
	/* The word last placed ended at a soft hyphen: where it is (its
	 * span, -1 if not), for a hyphen if the line breaks right there. */
	long shy_span;
	size_t shy_off;
};

static double piece_width(const struct breaker *b, size_t span, size_t off,
			  size_t len)
{
	const struct lay_span *s = &b->sp[span];
	return b->m->text_width(b->m->ctx, s->font, s->size, s->s + off, len);
}

const char *lay_frag_text(const struct lay_span *spans,
			  const struct lay_frag *f, size_t *len)
{
	*len = 1;
	if (f->space)
		return " ";
	if (f->hyphen)
		return "-";
	*len = f->len;
	return spans[f->span].s + f->off;
}

enum frag_kind { FRAG_TEXT, FRAG_SPACE, FRAG_HYPHEN };

static void add_frag(struct breaker *b, size_t span, size_t off, size_t len,
		     double w, enum frag_kind kind)
{
	struct lay_lines *L = b->out;
	if (kind == FRAG_TEXT && L->nfrag > b->line_first) {
		struct lay_frag *last = &L->frag[L->nfrag - 1];
		if (!last->space && !last->hyphen && last->span == span &&
		    last->off + last->len == off) {
			last->len += len;
			last->w += w;
			b->x += w;
			return;
		}
	}
	if (L->nfrag == L->capfrag) {
		L->capfrag = L->capfrag ? 2 * L->capfrag : 32;
		L->frag = xrealloc(L->frag, L->capfrag * sizeof *L->frag);
	}
	L->frag[L->nfrag++] = (struct lay_frag){
		span, off, len, b->x, w, kind == FRAG_SPACE,
		kind == FRAG_HYPHEN};
	b->x += w;
}

static void end_line(struct breaker *b)
{
	struct lay_lines *L = b->out;
	if (L->nline == L->capline) {
		L->capline = L->capline ? 2 * L->capline : 16;
		L->line = xrealloc(L->line, L->capline * sizeof *L->line);
	}
	L->line[L->nline++] = (struct lay_line){b->line_first,
						 L->nfrag - b->line_first, b->x};
	b->line_first = L->nfrag;
	b->x = 0;
	b->nonempty = 0;
}

static utf8proc_int32_t decode(const char *s, size_t len, size_t *n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s,
					      (utf8proc_ssize_t)len, &cp);
	if (r <= 0) {
		*n = 1;
		return 0xFFFD;
	}
	*n = (size_t)r;
	return cp;
}

/* A word wider than the line: cut it between grapheme clusters, as many
 * as fit on each line, at least one per line so nothing is lost. */
static void split_word(struct breaker *b)
{
	for (size_t k = 0; k < b->nword; k++) {
		const struct piece *p = &b->word[k];
		const char *s = b->sp[p->span].s;
		size_t i = p->off, end = p->off + p->len;
		utf8proc_int32_t state = 0, prev;
		size_t n;
		prev = decode(s + i, end - i, &n);
		size_t start = i;
		i += n;
		for (;;) {
			utf8proc_int32_t cp = 0;
			int cut = i >= end;
			if (!cut) {
				cp = decode(s + i, end - i, &n);
				cut = utf8proc_grapheme_break_stateful(prev, cp,
								       &state);
			}
			if (cut) {
				double w = piece_width(b, p->span, start,
						       i - start);
				if (b->nonempty && b->x + w > b->width + EPS)
					end_line(b);
				add_frag(b, p->span, start, i - start, w,
					 FRAG_TEXT);
				b->nonempty = 1;
				start = i;
			}
			if (i >= end)
				break;
			prev = cp;
			i += n;
		}
	}
}

static double hyphen_width(const struct breaker *b, size_t span)
{
	const struct lay_span *s = &b->sp[span];
	return b->m->text_width(b->m->ctx, s->font, s->size, "-", 1);
}

/* Put the collected word on the line; space_span is the span of the
 * space before it, or -1 at a line's start, or -2 when it is glued to
 * the previous word (an address cut after a slash, a word cut at a soft
 * hyphen or a zero-width space).  shy_span is the span of the soft
 * hyphen the word ends at (shy_off its offset), or -1. */
static void place_word(struct breaker *b, long space_span, long shy_span,
		       size_t shy_off)
{
	if (b->nword == 0)
		return;
	double ww = 0, sw = 0, hw = 0;
	for (size_t k = 0; k < b->nword; k++)
		ww += b->word[k].w;
	if (b->nonempty && space_span >= 0) {
		const struct lay_span *s = &b->sp[space_span];
		sw = b->m->text_width(b->m->ctx, s->font, s->size, " ", 1);
	}
	/* Room for the hyphen in case the line breaks after this word. */
	if (shy_span >= 0)
		hw = hyphen_width(b, (size_t)shy_span);
	if (b->nonempty && b->x + sw + ww + hw > b->width + EPS) {
		if (space_span == -2 && b->shy_span >= 0)
			add_frag(b, (size_t)b->shy_span, b->shy_off, 2,
				 hyphen_width(b, (size_t)b->shy_span),
				 FRAG_HYPHEN);
		end_line(b);
		sw = 0;
	}
	if (ww > b->width + EPS) {
		split_word(b);
	} else {
		if (sw > 0)
			add_frag(b, (size_t)space_span, 0, 1, sw, FRAG_SPACE);
		for (size_t k = 0; k < b->nword; k++)
			add_frag(b, b->word[k].span, b->word[k].off,
				 b->word[k].len, b->word[k].w, FRAG_TEXT);
		b->nonempty = 1;
	}
	b->nword = 0;
	b->shy_span = shy_span;
	b->shy_off = shy_off;
}

static void add_piece(struct breaker *b, size_t span, size_t off, size_t len)
{
	if (len == 0)
		return;
	if (b->nword == b->capword) {
		b->capword = b->capword ? 2 * b->capword : 8;
		b->word = xrealloc(b->word, b->capword * sizeof *b->word);
	}
	b->word[b->nword++] =
		(struct piece){span, off, len, piece_width(b, span, off, len)};
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* After which characters an address may be cut (never inside "//"). */
static int url_cut_after(const char *s, size_t i, size_t len)
{
	if (i + 1 >= len || is_space(s[i + 1]))
		return 0;
	switch (s[i]) {
	case '/':
		return s[i + 1] != '/';
	case '.': case '-': case '?': case '&': case '_': case '=': case '#':
		return 1;
	default:
		return 0;
	}
}

/* The break hint at s[i]: a soft hyphen (*shy set) or a zero-width space
 * (layout.h).  Its length in bytes, or 0. */
static size_t hint_at(const char *s, size_t i, size_t len, int *shy)
{
	*shy = len - i >= 2 && memcmp(s + i, SHY, 2) == 0;
	if (*shy)
		return 2;
	return len - i >= 3 && memcmp(s + i, ZWSP, 3) == 0 ? 3 : 0;
}

void lay_break(const struct lay_metrics *m, const struct lay_span *spans,
	       size_t n, double width, struct lay_lines *out)
{
	struct breaker b = {m, spans, width, out, 0, 0, 0, NULL, 0, 0, -1, 0};
	out->nfrag = 0;
	out->nline = 0;
	/* The space before the word being collected: its span, or -1 at the
	 * start of a line, or -2 when glued to the word before. */
	long space = -1;
	for (size_t k = 0; k < n; k++) {
		const struct lay_span *s = &spans[k];
		if (s->hard) {
			place_word(&b, space, -1, 0);
			end_line(&b);
			space = -1;
			continue;
		}
		size_t start = 0, h;
		int shy;
		for (size_t i = 0; i < s->len; i++) {
			if (is_space(s->s[i])) {
				add_piece(&b, k, start, i - start);
				if (b.nword > 0)
					place_word(&b, space, -1, 0);
				space = (long)k;
				start = i + 1;
			} else if (s->url && url_cut_after(s->s, i, s->len)) {
				add_piece(&b, k, start, i + 1 - start);
				place_word(&b, space, -1, 0);
				space = -2;
				start = i + 1;
			} else if ((h = hint_at(s->s, i, s->len, &shy)) > 0) {
				add_piece(&b, k, start, i - start);
				if (b.nword > 0) {
					place_word(&b, space, shy ? (long)k : -1,
						   i);
					space = -2;
				}
				start = i + h;
				i += h - 1;
			}
		}
		add_piece(&b, k, start, s->len - start);
	}
	place_word(&b, space, -1, 0);
	if (b.nonempty)
		end_line(&b);
	free(b.word);
}

double lay_widest_word(const struct lay_metrics *m,
		       const struct lay_span *spans, size_t n)
{
	double widest = 0, w = 0;
	for (size_t k = 0; k < n; k++) {
		const struct lay_span *s = &spans[k];
		size_t start = 0;
		for (size_t i = 0; i <= s->len; i++) {
			int end = i == s->len, shy = 0;
			size_t h = end ? 0 : hint_at(s->s, i, s->len, &shy);
			int cut = end || h > 0 || is_space(s->s[i]);
			if (!cut && !(s->url && url_cut_after(s->s, i, s->len)))
				continue;
			size_t stop = cut ? i : i + 1;
			if (stop > start && !s->hard)
				w += m->text_width(m->ctx, s->font, s->size,
						   s->s + start, stop - start);
			if (!end) {
				/* A piece cut at a soft hyphen ends a line
				 * with a hyphen. */
				if (shy)
					w += m->text_width(m->ctx, s->font,
							   s->size, "-", 1);
				if (w > widest)
					widest = w;
				w = 0;
			}
			start = i + (h > 0 ? h : 1);
			if (h > 0)
				i += h - 1;
		}
		if (s->hard) {
			if (w > widest)
				widest = w;
			w = 0;
		}
	}
	return w > widest ? w : widest;
}

void lay_lines_free(struct lay_lines *l)
{
	if (l == NULL)
		return;
	free(l->frag);
	free(l->line);
	memset(l, 0, sizeof *l);
}
