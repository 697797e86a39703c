/*
 * cs_cli.c - the conventions the programs share: options, usage errors
 * and how a program ends (the exit statuses of cs(7)).  Program code:
 * the library (lib/) never ends a program, this does.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdarg.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cs_access.h"
#include "cs_cli.h"
#include "cs_err.h"
#include "cs_i18n.h"
#include "cs_print.h"
#include "cs_progress.h"
#include "cs_shown.h"
#include "cs_text.h"

noreturn void
cs_errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cs_vwarnx(fmt, ap);
	va_end(ap);
	exit(status);
}

noreturn void
cs_exit_out_of_memory(void)
{
	static const char msg[] = ": out of memory\n";
	const char *name = cs_progname();

	/* No allocation here: write(2) the message as it is. */
	if (write(STDERR_FILENO, name, strlen(name)) >= 0)
		(void)!write(STDERR_FILENO, msg, sizeof msg - 1);
	_exit(CS_EXIT_MEMORY);
}

void
cs_program_init(int argc, char *const argv[])
{
	cs_set_progname(argv[0]);
	cs_set_out_of_memory(cs_exit_out_of_memory);
	cs_lang_init(argc, argv);
}

#ifndef CS_LOCALEDIR
#define CS_LOCALEDIR "/usr/local/share/locale"
#endif

/* Returns the argument of --lang in argv (before "--"), or NULL. */
static const char *
lang_arg(int argc, char *const argv[])
{
	const char *lang = NULL;
	int k;

	for (k = 1; k < argc && strcmp(argv[k], "--") != 0; k++)
		if (strncmp(argv[k], "--lang=", 7) == 0)
			lang = argv[k] + 7;
		else if (strcmp(argv[k], "--lang") == 0 && k + 1 < argc)
			lang = argv[++k];
	return lang;
}

/*
 * Chooses the Chinese catalog without the zh_CN locale: C.UTF-8 and
 * LANGUAGE=zh_CN, which gettext honours in every locale but C (the
 * catalog is UTF-8 and bound so).  Returns 0, or -1 when C.UTF-8 is
 * missing too (messages then stay English).
 */
static int
zh_without_locale(void)
{
	if (setlocale(LC_MESSAGES, "C.UTF-8") == NULL)
		return -1;
	setenv("LANGUAGE", "zh_CN", 1);
	return 0;
}

/* Returns nonzero when the environment asks for Chinese messages (LC_ALL, LC_MESSAGES, LANG). */
static int
env_asks_zh(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t k;

	for (k = 0; k < sizeof vars / sizeof vars[0]; k++) {
		const char *v = getenv(vars[k]);

		if (v != NULL && *v != '\0')
			return strncmp(v, "zh", 2) == 0;
	}
	return 0;
}

void
cs_lang_init(int argc, char *const argv[])
{
	const char *lang = lang_arg(argc, argv), *dir = getenv("CS_LOCALEDIR");

	if (setlocale(LC_MESSAGES, "") == NULL && lang == NULL && env_asks_zh())
		(void)zh_without_locale();	/* LANG=zh_CN.UTF-8 not generated here */
	if (dir == NULL || *dir == '\0' || cs_privileged())
		dir = CS_LOCALEDIR;
	bindtextdomain(CS_TEXTDOMAIN, dir);
	bind_textdomain_codeset(CS_TEXTDOMAIN, "UTF-8");
	bind_textdomain_codeset("libc", "UTF-8");	/* getopt's messages */
	textdomain(CS_TEXTDOMAIN);
	if (lang == NULL)
		return;
	unsetenv("LANGUAGE");	/* which would choose before LC_MESSAGES */
	if (strcmp(lang, "en") == 0)
		setlocale(LC_MESSAGES, "C");
	else if (strcmp(lang, "zh") != 0)
		cs_errx(CS_EXIT_USAGE, _("--lang %s: expected zh or en"), lang);
	else if (setlocale(LC_MESSAGES, "zh_CN.UTF-8") == NULL && zh_without_locale() != 0) {
		setlocale(LC_MESSAGES, "C");
		cs_warnx(_("--lang zh: the zh_CN.UTF-8 locale is not installed here"
		    " (on Debian: localedef -i zh_CN -f UTF-8 zh_CN.UTF-8), so English"));
	}
}

void
cs_header_option(const char *synopsis, const char *arg, int *zh)
{
	if (strcmp(arg, "zh") == 0 || strcmp(arg, "en") == 0)
		*zh = strcmp(arg, "zh") == 0;
	else
		cs_usage_error(synopsis, _("--header %s: expected zh or en"), arg);
}

