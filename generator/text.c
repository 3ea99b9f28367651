/*
 * text.c: NFC normalisation and the places of characters in a file
 * (text.h).
 */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"

#define NFC_OPTIONS ((utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE))

int text_may_compose(const char *s, size_t len)
{
	/* U+0300 is 0xCC 0x80: every character from there up starts with
	 * a byte of 0xCC or more, every one below with a smaller byte. */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0xCC)
			return 1;
	return 0;
}

int text_nfc(struct buf *out, const char *s, size_t len)
{
	if (!text_may_compose(s, len)) {
		buf_put(out, s, len);
		return 0;
	}
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = utf8proc_decompose(u, (utf8proc_ssize_t)len, NULL,
						0, NFC_OPTIONS);
	if (n < 0) {
		buf_put(out, s, len); /* not UTF-8: nothing to compose */
		return 0;
	}
	/* utf8proc_map() would allocate with malloc; this way running out
	 * of memory ends the program like everywhere else. */
	utf8proc_int32_t *cps = xmalloc(((size_t)n + 1) * sizeof *cps);
	n = utf8proc_decompose(u, (utf8proc_ssize_t)len, cps, n, NFC_OPTIONS);
	utf8proc_ssize_t bytes = n < 0 ? n : utf8proc_reencode(cps, n,
							     NFC_OPTIONS);
	int changed = 0;
	if (bytes < 0) {
		buf_put(out, s, len);
	} else {
		const char *t = (const char *)cps;
		changed = (size_t)bytes != len || memcmp(t, s, len) != 0;
		buf_put(out, t, (size_t)bytes);
	}
	free(cps);
	return changed;
}

char *text_nfc_dup(const char *s)
{
	if (s == NULL)
		return NULL;
	size_t len = strlen(s);
	if (!text_may_compose(s, len))
		return xstrdup(s);
	struct buf b = BUF_INIT;
	text_nfc(&b, s, len);
	return buf_detach(&b);
}

/* ---- character places ---- */

/* A line a character is on, and where on it the character first is. */
struct occ {
	int line, col;
	size_t next; /* the next line it is on (an index in occ), 0: none */
};

struct place {
	int32_t cp;         /* 0: an empty slot */
	size_t first, last; /* the first and last lines it is on, in occ */
};

struct text_places {
	struct place *slot; /* open addressing, a power of two of them */
	size_t cap, n;
	struct occ *occ;    /* occ[0] is not used: 0 means none */
	size_t nocc, capocc;
};

static size_t slot_of(const struct text_places *tp, int32_t cp)
{
	size_t i = ((uint32_t)cp * 2654435761u) & (tp->cap - 1);
	while (tp->slot[i].cp != 0 && tp->slot[i].cp != cp)
		i = (i + 1) & (tp->cap - 1);
	return i;
}

static size_t new_occ(struct text_places *tp, int line, int col)
{
	if (tp->nocc == tp->capocc) {
		tp->capocc *= 2;
		tp->occ = xrealloc(tp->occ, tp->capocc * sizeof *tp->occ);
	}
	tp->occ[tp->nocc] = (struct occ){line, col, 0};
	return tp->nocc++;
}

/* Record cp at line:col, unless it was already seen on that line. */
static void remember(struct text_places *tp, int32_t cp, int line, int col)
{
	if (cp < 0x80)
		return;
	if (2 * (tp->n + 1) > tp->cap) {
		struct place *old = tp->slot;
		size_t oldcap = tp->cap;
		tp->cap *= 2;
		tp->slot = xcalloc(tp->cap, sizeof *tp->slot);
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].cp != 0)
				tp->slot[slot_of(tp, old[i].cp)] = old[i];
		free(old);
	}
	struct place *p = &tp->slot[slot_of(tp, cp)];
	if (p->cp == 0) {
		size_t o = new_occ(tp, line, col);
		*p = (struct place){cp, o, o};
		tp->n++;
	} else if (tp->occ[p->last].line != line) {
		size_t o = new_occ(tp, line, col);
		tp->occ[p->last].next = o;
		p->last = o;
	}
}

/* The characters NFC makes of s[0..len) (a letter and its marks), all
 * at line:col. */
static void remember_composed(struct text_places *tp, const char *s,
			      size_t len, int line, int col)
{
	struct buf b = BUF_INIT;
	if (text_nfc(&b, s, len)) {
		size_t i = 0;
		while (i < b.len) {
			int32_t cp;
			size_t n = utf8_char(b.data + i, b.len - i, &cp);
			if (n == 0)
				break;
			remember(tp, cp, line, col);
			i += n;
		}
	}
	buf_free(&b);
}

struct text_places *text_places_new(const char *text, size_t len)
{
	struct text_places *tp = xcalloc(1, sizeof *tp);
	tp->cap = 64;
	tp->slot = xcalloc(tp->cap, sizeof *tp->slot);
	tp->capocc = 64;
	tp->occ = xmalloc(tp->capocc * sizeof *tp->occ);
	tp->nocc = 1;
	int line = 1, col = 1;
	/* The last character that combines with none before it (a letter),
	 * and whether combining marks followed it. */
	size_t base = 0;
	int base_line = 1, base_col = 1, marks = 0;
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		int32_t cp = c;
		size_t n = 1;
		if (c >= 0x80) {
			n = utf8_char(text + i, len - i, &cp);
			if (n == 0) {
				n = 1;
				cp = 0xFFFD;
			}
		}
		int mark = cp >= 0x300 &&
			   utf8proc_get_property(cp)->combining_class != 0;
		if (!mark) {
			if (marks)
				remember_composed(tp, text + base, i - base,
						  base_line, base_col);
			base = i;
			base_line = line;
			base_col = col;
			marks = 0;
		} else {
			marks = 1;
		}
		remember(tp, cp, line, col);
		text_advance(cp, &line, &col);
		i += n;
	}
	if (marks)
		remember_composed(tp, text + base, len - base, base_line,
				  base_col);
	return tp;
}

void text_advance(int32_t cp, int *line, int *col)
{
	if (cp == '\n') {
		(*line)++;
		*col = 1;
	} else {
		(*col)++;
	}
}

void text_places_free(struct text_places *tp)
{
	if (tp == NULL)
		return;
	free(tp->slot);
	free(tp->occ);
	free(tp);
}

int text_places_find(const struct text_places *tp, long cp, int from_line,
		     int *line, int *col)
{
	if (tp == NULL || cp < 0x80 || cp > 0x10FFFF)
		return 0;
	const struct place *p = &tp->slot[slot_of(tp, (int32_t)cp)];
	if (p->cp == 0)
		return 0;
	size_t o = p->first;
	while (tp->occ[o].line < from_line && tp->occ[o].next != 0)
		o = tp->occ[o].next;
	if (tp->occ[o].line < from_line)
		o = p->first; /* not from there on: its first place */
	*line = tp->occ[o].line;
	*col = tp->occ[o].col;
	return 1;
}
