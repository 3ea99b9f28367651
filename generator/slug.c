#include "slug.h"

#include <stdlib.h>
#include <utf8proc.h>

#include "buf.h"

char *slugify(const char *s, size_t len)
{
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
		} else if (c < 0x80 || c >= 0xC0) {
			/* ASCII punctuation or the start of a non-ASCII letter
			 * that has no ASCII form: a separator. */
			dash = 1;
		}
	}
	free(norm);
	return buf_detach(&out);
}
