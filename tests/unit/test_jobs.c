/*
 * test_jobs.c: unit tests for the parallel for loop (jobs.h): every item
 * done once whatever the number of threads; the progress of a loop told
 * only on the thread that set it, with a count that never goes back and
 * ends at n; no progress on a thread that set none, or after it was
 * taken away.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "jobs.h"

#define N 500

struct items {
	atomic_int seen[N];
};

static void one(void *ctx, size_t i)
{
	struct items *it = ctx;
	atomic_fetch_add(&it->seen[i], 1);
}

static void assert_each_once(struct items *it)
{
	for (size_t i = 0; i < N; i++)
		assert_int_equal(atomic_load(&it->seen[i]), 1);
}

/* What the progress was told. */
struct told {
	pthread_t thread;
	size_t calls, last, n;
	int elsewhere, backwards;
	const char *stage;
};

static void tell(void *ctx, const char *stage, size_t done, size_t n)
{
	struct told *t = ctx;
	if (!pthread_equal(pthread_self(), t->thread))
		t->elsewhere++;
	if (done < t->last)
		t->backwards++;
	t->calls++;
	t->last = done;
	t->n = n;
	t->stage = stage;
}

static void test_progress_on_the_caller(void **state)
{
	(void)state;
	static const int jobs[] = {1, 2, 4, 7};
	for (size_t k = 0; k < sizeof jobs / sizeof jobs[0]; k++) {
		struct items it;
		struct told t = {.thread = pthread_self()};
		memset(&it, 0, sizeof it);
		jobs_set_progress(tell, &t, "making pages");
		jobs_for(jobs[k], N, one, &it);
		jobs_set_progress(NULL, NULL, NULL);
		assert_each_once(&it);
		assert_int_equal(t.elsewhere, 0);
		assert_int_equal(t.backwards, 0);
		assert_true(t.calls >= 1);
		assert_int_equal(t.last, N);
		assert_int_equal(t.n, N);
		assert_string_equal(t.stage, "making pages");
		if (jobs[k] == 1)
			assert_int_equal(t.calls, N + 1); /* each, and the end */
	}
}

static void test_no_progress_unless_set(void **state)
{
	(void)state;
	struct items it;
	struct told t = {.thread = pthread_self()};
	memset(&it, 0, sizeof it);
	jobs_set_progress(tell, &t, "reading files");
	jobs_set_progress(NULL, NULL, NULL);
	jobs_for(2, N, one, &it);
	assert_int_equal(t.calls, 0);
	assert_each_once(&it);
}

/* Another thread's loops tell nothing to this thread's progress. */
static void *loop_elsewhere(void *arg)
{
	jobs_for(2, N, one, arg);
	return NULL;
}

static void test_progress_is_per_thread(void **state)
{
	(void)state;
	struct items it;
	struct told t = {.thread = pthread_self()};
	memset(&it, 0, sizeof it);
	jobs_set_progress(tell, &t, "writing");
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, loop_elsewhere, &it), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	jobs_set_progress(NULL, NULL, NULL);
	assert_int_equal(t.calls, 0);
	assert_each_once(&it);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_progress_on_the_caller),
		cmocka_unit_test(test_no_progress_unless_set),
		cmocka_unit_test(test_progress_is_per_thread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
