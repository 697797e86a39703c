/*
 * cs-report - the reports management reads: arrears aging, collection,
 * segment mix, satisfaction, complaints, top customers, the keeping of
 * the customer file and one customer's card, as text, CSV, JSON or one HTML page with charts.
 * See cs-report(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_cli.h"
#include "cs_complaint_rules.h"
#include "cs_db.h"
#include "cs_err.h"
#include "cs_file.h"
#include "cs_ledger_db.h"
#include "cs_metrics.h"
#include "cs_report.h"
#include "cs_survey_def.h"
#include "cs_text.h"
#include "cs_value.h"
#include "cs_work.h"

#define SYNOPSIS "cs-report [-d DB] [--as-of DATE] [--format F] [-o FILE] REPORT..."
#define usage_error(...) cs_usage_error(SYNOPSIS, __VA_ARGS__)

static const char usage_text[] = /* xgettext:no-c-format */ N_(
"usage: cs-report [-d DB] [--as-of DATE] [--format F] [-o FILE] REPORT...\n"
"Write management reports, as of a date (complaints: a moment).\n"
"\n"
"Reports:\n"
"  aging          receivables by days past due, reconciled with the tables\n"
"  collection     billed, collected, DSO and arrears by month; dunning stages\n"
"  segments       the mix of the latest segment snapshots, Pareto curve, movement\n"
"  satisfaction   SERVQUAL gaps, NPS and CSAT overall, by month and by group\n"
"  complaints     volume, validity, time to close, repeat complainers; handling\n"
"                 against the complaint rules: first answer, limits by owner and\n"
"                 class, remedies, reopened, big customers' satisfaction\n"
"  complaints-open  the open complaints, the most urgent first: deadline, hours\n"
"                 overdue, to whom it goes up and why\n"
"  top            the largest customers now and in a base period\n"
"  records        the customer file: records due for their quarterly re-check,\n"
"                 records missing required fields, changes by month, new\n"
"                 customers that matched a blacklisted one\n"
"  customer ID    one customer's card, each field as the reader is cleared for\n"
"  access         who saw which customer data (the access log), and the grants\n"
"  all            every report but customer and access\n"
"\n"
"  -d, --db FILE          database (default: $CS_DB, else ./cs.db)\n"
"      --as-of DATE       the day of the reports (default: today); complaints and\n"
"                         complaints-open: also a date and time, YYYY-MM-DD HH:MM;\n"
"                         a date alone is its last second, no --as-of now\n"
"      --format F         text (default on a terminal), csv (default otherwise),\n"
"                         json or html\n"
"  -o, --output FILE      write to FILE instead of standard output\n"
"      --excel            csv: a UTF-8 BOM and formula-safe cells, for Excel\n"
"      --by FIELD         aging, complaints, top: region, manager, kind, industry\n"
"                         or class; satisfaction: a customer column, month or a\n"
"                         segment model\n"
"      --buckets D,D,...  aging: upper bounds of the overdue buckets (30,60,90,180)\n"
"      --months N         collection: months shown (12)\n"
"      --compare DATE     segments: the earlier snapshot for the movement\n"
"      --from DATE        complaints, access: the first day (default: the year up\n"
"                         to --to)\n"
"      --to DATE          complaints, access: the last day (default: as-of)\n"
"      --sla DAYS         complaints: days to close them in (1)\n"
"      --rules FILE       complaints, complaints-open: the complaint rules, as in\n"
"                         cs-complaint(5) (default: built in)\n"
"      --top N            top: how many customers (50)\n"
"      --window LEN       top: the length of the periods: 12 or 12m (months), 1y,\n"
"                         90d (default 12 months)\n"
"      --base-to DATE     top: the end of the base period (default: a year before)\n"
"      --bands A,B        top: flag a fall of more than A %, of more than B % as\n"
"                         serious (10,20)\n"
"      --reveal           customer: show the fields the reader is cleared for,\n"
"                         each reveal and refusal written to the access log\n"
"      --access FILE      customer, records: the access file of cs-access(5)\n"
"                         (default: installed or built in)\n"
"      --definition FILE  satisfaction: the survey definition, as for cs-survey\n"
"                         (default: built in)\n"
"  -q, --quiet            print errors only\n"
"      --header zh|en     csv: Chinese column labels for Excel (zh) or names (en)\n"
"      --lang zh|en       messages and reports in Chinese or English (the locale's)\n"
"  -h, --help             show this help\n"
"      --version          show the version\n"
"An option of the reports that no report asked for uses is a usage error.\n"
"\n"
"Exit status: 0 done, 1 unknown customer or wrong rules file, 2 usage error,\n"
"3 database error, 4 output error or unreadable rules file, 6 out of memory.\n");

