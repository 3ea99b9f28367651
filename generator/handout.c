/*
 * handout.c: pamphlet handout (see handout.h).
 *
 * In order: load the site; find and read every plan (all errors
 * reported, nothing written if any); refuse an output folder where the
 * handouts could be published or mixed with sources; make each PDF in
 * memory (in parallel, --jobs) and write it to a temporary file of mode
 * 0600 in the output folder; when all are made, rename them into place.
 * A signal on the way removes the temporary files first.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include "handout.h"
#include "checks.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "content.h"
#include "fsutil.h"
#include "jobs.h"
#include "layout.h"
#include "paths.h"
#include "pdf.h"
#include "plan.h"
#include "state.h"
#include "util.h"

/* ---- temporary files, removed on a signal ---- */

/* The temporary files of this batch: their paths, for the handler. */
static char **temps;
static volatile sig_atomic_t ntemps;

static void remove_temps(void)
{
	for (sig_atomic_t i = 0; i < ntemps; i++)
		if (temps[i] != NULL)
			unlink(temps[i]);
}

static void on_signal(int sig)
{
	remove_temps();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Write data to the open file fd (then synced, mode 0600 whatever the
 * umask).  0, or -1 with errno set. */
static int write_all(int fd, const char *data, size_t len)
{
	int rc = fchmod(fd, 0600);
	for (size_t done = 0; rc == 0 && done < len;) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			rc = -1;
			break;
		}
		done += (size_t)n;
	}
	if (rc == 0)
		rc = fsync(fd);
	return rc;
}

/* A handout written to a file with no name in folder dir (O_TMPFILE):
 * whatever ends the process, it goes with it.  The open file, or -1
 * (errno set) when the system cannot (then write_named()). */
static int write_unnamed(const char *dir, const char *data, size_t len)
{
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (write_all(fd, data, len) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* The same to a new file tmp (a name the signal handler and the next
 * batch remove).  0, or -1 with errno set (nothing left behind). */
static int write_named(const char *tmp, const char *data, size_t len)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      0600);
	if (fd < 0)
		return -1;
	int rc = write_all(fd, data, len);
	int e = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc != 0) {
		unlink(tmp);
		errno = e;
	}
	return rc;
}

/* Give the unnamed file fd the name tmp. */
static int name_it(int fd, const char *tmp)
{
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW);
}

/* ---- the output folder ---- */

/* 1 if real path a is b or lies inside it. */
static int is_or_inside(const char *a, const char *b)
{
	size_t n = strlen(b);
	return strncmp(a, b, n) == 0 &&
	       (a[n] == '\0' || a[n] == '/' || (n > 0 && b[n - 1] == '/'));
}

/* 0 if o->out may hold handouts: not the site's output folder (the one
 * named, or any a build recorded beside the content) nor inside one,
 * where they would be published; not in the content or templates
 * folder, where they would be mixed with sources.  Else -1 after
 * reporting. */
static int check_out(const struct handout_opts *o, int made, struct diag *d)
{
	/* Before the folder exists, as its path reads; once made, where it
	 * really is (a path through a link that does not exist yet could
	 * lead elsewhere). */
	char *out = made ? realpath(o->out, NULL) : fs_realpath_loose(o->out);
	if (out == NULL) {
		diag_syserr(d, o->out, "cannot find the real path of the "
			    "handouts folder: %s", strerror(errno));
		return -1;
	}
	char **sites = state_out_folders(o->content);
	size_t n = 0;
	while (sites[n] != NULL)
		n++;
	sites = xrealloc(sites, (n + 2) * sizeof *sites);
	sites[n] = o->site_out ? fs_realpath_loose(o->site_out) : NULL;
	sites[n + 1] = NULL;
	int rc = 0;
	/* (The site's folder as the user named it; one a build recorded,
	 * by its full path.) */
	for (size_t i = n + 1; i-- > 0 && rc == 0;)
		if (sites[i] != NULL && is_or_inside(out, sites[i])) {
			diag_error(d, o->out, 0, 0,
				   "the handouts folder %s the site's output "
				   "folder \"%s\": patients' handouts would be "
				   "published with the site (expected a folder "
				   "outside it, such as \"handouts\")",
				   strcmp(out, sites[i]) == 0 ? "is"
							       : "lies inside",
				   i == n ? o->site_out : sites[i]);
			rc = -1;
		}
	const char *what[] = {"content", "templates"};
	const char *dirs[] = {o->content, o->templates};
	for (int i = 0; i < 2 && rc == 0; i++) {
		char *real = dirs[i] ? fs_realpath_loose(dirs[i]) : NULL;
		if (real != NULL && is_or_inside(out, real)) {
			diag_error(d, o->out, 0, 0,
				   "the handouts folder %s the %s folder "
				   "\"%s\": patients' handouts would be mixed "
				   "with your %s (expected a folder outside "
				   "it, such as \"handouts\")",
				   strcmp(out, real) == 0 ? "is" : "lies inside",
				   what[i], dirs[i], what[i]);
			rc = -1;
		}
		free(real);
	}
	for (size_t i = 0; i <= n; i++)
		free(sites[i]);
	free(sites);
	free(out);
	return rc;
}

