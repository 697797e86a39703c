/*
 * cs_dunning_run.c - the nightly run against the database: the write
 * lock first, then workers (cs_dunning_eval.c) evaluate ranges of
 * customers at once on connections of their own, and the run writes
 * what they found in one transaction.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_i18n.h"
#include "cs_dunning.h"
#include "cs_dunning_eval.h"
#include "cs_dunning_run.h"
#include "cs_err.h"
#include "cs_ledger_db.h"
#include "cs_shown.h"
#include "cs_text.h"

const char *const cs_dun_columns[CS_DUN_NCOLS] = { "run_date", "customer_id", "name", "stage",
	"stage_label", "action", "days_overdue", "balance", "late_fee", "oldest_invoice_id",
	"reason" };

const char *const cs_block_columns[CS_BLOCK_NCOLS] = { "customer_id", "name", "stage",
	"stage_label", "since", "reason" };

/* Sets err from the database's last error; returns CS_EXIT_BUSY or CS_EXIT_DB. */
static int
db_fail(struct cs_db *db, char *err, size_t errlen)
{
	if (cs_db_is_busy(db)) {
		snprintf(err, errlen, _("the database is locked by another run; gave up after the"
		    " lock timeout (CS_LOCK_TIMEOUT)"));
		return CS_EXIT_BUSY;
	}
	return cs_db_fail(db, err, errlen);
}

/*
 * How a run's rows are written: on SQLite an INSERT a row, cheapest
 * there; on PostgreSQL as COPY data, sent every PG_COPY_CHUNK bytes
 * (a multi-row INSERT costs the planning of its thousands of
 * parameters, a COPY nothing), the changed states through a temporary
 * table and one upsert.
 */
#define PG_COPY_CHUNK (1 << 20)

/* The tables a run writes. */
enum { W_STATE, W_HISTORY, W_FEE, NWRITES };

/* Everything a run works with. */
struct run {
	struct cs_db *db;
	const struct cs_dunning_opts *o;
	long from, to;
	int64_t run_id;
	struct cs_stmt *put[NWRITES];	/* SQLite: the INSERT of one row each */
	struct cs_buf copy;		/* PostgreSQL: the COPY data gathered */
	char day[4][CS_DATE_BUFSZ];	/* the dates bound, until the step */
	cs_dun_row_fn *row;		/* receives the output rows */
	void *ctx;
	struct cs_dun_eval eval[CS_MAX_RANGES];
	struct cs_id_ranges ranges;	/* one worker each */
	size_t changed, actions;
	int failed;
	int same_night;			/* as-of is the last run's night */
};

/* Binds day number day to parameter idx as YYYY-MM-DD, or NULL for CS_NO_DAY; returns 0 on success. */
static int
bind_day(struct cs_stmt *st, int idx, long day, char buf[CS_DATE_BUFSZ])
{
	if (day == CS_NO_DAY)
		return cs_stmt_bind_null(st, idx);
	return cs_stmt_bind_text(st, idx, cs_day_format(day, buf), 10);
}

/* Where the values of one row go: st's parameters from ?1 on, or else a line of b in COPY's text format. */
struct sink {
	struct cs_stmt *st;
	struct cs_buf *b;
	int n;				/* the values put so far */
};

/* Puts text v (NULL: SQL NULL), which must stay unchanged until the step. */
static void
put_str(struct sink *s, const char *v)
{
	if (s->st != NULL) {
		cs_stmt_bind_str(s->st, ++s->n, v);
		return;
	}
	if (s->n++ > 0)
		cs_buf_puts(s->b, "\t");
	cs_db_copy_field(s->b, v);
}

/* Puts the number v. */
static void
put_int(struct sink *s, int64_t v)
{
	char buf[24];

	if (s->st != NULL) {
		cs_stmt_bind_int64(s->st, ++s->n, v);
		return;
	}
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	put_str(s, buf);
}

