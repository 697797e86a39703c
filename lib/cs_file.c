/*
 * cs_file.c - output files created safely: a temporary file renamed
 * into place, never a write through a link.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs_file.h"
#include "cs_i18n.h"
#include "cs_text.h"

/* Writes "path: why" into err, why translated (a literal, or strerror's); returns -1. */
static int
file_error(char *err, size_t errlen, const char *path, const char *why)
{
	snprintf(err, errlen, "%s: %s", path, _(why));
	return -1;
}

/* Returns a new string: the directory of path, "." when it has none. */
static char *
directory_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return cs_xstrdup(".");
	if (slash == path)
		return cs_xstrdup("/");
	return cs_xstrndup(path, (size_t)(slash - path));
}

/* Nonzero for the kinds of file written directly: devices, pipes, sockets. */
static int
is_stream(mode_t mode)
{
	return S_ISCHR(mode) || S_ISFIFO(mode) || S_ISSOCK(mode);
}

/*
 * Opens an existing device or pipe for writing; follow allows a link
 * (checked to lead to one).  Returns 0, or -1 with a message.
 */
static int
open_stream(struct cs_out *o, const char *path, int follow, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | (follow ? 0 : O_NOFOLLOW));
	struct stat sb;

	if (fd < 0)
		return file_error(err, errlen, path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !is_stream(sb.st_mode)) {
		close(fd);
		return file_error(err, errlen, path, "changed while it was opened; not written");
	}
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return file_error(err, errlen, path, strerror(errno));
	}
	return 0;
}

/* Creates the temporary file beside path; returns 0, or -1 with a message. */
static int
open_temporary(struct cs_out *o, const char *path, char *err, size_t errlen)
{
	char *dir = directory_of(path);
	struct cs_buf tmp = { 0 };
	int fd;

	cs_buf_printf(&tmp, "%s/.cs-XXXXXX", dir);
	free(dir);
	if ((fd = mkstemp(tmp.data)) < 0) {
		file_error(err, errlen, path, strerror(errno));
		cs_buf_free(&tmp);
		return -1;
	}
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		file_error(err, errlen, path, strerror(errno));
		close(fd);
		unlink(tmp.data);
		cs_buf_free(&tmp);
		return -1;
	}
	o->tmp = tmp.data;
	return 0;
}

int
cs_out_open(struct cs_out *o, const char *path, char *err, size_t errlen)
{
	struct stat lsb, sb;
	int rc;

	memset(o, 0, sizeof *o);
	if (lstat(path, &lsb) != 0) {
		if (errno != ENOENT)
			return file_error(err, errlen, path, strerror(errno));
		rc = open_temporary(o, path, err, errlen);
	} else if (S_ISLNK(lsb.st_mode)) {
		if (stat(path, &sb) != 0 || !is_stream(sb.st_mode))
			return file_error(err, errlen, path,
			    "is a symbolic link; refusing to write through it");
		rc = open_stream(o, path, 1, err, errlen);
	} else if (S_ISDIR(lsb.st_mode))
		return file_error(err, errlen, path, "is a directory");
	else if (is_stream(lsb.st_mode))
		rc = open_stream(o, path, 0, err, errlen);
	else
		rc = open_temporary(o, path, err, errlen);
	if (rc == 0)
		o->path = cs_xstrdup(path);
	return rc;
}

/* Frees what o holds, after its stream is closed. */
static void
out_free(struct cs_out *o)
{
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}

int
cs_out_commit(struct cs_out *o, char *err, size_t errlen)
{
	int failed = ferror(o->fp) | fclose(o->fp);
	int saved = errno;

	o->fp = NULL;
	if (!failed && o->tmp != NULL && rename(o->tmp, o->path) != 0) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		file_error(err, errlen, o->path, saved ? strerror(saved) : "write error");
		if (o->tmp != NULL)
			unlink(o->tmp);
	}
	out_free(o);
	return failed ? -1 : 0;
}

void
cs_out_abort(struct cs_out *o)
{
	if (o->fp != NULL)
		fclose(o->fp);
	if (o->tmp != NULL)
		unlink(o->tmp);
	out_free(o);
}

int
cs_remove_stale(const char *path)
{
	struct stat sb;

	if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return 0;
	return unlink(path);
}
