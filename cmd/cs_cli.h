/*
 * cs_cli.h - the conventions the command-line programs share: options,
 * usage errors and how a program ends.  Only programs (cmd/) use it.
 */
#ifndef CS_CLI_H
#define CS_CLI_H

#include <stdint.h>
#include <stdnoreturn.h>

#include "cs_err.h"
#include "cs_i18n.h"
#include "cs_value.h"

#define CS_VERSION "0.1.0"

/*
 * Sets up a program: its name for messages (argv[0]'s basename), out
 * of memory ending it with cs_exit_out_of_memory, and the language of
 * its messages (cs_lang_init).
 */
void cs_program_init(int argc, char *const argv[]);

/*
 * Sets the language of messages and reports: LC_MESSAGES from the
 * environment (LC_ALL, LC_MESSAGES, LANG), or --lang zh|en when argv
 * has it (before "--"; --lang=zh too), the catalogs of the "cs" domain
 * from $CS_LOCALEDIR (not privileged) or the installed locale directory,
 * always as UTF-8 ($LANGUAGE too, unless --lang is given).  --lang zh
 * without the zh_CN.UTF-8 locale says so
 * and goes on in English; --lang with another word is exit 2.
 */
void cs_lang_init(int argc, char *const argv[]);

/* Prints "PROG: message\n" on stderr, escaped as cs_warnx does, and exits with status. */
noreturn void cs_errx(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints "PROG: out of memory" and exits with CS_EXIT_MEMORY, allocating nothing. */
noreturn void cs_exit_out_of_memory(void);

/*
 * Returns the database path to use: opt when not NULL, else $CS_DB when
 * set and non-empty, else "cs.db".  Privileged (cs_privileged), a path
 * outside the access file's data_dir ends the program (exit 2).
 */
const char *cs_db_path(const char *opt);

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
struct cs_output;

/*
 * Prints rows under header on standard output in o's format and frees
 * them (cs_print_rows); on a write error says so and exits 4.
 */
void cs_print_or_exit(const struct cs_output *o, const char *const *header,
    struct cs_text_rows *rows, const char *align);

/* The codes of the options that every program writing tables takes. */
enum { CS_OPT_FORMAT = 0x1000, CS_OPT_EXCEL, CS_OPT_NO_HEADER, CS_OPT_WITH, CS_OPT_REVEAL,
	CS_OPT_ACCESS, CS_OPT_HEADER, CS_OPT_LANG };

/* --lang zh|en, every program's: taken by cs_lang_init before getopt, ignored there. */
#define CS_LANG_LONGOPT { "lang", required_argument, NULL, CS_OPT_LANG }

/* Their getopt_long(3) entries: --format, --excel, --no-header, --header and --lang. */
#define CS_OUTPUT_LONGOPTS \
	{ "format", required_argument, NULL, CS_OPT_FORMAT }, \
	{ "excel", no_argument, NULL, CS_OPT_EXCEL }, \
	{ "no-header", no_argument, NULL, CS_OPT_NO_HEADER }, \
	{ "header", required_argument, NULL, CS_OPT_HEADER }, \
	CS_LANG_LONGOPT

/*
 * Parses --header's argument (en: the column names, zh: their Chinese
 * labels) into *zh; exits 2 on another word.
 */
void cs_header_option(const char *synopsis, const char *arg, int *zh);

/* --access FILE, for the programs that show customer data. */
#define CS_ACCESS_LONGOPT { "access", required_argument, NULL, CS_OPT_ACCESS }

/* --with, --reveal and --access, for the programs that show customers columns. */
#define CS_WITH_LONGOPTS \
	{ "with", required_argument, NULL, CS_OPT_WITH }, \
	{ "reveal", no_argument, NULL, CS_OPT_REVEAL }, \
	CS_ACCESS_LONGOPT

/*
 * Applies option ch (with arg) to o when it is an output option:
 * --format (csv, text or json), --excel, --no-header or --header (or
 * --lang, taken before); exits 2 on a bad value.  Returns nonzero when
 * ch was one of them.
 */
int cs_output_take(struct cs_output *o, const char *synopsis, int ch, const char *arg);

/* Exits 2 when o's options do not go together (--excel, --no-header and --header go with csv). */
void cs_output_check(const struct cs_output *o, const char *synopsis);

struct cs_with;

/*
 * Applies option ch to w and *reveal when it is --with COLUMNS
 * (customers columns; exits 2 saying why when one is not) or --reveal,
 * or takes --access FILE (cs_access_option).  Returns nonzero when ch
 * was one of them.
 */
int cs_with_take(struct cs_with *w, int *reveal, const char *synopsis, int ch, const char *arg);

/* Exits 2 when --reveal is given without --with. */
void cs_with_check(const struct cs_with *w, int reveal, const char *synopsis);

/*
 * Returns nonzero when the program runs privileged: setgid or setuid
 * (the effective group or user is not the real one).
 */
int cs_privileged(void);

/*
 * Takes --access FILE: the access file of cs-access(5) to read instead
 * of the installed or built-in one.  Privileged, a usage error.
 */
void cs_access_option(const char *synopsis, const char *file);

struct cs_access;
struct cs_db;

/*
 * Begins the run's access for the program (cs_access_begin) on db,
 * with reveal when the reader asked to see: the access file is
 * --access FILE, else $CS_ACCESS, else SYSCONFDIR/cs/access.conf when
 * it exists, else the built-in one; privileged, only the last two
 * ($CS_ACCESS is then exit 2).  Exits 1 when the file is wrong,
 * 4 when it cannot be read, 3 on a database error.
 */
void cs_access_start(struct cs_access *a, struct cs_db *db, int reveal);

/* Writes what the run revealed or refused to access_log and ends a; exits 3 when it cannot. */
void cs_access_finish(struct cs_access *a, struct cs_db *db);

/* Returns nonzero when progress lines should be shown (stderr is a terminal, not quiet). */
int cs_show_progress(void);

struct cs_progress;

/*
 * Fills *p with the program's progress line: "PROG: what: done of
 * total" on stderr, at most once a second, from any thread, when
 * cs_show_progress (else p asks for nothing).
 */
void cs_progress_init(struct cs_progress *p);

/* Erases the progress line, if one was shown. */
void cs_progress_clear(void);

#endif
