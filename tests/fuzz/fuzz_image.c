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
 * a word is a broken PDF sheet.
 *
 * A PNG input is checked twice: as it is, then with the CRC of every
 * chunk recomputed, so that mutations of the header and chunks get past
 * the CRC check into the code after it.
 *
 * Diagnostics go to /dev/null.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
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

static FILE *devnull;
static char tmpdir[PATH_MAX];
static char path[PATH_MAX + 8];

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "fuzz_image: %s:%d: %s\n",         \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

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

/* A new folder NAME-XXXXXX in $TMPDIR (run.sh points it into tests/tmp/,
 * where a crashed run's leftovers do no harm), else in /tmp. */
static void make_tmpdir(char *dir, size_t size, const char *name)
{
	const char *base = getenv("TMPDIR");
	snprintf(dir, size, "%s/%s-XXXXXX",
		 base != NULL && *base != '\0' ? base : "/tmp", name);
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		exit(1);
	}
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
	devnull = fopen("/dev/null", "w");
	if (devnull == NULL) {
		perror("fuzz_image: /dev/null");
		exit(1);
	}
	make_tmpdir(tmpdir, sizeof tmpdir, "pamphlet-fuzz-image");
	atexit(cleanup);
	snprintf(path, sizeof path, "%s/image", tmpdir);
	return 0;
}

static void check_one(const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) ||
	    fclose(f) != 0) {
		perror(path);
		exit(1);
	}
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
