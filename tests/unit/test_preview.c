/*
 * test_preview.c: unit tests for what `pamphlet serve` does to paths and
 * pages (preview.h): the mapping of request paths to files, refusing
 * every way out of the served folder; Content-Types; the reload script,
 * the widened Content-Security-Policy and the escaped error banner.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "preview.h"

/* ---- helpers ---- */

static void map_ok(const char *url, const char *want)
{
	char *rel = (char *)"untouched";
	assert_int_equal(preview_map_url(url, &rel), 0);
	assert_non_null(rel);
	assert_string_equal(rel, want);
	free(rel);
}

static void map_fails(const char *url, int status)
{
	char *rel = (char *)"untouched";
	assert_int_equal(preview_map_url(url, &rel), status);
	assert_null(rel);
}

/* The page as served, as a string (caller frees). */
static char *served(const char *html, unsigned long gen, const char *errors)
{
	struct buf b = BUF_INIT;
	preview_page(&b, html, strlen(html), gen, errors);
	return buf_detach(&b);
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static const char page[] =
	"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	"'none'; style-src 'self'; img-src 'self'; base-uri 'none'\">\n"
	"<title>T</title>\n</head>\n<body>\n<p>Text</p>\n</body>\n</html>\n";

/* ---- paths ---- */

static void test_map_plain(void **state)
{
	(void)state;
	map_ok("/", "");
	map_ok("/causes/", "causes/");
	map_ok("/causes", "causes");
	map_ok("/assets/style.css", "assets/style.css");
	map_ok("/exercises/chest-stretch/index.html",
	       "exercises/chest-stretch/index.html");
}

static void test_map_decodes(void **state)
{
	(void)state;
	map_ok("/a%20b/c%2Fd", "a b/c/d");
	map_ok("/caf%C3%A9/", "caf\xC3\xA9/");
	map_ok("/a+b", "a+b"); /* '+' is a plus in a path */
	map_ok("/x..y/z..", "x..y/z.."); /* dots inside a name are fine */
}

static void test_map_refuses_ways_out(void **state)
{
	(void)state;
	map_fails("/..", 400);
	map_fails("/../etc/passwd", 400);
	map_fails("/../../etc/passwd", 400);
	map_fails("/causes/../../x", 400);
	map_fails("/%2e%2e/", 400);
	map_fails("/%2E%2E/etc", 400);
	map_fails("/.%2e/x", 400);
	map_fails("/..%2fetc%2fpasswd", 400);
	map_fails("/causes/..", 400);
	map_fails("/./causes/", 400);
	map_fails("/a\\..\\b", 400);
	map_fails("/a%5c..%5cb", 400);
	map_fails("/causes%00.html", 400);
	map_fails("//etc/passwd", 400);
	map_fails("/causes//x", 400);
	map_fails("relative", 400);
	map_fails("", 400);
}

static void test_map_refuses_bad_escapes(void **state)
{
	(void)state;
	map_fails("/%", 400);
	map_fails("/%4", 400);
	map_fails("/%zz", 400);
	map_fails("/a%g0", 400);
}

static void test_map_hides_dot_files(void **state)
{
	(void)state;
	map_fails("/.pamphlet-manifest", 404);
	map_fails("/causes/.index.html.tmp-123", 404);
	map_fails("/.git/config", 404);
	map_fails("/%2epamphlet-manifest", 404);
}

static void test_content_types(void **state)
{
	(void)state;
	assert_string_equal(preview_content_type("index.html"),
			    "text/html; charset=utf-8");
	assert_string_equal(preview_content_type("a/B.HTM"),
			    "text/html; charset=utf-8");
	assert_string_equal(preview_content_type("assets/style.css"),
			    "text/css; charset=utf-8");
	assert_string_equal(preview_content_type("exercise-sheet.pdf"),
			    "application/pdf");
	assert_string_equal(preview_content_type("a.png"), "image/png");
	assert_string_equal(preview_content_type("a.jpg"), "image/jpeg");
	assert_string_equal(preview_content_type("a.JPEG"), "image/jpeg");
	assert_string_equal(preview_content_type("a.svg"), "image/svg+xml");
	assert_string_equal(preview_content_type("sitemap.xml"),
			    "application/xml");
	assert_string_equal(preview_content_type("robots.txt"),
			    "text/plain; charset=utf-8");
	assert_string_equal(preview_content_type("a.json"), "application/json");
	assert_string_equal(preview_content_type("favicon.ico"),
			    "image/x-icon");
	assert_string_equal(preview_content_type("README"),
			    "application/octet-stream");
	assert_string_equal(preview_content_type("dir.html/file"),
			    "application/octet-stream");
	assert_string_equal(preview_content_type("a.exe"),
			    "application/octet-stream");
	assert_true(preview_is_html("x/index.html"));
	assert_false(preview_is_html("x/style.css"));
}

/* ---- pages ---- */

static void test_page_gets_script_and_csp(void **state)
{
	(void)state;
	char *s = served(page, 7, NULL);
	assert_non_null(strstr(s, "<script src=\"/__pamphlet/live.js\" "
				  "data-gen=\"7\"></script>\n</body>"));
	assert_non_null(strstr(s, "content=\"default-src 'none'; style-src "
				  "'self'; img-src 'self'; base-uri 'none'; "
				  "script-src 'self'; connect-src 'self'\""));
	assert_null(strstr(s, "role=\"alert\""));
	assert_null(strstr(s, "preview.css"));
	assert_int_equal(count(s, "<script"), 1);
	/* Only those two changes: the rest is byte for byte the page. */
	assert_non_null(strstr(s, "<title>T</title>\n</head>\n<body>\n<p>Text"
				  "</p>\n"));
	free(s);
}

static void test_csp_variants(void **state)
{
	(void)state;
	/* Existing directives: 'self' added once, 'none' dropped, the
	 * keywords compared without case. */
	char *s = served("<head><meta http-equiv=\"content-security-policy\" "
			 "content=\"default-src 'none'; script-src 'none'; "
			 "connect-src 'self';style-src 'SELF'\"></head><body>"
			 "</body>", 1, NULL);
	assert_non_null(strstr(s, "content=\"default-src 'none'; script-src "
				  "'self'; connect-src 'self'; style-src "
				  "'SELF'\""));
	free(s);
	/* In single quotes, the added quotes are escaped. */
	s = served("<meta http-equiv='Content-Security-Policy' "
		   "content='default-src https:; script-src \"x\"'>"
		   "<body></body>", 1, NULL);
	assert_non_null(strstr(s, "content='default-src https:; script-src "
				  "\"x\" &#39;self&#39;; connect-src https: "
				  "&#39;self&#39;; style-src https: &#39;self"
				  "&#39;'>"));
	free(s);
	/* No default-src: nothing is blocked, nothing to add. */
	s = served("<meta http-equiv=\"Content-Security-Policy\" "
		   "content=\"img-src 'self'\"><body></body>", 1, NULL);
	assert_non_null(strstr(s, "content=\"img-src 'self'\""));
	free(s);
	/* A missing directive falls back to default-src's sources. */
	s = served("<META CONTENT=\"default-src 'self' data:\" "
		   "HTTP-EQUIV=\"Content-Security-Policy\"><body></body>", 1,
		   NULL);
	assert_non_null(strstr(s, "CONTENT=\"default-src 'self' data:; "
				  "script-src 'self' data:; connect-src 'self' "
				  "data:; style-src 'self' data:\""));
	free(s);
	/* Other metas and an unclosed value are left alone. */
	s = served("<meta name=\"description\" content=\"script-src\">"
		   "<meta http-equiv=\"Content-Security-Policy\" "
		   "content=\"default-src 'none'", 1, NULL);
	assert_non_null(strstr(s, "<meta name=\"description\" "
				  "content=\"script-src\">"));
	assert_non_null(strstr(s, "content=\"default-src 'none'<script"));
	free(s);
}

static void test_banner(void **state)
{
	(void)state;
	const char *errors =
		"pamphlet: content/causes.md:3:1: error: unknown key "
		"\"<b>&x\"\r\n"
		"\n"
		"pamphlet: content/faq.md: error: second\n";
	char *s = served(page, 3, errors);
	const char *banner = strstr(s, "<body>\n<div class=\"pamphlet-preview-"
				       "error\" role=\"alert\">\n");
	assert_non_null(banner);
	assert_non_null(strstr(s, "<li><code>pamphlet: content/causes.md:3:1: "
				  "error: unknown key &quot;&lt;b&gt;&amp;x"
				  "&quot;</code></li>\n<li><code>pamphlet: "
				  "content/faq.md: error: second</code></li>\n"
				  "</ul>"));
	assert_null(strstr(s, "<b>"));
	assert_non_null(strstr(banner, "The page below is the last version "
				       "that built."));
	/* The banner is above the page, which is still all there. */
	assert_true(strstr(s, "<p>Text</p>") > banner);
	assert_non_null(strstr(s, "<link rel=\"stylesheet\" href=\""
				  "/__pamphlet/preview.css\">\n</head>"));
	assert_non_null(strstr(s, "data-gen=\"3\"></script>\n</body>"));
	free(s);
}

static void test_banner_caps_lines(void **state)
{
	(void)state;
	struct buf e = BUF_INIT;
	for (int i = 1; i <= 60; i++)
		buf_printf(&e, "pamphlet: a.md:%d:1: error: e\n", i);
	char *s = served(page, 1, buf_cstr(&e));
	assert_int_equal(count(s, "<li><code>"), 50);
	assert_non_null(strstr(s, "... and 10 more: see the terminal."));
	free(s);
	buf_free(&e);
}

static void test_page_without_body(void **state)
{
	(void)state;
	/* No <body>, no </body>: the banner after </head>, the script at
	 * the end. */
	char *s = served("<html><head></head>text", 2, "pamphlet: e\n");
	assert_non_null(strstr(s, "<head><link rel=\"stylesheet\" href=\""
				  "/__pamphlet/preview.css\">\n</head><div "
				  "class=\"pamphlet-preview-error\""));
	assert_non_null(strstr(s, "text<script src=\"/__pamphlet/live.js\" "
				  "data-gen=\"2\"></script>\n"));
	free(s);
	/* Not even a head: both at the start; and "<bodyx>" is no body. */
	s = served("<bodyx>", 2, "pamphlet: e\n");
	assert_true(strncmp(s, "<link rel=\"stylesheet\"", 22) == 0);
	assert_non_null(strstr(s, "</div>\n<bodyx><script"));
	free(s);
	/* A body tag with attributes, in capitals; the last </body>. */
	s = served("<BODY class=\"a>b\">x</BODY>y</body>", 2, "pamphlet: e\n");
	assert_non_null(strstr(s, "<BODY class=\"a>b\">\n<link rel=\"stylesheet"
				  "\" href=\"/__pamphlet/preview.css\">\n<div"));
	assert_non_null(strstr(s, "x</BODY>y<script"));
	free(s);
}

static void test_error_page(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	preview_error_page(&b, 9, "pamphlet: content/index.md:1:1: error: "
			   "front matter is never closed\n");
	const char *s = buf_cstr(&b);
	assert_true(strncmp(s, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(s, "role=\"alert\""));
	assert_non_null(strstr(s, "<li><code>pamphlet: content/index.md:1:1: "
				  "error: front matter is never closed</code>"
				  "</li>"));
	assert_non_null(strstr(s, "No version of the site has built yet"));
	assert_null(strstr(s, "The page below"));
	assert_non_null(strstr(s, "script-src 'self'; connect-src 'self'"));
	assert_non_null(strstr(s, "data-gen=\"9\"></script>\n</body>"));
	buf_free(&b);
}

static void test_assets(void **state)
{
	(void)state;
	assert_non_null(strstr(preview_live_js, PREVIEW_WAIT_URL "?gen="));
	assert_non_null(strstr(preview_live_js, "location.reload()"));
	assert_non_null(strstr(preview_css, ".pamphlet-preview-error"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_plain),
		cmocka_unit_test(test_map_decodes),
		cmocka_unit_test(test_map_refuses_ways_out),
		cmocka_unit_test(test_map_refuses_bad_escapes),
		cmocka_unit_test(test_map_hides_dot_files),
		cmocka_unit_test(test_content_types),
		cmocka_unit_test(test_page_gets_script_and_csp),
		cmocka_unit_test(test_csp_variants),
		cmocka_unit_test(test_banner),
		cmocka_unit_test(test_banner_caps_lines),
		cmocka_unit_test(test_page_without_body),
		cmocka_unit_test(test_error_page),
		cmocka_unit_test(test_assets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
