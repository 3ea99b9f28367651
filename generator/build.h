/*
 * build.h: one whole build: load and validate content/, compile the
 * templates, render the HTML pages and the PDF sheet in memory (the
 * sheets on a thread of their own, the pages on the others: jobs.h),
 * check every link, and only then, when nothing failed, write out/.
 *
 * This is the library's front door: main.c, the tests and the fuzzers
 * call it.  It owns the order of the stages, nothing else.  With out/'s
 * build cache (cache.h) it reuses the exercise pages that did not change;
 * the result is the same, byte for byte, as a build without it.
 *
 * PAMPHLET_TIMINGS=1 in the environment prints each stage's time to
 * stderr (for the benchmark).
 */
#ifndef PAMPHLET_BUILD_H
#define PAMPHLET_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "output.h"

struct cache;
struct cache_hint;
struct site;

/* The most exercise pages a build shows early (build_opts.early). */
#define BUILD_EARLY_MAX 16

struct build_opts {
	const char *content;   /* the content folder */
	const char *templates; /* the templates folder */
	const char *out;       /* the output folder (NULL: none; write = 0) */
	int write;             /* 0: check only, write nothing */
	int paper;             /* enum paper, or -1 for the site's */
	long long epoch;       /* SOURCE_DATE_EPOCH, or -1 */
	const char *version;   /* pamphlet's version */
	size_t max_file_size;  /* 0: the default limit */
	const char *font;      /* the sheet's TrueType fonts; NULL: Noto Sans */
	const char *bold_font;
	int no_cache;          /* 1: ignore out/'s build cache (cache.h) */
	int jobs;              /* threads; 0: one per core.  Same output */
	int no_wait;           /* 1: fail if another build holds out/ */
	int quiet;             /* 1: say nothing but errors (no "waiting") */
	/* A progress line (report.h), or NULL: called on the thread of
	 * build_run() as each stage starts (done = total = 0) and, in the
	 * stages over every page, as items are done (of total).  It changes
	 * neither the output nor the messages. */
	void (*progress)(void *ctx, const char *stage, size_t done,
			 size_t total);
	void *progress_ctx;
	/* Or NULL: called on the thread of build_run() with the files of
	 * a build whose every file is made and checked, just before they
	 * are written into out/ (files lent, read-only: the file whose data
	 * is NULL is out/'s as it is), then once more with NULL when the
	 * writing is over, written or not, before they are freed.  The
	 * preview serves them from memory in between (Hugo's server serves
	 * from memory too): a save shows without waiting for the disk.
	 * Whether they were written: build_result.committed. */
	void (*made)(void *ctx, const struct output *files);
	void *made_ctx;
	/* Or NULL: when the build cache kept all but a few exercise pages
	 * (BUILD_EARLY_MAX: the ones just edited), called on the thread of
	 * build_run() with those pages as soon as they are made, before
	 * the rest of the site and before anything is checked (files lent
	 * until it returns: copy what you keep).  The preview shows them
	 * first; the build goes on as usual, and may still fail. */
	void (*early)(void *ctx, const struct output *files);
	void *early_ctx;
	/* Or NULL: called on the thread of build_run() once the
	 * plain-language checks ran (checks.h), with the site as loaded
	 * (every language), their warnings (whole lines as struct diag
	 * prints them; "" when none: they are reported as usual too) and
	 * the time review dates were measured from.  Not called when the
	 * content or the templates could not be loaded; called again if the
	 * build starts again without its cache.  (`--report`:
	 * checkreport.h.) */
	void (*checked)(void *ctx, const struct site *site,
			const char *warnings, long long now);
	void *checked_ctx;
	/* What changed since the last build that saved the cache, from a
	 * file watcher (cache.h), or NULL: check every file. */
	const struct cache_hint *hint;
	/* The word tables (i18n.h) used when the templates folder has no
	 * i18n/ folder (one made before pamphlet knew languages): the
	 * shipped templates' i18n/, or NULL. */
	const char *words_fallback;
	/* Or NULL: where a process that builds again and again (serve.c)
	 * keeps the build cache in memory between builds (cache.h).  A
	 * build takes *keep, if any, instead of reading the cache file
	 * (which it still saves), and leaves there the cache it saved,
	 * read back from memory, or NULL.  The output is the same. */
	struct cache **keep;
};

struct build_result {
	size_t pages;             /* HTML pages made */
	size_t exercises;         /* exercise pages among them (of the
				   * default language) */
	size_t languages;         /* the site's languages */
	int committed;            /* 1: out/ was written (an error after it:
				   * a language without its sheet) */
	int sheet;                /* 1 if the PDF sheet was made */
	struct output_stats stats; /* what was written (write only) */
	uint64_t cache_saved;     /* the id of the cache it saved, or 0 */
};

/* 0 if the output folder is clear of the content and templates folders
 * (by their real paths: links and ".." do not hide them); else -1 after
 * reporting.  A build into templates/ would overwrite the templates.
 * build_run() checks it first (and returns EXIT_USAGE). */
int build_check_out(const struct build_opts *o, struct diag *d);

/* Run a build.  Returns an exit code (EXIT_OK, EXIT_CONTENT, EXIT_SYSTEM)
 * after reporting every problem through d. */
int build_run(const struct build_opts *o, struct build_result *r,
	      struct diag *d);

#endif
