/*
 * cs_dunning_eval.c - a worker of the nightly run: the customers of an
 * id range walked in order, their ledger and the side tables (state,
 * segment labels, billing disputes, promises, holds) read from queries
 * ordered by customer side by side, so each table is read once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_db.h"
#include "cs_dunning_eval.h"
#include "cs_i18n.h"
#include "cs_text.h"
#include "cs_value.h"

/*
 * A side table: a query ordered by customer id (column 0), read along
 * with the customers; the rows of the current customer are kept as
 * text.
 */
struct side {
	struct cs_stmt *st;
	int row, ncols;			/* a row is ready; columns after the id */
	struct cs_buf text;		/* the current customer's fields, NUL-separated */
	size_t *off, n, cap;		/* n rows of ncols offsets in text */
};

/* Steps the side query; returns -1 on error. */
static int
side_step(struct side *s)
{
	enum cs_step rc = cs_stmt_step(s->st);

	s->row = rc == CS_STEP_ROW;
	return rc == CS_STEP_ROW || rc == CS_STEP_DONE ? 0 : -1;
}

/*
 * Prepares a side query with ncols columns after the id; binds names
 * each parameter, a letter indexing the values in v (BIND_LETTERS).
 */
#define BIND_LETTERS "ftplhcg"
static int
side_open(struct side *s, struct cs_db *db, const char *sql, int ncols, const char *binds,
    const char *const vals[7])
{
	int k;

	memset(s, 0, sizeof *s);
	s->ncols = ncols;
	if ((s->st = cs_db_prepare(db, sql)) == NULL)
		return -1;
	for (k = 0; binds[k] != '\0'; k++) {
		const char *v = vals[strchr(BIND_LETTERS, binds[k]) - BIND_LETTERS];

		if (cs_stmt_bind_text(s->st, k + 1, v, strlen(v)) != 0)
			return -1;
	}
	return side_step(s);
}

/* Collects the rows of customer id (ids asked in increasing order); returns -1 on error. */
static int
side_collect(struct side *s, const char *id)
{
	int c, cmp;

	s->n = 0;
	cs_buf_clear(&s->text);
	while (s->row && (cmp = strcmp(cs_stmt_text(s->st, 0), id)) <= 0) {
		if (cmp == 0) {
			if (s->n == s->cap) {
				s->cap = s->cap ? 2 * s->cap : 8;
				s->off = cs_xrealloc(s->off, s->cap * s->ncols * sizeof *s->off);
			}
			for (c = 0; c < s->ncols; c++) {
				s->off[s->n * s->ncols + c] = s->text.len;
				cs_buf_puts(&s->text, cs_stmt_text(s->st, c + 1));
				cs_buf_append(&s->text, "", 1);
			}
			s->n++;
		}
		if (side_step(s) != 0)
			return -1;
	}
	return 0;
}

/* Returns field col of the current customer's row i. */
static const char *
side_text(const struct side *s, size_t i, int col)
{
	return s->text.data + s->off[i * s->ncols + col];
}

/* Returns field col of row i as a day number, or CS_NO_DAY when empty. */
static long
side_day(const struct side *s, size_t i, int col)
{
	return cs_day_parse(side_text(s, i, col), CS_NO_DAY);
}

/* Frees a side table. */
static void
side_close(struct side *s)
{
	cs_stmt_finalize(s->st);
	cs_buf_free(&s->text);
	free(s->off);
}

enum { SIDE_STATE, SIDE_CLASS, SIDE_GRADE, SIDE_DISPUTE, SIDE_PROMISE, SIDE_HOLD, NSIDES };

/*
 * The side queries.  binds names the value of each parameter in turn:
 * f the first night, t the as-of date, p the night before the first,
 * l and h the id range, c and g the first big-customer and credit
 * snapshot that a night of the run uses.  The snapshots come with
 * their dates: each night uses the one current on that night.  The
 * disputes are read from the view complaint_status, so that a
 * complaint's events (closed, reopened, invalidated) decide whether it
 * is open and valid, as everywhere else.
 */
