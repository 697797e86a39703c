/*
 * cs_report_records.c - the keeping of the customer file (cs-report
 * records): the records due for their quarterly re-check, the records
 * missing required fields, the monthly customer-information summary
 * from record_changes, and the new customers that matched a blacklisted
 * one at the door, their matched phone or number masked.
 */
#include <stdio.h>
#include <string.h>

#include "cs_door.h"
#include "cs_err.h"
#include "cs_i18n.h"
#include "cs_report.h"
#include "cs_text.h"

/*
 * The records due: never checked, or checked before the day ?2, the
 * as-of date ?1 less the access file's recheck_days (每季度重新核定);
 * closed records are retired.  Never checked first, then the oldest
 * check.
 */
#define DUE_SQL(days) "SELECT customer_id, name, manager, checked_on, checked_by, " days\
    " FROM customers WHERE status <> 'closed' AND (checked_on IS NULL "\
    " OR checked_on < ?2) "\
    " ORDER BY checked_on IS NOT NULL, checked_on, customer_id"
static const char due_sql[] = DUE_SQL("CAST(julianday(?1) - julianday(checked_on) AS INTEGER)");
static const char due_pg[] = DUE_SQL("CAST(?1 AS date) - CAST(checked_on AS date)");

/* A required field missing when the SQL text value x is NULL or blank. */
#define BLANK(x) "coalesce(trim(" x "), '') = ''"
/* A contact of the customer, with a condition c. */
#define CONTACT(c) "EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = c.customer_id" c ")"

/*
 * The open records missing what every customer needs (name, manager,
 * phone or a contact person), what an enterprise needs too (address,
 * industry, registration number) and what a strategic or key big
 * customer needs too (a decision maker among its contacts), its class
 * that of the latest bigcustomer snapshot on or before the as-of date ?1.
 * The common table expression class is cs_report_group_sql("class").
 */
static const char missing_sql[] =
    "m AS (SELECT c.customer_id, c.name, c.kind, cl.label AS class, c.manager,"
    " CASE WHEN " BLANK("c.name") " THEN ', name' ELSE '' END ||"
    " CASE WHEN " BLANK("c.manager") " THEN ', manager' ELSE '' END ||"
    " CASE WHEN " BLANK("c.phone") " AND NOT " CONTACT("") " THEN ', phone or contact'"
    "  ELSE '' END ||"
    " CASE WHEN c.kind = 'enterprise' AND " BLANK("c.address") " THEN ', address' ELSE '' END ||"
    " CASE WHEN c.kind = 'enterprise' AND " BLANK("c.industry") " THEN ', industry' ELSE ''"
    "  END ||"
    " CASE WHEN c.kind = 'enterprise' AND " BLANK("c.reg_no") " THEN ', reg_no' ELSE '' END ||"
    " CASE WHEN cl.label IN ('strategic', 'key') AND NOT " CONTACT(" AND k.decision_maker = 1")
    "  THEN ', decision maker' ELSE '' END AS missing"
    " FROM customers c JOIN class cl ON cl.customer_id = c.customer_id"
    " WHERE c.status <> 'closed')"
    " SELECT customer_id, name, kind, class, manager, substr(missing, 3) FROM m"
    " WHERE missing <> '' ORDER BY customer_id";

/* The kinds of change the monthly summary counts, as record_changes has them. */
static const char *const kinds[] = { "new", "changed", "checked", "closed", "purged" };
#define NKINDS 5
#define NMONTHS 12

/*
 * The monthly summary: for each of the 12 months up to the as-of date,
 * the customers (each once) with a change of each kind.  Returns 0, or
 * -1 on a database error.
 */
static int
monthly(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r)
{
	static const char *const cols[] = { "month", "new:r", "changed:r", "checked:r", "closed:r",
		"purged:r", NULL };
	struct cs_date first = cs_date_add_months(o->as_of, 1 - NMONTHS);
	char from[32], to[32], title[400], month[NMONTHS][CS_DATE_BUFSZ], num[NMONTHS][NKINDS][24];
	long count[NMONTHS][NKINDS] = { { 0 } };
	struct cs_report_table *t;
	struct cs_stmt *st;
	enum cs_step step;
	int m, k;

	first.day = 1;
	for (m = 0; m < NMONTHS; m++)
		cs_date_format(cs_date_add_months(first, m), month[m])[7] = '\0';
	snprintf(from, sizeof from, "%s-01 00:00:00", month[0]);
	cs_date_format(o->as_of, to);
	snprintf(title, sizeof title, _("Customer information by month (客户信息报告): customers"
	    " new, changed, checked, closed, purged, %s to %s"), month[0], to);
	snprintf(to + 10, sizeof to - 10, " 23:59:59");
	if ((st = cs_db_prepare(db, "SELECT substr(at, 1, 7), change, count(DISTINCT customer_id)"
	    " FROM record_changes WHERE at >= ?1 AND at <= ?2 GROUP BY 1, 2")) == NULL)
		return -1;
	cs_stmt_bind_str(st, 1, from);
	cs_stmt_bind_str(st, 2, to);
	while ((step = cs_stmt_step(st)) == CS_STEP_ROW) {
		for (m = 0; m < NMONTHS && strcmp(cs_stmt_text(st, 0), month[m]) != 0; m++)
			;
		for (k = 0; k < NKINDS && strcmp(cs_stmt_text(st, 1), kinds[k]) != 0; k++)
			;
		if (m < NMONTHS && k < NKINDS)
			count[m][k] = (long)cs_stmt_int64(st, 2);
	}
	cs_stmt_finalize(st);
	t = cs_report_add(r, "records_monthly", title, cols);
	for (m = 0; m < NMONTHS; m++) {
		for (k = 0; k < NKINDS; k++)
			snprintf(num[m][k], sizeof num[m][k], "%ld", count[m][k]);
		cs_report_row(t, (const char *[]){ month[m], num[m][0], num[m][1], num[m][2],
		    num[m][3], num[m][4] });
	}
	return step == CS_STEP_DONE ? 0 : -1;
}

