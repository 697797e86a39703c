/*
 * cs-segment - classify customers: RFM, ABC (Pareto), value pyramid,
 * churn warning, loyalty, big customers, credit grade and user rules,
 * as one CSV row per customer.  See cs-segment(1).  The models are in
 * lib/cs_models.c; this is the command line and the recipe.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_cli.h"
#include "cs_db.h"
#include "cs_err.h"
#include "cs_metrics.h"
#include "cs_models.h"
#include "cs_print.h"
#include "cs_progress.h"
#include "cs_rules.h"
#include "cs_shown.h"
#include "cs_text.h"
#include "cs_value.h"

static const char usage_text[] = /* xgettext:no-c-format */ N_(
"usage: cs-segment [-d DB] [--as-of DATE] [options] MODEL...\n"
"Classify every customer; one row per customer on standard output.\n"
"\n"
"Models:\n"
"  rfm       recency, frequency and monetary scores 1..k and a named segment\n"
"  abc       Pareto classes A, B, C on revenue\n"
"  pyramid   value tiers Platinum, Gold, Iron, Lead\n"
"  churn     revenue against the same window a year before: drop, lost, new\n"
"  loyalty   Dick & Basu: attitude (survey answer, else revenue growth)\n"
"            against repeat patronage (invoices due paid on time)\n"
"  bigcustomer  strategic, key, group (集团), high-value or regular\n"
"  credit    grade AAA, AA, A, B, C from the payment record (or none)\n"
"  rules FILE  your own segments: \"label: condition\" lines, first match wins\n"
"\n"
"  -d, --db FILE          database (default: $CS_DB, else ./cs.db)\n"
"      --as-of DATE       the day the window ends (default: today)\n"
"  -w, --window LEN       window length: 12 or 12m (months), 1y, 90d (default 12)\n"
"  -k N                   rfm scores 1..N, 2 to 9 (default 5)\n"
"      --method M         rfm scoring: tiles (default), quantile or breaks; equal\n"
"                         values always score alike: tiles give a tie the\n"
"                         score of its best place, quantile of its worst\n"
"      --frequency F      rfm frequency: invoices (default) or periods paid\n"
"      --breaks X=a,b,... rfm thresholds for X = R (days), F (invoices) or\n"
"                         M (yuan): k-1 ascending values; implies --method breaks\n"
"      --abc A,B          abc: cumulative revenue share limits in % (80,95)\n"
"      --pyramid P,G,I    pyramid: tier sizes in % of customers (1,4,15)\n"
"      --drop PCT         churn: a fall of more than PCT % is a drop (15)\n"
"      --attitude ITEM    loyalty: the survey item, NPS (default) or CSAT\n"
"      --attitude-split X loyalty: a survey answer is high from X up (default:\n"
"                         the median of the answers)\n"
"      --growth-split PCT loyalty: revenue growth is high from PCT % up (0)\n"
"      --patronage-split PCT  loyalty: patronage is high from PCT % of the\n"
"                         invoices due paid on time up (default: the median)\n"
"      --big-top N        bigcustomer: the N largest by revenue are high-value (50)\n"
"      --big-revenue YUAN bigcustomer: so is revenue of YUAN or more\n"
"      --strategic FILE   bigcustomer: ids of strategic customers, one a line\n"
"      --key FILE         bigcustomer: ids of key customers, one a line\n"
"      --strategic-if C   bigcustomer: also strategic when condition C holds,\n"
"                         e.g. 'industry = \"金融\"' (the grammar of rules)\n"
"      --key-if C         bigcustomer: also key when condition C holds\n"
"      --from-csv         read per-customer metrics from standard input instead\n"
"                         of the database (see the manual for the columns)\n"
"      --format F         csv (default), text (an aligned table) or json\n"
"      --excel            csv for spreadsheets: a byte order mark, formula-safe cells\n"
"      --no-header        csv without its header line\n"
"      --with COLUMNS     add customers columns to each row, e.g. name,region,manager\n"
"      --reveal           --with: show the fields the reader is cleared for\n"
"      --access FILE      the access file of cs-access(5) (default: installed or built in)\n"
"      --save             also store the result as the as-of date's snapshot\n"
"      --explain          print the thresholds used on standard error\n"
"  -q, --quiet            print errors only\n"
"      --header zh|en     csv: Chinese column labels for Excel (zh) or names (en)\n"
"      --lang zh|en       messages and reports in Chinese or English (the locale's)\n"
"  -h, --help             show this help\n"
"      --version          show the version\n"
"\n"
"Exit status: 0 done, 1 bad input (a rule, --from-csv), 2 usage error, 3 database\n"
"error, 4 input or output error, 6 out of memory.\n");