static const struct {
	const char *sql;
	int ncols;
	const char *binds;
} side_sql[NSIDES] = {
	[SIDE_STATE] = { "SELECT customer_id, coalesce(stage, ''), coalesce(stage_since, ''),"
	    " coalesce(fee_through, ''), late_fee_cents, warned, blacklisted, held, broken,"
	    " catching_up, coalesce(restored_stage, ''), coalesce(restored_on, '')"
	    " FROM dunning_state WHERE customer_id >= ?1 AND customer_id < ?2"
	    " ORDER BY customer_id", 11, "lh" },
	[SIDE_CLASS] = { "SELECT customer_id, as_of, label FROM segments"
	    " WHERE model = 'bigcustomer' AND as_of >= ?1 AND as_of <= ?2"
	    " AND customer_id >= ?3 AND customer_id < ?4"
	    " ORDER BY customer_id, as_of", 2, "ctlh" },
	[SIDE_GRADE] = { "SELECT customer_id, as_of, label FROM segments"
	    " WHERE model = 'credit' AND as_of >= ?1 AND as_of <= ?2"
	    " AND customer_id >= ?3 AND customer_id < ?4"
	    " ORDER BY customer_id, as_of", 2, "gtlh" },
	[SIDE_DISPUTE] = { "SELECT customer_id, complaint_id, opened_on, coalesce(closed_on, ''),"
	    " coalesce(category, '') FROM complaint_status WHERE coalesce(valid, 1) <> 0"
	    " AND opened_on <= ?2 AND (closed_on IS NULL OR closed_on > ?1)"
	    " AND customer_id >= ?3 AND customer_id < ?4"
	    " ORDER BY customer_id, opened_on, complaint_id", 4, "ftlh" },
	[SIDE_PROMISE] = { "SELECT customer_id, promise_id, made_on, due_on, amount_cents"
	    " FROM promises WHERE made_on <= ?1 AND due_on >= ?2"
	    " AND customer_id >= ?3 AND customer_id < ?4"
	    " ORDER BY customer_id, due_on, promise_id", 4, "tplh" },
	[SIDE_HOLD] = { "SELECT customer_id, hold_id, set_on, until, reason,"
	    " coalesce(released_on, '') FROM dunning_holds WHERE set_on <= ?2 AND until >= ?1"
	    " AND (released_on IS NULL OR released_on > ?1)"
	    " AND customer_id >= ?3 AND customer_id < ?4"
	    " ORDER BY customer_id, hold_id", 5, "ftlh" },
};

/*
 * One model's snapshots that the nights use (the one current on the
 * first night, then every later one up to as-of): their days, and the
 * customer at hand's label in each (NULL: not in it).
 */
struct snapshots {
	long *day;
	const char **label;
	size_t n, cap;
	char first[CS_DATE_BUFSZ];	/* the first one's date, "" when none */
};

/* A worker at work. */
struct worker {
	struct cs_dun_eval *e;
	struct cs_db *db;
	struct side side[NSIDES];
	struct cs_ledger_reader *ledger;
	struct cs_stmt *customers;
	size_t capactions, capstates, capfees;	/* of the batch being filled */
	/* the customer at hand */
	const char *id;
	struct cs_ladder ladder;
	struct cs_ledger_invoice *scratch_inv;
	struct cs_ledger_payment *scratch_pay;
	size_t scratch_cap_inv, scratch_cap_pay;
	char why[2][320];		/* the day's hold and broken promise in words */
	char key[2][CS_KEYSZ];
	char date[3][CS_DATE_BUFSZ];	/* from, to, from - 1: bound to the queries */
	struct snapshots classes, grades;	/* bigcustomer and credit */
};

