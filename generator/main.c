/*
 * main.c: pamphlet's command line.  Options, commands and exit codes;
 * everything else is in the library (build.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "checkreport.h"
#include "fsutil.h"
#include "clock.h"
#include "content.h"
#include "diag.h"
#include "handout.h"
#include "markdown.h"
#include "newsite.h"
#include "report.h"
#include "serve.h"

#ifndef PAMPHLET_DATADIR
#define PAMPHLET_DATADIR "/usr/local/share/pamphlet"
#endif
#ifndef PAMPHLET_VERSION
#define PAMPHLET_VERSION "0.1.0"
#endif

static const char usage_text[] =
	"Usage: pamphlet build [OPTIONS]   build the website and the PDF sheet\n"
	"       pamphlet check [OPTIONS]   check content and templates, write nothing\n"
	"       pamphlet serve [OPTIONS]   build, then preview the site in a browser\n"
	"                                  and rebuild after each save\n"
	"       pamphlet handout [OPTIONS] PLAN...\n"
	"                                  one PDF handout per patient's plan\n"
	"                                  (a YAML file, or a folder of them)\n"
	"                                  into --out (default: handouts)\n"
	"       pamphlet new [--templates] DIR\n"
	"                                  start a new site in DIR from the example\n"
	"                                  (--templates: copy the templates too)\n"
	"       pamphlet --help | --version\n"
	"\n"
	"Options:\n"
	"  -c, --content DIR     the content folder (default: content)\n"
	"  -t, --templates DIR   the templates folder (default: templates, or\n"
	"                        the installed ones in " PAMPHLET_DATADIR "/templates\n"
	"                        when there is no templates folder here)\n"
	"  -o, --out DIR         the output folder (default: out)\n"
	"  -p, --paper SIZE      paper for the PDF sheet: a4 or letter\n"
	"                        (default: paper in site.yaml, else a4)\n"
	"      --max-file-size N refuse content files over N bytes (K and M\n"
	"                        suffixes allowed; default 8M)\n"
	"      --font FILE       the sheet's TrueType font (default: Noto Sans,\n"
	"      --bold-font FILE  from fonts-noto-core), regular and bold\n"
	"  -j, --jobs N          use N threads (default: one per core); the\n"
	"                        output is the same whatever N\n"
	"      --no-cache        ignore the build cache in the output folder\n"
	"                        (rebuild every page; the result is the same)\n"
	"      --strict          build, check: every warning is an error\n"
	"                        (exit 1)\n"
	"      --report FILE     check, build: also write FILE, one HTML page\n"
	"                        with every page's reading level, words,\n"
	"                        longest sentence, health words, review date\n"
	"                        and warnings (not inside the output, content\n"
	"                        or templates folder)\n"
	"      --allow-placeholders\n"
	"                        handout, serve: print handouts even though\n"
	"                        site.yaml still holds the example's phone,\n"
	"                        email or address\n"
	"      --no-wait         fail at once (exit 3) when another build is\n"
	"                        writing into the output folder, instead of\n"
	"                        waiting for it to finish\n"
	"  -q, --quiet           no summary line, no progress line\n"
	"  -P, --port N          serve: the port on 127.0.0.1 (default 8000;\n"
	"                        0 picks a free one)\n"
	"  -h, --help            this help\n"
	"  -V, --version         the version\n"
	"\n"
	"Environment:\n"
	"  SOURCE_DATE_EPOCH     the creation date written in the PDF\n"
	"\n"
	"Exit status:\n"
	"  0  success\n"
	"  1  errors in content or templates (each shown as FILE:LINE:COL)\n"
	"  2  command-line misuse (also: an output folder in content or\n"
	"     templates)\n"
	"  3  system error (missing folder, unreadable file, disk full...)\n"
	"\n"
	"Nothing in the output folder changes unless the whole build succeeds.\n"
	"serve runs until Ctrl-C (exit 0); a failing build does not stop it.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("pamphlet: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'pamphlet --help'.\n", stderr);
	return EXIT_USAGE;
}

/* pamphlet new [--templates] [--quiet] DIR (newsite.h). */
static int new_site(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"templates", no_argument, NULL, 't'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct newsite_opts no = {0};
	int quiet = 0, c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (c) {
		case 't': no.copy_templates = 1; break;
		case 'q': quiet = 1; break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return usage_error("unknown option %s",
					   argv[optind - 1]);
		}
	}
	if (optind == argc)
		return usage_error("%s", "new: missing the new site's folder, "
				   "as in: pamphlet new mysite");
	if (optind + 1 < argc)
		return usage_error("unexpected argument \"%s\"",
				   argv[optind + 1]);
	no.dir = argv[optind];

	struct shipped sh;
	shipped_find(&sh, PAMPHLET_DATADIR);
	no.example = sh.example;
	no.templates = sh.templates;
	struct diag d = {0};
	size_t files;
	int rc = newsite_make(&no, &files, &d);
	if (rc == EXIT_OK && !quiet)
		printf("pamphlet: made a new site in %s (%zu files, from the "
		       "example). Next: cd %s, then pamphlet build; see "
		       "README.txt there\n", no.dir, files, no.dir);
	shipped_free(&sh);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"content", required_argument, NULL, 'c'},
		{"templates", required_argument, NULL, 't'},
		{"out", required_argument, NULL, 'o'},
		{"paper", required_argument, NULL, 'p'},
		{"quiet", no_argument, NULL, 'q'},
		{"max-file-size", required_argument, NULL, 'M'},
		{"font", required_argument, NULL, 'F'},
		{"bold-font", required_argument, NULL, 'B'},
		{"port", required_argument, NULL, 'P'},
		{"jobs", required_argument, NULL, 'j'},
		{"no-cache", no_argument, NULL, 'N'},
		{"no-wait", no_argument, NULL, 'W'},
		{"strict", no_argument, NULL, 'S'},
		{"report", required_argument, NULL, 'R'},
		{"allow-placeholders", no_argument, NULL, 'A'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct build_opts o = {
		.content = "content",
		.templates = "templates",
		.out = "out",
		.write = 1,
		.paper = -1,
		.epoch = -1,
		.version = PAMPHLET_VERSION,
	};
	int quiet = 0, templates_given = 0, serve = 0, handout = 0, c;
	int out_given = 0, strict = 0, allow_placeholders = 0;
	const char *report = NULL;
	long port = -1;

	if (argc < 2)
		return usage_error("%s", "missing command: build, check, "
				   "serve or new");
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("pamphlet %s\n", PAMPHLET_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "build") == 0)
		o.write = 1;
	else if (strcmp(cmd, "check") == 0)
		o.write = 0;
	else if (strcmp(cmd, "serve") == 0)
		serve = 1;
	else if (strcmp(cmd, "handout") == 0)
		handout = 1;
	else if (strcmp(cmd, "new") == 0)
		return new_site(argc - 1, argv + 1);
	else
		return usage_error("unknown command \"%s\" (expected build, "
				   "check, serve, handout or new)", cmd);

	/* Options after the command word: getopt sees the command as argv[0]. */
	opterr = 0;
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, ":c:t:o:p:P:j:qhV", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'c': o.content = optarg; break;
		case 't':
			o.templates = optarg;
			templates_given = 1;
			break;
		case 'o':
			o.out = optarg;
			out_given = 1;
			break;
		case 'q': quiet = o.quiet = 1; break;
		case 'F': o.font = optarg; break;
		case 'B': o.bold_font = optarg; break;
		case 'M': {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(optarg, &end, 10);
			unsigned long long mul = 1;
			if (*end == 'K' || *end == 'k')
				mul = 1024, end++;
			else if (*end == 'M' || *end == 'm')
				mul = 1024 * 1024, end++;
			if (*end != '\0' || errno != 0 || v == 0 ||
			    optarg[0] == '-' || v > (1ULL << 40) / mul)
				return usage_error("--max-file-size \"%s\": "
						   "expected a size such as "
						   "8M or 500K", optarg);
			o.max_file_size = (size_t)(v * mul);
			break;
		}
		case 'P': {
			char *end;
			errno = 0;
			port = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg || errno != 0 ||
			    port < 0 || port > 65535)
				return usage_error("--port \"%s\": expected a "
						   "port number from 0 to "
						   "65535", optarg);
			break;
		}
		case 'j': {
			char *end;
			errno = 0;
			long j = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg || errno != 0 ||
			    j < 1 || j > 64)
				return usage_error("--jobs \"%s\": expected a "
						   "number of threads from 1 "
						   "to 64", optarg);
			o.jobs = (int)j;
			break;
		}
		case 'N': o.no_cache = 1; break;
		case 'W': o.no_wait = 1; break;
		case 'S': strict = 1; break;
		case 'R': report = optarg; break;
		case 'A': allow_placeholders = 1; break;
		case 'p':
			if (strcmp(optarg, "a4") == 0)
				o.paper = PAPER_A4;
			else if (strcmp(optarg, "letter") == 0)
				o.paper = PAPER_LETTER;
			else
				return usage_error("--paper \"%s\": expected "
						   "a4 or letter", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		case 'V':
			printf("pamphlet %s\n", PAMPHLET_VERSION);
			return EXIT_OK;
		case ':':
			return usage_error("option %s needs a value",
					   argv[optind - 1]);
		default:
			return usage_error("unknown option %s",
					   argv[optind - 1]);
		}
	}
	if (handout && optind == argc)
		return usage_error("%s", "handout: missing the plan files, as "
				   "in: pamphlet handout plans/alex.yaml");
	if (!handout && optind < argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	if (port >= 0 && !serve)
		return usage_error("%s", "--port is only for serve");
	if (report != NULL && (serve || handout))
		return usage_error("%s", "--report is only for check and build");

	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde != NULL && *sde != '\0') {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (*end != '\0' || errno != 0 || v < 0)
			return usage_error("SOURCE_DATE_EPOCH \"%s\" is not a "
					   "number of seconds", sde);
		o.epoch = v;
	}

	/* A folder with content/ only (as pamphlet new makes): the
	 * templates that came with pamphlet. */
	struct shipped sh;
	shipped_find(&sh, PAMPHLET_DATADIR);
	if (!templates_given && access("templates", F_OK) != 0 &&
	    access(sh.templates, F_OK) == 0)
		o.templates = sh.templates;
	/* The shipped word tables, for a templates folder without i18n/. */
	char *words = fs_join(sh.templates, "i18n");
	o.words_fallback = words;

	if (handout) {
		struct handout_opts ho = {
			.content = o.content,
			.out = out_given ? o.out : "handouts",
			.site_out = "out",
			.templates = o.templates,
			.words_fallback = o.words_fallback,
			.paper = o.paper,
			.font = o.font,
			.bold_font = o.bold_font,
			.jobs = o.jobs,
			.max_file_size = o.max_file_size,
			.epoch = o.epoch,
			.version = PAMPHLET_VERSION,
			.plans = argv + optind,
			.allow_placeholders = allow_placeholders,
			.nplans = (size_t)(argc - optind),
		};
		struct diag d = {0};
		size_t made;
		int rc = handout_run(&ho, &made, &d);
		md_shutdown();
		if (rc == EXIT_OK && !quiet)
			printf("pamphlet: made %zu handout%s in %s\n", made,
			       made == 1 ? "" : "s", ho.out);
		else if (rc != EXIT_OK && d.errors + d.syserrs > 0)
			fprintf(stderr, "pamphlet: %d error%s; no handout "
				"was written\n", d.errors + d.syserrs,
				d.errors + d.syserrs == 1 ? "" : "s");
		shipped_free(&sh);
		free(words);
		return rc;
	}

	if (serve) {
		struct serve_opts so = {
			.build = o,
			.port = port >= 0 ? (unsigned)port : 8000,
			.quiet = quiet,
			.allow_placeholders = allow_placeholders,
		};
		int rc = serve_run(&so);
		md_shutdown();
		shipped_free(&sh);
		free(words);
		return rc;
	}

	struct diag d = {0};
	struct build_result r;
	/* --report (checkreport.h): made as the checks run, written once
	 * the build succeeded. */
	struct buf page = BUF_INIT;
	if (report != NULL) {
		if (checkreport_check_path(report, &o, &d) != 0) {
			shipped_free(&sh);
			free(words);
			return EXIT_USAGE;
		}
		o.checked = checkreport_hook;
		o.checked_ctx = &page;
	}
	double t0 = clock_ms();
	/* On a terminal, a long run shows how far it is (not with the
	 * timings, which print as they go). */
	struct progress *pr = progress_start(quiet ||
					     getenv("PAMPHLET_TIMINGS") != NULL);
	if (pr != NULL) {
		o.progress = progress_update;
		o.progress_ctx = pr;
		d.out = progress_messages(pr);
	}
	int rc = build_run(&o, &r, &d);
	int reported = 0;
	if (report != NULL && rc == EXIT_OK) {
		reported = checkreport_write(report, buf_cstr(&page), page.len,
					     &d) == 0;
		if (!reported)
			rc = EXIT_SYSTEM;
	}
	buf_free(&page);
	/* --strict: a warning fails the check, for CI. */
	if (strict && rc == EXIT_OK && d.warnings > 0) {
		d.errors += d.warnings;
		rc = EXIT_CONTENT;
	}
	double secs = (clock_ms() - t0) / 1e3;
	progress_end(pr);
	d.out = NULL;
	md_shutdown();
	report_build(&o, &r, &d, rc, secs, quiet);
	if (reported && !quiet)
		printf("pamphlet: the report is in %s\n", report);
	shipped_free(&sh);
	free(words);
	return rc;
}