/* Everything the command line sets besides the models' settings. */
struct options {
	struct cs_seg_opts seg;
	const char *db;
	const char *rules_file, *strategic, *key;	/* files */
	int save, explain, from_csv, reveal;
	struct cs_output out;
	struct cs_with with;
};

/* A usage error: prints why and the synopsis, and exits 2. */
#define SYNOPSIS "cs-segment [-d DB] [--as-of DATE] [options] MODEL..."
#define usage_error(...) cs_usage_error(SYNOPSIS, __VA_ARGS__)

/*
 * Parses a percentage with up to two decimals into basis points,
 * between 0 and 100 %, or exits 2.
 */
static int
percent_arg(const char *opt, const char *s, size_t len)
{
	int64_t bp;

	if (cs_hundredths_parse(s, len, &bp) != NULL || bp < 0 || bp > 10000)
		usage_error(_("%s: expected percentages between 0 and 100"), opt);
	return (int)bp;
}

/* Parses "a,b,..." of exactly n percentages into bp[], or exits 2. */
static void
percent_list(const char *opt, const char *arg, int *bp, int n)
{
	const char *p = arg, *comma;
	int i;

	for (i = 0; i < n; i++) {
		comma = strchr(p, ',');
		if ((comma == NULL) != (i == n - 1))
			usage_error(_("%s: wrong number of values"), opt);
		bp[i] = percent_arg(opt, p, comma ? (size_t)(comma - p) : strlen(p));
		p = comma + 1;
	}
}

/* Parses --breaks X=a,b,... into o->breaks; the count is checked against -k later. */
static void
breaks_arg(struct cs_seg_opts *o, const char *arg)
{
	const char *names = "RFM", *x = strchr(names, arg[0]);
	int metric, n = 0;
	char *copy, *tok, *save;

	if (arg[0] == '\0' || x == NULL || arg[1] != '=')
		usage_error(_("--breaks %s: expected R=, F= or M= and values"), arg);
	metric = (int)(x - names);
	copy = cs_xstrdup(arg + 2);
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		int64_t v;

		if (n == 8)
			usage_error(_("--breaks %s: too many values"), arg);
		if (metric == 2 ? cs_money_parse(tok, strlen(tok), &v) != NULL :
		    cs_strtonum(tok, 0, 1000000000, (long long *)&v) != NULL)
			usage_error(_("--breaks %s: not a number"), arg);
		if (n > 0 && v <= o->breaks[metric][n - 1])
			usage_error(_("--breaks %s: values must ascend"), arg);
		o->breaks[metric][n++] = v;
	}
	free(copy);
	o->have_breaks[metric] = n;
	o->method = CS_SCORE_BREAKS;
}

/* Adds the model named s to o, or exits 2. */
static void
add_model(struct cs_seg_opts *o, const char *s)
{
	int m = cs_model_find(s), j;

	if (m < 0)
		usage_error(_("unknown model \"%s\" (expected rfm, abc, pyramid, churn, loyalty, "
		    "bigcustomer, credit or rules FILE)"), s);
	for (j = 0; j < o->nmodels; j++)
		if ((int)o->models[j] == m)
			usage_error(_("model %s named twice"), s);
	o->models[o->nmodels++] = (enum cs_model_id)m;
}

