/*
 * cs-report - the reports management reads: arrears aging, collection,
 * segment mix, satisfaction, complaints, top customers and one
 * customer's card, as text, CSV, JSON or one HTML page with charts.
 * See cs-report(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_cli.h"
#include "cs_db.h"
#include "cs_err.h"
#include "cs_file.h"
#include "cs_ledger_db.h"
#include "cs_report.h"
#include "cs_survey_def.h"
#include "cs_text.h"
#include "cs_work.h"

#define SYNOPSIS "cs-report [-d DB] [--as-of DATE] [--format F] [-o FILE] REPORT..."
#define usage_error(...) cs_usage_error(SYNOPSIS, __VA_ARGS__)

static const char usage_text[] =
"usage: " SYNOPSIS "\n"
"Write management reports, as of a date.\n"
"\n"
"Reports:\n"
"  aging          receivables by days past due, reconciled with the tables\n"
"  collection     billed, collected, DSO and arrears by month; dunning stages\n"
"  segments       the mix of the latest segment snapshots, Pareto curve, movement\n"
"  satisfaction   SERVQUAL gaps, NPS and CSAT overall, by month and by group\n"
"  complaints     volume, validity, time to close, repeat complainers\n"
"  top            the largest customers against a base period\n"
"  customer ID    one customer's card\n"
"  all            every report but customer\n"
"\n"
"  -d, --db FILE          database (default: $CS_DB, else ./cs.db)\n"
"      --as-of DATE       the day of the reports (default: today)\n"
"      --format F         text (default on a terminal), csv (default otherwise),\n"
"                         json or html\n"
"  -o, --output FILE      write to FILE instead of standard output\n"
"      --excel            csv: a UTF-8 BOM and formula-safe cells, for Excel\n"
"      --by FIELD         aging: region, manager, kind, industry or class;\n"
"                         satisfaction: a customer column, month or a segment model\n"
"      --buckets D,D,...  aging: upper bounds of the overdue buckets (30,60,90,180)\n"
"      --months N         collection: months shown (12)\n"
"      --compare DATE     segments: the earlier snapshot for the movement\n"
"      --from DATE        complaints: the first day (default: the year up to --to)\n"
"      --to DATE          complaints: the last day (default: as-of)\n"
"      --sla DAYS         complaints: days to close them in (1)\n"
"      --top N            top: how many customers (50)\n"
"      --window MONTHS    top: months of the period (12)\n"
"      --base-to DATE     top: the end of the base period (default: a year before)\n"
"      --drop PCT         top: flag a fall of more than PCT % (10)\n"
"      --reveal           customer: phone and email unmasked\n"
"      --definition FILE  satisfaction: the survey definition, as for cs-survey\n"
"                         (default: built in)\n"
"  -q, --quiet            print errors only\n"
"  -h, --help             show this help\n"
"      --version          show the version\n"
"\n"
"Exit status: 0 done, 1 unknown customer, 2 usage error, 3 database error,\n"
"4 output error, 6 out of memory.\n";

enum report { R_AGING, R_COLLECTION, R_SEGMENTS, R_SATISFACTION, R_COMPLAINTS, R_TOP,
	R_CUSTOMER, NREPORTS };

static const char *const report_names[NREPORTS] = { "aging", "collection", "segments",
	"satisfaction", "complaints", "top", "customer" };

struct options {
	struct cs_report_opts r;
	char compare[CS_DATE_BUFSZ];		/* --compare, canonical */
	const char *db, *output;
	const char *definition;		/* --definition */
	struct cs_survey_def survey;
	int format, have_format, excel, have_from, have_to, have_base;
	int want[NREPORTS];
};

enum { OPT_AS_OF = 256, OPT_FORMAT, OPT_EXCEL, OPT_BY, OPT_BUCKETS, OPT_MONTHS, OPT_COMPARE,
	OPT_FROM, OPT_TO, OPT_SLA, OPT_TOP, OPT_WINDOW, OPT_BASE_TO, OPT_DROP, OPT_REVEAL,
	OPT_DEFINITION,
	OPT_VERSION };

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
	{ "drop", required_argument, NULL, OPT_DROP },
	{ "reveal", no_argument, NULL, OPT_REVEAL },
	{ "definition", required_argument, NULL, OPT_DEFINITION },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* Parses --buckets: ascending whole numbers of days. */
static void
parse_buckets(struct cs_report_opts *r, const char *arg)
{
	char *copy = cs_xstrdup(arg), *tok, *save = NULL;

	r->nbuckets = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		long long v;

		if (r->nbuckets == 7)
			usage_error("--buckets %s: at most 7 bounds", arg);
		if (cs_strtonum(tok, 1, 36500, &v) != NULL)
			usage_error("--buckets %s: expected whole numbers of days", arg);
		if (r->nbuckets > 0 && v <= r->bucket[r->nbuckets - 1])
			usage_error("--buckets %s: the bounds must ascend", arg);
		r->bucket[r->nbuckets++] = (long)v;
	}
	free(copy);
	if (r->nbuckets == 0)
		usage_error("--buckets %s: expected whole numbers of days", arg);
}

