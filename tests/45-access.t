#!/bin/sh
# Who may see which customer data (issue 15): the levels of the access
# file (cs-access(5)), the reader's clearance by login name and group,
# masking per level in the card, cs-segment --with and cs-dunning
# --with, CSV and JSON alike; every reveal and refusal in the
# append-only access_log; grants for one customer or all, expiring by
# the real clock (--as-of revives none); cs-import grant for approvers
# only; cs-report access; a privileged (setgid) program refusing
# --access, $CS_ACCESS and databases outside data_dir.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

ACCESS="$TESTS_DIR/../etc/cs-access.conf"
me=$(id -un)
group=$(id -gn)
today=$(date +%Y-%m-%d)
yesterday=$(date -d yesterday +%Y-%m-%d)
tomorrow=$(date -d tomorrow +%Y-%m-%d)

# An access file with the built-in levels and the readers (and
# approvers) given: the built-in one up to [readers], then the lines.
access_file() {
	sed '/^\[readers\]/q' "$ACCESS"
	for line in "$@"; do
		printf '%s\n' "$line"
	done
}
access_file "$me = confidential" >confidential.conf
access_file "@$group = top-secret" >top.conf
access_file >nobody.conf

# Hand-made records at each level: N1 none of its own (the default,
# secret), L2 机密 (confidential), L3 top-secret, K1 none of its own but
# class key in the latest bigcustomer snapshot (confidential by the
# file's [customers]; regular in an earlier one).  N1 is regular in the
# latest, a class the file does not name: the default.
cat >c.csv <<'EOF'
customer_id,name,phone,email,credit_limit,reg_no,address,special_terms,level
N1,普通公司,13811112222,n1@ex.cn,100.00,R-N1,北京路1号,月结90天,
L2,机密公司,13822223333,l2@ex.cn,200.00,R-L2,上海路2号,免费通话,机密
L3,绝密公司,13833334444,l3@ex.cn,300.00,R-L3,广州路3号,专线,top-secret
K1,重要公司,13844445555,k1@ex.cn,400.00,R-K1,深圳路4号,折扣,
EOF
cat >k.csv <<'EOF'
contact_id,customer_id,name,role,decision_maker,phone,email
P1,N1,李四,总经理,1,13900001111,ls@ex.cn
P2,L2,王五,会计,0,13900002222,ww@ex.cn
EOF
cs-import -q -d "$db" -t customers c.csv
cs-import -q -d "$db" -t contacts k.csv
sql_do "$db" "INSERT INTO segments (as_of, model, customer_id, label) VALUES
	('2026-01-01', 'bigcustomer', 'K1', 'regular'), ('2026-06-30', 'bigcustomer', 'K1', 'key'),
	('2026-06-30', 'bigcustomer', 'N1', 'regular')"

# The card's leveled fields, one customer and one reader.
card() {
	run cs-report -d "$db" --as-of 2026-06-30 --format csv "$@"
	grep -E '^(phone|email|credit_limit|reg_no|address|special_terms|level),' out >card.csv
}

# 1. Without --reveal everything with a level is masked, nothing logged.
card customer N1
is_file card.csv "no --reveal: every leveled field masked; N1's level the default" <<'EOF'
phone,138****2222
email,n***@ex.cn
credit_limit,***
reg_no,***
address,***
special_terms,***
level,secret (default)
EOF
# The contacts table: from its header to the blank line after it.
contacts() {
	awk '/^contact_id,/ { on = 1 } on && /^$/ { exit } on' out >contacts.csv
}
contacts
is_file contacts.csv "the contacts masked: a name's first character, phone, email" <<'EOF'
contact_id,name,role,decision_maker,phone,email
P1,李**,总经理,yes,139****1111,l***@ex.cn
EOF
is_sql "$db" "SELECT count(*) FROM access_log" "nothing revealed, nothing logged" <<'EOF'
0
EOF

