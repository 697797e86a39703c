#!/bin/sh
# cs-segment on ten customers whose every figure was worked out by hand
# (tests/fixtures/segment), as of 2026-06-30 with the 12-month window
# (2025-06-30, 2026-06-30] and the year before (2024-06-30, 2025-06-30]:
#
#   C01 3 invoices 270.00, paid 2 days ago, 200.00 the year before
#   C02 2 invoices 240.00, 10 days, 300.00 before (-20%: drop)
#   C03 2 invoices 180.00, 30 days; an invoice after as-of is ignored
#   C04 1 invoice 160.00, 120 days; an invoice older than both windows
#   C05 1 invoice 60.00, paid 2 days ago (tie with C01), 100.00 before
#   C06 2 invoices 50.00, 182 days; 50.00 on 2025-06-30 is last year's
#   C07 1 invoice 40.00, its only payment after as-of: never paid
#   C08 nothing this year (empty window), 100.00 before, paid 394 days ago
#   C09 only a credit note of -10.00, no payments
#   C10 no invoices and no payments at all
#
# RFM tiles over n = 10: e equal values that w customers are worse than
# score 1 + floor(5 (w + e - 1) / 10), the tile of their last place, so
# equal values share a score; a customer who never paid has R = 1 and is
# worse than any recency.
#   R: never paid C07 C09 C10: 1; 394 days (w 3): 1 + 15/10 = 2;
#      182 (w 4): 1 + 20/10 = 3; 120 (w 5): 3; 30 (w 6): 1 + 30/10 = 4;
#      10 (w 7): 4; 2 days C01 C05 (w 8, e 2): 1 + 45/10 = 5.
#   F: 0 invoices C08 C09 C10 (w 0, e 3): 1 + 10/10 = 2; 1 invoice C04
#      C05 C07 (w 3, e 3): 1 + 25/10 = 3; 2 invoices C02 C03 C06 (w 6,
#      e 3): 1 + 40/10 = 5; 3 invoices C01 (w 9): 1 + 45/10 = 5.
#   M: -10.00 C09: 1; 0.00 C08 C10 (w 1, e 2): 1 + 10/10 = 2; 40.00
#      (w 3): 2; 50.00 (w 4): 3; 60.00 (w 5): 3; 160.00 (w 6): 4;
#      180.00 (w 7): 4; 240.00 (w 8): 5; 270.00 (w 9): 5.
# The old tiles broke ties by id: C02 and C03 (2 invoices) had F = 4,
# C06 F = 5.
# ABC: positive revenue 1000.00, cumulative 27, 51, 69, 85, 91, 96, 100 %.
# Pyramid: ceil(1% of 10) = 1 Platinum, ceil(5%) = 1 (no Gold),
# ceil(20%) = 2 (one Iron).
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

for t in customers invoices payments responses; do
	cs-import -q -d "$db" -t $t "$TESTS_DIR/fixtures/segment/$t.csv"
done

run cs-segment -d "$db" --as-of 2026-06-30 rfm abc pyramid churn
is_status 0 "four models"
is_file out "every figure as computed by hand" <<'EOF'
customer_id,rfm_recency_days,rfm_frequency,rfm_monetary,rfm_r,rfm_f,rfm_m,rfm_cell,rfm_segment,abc_revenue,abc_cum_share,abc_class,pyramid_revenue,pyramid_tier,churn_revenue,churn_prior_revenue,churn_change_pct,churn_flag
C01,2,3,270.00,5,5,5,555,Champions,270.00,27.00,A,270.00,Platinum,270.00,200.00,35.00,stable
C02,10,2,240.00,4,5,5,455,Champions,240.00,51.00,A,240.00,Iron,240.00,300.00,-20.00,drop
C03,30,2,180.00,4,5,4,454,Champions,180.00,69.00,A,180.00,Lead,180.00,180.00,0.00,stable
C04,120,1,160.00,3,3,4,334,Need Attention,160.00,85.00,B,160.00,Lead,160.00,0.00,,new
C05,2,1,60.00,5,3,3,533,Potential Loyalist,60.00,91.00,B,60.00,Lead,60.00,100.00,-40.00,drop
C06,182,2,50.00,3,5,3,353,Loyal,50.00,96.00,C,50.00,Lead,50.00,50.00,0.00,stable
C07,,1,40.00,1,3,2,132,At Risk,40.00,100.00,C,40.00,Lead,40.00,40.00,0.00,stable
C08,394,0,0.00,2,2,2,222,Hibernating/Lost,0.00,100.00,C,0.00,Lead,0.00,100.00,-100.00,lost
C09,,0,-10.00,1,2,1,121,Hibernating/Lost,-10.00,100.00,C,-10.00,Lead,-10.00,0.00,,none
C10,,0,0.00,1,2,2,122,Hibernating/Lost,0.00,100.00,C,0.00,Lead,0.00,0.00,,none
EOF
is_file err "nothing on stderr" </dev/null

