#!/bin/sh
# cs-report: no option silently ignored.  An option that no report asked
# for uses is a usage error naming the reports that use it; a --by that
# a report asked for cannot group by is one naming the report; and
# complaints groups by --by (region, manager, class, ...).
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

cat >customers.csv <<'EOF'
customer_id,name,region,manager
C1,One,North,M1
C2,Two,North,M2
C3,Three,South,M1
C4,Four,,
EOF
cat >complaints.csv <<'EOF'
complaint_id,customer_id,opened_on,closed_on,valid
K1,C1,2026-06-01,2026-06-02,yes
K2,C1,2026-06-10,2026-06-15,no
K3,C2,2026-06-20,,yes
K4,C3,2026-06-29,2026-06-29,
K5,C4,2026-05-01,2026-05-04,yes
K6,C3,2025-06-30,2025-07-01,yes
EOF
cs-import -q -d "$db" -t customers customers.csv
cs-import -q -d "$db" -t complaints complaints.csv
printf 'survey = servqual\nscale = 1..7\npairs = E P\ndimension speed = 01\n' >site.def

usage='usage: cs-report [-d DB] [--as-of DATE] [--format F] [-o FILE] REPORT... (see --help)'

# Each report option with reports that do not use it (the fields
# separated by a tab).
tab=$(printf '\t')
while IFS=$tab read -r args reports; do
	run cs-report -d "$db" $args
	[ "$status" -eq 2 ]
	ok $? "$args: a usage error (exit $status)"
	printf '%s\n%s\n' "cs-report: ${args%% *}: no report asked for uses it ($reports)" "$usage" >want
	cmp -s want err
	ok $? "$args: says which reports use it"
	cmp -s want err || sed 's/^/# /' err
done <<'EOF'
--by region collection segments customer C1	aging, satisfaction, complaints and top do
--buckets 7,30 collection	aging does
--months 3 aging	collection does
--compare 2026-01-01 aging top	segments does
--from 2026-01-01 top	complaints and access do
--to 2026-06-30 aging	complaints and access do
--sla 2 top segments	complaints does
--top 5 complaints	top does
--window 6m complaints	top does
--base-to 2025-06-30 aging	top does
--bands 5,10 complaints	top does
--reveal all	customer does
--definition site.def top	satisfaction does
EOF

# Each --by a report asked for cannot take, named with that report.
run cs-report -d "$db" --by month complaints
is_status 2 "complaints --by month"
is_file err "names complaints and its groups" <<EOF
cs-report: --by: the complaints report groups by region, manager, kind, industry or class, not month
$usage
EOF
run cs-report -d "$db" --by month satisfaction aging
is_status 2 "--by month: satisfaction takes it, aging does not"
head -1 err >by.txt
is_file by.txt "names aging" <<'EOF'
cs-report: --by: the aging report groups by region, manager, kind, industry or class, not month
EOF

# Options that a report asked for uses are taken, also through all.
run cs-report -d "$db" --as-of 2026-06-30 --format csv --sla 2 --reveal --top 5 complaints top customer C1
is_status 0 "each option used by a report asked for"
run cs-report -d "$db" --as-of 2026-06-30 --format csv --sla 2 --months 3 --bands 5,10 all
is_status 0 "all uses them"

# complaints --by, as of 2026-06-30 (2025-07-01 to 2026-06-30; K6
# opened before), SLA 1 day.  Days to close: K1 1, K2 5, K4 0, K5 3; K3
# open 10 days.  By region:
#   ""     K5: 1, valid 1 of 1, closed 1, median 3.0, p90 3, within
#          the SLA 0 of 1, no repeat, none open past the SLA
#   North  K1 K2 K3: valid 2 of 3 judged, closed 2 (1, 5): median 3.0,
#          p90 the ceil(0.9 x 2) = 2nd: 5; within 1 of 2; C1 repeats;
#          K3 open past the SLA
#   South  K4: not judged (no share), closed the day it opened
run cs-report -d "$db" --as-of 2026-06-30 --format csv --by region complaints
is_status 0 "complaints --by region"
sed -n '/^group,/,/^$/{p;/^$/q;}' out >by-region.csv
is_file by-region.csv "the summary per region, by hand" <<'EOF'
group,complaints,valid,valid_share,closed,median_days_to_close,p90_days_to_close,closed_within_sla_share,repeat_complainers,open_past_sla
,1,1,100.00,1,3.0,3,0.00,0,0
North,3,2,66.67,2,3.0,5,50.00,1,1
South,1,0,,1,0.0,0,100.00,0,0

EOF
sed -n '1,10p' out >overall.csv
is_file overall.csv "the overall summary first, as without --by" <<'EOF'
measure,value
complaints,5
valid,3
valid_share,75.00
closed,4
median_days_to_close,2.0
p90_days_to_close,5
closed_within_sla_share,50.00
repeat_complainers,1
open_past_sla,1
EOF

# By manager: M1 is C1 and C3 (K1 K2 K4): valid 1 of 2 judged; closed
# 0, 1, 5: median 1.0, p90 the 3rd: 5; within 2 of 3.  M2 is C2 (K3):
# nothing closed, so no median, p90 or share.
run cs-report -d "$db" --as-of 2026-06-30 --format csv --by manager complaints
sed -n '/^group,/,/^$/{p;/^$/q;}' out | tail -n +2 >by-manager.csv
is_file by-manager.csv "the summary per manager, by hand" <<'EOF'
,1,1,100.00,1,3.0,3,0.00,0,0
M1,3,1,50.00,3,1.0,5,66.67,1,0
M2,1,1,100.00,0,,,,0,1

EOF

# By class: C1 and C2 key in the latest bigcustomer snapshot on or
# before the as-of date; C3 and C4 in none: K4 and K5, closed in 0 and 3
# days, median 1.5, p90 the 2nd: 3, within 1 of 2.
sql_do "$db" "INSERT INTO segments (as_of, model, customer_id, label) VALUES
	('2026-06-01', 'bigcustomer', 'C1', 'key'), ('2026-06-01', 'bigcustomer', 'C2', 'key')"
run cs-report -d "$db" --as-of 2026-06-30 --format csv --by class complaints
sed -n '/^group,/,/^$/{p;/^$/q;}' out | tail -n +2 >by-class.csv
is_file by-class.csv "the summary per class, by hand; no class last" <<'EOF'
key,3,2,66.67,2,3.0,5,50.00,1,1
,2,1,100.00,2,1.5,3,50.00,0,0

EOF

done_testing
