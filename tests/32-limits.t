#!/bin/sh
# Limits (hardening, items 4, 5 and 6): money totals that cannot
# overflow, conditions that cannot exhaust the stack, and a catch-up run
# that uses, night by night, the snapshots that nightly runs would have.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

printf 'customer_id,name,credit_limit\nC1,a,\nC2,b,\n' >c.csv
cs-import -q -d "$db" -t customers c.csv

# 4. 1,100 invoices of the largest amount for one customer would add up
# past what a 64-bit total holds: the file is refused whole.
awk 'BEGIN { print "invoice_id,customer_id,issued_on,due_on,amount"
	for (i = 1; i <= 1100; i++)
		printf "H%d,C1,2026-01-01,2026-01-20,\"90,000,000,000,000.00\"\n", i }' >huge.csv
run cs-import -q -d "$db" -t invoices huge.csv
is_status 1 "#4 invoices adding up past the bound are refused"
is_file err "#4 saying which bound" <<'EOF'
cs-import: huge.csv: the amount of invoices would add up to more than 90000000000000.00 (or less than minus that), the most cs-data(5) allows; nothing loaded
EOF
is_sql "$db" "SELECT count(*) FROM invoices; SELECT status FROM import_runs ORDER BY run_id DESC LIMIT 1" \
	"#4 nothing loaded, the run recorded as aborted" <<'EOF'
0
aborted
EOF

# At the bound itself every program computes exact figures.
printf 'invoice_id,customer_id,issued_on,due_on,amount\nM1,C1,2026-01-01,2026-01-20,"￥60,000,000,000,000.00"\nM2,C2,2026-01-01,2026-01-20,"30,000,000,000,000.00"\n' >max.csv
run cs-import -q -d "$db" -t invoices max.csv
is_status 0 "#4 invoices adding up to the bound load"
printf 'invoice_id,customer_id,issued_on,due_on,amount\nM3,C2,2026-01-01,2026-01-20,0.01\n' >one-more.csv
run cs-import -q -d "$db" -t invoices one-more.csv
is_status 1 "#4 one cent more is refused"
run cs-dunning -d "$db" --as-of 2026-01-22
is_status 0 "#4 cs-dunning at the bound"
cut -d, -f2,6,8 out >dun.txt
is_file dun.txt "#4 its balances are exact" <<'EOF'
customer_id,action,balance
C1,notify,60000000000000.00
C2,notify,30000000000000.00
EOF
run cs-report -d "$db" --as-of 2026-01-22 --format csv customer C1
grep -E '^(unpaid|overdue),' out >card.txt
is_file card.txt "#4 the customer card's balance is exact" <<'EOF'
unpaid,60000000000000.00
overdue,60000000000000.00
EOF
run cs-report -d "$db" --as-of 2026-12-31 --format csv --window 12 top
is_status 0 "#4 cs-report top at the bound"
run cs-segment -d "$db" --as-of 2026-12-31 abc
is_status 0 "#4 cs-segment at the bound"
cut -d, -f1,2 out >abc.txt
is_file abc.txt "#4 with exact revenue" <<'EOF'
customer_id,abc_revenue
C1,60000000000000.00
C2,30000000000000.00
EOF

# 5. Conditions nested 40,000 deep: a clear error, no crash.
{ printf 'big: '; head -c 40000 /dev/zero | tr '\0' '('; printf 'revenue > 0'
  head -c 40000 /dev/zero | tr '\0' ')'; echo; } >deep.rules
run cs-segment -d "$db" rules deep.rules
is_status 1 "#5 a rules file nested 40,000 deep is refused"
is_file err "#5 at the line and column past the limit" <<'EOF'
cs-segment: deep.rules:1:107: condition nested too deeply (more than 100 levels of not and parentheses)
EOF
open=$(head -c 20000 /dev/zero | tr '\0' '(')
close=$(head -c 20000 /dev/zero | tr '\0' ')')
run cs-segment -d "$db" --strategic-if "${open}revenue > 0$close" bigcustomer
is_status 2 "#5 --strategic-if nested 20,000 deep is a usage error"
is_file err "#5 saying so" <<'EOF'
cs-segment: --strategic-if: at character 102: condition nested too deeply (more than 100 levels of not and parentheses)
EOF
{ printf 'big: revenue > 0'; i=0; while [ $i -le 1000 ]; do printf ' and revenue > 0'; i=$((i + 1)); done
  echo; } >long.rules
