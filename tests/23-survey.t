#!/bin/sh
# cs-survey score against published values, and plan and sample on
# small hand-made data.
#
#   NPS of the answers 0..10, one each: (2 - 7) / 11 = -45.45; its
#     interval -45.45 +- 1.96 sqrt((9/11 - (5/11)^2) / 11) = [-91.67, 0.76]
#   Cronbach's alpha of (1,1,2) (5,6,5) (7,8,4) (2,3,2) (8,6,5):
#     1.5 (1 - (9.3 + 7.7 + 2.3) / 49.5) = 151/165 = 0.915152
#   SERVQUAL dimension gaps -0.65 -1.10 -0.83 -0.70 -1.01: unweighted
#     score -0.858 (100 respondents; the first item of each dimension
#     carries the dimension's whole gap, the others none)
#     (standardized alpha and alpha if an item is deleted checked with numpy)
#   ACSI-style index of item means 8, 7, 7 on 1..10, equal weights:
#     (7/9 + 6/9 + 6/9) / 3 x 100 = 70.37
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

printf 'customer_id,name,region,manager,opened_on\n' >customers.csv
for c in 1 2 3 4 5 6 7 8 9 10 11; do
	printf 'C%02d,customer %d,%s,%s,2025-01-01\n' $c $c \
		"$( [ $c -le 6 ] && echo 华东 || echo 华北)" "$( [ $((c % 2)) -eq 0 ] && echo 王 || echo 李)"
done >>customers.csv
cs-import -q -d "$db" -t customers customers.csv

# answers RESPONSE CUSTOMER SURVEY DATE ITEM=SCORE...: rows of responses.csv.
answers() {
	r=$1 c=$2 s=$3 d=$4
	shift 4
	for a in "$@"; do
		echo "$r,$c,$s,$d,${a%%=*},${a#*=}"
	done
}

{
	echo "response_id,customer_id,survey,answered_on,item,score"
	for i in 0 1 2 3 4 5 6 7 8 9 10; do
		answers N$i "C$(printf %02d $((i + 1)))" nps "2026-0$((i % 2 + 1))-15" NPS=$i
	done
	n=0
	for row in 1,1,2 5,6,5 7,8,4 2,3,2 8,6,5; do
		n=$((n + 1))
		IFS=, read -r a b c <<EOF
$row
EOF
		answers A$n C0$n alpha 2026-03-01 Q1=$a Q2=$b Q3=$c
	done
	answers A6 C06 alpha 2026-03-01 Q1=4 Q2=4	# Q3 missing: left out of alpha
	answers A7 C07 alpha 2026-03-01 Q1=4 Q2=4 Q3=12	# off the 1..9 scale
	answers X1 C01 acsi 2026-03-01 A1=8 A2=7 A3=7
	answers X2 C02 acsi 2026-03-01 A1=8 A2=7 A3=7
	answers V1 C01 reverse 2026-03-01 R1=2 R2=2
} >responses.csv
# SERVQUAL: 100 respondents; item 01, 05, 10, 14, 18 carry the gaps.
awk 'BEGIN {
	split("01 05 10 14 18", first, " "); split("-260 -550 -332 -280 -505", total, " ")
	for (k = 1; k <= 5; k++) gap[first[k]] = total[k]	# in hundredths, over 100 people
	for (r = 1; r <= 100; r++) {
		for (i = 1; i <= 22; i++) {
			it = sprintf("%02d", i); e = 7; p = 7
			if (it in gap) {	# floor(mean), and one more for the first frac people
				a = int(gap[it] / 100); if (a * 100 > gap[it]) a--
				frac = gap[it] - a * 100
				p = e + a + (r <= frac ? 1 : 0)
			}
			printf "S%03d,C%02d,servqual,2026-04-01,E%s,%d\n", r, r % 11 + 1, it, e
			printf "S%03d,C%02d,servqual,2026-04-01,P%s,%d\n", r, r % 11 + 1, it, p
		}
	}
}' >>responses.csv
cs-import -q -d "$db" -t responses responses.csv

