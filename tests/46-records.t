#!/bin/sh
# cs-report records and the blacklist at the door (issue 15): the
# records due for their quarterly re-check (never checked, or checked
# more than 90 days before the as-of date), the records missing
# required fields by kind and class, the monthly customer-information
# summary from record_changes, and the new customers that match a
# blacklisted one when cs-import loads them, shown masked.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

# As of 2026-11-05: 91 days before is 2026-08-06, 90 days 2026-08-07.
#   R1 never checked: due; R2 checked 91 days before: due; R3 90 days
#   before: not yet; R4 checked after the as-of date: not due; R5 closed:
#   retired, in no list.
#   Required of every one: name, manager, phone or a contact; of an
#   enterprise also address, industry, reg_no; of a strategic or key
#   customer also a decision maker among its contacts.
#   E1 an enterprise without address, industry, reg_no; E2 complete, no
#   phone but a contact; I1 without manager, phone and contact; I2 no
#   phone, a contact; K1 key (snapshot of 2026-10-01), its contact no
#   decision maker; S1 strategic with a decision maker; K2 regular in
#   the snapshot of 2026-10-01, key in that of 2026-12-01.
#   B1 blacklisted by status, B2 by cs-dunning (dunning_state).
cat >customers.csv <<'EOF'
customer_id,name,kind,industry,manager,phone,address,reg_no,status,checked_on,checked_by
R1,王芳,individual,,张,13800000001,,,active,,
R2,李雷,individual,,张,13800000002,,,active,2026-08-06,赵
R3,韩梅,individual,,李,13800000003,,,active,2026-08-07,赵
R4,Delta,individual,,李,13800000004,,,active,2026-11-10,赵
R5,Echo,individual,,,,,,closed,,
E1,长江建材,enterprise,,王,010-88880001,,,active,2026-10-01,赵
E2,黄河物流,enterprise,物流,王,,北京市朝阳区1号,91110000MA0000001X,active,2026-10-01,赵
I1,Foxtrot,individual,,,,,,active,2026-10-01,赵
I2,Golf,individual,,李,,,,active,2026-10-01,赵
K1,珠江电子,enterprise,电子,王,020-88880001,广州市天河区2号,91440000MA0000002X,active,2026-10-01,赵
S1,Sierra,enterprise,软件,王,021-88880001,上海市浦东新区3号,91310000MA0000003X,active,2026-10-01,赵
K2,Kilo,enterprise,软件,王,021-88880002,上海市浦东新区4号,91310000MA0000004X,active,2026-10-01,赵
B1,黑名单公司,enterprise,贸易,王,138-0013-8000,深圳市南山区5号,91440300MA5FAKE01X,blacklisted,2026-10-01,赵
B2,Badguy,individual,,李,139 0000 1111,,,active,2026-10-01,赵
EOF
cat >contacts.csv <<'EOF'
contact_id,customer_id,name,role,decision_maker,phone,email
P1,E2,周经理,经理,no,13900000001,
P2,I2,吴,家属,no,13900000002,
P3,K1,郑,采购,no,13900000003,
P4,S1,冯总,总经理,yes,13900000004,
EOF
cs-import -q -d "$db" -t customers customers.csv
cs-import -q -d "$db" -t contacts contacts.csv
sql_do "$db" "INSERT INTO segments (as_of, model, customer_id, label) VALUES
	('2026-10-01', 'bigcustomer', 'K1', 'key'), ('2026-10-01', 'bigcustomer', 'S1', 'strategic'),
	('2026-10-01', 'bigcustomer', 'K2', 'regular'), ('2026-12-01', 'bigcustomer', 'K1', 'key'),
	('2026-12-01', 'bigcustomer', 'S1', 'strategic'), ('2026-12-01', 'bigcustomer', 'K2', 'key');
	INSERT INTO dunning_state (customer_id, stage, blacklisted, updated_on)
	VALUES ('B2', 'sue', 1, '2026-10-01')"

