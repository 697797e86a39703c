#!/bin/sh
# RFM ties decide nothing: customers with equal values get equal scores,
# by every method.  First ten customers worked out by hand, then a
# second, independent implementation in Python (the standard library
# only: tests/fixtures/segment/rfm-independent.py) over 240 generated
# customers, most of them billed every month.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

# As of 2026-06-30, window (2025-06-30, 2026-06-30]:
#   T01..T07  twelve invoices of 100.00 (2025-07-05 .. 2026-06-05, due
#             the 25th), each paid on its due day: 5 days, 12, 1200.00
#   T08       six invoices of 300.00 (2026-01 .. 2026-06), one payment
#             of 1800.00 on 2026-06-20: 10 days, 6, 1800.00
#   T09       one invoice of 50.00 (2026-01-05) paid 2026-01-10: 171
#             days (21 + 28 + 31 + 30 + 31 + 30), 1, 50.00
#   T10       nothing: never paid, 0, 0.00
# Places from the worst, 0..9; tiles score 1 + floor(5 p / 10) for p the
# last place of a customer's ties, quantiles for the first:
#   R: T10 never paid: 1; T09 place 1: 1; T08 place 2: 2; T01..T07
#      places 3..9: tiles 1 + 45/10 = 5, quantile 1 + 15/10 = 2.
#   F: T10 0: 1; T09 1: 1; T08 6: 2; T01..T07 12 (places 3..9): 5 or 2.
#   M: T10 0.00: 1; T09 50.00: 1; T01..T07 1200.00 (places 2..8): tiles
#      1 + 40/10 = 5, quantile 1 + 10/10 = 2; T08 1800.00 (place 9): 5.
# The old tiles broke the tie by id: T01 scored 222 and T07 555.
{
	echo "customer_id,name"
	for c in 01 02 03 04 05 06 07 08 09 10; do echo "T$c,t$c"; done
} >c.csv
{
	echo "invoice_id,customer_id,issued_on,due_on,amount"
	for c in 01 02 03 04 05 06 07; do
		for ym in 2025-07 2025-08 2025-09 2025-10 2025-11 2025-12 \
		    2026-01 2026-02 2026-03 2026-04 2026-05 2026-06; do
			echo "I$c-$ym,T$c,$ym-05,$ym-25,100.00"
		done
	done
	for m in 1 2 3 4 5 6; do echo "I08-$m,T08,2026-0$m-05,2026-0$m-25,300.00"; done
	echo "I09,T09,2026-01-05,2026-01-25,50.00"
} >i.csv
{
	echo "payment_id,customer_id,invoice_id,paid_on,amount"
	tail -n +2 i.csv | grep '^I0[1-7]-' | awk -F, '{ printf "P%s,%s,%s,%s,%s\n", $1, $2, $1, $4, $5 }'
	echo "P08,T08,,2026-06-20,1800.00"
	echo "P09,T09,I09,2026-01-10,50.00"
} >p.csv
for t in c i p; do
	table=$(case $t in c) echo customers ;; i) echo invoices ;; p) echo payments ;; esac)
	cs-import -q -d "$db" -t $table $t.csv
done

run cs-segment -d "$db" --as-of 2026-06-30 rfm
is_status 0 "rfm over ties"
cp out db.csv
is_file out "tiles: the seven equal customers share one cell" <<'EOF'
customer_id,rfm_recency_days,rfm_frequency,rfm_monetary,rfm_r,rfm_f,rfm_m,rfm_cell,rfm_segment
T01,5,12,1200.00,5,5,5,555,Champions
T02,5,12,1200.00,5,5,5,555,Champions
T03,5,12,1200.00,5,5,5,555,Champions
T04,5,12,1200.00,5,5,5,555,Champions
T05,5,12,1200.00,5,5,5,555,Champions
T06,5,12,1200.00,5,5,5,555,Champions
T07,5,12,1200.00,5,5,5,555,Champions
T08,10,6,1800.00,2,2,5,225,Hibernating/Lost
T09,171,1,50.00,1,1,1,111,Hibernating/Lost
T10,,0,0.00,1,1,1,111,Hibernating/Lost
EOF

