#define _POSIX_C_SOURCE 200809L
#include "cache.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "fsutil.h"
#include "fields.h"
#include "jobs.h"
#include "paths.h"
#include "strmap.h"
#include "util.h"

/* The file format: this magic line, the hash of everything after it
 * (8 bytes, little-endian; a damaged file is not used, even where its
 * stamps look right), then fields: numbers as LEB128 varints, strings as
 * their length + 1 and their bytes with a NUL (0 for NULL), the entries
 * after a table of their sizes.  Another format version is simply not
 * used. */
static const char magic[] = CACHE_MAGIC;

/* Nothing the cache reads is bigger than this: a template, site.yaml or
 * a font over it makes a key of its own; the cache file itself at 10,000
 * exercises is about 4 MB. */
#define CACHE_READ_MAX ((size_t)256 << 20)

/* A source modified this close (ns) before a build began may change
 * again within the same timestamp tick: never trust its stamp alone. */
#define RACY_NS 2000000000LL

/* The cache is an optimisation: a file it cannot read is a reason to
 * rebuild, never an error to report.  These read without reporting. */
static int read_quiet(const char *path, struct buf *b)
{
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	/* (A file over the limit is refused by the build; the key only
	 * needs to differ.) */
	int rc = fs_read_file(path, b, CACHE_READ_MAX, &quiet);
	buf_free(&msg);
	return rc;
}

static char **list_quiet(const char *dir)
{
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	char **names = dir != NULL && fs_is_dir(dir) ? fs_list_dir(dir, &quiet)
						      : NULL;
	buf_free(&msg);
	return names;
}

/* ---- the key ---- */

struct cache_key {
	XXH3_state_t *st;
};

struct cache_key *cache_key_new(void)
{
	struct cache_key *k = xcalloc(1, sizeof *k);
	k->st = XXH3_createState();
	if (k->st == NULL)
		abort();
	XXH3_64bits_reset(k->st);
	cache_key_str(k, magic);
	return k;
}

void cache_key_str(struct cache_key *k, const char *s)
{
	/* With its length, so ("ab","c") and ("a","bc") differ. */
	unsigned long long n = s ? strlen(s) : ~0ULL;
	XXH3_64bits_update(k->st, &n, sizeof n);
	if (s != NULL)
		XXH3_64bits_update(k->st, s, strlen(s));
}

void cache_key_int(struct cache_key *k, long long v)
{
	XXH3_64bits_update(k->st, &v, sizeof v);
}

void cache_key_file(struct cache_key *k, const char *path)
{
	struct buf b = BUF_INIT;
	cache_key_str(k, path);
	if (read_quiet(path, &b) == 0) {
		cache_key_int(k, (long long)b.len);
		XXH3_64bits_update(k->st, b.data ? b.data : "", b.len);
	} else {
		cache_key_int(k, -1);
	}
	buf_free(&b);
}

void cache_key_tree(struct cache_key *k, const char *dir)
{
	char **names = list_quiet(dir);
	cache_key_str(k, dir);
	cache_key_int(k, names != NULL);
	for (char **n = names; n && *n; n++) {
		char *path = fs_join(dir, *n);
		if (fs_is_dir(path))
			cache_key_tree(k, path);
		else
			cache_key_file(k, path);
		free(path);
	}
	fs_free_list(names);
}

uint64_t cache_key_done(struct cache_key *k)
{
	uint64_t h = XXH3_64bits_digest(k->st);
	XXH3_freeState(k->st);
	free(k);
	return h;
}

/* ---- the cache in memory ---- */

struct entry {
	/* Its text points into the cache's memory (struct cache's raw). */
	const char *rel;       /* content-relative source: "exercises/x.md" */
	const char *out;       /* its output path under out/ */
	const unsigned char *bytes; /* the entry in raw, for cache_save() */
	size_t nbytes;
	int touched;           /* its source's stamp changed, not its bytes */
	int kind;              /* enum page_kind */
	struct fs_stamp src;   /* the source's stamp when it was loaded */
	uint64_t hash;         /* hash of its bytes */
	int racy;              /* modified just before that build */
	int on_sheet;          /* one of the printed sheet's exercises */
	size_t lang;           /* its language: index in struct cache's langs */
	struct fs_stamp outst; /* its output file's stamp after writing */
	char *ids;             /* its output's ids */
	size_t ids_len;
	struct page *page;     /* exercise pages: the model, until reused */
	int clean;             /* nothing it depends on changed */
	int looked;            /* its source was stat()ed (no hint) */
	int looked_out;        /* its output file was stat()ed */
};

struct cache {
	struct buf raw;           /* the file, which entries point into */
	uint64_t id, key;         /* the file's hash, and its build's key */
	uint64_t shared;          /* shared_hash() of that build */
	/* Each language's sheet, in the site's order of languages. */
	struct lang_sheet {
		const char *sub;       /* its folder: "", "es/" */
		uint64_t deps;         /* sheet_deps() of that build */
		struct fs_stamp stamp; /* out/SUB/exercise-sheet.pdf's */
		int clean;
	} *langs;
	size_t nlangs;
	struct entry *e;
	size_t n;
	struct strmap by_rel;     /* rel -> entry */
	struct strmap by_out;     /* output path -> entry */
	size_t looked, nexercises; /* exercise files stat()ed, of all */
	size_t looked_out;        /* their output files stat()ed */
};

