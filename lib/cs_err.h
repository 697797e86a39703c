/*
 * cs_err.h - program name, messages and the exit statuses shared by
 * every cs program.
 */
#ifndef CS_ERR_H
#define CS_ERR_H

#include <stdarg.h>

#include "cs_i18n.h"

/* Exit statuses, documented in cs(7) and each program's manual. */
enum cs_exit {
	CS_EXIT_OK = 0,		/* everything done */
	CS_EXIT_DATA = 1,	/* bad input data: rows or a whole file rejected */
	CS_EXIT_USAGE = 2,	/* bad command line */
	CS_EXIT_DB = 3,		/* database cannot be opened, read or written */
	CS_EXIT_IO = 4,		/* an input or output file cannot be read or written */
	CS_EXIT_BUSY = 5,	/* another run held the database past the lock timeout */
	CS_EXIT_MEMORY = 6	/* out of memory */
};

/* Sets the name used to prefix messages from argv[0] (its basename). */
void cs_set_progname(const char *argv0);

/* Returns the name set by cs_set_progname, or "cs". */
const char *cs_progname(void);

/*
 * Sets a function called before each message is written (a program
 * erases its progress line there), or NULL for none.
 */
void cs_set_before_message(void (*fn)(void));

/* Nonzero suppresses cs_note output (the --quiet option). */
extern int cs_quiet;

/*
 * Prints "PROG: message\n" on stderr, the message's control characters
 * escaped (\x1b, \n ...), as every message is.
 */
void cs_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* cs_warnx with a va_list. */
void cs_vwarnx(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Like cs_warnx, but prints nothing when cs_quiet is set. */
void cs_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Returns the larger of two exit statuses, so that a run keeps its worst. */
int cs_exit_worst(int a, int b);

#endif
