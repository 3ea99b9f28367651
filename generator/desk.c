/*
 * desk.c: the handout desk's form (desk.h): a form's values from the
 * site, from posted fields and from a plan file; its checks; the plan
 * as YAML; and the page.
 *
 * Every text on a form is clean before it is kept: valid UTF-8 (a bad
 * byte, NUL or another control but tab and line feed becomes U+FFFD),
 * line ends as line feeds, no line end at the end, NFC as plan files
 * are read (text.h), and a value of only spaces is no value (an empty
 * dose is the exercise's own), as in a plan file: so that a form written
 * as YAML and read back is the same form.  Messages name the field, never what was typed in it.
 *
 * Ownership: a struct desk_form owns its strings and its items; the
 * items' pages belong to the site.  Nothing is kept between calls.
 */
#include "desk.h"
#include "i18n.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "frontmatter.h"
#include "paths.h"
#include "plan.h"
#include "text.h"
#include "util.h"

/* The name a plan file from the form goes by in plan.c's messages (they
 * are reworded without it). */
#define DESK_PLAN_NAME "plan.yaml"
/* A date for the messages' example. */
#define DESK_DATE_EXAMPLE "2026-12-02"

const char *const desk_keys[DESK_KEYS] = {"frequency", "duration", "sets",
					  "reps",      "hold",     "sides",
					  "note"};

/* The dose fields on the page, in desk_keys' order. */
static const char *const key_labels[DESK_KEYS] = {
	"How often", "How long", "Sets",		  "Repetitions",
	"Hold",	     "Sides",	 "Note for this exercise"};

/* Where each key is in a plan's exercise, and in an exercise (the note
 * is the plan's alone). */
static const size_t plan_ex_offset[DESK_KEYS] = {
	offsetof(struct plan_exercise, frequency),
	offsetof(struct plan_exercise, duration),
	offsetof(struct plan_exercise, sets),
	offsetof(struct plan_exercise, reps),
	offsetof(struct plan_exercise, hold),
	offsetof(struct plan_exercise, sides),
	offsetof(struct plan_exercise, note)};
static const size_t ex_offset[DESK_KEYS - 1] = {
	offsetof(struct exercise, frequency),
	offsetof(struct exercise, duration), offsetof(struct exercise, sets),
	offsetof(struct exercise, reps),     offsetof(struct exercise, hold),
	offsetof(struct exercise, sides)};

/* The patient's fields: one row each, in the form's order. */
struct top_field {
	const char *name;   /* the field's name and id, and the plan's key */
	size_t form_offset; /* of its char * in struct desk_form */
	size_t plan_offset; /* of its char * in struct plan */
	const char *label;  /* on the page */
	const char *noun;   /* in a message: "The patient's name" */
	int is_date;        /* YYYY-MM-DD (type=date) */
	int is_long;        /* a textarea */
};

#define TOP(name, label, noun, is_date, is_long)                            \
	{#name, offsetof(struct desk_form, name), offsetof(struct plan, name), \
	 label, noun, is_date, is_long}
static const struct top_field top_fields[] = {
	TOP(patient, "Patient's name", "The patient's name", 0, 0),
	TOP(date, "Date", "The date", 1, 0),
	TOP(clinician, "Clinician", "The clinician's name", 0, 0),
	TOP(next_review, "Next review", "The next review date", 1, 0),
	TOP(note, "Note for the patient", "The note", 0, 1),
};
#define NTOP ARRAY_LEN(top_fields)

static char **top_slot(struct desk_form *f, size_t i)
{
	return (char **)(void *)((char *)f + top_fields[i].form_offset);
}

static const char *top_value(const struct desk_form *f, size_t i)
{
	return *(char *const *)(const void *)((const char *)f +
					       top_fields[i].form_offset);
}

/* The exercise's own value for key k, or "" (none, or the note). */
static const char *own_value(const struct page *p, size_t k)
{
	if (k >= DESK_KEYS - 1 || p->ex == NULL)
		return "";
	const char *v = *(char *const *)(const void *)((const char *)p->ex +
							ex_offset[k]);
	return v != NULL ? v : "";
}

/* A value of nothing but spaces and line ends: a plan file reads it as
 * no value (frontmatter.c), so the form does too. */
static int is_blank(const char *s)
{
	return s[strspn(s, " \t\n")] == '\0';
}

/* ---- languages ---- */

/* A language's code ("en" for a site made without one). */
static const char *lang_code(const struct site *l)
{
	return l->lang != NULL ? l->lang : "en";
}

/* A language's name in itself ("Español"), or its code for a site made
 * without its words. */
