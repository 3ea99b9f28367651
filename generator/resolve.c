#define _XOPEN_SOURCE 700 /* realpath */
#include "resolve.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "markdown.h"
#include "paths.h"
#include "picture.h"
#include "rawhtml.h"
#include "util.h"

struct link_ctx {
	const struct resolver *R;
	struct page *page;
};

static int has_scheme(const char *url)
{
	size_t i = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	return i > 0 && url[i] == ':';
}

/* url as a browser reads it: without leading C0 controls and spaces, and
 * without tabs and line breaks anywhere (the WHATWG URL parser), so that
 * "java\tscript:" (written java&#x09;script:) is seen as the javascript:
 * it would be.  Caller frees. */
static char *url_as_browser(const char *url)
{
	while (*url != '\0' && (unsigned char)*url <= ' ')
		url++;
	char *s = xstrdup(url), *o = s;
	for (const char *i = url; *i != '\0'; i++)
		if (*i != '\t' && *i != '\n' && *i != '\r')
			*o++ = *i;
	*o = '\0';
	return s;
}

/* The content-relative path of the page's source file. */
static const char *rel_src(const struct resolver *R, const struct page *p)
{
	size_t n = strlen(R->dir);
	return p->src + n + (p->src[n] == '/');
}

/* Record that page p uses the content file src (to be copied to out
 * under out/), once.  Returns the page's copy of out. */
static const char *page_ref(struct page *p, const char *src, const char *out)
{
	size_t k;
	for (k = 0; k < p->nrefs && strcmp(p->refs[k].src, src) != 0; k++)
		;
	if (k == p->nrefs) {
		p->refs = xrealloc(p->refs, (p->nrefs + 1) * sizeof *p->refs);
		p->refs[k].src = xstrdup(src);
		p->refs[k].out = xstrdup(out);
		fs_stamp_of(src, &p->refs[k].stamp);
		p->nrefs++;
	}
	return p->refs[k].out;
}

/* Add the files page p uses to the site's list of files to copy. */
void resolve_site_assets(struct site *s, const struct page *p)
{
	for (size_t k = 0; k < p->nrefs; k++) {
		size_t i;
		for (i = 0; i < s->nassets; i++)
			if (strcmp(s->assets[i].src, p->refs[k].src) == 0)
				break;
		if (i < s->nassets)
			continue;
		s->assets = xrealloc(s->assets,
				     (s->nassets + 1) * sizeof *s->assets);
		s->assets[s->nassets].src = xstrdup(p->refs[k].src);
		s->assets[s->nassets].out = xstrdup(p->refs[k].out);
		s->assets[s->nassets].stamp = p->refs[k].stamp;
		s->nassets++;
	}
}

/* Register a content file (resolved, content-relative) to be copied into
 * out/assets/media/; returns its output path (owned by the page).  NULL
 * after reporting if it is missing, outside content/ or not a picture.
 * pic, if not NULL, gets the picture's kind and size. */
static const char *add_asset(const struct resolver *R, struct page *p,
			     const char *rel, int line, int col,
			     const char *what, struct picture *pic)
{
	char *path = fs_join(R->dir, rel);
	const char *result = NULL;
	char *real = NULL;
	if (!fs_is_file(path)) {
		diag_error(R->d, p->src, line, col,
			   "%s \"%s\" not found (expected a file at %s)", what,
			   rel, path);
		goto out;
	}
	/* A link inside content/ may point anywhere: follow it and check. */
	real = realpath(path, NULL);
	size_t rn = strlen(R->root_real);
	if (real == NULL || strncmp(real, R->root_real, rn) != 0 ||
	    real[rn] != '/') {
		diag_error(R->d, p->src, line, col,
			   "%s \"%s\" is outside the content folder (expected "
			   "a file under %s)", what, rel, R->dir);
		goto out;
	}
	struct picture_problem why;
	int kind, w, h;
	if (picture_probe(path, R->max_file_size, &kind, &w, &h, &why) != 0) {
		if (why.line > 0) /* (an SVG's own line: name both files) */
			diag_error(R->d, path, why.line, 0,
				   "%s used by %s:%d: %s", what, p->src, line,
				   why.what);
		else
			diag_error(R->d, p->src, line, col,
				   "%s \"%s\": %s", what, rel, why.what);
		goto out;
	}
	if (pic != NULL) {
		pic->kind = kind;
		pic->width = w;
		pic->height = h;
	}
	char *out = path_media_out(rel);
	result = page_ref(p, path, out);
	free(out);
out:
	free(real);
	free(path);
	return result;
}

/* A translation's file rel (content-relative, taken), or the default
 * language's file of the same name when the translation has no such
 * file or page and the default language has. */
