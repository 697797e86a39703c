/*
 * cs_models.c - cs-segment's models, each described once in the table
 * models[]: computed, labelled, written, explained and saved from it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_csv.h"
#include "cs_err.h"
#include "cs_group.h"
#include "cs_models.h"
#include "cs_snapshot.h"
#include "cs_text.h"

/*
 * What rules may name: the metrics, then the labels of the other models
 * (in the order of enum cs_model_id), then customer columns.  Keep in
 * the order of rule_value below.
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

/* The results of every model for every customer. */
struct cs_seg {
	const struct cs_seg_opts *o;
	const struct cs_metrics *m;
	int *r, *f, *mon;		/* rfm scores */
	char *abc;
	int *share;
	enum cs_tier *tier;
	enum cs_churn *churn;
	int64_t *change;
	int64_t *attitude;		/* the survey answer or the growth, by basis */
	enum cs_basis *basis;
	int64_t *patronage;		/* basis points of the invoices due paid on time */
	enum cs_loyalty *loyalty;
	int64_t attitude_split[CS_BASIS_NONE + 1];	/* the splits used, by basis (none: 0) */
	int64_t patronage_split;
	enum cs_big *big;
	const char **rule_label;	/* the first matching rule's label, or NULL */
};

/* One model. */
struct model {
	const char *name;
	const char *columns[CS_SEG_MODEL_COLS + 1];	/* its columns, after customer_id */
	const char *align;		/* each column's: 'r' for numbers, else 'l' */
	int want;			/* the CS_METRIC_* flags it needs */
	int (*compute)(struct cs_seg *s);	/* 0, or -1 when memory runs out */
	const char *(*label)(const struct cs_seg *s, size_t i);
	/* Its columns of customer i into f[] (text in buf[]); returns how many. */
	int (*fields)(const struct cs_seg *s, size_t i, const char **f,
	    char (*buf)[CS_MONEY_BUFSZ]);
	/* The score it saves in a snapshot (into buf), or NULL for none. */
	const char *(*score)(const struct cs_seg *s, size_t i, char buf[CS_MONEY_BUFSZ]);
	const char *const *labels;	/* every label, best first; NULL: any */
	void (*explain)(const struct cs_seg *s);	/* --explain; NULL: count the labels */
};

static const struct model models[CS_NMODELS];

/* Returns a customer's RFM frequency: invoices, or periods paid. */
static int64_t
frequency(const struct cs_seg *s, const struct cs_customer_metrics *c)
{
	return s->o->paid_periods ? c->paid_periods : c->invoices;
}

/* Returns RFM metric x (0 recency, 1 frequency, 2 monetary) of customer i. */
static int64_t
rfm_value(const struct cs_seg *s, size_t i, int x)
{
	const struct cs_customer_metrics *c = &s->m->c[i];

	return x == 0 ? c->recency_days : x == 1 ? frequency(s, c) : c->revenue;
}

/* Returns the customer ids and revenues as arrays (free both), or -1 when memory runs out. */
static int
ids_and_revenue(const struct cs_seg *s, const char ***ids, int64_t **revenue)
{
	size_t i, n = s->m->n;

	*ids = malloc((n ? n : 1) * sizeof **ids);
	*revenue = malloc((n ? n : 1) * sizeof **revenue);
	if (*ids == NULL || *revenue == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		(*ids)[i] = s->m->c[i].id;
		(*revenue)[i] = s->m->c[i].revenue;
	}
	return 0;
}

/* Computes the RFM scores. */
static int
compute_rfm(struct cs_seg *s)
{
	const struct cs_seg_opts *o = s->o;
	int *out[3] = { s->r, s->f, s->mon }, x, rc = 0;
	int64_t *values = malloc((s->m->n ? s->m->n : 1) * sizeof *values);
	size_t i;

	if (values == NULL)
		return -1;
	for (x = 0; x < 3 && rc == 0; x++) {
		for (i = 0; i < s->m->n; i++)
			values[i] = rfm_value(s, i, x);
		rc = cs_score(values, s->m->n, o->k, o->method, x == 0, o->breaks[x], out[x]);
	}
	free(values);
	return rc;
}

