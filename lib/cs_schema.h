/*
 * cs_schema.h - the database schema as a list of forward migrations.
 */
#ifndef CS_SCHEMA_H
#define CS_SCHEMA_H

/*
 * Returns the SQL script that upgrades a database from schema version
 * v-1 to v (1 <= v <= CS_SCHEMA_VERSION).  Scripts never change once
 * released: a new version adds a new script.
 */
const char *cs_schema_migration(int v);

/*
 * An object that schema version 'version' created: a table, index or
 * trigger by name, or a column as "table.column".
 */
struct cs_schema_mark {
	int version;
	const char *type, *name;
};

/*
 * Returns the marks of every version, in version order, ended by one
 * with version 0: a database holding every mark up to version v (and
 * not all of v + 1) is a cs database of schema version v.
 */
const struct cs_schema_mark *cs_schema_marks(void);

#endif
