/*
 * unit_db.c - the pieces of the database interface that need no
 * server: the choice of backend by URL, the rewriting of ?N parameters
 * for PostgreSQL, the meaning of SQLSTATEs, the masking of a URL's
 * password, and which statements are read through a cursor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_db.h"
#include "cs_db_impl.h"
#include "cs_text.h"
#include "unit.h"

/* Checks that sql rewrites to want with n parameters. */
static void
params_ok(const char *sql, const char *want, int n)
{
	int got = -1;
	char *out = cs_db_pg_params(sql, &got);

	ok(out != NULL && strcmp(out, want) == 0 && got == n, "params: %s -> %s (%d)", sql,
	    out ? out : "NULL", got);
	free(out);
}

/* Checks that url is shown as want. */
static void
mask_ok(const char *url, const char *want)
{
	char out[256];

	cs_db_pg_mask_url(url, out, sizeof out);
	ok(strcmp(out, want) == 0, "masked: %s", out);
}

/* Checks that libpq's message msg about url reads as want. */
static void
connect_ok(const char *msg, const char *url, const char *want)
{
	char out[256];

	cs_db_pg_connect_message(msg, url, out, sizeof out);
	ok(strcmp(out, want) == 0, "connect message: %s", out);
}

/* The choice of backend and the rewriting of parameters. */
static void
test_db_params(void)
{
	int n;
	char *out;

	ok(cs_db_is_url("postgresql://h/db") && cs_db_is_url("postgres:///db") &&
	    !cs_db_is_url("cs.db") && !cs_db_is_url("postgresql:/x") && !cs_db_is_url("pg.db") &&
	    !cs_db_is_url(NULL), "postgresql:// and postgres:// are URLs, anything else a path");
	params_ok("SELECT a FROM t WHERE b = ?1 AND c = ?2", "SELECT a FROM t WHERE b = $1 AND c = $2", 2);
	params_ok("VALUES (?, ?, ?)", "VALUES ($1, $2, $3)", 3);
	params_ok("SELECT ?3, ?, ?1", "SELECT $3, $4, $1", 4);
	params_ok("SELECT '?1', 'it''s ?', ?2", "SELECT '?1', 'it''s ?', $2", 2);
	params_ok("SELECT \"a?\" FROM t WHERE x = ?", "SELECT \"a?\" FROM t WHERE x = $1", 1);
	params_ok("SELECT ?1 -- ?2", "SELECT $1 -- ?2", 1);
	params_ok("SELECT /* ?2 */ ?1", "SELECT /* ?2 */ $1", 1);
	params_ok("SELECT E'\\'?' || ?1", "SELECT E'\\'?' || $1", 1);
	params_ok("SELECT $$ ? $$, $q$ ?1 $q$, ?1", "SELECT $$ ? $$, $q$ ?1 $q$, $1", 1);
	params_ok("SELECT ?12", "SELECT $12", 12);
	params_ok("SELECT 'unterminated ?1", "SELECT 'unterminated ?1", 0);
	ok(cs_db_pg_param_used("SELECT $1, '$2', \"$3\", $45 -- $4\n", 1) &&
	    !cs_db_pg_param_used("SELECT $1, '$2', \"$3\", $45 -- $4\n", 2) &&
	    !cs_db_pg_param_used("SELECT $1, '$2', \"$3\", $45 -- $4\n", 3) &&
	    !cs_db_pg_param_used("SELECT $1, '$2', \"$3\", $45 -- $4\n", 4) &&
	    cs_db_pg_param_used("SELECT $1, '$2', \"$3\", $45 -- $4\n", 45),
	    "a parameter is used only outside literals, identifiers and comments");
	out = cs_db_pg_params("SELECT ?0", &n);
	ok(out == NULL, "?0 is refused");
	free(out);
	out = cs_db_pg_params("SELECT ?70000", &n);
	ok(out == NULL, "a number over 65535 is refused");
	free(out);
}

