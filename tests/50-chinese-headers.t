#!/bin/sh
# Chinese exports load without hand mapping (issue 16, item 2): the
# column names of Chinese billing and CRM exports (cs-data(5)), -m to
# add or override, every unknown column in one message, two names of
# one column refused, and every error of a row reported.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

# A GB18030 export as Chinese Excel saves it: Chinese headers and
# values, Excel's date-times, CRLF.
printf '%s\r\n' '客户编号,客户名称,客户类型,地区,行业,客户经理,联系电话,开户日期,信用额度,状态' \
	'C1,长江建材有限公司,企业,华东,建材,王芳,13812345678,2024-03-01 00:00:00,"50,000.00",正常' \
	'C2,李明,个人,华南,,张伟,13900001111,2025/7/15 0:00,0,黑名单' |
	iconv -f UTF-8 -t GB18030 >customers.csv
printf '%s\r\n' '账单号,客户编号,账期,开票日期,到期日,应收金额' \
	'I1,C1,202601,2026-01-05 00:00:00,2026-01-25 00:00:00,"1,234.50"' \
	'I2,C1,2026年2月,2026/2/5 0:00,2026/2/25 0:00,￥800.00' \
	'I3,C2,2026-1,2026年1月5日,2026年1月25日,99.9' |
	iconv -f UTF-8 -t GB18030 >invoices.csv
printf '%s\r\n' '缴费单号,客户编号,账单号,缴费日期,缴费金额,缴费方式' \
	'P1,C1,I1,2026-01-20 14:32:11,"1,234.50",银行转账' |
	iconv -f UTF-8 -t GB18030 >payments.csv

run cs-import -d "$db" -t customers customers.csv
is_status 0 "a GB18030 customers export with Chinese headers loads with no -m"
is_file err "said how it was read" <<'EOF'
cs-import: customers.csv: read as gb18030 (not valid UTF-8)
cs-import: customers.csv: 2 rows, 2 loaded (2 new, 0 updated, 0 unchanged), 0 rejected
EOF
is_sql "$db" "SELECT customer_id, name, kind, region, industry, manager, phone, opened_on,
	credit_limit_cents, status FROM customers ORDER BY 1" "its Chinese values stored as the canonical ones" <<'EOF'
C1|长江建材有限公司|enterprise|华东|建材|王芳|13812345678|2024-03-01|5000000|active
C2|李明|individual|华南||张伟|13900001111|2025-07-15|0|blacklisted
EOF
run cs-import -q -d "$db" -t invoices invoices.csv
is_status 0 "invoices: 账期 as 202601 and 2026年2月, Excel's dates with a time"
is_sql "$db" "SELECT invoice_id, customer_id, period, issued_on, due_on, amount_cents FROM invoices ORDER BY 1" \
	"the invoices as cs-data(5) keeps them" <<'EOF'
I1|C1|2026-01|2026-01-05|2026-01-25|123450
I2|C1|2026-02|2026-02-05|2026-02-25|80000
I3|C2|2026-01|2026-01-05|2026-01-25|9990
EOF
run cs-import -q -d "$db" -t payments payments.csv
is_status 0 "payments: 缴费日期 with a time of day, the time dropped"
is_sql "$db" "SELECT payment_id, invoice_id, paid_on, amount_cents, method FROM payments" "the payment" <<'EOF'
P1|I1|2026-01-20|123450|银行转账
EOF

# Every unknown column in one message, each with its column number.
printf '客户编号,客户名称,客户等级,备注,地区\nC3,x,A,,\n' >unknown.csv
run cs-import -d "$db" -t customers unknown.csv
is_status 1 "unknown columns refuse the file"
is_file err "all of them named in one message" <<'EOF'
cs-import: unknown.csv:1: unknown columns "客户等级" in column 3, "备注" in column 4 (expected columns: customer_id*, name*, kind, region, industry, manager, phone, email, opened_on, credit_limit, status, parent_id, reg_no, address, employees, yearly_sales, founded_on, qualification, special_terms, level, checked_on, checked_by; * required); nothing loaded
EOF

