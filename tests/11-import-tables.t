#!/bin/sh
# cs-import of the other tables: their rules, references to customers
# and invoices, date order, stub customers.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

printf 'customer_id,name\nC1,王芳\nC2,李强\n' >customers.csv
run cs-import -q -d "$db" -t customers customers.csv
is_status 0 "customers loaded"

cat >invoices.csv <<'CSV'
invoice_id,customer_id,period,issued_on,due_on,amount
I1,C1,2026-01,2026-01-05,2026-01-25,"1,000.00"
I2,C1,2026-02,2026-02-05,2026-02-25,-50.5
I3,C2,2026/2,2026-02-05,2026-02-25,¥300
I4,C9,2026-02,2026-02-05,2026-02-25,1
I5,C1,2026-13,2026-02-05,2026-02-25,1
I6,C1,2026-02,2026-02-05,2026-02-04,1
I7,C1,2026-02,2026-02-05,2026-02-25,1e3
I8,C1,2026-02,2026-02-05,2026-02-25,
CSV
run cs-import -d "$db" -t invoices -e utf-8 invoices.csv
is_status 1 "invoices with rejects"
is_file err "invoice rejections" <<'EOF'
cs-import: invoices.csv:5:2: customer_id "C9": no such customer
cs-import: invoices.csv:6:3: period "2026-13": no such month
cs-import: invoices.csv:7:5: due_on "2026-02-04": earlier than issued_on 2026-02-05
cs-import: invoices.csv:8:6: amount "1e3": not a decimal amount
cs-import: invoices.csv:9:6: amount: required value missing
cs-import: invoices.csv: 8 rows, 3 loaded (3 new, 0 updated, 0 unchanged), 5 rejected
cs-import: invoices.csv: rejected rows are in invoices.rejects.csv
EOF
is_sql "$db" "SELECT * FROM invoices ORDER BY invoice_id" "invoices stored; credit note negative" <<'EOF'
I1|C1|2026-01|2026-01-05|2026-01-25|100000
I2|C1|2026-02|2026-02-05|2026-02-25|-5050
I3|C2|2026-02|2026-02-05|2026-02-25|30000
EOF

cat >payments.csv <<'CSV'
payment_id,customer_id,invoice_id,paid_on,amount,method
P1,C1,I1,2026-01-20,1000,bank
P2,C1,,2026-02-20,10.00,cash
P3,C1,I3,2026-02-20,1,bank
P4,C1,I99,2026-02-20,1,bank
P5,C2,I3,2026-02-20,0,bank
P6,C2,I3,2026-02-20,-1,bank
CSV
run cs-import -d "$db" -t payments -e utf-8 payments.csv
is_status 1 "payments with rejects"
is_file err "payment rejections" <<'EOF'
cs-import: payments.csv:4:3: invoice_id "I3": invoice of customer C2, not of this row's customer
cs-import: payments.csv:5:3: invoice_id "I99": no such invoice
cs-import: payments.csv:6:5: amount "0": amount must be greater than 0
cs-import: payments.csv:7:5: amount "-1": amount must be greater than 0
cs-import: payments.csv: 6 rows, 2 loaded (2 new, 0 updated, 0 unchanged), 4 rejected
cs-import: payments.csv: rejected rows are in payments.rejects.csv
EOF
is_sql "$db" "SELECT * FROM payments ORDER BY payment_id" "payments stored; missing invoice_id is NULL" <<'EOF'
P1|C1|I1|2026-01-20|100000|bank|
P2|C1||2026-02-20|1000|cash|
EOF

cat >complaints.csv <<'CSV'
complaint_id,customer_id,opened_on,channel,category,severity,closed_on,valid,subject,demand,description,owner
K1,C1,2026-03-01,phone,Billing,1,2026-03-02,是,March bill,refund the roaming, charged twice ,王芳
K2,C1,2026-03-01,web,noise,3,,no,,,,
K3,C2,2026-03-01,web,quality,7,,yes,,,,
K4,C2,2026-03-05,web,quality,2,2026-03-04,yes,,,,
K5,C2,2026-03-05,web,quality,2,,maybe,,,,
CSV
run cs-import -d "$db" -t complaints -e utf-8 complaints.csv
is_status 1 "complaints with rejects"
is_file err "complaint rejections" <<'EOF'
cs-import: complaints.csv:4:6: severity "7": not a severity (expected 1, 2 or 3)
cs-import: complaints.csv:5:7: closed_on "2026-03-04": earlier than opened_on 2026-03-05
cs-import: complaints.csv:6:8: valid "maybe": not a boolean (expected yes/no, true/false, 1/0, y/n, 是/否 or 有效/无效)
cs-import: complaints.csv: 5 rows, 2 loaded (2 new, 0 updated, 0 unchanged), 3 rejected
cs-import: complaints.csv: rejected rows are in complaints.rejects.csv
EOF
is_sql "$db" "SELECT * FROM complaints ORDER BY complaint_id" \
	"known categories canonical, others kept; subject, demand, description (trimmed), owner" <<'EOF'
