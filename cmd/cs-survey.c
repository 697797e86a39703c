/*
 * cs-survey - return visits and satisfaction: who is due for a visit
 * (plan), whom to survey (sample), and the scores of the answers
 * (score: SERVQUAL, NPS, CSAT, ACSI-style index, Cronbach's alpha).
 * See cs-survey(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cs_cli.h"
#include "cs_complaint_rules.h"
#include "cs_db.h"
#include "cs_err.h"
#include "cs_print.h"
#include "cs_progress.h"
#include "cs_survey_def.h"
#include "cs_survey_plan.h"
#include "cs_survey_score.h"
#include "cs_text.h"

#define SYNOPSIS "cs-survey plan|sample|score [-d DB] [options]"
#define usage_error(...) cs_usage_error(SYNOPSIS, __VA_ARGS__)

static const char usage_text[] = /* xgettext:no-c-format */ N_(
"usage: cs-survey plan|sample|score [-d DB] [options]\n"
"Plan return visits, draw survey samples and score the answers; CSV on\n"
"standard output.\n"
"\n"
"Commands:\n"
"  plan     customers due for a return visit, the most urgent first\n"
"  sample   a stratified random sample of customers to survey\n"
"  score    SERVQUAL gaps, NPS, CSAT, ACSI-style index and Cronbach's alpha\n"
"\n"
"  -d, --db FILE          database (default: $CS_DB, else ./cs.db)\n"
"      --as-of DATE       plan, sample: the day (default: today)\n"
"      --format F         csv (default), text (an aligned table) or json\n"
"      --excel            csv for spreadsheets: a byte order mark, formula-safe cells\n"
"      --no-header        csv without its header line (to append to a file)\n"
"  -q, --quiet            print errors only\n"
"      --header zh|en     csv: Chinese column labels for Excel (zh) or names (en)\n"
"      --lang zh|en       messages and reports in Chinese or English (the locale's)\n"
"  -h, --help             show this help\n"
"      --version          show the version\n"
"plan:\n"
"      --first-year DAYS  days between visits in a customer's first year (30)\n"
"      --after DAYS       days between visits after the first year (90)\n"
"      --big DAYS         days between visits of big customers (strategic, key,\n"
"                         group, high-value) and of the --segment (30)\n"
"      --segment MODEL=LABEL  also visit this segment every --big days\n"
"      --recent DAYS      a detractor answer (NPS 0-6) this recent is urgent (90)\n"
"      --rules FILE       complaint rules, see cs-complaint(5): a return visit\n"
"                         within return_visit_days of a close (default: built in)\n"
"sample:\n"
"  -n N                   the sample size\n"
"      --by MODEL         strata: the labels of a saved segment model\n"
"      --allocation A     proportional (default) or neyman\n"
"      --neyman-item ITEM neyman: the item whose spread weighs the strata (NPS)\n"
"      --seed S           the random seed (default: from the clock, printed)\n"
"      --cooldown DAYS    leave out customers who answered in the last DAYS (90)\n"
"score:\n"
"      --survey NAME      the survey scored (default: the definition's, servqual)\n"
"      --by FIELD         groups: kind, region, industry, manager, status, month,\n"
"                         or a saved segment model (default: all together)\n"
"      --from DATE        answers from this day\n"
"      --to DATE          answers up to this day\n"
"      --definition FILE  the survey definition (default: built in, SERVQUAL)\n"
"      --weights D=W,...  importance weights of the dimensions\n"
"      --acsi ITEM[:W],... the items of the ACSI-style index\n"
"      --ci               95% confidence intervals\n"
"      --explain          also Cronbach's alpha if each item were deleted\n"
"\n"
"Exit status: 0 done, 1 nothing to sample or a bad rules file, 2 usage error,\n"
"3 database error, 4 output error or a rules file unreadable, 6 out of memory.\n");

enum command { CMD_NONE, CMD_PLAN, CMD_SAMPLE, CMD_SCORE };

struct options {
	enum command command;
	const char *db, *by, *segment, *survey, *from, *to, *definition, *weights, *acsi;
	const char *neyman_item, *rules;
	struct cs_date as_of;
	long first_year, after, big, recent, cooldown;
	long return_visit;		/* plan: the rules' return_visit_days */
	long long n;
	int have_n, neyman, have_seed, ci, explain, have_as_of;
	struct cs_output out;
	unsigned long long seed;
};