/* Puts day number day as YYYY-MM-DD (kept in buf), or NULL for CS_NO_DAY. */
static void
put_day(struct sink *s, long day, char buf[CS_DATE_BUFSZ])
{
	put_str(s, day == CS_NO_DAY ? NULL : cs_day_format(day, buf));
}

/* Puts a changed state. */
static void
put_state(struct run *r, struct sink *p, const struct cs_dun_out_state *s)
{
	const struct cs_dun_state *st = &s->st;

	put_str(p, s->customer_id);
	put_str(p, st->stage == CS_STAGE_NONE ? NULL : cs_stage_name(st->stage));
	put_day(p, st->since, r->day[0]);
	put_day(p, st->fee_through, r->day[1]);
	put_int(p, st->late_fee);
	put_int(p, st->warned);
	put_int(p, st->blacklisted);
	put_str(p, st->held);
	put_str(p, st->broken);
	put_day(p, r->to, r->day[2]);
	put_int(p, st->catching_up);
	put_str(p, st->restored_stage == CS_STAGE_NONE ? NULL :
	    cs_stage_name(st->restored_stage));
	put_day(p, st->restored_on, r->day[3]);
}

/* Puts late fees charged. */
static void
put_fee(struct run *r, struct sink *p, const struct cs_dun_out_fee *f)
{
	put_str(p, f->customer_id);
	put_day(p, f->first, r->day[0]);
	put_day(p, f->last, r->day[1]);
	put_int(p, f->fee);
	put_int(p, r->run_id);
}

/* Puts an action of the history. */
static void
put_action(struct run *r, struct sink *p, const struct cs_dun_out_action *a)
{
	const char *stage = a->stage == CS_STAGE_NONE ? NULL : cs_stage_name(a->stage);

	put_int(p, r->run_id);
	put_day(p, a->day, r->day[0]);
	put_str(p, a->customer_id);
	put_str(p, stage);
	put_str(p, stage ? a->label : NULL);
	put_str(p, a->action);
	if (a->days_overdue == CS_NO_DAY)
		put_str(p, NULL);
	else
		put_int(p, a->days_overdue);
	put_int(p, a->balance);
	put_int(p, a->late_fee);
	put_str(p, a->oldest_id);
	put_str(p, a->reason);
}

/* The tables written: name, columns, what follows the row (an upsert's action); where COPY goes. */
static const struct {
	const char *table;
	const char *cols;
	int ncols;
	const char *tail;
	const char *copy_into;
} write_sql[NWRITES] = {
	[W_STATE] = { "dunning_state", "customer_id, stage, stage_since, fee_through,"
	    " late_fee_cents, warned, blacklisted, held, broken, updated_on, catching_up,"
	    " restored_stage, restored_on", 13,
	    " ON CONFLICT (customer_id) DO UPDATE SET stage = excluded.stage,"
	    " stage_since = excluded.stage_since, fee_through = excluded.fee_through,"
	    " late_fee_cents = excluded.late_fee_cents, warned = excluded.warned,"
	    " blacklisted = excluded.blacklisted, held = excluded.held,"
	    " broken = excluded.broken, updated_on = excluded.updated_on,"
	    " catching_up = excluded.catching_up, restored_stage = excluded.restored_stage,"
	    " restored_on = excluded.restored_on", "cs_dunning_states" },
	[W_HISTORY] = { "dunning_history", "run_id, run_date, customer_id, stage,"
	    " stage_label, action, days_overdue, balance_cents, late_fee_cents,"
	    " oldest_invoice_id, reason", 11, "", "dunning_history" },
	[W_FEE] = { "dunning_fees", "customer_id, from_day, through_day, fee_cents,"
	    " run_id", 5, "", "dunning_fees" },
};

/* The temporary table of the changed states on PostgreSQL, dropped with the transaction. */
static const char pg_states_table[] = "CREATE TEMPORARY TABLE IF NOT EXISTS cs_dunning_states"
    " (LIKE dunning_state) ON COMMIT DROP";