/* Reads the customer's remembered state from the state side table. */
static void
load_state(const struct side *s, struct cs_dun_state *st)
{
	cs_dun_state_init(st);
	if (s->n == 0)
		return;
	st->stage = cs_stage_parse(side_text(s, 0, 0), strlen(side_text(s, 0, 0)));
	st->since = side_day(s, 0, 1);
	st->fee_through = side_day(s, 0, 2);
	st->late_fee = strtoll(side_text(s, 0, 3), NULL, 10);
	st->warned = atoi(side_text(s, 0, 4));
	st->blacklisted = atoi(side_text(s, 0, 5));
	snprintf(st->held, sizeof st->held, "%s", side_text(s, 0, 6));
	snprintf(st->broken, sizeof st->broken, "%s", side_text(s, 0, 7));
	st->catching_up = atoi(side_text(s, 0, 8));
	st->restored_stage = cs_stage_parse(side_text(s, 0, 9), strlen(side_text(s, 0, 9)));
	st->restored_on = side_day(s, 0, 10);
}

/* Nonzero when two states are the same. */
static int
state_equal(const struct cs_dun_state *a, const struct cs_dun_state *b)
{
	return a->stage == b->stage && a->since == b->since && a->fee_through == b->fee_through &&
	    a->late_fee == b->late_fee && a->warned == b->warned &&
	    a->blacklisted == b->blacklisted && strcmp(a->held, b->held) == 0 &&
	    strcmp(a->broken, b->broken) == 0 && a->catching_up == b->catching_up &&
	    a->restored_stage == b->restored_stage && a->restored_on == b->restored_on;
}

/* Returns p with room for element n of size bytes, doubling *cap (from 256) when full. */
static void *
grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? 2 * *cap : 256;
	return cs_xrealloc(p, *cap * size);
}

/* Receives an action of the customer at hand and keeps it. */
static void
on_action(void *ctx, const struct cs_dun_action *a)
{
	struct worker *w = ctx;
	struct cs_dun_batch *e = w->e->batch;
	struct cs_dun_out_action *o;

	e->action = grow(e->action, &w->capactions, e->nactions, sizeof *e->action);
	o = &e->action[e->nactions++];
	o->day = a->day;
	o->stage = a->stage;
	snprintf(o->label, sizeof o->label, "%s",
	    a->stage == CS_STAGE_NONE ? "" : w->ladder.stage[a->stage].label);
	o->action = a->action;
	o->days_overdue = a->days_overdue;
	o->balance = a->balance;
	o->late_fee = a->late_fee;
	o->customer_id = cs_xstrdup(w->id);
	o->oldest_id = a->oldest_id ? cs_xstrdup(a->oldest_id) : NULL;
	o->reason = cs_xstrdup(a->reason);
}

/* Keeps the changed state of the customer at hand. */
static void
keep_state(struct worker *w, const struct cs_dun_state *st)
{
	struct cs_dun_batch *e = w->e->batch;

	e->state = grow(e->state, &w->capstates, e->nstates, sizeof *e->state);
	e->state[e->nstates].customer_id = cs_xstrdup(w->id);
	e->state[e->nstates++].st = *st;
}

/* Keeps the late fees charged to the customer at hand on days first..last. */
static void
keep_fee(struct worker *w, long first, long last, int64_t fee)
{
	struct cs_dun_batch *e = w->e->batch;

	e->fee = grow(e->fee, &w->capfees, e->nfees, sizeof *e->fee);
	e->fee[e->nfees++] = (struct cs_dun_out_fee){ cs_xstrdup(w->id), first, last, fee };
}

/* Sums the customer's payments made on days first..last that still count on day. */
static int64_t
paid_between(const struct cs_ledger_rows *l, long first, long last, long day)
{
	int64_t sum = 0;
	size_t k;

	for (k = 0; k < l->npay; k++)
		if (l->pay[k].paid >= first && l->pay[k].paid <= last &&
		    cs_ledger_paid_on(&l->pay[k], day))
			sum += l->pay[k].amount;
	return sum;
}

