/*
 * bench.c: CPU time per exercise sheet (pdf_render() alone: the content
 * is loaded once, the sheet made N times).  Not part of `make test`:
 *
 *   make generator/libpamphlet.a
 *   cc -O2 -Igenerator tests/pdf/bench.c generator/libpamphlet.a \
 *      $(pkg-config --libs libcmark-gfm yaml-0.1 libutf8proc) \
 *      -lhpdf -lz -lm -o /tmp/bench
 *   /tmp/bench content 300
 *
 * For where the time goes: perf record /tmp/bench content 300; perf
 * report --sort dso.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "content.h"
#include "markdown.h"
#include "pdf.h"

static double cpu(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct content_opts o = {argc > 1 ? argv[1] : "content", 0};
	/* The sheet's words (i18n.h): without them there is no sheet. */
	o.templates = "templates";
	int n = argc > 2 ? atoi(argv[2]) : 100;
	struct diag d = {0};
	d.out = fopen("/dev/null", "w");
	struct site *s = content_load(&o, &d);
	if (s == NULL || n <= 0)
		return 1;
	/* With a folder for SVG drawings (rasters.h): warm, the drawings
	 * made by an untimed first sheet; without: every sheet draws them. */
	const char *rasters = argc > 3 ? argv[3] : NULL;
	struct pdf_opts po = {s->paper, NULL, NULL, -1, "bench", rasters, 0};
	struct pdf *p = pdf_new(&po);
	struct buf b = BUF_INIT;
	int rc = rasters != NULL ? pdf_render(&b, p, s, &d) : 0;
	double t0 = cpu();
	for (int i = 0; i < n && rc == 0; i++) {
		buf_reset(&b);
		rc = pdf_render(&b, p, s, &d);
	}
	double t = cpu() - t0;
	if (rc == 0)
		printf("%s: %.2f ms CPU per sheet (%d sheets, SVG drawings "
		       "%s), %zu bytes\n", o.dir, t / n * 1e3, n,
		       rasters != NULL ? "kept" : "drawn each time", b.len);
	pdf_free(p);
	buf_free(&b);
	site_free(s);
	md_shutdown();
	fclose(d.out);
	return rc != 0;
}
