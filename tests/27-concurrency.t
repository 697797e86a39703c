#!/bin/sh
# Several cs-import and cs-report processes at once on one database (in
# WAL mode on SQLite): every one finishes inside the lock timeout, none
# fails with "database is locked", and every row arrives.  Then two
# cs-dunning runs of one night at once: the second waits for the first
# and finds nothing new, so the night is evaluated, printed and charged
# once.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

awk 'BEGIN { print "customer_id,name"; for (c = 1; c <= 2000; c++) printf "C%d,c%d\n", c, c }' \
	>customers.csv
cs-import -q -d "$db" -t customers customers.csv
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
	cs-import -q -d "$db" -t invoices inv$k.csv >/dev/null 2>imp$k.err &
	pids="$pids $!"
done
cs-import -q -d "$db" -t payments pay.csv >/dev/null 2>pay.err &
pids="$pids $!"
for k in 1 2 3; do
	cs-report -d "$db" --as-of 2026-05-01 --format csv aging top >rep$k.csv 2>rep$k.err &
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
is_sql "$db" "SELECT count(*) FROM invoices; SELECT count(*) FROM payments;
	SELECT count(*), sum(CASE WHEN status = 'loaded' THEN 1 ELSE 0 END) FROM import_runs" \
	"every row arrived, every run recorded" <<'EOF'
80000
20000
6|6
EOF
is_db_intact "$db" "database intact"
run cs-report -d "$db" --as-of 2026-05-01 --format csv aging
grep '^difference,' out >difference.csv
is_file difference.csv "afterwards the receivables reconcile" <<'EOF'
difference,0.00
EOF

# Two dunning runs of one night at once.
export CS_LOCK_TIMEOUT=60
cs-dunning -d "$db" --as-of 2026-05-01 >dun1.out 2>dun1.err &
p1=$!
cs-dunning -d "$db" --as-of 2026-05-01 >dun2.out 2>dun2.err &
p2=$!
failed=0
wait $p1 || failed=$((failed + 1))
wait $p2 || failed=$((failed + 1))
unset CS_LOCK_TIMEOUT
ok "$failed" "two dunning runs of one night at once both exit 0"
cat dun1.err dun2.err | grep -v "do not apply: no .* snapshot" >errors.txt
is_file errors.txt "no error messages" </dev/null
# (Each prints the header; only the first its actions.)
for k in 1 2; do
	[ "$(wc -l <dun$k.out)" -gt 1 ] && echo "run $k printed actions"
done >printed.txt
tail -n +2 dun1.out >both.out
tail -n +2 dun2.out >>both.out
run cs-dunning -d "$db" --replay --as-of 2026-05-01
tail -n +2 out >replay.out
is_file both.out "together they printed the night's actions once" <replay.out
wc -l <printed.txt | tr -d ' ' >printed.n
is_file printed.n "only one of them printed anything" <<'EOF'
1
EOF
is_sql "$db" "SELECT count(*), min(as_of), CASE WHEN sum(actions) = (SELECT count(*)
	FROM dunning_history) THEN 'each action recorded once' ELSE 'actions: ' || sum(actions) END
	FROM dunning_runs" "one run recorded, each action once" <<'EOF'
1|2026-05-01|each action recorded once
EOF
done_testing
