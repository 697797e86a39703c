#!/bin/sh
# cs-dunning on an existing book, as a new user's first nights (the
# real-book issue, items 1 to 5), under the shipped policy (堵 prevent at
# 3 days before the due date, 催 remind at 1 day after, 引 guide at 15
# after 7 in 催, 追 pursue at 45 after 14 in 引, 诉 sue at 90 after 30 in
# 追 from 1000.00), nightly from 2026-01-15 to 2026-01-31:
#
#   N1  5000.00 due 2025-06-30, 199 days overdue on the first night: 催
#       (never 堵 for a debt past due), then, catching up a stage a
#       night, 引 01-16, 追 01-17, 诉 01-18 - every notice, in order.
#   N2  800.00 due 2026-01-20: 堵 on 01-17 (due in 3 days), 催 on 01-21.
#   N3  500.00 due 2026-01-10, 5 days overdue: 催 on 01-15, caught up at
#       once, so 引 waits for its 15 days (and 7 in 催): 01-25.
#   N4  900.00 due 2025-12-01, a complaint of category 账单 (a billing
#       dispute in the users' words) open since 2026-01-01: held.
#   N5  2000.00 due 2025-11-01, 75 days overdue: 催, 引 01-16, 追 01-17
#       (caught up: 诉 would need 90 days and 30 in 追); paid in full on
#       01-20: restore; the payment bounces on 01-22: back to 追 at once.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

cat >customers.csv <<'EOF'
customer_id,name,manager,phone
N1,一号,王经理,13812345678
N2,二号,李经理,
N3,三号,王经理,13987654321
N4,四号,张经理,
N5,五号,李经理,13700001111
EOF
cat >invoices.csv <<'EOF'
invoice_id,customer_id,issued_on,due_on,amount
I1,N1,2025-06-01,2025-06-30,5000.00
I2,N2,2026-01-01,2026-01-20,800.00
I3,N3,2025-12-20,2026-01-10,500.00
I4,N4,2025-11-01,2025-12-01,900.00
I5,N5,2025-10-01,2025-11-01,2000.00
EOF
cat >complaints.csv <<'EOF'
complaint_id,customer_id,opened_on,category,valid
K4,N4,2026-01-01,账单,有效
EOF
cat >payments.csv <<'EOF'
payment_id,customer_id,invoice_id,paid_on,amount,bounced_on
P5,N5,I5,2026-01-20,2000.00,2026-01-22
EOF
for t in customers invoices complaints payments; do
	cs-import -q -d "$db" -t $t $t.csv
done
sql_do "$db" "INSERT INTO segments (as_of, model, customer_id, label) VALUES
	('2026-01-01', 'bigcustomer', 'N1', 'regular'), ('2026-01-01', 'credit', 'N1', 'AAA')"
is_sql "$db" "SELECT category, valid FROM complaints; SELECT bounced_on FROM payments" \
	"#2 the Chinese category and validity stored as the canonical values" <<'EOF'
billing|1
2026-01-22
EOF

d=$(date -u -d 2026-01-15 +%s)
: >nights.csv
failed=""
while [ "$d" -le "$(date -u -d 2026-01-31 +%s)" ]; do
	night=$(date -u -d "@$d" +%F)
	cs-dunning -d "$db" --as-of "$night" --no-header >>nights.csv 2>>err.txt ||
		failed="$failed $night"
	d=$((d + 86400))
