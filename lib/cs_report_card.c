/*
 * cs_report_card.c - one customer's card (客户资料卡): profile, balance
 * and dunning stage, segments, visits, complaints and survey answers;
 * phone numbers and emails masked unless revealed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_dunning.h"
#include "cs_err.h"
#include "cs_ledger_db.h"
#include "cs_report.h"
#include "cs_shown.h"
#include "cs_text.h"

/*
 * The profile: the customers row, each column as shown (cs_shown.h).
 * Returns 1 when found, 0 when not, -1 on error.
 */
static int
profile(struct cs_db *db, struct cs_report_table *t, const char *id, int reveal)
{
	const struct cs_table *c = cs_table_find("customers");
	struct cs_buf sql = { 0 };
	struct cs_stmt *st;
	char buf[256];
	enum cs_step step;
	int k, found;

	cs_buf_puts(&sql, "SELECT ");	/* every column, by the table's definition */
	for (k = 0; k < c->ncols; k++)
		cs_buf_printf(&sql, "%s%s", k ? ", " : "", c->cols[k].dbname);
	cs_buf_puts(&sql, " FROM customers WHERE customer_id = ?1");
	st = cs_db_prepare(db, sql.data);
	cs_buf_free(&sql);
	if (st == NULL)
		return -1;
	cs_stmt_bind_text(st, 1, id, strlen(id));
	step = cs_stmt_step(st);
	found = step == CS_STEP_ROW;
	for (k = 0; found && k < c->ncols; k++)
		cs_report_row(t, (const char *[]){ c->cols[k].name, cs_shown_value(&c->cols[k],
		    cs_stmt_is_null(st, k) ? NULL : cs_stmt_text(st, k), reveal, buf, sizeof buf) });
	cs_stmt_finalize(st);
	return step == CS_STEP_ROW ? 1 : step == CS_STEP_DONE ? 0 : -1;
}

/* The balance: unpaid, overdue and the oldest unpaid invoice, allocated as cs-dunning does. */
static int
balance(struct cs_db *db, struct cs_report_table *t, const char *id, struct cs_date as_of)
{
	char through[CS_DATE_BUFSZ], hi[160], b[2][CS_MONEY_BUFSZ], d[CS_DATE_BUFSZ], days[24];
	struct cs_ledger_reader *r;
	const struct cs_ledger_rows *l;
	struct cs_dun_facts f;

	snprintf(hi, sizeof hi, "%s\x01", id);	/* just after id: ids hold no control characters */
	cs_date_format(as_of, through);
	if ((r = cs_ledger_reader_open(db, through, through, (struct cs_id_range){ id, hi }, 0)) == NULL)
		return -1;
	if ((l = cs_ledger_reader_next(r, id)) == NULL ||
	    cs_ledger_allocate(l->inv, l->ninv, l->pay, l->npay) != 0) {
		cs_ledger_reader_close(r);
		return -1;
	}
	memset(&f, 0, sizeof f);
	cs_dun_facts_from_ledger(l->inv, l->ninv, cs_date_to_days(as_of), &f);
	snprintf(days, sizeof days, "%ld", f.oldest_due == CS_NO_DAY ? 0 :
	    cs_date_to_days(as_of) - f.oldest_due);
	cs_report_row(t, (const char *[]){ "unpaid", cs_money_format(f.unpaid, b[0]) });
	cs_report_row(t, (const char *[]){ "overdue", cs_money_format(f.overdue, b[1]) });
	cs_report_row(t, (const char *[]){ "oldest_unpaid_invoice", f.oldest_id });
	cs_report_row(t, (const char *[]){ "oldest_unpaid_due", f.oldest_due == CS_NO_DAY ? NULL :
	    cs_day_format(f.oldest_due, d) });
	cs_report_row(t, (const char *[]){ "days_overdue", f.oldest_due == CS_NO_DAY ? NULL : days });
	cs_ledger_reader_close(r);
	return 0;
}

/*
 * The customer's latest 10 complaints opened by the as-of date, as
 * complaint_status has them (its step, owner, validity and close), each
 * closed one with the first visit on or after its close day, by the
 * as-of date, or "no".  ?1 the customer, ?2 the as-of date.
 */