# Quantiles: 1 + floor(5 w / 10), from the number w of worse values
# alone: R 1 2 3 3 4 4 5, F 1 (0 invoices), 2 (1), 4 (2), 5 (3), M 1
# (-10.00 and 0.00), 2, 3, 3, 4, 4, 5, 5.
run cs-segment -d "$db" --as-of 2026-06-30 --method quantile rfm
cut -d, -f1,8 out >cells
is_file cells "quantile cells" <<'EOF'
customer_id,rfm_cell
C01,555
C02,445
C03,444
C04,324
C05,523
C06,343
C07,122
C08,211
C09,111
C10,111
EOF

# Explicit breaks: R in days, F in invoices, M in yuan.
run cs-segment -d "$db" --as-of 2026-06-30 --breaks R=7,30,90,180 \
	--breaks F=1,2,3,4 --breaks M=50,100,200,250 rfm
cut -d, -f1,8 out >cells
is_file cells "cells from breaks" <<'EOF'
customer_id,rfm_cell
C01,545
C02,434
C03,433
C04,223
C05,522
C06,132
C07,121
C08,111
C09,111
C10,111
EOF

# Other limits; the same input always gives the same bytes.
run cs-segment -d "$db" --as-of 2026-06-30 --abc 50,90 --pyramid 10,10,30 --drop 30 abc pyramid churn
cut -d, -f1,4,6,10 out >classes
is_file classes "--abc 50,90, --pyramid 10,10,30, --drop 30" <<'EOF'
customer_id,abc_class,pyramid_tier,churn_flag
C01,A,Platinum,stable
C02,B,Gold,stable
C03,B,Iron,stable
C04,B,Iron,new
C05,C,Iron,drop
C06,C,Lead,stable
C07,C,Lead,stable
C08,C,Lead,lost
C09,C,Lead,none
C10,C,Lead,none
EOF
run cs-segment -d "$db" --as-of 2026-06-30 rfm abc pyramid churn
is_status 0 "first of two identical runs"
cp out again
run cs-segment -d "$db" --as-of 2026-06-30 rfm abc pyramid churn
is_status 0 "second of two identical runs"
[ -s again ] && cmp -s again out
ok $? "identical input, byte-identical output"

# A shorter window: 3 months (2026-03-30, 2026-06-30].
run cs-segment -d "$db" --as-of 2026-06-30 --window 3m abc
cut -d, -f1,2 out | head -6 >rev
is_file rev "3-month window" <<'EOF'
customer_id,abc_revenue
C01,90.00
C02,0.00
C03,0.00
C04,0.00
C05,60.00
EOF

