# lib.sh - helpers for the end-to-end tests, which print TAP for prove(1).
#
# Each test file sources this, runs programs with `run`, and checks the
# exit status, output files and database contents exactly.  $CS_BIN
# names the directory of the programs under test (make test sets it).
set -u

: "${CS_BIN:=$(cd "$(dirname "$0")/.." && pwd)/bin}"
# The message catalogs as built (make compiles po/ into build/locale).
: "${CS_LOCALEDIR:=$(cd "$(dirname "$0")/.." && pwd)/build/locale}"
export CS_LOCALEDIR
PATH="$CS_BIN:$PATH"
# The locale is C.UTF-8 unless $CS_TEST_LOCALE names another (the suite
# also runs in the C locale: the programs must not depend on it).
export LC_ALL="${CS_TEST_LOCALE:-C.UTF-8}" TZ=UTC
unset CS_DB CS_LOCK_TIMEOUT CS_ACCESS LANGUAGE
# Nor libpq's environment: the tests' URLs say everything.
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGPASSFILE PGSERVICE \
	PGSERVICEFILE PGOPTIONS PGAPPNAME PGSSLMODE PGTZ PGDATESTYLE PGCLIENTENCODING \
	PGCONNECT_TIMEOUT PGTARGETSESSIONATTRS PGREQUIRESSL PGSYSCONFDIR
TESTS_DIR=$(cd "$(dirname "$0")" && pwd)

# The backend: CS_TEST_BACKEND=sqlite (the default) or pg.  A test file
# says right after sourcing this file which backends it runs on:
#
#   backends sqlite pg        it runs on both (scripts/test.sh's
#                             PostgreSQL pass runs the files that say so)
#   sqlite_only "REASON"      it cannot run on PostgreSQL (it reads the
#                             SQLite file, its WAL, its mode...)
#
# and gets its databases from test_db (never a bare cs.db).  On pg, a
# file that says neither is skipped as not yet converted.  On pg the
# server is the one of $CS_TEST_PG_DIR (scripts/pg-server.sh, started by
# scripts/test-pg.sh), else one started here for this file alone.  The
# helpers, below, on either backend:
#
#   db=$(test_db cs.db)       a database for -d: the file cs.db, or the
#                             URL of a database made on the server
#   none=$(absent_db x.db)    one that does not exist (nothing makes it)
#   is_sql "$db" SQL DESC     the query through sqlite3, or psql shaped
#                             as sqlite3's list mode (differences there)
#   is_db_absent "$db" DESC   no such file, no such database
#   dump_db, killed_mid_run   through sqlite3's .dump or pg_dump
#   is_db_intact DB DESC      PRAGMA integrity_check; pg: no session left
#   backend_is pg             for what differs, e.g. a file's mode:
#                             backend_is sqlite || skip DESC "REASON"
#
# run writes NAME for the URL of test_db NAME (and absent_db NAME) in the
# standard error it captures, so that the expected messages are the
# same on both backends (standard output is left as it is).
: "${CS_TEST_BACKEND:=sqlite}"
case $CS_TEST_BACKEND in
sqlite | pg) ;;
*)
	echo "Bail out! CS_TEST_BACKEND=$CS_TEST_BACKEND: expected sqlite or pg"
	exit 255
	;;
esac
_t_file="$TESTS_DIR/$(basename "$0")"
if [ "$CS_TEST_BACKEND" = pg ] && ! grep -Eq '^(backends|sqlite_only) ' "$_t_file"; then
	echo "1..0 # SKIP not yet converted to test_db (no \"backends sqlite pg\" line)"
	exit 0
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/cs-test.XXXXXX")
_pg_own=""
trap '_cleanup' EXIT
# A test ended by a signal cleans up too (and so drops its databases).
# PIPE as well: killed with prove, the shell's "Terminated" note for its
# command goes to prove's pipe, gone.  (Subshells and programs get the
# default actions back: only this shell exits so.)
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM
cd "$T" || exit 1
_n=0
_failed=0

