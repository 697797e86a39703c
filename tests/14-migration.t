#!/bin/sh
# Schema versions: a version 1 database (before import_runs and segments) is upgraded
# in place with its data kept; a newer database is refused.
. "$(dirname "$0")/lib.sh"
sqlite_only "schema versions of SQLite files (PRAGMA user_version, a version 1 SQLite fixture)"

sqlite3 old.db <"$TESTS_DIR/fixtures/schema-v1.sql"
is_sql old.db "PRAGMA user_version" "fixture is schema version 1" <<'EOF'
1
EOF
printf 'invoice_id,customer_id,issued_on,due_on,amount\nI2,C1,2025-02-01,2025-02-21,20\n' >inv.csv
run cs-import -q -d old.db -t invoices inv.csv
is_status 0 "import into a version 1 database"
is_sql old.db "PRAGMA user_version; PRAGMA application_id; PRAGMA journal_mode" \
	"upgraded to version 8, marked as a cs database, in WAL mode" <<'EOF'
8
1129538658
wal
EOF
is_sql old.db "SELECT name FROM sqlite_master WHERE name IN ('import_runs', 'segments', 'invoices_by_customer', 'dunning_state', 'dunning_history', 'dunning_holds', 'complaint_events', 'complaint_status') ORDER BY 1" \
	"new tables, the view and the widened index are there" <<'EOF'
complaint_events
complaint_status
dunning_history
dunning_holds
dunning_state
import_runs
invoices_by_customer
segments
EOF
is_sql old.db "SELECT group_concat(name, ',') FROM pragma_index_info('invoices_by_customer')" \
	"invoice index covers revenue queries" <<'EOF'
customer_id,due_on,issued_on,invoice_id,amount_cents
EOF
is_sql old.db "SELECT invoice_id, amount_cents FROM invoices ORDER BY 1" "old rows kept, new row added" <<'EOF'
I1|1000
I2|2000
EOF
is_sql old.db "SELECT table_name, loaded FROM import_runs" "run recorded in the new table" <<'EOF'
invoices|1
EOF
is_sql old.db "PRAGMA integrity_check" "upgraded database is intact" <<'EOF'
ok
EOF

sqlite3 new.db "PRAGMA user_version = 99"
cp new.db new.copy
run cs-import -d new.db -t customers inv.csv
is_status 3 "a newer schema is refused"
is_file err "newer schema message" <<'EOF'
cs-import: new.db: schema version 99 is newer than this program's (8); upgrade the cs toolkit
EOF
cmp -s new.db new.copy
ok $? "newer database untouched"
done_testing
