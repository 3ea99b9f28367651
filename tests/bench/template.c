/*
 * template.c: CPU time to compile one big template (tmpl_load_string()
 * alone, nothing rendered), for `make bench`.  For each N given it makes
 * N flat sections, "{{#x}}{{/x}}" repeated on one line, and prints
 *
 *   template: N sections on one line: T ms CPU to compile
 *
 * Every tag's line and column is found as the template is compiled, so
 * the time should grow with N, not with N squared.
 *
 *   make generator/libpamphlet.a
 *   cc -O2 -Igenerator tests/bench/template.c generator/libpamphlet.a \
 *      $(pkg-config --libs libcmark-gfm yaml-0.1 libutf8proc libxxhash) \
 *      -o /tmp/tbench
 *   /tmp/tbench 20000 200000
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "buf.h"
#include "diag.h"
#include "template.h"

int main(int argc, char **argv)
{
	int rc = 0;
	for (int i = 1; i < argc && rc == 0; i++) {
		long n = atol(argv[i]);
		if (n <= 0) {
			fprintf(stderr, "template: not a count: %s\n", argv[i]);
			return 1;
		}
		struct buf src = BUF_INIT;
		for (long k = 0; k < n; k++)
			buf_puts(&src, "{{#x}}{{/x}}");
		struct diag d = {0};
		clock_t t0 = clock(); /* CPU time of this process */
		struct tmpl_set *set =
			tmpl_load_string("bench.html", src.data, src.len, NULL, &d);
		double t = (double)(clock() - t0) / CLOCKS_PER_SEC;
		if (set == NULL)
			rc = 1;
		else
			printf("template: %ld sections on one line: %.1f ms CPU "
			       "to compile\n", n, t * 1e3);
		tmpl_set_free(set);
		buf_free(&src);
	}
	return rc;
}
