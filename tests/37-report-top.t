#!/bin/sh
# cs-report top: every customer of either period's top N, the totals of
# both lists, the department's bands (a fall of more than 10% flagged,
# of more than 20% serious), --by groups and the window's forms.  As of
# 2026-06-30, the period is (2025-06-30, 2026-06-30], the base period
# (2024-06-30, 2025-06-30].  By hand, in yuan:
#
#   id  region  revenue (now)                       base revenue
#   C1  North   200 (07-01) + 1000 (06-30) = 1200    400 (2024-07-01) + 600 (2025-06-30) = 1000
#   C2  North   810                                  900
#   C3  South   680                                  850
#   C4  South   719.99                               800
#   C5  East    nothing                              820
#   C6  East    1500 - 500 (credit note) = 1000      nothing
#   C7  (none)  650                                  100
#
# C1's invoices of 2024-06-30 and 2026-07-01 are outside both periods.
# Ranks now: C1 1, C6 2, C2 3, C4 4, C3 5, C7 6; then: C1 1, C2 2, C3 3,
# C5 4, C4 5, C7 6.  With --top 4 the lists are C1 C6 C2 C4 and C1 C2 C3
# C5: the union is the four of now by rank, then C3 and C5, which left
# the list, by their base rank.  C7 is in neither.
#
# Changes: C1 +200/1000 = +20.00%; C2 -90/900 = -10% exactly, not more
# than 10: no flag; C4 -80.01/800 = -10.00125%, shown -10.00 but more
# than 10: fell; C3 -170/850 = -20% exactly, not more than 20: fell; C5
# -100%: serious; C6 had nothing: new.
#
# Totals: now 1200 + 1000 + 810 + 719.99 = 3729.99 (4 customers); then
# 1000 + 900 + 850 + 820 = 3570.00 (4); 159.99 / 3570 = +4.4815% -> 4.48.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

cat >customers.csv <<'EOF'
customer_id,name,region,manager
C1,一号客户,North,M1
C2,Two,North,M2
C3,Three,South,M1
C4,Four,South,M2
C5,Five,East,M1
C6,Six,East,M2
C7,Seven,,
EOF
cat >invoices.csv <<'EOF'
invoice_id,customer_id,issued_on,due_on,amount
I1a,C1,2024-06-30,2024-07-30,5000.00
I1b,C1,2024-07-01,2024-07-31,400.00
I1c,C1,2025-06-30,2025-07-30,600.00
I1d,C1,2025-07-01,2025-07-31,200.00
I1e,C1,2026-06-30,2026-07-30,1000.00
I1f,C1,2026-07-01,2026-07-31,5000.00
I2a,C2,2025-01-15,2025-02-14,900.00
I2b,C2,2026-01-15,2026-02-14,810.00
I3a,C3,2025-01-15,2025-02-14,850.00
I3b,C3,2026-01-15,2026-02-14,680.00
I4a,C4,2025-01-15,2025-02-14,800.00
I4b,C4,2026-01-15,2026-02-14,719.99
I5a,C5,2025-01-15,2025-02-14,820.00
I6a,C6,2026-01-15,2026-02-14,1500.00
I6b,C6,2026-02-15,2026-03-17,-500.00
I7a,C7,2025-01-15,2025-02-14,100.00
I7b,C7,2026-01-15,2026-02-14,650.00
EOF
cs-import -q -d "$db" -t customers customers.csv
cs-import -q -d "$db" -t invoices invoices.csv

run cs-report -d "$db" --as-of 2026-06-30 --format csv --top 4 top
is_status 0 "top 4"
is_file out "both lists, those who left them last; the bands; the totals" <<'EOF'
rank,base_rank,customer_id,name,revenue,base_revenue,change_pct,flag
1,1,C1,一号客户,1200.00,1000.00,20.00,
2,,C6,Six,1000.00,0.00,,new
3,2,C2,Two,810.00,900.00,-10.00,
4,5,C4,Four,719.99,800.00,-10.00,fell
5,3,C3,Three,680.00,850.00,-20.00,fell
,4,C5,Five,0.00,820.00,-100.00,serious

