/*
 * cs_survey_score.c - scores per group.  The responses are read in one
 * pass (in table order) and each response's answers gathered by its
 * id; then every response adds to its group's sums, and the rows are
 * made from the sums.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_i18n.h"
#include "cs_err.h"
#include "cs_models.h"
#include "cs_stats.h"
#include "cs_survey_score.h"
#include "cs_text.h"

const char *const cs_score_columns[CS_SCORE_NCOLS] = { "group", "measure", "name", "n",
	"missing", "value", "ci_low", "ci_high" };

/* One group's sums. */
struct group {
	char *label;
	int64_t responses;
	struct cs_moments *item;	/* per item of the definition */
	struct cs_moments *gap;		/* per dimension item (pairs) */
	struct cs_alpha_sums *alpha;	/* per dimension */
	int64_t promoters, detractors, nps_n, satisfied, csat_n;
};

/* Labels of the groups. */
struct groups {
	struct group *g;
	size_t n, cap;
};

/* A customer's group (for --by a customer column or a segment model). */
struct member {
	char *id;
	size_t group;
};

/* Responses gathered by id: an open-addressing table. */
struct responses {
	size_t *slot;			/* index + 1 into the arrays below, 0: empty */
	size_t cap, n;
	char **id;
	size_t *group;
	double *value;			/* n * nitems answers, NAN: none */
	size_t nitems;
};

/* Everything a scoring works with. */
struct scoring {
	const struct cs_score_opts *o;
	const struct cs_survey_def *d;
	struct groups groups;
	struct member *members;
	size_t nmembers;
	struct responses resp;
	int64_t invalid;		/* answers off their item's scale */
	size_t gaps;			/* dimension items in all, for the gap sums */
	size_t *gap_at;			/* per dimension: its first gap sum */
};

/* Returns the index of group label, adding it when new. */
static size_t
group_of(struct groups *gs, const char *label)
{
	size_t k;

	for (k = 0; k < gs->n; k++)
		if (strcmp(gs->g[k].label, label) == 0)
			return k;
	if (gs->n == gs->cap) {
		gs->cap = gs->cap ? 2 * gs->cap : 16;
		gs->g = cs_xrealloc(gs->g, gs->cap * sizeof *gs->g);
	}
	memset(&gs->g[gs->n], 0, sizeof gs->g[gs->n]);
	gs->g[gs->n].label = cs_xstrdup(label);
	return gs->n++;
}

/* The SQL of a customer column that --by may name (never user text). */
static const char *
column_sql(const char *by)
{
	static const char *const cols[][2] = {
		{ "kind", "SELECT customer_id, coalesce(kind, '') FROM customers ORDER BY 1" },
		{ "region", "SELECT customer_id, coalesce(region, '') FROM customers ORDER BY 1" },
		{ "industry", "SELECT customer_id, coalesce(industry, '') FROM customers ORDER BY 1" },
		{ "manager", "SELECT customer_id, coalesce(manager, '') FROM customers ORDER BY 1" },
		{ "status", "SELECT customer_id, status FROM customers ORDER BY 1" },
	};
	size_t k;

	for (k = 0; k < sizeof cols / sizeof cols[0]; k++)
		if (strcmp(by, cols[k][0]) == 0)
			return cols[k][1];
	return NULL;
}

/*
 * Reads every customer's group for --by: a customer column, or the
 * label in the latest snapshot of a segment model by the end date.
 * Returns a CS_EXIT_* status.
 */