K1|C1|2026-03-01|phone|billing|1|2026-03-02|1|March bill|refund the roaming|charged twice|王芳
K2|C1|2026-03-01|web|noise|3||0||||
EOF

printf 'visit_id,customer_id,visited_on,channel,outcome\nV1,C1,2026-04-01,phone,reached\nV2,C1,2026-04-31,phone,reached\n' >visits.csv
run cs-import -q -d "$db" -t visits visits.csv
is_status 1 "visits with a bad date"
is_file err "visit rejection" <<'EOF'
cs-import: visits.csv:3:3: visited_on "2026-04-31": no such calendar date
EOF

cat >responses.csv <<'CSV'
response_id,customer_id,survey,answered_on,item,score
R1,C1,servqual,2026-05-01,E01,7
R1,C1,servqual,2026-05-01,P01,5
R1,C1,servqual,2026-05-01,NPS,9
R2,C2,servqual,2026-05-01,CSAT,4.5
R3,C2,servqual,2026-05-01,NPS,ten
CSV
run cs-import -q -d "$db" -t responses responses.csv
is_status 1 "responses with a bad score"
is_file err "response rejection" <<'EOF'
cs-import: responses.csv:6:6: score "ten": not a number
EOF
# (Scores in tenths: psql and sqlite3 print a whole real differently.)
is_sql "$db" "SELECT response_id, item, CAST(score * 10 AS INTEGER) FROM responses ORDER BY 1, 2" \
	"responses keyed by (response_id, item)" <<'EOF'
R1|E01|70
R1|NPS|90
R1|P01|50
R2|CSAT|45
EOF

# A key of two columns: a new item of a known response is new, a known
# one is updated, one named twice in a file is stored once (the later
# wins); the counts are the same on both backends.
cat >responses2.csv <<'CSV'
response_id,customer_id,survey,answered_on,item,score
R1,C1,servqual,2026-05-01,E02,6
R2,C2,servqual,2026-05-01,NPS,8
CSV
cat >responses3.csv <<'CSV'
response_id,customer_id,survey,answered_on,item,score
R1,C1,servqual,2026-05-01,E03,3
R1,C1,servqual,2026-05-01,E01,2
R4,C2,servqual,2026-05-01,NPS,1
R4,C2,servqual,2026-05-01,NPS,10
CSV
run cs-import -d "$db" -t responses -e utf-8 responses2.csv responses3.csv
is_file err "responses: new items of known responses, a known item, an item twice" <<'EOF'
cs-import: responses2.csv: 2 rows, 2 loaded (2 new, 0 updated, 0 unchanged), 0 rejected
cs-import: responses3.csv: 4 rows, 4 loaded (2 new, 2 updated, 0 unchanged), 0 rejected
EOF
is_sql "$db" "SELECT response_id, item, CAST(score * 10 AS INTEGER) FROM responses ORDER BY 1, 2" \
	"responses after: each key once, the later row of a key named twice" <<'EOF'
R1|E01|20
R1|E02|60
R1|E03|30
R1|NPS|90
R1|P01|50
R2|CSAT|45
R2|NPS|80
R4|NPS|100
EOF

printf 'promise_id,customer_id,made_on,due_on,amount\nQ1,C1,2026-06-01,2026-06-15,500\nQ2,C1,2026-06-01,2026-05-15,500\n' >promises.csv
run cs-import -q -d "$db" -t promises promises.csv
is_status 1 "promises with a due date before the promise"
is_file err "promise rejection" <<'EOF'
cs-import: promises.csv:3:4: due_on "2026-05-15": earlier than made_on 2026-06-01
EOF

# --create-customers makes stubs instead of rejecting unknown customers.
printf 'visit_id,customer_id,visited_on\nV3,C77,2026-04-02\n' >stub.csv
run cs-import -d "$db" -t visits --create-customers -e utf-8 stub.csv
is_status 0 "unknown customer created as a stub"
is_sql "$db" "SELECT customer_id, name, status FROM customers WHERE customer_id = 'C77'" "stub customer named by its id" <<'EOF'
C77|C77|active
EOF
# No dangling reference (SQLite's PRAGMA foreign_key_check, in plain SQL).
is_sql "$db" "SELECT 'invoices', invoice_id FROM invoices i WHERE NOT EXISTS
  (SELECT 1 FROM customers c WHERE c.customer_id = i.customer_id)
 UNION ALL SELECT 'payments', payment_id FROM payments p WHERE NOT EXISTS
  (SELECT 1 FROM customers c WHERE c.customer_id = p.customer_id)
  OR (p.invoice_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM invoices i
  WHERE i.invoice_id = p.invoice_id AND i.customer_id = p.customer_id))
 UNION ALL SELECT 'visits', visit_id FROM visits v WHERE NOT EXISTS
  (SELECT 1 FROM customers c WHERE c.customer_id = v.customer_id)" "no dangling references" </dev/null
done_testing
