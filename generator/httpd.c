#define _GNU_SOURCE /* realpath */
#include "httpd.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "deskhttp.h"
#include "fsutil.h"
#include "output.h"
#include "paths.h"
#include "preview.h"
#include "util.h"

/* A connection that sends or reads nothing for this long is closed: a
 * browser's spare connection, or a client that stalls halfway through a
 * request.  (The long poll's own wait does not count: libmicrohttpd
 * counts from the answer.) */
#define IDLE_SECONDS 10
/* A long poll answers after this long even when nothing changed: well
 * before browsers give up on a quiet request, and shorter than
 * IDLE_SECONDS anyway, so the wait never depends on how libmicrohttpd
 * counts. */
#define WAIT_SECONDS 8
/* Connections open at once, each with its own thread.  A browser opens
 * at most 6 to one address and each visible tab keeps one of them in
 * the long poll: 32 is room for a few browsers.  More are refused at
 * once (closed unanswered) until some close: a client that opens
 * hundreds cannot make hundreds of threads. */
#define MAX_CONNECTIONS 32
/* After refusing some, taking new ones again is said once no more than
 * this many are open, so a server kept full says it once, not at each
 * close. */
#define CALM_CONNECTIONS (MAX_CONNECTIONS / 2)

struct httpd {
	struct MHD_Daemon *mhd;
	struct deskhttp *desk; /* the handout desk, or NULL */
	char *root;            /* the served folder */
	unsigned port;         /* the port it listens on */
	char port_text[8];     /* the same, as Host writes it */
	pthread_mutex_t mu;    /* guards the fields below */
	pthread_cond_t cond;   /* broadcast when gen or stopping changes */
	unsigned long gen;     /* build generation, bumped by each build */
	int built;             /* 1 once a build succeeded */
	char *errors;          /* last build's diagnostics if it failed */
	/* The files of the build being written into out/ (lent by it, see
	 * httpd_serve_made()), served before out/'s; or NULL. */
	const struct output *made;
	/* The pages a build showed early (httpd_serve_early(): copies),
	 * served before out/'s until its files are made. */
	struct output early;
	unsigned long early_gen; /* the generation they were shown at */
	/* Of those, the ones the build then made the same: a page showing
	 * one of them at early_gen is not reloaded for generation
	 * same_gen (it already shows what that build made). */
	struct output same;
	unsigned long same_gen;
	int stopping;          /* 1: answer waiting requests now */
	unsigned open;         /* connections open */
	int refusing;          /* 1: said "too many", not yet "again" */
	unsigned long refused; /* connections refused since it was said */
};

/* The state one request works with, copied under the mutex before any
 * file is read: a page is never newer than its generation says, so the
 * reload script never misses a build (at worst it reloads once more). */
struct state {
	unsigned long gen;
	int built;
	char *errors; /* owned copy, or NULL */
};

static void get_state(struct httpd *h, struct state *s)
{
	pthread_mutex_lock(&h->mu);
	s->gen = h->gen;
	s->built = h->built;
	s->errors = h->errors ? xstrdup(h->errors) : NULL;
	pthread_mutex_unlock(&h->mu);
}

/* ---- responses ---- */

/* Queue r (destroyed here) with the headers every answer has. */
static enum MHD_Result queue(struct MHD_Connection *c, unsigned status,
			     const char *type, struct MHD_Response *r)
{
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Send b's bytes (b is left empty). */
static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status,
				const char *type, struct buf *b)
{
	size_t len = b->len;
	char *data = buf_detach(b);
	struct MHD_Response *r = MHD_create_response_from_buffer(
		len, data, MHD_RESPMEM_MUST_FREE);
	if (r == NULL)
		free(data);
	return queue(c, status, type, r);
}

/* Send a string that lives as long as the program. */
static enum MHD_Result send_static(struct MHD_Connection *c, unsigned status,
				   const char *type, const char *text)
{
	return queue(c, status, type, MHD_create_response_from_buffer(
		strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT));
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status,
				 const char *text)
{
	return send_static(c, status, "text/plain; charset=utf-8", text);
}

static enum MHD_Result send_error_page(struct MHD_Connection *c,
				       const struct state *s)
{
	struct buf b = BUF_INIT;
	preview_error_page(&b, s->gen, s->errors ? s->errors : "");
	return send_buf(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
			"text/html; charset=utf-8", &b);
}