static const char *lang_name(const struct site *l)
{
	const char *name =
		l->words != NULL ? i18n_get(l->words, "language_name") : "";
	return name[0] != '\0' ? name : lang_code(l);
}

/* The site of the form's language, or NULL when it is none of the
 * site's. */
static const struct site *form_lang(const struct desk_form *f)
{
	for (size_t i = 0; i < site_lang_count(f->site); i++) {
		const struct site *l = site_lang(f->site, i);
		if (strcmp(lang_code(l), f->language) == 0)
			return l;
	}
	return NULL;
}

/* ---- clean text ---- */

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* s[0..len) made clean as the top comment says: caller frees. */
static char *clean_text(const char *s, size_t len)
{
	struct buf raw = BUF_INIT, out = BUF_INIT;
	size_t i = 0;
	while (i < len) {
		int32_t cp = 0;
		size_t n = utf8_char(s + i, len - i, &cp);
		if (n == 0) { /* a bad byte: the next may start a character */
			buf_puts(&raw, REPLACEMENT);
			i++;
		} else if (cp == '\r') { /* CRLF or a lone CR: one LF */
			buf_putc(&raw, '\n');
			i += n + (i + 1 < len && s[i + 1] == '\n');
		} else if ((cp < 0x20 && cp != '\t' && cp != '\n') ||
			   (cp >= 0x7F && cp <= 0x9F)) {
			buf_puts(&raw, REPLACEMENT);
			i += n;
		} else {
			buf_put(&raw, s + i, n);
			i += n;
		}
	}
	while (raw.len > 0 && raw.data[raw.len - 1] == '\n')
		raw.len--;
	text_nfc(&out, raw.data != NULL ? raw.data : "", raw.len);
	buf_free(&raw);
	return buf_detach(&out);
}

/* Replace *slot with a clean copy of s[0..len). */
static void set_text(char **slot, const char *s, size_t len)
{
	free(*slot);
	*slot = clean_text(s != NULL ? s : "", s != NULL ? len : 0);
}


/* ---- the form ---- */

/* Each exercise as the site has it, nothing ticked. */
static void items_reset(struct desk_form *f)
{
	for (size_t i = 0; i < f->nitems; i++) {
		struct desk_item *it = &f->items[i];
		it->ticked = 0;
		for (size_t k = 0; k < DESK_KEYS; k++) {
			const char *v = own_value(it->page, k);
			set_text(&it->value[k], v, strlen(v));
		}
	}
}

void desk_form_init(struct desk_form *f, const struct site *site)
{
	memset(f, 0, sizeof *f);
	f->site = site;
	for (size_t i = 0; i < NTOP; i++)
		*top_slot(f, i) = xstrdup("");
	f->language = xstrdup(lang_code(site));
	f->paper = -1;
	f->nitems = site->nexercises;
	f->items = xcalloc(f->nitems ? f->nitems : 1, sizeof *f->items);
	for (size_t i = 0; i < f->nitems; i++)
		f->items[i].page = site->exercises[i];
	items_reset(f);
}

void desk_form_free(struct desk_form *f)
{
	for (size_t i = 0; i < NTOP; i++)
		free(*top_slot(f, i));
	free(f->language);
	for (size_t i = 0; i < f->nitems; i++)
		for (size_t k = 0; k < DESK_KEYS; k++)
			free(f->items[i].value[k]);
	free(f->items);
	memset(f, 0, sizeof *f);
}

/* The key index of name, or -1. */
static int key_index(const char *name)
{
	for (size_t k = 0; k < DESK_KEYS; k++)
		if (strcmp(name, desk_keys[k]) == 0)
			return (int)k;
	return -1;
}

/* The item and key (-1: its tick box) that "ex-..." rest names: the
 * longest slug that fits, since a slug may hold '-' ("chest-stretch",
 * and "chest-stretch-note" is that exercise's note).  NULL if none. */
static struct desk_item *item_named(struct desk_form *f, const char *rest,
				    int *key)
{
	struct desk_item *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < f->nitems; i++) {
		const char *slug = f->items[i].page->slug;
		size_t n = strlen(slug);
		if (strncmp(rest, slug, n) != 0 || (best && n <= best_len))
			continue;
		int k = -1;
		if (rest[n] == '-')
			k = key_index(rest + n + 1);
		if (rest[n] != '\0' && k < 0)
			continue;
		best = &f->items[i];
		best_len = n;
		*key = k;
	}
	return best;
}

