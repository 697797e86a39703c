#!/bin/sh
# cs-report on the dunning fixtures (customers A-G) and a few more rows
# (tests/fixtures/report), as of 2026-03-10.  Every figure was worked
# out by hand, and the totals are checked again with direct SQL:
#
#   open on 2026-03-10: A 700 of IA1 (due 01-31, 38 days) and 500 of IA2
#   (03-03, 7 days); B 2000 (02-04, 34 days); C 500 (02-09, 29 days);
#   F 1000 and G 1000 (01-31, 38 days); H 300 (due 04-30: current).
#   Invoiced 11000.00, paid 5000.00 (3000.00 of it in 2025 on 2025's
#   invoices), open 6000.00.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

report_fixtures "$db"
sql_do "$db" "INSERT INTO segments (as_of, model, customer_id, label, value_cents) VALUES
	('2026-02-28', 'abc', 'A', 'A', 150000), ('2026-02-28', 'abc', 'B', 'A', 200000),
	('2026-02-28', 'abc', 'C', 'B', 80000), ('2026-02-28', 'abc', 'D', 'C', 20000),
	('2026-03-05', 'abc', 'A', 'B', 150000), ('2026-03-05', 'abc', 'B', 'A', 200000),
	('2026-03-05', 'abc', 'C', 'B', 80000), ('2026-03-05', 'abc', 'D', 'C', 20000)"
for day in 2026-02-01 2026-02-20 2026-03-10; do
	cs-dunning -q -d "$db" --as-of $day >/dev/null 2>>dunning.err
done

run cs-report -d "$db" --as-of 2026-03-10 --format csv aging
is_status 0 "aging"
is_file out "aging by hand; reconciled to the cent" <<'EOF'
group,bucket,customers,invoices,amount,share
all,current,1,1,300.00,5.00
all,1-30,2,2,1000.00,16.67
all,31-60,4,4,4700.00,78.33
all,61-90,0,0,0.00,0.00
all,91-180,0,0,0.00,0.00
all,>180,0,0,0.00,0.00

measure,amount
invoiced,11000.00
credit_notes,0.00
paid,5000.00
net_balance,6000.00
open_receivable,6000.00
credit_balances,0.00
difference,0.00
EOF
is_sql "$db" "SELECT sum(amount_cents) FROM invoices WHERE issued_on <= '2026-03-10';
	SELECT sum(amount_cents) FROM payments WHERE paid_on <= '2026-03-10';
	SELECT sum(CASE WHEN b > 0 THEN b ELSE 0 END) FROM (SELECT c.customer_id,
	  coalesce((SELECT sum(amount_cents) FROM invoices i WHERE i.customer_id = c.customer_id
	    AND issued_on <= '2026-03-10'), 0) -
	  coalesce((SELECT sum(amount_cents) FROM payments p WHERE p.customer_id = c.customer_id
	    AND paid_on <= '2026-03-10'), 0) AS b FROM customers c) AS x" \
	"SQL: invoiced, paid and the open receivable, in cents, agree" <<'EOF'
1100000
500000
600000
EOF

run cs-report -d "$db" --as-of 2026-03-10 --format csv --buckets 7,30 --by region aging
is_status 0 "aging by region, own buckets"
head -10 out >by-region.csv
is_file by-region.csv "groups, then the totals" <<'EOF'
group,bucket,customers,invoices,amount,share
,current,0,0,0.00,0.00
,1-7,1,1,500.00,8.33
,8-30,1,1,500.00,8.33
,>30,4,4,4700.00,78.33
华南,current,1,1,300.00,5.00
华南,1-7,0,0,0.00,0.00
华南,8-30,0,0,0.00,0.00
华南,>30,0,0,0.00,0.00
total,current,1,1,300.00,5.00
EOF