/* ---- files ---- */

/* Open path if it is a regular file or a folder that really lies in
 * root (no link leads out of it).  Returns the descriptor and fills
 * *st, or -1. */
static int open_inside(const char *root, const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	char *real_root = realpath(root, NULL), *real = realpath(proc, NULL);
	size_t n = real_root ? strlen(real_root) : 0;
	int ok = real_root != NULL && real != NULL &&
		 strncmp(real, real_root, n) == 0 &&
		 (real[n] == '/' || real[n] == '\0' || n == 1) &&
		 fstat(fd, st) == 0 &&
		 (S_ISREG(st->st_mode) || S_ISDIR(st->st_mode));
	free(real_root);
	free(real);
	if (!ok) {
		close(fd);
		return -1;
	}
	/* O_NONBLOCK was for opening only (a FIFO must not hang us). */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

/* Append the rest of fd to b and close it.  Returns 0 or -1. */
static int slurp(int fd, struct buf *b)
{
	int rc = 0;
	for (;;) {
		buf_grow(b, 65536);
		ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -1 : 0;
			break;
		}
		b->len += (size_t)n;
		b->data[b->len] = '\0';
	}
	close(fd);
	return rc;
}

/* The file at rel (relative to the served folder, as output.h names
 * it) in the build being written (or shown early), copied to b: 1, or 0
 * when that build has no new bytes for it (out/'s are right) or none is
 * being written.
 * A file it removes is still served from out/ until it is gone. */
static int from_made(struct httpd *h, const char *rel, struct buf *b)
{
	int found = 0;
	pthread_mutex_lock(&h->mu);
	const struct out_file *f =
		h->made != NULL ? output_find(h->made, rel) : NULL;
	if (f == NULL || f->data == NULL)
		f = output_find(&h->early, rel);
	if (f != NULL && f->data != NULL) {
		buf_put(b, f->data, f->len);
		found = 1;
	}
	pthread_mutex_unlock(&h->mu);
	return found;
}

/* An HTML file's bytes (raw, emptied) as the preview serves them. */
static enum MHD_Result send_page(struct MHD_Connection *c, unsigned status,
				 struct buf *raw, const struct state *s)
{
	struct buf b = BUF_INIT;
	enum MHD_Result ret;
	if (!s->built) {
		ret = send_error_page(c, s);
	} else {
		preview_page(&b, buf_cstr(raw), raw->len, s->gen, s->errors);
		ret = send_buf(c, status, "text/html; charset=utf-8", &b);
	}
	buf_free(raw);
	buf_free(&b);
	return ret;
}

/* The same for an HTML file open as fd (closed). */
static enum MHD_Result send_page_fd(struct MHD_Connection *c,
				    unsigned status, int fd,
				    const struct state *s)
{
	struct buf raw = BUF_INIT;
	if (slurp(fd, &raw) != 0) {
		buf_free(&raw);
		return send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				 "Cannot read the file\n");
	}
	return send_page(c, status, &raw, s);
}

static enum MHD_Result send_not_found(struct httpd *h, struct MHD_Connection *c,
				      const struct state *s)
{
	if (!s->built)
		return send_error_page(c, s);
	struct stat st;
	struct buf mem = BUF_INIT;
	if (from_made(h, "404.html", &mem))
		return send_page(c, MHD_HTTP_NOT_FOUND, &mem, s);
	char *path = fs_join(h->root, "404.html");
	int fd = open_inside(h->root, path, &st);
	free(path);
	if (fd >= 0 && S_ISREG(st.st_mode))
		return send_page_fd(c, MHD_HTTP_NOT_FOUND, fd, s);
	if (fd >= 0)
		close(fd);
	return send_text(c, MHD_HTTP_NOT_FOUND, "Not found\n");
}

static enum MHD_Result send_redirect(struct MHD_Connection *c, const char *to)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (r != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, to);
	return queue(c, MHD_HTTP_MOVED_PERMANENTLY, "text/plain; charset=utf-8",
		     r);
}

/* The file a request's path (rel, of preview_map_url()) names: rel,
 * or "dir/index.html" for "dir/" and "index.html" for "".  Caller
 * frees. */