void desk_form_set(struct desk_form *f, const char *name, const char *value,
		   size_t len)
{
	if (name == NULL)
		return;
	if (value == NULL)
		len = 0;
	for (size_t i = 0; i < NTOP; i++)
		if (strcmp(name, top_fields[i].name) == 0) {
			char **slot = top_slot(f, i);
			set_text(slot, value, len);
			if (is_blank(*slot))
				set_text(slot, "", 0);
			return;
		}
	if (strcmp(name, "language") == 0 && site_lang_count(f->site) > 1) {
		/* Kept as posted (clean), for desk_validate() to check; none
		 * is the default. */
		set_text(&f->language, value, len);
		if (is_blank(f->language))
			set_text(&f->language, lang_code(f->site),
				 strlen(lang_code(f->site)));
		return;
	}
	if (strcmp(name, "paper") == 0) {
		char *v = clean_text(value != NULL ? value : "", len);
		f->paper = strcmp(v, "a4") == 0	      ? PAPER_A4
			   : strcmp(v, "letter") == 0 ? PAPER_LETTER
						      : -1;
		free(v);
		return;
	}
	if (strncmp(name, "ex-", 3) != 0)
		return;
	int key = -1;
	struct desk_item *it = item_named(f, name + 3, &key);
	if (it == NULL)
		return;
	if (key < 0) {
		char *v = clean_text(value != NULL ? value : "", len);
		it->ticked = v[0] != '\0';
		free(v);
	} else {
		/* A plan cannot take a dose away: a dose left empty is the
		 * exercise's own again, as the handout will print it. */
		set_text(&it->value[key], value, len);
		if (is_blank(it->value[key])) {
			const char *own = own_value(it->page, (size_t)key);
			set_text(&it->value[key], own, strlen(own));
		}
	}
}

/* "pamphlet: plan.yaml:3:5: error: what" -> "the plan file has a
 * mistake at line 3: what" (malloc'd). */
static char *plan_why(const char *msgs)
{
	static const char head[] = "pamphlet: " DESK_PLAN_NAME;
	const char *s = msgs;
	int line = 0;
	if (strncmp(s, head, sizeof head - 1) == 0) {
		s += sizeof head - 1;
		if (*s == ':' && s[1] >= '0' && s[1] <= '9')
			line = (int)strtol(s + 1, NULL, 10);
	}
	const char *what = strstr(msgs, ": error: ");
	if (what == NULL)
		return xstrdup("the plan file could not be read");
	what += strlen(": error: ");
	int n = (int)strcspn(what, "\n");
	if (line > 0)
		return xasprintf("the plan file has a mistake at line %d: %.*s",
				 line, n, what);
	return xasprintf("the plan file has a mistake: %.*s", n, what);
}

int desk_form_load_yaml(struct desk_form *f, const struct site *site,
			const char *yaml, size_t len, char **why)
{
	struct buf mem = BUF_INIT;
	struct diag d = diag_buffered(&mem);
	struct plan *p = plan_parse(DESK_PLAN_NAME, yaml != NULL ? yaml : "",
				    yaml != NULL ? len : 0, site, &d);
	if (p == NULL) {
		*why = plan_why(buf_cstr(&mem));
		buf_free(&mem);
		return -1;
	}
	buf_free(&mem);
	/* The form becomes the plan, its language too (the default when it
	 * names none); the paper is not in a plan. */
	for (size_t i = 0; i < NTOP; i++) {
		const char *v = *(char *const *)(const void *)(
			(const char *)p + top_fields[i].plan_offset);
		set_text(top_slot(f, i), v, v != NULL ? strlen(v) : 0);
	}
	const char *lang = lang_code(p->site);
	set_text(&f->language, lang, strlen(lang));
	items_reset(f);
	for (size_t j = 0; j < p->nexercises; j++) {
		const struct plan_exercise *e = &p->exercises[j];
		for (size_t i = 0; i < f->nitems; i++) {
			struct desk_item *it = &f->items[i];
			/* (By name: a plan in another language has that
			 * language's pages.) */
			if (strcmp(it->page->slug, e->page->slug) != 0)
				continue;
			it->ticked = 1;
			for (size_t k = 0; k < DESK_KEYS; k++) {
				const char *v = *(char *const *)(
					const void *)((const char *)e +
						      plan_ex_offset[k]);
				if (v != NULL)
					set_text(&it->value[k], v, strlen(v));
			}
		}
	}
	plan_free(p);
	return 0;
}

/* ---- checks ---- */

struct errs {
	struct desk_error *v;
	size_t n, cap;
};

static void errs_push(struct errs *e, char *field, char *message)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 8;
		e->v = xrealloc(e->v, e->cap * sizeof *e->v);
	}
	e->v[e->n++] = (struct desk_error){field, message};
}

