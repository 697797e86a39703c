#!/bin/sh
# Files that go back to Excel (issue 16, item 4): --excel writes a
# UTF-8 byte order mark, neutralises what would run as a formula, and
# keeps labels Excel would turn into dates or numbers as text; plain
# CSV is left as it was.  (The rejects file in the input's encoding is
# checked in tests 50 and 51.)
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

cat >c.csv <<'EOF'
customer_id,name
A,"=HYPERLINK(""http://x"")"
B,007
C,-1 客户
D,@SUM(1)
EOF
cat >i.csv <<'EOF'
invoice_id,customer_id,period,issued_on,due_on,amount
I1,A,2026-01,2026-01-05,2026-01-25,100.00
I2,B,2026-02,2026-02-05,2026-02-25,50.00
EOF
run cs-import -q -d "$db" -t customers c.csv
is_status 0 "customers"
run cs-import -q -d "$db" -t invoices i.csv
is_status 0 "invoices"

run cs-report -d "$db" --as-of 2026-03-10 --format csv --excel aging
is_status 0 "cs-report aging --excel"
head -c 3 out | od -An -tx1 >bom.txt
is_file bom.txt "a UTF-8 byte order mark first" <<'EOF'
 ef bb bf
EOF
tail -c +4 out | head -7 >aging.csv
is_file aging.csv "the buckets kept as text: =\"1-30\"; numbers stay numbers" <<'EOF'
group,bucket,customers,invoices,amount,share
all,current,0,0,0.00,0.00
all,"=""1-30""",1,1,50.00,33.33
all,"=""31-60""",1,1,100.00,66.67
all,"=""61-90""",0,0,0.00,0.00
all,"=""91-180""",0,0,0.00,0.00
all,>180,0,0,0.00,0.00
EOF
run cs-report -d "$db" --as-of 2026-03-10 --format csv aging
head -3 out >plain.csv
is_file plain.csv "without --excel the labels are as they are" <<'EOF'
group,bucket,customers,invoices,amount,share
all,current,0,0,0.00,0.00
all,1-30,1,1,50.00,33.33
EOF

run cs-report -d "$db" --as-of 2026-03-10 --format csv --excel collection
grep -E '^"=""2026-0[12]""",[0-9]' out | cut -d, -f1,2 >months.csv
is_file months.csv "the months (periods) kept as text" <<'EOF'
"=""2026-01""",100.00
"=""2026-02""",50.00
EOF

run cs-segment -d "$db" --as-of 2026-03-10 --excel --with name abc
is_status 0 "cs-segment --excel"
tail -c +4 out >abc.csv
is_file abc.csv "formulas after a quote, the id 007 kept, -1 客户 not a number" <<'EOF'
customer_id,abc_revenue,abc_cum_share,abc_class,name
A,100.00,66.67,A,"'=HYPERLINK(""http://x"")"
B,50.00,100.00,C,"=""007"""
C,0.00,100.00,C,'-1 客户
D,0.00,100.00,C,'@SUM(1)
EOF

echo "1..$_n"
[ "$_failed" -eq 0 ]
