/*
 * markdown.h: Markdown through cmark-gfm.  The only module that includes
 * cmark-gfm's headers.
 *
 * A struct md_doc owns one parsed body (tables, strikethrough, autolinks,
 * smart punctuation, UTF-8 validated, raw HTML omitted unless asked for).
 * Other modules see the tree through the read-only md_node view below,
 * rewrite link and image addresses through md_map_urls(), and get HTML
 * from md_render_html().  This module knows nothing about pages or sites.
 */
#ifndef PAMPHLET_MARKDOWN_H
#define PAMPHLET_MARKDOWN_H

#include <stddef.h>

#include "buf.h"

struct md_doc;
struct md_node; /* a node of a md_doc; valid while the doc lives */

enum md_type {
	MD_DOCUMENT,
	MD_PARAGRAPH,
	MD_HEADING,       /* md_heading_level() */
	MD_LIST,          /* md_list_ordered(), md_list_start() */
	MD_ITEM,
	MD_BLOCKQUOTE,
	MD_CODE_BLOCK,    /* md_literal() */
	MD_THEMATIC_BREAK,
	MD_TABLE,         /* children: MD_TABLE_ROW */
	MD_TABLE_ROW,     /* md_row_is_header(); children: MD_TABLE_CELL */
	MD_TABLE_CELL,
	MD_TEXT,          /* md_literal() */
	MD_CODE,          /* inline code: md_literal() */
	MD_SOFTBREAK,
	MD_LINEBREAK,
	MD_EMPH,
	MD_STRONG,
	MD_STRIKE,
	MD_LINK,          /* md_url(); children: the link text */
	MD_IMAGE,         /* md_url(); children: the alt text */
	MD_RAW_HTML,      /* raw HTML (omitted unless unsafe) */
	MD_OTHER,         /* anything else (footnotes...) */
};

/* Register cmark-gfm's extensions.  md_parse() does it when needed; call
 * it first when md_parse() is about to run on several threads. */
void md_init(void);

/* Parse UTF-8 Markdown; invalid bytes become U+FFFD.  line_offset is the
 * number of lines before text in its file, so md_line() gives true file
 * lines.  unsafe_html keeps raw HTML.  Each heading node gets its id
 * here (see md_render_html()).  Caller frees with md_free(). */
struct md_doc *md_parse(const char *text, size_t len, int line_offset,
			int unsafe_html);
void md_free(struct md_doc *doc); /* NULL is fine */

/* Keep of doc only what md_render_html() gives, and free its tree: for
 * a body that no backend lays out again (an exercise not on the printed
 * sheet: 10,000 trees are most of a big build's memory).  Afterwards
 * md_render_html() gives the same bytes, and md_root() is NULL. */
void md_seal(struct md_doc *doc);
/* A sealed doc's HTML (*len bytes, NUL-terminated), or NULL if doc is
 * not sealed: the same bytes md_render_html() appends, without a copy. */
const char *md_sealed_html(const struct md_doc *doc, size_t *len);

/* ---- the read-only tree ---- */
const struct md_node *md_root(const struct md_doc *doc);
const struct md_node *md_first_child(const struct md_node *n);
const struct md_node *md_next(const struct md_node *n);
const struct md_node *md_parent(const struct md_node *n);
enum md_type md_type(const struct md_node *n);
const char *md_literal(const struct md_node *n); /* "" when none */
const char *md_url(const struct md_node *n);     /* "" when none */
int md_heading_level(const struct md_node *n);
int md_list_ordered(const struct md_node *n);
int md_list_start(const struct md_node *n);
int md_list_tight(const struct md_node *n);
int md_row_is_header(const struct md_node *n);
/* Column alignment of table cell n: 'l', 'c', 'r' or 0 (none). */
int md_cell_align(const struct md_node *n);
/* File line and column where n starts (inline nodes: their block's). */
int md_line(const struct md_node *n);
int md_column(const struct md_node *n);
/* For MD_RAW_HTML: 1 for an HTML block (whole lines of HTML, text and
 * all), 0 for inline HTML (one tag, comment... inside a paragraph). */
int md_html_is_block(const struct md_node *n);
/* 1 if n's document keeps raw HTML in its pages (unsafe_html). */
int md_html_kept(const struct md_node *n);
/* Call fn for every node of doc, in document order. */
void md_each(const struct md_doc *doc,
	     void (*fn)(void *ctx, const struct md_node *n), void *ctx);
/* How deeply the document's nodes nest (the document itself is 1), and
 * its deepest node, for a limit that keeps every renderer's recursion
 * small. */
int md_depth(const struct md_doc *doc, const struct md_node **deepest);
/* Append the plain text of n and its descendants (soft breaks as spaces). */
void md_plain_text(const struct md_node *n, struct buf *out);

/* ---- changing addresses ---- */

/* Called for every link and image: return a new address (malloc'd, the
 * doc takes it) or NULL to keep it.  is_image tells which. */
typedef char *(*md_url_fn)(void *ctx, const struct md_node *n,
			   const char *url, int is_image);
void md_map_urls(struct md_doc *doc, md_url_fn fn, void *ctx);

/* 1 when url is safe to put in a page or a PDF: relative, #anchor,
 * http(s), mailto or tel. */
int md_url_is_safe(const char *url);

/* ---- HTML ---- */

/* Append the body as HTML.  Every heading carries its id (its text,
 * slugged, made unique within the doc with -2, -3...), written by the
 * heading node itself: raw HTML around it cannot take it. */
void md_render_html(const struct md_doc *doc, struct buf *out);

/* Where the steps start in html (len bytes: the doc's md_render_html()):
 * the offset of its first top-level numbered list, so that a page can
 * put the exercise's pictures just before it; 0 when there is none. */
size_t md_steps_at(const struct md_doc *doc, const char *html, size_t len);

/* The body split at its level-`level` headings (for the FAQ): the HTML
 * before the first such heading, then one section per heading. */
struct md_section {
	char *heading; /* its plain text */
	char *id;      /* its unique id */
	char *html;    /* everything up to the next such heading, as HTML */
	int line;      /* the heading's line */
};
/* Returns the number of sections; *intro and *sections are the caller's
 * to free (md_sections_free()). */
size_t md_split_sections(const struct md_doc *doc, int level, char **intro,
			 struct md_section **sections);
void md_sections_free(struct md_section *s, size_t n);

/* Frees cmark-gfm's extension registry; call once at exit. */
void md_shutdown(void);

#endif
