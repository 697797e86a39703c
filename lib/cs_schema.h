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

#endif
