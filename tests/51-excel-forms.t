#!/bin/sh
# The forms Excel writes (issue 16, item 3): dates with a time, periods,
# full-width amounts, tab-separated files, UTF-16 with its byte order
# mark (Excel's "Unicode text"), the encodings detected in their order
# and said; UTF-16 rejects go back as UTF-8 with a byte order mark.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

printf 'customer_id,name\nC1,长江建材\nC2,李明\n' >c.csv
run cs-import -q -d "$db" -t customers c.csv
is_status 0 "customers"

# Dates, periods and amounts in the forms of Chinese Excel.
cat >forms.csv <<'EOF'
invoice_id,customer_id,period,issued_on,due_on,amount
I1,C1,2026-01,2026-01-05,2026-01-25,100.00
I2,C1,202602,2026-02-05 00:00:00,2026-02-25 23:59:59,"１，２３４．５０"
I3,C1,2026年3月,2026/3/5 0:00,2026年3月25日 0:00,￥800元
I4,C1,2026-4,2026年4月5日,2026-04-25T08:00,－０．５０
I5,C1,2026/05,2026-05-05,2026-05-25,"¥1,000"
I6,C1,2026/6/1,2026-06-05,2026-06-25,1
I7,C1,2026-07-01 00:00:00,2026-07-05,2026-07-25,1
EOF
run cs-import -d "$db" -t invoices forms.csv
is_status 0 "every form loads"
is_sql "$db" "SELECT invoice_id, period, issued_on, due_on, amount_cents FROM invoices ORDER BY 1" \
	"stored in cs-data(5)'s forms, times dropped, amounts in cents" <<'EOF'
I1|2026-01|2026-01-05|2026-01-25|10000
I2|2026-02|2026-02-05|2026-02-25|123450
I3|2026-03|2026-03-05|2026-03-25|80000
I4|2026-04|2026-04-05|2026-04-25|-50
I5|2026-05|2026-05-05|2026-05-25|100000
I6|2026-06|2026-06-05|2026-06-25|100
I7|2026-07|2026-07-05|2026-07-25|100
EOF

cat >refused.csv <<'EOF'
invoice_id,customer_id,period,issued_on,due_on,amount
J1,C1,2026-01-05,2026-01-05,2026-01-25 24:00,12。5
J2,C1,202613,2026-01-05,2026-01-25,"1，5"
J3,C1,2026年13月,2026-01-05 8:00 x,2026-01-25,1
EOF
run cs-import -d "$db" -t invoices refused.csv
is_status 1 "the ambiguous and the wrong are refused"
is_file err "each by name, with what was expected" <<'EOF'
cs-import: refused.csv:2:3: period "2026-01-05": a date, not a period (a period written as a date is the 1st of its month)
cs-import: refused.csv:2:5: due_on "2026-01-25 24:00": not a date (expected YYYY-MM-DD, YYYY/M/D or YYYY年M月D日, optionally with a time of day, which is dropped)
cs-import: refused.csv:2:6: amount "12。5": not a decimal amount (the full stop 。 is not a decimal point: write . or ．)
cs-import: refused.csv:3:3: period "202613": no such month
cs-import: refused.csv:3:6: amount "1，5": thousands separator ',' must separate groups of three digits
cs-import: refused.csv:4:3: period "2026年13月": no such month
cs-import: refused.csv:4:4: issued_on "2026-01-05 8:00 x": not a date (expected YYYY-MM-DD, YYYY/M/D or YYYY年M月D日, optionally with a time of day, which is dropped)
cs-import: refused.csv: read as utf-8 (valid UTF-8)
cs-import: refused.csv: 3 rows, 0 loaded (0 new, 0 updated, 0 unchanged), 3 rejected
cs-import: refused.csv: rejected rows are in refused.rejects.csv
EOF

# Tab-separated: guessed for .tsv and .txt, asked with --tsv, not
# guessed for .csv; a header with a comma stays comma separated.
printf 'customer_id\tname\tregion\nT1\t"甲, 乙"\t华东\n' >tabs.tsv
cp tabs.tsv tabs.txt
cp tabs.tsv tabs.csv
run cs-import -d t1.db -t customers tabs.tsv
is_status 0 ".tsv"
is_file err "the guessed tab said" <<'EOF'
cs-import: tabs.tsv: read as utf-8 (valid UTF-8), tab-separated
cs-import: tabs.tsv: 1 rows, 1 loaded (1 new, 0 updated, 0 unchanged), 0 rejected
EOF
run cs-import -q -d t2.db -t customers tabs.txt
is_status 0 ".txt"
run cs-import -q -d t3.db -t customers --tsv - <tabs.csv
is_status 0 "--tsv on standard input"
is_sql t3.db "SELECT customer_id, name, region FROM customers" "the fields as separated by tabs" <<'EOF'
T1|甲, 乙|华东
EOF
run cs-import -q -d t4.db -t customers tabs.csv
is_status 1 "a .csv is comma separated: no guess"
grep -c 'unknown column "customer_id\\tname\\tregion" in column 1' err >n.txt
is_file n.txt "its one column named, the tabs shown" <<'EOF'
1
EOF
printf 'customer_id,name\tx\nT2,a\tb\n' >mixed.txt
run cs-import -q -d t5.db -t customers -m 'name	x=name' mixed.txt
is_status 0 "a header with a comma is not guessed tab separated"
run cs-import -q -d t6.db -t customers -e utf-8 tabs.txt
is_status 0 "a named encoding and a guessed tab"
run cs-import -d t6.db -t customers -e utf-8 tabs.txt
is_file err "the tab still said" <<'EOF'
cs-import: tabs.txt: read as tab-separated
cs-import: tabs.txt: 1 rows, 1 loaded (0 new, 0 updated, 1 unchanged), 0 rejected
EOF

