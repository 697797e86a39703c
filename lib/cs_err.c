/*
 * cs_err.c - messages on stderr, prefixed with the program's name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_err.h"
#include "cs_text.h"

int cs_quiet;
static const char *progname = "cs";
static void (*before_message)(void);

void
cs_set_before_message(void (*fn)(void))
{
	before_message = fn;
}

void
cs_set_progname(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

const char *
cs_progname(void)
{
	return progname;
}

/*
 * Writes one prefixed line to stderr from a va_list.  The message is
 * formatted whole first and its control characters escaped, so user
 * text quoted in it (a header, a line of a policy) can neither act on
 * the terminal nor make a second line.
 */
static void
vmessage(const char *fmt, va_list ap)
{
	struct cs_buf text = { 0 }, shown = { 0 };
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n >= 0) {
		cs_buf_reserve(&text, (size_t)n);
		vsnprintf(text.data, (size_t)n + 1, fmt, ap);
		text.len = (size_t)n;
		cs_escape_controls(&shown, text.data, text.len);
	}
	if (before_message != NULL)
		before_message();
	fprintf(stderr, "%s: %s\n", progname, shown.data ? shown.data : "");
	cs_buf_free(&text);
	cs_buf_free(&shown);
}

void
cs_vwarnx(const char *fmt, va_list ap)
{
	vmessage(fmt, ap);
}

void
cs_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

void
cs_note(const char *fmt, ...)
{
	va_list ap;

	if (cs_quiet)
		return;
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

int
cs_exit_worst(int a, int b)
{
	return a > b ? a : b;
}
