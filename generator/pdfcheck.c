/*
 * pdfcheck.c: fonts and images checked before libharu reads them (see
 * pdfcheck.h).  The TrueType checks follow what libharu 2.3's
 * hpdf_fontdef_tt.c reads and indexes; the PNG check decompresses the
 * image data as libpng will.
 */
#include "pdfcheck.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#define ZLIB_CONST /* next_in is const: no cast */
#include <zlib.h>

#include "buf.h"
#include "fsutil.h"
#include "util.h"

#define MAX_FONT_SIZE ((size_t)64 << 20)
#define MAX_IMAGE_SIZE ((size_t)64 << 20)
#define MAX_IMAGE_SIDE 20000u
#define MAX_IMAGE_PIXELS (64u << 20)

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Read a whole regular file, saying what is wrong as a system error. */
static int read_whole(const char *path, size_t max, struct buf *b,
		      struct diag *d)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		diag_syserr(d, path, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_syserr(d, path, "is not a regular file");
		return -1;
	}
	if ((uintmax_t)st.st_size > max) {
		diag_syserr(d, path, "is %lld bytes, more than the %zu a font "
			    "or image may have", (long long)st.st_size, max);
		return -1;
	}
	/* What is left (a read error) fs_read_file() reports itself. */
	return fs_read_file(path, b, max, d);
}

/* ---- TrueType ---- */

struct ttf {
	const unsigned char *p;
	size_t len;
	unsigned ntables;
};

struct table {
	const unsigned char *p;
	uint32_t len;
};

static int find_table(const struct ttf *t, const char *tag, struct table *out)
{
	for (unsigned i = 0; i < t->ntables; i++) {
		const unsigned char *e = t->p + 12 + 16 * (size_t)i;
		if (memcmp(e, tag, 4) == 0) {
			out->p = t->p + be32(e + 8);
			out->len = be32(e + 12);
			return 1;
		}
	}
	return 0;
}

/* The (3,1) format 4 cmap libharu picks (the first one listed): every
 * array inside the subtable, the last segment ending at U+FFFF (else
 * libharu reads past its arrays), and every glyphIdArray index in range
 * (libharu's own check is off by one and dereferences NULL when the
 * array is empty). */
static const char *check_cmap(const struct table *c, unsigned nglyphs,
			      unsigned char *cover)
{
	if (c->len < 4 || be16(c->p) != 0)
		return "its 'cmap' table is damaged";
	unsigned n = be16(c->p + 2);
	if (4 + 8 * (size_t)n > c->len)
		return "its 'cmap' table is damaged";
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *r = c->p + 4 + 8 * (size_t)i;
		uint32_t off = be32(r + 4);
		if ((size_t)off + 2 > c->len)
			return "its 'cmap' table points outside itself";
		if (be16(r) != 3 || be16(r + 2) != 1 || be16(c->p + off) != 4)
			continue;
		if ((size_t)off + 14 > c->len)
			return "its Unicode 'cmap' subtable is damaged";
		const unsigned char *s = c->p + off;
		size_t len = be16(s + 2);
		unsigned segx2 = be16(s + 6), seg = segx2 / 2;
		if (segx2 == 0 || segx2 % 2 != 0 || len < 16 + 8 * (size_t)seg ||
		    (size_t)off + len > c->len)
			return "its Unicode 'cmap' subtable is damaged";
		const unsigned char *end = s + 14, *start = end + segx2 + 2,
				    *iro = start + 2 * (size_t)segx2;
		long count = (long)(len - (16 + 8 * (size_t)seg)) / 2;
		if (be16(end + 2 * (size_t)(seg - 1)) != 0xFFFF)
			return "its Unicode 'cmap' does not end at U+FFFF";
		const unsigned char *delta = start + 2 * (size_t)seg,
				    *gids = iro + 2 * (size_t)seg;
		for (unsigned k = 0; k < seg; k++) {
			unsigned e = be16(end + 2 * (size_t)k);
			unsigned st = be16(start + 2 * (size_t)k);
			unsigned ro = be16(iro + 2 * (size_t)k);
			unsigned dl = be16(delta + 2 * (size_t)k);
			if (st > e)
				return "its Unicode 'cmap' has a bad segment";
			long top = (long)(ro / 2) + (long)(e - st) -
				   (long)(seg - k);
			if (ro != 0 && top >= count)
				return "its Unicode 'cmap' points outside "
				       "its glyph array";
			for (unsigned cp = st; cover != NULL && cp <= e &&
					       cp < 0xFFFF; cp++) {
				/* The glyph as libharu finds it. */
				unsigned g;
				if (ro == 0) {
					g = (cp + dl) & 0xFFFF;
				} else {
					long idx = (long)(ro / 2) +
						   (long)(cp - st) -
						   (long)(seg - k);
					g = idx < 0 ? 0
					    : be16(gids + 2 * (size_t)idx);
					if (g != 0)
						g = (g + dl) & 0xFFFF;
				}
				if (g != 0 && g < nglyphs)
					cover[cp >> 3] |= (unsigned char)(1u
									  << (cp & 7));
			}
		}
		return NULL;
	}
	return "it has no Unicode (Windows, format 4) 'cmap' subtable";
}