static int
load_members(struct cs_db *db, struct scoring *s, char *err, size_t errlen)
{
	const char *sql = column_sql(s->o->by), *to = s->o->to ? s->o->to : "9999-12-31";
	struct cs_stmt *st = cs_db_prepare(db, sql ? sql : "SELECT customer_id, label FROM segments"
	    " WHERE model = ?1 AND as_of = (SELECT max(as_of) FROM segments WHERE model = ?1"
	    " AND as_of <= ?2) ORDER BY customer_id");
	size_t cap = 0;
	enum cs_step step;

	if (st == NULL)
		return cs_db_fail(db, err, errlen);
	if (sql == NULL) {
		cs_stmt_bind_text(st, 1, s->o->by, strlen(s->o->by));
		cs_stmt_bind_text(st, 2, to, strlen(to));
	}
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		if (s->nmembers == cap) {
			cap = cap ? 2 * cap : 1024;
			s->members = cs_xrealloc(s->members, cap * sizeof *s->members);
		}
		s->members[s->nmembers].id = cs_xstrdup(cs_stmt_text(st, 0));
		s->members[s->nmembers++].group = group_of(&s->groups, cs_stmt_text(st, 1));
	}
	cs_stmt_finalize(st);
	if (step != CS_STEP_DONE)
		return cs_db_fail(db, err, errlen);
	if (sql == NULL && s->nmembers == 0) {
		snprintf(err, errlen, _("--by %s: not a customer column (kind, region, industry,"
		    " manager, status), month, or a model with a saved snapshot (cs-segment --save)"),
		    s->o->by);
		return CS_EXIT_USAGE;
	}
	return CS_EXIT_OK;
}

/* Returns the group of a response by customer id and answer date. */
static size_t
response_group(struct scoring *s, const char *customer, const char *answered)
{
	size_t lo = 0, hi = s->nmembers, mid;
	char month[8];
	int c;

	if (s->o->by == NULL)
		return group_of(&s->groups, "all");
	if (strcmp(s->o->by, "month") == 0) {
		snprintf(month, sizeof month, "%.7s", answered);
		return group_of(&s->groups, month);
	}
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((c = strcmp(s->members[mid].id, customer)) == 0)
			return s->members[mid].group;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return group_of(&s->groups, "(none)");
}

/* A string hash (FNV-1a). */
static size_t
hash(const char *t)
{
	size_t h = 2166136261u;

	for (; *t; t++)
		h = (h ^ (unsigned char)*t) * 16777619u;
	return h;
}

/* Doubles the response table. */
static void
grow(struct responses *r)
{
	size_t cap = r->cap ? 2 * r->cap : 1024, k, j;

	free(r->slot);
	r->slot = cs_xmalloc(cap * sizeof *r->slot);
	memset(r->slot, 0, cap * sizeof *r->slot);
	r->cap = cap;
	for (k = 0; k < r->n; k++) {
		for (j = hash(r->id[k]) & (cap - 1); r->slot[j]; j = (j + 1) & (cap - 1))
			;
		r->slot[j] = k + 1;
	}
	r->id = cs_xrealloc(r->id, cap / 2 * sizeof *r->id);
	r->group = cs_xrealloc(r->group, cap / 2 * sizeof *r->group);
	r->value = cs_xrealloc(r->value, cap / 2 * r->nitems * sizeof *r->value);
}

/* Returns the index of response id, adding it (in group) when new; *is_new says which. */
static size_t
response_at(struct scoring *s, const char *id, const char *customer, const char *answered)
{
	struct responses *r = &s->resp;
	size_t j, k;

	if (2 * (r->n + 1) > r->cap)
		grow(r);
	for (j = hash(id) & (r->cap - 1); r->slot[j]; j = (j + 1) & (r->cap - 1))
		if (strcmp(r->id[r->slot[j] - 1], id) == 0)
			return r->slot[j] - 1;
	r->slot[j] = ++r->n;
	r->id[r->n - 1] = cs_xstrdup(id);
	r->group[r->n - 1] = response_group(s, customer, answered);
	for (k = 0; k < r->nitems; k++)
		r->value[(r->n - 1) * r->nitems + k] = NAN;
	return r->n - 1;
}

/* The responses of survey ?1 answered from ?2 to ?3 (SQLite: a scan, not the index). */
#define GATHER_SQL(hint) "SELECT response_id, customer_id, answered_on, item, score "\
    " FROM responses" hint " WHERE survey = ?1 AND answered_on >= ?2 AND answered_on <= ?3"

