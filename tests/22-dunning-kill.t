#!/bin/sh
# A cs-dunning run killed in the middle (a long catch-up over many
# nights) leaves the database as it was, intact, and the next run does
# the whole work.
. "$(dirname "$0")/lib.sh"

awk 'BEGIN { print "customer_id,name"
	for (c = 1; c <= 4000; c++) printf "C%05d,customer %d\n", c, c }' >customers.csv
awk 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (c = 1; c <= 4000; c++)
		for (m = 1; m <= 9; m++)
			printf "I%05d%d,C%05d,2025-0%d-01,2025-0%d-28,%d.%02d\n", c, m, c, m, m, c % 900 + 100, m }' >invoices.csv
cs-import -q -d cs.db -t customers customers.csv
cs-import -q -d cs.db -t invoices invoices.csv
run cs-dunning -d cs.db --as-of 2025-01-01
is_status 0 "the first night"
killed_mid_run cs.db 0.3 cs-dunning -d cs.db --as-of 2026-06-30
run cs-dunning -d cs.db --as-of 2026-06-30
is_status 0 "the next run succeeds"
is_sql cs.db "SELECT count(*), max(as_of) FROM dunning_runs" "and is recorded once" <<'EOF'
2|2026-06-30
EOF
# 诉 needs 1000.00 overdue: the 59 customers whose nine invoices total
# 9 x 100-111 yuan (c % 900 <= 11) stop at 追.
is_sql cs.db "SELECT stage, count(*) FROM dunning_state GROUP BY stage ORDER BY stage" \
	"the customers climbed the ladder over the nights caught up" <<'EOF'
pursue|59
sue|3941
EOF
done_testing
