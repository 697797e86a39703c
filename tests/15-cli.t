#!/bin/sh
# Command-line conventions: help, version, usage errors, the database
# choice ($CS_DB, ./cs.db), files that cannot be opened.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

run cs-import --help
is_status 0 "--help exits 0"
head -1 out >first
is_file first "--help prints the synopsis on stdout" <<'EOF'
usage: cs-import [-d DB] -t TABLE [options] [FILE...]
EOF
run cs-import --version
is_status 0 "--version exits 0"
is_file out "version line" <<'EOF'
cs-import (cs toolkit) 0.1.0
EOF
run cs-import
is_status 2 "no table: usage error"
is_file err "no table message" <<'EOF'
cs-import: no table given (-t TABLE)
usage: cs-import [-d DB] -t TABLE [options] [FILE...] (see --help)
EOF
run cs-import -t bills x.csv
is_status 2 "unknown table"
run cs-import -t customers --max-errors -1 x.csv
is_status 2 "negative --max-errors"
is_file err "number option message" <<'EOF'
cs-import: --max-errors -1: too small
EOF
run cs-import -t customers --encoding latin1 x.csv
is_status 2 "unknown encoding"
run cs-import -t customers --map name x.csv
is_status 2 "--map without ="
run cs-import -t customers --map a=nosuch x.csv
is_status 2 "--map to an unknown column"
run cs-import -t customers --bogus
is_status 2 "unknown option"

printf 'customer_id,name\nC1,a\n' >c.csv
env=$(test_db env.db)
CS_DB=$env run cs-import -q -t customers c.csv
is_status 0 "database from \$CS_DB"
is_sql "$env" "SELECT customer_id FROM customers" "\$CS_DB used" <<'EOF'
C1
EOF
# (The default is a SQLite file on either backend: nothing names a server.)
run cs-import -q -t customers c.csv
is_status 0 "default database ./cs.db"
is_sql cs.db "SELECT customer_id FROM customers" "./cs.db used" <<'EOF'
C1
EOF
run cs-import -q -d "$db" -t customers nosuch.csv c.csv
is_status 4 "missing input file: I/O error, other files still loaded"
is_file err "missing file message" <<'EOF'
cs-import: nosuch.csv: cannot open: No such file or directory
EOF
# --rejects FILE: always created (header only when nothing is rejected);
# "-" sends rejected rows to stderr.
run cs-import -q -d "$db" -t customers -r none.csv c.csv
is_status 0 "explicit rejects file, nothing rejected"
is_file none.csv "explicit rejects file has the header only" <<'EOF'
customer_id,name,line,column,reason
EOF
printf 'customer_id,name\nC2,\n' >bad.csv
run cs-import -q -d "$db" -t customers --rejects out/../bad-rows.csv bad.csv
is_status 4 "rejects file in a missing directory: I/O error"
run cs-import -q -d "$db" -t customers --rejects my.csv bad.csv
is_file my.csv "explicit rejects file gets the rejected row" <<'EOF'
customer_id,name,line,column,reason
C2,,2,2,name: required value missing
EOF
is_absent bad.rejects.csv "no default rejects file beside the input then"
run cs-import -q -d "$db" -t customers -r - bad.csv
is_file err "-r - writes rejected rows to stderr" <<'EOF'
cs-import: bad.csv:2:2: name: required value missing
customer_id,name,line,column,reason
C2,,2,2,name: required value missing
EOF

# A database that cannot be opened: one message, exit 3.
if backend_is sqlite; then
	mkdir ro && chmod 500 ro
	if [ "$(id -u)" -ne 0 ]; then
		run cs-import -q -d ro/x.db -t customers c.csv
		is_status 3 "database cannot be created"
	else
		skip "database cannot be created" "run as root, which writes in any directory"
	fi
	echo "not a database, just text that is long enough to fill a header page" >junk.db
	run cs-import -q -d junk.db -t customers c.csv
	is_status 3 "not a database"
else
	skip "database cannot be created" "a SQLite file in a directory it cannot write"
	skip "not a database" "a file that is not SQLite's"
fi
other=$(test_db other.db)
sql_do "$other" "CREATE TABLE t (a integer)"
run cs-import -q -d "$other" -t customers c.csv
is_status 3 "another application's database"
is_file err "is refused, not touched" <<'EOF'
cs-import: other.db: not a cs database (it holds other tables); not touched
EOF

# A PostgreSQL URL that cannot be used: one line that names the URL, its
# password masked, and says why (libpq's words); exit 3; the password
# never shown, not even where libpq quotes the URL or a part of it.  An
# unreachable server and a malformed URL need no server: both backends.
# one_line PREFIX DESCRIPTION: err is one line that starts with PREFIX
# and holds neither the password s3cret nor an escaped line break.
one_line() {
	[ "$(wc -l <err)" -eq 1 ] && [ "$(head -c ${#1} err)" = "$1" ] && ! grep -q 's3cret\|\\n' err
	_one=$?
	ok $_one "$2"
	[ $_one -eq 0 ] || sed 's/^/# stderr: /' err
}
pgurl="postgresql:///x?host=/nonexistent"
if cs-import -q -d "$pgurl" -t customers c.csv 2>&1 | grep -q 'without PostgreSQL support'; then
	for d in "an unreachable server" "one line for it" "a malformed URL" "one line for it" \
		"a password libpq cannot decode" "one line for it"; do
		skip "$d" "this cs was built without libpq"
	done
else
	run cs-import -q -d "postgresql://cs:s3cret@/cs?host=$T/nowhere" -t customers c.csv
	is_status 3 "an unreachable server"
	one_line "cs-import: postgresql://cs:***@/cs?host=nowhere: cannot connect: " "one line for it"
	run cs-import -q -d "postgresql://cs:s3cret@[::1/cs" -t customers c.csv
	is_status 3 "a malformed URL"
	one_line "cs-import: postgresql://cs:***@[::1/cs: cannot connect: " "one line for it"
	run cs-import -q -d "postgresql://cs:s3cret%zz@/cs?host=$T/nowhere" -t customers c.csv
	is_status 3 "a password libpq cannot decode"
	one_line "cs-import: postgresql://cs:***@/cs?host=nowhere: cannot connect: " "one line for it"
fi
# On a server: a database that does not exist (cs-import makes no
# database on a server), a user unknown to it (with a password).
if backend_is pg; then
	none=$(absent_db none.db)
	run cs-import -q -d "$none" -t customers c.csv
	is_status 3 "a database that does not exist"
	one_line "cs-import: none.db: cannot connect: " "one line for it"
	grep -q 'database "[^"]*" does not exist$' err
	ok $? "saying so"
	run cs-report -d "$(printf '%s' "$db" | sed 's|://[^@/]*@|://cs_no_such_user:s3cret@|')" aging
	is_status 3 "a user the server does not know, with a password"
	one_line "cs-report: postgresql://cs_no_such_user:***@/" "one line for it"
	grep -q 'role "cs_no_such_user" does not exist$' err
	ok $? "saying so"
else
	for d in "a database that does not exist" "one line for it" "saying so" \
		"a user the server does not know, with a password" "one line for it" "saying so"; do
		skip "$d" "a PostgreSQL server's (the PostgreSQL pass runs it)"
	done
fi
done_testing