static char *file_of(const char *rel)
{
	size_t n = strlen(rel);
	return n == 0 || rel[n - 1] == '/' ? xasprintf("%sindex.html", rel)
					   : xstrdup(rel);
}

static enum MHD_Result serve_file(struct httpd *h, struct MHD_Connection *c,
				  const char *url)
{
	struct state s;
	char *rel = NULL, *path = NULL;
	enum MHD_Result ret;
	struct stat st;

	get_state(h, &s);
	int status = preview_map_url(url, &rel);
	if (status == 400) {
		ret = send_text(c, MHD_HTTP_BAD_REQUEST, "Bad request\n");
		goto out;
	}
	if (status != 0) {
		ret = send_not_found(h, c, &s);
		goto out;
	}
	size_t n = strlen(rel);
	int folder_url = n == 0 || rel[n - 1] == '/';
	char *file = file_of(rel);
	path = fs_join(h->root, file);
	/* The build being written first (its new files), then out/. */
	struct buf mem = BUF_INIT;
	int found = from_made(h, file, &mem);
	free(file);
	if (found) {
		if (preview_is_html(path)) {
			ret = send_page(c, MHD_HTTP_OK, &mem, &s);
		} else {
			ret = send_buf(c, MHD_HTTP_OK,
				       preview_content_type(path), &mem);
		}
		buf_free(&mem);
		goto out;
	}
	int fd = open_inside(h->root, path, &st);
	if (fd >= 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		fd = -1;
		if (!folder_url) {
			/* preview_map_url() refused "//", so this stays on
			 * this server. */
			char *to = xasprintf("%s/", url);
			ret = send_redirect(c, to);
			free(to);
			goto out;
		}
	}
	if (fd < 0)
		ret = send_not_found(h, c, &s);
	else if (preview_is_html(path))
		ret = send_page_fd(c, MHD_HTTP_OK, fd, &s);
	else {
		struct MHD_Response *r = MHD_create_response_from_fd(
			(uint64_t)st.st_size, fd);
		if (r == NULL)
			close(fd);
		ret = queue(c, MHD_HTTP_OK, preview_content_type(path), r);
	}
out:
	free(rel);
	free(path);
	free(s.errors);
	return ret;
}

/* ---- the Host header ---- */

/* DNS rebinding: a web page from elsewhere can make its own name lead to
 * 127.0.0.1 and then read the preview as if it were its own site.  Its
 * requests carry that name in Host, so only this computer's own names
 * are answered, with this server's port. */

struct hosts {
	const char *value; /* the last Host header */
	unsigned n;        /* how many there were */
};

static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind,
				  const char *key, const char *value)
{
	struct hosts *hs = cls;
	(void)kind;
	if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0) {
		hs->value = value;
		hs->n++;
	}
	return MHD_YES;
}

/* 1 if the request has one Host header, and it is "127.0.0.1:PORT",
 * "localhost:PORT" or "[::1]:PORT" (names in any case; without ":PORT"
 * only when the port is 80).  A request without Host (HTTP/1.0) is not:
 * every browser sends it. */
static int host_is_ours(const struct httpd *h, struct MHD_Connection *c)
{
	static const char *const names[] = {"127.0.0.1", "localhost",
					    "[::1]"};
	struct hosts hs = {0};
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_host, &hs);
	if (hs.n != 1 || hs.value == NULL)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		size_t n = strlen(names[i]);
		if (strncasecmp(hs.value, names[i], n) != 0)
			continue;
		const char *port = hs.value + n;
		if (*port == '\0')
			return h->port == 80;
		if (*port == ':' && strcmp(port + 1, h->port_text) == 0)
			return 1;
	}
	return 0;
}

static enum MHD_Result send_misdirected(const struct httpd *h,
					struct MHD_Connection *c)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "421 Misdirected Request\n\n"
		   "This is pamphlet's live preview.  It answers only at "
		   "http://127.0.0.1:%u/ (or http://localhost:%u/): open "
		   "that address instead.  The address this request was "
		   "for is another one, so it was refused.\n",
		   h->port, h->port);
	struct MHD_Response *r = MHD_create_response_from_buffer(
		b.len, b.data, MHD_RESPMEM_MUST_COPY);
	buf_free(&b);
	/* (Plain text: no script, for any path, the desk's too.) */
	if (r != NULL)
		MHD_add_response_header(r, "Content-Security-Policy",
					"default-src 'none'");
	return queue(c, MHD_HTTP_MISDIRECTED_REQUEST,
		     "text/plain; charset=utf-8", r);
}

