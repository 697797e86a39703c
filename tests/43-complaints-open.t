#!/bin/sh
# cs-report complaints-open and the handling tables of cs-report
# complaints (issue 14): hand-worked complaint histories loaded through
# cs-import, read through complaint_status, against the built-in rules
# (etc/cs-complaint.rules).  The limits that matter here: the first
# answer within 24 h (strategic 4 h, key 8 h, severity 3 2 h); in a
# step recorded 24 h, validated 24 h, invalidated 24 h, assigned 48 h,
# handed-over 24 h, investigated 48 h, remedy-proposed 24 h,
# customer-notified 72 h, reopened 24 h (strategic: recorded 4 h,
# validated 12 h, assigned 24 h, investigated 24 h, remedy-proposed
# 12 h, customer-notified 36 h; key: reopened 16 h, validated 16 h,
# assigned 32 h, investigated 32 h, customer-notified 48 h); one level
# up per 24 h late: supervisor, manager, general manager; a
# compensation or a discount needs an approval; a repeat complainer has
# 3 complaints within 90 days; the return visit comes within 7 days.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

cat >customers.csv <<'EOF'
customer_id,name
C1,王芳
C2,Beta Trading
C3,长江建材
C4,Delta
C5,Echo
C6,Foxtrot
EOF
# Severity 2 unless said; A11 is serious (3).  B05, B07 and B08 were
# closed before events were kept: no events, a closed_on.
cat >complaints.csv <<'EOF'
complaint_id,customer_id,opened_on,channel,category,severity,closed_on,owner
A01,C1,2026-03-01,phone,service,1,,
A02,C1,2026-02-28,web,billing,2,,
A03,C1,2026-02-25,phone,quality,2,,
A04,C4,2026-02-27,phone,quality,1,,
A05,C1,2026-02-26,phone,service,2,,
A06,C3,2026-02-10,web,quality,2,,孙
A07,C1,2026-03-01,phone,service,1,,
A08,C5,2026-02-25,phone,quality,2,,
A09,C2,2026-03-02,phone,service,1,,
A10,C2,2026-03-02,web,billing,1,,
A11,C1,2026-03-02,phone,quality,3,,
A12,C1,2026-02-01,letter,billing,1,,
B01,C3,2026-02-02,phone,quality,2,,
B02,C1,2026-02-05,phone,billing,2,,
B03,C4,2026-02-12,phone,service,1,,
B04,C2,2026-02-15,web,quality,2,,
B05,C5,2026-02-03,,quality,1,2026-02-05,孙
B07,C3,2025-11-12,,billing,1,2025-11-13,
B08,C4,2025-12-01,,service,1,2025-12-02,
B10,C6,2026-02-20,web,service,1,,
EOF
# The histories, out of order and in two files (A09's record is in the
# second, after its later steps in the first); some steps in Chinese.
#   A01 on time: recorded 03-01 20:00, validated 21:00, assigned 03-02
#       08:00, investigated 12:00 (after 09:00, the first moment below)
#   A02 late at its record, across midnight and the month end (2026 has
#       no 29 February): recorded 02-28 22:00, nothing since
#   A03 escalated twice: investigated 02-27 03:00, 48 h: due 03-01 03:00
#   A04 late once validated: validated 02-28 10:00, never assigned
#   A05 handed over to 李 on 03-01 16:00, to 赵 on 03-02 10:00
#   A06 reopened: closed 02-11, reopened 03-01 20:00 (key: 16 h)
#   A07 invalid: invalidated 03-01 09:00, notified 03-02 10:00, closed
#       11:00
#   A08 a compensation of 500.00 told the customer without an approval
#   A09 a strategic customer's, on time; A10 a strategic customer's,
#       recorded 04:00, 4 h to answer; A11 serious; A12 no events
#   B01 B02 B03 B04 B10 closed; B10 with 40 investigations (a long
#       history whose texts move the reader's buffer)
cat >events1.csv <<'EOF'
complaint_id,at,step,actor,assignee,remedy,amount,approved_by,note
A09,2026-03-02 07:30,assigned,王,大客户部,,,,
A09,2026-03-02 07:00,validated,王,,,,,
A01,2026-03-02 12:00,investigated,网络部,,,,,
A01,2026-03-01 20:00,登记,张,,,,,
A01,2026-03-01 21:00,validated,张,,,,,
A01,2026-03-02 08:00,派单,张,网络部,,,,
A02,2026-02-28 22:00,recorded,李,,,,,
A03,2026-02-25 09:00,recorded,张,,,,,
A03,2026-02-25 10:00,validated,张,,,,,
A03,2026-02-25 11:00,assigned,张,质检部,,,,
A03,2026-02-27 03:00,investigated,质检部,,,,,
A04,2026-02-27 15:00,recorded,周,,,,,
A04,2026-02-28 10:00,validated,周,,,,,
A05,2026-03-02 10:00,移交,李,赵,,,,
A05,2026-03-01 16:00,handed-over,张,李,,,,
A05,2026-02-26 09:00,recorded,张,,,,,
A05,2026-02-26 09:30,validated,张,,,,,
A05,2026-02-26 10:00,assigned,张,售后部,,,,
A06,2026-02-10 09:00,recorded,钱,,,,,
A06,2026-02-10 10:00,validated,孙,,,,,
A06,2026-02-10 15:00,customer-notified,孙,,,,,
A06,2026-02-11 09:00,closed,孙,,,,,
A06,2026-03-01 20:00,重开,孙,,,,,
EOF
cat >events2.csv <<'EOF'
complaint_id,at,step,actor,assignee,remedy,amount,approved_by,note
A07,2026-03-01 08:00,recorded,张,,,,,
A07,2026-03-01 09:00,invalidated,张,,,,,
A07,2026-03-02 10:00,customer-notified,张,,,,,
A07,2026-03-02 11:00,closed,张,,,,,
A08,2026-02-25 09:00,recorded,周,,,,,
A08,2026-02-25 10:00,validated,周,,,,,
A08,2026-02-25 11:00,assigned,周,售后部,,,,
A08,2026-02-26 09:00,investigated,售后部,,,,,
A08,2026-02-26 15:00,remedy-proposed,售后部,,赔偿,500.00,,
A08,2026-02-27 08:00,customer-notified,售后部,,,,,
A09,2026-03-02 06:00,recorded,王,,,,,
A10,2026-03-02 04:00,recorded,王,,,,,
A11,2026-03-02 08:00,recorded,李,,,,,
B01,2026-02-02 09:00,recorded,钱,,,,,
B01,2026-02-02 10:00,validated,钱,,,,,
B01,2026-02-02 11:00,assigned,钱,质检部,,,,
B01,2026-02-03 09:00,investigated,质检部,,,,,
B01,2026-02-03 10:00,remedy-proposed,质检部,,compensation,300.00,,
B01,2026-02-03 12:00,approved,经理,,,,经理,
B01,2026-02-03 14:00,customer-notified,钱,,,,,
B01,2026-02-04 09:00,closed,钱,,,,,
B01,2026-02-06 10:00,reviewed,钱,,,,,
B02,2026-02-05 09:00,recorded,李,,,,,
B02,2026-02-06 11:00,validated,李,,,,,
B02,2026-02-06 11:30,assigned,李,售后部,,,,
B02,2026-02-06 15:00,investigated,售后部,,,,,
B02,2026-02-07 09:00,remedy-proposed,售后部,,discount,50.00,,
B02,2026-02-07 10:00,approved,经理,,,,经理,
B02,2026-02-07 11:00,customer-notified,李,,,,,
B02,2026-02-07 12:00,closed,李,,,,,
B03,2026-02-12 09:00,recorded,周,,,,,
B03,2026-02-12 12:00,invalidated,周,,,,,
B03,2026-02-12 13:00,customer-notified,周,,,,,
B03,2026-02-12 14:00,closed,周,,,,,
B04,2026-02-15 09:00,recorded,王,,,,,
B04,2026-02-15 10:00,validated,王,,,,,
B04,2026-02-15 11:00,assigned,王,大客户部,,,,
B04,2026-02-15 16:00,investigated,大客户部,,,,,
B04,2026-02-15 17:00,remedy-proposed,大客户部,,repair,,,
B04,2026-02-15 18:00,customer-notified,王,,,,,
B04,2026-02-16 09:00,closed,王,,,,,
B10,2026-02-20 09:00,recorded,吴,,,,,
B10,2026-02-20 09:30,validated,吴,,,,,
B10,2026-02-20 11:00,customer-notified,吴,,,,,
B10,2026-02-20 12:00,closed,吴,,,,,
EOF
m=10
while [ $m -lt 50 ]; do
	echo "B10,2026-02-20 10:$m,investigated,检验员 with a rather long name to fill the buffer $m,,,,,step $m"
	m=$((m + 1))
