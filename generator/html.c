#include "html.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fields.h"
#include "fsutil.h"
#include "i18n.h"
#include "jobs.h"
#include "markdown.h"
#include "paths.h"
#include "template.h"
#include "util.h"

static const char *const templates[] = {
	"page.html", "exercises.html", "exercise.html",
	"schedule.html", "faq.html", "404.html",
};

struct html {
	struct html_opts opts;
	struct tmpl_set *set;
};

const char *html_template_for(enum page_kind kind)
{
	switch (kind) {
	case PAGE_EXERCISES: return "exercises.html";
	case PAGE_EXERCISE: return "exercise.html";
	case PAGE_SCHEDULE: return "schedule.html";
	case PAGE_FAQ: return "faq.html";
	default: return "page.html";
	}
}

struct html *html_new(const struct html_opts *opts, struct diag *d)
{
	if (!fs_is_dir(opts->templates)) {
		diag_syserr(d, opts->templates, "templates folder not found");
		return NULL;
	}
	/* A missing template is the site designer's mistake (exit 1), not
	 * a system error. */
	int missing = 0;
	for (size_t i = 0; i < ARRAY_LEN(templates); i++) {
		char *path = fs_join(opts->templates, templates[i]);
		if (!fs_exists(path)) {
			diag_error(d, path, 0, 0, "missing template (every "
				   "templates folder needs %s)", templates[i]);
			missing++;
		}
		free(path);
	}
	if (missing)
		return NULL;
	struct tmpl_set *set = tmpl_load(opts->templates, templates,
					 ARRAY_LEN(templates), d);
	if (set == NULL)
		return NULL;
	struct html *h = xcalloc(1, sizeof *h);
	h->opts = *opts;
	h->set = set;
	return h;
}

void html_free(struct html *h)
{
	if (h == NULL)
		return;
	tmpl_set_free(h->set);
	free(h);
}

/* ---- helpers ---- */

/* "" for out/index.html, "../" for causes/index.html... */
static char *root_of(const char *out_path)
{
	struct buf b = BUF_INIT;
	for (const char *p = out_path; *p; p++)
		if (*p == '/')
			buf_puts(&b, "../");
	return buf_detach(&b);
}

/* The public address of an output file: base_url/dir/ for an index.html. */
static char *public_url(const struct site *site, const char *out_path)
{
	return path_public_url(site->base_url, out_path);
}

static void json_str(struct buf *b, const char *key, const char *value,
		     int comma)
{
	if (value == NULL)
		return;
	if (comma)
		buf_putc(b, ',');
	buf_printf(b, "\"%s\":\"", key);
	buf_put_json(b, value, strlen(value));
	buf_putc(b, '"');
}

/* The MedicalWebPage object every page carries. */
static void jsonld_page(struct buf *b, const struct site *site,
			const struct page *p)
{
	buf_puts(b, "{\"@context\":\"https://schema.org\","
		    "\"@type\":\"MedicalWebPage\"");
	json_str(b, "name", p->title, 1);
	json_str(b, "description", p->description, 1);
	json_str(b, "inLanguage", site->lang, 1);
	json_str(b, "lastReviewed", p->last_reviewed, 1);
	if (p->reviewed_by != NULL) {
		buf_puts(b, ",\"reviewedBy\":{\"@type\":\"Organization\"");
		json_str(b, "name", p->reviewed_by, 1);
		buf_putc(b, '}');
	}
	if (site->base_url != NULL) {
		char *u = public_url(site, p->out);
		json_str(b, "url", u, 1);
		free(u);
	}
	buf_puts(b, ",\"medicalAudience\":{\"@type\":\"MedicalAudience\","
		    "\"audienceType\":\"Patient\"}");
	buf_puts(b, ",\"publisher\":{\"@type\":\"MedicalClinic\"");
	json_str(b, "name", site->clinic_name, 1);
	json_str(b, "telephone", site->clinic_phone, 1);
	json_str(b, "email", site->clinic_email, 1);
	buf_puts(b, "}}");
}