enum report { R_AGING, R_COLLECTION, R_SEGMENTS, R_SATISFACTION, R_COMPLAINTS,
	R_COMPLAINTS_OPEN, R_TOP, R_RECORDS, R_CUSTOMER, R_ACCESS, NREPORTS };

static const char *const report_names[NREPORTS] = { "aging", "collection", "segments",
	"satisfaction", "complaints", "complaints-open", "top", "records", "customer", "access" };

/* The reports that take a moment, not only a day, as --as-of. */
#define TIMED_REPORTS (REPORT_BIT(R_COMPLAINTS) | REPORT_BIT(R_COMPLAINTS_OPEN))

struct options {
	struct cs_report_opts r;
	char compare[CS_DATE_BUFSZ];		/* --compare, canonical */
	const char *db, *output;
	const char *definition;		/* --definition */
	struct cs_survey_def survey;
	const char *rules_file;		/* --rules */
	struct cs_complaint_rules *rules;
	const char *as_of_arg;		/* --as-of with a time of day, or NULL */
	int format, have_format, excel, reveal, header_zh;
	unsigned given;			/* the report options given, a bit each (report_options) */
	int want[NREPORTS];
};

enum { OPT_AS_OF = 256, OPT_FORMAT, OPT_EXCEL, OPT_BY, OPT_BUCKETS, OPT_MONTHS, OPT_COMPARE,
	OPT_FROM, OPT_TO, OPT_SLA, OPT_TOP, OPT_WINDOW, OPT_BASE_TO, OPT_BANDS, OPT_DROP,
	OPT_REVEAL, OPT_DEFINITION, OPT_RULES, OPT_VERSION, OPT_ACCESS };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "by", required_argument, NULL, OPT_BY },
	{ "buckets", required_argument, NULL, OPT_BUCKETS },
	{ "months", required_argument, NULL, OPT_MONTHS },
	{ "compare", required_argument, NULL, OPT_COMPARE },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "sla", required_argument, NULL, OPT_SLA },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "base-to", required_argument, NULL, OPT_BASE_TO },
	{ "bands", required_argument, NULL, OPT_BANDS },
	{ "drop", required_argument, NULL, OPT_DROP },	/* gone: a usage error */
	{ "reveal", no_argument, NULL, OPT_REVEAL },
	{ "access", required_argument, NULL, OPT_ACCESS },
	{ "definition", required_argument, NULL, OPT_DEFINITION },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "header", required_argument, NULL, CS_OPT_HEADER },
	CS_LANG_LONGOPT,
	{ NULL, 0, NULL, 0 }
};

#define REPORT_BIT(k) (1u << (k))

