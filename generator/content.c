#define _XOPEN_SOURCE 700
#include "content.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fields.h"
#include "frontmatter.h"
#include "jobs.h"
#include "fsutil.h"
#include "i18n.h"
#include "markdown.h"
#include "paths.h"
#include "plain.h"
#include "resolve.h"
#include "slug.h"
#include "strmap.h"
#include "text.h"
#include "util.h"

const char *const category_keys[CAT_COUNT] = {"stretch", "strength",
					      "aerobic"};
const char *const category_words[CAT_COUNT] = {
	"category.stretch", "category.strength", "category.aerobic"};

static const char *const paper_choices[] = {"a4", "letter", NULL};

/* The section pages: file under content/, slug (its output path is
 * path_page_out(slug)), whether required. */
static const struct {
	const char *file;
	const char *slug;
	int required;
	const char *what;
} section_files[PAGE_EXERCISE] = {
	[PAGE_HOME] = {"index.md", "", 1, "the home page"},
	[PAGE_CAUSES] = {"causes.md", "causes", 1, "the causes page"},
	[PAGE_EXERCISES] = {"exercises.md", PATH_EXERCISES, 0,
			    "the exercises page"},
	[PAGE_SCHEDULE] = {"schedule.md", "schedule", 1, "the schedule page"},
	[PAGE_PREVENTION] = {"prevention.md", "prevention", 1,
			     "the prevention page"},
	[PAGE_FAQ] = {"faq.md", "faq", 1, "the FAQ page"},
};

/* ---- schemas ---- */

struct fm_site {
	char *title, *clinic_name, *clinic_phone, *clinic_email;
	char *clinic_address, *clinic_website, *lang, *base_url, *disclaimer;
	int paper, unsafe_html;
	char **sheet; /* exercise file names, without .md */
	char **languages; /* language codes, the default first */
	/* checks: each as written (a number, on or off) */
	char *c_grade, *c_ease, *c_sentence, *c_review, *c_jargon, *c_pieces;
	char *c_placeholders, *c_safety;
};

#define SF(key, type, req, field) \
	{key, type, req, offsetof(struct fm_site, field), NULL, NULL, 0, NULL}

static const struct fm_field clinic_schema[] = {
	SF("name", FM_TEXT, 1, clinic_name),
	SF("phone", FM_TEXT, 0, clinic_phone),
	SF("email", FM_TEXT, 0, clinic_email),
	SF("address", FM_TEXT, 0, clinic_address),
	SF("website", FM_TEXT, 0, clinic_website),
};

static const struct fm_field checks_schema[] = {
	SF("reading_grade", FM_TEXT, 0, c_grade),
	SF("reading_ease", FM_TEXT, 0, c_ease),
	SF("sentence_words", FM_TEXT, 0, c_sentence),
	SF("review_days", FM_TEXT, 0, c_review),
	SF("jargon", FM_TEXT, 0, c_jargon),
	SF("missing_pieces", FM_TEXT, 0, c_pieces),
	SF("placeholders", FM_TEXT, 0, c_placeholders),
	SF("safety_heading", FM_TEXT, 0, c_safety),
};

static const struct fm_field site_schema[] = {
	SF("title", FM_TEXT, 1, title),
	{"clinic", FM_MAP, 1, 0, NULL, clinic_schema, ARRAY_LEN(clinic_schema), NULL},
	SF("language", FM_TEXT, 0, lang),
	SF("base_url", FM_RAW, 0, base_url),
	{"paper", FM_CHOICE, 0, offsetof(struct fm_site, paper), paper_choices,
	 NULL, 0, NULL},
	SF("disclaimer", FM_TEXT, 0, disclaimer),
	{"unsafe_html", FM_BOOL, 0, offsetof(struct fm_site, unsafe_html),
	 NULL, NULL, 0, NULL},
	{"sheet", FM_LIST, 0, offsetof(struct fm_site, sheet), NULL, NULL, 0, NULL},
	{"languages", FM_LIST, 0, offsetof(struct fm_site, languages), NULL,
	 NULL, 0, NULL},
	{"checks", FM_MAP, 0, 0, NULL, checks_schema, ARRAY_LEN(checks_schema),
	 NULL},
};

/* content/LANG/site.yaml: what a translation may say differently. */
static const struct fm_field translation_schema[] = {
	SF("title", FM_TEXT, 0, title),
	SF("disclaimer", FM_TEXT, 0, disclaimer),
	{"checks", FM_MAP, 0, 0, NULL, checks_schema, ARRAY_LEN(checks_schema),
	 NULL},
};

/* The keys a translated exercise takes from the default language's file
 * unless it gives them: what it is and its dose, kept in one place. */
static const char *const inherited_keys[] = {
	"category", "order", "frequency", "duration", "sets", "reps", "hold",
	"sides", "as_advised", NULL,
};

/* Index of key in schema (for the lines fm_parse_lines() records). */
static size_t key_index(const struct fm_field *schema, size_t n,
			const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(schema[i].key, key) == 0)
			return i;
	return 0;
}

/* ---- loading state ---- */

struct loader {
	const struct content_opts *opts;
	struct diag *d;
	struct site *site;
	size_t max;
	char *root_real;  /* realpath of the content folder */
	char **sheet;     /* site.yaml's sheet list, or NULL */
	int sheet_line;   /* its line */
	/* Every page's output path by its content-relative source path
	 * ("exercises/x.md"), known from the file names before any page
	 * loads, so pages can resolve their links on any thread. */
	struct strmap outs;
	char **outs_own; /* the keys and values of outs */
	size_t nouts;
	struct strmap on_sheet; /* slugs site.yaml's sheet list names */
	/* A translation's: the folder of its files ("es/", "" for the
	 * default language), the default-language site, its exercises by
	 * slug and its pages' output paths by source path. */
	const char *sub;
	const struct site *base;
	struct strmap base_ex;
	const struct strmap *base_outs;
	char **languages; /* the default's site.yaml's languages, or NULL */
	int languages_line;
	/* The messages of resolving each exercise's links, reported after
	 * every file has loaded (as for the sections), by exercise. */
	struct buf *late_msgs;
	struct diag *late;
};