# _cleanup: at exit, the temporary directory first (a test ended by a
# signal may not live long: prove's end breaks its pipes), then the
# databases this file made on the server, or the server it started.
_cleanup() {
	_c_names=""
	[ -f "$T/pg.names" ] && _c_names=$(cat "$T/pg.names")
	rm -rf "$T"
	if [ -n "$_pg_own" ]; then
		sh "$TESTS_DIR/../scripts/pg-server.sh" stop "$_pg_own" 2>/dev/null
	else
		for _c in $_c_names; do
			_pg_psql "$(_pg_url postgres 2>/dev/null)" \
				"DROP DATABASE IF EXISTS \"$_c\" WITH (FORCE)" >/dev/null 2>&1
		done
	fi
}

# (Only for a file that runs on pg: one that skips needs no server.)
if [ "$CS_TEST_BACKEND" = pg ] && grep -Eq '^backends .*pg' "$_t_file"; then
	PG_BINDIR=$(sh "$TESTS_DIR/../scripts/pg-server.sh" bindir) || {
		echo "Bail out! CS_TEST_BACKEND=pg: PostgreSQL not found"
		exit 255
	}
	if [ -z "${CS_TEST_PG_DIR:-}" ]; then
		# A server of this file's own, outside $T: as root, the server
		# runs as nobody, who must reach its directory.
		_pg_own=$(mktemp -d "${TMPDIR:-/tmp}/cs-pg.XXXXXX")
		CS_TEST_PG_DIR=$_pg_own
		sh "$TESTS_DIR/../scripts/pg-server.sh" start "$_pg_own" $$ || {
			echo "Bail out! could not start a PostgreSQL server"
			exit 255
		}
	fi
	sh "$TESTS_DIR/../scripts/pg-server.sh" status "$CS_TEST_PG_DIR" || {
		echo "Bail out! CS_TEST_PG_DIR=$CS_TEST_PG_DIR: no server running there"
		exit 255
	}
fi
# Databases of this file on the server: t<pid>_NAME (unique while the
# file runs, even with prove -j).
_pg_prefix="t$$"

# ok COND DESCRIPTION: one TAP result; COND is a shell status (0 = pass).
ok() {
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		_failed=$((_failed + 1))
		echo "not ok $_n - $2"
	fi
}

# skip DESCRIPTION REASON: a test not run, reported as TAP skip (prove
# counts it as skipped, not as passed).
skip() {
	_n=$((_n + 1))
	echo "ok $_n - $1 # SKIP $2"
}

# run CMD...: runs a command with stdout in $T/out, stderr in $T/err
# (the temporary directory's path removed) and its status in $status.
# Give it input with <FILE, never through a pipe: a pipeline would run
# it in a subshell and $status would not be set here.
run() {
	"$@" >"$T/out" 2>"$T/err.raw"
	status=$?
	if [ -f "$T/pg.sed" ]; then
		sed -f "$T/pg.sed" "$T/err.raw" | sed "s|$T/||g" >"$T/err"
	else
		sed "s|$T/||g" "$T/err.raw" >"$T/err"
	fi
}

# is_status N DESCRIPTION
is_status() {
	[ "$status" -eq "$1" ]
	ok $? "$2 (exit $status, expected $1)"
	[ "$status" -eq "$1" ] || sed 's/^/# stderr: /' "$T/err"
}

# is_file FILE DESCRIPTION < expected: FILE must equal stdin exactly.
is_file() {
	cat >"$T/expected"
	if [ -f "$1" ] && cmp -s "$T/expected" "$1"; then
		ok 0 "$2"
	else
		ok 1 "$2"
		diff "$T/expected" "$1" 2>&1 | sed 's/^/# /'
	fi
}

# backends BACKEND...: the backends this file runs on (see above); on
# another, the file is skipped.
backends() {
	case " $* " in
	*" $CS_TEST_BACKEND "*) ;;
	*)
		echo "1..0 # SKIP not for the $CS_TEST_BACKEND backend"
		exit 0
		;;
	esac
}

# sqlite_only REASON: this file cannot run on PostgreSQL, because REASON.
sqlite_only() {
	if [ "$CS_TEST_BACKEND" != sqlite ]; then
		echo "1..0 # SKIP SQLite only: $1"
		exit 0
	fi
}

