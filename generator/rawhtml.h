/*
 * rawhtml.h: HTML written inside Markdown, read the way a browser reads
 * it, as far as pamphlet needs: the text a reader would see of it, and
 * what pamphlet refuses in it even with unsafe_html (scripts, styles,
 * frames and embedded objects, event handlers, addresses a Markdown link
 * may not have).  Pure string work: it knows nothing of pages, lines or
 * messages' places, only byte offsets into the HTML it is given.
 */
#ifndef PAMPHLET_RAWHTML_H
#define PAMPHLET_RAWHTML_H

#include <stddef.h>

/* The text a browser would show of the HTML html[0..len): tags,
 * comments, declarations and the content of <script> and <style> left
 * out, entities as written, each run of white space (and each tag that
 * starts a block or a line, such as <p>, <br>, <li>) one space, trimmed.
 * At most max bytes of it, cut between two characters and followed by
 * "..." when there is more.  NULL when the HTML shows no text.  Caller
 * frees. */
char *rawhtml_text(const char *html, size_t len, size_t max);

/* What rawhtml_check() calls back, each with the byte offset of the '<'
 * of the tag concerned. */
struct rawhtml_visitor {
	/* Something refused: why says what and why, as a message's text
	 * ("HTML element <script> is not allowed, ..."). */
	void (*refused)(void *ctx, size_t at, const char *why);
	/* The address of an href or src attribute, entities decoded, for
	 * the link check (may be NULL). */
	void (*address)(void *ctx, size_t at, const char *url);
	void *ctx;
};

/* Check the HTML html[0..len) against what unsafe_html lets through:
 * each refused element (<script>, <style>, <iframe>, <object>,
 * <embed>...), attribute (onclick and every other on...) and address
 * (javascript: and any scheme a Markdown link may not have; for a file
 * the page loads, such as <img src>, any address on another site) is
 * reported to v->refused, in order.  Returns how many. */
int rawhtml_check(const char *html, size_t len,
		  const struct rawhtml_visitor *v);

#endif
