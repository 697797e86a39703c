/*
 * cs-segment - classify customers: RFM, ABC (Pareto), value pyramid and
 * churn warning, as one CSV row per customer.  See cs-segment(1).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cs.h"

static const char usage_text[] =
"usage: cs-segment [-d DB] [--as-of DATE] [options] MODEL...\n"
"Classify every customer; one CSV row per customer on standard output.\n"
"\n"
"Models:\n"
"  rfm       recency, frequency and monetary scores 1..k and a named segment\n"
"  abc       Pareto classes A, B, C on revenue\n"
"  pyramid   value tiers Platinum, Gold, Iron, Lead\n"
"  churn     revenue against the same window a year before: drop, lost, new\n"
"  loyalty   Dick & Basu: attitude (survey) against repeat patronage\n"
"  bigcustomer  strategic, key, high-value or regular\n"
"  credit    grade AAA, AA, A, B, C from the payment record (or none)\n"
"  rules FILE  your own segments: \"label: condition\" lines, first match wins\n"
"\n"
"  -d, --db FILE          database (default: $CS_DB, else ./cs.db)\n"
"      --as-of DATE       the day the window ends (default: today)\n"
"  -w, --window LEN       window length: 90d, 12m, 1y (default 12m)\n"
"  -k N                   rfm scores 1..N, 2 to 9 (default 5)\n"
"      --method M         rfm scoring: tiles (default), quantile or breaks\n"
"      --frequency F      rfm frequency: invoices (default) or periods paid\n"
"      --breaks X=a,b,... rfm thresholds for X = R (days), F (invoices) or\n"
"                         M (yuan): k-1 ascending values; implies --method breaks\n"
"      --abc A,B          abc: cumulative revenue share limits in % (80,95)\n"
"      --pyramid P,G,I    pyramid: tier sizes in % of customers (1,4,15)\n"
"      --drop PCT         churn: a fall of more than PCT % is a drop (15)\n"
"      --attitude ITEM    loyalty: the survey item, NPS (default) or CSAT\n"
"      --attitude-split X loyalty: high attitude from X up (default: the median)\n"
"      --patronage-split PCT  loyalty: high patronage from PCT % of the months\n"
"                         with a purchase up (default: the median)\n"
"      --big-top N        bigcustomer: the N largest by revenue are high-value (50)\n"
"      --big-revenue YUAN bigcustomer: so is revenue of YUAN or more\n"
"      --strategic FILE   bigcustomer: ids of strategic customers, one a line\n"
"      --key FILE         bigcustomer: ids of key customers, one a line\n"
"      --strategic-if C   bigcustomer: also strategic when condition C holds,\n"
"                         e.g. 'industry = \"金融\"' (the grammar of rules)\n"
"      --key-if C         bigcustomer: also key when condition C holds\n"
"      --from-csv         read per-customer metrics from standard input instead\n"
"                         of the database (see the manual for the columns)\n"
"      --save             also store the result as the as-of date's snapshot\n"
"      --explain          print the thresholds used on standard error\n"
"  -q, --quiet            print errors only\n"
"  -h, --help             show this help\n"
"      --version          show the version\n"
"\n"
"Exit status: 0 done, 2 usage error, 3 database error, 4 output error.\n";

enum model { RFM, ABC, PYRAMID, CHURN, LOYALTY, BIGCUSTOMER, CREDIT, RULES, NMODELS };
static const char *const model_names[NMODELS] = { "rfm", "abc", "pyramid", "churn",
	"loyalty", "bigcustomer", "credit", "rules" };

/*
 * What rules may name: the metrics, then the labels of the other models
 * (available when that model is run too).  Keep in the order of
 * rule_value below.
 */
enum rule_metric { RM_REVENUE, RM_PRIOR, RM_INVOICES, RM_RECENCY, RM_LAST_PAYMENT,
	RM_MONTHS, RM_PATRONAGE, RM_ATTITUDE, RM_CHANGE, RM_RFM, RM_ABC, RM_PYRAMID,
	RM_CHURN, RM_LOYALTY, RM_BIG, RM_CREDIT, RM_KIND, RM_REGION, RM_INDUSTRY,
	RM_MANAGER, RM_STATUS, NRULE_METRICS };
static const struct cs_rule_metric rule_metrics[NRULE_METRICS] = {
	{ "revenue", CS_RULE_MONEY }, { "prior_revenue", CS_RULE_MONEY },
	{ "invoices", CS_RULE_COUNT }, { "recency_days", CS_RULE_COUNT },
	{ "last_payment", CS_RULE_DATE }, { "months_active", CS_RULE_COUNT },
	{ "patronage_pct", CS_RULE_HUNDREDTHS }, { "attitude", CS_RULE_HUNDREDTHS },
	{ "change_pct", CS_RULE_HUNDREDTHS }, { "rfm_segment", CS_RULE_TEXT },
	{ "abc_class", CS_RULE_TEXT }, { "pyramid_tier", CS_RULE_TEXT },
	{ "churn_flag", CS_RULE_TEXT }, { "loyalty_class", CS_RULE_TEXT },
	{ "bigcustomer_class", CS_RULE_TEXT }, { "credit_grade", CS_RULE_TEXT },
	{ "kind", CS_RULE_TEXT }, { "region", CS_RULE_TEXT }, { "industry", CS_RULE_TEXT },
	{ "manager", CS_RULE_TEXT }, { "status", CS_RULE_TEXT }
};

/* Big-customer classes, in order of precedence. */
enum big { BIG_STRATEGIC, BIG_KEY, BIG_HIGH_VALUE, BIG_REGULAR };
static const char *const big_names[] = { "strategic", "key", "high-value", "regular" };