/*
 * The door matches found by the end of the as-of date ?1, newest first,
 * with the new customer's name.  The matched customer is another one:
 * read by its id alone (matched_sql), not joined (no customer-to-customer
 * join: on Citus the two live on different shards).
 */
static const char door_sql[] =
    "SELECT d.at, d.customer_id, c.name, d.matched_id, d.match, d.file, d.line"
    " FROM door_matches d LEFT JOIN customers c ON c.customer_id = d.customer_id"
    " WHERE d.at <= CAST(?1 AS text) || ' 23:59:59'"
    " ORDER BY d.at DESC, d.customer_id, d.matched_id";

/* The matched customer ?1: its name, registration number and phone as stored. */
static const char matched_sql[] =
    "SELECT name, reg_no, phone FROM customers WHERE customer_id = ?1";

/* Column k of st's row, NULL for SQL NULL. */
static const char *
text_or_null(struct cs_stmt *st, int k)
{
	return cs_stmt_is_null(st, k) ? NULL : cs_stmt_text(st, k);
}

/*
 * Adds the door match of st's row to t, with the matched customer (the
 * lookup m) and its phone or registration number, as the match says,
 * masked (cs_door_shown).  Returns 0 or -1 on a database error.
 */
static int
door_row(struct cs_report_table *t, struct cs_stmt *st, struct cs_stmt *m)
{
	const char *f[9], *match = text_or_null(st, 4);
	char shown[128];
	int found = cs_report_lookup(m, text_or_null(st, 3));

	if (found < 0)
		return -1;
	f[0] = text_or_null(st, 0);
	f[1] = text_or_null(st, 1);
	f[2] = text_or_null(st, 2);
	f[3] = text_or_null(st, 3);
	f[4] = found ? text_or_null(m, 0) : NULL;
	f[5] = match;
	f[6] = !found ? NULL : text_or_null(m, match != NULL && strcmp(match, "reg-no") == 0 ? 1 : 2);
	f[6] = cs_door_shown(f[5], f[6], shown, sizeof shown);
	f[7] = text_or_null(st, 5);
	f[8] = text_or_null(st, 6);
	cs_report_row(t, f);
	return 0;
}

/* The door matches, the matched value masked (cs_door_shown); returns 0 or -1. */
static int
door(struct cs_db *db, const char *as_of, struct cs_report *r)
{
	static const char *const cols[] = { "at", "customer_id", "name", "matched_id",
		"matched_name", "match", "matched_value", "file", "line:r", NULL };
	struct cs_report_table *t = cs_report_add(r, "records_door_matches", _("New customers that"
	    " matched a blacklisted one at the door (黑名单), the matched phone or number masked"),
	    cols);
	struct cs_stmt *st = cs_db_prepare(db, door_sql), *m = cs_db_prepare(db, matched_sql);
	enum cs_step step = CS_STEP_ERROR;

	if (st != NULL && m != NULL && cs_stmt_bind_str(st, 1, as_of) == 0)
		while ((step = cs_stmt_step(st)) == CS_STEP_ROW && door_row(t, st, m) == 0)
			;
	cs_stmt_finalize(m);
	cs_stmt_finalize(st);
	return step == CS_STEP_DONE ? 0 : -1;
}

int
cs_report_records(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen)
{
	static const char *const due_cols[] = { "customer_id", "name", "manager", "checked_on",
		"checked_by", "days_since:r", NULL };
	static const char *const missing_cols[] = { "customer_id", "name", "kind", "class",
		"manager", "missing", NULL };
	int recheck = o->access != NULL ? o->access->conf.recheck_days : CS_RECHECK_DAYS;
	char as_of[CS_DATE_BUFSZ], due[CS_DATE_BUFSZ], title[400];
	struct cs_buf sql = { NULL, 0, 0 };
	int rc;

	cs_date_format(o->as_of, as_of);
	cs_day_format(cs_date_to_days(o->as_of) - recheck, due);
	snprintf(title, sizeof title, _("Records due for their quarterly re-check (每季度重新核定):"
	    " never checked, or more than %d days before %s"), recheck, as_of);
	cs_buf_printf(&sql, "WITH class (customer_id, label) AS (%s), %s",
	    cs_report_group_sql("class"), missing_sql);
	rc = cs_report_query(db, cs_report_add(r, "records_due", title, due_cols),
	    cs_db_sql(db, due_sql, due_pg),
	    (const char *[]){ as_of, due }, 2) != 0 ||
	    cs_report_query(db, cs_report_add(r, "records_incomplete", _("Records missing required"
	    " fields (every one: name, manager, phone or a contact; enterprises: address,"
	    " industry, reg_no; strategic and key: a decision maker)"), missing_cols),
	    sql.data, (const char *[]){ as_of }, 1) != 0 ||
	    monthly(db, o, r) != 0 || door(db, as_of, r) != 0;
	cs_buf_free(&sql);
	return rc ? cs_db_fail(db, err, errlen) : CS_EXIT_OK;
}
