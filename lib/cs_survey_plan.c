/*
 * cs_survey_plan.c - return-visit planning (routine visits, and the
 * return visit after a complaint's close) and stratified samples.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_i18n.h"
#include "cs_err.h"
#include "cs_models.h"
#include "cs_stats.h"
#include "cs_survey_def.h"
#include "cs_survey_plan.h"
#include "cs_text.h"

const char *const cs_plan_columns[CS_PLAN_NCOLS] = { "customer_id", "name", "manager",
	"last_visit", "due_on", "days_overdue", "reason" };

const char *const cs_sample_columns[CS_SAMPLE_NCOLS] = { "customer_id", "name", "stratum",
	"stratum_size", "stratum_sample", "weight" };

/*
 * Per customer not closed: the last visit, an open complaint, the
 * latest answer to the NPS item in the recent window, the big-customer
 * class and the named segment's label, from the latest snapshots, and
 * the earliest close of a complaint with no visit since (its day, then
 * its id).  Complaints are read through complaint_status; one judged
 * invalid counts for neither.  ?1 as-of, ?2 the day before the recent
 * window, ?3 the NPS item, ?4 the named segment's model.
 */
#define PLAN_SQL(score_text) \
    "SELECT c.customer_id, c.name, coalesce(c.manager, ''), coalesce(c.opened_on, ''), "\
    " c.last_visit, "\
    " EXISTS (SELECT 1 FROM complaint_status k WHERE k.customer_id = c.customer_id "\
    "   AND k.opened_on <= ?1 AND (k.closed_on IS NULL OR k.closed_on > ?1) "\
    "   AND coalesce(k.valid, 1) <> 0), "\
    " (SELECT " score_text " || ' on ' || r.answered_on FROM responses r "\
    "   WHERE r.customer_id = c.customer_id AND r.item = ?3 AND r.answered_on <= ?1 "\
    "   AND r.answered_on > ?2 ORDER BY r.answered_on DESC, r.response_id DESC LIMIT 1), "\
    " (SELECT label FROM segments s WHERE s.customer_id = c.customer_id "\
    "   AND s.model = 'bigcustomer' AND s.as_of = (SELECT max(as_of) FROM segments "\
    "   WHERE model = 'bigcustomer' AND as_of <= ?1)), "\
    " (SELECT label FROM segments s WHERE s.customer_id = c.customer_id "\
    "   AND s.model = ?4 AND s.as_of = (SELECT max(as_of) FROM segments "\
    "   WHERE model = ?4 AND as_of <= ?1)), "\
    " (SELECT k.closed_on || k.complaint_id FROM complaint_status k "\
    "   WHERE k.customer_id = c.customer_id AND k.closed_on <= ?1 "\
    "   AND coalesce(k.valid, 1) <> 0 AND k.closed_on > coalesce(c.last_visit, '') "\
    "   ORDER BY k.closed_on, k.complaint_id LIMIT 1) "\
    " FROM (SELECT customer_id, name, manager, opened_on, (SELECT max(visited_on) "\
    "   FROM visits v WHERE v.customer_id = x.customer_id AND v.visited_on <= ?1) "\
    "   AS last_visit FROM customers x WHERE status <> 'closed') c ORDER BY c.customer_id"
static const char plan_sql[] = PLAN_SQL("r.score");
static const char plan_pg[] = PLAN_SQL(CS_SQL_PG_SCORE("r.score"));

/* The columns of plan_sql. */
enum { P_ID, P_NAME, P_MANAGER, P_OPENED, P_LAST_VISIT, P_OPEN_COMPLAINT, P_ANSWER, P_CLASS,
	P_LABEL, P_CLOSE };

/* Where a customer due comes: return visits, then urgent routine visits, then the rest. */
enum { RANK_RETURN, RANK_URGENT, RANK_ROUTINE };

/* A customer due, before sorting. */
struct due {
	int rank;
	long overdue;			/* negative: a return visit's days left */
	char **f;			/* the row's fields */
};