static int too_long(const char *s)
{
	return utf8_length(s) > PLAN_MAX_TEXT;
}

size_t desk_validate(const struct desk_form *f, struct desk_error **errs)
{
	struct errs e = {NULL, 0, 0};
	for (size_t i = 0; i < NTOP; i++) {
		const struct top_field *t = &top_fields[i];
		const char *v = top_value(f, i);
		if (t->is_date && v[0] != '\0' && !fm_is_date(v))
			errs_push(&e, xstrdup(t->name),
				  xasprintf("%s is not a real date: write it "
					    "as YYYY-MM-DD, such as "
					    DESK_DATE_EXAMPLE ".", t->noun));
		else if (too_long(v))
			errs_push(&e, xstrdup(t->name),
				  xasprintf("%s is too long: at most %d "
					    "characters.", t->noun,
					    PLAN_MAX_TEXT));
	}
	/* The language (the page's next field): one of the site's.  What
	 * was posted is not repeated: it may be anything. */
	const struct site *lang = form_lang(f);
	if (lang == NULL) {
		struct buf names = BUF_INIT;
		for (size_t i = 0; i < site_lang_count(f->site); i++)
			buf_printf(&names, "%s%s", i ? ", " : "",
				   lang_name(site_lang(f->site, i)));
		errs_push(&e, xstrdup("language"),
			  xasprintf("Choose the language of the handout from "
				    "the list: %s.", buf_cstr(&names)));
		buf_free(&names);
	}
	size_t ticked = 0;
	for (size_t i = 0; i < f->nitems; i++)
		ticked += f->items[i].ticked != 0;
	if (ticked == 0)
		errs_push(&e, xstrdup("exercises"),
			  xstrdup("Tick at least one exercise."));
	else if (ticked > PLAN_MAX_EXERCISES)
		errs_push(&e, xstrdup("exercises"),
			  xasprintf("Tick at most %d exercises: %zu are "
				    "ticked.", PLAN_MAX_EXERCISES, ticked));
	/* Only what goes into the plan: a ticked exercise, in the plan's
	 * language (the form lists the default's), and its doses. */
	for (size_t i = 0; i < f->nitems; i++) {
		const struct desk_item *it = &f->items[i];
		if (it->ticked && lang != NULL && lang != f->site &&
		    site_exercise(lang, it->page->slug) == NULL)
			errs_push(&e, xasprintf("ex-%s", it->page->slug),
				  xasprintf("%s has no translation in %s "
					    "(%sexercises/%s.md in the content "
					    "folder): untick it, or choose "
					    "another language.",
					    it->page->title, lang_name(lang),
					    lang->prefix != NULL ? lang->prefix
								 : "",
					    it->page->slug));
		for (size_t k = 0; it->ticked && k < DESK_KEYS; k++)
			if (too_long(it->value[k]))
				errs_push(&e,
					  xasprintf("ex-%s-%s", it->page->slug,
						    desk_keys[k]),
					  xasprintf("\xE2\x80\x9C%s\xE2\x80\x9D "
						    "for %s is too long: at "
						    "most %d characters.",
						    key_labels[k],
						    it->page->title,
						    PLAN_MAX_TEXT));
	}
	*errs = e.v;
	return e.n;
}

void desk_errors_free(struct desk_error *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].field);
		free(e[i].message);
	}
	free(e);
}

/* ---- the plan as YAML ---- */

/* s as a YAML double-quoted scalar: every character that is not
 * printable, or would end or fold the scalar, escaped. */
static void yaml_quoted(struct buf *out, const char *s)
{
	size_t len = strlen(s), i = 0;
	buf_putc(out, '"');
	while (i < len) {
		int32_t cp = 0;
		size_t n = utf8_char(s + i, len - i, &cp);
		if (n == 0) { /* not UTF-8: YAML cannot hold it */
			buf_puts(out, "\\uFFFD");
			i++;
			continue;
		}
		if (cp == '\\' || cp == '"')
			buf_printf(out, "\\%c", (char)cp);
		else if (cp == '\n')
			buf_puts(out, "\\n");
		else if (cp == '\t')
			buf_puts(out, "\\t");
		else if (cp == '\r')
			buf_puts(out, "\\r");
		else if (cp < 0x20 || cp == 0x7F)
			buf_printf(out, "\\x%02X", (unsigned)cp);
		else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
			 cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE ||
			 cp == 0xFFFF)
			buf_printf(out, "\\u%04X", (unsigned)cp);
		else
			buf_put(out, s + i, n);
		i += n;
	}
	buf_putc(out, '"');
}