/* Reads the responses in range into s->resp; returns a CS_EXIT_* status. */
static int
gather(struct cs_db *db, struct scoring *s, char *err, size_t errlen)
{
	const char *survey = s->o->survey ? s->o->survey : s->d->survey;
	const char *from = s->o->from ? s->o->from : "0000-00-00";
	const char *to = s->o->to ? s->o->to : "9999-12-31";
	struct cs_stmt *st = cs_db_prepare(db, cs_db_sql(db, GATHER_SQL(" NOT INDEXED"),
	    GATHER_SQL("")));
	uint64_t read = 0;
	enum cs_step step;

	if (st == NULL)
		return cs_db_fail(db, err, errlen);
	cs_stmt_bind_text(st, 1, survey, strlen(survey));
	cs_stmt_bind_text(st, 2, from, strlen(from));
	cs_stmt_bind_text(st, 3, to, strlen(to));
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		int item = cs_survey_def_find(s->d, cs_stmt_text(st, 3));
		if (read++ % CS_PROGRESS_EVERY == 0)
			cs_progress_report(&s->o->progress, "answers", read, 0);
		size_t r = response_at(s, cs_stmt_text(st, 0), cs_stmt_text(st, 1),
		    cs_stmt_text(st, 2));
		const struct cs_def_item *it = &s->d->item[item < 0 ? 0 : item];
		double v;

		if (item < 0)
			continue;
		v = strtod(cs_stmt_text(st, 4), NULL);
		if (v < it->min || v > it->max) {
			s->invalid++;
			continue;
		}
		s->resp.value[r * s->resp.nitems + (size_t)item] = it->reverse ?
		    it->min + it->max - v : v;
	}
	cs_stmt_finalize(st);
	if (step != CS_STEP_DONE)
		return cs_db_fail(db, err, errlen);
	return CS_EXIT_OK;
}

/* Sets up the sums of every group. */
static void
init_sums(struct scoring *s)
{
	size_t k;
	int m;

	for (k = 0; k < s->groups.n; k++) {
		struct group *g = &s->groups.g[k];

		g->item = cs_xmalloc(((size_t)s->d->nitems + 1) * sizeof *g->item);
		memset(g->item, 0, ((size_t)s->d->nitems + 1) * sizeof *g->item);
		g->gap = cs_xmalloc((s->gaps + 1) * sizeof *g->gap);
		memset(g->gap, 0, (s->gaps + 1) * sizeof *g->gap);
		g->alpha = cs_xmalloc(((size_t)s->d->ndims + 1) * sizeof *g->alpha);
		for (m = 0; m < s->d->ndims; m++)
			cs_alpha_init(&g->alpha[m], s->d->dim[m].n);
	}
}

/* Adds one dimension of a response: its gaps and, when complete, an alpha case. */
static void
add_dimension(struct scoring *s, struct group *g, int m, const double *v)
{
	const struct cs_def_dim *dim = &s->d->dim[m];
	double x[CS_DEF_DIM_ITEMS];
	int j, complete = 1;

	for (j = 0; j < dim->n; j++) {
		x[j] = v[dim->p[j]];
		complete &= !isnan(x[j]);
		if (s->d->pairs && !isnan(x[j]) && !isnan(v[dim->e[j]]))
			cs_moments_add(&g->gap[s->gap_at[m] + (size_t)j], x[j] - v[dim->e[j]]);
	}
	if (complete)
		cs_alpha_add(&g->alpha[m], x);
}

/* Adds every response to its group's sums. */
static void
add_responses(struct scoring *s)
{
	const struct cs_survey_def *d = s->d;
	size_t r;
	int i, m;

	for (r = 0; r < s->resp.n; r++) {
		struct group *g = &s->groups.g[s->resp.group[r]];
		const double *v = s->resp.value + r * s->resp.nitems;

		g->responses++;
		for (i = 0; i < d->nitems; i++)
			if (!isnan(v[i]))
				cs_moments_add(&g->item[i], v[i]);
		for (m = 0; m < d->ndims; m++)
			add_dimension(s, g, m, v);
		if (d->nps >= 0 && !isnan(v[d->nps])) {
			g->nps_n++;
			g->promoters += v[d->nps] >= 9;
			g->detractors += v[d->nps] <= 6;
		}
		if (d->csat >= 0 && !isnan(v[d->csat])) {
			g->csat_n++;
			g->satisfied += v[d->csat] >= 4;
		}
	}
}