/* A sorted list of customer ids read from a file. */
struct id_list {
	char **ids;
	size_t n;
};

/* Everything the command line sets. */
struct options {
	const char *db;
	struct cs_window window;
	int k;
	enum cs_score_method method;
	int paid_periods;		/* --frequency periods */
	int64_t breaks[3][8];		/* R, F, M */
	int have_breaks[3];
	int abc[2];			/* basis points */
	int pyramid[3];			/* basis points */
	int drop;			/* basis points */
	int64_t attitude_split;		/* hundredths, or CS_NO_VALUE: the median */
	int64_t patronage_split;	/* basis points, or CS_NO_VALUE: the median */
	long long big_top;
	int64_t big_revenue;		/* cents, or CS_NO_VALUE */
	const char *strategic, *key;	/* id list files */
	const char *rules_file;
	struct cs_rules *rules;
	struct cs_rules *strategic_if, *key_if;	/* --strategic-if, --key-if */
	int save, explain, from_csv;
	enum model models[NMODELS];
	int nmodels;
};

/* The results of every model for every customer. */
struct results {
	const struct cs_metrics *m;
	int k;				/* rfm scale */
	int paid_periods;		/* rfm frequency is periods paid */
	int *r, *f, *mon;
	char *abc;
	int *share;
	enum cs_tier *tier;
	enum cs_churn *churn;
	int64_t *change;
	int64_t *patronage;		/* basis points of the window's months */
	enum cs_loyalty *loyalty;
	int64_t attitude_split, patronage_split;	/* the splits used */
	enum big *big;
	const char **rule_label;	/* the first matching rule's label, or NULL */
};

/* One customer, as rules see it. */
struct rule_ctx {
	const struct options *o;
	const struct results *res;
	size_t i;
};

static int rule_value(void *ctx, int m, int64_t *v, const char **s);

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

	if (cs_money_parse(s, len, &bp) != NULL || bp < 0 || bp > 10000)
		usage_error("%s: expected percentages between 0 and 100", opt);
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
			usage_error("%s: wrong number of values", opt);
		bp[i] = percent_arg(opt, p, comma ? (size_t)(comma - p) : strlen(p));
		p = comma + 1;
	}
}

/* Parses --breaks X=a,b,... into o->breaks; the count is checked against -k later. */
static void
breaks_arg(struct options *o, const char *arg)
{
	const char *names = "RFM", *x = strchr(names, arg[0]);
	int metric, n = 0;
	char *copy, *tok, *save;

	if (arg[0] == '\0' || x == NULL || arg[1] != '=')
		usage_error("--breaks %s: expected R=, F= or M= and values", arg);
	metric = (int)(x - names);
	copy = cs_xstrdup(arg + 2);
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		int64_t v;

		if (n == 8)
			usage_error("--breaks %s: too many values", arg);
		if (metric == 2 ? cs_money_parse(tok, strlen(tok), &v) != NULL :
		    cs_strtonum(tok, 0, 1000000000, (long long *)&v) != NULL)
			usage_error("--breaks %s: not a number", arg);
		if (n > 0 && v <= o->breaks[metric][n - 1])
			usage_error("--breaks %s: values must ascend", arg);
		o->breaks[metric][n++] = v;
	}
	free(copy);
	o->have_breaks[metric] = n;
	o->method = CS_SCORE_BREAKS;
}

/* Adds the model named s to o, or exits 2. */
static void
add_model(struct options *o, const char *s)
{
	int i;

	for (i = 0; i < NMODELS; i++) {
		if (strcmp(s, model_names[i]) != 0)
			continue;
		for (int j = 0; j < o->nmodels; j++)
			if (o->models[j] == (enum model)i)
				usage_error("model %s named twice", s);
		o->models[o->nmodels++] = (enum model)i;
		return;
	}
	usage_error("unknown model \"%s\" (expected rfm, abc, pyramid, churn, loyalty, "
	    "bigcustomer, credit or rules FILE)", s);
}

enum { OPT_AS_OF = 256, OPT_METHOD, OPT_BREAKS, OPT_ABC, OPT_PYRAMID, OPT_DROP,
	OPT_SAVE, OPT_EXPLAIN, OPT_VERSION, OPT_ATTITUDE, OPT_ATTITUDE_SPLIT,
	OPT_PATRONAGE_SPLIT, OPT_BIG_TOP, OPT_BIG_REVENUE, OPT_STRATEGIC, OPT_KEY,
	OPT_FROM_CSV, OPT_FREQUENCY, OPT_STRATEGIC_IF, OPT_KEY_IF };

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
	{ "patronage-split", required_argument, NULL, OPT_PATRONAGE_SPLIT },
	{ "big-top", required_argument, NULL, OPT_BIG_TOP },
	{ "big-revenue", required_argument, NULL, OPT_BIG_REVENUE },
	{ "strategic", required_argument, NULL, OPT_STRATEGIC },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "strategic-if", required_argument, NULL, OPT_STRATEGIC_IF },
	{ "key-if", required_argument, NULL, OPT_KEY_IF },
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
condition_arg(const char *opt, const char *arg)
{
	struct cs_buf text = { 0 };
	struct cs_rules *r;
	char err[256];
	long col = 0;
	int at = 0, m;

	cs_buf_printf(&text, "if: %s", arg);
	r = cs_rules_parse(opt, text.data, rule_metrics, NRULE_METRICS, err, sizeof err);
	cs_buf_free(&text);
	if (r == NULL) {	/* err is "opt:1:COLUMN: why"; the column counts "if: " */
		if (sscanf(err + strlen(opt), ":%*d:%ld: %n", &col, &at) == 1 && at > 0)
			fprintf(stderr, "%s: %s: at character %ld: %s\n", cs_progname(), opt,
			    col - 4, err + strlen(opt) + at);
		else
			fprintf(stderr, "%s: %s\n", cs_progname(), err);
		exit(CS_EXIT_USAGE);
	}
	for (m = RM_RFM; m < RM_KIND; m++)
		if (cs_rules_use(r, m))
			usage_error("%s: conditions here cannot use the models' labels "
			    "(use a rules file)", opt);
	return r;
}

