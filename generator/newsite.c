#define _XOPEN_SOURCE 700 /* readlink, lstat */
#include "newsite.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "util.h"

/* Folders deeper than this in the example are refused (a link to a
 * folder above itself would go on for ever). */
#define MAX_DEPTH 32

/* The folder of path ("." for a bare name).  Caller frees. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

void shipped_find(struct shipped *s, const char *datadir)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	memset(s, 0, sizeof *s);
	if (n > 0) {
		exe[n] = '\0';
		/* Run from a source tree (generator/pamphlet, or a test build
		 * such as tests/tmp/asan/pamphlet): its own content and
		 * templates. */
		const char *name = strrchr(exe, '/');
		char *dir = dir_of(exe);
		int up = name != NULL && strcmp(name, "/pamphlet") == 0 ? 0 : 4;
		for (; up < 4 && s->example == NULL; up++) {
			char *main_c = fs_join(dir, "generator/main.c");
			char *tmpl = fs_join(dir, "templates");
			if (fs_is_file(main_c) && fs_is_dir(tmpl)) {
				s->example = fs_join(dir, "content");
				s->templates = tmpl;
				tmpl = NULL;
			}
			free(main_c);
			free(tmpl);
			char *parent = dir_of(dir);
			free(dir);
			dir = parent;
		}
		free(dir);
	}
	if (s->example == NULL) {
		s->example = fs_join(datadir, "example/content");
		s->templates = fs_join(datadir, "templates");
	}
}

void shipped_free(struct shipped *s)
{
	free(s->example);
	free(s->templates);
	memset(s, 0, sizeof *s);
}

/* What the new site is being made of: every file and folder made so
 * far, in order, to take them away again if anything fails. */
struct made {
	char *path;
	int dir;
};

struct maker {
	struct made *made;
	size_t n, cap;
	size_t files;
	struct diag *d;
};

static void remember(struct maker *m, const char *path, int dir)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->made = xrealloc(m->made, m->cap * sizeof *m->made);
	}
	m->made[m->n].path = xstrdup(path);
	m->made[m->n++].dir = dir;
	if (!dir)
		m->files++;
}

/* Take away what was made, the last first (files before their folder). */
static void undo(struct maker *m)
{
	for (size_t i = m->n; i-- > 0;) {
		if (m->made[i].dir)
			rmdir(m->made[i].path);
		else
			unlink(m->made[i].path);
	}
}

static void maker_free(struct maker *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->made[i].path);
	free(m->made);
}

/* mkdir path, and any missing folder above it, each remembered. */
static int make_dirs(struct maker *m, const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char end = *s;
		*s = '\0';
		if (mkdir(p, 0777) == 0) {
			remember(m, p, 1);
		} else if (errno != EEXIST || !fs_is_dir(p)) {
			if (errno == EEXIST || errno == ENOTDIR)
				diag_syserr(m->d, p, "cannot make folder: a "
					    "file is in the way");
			else
				diag_syserr(m->d, p, "cannot make folder: %s",
					    strerror(errno));
			rc = -1;
		}
		*s = end;
		if (end == '\0' || rc != 0)
			break;
	}
	free(p);
	return rc;
}

/* Put data at path, where nothing may be: written whole beside it, then
 * linked into place, which fails rather than replace a file.  (On a file
 * system without links, such as FAT, a look just before renaming.) */
static int place_new(struct maker *m, const char *path, const void *data,
		     size_t len)
{
	char *tmp = fs_write_temp(path, data, len, m->d);
	if (tmp == NULL)
		return -1;
	int err = 0;
	if (link(tmp, path) != 0) {
		err = errno;
		struct stat st;
		if (err != EEXIST && lstat(path, &st) != 0 && errno == ENOENT)
			err = rename(tmp, path) == 0 ? 0 : errno;
	}
	fs_discard_temp(tmp); /* (gone already after a rename) */
	free(tmp);
	if (err == EEXIST) {
		diag_syserr(m->d, path, "already exists: pamphlet new never "
			    "overwrites a file");
		return -1;
	}
	if (err != 0) {
		diag_syserr(m->d, path, "cannot write: %s", strerror(err));
		return -1;
	}
	remember(m, path, 0);
	return 0;
}