static void jsonld_exercise(struct buf *b, const struct site *site,
			    const struct page *p)
{
	const struct exercise *e = p->ex;
	buf_puts(b, "{\"@context\":\"https://schema.org\","
		    "\"@type\":\"ExercisePlan\"");
	json_str(b, "name", p->title, 1);
	json_str(b, "description", p->description ? p->description
						  : e->summary, 1);
	json_str(b, "inLanguage", site->lang, 1);
	json_str(b, "exerciseType", category_keys[e->category], 1);
	json_str(b, "activityFrequency", e->frequency, 1);
	json_str(b, "activityDuration", e->duration, 1);
	json_str(b, "repetitions", e->reps, 1);
	buf_putc(b, '}');
}

static void jsonld_faq(struct buf *b, const struct md_section *q, size_t n)
{
	buf_puts(b, "{\"@context\":\"https://schema.org\","
		    "\"@type\":\"FAQPage\",\"mainEntity\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		buf_puts(b, "{\"@type\":\"Question\"");
		json_str(b, "name", q[i].heading, 1);
		buf_puts(b, ",\"acceptedAnswer\":{\"@type\":\"Answer\"");
		json_str(b, "text", q[i].html, 1);
		buf_puts(b, "}}");
	}
	buf_puts(b, "]}");
}

/* Link to output file `to` from the page at out_path: relative, or
 * absolute from root when root is absolute (the 404 page). */
static char *link_to(const char *out_path, const char *root, const char *to)
{
	if (root[0] == '/' || strncmp(root, "http", 4) == 0)
		return xasprintf("%s%s", root, to);
	return path_rel_url(out_path, to);
}

/* "tel:+4412345" from a phone number as people write it; "" if no digit. */
static char *tel_url(const char *phone)
{
	struct buf t = BUF_INIT;
	buf_puts(&t, "tel:");
	for (const char *c = phone; *c; c++)
		if ((*c >= '0' && *c <= '9') || (*c == '+' && t.len == 4))
			buf_putc(&t, *c);
	if (t.len == 4 || strspn(phone, "0123456789+ -().") != strlen(phone))
		buf_reset(&t); /* "000 (replace ...)": not a number to call */
	return buf_detach(&t);
}

/* Page p (NULL: the 404 page) in language site l: the same page, or
 * NULL when l has no translation of it. */
static const struct page *page_in(const struct site *l, const struct page *p)
{
	if (p == NULL)
		return NULL;
	if (p->kind == PAGE_EXERCISE)
		return site_exercise(l, p->slug);
	return l->sections[p->kind];
}

/* The language menu ("languages": each language named in itself, a link
 * to this page in it, or to its home page when it has no translation of
 * this one) and, with base_url, "alternates": every translation of this
 * page, this one too, and x-default, for <link rel="alternate">. */
static void languages_context(struct tval *ctx, const struct site *site,
			      const struct page *p, const char *out_path,
			      const char *root)
{
	const struct site *all = site->base ? site->base : site;
	size_t n = site_lang_count(all);
	tval_set_bool(ctx, "has_languages", n > 1);
	struct tval *langs = tval_set(ctx, "languages", tval_list());
	struct tval *alts = tval_set(ctx, "alternates", tval_list());
	for (size_t i = 0; i < n && n > 1; i++) {
		const struct site *l = site_lang(all, i);
		const struct page *q = page_in(l, p);
		struct tval *it = tval_object();
		tval_set_text(it, "code", l->lang);
		tval_set_text(it, "name", i18n_get(l->words, "language_name"));
		tval_set_bool(it, "current", l == site);
		char *to = q ? xstrdup(q->out)
			     : xasprintf("%sindex.html", l->prefix);
		tval_set(it, "url", tval_text_own(link_to(out_path, root, to)));
		free(to);
		tval_list_add(langs, it);
		if (q == NULL || site->base_url == NULL)
			continue;
		struct tval *a = tval_object();
		tval_set_text(a, "hreflang", l->lang);
		tval_set(a, "href", tval_text_own(public_url(site, q->out)));
		tval_list_add(alts, a);
		if (i == 0) {
			a = tval_object();
			tval_set_text(a, "hreflang", "x-default");
			tval_set(a, "href",
				 tval_text_own(public_url(site, q->out)));
			tval_list_add(alts, a);
		}
	}
}