/* sub + path (path taken; the result is the caller's). */
static char *sub_path(const char *sub, char *path)
{
	if (sub == NULL || sub[0] == '\0')
		return path;
	char *s = xasprintf("%s%s", sub, path);
	free(path);
	return s;
}

static void add_out(struct loader *L, const char *rel, const char *out)
{
	L->outs_own = xrealloc(L->outs_own, (L->nouts + 2) * sizeof *L->outs_own);
	L->outs_own[L->nouts] = xstrdup(rel);
	L->outs_own[L->nouts + 1] = xstrdup(out);
	strmap_put(&L->outs, L->outs_own[L->nouts], L->outs_own[L->nouts + 1]);
	L->nouts += 2;
}

void page_free(struct page *p)
{
	if (p == NULL)
		return;
	free(p->src);
	free(p->slug);
	free(p->out);
	if (p->ex != NULL)
		for (size_t i = 0; i < p->ex->npictures; i++)
			free(p->ex->pictures[i].src);
	fields_free(p);
	md_free(p->body);
	free(p->ex);
	free(p->checks.msgs);
	for (size_t i = 0; i < p->nlinks; i++) {
		free(p->links[i].url);
		free(p->links[i].orig);
	}
	free(p->links);
	for (size_t i = 0; i < p->nrefs; i++) {
		free(p->refs[i].src);
		free(p->refs[i].out);
	}
	free(p->refs);
	text_places_free(p->places);
	free(p);
}

void site_free(struct site *s)
{
	if (s == NULL)
		return;
	free(s->content_dir);
	free(s->config);
	text_places_free(s->config_places);
	free(s->title);
	free(s->clinic_name);
	free(s->clinic_phone);
	free(s->clinic_email);
	free(s->clinic_address);
	free(s->clinic_website);
	free(s->lang);
	free(s->base_url);
	free(s->disclaimer);
	free(s->last_reviewed);
	for (int i = 0; i < PAGE_EXERCISE; i++)
		page_free(s->sections[i]);
	for (size_t i = 0; i < s->nexercises; i++)
		page_free(s->exercises[i]);
	free(s->exercises);
	free(s->table);
	free(s->sheet);
	for (size_t i = 0; i < s->nassets; i++) {
		free(s->assets[i].src);
		free(s->assets[i].out);
	}
	free(s->assets);
	free(s->pages);
	strmap_free(&s->by_slug);
	free(s->checks.safety_heading);
	plain_free(s->plain, s->nplain);
	free(s->plain_file);
	free(s->prefix);
	for (size_t i = 0; i < s->ntr; i++)
		site_free(s->tr[i]);
	free(s->tr);
	i18n_free_all(s->own_words, s->nown_words);
	free(s);
}

size_t site_page_count(const struct site *site)
{
	return site->npages;
}

struct page *site_page(const struct site *site, size_t i)
{
	return site->pages[i];
}

size_t site_all_count(const struct site *site)
{
	size_t n = site->npages;
	for (size_t i = 0; i < site->ntr; i++)
		n += site->tr[i]->npages;
	return n;
}

struct page *site_all_page(const struct site *site, size_t i)
{
	if (i < site->npages)
		return site->pages[i];
	i -= site->npages;
	for (size_t k = 0; k < site->ntr; i -= site->tr[k++]->npages)
		if (i < site->tr[k]->npages)
			return site->tr[k]->pages[i];
	return NULL;
}

size_t site_lang_count(const struct site *site)
{
	return 1 + site->ntr;
}

const struct site *site_lang(const struct site *site, size_t i)
{
	return i == 0 ? site : site->tr[i - 1];
}

const struct page *site_section(const struct site *site, enum page_kind k)
{
	if (site->sections[k] == NULL && site->base != NULL)
		return site->base->sections[k];
	return site->sections[k];
}

/* The pages in output order, once every page is in place. */
static void list_pages(struct site *s)
{
	s->pages = xcalloc(PAGE_EXERCISE + s->nexercises + 1, sizeof *s->pages);
	s->npages = 0;
	for (int k = 0; k < PAGE_EXERCISE; k++)
		if (s->sections[k] != NULL)
			s->pages[s->npages++] = s->sections[k];
	for (size_t i = 0; i < s->nexercises; i++) {
		s->pages[s->npages++] = s->exercises[i];
		strmap_put(&s->by_slug, s->exercises[i]->slug, s->exercises[i]);
	}
}

const struct page *site_exercise(const struct site *site, const char *slug)
{
	return strmap_get(&site->by_slug, slug);
}

/* Report the first invalid UTF-8 sequence of text (a NUL counts), with
 * its line and column.  Returns 0 when the text is valid. */
static int check_utf8(struct loader *L, const char *path, const char *text,
		      size_t len)
{
	int line = 1, col = 1;
	size_t i = 0;
	while (i < len) {
		int32_t cp = 0;
		size_t n = utf8_char(text + i, len - i, &cp);
		if (n == 0 || cp == 0) {
			diag_error(L->d, path, line, col,
				   "invalid UTF-8 (byte 0x%02X): save the file "
				   "as UTF-8 in your editor",
				   (unsigned char)text[i]);
			return -1;
		}
		text_advance(cp, &line, &col);
		i += n;
	}
	return 0;
}

/* A translated exercise: what its file does not give of inherited_keys,
 * from the default language's page; the same pictures when it lists
 * none (already found and checked with that page). */
