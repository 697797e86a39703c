#!/bin/sh
# demo.sh - the README's demo command: installs what is missing, builds,
# makes a small sample data set (CJK names, complaint histories, the
# customer file with contacts, levels and group customers, a few bad
# rows, an Excel-style GB18030 copy) and runs it through the toolkit.
# With --no-deps (make demo) it installs nothing.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ "${1:-}" = --no-deps ]; then
	shift
else
	sh scripts/install-deps.sh demo
fi
make -s all
demo=$top/demo
rm -rf "$demo"
mkdir -p "$demo"
export CS_DB="$demo/cs.db"
PATH="$top/bin:$PATH"

echo "== making sample data in demo/data (200 customers, some bad rows)"
cs-sample -n 200 --bad "$demo/data" >/dev/null
cs-sample -n 200 --encoding gb18030 "$demo/excel-gb18030" >/dev/null

echo "== cs-import, table by table, into demo/cs.db"
for t in customers invoices payments complaints complaint_events visits responses promises \
    contacts retirement_approvals; do
	cs-import -t "$t" "$demo/data/$t.csv" || true	# exit 1: some rows rejected
done

echo
echo "== the week's new customer records; one is a blacklisted customer back under a"
echo "   new id (same name and phone), which the check at the door flags:"
cs-import -t customers "$demo/data/customers-new.csv" || true
echo "   the customer file: $(sqlite3 "$CS_DB" "SELECT count(*) FROM contacts") contact persons," \
	"$(sqlite3 "$CS_DB" "SELECT count(level) FROM customers") customers with a level of their own," \
	"$(sqlite3 "$CS_DB" "SELECT count(parent_id) FROM customers") members of a group (集团)"

echo
echo "== the rejected rows are kept, with line, column and reason:"
head -4 "$demo/data/invoices.rejects.csv"

echo
echo "== importing the same files again changes nothing (idempotent):"
cs-import -t invoices "$demo/data/invoices.csv" 2>&1 | grep rows || true

echo
echo "== an Excel export in GB18030 is detected and converted:"
cs-import -t customers -n "$demo/excel-gb18030/customers.csv"

echo
echo "== cs-segment: RFM, ABC, value pyramid and churn, saved as a snapshot:"
cs-segment --as-of 2026-10-31 --save rfm abc pyramid churn >"$demo/segments.csv"
head -4 "$demo/segments.csv"
echo "   ... $(($(wc -l <"$demo/segments.csv") - 1)) customers in demo/segments.csv"
sqlite3 -header -column "$CS_DB" "
SELECT label AS abc_class, count(*) AS customers,
       printf('%.2f', sum(value_cents) / 100.0) AS revenue
FROM segments WHERE model = 'abc' GROUP BY label ORDER BY label;"

cs-segment --as-of 2026-10-31 --save bigcustomer credit >/dev/null

echo
echo "== cs-segment: big customers; a group's members (集团, linked by parent_id) are"
echo "   judged by their combined revenue:"
cs-segment --as-of 2026-10-31 bigcustomer | tail -n +2 | cut -d, -f3 | sort | uniq -c |
	awk '{ print index("strategic key group high-value regular", $2), $0 }' | sort -n | cut -d' ' -f2-
cs-segment --as-of 2026-10-31 --format text --with name,parent_id bigcustomer |
	awk 'NR == 1 || / group /' | head -8

echo
echo "== cs-dunning: the nightly arrears run, five nights from 2026-11-01"
echo "   (the first night puts every customer in arrears on the ladder, an overdue"
echo "   debt at 催, never at the reminder before its due date; old debts then"
echo "   climb a stage a night; the actions go to demo/actions.csv, with the"
echo "   customer manager who follows up and the phone the reminder goes to)"
for day in 2026-11-01 2026-11-02 2026-11-03 2026-11-04 2026-11-05; do
	header=""
	[ -s "$demo/actions.csv" ] && header=--no-header
	cs-dunning -q --as-of "$day" $header --with manager,phone >>"$demo/actions.csv"
	echo "   $day: $(cs-dunning --as-of "$day" --replay --no-header | wc -l) actions"