/* Prepares SQLite's INSERT of one row of table w; returns NULL on error. */
static struct cs_stmt *
prepare_write(struct run *r, int w)
{
	struct cs_buf sql = { 0 };
	struct cs_stmt *st;
	int c;

	cs_buf_printf(&sql, "INSERT INTO %s (%s) VALUES (", write_sql[w].table, write_sql[w].cols);
	for (c = 1; c <= write_sql[w].ncols; c++)
		cs_buf_printf(&sql, c > 1 ? ", ?%d" : "?%d", c);
	cs_buf_printf(&sql, ")%s", write_sql[w].tail);
	st = cs_db_prepare(r->db, sql.data);
	cs_buf_free(&sql);
	return st;
}

/* Runs fixed SQL without parameters; returns 0 or -1. */
static int
run_sql(struct cs_db *db, const char *sql)
{
	struct cs_stmt *st = cs_db_prepare(db, sql);
	int rc = st != NULL && cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;

	cs_stmt_finalize(st);
	return rc;
}

/*
 * PostgreSQL: sends the COPY data gathered for table w (the states
 * through their temporary table, then upserted) and empties it;
 * returns 0 or -1.
 */
static int
flush_copy(struct run *r, int w)
{
	struct cs_buf sql = { 0 };
	int rc = 0;

	if (r->copy.len == 0)
		return 0;
	if (w == W_STATE)
		rc = run_sql(r->db, pg_states_table);
	cs_buf_printf(&sql, "COPY %s (%s) FROM STDIN", write_sql[w].copy_into, write_sql[w].cols);
	if (rc == 0 && cs_db_copy(r->db, sql.data, r->copy.data, r->copy.len) < 0)
		rc = -1;
	if (rc == 0 && w == W_STATE) {
		sql.len = 0;
		cs_buf_printf(&sql, "INSERT INTO %s (%s) SELECT %s FROM %s%s", write_sql[w].table,
		    write_sql[w].cols, write_sql[w].cols, write_sql[w].copy_into, write_sql[w].tail);
		rc = run_sql(r->db, sql.data) == 0 &&
		    run_sql(r->db, "TRUNCATE cs_dunning_states") == 0 ? 0 : -1;
	}
	cs_buf_free(&sql);
	r->copy.len = 0;
	return rc;
}

/* Puts row k of rows (of table w) into p. */
static void
put_row(struct run *r, int w, struct sink *p, const void *rows, size_t k)
{
	if (w == W_STATE)
		put_state(r, p, (const struct cs_dun_out_state *)rows + k);
	else if (w == W_HISTORY)
		put_action(r, p, (const struct cs_dun_out_action *)rows + k);
	else
		put_fee(r, p, (const struct cs_dun_out_fee *)rows + k);
}

/*
 * Writes the n rows of table w in their order (the history's seq
 * follows it): a statement each on SQLite, COPY on PostgreSQL; marks
 * the run failed on error.
 */
static void
write_rows(struct run *r, int w, const void *rows, size_t n)
{
	size_t k;

	for (k = 0; k < n && !r->failed; k++) {
		struct sink p = { r->put[w], &r->copy, 0 };

		put_row(r, w, &p, rows, k);
		if (p.st != NULL) {
			if (cs_stmt_step(p.st) != CS_STEP_DONE)
				r->failed = 1;
			cs_stmt_reset(p.st);
			continue;
		}
		cs_buf_puts(&r->copy, "\n");
		if ((r->copy.len >= PG_COPY_CHUNK || k + 1 == n) && flush_copy(r, w) != 0)
			r->failed = 1;
	}
}

/* Prepares SQLite's write statements (PostgreSQL copies). */
static int
prepare_writes(struct run *r)
{
	int w;

	if (cs_db_dialect(r->db) == CS_DIALECT_PG)
		return 0;
	for (w = 0; w < NWRITES; w++)
		if ((r->put[w] = prepare_write(r, w)) == NULL)
			return -1;
	return 0;
}

