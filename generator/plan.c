/*
 * plan.c: plan files (plan.h).  frontmatter.c reads the YAML against
 * the schema below, with the length limit and with values kept out of
 * its messages; this file then checks what needs the site (each
 * exercise is one of its pages, and is listed once) and names the plan
 * files a command line gives.
 *
 * The reader's messages and the checks' are put in file order before
 * they are passed on, so a plan's errors read from top to bottom.
 * Ownership: a struct plan owns all of its strings and its array; its
 * pages belong to the site.
 */
#include "plan.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "paths.h"
#include "util.h"

/* A plan is a page of text: anything bigger is not one. */
#define PLAN_MAX_FILE ((size_t)512 << 10) /* a form of 256 KB, its escapes */
/* How many names an unknown exercise is offered. */
#define PLAN_NEAREST 3

#define ITEM_TEXT(key, type, req, member)                                  \
	{key, type, req, offsetof(struct plan_exercise, member), NULL, NULL, \
	 0, NULL}
static const struct fm_field item_keys[] = {
	ITEM_TEXT("exercise", FM_RAW, 1, exercise), /* a slug: as written */
	ITEM_TEXT("frequency", FM_TEXT, 0, frequency),
	ITEM_TEXT("duration", FM_TEXT, 0, duration),
	ITEM_TEXT("sets", FM_TEXT, 0, sets),
	ITEM_TEXT("reps", FM_TEXT, 0, reps),
	ITEM_TEXT("hold", FM_TEXT, 0, hold),
	ITEM_TEXT("sides", FM_TEXT, 0, sides),
	ITEM_TEXT("note", FM_TEXT, 0, note),
};

static const struct fm_items item_layout = {
	sizeof(struct plan_exercise), offsetof(struct plan, nexercises),
	offsetof(struct plan_exercise, line), PLAN_MAX_EXERCISES,
	offsetof(struct plan_exercise, col)};

#define PLAN_TEXT(key, type, member)                                       \
	{key, type, 0, offsetof(struct plan, member), NULL, NULL, 0, NULL}
static const struct fm_field plan_keys[] = {
	PLAN_TEXT("patient", FM_TEXT, patient),
	PLAN_TEXT("date", FM_DATE, date),
	PLAN_TEXT("clinician", FM_TEXT, clinician),
	PLAN_TEXT("next_review", FM_DATE, next_review),
	PLAN_TEXT("note", FM_TEXT, note),
	PLAN_TEXT("language", FM_RAW, language),
	/* Required: there, and not "[]" (frontmatter.c says so). */
	{"exercises", FM_ITEMS, 1, offsetof(struct plan, exercises), NULL,
	 item_keys, ARRAY_LEN(item_keys), &item_layout},
};
#define PLAN_EXERCISES_KEY (&plan_keys[ARRAY_LEN(plan_keys) - 1])

/* ---- messages in file order ---- */

/* One message about the plan, held until all are known. */
struct plan_msg {
	int line, col; /* 0: before any line (a file that cannot be read) */
	size_t seq;    /* the order it was made in, among equals */
	char *text;    /* the whole line, as struct diag prints it */
};

struct plan_msgs {
	const char *path;
	struct plan_msg *v;
	size_t n, cap;
	struct diag counts; /* what was reported, without the messages */
};

static void msgs_push(struct plan_msgs *m, int line, int col, char *text)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 8;
		m->v = xrealloc(m->v, m->cap * sizeof *m->v);
	}
	m->v[m->n] = (struct plan_msg){line, col, m->n, text};
	m->n++;
}

