#!/bin/sh
# The PostgreSQL backend of the database interface (issue 17) against a
# throwaway server of its own: initdb in a temporary directory (as the
# unprivileged user nobody when run as root), listening on a Unix
# socket only, stopped and removed at the end, also when a test fails.
# bin/cs-pgcheck runs each check through cs_db.h: the schema created
# and recognised, a database that is not cs's or is newer refused (the
# URL's password never shown), a refused row inside a transaction, two
# queries stepped in turn on one connection, the write lock's timeout,
# and workers reading their leader's snapshot; then a server that
# checks passwords given a wrong one or none, and the server stopped
# outright in the middle of an import.  Skipped, with the
# reason, when the build has no libpq or no PostgreSQL server is
# installed.
. "$(dirname "$0")/lib.sh"

NCHECKS=36

# skip_all REASON: every check skipped, with the reason.
skip_all() {
	_i=0
	while [ $_i -lt $NCHECKS ]; do
		skip "PostgreSQL backend check $((_i + 1))" "$1"
		_i=$((_i + 1))
	done
	echo "1..$_n"
	exit 0
}

if cs-pgcheck postgresql:///none?host=/nonexistent open 2>&1 | grep -q 'without PostgreSQL support'; then
	skip_all "this cs was built without libpq"
fi
PGBIN=$(pg_config --bindir 2>/dev/null)
[ -x "$PGBIN/initdb" ] || PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -n 1)
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] ||
	skip_all "no PostgreSQL server (initdb, pg_ctl) installed"

# The server's directory: short (a socket path is at most 107 bytes) and
# the server's own user's.
PGT=$(mktemp -d /tmp/cs-pgt.XXXXXX) || exit 1
# as_server CMD...: runs CMD as the server's user, from / (which it can read).
as_server() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u nobody -- "$@")
	else
		(cd / && "$@")
	fi
}
[ "$(id -u)" -eq 0 ] && chown nobody "$PGT"
# start_server: starts the throwaway server, its log in $PGT/log.
start_server() {
	as_server "$PGBIN/pg_ctl" -D "$PGT/data" -l "$PGT/log" -w -o "-k $PGT -c listen_addresses=''" \
	    start
}
# halt_server: stops it at once, as a crash would.
halt_server() {
	as_server "$PGBIN/pg_ctl" -D "$PGT/data" -m immediate -w stop >/dev/null 2>&1
}
stop_server() {
	[ -f "$PGT/data/postmaster.pid" ] && halt_server
	rm -rf "$PGT"
}
trap 'stop_server; rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

if ! as_server "$PGBIN/initdb" -D "$PGT/data" -A trust -U postgres >"$T/initdb.log" 2>&1 ||
    ! start_server >"$T/pg_ctl.log" 2>&1; then
	sed 's/^/# /' "$T/initdb.log" "$T/pg_ctl.log" "$PGT/log" 2>/dev/null
	skip_all "the throwaway server did not start"
fi

# url DBNAME: the URL of a database of the throwaway server.
url() {
	echo "postgresql:///$1?host=$PGT&user=postgres"
}
# newdb DBNAME: an empty database.
newdb() {
	as_server "$PGBIN/createdb" -h "$PGT" -U postgres "$1"
}
# wait_until DBNAME TRIES SQL: asks SQL, a yes-or-no query, every 0.1 s
# until it answers yes, TRIES times at most.
wait_until() {
	_wu_i=0
	while [ $_wu_i -lt "$2" ] &&
	    [ "$(as_server "$PGBIN/psql" -X -tA -h "$PGT" -U postgres -d "$1" -c "$3")" != t ]; do
		sleep 0.1
		_wu_i=$((_wu_i + 1))
	done
}
# psql_run DBNAME SQL
psql_run() {
	as_server "$PGBIN/psql" -X -q -h "$PGT" -U postgres -d "$1" -c "$2" >/dev/null
}

newdb cs
run cs-pgcheck "$(url cs)" open
is_file out "an empty database opens, at version 0" <<'EOF2'
version 0 dialect pg
EOF2
run cs-pgcheck "$(url cs)" create
is_file out "opened to create, it gets the schema and its version" <<'EOF2'
version 8 dialect pg
EOF2
run cs-pgcheck "$(url cs)" open
is_file out "reopened, the version is read from cs_schema_version" <<'EOF2'
version 8 dialect pg
EOF2