/*
 * Records the run, its counts 0 until count_run, and keeps its serial
 * run_id (RETURNING, on both backends); returns -1 on error.
 */
static int
record_run(struct run *r)
{
	struct cs_stmt *st = cs_db_prepare(r->db, cs_db_sql(r->db,
	    "INSERT INTO dunning_runs (as_of, from_day, started_at, policy_sha256, customers,"
	    " actions) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3, ?4, ?5)"
	    " RETURNING run_id",
	    "INSERT INTO dunning_runs (as_of, from_day, started_at, policy_sha256, customers,"
	    " actions) VALUES (?1, ?2, to_char(now() AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ?3, ?4, ?5) RETURNING run_id"));
	char b1[CS_DATE_BUFSZ], b2[CS_DATE_BUFSZ];
	int rc = -1;

	if (st == NULL)
		return -1;
	bind_day(st, 1, r->to, b1);
	bind_day(st, 2, r->from, b2);
	cs_stmt_bind_str(st, 3, r->o->policy_sha256);
	cs_stmt_bind_int64(st, 4, 0);		/* the counts come at the end */
	cs_stmt_bind_int64(st, 5, 0);
	if (cs_stmt_step(st) == CS_STEP_ROW) {
		r->run_id = cs_stmt_int64(st, 0);
		rc = cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;
	}
	cs_stmt_finalize(st);
	return rc;
}

/* Writes one batch of the workers' findings: history, states, fees. */
static void
write_batch(struct run *r, const struct cs_dun_batch *b)
{
	r->actions += b->nactions;
	write_rows(r, W_HISTORY, b->action, b->nactions);
	write_rows(r, W_STATE, b->state, b->nstates);
	write_rows(r, W_FEE, b->fee, b->nfees);
	r->changed += b->nstates;
}

/* Fills in the run's counts. */
static int
count_run(struct run *r)
{
	struct cs_stmt *st = cs_db_prepare(r->db, "UPDATE dunning_runs SET customers = ?1,"
	    " actions = ?2 WHERE run_id = ?3");
	int rc;

	if (st == NULL)
		return -1;
	cs_stmt_bind_int64(st, 1, (int64_t)r->changed);
	cs_stmt_bind_int64(st, 2, (int64_t)r->actions);
	cs_stmt_bind_int64(st, 3, r->run_id);
	rc = cs_stmt_step(st) == CS_STEP_DONE ? 0 : -1;
	cs_stmt_finalize(st);
	return rc;
}

/*
 * Runs the workers on threads, writing their batches as they come (so
 * that memory stays bounded), and fills in the run's counts.  Returns
 * a CS_EXIT_* status.
 */
static int
evaluate_and_write(struct run *r, char *err, size_t errlen)
{
	struct cs_queue q;
	struct cs_tasks workers;
	struct cs_dun_batch *b;
	atomic_ullong walked = 0;
	int k, rc = CS_EXIT_OK;

	cs_queue_init(&q, 8, r->ranges.n);
	cs_tasks_init(&workers);
	for (k = 0; k < r->ranges.n; k++) {
		struct cs_dun_eval *e = &r->eval[k];

		e->db = r->db;
		e->policy = r->o->policy;
		e->from = r->from;
		e->to = r->to;
		e->range = cs_id_ranges_get(&r->ranges, k);
		e->queue = &q;
		e->walked = &walked;
		cs_tasks_start(&workers, cs_dun_eval_run, e);
	}
	while ((b = cs_queue_pop(&q)) != NULL) {
		write_batch(r, b);
		cs_dun_batch_free(b);
		cs_progress_report(&r->o->progress, "customers", atomic_load(&walked),
		    (uint64_t)r->ranges.customers);
	}
	cs_tasks_wait(&workers);
	cs_queue_free(&q, NULL);
	for (k = 0; k < r->ranges.n && rc == CS_EXIT_OK; k++)
		if (r->eval[k].failed) {
			snprintf(err, errlen, "%s", r->eval[k].err);
			rc = CS_EXIT_DB;
		}
	if (rc == CS_EXIT_OK && (r->failed || count_run(r) != 0))
		rc = db_fail(r->db, err, errlen);
	return rc;
}

