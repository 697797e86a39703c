/*
 * cs_report_base.c - the reports on the customer base: segment mix and
 * satisfaction (complaints are cs_report_complaints.c, the top
 * customers cs_report_top.c, the customer card cs_report_card.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_err.h"
#include "cs_models.h"
#include "cs_i18n.h"
#include "cs_report.h"
#include "cs_segment.h"
#include "cs_survey_score.h"
#include "cs_text.h"

/* The latest snapshot (model and date) of every model by as-of. */
struct snapshots {
	char (*model)[64], (*date)[CS_DATE_BUFSZ];
	size_t n;
};

/* Reads the latest snapshots; returns 0 or -1. */
static int
latest_snapshots(struct cs_db *db, const char *as_of, struct snapshots *s)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT model, max(as_of) FROM segments"
	    " WHERE as_of <= ?1 GROUP BY model ORDER BY model");
	enum cs_step step;

	memset(s, 0, sizeof *s);
	if (st == NULL)
		return -1;
	cs_stmt_bind_text(st, 1, as_of, strlen(as_of));
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		s->model = cs_xrealloc(s->model, (s->n + 1) * sizeof *s->model);
		s->date = cs_xrealloc(s->date, (s->n + 1) * sizeof *s->date);
		snprintf(s->model[s->n], sizeof s->model[0], "%s", cs_stmt_text(st, 0));
		snprintf(s->date[s->n++], sizeof s->date[0], "%s", cs_stmt_text(st, 1));
	}
	cs_stmt_finalize(st);
	return step == CS_STEP_DONE ? 0 : -1;
}

/* A row of a segments table, and the places of its labels. */
struct labelled_row {
	const char *const *f;		/* the fields; f[0] the model */
	const char *label[2];
	size_t place[2];
	int nlabels;
};

/* Orders labelled rows by model, then by each label: by place, then in byte order. */
static int
by_label_place(const void *a, const void *b)
{
	const struct labelled_row *x = a, *y = b;
	int d = strcmp(x->f[0], y->f[0]), k;

	for (k = 0; d == 0 && k < x->nlabels; k++)
		d = x->place[k] != y->place[k] ? (x->place[k] < y->place[k] ? -1 : 1) :
		    strcmp(x->label[k], y->label[k]);
	return d;
}

/*
 * Adds the rows s to t, ordered by their model (column 0), then by the
 * labels in columns col[0..n) (n at most 2): each in the order of its
 * model's labels, those not among them after, in byte order.
 */
static void
add_in_label_order(struct cs_report_table *t, const struct cs_text_rows *s, const int *col,
    int n)
{
	struct labelled_row *x = cs_xmalloc((s->n + 1) * sizeof *x);
	size_t i;
	int k;

	for (i = 0; i < s->n; i++) {
		x[i].f = (const char *const *)&s->field[i * s->ncols];
		x[i].nlabels = n;
		for (k = 0; k < n; k++) {
			x[i].label[k] = x[i].f[col[k]];
			x[i].place[k] = cs_model_label_place(x[i].f[0], x[i].label[k]);
		}
	}
	if (s->n > 0)
		qsort(x, s->n, sizeof *x, by_label_place);
	for (i = 0; i < s->n; i++)
		cs_report_row(t, x[i].f);
	free(x);
}

/* The mix of one snapshot: customers and revenue per label, with shares, in label order. */
static int
snapshot_mix(struct cs_db *db, struct cs_report_table *t, const char *model, const char *date)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT label, count(*),"
	    " sum(coalesce(value_cents, 0)),"
	    " sum(CASE WHEN value_cents > 0 THEN value_cents ELSE 0 END) FROM segments"
	    " WHERE as_of = ?1 AND model = ?2 GROUP BY label");
	struct { char label[128]; int64_t n, v, pos; } *row = NULL;
	int64_t n = 0, pos = 0;
	char b[4][32], m[CS_MONEY_BUFSZ];
	struct cs_text_rows mix;
	size_t k, nrows = 0;
	enum cs_step step;

	if (st == NULL)
		return -1;
	cs_text_rows_init(&mix, t->rows.ncols);
	cs_stmt_bind_text(st, 1, date, strlen(date));
	cs_stmt_bind_text(st, 2, model, strlen(model));
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		row = cs_xrealloc(row, (nrows + 1) * sizeof *row);
		snprintf(row[nrows].label, sizeof row[0].label, "%s", cs_stmt_text(st, 0));
		row[nrows].n = cs_stmt_int64(st, 1);
		row[nrows].v = cs_stmt_int64(st, 2);
		row[nrows].pos = cs_stmt_int64(st, 3);
		n += row[nrows].n;
		pos += row[nrows++].pos;
	}
	cs_stmt_finalize(st);
	for (k = 0; k < nrows; k++) {
		snprintf(b[0], sizeof b[0], "%lld", (long long)row[k].n);
		cs_text_rows_add(&mix, (const char *[]){ model, date, row[k].label, b[0],
		    cs_report_pct(row[k].n, n, b[1]), cs_money_format(row[k].v, m),
		    cs_report_pct(row[k].pos, pos, b[2]) });
	}
	add_in_label_order(t, &mix, (const int[]){ 2 }, 1);
	cs_text_rows_free(&mix);
	free(row);
	return step == CS_STEP_DONE ? 0 : -1;
}

