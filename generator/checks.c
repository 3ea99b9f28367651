/*
 * checks.c: plain-language checks (see checks.h).
 */
#include "checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fsutil.h"
#include "i18n.h"
#include "markdown.h"
#include "readability.h"
#include "util.h"

/* ---- what a page's body says ---- */

struct sentence {
	size_t words;
	int line;
};

/* One page being examined (checks_examine()). */
struct page_text {
	const struct site *site;
	const struct checks_conf *c;
	enum read_lang lang;
	struct read_counts all;
	struct sentence top[3]; /* the longest, longest first */
	int line;               /* of the block being read */
	struct page *p;
	struct diag *d;
	struct buf whole;       /* all its text, squeezed (lowercase, one space): explanations */
	int pass;               /* 0: gather the text; 1: report */
	/* The site's health words, squeezed, those the page does not
	 * explain (NULL for one it does), found once per page. */
	char **terms;
};

static void on_sentence(void *ctx, size_t at, size_t n, size_t words)
{
	struct page_text *t = ctx;
	(void)at;
	(void)n;
	if (t->c->sentence_words > 0 && words > (size_t)t->c->sentence_words)
		diag_warning(t->d, t->p->src, t->line, 0,
			     "a sentence of %zu words (expected at most %ld: "
			     "split it; short sentences are easier to read)",
			     words, t->c->sentence_words);
	struct sentence s = {words, t->line};
	for (int i = 0; i < 3; i++)
		if (s.words > t->top[i].words) {
			struct sentence x = t->top[i];
			t->top[i] = s;
			s = x;
		}
}

static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

/* s (lowercased) squeezed: one space for each run of white space. */
static char *squeeze(const char *s)
{
	struct buf b = BUF_INIT;
	int space = 0;
	for (; *s; s++) {
		int w = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
		if (w && !space && b.len > 0)
			buf_putc(&b, ' ');
		else if (!w)
			buf_putc(&b, (char)(*s >= 'A' && *s <= 'Z'
						    ? *s - 'A' + 'a'
						    : *s));
		space = w;
	}
	return buf_detach(&b);
}

/* The uses, in the block text (lowercased), of the site's health words
 * the page does not explain (its text holds no explanation). */
static void jargon(struct page_text *t, const char *text)
{
	const struct site *s = t->site;
	for (size_t i = 0; i < s->nplain; i++) {
		const char *term = t->terms[i];
		size_t tn = term != NULL ? strlen(term) : 0;
		for (const char *at = text; tn > 0 &&
					    (at = strstr(at, term)) != NULL;
		     at += tn) {
			int before = at > text && is_word_byte((unsigned char)at[-1]);
			int after = is_word_byte((unsigned char)at[tn]);
			if (before || after)
				continue;
			diag_warning(t->d, t->p->src, t->line, 0,
				     "\"%s\" is a health word this page does "
				     "not explain (expected, as %s says: "
				     "\"%s\")", s->plain[i].term,
				     s->plain_file, s->plain[i].plain);
			t->p->checks.jargon++;
		}
	}
}

/* The words of the site's list the page does not explain (t->terms),
 * once its whole text is known. */
static void unexplained(struct page_text *t)
{
	const struct site *s = t->site;
	t->terms = xcalloc(s->nplain + 1, sizeof *t->terms);
	for (size_t i = 0; i < s->nplain; i++) {
		char *plain = squeeze(s->plain[i].plain);
		if (strstr(buf_cstr(&t->whole), plain) == NULL)
			t->terms[i] = squeeze(s->plain[i].term);
		free(plain);
	}
}

/* A block of body text: counted, and its sentences and words looked
 * at (the second pass). */
static void block(struct page_text *t, const struct md_node *n)
{
	struct buf text = BUF_INIT;
	md_plain_text(n, &text);
	if (t->pass == 0) {
		buf_put(&t->whole, text.data ? text.data : "", text.len);
		buf_putc(&t->whole, ' ');
		buf_free(&text);
		return;
	}
	struct read_counts c;
	read_count(buf_cstr(&text), text.len, t->lang, &c);
	read_add(&t->all, &c);
	t->line = md_line(n);
	read_sentences(buf_cstr(&text), text.len, t->lang, on_sentence, t);
	if (t->c->jargon) {
		char *low = squeeze(buf_cstr(&text));
		jargon(t, low);
		free(low);
	}
	buf_free(&text);
}

