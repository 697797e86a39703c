#!/bin/sh
# Faults: a full disk (a file size limit, so that every write past it
# fails as on a full disk), a read-only database, a lock held by another
# process and input corrupted halfway, for cs-import and cs-dunning.
# After each the database passes its integrity check, holds exactly
# what it held before, and the next run succeeds.
. "$(dirname "$0")/lib.sh"

printf 'customer_id,name\nC1,a\nC2,b\n' >customers.csv
cs-import -q -d cs.db -t customers customers.csv
awk 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (i = 1; i <= 100000; i++)
		printf "I%d,C%d,2026-01-01,2026-01-21,%d.%02d\n", i, i % 2 + 1, i % 5000 + 1, i % 100 }' >big.csv

# unchanged DESCRIPTION: the database is intact and holds what it held
# when before.sql was dumped, but for the record of an aborted import in
# import_runs, which is kept on purpose (two tests).
unchanged() {
	is_sql cs.db "PRAGMA integrity_check" "$1: database intact" <<'EOF'
ok
EOF
	dump_db cs.db after.sql
	is_same_dump before.sql after.sql "$1: database as it was" \
		"^INSERT INTO import_runs .*'aborted'\);\$"
}

# limited BLOCKS CMD...: runs CMD with files limited to BLOCKS of 512
# bytes, SIGXFSZ ignored so that writes past it fail with EFBIG.
limited() {
	_blocks=$1
	shift
	(trap '' XFSZ; ulimit -f "$_blocks"; exec "$@")
}

dump_db cs.db before.sql
limited 600 cs-import -d cs.db -t invoices big.csv >out 2>err.raw
status=$?
sed "s|$T/||g" err.raw >err
is_status 3 "cs-import on a full disk"
grep -c 'nothing loaded' err >full.txt
is_file full.txt "says that nothing was loaded" <<'EOF'
1
EOF
unchanged "cs-import on a full disk"

# Input corrupted halfway: a quote opened and never closed.
head -c 1500000 big.csv >half.csv
printf 'I999999,C1,"2026-01-01,2026-01-21,5.00\n' >>half.csv
run cs-import -d cs.db -t invoices half.csv
is_status 1 "input corrupted halfway"
grep -c 'quoted field not closed at end of input; nothing loaded' err >corrupt.txt
is_file corrupt.txt "says where and that nothing was loaded" <<'EOF'
1
EOF
unchanged "corrupted input"

# A lock held by another process past the timeout.
dump_db cs.db before.sql
hold_lock cs.db
export CS_LOCK_TIMEOUT=1
run cs-import -q -d cs.db -t invoices big.csv
is_status 5 "cs-import locked out"
run cs-dunning -d cs.db --as-of 2026-02-15
is_status 5 "cs-dunning locked out"
unset CS_LOCK_TIMEOUT
release_lock
unchanged "locked out"

# A read-only database: as an unprivileged user when run as root
# (root writes through file permissions).
chmod 644 cs.db
rm -f cs.db-wal cs.db-shm
sqlite3 cs.db "PRAGMA journal_mode" >/dev/null
chmod 444 cs.db
chmod 555 .
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}
as_user cs-import -d cs.db -t invoices "$T/big.csv" >out 2>err.raw
status=$?
is_status 3 "cs-import on a read-only database"
as_user cs-dunning -d cs.db --as-of 2026-02-15 >out 2>err.raw
status=$?
is_status 3 "cs-dunning on a read-only database"
chmod 755 .
chmod 600 cs.db
unchanged "read-only"

# cs-dunning on a full disk, with 5,000 customers in arrears: the whole
# night or nothing.
run cs-import -q -d cs.db -t invoices big.csv
is_status 0 "the next import succeeds"
awk 'BEGIN { print "customer_id,name"; for (c = 1; c <= 5000; c++) printf "D%d,d\n", c }' >many.csv
awk 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (c = 1; c <= 5000; c++) printf "J%d,D%d,2026-01-01,2026-01-31,100.00\n", c, c }' >many-inv.csv
cs-import -q -d cs.db -t customers many.csv
cs-import -q -d cs.db -t invoices many-inv.csv
sqlite3 cs.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
dump_db cs.db before.sql
limited 200 cs-dunning -d cs.db --as-of 2026-02-15 >out 2>err.raw
status=$?
is_status 3 "cs-dunning on a full disk"
unchanged "cs-dunning on a full disk"
run cs-dunning -d cs.db --as-of 2026-02-15
is_status 0 "the next night succeeds"
is_sql cs.db "SELECT count(*) FROM dunning_runs; SELECT count(*) FROM dunning_state" \
	"and is recorded" <<'EOF'
1
5002
EOF
done_testing
