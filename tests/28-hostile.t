#!/bin/sh
# Hostile values: SQL metacharacters and quotes in every text column,
# a field of 1 MiB and one of 1 MiB + 1, 10,000 columns, NUL bytes,
# invalid UTF-8 and GB18030, overlong numbers, dates 0000-00-00 and
# 9999-12-31, negative and huge amounts.  Each is stored exactly or
# gets its clear rejection; nothing crashes, nothing is stored wrongly.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

# Quotes, semicolons, comments, LIKE wildcards and backslashes are data.
cat >sql.csv <<'EOF'
customer_id,name,kind,region,industry,manager,phone,email
"C'1;--","Robert'); DROP TABLE customers;--",enterprise,"""quoted"", with comma",%_\,' OR 1=1 --,'; DELETE FROM invoices; --,o'neil@example.com
EOF
run cs-import -q -d "$db" -t customers sql.csv
is_status 0 "SQL metacharacters in every text column load"
is_sql "$db" "SELECT customer_id, name, region, industry, manager, phone, email FROM customers" \
	"and are stored exactly" <<'EOF'
C'1;--|Robert'); DROP TABLE customers;--|"quoted", with comma|%_\|' OR 1=1 --|'; DELETE FROM invoices; --|o'neil@example.com
EOF
run cs-segment -d "$db" --as-of 2026-06-30 abc
is_status 0 "and flow through cs-segment"
run cs-report -d "$db" --as-of 2026-06-30 --format csv --reveal customer "C'1;--"
grep -c "^name,Robert'); DROP TABLE customers;--$" out >card.txt
is_file card.txt "and cs-report" <<'EOF'
1
EOF

# A field of exactly 1 MiB is stored whole; one byte more refuses the file.
awk 'BEGIN { printf "customer_id,name\nBIG,"; for (i = 0; i < 1048576; i++) printf "x"; print "" }' \
	>mib.csv
run cs-import -q -d "$db" -t customers mib.csv
is_status 0 "a 1 MiB name"
is_sql "$db" "SELECT length(name) FROM customers WHERE customer_id = 'BIG'" "stored whole" <<'EOF'
1048576
EOF
awk 'BEGIN { printf "customer_id,name\nBIG2,"; for (i = 0; i <= 1048576; i++) printf "x"; print "" }' \
	>over.csv
run cs-import -d "$db" -t customers over.csv
is_status 1 "a field of 1 MiB + 1 byte"
grep -c '^cs-import: over.csv:2:2: .*1048576' err >over.txt
is_file over.txt "is refused with its line and the limit" <<'EOF'
1
EOF

# 10,000 columns.
awk 'BEGIN { printf "customer_id,name"; for (i = 0; i < 9998; i++) printf ",c%d", i; print ""
	printf "W1,w"; for (i = 0; i < 9998; i++) printf ","; print "" }' >wide.csv
run cs-import -d "$db" -t customers wide.csv
is_status 1 "10,000 columns"
head -1 err >wide.txt
is_file wide.txt "refused clearly, nothing loaded" <<'EOF'
cs-import: wide.csv:1:4097: record has more than 4096 fields; nothing loaded
EOF

# NUL bytes, invalid UTF-8, invalid GB18030: refused by cs-import's own
# checks, before any database sees them (PostgreSQL's text holds no NUL
# and refuses invalid UTF-8: the same messages on both backends).
printf 'customer_id,name\nN1,a\000b\nN2,ok\nN\000x,c\n' >nul.csv
run cs-import -d "$db" -t customers -e utf-8 nul.csv
is_status 1 "a NUL byte"
is_file err "in a name and in an id, each refused with its reason" <<'EOF'
cs-import: nul.csv:2:2: name (unprintable): text holds a control character
cs-import: nul.csv:4:1: customer_id (unprintable): id holds a control character
cs-import: nul.csv: 3 rows, 1 loaded (1 new, 0 updated, 0 unchanged), 2 rejected
cs-import: nul.csv: rejected rows are in nul.rejects.csv
EOF
printf 'N1,a\000b,2,2,name (unprintable): text holds a control character\n' >nul.want
printf 'N\000x,c,4,1,customer_id (unprintable): id holds a control character\n' >>nul.want
tail -n +2 nul.rejects.csv >nul.got
cmp -s nul.want nul.got
ok $? "the rejects file keeps the NUL bytes as they were"
printf 'customer_id,name\nU1,a\300\257b\nU2,ok\n' >utf8.csv
run cs-import -d "$db" -t customers -e utf-8 utf8.csv
is_status 1 "an overlong UTF-8 sequence"
head -1 err >utf8.txt
is_file utf8.txt "is refused with its reason" <<'EOF'
cs-import: utf8.csv:2:2: name (unprintable): invalid byte sequence for the file's encoding
EOF
printf 'customer_id,name\nG1,\201\060\nG2,ok\n' >gb.csv
run cs-import -d "$db" -t customers -e gb18030 gb.csv
is_status 1 "a truncated GB18030 sequence"
head -1 err >gb.txt
is_file gb.txt "is refused with its reason" <<'EOF'
cs-import: gb.csv:2:2: name (unprintable): invalid byte sequence for the file's encoding
EOF
printf 'invoice_id,customer_id,issued_on,due_on,amount\nI\377,N2,2026-01-01,2026-01-31,1.00\n' >badid.csv
run cs-import -d "$db" -t invoices -e utf-8 badid.csv
is_status 1 "invalid UTF-8 in an id"
head -1 err >badid.txt
is_file badid.txt "is refused with its reason" <<'EOF'
cs-import: badid.csv:2:1: invoice_id (unprintable): invalid byte sequence for the file's encoding
EOF
is_sql "$db" "SELECT customer_id FROM customers WHERE customer_id IN ('N1', 'N2', 'U1', 'U2', 'G1', 'G2')
	ORDER BY 1" "the bad rows are rejected, the good ones loaded" <<'EOF'
G2
N2
U2
EOF

# An id that is not UTF-8 on the command line names no customer (none
# is stored: cs-import refuses it), on PostgreSQL too, which refuses
# such text outright: the same message and status on both backends.
bad=$(printf 'N\377')
run cs-report -d "$db" --as-of 2026-06-30 customer "$bad"
is_status 1 "cs-report customer with an id not UTF-8"
is_file err "finds no such customer" <<'EOF'
cs-report: customer: no customer N\xff
EOF
run cs-dunning -d "$db" --as-of 2026-06-30 hold "$bad" --until 2026-07-31 --reason x
is_status 1 "cs-dunning hold of an id not UTF-8"
is_file err "finds no such customer" <<'EOF'
cs-dunning: no customer N\xff
EOF
run cs-import -d "$db" purge "$bad"
is_status 1 "cs-import purge of an id not UTF-8"
is_file err "finds no such customer" <<'EOF'
cs-import: purge N\xff: no such customer
cs-import: purge: 1 of 1 customer refused; nothing purged
EOF
{ sed '/^\[readers\]/q' "$TESTS_DIR/../etc/cs-access.conf"
  printf '%s = confidential\n[approvers]\n%s = confidential\n' "$(id -un)" "$(id -un)"; } >approver.conf
# Text a grant would store is UTF-8 (SQLite stored any bytes; PostgreSQL
# refused them as a database error): a usage error on both backends.
run cs-import -q -d "$db" grant --reader clerk --level secret --customer "$bad" --until 2099-12-31 \
	--reason x --access approver.conf
is_status 2 "cs-import grant for an id not UTF-8"
head -1 err >grant.txt
is_file grant.txt "is refused before the database" <<'EOF'
cs-import: --customer: expected UTF-8 text without control characters
EOF
run cs-import -q -d "$db" grant --reader "$bad" --level secret --until 2099-12-31 \
	--reason x --access approver.conf
is_status 2 "cs-import grant --reader not UTF-8"
head -1 err >grant.txt
is_file grant.txt "is refused before the database" <<'EOF'
cs-import: --reader: expected UTF-8 text without control characters
EOF
run cs-import -q -d "$db" grant --reader clerk --level secret --until 2099-12-31 \
	--reason "$bad" --access approver.conf
is_status 2 "cs-import grant --reason not UTF-8"
is_sql "$db" "SELECT count(*) FROM access_grants" "no grant stored" <<'EOF'
0
EOF

# Overlong numbers, impossible dates, negative and huge amounts.
cat >inv.csv <<'EOF'
invoice_id,customer_id,issued_on,due_on,amount
I1,C'1;--,0000-00-00,2026-01-01,1.00
I2,C'1;--,2026-01-01,9999-12-31,1.00
I3,C'1;--,2026-01-01,2026-01-31,1000000000000000000000000000000
I4,C'1;--,2026-01-01,2026-01-31,90000000000000.01
I5,C'1;--,2026-01-01,2026-01-31,-90000000000000.00
I6,C'1;--,2026-01-01,2026-01-31,90000000000000.00
I7,C'1;--,2026-01-01,2026-01-31,1e6
I8,C'1;--,2026-02-30,2026-03-31,1.00
EOF
run cs-import -d "$db" -t invoices inv.csv
is_status 1 "hostile invoices"
is_file err "each with its reason" <<'EOF'
cs-import: inv.csv:2:3: issued_on "0000-00-00": year outside 1900-2999
cs-import: inv.csv:3:4: due_on "9999-12-31": year outside 1900-2999
cs-import: inv.csv:4:5: amount "1000000000000000000000000000000": amount out of range (more than 90,000,000,000,000.00)
cs-import: inv.csv:5:5: amount "90000000000000.01": amount out of range (more than 90,000,000,000,000.00)
cs-import: inv.csv:8:5: amount "1e6": not a decimal amount
cs-import: inv.csv:9:3: issued_on "2026-02-30": no such calendar date
cs-import: inv.csv: read as utf-8 (valid UTF-8)
cs-import: inv.csv: 8 rows, 2 loaded (2 new, 0 updated, 0 unchanged), 6 rejected
cs-import: inv.csv: rejected rows are in inv.rejects.csv
EOF
is_sql "$db" "SELECT invoice_id, amount_cents FROM invoices ORDER BY 1" \
	"the extreme amounts that are allowed are exact to the cent" <<'EOF'
I5|-9000000000000000
I6|9000000000000000
EOF
printf 'payment_id,customer_id,paid_on,amount\nP1,C'"'"'1;--,2026-02-01,-5.00\nP2,C'"'"'1;--,2026-02-01,0\n' >pay.csv
run cs-import -q -d "$db" -t payments pay.csv
is_status 1 "negative and zero payments"
is_sql "$db" "SELECT count(*) FROM payments" "are refused" <<'EOF'
0
EOF
if backend_is sqlite; then
	is_sql "$db" "PRAGMA integrity_check" "the database is sound" <<'EOF'
ok
EOF
else
	skip "the database is sound" "PRAGMA integrity_check is SQLite's"
fi
done_testing