void desk_plan_yaml(const struct desk_form *f, struct buf *out)
{
	for (size_t i = 0; i < NTOP; i++) {
		const char *v = top_value(f, i);
		if (is_blank(v))
			continue;
		buf_printf(out, "%s: ", top_fields[i].name);
		yaml_quoted(out, v);
		buf_putc(out, '\n');
	}
	if (site_lang_count(f->site) > 1) {
		/* A code of the site's is plain YAML (content.c checks it);
		 * anything else is quoted, for plan.c to refuse. */
		buf_puts(out, "language: ");
		if (form_lang(f) != NULL)
			buf_puts(out, f->language);
		else
			yaml_quoted(out, f->language);
		buf_putc(out, '\n');
	}
	buf_puts(out, "exercises:\n");
	for (size_t i = 0; i < f->nitems; i++) {
		const struct desk_item *it = &f->items[i];
		if (!it->ticked)
			continue;
		/* A slug is [a-z0-9-] (slug.h): plain YAML. */
		buf_printf(out, "  - exercise: %s\n", it->page->slug);
		for (size_t k = 0; k < DESK_KEYS; k++) {
			if (is_blank(it->value[k]) ||
			    strcmp(it->value[k], own_value(it->page, k)) == 0)
				continue;
			buf_printf(out, "    %s: ", desk_keys[k]);
			yaml_quoted(out, it->value[k]);
			buf_putc(out, '\n');
		}
	}
}

/* ---- the page ---- */

/* The page's own look, over the site's stylesheet: fields and targets
 * of at least 24 px (most 44), the mistakes in red with a thick border
 * as well, so that colour is not the only sign. */
static const char desk_style[] =
	"fieldset{border:2px solid #d0d0d0;border-radius:.5rem;"
	"margin:0 0 1.5rem;padding:.5rem 1rem 1rem;min-width:0}"
	"fieldset fieldset{border-width:1px}"
	"legend{font-weight:700;font-size:1.15em;padding:0 .25rem}"
	".desk-field{margin:0 0 1rem}"
	".desk-field label{display:block;font-weight:700}"
	"input,select,textarea,button{font:inherit}"
	"input[type=text],input[type=date],select,textarea{min-height:2.75rem;"
	"width:100%;max-width:30rem;padding:.4rem;border:2px solid #4a4a4a;"
	"border-radius:.25rem;background:#fff;color:#1a1a1a}"
	"input[type=file]{min-height:2.75rem;max-width:100%}"
	"input[type=checkbox]{width:1.75rem;height:1.75rem;margin:0;"
	"flex:none}"
	"button{min-height:2.75rem;padding:.5rem 1.25rem;margin:0 1rem .75rem 0;"
	"border:2px solid #0b4f9c;border-radius:.25rem;background:#0b4f9c;"
	"color:#fff;font-weight:700;cursor:pointer}"
	"button.desk-second{background:#fff;color:#0b4f9c}"
	"input:focus-visible,select:focus-visible,textarea:focus-visible,"
	"button:focus-visible,fieldset:focus,.desk-summary:focus{"
	"outline:3px solid #b35c00;outline-offset:2px}"
	".desk-exercise{border-top:1px solid #d0d0d0;padding:.75rem 0}"
	".desk-exercise::after{content:\"\";display:block;clear:both}"
	".desk-tick{display:flex;align-items:center;gap:.75rem;"
	"margin:0 0 .5rem}"
	".desk-tick label{font-weight:700;padding:.25rem 0}"
	".desk-thumb{float:right;width:6rem;margin:0 0 .5rem 1rem;"
	"border:1px solid #d0d0d0;border-radius:.25rem}"
	".desk-doses{display:grid;gap:0 1rem;"
	"grid-template-columns:repeat(auto-fill,minmax(9rem,1fr))}"
	".desk-doses .desk-wide{grid-column:1/-1}"
	".desk-error{color:#b00020;font-weight:700;margin:.25rem 0}"
	".desk-hint{margin:.25rem 0;max-width:30rem}"
	"[aria-invalid=true]{border:3px solid #b00020}"
	".desk-summary{border:4px solid #b00020;padding:.75rem 1rem;"
	"margin:0 0 1.5rem}"
	".desk-summary h2{margin-top:0}"
	".desk-summary a{color:#b00020;font-weight:700;display:inline-block;"
	"padding:.25rem 0}"
	"@media (max-width:30em){.desk-thumb{width:4.5rem}}";

/* Escaped text. */
static void put_html(struct buf *out, const char *s)
{
	buf_put_html(out, s, strlen(s));
}