/* Values every template can use; documented in README.md. */
static struct tval *common_context(const struct html *h,
				   const struct site *site,
				   const struct page *p, const char *out_path,
				   const char *root)
{
	struct tval *ctx = tval_object();
	tval_set_text(ctx, "lang", site->lang);
	tval_borrow(ctx, "t", i18n_tval(site->words));
	languages_context(ctx, site, p, out_path, root);
	tval_set_text(ctx, "root", root);
	tval_set_text(ctx, "generator", h->opts.version);

	struct tval *s = tval_set(ctx, "site", tval_object());
	tval_set_text(s, "title", site->title);
	tval_set_text(s, "clinic_name", site->clinic_name);
	tval_set_text(s, "clinic_phone", site->clinic_phone);
	tval_set_text(s, "clinic_email", site->clinic_email);
	tval_set_text(s, "clinic_address", site->clinic_address);
	tval_set_text(s, "clinic_website", site->clinic_website);
	tval_set_text(s, "disclaimer", site->disclaimer);
	tval_set_text(s, "last_reviewed", site->last_reviewed);
	tval_set(s, "clinic_email_url",
		 tval_text_own(site->clinic_email
				       ? xasprintf("mailto:%s", site->clinic_email)
				       : xstrdup("")));
	tval_set(s, "clinic_phone_url",
		 tval_text_own(site->clinic_phone ? tel_url(site->clinic_phone)
						  : xstrdup("")));

	struct tval *pg = tval_set(ctx, "page", tval_object());
	const char *title = p ? p->title
			      : i18n_get(site->words, "site.not_found_title");
	tval_set_text(pg, "title", title);
	/* The browser tab: "Page | Site", or the site alone for home. */
	tval_set(pg, "doc_title",
		 tval_text_own(p && p->kind == PAGE_HOME
				       ? xstrdup(site->title)
				       : xasprintf("%s | %s", title, site->title)));
	const char *desc = p ? p->description : NULL;
	if (desc == NULL && p != NULL && p->ex != NULL)
		desc = p->ex->summary;
	tval_set_text(pg, "description", desc ? desc : site->title);
	tval_set_text(pg, "last_reviewed", p ? p->last_reviewed : NULL);
	tval_set_text(pg, "reviewed_by", p ? p->reviewed_by : NULL);
	struct tval *kp = tval_set(pg, "key_points", tval_list());
	for (char **k = p ? p->key_points : NULL; k && *k; k++)
		tval_list_add(kp, tval_text(*k));
	tval_set_bool(pg, "has_key_points", tval_list_len(kp) > 0);
	tval_set(pg, "canonical",
		 tval_text_own(site->base_url && p ? public_url(site, out_path)
						   : xstrdup("")));
	size_t len;
	const char *html = p ? md_sealed_html(p->body, &len) : NULL;
	struct buf body = BUF_INIT;
	if (html == NULL && p != NULL) {
		md_render_html(p->body, &body);
		html = buf_cstr(&body);
		len = body.len;
	}
	if (p != NULL && p->ex != NULL) {
		/* The body in two, for an exercise's pictures to go before
		 * its steps. */
		size_t at = md_steps_at(p->body, html, len);
		tval_set(pg, "body_before_steps", tval_text_n(html, at));
		if (body.data == NULL)
			tval_set_ref(pg, "body_from_steps", html + at);
		else
			tval_set(pg, "body_from_steps",
				 tval_text_n(html + at, len - at));
	}
	if (body.data == NULL && html != NULL)
		tval_set_ref(pg, "body", html); /* (no copy of 10,000) */
	else
		tval_set(pg, "body", tval_text_own(buf_detach(&body)));

	struct tval *nav = tval_set(ctx, "nav", tval_list());
	for (int k = 0; k < PAGE_EXERCISE; k++) {
		const struct page *sp = site_section(site, k);
		struct tval *item = tval_object();
		tval_set_text(item, "title",
			      sp->nav_title ? sp->nav_title : sp->title);
		tval_set(item, "url",
			 tval_text_own(link_to(out_path, root, sp->out)));
		tval_set_bool(item, "current", p == sp);
		/* An exercise page belongs to the Exercises section. */
		tval_set_bool(item, "in_section",
			      p != NULL && k == PAGE_EXERCISES &&
				      p->kind == PAGE_EXERCISE);
		tval_list_add(nav, item);
	}
	char *home = xasprintf("%sindex.html", site->prefix);
	tval_set(ctx, "home_url", tval_text_own(link_to(out_path, root, home)));
	free(home);
	tval_set(ctx, "css_url",
		 tval_text_own(link_to(out_path, root, "assets/style.css")));
	/* The site's own icon: without one, browsers ask the server's root
	 * for /favicon.ico, outside a site that lives in a sub-folder. */
	tval_set(ctx, "icon_url",
		 tval_text_own(link_to(out_path, root, "assets/icon.svg")));
	char *sheet = xasprintf("%s%s", site->prefix, PATH_SHEET);
	tval_set(ctx, "sheet_url",
		 tval_text_own(h->opts.with_sheet && !site->no_sheet
				       ? link_to(out_path, root, sheet)
				       : xstrdup("")));
	free(sheet);
	return ctx;
}

