/*
 * cs_report.h - the management reports of cs-report(1): each report
 * makes one or more titled tables of text fields; the tables are then
 * written as aligned text, CSV, JSON or one self-contained HTML page
 * with SVG charts.
 */
#ifndef CS_REPORT_H
#define CS_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cs_access.h"
#include "cs_complaint_rules.h"
#include "cs_db.h"
#include "cs_metrics.h"
#include "cs_print.h"
#include "cs_progress.h"
#include "cs_survey_def.h"
#include "cs_value.h"

#define CS_REPORT_MAXCOLS 16

/* How a table is drawn in HTML. */
enum cs_chart { CS_CHART_NONE, CS_CHART_BARS, CS_CHART_LINE };

/* One titled table of a report. */
struct cs_report_table {
	char name[48];			/* machine name, e.g. aging_by_bucket */
	char title[400];		/* for people, in the messages' language */
	const char *columns[CS_REPORT_MAXCOLS];
	char align[CS_REPORT_MAXCOLS + 1];	/* per column: r numeric, l text */
	struct cs_text_rows rows;
	enum cs_chart chart;		/* HTML: drawn from label and value columns */
	int chart_label, chart_value;
	int chart_filter;		/* only rows whose this column is chart_match, or -1 */
	char chart_match[48];
	char chart_title[256];
};

/* The tables of a run of cs-report. */
struct cs_report {
	struct cs_report_table *t;
	size_t n;
	char as_of[CS_DATETIME_BUFSZ];	/* the date, or the date and time, of --as-of */
	void *cache;			/* what one report computed for another */
	void (*cache_free)(void *);
};

/* What the reports take from the command line. */
struct cs_report_opts {
	struct cs_date as_of;
	int64_t moment;			/* complaints, complaints-open: the moment of the as-of
					   date (seconds of the wall clock, cs_datetime_parse) */
	const struct cs_complaint_rules *rules;	/* complaints, complaints-open */
	const char *by;			/* aging, complaints, top: a customer column or class;
					   satisfaction: as cs-survey score takes */
	long bucket[8];			/* aging: upper bounds of the overdue buckets, days */
	int nbuckets;
	int months;			/* collection: months shown (12) */
	const char *compare;		/* segments: the earlier snapshot date, or NULL */
	struct cs_date from, to;	/* complaints, access: the period */
	long sla;			/* complaints: days to close (1) */
	int top;			/* top: how many (50) */
	struct cs_window window;	/* top: the periods' length, months or days (12
					   months); its as_of is not used */
	struct cs_date base_to;		/* top: the end of the base period */
	int bands[2];			/* top: a fall of more than bands[0] basis points is
					   flagged, of more than bands[1] serious (1000, 2000) */
	const struct cs_survey_def *survey;	/* satisfaction: the survey definition */
	const char *customer;		/* customer: the id */
	struct cs_progress progress;	/* told how far the ledger pass is */
	struct cs_access *access;	/* customer: who reads the card (cs_shown_field) */
};

/*
 * Adds an empty table to r with name, title and columns (NULL
 * terminated, each "name" or "name:r" for a numeric column); returns it.
 */
struct cs_report_table *cs_report_add(struct cs_report *r, const char *name, const char *title,
    const char *const *columns);

/* Adds a row to t: as many fields as it has columns (NULL: empty). */
void cs_report_row(struct cs_report_table *t, const char *const *f);

/*
 * Runs sql with text parameters v[0..nv) and adds each result row (as
 * many columns as t has) to t.  Returns 0, or -1 on a database error.
 */
int cs_report_query(struct cs_db *db, struct cs_report_table *t, const char *sql,
    const char *const *v, int nv);

/*
 * Runs st, a lookup of one row by its parameter ?1, afresh for id (the
 * way a report reads another customer than the row's: by customer_id
 * in a statement of its own, never by a join of a customer to another,
 * which would cross shards on Citus).  Returns 1 with st on its row
 * (its columns readable until the next lookup or cs_stmt_finalize), 0
 * when id is NULL or no row has it, -1 on a database error.
 */
