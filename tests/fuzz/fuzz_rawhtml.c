/*
 * fuzz_rawhtml.c: libFuzzer entry point for rawhtml.h, the reader of
 * HTML written in Markdown (the text it shows; what unsafe_html refuses).
 *
 * Input: any bytes up to the first NUL, as the literal of an HTML block
 * or of inline HTML.
 * Checks: no memory error or leak; the text is NUL-terminated, at most
 * the cut plus "...", never starts or ends with a space and never holds
 * two in a row; every offset reported is a '<' of the input.
 */
#define _XOPEN_SOURCE 700 /* (helpers.h) */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rawhtml.h"

#define FUZZ_NAME "fuzz_rawhtml"
#include "helpers.h"

struct input {
	const char *html;
	size_t len;
	int refused;
};

static void on_refused(void *ctx, size_t at, const char *why)
{
	struct input *in = ctx;
	CHECK(at < in->len && in->html[at] == '<');
	CHECK(why != NULL && why[0] != '\0');
	in->refused++;
}

static void on_address(void *ctx, size_t at, const char *url)
{
	struct input *in = ctx;
	CHECK(at < in->len && in->html[at] == '<');
	CHECK(url != NULL);
}

static void check_text(const char *html, size_t len, size_t max)
{
	char *t = rawhtml_text(html, len, max);
	if (t == NULL)
		return;
	size_t n = strlen(t);
	CHECK(n > 0 && n <= max + 3);
	CHECK(t[0] != ' ');
	CHECK(strstr(t, "  ") == NULL);
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Literals are NUL-terminated strings (cmark-gfm turns a NUL of
	 * the text into U+FFFD), and their callers give strlen(). */
	char *html = malloc(size + 1);
	if (html == NULL)
		return 0;
	memcpy(html, data, size);
	html[size] = '\0';
	size = strlen(html);
	check_text(html, size, 80);
	check_text(html, size, (size_t)-1 / 2);
	struct input in = {html, size, 0};
	struct rawhtml_visitor v = {on_refused, on_address, &in};
	CHECK(rawhtml_check(html, size, &v) == in.refused);
	free(html);
	return 0;
}
