/*
 * cs_report_card.c - one customer's card (客户资料卡): profile, balance
 * and dunning stage, segments, organisation and level, contacts,
 * visits, complaints and survey answers; every field with a level
 * shown only as the reader's access allows (cs_shown_field).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_access.h"
#include "cs_dunning.h"
#include "cs_err.h"
#include "cs_ledger_db.h"
#include "cs_i18n.h"
#include "cs_report.h"
#include "cs_shown.h"
#include "cs_survey_def.h"
#include "cs_text.h"

/* The columns the profile selects after the customers columns: the level, the parent's id. */
static const char profile_more[] = ", " CS_ACCESS_LEVEL_SQL("c") ", c.parent_id";

/*
 * Writes the customer's level as the card shows it into buf: its own
 * ("confidential"), or the file's for its class ("confidential
 * (default of class key)"), else the file's default ("secret
 * (default)"); spec is the text of CS_ACCESS_LEVEL_SQL.
 */
static const char *
level_text(const struct cs_access *a, const char *spec, char *buf, size_t len)
{
	int level = a != NULL ? cs_access_customer_level(&a->conf, spec) : -1;

	if (level < 0 || (spec != NULL && strncmp(spec, "class:", 6) != 0))
		return spec;
	if (spec != NULL && cs_access_class_level(&a->conf, spec + 6) >= 0)
		snprintf(buf, len, "%s (default of class %s)", cs_level_names[level], spec + 6);
	else
		snprintf(buf, len, "%s (default)", cs_level_names[level]);
	return buf;
}

/*
 * Looks up the customer id's group, parent the id of its parent (NULL:
 * none): into group[0] the parent's name (NULL when it has none or it
 * is unknown), into group[1] the group's size, its head and members
 * (NULL when the group has no members); free both.  Each is a statement
 * of its own on customers, by customer_id or parent_id alone: no join
 * of a customer to another (on Citus, other shards).  Returns 0 or -1.
 */
static int
group_lookup(struct cs_db *db, const char *id, const char *parent, char *group[2])
{
	static const char *const sql[2] = {
		"SELECT name FROM customers WHERE customer_id = ?1",
		"SELECT nullif(count(*), 0) + 1 FROM customers WHERE parent_id = ?1",
	};
	const char *arg[2] = { parent, parent != NULL ? parent : id };
	int k, found = 0;

	for (k = 0; k < 2 && found >= 0; k++) {
		struct cs_stmt *st = cs_db_prepare(db, sql[k]);

		found = st != NULL ? cs_report_lookup(st, arg[k]) : -1;
		if (found == 1 && !cs_stmt_is_null(st, 0))
			group[k] = cs_xstrdup(cs_stmt_text(st, 0));
		cs_stmt_finalize(st);
	}
	return found < 0 ? -1 : 0;
}

/*
 * Adds the profile's rows from the current row of st (the customers
 * columns of c, then profile_more): each column as shown to the reader
 * (cs_shown_field), the level as level_text has it, the parent's name
 * and the group's size (group, of group_lookup) after the parent.  Sets
 * who's level.
 */
static void
profile_rows(struct cs_report_table *t, struct cs_stmt *st, const struct cs_table *c,
    struct cs_access *a, struct cs_shown_of *who, char *const group[2])
{
	const char *level = cs_stmt_is_null(st, c->ncols) ? NULL : cs_stmt_text(st, c->ncols);
	char buf[256];
	int k;

	who->level = a != NULL ? cs_access_customer_level(&a->conf, level) : CS_LEVEL_NONE;
	for (k = 0; k < c->ncols; k++) {
		const char *raw = cs_stmt_is_null(st, k) ? NULL : cs_stmt_text(st, k);

		if (strcmp(c->cols[k].name, "level") == 0)
			raw = level_text(a, level, buf, sizeof buf);
		else
			raw = cs_shown_field(a, *who, &c->cols[k], raw, buf, sizeof buf);
		cs_report_row(t, (const char *[]){ c->cols[k].name, raw });
		if (strcmp(c->cols[k].name, "parent_id") == 0) {
			cs_report_row(t, (const char *[]){ "parent_name", group[0] });
			cs_report_row(t, (const char *[]){ "group_members", group[1] });
		}
	}
}

/*
 * The profile: the customers row, each column as shown (cs_shown.h),
 * with the level, the parent's name and the group's size.  Sets who's
 * level.  Returns 1 when found, 0 when not, -1 on error.
 */