done >>events2.csv
# CSAT answers: C3's 5 on 02-08, within 7 days of B01's close (02-04);
# C2's 2 on 02-20 within those of B04's (02-16), its 5 on 02-28 after
# them; C5's 4 on 02-06 after B05's close (closed_on 02-05) and an NPS
# answer that is no CSAT; C4 is no big customer.
cat >responses.csv <<'EOF'
response_id,customer_id,survey,answered_on,item,score
R1,C3,visit,2026-02-08,CSAT,5
R2,C2,visit,2026-02-20,CSAT,2
R3,C2,visit,2026-02-28,CSAT,5
R4,C5,visit,2026-02-06,CSAT,4
R4,C5,visit,2026-02-06,NPS,9
R5,C4,visit,2026-02-13,CSAT,1
EOF
for t in customers complaints; do
	cs-import -q -d "$db" -t $t $t.csv
done
run cs-import -q -d "$db" -t complaint_events events1.csv events2.csv
is_status 0 "the events load, from two files"
cs-import -q -d "$db" -t responses responses.csv
sql_do "$db" "INSERT INTO segments (as_of, model, customer_id, label) VALUES
	('2026-02-01', 'bigcustomer', 'C2', 'strategic'), ('2026-02-01', 'bigcustomer', 'C3', 'key'),
	('2026-02-01', 'bigcustomer', 'C4', 'regular'), ('2026-02-01', 'bigcustomer', 'C5', 'high-value')"

