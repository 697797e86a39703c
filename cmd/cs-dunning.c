/*
 * cs-dunning - the nightly arrears run: the five-stage ladder 堵 催 引 追 诉,
 * late fees, early warning, holds and the block list, as one CSV row
 * per action.  See cs-dunning(1) and cs-dunning(5).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_cli.h"
#include "cs_csv.h"
#include "cs_db.h"
#include "cs_dunning_run.h"
#include "cs_err.h"
#include "cs_policy.h"
#include "cs_print.h"
#include "cs_sha256.h"
#include "cs_shown.h"
#include "cs_text.h"

#define SYNOPSIS "cs-dunning [-d DB] [--as-of DATE] [--policy FILE] [options] [COMMAND]"
#define usage_error(...) cs_usage_error(SYNOPSIS, __VA_ARGS__)

static const char usage_text[] = /* xgettext:no-c-format */ N_(
"usage: cs-dunning [-d DB] [--as-of DATE] [--policy FILE] [options] [COMMAND]\n"
"Run the arrears ladder for the as-of date; one CSV row per action on\n"
"standard output.\n"
"\n"
"Commands:\n"
"  (none)                 the nightly run\n"
"  hold CUSTOMER --until DATE --reason TEXT\n"
"                         hold the customer's escalation until DATE\n"
"  release CUSTOMER       lift the customer's manual holds\n"
"  blocklist              customers whose new orders must be blocked\n"
"\n"
"  -d, --db FILE          database (default: $CS_DB, else ./cs.db)\n"
"      --as-of DATE       the night to run (default: today)\n"
"      --policy FILE      the dunning policy, see cs-dunning(5) (default: built in)\n"
"      --dry-run          print what would happen, write nothing\n"
"      --replay           print the actions recorded for the as-of date again\n"
"      --format F         csv (default), text (an aligned table) or json\n"
"      --excel            csv for spreadsheets: a byte order mark, formula-safe cells\n"
"      --no-header        csv without its header line (to append to a file)\n"
"      --with COLUMNS     add customers columns to each action, e.g. manager,phone\n"
"      --reveal           --with: show the fields the reader is cleared for\n"
"      --access FILE      the access file of cs-access(5) (default: installed or built in)\n"
"      --until DATE       hold: the last day of the hold\n"
"      --reason TEXT      hold: why\n"
"  -q, --quiet            print errors only (and the rules that cannot apply)\n"
"      --header zh|en     csv: Chinese column labels for Excel (zh) or names (en)\n"
"      --lang zh|en       messages and reports in Chinese or English (the locale's)\n"
"  -h, --help             show this help\n"
"      --version          show the version\n"
"\n"
"Exit status: 0 done, 1 refused (as-of before the last run, unknown customer),\n"
"2 usage error, 3 database error, 4 output error, 5 database locked by another run,\n"
"6 out of memory.\n");

enum command { CMD_RUN, CMD_HOLD, CMD_RELEASE, CMD_BLOCKLIST };

struct options {
	const char *db, *policy, *reason, *customer;
	struct cs_date as_of, until;
	int have_until, dry_run, replay, reveal;
	struct cs_output out;
	struct cs_with with;
	enum command command;
};

enum { OPT_AS_OF = 256, OPT_POLICY, OPT_DRY_RUN, OPT_REPLAY, OPT_UNTIL, OPT_REASON,
	OPT_VERSION };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "replay", no_argument, NULL, OPT_REPLAY },
	CS_OUTPUT_LONGOPTS,
	CS_WITH_LONGOPTS,
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* Applies one option to o; exits for --help, --version and usage errors. */
static void
set_option(struct options *o, int c, const char *arg)
{
	if (cs_output_take(&o->out, SYNOPSIS, c, arg) ||
	    cs_with_take(&o->with, &o->reveal, SYNOPSIS, c, arg))
		return;
	switch (c) {
	case 'd': o->db = arg; break;
	case OPT_AS_OF: o->as_of = cs_date_option(SYNOPSIS, "--as-of", arg); break;
	case OPT_POLICY: o->policy = arg; break;
	case OPT_DRY_RUN: o->dry_run = 1; break;
	case OPT_REPLAY: o->replay = 1; break;
	case OPT_UNTIL:
		o->until = cs_date_option(SYNOPSIS, "--until", arg);
		o->have_until = 1;
		break;
	case OPT_REASON: o->reason = arg; break;
	case 'q': cs_quiet = 1; break;
	case 'h': fputs(_(usage_text), stdout); exit(CS_EXIT_OK);
	case OPT_VERSION: cs_print_version(); exit(CS_EXIT_OK);
	default: usage_error("%s", _("unknown option"));
	}
}

