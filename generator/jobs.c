#define _GNU_SOURCE
#include "jobs.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

/* This thread's progress line (jobs_set_progress). */
struct progress {
	void (*fn)(void *ctx, const char *stage, size_t done, size_t n);
	void *ctx;
	const char *stage;
};
static _Thread_local struct progress progress;

struct pool {
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	size_t n;
	atomic_size_t next; /* the next item to take */
	atomic_size_t done; /* items finished (counted with a progress) */
	const struct progress *progress; /* the caller's, or NULL */
};

/* Take items until there are none; tell the progress on the caller. */
static void work(struct pool *p, int caller)
{
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			break;
		p->fn(p->ctx, i);
		if (p->progress == NULL)
			continue;
		size_t done = atomic_fetch_add(&p->done, 1) + 1;
		if (caller)
			p->progress->fn(p->progress->ctx, p->progress->stage,
					done, p->n);
	}
}

static void *worker(void *arg)
{
	work(arg, 0);
	return NULL;
}

void jobs_set_progress(void (*fn)(void *ctx, const char *stage, size_t done,
				  size_t n),
		       void *ctx, const char *stage)
{
	progress = (struct progress){fn, ctx, stage};
}

void jobs_for(int jobs, size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct pool p = {fn, ctx, n, 0, 0,
			 progress.fn != NULL ? &progress : NULL};
	if (jobs > 64)
		jobs = 64;
	if ((size_t)jobs > n)
		jobs = (int)n;
	pthread_t th[64];
	int started = 0;
	for (int t = 1; t < jobs; t++) {
		if (pthread_create(&th[started], NULL, worker, &p) != 0)
			break; /* fewer threads: the same result, later */
		started++;
	}
	work(&p, 1);
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	if (p.progress != NULL)
		p.progress->fn(p.progress->ctx, p.progress->stage, n, n);
}

int jobs_default(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0) {
		int n = CPU_COUNT(&set);
		if (n > 0)
			return n;
	}
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}
