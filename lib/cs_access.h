/*
 * cs_access.h - who may see which customer data (cs-access(5)): the
 * levels of the fields and of the customers, the reader's clearance by
 * login name and groups, the grants valid today, the one decision
 * whether a field of a customer is shown or masked, and the record of
 * what a run revealed or refused (access_log).
 */
#ifndef CS_ACCESS_H
#define CS_ACCESS_H

#include <stddef.h>

#include "cs_db.h"
#include "cs_value.h"

/* The secrecy levels, lowest first. */
enum cs_level { CS_LEVEL_NONE, CS_LEVEL_SECRET, CS_LEVEL_CONFIDENTIAL, CS_LEVEL_TOP_SECRET,
	CS_NLEVELS };

/* "none", "secret", "confidential", "top-secret". */
extern const char *const cs_level_names[CS_NLEVELS + 1];

/* Returns the level named s (English, or 秘密 机密 绝密), or -1. */
int cs_level_parse(const char *s);

/* The fields with a level, in the order of the customers columns (contacts last). */
enum cs_access_field { CS_FIELD_PHONE, CS_FIELD_EMAIL, CS_FIELD_CREDIT_LIMIT, CS_FIELD_REG_NO,
	CS_FIELD_ADDRESS, CS_FIELD_YEARLY_SALES, CS_FIELD_SPECIAL_TERMS, CS_FIELD_CONTACTS,
	CS_NFIELDS };

/* Their names in the access file and the log: phone, email, credit_limit, ... */
extern const char *const cs_field_names[CS_NFIELDS + 1];

/* Returns the field of the customers column named column, or -1 when it has no level. */
int cs_field_find(const char *column);

/* A name (login, @group or *) or class and its level. */
struct cs_access_entry {
	char who[64];
	int level;
};

#define CS_ACCESS_MAX_ENTRIES 64

/* The access file, read. */
/* The days a record's check holds when no access file is read (the built-in file's). */
#define CS_RECHECK_DAYS 90

struct cs_access_conf {
	int field[CS_NFIELDS];		/* [fields] */
	struct cs_access_entry classes[16];	/* [customers], by big-customer class */
	int nclasses;
	int default_level;		/* [customers] default */
	struct cs_access_entry readers[CS_ACCESS_MAX_ENTRIES];	/* [readers] */
	int nreaders;
	struct cs_access_entry approvers[CS_ACCESS_MAX_ENTRIES];	/* [approvers] */
	int napprovers;
	char data_dir[1024];		/* [settings] data_dir, "" when not set */
	int recheck_days;		/* [settings] recheck_days: a check holds this long */
};

/* The built-in access file (etc/cs-access.conf, compiled in). */
extern const char cs_access_default[];

/*
 * Reads the access file text (name for messages) into *c, on top of
 * the built-in file's levels of fields and classes and its data_dir
 * (not its readers or approvers) unless text is cs_access_default
 * itself.  Returns 0, or -1 with "name:line: what" in err.
 */
int cs_access_conf_parse(const char *name, const char *text, struct cs_access_conf *c,
    char *err, size_t errlen);

/*
 * Reads the access file at path, or the built-in one when path is NULL,
 * into *c.  Returns 0, or -1 with a message in err and *io set when the
 * file could not be read (0 when it is wrong).
 */
int cs_access_conf_load(const char *path, struct cs_access_conf *c, int *io, char *err,
    size_t errlen);

/* Who runs the program: the login name of the real user id and its groups' names. */
struct cs_reader {
	char login[64];
	char groups[64][64];
	int ngroups;
};

/*
 * Fills *r from the real user id (getpwuid(getuid())) and its groups
 * (getgrouplist, group names).  Returns 0, or -1 with a message in err
 * when the user has no name.
 */
int cs_reader_self(struct cs_reader *r, char *err, size_t errlen);

/*
 * Returns the highest level of the entries e[0..n) that name r: its
 * login, "@" and one of its groups, or "*"; -1 when none does.
 */
