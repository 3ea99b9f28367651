/*
 * frontmatter.h: YAML front matter and YAML configuration, with libyaml.
 *
 * fm_split() finds the "---" block at the top of a Markdown file;
 * fm_parse() reads a YAML mapping into a C struct, following a schema of
 * typed fields, and reports every unknown key, wrong type, missing
 * required key, duplicate key and bad value at its FILE:LINE:COL.
 *
 * This module knows YAML and the schema format; it does not know what a
 * page or a site is (content.c owns the schemas).
 */
#ifndef PAMPHLET_FRONTMATTER_H
#define PAMPHLET_FRONTMATTER_H

#include <stddef.h>

#include "diag.h"

/* A Markdown file cut in two.  Slices point into the caller's text. */
struct fm_split {
	const char *yaml; /* the YAML between the fences */
	size_t yaml_len;
	int yaml_line;    /* line number of the YAML's first line */
	const char *body; /* the Markdown after the closing fence */
	size_t body_len;
	int body_line;    /* line number of the body's first line */
};

/* Split text (a whole file, a UTF-8 BOM allowed) at its front matter,
 * which must open on the first line with "---" and close with a line
 * "---" (or "...").  CRLF line ends and trailing spaces on the fence
 * lines are accepted.  Returns 0, or -1 after reporting a missing or
 * unclosed block. */
int fm_split(const char *path, const char *text, size_t len,
	     struct fm_split *out, struct diag *d);

enum fm_type {
	FM_TEXT,   /* any scalar -> char * (malloc'd), absent: stays NULL;
		    * normalised to NFC (text.h) */
	FM_RAW,    /* as FM_TEXT, byte for byte: a file name or an address,
		    * which must match the file as it is named */
	FM_INT,    /* a whole number -> long */
	FM_BOOL,   /* true/false/yes/no -> int */
	FM_DATE,   /* YYYY-MM-DD, a real calendar date -> char * */
	FM_CHOICE, /* one of choices[] -> int (its index) */
	FM_MAP,    /* a nested mapping read with sub[0..nsub) into dest */
	FM_LIST,   /* a list of text -> char ** (malloc'd, NULL-terminated) */
	FM_ITEMS,  /* a list of mappings, each read with sub[0..nsub) into
		    * one element of a malloc'd array laid out as items says */
};

/* Where an FM_ITEMS list goes: the array (void *) at the field's offset,
 * its length (size_t) at count_offset, each item_size bytes, each
 * item's line (int) at item_line_offset in it (0: not kept). */
struct fm_items {
	size_t item_size, count_offset, item_line_offset;
	size_t max_items; /* more is an error */
	size_t item_col_offset; /* of an int for its column; 0: not kept */
};

struct fm_field {
	const char *key;
	enum fm_type type;
	int required;                  /* FM_ITEMS: and not empty ("[]") */
	size_t offset;                 /* where in dest the value goes */
	const char *const *choices;    /* FM_CHOICE: NULL-terminated */
	const struct fm_field *sub;    /* FM_MAP, FM_ITEMS: nested schema */
	size_t nsub;
	const struct fm_items *items;  /* FM_ITEMS: the array's layout */
};

/* Free the text values of f's items in dest (an FM_ITEMS field), and
 * the array; leaves them NULL and 0. */
void fm_items_free(const struct fm_field *f, void *dest);

/* Parse yaml (a mapping) into dest with schema[0..n).  line_offset is the
 * line in path where yaml starts (1 for a whole file).  Fields not in the
 * YAML keep the value dest already had.  Every error is reported.
 * Returns 0 when the mapping was read with no error, else -1.  The
 * strings stored in dest are the caller's to free, even on error. */
int fm_parse(const char *path, const char *yaml, size_t len, int line_offset,
	     const struct fm_field *schema, size_t n, void *dest,
	     struct diag *d);

/* fm_parse(), also storing in lines[i] the line of schema[i]'s key
 * (0 when absent) for messages about values checked later. */
int fm_parse_lines(const char *path, const char *yaml, size_t len,
		   int line_offset, const struct fm_field *schema, size_t n,
		   void *dest, int *lines, struct diag *d);

/* fm_parse_lines() for a schema whose fields go into several structs:
 * top-level field i into dests[bases[i]] (at its offset); nested ones
 * into the struct of the field that holds them. */
int fm_parse_into(const char *path, const char *yaml, size_t len,
		  int line_offset, const struct fm_field *schema, size_t n,
		  void *const *dests, const unsigned char *bases, int *lines,
		  struct diag *d);

/* fm_parse_lines() with limits, for files that hold patient details
 * (a handout's plan): every text longer than max_text characters (0: no
 * limit) is an error, and with hide_values no message repeats a value
 * that was written (a date that is not one may be a name). */
struct fm_opts {
	size_t max_text;
	int hide_values;
};
int fm_parse_opts(const char *path, const char *yaml, size_t len,
		  int line_offset, const struct fm_field *schema, size_t n,
		  void *dest, int *lines, const struct fm_opts *opts,
		  struct diag *d);

/* Deepest YAML nesting accepted (lists in lists...). */
#define FM_MAX_DEPTH 16

/* 1 if s is a YYYY-MM-DD date that exists in the calendar. */
int fm_is_date(const char *s);

/* Edit distance (bytes inserted, deleted or changed) between a and b,
 * for "did you mean" hints; 99 when either is longer than
 * FM_DISTANCE_MAX bytes. */
#define FM_DISTANCE_MAX 63
size_t fm_distance(const char *a, const char *b);

#endif
