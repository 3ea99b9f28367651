/*
 * buf.h: the one growable byte buffer (after cmark's strbuf and lowdown's
 * lowdown_buf).  Always NUL-terminated once anything was put in it, so
 * data can be used as a C string when it holds text.
 *
 * Ownership: the buffer owns data until buf_detach() hands it to the caller.
 * A zero-initialised struct buf (BUF_INIT) is a valid empty buffer.
 */
#ifndef PAMPHLET_BUF_H
#define PAMPHLET_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* bytes, NUL-terminated; NULL while nothing was put */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap; /* bytes allocated */
};

#define BUF_INIT {NULL, 0, 0}

void buf_grow(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, int c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Empty the buffer, keep its memory. */
void buf_reset(struct buf *b);
/* Cut the buffer to len bytes (len <= b->len). */
void buf_truncate(struct buf *b, size_t len);
/* The contents as a C string ("" when empty); still owned by b. */
const char *buf_cstr(const struct buf *b);
/* Caller frees the returned string; b is left empty. Never NULL. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

/* Append s with & < > " ' escaped for HTML text and quoted attributes. */
void buf_put_html(struct buf *b, const char *s, size_t len);
/* Append s escaped for a JSON string body (no quotes added); also escapes
 * < > & and U+2028/2029 so the result is safe inside <script>. */
void buf_put_json(struct buf *b, const char *s, size_t len);
/* Append s escaped for XML text (sitemap). */
#define buf_put_xml buf_put_html

#endif