/* Handles one option of the command line. */
static void
take_option(struct options *o, int ch, const char *arg)
{
	switch (ch) {
	case 'd': o->db = arg; break;
	case OPT_AS_OF: o->window.as_of = cs_date_option(SYNOPSIS, "--as-of", arg); break;
	case 'w':
		if (cs_window_parse(arg, &o->window) != NULL)
			usage_error("--window %s: expected a length such as 90d, 12m or 1y", arg);
		break;
	case 'k': o->k = (int)cs_number_option("-k", arg, 2, 9); break;
	case OPT_METHOD:
		if (strcmp(arg, "tiles") == 0)
			o->method = CS_SCORE_TILES;
		else if (strcmp(arg, "quantile") == 0)
			o->method = CS_SCORE_QUANTILE;
		else if (strcmp(arg, "breaks") == 0)
			o->method = CS_SCORE_BREAKS;
		else
			usage_error("--method %s: expected tiles, quantile or breaks", arg);
		break;
	case OPT_BREAKS: breaks_arg(o, arg); break;
	case OPT_FREQUENCY:
		if (strcmp(arg, "invoices") != 0 && strcmp(arg, "periods") != 0)
			usage_error("--frequency %s: expected invoices or periods", arg);
		o->paid_periods = arg[0] == 'p';
		break;
	case OPT_ABC: percent_list("--abc", arg, o->abc, 2); break;
	case OPT_PYRAMID: percent_list("--pyramid", arg, o->pyramid, 3); break;
	case OPT_DROP: o->drop = percent_arg("--drop", arg, strlen(arg)); break;
	case OPT_ATTITUDE:
		if (strcmp(arg, "NPS") != 0 && strcmp(arg, "CSAT") != 0 &&
		    strcmp(arg, "nps") != 0 && strcmp(arg, "csat") != 0)
			usage_error("--attitude %s: expected NPS or CSAT", arg);
		o->window.attitude_item = arg[0] == 'n' ? "NPS" : arg[0] == 'c' ? "CSAT" : arg;
		break;
	case OPT_ATTITUDE_SPLIT:
		if (cs_money_parse(arg, strlen(arg), &o->attitude_split) != NULL)
			usage_error("--attitude-split %s: expected a number", arg);
		break;
	case OPT_PATRONAGE_SPLIT:
		o->patronage_split = percent_arg("--patronage-split", arg, strlen(arg));
		break;
	case OPT_BIG_TOP: o->big_top = cs_number_option("--big-top", arg, 0, 100000000); break;
	case OPT_BIG_REVENUE:
		if (cs_money_parse(arg, strlen(arg), &o->big_revenue) != NULL)
			usage_error("--big-revenue %s: expected an amount", arg);
		break;
	case OPT_STRATEGIC: o->strategic = arg; break;
	case OPT_KEY: o->key = arg; break;
	case OPT_STRATEGIC_IF: o->strategic_if = condition_arg("--strategic-if", arg); break;
	case OPT_KEY_IF: o->key_if = condition_arg("--key-if", arg); break;
	case OPT_SAVE: o->save = 1; break;
	case OPT_FROM_CSV: o->from_csv = 1; break;
	case OPT_EXPLAIN: o->explain = 1; break;
	case 'q': cs_quiet = 1; break;
	case 'h': fputs(usage_text, stdout); exit(CS_EXIT_OK);
	case OPT_VERSION: cs_print_version(); exit(CS_EXIT_OK);
	default: usage_error("%s", "invalid option");
	}
}

/* Parses the command line into *o; exits 2 on a usage error. */
static void
parse_args(int argc, char *argv[], struct options *o)
{
	int ch, i;

	o->window.as_of = cs_today();
	o->window.months = 12;
	o->k = 5;
	o->abc[0] = 8000;
	o->abc[1] = 9500;
	o->pyramid[0] = 100;
	o->pyramid[1] = 400;
	o->pyramid[2] = 1500;
	o->drop = 1500;
	o->attitude_split = o->patronage_split = o->big_revenue = CS_NO_VALUE;
	o->big_top = 50;
	o->window.attitude_item = "NPS";
	while ((ch = getopt_long(argc, argv, "d:w:k:qh", longopts, NULL)) != -1)
		take_option(o, ch, optarg);
	for (i = optind; i < argc; i++) {
		add_model(o, argv[i]);
		if (strcmp(argv[i], "rules") == 0) {
			if (i + 1 == argc)
				usage_error("%s", "rules: expected the rule file after it");
			o->rules_file = argv[++i];
		}
	}
	if (o->nmodels == 0)
		usage_error("%s", "no model given (rfm, abc, pyramid, churn, loyalty, bigcustomer, "
		    "credit or rules FILE)");
	if (o->abc[0] > o->abc[1])
		usage_error("%s", "--abc: the A limit must not exceed the B limit");
	if (o->pyramid[0] + o->pyramid[1] + o->pyramid[2] > 10000)
		usage_error("%s", "--pyramid: the tiers add up to more than 100%");
	for (i = 0; i < 3 && o->method == CS_SCORE_BREAKS; i++)
		if (o->have_breaks[i] != o->k - 1)
			usage_error("--method breaks: give --breaks %c= with k-1 values for each of "
			    "R, F and M", "RFM"[i]);
}

