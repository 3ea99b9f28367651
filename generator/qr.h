/*
 * qr.h: QR codes through libqrencode, the only module that includes it.
 *
 * A code is a square of width x width modules; the layout draws each run
 * of dark modules of a row as one filled rectangle (vector: sharp at any
 * print size), inside a quiet zone it leaves white.
 */
#ifndef PAMPHLET_QR_H
#define PAMPHLET_QR_H

#include <stddef.h>

struct qr {
	int width;           /* modules on a side */
	unsigned char *dark; /* width * width, row by row: 1 dark, 0 light */
};

/* Encode text (UTF-8, as bytes) at error correction level M in the
 * smallest version that holds it.  Returns 0, or -1 (too long, or out
 * of memory). */
int qr_encode(const char *text, struct qr *out);
void qr_free(struct qr *q);

/* A run of dark modules in row y, from column x, len long. */
struct qr_run {
	int x, y, len;
};
/* The runs of q, row by row, left to right, in *runs (caller frees).
 * Returns their number. */
size_t qr_runs(const struct qr *q, struct qr_run **runs);

#endif