/* What the plan knows of one customer, from its row of plan_sql. */
struct facts {
	long as_of, opened, last;	/* day numbers; opened and last -1 when none */
	const char *big;		/* its big-customer class, or "" */
	int is_big, named;		/* big; labelled as the --segment names */
	const char *answer;		/* its recent NPS answer "3.0 on DATE", or NULL */
	int open_complaint;
	const char *close;		/* the close to visit after: "DATEID", or NULL */
};

/* Orders return visits, urgent, routine; then the longest overdue; then by id. */
static int
due_order(const void *pa, const void *pb)
{
	const struct due *a = pa, *b = pb;

	if (a->rank != b->rank)
		return a->rank - b->rank;
	if (a->overdue != b->overdue)
		return a->overdue > b->overdue ? -1 : 1;
	return strcmp(a->f[0], b->f[0]);
}

/* Reads the facts of the plan row under st. */
static void
read_facts(const struct cs_plan_opts *o, struct cs_stmt *st, struct facts *x)
{
	x->as_of = cs_date_to_days(o->as_of);
	x->opened = cs_day_parse(cs_stmt_text(st, P_OPENED), -1);
	x->last = cs_day_parse(cs_stmt_is_null(st, P_LAST_VISIT) ? NULL :
	    cs_stmt_text(st, P_LAST_VISIT), -1);
	x->big = cs_stmt_is_null(st, P_CLASS) ? "" : cs_stmt_text(st, P_CLASS);
	x->is_big = cs_model_label_place("bigcustomer", x->big) < CS_BIG_REGULAR;
	x->named = !cs_stmt_is_null(st, P_LABEL) && o->label &&
	    strcmp(cs_stmt_text(st, P_LABEL), o->label) == 0;
	x->answer = cs_stmt_is_null(st, P_ANSWER) ? NULL : cs_stmt_text(st, P_ANSWER);
	if (x->answer != NULL && strtod(x->answer, NULL) > 6)
		x->answer = NULL;	/* not a detractor */
	x->open_complaint = cs_stmt_int64(st, P_OPEN_COMPLAINT) != 0;
	x->close = cs_stmt_is_null(st, P_CLOSE) ? NULL : cs_stmt_text(st, P_CLOSE);
}

/*
 * The routine visit: returns the day it is due, its interval and why
 * in reason.
 */
static long
routine_due(const struct cs_plan_opts *o, const struct facts *x, struct cs_buf *reason)
{
	int first = x->opened >= 0 && x->as_of < x->opened + 365, shortened = 0;
	long every = first ? o->first_year : o->after;

	if ((x->is_big || x->named) && o->big < every) {
		every = o->big;
		shortened = 1;
	}
	cs_buf_printf(reason, "every %ld days (%s)", every, !shortened ? (first ? "first year" :
	    "after the first year") : x->is_big ? x->big : o->label);
	if (x->last < 0)
		cs_buf_puts(reason, "; never visited");
	return x->last >= 0 ? x->last + every : x->opened >= 0 ? x->opened + every : x->as_of;
}

/*
 * The return visit after the close x->close ("YYYY-MM-DD" then the
 * complaint's id): returns the day it is due by, the close plus
 * o->return_visit days, with why in reason.
 */
static long
return_due(const struct cs_plan_opts *o, const struct facts *x, struct cs_buf *reason)
{
	const char *id = x->close + strnlen(x->close, 10);
	char day[CS_DATE_BUFSZ];

	snprintf(day, sizeof day, "%.*s", (int)(id - x->close), x->close);
	cs_buf_printf(reason, "complaint %s closed on %s: return visit within %ld days", id, day,
	    o->return_visit);
	return cs_day_parse(day, x->as_of) + o->return_visit;
}

/* Makes the row of a customer due on day due (fields in d->f) from the row under st. */
static void
fill_row(struct due *d, struct cs_stmt *st, const struct facts *x, long due, const char *reason)
{
	char day[CS_DATE_BUFSZ], days[24];

	d->overdue = x->as_of - due;
	d->f = cs_xmalloc(CS_PLAN_NCOLS * sizeof *d->f);
	d->f[0] = cs_xstrdup(cs_stmt_text(st, P_ID));
	d->f[1] = cs_xstrdup(cs_stmt_text(st, P_NAME));
	d->f[2] = cs_xstrdup(cs_stmt_text(st, P_MANAGER));
	d->f[3] = cs_xstrdup(x->last >= 0 ? cs_day_format(x->last, day) : "");
	d->f[4] = cs_xstrdup(cs_day_format(due, day));
	snprintf(days, sizeof days, "%ld", d->overdue);
	d->f[5] = cs_xstrdup(days);
	d->f[6] = cs_xstrdup(reason);
}