newdb other
psql_run other "CREATE TABLE t (a integer)"
run cs-pgcheck "postgresql://postgres:s3cret@/other?host=$PGT&user=postgres" create
sed "s|$PGT|PGT|g" out >out.t
is_file out.t "a database that holds other tables is refused, the password masked" <<'EOF2'
refused: postgresql://postgres:***@/other?host=PGT&user=postgres: not a cs database (it holds other tables); not touched
EOF2
psql_run cs "INSERT INTO cs_schema_version (version) VALUES (99)"
run cs-pgcheck "$(url cs)" open
sed "s|$PGT|PGT|g" out >out.t
is_file out.t "a newer schema is refused" <<'EOF2'
refused: postgresql:///cs?host=PGT&user=postgres: schema version 99 is newer than this program's (8); upgrade the cs toolkit
EOF2
psql_run cs "DELETE FROM cs_schema_version WHERE version = 99"

run cs-pgcheck "$(url cs)" params
is_file out "?N parameters among literals, identifiers and comments, one bound and unused" <<'EOF2'
two?1 '?'-one
ac
EOF2
run cs-pgcheck "$(url cs)" refused
is_file out "a refused row undoes only itself: duplicate (23505), constraint, the transaction goes on" <<'EOF2'
insert a 1: done changes 1
insert a 2: duplicate changes 0
insert b -1: constraint changes 0
insert b 2: done changes 1
committed 2
EOF2
run cs-pgcheck "$(url cs)" interleave
is_file out "two queries of 2500 rows step in turn on one connection, writes between" <<'EOF2'
rows 2500 sum 3126250 ends 1 1
rows 2500 sum 3126250 ends 1 1
written 10
EOF2
CS_LOCK_TIMEOUT=1 run cs-pgcheck "$(url cs)" busy
is_file out "a write lock held past the timeout: busy (55P03), then free" <<'EOF2'
second begin failed busy 1 after >=1s
after release begins
EOF2
run cs-pgcheck "$(url cs)" snapshot
is_file out "workers and their streams read their leader's snapshot, not a later commit nor the leader's writes" <<'EOF2'
snapshot workers: 2 2 2
snapshot streams: 2 2
leader 2
writing workers: 3 3
writing streams: 3 3
writer 4
EOF2

# A dry run leaves nothing: the schema made inside the run's transaction is rolled back.
newdb dry
printf 'customer_id,name\nC1,a\n' >c.csv
run cs-import -q -n -d "$(url dry)" -t customers c.csv
run cs-pgcheck "$(url dry)" open
is_file out "a dry run on an empty database leaves it empty" <<'EOF2'
version 0 dialect pg
EOF2

# cs-import of customers gives the same messages, status and rejects on
# both backends: first load, then the same file again (unchanged rows).
newdb imp
run cs-pgcheck "$(url imp)" create
has=$(as_server "$PGBIN/psql" -X -tA -h "$PGT" -U postgres -d imp \
	-c "SELECT to_regclass('customers') IS NOT NULL" 2>/dev/null)
printf 'customer_id,name,kind\nC1,a,individual\nC2,bb,enterprise\nC3,c,bogus\nC3,d,individual\n' >c2.csv
for pass in "first load" "loaded again"; do
	if [ "$has" != t ]; then
		skip "cs-import of customers, $pass: the same on both backends" \
			"the PostgreSQL schema (lib/cs_schema_pg.c) has no customers table yet"
		continue
	fi
	run cs-import -d lite.db -t customers c2.csv
	{ echo "exit $status"; cat err c2.rejects.csv; } >lite.out
	run cs-import -d "$(url imp)" -t customers c2.csv
	{ echo "exit $status"; cat err c2.rejects.csv; } >pg.out
	cmp -s lite.out pg.out
	ok $? "cs-import of customers, $pass: the same on both backends"
	diff lite.out pg.out | sed 's/^/# /'
done

# A program waits for the write lock (the advisory lock 1129538658,
# "CSdb") as long as CS_LOCK_TIMEOUT, then gives up with exit 5.
if [ "$has" = t ]; then
	as_server "$PGBIN/psql" -X -q -h "$PGT" -U postgres -d imp -c "BEGIN" \
		-c "SELECT pg_advisory_xact_lock(1129538658)" -c "SELECT pg_sleep(5)" \
		-c "COMMIT" >/dev/null 2>&1 &
	holder=$!
	wait_until imp 50 "SELECT count(*) = 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
	CS_LOCK_TIMEOUT=1 run cs-import -d "$(url imp)" -t customers c2.csv
	is_status 5 "cs-import gives up on a lock held past the timeout"
	wait $holder