/* Frees what a run holds. */
static void
run_free(struct run *r)
{
	int w;

	for (w = 0; w < NWRITES; w++)
		cs_stmt_finalize(r->put[w]);
	cs_buf_free(&r->copy);
}

/* Returns the day of the last run, or CS_NO_DAY; -2 on error. */
static long
last_run(struct cs_db *db)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT max(as_of) FROM dunning_runs");
	long day = -2;

	if (st != NULL && cs_stmt_step(st) == CS_STEP_ROW)
		day = cs_stmt_is_null(st, 0) ? CS_NO_DAY : cs_day_parse(cs_stmt_text(st, 0), CS_NO_DAY);
	cs_stmt_finalize(st);
	return day;
}

/* Prepares the query of the actions of nights ?1..?2 (of run ?3, or all when 0), with the --with columns. */
static struct cs_stmt *
actions_query(struct run *r)
{
	struct cs_buf sql = { 0 };
	struct cs_stmt *st;

	cs_buf_puts(&sql, "SELECT h.run_date, h.customer_id, c.name, h.stage, h.stage_label,"
	    " h.action, h.days_overdue, h.balance_cents, h.late_fee_cents, h.oldest_invoice_id,"
	    " h.reason");
	if (r->o->with != NULL)
		cs_with_select(&sql, r->o->with);
	cs_buf_puts(&sql, " FROM dunning_history h JOIN customers c USING (customer_id)"
	    " WHERE h.run_date >= ?1 AND h.run_date <= ?2 AND (?3 = 0 OR h.run_id = ?3)"
	    " ORDER BY h.run_date, h.customer_id, h.seq");
	st = cs_db_prepare(r->db, sql.data);
	cs_buf_free(&sql);
	return st;
}

/*
 * Passes the actions recorded for the nights from..to (of run run_id,
 * or of every run when it is 0) to the row callback, by night, then
 * customer, then in the order they were taken; the --with columns
 * follow, as shown (cs_shown.h).  Returns a CS_EXIT_* status.
 */
static int
print_actions(struct run *r, long from, long to, int64_t run_id, char *err, size_t errlen)
{
	const struct cs_with *w = r->o->with;
	int nv = w != NULL ? CS_WITH_VALUES(w) : 0, k;
	struct cs_stmt *st = actions_query(r);
	char b1[CS_DATE_BUFSZ], b2[CS_DATE_BUFSZ], bal[CS_MONEY_BUFSZ], fee[CS_MONEY_BUFSZ];
	char shown[CS_WITH_MAX][256];
	const char *f[CS_DUN_NCOLS + CS_WITH_MAX], *raw[CS_WITH_MAX + 1];
	enum cs_step step;

	if (st == NULL)
		return db_fail(r->db, err, errlen);
	bind_day(st, 1, from, b1);
	bind_day(st, 2, to, b2);
	cs_stmt_bind_int64(st, 3, run_id);
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		for (k = 0; k < CS_DUN_NCOLS; k++)
			f[k] = cs_stmt_is_null(st, k) ? NULL : cs_stmt_text(st, k);
		f[7] = cs_money_format(cs_stmt_int64(st, 7), bal);
		f[8] = cs_money_format(cs_stmt_int64(st, 8), fee);
		for (k = 0; k < nv; k++)
			raw[k] = cs_stmt_is_null(st, CS_DUN_NCOLS + k) ? NULL :
			    cs_stmt_text(st, CS_DUN_NCOLS + k);
		if (w != NULL)
			cs_shown_with(r->o->access, w, f[1], raw, f + CS_DUN_NCOLS, shown);
		r->row(r->ctx, f);
	}
	cs_stmt_finalize(st);
	return step == CS_STEP_DONE ? CS_EXIT_OK : db_fail(r->db, err, errlen);
}

