/*
 * cs_shown.h - customer data as the programs show it: the customers
 * columns a program may add to its rows (--with), each value formatted
 * as its column reads (money in yuan) and, for a field with a level
 * (cs-access(5): phone, email, address, reg_no, credit_limit,
 * yearly_sales, special_terms, the contacts), masked unless the one
 * decision of cs_access_decide shows it.  Every program shows customer
 * data through here.
 */
#ifndef CS_SHOWN_H
#define CS_SHOWN_H

#include <stddef.h>

#include "cs_access.h"
#include "cs_table.h"
#include "cs_text.h"

/* The most columns --with may name. */
#define CS_WITH_MAX 16

/* Columns of the customers table chosen with --with. */
struct cs_with {
	const struct cs_column *col[CS_WITH_MAX];
	int n;
};

/*
 * Parses a comma-separated list of customers columns ("manager,phone")
 * into *w.  Returns NULL, or what is wrong ("unknown column x (expected
 * ...)") in buf.
 */
const char *cs_with_parse(const char *list, struct cs_with *w, char *buf, size_t len);

/* Returns nonzero when the customers column named column has a level (cs_field_find). */
int cs_shown_is_personal(const char *column);

/*
 * Returns the value of customers column c as shown: money in yuan with
 * two decimals, a field with a level masked unless shown (a phone keeps
 * its first 3 and last 4 characters, an email its first character and
 * its domain, a name its first character then "**", money and other
 * text "***"), NULL as "".  raw is the stored text; buf receives what
 * is made.  Only cs_shown_field and cs_shown_contact pass shown = 1,
 * as cs_access_decide says; anyone else passes 0.
 */
const char *cs_shown_value(const struct cs_column *c, const char *raw, int shown, char *buf,
    size_t len);

/* The customer whose data is shown: its id and level (cs_access_customer_level). */
struct cs_shown_of {
	const char *id;
	int level;
};

/*
 * Returns customers column c of customer who as shown to the reader of
 * a (NULL: nobody asked to see): formatted, and masked unless
 * cs_access_decide shows it; an empty value is "" and decides nothing.
 */
const char *cs_shown_field(struct cs_access *a, struct cs_shown_of who, const struct cs_column *c,
    const char *raw, char *buf, size_t len);

/*
 * Returns column what ("name", "phone" or "email") of a contact person
 * of customer who as shown (the contacts field's level), as
 * cs_shown_field does.
 */
const char *cs_shown_contact(struct cs_access *a, struct cs_shown_of who, const char *what,
    const char *raw, char *buf, size_t len);

/*
 * Sets h[0..w->n) to the names of the --with columns and, unless align
 * is NULL, align[0..w->n) to 'r' for money and 'l' for the rest, then
 * align[w->n] to NUL.
 */
void cs_with_header(const struct cs_with *w, const char **h, char *align);

/* How many values a --with row has: the columns, then the customer's level (CS_ACCESS_LEVEL_SQL). */
#define CS_WITH_VALUES(w) ((w)->n + 1)

/*
 * Appends the --with columns of customers aliased c, then its level
 * (CS_ACCESS_LEVEL_SQL), to a SELECT list: ", c.x, c.y, ...".
 */
void cs_with_select(struct cs_buf *sql, const struct cs_with *w);

/*
 * Sets out[0..w->n) to the --with values raw[0..CS_WITH_VALUES(w)) of
 * customer id as shown to the reader of a (cs_shown_field), made in
 * buf[k].
 */
void cs_shown_with(struct cs_access *a, const struct cs_with *w, const char *id,
    const char *const *raw, const char **out, char (*buf)[256]);

#endif