# Excel's "Unicode text": UTF-16LE with its byte order mark, tab separated.
printf 'customer_id\tname\tkind\r\nU1\t王芳\t个人\r\nU2\t华信\t人\r\n' >u.utf8
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE u.utf8; } >unicode.txt
run cs-import -d u.db -t customers unicode.txt
is_status 1 "UTF-16LE loads (one bad kind)"
is_file err "read as utf-16le, tab-separated" <<'EOF'
cs-import: unicode.txt:3:3: kind "人": expected one of enterprise, individual
cs-import: unicode.txt: read as utf-16le (byte order mark), tab-separated
cs-import: unicode.txt: 2 rows, 1 loaded (1 new, 0 updated, 0 unchanged), 1 rejected
cs-import: unicode.txt: rejected rows are in unicode.rejects.csv
EOF
is_sql u.db "SELECT customer_id, name, kind FROM customers" "its row stored" <<'EOF'
U1|王芳|individual
EOF
head -c 3 unicode.rejects.csv | od -An -tx1 >bom.txt
is_file bom.txt "UTF-16 rejects: UTF-8 with a byte order mark" <<'EOF'
 ef bb bf
EOF
tail -c +4 unicode.rejects.csv >rej.txt
is_file rej.txt "comma separated, the row as it was" <<'EOF'
customer_id,name,kind,line,column,reason
U2,华信,人,3,3,"kind ""人"": expected one of enterprise, individual"
EOF
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE u.utf8; } >be.txt
run cs-import -q -d be.db -t customers - <be.txt
is_status 1 "UTF-16BE on a pipe"
is_sql be.db "SELECT customer_id, name FROM customers" "its row stored" <<'EOF'
U1|王芳
EOF
iconv -f UTF-8 -t UTF-16LE u.utf8 >nobom.txt
run cs-import -q -d nb.db -t customers -e utf-16le nobom.txt
is_status 1 "UTF-16LE without a byte order mark when named"
is_sql nb.db "SELECT customer_id, name FROM customers" "its row stored" <<'EOF'
U1|王芳
EOF
{ printf '\377\376'; printf 'customer_id\tname\r\nL1\t' | iconv -f UTF-8 -t UTF-16LE
	printf '\000\330'; printf 'x\r\nL2\ty\r\n' | iconv -f UTF-8 -t UTF-16LE; } >lone.txt
run cs-import -d lone.db -t customers lone.txt
is_status 1 "a lone surrogate in UTF-16"
is_file err "its row rejected, the value unprintable, never stored" <<'EOF'
cs-import: lone.txt:2:2: name (unprintable): invalid byte sequence for the file's encoding
cs-import: lone.txt: read as utf-16le (byte order mark), tab-separated
cs-import: lone.txt: 2 rows, 1 loaded (1 new, 0 updated, 0 unchanged), 1 rejected
cs-import: lone.txt: rejected rows are in lone.rejects.csv
EOF

# The order of detection: a byte order mark first.
printf '\357\273\277customer_id,name\nB1,x\n' >bom.csv
run cs-import -d b.db -t customers bom.csv
is_file err "a UTF-8 byte order mark said" <<'EOF'
cs-import: bom.csv: read as utf-8 (byte order mark)
cs-import: bom.csv: 1 rows, 1 loaded (1 new, 0 updated, 0 unchanged), 0 rejected
EOF
run cs-import -d b.db -t customers - <bom.csv
is_file err "and on a pipe" <<'EOF'
cs-import: stdin: read as utf-8 (byte order mark)
cs-import: stdin: 1 rows, 1 loaded (0 new, 0 updated, 1 unchanged), 0 rejected
EOF
run cs-import -t customers -e utf-32 bom.csv
is_status 2 "an unknown encoding is a usage error"

echo "1..$_n"
[ "$_failed" -eq 0 ]