/* The options of the reports, and the reports (a bit each) that use each. */
static const struct report_option {
	int opt;
	unsigned reports;
} report_options[] = {
	{ OPT_BY, REPORT_BIT(R_AGING) | REPORT_BIT(R_SATISFACTION) | REPORT_BIT(R_COMPLAINTS) |
	    REPORT_BIT(R_TOP) },
	{ OPT_BUCKETS, REPORT_BIT(R_AGING) },
	{ OPT_MONTHS, REPORT_BIT(R_COLLECTION) },
	{ OPT_COMPARE, REPORT_BIT(R_SEGMENTS) },
	{ OPT_FROM, REPORT_BIT(R_COMPLAINTS) | REPORT_BIT(R_ACCESS) },
	{ OPT_TO, REPORT_BIT(R_COMPLAINTS) | REPORT_BIT(R_ACCESS) },
	{ OPT_SLA, REPORT_BIT(R_COMPLAINTS) },
	{ OPT_TOP, REPORT_BIT(R_TOP) },
	{ OPT_WINDOW, REPORT_BIT(R_TOP) },
	{ OPT_BASE_TO, REPORT_BIT(R_TOP) },
	{ OPT_BANDS, REPORT_BIT(R_TOP) },
	{ OPT_REVEAL, REPORT_BIT(R_CUSTOMER) },
	{ OPT_ACCESS, REPORT_BIT(R_CUSTOMER) | REPORT_BIT(R_RECORDS) },
	{ OPT_DEFINITION, REPORT_BIT(R_SATISFACTION) },
	{ OPT_RULES, TIMED_REPORTS },
};

#define NREPORT_OPTIONS (sizeof report_options / sizeof report_options[0])

/* Returns the index of option c in report_options, or -1 for another option. */
static int
report_option(int c)
{
	size_t k;

	for (k = 0; k < NREPORT_OPTIONS; k++)
		if (report_options[k].opt == c)
			return (int)k;
	return -1;
}

/* Returns nonzero when option c, one of report_options, was given. */
static int
given(const struct options *o, int c)
{
	return (o->given & REPORT_BIT(report_option(c))) != 0;
}

/* Returns the long name of option c, as longopts has it. */
static const char *
option_name(int c)
{
	const struct option *l;

	for (l = longopts; l->name != NULL && l->val != c; l++)
		;
	return l->name;
}

/* Writes the names of the reports in mask into buf: "a", "a and b", "a, b and c". */
static const char *
report_list(unsigned mask, char *buf, size_t len)
{
	int r, n = 0, said = 0;

	for (r = 0; r < NREPORTS; r++)
		n += (mask & REPORT_BIT(r)) != 0;
	buf[0] = '\0';
	for (r = 0; r < NREPORTS; r++)
		if (mask & REPORT_BIT(r)) {
			said++;
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", said == 1 ? "" :
			    said == n ? _(" and ") : _(", "), report_names[r]);
		}
	return buf;
}

/*
 * Exits with a usage error when a report option was given that no
 * report asked for uses, naming the reports that use it.
 */
static void
check_unused(const struct options *o)
{
	unsigned wanted = 0, use;
	char who[128];
	size_t k;
	int r;

	for (r = 0; r < NREPORTS; r++)
		wanted |= o->want[r] ? REPORT_BIT(r) : 0;
	for (k = 0; k < NREPORT_OPTIONS; k++) {
		use = report_options[k].reports;
		if ((o->given & REPORT_BIT(k)) && (use & wanted) == 0)
			usage_error(_("--%s: no report asked for uses it (%s %s)"),
			    option_name(report_options[k].opt), report_list(use, who, sizeof who),
			    (use & (use - 1)) == 0 ? "does" : "do");
	}
}

/* Exits with a usage error when --by names no group of aging, complaints or top, asked for. */
static void
check_by(const struct options *o)
{
	static const int grouped[] = { R_AGING, R_COMPLAINTS, R_TOP };
	char err[256];
	size_t k;

	for (k = 0; k < sizeof grouped / sizeof grouped[0]; k++)
		if (o->want[grouped[k]] && o->r.by != NULL &&
		    cs_report_group_check(report_names[grouped[k]], o->r.by, err, sizeof err) !=
		    CS_EXIT_OK)
			usage_error("%s", err);
}

/* Parses --window (cs_window_parse), or exits 2. */
static void
parse_window(struct cs_report_opts *r, const char *arg)
{
	const char *why = cs_window_parse(arg, &r->window);

	if (why != NULL)
		usage_error(_("--window %s: %s"), arg, _(why));
}