static void inherit(struct page *p, const struct page *base,
		    const struct field_schema *schema, const int *lines)
{
	for (size_t i = 0; i < schema->n; i++) {
		const struct field *f = schema->row[i];
		int known = 0;
		for (const char *const *k = inherited_keys; *k; k++)
			known |= strcmp(*k, f->key) == 0;
		if (!known || lines[i] != 0)
			continue;
		void *to = field_value(f, p);
		const void *from = field_get(f, base);
		if (f->type == FM_CHOICE || f->type == FM_BOOL)
			*(int *)to = *(const int *)from;
		else if (f->type == FM_INT)
			*(long *)to = *(const long *)from;
		else if (*(char *const *)from != NULL)
			*(char **)to = xstrdup(*(char *const *)from);
	}
	struct exercise *e = p->ex;
	if (e->npictures > 0 || e->image != NULL || e->image_alt != NULL)
		return;
	const struct exercise *b = base->ex;
	e->pictures = xcalloc(b->npictures + 1, sizeof *e->pictures);
	for (size_t i = 0; i < b->npictures; i++) {
		e->pictures[i] = b->pictures[i];
		e->pictures[i].file = xstrdup(b->pictures[i].file);
		e->pictures[i].alt = xstrdup(b->pictures[i].alt);
		e->pictures[i].caption = b->pictures[i].caption
						 ? xstrdup(b->pictures[i].caption)
						 : NULL;
		e->pictures[i].src = xstrdup(b->pictures[i].src);
	}
	e->npictures = b->npictures;
}

/* Read a Markdown file with front matter into a new page. NULL after
 * reporting. */
static struct page *load_page(struct loader *L, const char *rel,
			      enum page_kind kind)
{
	struct page *p = xcalloc(1, sizeof *p);
	struct buf text = BUF_INIT;
	struct fm_split split;
	struct field_schema schema;
	int ok = 0;

	p->kind = kind;
	if (kind == PAGE_EXERCISE)
		p->ex = xcalloc(1, sizeof *p->ex);
	fields_clear(p);
	p->src = fs_join(L->opts->dir, rel);
	/* The stamp before the bytes: an edit while reading changes it. */
	fs_stamp_of(p->src, &p->stamp);
	if (fs_read_file(p->src, &text, L->max, L->d) != 0)
		goto out;
	p->hash = hash_bytes(text.data, text.len);
	if (check_utf8(L, p->src, buf_cstr(&text), text.len) != 0)
		goto out;
	p->places = text_places_new(buf_cstr(&text), text.len);
	if (fm_split(p->src, buf_cstr(&text), text.len, &split, L->d) != 0)
		goto out;
	/* Straight into the model, as the field table says (fields.h). */
	fields_schema(kind, &schema);
	const struct page *base = NULL; /* a translation's original */
	if (L->base != NULL && kind == PAGE_EXERCISE) {
		const char *name = strrchr(rel, '/') + 1;
		char *slug = slugify(name, strlen(name) - 3);
		base = strmap_get(&L->base_ex, slug);
		free(slug);
		if (base == NULL) {
			char *orig = fs_join(L->opts->dir, rel + strlen(L->sub));
			diag_error(L->d, p->src, 0, 0,
				   "a translation whose default-language file "
				   "is gone or does not load (expected %s, or "
				   "remove this file)", orig);
			free(orig);
			goto out;
		}
		for (size_t i = 0; i < schema.n; i++)
			schema.fm[i].required = 0; /* (inherited, below) */
	}
	void *homes[] = {[FIELD_IN_PAGE] = p, [FIELD_IN_EXERCISE] = p->ex};
	int lines[FIELDS_MAX] = {0};
	if (fm_parse_into(p->src, split.yaml, split.yaml_len, split.yaml_line,
			  schema.fm, schema.n, homes, schema.base, lines,
			  L->d) != 0)
		goto out;
	for (size_t i = 0; i < schema.n; i++) {
		int *line = field_line(schema.row[i], p);
		if (line != NULL)
			*line = lines[i];
	}
	if (base != NULL)
		inherit(p, base, &schema, lines);
	p->body_line = split.body_line;
	p->body = md_parse(split.body, split.body_len, split.body_line - 1,
			   L->site->unsafe_html);
	const struct md_node *deepest;
	if (md_depth(p->body, &deepest) > CONTENT_MAX_DEPTH) {
		diag_error(L->d, p->src, md_line(deepest), md_column(deepest),
			   "text nested more than %d levels deep (lists in "
			   "lists, quotes in quotes...): simplify it",
			   CONTENT_MAX_DEPTH);
		goto out;
	}
	ok = 1;
out:
	buf_free(&text);
	if (!ok) {
		page_free(p);
		return NULL;
	}
	return p;
}

/* A level-1 heading in a body would give the page two h1s. */
static void check_headings(struct loader *L, const struct md_node *n,
			   const struct page *p)
{
	/* Recursion is bounded by CONTENT_MAX_DEPTH, checked at load. */
	for (n = md_first_child(n); n; n = md_next(n)) {
		check_headings(L, n, p);
		if (md_type(n) == MD_HEADING && md_heading_level(n) == 1)
			diag_error(L->d, p->src, md_line(n), md_column(n),
				   "level-1 heading in the text: the page's "
				   "title (front matter \"title\") is its only "
				   "level-1 heading; use \"## \" for sections");
	}
}

/* A BCP 47 language tag, loosely: 2-3 letters, then "-" subtags of 1-8
 * letters or digits ("en", "es-MX", "zh-Hant-TW"). */
