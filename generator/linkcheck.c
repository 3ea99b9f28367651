#include "linkcheck.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fsutil.h"
#include "html.h"
#include "jobs.h"
#include "paths.h"
#include "slug.h"
#include "strmap.h"
#include "util.h"

/* The entities pamphlet's own HTML writes in attribute values: the
 * templates' escaping (buf.h) and cmark-gfm's in link addresses. */
static const struct {
	const char *name;
	char c;
} entities[] = {
	{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
	{"&#39;", '\''}, {"&#x27;", '\''},
};

/* The value of the attribute that starts at p (just after its opening
 * quote), with those entities decoded. */
static char *attr_value(const char *p, const char *end, const char **after)
{
	const char *q = memchr(p, '"', (size_t)(end - p));
	if (q == NULL)
		q = end;
	*after = q;
	if (memchr(p, '&', (size_t)(q - p)) == NULL)
		return xstrndup(p, (size_t)(q - p)); /* (most: nothing to do) */
	struct buf b = BUF_INIT;
	for (const char *c = p; c < q; c++) {
		size_t k = 0, n = 0;
		if (*c == '&')
			for (k = 0; k < ARRAY_LEN(entities); k++) {
				n = strlen(entities[k].name);
				if ((size_t)(q - c) >= n &&
				    memcmp(c, entities[k].name, n) == 0)
					break;
			}
		if (*c == '&' && k < ARRAY_LEN(entities)) {
			buf_putc(&b, entities[k].c);
			c += n - 1;
		} else {
			buf_putc(&b, *c);
		}
	}
	return buf_detach(&b);
}

/* The ids of one HTML file, read once on the first #anchor into it. */
struct idset {
	struct strmap map; /* id -> the idset (any non-NULL value) */
	char **ids;        /* the keys' storage */
	size_t n;
};

/* Every file's idset, by output path, made on first use by whichever
 * thread needs it first. */
struct ids {
	pthread_mutex_t lock;
	struct strmap files;
	struct idset **all;
	size_t n;
	linkcheck_kept_ids *kept; /* the ids of kept files, or NULL */
	void *kept_ctx;
};

char *linkcheck_ids(const char *html, size_t len, size_t *ids_len)
{
	static const char needle[] = " id=\"";
	struct buf b = BUF_INIT;
	const char *p = html, *end = html + len;
	while ((p = memchr(p, ' ', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) < sizeof needle - 1 ||
		    memcmp(p, needle, sizeof needle - 1) != 0) {
			p++;
			continue;
		}
		const char *after;
		char *id = attr_value(p + sizeof needle - 1, end, &after);
		buf_put(&b, id, strlen(id) + 1);
		free(id);
		p = after;
	}
	*ids_len = b.len;
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

static struct idset *read_ids(const struct ids *all, const struct out_file *f)
{
	struct idset *set = xcalloc(1, sizeof *set);
	size_t len = 0;
	char *own = f->data ? linkcheck_ids(f->data, f->len, &len) : NULL;
	const char *ids = own;
	if (own == NULL && all->kept != NULL)
		ids = all->kept(all->kept_ctx, f->path, &len);
	for (const char *p = ids; p && p < ids + len; p += strlen(p) + 1) {
		set->ids = xrealloc(set->ids, (set->n + 1) * sizeof *set->ids);
		set->ids[set->n] = xstrdup(p);
		strmap_put(&set->map, set->ids[set->n++], set);
	}
	free(own);
	return set;
}

/* 1 if the HTML file has an element with id="id". */
static int has_id(struct ids *ids, const struct out_file *f, const char *id)
{
	pthread_mutex_lock(&ids->lock);
	struct idset *set = strmap_get(&ids->files, f->path);
	if (set == NULL) {
		set = read_ids(ids, f);
		ids->all = xrealloc(ids->all, (ids->n + 1) * sizeof *ids->all);
		ids->all[ids->n++] = set;
		strmap_put(&ids->files, f->path, set);
	}
	pthread_mutex_unlock(&ids->lock);
	/* A set never changes once made: read it unlocked. */
	return strmap_get(&set->map, id) != NULL;
}

static void ids_free(struct ids *ids)
{
	for (size_t i = 0; i < ids->n; i++) {
		for (size_t k = 0; k < ids->all[i]->n; k++)
			free(ids->all[i]->ids[k]);
		free(ids->all[i]->ids);
		strmap_free(&ids->all[i]->map);
		free(ids->all[i]);
	}
	free(ids->all);
	strmap_free(&ids->files);
	pthread_mutex_destroy(&ids->lock);
}

static const struct page *page_at(const struct site *site, const char *path)
{
	for (size_t i = 0; i < site_all_count(site); i++)
		if (strcmp(site_all_page(site, i)->out, path) == 0)
			return site_all_page(site, i);
	return NULL;
}

/* An address as a browser reads it, to compare two spellings: the
 * Markdown's "#cómo" is "#c%C3%B3mo" in the page.  Caller frees. */
static char *decoded(const char *url)
{
	return path_url_decode(url, strlen(url));
}

/* " (did you mean ADDR#id?)" for the address addr and the id that
 * exists, or "" without one.  Caller frees. */
static char *suggestion(const char *addr, const char *id)
{
	if (id == NULL)
		return xstrdup("");
	return xasprintf(" (did you mean %.*s#%s?)", (int)strcspn(addr, "#"),
			 addr, id);
}

/* Report the broken address url (as the page from has it) at each line of
 * the page's Markdown that wrote it, or else at the page's template.  id:
 * for a fragment, the id that exists, to suggest; else NULL. */
static void report(const struct site *site, const char *templates,
		   const char *from, const char *url, const char *why,
		   const char *id, struct diag *d)
{
	const struct page *p = page_at(site, from);
	char *want = decoded(url);
	int found = 0;
	for (size_t i = 0; p != NULL && i < p->nlinks; i++) {
		char *have = decoded(p->links[i].url);
		if (strcmp(have, want) == 0) {
			const char *orig = p->links[i].orig;
			char *hint = suggestion(orig, id);
			diag_error(d, p->src, p->links[i].line, p->links[i].col,
				   "broken link \"%s\": %s%s", orig, why, hint);
			free(hint);
			found = 1;
		}
		free(have);
	}
	free(want);
	if (found)
		return;
	char *t = fs_join(templates, p ? html_template_for(p->kind) : "404.html");
	char *hint = suggestion(url, id);
	diag_error(d, t, 0, 0, "broken link \"%s\" in %s: %s%s", url, from,
		   why, hint);
	free(hint);
	free(t);
}

static int is_external(const char *url)
{
	size_t i = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	return (i > 0 && url[i] == ':') || strncmp(url, "//", 2) == 0;
}

/* For a fragment that names no element: the id its text would have
 * as a heading's ("#Cómo-hacerlo" -> "como-hacerlo"), if the page has
 * one.  Caller frees. */
static char *id_hint(struct ids *ids, const struct out_file *f,
		     const char *frag)
{
	char *slug = slugify(frag, strlen(frag));
	if (slug[0] != '\0' && strcmp(slug, frag) != 0 && has_id(ids, f, slug))
		return slug;
	free(slug);
	return NULL;
}

/* Check one address found in the output file from (in the folder dir),
 * as the page has it ("%XX" escapes and all).  Returns 1 if broken. */
static int check_url(const struct output *out, const struct site *site,
		     const char *templates, const char *from, const char *dir,
		     const char *url, struct ids *ids, struct diag *d)
{
	if (is_external(url))
		return 0;
	size_t plen = strcspn(url, "#?");
	const char *hash = strchr(url + plen, '#');
	/* The file and the id it names, as a browser looks them up. */
	char *path = memchr(url, '%', plen) != NULL ? path_url_decode(url, plen)
						    : xstrndup(url, plen);
	char *frag = hash ? decoded(hash + 1) : xstrdup("");
	char *target;
	if (plen == 0)
		target = xstrdup(from);
	else if (path[0] == '/')
		target = path_resolve("", path + 1);
	else
		target = path_resolve(dir, path);
	int broken = 0;
	if (target == NULL) {
		report(site, templates, from, url,
		       "it points outside the site", NULL, d);
		broken = 1;
		goto out;
	}
	if (target[0] == '\0' || (plen > 0 && url[plen - 1] == '/')) {
		/* "target/index.html", or "index.html" */
		static const char index[] = "index.html";
		size_t n = strlen(target);
		target = xrealloc(target, n + sizeof index + 1);
		if (n > 0)
			target[n++] = '/';
		memcpy(target + n, index, sizeof index);
	}
	const struct out_file *f = output_find(out, target);
	if (f == NULL) {
		/* "..\schedule": folders as Windows writes them, which
		 * no browser follows. */
		char *why = xasprintf("no file %s in the built site%s", target,
				      strchr(path, '\\') != NULL
				      ? " (folders are separated by \"/\", "
					"not \"\\\")" : "");
		report(site, templates, from, url, why, NULL, d);
		free(why);
		broken = 1;
	} else if (frag[0] != '\0' && path_has_suffix(target, ".html") &&
		   !has_id(ids, f, frag)) {
		char *why = xasprintf("no heading or element with id \"%s\" "
				      "in %s", frag, target);
		char *hint = id_hint(ids, f, frag);
		report(site, templates, from, url, why, hint, d);
		free(hint);
		free(why);
		broken = 1;
	}
out:
	free(target);
	free(frag);
	free(path);
	return broken;
}

/* The files being checked, one slot per output file. */
struct checking {
	const struct output *out;
	const struct site *site;
	const char *templates;
	struct ids *ids;
	struct checked {
		int broken;
		struct buf msg;
		struct diag d;
	} *files;
};

/* On any thread: check every address in output file i.  A broken one
 * is reported once, at every line that wrote it (report()). */
static void check_one(void *ctx, size_t i)
{
	static const char *const attrs[] = {" href=\"", " src=\""};
	struct checking *c = ctx;
	const struct out_file *f = &c->out->files[i];
	struct checked *slot = &c->files[i];
	struct strmap reported = STRMAP_INIT;
	char **broken = NULL;
	size_t nbroken = 0;
	slot->d = diag_buffered(&slot->msg);
	if (f->data == NULL || !path_has_suffix(f->path, ".html"))
		return;
	char *dir = path_dirname(f->path);
	const char *end = f->data + f->len;
	for (const char *p = f->data;
	     p < end && (p = memchr(p, ' ', (size_t)(end - p))) != NULL; p++) {
		for (size_t a = 0; a < ARRAY_LEN(attrs); a++) {
			size_t n = strlen(attrs[a]);
			if ((size_t)(end - p) < n || memcmp(p, attrs[a], n) != 0)
				continue;
			const char *after;
			char *url = attr_value(p + n, end, &after);
			/* (Its spelling as a browser reads it: needed only to
			 * say a broken one once.) */
			char *key = reported.n > 0 ? decoded(url) : NULL;
			if ((key == NULL || strmap_get(&reported, key) == NULL) &&
			    check_url(c->out, c->site, c->templates, f->path,
				      dir, url, c->ids, &slot->d)) {
				if (key == NULL)
					key = decoded(url);
				broken = xrealloc(broken, (nbroken + 1) *
							  sizeof *broken);
				broken[nbroken++] = key;
				strmap_put(&reported, key, key);
				slot->broken++;
			} else {
				free(key);
			}
			free(url);
			p = after;
			break;
		}
	}
	for (size_t k = 0; k < nbroken; k++)
		free(broken[k]);
	free(broken);
	strmap_free(&reported);
	free(dir);
}

int linkcheck(const struct output *out, const struct site *site,
	      const char *templates_dir, int jobs, linkcheck_kept_ids *kept_ids,
	      void *ctx, struct diag *d)
{
	struct ids ids = {PTHREAD_MUTEX_INITIALIZER, STRMAP_INIT, NULL, 0,
			  kept_ids, ctx};
	struct checking c = {out, site, templates_dir, &ids,
			     xcalloc(out->n + 1, sizeof *c.files)};
	jobs_for(jobs, out->n, check_one, &c);
	int broken = 0;
	for (size_t i = 0; i < out->n; i++) {
		diag_merge(d, &c.files[i].d);
		buf_free(&c.files[i].msg);
		broken += c.files[i].broken;
	}
	free(c.files);
	ids_free(&ids);
	return broken;
}