enum { OPT_AS_OF = 256, OPT_VERSION, OPT_FIRST_YEAR, OPT_AFTER, OPT_BIG,
	OPT_SEGMENT, OPT_RECENT, OPT_RULES, OPT_BY, OPT_ALLOCATION, OPT_NEYMAN_ITEM, OPT_SEED, OPT_COOLDOWN,
	OPT_SURVEY, OPT_FROM, OPT_TO, OPT_DEFINITION, OPT_WEIGHTS, OPT_ACSI, OPT_CI, OPT_EXPLAIN };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	CS_OUTPUT_LONGOPTS,
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "first-year", required_argument, NULL, OPT_FIRST_YEAR },
	{ "after", required_argument, NULL, OPT_AFTER },
	{ "big", required_argument, NULL, OPT_BIG },
	{ "segment", required_argument, NULL, OPT_SEGMENT },
	{ "recent", required_argument, NULL, OPT_RECENT },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "by", required_argument, NULL, OPT_BY },
	{ "allocation", required_argument, NULL, OPT_ALLOCATION },
	{ "neyman-item", required_argument, NULL, OPT_NEYMAN_ITEM },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "cooldown", required_argument, NULL, OPT_COOLDOWN },
	{ "survey", required_argument, NULL, OPT_SURVEY },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "definition", required_argument, NULL, OPT_DEFINITION },
	{ "weights", required_argument, NULL, OPT_WEIGHTS },
	{ "acsi", required_argument, NULL, OPT_ACSI },
	{ "ci", no_argument, NULL, OPT_CI },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ NULL, 0, NULL, 0 }
};

/* Checks a date option and keeps its canonical text in static storage. */
static const char *
date_text(const char *opt, const char *arg)
{
	static char buf[2][CS_DATE_BUFSZ];
	static int k;

	return cs_date_format(cs_date_option(SYNOPSIS, opt, arg), buf[k++ % 2]);
}

/* Applies the options that every command or the plan takes. */
static int
set_common(struct options *o, int c, const char *arg)
{
	if (cs_output_take(&o->out, SYNOPSIS, c, arg))
		return 1;
	switch (c) {
	case 'd': o->db = arg; break;
	case OPT_AS_OF:
		o->as_of = cs_date_option(SYNOPSIS, "--as-of", arg);
		o->have_as_of = 1;
		break;
	case 'q': cs_quiet = 1; break;
	case 'h': fputs(_(usage_text), stdout); exit(CS_EXIT_OK);
	case OPT_VERSION: cs_print_version(); exit(CS_EXIT_OK);
	case OPT_FIRST_YEAR: o->first_year = cs_number_option("--first-year", arg, 1, 3650); break;
	case OPT_AFTER: o->after = cs_number_option("--after", arg, 1, 3650); break;
	case OPT_BIG: o->big = cs_number_option("--big", arg, 1, 3650); break;
	case OPT_SEGMENT: o->segment = arg; break;
	case OPT_RECENT: o->recent = cs_number_option("--recent", arg, 0, 36500); break;
	case OPT_RULES: o->rules = arg; break;
	default: return 0;
	}
	return 1;
}

/* Applies the options of sample and score; exits 2 for an unknown one. */
static void
set_option(struct options *o, int c, const char *arg)
{
	if (set_common(o, c, arg))
		return;
	switch (c) {
	case 'n': o->n = cs_number_option("-n", arg, 1, 100000000); o->have_n = 1; break;
	case OPT_BY: o->by = arg; break;
	case OPT_ALLOCATION:
		if (strcmp(arg, "proportional") != 0 && strcmp(arg, "neyman") != 0)
			usage_error(_("--allocation %s: expected proportional or neyman"), arg);
		o->neyman = arg[0] == 'n';
		break;
	case OPT_NEYMAN_ITEM: o->neyman_item = arg; break;
	case OPT_SEED:
		o->seed = (unsigned long long)cs_number_option("--seed", arg, 0, 999999999999999LL);
		o->have_seed = 1;
		break;
	case OPT_COOLDOWN: o->cooldown = cs_number_option("--cooldown", arg, 0, 36500); break;
	case OPT_SURVEY: o->survey = arg; break;
	case OPT_FROM: o->from = date_text("--from", arg); break;
	case OPT_TO: o->to = date_text("--to", arg); break;
	case OPT_DEFINITION: o->definition = arg; break;
	case OPT_WEIGHTS: o->weights = arg; break;
	case OPT_ACSI: o->acsi = arg; break;
	case OPT_CI: o->ci = 1; break;
	case OPT_EXPLAIN: o->explain = 1; break;
	default: usage_error("%s", _("unknown option"));
	}
}

