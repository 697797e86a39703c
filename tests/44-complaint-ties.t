#!/bin/sh
# Complaints tied to the other programs (issue 14, item 4): cs-survey
# plan schedules a return visit after a complaint's close, ahead of the
# routine visits, within the rules' return_visit_days; the customer card
# lists the customer's complaints with their step and owner.  Complaints
# are read through the view complaint_status: closed by an event or by
# the closed_on column, open again once reopened, invalid by an event.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

# Every customer opened 2025-01-01: on 2026-03-10 past its first year,
# visited every 90 days.
printf 'customer_id,name,manager,opened_on\n' >customers.csv
for c in R1 R2 R3 R4 R5 R6 R7 R9; do
	printf '%s,customer %s,王,2025-01-01\n' $c $c
done >>customers.csv
cs-import -q -d "$db" -t customers customers.csv

cat >complaints.csv <<'EOF'
complaint_id,customer_id,opened_on,category,channel,severity,closed_on,valid,subject,owner
K1,R1,2026-03-01,service,phone,1,,,营业厅,
K2,R2,2026-03-03,billing,web,2,2026-03-05,yes,账单,
K3,R3,2026-03-01,quality,phone,1,2026-03-03,yes,,
K4,R4,2026-03-01,quality,phone,1,,,,
K5,R5,2026-03-01,delivery,phone,2,,,送货,
K5a,R5,2025-10-01,service,visit,1,2025-10-10,yes,,孙
K5b,R5,2026-01-05,billing,web,1,,,发票,
K7,R7,2026-03-01,quality,phone,1,2026-03-05,no,,
K9a,R9,2026-02-15,quality,phone,1,2026-02-20,yes,,
K9b,R9,2026-02-26,quality,phone,1,2026-03-01,yes,,
EOF
cs-import -q -d "$db" -t complaints complaints.csv

# K1 closed by an event on 2026-03-02 and reviewed after, its closed_on
# column empty; K4 closed by an event on 2026-03-06; K5 handed over from
# 王 to 赵, closed on 2026-03-02 and reopened on 2026-03-04 (open
# again); K5b decided invalid by an event and closed on 2026-01-06.
cat >events.csv <<'EOF'
complaint_id,at,step,actor,assignee,remedy,amount,approved_by,note
K1,2026-03-01 09:00,recorded,李,,,,,
K1,2026-03-01 10:00,validated,李,,,,,
K1,2026-03-02 10:00,customer-notified,李,,,,,
K1,2026-03-02 16:00,closed,李,,,,,
K1,2026-03-03 09:00,reviewed,主管,,,,,
K4,2026-03-01 09:00,recorded,钱,,,,,
K4,2026-03-06 08:00,customer-notified,钱,,,,,
K4,2026-03-06 09:00,closed,钱,,,,,
K5,2026-03-01 09:00,recorded,李,,,,,
K5,2026-03-01 10:00,validated,李,,,,,
K5,2026-03-01 11:00,assigned,李,王,,,,
K5,2026-03-02 09:00,handed-over,王,赵,,,,
K5,2026-03-02 15:00,customer-notified,赵,,,,,
K5,2026-03-02 16:00,closed,赵,,,,,
K5,2026-03-04 09:00,reopened,赵,,,,,
K5b,2026-01-05 09:00,recorded,周,,,,,
K5b,2026-01-05 12:00,invalidated,周,,,,,
K5b,2026-01-05 13:00,customer-notified,周,,,,,
K5b,2026-01-06 10:00,closed,周,,,,,
EOF
run cs-import -q -d "$db" -t complaint_events events.csv
is_status 0 "complaint events loaded"

# Visits: R3 on 2026-03-04, after K3's close on 03-03; R4 on 03-06, the
# day of K4's close (a visit on the close day counts as after it); R9 on
# 2026-02-25, after K9a's close (02-20) but before K9b's (03-01).
cat >visits.csv <<'EOF'
visit_id,customer_id,visited_on
V1,R1,2026-02-01
V2,R2,2025-12-01
V3,R3,2026-03-04
V4,R4,2026-03-06
V5,R5,2025-11-01
V7,R7,2026-02-20
V9,R9,2026-02-25
EOF
cs-import -q -d "$db" -t visits visits.csv
printf 'response_id,customer_id,survey,answered_on,item,score\nN1,R2,nps,2026-03-06,NPS,5\n' >nps.csv
cs-import -q -d "$db" -t responses nps.csv

