/*
 * picture.c: what a picture file is and its size (see picture.h).
 */
#include "picture.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "fsutil.h"
#include "svg.h"

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

/* The size in a JPEG's first frame header (SOF0-SOF15 but DHT, JPG and
 * DAC), scanning marker segments from the start; 0 if none is found in
 * the first n bytes. */
static int jpeg_size(const unsigned char *p, size_t n, int *w, int *h)
{
	size_t at = 2;
	while (at + 9 < n) {
		if (p[at] != 0xFF)
			return 0;
		unsigned m = p[at + 1];
		if (m == 0xFF) { /* fill byte */
			at++;
			continue;
		}
		if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
			at += 2;
			continue;
		}
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 &&
		    m != 0xCC) {
			*h = (int)be16(p + at + 5);
			*w = (int)be16(p + at + 7);
			return *w > 0 && *h > 0;
		}
		if (m == 0xDA || m == 0xD9)
			return 0; /* image data before any frame */
		at += 2 + be16(p + at + 2);
	}
	return 0;
}

/* why = "it cannot be read: " and what a quiet diag (whose message
 * names the path) said after "error: ". */
static void unreadable(struct picture_problem *why, struct buf *msg)
{
	const char *m = strstr(buf_cstr(msg), "error: ");
	snprintf(why->what, sizeof why->what, "it cannot be read: %s",
		 m != NULL ? m + 7 : buf_cstr(msg));
	size_t k = strlen(why->what);
	while (k > 0 && why->what[k - 1] == '\n')
		why->what[--k] = '\0';
	buf_free(msg);
}

/* The first bytes of the file (up to 64 KB: JPEG headers with big
 * metadata blocks), or -1 with why filled. */
static ssize_t head(const char *path, unsigned char *b, size_t cap,
		    struct picture_problem *why)
{
	struct stat st;
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	int fd = fs_open_regular(path, &st, &quiet); /* (no FIFO: no hang) */
	if (fd < 0) {
		unreadable(why, &msg);
		return -1;
	}
	buf_free(&msg);
	size_t n = 0;
	while (n < cap) {
		ssize_t got = read(fd, b + n, cap - n);
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	return (ssize_t)n;
}

int picture_probe(const char *path, size_t max, int *kind, int *width,
		  int *height, struct picture_problem *why)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G',
					     '\r', '\n', 0x1A, '\n'};
	unsigned char b[65536];
	why->line = 0;
	why->what[0] = '\0';
	ssize_t got = head(path, b, sizeof b, why);
	if (got < 0)
		return -1;
	size_t n = (size_t)got;
	if (n >= 24 && memcmp(b, png, 8) == 0 && memcmp(b + 12, "IHDR", 4) == 0) {
		unsigned long w = be32(b + 16), h = be32(b + 20);
		if (w == 0 || h == 0 || w > 1000000 || h > 1000000) {
			snprintf(why->what, sizeof why->what, "its PNG header "
				 "gives a size of %lu x %lu pixels", w, h);
			return -1;
		}
		*kind = PICTURE_PNG;
		*width = (int)w;
		*height = (int)h;
		return 0;
	}
	if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
		if (!jpeg_size(b, n, width, height)) {
			snprintf(why->what, sizeof why->what, "it starts like "
				 "a JPEG but has no frame header giving its "
				 "size (open it in an image editor and save it "
				 "again as JPEG)");
			return -1;
		}
		*kind = PICTURE_JPEG;
		return 0;
	}
	const char *dot = strrchr(path, '.');
	if (dot == NULL || strcasecmp(dot, ".svg") != 0) {
		snprintf(why->what, sizeof why->what, "it is not a PNG, JPEG "
			 "or SVG picture");
		return -1;
	}
	struct buf text = BUF_INIT, msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	int rc = -1;
	if (fs_read_file(path, &text, max, &quiet) != 0) {
		unreadable(why, &msg);
	} else {
		struct svg_problem sp;
		if (svg_measure(text.data, text.len, width, height, &sp) == 0) {
			*kind = PICTURE_SVG;
			rc = 0;
		} else {
			snprintf(why->what, sizeof why->what, "%s", sp.what);
			why->line = sp.line;
		}
	}
	buf_free(&text);
	buf_free(&msg);
	return rc;
}
