#define _POSIX_C_SOURCE 200809L
#include "build.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "checks.h"
#include "content.h"
#include "fields.h"
#include "html.h"
#include "i18n.h"
#include "jobs.h"
#include "linkcheck.h"
#include "paths.h"
#include "pdf.h"
#include "state.h"
#include "util.h"


static double now_ms(int clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Stage timings on stderr when PAMPHLET_TIMINGS is set. */
struct laps {
	int on;
	double t;
};

static void lap(struct laps *l, const char *stage)
{
	if (!l->on)
		return;
	double t = now_ms(CLOCK_MONOTONIC);
	long rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f != NULL) {
		long size;
		if (fscanf(f, "%ld %ld", &size, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	fprintf(stderr, "pamphlet: timing: %-9s %8.1f ms %6ld MiB\n", stage,
		t - l->t, rss * (sysconf(_SC_PAGESIZE) / 1024) / 1024);
	l->t = t;
}

/* The progress line (build.h): the stage, and the items of its loops
 * over the pages as they are done (jobs.h). */
static void progress_stage(const struct build_opts *o, const char *name)
{
	if (o->progress == NULL)
		return;
	o->progress(o->progress_ctx, name, 0, 0);
	jobs_set_progress(o->progress, o->progress_ctx, name);
}

/* Everything the output depends on besides the content files. */
static uint64_t build_key(const struct build_opts *o)
{
	struct cache_key *k = cache_key_new();
	cache_key_str(k, o->version);
	char *shape = fields_signature(); /* what a cached page holds */
	cache_key_str(k, shape);
	free(shape);
	cache_key_str(k, o->content);
	cache_key_str(k, o->templates);
	cache_key_int(k, o->paper);
	cache_key_int(k, o->epoch);
	cache_key_int(k, (long long)o->max_file_size);
	cache_key_str(k, o->font);
	cache_key_str(k, o->bold_font);
	if (o->font != NULL)
		cache_key_file(k, o->font);
	if (o->bold_font != NULL)
		cache_key_file(k, o->bold_font);
	char *yaml = fs_join(o->content, "site.yaml");
	cache_key_file(k, yaml);
	free(yaml);
	/* The health words the checks look for (checks.h: what a cached
	 * page's body said depends on them). */
	char *plain = fs_join(o->content, "plain-words.yaml");
	cache_key_file(k, plain);
	free(plain);
	/* A translation's site.yaml and plain-words.yaml
	 * (content/LANG/site.yaml): every folder's, whatever site.yaml's
	 * languages say. */
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	char **names = fs_list_dir(o->content, &quiet);
	for (char **n = names; n && *n; n++) {
		char *dir = fs_join(o->content, *n);
		if (fs_is_dir(dir)) {
			char *t = fs_join(dir, "site.yaml");
			cache_key_str(k, *n);
			cache_key_file(k, t);
			free(t);
			t = fs_join(dir, "plain-words.yaml");
			cache_key_file(k, t);
			free(t);
		}
		free(dir);
	}
	fs_free_list(names);
	buf_free(&msg);
	cache_key_tree(k, o->templates);
	cache_key_tree(k, o->words_fallback);
	return cache_key_done(k);
}

/* The ids of every page this build rendered (cache.h), found on up to
 * `jobs` threads. */
struct finding {
	const struct site *site;
	const struct output *out;
	struct cache_ids *ids;
};

static void find_ids(void *ctx, size_t i)
{
	struct finding *f = ctx;
	const struct page *p = site_all_page(f->site, i);
	if (p->cached)
		return;
	const struct out_file *file = output_find(f->out, p->out);
	if (file != NULL && file->data != NULL)
		f->ids[i].ids = linkcheck_ids(file->data, file->len,
					      &f->ids[i].len);
}

/* The sheets to make, one per language, on a thread of their own while
 * the pages are made on the others: the sheet takes as long as many
 * pages, and neither waits for the other.  (The PDF code makes handouts
 * on several threads too: it shares nothing but the model, read-only.)
 * Each sheet's messages wait in its own buffer. */
struct sheet_job {
	const struct site *site; /* its language */
	char *path;              /* its file, relative to out/ */
	struct buf pdf;          /* the sheet, once made */
	int ok;                  /* 1: made */
	struct buf msg;
	struct diag d;
};

struct sheets {
	const struct build_opts *o;
	const char *state;
	struct sheet_job *v;
	size_t n;
	pthread_t thread;
	int started; /* 1: the thread runs (join it) */
};

static void *make_sheets(void *ctx)
{
	struct sheets *s = ctx;
	const struct build_opts *o = s->o;
	char *rasters = s->state != NULL ? fs_join(s->state, STATE_RASTERS)
					 : NULL;
	for (size_t i = 0; i < s->n; i++) {
		struct sheet_job *j = &s->v[i];
		struct pdf_opts popts = {
			o->paper >= 0 ? o->paper : j->site->paper, o->font,
			o->bold_font, o->epoch, o->version, rasters, 0,
		};
		struct pdf *pdf = pdf_new(&popts);
		j->ok = pdf_render(&j->pdf, pdf, j->site, &j->d) == 0;
		pdf_free(pdf);
	}
	free(rasters);
	return NULL;
}

/* Which sheets this build makes: a language whose script the PDF
 * library cannot draw has none (its website is made, without a link to
 * it: the error comes once the rest is written, build_attempt()); the
 * cache may say a sheet is still right (kept); the others are queued in
 * s, and started (on this thread if no other can start).  Returns 0, or
 * -1 when the cache cannot be used for this build. */
static int sheets_start(struct sheets *s, struct build_result *r,
			struct cache *c, const struct site *site,
			struct output *out)
{
	size_t nl = site_lang_count(site);
	s->v = xcalloc(nl + 1, sizeof *s->v);
	for (size_t i = 0; i < nl; i++) {
		const struct site *l = site_lang(site, i);
		char *path = xasprintf("%s%s", l->prefix, PATH_SHEET);
		int state = cache_sheet_state(c, l);
		if (pdf_script_problem(l->lang) != NULL) {
			((struct site *)l)->no_sheet = 1;
			free(path);
		} else if (state < 0) {
			free(path);
			return -1;
		} else if (state > 0) {
			output_keep(out, path);
			r->sheet = 1;
			free(path);
		} else {
			struct sheet_job *j = &s->v[s->n++];
			j->site = l;
			j->path = path;
			j->d = diag_buffered(&j->msg);
		}
	}
	if (s->n > 0)
		s->started = pthread_create(&s->thread, NULL, make_sheets,
					    s) == 0;
	if (s->n > 0 && !s->started)
		make_sheets(s);
	return 0;
}

/* Wait for the sheets; their messages to d, their files to out. */
static void sheets_finish(struct sheets *s, struct build_result *r,
			  struct output *out, struct diag *d)
{
	if (s->started)
		pthread_join(s->thread, NULL);
	s->started = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct sheet_job *j = &s->v[i];
		diag_merge(d, &j->d);
		if (j->ok) {
			size_t len = j->pdf.len;
			output_add(out, j->path, buf_detach(&j->pdf), len);
			r->sheet = 1;
		}
		j->ok = 0;
	}
}

static void sheets_free(struct sheets *s)
{
	if (s->started)
		pthread_join(s->thread, NULL);
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		buf_free(&s->v[i].pdf);
		buf_free(&s->v[i].msg);
	}
	free(s->v);
}

/* Mark the exercise pages just edited (cache_edited(): not those made
 * again only because their sheet changed) as early, if there are 1 to
 * BUILD_EARLY_MAX of them in all languages and the cache kept the
 * others.  Returns 1 if it marked them. */
static int mark_early(struct site *site, const struct cache *c)
{
	size_t n = 0, all = site_all_count(site);
	for (size_t i = 0; i < all; i++) {
		struct page *p = (struct page *)site_all_page(site, i);
		p->early = c != NULL && p->kind == PAGE_EXERCISE &&
			   !p->cached && cache_edited(c, p);
		n += p->early;
	}
	if (n > 0 && n <= BUILD_EARLY_MAX)
		return 1;
	for (size_t i = 0; i < all && n > 0; i++)
		((struct page *)site_all_page(site, i))->early = 0;
	return 0;
}

/* The languages whose sheet could not be made: an error each, after
 * their websites are written (pdf.h). */
static void no_sheets(const struct site *site, struct diag *d)
{
	for (size_t i = 0; i < site_lang_count(site); i++) {
		const struct site *l = site_lang(site, i);
		if (l->no_sheet)
			diag_error(d, l->config, 0, 0,
				   "no exercise sheet in language \"%s\": "
				   "%s, which the PDF library cannot do; its "
				   "website is built, without a link to a "
				   "sheet", l->lang, pdf_script_problem(l->lang));
	}
}

/* How one attempt at a build ended. */
enum attempt {
	ATTEMPT_DONE,          /* built, or failed: *rc says which */
	ATTEMPT_WITHOUT_CACHE, /* the cache cannot be trusted for this
				* build: try again without it */
};

static enum attempt build_attempt(const struct build_opts *o,
				  struct build_result *r, struct diag *d,
				  struct cache *c, uint64_t key,
				  const char *state, long long started,
				  struct buf *kept, struct laps *l, int *rc)
{
	int jobs = o->jobs > 0 ? o->jobs : jobs_default();
	struct content_opts copts = {o->content, o->max_file_size,
				     c ? cache_reuse : NULL, c, jobs,
				     o->templates, o->words_fallback,
				     checks_examine, NULL};
	struct html_opts hopts = {o->templates, o->version, 1, jobs,
				  o->max_file_size};
	struct output out;
	struct site *site = NULL;
	struct html *html = NULL;
	struct cache_ids *ids = NULL;
	struct sheets sheets = {.o = o, .state = state};
	enum attempt result = ATTEMPT_DONE;

	memset(r, 0, sizeof *r);
	output_init(&out);
	/* Load content and templates both, so one run reports the errors
	 * of each. */
	progress_stage(o, "reading files");
	site = content_load(&copts, d);
	lap(l, "load");
	html = html_new(&hopts, d);
	if (site == NULL || html == NULL)
		goto out;
	/* The sheets on a thread of their own, the pages on the others;
	 * the sheets' messages first, as they are the sheets' files. */
	if (sheets_start(&sheets, r, c, site, &out) != 0) {
		result = ATTEMPT_WITHOUT_CACHE;
		goto out;
	}
	progress_stage(o, "making pages");
	struct buf pages_msg = BUF_INIT;
	struct diag pages_d = diag_buffered(&pages_msg);
	/* The pages just edited first, when they are few: shown at once
	 * (build_opts.early). */
	int early = o->early != NULL && mark_early(site, c);
	if (early) {
		for (size_t i = 0; i < site_lang_count(site); i++)
			html_render(HTML_EARLY, &out, html, site_lang(site, i),
				    &pages_d);
		if (!diag_failed(&pages_d))
			o->early(o->early_ctx, &out);
		lap(l, "early");
	}
	/* The plain-language checks (checks.h): warnings, in every build. */
	long long now = o->epoch >= 0 ? o->epoch : (long long)time(NULL);
	if (o->checked == NULL) {
		checks_run(site, now, d);
	} else {
		struct buf said = BUF_INIT;
		struct diag mine = diag_buffered(&said);
		checks_run(site, now, &mine);
		o->checked(o->checked_ctx, site, buf_cstr(&said), now);
		diag_merge(d, &mine);
		buf_free(&said);
	}
	lap(l, "checks");
	for (size_t i = 0; i < site_lang_count(site); i++)
		html_render(early ? HTML_LATE : HTML_ALL, &out, html,
			    site_lang(site, i), &pages_d);
	sheets_finish(&sheets, r, &out, d);
	diag_merge(d, &pages_d);
	buf_free(&pages_msg);
	if (diag_failed(d))
		goto out;
	lap(l, "render");
	size_t npages = site_all_count(site);
	progress_stage(o, "checking links");
	if (c != NULL || o->write) {
		ids = xcalloc(npages + 1, sizeof *ids);
		struct finding f = {site, &out, ids};
		jobs_for(jobs, npages, find_ids, &f);
	}
	if (c != NULL && !cache_still_valid(c, site, ids)) {
		result = ATTEMPT_WITHOUT_CACHE;
		goto out;
	}
	if (linkcheck(&out, site, o->templates, jobs, cache_kept_ids, c, d) !=
	    0)
		goto out;
	lap(l, "linkcheck");
	r->pages = npages + 1; /* and 404.html */
	r->exercises = site->nexercises;
	r->languages = site_lang_count(site);
	if (!o->write)
		no_sheets(site, d);
	if (o->write) {
		progress_stage(o, "writing");
		if (o->made != NULL)
			o->made(o->made_ctx, &out);
		int committed = output_commit(&out, o->out, state, jobs,
					      &r->stats, d) == 0;
		if (o->made != NULL)
			o->made(o->made_ctx, NULL);
		if (committed) {
			lap(l, "commit");
			r->committed = 1;
			no_sheets(site, d);
			char *file = fs_join(state, STATE_CACHE);
			r->cache_saved = cache_save_bytes(file, o->out, key,
							  started, c, site,
							  ids, kept, d);
			free(file);
		}
		lap(l, "write");
	}
out:
	for (size_t i = 0; ids != NULL && i < site_all_count(site); i++)
		free(ids[i].ids);
	free(ids);
	sheets_free(&sheets);
	html_free(html);
	site_free(site);
	output_free(&out);
	lap(l, "free");
	*rc = diag_exit_code(d);
	return result;
}

/* The cache for this build: the one the last build kept in memory
 * (build_opts.keep, taken), else the file's; NULL for none. */
static struct cache *cache_for(const struct build_opts *o, const char *file,
			       uint64_t key, int jobs)
{
	struct cache *kept = o->keep != NULL ? *o->keep : NULL;
	if (o->keep != NULL)
		*o->keep = NULL;
	if (o->no_cache || file == NULL) {
		cache_free(kept);
		return NULL;
	}
	if (kept != NULL)
		return cache_recheck(kept, o->out, o->content, key, jobs,
				     o->hint);
	return cache_open(file, o->out, o->content, key, jobs, o->hint);
}

int build_check_out(const struct build_opts *o, struct diag *d)
{
	const char *what[] = {"content", "templates"};
	const char *dirs[] = {o->content, o->templates};
	char *out = fs_realpath_loose(o->out);
	int rc = 0;
	for (int i = 0; i < 2 && out != NULL && rc == 0; i++) {
		char *real = fs_realpath_loose(dirs[i]);
		if (real != NULL && fs_path_nested(out, real)) {
			size_t lo = strlen(out), lr = strlen(real);
			diag_error(d, o->out, 0, 0,
				   "the output folder %s the %s folder \"%s\": "
				   "building there would overwrite or mix "
				   "with your %s (expected an output folder "
				   "outside \"%s\" and \"%s\", such as "
				   "\"out\")",
				   lo == lr  ? "is"
				   : lo > lr ? "lies inside"
					     : "holds",
				   what[i], dirs[i], what[i], o->content,
				   o->templates);
			rc = -1;
		}
		free(real);
	}
	free(out);
	return rc;
}

int build_run(const struct build_opts *o, struct build_result *r,
	      struct diag *d)
{
	struct laps l = {getenv("PAMPHLET_TIMINGS") != NULL,
			 now_ms(CLOCK_MONOTONIC)};
	long long started = (long long)(now_ms(CLOCK_REALTIME) * 1e6);
	memset(r, 0, sizeof *r);
	if (o->write && o->out != NULL && build_check_out(o, d) != 0)
		return EXIT_USAGE;
	uint64_t key = build_key(o);
	int jobs = o->jobs > 0 ? o->jobs : jobs_default();
	/* pamphlet's records about out/, kept outside it (state.h). */
	char *state = o->write && o->out != NULL
			      ? state_dir_for(o->content, o->out)
			      : NULL;
	if (o->write && state == NULL) {
		diag_syserr(d, o->out, "cannot find the real path of the "
			    "output or the content folder: %s",
			    strerror(errno));
		return EXIT_SYSTEM;
	}
	/* One build at a time into out/ (state.h), from reading its records
	 * to saving the cache. */
	struct state_lock lock = {-1, NULL, NULL};
	if (state != NULL &&
	    state_lock(&lock, o->out, !o->no_wait, o->quiet, d) != 0) {
		state_unlock(&lock, 1);
		free(state);
		return EXIT_SYSTEM;
	}
	if (state != NULL)
		output_clean_up(o->out, state);
	char *file = state ? fs_join(state, STATE_CACHE) : NULL;
	struct cache *c = cache_for(o, file, key, jobs);
	free(file);
	lap(&l, "cache");
	if (l.on && c != NULL) {
		size_t of, looked = cache_looked(c, &of);
		fprintf(stderr, "pamphlet: timing: cache: %zu of %zu exercise "
			"files looked at\n", looked, of);
		looked = cache_looked_out(c, &of);
		fprintf(stderr, "pamphlet: timing: cache: %zu of %zu output "
			"files looked at\n", looked, of);
	}
	/* The bytes of the cache file it saves, to keep (build_opts.keep). */
	struct buf kept = BUF_INIT;
	struct buf *keep = o->keep != NULL && !o->no_cache ? &kept : NULL;
	int rc;
	if (c == NULL) {
		build_attempt(o, r, d, NULL, key, state, started, keep, &l,
			      &rc);
	} else {
		/* With the cache, messages wait: if the build has to start
		 * again without it, they would come twice. */
		struct buf msg = BUF_INIT;
		struct diag mine = diag_buffered(&msg);
		enum attempt a = build_attempt(o, r, &mine, c, key, state,
					       started, keep, &l, &rc);
		cache_free(c);
		if (a == ATTEMPT_WITHOUT_CACHE) {
			lap(&l, "again");
			build_attempt(o, r, d, NULL, key, state, started,
				      keep, &l, &rc);
		} else {
			diag_merge(d, &mine);
			rc = diag_exit_code(d);
		}
		buf_free(&msg);
	}
	jobs_set_progress(NULL, NULL, NULL);
	state_unlock(&lock, rc != EXIT_OK);
	free(state);
	/* Read now, with the build's memory freed (its pages then lie
	 * together, as at the start of a build), not at the next build. */
	if (keep != NULL && kept.len > 0) {
		*o->keep = cache_parse(&kept, o->content, key, jobs);
		lap(&l, "keep");
	}
	buf_free(&kept);
	return rc;
}
