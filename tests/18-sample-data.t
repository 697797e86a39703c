#!/bin/sh
# The sample data set: deterministic, loads table by table with exactly
# the injected bad rows rejected (bad-rows.csv lists them), and its
# GB18030 copy loads the same content.
. "$(dirname "$0")/lib.sh"

run cs-sample --bad data
is_status 0 "sample data made"
run cs-sample --bad again
is_status 0 "sample data made again"
diff -r data again >/dev/null
ok $? "same arguments, same bytes"

for t in customers invoices payments complaints visits responses promises; do
	cs-import -q -d cs.db -t $t data/$t.csv 2>/dev/null
done
# Every rejected row, as "file,line", from all the rejects files.
for f in data/*.rejects.csv; do
	name=$(basename "$f" .rejects.csv).csv
	cs-csvjson "$f" | jq -r --arg name "$name" '.[] | $name + "," + .line'
done | sort >rejected
tail -n +2 data/bad-rows.csv | cut -d, -f1,2 | sort >want
[ -s want ]
ok $? "bad-rows.csv lists the injected bad rows"
is_file rejected "exactly the injected bad rows rejected" <want
is_sql cs.db "PRAGMA foreign_key_check" "no dangling references" </dev/null
is_sql cs.db "SELECT count(*) FROM customers WHERE name LIKE '%,%' OR name LIKE '%\"%'" \
	"names with commas and quotes loaded" <<'EOF'
4
EOF
is_sql cs.db "SELECT count(*) > 2000, count(DISTINCT customer_id) = 200 FROM invoices" \
	"a year of invoices for every customer" <<'EOF'
1|1
EOF

run cs-sample --encoding gb18030 gb
is_status 0 "GB18030 sample made"
run cs-sample utf8
is_status 0 "UTF-8 sample made"
failed=0
for t in customers invoices; do
	cs-import -q -d gb.db -t $t gb/$t.csv || failed=$((failed + 1))
	cs-import -q -d utf.db -t $t utf8/$t.csv || failed=$((failed + 1))
done
ok $failed "both copies load without a reject"
is_sql utf.db "SELECT count(*) FROM customers; SELECT count(*) FROM invoices" \
	"the UTF-8 copy's customers and invoices loaded" <<'EOF'
200
4700
EOF
sqlite3 -batch utf.db "SELECT * FROM customers; SELECT * FROM invoices" >utf.out
is_sql gb.db "SELECT * FROM customers; SELECT * FROM invoices" \
	"the GB18030 copy loads the same rows" <utf.out
done_testing