/* Returns 1 when db holds a snapshot of model on or before day, 0 when not, -1 on error. */
static int
has_snapshot(struct cs_db *db, const char *model, long day)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT 1 FROM segments WHERE model = ?1"
	    " AND as_of <= ?2 LIMIT 1");
	char d[CS_DATE_BUFSZ];
	enum cs_step step = CS_STEP_ERROR;

	if (st != NULL && cs_stmt_bind_str(st, 1, model) == 0 && bind_day(st, 2, day, d) == 0)
		step = cs_stmt_step(st);
	cs_stmt_finalize(st);
	return step == CS_STEP_ROW ? 1 : step == CS_STEP_DONE ? 0 : -1;
}

/*
 * Says once, on stderr, which of the policy's rules for customer
 * classes and credit grades cannot apply tonight because no snapshot
 * says who is in them.  Returns 0, or -1 on a database error.
 */
static int
warn_unused_overrides(struct run *r)
{
	static const char *const model[2] = { "bigcustomer", "credit" };
	char d[CS_DATE_BUFSZ], names[256];
	const char *fmt;
	int k, has, n;

	for (k = 0; k < 2; k++) {
		if ((n = cs_policy_overrides(r->o->policy, k, names, sizeof names)) == 0)
			continue;
		if ((has = has_snapshot(r->db, model[k], r->to)) < 0)
			return -1;
		fmt = k == 0 ? ngettext("the policy's rules for class %s do not apply: no %s snapshot"
		    " on or before %s says who is in it (save one: cs-segment --save %s)",
		    "the policy's rules for classes %s do not apply: no %s snapshot on or before %s"
		    " says who is in them (save one: cs-segment --save %s)", (unsigned long)n) :
		    ngettext("the policy's rules for grade %s do not apply: no %s snapshot on or"
		    " before %s says who is in it (save one: cs-segment --save %s)",
		    "the policy's rules for grades %s do not apply: no %s snapshot on or before %s"
		    " says who is in them (save one: cs-segment --save %s)", (unsigned long)n);
		if (!has)
			cs_warnx(fmt, names, model[k], cs_day_format(r->to, d), model[k]);
	}
	return 0;
}

/* Decides the nights to run, or refuses; returns a CS_EXIT_* status. */
static int
plan_nights(struct run *r, struct cs_dunning_summary *sum, char *err, size_t errlen)
{
	long last = last_run(r->db);
	char b1[CS_DATE_BUFSZ], b2[CS_DATE_BUFSZ];

	if (last == -2)
		return db_fail(r->db, err, errlen);
	if (last != CS_NO_DAY && r->to < last) {
		snprintf(err, errlen, _("as-of %s is before the last run (%s); runs go forward"
		    " (--replay prints what a past run did)"), cs_day_format(r->to, b1), cs_day_format(last, b2));
		return CS_EXIT_DATA;
	}
	r->same_night = last == r->to;
	r->from = last == CS_NO_DAY || last == r->to ? r->to : last + 1;
	sum->from = cs_days_to_date(r->from);
	return CS_EXIT_OK;
}

/* Evaluates and writes the nights planned; returns a CS_EXIT_* status. */
static int
run_nights(struct run *r, char *err, size_t errlen)
{
	if (warn_unused_overrides(r) != 0 || cs_id_ranges_split(r->db, 20000, &r->ranges) != 0 ||
	    prepare_writes(r) != 0)
		return db_fail(r->db, err, errlen);
	if (record_run(r) != 0)
		return db_fail(r->db, err, errlen);
	return evaluate_and_write(r, err, errlen);
}

