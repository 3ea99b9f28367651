#define _POSIX_C_SOURCE 200809L
#include "preview.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "desk.h"
#include "util.h"

/* Kept short: ISO C only promises string literals of 4095 bytes. */
const char preview_live_js[] =
	"// pamphlet serve: reload this page after each build.\n"
	"(function () {\n"
	"  \"use strict\";\n"
	"  var me = document.currentScript;\n"
	"  var gen = me ? me.getAttribute(\"data-gen\") : \"\";\n"
	"  var delay = 250, ctl = null, timer = null;\n"
	"  // Scroll: back where the reader was, or to the error box, which a\n"
	"  // browser's own restoring would leave above the screen.\n"
	"  var key = \"pamphlet-scroll:\" + location.pathname, at = null;\n"
	"  var box = document.querySelector(\".pamphlet-preview-error\");\n"
	"  try {\n"
	"    at = sessionStorage.getItem(key);\n"
	"    sessionStorage.removeItem(key);\n"
	"  } catch (e) {}\n"
	"  if (\"scrollRestoration\" in history) history.scrollRestoration = \"manual\";\n"
	"  function place() {\n"
	"    if (box) window.scrollTo(0, 0);\n"
	"    else if (at !== null) window.scrollTo(0, Number(at));\n"
	"  }\n"
	"  place();\n"
	"  window.addEventListener(\"load\", place);\n"
	"  function reload() {\n"
	"    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) {}\n"
	"    location.reload();\n"
	"  }\n"
	"  function later() {\n"
	"    timer = setTimeout(poll, delay);\n"
	"    delay = Math.min(delay * 2, 5000);\n"
	"  }\n"
	"  // A hidden tab does not wait: browsers give a site only a few\n"
	"  // connections, and the visible tabs need them.\n"
	"  function poll() {\n"
	"    timer = null;\n"
	"    if (ctl || document.hidden) return;\n"
	"    ctl = new AbortController();\n"
	"    fetch(\"" PREVIEW_WAIT_URL "?gen=\" + encodeURIComponent(gen) +\n"
	"          \"&page=\" + encodeURIComponent(location.pathname),\n"
	"          { cache: \"no-store\", signal: ctl.signal })\n"
	"      .then(function (r) {\n"
	"        if (!r.ok) throw new Error(\"HTTP \" + r.status);\n"
	"        return r.text();\n"
	"      })\n"
	"      .then(function (now) {\n"
	"        ctl = null;\n"
	"        delay = 250;\n"
	"        if (now.trim() !== gen) reload();\n"
	"        else poll();\n"
	"      }, function (e) {\n"
	"        ctl = null;\n"
	"        if (e.name === \"AbortError\") poll();\n"
	"        else later(); // the server is away: try again, less often\n"
	"      });\n"
	"  }\n"
	"  document.addEventListener(\"visibilitychange\", function () {\n"
	"    if (document.hidden && ctl) ctl.abort();\n"
	"    else if (!document.hidden && !timer) poll();\n"
	"  });\n"
	"  poll();\n"
	"})();\n";

/* White on dark red (10:1), big text, long lines wrap on a 320 px
 * phone.  Every property is set so the site's own CSS cannot undo it. */
const char preview_css[] =
	".pamphlet-preview-error {\n"
	"  display: block; margin: 0; padding: 1rem;\n"
	"  background: #8b0000; color: #fff;\n"
	"  border-bottom: 0.375rem solid #000;\n"
	"  font: 1.25rem/1.5 system-ui, sans-serif;\n"
	"  text-align: left; overflow-wrap: anywhere;\n"
	"}\n"
	".pamphlet-preview-error p {\n"
	"  margin: 0.5rem 0; color: #fff; font: inherit;\n"
	"}\n"
	".pamphlet-preview-error .pamphlet-preview-error-title {\n"
	"  margin-top: 0; font-size: 1.5rem; font-weight: 700;\n"
	"}\n"
	".pamphlet-preview-error ul {\n"
	"  margin: 0.5rem 0; padding: 0 0 0 1.25rem; color: #fff;\n"
	"}\n"
	".pamphlet-preview-error li { margin: 0.25rem 0; }\n"
	".pamphlet-preview-error a { color: #fff; }\n"
	".pamphlet-preview-error code {\n"
	"  font: 1.125rem/1.5 ui-monospace, monospace;\n"
	"  color: #fff; background: transparent;\n"
	"  white-space: pre-wrap; overflow-wrap: anywhere;\n"
	"}\n";

/* At most this many diagnostic lines in the banner; the terminal has
 * them all. */
#define BANNER_MAX_LINES 50