done
cs-dunning --as-of 2026-11-05 --replay --format text --with manager | head -6
sqlite3 -header -column "$CS_DB" "
SELECT coalesce(stage, '(none)') AS stage, count(*) AS customers,
       printf('%.2f', sum(late_fee_cents) / 100.0) AS late_fees
FROM dunning_state GROUP BY stage
ORDER BY instr('prevent remind guide pursue sue', stage);"
echo "   block list (new orders refused): $(cs-dunning blocklist | tail -n +2 | wc -l) customers"

echo
echo "== cs-report: the complaints still open when the sample ends, 2026-10-31 17:00,"
echo "   most urgent first (deadline, hours late, to whom it goes up; demo/data has"
echo "   their histories in complaint_events.csv):"
cs-report --as-of "2026-10-31 17:00" --format text complaints-open

echo
echo "== cs-report: the customer records due for their quarterly re-check, those"
echo "   missing required fields, the monthly customer-information summary:"
cs-report --as-of 2026-10-31 --format text records | head -24
echo
echo "== cs-report: the card of an enterprise with a level of its own, with its contacts;"
echo "   --reveal shows each field only as far as its level and the reader's clearance"
echo "   allow, and every reveal, shown or refused, is logged (cs-report access):"
card=$(sqlite3 "$CS_DB" "SELECT customer_id FROM customers WHERE level IS NOT NULL
	AND kind = 'enterprise' ORDER BY customer_id LIMIT 1")
cs-report --as-of 2026-10-31 --format text --reveal customer "$card" | head -60
echo
echo "   the same card for a reader the access file clears for 机密 (confidential):"
echo "   phone, address and the contacts are shown; the 绝密 special terms stay masked:"
printf '[readers]\n%s = confidential\n' "$(id -un)" >"$demo/access.conf"
cs-report --access "$demo/access.conf" --as-of 2026-10-31 --format text --reveal \
	customer "$card" | grep -E '^(phone|address|special_terms|L[0-9]+) '
echo
cs-report --format text access | head -8

echo
echo "== cs-survey: who is due for a return visit on 2026-11-05 (urgent first):"
cs-survey plan --as-of 2026-11-05 >"$demo/visits-due.csv"
head -4 "$demo/visits-due.csv"
echo "   ... $(($(wc -l <"$demo/visits-due.csv") - 1)) customers in demo/visits-due.csv"
echo
echo "== cs-survey: a sample of 20 to survey, stratified by ABC class:"
cs-survey sample -q --as-of 2026-11-05 -n 20 --by abc --seed 1 | tail -n +2 | cut -d, -f3-6 | sort | uniq -c
echo
echo "== cs-survey: SERVQUAL gaps, NPS and CSAT by ABC class:"
cs-survey score --by abc >"$demo/scores.csv"
grep -E ',(servqual|nps|csat),' "$demo/scores.csv" | cut -d, -f1-6

echo
echo "== cs-report: receivables by age, in the terminal:"
cs-report --as-of 2026-11-05 --format text aging | tail -n +3
cs-report --as-of 2026-11-05 --format html -o "$demo/report.html" all

echo
echo "== what is in the database (sqlite3 $CS_DB):"
sqlite3 -header -column "$CS_DB" "
SELECT c.customer_id, c.name, count(i.invoice_id) AS invoices,
       printf('%.2f', sum(i.amount_cents) / 100.0) AS billed
FROM customers c JOIN invoices i USING (customer_id)
GROUP BY c.customer_id ORDER BY sum(i.amount_cents) DESC LIMIT 5;"
sqlite3 -header -column "$CS_DB" "
SELECT table_name, rows, loaded, rejected, status FROM import_runs ORDER BY run_id;"
echo
echo "Done.  Database: $CS_DB  Sample data: $demo/data"
echo "The management report with its charts: open file://$demo/report.html in a browser."