/* The mistake about field, or NULL. */
static const struct desk_error *error_for(const struct desk_error *errs,
					  size_t nerr, const char *field)
{
	for (size_t i = 0; i < nerr; i++)
		if (errs[i].field != NULL && strcmp(errs[i].field, field) == 0)
			return &errs[i];
	return NULL;
}

/* The message beside a field with a mistake (its id: FIELD-error). */
static void put_error_text(struct buf *out, const struct desk_error *e)
{
	if (e == NULL)
		return;
	buf_puts(out, "<p class=\"desk-error\" id=\"");
	put_html(out, e->field);
	buf_puts(out, "-error\">");
	put_html(out, e->message);
	buf_puts(out, "</p>\n");
}

/* The attributes of a field with a mistake. */
static void put_invalid(struct buf *out, const struct desk_error *e)
{
	if (e == NULL)
		return;
	buf_puts(out, " aria-invalid=\"true\" aria-describedby=\"");
	put_html(out, e->field);
	buf_puts(out, "-error\"");
}

/* One labelled text field, date field or textarea, named and id'd name,
 * with its mistake if it has one.  A date that is not one is shown as
 * text: a date field would drop it (and be invalid HTML). */
static void put_field(struct buf *out, const char *name, const char *label,
		      const char *value, int is_date, int is_long,
		      const char *cls, const struct desk_error *errs,
		      size_t nerr)
{
	const struct desk_error *e = error_for(errs, nerr, name);
	buf_printf(out, "<div class=\"desk-field%s%s\">\n<label for=\"",
		   cls ? " " : "", cls ? cls : "");
	put_html(out, name);
	buf_puts(out, "\">");
	put_html(out, label);
	buf_puts(out, "</label>\n");
	put_error_text(out, e);
	if (is_long) {
		buf_puts(out, "<textarea id=\"");
		put_html(out, name);
		buf_puts(out, "\" name=\"");
		put_html(out, name);
		buf_puts(out, "\" rows=\"3\"");
		put_invalid(out, e);
		/* A newline the parser drops, so that a value starting
		 * with one keeps it. */
		buf_puts(out, ">\n");
		put_html(out, value);
		buf_puts(out, "</textarea>\n");
	} else {
		int date = is_date && (value[0] == '\0' || fm_is_date(value));
		buf_printf(out, "<input type=\"%s\" id=\"",
			   date ? "date" : "text");
		put_html(out, name);
		buf_puts(out, "\" name=\"");
		put_html(out, name);
		buf_puts(out, "\" value=\"");
		put_html(out, value);
		buf_puts(out, "\"");
		put_invalid(out, e);
		buf_puts(out, ">\n");
	}
	buf_puts(out, "</div>\n");
}

static void put_summary(struct buf *out, const struct desk_error *errs,
			size_t nerr)
{
	if (nerr == 0)
		return;
	buf_puts(out, "<div class=\"desk-summary\" role=\"alert\" "
		      "tabindex=\"-1\" autofocus "
		      "aria-labelledby=\"desk-summary-title\">\n"
		      "<h2 id=\"desk-summary-title\">There is a problem</h2>\n"
		      "<ul>\n");
	for (size_t i = 0; i < nerr; i++) {
		const char *field = errs[i].field;
		buf_puts(out, "<li>");
		if (field != NULL && field[0] != '\0') {
			buf_puts(out, "<a href=\"#");
			put_html(out, field);
			buf_puts(out, "\">");
		}
		put_html(out, errs[i].message);
		if (field != NULL && field[0] != '\0')
			buf_puts(out, "</a>");
		buf_puts(out, "</li>\n");
	}
	buf_puts(out, "</ul>\n</div>\n");
}

/* The handout's language, when the site has more than one: each named
 * in itself, in its own language (lang), the site's order; a hint on
 * what the choice prints, tied to the field as its mistake is. */
static void put_language(struct buf *out, const struct desk_form *f,
			 const struct site *site,
			 const struct desk_error *errs, size_t nerr)
{
	if (site_lang_count(site) < 2)
		return;
	const struct desk_error *e = error_for(errs, nerr, "language");
	buf_puts(out, "<div class=\"desk-field\">\n<label for=\"language\">"
		      "Language of the handout</label>\n"
		      "<p class=\"desk-hint\" id=\"language-hint\">The handout "
		      "is printed in this language, with its translation of "
		      "each exercise and the translation's doses; a dose or "
		      "note you type is printed as you type it.</p>\n");
	put_error_text(out, e);
	buf_puts(out, "<select id=\"language\" name=\"language\"");
	if (e != NULL)
		buf_puts(out, " aria-invalid=\"true\" aria-describedby="
			      "\"language-error language-hint\"");
	else
		buf_puts(out, " aria-describedby=\"language-hint\"");
	buf_puts(out, ">\n");
	for (size_t i = 0; i < site_lang_count(site); i++) {
		const struct site *l = site_lang(site, i);
		const char *code = lang_code(l);
		buf_puts(out, "<option value=\"");
		put_html(out, code);
		buf_puts(out, "\" lang=\"");
		put_html(out, code);
		buf_printf(out, "\"%s>",
			   strcmp(code, f->language) == 0 ? " selected" : "");
		put_html(out, lang_name(l));
		buf_puts(out, "</option>\n");
	}
	buf_puts(out, "</select>\n</div>\n");
}