run cs-segment -d "$db" --as-of 2026-06-30 --method quantile rfm
cut -d, -f1,8,9 out >cells
is_file cells "quantile: the tie shares the score of its first place" <<'EOF'
customer_id,rfm_cell,rfm_segment
T01,222,Hibernating/Lost
T02,222,Hibernating/Lost
T03,222,Hibernating/Lost
T04,222,Hibernating/Lost
T05,222,Hibernating/Lost
T06,222,Hibernating/Lost
T07,222,Hibernating/Lost
T08,225,Hibernating/Lost
T09,111,Hibernating/Lost
T10,111,Hibernating/Lost
EOF

# k = 3: 1 + floor(3 p / 10).  T01..T07: R, F place 9: 1 + 27/10 = 3,
# M place 8: 1 + 24/10 = 3, cell 333, scaled to five (3 * 5 + 2) / 3 = 5:
# Champions.  T08: R, F place 2: 1, M place 9: 3, cell 113, scaled
# 2 2 5: Hibernating/Lost.  T09, T10: 111, scaled 222.
run cs-segment -d "$db" --as-of 2026-06-30 -k 3 rfm
cut -d, -f1,8,9 out >cells
is_file cells "k = 3: the same tie, one cell" <<'EOF'
customer_id,rfm_cell,rfm_segment
T01,333,Champions
T02,333,Champions
T03,333,Champions
T04,333,Champions
T05,333,Champions
T06,333,Champions
T07,333,Champions
T08,113,Hibernating/Lost
T09,111,Hibernating/Lost
T10,111,Hibernating/Lost
EOF

run cs-segment -d "$db" --as-of 2026-06-30 --explain rfm
is_file err "--explain counts the tie under one score" <<'EOF'
cs-segment: as of 2026-06-30, window 12 months
cs-segment: rfm: scores 1..5 by tiles (a tie scores as its best place)
cs-segment: rfm R=5: recency 5 to 5 days (7 customers)
cs-segment: rfm R=2: recency 10 to 10 days (1 customers)
cs-segment: rfm R=1: recency 171 to 171 days (1 customers)
cs-segment: rfm R=1 also: 1 customers who never paid
cs-segment: rfm F=5: frequency 12 to 12 invoices (7 customers)
cs-segment: rfm F=2: frequency 6 to 6 invoices (1 customers)
cs-segment: rfm F=1: frequency 0 to 1 invoices (2 customers)
cs-segment: rfm M=5: monetary 1200.00 to 1800.00 (8 customers)
cs-segment: rfm M=1: monetary 0.00 to 50.00 (2 customers)
EOF

# The same scores from the same metrics typed in, in another order.
printf 'customer_id,recency_days,invoices,revenue\nT10,,0,0\nT03,5,12,1200\nT08,10,6,1800\nT01,5,12,1200\nT09,171,1,50\nT02,5,12,1200\nT07,5,12,1200\nT04,5,12,1200\nT06,5,12,1200\nT05,5,12,1200\n' >m.csv
run cs-segment --from-csv rfm <m.csv
is_file out "--from-csv: the same scores" <db.csv

# The independent check: every customer's R, F and M, by tiles and by
# quantiles, for k = 3, 4, 5 and 9.
if command -v python3 >/dev/null 2>&1; then
	check="$TESTS_DIR/fixtures/segment/rfm-independent.py"
	mkdir gen
	gen=$(test_db gen.db)
	python3 "$check" gen gen 13 240
	for t in customers invoices payments; do
		cs-import -q -d "$gen" -t $t gen/$t.csv
	done
	run cs-segment -d "$gen" --as-of 2026-06-30 rfm
	cut -d, -f3 out | sort | uniq -c | sort -rn | awk 'NR == 1 { print ($1 >= 50) ? "ties" : "few ties: " $0 }' >ties
	is_file ties "the generated book has a large tie (one frequency for 50 or more)" <<'EOF'
ties
EOF
	for config in "5 tiles" "5 quantile" "3 tiles" "9 tiles" "4 quantile"; do
		set -- $config
		python3 "$check" expect gen 2026-06-30 "$1" "$2" >expected.csv
		run cs-segment -d "$gen" --as-of 2026-06-30 -k "$1" --method "$2" rfm
		cut -d, -f1,5,6,7 out >got.csv
		is_file got.csv "k = $1, $2: every customer's R, F, M as Python counts them" <expected.csv
	done
else
	for config in "5 tiles" "5 quantile" "3 tiles" "9 tiles" "4 quantile" "the book"; do
		skip "independent check $config" "no python3"
	done
fi
done_testing
