#!/bin/sh
# scripts/nightly.sh, the cron example as one script (the real-book
# issue, item 10): imports, then snapshots, then dunning, in that order;
# the first failure stops the night before dunning runs on a book
# without its payments, and the log is mailed.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

nightly=$TESTS_DIR/../scripts/nightly.sh
mkdir drop nights bin
# A mail(1) that keeps what it is given.
cat >bin/mail <<'EOF'
#!/bin/sh
{ echo "to: $3"; echo "subject: $2"; cat; } >"$MAILBOX"
EOF
chmod +x bin/mail
export MAILBOX="$T/mailbox"
PATH="$T/bin:$PATH"

printf 'customer_id,name\nC1,a\nC2,b\n' >drop/customers-2026-03-01.csv
printf 'invoice_id,customer_id,issued_on,due_on,amount\nI1,C1,2026-01-01,2026-02-01,100.00\nI2,C2,2026-01-01,2026-02-01,100.00\n' \
	>drop/invoices-2026-03-01.csv
printf 'payment_id,customer_id,invoice_id,paid_on,amount\nP1,C1,I1,2026-02-28,100.00\n' \
	>drop/payments-2026-03-01.csv
run sh "$nightly" -d "$db" -i drop -o nights -m ops@example.com -a 2026-03-01
is_status 0 "a night where every step succeeds"
# (The log names the database as given: cs.db for its URL, as run does.)
sed 's/^[0-9-]* [0-9:]* //' nights/nightly.log >steps.raw
if [ -f "$T/pg.sed" ]; then sed -f "$T/pg.sed" steps.raw; else cat steps.raw; fi >steps.txt
is_file steps.txt "imports, snapshots (all on the 1st), dunning, in order" <<'EOF'
night 2026-03-01, database cs.db
import drop/customers-2026-03-01.csv
import drop/invoices-2026-03-01.csv
import drop/payments-2026-03-01.csv
segments bigcustomer credit
segments rfm abc pyramid churn
dunning into nights/actions-2026-03.csv
done
EOF
cut -d, -f1,2,6 nights/actions-2026-03.csv >actions.txt
is_file actions.txt "only the customer who did not pay is reminded, with a header" <<'EOF'
run_date,customer_id,action
2026-03-01,C2,notify
EOF
is_absent mailbox "nothing mailed"

# The next night's payments file is empty (a failed export): the night
# stops before dunning, and the log is mailed.
: >drop/payments-2026-03-02.csv
run sh "$nightly" -d "$db" -i drop -o nights -m ops@example.com -a 2026-03-02
is_status 1 "a refused payments file fails the night"
is_sql "$db" "SELECT max(as_of) FROM dunning_runs" "dunning did not run on a book without its payments" <<'EOF'
2026-03-01
EOF
grep -c 'FAILED (exit 1): import drop/payments-2026-03-02.csv' nights/nightly.log >failed.txt
is_file failed.txt "the log names the step" <<'EOF'
1
EOF
head -2 mailbox >mail.txt
is_file mail.txt "and the log was mailed" <<'EOF'
to: ops@example.com
subject: cs nightly 2026-03-02 failed: import drop/payments-2026-03-02.csv
EOF

# Fixed, the night runs again, appending without a second header.
printf 'payment_id,customer_id,invoice_id,paid_on,amount\nP2,C2,I2,2026-03-02,100.00\n' \
	>drop/payments-2026-03-02.csv
run sh "$nightly" -d "$db" -i drop -o nights -a 2026-03-02
is_status 0 "the night again, with its payments"
cut -d, -f1,2,6 nights/actions-2026-03.csv >actions.txt
is_file actions.txt "the month's file: one header, both nights" <<'EOF'
run_date,customer_id,action
2026-03-01,C2,notify
2026-03-02,C2,restore
EOF
done_testing
