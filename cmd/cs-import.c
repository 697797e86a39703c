/*
 * cs-import - load CSV exports into the cs database, validated, exact
 * and idempotent, with every rejected row kept.  See cs-import(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs_access.h"
#include "cs_cli.h"
#include "cs_csv.h"
#include "cs_db.h"
#include "cs_err.h"
#include "cs_import.h"
#include "cs_purge.h"
#include "cs_table.h"
#include "cs_text.h"

#define MAX_MAPS 64

static const char usage_text[] = /* xgettext:no-c-format */ N_(
"usage: cs-import [-d DB] -t TABLE [options] [FILE...]\n"
"       cs-import [-d DB] grant --reader NAME --level LEVEL [--customer ID]\n"
"                 --until DATE --reason TEXT [--access FILE]\n"
"       cs-import [-d DB] [-n] [-q] purge ID...\n"
"Load CSV files (standard input when none or \"-\") into TABLE of the cs database;\n"
"or, with grant, let reader NAME see customer data of LEVEL (secret, confidential,\n"
"top-secret) of customer ID (default: every customer) until DATE, approved by you\n"
"(an approver of the access file, cs-access(5)); the grant's id is printed.\n"
"\n"
"  purge ID...              retire the customers' personal data, once the information\n"
"                           owner, the service manager and the general manager have\n"
"                           approved (retirement_approvals); the ledger stays\n"
"  -t, --table TABLE        customers, invoices, payments, complaints, visits,\n"
"                           responses, promises, complaint_events, contacts,\n"
"                           access_grants or retirement_approvals\n"
"  -d, --db FILE            database (default: $CS_DB, else ./cs.db)\n"
"  -m, --map FROM=TO        read input column FROM as column TO (TO \"-\": ignore it)\n"
"  -e, --encoding ENC       auto (default), utf-8, gb18030, utf-16le or utf-16be\n"
"      --tsv                fields separated by tabs (guessed for .tsv, .txt and\n"
"                           UTF-16 files)\n"
"  -r, --rejects FILE       write rejected rows to FILE (default NAME.rejects.csv\n"
"                           beside the input; stderr for standard input)\n"
"      --max-errors N       give up and load nothing from a file with more than N\n"
"                           rejected rows (default: no limit)\n"
"      --max-field-size N   largest field in bytes (default 1048576, at most\n"
"                           1000000000, the most the database stores)\n"
"      --create-customers   create a stub customer for an unknown customer_id\n"
"                           instead of rejecting the row\n"
"  -n, --dry-run            validate and report; write nothing\n"
"      --reader NAME        grant: the login name of the reader\n"
"      --level LEVEL        grant: the highest level it lets the reader see\n"
"      --customer ID        grant: the one customer it is for\n"
"      --until DATE         grant: the last day it is valid (from today)\n"
"      --reason TEXT        grant: why (the application and its signature)\n"
"      --access FILE        grant: the access file (default: installed or built in)\n"
"  -q, --quiet              print errors only\n"
"      --lang zh|en         messages in Chinese or English (default: the locale's)\n"
"  -h, --help               show this help\n"
"      --version            show the version\n"
"\n"
"Exit status: 0 all rows loaded (grant: set), 1 rows or a file rejected (grant:\n"
"refused) or a purge refused, 2 usage error, 3 database error, 4 input or output\n"
"error, 5 database locked by another process, 6 out of memory.\n");

enum { OPT_MAX_ERRORS = 256, OPT_MAX_FIELD, OPT_CREATE, OPT_VERSION, OPT_TSV };

static const struct option longopts[] = {
	{ "table", required_argument, NULL, 't' },
	{ "db", required_argument, NULL, 'd' },
	{ "map", required_argument, NULL, 'm' },
	{ "encoding", required_argument, NULL, 'e' },
	{ "tsv", no_argument, NULL, OPT_TSV },
	{ "rejects", required_argument, NULL, 'r' },
	{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
	{ "max-field-size", required_argument, NULL, OPT_MAX_FIELD },
	{ "create-customers", no_argument, NULL, OPT_CREATE },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	CS_LANG_LONGOPT,
	{ NULL, 0, NULL, 0 }
};

/* A usage error: prints why and the synopsis, and exits 2. */
#define usage_error(...) cs_usage_error("cs-import [-d DB] -t TABLE [options] [FILE...]", __VA_ARGS__)

/* Parses --map FROM=TO into *m or exits 2; "-" as TO ignores the column. */
static void
map_arg(char *arg, struct cs_import_map *m)
{
	char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg || eq[1] == '\0')
		usage_error(_("--map %s: expected FROM=TO"), arg);
	*eq = '\0';
	m->from = arg;
	m->to = strcmp(eq + 1, "-") == 0 ? NULL : eq + 1;
}