/* Computes the ABC classes. */
static int
compute_abc(struct cs_seg *s)
{
	const char **ids;
	int64_t *revenue;
	int rc = ids_and_revenue(s, &ids, &revenue) == 0 ?
	    cs_abc(revenue, ids, s->m->n, s->o->abc[0], s->o->abc[1], s->abc, s->share) : -1;

	free(ids);
	free(revenue);
	return rc;
}

/* Computes the pyramid tiers. */
static int
compute_pyramid(struct cs_seg *s)
{
	const char **ids;
	int64_t *revenue;
	int rc = ids_and_revenue(s, &ids, &revenue) == 0 ?
	    cs_pyramid(revenue, ids, s->m->n, s->o->pyramid, s->tier) : -1;

	free(ids);
	free(revenue);
	return rc;
}

/* Computes the churn flags. */
static int
compute_churn(struct cs_seg *s)
{
	size_t i;

	for (i = 0; i < s->m->n; i++)
		s->churn[i] = cs_churn_flag(s->m->c[i].revenue, s->m->c[i].prior_revenue,
		    s->o->drop, &s->change[i]);
	return 0;
}

/*
 * Loyalty: each customer's attitude (survey answer, else revenue growth)
 * against its patronage (invoices due paid on time); answers and
 * patronage split at their medians unless given, growth at its split.
 */
static int
compute_loyalty(struct cs_seg *s)
{
	const struct cs_metrics *m = s->m;
	size_t i;

	for (i = 0; i < m->n; i++) {
		s->attitude[i] = m->c[i].attitude;	/* the answers alone, for their median */
		s->patronage[i] = cs_patronage(m->c[i].credit.due, m->c[i].credit.late);
	}
	s->attitude_split[CS_BASIS_SURVEY] = s->o->attitude_split != CS_NO_VALUE ?
	    s->o->attitude_split : cs_median(s->attitude, m->n);
	s->attitude_split[CS_BASIS_GROWTH] = s->o->growth_split;
	s->patronage_split = s->o->patronage_split != CS_NO_VALUE ? s->o->patronage_split :
	    cs_median(s->patronage, m->n);
	for (i = 0; i < m->n; i++) {
		s->basis[i] = cs_attitude(m->c[i].attitude, m->c[i].revenue, m->c[i].prior_revenue,
		    &s->attitude[i]);
		s->loyalty[i] = cs_loyalty_class(s->basis[i], s->attitude[i],
		    s->attitude_split[s->basis[i]], s->patronage[i], s->patronage_split);
	}
	return 0;
}

