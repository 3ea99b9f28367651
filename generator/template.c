/*
 * template.c: the mustache-style template engine described in template.h.
 *
 * A template is compiled once into a flat array of operations (struct op).
 * Sections keep their body inline, directly after the section's op, and
 * record in `end` the index just past it, so the array is a tree that can
 * be walked without pointers: render_ops(begin, end) renders one level and
 * recurses into bodies.  Rendering never looks at the source again.
 *
 * Ownership:
 *   struct tmpl_set owns its struct tmpl's (array of pointers, so pointers
 *   to a tmpl stay valid while partials are appended during compilation).
 *   struct tmpl owns its name, path, source text and ops.
 *   struct op owns its name and parts strings; OP_TEXT ops point into the
 *   source text of their tmpl.
 *   struct tval owns its text, list items, object keys and values.
 *   Render state (struct render) owns only its two scratch arrays.
 *
 * Partials are referenced by index in the set, added the first time a
 * {{> name}} mentions them and read and compiled later by the same loop
 * that compiles the named templates, so each is compiled once and loading
 * never recurses (a partial including itself cannot loop at load time).
 * At render time partial nesting is capped at TMPL_MAX_DEPTH, which stops
 * self-inclusion with an error instead of a stack overflow.
 */
#include "template.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "util.h"

/* Templates bigger than this are surely a mistake; it also keeps line and
 * column numbers well inside an int. */
#define TMPL_MAX_SIZE ((size_t)16 << 20)

/* Most work one render may do: sections over lists nested in sections
 * over lists multiply (3 items nested 20 deep: 3^20 bodies), and a
 * mistake like that must end with an error, not hours and gigabytes. */
#ifndef TMPL_MAX_STEPS /* the fuzz build lowers it */
#define TMPL_MAX_STEPS 2000000             /* ops rendered */
#endif
#define TMPL_MAX_OUTPUT ((size_t)256 << 20) /* bytes appended */

/* Errors reported for one template before giving up on it. */
#define TMPL_MAX_ERRORS 20

/* ---- values ---- */

enum tval_kind { TV_TEXT, TV_BOOL, TV_LIST, TV_OBJECT };

struct tval_pair {
	const char *key;
	char *own_key; /* key, when it is a copy; NULL: the caller's
			* (tval_put, tval_set_ref) */
	struct tval *val;
	int borrowed; /* 1: val is the caller's (tval_borrow), not freed */
};

struct tval {
	enum tval_kind kind;
	int flag;                /* TV_BOOL */
	const char *text;        /* TV_TEXT: NUL-terminated, len bytes */
	char *own_text;          /* TV_TEXT: text, when it is ours; NULL: the
				  * caller's (tval_set_ref) */
	size_t len;              /* TV_TEXT: bytes; TV_LIST, TV_OBJECT: entries */
	size_t cap;              /* TV_LIST, TV_OBJECT: entries allocated */
	struct tval **items;     /* TV_LIST */
	struct tval_pair *pairs; /* TV_OBJECT, in insertion order */
};

/* Calling the value API on the wrong kind is a bug in pamphlet, not a
 * problem with the input: stop loudly rather than render something wrong. */
static void misuse(const char *fn, const char *what)
{
	fprintf(stderr, "pamphlet: internal error: %s: %s\n", fn, what);
	abort();
}

static struct tval *tval_new(enum tval_kind kind)
{
	struct tval *v = xcalloc(1, sizeof *v);
	v->kind = kind;
	return v;
}

struct tval *tval_text_n(const char *s, size_t len)
{
	struct tval *v = tval_new(TV_TEXT);
	if (s == NULL)
		len = 0;
	v->text = v->own_text = xstrndup(s != NULL ? s : "", len);
	v->len = len;
	return v;
}

struct tval *tval_text(const char *s)
{
	return tval_text_n(s, s != NULL ? strlen(s) : 0);
}

struct tval *tval_text_own(char *s)
{
	if (s == NULL)
		return tval_text("");
	struct tval *v = tval_new(TV_TEXT);
	v->text = v->own_text = s;
	v->len = strlen(s);
	return v;
}

struct tval *tval_bool(int b)
{
	struct tval *v = tval_new(TV_BOOL);
	v->flag = b != 0;
	return v;
}

struct tval *tval_list(void)
{
	return tval_new(TV_LIST);
}

struct tval *tval_object(void)
{
	return tval_new(TV_OBJECT);
}