/* Reads the command and its customer from the operands. */
static void
parse_command(struct options *o, int argc, char **argv)
{
	static const char *const names[] = { "run", "hold", "release", "blocklist" };
	size_t k;

	if (argc == 0)
		return;
	for (k = 1; k < sizeof names / sizeof names[0]; k++)
		if (strcmp(argv[0], names[k]) == 0)
			o->command = (enum command)k;
	if (o->command == CMD_RUN)
		usage_error(_("unknown command \"%s\" (expected hold, release or blocklist)"), argv[0]);
	if (o->command == CMD_HOLD || o->command == CMD_RELEASE) {
		if (argc < 2 || *argv[1] == '\0')
			usage_error(_("%s: no customer given"), argv[0]);
		o->customer = argv[1];
		argc--;
	}
	if (argc > 1)
		usage_error(_("%s: unexpected operand \"%s\""), argv[0], argv[argc > 1 ? 1 : 0]);
}

/* Checks that the options fit the command. */
static void
check_options(const struct options *o)
{
	if (o->command == CMD_HOLD && (!o->have_until || o->reason == NULL || *o->reason == '\0'))
		usage_error("%s", _("hold needs --until DATE and --reason TEXT"));
	if (o->reason != NULL && (cs_utf8_valid_prefix(o->reason, strlen(o->reason)) !=
	    strlen(o->reason) || cs_has_control_in_text(o->reason, strlen(o->reason)) ||
	    strpbrk(o->reason, "\r\n") != NULL))
		usage_error(_("--reason %s: expected one line of UTF-8 text, without control"
		    " characters"), o->reason);
	if (o->command != CMD_HOLD && (o->have_until || o->reason != NULL))
		usage_error("%s", _("--until and --reason belong to the hold command"));
	if (o->command != CMD_RUN && (o->dry_run || o->replay))
		usage_error("%s", _("--dry-run and --replay belong to the nightly run"));
	if (o->dry_run && o->replay)
		usage_error("%s", _("--dry-run and --replay cannot be combined"));
	if (o->command != CMD_RUN && (o->with.n > 0 || o->reveal))
		usage_error("%s", _("--with and --reveal belong to the nightly run"));
	cs_with_check(&o->with, o->reveal, SYNOPSIS);
	cs_output_check(&o->out, SYNOPSIS);
}

/* Parses the command line into *o. */
static void
parse_args(struct options *o, int argc, char **argv)
{
	int c;

	memset(o, 0, sizeof *o);
	o->as_of = cs_today();
	while ((c = getopt_long(argc, argv, "d:qh", longopts, NULL)) != -1)
		set_option(o, c, optarg);
	parse_command(o, argc - optind, argv + optind);
	check_options(o);
}

/* Loads the policy file, or the built-in one; sets sha to the hash of its text. */
static struct cs_policy *
load_policy(const char *path, char sha[65])
{
	struct cs_buf text = { NULL, 0, 0 };
	struct cs_policy *p;
	struct cs_sha256 h;
	char err[512];

	if (path == NULL)
		cs_buf_puts(&text, cs_policy_default);
	else if (cs_read_small_file(path, &text, err, sizeof err) != 0)
		cs_errx(CS_EXIT_IO, "%s", err);
	if ((p = cs_policy_parse(path ? path : _("built-in policy"), text.data, err, sizeof err)) == NULL)
		cs_errx(CS_EXIT_USAGE, "%s", err);
	cs_sha256_init(&h);
	cs_sha256_update(&h, text.data, text.len);
	cs_sha256_hex(&h, sha);
	cs_buf_free(&text);
	return p;
}

/* The header of the action rows: the actions' columns, then the --with ones. */
static const char **
action_header(const struct options *o)
{
	static const char *h[CS_DUN_NCOLS + CS_WITH_MAX];
	int k;

	for (k = 0; k < CS_DUN_NCOLS; k++)
		h[k] = cs_dun_columns[k];
	cs_with_header(&o->with, h + CS_DUN_NCOLS, NULL);
	return h;
}