static int is_language_tag(const char *l)
{
	static const char letters[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t k = strspn(l, letters);
	if (k < 2 || k > 3)
		return 0;
	for (l += k; *l; l += k) {
		if (*l++ != '-')
			return 0;
		k = strspn(l, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
		if (k < 1 || k > 8)
			return 0;
	}
	return 1;
}

/* A number of checks: (or "off": -1), else -2 after reporting. */
static double check_number(struct loader *L, const char *file, int line,
			   const char *key, const char *v, double lo,
			   double hi)
{
	char *end;
	if (strcmp(v, "off") == 0)
		return -1;
	double x = strtod(v, &end);
	if (end == v || *end != '\0' || x < lo || x > hi) {
		diag_error(L->d, file, line, 0,
			   "checks: %s is \"%s\" (expected a number from %g "
			   "to %g, or off)", key, v, lo, hi);
		return -2;
	}
	return x;
}

/* on/off of checks: (1, 0), or -1 after reporting. */
static int check_switch(struct loader *L, const char *file, int line,
			const char *key, const char *v)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "yes") == 0)
		return 1;
	if (strcmp(v, "off") == 0 || strcmp(v, "false") == 0 ||
	    strcmp(v, "no") == 0)
		return 0;
	diag_error(L->d, file, line, 0, "checks: %s is \"%s\" (expected on "
		   "or off)", key, v);
	return -1;
}

/* site.yaml's checks: over c (the defaults, or the default language's
 * settings for a translation); line: the key's.  Takes fm's texts. */
static void read_checks(struct loader *L, const char *file, int line,
			struct fm_site *fm, struct checks_conf *c)
{
	double x;
	if (fm->c_grade && (x = check_number(L, file, line, "reading_grade",
					     fm->c_grade, 1, 20)) > -2)
		c->grade = x;
	if (fm->c_ease && (x = check_number(L, file, line, "reading_ease",
					    fm->c_ease, 0, 120)) > -2)
		c->ease = x;
	if (fm->c_sentence && (x = check_number(L, file, line,
						"sentence_words",
						fm->c_sentence, 5, 200)) > -2)
		c->sentence_words = x < 0 ? 0 : (long)x;
	if (fm->c_review && (x = check_number(L, file, line, "review_days",
					      fm->c_review, 1, 10000)) > -2)
		c->review_days = x < 0 ? 0 : (long)x;
	int on;
	if (fm->c_jargon &&
	    (on = check_switch(L, file, line, "jargon", fm->c_jargon)) >= 0)
		c->jargon = on;
	if (fm->c_pieces && (on = check_switch(L, file, line, "missing_pieces",
					       fm->c_pieces)) >= 0)
		c->pieces = on;
	if (fm->c_placeholders &&
	    (on = check_switch(L, file, line, "placeholders",
			       fm->c_placeholders)) >= 0)
		c->placeholders = on;
	if (fm->c_safety) {
		free(c->safety_heading);
		c->safety_heading = fm->c_safety;
		fm->c_safety = NULL;
	}
	free(fm->c_grade);
	free(fm->c_ease);
	free(fm->c_sentence);
	free(fm->c_review);
	free(fm->c_jargon);
	free(fm->c_pieces);
	free(fm->c_placeholders);
}

/* The language's plain-words.yaml: content/plain-words.yaml, or
 * content/LANG/plain-words.yaml for a translation. */
static void load_plain(struct loader *L)
{
	struct site *s = L->site;
	char *rel = sub_path(L->sub, xstrdup("plain-words.yaml"));
	s->plain_file = fs_join(L->opts->dir, rel);
	free(rel);
	plain_load(s->plain_file, L->max, &s->plain, &s->nplain, L->d);
}

/* site.yaml's languages: language codes, each once; the first is the
 * site's language (and language:'s, when both are given). */
static int check_languages(struct loader *L, int lang_given)
{
	struct site *s = L->site;
	int line = L->languages_line, rc = 0;
	char **l = L->languages;
	if (l[0] == NULL) {
		diag_error(L->d, s->config, line, 0, "languages is empty "
			   "(expected a list of language codes, the default "
			   "first, such as [en, es])");
		return -1;
	}
	for (size_t i = 0; l[i]; i++) {
		if (!is_language_tag(l[i])) {
			diag_error(L->d, s->config, line, 0,
				   "languages: \"%s\" is not a language code "
				   "(expected, for example, en or es-MX)", l[i]);
			rc = -1;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(l[k], l[i]) == 0) {
				diag_error(L->d, s->config, line, 0,
					   "languages: \"%s\" is given twice",
					   l[i]);
				rc = -1;
			}
	}
	if (lang_given && strcmp(s->lang, l[0]) != 0) {
		diag_error(L->d, s->config, line, 0,
			   "languages starts with \"%s\" but language is "
			   "\"%s\" (expected the default language first, or "
			   "only one of the two keys)", l[0], s->lang);
		rc = -1;
	}
	if (rc == 0) {
		free(s->lang);
		s->lang = xstrdup(l[0]);
	}
	return rc;
}