/* A check's error at line:col of the plan. */
static void plan_error(struct plan_msgs *m, int line, int col,
		       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void plan_error(struct plan_msgs *m, int line, int col,
		       const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	struct diag one = diag_buffered(&b);
	va_list ap;
	va_start(ap, fmt);
	diag_verror(&one, m->path, line, col, fmt, ap);
	va_end(ap);
	m->counts.errors++;
	msgs_push(m, line, col, buf_detach(&b));
}

/* Take the reader's messages (lines in mem, as diag.c writes them) with
 * their positions: each starts with what diag.c makes of the path, which
 * a message without a position shows. */
static void msgs_take(struct plan_msgs *m, const struct buf *mem)
{
	struct buf probe = BUF_INIT;
	struct diag pd = diag_buffered(&probe);
	static const char tail[] = ": error: -\n";
	diag_error(&pd, m->path, 0, 0, "-");
	size_t plen = probe.len - (sizeof tail - 1);
	const char *s = buf_cstr(mem);
	while (*s != '\0') {
		size_t len = strcspn(s, "\n");
		len += s[len] == '\n';
		int line = 0, col = 0;
		if (strncmp(s, probe.data, plen) == 0 && s[plen] == ':') {
			char *e;
			line = (int)strtol(s + plen + 1, &e, 10);
			if (*e == ':')
				col = (int)strtol(e + 1, NULL, 10);
		}
		msgs_push(m, line, col, xstrndup(s, len));
		s += len;
	}
	buf_free(&probe);
}

static int msg_cmp(const void *a, const void *b)
{
	const struct plan_msg *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Pass the messages on to d in file order, with their counts; free them. */
static void msgs_flush(struct plan_msgs *m, struct diag *d)
{
	struct buf all = BUF_INIT;
	if (m->n > 0)
		qsort(m->v, m->n, sizeof *m->v, msg_cmp);
	for (size_t i = 0; i < m->n; i++) {
		buf_puts(&all, m->v[i].text);
		free(m->v[i].text);
	}
	free(m->v);
	struct diag out = m->counts;
	out.mem = &all;
	diag_merge(d, &out);
	buf_free(&all);
}

/* ---- checks against the site ---- */

static const struct page *exercise_page(const struct site *site,
					const char *slug)
{
	for (size_t i = 0; i < site->nexercises; i++)
		if (strcmp(site->exercises[i]->slug, slug) == 0)
			return site->exercises[i];
	return NULL;
}

/* e names no exercise of the site: say so, with the nearest names (by
 * edit distance; the site's order among equals). */
static void unknown_exercise(struct plan_msgs *m, const struct site *site,
			     const struct plan_exercise *e)
{
	const char *near[PLAN_NEAREST];
	size_t dist[PLAN_NEAREST], k = 0;
	for (size_t i = 0; i < site->nexercises; i++) {
		const char *slug = site->exercises[i]->slug;
		size_t dd = fm_distance(e->exercise, slug);
		if (k == PLAN_NEAREST && dd >= dist[k - 1])
			continue;
		/* Into the next free place, or over the farthest. */
		size_t j = k < PLAN_NEAREST ? k++ : k - 1;
		for (; j > 0 && dist[j - 1] > dd; j--) {
			near[j] = near[j - 1];
			dist[j] = dist[j - 1];
		}
		near[j] = slug;
		dist[j] = dd;
	}
	if (k == 0) {
		plan_error(m, e->line, e->col, "unknown exercise (the site has "
			   "no exercises)");
		return;
	}
	/* A typing slip, not another word: offer the one. */
	size_t typo = dist[0] <= 2 || dist[0] * 3 <= strlen(e->exercise);
	struct buf list = BUF_INIT;
	for (size_t i = typo; i < k; i++)
		buf_printf(&list, "%s\"%s\"", i > typo ? ", " : "", near[i]);
	if (!typo)
		plan_error(m, e->line, e->col, "unknown exercise (expected an "
			   "exercise file's name without .md; the nearest "
			   "are %s)", buf_cstr(&list));
	else if (k > 1)
		plan_error(m, e->line, e->col, "unknown exercise (did you mean "
			   "\"%s\"? also near: %s)", near[0], buf_cstr(&list));
	else
		plan_error(m, e->line, e->col, "unknown exercise (did you mean "
			   "\"%s\"?)", near[0]);
	buf_free(&list);
}

/* Each exercise read is one of the site's, and listed once.  What was
 * typed is named only when it is one of the site's exercises: an
 * exercise line may hold anything, a patient's name too. */
static void check_exercises(struct plan *p, const struct site *site,
			    struct plan_msgs *m)
{
	for (size_t i = 0; i < p->nexercises; i++) {
		struct plan_exercise *e = &p->exercises[i];
		if (e->exercise == NULL)
			continue; /* the reader said what is wrong */
		size_t j = 0;
		while (j < i && (p->exercises[j].exercise == NULL ||
				 strcmp(p->exercises[j].exercise,
					e->exercise) != 0))
			j++;
		if (j < i) {
			/* (Named when it is the site's: what was typed
			 * otherwise may be anything.) */
			if (exercise_page(site, e->exercise) != NULL)
				plan_error(m, e->line, e->col, "exercise \"%s\" "
					   "is listed twice (first at line %d): "
					   "keep one", e->exercise,
					   p->exercises[j].line);
			else
				plan_error(m, e->line, e->col, "this exercise "
					   "is listed twice (first at line %d): "
					   "keep one", p->exercises[j].line);
			continue;
		}
		e->page = exercise_page(site, e->exercise);
		if (e->page == NULL && site->base != NULL &&
		    exercise_page(site->base, e->exercise) != NULL)
			plan_error(m, e->line, e->col, "exercise \"%s\" has no "
				   "translation in this plan's language (expected "
				   "%sexercises/%s.md in the content folder)",
				   e->exercise, site->prefix, e->exercise);
		else if (e->page == NULL)
			unknown_exercise(m, site, e);
	}
}

/* The plan's language is one of the site's: its handout is printed in
 * it, with that language's exercises. */
static void check_language(struct plan *p, const struct site *site,
			   struct plan_msgs *m, int line)
{
	struct buf list = BUF_INIT;
	for (size_t i = 0; i < site_lang_count(site); i++) {
		const struct site *l = site_lang(site, i);
		if (strcmp(l->lang, p->language) == 0) {
			p->site = l;
			buf_free(&list);
			return;
		}
		buf_printf(&list, "%s%s", i ? ", " : "", l->lang);
	}
	/* (What was typed is not repeated: a plan may hold anything.) */
	plan_error(m, line, 1, "this language is not one of the site's "
		   "(expected one of: %s)", buf_cstr(&list));
	buf_free(&list);
	p->site = NULL;
}

/* ---- loading ---- */

/* The file's name without its folder and ".yaml" (or ".yml"). */
static char *plan_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	size_t len = strlen(base);
	if (path_has_suffix(base, ".yaml"))
		len -= 5;
	else if (path_has_suffix(base, ".yml"))
		len -= 4;
	return xstrndup(base, len);
}

struct plan *plan_parse(const char *name_for_messages, const char *yaml,
			size_t len, const struct site *site, struct diag *d)
{
	static const struct fm_opts opts = {PLAN_MAX_TEXT, 1};
	const char *path = name_for_messages;
	if (len > PLAN_MAX_FILE) { /* as fs_read_file() says of a file */
		diag_error(d, path, 0, 0, "file is %zu bytes, more than the "
			   "limit of %zu", len, PLAN_MAX_FILE);
		return NULL;
	}
	struct plan *p = xcalloc(1, sizeof *p);
	struct buf mem = BUF_INIT;
	struct plan_msgs m = {path, NULL, 0, 0, diag_buffered(&mem)};
	int lines[ARRAY_LEN(plan_keys)] = {0};
	fm_parse_opts(path, yaml, len, 1, plan_keys, ARRAY_LEN(plan_keys), p,
		      lines, &opts, &m.counts);
	m.counts.mem = NULL;
	msgs_take(&m, &mem);
	buf_free(&mem);
	p->site = site;
	if (p->language != NULL)
		check_language(p, site, &m, lines[ARRAY_LEN(plan_keys) - 2]);
	if (p->site != NULL)
		check_exercises(p, p->site, &m);
	int failed = diag_failed(&m.counts);
	msgs_flush(&m, d);
	if (failed) {
		plan_free(p);
		return NULL;
	}
	p->path = xstrdup(path);
	p->name = plan_name(path);
	return p;
}

struct plan *plan_load(const char *path, const struct site *site,
		       struct diag *d)
{
	struct buf text = BUF_INIT;
	if (fs_read_file(path, &text, PLAN_MAX_FILE, d) != 0) {
		buf_free(&text);
		return NULL;
	}
	struct plan *p = plan_parse(path, buf_cstr(&text), text.len, site, d);
	buf_free(&text); /* the patient's details, now only in p */
	return p;
}

void plan_free(struct plan *p)
{
	if (p == NULL)
		return;
	fm_items_free(PLAN_EXERCISES_KEY, p);
	free(p->path);
	free(p->name);
	free(p->patient);
	free(p->date);
	free(p->clinician);
	free(p->next_review);
	free(p->note);
	free(p->language);
	free(p);
}

/* ---- the files a command line names ---- */

static void paths_push(char ***v, size_t *n, size_t *cap, char *path)
{
	if (*n + 1 >= *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = path;
	(*v)[*n] = NULL;
}

int plan_paths(char *const *args, size_t n, char ***paths, struct diag *d)
{
	char **v = xcalloc(1, sizeof *v);
	size_t count = 0, cap = 1;
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const char *arg = args[i];
		if (!fs_is_dir(arg)) {
			if (fs_exists(arg)) {
				paths_push(&v, &count, &cap, xstrdup(arg));
			} else {
				diag_error(d, arg, 0, 0, "no such plan file or "
					   "folder");
				bad = 1;
			}
			continue;
		}
		char **names = fs_list_dir(arg, d);
		if (names == NULL) {
			bad = 1;
			continue;
		}
		size_t found = 0;
		for (char **nm = names; *nm != NULL; nm++) {
			/* Hidden files are an editor's or a system's. */
			if ((*nm)[0] == '.' || !path_has_suffix(*nm, ".yaml"))
				continue;
			char *full = fs_join(arg, *nm);
			if (!fs_is_file(full)) {
				free(full);
				continue;
			}
			paths_push(&v, &count, &cap, full);
			found++;
		}
		fs_free_list(names);
		if (found == 0) {
			diag_error(d, arg, 0, 0, "no plan files (*.yaml) in "
				   "this folder");
			bad = 1;
		}
	}
	if (bad) {
		for (size_t i = 0; i < count; i++)
			free(v[i]);
		free(v);
		*paths = NULL;
		return -1;
	}
	*paths = v;
	return (int)count;
}
