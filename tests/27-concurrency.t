#!/bin/sh
# Several cs-import and cs-report processes at once on one database (in
# WAL mode): every one finishes inside the lock timeout, none fails with
# "database is locked", and every row arrives.
. "$(dirname "$0")/lib.sh"

awk 'BEGIN { print "customer_id,name"; for (c = 1; c <= 2000; c++) printf "C%d,c%d\n", c, c }' \
	>customers.csv
cs-import -q -d cs.db -t customers customers.csv
for k in 1 2 3 4; do
	awk -v k=$k 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
		for (i = 1; i <= 20000; i++)
			printf "I%d-%d,C%d,2026-0%d-01,2026-0%d-21,%d.00\n", k, i, i % 2000 + 1, k, k, i % 90 + 10 }' \
		>inv$k.csv
done
awk 'BEGIN { print "payment_id,customer_id,paid_on,amount"
	for (i = 1; i <= 20000; i++) printf "P%d,C%d,2026-02-10,%d.00\n", i, i % 2000 + 1, i % 50 + 1 }' \
	>pay.csv

export CS_LOCK_TIMEOUT=60
pids=""
for k in 1 2 3 4; do
	cs-import -q -d cs.db -t invoices inv$k.csv >/dev/null 2>imp$k.err &
	pids="$pids $!"
done
cs-import -q -d cs.db -t payments pay.csv >/dev/null 2>pay.err &
pids="$pids $!"
for k in 1 2 3; do
	cs-report -d cs.db --as-of 2026-05-01 --format csv aging top >rep$k.csv 2>rep$k.err &
	pids="$pids $!"
done
failed=0
for p in $pids; do
	wait "$p" || failed=$((failed + 1))
done
unset CS_LOCK_TIMEOUT
ok "$failed" "five imports and three reports at once all exit 0"
cat imp*.err pay.err rep*.err >errors.txt
is_file errors.txt "no error messages, no \"database is locked\"" </dev/null
is_sql cs.db "SELECT count(*) FROM invoices; SELECT count(*) FROM payments;
	SELECT count(*), sum(status = 'loaded') FROM import_runs; PRAGMA integrity_check" \
	"every row arrived, every run recorded" <<'EOF'
80000
20000
6|6
ok
EOF
run cs-report -d cs.db --as-of 2026-05-01 --format csv aging
grep '^difference,' out >difference.csv
is_file difference.csv "afterwards the receivables reconcile" <<'EOF'
difference,0.00
EOF
done_testing
