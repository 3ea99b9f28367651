#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <cmark-gfm/registry.h>
#include <cmark-gfm/render.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slug.h"
#include "text.h"
#include "util.h"

/* Exported by the extensions library but declared in no header. */
extern cmark_node_type CMARK_NODE_TABLE, CMARK_NODE_TABLE_ROW,
	CMARK_NODE_TABLE_CELL, CMARK_NODE_STRIKETHROUGH;

struct md_doc {
	cmark_node *root;
	cmark_llist *exts; /* the syntax extensions the renderer needs */
	cmark_mem *mem;
	int line_offset;
	int options; /* cmark options used for rendering */
	char *html;  /* sealed (md_seal): its HTML, and root is NULL */
	size_t html_len;
	size_t steps_at; /* sealed: md_steps_at() */
};

#define N(n) ((cmark_node *)(void *)(n))
#define C(n) ((const struct md_node *)(void *)(n))

static pthread_mutex_t inline_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const ext_names[] = {"table", "strikethrough", "autolink"};

/* Ours, not a syntax: it only renders headings, with their ids. */
static cmark_syntax_extension *heading_ext;
static pthread_once_t heading_once = PTHREAD_ONCE_INIT;
static void render_heading(cmark_syntax_extension *ext,
			   cmark_html_renderer *r, cmark_node *h,
			   cmark_event_type ev, int options);

static void make_heading_ext(void)
{
	heading_ext = cmark_syntax_extension_new("pamphlet-heading-ids");
	cmark_syntax_extension_set_html_render_func(heading_ext,
						    render_heading);
}

void md_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	pthread_once(&heading_once, make_heading_ext);
}

/* ---- heading ids ---- */

/* The ids taken so far in a document, in document order (the headings
 * own them). */
struct ids {
	const char **v;
	size_t n;
};

/* A new id from base: base itself, or base-2, base-3... if taken. */
static char *unique_id(struct ids *taken, const char *base)
{
	const char *b = base[0] ? base : "section";
	char *id = xstrdup(b);
	for (int k = 2;; k++) {
		size_t i;
		for (i = 0; i < taken->n; i++)
			if (strcmp(taken->v[i], id) == 0)
				break;
		if (i == taken->n)
			break;
		free(id);
		id = xasprintf("%s-%d", b, k);
	}
	taken->v = xrealloc(taken->v, (taken->n + 1) * sizeof *taken->v);
	taken->v[taken->n++] = id;
	return id;
}

static void free_id(cmark_mem *mem, void *id)
{
	(void)mem;
	free(id);
}

/* Give every heading of the tree its id (its text, slugged, unique in
 * the document), as its user data, and render_heading() to show it:
 * the id goes on the heading node itself, whatever raw HTML (an "<h2>"
 * of its own) the page holds around it. */
static void give_heading_ids(cmark_node *root)
{
	struct ids taken = {NULL, 0};
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *h = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(h) != CMARK_NODE_HEADING)
			continue;
		struct buf text = BUF_INIT;
		md_plain_text(C(h), &text);
		char *base = slugify(buf_cstr(&text), text.len);
		cmark_node_set_user_data(h, unique_id(&taken, base));
		cmark_node_set_user_data_free_func(h, free_id);
		cmark_node_set_syntax_extension(h, heading_ext);
		free(base);
		buf_free(&text);
	}
	cmark_iter_free(it);
	free(taken.v);
}

/* cmark-gfm's HTML for a heading, with id="..." (html.c's own, else). */
static void render_heading(cmark_syntax_extension *ext,
			   cmark_html_renderer *r, cmark_node *h,
			   cmark_event_type ev, int options)
{
	(void)ext;
	(void)options;
	char tag[16];
	int level = cmark_node_get_heading_level(h);
	if (ev == CMARK_EVENT_ENTER) {
		if (r->html->size > 0 && r->html->ptr[r->html->size - 1] != '\n')
			cmark_strbuf_putc(r->html, '\n');
		snprintf(tag, sizeof tag, "<h%d id=\"", level);
		cmark_strbuf_puts(r->html, tag);
		/* A slug: letters, digits and '-', nothing to escape. */
		cmark_strbuf_puts(r->html, cmark_node_get_user_data(h));
		cmark_strbuf_puts(r->html, "\">");
	} else {
		snprintf(tag, sizeof tag, "</h%d>\n", level);
		cmark_strbuf_puts(r->html, tag);
	}
}