period,from,to,customers,revenue,change_pct
current,2025-07-01,2026-06-30,4,3729.99,4.48
base,2024-07-01,2025-06-30,4,3570.00,
EOF
is_sql "$db" "SELECT sum(amount_cents) FROM invoices WHERE issued_on > '2025-06-30'
	AND issued_on <= '2026-06-30' AND customer_id IN ('C1', 'C6', 'C2', 'C4');
	SELECT sum(amount_cents) FROM invoices WHERE issued_on > '2024-06-30'
	AND issued_on <= '2025-06-30' AND customer_id IN ('C1', 'C2', 'C3', 'C5')" \
	"SQL: the totals of both lists, in cents" <<'EOF'
372999
357000
EOF

run cs-report -d "$db" --as-of 2026-06-30 --format text --top 4 top
head -3 out >title.txt
is_file title.txt "the title names both periods and lists" <<'EOF'
cs-report, as of 2026-06-30

Top 4 customers by revenue, (2025-06-30, 2026-06-30] against (2024-06-30, 2025-06-30], and the base period's top 4
EOF

# --bands 5,10: C2 (-10%) fell, C4 (-10.00125%) and C3 (-20%) serious.
# --bands 12.5,20: C2 and C4 within it, C3 fell.
run cs-report -d "$db" --as-of 2026-06-30 --format csv --top 4 --bands 5,10 top
sed -n '2,7p' out | cut -d, -f3,8 >bands.csv
is_file bands.csv "--bands 5,10" <<'EOF'
C1,
C6,new
C2,fell
C4,serious
C3,serious
C5,serious
EOF
run cs-report -d "$db" --as-of 2026-06-30 --format csv --top 4 --bands 12.5,20 top
sed -n '2,7p' out | cut -d, -f3,8 >bands.csv
is_file bands.csv "--bands 12.5,20: percentages with decimals" <<'EOF'
C1,
C6,new
C2,
C4,
C3,fell
C5,serious
EOF

run cs-report -d "$db" --as-of 2026-06-30 --top 4 --drop 20 top
is_status 2 "--drop is gone"
is_file err "and says to use --bands" <<'EOF'
cs-report: --drop: top takes --bands A,B instead (a fall of more than A % flagged, of more than B % serious; default 10,20)
usage: cs-report [-d DB] [--as-of DATE] [--format F] [-o FILE] REPORT... (see --help)
EOF
for bands in 20,10 10,10 10 10,20,30 -1,20 10,101 a,b 10.123,20; do
	run cs-report -d "$db" --bands "$bands" top
	[ "$status" -eq 2 ] && grep -q "^cs-report: --bands $bands: expected two percentages" err
	ok $? "--bands $bands is a usage error"
done

# --by region: the group column; totals per region in byte order, then
# the total.  East: now C6 1000, then C5 820: +180/820 = +21.95%.
# North: now C1 + C2 = 2010, then 1900: +110/1900 = +5.789% -> 5.79.
# South: now C4 719.99, then C3 850: -130.01/850 = -15.295% -> -15.30.
run cs-report -d "$db" --as-of 2026-06-30 --format csv --top 4 --by region top
is_status 0 "top --by region"
is_file out "the region of each, the totals of each region" <<'EOF'
rank,base_rank,customer_id,name,group,revenue,base_revenue,change_pct,flag
1,1,C1,一号客户,North,1200.00,1000.00,20.00,
2,,C6,Six,East,1000.00,0.00,,new
3,2,C2,Two,North,810.00,900.00,-10.00,
4,5,C4,Four,South,719.99,800.00,-10.00,fell
5,3,C3,Three,South,680.00,850.00,-20.00,fell
,4,C5,Five,East,0.00,820.00,-100.00,serious

group,period,from,to,customers,revenue,change_pct
East,current,2025-07-01,2026-06-30,1,1000.00,21.95
East,base,2024-07-01,2025-06-30,1,820.00,
North,current,2025-07-01,2026-06-30,2,2010.00,5.79
North,base,2024-07-01,2025-06-30,2,1900.00,
South,current,2025-07-01,2026-06-30,1,719.99,-15.30
South,base,2024-07-01,2025-06-30,1,850.00,
total,current,2025-07-01,2026-06-30,4,3729.99,4.48
total,base,2024-07-01,2025-06-30,4,3570.00,
EOF

