/*
 * test_svg.c: SVG pictures (svg.h), what a picture file is (picture.h)
 * and the drawings kept between builds (rasters.h).
 *
 * The sizes are librsvg's own reading of the files; the drawn PNG is
 * read back byte by byte: 8-bit RGB with no alpha, the asked size, white
 * where the drawing is empty.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, popen */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "picture.h"
#include "rasters.h"
#include "svg.h"
#include "util.h"

#define S(text) text, sizeof text - 1

static const char square[] =
	"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"30\">"
	"<rect x=\"10\" y=\"10\" width=\"20\" height=\"10\" fill=\"#000\"/>"
	"</svg>";

static void measure_ok(const char *svg, size_t len, int want_w, int want_h)
{
	int w = -1, h = -1;
	struct svg_problem why;
	if (svg_measure(svg, len, &w, &h, &why) != 0)
		fail_msg("refused: %s", why.what);
	assert_int_equal(w, want_w);
	assert_int_equal(h, want_h);
}

static void measure_bad(const char *svg, size_t len, int want_line,
			const char *want_text)
{
	int w = -1, h = -1;
	struct svg_problem why;
	assert_int_equal(svg_measure(svg, len, &w, &h, &why), -1);
	assert_int_equal(w, -1); /* untouched */
	assert_int_equal(why.line, want_line);
	if (strstr(why.what, want_text) == NULL)
		fail_msg("got \"%s\", wanted it to say \"%s\"", why.what,
			 want_text);
}

static void test_measure_sizes(void **state)
{
	(void)state;
	measure_ok(S(square), 40, 30);
	/* No width/height: the viewBox's proportions, 400 wide. */
	measure_ok(S("<svg xmlns=\"http://www.w3.org/2000/svg\" "
		     "viewBox=\"0 0 40 30\"/>"), 400, 300);
	/* In % : the same. */
	measure_ok(S("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" "
		     "height=\"100%\" viewBox=\"0 0 10 20\"/>"), 400, 800);
	/* Units become pixels (96 per inch). */
	measure_ok(S("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1in\" "
		     "height=\"0.5in\"/>"), 96, 48);
}

static void test_measure_refuses(void **state)
{
	(void)state;
	measure_bad(S("<?xml version=\"1.0\"?>\n\n<svg xmlns=\"http://www.w3"
		      ".org/2000/svg\" width=\"100000\" height=\"100000\"/>"),
		    3, "100000 x 100000 pixels (expected at most 10000");
	measure_bad(S("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>"
		      "\n</svg>"), 1, "it has no size");
	measure_bad(S("<svg xmlns=\"http://www.w3.org/2000/svg\" "
		      "width=\"10\" height=\"10\">\n<g>\n</svg>\n"), 4,
		    "not an SVG librsvg can read");
	measure_bad(S("<html><body/></html>"), 0, "not an SVG drawing");
	measure_bad(S("plain words\n"), 1, "Start tag expected");
	measure_bad(S(""), 0, "not an SVG librsvg can read");
}

/* An external entity is made empty: the file draws, without it; an
 * internal one still works. */
