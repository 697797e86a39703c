#!/bin/sh
# User text on a terminal (hardening, items 14 and 16): every message
# that quotes user text shows its control characters escaped (\x1b),
# free text that would be stored refuses them, and a text table shows
# a line break inside a cell as \n, so no cell can forge a row.
. "$(dirname "$0")/lib.sh"
backends sqlite pg
db=$(test_db cs.db)

esc=$(printf '\033')
bel=$(printf '\007')

# 14. A header holding an OSC title and a clear-screen sequence.
printf 'customer_id,%s]0;PWNED%s%s[2J\n' "$esc" "$bel" "$esc" >evil.csv
run cs-import -d "$db" -t customers evil.csv
is_status 1 "#14 the header is refused"
is_file err "#14 and quoted with its escapes shown, not sent to the terminal" <<'EOF'
cs-import: evil.csv:1: unknown column "\x1b]0;PWNED\x07\x1b[2J" in column 2 (expected columns: customer_id*, name*, kind, region, industry, manager, phone, email, opened_on, credit_limit, status, parent_id, reg_no, address, employees, yearly_sales, founded_on, qualification, special_terms, level, checked_on, checked_by; * required); nothing loaded
EOF

# A policy line, quoted in its error.
printf '[stage %s[2J]\n' "$esc" >evil.policy
printf 'customer_id,name\nC1,"Real Ltd\nC9  Fake Ltd"\n' >c.csv
cs-import -q -d "$db" -t customers c.csv
run cs-dunning -d "$db" --policy evil.policy --as-of 2026-01-18
is_status 2 "#14 a policy with an escape in a section name is refused"
is_file err "#14 its line quoted with the escape shown" <<'EOF'
cs-dunning: evil.policy:1: unknown stage: \x1b[2J
EOF

# hold --reason is stored: control characters are refused.
run cs-dunning -d "$db" --as-of 2026-01-18 hold C1 --until 2026-02-01 --reason "late${esc}[2J"
is_status 2 "#14 a hold reason with an escape is refused"
is_file err "#14 saying what is expected" <<'EOF'
cs-dunning: --reason late\x1b[2J: expected one line of UTF-8 text, without control characters
usage: cs-dunning [-d DB] [--as-of DATE] [--policy FILE] [options] [COMMAND] (see --help)
EOF
run cs-dunning -d "$db" --as-of 2026-01-18 hold C1 --until 2026-02-01 --reason "$(printf 'two\nlines')"
is_status 2 "#14 a hold reason of two lines is refused"
is_sql "$db" "SELECT count(*) FROM dunning_holds" "#14 nothing stored" <<'EOF'
0
EOF

# 16. A newline in a customer name cannot forge a row of a text table.
printf 'invoice_id,customer_id,issued_on,due_on,amount\nI1,C1,2026-01-01,2026-01-20,10.00\n' >i.csv
cs-import -q -d "$db" -t invoices i.csv
run cs-dunning -d "$db" --as-of 2026-01-18 --format text
is_file out "#16 the line break is shown as backslash-n in its cell" <<'EOF'
run_date    customer_id  name                    stage    stage_label  action  days_overdue  balance  late_fee  oldest_invoice_id  reason
2026-01-18  C1           Real Ltd\nC9  Fake Ltd  prevent  堵           notify            -2    10.00      0.00  I1                 invoice I1 due 2026-01-20 is due in 2 days (prevent from due in 3 days); unpaid 10.00 (min 0.01)
EOF
run cs-dunning -d "$db" --as-of 2026-01-18 --replay
is_file out "#16 CSV keeps the name as it is, quoted" <<'EOF'
run_date,customer_id,name,stage,stage_label,action,days_overdue,balance,late_fee,oldest_invoice_id,reason
2026-01-18,C1,"Real Ltd
C9  Fake Ltd",prevent,堵,notify,-2,10.00,0.00,I1,invoice I1 due 2026-01-20 is due in 2 days (prevent from due in 3 days); unpaid 10.00 (min 0.01)
EOF
run cs-report -d "$db" --as-of 2026-01-18 --format text customer C1
grep -c 'Fake' out >lines.txt
is_file lines.txt "#16 the customer card shows it on one line" <<'EOF'
1
EOF
done_testing
