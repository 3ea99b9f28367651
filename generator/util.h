/*
 * util.h: allocation that cannot fail (it exits with a message instead),
 * and small string and UTF-8 helpers.  Owns nothing.
 *
 * Running out of memory ends the program (cmark/mandoc style), so every
 * other failure in pamphlet is a real input or OS error worth reporting.
 */
#ifndef PAMPHLET_UTIL_H
#define PAMPHLET_UTIL_H

#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Caller frees the returned copy. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Caller frees: a newly allocated printf result. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The UTF-8 character that s[0..len) starts with (len > 0): its length
 * in bytes, and its code point in *cp; 0 when s starts with anything but
 * valid UTF-8 (utf8proc's rules: overlong forms, surrogates and cut-short
 * sequences are invalid). */
/* The number of characters (code points) in UTF-8 text s: bytes that
 * do not continue a sequence. */
size_t utf8_length(const char *s);
size_t utf8_char(const char *s, size_t len, int32_t *cp);

/* Whether s starts with prefix, ASCII letters in s compared without
 * case; prefix is written in lower case ("http:", "www."). */
int str_has_prefix_nocase(const char *s, const char *prefix);

/* A 64-bit hash of data[0..len) (XXH3): tells changed bytes apart. */
uint64_t hash_bytes(const void *data, size_t len);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
