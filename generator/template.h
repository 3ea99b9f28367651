/*
 * template.h: pamphlet's small mustache-style template engine.
 *
 * Syntax (documented in README.md):
 *   {{name}}        the value, HTML-escaped (& < > " ')
 *   {{{name}}}      the value, raw (only for HTML pamphlet made itself)
 *   {{a.b}}         dotted lookup; {{.}} is the current list item
 *   {{#name}}..{{/name}}  section: repeated for each item of a list, shown
 *                   once for true / non-empty text / an object, skipped for
 *                   false, empty text and empty lists
 *   {{^name}}..{{/name}}  inverted: shown only when the section would not be
 *   {{> partial}}   the template TEMPLATES/partials/partial.html
 *   {{! comment}}   nothing
 * A tag alone on its line (sections, comments, partials) takes its line
 * with it, as in the mustache spec, so templates can be indented freely.
 *
 * Templates are compiled into a tree of operations before anything is
 * rendered.  Unclosed tags, unclosed or mismatched sections, empty names,
 * missing partials and partials nested deeper than TMPL_MAX_DEPTH are
 * errors at TEMPLATE:LINE:COL; an unknown variable is an error at the
 * tag's TEMPLATE:LINE:COL when rendered.
 *
 * This module knows nothing about pages or content: it gets values.
 */
#ifndef PAMPHLET_TEMPLATE_H
#define PAMPHLET_TEMPLATE_H

#include "buf.h"
#include "diag.h"

#define TMPL_MAX_DEPTH 32 /* partial and section nesting */

/* ---- values: what templates show ---- */

struct tval; /* text, a flag, a list or an object (key -> value) */

/* New values; the caller owns them until they are added to a list or
 * object, which then owns them.  tval_text copies s. */
struct tval *tval_text(const char *s);
struct tval *tval_text_n(const char *s, size_t len);
struct tval *tval_text_own(char *s); /* takes ownership of malloc'd s */
struct tval *tval_bool(int b);
struct tval *tval_list(void);
struct tval *tval_object(void);
/* list takes item. */
void tval_list_add(struct tval *list, struct tval *item);
/* obj takes v; key is copied; setting a key again replaces (frees) the old
 * value.  Returns v, for chaining into nested objects. */
struct tval *tval_set(struct tval *obj, const char *key, struct tval *v);
/* Shorthands: tval_set(obj, key, tval_text(s)) / tval_bool(b).
 * tval_set_text with s == NULL sets empty text. */
void tval_set_text(struct tval *obj, const char *key, const char *s);
/* The same without copies: key and s must outlive obj (a string literal
 * and text of the site model, in lists of thousands of items). */
void tval_set_ref(struct tval *obj, const char *key, const char *s);
/* tval_set() without copying key (a string literal). */
struct tval *tval_put(struct tval *obj, const char *key, struct tval *v);
void tval_set_bool(struct tval *obj, const char *key, int b);
/* obj shows v under key (a string literal) without owning it: v must
 * outlive obj and is not freed with it (a table every page shares). */
void tval_borrow(struct tval *obj, const char *key, const struct tval *v);
/* Number of items in a list (0 for anything else). */
size_t tval_list_len(const struct tval *list);
void tval_free(struct tval *v); /* NULL is fine */

/* ---- templates ---- */

struct tmpl_set; /* compiled templates of one folder, partials resolved */

/* Compile the templates names[0..n) (file names relative to dir, such as
 * "page.html") and every partial they use, each once.  Reports every
 * error found (not just the first) through d and returns NULL if there
 * was any.  Diagnostics name files as dir/name. Caller frees with
 * tmpl_set_free(). */
struct tmpl_set *tmpl_load(const char *dir, const char *const *names,
			   size_t n, struct diag *d);
void tmpl_set_free(struct tmpl_set *set); /* NULL is fine */

/* Compile one template from memory; partials are looked up in dir (may be
 * NULL: then any partial is an error).  For tests and fuzzing.  path is
 * the name used in diagnostics. */
struct tmpl_set *tmpl_load_string(const char *path, const char *text,
				  size_t len, const char *dir, struct diag *d);

/* Render template name (as given to tmpl_load; for tmpl_load_string, its
 * path) with ctx as the outermost context, appending to out.  Returns 0,
 * or -1 after reporting errors (out may then hold partial output). */
int tmpl_render(const struct tmpl_set *set, const char *name,
		const struct tval *ctx, struct buf *out, struct diag *d);

#endif