# The open list at 09:00 on 2 March: twelve complaints (A07 closes at
# 11:00, the B ones are closed).  Only the events up to 09:00 count:
# A01 is assigned, not investigated, A05 is 李's, not yet 赵's.
#   A12 recorded 02-01 00:00 (no events): due 02-02 00:00, 28 days 9 h
#       = 681 h late: the last level (1 + 681 / 24 is more than 3)
#   A11 severity 3: 2 h to answer, due 10:00; not late, but the general
#       manager's at once
#   A03 due 03-01 03:00: 30 h late, 1 + 30 / 24 = level 2, the manager
#   A04 validated 02-28 10:00 + 24 h: 03-01 10:00, 23 h late: level 1
#   A02 recorded 02-28 22:00 + 24 h: 03-01 22:00, 11 h late; the first
#       answer's and the step's deadline fall together: the first answer
#   A10 strategic, recorded 04:00 + 4 h: 08:00, 1 h late
#   A08 notified 02-27 08:00 + 72 h: 03-02 08:00, 1 h late; and the
#       compensation it told the customer of was not approved
#   A07 invalidated 03-01 09:00 + 24 h: due at 09:00 itself, not late
#   A06 key, reopened 03-01 20:00 + 16 h: 12:00
#   A05 handed over 03-01 16:00 + 24 h: 16:00
#   A09 strategic, assigned 07:30 + 24 h: 03-03 07:30
#   A01 assigned 08:00 + 48 h: 03-04 08:00
# Most urgent first: the level (3: A12 A11, 2: A03, 1, 0), then the
# deadline; A10 and A08 are due at the same minute, the strategic
# customer's first.
run cs-report -d "$db" --as-of '2026-03-02 09:00' --format csv complaints-open
is_status 0 "complaints-open at 09:00"
is_file out "the open list at 09:00, by hand" <<'EOF'
complaint_id,customer_id,name,class,step,owner,opened_at,deadline,overdue_hours,escalate_to,reason
A12,C1,王芳,,recorded,,2026-02-01 00:00:00,2026-02-02 00:00:00,681.00,general manager,no answer to the customer within 24 h of the record (2026-02-01 00:00)
A11,C1,王芳,,recorded,李,2026-03-02 08:00:00,2026-03-02 10:00:00,0.00,general manager,no answer to the customer within 2 h of the record (2026-03-02 08:00); serious (severity 3): to the general manager at once
A03,C1,王芳,,investigated,张,2026-02-25 09:00:00,2026-03-01 03:00:00,30.00,manager,"investigated since 2026-02-27 03:00, limit 48 h"
A04,C4,Delta,regular,validated,周,2026-02-27 15:00:00,2026-03-01 10:00:00,23.00,supervisor,"validated since 2026-02-28 10:00, limit 24 h"
A02,C1,王芳,,recorded,李,2026-02-28 22:00:00,2026-03-01 22:00:00,11.00,supervisor,no answer to the customer within 24 h of the record (2026-02-28 22:00)
A10,C2,Beta Trading,strategic,recorded,王,2026-03-02 04:00:00,2026-03-02 08:00:00,1.00,supervisor,no answer to the customer within 4 h of the record (2026-03-02 04:00)
A08,C5,Echo,high-value,customer-notified,周,2026-02-25 09:00:00,2026-03-02 08:00:00,1.00,supervisor,"customer-notified since 2026-02-27 08:00, limit 72 h; customer-notified on 2026-02-27 08:00 of a remedy (compensation 500.00) that was not approved"
A07,C1,王芳,,invalidated,张,2026-03-01 08:00:00,2026-03-02 09:00:00,0.00,,"invalidated since 2026-03-01 09:00, limit 24 h"
A06,C3,长江建材,key,reopened,孙,2026-02-10 09:00:00,2026-03-02 12:00:00,0.00,,"reopened since 2026-03-01 20:00, limit 16 h"
A05,C1,王芳,,handed-over,李,2026-02-26 09:00:00,2026-03-02 16:00:00,0.00,,"handed-over since 2026-03-01 16:00, limit 24 h"
A09,C2,Beta Trading,strategic,assigned,王,2026-03-02 06:00:00,2026-03-03 07:30:00,0.00,,"assigned since 2026-03-02 07:30, limit 24 h"
A01,C1,王芳,,assigned,张,2026-03-01 20:00:00,2026-03-04 08:00:00,0.00,,"assigned since 2026-03-02 08:00, limit 48 h"
EOF

