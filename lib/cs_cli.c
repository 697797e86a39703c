/*
 * cs_cli.c - helpers for option parsing shared by the programs.
 */
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cs_cli.h"
#include "cs_err.h"
#include "cs_print.h"

const char *
cs_strtonum(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return "invalid";
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || (errno != 0 && errno != ERANGE))
		return "invalid";
	if ((errno == ERANGE && v == LLONG_MIN) || v < min)
		return "too small";
	if ((errno == ERANGE && v == LLONG_MAX) || v > max)
		return "too large";
	*out = v;
	return NULL;
}

long long
cs_number_option(const char *opt, const char *arg, long long min, long long max)
{
	long long v;
	const char *why = cs_strtonum(arg, min, max, &v);

	if (why != NULL)
		cs_errx(CS_EXIT_USAGE, "%s %s: %s", opt, arg, why);
	return v;
}

noreturn void
cs_usage_error(const char *synopsis, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cs_vwarnx(fmt, ap);
	va_end(ap);
	fprintf(stderr, "usage: %s (see --help)\n", synopsis);
	exit(CS_EXIT_USAGE);
}

struct cs_date
cs_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return (struct cs_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
}

struct cs_date
cs_date_option(const char *synopsis, const char *opt, const char *arg)
{
	struct cs_date d;

	if (cs_date_parse(arg, strlen(arg), &d) != NULL)
		cs_usage_error(synopsis, "%s %s: expected a date YYYY-MM-DD", opt, arg);
	return d;
}

void
cs_print_version(void)
{
	printf("%s (cs toolkit) %s\n", cs_progname(), CS_VERSION);
}

void
cs_print_or_exit(int text, const char *const *header, struct cs_text_rows *rows,
    const char *align)
{
	if (cs_print_rows(text, header, rows, align) != 0)
		cs_errx(CS_EXIT_IO, "standard output: write error");
}

int
cs_show_progress(void)
{
	return !cs_quiet && isatty(STDERR_FILENO);
}
