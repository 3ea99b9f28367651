/*
 * diag.h: diagnostics like a compiler's.
 *
 *   pamphlet: FILE:LINE:COL: error: MESSAGE
 *   pamphlet: FILE: error: MESSAGE          (when no line is known)
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
