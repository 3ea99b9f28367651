#define _POSIX_C_SOURCE 200809L
#include "state.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "fsutil.h"
#include "util.h"

char *state_dir_for(const char *content, const char *out)
{
	char *creal = fs_realpath_loose(content);
	char *oreal = fs_realpath_loose(out);
	char *dir = NULL;
	if (creal == NULL || oreal == NULL)
		goto done;
	/* Beside the content folder: in its parent. */
	char *slash = strrchr(creal, '/');
	if (slash == creal)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	/* The output folder's name, as a readable part of the key. */
	const char *base = strrchr(oreal, '/');
	base = base != NULL && base[1] != '\0' ? base + 1 : "root";
	struct buf name = BUF_INIT;
	for (const char *p = base; *p && name.len < 32; p++) {
		int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			 (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
		buf_putc(&name, ok ? *p : '_');
	}
	unsigned long long key = (unsigned long long)XXH3_64bits(
		oreal, strlen(oreal));
	char *leaf = xasprintf(STATE_DIR "/%s-%08llx", buf_cstr(&name),
			       key & 0xffffffffULL);
	dir = fs_join(creal, leaf);
	free(leaf);
	buf_free(&name);
done:
	free(creal);
	free(oreal);
	return dir;
}

/* The files a state folder may hold: what prune() removes, nothing else. */
static const char *const state_files[] = {
	STATE_FOLDER, STATE_MANIFEST, STATE_JOURNAL, STATE_CACHE,
};

/* Remove the state folders (in top, but mine) of output folders that no
 * longer exist: their records describe nothing.  Only pamphlet's own
 * files are removed; a folder holding anything else stays. */
static void prune(const char *top, const char *mine)
{
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	char **names = fs_list_dir(top, &quiet);
	for (char **n = names; n && *n; n++) {
		char *dir = fs_join(top, *n);
		char *folder = fs_join(dir, STATE_FOLDER);
		struct buf path = BUF_INIT;
		struct stat st;
		if (strcmp(dir, mine) != 0 && fs_is_dir(dir) &&
		    fs_read_file(folder, &path, 4096, &quiet) == 0 &&
		    path.len > 1 && path.data[path.len - 1] == '\n') {
			path.data[--path.len] = '\0';
			if (stat(path.data, &st) != 0 && errno == ENOENT) {
				fs_remove_temps(dir);
				for (size_t i = 0; i < ARRAY_LEN(state_files); i++) {
					char *f = fs_join(dir, state_files[i]);
					unlink(f);
					free(f);
				}
				rmdir(dir);
			}
		}
		buf_free(&path);
		free(folder);
		free(dir);
	}
	fs_free_list(names);
	buf_free(&msg);
}

int state_open(const char *dir, const char *out, struct diag *d)
{
	if (fs_mkdir_p(dir, d) != 0)
		return -1;
	/* A killed build's cache, manifest or journal, half written. */
	fs_remove_temps(dir);
	char *top = xstrdup(dir);
	char *slash = strrchr(top, '/');
	if (slash != NULL)
		*slash = '\0';
	char *ignore = fs_join(top, ".gitignore");
	char *folder = fs_join(dir, STATE_FOLDER);
	char *real = fs_realpath_loose(out);
	char *line = xasprintf("%s\n", real ? real : out);
	int rc = 0;
	const char *base = strrchr(top, '/');
	int ours = strcmp(base ? base + 1 : top, STATE_DIR) == 0;
	if ((ours && fs_write_if_changed(ignore, "*\n", 2, d) < 0) ||
	    fs_write_if_changed(folder, line, strlen(line), d) < 0)
		rc = -1;
	if (ours)
		prune(top, dir);
	free(line);
	free(real);
	free(folder);
	free(ignore);
	free(top);
	return rc;
}
