/*
 * cs_report_access.c - who saw what (cs-report access): the access_log
 * of the period, newest first, then the grants valid on the as-of date
 * and those expired by it.
 */
#include <stdio.h>

#include "cs_err.h"
#include "cs_i18n.h"
#include "cs_report.h"

/* The log rows of the days ?1..?2, newest first, with the customer's name and the grant's approver. */
static const char log_sql[] =
    "SELECT l.at, l.reader, l.program, l.customer_id, c.name, l.fields, l.outcome, l.grant_id,"
    " g.approved_by FROM access_log l LEFT JOIN customers c ON c.customer_id = l.customer_id"
    " LEFT JOIN access_grants g ON g.grant_id = l.grant_id"
    " WHERE substr(l.at, 1, 10) >= ?1 AND substr(l.at, 1, 10) <= ?2 ORDER BY l.seq DESC";

/* The grants valid on ?1 (valid = 1) or expired by it (valid = 0); ?2 is valid. */
static const char grants_sql[] =
    "SELECT grant_id, reader, coalesce(customer_id, '*'), level, approved_by, valid_from,"
    " valid_until, reason FROM access_grants"
    " WHERE CASE WHEN ?2 = '1' THEN valid_from <= ?1 AND valid_until >= ?1"
    " ELSE valid_until < ?1 END ORDER BY valid_until DESC, grant_id";

int
cs_report_access(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen)
{
	static const char *const log_cols[] = { "at", "reader", "program", "customer_id", "name",
		"fields", "outcome", "grant_id", "approved_by", NULL };
	static const char *const grant_cols[] = { "grant_id", "reader", "customer_id", "level",
		"approved_by", "valid_from", "valid_until", "reason", NULL };
	char from[CS_DATE_BUFSZ], to[CS_DATE_BUFSZ], as_of[CS_DATE_BUFSZ], title[400];

	cs_date_format(o->from, from);
	cs_date_format(o->to, to);
	cs_date_format(o->as_of, as_of);
	snprintf(title, sizeof title, _("Access log (查阅记录), %s to %s, newest first"), from, to);
	if (cs_report_query(db, cs_report_add(r, "access_log", title, log_cols), log_sql,
	    (const char *[]){ from, to }, 2) != 0 ||
	    cs_report_query(db, cs_report_add(r, "access_grants_valid",
	    _("Grants valid on the as-of date (有效的查阅批准)"), grant_cols), grants_sql,
	    (const char *[]){ as_of, "1" }, 2) != 0 ||
	    cs_report_query(db, cs_report_add(r, "access_grants_expired",
	    _("Grants expired (已过期的查阅批准)"), grant_cols), grants_sql,
	    (const char *[]){ as_of, "0" }, 2) != 0)
		return cs_db_fail(db, err, errlen);
	return CS_EXIT_OK;
}
