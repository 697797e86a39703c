/*
 * cs_file.h - files the programs create (reports, rejects, sample
 * data): never through a symbolic link, never wider than 0600, and
 * never seen half-written.
 */
#ifndef CS_FILE_H
#define CS_FILE_H

#include <stddef.h>
#include <stdio.h>

/*
 * An output file being written.  A regular file (or a new one) is
 * written as a temporary file beside it, created 0600 (narrowed by the
 * umask) with O_EXCL, and renamed over the target by cs_out_commit; a
 * device or pipe that already exists is written directly.
 */
struct cs_out {
	FILE *fp;			/* where to write */
	char *path;			/* the target */
	char *tmp;			/* the temporary file, or NULL when direct */
};

/*
 * Opens path for writing as described above.  Refuses a path that is
 * a symbolic link to anything but a device or pipe (such as
 * /dev/stdout on a terminal), and a directory.  The temporary file's
 * name does not depend on the target's, so any name the system allows
 * can be written.  Returns 0, or -1 with "path: why" in err.
 */
int cs_out_open(struct cs_out *o, const char *path, char *err, size_t errlen);

/*
 * Finishes the file: flushes and closes it and renames the temporary
 * file into place.  Returns 0, or -1 with "path: why" in err (the
 * temporary file is removed and the target left as it was).
 */
int cs_out_commit(struct cs_out *o, char *err, size_t errlen);

/* Abandons the file: closes it and removes the temporary file; the target is left as it was. */
void cs_out_abort(struct cs_out *o);

/*
 * Removes path if it is a regular file (a stale output of an earlier
 * run); a link or anything else is left alone.  Returns 0 when nothing
 * is left to remove.
 */
int cs_remove_stale(const char *path);

#endif