static int load_site_yaml(struct loader *L)
{
	struct site *s = L->site;
	struct buf text = BUF_INIT;
	struct fm_site fm = {0};
	int lines[ARRAY_LEN(site_schema)] = {0};
	int rc = -1;

	s->config = fs_join(L->opts->dir, "site.yaml");
	if (!fs_exists(s->config)) {
		diag_error(L->d, s->config, 0, 0,
			   "missing: every content folder needs a site.yaml "
			   "with at least \"title:\" and \"clinic:\" / "
			   "\"name:\"");
		goto out;
	}
	if (fs_read_file(s->config, &text, L->max, L->d) != 0)
		goto out;
	if (check_utf8(L, s->config, buf_cstr(&text), text.len) != 0)
		goto out;
	s->config_places = text_places_new(buf_cstr(&text), text.len);
	const char *y = buf_cstr(&text);
	size_t ylen = text.len;
	if (ylen >= 3 && memcmp(y, "\xEF\xBB\xBF", 3) == 0) {
		y += 3;
		ylen -= 3;
	}
	if (fm_parse_lines(s->config, y, ylen, 1, site_schema,
			   ARRAY_LEN(site_schema), &fm, lines, L->d) != 0)
		goto out;
	rc = 0;
out:
	s->title = fm.title;
	s->clinic_name = fm.clinic_name;
	s->clinic_phone = fm.clinic_phone;
	s->clinic_email = fm.clinic_email;
	s->clinic_address = fm.clinic_address;
	s->clinic_website = fm.clinic_website;
	s->lang = fm.lang ? fm.lang : xstrdup("en");
	s->disclaimer = fm.disclaimer;
	s->paper = fm.paper;
	s->unsafe_html = fm.unsafe_html;
	s->base_url = fm.base_url;
	L->sheet = fm.sheet;
	L->sheet_line = lines[key_index(site_schema, ARRAY_LEN(site_schema),
					"sheet")];
	L->languages = fm.languages;
	L->languages_line = lines[key_index(site_schema, ARRAY_LEN(site_schema),
					    "languages")];
	if (rc == 0 && fm.languages != NULL)
		rc = check_languages(L, fm.lang != NULL);
	s->checks = (struct checks_conf){CHECKS_DEFAULT_GRADE,
					 CHECKS_DEFAULT_EASE,
					 CHECKS_DEFAULT_SENTENCE,
					 CHECKS_DEFAULT_REVIEW, 1, 1, 1, NULL};
	read_checks(L, s->config, lines[key_index(site_schema,
						  ARRAY_LEN(site_schema),
						  "checks")], &fm, &s->checks);
	if (rc == 0) {
		/* A language tag: letters, then -subtags ("en", "es-MX"). */
		if (!is_language_tag(s->lang)) {
			const char *l = s->lang;
			diag_error(L->d, s->config,
				   lines[key_index(site_schema,
						   ARRAY_LEN(site_schema),
						   "language")], 0,
				   "language \"%s\" is not a language code "
				   "(expected, for example, en or es-MX)", l);
			rc = -1;
		}
	}
	if (rc == 0 && s->base_url != NULL) {
		size_t n = strlen(s->base_url);
		while (n > 0 && s->base_url[n - 1] == '/')
			s->base_url[--n] = '\0';
		if (strncmp(s->base_url, "https://", 8) != 0 &&
		    strncmp(s->base_url, "http://", 7) != 0) {
			diag_error(L->d, s->config,
				   lines[key_index(site_schema,
						   ARRAY_LEN(site_schema),
						   "base_url")], 0,
				   "base_url \"%s\" is not a web address "
				   "(expected https://... or http://...)",
				   s->base_url);
			rc = -1;
		}
	}
	buf_free(&text);
	return rc;
}

/* ---- exercises ---- */

static int cmp_exercise(const void *a, const void *b)
{
	const struct page *x = *(struct page *const *)a;
	const struct page *y = *(struct page *const *)b;
	if (x->ex->category != y->ex->category)
		return x->ex->category < y->ex->category ? -1 : 1;
	if (x->ex->order != y->ex->order)
		return x->ex->order < y->ex->order ? -1 : 1;
	int c = strcmp(x->title, y->title);
	return c ? c : strcmp(x->slug, y->slug);
}

/* The exercise files being loaded, one slot per file. */
struct loading {
	struct loader *L;
	char **names;        /* file names in exercises/ */
	char **slugs;        /* their slugs */
	size_t n;
	struct page **pages; /* each file's page, or NULL */
	struct buf *msgs;    /* each file's messages on loading */
	struct diag *diags;  /* ...reported through these */
	struct buf *late_msgs; /* ...and on resolving its links */
	struct diag *late;
};

/* On any thread: load the exercise file i, from the cache if it can,
 * and resolve its links. */
static void load_exercise_file(void *ctx, size_t i)
{
	struct loading *ld = ctx;
	struct loader mine = *ld->L;
	const char *name = ld->names[i];
	ld->diags[i] = diag_buffered(&ld->msgs[i]);
	ld->late[i] = diag_buffered(&ld->late_msgs[i]);
	mine.d = &ld->diags[i];
	char *rel = sub_path(mine.sub, path_exercise_src(name));
	struct page *p = NULL;
	if (mine.opts->reuse != NULL)
		p = mine.opts->reuse(mine.opts->reuse_ctx, rel);
	if (p == NULL)
		p = load_page(&mine, rel, PAGE_EXERCISE);
	free(rel);
	ld->pages[i] = p;
	if (p == NULL)
		return;
	free(p->slug);
	free(p->out);
	p->slug = xstrdup(ld->slugs[i]);
	p->out = sub_path(mine.sub, path_exercise_out(p->slug));
	if (p->cached)
		return;
	mine.d = &ld->late[i];
	check_headings(&mine, md_root(p->body), p);
	struct resolver R = {mine.opts->dir, mine.root_real, &mine.outs,
			     mine.d, mine.max, mine.sub, mine.base_outs};
	resolve_page(&R, p);
	/* Only the sheet lays out a tree and warns about characters: the
	 * others keep what the site needs of their body (markdown.h), and
	 * their memory goes. */
	if (mine.opts->examine != NULL)
		mine.opts->examine(mine.opts->examine_ctx, mine.site, p);
	if (mine.sheet != NULL && strmap_get(&mine.on_sheet, p->slug) == NULL) {
		md_seal(p->body);
		text_places_free(p->places);
		p->places = NULL;
	}
}