void tval_list_add(struct tval *list, struct tval *item)
{
	if (list == NULL || list->kind != TV_LIST)
		misuse("tval_list_add", "not a list");
	if (item == NULL || item == list)
		misuse("tval_list_add", "bad item");
	if (list->len == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 8;
		list->items =
			xrealloc(list->items, list->cap * sizeof *list->items);
	}
	list->items[list->len++] = item;
}

/* The value of key in obj, or NULL.  Linear: objects are small (a page has
 * some 30 keys) and strcmp mostly stops at the first byte. */
static const struct tval *obj_get(const struct tval *obj, const char *key)
{
	for (size_t i = 0; i < obj->len; i++)
		if (strcmp(obj->pairs[i].key, key) == 0)
			return obj->pairs[i].val;
	return NULL;
}

/* tval_set(), the key copied or not. */
static struct tval *set(struct tval *obj, const char *key, struct tval *v,
			int copy_key)
{
	if (obj == NULL || obj->kind != TV_OBJECT)
		misuse("tval_set", "not an object");
	if (key == NULL || v == NULL || v == obj)
		misuse("tval_set", "bad key or value");
	for (size_t i = 0; i < obj->len; i++) {
		if (strcmp(obj->pairs[i].key, key) != 0)
			continue;
		if (obj->pairs[i].val != v && !obj->pairs[i].borrowed)
			tval_free(obj->pairs[i].val);
		obj->pairs[i].val = v;
		obj->pairs[i].borrowed = 0;
		return v;
	}
	if (obj->len == obj->cap) {
		obj->cap = obj->cap ? obj->cap * 2 : 8;
		obj->pairs = xrealloc(obj->pairs, obj->cap * sizeof *obj->pairs);
	}
	obj->pairs[obj->len].own_key = copy_key ? xstrdup(key) : NULL;
	obj->pairs[obj->len].key = copy_key ? obj->pairs[obj->len].own_key
					    : key;
	obj->pairs[obj->len].val = v;
	obj->pairs[obj->len].borrowed = 0;
	obj->len++;
	return v;
}

void tval_borrow(struct tval *obj, const char *key, const struct tval *v)
{
	/* (set() only stores v; the flag keeps tval_free() off it.) */
	set(obj, key, (struct tval *)v, 0);
	for (size_t i = 0; i < obj->len; i++)
		if (obj->pairs[i].val == v)
			obj->pairs[i].borrowed = 1;
}

struct tval *tval_set(struct tval *obj, const char *key, struct tval *v)
{
	return set(obj, key, v, 1);
}

void tval_set_text(struct tval *obj, const char *key, const char *s)
{
	tval_set(obj, key, tval_text(s));
}

void tval_set_ref(struct tval *obj, const char *key, const char *s)
{
	if (s == NULL) {
		set(obj, key, tval_text(""), 0);
		return;
	}
	struct tval *v = tval_new(TV_TEXT);
	v->text = s; /* (own_text stays NULL: not ours to free) */
	v->len = strlen(s);
	set(obj, key, v, 0);
}

struct tval *tval_put(struct tval *obj, const char *key, struct tval *v)
{
	return set(obj, key, v, 0);
}

void tval_set_bool(struct tval *obj, const char *key, int b)
{
	tval_set(obj, key, tval_bool(b));
}

size_t tval_list_len(const struct tval *list)
{
	return list != NULL && list->kind == TV_LIST ? list->len : 0;
}

void tval_free(struct tval *v)
{
	if (v == NULL)
		return;
	switch (v->kind) {
	case TV_TEXT:
		free(v->own_text);
		break;
	case TV_BOOL:
		break;
	case TV_LIST:
		for (size_t i = 0; i < v->len; i++)
			tval_free(v->items[i]);
		free(v->items);
		break;
	case TV_OBJECT:
		for (size_t i = 0; i < v->len; i++) {
			free(v->pairs[i].own_key);
			if (!v->pairs[i].borrowed)
				tval_free(v->pairs[i].val);
		}
		free(v->pairs);
		break;
	}
	free(v);
}

/* "text", "a list"...: for messages such as ""x" is a list". */
static const char *tval_kind_name(const struct tval *v)
{
	switch (v->kind) {
	case TV_TEXT: return "text";
	case TV_BOOL: return "true/false";
	case TV_LIST: return "a list";
	case TV_OBJECT: return "an object";
	}
	return "?";
}

