#include "fields.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

static const char *const category_choices[] = {"stretch", "strength",
					       "aerobic", NULL};

#define BOTH (FIELD_SECTIONS | FIELD_EXERCISES)
/* A text of the page, a text of the exercise, and the rest. */
#define PAGE_TEXT(key, req, pages, member)                                 \
	{key, FM_TEXT, req, pages, FIELD_IN_PAGE,                          \
	 offsetof(struct page, member), NULL, 0, 0, 0, NULL, 0, NULL}
#define EX_TEXT(key, member)                                               \
	{key, FM_TEXT, 0, FIELD_EXERCISES, FIELD_IN_EXERCISE,              \
	 offsetof(struct exercise, member), NULL, 0, 0, 0, NULL, 0, NULL}

/* The keys of one item of "pictures:". */
#define PIC_TEXT(key, type, req, member)                                   \
	{key, type, req, offsetof(struct picture, member), NULL, NULL, 0, NULL}
static const struct fm_field picture_keys[] = {
	PIC_TEXT("file", FM_RAW, 1, file),
	PIC_TEXT("alt", FM_TEXT, 1, alt),
	PIC_TEXT("caption", FM_TEXT, 0, caption),
};

static const struct fm_items picture_list = {
	sizeof(struct picture), offsetof(struct exercise, npictures),
	offsetof(struct picture, line), FIELDS_MAX_PICTURES, 0};

const struct field fields[] = {
	PAGE_TEXT("title", 1, BOTH, title),
	PAGE_TEXT("nav_title", 0, FIELD_SECTIONS, nav_title),
	{"category", FM_CHOICE, 1, FIELD_EXERCISES, FIELD_IN_EXERCISE,
	 offsetof(struct exercise, category), category_choices, -1, 0, 0, NULL, 0,
	 NULL},
	EX_TEXT("frequency", frequency),
	EX_TEXT("duration", duration),
	{"order", FM_INT, 0, FIELD_EXERCISES, FIELD_IN_EXERCISE,
	 offsetof(struct exercise, order), NULL, LONG_MAX, 0, 0, NULL, 0, NULL},
	EX_TEXT("summary", summary),
	/* (A file name: kept as written, not normalised.) */
	{"image", FM_RAW, 0, FIELD_EXERCISES, FIELD_IN_EXERCISE,
	 offsetof(struct exercise, image), NULL, 0, 1,
	 offsetof(struct exercise, image_line), NULL, 0, NULL},
	{"image_alt", FM_TEXT, 0, FIELD_EXERCISES, FIELD_IN_EXERCISE,
	 offsetof(struct exercise, image_alt), NULL, 0, 1,
	 offsetof(struct exercise, image_alt_line), NULL, 0, NULL},
	{.key = "pictures", .type = FM_ITEMS, .pages = FIELD_EXERCISES,
	 .home = FIELD_IN_EXERCISE, .offset = offsetof(struct exercise, pictures),
	 .sub = picture_keys, .nsub = ARRAY_LEN(picture_keys),
	 .items = &picture_list},
	EX_TEXT("sets", sets),
	EX_TEXT("reps", reps),
	EX_TEXT("hold", hold),
	EX_TEXT("sides", sides),
	EX_TEXT("equipment", equipment),
	{"as_advised", FM_BOOL, 0, FIELD_EXERCISES, FIELD_IN_EXERCISE,
	 offsetof(struct exercise, as_advised), NULL, 0, 0, 0, NULL, 0, NULL},
	{"key_points", FM_LIST, 0, FIELD_SECTIONS, FIELD_IN_PAGE,
	 offsetof(struct page, key_points), NULL, 0, 0, 0, NULL, 0, NULL},
	PAGE_TEXT("description", 0, BOTH, description),
	{"last_reviewed", FM_DATE, 0, BOTH, FIELD_IN_PAGE,
	 offsetof(struct page, last_reviewed), NULL, 0, 0, 0, NULL, 0,
	 NULL},
	PAGE_TEXT("reviewed_by", 0, BOTH, reviewed_by),
};
const size_t nfields = ARRAY_LEN(fields);
_Static_assert(ARRAY_LEN(fields) <= FIELDS_MAX,
	       "more front-matter keys than FIELDS_MAX (fields.h)");

