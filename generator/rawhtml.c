#include "rawhtml.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "markdown.h"
#include "util.h"

/* ---- reading HTML as a browser's tokenizer does, roughly ---- */

enum markup {
	M_TEXT,  /* a '<' that starts nothing: text */
	M_START, /* <name ...> */
	M_END,   /* </name ...> */
	M_OTHER, /* comment, CDATA, <!DOCTYPE>, <?...> */
};

/* One attribute of a start tag: name and value, as written. */
struct attr {
	const char *name, *value;
	size_t nlen, vlen;
};

/* A tag: its name (lower case, cut to fit) and, for a start tag, its
 * attributes. */
struct tag {
	char name[16];
	struct attr *a;
	size_t na;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The offset of needle (ASCII, matched ignoring case) in h[from..len),
 * or len. */
static size_t find_nocase(const char *h, size_t len, size_t from,
			  const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = from; i + n <= len; i++) {
		size_t k = 0;
		while (k < n && lower(h[i + k]) == needle[k])
			k++;
		if (k == n)
			return i;
	}
	return len;
}

/* Just past the end of what ends with `close` from `from`, or len. */
static size_t past(const char *h, size_t len, size_t from, const char *close)
{
	size_t at = find_nocase(h, len, from, close);
	return at == len ? len : at + strlen(close);
}

/* The tag whose name starts at h[i] (just after "<" or "</"): fills t
 * (the caller frees t->a) and returns the offset just past its '>'. */
static size_t read_tag(const char *h, size_t len, size_t i, struct tag *t)
{
	size_t n = 0;
	while (i < len && !is_space(h[i]) && h[i] != '/' && h[i] != '>') {
		if (n + 1 < sizeof t->name)
			t->name[n++] = lower(h[i]);
		i++;
	}
	t->name[n] = '\0';
	for (;;) {
		while (i < len && (is_space(h[i]) || h[i] == '/'))
			i++;
		if (i >= len)
			return len;
		if (h[i] == '>')
			return i + 1;
		struct attr a = {h + i, "", 0, 0};
		i++; /* (a first '=' is part of the name) */
		while (i < len && !is_space(h[i]) && h[i] != '/' &&
		       h[i] != '>' && h[i] != '=')
			i++;
		a.nlen = (size_t)(h + i - a.name);
		while (i < len && is_space(h[i]))
			i++;
		if (i < len && h[i] == '=') {
			i++;
			while (i < len && is_space(h[i]))
				i++;
			if (i < len && (h[i] == '"' || h[i] == '\'')) {
				char q = h[i++];
				a.value = h + i;
				while (i < len && h[i] != q)
					i++;
				a.vlen = (size_t)(h + i - a.value);
				i += i < len;
			} else {
				a.value = h + i;
				while (i < len && !is_space(h[i]) && h[i] != '>')
					i++;
				a.vlen = (size_t)(h + i - a.value);
			}
		}
		t->a = xrealloc(t->a, (t->na + 1) * sizeof *t->a);
		t->a[t->na++] = a;
	}
}

/* What the '<' at h[i] starts, and the offset just past it; t gets the
 * tag of M_START and M_END (the caller frees t->a). */
static enum markup read_markup(const char *h, size_t len, size_t i,
			       size_t *end, struct tag *t)
{
	const char *s = h + i;
	size_t left = len - i;
	memset(t, 0, sizeof *t);
	if (left >= 4 && memcmp(s, "<!--", 4) == 0) {
		/* "<!-->" and "<!--->" end at once. */
		if (left >= 5 && s[4] == '>')
			*end = i + 5;
		else if (left >= 6 && memcmp(s + 4, "->", 2) == 0)
			*end = i + 6;
		else
			*end = past(h, len, i + 4, "-->");
		return M_OTHER;
	}
	if (left >= 9 && memcmp(s, "<![CDATA[", 9) == 0) {
		*end = past(h, len, i + 9, "]]>");
		return M_OTHER;
	}
	if (left >= 2 && (s[1] == '!' || s[1] == '?')) {
		*end = past(h, len, i + 2, ">");
		return M_OTHER;
	}
	if (left >= 3 && s[1] == '/' && is_alpha(s[2])) {
		*end = read_tag(h, len, i + 2, t);
		return M_END;
	}
	if (left >= 2 && is_alpha(s[1])) {
		*end = read_tag(h, len, i + 1, t);
		return M_START;
	}
	*end = i + 1;
	return M_TEXT;
}