run cs-segment -d "$db" rules long.rules
is_status 1 "#5 a condition of 1,001 and is refused"
{ head -c 40000 /dev/zero | tr '\0' '['; echo; } >deep.policy
run cs-dunning -d "$db" --policy deep.policy --as-of 2026-01-23
is_status 2 "#5 a policy line of 40,000 [ is refused, not a crash"
{ printf 'dimension a = '; head -c 40000 /dev/zero | tr '\0' '('; echo; } >deep.def
run cs-survey -d "$db" score --definition deep.def
is_status 2 "#5 a survey definition line of 40,000 ( is refused, not a crash"

# 6. A catch-up uses, each night, the snapshot current on that night.
# K1 is strategic in the January snapshot only; K2 becomes strategic on
# 02-15 (sue at 150 days, not 90), K4 key (sue at 120); K3 is graded C
# from 02-01 (pursue at 30 days after 7 in guide).  Worked by hand from
# the shipped policy, the invoices 90 days overdue on 03-31.  92 nightly
# runs and one catch-up over the same nights must act alike.
printf 'customer_id,name\nK1,a\nK2,b\nK3,c\nK4,d\n' >k.csv
printf 'invoice_id,customer_id,issued_on,due_on,amount\n' >k-inv.csv
for k in K1 K2 K3 K4; do
	printf 'I%s,%s,2025-12-01,2025-12-31,5000.00\n' $k $k >>k-inv.csv
done
nightly=$(test_db nightly.db)
catchup=$(test_db catchup.db)
for kdb in "$nightly" "$catchup"; do
	cs-import -q -d "$kdb" -t customers k.csv
	cs-import -q -d "$kdb" -t invoices k-inv.csv
	sql_do "$kdb" "INSERT INTO segments (as_of, model, customer_id, label) VALUES
		('2026-01-01', 'bigcustomer', 'K1', 'strategic'),
		('2026-02-15', 'bigcustomer', 'K2', 'strategic'),
		('2026-02-15', 'bigcustomer', 'K4', 'key'),
		('2026-02-01', 'credit', 'K3', 'C')"
	cs-dunning -d "$kdb" --as-of 2026-01-01 >/dev/null 2>>dunning.err
done
d=$(date -u -d 2026-01-02 +%s)
: >nightly.csv
while [ "$d" -le "$(date -u -d 2026-04-02 +%s)" ]; do
	cs-dunning -d "$nightly" --as-of "$(date -u -d "@$d" +%F)" 2>>dunning.err | tail -n +2 >>nightly.csv
	d=$((d + 86400))
done
cs-dunning -d "$catchup" --as-of 2026-04-02 2>>dunning.err | tail -n +2 >catchup.csv
is_file catchup.csv "#6 one catch-up over 92 nights acts as 92 nightly runs" <nightly.csv
cut -d, -f1,2,4,6 nightly.csv | grep -v notify >stages.txt
is_file stages.txt "#6 each customer climbed by the ladder of its class on the night" <<'EOF'
2026-01-15,K2,guide,offer-plan
2026-01-15,K3,guide,offer-plan
2026-01-15,K4,guide,offer-plan
2026-01-30,K1,guide,offer-plan
2026-02-01,K3,pursue,suspend
2026-02-14,K2,pursue,suspend
2026-02-14,K4,pursue,suspend
2026-02-15,K1,pursue,suspend
2026-03-31,K1,sue,legal
2026-03-31,K1,sue,blacklist
2026-03-31,K3,sue,legal
2026-03-31,K3,sue,blacklist
EOF
done_testing