/* Output of one group. */
struct out {
	struct cs_text_rows *rows;
	const char *group;
	int ci;
};

/* Adds a row; value and the interval are printed with decimals places, NAN empty. */
static void
row(struct out *o, const char *measure, const char *name, int64_t n, int64_t missing,
    double value, double lo, double hi, int decimals)
{
	char nb[24], mb[24], vb[48], lb[48], hb[48];
	const char *f[CS_SCORE_NCOLS];

	snprintf(nb, sizeof nb, "%lld", (long long)n);
	snprintf(mb, sizeof mb, "%lld", (long long)missing);
	snprintf(vb, sizeof vb, "%.*f", decimals, value);
	snprintf(lb, sizeof lb, "%.*f", decimals, lo);
	snprintf(hb, sizeof hb, "%.*f", decimals, hi);
	f[0] = o->group;
	f[1] = measure;
	f[2] = name;
	f[3] = nb;
	f[4] = missing < 0 ? NULL : mb;
	f[5] = isnan(value) ? NULL : vb;
	f[6] = !o->ci || isnan(lo) ? NULL : lb;
	f[7] = !o->ci || isnan(hi) ? NULL : hb;
	cs_text_rows_add(o->rows, f);
}

/* A row of a mean, with its t interval. */
static void
mean_row(struct out *o, const char *measure, const char *name, const struct cs_moments *m,
    int64_t responses)
{
	double lo = NAN, hi = NAN;

	if (o->ci)
		cs_mean_ci95(m, &lo, &hi);
	row(o, measure, name, m->n, responses - m->n, m->n ? m->mean : NAN, lo, hi, 4);
}

/*
 * The rows of a dimension: per item the expectation, perception and
 * gap (pairs) or mean; then the dimension's, the mean of its items'.
 * Returns the dimension's gap (pairs) or mean, NAN when an item has
 * no answer.
 */
static double
dimension_rows(struct scoring *s, struct out *o, const struct group *g, int m)
{
	const struct cs_def_dim *dim = &s->d->dim[m];
	double e = 0, p = 0, gap = 0;
	int j, ok = 1;

	for (j = 0; j < dim->n; j++) {
		const struct cs_moments *pm = &g->item[dim->p[j]];

		if (s->d->pairs) {
			const struct cs_moments *gm = &g->gap[s->gap_at[m] + (size_t)j];

			mean_row(o, "expectation", dim->label[j], &g->item[dim->e[j]], g->responses);
			mean_row(o, "perception", dim->label[j], pm, g->responses);
			mean_row(o, "gap", dim->label[j], gm, g->responses);
			e += g->item[dim->e[j]].mean;
			gap += gm->mean;
			ok &= gm->n > 0;
		} else
			mean_row(o, "mean", dim->label[j], pm, g->responses);
		p += pm->mean;
		ok &= pm->n > 0;
	}
	if (s->d->pairs) {
		row(o, "expectation", dim->name, g->responses, -1, ok ? e / dim->n : NAN, NAN, NAN, 4);
		row(o, "perception", dim->name, g->responses, -1, ok ? p / dim->n : NAN, NAN, NAN, 4);
		row(o, "gap", dim->name, g->responses, -1, ok ? gap / dim->n : NAN, NAN, NAN, 4);
		return ok ? gap / dim->n : NAN;
	}
	row(o, "mean", dim->name, g->responses, -1, ok ? p / dim->n : NAN, NAN, NAN, 4);
	return ok ? p / dim->n : NAN;
}

