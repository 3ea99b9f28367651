#include "slug.h"

#include <stdlib.h>
#include <utf8proc.h>

#include "buf.h"
#include "util.h"

/* Latin letters with no decomposition to strip: their usual spelling
 * in plain letters, so "Æsir" is "aesir", not "sir".  Keys are the
 * case-folded UTF-8. */
static const struct {
	const char *utf8;
	const char *ascii;
} translit[] = {
	{"\xC3\xA6", "ae"}, /* æ */
	{"\xC3\xB8", "o"},  /* ø */
	{"\xC3\xB0", "d"},  /* ð */
	{"\xC3\xBE", "th"}, /* þ */
	{"\xC4\x91", "d"},  /* đ */
	{"\xC4\xA7", "h"},  /* ħ */
	{"\xC4\xB1", "i"},  /* ı */
	{"\xC5\x82", "l"},  /* ł */
	{"\xC5\x93", "oe"}, /* œ */
	{"\xC5\xA7", "t"},  /* ŧ */
};

/* The plain spelling of the letter at p, or NULL. */
static const char *plain_letter(const char *p, size_t left)
{
	for (size_t i = 0; i < sizeof translit / sizeof translit[0]; i++)
		if (left >= 2 && p[0] == translit[i].utf8[0] &&
		    p[1] == translit[i].utf8[1])
			return translit[i].ascii;
	return NULL;
}

/* 1 if s[0..len) is already a slug: a-z, 0-9 and single inner '-'. */
static int is_slug(const char *s, size_t len)
{
	if (len == 0 || s[0] == '-' || s[len - 1] == '-')
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '-' ? s[i + 1] == '-'
			     : !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

char *slugify(const char *s, size_t len)
{
	/* Most file names already are one (a build slugs each of them). */
	if (is_slug(s, len))
		return xstrndup(s, len);
	struct buf out = BUF_INIT;
	utf8proc_uint8_t *norm = NULL;
	/* Decompose so "é" is "e" + a combining accent we can drop. */
	utf8proc_ssize_t n = utf8proc_map(
		(const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &norm,
		UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
			UTF8PROC_CASEFOLD);
	const char *p = n >= 0 ? (const char *)norm : s;
	size_t plen = n >= 0 ? (size_t)n : len;
	int dash = 0;
	for (size_t i = 0; i < plen; i++) {
		unsigned char c = (unsigned char)p[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && out.len > 0)
				buf_putc(&out, '-');
			dash = 0;
			buf_putc(&out, c);
		} else if (c >= 'A' && c <= 'Z') {
			if (dash && out.len > 0)
				buf_putc(&out, '-');
			dash = 0;
			buf_putc(&out, c - 'A' + 'a');
		} else if (c >= 0xC0 && plain_letter(p + i, plen - i) != NULL) {
			if (dash && out.len > 0)
				buf_putc(&out, '-');
			dash = 0;
			buf_puts(&out, plain_letter(p + i, plen - i));
			i++; /* both bytes of the letter */
		} else if (c < 0x80 || c >= 0xC0) {
			/* ASCII punctuation or the start of a non-ASCII letter
			 * that has no ASCII form: a separator. */
			dash = 1;
		}
	}
	free(norm);
	return buf_detach(&out);
}