# --by class: the label of the latest bigcustomer snapshot on or before
# the as-of date (C1 key, C6 strategic on 06-01; the snapshot of 07-15
# is later), the others none.  Group "": now C2 + C4 = 1529.99, then C2
# + C3 + C5 = 2570: -1040.01/2570 = -40.467% -> -40.47; key: C1 +20%;
# strategic: C6, nothing before.
sql_do "$db" "INSERT INTO segments (as_of, model, customer_id, label) VALUES
	('2026-06-01', 'bigcustomer', 'C1', 'key'), ('2026-06-01', 'bigcustomer', 'C6', 'strategic'),
	('2026-07-15', 'bigcustomer', 'C1', 'regular')"
run cs-report -d "$db" --as-of 2026-06-30 --format csv --top 4 --by class top
cut -d, -f3,5 out | head -7 >class.csv
is_file class.csv "top --by class: each customer's class" <<'EOF'
customer_id,group
C1,key
C6,strategic
C2,
C4,
C3,
C5,
EOF
tail -n 9 out >class-totals.csv
is_file class-totals.csv "the totals of each class, in the classes' order, none last" <<'EOF'
group,period,from,to,customers,revenue,change_pct
strategic,current,2025-07-01,2026-06-30,1,1000.00,
strategic,base,2024-07-01,2025-06-30,0,0.00,
key,current,2025-07-01,2026-06-30,1,1200.00,20.00
key,base,2024-07-01,2025-06-30,1,1000.00,
,current,2025-07-01,2026-06-30,2,1529.99,-40.47
,base,2024-07-01,2025-06-30,3,2570.00,
total,current,2025-07-01,2026-06-30,4,3729.99,4.48
total,base,2024-07-01,2025-06-30,4,3570.00,
EOF
# aging --by class: the same order, whatever the amounts.
run cs-report -d "$db" --as-of 2026-06-30 --format csv --by class aging
sed -n '/^group,/,/^$/p' out | tail -n +2 | cut -d, -f1 | uniq >aging-groups.txt
is_file aging-groups.txt "aging --by class: strategic, key, then none, then the total" <<'EOF'
strategic
key

total

EOF
run cs-report -d "$db" --by status top
is_status 2 "top --by status"
head -1 err >by.txt
is_file by.txt "names the report and the groups it takes" <<'EOF'
cs-report: --by: the top report groups by region, manager, kind, industry or class, not status
EOF

# --window in cs-segment's forms: 12, 12m and 1y are the same year; 90d
# is (2026-04-01, 2026-06-30] against (2025-04-01, 2025-06-30]: only
# C1's 1000 on 2026-06-30 and 600 on 2025-06-30: +400/600 = +66.67%.
run cs-report -d "$db" --as-of 2026-06-30 --format csv --top 4 top
mv out year.csv
for w in 12 12m 1y; do
	run cs-report -d "$db" --as-of 2026-06-30 --format csv --top 4 --window $w top
	cmp -s out year.csv
	ok $? "--window $w is the year"
done
run cs-report -d "$db" --as-of 2026-06-30 --format csv --top 4 --window 90d top
is_status 0 "--window 90d"
is_file out "90 days against the same 90 days a year before" <<'EOF'
rank,base_rank,customer_id,name,revenue,base_revenue,change_pct,flag
1,1,C1,一号客户,1000.00,600.00,66.67,

period,from,to,customers,revenue,change_pct
current,2026-04-02,2026-06-30,1,1000.00,66.67
base,2025-04-02,2025-06-30,1,600.00,
EOF
for w in 0 121 11y 3661d 12w m; do
	run cs-report -d "$db" --window $w top
	[ "$status" -eq 2 ] && grep -q "^cs-report: --window $w: expected a length such as 12 (months), 12m, 1y or 90d" err
	ok $? "--window $w is a usage error"
done

done_testing
