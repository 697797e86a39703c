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
TESTS_DIR=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/cs-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
_n=0
_failed=0

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
	sed "s|$T/||g" "$T/err.raw" >"$T/err"
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

# is_sql DB SQL DESCRIPTION < expected: the query's output must equal
# stdin.  DB must exist (sqlite3 would make an empty database, where
# PRAGMA integrity_check says ok and foreign_key_check finds nothing)
# and sqlite3 must succeed.
is_sql() {
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
dump_db() {
	_dump_db=$1 _dump_file=$2
	shift 2
	rm -f "$_dump_file"
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
	elif [ $# -eq 0 ]; then
		grep -q '^CREATE TABLE ' "$_dump_file.part" || _dump_why="no CREATE TABLE"
	fi
	for _dump_t in "$@"; do
		grep -Eq "^CREATE TABLE (IF NOT EXISTS )?\"?$_dump_t\"? \(" "$_dump_file.part" ||
			_dump_why="${_dump_why:+$_dump_why, }no CREATE TABLE $_dump_t"
	done
	if [ -n "$_dump_why" ]; then
		echo "# dump of $_dump_db: $_dump_why"
		rm -f "$_dump_file.part"
		return 1
	fi
	mv "$_dump_file.part" "$_dump_file"
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
	is_sql "$_db" "PRAGMA integrity_check" "database intact after the kill" <<'EOF'
ok
EOF
	dump_db "$_db" "$T/after.sql"
	is_same_dump "$T/before.sql" "$T/after.sql" "database holds exactly its state before the run"
}

# hold_lock DB: another process (sqlite3, its commands coming through a
# FIFO) takes DB's write lock and holds it until release_lock.
hold_lock() {
	mkfifo "$T/lock.fifo"
	sqlite3 "$1" <"$T/lock.fifo" >/dev/null 2>&1 &
	_holder=$!
	exec 3>"$T/lock.fifo"
	echo "BEGIN IMMEDIATE;" >&3
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
