/*
 * helpers.h: what the libFuzzer harnesses share.  Header only: run.sh
 * builds each harness from its one source file.
 *
 * Define FUZZ_NAME (the harness: "fuzz_page") before including it, and
 * _XOPEN_SOURCE 700 before any header (mkdtemp, realpath).
 */
#ifndef PAMPHLET_TESTS_FUZZ_HELPERS_H
#define PAMPHLET_TESTS_FUZZ_HELPERS_H

#ifndef FUZZ_NAME
#error "define FUZZ_NAME before including tests/fuzz/helpers.h"
#endif
#if !defined(_XOPEN_SOURCE) || _XOPEN_SOURCE < 700
#error "define _XOPEN_SOURCE 700 before any header (mkdtemp, realpath)"
#endif

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Stop with a message naming the broken promise. */
#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, FUZZ_NAME ": %s:%d: %s\n",         \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* A failure of the harness's own setup: say what, and stop. */
static inline void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Where the diagnostics go: printing them would only slow fuzzing. */
static inline FILE *open_devnull(void)
{
	FILE *f = fopen("/dev/null", "w");
	if (f == NULL)
		die(FUZZ_NAME ": /dev/null");
	return f;
}

/* A new folder NAME-XXXXXX in $TMPDIR (run.sh points it into tests/tmp/,
 * where a crashed run's leftovers do no harm), else in /tmp. */
static inline void make_tmpdir(char *dir, size_t size, const char *name)
{
	const char *base = getenv("TMPDIR");
	snprintf(dir, size, "%s/%s-XXXXXX",
		 base != NULL && *base != '\0' ? base : "/tmp", name);
	if (mkdtemp(dir) == NULL)
		die(dir);
}

/* The repository's folder `name` (templates, content) into dst
 * (PATH_MAX bytes): $env if set, else found from this file's path
 * (run.sh compiles the harnesses by their absolute paths), else ./name. */
static inline void find_repo_dir(const char *env, const char *name,
				 char *dst)
{
	const char *e = getenv(env);
	char guess[PATH_MAX];
	if (e != NULL && *e != '\0') {
		snprintf(guess, sizeof guess, "%s", e);
	} else {
		/* __FILE__ is .../tests/fuzz/helpers.h. */
		snprintf(guess, sizeof guess, "%s", __FILE__);
		char *slash = strrchr(guess, '/');
		if (guess[0] == '/' && slash != NULL)
			snprintf(slash, sizeof guess - (size_t)(slash - guess),
				 "/../../%s", name);
		else
			snprintf(guess, sizeof guess, "%s", name);
	}
	if (realpath(guess, dst) == NULL) {
		fprintf(stderr, FUZZ_NAME ": %s folder %s not found: set %s\n",
			name, guess, env);
		exit(1);
	}
}

#endif
