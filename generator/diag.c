#include "diag.h"

#include "buf.h"
#include "util.h"

/* Append s[0..len) to out, escaped as diag.h says: one line, safe for a
 * terminal. */
static void put_printable(struct buf *out, const char *s, size_t len)
{
	static const char letter[] = "abtnvfr"; /* for \a (7) .. \r (13) */
	size_t i = 0;
	while (i < len) {
		int32_t cp = 0;
		size_t n = utf8_char(s + i, len - i, &cp);
		if (n > 0 && cp >= 0x20 && cp != 0x7F &&
		    !(cp >= 0x80 && cp <= 0x9F)) {
			buf_put(out, s + i, n);
			i += n;
		} else if (n > 0 && cp >= 7 && cp <= 13) {
			buf_putc(out, '\\');
			buf_putc(out, letter[cp - 7]);
			i += n;
		} else {
			/* Other controls, byte by byte (C1 as its two
			 * bytes); invalid UTF-8 one byte at a time, the
			 * next byte may start a valid character. */
			for (size_t k = n > 0 ? n : 1; k > 0; k--, i++)
				buf_printf(out, "\\%03o", (unsigned char)s[i]);
		}
	}
}

static void emit(struct diag *d, const char *file, int line, int col,
		 const char *level, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT, esc = BUF_INIT;
	if (file != NULL) {
		buf_puts(&msg, file);
		if (line > 0)
			buf_printf(&msg, ":%d", line);
		if (line > 0 && col > 0)
			buf_printf(&msg, ":%d", col);
		buf_puts(&msg, ": ");
	}
	buf_printf(&msg, "%s: ", level);
	buf_vprintf(&msg, fmt, ap);
	struct buf *out = d->mem != NULL ? d->mem : &esc;
	buf_puts(out, "pamphlet: ");
	put_printable(out, msg.data, msg.len);
	buf_putc(out, '\n');
	if (d->mem == NULL)
		fwrite(esc.data, 1, esc.len, d->out ? d->out : stderr);
	buf_free(&msg);
	buf_free(&esc);
}

void diag_verror(struct diag *d, const char *file, int line, int col,
		 const char *fmt, va_list ap)
{
	d->errors++;
	emit(d, file, line, col, "error", fmt, ap);
}

void diag_error(struct diag *d, const char *file, int line, int col,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_verror(d, file, line, col, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, const char *file, int line, int col,
		  const char *fmt, ...)
{
	va_list ap;
	d->warnings++;
	va_start(ap, fmt);
	emit(d, file, line, col, "warning", fmt, ap);
	va_end(ap);
}

void diag_syserr(struct diag *d, const char *path, const char *fmt, ...)
{
	va_list ap;
	d->syserrs++;
	va_start(ap, fmt);
	emit(d, path, 0, 0, "error", fmt, ap);
	va_end(ap);
}

int diag_exit_code(const struct diag *d)
{
	if (d->syserrs)
		return EXIT_SYSTEM;
	if (d->errors)
		return EXIT_CONTENT;
	return EXIT_OK;
}

int diag_failed(const struct diag *d)
{
	return d->errors + d->syserrs > 0;
}

struct diag diag_buffered(struct buf *mem)
{
	struct diag d = {NULL, 0, 0, 0, mem};
	return d;
}

void diag_merge(struct diag *into, const struct diag *from)
{
	into->errors += from->errors;
	into->syserrs += from->syserrs;
	into->warnings += from->warnings;
	if (from->mem == NULL || from->mem->len == 0)
		return;
	if (into->mem != NULL)
		buf_put(into->mem, from->mem->data, from->mem->len);
	else
		fwrite(from->mem->data, 1, from->mem->len,
		       into->out ? into->out : stderr);
}
