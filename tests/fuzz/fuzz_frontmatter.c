/*
 * fuzz_frontmatter.c: libFuzzer entry point for frontmatter.h.
 *
 * Each input is used twice:
 *   1. as a Markdown file: fm_split(), then fm_parse_lines() of its YAML
 *      with a page schema (text, int, bool, date, choice, list);
 *   2. as a whole site.yaml: fm_parse() with a site schema that nests
 *      maps two levels deep (like site.yaml's "clinic:") and has a list
 *      (like "sheet:").
 * Besides the sanitizers, it checks what the headers promise: slices
 * inside the input, a failure always reported, required keys present
 * after success, choices in range, dates real, lists of non-blank text.
 * A broken promise aborts.
 *
 * Diagnostics go to /dev/null: printing them would only slow fuzzing.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, realpath (helpers.h) */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "frontmatter.h"

#define FUZZ_NAME "fuzz_frontmatter"
#include "helpers.h"

static FILE *devnull;

/* ---- page schema: every scalar type ---- */

static const char *const kinds[] = {"stretch", "strength", "aerobic", NULL};

struct page_fm {
	char *title, *summary, *date;
	long order;
	int flag, kind;
	char **tags; /* NULL-terminated */
};

#define PF(key, type, req, field) \
	{key, type, req, offsetof(struct page_fm, field), NULL, NULL, 0, NULL}

static const struct fm_field page_schema[] = {
	PF("title", FM_TEXT, 1, title),
	PF("summary", FM_TEXT, 0, summary),
	PF("last_reviewed", FM_DATE, 0, date),
	PF("order", FM_INT, 0, order),
	PF("draft", FM_BOOL, 0, flag),
	{"category", FM_CHOICE, 1, offsetof(struct page_fm, kind), kinds,
	 NULL, 0, NULL},
	PF("tags", FM_LIST, 0, tags),
};
#define NPAGE (sizeof page_schema / sizeof page_schema[0])

/* ---- site schema: maps in maps ---- */

static const char *const papers[] = {"a4", "letter", NULL};

struct site_fm {
	char *title, *name, *phone, *street, *city, *opened;
	long floor;
	int paper, unsafe;
	char **sheet; /* NULL-terminated */
};

#define SF(key, type, req, field) \
	{key, type, req, offsetof(struct site_fm, field), NULL, NULL, 0, NULL}

static const struct fm_field address_schema[] = {
	SF("street", FM_TEXT, 1, street),
	SF("city", FM_TEXT, 0, city),
	SF("floor", FM_INT, 0, floor),
};

static const struct fm_field clinic_schema[] = {
	SF("name", FM_TEXT, 1, name),
	SF("phone", FM_TEXT, 0, phone),
	SF("opened", FM_DATE, 0, opened),
	{"address", FM_MAP, 0, 0, NULL, address_schema,
	 sizeof address_schema / sizeof address_schema[0], NULL},
};

static const struct fm_field site_schema[] = {
	SF("title", FM_TEXT, 1, title),
	{"clinic", FM_MAP, 1, 0, NULL, clinic_schema,
	 sizeof clinic_schema / sizeof clinic_schema[0], NULL},
	{"paper", FM_CHOICE, 0, offsetof(struct site_fm, paper), papers,
	 NULL, 0, NULL},
	{"unsafe_html", FM_BOOL, 0, offsetof(struct site_fm, unsafe), NULL,
	 NULL, 0, NULL},
	SF("sheet", FM_LIST, 0, sheet),
};
#define NSITE (sizeof site_schema / sizeof site_schema[0])

/* After a successful parse: every item is text that says something. */
static void check_list(char **list)
{
	for (char **p = list; p != NULL && *p != NULL; p++)
		CHECK((*p)[strspn(*p, " \t\r\n")] != '\0');
}

static void free_list(char **list)
{
	for (char **p = list; p != NULL && *p != NULL; p++)
		free(*p);
	free(list);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = open_devnull();
	return 0;
}

static void fuzz_page(const char *text, size_t len)
{
	struct diag d = {.out = devnull};
	struct fm_split s;
	memset(&s, 0, sizeof s);
	if (fm_split("x.md", text, len, &s, &d) != 0) {
		CHECK(d.errors > 0);
		return;
	}
	/* The slices lie in the text, YAML before body. */
	CHECK(s.yaml >= text && s.yaml + s.yaml_len <= text + len);
	CHECK(s.body >= s.yaml + s.yaml_len && s.body + s.body_len == text + len);
	CHECK(s.yaml_line == 2 && s.body_line > s.yaml_line);
	CHECK(d.errors == 0);

	struct page_fm fm;
	memset(&fm, 0, sizeof fm);
	fm.kind = -1;
	int lines[NPAGE] = {0};
	int rc = fm_parse_lines("x.md", s.yaml, s.yaml_len, s.yaml_line,
				page_schema, NPAGE, &fm, lines, &d);
	if (rc != 0) {
		CHECK(d.errors + d.syserrs > 0);
	} else {
		CHECK(d.errors == 0);
		CHECK(fm.title != NULL);
		CHECK(fm.kind >= 0 && fm.kind < 3);
		CHECK(fm.date == NULL || fm_is_date(fm.date));
		CHECK(fm.flag == 0 || fm.flag == 1);
		check_list(fm.tags);
		/* Not "< body_line": libyaml also counts a lone CR, NEL and
		 * U+2028 as line ends, fm_split() only LF. */
		for (size_t i = 0; i < NPAGE; i++)
			CHECK(lines[i] == 0 || lines[i] >= s.yaml_line);
		CHECK(lines[0] != 0 && lines[5] != 0); /* required keys */
	}
	free(fm.title);
	free(fm.summary);
	free(fm.date);
	free_list(fm.tags);
}

static void fuzz_site(const char *text, size_t len)
{
	struct diag d = {.out = devnull};
	struct site_fm fm;
	memset(&fm, 0, sizeof fm);
	int rc = fm_parse("site.yaml", text, len, 1, site_schema, NSITE, &fm,
			  &d);
	if (rc != 0) {
		CHECK(d.errors + d.syserrs > 0);
	} else {
		CHECK(d.errors == 0);
		CHECK(fm.title != NULL && fm.name != NULL);
		CHECK(fm.paper == 0 || fm.paper == 1);
		CHECK(fm.opened == NULL || fm_is_date(fm.opened));
		check_list(fm.sheet);
	}
	free(fm.title);
	free(fm.name);
	free(fm.phone);
	free(fm.street);
	free(fm.city);
	free(fm.opened);
	free_list(fm.sheet);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* data is exactly size bytes of heap: any read past it is caught. */
	fuzz_page((const char *)data, size);
	fuzz_site((const char *)data, size);
	return 0;
}