/* Whether {{#x}} shows its body (at least once). */
static int tval_truthy(const struct tval *v)
{
	switch (v->kind) {
	case TV_TEXT: return v->len > 0;
	case TV_BOOL: return v->flag;
	case TV_LIST: return v->len > 0;
	case TV_OBJECT: return 1;
	}
	return 0;
}

/* ---- compiled templates ---- */

enum op_kind { OP_TEXT, OP_VAR, OP_RAW, OP_SECTION, OP_INVERTED, OP_PARTIAL };

struct op {
	enum op_kind kind;
	int line, col;    /* of the tag's "{{", for render-time errors */
	const char *text; /* OP_TEXT: bytes in the tmpl's src */
	size_t len;       /* OP_TEXT */
	char *name;       /* tags: the name as written, for messages */
	/* OP_VAR..OP_INVERTED: name split at '.' into nparts NUL-terminated
	 * strings, one after the other; NULL and 0 for "." */
	char *parts;
	size_t nparts;
	size_t end;     /* OP_SECTION, OP_INVERTED: index just past the body */
	size_t partial; /* OP_PARTIAL: index in set->tmpls */
};

struct tmpl {
	char *name;     /* as given to tmpl_load, or the partial's name */
	char *path;     /* for diagnostics and reading */
	int is_partial; /* separate name space from the named templates */
	char *src;      /* NULL until read */
	size_t srclen;
	struct op *ops;
	size_t nops, capops;
	/* Partials: the first {{> }} that asked for it, where a missing file
	 * is reported. */
	size_t ref_from;
	int ref_line, ref_col;
};

struct tmpl_set {
	char *dir; /* NULL for tmpl_load_string without a folder */
	struct tmpl **tmpls;
	size_t n, cap;
};

static void tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nops; i++) {
		free(t->ops[i].name);
		free(t->ops[i].parts);
	}
	free(t->ops);
	free(t->src);
	free(t->name);
	free(t->path);
	free(t);
}

void tmpl_set_free(struct tmpl_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->n; i++)
		tmpl_free(set->tmpls[i]);
	free(set->tmpls);
	free(set->dir);
	free(set);
}

/* Add t (now owned by set); returns its index. */
static size_t set_add(struct tmpl_set *set, struct tmpl *t)
{
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 8;
		set->tmpls = xrealloc(set->tmpls, set->cap * sizeof *set->tmpls);
	}
	set->tmpls[set->n] = t;
	return set->n++;
}

/* ---- compiling ---- */

struct open_sec {
	size_t op; /* index of the OP_SECTION / OP_INVERTED */
	int line, col;
};

struct compiler {
	struct tmpl_set *set;
	size_t ti; /* index of t in set */
	struct tmpl *t;
	struct diag *d;
	/* locate()'s memory: the line and column of byte loc_pos */
	size_t loc_pos;
	int loc_line, loc_col;
	struct open_sec *open; /* sections open at this point, outermost first */
	size_t nopen, capopen;
	int too_deep; /* the nesting error was reported (once is enough) */
	int errors;
};

/* Line and column (1-based; columns count UTF-8 characters, that is
 * bytes other than continuation bytes) of byte pos.  The scanner asks
 * for ever later positions, so counting on from the last answer keeps
 * the whole compile linear, even for thousands of tags on one line. */
static void locate(struct compiler *c, size_t pos, int *line, int *col)
{
	const char *s = c->t->src;
	if (pos < c->loc_pos) { /* going back: never done, but stay right */
		c->loc_pos = 0;
		c->loc_line = c->loc_col = 1;
	}
	int ln = c->loc_line, cl = c->loc_col;
	for (size_t i = c->loc_pos; i < pos; i++) {
		if (s[i] == '\n') {
			ln++;
			cl = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			cl++;
		}
	}
	c->loc_pos = pos;
	c->loc_line = *line = ln;
	c->loc_col = *col = cl;
}

