#!/bin/sh
# Chinese values of the enumerations (the real-book issue, item 2):
# every word of the map in cs-data(5) loads and is stored as its
# canonical English value; the page is the list checked, so the page
# and the program cannot drift apart.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

page=$TESTS_DIR/../man/cs-data.5
# The map's rows: ".It customers.kind Ta enterprise Ta 企业, 公司, 单位";
# a row without a column name continues the one above.
awk '/^\.It Sy column Ta/ { on = 1; next }
	on && /^\.El/ { exit }
	on && /^\.It / {
		sub(/^\.It /, ""); n = split($0, f, / ?Ta /)
		if (f[1] != "") col = f[1]
		m = split(f[3], w, /, /)
		for (i = 1; i <= m; i++) print col "," f[2] "," w[i]
	}' "$page" >map.csv
[ "$(wc -l <map.csv)" -ge 60 ]
ok $? "cs-data(5) maps at least 60 words ($(wc -l <map.csv | tr -d ' '))"
grep -c '^complaint_events\.' map.csv >events.txt
is_file events.txt "the 31 step and the 6 remedy words are among them" <<'EOF'
37
EOF

# One customer per kind or status word, one complaint per category word,
# one event of complaint Q0 per step or remedy word (a minute apart, the
# word's number in its note).
echo "customer_id,name,kind,status,level" >c.csv
echo "customer_id,role,approved_by,approved_on" >r.csv
echo "complaint_id,customer_id,opened_on,category,valid" >k.csv
echo "complaint_id,at,step,remedy,note" >e.csv
n=0
while IFS=, read -r col value word; do
	n=$((n + 1))
	at=$(printf '2026-01-02 %02d:%02d' $((n / 60)) $((n % 60)))
	case $col in
	customers.kind) echo "K$n,n$n,$word,," >>c.csv ;;
	customers.status) echo "S$n,n$n,,$word," >>c.csv ;;
	customers.level) echo "L$n,n$n,,,$word" >>c.csv ;;
	retirement_approvals.role) echo "R$n,n$n,,," >>c.csv && echo "R$n,$word,x,2026-01-01" >>r.csv ;;
	complaints.category) echo "Q$n,X0,2026-01-01,$word,有效" >>k.csv && q=$n ;;
	complaint_events.step) echo "Q0,$at,$word,,$n" >>e.csv ;;
	complaint_events.remedy) echo "Q0,$at,remedy-proposed,$word,$n" >>e.csv ;;
	esac
	echo "$col,$n,$value" >>want.csv
done <map.csv
echo "X0,first,个人,正常," >>c.csv
run cs-import -d "$db" -t customers c.csv
is_status 0 "every kind, status and level word loads"
run cs-import -d "$db" -t retirement_approvals r.csv
is_status 0 "every retirement role word loads"
echo "Q0,X0,2026-01-01,网络质量,无效" >>k.csv
run cs-import -d "$db" -t complaints k.csv
is_status 0 "every category word loads"
run cs-import -d "$db" -t complaint_events e.csv
is_status 0 "every step and remedy word loads"

# query SQL: the rows of SQL on the test database, fields joined by commas.
query() {
	if is_pg_url "$db"; then _pg_psql "$db" "$1"; else sqlite3 "$db" "$1"; fi | tr '|' ,
}
query "SELECT 'customers.kind', substr(customer_id, 2), kind FROM customers
	WHERE customer_id LIKE 'K%'
	UNION ALL SELECT 'customers.status', substr(customer_id, 2), status FROM customers
	WHERE customer_id LIKE 'S%'
	UNION ALL SELECT 'customers.level', substr(customer_id, 2), level FROM customers
	WHERE customer_id LIKE 'L%'
	UNION ALL SELECT 'retirement_approvals.role', substr(customer_id, 2), role
	FROM retirement_approvals
	UNION ALL SELECT 'complaints.category', substr(complaint_id, 2), category FROM complaints
	WHERE complaint_id <> 'Q0'
	UNION ALL SELECT 'complaint_events.step', note, step FROM complaint_events
	WHERE remedy IS NULL
	UNION ALL SELECT 'complaint_events.remedy', note, remedy FROM complaint_events
	WHERE remedy IS NOT NULL" | sort -t, -k2,2n >got.csv
sort -t, -k2,2n want.csv >want.sorted
is_file got.csv "each stored as the English value the page gives" <want.sorted
is_sql "$db" "SELECT complaint_id, valid FROM complaints WHERE complaint_id IN ('Q0', 'Q$q')
	ORDER BY 1" "有效 and 无效 are booleans" <<EOF
Q0|0
Q$q|1
EOF

echo "1..$_n"
[ "$_failed" -eq 0 ]