int preview_map_url(const char *url, char **rel)
{
	struct buf b = BUF_INIT;
	int status = 400;

	*rel = NULL;
	if (url[0] != '/')
		goto out;
	for (const char *p = url + 1; *p != '\0'; p++) {
		int c = (unsigned char)*p;
		if (c == '%') {
			if (!isxdigit((unsigned char)p[1]) ||
			    !isxdigit((unsigned char)p[2]))
				goto out;
			char hex[3] = {p[1], p[2], '\0'};
			c = (int)strtol(hex, NULL, 16);
			p += 2;
		}
		if (c == '\0' || c == '\\')
			goto out;
		buf_putc(&b, c);
	}
	status = 0;
	for (const char *seg = buf_cstr(&b);;) {
		const char *slash = strchr(seg, '/');
		size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
		if (n == 0 && slash != NULL) {
			status = 400; /* "//": an empty name */
			break;
		}
		if ((n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.')) {
			status = 400;
			break;
		}
		if (n > 0 && seg[0] == '.')
			status = 404; /* hidden: the manifest, temporary files */
		if (slash == NULL)
			break;
		seg = slash + 1;
	}
	if (status == 0)
		*rel = buf_detach(&b);
out:
	buf_free(&b);
	return status;
}

static const char *extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	return dot ? dot + 1 : "";
}