void fields_schema(enum page_kind kind, struct field_schema *s)
{
	unsigned want = kind == PAGE_EXERCISE ? FIELD_EXERCISES : FIELD_SECTIONS;
	s->n = 0;
	for (size_t i = 0; i < nfields && s->n < FIELDS_MAX; i++) {
		const struct field *f = &fields[i];
		if (!(f->pages & want))
			continue;
		s->fm[s->n] = fields_fm(f);
		s->base[s->n] = (unsigned char)f->home;
		s->row[s->n] = f;
		s->n++;
	}
}

struct fm_field fields_fm(const struct field *f)
{
	return (struct fm_field){
		.key = f->key, .type = f->type, .required = f->required,
		.offset = f->offset, .choices = f->choices, .sub = f->sub,
		.nsub = f->nsub, .items = f->items};
}

static char *home_of(const struct field *f, struct page *p)
{
	if (f->home == FIELD_IN_PAGE)
		return (char *)p;
	return (char *)p->ex; /* NULL for a section page */
}

void *field_value(const struct field *f, struct page *p)
{
	char *base = home_of(f, p);
	return base != NULL ? base + f->offset : NULL;
}

int *field_line(const struct field *f, struct page *p)
{
	char *base = home_of(f, p);
	return base != NULL && f->keeps_line
		       ? (int *)(void *)(base + f->line_offset)
		       : NULL;
}

const void *field_get(const struct field *f, const struct page *p)
{
	const char *base = f->home == FIELD_IN_PAGE ? (const char *)p
						    : (const char *)p->ex;
	return base != NULL ? base + f->offset : NULL;
}

const int *field_get_line(const struct field *f, const struct page *p)
{
	const char *base = f->home == FIELD_IN_PAGE ? (const char *)p
						    : (const char *)p->ex;
	return base != NULL && f->keeps_line
		       ? (const int *)(const void *)(base + f->line_offset)
		       : NULL;
}

void fields_clear(struct page *p)
{
	for (size_t i = 0; i < nfields; i++) {
		const struct field *f = &fields[i];
		void *v = field_value(f, p);
		if (v == NULL)
			continue;
		if (f->type == FM_INT)
			*(long *)v = f->unset;
		else if (f->type == FM_CHOICE || f->type == FM_BOOL)
			*(int *)v = (int)f->unset;
		else if (f->type == FM_ITEMS) {
			*(void **)v = NULL;
			*(size_t *)(void *)((char *)v - f->offset +
					    f->items->count_offset) = 0;
		} else
			*(char **)v = NULL;
		int *line = field_line(f, p);
		if (line != NULL)
			*line = 0;
	}
}

void fields_free(struct page *p)
{
	for (size_t i = 0; i < nfields; i++) {
		const struct field *f = &fields[i];
		char **v = field_value(f, p);
		if (v != NULL && f->type == FM_ITEMS) {
			struct fm_field fm = fields_fm(f);
			fm_items_free(&fm, (char *)v - f->offset);
		} else if (v != NULL && (f->type == FM_TEXT || f->type == FM_RAW ||
				  f->type == FM_DATE)) {
			free(*v);
			*v = NULL;
		} else if (v != NULL && f->type == FM_LIST) {
			char **list = *(char ***)(void *)v;
			for (size_t k = 0; list != NULL && list[k]; k++)
				free(list[k]);
			free(list);
			*v = NULL;
		}
	}
}

char *fields_signature(void)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < nfields; i++) {
		buf_printf(&b, "%s:%d:%u:%d:%d;", fields[i].key,
			   (int)fields[i].type, fields[i].pages,
			   (int)fields[i].home, fields[i].keeps_line);
		for (size_t j = 0; j < fields[i].nsub; j++)
			buf_printf(&b, "%s.%s:%d;", fields[i].key,
				   fields[i].sub[j].key,
				   (int)fields[i].sub[j].type);
	}
	return buf_detach(&b);
}