int
cs_dunning_run(struct cs_db *db, const struct cs_dunning_opts *o, cs_dun_row_fn *row,
    void *ctx, struct cs_dunning_summary *sum, char *err, size_t errlen)
{
	struct run r;
	int rc, keep;

	memset(&r, 0, sizeof r);
	memset(sum, 0, sizeof *sum);
	r.db = db;
	r.o = o;
	r.row = row;
	r.ctx = ctx;
	r.to = cs_date_to_days(o->as_of);
	if (cs_db_tune_for_load(db, 128L * 1024) != 0 || cs_db_begin(db) != 0)
		return db_fail(db, err, errlen);
	if (o->replay) {
		rc = print_actions(&r, r.to, r.to, 0, err, errlen);
		cs_db_rollback(db);
		return rc;
	}
	if ((rc = plan_nights(&r, sum, err, errlen)) == CS_EXIT_OK)
		rc = run_nights(&r, err, errlen);
	sum->customers = r.changed;
	sum->actions = r.actions;
	run_free(&r);
	keep = rc == CS_EXIT_OK && !o->dry_run &&
	    !(r.changed == 0 && r.actions == 0 && r.from == r.to && r.same_night);
	if (rc == CS_EXIT_OK && !keep)	/* a dry run prints what it would write */
		rc = print_actions(&r, r.from, r.to, r.run_id, err, errlen);
	if (!keep)
		cs_db_rollback(db);	/* a dry run, nothing new, or a failure */
	else if (cs_db_commit(db) != 0) {
		rc = db_fail(db, err, errlen);
		cs_db_rollback(db);
	} else	/* the rows, once they are kept */
		rc = print_actions(&r, r.from, r.to, r.run_id, err, errlen);
	return rc;
}

/* Returns 1 when customer id exists, 0 when not, -1 on error. */
static int
customer_exists(struct cs_db *db, const char *id)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT 1 FROM customers WHERE customer_id = ?1");
	enum cs_step step;

	if (st == NULL)
		return -1;
	cs_stmt_bind_str(st, 1, id);
	step = cs_stmt_step(st);
	cs_stmt_finalize(st);
	return step == CS_STEP_ROW ? 1 : step == CS_STEP_DONE ? 0 : -1;
}

/* Runs one bound write in its own transaction; returns a CS_EXIT_* status. */
static int
write_alone(struct cs_db *db, struct cs_stmt *st, int *changes, char *err, size_t errlen)
{
	int rc = CS_EXIT_OK;

	if (cs_stmt_step(st) != CS_STEP_DONE)
		rc = db_fail(db, err, errlen);
	else if (changes != NULL)
		*changes = cs_db_changes(db);
	if (rc == CS_EXIT_OK && cs_db_commit(db) != 0)
		rc = db_fail(db, err, errlen);
	cs_stmt_finalize(st);
	if (rc != CS_EXIT_OK)
		cs_db_rollback(db);
	return rc;
}

/* Starts a hold or release: the lock, and the customer must exist. */
static int
begin_for_customer(struct cs_db *db, const char *id, char *err, size_t errlen)
{
	int found;

	if (cs_db_begin(db) != 0)
		return db_fail(db, err, errlen);
	if ((found = cs_utf8_valid(id) ? customer_exists(db, id) : 0) == 1)
		return CS_EXIT_OK;
	if (found < 0)
		found = db_fail(db, err, errlen);
	else {
		snprintf(err, errlen, _("no customer %s"), id);
		found = CS_EXIT_DATA;
	}
	cs_db_rollback(db);
	return found;
}

int
cs_dunning_hold(struct cs_db *db, const char *id, struct cs_date as_of, struct cs_date until,
    const char *reason, char *err, size_t errlen)
{
	char b1[CS_DATE_BUFSZ], b2[CS_DATE_BUFSZ];
	struct cs_stmt *st;
	int rc;

	if (cs_date_to_days(until) < cs_date_to_days(as_of)) {
		snprintf(err, errlen, _("--until %s is before the as-of date %s"),
		    cs_date_format(until, b1), cs_date_format(as_of, b2));
		return CS_EXIT_USAGE;
	}
	if ((rc = begin_for_customer(db, id, err, errlen)) != CS_EXIT_OK)
		return rc;
	st = cs_db_prepare(db, "INSERT INTO dunning_holds (customer_id, set_on, until, reason)"
	    " VALUES (?1, ?2, ?3, ?4)");
	if (st == NULL) {
		rc = db_fail(db, err, errlen);
		cs_db_rollback(db);
		return rc;
	}
	cs_stmt_bind_str(st, 1, id);
	cs_stmt_bind_str(st, 2, cs_date_format(as_of, b1));
	cs_stmt_bind_str(st, 3, cs_date_format(until, b2));
	cs_stmt_bind_str(st, 4, reason);
	return write_alone(db, st, NULL, err, errlen);
}