static void put_patient(struct buf *out, const struct desk_form *f,
			const struct site *site, const struct desk_error *errs,
			size_t nerr)
{
	buf_puts(out, "<fieldset>\n<legend>Patient</legend>\n");
	for (size_t i = 0; i < NTOP; i++)
		put_field(out, top_fields[i].name, top_fields[i].label,
			  top_value(f, i), top_fields[i].is_date,
			  top_fields[i].is_long, NULL, errs, nerr);
	put_language(out, f, site, errs, nerr);
	static const char *const paper_names[] = {"A4", "Letter"};
	const struct desk_error *e = error_for(errs, nerr, "paper");
	buf_puts(out, "<div class=\"desk-field\">\n"
		      "<label for=\"paper\">Paper size</label>\n");
	put_error_text(out, e);
	buf_puts(out, "<select id=\"paper\" name=\"paper\"");
	put_invalid(out, e);
	buf_printf(out, ">\n<option value=\"\"%s>The site's (%s)</option>\n",
		   f->paper < 0 ? " selected" : "",
		   paper_names[site->paper == PAPER_LETTER]);
	buf_printf(out, "<option value=\"a4\"%s>A4</option>\n",
		   f->paper == PAPER_A4 ? " selected" : "");
	buf_printf(out, "<option value=\"letter\"%s>Letter</option>\n",
		   f->paper == PAPER_LETTER ? " selected" : "");
	buf_puts(out, "</select>\n</div>\n</fieldset>\n");
}

/* One exercise: its tick box, first picture and doses, in a group named
 * by its title (so each "How often" is known to be its own). */
static void put_item(struct buf *out, const struct desk_item *it,
		     const struct desk_error *errs, size_t nerr)
{
	const struct page *p = it->page;
	struct buf name = BUF_INIT;
	buf_puts(out, "<div class=\"desk-exercise\" role=\"group\" "
		      "aria-labelledby=\"title-ex-");
	put_html(out, p->slug);
	buf_puts(out, "\">\n");
	if (p->ex != NULL && p->ex->npictures > 0) {
		const struct picture *pic = &p->ex->pictures[0];
		char *url = path_rel_url("index.html", pic->file);
		buf_puts(out, "<img class=\"desk-thumb\" src=\"/");
		put_html(out, url);
		buf_puts(out, "\" alt=\"\"");
		if (pic->width > 0 && pic->height > 0)
			buf_printf(out, " width=\"%d\" height=\"%d\"",
				   pic->width, pic->height);
		buf_puts(out, ">\n");
		free(url);
	}
	buf_reset(&name);
	buf_printf(&name, "ex-%s", p->slug);
	const struct desk_error *e = error_for(errs, nerr, buf_cstr(&name));
	buf_puts(out, "<div class=\"desk-tick\">\n<input type=\"checkbox\" "
		      "id=\"ex-");
	put_html(out, p->slug);
	buf_puts(out, "\" name=\"ex-");
	put_html(out, p->slug);
	buf_printf(out, "\" value=\"on\"%s", it->ticked ? " checked" : "");
	put_invalid(out, e);
	buf_puts(out, ">\n<label for=\"ex-");
	put_html(out, p->slug);
	buf_puts(out, "\" id=\"title-ex-");
	put_html(out, p->slug);
	buf_puts(out, "\">");
	put_html(out, p->title);
	buf_puts(out, "</label>\n</div>\n");
	/* (Its mistake: no translation in the handout's language.) */
	put_error_text(out, e);
	buf_puts(out, "<div class=\"desk-doses\">\n");
	for (size_t k = 0; k < DESK_KEYS; k++) {
		buf_reset(&name);
		buf_printf(&name, "ex-%s-%s", p->slug, desk_keys[k]);
		int is_note = k == DESK_KEYS - 1;
		put_field(out, buf_cstr(&name), key_labels[k], it->value[k],
			  0, is_note, is_note ? "desk-wide" : NULL, errs,
			  nerr);
	}
	buf_puts(out, "</div>\n</div>\n");
	buf_free(&name);
}

