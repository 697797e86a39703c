#!/bin/sh
# Idempotence, transactions, --max-errors, --dry-run and files refused
# whole: a failed run leaves the database as it was.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

# dump FILE: the tables customers and invoices, checked (see dump_db).
dump() { dump_db "$db" "$1" customers invoices; }

printf 'customer_id,name\nC1,王芳\nC2,李强\nC3,张伟\n' >customers.csv
run cs-import -q -d "$db" -t customers customers.csv
dump before
run cs-import -d "$db" -t customers -e utf-8 customers.csv
is_status 0 "re-import succeeds"
is_file err "re-import reports 0 new rows" <<'EOF'
cs-import: customers.csv: 3 rows, 3 loaded (0 new, 0 updated, 3 unchanged), 0 rejected
EOF
dump after
is_same_dump before after "re-import leaves the same content"

# --max-errors: exceeding it rolls the whole file back.
printf 'customer_id,name\nC4,a\nC5,\nC6,\nC7,b\n' >bad.csv
run cs-import -d "$db" -t customers -e utf-8 --max-errors 1 bad.csv
is_status 1 "too many rejects"
is_file err "max-errors message" <<'EOF'
cs-import: bad.csv:3:2: name: required value missing
cs-import: bad.csv:4:2: name: required value missing
cs-import: bad.csv: more than 1 rows rejected (--max-errors); nothing loaded
EOF
dump after
is_same_dump before after "max-errors: nothing of the file stored"
is_sql "$db" "SELECT status, rows, rejected FROM import_runs ORDER BY run_id DESC LIMIT 1" "aborted run recorded" <<'EOF'
aborted|3|2
EOF
run cs-import -q -d "$db" -t customers --max-errors 2 bad.csv
is_status 1 "within max-errors: rows loaded, exit 1"
is_sql "$db" "SELECT count(*) FROM customers" "good rows of the file loaded" <<'EOF'
5
EOF

# --dry-run validates and writes nothing.
printf 'customer_id,name\nC1,改名\nC9,新\n' >change.csv
dump before
run cs-import -n -d "$db" -t customers -e utf-8 change.csv
is_status 0 "dry run"
is_file err "dry run reports what it would do" <<'EOF'
cs-import: change.csv: 2 rows, 2 loaded (1 new, 1 updated, 0 unchanged), 0 rejected (dry run: nothing written)
EOF
dump after
is_same_dump before after "dry run changed nothing"
run cs-import -n -d new.db -t customers -e utf-8 change.csv
is_status 0 "dry run on a missing database"
is_absent new.db "dry run creates no database"

# A file with an unterminated quote is refused whole.
printf 'customer_id,name\nC20,ok\nC21,"open\nC22,x\n' >quote.csv
dump before
run cs-import -d "$db" -t customers -e utf-8 quote.csv
is_status 1 "unterminated quote"
is_file err "unterminated quote names the line" <<'EOF'
cs-import: quote.csv:3:2: quoted field not closed at end of input; nothing loaded
EOF
dump after
is_same_dump before after "unterminated quote: nothing stored"

# A field over --max-field-size is refused with a clear error.
{ printf 'customer_id,name\nC30,"'; head -c 5000 /dev/zero | tr '\0' x; printf '"\n'; } >big.csv
run cs-import -d "$db" -t customers -e utf-8 --max-field-size 4096 big.csv
is_status 1 "field too large"
is_file err "field limit message" <<'EOF'
cs-import: big.csv:2:2: field larger than 4096 bytes (an unbalanced quote?); nothing loaded
EOF

