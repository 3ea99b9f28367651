/*
 * fields.h: the front-matter keys of pages and exercises, one row each.
 *
 * This table is the one description of a key: its name and type,
 * whether it is required, which pages take it and where its value lands
 * in the model (struct page or struct exercise, model.h).  The loader
 * reads front matter with it (so unknown keys, wrong types and missing
 * keys are reported from it), page_free() frees with it, and the build
 * cache writes and reads pages with it.  Adding a key is one row here
 * plus the lines of a template or of the sheet's card that show it.
 * (site.yaml's keys are content.c's: they are read once, never cached.)
 */
#ifndef PAMPHLET_FIELDS_H
#define PAMPHLET_FIELDS_H

#include <stddef.h>

#include "model.h"
#include "frontmatter.h"

/* Which pages take a key. */
#define FIELD_SECTIONS 1u  /* index.md, causes.md... */
#define FIELD_EXERCISES 2u /* exercises/NAME.md */

/* The struct a value lands in. */
enum field_home { FIELD_IN_PAGE, FIELD_IN_EXERCISE };

struct field {
	const char *key;
	enum fm_type type;     /* FM_TEXT, FM_DATE (char *), FM_INT (long),
				* FM_CHOICE, FM_BOOL (int: the choice's
				* index, 0 or 1), FM_LIST (char **, NULL-
				* terminated; section pages only: they are
				* never cached), 
				* FM_ITEMS (an array of structs) */
	int required;
	unsigned pages;        /* FIELD_SECTIONS and/or FIELD_EXERCISES */
	enum field_home home;
	size_t offset;         /* of the value in its struct */
	const char *const *choices; /* FM_CHOICE: NULL-terminated */
	long unset;            /* FM_INT, FM_CHOICE: the value when absent */
	int keeps_line;        /* 1: the key's line is kept, at line_offset */
	size_t line_offset;    /* of an int in the same struct */
	/* FM_ITEMS (frontmatter.h): the items' keys and layout. */
	const struct fm_field *sub;
	size_t nsub;
	const struct fm_items *items;
};

extern const struct field fields[];
extern const size_t nfields;

/* The fm_parse_into() schema of the pages of one kind: the rows that
 * kind takes, in table order. */
#define FIELDS_MAX 32
struct field_schema {
	struct fm_field fm[FIELDS_MAX];
	unsigned char base[FIELDS_MAX]; /* enum field_home of each */
	const struct field *row[FIELDS_MAX];
	size_t n;
};
void fields_schema(enum page_kind kind, struct field_schema *s);

/* Where field f's value is in page p (in p->ex for an exercise's), or
 * NULL when p has no such part. */
void *field_value(const struct field *f, struct page *p);
/* Where its key's line is kept, or NULL. */
int *field_line(const struct field *f, struct page *p);
/* The same two, to read. */
const void *field_get(const struct field *f, const struct page *p);
const int *field_get_line(const struct field *f, const struct page *p);

/* The most pictures an exercise may have. */
#define FIELDS_MAX_PICTURES 8

/* Row f as frontmatter.h's schema takes it. */
struct fm_field fields_fm(const struct field *f);

/* Set every value of p to "absent" (NULL, or the row's unset value). */
void fields_clear(struct page *p);
/* Free every text value of p. */
void fields_free(struct page *p);

/* A text that changes when the table does (keys, types, homes): the
 * build cache's key includes it.  Caller frees. */
char *fields_signature(void);

#endif
