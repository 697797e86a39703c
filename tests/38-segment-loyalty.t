#!/bin/sh
# Loyalty for a subscription business, every figure worked out by hand:
# patronage is the share of the window's due invoices paid on time,
# attitude the survey answer, else the revenue growth against a year
# before, else none; each basis split on its own.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

# As of 2026-06-30, window (2025-06-30, 2026-06-30], the year before
# (2024-06-30, 2025-06-30].  Invoices are issued on the 5th and due on
# the 25th; a late one is paid on the 28th (still in the window).
#
#        now           before       late now                  NPS
#   L1   100.00 x 12   100.00 x 12  none                      9
#   L2   100.00 x 12    80.00 x 12  none                      -
#   L3   100.00 x 12   120.00 x 12  2025-08, 2025-11, 2026-02 -
#   L4   100.00 x 12   100.00 x 12  2025-07 .. 2025-12        3
#   L5   100.00 x 12   100.00 x 12  none                      9, then 6
#   L6    50.00 x 6    nothing      none (since 2026-01)      -
#   L7   100.00 x 12   100.00 x 12  all twelve                10
#   L8   nothing       100.00 x 12  -                         -
#   L9   100.00 x 12   100.00 x 12  2026-05                   (0 after as-of)
#
# Attitude: survey L1 9.00, L4 3.00, L5 6.00 (its latest), L7 10.00;
# growth (now - before) / before: L2 (1200 - 960) / 960 = 25.00%, L3
# (1200 - 1440) / 1440 = -16.67%, L8 -100.00%, L9 0.00%; none: L6.
# Patronage, on time over due: L1 L2 L5 12/12 = 100.00, L3 9/12 = 75.00,
# L4 6/12 = 50.00, L6 6/6 = 100.00, L7 0/12 = 0.00, L9 11/12 = 91.66
# (rounded down), L8 nothing due: empty, low.
# Splits: survey answers at their median, of 3 6 9 10: 7.50 (L1, L7
# high); growth at 0 (L2, L9 high); patronage at its median, of 0 50 75
# 91.66 100 100 100 100: (91.66 + 100) / 2 = 95.83 (L1 L2 L5 L6 high).
W="2025-07 2025-08 2025-09 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06"
P="2024-07 2024-08 2024-09 2024-10 2024-11 2024-12 2025-01 2025-02 2025-03 2025-04 2025-05 2025-06"

# bill CUSTOMER AMOUNT "MONTHS" "LATE MONTHS": one invoice a month and
# its payment, on the due day or, for a late month, three days after.
bill() {
	for ym in $3; do
		echo "I-$1-$ym,$1,$ym-05,$ym-25,$2" >>i.csv
		day=25
		case " $4 " in *" $ym "*) day=28 ;; esac
		echo "P-$1-$ym,$1,I-$1-$ym,$ym-$day,$2" >>p.csv
	done
}
echo "customer_id,name" >c.csv
for c in L1 L2 L3 L4 L5 L6 L7 L8 L9; do echo "$c,$c" >>c.csv; done
echo "invoice_id,customer_id,issued_on,due_on,amount" >i.csv
echo "payment_id,customer_id,invoice_id,paid_on,amount" >p.csv
bill L1 100.00 "$W" ""
bill L1 100.00 "$P" ""
bill L2 100.00 "$W" ""
bill L2 80.00 "$P" ""
bill L3 100.00 "$W" "2025-08 2025-11 2026-02"
bill L3 120.00 "$P" ""
bill L4 100.00 "$W" "2025-07 2025-08 2025-09 2025-10 2025-11 2025-12"
bill L4 100.00 "$P" ""
bill L5 100.00 "$W" ""
bill L5 100.00 "$P" ""
bill L6 50.00 "2026-01 2026-02 2026-03 2026-04 2026-05 2026-06" ""
bill L7 100.00 "$W" "$W"
bill L7 100.00 "$P" ""
bill L8 100.00 "$P" ""
bill L9 100.00 "$W" "2026-05"
bill L9 100.00 "$P" ""
cat >r.csv <<'EOF'
response_id,customer_id,survey,answered_on,item,score
R1,L1,nps,2026-03-01,NPS,9
R4,L4,nps,2026-02-01,NPS,3
R5a,L5,nps,2025-01-10,NPS,9
R5b,L5,nps,2026-02-01,NPS,6
R7,L7,nps,2026-04-01,NPS,10
R9,L9,nps,2026-07-02,NPS,0
EOF
for t in c i p r; do
	table=$(case $t in c) echo customers ;; i) echo invoices ;; p) echo payments ;; r) echo responses ;; esac)
	cs-import -q -d "$db" -t $table $t.csv
done