/* The text of the tree in NFC (text.h): a letter and its combining
 * accents as one character, however the file spelled them.  After
 * parsing, so the Markdown is read as it was written and source
 * positions stay true; addresses are left as they are (they name files).
 * cmark_parser_finish() has merged adjacent text nodes, so a mark after
 * a character that might have been markup still composes ("<" + U+0338
 * is "≮"). */
static void normalise(cmark_node *root)
{
	struct buf b = BUF_INIT;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *s = NULL;
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE ||
		    t == CMARK_NODE_CODE_BLOCK)
			s = cmark_node_get_literal(n);
		else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)
			s = cmark_node_get_title(n);
		if (s == NULL)
			continue;
		buf_reset(&b);
		if (!text_nfc(&b, s, strlen(s)))
			continue;
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)
			cmark_node_set_title(n, buf_cstr(&b));
		else
			cmark_node_set_literal(n, buf_cstr(&b));
	}
	cmark_iter_free(it);
	buf_free(&b);
}

struct md_doc *md_parse(const char *text, size_t len, int line_offset,
			int unsafe_html)
{
	md_init();
	struct md_doc *doc = xcalloc(1, sizeof *doc);
	doc->mem = cmark_get_default_mem_allocator();
	doc->line_offset = line_offset;
	doc->options = CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8 |
		       CMARK_OPT_SOURCEPOS |
		       (unsafe_html ? CMARK_OPT_UNSAFE : 0);
	cmark_parser *p = cmark_parser_new(doc->options);
	for (size_t i = 0; i < ARRAY_LEN(ext_names); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(ext_names[i]);
		if (e != NULL) {
			cmark_parser_attach_syntax_extension(p, e);
			doc->exts = cmark_llist_append(doc->mem, doc->exts, e);
		}
	}
	cmark_parser_feed(p, text, len);
	/* cmark-gfm 0.29 parses inlines with global tables of special
	 * characters that each parser sets for its extensions ('~', ':'...)
	 * and clears when it is done: two parsers finishing at once on two
	 * threads would miss each other's strikethrough and autolinks.  So
	 * one at a time here; block parsing (the feed) runs in parallel. */
	pthread_mutex_lock(&inline_lock);
	doc->root = cmark_parser_finish(p);
	pthread_mutex_unlock(&inline_lock);
	/* What md_line() and md_html_kept() need of the doc. */
	cmark_node_set_user_data(doc->root, doc);
	cmark_parser_free(p);
	normalise(doc->root);
	give_heading_ids(doc->root);
	/* Source positions were only needed for md_line(). */
	doc->options &= ~CMARK_OPT_SOURCEPOS;
	return doc;
}

void md_free(struct md_doc *doc)
{
	if (doc == NULL)
		return;
	if (doc->root != NULL)
		cmark_node_free(doc->root);
	cmark_llist_free(doc->mem, doc->exts);
	free(doc->html);
	free(doc);
}

void md_shutdown(void)
{
	cmark_release_plugins();
	if (heading_ext != NULL)
		cmark_syntax_extension_free(cmark_get_default_mem_allocator(),
					    heading_ext);
	heading_ext = NULL;
}

const struct md_node *md_root(const struct md_doc *doc)
{
	return C(doc->root);
}

void md_seal(struct md_doc *doc)
{
	if (doc == NULL || doc->html != NULL)
		return;
	struct buf html = BUF_INIT;
	md_render_html(doc, &html);
	doc->steps_at = md_steps_at(doc, html.data != NULL ? html.data : "",
				    html.len);
	doc->html_len = html.len;
	doc->html = html.len > 0 ? buf_detach(&html) : xstrdup("");
	cmark_node_free(doc->root);
	doc->root = NULL;
}

const char *md_sealed_html(const struct md_doc *doc, size_t *len)
{
	if (doc == NULL || doc->html == NULL)
		return NULL;
	*len = doc->html_len;
	return doc->html;
}

const struct md_node *md_first_child(const struct md_node *n)
{
	return C(cmark_node_first_child(N(n)));
}

const struct md_node *md_next(const struct md_node *n)
{
	return C(cmark_node_next(N(n)));
}

const struct md_node *md_parent(const struct md_node *n)
{
	return C(cmark_node_parent(N(n)));
}

