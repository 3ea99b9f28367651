/*
 * text.h: Unicode text as editors save it.
 *
 * NFC normalisation: a Mac editor may save "está" as "a" followed by
 * U+0301 (combining acute accent); the same word typed elsewhere is one
 * character, U+00E1.  Both must print and compare alike, so the text
 * read from content files is normalised to NFC (composed) once, as it
 * is parsed: frontmatter.c for YAML values, markdown.c for the text of
 * a body.  Positions in messages are never affected: they come from the
 * parsers, which read the files as they are.
 *
 * Character places: where each non-ASCII character of a file first
 * appears (line and column, as an editor counts them), so that a message
 * about a character found later, in text taken from that file (the
 * sheet cannot print an emoji), can point at it.
 *
 * Knows UTF-8 and utf8proc; nothing about pages, Markdown or PDF.
 */
#ifndef PAMPHLET_TEXT_H
#define PAMPHLET_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Append s[0..len) in Unicode normalisation form C to out.  Returns 1 if
 * that differs from s, else 0 (out got s as it is).  Text that is not
 * valid UTF-8 is appended as it is. */
int text_nfc(struct buf *out, const char *s, size_t len);

/* A malloc'd NFC copy of s (NULL for NULL); caller frees. */
char *text_nfc_dup(const char *s);

/* 1 if NFC could change s[0..len): it has a character from U+0300 up
 * (every character below U+0300 is its own NFC, and none combines with
 * the one before it).  A fast test for the usual, Latin, text. */
int text_may_compose(const char *s, size_t len);

/* Where each non-ASCII character of a file appears: the first place on
 * each line it is on. */
/* Move *line and *col past character cp, as editors count them: a line
 * feed starts the next line, anything else is one column. */
void text_advance(int32_t cp, int *line, int *col);

struct text_places;

/* Index text[0..len) (a whole file, valid UTF-8).  Lines and columns
 * count from 1; a column counts characters, a UTF-8 BOM included (as
 * libyaml and content.c's UTF-8 check do).  A character written
 * decomposed (e + U+0301) is also indexed as the character NFC makes of
 * it (é), at the place of its first letter.  Caller frees with
 * text_places_free(). */
struct text_places *text_places_new(const char *text, size_t len);
void text_places_free(struct text_places *tp); /* NULL is fine */

/* The line and column of the first appearance of code point cp on line
 * from_line or after (from_line 0: in the whole file; if it is not
 * there from that line on, its first place all the same).  Returns 0 and
 * leaves *line and *col alone if cp does not appear (or tp is NULL, or
 * cp is ASCII), else 1. */
int text_places_find(const struct text_places *tp, long cp, int from_line,
		     int *line, int *col);

#endif