static const char *check_ttf(const struct ttf *t, unsigned char *cover)
{
	static const char *const need[] = {
		"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
		"hmtx", "loca", "maxp", "name", "post", "prep"};
	static char msg[96];
	struct table head, maxp, hhea, hmtx, loca, glyf, cmap, name, os2, post;

	for (unsigned i = 0; i < t->ntables; i++) {
		const unsigned char *e = t->p + 12 + 16 * (size_t)i;
		uint64_t off = be32(e + 8), len = be32(e + 12);
		if (off + len > t->len)
			return "a table lies beyond the end of the file "
			       "(truncated?)";
	}
	for (size_t i = 0; i < ARRAY_LEN(need); i++) {
		struct table x;
		if (!find_table(t, need[i], &x)) {
			snprintf(msg, sizeof msg,
				 "it has no '%s' table, which libharu needs",
				 need[i]);
			return msg;
		}
	}
	find_table(t, "head", &head);
	find_table(t, "maxp", &maxp);
	find_table(t, "hhea", &hhea);
	find_table(t, "hmtx", &hmtx);
	find_table(t, "loca", &loca);
	find_table(t, "glyf", &glyf);
	find_table(t, "cmap", &cmap);
	find_table(t, "name", &name);
	find_table(t, "OS/2", &os2);
	find_table(t, "post", &post);

	if (head.len < 54 || be32(head.p + 12) != 0x5F0F3CF5)
		return "its 'head' table is damaged";
	unsigned upem = be16(head.p + 18), locfmt = be16(head.p + 50);
	if (upem < 16 || upem > 16384 || locfmt > 1)
		return "its 'head' table is damaged";
	if (maxp.len < 6 || be16(maxp.p + 4) == 0)
		return "its 'maxp' table is damaged";
	unsigned nglyphs = be16(maxp.p + 4);
	if (hhea.len < 36)
		return "its 'hhea' table is damaged";
	unsigned nhm = be16(hhea.p + 34);
	if (nhm == 0 || nhm > nglyphs)
		return "its 'hhea' table is damaged";
	if (hmtx.len < 4 * (size_t)nhm + 2 * (size_t)(nglyphs - nhm))
		return "its 'hmtx' table is too short";
	size_t esz = locfmt ? 4 : 2;
	if (loca.len < ((size_t)nglyphs + 1) * esz)
		return "its 'loca' table is too short";
	uint64_t prev = 0;
	for (unsigned g = 0; g <= nglyphs; g++) {
		uint64_t o = locfmt ? be32(loca.p + 4 * (size_t)g)
				    : 2 * (uint64_t)be16(loca.p + 2 * (size_t)g);
		if (o < prev || o > glyf.len)
			return "its 'loca' table points outside 'glyf'";
		prev = o;
	}
	const char *why = check_cmap(&cmap, nglyphs, cover);
	if (why != NULL)
		return why;
	if (name.len < 6)
		return "its 'name' table is damaged";
	unsigned nn = be16(name.p + 2), soff = be16(name.p + 4);
	if (6 + 12 * (size_t)nn > name.len || soff > name.len)
		return "its 'name' table is damaged";
	for (unsigned i = 0; i < nn; i++) {
		const unsigned char *r = name.p + 6 + 12 * (size_t)i;
		if ((size_t)soff + be16(r + 10) + be16(r + 8) > name.len)
			return "its 'name' table points outside itself";
	}
	if (os2.len < 78)
		return "its 'OS/2' table is damaged";
	if (be16(os2.p + 8) & (0x0002 | 0x0100 | 0x0200))
		return "its licence does not allow embedding it in a document "
		       "(OS/2 fsType)";
	if (post.len < 12)
		return "its 'post' table is damaged";
	return NULL;
}