/* Frequency and duration as shown: never an invented figure. */
static const char *or_advised(const struct site *site, const char *s)
{
	return s ? s : i18n_get(site->words, "dose.as_advised");
}

static const char *category_label(const struct site *site, int c)
{
	return i18n_get(site->words, category_words[c]);
}

static void exercise_item(struct tval *list, const struct site *site,
			  const struct page *from, const struct page *e)
{
	struct tval *it = tval_object();
	tval_set_ref(it, "title", e->title);
	tval_put(it, "url", tval_text_own(path_rel_url(from->out, e->out)));
	tval_set_ref(it, "summary", e->ex->summary);
	/* A small first picture on the card (the title says what it is:
	 * the picture is decoration there, alt ""). */
	if (e->ex->npictures > 0) {
		const struct picture *pic = &e->ex->pictures[0];
		tval_put(it, "thumb_url",
			 tval_text_own(path_rel_url(from->out, pic->file)));
		tval_put(it, "thumb_width", tval_text_own(xasprintf(
						    "%d", pic->width)));
		tval_put(it, "thumb_height", tval_text_own(xasprintf(
						     "%d", pic->height)));
	} else {
		tval_set_ref(it, "thumb_url", "");
	}
	tval_set_ref(it, "frequency", or_advised(site, e->ex->frequency));
	tval_set_ref(it, "duration", or_advised(site, e->ex->duration));
	tval_put(it, "amount", tval_text_own(i18n_amount(
				       site->words, e->ex->duration, e->ex->reps)));
	tval_list_add(list, it);
}

static void exercises_context(struct tval *ctx, const struct site *site,
			      const struct page *p)
{
	struct tval *groups = tval_set(ctx, "groups", tval_list());
	for (int c = 0; c < CAT_COUNT; c++) {
		struct tval *g = NULL, *items = NULL;
		for (size_t i = 0; i < site->nexercises; i++) {
			const struct page *e = site->exercises[i];
			if (e->ex->category != c)
				continue;
			if (g == NULL) {
				g = tval_object();
				tval_set_text(g, "key", category_keys[c]);
				tval_set_text(g, "label", category_label(site, c));
				char *id = xasprintf("group-%s", category_keys[c]);
				tval_set(g, "id", tval_text_own(id));
				items = tval_set(g, "exercises", tval_list());
			}
			exercise_item(items, site, p, e);
		}
		if (g != NULL)
			tval_list_add(groups, g);
	}
}

static void dose_item(struct tval *list, const struct site *site,
		      const char *key, const char *v)
{
	if (v == NULL)
		return;
	struct tval *it = tval_object();
	tval_set_text(it, "label", i18n_get(site->words, key));
	tval_set_text(it, "value", v);
	tval_list_add(list, it);
}

