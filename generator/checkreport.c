/*
 * checkreport.c: the report of the plain-language checks (checkreport.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "checkreport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fsutil.h"
#include "i18n.h"
#include "strmap.h"
#include "util.h"

/* The limits a language's reading level is measured against when its
 * check is off: the defaults (README.md), only to put pages in order. */
#define DEFAULT_GRADE 8.0
#define DEFAULT_EASE 55.0

/* ---- what the report says of one page ---- */

struct row {
	const struct site *s; /* its language */
	const struct page *p;
	size_t n;             /* its place in the site's order */
	char *shown;          /* its file as messages name it */
	struct buf warns;     /* its warnings: whole lines, as printed */
	int nwarns;
	int es;               /* 1: Fernández-Huerta score, else grade */
	int judged;           /* 0: too short to judge */
	int over;             /* 1: past its language's limit */
	double badness;       /* how far past the limit, as a share of it */
	int reviewed;         /* 1: its last_reviewed is a date */
	long days;            /* since then */
	int overdue;          /* 1: more than review_days ago, or none */
};

/* The file name as struct diag prints it (diag.h escapes what a
 * terminal should not see), so that its messages can be found. */
static char *shown_name(const char *file)
{
	struct buf b = BUF_INIT;
	struct diag d = diag_buffered(&b);
	diag_warning(&d, file, 0, 0, "%s", "");
	static const char pre[] = "pamphlet: ", post[] = ": warning: \n";
	size_t len = b.len - (sizeof pre - 1) - (sizeof post - 1);
	char *s = xstrndup(buf_cstr(&b) + sizeof pre - 1, len);
	buf_free(&b);
	return s;
}

/* Days from 1970-01-01 to the date "YYYY-MM-DD", in *days; 0, or -1 if
 * ymd is not such a date. */
static int day_number(const char *ymd, long *days)
{
	static const int before[12] = {0,   31,  59,  90,  120, 151,
				       181, 212, 243, 273, 304, 334};
	int y, m, d;
	if (sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 ||
	    y < 1)
		return -1;
	/* The leap days from 1970 to the start of this date's year, and
	 * its own when the date is past February. */
	int last = m > 2 ? y : y - 1;
	long leaps = (last / 4 - last / 100 + last / 400) -
		     (1969 / 4 - 1969 / 100 + 1969 / 400);
	*days = (long)(y - 1970) * 365 + before[m - 1] + (d - 1) + leaps;
	return 0;
}

static void fill_row(struct row *r, const struct site *s,
		     const struct page *p, size_t n, long today)
{
	memset(r, 0, sizeof *r);
	r->s = s;
	r->p = p;
	r->n = n;
	r->shown = shown_name(p->src);
	/* As checks.c tells the languages apart. */
	r->es = s->lang != NULL && strncmp(s->lang, "es", 2) == 0;
	double level = p->checks.level;
	r->judged = level != 0;
	double limit = r->es ? s->checks.ease : s->checks.grade;
	if (r->judged) {
		r->over = limit >= 0 && (r->es ? level < limit : level > limit);
		if (limit <= 0)
			limit = r->es ? DEFAULT_EASE : DEFAULT_GRADE;
		r->badness = (r->es ? limit - level : level - limit) / limit;
	} else {
		r->badness = -1e9; /* after every page that was judged */
	}
	long review = s->checks.review_days, date;
	if (p->last_reviewed != NULL &&
	    day_number(p->last_reviewed, &date) == 0) {
		r->reviewed = 1;
		r->days = today - date;
		r->overdue = review > 0 && r->days > review;
	} else {
		r->overdue = review > 0 && p->last_reviewed == NULL;
	}
}

/* ---- the warnings, to their pages ---- */

/* A warning line's parts: "pamphlet: FILE:LINE:COL: warning: MESSAGE"
 * (LINE and COL when known).  The place is s[0..place), the message
 * starts at *msg; NULL when the line is not such a warning. */
static const char *parse(const char *line, size_t *place, const char **msg)
{
	static const char pre[] = "pamphlet: ", mid[] = ": warning: ";
	if (strncmp(line, pre, sizeof pre - 1) != 0)
		return NULL;
	const char *s = line + sizeof pre - 1;
	const char *w = strstr(s, mid);
	if (w == NULL)
		return NULL;
	*place = (size_t)(w - s);
	*msg = w + sizeof mid - 1;
	return s;
}

