#include "build.h"

#include <string.h>

#include "content.h"
#include "html.h"
#include "linkcheck.h"
#include "pdf.h"

int build_run(const struct build_opts *o, struct build_result *r,
	      struct diag *d)
{
	struct content_opts copts = {o->content, o->max_file_size};
	struct html_opts hopts = {o->templates, o->version, 1};
	struct output out;
	struct site *site = NULL;
	struct html *html = NULL;
	struct pdf *pdf = NULL;

	memset(r, 0, sizeof *r);
	output_init(&out);
	/* Load content and templates both, so one run reports the errors
	 * of each. */
	site = content_load(&copts, d);
	html = html_new(&hopts, d);
	if (site == NULL || html == NULL)
		goto out;

	struct pdf_opts popts = {
		o->paper >= 0 ? o->paper : site->paper, o->font, o->bold_font,
		o->epoch,
		o->version,
	};
	pdf = pdf_new(&popts);
	struct buf sheet = BUF_INIT;
	if (pdf_render(&sheet, pdf, site, d) == 0) {
		size_t len = sheet.len;
		output_add(&out, HTML_SHEET_PATH, buf_detach(&sheet), len);
		r->sheet = 1;
	}
	buf_free(&sheet);
	if (diag_failed(d))
		goto out;
	if (html_render(&out, html, site, d) != 0)
		goto out;
	if (linkcheck(&out, site, o->templates, d) != 0)
		goto out;
	r->pages = site_page_count(site) + 1; /* and 404.html */
	r->exercises = site->nexercises;
	if (o->write)
		output_commit(&out, o->out, &r->stats, d);
out:
	pdf_free(pdf);
	html_free(html);
	site_free(site);
	output_free(&out);
	return diag_exit_code(d);
}