static void entry_free(struct entry *e)
{
	free(e->ids);
	page_free(e->page);
}

void cache_free(struct cache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++)
		entry_free(&c->e[i]);
	free(c->e);
	buf_free(&c->raw);
	strmap_free(&c->by_rel);
	strmap_free(&c->by_out);
	free(c->langs);
	free(c);
}

/* What every page shows of the others: the menu and the newest review
 * date.  When it changes, every page changes. */
static uint64_t shared_hash(const struct site *site)
{
	struct cache_key *k = cache_key_new();
	for (size_t l = 0; l < site_lang_count(site); l++) {
		const struct site *s = site_lang(site, l);
		for (int i = 0; i < PAGE_EXERCISE; i++) {
			/* (A page the translation has not: the menu links to
			 * the default language's.) */
			cache_key_int(k, s->sections[i] != NULL);
			cache_key_str(k, site_section(s, i)->title);
			cache_key_str(k, site_section(s, i)->nav_title);
		}
		cache_key_str(k, s->last_reviewed);
	}
	return cache_key_done(k);
}

/* What the printed sheet shows besides its exercises: the schedule and
 * exercises pages' text (and every section's, to keep it simple) and the
 * newest review date. */
static uint64_t sheet_deps(const struct site *site)
{
	struct cache_key *k = cache_key_new();
	for (int i = 0; i < PAGE_EXERCISE; i++)
		cache_key_int(k, (long long)site_section(site, i)->hash);
	cache_key_str(k, site->last_reviewed);
	return cache_key_done(k);
}

/* ---- writing ---- */

static void put_u64(struct buf *b, uint64_t v)
{
	unsigned char x[10];
	size_t n = 0;
	do {
		x[n] = (unsigned char)(v & 0x7F);
		v >>= 7;
		x[n++] |= v ? 0x80 : 0;
	} while (v);
	buf_put(b, x, n);
}

static void put_mem(struct buf *b, const char *s, size_t n)
{
	put_u64(b, n);
	buf_put(b, s, n);
}

/* A string, with its NUL: read back in place (get_str). */
static void put_str(struct buf *b, const char *s)
{
	if (s == NULL) {
		put_u64(b, 0);
	} else {
		size_t n = strlen(s);
		put_u64(b, n + 1);
		buf_put(b, s, n + 1);
	}
}

static void put_stamp(struct buf *b, const struct fs_stamp *s)
{
	put_u64(b, s->dev);
	put_u64(b, s->ino);
	put_u64(b, s->size);
	put_u64(b, (uint64_t)s->mtime_ns);
	put_u64(b, (uint64_t)s->ctime_ns);
}

/* An FM_ITEMS value at v: how many, then each item's text keys and
 * line, as its schema says. */
static void put_items(struct buf *b, const struct field *f, const void *v)
{
	const char *arr = *(const char *const *)v;
	size_t n = *(const size_t *)(const void *)((const char *)v -
						   f->offset + f->items->count_offset);
	put_u64(b, n);
	for (size_t i = 0; i < n; i++) {
		const char *item = arr + i * f->items->item_size;
		for (size_t j = 0; j < f->nsub; j++)
			put_str(b, *(char *const *)(const void *)(item +
							   f->sub[j].offset));
		put_u64(b, (uint64_t) * (const int *)(const void *)(item +
						   f->items->item_line_offset));
	}
}

/* An exercise page of the model: its front matter as the field table
 * says (fields.h), then what loading it found. */
static void put_page(struct buf *b, const struct page *p)
{
	for (size_t i = 0; i < nfields; i++) {
		const struct field *f = &fields[i];
		const void *v = field_get(f, p);
		if (!(f->pages & FIELD_EXERCISES))
			continue;
		if (f->type == FM_ITEMS)
			put_items(b, f, v);
		else if (f->type == FM_INT)
			put_u64(b, (uint64_t) * (const long *)v);
		else if (f->type == FM_CHOICE || f->type == FM_BOOL)
			put_u64(b, (uint64_t)(long long)*(const int *)v);
		else
			put_str(b, *(char *const *)v);
		const int *line = field_get_line(f, p);
		if (line != NULL)
			put_u64(b, (uint64_t)*line);
	}
	put_u64(b, (uint64_t)p->body_line);
	put_u64(b, p->nlinks);
	for (size_t i = 0; i < p->nlinks; i++) {
		put_str(b, p->links[i].url);
		put_str(b, p->links[i].orig);
		put_u64(b, (uint64_t)p->links[i].line);
		put_u64(b, (uint64_t)p->links[i].col);
	}
	put_u64(b, p->nrefs);
	for (size_t i = 0; i < p->nrefs; i++) {
		put_str(b, p->refs[i].src);
		put_str(b, p->refs[i].out);
		put_stamp(b, &p->refs[i].stamp);
	}
	for (size_t i = 0; i < p->ex->npictures; i++) {
		const struct picture *pic = &p->ex->pictures[i];
		put_str(b, pic->src);
		put_u64(b, (uint64_t)pic->kind);
		put_u64(b, (uint64_t)pic->width);
		put_u64(b, (uint64_t)pic->height);
	}
	/* What the checks learned of its body (checks.h). */
	put_str(b, p->checks.msgs);
	put_u64(b, (uint64_t)p->checks.nmsgs);
	uint64_t level;
	memcpy(&level, &p->checks.level, sizeof level);
	put_u64(b, level);
	put_u64(b, p->checks.words);
	put_u64(b, p->checks.longest);
	put_u64(b, p->checks.jargon);
}