/* Sets the day's hold (a dispute first, then a manual hold, then a promise). */
static void
find_hold(struct worker *w, long day, struct cs_dun_facts *f)
{
	const struct side *d = &w->side[SIDE_DISPUTE], *h = &w->side[SIDE_HOLD];
	const struct side *p = &w->side[SIDE_PROMISE];
	char b[CS_MONEY_BUFSZ];
	size_t i;

	for (i = 0; i < d->n && f->hold_key == NULL; i++)
		if (cs_policy_is_dispute(cs_policy_settings(w->e->policy), side_text(d, i, 3)) &&
		    side_day(d, i, 1) <= day && (side_day(d, i, 2) == CS_NO_DAY ||
		    side_day(d, i, 2) > day)) {
			f->dispute = 1;
			snprintf(w->key[0], CS_KEYSZ, "complaint:%s", side_text(d, i, 0));
			snprintf(w->why[0], sizeof w->why[0], _("billing complaint %s (%s) open since %s"),
			    side_text(d, i, 0), side_text(d, i, 3), side_text(d, i, 1));
			f->hold_key = w->key[0];
		}
	for (i = 0; i < h->n && f->hold_key == NULL; i++)
		if (side_day(h, i, 1) <= day && side_day(h, i, 2) >= day &&
		    (side_day(h, i, 4) == CS_NO_DAY || side_day(h, i, 4) > day)) {
			snprintf(w->key[0], CS_KEYSZ, "hold:%s", side_text(h, i, 0));
			snprintf(w->why[0], sizeof w->why[0], _("manual hold until %s: %s"),
			    side_text(h, i, 2), side_text(h, i, 3));
			f->hold_key = w->key[0];
		}
	for (i = 0; i < p->n && f->hold_key == NULL; i++)
		if (side_day(p, i, 1) <= day && side_day(p, i, 2) >= day) {
			snprintf(w->key[0], CS_KEYSZ, "promise:%s", side_text(p, i, 0));
			snprintf(w->why[0], sizeof w->why[0], _("promise %s to pay %s by %s"),
			    side_text(p, i, 0), cs_money_format(strtoll(side_text(p, i, 3), NULL,
			    10), b), side_text(p, i, 2));
			f->hold_key = w->key[0];
		}
	f->hold_why = w->why[0];
}

/* Sets the promise that fell due the day before and was not kept, if any. */
static void
find_broken(struct worker *w, const struct cs_ledger_rows *l, long day, struct cs_dun_facts *f)
{
	const struct side *p = &w->side[SIDE_PROMISE];
	char b1[CS_MONEY_BUFSZ], b2[CS_MONEY_BUFSZ];
	size_t i;

	for (i = 0; i < p->n; i++) {
		long made = side_day(p, i, 1), due = side_day(p, i, 2);
		int64_t owed = strtoll(side_text(p, i, 3), NULL, 10), paid;

		if (due != day - 1 || (paid = paid_between(l, made, due, day)) >= owed)
			continue;
		snprintf(w->key[1], CS_KEYSZ, "promise:%s", side_text(p, i, 0));
		snprintf(w->why[1], sizeof w->why[1], _("promise %s made %s to pay %s by %s:"
		    " %s paid"), side_text(p, i, 0), side_text(p, i, 1), cs_money_format(owed, b1),
		    side_text(p, i, 2), cs_money_format(paid, b2));
		f->broken_key = w->key[1];
		f->broken_why = w->why[1];
		return;
	}
}

/* Nonzero when a payment of l that was made by day has bounced by then. */
static int
bounced_by(const struct cs_ledger_rows *l, long day)
{
	size_t k;

	for (k = 0; k < l->npay; k++)
		if (l->pay[k].paid <= day && !cs_ledger_paid_on(&l->pay[k], day))
			return 1;
	return 0;
}

/*
 * Allocates the customer's ledger as it stood on day: only invoices
 * issued and payments made by then and not bounced by then.  Returns
 * the invoices allocated.
 */