/* ---- one handout ---- */

struct batch {
	const struct handout_opts *o;
	/* PDF makers not in use, one per thread at most: each keeps what
	 * it learnt of the fonts from one handout to the next. */
	pthread_mutex_t lock;
	struct pdf **idle;
	size_t nidle;
	const struct site *site;
	struct plan **plans;
	size_t n;
	char **tmp;         /* each handout's temporary file, once written */
	int *fd;            /* or its file with no name yet (-1: none) */
	struct diag *diags; /* each handout's messages */
	struct buf *msgs;
};

/* The programme of plan p: its doses over the exercise's own. */
static void programme_of(const struct site *site, const struct plan *p,
			 struct lay_item *items, struct lay_programme *prog)
{
	for (size_t i = 0; i < p->nexercises; i++) {
		const struct plan_exercise *e = &p->exercises[i];
		const struct exercise *ex = e->page->ex;
#define OR(a, b) ((a) != NULL ? (a) : (b))
		items[i] = (struct lay_item){
			e->page,
			OR(e->frequency, ex->frequency),
			OR(e->duration, ex->duration),
			OR(e->sets, ex->sets), OR(e->reps, ex->reps),
			OR(e->hold, ex->hold), OR(e->sides, ex->sides),
			e->note,
			site->base_url != NULL
				? path_public_url(site->base_url, e->page->out)
				: NULL};
#undef OR
	}
	*prog = (struct lay_programme){items, p->nexercises, p->patient,
				       p->date, p->clinician, p->next_review,
				       p->note, NULL};
}

int handout_render(const struct handout_opts *o, const struct site *site,
		   const struct plan *p, struct pdf **pdf, struct buf *out,
		   struct diag *d)
{
	struct lay_item *items = xcalloc(p->nexercises + 1, sizeof *items);
	struct lay_programme prog;
	site = p->site; /* (in the plan's language) */
	programme_of(site, p, items, &prog);
	if (*pdf == NULL) {
		char *pictures = state_handout_pictures(o->content);
		struct pdf_opts po = {
			o->paper >= 0 ? o->paper : site->paper, o->font,
			o->bold_font, o->epoch, o->version, pictures, 1,
		};
		*pdf = pdf_new(&po);
		pdf_keep(*pdf, pictures);
	}
	int rc = pdf_render_programme(out, *pdf, site, &prog, d);
	for (size_t k = 0; k < p->nexercises; k++)
		free((char *)items[k].url);
	free(items);
	return rc;
}

static void make_one(void *ctx, size_t i)
{
	struct batch *b = ctx;
	const struct handout_opts *o = b->o;
	const struct plan *p = b->plans[i];
	struct diag *d = &b->diags[i];
	pthread_mutex_lock(&b->lock);
	struct pdf *pdf = b->nidle > 0 ? b->idle[--b->nidle] : NULL;
	pthread_mutex_unlock(&b->lock);
	struct buf out = BUF_INIT;
	if (handout_render(o, b->site, p, &pdf, &out, d) == 0) {
		char *file = xasprintf("%s.pdf", p->name);
		char *path = fs_join(o->out, file);
		/* (A name fs_is_temp_name() knows: digits only after it.) */
		char *tmp = xasprintf("%s/.%s.tmp-%ld%06zu", o->out, file,
				      (long)getpid(), i);
		b->tmp[i] = tmp; /* (known to the handler before it exists) */
		b->fd[i] = write_unnamed(o->out, out.data, out.len);
		if (b->fd[i] < 0 && write_named(tmp, out.data, out.len) != 0) {
			diag_syserr(d, path, "cannot write the handout: %s",
				    strerror(errno));
			b->tmp[i] = NULL;
			free(tmp);
		}
		free(path);
		free(file);
	}
	buf_free(&out);
	pthread_mutex_lock(&b->lock);
	b->idle[b->nidle++] = pdf;
	pthread_mutex_unlock(&b->lock);
}

/* ---- the batch ---- */

