/*
 * test_content.c: unit tests for loading and validating a content folder
 * (content.h).
 *
 * The shipped content/ (read relative to the repository root, where the
 * tests run) must load cleanly.  Every other test copies it into a folder
 * made with mkdtemp, breaks it in one or more ways and compares the whole
 * diagnostic text; "$D" in an expected message stands for the copy's
 * path.  The teardown removes the copy and frees the site even when a
 * test fails.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* mkdtemp, symlink; helpers.h */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content.h"
#include "diag.h"
#include "helpers.h"
#include "markdown.h"
#include "util.h"

#define SHIPPED "content"

struct fixture {
	char tmp[64];        /* the mkdtemp folder */
	char dir[96];        /* tmp/content: the copy under test */
	struct site *site;   /* the last load's result (teardown frees) */
	struct diag d;       /* the last load's counts */
};

/* ---- file helpers ---- */

/* Two texts, either NULL (the table's "as advised": no figure given). */
static void assert_same_text(const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL))
		fail_msg("\"%s\" != \"%s\"", a ? a : "(none)", b ? b : "(none)");
	else if (a != NULL)
		assert_string_equal(a, b);
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	assert_non_null(in);
	FILE *out = fopen(to, "wb");
	assert_non_null(out);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		assert_int_equal(fwrite(chunk, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* cp -R from to (regular files and folders only). */
static void copy_tree(const char *from, const char *to)
{
	assert_int_equal(mkdir(to, 0777), 0);
	DIR *dh = opendir(from);
	if (dh == NULL)
		fail_msg("%s: %s (run the tests from the repository root)",
			 from, strerror(errno));
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char a[PATH_MAX], b[PATH_MAX];
		snprintf(a, sizeof a, "%s/%s", from, e->d_name);
		snprintf(b, sizeof b, "%s/%s", to, e->d_name);
		struct stat st;
		assert_int_equal(lstat(a, &st), 0);
		if (S_ISDIR(st.st_mode))
			copy_tree(a, b);
		else if (S_ISREG(st.st_mode))
			copy_file(a, b);
	}
	closedir(dh);
}

static void full_path(const struct fixture *fx, const char *rel, char *out,
		      size_t size)
{
	snprintf(out, size, "%s/%s", fx->dir, rel);
}

static void put_bytes(const struct fixture *fx, const char *rel,
		      const void *data, size_t len)
{
	char p[PATH_MAX];
	full_path(fx, rel, p, sizeof p);
	FILE *f = fopen(p, "wb");
	if (f == NULL)
		fail_msg("%s: %s", p, strerror(errno));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put(const struct fixture *fx, const char *rel, const char *text)
{
	put_bytes(fx, rel, text, strlen(text));
}

static void del(const struct fixture *fx, const char *rel)
{
	char p[PATH_MAX];
	full_path(fx, rel, p, sizeof p);
	if (remove(p) != 0)
		fail_msg("%s: %s", p, strerror(errno));
}

/* Replace the first old in file rel with new (old must be there). */
static void edit(const struct fixture *fx, const char *rel, const char *old,
		 const char *new)
{
	static char text[65536], out[65536];
	char p[PATH_MAX];
	full_path(fx, rel, p, sizeof p);
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	char *at = strstr(text, old);
	if (at == NULL)
		fail_msg("%s does not contain \"%s\"", rel, old);
	snprintf(out, sizeof out, "%.*s%s%s", (int)(at - text), text, new,
		 at + strlen(old));
	put(fx, rel, out);
}

/* A PNG and a JPEG, as far as their first bytes tell. */
/* The headers the loader reads: a PNG's IHDR (4 x 3 pixels), a JPEG's
 * frame header (SOF0, 4 x 3). */
static const char png[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"
			  "\0\0\0\x04\0\0\0\x03\x08\x02\0\0\0";
static const char jpeg[] = "\xFF\xD8\xFF\xE0\0\x04JF"
			   "\xFF\xC0\0\x11\x08\0\x03\0\x04\x03\x01\x22\0"
			   "\x02\x11\x01\x03\x11\x01";

/* Pages the tests give line numbers in, written over the copy so that
 * edits to the shipped content do not move them. */
static const struct {
	const char *rel, *text;
} controlled[] = {
	{"index.md",
	 "---\n"
	 "title: \"Home\"\n"
	 "nav_title: \"Home\"\n"
	 "description: \"The home page.\"\n"
	 "last_reviewed: 2026-11-25\n"                    /* line 5 */
	 "reviewed_by: \"Team\"\n"
	 "---\n"
	 "See [the exercises](exercises.md) and [the schedule](schedule.md).\n"},
	{"causes.md",
	 "---\n"
	 "title: \"Causes\"\n"
	 "nav_title: \"Causes\"\n"                       /* line 3 */
	 "description: \"Why it hurts.\"\n"
	 "last_reviewed: 2026-11-25\n"                    /* line 5 */
	 "reviewed_by: \"Team\"\n"
	 "---\n"
	 "Text.\n"
	 "\n"
	 "## Your upper back\n"                           /* line 10 */
	 "\n"
	 "More text.\n"},
	{"faq.md",
	 "---\n"
	 "title: \"Frequently Asked Questions\"\n"
	 "nav_title: \"FAQ\"\n"
	 "last_reviewed: 2026-11-25\n"
	 "---\n"
	 "## How can I prevent it?\n"
	 "\n"
	 "See [causes](causes.md) and [rows](exercises/rows.md).\n"}, /* 8 */
	{"prevention.md",
	 "---\n"
	 "title: \"Preventing Upper Back Pain\"\n"
	 "nav_title: \"Prevention\"\n"
	 "---\n"
	 "Try [swimming](exercises/swimming.md) and "
	 "[yoga](exercises/yoga.md).\n"},
	{"exercises/rows.md",
	 "---\n"
	 "title: \"Rows\"\n"
	 "description: \"Rows with a weight.\"\n"
	 "category: strength\n"                          /* line 4 */
	 "order: 2\n"                                    /* line 5 */
	 "reps: \"10-15\"\n"
	 "duration: \"10-15 repetitions\"\n"
	 "---\n"
	 "Rows work your back.\n"
	 "\n"
	 "## What you need\n"                            /* line 11 */
	 "\n"
	 "A weight.\n"},
	{"exercises/yoga.md",
	 "---\n"
	 "title: \"Yoga\"\n"                             /* line 2 */
	 "description: \"Gentle yoga.\"\n"
	 "category: aerobic\n"                           /* line 4 */
	 "order: 3\n"
	 "summary: \"Gentle movement.\"\n"
	 "last_reviewed: 2026-11-25\n"                    /* line 7 */
	 "---\n"
	 "Yoga is gentle.\n"
	 "\n"
	 "## How much to do\n"                           /* line 11 */
	 "\n"
	 "Ask your clinician.\n"},
};

/* ---- loading ---- */

/* tmpl with every "$D" replaced by the copy's path (static storage). */
static const char *expand(const struct fixture *fx, const char *tmpl)
{
	return expand_dir(fx->dir, tmpl);
}

/* content_load dir; fx->site and fx->d get the result; returns the
 * diagnostics (static storage). */
static const char *load_dir(struct fixture *fx, const char *dir,
			    size_t max_file_size)
{
	struct capture c;
	site_free(fx->site);
	cap_open(&c);
	struct content_opts opts = {.dir = dir, .max_file_size = max_file_size};
	fx->site = content_load(&opts, &c.d);
	const char *text = cap_take(&c);
	fx->d = c.d;
	return text;
}

static const char *load(struct fixture *fx)
{
	return load_dir(fx, fx->dir, 0);
}

/* Load the copy: it must fail with exactly these messages (exit 1). */
static void assert_errors(struct fixture *fx, const char *tmpl)
{
	const char *got = load(fx);
	assert_string_equal(got, expand(fx, tmpl));
	assert_null(fx->site);
	assert_int_equal(diag_exit_code(&fx->d), 1);
}

/* Load the copy: it must succeed without a word. */
static void assert_loads(struct fixture *fx)
{
	assert_string_equal(load(fx), "");
	assert_non_null(fx->site);
	assert_int_equal(diag_exit_code(&fx->d), 0);
}

static const struct page *exercise_by_slug(const struct site *s,
					   const char *slug)
{
	for (size_t i = 0; i < s->nexercises; i++)
		if (strcmp(s->exercises[i]->slug, slug) == 0)
			return s->exercises[i];
	fail_msg("no exercise \"%s\"", slug);
	return NULL;
}

/* The link of page p written as orig, or fail. */
static const struct page_link *link_of(const struct page *p,
				       const char *orig)
{
	for (size_t i = 0; i < p->nlinks; i++)
		if (strcmp(p->links[i].orig, orig) == 0)
			return &p->links[i];
	fail_msg("%s has no link \"%s\"", p->src, orig);
	return NULL;
}

/* ---- fixtures ---- */

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	if (fx == NULL)
		return -1;
	snprintf(fx->tmp, sizeof fx->tmp, "/tmp/pamphlet-test-content-XXXXXX");
	if (mkdtemp(fx->tmp) == NULL) {
		free(fx);
		return -1;
	}
	snprintf(fx->dir, sizeof fx->dir, "%s/content", fx->tmp);
	*state = fx;
	copy_tree(SHIPPED, fx->dir);
	for (size_t i = 0; i < sizeof controlled / sizeof controlled[0]; i++)
		put(fx, controlled[i].rel, controlled[i].text);
	/* No pictures: the tests count the pictures they add. */
	char *cmd = xasprintf(
		"cd '%s/exercises' && for f in *.md; do awk '/^pictures:/ "
		"{ s = 1; next } s && /^  / { next } { s = 0; print }' \"$f\" "
		"> \"$f.x\" && mv \"$f.x\" \"$f\"; done && rm -rf pictures "
		"&& cd .. && rm -rf es && sed -i 's/^languages: .*/language: "
		"en/' site.yaml", /* (one language: tests of its own below) */
		fx->dir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	site_free(fx->site);
	rm_tree(fx->tmp);
	free(fx);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	md_shutdown();
	return 0;
}

#define EX_KEYS                                                          \
	"title, category, frequency, duration, order, summary, image, "  \
	"image_alt, pictures, sets, reps, hold, sides, equipment, as_advised, description, last_reviewed, " \
	"reviewed_by"
#define PAGE_KEYS "title, nav_title, key_points, description, last_reviewed, reviewed_by"
#define SITE_KEYS \
	"title, clinic, language, base_url, paper, disclaimer, unsafe_html, sheet, languages, checks"
#define NO_SUCH_PAGE                                                     \
	"no such page (expected the .md file of a page, such as "         \
	"schedule.md or exercises/chest-stretch.md)"
#define H1_MSG                                                           \
	"level-1 heading in the text: the page's title (front matter "    \
	"\"title\") is its only level-1 heading; use \"## \" for sections"
#define SAME_ADDRESS                                                     \
	"(file names that differ only by case, accents or spaces give the " \
	"same address): rename one"

/* ---- the shipped content ---- */

static void test_shipped_content(void **state)
{
	struct fixture *fx = *state;
	assert_string_equal(load_dir(fx, SHIPPED, 0), "");
	const struct site *s = fx->site;
	assert_non_null(s);
	assert_int_equal(diag_exit_code(&fx->d), 0);
	assert_int_equal(fx->d.warnings, 0);

	assert_string_equal(s->title, "Exercises for Upper Back Pain");
	assert_string_equal(s->clinic_name, "Your Clinic Name");
	assert_string_equal(s->lang, "en");
	assert_int_equal(s->paper, PAPER_A4);
	assert_int_equal(s->unsafe_html, 0);
	assert_null(s->base_url);
	assert_non_null(s->disclaimer);
	assert_string_equal(s->last_reviewed, "2026-12-02");

	assert_int_equal(s->nexercises, 9);
	assert_int_equal(s->ntable, 9);
	assert_int_equal(site_page_count(s), PAGE_EXERCISE + 9);
	static const struct {
		const char *title, *freq, *dur;
		int cat;
	} rows[9] = {
		{"Chest Stretch", "3-4 times per week", "30 seconds",
		 CAT_STRETCH},
		{"Shoulder Rolls", NULL, NULL,
		 CAT_STRETCH},
		{"Neck Stretch", NULL, "30 seconds", CAT_STRETCH},
		{"Lat Pulldowns", "2-3 times per week", NULL,
		 CAT_STRENGTH},
		{"Rows", NULL, NULL, CAT_STRENGTH},
		{"Scapular Squeezes", NULL, NULL,
		 CAT_STRENGTH},
		{"Swimming", "2-3 times per week", "20-30 minutes",
		 CAT_AEROBIC},
		{"Cycling", NULL, NULL,
		 CAT_AEROBIC},
		{"Yoga", NULL, NULL, CAT_AEROBIC},
	};
	for (size_t i = 0; i < 9; i++) {
		const struct freq_row *r = &s->table[i];
		assert_string_equal(r->exercise, rows[i].title);
		assert_same_text(r->frequency, rows[i].freq);
		assert_same_text(r->duration, rows[i].dur);
		assert_ptr_equal(r->page, s->exercises[i]);
		assert_string_equal(r->page->title, rows[i].title);
		assert_int_equal(r->page->ex->category, rows[i].cat);
		assert_ptr_equal(site_page(s, PAGE_EXERCISE + i),
				 s->exercises[i]);
	}
	/* The first row of each category, as the brief spells them. */
	assert_string_equal(s->table[0].exercise, "Chest Stretch");
	assert_string_equal(s->table[3].exercise, "Lat Pulldowns");
	assert_string_equal(s->table[6].exercise, "Swimming");

	static const char *const slugs[PAGE_EXERCISE] = {
		"", "causes", "exercises", "schedule", "prevention", "faq"};
	static const char *const outs[PAGE_EXERCISE] = {
		"index.html", "causes/index.html", "exercises/index.html",
		"schedule/index.html", "prevention/index.html",
		"faq/index.html"};
	for (int k = 0; k < PAGE_EXERCISE; k++) {
		const struct page *p = s->sections[k];
		assert_non_null(p);
		assert_int_equal(p->kind, k);
		assert_string_equal(p->slug, slugs[k]);
		assert_string_equal(p->out, outs[k]);
		assert_non_null(p->title);
		assert_null(p->ex);
		assert_ptr_equal(site_page(s, (size_t)k), p);
	}
	assert_string_equal(s->sections[PAGE_FAQ]->title,
			    "Frequently Asked Questions");
	assert_string_equal(s->sections[PAGE_FAQ]->nav_title, "FAQ");
	assert_string_equal(s->sections[PAGE_FAQ]->src, "content/faq.md");

	const struct page *chest = exercise_by_slug(s, "chest-stretch");
	assert_string_equal(chest->out, "exercises/chest-stretch/index.html");
	assert_string_equal(chest->src, "content/exercises/chest-stretch.md");
	assert_int_equal(chest->ex->order, 1);
	assert_null(chest->ex->hold); /* (its duration says it) */
	assert_null(chest->ex->reps);
	/* Its pictures: start and end, SVG, in order, each with alt text. */
	assert_null(chest->ex->image);
	assert_int_equal(chest->ex->npictures, 2);
	assert_int_equal(chest->ex->pictures[0].kind, PICTURE_SVG);
	assert_string_equal(chest->ex->pictures[0].file,
			    "assets/media/exercises/pictures/"
			    "chest-stretch-start.svg");
	assert_string_equal(chest->ex->pictures[0].caption, "Start");
	assert_int_equal(chest->ex->pictures[0].width, 400);
	assert_int_equal(chest->ex->pictures[0].height, 300);
	size_t npictures = 0;
	for (size_t i = 0; i < s->nexercises; i++) {
		const struct exercise *e = s->exercises[i]->ex;
		assert_true(e->npictures >= 1);
		for (size_t k = 0; k < e->npictures; k++) {
			assert_true(strlen(e->pictures[k].alt) > 20);
			assert_int_equal(e->pictures[k].kind, PICTURE_SVG);
		}
		npictures += e->npictures;
	}
	assert_int_equal(s->nassets, npictures);

	/* .md links are rewritten to the pages' output paths. */
	const struct page *faq = s->sections[PAGE_FAQ];
	const struct page_link *l = link_of(faq, "exercises/chest-stretch.md");
	assert_string_equal(l->url, "../exercises/chest-stretch/index.html");
	l = link_of(faq, "causes.md");
	assert_string_equal(l->url, "../causes/index.html");
	l = link_of(s->sections[PAGE_HOME], "schedule.md");
	assert_string_equal(l->url, "schedule/index.html");
}

static void test_copy_loads(void **state)
{
	struct fixture *fx = *state;
	assert_loads(fx);
	assert_int_equal(fx->site->nexercises, 9);
	char want[PATH_MAX];
	full_path(fx, "faq.md", want, sizeof want);
	assert_string_equal(fx->site->sections[PAGE_FAQ]->src, want);
	full_path(fx, "site.yaml", want, sizeof want);
	assert_string_equal(fx->site->config, want);
	assert_string_equal(fx->site->content_dir, fx->dir);
}

/* ---- front matter errors ---- */

static void test_unknown_key(void **state)
{
	struct fixture *fx = *state;
	/* rows.md: "---" is line 1, "order: 2" line 5. */
	edit(fx, "exercises/rows.md", "order: 2\n", "oder: 2\n");
	assert_errors(fx, "pamphlet: $D/exercises/rows.md:5:1: error: unknown "
			  "key \"oder\" (did you mean \"order\"? expected one "
			  "of: " EX_KEYS ")\n");
}

static void test_unknown_key_in_page(void **state)
{
	struct fixture *fx = *state;
	/* Exercise keys are not page keys. */
	edit(fx, "causes.md", "nav_title:", "category: stretch\nnav_title:");
	assert_errors(fx, "pamphlet: $D/causes.md:3:1: error: unknown key "
			  "\"category\" (expected one of: " PAGE_KEYS ")\n");
}

static void test_missing_title(void **state)
{
	struct fixture *fx = *state;
	edit(fx, "faq.md", "title: \"Frequently Asked Questions\"\n", "");
	edit(fx, "exercises/yoga.md", "title: \"Yoga\"\n", "title:\n");
	assert_errors(fx, "pamphlet: $D/faq.md:2:1: error: missing required "
			  "key \"title\"\n"
			  "pamphlet: $D/exercises/yoga.md:2:7: error: \"title\" "
			  "is empty (expected a value)\n");
}

static void test_unknown_category(void **state)
{
	struct fixture *fx = *state;
	edit(fx, "exercises/rows.md", "category: strength",
	     "category: strenght");
	assert_errors(fx, "pamphlet: $D/exercises/rows.md:4:11: error: unknown "
			  "category \"strenght\" (expected stretch, strength "
			  "or aerobic)\n");
}

static void test_missing_category(void **state)
{
	struct fixture *fx = *state;
	edit(fx, "exercises/rows.md", "category: strength\n", "");
	assert_errors(fx, "pamphlet: $D/exercises/rows.md:2:1: error: missing "
			  "required key \"category\"\n");
}

static void test_bad_order(void **state)
{
	struct fixture *fx = *state;
	edit(fx, "exercises/rows.md", "order: 2", "order: second");
	assert_errors(fx, "pamphlet: $D/exercises/rows.md:5:8: error: \"order\" "
			  "is \"second\", not a whole number (expected, for "
			  "example, 1)\n");
}

static void test_bad_dates(void **state)
{
	struct fixture *fx = *state;
	edit(fx, "index.md", "last_reviewed: 2026-11-25",
	     "last_reviewed: yesterday");
	edit(fx, "causes.md", "last_reviewed: 2026-11-25",
	     "last_reviewed: 2026-02-30");
	edit(fx, "exercises/yoga.md", "last_reviewed: 2026-11-25",
	     "last_reviewed: 2026-13-01");
	assert_errors(
		fx,
		"pamphlet: $D/index.md:5:16: error: \"last_reviewed\" is "
		"\"yesterday\", not a date (expected YYYY-MM-DD, such as "
		"2026-11-25)\n"
		"pamphlet: $D/causes.md:5:16: error: \"last_reviewed\" is "
		"\"2026-02-30\", not a date (expected YYYY-MM-DD, such as "
		"2026-11-25)\n"
		"pamphlet: $D/exercises/yoga.md:7:16: error: \"last_reviewed\" "
		"is \"2026-13-01\", not a date (expected YYYY-MM-DD, such as "
		"2026-11-25)\n");
}

static void test_leap_day_and_newest_review(void **state)
{
	struct fixture *fx = *state;
	edit(fx, "causes.md", "last_reviewed: 2026-11-25",
	     "last_reviewed: 2028-02-29");
	edit(fx, "faq.md", "last_reviewed: 2026-11-25",
	     "last_reviewed: 2024-02-29");
	assert_loads(fx);
	assert_string_equal(fx->site->sections[PAGE_CAUSES]->last_reviewed,
			    "2028-02-29");
	assert_string_equal(fx->site->last_reviewed, "2028-02-29");
}

static void test_front_matter_shapes(void **state)
{
	struct fixture *fx = *state;
	put(fx, "faq.md", "Just text, no front matter.\n");
	put(fx, "prevention.md", "---\ntitle: P\n\nNo closing fence.\n");
	put(fx, "schedule.md", "");
	edit(fx, "exercises/rows.md", "reps: ", "summary:\n  - a\n  - b\nx: ");
	assert_errors(
		fx,
		"pamphlet: $D/schedule.md:1:1: error: file is empty (expected "
		"front matter starting with a \"---\" line, then the page's "
		"text)\n"
		"pamphlet: $D/prevention.md:1:1: error: front matter is never "
		"closed: expected a line \"---\" after the keys\n"
		"pamphlet: $D/faq.md:1:1: error: no front matter: expected a "
		"first line \"---\", then \"title: ...\" and a closing "
		"\"---\"\n"
		"pamphlet: $D/exercises/rows.md:7:3: error: \"summary\" must be "
		"text, found a list\n"
		"pamphlet: $D/exercises/rows.md:9:1: error: unknown key \"x\" "
		"(expected one of: " EX_KEYS ")\n");
}

static void test_bom_and_crlf(void **state)
{
	struct fixture *fx = *state;
	put(fx, "faq.md",
	    "\xEF\xBB\xBF---\r\ntitle: \"FAQ\"\r\ncolour: red\r\n---\r\n"
	    "## Q\r\n\r\nA.\r\n");
	assert_errors(fx, "pamphlet: $D/faq.md:3:1: error: unknown key "
			  "\"colour\" (expected one of: " PAGE_KEYS ")\n");
	put(fx, "faq.md",
	    "\xEF\xBB\xBF---\r\ntitle: \"FAQ\"\r\n---\r\n## Q\r\n\r\nA.\r\n");
	assert_loads(fx);
	assert_string_equal(fx->site->sections[PAGE_FAQ]->title, "FAQ");
	assert_int_equal(fx->site->sections[PAGE_FAQ]->body_line, 4);
}

static void test_invalid_utf8(void **state)
{
	struct fixture *fx = *state;
	put(fx, "faq.md", "---\ntitle: F\n---\nGood line\nbad \xFF byte\n");
	assert_errors(fx, "pamphlet: $D/faq.md:5:5: error: invalid UTF-8 (byte "
			  "0xFF): save the file as UTF-8 in your editor\n");
}

static void test_file_too_large(void **state)
{
	struct fixture *fx = *state;
	static char big[3000];
	memset(big, 'a', sizeof big - 1);
	memcpy(big, "---\ntitle: F\n---\n", 17);
	put(fx, "faq.md", big);
	const char *got = load_dir(fx, fx->dir, 2048);
	assert_string_equal(got, expand(fx, "pamphlet: $D/faq.md: error: file "
					    "is 2999 bytes, more than the "
					    "limit of 2048\n"));
	assert_null(fx->site);
	assert_int_equal(diag_exit_code(&fx->d), 1);
}

/* ---- files and addresses ---- */

static void test_duplicate_slug_case(void **state)
{
	struct fixture *fx = *state;
	put(fx, "exercises/Chest-Stretch.md",
	    "---\ntitle: Another\ncategory: stretch\n---\nText.\n");
	/* Bytewise, "Chest-Stretch.md" comes first: the second is blamed. */
	assert_errors(fx, "pamphlet: $D/exercises/chest-stretch.md: error: "
			  "exercise address \"chest-stretch\" is already used "
			  "by $D/exercises/Chest-Stretch.md " SAME_ADDRESS
			  "\n");
}

static void test_duplicate_slug_accent(void **state)
{
	struct fixture *fx = *state;
	put(fx, "exercises/ch\xC3\xA9st-stretch.md",
	    "---\ntitle: Another\ncategory: stretch\n---\nText.\n");
	assert_errors(fx, "pamphlet: $D/exercises/ch\xC3\xA9st-stretch.md: "
			  "error: exercise address \"chest-stretch\" is already "
			  "used by $D/exercises/chest-stretch.md " SAME_ADDRESS
			  "\n");
}

static void test_duplicate_slug_space_and_underscore(void **state)
{
	struct fixture *fx = *state;
	put(fx, "exercises/chest stretch.md",
	    "---\ntitle: Another\ncategory: stretch\n---\nText.\n");
	put(fx, "exercises/chest_stretch.md",
	    "---\ntitle: A third\ncategory: stretch\n---\nText.\n");
	assert_errors(fx, "pamphlet: $D/exercises/chest-stretch.md: error: "
			  "exercise address \"chest-stretch\" is already used "
			  "by $D/exercises/chest stretch.md " SAME_ADDRESS "\n"
			  "pamphlet: $D/exercises/chest_stretch.md: error: "
			  "exercise address \"chest-stretch\" is already used "
			  "by $D/exercises/chest stretch.md " SAME_ADDRESS
			  "\n");
}

static void test_unusable_file_name(void **state)
{
	struct fixture *fx = *state;
	put(fx, "exercises/!!!.md",
	    "---\ntitle: Bangs\ncategory: stretch\n---\nText.\n");
	put(fx, "exercises/index.md",
	    "---\ntitle: Index\ncategory: stretch\n---\nText.\n");
	assert_errors(fx, "pamphlet: $D/exercises/!!!.md: error: file name "
			  "\"!!!.md\" does not make a usable address (expected "
			  "letters or digits, such as chest-stretch.md)\n"
			  "pamphlet: $D/exercises/index.md: error: file name "
			  "\"index.md\" does not make a usable address "
			  "(expected letters or digits, such as "
			  "chest-stretch.md)\n");
}

static void test_missing_pages(void **state)
{
	struct fixture *fx = *state;
	del(fx, "prevention.md");
	del(fx, "index.md");
	assert_errors(fx, "pamphlet: $D/index.md: error: missing: expected the "
			  "home page here\n"
			  "pamphlet: $D/prevention.md: error: missing: expected "
			  "the prevention page here\n");
}

static void test_exercises_page_optional(void **state)
{
	struct fixture *fx = *state;
	del(fx, "exercises.md");
	assert_loads(fx);
	struct page *p = fx->site->sections[PAGE_EXERCISES];
	assert_non_null(p);
	/* Named in the site's language by its words (i18n.h): none
	 * here (the loader alone). */
	assert_null(p->title);
	assert_string_equal(p->out, "exercises/index.html");
	/* Links to it still resolve. */
	const struct page_link *l =
		link_of(fx->site->sections[PAGE_HOME], "exercises.md");
	assert_string_equal(l->url, "exercises/index.html");
}

static void test_unexpected_page_files(void **state)
{
	struct fixture *fx = *state;
	put(fx, "about.md", "---\ntitle: About\n---\nText.\n");
	put(fx, "FAQ.md", "---\ntitle: FAQ\n---\nText.\n");
	/* Hidden files and other extensions are not pages. */
	put(fx, ".draft.md", "anything");
	put(fx, "notes.txt", "anything");
	put(fx, "README", "anything");
	assert_errors(
		fx,
		"pamphlet: $D/FAQ.md: error: unexpected page file (expected "
		"one of index.md, causes.md, exercises.md, schedule.md, "
		"prevention.md, faq.md; exercises go in exercises/)\n"
		"pamphlet: $D/about.md: error: unexpected page file (expected "
		"one of index.md, causes.md, exercises.md, schedule.md, "
		"prevention.md, faq.md; exercises go in exercises/)\n");
}

static void test_site_yaml_missing(void **state)
{
	struct fixture *fx = *state;
	del(fx, "site.yaml");
	assert_errors(fx, "pamphlet: $D/site.yaml: error: missing: every "
			  "content folder needs a site.yaml with at least "
			  "\"title:\" and \"clinic:\" / \"name:\"\n");
}

static void test_site_yaml_errors(void **state)
{
	struct fixture *fx = *state;
	put(fx, "site.yaml",
	    "title: T\n"
	    "clinic:\n"
	    "  phone: 1\n"
	    "langauge: en\n"
	    "paper: legal\n"
	    "unsafe_html: perhaps\n");
	assert_errors(
		fx,
		"pamphlet: $D/site.yaml:3:3: error: missing required key "
		"\"name\" in \"clinic\"\n"
		"pamphlet: $D/site.yaml:4:1: error: unknown key \"langauge\" "
		"(did you mean \"language\"? expected one of: " SITE_KEYS ")\n"
		"pamphlet: $D/site.yaml:5:8: error: unknown paper \"legal\" "
		"(expected a4 or letter)\n"
		"pamphlet: $D/site.yaml:6:14: error: \"unsafe_html\" is "
		"\"perhaps\" (expected true or false)\n");
	put(fx, "site.yaml", "clinic:\n  name: N\n");
	assert_errors(fx, "pamphlet: $D/site.yaml:1:1: error: missing required "
			  "key \"title\"\n");
}

static void test_site_yaml_values(void **state)
{
	struct fixture *fx = *state;
	put(fx, "site.yaml",
	    "\xEF\xBB\xBFtitle: T\n"
	    "clinic:\n"
	    "  name: N\n"
	    "  website: https://clinic.example\n"
	    "language: es-MX\n"
	    "base_url: https://example.org/back//\n"
	    "paper: letter\n"
	    "unsafe_html: yes\n");
	assert_loads(fx);
	assert_string_equal(fx->site->title, "T");
	assert_string_equal(fx->site->clinic_name, "N");
	assert_string_equal(fx->site->clinic_website, "https://clinic.example");
	assert_null(fx->site->clinic_phone);
	assert_null(fx->site->disclaimer);
	assert_string_equal(fx->site->lang, "es-MX");
	assert_string_equal(fx->site->base_url, "https://example.org/back");
	assert_int_equal(fx->site->paper, PAPER_LETTER);
	assert_int_equal(fx->site->unsafe_html, 1);
}

static void test_site_yaml_language_and_url(void **state)
{
	struct fixture *fx = *state;
	put(fx, "site.yaml",
	    "title: T\nclinic:\n  name: N\nlanguage: english\n");
	assert_errors(fx, "pamphlet: $D/site.yaml:4: error: language \"english\" "
			  "is not a language code (expected, for example, en "
			  "or es-MX)\n");
	put(fx, "site.yaml",
	    "title: T\nclinic:\n  name: N\nbase_url: example.org\n");
	assert_errors(fx, "pamphlet: $D/site.yaml:4: error: base_url "
			  "\"example.org\" is not a web address (expected "
			  "https://... or http://...)\n");
}

static void test_exercises_folder_missing(void **state)
{
	struct fixture *fx = *state;
	char p[PATH_MAX];
	full_path(fx, "exercises", p, sizeof p);
	rm_tree(p);
	/* The missing folder comes first; the links to exercises that are
	 * now broken are reported too (every error in one run). */
	const char *got = load(fx);
	const char *want = expand(fx, "pamphlet: $D/exercises: error: missing "
				  "folder: expected one .md file per exercise "
				  "in $D/exercises\n");
	assert_true(strncmp(got, want, strlen(want)) == 0);
	assert_non_null(strstr(got, "\": no such page"));
	assert_null(fx->site);
}

static void test_exercises_folder_empty(void **state)
{
	struct fixture *fx = *state;
	char p[PATH_MAX];
	full_path(fx, "exercises", p, sizeof p);
	rm_tree(p);
	assert_int_equal(mkdir(p, 0777), 0);
	/* Links to exercises are broken now too, and reported after the
	 * empty folder. */
	const char *got = load(fx);
	const char *want = expand(fx, "pamphlet: $D/site.yaml: error: no "
				  "exercises: expected .md files in "
				  "$D/exercises\n");
	assert_non_null(strstr(got, want));
	assert_non_null(strstr(got, "\": no such page"));
	assert_null(fx->site);
}

static void test_content_folder_missing(void **state)
{
	struct fixture *fx = *state;
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/nowhere", fx->tmp);
	const char *got = load_dir(fx, p, 0);
	char want[PATH_MAX + 200];
	snprintf(want, sizeof want,
		 "pamphlet: %s: error: content folder not found (expected a "
		 "folder with site.yaml and the pages; to start a site of "
		 "your own, run: pamphlet new mysite)\n", p);
	assert_string_equal(got, want);
	assert_null(fx->site);
	assert_int_equal(diag_exit_code(&fx->d), 3);
}

/* ---- bodies: headings, links, images ---- */

static void test_level1_headings(void **state)
{
	struct fixture *fx = *state;
	put(fx, "prevention.md",
	    "---\n"
	    "title: P\n"
	    "---\n"
	    "Intro.\n"
	    "\n"
	    "# A second title\n"
	    "\n"
	    "Setext title\n"
	    "============\n"
	    "\n"
	    "## A section is fine\n"
	    "\n"
	    "> # Quoted title\n"
	    "\n"
	    "- # Title in a list\n");
	assert_errors(fx, "pamphlet: $D/prevention.md:6:1: error: " H1_MSG "\n"
			  "pamphlet: $D/prevention.md:8:1: error: " H1_MSG "\n"
			  "pamphlet: $D/prevention.md:13:3: error: " H1_MSG "\n"
			  "pamphlet: $D/prevention.md:15:3: error: " H1_MSG
			  "\n");
}

static void test_broken_md_links(void **state)
{
	struct fixture *fx = *state;
	put(fx, "faq.md",
	    "---\n"
	    "title: F\n"
	    "---\n"
	    "Intro line one\n"
	    "and [a link](shedule.md) on line five.\n"
	    "\n"
	    "- item\n"
	    "- see [rows](exercises/row.md#how)\n"
	    "\n"
	    "Fine: [schedule](schedule.md#how-to-read-the-table) and "
	    "[rows](exercises/rows.md).\n");
	/* From an exercise page, links are relative to exercises/. */
	edit(fx, "exercises/rows.md", "## What you need",
	     "See [the plan](../schedule.md) and [not this](schedule.md).\n\n"
	     "## What you need");
	assert_errors(fx, "pamphlet: $D/faq.md:5:5: error: link to "
			  "\"shedule.md\": " NO_SUCH_PAGE "\n"
			  "pamphlet: $D/faq.md:8:7: error: link to "
			  "\"exercises/row.md#how\": " NO_SUCH_PAGE "\n"
			  "pamphlet: $D/exercises/rows.md:11:36: error: link to "
			  "\"schedule.md\": " NO_SUCH_PAGE "\n");
}

static void test_good_md_links_rewritten(void **state)
{
	struct fixture *fx = *state;
	edit(fx, "exercises/rows.md", "## What you need",
	     "See [the plan](../schedule.md#how-to-read-the-table), "
	     "[lats](lat-pulldowns.md) and [home](../index.md?x=1).\n\n"
	     "## What you need");
	assert_loads(fx);
	const struct page *rows = exercise_by_slug(fx->site, "rows");
	const struct page_link *l =
		link_of(rows, "../schedule.md#how-to-read-the-table");
	assert_string_equal(l->url,
			    "../../schedule/index.html#how-to-read-the-table");
	assert_int_equal(l->line, 11);
	assert_int_equal(l->col, 5);
	l = link_of(rows, "lat-pulldowns.md");
	assert_string_equal(l->url, "../lat-pulldowns/index.html");
	l = link_of(rows, "../index.md?x=1");
	assert_string_equal(l->url, "../../index.html?x=1");
}

static void test_links_to_unusual_file_names(void **state)
{
	struct fixture *fx = *state;
	char a[PATH_MAX], b[PATH_MAX];
	full_path(fx, "exercises/rows.md", a, sizeof a);
	full_path(fx, "exercises/r\xC3\xB4ws.md", b, sizeof b);
	assert_int_equal(rename(a, b), 0);
	full_path(fx, "exercises/yoga.md", a, sizeof a);
	full_path(fx, "exercises/gentle yoga.md", b, sizeof b);
	assert_int_equal(rename(a, b), 0);
	edit(fx, "faq.md", "(exercises/rows.md)",
	     "(exercises/r\xC3\xB4ws.md)");
	edit(fx, "prevention.md", "(exercises/yoga.md)",
	     "(<exercises/gentle yoga.md>)");
	assert_loads(fx);
	assert_string_equal(
		link_of(fx->site->sections[PAGE_FAQ],
			"exercises/r\xC3\xB4ws.md")->url,
		"../exercises/rows/index.html");
	assert_string_equal(link_of(fx->site->sections[PAGE_PREVENTION],
				    "exercises/gentle yoga.md")->url,
			    "../exercises/gentle-yoga/index.html");
}

static void test_percent_encoded_md_link(void **state)
{
	struct fixture *fx = *state;
	/* A space cannot be written bare in a Markdown link; "%20" is how
	 * editors and GitHub write it, and it names the same file. */
	char a[PATH_MAX], b[PATH_MAX];
	full_path(fx, "exercises/yoga.md", a, sizeof a);
	full_path(fx, "exercises/gentle yoga.md", b, sizeof b);
	assert_int_equal(rename(a, b), 0);
	edit(fx, "prevention.md", "(exercises/yoga.md)",
	     "(exercises/gentle%20yoga.md)");
	assert_loads(fx);
	assert_string_equal(link_of(fx->site->sections[PAGE_PREVENTION],
				    "exercises/gentle%20yoga.md")->url,
			    "../exercises/gentle-yoga/index.html");
}

static void test_percent_encoded_image(void **state)
{
	struct fixture *fx = *state;
	put_bytes(fx, "exercises/my photo.png", png, sizeof png - 1);
	edit(fx, "exercises/rows.md", "## What you need",
	     "![A row](my%20photo.png)\n\n## What you need");
	assert_loads(fx);
	assert_int_equal(fx->site->nassets, 1);
	assert_string_equal(fx->site->assets[0].out,
			    "assets/media/exercises/my photo.png");
	assert_string_equal(
		link_of(exercise_by_slug(fx->site, "rows"), "my%20photo.png")
			->url,
		"../../assets/media/exercises/my%20photo.png");
}

static void test_bad_addresses(void **state)
{
	struct fixture *fx = *state;
	put(fx, "faq.md",
	    "---\n"
	    "title: F\n"
	    "---\n"
	    "[abs](/schedule.md)\n"
	    "\n"
	    "[js](javascript:alert(1))\n"
	    "\n"
	    "![remote](https://example.org/a.png)\n"
	    "\n"
	    "[empty]()\n");
	assert_errors(
		fx,
		"pamphlet: $D/faq.md:4:1: error: address \"/schedule.md\" starts "
		"with \"/\": it would break when the site is opened from disk "
		"or a sub-folder (expected a relative link such as "
		"schedule.md)\n"
		"pamphlet: $D/faq.md:6:1: error: link to \"javascript:alert(1)\" "
		"is not allowed (expected a page's .md file, https://..., "
		"mailto: or tel:)\n"
		"pamphlet: $D/faq.md:8:1: error: image "
		"\"https://example.org/a.png\" is on another site: patients' "
		"browsers must not load anything from elsewhere (expected a "
		"file under content/)\n"
		"pamphlet: $D/faq.md:10:1: error: link \"empty\" has an empty "
		"address: it would lead nowhere (expected an address between "
		"the parentheses, such as [empty](schedule.md), or the words "
		"without a link)\n");
}

static void test_images_in_body(void **state)
{
	struct fixture *fx = *state;
	char p[PATH_MAX], target[PATH_MAX];
	put_bytes(fx, "exercises/rows.png", png, sizeof png - 1);
	put_bytes(fx, "exercises/rows.jpg", jpeg, sizeof jpeg - 1);
	put(fx, "exercises/fake.png", "GIF89a not really");
	/* A PNG outside content/, reached through a link inside it. */
	snprintf(target, sizeof target, "%s/outside.png", fx->tmp);
	FILE *f = fopen(target, "wb");
	assert_non_null(f);
	fwrite(png, 1, sizeof png - 1, f);
	fclose(f);
	full_path(fx, "exercises/link.png", p, sizeof p);
	assert_int_equal(symlink(target, p), 0);
	edit(fx, "exercises/rows.md", "## What you need",
	     "![A row with a dumbbell](rows.png)\n"         /* 11 ok */
	     "\n"
	     "![Also fine](rows.jpg)\n"                     /* 13 ok */
	     "\n"
	     "![Missing](none.png)\n"                       /* 15 */
	     "\n"
	     "![Up and out](../../outside.png)\n"           /* 17 */
	     "\n"
	     "![Through a link](link.png)\n"                /* 19 */
	     "\n"
	     "![Not an image](fake.png)\n"                  /* 21 */
	     "\n"
	     "![](rows.png)\n"                              /* 23 */
	     "\n"
	     "## What you need");
	assert_errors(
		fx,
		"pamphlet: $D/exercises/rows.md:15:1: error: image "
		"\"exercises/none.png\" not found (expected a file at "
		"$D/exercises/none.png)\n"
		"pamphlet: $D/exercises/rows.md:17:1: error: image "
		"\"../../outside.png\" points outside the content folder\n"
		"pamphlet: $D/exercises/rows.md:19:1: error: image "
		"\"exercises/link.png\" is outside the content folder (expected "
		"a file under $D)\n"
		"pamphlet: $D/exercises/rows.md:21:1: error: image "
		"\"exercises/fake.png\": it is not a PNG, JPEG or SVG picture\n"
		"pamphlet: $D/exercises/rows.md:23:1: error: image \"rows.png\" "
		"has no alt text (expected ![what the picture shows](rows.png))\n");
	/* The file outside was not touched. */
	struct stat st;
	assert_int_equal(stat(target, &st), 0);
}

static void test_images_become_assets(void **state)
{
	struct fixture *fx = *state;
	put_bytes(fx, "exercises/rows.png", png, sizeof png - 1);
	put_bytes(fx, "exercises/rows.jpg", jpeg, sizeof jpeg - 1);
	edit(fx, "exercises/rows.md", "## What you need",
	     "![A row](rows.png)\n\n![Again](./rows.png)\n\n"
	     "![Photo](rows.jpg)\n\n## What you need");
	edit(fx, "faq.md", "## How can I",
	     "![A row](exercises/rows.png)\n\n## How can I");
	assert_loads(fx);
	const struct site *s = fx->site;
	/* One asset per file, however often it is used. */
	assert_int_equal(s->nassets, 2);
	char want[PATH_MAX];
	full_path(fx, "exercises/rows.png", want, sizeof want);
	assert_string_equal(s->assets[0].src, want);
	assert_string_equal(s->assets[0].out, "assets/media/exercises/rows.png");
	assert_string_equal(s->assets[1].out, "assets/media/exercises/rows.jpg");
	const struct page *rows = exercise_by_slug(s, "rows");
	assert_string_equal(link_of(rows, "rows.png")->url,
			    "../../assets/media/exercises/rows.png");
	assert_string_equal(link_of(rows, "./rows.png")->url,
			    "../../assets/media/exercises/rows.png");
	assert_string_equal(link_of(s->sections[PAGE_FAQ],
				    "exercises/rows.png")->url,
			    "../assets/media/exercises/rows.png");
}

static void test_front_matter_images(void **state)
{
	struct fixture *fx = *state;
	put_bytes(fx, "exercises/rows.png", png, sizeof png - 1);
	edit(fx, "exercises/rows.md", "order: 2\n",
	     "order: 2\nimage: rows.png\nimage_alt: \"A person rowing\"\n");
	assert_loads(fx);
	const struct page *rows = exercise_by_slug(fx->site, "rows");
	/* The one-picture form is a list of one picture. */
	assert_null(rows->ex->image);
	assert_int_equal(rows->ex->npictures, 1);
	const struct picture *pic = &rows->ex->pictures[0];
	assert_string_equal(pic->file, "assets/media/exercises/rows.png");
	assert_string_equal(pic->alt, "A person rowing");
	assert_null(pic->caption);
	assert_int_equal(pic->line, 6);
	char want[PATH_MAX];
	full_path(fx, "exercises/rows.png", want, sizeof want);
	assert_string_equal(pic->src, want);
	assert_int_equal(fx->site->nassets, 1);
}

static void test_front_matter_pictures(void **state)
{
	struct fixture *fx = *state;
	put_bytes(fx, "exercises/rows.png", png, sizeof png - 1);
	put_bytes(fx, "exercises/end.png", png, sizeof png - 1);
	edit(fx, "exercises/rows.md", "order: 2\n",
	     "order: 2\npictures:\n"
	     "  - file: rows.png\n    alt: \"Start: arms straight\"\n"
	     "    caption: Start\n"
	     "  - file: end.png\n    alt: \"End: weight at the chest\"\n");
	assert_loads(fx);
	const struct page *rows = exercise_by_slug(fx->site, "rows");
	assert_int_equal(rows->ex->npictures, 2);
	const struct picture *a = &rows->ex->pictures[0];
	const struct picture *b = &rows->ex->pictures[1];
	assert_string_equal(a->file, "assets/media/exercises/rows.png");
	assert_string_equal(a->caption, "Start");
	assert_int_equal(a->line, 7);
	assert_string_equal(b->file, "assets/media/exercises/end.png");
	assert_string_equal(b->alt, "End: weight at the chest");
	assert_null(b->caption);
	assert_int_equal(b->line, 10);
	assert_int_equal(a->kind, PICTURE_PNG);
	assert_int_equal(fx->site->nassets, 2);
}

static void test_front_matter_picture_errors(void **state)
{
	struct fixture *fx = *state;
	put_bytes(fx, "exercises/rows.png", png, sizeof png - 1);
	edit(fx, "exercises/rows.md", "order: 2\n",
	     "order: 2\npictures:\n"
	     "  - file: rows.png\n    caption: Start\n"
	     "  - file: rows.png\n    alt: A\n    captoin: End\n"
	     "  - rows.png\n");
	edit(fx, "exercises/yoga.md", "order: 3\n",
	     "order: 3\nimage: rows.png\nimage_alt: A\npictures:\n"
	     "  - file: rows.png\n    alt: B\n");
	edit(fx, "exercises/cycling.md", "order: 2\n",
	     "order: 2\npictures: bike.png\n");
	assert_errors(
		fx,
		"pamphlet: $D/exercises/cycling.md:6:11: error: \"pictures\" "
		"must be a list of groups of keys (each item starting with "
		"\"- \"), found text\n"
		"pamphlet: $D/exercises/rows.md:7:5: error: missing required "
		"key \"alt\" in \"pictures\"\n"
		"pamphlet: $D/exercises/rows.md:11:5: error: unknown key "
		"\"captoin\" (did you mean \"caption\"? expected one of: file, "
		"alt, caption)\n"
		"pamphlet: $D/exercises/rows.md:12:5: error: each item of "
		"\"pictures\" must be a group of keys, found text\n"
		"pamphlet: $D/exercises/yoga.md:6: error: both \"image\" and "
		"\"pictures\" are given (expected one: \"image\" is the short "
		"form of a \"pictures\" list with one item)\n");
}

static void test_front_matter_image_errors(void **state)
{
	struct fixture *fx = *state;
	put_bytes(fx, "exercises/rows.png", png, sizeof png - 1);
	edit(fx, "exercises/rows.md", "order: 2\n",
	     "order: 2\nimage: rows.png\n");
	edit(fx, "exercises/yoga.md", "order: 3\n",
	     "order: 3\nimage_alt: \"Yoga\"\n");
	edit(fx, "exercises/swimming.md", "order: 1\n",
	     "order: 1\nimage: ../../pool.png\nimage_alt: Pool\n");
	edit(fx, "exercises/cycling.md", "order: 2\n",
	     "order: 2\nimage: bike.jpg\nimage_alt: Bike\n");
	/* Reported in file-name order (the order the files are read). */
	assert_errors(
		fx,
		"pamphlet: $D/exercises/cycling.md:6: error: picture "
		"\"exercises/bike.jpg\" not found (expected a file at "
		"$D/exercises/bike.jpg)\n"
		"pamphlet: $D/exercises/rows.md:6: error: image without "
		"\"image_alt\" (expected a short description of the picture for "
		"people who cannot see it)\n"
		"pamphlet: $D/exercises/swimming.md:6: error: picture "
		"\"../../pool.png\" points outside the content folder\n"
		"pamphlet: $D/exercises/yoga.md:6: error: \"image_alt\" without "
		"\"image\"\n");
}

static void test_nesting_too_deep(void **state)
{
	struct fixture *fx = *state;
	static char text[256];
	size_t n = (size_t)sprintf(text, "---\ntitle: F\n---\n");
	memset(text + n, '>', 40);
	n += 40;
	strcpy(text + n, " deep\n");
	put(fx, "faq.md", text);
	const char *got = load(fx);
	const char *want_end = "error: text nested more than 32 levels deep "
			       "(lists in lists, quotes in quotes...): "
			       "simplify it\n";
	const char *prefix = expand(fx, "pamphlet: $D/faq.md:4:");
	assert_true(strncmp(got, prefix, strlen(prefix)) == 0);
	assert_true(strlen(got) > strlen(want_end));
	assert_string_equal(got + strlen(got) - strlen(want_end), want_end);
	assert_null(fx->site);
	/* Nesting a little is fine. */
	put(fx, "faq.md", "---\ntitle: F\n---\n>>>> four quotes\n");
	assert_loads(fx);
}

/* ---- several errors, one run ---- */

static void test_two_bad_files_two_messages(void **state)
{
	struct fixture *fx = *state;
	edit(fx, "exercises/rows.md", "order: 2\n", "oder: 2\n");
	edit(fx, "exercises/yoga.md", "category: aerobic",
	     "category: cardio");
	assert_errors(fx, "pamphlet: $D/exercises/rows.md:5:1: error: unknown "
			  "key \"oder\" (did you mean \"order\"? expected one "
			  "of: " EX_KEYS ")\n"
			  "pamphlet: $D/exercises/yoga.md:4:11: error: unknown "
			  "category \"cardio\" (expected stretch, strength or "
			  "aerobic)\n");
	assert_int_equal(fx->d.errors, 2);
}

static void test_body_errors_in_several_files(void **state)
{
	struct fixture *fx = *state;
	edit(fx, "causes.md", "## Your upper back", "# Your upper back");
	edit(fx, "faq.md", "(causes.md)", "(cause.md)");
	edit(fx, "exercises/yoga.md", "## How much to do", "# How much to do");
	assert_errors(fx, "pamphlet: $D/causes.md:10:1: error: " H1_MSG "\n"
			  "pamphlet: $D/faq.md:8:5: error: link to "
			  "\"cause.md\": " NO_SUCH_PAGE "\n"
			  "pamphlet: $D/exercises/yoga.md:11:1: error: " H1_MSG
			  "\n");
	assert_int_equal(fx->d.errors, 3);
}

static void test_body_errors_with_front_matter_errors(void **state)
{
	struct fixture *fx = *state;
	/* A typo in one file's front matter must not hide a level-1 heading
	 * in another: content_load reports every problem, not just the
	 * first kind. */
	edit(fx, "exercises/rows.md", "order: 2\n", "oder: 2\n");
	edit(fx, "causes.md", "## Your upper back", "# Your upper back");
	assert_errors(fx, "pamphlet: $D/exercises/rows.md:5:1: error: unknown "
			  "key \"oder\" (did you mean \"order\"? expected one "
			  "of: " EX_KEYS ")\n"
			  "pamphlet: $D/causes.md:10:1: error: " H1_MSG "\n");
}

/* ---- the frequency table ---- */

static void test_table_order(void **state)
{
	struct fixture *fx = *state;
	/* Same order as Shoulder Rolls: by title.  No order: last. */
	put(fx, "exercises/another.md",
	    "---\ntitle: Another Stretch\ncategory: stretch\norder: 2\n"
	    "frequency: Daily\n---\nText.\n");
	put(fx, "exercises/arm-circles.md",
	    "---\ntitle: Arm Circles\ncategory: stretch\n"
	    "duration: 1 minute\n---\nText.\n");
	put(fx, "exercises/walking.md",
	    "---\ntitle: Walking\ncategory: aerobic\norder: -1\n---\nText.\n");
	assert_loads(fx);
	const struct site *s = fx->site;
	static const struct {
		const char *title, *freq, *dur;
	} rows[] = {
		{"Chest Stretch", "3-4 times per week", "30 seconds"},
		{"Another Stretch", "Daily", NULL},
		{"Shoulder Rolls", NULL, NULL},
		{"Neck Stretch", NULL, "30 seconds"},
		{"Arm Circles", NULL, "1 minute"},
		{"Lat Pulldowns", "2-3 times per week", NULL},
		{"Rows", NULL, "10-15 repetitions"},
		{"Scapular Squeezes", NULL, NULL},
		{"Walking", NULL, NULL},
		{"Swimming", "2-3 times per week", "20-30 minutes"},
		{"Cycling", NULL, NULL},
		{"Yoga", NULL, NULL},
	};
	assert_int_equal(s->ntable, sizeof rows / sizeof rows[0]);
	for (size_t i = 0; i < s->ntable; i++) {
		assert_string_equal(s->table[i].exercise, rows[i].title);
		assert_same_text(s->table[i].frequency, rows[i].freq);
		assert_same_text(s->table[i].duration, rows[i].dur);
		assert_ptr_equal(s->table[i].page, s->exercises[i]);
	}
	assert_int_equal(exercise_by_slug(s, "arm-circles")->ex->order,
			 LONG_MAX);
	assert_null(exercise_by_slug(s, "arm-circles")->ex->frequency);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_shipped_content),
		T(test_copy_loads),
		T(test_unknown_key),
		T(test_unknown_key_in_page),
		T(test_missing_title),
		T(test_unknown_category),
		T(test_missing_category),
		T(test_bad_order),
		T(test_bad_dates),
		T(test_leap_day_and_newest_review),
		T(test_front_matter_shapes),
		T(test_bom_and_crlf),
		T(test_invalid_utf8),
		T(test_file_too_large),
		T(test_duplicate_slug_case),
		T(test_duplicate_slug_accent),
		T(test_duplicate_slug_space_and_underscore),
		T(test_unusable_file_name),
		T(test_missing_pages),
		T(test_exercises_page_optional),
		T(test_unexpected_page_files),
		T(test_site_yaml_missing),
		T(test_site_yaml_errors),
		T(test_site_yaml_values),
		T(test_site_yaml_language_and_url),
		T(test_exercises_folder_missing),
		T(test_exercises_folder_empty),
		T(test_content_folder_missing),
		T(test_level1_headings),
		T(test_broken_md_links),
		T(test_good_md_links_rewritten),
		T(test_links_to_unusual_file_names),
		T(test_percent_encoded_md_link),
		T(test_percent_encoded_image),
		T(test_bad_addresses),
		T(test_images_in_body),
		T(test_images_become_assets),
		T(test_front_matter_images),
		T(test_front_matter_pictures),
		T(test_front_matter_picture_errors),
		T(test_front_matter_image_errors),
		T(test_nesting_too_deep),
		T(test_two_bad_files_two_messages),
		T(test_body_errors_in_several_files),
		T(test_body_errors_with_front_matter_errors),
		T(test_table_order),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