/* Where the place s[0..len) ends its file name, each ":NUMBER" cut from
 * its end in turn: ends[0] = len, then up to two more.  How many. */
static int file_ends(const char *s, size_t len, size_t ends[3])
{
	int n = 0;
	ends[n++] = len;
	while (n < 3) {
		size_t e = ends[n - 1], c = e;
		while (c > 0 && s[c - 1] >= '0' && s[c - 1] <= '9')
			c--;
		if (c == e || c == 0 || s[c - 1] != ':')
			break;
		ends[n++] = c - 1;
	}
	return n;
}

/* The row whose file the place s[0..len) names (the longest name that
 * is a page's), its line in *lineno (0: none); or NULL. */
static struct row *row_of(const struct strmap *by_file, const char *s,
			  size_t len, long *lineno)
{
	size_t ends[3];
	int n = file_ends(s, len, ends);
	for (int i = 0; i < n; i++) {
		char *name = xstrndup(s, ends[i]);
		struct row *r = strmap_get(by_file, name);
		free(name);
		if (r != NULL) {
			*lineno = i > 0 ? strtol(s + ends[i] + 1, NULL, 10) : 0;
			return r;
		}
	}
	return NULL;
}

/* Each line of warnings to its page's row; the others (site.yaml, a
 * missing translation) into others. */
static void share_out(const char *warnings, struct row *rows, size_t n,
		      struct buf *others)
{
	struct strmap by_file = STRMAP_INIT;
	for (size_t i = 0; i < n; i++)
		strmap_put(&by_file, rows[i].shown, &rows[i]);
	for (const char *s = warnings; s != NULL && *s != '\0';) {
		const char *nl = strchr(s, '\n');
		size_t len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		char *line = xstrndup(s, len);
		size_t place;
		const char *msg;
		long lineno;
		const char *at = parse(line, &place, &msg);
		struct row *r = at != NULL ? row_of(&by_file, at, place, &lineno)
					   : NULL;
		struct buf *to = r != NULL ? &r->warns : others;
		buf_put(to, line, len);
		buf_putc(to, '\n');
		if (r != NULL)
			r->nwarns++;
		free(line);
		s = nl != NULL ? nl + 1 : s + len;
	}
	strmap_free(&by_file);
}

/* ---- orders ---- */

static int by_title(const struct row *a, const struct row *b)
{
	int c = strcmp(a->p->title ? a->p->title : "",
		       b->p->title ? b->p->title : "");
	if (c != 0)
		return c;
	return a->n < b->n ? -1 : a->n > b->n;
}

static int by_level(const struct row *a, const struct row *b)
{
	if (a->badness != b->badness)
		return a->badness > b->badness ? -1 : 1;
	return 0;
}

/* Most warnings, then hardest to read, then title. */
static int cmp_worst(const void *x, const void *y)
{
	const struct row *a = *(const struct row *const *)x;
	const struct row *b = *(const struct row *const *)y;
	if (a->nwarns != b->nwarns)
		return a->nwarns > b->nwarns ? -1 : 1;
	int c = by_level(a, b);
	return c != 0 ? c : by_title(a, b);
}

/* Hardest to read, then most warnings, then title. */
static int cmp_level(const void *x, const void *y)
{
	const struct row *a = *(const struct row *const *)x;
	const struct row *b = *(const struct row *const *)y;
	int c = by_level(a, b);
	if (c != 0)
		return c;
	if (a->nwarns != b->nwarns)
		return a->nwarns > b->nwarns ? -1 : 1;
	return by_title(a, b);
}

/* No review date first, then the oldest, then title. */
static int cmp_review(const void *x, const void *y)
{
	const struct row *a = *(const struct row *const *)x;
	const struct row *b = *(const struct row *const *)y;
	if (a->reviewed != b->reviewed)
		return a->reviewed ? 1 : -1;
	if (a->reviewed && a->days != b->days)
		return a->days > b->days ? -1 : 1;
	return by_title(a, b);
}