/* The segment mix of the latest snapshot of every model. */
static int
segment_mix(struct cs_db *db, struct cs_report *r, const struct snapshots *s)
{
	static const char *const cols[] = { "model", "as_of", "label", "customers:r",
		"customer_share:r", "revenue:r", "revenue_share:r", NULL };
	struct cs_report_table *t = cs_report_add(r, "segments", _("Segments of the latest saved"
	    " snapshots (cs-segment --save)"), cols);
	size_t k;

	for (k = 0; k < s->n; k++)
		if (snapshot_mix(db, t, s->model[k], s->date[k]) != 0)
			return -1;
	return 0;
}

/* Orders cents, largest first. */
static int
largest_first(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x > y ? -1 : x < y;
}

/*
 * The Pareto curve of the latest abc snapshot (else of the first
 * model): the share of revenue held by the largest 10%, 20%, ... of
 * customers (negative revenue counted as none).
 */
static int
pareto(struct cs_db *db, struct cs_report *r, const struct snapshots *s)
{
	static const char *const cols[] = { "customer_share:r", "customers:r", "revenue_share:r",
		NULL };
	struct cs_report_table *t = cs_report_add(r, "pareto", _("Pareto curve: share of revenue of"
	    " the largest customers"), cols);
	struct cs_stmt *st;
	int64_t *v = NULL, total = 0, cum = 0;
	size_t n = 0, k = 0, at = 0, pick = 0;
	char b[3][32];
	enum cs_step step;
	int p;

	t->chart = CS_CHART_LINE;
	t->chart_label = 0;
	t->chart_value = 2;
	snprintf(t->chart_title, sizeof t->chart_title, _("Share of revenue (%%) of the top customers"));
	for (k = 0; k < s->n; k++)
		pick = strcmp(s->model[k], "abc") == 0 ? k : pick;
	if (s->n == 0)
		return 0;
	if ((st = cs_db_prepare(db, "SELECT CASE WHEN value_cents > 0 THEN value_cents ELSE 0 END FROM segments"
	    " WHERE as_of = ?1 AND model = ?2")) == NULL)
		return -1;
	cs_stmt_bind_text(st, 1, s->date[pick], strlen(s->date[pick]));
	cs_stmt_bind_text(st, 2, s->model[pick], strlen(s->model[pick]));
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		if ((n & (n - 1)) == 0)
			v = cs_xrealloc(v, (n ? 2 * n : 1) * sizeof *v);
		total += v[n++] = cs_stmt_int64(st, 0);
	}
	cs_stmt_finalize(st);
	if (n > 0)
		qsort(v, n, sizeof *v, largest_first);
	for (p = 10; p <= 100 && n > 0; p += 10) {
		size_t upto = (n * (size_t)p + 99) / 100;

		for (; at < upto; at++)
			cum += v[at];
		snprintf(b[0], sizeof b[0], "%d", p);
		snprintf(b[1], sizeof b[1], "%zu", upto);
		cs_report_row(t, (const char *[]){ b[0], b[1], cs_report_pct(cum, total, b[2]) });
	}
	free(v);
	return step == CS_STEP_DONE ? 0 : -1;
}

/*
 * Movement between a model's latest snapshot and the one before (or on
 * --compare), by model, then from and to label in label order.
 */
static int
movement(struct cs_db *db, struct cs_report *r, const char *as_of, const char *compare)
{
	static const char *const cols[] = { "model", "from_date", "to_date", "from_label",
		"to_label", "customers:r", NULL };
	struct cs_report_table *t = cs_report_add(r, "segment_movement", _("Movement between"
	    " snapshots"), cols), pairs;
	int rc;

	memset(&pairs, 0, sizeof pairs);
	cs_text_rows_init(&pairs.rows, t->rows.ncols);
	rc = cs_report_query(db, &pairs, "WITH latest AS (SELECT model, max(as_of) AS to_date FROM segments"
	    " WHERE as_of <= ?1 GROUP BY model), pair AS MATERIALIZED (SELECT model, to_date, (SELECT"
	    " max(as_of) FROM segments p WHERE p.model = latest.model AND p.as_of < to_date"
	    " AND (CAST(?2 AS text) = '' OR p.as_of <= ?2)) AS from_date FROM latest)"
	    " SELECT pair.model, from_date, to_date, a.label, b.label, count(*) FROM pair"
	    " JOIN segments a ON a.model = pair.model AND a.as_of = from_date"
	    " JOIN segments b ON b.model = pair.model AND b.as_of = to_date"
	    " AND b.customer_id = a.customer_id"
	    " GROUP BY pair.model, from_date, to_date, a.label, b.label",
	    (const char *[]){ as_of, compare ? compare : "" }, 2);
	if (rc == 0)
		add_in_label_order(t, &pairs.rows, (const int[]){ 3, 4 }, 2);
	cs_text_rows_free(&pairs.rows);
	return rc;
}