# A second later A07 is one second late: 0.01 hours (rounded up), the
# supervisor's.
run cs-report -d "$db" --as-of '2026-03-02 09:00:01' --format csv complaints-open
grep '^A07,' out | cut -d, -f8-10 >a07.csv
is_file a07.csv "a second late reads 0.01, to the supervisor" <<'EOF'
2026-03-02 09:00:00,0.01,supervisor
EOF

# A date alone is its last second, 23:59:59: A07 closed at 11:00; A01 is
# investigated since 12:00; A05 is 赵's since 10:00.  The hours late
# are 14 h 59 min 59 s more than at 09:00, rounded up: A02 25:59:59 is
# 26.00.  The owners agree with complaint_status once every event is
# in: the last hand-over's, the owner recorded with the complaint (A06),
# else the recorder; none for A12.
run cs-report -d "$db" --as-of 2026-03-02 --format csv complaints-open
cut -d, -f1,5,6,8,9 out | sort >eod.csv
is_file eod.csv "the open list at the end of the day" <<'EOF'
A01,investigated,张,2026-03-04 12:00:00,0.00
A02,recorded,李,2026-03-01 22:00:00,26.00
A03,investigated,张,2026-03-01 03:00:00,45.00
A04,validated,周,2026-03-01 10:00:00,38.00
A05,handed-over,赵,2026-03-03 10:00:00,0.00
A06,reopened,孙,2026-03-02 12:00:00,12.00
A08,customer-notified,周,2026-03-02 08:00:00,16.00
A09,assigned,王,2026-03-03 07:30:00,0.00
A10,recorded,王,2026-03-02 08:00:00,16.00
A11,recorded,李,2026-03-02 10:00:00,14.00
A12,recorded,,2026-02-02 00:00:00,696.00
complaint_id,step,owner,deadline,overdue_hours
EOF
is_sql "$db" "SELECT complaint_id, owner FROM complaint_status WHERE complaint_id IN
	('A01', 'A05', 'A06', 'A12') ORDER BY 1" "complaint_status's owners, the same" <<'EOF'
A01|张
A05|赵
A06|孙
A12|
EOF