static void load_exercises(struct loader *L)
{
	struct site *s = L->site;
	char *dir = sub_path(L->sub, xstrdup("exercises"));
	char *rel_dir = dir;
	dir = fs_join(L->opts->dir, rel_dir);
	free(rel_dir);
	if (!fs_is_dir(dir) && L->base != NULL) {
		free(dir); /* (no exercise translated yet) */
		return;
	}
	if (!fs_is_dir(dir)) {
		diag_error(L->d, dir, 0, 0,
			   "missing folder: expected one .md file per "
			   "exercise in %s", dir);
		free(dir);
		return;
	}
	char **all = fs_list_dir(dir, L->d);
	struct strmap slugs = STRMAP_INIT; /* slug -> the page that has it */
	/* The exercise files, loaded on several threads; then, in name
	 * order, their messages and the checks across files. */
	struct loading ld = {.L = L};
	for (char **n = all; n && *n; n++)
		if (path_has_suffix(*n, ".md") && (*n)[0] != '.')
			ld.n++;
	ld.names = xcalloc(ld.n + 1, sizeof *ld.names);
	ld.slugs = xcalloc(ld.n + 1, sizeof *ld.slugs);
	ld.pages = xcalloc(ld.n + 1, sizeof *ld.pages);
	ld.msgs = xcalloc(ld.n + 1, sizeof *ld.msgs);
	ld.diags = xcalloc(ld.n + 1, sizeof *ld.diags);
	ld.late_msgs = xcalloc(ld.n + 1, sizeof *ld.late_msgs);
	ld.late = xcalloc(ld.n + 1, sizeof *ld.late);
	L->late_msgs = xcalloc(ld.n + 1, sizeof *L->late_msgs);
	L->late = xcalloc(ld.n + 1, sizeof *L->late);
	ld.n = 0;
	for (char **n = all; n && *n; n++) {
		if (!path_has_suffix(*n, ".md") || (*n)[0] == '.')
			continue;
		char *slug = ld.slugs[ld.n] = slugify(*n, strlen(*n) - 3);
		ld.names[ld.n++] = *n;
		char *rel = sub_path(L->sub, path_exercise_src(*n));
		char *out = sub_path(L->sub, path_exercise_out(slug));
		add_out(L, rel, out);
		free(rel);
		free(out);
	}
	md_init();
	jobs_for(L->opts->jobs, ld.n, load_exercise_file, &ld);
	for (size_t i = 0; i < ld.n; i++) {
		char **n = &ld.names[i];
		struct page *p = ld.pages[i];
		diag_merge(L->d, &ld.diags[i]);
		buf_free(&ld.msgs[i]);
		if (p == NULL) {
			buf_free(&ld.late_msgs[i]);
			continue;
		}
		if (p->slug[0] == '\0' || strcmp(p->slug, "index") == 0) {
			diag_error(L->d, p->src, 0, 0,
				   "file name \"%s\" does not make a usable "
				   "address (expected letters or digits, such "
				   "as chest-stretch.md)", *n);
			page_free(p);
			buf_free(&ld.late_msgs[i]);
			continue;
		}
		const struct page *other = strmap_get(&slugs, p->slug);
		if (other != NULL) {
			diag_error(L->d, p->src, 0, 0,
				   "exercise address \"%s\" is already used "
				   "by %s (file names that differ only by case, "
				   "accents or spaces give the same address): "
				   "rename one", p->slug, other->src);
			page_free(p);
			buf_free(&ld.late_msgs[i]);
			continue;
		}
		strmap_put(&slugs, p->slug, p);
		/* Its links' messages, with the exercise: moved. */
		L->late_msgs[s->nexercises] = ld.late_msgs[i];
		L->late[s->nexercises] = ld.late[i];
		L->late[s->nexercises].mem = &L->late_msgs[s->nexercises];
		s->exercises = xrealloc(s->exercises,
					(s->nexercises + 1) * sizeof *s->exercises);
		s->exercises[s->nexercises++] = p;
	}
	for (size_t i = 0; i < ld.n; i++)
		free(ld.slugs[i]);
	free(ld.slugs);
	free(ld.names);
	free(ld.pages);
	free(ld.msgs);
	free(ld.diags);
	free(ld.late_msgs);
	free(ld.late);
	fs_free_list(all);
	strmap_free(&slugs);
	free(dir);
	if (s->nexercises == 0 && !diag_failed(L->d) && L->base == NULL)
		diag_error(L->d, s->config, 0, 0,
			   "no exercises: expected .md files in %s/exercises",
			   L->opts->dir);
}

/* Every .md file at the top of content/ must be a known page: a typo in
 * a file name must not make a page vanish silently. */
static void check_unknown_files(struct loader *L)
{
	char *dir = fs_join(L->opts->dir, L->sub);
	char **names = fs_list_dir(dir, L->d);
	for (char **n = names; n && *n; n++) {
		if (!path_has_suffix(*n, ".md") || (*n)[0] == '.')
			continue;
		int known = 0;
		for (int k = 0; k < PAGE_EXERCISE; k++)
			known |= strcmp(*n, section_files[k].file) == 0;
		if (!known) {
			char *path = fs_join(dir, *n);
			diag_error(L->d, path, 0, 0,
				   "unexpected page file (expected one of "
				   "index.md, causes.md, exercises.md, "
				   "schedule.md, prevention.md, faq.md; "
				   "exercises go in exercises/)");
			free(path);
		}
	}
	fs_free_list(names);
	free(dir);
}

static void build_table(struct site *s)
{
	s->table = xcalloc(s->nexercises, sizeof *s->table);
	for (size_t i = 0; i < s->nexercises; i++) {
		const struct page *p = s->exercises[i];
		s->table[i].page = p;
		s->table[i].exercise = p->title;
		s->table[i].frequency = p->ex->frequency;
		s->table[i].duration = p->ex->duration;
	}
	s->ntable = s->nexercises;
}

