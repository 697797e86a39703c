#!/bin/sh
# cs-segment bigcustomer's group class (集团客户): customers linked by
# parent_id are judged together by their combined revenue.  Each
# customer belongs to the group of its top-most ancestor; a group of two
# or more customers whose revenue sums to the high-value bar or more is
# big, and each of its customers is "group" unless listed (or matching)
# strategic or key.  The bar is what makes one customer high-value: the
# least revenue among the --big-top largest, or --big-revenue if lower.
#
# Revenue in the window (2025-06-30, 2026-06-30], one invoice each:
#   G1 40.00, G1A 35.00 and G1B 30.00 under G1: 105.00 together,
#      though none alone reaches 100.00; G1B is listed strategic
#   H1 20.00 <- H2 30.00 <- H3 60.00: a chain of three levels, 110.00
#   S1 10.00 <- S2 20.00: 30.00, a group that is not big
#   M1 60.00 and M2 50.00 name P9, which is no customer: 110.00
#   Y1 70.00 and Y2 50.00 name each other: a cycle, broken at Y1 (the
#      smaller id), which heads the group: 120.00
#   B1 150.00 alone; R1 5.00 alone
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

cat >customers.csv <<'EOF'
customer_id,name,parent_id
B1,大单客户,
G1,华信集团,
G1A,华信科技,G1
G1B,华信物流,G1
H1,长江控股,
H2,长江实业,H1
H3,长江电子,H2
M1,东方贸易,P9
M2,东方建材,P9
R1,零售户,
S1,小集团,
S2,小集团分公司,S1
Y1,循环甲,Y2
Y2,循环乙,Y1
EOF
echo invoice_id,customer_id,issued_on,due_on,amount >invoices.csv
awk -F, 'NR > 1 { print "I" NR "," $1 ",2026-03-01,2026-03-21," $2 }' >>invoices.csv <<'EOF'
customer_id,amount
B1,150.00
G1,40.00
G1A,35.00
G1B,30.00
H1,20.00
H2,30.00
H3,60.00
M1,60.00
M2,50.00
R1,5.00
S1,10.00
S2,20.00
Y1,70.00
Y2,50.00
EOF
run cs-import -q -d "$db" -t customers customers.csv
is_status 0 "customers with parent ids loaded"
run cs-import -q -d "$db" -t invoices invoices.csv
is_status 0 "their invoices loaded"
printf 'customer_id\nG1B\n' >strategic.txt

# The bar is --big-revenue 100.00 alone (--big-top 0).  B1 is
# high-value alone; R1 regular; the S group (30.00) is not big, so S1
# and S2 stay regular; every other group is big.
run cs-segment -d "$db" --as-of 2026-06-30 --big-top 0 --big-revenue 100 \
	--strategic strategic.txt bigcustomer
is_status 0 "bigcustomer with groups"
is_file out "groups: combined revenue, three levels, a parent that is no customer, a cycle" <<'EOF'
customer_id,bigcustomer_revenue,bigcustomer_class
B1,150.00,high-value
G1,40.00,group
G1A,35.00,group
G1B,30.00,strategic
H1,20.00,group
H2,30.00,group
H3,60.00,group
M1,60.00,group
M2,50.00,group
R1,5.00,regular
S1,10.00,regular
S2,20.00,regular
Y1,70.00,group
Y2,50.00,group
EOF
is_file err "the cycle is told and broken at its smallest id" <<'EOF'
cs-segment: parent_id: Y1 -> Y2 -> Y1 is a cycle; Y1 is taken as the top of its group
EOF

# At the bar exactly: --big-revenue 110 keeps H (110.00), M (110.00)
# and Y (120.00); G (105.00) falls short, so G1 and G1A are regular and
# G1B stays strategic.
run cs-segment -d "$db" --as-of 2026-06-30 --big-top 0 --big-revenue 110 \
	--strategic strategic.txt bigcustomer
cut -d, -f1,3 out | grep -E '^(G|H|M)' >classes
is_file classes "a group at the bar is big; below it, its members keep their own class" <<'EOF'
G1,regular
G1A,regular
G1B,strategic
H1,group
H2,group
H3,group
M1,group
M2,group
EOF

# The bar from --big-top: the 2 largest are B1 (150.00) and Y1 (70.00),
# so the bar is 70.00: S (30.00) is not big, every other group is, and
# Y1, high-value alone, is group: group comes before high-value.  Ten
# customers in big groups (G1B is not listed here), B1 high-value, R1,
# S1 and S2 regular.
run cs-segment -q -d "$db" --as-of 2026-06-30 --big-top 2 bigcustomer
cut -d, -f3 out | tail -n +2 | sort | uniq -c | sed 's/^ *//' >counts
is_file counts "--big-top 2: the bar is the second largest revenue" <<'EOF'
10 group
1 high-value
3 regular
EOF
grep -c 'Y1,70.00,group' out >y1
is_file y1 "a high-value customer in a big group is group" <<'EOF'
1
EOF

# Saved, the class is a label like the others, in its place: after key,
# before high-value.
run cs-segment -q -d "$db" --as-of 2026-06-30 --big-top 0 --big-revenue 100 --save bigcustomer
is_sql "$db" "SELECT label, count(*) FROM segments WHERE model = 'bigcustomer' GROUP BY label
	ORDER BY CASE label WHEN 'strategic' THEN 1 WHEN 'key' THEN 2 WHEN 'group' THEN 3
	WHEN 'high-value' THEN 4 ELSE 5 END" \
	"the snapshot keeps the group class" <<'EOF'
group|10
high-value|1
regular|3
EOF

# The card shows the parent's name and the group's size: the parent
# and the customers naming it (G1 heads three; M1's parent P9 is no
# customer, yet names M1 and M2; B1 is in no group).
for c in G1 G1A H3 M1 B1; do
	cs-report -d "$db" --format csv customer $c | grep -E '^(parent_id|parent_name|group_members),' |
		sed "s/^/$c,/"
done >card.csv
is_file card.csv "the card's parent and group" <<'EOF'
G1,parent_id,
G1,parent_name,
G1,group_members,3
G1A,parent_id,G1
G1A,parent_name,华信集团
G1A,group_members,3
H3,parent_id,H2
H3,parent_name,长江实业
H3,group_members,2
M1,parent_id,P9
M1,parent_name,
M1,group_members,3
B1,parent_id,
B1,parent_name,
B1,group_members,
EOF

# A customer who is its own parent is a cycle of one: told, and alone.
printf 'customer_id,name,parent_id\nR1,零售户,R1\n' >self.csv
cs-import -q -d "$db" -t customers self.csv
run cs-segment -d "$db" --as-of 2026-06-30 --big-top 0 --big-revenue 100 bigcustomer
is_file err "a customer that is its own parent" <<'EOF'
cs-segment: parent_id: R1 -> R1 is a cycle; R1 is taken as the top of its group
cs-segment: parent_id: Y1 -> Y2 -> Y1 is a cycle; Y1 is taken as the top of its group
EOF
grep '^R1,' out >r1
is_file r1 "and stays what it is alone" <<'EOF'
R1,5.00,regular
EOF
done_testing