/* Returns the command named s, or exits 2. */
static enum command
command_of(const char *s)
{
	static const char *const names[] = { "", "plan", "sample", "score" };
	size_t k;

	for (k = 1; k < sizeof names / sizeof names[0]; k++)
		if (strcmp(s, names[k]) == 0)
			return (enum command)k;
	usage_error(_("unknown command \"%s\" (expected plan, sample or score)"), s);
}

/* Checks that the options given belong to the command. */
static void
check_options(const struct options *o)
{
	int plan = o->first_year || o->after || o->big || o->segment || o->recent >= 0 ||
	    o->rules;
	int sample = o->have_n || o->neyman || o->neyman_item || o->have_seed || o->cooldown >= 0;
	int score = o->survey || o->from || o->to || o->definition || o->weights || o->acsi ||
	    o->ci || o->explain;

	if (o->command == CMD_NONE)
		usage_error("%s", _("no command given (plan, sample or score)"));
	if ((plan && o->command != CMD_PLAN) || (sample && o->command != CMD_SAMPLE) ||
	    (score && o->command != CMD_SCORE))
		usage_error("%s", _("an option of another command (see --help)"));
	if (o->command == CMD_SCORE && o->have_as_of)
		usage_error("%s", _("score takes --from and --to, not --as-of"));
	if (o->command == CMD_SAMPLE && (!o->have_n || o->by == NULL))
		usage_error("%s", _("sample needs -n N and --by MODEL"));
	if (o->command == CMD_PLAN && o->by != NULL)
		usage_error("%s", _("--by belongs to sample and score"));
	if (o->segment != NULL && strchr(o->segment, '=') == NULL)
		usage_error(_("--segment %s: expected MODEL=LABEL"), o->segment);
	if (o->from && o->to && strcmp(o->from, o->to) > 0)
		usage_error("%s", _("--from is after --to"));
}

/* Parses the command line into *o. */
static void
parse_args(struct options *o, int argc, char **argv)
{
	int c;

	memset(o, 0, sizeof *o);
	o->as_of = cs_today();
	o->recent = o->cooldown = -1;	/* not given */
	while ((c = getopt_long(argc, argv, "d:n:qh", longopts, NULL)) != -1)
		set_option(o, c, optarg);	/* options may follow the command */
	if (optind < argc)
		o->command = command_of(argv[optind++]);
	if (optind < argc)
		usage_error(_("unexpected operand \"%s\""), argv[optind]);
	check_options(o);
}

/* cs-survey plan. */
static int
plan(const struct options *o, struct cs_db *db)
{
	char model[128], err[512];
	const char *eq = o->segment ? strchr(o->segment, '=') : NULL;
	struct cs_plan_opts po = { o->as_of, o->first_year ? o->first_year : 30,
		o->after ? o->after : 90, o->big ? o->big : 30, NULL, NULL,
		o->recent >= 0 ? o->recent : 90, "NPS", o->return_visit, { NULL, NULL } };
	struct cs_text_rows rows;
	int rc;

	if (eq != NULL) {
		snprintf(model, sizeof model, "%.*s", (int)(eq - o->segment), o->segment);
		po.model = model;
		po.label = eq + 1;
	}
	cs_text_rows_init(&rows, CS_PLAN_NCOLS);
	cs_progress_init(&po.progress);
	rc = cs_survey_plan(db, &po, &rows, err, sizeof err);
	cs_progress_clear();
	if (rc != CS_EXIT_OK)
		cs_warnx("%s", err);
	else
		cs_print_or_exit(&o->out, cs_plan_columns, &rows, "lllllrl");
	return rc;
}

/*
 * Reads the complaint rules (--rules, else the built-in ones) for the
 * days within which a return visit follows a complaint's close; exits
 * 1 when the file is wrong, 4 when it cannot be read.
 */