# The summary as of 2 March (its last second), the year from 2025-03-03:
# all 20 complaints.  The first tables as before, through
# complaint_status: valid by the last validation event (11 valid, A07
# and B03 invalid, 7 not judged: 84.62%); closed A07 (1 day), B01 (2),
# B02 (2), B03 (0), B04 (1), B05 (2), B07 (1), B08 (1), B10 (0): median
# 1, the 9th of 9 2, 6 within a day; C1 to C5 complain more than once;
# A02 A03 A04 A05 A06 A08 A12 open more than a day.
#
# The handling tables measure the 17 complaints with events or open
# (not B05 B07 B08), at 23:59:59:
#   first answer after: 30 min A05 B10; 1 h A01 A03 A06 A07 A08 A09
#     B01 B04; 3 h B03; 19 h A04; 26 h B02 (late); none A02 A10 A11 A12
#     (all late): 12 within of 17 due, 70.59%, median the 7th of 13, 1 h
#   closed by an event: B10 3 h, B03 5 h, B04 24 h, A07 27 h, B01 48 h,
#     B02 51 h: median (24 + 27) / 2 = 25.50, the 6th of 6 51.00
#   a step late: A02 A10 A11 A12 recorded; B02 recorded 26 h; A03
#     investigated, A04 validated, A08 notified, A06 reopened (16 h):
#     still there at 23:59:59; A05 assigned 78 h; A07 invalidated 25 h.
#     Within every limit: A01 A09 B01 B03 B04 B10, 6 of 17, 35.29%
#   reopened: A06; a problem: A08's compensation
# By owner at 23:59:59 (A05 赵's), the names in byte order (吴 U+5434, 周
# U+5468, 孙 U+5B59, 张 U+5F20, 李 U+674E, 王 U+738B, 赵 U+8D75, 钱
# U+94B1), none first; by class, strategic first, none last.
# Remedies: A08 compensation 500.00 unapproved, open; B01 compensation
# 300.00 approved, closed; B02 discount 50.00 approved, closed; B04 a
# repair, which needs no approval, closed: settled 350.00 of 850.00.
# Repeat complainers (3 within 90 days): C1 8 from 02-01 to 03-02; C2 3;
# C4 3 from 2025-12-01 to 02-27 (88 days); not C3: 2025-11-12 to
# 2026-02-10 is 90 days.
# Big customers: strategic C2 (A09 A10 open, B04 closed, its CSAT 2 on
# 02-20: the 5 of 02-28 came after the 7 days); key C3 (A06 open again,
# B01 closed and a 5, B07 closed and no answer); high-value C5 (A08
# open, B05 closed, a 4).
run cs-report -d "$db" --as-of 2026-03-02 --format csv complaints
is_status 0 "complaints"
is_file out "the summary and the handling tables, by hand" <<'EOF'
measure,value
complaints,20
valid,11
valid_share,84.62
closed,9
median_days_to_close,1.0
p90_days_to_close,2
closed_within_sla_share,66.67
repeat_complainers,5
open_past_sla,7

category,complaints,share,valid,valid_share
billing,5,25.00,1,100.00
quality,8,40.00,6,100.00
service,7,35.00,4,66.67

channel,complaints,share,valid,valid_share
,3,15.00,0,
letter,1,5.00,0,
phone,11,55.00,8,80.00
web,5,25.00,3,100.00

measure,value
measured,17
answered,13
answered_within_limit,12
answered_within_limit_share,70.59
median_hours_to_first_answer,1.00
unanswered_past_limit,4
closed,6
median_hours_to_close,25.50
p90_hours_to_close,51.00
within_limits,6
within_limits_share,35.29
reopened,1
reopenings,1
with_problems,1

owner,complaints,answered_within_limit,first_answer_late,step_late,within_limits,within_limits_share
,1,0,1,1,0,0.00
吴,1,1,0,0,1,100.00
周,3,3,0,2,1,33.33
孙,1,1,0,1,0,0.00
张,3,3,0,2,1,33.33
李,3,0,3,3,0,0.00
王,3,2,1,1,2,66.67
赵,1,1,0,1,0,0.00
钱,1,1,0,0,1,100.00

class,complaints,answered_within_limit,first_answer_late,step_late,within_limits,within_limits_share
strategic,3,2,1,1,2,66.67
key,2,2,0,1,1,50.00
high-value,1,1,0,1,0,0.00
regular,2,2,0,1,1,50.00
,9,5,4,7,2,22.22

