/*
 * deskhttp.c: the handout desk's web side (see deskhttp.h).
 */
#define _GNU_SOURCE /* getrandom */
#include "deskhttp.h"
#include "checks.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "buf.h"
#include "content.h"
#include "desk.h"
#include "pdf.h"
#include "plan.h"
#include "util.h"


struct deskhttp {
	struct handout_opts o; /* its strings are ours */
	char *content, *font, *bold_font, *version;
	char token[33];        /* 32 hex digits */
	char origin[3][48];    /* http://127.0.0.1:PORT, localhost, [::1] */
	char *csp;             /* no script, nothing from elsewhere, posts
				* only here; the page's own style by hash */
};

struct field {
	char *key;
	struct buf value;
};

/* One request's state, between libmicrohttpd's calls. */
#define DREQ_MAGIC 0x6465736bu /* "desk" */
struct dreq {
	unsigned magic;
	int post;        /* a POST (else GET or HEAD) */
	size_t body;     /* bytes of body seen */
	unsigned refuse; /* the status to answer once the body is read
			  * (libmicrohttpd answers only then), or 0 */
	time_t started;  /* when its headers came */
	struct MHD_PostProcessor *pp;
	struct field *f; /* the fields posted, in order */
	size_t nf;
};

/* The policy of every answer: deskhttp_new() makes it (one server at a
 * time). */
static const char *csp;

struct deskhttp *deskhttp_new(const struct handout_opts *o, unsigned port)
{
	unsigned char r[16];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return NULL;
	struct deskhttp *k = xcalloc(1, sizeof *k);
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(k->token + 2 * i, 3, "%02x", r[i]);
	snprintf(k->origin[0], sizeof k->origin[0], "http://127.0.0.1:%u",
		 port);
	snprintf(k->origin[1], sizeof k->origin[1], "http://localhost:%u",
		 port);
	snprintf(k->origin[2], sizeof k->origin[2], "http://[::1]:%u", port);
	k->csp = xasprintf("default-src 'none'; img-src 'self'; style-src "
			   "'self' %s; form-action 'self'; base-uri 'none'; "
			   "frame-ancestors 'none'", desk_style_csp());
	k->o = *o;
	k->content = xstrdup(o->content);
	k->font = o->font ? xstrdup(o->font) : NULL;
	k->bold_font = o->bold_font ? xstrdup(o->bold_font) : NULL;
	k->version = o->version ? xstrdup(o->version) : NULL;
	k->o.content = k->content;
	k->o.font = k->font;
	k->o.bold_font = k->bold_font;
	k->o.version = k->version;
	k->o.plans = NULL;
	k->o.nplans = 0;
	csp = k->csp;
	return k;
}

void deskhttp_free(struct deskhttp *k)
{
	if (k == NULL)
		return;
	if (csp == k->csp)
		csp = NULL;
	free(k->content);
	free(k->font);
	free(k->bold_font);
	free(k->version);
	free(k->csp);
	free(k);
}

int deskhttp_is_url(const char *url)
{
	return strcmp(url, DESK_URL) == 0 ||
	       strcmp(url, "/_pamphlet/handout") == 0;
}

int deskhttp_owns(const void *req)
{
	return req != NULL && ((const struct dreq *)req)->magic == DREQ_MAGIC;
}

void deskhttp_done(void *req)
{
	struct dreq *q = req;
	if (q->pp != NULL)
		MHD_destroy_post_processor(q->pp);
	for (size_t i = 0; i < q->nf; i++) {
		/* (What was typed: wiped before the memory goes back.) */
		if (q->f[i].value.data != NULL)
			memset(q->f[i].value.data, 0, q->f[i].value.len);
		buf_free(&q->f[i].value);
		free(q->f[i].key);
	}
	free(q->f);
	q->magic = 0;
	free(q);
}