/* Parses --bands A,B: two percentages, 0 <= A < B <= 100, into basis points. */
static void
parse_bands(struct cs_report_opts *r, const char *arg)
{
	const char *comma = strchr(arg, ',');
	int64_t a, b;

	if (comma == NULL || cs_hundredths_parse(arg, (size_t)(comma - arg), &a) != NULL ||
	    cs_hundredths_parse(comma + 1, strlen(comma + 1), &b) != NULL || a < 0 || b > 10000 ||
	    a >= b)
		usage_error(_("--bands %s: expected two percentages A,B from 0 to 100, A below B,"
		    " such as 10,20"), arg);
	r->bands[0] = (int)a;
	r->bands[1] = (int)b;
}

/* Parses --buckets: ascending whole numbers of days. */
static void
parse_buckets(struct cs_report_opts *r, const char *arg)
{
	char *copy = cs_xstrdup(arg), *tok, *save = NULL;

	r->nbuckets = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		long long v;

		if (r->nbuckets == 7)
			usage_error(_("--buckets %s: at most 7 bounds"), arg);
		if (cs_strtonum(tok, 1, 36500, &v) != NULL)
			usage_error(_("--buckets %s: expected whole numbers of days"), arg);
		if (r->nbuckets > 0 && v <= r->bucket[r->nbuckets - 1])
			usage_error(_("--buckets %s: the bounds must ascend"), arg);
		r->bucket[r->nbuckets++] = (long)v;
	}
	free(copy);
	if (r->nbuckets == 0)
		usage_error(_("--buckets %s: expected whole numbers of days"), arg);
}

/* Returns the day of a moment (seconds of the wall clock). */
static struct cs_date
day_of(int64_t moment)
{
	char buf[CS_DATETIME_BUFSZ];
	struct cs_date d;

	cs_date_parse(cs_datetime_format(moment, buf), 10, &d);
	return d;
}

/*
 * Parses --as-of: a date and time (the moment of the complaint
 * reports), or a date, whose moment is its last second, 23:59:59.
 */
static void
parse_as_of(struct options *o, const char *arg)
{
	if (cs_datetime_parse(arg, strlen(arg), &o->r.moment) == NULL) {
		o->r.as_of = day_of(o->r.moment);
		o->as_of_arg = arg;
		return;
	}
	if (cs_date_parse(arg, strlen(arg), &o->r.as_of) != NULL)
		usage_error(_("--as-of %s: expected a date YYYY-MM-DD, or a date and time"
		    " YYYY-MM-DD HH:MM[:SS]"), arg);
	o->r.moment = (int64_t)cs_date_to_days(o->r.as_of) * 86400 + 86399;
	o->as_of_arg = NULL;
}

/* Exits with a usage error when --as-of has a time of day and a report asked for takes a day only. */
static void
check_as_of(const struct options *o)
{
	int r;

	for (r = 0; r < NREPORTS && o->as_of_arg != NULL; r++)
		if (o->want[r] && (TIMED_REPORTS & REPORT_BIT(r)) == 0)
			usage_error(_("--as-of %s: %s takes a date, not a time of day (only complaints"
			    " and complaints-open take one)"), o->as_of_arg, report_names[r]);
}