int cs_report_lookup(struct cs_stmt *st, const char *id);

/*
 * Returns the SQL that gives every customer its group for --by, as rows
 * (customer_id, label): its region, manager, kind or industry in
 * customers, or its class, the label of its latest bigcustomer snapshot
 * on or before the as-of date bound to ?1; "" when it has none.  by NULL
 * puts every customer in group "all".  Returns NULL when by names no
 * such group.  The SQL is a constant, to be used as a common table
 * expression.
 */
const char *cs_report_group_sql(const char *by);

/*
 * Checks that report (its name, for the message) can group by by:
 * returns CS_EXIT_OK, or CS_EXIT_USAGE with "--by: the REPORT report
 * groups by region, manager, kind, industry or class, not BY" in err.
 */
int cs_report_group_check(const char *report, const char *by, char *err, size_t errlen);

/*
 * Returns where label comes among the groups of --by: for class, the
 * place of a big-customer class in its order (strategic, key, group,
 * high-value, regular); SIZE_MAX for no class and for the other groups,
 * which come in byte order after those that have a place.
 */
size_t cs_report_group_place(const char *by, const char *label);

/* Frees every table. */
void cs_report_free(struct cs_report *r);

/* Formats num / den as a percentage with 2 decimals into buf, or "" when den is 0. */
const char *cs_report_pct(int64_t num, int64_t den, char buf[32]);

/* The reports; each returns a CS_EXIT_* status, with a message in err. */
int cs_report_aging(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen);
int cs_report_collection(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen);
int cs_report_segments(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen);
int cs_report_satisfaction(struct cs_db *db, const struct cs_report_opts *o,
    struct cs_report *r, char *err, size_t errlen);
int cs_report_complaints(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen);
int cs_report_complaints_open(struct cs_db *db, const struct cs_report_opts *o,
    struct cs_report *r, char *err, size_t errlen);
int cs_report_top(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen);
int cs_report_customer(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen);
int cs_report_access(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen);
int cs_report_records(struct cs_db *db, const struct cs_report_opts *o, struct cs_report *r,
    char *err, size_t errlen);

/* Output formats. */
enum cs_report_format { CS_REPORT_TEXT, CS_REPORT_CSV, CS_REPORT_JSON, CS_REPORT_HTML };

/*
 * Writes the report to fp in format; excel makes CSV safe for
 * spreadsheets (a UTF-8 BOM, and cells that start with = + - @ tab or
 * carriage return, unless they are plain numbers, made text with a
 * leading quote); header_zh gives CSV the columns' Chinese labels.
 * Text and HTML are in the messages' language: titles, column labels
 * and the words of the cells (cs_label, cs_label_cell).  Returns 0, or
 * -1 when writing failed.
 */
int cs_report_write(FILE *fp, const struct cs_report *r, enum cs_report_format format, int excel,
    int header_zh);

/* Writes the HTML page (cs_report_html.c); returns 0 or -1. */
int cs_report_write_html(FILE *fp, const struct cs_report *r);

/*
 * Returns the field v of column col of t as people read it: a number
 * in a numeric column with thousands separators (1,234,567.89, written
 * into buf), anything else as it is.
 */
const char *cs_report_cell(const struct cs_report_table *t, size_t col, const char *v,
    char buf[64]);

/*
 * SQL that formats integer cents x as yuan text with two decimals,
 * exactly, on both backends (no substr with a negative start: PostgreSQL
 * reads it otherwise).
 */
#define CS_SQL_YUAN(x) "(CASE WHEN " x " < 0 THEN '-' ELSE '' END || (abs(" x ") / 100) ||" \
	" '.' || CASE WHEN abs(" x ") % 100 < 10 THEN '0' ELSE '' END || (abs(" x ") % 100))"



#endif