static char *shared(const struct resolver *R, char *rel)
{
	size_t n = R->sub ? strlen(R->sub) : 0;
	if (rel == NULL || n == 0 || strncmp(rel, R->sub, n) != 0)
		return rel;
	char *path = fs_join(R->dir, rel);
	int mine = fs_exists(path) || strmap_get(R->outs, rel) != NULL;
	free(path);
	if (mine)
		return rel;
	path = fs_join(R->dir, rel + n);
	int theirs = fs_exists(path) ||
		     (R->base_outs && strmap_get(R->base_outs, rel + n));
	free(path);
	if (!theirs)
		return rel;
	char *s = xstrdup(rel + n);
	free(rel);
	return s;
}

static void record_link(struct page *p, const char *url, const char *orig,
			int line, int col)
{
	p->links = xrealloc(p->links, (p->nlinks + 1) * sizeof *p->links);
	p->links[p->nlinks].url = xstrdup(url);
	p->links[p->nlinks].orig = xstrdup(orig);
	p->links[p->nlinks].line = line;
	p->links[p->nlinks].col = col;
	p->nlinks++;
}

static char *map_url(void *vctx, const struct md_node *n, const char *url,
		     int is_image)
{
	struct link_ctx *ctx = vctx;
	const struct resolver *R = ctx->R;
	struct page *p = ctx->page;
	int line = md_line(n), col = md_column(n);
	char *result = NULL;

	struct buf text = BUF_INIT; /* the link's text, the image's alt */
	md_plain_text(n, &text);
	if (is_image && strspn(buf_cstr(&text), " \t") == text.len)
		diag_error(R->d, p->src, line, col,
			   "image \"%s\" has no alt text (expected "
			   "![what the picture shows](%s))", url, url);
	/* Refused on purpose: a link to nowhere, not a silent no-op. */
	if (url[0] == '\0' && is_image)
		diag_error(R->d, p->src, line, col,
			   "image \"%s\" has an empty address (expected its "
			   "file between the parentheses, such as "
			   "![%s](images/photo.jpg))", buf_cstr(&text),
			   buf_cstr(&text));
	else if (url[0] == '\0')
		diag_error(R->d, p->src, line, col,
			   "link \"%s\" has an empty address: it would lead "
			   "nowhere (expected an address between the "
			   "parentheses, such as [%s](schedule.md), or the "
			   "words without a link)", buf_cstr(&text),
			   buf_cstr(&text));
	buf_free(&text);
	if (url[0] == '\0')
		return NULL;
	char *seen = url_as_browser(url);
	int scheme = has_scheme(seen), safe = md_url_is_safe(seen);
	free(seen);
	if (scheme) {
		if (!safe)
			diag_error(R->d, p->src, line, col,
				   "link to \"%s\" is not allowed (expected a "
				   "page's .md file, https://..., mailto: or tel:)",
				   url);
		else if (is_image)
			diag_error(R->d, p->src, line, col,
				   "image \"%s\" is on another site: patients' "
				   "browsers must not load anything from "
				   "elsewhere (expected a file under content/)",
				   url);
		record_link(p, url, url, line, col);
		return NULL;
	}
	if (url[0] == '/') {
		diag_error(R->d, p->src, line, col,
			   "address \"%s\" starts with \"/\": it would break "
			   "when the site is opened from disk or a sub-folder "
			   "(expected a relative link such as schedule.md)",
			   url);
		return NULL;
	}
	if (url[0] == '#') {
		record_link(p, url, url, line, col);
		return NULL;
	}
	/* Split off "#fragment" and "?query". */
	size_t plen = strcspn(url, "#?");
	char *target = path_url_decode(url, plen);
	const char *rest = url + plen;
	char *dir = path_dirname(rel_src(R, p));
	char *rel = shared(R, path_resolve(dir, target));
	free(dir);
	char *path = rel ? fs_join(R->dir, rel) : NULL;
	int in_content = path != NULL && fs_is_file(path);
	free(path);
	if (rel != NULL && path_has_suffix(rel, ".md")) {
		const char *to = strmap_get(R->outs, rel);
		if (to == NULL && R->base_outs != NULL)
			to = strmap_get(R->base_outs, rel);
		if (to == NULL && in_content && !is_image) {
			/* A .md file that is not a page: the link check
			 * reports the link. */
		} else if (to == NULL || is_image) {
			diag_error(R->d, p->src, line, col,
				   "link to \"%s\": no such page (expected the "
				   ".md file of a page, such as schedule.md or "
				   "exercises/chest-stretch.md)", url);
		} else {
			char *u = path_rel_url(p->out, to);
			result = xasprintf("%s%s", u, rest);
			free(u);
		}
	} else if (in_content || is_image) {
		/* A file of the content folder (a picture): copied into the
		 * site.  Images must be files of content/. */
		const char *out = NULL;
		if (rel == NULL)
			diag_error(R->d, p->src, line, col,
				   "image \"%s\" points outside the content "
				   "folder", url);
		else
			out = add_asset(R, p, rel, line, col,
					is_image ? "image" : "file", NULL);
		if (out != NULL) {
			char *u = path_rel_url(p->out, out);
			result = xasprintf("%s%s", u, rest);
			free(u);
		}
	}
	/* Otherwise an address in the built site, relative to this page's
	 * place in it (such as ../exercise-sheet.pdf): the link check after
	 * rendering says whether it resolves. */
	record_link(p, result ? result : url, url, line, col);
	free(rel);
	free(target);
	return result;
}

