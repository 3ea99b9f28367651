/*
 * test_rawhtml.c: unit tests for rawhtml.h: the text a browser shows of
 * HTML written in Markdown (what a page without unsafe_html loses), and
 * what unsafe_html still refuses, at which byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rawhtml.h"

/* rawhtml_text() of html, cut at max bytes, compared with want (NULL:
 * no text). */
static void check_text_max(const char *html, size_t max, const char *want)
{
	char *got = rawhtml_text(html, strlen(html), max);
	if (want == NULL && got != NULL)
		fail_msg("rawhtml_text(\"%s\") = \"%s\", expected none", html,
			 got);
	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		fail_msg("rawhtml_text(\"%s\") = \"%s\", expected \"%s\"", html,
			 got ? got : "(none)", want);
	free(got);
}

static void check_text(const char *html, const char *want)
{
	check_text_max(html, 1000, want);
}

static void test_text_of_blocks(void **state)
{
	(void)state;
	check_text("<div class=\"note\">\nCall the clinic on 0123 456 789.\n"
		   "</div>\n", "Call the clinic on 0123 456 789.");
	check_text("<p>Rest <b>two</b> days,</p><p>then again.</p>",
		   "Rest two days, then again.");
	check_text("<table><tr><td>Mon</td><td>Thu</td></tr></table>",
		   "Mon Thu");
	check_text("a<br>b<br/>c", "a b c");
	check_text("ph<b>o</b>ne", "phone");
	/* Entities as written: the message shows what the file says. */
	check_text("<p>R&amp;D &nbsp;x</p>", "R&amp;D &nbsp;x");
	/* A '<' that starts no tag is text. */
	check_text("<p>1 < 2 and a <3</p>", "1 < 2 and a <3");
	check_text("<p>a > b</p>", "a > b");
}

static void test_text_left_out(void **state)
{
	(void)state;
	check_text("<div class=\"note\">\n", NULL);
	check_text("</div>\n", NULL);
	check_text("<!-- a comment with words -->\n", NULL);
	check_text("<!-->x", "x");
	check_text("<!--->y", "y");
	check_text("<!DOCTYPE html>", NULL);
	check_text("<?php echo 1 ?>", NULL);
	check_text("<![CDATA[ hidden ]]>", NULL);
	check_text("<script>var s = '<p>no</p>';</script>", NULL);
	check_text("<STYLE>p { color: red }</STYLE>after", "after");
	check_text("<img src=\"a.png\" alt=\"A photo > words\">", NULL);
	check_text("<a title='x > y' href=\"#\">link</a>", "link");
	check_text("   \n\t", NULL);
	check_text("", NULL);
	/* Unclosed things end with the text. */
	check_text("<!-- never closed", NULL);
	check_text("<div class=\"never closed", NULL);
	check_text("<script>never closed", NULL);
	/* A textarea's content shows. */
	check_text("<textarea><b>kept</b></textarea>", "<b>kept</b>");
}

static void test_text_cut(void **state)
{
	(void)state;
	check_text_max("<p>abcdef</p>", 6, "abcdef");
	check_text_max("<p>abcdefg</p>", 6, "abcdef...");
	/* Never inside a character: "é" is two bytes. */
	check_text_max("<p>abcd\xC3\xA9</p>", 5, "abcd...");
	check_text_max("<p>abcd\xC3\xA9</p>", 6, "abcd\xC3\xA9");
}

/* What rawhtml_check() reported: "AT: WHY\n" lines, and addresses as
 * "AT= URL\n". */
struct seen {
	struct buf b;
};

static void on_refused(void *ctx, size_t at, const char *why)
{
	struct seen *s = ctx;
	buf_printf(&s->b, "%zu: %s\n", at, why);
}

static void on_address(void *ctx, size_t at, const char *url)
{
	struct seen *s = ctx;
	buf_printf(&s->b, "%zu= %s\n", at, url);
}

static void check_html(const char *html, int want_count, const char *want)
{
	struct seen s = {BUF_INIT};
	struct rawhtml_visitor v = {on_refused, on_address, &s};
	int n = rawhtml_check(html, strlen(html), &v);
	const char *got = buf_cstr(&s.b);
	if (n != want_count || strcmp(got, want) != 0)
		fail_msg("rawhtml_check(\"%s\") = %d:\n%s\nexpected %d:\n%s",
			 html, n, got, want_count, want);
	buf_free(&s.b);
}