/* The reliability rows of a dimension: alpha, standardized alpha, alpha if item deleted. */
static void
alpha_rows(struct scoring *s, struct out *o, const struct group *g, int m)
{
	const struct cs_alpha_sums *a = &g->alpha[m];
	const struct cs_def_dim *dim = &s->d->dim[m];
	double alpha = NAN, std = NAN, x, y;
	char name[2 * CS_DEF_NAME + 2];
	int j;

	if (cs_alpha(a, ~0ULL, &alpha, &std) != 0)
		alpha = std = NAN;
	row(o, "alpha", dim->name, a->n, g->responses - a->n, alpha, NAN, NAN, 6);
	row(o, "alpha_std", dim->name, a->n, g->responses - a->n, std, NAN, NAN, 6);
	for (j = 0; s->o->explain && j < dim->n; j++) {
		snprintf(name, sizeof name, "%s/%s", dim->name, dim->label[j]);
		if (cs_alpha(a, ~0ULL & ~(1ULL << j), &x, &y) != 0)
			x = NAN;
		row(o, "alpha_if_deleted", name, a->n, g->responses - a->n, x, NAN, NAN, 6);
	}
}

/* The SERVQUAL score rows: the mean of the dimension gaps, and weighted. */
static void
servqual_rows(struct scoring *s, struct out *o, const struct group *g, const double *dimv)
{
	double sum = 0, wsum = 0, wtotal = 0;
	int m, weighted = 1;

	for (m = 0; m < s->d->ndims; m++) {
		sum += dimv[m];
		wsum += s->d->dim[m].weight * dimv[m];
		wtotal += s->d->dim[m].weight;
		weighted &= s->d->dim[m].weight > 0;
	}
	row(o, "servqual", "unweighted", g->responses, -1, sum / s->d->ndims, NAN, NAN, 4);
	if (weighted)
		row(o, "servqual", "weighted", g->responses, -1, wsum / wtotal, NAN, NAN, 4);
}

/* NPS (with its shares) and CSAT rows. */
static void
nps_csat_rows(struct scoring *s, struct out *o, const struct group *g)
{
	double v, lo = NAN, hi = NAN;
	int64_t n = g->nps_n;

	if (s->d->nps >= 0) {
		if (cs_nps(g->promoters, g->detractors, n, &v, &lo, &hi) != 0)
			v = lo = hi = NAN;
		row(o, "nps", s->d->item[s->d->nps].name, n, g->responses - n, v, lo, hi, 2);
		row(o, "nps_promoters", "9-10", g->promoters, -1,
		    n ? 100.0 * g->promoters / n : NAN, NAN, NAN, 2);
		row(o, "nps_passives", "7-8", n - g->promoters - g->detractors, -1,
		    n ? 100.0 * (n - g->promoters - g->detractors) / n : NAN, NAN, NAN, 2);
		row(o, "nps_detractors", "0-6", g->detractors, -1,
		    n ? 100.0 * g->detractors / n : NAN, NAN, NAN, 2);
	}
	if (s->d->csat >= 0) {
		n = g->csat_n;
		if (cs_wilson_ci95(g->satisfied, n, &lo, &hi) != 0)
			lo = hi = NAN;
		row(o, "csat", s->d->item[s->d->csat].name, n, g->responses - n,
		    n ? 100.0 * g->satisfied / n : NAN, 100 * lo, 100 * hi, 2);
		row(o, "csat_satisfied", "4-5", g->satisfied, -1,
		    n ? 100.0 * g->satisfied / n : NAN, NAN, NAN, 2);
	}
}

/* The ACSI-style index: the items' means rescaled to 0-100, weighted. */
static void
acsi_row(struct scoring *s, struct out *o, const struct group *g)
{
	double sum = 0, wtotal = 0;
	int64_t n = -1;
	int k;

	if (s->d->nacsi == 0)
		return;
	for (k = 0; k < s->d->nacsi; k++) {
		const struct cs_def_item *it = &s->d->item[s->d->acsi[k].item];
		const struct cs_moments *m = &g->item[s->d->acsi[k].item];

		sum += s->d->acsi[k].weight * (m->mean - it->min) / (it->max - it->min);
		wtotal += s->d->acsi[k].weight;
		n = n < 0 || m->n < n ? m->n : n;
	}
	row(o, "acsi", "index", n, g->responses - n, n > 0 ? 100 * sum / wtotal : NAN, NAN, NAN, 2);
}