# The monthly summary counts record_changes; the rows the imports wrote
# at the wall clock give way to fixed ones.  As of 2026-11-05 the months
# are 2025-12 to 2026-11, up to 2026-11-05 23:59:59:
#   2025-11-30 23:59:59 is before them; 2025-12: R1 R2 new, R2 changed
#   twice (one customer); 2026-03: R3 and R2 checked, R3 changed;
#   2026-06: R5 closed; 2026-11: E1 changed at the as-of day's last
#   second, R5 changed and purged; E2's change on 2026-11-06 is after.
sql_do "$db" "DELETE FROM record_changes;
	INSERT INTO record_changes (customer_id, at, change, actor) VALUES
	('R1', '2025-11-30 23:59:59', 'new', NULL), ('R1', '2025-12-01 00:00:00', 'new', NULL),
	('R2', '2025-12-15 10:00:00', 'new', NULL), ('R2', '2025-12-20 10:00:00', 'changed', NULL),
	('R2', '2025-12-21 10:00:00', 'changed', NULL), ('R3', '2026-03-03 09:00:00', 'checked', '赵'),
	('R2', '2026-03-04 09:00:00', 'checked', '赵'), ('R3', '2026-03-30 09:00:00', 'changed', NULL),
	('R5', '2026-06-30 23:59:59', 'closed', NULL), ('E1', '2026-11-05 23:59:59', 'changed', NULL),
	('E2', '2026-11-06 00:00:00', 'changed', NULL), ('R5', '2026-11-01 08:00:00', 'purged', '钱'),
	('R5', '2026-11-01 08:00:00', 'changed', NULL)"

# Due: never checked first, then the oldest check.  Incomplete, by id
# (the class empty when the customer has none).  No door matches yet.
run cs-report -d "$db" --as-of 2026-11-05 --format csv records
is_status 0 "records"
is_file out "the four tables, by hand" <<'EOF'
customer_id,name,manager,checked_on,checked_by,days_since
R1,王芳,张,,,
R2,李雷,张,2026-08-06,赵,91

customer_id,name,kind,class,manager,missing
E1,长江建材,enterprise,,王,"address, industry, reg_no"
I1,Foxtrot,individual,,,"manager, phone or contact"
K1,珠江电子,enterprise,key,王,decision maker

month,new,changed,checked,closed,purged
2025-12,2,1,0,0,0
2026-01,0,0,0,0,0
2026-02,0,0,0,0,0
2026-03,0,1,2,0,0
2026-04,0,0,0,0,0
2026-05,0,0,0,0,0
2026-06,0,0,0,1,0
2026-07,0,0,0,0,0
2026-08,0,0,0,0,0
2026-09,0,0,0,0,0
2026-10,0,0,0,0,0
2026-11,0,2,0,0,1

at,customer_id,name,matched_id,matched_name,match,matched_value,file,line
EOF

# A day later R3 is 91 days past its check too; on 2026-12-05 K2 is a
# key customer without a decision maker, and the months move on
# (2025-12 drops out, E2's change of 2026-11-06 comes in).
run cs-report -d "$db" --as-of 2026-11-06 --format csv records
sed -n '1,/^$/p' out >due.csv
is_file due.csv "R3 is due a day later" <<'EOF'
customer_id,name,manager,checked_on,checked_by,days_since
R1,王芳,张,,,
R2,李雷,张,2026-08-06,赵,92
R3,韩梅,李,2026-08-07,赵,91

EOF
# The re-check period is the access file's [settings] recheck_days:
# with 91 days R2 (checked 92 days before 2026-11-06) is due, R3 (91
# days) not yet.
printf '[settings]\nrecheck_days = 91\n' >recheck.conf
run cs-report -d "$db" --access recheck.conf --as-of 2026-11-06 --format csv records
sed -n '1,/^$/p' out >due.csv
is_file due.csv "recheck_days = 91: R2 due, R3 not yet" <<'EOF'
customer_id,name,manager,checked_on,checked_by,days_since
R1,王芳,张,,,
R2,李雷,张,2026-08-06,赵,92