/* Orders strings for qsort and bsearch. */
static int
compare_ids(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns nonzero when the list holds id. */
static int
listed(const struct cs_id_list *l, const char *id)
{
	return l->n > 0 && bsearch(&id, l->ids, l->n, sizeof *l->ids, compare_ids) != NULL;
}

static int rule_value(void *ctx, int m, int64_t *v, const char **s);

/* One customer, as rules see it. */
struct rule_ctx {
	const struct cs_seg *s;
	size_t i;
};

/* Returns nonzero when the condition (NULL: none) holds for customer i. */
static int
holds_for(const struct cs_seg *s, const struct cs_rules *cond, size_t i)
{
	struct rule_ctx ctx = { s, i };

	return cond != NULL && cs_rules_match(cond, rule_value, &ctx) != NULL;
}

/* Returns the parent ids of the customers as an array (free it). */
static const char **
parent_ids(const struct cs_seg *s)
{
	const char **parents = cs_xmalloc((s->m->n ? s->m->n : 1) * sizeof *parents);
	size_t i;

	for (i = 0; i < s->m->n; i++)
		parents[i] = s->m->c[i].parent;
	return parents;
}

/*
 * Big customers: listed (or matching) strategic and key customers, then
 * the customers of big groups (cs_group.h), then by revenue.
 */
static int
compute_bigcustomer(struct cs_seg *s)
{
	const struct cs_seg_opts *o = s->o;
	size_t i, n = s->m->n;
	char *top = calloc(n ? n : 1, 1), *group = calloc(n ? n : 1, 1);
	const char **ids = NULL, **parents = NULL;
	int64_t *revenue = NULL;
	int rc = top != NULL && group != NULL && ids_and_revenue(s, &ids, &revenue) == 0 ? 0 : -1;

	if (rc == 0 && (rc = cs_top_revenue(revenue, ids, n, (size_t)o->big_top, top)) == 0) {
		parents = parent_ids(s);
		cs_group_members(ids, parents, revenue, n,
		    cs_group_bar(top, revenue, n, o->big_revenue), group);
		for (i = 0; i < n; i++) {
			const struct cs_customer_metrics *c = &s->m->c[i];

			s->big[i] = cs_big_class(listed(&o->strategic, c->id) ||
			    holds_for(s, o->strategic_if, i), listed(&o->key, c->id) ||
			    holds_for(s, o->key_if, i), group[i], top[i], c->revenue, o->big_revenue);
		}
	}
	free(top);
	free(group);
	free(parents);
	free(ids);
	free(revenue);
	return rc;
}

/* Gives every customer the label of the first rule that matches. */
static int
compute_rules(struct cs_seg *s)
{
	struct rule_ctx ctx = { s, 0 };

	for (ctx.i = 0; ctx.i < s->m->n; ctx.i++)
		s->rule_label[ctx.i] = cs_rules_match(s->o->rules, rule_value, &ctx);
	return 0;
}

/* The label of customer i in each model. */
static const char *
rfm_label(const struct cs_seg *s, size_t i)
{
	return cs_rfm_segment(s->r[i], s->f[i], s->mon[i], s->o->k);
}

static const char *
abc_label(const struct cs_seg *s, size_t i)
{
	return cs_abc_classes[s->abc[i] - 'A'];
}

static const char *
pyramid_label(const struct cs_seg *s, size_t i)
{
	return cs_tier_names[s->tier[i]];
}

static const char *
churn_label(const struct cs_seg *s, size_t i)
{
	return cs_churn_names[s->churn[i]];
}

static const char *
loyalty_label(const struct cs_seg *s, size_t i)
{
	return cs_loyalty_names[s->loyalty[i]];
}

static const char *
big_label(const struct cs_seg *s, size_t i)
{
	return cs_big_names[s->big[i]];
}

static const char *
credit_label(const struct cs_seg *s, size_t i)
{
	return cs_credit_grade(&s->m->c[i].credit, s->m->c[i].credit_limit);
}

static const char *
rules_label(const struct cs_seg *s, size_t i)
{
	return s->rule_label[i] != NULL ? s->rule_label[i] : "";
}

/* Supplies metric m of the customer in ctx to the rules (cs_rule_value_fn). */
static int
rule_value(void *ctx, int m, int64_t *v, const char **s)
{
	const struct rule_ctx *rc = ctx;
	const struct cs_seg_opts *o = rc->s->o;
	const struct cs_customer_metrics *c = &rc->s->m->c[rc->i];

	switch (m) {
	case RM_REVENUE: *v = c->revenue; return 1;
	case RM_PRIOR: *v = c->prior_revenue; return 1;
	case RM_INVOICES: *v = c->invoices; return 1;
	case RM_RECENCY: *v = c->recency_days; return c->recency_days != CS_NO_VALUE;
	case RM_LAST_PAYMENT:
		if (c->recency_days == CS_NO_VALUE)
			return 0;
		*v = cs_date_to_days(o->window.as_of) - c->recency_days;
		return 1;
	case RM_MONTHS: *v = c->months_active; return 1;
	case RM_PATRONAGE:
		*v = cs_patronage(c->credit.due, c->credit.late);
		return *v != CS_NO_VALUE;
	case RM_ATTITUDE: *v = c->attitude; return c->attitude != CS_NO_VALUE;
	case RM_CHANGE:
		*v = cs_change(c->revenue, c->prior_revenue);
		return *v != CS_NO_VALUE;
	case RM_KIND: case RM_REGION: case RM_INDUSTRY: case RM_MANAGER: case RM_STATUS:
		*s = c->attr[m - RM_KIND];
		return **s != '\0';	/* an empty attribute is missing */
	default:
		*s = models[m - RM_RFM].label(rc->s, rc->i);
		return 1;
	}
}

/* Formats a whole number into buf. */
static const char *
format_int(int64_t v, char buf[CS_MONEY_BUFSZ])
{
	snprintf(buf, CS_MONEY_BUFSZ, "%lld", (long long)v);
	return buf;
}

/*
 * Each model's columns of customer i: fills f[] (pointing into buf[]
 * or at constant text; NULL is empty) and returns how many.
 */
static int
fields_rfm(const struct cs_seg *s, size_t i, const char **f, char (*buf)[CS_MONEY_BUFSZ])
{
	const struct cs_customer_metrics *c = &s->m->c[i];

	f[0] = c->recency_days == CS_NO_VALUE ? NULL : format_int(c->recency_days, buf[0]);
	f[1] = format_int(frequency(s, c), buf[1]);
	f[2] = cs_money_format(c->revenue, buf[2]);
	f[3] = format_int(s->r[i], buf[3]);
	f[4] = format_int(s->f[i], buf[4]);
	f[5] = format_int(s->mon[i], buf[5]);
	snprintf(buf[6], CS_MONEY_BUFSZ, "%d%d%d", s->r[i], s->f[i], s->mon[i]);
	f[6] = buf[6];
	f[7] = rfm_label(s, i);
	return 8;
}

static int
fields_abc(const struct cs_seg *s, size_t i, const char **f, char (*buf)[CS_MONEY_BUFSZ])
{
	f[0] = cs_money_format(s->m->c[i].revenue, buf[0]);
	f[1] = cs_format_hundredths(s->share[i], buf[1]);
	f[2] = abc_label(s, i);
	return 3;
}

static int
fields_pyramid(const struct cs_seg *s, size_t i, const char **f, char (*buf)[CS_MONEY_BUFSZ])
{
	f[0] = cs_money_format(s->m->c[i].revenue, buf[0]);
	f[1] = pyramid_label(s, i);
	return 2;
}

static int
fields_big(const struct cs_seg *s, size_t i, const char **f, char (*buf)[CS_MONEY_BUFSZ])
{
	f[0] = cs_money_format(s->m->c[i].revenue, buf[0]);
	f[1] = big_label(s, i);
	return 2;
}

/* The churn change in hundredths of a percent as text, or NULL when there is none. */
static const char *
churn_score(const struct cs_seg *s, size_t i, char buf[CS_MONEY_BUFSZ])
{
	if (s->churn[i] == CS_CHURN_NEW || s->churn[i] == CS_CHURN_NONE)
		return NULL;
	return cs_format_hundredths(s->change[i], buf);
}

static int
fields_churn(const struct cs_seg *s, size_t i, const char **f, char (*buf)[CS_MONEY_BUFSZ])
{
	const struct cs_customer_metrics *c = &s->m->c[i];

	f[0] = cs_money_format(c->revenue, buf[0]);
	f[1] = cs_money_format(c->prior_revenue, buf[1]);
	f[2] = churn_score(s, i, buf[2]);
	f[3] = churn_label(s, i);
	return 4;
}

/* Formats hundredths into buf, or returns none for CS_NO_VALUE. */
static const char *
hundredths_or(int64_t v, const char *none, char buf[CS_MONEY_BUFSZ])
{
	return v == CS_NO_VALUE ? none : cs_format_hundredths(v, buf);
}

static int
fields_loyalty(const struct cs_seg *s, size_t i, const char **f, char (*buf)[CS_MONEY_BUFSZ])
{
	f[0] = hundredths_or(s->attitude[i], NULL, buf[0]);
	f[1] = hundredths_or(s->patronage[i], NULL, buf[1]);
	f[2] = loyalty_label(s, i);
	f[3] = cs_basis_names[s->basis[i]];
	return 4;
}

static int
fields_credit(const struct cs_seg *s, size_t i, const char **f, char (*buf)[CS_MONEY_BUFSZ])
{
	const struct cs_customer_metrics *c = &s->m->c[i];

	f[0] = format_int(c->credit.due, buf[0]);
	f[1] = format_int(c->credit.late, buf[1]);
	f[2] = c->credit.due > 0 ?
	    cs_format_hundredths(c->credit.days_late * 100 / c->credit.due, buf[2]) : NULL;
	f[3] = cs_money_format(c->credit.overdue, buf[3]);
	f[4] = c->credit_limit != CS_NO_VALUE ? cs_money_format(c->credit_limit, buf[4]) : NULL;
	f[5] = credit_label(s, i);
	return 6;
}

static int
fields_rules(const struct cs_seg *s, size_t i, const char **f, char (*buf)[CS_MONEY_BUFSZ])
{
	(void)buf;
	f[0] = rules_label(s, i);
	return 1;
}

/* The scores saved in snapshots. */
static const char *
rfm_score(const struct cs_seg *s, size_t i, char buf[CS_MONEY_BUFSZ])
{
	snprintf(buf, CS_MONEY_BUFSZ, "%d%d%d", s->r[i], s->f[i], s->mon[i]);
	return buf;
}

static const char *
abc_score(const struct cs_seg *s, size_t i, char buf[CS_MONEY_BUFSZ])
{
	return cs_format_hundredths(s->share[i], buf);
}

static const char *
loyalty_score(const struct cs_seg *s, size_t i, char buf[CS_MONEY_BUFSZ])
{
	return hundredths_or(s->patronage[i], NULL, buf);	/* none when nothing fell due */
}

static void explain_rfm(const struct cs_seg *s);
static void explain_loyalty(const struct cs_seg *s);

static const struct model models[CS_NMODELS] = {
	[CS_M_RFM] = { "rfm", { "rfm_recency_days", "rfm_frequency", "rfm_monetary", "rfm_r",
	    "rfm_f", "rfm_m", "rfm_cell", "rfm_segment" }, "rrrrrrll", 0, compute_rfm, rfm_label,
	    fields_rfm, rfm_score, cs_rfm_segments, explain_rfm },
	[CS_M_ABC] = { "abc", { "abc_revenue", "abc_cum_share", "abc_class" }, "rrl", 0,
	    compute_abc, abc_label, fields_abc, abc_score, cs_abc_classes, NULL },
	[CS_M_PYRAMID] = { "pyramid", { "pyramid_revenue", "pyramid_tier" }, "rl", 0,
	    compute_pyramid, pyramid_label, fields_pyramid, NULL, cs_tier_names, NULL },
	[CS_M_CHURN] = { "churn", { "churn_revenue", "churn_prior_revenue", "churn_change_pct",
	    "churn_flag" }, "rrrl", CS_METRIC_PRIOR, compute_churn, churn_label, fields_churn,
	    churn_score, cs_churn_names, NULL },
	[CS_M_LOYALTY] = { "loyalty", { "loyalty_attitude", "loyalty_patronage_pct",
	    "loyalty_class", "loyalty_basis" }, "rrll",
	    CS_METRIC_ATTITUDE | CS_METRIC_PRIOR | CS_METRIC_CREDIT, compute_loyalty,
	    loyalty_label, fields_loyalty, loyalty_score, cs_loyalty_names, explain_loyalty },
	[CS_M_BIGCUSTOMER] = { "bigcustomer", { "bigcustomer_revenue", "bigcustomer_class" },
	    "rl", 0, compute_bigcustomer, big_label, fields_big, NULL, cs_big_names, NULL },
	[CS_M_CREDIT] = { "credit", { "credit_due_invoices", "credit_late_invoices",
	    "credit_avg_days_late", "credit_overdue", "credit_limit", "credit_grade" }, "rrrrrl",
	    CS_METRIC_CREDIT, NULL, credit_label, fields_credit, NULL, cs_credit_grades, NULL },
	[CS_M_RULES] = { "rules", { "rules_label" }, "l", 0, compute_rules, rules_label,
	    fields_rules, NULL, NULL, NULL },
};

int
cs_model_find(const char *name)
{
	int m;

	for (m = 0; m < CS_NMODELS; m++)
		if (strcmp(name, models[m].name) == 0)
			return m;
	return -1;
}

const char *
cs_model_name(enum cs_model_id m)
{
	return models[m].name;
}

const char *const *
cs_model_labels(enum cs_model_id m)
{
	return models[m].labels;
}

size_t
cs_model_label_place(const char *model, const char *label)
{
	int m = cs_model_find(model);
	const char *const *l = m < 0 ? NULL : cs_model_labels((enum cs_model_id)m);
	size_t k;

	for (k = 0; l != NULL && l[k] != NULL; k++)
		if (strcmp(l[k], label) == 0)
			return k;
	return SIZE_MAX;
}

int
cs_model_label_cmp(const char *model, const char *a, const char *b)
{
	size_t pa = model ? cs_model_label_place(model, a) : SIZE_MAX;
	size_t pb = model ? cs_model_label_place(model, b) : SIZE_MAX;

	if (pa != pb)
		return pa < pb ? -1 : 1;
	return strcmp(a, b);
}

const struct cs_rule_metric *
cs_seg_rule_metrics(size_t *n)
{
	*n = NRULE_METRICS;
	return rule_metrics;
}

/* Returns nonzero when model m is among those asked for. */
static int
asked(const struct cs_seg_opts *o, int m)
{
	int j;

	for (j = 0; j < o->nmodels; j++)
		if ((int)o->models[j] == m)
			return 1;
	return 0;
}

const char *
cs_seg_check_rules(const struct cs_seg_opts *o, const struct cs_rules *r, int labels_allowed,
    char *buf, size_t len)
{
	int m;

	for (m = RM_RFM; m < RM_KIND; m++) {
		if (!cs_rules_use(r, m))
			continue;
		if (!labels_allowed)
			return _("conditions here cannot use the models' labels (use a rules file)");
		if (!asked(o, m - RM_RFM)) {
			snprintf(buf, len, _("the rules use %s: run that model too"),
			    rule_metrics[m].name);
			return buf;
		}
	}
	return NULL;
}

int
cs_seg_wants(const struct cs_seg_opts *o)
{
	int j, want = 0;

	for (j = 0; j < o->nmodels; j++)
		want |= models[o->models[j]].want;
	if (asked(o, CS_M_RFM) && o->paid_periods)
		want |= CS_METRIC_CREDIT;
	if (o->rules != NULL) {
		if (cs_rules_use(o->rules, RM_PRIOR) || cs_rules_use(o->rules, RM_CHANGE))
			want |= CS_METRIC_PRIOR;
		if (cs_rules_use(o->rules, RM_MONTHS))
			want |= CS_METRIC_MONTHS;
		if (cs_rules_use(o->rules, RM_PATRONAGE))
			want |= CS_METRIC_CREDIT;
		if (cs_rules_use(o->rules, RM_ATTITUDE))
			want |= CS_METRIC_ATTITUDE;
	}
	return want;
}

/* Allocates the per-customer result arrays; returns 0, or -1 when memory runs out. */
static int
results_alloc(struct cs_seg *s)
{
	size_t n = s->m->n ? s->m->n : 1;

	s->r = calloc(n, sizeof *s->r);
	s->f = calloc(n, sizeof *s->f);
	s->mon = calloc(n, sizeof *s->mon);
	s->abc = calloc(n, 1);
	s->share = calloc(n, sizeof *s->share);
	s->tier = calloc(n, sizeof *s->tier);
	s->churn = calloc(n, sizeof *s->churn);
	s->change = calloc(n, sizeof *s->change);
	s->attitude = calloc(n, sizeof *s->attitude);
	s->basis = calloc(n, sizeof *s->basis);
	s->patronage = calloc(n, sizeof *s->patronage);
	s->loyalty = calloc(n, sizeof *s->loyalty);
	s->big = calloc(n, sizeof *s->big);
	s->rule_label = calloc(n, sizeof *s->rule_label);
	return s->r && s->f && s->mon && s->abc && s->share && s->tier && s->churn &&
	    s->change && s->attitude && s->basis && s->patronage && s->loyalty && s->big &&
	    s->rule_label ? 0 : -1;
}

void
cs_seg_free(struct cs_seg *s)
{
	if (s == NULL)
		return;
	free(s->r);
	free(s->f);
	free(s->mon);
	free(s->abc);
	free(s->share);
	free(s->tier);
	free(s->churn);
	free(s->change);
	free(s->attitude);
	free(s->basis);
	free(s->patronage);
	free(s->loyalty);
	free(s->big);
	free(s->rule_label);
	free(s);
}

struct cs_seg *
cs_seg_run(const struct cs_seg_opts *o, const struct cs_metrics *m, char *err, size_t errlen)
{
	struct cs_seg *s = calloc(1, sizeof *s);
	int j, rc;

	if (s == NULL) {
		snprintf(err, errlen, _("out of memory"));
		return NULL;
	}
	s->o = o;
	s->m = m;
	rc = results_alloc(s);
	/* In the order asked, but rules last: they may name the others' labels. */
	for (j = 0; j < o->nmodels && rc == 0; j++)
		if (o->models[j] != CS_M_RULES && models[o->models[j]].compute != NULL)
			rc = models[o->models[j]].compute(s);
	if (rc == 0 && o->rules != NULL)
		rc = compute_rules(s);
	if (rc != 0) {
		snprintf(err, errlen, _("out of memory"));
		cs_seg_free(s);
		return NULL;
	}
	return s;
}

size_t
cs_seg_header(const struct cs_seg *s, const char **h, char *align)
{
	const struct cs_seg_opts *o = s->o;
	size_t n = 0;
	int j, k;

	h[n] = "customer_id";
	align[n++] = 'l';
	for (j = 0; j < o->nmodels; j++) {
		const struct model *m = &models[o->models[j]];

		for (k = 0; m->columns[k] != NULL; k++) {
			h[n] = m->columns[k];
			align[n++] = m->align[k];
		}
	}
	align[n] = '\0';
	return n;
}

size_t
cs_seg_row(const struct cs_seg *s, size_t i, const char **f, char (*buf)[CS_MONEY_BUFSZ])
{
	const struct cs_seg_opts *o = s->o;
	size_t n = 0;
	int j;

	f[n++] = s->m->c[i].id;
	for (j = 0; j < o->nmodels; j++)
		n += (size_t)models[o->models[j]].fields(s, i, f + n, buf + n);
	return n;
}

/* Prints, for each score of one RFM metric, the range of values it covers. */
static void
explain_scores(const struct cs_seg *s, const int *scores, int x)
{
	static const char *const what[] = { N_("recency"), N_("frequency"), N_("monetary") };
	static const char *const unit[] = { N_(" days"), N_(" invoices"), "", N_(" periods paid") };
	size_t i, absent = 0;
	int score;

	for (score = s->o->k; score >= 1; score--) {
		int64_t lo = 0, hi = 0;
		size_t count = 0;
		char a[CS_MONEY_BUFSZ], b[CS_MONEY_BUFSZ];

		for (i = 0; i < s->m->n; i++) {
			int64_t v = rfm_value(s, i, x);

			if (scores[i] != score)
				continue;
			if (v == CS_NO_VALUE) {
				absent++;
				continue;
			}
			lo = count == 0 || v < lo ? v : lo;
			hi = count == 0 || v > hi ? v : hi;
			count++;
		}
		if (x == 2) {
			cs_money_format(lo, a);
			cs_money_format(hi, b);
		} else {
			snprintf(a, sizeof a, "%lld", (long long)lo);
			snprintf(b, sizeof b, "%lld", (long long)hi);
		}
		if (count > 0)
			cs_warnx(_("rfm %c=%d: %s %s to %s%s (%zu customers)"), "RFM"[x], score,
			    _(what[x]), a, b, _(unit[x == 1 && s->o->paid_periods ? 3 : x]), count);
	}
	if (absent > 0)
		cs_warnx(_("rfm %c=1 also: %zu customers who never paid"), "RFM"[x], absent);
}

/* The RFM scale, method and the range of each score (before the segments). */
static void
explain_rfm(const struct cs_seg *s)
{
	static const char *const methods[] = { N_("tiles (a tie scores as its best place)"),
		N_("quantile (a tie scores as its worst place)"), N_("breaks") };

	cs_warnx(_("rfm: scores 1..%d by %s"), s->o->k, _(methods[s->o->method]));
	explain_scores(s, s->r, 0);
	explain_scores(s, s->f, 1);
	explain_scores(s, s->mon, 2);
}

/* Prints the count and revenue range of each label of model m. */
static void
explain_labels(const struct cs_seg *s, const struct model *m)
{
	const char *const *l;

	for (l = m->labels; *l != NULL; l++) {
		int64_t lo = 0, hi = 0, sum = 0;
		size_t count = 0;
		char a[CS_MONEY_BUFSZ], b[CS_MONEY_BUFSZ], c[CS_MONEY_BUFSZ];

		for (size_t i = 0; i < s->m->n; i++) {
			int64_t v = s->m->c[i].revenue;

			if (strcmp(m->label(s, i), *l) != 0)
				continue;
			lo = count == 0 || v < lo ? v : lo;
			hi = count == 0 || v > hi ? v : hi;
			sum += v;
			count++;
		}
		cs_warnx(_("%s %s: %zu customers, revenue %s to %s, %s in all"), cs_label(m->name),
		    cs_label(*l), count,
		    cs_money_format(lo, a), cs_money_format(hi, b), cs_money_format(sum, c));
	}
}

/* The bases and the splits used, then the classes. */
static void
explain_loyalty(const struct cs_seg *s)
{
	size_t count[CS_BASIS_NONE + 1] = { 0 }, nothing_due = 0, i;
	char a[CS_MONEY_BUFSZ], b[CS_MONEY_BUFSZ], c[CS_MONEY_BUFSZ];

	for (i = 0; i < s->m->n; i++) {
		count[s->basis[i]]++;
		nothing_due += s->patronage[i] == CS_NO_VALUE;
	}
	cs_warnx(_("loyalty: attitude by survey answer for %zu customers, high from %s; by revenue "
	    "growth for %zu, high from %s%%; neither for %zu (unknown)"), count[CS_BASIS_SURVEY],
	    hundredths_or(s->attitude_split[CS_BASIS_SURVEY], "-", a), count[CS_BASIS_GROWTH],
	    cs_format_hundredths(s->attitude_split[CS_BASIS_GROWTH], b), count[CS_BASIS_NONE]);
	cs_warnx(_("loyalty: patronage high from %s%% of the invoices due paid on time; nothing "
	    "due for %zu customers (low)"), hundredths_or(s->patronage_split, "-", c), nothing_due);
	explain_labels(s, &models[CS_M_LOYALTY]);
}

void
cs_seg_explain(const struct cs_seg *s)
{
	const struct cs_window *w = &s->o->window;
	char a[CS_DATE_BUFSZ];
	int j;

	cs_warnx(_("as of %s, window %d %s"), cs_date_format(w->as_of, a),
	    w->months ? w->months : w->days, w->months ? _("months") : _("days"));
	for (j = 0; j < s->o->nmodels; j++) {
		const struct model *m = &models[s->o->models[j]];

		if (m->explain != NULL)
			m->explain(s);
		else if (m->labels != NULL)
			explain_labels(s, m);
	}
}

int
cs_seg_save(struct cs_db *db, const struct cs_seg *s)
{
	size_t n = s->m->n ? s->m->n : 1, i;
	struct cs_segment_row *rows = calloc(n, sizeof *rows);
	char (*scores)[CS_MONEY_BUFSZ] = calloc(n, sizeof *scores);
	char as_of[CS_DATE_BUFSZ];
	int j, rc = rows != NULL && scores != NULL ? cs_db_begin(db) : -1;

	cs_date_format(s->o->window.as_of, as_of);
	for (j = 0; j < s->o->nmodels && rc == 0; j++) {
		const struct model *m = &models[s->o->models[j]];

		for (i = 0; i < s->m->n; i++) {
			rows[i].customer_id = s->m->c[i].id;
			rows[i].value_cents = s->m->c[i].revenue;
			rows[i].label = m->label(s, i);
			rows[i].score = m->score != NULL ? m->score(s, i, scores[i]) : NULL;
		}
		rc = cs_snapshot_save(db, as_of, m->name, rows, s->m->n);
	}
	if (rc == 0)
		rc = cs_db_commit(db);
	if (rc != 0)
		cs_db_rollback(db);
	free(rows);
	free(scores);
	return rc;
}
