#define _XOPEN_SOURCE 700 /* realpath */
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

int fs_open_regular(const char *path, struct stat *st, struct diag *d)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer (it would
	 * hang the build for ever); a device must not block either.  The
	 * flag is cleared once we know it is a plain file. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		diag_syserr(d, path, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st) != 0) {
		diag_syserr(d, path, "cannot read: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st->st_mode)) {
		diag_error(d, path, 0, 0, "is a folder, expected a file");
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		diag_error(d, path, 0, 0, "not a regular file (%s), expected "
			   "a file", S_ISFIFO(st->st_mode)   ? "a named pipe"
				     : S_ISCHR(st->st_mode)  ? "a device"
				     : S_ISBLK(st->st_mode)  ? "a device"
				     : S_ISSOCK(st->st_mode) ? "a socket"
							     : "not a file");
		close(fd);
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		diag_syserr(d, path, "cannot read: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int fs_read_file(const char *path, struct buf *b, size_t max, struct diag *d)
{
	struct stat st;
	int fd = fs_open_regular(path, &st, d);
	if (fd < 0)
		return -1;
	int rc = -1;
	if (max > 0 && st.st_size > 0 && (size_t)st.st_size > max) {
		diag_error(d, path, 0, 0,
			   "file is %lld bytes, more than the limit of %zu",
			   (long long)st.st_size, max);
		goto out;
	}
	/* Room for the whole file and one byte more, so the read that
	 * finds its end needs no bigger buffer: no copy for the usual file.
	 * (A file that grew since fstat() grows the buffer.) */
	buf_grow(b, (st.st_size > 0 ? (size_t)st.st_size : 0) + 1);
	for (;;) {
		if (b->cap - b->len - 1 == 0)
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

/* mkdir path, making missing parents first: only the folders that are
 * missing cost system calls (a build makes thousands of leaf folders). */
static int mkdir_parents(char *p, struct diag *d)
{
	if (mkdir(p, 0777) == 0)
		return 0;
	if (errno == ENOENT) {
		char *slash = strrchr(p, '/');
		while (slash != NULL && slash > p && slash[-1] == '/')
			slash--;
		if (slash != NULL && slash != p) {
			*slash = '\0';
			int rc = mkdir_parents(p, d);
			*slash = '/';
			if (rc != 0)
				return -1;
			if (mkdir(p, 0777) == 0)
				return 0;
		}
	}
	if (errno == EEXIST && fs_is_dir(p))
		return 0; /* (perhaps made by another thread just now) */
	if (errno == EEXIST || errno == ENOTDIR) {
		/* Name the file that stands where a folder must go. */
		for (char *s = p + 1; errno == ENOTDIR && *s; s++) {
			if (*s != '/')
				continue;
			*s = '\0';
			struct stat st;
			int file = stat(p, &st) == 0 && !S_ISDIR(st.st_mode);
			if (file) {
				diag_syserr(d, p, "cannot make folder: a file "
					    "is in the way");
				*s = '/';
				return -1;
			}
			*s = '/';
		}
		diag_syserr(d, p, "cannot make folder: a file is in the way");
		return -1;
	}
	diag_syserr(d, p, "cannot make folder: %s", strerror(errno));
	return -1;
}

int fs_mkdir_p(const char *path, struct diag *d)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	int rc = mkdir_parents(p, d);
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
	static _Thread_local long pid; /* (one system call per thread) */
	if (pid == 0)
		pid = (long)getpid();
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char *tmp = slash != NULL
		? xasprintf("%.*s/.%s.tmp-%ld", (int)(slash - path), path, name,
			    pid)
		: xasprintf(".%s.tmp-%ld", name, pid);

	/* A new file, never through a link left at its name: a stale
	 * temporary file (a killed build of the same pid) is removed. */
	const int how = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = open(tmp, how, 0666);
	if (fd < 0 && errno == EEXIST && unlink(tmp) == 0)
		fd = open(tmp, how, 0666);
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
		fd = open(tmp, how, 0666);
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
	/* The last ".tmp-": a file whose own name holds one has a temp
	 * ".NAME.tmp-PID" too. */
	const char *t = NULL;
	for (const char *s = strstr(name, ".tmp-"); s; s = strstr(s + 1, ".tmp-"))
		t = s;
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

int fs_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

int fs_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int fs_stamp_of(const char *path, struct fs_stamp *out)
{
	return fs_stamp_at(AT_FDCWD, path, out);
}

int fs_stamp_at(int dirfd, const char *path, struct fs_stamp *out)
{
	struct stat st;
	memset(out, 0, sizeof *out);
	if (fstatat(dirfd < 0 ? AT_FDCWD : dirfd, path, &st, 0) != 0 ||
	    !S_ISREG(st.st_mode))
		return -1;
	out->dev = (unsigned long long)st.st_dev;
	out->ino = (unsigned long long)st.st_ino;
	out->size = (unsigned long long)st.st_size;
	out->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL +
			st.st_mtim.tv_nsec;
	out->ctime_ns = (long long)st.st_ctim.tv_sec * 1000000000LL +
			st.st_ctim.tv_nsec;
	return 0;
}

int fs_stamp_eq(const struct fs_stamp *a, const struct fs_stamp *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
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

char *fs_realpath_loose(const char *path)
{
	char *abs = NULL;
	if (path[0] == '/') {
		abs = xstrdup(path);
	} else {
		char *cwd = getcwd(NULL, 0);
		if (cwd == NULL)
			return NULL;
		abs = fs_join(cwd, path);
		free(cwd);
	}
	/* The longest leading part that exists, resolved by realpath(). */
	size_t cut = strlen(abs);
	char *real = NULL;
	for (;;) {
		char save = abs[cut];
		abs[cut] = '\0';
		real = realpath(cut == 0 ? "/" : abs, NULL);
		abs[cut] = save;
		if (real != NULL || (errno != ENOENT && errno != ENOTDIR) ||
		    cut == 0)
			break;
		while (cut > 0 && abs[cut - 1] != '/')
			cut--;
		while (cut > 0 && abs[cut - 1] == '/')
			cut--;
	}
	if (real == NULL) {
		free(abs);
		return NULL;
	}
	/* The rest, name by name: none of it exists, so none is a link. */
	struct buf b = BUF_INIT;
	buf_puts(&b, strcmp(real, "/") == 0 ? "" : real);
	free(real);
	for (const char *p = abs + cut; *p;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 0)
			break;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(buf_cstr(&b), '/');
			b.len = slash ? (size_t)(slash - b.data) : 0;
			if (b.data)
				b.data[b.len] = '\0';
		} else if (!(n == 1 && p[0] == '.')) {
			buf_putc(&b, '/');
			buf_put(&b, p, n);
		}
		p += n;
	}
	if (b.len == 0)
		buf_putc(&b, '/');
	free(abs);
	return buf_detach(&b);
}

int fs_path_nested(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	const char *s = la <= lb ? a : b, *l = la <= lb ? b : a;
	size_t ls = la <= lb ? la : lb;
	if (strncmp(s, l, ls) != 0)
		return 0;
	return l[ls] == '\0' || l[ls] == '/' || (ls > 0 && s[ls - 1] == '/');
}

void fs_remove_temps(const char *dir)
{
	struct buf msg = BUF_INIT;
	struct diag quiet = diag_buffered(&msg);
	char **names = fs_is_dir(dir) ? fs_list_dir(dir, &quiet) : NULL;
	for (char **n = names; n && *n; n++) {
		if (!fs_is_temp_name(*n))
			continue;
		char *t = fs_join(dir, *n);
		unlink(t);
		free(t);
	}
	fs_free_list(names);
	buf_free(&msg);
}

char *fs_join(const char *a, const char *b)
{
	size_t la = strlen(a);
	while (la > 1 && a[la - 1] == '/')
		la--;
	return xasprintf("%.*s/%s", (int)la, a, b);
}