static void test_refused_elements(void **state)
{
	(void)state;
	check_html("<script>alert(1)</script>", 1,
		   "0: HTML element <script> is not allowed, even with "
		   "unsafe_html: true: pages run no scripts\n");
	check_html("a <SCRIPT src=x.js></SCRIPT>", 1,
		   "2: HTML element <script> is not allowed, even with "
		   "unsafe_html: true: pages run no scripts\n");
	/* Its content is not HTML: one error, not three. */
	check_html("<script>document.write('<iframe>')</script>", 1,
		   "0: HTML element <script> is not allowed, even with "
		   "unsafe_html: true: pages run no scripts\n");
	check_html("<div>\n  <iframe src=\"https://x.org/\"></iframe>\n"
		   "  <object data=a.swf></object><embed src=b.swf>\n"
		   "  <style>p{}</style>\n</div>", 4,
		   "8: HTML element <iframe> is not allowed, even with "
		   "unsafe_html: true: it shows another page or file inside "
		   "the page\n"
		   "49: HTML element <object> is not allowed, even with "
		   "unsafe_html: true: it shows another page or file inside "
		   "the page\n"
		   "77: HTML element <embed> is not allowed, even with "
		   "unsafe_html: true: it shows another page or file inside "
		   "the page\n"
		   "97: HTML element <style> is not allowed, even with "
		   "unsafe_html: true: the site's styles are in "
		   "templates/assets/\n");
	check_html("<meta http-equiv=refresh content=\"0;url=x\">", 1,
		   "0: HTML element <meta> is not allowed, even with "
		   "unsafe_html: true: it can send the reader to another "
		   "address\n");
	/* Closing tags, comments and look-alikes are not elements. */
	check_html("</script><!-- <script> --><scripts><scrip>", 0, "");
}

static void test_refused_attributes(void **state)
{
	(void)state;
	check_html("<b onclick=\"x()\">b</b>", 1,
		   "0: HTML attribute \"onclick\" is not allowed, even with "
		   "unsafe_html: true: pages run no scripts\n");
	check_html("<img src=a.png OnError=x()>", 1,
		   "0= a.png\n"
		   "0: HTML attribute \"onerror\" is not allowed, even with "
		   "unsafe_html: true: pages run no scripts\n");
	/* "on" alone, and names that only contain "on", are fine. */
	check_html("<p on=1 data-on=2 title=\"onclick=x\">", 0, "");
}

static void test_refused_addresses(void **state)
{
	(void)state;
	/* However the scheme is written. */
	static const char *const js[] = {
		"<a href=\"javascript:alert(1)\">x</a>",
		"<a href=\"java&#x09;script:alert(1)\">x</a>",
		"<a href='  jav&#97;script&colon;alert(1)'>x</a>",
		"<a href=javascript:alert(1)>x</a>",
		"<a HREF=\"&#x6A;avascript:alert(1)\">x</a>",
	};
	for (size_t i = 0; i < sizeof js / sizeof js[0]; i++)
		check_html(js[i], 1, "0: address \"javascript:alert(1)\" in <a "
			   "href> is not allowed, even with unsafe_html: true "
			   "(expected https://..., mailto:, tel: or an address "
			   "in the site)\n");
	check_html("<form action=\"data:text/html,x\">", 1,
		   "0: address \"data:text/html,x\" in <form action> is not "
		   "allowed, even with unsafe_html: true (expected "
		   "https://..., mailto:, tel: or an address in the site)\n");
	/* A file the page loads comes from the site. */
	check_html("<img src=\"https://t.example/p.png\">", 1,
		   "0: address \"https://t.example/p.png\" in <img src> is not "
		   "allowed, even with unsafe_html: true: patients' browsers "
		   "must not load anything from elsewhere (expected a file of "
		   "the site)\n");
	check_html("<img srcset=\"a.png 1x, //cdn.example/b.png 2x\">", 1,
		   "0: address \"//cdn.example/b.png\" in <img srcset> is not "
		   "allowed, even with unsafe_html: true: patients' browsers "
		   "must not load anything from elsewhere (expected a file of "
		   "the site)\n");
	check_html("<svg><use href=\"https://x.example/s.svg#i\"/></svg>", 1,
		   "5: address \"https://x.example/s.svg#i\" in <use href> is "
		   "not allowed, even with unsafe_html: true: patients' "
		   "browsers must not load anything from elsewhere (expected "
		   "a file of the site)\n");
	/* What passes, and the addresses the link check gets. */
	check_html("<a href=\"https://example.org/?a=1&amp;b=2\">x</a> "
		   "<a href=\"mailto:a@b.c\">m</a> <a href='tel:+44'>t</a> "
		   "<img src=\"../img/a%20b.png\" alt=\"\"> "
		   "<a href=\"#part\" style=\"color:red\">p</a>", 0,
		   "0= https://example.org/?a=1&b=2\n"
		   "49= mailto:a@b.c\n"
		   "78= tel:+44\n"
		   "102= ../img/a%20b.png\n"
		   "138= #part\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_of_blocks),
		cmocka_unit_test(test_text_left_out),
		cmocka_unit_test(test_text_cut),
		cmocka_unit_test(test_refused_elements),
		cmocka_unit_test(test_refused_attributes),
		cmocka_unit_test(test_refused_addresses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