const char *preview_content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{"html", "text/html; charset=utf-8"},
		{"htm", "text/html; charset=utf-8"},
		{"css", "text/css; charset=utf-8"},
		{"pdf", "application/pdf"},
		{"png", "image/png"},
		{"jpg", "image/jpeg"},
		{"jpeg", "image/jpeg"},
		{"svg", "image/svg+xml"},
		{"xml", "application/xml"},
		{"txt", "text/plain; charset=utf-8"},
		{"json", "application/json"},
		{"ico", "image/x-icon"},
	};
	const char *ext = extension(path);
	for (size_t i = 0; i < ARRAY_LEN(types); i++)
		if (strcasecmp(ext, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

int preview_is_html(const char *path)
{
	const char *ext = extension(path);
	return strcasecmp(ext, "html") == 0 || strcasecmp(ext, "htm") == 0;
}

/* ---- finding things in HTML, case-insensitively ---- */

/* The first (last: from the end) "needle" in s[0..len), or NULL. */
static const char *find_ci(const char *s, size_t len, const char *needle,
			   int last)
{
	size_t n = strlen(needle);
	const char *hit = NULL;
	for (size_t i = 0; i + n <= len; i++)
		if (strncasecmp(s + i, needle, n) == 0) {
			hit = s + i;
			if (!last)
				break;
		}
	return hit;
}

/* A tag's name (after '<') is "name" followed by a space, '>' or '/'. */
static int is_tag(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);
	if ((size_t)(end - p) <= n || strncasecmp(p, name, n) != 0)
		return 0;
	return isspace((unsigned char)p[n]) || p[n] == '>' || p[n] == '/';
}

struct attr {
	const char *name, *val; /* into the page */
	size_t nlen, vlen;
	char quote;             /* '"', '\'' or 0 */
};

/* Read the next attribute of a tag at *p; 0 at the tag's end, with *p
 * just after its '>' (or at end). */
static int next_attr(const char **p, const char *end, struct attr *a)
{
	const char *s = *p;
	while (s < end && (isspace((unsigned char)*s) || *s == '/'))
		s++;
	if (s >= end || *s == '>') {
		*p = s < end ? s + 1 : end;
		return 0;
	}
	memset(a, 0, sizeof *a);
	a->name = s;
	while (s < end && !isspace((unsigned char)*s) && *s != '=' &&
	       *s != '>' && *s != '/')
		s++;
	a->nlen = (size_t)(s - a->name);
	if (a->nlen == 0)
		s++; /* a stray '=' */
	while (s < end && isspace((unsigned char)*s))
		s++;
	if (s < end && *s == '=' && a->nlen > 0) {
		s++;
		while (s < end && isspace((unsigned char)*s))
			s++;
		if (s < end && (*s == '"' || *s == '\'')) {
			a->quote = *s++;
			a->val = s;
			while (s < end && *s != a->quote)
				s++;
			a->vlen = (size_t)(s - a->val);
			if (s < end)
				s++;
		} else {
			a->val = s;
			while (s < end && !isspace((unsigned char)*s) &&
			       *s != '>')
				s++;
			a->vlen = (size_t)(s - a->val);
		}
	}
	*p = s;
	return 1;
}

static int attr_is(const struct attr *a, const char *name)
{
	return a->nlen == strlen(name) &&
	       strncasecmp(a->name, name, a->nlen) == 0;
}

static int slice_is(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && strncasecmp(s, word, n) == 0;
}

/* ---- the Content-Security-Policy ---- */

/* Append the sources v[0..n) with 'self' added and 'none' dropped. */
static void put_sources_self(struct buf *b, const char *v, size_t n)
{
	const char *end = v + n;
	int self = 0;
	while (v < end) {
		while (v < end && isspace((unsigned char)*v))
			v++;
		const char *t = v;
		while (v < end && !isspace((unsigned char)*v))
			v++;
		if (v == t || slice_is(t, (size_t)(v - t), "'none'"))
			continue;
		self |= slice_is(t, (size_t)(v - t), "'self'");
		buf_putc(b, ' ');
		buf_put(b, t, (size_t)(v - t));
	}
	if (!self)
		buf_puts(b, " 'self'");
}

/* Append the policy v[0..n), written inside quote, changed so scripts,
 * fetches and style sheets from the server itself are allowed.  A
 * directive that is missing falls back to default-src, as CSP does. */
static void put_csp(struct buf *out, const char *v, size_t n, char quote)
{
	static const char *const need[] = {"script-src", "connect-src",
					   "style-src"};
	int seen[ARRAY_LEN(need)] = {0};
	const char *def = NULL, *end = v + n;
	size_t deflen = 0;
	struct buf b = BUF_INIT;

	while (v < end) {
		const char *semi = memchr(v, ';', (size_t)(end - v));
		const char *dend = semi ? semi : end;
		while (v < dend && isspace((unsigned char)*v))
			v++;
		const char *name = v;
		while (v < dend && !isspace((unsigned char)*v))
			v++;
		size_t nlen = (size_t)(v - name);
		if (nlen > 0) {
			size_t i = 0;
			while (i < ARRAY_LEN(need) &&
			       !slice_is(name, nlen, need[i]))
				i++;
			if (b.len > 0)
				buf_puts(&b, "; ");
			buf_put(&b, name, nlen);
			if (i < ARRAY_LEN(need)) {
				seen[i] = 1;
				put_sources_self(&b, v, (size_t)(dend - v));
			} else {
				buf_put(&b, v, (size_t)(dend - v));
				while (b.len > 0 &&
				       isspace((unsigned char)b.data[b.len - 1]))
					buf_truncate(&b, b.len - 1);
				if (slice_is(name, nlen, "default-src")) {
					def = v;
					deflen = (size_t)(dend - v);
				}
			}
		}
		v = semi ? semi + 1 : end;
	}
	for (size_t i = 0; i < ARRAY_LEN(need); i++)
		if (!seen[i] && def != NULL) {
			buf_printf(&b, "; %s", need[i]);
			put_sources_self(&b, def, deflen);
		}
	for (size_t i = 0; i < b.len; i++) {
		if (b.data[i] == quote)
			buf_puts(out, quote == '"' ? "&quot;" : "&#39;");
		else
			buf_putc(out, b.data[i]);
	}
	buf_free(&b);
}

/* ---- the rewrite ---- */

/* One change to the page: replace [at, at+cut) with text. */
struct edit {
	size_t at, cut;
	size_t order; /* keeps insertions at one place in order */
	struct buf text;
};

struct edits {
	struct edit *v;
	size_t n, cap;
};

static struct buf *edit_add(struct edits *e, size_t at, size_t cut)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 8;
		e->v = xrealloc(e->v, e->cap * sizeof *e->v);
	}
	struct edit *x = &e->v[e->n];
	*x = (struct edit){.at = at, .cut = cut, .order = e->n,
			   .text = BUF_INIT};
	e->n++;
	return &x->text;
}

static int edit_cmp(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void put_banner(struct buf *b, const char *errors, const char *last)
{
	int lines = 0, more = 0;
	buf_puts(b, "<div class=\"pamphlet-preview-error\" role=\"alert\">\n"
		    "<p class=\"pamphlet-preview-error-title\">The last save "
		    "has an error</p>\n"
		    "<p>Fix it in the file and save again: this page will "
		    "update by itself.</p>\n"
		    "<ul>\n");
	for (const char *s = errors; *s != '\0';) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		size_t shown = n;
		while (shown > 0 && (s[shown - 1] == '\r' || s[shown - 1] == ' '))
			shown--;
		if (shown > 0) {
			if (lines < BANNER_MAX_LINES) {
				buf_puts(b, "<li><code>");
				buf_put_html(b, s, shown);
				buf_puts(b, "</code></li>\n");
			} else {
				more++;
			}
			lines++;
		}
		s += n + (nl != NULL);
	}
	if (more > 0)
		buf_printf(b, "<li>... and %d more: see the terminal.</li>\n",
			   more);
	buf_printf(b, "</ul>\n<p>%s</p>\n", last);
	/* The desk answers from the content, built or not. */
	buf_puts(b, "<p>To make a patient's handout meanwhile: <a href=\""
		    DESK_URL "\">the handout desk</a>.</p>\n</div>\n");
}