/* The sheet's exercises: those site.yaml names, else all. */
static void build_sheet(struct loader *L)
{
	struct site *s = L->site;
	s->sheet = xcalloc(s->ntable + 1, sizeof *s->sheet);
	if (L->sheet == NULL) {
		for (size_t i = 0; i < s->ntable; i++)
			s->sheet[s->nsheet++] = &s->table[i];
		return;
	}
	struct strmap rows = STRMAP_INIT; /* slug -> its row */
	for (size_t i = 0; i < s->ntable; i++)
		strmap_put(&rows, s->table[i].page->slug, &s->table[i]);
	for (char **name = L->sheet; *name && L->base == NULL; name++) {
		char *slug = slugify(*name, strlen(*name));
		if (strmap_get(&rows, slug) == NULL)
			diag_error(L->d, s->config, L->sheet_line, 0,
				   "sheet lists \"%s\": no such exercise "
				   "(expected the name of a file in "
				   "exercises/ without .md, such as %s)", *name,
				   s->ntable ? s->table[0].page->slug : "rows");
		free(slug);
	}
	strmap_free(&rows);
	/* In table order, each once, however the list is ordered. */
	for (size_t i = 0; i < s->ntable; i++)
		if (strmap_get(&L->on_sheet, s->table[i].page->slug) != NULL)
			s->sheet[s->nsheet++] = &s->table[i];
}

/* The word tables of the site's languages (i18n.h), once site.yaml
 * has said which. */
static void load_words(struct loader *L)
{
	struct site *s = L->site;
	if (L->opts->templates == NULL)
		return;
	const char *one[] = {s->lang, NULL};
	const char *const *langs = L->languages != NULL
					   ? (const char *const *)L->languages
					   : one;
	size_t n = 0;
	while (langs[n] != NULL)
		if (!is_language_tag(langs[n++]))
			return; /* (reported with site.yaml) */
	s->own_words = i18n_load(L->opts->templates, L->opts->words_fallback,
				 langs, n, L->d);
	if (s->own_words != NULL) {
		s->nown_words = n;
		s->words = s->own_words[0];
	}
}

/* The section pages of L's language. */
static void load_sections(struct loader *L)
{
	struct site *s = L->site;
	for (int k = 0; k < PAGE_EXERCISE; k++) {
		char *rel = sub_path(L->sub, xstrdup(section_files[k].file));
		char *path = fs_join(L->opts->dir, rel);
		int exists = fs_exists(path);
		if (!exists && section_files[k].required && L->base == NULL)
			diag_error(L->d, path, 0, 0, "missing: expected %s here",
				   section_files[k].what);
		free(path);
		struct page *p = NULL;
		if (exists)
			p = load_page(L, rel, k);
		if (p == NULL && !exists && k == PAGE_EXERCISES) {
			/* (Its title: the words' site.exercises_title.) */
			p = xcalloc(1, sizeof *p);
			p->kind = PAGE_EXERCISES;
			p->src = fs_join(L->opts->dir, rel);
			p->body = md_parse("", 0, 0, 0);
			if (s->words != NULL)
				p->title = xstrdup(i18n_get(
					s->words, "site.exercises_title"));
		}
		char *out = sub_path(L->sub, path_page_out(section_files[k].slug));
		if (p != NULL) {
			p->slug = xstrdup(section_files[k].slug);
			p->out = xstrdup(out);
		}
		if (exists || k == PAGE_EXERCISES)
			add_out(L, rel, out);
		free(out);
		free(rel);
		s->sections[k] = p;
	}
}

/* Resolve what every page of L's language uses, and finish its model. */
static void finish(struct loader *L, int errors_before)
{
	struct site *s = L->site;
	struct diag *d = L->d;
	/* The bodies of every page that loaded, even when another file has
	 * errors: one run reports them all.  (A link to a page that failed
	 * to load is not reported again.)  The exercises were resolved as
	 * they loaded (a cached one when it was last loaded): their
	 * messages come here, in the same order. */
	for (size_t i = 0; i < PAGE_EXERCISE + s->nexercises; i++) {
		struct page *p = i < PAGE_EXERCISE ? s->sections[i]
						   : s->exercises[i - PAGE_EXERCISE];
		if (p == NULL)
			continue;
		if (i >= PAGE_EXERCISE) {
			diag_merge(d, &L->late[i - PAGE_EXERCISE]);
		} else {
			check_headings(L, md_root(p->body), p);
			struct resolver R = {L->opts->dir, L->root_real, &L->outs,
					     L->d, L->max, L->sub, L->base_outs};
			resolve_page(&R, p);
			if (L->opts->examine != NULL && p->title != NULL)
				L->opts->examine(L->opts->examine_ctx, s, p);
		}
		resolve_site_assets(s, p);
		if (p->last_reviewed != NULL &&
		    (s->last_reviewed == NULL ||
		     strcmp(p->last_reviewed, s->last_reviewed) > 0)) {
			free(s->last_reviewed);
			s->last_reviewed = xstrdup(p->last_reviewed);
		}
	}
	if (d->errors + d->syserrs == errors_before) {
		if (s->nexercises > 1)
			qsort(s->exercises, s->nexercises, sizeof *s->exercises,
			      cmp_exercise);
		build_table(s);
		build_sheet(L);
		list_pages(s);
	}
}

static void loader_free(struct loader *L)
{
	strmap_free(&L->outs);
	strmap_free(&L->on_sheet);
	strmap_free(&L->base_ex);
	for (size_t i = 0; i < L->nouts; i++)
		free(L->outs_own[i]);
	free(L->outs_own);
	for (size_t i = 0; i < L->site->nexercises && L->late_msgs; i++)
		buf_free(&L->late_msgs[i]);
	free(L->late_msgs);
	free(L->late);
}

/* The site.yaml of translation L: the default's texts, but for what
 * content/LANG/site.yaml says differently. */
