/*
 * fuzz_cache.c: libFuzzer entry point for the build cache's reader
 * (cache.c), behind its hash.
 *
 * A damaged cache file is caught by its hash (tests/e2e/cache.sh shows
 * it); this harness goes past the hash, to show that whatever bytes a
 * cache holds, reading it and building with it is memory-safe and ends
 * in a build, never a crash.  At startup the shipped content (the
 * repository's content/ and templates/) is built once into a temporary
 * out/, which leaves a valid cache there; its bytes are kept.  Each input
 * is a list of patches to those bytes, 5 bytes each: a 32-bit
 * little-endian offset into the part after the hash (modulo its length)
 * and the byte to put there.  The harness writes the patched file, with
 * its hash made right again, and builds with write = 0 (out/ never
 * changes).  The build must exit 0 or 1 (a cache that lies about a page's
 * ids can make the link check fail), never 3 or a crash.
 *
 * PAMPHLET_TEMPLATES / PAMPHLET_CONTENT override where the repository's
 * templates/ and content/ are (found from this file's path otherwise).
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, realpath (helpers.h) */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "build.h"
#include "cache.h"
#include "diag.h"
#include "state.h"

#define FUZZ_NAME "fuzz_cache"
#include "helpers.h"

/* As cache.c writes it: the magic line, then the 64-bit hash. */
static const char magic[] = CACHE_MAGIC;

static FILE *devnull;
static char tmpdir[PATH_MAX];
static char out[PATH_MAX];
static char cache_path[PATH_MAX];
static char *state; /* the state folder of out (state.h) */
static char content[PATH_MAX];
static char templates[PATH_MAX];
static unsigned char *valid; /* the cache the first build wrote */
static size_t nvalid;

static int build(int write, struct diag *d)
{
	struct build_opts o = {
		.content = content,
		.templates = templates,
		.out = out,
		.write = write,
		.paper = -1,
		.epoch = 1764028800LL,
		.version = "fuzz",
		.jobs = 1,
	};
	struct build_result r;
	return build_run(&o, &r, d);
}

static void cleanup(void)
{
	char cmd[PATH_MAX + 16];
	if (tmpdir[0] == '\0')
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_cache: could not remove %s\n", tmpdir);
	if (state != NULL) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", state);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz_cache: could not remove %s\n",
				state);
		free(state);
	}
	free(valid);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = open_devnull();
	find_repo_dir("PAMPHLET_TEMPLATES", "templates", templates);
	find_repo_dir("PAMPHLET_CONTENT", "content", content);
	make_tmpdir(tmpdir, sizeof tmpdir, "pamphlet-fuzz-cache");
	atexit(cleanup);
	snprintf(out, sizeof out, "%s/out", tmpdir);
	/* (Beside the content folder: removed again by cleanup().) */
	state = state_dir_for(content, out);
	if (state == NULL)
		die("state_dir_for");
	snprintf(cache_path, sizeof cache_path, "%s/%s", state, STATE_CACHE);

	struct diag d = {.out = stderr};
	if (build(1, &d) != EXIT_OK) {
		fprintf(stderr, "fuzz_cache: the shipped content does not "
			"build: fix the generator first\n");
		exit(1);
	}
	FILE *f = fopen(cache_path, "rb");
	if (f == NULL)
		die(cache_path);
	valid = malloc(64 << 20);
	if (valid == NULL)
		die("malloc");
	nvalid = fread(valid, 1, 64 << 20, f);
	fclose(f);
	if (nvalid <= sizeof magic - 1 + 8 ||
	    memcmp(valid, magic, sizeof magic - 1) != 0) {
		fprintf(stderr, "fuzz_cache: the cache format changed: update "
			"this harness\n");
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t head = sizeof magic - 1 + 8;
	size_t body = nvalid - head;
	unsigned char *c = malloc(nvalid);
	CHECK(c != NULL);
	memcpy(c, valid, nvalid);
	for (size_t i = 0; i + 5 <= size; i += 5) {
		uint32_t off = (uint32_t)data[i] | (uint32_t)data[i + 1] << 8 |
			       (uint32_t)data[i + 2] << 16 |
			       (uint32_t)data[i + 3] << 24;
		c[head + off % body] = data[i + 4];
	}
	uint64_t h = XXH3_64bits(c + head, body);
	for (int k = 0; k < 8; k++)
		c[sizeof magic - 1 + (size_t)k] = (unsigned char)(h >> (8 * k));
	FILE *f = fopen(cache_path, "wb");
	CHECK(f != NULL);
	CHECK(fwrite(c, 1, nvalid, f) == nvalid);
	CHECK(fclose(f) == 0);
	free(c);

	struct diag d = {.out = devnull};
	int rc = build(0, &d);
	CHECK(rc == diag_exit_code(&d));
	CHECK(rc == EXIT_OK || rc == EXIT_CONTENT);
	return 0;
}