static int cmp_site(const void *x, const void *y)
{
	const struct row *a = *(const struct row *const *)x;
	const struct row *b = *(const struct row *const *)y;
	return a->n < b->n ? -1 : a->n > b->n;
}

/* ---- the page ---- */

static void put(struct buf *b, const char *s)
{
	buf_put_html(b, s != NULL ? s : "", s != NULL ? strlen(s) : 0);
}

/* A file's path, that may break after each '/' (a narrow column cuts no
 * word). */
static void put_path(struct buf *b, const char *path)
{
	for (const char *s = path; *s != '\0';) {
		size_t n = strcspn(s, "/");
		buf_put_html(b, s, n);
		s += n;
		if (*s == '/') {
			buf_puts(b, "/<wbr>");
			s++;
		}
	}
}

/* A language's name in itself ("Español"), or its code. */
static const char *lang_name(const struct site *s)
{
	const char *name =
		s->words != NULL ? i18n_get(s->words, "language_name") : "";
	return name != NULL && name[0] != '\0' ? name : s->lang;
}

/* Text in language lang: a span saying so. */
static void put_lang(struct buf *b, const char *lang, const char *text)
{
	buf_puts(b, "<span lang=\"");
	put(b, lang);
	buf_puts(b, "\">");
	put(b, text);
	buf_puts(b, "</span>");
}

static const char style[] =
	"*,*::before,*::after{box-sizing:border-box}\n"
	"body{margin:0;font-family:system-ui,-apple-system,\"Segoe UI\","
	"Roboto,\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif;"
	"font-size:1.0625rem;line-height:1.5;color:#1a1a1a;background:#fff;"
	"overflow-wrap:break-word}\n"
	"@media (min-width:40em){body{font-size:1.25rem}}\n"
	"main{max-width:90rem;margin:0 auto;padding:1rem}\n"
	"h1{font-size:1.6em;line-height:1.25;margin:0 0 1rem}\n"
	"h2{font-size:1.3em;line-height:1.3;margin:2rem 0 .5rem}\n"
	"h3{font-size:1.1em;line-height:1.3;margin:1.5rem 0 .25rem}\n"
	"a{color:#0b4f9c;text-underline-offset:.15em}\n"
	"a:focus-visible,.scroll:focus-visible{outline:3px solid #b35c00;"
	"outline-offset:2px}\n"
	".orders ul{list-style:none;margin:0;padding:0;display:flex;"
	"flex-wrap:wrap;gap:.25rem 1.5rem}\n"
	".orders a,td a{display:inline-block;min-height:1.5rem;"
	"padding:.25rem 0}\n"
	".scroll{overflow-x:auto;margin:0 0 1rem}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"caption{text-align:left;font-weight:700;padding:0 0 .5rem}\n"
	"th,td{border:1px solid #767676;padding:.4rem .5rem;text-align:left;"
	"vertical-align:top}\n"
	"thead th{background:#e8eef6}\n"
	"td.n{text-align:right;font-variant-numeric:tabular-nums;"
	"white-space:nowrap}\n"
	".src{display:block;font-family:ui-monospace,\"DejaVu Sans Mono\","
	"monospace;font-weight:400;font-size:.95em;color:#404040}\n"
	"strong{color:#8a1c00}\n"
	"ul.warnings{margin:0;padding-left:1.25rem}\n";

static void put_head(struct buf *b, const struct site *site)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" "
		    "content=\"default-src 'none'; style-src 'unsafe-inline'; "
		    "base-uri 'none'; form-action 'none'\">\n"
		    "<title>Plain-language report: ");
	put(b, site->title);
	buf_puts(b, "</title>\n<style>\n");
	buf_puts(b, style);
	buf_puts(b, "</style>\n</head>\n<body>\n<main>\n");
}

