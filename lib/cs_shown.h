/*
 * cs_shown.h - customer data as the programs show it: the customers
 * columns a program may add to its rows (--with), each value formatted
 * as its column reads (money in yuan) and, for personal data (phone,
 * email, registration number), masked unless the reader asked to see it.  One place decides
 * what is masked and how, for every program.
 */
#ifndef CS_SHOWN_H
#define CS_SHOWN_H

#include <stddef.h>

#include "cs_table.h"

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

/*
 * Returns nonzero when the customers column named column holds personal
 * data (phone, email, reg_no).
 */
int cs_shown_is_personal(const char *column);

/*
 * Returns the value of customers column c as shown: money in yuan with
 * two decimals, personal data masked unless reveal (a phone keeps its
 * first 3 and last 4 characters, an email its first character and its
 * domain, other text is "***"), NULL as "".  raw is the stored text; buf receives what is
 * made.
 */
const char *cs_shown_value(const struct cs_column *c, const char *raw, int reveal, char *buf,
    size_t len);

#endif
