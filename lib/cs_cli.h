/*
 * cs_cli.h - conventions shared by the command-line programs.
 */
#ifndef CS_CLI_H
#define CS_CLI_H

#include <stdnoreturn.h>

#include "cs_value.h"

#define CS_VERSION "0.1.0"

/*
 * Parses s as a whole decimal number in [min, max] (strtonum style).
 * Returns NULL and stores it in *out, or returns "invalid", "too small"
 * or "too large".
 */
const char *cs_strtonum(const char *s, long long min, long long max, long long *out);

/*
 * Parses the argument of a numeric option (opt names it in the
 * message) as a whole number in [min, max]; on error prints
 * "PROG: opt arg: why" and exits 2.
 */
long long cs_number_option(const char *opt, const char *arg, long long min,
    long long max);

/*
 * Prints "PROG: message" and "usage: SYNOPSIS (see --help)" on stderr
 * and exits 2: the usage error of every program.
 */
noreturn void cs_usage_error(const char *synopsis, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Returns today's date in local time (the default as-of date). */
struct cs_date cs_today(void);

/*
 * Parses the argument of a date option (opt names it in the message)
 * as YYYY-MM-DD or another accepted form; on error prints a usage
 * error with synopsis and exits 2.
 */
struct cs_date cs_date_option(const char *synopsis, const char *opt, const char *arg);

/* Prints "PROG (cs toolkit) VERSION" on stdout. */
void cs_print_version(void);

struct cs_text_rows;

/*
 * Prints rows under header on standard output as a table (text) or CSV
 * and frees them (cs_print_rows); on a write error says so and exits 4.
 */
void cs_print_or_exit(int text, const char *const *header, struct cs_text_rows *rows,
    const char *align);

/* Returns nonzero when progress lines should be shown (stderr is a terminal, not quiet). */
int cs_show_progress(void);

#endif
