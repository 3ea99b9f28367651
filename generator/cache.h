/*
 * cache.h: the build cache, for fast rebuilds after an edit.
 *
 * A successful build writes its cache into the state folder (state.h,
 * STATE_CACHE, outside out/): what it knew about each
 * exercise page (its source file's stamp and hash, its front matter, its
 * links and images, the element ids of its output and that output's
 * stamp) and about the printed sheet.  The next build reuses an exercise
 * page whose source, images and output file are all as they were: it does
 * not read, parse or render it, and leaves its output untouched.
 *
 * The cache can only make a build faster, never different.  It is not
 * used at all (a full build) when any of these changed: pamphlet's
 * version, the build's options, site.yaml, any file of templates/, the
 * set of exercise files (one added, removed or renamed), or what every
 * page shows of the others (the menu's titles, the newest review date).
 * Each build checks that last point and the element ids of the pages it
 * re-rendered after loading, and starts again without the cache when
 * they differ (cache_still_valid).  A source file whose stamp changed is
 * hashed: a touch without a change keeps the page; one modified within
 * a second of the last build ("racy") is always hashed.  A missing,
 * damaged or foreign cache file is ignored.
 *
 * A process that builds again and again (`pamphlet serve`) keeps the
 * cache in memory instead: the bytes of the file it saved, read right
 * after the build (cache_parse()), so the next build neither reads nor
 * parses it; it is checked against the files exactly as the file's is
 * (cache_recheck()).
 *
 * Ownership: a struct cache owns its entries until cache_reuse() hands a
 * page to the content loader.
 */
#ifndef PAMPHLET_CACHE_H
#define PAMPHLET_CACHE_H

#include <stdint.h>

#include "model.h"
#include "buf.h"
#include "diag.h"
#include "strmap.h"

/* The file's first line; the format is in cache.c. */
#define CACHE_MAGIC "pamphlet build cache 6\n"

struct cache;

/* Everything a build depends on besides the content files: feed it the
 * options, then site.yaml and the templates folder. */
struct cache_key;
struct cache_key *cache_key_new(void);
void cache_key_str(struct cache_key *k, const char *s); /* NULL is fine */
void cache_key_int(struct cache_key *k, long long v);
/* Every file under dir, recursively, by name and bytes (missing or
 * NULL: noted). */
void cache_key_tree(struct cache_key *k, const char *dir);
void cache_key_file(struct cache_key *k, const char *path);
uint64_t cache_key_done(struct cache_key *k); /* frees k */

/* What changed in the content folder since a cache file was saved, as a
 * file watcher saw it (serve.c).  A build given one that is about the
 * cache file it opens does not stat() the exercise files it does not
 * name: at 10,000 exercises that is most of a rebuild's time.  Output
 * files, pictures and section pages are checked as always.  The map
 * owns its keys. */
struct cache_hint {
	uint64_t cache;        /* cache_save()'s id of that file; 0: none */
	int all;               /* 1: the watcher cannot tell (events lost,
				* a link it does not follow): check all */
	struct strmap changed; /* content-relative paths of the files and
				* folders written, made, removed, moved */
	/* The same for the output folder, when a watcher follows it too:
	 * with out_known 1, out_changed (paths relative to it) names every
	 * file and folder of it written, touched, made, removed or moved
	 * since that file was saved, and the build does not stat() the
	 * output files of exercise pages it does not name.  0: stat them
	 * all. */
	int out_known;
	struct strmap out_changed;
};
/* Note that rel (content-relative) changed; rel is copied. */
void cache_hint_add(struct cache_hint *h, const char *rel);
/* Note that rel (relative to the output folder) changed; copied. */
void cache_hint_add_out(struct cache_hint *h, const char *rel);
/* Forget every change: from now on relative to the cache file of id
 * cache (0: none, check everything; out_known 0 either way). */
void cache_hint_reset(struct cache_hint *h, uint64_t cache);
void cache_hint_free(struct cache_hint *h); /* its maps; h stays usable */