/* ---- the preview's own addresses ---- */

/* 1 if an open page, showing file (NULL: unknown) as of generation
 * want, has nothing new to show now (under the mutex).  While a build
 * shows some pages early, only those have; once it is made, a page it
 * showed early and then made the same has not. */
static int nothing_new(const struct httpd *h, const char *file,
		       unsigned long want)
{
	if (h->gen == want)
		return 1;
	if (file == NULL || h->early_gen == 0)
		return 0;
	if (h->gen == h->early_gen && h->same_gen == 0)
		return output_find(&h->early, file) == NULL;
	return h->gen == h->same_gen && want == h->early_gen &&
	       output_find(&h->same, file) != NULL;
}

static enum MHD_Result wait_for_build(struct httpd *h, struct MHD_Connection *c)
{
	const char *g = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
						    "gen");
	char *end = NULL;
	unsigned long want = 0;
	int valid = g != NULL && isdigit((unsigned char)g[0]);
	if (valid) {
		errno = 0;
		want = strtoul(g, &end, 10);
		valid = *end == '\0' && errno == 0;
	}
	/* The page that waits (location.pathname, which live.js sends
	 * encoded once more: arguments stay escaped, keep_escaped()), as a
	 * file name. */
	const char *arg = MHD_lookup_connection_value(
		c, MHD_GET_ARGUMENT_KIND, "page");
	char *page = arg != NULL ? path_url_decode(arg, strlen(arg)) : NULL;
	char *rel = NULL, *file = NULL;
	if (page != NULL && preview_map_url(page, &rel) == 0)
		file = file_of(rel);
	free(rel);
	free(page);
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += WAIT_SECONDS;

	pthread_mutex_lock(&h->mu);
	while (valid && !h->stopping && nothing_new(h, file, want))
		if (pthread_cond_timedwait(&h->cond, &h->mu, &until) ==
		    ETIMEDOUT)
			break;
	unsigned long now = nothing_new(h, file, want) ? want : h->gen;
	pthread_mutex_unlock(&h->mu);
	free(file);

	struct buf b = BUF_INIT;
	buf_printf(&b, "%lu\n", now);
	return send_buf(c, MHD_HTTP_OK, "text/plain; charset=utf-8", &b);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **req)
{
	static int seen; /* marks a request whose headers were seen */
	struct httpd *h = cls;
	(void)version;
	(void)upload;

	/* Before anything else, for every method and path. */
	if (!host_is_ours(h, c))
		return send_misdirected(h, c);
	if (h->desk != NULL && deskhttp_is_url(url))
		return deskhttp_request(h->desk, c, method, upload,
					upload_size, req);
	int allowed = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
		      strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	/* Answer once the request is all read, so the connection can be
	 * kept open for the next one; a body is read and dropped. */
	if (allowed && *req == NULL) {
		*req = &seen;
		return MHD_YES;
	}
	if (allowed && *upload_size != 0) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (!allowed) {
		struct MHD_Response *r = MHD_create_response_from_buffer(
			strlen("Method not allowed\n"),
			(void *)"Method not allowed\n", MHD_RESPMEM_PERSISTENT);
		if (r != NULL)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW,
						"GET, HEAD");
		return queue(c, MHD_HTTP_METHOD_NOT_ALLOWED,
			     "text/plain; charset=utf-8", r);
	}
	if (strncmp(url, PREVIEW_PREFIX, strlen(PREVIEW_PREFIX)) != 0)
		return serve_file(h, c, url);
	if (strcmp(url, PREVIEW_LIVE_JS_URL) == 0)
		return send_static(c, MHD_HTTP_OK,
				   "text/javascript; charset=utf-8",
				   preview_live_js);
	if (strcmp(url, PREVIEW_CSS_URL) == 0)
		return send_static(c, MHD_HTTP_OK, "text/css; charset=utf-8",
				   preview_css);
	if (strcmp(url, PREVIEW_WAIT_URL) == 0)
		return wait_for_build(h, c);
	return send_text(c, MHD_HTTP_NOT_FOUND, "Not found\n");
}

