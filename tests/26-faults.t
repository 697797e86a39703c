#!/bin/sh
# Faults: a full disk (a file size limit, so that every write past it
# fails as on a full disk), a read-only database, a lock held by another
# process, input corrupted halfway and, on a server, a session ended
# under a run, for cs-import and cs-dunning.  After each the database is
# intact, holds exactly what it held before, and the next run succeeds.
#
# The full disk and the read-only file are SQLite's (the file under a
# size limit, its mode); on PostgreSQL their counterparts are a database
# set read-only and the server ending the run's session
# (pg_terminate_backend, as when the server goes away).
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

printf 'customer_id,name\nC1,a\nC2,b\n' >customers.csv
cs-import -q -d "$db" -t customers customers.csv
awk 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (i = 1; i <= 100000; i++)
		printf "I%d,C%d,2026-01-01,2026-01-21,%d.%02d\n", i, i % 2 + 1, i % 5000 + 1, i % 100 }' >big.csv

# unchanged DESCRIPTION: the database is intact and holds what it held
# when before.sql was dumped, but for the record of an aborted import in
# import_runs, which is kept on purpose (two tests).  (pg_dump writes
# the rows as COPY data, tab separated.)
unchanged() {
	is_db_intact "$db" "$1: database intact"
	dump_db "$db" after.sql
	is_same_dump before.sql after.sql "$1: database as it was" \
		"(^INSERT INTO import_runs .*'aborted'\);\$)|(	aborted\$)"
}

# limited BLOCKS CMD...: runs CMD with files limited to BLOCKS of 512
# bytes, SIGXFSZ ignored so that writes past it fail with EFBIG.
limited() {
	_blocks=$1
	shift
	(trap '' XFSZ; ulimit -f "$_blocks"; exec "$@")
}

why_file="a file of SQLite's: on PostgreSQL the server writes, not the program"
if backend_is sqlite; then
	dump_db "$db" before.sql
	limited 600 cs-import -d "$db" -t invoices big.csv >out 2>err.raw
	status=$?
	sed "s|$T/||g" err.raw >err
	is_status 3 "cs-import on a full disk"
	grep -c 'nothing loaded' err >full.txt
	is_file full.txt "says that nothing was loaded" <<'EOF'
1
EOF
	unchanged "cs-import on a full disk"
else
	for d in "cs-import on a full disk" "says that nothing was loaded" \
		"cs-import on a full disk: database intact" "cs-import on a full disk: database as it was"; do
		skip "$d" "$why_file"
	done
	dump_db "$db" before.sql
fi

# Input corrupted halfway: a quote opened and never closed.
head -c 1500000 big.csv >half.csv
printf 'I999999,C1,"2026-01-01,2026-01-21,5.00\n' >>half.csv
run cs-import -d "$db" -t invoices half.csv
is_status 1 "input corrupted halfway"
grep -c 'quoted field not closed at end of input; nothing loaded' err >corrupt.txt
is_file corrupt.txt "says where and that nothing was loaded" <<'EOF'
1
EOF
unchanged "corrupted input"

# A lock held by another process past the timeout.
dump_db "$db" before.sql
hold_lock "$db"
export CS_LOCK_TIMEOUT=1
run cs-import -q -d "$db" -t invoices big.csv
is_status 5 "cs-import locked out"
run cs-dunning -d "$db" --as-of 2026-02-15
is_status 5 "cs-dunning locked out"
unset CS_LOCK_TIMEOUT
release_lock
unchanged "locked out"

