/*
 * deskhttp.h: the handout desk's web side, inside `pamphlet serve`'s
 * server (httpd.c): DESK_URL answers GET and HEAD with the form, POST
 * with the handout PDF, the plan as YAML, or the form again with its
 * mistakes (desk.h does the form; handout.h the PDF).
 *
 * Nothing of a request is kept: it is read into memory, answered, and
 * freed; nothing is written to disk or to the terminal.  A POST must
 * come from the desk itself: its Origin (or, without one, its Referer)
 * must be this server, and it must carry the server's token (random,
 * made when the server starts); its body is at most DESK_MAX_BODY
 * bytes.  Answers carry Cache-Control: no-store and a
 * Content-Security-Policy that allows no script.
 *
 * Included by httpd.c only; includes libmicrohttpd like it.
 */
#ifndef PAMPHLET_DESKHTTP_H
#define PAMPHLET_DESKHTTP_H

#include <microhttpd.h>
#include <stddef.h>

#include "desk.h"
#include "handout.h"

#define DESK_MAX_BODY ((size_t)256 << 10)
#define DESK_MAX_SECONDS 30 /* to send a form, headers to end */

struct deskhttp;

/* The desk of the server on 127.0.0.1:port, making handouts as o says
 * (its content, fonts, paper; plans and out unused).  Copies o's
 * strings it needs.  NULL if no random token could be made. */
struct deskhttp *deskhttp_new(const struct handout_opts *o, unsigned port);
void deskhttp_free(struct deskhttp *k); /* NULL is fine */

/* 1 if url (a request's path) is the desk's. */
int deskhttp_is_url(const char *url);

/* Answer a request to the desk: libmicrohttpd's access handler
 * arguments.  *req holds the request's state between calls; free it
 * with deskhttp_done() when libmicrohttpd says the request ended. */
enum MHD_Result deskhttp_request(struct deskhttp *k, struct MHD_Connection *c,
				 const char *method, const char *upload,
				 size_t *upload_size, void **req);
/* 1 if req is a desk request's state (then deskhttp_done() frees it). */
int deskhttp_owns(const void *req);
void deskhttp_done(void *req);

#endif