static int on_sheet(const struct site *site, const struct page *p)
{
	for (size_t i = 0; i < site->nsheet; i++)
		if (site->sheet[i]->page == p)
			return 1;
	return 0;
}

/* The entry of page p of language lang (site), with its ids. */
static void put_entry(struct buf *b, const char *out_dir, size_t skip,
		      const struct cache *c, const struct site *site,
		      const struct cache_ids *id, long long started,
		      const struct page *p, size_t lang)
{
	const struct entry *e = c && p->cached ? strmap_get(&c->by_out, p->out)
					       : NULL;
	/* A page kept as it was: its entry too, byte for byte. */
	if (e != NULL && !e->touched && !e->racy) {
		buf_put(b, e->bytes, e->nbytes);
		return;
	}
	struct fs_stamp st;
	const char *rel = p->src + skip + (p->src[skip] == '/');
	put_str(b, rel);
	put_str(b, p->out);
	put_u64(b, (uint64_t)p->kind);
	put_stamp(b, &p->stamp);
	put_u64(b, p->hash);
	put_u64(b, p->stamp.mtime_ns >= started - RACY_NS ||
			    p->stamp.ctime_ns >= started - RACY_NS);
	put_u64(b, on_sheet(site, p));
	put_u64(b, lang);
	if (e != NULL) {
		st = e->outst; /* checked when the cache was opened */
	} else {
		char *path = fs_join(out_dir, p->out);
		fs_stamp_of(path, &st);
		free(path);
	}
	put_stamp(b, &st);
	if (e != NULL)
		put_mem(b, e->ids, e->ids_len);
	else
		put_mem(b, id->ids ? id->ids : "", id->len);
	if (p->kind == PAGE_EXERCISE)
		put_page(b, p);
}

uint64_t cache_save_bytes(const char *path, const char *out_dir,
			  uint64_t key, long long started,
			  const struct cache *c, const struct site *site,
			  const struct cache_ids *ids, struct buf *bytes,
			  struct diag *d)
{
	struct buf b = BUF_INIT;
	size_t skip = strlen(site->content_dir);
	buf_puts(&b, magic);
	buf_put(&b, "\0\0\0\0\0\0\0\0", 8); /* the hash, below */
	put_u64(&b, key);
	put_u64(&b, shared_hash(site));
	put_u64(&b, site_lang_count(site));
	for (size_t l = 0; l < site_lang_count(site); l++) {
		const struct site *s = site_lang(site, l);
		put_str(&b, s->prefix);
		put_u64(&b, sheet_deps(s));
		struct fs_stamp st;
		char *sheet = xasprintf("%s/%s%s", out_dir, s->prefix,
					PATH_SHEET);
		fs_stamp_of(sheet, &st);
		free(sheet);
		put_stamp(&b, &st);
	}
	/* The entries, after a table of their sizes: read in parallel. */
	size_t n = site_all_count(site);
	put_u64(&b, n);
	struct buf body = BUF_INIT;
	for (size_t l = 0, i = 0; l < site_lang_count(site); l++) {
		const struct site *s = site_lang(site, l);
		for (size_t k = 0; k < site_page_count(s); k++, i++) {
			size_t start = body.len;
			put_entry(&body, out_dir, skip, c, s, &ids[i], started,
				  site_page(s, k), l);
			put_u64(&b, body.len - start);
		}
	}
	buf_put(&b, body.data, body.len);
	buf_free(&body);
	size_t m = sizeof magic - 1;
	uint64_t h = hash_bytes(b.data + m + 8, b.len - m - 8);
	for (int k = 0; k < 8; k++)
		b.data[m + (size_t)k] = (char)(h >> (8 * k));
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	/* (Not fs_write_if_changed(): reading it back costs more than
	 * writing it.) */
	char *tmp = fs_write_temp(path, b.data, b.len, &quiet);
	int saved = tmp != NULL && fs_commit_temp(tmp, path, &quiet) == 0;
	if (!saved)
		diag_warning(d, path, 0, 0, "cannot save the build cache: the "
			     "next build will not be faster");
	free(tmp);
	buf_free(&msg);
	if (bytes != NULL && saved) {
		buf_free(bytes);
		*bytes = b;
	} else {
		buf_free(&b);
	}
	/* (0 means none: a file whose hash is 0 is never vouched for.) */
	return saved ? h : 0;
}