# A read-only database: as an unprivileged user when run as root
# (root writes through file permissions); on PostgreSQL a database
# whose transactions are read-only (default_transaction_read_only).
# read_only on|off: the database becomes read-only, or writable again.
read_only() {
	if backend_is pg; then
		_ro_name=$(sql_do "$db" "SELECT current_database()")
		sql_do "$(_pg_url postgres)" \
			"ALTER DATABASE \"$_ro_name\" SET default_transaction_read_only = $1"
	elif [ "$1" = on ]; then
		chmod 644 cs.db
		rm -f cs.db-wal cs.db-shm
		sqlite3 cs.db "PRAGMA journal_mode" >/dev/null
		chmod 444 cs.db
		chmod 555 .
	else
		chmod 755 .
		chmod 600 cs.db
	fi
}
# as_user CMD...: runs CMD as a user that the read-only database
# refuses to write for (SQLite as root: nobody).
as_user() {
	if backend_is sqlite && [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}
read_only on
as_user cs-import -d "$db" -t invoices "$T/big.csv" >out 2>err.raw
status=$?
is_status 3 "cs-import on a read-only database"
as_user cs-dunning -d "$db" --as-of 2026-02-15 >out 2>err.raw
status=$?
is_status 3 "cs-dunning on a read-only database"
read_only off
unchanged "read-only"

# On a server, the session of a run ended under it (pg_terminate_backend,
# as when the server goes away): while the run waits for the lock (so
# that it is surely running), its session is ended; the run says so in
# one line and exits 3, and nothing of it is left.
# end_waiting CMD...: runs CMD in the background while another session
# holds the lock, ends CMD's session as soon as it waits for the lock,
# lets go of the lock and waits for CMD: its status in $status, its
# standard error in err.
end_waiting() {
	hold_lock "$db"
	CS_LOCK_TIMEOUT=60 "$@" >out 2>err.raw &
	_ew_pid=$!
	_ew_i=0
	while [ $_ew_i -lt 100 ] && [ "$(sql_do "$db" "SELECT pg_terminate_backend(pid)
		FROM pg_stat_activity WHERE datname = current_database()
		AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")" != t ]; do
		sleep 0.1
		_ew_i=$((_ew_i + 1))
	done
	wait $_ew_pid
	status=$?
	release_lock
	sed -f "$T/pg.sed" err.raw | sed "s|$T/||g" >err
}
why_server="a server's: SQLite has no session to end"
if backend_is pg; then
	dump_db "$db" before.sql
	end_waiting cs-import -q -d "$db" -t invoices big.csv
	is_status 3 "cs-import's session ended: database error"
	is_file err "says so in one line" <<'EOF'
cs-import: big.csv: database: the connection to the server was lost: terminating connection due to administrator command
EOF
	unchanged "cs-import's session ended"
	end_waiting cs-dunning -d "$db" --as-of 2026-02-15
	is_status 3 "cs-dunning's session ended: database error"
	is_file err "says so in one line" <<'EOF'
cs-dunning: database: the connection to the server was lost: terminating connection due to administrator command
EOF
	unchanged "cs-dunning's session ended"
else
	for d in "cs-import's session ended: database error" "says so in one line" \
		"cs-import's session ended: database intact" "cs-import's session ended: database as it was" \
		"cs-dunning's session ended: database error" "says so in one line" \
		"cs-dunning's session ended: database intact" "cs-dunning's session ended: database as it was"; do
		skip "$d" "$why_server"
	done
fi

# cs-dunning on a full disk, with 5,000 customers in arrears: the whole
# night or nothing.
run cs-import -q -d "$db" -t invoices big.csv
is_status 0 "the next import succeeds"
awk 'BEGIN { print "customer_id,name"; for (c = 1; c <= 5000; c++) printf "D%d,d\n", c }' >many.csv
awk 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (c = 1; c <= 5000; c++) printf "J%d,D%d,2026-01-01,2026-01-31,100.00\n", c, c }' >many-inv.csv
cs-import -q -d "$db" -t customers many.csv
cs-import -q -d "$db" -t invoices many-inv.csv
if backend_is sqlite; then
	sqlite3 cs.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	dump_db "$db" before.sql
	limited 200 cs-dunning -d "$db" --as-of 2026-02-15 >out 2>err.raw
	status=$?
	is_status 3 "cs-dunning on a full disk"
	unchanged "cs-dunning on a full disk"
else
	for d in "cs-dunning on a full disk" "cs-dunning on a full disk: database intact" \
		"cs-dunning on a full disk: database as it was"; do
		skip "$d" "$why_file"
	done
fi
run cs-dunning -d "$db" --as-of 2026-02-15
is_status 0 "the next night succeeds"
is_sql "$db" "SELECT count(*) FROM dunning_runs; SELECT count(*) FROM dunning_state" \
	"and is recorded" <<'EOF'
1
5002
EOF
done_testing
