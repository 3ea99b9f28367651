#include "diag.h"

#include "buf.h"

static void emit(struct diag *d, const char *file, int line, int col,
		 const char *level, const char *fmt, va_list ap)
{
	if (d->mem != NULL) {
		struct buf *b = d->mem;
		buf_puts(b, "pamphlet: ");
		if (file != NULL) {
			buf_puts(b, file);
			if (line > 0)
				buf_printf(b, ":%d", line);
			if (line > 0 && col > 0)
				buf_printf(b, ":%d", col);
			buf_puts(b, ": ");
		}
		buf_printf(b, "%s: ", level);
		buf_vprintf(b, fmt, ap);
		buf_putc(b, '\n');
		return;
	}
	FILE *f = d->out ? d->out : stderr;
	fputs("pamphlet: ", f);
	if (file != NULL) {
		fputs(file, f);
		if (line > 0) {
			fprintf(f, ":%d", line);
			if (col > 0)
				fprintf(f, ":%d", col);
		}
		fputs(": ", f);
	}
	fprintf(f, "%s: ", level);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
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