/* Applies one option; exits for --help, --version and usage errors. */
static void
set_option(struct options *o, int c, const char *arg)
{
	static const char *const formats[] = { "text", "csv", "json", "html" };
	int k;

	if (report_option(c) >= 0)
		o->given |= REPORT_BIT(report_option(c));
	switch (c) {
	case 'd': o->db = arg; break;
	case OPT_AS_OF: parse_as_of(o, arg); break;
	case OPT_FORMAT:
		for (k = 0; k < 4 && strcmp(arg, formats[k]) != 0; k++)
			;
		if (k == 4)
			usage_error(_("--format %s: expected text, csv, json or html"), arg);
		o->format = k;
		o->have_format = 1;
		break;
	case 'o': o->output = arg; break;
	case OPT_EXCEL: o->excel = 1; break;
	case OPT_BY: o->r.by = arg; break;
	case OPT_BUCKETS: parse_buckets(&o->r, arg); break;
	case OPT_MONTHS: o->r.months = (int)cs_number_option("--months", arg, 1, 120); break;
	case OPT_COMPARE:
		o->r.compare = cs_date_format(cs_date_option(SYNOPSIS, "--compare", arg), o->compare);
		break;
	case OPT_FROM: o->r.from = cs_date_option(SYNOPSIS, "--from", arg); break;
	case OPT_TO: o->r.to = cs_date_option(SYNOPSIS, "--to", arg); break;
	case OPT_SLA: o->r.sla = (long)cs_number_option("--sla", arg, 0, 3650); break;
	case OPT_TOP: o->r.top = (int)cs_number_option("--top", arg, 1, 100000); break;
	case OPT_WINDOW: parse_window(&o->r, arg); break;
	case OPT_BASE_TO: o->r.base_to = cs_date_option(SYNOPSIS, "--base-to", arg); break;
	case OPT_BANDS: parse_bands(&o->r, arg); break;
	case OPT_DROP:
		usage_error(_("--drop: top takes --bands A,B instead (a fall of more than A %%"
		    " flagged, of more than B %% serious; default 10,20)"));
	case OPT_REVEAL: o->reveal = 1; break;
	case OPT_ACCESS: cs_access_option(SYNOPSIS, arg); break;
	case OPT_DEFINITION: o->definition = arg; break;
	case OPT_RULES: o->rules_file = arg; break;
	case 'q': cs_quiet = 1; break;
	case CS_OPT_HEADER: cs_header_option(SYNOPSIS, arg, &o->header_zh); break;
	case CS_OPT_LANG: break;
	case 'h': fputs(_(usage_text), stdout); exit(CS_EXIT_OK);
	case OPT_VERSION: cs_print_version(); exit(CS_EXIT_OK);
	default: usage_error("%s", _("unknown option"));
	}
}

/* Reads the reports named by the operands. */
static void
parse_reports(struct options *o, int argc, char **argv)
{
	int i, k, any = 0;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "all") == 0) {
			for (k = 0; k < R_CUSTOMER; k++)
				o->want[k] = any = 1;
			continue;
		}
		for (k = 0; k < NREPORTS && strcmp(argv[i], report_names[k]) != 0; k++)
			;
		if (k == NREPORTS)
			usage_error(_("unknown report \"%s\" (expected aging, collection, segments,"
			    " satisfaction, complaints, complaints-open, top, records, customer ID,"
			    " access or all)"), argv[i]);
		if (k == R_CUSTOMER) {
			if (i + 1 >= argc)
				usage_error("%s", _("customer: no customer id given"));
			o->r.customer = argv[++i];
		}
		o->want[k] = any = 1;
	}
	if (!any)
		usage_error("%s", _("no report given"));
}

/* Sets the defaults that depend on other options. */
static void
set_defaults(struct options *o)
{
	static const long buckets[] = { 30, 60, 90, 180 };

	if (o->r.nbuckets == 0) {
		memcpy(o->r.bucket, buckets, sizeof buckets);
		o->r.nbuckets = 4;
	}
	o->r.months = o->r.months ? o->r.months : 12;
	o->r.sla = o->r.sla >= 0 ? o->r.sla : 1;
	o->r.top = o->r.top ? o->r.top : 50;
	if (!given(o, OPT_WINDOW))
		o->r.window.months = 12;
	if (!given(o, OPT_BANDS)) {
		o->r.bands[0] = 1000;
		o->r.bands[1] = 2000;
	}
	if (!given(o, OPT_TO))
		o->r.to = o->r.as_of;
	if (!given(o, OPT_FROM))
		o->r.from = cs_days_to_date(cs_date_to_days(cs_date_add_months(o->r.to, -12)) + 1);
	if (cs_date_to_days(o->r.from) > cs_date_to_days(o->r.to))
		usage_error("%s", _("--from is after --to"));
	if (!given(o, OPT_BASE_TO))
		o->r.base_to = cs_date_add_months(o->r.as_of, -12);
	if (!o->have_format)
		o->format = o->output == NULL && isatty(STDOUT_FILENO) ? CS_REPORT_TEXT :
		    CS_REPORT_CSV;
	if (o->excel && o->format != CS_REPORT_CSV)
		usage_error("%s", _("--excel goes with the csv format"));
	if (o->header_zh && o->format != CS_REPORT_CSV)
		usage_error("%s", _("--header zh goes with the csv format"));
}

