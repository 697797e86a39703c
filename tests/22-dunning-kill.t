#!/bin/sh
# A cs-dunning run killed in the middle (a long catch-up over many
# nights) leaves the database as it was, intact, and the next run does
# the whole work.  Two runs of one night at once: the second waits for
# the first's lock, then finds the night done and adds nothing; a lock
# held past CS_LOCK_TIMEOUT is given up with exit 5, nothing written.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

awk 'BEGIN { print "customer_id,name"
	for (c = 1; c <= 4000; c++) printf "C%05d,customer %d\n", c, c }' >customers.csv
awk 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (c = 1; c <= 4000; c++)
		for (m = 1; m <= 9; m++)
			printf "I%05d%d,C%05d,2025-0%d-01,2025-0%d-28,%d.%02d\n", c, m, c, m, m, c % 900 + 100, m }' >invoices.csv
cs-import -q -d "$db" -t customers customers.csv
cs-import -q -d "$db" -t invoices invoices.csv
run cs-dunning -d "$db" --as-of 2025-01-01
is_status 0 "the first night"
killed_mid_run "$db" 0.3 cs-dunning -d "$db" --as-of 2026-06-30

# The next run, and a second run of the same night started while it works.
cs-dunning -q -d "$db" --as-of 2026-06-30 >first.csv 2>/dev/null &
first=$!
sleep 0.3
run cs-dunning -q -d "$db" --as-of 2026-06-30
wait $first
first_status=$?
[ "$first_status" -eq 0 ]
ok $? "the next run succeeds (exit $first_status)"
is_status 0 "a second run of the night at once waits for it"
is_file out "and adds nothing: the night is done" <<'EOF'
run_date,customer_id,name,stage,stage_label,action,days_overdue,balance,late_fee,oldest_invoice_id,reason
EOF
is_sql "$db" "SELECT count(*), max(as_of) FROM dunning_runs" "and is recorded once" <<'EOF'
2|2026-06-30
EOF
# 诉 needs 1000.00 overdue: the 59 customers whose nine invoices total
# 9 x 100-111 yuan (c % 900 <= 11) stop at 追.
is_sql "$db" "SELECT stage, count(*) FROM dunning_state GROUP BY stage ORDER BY stage" \
	"the customers climbed the ladder over the nights caught up" <<'EOF'
pursue|59
sue|3941
EOF
tail -n +2 first.csv | wc -l | tr -d ' ' >actions.txt
is_sql "$db" "SELECT count(*) FROM dunning_history
	WHERE run_id = (SELECT run_id FROM dunning_runs WHERE as_of = '2026-06-30')" \
	"the run's actions, printed and recorded once" <actions.txt

# A lock held past the timeout: exit 5, nothing written.
dump_db "$db" before.sql
hold_lock "$db"
export CS_LOCK_TIMEOUT=1
run cs-dunning -q -d "$db" --as-of 2026-07-01
unset CS_LOCK_TIMEOUT
release_lock
is_status 5 "a run locked out past the timeout"
is_file err "says the database is locked" <<'EOF'
cs-dunning: the database is locked by another run; gave up after the lock timeout (CS_LOCK_TIMEOUT)
EOF
dump_db "$db" after.sql
is_same_dump before.sql after.sql "and writes nothing"
done_testing