/* Exits 2 when a --map names a column that the table does not have. */
static void
check_maps(const struct cs_import_opts *o)
{
	size_t i;

	for (i = 0; i < o->nmaps; i++)
		if (o->maps[i].to != NULL &&
		    cs_table_column(o->table, o->maps[i].to, strlen(o->maps[i].to)) < 0)
			usage_error(_("--map: no column \"%s\" in this table"), o->maps[i].to);
}

/* Parses the command line into *o and the database path; returns the first file index. */
static int
parse_args(int argc, char *argv[], struct cs_import_opts *o,
    struct cs_import_map *maps, const char **db)
{
	const char *table = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, "t:d:m:e:r:nqh", longopts, NULL)) != -1) {
		switch (ch) {
		case 't':
			table = optarg;
			break;
		case 'd':
			*db = optarg;
			break;
		case 'm':
			if (o->nmaps == MAX_MAPS)
				usage_error("%s", _("too many --map options"));
			map_arg(optarg, &maps[o->nmaps++]);
			break;
		case 'e':
			if (cs_encoding_parse(optarg, &o->encoding) != 0)
				usage_error(_("--encoding %s: expected auto, utf-8, gb18030, utf-16le"
				    " or utf-16be"), optarg);
			break;
		case OPT_TSV:
			o->tsv = 1;
			break;
		case 'r':
			o->rejects_path = optarg;
			break;
		case OPT_MAX_ERRORS:
			o->max_errors = (long)cs_number_option("--max-errors", optarg, 0, 1000000000);
			break;
		case OPT_MAX_FIELD:
			o->max_field = (size_t)cs_number_option("--max-field-size", optarg, 16,
			    CS_MAX_FIELD_BYTES);
			break;
		case OPT_CREATE:
			o->create_customers = 1;
			break;
		case 'n':
			o->dry_run = 1;
			break;
		case 'q':
			cs_quiet = 1;
			break;
		case CS_OPT_LANG:
			break;
		case 'h':
			fputs(_(usage_text), stdout);
			exit(CS_EXIT_OK);
		case OPT_VERSION:
			cs_print_version();
			exit(CS_EXIT_OK);
		default:
			usage_error("%s", _("invalid option"));
		}
	}
	if (table == NULL)
		usage_error("%s", _("no table given (-t TABLE)"));
	if ((o->table = cs_table_find(table)) == NULL)
		usage_error(_("unknown table \"%s\" (expected customers, invoices, payments, "
		    "complaints, visits, responses, promises, complaint_events, contacts, "
		    "access_grants or retirement_approvals)"), table);
	check_maps(o);
	return optind;
}

/*
 * Opens the database: for an import (create) made when missing, a dry
 * run on a missing file in memory; for a subcommand (not create) only
 * an existing one.  Exits 3 when it cannot.
 */
static struct cs_db *
open_db(const char *path, int dry_run, int create)
{
	struct cs_db *db;
	struct stat st;
	char err[512];
	int flags = (create ? CS_DB_CREATE : 0) | (dry_run ? 0 : CS_DB_MIGRATE);

	/* The schema is made before any load, so that a refused file is recorded. */
	if (dry_run && stat(path, &st) != 0)
		flags = CS_DB_MEMORY;
	if ((db = cs_db_open(path, flags, err, sizeof err)) == NULL)
		cs_errx(CS_EXIT_DB, "%s", err);
	return db;
}

#define GRANT_SYNOPSIS "cs-import [-d DB] grant --reader NAME --level LEVEL [--customer ID]" \
	" --until DATE --reason TEXT"