remedy,complaints,amount,approved,without_approval,settled,settled_amount
repair,1,0.00,0,0,1,0.00
discount,1,50.00,1,0,1,50.00
compensation,2,800.00,1,1,1,300.00
total,4,850.00,2,1,3,350.00

customer_id,name,complaints,first_on,last_on
C1,王芳,8,2026-02-01,2026-03-02
C2,Beta Trading,3,2026-02-15,2026-03-02
C4,Delta,3,2025-12-01,2026-02-27

class,complaints,closed,answered,satisfied,satisfaction
strategic,3,1,1,0,0.00
key,3,2,1,1,100.00
group,0,0,0,0,
high-value,2,1,1,1,100.00
total,8,4,3,2,66.67
EOF

# --rules: a site's own rules.  With every limit of a step 12 h and the
# first answer 12 h, a level per 6 h and the last level "总经理",
# A07 (invalidated 03-01 09:00) is due at 21:00 and 12 h late at 09:00:
# 1 + 12 / 6 = level 3 of 3.
cat >site.rules <<'EOF'
first_answer = 12h
escalation = 主管, 经理, 总经理
escalate_every = 6h
[limits]
invalidated = 12h
EOF
run cs-report -d "$db" --rules site.rules --as-of '2026-03-02 09:00' --format csv complaints-open
is_status 0 "--rules site.rules"
grep '^A07,' out | sed 's/^\([^,]*,\)\{7\}//' >a07.csv
is_file a07.csv "A07 against the site's rules" <<'EOF'
2026-03-01 21:00:00,12.00,总经理,"invalidated since 2026-03-01 09:00, limit 12 h"
EOF

# Without --as-of: now, to the second, on the local clock (TZ is UTC
# here): the title says when.
before=$(date '+%Y-%m-%d %H:%M:%S')
run cs-report -d "$db" --format json complaints-open
after=$(date '+%Y-%m-%d %H:%M:%S')
at=$(jq -r '.tables[0].title' out | sed -n 's/^Open complaints at \(.*\), the most urgent first$/\1/p')
[ -n "$at" ] && { [ "$before" = "$at" ] || expr "$before" \< "$at" >/dev/null; } &&
	{ [ "$at" = "$after" ] || expr "$at" \< "$after" >/dev/null; }
ok $? "no --as-of: the moment is now ($before <= $at <= $after)"
jq -r '.as_of' out >as_of.txt
date +%F >today.txt
is_file as_of.txt "and as_of today" <today.txt

# The other formats.
run cs-report -d "$db" --as-of '2026-03-02 09:00' --format json complaints-open
jq -r '.as_of, .tables[0].name, (.tables[0].rows | length), .tables[0].rows[0][8],
	(.tables[0].rows[0][8] | type), .tables[0].rows[0][5]' out >json.txt
is_file json.txt "json: the moment, 12 rows, hours as numbers, no owner null" <<'EOF'
2026-03-02 09:00:00
complaints_open
12
681
number
null
EOF
run cs-report -d "$db" --as-of '2026-03-02 09:00' --format text complaints-open
sed -n '1,3p;4s/  */ /gp;5s/  */ /gp' out >text.txt
is_file text.txt "text: the moment in the title, a header, the most urgent first" <<'EOF'
cs-report, as of 2026-03-02 09:00:00

Open complaints at 2026-03-02 09:00:00, the most urgent first
complaint_id customer_id name class step owner opened_at deadline overdue_hours escalate_to reason
A12 C1 王芳 recorded 2026-02-01 00:00:00 2026-02-02 00:00:00 681.00 general manager no answer to the customer within 24 h of the record (2026-02-01 00:00)
EOF
grep -c '^A[0-9][0-9]  ' out >rows.txt
is_file rows.txt "text: twelve rows" <<'EOF'
12
EOF
run cs-report -d "$db" --as-of '2026-03-02 09:00' --format html complaints-open complaints
grep -o -E '<section id="[a-z_]+">|<h2>Open complaints at [^<]*</h2>|<td class="r">681.00</td>' \
	out >html.txt