enum { OPT_AS_OF = 256, OPT_METHOD, OPT_BREAKS, OPT_ABC, OPT_PYRAMID, OPT_DROP,
	OPT_SAVE, OPT_EXPLAIN, OPT_VERSION, OPT_ATTITUDE, OPT_ATTITUDE_SPLIT,
	OPT_PATRONAGE_SPLIT, OPT_BIG_TOP, OPT_BIG_REVENUE, OPT_STRATEGIC, OPT_KEY,
	OPT_FROM_CSV, OPT_FREQUENCY, OPT_STRATEGIC_IF, OPT_KEY_IF, OPT_GROWTH_SPLIT };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "window", required_argument, NULL, 'w' },
	{ "method", required_argument, NULL, OPT_METHOD },
	{ "frequency", required_argument, NULL, OPT_FREQUENCY },
	{ "breaks", required_argument, NULL, OPT_BREAKS },
	{ "abc", required_argument, NULL, OPT_ABC },
	{ "pyramid", required_argument, NULL, OPT_PYRAMID },
	{ "drop", required_argument, NULL, OPT_DROP },
	{ "attitude", required_argument, NULL, OPT_ATTITUDE },
	{ "attitude-split", required_argument, NULL, OPT_ATTITUDE_SPLIT },
	{ "growth-split", required_argument, NULL, OPT_GROWTH_SPLIT },
	{ "patronage-split", required_argument, NULL, OPT_PATRONAGE_SPLIT },
	{ "big-top", required_argument, NULL, OPT_BIG_TOP },
	{ "big-revenue", required_argument, NULL, OPT_BIG_REVENUE },
	{ "strategic", required_argument, NULL, OPT_STRATEGIC },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "strategic-if", required_argument, NULL, OPT_STRATEGIC_IF },
	{ "key-if", required_argument, NULL, OPT_KEY_IF },
	CS_OUTPUT_LONGOPTS,
	CS_WITH_LONGOPTS,
	{ "save", no_argument, NULL, OPT_SAVE },
	{ "from-csv", no_argument, NULL, OPT_FROM_CSV },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/*
 * Parses a condition option with the rule grammar over the metrics and
 * the customer attributes (not other models' labels, which may not be
 * computed yet), or exits 2 saying why and where.
 */
static struct cs_rules *
condition_arg(const struct cs_seg_opts *o, const char *opt, const char *arg)
{
	const struct cs_rule_metric *metrics;
	struct cs_buf text = { 0 };
	struct cs_rules *r;
	char err[256];
	const char *why;
	long col = 0;
	size_t n;
	int at = 0;

	metrics = cs_seg_rule_metrics(&n);
	cs_buf_printf(&text, "if: %s", arg);
	r = cs_rules_parse(opt, text.data, metrics, n, err, sizeof err);
	cs_buf_free(&text);
	if (r == NULL) {	/* err is "opt:1:COLUMN: why"; the column counts "if: " */
		if (sscanf(err + strlen(opt), ":%*d:%ld: %n", &col, &at) == 1 && at > 0)
			cs_warnx(_("%s: at character %ld: %s"), opt, col - 4, err + strlen(opt) + at);
		else
			cs_warnx("%s", err);
		exit(CS_EXIT_USAGE);
	}
	if ((why = cs_seg_check_rules(o, r, 0, err, sizeof err)) != NULL)
		usage_error("%s: %s", opt, why);
	return r;
}