# plan as of 2026-03-10, return visits within 7 days (the built-in rules):
#   R9: K9a was visited after (02-25); K9b closed 03-01, not visited
#       since: due 03-08, 2 days overdue (its routine visit, 02-25 + 90
#       = 05-26, is not due).
#   R1: K1 closed by its event on 03-02 (the review after does not
#       reopen it): due 03-09, 1 day overdue.
#   R2: K2 closed by its column on 03-05: due 03-12, 2 days left (-2),
#       though its routine visit was due 2025-12-01 + 90 = 03-01; a
#       detractor (5 on 03-06).
#   R5: K5 reopened, so open: no return visit; urgent (open complaint),
#       routine due 2025-11-01 + 90 = 2026-01-30, 39 days overdue.  K5b
#       is closed and not visited since, but invalid: no return visit;
#       K5a was visited after its close.
#   R6: never visited: due 2025-01-01 + 90 = 2025-04-01, 343 days
#       overdue, but routine: last.
#   R3, R4: visited since the close (R4 on the close day), routine not
#       due; R7: its complaint is invalid (closed_on 03-05, valid no),
#       visited 02-20, routine not due.  None listed.
# Return visits first, then the urgent, then the rest; in each the most
# overdue first.
run cs-survey plan -d "$db" --as-of 2026-03-10
is_status 0 "plan with return visits"
is_file out "return visits first, by how overdue, then urgent, then routine" <<'EOF'
customer_id,name,manager,last_visit,due_on,days_overdue,reason
R9,customer R9,王,2026-02-25,2026-03-08,2,complaint K9b closed on 2026-03-01: return visit within 7 days
R1,customer R1,王,2026-02-01,2026-03-09,1,complaint K1 closed on 2026-03-02: return visit within 7 days
R2,customer R2,王,2025-12-01,2026-03-12,-2,complaint K2 closed on 2026-03-05: return visit within 7 days; detractor: NPS 5.0 on 2026-03-06
R5,customer R5,王,2025-11-01,2026-01-30,39,every 90 days (after the first year); open complaint
R6,customer R6,王,,2025-04-01,343,every 90 days (after the first year); never visited
EOF

# As of 2026-03-04: K9b's return visit is due 03-08 (4 days left), K1's
# 03-09 (5 left).  K2 (closed 03-05) and K4 (closed 03-06) are still
# open on the day: R4, not visited by then, is due since 2025-04-01 (337
# days) and urgent; R2's routine visit, due 03-01, is 3 days overdue and
# urgent.  R5's K5 is open as complaint_status has it now (reopened on
# 03-04): urgent, 33 days overdue.  R6: 337 days, not urgent.
run cs-survey plan -d "$db" --as-of 2026-03-04
is_file out "as of an earlier day: a close after it is still open" <<'EOF'
customer_id,name,manager,last_visit,due_on,days_overdue,reason
R9,customer R9,王,2026-02-25,2026-03-08,-4,complaint K9b closed on 2026-03-01: return visit within 7 days
R1,customer R1,王,2026-02-01,2026-03-09,-5,complaint K1 closed on 2026-03-02: return visit within 7 days
R4,customer R4,王,,2025-04-01,337,every 90 days (after the first year); never visited; open complaint
R5,customer R5,王,2025-11-01,2026-01-30,33,every 90 days (after the first year); open complaint
R2,customer R2,王,2025-12-01,2026-03-01,3,every 90 days (after the first year); open complaint
R6,customer R6,王,,2025-04-01,337,every 90 days (after the first year); never visited
EOF