enum md_type md_type(const struct md_node *n)
{
	cmark_node_type t = cmark_node_get_type(N(n));
	switch (t) {
	case CMARK_NODE_DOCUMENT: return MD_DOCUMENT;
	case CMARK_NODE_PARAGRAPH: return MD_PARAGRAPH;
	case CMARK_NODE_HEADING: return MD_HEADING;
	case CMARK_NODE_LIST: return MD_LIST;
	case CMARK_NODE_ITEM: return MD_ITEM;
	case CMARK_NODE_BLOCK_QUOTE: return MD_BLOCKQUOTE;
	case CMARK_NODE_CODE_BLOCK: return MD_CODE_BLOCK;
	case CMARK_NODE_THEMATIC_BREAK: return MD_THEMATIC_BREAK;
	case CMARK_NODE_TEXT: return MD_TEXT;
	case CMARK_NODE_CODE: return MD_CODE;
	case CMARK_NODE_SOFTBREAK: return MD_SOFTBREAK;
	case CMARK_NODE_LINEBREAK: return MD_LINEBREAK;
	case CMARK_NODE_EMPH: return MD_EMPH;
	case CMARK_NODE_STRONG: return MD_STRONG;
	case CMARK_NODE_LINK: return MD_LINK;
	case CMARK_NODE_IMAGE: return MD_IMAGE;
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE: return MD_RAW_HTML;
	default: break;
	}
	/* The extension types are variables, not constants. */
	if (t == CMARK_NODE_TABLE) return MD_TABLE;
	if (t == CMARK_NODE_TABLE_ROW) return MD_TABLE_ROW;
	if (t == CMARK_NODE_TABLE_CELL) return MD_TABLE_CELL;
	if (t == CMARK_NODE_STRIKETHROUGH) return MD_STRIKE;
	return MD_OTHER;
}

const char *md_literal(const struct md_node *n)
{
	const char *s = cmark_node_get_literal(N(n));
	return s ? s : "";
}

const char *md_url(const struct md_node *n)
{
	const char *s = cmark_node_get_url(N(n));
	return s ? s : "";
}

int md_heading_level(const struct md_node *n)
{
	return cmark_node_get_heading_level(N(n));
}

int md_list_ordered(const struct md_node *n)
{
	return cmark_node_get_list_type(N(n)) == CMARK_ORDERED_LIST;
}

int md_list_start(const struct md_node *n)
{
	return cmark_node_get_list_start(N(n));
}

int md_list_tight(const struct md_node *n)
{
	return cmark_node_get_list_tight(N(n));
}

int md_row_is_header(const struct md_node *n)
{
	return cmark_gfm_extensions_get_table_row_is_header(N(n));
}

int md_cell_align(const struct md_node *n)
{
	cmark_node *row = cmark_node_parent(N(n));
	cmark_node *table = row ? cmark_node_parent(row) : NULL;
	if (table == NULL)
		return 0;
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(table);
	int ncols = cmark_gfm_extensions_get_table_columns(table);
	int col = 0;
	for (cmark_node *c = cmark_node_first_child(row); c && c != N(n);
	     c = cmark_node_next(c))
		col++;
	if (al == NULL || col >= ncols)
		return 0;
	return al[col];
}

/* The nearest block (inline nodes carry no reliable position). */
static cmark_node *block_of(cmark_node *n)
{
	while (n != NULL && cmark_node_get_start_line(n) == 0)
		n = cmark_node_parent(n);
	return n;
}

/* The doc n belongs to: md_parse() keeps it as the root's user data. */
static const struct md_doc *doc_of(const struct md_node *n)
{
	cmark_node *root = N(n);
	while (cmark_node_parent(root) != NULL)
		root = cmark_node_parent(root);
	return cmark_node_get_user_data(root);
}

int md_line(const struct md_node *n)
{
	cmark_node *b = block_of(N(n));
	int off = doc_of(n)->line_offset;
	return b ? cmark_node_get_start_line(b) + off : off + 1;
}

int md_column(const struct md_node *n)
{
	cmark_node *b = block_of(N(n));
	return b ? cmark_node_get_start_column(b) : 1;
}

int md_html_is_block(const struct md_node *n)
{
	return cmark_node_get_type(N(n)) == CMARK_NODE_HTML_BLOCK;
}

int md_html_kept(const struct md_node *n)
{
	return (doc_of(n)->options & CMARK_OPT_UNSAFE) != 0;
}

void md_each(const struct md_doc *doc,
	     void (*fn)(void *ctx, const struct md_node *n), void *ctx)
{
	cmark_iter *it = cmark_iter_new(doc->root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER)
			fn(ctx, C(cmark_iter_get_node(it)));
	cmark_iter_free(it);
}

