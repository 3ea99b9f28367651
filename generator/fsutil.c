#define _POSIX_C_SOURCE 200809L
#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int fs_read_file(const char *path, struct buf *b, size_t max, struct diag *d)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_syserr(d, path, "cannot open: %s", strerror(errno));
		return -1;
	}
	int rc = -1;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		diag_syserr(d, path, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_error(d, path, 0, 0, "is a folder, expected a file");
		goto out;
	}
	if (max > 0 && st.st_size > 0 && (size_t)st.st_size > max) {
		diag_error(d, path, 0, 0,
			   "file is %lld bytes, more than the limit of %zu",
			   (long long)st.st_size, max);
		goto out;
	}
	if (st.st_size > 0)
		buf_grow(b, (size_t)st.st_size);
	for (;;) {
		buf_grow(b, 65536);
		ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag_syserr(d, path, "cannot read: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
		if (max > 0 && b->len > max) {
			diag_error(d, path, 0, 0,
				   "file is more than the limit of %zu bytes",
				   max);
			goto out;
		}
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

int fs_mkdir_p(const char *path, struct diag *d)
{
	char *p = xstrdup(path);
	int rc = -1;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			diag_syserr(d, p, "cannot make folder: %s",
				    strerror(errno));
			goto out;
		}
		if (errno == EEXIST && !fs_is_dir(p)) {
			diag_syserr(d, p, "cannot make folder: a file is in the way");
			goto out;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	rc = 0;
out:
	free(p);
	return rc;
}

int fs_same_contents(const char *path, const void *data, size_t len)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len)
		return 0;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return 0;
	char chunk[65536];
	size_t off = 0;
	int same = 1;
	while (same && off < len) {
		size_t want = len - off < sizeof chunk ? len - off : sizeof chunk;
		if (fread(chunk, 1, want, f) != want ||
		    memcmp(chunk, (const char *)data + off, want) != 0)
			same = 0;
		off += want;
	}
	fclose(f);
	return same;
}

char *fs_write_temp(const char *path, const void *data, size_t len,
		    struct diag *d)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char *tmp = slash != NULL
		? xasprintf("%.*s/.%s.tmp-%ld", (int)(slash - path), path, name,
			    (long)getpid())
		: xasprintf(".%s.tmp-%ld", name, (long)getpid());

	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR) && slash != NULL) {
		/* The folder is new: make it (only then, to spare a build of
		 * thousands of pages the system calls). */
		char *dir = xstrndup(path, (size_t)(slash - path));
		int made = fs_mkdir_p(dir, d);
		free(dir);
		if (made != 0) {
			free(tmp);
			return NULL;
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	}
	if (fd < 0) {
		diag_syserr(d, path, "cannot write: %s", strerror(errno));
		free(tmp);
		return NULL;
	}
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag_syserr(d, path, "cannot write: %s", strerror(errno));
			close(fd);
			goto fail;
		}
		p += n;
		left -= (size_t)n;
	}
	/* close() is where NFS and full disks may report a failed write. */
	if (close(fd) != 0) {
		diag_syserr(d, path, "cannot write: %s", strerror(errno));
		goto fail;
	}
	return tmp;
fail:
	unlink(tmp);
	free(tmp);
	return NULL;
}

int fs_commit_temp(const char *tmp, const char *path, struct diag *d)
{
	if (rename(tmp, path) != 0) {
		diag_syserr(d, path, "cannot replace: %s", strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

void fs_discard_temp(const char *tmp)
{
	unlink(tmp);
}

int fs_is_temp_name(const char *name)
{
	const char *t = strstr(name, ".tmp-");
	return name[0] == '.' && t != NULL && t[5] != '\0' &&
	       strspn(t + 5, "0123456789") == strlen(t + 5);
}

int fs_write_if_changed(const char *path, const void *data, size_t len,
			struct diag *d)
{
	if (fs_same_contents(path, data, len))
		return 0;
	char *tmp = fs_write_temp(path, data, len, d);
	if (tmp == NULL)
		return -1;
	int rc = fs_commit_temp(tmp, path, d) == 0 ? 1 : -1;
	free(tmp);
	return rc;
}

int fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int fs_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **fs_list_dir(const char *dir, struct diag *d)
{
	DIR *dh = opendir(dir);
	if (dh == NULL) {
		diag_syserr(d, dir, "cannot open folder: %s", strerror(errno));
		return NULL;
	}
	size_t n = 0, cap = 16;
	char **list = xmalloc(cap * sizeof *list);
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n + 1 >= cap)
			list = xrealloc(list, (cap *= 2) * sizeof *list);
		list[n++] = xstrdup(e->d_name);
	}
	closedir(dh);
	qsort(list, n, sizeof *list, cmp_str);
	list[n] = NULL;
	return list;
}

void fs_free_list(char **list)
{
	if (list == NULL)
		return;
	for (char **p = list; *p; p++)
		free(*p);
	free(list);
}

char *fs_join(const char *a, const char *b)
{
	size_t la = strlen(a);
	while (la > 1 && a[la - 1] == '/')
		la--;
	return xasprintf("%.*s/%s", (int)la, a, b);
}