/* What the site asks of each language (its checks: settings). */
static void put_limits(struct buf *b, const struct site *site)
{
	buf_puts(b, "<p>What the checks ask for (site.yaml's "
		    "<code>checks:</code>):</p>\n<ul>\n");
	for (size_t i = 0; i < site_lang_count(site); i++) {
		const struct site *s = site_lang(site, i);
		const struct checks_conf *c = &s->checks;
		int es = s->lang != NULL && strncmp(s->lang, "es", 2) == 0;
		buf_puts(b, "<li>");
		put_lang(b, s->lang, lang_name(s));
		buf_puts(b, ": ");
		if (es && c->ease >= 0)
			buf_printf(b, "a reading ease of %.0f or more on the "
				   "Fernández-Huerta scale (higher is easier)",
				   c->ease);
		else if (!es && c->grade >= 0)
			buf_printf(b, "a reading grade of %.0f or lower on the "
				   "Flesch-Kincaid scale (lower is easier)",
				   c->grade);
		else
			buf_printf(b, "no reading level (its %s is shown, not "
				   "checked)", es ? "Fernández-Huerta score"
						  : "Flesch-Kincaid grade");
		if (c->sentence_words > 0)
			buf_printf(b, "; sentences of at most %ld words",
				   c->sentence_words);
		if (c->review_days > 0)
			buf_printf(b, "; a review at most %ld days ago",
				   c->review_days);
		buf_puts(b, ".</li>\n");
	}
	buf_puts(b, "</ul>\n");
}

static void put_level(struct buf *b, const struct row *r)
{
	const struct checks_conf *c = &r->s->checks;
	if (!r->judged) {
		buf_puts(b, "— too short to judge");
		return;
	}
	char fig[64];
	snprintf(fig, sizeof fig, r->es ? "ease %.0f" : "grade %.1f",
		 r->p->checks.level);
	if (!r->over) {
		buf_puts(b, fig);
		return;
	}
	buf_printf(b, "<strong>%s</strong> (%s %.0f)", fig,
		   r->es ? "under" : "over", r->es ? c->ease : c->grade);
}

static void put_review(struct buf *b, const struct row *r)
{
	const char *date = r->p->last_reviewed;
	if (date == NULL) {
		buf_puts(b, r->overdue ? "<strong>missing</strong>" : "none");
		return;
	}
	buf_puts(b, r->overdue ? "<strong>" : "");
	put(b, date);
	buf_puts(b, r->overdue ? "</strong>" : "");
	if (!r->reviewed)
		return;
	if (r->days == 0)
		buf_puts(b, ", today");
	else if (r->days > 0)
		buf_printf(b, ", %ld day%s ago", r->days,
			   r->days == 1 ? "" : "s");
	else
		buf_printf(b, ", in %ld day%s", -r->days,
			   r->days == -1 ? "" : "s");
	if (r->overdue)
		buf_printf(b, " (over %ld)", r->s->checks.review_days);
}

static void put_row(struct buf *b, const struct row *r)
{
	const struct page *p = r->p;
	const struct checks_conf *c = &r->s->checks;
	buf_puts(b, "<tr><th scope=\"row\">");
	put_lang(b, r->s->lang, p->title);
	buf_puts(b, "<span class=\"src\">");
	put_path(b, r->shown);
	buf_puts(b, "</span></th><td>");
	put_lang(b, r->s->lang, lang_name(r->s));
	buf_puts(b, " (");
	put(b, r->s->lang);
	buf_puts(b, ")</td><td>");
	put_level(b, r);
	buf_printf(b, "</td><td class=\"n\">%zu</td><td class=\"n\">",
		   p->checks.words);
	int long_one = c->sentence_words > 0 &&
		       p->checks.longest > (size_t)c->sentence_words;
	buf_printf(b, long_one ? "<strong>%zu</strong>" : "%zu",
		   p->checks.longest);
	buf_printf(b, "</td><td class=\"n\">");
	buf_printf(b, p->checks.jargon > 0 ? "<strong>%zu</strong>" : "%zu",
		   p->checks.jargon);
	buf_puts(b, "</td><td>");
	put_review(b, r);
	buf_puts(b, "</td><td class=\"n\">");
	if (r->nwarns > 0)
		buf_printf(b, "<a href=\"#w%zu\">%d warning%s</a>", r->n,
			   r->nwarns, r->nwarns == 1 ? "" : "s");
	else
		buf_puts(b, "0");
	buf_puts(b, "</td></tr>\n");
}