# 2. The built-in file clears everyone for secret: N1 (secret) shows
# phone, email and address (secret); credit_limit, reg_no and the
# contacts (confidential) and special_terms (top-secret) stay masked.
card --reveal customer N1
is_file card.csv "clearance secret, an ordinary customer" <<'EOF'
phone,13811112222
email,n1@ex.cn
credit_limit,***
reg_no,***
address,北京路1号
special_terms,***
level,secret (default)
EOF
is_sql "$db" "SELECT CASE WHEN reader = '$me' THEN 1 ELSE 0 END, program, customer_id, fields,
	outcome, CASE WHEN grant_id IS NULL THEN 1 ELSE 0 END
	FROM access_log ORDER BY seq" "logged once per outcome, the fields in column order" <<'EOF'
1|cs-report|N1|phone,email,address|cleared|1
1|cs-report|N1|credit_limit,reg_no,special_terms,contacts|refused|1
EOF

# 3. L2 (confidential) to the same reader: every field refused.
card --reveal customer L2
is_file card.csv "clearance secret, a confidential customer: all masked" <<'EOF'
phone,138****3333
email,l***@ex.cn
credit_limit,***
reg_no,***
address,***
special_terms,***
level,confidential
EOF

# 4b. A file of readers alone keeps the built-in levels of fields and
# classes: special_terms stays top-secret, K1's class key confidential.
printf '[readers]\n%s = confidential\n' "$me" >readers-only.conf
card --reveal --access readers-only.conf customer K1
is_file card.csv "a file naming only readers: the built-in levels of fields and classes" <<'EOF'
phone,13844445555
email,k1@ex.cn
credit_limit,400.00
reg_no,R-K1
address,深圳路4号
special_terms,***
level,confidential (default of class key)
EOF

# 4. A reader cleared confidential by login name: L2 and K1 (class
# key) shown but special_terms; L3 all masked.
card --reveal --access confidential.conf customer L2
is_file card.csv "clearance confidential by login, a confidential customer" <<'EOF'
phone,13822223333
email,l2@ex.cn
credit_limit,200.00
reg_no,R-L2
address,上海路2号
special_terms,***
level,confidential
EOF
contacts
is_file contacts.csv "and its contacts" <<'EOF'
contact_id,name,role,decision_maker,phone,email
P2,王五,会计,no,13900002222,ww@ex.cn
EOF
card --reveal --access confidential.conf customer K1
is_file card.csv "a customer confidential by its class, the latest snapshot's" <<'EOF'
phone,13844445555
email,k1@ex.cn
credit_limit,400.00
reg_no,R-K1
address,深圳路4号
special_terms,***
level,confidential (default of class key)
EOF
card --reveal --access confidential.conf customer L3
is_file card.csv "clearance confidential, a top-secret customer: all masked" <<'EOF'
phone,138****4444
email,l***@ex.cn
credit_limit,***
reg_no,***
address,***
special_terms,***
level,top-secret
EOF

# 5. A reader cleared top-secret through a group (@group): all shown.
card --reveal --access top.conf customer L3
is_file card.csv "clearance top-secret by group" <<'EOF'
phone,13833334444
email,l3@ex.cn
credit_limit,300.00
reg_no,R-L3
address,广州路3号
special_terms,专线
level,top-secret
EOF

# 6. A file that clears nobody: even N1's phone is refused.
card --reveal --access nobody.conf customer N1
head -1 card.csv >phone.csv
is_file phone.csv "no clearance: even secret masked" <<'EOF'
phone,138****2222
EOF

# 7. JSON says the same as CSV.
run cs-report -d "$db" --as-of 2026-06-30 --format json --reveal customer N1
jq -r '.tables[0].rows[] | select(.[0] == "phone" or .[0] == "reg_no") | .[1]' out >json.txt
is_file json.txt "JSON: the same decision" <<'EOF'
13811112222
***
EOF
run cs-report -d "$db" --as-of 2026-06-30 --format html --reveal customer L2
grep -c '138\*\*\*\*3333' out >html.txt
is_file html.txt "HTML: the same masking" <<'EOF'
1
EOF