static void cerr(struct compiler *c, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void cerr(struct compiler *c, int line, int col, const char *fmt, ...)
{
	/* Past the limit, errors are only counted: the rest is most likely
	 * one mistake echoing on (or a file that is no template at all). */
	if (c->errors++ >= TMPL_MAX_ERRORS)
		return;
	va_list ap;
	va_start(ap, fmt);
	diag_verror(c->d, c->t->path, line, col, fmt, ap);
	va_end(ap);
	if (c->errors == TMPL_MAX_ERRORS)
		diag_error(c->d, c->t->path, 0, 0,
			   "too many errors (%d), giving up on this template",
			   TMPL_MAX_ERRORS);
}

/* Append an op; returns its index (ops move when the array grows). */
static size_t new_op(struct compiler *c, enum op_kind kind, int line, int col)
{
	struct tmpl *t = c->t;
	if (t->nops == t->capops) {
		t->capops = t->capops ? t->capops * 2 : 16;
		t->ops = xrealloc(t->ops, t->capops * sizeof *t->ops);
	}
	struct op *op = &t->ops[t->nops];
	memset(op, 0, sizeof *op);
	op->kind = kind;
	op->line = line;
	op->col = col;
	return t->nops++;
}

static void emit_text(struct compiler *c, size_t from, size_t to)
{
	if (to <= from)
		return;
	size_t i = new_op(c, OP_TEXT, 0, 0);
	c->t->ops[i].text = c->t->src + from;
	c->t->ops[i].len = to - from;
}

static int is_name_byte(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ||
	       ch >= 0x80; /* UTF-8 letters in keys are fine */
}

/* "." or parts of name bytes joined by single dots. */
static int valid_name(const char *s, size_t n)
{
	if (n == 1 && s[0] == '.')
		return 1;
	size_t partlen = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (partlen == 0)
				return 0;
			partlen = 0;
		} else if (is_name_byte((unsigned char)s[i])) {
			partlen++;
		} else {
			return 0;
		}
	}
	return partlen > 0;
}

/* Folders and a file name below partials/, never leaving it: no leading
 * '/', no "." or ".." component. */
static int valid_partial_name(const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '/') {
			if (!is_name_byte((unsigned char)s[i]) && s[i] != '.')
				return 0;
			continue;
		}
		size_t len = i - start;
		if (len == 0 || (len == 1 && s[start] == '.') ||
		    (len == 2 && s[start] == '.' && s[start + 1] == '.'))
			return 0;
		start = i + 1;
	}
	return 1;
}

/* Give op its name and, for lookups, the name split into parts. */
static void set_name(struct op *op, const char *s, size_t n)
{
	op->name = xstrndup(s, n);
	if (n == 1 && s[0] == '.')
		return;
	op->parts = xstrndup(s, n);
	op->nparts = 1;
	for (size_t i = 0; i < n; i++) {
		if (op->parts[i] == '.') {
			op->parts[i] = '\0';
			op->nparts++;
		}
	}
}

/* 1 if the NUL-terminated s is exactly name[0..n), which may hold NULs
 * (a template is any bytes): strncmp() would stop at the first one. */
static int same_name(const char *s, const char *name, size_t n)
{
	return strlen(s) == n && memcmp(s, name, n) == 0;
}

/* The index of partial name in the set, added (not yet read) if new. */
static size_t partial_ref(struct compiler *c, const char *name, size_t n,
			  int line, int col)
{
	struct tmpl_set *set = c->set;
	for (size_t i = 0; i < set->n; i++) {
		const struct tmpl *t = set->tmpls[i];
		if (t->is_partial && same_name(t->name, name, n))
			return i;
	}
	struct tmpl *t = xcalloc(1, sizeof *t);
	t->name = xstrndup(name, n);
	t->is_partial = 1;
	char *rel = xasprintf("partials/%s.html", t->name);
	t->path = fs_join(set->dir, rel);
	free(rel);
	t->ref_from = c->ti;
	t->ref_line = line;
	t->ref_col = col;
	return set_add(set, t);
}

static void open_section(struct compiler *c, size_t op, int line, int col)
{
	if (c->nopen >= TMPL_MAX_DEPTH && !c->too_deep) {
		cerr(c, line, col, "sections nested more than %d deep",
		     TMPL_MAX_DEPTH);
		c->too_deep = 1;
	}
	/* Keep tracking past the limit (on the heap), so the closing tags
	 * still match and cause no further errors. */
	if (c->nopen == c->capopen) {
		c->capopen = c->capopen ? c->capopen * 2 : 16;
		c->open = xrealloc(c->open, c->capopen * sizeof *c->open);
	}
	c->open[c->nopen].op = op;
	c->open[c->nopen].line = line;
	c->open[c->nopen].col = col;
	c->nopen++;
}