/* Parses the command line into *o. */
static void
parse_args(struct options *o, int argc, char **argv)
{
	int c;

	memset(o, 0, sizeof *o);
	o->r.moment = cs_now();
	o->r.as_of = day_of(o->r.moment);
	o->r.sla = -1;			/* not given */
	while ((c = getopt_long(argc, argv, "d:o:qh", longopts, NULL)) != -1)
		set_option(o, c, optarg);
	parse_reports(o, argc - optind, argv + optind);
	check_unused(o);
	check_by(o);
	check_as_of(o);
	set_defaults(o);
}

/* One job: reports run on a thread and worker connection of their own, into their own tables. */
struct job {
	const struct options *o;
	struct cs_db *db;		/* the run's connection */
	int first, last;		/* the reports, report_names[first..last] */
	struct cs_report r;
	int rc;
	char err[640];
};

/* Runs a job's reports (a pthread start routine). */
static void *
run_job(void *arg)
{
	static int (*const run[NREPORTS])(struct cs_db *, const struct cs_report_opts *,
	    struct cs_report *, char *, size_t) = { cs_report_aging, cs_report_collection,
		cs_report_segments, cs_report_satisfaction, cs_report_complaints,
		cs_report_complaints_open, cs_report_top, cs_report_records, cs_report_customer,
		cs_report_access };
	struct job *j = arg;
	struct cs_db *db = cs_db_worker(j->db, j->err, sizeof j->err);
	char err[512];
	int k;

	j->rc = db == NULL || cs_db_spill_to_disk(db) != 0 ? CS_EXIT_DB : CS_EXIT_OK;
	for (k = j->first; k <= j->last && j->rc == CS_EXIT_OK; k++)
		if (j->o->want[k] && (j->rc = run[k](db, &j->o->r, &j->r, err, sizeof err)) !=
		    CS_EXIT_OK)
			snprintf(j->err, sizeof j->err, "%s: %s", report_names[k], err);
	cs_db_close(db);
	return NULL;
}

/*
 * Runs the reports asked for at once, one job each (aging and
 * collection share one, and its pass over the ledger), on worker
 * connections of db that read one snapshot, and gathers their tables
 * into r in the order of report_names.  Returns the exit status.
 */
static int
run_reports(const struct options *o, struct cs_db *db, struct cs_report *r)
{
	struct job job[NREPORTS];
	struct cs_tasks tasks;
	char err[512];
	int n = 0, k, rc = CS_EXIT_OK;
	size_t i;

	for (k = 0; k < NREPORTS; k++) {
		if (!o->want[k] || (k == R_COLLECTION && o->want[R_AGING]))
			continue;
		memset(&job[n], 0, sizeof job[n]);
		job[n].o = o;
		job[n].db = db;
		job[n].first = k;
		job[n].last = k == R_AGING ? R_COLLECTION : k;
		snprintf(job[n].r.as_of, sizeof job[n].r.as_of, "%s", r->as_of);
		n++;
	}
	/* A worker for each job, and for each of the ledger pass's id ranges. */
	if (cs_db_snapshot(db, n + (o->want[R_AGING] || o->want[R_COLLECTION] ?
	    cs_id_ranges_max() : 0), err, sizeof err) != 0) {
		cs_warnx("%s", err);
		return CS_EXIT_DB;
	}
	cs_tasks_init(&tasks);
	for (k = 0; k < n; k++)
		cs_tasks_start(&tasks, run_job, &job[k]);
	cs_tasks_wait(&tasks);
	cs_db_snapshot_end(db);
	for (k = 0; k < n; k++) {
		if (job[k].rc != CS_EXIT_OK && rc == CS_EXIT_OK) {
			cs_warnx("%s", job[k].err);
			rc = job[k].rc;
		}
		for (i = 0; i < job[k].r.n; i++) {	/* the tables move to r */
			r->t = cs_xrealloc(r->t, (r->n + 1) * sizeof *r->t);
			r->t[r->n++] = job[k].r.t[i];
		}
		job[k].r.n = 0;
		cs_report_free(&job[k].r);
	}
	return rc;
}