# 8. cs-segment --with: the same decision per customer, CSV and JSON.
cat >i.csv <<'EOF'
invoice_id,customer_id,issued_on,due_on,amount
I1,N1,2026-01-01,2026-01-20,10.00
I2,L2,2026-01-01,2026-01-20,20.00
EOF
cs-import -q -d "$db" -t invoices i.csv
before=$(sql_do "$db" "SELECT count(*) FROM access_log")
run cs-segment -d "$db" --as-of 2026-06-30 --with phone,reg_no --reveal --access confidential.conf abc
is_status 0 "cs-segment --with --reveal"
cut -d, -f1,5,6 out >seg.csv
is_file seg.csv "cs-segment: N1 and L2 shown to confidential, L3 masked, K1 by its class" <<'EOF'
customer_id,phone,reg_no
K1,13844445555,R-K1
L2,13822223333,R-L2
L3,138****4444,***
N1,13811112222,R-N1
EOF
is_sql "$db" "SELECT program, customer_id, fields, outcome FROM access_log WHERE seq > $before
	ORDER BY seq" "cs-segment logs each customer's outcome" <<'EOF'
cs-segment|K1|phone,reg_no|cleared
cs-segment|L2|phone,reg_no|cleared
cs-segment|L3|phone,reg_no|refused
cs-segment|N1|phone,reg_no|cleared
EOF
run cs-segment -d "$db" --as-of 2026-06-30 --format json --with phone,reg_no abc
jq -r '.[] | select(.customer_id == "N1") | .phone + " " + .reg_no' out >json.txt
is_file json.txt "cs-segment JSON without --reveal: masked" <<'EOF'
138****2222 ***
EOF

# 9. cs-dunning --with: the actions' customers, the same decision.
before=$(sql_do "$db" "SELECT count(*) FROM access_log")
run cs-dunning -d "$db" --as-of 2026-01-18 --with phone,credit_limit --reveal
is_status 0 "cs-dunning --with --reveal"
cut -d, -f2,12,13 out >dun.csv
is_file dun.csv "cs-dunning: N1's phone shown, its credit limit and L2's phone masked" <<'EOF'
customer_id,phone,credit_limit
L2,138****3333,***
N1,13811112222,***
EOF
is_sql "$db" "SELECT program, customer_id, fields, outcome FROM access_log WHERE seq > $before
	ORDER BY seq" "cs-dunning logs them" <<'EOF'
cs-dunning|L2|phone,credit_limit|refused
cs-dunning|N1|phone|cleared
cs-dunning|N1|credit_limit|refused
EOF
run cs-dunning -d "$db" --as-of 2026-01-18 --replay --format json --with phone --reveal \
	--access confidential.conf
jq -r '.[] | .customer_id + " " + .phone' out >json.txt
is_file json.txt "cs-dunning JSON, clearance confidential: both shown" <<'EOF'
L2 13822223333
N1 13811112222
EOF

# 10. The log is append-only: no program, nor sqlite3, changes it.
# On PostgreSQL the log is append-only by privileges (REVOKE UPDATE,
# DELETE; tests/57 checks them), which the test server's superuser has.
if backend_is sqlite; then
	sqlite3 "$db" "UPDATE access_log SET reader = 'someone'" 2>err.txt
	ok $((! $?)) "UPDATE access_log fails"
	grep -q 'access_log is append-only' err.txt
	ok $? "saying the log is append-only"
	sqlite3 "$db" "DELETE FROM access_log" 2>err.txt
	ok $((! $?)) "DELETE FROM access_log fails"
else
	why="append-only by privileges on PostgreSQL: the test's superuser has them"
	skip "UPDATE access_log fails" "$why"
	skip "saying the log is append-only" "$why"
	skip "DELETE FROM access_log fails" "$why"
fi

