/*
 * fuzz_image.c: libFuzzer entry point for pdf_check_image() (pdfcheck.h).
 *
 * Images come from content/, so anyone who edits content can hand the
 * PDF backend a damaged file; pdf_check_image() is the guard that stands
 * between such a file and libharu/libpng (which abort on some damage).
 * The input is written to a temporary file and checked; when the check
 * accepts it, libharu loads it as pdf.c does.  libharu may still refuse
 * it with an error (pdf.c reports that, the build fails cleanly: libpng
 * refuses some files the check does not look into, such as a chunk out
 * of order), but it must not crash or abort, and an image it accepts
 * must have the size the check found: libharu making a 0x0 image without
 * a word is a broken PDF sheet.  A JPEG is embedded as it is and decoded
 * by the PDF viewer, so an accepted JPEG must also have that size to a
 * JPEG decoder (decoder_size(), libjpeg's way of finding the frame).
 *
 * A PNG input is checked twice: as it is, then with the CRC of every
 * chunk recomputed, so that mutations of the header and chunks get past
 * the CRC check into the code after it.
 *
 * Diagnostics go to /dev/null.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, realpath (helpers.h) */
#include <hpdf.h>
#include <limits.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "diag.h"
#include "pdfcheck.h"

#define FUZZ_NAME "fuzz_image"
#include "helpers.h"

static FILE *devnull;
static char tmpdir[PATH_MAX];
static char path[PATH_MAX + 8];

struct hpdf_err {
	jmp_buf jmp;
	HPDF_STATUS err, detail;
};

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *data)
{
	struct hpdf_err *e = data;
	e->err = err;
	e->detail = detail;
	longjmp(e->jmp, 1);
}

static void cleanup(void)
{
	unlink(path);
	rmdir(tmpdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = open_devnull();
	make_tmpdir(tmpdir, sizeof tmpdir, "pamphlet-fuzz-image");
	atexit(cleanup);
	snprintf(path, sizeof path, "%s/image", tmpdir);
	return 0;
}

/* The size a JPEG decoder reads, found by the rules of libjpeg's marker
 * reader (jdmarker.c; poppler decodes with libjpeg): before a
 * marker it skips any bytes other than 0xFF, fill bytes and 0xFF00; RSTn
 * and TEM have no length; the tables, APPn, COM and DNL are skipped by
 * their length (their contents are not read here); a second SOI, a
 * second frame header, EOI, a marker it does not know or a frame header
 * whose length does not fit its components before the first scan (SOS)
 * are errors.  NULL and *w, *h set, or what is wrong. */
static const char *decoder_size(const uint8_t *p, size_t len, unsigned *w,
				unsigned *h)
{
	if (len < 2 || p[0] != 0xFF || p[1] != 0xD8)
		return "no SOI";
	int frames = 0;
	for (size_t i = 2;;) {
		while (i < len && p[i] != 0xFF)
			i++;
		while (i < len && p[i] == 0xFF)
			i++;
		if (i >= len)
			return "no SOS";
		unsigned m = p[i++];
		if (m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD7))
			continue;
		if (m == 0xD8 || m == 0xD9)
			return m == 0xD8 ? "a second SOI" : "EOI before SOS";
		if (m == 0xDA)
			return frames > 0 ? NULL : "SOS before SOF";
		if (i + 2 > len)
			return "a truncated marker";
		size_t seglen = (size_t)p[i] << 8 | p[i + 1];
		if (seglen < 2 || i + seglen > len)
			return "a segment past the end";
		if (m == 0xC0 || m == 0xC1 || m == 0xC2 || m == 0xC9 ||
		    m == 0xCA) {
			if (frames++ > 0)
				return "two SOF markers";
			if (seglen < 8)
				return "a short frame header";
			*h = (unsigned)p[i + 3] << 8 | p[i + 4];
			*w = (unsigned)p[i + 5] << 8 | p[i + 6];
			unsigned n = p[i + 7];
			if (*w == 0 || *h == 0 || n == 0)
				return "an empty image";
			if (seglen != 8 + 3 * (size_t)n)
				return "a frame header of the wrong length";
		} else if (m != 0xC4 && m != 0xCC && (m < 0xDB || m > 0xDD) &&
			   (m < 0xE0 || m > 0xEF) && m != 0xFE) {
			return "a marker it does not read";
		}
		i += seglen;
	}
}

static void check_one(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) ||
	    fclose(f) != 0)
		die(path);
	struct diag d = {.out = devnull};
	enum pdf_image_kind kind;
	unsigned w = 0, h = 0;
	struct buf bytes = BUF_INIT;
	if (pdf_check_image(path, &kind, &w, &h, &bytes, &d) != 0) {
		CHECK(d.errors + d.syserrs > 0);
		buf_free(&bytes);
		return;
	}
	CHECK(d.errors == 0 && w > 0 && h > 0);
	if (kind == PDF_IMAGE_JPEG) {
		unsigned dw = 0, dh = 0;
		const char *why = decoder_size(data, size, &dw, &dh);
		if (why != NULL || dw != w || dh != h) {
			fprintf(stderr, "fuzz_image: the check read a %ux%u "
				"JPEG image; to a decoder it has ", w, h);
			if (why != NULL)
				fprintf(stderr, "%s\n", why);
			else
				fprintf(stderr, "%ux%u\n", dw, dh);
			abort();
		}
	}

	/* Accepted: libharu must take it as the PDF backend would. */
	struct hpdf_err e;
	memset(&e, 0, sizeof e);
	HPDF_Doc volatile doc = HPDF_New(on_error, &e);
	CHECK(doc != NULL);
	if (setjmp(e.jmp) != 0) {
		/* Refused with an error: reported by pdf.c, not a crash. */
		HPDF_Free(doc);
		buf_free(&bytes);
		return;
	}
	/* What pdf.c hands libharu: the checked bytes. */
	const HPDF_BYTE *mem = (const HPDF_BYTE *)bytes.data;
	HPDF_UINT len = (HPDF_UINT)bytes.len;
	HPDF_Image img = kind == PDF_IMAGE_PNG
				 ? HPDF_LoadPngImageFromMem(doc, mem, len)
				 : HPDF_LoadJpegImageFromMem(doc, mem, len);
	CHECK(img != NULL);
	unsigned hw = HPDF_Image_GetWidth(img), hh = HPDF_Image_GetHeight(img);
	if (hw != w || hh != h) {
		fprintf(stderr, "fuzz_image: the check read a %ux%u %s image, "
			"libharu loaded it as %ux%u\n", w, h,
			kind == PDF_IMAGE_PNG ? "PNG" : "JPEG", hw, hh);
		abort();
	}
	HPDF_Free(doc);
	buf_free(&bytes);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_one(data, size);
	if (size < 8 || memcmp(data, "\x89PNG\r\n\x1a\n", 8) != 0)
		return 0;
	uint8_t *fixed = malloc(size);
	CHECK(fixed != NULL);
	memcpy(fixed, data, size);
	for (size_t i = 8; i + 12 <= size;) {
		uint32_t clen = (uint32_t)fixed[i] << 24 | fixed[i + 1] << 16 |
				fixed[i + 2] << 8 | fixed[i + 3];
		if (clen > size - i - 12)
			break;
		put32(fixed + i + 8 + clen,
		      (uint32_t)crc32(0, fixed + i + 4, 4 + clen));
		i += 12 + (size_t)clen;
	}
	if (memcmp(fixed, data, size) != 0)
		check_one(fixed, size);
	free(fixed);
	return 0;
}