/* Names not copied: hidden files (editors' swap files, .DS_Store) and
 * backups ending in "~". */
static int skipped(const char *name)
{
	size_t n = strlen(name);
	return name[0] == '.' || (n > 0 && name[n - 1] == '~');
}

/* Copy the folder from, its files and sub-folders, to the new folder to. */
static int copy_tree(struct maker *m, const char *from, const char *to,
		     int depth)
{
	if (depth > MAX_DEPTH) {
		diag_syserr(m->d, from, "folders nested more than %d deep "
			    "(a link to a folder above itself?)", MAX_DEPTH);
		return -1;
	}
	if (make_dirs(m, to) != 0)
		return -1;
	char **names = fs_list_dir(from, m->d);
	if (names == NULL)
		return -1;
	int rc = 0;
	for (char **name = names; *name != NULL && rc == 0; name++) {
		if (skipped(*name))
			continue;
		char *src = fs_join(from, *name);
		char *dst = fs_join(to, *name);
		if (fs_is_dir(src)) {
			rc = copy_tree(m, src, dst, depth + 1);
		} else {
			struct buf b = BUF_INIT;
			rc = fs_read_file(src, &b, 0, m->d);
			if (rc == 0)
				rc = place_new(m, dst, b.data ? b.data : "",
					       b.len);
			buf_free(&b);
		}
		free(src);
		free(dst);
	}
	fs_free_list(names);
	return rc;
}

/* The new site's README.txt: what to do next, in plain words. */
static char *readme_text(const struct newsite_opts *o)
{
	struct buf b = BUF_INIT;
	buf_puts(&b,
		 "Your patient education site\n"
		 "===========================\n"
		 "\n"
		 "This folder holds your clinic's patient material. It starts as\n"
		 "a copy of pamphlet's example, a small site about upper back\n"
		 "pain: replace its text with your own.\n"
		 "\n"
		 "What is here\n"
		 "\n"
		 "  content/             your text: one file per page, and one\n"
		 "                       file per exercise in content/exercises/\n"
		 "  content/site.yaml    the site's title, your clinic's name,\n"
		 "                       phone, address and disclaimer\n");
	if (o->copy_templates)
		buf_puts(&b,
			 "  templates/           how the pages look: the HTML and the\n"
			 "                       stylesheet (templates/assets/style.css)\n");
	buf_puts(&b,
		 "  README.txt           this file\n"
		 "\n"
		 "What to do\n"
		 "\n"
		 "  1. Open a file in content/ with any text editor (Notepad,\n"
		 "     TextEdit, gedit...), change its text, and save it.\n"
		 "  2. In a terminal, in this folder, run:\n"
		 "\n"
		 "         pamphlet build\n"
		 "\n"
		 "     It makes the website and the printable exercise sheet in\n"
		 "     the folder out/.\n"
		 "  3. Open out/index.html in your web browser. The sheet to\n"
		 "     print for a patient is out/exercise-sheet.pdf.\n"
		 "\n"
		 "To see your changes as you write, run\n"
		 "\n"
		 "         pamphlet serve\n"
		 "\n"
		 "and open http://127.0.0.1:8000/ in your web browser. The page\n"
		 "shows each change a moment after you save the file. Press\n"
		 "Ctrl-C in the terminal to stop.\n"
		 "\n"
		 "To check your files without building anything, run\n"
		 "\n"
		 "         pamphlet check\n"
		 "\n"
		 "If something is wrong in a file, pamphlet names the file, the\n"
		 "line and what is wrong, and changes nothing in out/. Fix the\n"
		 "file and run the command again.\n"
		 "\n"
		 "To publish the site, copy the whole out/ folder to your web\n"
		 "server.\n"
		 "\n");
	if (o->copy_templates)
		buf_puts(&b,
			 "The pages' look comes from templates/ in this folder. Edit\n"
			 "it to change the look.\n");
	else
		buf_printf(&b,
			   "The pages' look comes from the templates that came with\n"
			   "pamphlet, in %s. To change it, copy that\n"
			   "folder here as templates/ and edit the copy: pamphlet uses\n"
			   "a templates/ folder here when there is one.\n",
			   o->templates);
	buf_puts(&b, "\n"
		     "More help: pamphlet --help, and man pamphlet.\n");
	return buf_detach(&b);
}