/* Handles an option that sets a model's threshold or split; returns 0 when ch is none of them. */
static int
take_threshold(struct cs_seg_opts *s, int ch, const char *arg)
{
	switch (ch) {
	case OPT_ABC: percent_list("--abc", arg, s->abc, 2); return 1;
	case OPT_PYRAMID: percent_list("--pyramid", arg, s->pyramid, 3); return 1;
	case OPT_DROP: s->drop = percent_arg("--drop", arg, strlen(arg)); return 1;
	case OPT_ATTITUDE:
		if (strcmp(arg, "NPS") != 0 && strcmp(arg, "CSAT") != 0 &&
		    strcmp(arg, "nps") != 0 && strcmp(arg, "csat") != 0)
			usage_error(_("--attitude %s: expected NPS or CSAT"), arg);
		s->window.attitude_item = arg[0] == 'n' ? "NPS" : arg[0] == 'c' ? "CSAT" : arg;
		return 1;
	case OPT_ATTITUDE_SPLIT:
		if (cs_hundredths_parse(arg, strlen(arg), &s->attitude_split) != NULL)
			usage_error(_("--attitude-split %s: expected a number"), arg);
		return 1;
	case OPT_GROWTH_SPLIT:
		if (cs_hundredths_parse(arg, strlen(arg), &s->growth_split) != NULL)
			usage_error(_("--growth-split %s: expected a percentage such as -15 or 2.5"), arg);
		return 1;
	case OPT_PATRONAGE_SPLIT:
		s->patronage_split = percent_arg("--patronage-split", arg, strlen(arg));
		return 1;
	case OPT_BIG_TOP: s->big_top = cs_number_option("--big-top", arg, 0, 100000000); return 1;
	case OPT_BIG_REVENUE:
		if (cs_money_parse(arg, strlen(arg), &s->big_revenue) != NULL)
			usage_error(_("--big-revenue %s: expected an amount"), arg);
		return 1;
	case OPT_STRATEGIC_IF: s->strategic_if = condition_arg(s, "--strategic-if", arg); return 1;
	case OPT_KEY_IF: s->key_if = condition_arg(s, "--key-if", arg); return 1;
	default: return 0;
	}
}

/* Handles an option of the RFM model; returns 0 when ch is none of them. */
static int
take_rfm(struct cs_seg_opts *s, int ch, const char *arg)
{
	switch (ch) {
	case 'k': s->k = (int)cs_number_option("-k", arg, 2, 9); return 1;
	case OPT_METHOD:
		if (strcmp(arg, "tiles") == 0)
			s->method = CS_SCORE_TILES;
		else if (strcmp(arg, "quantile") == 0)
			s->method = CS_SCORE_QUANTILE;
		else if (strcmp(arg, "breaks") == 0)
			s->method = CS_SCORE_BREAKS;
		else
			usage_error(_("--method %s: expected tiles, quantile or breaks"), arg);
		return 1;
	case OPT_BREAKS: breaks_arg(s, arg); return 1;
	case OPT_FREQUENCY:
		if (strcmp(arg, "invoices") != 0 && strcmp(arg, "periods") != 0)
			usage_error(_("--frequency %s: expected invoices or periods"), arg);
		s->paid_periods = arg[0] == 'p';
		return 1;
	default: return 0;
	}
}

/* Handles one option of the command line. */
static void
take_option(struct options *o, int ch, const char *arg)
{
	const char *why;

	if (take_rfm(&o->seg, ch, arg) || take_threshold(&o->seg, ch, arg) ||
	    cs_output_take(&o->out, SYNOPSIS, ch, arg) ||
	    cs_with_take(&o->with, &o->reveal, SYNOPSIS, ch, arg))
		return;
	switch (ch) {
	case 'd': o->db = arg; break;
	case OPT_AS_OF: o->seg.window.as_of = cs_date_option(SYNOPSIS, "--as-of", arg); break;
	case 'w':
		if ((why = cs_window_parse(arg, &o->seg.window)) != NULL)
			usage_error(_("--window %s: %s"), arg, _(why));
		break;
	case OPT_STRATEGIC: o->strategic = arg; break;
	case OPT_KEY: o->key = arg; break;
	case OPT_SAVE: o->save = 1; break;
	case OPT_FROM_CSV: o->from_csv = 1; break;
	case OPT_EXPLAIN: o->explain = 1; break;
	case 'q': cs_quiet = 1; break;
	case 'h': fputs(_(usage_text), stdout); exit(CS_EXIT_OK);
	case OPT_VERSION: cs_print_version(); exit(CS_EXIT_OK);
	default: usage_error("%s", _("invalid option"));
	}
}