# return_visit_days from a rules file: 3 days after the close.
printf '# site rules\nreturn_visit_days = 3\n' >site.rules
run cs-survey plan -d "$db" --as-of 2026-03-10 --rules site.rules
is_status 0 "plan with a rules file"
cut -d, -f1,5-7 out | head -4 >three.csv
is_file three.csv "due 3 days after the close: 03-04, 03-05, 03-08" <<'EOF'
customer_id,due_on,days_overdue,reason
R9,2026-03-04,6,complaint K9b closed on 2026-03-01: return visit within 3 days
R1,2026-03-05,5,complaint K1 closed on 2026-03-02: return visit within 3 days
R2,2026-03-08,2,complaint K2 closed on 2026-03-05: return visit within 3 days; detractor: NPS 5.0 on 2026-03-06
EOF

# A visit after the close ends the return visit: R1 visited on 03-08 is
# no longer listed (its routine visit is due 06-06); R9 visited on 03-10,
# the as-of day, neither.
printf 'visit_id,customer_id,visited_on\nV11,R1,2026-03-08\nV12,R9,2026-03-10\n' >more.csv
cs-import -q -d "$db" -t visits more.csv
run cs-survey plan -d "$db" --as-of 2026-03-10
cut -d, -f1,5,6 out >after.csv
is_file after.csv "a visit since the close cancels the return visit" <<'EOF'
customer_id,due_on,days_overdue
R2,2026-03-12,-2
R5,2026-01-30,39
R6,2025-04-01,343
EOF

# The rules file's errors: a wrong line exits 1 naming file and line; a
# file that cannot be read exits 4; --rules belongs to plan.
printf 'return_visit_days = 7\n\nreturn_visit_days = 0\n' >bad.rules
run cs-survey plan -d "$db" --as-of 2026-03-10 --rules bad.rules
is_status 1 "a bad rules file"
is_file err "names the file and the line" <<'EOF'
cs-survey: bad.rules:3: expected days from 1 to 365: return_visit_days
EOF
is_file out "and writes nothing" </dev/null
run cs-survey plan -d "$db" --rules nosuch.rules
is_status 4 "a rules file that cannot be read"
is_file err "says why" <<'EOF'
cs-survey: nosuch.rules: No such file or directory
EOF
run cs-survey sample -d "$db" -n 2 --by abc --rules site.rules
is_status 2 "--rules with sample"
is_file err "is an option of another command" <<'EOF'
cs-survey: an option of another command (see --help)
usage: cs-survey plan|sample|score [-d DB] [options] (see --help)
EOF
run cs-survey plan -d "$db" --rules
is_status 2 "--rules without a file"

# The card of R5: its complaints, the latest opened first.  K5: the
# hand-over made 赵 its owner, reopened (its step), open (no close, no
# return visit); K5b: recorded by 周 (its owner), invalid by its event,
# closed by its event on 01-06 and not visited since; K5a: owner 孙 by
# its column, closed on 2025-10-10 and visited on 2025-11-01; it has no
# event, so its step is recorded (complaint_status: the latest event's
# step, else recorded), though its column closed it.
run cs-report -d "$db" --as-of 2026-03-10 --format csv customer R5
is_status 0 "the card of a customer with complaints"
sed -n '/^complaint_id,/,/^$/p' out >complaints.out
is_file complaints.out "step, owner, validity, close and return visit of each" <<'EOF'
complaint_id,opened_on,category,channel,severity,subject,step,owner,valid,closed_on,return_visit
K5,2026-03-01,delivery,phone,2,送货,reopened,赵,yes,,
K5b,2026-01-05,billing,web,1,发票,closed,周,no,2026-01-06,no
K5a,2025-10-01,service,visit,1,,recorded,孙,yes,2025-10-10,2025-11-01

EOF

# R1's card as of 2026-03-10: K1 was reviewed after its close (its step),
# closed on 03-02 by its event and visited on 03-08; as of 03-05 the
# visit is not yet there.
run cs-report -d "$db" --as-of 2026-03-10 --format csv customer R1
grep '^K1,' out >k1.csv
is_file k1.csv "reviewed after its close, then visited" <<'EOF'
K1,2026-03-01,service,phone,1,营业厅,reviewed,李,yes,2026-03-02,2026-03-08
EOF
run cs-report -d "$db" --as-of 2026-03-05 --format csv customer R1
grep '^K1,' out >k1.csv
is_file k1.csv "no visit by an earlier day" <<'EOF'
K1,2026-03-01,service,phone,1,营业厅,reviewed,李,yes,2026-03-02,no
EOF

done_testing