/*
 * Works out one customer's next visit from the plan row under st: the
 * return visit after a complaint's close not visited since, else the
 * routine visit when it is due by the as-of date.  Fills d (the reason
 * made in reason) and returns 1 when the customer is listed, else 0.
 */
static int
plan_customer(const struct cs_plan_opts *o, struct cs_stmt *st, struct due *d,
    struct cs_buf *reason)
{
	struct facts x;
	long due;

	read_facts(o, st, &x);
	cs_buf_clear(reason);
	if (x.close != NULL) {
		due = return_due(o, &x, reason);
		d->rank = RANK_RETURN;
	} else {
		if ((due = routine_due(o, &x, reason)) > x.as_of)
			return 0;
		d->rank = x.answer != NULL || x.open_complaint ? RANK_URGENT : RANK_ROUTINE;
	}
	if (x.answer != NULL)
		cs_buf_printf(reason, "; detractor: %s %s", o->nps_item, x.answer);
	if (x.open_complaint)
		cs_buf_puts(reason, "; open complaint");
	fill_row(d, st, &x, due, reason->data);
	return 1;
}
int
cs_survey_plan(struct cs_db *db, const struct cs_plan_opts *o, struct cs_text_rows *rows,
    char *err, size_t errlen)
{
	struct cs_stmt *st = cs_db_prepare(db, cs_db_sql(db, plan_sql, plan_pg));
	char as_of[CS_DATE_BUFSZ], since[CS_DATE_BUFSZ];
	struct cs_buf reason = { NULL, 0, 0 };
	struct due *due = NULL;
	size_t n = 0, cap = 0, k, j;
	uint64_t read = 0;
	enum cs_step step;

	if (st == NULL)
		return cs_db_fail(db, err, errlen);
	cs_date_format(o->as_of, as_of);
	cs_day_format(cs_date_to_days(o->as_of) - o->recent, since);
	cs_stmt_bind_text(st, 1, as_of, 10);
	cs_stmt_bind_text(st, 2, since, 10);
	cs_stmt_bind_text(st, 3, o->nps_item, strlen(o->nps_item));
	cs_stmt_bind_text(st, 4, o->model ? o->model : "", o->model ? strlen(o->model) : 0);
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			due = cs_xrealloc(due, cap * sizeof *due);
		}
		n += (size_t)plan_customer(o, st, &due[n], &reason);
		if (read++ % CS_PROGRESS_EVERY == 0)
			cs_progress_report(&o->progress, "customers", read, 0);
	}
	cs_stmt_finalize(st);
	cs_buf_free(&reason);
	if (step != CS_STEP_DONE) {
		for (k = 0; k < n; k++) {
			for (j = 0; j < CS_PLAN_NCOLS; j++)
				free(due[k].f[j]);
			free(due[k].f);
		}
		free(due);
		return cs_db_fail(db, err, errlen);
	}
	if (n > 0)
		qsort(due, n, sizeof *due, due_order);
	for (k = 0; k < n; k++) {
		cs_text_rows_add(rows, (const char *const *)due[k].f);
		for (j = 0; j < CS_PLAN_NCOLS; j++)
			free(due[k].f[j]);
		free(due[k].f);
	}
	free(due);
	return CS_EXIT_OK;
}

/* One stratum of the sample. */
struct stratum {
	char *label;
	char **id, **name;		/* its eligible customers, by id */
	int64_t size, take;
	struct cs_moments spread;	/* Neyman: the answers to the item */
};

/* The strata, in the order of the model's labels (cs_model_label_cmp). */
struct strata {
	const char *model;
	struct stratum *s;
	size_t n;
};