/* Checks the settings that depend on each other; exits 2 when they do not fit. */
static void
check_settings(const struct cs_seg_opts *s)
{
	int i;

	if (s->nmodels == 0)
		usage_error("%s", _("no model given (rfm, abc, pyramid, churn, loyalty, bigcustomer, "
		    "credit or rules FILE)"));
	if (s->abc[0] > s->abc[1])
		usage_error("%s", _("--abc: the A limit must not exceed the B limit"));
	if (s->pyramid[0] + s->pyramid[1] + s->pyramid[2] > 10000)
		usage_error("%s", _("--pyramid: the tiers add up to more than 100%"));
	for (i = 0; i < 3 && s->method == CS_SCORE_BREAKS; i++)
		if (s->have_breaks[i] != s->k - 1)
			usage_error(_("--method breaks: give --breaks %c= with k-1 values for each of "
			    "R, F and M"), "RFM"[i]);
}

/* Parses the command line into *o; exits 2 on a usage error. */
static void
parse_args(int argc, char *argv[], struct options *o)
{
	int ch, i;

	memset(o, 0, sizeof *o);
	cs_seg_opts_init(&o->seg, cs_today());
	while ((ch = getopt_long(argc, argv, "d:w:k:qh", longopts, NULL)) != -1)
		take_option(o, ch, optarg);
	for (i = optind; i < argc; i++) {
		add_model(&o->seg, argv[i]);
		if (strcmp(argv[i], "rules") == 0) {
			if (i + 1 == argc)
				usage_error("%s", _("rules: expected the rule file after it"));
			o->rules_file = argv[++i];
		}
	}
	check_settings(&o->seg);
	cs_output_check(&o->out, SYNOPSIS);
	cs_with_check(&o->with, o->reveal, SYNOPSIS);
}

/*
 * Reads the files the options name: the rule file (exit 1 with
 * file:line:column on a bad rule, 4 when it cannot be read, 2 when it
 * names a model that does not run) and the strategic and key lists
 * (exit 4).
 */
static void
read_files(struct options *o)
{
	const struct cs_rule_metric *metrics;
	char err[512];
	const char *why;
	size_t n;
	FILE *probe;

	if (o->strategic && cs_id_list_read(o->strategic, &o->seg.strategic, err, sizeof err) != 0)
		cs_errx(CS_EXIT_IO, "%s", err);
	if (o->key && cs_id_list_read(o->key, &o->seg.key, err, sizeof err) != 0)
		cs_errx(CS_EXIT_IO, "%s", err);
	if (o->rules_file == NULL)
		return;
	if ((probe = fopen(o->rules_file, "r")) == NULL)
		cs_errx(CS_EXIT_IO, "%s: %s", o->rules_file, strerror(errno));
	fclose(probe);
	metrics = cs_seg_rule_metrics(&n);
	if ((o->seg.rules = cs_rules_load(o->rules_file, metrics, n, err, sizeof err)) == NULL)
		cs_errx(CS_EXIT_DATA, "%s", err);	/* a bad rule: file:line:column */
	if ((why = cs_seg_check_rules(&o->seg, o->seg.rules, 1, err, sizeof err)) != NULL)
		usage_error("%s", why);
}

/*
 * Reads the metrics: from standard input with --from-csv, else from
 * the database, which is opened (once) when it is read, written with
 * --save or asked for --with columns.  Exits on an error.
 */