# collection, January to March 2026: billed 6000, 1700, 300; collected
# 0, 1800, 200; receivable at the month ends 6000, 5900, 6000; DSO
# 6000/6000 x 31, 5900/1700 x 28, 6000/300 x 10 days (to 03-10); new
# arrears: all January's invoices fell due in February unpaid (6000),
# IA2 in March (500); recovered: PA1 300 and PC1 300 in February on
# overdue invoices (PE1 paid IE1 before its due date), PD1 200 in March.
run cs-report -d "$db" --as-of 2026-03-10 --format csv --months 3 collection
is_status 0 "collection"
head -4 out >collection.csv
is_file collection.csv "collection by hand" <<'EOF'
month,billed,credit_notes,collected,collection_rate,receivable_end,dso_days,new_arrears,recovered_arrears
2026-01,6000.00,0.00,0.00,0.00,6000.00,31.0,0.00,0.00
2026-02,1700.00,0.00,1800.00,105.88,5900.00,97.2,6000.00,600.00
2026-03,300.00,0.00,200.00,66.67,6000.00,200.0,500.00,200.00
EOF
# The nights 02-01, 02-20 and 03-10 caught up every night between: in
# February B, C and D entered 堵 (A, F and G, already a day overdue on
# the first night, went straight to 催: no reminder before a due date
# that has passed), all six 催, A, B, F, G 引; C and D stood in 催 at
# its end.  In March C and D entered 引, D was restored (paid
# 03-05), and five stood in 引 on 03-10.
grep -E '^2026-0[23],(prevent|remind|guide),' out >dunning.csv
is_file dunning.csv "dunning stages from the history" <<'EOF'
2026-02,prevent,3,0,0
2026-02,remind,6,0,2
2026-02,guide,4,0,4
2026-03,prevent,0,0,0
2026-03,remind,0,0,0
2026-03,guide,2,1,5
EOF
is_sql "$db" "SELECT count(DISTINCT customer_id) FROM dunning_history WHERE stage = 'remind'
	AND action = 'notify' AND run_date LIKE '2026-02%'" "SQL: six customers reminded in February" <<'EOF'
6
EOF

# top 3 of (2025-12-10, 2026-03-10]: B 2000 (IB1), A 1500 (IA1, IA2), E
# 1200 (IE1), then F and G 1000; of the base period (2024-12-10,
# 2025-03-10] only A 2000 (IA0) and B 1000 (IB0) have revenue.  A fell
# 25%: more than 20%, serious.  The lists hold 4700.00 and 3000.00:
# 4700 / 3000 - 1 = +56.67%.
run cs-report -d "$db" --as-of 2026-03-10 --format csv --top 3 --window 3 --base-to 2025-03-10 top
is_status 0 "top"
is_file out "top 3 against the base period; A fell 25%, serious" <<'EOF'
rank,base_rank,customer_id,name,revenue,base_revenue,change_pct,flag
1,2,B,Beta Trading,2000.00,1000.00,100.00,
2,1,A,长江建材,1500.00,2000.00,-25.00,serious
3,,E,Epsilon,1200.00,0.00,,new

period,from,to,customers,revenue,change_pct
current,2025-12-11,2026-03-10,3,4700.00,56.67
base,2024-12-11,2025-03-10,2,3000.00,
EOF

# complaints from 2025-03-11 to 2026-03-10: K1 (billing, valid, 15
# days), K2 (quality, valid, open since 02-11), K3 (service, invalid, 1
# day), K4 (billing, not judged, 0 days).  None has events: the handling
# tables measure K2 alone, open (unanswered and in its record since
# 02-11 00:00: late), with no owner and no class; K1 K3 K4 were closed
# with nothing to measure.  No remedy, no one with 3 complaints within
# 90 days, no big customer.
run cs-report -d "$db" --as-of 2026-03-10 --format csv complaints
is_status 0 "complaints"
is_file out "complaints by hand" <<'EOF'
measure,value
complaints,4
valid,2
valid_share,66.67
closed,3
median_days_to_close,1.0
p90_days_to_close,15
closed_within_sla_share,66.67
repeat_complainers,1
open_past_sla,1

category,complaints,share,valid,valid_share
billing,2,50.00,1,100.00
quality,1,25.00,1,100.00
service,1,25.00,0,0.00

channel,complaints,share,valid,valid_share
,2,50.00,2,100.00
phone,1,25.00,0,0.00
web,1,25.00,0,