# -m adds a name and overrides one; the user's map comes first.
run cs-import -q -d "$db" -t customers -m 客户等级=level -m 备注=special_terms -m 地区=- unknown.csv
is_status 1 "-m maps them (A is no level)"
is_file err "the level's reason names the header and the column" <<'EOF'
cs-import: unknown.csv:2:3: 客户等级 (level) "A": expected one of secret, confidential, top-secret
EOF
printf '客户编号,客户名称,客户等级,备注,地区\nC3,x,机密,月结,华北\n' >mapped.csv
run cs-import -q -d "$db" -t customers -m 客户等级=level -m 备注=special_terms -m 地区=- mapped.csv
is_status 0 "-m adds names, and 地区=- ignores a column the list knows"
is_sql "$db" "SELECT customer_id, level, special_terms, CASE WHEN region IS NULL THEN 1 ELSE 0 END
	FROM customers WHERE customer_id = 'C3'" \
	"stored under the mapped columns, 地区 ignored" <<'EOF'
C3|confidential|月结|1
EOF

# A column's own name and another of its names: refused, both named.
printf '客户编号,customer_id,客户名称\nC4,C4,x\n' >twice.csv
run cs-import -d "$db" -t customers twice.csv
is_status 1 "two names of one column"
is_file err "both named, with their columns" <<'EOF'
cs-import: twice.csv:1: columns "客户编号" in column 1 and "customer_id" in column 2 both name customer_id (expected columns: customer_id*, name*, kind, region, industry, manager, phone, email, opened_on, credit_limit, status, parent_id, reg_no, address, employees, yearly_sales, founded_on, qualification, special_terms, level, checked_on, checked_by; * required); nothing loaded
EOF
printf '客户编号,客户号,客户名称\nC4,C4,x\n' >twice2.csv
run cs-import -d "$db" -t customers twice2.csv
is_status 1 "two other names of one column"
grep -c 'columns "客户编号" in column 1 and "客户号" in column 2 both name customer_id' err >n.txt
is_file n.txt "both named" <<'EOF'
1
EOF
printf '客户编号,customer_id,颜色,客户名称\nC4,C4,x,y\n' >both.csv
run cs-import -d "$db" -t customers both.csv
grep -c 'unknown column "颜色" in column 3 (' err >n.txt
is_file n.txt "an unknown column after two names of one is still named first" <<'EOF'
1
EOF
printf 'Customer_ID, NAME \n C5 ,x\n' >case.csv
run cs-import -q -d "$db" -t customers case.csv
is_status 0 "own names: ASCII case and white space ignored"
printf '客户ＩＤ,客户名称\nC6,x\n' >wide.csv
run cs-import -d "$db" -t customers wide.csv
is_status 1 "a name is matched exactly: full-width ＩＤ is not ID"
grep -c 'unknown column "客户ＩＤ" in column 1' err >n.txt
is_file n.txt "named unknown" <<'EOF'
1
EOF

# A row with several errors: each on its own line, all in the rejects
# file's one row (GB18030, as the input was).
printf '%s\r\n' '客户编号,客户名称,客户类型,开户日期,信用额度,状态' \
	'C6,好,企业,2026-01-05,1,正常' \
	'C7,坏,人,2026-02-30 00:00:00,x,在网' |
	iconv -f UTF-8 -t GB18030 >bad.csv