EOF
run cs-report -d "$db" --access recheck.conf --as-of 2026-11-06 --format text records
grep -q 'more than 91 days before 2026-11-06' out
ok $? "the title says the access file's period"
printf '[settings]\nrecheck_days = 0\n' >recheck.conf
run cs-report -d "$db" --access recheck.conf --as-of 2026-11-06 --format csv records
is_status 1 "recheck_days = 0 is refused"
grep -q 'recheck.conf:2: .*recheck_days' err
ok $? "the refusal names the file, line and setting"
run cs-report -d "$db" --as-of 2026-12-05 --format csv records
sed -n '/^customer_id,name,kind/,/^$/p' out >missing.csv
is_file missing.csv "K2 needs a decision maker once it is key" <<'EOF'
customer_id,name,kind,class,manager,missing
E1,长江建材,enterprise,,王,"address, industry, reg_no"
I1,Foxtrot,individual,,,"manager, phone or contact"
K1,珠江电子,enterprise,key,王,decision maker
K2,Kilo,enterprise,key,王,decision maker

EOF
sed -n '/^month,/,/^$/p' out | sed -n '2p' >first.csv
is_file first.csv "the 12 months now begin with 2026-01" <<'EOF'
2026-01,0,0,0,0,0
EOF
sed -n '/^month,/,/^$/p' out | grep '^2026-1[12],' >last.csv
is_file last.csv "2026-11 with E2's change; 2026-12 empty" <<'EOF'
2026-11,0,3,0,0,1
2026-12,0,0,0,0,0
EOF

# The summary on the wall clock: a customer loaded now is new this
# month (record_changes' time is the trigger's, the local clock; TZ is
# UTC here); a re-check loaded later is checked, and a change changed.
# The fixed rows go first, so that only these count this month.
sql_do "$db" "DELETE FROM record_changes"
printf 'customer_id,name,manager,phone\nT1,Tango,张,13800000009\n' >t1.csv
cs-import -q -d "$db" -t customers t1.csv
printf 'customer_id,name,manager,phone,checked_on,checked_by\nT1,Tango,李,13800000009,2026-11-01,赵\n' >t1b.csv
cs-import -q -d "$db" -t customers t1b.csv
month=$(date +%Y-%m)
run cs-report -d "$db" --format csv records
grep "^$month," out >now.csv
echo "$month,1,1,1,0,0" >want.csv
is_file now.csv "this month: T1 new, changed and checked" <want.csv
is_sql "$db" "SELECT change, actor FROM record_changes WHERE customer_id = 'T1' ORDER BY change" \
	"the triggers' rows, the check's actor its checked_by" <<'EOF'
changed|
checked|赵
new|
EOF

# A customer twice in one file: new, then changed, as the triggers
# write them row by row (PostgreSQL, which writes record_changes around
# a whole batch, once wrote only 'new').
sql_do "$db" "DELETE FROM record_changes"
printf 'customer_id,name,manager\nT2,Tango2,张\nT2,Tango2,李\nT3,Tango3,王\n' >t2.csv
cs-import -q -d "$db" -t customers t2.csv
is_sql "$db" "SELECT customer_id, change FROM record_changes ORDER BY customer_id, change" \
	"a customer twice in one file: new, then changed" <<'EOF'
T2|changed
T2|new
T3|new
EOF