/* Returns the stratum labelled label, adding it (in label order) when new. */
static struct stratum *
stratum_of(struct strata *t, const char *label)
{
	size_t k;

	for (k = 0; k < t->n && cs_model_label_cmp(t->model, t->s[k].label, label) < 0; k++)
		;
	if (k < t->n && strcmp(t->s[k].label, label) == 0)
		return &t->s[k];
	t->s = cs_xrealloc(t->s, (t->n + 1) * sizeof *t->s);
	memmove(&t->s[k + 1], &t->s[k], (t->n - k) * sizeof *t->s);
	memset(&t->s[k], 0, sizeof t->s[k]);
	t->s[k].label = cs_xstrdup(label);
	t->n++;
	return &t->s[k];
}

/*
 * The eligible customers by stratum: in the model's latest snapshot by
 * as-of, not closed, no answer in the cool-down.  ?1 model, ?2 as-of,
 * ?3 the first day of the cool-down.
 */
static const char members_sql[] =
    "SELECT s.label, c.customer_id, c.name FROM segments s JOIN customers c USING (customer_id)"
    " WHERE s.model = ?1 AND s.as_of = (SELECT max(as_of) FROM segments WHERE model = ?1"
    " AND as_of <= ?2) AND c.status <> 'closed' AND NOT EXISTS (SELECT 1 FROM responses r"
    " WHERE r.customer_id = c.customer_id AND r.answered_on >= ?3 AND r.answered_on <= ?2)"
    " ORDER BY s.label, c.customer_id";

/* Neyman's spread: every answer to the item by stratum.  ?1 model, ?2 as-of, ?4 item. */
static const char spread_sql[] =
    "SELECT s.label, r.score FROM segments s JOIN responses r USING (customer_id)"
    " WHERE s.model = ?1 AND s.as_of = (SELECT max(as_of) FROM segments WHERE model = ?1"
    " AND as_of <= ?2) AND r.item = ?4 AND r.answered_on <= ?2";

/* Runs sql (members_sql or spread_sql) and reads it into the strata. */
static int
read_strata(struct cs_db *db, const struct cs_sample_opts *o, const char *sql, struct strata *t)
{
	struct cs_stmt *st = cs_db_prepare(db, sql);
	char as_of[CS_DATE_BUFSZ], cool[CS_DATE_BUFSZ];
	size_t cap = 0;
	uint64_t read = 0;
	enum cs_step step;

	if (st == NULL)
		return -1;
	cs_date_format(o->as_of, as_of);
	cs_day_format(cs_date_to_days(o->as_of) - o->cooldown + 1, cool);
	cs_stmt_bind_text(st, 1, o->model, strlen(o->model));
	cs_stmt_bind_text(st, 2, as_of, 10);
	if (sql == spread_sql)
		cs_stmt_bind_text(st, 4, o->item, strlen(o->item));
	else
		cs_stmt_bind_text(st, 3, cool, 10);
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		struct stratum *s = stratum_of(t, cs_stmt_text(st, 0));

		if (sql == spread_sql) {
			cs_moments_add(&s->spread, strtod(cs_stmt_text(st, 1), NULL));
			continue;
		}
		if ((s->size & (s->size - 1)) == 0) {	/* a power of two: grow */
			cap = s->size ? 2 * (size_t)s->size : 1;
			s->id = cs_xrealloc(s->id, cap * sizeof *s->id);
			s->name = cs_xrealloc(s->name, cap * sizeof *s->name);
		}
		s->id[s->size] = cs_xstrdup(cs_stmt_text(st, 1));
		s->name[s->size++] = cs_xstrdup(cs_stmt_text(st, 2));
		if (read++ % CS_PROGRESS_EVERY == 0)
			cs_progress_report(&o->progress, "customers", read, 0);
	}
	cs_stmt_finalize(st);
	return step == CS_STEP_DONE ? 0 : -1;
}