run cs-import -d "$db" -t customers bad.csv
is_status 1 "a row with four bad fields"
is_file err "each reported on its own line, file:line:column" <<'EOF'
cs-import: bad.csv:3:3: 客户类型 (kind) "人": expected one of enterprise, individual
cs-import: bad.csv:3:4: 开户日期 (opened_on) "2026-02-30 00:00:00": no such calendar date
cs-import: bad.csv:3:5: 信用额度 (credit_limit) "x": not a decimal amount
cs-import: bad.csv:3:6: 状态 (status) "在网": expected one of active, suspended, closed, blacklisted
cs-import: bad.csv: read as gb18030 (not valid UTF-8)
cs-import: bad.csv: 2 rows, 1 loaded (1 new, 0 updated, 0 unchanged), 1 rejected
cs-import: bad.csv: rejected rows are in bad.rejects.csv
EOF
iconv -f UTF-8 -t UTF-8 bad.rejects.csv >/dev/null 2>&1
[ $? -ne 0 ]
ok $? "the rejects file is not UTF-8"
iconv -f GB18030 -t UTF-8 bad.rejects.csv >rejects.utf8
ok $? "it is GB18030, as the input"
is_file rejects.utf8 "one row, its reasons joined by '; ', the first bad column" <<'EOF'
客户编号,客户名称,客户类型,开户日期,信用额度,状态,line,column,reason
C7,坏,人,2026-02-30 00:00:00,x,在网,3,3,"客户类型 (kind) ""人"": expected one of enterprise, individual; 开户日期 (opened_on) ""2026-02-30 00:00:00"": no such calendar date; 信用额度 (credit_limit) ""x"": not a decimal amount; 状态 (status) ""在网"": expected one of active, suspended, closed, blacklisted"
EOF
tail -c 2 bad.rejects.csv | od -An -c | tr -s ' ' >end.txt
is_file end.txt "its lines end in LF, as every rejects file's" <<'EOF'
 " \n
EOF

# Every input table knows its Chinese names: a header of them loads.
printf '投诉编号,客户编号,投诉日期,投诉类别,严重程度,是否有效\nQ1,C1,2026-01-06 09:15:00,话费,2,是\n' >complaints.csv
printf '投诉编号,处理时间,环节,操作人,处理方式,赔偿金额\nQ1,2026-01-06 10:00,受理,王芳,,\nQ1,2026年1月7日 9:30,结案,王芳,赔偿,50\n' >events.csv
printf '回访编号,客户编号,回访日期,回访方式,回访结果\nV1,C1,2026/1/8 0:00,电话,满意\n' >visits.csv
printf '答卷编号,客户编号,问卷名称,填写日期,题号,得分\nR1,C1,年度满意度,2026-01-09,q1,9\n' >responses.csv
printf '承诺编号,客户编号,承诺日期,承诺缴费日期,承诺金额\nK1,C1,2026-01-10,2026-01-31,100\n' >promises.csv
printf '联系人编号,客户编号,姓名,职务,是否决策人,手机\nT1,C1,赵强,财务总监,是,13700000000\n' >contacts.csv
printf '授权编号,查阅人,客户编号,密级,审批人,生效日期,失效日期,事由\nG1,李四,C1,机密,王芳,2026-01-01,2026-12-31,审计\n' >grants.csv
printf '客户编号,审批角色,审批人,审批日期\nC2,总经理,刘总,2026-01-12\n' >retire.csv
for load in complaints:complaints.csv complaint_events:events.csv visits:visits.csv responses:responses.csv promises:promises.csv contacts:contacts.csv access_grants:grants.csv retirement_approvals:retire.csv; do
	run cs-import -q -d "$db" -t "${load%%:*}" "${load#*:}"
	is_status 0 "${load%%:*}"
done
is_sql "$db" "SELECT category, severity, valid FROM complaints;
	SELECT step, remedy, amount_cents FROM complaint_events ORDER BY at;
	SELECT visited_on, channel FROM visits; SELECT survey, item, CAST(score * 10 AS INTEGER) FROM responses;
	SELECT due_on, amount_cents FROM promises; SELECT name, role, decision_maker FROM contacts;
	SELECT level, valid_until FROM access_grants; SELECT role FROM retirement_approvals" \
	"each stored under its columns" <<'EOF'
billing|2|1
recorded||
closed|compensation|5000
2026-01-08|电话
年度满意度|q1|90
2026-01-31|10000
赵强|财务总监|1
confidential|2026-12-31
general-manager
EOF

echo "1..$_n"
[ "$_failed" -eq 0 ]
