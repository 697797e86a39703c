/*
 * cs_door.h - the blacklist at the door: a new customer whose name and
 * phone, or whose registration number, equal those of a blacklisted
 * customer (customers.status 'blacklisted' or dunning_state.blacklisted
 * 1) is flagged (杜绝黑名单客户在系统内游动).  The blacklist is read
 * once into memory; each new row is then looked up without a query.
 * Names are compared trimmed, phones by their digits only (full-width
 * digits read as ASCII ones), registration numbers trimmed with ASCII
 * letters upper-cased.  cs-import(1) calls it; cs-data(5) documents
 * door_matches.
 */
#ifndef CS_DOOR_H
#define CS_DOOR_H

#include <stddef.h>

#include "cs_db.h"
#include "cs_table.h"

struct cs_door;

/* The most blacklisted customers one new customer is reported to match. */
#define CS_DOOR_MAX_MATCHES 8

/* A blacklisted customer that a new customer matches. */
struct cs_door_match {
	const char *matched_id;		/* the blacklisted customer (owned by the door) */
	const char *how;		/* "name-phone" or "reg-no", as door_matches.match */
	const char *value;		/* the blacklisted customer's phone or reg_no as stored */
};

/* Returns an empty blacklist; free it with cs_door_free. */
struct cs_door *cs_door_new(void);

/*
 * Adds a blacklisted customer: its id, name, phone and reg_no (each
 * NULL when it has none).  Copies what it keeps.
 */
void cs_door_add(struct cs_door *d, const char *id, const char *name, const char *phone,
    const char *reg_no);

/*
 * Reads the blacklisted customers of db into a new blacklist.  Returns
 * it, or NULL on a database error (see cs_db_errmsg).
 */
struct cs_door *cs_door_load(struct cs_db *db);

/* Returns how many blacklisted customers d holds. */
size_t cs_door_size(const struct cs_door *d);

/*
 * Finds the blacklisted customers that a customer with name, phone and
 * reg_no (s and length each; NULL or length 0 when missing) matches:
 * fills m[0..max) with each one once, a match by name and phone before
 * one by registration number, and returns how many.  A customer
 * matches only with a name and a phone of at least one digit, or with
 * a registration number.
 */
int cs_door_find(struct cs_door *d, const char *name, size_t nlen, const char *phone,
    size_t plen, const char *reg_no, size_t rlen, struct cs_door_match *m, int max);

/*
 * Returns the value of a match as it may be shown: a phone or
 * registration number masked as cs_shown.h masks it.  raw NULL is "".
 */
const char *cs_door_shown(const char *how, const char *raw, char *buf, size_t len);

/*
 * Writes that new customer id matched m, found in file at line (0: not
 * known), into door_matches at the wall clock, once per pair of
 * customers.  Returns 0, or -1 on a database error.
 */
int cs_door_record(struct cs_db *db, const char *id, const struct cs_door_match *m,
    const char *file, long line);

/* Frees d; NULL is allowed. */
void cs_door_free(struct cs_door *d);

#endif