# A line with broken quoting is rejected; the rest loads.
printf 'customer_id,name\nC40,a"b\nC41,ok\n' >malformed.csv
run cs-import -d "$db" -t customers -e utf-8 malformed.csv
is_status 1 "malformed line rejected"
is_file err "malformed line message" <<'EOF'
cs-import: malformed.csv:2:2: malformed CSV: a quote inside an unquoted field, or text after a closing quote (RFC 4180)
cs-import: malformed.csv: 2 rows, 1 loaded (1 new, 0 updated, 0 unchanged), 1 rejected
cs-import: malformed.csv: rejected rows are in malformed.rejects.csv
EOF
is_file malformed.rejects.csv "malformed line kept raw" <<'EOF'
customer_id,name,line,column,reason
"C40,a""b",,2,2,"malformed CSV: a quote inside an unquoted field, or text after a closing quote (RFC 4180)"
EOF

# Header problems stop the run before any row is written.
printf 'customer_id,name,colour\nC50,a,red\n' >unknown.csv
run cs-import -d "$db" -t customers unknown.csv
is_status 1 "unknown column"
is_file err "unknown column named, expected ones listed" <<'EOF'
cs-import: unknown.csv:1: unknown column "colour" in column 3 (expected columns: customer_id*, name*, kind, region, industry, manager, phone, email, opened_on, credit_limit, status, parent_id, reg_no, address, employees, yearly_sales, founded_on, qualification, special_terms, level, checked_on, checked_by; * required); nothing loaded
EOF
printf 'customer_id,region\nC50,x\n' >missing.csv
run cs-import -d "$db" -t customers missing.csv
is_status 1 "missing required column"
is_file err "missing column named" <<'EOF'
cs-import: missing.csv:1: missing required column "name" (expected columns: customer_id*, name*, kind, region, industry, manager, phone, email, opened_on, credit_limit, status, parent_id, reg_no, address, employees, yearly_sales, founded_on, qualification, special_terms, level, checked_on, checked_by; * required); nothing loaded
EOF
printf '客户编号,名称,colour\nC50,a,red\n' >mapped.csv
run cs-import -q -d "$db" -t customers -m 客户编号=customer_id --map 名称=name --map colour=- mapped.csv
is_status 0 "--map renames and ignores columns"
is_sql "$db" "SELECT name FROM customers WHERE customer_id = 'C50'" "mapped row stored" <<'EOF'
a
EOF
printf 'customer_id,name,Name\nC51,a,b\n' >twice.csv
run cs-import -d "$db" -t customers twice.csv
is_status 1 "duplicate column"
is_sql "$db" "SELECT count(*) FROM customers WHERE customer_id IN ('C51')" "nothing written after a header error" <<'EOF'
0
EOF

# Excel's trailing empty header cells are accepted; a value under one is
# refused, not dropped.
printf 'customer_id,name,,\r\nC70,a,,\r\nC71,b,,stray\r\n' >unnamed.csv
run cs-import -d "$db" -t customers -e utf-8 unnamed.csv
is_status 1 "value under an unnamed column"
is_file err "unnamed column reason" <<'EOF'
cs-import: unnamed.csv:3:4: (no header) "stray": a value in a column without a name in the header
cs-import: unnamed.csv: 2 rows, 1 loaded (1 new, 0 updated, 0 unchanged), 1 rejected
cs-import: unnamed.csv: rejected rows are in unnamed.rejects.csv
EOF

# A locked database is waited for, up to CS_LOCK_TIMEOUT seconds.
printf 'customer_id,name\nC60,a\n' >late.csv
hold_lock "$db"
( sleep 1.5; echo "ROLLBACK;" >&3 ) &
run cs-import -q -d "$db" -t customers late.csv
is_status 0 "import waits for another writer"
wait $!
release_lock
CS_LOCK_TIMEOUT=0 run true
hold_lock "$db"
CS_LOCK_TIMEOUT=0 run cs-import -q -d "$db" -t customers late.csv
is_status 5 "a lock held past the timeout has its own status"
is_file err "and says so" <<'EOF'
cs-import: late.csv: the database is locked by another process; gave up after the lock timeout (CS_LOCK_TIMEOUT); nothing loaded
EOF
release_lock
done_testing
