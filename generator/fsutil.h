/*
 * fsutil.h: the file system, carefully.  Reading whole files, making
 * folders, writing a file atomically (temporary file + rename in the same
 * folder) only when its bytes change, listing a folder in a stable order.
 *
 * Every failure is reported through the given struct diag as a system
 * error naming the path and the reason (strerror), never silently.
 */
#ifndef PAMPHLET_FSUTIL_H
#define PAMPHLET_FSUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"

/* Append the whole file at path to b.  A file over max bytes (max > 0) is
 * a content error ("file is N bytes, more than the limit of M"); so is
 * anything but a regular file (fs_open_regular).
 * Returns 0 on success, -1 after reporting. */
int fs_read_file(const char *path, struct buf *b, size_t max, struct diag *d);

/* Open path for reading if it is a regular file (following links), its
 * stat in *st.  A folder, named pipe, device or socket is a content error
 * ("not a regular file"): never opened in a way that waits.  Returns the
 * descriptor (caller closes), or -1 after reporting. */
struct stat;
int fs_open_regular(const char *path, struct stat *st, struct diag *d);

/* mkdir -p.  Returns 0 or -1 after reporting. */
int fs_mkdir_p(const char *path, struct diag *d);

/* Make path hold exactly data[0..len): unchanged when it already does (its
 * mtime stays), else written to "DIR/.NAME.tmp-PID" then renamed over it,
 * so a reader or a killed build never sees a partial file.  Makes missing
 * parent folders.  Returns 1 written, 0 unchanged, -1 after reporting. */
int fs_write_if_changed(const char *path, const void *data, size_t len,
			struct diag *d);

/* 1 if the file at path holds exactly data[0..len). */
int fs_same_contents(const char *path, const void *data, size_t len);

/* Write data into a new temporary file beside path ("DIR/.NAME.tmp-PID"),
 * making missing folders.  Returns its path (caller frees), or NULL after
 * reporting (nothing is left behind).  fs_commit_temp() renames it over
 * path; fs_discard_temp() removes it. */
char *fs_write_temp(const char *path, const void *data, size_t len,
		    struct diag *d);
int fs_commit_temp(const char *tmp, const char *path, struct diag *d);
void fs_discard_temp(const char *tmp);
/* 1 if name looks like a temporary file of fs_write_temp(). */
int fs_is_temp_name(const char *name);

/* 1 if something that is not a folder is at path (following links): a
 * file, or a named pipe or device that reading will refuse. */
int fs_exists(const char *path);
/* 1 if path is a folder / a regular file (following links), else 0. */
int fs_is_dir(const char *path);
int fs_is_file(const char *path);

/* The names in folder dir (not "." or ".."), sorted bytewise, as a
 * NULL-terminated array.  Caller frees with fs_free_list().  NULL after
 * reporting an error. */
char **fs_list_dir(const char *dir, struct diag *d);
void fs_free_list(char **list);

/* What stat(2) says about a file, enough to tell that it changed: a
 * save, a touch, a rename over it or a copy all change one of these. */
struct fs_stamp {
	unsigned long long dev, ino, size;
	long long mtime_ns, ctime_ns;
};

/* path's stamp into st (following links).  0, or -1 if it is not a
 * regular file (st is then all zeros). */
int fs_stamp_of(const char *path, struct fs_stamp *st);
/* The same for path relative to the open folder dirfd (-1: the current
 * folder): a shorter walk, for thousands of files in one folder. */
int fs_stamp_at(int dirfd, const char *path, struct fs_stamp *st);
int fs_stamp_eq(const struct fs_stamp *a, const struct fs_stamp *b);

/* The absolute path of path with every link, "." and ".." resolved, as
 * realpath(3) gives it, even when its last parts do not exist yet (an
 * output folder before the first build): those are added as written,
 * "." and ".." resolved by name.  NULL if no part of it can be resolved
 * (errno set).  Caller frees. */
char *fs_realpath_loose(const char *path);

/* 1 if the absolute paths a and b are the same folder or one lies
 * inside the other ("/x/out" and "/x/out/sub"; not "/x/outer"). */
int fs_path_nested(const char *a, const char *b);

/* Remove the temporary files of fs_write_temp() (fs_is_temp_name) in
 * folder dir; quietly: a folder that is gone has none. */
void fs_remove_temps(const char *dir);

/* "a/b" from "a" and "b" (no doubled slash).  Caller frees. */
char *fs_join(const char *a, const char *b);

#endif
