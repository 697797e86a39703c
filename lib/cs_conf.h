/*
 * cs_conf.h - the reader of the project's "key = value" files (the
 * dunning policy of cs-dunning(5), the complaint rules of
 * cs-complaint(5), survey definitions): lines, # comments, blanks,
 * [section] lines and assignments handed to the file's own functions
 * with the line they are on, errors written "name:line: what[: detail]";
 * and the value parsers these files share (lists, durations).
 */
#ifndef CS_CONF_H
#define CS_CONF_H

#include <stddef.h>
#include <stdint.h>

/* Where reading is: the file's name (for messages), the line, where errors go. */
struct cs_conf {
	const char *name;
	long line;			/* 1.. while reading lines, 0 for the file as a whole */
	char *err;
	size_t errlen;
};

/*
 * The survey definitions' older syntax: only space and tab are blanks,
 * a CR ends a line's text, the text is not checked for UTF-8.  Without
 * it, blanks are cs_trim's (with U+00A0 and U+3000) and a line that is
 * not UTF-8 is an error.
 */
#define CS_CONF_ASCII_BLANKS 1u

/* A file's syntax: what its lines are handed to. */
struct cs_conf_syntax {
	unsigned flags;			/* CS_CONF_ASCII_BLANKS or 0 */
	const char *no_equals;		/* the message for a line without "=" */
	/*
	 * Called with a line that starts with "[" (trimmed, comment removed);
	 * NULL: such a line is an assignment like any other.  Returns 0, or
	 * -1 after cs_conf_fail.
	 */
	int (*section)(void *ctx, struct cs_conf *c, char *line);
	/* Called with the trimmed key and value of "key = value"; returns 0 or -1 likewise. */
	int (*setting)(void *ctx, struct cs_conf *c, char *key, char *value);
};

/*
 * Reads text line by line (lines end at LF; everything from "#" on is
 * a comment; blank lines are skipped) and hands each [section] and
 * "key = value" line to syn's functions with ctx, c->line set to the
 * line's number.  Stops at the first error.  Returns 0 with c->line
 * set to 0 (so that checks of the whole file name no line), or -1 with
 * the message in c->err.  The strings handed over live only during the
 * call.
 */
int cs_conf_read(const char *text, const struct cs_conf_syntax *syn, void *ctx,
    struct cs_conf *c);

/*
 * Writes "name:line: what: detail" (no ":line" when c->line is 0, no
 * ": detail" when NULL) into c->err, what translated (gettext: a
 * literal, or one marked N_); returns -1.
 */
int cs_conf_fail(struct cs_conf *c, const char *what, const char *detail);

/*
 * Steps through the comma-separated list at *cursor: sets *item and
 * *len to the next item, trimmed (cs_trim; it may be empty, as in
 * "a,,b"), and moves *cursor past its comma.  Returns 0 at the end of
 * the list (a comma at the very end starts no item).
 */
int cs_conf_list_next(const char **cursor, const char **item, size_t *len);

/*
 * Reads the comma-separated list v of names out of names[0..n) (ASCII
 * case ignored, n at most 32) into *bits, bit k for names[k].  Returns
 * NULL, or the first item that is none of them, its length in *badlen
 * (0 for an empty item).  "" gives no bits.
 */
const char *cs_conf_names(const char *v, const char *const *names, int n, unsigned *bits,
    size_t *badlen);

/*
 * Reads the comma-separated list v of text items, empty ones skipped,
 * into the rows of the array out: at most max rows of width bytes, each
 * NUL-terminated.  Returns how many, -1 when there are more than max,
 * or -2 when an item does not fit in a row or holds a control character
 * (the item in *bad and *badlen).
 */
int cs_conf_texts(const char *v, char *out, size_t width, int max, const char **bad,
    size_t *badlen);

/* A duration that may be given as "none": no limit. */
#define CS_CONF_NONE INT64_C(-1)

/* The longest duration: 365 days, in seconds. */
#define CS_CONF_DURATION_MAX (INT64_C(365) * 86400)

/*
 * Parses a duration: a whole number above 0 with the unit h (hours), d
 * (days) or m (minutes) after it (blanks between are allowed), a bare
 * number being hours, at most CS_CONF_DURATION_MAX; or, when none_ok,
 * "none" (CS_CONF_NONE).  Stores seconds in *seconds; returns NULL or
 * what was expected.
 */
const char *cs_conf_duration(const char *v, int none_ok, int64_t *seconds);

#endif
