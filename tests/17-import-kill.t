#!/bin/sh
# A kill in the middle of a load leaves the database as it was, intact,
# and the next run loads the file.
. "$(dirname "$0")/lib.sh"

printf 'customer_id,name\nC1,a\nC2,b\n' >customers.csv
run cs-import -q -d cs.db -t customers customers.csv
awk 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (i = 1; i <= 1000000; i++)
		printf "I%d,C%d,2026-01-01,2026-01-21,%d.%02d\n", i, i % 2 + 1, i % 5000, i % 100 }' >big.csv
sqlite3 cs.db .dump >before

cs-import -q -d cs.db -t invoices big.csv 2>/dev/null &
pid=$!
# Kill it once it has read some rows (its page cache fills), before it ends.
n=0
while [ $n -lt 100 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.05
	n=$((n + 1))
	[ $n -ge 6 ] && break
done
kill -KILL $pid 2>/dev/null
killed=$?
wait $pid 2>/dev/null
ok $killed "cs-import killed mid-run"
is_sql cs.db "PRAGMA integrity_check" "database intact after the kill" <<'EOF'
ok
EOF
sqlite3 cs.db .dump >after
cmp -s before after
ok $? "database holds exactly its state before the run"
run cs-import -q -d cs.db -t invoices big.csv
is_status 0 "the next run succeeds"
is_sql cs.db "SELECT count(*) FROM invoices" "and loads the whole file" <<'EOF'
1000000
EOF
done_testing
