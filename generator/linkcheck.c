#include "linkcheck.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fsutil.h"
#include "html.h"
#include "paths.h"
#include "util.h"

/* The value of the attribute that starts at p (just after its opening
 * quote), with &amp; decoded: the only entity our URLs and ids carry. */
static char *attr_value(const char *p, const char *end, const char **after)
{
	const char *q = memchr(p, '"', (size_t)(end - p));
	if (q == NULL)
		q = end;
	*after = q;
	struct buf b = BUF_INIT;
	for (const char *c = p; c < q; c++) {
		if (*c == '&' && q - c >= 5 && memcmp(c, "&amp;", 5) == 0) {
			buf_putc(&b, '&');
			c += 4;
		} else {
			buf_putc(&b, *c);
		}
	}
	return buf_detach(&b);
}

/* 1 if the HTML file has an element with id="id". */
static int has_id(const struct out_file *f, const char *id)
{
	char *needle = xasprintf(" id=\"%s\"", id);
	int found = 0;
	/* Search the bytes: out files are NUL-free text. */
	const char *p = f->data, *end = f->data + f->len;
	size_t n = strlen(needle);
	while (!found && p + n <= end) {
		const char *hit = memchr(p, ' ', (size_t)(end - p));
		if (hit == NULL || hit + n > end)
			break;
		found = memcmp(hit, needle, n) == 0;
		p = hit + 1;
	}
	free(needle);
	return found;
}

static const struct page *page_at(const struct site *site, const char *path)
{
	for (size_t i = 0; i < site_page_count(site); i++)
		if (strcmp(site_page(site, i)->out, path) == 0)
			return site_page(site, i);
	return NULL;
}

static void report(const struct site *site, const char *templates,
		   const char *from, const char *url, const char *why,
		   struct diag *d)
{
	const struct page *p = page_at(site, from);
	if (p != NULL)
		for (size_t i = 0; i < p->nlinks; i++)
			if (strcmp(p->links[i].url, url) == 0) {
				diag_error(d, p->src, p->links[i].line,
					   p->links[i].col,
					   "broken link \"%s\": %s",
					   p->links[i].orig, why);
				return;
			}
	char *t = fs_join(templates, p ? html_template_for(p->kind) : "404.html");
	diag_error(d, t, 0, 0, "broken link \"%s\" in %s: %s", url, from, why);
	free(t);
}

static int is_external(const char *url)
{
	size_t i = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	return (i > 0 && url[i] == ':') || strncmp(url, "//", 2) == 0;
}

/* Check one address found in the output file from.  Returns 1 if broken. */
static int check_url(const struct output *out, const struct site *site,
		     const char *templates, const char *from,
		     const char *url, struct diag *d)
{
	if (is_external(url))
		return 0;
	size_t plen = strcspn(url, "#?");
	const char *frag = url[plen] == '#' ? url + plen + 1
		: (strchr(url + plen, '#') ? strchr(url + plen, '#') + 1 : "");
	char *path = xstrndup(url, plen);
	char *target;
	if (plen == 0) {
		target = xstrdup(from);
	} else if (path[0] == '/') {
		target = path_resolve("", path + 1);
	} else {
		char *dir = path_dirname(from);
		target = path_resolve(dir, path);
		free(dir);
	}
	int broken = 0;
	if (target == NULL) {
		report(site, templates, from, url,
		       "it points outside the site", d);
		broken = 1;
		goto out;
	}
	if (target[0] == '\0' || (plen > 0 && path[plen - 1] == '/')) {
		char *t = target[0] ? xasprintf("%s/index.html", target)
				    : xstrdup("index.html");
		free(target);
		target = t;
	}
	const struct out_file *f = output_find(out, target);
	if (f == NULL) {
		char *why = xasprintf("no file %s in the built site", target);
		report(site, templates, from, url, why, d);
		free(why);
		broken = 1;
	} else if (frag[0] != '\0' && path_has_suffix(target, ".html") &&
		   !has_id(f, frag)) {
		char *why = xasprintf("no heading or element with id \"%s\" "
				      "in %s", frag, target);
		report(site, templates, from, url, why, d);
		free(why);
		broken = 1;
	}
out:
	free(target);
	free(path);
	return broken;
}

int linkcheck(const struct output *out, const struct site *site,
	      const char *templates_dir, struct diag *d)
{
	static const char *const attrs[] = {" href=\"", " src=\""};
	int broken = 0;
	for (size_t i = 0; i < out->n; i++) {
		const struct out_file *f = &out->files[i];
		if (!path_has_suffix(f->path, ".html"))
			continue;
		const char *end = f->data + f->len;
		for (const char *p = f->data; p < end; p++) {
			if (*p != ' ')
				continue;
			for (size_t a = 0; a < ARRAY_LEN(attrs); a++) {
				size_t n = strlen(attrs[a]);
				if ((size_t)(end - p) < n ||
				    memcmp(p, attrs[a], n) != 0)
					continue;
				const char *after;
				char *url = attr_value(p + n, end, &after);
				broken += check_url(out, site, templates_dir,
						    f->path, url, d);
				free(url);
				p = after;
				break;
			}
		}
	}
	return broken;
}