static int in_list(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

/* Elements whose content is not markup: it runs to their end tag. */
static const char *const raw_text[] = {
	"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
	"noframes", NULL,
};

/* After the start tag t ending at end: where its content ends, for an
 * element whose content is not markup (else end itself). */
static size_t skip_raw(const char *h, size_t len, size_t end,
		       const struct tag *t)
{
	if (!in_list(t->name, raw_text))
		return end;
	char close[20];
	memcpy(close, "</", 2);
	strcpy(close + 2, t->name);
	return find_nocase(h, len, end, close);
}

/* ---- the text ---- */

/* Of those, the ones whose content a reader does not see. */
static const char *const hidden[] = {
	"script", "style", "title", "iframe", "noembed", "noframes", NULL,
};

/* Tags that start a block or a line: white space between words. */
static const char *const breaks[] = {
	"address", "article", "aside", "blockquote", "br", "dd", "details",
	"div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
	"form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
	"main", "nav", "ol", "p", "pre", "section", "summary", "table", "td",
	"th", "tr", "ul", NULL,
};

char *rawhtml_text(const char *html, size_t len, size_t max)
{
	struct buf b = BUF_INIT;
	int space = 0;
	size_t raw_end = 0; /* a <textarea>'s content is text, '<' and all */
	for (size_t i = 0; i < len;) {
		char c = html[i];
		if (c == '<' && i >= raw_end) {
			struct tag t;
			size_t end;
			enum markup m = read_markup(html, len, i, &end, &t);
			free(t.a);
			if (m != M_TEXT) {
				if ((m == M_START || m == M_END) &&
				    in_list(t.name, breaks))
					space = 1;
				if (m == M_START && in_list(t.name, hidden))
					end = skip_raw(html, len, end, &t);
				else if (m == M_START)
					raw_end = skip_raw(html, len, end, &t);
				i = end;
				continue;
			}
		}
		if (is_space(c)) {
			space = 1;
			i++;
			continue;
		}
		if (space && b.len > 0)
			buf_putc(&b, ' ');
		space = 0;
		buf_putc(&b, c);
		i++;
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	if (b.len > max) {
		size_t cut = max;
		while (cut > 0 && ((unsigned char)b.data[cut] & 0xC0) == 0x80)
			cut--; /* (not inside a character) */
		b.len = cut;
		buf_puts(&b, "...");
	}
	return buf_detach(&b);
}

/* ---- what unsafe_html does not let through ---- */

/* Elements refused, and why. */
static const struct {
	const char *name;
	const char *why;
} refused_elements[] = {
	{"script", "pages run no scripts"},
	{"style", "the site's styles are in templates/assets/"},
	{"link", "the templates load the site's files"},
	{"iframe", "it shows another page or file inside the page"},
	{"frame", "it shows another page or file inside the page"},
	{"frameset", "it shows other pages inside the page"},
	{"object", "it shows another page or file inside the page"},
	{"embed", "it shows another page or file inside the page"},
	{"applet", "pages run no programs"},
	{"base", "it changes where every link of the page leads"},
	{"meta", "it can send the reader to another address"},
};

/* Attributes holding an address the reader may follow... */
static const char *const link_attrs[] = {
	"href", "action", "formaction", "cite", "xlink:href", NULL,
};
/* ...and those of a file the page loads by itself. */
static const char *const load_attrs[] = {
	"src", "srcset", "poster", "data", "background", "lowsrc", NULL,
};
/* Elements whose href loads a file (SVG). */
static const char *const href_loads[] = {"image", "use", "feimage", NULL};

/* Named entities that can hide a scheme ("javascript&colon;"). */
static const struct {
	const char *name;
	const char *text;
} entities[] = {
	{"amp;", "&"},  {"lt;", "<"},   {"gt;", ">"},      {"quot;", "\""},
	{"apos;", "'"}, {"colon;", ":"}, {"Tab;", "\t"},   {"NewLine;", "\n"},
	{"sol;", "/"},  {"period;", "."},
};

/* v[0..len) with its character references decoded (numeric ones, and
 * the named ones above).  Caller frees. */
static char *decode_entities(const char *v, size_t len)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < len; i++) {
		if (v[i] != '&') {
			buf_putc(&b, v[i]);
			continue;
		}
		size_t k = i + 1;
		if (k < len && v[k] == '#') {
			int hex = k + 1 < len && lower(v[k + 1]) == 'x';
			long cp = 0;
			size_t d = k + 1 + (size_t)hex, from = d;
			for (; d < len && cp <= 0x10FFFF; d++) {
				char c = lower(v[d]);
				if (c >= '0' && c <= '9')
					cp = cp * (hex ? 16 : 10) + (c - '0');
				else if (hex && c >= 'a' && c <= 'f')
					cp = cp * 16 + (c - 'a' + 10);
				else
					break;
			}
			if (d > from) {
				if (cp <= 0 || cp > 0x10FFFF)
					cp = 0xFFFD;
				utf8proc_uint8_t u[4];
				utf8proc_ssize_t n = utf8proc_encode_char(
					(utf8proc_int32_t)cp, u);
				buf_put(&b, (const char *)u, (size_t)n);
				i = d - (d < len && v[d] == ';' ? 0 : 1);
				continue;
			}
		}
		size_t e;
		for (e = 0; e < ARRAY_LEN(entities); e++) {
			size_t n = strlen(entities[e].name);
			if (len - k >= n && memcmp(v + k, entities[e].name, n) == 0)
				break;
		}
		if (e < ARRAY_LEN(entities)) {
			buf_puts(&b, entities[e].text);
			i = k + strlen(entities[e].name) - 1;
		} else {
			buf_putc(&b, '&');
		}
	}
	return buf_detach(&b);
}

