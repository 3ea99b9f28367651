/*
 * qr.c: QR codes (see qr.h).  libqrencode 4.1: QRcode_encodeString()
 * gives width x width bytes, bit 0 of each set for a dark module (the
 * other bits say what the module is for); NULL with errno on failure.
 */
#include "qr.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int qr_encode(const char *text, struct qr *out)
{
	memset(out, 0, sizeof *out);
	QRcode *c = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (c == NULL)
		return -1;
	size_t n = (size_t)c->width * (size_t)c->width;
	out->width = c->width;
	out->dark = xmalloc(n);
	for (size_t i = 0; i < n; i++)
		out->dark[i] = c->data[i] & 1;
	QRcode_free(c);
	return 0;
}

void qr_free(struct qr *q)
{
	free(q->dark);
	q->dark = NULL;
	q->width = 0;
}

size_t qr_runs(const struct qr *q, struct qr_run **runs)
{
	size_t n = 0, cap = 64;
	struct qr_run *r = xmalloc(cap * sizeof *r);
	for (int y = 0; y < q->width; y++) {
		const unsigned char *row = q->dark + (size_t)y * q->width;
		for (int x = 0; x < q->width;) {
			if (!row[x]) {
				x++;
				continue;
			}
			int x0 = x;
			while (x < q->width && row[x])
				x++;
			if (n == cap) {
				cap *= 2;
				r = xrealloc(r, cap * sizeof *r);
			}
			r[n++] = (struct qr_run){x0, y, x - x0};
		}
	}
	*runs = r;
	return n;
}