# L1 L2: both high, Loyal; L5: answer low, patronage high, Spurious;
# L7 (likes us, pays late) and L9 (held its revenue, one late): Latent;
# L3 L4 L8: both low, None (L8's nothing due is low); L6: unknown.
run cs-segment -d "$db" --as-of 2026-06-30 loyalty
is_status 0 "loyalty"
is_file out "loyalty by survey or growth against invoices paid on time" <<'EOF'
customer_id,loyalty_attitude,loyalty_patronage_pct,loyalty_class,loyalty_basis
L1,9.00,100.00,Loyal,survey
L2,25.00,100.00,Loyal,growth
L3,-16.67,75.00,None,growth
L4,3.00,50.00,None,survey
L5,6.00,100.00,Spurious,survey
L6,,100.00,unknown,none
L7,10.00,0.00,Latent,survey
L8,-100.00,,None,growth
L9,0.00,91.66,Latent,growth
EOF
cp out db.csv

run cs-segment -d "$db" --as-of 2026-06-30 --explain loyalty
is_file err "--explain: the bases, their splits and the classes" <<'EOF'
cs-segment: as of 2026-06-30, window 12 months
cs-segment: loyalty: attitude by survey answer for 4 customers, high from 7.50; by revenue growth for 4, high from 0.00%; neither for 1 (unknown)
cs-segment: loyalty: patronage high from 95.83% of the invoices due paid on time; nothing due for 1 customers (low)
cs-segment: loyalty Loyal: 2 customers, revenue 1200.00 to 1200.00, 2400.00 in all
cs-segment: loyalty Latent: 2 customers, revenue 1200.00 to 1200.00, 2400.00 in all
cs-segment: loyalty Spurious: 1 customers, revenue 1200.00 to 1200.00, 1200.00 in all
cs-segment: loyalty None: 3 customers, revenue 0.00 to 1200.00, 2400.00 in all
cs-segment: loyalty unknown: 1 customers, revenue 300.00 to 300.00, 300.00 in all
EOF

# Given splits: answers from 6 (L1 L5 L7 high, L4 low), growth from -20%
# (L2, L3's -16.67, L9 high; L8 low), patronage from 90% (L1 L2 L5 L6
# and L9's 91.66 high; L3 L4 L7 L8 low).
run cs-segment -d "$db" --as-of 2026-06-30 --attitude-split 6 --growth-split -20 \
	--patronage-split 90 loyalty
cut -d, -f1,4 out >classes
is_file classes "each basis split at its own given value" <<'EOF'
customer_id,loyalty_class
L1,Loyal
L2,Loyal
L3,Latent
L4,None
L5,Loyal
L6,unknown
L7,Latent
L8,None
L9,Loyal
EOF

# The rules see the same patronage, without the loyalty model run: a
# customer with nothing due matches no comparison of it.
cat >rules.txt <<'EOF'
punctual: patronage_pct = 100
mostly: patronage_pct >= 75
late: patronage_pct < 75
no dues: true
EOF
run cs-segment -d "$db" --as-of 2026-06-30 rules rules.txt
is_file out "rules on patronage_pct" <<'EOF'
customer_id,rules_label
L1,punctual
L2,punctual
L3,mostly
L4,late
L5,punctual
L6,punctual
L7,late
L8,no dues
L9,mostly
EOF

# The snapshot keeps the patronage as the score, none when nothing was due.
run cs-segment -q -d "$db" --as-of 2026-06-30 --save loyalty
is_sql "$db" "SELECT customer_id, label, coalesce(score, '-'), value_cents FROM segments WHERE model = 'loyalty' AND customer_id IN ('L7', 'L8', 'L9') ORDER BY 1" \
	"the saved loyalty" <<'EOF'
L7|Latent|0.00|120000
L8|None|-|0
L9|Latent|91.66|120000
EOF

# The same from metrics typed in by hand.
cat >m.csv <<'EOF'
customer_id,revenue,prior_revenue,attitude,due_invoices,late_invoices
L9,1200,1200,,12,1
L1,1200,1200,9,12,0
L2,1200,960,,12,0
L3,1200,1440,,12,3
L4,1200,1200,3,12,6
L5,1200,1200,6,12,0
L6,300,,,6,0
L7,1200,1200,10,12,12
L8,0,1200,,0,0
EOF
run cs-segment --from-csv loyalty <m.csv
is_file out "--from-csv: due_invoices and late_invoices give the same loyalty" <db.csv
printf 'customer_id,due_invoices,late_invoices\nX,2,3\n' >bad.csv
run cs-segment --from-csv loyalty <bad.csv
is_status 1 "more late invoices than due is bad data"
is_file err "named by line and column" <<'EOF'
cs-segment: stdin:2:3: late_invoices: more than due_invoices
EOF
done_testing
