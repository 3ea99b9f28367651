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
#include "markdown.h"
#include "readability.h"
#include "util.h"

/* ---- reading level ---- */

struct sentence {
	size_t words;
	int line;
};

struct page_text {
	enum read_lang lang;
	struct read_counts all;
	struct sentence top[3]; /* the longest, longest first */
	int line;               /* of the block being read */
	const struct page *p;
	struct diag *d;
	int warned;
};

static void on_sentence(void *ctx, size_t at, size_t n, size_t words)
{
	struct page_text *t = ctx;
	(void)at;
	(void)n;
	if (words > CHECKS_LONG_SENTENCE) {
		diag_warning(t->d, t->p->src, t->line, 0,
			     "a sentence of %zu words (expected at most %d: "
			     "split it; short sentences are easier to read)",
			     words, CHECKS_LONG_SENTENCE);
		t->warned++;
	}
	struct sentence s = {words, t->line};
	for (int i = 0; i < 3; i++)
		if (s.words > t->top[i].words) {
			struct sentence x = t->top[i];
			t->top[i] = s;
			s = x;
		}
}

/* A block of body text: counted, and its sentences looked at. */
static void block(struct page_text *t, const struct md_node *n)
{
	struct buf text = BUF_INIT;
	md_plain_text(n, &text);
	struct read_counts c;
	read_count(buf_cstr(&text), text.len, t->lang, &c);
	read_add(&t->all, &c);
	t->line = md_line(n);
	read_sentences(buf_cstr(&text), text.len, t->lang, on_sentence, t);
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

static int reading(const struct site *s, const struct page *p,
		   struct diag *d)
{
	if (p->body == NULL || md_root(p->body) == NULL)
		return 0; /* (a cached or sealed body: checked when loaded) */
	struct page_text t;
	memset(&t, 0, sizeof t);
	t.lang = s->lang != NULL && strncmp(s->lang, "es", 2) == 0 ? READ_ES
								    : READ_EN;
	t.p = p;
	t.d = d;
	walk(&t, md_root(p->body));
	if (t.all.words < 30)
		return t.warned; /* too short to judge */
	struct buf where = BUF_INIT;
	for (int i = 0; i < 3 && t.top[i].words > 0; i++)
		buf_printf(&where, "%sline %d (%zu words)", i ? ", " : "",
			   t.top[i].line, t.top[i].words);
	if (t.lang == READ_EN) {
		double g = read_fk_grade(&t.all);
		if (g > CHECKS_GRADE) {
			diag_warning(d, p->src, p->body_line, 0,
				     "reads at grade %.1f (Flesch-Kincaid; "
				     "expected %.0f or lower: shorter sentences "
				     "and words); its longest sentences: %s",
				     g, CHECKS_GRADE, buf_cstr(&where));
			t.warned++;
		}
	} else {
		double f = read_fernandez_huerta(&t.all);
		if (f < CHECKS_EASE_ES) {
			diag_warning(d, p->src, p->body_line, 0,
				     "reads at %.0f on the Fernández-Huerta "
				     "scale (INFLESZ: expected %.0f or more); "
				     "its longest sentences: %s",
				     f, CHECKS_EASE_ES, buf_cstr(&where));
			t.warned++;
		}
	}
	buf_free(&where);
	return t.warned;
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

static int placeholders(const struct site *s, struct diag *d)
{
	const char *keys[] = {"phone:", "email:", "address:"};
	const char *vals[] = {s->clinic_phone, s->clinic_email,
			      s->clinic_address};
	const char *what[] = {"phone number", "email address", "address"};
	int n = 0;
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (placeholder(vals[i])) {
			diag_warning(d, s->config, line_of(s->config, keys[i]),
				     0, "the clinic's %s is still the "
				     "example's (\"%s\"): put in the real one "
				     "before anything is printed", what[i],
				     vals[i]);
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

static int review(const struct page *p, long today, struct diag *d)
{
	if (p->last_reviewed == NULL) {
		diag_warning(d, p->src, 1, 0, "no \"last_reviewed\" date "
			     "(expected the date a clinician last checked "
			     "this page, such as last_reviewed: 2026-11-25)");
		return 1;
	}
	long age = today - days_of(p->last_reviewed);
	if (age > CHECKS_REVIEW_DAYS) {
		diag_warning(d, p->src, line_of(p->src, "last_reviewed:"), 0,
			     "last reviewed %ld days ago, on %s (expected "
			     "at most %d days ago: check it again and update "
			     "the date)", age, p->last_reviewed,
			     CHECKS_REVIEW_DAYS);
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
	int n = placeholders(site, d);
	long today = (long)(now / 86400);
	for (size_t l = 0; l < site_lang_count(site); l++) {
		const struct site *s = site_lang(site, l);
		for (size_t i = 0; i < site_page_count(s); i++) {
			const struct page *p = site_page(s, i);
			if (p == NULL || p->src == NULL || !fs_exists(p->src))
				continue; /* (an exercises page without a
					   * file) */
			n += reading(s, p, d);
			n += review(p, today, d);
		}
		if (l > 0)
			n += missing(site, s, d) + doses(s, d);
	}
	return n;
}
