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

#include "cs_cli.h"
#include "cs_csv.h"
#include "cs_db.h"
#include "cs_err.h"
#include "cs_import.h"
#include "cs_table.h"
#include "cs_text.h"

#define MAX_MAPS 64

static const char usage_text[] =
"usage: cs-import [-d DB] -t TABLE [options] [FILE...]\n"
"Load CSV files (standard input when none or \"-\") into TABLE of the cs database.\n"
"\n"
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
"  -q, --quiet              print errors only\n"
"  -h, --help               show this help\n"
"      --version            show the version\n"
"\n"
"Exit status: 0 all rows loaded, 1 rows or a file rejected, 2 usage error,\n"
"3 database error, 4 input or output error, 5 database locked by another process,\n"
"6 out of memory.\n";

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
		usage_error("--map %s: expected FROM=TO", arg);
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
			usage_error("--map: no column \"%s\" in this table", o->maps[i].to);
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
				usage_error("%s", "too many --map options");
			map_arg(optarg, &maps[o->nmaps++]);
			break;
		case 'e':
			if (cs_encoding_parse(optarg, &o->encoding) != 0)
				usage_error("--encoding %s: expected auto, utf-8, gb18030, utf-16le"
				    " or utf-16be", optarg);
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
		case 'h':
			fputs(usage_text, stdout);
			exit(CS_EXIT_OK);
		case OPT_VERSION:
			cs_print_version();
			exit(CS_EXIT_OK);
		default:
			usage_error("%s", "invalid option");
		}
	}
	if (table == NULL)
		usage_error("%s", "no table given (-t TABLE)");
	if ((o->table = cs_table_find(table)) == NULL)
		usage_error("unknown table \"%s\" (expected customers, invoices, payments, "
		    "complaints, visits, responses, promises, complaint_events, contacts, "
		    "access_grants or retirement_approvals)", table);
	check_maps(o);
	return optind;
}

/* Opens the database for the import; a dry run on a missing file uses memory. */
static struct cs_db *
open_db(const char *path, int dry_run)
{
	struct cs_db *db;
	struct stat st;
	char err[512];
	int flags = CS_DB_CREATE | (dry_run ? 0 : CS_DB_MIGRATE);

	/* The schema is made before any load, so that a refused file is recorded. */
	if (dry_run && stat(path, &st) != 0)
		flags = CS_DB_MEMORY;
	if ((db = cs_db_open(path, flags, err, sizeof err)) == NULL)
		cs_errx(CS_EXIT_DB, "%s", err);
	return db;
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
	struct cs_db *db;
	int first, nfiles, i, status = CS_EXIT_OK;

	cs_program_init(argv[0]);
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
	db = open_db(cs_db_path(dbopt), o.dry_run);
	for (i = 0; i < nfiles; i++)
		status = cs_exit_worst(status, cs_import_file(db, files[i], &o, &counts));
	cs_progress_clear();
	cs_db_close(db);
	return status;
}
