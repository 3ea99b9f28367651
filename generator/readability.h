/*
 * readability.h: how hard a text is to read, by the usual formulas, for
 * the plain-language checks of `pamphlet check` (issue 16).
 *
 * Words, sentences and syllables are counted by our own rules (no
 * library counts syllables well: libhyphen undercounts), then:
 * - English: Flesch-Kincaid grade = 0.39 * words/sentences
 *   + 11.8 * syllables/words - 15.59;
 * - Spanish: Fernández-Huerta (corrected) = 206.84 - 60 * syllables/word
 *   - 1.02 * words/sentence, read on the INFLESZ scale (<40 very hard,
 *   40-55 somewhat hard, 55-65 normal, 65-80 fairly easy, >80 very easy).
 * Pure functions on UTF-8 text: no I/O.
 */
#ifndef PAMPHLET_READABILITY_H
#define PAMPHLET_READABILITY_H

#include <stddef.h>

enum read_lang { READ_EN, READ_ES };

/* Syllables in one word (letters, apostrophes and hyphens; case and
 * accents as written), at least 1 for a word with a letter, else 0. */
int read_syllables(const char *word, size_t len, enum read_lang lang);

/* The counts of a text: sentences end at '.', '!', '?' (also '¿¡' open
 * one in Spanish), at a line break between list items or paragraphs
 * (the caller passes each block separately), never at a decimal point
 * ("2.5") or a known abbreviation ("e.g.", "Dr.").  Numbers count as
 * words of as many syllables as they are read aloud, roughly. */
struct read_counts {
	size_t words, sentences, syllables;
	size_t longest;      /* words in the longest sentence */
};
void read_count(const char *text, size_t len, enum read_lang lang,
		struct read_counts *c);
/* c += d. */
void read_add(struct read_counts *c, const struct read_counts *d);

/* Flesch-Kincaid grade (English), or the Fernández-Huerta index
 * (Spanish); 0 for a text of no word. */
double read_fk_grade(const struct read_counts *c);
double read_fernandez_huerta(const struct read_counts *c);

/* Call fn for each sentence of text: its byte offset, its length and its
 * number of words (for "over 25 words, at its line"). */
void read_sentences(const char *text, size_t len, enum read_lang lang,
		    void (*fn)(void *ctx, size_t at, size_t n, size_t words),
		    void *ctx);

#endif
