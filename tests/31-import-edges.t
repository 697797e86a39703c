#!/bin/sh
# cs-import at the edges (hardening, items 3, 7, 8, 10, 11, 15 and 17):
# the field limit no larger than what the database stores, invoices that
# cannot leave their payments behind, stub customers only for stored
# rows, files that change while read, empty input, invisible characters
# in ids, and the column of a quoting error.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

printf 'customer_id,name\nC1,a\nC2,b\n' >c.csv
cs-import -q -d "$db" -t customers c.csv

# 3. The field limit may not exceed what SQLite stores in one value.
run cs-import -d "$db" -t customers --max-field-size 1073741824 c.csv
is_status 2 "#3 a field limit over 1,000,000,000 bytes is refused"
is_file err "#3 with the limit named" <<'EOF'
cs-import: --max-field-size 1073741824: too large
EOF
run cs-import -q -d "$db" -t customers --max-field-size 1000000000 c.csv
is_status 0 "#3 the largest limit SQLite stores is accepted"

# 7. An invoice that payments name cannot move to another customer.
printf 'invoice_id,customer_id,issued_on,due_on,amount\nI1,C1,2026-01-01,2026-01-20,100.00\nI2,C1,2026-01-01,2026-01-20,50.00\n' >inv.csv
printf 'payment_id,customer_id,invoice_id,paid_on,amount\nP1,C1,I1,2026-01-10,100.00\n' >pay.csv
cs-import -q -d "$db" -t invoices inv.csv
cs-import -q -d "$db" -t payments pay.csv
printf 'invoice_id,customer_id,issued_on,due_on,amount\nI1,C2,2026-01-01,2026-01-20,100.00\nI2,C2,2026-01-01,2026-01-20,50.00\n' >moved.csv
run cs-import -d "$db" -t invoices moved.csv
is_status 1 "#7 moving a paid invoice to another customer is rejected"
is_file err "#7 with its reason" <<'EOF'
cs-import: moved.csv:2: refused by the database: the invoice has payments of its customer and cannot move to another customer
cs-import: moved.csv: read as utf-8 (valid UTF-8)
cs-import: moved.csv: 2 rows, 1 loaded (0 new, 1 updated, 0 unchanged), 1 rejected
cs-import: moved.csv: rejected rows are in moved.rejects.csv
EOF
is_sql "$db" "SELECT invoice_id, customer_id FROM invoices ORDER BY 1; SELECT customer_id, invoice_id FROM payments" \
	"#7 the paid invoice stays with its payment; an unpaid one may move" <<'EOF'
I1|C1
I2|C2
C1|I1
EOF

# 8. --create-customers makes a stub only for a row that is stored.
printf 'payment_id,customer_id,invoice_id,paid_on,amount\nP8,NEW1,I1,2026-01-11,5.00\nP9,NEW2,,2026-01-11,5.00\n' >stubs.csv
run cs-import -q -d "$db" -t payments --create-customers stubs.csv
is_status 1 "#8 a payment naming another customer's invoice is rejected"
printf 'invoice_id,customer_id,issued_on,due_on,amount\nI1,NEW3,2026-01-01,2026-01-20,100.00\n' >stub-inv.csv
run cs-import -q -d "$db" -t invoices --create-customers stub-inv.csv
is_status 1 "#8 an invoice the database refuses is rejected"
is_sql "$db" "SELECT customer_id, name FROM customers ORDER BY 1" \
	"#8 no stub for the rejected rows, one for the stored row" <<'EOF'
C1|a
C2|b
NEW2|NEW2
EOF

# 10. A file that changes while it is read is refused, and the hash of a
# loaded file is of exactly its bytes.  cs-import opens the file, then
# waits for the write lock that sqlite3 holds; the file grows meanwhile.
printf 'customer_id,name\nG1,a\n' >growing.csv
dump_db "$db" before.sql
hold_lock "$db"
CS_LOCK_TIMEOUT=60 cs-import -q -d "$db" -t customers growing.csv >/dev/null 2>err.raw &
importer=$!
sleep 1
printf 'G2,b\n' >>growing.csv
release_lock
wait $importer
status=$?
sed "s|$T/||g" err.raw >err
is_status 1 "#10 a file that grew while it was read is refused"
is_file err "#10 saying so" <<'EOF'
cs-import: growing.csv: the file changed while it was read (is it still being written?); nothing loaded
EOF
is_sql "$db" "SELECT count(*) FROM customers WHERE customer_id LIKE 'G%'; SELECT status FROM import_runs ORDER BY run_id DESC LIMIT 1" \
	"#10 nothing loaded, the run recorded as aborted" <<'EOF'
