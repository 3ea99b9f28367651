#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint64_t hash(const char *s)
{
	return hash_bytes(s, strlen(s));
}

/* The slot holding key (of hash h), or the empty slot where it would
 * go.  Keys are compared only where their hashes are equal. */
static size_t slot(const struct strmap *m, const char *key, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	while (m->keys[i] != NULL &&
	       (m->hashes[i] != h || strcmp(m->keys[i], key) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	if (m->cap == 0)
		return NULL;
	size_t i = slot(m, key, hash(key));
	return m->keys[i] != NULL ? m->vals[i] : NULL;
}

/* Put key (new, of hash h) in a table with room for it. */
static void place(struct strmap *m, const char *key, uint64_t h, void *val)
{
	size_t i = (size_t)h & (m->cap - 1);
	while (m->keys[i] != NULL)
		i = (i + 1) & (m->cap - 1);
	m->keys[i] = key;
	m->vals[i] = val;
	m->hashes[i] = h;
	m->n++;
}

static void grow(struct strmap *m)
{
	struct strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
	m->hashes = xcalloc(m->cap, sizeof *m->hashes);
	m->n = 0;
	/* (Each key's hash was kept: no key is read again.) */
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i] != NULL)
			place(m, old.keys[i], old.hashes[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
	free(old.hashes);
}

void strmap_put(struct strmap *m, const char *key, void *val)
{
	/* Keep the table at most half full: probes stay short. */
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	uint64_t h = hash(key);
	size_t i = slot(m, key, h);
	if (m->keys[i] == NULL) {
		m->keys[i] = key;
		m->hashes[i] = h;
		m->n++;
	}
	m->vals[i] = val;
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	memset(m, 0, sizeof *m);
}