int pdf_check_font(const char *path, unsigned char *cover, struct diag *d)
{
	struct buf b = BUF_INIT;
	int rc = -1;
	if (cover != NULL)
		memset(cover, 0, PDF_COVER_BYTES);
	if (read_whole(path, MAX_FONT_SIZE, &b, d) != 0)
		goto out;
	const unsigned char *p = (const unsigned char *)b.data;
	const char *why = NULL;
	if (b.len < 12) {
		why = "the file is too short to be a font";
	} else if (memcmp(p, "ttcf", 4) == 0) {
		why = "it is a font collection (.ttc); give a single .ttf";
	} else if (memcmp(p, "OTTO", 4) == 0) {
		why = "it is an OpenType font with PostScript (CFF) outlines; "
		      "libharu needs TrueType outlines (.ttf)";
	} else if (be32(p) != 0x00010000 && memcmp(p, "true", 4) != 0) {
		why = "it does not start like a TrueType font";
	} else {
		struct ttf t = {p, b.len, be16(p + 4)};
		if (t.ntables == 0 || 12 + 16 * (size_t)t.ntables > b.len)
			why = "its table directory is damaged or truncated";
		else
			why = check_ttf(&t, cover);
	}
	if (why != NULL) {
		if (cover != NULL)
			memset(cover, 0, PDF_COVER_BYTES);
		diag_syserr(d, path, "not a usable TrueType font: %s", why);
		goto out;
	}
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/* The size limits of an image on the sheet, which the PDF viewer
 * decodes whole: NULL, or what is wrong. */
static const char *size_limits(unsigned w, unsigned h)
{
	if (w == 0 || h == 0 || w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE)
		return "its size is zero or too large";
	if ((uint64_t)w * h > MAX_IMAGE_PIXELS)
		return "it has too many pixels";
	return NULL;
}

/* ---- PNG ---- */

static int png_channels(unsigned ct)
{
	switch (ct) {
	case 0: return 1;
	case 2: return 3;
	case 3: return 1;
	case 4: return 2;
	case 6: return 4;
	default: return 0;
	}
}

static int png_depth_ok(unsigned ct, unsigned bd)
{
	switch (ct) {
	case 0: return bd == 1 || bd == 2 || bd == 4 || bd == 8 || bd == 16;
	case 3: return bd == 1 || bd == 2 || bd == 4 || bd == 8;
	case 2: case 4: case 6: return bd == 8 || bd == 16;
	default: return 0;
	}
}

/* Inflate the image data and check it has exactly one filter byte (0-4)
 * and rowbytes bytes per row: what libpng will otherwise abort on. */
static const char *png_data(const unsigned char *z, size_t zlen,
			    uint64_t rows, uint64_t rowbytes)
{
	z_stream s;
	memset(&s, 0, sizeof s);
	if (inflateInit(&s) != Z_OK)
		return "cannot start zlib";
	unsigned char out[16384];
	uint64_t stride = rowbytes + 1, total = rows * stride, pos = 0;
	const char *why = NULL;
	s.next_in = z;
	for (size_t left = zlen;;) {
		uInt chunk = left > (1u << 30) ? 1u << 30 : (uInt)left;
		if (s.avail_in == 0 && left > 0) {
			s.avail_in = chunk;
			left -= chunk;
		}
		s.next_out = out;
		s.avail_out = sizeof out;
		int r = inflate(&s, Z_NO_FLUSH);
		size_t got = sizeof out - s.avail_out;
		for (size_t i = 0; i < got; i++, pos++)
			if (pos < total && pos % stride == 0 && out[i] > 4) {
				why = "its image data is damaged (bad row "
				      "filter)";
				goto done;
			}
		if (r == Z_STREAM_END)
			break;
		if (r != Z_OK && !(r == Z_BUF_ERROR && got > 0)) {
			why = s.avail_in == 0 && left == 0
				      ? "its image data is truncated"
				      : "its image data is damaged (zlib)";
			goto done;
		}
		if (pos > total)
			break;
	}
	if (pos < total)
		why = "its image data is truncated";
	else if (pos > total)
		why = "it has more image data than its size says";
done:
	inflateEnd(&s);
	return why;
}

static const char *check_png(const unsigned char *p, size_t len, unsigned *w,
			     unsigned *h)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G',
					     '\r', '\n', 0x1a, '\n'};
	if (len < 8 + 25 || memcmp(p, sig, 8) != 0)
		return "it is not a PNG file";
	size_t i = 8;
	unsigned ct = 0, bd = 0, plte = 0, iend = 0, nchunk = 0;
	struct buf idat = BUF_INIT;
	const char *why = NULL;
	/* An IDAT was seen (even an empty one); then another chunk. */
	int idat_seen = 0, idat_done = 0;
	while (!iend) {
		if (i + 12 > len) {
			why = "the file is truncated";
			goto out;
		}
		uint32_t clen = be32(p + i);
		const unsigned char *type = p + i + 4;
		if (clen > 0x7fffffffu || i + 12 + (uint64_t)clen > len) {
			why = "the file is truncated";
			goto out;
		}
		const unsigned char *data = p + i + 8;
		/* libpng aborts the program (libharu sets no error jump) on
		 * what follows: a chunk name that is not four ASCII letters, a
		 * second palette, a palette after image data, image data
		 * split by another chunk. */
		for (int k = 0; k < 4; k++)
			if (!((type[k] >= 'A' && type[k] <= 'Z') ||
			      (type[k] >= 'a' && type[k] <= 'z'))) {
				why = "a chunk is damaged (bad name)";
				goto out;
			}
		uint32_t crc = (uint32_t)crc32(0, type, 4 + clen);
		if (crc != be32(data + clen)) {
			why = "a chunk is damaged (bad CRC)";
			goto out;
		}
		if (nchunk++ == 0 && memcmp(type, "IHDR", 4) != 0) {
			why = "it does not start with an IHDR chunk";
			goto out;
		}
		if (memcmp(type, "IHDR", 4) == 0) {
			if (clen != 13 || nchunk != 1) {
				why = "its IHDR chunk is damaged";
				goto out;
			}
			*w = be32(data);
			*h = be32(data + 4);
			bd = data[8];
			ct = data[9];
			why = size_limits(*w, *h);
			if (why != NULL)
				goto out;
			if (!png_depth_ok(ct, bd) || data[10] != 0 ||
			    data[11] != 0) {
				why = "its colour type or bit depth is invalid";
				goto out;
			}
			if (data[12] != 0) {
				why = "interlaced PNG images are not "
				      "supported; save it without interlacing";
				goto out;
			}
		} else if (memcmp(type, "PLTE", 4) == 0) {
			if (clen == 0 || clen % 3 != 0 || clen > 768 ||
			    idat_seen || plte) {
				why = "its palette is damaged";
				goto out;
			}
			plte = 1;
		} else if (memcmp(type, "IDAT", 4) == 0) {
			if (idat_done) {
				why = "its image data is split by other chunks";
				goto out;
			}
			buf_put(&idat, data, clen);
			idat_seen = 1;
		} else if (memcmp(type, "IEND", 4) == 0) {
			iend = 1;
		} else if (!(type[0] & 0x20)) {
			why = "it has a critical chunk this program does not "
			      "know";
			goto out;
		}
		if (idat_seen && memcmp(type, "IDAT", 4) != 0)
			idat_done = 1;
		i += 12 + (size_t)clen;
	}
	if (ct == 3 && !plte) {
		why = "it has a palette colour type but no palette";
		goto out;
	}
	if (idat.len == 0) {
		why = "it has no image data";
		goto out;
	}
	uint64_t rowbits = (uint64_t)*w * (uint64_t)png_channels(ct) * bd;
	why = png_data((const unsigned char *)idat.data, idat.len, *h,
		       (rowbits + 7) / 8);