# --save stores a dated snapshot; saving the same date again replaces it.
run cs-segment -q -d "$db" --as-of 2026-06-30 --save rfm abc
is_status 0 "save"
is_file err "--quiet: no note" </dev/null
run cs-segment -d "$db" --as-of 2026-06-30 --save abc
is_file err "save note" <<'EOF'
cs-segment: saved the 2026-06-30 snapshot of 10 customers
EOF
is_sql "$db" "SELECT model, count(*) FROM segments GROUP BY model ORDER BY 1" "one row per customer and model" <<'EOF'
abc|10
rfm|10
EOF
is_sql "$db" "SELECT customer_id, label, score, value_cents FROM segments WHERE model = 'rfm' AND customer_id IN ('C01', 'C07')" \
	"rfm snapshot: segment, cell, monetary" <<'EOF'
C01|Champions|555|27000
C07|At Risk|132|4000
EOF
# Saving again puts back a row that differs (only the changed rows are rewritten).
sql_do "$db" "UPDATE segments SET label = 'stale', score = NULL, value_cents = NULL WHERE model = 'rfm' AND customer_id = 'C01'"
run cs-segment -q -d "$db" --as-of 2026-06-30 --save rfm
is_sql "$db" "SELECT customer_id, label, score, value_cents FROM segments WHERE model = 'rfm' AND customer_id IN ('C01', 'C07')" \
	"saved again: the changed row restored" <<'EOF'
C01|Champions|555|27000
C07|At Risk|132|4000
EOF

# --explain prints the thresholds on stderr.
run cs-segment -d "$db" --as-of 2026-06-30 --explain abc
is_file err "abc explained" <<'EOF'
cs-segment: as of 2026-06-30, window 12 months
cs-segment: abc A: 3 customers, revenue 180.00 to 270.00, 690.00 in all
cs-segment: abc B: 2 customers, revenue 60.00 to 160.00, 220.00 in all
cs-segment: abc C: 5 customers, revenue -10.00 to 50.00, 80.00 in all
EOF

# Loyalty: the attitude is the latest NPS on or before as-of (C01 9,
# C02 6, C03 10 - its answer after as-of is ignored -, C04 7, C06 8, C07
# 2), else the revenue growth against a year before (C05 60.00 after
# 100.00: -40.00%, C08 0.00 after 100.00: -100.00%), else none (C09,
# C10: no prior revenue, unknown).  Survey answers split at their
# median, (7 + 8) / 2 = 7.50; growth at 0.  Patronage is the share of
# the invoices due in the window paid on time: every invoice of the
# fixture was paid late or not at all (C01 3 due, 3 late; C06 3 due,
# its 2025-06-30 invoice falling due on 2025-07-20), so 0.00 for C01 to
# C07, whose median 0.00 makes them all high; C08 to C10 had nothing
# due: empty, low.
run cs-segment -d "$db" --as-of 2026-06-30 loyalty
is_file out "loyalty with the median splits" <<'EOF'
customer_id,loyalty_attitude,loyalty_patronage_pct,loyalty_class,loyalty_basis
C01,9.00,0.00,Loyal,survey
C02,6.00,0.00,Spurious,survey
C03,10.00,0.00,Loyal,survey
C04,7.00,0.00,Spurious,survey
C05,-40.00,0.00,Spurious,growth
C06,8.00,0.00,Loyal,survey
C07,2.00,0.00,Spurious,survey
C08,-100.00,,None,growth
C09,,,unknown,none
C10,,,unknown,none
EOF
# Given splits: answers high from 8 (C01, C03, C06), growth from -50%
# (C05's -40 is high, C08's -100 low), patronage from 0% (C01..C07).
run cs-segment -d "$db" --as-of 2026-06-30 --patronage-split 0 --attitude-split 8 \
	--growth-split -50 loyalty
cut -d, -f1,4 out >classes
is_file classes "loyalty with given splits, one for each basis" <<'EOF'
customer_id,loyalty_class
C01,Loyal
C02,Spurious
C03,Loyal
C04,Spurious
C05,Loyal
C06,Loyal
C07,Spurious
C08,None
C09,unknown
C10,unknown
EOF
run cs-segment -d "$db" --as-of 2026-06-30 --attitude CSAT loyalty
cut -d, -f1,2,5 out | head -3 >att
is_file att "--attitude CSAT reads the CSAT answers; without one, growth" <<'EOF'
customer_id,loyalty_attitude,loyalty_basis
C01,5.00,survey
C02,-20.00,growth
EOF