static int
profile(struct cs_db *db, struct cs_report_table *t, struct cs_access *a, struct cs_shown_of *who)
{
	const struct cs_table *c = cs_table_find("customers");
	struct cs_buf sql = { 0 };
	struct cs_stmt *st;
	char *group[2] = { NULL, NULL };
	enum cs_step step;
	int k;

	cs_buf_puts(&sql, "SELECT ");	/* every column, by the table's definition */
	for (k = 0; k < c->ncols; k++)
		cs_buf_printf(&sql, "%sc.%s", k ? ", " : "", c->cols[k].dbname);
	cs_buf_printf(&sql, "%s FROM customers c WHERE c.customer_id = ?1", profile_more);
	st = cs_db_prepare(db, sql.data);
	cs_buf_free(&sql);
	if (st == NULL)
		return -1;
	cs_stmt_bind_str(st, 1, who->id);
	if ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		if (group_lookup(db, who->id, cs_stmt_is_null(st, c->ncols + 1) ? NULL :
		    cs_stmt_text(st, c->ncols + 1), group) == 0)
			profile_rows(t, st, c, a, who, group);
		else
			step = CS_STEP_ERROR;
	}
	free(group[0]);
	free(group[1]);
	cs_stmt_finalize(st);
	return step == CS_STEP_ROW ? 1 : step == CS_STEP_DONE ? 0 : -1;
}

/*
 * The contacts table: the customer's contact persons, decision makers
 * first, name, phone and email as shown (cs_shown_contact).  Returns 0
 * or -1 on a database error.
 */
static int
contacts(struct cs_db *db, struct cs_report *r, struct cs_access *a, struct cs_shown_of who)
{
	static const char *const cols[] = { "contact_id", "name", "role", "decision_maker",
		"phone", "email", NULL };
	static const char *const shown_as[] = { NULL, "name", NULL, NULL, "phone", "email" };
	struct cs_report_table *t = cs_report_add(r, "customer_contacts",
	    _("Contacts (联系人, 关键决策人)"), cols);
	struct cs_stmt *st = cs_db_prepare(db, "SELECT contact_id, name, role,"
	    " CASE decision_maker WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END, phone, email"
	    " FROM contacts WHERE customer_id = ?1"
	    " ORDER BY CASE WHEN decision_maker = 1 THEN 0 ELSE 1 END, contact_id");
	char buf[6][256];
	const char *f[6];
	enum cs_step step = CS_STEP_ERROR;
	int k;

	if (st != NULL && cs_stmt_bind_str(st, 1, who.id) == 0)
		while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
			for (k = 0; k < 6; k++) {
				f[k] = cs_stmt_is_null(st, k) ? NULL : cs_stmt_text(st, k);
				if (shown_as[k] != NULL)
					f[k] = cs_shown_contact(a, who, shown_as[k], f[k], buf[k],
					    sizeof buf[k]);
			}
			cs_report_row(t, f);
		}
	cs_stmt_finalize(st);
	return step == CS_STEP_DONE ? 0 : -1;
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

/* A customer's latest 20 answers, the score written as score_text (as SQLite writes a REAL). */
#define ANSWERS_SQL(score_text) "SELECT answered_on, survey, item, " score_text " FROM responses "\
    " WHERE customer_id = ?1 AND answered_on <= ?2 "\
    " ORDER BY answered_on DESC, response_id DESC, item LIMIT 20"

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
	struct cs_shown_of who = { o->customer, CS_LEVEL_NONE };
	char title[400], as_of[CS_DATE_BUFSZ];
	int found;

	cs_date_format(o->as_of, as_of);
	snprintf(title, sizeof title, _("Customer card (客户资料卡) of %s"), o->customer);
	t = cs_report_add(r, "customer", title, card);
	if ((found = cs_utf8_valid(o->customer) ? profile(db, t, o->access, &who) : 0) == 0) {
		snprintf(err, errlen, _("no customer %s"), o->customer);
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
	    contacts(db, r, o->access, who) != 0 ||
	    listing(db, r, "customer_visits", _("Visits (latest 10)"), visits, "SELECT visited_on,"
	    " channel, outcome FROM visits WHERE customer_id = ?1 AND visited_on <= ?2"
	    " ORDER BY visited_on DESC,"
	    " visit_id DESC LIMIT 10", o->customer, as_of) != 0 ||
	    listing(db, r, "customer_complaints", _("Complaints (latest 10)"), complaints,
	    complaints_sql, o->customer, as_of) != 0 ||
	    listing(db, r, "customer_answers", _("Survey answers (latest 20)"), answers,
	    cs_db_sql(db, ANSWERS_SQL("score"), ANSWERS_SQL(CS_SQL_PG_SCORE("score"))),
	    o->customer, as_of) != 0)
		return cs_db_fail(db, err, errlen);
	return CS_EXIT_OK;
}