printf 'survey = nps\nnps = NPS\nitem NPS = 0..10\n' >nps.def
run cs-survey score -d "$db" --definition nps.def --ci
is_status 0 "score NPS"
is_file out "NPS of 0..10 is -45.45, with its interval" <<'EOF'
group,measure,name,n,missing,value,ci_low,ci_high
all,nps,NPS,11,0,-45.45,-91.67,0.76
all,nps_promoters,9-10,2,,18.18,,
all,nps_passives,7-8,2,,18.18,,
all,nps_detractors,0-6,7,,63.64,,
EOF

run cs-survey score -d "$db" --definition nps.def --by month
is_file out "NPS by month" <<'EOF'
group,measure,name,n,missing,value,ci_low,ci_high
2026-01,nps,NPS,6,0,-50.00,,
2026-01,nps_promoters,9-10,1,,16.67,,
2026-01,nps_passives,7-8,1,,16.67,,
2026-01,nps_detractors,0-6,4,,66.67,,
2026-02,nps,NPS,5,0,-40.00,,
2026-02,nps_promoters,9-10,1,,20.00,,
2026-02,nps_passives,7-8,1,,20.00,,
2026-02,nps_detractors,0-6,3,,60.00,,
EOF

run cs-survey score -d "$db" --definition nps.def --by region --from 2026-02-01
is_file out "NPS by region, from a date (CJK labels)" <<'EOF'
group,measure,name,n,missing,value,ci_low,ci_high
华东,nps,NPS,3,0,-100.00,,
华东,nps_promoters,9-10,0,,0.00,,
华东,nps_passives,7-8,0,,0.00,,
华东,nps_detractors,0-6,3,,100.00,,
华北,nps,NPS,2,0,50.00,,
华北,nps_promoters,9-10,1,,50.00,,
华北,nps_passives,7-8,1,,50.00,,
华北,nps_detractors,0-6,0,,0.00,,
EOF

printf 'survey = alpha\nscale = 1..9\ndimension example = Q1 Q2 Q3\n' >alpha.def
run cs-survey score -d "$db" --definition alpha.def --explain
is_status 0 "score alpha"
is_file out "alpha 151/165; a missing answer is left out (listwise), an off-scale one too" <<'EOF'
group,measure,name,n,missing,value,ci_low,ci_high
all,mean,Q1,7,0,4.4286,,
all,mean,Q2,7,0,4.5714,,
all,mean,Q3,5,2,3.6000,,
all,mean,example,7,,4.2000,,
all,alpha,example,5,2,0.915152,,
all,alpha_std,example,5,2,0.949558,,
all,alpha_if_deleted,example/Q1,5,2,0.809524,,
all,alpha_if_deleted,example/Q2,5,2,0.822335,,
all,alpha_if_deleted,example/Q3,5,2,0.947368,,
EOF
is_file err "the off-scale answer is reported" <<'EOF'
cs-survey: 1 answer off the item's scale left out (counted as missing)
EOF

run cs-survey score -d "$db"
is_status 0 "score SERVQUAL"
grep -E ',(gap,[a-z]|servqual)' out >servqual.csv
is_file servqual.csv "dimension gaps -0.65 -1.10 -0.83 -0.70 -1.01, unweighted score -0.858" <<'EOF'
all,gap,tangibles,100,,-0.6500,,
all,gap,reliability,100,,-1.1000,,
all,gap,responsiveness,100,,-0.8300,,
all,gap,assurance,100,,-0.7000,,
all,gap,empathy,100,,-1.0100,,
all,servqual,unweighted,100,,-0.8580,,
EOF
run cs-survey score -d "$db" --weights tangibles=1,reliability=1,responsiveness=1,assurance=1,empathy=6
grep ',servqual,weighted' out >weighted.csv
is_file weighted.csv "weighted: (-0.65 - 1.10 - 0.83 - 0.70 - 6 x 1.01) / 10" <<'EOF'
all,servqual,weighted,100,,-0.9340,,
EOF