/* ---- answers ---- */

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status,
			      const char *type, struct buf *b,
			      const char *filename)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		b->len, b->data ? b->data : (char *)"", MHD_RESPMEM_MUST_COPY);
	if (b->data != NULL)
		memset(b->data, 0, b->len);
	buf_free(b);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "Content-Security-Policy",
				csp != NULL ? csp : "default-src 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	/* (same-origin: "no-referrer" would make the form's POST carry
	 * "Origin: null".) */
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW,
					"GET, HEAD, POST");
	if (filename != NULL) {
		char cd[96];
		snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", filename);
		MHD_add_response_header(r, "Content-Disposition", cd);
	}
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result answer_text(struct MHD_Connection *c, unsigned status,
				   const char *text)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, text);
	return answer(c, status, "text/plain; charset=utf-8", &b, NULL);
}

/* ---- who may post ---- */

/* 1 if the request's Origin (or, without one, its Referer) is this
 * server. */
static int from_here(const struct deskhttp *k, struct MHD_Connection *c)
{
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							 "Origin");
	const char *referer = MHD_lookup_connection_value(
		c, MHD_HEADER_KIND, MHD_HTTP_HEADER_REFERER);
	for (int i = 0; i < 3; i++) {
		size_t n = strlen(k->origin[i]);
		if (origin != NULL) {
			if (strcmp(origin, k->origin[i]) == 0)
				return 1;
		} else if (referer != NULL &&
			   strncmp(referer, k->origin[i], n) == 0 &&
			   referer[n] == '/') {
			return 1;
		}
	}
	return 0;
}

/* Compare in time that does not depend on where they differ. */
static int same_token(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	unsigned diff = alen != blen;
	for (size_t i = 0; i < blen; i++)
		diff |= (unsigned char)(i < alen ? a[i] : 0) ^ (unsigned char)b[i];
	return diff == 0;
}

/* ---- the body ---- */

/* The fields a desk's form has: others are dropped unread. */
static int known_field(const char *key)
{
	static const char *const names[] = {
		"token", "action", "plan_file", "paper", "patient", "date",
		"clinician", "next_review", "note", "language"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(key, names[i]) == 0)
			return 1;
	return strncmp(key, "ex-", 3) == 0 && strlen(key) < 200;
}

/* More fields than any form of a site of 20,000 exercises has. */
#define DESK_MAX_FIELDS 2000

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind,
				const char *key, const char *filename,
				const char *type, const char *encoding,
				const char *data, uint64_t off, size_t size)
{
	struct dreq *q = cls;
	(void)kind;
	(void)filename;
	(void)type;
	(void)encoding;
	if (key == NULL || !known_field(key))
		return MHD_YES; /* (a part without a name, or not ours) */
	/* A value comes in pieces: the first at offset 0. */
	if (off == 0 || q->nf == 0 || strcmp(q->f[q->nf - 1].key, key) != 0) {
		if (q->nf == DESK_MAX_FIELDS) {
			q->refuse = MHD_HTTP_CONTENT_TOO_LARGE;
			return MHD_NO;
		}
		if ((q->nf & (q->nf - 1)) == 0) /* 0, 1, 2, 4...: doubling */
			q->f = xrealloc(q->f, (q->nf ? 2 * q->nf : 1) *
						      sizeof *q->f);
		q->f[q->nf].key = xstrdup(key);
		q->f[q->nf].value = (struct buf)BUF_INIT;
		q->nf++;
	}
	buf_put(&q->f[q->nf - 1].value, data, size);
	return MHD_YES;
}

static const struct field *find(const struct dreq *q, const char *key)
{
	for (size_t i = 0; i < q->nf; i++)
		if (strcmp(q->f[i].key, key) == 0)
			return &q->f[i];
	return NULL;
}

/* ---- the form ---- */

/* What the desk says while the content has errors (the form needs the
 * site's exercises). */
static const char no_site[] = "The site has errors: fix them (see the "
			      "terminal running pamphlet serve), then reload "
			      "this page.\n";

static struct site *load_site(const struct deskhttp *k)
{
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	struct content_opts co = {k->o.content, k->o.max_file_size, NULL,
				  NULL, 1, k->o.templates, k->o.words_fallback,
				  NULL, NULL};
	struct site *s = content_load(&co, &quiet);
	buf_free(&msg);
	return s;
}

