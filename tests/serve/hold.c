/*
 * tests/serve/hold.c: an LD_PRELOAD shim for tests/serve/made.sh and
 * tests/browser/reload.test.mjs.
 * Before each rename() it reads the file named by $SHIM_CONF, one line:
 *
 *   slow SUFFIX MARK  the rename whose target ends with SUFFIX first
 *                     creates the file MARK, then waits until MARK is
 *                     removed (at most 20 s), then renames
 *   fail SUFFIX       that rename fails with EIO
 *   (anything else, or no file: every rename as usual)
 *
 * so a test can look at what `pamphlet serve` serves while it is in the
 * middle of writing out/, or after writing it failed.  And before each
 * open():
 *
 *   open SUFFIX MARK  the open of a file whose name ends with SUFFIX
 *                     waits as "slow" does
 *
 * to hold a build in the middle of making the site (a picture the site
 * copies, read after the pages just edited are made and shown).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return lx > 0 && ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* The configuration: mode, suffix, mark ("" when none). */
static void config(char mode[16], char suffix[512], char mark[1024])
{
	const char *conf = getenv("SHIM_CONF");
	mode[0] = suffix[0] = mark[0] = '\0';
	FILE *f = conf != NULL ? fopen(conf, "r") : NULL;
	if (f != NULL) {
		if (fscanf(f, "%15s %511s %1023s", mode, suffix, mark) < 2)
			mode[0] = '\0';
		fclose(f);
	}
}

/* Create mark, then wait until it is removed (20 s at most). */
static void hold(const char *mark)
{
	FILE *m = fopen(mark, "w");
	if (m != NULL)
		fclose(m);
	struct timespec tick = {0, 10 * 1000 * 1000};
	for (int i = 0; i < 2000 && access(mark, F_OK) == 0; i++)
		nanosleep(&tick, NULL);
}

int rename(const char *from, const char *to)
{
	int (*real)(const char *, const char *) =
		(int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	char mode[16], suffix[512], mark[1024];
	config(mode, suffix, mark);
	if (strcmp(mode, "fail") == 0 && ends_with(to, suffix)) {
		errno = EIO;
		return -1;
	}
	if (strcmp(mode, "slow") == 0 && mark[0] != '\0' &&
	    ends_with(to, suffix))
		hold(mark);
	return real(from, to);
}

int open(const char *path, int flags, ...)
{
	int (*real)(const char *, int, ...) =
		(int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	mode_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	char how[16], suffix[512], mark[1024];
	config(how, suffix, mark);
	if (strcmp(how, "open") == 0 && mark[0] != '\0' &&
	    ends_with(path, suffix))
		hold(mark);
	return real(path, flags, mode);
}