out:
	buf_free(&idat);
	return why;
}

/* ---- JPEG ---- */

/* libharu embeds a JPEG as it is (/DCTDecode) and takes its size from
 * the first frame header its own walk through the markers finds; a PDF
 * viewer decodes the data with a JPEG decoder, whose walk is not the
 * same.  Where the two find different frames the sheet gets an image
 * whose size is not its data's, and the size checked here is neither.
 * So the markers are read both ways, and the two must agree. */

/* A frame header (SOFn segment): where its marker is, what it says. */
struct jpeg_frame {
	size_t at;
	unsigned prec, h, w, comps;
};

/* The frame header whose marker is at p[at] (10 bytes there). */
static struct jpeg_frame jpeg_frame_at(const unsigned char *p, size_t at)
{
	return (struct jpeg_frame){at, p[at + 4], be16(p + at + 5),
				   be16(p + at + 7), p[at + 9]};
}

/* The frame libharu 2.3.0 reads (LoadJpegHeader in hpdf_image.c), found
 * its way: after SOI every two bytes starting with 0xFF are a marker
 * with a length, skipped by it (fill bytes, standalone markers, SOS and
 * the image data after it too), up to the first SOF0, SOF1, SOF2 or
 * SOF9.  Two bytes that are not a marker, reading or seeking past the
 * end, or a number of components other than 1, 3 or 4 are errors.
 * 0 and *f set, or -1 where libharu fails. */