int
cs_report_segments(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen)
{
	char as_of[CS_DATE_BUFSZ];
	struct snapshots s;
	int rc;

	cs_date_format(o->as_of, as_of);
	rc = latest_snapshots(db, as_of, &s) != 0 || segment_mix(db, r, &s) != 0 ||
	    pareto(db, r, &s) != 0 || movement(db, r, as_of, o->compare) != 0;
	free(s.model);
	free(s.date);
	return rc ? cs_db_fail(db, err, errlen) : CS_EXIT_OK;
}

/* Returns field col of score row i. */
static const char *
score_field(const struct cs_text_rows *s, size_t i, int col)
{
	return s->field[i * s->ncols + (size_t)col];
}

/*
 * Adds a table of one row per group of the score rows s: responses,
 * SERVQUAL, NPS and CSAT side by side.
 */
static void
pivot(struct cs_report *r, const struct cs_text_rows *s, const char *name, const char *title,
    const char *first)
{
	const char *cols[] = { first, "responses:r", "servqual:r", "nps:r", "csat:r", NULL };
	struct cs_report_table *t = cs_report_add(r, name, title, cols);
	const char *f[5] = { NULL, NULL, NULL, NULL, NULL };
	size_t i;

	for (i = 0; i < s->n; i++) {
		const char *g = score_field(s, i, 0), *m = score_field(s, i, 1);

		if (f[0] != NULL && strcmp(f[0], g) != 0) {
			cs_report_row(t, f);
			f[2] = f[3] = f[4] = NULL;
		}
		f[0] = g;
		if (strcmp(m, "servqual") == 0 && strcmp(score_field(s, i, 2), "unweighted") == 0) {
			f[1] = score_field(s, i, 3);
			f[2] = score_field(s, i, 5);
		} else if (strcmp(m, "nps") == 0)
			f[3] = score_field(s, i, 5);
		else if (strcmp(m, "csat") == 0)
			f[4] = score_field(s, i, 5);
	}
	if (f[0] != NULL)
		cs_report_row(t, f);
}

/* The SERVQUAL dimensions of the overall score rows s, with a chart of the gaps. */
static void
servqual_gaps(struct cs_report *r, const struct cs_text_rows *s, const struct cs_survey_def *d)
{
	static const char *const cols[] = { "dimension", "expectation:r", "perception:r", "gap:r",
		NULL };
	struct cs_report_table *t = cs_report_add(r, "servqual_gaps", _("SERVQUAL by dimension:"
	    " perception minus expectation"), cols);
	const char *f[4];
	size_t i;
	int m;

	t->chart = CS_CHART_BARS;
	t->chart_label = 0;
	t->chart_value = 3;
	snprintf(t->chart_title, sizeof t->chart_title, _("SERVQUAL gap by dimension"));
	for (m = 0; m < d->ndims; m++) {
		f[0] = d->dim[m].name;
		f[1] = f[2] = f[3] = NULL;
		for (i = 0; i < s->n; i++) {
			const char *measure = score_field(s, i, 1);

			if (strcmp(score_field(s, i, 2), d->dim[m].name) != 0)
				continue;
			if (strcmp(measure, "expectation") == 0)
				f[1] = score_field(s, i, 5);
			else if (strcmp(measure, "perception") == 0)
				f[2] = score_field(s, i, 5);
			else if (strcmp(measure, "gap") == 0)
				f[3] = score_field(s, i, 5);
		}
		cs_report_row(t, f);
	}
}

int
cs_report_satisfaction(struct cs_db *db, const struct cs_report_opts *o,
    struct cs_report *r, char *err, size_t errlen)
{
	struct cs_score_opts so = { .def = o->survey };
	struct cs_text_rows s[3];
	char to[CS_DATE_BUFSZ];
	int64_t invalid;
	int k, rc = CS_EXIT_OK;

	so.to = cs_date_format(o->as_of, to);
	for (k = 0; k < 3 && rc == CS_EXIT_OK; k++) {
		cs_text_rows_init(&s[k], CS_SCORE_NCOLS);
		so.by = k == 0 ? NULL : k == 1 ? "month" : o->by;
		if (k < 2 || o->by != NULL)
			rc = cs_survey_score(db, &so, &s[k], &invalid, err, errlen);
	}
	if (rc == CS_EXIT_OK) {
		servqual_gaps(r, &s[0], o->survey);
		pivot(r, &s[1], "satisfaction_by_month", _("Satisfaction by month"), "month");
		if (o->by != NULL)
			pivot(r, &s[2], "satisfaction_by_group", _("Satisfaction by group"), "group");
	}
	for (k = 0; k < 3; k++)
		cs_text_rows_free(&s[k]);
	return rc;
}