/* Allocates o->n among the strata; returns the total allocated. */
static int64_t
allocate(const struct cs_sample_opts *o, struct strata *t)
{
	int64_t *size = cs_xmalloc((t->n + 1) * sizeof *size), *out = cs_xmalloc((t->n + 1) *
	    sizeof *out), total;
	double *w = cs_xmalloc((t->n + 1) * sizeof *w), pooled = 0;
	size_t k, with = 0;

	for (k = 0; k < t->n; k++)
		if (t->s[k].spread.n > 1) {
			pooled += sqrt(cs_moments_var(&t->s[k].spread));
			with++;
		}
	pooled = with ? pooled / (double)with : 1;
	for (k = 0; k < t->n; k++) {
		size[k] = t->s[k].size;
		w[k] = (double)size[k] * (!o->neyman ? 1 : t->s[k].spread.n > 1 ?
		    sqrt(cs_moments_var(&t->s[k].spread)) : pooled);
	}
	total = cs_allocate(size, w, t->n, o->n, out);
	for (k = 0; k < t->n; k++)
		t->s[k].take = out[k];
	free(size);
	free(out);
	free(w);
	return total;
}

/* Draws each stratum's share (a partial Fisher-Yates shuffle) and adds the rows by id. */
static void
draw(const struct cs_sample_opts *o, struct strata *t, struct cs_text_rows *rows)
{
	struct cs_rng rng = { o->seed };
	char sz[24], tk[24], wt[48];
	const char *f[CS_SAMPLE_NCOLS];
	size_t k;
	int64_t i, j;

	for (k = 0; k < t->n; k++) {
		struct stratum *s = &t->s[k];
		char *tmp;

		for (i = 0; i < s->take; i++) {	/* the first take places get the draw */
			j = i + (int64_t)cs_rng_below(&rng, (uint64_t)(s->size - i));
			tmp = s->id[i], s->id[i] = s->id[j], s->id[j] = tmp;
			tmp = s->name[i], s->name[i] = s->name[j], s->name[j] = tmp;
		}
		for (i = 1; i < s->take; i++)	/* back in id order */
			for (j = i; j > 0 && strcmp(s->id[j - 1], s->id[j]) > 0; j--) {
				tmp = s->id[j], s->id[j] = s->id[j - 1], s->id[j - 1] = tmp;
				tmp = s->name[j], s->name[j] = s->name[j - 1], s->name[j - 1] = tmp;
			}
		snprintf(sz, sizeof sz, "%lld", (long long)s->size);
		snprintf(tk, sizeof tk, "%lld", (long long)s->take);
		snprintf(wt, sizeof wt, "%.4f", s->take ? (double)s->size / (double)s->take : 0.0);
		for (i = 0; i < s->take; i++) {
			f[0] = s->id[i];
			f[1] = s->name[i];
			f[2] = s->label;
			f[3] = sz;
			f[4] = tk;
			f[5] = wt;
			cs_text_rows_add(rows, f);
		}
	}
}

/* Frees the strata. */
static void
strata_free(struct strata *t)
{
	size_t k;
	int64_t i;

	for (k = 0; k < t->n; k++) {
		for (i = 0; i < t->s[k].size; i++) {
			free(t->s[k].id[i]);
			free(t->s[k].name[i]);
		}
		free(t->s[k].id);
		free(t->s[k].name);
		free(t->s[k].label);
	}
	free(t->s);
}

int
cs_survey_sample(struct cs_db *db, const struct cs_sample_opts *o, struct cs_text_rows *rows,
    int64_t *drawn, char *err, size_t errlen)
{
	struct strata t = { o->model, NULL, 0 };
	int rc = CS_EXIT_OK;

	*drawn = 0;
	if (read_strata(db, o, members_sql, &t) != 0 ||
	    (o->neyman && t.n > 0 && read_strata(db, o, spread_sql, &t) != 0))
		rc = cs_db_fail(db, err, errlen);
	else if (t.n == 0) {
		snprintf(err, errlen, _("--by %s: no saved snapshot of that model by the as-of date,"
		    " or no customer left after the cool-down (cs-segment --save %s)"), o->model,
		    o->model);
		rc = CS_EXIT_DATA;
	} else {
		*drawn = allocate(o, &t);
		draw(o, &t, rows);
	}
	strata_free(&t);
	return rc;
}
