#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t slot(const struct strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);
	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	if (m->cap == 0)
		return NULL;
	size_t i = slot(m, key);
	return m->keys[i] != NULL ? m->vals[i] : NULL;
}

static void grow(struct strmap *m)
{
	struct strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i] != NULL)
			strmap_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

void strmap_put(struct strmap *m, const char *key, void *val)
{
	/* Keep the table at most half full: probes stay short. */
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	size_t i = slot(m, key);
	if (m->keys[i] == NULL) {
		m->keys[i] = key;
		m->n++;
	}
	m->vals[i] = val;
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}
