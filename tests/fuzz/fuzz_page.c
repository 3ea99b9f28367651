/*
 * fuzz_page.c: libFuzzer entry point for one whole build (build.h).
 *
 * At startup a small, valid content folder is written to a temporary
 * folder (site.yaml, the section pages, two exercises, a PNG and a
 * JPEG) and built once, to be sure a good page goes all the way through
 * (content, HTML, PDF sheet, link check).  Then each input replaces or
 * adds one file of it and build_run() runs with write = 0: it loads and
 * checks content/, renders every HTML page and lays out the PDF sheet in
 * memory, writing nothing.  The file is put back afterwards.
 *
 * Input: the first byte picks the file (its value modulo 8, so the seeds
 * can start with a digit '0'..'7'); the rest is the file's text.
 *   0 exercises/x.md (added)   4 index.md
 *   1 exercises/alpha.md       5 schedule.md
 *   2 causes.md                6 exercises.md (added)
 *   3 faq.md                   7 site.yaml
 *
 * The templates are the repository's templates/: PAMPHLET_TEMPLATES if
 * set, else found from this file's path (run.sh compiles it by its
 * absolute path), else ./templates.  Diagnostics go to /dev/null.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, realpath (helpers.h) */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "diag.h"

#define FUZZ_NAME "fuzz_page"
#include "helpers.h"

static FILE *devnull;
static char tmpdir[PATH_MAX];
static char content[PATH_MAX];   /* tmpdir/content */
static char templates[PATH_MAX]; /* absolute */

/* A 4x3 RGB PNG and an 8x8 grey baseline JPEG. */
static const unsigned char png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
	0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x03,
	0x08, 0x02, 0x00, 0x00, 0x00, 0x3b, 0x96, 0x39, 0x91, 0x00, 0x00, 0x00,
	0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x30, 0x4e, 0x3b, 0x03,
	0x47, 0x0c, 0x38, 0x39, 0x00, 0x3f, 0x5c, 0x10, 0xbd, 0xa8, 0xe7, 0x1f,
	0x51, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
	0x82
};
static const unsigned char jpg[] = {
	0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
	0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43,
	0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08,
	0x00, 0x08, 0x01, 0x01, 0x11, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
	0x3f, 0xff, 0xd9
};

/* The fixed content folder: path, text (NULL: an image), image bytes. */
static const struct file {
	const char *path;
	const char *text;
	const unsigned char *bytes;
	size_t len;
} files[] = {
	{"site.yaml",
	 "title: Test Site\n"
	 "clinic:\n"
	 "  name: Test Clinic\n"
	 "  phone: \"+44 1234 567890\"\n"
	 "  email: clinic@example.com\n"
	 "  website: https://example.com/\n"
	 "language: en-GB\n"
	 "base_url: https://example.com/back/\n"
	 "paper: a4\n"
	 "disclaimer: Ask your clinician first.\n",
	 NULL, 0},
	{"index.md",
	 "---\n"
	 "title: Home\n"
	 "description: Exercises for the upper back.\n"
	 "last_reviewed: 2026-01-02\n"
	 "---\n"
	 "Start with [the causes](causes.md) or the\n"
	 "[schedule](schedule.md). See [Alpha](exercises/alpha.md)\n"
	 "and [posture](prevention.md#posture).\n",
	 NULL, 0},
	{"causes.md",
	 "---\n"
	 "title: Causes\n"
	 "nav_title: Why\n"
	 "---\n"
	 "## Muscles\n\n"
	 "- the *trapezius*\n"
	 "- the **rhomboids**, ~~not~~ `code`\n\n"
	 "| Cause | How common |\n"
	 "|:------|-----------:|\n"
	 "| Posture | Very |\n\n"
	 "![A blue square](img/pic.png)\n\n"
	 "> A quote.\n",
	 NULL, 0},
	{"schedule.md",
	 "---\n"
	 "title: Schedule\n"
	 "---\n"
	 "## Week\n\n"
	 "1. Stretch daily.\n"
	 "2. Walk: <https://example.com/walk>.\n",
	 NULL, 0},
	{"prevention.md",
	 "---\n"
	 "title: Prevention\n"
	 "reviewed_by: A team\n"
	 "---\n"
	 "## Posture\n\n"
	 "Sit up straight. Call [us](tel:+441234567890).\n",
	 NULL, 0},
	{"faq.md",
	 "---\n"
	 "title: Questions\n"
	 "---\n"
	 "Intro text.\n\n"
	 "## First question?\n\n"
	 "First answer, see [Prevention](prevention.md).\n\n"
	 "## Second question?\n\n"
	 "Second answer, with *emphasis*.\n",
	 NULL, 0},
	{"exercises/alpha.md",
	 "---\n"
	 "title: Alpha Stretch\n"
	 "category: stretch\n"
	 "frequency: 3-4 times per week\n"
	 "duration: 30 seconds\n"
	 "order: 1\n"
	 "summary: Open the chest.\n"
	 "image: img/pic.jpg\n"
	 "image_alt: A grey square\n"
	 "hold: 30 seconds\n"
	 "sides: both\n"
	 "---\n"
	 "1. Step one.\n"
	 "2. Step two, see [Beta](beta.md).\n",
	 NULL, 0},
	{"exercises/beta.md",
	 "---\n"
	 "title: Beta Lift\n"
	 "category: strength\n"
	 "sets: 2\n"
	 "reps: 10\n"
	 "---\n"
	 "Lift it. ![Square](../img/pic.png)\n",
	 NULL, 0},
	{"img/pic.png", NULL, png, sizeof png},
	{"exercises/img/pic.jpg", NULL, jpg, sizeof jpg},
};
#define NFILES (sizeof files / sizeof files[0])