enum { OPT_READER = 512, OPT_LEVEL, OPT_CUSTOMER, OPT_UNTIL, OPT_REASON };

/* Checks that --NAME TEXT is one line of UTF-8 text without control characters, or exits 2. */
static const char *
text_option(const char *name, const char *arg)
{
	if (arg == NULL || *arg == '\0' || !cs_utf8_valid(arg) || cs_has_control(arg, strlen(arg)))
		cs_usage_error(GRANT_SYNOPSIS, _("--%s: expected UTF-8 text without control"
		    " characters"), name);
	return arg;
}

/* Parses grant's command line into *g and *db; exits 2 on a usage error. */
static void
grant_args(int argc, char *argv[], struct cs_grant_request *g, const char **db)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
		{ "reader", required_argument, NULL, OPT_READER },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "customer", required_argument, NULL, OPT_CUSTOMER },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "reason", required_argument, NULL, OPT_REASON }, CS_ACCESS_LONGOPT,
		{ "quiet", no_argument, NULL, 'q' }, { "help", no_argument, NULL, 'h' },
		CS_LANG_LONGOPT, { NULL, 0, NULL, 0 } };
	int ch, have_until = 0;

	while ((ch = getopt_long(argc, argv, "d:qh", opts, NULL)) != -1)
		switch (ch) {
		case 'd': *db = optarg; break;
		case OPT_READER: g->reader = text_option("reader", optarg); break;
		case OPT_LEVEL:
			if ((g->level = cs_level_parse(optarg)) <= CS_LEVEL_NONE)
				cs_usage_error(GRANT_SYNOPSIS, _("--level %s: expected secret,"
				    " confidential or top-secret (秘密, 机密, 绝密)"), optarg);
			break;
		case OPT_CUSTOMER: g->customer = text_option("customer", optarg); break;
		case OPT_UNTIL:
			g->until = cs_date_option(GRANT_SYNOPSIS, "--until", optarg);
			have_until = 1;
			break;
		case OPT_REASON: g->reason = text_option("reason", optarg); break;
		case CS_OPT_ACCESS: cs_access_option(GRANT_SYNOPSIS, optarg); break;
		case 'q': cs_quiet = 1; break;
		case CS_OPT_LANG: break;
		case 'h': fputs(_(usage_text), stdout); exit(CS_EXIT_OK);
		default: cs_usage_error(GRANT_SYNOPSIS, "%s", _("invalid option"));
		}
	if (optind + 1 != argc)
		cs_usage_error(GRANT_SYNOPSIS, _("unexpected operand \"%s\""), argv[optind + 1]);
	if (g->reader == NULL || g->level <= CS_LEVEL_NONE || !have_until || g->reason == NULL)
		cs_usage_error(GRANT_SYNOPSIS, "%s", _("grant needs --reader, --level, --until and"
		    " --reason"));
}

/*
 * cs-import grant: sets a grant approved by the running login, an
 * approver of the access file; prints its id.  Returns the exit status.
 */
static int
grant_main(int argc, char *argv[])
{
	struct cs_grant_request g = { NULL, NULL, CS_LEVEL_NONE, { 0, 0, 0 }, NULL };
	static struct cs_access a;
	const char *dbopt = NULL;
	struct cs_db *db;
	char err[512], id[65], until[CS_DATE_BUFSZ];
	int rc;

	grant_args(argc, argv, &g, &dbopt);
	db = open_db(cs_db_path(dbopt), 0, 0);
	cs_access_start(&a, db, 0);
	if ((rc = cs_access_grant(&a, db, &g, id, err, sizeof err)) != CS_EXIT_OK)
		cs_warnx(_("grant: %s"), err);
	else {
		printf("%s\n", id);
		cs_note(_("grant %s: %s may see %s data of %s until %s"), id, g.reader,
		    cs_level_names[g.level], g.customer != NULL ? g.customer : _("every customer"),
		    cs_date_format(g.until, until));
	}
	cs_access_end(&a);
	cs_db_close(db);
	return rc == CS_EXIT_OK && fflush(stdout) != 0 ? CS_EXIT_IO : rc;
}

#define PURGE_SYNOPSIS "cs-import [-d DB] [-n] [-q] purge ID..."