/* Makes every row of group k. */
static void
group_rows(struct scoring *s, struct cs_text_rows *rows, size_t k)
{
	const struct group *g = &s->groups.g[k];
	struct out o = { rows, g->label, s->o->ci };
	double dimv[CS_DEF_DIMS] = { 0 };
	int m;

	for (m = 0; m < s->d->ndims; m++)
		dimv[m] = dimension_rows(s, &o, g, m);
	for (m = 0; m < s->d->ndims; m++)
		alpha_rows(s, &o, g, m);
	if (s->d->pairs && s->d->ndims > 0)
		servqual_rows(s, &o, g, dimv);
	nps_csat_rows(s, &o, g);
	acsi_row(s, &o, g);
}

/*
 * Orders two groups of --by: a segment model's labels in the model's
 * order (Platinum before Gold), others and the rest in byte order.
 */
static int
by_label(const char *by, const struct group *a, const struct group *b)
{
	return cs_model_label_cmp(by, a->label, b->label);
}

/* Orders group indexes by label, for the output. */
static size_t *
group_order(const struct scoring *s)
{
	size_t *order = cs_xmalloc((s->groups.n + 1) * sizeof *order), k, j, v;

	for (k = 0; k < s->groups.n; k++) {
		v = k;
		for (j = k; j > 0 && by_label(s->o->by, &s->groups.g[order[j - 1]],
		    &s->groups.g[v]) > 0; j--)
			order[j] = order[j - 1];
		order[j] = v;
	}
	return order;
}

/* Frees a scoring. */
static void
scoring_free(struct scoring *s)
{
	size_t k;
	int m;

	for (k = 0; k < s->groups.n; k++) {
		free(s->groups.g[k].label);
		free(s->groups.g[k].item);
		free(s->groups.g[k].gap);
		for (m = 0; s->groups.g[k].alpha != NULL && m < s->d->ndims; m++)
			cs_alpha_free(&s->groups.g[k].alpha[m]);
		free(s->groups.g[k].alpha);
	}
	free(s->groups.g);
	for (k = 0; k < s->nmembers; k++)
		free(s->members[k].id);
	free(s->members);
	for (k = 0; k < s->resp.n; k++)
		free(s->resp.id[k]);
	free(s->resp.id);
	free(s->resp.slot);
	free(s->resp.group);
	free(s->resp.value);
	free(s->gap_at);
}

int
cs_survey_score(struct cs_db *db, const struct cs_score_opts *o, struct cs_text_rows *rows,
    int64_t *invalid, char *err, size_t errlen)
{
	struct scoring s;
	size_t k, *order;
	int rc = CS_EXIT_OK, m;

	memset(&s, 0, sizeof s);
	s.o = o;
	s.d = o->def;
	s.resp.nitems = (size_t)s.d->nitems;
	s.gap_at = cs_xmalloc(((size_t)s.d->ndims + 1) * sizeof *s.gap_at);
	for (m = 0; m < s.d->ndims; m++) {
		s.gap_at[m] = s.gaps;
		s.gaps += (size_t)s.d->dim[m].n;
	}
	if (o->by != NULL && strcmp(o->by, "month") != 0)
		rc = load_members(db, &s, err, errlen);
	if (rc == CS_EXIT_OK)
		rc = gather(db, &s, err, errlen);
	if (rc == CS_EXIT_OK) {
		init_sums(&s);
		add_responses(&s);
		order = group_order(&s);
		for (k = 0; k < s.groups.n; k++)
			if (s.groups.g[order[k]].responses > 0)
				group_rows(&s, rows, order[k]);
		free(order);
	}
	*invalid = s.invalid;
	scoring_free(&s);
	return rc;
}
