#!/bin/sh
# Which files are cs databases (hardening, items 2, 9 and 12): another
# application's SQLite file is refused by every program and left as it
# was; a cs database restored from sqlite3 .dump is recognised; every
# database is put in write-ahead-log mode, so that a long catch-up run
# cannot wait on its own readers; the schema is there before a file is
# loaded, so that a refused file is recorded.
. "$(dirname "$0")/lib.sh"
sqlite_only "which SQLite files are cs databases: another application's file, sqlite3 .dump, WAL mode"

printf 'customer_id,name\nC1,a\n' >c.csv

# 2. A SQLite file of another application, with tables of its own.
sqlite3 app.db 'CREATE TABLE orders (id INTEGER PRIMARY KEY); INSERT INTO orders VALUES (7)'
cp app.db app.copy
: >refusals.txt
for cmd in "cs-import -t customers c.csv" "cs-segment rfm" "cs-dunning --as-of 2026-01-01" \
    "cs-survey plan" "cs-report aging"; do
	# shellcheck disable=SC2086
	run $cmd -d app.db
	echo "$status $(head -1 err)" >>refusals.txt
done
is_file refusals.txt "#2 every program refuses another application's database (exit 3)" <<'EOF'
3 cs-import: app.db: not a cs database (it holds other tables); not touched
3 cs-segment: app.db: not a cs database (it holds other tables); not touched
3 cs-dunning: app.db: not a cs database (it holds other tables); not touched
3 cs-survey: app.db: not a cs database (it holds other tables); not touched
3 cs-report: app.db: not a cs database (it holds other tables); not touched
EOF
cmp -s app.db app.copy
ok $? "#2 the file is byte for byte as it was"
ls app.db* >files.txt
is_file files.txt "#2 and nothing was made beside it" <<'EOF'
app.db
EOF

# Another application's mark, even on a database without tables.
sqlite3 other.db 'PRAGMA application_id = 42'
run cs-report -d other.db aging
is_status 3 "#2 a database marked by another application"
is_file err "#2 says so" <<'EOF'
cs-report: other.db: not a cs database (application_id 0x2a); not touched
EOF

# A cs database carries the toolkit's mark.
cs-import -q -d cs.db -t customers c.csv
is_sql cs.db "PRAGMA application_id; PRAGMA user_version" "#2 a new cs database is marked" <<'EOF'
1129538658
8
EOF

# A cs database restored from sqlite3 .dump: no version, no mark.
dump_db cs.db cs.sql && sqlite3 -batch restored.db <cs.sql
ok $? "#2 cs.db dumped and restored"
is_sql restored.db "PRAGMA application_id; PRAGMA user_version; PRAGMA journal_mode" \
	"#2 the restored copy has lost its version and mark" <<'EOF'
0
0
delete
EOF
run cs-report -d restored.db --format csv aging
is_status 0 "#2 a database restored from a dump is recognised"
printf 'customer_id,name\nC2,b\n' >c2.csv
run cs-import -q -d restored.db -t customers c2.csv
is_status 0 "#2 and loaded into"
is_sql restored.db "PRAGMA application_id; PRAGMA user_version; SELECT count(*) FROM customers" \
	"#2 which gets its version and mark back" <<'EOF'
1129538658
8
2
EOF

# 9. Every database a program opens is put in write-ahead-log mode.
modes=""
for cmd in "cs-import -q -t customers c.csv" "cs-segment rfm" "cs-dunning --as-of 2026-01-01" \
    "cs-survey plan" "cs-report aging"; do
	rm -f rj.db*
	install -m 600 /dev/null rj.db
	# shellcheck disable=SC2086
	$cmd -d rj.db >/dev/null 2>&1
	modes="$modes $(sqlite3 rj.db 'PRAGMA journal_mode')"
done
echo "$modes" >modes.txt
is_file modes.txt "#9 an empty file made by hand is put in WAL mode by every program" <<'EOF'
 wal wal wal wal wal
EOF

# A catch-up over two years on a database restored from a dump (rollback
# journal): the workers read beside the writer and the run ends.
awk 'BEGIN { print "customer_id,name"; for (c = 1; c <= 3000; c++) printf "D%05d,d\n", c }' >many.csv
awk 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (c = 1; c <= 3000; c++) for (m = 1; m <= 12; m++)
		printf "J%d-%d,D%05d,2025-%02d-01,2025-%02d-20,%d.00\n", c, m, c, m, m, c % 90 + 10 }' >many-inv.csv
cs-import -q -d big.db -t customers many.csv
cs-import -q -d big.db -t invoices many-inv.csv
cs-dunning -d big.db --as-of 2025-01-01 >/dev/null 2>>dunning.err
dump_db big.db big.sql && sqlite3 -batch dumped.db <big.sql
ok $? "#9 big.db dumped and restored"
CS_LOCK_TIMEOUT=5 timeout 300 cs-dunning -d dumped.db --as-of 2026-12-31 >actions.csv 2>err
status=$?
is_status 0 "#9 a two-year catch-up on a restored database ends"
is_sql dumped.db "PRAGMA journal_mode; SELECT count(*) > 3000 FROM dunning_history" \
	"#9 in WAL mode, with its history written" <<'EOF'
wal
1
EOF

# 12. A file refused on a new database: the schema is there and the
# refusal is recorded.
printf 'customer_id,nom\nC1,a\n' >bad-header.csv
run cs-import -q -d new.db -t customers bad-header.csv
is_status 1 "#12 a refused header on a new database"
is_sql new.db "PRAGMA user_version; SELECT table_name, file, rows, status FROM import_runs" \
	"#12 the schema is made and the refused run recorded" <<'EOF'
8
customers|bad-header.csv|0|refused
EOF
done_testing