static void close_section(struct compiler *c, const char *name, size_t n,
			  int line, int col)
{
	struct op *ops = c->t->ops;
	if (c->nopen == 0) {
		cerr(c, line, col, "{{/%.*s}} closes nothing: no section is open",
		     (int)n, name);
		return;
	}
	/* k: how many sections stay open once the matching one is closed,
	 * plus one; 0 when none matches. */
	size_t k = c->nopen;
	while (k > 0) {
		const char *open = ops[c->open[k - 1].op].name;
		if (same_name(open, name, n))
			break;
		k--;
	}
	if (k != c->nopen) {
		cerr(c, line, col, "expected {{/%s}}, found {{/%.*s}}",
		     ops[c->open[c->nopen - 1].op].name, (int)n, name);
		/* Matching nothing open: a stray tag, drop it.  Matching an
		 * outer section: the inner ones end here too, which keeps
		 * one typo from causing errors until the end of the file. */
		if (k == 0)
			return;
	}
	for (size_t j = k - 1; j < c->nopen; j++)
		ops[c->open[j].op].end = c->t->nops;
	c->nopen = k - 1;
}

/* The tag printed with no name, such as "{{#}}", for messages. */
static const char *empty_tag(int sigil)
{
	switch (sigil) {
	case '{': return "{{{}}}";
	case '&': return "{{&}}";
	case '#': return "{{#}}";
	case '^': return "{{^}}";
	case '/': return "{{/}}";
	case '>': return "{{>}}";
	default: return "{{}}";
	}
}

/* One tag: sigil is the byte after "{{" that gives its kind, or 0. */
static void do_tag(struct compiler *c, int sigil, const char *name, size_t n,
		   int line, int col)
{
	if (sigil == '!')
		return;
	if (sigil == '=') {
		cerr(c, line, col,
		     "changing delimiters with {{=...=}} is not supported");
		return;
	}
	if (n == 0) {
		cerr(c, line, col, "empty tag %s: expected a name",
		     empty_tag(sigil));
		return;
	}
	if (sigil == '/') {
		close_section(c, name, n, line, col);
		return;
	}
	if (sigil == '>') {
		if (!valid_partial_name(name, n)) {
			cerr(c, line, col,
			     "bad partial name \"%.*s\": use letters, digits, "
			     "\"_\", \"-\" and \".\", with \"/\" between "
			     "folders",
			     (int)n, name);
			return;
		}
		if (c->set->dir == NULL) {
			cerr(c, line, col,
			     "partial \"%.*s\" cannot be loaded: no template "
			     "folder given",
			     (int)n, name);
			return;
		}
		size_t p = partial_ref(c, name, n, line, col);
		size_t i = new_op(c, OP_PARTIAL, line, col);
		c->t->ops[i].name = xstrndup(name, n);
		c->t->ops[i].partial = p;
		return;
	}
	/* Bad names still get their op (the set is dropped anyway), so a
	 * section with a bad name still pairs with its closing tag. */
	if (!valid_name(name, n))
		cerr(c, line, col,
		     "bad name \"%.*s\": use letters, digits, \"_\" and \"-\", "
		     "with \".\" between parts",
		     (int)n, name);
	enum op_kind kind = OP_VAR;
	if (sigil == '{' || sigil == '&')
		kind = OP_RAW;
	else if (sigil == '#')
		kind = OP_SECTION;
	else if (sigil == '^')
		kind = OP_INVERTED;
	size_t i = new_op(c, kind, line, col);
	set_name(&c->t->ops[i], name, n);
	if (kind == OP_SECTION || kind == OP_INVERTED)
		open_section(c, i, line, col);
}

