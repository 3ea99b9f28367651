#include "frontmatter.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "buf.h"
#include "text.h"
#include "util.h"

/* Length of the line starting at p (without its line end), and where the
 * next line starts. */
static size_t line_len(const char *p, const char *end, const char **next)
{
	const char *q = p;
	while (q < end && *q != '\n')
		q++;
	*next = q < end ? q + 1 : end;
	size_t n = (size_t)(q - p);
	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

/* 1 if the line is exactly fence, give or take trailing blanks. */
static int is_fence(const char *p, size_t n, const char *fence)
{
	size_t f = strlen(fence);
	if (n < f || memcmp(p, fence, f) != 0)
		return 0;
	for (size_t i = f; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

int fm_split(const char *path, const char *text, size_t len,
	     struct fm_split *out, struct diag *d)
{
	const char *p = text, *end = text + len, *next;
	/* Skip a UTF-8 byte-order mark: editors on Windows add one. */
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (p == end) {
		diag_error(d, path, 1, 1,
			   "file is empty (expected front matter starting "
			   "with a \"---\" line, then the page's text)");
		return -1;
	}
	size_t n = line_len(p, end, &next);
	if (!is_fence(p, n, "---")) {
		diag_error(d, path, 1, 1,
			   "no front matter: expected a first line \"---\", "
			   "then \"title: ...\" and a closing \"---\"");
		return -1;
	}
	int line = 2;
	out->yaml = next;
	out->yaml_line = 2;
	for (p = next; p < end; p = next, line++) {
		n = line_len(p, end, &next);
		if (is_fence(p, n, "---") || is_fence(p, n, "...")) {
			out->yaml_len = (size_t)(p - out->yaml);
			out->body = next;
			out->body_len = (size_t)(end - next);
			out->body_line = line + 1;
			return 0;
		}
	}
	diag_error(d, path, 1, 1,
		   "front matter is never closed: expected a line \"---\" "
		   "after the keys");
	return -1;
}

int fm_is_date(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = atoi(s), m = atoi(s + 5), day = atoi(s + 8);
	if (y < 1900 || m < 1 || m > 12 || day < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int max = mdays[m - 1] + (m == 2 && leap);
	return day <= max;
}

/* Reading state for one YAML document. */
struct reader {
	const char *path;
	int line_offset;
	yaml_document_t *doc;
	struct diag *d;
	int errors;
	int *lines; /* line of each top-level schema key, or NULL */
	/* Where top-level field i goes: into dests[bases[i]] (bases NULL:
	 * every field into the one dest given). */
	void *const *dests;
	const unsigned char *bases;
	const char *text; /* the YAML */
	size_t len;
	/* libyaml also ends lines at a lone CR, NEL, U+2028 and U+2029;
	 * editors and the rest of pamphlet only at LF: its line and column
	 * are then worked out again from its character index. */
	int odd_breaks;
	struct fm_opts opts; /* limits (zero: none) */
};

static int has_odd_breaks(const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];
		if ((c == '\r' && (i + 1 == len || t[i + 1] != '\n')) ||
		    (c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] == 0x85) ||
		    (c == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
		     ((unsigned char)t[i + 2] == 0xA8 ||
		      (unsigned char)t[i + 2] == 0xA9)))
			return 1;
	}
	return 0;
}

/* m's line (from 1, in the file) and column (from 1, in characters), as
 * an editor counts them. */
static void mark_pos(const struct reader *r, yaml_mark_t m, int *line,
		     int *col)
{
	if (!r->odd_breaks) {
		*line = (int)m.line + r->line_offset;
		*col = (int)m.column + 1;
		return;
	}
	/* m.index counts characters (UTF-8 sequences), not bytes. */
	int l = 0, c = 0;
	size_t i = 0;
	for (size_t k = 0; k < m.index && i < r->len; k++) {
		unsigned char b = (unsigned char)r->text[i];
		size_t w = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
		if (b == '\n') {
			l++;
			c = 0;
		} else {
			c++;
		}
		i += w;
	}
	*line = l + r->line_offset;
	*col = c + 1;
}

static int mark_line(const struct reader *r, yaml_mark_t m)
{
	int line, col;
	mark_pos(r, m, &line, &col);
	return line;
}

static void node_error(struct reader *r, const yaml_node_t *node,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void node_error(struct reader *r, const yaml_node_t *node,
		       const char *fmt, ...)
{
	va_list ap;
	int line, col;
	mark_pos(r, node->start_mark, &line, &col);
	va_start(ap, fmt);
	diag_verror(r->d, r->path, line, col, fmt, ap);
	va_end(ap);
	r->errors++;
}

static const char *kind_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a group of keys";
	default: return "text";
	}
}