# Big customers: listed strategic and key customers first, then the top
# 2 by revenue and anyone with 170.00 or more.
run cs-segment -d "$db" --as-of 2026-06-30 --big-top 2 --big-revenue 170 \
	--strategic "$TESTS_DIR/fixtures/segment/strategic.txt" \
	--key "$TESTS_DIR/fixtures/segment/key.csv" bigcustomer
cut -d, -f1,3 out >classes
is_file classes "big-customer classes" <<'EOF'
customer_id,bigcustomer_class
C01,key
C02,high-value
C03,high-value
C04,strategic
C05,key
C06,regular
C07,regular
C08,regular
C09,regular
C10,regular
EOF
run cs-segment -d "$db" --as-of 2026-06-30 bigcustomer
cut -d, -f3 out | sort | uniq -c | sed 's/^ *//' >counts
is_file counts "by default the top 50 with revenue are high-value" <<'EOF'
1 bigcustomer_class
7 high-value
3 regular
EOF
run cs-segment -d "$db" --strategic nosuch.txt bigcustomer
is_status 4 "a missing list is an I/O error"

# Rules: first match wins; a comparison with a missing value is false
# (C04 and C09 have no prior revenue, C07 and C09 never paid).
run cs-segment -d "$db" --as-of 2026-06-30 abc churn rules "$TESTS_DIR/fixtures/segment/rules.txt"
cut -d, -f1,4,8,9 out >labels
is_file labels "rule labels" <<'EOF'
customer_id,abc_class,churn_flag,rules_label
C01,A,stable,重点维护
C02,A,drop,重点维护
C03,A,stable,重点维护
C04,B,new,其他
C05,B,drop,流失预警
C06,C,stable,流失预警
C07,C,stable,其他
C08,C,lost,流失预警
C09,C,none,沉睡
C10,C,none,沉睡
EOF
printf '# ok\nvip: revenue > 100\nbad: revenue >> 5\n' >bad-rules.txt
run cs-segment -d "$db" rules bad-rules.txt
is_status 1 "a bad rule is bad data"
is_file err "the bad rule named by file, line and column" <<'EOF'
cs-segment: bad-rules.txt:3:15: expected an amount
EOF
run cs-segment -d "$db" rules nosuch-rules.txt
is_status 4 "a missing rule file is an I/O error"
run cs-segment -d "$db" rules "$TESTS_DIR/fixtures/segment/rules.txt"
is_status 2 "rules naming abc_class need the abc model"
is_file err "which model is missing" <<'EOF'
cs-segment: the rules use abc_class: run that model too
usage: cs-segment [-d DB] [--as-of DATE] [options] MODEL... (see --help)
EOF
printf "x: revenue > 0 ; DROP TABLE customers\n" >inject.txt
run cs-segment -d "$db" rules inject.txt
is_status 1 "rule text is parsed, never run as SQL"
is_sql "$db" "SELECT count(*) FROM customers" "customers still there" <<'EOF'
10
EOF

# --from-csv: the same metrics, typed in by hand and shuffled, give the
# same result without a database.
run cs-segment -d "$db" --as-of 2026-06-30 rfm abc pyramid churn
is_status 0 "the metrics from the database"
cp out from-db.csv
[ -s from-db.csv ]
ok $? "the metrics from the database are not empty"
none=$(absent_db none.db)
run cs-segment -d "$none" --from-csv rfm abc pyramid churn <"$TESTS_DIR/fixtures/segment/metrics.csv"
is_status 0 "--from-csv needs no database"
is_file out "--from-csv gives what the database gives" <from-db.csv
is_db_absent "$none" "no database created"
printf 'customer_id,revenue\nA,12,5\n' >stdin.txt
run cs-segment --from-csv abc <stdin.txt
is_status 1 "a bad row of metrics"
is_file err "named by line and column" <<'EOF'
cs-segment: stdin:2:3: expected 2 fields, found 3
EOF
printf 'customer_id,revenue\nA,1\nB,12,5\n' >stdin.txt
run cs-segment --from-csv abc <stdin.txt
is_status 1 "a bad row after a good one"
is_file out "no output after a bad row" </dev/null
printf 'customer_id,revenue\nA,1\nA,2\n' >stdin.txt
run cs-segment --from-csv abc <stdin.txt
is_file err "a customer twice" <<'EOF'
cs-segment: stdin: customer A appears twice
EOF
printf 'id,revenue\nA,1\n' >stdin.txt
run cs-segment --from-csv abc <stdin.txt
is_status 1 "no customer_id column"

