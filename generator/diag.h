/*
 * diag.h: diagnostics like a compiler's.
 *
 *   pamphlet: FILE:LINE:COL: error: MESSAGE
 *   pamphlet: FILE: error: MESSAGE          (when no line is known)
 *
 * Every message is one line and safe to print on a terminal, whatever
 * the file name or a quoted value holds.  The whole line (file, path and
 * message) is printed as it is but for these, escaped as
 * `ls --quoting-style=c` would, without its quotes:
 *   - \a \b \t \n \v \f \r for those controls (a name with a newline
 *     prints as "a\nb.md");
 *   - \ooo (three octal digits) for every byte of the other C0
 *     controls, DEL and the C1 controls U+0080..U+009F (ESC is \033,
 *     U+0085 is \302\205);
 *   - \ooo for each byte that is not part of valid UTF-8 (as
 *     utf8proc_iterate() decides: a lone 0xFF is \377; overlong forms,
 *     surrogates and cut-short sequences too).
 * Everything else, valid UTF-8 such as "é" and the backslash itself, is
 * unchanged, so messages about ordinary names are exactly what they
 * were.  Unlike ls, a backslash is not doubled: a message may then be
 * read two ways (a name holding backslash-n, or a newline), a fair price
 * for leaving every message about names and values with a backslash, such
 * as a Windows path, as it was.
 *
 * A struct diag counts what was reported and gives the exit code of the
 * worst problem seen.  It owns nothing but its counters; messages go
 * straight to its stream (stderr in the program, a memstream in tests).
 */
#ifndef PAMPHLET_DIAG_H
#define PAMPHLET_DIAG_H

#include <stdarg.h>
#include <stdio.h>

/* Exit codes, documented in --help, pamphlet.1 and README.md. */
enum {
	EXIT_OK = 0,      /* success */
	EXIT_CONTENT = 1, /* errors in content or templates */
	EXIT_USAGE = 2,   /* command-line misuse */
	EXIT_SYSTEM = 3,  /* system errors: I/O, missing folder, full disk */
};

struct buf;

struct diag {
	FILE *out;    /* where messages go; NULL means stderr */
	int errors;   /* content and template errors */
	int syserrs;  /* system (I/O) errors */
	int warnings; /* warnings (do not change the exit code) */
	struct buf *mem; /* if set, messages go here instead (diag_merge) */
};

/* A diag that keeps its messages in memory, for work done on another
 * thread; diag_merge() passes them on in the order the caller chooses.
 * diag_buffered() takes a buf to use (BUF_INIT'd, caller frees). */
struct diag diag_buffered(struct buf *mem);
/* Pass from's messages and counts on to into. */
void diag_merge(struct diag *into, const struct diag *from);

/* Content or template error at FILE:LINE:COL (line/col 0 = unknown). */
void diag_error(struct diag *d, const char *file, int line, int col,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void diag_warning(struct diag *d, const char *file, int line, int col,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* System error about PATH (file may be NULL): exit code 3. */
void diag_syserr(struct diag *d, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_verror(struct diag *d, const char *file, int line, int col,
		 const char *fmt, va_list ap);

/* 0 when nothing went wrong, 3 if any system error, else 1 if errors. */
int diag_exit_code(const struct diag *d);
/* True when any error (content or system) was reported. */
int diag_failed(const struct diag *d);

#endif