/* Writes the report to fp; returns 0, or -1 (with a message) when writing failed. */
static int
write_to(const struct options *o, const struct cs_report *r, FILE *fp, const char *name)
{
	if (cs_report_write(fp, r, (enum cs_report_format)o->format, o->excel, o->header_zh) == 0)
		return 0;
	cs_warnx(_("%s: write error"), name);
	return -1;
}

/*
 * Writes the report to -o FILE: a regular file (or a new one) through
 * a temporary file beside it, created 0600 and renamed into place, so
 * a reader never sees half a report and a report with personal data is
 * never readable by others; a device or pipe directly; never through
 * a link to a file.  Returns the exit status.
 */
static int
write_file(const struct options *o, const struct cs_report *r)
{
	struct cs_out out;
	char err[4200];

	if (cs_out_open(&out, o->output, err, sizeof err) != 0) {
		cs_warnx(_("cannot write %s"), err);
		return CS_EXIT_IO;
	}
	if (write_to(o, r, out.fp, o->output) != 0) {
		cs_out_abort(&out);
		return CS_EXIT_IO;
	}
	if (cs_out_commit(&out, err, sizeof err) != 0) {
		cs_warnx(_("cannot write %s"), err);
		return CS_EXIT_IO;
	}
	return CS_EXIT_OK;
}

/* Writes the report to -o FILE or standard output; returns the exit status. */
static int
write_report(const struct options *o, const struct cs_report *r)
{
	if (o->output != NULL)
		return write_file(o, r);
	return write_to(o, r, stdout, _("standard output")) == 0 ? CS_EXIT_OK : CS_EXIT_IO;
}

/* Reads the complaint rules when a report asked for needs them, or exits 1 (wrong) or 4 (unreadable). */
static void
load_rules(struct options *o)
{
	char err[512];
	int io;

	if (!o->want[R_COMPLAINTS] && !o->want[R_COMPLAINTS_OPEN])
		return;
	if ((o->rules = cs_complaint_rules_load(o->rules_file, &io, err, sizeof err)) == NULL)
		cs_errx(io ? CS_EXIT_IO : CS_EXIT_DATA, "%s", err);
	o->r.rules = o->rules;
}

int
main(int argc, char *argv[])
{
	struct options o;
	struct cs_report r;
	static struct cs_access access;	/* the card's reader; zero unless started */
	struct cs_db *db;
	char err[512];
	int rc;

	cs_program_init(argc, argv);
	parse_args(&o, argc, argv);
	if (o.want[R_SATISFACTION] &&
	    (rc = cs_survey_def_load(o.definition, &o.survey, err, sizeof err)) != 0)
		cs_errx(rc == -1 ? CS_EXIT_IO : CS_EXIT_USAGE, "%s", err);
	o.r.survey = &o.survey;
	load_rules(&o);
	cs_progress_init(&o.r.progress);
	if ((db = cs_db_open(cs_db_path(o.db), CS_DB_MIGRATE, err, sizeof err)) == NULL)
		cs_errx(CS_EXIT_DB, "%s", err);
	if (o.want[R_CUSTOMER] || o.want[R_RECORDS]) {	/* records: its recheck_days */
		cs_access_start(&access, db, o.reveal);
		o.r.access = &access;
	}
	memset(&r, 0, sizeof r);
	if (o.as_of_arg != NULL)
		cs_datetime_format(o.r.moment, r.as_of);
	else
		cs_date_format(o.r.as_of, r.as_of);
	rc = run_reports(&o, db, &r);
	cs_progress_clear();
	cs_access_finish(&access, db);	/* what was revealed is logged before it is written */
	if (rc == CS_EXIT_OK)
		rc = write_report(&o, &r);
	cs_db_close(db);
	cs_report_free(&r);
	cs_complaint_rules_free(o.rules);
	return rc;
}