measure,value
measured,1
answered,0
answered_within_limit,0
answered_within_limit_share,0.00
median_hours_to_first_answer,
unanswered_past_limit,1
closed,0
median_hours_to_close,
p90_hours_to_close,
within_limits,0
within_limits_share,0.00
reopened,0
reopenings,0
with_problems,0

owner,complaints,answered_within_limit,first_answer_late,step_late,within_limits,within_limits_share
,1,0,1,1,0,0.00

class,complaints,answered_within_limit,first_answer_late,step_late,within_limits,within_limits_share
,1,0,1,1,0,0.00

remedy,complaints,amount,approved,without_approval,settled,settled_amount
total,0,0.00,0,0,0,0.00

customer_id,name,complaints,first_on,last_on

class,complaints,closed,answered,satisfied,satisfaction
strategic,0,0,0,0,
key,0,0,0,0,
group,0,0,0,0,
high-value,0,0,0,0,
total,0,0,0,0,
EOF

run cs-report -d "$db" --as-of 2026-03-10 --format csv --sla 0 complaints
grep within_sla out >sla.csv
is_file sla.csv "--sla 0: only K4, closed the day it opened" <<'EOF'
closed_within_sla_share,33.33
EOF
run cs-report -d "$db" --from 2026-03-10 --to 2026-01-01 complaints
is_status 2 "--from after --to"

run cs-report -d "$db" --as-of 2026-03-10 --format csv segments
is_status 0 "segments"
is_file out "the latest abc snapshot, its Pareto curve and the movement since 02-28" <<'EOF'
model,as_of,label,customers,customer_share,revenue,revenue_share
abc,2026-03-05,A,1,25.00,2000.00,44.44
abc,2026-03-05,B,2,50.00,2300.00,51.11
abc,2026-03-05,C,1,25.00,200.00,4.44

customer_share,customers,revenue_share
10,1,44.44
20,1,44.44
30,2,77.78
40,2,77.78
50,2,77.78
60,3,95.56
70,3,95.56
80,4,100.00
90,4,100.00
100,4,100.00

model,from_date,to_date,from_label,to_label,customers
abc,2026-02-28,2026-03-05,A,A,1
abc,2026-02-28,2026-03-05,A,B,1
abc,2026-02-28,2026-03-05,B,B,1
abc,2026-02-28,2026-03-05,C,C,1
EOF

run cs-report -d "$db" --as-of 2026-03-10 --format csv satisfaction
is_status 0 "satisfaction"
tail -n +8 out >satisfaction.csv
is_file satisfaction.csv "NPS and CSAT by month" <<'EOF'
month,responses,servqual,nps,csat
2026-02,2,,0.00,50.00
2026-03,1,,0.00,100.00
EOF
nps="100.0 * (sum(CASE WHEN score >= 9 THEN 1 ELSE 0 END)
	- sum(CASE WHEN score <= 6 THEN 1 ELSE 0 END)) / count(*)"
if backend_is pg; then nps="to_char($nps, 'FM999990.00')"; else nps="printf('%.2f', $nps)"; fi
is_sql "$db" "SELECT $nps
	FROM responses WHERE item = 'NPS' AND answered_on LIKE '2026-02%'" "SQL: February's NPS" <<'EOF'
0.00
EOF

# A site's own questionnaire: the definition cs-survey takes.
printf 'survey = servqual\nscale = 1..7\npairs = E P\ndimension speed = 01 02\ndimension courtesy = 03\nnps = NPS\ncsat = CSAT\nitem NPS = 0..10\nitem CSAT = 1..5\n' >site.def
run cs-report -d "$db" --as-of 2026-03-10 --format csv --definition site.def satisfaction
is_status 0 "satisfaction by the site's definition"
head -3 out >site.csv
is_file site.csv "its dimensions, not the built-in ones" <<'EOF'
dimension,expectation,perception,gap
speed,,,
courtesy,,,
EOF
run cs-report -d "$db" --definition nosuch.def satisfaction
is_status 4 "a definition that cannot be read"