static int jpeg_haru_frame(const unsigned char *p, size_t len,
			   struct jpeg_frame *f)
{
	size_t i = 2;
	while (i + 4 <= len) {
		unsigned tag = be16(p + i);
		if (tag == 0xFFC0 || tag == 0xFFC1 || tag == 0xFFC2 ||
		    tag == 0xFFC9) {
			if (i + 10 > len)
				return -1;
			*f = jpeg_frame_at(p, i);
			return f->comps == 1 || f->comps == 3 || f->comps == 4
				       ? 0
				       : -1;
		}
		if (tag >> 8 != 0xFF)
			return -1;
		/* It seeks length - 2 on from the end of the length: a
		 * length under 2 goes back into it, onto bytes that are not
		 * a marker. */
		i += 2 + (size_t)be16(p + i + 2);
	}
	return -1;
}

/* The markers with a length that a JPEG decoder reads between the
 * frame header and the first scan of a baseline or progressive image:
 * DHT, DAC, DQT, DNL, DRI, APPn, COM.  (libjpeg, which PDF viewers use,
 * stops at any marker it does not know.) */
static int jpeg_table_marker(unsigned m)
{
	return m == 0xC4 || m == 0xCC || (m >= 0xDB && m <= 0xDD) ||
	       (m >= 0xE0 && m <= 0xEF) || m == 0xFE;
}

/* The walk a JPEG decoder does from SOI to the first scan (SOS), held
 * to what every reader of a baseline or progressive JPEG agrees on: one
 * marker right after the other, each with a length that stays inside
 * the file, none that a decoder reads otherwise than libharu (to a
 * decoder RSTn and TEM have no length and FF00 is data to skip), and
 * exactly one frame header: a thumbnail's, inside an APP1 (Exif)
 * segment, is skipped with its segment, by decoders and libharu alike.
 * NULL with *f and *sos (where the SOS marker is) set, or why not (in
 * msg when it has numbers). */
static const char *jpeg_decoder_frame(const unsigned char *p, size_t len,
				      struct jpeg_frame *f, size_t *sos,
				      char *msg, size_t msgsize)
{
	size_t i = 2;
	int frames = 0;
	for (;;) {
		if (i + 2 > len || p[i] != 0xFF)
			return "the file is truncated or damaged";
		unsigned m = p[i + 1];
		/* libharu reads one marker right after the other: fill bytes
		 * (0xFF padding the standard allows before a marker) make it
		 * read a wrong size and embed a 0x0 image without an error. */
		if (m == 0xFF)
			return "it has padding between its parts, which this "
			       "program cannot read: save it again";
		if (m == 0xD9)
			return "the file ends before its image data";
		if (m == 0xC3 || (m >= 0xC5 && m <= 0xC7) ||
		    (m >= 0xC9 && m <= 0xCB) || (m >= 0xCD && m <= 0xCF))
			return "this kind of JPEG (lossless, hierarchical or "
			       "arithmetic coded) is not supported";
		int frame = m >= 0xC0 && m <= 0xC2;
		if (!frame && m != 0xDA && !jpeg_table_marker(m)) {
			snprintf(msg, msgsize,
				 "its header has a 0xFF%02X marker, which "
				 "programs read in different ways (expected "
				 "only APPn, COM, DQT, DHT, DRI and one SOF "
				 "before the image data: open it in an image "
				 "editor and save it again as JPEG)", m);
			return msg;
		}
		if (i + 4 > len)
			return "the file is truncated or damaged";
		size_t seglen = be16(p + i + 2);
		if (seglen < 2 || i + 2 + seglen > len)
			return "the file is truncated or damaged";
		if (frame) {
			if (seglen < 8)
				return "its frame header is damaged";
			struct jpeg_frame fr = jpeg_frame_at(p, i);
			if (frames++ > 0) {
				snprintf(msg, msgsize,
					 "it has more than one frame header "
					 "(SOF marker), saying %ux%u and %ux%u "
					 "(expected exactly one: open it in an "
					 "image editor and save it again as "
					 "JPEG)", f->w, f->h, fr.w, fr.h);
				return msg;
			}
			*f = fr;
			if (fr.prec != 8)
				return "only 8-bit JPEG images are supported";
			if (fr.comps != 1 && fr.comps != 3 && fr.comps != 4)
				return "its number of colour components is not "
				       "supported";
			if (seglen != 8 + 3 * (size_t)fr.comps)
				return "its frame header is damaged";
			if (fr.w == 0 || fr.h == 0)
				return "its size is zero";
		} else if (m == 0xDA) {
			if (!frames)
				return "its image data comes before its frame "
				       "header";
			unsigned n = seglen >= 3 ? p[i + 4] : 0;
			if (n < 1 || n > 4 || seglen != 6 + 2 * (size_t)n)
				return "its scan header is damaged";
			*sos = i;
			return NULL;
		}
		i += 2 + seglen;
	}
}