/* Text of a scalar node; NULL when it says nothing: empty (quoted or
 * not), blank, or a plain null. */
static const char *scalar(const yaml_node_t *n)
{
	const char *v = (const char *)n->data.scalar.value;
	if (v[strspn(v, " \t\r\n")] == '\0')
		return NULL;
	if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (strcmp(v, "~") == 0 || strcmp(v, "null") == 0))
		return NULL;
	return v;
}

size_t fm_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > FM_DISTANCE_MAX || lb > FM_DISTANCE_MAX)
		return 99;
	size_t row[FM_DISTANCE_MAX + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

static void unknown_key(struct reader *r, const yaml_node_t *key,
			const struct fm_field *schema, size_t n)
{
	const char *name = (const char *)key->data.scalar.value;
	struct buf list = BUF_INIT;
	const char *best = NULL;
	size_t bestd = 3;
	for (size_t i = 0; i < n; i++) {
		buf_printf(&list, "%s%s", i ? ", " : "", schema[i].key);
		size_t dist = fm_distance(name, schema[i].key);
		if (dist < bestd) {
			bestd = dist;
			best = schema[i].key;
		}
	}
	/* A key may be anything typed: hidden like values (only the
	 * schema's own names are safe to print). */
	if (r->opts.hide_values && best != NULL)
		node_error(r, key, "unknown key (did you mean \"%s\"? expected "
			   "one of: %s)", best, buf_cstr(&list));
	else if (r->opts.hide_values)
		node_error(r, key, "unknown key (expected one of: %s)",
			   buf_cstr(&list));
	else if (best != NULL)
		node_error(r, key, "unknown key \"%s\" (did you mean \"%s\"? "
			   "expected one of: %s)", name, best, buf_cstr(&list));
	else
		node_error(r, key, "unknown key \"%s\" (expected one of: %s)",
			   name, buf_cstr(&list));
	buf_free(&list);
}

static void read_mapping(struct reader *r, const yaml_node_t *map,
			 const struct fm_field *schema, size_t n, void *dest,
			 const char *where);

/* A list of text ("[a, b]" or "- a" lines) into a NULL-terminated array;
 * a single text is a list of one. */
static void read_list(struct reader *r, const char *k, const yaml_node_t *val,
		      char ***out)
{
	size_t n = 0;
	char **list = NULL;
	if (val->type == YAML_MAPPING_NODE) {
		node_error(r, val, "\"%s\" must be a list, found %s", k,
			   kind_name(val));
		return;
	}
	if (val->type == YAML_SCALAR_NODE) {
		const char *v = scalar(val);
		list = xcalloc(2, sizeof *list);
		if (v != NULL)
			list[n++] = xstrdup(v);
	} else {
		size_t cap = (size_t)(val->data.sequence.items.top -
				      val->data.sequence.items.start);
		list = xcalloc(cap + 1, sizeof *list);
		for (yaml_node_item_t *it = val->data.sequence.items.start;
		     it < val->data.sequence.items.top; it++) {
			yaml_node_t *item = yaml_document_get_node(r->doc, *it);
			const char *v = item && item->type == YAML_SCALAR_NODE
				? scalar(item) : NULL;
			if (v == NULL) {
				node_error(r, item ? item : val, "each item of "
					   "\"%s\" must be text", k);
				continue;
			}
			list[n++] = xstrdup(v);
		}
	}
	char **old = *out;
	for (char **p = old; p && *p; p++)
		free(*p);
	free(old);
	*out = list;
}

void fm_items_free(const struct fm_field *f, void *dest)
{
	char *base = dest;
	const struct fm_items *L = f->items;
	char **arr = (char **)(void *)(base + f->offset);
	size_t *count = (size_t *)(void *)(base + L->count_offset);
	for (size_t i = 0; *arr != NULL && i < *count; i++) {
		char *item = *arr + i * L->item_size;
		for (size_t j = 0; j < f->nsub; j++) {
			enum fm_type t = f->sub[j].type;
			if (t == FM_TEXT || t == FM_RAW || t == FM_DATE) {
				char **v = (char **)(void *)(item +
							     f->sub[j].offset);
				free(*v);
				*v = NULL;
			}
		}
	}
	free(*arr);
	*arr = NULL;
	*count = 0;
}

/* A list of groups of keys ("- file: a.svg" / "  alt: ...") into an
 * array of items, each read like a mapping. */
static void read_items(struct reader *r, const struct fm_field *f,
		       const yaml_node_t *key, const yaml_node_t *val,
		       void *dest)
{
	char *base = dest;
	const struct fm_items *L = f->items;
	const char *k = (const char *)key->data.scalar.value;
	if (val->type != YAML_SEQUENCE_NODE) {
		node_error(r, val, "\"%s\" must be a list of groups of keys "
			   "(each item starting with \"- \"), found %s", k,
			   kind_name(val));
		return;
	}
	fm_items_free(f, dest);
	size_t cap = (size_t)(val->data.sequence.items.top -
			      val->data.sequence.items.start);
	if (f->required && cap == 0) {
		/* "[]": required means at least one item. */
		if (L->max_items > 0)
			node_error(r, key, "\"%s\" has no %s (expected 1 to "
				   "%zu)", k, k, L->max_items);
		else
			node_error(r, key, "\"%s\" has no %s (expected at "
				   "least 1)", k, k);
		return;
	}
	if (L->max_items > 0 && cap > L->max_items) {
		node_error(r, val, "\"%s\" has %zu items (expected at most "
			   "%zu)", k, cap, L->max_items);
		return;
	}
	char *arr = xcalloc(cap + 1, L->item_size);
	size_t n = 0;
	for (yaml_node_item_t *it = val->data.sequence.items.start;
	     it < val->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(r->doc, *it);
		if (item == NULL || item->type != YAML_MAPPING_NODE) {
			node_error(r, item ? item : val, "each item of \"%s\" "
				   "must be a group of keys, found %s", k,
				   item ? kind_name(item) : "nothing");
			continue;
		}
		char *one = arr + n * L->item_size;
		int line, col;
		mark_pos(r, item->start_mark, &line, &col);
		if (L->item_line_offset != 0)
			*(int *)(void *)(one + L->item_line_offset) = line;
		if (L->item_col_offset != 0)
			*(int *)(void *)(one + L->item_col_offset) = col;
		/* Stored before it is read: its strings are then freed with
		 * the rest even if it has errors. */
		*(char **)(void *)(base + f->offset) = arr;
		*(size_t *)(void *)(base + L->count_offset) = ++n;
		read_mapping(r, item, f->sub, f->nsub, one, k);
	}
	if (n == 0)
		free(arr);
}

static void read_value(struct reader *r, const struct fm_field *f,
		       const yaml_node_t *key, const yaml_node_t *val,
		       void *dest)
{
	char *slot = (char *)dest + f->offset;
	const char *k = (const char *)key->data.scalar.value;
	if (f->type == FM_MAP) {
		if (val->type != YAML_MAPPING_NODE) {
			node_error(r, val, "\"%s\" must be a group of "
				   "indented keys, found %s", k,
				   kind_name(val));
			return;
		}
		read_mapping(r, val, f->sub, f->nsub, dest, k);
		return;
	}
	if (f->type == FM_LIST) {
		read_list(r, k, val, (char ***)(void *)slot);
		return;
	}
	if (f->type == FM_ITEMS) {
		read_items(r, f, key, val, dest);
		return;
	}
	if (val->type != YAML_SCALAR_NODE) {
		node_error(r, val, "\"%s\" must be %s, found %s", k,
			   f->type == FM_INT ? "a whole number" : "text",
			   kind_name(val));
		return;
	}
	const char *v = scalar(val);
	if (v == NULL) {
		if (f->required)
			node_error(r, val, "\"%s\" is empty (expected a value)", k);
		return;
	}
	switch (f->type) {
	case FM_TEXT:
	case FM_RAW:
	case FM_DATE: {
		if (f->type == FM_DATE && !fm_is_date(v)) {
			if (r->opts.hide_values)
				node_error(r, val, "\"%s\" is not a date "
					   "(expected YYYY-MM-DD, such as "
					   "2026-11-25)", k);
			else
				node_error(r, val, "\"%s\" is \"%s\", not a "
					   "date (expected YYYY-MM-DD, such as "
					   "2026-11-25)", k, v);
			return;
		}
		size_t chars = utf8_length(v);
		if (r->opts.max_text > 0 && chars > r->opts.max_text) {
			node_error(r, val, "\"%s\" is %zu characters long "
				   "(expected at most %zu)", k, chars,
				   r->opts.max_text);
			return;
		}
		char **s = (char **)(void *)slot;
		free(*s);
		*s = f->type == FM_TEXT ? text_nfc_dup(v) : xstrdup(v);
		break;
	}
	case FM_INT: {
		char *e;
		errno = 0;
		long x = strtol(v, &e, 10);
		if (*e != '\0' || errno != 0 || e == v) {
			node_error(r, val, "\"%s\" is \"%s\", not a whole "
				   "number (expected, for example, 1)", k, v);
			return;
		}
		*(long *)(void *)slot = x;
		break;
	}
	case FM_BOOL: {
		int b;
		if (!strcmp(v, "true") || !strcmp(v, "yes"))
			b = 1;
		else if (!strcmp(v, "false") || !strcmp(v, "no"))
			b = 0;
		else {
			node_error(r, val, "\"%s\" is \"%s\" (expected true "
				   "or false)", k, v);
			return;
		}
		*(int *)(void *)slot = b;
		break;
	}
	case FM_CHOICE: {
		struct buf list = BUF_INIT;
		for (int i = 0; f->choices[i] != NULL; i++) {
			if (strcmp(v, f->choices[i]) == 0) {
				*(int *)(void *)slot = i;
				buf_free(&list);
				return;
			}
			if (i > 0)
				buf_puts(&list, f->choices[i + 1] ? ", " : " or ");
			buf_puts(&list, f->choices[i]);
		}
		node_error(r, val, "unknown %s \"%s\" (expected %s)", k, v,
			   buf_cstr(&list));
		buf_free(&list);
		break;
	}
	case FM_MAP:
	case FM_LIST:
	case FM_ITEMS:
		break;
	}
}

static void read_mapping(struct reader *r, const yaml_node_t *map,
			 const struct fm_field *schema, size_t n, void *dest,
			 const char *where)
{
	/* Which schema field was seen, and at which key node. */
	const yaml_node_t *seen[64] = {0};
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *key = yaml_document_get_node(r->doc, p->key);
		yaml_node_t *val = yaml_document_get_node(r->doc, p->value);
		if (key == NULL || val == NULL)
			continue;
		if (key->type != YAML_SCALAR_NODE) {
			node_error(r, key, "a key must be a plain word, "
				   "found %s", kind_name(key));
			continue;
		}
		const char *k = (const char *)key->data.scalar.value;
		size_t i;
		for (i = 0; i < n; i++)
			if (strcmp(k, schema[i].key) == 0)
				break;
		if (i == n) {
			unknown_key(r, key, schema, n);
			continue;
		}
		if (i < ARRAY_LEN(seen) && seen[i] != NULL) {
			node_error(r, key, "key \"%s\" is given twice (first "
				   "at line %d): keep one", k,
				   mark_line(r, seen[i]->start_mark));
			continue;
		}
		if (i < ARRAY_LEN(seen))
			seen[i] = key;
		if (where == NULL && r->lines != NULL)
			r->lines[i] = mark_line(r, key->start_mark);
		read_value(r, &schema[i], key, val,
			   where == NULL && r->bases != NULL
				   ? r->dests[r->bases[i]]
				   : dest);
	}
	for (size_t i = 0; i < n && i < ARRAY_LEN(seen); i++) {
		if (!schema[i].required || seen[i] != NULL)
			continue;
		if (where != NULL)
			node_error(r, map, "missing required key \"%s\" in "
				   "\"%s\"", schema[i].key, where);
		else
			node_error(r, map, "missing required key \"%s\"",
				   schema[i].key);
	}
}