static struct cs_db *
read_metrics(struct options *o, struct cs_metrics *m, struct cs_access *a)
{
	struct cs_metrics_request rq = { &o->seg.window, cs_seg_wants(&o->seg),
	    o->with.n > 0 ? &o->with : NULL, { NULL, NULL } };
	struct cs_db *db = NULL;
	char err[512];

	if ((!o->from_csv || o->save || o->with.n > 0) &&
	    (db = cs_db_open(cs_db_path(o->db), CS_DB_MIGRATE, err, sizeof err)) == NULL)
		cs_errx(CS_EXIT_DB, "%s", err);
	if (o->with.n > 0)
		cs_access_start(a, db, o->reveal);
	if (o->from_csv) {
		if (cs_metrics_read_csv(STDIN_FILENO, "stdin", m, err, sizeof err) != 0)
			cs_errx(CS_EXIT_DATA, "%s", err);
		if (rq.with != NULL && cs_metrics_with(db, rq.with, m, err, sizeof err) != 0)
			cs_errx(CS_EXIT_DB, "%s", err);
		return db;
	}
	cs_progress_init(&rq.progress);
	if (cs_metrics_load(db, &rq, m, err, sizeof err) != 0)
		cs_errx(CS_EXIT_DB, "%s", err);
	cs_progress_clear();
	return db;
}

/*
 * Writes a row per customer in the --format asked: the models' columns,
 * then the --with ones as shown to the reader of a (cs_shown_with).
 * Exits 4 when writing fails.
 */
static void
write_rows(const struct options *o, const struct cs_seg *s, const struct cs_metrics *m,
    struct cs_access *a)
{
	const char *h[CS_SEG_MAX_COLS + CS_WITH_MAX], *f[CS_SEG_MAX_COLS + CS_WITH_MAX];
	char align[CS_SEG_MAX_COLS + CS_WITH_MAX + 1], buf[CS_SEG_MAX_COLS][CS_MONEY_BUFSZ];
	char shown[CS_WITH_MAX][256];
	struct cs_table_out t;
	size_t n = cs_seg_header(s, h, align), i;

	cs_with_header(&o->with, h + n, align + n);
	cs_table_out_begin(&t, stdout, &o->out, h, n + (size_t)o->with.n, align);
	for (i = 0; i < m->n; i++) {
		cs_seg_row(s, i, f, buf);
		if (o->with.n > 0)
			cs_shown_with(a, &o->with, m->c[i].id, m->with + i * (size_t)m->nwith, f + n,
			    shown);
		cs_table_out_row(&t, f);
	}
	if (cs_table_out_end(&t) != 0)
		cs_errx(CS_EXIT_IO, _("cannot write the output"));
}

int
main(int argc, char *argv[])
{
	struct options o;
	struct cs_metrics m;
	struct cs_seg *s;
	struct cs_db *db;
	struct cs_access a = { 0 };
	char err[512], as_of[CS_DATE_BUFSZ];

	cs_program_init(argc, argv);
	parse_args(argc, argv, &o);
	read_files(&o);
	db = read_metrics(&o, &m, &a);
	if ((s = cs_seg_run(&o.seg, &m, err, sizeof err)) == NULL)
		cs_errx(CS_EXIT_MEMORY, "%s", err);
	if (o.explain)
		cs_seg_explain(s);
	if (o.save) {
		if (cs_seg_save(db, s) != 0)
			cs_errx(CS_EXIT_DB, _("%s: cannot save the snapshot: %s"), cs_db_path(o.db),
			    cs_db_errmsg(db));
		cs_note(_("saved the %s snapshot of %zu customers"),
		    cs_date_format(o.seg.window.as_of, as_of), m.n);
	}
	write_rows(&o, s, &m, &a);
	cs_access_finish(&a, db);
	cs_seg_free(s);
	cs_db_close(db);
	cs_metrics_free(&m);
	cs_seg_opts_free(&o.seg);
	return CS_EXIT_OK;
}
