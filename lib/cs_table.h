/*
 * cs_table.h - the input tables of the data contract as data: their
 * columns, value types, keys and references, and the validation of
 * one field against its column.
 */
#ifndef CS_TABLE_H
#define CS_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "cs_value.h"

enum cs_coltype {
	CS_COL_ID,		/* opaque id, 1-64 characters, no controls */
	CS_COL_TEXT,		/* free text, trimmed */
	CS_COL_EMAIL,		/* text with one @ and no spaces */
	CS_COL_DATE,		/* stored YYYY-MM-DD */
	CS_COL_DATETIME,	/* date and time of day, stored YYYY-MM-DD HH:MM:SS */
	CS_COL_PERIOD,		/* stored YYYY-MM */
	CS_COL_MONEY,		/* integer cents, any sign */
	CS_COL_MONEY_POSITIVE,	/* integer cents > 0 */
	CS_COL_MONEY_NONNEG,	/* integer cents >= 0 */
	CS_COL_ENUM,		/* one of values[], stored lowercase */
	CS_COL_OPEN_ENUM,	/* values[] canonicalized, other text kept */
	CS_COL_BOOL,		/* stored 1/0 */
	CS_COL_SEVERITY,	/* whole number 1-3 */
	CS_COL_COUNT,		/* whole number 0-2000000000 */
	CS_COL_NUMBER		/* decimal number */
};

struct cs_column {
	const char *name;		/* CSV header name */
	const char *dbname;		/* column in the database */
	enum cs_coltype type;
	int required;
	int key;			/* part of the table's key */
	const char *const *values;	/* for the enum types, NULL-terminated */
	const char *if_empty;		/* stored when the field is empty */
	const char *const *aliases;	/* enum types: pairs of another word and its value
					   (企业, enterprise, ...), NULL-terminated */
};

/* Two date columns where the second may not be earlier than the first. */
struct cs_date_order {
	int before, after;		/* column indexes */
};

struct cs_table {
	const char *name;
	const struct cs_column *cols;
	int ncols;
	int customer_ref;		/* column naming a customer, or -1 */
	int invoice_ref;		/* column naming an invoice, or -1 */
	int complaint_ref;		/* column naming a complaint, or -1 */
	struct cs_date_order order;	/* before = -1 when none */
};

/* A validated value, ready to bind. */
struct cs_value {
	enum { CS_VAL_NULL, CS_VAL_INT, CS_VAL_REAL, CS_VAL_TEXT } kind;
	int64_t i;
	double d;
	const char *s;			/* CS_VAL_TEXT: points into the field or buf */
	size_t len;
	char buf[CS_DATETIME_BUFSZ];	/* canonical date, period or date and time */
};

/* Returns nonzero when the column holds money (integer cents). */
int cs_column_is_money(const struct cs_column *c);

/* Returns the table named name, or NULL. */
const struct cs_table *cs_table_find(const char *name);

/* Returns the table at index i (0-based), or NULL past the last. */
const struct cs_table *cs_table_at(int i);

/* Returns the index of the column whose name equals s[0..len) (ASCII case ignored), or -1. */
int cs_table_column(const struct cs_table *t, const char *s, size_t len);

/*
 * Returns the column that s[0..len) names under another name, the
 * column names of Chinese billing and CRM exports (cs_alias.c,
 * cs-data(5)): compared exactly, ASCII case ignored.  Returns -1 when
 * it is none of them.
 */
int cs_table_alias(const struct cs_table *t, const char *s, size_t len);

/*
 * Returns the i-th (0-based) other name of a column of t and sets
 * *column to the column's name; NULL past the last.
 */
const char *cs_table_alias_at(const struct cs_table *t, int i, const char **column);

/*
 * Validates field s[0..len) (null when empty and unquoted) against the
 * column and fills *v.  Surrounding white space is trimmed; an empty
 * field counts as missing.  Returns NULL, or a reason naming what was
 * expected.  v may point into s.
 */
const char *cs_column_parse(const struct cs_column *c, const char *s,
    size_t len, int null, struct cs_value *v);

#endif