/* Paths stay as sent: preview_map_url() decodes them itself, and
 * refuses what decodes to NUL instead of cutting the path there. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static void log_message(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("pamphlet: web server: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (fmt[0] != '\0' && fmt[strlen(fmt) - 1] != '\n')
		fputc('\n', stderr);
}

/* ---- how many connections ---- */

/* libmicrohttpd, for each new connection before it has a thread. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr,
				 socklen_t len)
{
	struct httpd *h = cls;
	(void)addr;
	(void)len;
	pthread_mutex_lock(&h->mu);
	int ok = h->open < MAX_CONNECTIONS, say = 0;
	if (!ok) {
		say = !h->refusing;
		h->refusing = 1;
		h->refused++;
	}
	pthread_mutex_unlock(&h->mu);
	if (say)
		fprintf(stderr, "pamphlet: web server: too many connections "
			"(%d open): new ones are refused until some close\n",
			MAX_CONNECTIONS);
	return ok ? MHD_YES : MHD_NO;
}

/* libmicrohttpd, when a connection starts and once its thread ended. */
static void on_connection(void *cls, struct MHD_Connection *c, void **ctx,
			  enum MHD_ConnectionNotificationCode code)
{
	struct httpd *h = cls;
	unsigned long refused = 0;
	(void)c;
	(void)ctx;
	pthread_mutex_lock(&h->mu);
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		h->open++;
	else if (code == MHD_CONNECTION_NOTIFY_CLOSED && h->open > 0)
		h->open--;
	if (h->refusing && h->open <= CALM_CONNECTIONS) {
		refused = h->stopping ? 0 : h->refused;
		h->refusing = 0;
		h->refused = 0;
	}
	pthread_mutex_unlock(&h->mu);
	if (refused > 0)
		fprintf(stderr, "pamphlet: web server: taking new connections "
			"again (%lu were refused)\n", refused);
}

/* ---- the daemon ---- */

int httpd_listen(unsigned port, unsigned *bound, struct diag *d)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof a;
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		diag_syserr(d, NULL, "cannot open a network socket: %s",
			    strerror(errno));
		return -1;
	}
	/* Lets a restarted server take its port back at once. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(fd, 64) != 0) {
		if (errno == EADDRINUSE)
			diag_syserr(d, NULL, "port %u on 127.0.0.1 is already "
				    "in use (is another 'pamphlet serve' "
				    "running?); stop it, or choose another "
				    "port with --port (--port 0 picks a free "
				    "one)", port);
		else if (errno == EACCES)
			diag_syserr(d, NULL, "not allowed to use port %u; "
				    "choose a port above 1023 with --port",
				    port);
		else
			diag_syserr(d, NULL, "cannot listen on 127.0.0.1:%u: "
				    "%s", port, strerror(errno));
		close(fd);
		return -1;
	}
	if (getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		diag_syserr(d, NULL, "cannot read the server's port: %s",
			    strerror(errno));
		close(fd);
		return -1;
	}
	*bound = ntohs(a.sin_port);
	return fd;
}

/* libmicrohttpd, when a request ended: free a desk request's state. */
static void on_completed(void *cls, struct MHD_Connection *c, void **req,
			 enum MHD_RequestTerminationCode code)
{
	(void)cls;
	(void)c;
	(void)code;
	if (req != NULL && deskhttp_owns(*req)) {
		deskhttp_done(*req);
		*req = NULL;
	}
}

struct httpd *httpd_start(int fd, unsigned port, const char *root, int built,
			  const char *errors, const struct handout_opts *desk,
			  struct diag *d)
{
	struct httpd *h = xcalloc(1, sizeof *h);
	pthread_condattr_t ca;
	if (desk != NULL) {
		h->desk = deskhttp_new(desk, port);
		if (h->desk == NULL) {
			diag_syserr(d, NULL, "cannot make a random token for "
				    "the handout desk");
			free(h);
			close(fd);
			return NULL;
		}
	}

