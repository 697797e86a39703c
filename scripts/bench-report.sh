#!/bin/sh
# bench-report.sh - how fast cs-report writes every report (aging,
# collection, segments, satisfaction, complaints, top) as one HTML page,
# against sqlite3 running the SQL an analyst would otherwise write for
# two of them: receivables by age paid oldest first (window sums) and
# the top 50 customers against the year before.  That SQL does less
# (no payments naming their invoice, no other reports), so the ratio is
# a floor.
#
#   scripts/bench-report.sh [-n CUSTOMERS] [-r RUNS] [WORKDIR]
set -eu
. "$(dirname "$0")/bench-common.sh"
bench_setup 3 "$@"
make -s -C "$top" bin/cs-report bin/cs-dunning bin/cs-segment >/dev/null
as_of=$(tail -n +2 data/invoices.csv | cut -d, -f4 | sort | tail -1)
if [ ! -s report.db ]; then
	echo "loading every table into $work/report.db, segmenting, three dunning nights" >&2
	for t in customers invoices payments complaints visits responses; do
		"$top/bin/cs-import" -q -d report.db -t $t data/$t.csv || true
	done
	"$top/bin/cs-segment" -q -d report.db --as-of "$(date -u -d "$as_of - 1 month" +%F)" \
		--save rfm abc bigcustomer >/dev/null
	"$top/bin/cs-segment" -q -d report.db --as-of "$as_of" --save rfm abc bigcustomer credit >/dev/null
	for k in 1 2 3; do
		"$top/bin/cs-dunning" -q -d report.db --as-of "$(date -u -d "$as_of + $k day" +%F)" \
			>/dev/null
	done
fi
day=$(date -u -d "$as_of + 3 day" +%F)

times=""
i=0
while [ $i -lt "$runs" ]; do
	times="$times $(seconds "$top/bin/cs-report" -d report.db --as-of "$day" --format html \
		-o report.html all)"
	i=$((i + 1))
done
cs=$(echo $times | tr ' ' '\n' | median)
mem=$( { /usr/bin/time -f %M "$top/bin/cs-report" -d report.db --as-of "$day" --format html \
	-o report.html all; } 2>&1)
echo "customers: $(($(wc -l <data/customers.csv) - 1)), invoices: $(($(wc -l <data/invoices.csv) - 1)), as of $day"
printf '%-50s %8s s  (peak %s MB, %s KB of HTML)\n' "cs-report all, one HTML page" "$cs" \
	"$((mem / 1024))" "$(($(wc -c <report.html) / 1024))"

sql="WITH paid AS (SELECT customer_id, sum(amount_cents) AS p FROM payments
  WHERE paid_on <= '$day' GROUP BY customer_id),
inv AS (SELECT customer_id, due_on, amount_cents, sum(amount_cents) OVER (PARTITION BY customer_id
  ORDER BY due_on, issued_on, invoice_id) AS cum FROM invoices WHERE issued_on <= '$day'),
open AS (SELECT due_on, min(amount_cents, cum - coalesce(p, 0)) AS o FROM inv
  LEFT JOIN paid USING (customer_id) WHERE cum > coalesce(p, 0))
SELECT CASE WHEN julianday('$day') - julianday(due_on) <= 0 THEN 'current'
  WHEN julianday('$day') - julianday(due_on) <= 30 THEN '1-30'
  WHEN julianday('$day') - julianday(due_on) <= 60 THEN '31-60'
  WHEN julianday('$day') - julianday(due_on) <= 90 THEN '61-90'
  WHEN julianday('$day') - julianday(due_on) <= 180 THEN '91-180' ELSE '>180' END AS bucket,
  sum(o) FROM open GROUP BY bucket;
SELECT customer_id, sum(CASE WHEN issued_on > date('$day', '-12 months') THEN amount_cents END) AS v,
  sum(CASE WHEN issued_on <= date('$day', '-12 months') THEN amount_cents END) AS b
FROM invoices WHERE issued_on > date('$day', '-24 months') AND issued_on <= '$day'
GROUP BY customer_id ORDER BY v DESC LIMIT 50;"
out=sql.txt
t=$(seconds sqlite3 report.db "$sql")
printf '%-50s %8s s  %6.2fx cs-report all\n' "sqlite3, aging and top 50 alone" "$t" \
	"$(echo "$t / $cs" | bc -l)"