#ifndef CS_SYSCONFDIR
#define CS_SYSCONFDIR "/usr/local/etc"
#endif

/* The installed access file. */
static const char installed_access[] = CS_SYSCONFDIR "/cs/access.conf";

/* The file of --access, or NULL. */
static const char *access_file;

int
cs_privileged(void)
{
	return getegid() != getgid() || geteuid() != getuid();
}

void
cs_access_option(const char *synopsis, const char *file)
{
	if (cs_privileged())
		cs_usage_error(synopsis, _("--access: not taken by a program run privileged (setgid"
		    " or setuid): it reads only %s or the built-in access file"), installed_access);
	access_file = file;
}

/*
 * Reads the access file into *c: --access, else $CS_ACCESS, else the
 * installed one when it exists, else the built-in one; privileged, only
 * the last two.  Exits 2 for $CS_ACCESS when privileged, 1 for a wrong
 * file, 4 for an unreadable one.
 */
static void
read_access(struct cs_access_conf *c)
{
	const char *env = getenv("CS_ACCESS"), *path = access_file;
	struct stat st;
	char err[512];
	int io;

	if (env != NULL && *env != '\0' && cs_privileged())
		cs_errx(CS_EXIT_USAGE, _("$CS_ACCESS: not taken by a program run privileged (setgid"
		    " or setuid): it reads only %s or the built-in access file"), installed_access);
	if (path == NULL && env != NULL && *env != '\0')
		path = env;
	if (path == NULL && stat(installed_access, &st) == 0)
		path = installed_access;
	if (cs_access_conf_load(path, c, &io, err, sizeof err) != 0)
		cs_errx(io ? CS_EXIT_IO : CS_EXIT_DATA, "%s", err);
}

/*
 * Exits 2 when path (of -d or $CS_DB) is not inside data_dir: the file,
 * or its directory when the file is not there yet, resolved without
 * links.
 */
static void
check_data_dir(const char *path, const char *data_dir)
{
	char dir[PATH_MAX], real[PATH_MAX], *copy = cs_xstrdup(path), *slash;
	size_t n;
	int inside = 0;

	if ((slash = strrchr(copy, '/')) != NULL)
		slash[slash == copy] = '\0';	/* "/x" keeps "/" */
	if (*data_dir != '\0' && realpath(data_dir, dir) != NULL &&
	    (realpath(path, real) != NULL ||
	    realpath(slash != NULL ? copy : ".", real) != NULL)) {
		n = strlen(dir);
		inside = strncmp(real, dir, n) == 0 && (real[n] == '/' || real[n] == '\0' ||
		    strcmp(dir, "/") == 0);
	}
	free(copy);
	if (!inside)
		cs_errx(CS_EXIT_USAGE, _("database %s: outside the data directory %s: a program run"
		    " privileged (setgid or setuid) opens only databases there (cs-access(5)"
		    " data_dir)"), path, *data_dir ? data_dir : "(none set)");
}

const char *
cs_db_path(const char *opt)
{
	const char *env = getenv("CS_DB"), *path;
	struct cs_access_conf c;

	path = opt != NULL ? opt : env != NULL && *env != '\0' ? env : "cs.db";
	if (cs_privileged()) {
		read_access(&c);
		check_data_dir(path, c.data_dir);
	}
	return path;
}

void
cs_access_start(struct cs_access *a, struct cs_db *db, int reveal)
{
	char err[512];

	memset(a, 0, sizeof *a);
	read_access(&a->conf);
	if (cs_access_begin(a, db, cs_progname(), reveal, err, sizeof err) != 0)
		cs_errx(CS_EXIT_DB, "%s", err);
}

void
cs_access_finish(struct cs_access *a, struct cs_db *db)
{
	char err[512];

	if (cs_access_log(a, db, err, sizeof err) != 0)
		cs_errx(CS_EXIT_DB, _("cannot write the access log: %s"), err);
	cs_access_end(a);
}

long long
cs_number_option(const char *opt, const char *arg, long long min, long long max)
{
	long long v;
	const char *why = cs_strtonum(arg, min, max, &v);

	if (why != NULL)
		cs_errx(CS_EXIT_USAGE, _("%s %s: %s"), opt, arg, _(why));
	return v;
}

noreturn void
cs_usage_error(const char *synopsis, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cs_vwarnx(fmt, ap);
	va_end(ap);
	fprintf(stderr, _("usage: %s (see --help)\n"), synopsis);
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
		cs_usage_error(synopsis, _("%s %s: expected a date YYYY-MM-DD"), opt, arg);
	return d;
}