/* A baseline or progressive JPEG whose one frame header libharu and a
 * decoder both find, 8-bit with 1, 3 or 4 components, within the size
 * limits, ending with EOI: NULL and *w, *h set (as libharu will embed
 * them), or why not (msg: a buffer for messages with numbers). */
static const char *check_jpeg(const unsigned char *p, size_t len,
			      unsigned *w, unsigned *h, char *msg,
			      size_t msgsize)
{
	if (len < 4 || p[0] != 0xFF || p[1] != 0xD8)
		return "it is not a JPEG file";
	struct jpeg_frame dec = {0}, haru = {0};
	size_t sos = 0;
	const char *why = jpeg_decoder_frame(p, len, &dec, &sos, msg,
					     msgsize);
	if (why != NULL)
		return why;
	/* The walk above leaves libharu no other frame to find; held to
	 * all the same, as the image fuzzer holds libharu itself. */
	if (jpeg_haru_frame(p, len, &haru) != 0 || haru.at != dec.at) {
		snprintf(msg, msgsize,
			 "libharu would not read its header as a JPEG decoder "
			 "does (expected one frame header, %ux%u, that both "
			 "find: open it in an image editor and save it again "
			 "as JPEG)", dec.w, dec.h);
		return msg;
	}
	*w = haru.w;
	*h = haru.h;
	why = size_limits(*w, *h);
	if (why != NULL)
		return why;
	/* Entropy-coded data, then EOI; tolerate bytes after EOI. */
	for (size_t k = len; k >= sos + 2; k--)
		if (p[k - 2] == 0xFF && p[k - 1] == 0xD9)
			return NULL;
	return "the file is truncated (no end-of-image marker)";
}

/* The chunks of a checked PNG that a PDF needs, into out. */
static void png_essentials(const unsigned char *p, size_t len, struct buf *out)
{
	static const char *const keep[] = {"IHDR", "PLTE", "tRNS", "IDAT",
					   "IEND"};
	buf_put(out, p, 8);
	for (size_t i = 8; i + 12 <= len;) {
		uint32_t clen = be32(p + i);
		for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
			if (memcmp(p + i + 4, keep[k], 4) == 0)
				buf_put(out, p + i, 12 + (size_t)clen);
		if (memcmp(p + i + 4, "IEND", 4) == 0)
			break;
		i += 12 + (size_t)clen;
	}
}

int pdf_check_image(const char *path, enum pdf_image_kind *kind,
		    unsigned *w, unsigned *h, struct buf *bytes,
		    struct diag *d)
{
	struct buf b = BUF_INIT;
	int rc = -1;
	if (read_whole(path, MAX_IMAGE_SIZE, &b, d) != 0)
		goto out;
	const unsigned char *p = (const unsigned char *)b.data;
	const char *why;
	char msg[320];
	if (b.len >= 2 && p[0] == 0xFF && p[1] == 0xD8) {
		*kind = PDF_IMAGE_JPEG;
		why = check_jpeg(p, b.len, w, h, msg, sizeof msg);
	} else {
		*kind = PDF_IMAGE_PNG;
		why = check_png(p, b.len, w, h);
	}
	if (why != NULL) {
		diag_error(d, path, 0, 0,
			   "cannot print this image on the exercise sheet: %s",
			   why);
		goto out;
	}
	if (*kind == PDF_IMAGE_PNG) {
		png_essentials(p, b.len, bytes);
	} else {
		*bytes = b;
		b = (struct buf)BUF_INIT;
	}
	rc = 0;
out:
	buf_free(&b);
	return rc;
}
