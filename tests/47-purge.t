#!/bin/sh
# cs-import purge (issue 15): a customer's personal data is retired
# only when the information owner (客户信息负责人), the service manager
# (客服经理) and the general manager (总经理), three different people,
# have approved; then, in one transaction, the name is pseudonymised
# ("已注销客户 ID"), phone, email, address, reg_no and special_terms are
# cleared, the contacts deleted, the customer closed, and the purge is
# written to record_changes and access_log.  The ledger stays.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

# b COND: COND as 1 or 0 on both backends (psql prints a boolean t or f).
b() {
	printf 'CASE WHEN %s THEN 1 ELSE 0 END' "$1"
}

login=$(id -un)
cat >customers.csv <<'EOF'
customer_id,name,kind,industry,manager,phone,email,address,reg_no,special_terms,credit_limit,level,checked_on,checked_by,status
C1,长江建材,enterprise,建材,王,010-88880001,info@cj.example,北京市朝阳区1号,91110000MA0000001X,九折,"5,000.00",confidential,2026-10-01,赵,active
C2,黄河物流,enterprise,物流,王,010-88880002,,,,,,,,,active
C3,珠江电子,enterprise,电子,李,020-88880003,,,,,,,,,active
C4,黑名单公司,enterprise,贸易,李,0755-88880004,,深圳市南山区5号,91440300MA5FAKE01X,,,,,,blacklisted
EOF
cat >contacts.csv <<'EOF'
contact_id,customer_id,name,role,decision_maker,phone,email
P1,C1,周经理,采购经理,yes,13900000001,zhou@cj.example
P2,C1,吴,财务,no,13900000002,
P3,C2,郑,经理,yes,13900000003,
EOF
# C1 and C4: all three, three people.  C2: no general manager.  C3: 王
# as information owner and service manager.
cat >approvals.csv <<'EOF'
customer_id,role,approved_by,approved_on
C1,客户信息负责人,钱,2026-11-20
C1,客服经理,孙,2026-11-21
C1,总经理,李总,2026-11-22
C2,information-owner,钱,2026-11-20
C2,service-manager,孙,2026-11-21
C3,information-owner,王,2026-11-20
C3,service-manager,王,2026-11-21
C3,general-manager,李总,2026-11-22
C4,information-owner,钱,2026-11-20
C4,service-manager,孙,2026-11-21
C4,general-manager,李总,2026-11-22
EOF
cat >invoices.csv <<'EOF'
invoice_id,customer_id,period,issued_on,due_on,amount
I1,C1,2026-01,2026-01-01,2026-01-31,"1,000.00"
I2,C1,2026-02,2026-02-01,2026-02-28,500.00
I3,C2,2026-01,2026-01-01,2026-01-31,300.00
EOF
cat >payments.csv <<'EOF'
payment_id,customer_id,invoice_id,paid_on,amount
Y1,C1,I1,2026-01-20,800.00
EOF
cat >complaints.csv <<'EOF'
complaint_id,customer_id,opened_on,channel,category,severity
K1,C1,2026-02-10,phone,billing,2
EOF
for t in customers contacts invoices payments complaints; do
	cs-import -q -d "$db" -t $t $t.csv
done
cs-import -q -d "$db" -t retirement_approvals approvals.csv
cs-dunning -q -d "$db" --as-of 2026-03-15 >/dev/null 2>&1
ledger="invoices payments complaints dunning_runs dunning_state dunning_history dunning_fees"
is_sql "$db" "SELECT $(b 'count(*) > 0') FROM dunning_history WHERE customer_id = 'C1'" "C1 has a dunning history" <<'EOF'
1
EOF
dump_db "$db" ledger-before.sql $ledger
run cs-report -d "$db" --as-of 2026-03-15 --format csv aging
cp out aging-before.csv
dump_db "$db" before.sql

# Refused: one line per customer naming what is missing, nothing written.
run cs-import -d "$db" purge C2
is_status 1 "C2 refused"
is_file err "the general manager's approval missing" <<'EOF'
cs-import: purge C2: no approval of the general manager (总经理)
cs-import: purge: 1 of 1 customer refused; nothing purged
EOF
run cs-import -d "$db" purge C3
is_status 1 "C3 refused"
is_file err "two roles by one person" <<'EOF'
cs-import: purge C3: 王 approved as the information owner (客户信息负责人) and the service manager (客服经理): three different people must approve
cs-import: purge: 1 of 1 customer refused; nothing purged
EOF
run cs-import -d "$db" purge C1 C2 C3 NOPE
is_status 1 "one refused, none purged"
is_file err "each refusal named, C1 left too" <<'EOF'
cs-import: purge C2: no approval of the general manager (总经理)
cs-import: purge C3: 王 approved as the information owner (客户信息负责人) and the service manager (客服经理): three different people must approve
cs-import: purge NOPE: no such customer
cs-import: purge: 3 of 4 customers refused; nothing purged
EOF
dump_db "$db" after.sql
is_same_dump before.sql after.sql "refusals write nothing"

# A dry run says what would be done, and does nothing.
run cs-import -d "$db" purge --dry-run C1
is_status 0 "--dry-run"
is_file err "what would be done" <<'EOF'
cs-import: would purge C1 (长江建材): name made "已注销客户 C1"; phone, email, address, reg_no and special_terms cleared; 2 contacts deleted; status closed (dry run: nothing written)
EOF
dump_db "$db" after.sql
is_same_dump before.sql after.sql "a dry run writes nothing"