static void exercise_context(struct tval *ctx, const struct site *site,
			     const struct page *p)
{
	const struct exercise *e = p->ex;
	const struct page *index = site_section(site, PAGE_EXERCISES);
	struct tval *x = tval_set(ctx, "exercise", tval_object());
	/* Every text the field table (fields.h) gives an exercise, by its
	 * key: a new key reaches the templates as exercise.KEY.  Some are
	 * set again below, as the page shows them. */
	for (size_t i = 0; i < nfields; i++) {
		const struct field *f = &fields[i];
		if (f->home == FIELD_IN_EXERCISE && f->type == FM_TEXT)
			tval_set_text(x, f->key,
				      *(char *const *)field_get(f, p));
	}
	tval_set_text(x, "category", category_keys[e->category]);
	tval_set_text(x, "category_label", category_label(site, e->category));
	char *u = path_rel_url(p->out, index->out);
	tval_set(x, "category_url",
		 tval_text_own(xasprintf("%s#group-%s", u,
					 category_keys[e->category])));
	tval_set(x, "index_url", tval_text_own(u));
	tval_set(x, "schedule_url",
		 tval_text_own(path_rel_url(p->out,
					    site_section(site, PAGE_SCHEDULE)->out)));
	tval_set_text(x, "summary", e->summary);
	tval_set_text(x, "frequency", or_advised(site, e->frequency));
	tval_set_text(x, "duration", or_advised(site, e->duration));
	struct tval *dose = tval_set(x, "dose", tval_list());
	dose_item(dose, site, "dose.how_often", or_advised(site, e->frequency));
	/* (Counted in repetitions, not timed: no "How long".) */
	dose_item(dose, site, "dose.how_long",
		  e->duration == NULL && e->reps != NULL
			  ? NULL
			  : or_advised(site, e->duration));
	dose_item(dose, site, "dose.sets", e->sets);
	dose_item(dose, site, "dose.reps", e->reps);
	dose_item(dose, site, "dose.hold", e->hold);
	dose_item(dose, site, "dose.sides", e->sides);
	tval_set_bool(x, "has_pictures", e->npictures > 0);
	struct tval *pics = tval_set(x, "pictures", tval_list());
	for (size_t i = 0; i < e->npictures; i++) {
		const struct picture *pic = &e->pictures[i];
		struct tval *o = tval_object();
		tval_set(o, "url", tval_text_own(path_rel_url(p->out,
							       pic->file)));
		tval_set_text(o, "alt", pic->alt);
		tval_set_text(o, "caption", pic->caption);
		tval_set(o, "width", tval_text_own(xasprintf("%d",
							     pic->width)));
		tval_set(o, "height", tval_text_own(xasprintf("%d",
							      pic->height)));
		tval_list_add(pics, o);
	}
	/* The first picture, as templates before "pictures" knew it. */
	tval_set(x, "image_url",
		 tval_text_own(e->npictures > 0
				       ? path_rel_url(p->out, e->pictures[0].file)
				       : xstrdup("")));
	tval_set_text(x, "image_alt",
		      e->npictures > 0 ? e->pictures[0].alt : NULL);
}

static void schedule_context(struct tval *ctx, const struct site *site,
			     const struct page *p)
{
	struct tval *rows = tval_set(ctx, "rows", tval_list());
	for (size_t i = 0; i < site->ntable; i++) {
		const struct freq_row *r = &site->table[i];
		struct tval *row = tval_object();
		tval_set_ref(row, "exercise", r->exercise);
		tval_put(row, "url",
			 tval_text_own(path_rel_url(p->out, r->page->out)));
		tval_set_ref(row, "category_label",
			     category_label(site, r->page->ex->category));
		tval_set_ref(row, "frequency", or_advised(site, r->frequency));
		tval_set_ref(row, "duration", or_advised(site, r->duration));
		tval_put(row, "amount", tval_text_own(i18n_amount(
				       site->words, r->duration, r->page->ex->reps)));
		tval_list_add(rows, row);
	}
}

/* Render one page (p NULL: the 404 page) into *html (caller frees);
 * returns 0, or -1 after reporting (*html is then NULL).  Safe to call
 * on several threads at once: it reads the site and writes *html. */
