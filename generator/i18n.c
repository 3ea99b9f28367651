#include "i18n.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "fsutil.h"
#include "strmap.h"
#include "template.h"
#include "util.h"

const char *const i18n_required[] = {
	"language_name",
	"date.format", "date.months.12", "date.weekdays_short.7",
	"category.stretch", "category.strength", "category.aerobic",
	"dose.how_often", "dose.how_long", "dose.sets", "dose.reps",
	"dose.hold", "dose.sides", "dose.equipment", "dose.as_advised",
	"dose.reps_value", "site.key_points", "checks.safety_heading",
	"site.exercises_title", "site.not_found_title",
	"table.exercise", "table.frequency", "table.duration",
	"sheet.label", "sheet.description", "sheet.exercises",
	"sheet.continued", "sheet.safety_title", "sheet.safety_stop",
	"sheet.default_disclaimer", "sheet.log_title", "sheet.log_hint",
	"sheet.week", "sheet.page", "sheet.reviewed", "sheet.patient",
	"sheet.date", "sheet.clinician",
	"site.phone", "site.email", "site.address", "site.website",
	"handout.title", "handout.description", "handout.card_note",
	"handout.online", "handout.your_note", "handout.next_review",
	"handout.qr_alt",
	NULL,
};

/* The most a table may hold: far more than pamphlet writes. */
#define I18N_MAX_FILE ((size_t)1 << 20)
#define I18N_MAX_DEPTH 8

struct entry {
	char *key, *text;
	int line, col;
};

struct i18n {
	char *file;
	struct entry *e;
	size_t n;
	struct strmap by_key; /* key -> struct entry */
	struct tval *tv;      /* the table for templates */
};

static void add(struct i18n *t, char *key, char *text, int line, int col,
		struct diag *d)
{
	/* (Linear: a table holds some hundred texts.) */
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->e[i].key, key) != 0)
			continue;
		diag_error(d, t->file, line, col, "\"%s\" is given twice "
			   "(first at line %d; expected each key once)", key,
			   t->e[i].line);
		free(key);
		free(text);
		return;
	}
	t->e = xrealloc(t->e, (t->n + 1) * sizeof *t->e);
	t->e[t->n] = (struct entry){key, text, line, col};
	t->n++;
}

/* One open mapping or list while reading. */
struct frame {
	int seq;          /* 1: a list */
	struct tval *tv;  /* its value for the templates */
	size_t prefix;    /* length of its dotted path in the path buffer */
	char *key;        /* a mapping's key waiting for its value */
	int key_line, key_col; /* where that key is */
	size_t index;     /* a list's items so far */
};

/* The dotted path of the value about to come in frame f. */
static char *path_of(struct buf *path, struct frame *f)
{
	path->len = f->prefix;
	if (path->len)
		buf_putc(path, '.');
	if (f->seq)
		buf_printf(path, "%zu", f->index + 1);
	else
		buf_puts(path, f->key);
	return xstrndup(path->data, path->len);
}

/* Attach v (a value of frame f's next slot) to f's value. */
static void attach(struct frame *f, struct tval *v)
{
	if (f->seq) {
		tval_list_add(f->tv, v);
		f->index++;
	} else {
		tval_set(f->tv, f->key, v);
		free(f->key);
		f->key = NULL;
	}
}

/* Check that each { in text opens a {name}. */
static int braces_ok(const char *s)
{
	for (const char *o; (o = strchr(s, '{')) != NULL; s = o + 1) {
		size_t k = strspn(o + 1, "abcdefghijklmnopqrstuvwxyz_");
		if (k == 0 || o[1 + k] != '}')
			return 0;
	}
	return 1;
}

static void i18n_free(struct i18n *t);

