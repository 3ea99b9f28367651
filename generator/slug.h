/*
 * slug.h: URL-safe names from titles and file names.
 * "Chest Stretch", "chest_stretch", "Chést strétch" -> "chest-stretch":
 * NFKD-decomposed with utf8proc, accents dropped, lower case, every run of
 * anything else one hyphen, no hyphen at either end.
 */
#ifndef PAMPHLET_SLUG_H
#define PAMPHLET_SLUG_H

#include <stddef.h>

/* Caller frees.  Never NULL; "" when s has no letter or digit. */
char *slugify(const char *s, size_t len);

#endif