static int render_page(char **result, size_t *result_len, const struct html *h,
		       const struct site *site, const struct page *p,
		       const char *out_path, const char *tmpl,
		       struct diag *d)
{
	char *root = NULL;
	if (p != NULL)
		root = root_of(out_path);
	else if (site->base_url != NULL)
		root = xasprintf("%s/", site->base_url);
	else
		root = xstrdup("/"); /* 404: served from anywhere on the host */
	struct tval *ctx = common_context(h, site, p, out_path, root);
	struct tval *jsonld = tval_set(ctx, "jsonld", tval_list());
	struct buf json = BUF_INIT;
	struct md_section *qs = NULL;
	size_t nq = 0;

	if (p != NULL) {
		jsonld_page(&json, site, p);
		tval_list_add(jsonld, tval_text_own(buf_detach(&json)));
	}
	if (p != NULL && p->kind == PAGE_EXERCISES)
		exercises_context(ctx, site, p);
	if (p != NULL && p->kind == PAGE_EXERCISE) {
		exercise_context(ctx, site, p);
		jsonld_exercise(&json, site, p);
		tval_list_add(jsonld, tval_text_own(buf_detach(&json)));
	}
	if (p != NULL && p->kind == PAGE_SCHEDULE)
		schedule_context(ctx, site, p);
	if (p != NULL && p->kind == PAGE_FAQ) {
		char *intro = NULL;
		nq = md_split_sections(p->body, 2, &intro, &qs);
		tval_set(ctx, "faq_intro", tval_text_own(intro));
		struct tval *list = tval_set(ctx, "questions", tval_list());
		for (size_t i = 0; i < nq; i++) {
			struct tval *q = tval_object();
			tval_set_text(q, "question", qs[i].heading);
			tval_set_text(q, "id", qs[i].id);
			tval_set_text(q, "answer", qs[i].html);
			tval_list_add(list, q);
		}
		jsonld_faq(&json, qs, nq);
		tval_list_add(jsonld, tval_text_own(buf_detach(&json)));
	}

	struct buf html = BUF_INIT;
	int rc = tmpl_render(h->set, tmpl, ctx, &html, d);
	*result = NULL;
	*result_len = 0;
	if (rc == 0) {
		*result_len = html.len;
		*result = buf_detach(&html);
	}
	buf_free(&html);
	buf_free(&json);
	md_sections_free(qs, nq);
	tval_free(ctx);
	free(root);
	return rc;
}

static void sitemap(struct output *out, const struct site *site)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		     "<urlset xmlns=\"http://www.sitemaps.org/schemas/"
		     "sitemap/0.9\">\n");
	for (size_t i = 0; i < site_all_count(site); i++) {
		const struct page *p = site_all_page(site, i);
		char *u = public_url(site, p->out);
		buf_puts(&b, "<url><loc>");
		buf_put_xml(&b, u, strlen(u));
		buf_puts(&b, "</loc>");
		if (p->last_reviewed != NULL)
			buf_printf(&b, "<lastmod>%s</lastmod>", p->last_reviewed);
		buf_puts(&b, "</url>\n");
		free(u);
	}
	buf_puts(&b, "</urlset>\n");
	size_t len = b.len;
	output_add(out, "sitemap.xml", buf_detach(&b), len);
}

/* Copy templates/assets/ (the stylesheet...) into out/assets/. */
static int copy_assets(struct output *out, const struct html *h,
		       struct diag *d)
{
	char *dir = fs_join(h->opts.templates, "assets");
	int rc = 0;
	if (!fs_is_dir(dir)) {
		diag_error(d, dir, 0, 0, "missing folder: expected the "
			   "stylesheet at %s/style.css", dir);
		free(dir);
		return -1;
	}
	char **names = fs_list_dir(dir, d);
	if (names == NULL)
		rc = -1;
	for (char **n = names; n && *n; n++) {
		if ((*n)[0] == '.')
			continue;
		char *src = fs_join(dir, *n);
		/* (A named pipe or a device is read, to be refused.) */
		if (fs_exists(src)) {
			struct buf b = BUF_INIT;
			size_t max = h->opts.max_file_size
					     ? h->opts.max_file_size
					     : CONTENT_MAX_FILE_SIZE;
			if (fs_read_file(src, &b, max, d) == 0) {
				char *dst = xasprintf("assets/%s", *n);
				size_t len = b.len;
				output_add(out, dst, buf_detach(&b), len);
				free(dst);
			} else {
				rc = -1;
			}
			buf_free(&b);
		}
		free(src);
	}
	fs_free_list(names);
	free(dir);
	return rc;
}