# backend_is BACKEND: the tests run on BACKEND (sqlite or pg), e.g.
#   if backend_is sqlite; then ...; else skip "..." "a file of SQLite's"; fi
backend_is() {
	[ "$CS_TEST_BACKEND" = "$1" ]
}

# is_pg_url DB: DB is a PostgreSQL URL (as the programs tell them).
is_pg_url() {
	case $1 in
	postgresql://* | postgres://*) return 0 ;;
	*) return 1 ;;
	esac
}

# _pg_url DBNAME: the URL of database DBNAME on the test server.
_pg_url() {
	sh "$TESTS_DIR/../scripts/pg-server.sh" url "$CS_TEST_PG_DIR" "$1"
}

# _pg_psql URL SQL: psql in the shape of sqlite3's list mode (no header,
# fields joined by |, NULL as nothing), stopping at the first error.
# (PG_BINDIR is found on first use: is_sql takes a URL on any backend.)
_pg_psql() {
	: "${PG_BINDIR:=$(sh "$TESTS_DIR/../scripts/pg-server.sh" bindir)}"
	PGCLIENTENCODING=UTF8 "$PG_BINDIR/psql" -X -q -A -t -F'|' -P null= -P pager=off \
		-v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# _pg_name NAME: the server's name of the test database NAME.
_pg_name() {
	_pg_n=$(printf '%s' "$1" | sed 's/\.db$//; s/[^A-Za-z0-9_]/_/g' | tr '[:upper:]' '[:lower:]')
	printf '%s\n' "${_pg_prefix}_$_pg_n" | cut -c1-63
}

# test_db NAME: the database NAME for the programs' -d, e.g.
#   db=$(test_db cs.db); cs-import -d "$db" ...; is_sql "$db" ...
# sqlite: NAME itself, a file in the test's directory (made by the
# program that first opens it, as before).  pg: the URL of a database
# made here, empty, when it does not exist yet; calling it again with
# the same NAME gives the same database, as with a file.  run writes
# NAME for the URL in what it captures, so messages naming the database
# read the same on both backends.
test_db() {
	if [ "$CS_TEST_BACKEND" = sqlite ]; then
		printf '%s\n' "$1"
		return
	fi
	_td_name=$(_pg_name "$1")
	_td_url=$(_pg_url "$_td_name")
	if ! grep -qxF "$_td_url" "$T/pg.urls" 2>/dev/null; then
		if ! _pg_psql "$(_pg_url postgres)" "CREATE DATABASE \"$_td_name\"" >"$T/pg.err" 2>&1; then
			echo "# test_db $1: could not create database $_td_name:" >&2
			sed 's/^/# /' "$T/pg.err" >&2
			return 1
		fi
		echo "$_td_url" >>"$T/pg.urls"
		echo "$_td_name" >>"$T/pg.names"
		_pg_sed_add "$_td_url" "$1"
	fi
	printf '%s\n' "$_td_url"
}

# absent_db NAME: a database NAME that does not exist (and that nothing
# makes here): sqlite: NAME; pg: the URL of a database never created.
absent_db() {
	if [ "$CS_TEST_BACKEND" = sqlite ]; then
		printf '%s\n' "$1"
		return
	fi
	_ad_url=$(_pg_url "$(_pg_name "$1")")
	if ! grep -qxF "$_ad_url" "$T/pg.urls" 2>/dev/null; then
		echo "$_ad_url" >>"$T/pg.urls"
		_pg_sed_add "$_ad_url" "$1"
	fi
	printf '%s\n' "$_ad_url"
}

# _pg_sed_add URL NAME: run writes NAME for URL (a line of $T/pg.sed).
_pg_sed_add() {
	_ps_re=$(printf '%s' "$1" | sed 's/[][\\.*^$|]/\\&/g')
	_ps_to=$(printf '%s' "$2" | sed 's/[\\&|]/\\&/g')
	printf 's|%s|%s|g\n' "$_ps_re" "$_ps_to" >>"$T/pg.sed"
}

# is_db_absent DB DESCRIPTION: no database DB: no file (sqlite), no
# database of that name on the server (pg).
is_db_absent() {
	if is_pg_url "$1"; then
		_ida=$(printf '%s' "$1" | sed 's|^[a-z]*://[^/]*/||; s|?.*||')
		_pg_psql "$(_pg_url postgres)" "SELECT 1 FROM pg_database WHERE datname = '$_ida'" \
			>"$T/pg.out" 2>&1 && [ ! -s "$T/pg.out" ]
		ok $? "$2"
	else
		is_absent "$1" "$2"
	fi
}

# is_sql DB SQL DESCRIPTION < expected: the query's output must equal
# stdin.  DB must exist (sqlite3 would make an empty database, where
# PRAGMA integrity_check says ok and foreign_key_check finds nothing)
# and sqlite3 must succeed.
#
# When DB is a PostgreSQL URL (test_db on pg), psql runs SQL instead,
# its output shaped as sqlite3's list mode: fields joined by |, NULL as
# an empty field, no header, no row count, a value's newlines as they
# are, nothing for no rows; its notices are left out.  What still
# differs is SQL's, not the output's: booleans are t and f (SQLite: 1
# and 0), a float prints as 1 where SQLite prints 1.0, avg() and
# numeric division give numeric with many decimals (cast or round()),
# typeof() and PRAGMA do not exist (pg_typeof, the catalogs), and || on
# NULL, text comparison, LIKE's case and integer overflow follow each
# engine's rules.  Write the SQL both engines read the same (CAST,
# CASE, ORDER BY every column that orders), or choose it by backend_is.
is_sql() {
	if is_pg_url "$1"; then
		_pg_psql "$1" "$2" >"$T/sql.out" 2>"$T/sql.err"
		_sql_status=$?
		if [ "$_sql_status" -ne 0 ]; then
			cat >/dev/null
			ok 1 "$3"
			echo "# psql exited $_sql_status:"
			sed 's/^/# /' "$T/sql.out" "$T/sql.err"
			return
		fi
		is_file "$T/sql.out" "$3"
		return
	fi
	if [ ! -f "$1" ]; then
		cat >/dev/null
		ok 1 "$3"
		echo "# $1: no such database"
		return
	fi
	sqlite3 -batch "$1" "$2" >"$T/sql.out" 2>&1
	_sql_status=$?
	if [ "$_sql_status" -ne 0 ]; then
		cat >/dev/null
		ok 1 "$3"
		echo "# sqlite3 exited $_sql_status:"
		sed 's/^/# /' "$T/sql.out"
		return
	fi
	is_file "$T/sql.out" "$3"
}

# is_absent FILE DESCRIPTION
is_absent() {
	[ ! -e "$1" ]
	ok $? "$2"
}

# dump_db DB FILE [TABLE...]: sqlite3's .dump of DB (only of the TABLEs
# if given) into FILE, checked: sqlite3 makes an empty database of a
# missing file and exits 0 on one that is not a database (the dump then
# holds an error comment), so two such dumps would compare equal.  When
# DB is no file, sqlite3 fails, or the dump holds an error, does not end
# in COMMIT or lacks the CREATE TABLE of the database (of each TABLE),
# it says why in a TAP comment, leaves no FILE (any comparison with it
# fails) and returns 1.
#
# When DB is a PostgreSQL URL, pg_dump's dump instead (schema and data,
# no owners or privileges), checked the same way: pg_dump must succeed,
# the dump end with its "dump complete" line and hold the CREATE TABLE
# of each TABLE (of some table without TABLEs).  Its setval lines are
# left out: a sequence moves on in a transaction that rolls back, and
# that is no trace of a half-written run.
dump_db() {
	_dump_db=$1 _dump_file=$2
	shift 2
	rm -f "$_dump_file"
	if is_pg_url "$_dump_db"; then
		_dump_pg "$_dump_db" "$_dump_file" "$@"
		return
	fi
	if [ ! -f "$_dump_db" ]; then
		echo "# dump of $_dump_db: no such file"
		return 1
	fi
	if ! sqlite3 -batch "$_dump_db" ".dump $*" >"$_dump_file.part" 2>"$T/dump.err"; then
		echo "# dump of $_dump_db: sqlite3 failed: $(head -1 "$T/dump.err")"
		rm -f "$_dump_file.part"
		return 1
	fi
	_dump_why=""
	if grep -q '^/\*\*\*\* ERROR' "$_dump_file.part"; then
		_dump_why="$(grep '^/\*\*\*\* ERROR' "$_dump_file.part" | head -1)"
	elif [ "$(tail -n 1 "$_dump_file.part")" != "COMMIT;" ]; then
		_dump_why="it does not end in COMMIT"
	fi
	_dump_keep '(IF NOT EXISTS )?' "$@"
}

# _dump_keep PREFIX [TABLE...]: ends dump_db with $_dump_why (what is
# already wrong, or empty): $_dump_file.part must also hold a CREATE
# TABLE of each TABLE, its name after PREFIX (an extended regex), or of
# some table without TABLEs (checked only when nothing is wrong yet).
# Then it becomes $_dump_file; else says why, is removed, returns 1.
_dump_keep() {
	_dump_pre=$1
	shift
	if [ -z "$_dump_why" ] && [ $# -eq 0 ]; then
		grep -q '^CREATE TABLE ' "$_dump_file.part" || _dump_why="no CREATE TABLE"
	fi
	for _dump_t in "$@"; do
		grep -Eq "^CREATE TABLE $_dump_pre\"?$_dump_t\"? \(" "$_dump_file.part" ||
			_dump_why="${_dump_why:+$_dump_why, }no CREATE TABLE $_dump_t"
	done
	if [ -n "$_dump_why" ]; then
		echo "# dump of $_dump_db: $_dump_why"
		rm -f "$_dump_file.part"
		return 1
	fi
	mv "$_dump_file.part" "$_dump_file"
}

# _dump_pg URL FILE [TABLE...]: dump_db on PostgreSQL.
_dump_pg() {
	_dump_db=$1 _dump_file=$2
	shift 2
	_dump_ts=""
	for _dump_t in "$@"; do
		_dump_ts="$_dump_ts -t $_dump_t"
	done
	: "${PG_BINDIR:=$(sh "$TESTS_DIR/../scripts/pg-server.sh" bindir)}"
	# shellcheck disable=SC2086
	if ! "$PG_BINDIR/pg_dump" --no-owner --no-privileges --no-comments $_dump_ts \
		-d "$_dump_db" >"$_dump_file.raw" 2>"$T/dump.err"; then
		echo "# dump of $_dump_db: pg_dump failed: $(head -1 "$T/dump.err")"
		rm -f "$_dump_file.raw"
		return 1
	fi
	# (and the random keys of pg_dump's \restrict lines, since 15.14)
	grep -v -e '^SELECT pg_catalog\.setval(' -e '^\\restrict ' -e '^\\unrestrict ' \
		"$_dump_file.raw" >"$_dump_file.part"
	rm -f "$_dump_file.raw"
	_dump_why=""
	if [ "$(grep -v '^$' "$_dump_file.part" | tail -n 2 | head -n 1)" != "-- PostgreSQL database dump complete" ]; then
		_dump_why="it does not end with its dump complete line"
	fi
	_dump_keep '(public\.)?' "$@"
}

# is_same_dump BEFORE AFTER DESCRIPTION [REGEX]: two dumps of dump_db
# must both exist and be equal, but for the lines that match the
# extended REGEX if given.
is_same_dump() {
	if [ ! -f "$1" ] || [ ! -f "$2" ]; then
		ok 1 "$3"
		echo "# no dump to compare (see above)"
		return
	fi
	if [ $# -ge 4 ]; then
		grep -Ev -- "$4" "$1" >"$T/dump.1"
		grep -Ev -- "$4" "$2" >"$T/dump.2"
	else
		cp "$1" "$T/dump.1" && cp "$2" "$T/dump.2"
	fi
	if cmp -s "$T/dump.1" "$T/dump.2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diff "$T/dump.1" "$T/dump.2" 2>&1 | head -40 | sed 's/^/# /'
	fi
}

# is_db_intact DB DESCRIPTION: DB passes its integrity check (sqlite:
# PRAGMA integrity_check).  No file to check on a server: intact is
# that no other session is left on DB within 10 seconds (the server has
# ended a killed or failed run's session, and so rolled back its
# transaction); dumps say the rest.
is_db_intact() {
	if is_pg_url "$1"; then
		_i=0
		while [ $_i -lt 50 ] && [ "$(_pg_psql "$1" "SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid()" 2>/dev/null)" != 0 ]; do
			sleep 0.2
			_i=$((_i + 1))
		done
		is_sql "$1" "SELECT CASE count(*) WHEN 0 THEN 'ok' ELSE count(*) || ' sessions left' END
			FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()" \
			"$2" <<'EOF'
ok
EOF
	else
		is_sql "$1" "PRAGMA integrity_check" "$2" <<'EOF'
ok
EOF
	fi
}

# killed_mid_run DB DELAY CMD...: runs CMD in the background, kills it
# with SIGKILL after DELAY seconds, and checks that it was still running,
# that DB passes its integrity check and holds exactly what it held
# before (three tests).
killed_mid_run() {
	_db=$1 _delay=$2
	shift 2
	dump_db "$_db" "$T/before.sql"
	"$@" >/dev/null 2>&1 &
	_pid=$!
	sleep "$_delay"
	kill -KILL $_pid 2>/dev/null
	# kill succeeds on a finished child not yet reaped: only the status
	# of wait tells that SIGKILL ended it (128 + 9).
	wait $_pid 2>/dev/null
	_killed=$?
	[ "$_killed" -eq 137 ]
	ok $? "$1 killed mid-run (status $_killed, expected 137: SIGKILL)"
	is_db_intact "$_db" "database intact after the kill"
	dump_db "$_db" "$T/after.sql"
	is_same_dump "$T/before.sql" "$T/after.sql" "database holds exactly its state before the run"
}

# sql_do DB SQL: runs SQL on DB (sqlite3, or psql on a URL), its output
# and errors as the tool prints them; returns the tool's status.
sql_do() {
	if is_pg_url "$1"; then
		_pg_psql "$1" "$2"
	else
		sqlite3 -batch "$1" "$2"
	fi
}

# The advisory lock of the programs' write transactions on PostgreSQL
# (CS_PG_LOCK_KEY in lib/cs_db_pg.c: "CSdb", CS_APPLICATION_ID).
CS_PG_LOCK_KEY=1129538658

# hold_lock DB: another process (sqlite3, or psql taking the advisory
# lock of cs's writers; its commands coming through a FIFO) takes DB's
# write lock and holds it until release_lock (or until "ROLLBACK;" is
# written to its descriptor 3).
hold_lock() {
	mkfifo "$T/lock.fifo"
	if is_pg_url "$1"; then
		: "${PG_BINDIR:=$(sh "$TESTS_DIR/../scripts/pg-server.sh" bindir)}"
		"$PG_BINDIR/psql" -X -q -d "$1" <"$T/lock.fifo" >/dev/null 2>&1 &
	else
		sqlite3 "$1" <"$T/lock.fifo" >/dev/null 2>&1 &
	fi
	_holder=$!
	exec 3>"$T/lock.fifo"
	if is_pg_url "$1"; then
		echo "BEGIN; SELECT pg_advisory_xact_lock($CS_PG_LOCK_KEY);" >&3
	else
		echo "BEGIN IMMEDIATE;" >&3
	fi
	sleep 0.5
}

# release_lock: the holder of hold_lock lets go and ends.
release_lock() {
	echo "ROLLBACK;" >&3
	exec 3>&-
	wait $_holder
	rm -f "$T/lock.fifo"
}

# done_testing: prints the plan and exits nonzero when a test failed.
# report_fixtures DB: loads the report fixtures into DB: the dunning
# fixtures' customers A-G and tests/fixtures/report's few more rows.
report_fixtures() {
	for _t in customers invoices payments complaints promises; do
		cs-import -q -d "$1" -t $_t "$TESTS_DIR/fixtures/dunning/$_t.csv"
	done
	for _t in customers invoices payments complaints responses visits; do
		cs-import -q -d "$1" -t $_t "$TESTS_DIR/fixtures/report/$_t.csv"
	done
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
	exit $?
}