static void load_translation_yaml(struct loader *L, const struct site *b)
{
	struct site *s = L->site;
	struct fm_site fm = {0};
	char *rel = sub_path(L->sub, xstrdup("site.yaml"));
	char *file = fs_join(L->opts->dir, rel);
	free(rel);
	s->checks = b->checks;
	s->checks.safety_heading = b->checks.safety_heading
					   ? xstrdup(b->checks.safety_heading)
					   : NULL;
	if (fs_exists(file)) {
		struct buf text = BUF_INIT;
		int lines[ARRAY_LEN(translation_schema)] = {0};
		if (fs_read_file(file, &text, L->max, L->d) == 0 &&
		    check_utf8(L, file, buf_cstr(&text), text.len) == 0) {
			s->config_places = text_places_new(buf_cstr(&text),
							   text.len);
			fm_parse_lines(file, buf_cstr(&text), text.len, 1,
				       translation_schema,
				       ARRAY_LEN(translation_schema), &fm,
				       lines, L->d);
			read_checks(L, file, lines[2], &fm, &s->checks);
		}
		buf_free(&text);
		s->config = file;
	} else {
		free(file);
		s->config = xstrdup(b->config);
	}
#define COPY(x) (b->x ? xstrdup(b->x) : NULL)
	s->title = fm.title ? fm.title : COPY(title);
	s->disclaimer = fm.disclaimer ? fm.disclaimer : COPY(disclaimer);
	s->clinic_name = COPY(clinic_name);
	s->clinic_phone = COPY(clinic_phone);
	s->clinic_email = COPY(clinic_email);
	s->clinic_address = COPY(clinic_address);
	s->clinic_website = COPY(clinic_website);
	s->base_url = COPY(base_url);
#undef COPY
	s->paper = b->paper;
	s->unsafe_html = b->unsafe_html;
}

/* Load the translation of the loaded default-language site into lang,
 * the site's language number k (its files in content/LANG/). */
static struct site *load_translation(struct loader *B, const char *lang,
				     size_t k)
{
	struct site *b = B->site;
	struct loader L = {.opts = B->opts, .d = B->d, .max = B->max,
			   .root_real = B->root_real, .base = b,
			   .base_outs = &B->outs};
	int errors_before = L.d->errors + L.d->syserrs;
	char *sub = xasprintf("%s/", lang);
	L.sub = sub;
	struct site *s = L.site = xcalloc(1, sizeof *s);
	s->content_dir = xstrdup(b->content_dir);
	s->lang = xstrdup(lang);
	s->prefix = xstrdup(sub);
	s->base = b;
	s->words = b->own_words != NULL ? b->own_words[k] : NULL;
	load_translation_yaml(&L, b);
	load_plain(&L);
	for (size_t i = 0; i < b->nexercises; i++)
		strmap_put(&L.base_ex, b->exercises[i]->slug, b->exercises[i]);
	/* The same sheet: the exercises it has of the default's list. */
	if (B->sheet != NULL) {
		L.sheet = B->sheet;
		for (size_t i = 0; i < b->nsheet; i++)
			strmap_put(&L.on_sheet, b->sheet[i]->page->slug, "");
	}
	load_sections(&L);
	check_unknown_files(&L);
	load_exercises(&L);
	finish(&L, errors_before);
	loader_free(&L);
	free(sub);
	if (L.d->errors + L.d->syserrs != errors_before) {
		site_free(s);
		return NULL;
	}
	return s;
}

struct site *content_load(const struct content_opts *opts, struct diag *d)
{
	struct loader L = {.opts = opts, .d = d, .sub = ""};
	int errors_before = d->errors + d->syserrs;
	L.max = opts->max_file_size ? opts->max_file_size
				    : CONTENT_MAX_FILE_SIZE;
	if (!fs_is_dir(opts->dir)) {
		diag_syserr(d, opts->dir, "content folder not found (expected "
			    "a folder with site.yaml and the pages; to start "
			    "a site of your own, run: pamphlet new mysite)");
		return NULL;
	}
	L.root_real = realpath(opts->dir, NULL);
	if (L.root_real == NULL) {
		diag_syserr(d, opts->dir, "cannot open the content folder");
		return NULL;
	}
	struct site *s = L.site = xcalloc(1, sizeof *s);
	s->content_dir = xstrdup(opts->dir);
	s->prefix = xstrdup("");

	load_site_yaml(&L);
	load_words(&L);
	load_plain(&L);
	load_sections(&L);
	for (char **n = L.sheet; n && *n; n++) {
		char *slug = slugify(*n, strlen(*n));
		strmap_put(&L.on_sheet, slug, slug);
		L.outs_own = xrealloc(L.outs_own,
				      (L.nouts + 1) * sizeof *L.outs_own);
		L.outs_own[L.nouts++] = slug; /* (freed with the rest) */
	}
	check_unknown_files(&L);
	load_exercises(&L);
	finish(&L, errors_before);
	/* The other languages, once the default has loaded: they take
	 * from it. */
	for (char **l = L.languages; l && *l && d->errors + d->syserrs ==
						       errors_before; l++) {
		if (l == L.languages)
			continue;
		struct site *t = load_translation(&L, *l,
						  (size_t)(l - L.languages));
		if (t == NULL)
			continue;
		s->tr = xrealloc(s->tr, (s->ntr + 1) * sizeof *s->tr);
		s->tr[s->ntr++] = t;
	}
	loader_free(&L);
	free(L.root_real);
	for (char **p = L.sheet; p && *p; p++)
		free(*p);
	free(L.sheet);
	for (char **p = L.languages; p && *p; p++)
		free(*p);
	free(L.languages);
	if (d->errors + d->syserrs != errors_before) {
		site_free(s);
		return NULL;
	}
	return s;
}