else
	skip "cs-import gives up on a lock held past the timeout" \
		"the PostgreSQL schema (lib/cs_schema_pg.c) has no customers table yet"
fi

# The first load of an empty table drops the table's foreign keys and
# adds them back before the commit, each checked in one pass
# (cs_import_pgkeys.c): the keys (and the indexes) are the same
# afterwards, a dry run and a load that fails leave them as they were,
# they still refuse a dangling row, and a user who does not own the
# table loads with them.
# keys DBNAME: the database's foreign keys and indexes, with their definitions.
keys() {
	as_server "$PGBIN/psql" -X -tA -h "$PGT" -U postgres -d "$1" -c "SELECT conrelid::regclass,
	    conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' ORDER BY 1, 2" \
	    -c "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
	    ORDER BY 2"
}
newdb fk
printf 'customer_id,name\nC1,a\nC2,b\n' >fkc.csv
printf 'invoice_id,customer_id,issued_on,due_on,amount\nI1,C1,2026-01-01,2026-01-21,10\nI2,C3,2026-01-01,2026-01-21,5\n' >fki.csv
printf 'payment_id,customer_id,invoice_id,paid_on,amount\nP1,C1,I1,2026-01-05,4\n' >fkp.csv
printf 'payment_id,customer_id,invoice_id,paid_on,amount,colour\nP9,C1,I1,2026-01-05,1,red\n' >fkbad.csv
run cs-import -q -d "$(url fk)" -t customers fkc.csv
keys fk >keys.before
grep -c '^payments|' keys.before >n.t
is_file n.t "payments has its two foreign keys before its first load" <<'EOF2'
2
EOF2
run cs-import -q -n -d "$(url fk)" -t invoices fki.csv
keys fk >keys.after
cmp -s keys.before keys.after
ok $? "a dry run of a first load leaves the foreign keys"
run cs-import -q -d "$(url fk)" -t payments fkbad.csv
keys fk >keys.after
cmp -s keys.before keys.after
ok $? "a first load refused (an unknown column) leaves the foreign keys"
run cs-import -q -d "$(url fk)" -t invoices fki.csv
run cs-import -q -d "$(url fk)" -t payments fkp.csv
keys fk >keys.after
cmp -s keys.before keys.after
ok $? "first loads of invoices and payments: the same foreign keys afterwards"
diff keys.before keys.after | sed 's/^/# /'
as_server "$PGBIN/psql" -X -tA -h "$PGT" -U postgres -d fk -c "SELECT customer_id, invoice_id,
    amount_cents FROM payments UNION ALL SELECT customer_id, invoice_id, amount_cents FROM invoices
    ORDER BY 2, 1" >rows.t 2>&1
is_file rows.t "and the rows (I2's customer C3 is unknown: rejected)" <<'EOF2'
C1|I1|400
C1|I1|1000
EOF2
psql_run fk "INSERT INTO payments (payment_id, customer_id, invoice_id, paid_on, amount_cents)
    VALUES ('P2', 'C1', 'I9', '2026-01-05', 1)" 2>/dev/null
ok $(( $? == 0 )) "the keys added back refuse a payment of an unknown invoice"
psql_run fk "CREATE ROLE clerk LOGIN; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO clerk;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO clerk"
printf 'visit_id,customer_id,visited_on,channel,outcome\nV1,C2,2026-01-05,phone,reached\n' >fkv.csv
run cs-import -q -d "postgresql:///fk?host=$PGT&user=clerk" -t visits fkv.csv
is_status 0 "a user who does not own the empty table loads it"
keys fk >keys.after
cmp -s keys.before keys.after
ok $? "with its foreign keys left in place"

# A program reading customers holds its lock: a first load of invoices
# neither waits for it nor deadlocks with it (a reader that goes on to
# invoices); it keeps the keys and their per-row checks instead.
newdb fkr
run cs-import -q -d "$(url fkr)" -t customers fkc.csv
keys fkr >keysr.before
mkfifo reader.fifo
as_server "$PGBIN/psql" -X -q -h "$PGT" -U postgres -d fkr <reader.fifo >/dev/null 2>&1 &
reader=$!
exec 3>reader.fifo
echo "BEGIN; SELECT count(*) FROM customers;" >&3
wait_until fkr 100 "SELECT count(*) <> 0 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
    WHERE c.relname = 'customers' AND l.pid <> pg_backend_pid()"