static struct i18n *parse(const char *file, const char *text, size_t len,
			  struct diag *d)
{
	struct i18n *t = xcalloc(1, sizeof *t);
	t->file = xstrdup(file);
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	struct frame st[I18N_MAX_DEPTH + 1];
	int depth = 0, ok = 1, done = 0;
	struct buf path = BUF_INIT;
	while (ok && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			diag_error(d, file, (int)p.problem_mark.line + 1,
				   (int)p.problem_mark.column + 1,
				   "not valid YAML: %s", p.problem
				   ? p.problem : "unreadable");
			ok = 0;
			break;
		}
		int line = (int)ev.start_mark.line + 1;
		int col = (int)ev.start_mark.column + 1;
		struct frame *f = depth > 0 ? &st[depth - 1] : NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT: {
			int seq = ev.type == YAML_SEQUENCE_START_EVENT;
			if (depth == I18N_MAX_DEPTH || (f == NULL && seq) ||
			    (f != NULL && !f->seq && f->key == NULL) ||
			    (f != NULL && f->seq)) {
				diag_error(d, file, line, col,
					   f == NULL ? "expected a mapping of "
						       "keys to texts"
					   : f->seq ? "a list in a list "
						      "(expected texts)"
						    : "expected a key here");
				ok = 0;
				break;
			}
			struct tval *v = seq ? tval_list() : tval_object();
			size_t prefix = 0;
			if (f != NULL) {
				char *k = path_of(&path, f);
				prefix = strlen(k);
				free(k);
				attach(f, v);
			} else {
				t->tv = v;
			}
			st[depth++] = (struct frame){seq, v, prefix, NULL, 0, 0,
						     0};
			break;
		}
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			break;
		case YAML_SCALAR_EVENT: {
			const char *s = (const char *)ev.data.scalar.value;
			if (f == NULL) {
				diag_error(d, file, line, col,
					   "expected a mapping of keys to "
					   "texts");
				ok = 0;
			} else if (!f->seq && f->key == NULL) {
				f->key = xstrdup(s);
				f->key_line = line;
				f->key_col = col;
			} else {
				char *key = path_of(&path, f);
				if (!f->seq) { /* (messages name the key) */
					line = f->key_line;
					col = f->key_col;
				}
				if (!braces_ok(s))
					diag_error(d, file, line, col,
						   "\"%s\": a \"{\" that does "
						   "not open a {name} (expected "
						   "{name} with lowercase "
						   "letters)", key);
				attach(f, tval_text(s));
				add(t, key, xstrdup(s), line, col, d);
			}
			break;
		}
		case YAML_ALIAS_EVENT:
			diag_error(d, file, line, col, "aliases (*name) are not "
				   "used in word tables (expected texts)");
			ok = 0;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	for (int i = 0; i < depth; i++)
		free(st[i].key);
	yaml_parser_delete(&p);
	buf_free(&path);
	if (t->tv == NULL)
		t->tv = tval_object();
	for (size_t i = 0; i < t->n; i++)
		strmap_put(&t->by_key, t->e[i].key, &t->e[i]);
	if (!ok) {
		i18n_free(t);
		return NULL;
	}
	return t;
}

static void i18n_free(struct i18n *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->e[i].key);
		free(t->e[i].text);
	}
	free(t->e);
	strmap_free(&t->by_key);
	tval_free(t->tv);
	free(t->file);
	free(t);
}

void i18n_free_all(struct i18n **t, size_t n)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		i18n_free(t[i]);
	free(t);
}

static struct i18n *load_one(const char *dir, const char *lang,
			     struct diag *d)
{
	/* LANG.yaml, else its language's ("es-MX": es.yaml). */
	char *name = xasprintf("%s.yaml", lang);
	char *file = fs_join(dir, name);
	size_t primary = strcspn(lang, "-_");
	if (!fs_exists(file) && lang[primary] != '\0') {
		char *other = xasprintf("%.*s.yaml", (int)primary, lang);
		char *path = fs_join(dir, other);
		if (fs_exists(path)) {
			free(file);
			file = path;
			path = NULL;
		}
		free(path);
		free(other);
	}
	free(name);
	struct i18n *t = NULL;
	struct buf b = BUF_INIT;
	if (!fs_exists(file))
		diag_error(d, file, 0, 0, "missing: the words pamphlet writes "
			   "in language \"%s\" (expected a copy of en.yaml "
			   "translated, with the same keys)", lang);
	else if (fs_read_file(file, &b, I18N_MAX_FILE, d) == 0)
		t = parse(file, buf_cstr(&b), b.len, d);
	buf_free(&b);
	free(file);
	return t;
}