/* Every exercise, a fieldset per category in the site's order, inside
 * one fieldset the "exercises" mistake points at. */
static void put_exercises(struct buf *out, const struct site *site,
			  const struct desk_form *f,
			  const struct desk_error *errs, size_t nerr)
{
	const struct desk_error *e = error_for(errs, nerr, "exercises");
	buf_puts(out, "<fieldset id=\"exercises\" tabindex=\"-1\"");
	if (e != NULL)
		buf_puts(out, " aria-describedby=\"exercises-error\"");
	buf_puts(out, ">\n<legend>Exercises</legend>\n"
		      "<p>Tick this patient's exercises. Each dose is the "
		      "exercise's own until you change it; a dose left empty "
		      "is the exercise's own again.</p>\n");
	put_error_text(out, e);
	int open = -1; /* the category whose fieldset is open */
	for (size_t i = 0; i < f->nitems; i++) {
		const struct page *p = f->items[i].page;
		int cat = p->ex != NULL ? p->ex->category : CAT_STRETCH;
		if (cat != open) {
			if (open >= 0)
				buf_puts(out, "</fieldset>\n");
			buf_puts(out, "<fieldset>\n<legend>");
			put_html(out, i18n_get(site->words,
					       category_words[cat]));
			buf_puts(out, "</legend>\n");
			open = cat;
		}
		put_item(out, &f->items[i], errs, nerr);
	}
	if (open >= 0)
		buf_puts(out, "</fieldset>\n");
	buf_puts(out, "</fieldset>\n");
}

void desk_page(const struct desk_form *f, const struct site *site,
	       const struct desk_error *errs, size_t nerr, const char *token,
	       const char *action, const char *css_url, struct buf *out)
{
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"");
	put_html(out, site->lang != NULL ? site->lang : "en");
	buf_puts(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, "
		      "initial-scale=1\">\n<title>");
	/* A screen reader hears that the page came back with mistakes
	 * first (the GOV.UK pattern). */
	if (nerr > 0)
		buf_puts(out, "Error: ");
	buf_puts(out, "Handout desk | ");
	put_html(out, site->title);
	buf_puts(out, "</title>\n<link rel=\"stylesheet\" href=\"");
	put_html(out, css_url);
	buf_printf(out, "\">\n<style>%s</style>\n</head>\n<body>\n"
		   "<main id=\"main\">\n<h1>Handout desk</h1>\n",
		   desk_style);
	put_summary(out, errs, nerr);
	buf_puts(out, "<p>Tick the patient's exercises, change a dose where "
		      "you need to, and make the handout. Nothing you type "
		      "here is kept.</p>\n");
	buf_puts(out, "<form method=\"post\" action=\"");
	put_html(out, action);
	buf_puts(out, "\" enctype=\"multipart/form-data\" autocomplete=\"off\">"
		      "\n<input type=\"hidden\" name=\"token\" value=\"");
	put_html(out, token);
	buf_puts(out, "\">\n");
	put_patient(out, f, site, errs, nerr);
	put_exercises(out, site, f, errs, nerr);
	buf_puts(out, "<div class=\"desk-actions\">\n"
		      "<button type=\"submit\" name=\"action\" value=\"pdf\">"
		      "Make the PDF</button>\n"
		      "<button type=\"submit\" name=\"action\" value=\"yaml\" "
		      "class=\"desk-second\">Download the plan</button>\n"
		      "</div>\n");
	const struct desk_error *e = error_for(errs, nerr, "plan_file");
	buf_puts(out, "<fieldset>\n<legend>Load a plan</legend>\n"
		      "<div class=\"desk-field\">\n<label for=\"plan_file\">"
		      "A plan file (.yaml) saved with \"Download the plan\""
		      "</label>\n");
	put_error_text(out, e);
	buf_puts(out, "<input type=\"file\" id=\"plan_file\" name=\"plan_file\" "
		      "accept=\".yaml,.yml\"");
	put_invalid(out, e);
	buf_puts(out, ">\n</div>\n<button type=\"submit\" name=\"action\" "
		      "value=\"load\" class=\"desk-second\">Load the plan"
		      "</button>\n</fieldset>\n</form>\n</main>\n</body>\n"
		      "</html>\n");
}

/* The SHA-256 of desk_style, in base64: test_desk.c checks it (and
 * prints the new one when the style changes). */
const char *desk_style_csp(void)
{
	return "'sha256-7DFmyC27LU3Rhs/UcjkQ6F0LdVLwmYtmSe+NrPWnMFA='";
}
