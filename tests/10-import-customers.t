#!/bin/sh
# cs-import of customers: value rules of DATA.md, rejects with line and
# column, the rejects file, the summary line, upserts.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

cat >customers.csv <<'CSV'
Customer_ID , NAME,kind,region,industry,manager,phone,email,opened_on,credit_limit,status
C1,王芳,individual,城区,零售,M001,13800000000,wang@example.com,2026-01-05,"¥12,000.50",active
C2,"华信科技有限公司, 城区分公司",ENTERPRISE,开发区,制造,M002,,,2026/3/7,￥0,
 C3 ,"He said ""hi""",individual,,,,,,2024年2月29日,1234.5,Suspended
C4,bad date,individual,,,,,,2026-02-30,,
C5,bad money,individual,,,,,,,"12,5",
C6,bad kind,company,,,,,,,,
C7,neg limit,individual,,,,,,,-1,
C8,,individual,,,,,,,,
C9,bad email,individual,,,,,not-an-email,,,
C10,short row
,no id,individual,,,,,,,,
C11,bad status,individual,,,,,,,,gone
C12,dmy date,individual,,,,,,31/01/2026,,
C13,too many,individual,,,,,,,,,extra
C14,two decimals,individual,,,,,,,1.234,
C15,"multi
line",individual,,,,,,2026-01-01,"1,000",closed
CSV

run cs-import -d "$db" -t customers customers.csv
is_status 1 "rows rejected: exit 1"
is_file err "one line per rejection, then the summary" <<'EOF'
cs-import: customers.csv:5:9: opened_on "2026-02-30": no such calendar date
cs-import: customers.csv:6:10: credit_limit "12,5": thousands separator ',' must separate groups of three digits
cs-import: customers.csv:7:3: kind "company": expected one of enterprise, individual
cs-import: customers.csv:8:10: credit_limit "-1": amount must not be negative
cs-import: customers.csv:9:2: name: required value missing
cs-import: customers.csv:10:8: email "not-an-email": not an email address
cs-import: customers.csv:11:3: expected 11 fields, found 2
cs-import: customers.csv:12:1: customer_id: required value missing
cs-import: customers.csv:13:11: status "gone": expected one of active, suspended, closed, blacklisted
cs-import: customers.csv:14:9: opened_on "31/01/2026": not a date (expected YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)
cs-import: customers.csv: read as utf-8 (valid UTF-8)
cs-import: customers.csv: 2 more rejections not shown
cs-import: customers.csv: 16 rows, 4 loaded (4 new, 0 updated, 0 unchanged), 12 rejected
cs-import: customers.csv: rejected rows are in customers.rejects.csv
EOF
is_sql "$db" "SELECT * FROM customers ORDER BY customer_id" "valid rows stored canonical" <<'EOF'
C1|王芳|individual|城区|零售|M001|13800000000|wang@example.com|2026-01-05|1200050|active|||||||||||
C15|multi
line|individual||||||2026-01-01|100000|closed|||||||||||
C2|华信科技有限公司, 城区分公司|enterprise|开发区|制造|M002|||2026-03-07|0|active|||||||||||
C3|He said "hi"|individual||||||2024-02-29|123450|suspended|||||||||||
EOF
money_type="typeof(credit_limit_cents)"
backend_is pg && money_type="CASE WHEN pg_typeof(credit_limit_cents) IN ('integer'::regtype,
	'bigint'::regtype) THEN 'integer' ELSE pg_typeof(credit_limit_cents)::text END"
is_sql "$db" "SELECT $money_type, count(*) FROM customers GROUP BY 1" "money stored as integers" <<'EOF'
integer|4
EOF
is_file customers.rejects.csv "rejects keep the original fields with line, column and reason" <<'EOF'
Customer_ID , NAME,kind,region,industry,manager,phone,email,opened_on,credit_limit,status,line,column,reason
C4,bad date,individual,,,,,,2026-02-30,,,5,9,"opened_on ""2026-02-30"": no such calendar date"
C5,bad money,individual,,,,,,,"12,5",,6,10,"credit_limit ""12,5"": thousands separator ',' must separate groups of three digits"
C6,bad kind,company,,,,,,,,,7,3,"kind ""company"": expected one of enterprise, individual"
C7,neg limit,individual,,,,,,,-1,,8,10,"credit_limit ""-1"": amount must not be negative"
C8,,individual,,,,,,,,,9,2,name: required value missing
C9,bad email,individual,,,,,not-an-email,,,,10,8,"email ""not-an-email"": not an email address"
C10,short row,,,,,,,,,,11,3,"expected 11 fields, found 2"
,no id,individual,,,,,,,,,12,1,customer_id: required value missing
C11,bad status,individual,,,,,,,,gone,13,11,"status ""gone"": expected one of active, suspended, closed, blacklisted"
C12,dmy date,individual,,,,,,31/01/2026,,,14,9,"opened_on ""31/01/2026"": not a date (expected YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)"
C13,too many,individual,,,,,,,,,15,12,"expected 11 fields, found 12",extra
C14,two decimals,individual,,,,,,,1.234,,16,10,"credit_limit ""1.234"": more than 2 decimal places"
EOF
if backend_is sqlite; then
	ls -l cs.db | cut -c1-10 >perm
	is_file perm "new database is readable by its owner only" <<'EOF'
-rw-------
EOF
else
	skip "new database is readable by its owner only" "a file of SQLite's"
fi
ls -l customers.rejects.csv | cut -c1-10 >perm
is_file perm "rejects file is readable by its owner only" <<'EOF'
-rw-------
EOF

# Upsert: only the columns present are updated; the others are kept.
printf 'customer_id,name,credit_limit\nC1,王芳,99\nC2,"华信科技有限公司, 城区分公司",0\nC16,新客户,1\n' >limits.csv
run cs-import -q -d "$db" -t customers limits.csv
is_status 0 "partial columns load"
is_file err "quiet: nothing on stderr" </dev/null
is_sql "$db" "SELECT customer_id, name, region, credit_limit_cents, status FROM customers WHERE customer_id IN ('C1','C2','C16') ORDER BY 1" \
	"absent columns kept, present ones updated" <<'EOF'
C1|王芳|城区|9900|active
C16|新客户||100|active
C2|华信科技有限公司, 城区分公司|开发区|0|active
EOF
is_sql "$db" "SELECT rows, loaded, inserted, updated, unchanged, rejected, status FROM import_runs ORDER BY run_id" \
	"each run recorded with its counts" <<'EOF'
16|4|4|0|0|12|loaded
3|3|1|1|1|0|loaded
EOF
is_absent limits.rejects.csv "no rejects file when nothing is rejected"
done_testing