/* SQLSTATEs, masking, cursors. */
static void
test_db_pg_pieces(void)
{
	ok(cs_db_pg_step_result("23505") == CS_STEP_DUPLICATE, "23505 unique_violation: duplicate");
	ok(cs_db_pg_step_result("23503") == CS_STEP_CONSTRAINT &&
	    cs_db_pg_step_result("23514") == CS_STEP_CONSTRAINT &&
	    cs_db_pg_step_result("23502") == CS_STEP_CONSTRAINT, "other class 23: constraint");
	ok(cs_db_pg_step_result("55P03") == CS_STEP_ERROR && cs_db_pg_step_result("42P01") ==
	    CS_STEP_ERROR && cs_db_pg_step_result(NULL) == CS_STEP_ERROR, "the rest: error");
	ok(cs_db_pg_state_is_busy("55P03") && cs_db_pg_state_is_busy("40P01") &&
	    !cs_db_pg_state_is_busy("23505") && !cs_db_pg_state_is_busy("") &&
	    !cs_db_pg_state_is_busy(NULL), "55P03 (lock timeout) and 40P01 (deadlock) are busy");
	mask_ok("postgresql://cs:s3cret@db.example:5432/cs?sslmode=require",
	    "postgresql://cs:***@db.example:5432/cs?sslmode=require");
	mask_ok("postgres://cs@db/cs", "postgres://cs@db/cs");
	mask_ok("postgresql:///cs?host=/tmp&password=s3cret&user=cs",
	    "postgresql:///cs?host=/tmp&password=***&user=cs");
	mask_ok("postgresql://a:b@h/d?password=c", "postgresql://a:***@h/d?password=***");
	mask_ok("postgresql://h/d?xpassword=c", "postgresql://h/d?xpassword=c");
	mask_ok("postgresql://a:@h/d?password=&password=x", "postgresql://a:***@h/d?password=***&password=***");
	mask_ok("postgresql://a@b:c@h/d", "postgresql://a@b:***@h/d");
	connect_ok("end of string in URI: \"postgresql://a:s3cret@[h/d\"\n", "postgresql://a:s3cret@[h/d",
	    "end of string in URI: \"postgresql://a:***@[h/d\"");
	connect_ok("invalid percent-encoded token: \"s3%zz\"\n", "postgresql:///d?password=s3%zz",
	    "invalid percent-encoded token: \"***\"");
	connect_ok("token: \"s3%zz\"\n", "postgresql://a:s3%zz@h/d", "token: \"***\"");
	connect_ok("failed: No such file\n\tIs the server running?\n", "postgresql://a:x@h/d",
	    "failed: No such file; Is the server running?");
	connect_ok("user \"a\" and \"\" quoted\n", "postgresql://a:@h/d?password=",
	    "user \"a\" and \"\" quoted");
	ok(cs_db_pg_is_query("SELECT 1") && cs_db_pg_is_query("  (select 1)") &&
	    cs_db_pg_is_query("-- c\nVALUES (1)") && cs_db_pg_is_query("WITH a AS (SELECT 1) SELECT * FROM a"),
	    "queries are read through a cursor");
	ok(!cs_db_pg_is_query("INSERT INTO t SELECT 1") && !cs_db_pg_is_query("UPDATE t SET a = 1") &&
	    !cs_db_pg_is_query("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d") &&
	    !cs_db_pg_is_query("selected"), "statements that write are not");
}

/*
 * A second snapshot while one is open is refused, and the first stays
 * whole: its workers still read (it crashed cs-report when cs-survey's
 * scoring took a snapshot of its own inside the report's).
 */
static void
test_db_snapshot_twice(void)
{
	char dir[] = "/tmp/cs-unit-db-XXXXXX", path[64], err[256] = "";
	struct cs_db *db, *w = NULL;
	struct cs_stmt *st = NULL;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/cs.db", dir);
	db = cs_db_open(path, CS_DB_CREATE | CS_DB_MIGRATE, err, sizeof err);
	ok(db != NULL && cs_db_snapshot(db, 1, err, sizeof err) == 0, "a snapshot: %s", err);
	ok(db != NULL && cs_db_snapshot(db, 1, err, sizeof err) == -1 &&
	    strstr(err, "snapshot") != NULL, "a second one is refused: %s", err);
	if (db != NULL && (w = cs_db_worker(db, err, sizeof err)) != NULL)
		st = cs_db_prepare(w, "SELECT count(*) FROM customers");
	ok(st != NULL && cs_stmt_step(st) == CS_STEP_ROW, "the first one's worker still reads: %s",
	    w ? cs_db_errmsg(w) : err);
	cs_stmt_finalize(st);
	cs_db_close(w);
	if (db != NULL)
		cs_db_snapshot_end(db);
	cs_db_close(db);
	unlink(path);
	snprintf(path, sizeof path, "%s/cs.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/cs.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

/* COPY's text format: the four characters escaped, NULL as \N, lengths kept. */
static void
test_db_copy_text(void)
{
	struct cs_buf b = { 0 };

	cs_db_copy_field(&b, "a\\b\tc\nd\re");
	cs_db_copy_field(&b, NULL);
	cs_db_copy_text(&b, "x\t", 1);
	cs_db_copy_text(&b, "\\", 1);
	cs_buf_append(&b, "", 1);
	ok(strcmp(b.data, "a\\\\b\\tc\\nd\\re\\Nx\\\\") == 0, "copy text: %s", b.data);
	free(b.data);
}

void
test_db(void)
{
	test_db_params();
	test_db_pg_pieces();
	test_db_snapshot_twice();
	test_db_copy_text();
}
