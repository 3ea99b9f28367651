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
#include "markdown.h"
#include "paths.h"
#include "resolve.h"
#include "slug.h"
#include "strmap.h"
#include "text.h"
#include "util.h"

const char *const category_keys[CAT_COUNT] = {"stretch", "strength",
					      "aerobic"};
const char *const category_labels[CAT_COUNT] = {
	"Stretches", "Strengthening exercises", "Low-impact aerobic activities"};

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
	/* The messages of resolving each exercise's links, reported after
	 * every file has loaded (as for the sections), by exercise. */
	struct buf *late_msgs;
	struct diag *late;
};

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
	free(s);
}

size_t site_page_count(const struct site *site)
{
	return PAGE_EXERCISE + site->nexercises;
}

struct page *site_page(const struct site *site, size_t i)
{
	return i < PAGE_EXERCISE ? site->sections[i]
				 : site->exercises[i - PAGE_EXERCISE];
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
	char *rel = path_exercise_src(name);
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
	p->out = path_exercise_out(p->slug);
	if (p->cached)
		return;
	mine.d = &ld->late[i];
	check_headings(&mine, md_root(p->body), p);
	struct resolver R = {mine.opts->dir, mine.root_real, &mine.outs,
			     mine.d, mine.max};
	resolve_page(&R, p);
	/* Only the sheet lays out a tree and warns about characters: the
	 * others keep what the site needs of their body (markdown.h), and
	 * their memory goes. */
	if (mine.sheet != NULL && strmap_get(&mine.on_sheet, p->slug) == NULL) {
		md_seal(p->body);
		text_places_free(p->places);
		p->places = NULL;
	}
}

static void load_exercises(struct loader *L)
{
	struct site *s = L->site;
	char *dir = fs_join(L->opts->dir, "exercises");
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
		char *rel = path_exercise_src(*n);
		char *out = path_exercise_out(slug);
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
	if (s->nexercises == 0 && !diag_failed(L->d))
		diag_error(L->d, s->config, 0, 0,
			   "no exercises: expected .md files in %s/exercises",
			   L->opts->dir);
}

/* Every .md file at the top of content/ must be a known page: a typo in
 * a file name must not make a page vanish silently. */
static void check_unknown_files(struct loader *L)
{
	char **names = fs_list_dir(L->opts->dir, L->d);
	for (char **n = names; n && *n; n++) {
		if (!path_has_suffix(*n, ".md") || (*n)[0] == '.')
			continue;
		int known = 0;
		for (int k = 0; k < PAGE_EXERCISE; k++)
			known |= strcmp(*n, section_files[k].file) == 0;
		if (!known) {
			char *path = fs_join(L->opts->dir, *n);
			diag_error(L->d, path, 0, 0,
				   "unexpected page file (expected one of "
				   "index.md, causes.md, exercises.md, "
				   "schedule.md, prevention.md, faq.md; "
				   "exercises go in exercises/)");
			free(path);
		}
	}
	fs_free_list(names);
}

static void build_table(struct site *s)
{
	s->table = xcalloc(s->nexercises, sizeof *s->table);
	for (size_t i = 0; i < s->nexercises; i++) {
		const struct page *p = s->exercises[i];
		s->table[i].page = p;
		s->table[i].exercise = p->title;
		s->table[i].frequency = p->ex->frequency ? p->ex->frequency
							 : CONTENT_AS_ADVISED;
		s->table[i].duration = p->ex->duration ? p->ex->duration
						       : CONTENT_AS_ADVISED;
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
	for (char **name = L->sheet; *name; name++) {
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

struct site *content_load(const struct content_opts *opts, struct diag *d)
{
	struct loader L = {.opts = opts, .d = d};
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

	load_site_yaml(&L);
	for (int k = 0; k < PAGE_EXERCISE; k++) {
		char *path = fs_join(opts->dir, section_files[k].file);
		int exists = fs_exists(path);
		if (!exists && section_files[k].required)
			diag_error(d, path, 0, 0, "missing: expected %s here",
				   section_files[k].what);
		free(path);
		struct page *p = NULL;
		if (exists)
			p = load_page(&L, section_files[k].file, k);
		if (p == NULL && !exists && k == PAGE_EXERCISES) {
			p = xcalloc(1, sizeof *p);
			p->kind = PAGE_EXERCISES;
			p->src = fs_join(opts->dir, "exercises.md");
			p->title = xstrdup("Exercises");
			p->body = md_parse("", 0, 0, 0);
		}
		char *out = path_page_out(section_files[k].slug);
		if (p != NULL) {
			p->slug = xstrdup(section_files[k].slug);
			p->out = xstrdup(out);
		}
		if (exists || k == PAGE_EXERCISES)
			add_out(&L, section_files[k].file, out);
		free(out);
		s->sections[k] = p;
	}
	for (char **n = L.sheet; n && *n; n++) {
		char *slug = slugify(*n, strlen(*n));
		strmap_put(&L.on_sheet, slug, slug);
		L.outs_own = xrealloc(L.outs_own,
				      (L.nouts + 1) * sizeof *L.outs_own);
		L.outs_own[L.nouts++] = slug; /* (freed with the rest) */
	}
	check_unknown_files(&L);
	load_exercises(&L);

	/* The bodies of every page that loaded, even when another file has
	 * errors: one run reports them all.  (A link to a page that failed
	 * to load is not reported again.)  The exercises were resolved as
	 * they loaded (a cached one when it was last loaded): their
	 * messages come here, in the same order. */
	for (size_t i = 0; i < site_page_count(s); i++) {
		struct page *p = site_page(s, i);
		if (p == NULL)
			continue;
		if (i >= PAGE_EXERCISE) {
			diag_merge(d, &L.late[i - PAGE_EXERCISE]);
		} else {
			check_headings(&L, md_root(p->body), p);
			struct resolver R = {opts->dir, L.root_real, &L.outs,
					     L.d, L.max};
			resolve_page(&R, p);
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
		qsort(s->exercises, s->nexercises, sizeof *s->exercises,
		      cmp_exercise);
		build_table(s);
		build_sheet(&L);
	}
	free(L.root_real);
	strmap_free(&L.outs);
	strmap_free(&L.on_sheet);
	for (size_t i = 0; i < L.nouts; i++)
		free(L.outs_own[i]);
	free(L.outs_own);
	for (size_t i = 0; i < s->nexercises && L.late_msgs; i++)
		buf_free(&L.late_msgs[i]);
	free(L.late_msgs);
	free(L.late);
	for (char **p = L.sheet; p && *p; p++)
		free(*p);
	free(L.sheet);
	if (d->errors + d->syserrs != errors_before) {
		site_free(s);
		return NULL;
	}
	return s;
}
