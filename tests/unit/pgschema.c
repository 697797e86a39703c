/*
 * pgschema.c - cs-pgschema, a test tool: prints the PostgreSQL schema
 * of lib/cs_schema_pg.c for psql (tests/57-citus-schema.t).
 *
 *   cs-pgschema           the statements of cs_schema_pg_create(), each
 *                         followed by ";" and a newline
 *   cs-pgschema --tables  one line a table: name, "distributed" or
 *                         "reference", and its key ("-" for none),
 *                         separated by tabs
 *   cs-pgschema --key T   the key of table T (cs_schema_pg_table), or
 *                         "-" when it has none
 *   cs-pgschema --record  the statements that write record_changes:
 *                         before, after and done, each followed by ";"
 *
 * Exit 0; 1 when there is no table T or standard output fails; 2 on a
 * usage error.
 */
#include <stdio.h>
#include <string.h>

#include "cs_schema_pg.h"

/* Prints every statement, ";" and a newline after each; returns 0. */
static int
print_statements(void)
{
	const char *const *s;

	for (s = cs_schema_pg_create(); *s != NULL; s++)
		printf("%s;\n", *s);
	return 0;
}

/* Prints the table list, a line a table; returns 0. */
static int
print_tables(void)
{
	const struct cs_pg_table *t;

	for (t = cs_schema_pg_tables(); t->name != NULL; t++)
		printf("%s\t%s\t%s\n", t->name,
		    t->placement == CS_PG_DISTRIBUTED ? "distributed" : "reference",
		    t->key != NULL ? t->key : "-");
	return 0;
}

/* Prints the key of the table named name; returns 0, or 1 when there is none. */
static int
print_key(const char *name)
{
	const struct cs_pg_table *t = cs_schema_pg_table(name);

	if (t == NULL) {
		fprintf(stderr, "cs-pgschema: no table %s\n", name);
		return 1;
	}
	printf("%s\n", t->key != NULL ? t->key : "-");
	return 0;
}

int
main(int argc, char **argv)
{
	int rc;

	if (argc == 1)
		rc = print_statements();
	else if (argc == 2 && strcmp(argv[1], "--tables") == 0)
		rc = print_tables();
	else if (argc == 3 && strcmp(argv[1], "--key") == 0)
		rc = print_key(argv[2]);
	else if (argc == 2 && strcmp(argv[1], "--record") == 0)
		rc = printf("%s;\n%s;\n%s;\n", cs_schema_pg_record_before(),
		    cs_schema_pg_record_after(), cs_schema_pg_record_done()) < 0;
	else {
		fputs("usage: cs-pgschema [--tables | --key table | --record]\n", stderr);
		return 2;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("cs-pgschema: standard output");
		return 1;
	}
	return rc;
}