	h->root = xstrdup(root);
	h->port = port;
	snprintf(h->port_text, sizeof h->port_text, "%u", port);
	h->built = built;
	h->errors = errors ? xstrdup(errors) : NULL;
	/* Generations count from the start time in ms: a page left open
	 * while the preview was restarted has another number, and reloads
	 * from the new server at once. */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	h->gen = (unsigned long)now.tv_sec * 1000UL +
		 (unsigned long)(now.tv_nsec / 1000000);
	pthread_mutex_init(&h->mu, NULL);
	output_init(&h->early);
	output_init(&h->same);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&h->cond, &ca);
	pthread_condattr_destroy(&ca);
	/* A thread per connection: a long poll may block its own.
	 * on_accept() refuses connections over MAX_CONNECTIONS; the
	 * library's own limit, one above, is only a backstop: at its limit
	 * it stops accepting, and clients would wait unseen in the queue.
	 * No limit per address: every client of 127.0.0.1 is on this
	 * computer, nearly always 127.0.0.1 itself, so it would be the same
	 * limit, with a line from the library for each refusal.
	 * MHD_USE_ITC: a connection's thread that ends wakes the listening
	 * thread, which joins it and calls on_connection(); without it, that
	 * waits until the next client connects. */
	h->mhd = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG,
		0, on_accept, h, on_request, h,
		MHD_OPTION_EXTERNAL_LOGGER, log_message, NULL,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)MAX_CONNECTIONS + 1,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)IDLE_SECONDS,
		MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
		MHD_OPTION_END);
	if (h->mhd == NULL) {
		diag_syserr(d, NULL, "cannot start the web server "
			    "(libmicrohttpd)");
		close(fd);
		h->mhd = NULL;
		httpd_stop(h);
		return NULL;
	}
	return h;
}

/* Forget the pages shown early (under the mutex). */
static void drop_early(struct httpd *h)
{
	output_free(&h->early);
	output_init(&h->early);
	output_free(&h->same);
	output_init(&h->same);
	h->early_gen = h->same_gen = 0;
}

void httpd_publish(struct httpd *h, int ok, const char *errors)
{
	char *copy = ok || errors == NULL ? NULL : xstrdup(errors);
	pthread_mutex_lock(&h->mu);
	drop_early(h);
	h->gen++;
	if (ok)
		h->built = 1;
	free(h->errors);
	h->errors = ok ? NULL : copy ? copy : xstrdup("");
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->mu);
}

void httpd_serve_early(struct httpd *h, const struct output *files)
{
	struct output copy;
	output_init(&copy);
	for (size_t i = 0; i < files->n; i++) {
		const struct out_file *f = &files->files[i];
		if (f->data == NULL)
			continue;
		char *data = xmalloc(f->len + 1);
		memcpy(data, f->data, f->len);
		data[f->len] = '\0';
		output_add(&copy, f->path, data, f->len);
	}
	pthread_mutex_lock(&h->mu);
	drop_early(h);
	h->early = copy;
	h->gen++;
	h->early_gen = h->gen;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->mu);
}

void httpd_serve_made(struct httpd *h, const struct output *files)
{
	pthread_mutex_lock(&h->mu);
	h->made = files;
	if (files != NULL) {
		/* The pages shown early that the build made the same (none
		 * when it showed none). */
		struct output same;
		output_init(&same);
		for (size_t i = 0; i < h->early.n; i++) {
			const struct out_file *e = &h->early.files[i];
			const struct out_file *f = output_find(files, e->path);
			if (f != NULL && f->data != NULL && f->len == e->len &&
			    memcmp(f->data, e->data, e->len) == 0)
				output_keep(&same, e->path);
		}
		output_free(&h->early);
		output_init(&h->early);
		output_free(&h->same);
		h->same = same;
		h->gen++;
		h->same_gen = h->gen;
		h->built = 1;
		free(h->errors);
		h->errors = NULL;
		pthread_cond_broadcast(&h->cond);
	}
	pthread_mutex_unlock(&h->mu);
}

void httpd_stop(struct httpd *h)
{
	if (h == NULL)
		return;
	pthread_mutex_lock(&h->mu);
	h->stopping = 1;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->mu);
	if (h->mhd != NULL)
		MHD_stop_daemon(h->mhd);
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->mu);
	deskhttp_free(h->desk);
	output_free(&h->early);
	output_free(&h->same);
	free(h->root);
	free(h->errors);
	free(h);
}