static struct cs_ledger_invoice *
ledger_on(struct worker *w, const struct cs_ledger_rows *l, long day, size_t *ninv)
{
	size_t k, ni = 0, np = 0;

	if (day == w->e->to && !bounced_by(l, day)) {	/* the rows were read up to as-of */
		*ninv = l->ninv;
		return cs_ledger_allocate(l->inv, l->ninv, l->pay, l->npay) == 0 ? l->inv : NULL;
	}
	if (w->scratch_cap_inv < l->ninv + 1) {
		w->scratch_cap_inv = l->ninv + 1;
		w->scratch_inv = cs_xrealloc(w->scratch_inv, w->scratch_cap_inv * sizeof *w->scratch_inv);
	}
	if (w->scratch_cap_pay < l->npay + 1) {
		w->scratch_cap_pay = l->npay + 1;
		w->scratch_pay = cs_xrealloc(w->scratch_pay, w->scratch_cap_pay * sizeof *w->scratch_pay);
	}
	for (k = 0; k < l->ninv; k++)
		if (l->inv[k].issued <= day)
			w->scratch_inv[ni++] = l->inv[k];
	for (k = 0; k < l->npay; k++)
		if (cs_ledger_paid_on(&l->pay[k], day))
			w->scratch_pay[np++] = l->pay[k];
	*ninv = ni;
	return cs_ledger_allocate(w->scratch_inv, ni, w->scratch_pay, np) == 0 ? w->scratch_inv : NULL;
}

/* Fills s->label with the customer at hand's labels from its side rows (as_of, label). */
static void
snapshot_labels(struct snapshots *s, const struct side *rows)
{
	size_t i, j = 0;

	for (i = 0; i < s->n; i++)
		s->label[i] = NULL;
	for (i = 0; i < rows->n; i++) {
		long d = side_day(rows, i, 0);

		while (j < s->n && s->day[j] < d)
			j++;
		if (j < s->n && s->day[j] == d)
			s->label[j] = side_text(rows, i, 1);
	}
}

/* Returns the index of the snapshot current on day, moving on from index j (-1: none yet). */
static long
snapshot_current(const struct snapshots *s, long j, long day)
{
	while ((size_t)(j + 1) < s->n && s->day[j + 1] <= day)
		j++;
	return j;
}

/* Adds a snapshot day. */
static void
snapshot_add(struct snapshots *s, long day)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->day = cs_xrealloc(s->day, s->cap * sizeof *s->day);
		s->label = cs_xrealloc(s->label, s->cap * sizeof *s->label);
	}
	s->day[s->n++] = day;
}

/*
 * Finds model's snapshots that the nights from..to use: the one
 * current on the first night, and each later one up to as-of.  Dates
 * are found one at a time through the segments key (as_of, model,
 * customer_id), which never reads a snapshot's rows.  Returns 0, or
 * -1 on a database error.
 */
static int
load_snapshots(struct cs_db *db, const char *model, long from, long to, struct snapshots *s)
{
	struct cs_stmt *first = cs_db_prepare(db, "SELECT max(as_of) FROM segments"
	    " WHERE model = ?1 AND as_of <= ?2");
	struct cs_stmt *next = cs_db_prepare(db, "SELECT min(as_of) FROM segments"
	    " WHERE as_of > ?1 AND as_of <= ?2");
	struct cs_stmt *has = cs_db_prepare(db, "SELECT 1 FROM segments"
	    " WHERE as_of = ?1 AND model = ?2 LIMIT 1");
	char prev[CS_DATE_BUFSZ], last[CS_DATE_BUFSZ], b[CS_DATE_BUFSZ];
	int rc = -1;

	s->n = 0;
	s->first[0] = '\0';
	if (first == NULL || next == NULL || has == NULL)
		goto done;
	cs_stmt_bind_text(first, 1, model, strlen(model));
	cs_stmt_bind_text(first, 2, cs_day_format(from, b), 10);
	if (cs_stmt_step(first) != CS_STEP_ROW)
		goto done;
	if (!cs_stmt_is_null(first, 0)) {
		snprintf(s->first, sizeof s->first, "%s", cs_stmt_text(first, 0));
		snapshot_add(s, cs_day_parse(s->first, CS_NO_DAY));
	}
	snprintf(prev, sizeof prev, "%s", cs_day_format(from, b));
	cs_day_format(to, last);
	for (;;) {
		enum cs_step step;

		cs_stmt_reset(next);
		cs_stmt_bind_text(next, 1, prev, strlen(prev));
		cs_stmt_bind_text(next, 2, last, strlen(last));
		if (cs_stmt_step(next) != CS_STEP_ROW)
			goto done;
		if (cs_stmt_is_null(next, 0))
			break;
		snprintf(prev, sizeof prev, "%s", cs_stmt_text(next, 0));
		cs_stmt_reset(has);
		cs_stmt_bind_text(has, 1, prev, strlen(prev));
		cs_stmt_bind_text(has, 2, model, strlen(model));
		if ((step = cs_stmt_step(has)) == CS_STEP_ROW)
			snapshot_add(s, cs_day_parse(prev, CS_NO_DAY));
		else if (step != CS_STEP_DONE)
			goto done;
	}
	if (s->first[0] == '\0' && s->n > 0)	/* none before the first night */
		cs_day_format(s->day[0], s->first);
	rc = 0;
done:
	cs_stmt_finalize(first);
	cs_stmt_finalize(next);
	cs_stmt_finalize(has);
	return rc;
}

