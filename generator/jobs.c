#define _GNU_SOURCE
#include "jobs.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util.h"

struct pool {
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	size_t n;
	atomic_size_t next; /* the next item to take */
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			break;
		p->fn(p->ctx, i);
	}
	return NULL;
}

void jobs_for(int jobs, size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct pool p = {fn, ctx, n, 0};
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
	worker(&p);
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
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