/* One order of the table, its section headed by id and title. */
static void put_table(struct buf *b, const char *id, const char *title,
		      const char *caption, struct row **rows, size_t n)
{
	buf_printf(b, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">%s"
		   "</h2>\n", id, id, title);
	buf_printf(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" "
		   "aria-labelledby=\"%s-caption\">\n<table>\n"
		   "<caption id=\"%s-caption\">%s</caption>\n", id, id,
		   caption);
	buf_puts(b, "<thead><tr><th scope=\"col\">Page and its file</th>"
		    "<th scope=\"col\">Language</th>"
		    "<th scope=\"col\">Reading level</th>"
		    "<th scope=\"col\">Words</th>"
		    "<th scope=\"col\">Longest sentence (words)</th>"
		    "<th scope=\"col\">Health words not explained</th>"
		    "<th scope=\"col\">Last reviewed</th>"
		    "<th scope=\"col\">Warnings</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		put_row(b, rows[i]);
	buf_puts(b, "</tbody>\n</table>\n</div>\n</section>\n");
}

/* One warning line as a list item: "line N: MESSAGE", or with its whole
 * place when it is about no one page. */
static void put_warning(struct buf *b, const char *line, size_t len,
			int whole_place)
{
	char *s = xstrndup(line, len);
	size_t place;
	const char *msg;
	const char *at = parse(s, &place, &msg);
	buf_puts(b, "<li>");
	if (at == NULL) {
		put(b, s);
	} else if (whole_place) {
		buf_puts(b, "<code>");
		buf_put_html(b, at, place);
		buf_puts(b, "</code>: ");
		put(b, msg);
	} else {
		size_t ends[3];
		if (file_ends(at, place, ends) > 1)
			buf_printf(b, "line %ld: ",
				   strtol(at + ends[1] + 1, NULL, 10));
		put(b, msg);
	}
	buf_puts(b, "</li>\n");
	free(s);
}

static void put_warnings(struct buf *b, const struct buf *w, int whole)
{
	buf_puts(b, "<ul class=\"warnings\">\n");
	for (const char *s = buf_cstr(w); *s != '\0';) {
		const char *nl = strchr(s, '\n');
		size_t len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		put_warning(b, s, len, whole);
		s += len + (nl != NULL);
	}
	buf_puts(b, "</ul>\n");
}

void checkreport_html(struct buf *out, const struct site *site,
		      const char *warnings, long long now)
{
	size_t all = site_all_count(site), n = 0;
	struct row *rows = xcalloc(all + 1, sizeof *rows);
	long today = (long)(now / 86400);
	/* Every page read from a file, as checks_run() reports them (an
	 * exercises page with no exercises.md has none). */
	for (size_t i = 0; i < site_lang_count(site); i++) {
		const struct site *s = site_lang(site, i);
		for (size_t k = 0; k < site_page_count(s); k++) {
			const struct page *p = site_page(s, k);
			if (p != NULL && p->src != NULL && fs_exists(p->src)) {
				fill_row(&rows[n], s, p, n, today);
				n++;
			}
		}
	}
	struct buf others = BUF_INIT;
	share_out(warnings, rows, n, &others);
	struct row **order = xcalloc(n + 1, sizeof *order);
	int nwarns = 0, pages_warned = 0;
	for (size_t i = 0; i < n; i++) {
		order[i] = &rows[i];
		nwarns += rows[i].nwarns;
		pages_warned += rows[i].nwarns > 0;
	}
	int nothers = 0;
	for (const char *s = buf_cstr(&others); (s = strchr(s, '\n')); s++)
		nothers++;

	put_head(out, site);
	buf_puts(out, "<h1>Plain-language report: ");
	put_lang(out, site->lang, site->title);
	buf_puts(out, "</h1>\n");
	char date[32] = "";
	time_t t = (time_t)now;
	struct tm tm;
	if (gmtime_r(&t, &tm) != NULL)
		strftime(date, sizeof date, "%Y-%m-%d", &tm);
	buf_printf(out, "<p>%zu page%s in %zu language%s: %d warning%s about "
		   "%d of them, and %d about the site as a whole. Review "
		   "dates are counted to %s.</p>\n",
		   n, n == 1 ? "" : "s", site_lang_count(site),
		   site_lang_count(site) == 1 ? "" : "s", nwarns,
		   nwarns == 1 ? "" : "s", pages_warned, nothers, date);
	put_limits(out, site);
	buf_puts(out, "<nav class=\"orders\" aria-label=\"The report's "
		      "parts\">\n<ul>\n"
		      "<li><a href=\"#worst\">Worst first</a></li>\n"
		      "<li><a href=\"#hardest\">Hardest to read first</a></li>\n"
		      "<li><a href=\"#oldest\">Oldest review first</a></li>\n"
		      "<li><a href=\"#site-order\">In the site's order</a></li>\n"
		      "<li><a href=\"#warnings\">Every warning</a></li>\n"
		      "</ul>\n</nav>\n");

	qsort(order, n, sizeof *order, cmp_worst);
	put_table(out, "worst", "Worst first",
		  "Every page, worst first: most warnings, then hardest to "
		  "read (how far past its language's limit), then by title",
		  order, n);
	/* The warnings in the same order. */
	buf_puts(out, "<section aria-labelledby=\"warnings\">\n"
		      "<h2 id=\"warnings\">Every warning</h2>\n");
	if (nwarns + nothers == 0)
		buf_puts(out, "<p>None.</p>\n");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = order[i];
		if (r->nwarns == 0)
			continue;
		buf_printf(out, "<h3 id=\"w%zu\">", r->n);
		put_lang(out, r->s->lang, r->p->title);
		buf_puts(out, " <span class=\"src\">");
		put_path(out, r->shown);
		buf_puts(out, "</span></h3>\n");
		put_warnings(out, &r->warns, 0);
	}
	if (nothers > 0) {
		buf_puts(out, "<h3 id=\"w-site\">About the site as a whole"
			      "</h3>\n");
		put_warnings(out, &others, 1);
	}
	buf_puts(out, "</section>\n");

	qsort(order, n, sizeof *order, cmp_level);
	put_table(out, "hardest", "Hardest to read first",
		  "Every page, hardest to read first (how far past its "
		  "language's limit; too short to judge last)", order, n);
	qsort(order, n, sizeof *order, cmp_review);
	put_table(out, "oldest", "Oldest review first",
		  "Every page, oldest review first (no date first)", order, n);
	qsort(order, n, sizeof *order, cmp_site);
	put_table(out, "site-order", "In the site's order",
		  "Every page in the site's order, language by language",
		  order, n);
	buf_puts(out, "</main>\n</body>\n</html>\n");

	for (size_t i = 0; i < n; i++) {
		free(rows[i].shown);
		buf_free(&rows[i].warns);
	}
	free(rows);
	free(order);
	buf_free(&others);
}