/*
 * cs-import purge ID...: the customers' personal data retired, once
 * approved (cs_purge.h).  Returns the exit status.
 */
static int
purge_main(int argc, char *argv[])
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' }, { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' }, CS_LANG_LONGOPT, { NULL, 0, NULL, 0 } };
	const char *dbopt = NULL;
	struct cs_reader self;
	struct cs_db *db;
	char err[512];
	int ch, dry_run = 0, status;

	while ((ch = getopt_long(argc, argv, "d:nqh", opts, NULL)) != -1)
		switch (ch) {
		case 'd': dbopt = optarg; break;
		case 'n': dry_run = 1; break;
		case 'q': cs_quiet = 1; break;
		case CS_OPT_LANG: break;
		case 'h': fputs(_(usage_text), stdout); exit(CS_EXIT_OK);
		default: cs_usage_error(PURGE_SYNOPSIS, "%s", _("purge takes -d, -n and -q"));
		}
	/* The operands, "purge" first, are at the end once getopt has permuted them. */
	if (argc - optind < 2)
		cs_usage_error(PURGE_SYNOPSIS, "%s", _("purge: no customer id given"));
	if (cs_reader_self(&self, err, sizeof err) != 0)
		cs_errx(CS_EXIT_USAGE, _("purge: %s: a purge is signed by a login"), err);
	db = open_db(cs_db_path(dbopt), dry_run, 0);
	status = cs_purge_run(db, (const char *const *)argv + optind + 1, argc - optind - 1,
	    self.login, cs_progname(), dry_run);
	cs_db_close(db);
	return status;
}

/* The subcommands: `cs-import [-d DB] NAME [options]`, each parsing the whole command line. */
static const struct subcommand {
	const char *name;
	int (*run)(int argc, char *argv[]);
} subcommands[] = {
	{ "grant", grant_main },
	{ "purge", purge_main },
};

/*
 * Returns the subcommand named by the first operand when no -t is
 * given, or NULL: a table import.  Options taking an argument (as
 * longopts has them) are stepped over with it.
 */
static const struct subcommand *
find_subcommand(int argc, char *argv[])
{
	const struct option *l;
	const char *first = NULL;
	size_t k;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || a[1] == '\0') {
			first = first != NULL ? first : a;
			continue;
		}
		if (strncmp(a, "-t", 2) == 0 || strncmp(a, "--table", 7) == 0)
			return NULL;
		for (l = longopts; l->name != NULL && a[1] == '-'; l++)
			if (strcmp(a + 2, l->name) == 0 && l->has_arg == required_argument)
				i++;	/* its argument */
		if (a[1] != '-' && a[2] == '\0' && strchr("dmer", a[1]) != NULL)
			i++;
	}
	for (k = 0; first != NULL && k < sizeof subcommands / sizeof subcommands[0]; k++)
		if (strcmp(first, subcommands[k].name) == 0)
			return &subcommands[k];
	return NULL;
}

int
main(int argc, char *argv[])
{
	static const char *const stdin_only[] = { "-" };
	struct cs_import_map maps[MAX_MAPS];
	struct cs_import_opts o;
	struct cs_import_counts counts;
	const char *const *files;
	const char *dbopt = NULL;
	const struct subcommand *sub;
	struct cs_db *db;
	int first, nfiles, i, status = CS_EXIT_OK;

	cs_program_init(argc, argv);
	if ((sub = find_subcommand(argc, argv)) != NULL)
		return sub->run(argc, argv);
	memset(&o, 0, sizeof o);
	o.maps = maps;
	o.encoding = CS_ENC_AUTO;
	o.max_field = 1 << 20;
	o.max_errors = -1;
	o.show_rejects = 10;
	first = parse_args(argc, argv, &o, maps, &dbopt);
	cs_progress_init(&o.progress);
	files = first < argc ? (const char *const *)argv + first : stdin_only;
	nfiles = first < argc ? argc - first : 1;
	db = open_db(cs_db_path(dbopt), o.dry_run, 1);
	for (i = 0; i < nfiles; i++)
		status = cs_exit_worst(status, cs_import_file(db, files[i], &o, &counts));
	cs_progress_clear();
	cs_db_close(db);
	return status;
}