/* Index of the next "{{" at or after from, or len. */
static size_t find_open(const char *s, size_t len, size_t from)
{
	while (from + 1 < len) {
		const char *p = memchr(s + from, '{', len - from - 1);
		if (p == NULL)
			break;
		from = (size_t)(p - s);
		if (s[from + 1] == '{')
			return from;
		from++;
	}
	return len;
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Compile set->tmpls[ti], whose src is read.  Returns 0 or -1 after
 * reporting every error found. */
static int compile(struct tmpl_set *set, size_t ti, struct diag *d)
{
	struct compiler c;
	memset(&c, 0, sizeof c);
	c.set = set;
	c.ti = ti;
	c.t = set->tmpls[ti];
	c.d = d;
	c.loc_line = c.loc_col = 1;

	const char *s = c.t->src;
	size_t len = c.t->srclen;
	size_t p = 0, text_start = 0;
	/* Names are C strings from here on: a NUL would cut them short. */
	const char *nul = memchr(s, '\0', len);
	if (nul != NULL) {
		int line, col;
		locate(&c, (size_t)(nul - s), &line, &col);
		cerr(&c, line, col,
		     "NUL byte in the template (is it a text file?)");
		return -1;
	}
	while (c.errors < TMPL_MAX_ERRORS) {
		size_t q = find_open(s, len, p);
		if (q >= len) {
			emit_text(&c, text_start, len);
			break;
		}
		int line, col;
		locate(&c, q, &line, &col);
		size_t b = q + 2, e;
		int sigil = 0;
		if (b < len && s[b] != '\0' && strchr("{&#^/>!=", s[b]) != NULL)
			sigil = s[b++];
		if (sigil == '!') {
			/* Comments may span lines: they end at the first "}}". */
			e = b;
			while (e + 1 < len && !(s[e] == '}' && s[e + 1] == '}'))
				e++;
			if (e + 1 >= len) {
				cerr(&c, line, col,
				     "unclosed comment: expected \"}}\"");
				break;
			}
		} else {
			/* Other tags stay on their line, so a forgotten "}}"
			 * is found where it happened, and scanning resumes
			 * there to find more errors. */
			e = b;
			while (e < len && s[e] != '\n' &&
			       !(e + 1 < len && s[e] == '}' && s[e + 1] == '}') &&
			       !(e + 1 < len && s[e] == '{' && s[e + 1] == '{'))
				e++;
			if (e >= len || s[e] != '}') {
				cerr(&c, line, col,
				     "unclosed tag: expected \"}}\"");
				p = q + 2;
				continue;
			}
		}
		size_t tag_end = e + 2;
		if (sigil == '{') {
			if (tag_end < len && s[tag_end] == '}')
				tag_end++;
			else
				cerr(&c, line, col,
				     "unclosed tag: expected \"}}}\"");
		}
		size_t nb = b, ne = e;
		while (nb < ne && is_blank(s[nb]))
			nb++;
		while (ne > nb && is_blank(s[ne - 1]))
			ne--;

		/* Standalone: a block tag alone on its line (but for blanks)
		 * takes the whole line with it, newline included. */
		size_t text_end = q, next = tag_end;
		if (sigil != 0 && sigil != '{' && sigil != '&') {
			size_t ls = q, le = tag_end, after = 0;
			int alone = 1;
			while (ls > text_start && is_blank(s[ls - 1]))
				ls--;
			if (ls > 0 && s[ls - 1] != '\n')
				alone = 0;
			while (le < len && is_blank(s[le]))
				le++;
			if (le == len)
				after = len;
			else if (s[le] == '\n')
				after = le + 1;
			else if (s[le] == '\r' && le + 1 < len &&
				 s[le + 1] == '\n')
				after = le + 2;
			else
				alone = 0;
			if (alone) {
				text_end = ls;
				next = after;
			}
		}
		emit_text(&c, text_start, text_end);
		do_tag(&c, sigil, s + nb, ne - nb, line, col);
		text_start = p = next;
	}

	/* Outermost first, so the errors come in line order. */
	for (size_t i = 0; i < c.nopen; i++) {
		struct op *op = &c.t->ops[c.open[i].op];
		int ch = op->kind == OP_INVERTED ? '^' : '#';
		cerr(&c, c.open[i].line, c.open[i].col,
		     "section {{%c%s}} is never closed: expected {{/%s}}", ch,
		     op->name, op->name);
		op->end = c.t->nops;
	}
	free(c.open);
	return c.errors ? -1 : 0;
}

/* Read (unless already in memory) and compile set->tmpls[i].  Returns 0,
 * or -1 after reporting. */
static int load_template_file(struct tmpl_set *set, size_t i, struct diag *d)
{
	struct tmpl *t = set->tmpls[i];
	struct buf b = BUF_INIT;
	int rc = -1;

	if (t->src == NULL) {
		if (t->is_partial && !fs_exists(t->path)) {
			const struct tmpl *from = set->tmpls[t->ref_from];
			diag_error(d, from->path, t->ref_line, t->ref_col,
				   "missing partial \"%s\": no file %s",
				   t->name, t->path);
			goto out;
		}
		if (fs_read_file(t->path, &b, TMPL_MAX_SIZE, d) != 0)
			goto out;
		t->srclen = b.len;
		t->src = buf_detach(&b);
	}
	if (compile(set, i, d) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/* Load every template in the set, including partials added meanwhile.
 * Returns set, or NULL (set freed) if anything failed. */
static struct tmpl_set *load_all(struct tmpl_set *set, struct diag *d)
{
	int failed = 0;
	/* set->n grows as templates mention new partials. */
	for (size_t i = 0; i < set->n; i++)
		if (load_template_file(set, i, d) != 0)
			failed = 1;
	if (failed) {
		tmpl_set_free(set);
		return NULL;
	}
	return set;
}

struct tmpl_set *tmpl_load(const char *dir, const char *const *names,
			   size_t n, struct diag *d)
{
	struct tmpl_set *set = xcalloc(1, sizeof *set);
	set->dir = xstrdup(dir);
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < set->n && !dup; j++)
			dup = strcmp(set->tmpls[j]->name, names[i]) == 0;
		if (dup)
			continue;
		struct tmpl *t = xcalloc(1, sizeof *t);
		t->name = xstrdup(names[i]);
		t->path = fs_join(dir, names[i]);
		set_add(set, t);
	}
	return load_all(set, d);
}

struct tmpl_set *tmpl_load_string(const char *path, const char *text,
				  size_t len, const char *dir, struct diag *d)
{
	if (len > TMPL_MAX_SIZE) {
		diag_error(d, path, 0, 0,
			   "template is %zu bytes, more than the limit of %zu",
			   len, TMPL_MAX_SIZE);
		return NULL;
	}
	struct tmpl_set *set = xcalloc(1, sizeof *set);
	set->dir = dir != NULL ? xstrdup(dir) : NULL;
	struct tmpl *t = xcalloc(1, sizeof *t);
	t->name = xstrdup(path);
	t->path = xstrdup(path);
	t->src = xstrndup(text, len);
	t->srclen = len;
	set_add(set, t);
	return load_all(set, d);
}

/* ---- rendering ---- */

struct render {
	const struct tmpl_set *set;
	struct diag *d;
	struct buf *out;
	const struct tval **ctx; /* context stack, innermost last */
	size_t nctx, capctx;
	/* Ops already reported, so a bad tag in a list of 500 items gives
	 * one error, not 500.  Errors are rare: a linear search is fine. */
	const struct op **seen;
	size_t nseen, capseen;
	int errors;
	int stop; /* partials too deep or too much work: give up the render */
	size_t steps; /* ops rendered so far */
	size_t start; /* out->len when the render began */
};

static void rerr(struct render *r, const struct tmpl *t, const struct op *op,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void rerr(struct render *r, const struct tmpl *t, const struct op *op,
		 const char *fmt, ...)
{
	r->errors++;
	for (size_t i = 0; i < r->nseen; i++)
		if (r->seen[i] == op)
			return;
	if (r->nseen == r->capseen) {
		r->capseen = r->capseen ? r->capseen * 2 : 8;
		r->seen = xrealloc(r->seen, r->capseen * sizeof *r->seen);
	}
	r->seen[r->nseen++] = op;
	va_list ap;
	va_start(ap, fmt);
	diag_verror(r->d, t->path, op->line, op->col, fmt, ap);
	va_end(ap);
}

static void push(struct render *r, const struct tval *v)
{
	if (r->nctx == r->capctx) {
		r->capctx = r->capctx ? r->capctx * 2 : 16;
		r->ctx = xrealloc(r->ctx, r->capctx * sizeof *r->ctx);
	}
	r->ctx[r->nctx++] = v;
}

/* The value op names, or NULL after reporting.  The first part is searched
 * from the innermost context outwards; later parts only inside it. */
static const struct tval *lookup(struct render *r, const struct tmpl *t,
				 const struct op *op)
{
	if (op->nparts == 0) {
		if (r->nctx == 0) {
			rerr(r, t, op, "nothing to show for \".\" here");
			return NULL;
		}
		return r->ctx[r->nctx - 1];
	}
	const char *part = op->parts;
	const struct tval *v = NULL;
	for (size_t k = r->nctx; k > 0 && v == NULL; k--)
		if (r->ctx[k - 1]->kind == TV_OBJECT)
			v = obj_get(r->ctx[k - 1], part);
	if (v == NULL) {
		rerr(r, t, op, "unknown variable \"%s\" (not set for this page)",
		     op->name);
		return NULL;
	}
	for (size_t i = 1; i < op->nparts; i++) {
		/* The name up to here, such as "a.b" of "a.b.c". */
		int prefix = (int)(part + strlen(part) - op->parts);
		part += strlen(part) + 1;
		if (v->kind != TV_OBJECT) {
			rerr(r, t, op,
			     "unknown variable \"%s\" (\"%.*s\" is %s, not an "
			     "object)",
			     op->name, prefix, op->name, tval_kind_name(v));
			return NULL;
		}
		const struct tval *w = obj_get(v, part);
		if (w == NULL) {
			rerr(r, t, op,
			     "unknown variable \"%s\" (\"%.*s\" has no \"%s\")",
			     op->name, prefix, op->name, part);
			return NULL;
		}
		v = w;
	}
	return v;
}

static void render_ops(struct render *r, const struct tmpl *t, size_t i,
		       size_t end, int depth);

static void render_section(struct render *r, const struct tmpl *t,
			   size_t i, int depth)
{
	const struct op *op = &t->ops[i];
	const struct tval *v = lookup(r, t, op);
	if (v == NULL)
		return;
	if (op->kind == OP_INVERTED) {
		if (!tval_truthy(v))
			render_ops(r, t, i + 1, op->end, depth);
	} else if (v->kind == TV_LIST) {
		for (size_t k = 0; k < v->len && !r->stop; k++) {
			push(r, v->items[k]);
			render_ops(r, t, i + 1, op->end, depth);
			r->nctx--;
		}
	} else if (v->kind == TV_BOOL) {
		/* A flag is no context: {{.}} still means the outer item. */
		if (v->flag)
			render_ops(r, t, i + 1, op->end, depth);
	} else if (tval_truthy(v)) {
		push(r, v);
		render_ops(r, t, i + 1, op->end, depth);
		r->nctx--;
	}
}

/* Render ops [i, end) of t; depth counts the partials we are inside. */
static void render_ops(struct render *r, const struct tmpl *t, size_t i,
		       size_t end, int depth)
{
	while (i < end && !r->stop) {
		const struct op *op = &t->ops[i];
		const struct tval *v;
		const struct tmpl *p;
		if (++r->steps > TMPL_MAX_STEPS ||
		    r->out->len - r->start > TMPL_MAX_OUTPUT) {
			rerr(r, t, op,
			     "rendering stopped after %d steps or %zu MB of "
			     "output: are sections over lists nested in "
			     "sections over lists?",
			     TMPL_MAX_STEPS, TMPL_MAX_OUTPUT >> 20);
			r->stop = 1;
			break;
		}
		switch (op->kind) {
		case OP_TEXT:
			buf_put(r->out, op->text, op->len);
			i++;
			break;
		case OP_VAR:
		case OP_RAW:
			v = lookup(r, t, op);
			if (v != NULL && v->kind != TV_TEXT)
				rerr(r, t, op, "\"%s\" is %s, expected text",
				     op->name, tval_kind_name(v));
			else if (v != NULL && op->kind == OP_VAR)
				buf_put_html(r->out, v->text, v->len);
			else if (v != NULL)
				buf_put(r->out, v->text, v->len);
			i++;
			break;
		case OP_SECTION:
		case OP_INVERTED:
			render_section(r, t, i, depth);
			i = op->end;
			break;
		case OP_PARTIAL:
			if (depth >= TMPL_MAX_DEPTH) {
				/* Stop everything: carrying on could take
				 * exponential time (a partial using itself
				 * twice). */
				rerr(r, t, op,
				     "partials nested more than %d deep: does "
				     "\"%s\" include itself?",
				     TMPL_MAX_DEPTH, op->name);
				r->stop = 1;
				break;
			}
			p = r->set->tmpls[op->partial];
			render_ops(r, p, 0, p->nops, depth + 1);
			i++;
			break;
		}
	}
}

int tmpl_render(const struct tmpl_set *set, const char *name,
		const struct tval *ctx, struct buf *out, struct diag *d)
{
	const struct tmpl *t = NULL;
	for (size_t i = 0; set != NULL && i < set->n && t == NULL; i++)
		if (!set->tmpls[i]->is_partial &&
		    strcmp(set->tmpls[i]->name, name) == 0)
			t = set->tmpls[i];
	if (t == NULL) {
		diag_error(d, NULL, 0, 0, "no template \"%s\" was loaded", name);
		return -1;
	}

	struct render r;
	memset(&r, 0, sizeof r);
	r.set = set;
	r.d = d;
	r.out = out;
	r.start = out->len;
	if (ctx != NULL)
		push(&r, ctx);
	render_ops(&r, t, 0, t->nops, 0);
	free(r.ctx);
	free(r.seen);
	return r.errors ? -1 : 0;
}
