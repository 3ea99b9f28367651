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
 * Knows UTF-8 and utf8proc; nothing about pages, Markdown or PDF.
 */
#ifndef PAMPHLET_TEXT_H
#define PAMPHLET_TEXT_H

#include <stddef.h>

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

#endif