/* 0 if dir may become the new site: missing, or an empty folder. */
static int dir_is_free(const char *dir, struct diag *d)
{
	struct stat st;
	if (stat(dir, &st) != 0)
		return 0;
	const char *why = NULL;
	if (!S_ISDIR(st.st_mode)) {
		why = S_ISREG(st.st_mode) ? "is a file" : "is not a folder";
	} else {
		char **names = fs_list_dir(dir, d);
		if (names == NULL)
			return -1;
		if (names[0] != NULL)
			why = "is a folder that is not empty";
		fs_free_list(names);
	}
	if (why != NULL) {
		diag_error(d, dir, 0, 0, "%s: pamphlet new starts a site only "
			   "in a new or empty folder, so that it never "
			   "overwrites a file (expected the name of a new "
			   "folder)", why);
		return -1;
	}
	return 0;
}

/* 0 if dir is clear of the folder it copies from (by real paths). */
static int dir_is_clear_of(const char *dir, const char *from,
			   const char *what, struct diag *d)
{
	char *a = fs_realpath_loose(dir), *b = fs_realpath_loose(from);
	int rc = 0;
	if (a != NULL && b != NULL && fs_path_nested(a, b)) {
		diag_error(d, dir, 0, 0, "the new site would be inside the "
			   "%s it copies, or hold it (\"%s\"; expected a "
			   "folder elsewhere, such as ../mysite)", what,
			   from);
		rc = -1;
	}
	free(a);
	free(b);
	return rc;
}

int newsite_make(const struct newsite_opts *o, size_t *files, struct diag *d)
{
	*files = 0;
	if (!fs_is_dir(o->example)) {
		diag_syserr(d, o->example, "the example site is not here: "
			    "install pamphlet with 'make install' (it puts "
			    "the example there)");
		return EXIT_SYSTEM;
	}
	if (o->copy_templates && !fs_is_dir(o->templates)) {
		diag_syserr(d, o->templates, "templates folder not found");
		return EXIT_SYSTEM;
	}
	if (dir_is_free(o->dir, d) != 0)
		return diag_failed(d) && d->syserrs ? EXIT_SYSTEM : EXIT_USAGE;
	if (dir_is_clear_of(o->dir, o->example, "example", d) != 0 ||
	    (o->copy_templates &&
	     dir_is_clear_of(o->dir, o->templates, "templates", d) != 0))
		return EXIT_USAGE;

	struct maker m = {.d = d};
	char *content = fs_join(o->dir, "content");
	char *templates = fs_join(o->dir, "templates");
	char *readme = fs_join(o->dir, "README.txt");
	char *text = readme_text(o);
	int rc = make_dirs(&m, o->dir);
	if (rc == 0)
		rc = copy_tree(&m, o->example, content, 0);
	if (rc == 0 && o->copy_templates)
		rc = copy_tree(&m, o->templates, templates, 0);
	if (rc == 0)
		rc = place_new(&m, readme, text, strlen(text));
	if (rc != 0 || diag_failed(d))
		undo(&m);
	else
		*files = m.files;
	maker_free(&m);
	free(text);
	free(readme);
	free(templates);
	free(content);
	return diag_exit_code(d);
}