0
aborted
EOF
dump_db "$db" after.sql
is_same_dump before.sql after.sql "#10 the database as it was, but for the record of the aborted run" \
	"^INSERT INTO import_runs .*'aborted'\);\$|^[0-9]+	customers	growing.csv	.*	aborted\$"
cs-import -q -d "$db" -t customers growing.csv
sha256sum growing.csv | cut -d' ' -f1 >want.txt
is_sql "$db" "SELECT sha256 FROM import_runs ORDER BY run_id DESC LIMIT 1" \
	"#10 a loaded file's hash is sha256sum's" <want.txt

# 11. Empty input is refused: it is what a failed export sends.
: >zero.csv
printf '\n\n\r\n' >blank.csv
printf '\357\273\277' >bom.csv
: >refused.txt
for f in zero.csv blank.csv bom.csv; do
	run cs-import -d "$db" -t payments "$f"
	echo "$status $(cat err)" >>refused.txt
done
run cs-import -d "$db" -t payments - </dev/null
echo "$status $(cat err)" >>refused.txt
is_file refused.txt "#11 a 0-byte file, blank lines, a lone BOM and empty stdin: exit 1, no header" <<'EOF'
1 cs-import: zero.csv: no header (the input is empty); nothing loaded
1 cs-import: blank.csv: no header (the input is empty); nothing loaded
1 cs-import: bom.csv: no header (the input is empty); nothing loaded
1 cs-import: stdin: no header (the input is empty); nothing loaded
EOF
is_sql "$db" "SELECT file, status FROM import_runs WHERE table_name = 'payments' AND status <> 'loaded' ORDER BY run_id" \
	"#11 each recorded as refused" <<'EOF'
zero.csv|refused
blank.csv|refused
bom.csv|refused
-|refused
EOF

# 15. Invisible characters do not make look-alike ids.
printf 'customer_id,name\nC1\342\200\213,zwsp\n\357\273\277C1,bom in the middle\nC\357\267\220,nonchar\n' >look.csv
printf 'customer_id,name\nC9,x\n' >>look.csv
run cs-import -q -d "$db" -t customers look.csv
is_status 1 "#15 ids with invisible characters rejected"
is_file err "#15 naming the character" <<'EOF'
cs-import: look.csv:2:1: customer_id "C1\u200b": id holds the invisible character U+200B
cs-import: look.csv:3:1: customer_id "\ufeffC1": id holds the invisible character U+FEFF
cs-import: look.csv:4:1: customer_id "C﷐": id holds the invisible character U+FDD0
EOF
is_sql "$db" "SELECT count(*) FROM customers WHERE customer_id LIKE '%C%1%' AND customer_id <> 'C1'" \
	"#15 no look-alike of C1 stored" <<'EOF'
0
EOF

# 17. A quoting error names its column, in the message and the rejects file.
printf 'customer_id,name,region\nQ1,"a"x,east\nQ2,b"c,west\nQ3,ok,"north\n' >quotes.csv
run cs-import -q -d "$db" -t customers quotes.csv
is_status 1 "#17 quoting errors"
is_file err "#17 FILE:LINE:COLUMN for each, the column where the bad quote stands" <<'EOF'
cs-import: quotes.csv:2:2: malformed CSV: a quote inside an unquoted field, or text after a closing quote (RFC 4180)
cs-import: quotes.csv:3:2: malformed CSV: a quote inside an unquoted field, or text after a closing quote (RFC 4180)
cs-import: quotes.csv:4:3: quoted field not closed at end of input; nothing loaded
EOF
printf 'customer_id,name,region\nQ1,"a"x,east\n' >quote1.csv
cs-import -q -d "$db" -t customers quote1.csv 2>/dev/null
cs-csvjson quote1.rejects.csv | jq -r '.[] | .line + "," + .column' >col.txt
is_file col.txt "#17 the rejects file has the column too" <<'EOF'
2,2
EOF
done_testing