/* The address as a browser reads it: without leading controls and
 * spaces, and without tabs and line breaks anywhere.  In place. */
static void as_browser(char *url)
{
	const char *i = url;
	while (*i != '\0' && (unsigned char)*i <= ' ')
		i++;
	char *o = url;
	for (; *i != '\0'; i++)
		if (*i != '\t' && *i != '\n' && *i != '\r')
			*o++ = *i;
	*o = '\0';
}

/* 1 if url names its own scheme or host ("x:...", "//host"). */
static int leaves_site(const char *url)
{
	size_t i = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	return (i > 0 && url[i] == ':') || strncmp(url, "//", 2) == 0 ||
	       strncmp(url, "\\\\", 2) == 0 || strncmp(url, "/\\", 2) == 0 ||
	       strncmp(url, "\\/", 2) == 0;
}

static void refuse(const struct rawhtml_visitor *v, size_t at, int *count,
		   const char *why)
{
	v->refused(v->ctx, at, why);
	(*count)++;
}

/* Check the address url of attribute attr of tag t: loads says whether
 * the page loads it by itself.  Returns 1 if it passes. */
static int check_address(const struct rawhtml_visitor *v, size_t at,
			  const struct tag *t, const char *attr,
			  const char *url, int loads, int *count)
{
	char *why = NULL;
	if (loads && leaves_site(url))
		why = xasprintf("address \"%s\" in <%s %s> is not allowed, even "
				"with unsafe_html: true: patients' browsers "
				"must not load anything from elsewhere "
				"(expected a file of the site)", url, t->name,
				attr);
	else if (!loads && !md_url_is_safe(url))
		why = xasprintf("address \"%s\" in <%s %s> is not allowed, even "
				"with unsafe_html: true (expected https://..., "
				"mailto:, tel: or an address in the site)",
				url, t->name, attr);
	if (why != NULL)
		refuse(v, at, count, why);
	free(why);
	return why == NULL;
}

/* Check the attributes of start tag t at h[at]. */
static void check_attrs(const struct rawhtml_visitor *v, size_t at,
			const struct tag *t, int *count)
{
	for (size_t k = 0; k < t->na; k++) {
		const struct attr *a = &t->a[k];
		char *name = xstrndup(a->name, a->nlen);
		for (char *c = name; *c; c++)
			*c = lower(*c);
		int loads = in_list(name, load_attrs) ||
			    (strcmp(name, "href") == 0 &&
			     in_list(t->name, href_loads));
		if (strncmp(name, "on", 2) == 0 && name[2] != '\0') {
			char *why = xasprintf("HTML attribute \"%s\" is not "
					      "allowed, even with unsafe_html: "
					      "true: pages run no scripts", name);
			refuse(v, at, count, why);
			free(why);
		} else if (loads || in_list(name, link_attrs)) {
			char *url = decode_entities(a->value, a->vlen);
			as_browser(url);
			if (strcmp(name, "srcset") == 0) {
				/* "a.png 1x, b.png 2x": each first word. */
				for (char *c = url, *next; c != NULL; c = next) {
					next = strchr(c, ',');
					if (next != NULL)
						*next++ = '\0';
					c += strspn(c, " \f");
					c[strcspn(c, " \f")] = '\0';
					check_address(v, at, t, name, c, 1, count);
				}
			} else if (check_address(v, at, t, name, url, loads,
						 count) &&
				   v->address != NULL &&
				   (strcmp(name, "href") == 0 ||
				    strcmp(name, "src") == 0)) {
				v->address(v->ctx, at, url);
			}
			free(url);
		}
		free(name);
	}
}

int rawhtml_check(const char *html, size_t len,
		  const struct rawhtml_visitor *v)
{
	int count = 0;
	for (size_t i = 0; i < len;) {
		if (html[i] != '<') {
			i++;
			continue;
		}
		struct tag t;
		size_t end;
		enum markup m = read_markup(html, len, i, &end, &t);
		if (m == M_START) {
			size_t k = 0;
			while (k < ARRAY_LEN(refused_elements) &&
			       strcmp(t.name, refused_elements[k].name) != 0)
				k++;
			if (k < ARRAY_LEN(refused_elements)) {
				/* (Its attributes do not matter then.) */
				char *why = xasprintf("HTML element <%s> is not "
						      "allowed, even with "
						      "unsafe_html: true: %s",
						      t.name,
						      refused_elements[k].why);
				refuse(v, i, &count, why);
				free(why);
			} else {
				check_attrs(v, i, &t, &count);
			}
			end = skip_raw(html, len, end, &t);
		}
		free(t.a);
		i = end;
	}
	return count;
}