# --frequency periods: each of C01..C06 paid one window invoice in full
# (the one its payment names); C07 paid after as-of, C08 only last
# year's.  Tiles over 0 0 0 0 1 1 1 1 1 1: the four 0 score
# 1 + 5 * 3 / 10 = 2, the six 1 score 1 + 5 * 9 / 10 = 5.
run cs-segment -d "$db" --as-of 2026-06-30 --frequency periods rfm
cut -d, -f1,3,6 out >freq
is_file freq "frequency as periods paid" <<'EOF'
customer_id,rfm_frequency,rfm_f
C01,1,5
C02,1,5
C03,1,5
C04,1,5
C05,1,5
C06,1,5
C07,0,2
C08,0,2
C09,0,2
C10,0,2
EOF

# Column rules: big customers and rules may use the customer's kind,
# region, industry, manager and status.
attrs=$(test_db attrs.db)
printf 'customer_id,name,industry,region\nE1,a,金融,城区\nE2,b,零售,城区\nE3,c,零售,港区\nE4,d,,城区\n' >attrs.csv
printf 'invoice_id,customer_id,issued_on,due_on,amount\nX2,E2,2026-05-05,2026-05-25,100\nX4,E4,2026-05-05,2026-05-25,500\n' >attrs-inv.csv
cs-import -q -d "$attrs" -t customers attrs.csv
cs-import -q -d "$attrs" -t invoices attrs-inv.csv
run cs-segment -d "$attrs" --as-of 2026-06-30 --big-top 0 --strategic-if 'industry = "金融"' \
	--key-if 'region = "城区" and revenue >= 100' bigcustomer
cut -d, -f1,3 out >classes
is_file classes "strategic and key by a column rule" <<'EOF'
customer_id,bigcustomer_class
E1,strategic
E2,key
E3,regular
E4,key
EOF
printf 'other industry: industry != "零售"\n' >attr-rules.txt
run cs-segment -d "$attrs" rules attr-rules.txt
cut -d, -f2 out >labels
is_file labels "an empty attribute is missing: != does not match it" <<'EOF'
rules_label
other industry



EOF
run cs-segment -d "$attrs" --strategic-if 'industry = 金融' bigcustomer
is_file err "a bad condition says where" <<'EOF'
cs-segment: --strategic-if: at character 12: expected a "quoted" text
EOF

