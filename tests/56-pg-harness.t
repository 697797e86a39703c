#!/bin/sh
# The PostgreSQL test harness itself (issue 17, item 6), whatever the
# programs can do: scripts/pg-server.sh starts a throwaway server on a
# Unix socket only, as an unprivileged user, and stop removes it, also
# when its caller fails, is interrupted or is killed; scripts/test-pg.sh
# runs the files that say "backends sqlite pg" with CS_TEST_BACKEND=pg
# through tests/lib.sh's helpers (test_db, is_sql through psql, run
# naming the database as on SQLite), or says in one line why it skips.
# Skipped without PostgreSQL.
. "$(dirname "$0")/lib.sh"
backends sqlite

top=$(cd "$TESTS_DIR/.." && pwd)
pgs="$top/scripts/pg-server.sh"
if ! bindir=$(sh "$pgs" bindir 2>/dev/null); then
	echo "1..0 # SKIP PostgreSQL is not installed (sh scripts/install-deps.sh pg)"
	exit 0
fi
# The servers' directories: under a directory of this test's in /tmp
# (as root, the server runs as nobody, who cannot enter $T), searchable
# by all, removed at the end.
W=$(mktemp -d "${TMPDIR:-/tmp}/cs-pgh.XXXXXX")
chmod 711 "$W"
trap 'for _d in "$W"/*/; do [ -f "$_d/cs-pg-server" ] && sh "$pgs" stop "$_d"; done; rm -rf "$W"; _cleanup' EXIT

# psql_at DIR DBNAME SQL: the query's rows as sqlite3 prints them.
psql_at() {
	PGCLIENTENCODING=UTF8 "$bindir/psql" -X -q -A -t -F'|' -v ON_ERROR_STOP=1 \
		-d "$(sh "$pgs" url "$1" "$2")" -c "$3"
}

# procs_of DIR: the processes whose command line names DIR, one a line
# (the zombies of ended servers name nothing).
procs_of() {
	ps -eo pid=,args= | grep -F -- "$1" | grep -v -e 'grep -F' -e 'ps -eo' || true
}

# gone DIR DESCRIPTION: DIR removed, no process of its server left (two
# tests); waits up to 10 seconds for a watchdog or a trap.
gone() {
	_i=0
	while { [ -e "$1" ] || [ -n "$(procs_of "$1")" ]; } && [ $_i -lt 50 ]; do
		sleep 0.2
		_i=$((_i + 1))
	done
	is_absent "$1" "$2: the directory is removed"
	procs_of "$1" >procs
	is_file procs "$2: no process of that server is left" </dev/null
}

# --- start, a database, the socket only, the settings ---
d="$W/a"
run sh "$pgs" start "$d"
is_status 0 "start"
cat out err >both
is_file both "start prints nothing" </dev/null
run sh "$pgs" status "$d"
is_status 0 "status: running"
pid=$(head -n 1 "$d/data/postmaster.pid")
run sh "$pgs" start "$d"
is_status 0 "start again: nothing to do"
[ "$(head -n 1 "$d/data/postmaster.pid")" = "$pid" ]
ok $? "start again: the same server"
if [ "$(id -u)" -eq 0 ]; then
	want=nobody
else
	want=$(id -un)
fi
ps -o user= -p "$pid" | tr -d ' ' >user
is_file user "the server runs as $want" <<EOF
$want
EOF
run sh "$pgs" url "$d" harness
is_file out "url: the socket's directory, the caller's user name" <<EOF
postgresql://$(id -un)@/harness?host=$d&port=5432
EOF
run sh "$pgs" url "$d" 'x;y'
is_status 1 "url: a database name of letters, digits and _ only"

