#!/bin/sh
# A kill in the middle of a load leaves the database as it was, intact,
# and the next run loads the file.  On PostgreSQL the killed run's
# session ends and its transaction with it: nothing half-written.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)
# (Fewer rows on PostgreSQL, where a load takes longer: the kill still
# comes in the middle of it.)
rows=1000000
backend_is pg && rows=200000

printf 'customer_id,name\nC1,a\nC2,b\n' >customers.csv
run cs-import -q -d "$db" -t customers customers.csv
awk -v rows="$rows" 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (i = 1; i <= rows; i++)
		printf "I%d,C%d,2026-01-01,2026-01-21,%d.%02d\n", i, i % 2 + 1, i % 5000, i % 100 }' >big.csv
# Killed once it has read some rows (its page cache fills), before it ends.
killed_mid_run "$db" 0.3 cs-import -q -d "$db" -t invoices big.csv
run cs-import -q -d "$db" -t invoices big.csv
is_status 0 "the next run succeeds"
is_sql "$db" "SELECT count(*) FROM invoices" "and loads the whole file" <<EOF
$rows
EOF
done_testing