static long
return_visit_days(const char *path)
{
	struct cs_complaint_rules *r;
	char err[512];
	long days;
	int io;

	if ((r = cs_complaint_rules_load(path, &io, err, sizeof err)) == NULL)
		cs_errx(io ? CS_EXIT_IO : CS_EXIT_DATA, "%s", err);
	days = r->return_visit_days;
	cs_complaint_rules_free(r);
	return days;
}

/* cs-survey sample. */
static int
sample(const struct options *o, struct cs_db *db)
{
	struct cs_sample_opts so = { o->as_of, o->n, o->by, o->neyman,
		o->neyman_item ? o->neyman_item : "NPS",
		o->have_seed ? o->seed : (unsigned long long)time(NULL) % 1000000000,
		o->cooldown >= 0 ? o->cooldown : 90, { NULL, NULL } };
	struct cs_text_rows rows;
	char err[512];
	int64_t drawn;
	int rc;

	cs_text_rows_init(&rows, CS_SAMPLE_NCOLS);
	cs_progress_init(&so.progress);
	rc = cs_survey_sample(db, &so, &rows, &drawn, err, sizeof err);
	cs_progress_clear();
	if (rc != CS_EXIT_OK) {
		cs_warnx("%s", err);
		return rc;
	}
	cs_print_or_exit(&o->out, cs_sample_columns, &rows, "lllrrr");
	if (drawn < o->n)
		cs_warnx(_("only %lld customers could be drawn (of %lld asked)"), (long long)drawn,
		    o->n);
	if (!o->have_seed)
		cs_note(_("seed %llu (--seed %llu draws this sample again)"),
		    (unsigned long long)so.seed, (unsigned long long)so.seed);
	return CS_EXIT_OK;
}

/* Loads the survey definition with the --weights and --acsi changes; exits on error. */
static void
load_definition(const struct options *o, struct cs_survey_def *d)
{
	const char *why;
	char err[512];
	int rc = cs_survey_def_load(o->definition, d, err, sizeof err);

	if (rc != 0)
		cs_errx(rc == -1 ? CS_EXIT_IO : CS_EXIT_USAGE, "%s", err);
	if (o->weights && (why = cs_survey_def_weights(d, o->weights)) != NULL)
		usage_error(_("--weights %s: %s"), o->weights, _(why));
	if (o->acsi && (why = cs_survey_def_acsi(d, o->acsi)) != NULL)
		usage_error(_("--acsi %s: %s"), o->acsi, _(why));
}

/* cs-survey score. */
static int
score(const struct options *o, struct cs_db *db)
{
	static struct cs_survey_def def;
	struct cs_score_opts so = { &def, o->survey, o->by, o->from, o->to, o->ci, o->explain,
		{ NULL, NULL } };
	struct cs_text_rows rows;
	char err[512];
	int64_t invalid;
	int rc;

	load_definition(o, &def);
	cs_text_rows_init(&rows, CS_SCORE_NCOLS);
	cs_progress_init(&so.progress);
	/* One read transaction: on PostgreSQL the queries stream, not held past it. */
	if (cs_db_snapshot(db, 0, err, sizeof err) != 0)
		rc = CS_EXIT_DB;
	else {
		rc = cs_survey_score(db, &so, &rows, &invalid, err, sizeof err);
		cs_db_snapshot_end(db);
	}
	cs_progress_clear();
	if (rc != CS_EXIT_OK) {
		cs_warnx("%s", err);
		cs_text_rows_free(&rows);
		return rc;
	}
	cs_print_or_exit(&o->out, cs_score_columns, &rows, "lllrrrrr");
	if (invalid > 0)
		cs_warnx(ngettext("%lld answer off the item's scale left out (counted as missing)",
		    "%lld answers off the item's scale left out (counted as missing)",
		    (unsigned long)invalid), (long long)invalid);
	return CS_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	struct options o;
	static struct cs_db *db;	/* static: reachable when a message ends the run */
	char err[512];
	int rc;

	cs_program_init(argc, argv);
	parse_args(&o, argc, argv);
	if (o.command == CMD_PLAN)
		o.return_visit = return_visit_days(o.rules);
	if ((db = cs_db_open(cs_db_path(o.db), CS_DB_MIGRATE, err, sizeof err)) == NULL)
		cs_errx(CS_EXIT_DB, "%s", err);
	rc = o.command == CMD_PLAN ? plan(&o, db) : o.command == CMD_SAMPLE ? sample(&o, db) :
	    score(&o, db);
	cs_db_close(db);
	return rc;
}