static void test_entities(void **state)
{
	(void)state;
	measure_ok(S("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n"
		     "<!ENTITY a SYSTEM \"file:///etc/passwd\">\n"
		     "<!ENTITY b PUBLIC 'x' 'http://127.0.0.1:9/b'>\n"
		     "<!ENTITY c \"inside\">\n]>\n"
		     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" "
		     "height=\"3\"><text>&a;&b;&c;</text></svg>"),
		   4, 3);
	/* Lines are kept: an error after the declarations is at its line. */
	measure_bad(S("<!DOCTYPE svg [\n<!ENTITY a SYSTEM\n \"x\">\n]>\n"
		      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" "
		      "height=\"3\"><g></svg>"), 5,
		    "not an SVG librsvg can read");
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* The pixels of an 8-bit RGB PNG (one IDAT or several), its row filters
 * undone; checks the header. */
static unsigned char *png_pixels(const struct buf *png, unsigned w,
				 unsigned h)
{
	const unsigned char *p = (const unsigned char *)png->data;
	assert_true(png->len > 33);
	assert_memory_equal(p, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(p + 12, "IHDR", 4);
	assert_int_equal(be32(p + 16), w);
	assert_int_equal(be32(p + 20), h);
	assert_int_equal(p[24], 8); /* bits */
	assert_int_equal(p[25], 2); /* RGB, no alpha */
	struct buf z = BUF_INIT;
	for (size_t at = 8; at + 12 <= png->len;) {
		unsigned long n = be32(p + at);
		if (memcmp(p + at + 4, "IDAT", 4) == 0)
			buf_put(&z, p + at + 8, n);
		at += 12 + n;
	}
	uLongf raw_len = (uLongf)(w * 3 + 1) * h;
	unsigned char *raw = xmalloc(raw_len);
	assert_int_equal(uncompress(raw, &raw_len, (const Bytef *)z.data,
				    (uLong)z.len), Z_OK);
	assert_int_equal(raw_len, (w * 3 + 1) * h);
	unsigned char *px = xmalloc((size_t)w * h * 3);
	for (unsigned y = 0; y < h; y++) {
		const unsigned char *row = raw + y * (w * 3 + 1) + 1;
		int filter = row[-1];
		unsigned char *out = px + (size_t)y * w * 3;
		const unsigned char *up = y > 0 ? out - w * 3 : NULL;
		for (unsigned x = 0; x < w * 3; x++) {
			int a = x >= 3 ? out[x - 3] : 0, b = up ? up[x] : 0;
			int c = up && x >= 3 ? up[x - 3] : 0, add = 0;
			switch (filter) {
			case 0: add = 0; break;
			case 1: add = a; break;
			case 2: add = b; break;
			case 3: add = (a + b) / 2; break;
			case 4: add = paeth(a, b, c); break;
			default: fail_msg("row filter %d", filter);
			}
			out[x] = (unsigned char)(row[x] + add);
		}
	}
	free(raw);
	buf_free(&z);
	return px;
}

static void test_rasterise_opaque_at_size(void **state)
{
	(void)state;
	struct buf png = BUF_INIT;
	struct svg_problem why;
	/* Twice the size: the rectangle covers (20..60, 20..40). */
	assert_int_equal(svg_rasterise(S(square), 80, 60, &png, &why), 0);
	unsigned char *px = png_pixels(&png, 80, 60);
	const unsigned char *corner = px, *inside = px + (30 * 80 + 40) * 3;
	assert_int_equal(corner[0], 255); /* white where nothing is drawn */
	assert_int_equal(corner[1], 255);
	assert_int_equal(corner[2], 255);
	assert_int_equal(inside[0], 0);
	assert_int_equal(inside[2], 0);
	free(px);
	buf_free(&png);
	assert_int_equal(svg_rasterise(S(square), 0, 60, &png, &why), -1);
	buf_free(&png);
}

static char *temp_dir(void)
{
	char tmpl[] = "/tmp/pamphlet-test-svg-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

static size_t count_files(const char *dir)
{
	char *cmd = xasprintf("ls -A '%s' | wc -l", dir);
	FILE *f = popen(cmd, "r");
	size_t n = 0;
	assert_int_equal(fscanf(f, "%zu", &n), 1);
	pclose(f);
	free(cmd);
	return n;
}

static void test_rasters_kept_and_pruned(void **state)
{
	(void)state;
	char *dir = temp_dir();
	struct svg_problem why;
	struct buf a = BUF_INIT, b = BUF_INIT;
	int drawn;
	struct rasters *r = rasters_open(dir);
	assert_int_equal(rasters_get(r, S(square), 40, 30, &a, &drawn, &why), 0);
	assert_int_equal(drawn, 1);
	rasters_close(r);
	assert_int_equal(count_files(dir), 1);

	/* Kept: the same bytes, not drawn. */
	r = rasters_open(dir);
	assert_int_equal(rasters_get(r, S(square), 40, 30, &b, &drawn, &why), 0);
	assert_int_equal(drawn, 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	/* Another size is another drawing; pruning keeps what was asked. */
	buf_reset(&b);
	assert_int_equal(rasters_get(r, S(square), 80, 60, &b, &drawn, &why), 0);
	assert_int_equal(drawn, 1);
	rasters_prune(r);
	assert_int_equal(count_files(dir), 2);
	rasters_close(r);

	/* A damaged file is drawn again; an unasked one goes. */
	char *cmd = xasprintf("for f in '%s'/*-40x30.png; do head -c 20 \"$f\" "
			      "> \"$f.x\" && mv \"$f.x\" \"$f\"; done", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	r = rasters_open(dir);
	buf_reset(&b);
	assert_int_equal(rasters_get(r, S(square), 40, 30, &b, &drawn, &why), 0);
	assert_int_equal(drawn, 1);
	assert_memory_equal(a.data, b.data, a.len);
	rasters_prune(r);
	rasters_close(r);
	assert_int_equal(count_files(dir), 1);

	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
	buf_free(&a);
	buf_free(&b);
}

static void probe_file(const char *name, const char *bytes, size_t len,
		       int want_rc, int want_kind, int want_w, int want_h,
		       const char *want_text)
{
	char *dir = temp_dir();
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(bytes, 1, len, f);
	fclose(f);
	int kind = -1, w = -1, h = -1;
	struct picture_problem why;
	int rc = picture_probe(path, 1 << 20, &kind, &w, &h, &why);
	if (rc != want_rc)
		fail_msg("%s: rc %d (%s)", name, rc, why.what);
	if (rc == 0) {
		assert_int_equal(kind, want_kind);
		assert_int_equal(w, want_w);
		assert_int_equal(h, want_h);
	} else if (strstr(why.what, want_text) == NULL) {
		fail_msg("%s: got \"%s\", wanted \"%s\"", name, why.what,
			 want_text);
	}
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
}

static void test_probe(void **state)
{
	(void)state;
	probe_file("a.png", S("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\x90\0\0\x01"
			      "\x2c\x08\x02\0\0\0"), 0, PICTURE_PNG, 400, 300, "");
	/* A JPEG: an APP0 segment, then SOF2 (progressive), 640 x 480. */
	probe_file("b.jpg", S("\xFF\xD8\xFF\xE0\0\x04JF\xFF\xC2\0\x11\x08\x01"
			      "\xE0\x02\x80\x03\x01\x22\0\x02\x11\x01\x03\x11"
			      "\x01"), 0, PICTURE_JPEG, 640, 480, "");
	probe_file("c.svg", S(square), 0, PICTURE_SVG, 40, 30, "");
	/* The content decides, not the name: a PNG named .svg is a PNG. */
	probe_file("d.svg", S("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x02\0\0\0"
			      "\x03\x08\x02\0\0\0"), 0, PICTURE_PNG, 2, 3, "");
	probe_file("e.gif", S("GIF89a"), -1, 0, 0, 0,
		   "not a PNG, JPEG or SVG picture");
	probe_file("f.jpg", S("\xFF\xD8\xFF\xDA\0\x02"), -1, 0, 0, 0,
		   "no frame header");
	probe_file("g.svg", S("<svg/>"), -1, 0, 0, 0, "it has no size");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_measure_sizes),
		cmocka_unit_test(test_measure_refuses),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_rasterise_opaque_at_size),
		cmocka_unit_test(test_rasters_kept_and_pruned),
		cmocka_unit_test(test_probe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
