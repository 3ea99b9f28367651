/*
 * haru.c: libharu's internals, in one place (see haru.h).
 *
 * What this relies on, read in libharu 2.3.0's source (hpdf_dict.c,
 * hpdf_image.c, hpdf_doc.c):
 * - HPDF_Doc points to a struct _HPDF_Doc_Rec whose mmgr and xref make
 *   new objects (HPDF_DictStream_New(mmgr, xref) gives an indirect
 *   dictionary with a stream and an indirect /Length).
 * - An image is such a dictionary with obj_class |= HPDF_OSUBCLASS_XOBJECT
 *   and /Type /XObject /Subtype /Image (what HPDF_Image_Validate() and
 *   HPDF_Page_DrawImage() check).
 * - HPDF_Dict_Write() removes a /Filter entry when the dictionary's
 *   filter is HPDF_STREAM_FILTER_NONE, writes the stream's bytes as they
 *   are, and calls the dictionary's write_fn after its entries, before
 *   ">>": write_fn is where /Filter and /DecodeParms go.
 * - doc->catalog is the document catalog, a dictionary (HPDF_Dict_Add()
 *   adds an entry; an HPDF_String made with HPDF_String_New(mmgr, s,
 *   NULL) is written as a literal string).
 * These held from 2.3.0 (Debian 12) to 2.4.x; another major version is
 * refused at build time.
 */
#include "haru.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"

#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION < 3
#error "haru.c relies on libharu 2.3/2.4 internals: check them for this version"
#endif

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

/* /Filter and /DecodeParms for the PNG data in the stream: written by
 * HPDF_Dict_Write() before the dictionary's ">>". */
static HPDF_STATUS write_png_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	HPDF_Number w = HPDF_Dict_GetItem(dict, "Width", HPDF_OCLASS_NUMBER);
	HPDF_Name cs = HPDF_Dict_GetItem(dict, "ColorSpace", HPDF_OCLASS_NAME);
	if (w == NULL || cs == NULL)
		return HPDF_INVALID_OBJECT;
	int colors = strcmp(cs->value, "DeviceGray") == 0 ? 1 : 3;
	char s[160];
	snprintf(s, sizeof s,
		 "/Filter /FlateDecode\012/DecodeParms << /Predictor 15 "
		 "/Colors %d /BitsPerComponent 8 /Columns %ld >>\012", colors,
		 (long)w->value);
	return HPDF_Stream_WriteStr(stream, s);
}

HPDF_Image haru_png_as_is(HPDF_Doc doc, const unsigned char *png,
			  size_t len)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G',
					     '\r', '\n', 0x1A, '\n'};
	if (len < 8 + 25 || memcmp(png, sig, 8) != 0)
		return NULL;
	unsigned long w = 0, h = 0;
	int colors = 0, ended = 0;
	struct buf idat = BUF_INIT;
	for (size_t at = 8; at + 12 <= len && !ended;) {
		unsigned long n = be32(png + at);
		const unsigned char *type = png + at + 4;
		if (n > len - at - 12)
			break;
		const unsigned char *data = type + 4;
		uLong crc = crc32(0, type, (uInt)(n + 4));
		if (crc != be32(data + n))
			break;
		if (at == 8) {
			/* IHDR first: 8-bit RGB (2) or grey (0), deflate, no
			 * interlace. */
			if (memcmp(type, "IHDR", 4) != 0 || n != 13 ||
			    data[8] != 8 || (data[9] != 2 && data[9] != 0) ||
			    data[10] != 0 || data[11] != 0 || data[12] != 0)
				break;
			w = be32(data);
			h = be32(data + 4);
			colors = data[9] == 2 ? 3 : 1;
		} else if (memcmp(type, "IDAT", 4) == 0) {
			buf_put(&idat, data, n);
		} else if (memcmp(type, "IEND", 4) == 0) {
			ended = 1;
		} else if (memcmp(type, "PLTE", 4) == 0 ||
			   memcmp(type, "tRNS", 4) == 0 || !(type[0] & 0x20)) {
			break; /* a palette, transparency, or unknown critical */
		}
		at += 12 + n;
	}
	HPDF_Image img = NULL;
	if (ended && idat.len > 0 && w > 0 && h > 0 && w < (1ul << 24) &&
	    h < (1ul << 24)) {
		img = HPDF_DictStream_New(doc->mmgr, doc->xref);
		if (img != NULL) {
			img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
			HPDF_STATUS ret = HPDF_Dict_AddName(img, "Type", "XObject");
			ret += HPDF_Dict_AddName(img, "Subtype", "Image");
			ret += HPDF_Dict_AddName(img, "ColorSpace",
						 colors == 3 ? "DeviceRGB"
							     : "DeviceGray");
			ret += HPDF_Dict_AddNumber(img, "Width", (HPDF_INT32)w);
			ret += HPDF_Dict_AddNumber(img, "Height", (HPDF_INT32)h);
			ret += HPDF_Dict_AddNumber(img, "BitsPerComponent", 8);
			ret += HPDF_Stream_Write(img->stream,
						 (const HPDF_BYTE *)idat.data,
						 (HPDF_UINT)idat.len);
			img->filter = HPDF_STREAM_FILTER_NONE;
			img->write_fn = write_png_filter;
			if (ret != HPDF_OK)
				img = NULL; /* (the doc frees its objects) */
		}
	}
	buf_free(&idat);
	return img;
}

HPDF_STATUS haru_set_lang(HPDF_Doc doc, const char *lang)
{
	HPDF_String s = HPDF_String_New(doc->mmgr, lang, NULL);
	if (s == NULL)
		return HPDF_FAILD_TO_ALLOC_MEM;
	return HPDF_Dict_Add(doc->catalog, "Lang", s);
}