static enum MHD_Result send_form(const struct deskhttp *k,
				 struct MHD_Connection *c, unsigned status,
				 const struct desk_form *f,
				 const struct site *site,
				 const struct desk_error *errs, size_t nerr)
{
	struct buf page = BUF_INIT;
	desk_page(f, site, errs, nerr, k->token, DESK_URL,
		  "/assets/style.css", &page);
	return answer(c, status, "text/html; charset=utf-8", &page, NULL);
}

static enum MHD_Result make_pdf(const struct deskhttp *k,
				struct MHD_Connection *c,
				const struct desk_form *f,
				const struct site *site)
{
	struct buf yaml = BUF_INIT, msg = BUF_INIT, pdf = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	/* The one number a patient in pain would call must be real. */
	if (!k->o.allow_placeholders &&
	    checks_placeholders(site, 0, &quiet) > 0) {
		buf_free(&msg);
		struct desk_error e = {
			"exercises",
			"The clinic's phone, email or address in "
			"content/site.yaml is still the example's: a patient "
			"could not reach the clinic. Put in the real ones (or "
			"start pamphlet serve with --allow-placeholders), then "
			"make the PDF."};
		return send_form(k, c, MHD_HTTP_UNPROCESSABLE_CONTENT, f, site,
				 &e, 1);
	}
	desk_plan_yaml(f, &yaml);
	struct plan *p = plan_parse("exercise-programme.yaml", yaml.data,
				    yaml.len, site, &quiet);
	struct handout_opts o = k->o;
	if (f->paper >= 0)
		o.paper = f->paper;
	struct pdf *maker = NULL;
	int rc = p != NULL ? handout_render(&o, site, p, &maker, &pdf, &quiet)
			   : -1;
	pdf_free(maker);
	int parsed = p != NULL;
	plan_free(p);
	memset(yaml.data, 0, yaml.len);
	buf_free(&yaml);
	if (msg.data != NULL)
		memset(msg.data, 0, msg.len);
	buf_free(&msg);
	if (rc != 0 && !parsed) {
		/* (A form that passed desk_validate() but is still no plan:
		 * a value that does not fit a plan file.) */
		buf_free(&pdf);
		struct desk_error e = {"exercises", "This form makes a plan "
				       "pamphlet cannot read: shorten the "
				       "longest texts."};
		return send_form(k, c, MHD_HTTP_UNPROCESSABLE_CONTENT, f, site,
				 &e, 1);
	}
	if (rc != 0) {
		buf_free(&pdf);
		return answer_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				   "The handout could not be made: check the "
				   "site with 'pamphlet check'.\n");
	}
	return answer(c, MHD_HTTP_OK, "application/pdf", &pdf,
		      "exercise-programme.pdf");
}

/* The whole body is here: answer it. */
static enum MHD_Result finish_post(const struct deskhttp *k,
				   struct MHD_Connection *c, struct dreq *q)
{
	const struct field *token = find(q, "token");
	if (token == NULL ||
	    !same_token(token->value.data ? token->value.data : "",
			token->value.len, k->token))
		return answer_text(c, MHD_HTTP_FORBIDDEN,
				   "This form has expired or did not come from "
				   "this desk: open the handout desk again.\n");
	struct site *site = load_site(k);
	if (site == NULL)
		return answer_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, no_site);
	struct desk_form f;
	desk_form_init(&f, site);
	const struct field *act = find(q, "action");
	const char *action = act && act->value.data ? act->value.data : "pdf";
	enum MHD_Result ret;
	if (strcmp(action, "load") == 0) {
		const struct field *file = find(q, "plan_file");
		char *why = NULL;
		if (file == NULL || file->value.len == 0)
			why = xstrdup("Choose a plan file to load.");
		else
			desk_form_load_yaml(&f, site, file->value.data,
					    file->value.len, &why);
		if (why != NULL) {
			struct desk_error e = {"plan_file", why};
			ret = send_form(k, c, MHD_HTTP_UNPROCESSABLE_CONTENT, &f,
					site, &e, 1);
			free(why);
		} else {
			ret = send_form(k, c, MHD_HTTP_OK, &f, site, NULL, 0);
		}
	} else {
		for (size_t i = 0; i < q->nf; i++)
			if (strcmp(q->f[i].key, "token") != 0 &&
			    strcmp(q->f[i].key, "action") != 0 &&
			    strcmp(q->f[i].key, "plan_file") != 0)
				desk_form_set(&f, q->f[i].key,
					      q->f[i].value.data
						      ? q->f[i].value.data
						      : "",
					      q->f[i].value.len);
		struct desk_error *errs = NULL;
		size_t nerr = desk_validate(&f, &errs);
		if (nerr > 0) {
			ret = send_form(k, c, MHD_HTTP_UNPROCESSABLE_CONTENT, &f,
					site, errs, nerr);
		} else if (strcmp(action, "yaml") == 0) {
			struct buf yaml = BUF_INIT;
			desk_plan_yaml(&f, &yaml);
			ret = answer(c, MHD_HTTP_OK,
				     "application/yaml; charset=utf-8", &yaml,
				     "exercise-programme.yaml");
		} else {
			ret = make_pdf(k, c, &f, site);
		}
		desk_errors_free(errs, nerr);
	}
	desk_form_free(&f);
	site_free(site);
	return ret;
}