struct i18n **i18n_load(const char *templates, const char *fallback_dir,
			const char *const *langs, size_t n, struct diag *d)
{
	int before = d->errors + d->syserrs;
	char *dir = fs_join(templates, "i18n");
	if (!fs_is_dir(dir) && fallback_dir != NULL && fs_is_dir(fallback_dir)) {
		free(dir);
		dir = xstrdup(fallback_dir);
	}
	struct i18n **t = xcalloc(n + 1, sizeof *t);
	for (size_t i = 0; i < n; i++)
		t[i] = load_one(dir, langs[i], d);
	free(dir);
	if (t[0] != NULL)
		for (const char *const *k = i18n_required; *k; k++)
			if (strmap_get(&t[0]->by_key, *k) == NULL)
				diag_error(d, t[0]->file, 0, 0,
					   "\"%s\" is missing (pamphlet "
					   "writes it; expected it as in the "
					   "shipped en.yaml)", *k);
	for (size_t i = 1; i < n && t[0] != NULL; i++) {
		if (t[i] == NULL)
			continue;
		for (size_t k = 0; k < t[0]->n; k++)
			if (strmap_get(&t[i]->by_key, t[0]->e[k].key) == NULL)
				diag_error(d, t[i]->file, 0, 0,
					   "\"%s\" is missing (expected a "
					   "translation of %s:%d)",
					   t[0]->e[k].key, t[0]->file,
					   t[0]->e[k].line);
		for (size_t k = 0; k < t[i]->n; k++)
			if (strmap_get(&t[0]->by_key, t[i]->e[k].key) == NULL)
				diag_error(d, t[i]->file, t[i]->e[k].line,
					   t[i]->e[k].col,
					   "\"%s\" is not in %s (a misspelled "
					   "key? expected the keys of the "
					   "default language's table)",
					   t[i]->e[k].key, t[0]->file);
	}
	if (d->errors + d->syserrs != before) {
		i18n_free_all(t, n);
		return NULL;
	}
	return t;
}

const char *i18n_get(const struct i18n *t, const char *key)
{
	const struct entry *e = strmap_get(&t->by_key, key);
	return e != NULL ? e->text : "";
}

const char *i18n_file(const struct i18n *t)
{
	return t->file;
}

const struct tval *i18n_tval(const struct i18n *t)
{
	return t->tv;
}

void i18n_fill(struct buf *b, const char *fmt, const char *const *names,
	       const char *const *values, size_t n)
{
	for (const char *s = fmt; *s;) {
		const char *o = strchr(s, '{');
		const char *c = o ? strchr(o, '}') : NULL;
		if (o == NULL || c == NULL) {
			buf_puts(b, s);
			return;
		}
		buf_put(b, s, (size_t)(o - s));
		size_t k;
		for (k = 0; k < n; k++)
			if (strlen(names[k]) == (size_t)(c - o - 1) &&
			    memcmp(names[k], o + 1, (size_t)(c - o - 1)) == 0)
				break;
		if (k < n)
			buf_puts(b, values[k]);
		else
			buf_put(b, o, (size_t)(c - o + 1));
		s = c + 1;
	}
}

char *i18n_amount(const struct i18n *t, const char *duration,
		  const char *reps)
{
	if (duration != NULL)
		return xstrdup(duration);
	if (reps == NULL)
		return xstrdup(i18n_get(t, "dose.as_advised"));
	struct buf b = BUF_INIT;
	const char *names[] = {"reps"}, *values[] = {reps};
	i18n_fill(&b, i18n_get(t, "dose.reps_value"), names, values, 1);
	return buf_detach(&b);
}

void i18n_date(struct buf *b, const struct i18n *t, const char *ymd)
{
	int y, m, day;
	char tail;
	if (sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &day, &tail) != 3 || m < 1 ||
	    m > 12) {
		buf_puts(b, ymd);
		return;
	}
	char key[32], ds[16], ys[16];
	snprintf(key, sizeof key, "date.months.%d", m);
	snprintf(ds, sizeof ds, "%d", day);
	snprintf(ys, sizeof ys, "%d", y);
	const char *names[] = {"day", "month", "year"};
	const char *values[] = {ds, i18n_get(t, key), ys};
	i18n_fill(b, i18n_get(t, "date.format"), names, values, 3);
}