void
cs_print_version(void)
{
	printf("%s (cs toolkit) %s\n", cs_progname(), CS_VERSION);
}

void
cs_print_or_exit(const struct cs_output *o, const char *const *header,
    struct cs_text_rows *rows, const char *align)
{
	if (cs_print_rows(o, header, rows, align) != 0)
		cs_errx(CS_EXIT_IO, _("standard output: write error"));
}

int
cs_output_take(struct cs_output *o, const char *synopsis, int ch, const char *arg)
{
	enum cs_format f;

	switch (ch) {
	case CS_OPT_EXCEL: o->excel = 1; return 1;
	case CS_OPT_NO_HEADER: o->no_header = 1; return 1;
	case CS_OPT_LANG: return 1;
	case CS_OPT_HEADER: cs_header_option(synopsis, arg, &o->header_zh); return 1;
	case CS_OPT_FORMAT:
		if (cs_format_parse(arg, &f) != 0)
			cs_usage_error(synopsis, _("--format %s: expected csv, text or json"), arg);
		o->format = f;
		return 1;
	default: return 0;
	}
}

void
cs_output_check(const struct cs_output *o, const char *synopsis)
{
	if (o->excel && o->format != CS_FORMAT_CSV)
		cs_usage_error(synopsis, _("--excel goes with the csv format"));
	if (o->no_header && o->format != CS_FORMAT_CSV)
		cs_usage_error(synopsis, _("--no-header goes with the csv format"));
	if (o->header_zh && o->format != CS_FORMAT_CSV)
		cs_usage_error(synopsis, _("--header zh goes with the csv format"));
}

int
cs_with_take(struct cs_with *w, int *reveal, const char *synopsis, int ch, const char *arg)
{
	char why[512];

	if (ch == CS_OPT_REVEAL)
		*reveal = 1;
	else if (ch == CS_OPT_ACCESS)
		cs_access_option(synopsis, arg);
	else if (ch != CS_OPT_WITH)
		return 0;
	else if (cs_with_parse(arg, w, why, sizeof why) != NULL)
		cs_usage_error(synopsis, _("--with %s: %s"), arg, why);
	return 1;
}

void
cs_with_check(const struct cs_with *w, int reveal, const char *synopsis)
{
	if (reveal && w->n == 0)
		cs_usage_error(synopsis, _("--reveal goes with --with"));
}

/*
 * The progress line: when the run began, when the line was last shown,
 * whether it is on the screen, and how long a run goes before the first
 * line ($CS_PROGRESS_DELAY seconds, default 1: a short run shows none).
 */
static pthread_mutex_t progress_mu = PTHREAD_MUTEX_INITIALIZER;
static struct timespec progress_start, progress_last;
static int progress_shown, progress_begun;
static long progress_delay = 1;

/* Returns the seconds from a to b. */
static double
seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * Shows how far the run is, what translated (a literal, or a file's
 * name): after the delay, then at most once a second (cs_progress_fn).
 */
static void
progress_line(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	struct timespec now;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&progress_mu);
	if (!progress_begun) {
		progress_begun = 1;
		progress_start = now;
	}
	if (seconds_between(&progress_start, &now) >= (double)progress_delay &&
	    (!progress_shown || seconds_between(&progress_last, &now) >= 1.0)) {
		progress_last = now;
		progress_shown = 1;
		fprintf(stderr, "\r%s: %s: ", cs_progname(), _(what));
		if (total > 0)
			fprintf(stderr, _("%llu of %llu"), (unsigned long long)done,
			    (unsigned long long)total);
		else
			fprintf(stderr, "%llu", (unsigned long long)done);
		fputs("\033[K", stderr);
	}
	pthread_mutex_unlock(&progress_mu);
}

void
cs_progress_init(struct cs_progress *p)
{
	const char *delay = getenv("CS_PROGRESS_DELAY");
	long long d;

	if (delay != NULL && cs_strtonum(delay, 0, 3600, &d) == NULL)
		progress_delay = (long)d;
	p->fn = cs_show_progress() ? progress_line : NULL;
	p->ctx = NULL;
	cs_set_before_message(cs_progress_clear);	/* a message starts on a clean line */
}

void
cs_progress_clear(void)
{
	pthread_mutex_lock(&progress_mu);
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = 0;
	pthread_mutex_unlock(&progress_mu);
}

int
cs_show_progress(void)
{
	return !cs_quiet && isatty(STDERR_FILENO);
}