/* Allocates n zeroed items of size each, or exits 4. */
static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (p == NULL)
		cs_errx(CS_EXIT_IO, "out of memory");
	return p;
}

/* Returns a customer's RFM frequency: invoices, or periods paid. */
static int64_t
frequency(const struct results *res, const struct cs_customer_metrics *c)
{
	return res->paid_periods ? c->paid_periods : c->invoices;
}

/* Computes the RFM scores. */
static void
run_rfm(const struct options *o, struct results *res, const char **ids,
    int64_t *buf)
{
	const struct cs_metrics *m = res->m;
	int *out[3] = { res->r, res->f, res->mon };
	size_t i;
	int x;

	for (x = 0; x < 3; x++) {
		for (i = 0; i < m->n; i++)
			buf[i] = x == 0 ? m->c[i].recency_days : x == 1 ? frequency(res, &m->c[i]) :
			    m->c[i].revenue;
		if (cs_score(buf, ids, m->n, o->k, o->method, x == 0, o->breaks[x], out[x]) != 0)
			cs_errx(CS_EXIT_IO, "out of memory");
	}
}

/* Orders strings for qsort and bsearch. */
static int
compare_ids(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Reads customer ids from path, one a line (a CSV's first field; blank
 * lines, lines starting with # and a customer_id header are skipped),
 * sorted for lookup.  Exits 4 when the file cannot be read.
 */
static struct id_list
read_ids(const char *path)
{
	struct id_list l = { NULL, 0 };
	size_t cap = 0;
	char line[4096];
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		cs_errx(CS_EXIT_IO, "%s: cannot open", path);
	while (fgets(line, sizeof line, fp) != NULL) {
		const char *s = line;
		size_t len = strcspn(line, ",\r\n");

		cs_trim(&s, &len);
		if (len == 0 || s[0] == '#' || cs_equal_nocase(s, len, "customer_id"))
			continue;
		if (l.n == cap) {
			cap = cap ? 2 * cap : 64;
			l.ids = cs_xrealloc(l.ids, cap * sizeof *l.ids);
		}
		l.ids[l.n++] = cs_xstrndup(s, len);
	}
	if (ferror(fp))
		cs_errx(CS_EXIT_IO, "%s: read error", path);
	fclose(fp);
	if (l.n > 0)
		qsort(l.ids, l.n, sizeof *l.ids, compare_ids);
	return l;
}

/* Returns nonzero when the list holds id. */
static int
listed(const struct id_list *l, const char *id)
{
	return l->n > 0 && bsearch(&id, l->ids, l->n, sizeof *l->ids, compare_ids) != NULL;
}

/* Frees a list of ids. */
static void
free_ids(struct id_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->ids[i]);
	free(l->ids);
}

/* Loyalty: patronage as a share of the window's months, split at the medians. */
static void
run_loyalty(const struct options *o, struct results *res)
{
	const struct cs_metrics *m = res->m;
	int64_t *attitude = xcalloc(m->n, sizeof *attitude);
	int64_t months = cs_window_months(&o->window);
	size_t i;

	for (i = 0; i < m->n; i++) {
		attitude[i] = m->c[i].attitude;
		res->patronage[i] = m->c[i].months_active * 10000 / months;
	}
	res->attitude_split = o->attitude_split != CS_NO_VALUE ? o->attitude_split :
	    cs_median(attitude, m->n);
	res->patronage_split = o->patronage_split != CS_NO_VALUE ? o->patronage_split :
	    cs_median(res->patronage, m->n);
	for (i = 0; i < m->n; i++)
		res->loyalty[i] = cs_loyalty_class(attitude[i], res->attitude_split,
		    res->patronage[i], res->patronage_split);
	free(attitude);
}

/* Returns nonzero when the condition (NULL: none) holds for customer i. */
static int
holds_for(const struct options *o, const struct results *res, const struct cs_rules *cond,
    size_t i)
{
	struct rule_ctx ctx = { o, res, i };

	return cond != NULL && cs_rules_match(cond, rule_value, &ctx) != NULL;
}

/*
 * Big customers: listed (or matching) strategic, then key customers,
 * then high value by rank or revenue.
 */
static void
run_bigcustomer(const struct options *o, struct results *res, const char **ids,
    const int64_t *revenue)
{
	struct id_list strategic = { NULL, 0 }, key = { NULL, 0 };
	char *top = xcalloc(res->m->n, 1);
	size_t i;

	if (o->strategic)
		strategic = read_ids(o->strategic);
	if (o->key)
		key = read_ids(o->key);
	if (cs_top_revenue(revenue, ids, res->m->n, (size_t)o->big_top, top) != 0)
		cs_errx(CS_EXIT_IO, "out of memory");
	for (i = 0; i < res->m->n; i++) {
		if (listed(&strategic, ids[i]) || holds_for(o, res, o->strategic_if, i))
			res->big[i] = BIG_STRATEGIC;
		else if (listed(&key, ids[i]) || holds_for(o, res, o->key_if, i))
			res->big[i] = BIG_KEY;
		else if (top[i] || (o->big_revenue != CS_NO_VALUE && revenue[i] >= o->big_revenue))
			res->big[i] = BIG_HIGH_VALUE;
		else
			res->big[i] = BIG_REGULAR;
	}
	free(top);
	free_ids(&strategic);
	free_ids(&key);
}

static const char *rfm_label(const struct results *res, size_t i);
static const char *abc_label(const struct results *res, size_t i);
static const char *pyramid_label(const struct results *res, size_t i);
static const char *churn_label(const struct results *res, size_t i);
static const char *loyalty_label(const struct results *res, size_t i);
static const char *big_label(const struct results *res, size_t i);
static const char *credit_label(const struct results *res, size_t i);

/* Supplies metric m of the customer in ctx to the rules (cs_rule_value_fn). */
static int
rule_value(void *ctx, int m, int64_t *v, const char **s)
{
	static const char *(*const labels[])(const struct results *, size_t) = {
		rfm_label, abc_label, pyramid_label, churn_label, loyalty_label, big_label,
		credit_label
	};
	const struct rule_ctx *rc = ctx;
	const struct cs_customer_metrics *c = &rc->res->m->c[rc->i];
	int64_t change;

	switch (m) {
	case RM_REVENUE: *v = c->revenue; return 1;
	case RM_PRIOR: *v = c->prior_revenue; return 1;
	case RM_INVOICES: *v = c->invoices; return 1;
	case RM_RECENCY: *v = c->recency_days; return c->recency_days != CS_NO_VALUE;
	case RM_LAST_PAYMENT:
		if (c->recency_days == CS_NO_VALUE)
			return 0;
		*v = cs_date_to_days(rc->o->window.as_of) - c->recency_days;
		return 1;
	case RM_MONTHS: *v = c->months_active; return 1;
	case RM_PATRONAGE: *v = c->months_active * 10000 / cs_window_months(&rc->o->window); return 1;
	case RM_ATTITUDE: *v = c->attitude; return c->attitude != CS_NO_VALUE;
	case RM_CHANGE:
		cs_churn_flag(c->revenue, c->prior_revenue, rc->o->drop, &change);
		*v = change;
		return c->prior_revenue > 0;
	case RM_KIND: case RM_REGION: case RM_INDUSTRY: case RM_MANAGER: case RM_STATUS:
		*s = c->attr[m - RM_KIND];
		return **s != '\0';	/* an empty attribute is missing */
	default:
		*s = labels[m - RM_RFM](rc->res, rc->i);
		return 1;
	}
}

/* Gives every customer the label of the first rule that matches. */
static void
run_rules(const struct options *o, struct results *res)
{
	struct rule_ctx ctx = { o, res, 0 };

	for (ctx.i = 0; ctx.i < res->m->n; ctx.i++)
		res->rule_label[ctx.i] = cs_rules_match(o->rules, rule_value, &ctx);
}

/* Runs every model asked for. */
static void
run_models(const struct options *o, struct results *res)
{
	const struct cs_metrics *m = res->m;
	const char **ids = xcalloc(m->n, sizeof *ids);
	int64_t *revenue = xcalloc(m->n, sizeof *revenue), *buf = xcalloc(m->n, sizeof *buf);
	size_t i;
	int j;

	for (i = 0; i < m->n; i++) {
		ids[i] = m->c[i].id;
		revenue[i] = m->c[i].revenue;
	}
	for (j = 0; j < o->nmodels; j++) {
		int rc = 0;

		if (o->models[j] == RULES)
			continue;	/* last: rules may name the other models' labels */
		switch (o->models[j]) {
		case RFM:
			run_rfm(o, res, ids, buf);
			break;
		case ABC:
			rc = cs_abc(revenue, ids, m->n, o->abc[0], o->abc[1], res->abc, res->share);
			break;
		case PYRAMID:
			rc = cs_pyramid(revenue, ids, m->n, o->pyramid, res->tier);
			break;
		case CHURN:
			for (i = 0; i < m->n; i++)
				res->churn[i] = cs_churn_flag(m->c[i].revenue, m->c[i].prior_revenue,
				    o->drop, &res->change[i]);
			break;
		case LOYALTY:
			run_loyalty(o, res);
			break;
		case BIGCUSTOMER:
			run_bigcustomer(o, res, ids, revenue);
			break;
		default:
			break;
		}
		if (rc != 0)
			cs_errx(CS_EXIT_IO, "out of memory");
	}
	if (o->rules != NULL)
		run_rules(o, res);
	free(ids);
	free(revenue);
	free(buf);
}

/* The label of customer i in each model, as text. */
static const char *
abc_label(const struct results *res, size_t i)
{
	static const char *const names[] = { "A", "B", "C" };

	return names[res->abc[i] - 'A'];
}

static const char *
pyramid_label(const struct results *res, size_t i)
{
	return cs_tier_name(res->tier[i]);
}

static const char *
churn_label(const struct results *res, size_t i)
{
	return cs_churn_name(res->churn[i]);
}

static const char *
loyalty_label(const struct results *res, size_t i)
{
	return cs_loyalty_name(res->loyalty[i]);
}

static const char *
big_label(const struct results *res, size_t i)
{
	return big_names[res->big[i]];
}

static const char *
credit_label(const struct results *res, size_t i)
{
	const struct cs_customer_metrics *c = &res->m->c[i];

	return cs_credit_grade(&c->credit, c->credit_limit);
}

static const char *
rfm_label(const struct results *res, size_t i)
{
	return cs_rfm_segment(res->r[i], res->f[i], res->mon[i], res->k);
}

/* Writes the header: customer_id, then each model's columns. */
static void
write_header(const struct options *o, FILE *out)
{
	static const char *const cols[NMODELS] = {
		"rfm_recency_days,rfm_frequency,rfm_monetary,rfm_r,rfm_f,rfm_m,rfm_cell,rfm_segment",
		"abc_revenue,abc_cum_share,abc_class",
		"pyramid_revenue,pyramid_tier",
		"churn_revenue,churn_prior_revenue,churn_change_pct,churn_flag",
		"loyalty_attitude,loyalty_patronage_pct,loyalty_class",
		"bigcustomer_revenue,bigcustomer_class",
		/* one header, in two pieces */
		"credit_due_invoices,credit_late_invoices,credit_avg_days_late,credit_overdue," /* NOLINT(bugprone-suspicious-missing-comma) */
		"credit_limit,credit_grade",
		"rules_label"
	};
	int j;

	fputs("customer_id", out);
	for (j = 0; j < o->nmodels; j++)
		fprintf(out, ",%s", cols[o->models[j]]);
	fputc('\n', out);
}

/* Writes one model's columns for customer i. */
static void
write_model(enum model model, const struct results *res, size_t i, FILE *out)
{
	const struct cs_customer_metrics *c = &res->m->c[i];
	char a[CS_MONEY_BUFSZ], b[CS_MONEY_BUFSZ];

	switch (model) {
	case RFM:
		if (c->recency_days == CS_NO_VALUE)
			fputc(',', out);
		else
			fprintf(out, ",%lld", (long long)c->recency_days);
		fprintf(out, ",%lld,%s,%d,%d,%d,%d%d%d,", (long long)frequency(res, c),
		    cs_money_format(c->revenue, a), res->r[i], res->f[i], res->mon[i],
		    res->r[i], res->f[i], res->mon[i]);
		fputs(rfm_label(res, i), out);
		break;
	case ABC:
		fprintf(out, ",%s,%s,%c", cs_money_format(c->revenue, a),
		    cs_format_hundredths(res->share[i], b), res->abc[i]);
		break;
	case PYRAMID:
		fprintf(out, ",%s,%s", cs_money_format(c->revenue, a), cs_tier_name(res->tier[i]));
		break;
	case CHURN:
		fprintf(out, ",%s,%s,", cs_money_format(c->revenue, a),
		    cs_money_format(c->prior_revenue, b));
		if (res->churn[i] != CS_CHURN_NEW && res->churn[i] != CS_CHURN_NONE)
			fputs(cs_format_hundredths(res->change[i], a), out);
		fprintf(out, ",%s", cs_churn_name(res->churn[i]));
		break;
	case LOYALTY:
		fprintf(out, ",%s,%s,%s", c->attitude == CS_NO_VALUE ? "" :
		    cs_format_hundredths(c->attitude, a), cs_format_hundredths(res->patronage[i], b),
		    loyalty_label(res, i));
		break;
	case BIGCUSTOMER:
		fprintf(out, ",%s,%s", cs_money_format(c->revenue, a), big_label(res, i));
		break;
	case CREDIT:
		fprintf(out, ",%lld,%lld,", (long long)c->credit.due, (long long)c->credit.late);
		if (c->credit.due > 0)
			fputs(cs_format_hundredths(c->credit.days_late * 100 / c->credit.due, a), out);
		fprintf(out, ",%s,", cs_money_format(c->credit.overdue, a));
		if (c->credit_limit != CS_NO_VALUE)
			fputs(cs_money_format(c->credit_limit, b), out);
		fprintf(out, ",%s", credit_label(res, i));
		break;
	case RULES:
		fputc(',', out);
		if (res->rule_label[i] != NULL)
			cs_csv_write_field(out, res->rule_label[i], strlen(res->rule_label[i]));
		break;
	default:
		break;
	}
}

/* Prints, for each score of one RFM metric, the range of values it covers. */
static void
explain_scores(const struct results *res, const int *scores, int metric)
{
	static const char *const what[] = { "recency", "frequency", "monetary" };
	static const char *const unit[] = { " days", " invoices", "" };
	const struct cs_metrics *m = res->m;
	int s;
	size_t i, absent = 0;

	for (s = res->k; s >= 1; s--) {
		int64_t lo = 0, hi = 0;
		size_t count = 0;
		char a[CS_MONEY_BUFSZ], b[CS_MONEY_BUFSZ];

		for (i = 0; i < m->n; i++) {
			int64_t v = metric == 0 ? m->c[i].recency_days : metric == 1 ?
			    frequency(res, &m->c[i]) : m->c[i].revenue;

			if (scores[i] != s)
				continue;
			if (v == CS_NO_VALUE) {
				absent++;
				continue;
			}
			lo = count == 0 || v < lo ? v : lo;
			hi = count == 0 || v > hi ? v : hi;
			count++;
		}
		if (metric == 2) {
			cs_money_format(lo, a);
			cs_money_format(hi, b);
		} else {
			snprintf(a, sizeof a, "%lld", (long long)lo);
			snprintf(b, sizeof b, "%lld", (long long)hi);
		}
		if (count > 0)
			cs_warnx("rfm %c=%d: %s %s to %s%s (%zu customers)", "RFM"[metric], s,
			    what[metric], a, b, metric == 1 && res->paid_periods ? " periods paid" :
			    unit[metric], count);
	}
	if (absent > 0)
		cs_warnx("rfm %c=1 also: %zu customers who never paid", "RFM"[metric], absent);
}

/* Prints the count and revenue range of each label of a model on stderr. */
static void
explain_labels(const char *model, const struct results *res, const char *(*label)(
    const struct results *, size_t), const char *const *labels, int nlabels)
{
	const struct cs_metrics *m = res->m;
	int l;
	size_t i;

	for (l = 0; l < nlabels; l++) {
		int64_t lo = 0, hi = 0, sum = 0;
		size_t count = 0;
		char a[CS_MONEY_BUFSZ], b[CS_MONEY_BUFSZ], c[CS_MONEY_BUFSZ];

		for (i = 0; i < m->n; i++) {
			int64_t v = m->c[i].revenue;

			if (strcmp(label(res, i), labels[l]) != 0)
				continue;
			lo = count == 0 || v < lo ? v : lo;
			hi = count == 0 || v > hi ? v : hi;
			sum += v;
			count++;
		}
		cs_warnx("%s %s: %zu customers, revenue %s to %s, %s in all", model, labels[l],
		    count, cs_money_format(lo, a), cs_money_format(hi, b), cs_money_format(sum, c));
	}
}

/* Prints the loyalty splits and class sizes. */
static void
explain_loyalty(const struct results *res)
{
	static const char *const classes[] = { "Loyal", "Latent", "Spurious", "None", "unknown" };
	char a[CS_MONEY_BUFSZ], b[CS_MONEY_BUFSZ];

	cs_warnx("loyalty: high attitude from %s, high patronage from %s%% of the months",
	    res->attitude_split == CS_NO_VALUE ? "-" : cs_format_hundredths(res->attitude_split, a),
	    res->patronage_split == CS_NO_VALUE ? "-" : cs_format_hundredths(res->patronage_split, b));
	explain_labels("loyalty", res, loyalty_label, classes, 5);
}

/* Prints the thresholds and group sizes of every model asked for (--explain). */
static void
explain(const struct options *o, const struct results *res)
{
	static const char *const abc[] = { "A", "B", "C" };
	static const char *const tiers[] = { "Platinum", "Gold", "Iron", "Lead" };
	static const char *const flags[] = { "stable", "drop", "lost", "new", "none" };
	static const char *const methods[] = { "tiles", "quantile", "breaks" };
	static const char *const grades[] = { "AAA", "AA", "A", "B", "C", "none" };
	char a[CS_DATE_BUFSZ];
	int j;

	cs_warnx("as of %s, window %d %s", cs_date_format(o->window.as_of, a),
	    o->window.months ? o->window.months : o->window.days,
	    o->window.months ? "months" : "days");
	for (j = 0; j < o->nmodels; j++) {
		switch (o->models[j]) {
		case RFM:
			cs_warnx("rfm: scores 1..%d by %s", o->k, methods[o->method]);
			explain_scores(res, res->r, 0);
			explain_scores(res, res->f, 1);
			explain_scores(res, res->mon, 2);
			break;
		case ABC:
			explain_labels("abc", res, abc_label, abc, 3);
			break;
		case PYRAMID:
			explain_labels("pyramid", res, pyramid_label, tiers, 4);
			break;
		case CHURN:
			explain_labels("churn", res, churn_label, flags, 5);
			break;
		case LOYALTY:
			explain_loyalty(res);
			break;
		case BIGCUSTOMER:
			explain_labels("bigcustomer", res, big_label, big_names, 4);
			break;
		case CREDIT:
			explain_labels("credit", res, credit_label, grades, 6);
			break;
		default:
			break;
		}
	}
}

/* Fills rows[] with each customer's label, score and value in model. */
static void
snapshot_rows(enum model model, const struct results *res, struct cs_segment_row *rows,
    char (*scores)[CS_MONEY_BUFSZ])
{
	size_t i;

	for (i = 0; i < res->m->n; i++) {
		struct cs_segment_row *r = &rows[i];

		r->customer_id = res->m->c[i].id;
		r->value_cents = res->m->c[i].revenue;
		r->score = scores[i];
		switch (model) {
		case RFM:
			r->label = rfm_label(res, i);
			snprintf(scores[i], CS_MONEY_BUFSZ, "%d%d%d", res->r[i], res->f[i],
			    res->mon[i]);
			break;
		case ABC:
			r->label = abc_label(res, i);
			cs_format_hundredths(res->share[i], scores[i]);
			break;
		case PYRAMID:
			r->label = pyramid_label(res, i);
			r->score = NULL;
			break;
		case LOYALTY:
			r->label = loyalty_label(res, i);
			cs_format_hundredths(res->patronage[i], scores[i]);
			break;
		case BIGCUSTOMER:
			r->label = big_label(res, i);
			r->score = NULL;
			break;
		case RULES:
			r->label = res->rule_label[i] ? res->rule_label[i] : "";
			r->score = NULL;
			break;
		case CREDIT:
			r->label = credit_label(res, i);
			r->score = NULL;
			break;
		default:
			r->label = churn_label(res, i);
			if (res->churn[i] == CS_CHURN_NEW || res->churn[i] == CS_CHURN_NONE)
				r->score = NULL;
			else
				cs_format_hundredths(res->change[i], scores[i]);
			break;
		}
	}
}

/* Stores every model's result as the as-of date's snapshot, in one transaction. */
static void
save(const struct options *o, const struct results *res, struct cs_db *db)
{
	struct cs_segment_row *rows = xcalloc(res->m->n, sizeof *rows);
	char (*scores)[CS_MONEY_BUFSZ] = xcalloc(res->m->n, sizeof *scores);
	char as_of[CS_DATE_BUFSZ];
	int j, rc;

	cs_date_format(o->window.as_of, as_of);
	rc = cs_db_begin(db);
	for (j = 0; j < o->nmodels && rc == 0; j++) {
		snapshot_rows(o->models[j], res, rows, scores);
		rc = cs_snapshot_save(db, as_of, model_names[o->models[j]], rows, res->m->n);
	}
	if (rc == 0)
		rc = cs_db_commit(db);
	if (rc != 0) {
		cs_warnx("%s: cannot save the snapshot: %s", o->db, cs_db_errmsg(db));
		cs_db_rollback(db);
		exit(CS_EXIT_DB);
	}
	cs_note("saved the %s snapshot of %zu customers", as_of, res->m->n);
	free(rows);
	free(scores);
}

/* Writes the CSV on out; returns 0, or -1 on a write error. */
static int
write_csv(const struct options *o, const struct results *res, FILE *out)
{
	size_t i;
	int j;

	write_header(o, out);
	for (i = 0; i < res->m->n; i++) {
		cs_csv_write_field(out, res->m->c[i].id, strlen(res->m->c[i].id));
		for (j = 0; j < o->nmodels; j++)
			write_model(o->models[j], res, i, out);
		fputc('\n', out);
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

/* Returns nonzero when model is among those asked for. */
static int
asked(const struct options *o, enum model model)
{
	int j;

	for (j = 0; j < o->nmodels; j++)
		if (o->models[j] == model)
			return 1;
	return 0;
}

/*
 * Parses the rule file (exit 1 with file:line:column on a bad rule, 4
 * when it cannot be read) and checks that every label it names comes
 * from a model that runs too (else exit 2).
 */
static void
load_rules(struct options *o)
{
	static const enum model label_model[] = { RFM, ABC, PYRAMID, CHURN, LOYALTY, BIGCUSTOMER,
		CREDIT };
	char err[512];
	int m;

	FILE *probe = fopen(o->rules_file, "r");

	if (probe == NULL)
		cs_errx(CS_EXIT_IO, "%s: %s", o->rules_file, strerror(errno));
	fclose(probe);
	o->rules = cs_rules_load(o->rules_file, rule_metrics, NRULE_METRICS, err, sizeof err);
	if (o->rules == NULL)
		cs_errx(CS_EXIT_DATA, "%s", err);	/* a bad rule: file:line:column */
	for (m = RM_RFM; m < RM_KIND; m++)
		if (cs_rules_use(o->rules, m) && !asked(o, label_model[m - RM_RFM]))
			usage_error("the rules use %s: run that model too", rule_metrics[m].name);
}

/* Returns the CS_METRIC_* flags the models asked for need. */
static int
wants(const struct options *o)
{
	int j;

	int want = 0;

	for (j = 0; j < o->nmodels; j++) {
		if (o->models[j] == CHURN)
			want |= CS_METRIC_PRIOR;
		if (o->models[j] == LOYALTY)
			want |= CS_METRIC_MONTHS | CS_METRIC_ATTITUDE;
		if (o->models[j] == CREDIT || (o->models[j] == RFM && o->paid_periods))
			want |= CS_METRIC_CREDIT;
	}
	if (o->rules != NULL) {
		if (cs_rules_use(o->rules, RM_PRIOR) || cs_rules_use(o->rules, RM_CHANGE))
			want |= CS_METRIC_PRIOR;
		if (cs_rules_use(o->rules, RM_MONTHS) || cs_rules_use(o->rules, RM_PATRONAGE))
			want |= CS_METRIC_MONTHS;
		if (cs_rules_use(o->rules, RM_ATTITUDE))
			want |= CS_METRIC_ATTITUDE;
	}
	return want;
}

/* Prepares the per-customer result arrays for the metrics m. */
static void
results_init(struct results *res, const struct options *o, const struct cs_metrics *m)
{
	memset(res, 0, sizeof *res);
	res->m = m;
	res->k = o->k;
	res->paid_periods = o->paid_periods;
	res->r = xcalloc(m->n, sizeof *res->r);
	res->f = xcalloc(m->n, sizeof *res->f);
	res->mon = xcalloc(m->n, sizeof *res->mon);
	res->abc = xcalloc(m->n, 1);
	res->share = xcalloc(m->n, sizeof *res->share);
	res->tier = xcalloc(m->n, sizeof *res->tier);
	res->churn = xcalloc(m->n, sizeof *res->churn);
	res->change = xcalloc(m->n, sizeof *res->change);
	res->patronage = xcalloc(m->n, sizeof *res->patronage);
	res->loyalty = xcalloc(m->n, sizeof *res->loyalty);
	res->big = xcalloc(m->n, sizeof *res->big);
	res->rule_label = xcalloc(m->n, sizeof *res->rule_label);
}

/* Frees the result arrays. */
static void
results_free(struct results *res)
{
	free(res->r);
	free(res->f);
	free(res->mon);
	free(res->abc);
	free(res->share);
	free(res->tier);
	free(res->churn);
	free(res->change);
	free(res->patronage);
	free(res->loyalty);
	free(res->big);
	free(res->rule_label);
}

/*
 * Reads the metrics: from standard input with --from-csv, else from
 * the database.  Opens the database (when it is read, or written with
 * --save) into *db.  Exits on an error.
 */
static void
read_metrics(struct options *o, struct cs_db **db, struct cs_metrics *m)
{
	char err[512];

	*db = NULL;
	if ((!o->from_csv || o->save) &&
	    (*db = cs_db_open(o->db, CS_DB_MIGRATE, err, sizeof err)) == NULL)
		cs_errx(CS_EXIT_DB, "%s", err);
	if (o->from_csv) {
		if (cs_metrics_read_csv(STDIN_FILENO, "stdin", m, err, sizeof err) != 0)
			cs_errx(CS_EXIT_DATA, "%s", err);
	} else if (cs_metrics_load(*db, &o->window, wants(o), m, err, sizeof err) != 0)
		cs_errx(CS_EXIT_DB, "%s", err);
}

int
main(int argc, char *argv[])
{
	struct options o;
	struct results res;
	struct cs_metrics m;
	struct cs_db *db;

	cs_set_progname(argv[0]);
	memset(&o, 0, sizeof o);
	parse_args(argc, argv, &o);
	if (o.rules_file != NULL)
		load_rules(&o);
	o.db = cs_db_path(o.db);
	read_metrics(&o, &db, &m);
	results_init(&res, &o, &m);
	run_models(&o, &res);
	if (o.explain)
		explain(&o, &res);
	if (o.save)
		save(&o, &res, db);
	if (write_csv(&o, &res, stdout) != 0)
		cs_errx(CS_EXIT_IO, "cannot write the output");
	cs_db_close(db);
	cs_metrics_free(&m);
	results_free(&res);
	cs_rules_free(o.rules);
	cs_rules_free(o.strategic_if);
	cs_rules_free(o.key_if);
	return CS_EXIT_OK;
}