/* Copy the content's images into out/assets/media/. */
static int copy_media(struct output *out, const struct site *site,
		      struct diag *d)
{
	int rc = 0;
	for (size_t i = 0; i < site->nassets; i++) {
		/* (A translation's shared pictures: copied with the
		 * default language's.) */
		if (site->base != NULL &&
		    strncmp(site->assets[i].out + strlen(PATH_MEDIA "/"),
			    site->prefix, strlen(site->prefix)) != 0)
			continue;
		struct buf b = BUF_INIT;
		if (fs_read_file(site->assets[i].src, &b, 0, d) == 0) {
			size_t len = b.len;
			output_add(out, site->assets[i].out, buf_detach(&b), len);
		} else {
			rc = -1;
		}
		buf_free(&b);
	}
	return rc;
}

/* 1 if page p is in part. */
static int in_part(const struct page *p, enum html_part part)
{
	return part == HTML_ALL || (part == HTML_EARLY) == (p->early != 0);
}

/* The pages being rendered, one slot per page of the site. */
struct rendering {
	enum html_part part;
	const struct html *h;
	const struct site *site;
	struct rendered {
		char *html;
		size_t len;
		int rc;
		struct buf msg;
		struct diag d;
	} *pages;
	size_t *todo; /* the pages to render: their indices */
};

/* On any thread: render the k-th page to render. */
static void render_one(void *ctx, size_t k)
{
	struct rendering *r = ctx;
	size_t i = r->todo[k];
	struct rendered *slot = &r->pages[i];
	const struct page *p = site_page(r->site, i);
	slot->rc = render_page(&slot->html, &slot->len, r->h, r->site, p,
			       p->out, html_template_for(p->kind), &slot->d);
}

int html_render(enum html_part part, struct output *out, struct html *h,
		const struct site *site, struct diag *d)
{
	int rc = 0;
	size_t n = site_page_count(site), ntodo = 0;
	struct rendering r = {part, h, site, xcalloc(n + 1, sizeof *r.pages),
			      xcalloc(n + 1, sizeof *r.todo)};
	/* (Not the pages the cache kept, nor those of another part.) */
	for (size_t i = 0; i < n; i++) {
		const struct page *p = site_page(site, i);
		r.pages[i].d = diag_buffered(&r.pages[i].msg);
		if (!p->cached && in_part(p, part))
			r.todo[ntodo++] = i;
	}
	jobs_for(h->opts.jobs, ntodo, render_one, &r);
	/* In page order, whatever thread rendered what.  A template that
	 * failed once fails the same way for every page it renders:
	 * report it once. */
	const char *failed[ARRAY_LEN(templates)] = {0};
	size_t nfailed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = site_page(site, i);
		struct rendered *slot = &r.pages[i];
		const char *t = html_template_for(p->kind);
		size_t k;
		for (k = 0; k < nfailed && strcmp(failed[k], t) != 0; k++)
			;
		if (!in_part(p, part)) {
			;
		} else if (p->cached) {
			output_keep(out, p->out);
		} else if (k < nfailed) {
			free(slot->html);
		} else if (slot->rc != 0) {
			diag_merge(d, &slot->d);
			rc = -1;
			failed[nfailed++] = t;
		} else {
			diag_merge(d, &slot->d);
			output_add(out, p->out, slot->html, slot->len);
		}
		buf_free(&slot->msg);
	}
	free(r.pages);
	free(r.todo);
	if (part == HTML_EARLY)
		return rc;
	if (copy_media(out, site, d) != 0)
		rc = -1;
	if (site->base != NULL)
		return rc; /* (the rest once, for every language) */
	char *html;
	size_t len;
	if (render_page(&html, &len, h, site, NULL, "404.html", "404.html",
			d) != 0)
		rc = -1;
	else
		output_add(out, "404.html", html, len);
	if (site->base_url != NULL)
		sitemap(out, site);
	if (copy_assets(out, h, d) != 0)
		rc = -1;
	return rc;
}