/* The body text of the tree under n: paragraphs (in lists and quotes
 * too) and table cells; not headings, not code. */
static void walk(struct page_text *t, const struct md_node *n)
{
	for (const struct md_node *c = md_first_child(n); c; c = md_next(c)) {
		switch (md_type(c)) {
		case MD_PARAGRAPH:
		case MD_TABLE_CELL:
			block(t, c);
			break;
		case MD_LIST:
		case MD_ITEM:
		case MD_BLOCKQUOTE:
		case MD_TABLE:
		case MD_TABLE_ROW:
			walk(t, c);
			break;
		default:
			break;
		}
	}
}

static void reading(struct page_text *t)
{
	struct page *p = t->p;
	struct buf where = BUF_INIT;
	for (int i = 0; i < 3 && t->top[i].words > 0; i++)
		buf_printf(&where, "%sline %d (%zu words)", i ? ", " : "",
			   t->top[i].line, t->top[i].words);
	p->checks.words = t->all.words;
	p->checks.longest = t->top[0].words;
	if (t->all.words < 30) {
		buf_free(&where);
		return; /* too short to judge */
	}
	if (t->lang == READ_EN) {
		double g = read_fk_grade(&t->all);
		p->checks.level = g;
		if (t->c->grade >= 0 && g > t->c->grade)
			diag_warning(t->d, p->src, p->body_line, 0,
				     "reads at grade %.1f (Flesch-Kincaid; "
				     "expected %.0f or lower: shorter sentences "
				     "and words); its longest sentences: %s",
				     g, t->c->grade, buf_cstr(&where));
	} else {
		double f = read_fernandez_huerta(&t->all);
		p->checks.level = f;
		if (t->c->ease >= 0 && f < t->c->ease)
			diag_warning(t->d, p->src, p->body_line, 0,
				     "reads at %.0f on the Fernández-Huerta "
				     "scale (INFLESZ: expected %.0f or more); "
				     "its longest sentences: %s",
				     f, t->c->ease, buf_cstr(&where));
	}
	buf_free(&where);
}

/* The heading text of the safety section in this language. */
static const char *safety_heading(const struct site *s)
{
	if (s->checks.safety_heading != NULL)
		return s->checks.safety_heading;
	return s->words != NULL ? i18n_get(s->words, "checks.safety_heading")
				: NULL;
}

/* 1 if a heading under n reads (case aside) as want. */
static int has_heading(const struct md_node *n, const char *want)
{
	for (const struct md_node *c = md_first_child(n); c; c = md_next(c)) {
		if (md_type(c) != MD_HEADING)
			continue;
		struct buf b = BUF_INIT;
		md_plain_text(c, &b);
		char *x = squeeze(buf_cstr(&b)), *y = squeeze(want);
		int same = strcmp(x, y) == 0;
		free(x);
		free(y);
		buf_free(&b);
		if (same)
			return 1;
	}
	return 0;
}

/* What an exercise needs: a safety section, a dose (or as_advised: on
 * purpose), a picture. */
static void pieces(struct page_text *t)
{
	const struct page *p = t->p;
	const struct exercise *e = p->ex;
	const char *h = safety_heading(t->site);
	if (h != NULL && h[0] != '\0' && !has_heading(md_root(p->body), h))
		diag_warning(t->d, p->src, p->body_line, 0,
			     "no \"%s\" section (expected a heading \"## %s\" "
			     "that says when to stop and whom to call)", h, h);
	if (e->frequency == NULL && e->duration == NULL && e->sets == NULL &&
	    e->reps == NULL && e->hold == NULL && !e->as_advised)
		diag_warning(t->d, p->src, 1, 0,
			     "no dose: none of frequency, duration, sets, "
			     "reps, hold (expected the figures the clinic "
			     "gives, or as_advised: true when the clinician "
			     "sets the dose for each patient)");
	if (e->npictures == 0)
		diag_warning(t->d, p->src, 1, 0,
			     "no picture (expected pictures: a drawing or "
			     "photo of the position, with alt text saying "
			     "what it shows)");
}