# The door.  N1 has B1's name (spaces around it) and phone (digits
# only: 138-0013-8000 is 13800138000); N2 B1's registration number in
# lower case; N3 B2's name and phone (B2 is blacklisted by cs-dunning).
# Near misses: N4 one digit off, N5 another name with B1's phone, N6 a
# phone without B1's name.  R1 is no new customer.
cat >new.csv <<'EOF'
customer_id,name,phone,reg_no
N1, 黑名单公司 ,13800138000,
N2,某某公司,,91440300ma5fake01x
N3,Badguy,13900001111,
N4,黑名单公司,13800138001,
N5,黑名单公司分公司,13800138000,
N6,Other,138-0013-8000,
R1,黑名单公司,13800138000,
EOF
dump_db "$db" before.sql
run cs-import -q -n -d "$db" -t customers new.csv
is_status 0 "a dry run"
is_file err "it names the matches too" <<'EOF'
cs-import: new.csv:2: new customer N1 matches blacklisted customer B1 (name and phone 138******8000)
cs-import: new.csv:3: new customer N2 matches blacklisted customer B1 (registration number ***)
cs-import: new.csv:4: new customer N3 matches blacklisted customer B2 (name and phone 139******1111)
EOF
dump_db "$db" after.sql
is_same_dump before.sql after.sql "and writes nothing"

run cs-import -q -d "$db" -t customers new.csv
is_status 0 "the matches are loaded: not rejected"
is_file err "one line each, the matched phone or number masked" <<'EOF'
cs-import: new.csv:2: new customer N1 matches blacklisted customer B1 (name and phone 138******8000)
cs-import: new.csv:3: new customer N2 matches blacklisted customer B1 (registration number ***)
cs-import: new.csv:4: new customer N3 matches blacklisted customer B2 (name and phone 139******1111)
EOF
is_sql "$db" "SELECT customer_id, matched_id, match, file, line, length(at) FROM door_matches
	ORDER BY 1" "door_matches" <<'EOF'
N1|B1|name-phone|new.csv|2|19
N2|B1|reg-no|new.csv|3|19
N3|B2|name-phone|new.csv|4|19
EOF
is_sql "$db" "SELECT count(*) FROM customers WHERE customer_id LIKE 'N_'" "all six loaded" <<'EOF'
6
EOF
run cs-import -q -d "$db" -t customers new.csv
is_file err "loaded again: no new customer, no line" </dev/null

# A file that is refused leaves no match behind (one transaction).
printf 'customer_id,name,phone,opened_on\nN7,黑名单公司,13800138000,\nN8,x,,2026-02-30\n' >bad.csv
run cs-import -q --max-errors 0 -d "$db" -t customers bad.csv
is_status 1 "a refused file"
is_sql "$db" "SELECT count(*) FROM door_matches WHERE customer_id = 'N7';
	SELECT count(*) FROM customers WHERE customer_id = 'N7'" "no N7, no match" <<'EOF'
0
0
EOF

# The report: the door matches by the end of today (at is the wall
# clock), newest first; the time cut off and the rows sorted, as they
# may fall in different seconds.
run cs-report -d "$db" --format csv records
sed -n '/^at,/,$p' out | cut -d, -f2- | sort >door.csv
is_file door.csv "the door matches, masked" <<'EOF'
N1,黑名单公司,B1,黑名单公司,name-phone,138******8000,new.csv,2
N2,某某公司,B1,黑名单公司,reg-no,***,new.csv,3
N3,Badguy,B2,Badguy,name-phone,139******1111,new.csv,4
customer_id,name,matched_id,matched_name,match,matched_value,file,line
EOF
run cs-report -d "$db" --format json records
jq -r '.tables[3].rows | map(.[8] | type) | unique | join(" ")' out >line.txt
is_file line.txt "json: the line a number" <<'EOF'
number
EOF
grep -c '13800138000\|138-0013-8000\|91440300MA5FAKE01X\|13900001111' out >leaks.txt
is_file leaks.txt "no phone or number in full" <<'EOF'
0
EOF
run cs-report -d "$db" --as-of 2026-11-05 --format text records
sed -n '/^New customers/,$p' out >door.txt
is_file door.txt "text: none by 2026-11-05" <<'EOF'
New customers that matched a blacklisted one at the door (黑名单), the matched phone or number masked
(none)
EOF
run cs-report -d "$db" --format html -o records.html records
is_status 0 "html"
grep -c '138\*\*\*\*\*\*8000' records.html >html.txt
is_file html.txt "html: masked too" <<'EOF'
1
EOF

done_testing
