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
 */
const char *const *cs_schema_pg_create(void);

#endif