int
cs_dunning_release(struct cs_db *db, const char *id, struct cs_date as_of, int *n, char *err,
    size_t errlen)
{
	char b[CS_DATE_BUFSZ];
	struct cs_stmt *st;
	int rc;

	*n = 0;
	if ((rc = begin_for_customer(db, id, err, errlen)) != CS_EXIT_OK)
		return rc;
	st = cs_db_prepare(db, "UPDATE dunning_holds SET released_on = ?2 WHERE customer_id = ?1"
	    " AND released_on IS NULL AND until >= ?2 AND set_on <= ?2");
	if (st == NULL) {
		rc = db_fail(db, err, errlen);
		cs_db_rollback(db);
		return rc;
	}
	cs_stmt_bind_str(st, 1, id);
	cs_stmt_bind_str(st, 2, cs_date_format(as_of, b));
	return write_alone(db, st, n, err, errlen);
}

int
cs_dunning_blocklist(struct cs_db *db, const struct cs_policy *p, struct cs_text_rows *rows,
    char *err, size_t errlen)
{
	struct cs_stmt *st = cs_db_prepare(db, "SELECT c.customer_id, c.name, s.stage,"
	    " s.stage_since, coalesce(s.blacklisted, 0), c.status FROM customers c"
	    " LEFT JOIN dunning_state s USING (customer_id)"
	    " WHERE s.blacklisted = 1 OR c.status = 'blacklisted' OR (?1 >= 0 AND"
	    " (CASE s.stage WHEN 'prevent' THEN 0 WHEN 'remind' THEN 1 WHEN 'guide' THEN 2"
	    " WHEN 'pursue' THEN 3 WHEN 'sue' THEN 4 ELSE -1 END) >= ?1)"
	    " ORDER BY c.customer_id");
	int from = cs_policy_settings(p)->block_from;
	struct cs_ladder l;
	char why[160];
	const char *f[CS_BLOCK_NCOLS];
	enum cs_step step;

	if (st == NULL)
		return db_fail(db, err, errlen);
	cs_policy_ladder(p, NULL, NULL, &l);
	cs_stmt_bind_int64(st, 1, from);
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		int stage = cs_stmt_is_null(st, 2) ? CS_STAGE_NONE :
		    cs_stage_parse(cs_stmt_text(st, 2), strlen(cs_stmt_text(st, 2)));

		if (cs_stmt_int64(st, 4))
			snprintf(why, sizeof why, "%s", _("blacklisted by cs-dunning"));
		else if (stage != CS_STAGE_NONE && from != CS_STAGE_NONE && stage >= from)
			snprintf(why, sizeof why, _("stage %s is at or above block_from %s"),
			    cs_label(cs_stage_name(stage)), cs_label(cs_stage_name(from)));
		else
			snprintf(why, sizeof why, "%s", _("status blacklisted in customers"));
		f[0] = cs_stmt_text(st, 0);
		f[1] = cs_stmt_text(st, 1);
		f[2] = stage == CS_STAGE_NONE ? NULL : cs_stage_name(stage);
		f[3] = stage == CS_STAGE_NONE ? NULL : l.stage[stage].label;
		f[4] = cs_stmt_is_null(st, 3) ? NULL : cs_stmt_text(st, 3);
		f[5] = why;
		cs_text_rows_add(rows, f);
	}
	cs_stmt_finalize(st);
	return step == CS_STEP_DONE ? CS_EXIT_OK : db_fail(db, err, errlen);
}