int cs_access_entry_level(const struct cs_access_entry *e, int n, const struct cs_reader *r);

/* A grant of the reader valid today (access_grants). */
struct cs_grant {
	char id[65];
	char customer[65];		/* "" for every customer */
	int level;
};

struct cs_access_seen;

/* What a run may show: the file, the reader, the grants, and what it revealed or refused. */
struct cs_access {
	struct cs_access_conf conf;
	struct cs_reader reader;
	int clearance;			/* the reader's, CS_LEVEL_NONE when the file names none */
	int reveal;			/* the reader asked to see (--reveal) */
	const char *program;		/* for the log */
	char today[CS_DATE_BUFSZ];	/* the real clock's day, the grants' */
	struct cs_grant *grants;
	size_t ngrants;
	struct cs_access_seen *seen;	/* what the decisions said, for the log */
	size_t nseen, capseen;
};

/*
 * Begins a run's access on db for the reader: a->conf must be read.
 * Sets the reader (cs_reader_self), its clearance, today by the real
 * clock, and, when reveal, the reader's grants valid today.  Returns
 * 0, or -1 with a message in err (a user without a login name is an
 * error only when reveal).  End with cs_access_end.
 */
int cs_access_begin(struct cs_access *a, struct cs_db *db, const char *program, int reveal,
    char *err, size_t errlen);

/*
 * SQL giving the level of the customer of table alias t: its own level
 * name, "class:LABEL" from the latest bigcustomer snapshot, or NULL.
 * Read it with cs_access_customer_level.
 */
#define CS_ACCESS_LEVEL_SQL(t) "coalesce(" t ".level, 'class:' || (SELECT s.label" \
	" FROM segments s WHERE s.model = 'bigcustomer' AND s.customer_id = " t ".customer_id" \
	" AND s.as_of = (SELECT max(as_of) FROM segments WHERE model = 'bigcustomer')))"

/* Returns the level [customers] gives big-customer class name, or -1 when it names none. */
int cs_access_class_level(const struct cs_access_conf *c, const char *name);

/*
 * Returns the customer's level from spec, the text of
 * CS_ACCESS_LEVEL_SQL (NULL: the file's default), by the file c.
 */
int cs_access_customer_level(const struct cs_access_conf *c, const char *spec);

/*
 * THE decision: returns nonzero when field f of the customer (its id
 * and level) is shown to the reader of a, 0 when it is masked.  a NULL,
 * or a reader who did not ask (--reveal), sees it masked and nothing is
 * recorded; else it is shown when the reader's clearance reaches the
 * higher of the field's and the customer's level (cleared) or a grant
 * valid today covers it (granted), masked otherwise (refused), and the
 * outcome is recorded for cs_access_log.
 */
int cs_access_decide(struct cs_access *a, const char *customer, int customer_level,
    enum cs_access_field f);

/*
 * Writes what the run revealed or refused to access_log, a row per
 * customer and outcome (fields in column order), in one transaction,
 * and forgets it.  Returns 0, or -1 with a message in err.
 */
int cs_access_log(struct cs_access *a, struct cs_db *db, char *err, size_t errlen);

/* Frees what a holds. */
void cs_access_end(struct cs_access *a);

/* A grant to set (cs-import grant). */
struct cs_grant_request {
	const char *reader, *customer;	/* customer NULL: every customer */
	int level;
	struct cs_date until;
	const char *reason;
};

/*
 * Sets grant g, approved by the reader of a (begun), valid from today
 * until g->until, with id "G" YYYYMMDD "-" N (the next of the day).
 * Refused (CS_EXIT_DATA) unless the reader of a is listed in
 * [approvers] for at least g->level and cleared for it ([readers]),
 * the grant is for someone else, the customer exists and until is not
 * before today.  Writes the new id into id.  Returns a CS_EXIT_* status, with
 * a message in err.
 */
int cs_access_grant(struct cs_access *a, struct cs_db *db, const struct cs_grant_request *g,
    char id[65], char *err, size_t errlen);

#endif
