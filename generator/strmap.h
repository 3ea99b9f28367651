/*
 * strmap.h: a map from strings to pointers (open addressing, XXH3), for
 * the lookups a big site makes by path or slug: output files, pages by
 * source and output path, slugs taken.  Each key's hash is kept beside
 * it: growing reads no key again, and a probe compares only keys of the
 * same hash.
 *
 * Ownership: the map owns neither keys nor values; a key must stay alive
 * and unchanged while it is in the map.
 */
#ifndef PAMPHLET_STRMAP_H
#define PAMPHLET_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap {
	const char **keys; /* NULL: empty slot */
	void **vals;
	size_t cap;        /* a power of two, or 0 */
	size_t n;
	uint64_t *hashes;  /* each key's */
};

#define STRMAP_INIT {NULL, NULL, 0, 0, NULL}

/* The value for key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
/* Set key to val (replacing any value it had). */
void strmap_put(struct strmap *m, const char *key, void *val);
void strmap_free(struct strmap *m);

#endif