printf 'survey = acsi\nscale = 1..10\nacsi = A1 A2 A3\n' >acsi.def
run cs-survey score -d "$db" --definition acsi.def
is_file out "ACSI-style index of means 8, 7, 7 on 1..10 is 70.37" <<'EOF'
group,measure,name,n,missing,value,ci_low,ci_high
all,acsi,index,2,0,70.37,,
EOF
run cs-survey score -d "$db" --definition acsi.def --acsi A1:2,A2:1,A3:1
is_file out "with weights 2, 1, 1: (14/9 + 6/9 + 6/9) / 4 x 100" <<'EOF'
group,measure,name,n,missing,value,ci_low,ci_high
all,acsi,index,2,0,72.22,,
EOF

printf 'survey = reverse\nscale = 1..7\nreverse = R2\ndimension d = R1 R2\n' >reverse.def
run cs-survey score -d "$db" --definition reverse.def
grep ',mean,R' out >reverse.csv
is_file reverse.csv "a reverse-scored item: 2 on 1..7 counts as 6" <<'EOF'
all,mean,R1,1,0,2.0000,,
all,mean,R2,1,0,6.0000,,
EOF

printf 'survey = x\nscale = 1-7\n' >bad.def
run cs-survey score -d "$db" --definition bad.def
is_status 2 "a bad definition"
is_file err "names file and line" <<'EOF'
cs-survey: bad.def:2: expected a scale MIN..MAX
EOF
run cs-survey score -d "$db" --weights tangibles=1
is_status 2 "weights for only some dimensions"
is_file err "says every dimension needs one" <<'EOF'
cs-survey: --weights tangibles=1: a weight for every dimension
usage: cs-survey plan|sample|score [-d DB] [options] (see --help)
EOF
run cs-survey score -d "$db" --as-of 2026-01-01
is_status 2 "score takes no --as-of"
run cs-survey score -d "$db" --by nothing
is_status 2 "--by names nothing"
run cs-survey sample -d "$db" -n 3
is_status 2 "sample without --by"
run cs-survey frobnicate
is_status 2 "an unknown command"

# plan, as of 2026-06-30: opened 2025-01-01 (past the first year: every
# 90 days); C01 visited 2026-05-01 (due 07-30: not yet), C02 visited
# 2026-03-01 (due 05-30, 31 days late), C03 never visited (due
# 2025-04-01), C04 visited 2026-06-01 but big (every 30 days: due
# 07-01, not yet), C05 visited 2026-05-20 and big (due 06-19, 11 days
# late), C06 visited 2026-05-10 with an open complaint (due 08-08: not
# due, complaints do not make a visit due), C07 visited 2026-04-01 and
# answered NPS 3 on 2026-06-01 (due 06-30, 0 days, urgent), C08..C11
# closed or never visited.
printf 'visit_id,customer_id,visited_on\nV1,C01,2026-05-01\nV2,C02,2026-03-01\nV4,C04,2026-06-01\nV5,C05,2026-05-20\nV6,C06,2026-05-10\nV7,C07,2026-04-01\nV8,C08,2026-06-29\nV9,C09,2026-06-29\nV10,C10,2026-06-29\n' >visits.csv
cs-import -q -d "$db" -t visits visits.csv
printf 'complaint_id,customer_id,opened_on,category\nK1,C02,2026-06-01,service\n' >complaints.csv
cs-import -q -d "$db" -t complaints complaints.csv
printf 'response_id,customer_id,survey,answered_on,item,score\nD1,C07,nps,2026-06-01,NPS,3\n' >detractor.csv
cs-import -q -d "$db" -t responses detractor.csv
sql_do "$db" "UPDATE customers SET status = 'closed' WHERE customer_id = 'C11';
	INSERT INTO segments (as_of, model, customer_id, label) VALUES
	('2026-06-01', 'bigcustomer', 'C04', 'key'), ('2026-06-01', 'bigcustomer', 'C05', 'strategic')"
run cs-survey plan -d "$db" --as-of 2026-06-30
is_status 0 "plan"
is_file out "urgent first, then the longest overdue" <<'EOF'
customer_id,name,manager,last_visit,due_on,days_overdue,reason
C02,customer 2,王,2026-03-01,2026-05-30,31,every 90 days (after the first year); open complaint
C07,customer 7,李,2026-04-01,2026-06-30,0,every 90 days (after the first year); detractor: NPS 3.0 on 2026-06-01
C03,customer 3,李,,2025-04-01,455,every 90 days (after the first year); never visited
C05,customer 5,李,2026-05-20,2026-06-19,11,every 30 days (strategic)
EOF

