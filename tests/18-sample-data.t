#!/bin/sh
# The sample data set: deterministic, loads table by table with exactly
# the injected bad rows rejected (bad-rows.csv lists them), and its
# GB18030 copy loads the same content.  Its complaints have histories
# (complaint_events) through every step, on time and late, and some
# are still open at the end (2026-10-31 17:00).  Its customer file has
# the card's columns, contacts, levels, groups (集团), records checked,
# due or never checked, a blacklisted customer's twin among the week's
# new records, and the approvals to retire one customer's data.
#
# The content checks are written in SQL both engines read alike
# (booleans through CASE, IS DISTINCT FROM (SQLite 3.39 or later), LIKE
# or substr for GLOB, one row per value for group_concat); the seconds
# between two times are each engine's own (strftime, extract), and
# PRAGMA foreign_key_check SQLite's (PostgreSQL enforces the keys).
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

run cs-sample --bad data
is_status 0 "sample data made"
run cs-sample --bad again
is_status 0 "sample data made again"
diff -r data again >/dev/null
ok $? "same arguments, same bytes"

for t in customers invoices payments complaints complaint_events visits responses promises \
    contacts retirement_approvals; do
	cs-import -q -d "$db" -t $t data/$t.csv 2>/dev/null
done
cs-import -q -d "$db" -t customers data/customers-new.csv 2>/dev/null
# Every rejected row, as "file,line", from all the rejects files.
for f in data/*.rejects.csv; do
	name=$(basename "$f" .rejects.csv).csv
	cs-csvjson "$f" | jq -r --arg name "$name" '.[] | $name + "," + .line'
done | sort >rejected
tail -n +2 data/bad-rows.csv | cut -d, -f1,2 | sort >want
[ -s want ]
ok $? "bad-rows.csv lists the injected bad rows"
is_file rejected "exactly the injected bad rows rejected" <want
if backend_is sqlite; then
	is_sql "$db" "PRAGMA foreign_key_check" "no dangling references" </dev/null
else
	skip "no dangling references" "PostgreSQL enforces the foreign keys itself"
fi
is_sql "$db" "SELECT count(*) FROM customers WHERE name LIKE '%,%' OR name LIKE '%\"%'" \
	"names with commas and quotes loaded" <<'EOF'
4
EOF
is_sql "$db" "SELECT CASE WHEN count(*) > 2000 THEN 1 ELSE 0 END,
	CASE WHEN count(DISTINCT customer_id) = 200 THEN 1 ELSE 0 END FROM invoices" \
	"a year of invoices for every customer" <<'EOF'
1|1
EOF

# The complaint histories.  Every step is taken somewhere, and every
# remedy proposed, with an amount for a compensation or a discount only.
is_sql "$db" "SELECT DISTINCT step FROM complaint_events ORDER BY step" \
	"every step of a complaint is taken" <<'EOF'
approved
assigned
closed
customer-notified
handed-over
invalidated
investigated
recorded
rejected
remedy-proposed
reopened
reviewed
validated
EOF
is_sql "$db" "SELECT remedy, max(CASE WHEN amount_cents IS NOT NULL THEN 1 ELSE 0 END),
	min(CASE WHEN amount_cents IS NOT NULL THEN 1 ELSE 0 END) FROM complaint_events WHERE remedy IS NOT NULL GROUP BY remedy ORDER BY remedy" \
	"every remedy, amounts for compensations and discounts only" <<'EOF'
compensation|1|1
discount|1|1
exchange|0|0
none|0|0
repair|0|0
return|0|0
EOF
# Through the view: complaints decided invalid, handed over (the owner
# is the last hand-over's assignee), reopened (one closed again, one
# still open).
is_sql "$db" "SELECT
	CASE WHEN (SELECT count(*) FROM complaint_status WHERE valid = 0) > 0 THEN 1 ELSE 0 END,
	CASE WHEN (SELECT count(*) FROM complaint_status s WHERE owner = (SELECT assignee
	    FROM complaint_events e WHERE e.complaint_id = s.complaint_id
	    AND step = 'handed-over')) > 0 THEN 1 ELSE 0 END,
	CASE WHEN (SELECT count(*) FROM complaint_status s WHERE closed_on IS NOT NULL
	    AND EXISTS (SELECT 1 FROM complaint_events e WHERE e.complaint_id = s.complaint_id
	    AND step = 'reopened')) > 0 THEN 1 ELSE 0 END,
	CASE WHEN (SELECT count(*) FROM complaint_status WHERE step = 'reopened') > 0
	    THEN 1 ELSE 0 END" \
	"invalid, handed over, reopened and closed again, reopened and open" <<'EOF'
1|1|1|1
EOF
# The complaints' rows agree with their events: closed on the day of
# the close that stands, valid as decided.
is_sql "$db" "SELECT count(*) FROM complaints k JOIN complaint_status s USING (complaint_id)
	WHERE k.closed_on IS DISTINCT FROM s.closed_on OR k.valid IS DISTINCT FROM s.valid" \
	"closed_on and valid as the events say" <<'EOF'
0
EOF
# No impossible sequence: a close follows the customer's notification,
# a decision follows a proposal, and a remedy that needs approval
# (compensation, discount, return, exchange) is approved before the
# customer is told.
is_sql "$db" "SELECT count(*) FROM (SELECT step, lag(step) OVER w AS before,
	lag(remedy) OVER w AS remedy FROM complaint_events
	WINDOW w AS (PARTITION BY complaint_id ORDER BY at)) AS seq
	WHERE (step = 'closed' AND before IS DISTINCT FROM 'customer-notified')
	   OR (step IN ('approved', 'rejected') AND before IS DISTINCT FROM 'remedy-proposed')
	   OR (step = 'customer-notified' AND before = 'remedy-proposed'
	       AND remedy IN ('compensation', 'discount', 'return', 'exchange'))" \
	"no impossible sequence" <<'EOF'
0
EOF
# Late at various steps: the time to the next event past the step's
# limit in the default rules (cs-complaint(5)), at five steps or more,
# and on time at most events.
if backend_is sqlite; then
	next_at="strftime('%s', lead(at) OVER (PARTITION BY complaint_id ORDER BY at))"
	at_s="strftime('%s', at)"
else
	next_at="extract(epoch FROM CAST(lead(at) OVER (PARTITION BY complaint_id
	    ORDER BY at) AS timestamp))"
	at_s="extract(epoch FROM CAST(at AS timestamp))"
fi
is_sql "$db" "WITH limits (step, hours) AS (VALUES ('recorded', 24), ('validated', 24),
	    ('invalidated', 24), ('assigned', 48), ('handed-over', 24), ('investigated', 48),
	    ('remedy-proposed', 24), ('approved', 24), ('rejected', 24),
	    ('customer-notified', 72), ('reopened', 24)),
	stays AS (SELECT step, $next_at - $at_s AS seconds FROM complaint_events)
	SELECT CASE WHEN count(DISTINCT step) >= 5 THEN 1 ELSE 0 END,
	CASE WHEN 10 * count(*) < (SELECT count(*) FROM stays) THEN 1 ELSE 0 END
	FROM stays JOIN limits USING (step) WHERE seconds > hours * 3600" \
	"late at five steps or more, on time mostly" <<'EOF'
1|1
EOF
# Still open at the end, 17:00 of 2026-10-31: the stories of cs-sample,
# each in its step for as long as it says (1, 28, 10, 60, 5, 50, 3, 2,
# 30 and 20 hours before 17:00).  Against the default rules: on time
# K73 (24 h to the first answer), K75 (assigned, 48 h), K77 (handed
# over, 24 h), K79 (reopened, 24 h), K82 (customer notified, 72 h);
# late K74 by 4 h (no first answer within 24 h), K76 by 12 h
# (investigated, 48 h), K78 by 26 h (remedy proposed, 24 h: a second
# level, the manager), K81 by 6 h (invalidated, 24 h); K80 is serious
# (severity 3): to the general manager at once.
is_sql "$db" "SELECT complaint_id, category, severity, valid, step, step_at
	FROM complaint_status WHERE closed_on IS NULL ORDER BY complaint_id" \
	"open at the end: on time, late, serious" <<'EOF'
K00000073|service|1||recorded|2026-10-31 16:00:00
K00000074|quality|2||recorded|2026-10-30 13:00:00
K00000075|billing|1|1|assigned|2026-10-31 07:00:00
K00000076|quality|2|1|investigated|2026-10-29 05:00:00
K00000077|delivery|1|1|handed-over|2026-10-31 12:00:00
K00000078|billing|2|1|remedy-proposed|2026-10-29 15:00:00
K00000079|quality|2|1|reopened|2026-10-31 14:00:00
K00000080|service|3|1|validated|2026-10-31 15:00:00
K00000081|contract|1|0|invalidated|2026-10-30 11:00:00
K00000082|contract|1|1|customer-notified|2026-10-30 21:00:00
EOF
# As exports have them: times as Excel writes them (2026/1/5 9:30) and
# in Chinese (2026年1月5日 9:30), step names in Chinese (登记, 结案, ...).
awk -F, 'NR > 1 && $2 ~ /\// { x++ } NR > 1 && $2 ~ /年/ { c++ }
	NR > 1 && $3 ~ /^[^a-z]/ { z++ } END { print (x > 0) (c > 0) (z > 0) }' \
	data/complaint_events.csv >forms
is_file forms "Excel and Chinese times, Chinese step names" <<'EOF'
111
EOF

# The customer file.  Enterprises have an 18-character 统一社会信用代码
# (9 and 1: a company registered by the market regulator), individuals
# none; enterprises have their size, sales, founding and most their
# address and qualification.
is_sql "$db" "SELECT kind, count(*), count(*) FILTER (WHERE length(reg_no) = 18
	AND substr(reg_no, 1, 2) = '91' AND substr(reg_no, 3, 1) BETWEEN '0' AND '9'),
	count(*) FILTER (WHERE employees IS NOT NULL AND yearly_sales_cents > 0
	AND founded_on < opened_on),
	CASE WHEN count(address) * 10 > count(*) * 9 THEN 1 ELSE 0 END
	FROM customers WHERE customer_id <= 'C0000200' GROUP BY kind" \
	"reg_no, size, sales and founding for every enterprise, none for individuals" <<'EOF'
enterprise|141|141|141|1
individual|59|0|0|0
EOF
# Every enterprise has one to three contact persons with exactly one key
# decision maker (the export writes 是/否 and yes/no); individuals none.
is_sql "$db" "SELECT count(*), min(n), max(n), min(dm), max(dm) FROM (SELECT customer_id,
	count(*) AS n, sum(decision_maker) AS dm FROM contacts GROUP BY customer_id) AS per;
	SELECT count(*) FROM contacts JOIN customers USING (customer_id) WHERE kind <> 'enterprise';
	SELECT CASE WHEN count(*) > 0 THEN 1 ELSE 0 END FROM contacts WHERE phone LIKE '0%-%'" \
	"contacts: 1 to 3 per enterprise, one decision maker, office lines too" <<'EOF'
141|1|3|1|1
0
1
EOF
# Levels for a few, in English and in Chinese (秘密, 机密, 绝密).
is_sql "$db" "SELECT count(DISTINCT level),
	CASE WHEN count(level) BETWEEN 5 AND 40 THEN 1 ELSE 0 END FROM customers" \
	"levels of every kind for a few customers" <<'EOF'
3|1
EOF
# Groups: parents heading members, one chain of three levels at least,
# and cs-segment finds big groups among them.
is_sql "$db" "SELECT CASE WHEN count(DISTINCT parent_id) > 3 THEN 1 ELSE 0 END,
	(SELECT CASE WHEN count(*) > 0 THEN 1 ELSE 0 END FROM customers c
	JOIN customers p ON p.customer_id = c.parent_id WHERE p.parent_id IS NOT NULL), count(*) FILTER (WHERE parent_id NOT IN
	(SELECT customer_id FROM customers)) FROM customers" \
	"group customers: several parents, three levels, every parent a customer" <<'EOF'
1|1|0
EOF
cs-segment -q -d "$db" --as-of 2026-10-31 bigcustomer | grep -c ',group$' | awk '{ print ($1 > 0) }' >groups
is_file groups "bigcustomer finds group customers in the sample" <<'EOF'
1
EOF
# Checked within the quarter mostly; some due (more than 90 days), some
# never checked.
is_sql "$db" "SELECT
	CASE WHEN count(*) FILTER (WHERE checked_on >= '2026-08-02') * 2 > count(*)
	    THEN 1 ELSE 0 END,
	CASE WHEN count(*) FILTER (WHERE checked_on < '2026-08-02') > 5 THEN 1 ELSE 0 END,
	CASE WHEN count(*) FILTER (WHERE checked_on IS NULL) > 5 THEN 1 ELSE 0 END,
	count(*) FILTER (WHERE checked_on IS NOT NULL AND checked_by IS NULL) FROM customers
	WHERE customer_id <= 'C0000200'" "checked, due again, never checked" <<'EOF'
1|1|1|0
EOF
# The twin at the door: among the new records, the blacklisted customer
# again under a new id, its name the same and its phone the same digits.
is_sql "$db" "SELECT n.customer_id, b.customer_id, n.phone FROM customers n JOIN customers b
	ON n.name = b.name AND replace(n.phone, '-', '') = b.phone AND n.customer_id <> b.customer_id
	WHERE b.status = 'blacklisted'" "a blacklisted customer's twin among the new records" <<'EOF'
C0000202|C0000051|196-9312-4365
EOF
is_sql "$db" "SELECT customer_id, role, approved_by, approved_on FROM retirement_approvals
	ORDER BY role" "retirement approved for one customer by three people" <<'EOF'
C0000055|general-manager|周总|2026-10-27
C0000055|information-owner|陈静|2026-10-21
C0000055|service-manager|孙主管|2026-10-24
EOF

run cs-sample --encoding gb18030 gb
is_status 0 "GB18030 sample made"
run cs-sample utf8
is_status 0 "UTF-8 sample made"
gb=$(test_db gb.db)
utf=$(test_db utf.db)
failed=0
for t in customers invoices complaints complaint_events contacts retirement_approvals \
    customers-new; do
	cs-import -q -d "$gb" -t ${t%-new} gb/$t.csv || failed=$((failed + 1))
	cs-import -q -d "$utf" -t ${t%-new} utf8/$t.csv || failed=$((failed + 1))
done
ok $failed "both copies load without a reject"
is_sql "$utf" "SELECT count(*) FROM customers; SELECT count(*) FROM invoices;
	SELECT count(*) FROM contacts" \
	"the UTF-8 copy's customers (200 and 2 new), invoices and contacts loaded" <<'EOF'
202
4700
283
EOF
# Every row of both, in the order of their keys.
all="SELECT * FROM customers ORDER BY customer_id;
	SELECT * FROM invoices ORDER BY invoice_id, customer_id;
	SELECT * FROM complaints ORDER BY complaint_id, customer_id;
	SELECT * FROM complaint_events ORDER BY complaint_id, at, step;
	SELECT * FROM contacts ORDER BY customer_id, contact_id;
	SELECT * FROM retirement_approvals ORDER BY customer_id, role"
sql_do "$utf" "$all" >utf.out
[ -s utf.out ]
ok $? "the UTF-8 copy's rows read"
is_sql "$gb" "$all" "the GB18030 copy loads the same rows, complaint histories and contacts too" <utf.out
done_testing