psql_at "$d" postgres "CREATE DATABASE harness" >out 2>&1
ok $? "a database made on the server"
psql_at "$d" harness "CREATE TABLE t (id int PRIMARY KEY, name text, note text);
	INSERT INTO t VALUES (1, 'a|b', NULL), (2, '王芳', 'two
lines')" >out 2>&1
ok $? "a table made and filled there through the socket"
# is_sql of tests/lib.sh on a URL: psql shaped as sqlite3's list mode.
is_sql "$(sh "$pgs" url "$d" harness)" "SELECT * FROM t ORDER BY id" "is_sql on a URL: rows as sqlite3 lists them" <<'EOF'
1|a|b|
2|王芳|two
lines
EOF
is_sql "$(sh "$pgs" url "$d" harness)" "SELECT * FROM t WHERE id > 2" "is_sql on a URL: no rows, no output" </dev/null
# (its TAP line into a file, its count taken back)
_was_n=$_n _was_failed=$_failed
is_sql "$(sh "$pgs" url "$d" harness)" "SELECT nosuch FROM t" "a failing query" </dev/null >sqlfail
[ "$_failed" -eq $((_was_failed + 1)) ] && grep -q '^not ok .* - a failing query$' sqlfail &&
	grep -q '^# psql exited 1:$' sqlfail && grep -q 'column "nosuch" does not exist' sqlfail
status=$?
_n=$_was_n _failed=$_was_failed
ok $status "is_sql on a URL: a failing query fails the test and shows psql's message"
psql_at "$d" postgres "SELECT current_setting('listen_addresses') = '',
	current_setting('unix_socket_directories'), current_setting('port')" >out 2>&1
is_file out "no TCP address at all: the Unix socket in its directory only" <<EOF
t|$d|5432
EOF
[ -S "$d/.s.PGSQL.5432" ]
ok $? "the socket is in the directory"
psql_at "$d" postgres "SHOW fsync; SHOW TimeZone; SHOW DateStyle; SHOW server_encoding;
	SELECT datcollate FROM pg_database WHERE datname = 'harness'" >out 2>&1
is_file out "fsync off, UTC, ISO dates, UTF8 in the C collation" <<'EOF'
off
UTC
ISO, YMD
UTF8
C
EOF

# --- stop ---
run sh "$pgs" stop "$d"
is_status 0 "stop"
cat out err >both
is_file both "stop prints nothing" </dev/null
gone "$d" "stop"
run sh "$pgs" stop "$d"
is_status 0 "stop again: nothing to do"
run sh "$pgs" status "$d"
is_status 1 "status: not running"

mkdir "$W/mine"
echo keep >"$W/mine/file"
run sh "$pgs" stop "$W/mine"
is_status 1 "stop refuses a directory it did not make"
[ -f "$W/mine/file" ]
ok $? "and leaves it as it was"
run sh "$pgs" start "$W/mine"
is_status 1 "start refuses a directory that is not empty"
run sh "$pgs" start
is_status 2 "start without a directory: usage"

# --- the caller's trap: a failing or interrupted caller stops it ---
# The idiom of scripts/test-pg.sh's header, in a caller that then fails.
cat >caller.sh <<'EOF'
set -eu
dir=$1 pgs=$2 what=$3
trap 'sh "$pgs" stop "$dir"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
sh "$pgs" start "$dir"
: >"$dir.up"
[ "$what" = fail ] && false
sleep 60 &
echo $! >"$dir.sleep"
wait $!
EOF
sh caller.sh "$W/b" "$pgs" fail >/dev/null 2>&1
status=$?
[ "$status" -eq 1 ] && [ -f "$W/b.up" ]
ok $? "a caller that fails after starting a server (exit $status)"
gone "$W/b" "a failed caller"

for sig in TERM INT; do
	# (a background job of sh ignores SIGINT, and sh cannot trap a
	# signal ignored on entry: perl gives the caller the default back)
	perl -e '$SIG{$_} = "DEFAULT" for qw(INT TERM HUP); exec @ARGV' \
		sh caller.sh "$W/c$sig" "$pgs" wait >/dev/null 2>&1 &
	caller=$!
	_i=0
	while [ ! -f "$W/c$sig.up" ] && [ $_i -lt 100 ]; do
		sleep 0.2
		_i=$((_i + 1))
	done
	[ -n "$(procs_of "$W/c$sig/data")" ]
	ok $? "SIG$sig: the caller's server runs"
	kill -"$sig" "$caller"
	wait "$caller"
	status=$?
	[ "$status" -gt 128 ]
	ok $? "SIG$sig ends the caller (status $status)"
	gone "$W/c$sig" "SIG$sig"
	[ -f "$W/c$sig.sleep" ] && kill "$(cat "$W/c$sig.sleep")" 2>/dev/null
done

# --- the watchdog: a caller killed outright, its trap never run ---
cat >killed.sh <<'EOF'
sh "$2" start "$1" $$ || exit 1
: >"$1.up"
exec sleep 60
EOF
sh killed.sh "$W/k" "$pgs" >/dev/null 2>&1 &
caller=$!
_i=0
while [ ! -f "$W/k.up" ] && [ $_i -lt 100 ]; do
	sleep 0.2
	_i=$((_i + 1))
done
[ -n "$(procs_of "$W/k/data")" ]
ok $? "SIGKILL: the caller's server runs"
kill -KILL "$caller"
wait "$caller" 2>/dev/null
gone "$W/k" "SIGKILL, through the watchdog"

# --- scripts/test-pg.sh, on a copy of the tree with stand-in programs ---
mkdir -p tree/scripts tree/tests tree/bin
cp "$top/scripts/pg-server.sh" "$top/scripts/test-pg.sh" tree/scripts/
cp "$TESTS_DIR/lib.sh" tree/tests/
# A cs-import that opens any database (it says which, on stderr); a
# PostgreSQL URL it checks with psql.
cat >tree/bin/cs-import <<EOF
#!/bin/sh
while [ \$# -gt 0 ]; do
	case \$1 in -d) db=\$2; shift ;; esac
	shift
done
echo "cs-import: \$db: stand-in" >&2
case \$db in
postgresql://*) "$bindir/psql" -X -q -d "\$db" -c 'CREATE TABLE IF NOT EXISTS customers (customer_id text)' ;;
esac
EOF
chmod +x tree/bin/cs-import
cat >tree/tests/60-both.t <<'EOF'
#!/bin/sh
. "$(dirname "$0")/lib.sh"
backends sqlite pg
backend_is pg
ok $? "CS_TEST_BACKEND=pg"
db=$(test_db cs.db)
is_pg_url "$db"
ok $? "test_db gives a URL"
[ "$db" = "$(test_db cs.db)" ]
ok $? "the same NAME, the same database"
run cs-import -d "$db" -t customers x.csv
is_status 0 "the stand-in runs"
is_file err "run names the database as on SQLite" <<'END'
cs-import: cs.db: stand-in
END
is_sql "$db" "SELECT count(*), 'x|y', NULL, 1 = 1 FROM customers" "psql on the database test_db made" <<'END'
0|x|y||t
END
dump_db "$db" dump.sql customers
ok $? "pg_dump's dump of it"
killed_mid_run "$db" 1 sleep 5
none=$(absent_db none.db)
is_db_absent "$none" "absent_db makes nothing"
sed 's/^t[0-9]*_/t_/' "$T/pg.names" >names
is_file names "one database made on the server, named after the file's process" <<'END'
t_cs
END
[ -n "${FAIL:-}" ] && ok 1 "fails when asked"
if [ -n "${SLOW:-}" ]; then
	: >"$TMPDIR/slow"
	sleep 30
fi
done_testing
EOF
cat >tree/tests/61-sqlite.t <<'EOF'
#!/bin/sh
. "$(dirname "$0")/lib.sh"
sqlite_only "reads the SQLite file"
ok 1 "never runs on PostgreSQL"
done_testing
EOF
cat >tree/tests/62-old.t <<'EOF'
#!/bin/sh
. "$(dirname "$0")/lib.sh"
ok 1 "never runs on PostgreSQL: not converted"
done_testing
EOF
mkdir "$W/tmp"
chmod 711 "$W/tmp"
CS_BIN="$T/tree/bin" TMPDIR="$W/tmp" sh tree/scripts/test-pg.sh >pass.out 2>&1
status=$?
ok $status "test-pg.sh: the PostgreSQL pass passes (exit $status)"
[ $status -eq 0 ] || sed 's/^/# /' pass.out
sed -n 's/^\(PostgreSQL pass: [0-9]*\)[^,]*, a server in .*/\1/p; s/^\(tests\/[^ ]*\) \.*/\1/p; s/^\(All tests successful\)\./\1/p' pass.out >summary
sed 's/^PostgreSQL pass: [0-9]*$/PostgreSQL pass: N/' summary >summary2
is_file summary2 "it ran the file marked for both backends only" <<'EOF'
PostgreSQL pass: N
tests/60-both.t ok
All tests successful
EOF
ls "$W/tmp" >left
is_file left "it removed its server" </dev/null
for f in 61-sqlite 62-old; do
	CS_BIN="$T/tree/bin" CS_TEST_BACKEND=pg CS_TEST_PG_DIR=/nonexistent sh "tree/tests/$f.t"
done >skips 2>&1
is_file skips "on pg, sqlite_only and unconverted files skip at once, needing no server" <<'EOF'
1..0 # SKIP SQLite only: reads the SQLite file
1..0 # SKIP not yet converted to test_db (no "backends sqlite pg" line)
EOF
FAIL=1 CS_BIN="$T/tree/bin" TMPDIR="$W/tmp" sh tree/scripts/test-pg.sh >pass.out 2>&1
status=$?
[ $status -ne 0 ]
ok $? "a failing test fails the pass (exit $status)"
ls "$W/tmp" >left
is_file left "and its server is removed all the same" </dev/null
procs_of "$W/tmp" >procs
is_file procs "no process of it left" </dev/null

# Interrupted in the middle of a test file: the server goes at once.
SLOW=1 CS_BIN="$T/tree/bin" TMPDIR="$W/tmp" sh tree/scripts/test-pg.sh >pass.out 2>&1 &
pass=$!
_i=0
while [ ! -f "$W/tmp/slow" ] && [ $_i -lt 150 ]; do
	sleep 0.2
	_i=$((_i + 1))
done
[ -f "$W/tmp/slow" ] && [ -n "$(procs_of "$W/tmp")" ]
ok $? "SIGTERM to test-pg.sh: its server runs, a test file is under way"
kill -TERM "$pass"
wait "$pass"
status=$?
[ $status -eq 143 ]
ok $? "SIGTERM ends test-pg.sh (status $status)"
rm -f "$W/tmp/slow"
_i=0
while [ -n "$(ls "$W/tmp")" ] && [ $_i -lt 50 ]; do
	sleep 0.2
	_i=$((_i + 1))
done
ls "$W/tmp" >left
is_file left "SIGTERM: the server is removed, the test file ended" </dev/null
procs_of "$W/tmp" >procs
is_file procs "SIGTERM: no process of it left" </dev/null

# A cs-import that cannot open a PostgreSQL database: one line, exit 0.
printf '#!/bin/sh\necho "cs-import: $3: cannot create" >&2\nexit 3\n' >tree/bin/cs-import
CS_BIN="$T/tree/bin" TMPDIR="$W/tmp" sh tree/scripts/test-pg.sh >pass.out 2>&1
status=$?
sed "s/yet: .*)$/yet: ...)/" pass.out >skipline
is_file skipline "programs without the backend: one line says the pass is skipped" <<'EOF'
PostgreSQL pass: skipped (cs-import does not open a PostgreSQL database yet: ...)
EOF
[ $status -eq 0 ]
ok $? "and the suite does not fail for it (exit $status)"
CS_TEST_PG_REQUIRED=1 CS_BIN="$T/tree/bin" TMPDIR="$W/tmp" sh tree/scripts/test-pg.sh >/dev/null 2>&1
status=$?
[ $status -eq 1 ]
ok $? "unless CS_TEST_PG_REQUIRED=1 (exit $status)"
ls "$W/tmp" >left
is_file left "no server left by the skipped passes" </dev/null
done_testing