# A purge that fails on its last write (a trigger refuses the
# access_log row) leaves the database as it was; so does a locked one.
if backend_is pg; then
	sql_do "$db" "CREATE FUNCTION refuse_log() RETURNS trigger LANGUAGE plpgsql
		AS \$\$BEGIN RAISE EXCEPTION 'refused by the test'; END\$\$;
		CREATE TRIGGER refuse_log BEFORE INSERT ON access_log
		FOR EACH ROW EXECUTE FUNCTION refuse_log()"
else
	sql_do "$db" "CREATE TRIGGER refuse_log BEFORE INSERT ON access_log
		BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
fi
dump_db "$db" failing-before.sql
run cs-import -q -d "$db" purge C1
is_status 3 "a failed write: database error"
is_file err "said" <<'EOF'
cs-import: purge: database: refused by the test; nothing purged
EOF
dump_db "$db" failing-after.sql
is_same_dump failing-before.sql failing-after.sql "a failed purge leaves the database as it was"
if backend_is pg; then
	sql_do "$db" "DROP TRIGGER refuse_log ON access_log; DROP FUNCTION refuse_log()"
else
	sql_do "$db" "DROP TRIGGER refuse_log"
fi
hold_lock "$db"
CS_LOCK_TIMEOUT=1 run cs-import -q -d "$db" purge C1
release_lock
is_status 5 "locked: exit 5"
dump_db "$db" after.sql
is_same_dump before.sql after.sql "and nothing written"

# The purge.
run cs-import -d "$db" purge C1
is_status 0 "C1 purged"
is_file err "said" <<'EOF'
cs-import: purged C1 (长江建材): name made "已注销客户 C1"; phone, email, address, reg_no and special_terms cleared; 2 contacts deleted; status closed
EOF
is_sql "$db" "SELECT name, kind, industry, manager, $(b 'phone IS NULL'), $(b 'email IS NULL'),
	$(b 'address IS NULL'), $(b 'reg_no IS NULL'), $(b 'special_terms IS NULL'),
	credit_limit_cents, status, level,
	checked_on, checked_by FROM customers WHERE customer_id = 'C1'" \
	"personal fields gone; industry, manager, credit limit, level, check kept" <<'EOF'
已注销客户 C1|enterprise|建材|王|1|1|1|1|1|500000|closed|confidential|2026-10-01|赵
EOF
is_sql "$db" "SELECT contact_id FROM contacts ORDER BY 1" "C1's contacts deleted, C2's kept" <<'EOF'
P3
EOF
dump_db "$db" ledger-after.sql $ledger
is_same_dump ledger-before.sql ledger-after.sql "invoices, payments, complaints, dunning untouched"
run cs-report -d "$db" --as-of 2026-03-15 --format csv aging
is_file out "the aging totals unchanged" <aging-before.csv
is_sql "$db" "SELECT change, $(b "coalesce(actor, '') = '$login'") FROM record_changes
	WHERE customer_id = 'C1' AND change IN ('closed', 'purged') ORDER BY change" \
	"record_changes: closed (by the trigger) and purged by the login" <<'EOF'
closed|0
purged|1
EOF
is_sql "$db" "SELECT $(b "reader = '$login'"), program, customer_id, fields, outcome, $(b 'grant_id IS NULL'),
	length(at) FROM access_log" "access_log: the purge, cleared" <<'EOF'
1|cs-import|C1|purge|cleared|1|19
EOF
is_sql "$db" "SELECT name, status FROM customers WHERE customer_id <> 'C1' ORDER BY 1" \
	"the others untouched" <<'EOF'
珠江电子|active
黄河物流|active
黑名单公司|blacklisted
EOF

# Again: already purged, nothing written.
dump_db "$db" purged.sql
run cs-import -d "$db" purge C1
is_status 0 "again"
is_file err "already purged" <<'EOF'
cs-import: purge C1: already purged; left as it is
EOF
dump_db "$db" again.sql
is_same_dump purged.sql again.sql "nothing written again"

# A blacklisted customer: purged, with a warning even under -q.
run cs-import -q -d "$db" purge C4 C4
is_status 0 "C4 purged, named twice"
is_file err "the door forgets it" <<'EOF'
cs-import: purge C4: the customer was blacklisted; once purged, the blacklist at the door no longer knows its name, phone and registration number
EOF
is_sql "$db" "SELECT count(*) FROM record_changes WHERE customer_id = 'C4' AND change = 'purged'"\
	"purged once" <<'EOF'
1
EOF

# Usage.
run cs-import -d "$db" purge
is_status 2 "no id"
is_file err "says so" <<'EOF'
cs-import: purge: no customer id given
usage: cs-import [-d DB] [-n] [-q] purge ID... (see --help)
EOF
run cs-import -d "$db" --max-errors 3 purge C2
is_status 2 "an option of loading a table"
sed -n 2,3p err >err1
is_file err1 "refused" <<'EOF'
cs-import: purge takes -d, -n and -q
usage: cs-import [-d DB] [-n] [-q] purge ID... (see --help)
EOF

done_testing