enum MHD_Result deskhttp_request(struct deskhttp *k, struct MHD_Connection *c,
				 const char *method, const char *upload,
				 size_t *upload_size, void **req)
{
	int get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
		  strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
	if (!get && !post)
		return answer_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
				   "Method not allowed\n");
	struct dreq *q = *req;
	if (q == NULL) {
		q = xcalloc(1, sizeof *q);
		q->magic = DREQ_MAGIC;
		q->post = post;
		q->started = time(NULL);
		*req = q;
		if (post) {
			/* Refused before the body is read: a body too big
			 * by its length, or a post from another page. */
			const char *len = MHD_lookup_connection_value(
				c, MHD_HEADER_KIND,
				MHD_HTTP_HEADER_CONTENT_LENGTH);
			if (len != NULL && strtoull(len, NULL, 10) > DESK_MAX_BODY)
				q->refuse = MHD_HTTP_CONTENT_TOO_LARGE;
			else if (!from_here(k, c))
				q->refuse = MHD_HTTP_FORBIDDEN;
			else if ((q->pp = MHD_create_post_processor(
					  c, 16384, on_field, q)) == NULL)
				q->refuse = MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
		}
		return MHD_YES;
	}
	if (*upload_size != 0) {
		/* libmicrohttpd answers only once the body is read: a refused
		 * body is read and dropped, up to a limit; a body that takes
		 * too long is cut. */
		size_t n = *upload_size;
		*upload_size = 0;
		q->body += n;
		if (time(NULL) - q->started > DESK_MAX_SECONDS ||
		    q->body > 4 * DESK_MAX_BODY)
			return MHD_NO;
		if (q->body > DESK_MAX_BODY && q->refuse != MHD_HTTP_FORBIDDEN)
			q->refuse = MHD_HTTP_CONTENT_TOO_LARGE;
		if (q->refuse != 0)
			return MHD_YES;
		if (q->pp != NULL &&
			 MHD_post_process(q->pp, upload, n) != MHD_YES &&
			 q->refuse == 0)
			q->refuse = MHD_HTTP_BAD_REQUEST;
		return MHD_YES;
	}
	if (q->refuse != 0) {
		const char *why =
			q->refuse == MHD_HTTP_FORBIDDEN
				? "Forms are taken from this desk's own page "
				  "only.\n"
			: q->refuse == MHD_HTTP_CONTENT_TOO_LARGE
				? "The form is too big.\n"
			: q->refuse == MHD_HTTP_UNSUPPORTED_MEDIA_TYPE
				? "Expected a form (multipart/form-data or "
				  "application/x-www-form-urlencoded).\n"
				: "The form could not be read.\n";
		return answer_text(c, q->refuse, why);
	}
	if (!post) {
		struct site *site = load_site(k);
		if (site == NULL)
			return answer_text(c, MHD_HTTP_SERVICE_UNAVAILABLE,
					   no_site);
		struct desk_form f;
		desk_form_init(&f, site);
		enum MHD_Result ret = send_form(k, c, MHD_HTTP_OK, &f, site,
						NULL, 0);
		desk_form_free(&f);
		site_free(site);
		return ret;
	}
	return finish_post(k, c, q);
}