static void rewrite(struct buf *out, const char *html, size_t len,
		    unsigned long gen, const char *errors, const char *last)
{
	const char *end = html + len;
	struct edits e = {0};
	size_t body_at = 0, head_end = 0;
	int have_body = 0, have_head = 0;

	/* Each <meta http-equiv="Content-Security-Policy" content="...">. */
	for (const char *p = html; (p = find_ci(p, (size_t)(end - p), "<meta",
						0)) != NULL;) {
		p++;
		if (!is_tag(p, end, "meta"))
			continue;
		const char *q = p + 4;
		struct attr a, content = {0};
		int csp = 0;
		while (next_attr(&q, end, &a)) {
			if (attr_is(&a, "http-equiv"))
				csp = slice_is(a.val, a.vlen,
					       "content-security-policy");
			else if (attr_is(&a, "content"))
				content = a;
		}
		/* A quoted value must be closed, or the edit would run past
		 * the end of the page. */
		if (csp && content.val != NULL &&
		    (content.quote == 0 ||
		     content.val + content.vlen < end)) {
			struct buf *t = edit_add(&e,
				(size_t)(content.val - html) -
					(content.quote != 0),
				content.vlen + 2 * (content.quote != 0));
			char quote = content.quote ? content.quote : '"';
			buf_putc(t, quote);
			put_csp(t, content.val, content.vlen, quote);
			buf_putc(t, quote);
		}
		p = q;
	}
	const char *h = find_ci(html, len, "</head", 0);
	if (h != NULL) {
		const char *q = h + 6;
		struct attr a;
		while (next_attr(&q, end, &a))
			;
		have_head = 1;
		head_end = (size_t)(q - html);
		if (errors != NULL)
			buf_puts(edit_add(&e, (size_t)(h - html), 0),
				 "<link rel=\"stylesheet\" href=\""
				 PREVIEW_CSS_URL "\">\n");
	}
	for (const char *p = html; (p = find_ci(p, (size_t)(end - p), "<body",
						0)) != NULL;) {
		if (is_tag(p + 1, end, "body")) {
			const char *q = p + 5;
			struct attr a;
			while (next_attr(&q, end, &a))
				;
			body_at = (size_t)(q - html);
			have_body = 1;
			break;
		}
		p++;
	}
	if (errors != NULL) {
		struct buf *t = edit_add(&e, have_body ? body_at
					 : have_head ? head_end : 0, 0);
		if (have_body)
			buf_putc(t, '\n');
		if (!have_head)
			buf_puts(t, "<link rel=\"stylesheet\" href=\""
				 PREVIEW_CSS_URL "\">\n");
		put_banner(t, errors, last);
	}
	const char *bc = find_ci(html, len, "</body", 1);
	buf_printf(edit_add(&e, bc ? (size_t)(bc - html) : len, 0),
		   "<script src=\"" PREVIEW_LIVE_JS_URL "\" data-gen=\"%lu\">"
		   "</script>\n", gen);

	qsort(e.v, e.n, sizeof *e.v, edit_cmp);
	size_t at = 0;
	for (size_t i = 0; i < e.n; i++) {
		struct edit *x = &e.v[i];
		if (x->at < at) /* overlaps the previous edit: skip it */
			goto next;
		buf_put(out, html + at, x->at - at);
		buf_put(out, x->text.data ? x->text.data : "", x->text.len);
		at = x->at + x->cut;
	next:
		buf_free(&x->text);
	}
	buf_put(out, html + at, len - at);
	free(e.v);
}

void preview_page(struct buf *out, const char *html, size_t len,
		  unsigned long gen, const char *errors)
{
	rewrite(out, html, len, gen, errors,
		"The page below is the last version that built.");
}

void preview_error_page(struct buf *out, unsigned long gen,
			const char *errors)
{
	static const char page[] =
		"<!DOCTYPE html>\n"
		"<html lang=\"en\">\n"
		"<head>\n"
		"<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, "
		"initial-scale=1\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" "
		"content=\"default-src 'none'; base-uri 'none'; "
		"form-action 'none'\">\n"
		"<title>The last save has an error - pamphlet preview</title>\n"
		"</head>\n"
		"<body>\n"
		"</body>\n"
		"</html>\n";
	rewrite(out, page, sizeof page - 1, gen, errors,
		"No version of the site has built yet, so there is no page "
		"to show.");
}