/* The cache in file, for output folder out_dir, made with the same key,
 * checked against the
 * files (stat, and hashing what changed), or NULL: no cache, another
 * key, a damaged file, or a different set of exercise files in
 * content_dir.  The files are checked on up to `jobs` threads; with a
 * hint about this file, only the exercise files it names.  Caller
 * frees with cache_free(). */
struct cache *cache_open(const char *file, const char *out_dir,
			 const char *content_dir, uint64_t key, int jobs,
			 const struct cache_hint *hint);
void cache_free(struct cache *c); /* NULL is fine */
/* How many exercise files cache_open() stat()ed, of *of (for
 * PAMPHLET_TIMINGS and the tests: a hint is used). */
size_t cache_looked(const struct cache *c, size_t *of);
/* The same for their output files. */
size_t cache_looked_out(const struct cache *c, size_t *of);

/* 1 if page p is made again for itself: its file, or a file it
 * depends on, changed (or out/'s copy did), or it is new; 0 if it is
 * made again only because the sheet it is on must be, or not at all.
 * 1 without a cache (c NULL). */
int cache_edited(const struct cache *c, const struct page *p);

/* The content_opts.reuse hook: the cached page for rel if nothing it
 * depends on changed, else NULL.  ctx is the struct cache. */
struct page *cache_reuse(void *ctx, const char *rel);

/* 1 if the printed sheet in out/ is still right for this site: none of
 * its exercises or the pages it quotes changed, and its file is as the
 * last build left it.  0: render it (its exercises were all loaded from
 * their files).  -1: it must be rendered but some of its exercises came
 * from the cache, without their text: build again without the cache. */
int cache_sheet_state(const struct cache *c, const struct site *site);

/* The element ids of each page this build rendered, by page index
 * (site_page()): each NUL-terminated, len bytes in all; ids NULL for a
 * page kept from the last build.  The build finds them in the pages it
 * rendered (linkcheck_ids()); the cache keeps them for the next build's
 * link check. */
struct cache_ids {
	char *ids;
	size_t len;
};

/* The ids of a page kept from the last build (its output path), for the
 * link check: each NUL-terminated, *len bytes in all; NULL when the
 * cache does not know the page.  ctx is the struct cache (NULL: none). */
const char *cache_kept_ids(void *ctx, const char *out_path, size_t *len);

/* After rendering: 1 if what the reused pages show of the others and
 * the ids they may link to are as they were, so the build is right;
 * 0: build again without the cache. */
int cache_still_valid(const struct cache *c, const struct site *site,
		      const struct cache_ids *ids);

/* Write the cache file at path for this successful build into out_dir
 * (out/ already written;
 * c, the cache it was built with, or NULL).
 * started: the wall clock, in ns, when the build began.  Failure to write
 * it only costs the next build its speed: a warning, then 0.  Returns
 * the saved file's id (for a cache_hint), or 0 when it was not saved. */
uint64_t cache_save(const char *path, const char *out_dir, uint64_t key,
		long long started, const struct cache *c,
		const struct site *site, const struct cache_ids *ids,
		struct diag *d);

/* cache_save(), leaving the bytes it saved in *bytes (replacing what
 * was there; untouched when it did not save them), for cache_parse().
 * bytes NULL: cache_save(). */
uint64_t cache_save_bytes(const char *path, const char *out_dir,
			  uint64_t key, long long started,
			  const struct cache *c, const struct site *site,
			  const struct cache_ids *ids, struct buf *bytes,
			  struct diag *d);

/* The cache in b, the bytes of a cache file made with key (taken), read
 * as cache_open() reads the file's, or NULL if it is damaged or another
 * key's.  Not checked against the files: cache_recheck() does that, at
 * the next build. */
struct cache *cache_parse(struct buf *b, const char *content_dir,
			  uint64_t key, int jobs);

/* A cache of cache_parse() for the next build, checked as cache_open()
 * checks the file's: c, or NULL (c freed) when it cannot be used (made
 * with another key, another set of exercise files...). */
struct cache *cache_recheck(struct cache *c, const char *out_dir,
			    const char *content_dir, uint64_t key, int jobs,
			    const struct cache_hint *hint);

#endif