run cs-report -d "$db" --as-of 2026-03-10 --format csv customer H
is_status 0 "customer card"
grep -E '^(phone|email|unpaid|overdue|segment_|dunning_stage)' out >card.csv
is_file card.csv "phone and email masked; balance and stage" <<'EOF'
phone,138****5678
email,z***@example.com
unpaid,300.00
overdue,0.00
EOF
run cs-report -d "$db" --as-of 2026-03-10 --format csv --reveal customer H
grep -E '^(phone|email),' out >revealed.csv
is_file revealed.csv "--reveal shows them" <<'EOF'
phone,13812345678
email,zhang.san@example.com
EOF
run cs-report -d "$db" customer NOPE
is_status 1 "an unknown customer"
is_file err "names it" <<'EOF'
cs-report: customer: no customer NOPE
EOF

# Formats: Excel-safe CSV, JSON, HTML.
run cs-report -d "$db" --as-of 2026-03-10 --format csv --excel --top 8 --window 3 top
head -c 3 out | od -An -tx1 >bom.txt
is_file bom.txt "--excel starts with a UTF-8 BOM" <<'EOF'
 ef bb bf
EOF
grep -E "^(2,1,A|7,,H)," out >formula.csv
is_file formula.csv "a cell starting with = is made text; -25.00 stays a number" <<'EOF'
2,1,A,长江建材,1500.00,2000.00,-25.00,serious
7,,H,'=cmd|' /C calc'!A0,300.00,0.00,,new
EOF
run cs-report -d "$db" --as-of 2026-03-10 --format json aging top
is_status 0 "json"
jq -r '.as_of, ([.tables[].name] | join(" ")), .tables[0].rows[2][4], (.tables[0].rows[2][4] | type),
	.tables[2].rows[1][6]' out >json.txt
is_file json.txt "tables by name, numbers as numbers" <<'EOF'
2026-03-10
aging aging_reconcile top top_totals
4700
number
-25
EOF
run cs-report -d "$db" --as-of 2026-03-10 --format html -o report.html all
is_status 0 "html to a file"
grep -q '</html>' report.html
ok $? "html: the whole page written"
# grep exits 1 when nothing matches; 0 (a match) or 2 (no file) fail.
grep -q -E '<script|src=|href=|@import|url\(' report.html
[ $? -eq 1 ]
ok $? "self-contained: no scripts, links or imports"

# Render it in Chromium: every chart is drawn at its size, with its marks.
cp report.html probe.html
cat >>probe.html <<'EOF'
<script>
document.body.setAttribute('data-svg', Array.from(document.querySelectorAll('svg.chart')).map(function (s) {
	var b = s.getBoundingClientRect();
	return s.id + ':' + Math.round(b.width) + 'x' + Math.round(b.height) + ':' +
	    (s.querySelectorAll('rect.bar, circle.point').length > 0 ? 'marks' : 'empty');
}).join(' '));
</script>
EOF
chromium() {
	command chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "$@" 2>/dev/null
}
chromium --dump-dom "file://$T/probe.html" | grep -o 'data-svg="[^"]*"' | tr ' ' '\n' >svg.txt
is_file svg.txt "Chromium draws every chart at 640x280 with its bars or points" <<'EOF'
data-svg="chart-aging:640x280:marks
chart-collection:640x280:marks
chart-pareto:640x280:marks
chart-servqual_gaps:640x280:empty
chart-complaints_by_category:640x280:marks
chart-complaints_by_channel:640x280:marks
chart-complaints_limits_by_owner:640x280:marks"
EOF
chromium --window-size=1000,1400 --screenshot="$T/page.png" "file://$T/report.html" >/dev/null
od -An -tx1 -j 16 -N 8 page.png | tr -d ' \n' >png.txt
echo >>png.txt
is_file png.txt "a 1000x1400 PNG of the page" <<'EOF'
000003e800000578
EOF

: >kept.csv
chmod 640 kept.csv
run cs-report -d "$db" --as-of 2026-03-10 --format csv -o kept.csv top
stat -c %a kept.csv >mode.txt
is_file mode.txt "-o replaces a file whole, readable by its owner only" <<'EOF'
600
EOF

run cs-report -d "$db" frobnicate
is_status 2 "an unknown report"
run cs-report -d "$db" --format xml aging
is_status 2 "an unknown format"
run cs-report -d "$db" --excel --format json aging
is_status 2 "--excel is for csv"
run cs-report -d missing.db aging
is_status 3 "a missing database"

done_testing