/* The deepest nesting in the document, and the first node found at it.
 * In a libyaml document a node's children come after it, except aliases,
 * which point back and are not followed: one pass, linear. */
static int yaml_depth(yaml_document_t *doc, yaml_node_t **deepest)
{
	int n = (int)(doc->nodes.top - doc->nodes.start);
	int *depth = xcalloc((size_t)n + 1, sizeof *depth);
	int max = 0;
	*deepest = NULL;
	for (int i = 1; i <= n; i++) {
		yaml_node_t *node = yaml_document_get_node(doc, i);
		if (depth[i] == 0)
			depth[i] = 1; /* the root */
		if (depth[i] > max) {
			max = depth[i];
			*deepest = node;
		}
		if (node->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *it = node->data.sequence.items.start;
			     it < node->data.sequence.items.top; it++)
				if (*it > i)
					depth[*it] = depth[i] + 1;
		} else if (node->type == YAML_MAPPING_NODE) {
			for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
			     p < node->data.mapping.pairs.top; p++)
				if (p->value > i)
					depth[p->value] = depth[i] + 1;
		}
	}
	free(depth);
	return max;
}

int fm_parse(const char *path, const char *yaml, size_t len, int line_offset,
	     const struct fm_field *schema, size_t n, void *dest,
	     struct diag *d)
{
	return fm_parse_lines(path, yaml, len, line_offset, schema, n, dest,
			      NULL, d);
}