/* Runs the nights from..to for the customer at hand; returns -1 when memory runs out. */
static int
run_customer(struct worker *w, const struct cs_ledger_rows *l, int64_t credit_limit)
{
	const struct cs_dun_eval *e = w->e;
	struct cs_dun_state st, before;
	long day, fee_first = CS_NO_DAY, fee_last = CS_NO_DAY;
	int64_t fees = 0, fee;

	long jc = -1, jg = -1, ladder_c = -2, ladder_g = -2;

	load_state(&w->side[SIDE_STATE], &st);
	before = st;
	if (l->ninv == 0 && st.stage == CS_STAGE_NONE && !st.warned)
		return 0;		/* nothing owed, nothing to lift */
	snapshot_labels(&w->classes, &w->side[SIDE_CLASS]);
	snapshot_labels(&w->grades, &w->side[SIDE_GRADE]);
	for (day = e->from; day <= e->to; day++) {
		struct cs_dun_facts f;
		size_t ninv;
		struct cs_ledger_invoice *inv = ledger_on(w, l, day, &ninv);

		if (inv == NULL)
			return -1;
		jc = snapshot_current(&w->classes, jc, day);
		jg = snapshot_current(&w->grades, jg, day);
		if (jc != ladder_c || jg != ladder_g) {	/* the night's class and grade */
			cs_policy_ladder(e->policy, jc >= 0 ? w->classes.label[jc] : NULL,
			    jg >= 0 ? w->grades.label[jg] : NULL, &w->ladder);
			ladder_c = jc;
			ladder_g = jg;
		}
		memset(&f, 0, sizeof f);
		cs_dun_facts_from_ledger(inv, ninv, day, &f);
		f.credit_limit = credit_limit;
		find_hold(w, day, &f);
		find_broken(w, l, day, &f);
		if ((fee = cs_dunning_day(&w->ladder, cs_policy_settings(e->policy), &f, &st,
		    on_action, w)) > 0) {
			fees += fee;
			fee_first = fee_first == CS_NO_DAY ? day : fee_first;
			fee_last = day;
		}
	}
	if (fees > 0)
		keep_fee(w, fee_first, fee_last, fees);
	if (!state_equal(&st, &before))
		keep_state(w, &st);
	return 0;
}

/* Starts an empty batch for the worker. */
static void
new_batch(struct worker *w)
{
	w->e->batch = cs_xmalloc(sizeof *w->e->batch);
	memset(w->e->batch, 0, sizeof *w->e->batch);
	w->capactions = w->capstates = w->capfees = 0;
}

/* Hands the worker's batch to the writer once it is big enough (or always when last). */
static void
hand_over(struct worker *w, int last)
{
	struct cs_dun_batch *b = w->e->batch;

	if (!last && b->nactions < 4096 && b->nstates < 4096)
		return;
	cs_queue_push(w->e->queue, b);
	w->e->batch = NULL;
	if (!last)
		new_batch(w);
}