# sample: strata A (C01-C05), B (C06-C09), C (C10); C07 answered
# within the cool-down of 90 days up to 2026-06-30 and is left out:
# sizes 5, 3, 1; quotas of 4: 2.22, 1.33, 0.44 -> 2, 1, and 1 for C.
sql_do "$db" "INSERT INTO segments (as_of, model, customer_id, label) VALUES
	('2026-06-01', 'abc', 'C01', 'A'), ('2026-06-01', 'abc', 'C02', 'A'),
	('2026-06-01', 'abc', 'C03', 'A'), ('2026-06-01', 'abc', 'C04', 'A'),
	('2026-06-01', 'abc', 'C05', 'A'), ('2026-06-01', 'abc', 'C06', 'B'),
	('2026-06-01', 'abc', 'C07', 'B'), ('2026-06-01', 'abc', 'C08', 'B'),
	('2026-06-01', 'abc', 'C09', 'B'), ('2026-06-01', 'abc', 'C10', 'C')"
run cs-survey sample -d "$db" --as-of 2026-06-30 -n 4 --by abc --seed 7
is_status 0 "sample"
cut -d, -f3-6 out >strata.csv
is_file strata.csv "proportional 5:3:1 of 4 by largest remainder, C at least 1" <<'EOF'
stratum,stratum_size,stratum_sample,weight
A,5,2,2.5000
A,5,2,2.5000
B,3,1,3.0000
C,1,1,1.0000
EOF
cp out first.csv
run cs-survey sample -d "$db" --as-of 2026-06-30 -n 4 --by abc --seed 7
is_status 0 "the same sample again"
is_file out "the same seed draws the same sample" <first.csv
run cs-survey sample -d "$db" --as-of 2026-06-30 -n 9 --by abc --seed 7
cut -d, -f1 out | tr '\n' ' ' >all.txt
echo >>all.txt
is_file all.txt "all the eligible: the cool-down leaves out C07" <<'EOF'
customer_id C01 C02 C03 C04 C05 C06 C08 C09 C10 
EOF
run cs-survey sample -d "$db" --as-of 2026-06-30 -n 50 --by abc --seed 7
is_status 0 "asking for more than there are"
is_file err "says how many it could draw" <<'EOF'
cs-survey: only 9 customers could be drawn (of 50 asked)
EOF

# Labels with an order come in that order, not in byte order (the
# real-book issue, item 9): Platinum, Gold, Iron, Lead.
sql_do "$db" "INSERT INTO segments (as_of, model, customer_id, label) VALUES
	('2026-06-01', 'pyramid', 'C01', 'Lead'), ('2026-06-01', 'pyramid', 'C02', 'Iron'),
	('2026-06-01', 'pyramid', 'C03', 'Gold'), ('2026-06-01', 'pyramid', 'C04', 'Platinum'),
	('2026-06-01', 'pyramid', 'C05', 'Lead'), ('2026-06-01', 'pyramid', 'C06', 'Iron'),
	('2026-06-01', 'pyramid', 'C07', 'Gold'), ('2026-06-01', 'pyramid', 'C08', 'Lead'),
	('2026-06-01', 'pyramid', 'C09', 'Lead'), ('2026-06-01', 'pyramid', 'C10', 'Lead')"
run cs-survey score -d "$db" --definition nps.def --by pyramid
is_status 0 "score by a segment model"
grep ',nps,NPS,' out | cut -d, -f1 >groups.txt
is_file groups.txt "groups in the pyramid's order; customers outside it last" <<'EOF'
Platinum
Gold
Iron
Lead
(none)
EOF
run cs-survey sample -d "$db" --as-of 2026-06-30 -n 9 --by pyramid --seed 7
is_status 0 "sample by the pyramid"
cut -d, -f3 out | uniq >strata.txt
is_file strata.txt "strata in the pyramid's order" <<'EOF'
stratum
Platinum
Gold
Iron
Lead
EOF

done_testing