void checks_examine(void *ctx, const struct site *site, struct page *p)
{
	(void)ctx;
	if (p->body == NULL || md_root(p->body) == NULL)
		return;
	struct buf msgs = BUF_INIT;
	struct diag d = diag_buffered(&msgs);
	struct page_text t;
	memset(&t, 0, sizeof t);
	t.site = site;
	t.c = &site->checks;
	t.lang = site->lang != NULL && strncmp(site->lang, "es", 2) == 0
			 ? READ_ES
			 : READ_EN;
	t.p = p;
	t.d = &d;
	free(p->checks.msgs);
	memset(&p->checks, 0, sizeof p->checks);
	walk(&t, md_root(p->body));
	char *whole = squeeze(buf_cstr(&t.whole));
	buf_reset(&t.whole);
	buf_puts(&t.whole, whole);
	free(whole);
	unexplained(&t);
	t.pass = 1;
	walk(&t, md_root(p->body));
	for (size_t i = 0; i < site->nplain; i++)
		free(t.terms[i]);
	free(t.terms);
	reading(&t);
	if (p->ex != NULL && site->checks.pieces)
		pieces(&t);
	buf_free(&t.whole);
	p->checks.msgs = msgs.len > 0 ? buf_detach(&msgs) : NULL;
	p->checks.nmsgs = d.warnings;
	buf_free(&msgs);
}

/* ---- the file's own lines ---- */

/* The line of the first line of file path that starts (after spaces)
 * with key, or 0. */
static int line_of(const char *path, const char *key)
{
	struct buf text = BUF_INIT, msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	int found = 0;
	if (fs_read_file(path, &text, (size_t)8 << 20, &quiet) == 0) {
		int line = 1;
		size_t k = strlen(key);
		for (const char *s = buf_cstr(&text); *s && !found; line++) {
			const char *b = s + strspn(s, " \t");
			if (strncmp(b, key, k) == 0)
				found = line;
			const char *nl = strchr(s, '\n');
			if (nl == NULL)
				break;
			s = nl + 1;
		}
	}
	buf_free(&text);
	buf_free(&msg);
	return found;
}

/* ---- placeholders ---- */

static int placeholder(const char *v)
{
	if (v == NULL)
		return 0;
	static const char *const signs[] = {"000 000 0000", "example.com",
					    "example.org", "replace"};
	for (size_t i = 0; i < ARRAY_LEN(signs); i++)
		if (strstr(v, signs[i]) != NULL)
			return 1;
	return 0;
}

int checks_placeholders(const struct site *s, int as_errors,
			struct diag *d)
{
	const char *keys[] = {"phone:", "email:", "address:"};
	const char *vals[] = {s->clinic_phone, s->clinic_email,
			      s->clinic_address};
	const char *what[] = {"phone number", "email address", "address"};
	int n = 0;
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (placeholder(vals[i])) {
			int line = line_of(s->config, keys[i]);
			if (as_errors)
				diag_error(d, s->config, line, 0,
					   "the clinic's %s is still the "
					   "example's (\"%s\"): a patient "
					   "could not reach the clinic; put in "
					   "the real one (or print anyway with "
					   "--allow-placeholders)", what[i],
					   vals[i]);
			else
				diag_warning(d, s->config, line, 0,
					     "the clinic's %s is still the "
					     "example's (\"%s\"): put in the "
					     "real one before anything is "
					     "printed", what[i], vals[i]);
			n++;
		}
	return n;
}

/* ---- review dates ---- */

/* Days from 1970-01-01 to the date iso (YYYY-MM-DD). */
static long days_of(const char *iso)
{
	int y, m, dd;
	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &dd) != 3)
		return -1;
	/* (Howard Hinnant's days_from_civil.) */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int review(const struct site *s, const struct page *p, long today,
		  struct diag *d)
{
	long days = s->checks.review_days;
	if (days <= 0)
		return 0;
	if (p->last_reviewed == NULL) {
		diag_warning(d, p->src, 1, 0, "no \"last_reviewed\" date "
			     "(expected the date a clinician last checked "
			     "this page, such as last_reviewed: 2026-11-25)");
		return 1;
	}
	long age = today - days_of(p->last_reviewed);
	if (age > days) {
		diag_warning(d, p->src, line_of(p->src, "last_reviewed:"), 0,
			     "last reviewed %ld days ago, on %s (expected "
			     "at most %ld days ago: check it again and update "
			     "the date)", age, p->last_reviewed, days);
		return 1;
	}
	return 0;
}