/* Opens the worker's connection, side tables, ledger and customer list. */
static int
open_worker(struct worker *w)
{
	const struct cs_dun_eval *e = w->e;
	const char *vals[7] = { cs_day_format(e->from, w->date[0]), cs_day_format(e->to, w->date[1]),
		cs_day_format(e->from - 1, w->date[2]), e->range.lo, e->range.hi,
		w->classes.first, w->grades.first };
	int k;

	if ((w->db = cs_db_worker(e->db, w->e->err, sizeof w->e->err)) == NULL ||
	    load_snapshots(w->db, "bigcustomer", e->from, e->to, &w->classes) != 0 ||
	    load_snapshots(w->db, "credit", e->from, e->to, &w->grades) != 0)
		return -1;
	for (k = 0; k < NSIDES; k++)
		if (side_open(&w->side[k], w->db, side_sql[k].sql, side_sql[k].ncols,
		    side_sql[k].binds, vals) != 0)
			return -1;
	w->customers = cs_db_prepare(w->db, "SELECT customer_id,"
	    " coalesce(credit_limit_cents, 0) FROM customers WHERE customer_id >= ?1"
	    " AND customer_id < ?2 ORDER BY customer_id");
	if (w->customers == NULL ||
	    cs_stmt_bind_text(w->customers, 1, vals[3], strlen(vals[3])) != 0 ||
	    cs_stmt_bind_text(w->customers, 2, vals[4], strlen(vals[4])) != 0)
		return -1;
	w->ledger = cs_ledger_reader_open(w->db, w->date[0], w->date[1], e->range, 0);
	return w->ledger != NULL ? 0 : -1;
}

/* Walks the worker's customers; returns -1 on error. */
static int
walk_customers(struct worker *w)
{
	enum cs_step step;
	int k;

	while ((step = cs_stmt_step(w->customers)) == CS_STEP_ROW) {
		const struct cs_ledger_rows *l;

		w->id = cs_stmt_text(w->customers, 0);
		for (k = 0; k < NSIDES; k++)
			if (side_collect(&w->side[k], w->id) != 0)
				return -1;
		if ((l = cs_ledger_reader_next(w->ledger, w->id)) == NULL ||
		    run_customer(w, l, cs_stmt_int64(w->customers, 1)) != 0)
			return -1;
		atomic_fetch_add(w->e->walked, 1);
		hand_over(w, 0);
	}
	return step == CS_STEP_DONE ? 0 : -1;
}

/* Frees what a worker holds besides its results. */
static void
close_worker(struct worker *w)
{
	int k;

	for (k = 0; k < NSIDES; k++)
		side_close(&w->side[k]);
	cs_ledger_reader_close(w->ledger);
	cs_stmt_finalize(w->customers);
	cs_db_close(w->db);
	free(w->scratch_inv);
	free(w->scratch_pay);
	free(w->classes.day);
	free(w->classes.label);
	free(w->grades.day);
	free(w->grades.label);
}

void *
cs_dun_eval_run(void *arg)
{
	struct worker w;

	memset(&w, 0, sizeof w);
	w.e = arg;
	new_batch(&w);
	if (open_worker(&w) != 0 || walk_customers(&w) != 0) {
		w.e->failed = 1;
		if (w.db != NULL)
			cs_db_fail(w.db, w.e->err, sizeof w.e->err);
	}
	hand_over(&w, 1);
	cs_queue_done(w.e->queue);
	close_worker(&w);
	return NULL;
}

void
cs_dun_batch_free(struct cs_dun_batch *e)
{
	size_t k;

	if (e == NULL)
		return;
	for (k = 0; k < e->nactions; k++) {
		free(e->action[k].customer_id);
		free(e->action[k].oldest_id);
		free(e->action[k].reason);
	}
	for (k = 0; k < e->nstates; k++)
		free(e->state[k].customer_id);
	for (k = 0; k < e->nfees; k++)
		free(e->fee[k].customer_id);
	free(e->action);
	free(e->state);
	free(e->fee);
	free(e);
}
