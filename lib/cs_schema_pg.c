/*
 * cs_schema_pg.c - the PostgreSQL schema (see cs_schema_pg.h).
 * A stub: only the version table, until the Citus-ready schema lands.
 */
#include <stddef.h>

#include "cs_schema_pg.h"

static const char *const pg_schema[] = {
	"CREATE TABLE " CS_PG_VERSION_TABLE " (version integer NOT NULL)",
	NULL
};

const char *const *
cs_schema_pg_create(void)
{
	return pg_schema;
}