/* ---- HTML written in the Markdown ---- */

/* One node of raw HTML being checked. */
struct html_ctx {
	const struct resolver *R;
	struct page *page;
	const struct md_node *n;
	const char *html; /* its literal */
};

/* The file line and column of byte `at` of the HTML of c->n. */
static void html_place(const struct html_ctx *c, size_t at, int *line,
		       int *col)
{
	/* An HTML block's first line keeps its indent; its node's column
	 * is the '<'.  Later lines start where the first line does. */
	size_t indent = strspn(c->html, " \t");
	int base = md_column(c->n) - (int)indent;
	size_t bol = 0;
	*line = md_line(c->n);
	for (size_t i = 0; i < at; i++)
		if (c->html[i] == '\n') {
			(*line)++;
			bol = i + 1;
		}
	*col = base + (int)(at - bol);
}

static void html_refused(void *vctx, size_t at, const char *why)
{
	const struct html_ctx *c = vctx;
	int line, col;
	html_place(c, at, &line, &col);
	diag_error(c->R->d, c->page->src, line, col, "%s", why);
}

/* An href or src of kept HTML: the link check reports it at its line. */
static void html_address(void *vctx, size_t at, const char *url)
{
	const struct html_ctx *c = vctx;
	int line, col;
	html_place(c, at, &line, &col);
	record_link(c->page, url, url, line, col);
}

/* Raw HTML: without unsafe_html, cmark-gfm leaves it out of the page,
 * and the sheet prints none: an HTML block takes the text between its
 * tags with it, and that must not go without a word (a phone number...).
 * With unsafe_html, it is checked for what even then is refused. */
static void check_html(void *vctx, const struct md_node *n)
{
	struct link_ctx *lc = vctx;
	if (md_type(n) != MD_RAW_HTML)
		return;
	struct html_ctx c = {lc->R, lc->page, n, md_literal(n)};
	if (!md_html_kept(n)) {
		char *text = md_html_is_block(n)
			? rawhtml_text(c.html, strlen(c.html), 80) : NULL;
		if (text != NULL)
			diag_warning(c.R->d, c.page->src, md_line(n),
				     md_column(n), "HTML left out: \"%s\" (the "
				     "text of an HTML block is left out with its "
				     "tags: put blank lines between the tags and "
				     "the text to keep the text)", text);
		free(text);
		return;
	}
	struct rawhtml_visitor v = {html_refused, html_address, &c};
	rawhtml_check(c.html, strlen(c.html), &v);
}

/* image: + image_alt: (the one-picture form) become pictures[0]. */
static void one_picture_form(const struct resolver *R, struct page *p)
{
	struct exercise *e = p->ex;
	if (e->image == NULL) {
		if (e->image_alt != NULL)
			diag_error(R->d, p->src, e->image_alt_line, 0,
				   "\"image_alt\" without \"image\"");
		return;
	}
	if (e->npictures > 0) {
		diag_error(R->d, p->src, e->image_line, 0,
			   "both \"image\" and \"pictures\" are given "
			   "(expected one: \"image\" is the short form of a "
			   "\"pictures\" list with one item)");
		return;
	}
	if (e->image_alt == NULL) {
		diag_error(R->d, p->src, e->image_line, 0,
			   "image without \"image_alt\" (expected a short "
			   "description of the picture for people who cannot "
			   "see it)");
		return;
	}
	e->pictures = xcalloc(1, sizeof *e->pictures);
	e->npictures = 1;
	e->pictures[0].file = e->image;
	e->pictures[0].alt = e->image_alt;
	e->pictures[0].line = e->image_line;
	e->image = e->image_alt = NULL;
}

/* Find picture pic's file, check it is a picture we can show and print,
 * and register it to be copied into out/. */
static void resolve_picture(const struct resolver *R, struct page *p,
			    struct picture *pic)
{
	char *dir = path_dirname(rel_src(R, p));
	char *rel = shared(R, path_resolve(dir, pic->file));
	free(dir);
	const char *out = NULL;
	if (rel == NULL)
		diag_error(R->d, p->src, pic->line, 0,
			   "picture \"%s\" points outside the content folder",
			   pic->file);
	else
		out = add_asset(R, p, rel, pic->line, 0, "picture", pic);
	if (out != NULL) {
		pic->src = fs_join(R->dir, rel);
		free(pic->file);
		pic->file = xstrdup(out);
	}
	free(rel);
}

void resolve_page(const struct resolver *R, struct page *p)
{
	struct link_ctx ctx = {R, p};
	md_map_urls(p->body, map_url, &ctx);
	md_each(p->body, check_html, &ctx);
	if (p->ex == NULL)
		return;
	struct exercise *e = p->ex;
	one_picture_form(R, p);
	for (size_t i = 0; i < e->npictures; i++)
		if (e->pictures[i].src == NULL) /* (else the original's) */
			resolve_picture(R, p, &e->pictures[i]);
}