# 11. Grants: one for L3 only (top-secret, valid today), one for every
# customer that expired yesterday.  The reader cleared secret sees L3
# (granted) but not L2: the grant for all has expired.
cat >g.csv <<EOF
grant_id,reader,customer_id,level,approved_by,valid_from,valid_until,reason
G-ONE,$me,L3,top-secret,head,$yesterday,$today,审计 signed by head
G-OLD,$me,,confidential,head,2026-01-01,$yesterday,项目 signed by head
G-SOON,$me,,confidential,head,$tomorrow,$tomorrow,not yet valid
EOF
run cs-import -q -d "$db" -t access_grants g.csv
is_status 0 "grants import"
before=$(sql_do "$db" "SELECT count(*) FROM access_log")
card --reveal customer L3
head -1 card.csv >phone.csv
is_file phone.csv "a grant for one customer shows it" <<'EOF'
phone,13833334444
EOF
card --reveal customer L2
head -1 card.csv >phone.csv
is_file phone.csv "not another; the grant for all expired yesterday, the next begins tomorrow" <<'EOF'
phone,138****3333
EOF
card --reveal --as-of "$yesterday" customer L2
head -1 card.csv >phone.csv
is_file phone.csv "--as-of yesterday does not revive the expired grant" <<'EOF'
phone,138****3333
EOF
is_sql "$db" "SELECT customer_id, outcome, coalesce(grant_id, '-') FROM access_log
	WHERE seq > $before ORDER BY seq" "granted with its id, refused without" <<'EOF'
L3|granted|G-ONE
L2|refused|-
L2|refused|-
EOF
sql_do "$db" "UPDATE access_grants SET valid_until = '$today' WHERE grant_id = 'G-OLD'"
card --reveal customer L2
head -1 card.csv >phone.csv
is_file phone.csv "a grant for every customer valid until today shows L2" <<'EOF'
phone,13822223333
EOF
card --reveal customer K1
grep -E '^(phone|special_terms),' card.csv >k1.csv
is_file k1.csv "and K1, not its top-secret special terms" <<'EOF'
phone,13844445555
special_terms,***
EOF

# 12. cs-report access: the log newest first, the grants valid today and expired.
run cs-report -d "$db" --format json access
is_status 0 "cs-report access"
jq -r '.tables[0].rows[0:2][] | [.[1] == "'"$me"'", .[2], .[3], .[4], .[5], .[6], .[7] // "-",
	.[8] // "-"] | join("|")' out >log.txt
is_file log.txt "the newest first, with the customer's name and the approver" <<'EOF'
true|cs-report|K1|重要公司|special_terms|refused|-|-
true|cs-report|K1|重要公司|phone,email,credit_limit,reg_no,address|granted|G-OLD|head
EOF
jq -r '.tables[1].rows[] | .[0]' out >valid.txt
is_file valid.txt "grants valid today" <<'EOF'
G-OLD
G-ONE
EOF
run cs-report -d "$db" --format csv --as-of "$tomorrow" access
awk '/^grant_id/ { n++ } n == 2 && !/^grant_id/ && NF' out | cut -d, -f1 >expired.txt
is_file expired.txt "as of tomorrow both have expired" <<'EOF'
G-OLD
G-ONE
EOF

# 13. cs-import grant: refused for a non-approver (the built-in file
# names none), allowed for an approver cleared for the level.
run cs-import -d "$db" grant --reader clerk --level confidential --customer L2 \
	--until "$today" --reason "申请 signed by head"
is_status 1 "grant by a non-approver"
is_file err "refused, saying why" <<EOF
cs-import: grant: $me may not approve a grant of level confidential (an approver of [approvers] cleared for it is needed, cs-access(5))
EOF
access_file "$me = confidential" "[approvers]" "$me = confidential" >approver.conf
run cs-import -q -d "$db" grant --reader clerk --level top-secret --until "$today" \
	--reason x --access approver.conf
is_status 1 "an approver above its level"
run cs-import -q -d "$db" grant --reader "$me" --level secret --until "$today" --reason x \
	--access approver.conf
is_status 1 "an approver's grant for themselves"
run cs-import -q -d "$db" grant --reader clerk --level confidential --customer L2 \
	--until "$tomorrow" --reason "申请 signed by head" --access approver.conf