# Credit grades, worked out by hand.  On the fixture: C01's window
# invoices are 309, 187 and 64 days late (560 / 3 = 186.66), 380.00 is
# open including a 2024 invoice: bad debt, C.
run cs-segment -d "$db" --as-of 2026-06-30 credit
sed -n '1,2p;8p' out >credit
is_file credit "credit record of the fixture" <<'EOF'
customer_id,credit_due_invoices,credit_late_invoices,credit_avg_days_late,credit_overdue,credit_limit,credit_grade
C01,3,3,186.66,380.00,,C
C07,1,1,5.00,80.00,,C
EOF
# D1 pays four invoices on their due days; D2 one of six 5 days late
# (1 of 6, more than a twentieth: AA); D3 two of four 15 days late
# (more than a fifth: A); D4 owes 100.00
# five days past due with a limit of 50.00 (C); D5 has no invoices.
{
	echo "customer_id,name,credit_limit"
	for c in D1 D2 D3 D4 D5; do echo "$c,$c,1000"; done | sed 's/^D4,D4,1000$/D4,D4,50/'
} >dc.csv
{
	echo "invoice_id,customer_id,issued_on,due_on,amount"
	for c in D1 D2 D3; do
		for m in 1 2 3 4; do echo "$c-$m,$c,2026-0$m-05,2026-0$m-25,100"; done
	done
	for m in 5 6; do echo "D2-$m,D2,2026-0$m-05,2026-0$m-25,100"; done
	echo "D4-6,D4,2026-06-05,2026-06-25,100"
} >di.csv
cat >dp.csv <<'EOF'
payment_id,customer_id,invoice_id,paid_on,amount
P1-1,D1,,2026-01-25,100
P1-2,D1,,2026-02-25,100
P1-3,D1,,2026-03-25,100
P1-4,D1,,2026-04-25,100
P2-1,D2,,2026-01-30,100
P2-2,D2,,2026-02-25,100
P2-3,D2,,2026-03-25,100
P2-4,D2,,2026-04-25,100
P2-5,D2,,2026-05-25,100
P2-6,D2,,2026-06-25,100
P3-1,D3,,2026-01-25,100
P3-2,D3,,2026-02-25,100
P3-3,D3,,2026-04-09,100
P3-4,D3,,2026-05-10,100
EOF
credit=$(test_db credit.db)
for t in c i p; do
	table=$(case $t in c) echo customers ;; i) echo invoices ;; p) echo payments ;; esac)
	cs-import -q -d "$credit" -t $table d$t.csv
done
run cs-segment -d "$credit" --as-of 2026-06-30 credit
is_file out "grades AAA, AA, A, C and none" <<'EOF'
customer_id,credit_due_invoices,credit_late_invoices,credit_avg_days_late,credit_overdue,credit_limit,credit_grade
D1,4,0,0.00,0.00,1000.00,AAA
D2,6,1,0.83,0.00,1000.00,AA
D3,4,2,7.50,0.00,1000.00,A
D4,1,1,5.00,100.00,50.00,C
D5,0,0,,0.00,1000.00,none
EOF

# The attitude in hundredths, half away from zero as SQLite's round()
# (2.125 is exact in binary: 2.13, where half to even would give 2.12);
# answers of one day: the greatest response id is the latest.
half=$(test_db half.db)
printf 'customer_id,name\nH1,h1\nH2,h2\n' >hc.csv
printf 'response_id,customer_id,survey,answered_on,item,score\nR1,H1,s,2026-05-01,CSAT,2.125\nR2b,H2,s,2026-05-01,CSAT,3\nR2a,H2,s,2026-05-01,CSAT,1\nR2,H2,s,2026-05-01,CSAT,2\n' >hr.csv
cs-import -q -d "$half" -t customers hc.csv
cs-import -q -d "$half" -t responses hr.csv
run cs-segment -d "$half" --as-of 2026-06-30 --attitude CSAT loyalty
cut -d, -f1,2,5 out >att
is_file att "the latest answer, rounded half away from zero" <<'EOF'
customer_id,loyalty_attitude,loyalty_basis
H1,2.13,survey
H2,3.00,survey
EOF

# Usage errors.
run cs-segment -d "$db"
is_status 2 "no model"
run cs-segment -d "$db" nosuch
is_status 2 "unknown model"
run cs-segment -d "$db" --method breaks rfm
is_status 2 "breaks without values"
run cs-segment -d "$db" -k 5 --breaks R=1,2 rfm
is_status 2 "breaks of the wrong count"
run cs-segment -d "$db" --abc 90,80 abc
is_status 2 "A limit above B"
run cs-segment -d "$db" --growth-split 5% loyalty
is_status 2 "a growth split that is not a number"
run cs-segment -d "$(absent_db nosuch.db)" abc
is_status 3 "missing database"
done_testing
