#!/bin/sh
# The sample data set: deterministic, loads table by table with exactly
# the injected bad rows rejected (bad-rows.csv lists them), and its
# GB18030 copy loads the same content.
. "$(dirname "$0")/lib.sh"

run cs-sample --bad data
is_status 0 "sample data made"
cs-sample --bad again
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

cs-sample --encoding gb18030 gb
cs-sample utf8
for t in customers invoices; do
	cs-import -q -d gb.db -t $t gb/$t.csv
	cs-import -q -d utf.db -t $t utf8/$t.csv
done
sqlite3 gb.db "SELECT * FROM customers; SELECT * FROM invoices" >gb.out
sqlite3 utf.db "SELECT * FROM customers; SELECT * FROM invoices" >utf.out
is_file gb.out "the GB18030 copy loads the same rows" <utf.out
done_testing