int fm_parse_lines(const char *path, const char *yaml, size_t len,
		   int line_offset, const struct fm_field *schema, size_t n,
		   void *dest, int *lines, struct diag *d)
{
	return fm_parse_into(path, yaml, len, line_offset, schema, n, &dest,
			     NULL, lines, d);
}

static int parse(const char *path, const char *yaml, size_t len,
		 int line_offset, const struct fm_field *schema, size_t n,
		 void *const *dests, const unsigned char *bases, int *lines,
		 const struct fm_opts *opts, struct diag *d);

int fm_parse_into(const char *path, const char *yaml, size_t len,
		  int line_offset, const struct fm_field *schema, size_t n,
		  void *const *dests, const unsigned char *bases, int *lines,
		  struct diag *d)
{
	static const struct fm_opts none = {0, 0};
	return parse(path, yaml, len, line_offset, schema, n, dests, bases,
		     lines, &none, d);
}

int fm_parse_opts(const char *path, const char *yaml, size_t len,
		  int line_offset, const struct fm_field *schema, size_t n,
		  void *dest, int *lines, const struct fm_opts *opts,
		  struct diag *d)
{
	return parse(path, yaml, len, line_offset, schema, n, &dest, NULL,
		     lines, opts, d);
}

static int parse(const char *path, const char *yaml, size_t len,
		 int line_offset, const struct fm_field *schema, size_t n,
		 void *const *dests, const unsigned char *bases, int *lines,
		 const struct fm_opts *opts, struct diag *d)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	void *dest = dests[0];
	struct reader r = {path, line_offset, &doc, d, 0, lines, dests, bases,
			   yaml, len, has_odd_breaks(yaml, len), *opts};
	int have_doc = 0;

	if (!yaml_parser_initialize(&parser)) {
		diag_syserr(d, path, "cannot start the YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	if (!yaml_parser_load(&parser, &doc)) {
		const char *problem = parser.problem ? parser.problem : "error";
		int line, col;
		mark_pos(&r, parser.problem_mark, &line, &col);
		if (parser.context != NULL)
			diag_error(d, path, line, col, "invalid YAML: %s %s "
				   "that starts at line %d", problem,
				   parser.context,
				   mark_line(&r, parser.context_mark));
		else
			diag_error(d, path, line, col, "invalid YAML: %s",
				   problem);
		r.errors++;
		goto out;
	}
	have_doc = 1;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root == NULL) {
		/* Empty front matter: only the required keys are missing. */
		for (size_t i = 0; i < n; i++)
			if (schema[i].required) {
				diag_error(d, path, line_offset > 1 ? line_offset - 1 : 1, 1,
					   "missing required key \"%s\"",
					   schema[i].key);
				r.errors++;
			}
		goto out;
	}
	yaml_node_t *deep;
	if (yaml_depth(&doc, &deep) > FM_MAX_DEPTH) {
		node_error(&r, deep, "YAML nested more than %d levels deep: "
			   "front matter and site.yaml only need \"key: "
			   "value\" lines", FM_MAX_DEPTH);
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		node_error(&r, root, "expected \"key: value\" lines, found %s",
			   kind_name(root));
		goto out;
	}
	read_mapping(&r, root, schema, n, dest, NULL);
out:
	if (have_doc)
		yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return r.errors ? -1 : 0;
}