/* The page of translation t that translates p, or NULL. */
static const struct page *translation(const struct site *t,
				      const struct page *p)
{
	return p->kind == PAGE_EXERCISE ? site_exercise(t, p->slug)
					: t->sections[p->kind];
}

/* Each page of the default language that translation t lacks: the
 * site in that language goes without it (its menu links to the
 * default's page). */
static int missing(const struct site *site, const struct site *t,
		   struct diag *d)
{
	int n = 0;
	size_t skip = strlen(site->content_dir);
	for (size_t i = 0; i < site_page_count(site); i++) {
		const struct page *p = site_page(site, i);
		if (p->src == NULL || translation(t, p) != NULL ||
		    (p->kind == PAGE_EXERCISES && !fs_exists(p->src)))
			continue;
		const char *rel = p->src + skip + (p->src[skip] == '/');
		char *want = xasprintf("%s/%s%s", site->content_dir, t->prefix,
				       rel);
		diag_warning(d, want, 0, 0, "missing: no \"%s\" translation "
			     "of %s, so the %s site goes without this page",
			     t->lang, p->src, t->lang);
		free(want);
		n++;
	}
	return n;
}

/* The figures of a text, in order ("3-4 times, 30 s" -> "3 4 30"). */
static void figures(const char *s, struct buf *out)
{
	for (; s && *s; s++) {
		if (*s >= '0' && *s <= '9') {
			buf_putc(out, *s);
			if (s[1] < '0' || s[1] > '9')
				buf_putc(out, ' ');
		}
	}
}

/* A translated exercise that gives its own dose: its figures must be the
 * default language's (a dose changed in one file and not the other). */
static int doses(const struct site *t, struct diag *d)
{
	static const char *const keys[] = {"frequency", "duration", "sets",
					   "reps", "hold"};
	int n = 0;
	for (size_t i = 0; i < t->nexercises; i++) {
		const struct page *p = t->exercises[i];
		const struct page *b = site_exercise(t->base, p->slug);
		if (b == NULL)
			continue;
		const char *mine[] = {p->ex->frequency, p->ex->duration,
				      p->ex->sets, p->ex->reps, p->ex->hold};
		const char *theirs[] = {b->ex->frequency, b->ex->duration,
					b->ex->sets, b->ex->reps, b->ex->hold};
		for (size_t k = 0; k < ARRAY_LEN(keys); k++) {
			struct buf x = BUF_INIT, y = BUF_INIT;
			figures(mine[k], &x);
			figures(theirs[k], &y);
			if (strcmp(buf_cstr(&x), buf_cstr(&y)) != 0) {
				char *key = xasprintf("%s:", keys[k]);
				diag_warning(d, p->src, line_of(p->src, key), 0,
					     "%s \"%s\" has other figures "
					     "than %s's \"%s\" (expected the "
					     "same dose in every language)",
					     keys[k], mine[k] ? mine[k] : "",
					     b->src, theirs[k] ? theirs[k] : "");
				free(key);
				n++;
			}
			buf_free(&x);
			buf_free(&y);
		}
	}
	return n;
}

int checks_run(const struct site *site, long long now, struct diag *d)
{
	int n = site->checks.placeholders ? checks_placeholders(site, 0, d) : 0;
	long today = (long)(now / 86400);
	for (size_t l = 0; l < site_lang_count(site); l++) {
		const struct site *s = site_lang(site, l);
		for (size_t i = 0; i < site_page_count(s); i++) {
			const struct page *p = site_page(s, i);
			if (p == NULL || p->src == NULL ||
			    (p->kind == PAGE_EXERCISES && !fs_exists(p->src)))
				continue; /* (an exercises page without a
					   * file; the others were read from
					   * theirs: no stat() for each of
					   * 10,000 exercises) */
			/* What its body said when it was loaded. */
			struct buf mem = {p->checks.msgs,
					  p->checks.msgs ? strlen(p->checks.msgs)
							 : 0,
					  0};
			struct diag said = {NULL, 0, 0, p->checks.nmsgs, &mem};
			diag_merge(d, &said);
			n += p->checks.nmsgs;
			n += review(s, p, today, d);
		}
		if (l > 0)
			n += missing(site, s, d) + doses(s, d);
	}
	return n;
}