uint64_t cache_save(const char *path, const char *out_dir, uint64_t key,
		long long started, const struct cache *c,
		const struct site *site, const struct cache_ids *ids,
		struct diag *d)
{
	return cache_save_bytes(path, out_dir, key, started, c, site, ids,
				NULL, d);
}

/* ---- what a watcher saw ---- */

void cache_hint_add(struct cache_hint *h, const char *rel)
{
	if (strmap_get(&h->changed, rel) == NULL) {
		char *key = xstrdup(rel);
		strmap_put(&h->changed, key, key);
	}
}

void cache_hint_add_out(struct cache_hint *h, const char *rel)
{
	if (strmap_get(&h->out_changed, rel) == NULL) {
		char *key = xstrdup(rel);
		strmap_put(&h->out_changed, key, key);
	}
}

static void paths_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free((char *)m->keys[i]);
	strmap_free(m);
	*m = (struct strmap)STRMAP_INIT;
}

void cache_hint_free(struct cache_hint *h)
{
	paths_free(&h->changed);
	paths_free(&h->out_changed);
}

void cache_hint_reset(struct cache_hint *h, uint64_t cache)
{
	cache_hint_free(h);
	h->cache = cache;
	h->all = cache == 0;
	h->out_known = 0;
}

/* 1 if the map of paths m says rel may have changed: it, or a folder it
 * lies in, is named. */
static int names(const struct strmap *m, const char *rel)
{
	if (m->n == 0)
		return 0;
	if (strmap_get(m, rel) != NULL)
		return 1;
	/* (Called for each of 10,000 pages: no copy on the heap.) */
	char small[256];
	size_t n = strlen(rel);
	char *dir = n < sizeof small ? memcpy(small, rel, n + 1) : xstrdup(rel);
	int found = 0;
	for (char *slash; !found && (slash = strrchr(dir, '/')) != NULL;) {
		*slash = '\0';
		found = strmap_get(m, dir) != NULL;
	}
	if (dir != small)
		free(dir);
	return found;
}

/* With a hint, 1 if the set of exercise files is surely the cached one:
 * each .md file it names in exercises/ is there now exactly when the
 * cache has it, and it names no folder on the way (a folder moved in
 * brings files it does not name one by one). */
static int hint_same_files(const struct cache *c, const struct cache_hint *h,
			   const char *content_dir)
{
	const struct strmap *m = &h->changed;
	for (size_t i = 0; i < m->cap; i++) {
		const char *rel = m->keys[i];
		if (rel == NULL)
			continue;
		const char *name = NULL;
		for (size_t l = 0; l < c->nlangs && name == NULL; l++) {
			const char *sub = c->langs[l].sub;
			size_t n = strlen(sub);
			if (n > 0 && strncmp(rel, sub, n - 1) == 0 &&
			    rel[n - 1] == '\0')
				return 0; /* (a language's folder) */
			if (strncmp(rel, sub, n) != 0)
				continue;
			if (strcmp(rel + n, "exercises") == 0)
				return 0;
			if (strncmp(rel + n, "exercises/", 10) == 0)
				name = rel + n + 10;
		}
		if (name == NULL)
			continue;
		if (strchr(name, '/') != NULL)
			continue; /* (deeper: not an exercise file) */
		if (!path_has_suffix(name, ".md") || name[0] == '.')
			continue;
		char *path = fs_join(content_dir, rel);
		int there = fs_is_file(path);
		free(path);
		const struct entry *e = strmap_get(&c->by_rel, rel);
		if (there != (e != NULL && e->kind == PAGE_EXERCISE))
			return 0;
	}
	return 1;
}

/* The index of the language whose folder is sub, or c->nlangs. */
static size_t lang_of(const struct cache *c, const char *sub)
{
	size_t l = 0;
	while (l < c->nlangs && strcmp(c->langs[l].sub, sub) != 0)
		l++;
	return l;
}

/* ---- reading ---- */

struct rd {
	const unsigned char *p, *end;
	int bad;
};

static uint64_t get_u64(struct rd *r)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end) {
			r->bad = 1;
			return 0;
		}
		unsigned char c = *r->p++;
		v |= (uint64_t)(c & 0x7F) << shift;
		if (!(c & 0x80))
			return v;
	}
	r->bad = 1; /* more than 64 bits */
	return 0;
}

/* A string of put_str() (NULL for 0), where it lies in the cache's
 * memory; NULL with r->bad set if damaged. */
static const char *get_str(struct rd *r)
{
	uint64_t n = get_u64(r);
	if (r->bad || n == 0)
		return NULL;
	n--; /* its length */
	if ((uint64_t)(r->end - r->p) <= n || r->p[n] != '\0' ||
	    memchr(r->p, '\0', n) != NULL) {
		r->bad = 1;
		return NULL;
	}
	const char *s = (const char *)r->p;
	r->p += n + 1;
	return s;
}

