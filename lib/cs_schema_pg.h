/*
 * cs_schema_pg.h - the schema of a cs database on PostgreSQL: the same
 * tables and names as cs-data(5), keyed so that Citus can distribute
 * every customer-keyed table by customer_id.
 */
#ifndef CS_SCHEMA_PG_H
#define CS_SCHEMA_PG_H

/* The table that holds the schema version on PostgreSQL (SQLite: PRAGMA user_version). */
#define CS_PG_VERSION_TABLE "cs_schema_version"

/*
 * Returns the NULL-terminated list of statements that create the whole
 * schema at CS_SCHEMA_VERSION in an empty PostgreSQL database (tables,
 * keys, indexes, views, privileges), in order, the version table
 * first.  The caller runs them in one transaction and then records the
 * version (INSERT INTO cs_schema_version (version) VALUES (...)).
 * Each statement is one SQL command without a final semicolon.  The
 * list is static: the caller neither changes nor frees it.
 */
const char *const *cs_schema_pg_create(void);

/* How Citus holds a table (scripts/citus-distribute.sql). */
enum cs_pg_placement {
	CS_PG_DISTRIBUTED,	/* hash-distributed by customer_id, colocated with customers */
	CS_PG_REFERENCE		/* one copy on every node */
};

/* A table of the PostgreSQL schema. */
struct cs_pg_table {
	const char *name;
	enum cs_pg_placement placement;
	/*
	 * The columns of its primary key, comma-separated in key order:
	 * the conflict target of an upsert (ON CONFLICT (key)).  Every key
	 * of a distributed table includes customer_id.  NULL for a
	 * table without a key (record_changes, cs_schema_version).
	 */
	const char *key;
};

/*
 * Returns the tables that cs_schema_pg_create() makes, in creation
 * order, ended by one whose name is NULL: the version table and the
 * tables of cs-data(5) (views are not listed).  Static, like the
 * statements.
 */
const struct cs_pg_table *cs_schema_pg_tables(void);

/*
 * Returns the table named name of cs_schema_pg_tables(), or NULL when
 * the schema has none.
 */
const struct cs_pg_table *cs_schema_pg_table(const char *name);

/*
 * record_changes on PostgreSQL, where no trigger writes it: a program
 * that inserts or updates customers runs, in its transaction,
 *   1. cs_schema_pg_record_before(), with $1 the ids about to be
 *      written (text[]): it keeps their rows as they are, in the
 *      temporary table cs_customers_before;
 *   2. its inserts and updates of those customers;
 *   3. cs_schema_pg_record_after(), with $1 the wall clock as
 *      YYYY-MM-DD HH:MM:SS and $2 the same ids: it writes the rows
 *      SQLite's triggers would (new, changed, checked, closed:
 *      cs-data(5)), in that order for each customer;
 *   4. cs_schema_pg_record_done(), which drops the temporary table.
 * When customers holds no id yet between the least and the greatest of
 * those ids, steps 1 and 4 may be left out and step 3 be
 * cs_schema_pg_record_new(), with $1 the wall clock, $2 and $3 those
 * bounds and $4 the ids: every one then written is new, and it writes
 * only that.  (It looks in that range of the key, which the server
 * reads from its index even before the table has statistics, as in the
 * first load of a table.)
 * Each returns one static statement.
 */
const char *cs_schema_pg_record_before(void);
const char *cs_schema_pg_record_after(void);
const char *cs_schema_pg_record_done(void);
const char *cs_schema_pg_record_new(void);

#endif