is_file html.txt "html: a section per table, hours with their decimals" <<'EOF'
<section id="complaints">
<section id="complaints_by_category">
<section id="complaints_by_channel">
<section id="complaints_handling">
<section id="complaints_limits_by_owner">
<section id="complaints_limits_by_class">
<section id="complaints_remedies">
<section id="complaints_repeat">
<section id="complaints_big_customers">
<section id="complaints_open">
<h2>Open complaints at 2026-03-02 09:00:00, the most urgent first</h2>
<td class="r">681.00</td>
EOF
grep -c '<svg class="chart" id="chart-complaints_limits_by_owner"' out >svg.txt
is_file svg.txt "html: a chart of the share within the limits by owner" <<'EOF'
1
EOF

# Nothing open: the table has its header and no rows; text says (none),
# which is what the supervisor's cron line looks for.
run cs-report -d "$db" --as-of '2026-01-01 00:00' --format csv complaints-open
is_file out "nothing open on 1 January" <<'EOF'
complaint_id,customer_id,name,class,step,owner,opened_at,deadline,overdue_hours,escalate_to,reason
EOF
run cs-report -d "$db" --as-of '2026-01-01 00:00' --format text complaints-open
is_file out "text: (none)" <<'EOF'
cs-report, as of 2026-01-01 00:00:00

Open complaints at 2026-01-01 00:00:00, the most urgent first
(none)
EOF

# all asks for complaints-open too, after complaints.
run cs-report -d "$db" --as-of 2026-03-02 --format json all
jq -r '[.tables[].name] | map(select(startswith("complaints"))) | join(" ")' out >all.txt
is_file all.txt "all: the complaint tables, then the open list" <<'EOF'
complaints complaints_by_category complaints_by_channel complaints_handling complaints_limits_by_owner complaints_limits_by_class complaints_remedies complaints_repeat complaints_big_customers complaints_open
EOF

usage='usage: cs-report [-d DB] [--as-of DATE] [--format F] [-o FILE] REPORT... (see --help)'
# Options the report cannot honour are usage errors (exit 2), each with
# its message (the fields separated by a tab).
tab=$(printf '\t')
while IFS=$tab read -r args message; do
	# shellcheck disable=SC2086
	run cs-report -d "$db" $args
	[ "$status" -eq 2 ]
	ok $? "$args: a usage error (exit $status)"
	printf '%s\n%s\n' "cs-report: $message" "$usage" >want
	cmp -s want err
	ok $? "$args: says why"
	cmp -s want err || sed 's/^/# /' err
done <<'EOF'
--by region complaints-open	--by: no report asked for uses it (aging, satisfaction, complaints and top do)
--sla 2 complaints-open	--sla: no report asked for uses it (complaints does)
--from 2026-01-01 complaints-open	--from: no report asked for uses it (complaints and access do)
--rules site.rules aging top	--rules: no report asked for uses it (complaints and complaints-open do)
--as-of 2026-03-02T09:00 aging complaints-open	--as-of 2026-03-02T09:00: aging takes a date, not a time of day (only complaints and complaints-open take one)
--as-of 2026-03-02T09:00 all	--as-of 2026-03-02T09:00: aging takes a date, not a time of day (only complaints and complaints-open take one)
--as-of 2026-03-02T24:00 complaints-open	--as-of 2026-03-02T24:00: expected a date YYYY-MM-DD, or a date and time YYYY-MM-DD HH:MM[:SS]
--as-of yesterday complaints-open	--as-of yesterday: expected a date YYYY-MM-DD, or a date and time YYYY-MM-DD HH:MM[:SS]
EOF
run cs-report -d "$db" --as-of '2026-03-02 09:00' --rules site.rules --format csv complaints \
	complaints-open
is_status 0 "a time of day and --rules with complaints and complaints-open together"

# A wrong rules file: exit 1 with its name and line, nothing written; an
# unreadable one: exit 4.
printf 'first_answer = 12h\n[limits]\nrecorded = soon\n' >bad.rules
run cs-report -d "$db" --rules bad.rules complaints-open
is_status 1 "a wrong rules file"
grep -c . out >lines.txt
is_file lines.txt "nothing written" <<'EOF'
0
EOF
grep -q '^cs-report: bad\.rules:3: ' err
ok $? "the message names the file and line ($(head -1 err))"
run cs-report -d "$db" --rules missing.rules complaints
is_status 4 "a missing rules file"
is_file err "says which" <<'EOF'
cs-report: missing.rules: No such file or directory
EOF
run cs-report -d "$db" --rules . complaints
is_status 4 "a directory for a rules file"

done_testing