static const char complaints_sql[] =
    "SELECT s.complaint_id, s.opened_on, s.category, s.channel, s.severity, s.subject,"
    " s.step, s.owner, CASE s.valid WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END, s.closed_on,"
    " CASE WHEN s.closed_on IS NOT NULL THEN coalesce((SELECT min(v.visited_on) FROM visits v"
    "   WHERE v.customer_id = s.customer_id AND v.visited_on >= s.closed_on"
    "   AND v.visited_on <= ?2), 'no') END"
    " FROM complaint_status s WHERE s.customer_id = ?1 AND s.opened_on <= ?2"
    " ORDER BY s.opened_on DESC, s.opened_at DESC, s.complaint_id DESC LIMIT 10";

/* Runs sql (parameters: 1 the id, 2 the as-of date) into a new table of the given columns. */
static int
listing(struct cs_db *db, struct cs_report *r, const char *name, const char *title,
    const char *const *cols, const char *sql, const char *id, const char *as_of)
{
	return cs_report_query(db, cs_report_add(r, name, title, cols), sql,
	    (const char *[]){ id, as_of }, 2);
}

int
cs_report_customer(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen)
{
	static const char *const card[] = { "field", "value", NULL };
	static const char *const visits[] = { "visited_on", "channel", "outcome", NULL };
	static const char *const complaints[] = { "complaint_id", "opened_on", "category",
		"channel", "severity:r", "subject", "step", "owner", "valid", "closed_on",
		"return_visit", NULL };
	static const char *const answers[] = { "answered_on", "survey", "item", "score:r", NULL };
	struct cs_report_table *t;
	char title[200], as_of[CS_DATE_BUFSZ];
	int found;

	cs_date_format(o->as_of, as_of);
	snprintf(title, sizeof title, "Customer card (客户资料卡) of %s", o->customer);
	t = cs_report_add(r, "customer", title, card);
	if ((found = profile(db, t, o->customer, o->reveal)) == 0) {
		snprintf(err, errlen, "no customer %s", o->customer);
		return CS_EXIT_DATA;
	}
	if (found < 0 || balance(db, t, o->customer, o->as_of) != 0 ||
	    cs_report_query(db, t, "WITH d AS (SELECT * FROM dunning_state WHERE customer_id = ?1"
	    " AND coalesce(stage_since, '') <= ?2)"
	    " SELECT 'dunning_stage', stage FROM d UNION ALL SELECT 'stage_since', stage_since FROM d"
	    " UNION ALL SELECT 'late_fee', " CS_SQL_YUAN("late_fee_cents") " FROM d"
	    " UNION ALL SELECT 'blacklisted', CASE blacklisted WHEN 1 THEN 'yes' ELSE 'no' END FROM d",
	    (const char *[]){ o->customer, as_of }, 2) != 0 ||
	    cs_report_query(db, t, "SELECT 'segment_' || s.model, s.label || ' (' || s.as_of || ')'"
	    " FROM segments s WHERE s.customer_id = ?1 AND s.as_of = (SELECT max(as_of)"
	    " FROM segments x WHERE x.customer_id = ?1 AND x.model = s.model AND x.as_of <= ?2)"
	    " ORDER BY s.model", (const char *[]){ o->customer, as_of }, 2) != 0 ||
	    listing(db, r, "customer_visits", "Visits (latest 10)", visits, "SELECT visited_on,"
	    " channel, outcome FROM visits WHERE customer_id = ?1 AND visited_on <= ?2"
	    " ORDER BY visited_on DESC,"
	    " visit_id DESC LIMIT 10", o->customer, as_of) != 0 ||
	    listing(db, r, "customer_complaints", "Complaints (latest 10)", complaints,
	    complaints_sql, o->customer, as_of) != 0 ||
	    listing(db, r, "customer_answers", "Survey answers (latest 20)", answers,
	    "SELECT answered_on, survey, item, score FROM responses WHERE customer_id = ?1"
	    " AND answered_on <= ?2"
	    " ORDER BY answered_on DESC, response_id DESC, item LIMIT 20", o->customer, as_of) != 0)
		return cs_db_fail(db, err, errlen);
	return CS_EXIT_OK;
}