is_status 0 "grant by an approver"
echo "G$(date +%Y%m%d)-1" >id.txt
is_file out "prints the new id" <id.txt
is_sql "$db" "SELECT reader, customer_id, level, CASE WHEN approved_by = '$me' THEN 1 ELSE 0 END,
	CASE WHEN valid_from = '$today' THEN 1 ELSE 0 END,
	CASE WHEN valid_until = '$tomorrow' THEN 1 ELSE 0 END, reason
	FROM access_grants WHERE approved_by = '$me'" \
	"stored, approved by the running login, valid from today" <<'EOF'
clerk|L2|confidential|1|1|1|申请 signed by head
EOF
run cs-import -q -d "$db" grant --reader clerk --level secret --customer NOPE \
	--until "$tomorrow" --reason x --access approver.conf
is_status 1 "a grant for an unknown customer"
run cs-import -d "$db" grant --reader clerk --level secret --until "$tomorrow"
is_status 2 "grant without --reason"

# 14. A wrong access file names its line; an unreadable one exits 4.
printf '[fields]\nphone = open\n' >bad.conf
run cs-report -d "$db" --access bad.conf customer N1
is_status 1 "a wrong access file"
is_file err "names the file and line" <<'EOF'
cs-report: bad.conf:2: expected a level: none, secret, confidential or top-secret (秘密, 机密, 绝密): phone
EOF
run cs-segment -d "$db" --with phone --access missing.conf abc
is_status 4 "an access file that cannot be read"
CS_ACCESS=top.conf run cs-report -d "$db" --as-of 2026-06-30 --format csv --reveal customer L3
grep '^special_terms,' out >st.csv
is_file st.csv "\$CS_ACCESS names the file when --access does not" <<'EOF'
special_terms,专线
EOF

# 15. Privileged (setgid): --access and $CS_ACCESS refused, a database
# outside data_dir refused.  Needs root to make the setgid copy and
# setpriv to run it as nobody; not with AddressSanitizer, whose leak
# check cannot run in a setgid process nor be told not to (a setgid
# process cannot read its own environment).  SQLite only: data_dir is
# where database files go.
if backend_is sqlite && [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
    getent group daemon >/dev/null && id nobody >/dev/null 2>&1 &&
    ! grep -q __asan_init "$CS_BIN/cs-report"; then
	chmod 755 "$T"
	mkdir priv nb
	cp "$CS_BIN/cs-report" priv/cs-report
	chgrp daemon priv/cs-report && chmod 2755 priv/cs-report
	cp cs.db nb/cs.db && chown -R nobody nb
	as_nobody() {
		run setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	}
	as_nobody ./priv/cs-report -d "$T/cs.db" --format csv customer N1
	is_status 2 "setgid: a database outside data_dir"
	is_file err "refused, saying where databases go" <<'EOF'
cs-report: database cs.db: outside the data directory /var/lib/cs: a program run privileged (setgid or setuid) opens only databases there (cs-access(5) data_dir)
EOF
	as_nobody ./priv/cs-report -d "$T/cs.db" --access top.conf customer N1
	is_status 2 "setgid: --access refused"
	head -1 err >err1
	is_file err1 "saying it reads only the installed or built-in file" <<'EOF'
cs-report: --access: not taken by a program run privileged (setgid or setuid): it reads only /usr/local/etc/cs/access.conf or the built-in access file
EOF
	as_nobody env CS_ACCESS=top.conf ./priv/cs-report -d "$T/cs.db" customer N1
	is_status 2 "setgid: \$CS_ACCESS refused"
	as_nobody "$CS_BIN/cs-report" -d "$T/nb/cs.db" --format csv --access top.conf customer N1
	is_status 0 "the same program not setgid opens a database anywhere, takes --access"
else
	for t in "database outside data_dir" "refusal message" "--access refused" "message" \
	    "\$CS_ACCESS refused" "not setgid"; do
		skip "setgid: $t" "needs SQLite, root, setpriv, group daemon, user nobody, no ASan"
	done
fi

done_testing