void checkreport_hook(void *ctx, const struct site *site,
		      const char *warnings, long long now)
{
	struct buf *b = ctx;
	buf_reset(b);
	checkreport_html(b, site, warnings, now);
}

int checkreport_check_path(const char *path, const struct build_opts *o,
			   struct diag *d)
{
	if (fs_is_dir(path)) {
		diag_error(d, path, 0, 0, "the report is a folder (expected "
			   "the name of an HTML file, such as report.html)");
		return -1;
	}
	const char *what[] = {"output", "content", "templates"};
	const char *dirs[] = {o->out, o->content, o->templates};
	char *real = fs_realpath_loose(path);
	int rc = 0;
	for (size_t i = 0; i < ARRAY_LEN(dirs) && real != NULL && rc == 0;
	     i++) {
		char *dir = dirs[i] != NULL ? fs_realpath_loose(dirs[i]) : NULL;
		if (dir != NULL && fs_path_nested(real, dir)) {
			diag_error(d, path, 0, 0, "the report would be in the "
				   "%s folder \"%s\" (expected a file outside "
				   "the output, content and templates folders, "
				   "such as report.html)", what[i], dirs[i]);
			rc = -1;
		}
		free(dir);
	}
	free(real);
	return rc;
}

int checkreport_write(const char *path, const char *html, size_t len,
		      struct diag *d)
{
	return fs_write_if_changed(path, html, len, d) < 0 ? -1 : 0;
}
