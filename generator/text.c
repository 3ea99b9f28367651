/*
 * text.c: NFC normalisation (text.h).
 */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"

#define NFC_OPTIONS ((utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE))

int text_may_compose(const char *s, size_t len)
{
	/* U+0300 is 0xCC 0x80: every character from there up starts with
	 * a byte of 0xCC or more, every one below with a smaller byte. */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0xCC)
			return 1;
	return 0;
}

int text_nfc(struct buf *out, const char *s, size_t len)
{
	if (!text_may_compose(s, len)) {
		buf_put(out, s, len);
		return 0;
	}
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = utf8proc_decompose(u, (utf8proc_ssize_t)len, NULL,
						0, NFC_OPTIONS);
	if (n < 0) {
		buf_put(out, s, len); /* not UTF-8: nothing to compose */
		return 0;
	}
	/* utf8proc_map() would allocate with malloc; this way running out
	 * of memory ends the program like everywhere else. */
	utf8proc_int32_t *cps = xmalloc(((size_t)n + 1) * sizeof *cps);
	n = utf8proc_decompose(u, (utf8proc_ssize_t)len, cps, n, NFC_OPTIONS);
	utf8proc_ssize_t bytes = n < 0 ? n : utf8proc_reencode(cps, n,
							     NFC_OPTIONS);
	int changed = 0;
	if (bytes < 0) {
		buf_put(out, s, len);
	} else {
		const char *t = (const char *)cps;
		changed = (size_t)bytes != len || memcmp(t, s, len) != 0;
		buf_put(out, t, (size_t)bytes);
	}
	free(cps);
	return changed;
}

char *text_nfc_dup(const char *s)
{
	if (s == NULL)
		return NULL;
	size_t len = strlen(s);
	if (!text_may_compose(s, len))
		return xstrdup(s);
	struct buf b = BUF_INIT;
	text_nfc(&b, s, len);
	return buf_detach(&b);
}