/* The files an input can be: index into files[], or -1 for one that is
 * added (and removed again). */
static const struct target {
	const char *path;
	int fixed;
} targets[8] = {
	{"exercises/x.md", -1}, {"exercises/alpha.md", 6},
	{"causes.md", 2},       {"faq.md", 5},
	{"index.md", 1},        {"schedule.md", 3},
	{"exercises.md", -1},   {"site.yaml", 0},
};

static void put_file(const char *rel, const void *data, size_t len)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", content, rel);
	FILE *f = fopen(path, "wb");
	if (f == NULL || (len > 0 && fwrite(data, 1, len, f) != len) ||
	    fclose(f) != 0)
		die(path);
}

static void remove_file(const char *rel)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", content, rel);
	unlink(path);
}

static void cleanup(void)
{
	static const char *const dirs[] = {"exercises/img", "exercises", "img",
					   ""};
	char path[PATH_MAX];
	for (size_t i = 0; i < NFILES; i++)
		remove_file(files[i].path);
	for (size_t i = 0; i < 8; i++)
		remove_file(targets[i].path);
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", content, dirs[i]);
		rmdir(path);
	}
	rmdir(tmpdir);
}

static void make_dir(const char *rel)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", content, rel);
	if (mkdir(path, 0700) != 0)
		die(path);
}

static int build(struct build_result *r, struct diag *d)
{
	struct build_opts o = {
		.content = content,
		.templates = templates,
		.write = 0,
		.paper = -1,
		.epoch = 1764028800LL,
		.version = "fuzz",
	};
	return build_run(&o, r, d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = open_devnull();
	find_repo_dir("PAMPHLET_TEMPLATES", "templates", templates);
	make_tmpdir(tmpdir, sizeof tmpdir, "pamphlet-fuzz-page");
	atexit(cleanup);
	snprintf(content, sizeof content, "%s/content", tmpdir);
	make_dir("");
	make_dir("exercises");
	make_dir("exercises/img");
	make_dir("img");
	for (size_t i = 0; i < NFILES; i++)
		put_file(files[i].path, files[i].text ? files[i].text
						      : (const void *)files[i].bytes,
			 files[i].text ? strlen(files[i].text) : files[i].len);

	/* The fixture must build, or every input would stop at the first
	 * stage and the fuzzer would test almost nothing. */
	struct diag d = {.out = stderr};
	struct build_result r;
	int rc = build(&r, &d);
	if (rc != EXIT_OK || !r.sheet || r.exercises != 2) {
		fprintf(stderr, "fuzz_page: the fixture does not build (exit "
			"%d, templates %s): fix the harness or the "
			"generator first\n", rc, templates);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const struct target *t = &targets[data[0] % 8];
	put_file(t->path, data + 1, size - 1);

	struct diag d = {.out = devnull};
	struct build_result r;
	int rc = build(&r, &d);
	CHECK(rc == diag_exit_code(&d));
	/* Content is never a system error (exit 3): nothing here is I/O. */
	CHECK(rc == EXIT_OK || rc == EXIT_CONTENT);
	if (rc == EXIT_OK) {
		CHECK(r.sheet == 1);
		CHECK(r.exercises >= 1 && r.pages == 7 + r.exercises);
	}

	if (t->fixed >= 0)
		put_file(t->path, files[t->fixed].text,
			 strlen(files[t->fixed].text));
	else
		remove_file(t->path);
	return 0;
}
