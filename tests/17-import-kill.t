#!/bin/sh
# A kill in the middle of a load leaves the database as it was, intact,
# and the next run loads the file.
. "$(dirname "$0")/lib.sh"

printf 'customer_id,name\nC1,a\nC2,b\n' >customers.csv
run cs-import -q -d cs.db -t customers customers.csv
awk 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (i = 1; i <= 1000000; i++)
		printf "I%d,C%d,2026-01-01,2026-01-21,%d.%02d\n", i, i % 2 + 1, i % 5000, i % 100 }' >big.csv
# Killed once it has read some rows (its page cache fills), before it ends.
killed_mid_run cs.db 0.3 cs-import -q -d cs.db -t invoices big.csv
run cs-import -q -d cs.db -t invoices big.csv
is_status 0 "the next run succeeds"
is_sql cs.db "SELECT count(*) FROM invoices" "and loads the whole file" <<'EOF'
1000000
EOF
done_testing