/* The same, as the model's own copy (NULL stays NULL). */
static char *get_dup(struct rd *r)
{
	const char *s = get_str(r);
	return s != NULL ? xstrdup(s) : NULL;
}

/* ids may hold NULs: copied as they are. */
static char *get_ids(struct rd *r, size_t *len)
{
	uint64_t n = get_u64(r);
	if (r->bad || (uint64_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	char *s = xmalloc(n + 1);
	memcpy(s, r->p, n);
	s[n] = '\0';
	r->p += n;
	*len = n;
	return s;
}

static void get_stamp(struct rd *r, struct fs_stamp *s)
{
	s->dev = get_u64(r);
	s->ino = get_u64(r);
	s->size = get_u64(r);
	s->mtime_ns = (long long)get_u64(r);
	s->ctime_ns = (long long)get_u64(r);
}

/* A count read from the file: never more than the bytes left could hold
 * (each item takes a byte at least). */
static size_t get_count(struct rd *r)
{
	uint64_t n = get_u64(r);
	if (n > (uint64_t)(r->end - r->p)) { /* each item takes a byte at least */
		r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

/* An FM_ITEMS value of put_items() into v (the model's own copy). */
static void get_items(struct rd *r, const struct field *f, void *v)
{
	size_t n = get_count(r);
	if (n > f->items->max_items) {
		r->bad = 1;
		return;
	}
	char *arr = xcalloc(n + 1, f->items->item_size);
	*(char **)v = arr;
	*(size_t *)(void *)((char *)v - f->offset + f->items->count_offset) = n;
	for (size_t i = 0; i < n; i++) {
		char *item = arr + i * f->items->item_size;
		for (size_t j = 0; j < f->nsub; j++) {
			char *s = get_dup(r);
			*(char **)(void *)(item + f->sub[j].offset) = s;
			if (s == NULL && f->sub[j].required)
				r->bad = 1;
		}
		*(int *)(void *)(item + f->items->item_line_offset) =
			(int)get_u64(r);
	}
}

/* An exercise page of put_page(): the model's own copy of everything
 * (page_free() frees it like any page). */
static struct page *get_page(struct rd *r, const char *content_dir,
			     const char *rel)
{
	struct page *p = xcalloc(1, sizeof *p);
	p->kind = PAGE_EXERCISE;
	p->ex = xcalloc(1, sizeof *p->ex);
	fields_clear(p);
	p->src = fs_join(content_dir, rel);
	for (size_t i = 0; i < nfields; i++) {
		const struct field *f = &fields[i];
		void *v = field_value(f, p);
		if (!(f->pages & FIELD_EXERCISES))
			continue;
		if (f->type == FM_ITEMS) {
			get_items(r, f, v);
		} else if (f->type == FM_INT) {
			*(long *)v = (long)get_u64(r);
		} else if (f->type == FM_CHOICE || f->type == FM_BOOL) {
			uint64_t k = get_u64(r);
			uint64_t n = 0; /* how many values it may have */
			while (f->choices != NULL && f->choices[n] != NULL)
				n++;
			if (k >= (f->type == FM_BOOL ? 2 : n))
				r->bad = 1;
			*(int *)v = (int)k;
		} else {
			*(char **)v = get_dup(r);
			if (f->required && *(char **)v == NULL)
				r->bad = 1;
		}
		int *line = field_line(f, p);
		if (line != NULL)
			*line = (int)get_u64(r);
	}
	p->body_line = (int)get_u64(r);
	size_t nlinks = get_count(r);
	p->links = xcalloc(nlinks + 1, sizeof *p->links);
	for (size_t i = 0; i < nlinks && !r->bad; i++, p->nlinks++) {
		p->links[i].url = get_dup(r);
		p->links[i].orig = get_dup(r);
		p->links[i].line = (int)get_u64(r);
		p->links[i].col = (int)get_u64(r);
		if (p->links[i].url == NULL || p->links[i].orig == NULL)
			r->bad = 1;
	}
	size_t nrefs = get_count(r);
	p->refs = xcalloc(nrefs + 1, sizeof *p->refs);
	for (size_t i = 0; i < nrefs && !r->bad; i++, p->nrefs++) {
		p->refs[i].src = get_dup(r);
		p->refs[i].out = get_dup(r);
		get_stamp(r, &p->refs[i].stamp);
		if (p->refs[i].src == NULL || p->refs[i].out == NULL)
			r->bad = 1;
	}
	for (size_t i = 0; i < p->ex->npictures && !r->bad; i++) {
		struct picture *pic = &p->ex->pictures[i];
		pic->src = get_dup(r);
		uint64_t kind = get_u64(r), w = get_u64(r), h = get_u64(r);
		if (pic->src == NULL || kind > PICTURE_SVG || w > INT_MAX ||
		    h > INT_MAX)
			r->bad = 1;
		pic->kind = (int)kind;
		pic->width = (int)w;
		pic->height = (int)h;
	}
	p->checks.msgs = get_dup(r);
	p->checks.nmsgs = (int)get_u64(r);
	uint64_t level = get_u64(r);
	memcpy(&p->checks.level, &level, sizeof level);
	p->checks.words = (size_t)get_u64(r);
	p->checks.longest = (size_t)get_u64(r);
	p->checks.jargon = (size_t)get_u64(r);
	return p;
}

/* 1 if the file still has the bytes the entry was made from (dirfd:
 * content_dir, open, or -1). */
static int source_clean(struct entry *e, const char *content_dir, int dirfd)
{
	struct fs_stamp now;
	char *path = fs_join(content_dir, e->rel);
	int clean = 0;
	if ((dirfd >= 0 ? fs_stamp_at(dirfd, e->rel, &now)
			: fs_stamp_of(path, &now)) == 0) {
		if (fs_stamp_eq(&now, &e->src) && !e->racy) {
			clean = 1;
		} else {
			/* Touched, copied over, or racy: the bytes decide. */
			struct buf b = BUF_INIT;
			if (read_quiet(path, &b) == 0 &&
			    hash_bytes(b.data ? b.data : "", b.len) == e->hash) {
				clean = 1;
				/* The stamp from before the read. */
				e->src = now;
				e->touched = 1;
			}
			buf_free(&b);
		}
	}
	free(path);
	return clean;
}

/* 1 if a section page's file is as it was (or still missing). */
static int section_clean(struct entry *e, const char *content_dir)
{
	static const struct fs_stamp none;
	if (memcmp(&e->src, &none, sizeof none) == 0) {
		char *path = fs_join(content_dir, e->rel);
		int missing = !fs_is_file(path);
		free(path);
		return missing;
	}
	return source_clean(e, content_dir, -1);
}

/* 1 if the exercise files in content_dir/exercises are exactly the
 * cached ones. */
static int same_files(const struct cache *c, const char *content_dir)
{
	int same = 1;
	for (size_t l = 0; l < c->nlangs && same; l++) {
		const char *sub = c->langs[l].sub;
		char *rel_dir = xasprintf("%s%s", sub, PATH_EXERCISES);
		char *dir = fs_join(content_dir, rel_dir);
		free(rel_dir);
		/* (A translation may have no exercises folder.) */
		char **names = l > 0 && !fs_is_dir(dir)
				       ? xcalloc(1, sizeof *names)
				       : list_quiet(dir);
		free(dir);
		if (names == NULL)
			return 0;
		size_t want = 0, found = 0;
		for (size_t i = 0; i < c->n; i++)
			want += c->e[i].kind == PAGE_EXERCISE &&
				c->e[i].lang == l;
		for (char **n = names; *n && same; n++) {
			if (!path_has_suffix(*n, ".md") || (*n)[0] == '.')
				continue;
			char *name = path_exercise_src(*n);
			char *rel = xasprintf("%s%s", sub, name);
			const struct entry *e = strmap_get(&c->by_rel, rel);
			same = e != NULL && e->kind == PAGE_EXERCISE &&
			       e->lang == l;
			found++;
			free(rel);
			free(name);
		}
		fs_free_list(names);
		same = same && found == want;
	}
	return same;
}

struct checking {
	struct cache *c;
	const char *content_dir, *out_dir;
	int content_fd, out_fd; /* the two folders, open (or -1) */
	const struct cache_hint *hint; /* about this file, or NULL */
};

/* On any thread: is entry i's page still right (e->clean)?  Section
 * pages are always loaded again: for them, whether the file changed. */
static void check_entry(void *ctx, size_t i)
{
	struct checking *ck = ctx;
	struct entry *e = &ck->c->e[i];
	struct fs_stamp now;
	if (e->kind != PAGE_EXERCISE) {
		e->clean = section_clean(e, ck->content_dir);
		return;
	}
	/* An output file the watcher of out/ saw no change to is as the
	 * last build left it. */
	e->looked_out = ck->hint == NULL || !ck->hint->out_known ||
			names(&ck->hint->out_changed, e->out);
	e->clean = !e->looked_out ||
		   (fs_stamp_at(ck->out_fd, e->out, &now) == 0 &&
		    fs_stamp_eq(&now, &e->outst));
	for (size_t k = 0; k < e->page->nrefs && e->clean; k++)
		e->clean = fs_stamp_of(e->page->refs[k].src, &now) == 0 &&
			   fs_stamp_eq(&now, &e->page->refs[k].stamp);
	/* A file the watcher saw no change to is as it was: even a racy
	 * one, since a second write in the same tick is an event too. */
	e->looked = ck->hint == NULL || names(&ck->hint->changed, e->rel);
	if (e->clean && e->looked)
		e->clean = source_clean(e, ck->content_dir, ck->content_fd);
	e->page->stamp = e->src;
	e->page->hash = e->hash;
}

struct parsing {
	struct cache *c;
	const char *content_dir;
	struct rd *at;  /* each entry's bytes */
	char *bad;      /* each entry: 1 if damaged */
};

/* On any thread: read entry i. */
static void parse_entry(void *ctx, size_t i)
{
	struct parsing *ps = ctx;
	struct rd *r = &ps->at[i];
	struct entry *e = &ps->c->e[i];
	e->bytes = r->p;
	e->nbytes = (size_t)(r->end - r->p);
	e->rel = get_str(r);
	e->out = get_str(r);
	e->kind = (int)get_u64(r);
	get_stamp(r, &e->src);
	e->hash = get_u64(r);
	e->racy = (int)get_u64(r);
	e->on_sheet = (int)get_u64(r);
	e->lang = (size_t)get_u64(r);
	get_stamp(r, &e->outst);
	e->ids = get_ids(r, &e->ids_len);
	if (r->bad || e->rel == NULL || e->out == NULL || e->kind < 0 ||
	    e->kind >= PAGE_KIND_COUNT || e->lang >= ps->c->nlangs) {
		ps->bad[i] = 1;
		return;
	}
	if (e->kind == PAGE_EXERCISE)
		e->page = get_page(r, ps->content_dir, e->rel);
	ps->bad[i] = r->bad || r->p != r->end;
}

struct cache *cache_parse(struct buf *b, const char *content_dir,
			  uint64_t key, int jobs)
{
	size_t m = sizeof magic - 1;
	if (b->len < m || memcmp(b->data, magic, m) != 0) {
		buf_free(b);
		return NULL;
	}
	struct cache *c = xcalloc(1, sizeof *c);
	c->raw = *b; /* the entries point into it */
	*b = (struct buf)BUF_INIT;
	struct rd r = {(const unsigned char *)c->raw.data + m,
		       (const unsigned char *)c->raw.data + c->raw.len, 0};
	uint64_t h = 0;
	if (r.end - r.p < 8)
		goto fail;
	for (int k = 0; k < 8; k++)
		h |= (uint64_t)r.p[k] << (8 * k);
	r.p += 8;
	if (h != hash_bytes(r.p, (size_t)(r.end - r.p)) || get_u64(&r) != key)
		goto fail;
	c->id = h;
	c->key = key;
	c->shared = get_u64(&r);
	c->nlangs = get_count(&r);
	c->langs = xcalloc(c->nlangs + 1, sizeof *c->langs);
	for (size_t l = 0; l < c->nlangs && !r.bad; l++) {
		c->langs[l].sub = get_str(&r);
		c->langs[l].deps = get_u64(&r);
		get_stamp(&r, &c->langs[l].stamp);
		if (c->langs[l].sub == NULL)
			r.bad = 1;
	}
	if (r.bad || c->nlangs == 0)
		goto fail;
	size_t n = get_count(&r);
	struct parsing ps = {c, content_dir, xcalloc(n + 1, sizeof *ps.at),
			     xcalloc(n + 1, sizeof *ps.bad)};
	c->e = xcalloc(n + 1, sizeof *c->e);
	uint64_t *sizes = xcalloc(n + 1, sizeof *sizes);
	for (size_t i = 0; i < n && !r.bad; i++)
		sizes[i] = get_u64(&r);
	const unsigned char *at = r.p;
	for (size_t i = 0; i < n && !r.bad; i++) {
		ps.at[i].p = at;
		if (sizes[i] > (uint64_t)(r.end - at)) {
			r.bad = 1;
			break;
		}
		at += sizes[i];
		ps.at[i].end = at;
	}
	free(sizes);
	if (!r.bad && at == r.end) {
		c->n = n;
		jobs_for(jobs, n, parse_entry, &ps);
	} else {
		r.bad = 1;
	}
	for (size_t i = 0; i < c->n && !r.bad; i++) {
		struct entry *e = &c->e[i];
		if (ps.bad[i]) {
			r.bad = 1;
			break;
		}
		strmap_put(&c->by_rel, e->rel, e);
		strmap_put(&c->by_out, e->out, e);
	}
	r.p = r.bad ? r.p : r.end;
	free(ps.at);
	free(ps.bad);
	if (r.bad || r.p != r.end)
		goto fail;
	return c;
fail:
	cache_free(c);
	return NULL;
}

/* c checked against the files, as cache.h says of cache_open(): c, or
 * NULL (c freed) when it cannot be used. */
static struct cache *check(struct cache *c, const char *out_dir,
			   const char *content_dir, int jobs,
			   const struct cache_hint *hint)
{
	char *path = NULL;
	/* The hint is about the file it was made after, or none. */
	if (hint != NULL &&
	    (hint->all || hint->cache != c->id || c->id == 0))
		hint = NULL;
	if (!(hint != NULL ? hint_same_files(c, hint, content_dir)
			   : same_files(c, content_dir))) {
		cache_free(c);
		return NULL;
	}

	/* Which pages can be kept as they are. */
	struct fs_stamp now;
	for (size_t l = 0; l < c->nlangs; l++) {
		path = xasprintf("%s/%s%s", out_dir, c->langs[l].sub,
				 PATH_SHEET);
		c->langs[l].clean = fs_stamp_of(path, &now) == 0 &&
				    fs_stamp_eq(&now, &c->langs[l].stamp);
		free(path);
	}
	struct checking ck = {c, content_dir, out_dir,
			      open(content_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC),
			      open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC),
			      hint};
	if (ck.content_fd >= 0 && ck.out_fd >= 0)
		jobs_for(jobs, c->n, check_entry, &ck);
	if (ck.content_fd >= 0)
		close(ck.content_fd);
	if (ck.out_fd >= 0)
		close(ck.out_fd);
	if (ck.content_fd < 0 || ck.out_fd < 0) {
		cache_free(c);
		return NULL;
	}
	/* A translated exercise takes its dose from the default language's
	 * file: when that changed, so did it. */
	for (size_t i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];
		if (e->lang == 0 || e->kind != PAGE_EXERCISE || !e->clean)
			continue;
		const struct entry *o = strmap_get(
			&c->by_rel, e->rel + strlen(c->langs[e->lang].sub));
		e->clean = o != NULL && o->clean;
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct entry *e = &c->e[i];
		c->nexercises += e->kind == PAGE_EXERCISE;
		c->looked += e->kind == PAGE_EXERCISE && e->looked;
		c->looked_out += e->kind == PAGE_EXERCISE && e->looked_out;
		/* The sheet shows its exercises and some sections' text. */
		if ((e->kind != PAGE_EXERCISE || e->on_sheet) && !e->clean)
			c->langs[e->lang].clean = 0;
	}
	return c;
}

struct cache *cache_open(const char *file, const char *out_dir,
			 const char *content_dir, uint64_t key, int jobs,
			 const struct cache_hint *hint)
{
	struct buf b = BUF_INIT;
	if (!fs_is_file(file) || read_quiet(file, &b) != 0) {
		buf_free(&b);
		return NULL;
	}
	struct cache *c = cache_parse(&b, content_dir, key, jobs);
	return c != NULL ? check(c, out_dir, content_dir, jobs, hint) : NULL;
}

struct cache *cache_recheck(struct cache *c, const char *out_dir,
			    const char *content_dir, uint64_t key, int jobs,
			    const struct cache_hint *hint)
{
	if (c != NULL && c->key != key) {
		cache_free(c);
		c = NULL;
	}
	return c != NULL ? check(c, out_dir, content_dir, jobs, hint) : NULL;
}

struct page *cache_reuse(void *ctx, const char *rel)
{
	struct cache *c = ctx;
	struct entry *e = strmap_get(&c->by_rel, rel);
	if (e == NULL || e->page == NULL || !e->clean ||
	    (e->on_sheet && !c->langs[e->lang].clean))
		return NULL;
	struct page *p = e->page;
	e->page = NULL;
	p->cached = 1;
	return p;
}

int cache_edited(const struct cache *c, const struct page *p)
{
	const struct entry *e = c != NULL ? strmap_get(&c->by_out, p->out)
					  : NULL;
	return e == NULL || !e->clean;
}

const char *cache_kept_ids(void *ctx, const char *out_path, size_t *len)
{
	const struct cache *c = ctx;
	const struct entry *e = c ? strmap_get(&c->by_out, out_path) : NULL;
	*len = e ? e->ids_len : 0;
	return e ? e->ids : NULL;
}

int cache_sheet_state(const struct cache *c, const struct site *site)
{
	size_t cached = 0;
	for (size_t i = 0; i < site->nsheet; i++)
		cached += site->sheet[i]->page->cached != 0;
	size_t l = c != NULL ? lang_of(c, site->prefix) : 0;
	if (c != NULL && l < c->nlangs && c->langs[l].clean &&
	    sheet_deps(site) == c->langs[l].deps && cached == site->nsheet)
		return 1;
	return cached == 0 ? 0 : -1;
}

int cache_still_valid(const struct cache *c, const struct site *site,
		      const struct cache_ids *ids)
{
	if (c == NULL)
		return 1;
	if (shared_hash(site) != c->shared)
		return 0;
	/* A reused page may link to an #id of a page rendered again: the
	 * link check would need its ids, and these must be the ones it was
	 * checked against. */
	for (size_t i = 0; i < site_all_count(site); i++) {
		const struct page *p = site_all_page(site, i);
		if (p->cached)
			continue;
		const struct entry *e = strmap_get(&c->by_out, p->out);
		if (e == NULL || ids[i].ids == NULL || ids[i].len != e->ids_len ||
		    memcmp(ids[i].ids, e->ids, e->ids_len) != 0)
			return 0;
	}
	return 1;
}

size_t cache_looked(const struct cache *c, size_t *of)
{
	*of = c->nexercises;
	return c->looked;
}

size_t cache_looked_out(const struct cache *c, size_t *of)
{
	*of = c->nexercises;
	return c->looked_out;
}