done
[ -z "$failed" ] && [ ! -s err.txt ]
ok $? "every night exits 0, with no warning${failed:+; not:$failed}"
cut -d, -f1,2,4,6 nights.csv >actions.txt
is_file actions.txt "#1 #2 #5 the first nights, as worked out by hand" <<'EOF'
2026-01-15,N1,remind,notify
2026-01-15,N3,remind,notify
2026-01-15,N4,,hold
2026-01-15,N5,remind,notify
2026-01-16,N1,guide,notify
2026-01-16,N1,guide,offer-plan
2026-01-16,N5,guide,notify
2026-01-16,N5,guide,offer-plan
2026-01-17,N1,pursue,notify
2026-01-17,N1,pursue,suspend
2026-01-17,N2,prevent,notify
2026-01-17,N5,pursue,notify
2026-01-17,N5,pursue,suspend
2026-01-18,N1,sue,legal
2026-01-18,N1,sue,blacklist
2026-01-20,N5,pursue,restore
2026-01-21,N2,remind,notify
2026-01-22,N5,pursue,notify
2026-01-22,N5,pursue,suspend
2026-01-25,N3,guide,notify
2026-01-25,N3,guide,offer-plan
EOF
grep -c ',prevent,' nights.csv | grep -v '^1$' >prevent.txt
is_file prevent.txt "#1 one 堵, for the one invoice not yet due" </dev/null
grep '^2026-01-16,N1,一号,guide,引,notify' nights.csv | grep -o '; 1 day in .*' >pace.txt
is_file pace.txt "#1 the reason says the customer is catching up" <<'EOF'
; 1 day in remind 催 (min 1, catching up)"
EOF
grep '^2026-01-15,N4,' nights.csv | sed 's/.*held: //' >dispute.txt
is_file dispute.txt "#2 the hold names the dispute" <<'EOF'
billing complaint K4 (billing) open since 2026-01-01
EOF
grep '^2026-01-22,N5,五号,pursue,追,notify' nights.csv | sed 's/.*,I5,//; s/; invoice.*//' >bounce.txt
is_file bounce.txt "#5 the bounce is the reason" <<'EOF'
arrears paid by 2026-01-20 open again (a payment bounced)
EOF

# 3. The action list with what is needed to act: the manager, and the
# phone masked unless asked.
run cs-dunning -d "$db" --as-of 2026-01-22 --replay --with manager,phone
cut -d, -f2,6,12,13 out >with.txt
is_file with.txt "#3 --with manager,phone, the phone masked" <<'EOF'
customer_id,action,manager,phone
N5,notify,李经理,137****1111
N5,suspend,李经理,137****1111
EOF
run cs-dunning -d "$db" --as-of 2026-01-22 --replay --with phone --reveal --format json
jq -r '.[0].phone' out >reveal.txt
is_file reveal.txt "#3 --reveal shows it; JSON output" <<'EOF'
13700001111
EOF
run cs-dunning -d "$db" --as-of 2026-01-22 --replay --with fax
is_status 2 "#3 an unknown column is a usage error"
head -1 err >err1
is_file err1 "#3 naming every column --with takes, schema 8's too" <<'EOF'
cs-dunning: --with fax: unknown column "fax" (expected customers columns: name, kind, region, industry, manager, phone, email, opened_on, credit_limit, status, parent_id, reg_no, address, employees, yearly_sales, founded_on, qualification, special_terms, level, checked_on, checked_by)
EOF

# 4. Rules for classes and grades that no snapshot can apply: said once.
db2=$(test_db cs2.db)
cs-import -q -d "$db2" -t customers customers.csv
run cs-dunning -d "$db2" --as-of 2026-01-15
is_file err "#4 the rules that cannot apply, and why" <<'EOF'
cs-dunning: the policy's rules for classes strategic, key, group do not apply: no bigcustomer snapshot on or before 2026-01-15 says who is in them (save one: cs-segment --save bigcustomer)
cs-dunning: the policy's rules for grade C do not apply: no credit snapshot on or before 2026-01-15 says who is in it (save one: cs-segment --save credit)
EOF

# 10. The header once, for a file appended to every night.
head -1 nights.csv | cut -c1-9 >first.txt
is_file first.txt "#10 --no-header: no header line in the appended file" <<'EOF'
2026-01-1
EOF
# The demo's book, its first night (done when: no 堵 for an overdue
# invoice): the sample data as the demo loads it, then the first run.
cs-sample -n 200 --bad demo >/dev/null
demo=$(test_db demo.db)
for t in customers invoices payments complaints visits responses promises; do
	cs-import -q -d "$demo" -t $t demo/$t.csv 2>/dev/null
done
cs-segment -q -d "$demo" --as-of 2026-10-31 --save bigcustomer credit >/dev/null
run cs-dunning -q -d "$demo" --as-of 2026-11-01
is_status 0 "the demo's first night"
is_sql "$demo" "SELECT count(*) FROM dunning_history h JOIN invoices i
	ON i.customer_id = h.customer_id AND i.invoice_id = h.oldest_invoice_id
	WHERE h.stage = 'prevent' AND i.due_on < h.run_date" \
	"#1 the demo's first night: no 堵 row for an overdue invoice" <<'EOF'
0
EOF
is_sql "$demo" "SELECT CASE WHEN count(*) > 0 THEN 1 ELSE 0 END FROM dunning_history
	WHERE stage = 'remind'" \
	"#1 the overdue debts start at 催" <<'EOF'
1
EOF
done_testing