run timeout 60 cs-import -q -d "$(url fkr)" -t invoices fki.csv
is_status 1 "a first load beside a reader of the tables it references finishes (one row rejected)"
echo "COMMIT;" >&3
exec 3>&-
wait $reader
keys fkr >keysr.after
cmp -s keysr.before keysr.after
ok $? "and leaves the foreign keys as they were"

run cs-pgcheck "postgresql:///cs?host=$PGT/nowhere&user=postgres&password=s3cret" open
grep -c s3cret out >n.t
is_file n.t "a failed connection does not show the password" <<'EOF2'
0
EOF2
grep -q 'cannot connect' out
ok $? "and says it cannot connect"

# A server that checks passwords (scram-sha-256 for the role teller): a
# wrong password, or none, is refused in one line that never shows it,
# exit 3, at once (libpq does not prompt: cron is never left waiting);
# the right one opens.
psql_run cs "CREATE ROLE teller LOGIN PASSWORD 'right-pw'"
psql_run cs "GRANT SELECT ON cs_schema_version TO teller"
as_server sh -c "{ echo 'local all teller scram-sha-256'; cat '$PGT/data/pg_hba.conf'; } >'$PGT/hba' &&
	mv '$PGT/hba' '$PGT/data/pg_hba.conf'"
psql_run cs "SELECT pg_reload_conf()"
run cs-report -d "postgresql:///cs?host=$PGT&user=teller&password=wrong-pw" top
is_status 3 "a wrong password: database error"
sed "s|$PGT|PGT|g" err >err.t
is_file err.t "says so in one line, the password masked" <<'EOF2'
cs-report: postgresql:///cs?host=PGT&user=teller&password=***: cannot connect: connection to server on socket "PGT/.s.PGSQL.5432" failed: FATAL:  password authentication failed for user "teller"
EOF2
run env PGPASSWORD= cs-report -d "postgresql:///cs?host=$PGT&user=teller" top </dev/null
is_status 3 "no password where one is asked for: database error, no prompt"
grep -c 'no password supplied' err >n.t
is_file n.t "says that none was given" <<'EOF2'
1
EOF2
run cs-pgcheck "postgresql:///cs?host=$PGT&user=teller&password=right-pw" open
is_file out "the right password opens" <<'EOF2'
version 8 dialect pg
EOF2

# The server stopped outright in the middle of an import (pg_ctl stop
# -m immediate, as in a crash or a power cut): the import says so in one
# line and exits 3; started again, the server holds none of its rows;
# while it is down, a program says at once that it cannot connect.
newdb halt
printf 'customer_id,name\nC1,a\nC2,b\n' >hc.csv
cs-import -q -d "$(url halt)" -t customers hc.csv
awk 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (i = 1; i <= 300000; i++)
		printf "I%d,C%d,2026-01-01,2026-01-21,%d.%02d\n", i, i % 2 + 1, i % 5000 + 1, i % 100 }' >hi.csv
cs-import -q -d "$(url halt)" -t invoices hi.csv >/dev/null 2>err.halt &
importer=$!
wait_until halt 100 "SELECT count(*) <> 0 FROM pg_stat_activity
    WHERE datname = 'halt' AND query LIKE 'COPY%'"
halt_server
wait $importer
status=$?
is_status 3 "cs-import with its server stopped under it: database error"
grep -c 'the connection to the server was lost' err.halt >n.t
wc -l <err.halt >>n.t
is_file n.t "says so, in one line" <<'EOF2'
1
1
EOF2
run cs-report -d "$(url halt)" top
is_status 3 "a program while the server is down: database error"
grep -c 'cannot connect' err >n.t
is_file n.t "says it cannot connect" <<'EOF2'
1
EOF2
start_server >/dev/null 2>&1
as_server "$PGBIN/psql" -X -A -t -h "$PGT" -U postgres -d halt -c "SELECT count(*) FROM invoices" >n.t
is_file n.t "started again, the server holds none of the import's rows" <<'EOF2'
0
EOF2

done_testing