int handout_run(const struct handout_opts *o, size_t *made, struct diag *d)
{
	*made = 0;
	if (check_out(o, 0, d) != 0)
		return diag_exit_code(d) == EXIT_SYSTEM ? EXIT_SYSTEM
							: EXIT_USAGE;
	int jobs = o->jobs > 0 ? o->jobs : jobs_default();
	struct content_opts co = {o->content, o->max_file_size, NULL, NULL,
				  jobs, o->templates, o->words_fallback,
				  NULL, NULL};
	struct site *site = content_load(&co, d);
	/* The one number a patient in pain would call must be real. */
	if (site != NULL && !o->allow_placeholders &&
	    checks_placeholders(site, 1, d) > 0) {
		site_free(site);
		site = NULL;
	}
	char **paths = NULL;
	int np = plan_paths(o->plans, o->nplans, &paths, d);
	struct batch b = {o, PTHREAD_MUTEX_INITIALIZER, NULL, 0, site, NULL, 0,
			  NULL, NULL, NULL, NULL};
	int rc = EXIT_OK;
	if (site == NULL || np < 0) {
		rc = diag_exit_code(d);
		goto out;
	}
	/* Every plan is read and checked before anything is made. */
	b.plans = xcalloc((size_t)np + 1, sizeof *b.plans);
	b.n = (size_t)np;
	int bad = 0;
	for (size_t i = 0; i < b.n; i++) {
		b.plans[i] = plan_load(paths[i], site, d);
		if (b.plans[i] == NULL)
			bad = 1;
	}
	/* Two plans of one name would make one file. */
	for (size_t i = 0; i < b.n && !bad; i++)
		for (size_t k = 0; k < i; k++)
			if (strcmp(b.plans[i]->name, b.plans[k]->name) == 0) {
				diag_error(d, paths[i], 0, 0,
					   "makes the same handout as %s "
					   "(%s.pdf): rename one of them",
					   paths[k], b.plans[i]->name);
				bad = 1;
			}
	if (bad) {
		rc = diag_exit_code(d);
		goto out;
	}
	/* A folder made for handouts is its owner's only. */
	int fresh = !fs_is_dir(o->out);
	if (fs_mkdir_p(o->out, d) != 0) {
		rc = EXIT_SYSTEM;
		goto out;
	}
	if (check_out(o, 1, d) != 0) {
		if (fresh)
			rmdir(o->out);
		rc = diag_exit_code(d) == EXIT_SYSTEM ? EXIT_SYSTEM : EXIT_USAGE;
		goto out;
	}
	if (fresh)
		chmod(o->out, 0700);
	fs_remove_temps(o->out); /* a killed batch's */
	b.tmp = xcalloc(b.n + 1, sizeof *b.tmp);
	b.fd = xcalloc(b.n + 1, sizeof *b.fd);
	for (size_t i = 0; i < b.n; i++)
		b.fd[i] = -1;
	/* A file open for each handout until all are made. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max &&
	    rl.rlim_cur < b.n + 64) {
		rl.rlim_cur = rl.rlim_max < b.n + 64 ? rl.rlim_max : b.n + 64;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	b.idle = xcalloc(b.n + 1, sizeof *b.idle);
	b.diags = xcalloc(b.n + 1, sizeof *b.diags);
	b.msgs = xcalloc(b.n + 1, sizeof *b.msgs);
	for (size_t i = 0; i < b.n; i++)
		b.diags[i] = diag_buffered(&b.msgs[i]);
	temps = b.tmp;
	ntemps = (sig_atomic_t)b.n;
	struct sigaction sa, old_int, old_term, old_hup, old_quit;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	sigaction(SIGQUIT, &sa, &old_quit);
	jobs_for(jobs, b.n, make_one, &b);
	int failed = 0;
	for (size_t i = 0; i < b.n; i++) {
		diag_merge(d, &b.diags[i]);
		if (b.tmp[i] == NULL)
			failed = 1;
	}
	/* All made: into place.  Else none. */
	for (size_t i = 0; i < b.n; i++) {
		if (b.tmp[i] == NULL)
			continue;
		char *file = xasprintf("%s.pdf", b.plans[i]->name);
		char *path = fs_join(o->out, file);
		if (failed) {
			unlink(b.tmp[i]);
		} else if (b.fd[i] >= 0 && name_it(b.fd[i], b.tmp[i]) != 0) {
			diag_syserr(d, path, "cannot write the handout: %s",
				    strerror(errno));
			failed = 1;
		} else if (rename(b.tmp[i], path) != 0) {
			diag_syserr(d, path, "cannot write the handout: %s",
				    strerror(errno));
			unlink(b.tmp[i]);
			failed = 1;
		} else {
			(*made)++;
		}
		free(path);
		free(file);
	}
	ntemps = 0;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	temps = NULL;
	rc = diag_exit_code(d);
	if (rc == EXIT_OK && failed)
		rc = EXIT_SYSTEM;
out:
	for (size_t i = 0; i < b.n; i++) {
		plan_free(b.plans[i]);
		if (b.tmp != NULL)
			free(b.tmp[i]);
		if (b.msgs != NULL)
			buf_free(&b.msgs[i]);
	}
	for (size_t i = 0; i < b.n && b.fd != NULL; i++)
		if (b.fd[i] >= 0)
			close(b.fd[i]);
	free(b.fd);
	for (size_t i = 0; i < b.nidle; i++)
		pdf_free(b.idle[i]);
	free(b.idle);
	free(b.plans);
	free(b.tmp);
	free(b.diags);
	free(b.msgs);
	for (char **p = paths; p != NULL && *p != NULL; p++)
		free(*p);
	free(paths);
	site_free(site);
	return rc;
}