/* Applies one option; exits for --help, --version and usage errors. */
static void
set_option(struct options *o, int c, const char *arg)
{
	static const char *const formats[] = { "text", "csv", "json", "html" };
	int k;

	switch (c) {
	case 'd': o->db = arg; break;
	case OPT_AS_OF: o->r.as_of = cs_date_option(SYNOPSIS, "--as-of", arg); break;
	case OPT_FORMAT:
		for (k = 0; k < 4 && strcmp(arg, formats[k]) != 0; k++)
			;
		if (k == 4)
			usage_error("--format %s: expected text, csv, json or html", arg);
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
	case OPT_FROM: o->r.from = cs_date_option(SYNOPSIS, "--from", arg); o->have_from = 1; break;
	case OPT_TO: o->r.to = cs_date_option(SYNOPSIS, "--to", arg); o->have_to = 1; break;
	case OPT_SLA: o->r.sla = (long)cs_number_option("--sla", arg, 0, 3650); break;
	case OPT_TOP: o->r.top = (int)cs_number_option("--top", arg, 1, 100000); break;
	case OPT_WINDOW: o->r.window_months = (int)cs_number_option("--window", arg, 1, 120); break;
	case OPT_BASE_TO:
		o->r.base_to = cs_date_option(SYNOPSIS, "--base-to", arg);
		o->have_base = 1;
		break;
	case OPT_DROP: o->r.drop = (int)cs_number_option("--drop", arg, 0, 100); break;
	case OPT_REVEAL: o->r.reveal = 1; break;
	case OPT_DEFINITION: o->definition = arg; break;
	case 'q': cs_quiet = 1; break;
	case 'h': fputs(usage_text, stdout); exit(CS_EXIT_OK);
	case OPT_VERSION: cs_print_version(); exit(CS_EXIT_OK);
	default: usage_error("%s", "unknown option");
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
			usage_error("unknown report \"%s\" (expected aging, collection, segments,"
			    " satisfaction, complaints, top, customer ID or all)", argv[i]);
		if (k == R_CUSTOMER) {
			if (i + 1 >= argc)
				usage_error("%s", "customer: no customer id given");
			o->r.customer = argv[++i];
		}
		o->want[k] = any = 1;
	}
	if (!any)
		usage_error("%s", "no report given");
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
	o->r.window_months = o->r.window_months ? o->r.window_months : 12;
	o->r.drop = o->r.drop >= 0 ? o->r.drop : 10;
	if (!o->have_to)
		o->r.to = o->r.as_of;
	if (!o->have_from)
		o->r.from = cs_days_to_date(cs_date_to_days(cs_date_add_months(o->r.to, -12)) + 1);
	if (cs_date_to_days(o->r.from) > cs_date_to_days(o->r.to))
		usage_error("%s", "--from is after --to");
	if (!o->have_base)
		o->r.base_to = cs_date_add_months(o->r.as_of, -12);
	if (!o->have_format)
		o->format = o->output == NULL && isatty(STDOUT_FILENO) ? CS_REPORT_TEXT :
		    CS_REPORT_CSV;
	if (o->excel && o->format != CS_REPORT_CSV)
		usage_error("%s", "--excel goes with the csv format");
}

/* Parses the command line into *o. */
static void
parse_args(struct options *o, int argc, char **argv)
{
	int c;

	memset(o, 0, sizeof *o);
	o->r.as_of = cs_today();
	o->r.sla = o->r.drop = -1;	/* not given */
	while ((c = getopt_long(argc, argv, "d:o:qh", longopts, NULL)) != -1)
		set_option(o, c, optarg);
	parse_reports(o, argc - optind, argv + optind);
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
		cs_report_segments, cs_report_satisfaction, cs_report_complaints, cs_report_top,
		cs_report_customer };
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
	if (cs_report_write(fp, r, (enum cs_report_format)o->format, o->excel) == 0)
		return 0;
	cs_warnx("%s: write error", name);
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
		cs_warnx("cannot write %s", err);
		return CS_EXIT_IO;
	}
	if (write_to(o, r, out.fp, o->output) != 0) {
		cs_out_abort(&out);
		return CS_EXIT_IO;
	}
	if (cs_out_commit(&out, err, sizeof err) != 0) {
		cs_warnx("cannot write %s", err);
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
	return write_to(o, r, stdout, "standard output") == 0 ? CS_EXIT_OK : CS_EXIT_IO;
}

int
main(int argc, char *argv[])
{
	struct options o;
	struct cs_report r;
	struct cs_db *db;
	char err[512];
	int rc;

	cs_program_init(argv[0]);
	parse_args(&o, argc, argv);
	if (o.want[R_SATISFACTION] &&
	    (rc = cs_survey_def_load(o.definition, &o.survey, err, sizeof err)) != 0)
		cs_errx(rc == -1 ? CS_EXIT_IO : CS_EXIT_USAGE, "%s", err);
	o.r.survey = &o.survey;
	if ((db = cs_db_open(cs_db_path(o.db), CS_DB_MIGRATE, err, sizeof err)) == NULL)
		cs_errx(CS_EXIT_DB, "%s", err);
	memset(&r, 0, sizeof r);
	cs_date_format(o.r.as_of, r.as_of);
	if ((rc = run_reports(&o, db, &r)) == CS_EXIT_OK)
		rc = write_report(&o, &r);
	cs_db_close(db);
	cs_report_free(&r);
	return rc;
}
