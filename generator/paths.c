#include "paths.h"

#include <string.h>

#include "buf.h"
#include "util.h"

char *path_page_out(const char *slug)
{
	return slug[0] ? xasprintf("%s/index.html", slug)
		       : xstrdup("index.html");
}

char *path_exercise_out(const char *slug)
{
	return xasprintf(PATH_EXERCISES "/%s/index.html", slug);
}

char *path_exercise_src(const char *name)
{
	return xasprintf(PATH_EXERCISES "/%s", name);
}

char *path_media_out(const char *rel)
{
	return xasprintf("%s/%s", PATH_MEDIA, rel);
}

char *path_resolve(const char *base_dir, const char *rel)
{
	struct buf out = BUF_INIT;
	/* Segments are copied one by one; ".." pops the last one. */
	const char *parts[2] = {base_dir, rel};
	for (int k = 0; k < 2; k++) {
		const char *p = parts[k];
		while (*p) {
			const char *e = strchr(p, '/');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			if (n == 0 || (n == 1 && p[0] == '.')) {
				/* skip */
			} else if (n == 2 && p[0] == '.' && p[1] == '.') {
				if (out.len == 0) {
					buf_free(&out);
					return NULL;
				}
				char *slash = strrchr(out.data, '/');
				buf_truncate(&out, slash ? (size_t)(slash - out.data) : 0);
			} else {
				if (out.len)
					buf_putc(&out, '/');
				buf_put(&out, p, n);
			}
			p += n;
			if (*p == '/')
				p++;
		}
	}
	return buf_detach(&out);
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
}

static void put_url_encoded(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL) {
			buf_putc(b, c);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

char *path_rel_url(const char *from, const char *to)
{
	/* Drop the folders both paths share. */
	size_t common = 0;
	for (size_t i = 0; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	struct buf out = BUF_INIT;
	for (const char *p = from + common; *p; p++)
		if (*p == '/')
			buf_puts(&out, "../");
	put_url_encoded(&out, to + common);
	return buf_detach(&out);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *path_url_decode(const char *url, size_t len)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < len; i++) {
		if (url[i] == '%' && i + 2 < len) {
			int hi = hex_value(url[i + 1]), lo = hex_value(url[i + 2]);
			if (hi >= 0 && lo >= 0 && (hi | lo) != 0) {
				buf_putc(&b, hi * 16 + lo);
				i += 2;
				continue;
			}
		}
		buf_putc(&b, url[i]);
	}
	return buf_detach(&b);
}

int path_has_suffix(const char *path, const char *suffix)
{
	size_t lp = strlen(path), ls = strlen(suffix);
	if (ls > lp)
		return 0;
	for (size_t i = 0; i < ls; i++) {
		char a = path[lp - ls + i], b = suffix[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

char *path_public_url(const char *base_url, const char *out_path)
{
	size_t n = strlen(out_path);
	size_t k = strlen("index.html");
	if (n >= k && strcmp(out_path + n - k, "index.html") == 0 &&
	    (n == k || out_path[n - k - 1] == '/'))
		n -= k;
	return xasprintf("%s/%.*s", base_url, (int)n, out_path);
}
