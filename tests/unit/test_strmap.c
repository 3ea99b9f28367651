/* Unit tests for strmap: the string -> pointer map of big-site lookups. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "strmap.h"

static void test_empty(void **state)
{
	(void)state;
	struct strmap m = STRMAP_INIT;
	assert_null(strmap_get(&m, "anything"));
	strmap_free(&m);
}

static void test_put_get_replace(void **state)
{
	(void)state;
	struct strmap m = STRMAP_INIT;
	int a, b, c;
	strmap_put(&m, "causes/index.html", &a);
	strmap_put(&m, "faq/index.html", &b);
	assert_ptr_equal(strmap_get(&m, "causes/index.html"), &a);
	assert_ptr_equal(strmap_get(&m, "faq/index.html"), &b);
	assert_null(strmap_get(&m, "causes/index.htm"));
	assert_null(strmap_get(&m, ""));
	strmap_put(&m, "faq/index.html", &c);
	assert_ptr_equal(strmap_get(&m, "faq/index.html"), &c);
	assert_int_equal(m.n, 2);
	strmap_free(&m);
}

/* Many keys: every one found after the table grew several times, and
 * keys that were never put are not. */
static void test_many_keys(void **state)
{
	(void)state;
	enum { N = 20000 };
	static char keys[N][32];
	struct strmap m = STRMAP_INIT;
	for (int i = 0; i < N; i++) {
		snprintf(keys[i], sizeof keys[i], "exercises/ex-%05d", i);
		strmap_put(&m, keys[i], (void *)(uintptr_t)(i + 1));
	}
	assert_int_equal(m.n, N);
	assert_true(m.cap >= 2 * (size_t)N);
	for (int i = 0; i < N; i++)
		assert_int_equal((uintptr_t)strmap_get(&m, keys[i]), i + 1);
	assert_null(strmap_get(&m, "exercises/ex-20000"));
	assert_null(strmap_get(&m, "exercises/ex-0000"));
	strmap_free(&m);
	assert_null(strmap_get(&m, keys[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_put_get_replace),
		cmocka_unit_test(test_many_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