int md_depth(const struct md_doc *doc, const struct md_node **deepest)
{
	/* Counting each node's ancestors, capped just past any sane limit,
	 * keeps this linear without knowing which types are leaves. */
	enum { CAP = 1000 };
	cmark_iter *it = cmark_iter_new(doc->root);
	cmark_event_type ev;
	int max = 0;
	*deepest = C(doc->root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *c = cmark_iter_get_node(it);
		int d = 1;
		for (cmark_node *p = cmark_node_parent(c); p && d < CAP;
		     p = cmark_node_parent(p))
			d++;
		if (d > max) {
			max = d;
			*deepest = C(c);
			if (max >= CAP)
				break;
		}
	}
	cmark_iter_free(it);
	return max;
}

void md_plain_text(const struct md_node *n, struct buf *out)
{
	cmark_iter *it = cmark_iter_new(N(n));
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *c = cmark_iter_get_node(it);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(out, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

void md_map_urls(struct md_doc *doc, md_url_fn fn, void *ctx)
{
	cmark_iter *it = cmark_iter_new(doc->root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(c);
		if (ev != CMARK_EVENT_ENTER ||
		    (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE))
			continue;
		const char *url = cmark_node_get_url(c);
		char *now = fn(ctx, C(c), url ? url : "", t == CMARK_NODE_IMAGE);
		if (now != NULL) {
			cmark_node_set_url(c, now);
			free(now);
		}
	}
	cmark_iter_free(it);
}

int md_url_is_safe(const char *url)
{
	/* A scheme is letters, digits, + - . before the first ':'. */
	size_t i = 0;
	while (url[i] && url[i] != ':' && url[i] != '/' && url[i] != '?' &&
	       url[i] != '#')
		i++;
	if (url[i] != ':')
		return 1; /* no scheme: relative */
	return str_has_prefix_nocase(url, "http:") ||
	       str_has_prefix_nocase(url, "https:") ||
	       str_has_prefix_nocase(url, "mailto:") ||
	       str_has_prefix_nocase(url, "tel:");
}

/* ---- HTML ---- */

/* Append the HTML of node n (a block, and what it holds) to out. */
static void render_node(const struct md_doc *doc, cmark_node *n,
			struct buf *out)
{
	char *html = cmark_render_html(n, doc->options, doc->exts);
	buf_puts(out, html);
	cmark_get_default_mem_allocator()->free(html);
}

void md_render_html(const struct md_doc *doc, struct buf *out)
{
	if (doc->html != NULL) {
		buf_put(out, doc->html, doc->html_len);
		return;
	}
	render_node(doc, doc->root, out);
}

size_t md_steps_at(const struct md_doc *doc, const char *html, size_t len)
{
	if (doc->root == NULL)
		return doc->html != NULL ? doc->steps_at : 0;
	struct buf before = BUF_INIT;
	cmark_node *c;
	for (c = cmark_node_first_child(doc->root); c != NULL;
	     c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) == CMARK_NODE_LIST &&
		    cmark_node_get_list_type(c) == CMARK_ORDERED_LIST)
			break;
		render_node(doc, c, &before);
	}
	/* Rendered alone, the blocks before the list give the same bytes
	 * as in the whole body: checked, so the cut is never mid-tag. */
	size_t at = c != NULL && before.len <= len &&
				    memcmp(html, before.data ? before.data : "",
					   before.len) == 0
			    ? before.len
			    : 0;
	buf_free(&before);
	return at;
}

size_t md_split_sections(const struct md_doc *doc, int level, char **intro,
			 struct md_section **sections)
{
	struct buf cur = BUF_INIT;
	struct md_section *s = NULL;
	size_t n = 0;
	*intro = NULL;
	for (cmark_node *c = cmark_node_first_child(doc->root); c;
	     c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(c) == level) {
			if (n == 0)
				*intro = buf_detach(&cur);
			else
				s[n - 1].html = buf_detach(&cur);
			s = xrealloc(s, (n + 1) * sizeof *s);
			struct buf text = BUF_INIT;
			md_plain_text(C(c), &text);
			s[n].heading = buf_detach(&text);
			s[n].id = xstrdup(cmark_node_get_user_data(c));
			s[n].html = NULL;
			s[n].line = md_line(C(c));
			n++;
			continue;
		}
		render_node(doc, c, &cur);
	}
	if (n == 0)
		*intro = buf_detach(&cur);
	else
		s[n - 1].html = buf_detach(&cur);
	*sections = s;
	return n;
}

void md_sections_free(struct md_section *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].heading);
		free(s[i].id);
		free(s[i].html);
	}
	free(s);
}