/* The actions' table: begun with the first row, or at the end of a run that had none. */
struct actions {
	const struct options *o;
	struct cs_table_out t;
	int begun;
};

/* Begins the actions' table, once. */
static void
begin_actions(struct actions *a)
{
	const struct options *o = a->o;

	if (a->begun++)
		return;
	cs_table_out_begin(&a->t, stdout, &o->out, action_header(o),
	    CS_DUN_NCOLS + (size_t)o->with.n, "llllllrrrllllllllllllllll");
}

/* Receives one action row (cs_dun_row_fn). */
static void
on_row(void *ctx, const char *const *f)
{
	begin_actions(ctx);
	cs_table_out_row(&((struct actions *)ctx)->t, f);
}

/* The nightly run; returns the exit status. */
static int
run(const struct options *o, struct cs_db *db, const struct cs_policy *p, const char *sha)
{
	static struct cs_access access;
	struct cs_dunning_opts ro = { o->as_of, p, sha, o->replay, o->dry_run, &o->with,
	    &access, { NULL, NULL } };
	struct cs_dunning_summary sum;
	struct actions out = { o, { 0 }, 0 };
	char err[512], a[CS_DATE_BUFSZ], f[CS_DATE_BUFSZ];
	int rc;

	if (o->with.n > 0)
		cs_access_start(&access, db, o->reveal);
	cs_progress_init(&ro.progress);
	if ((rc = cs_dunning_run(db, &ro, on_row, &out, &sum, err, sizeof err)) != CS_EXIT_OK)
		cs_warnx("%s", err);
	else
		begin_actions(&out);	/* a night without actions: the header alone */
	cs_progress_clear();
	if (out.begun && cs_table_out_end(&out.t) != 0)
		cs_errx(CS_EXIT_IO, _("standard output: write error"));
	cs_access_finish(&access, db);
	if (rc == CS_EXIT_OK && cs_show_progress() && !o->replay)
		cs_warnx(_("%s%s..%s: %zu actions, %zu customers changed"), o->dry_run ?
		    _("dry run, nothing written: ") : "", cs_date_format(sum.from, f),
		    cs_date_format(o->as_of, a), sum.actions, sum.customers);
	return rc;
}

/* hold and release; returns the exit status. */
static int
hold(const struct options *o, struct cs_db *db)
{
	char err[512], b[CS_DATE_BUFSZ];
	int rc, n = 0;

	if (o->command == CMD_HOLD)
		rc = cs_dunning_hold(db, o->customer, o->as_of, o->until, o->reason, err, sizeof err);
	else
		rc = cs_dunning_release(db, o->customer, o->as_of, &n, err, sizeof err);
	if (rc != CS_EXIT_OK)
		cs_warnx("%s", err);
	else if (o->command == CMD_HOLD)
		cs_note(_("%s held until %s"), o->customer, cs_date_format(o->until, b));
	else
		cs_note(ngettext("%s: %d hold released", "%s: %d holds released", (unsigned long)n),
		    o->customer, n);
	return rc;
}

/* The block list; returns the exit status. */
static int
blocklist(const struct options *o, struct cs_db *db, const struct cs_policy *p)
{
	struct cs_text_rows rows;
	char err[512];
	int rc;

	cs_text_rows_init(&rows, CS_BLOCK_NCOLS);
	if ((rc = cs_dunning_blocklist(db, p, &rows, err, sizeof err)) != CS_EXIT_OK)
		cs_warnx("%s", err);
	else
		cs_print_or_exit(&o->out, cs_block_columns, &rows, NULL);
	cs_text_rows_free(&rows);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct options o;
	struct cs_policy *p;
	struct cs_db *db;
	char err[512], sha[65];
	int rc;

	cs_program_init(argc, argv);
	parse_args(&o, argc, argv);
	p = load_policy(o.policy, sha);
	if ((db = cs_db_open(cs_db_path(o.db), CS_DB_MIGRATE, err, sizeof err)) == NULL) {
		cs_policy_free(p);
		cs_errx(CS_EXIT_DB, "%s", err);
	}
	switch (o.command) {
	case CMD_RUN: rc = run(&o, db, p, sha); break;
	case CMD_BLOCKLIST: rc = blocklist(&o, db, p); break;
	default: rc = hold(&o, db); break;
	}
	cs_db_close(db);
	cs_policy_free(p);
	return rc;
}
