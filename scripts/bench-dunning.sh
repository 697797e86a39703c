#!/bin/sh
# bench-dunning.sh - how fast the nightly cs-dunning run is, against the
# SQL an analyst would otherwise write in sqlite3 (and the same in
# pandas) for the core of it: each customer's unpaid balance and the
# due date of the oldest unpaid invoice, paying invoices oldest first.
# That query does less than cs-dunning (no payments naming their
# invoice, no stages, holds, fees or history), so the ratio is a floor.
#
#   scripts/bench-dunning.sh [-n CUSTOMERS] [-r RUNS] [WORKDIR]
#
# Two figures for cs-dunning: the first run on a freshly imported
# database (every customer in arrears enters the ladder: one action
# and one state row each), and a following night (the steady state).
set -eu
. "$(dirname "$0")/bench-common.sh"
bench_setup 3 "$@"
make -s -C "$top" bin/cs-dunning bin/cs-segment >/dev/null
if [ ! -s dunning-base.db ]; then
	echo "loading customers, invoices, payments and complaints into $work/dunning-base.db" >&2
	for t in customers invoices payments complaints; do
		"$top/bin/cs-import" -q -d dunning-base.db -t $t data/$t.csv || true
	done
	"$top/bin/cs-dunning" -d dunning-base.db blocklist >/dev/null	# schema upgrade
fi
if [ -z "$(sqlite3 dunning-base.db "SELECT 1 FROM segments WHERE model = 'credit' LIMIT 1")" ]; then
	echo "saving the big-customer and credit snapshots the policy's overrides use" >&2
	"$top/bin/cs-segment" -q -d dunning-base.db --as-of "$(tail -n +2 data/invoices.csv |
	    cut -d, -f4 | sort | tail -1)" --save bigcustomer credit >/dev/null
fi
last=$(tail -n +2 data/invoices.csv | cut -d, -f4 | sort | tail -1)
night1=$(date -u -d "$last + 1 day" +%F)
night2=$(date -u -d "$last + 2 days" +%F)
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

first="" next="" mem=""
i=0
while [ $i -lt "$runs" ]; do
	cp dunning-base.db night.db
	rm -f night.db-wal night.db-shm
	first="$first $(seconds "$top/bin/cs-dunning" -d night.db --as-of "$night1")"
	next="$next $(seconds "$top/bin/cs-dunning" -d night.db --as-of "$night2")"
	i=$((i + 1))
done
cs1=$(echo $first | tr ' ' '\n' | median)
cs2=$(echo $next | tr ' ' '\n' | median)
cp dunning-base.db night.db
rm -f night.db-wal night.db-shm
/usr/bin/time -o mem.txt -f %M "$top/bin/cs-dunning" -d night.db --as-of "$night1" >/dev/null
mem=$(cat mem.txt)
actions=$("$top/bin/cs-dunning" -d night.db --as-of "$night1" --replay | tail -n +2 | wc -l)

echo "customers: $(($(wc -l <data/customers.csv) - 1)), invoices: $(($(wc -l <data/invoices.csv) - 1)), payments: $(($(wc -l <data/payments.csv) - 1)), nights $night1 and $night2"
printf '%-48s %8s s  (%s actions, peak %s MB)\n' "cs-dunning, first run" "$cs1" "$actions" "$((mem / 1024))"
printf '%-48s %8s s\n' "cs-dunning, the next night" "$cs2"

fifo_sql="WITH paid AS (SELECT customer_id, sum(amount_cents) AS p FROM payments
  WHERE paid_on <= '$night2' GROUP BY customer_id),
inv AS (SELECT customer_id, due_on, sum(amount_cents) OVER (PARTITION BY customer_id
  ORDER BY due_on, issued_on, invoice_id) AS cum FROM invoices WHERE issued_on <= '$night2')
SELECT inv.customer_id, min(due_on), max(cum) - coalesce(p, 0) FROM inv
  LEFT JOIN paid USING (customer_id) WHERE cum > coalesce(p, 0) GROUP BY inv.customer_id;"
out=fifo.txt
t=$(seconds sqlite3 dunning-base.db "$fifo_sql")
printf '%-48s %8s s  %6.2fx the next night\n' "sqlite3, oldest unpaid by SQL window sums" "$t" \
	"$(echo "$t / $cs2" | bc -l)"
if $py -c 'import pandas' 2>/dev/null; then
	out=/dev/null
	t=$(seconds $py - "$night2" <<'PY'
import sys
import pandas as pd
day = sys.argv[1]
inv = pd.read_csv("data/invoices.csv", dtype=str)
pay = pd.read_csv("data/payments.csv", dtype=str)
def cents(s):
    return (s.str.replace(",", "").astype(float) * 100).round().astype("int64")
inv["cents"] = cents(inv["amount"])
pay["cents"] = cents(pay["amount"])
inv = inv[inv["issued_on"] <= day].sort_values(["customer_id", "due_on", "issued_on", "invoice_id"])
inv["cum"] = inv.groupby("customer_id")["cents"].cumsum()
paid = pay[pay["paid_on"] <= day].groupby("customer_id")["cents"].sum()
inv["paid"] = inv["customer_id"].map(paid).fillna(0)
open_ = inv[inv["cum"] > inv["paid"]]
print(open_.groupby("customer_id")["due_on"].min().shape[0])
PY
)
	printf '%-48s %8s s  %6.2fx the next night\n' "pandas, the same from the CSV files" "$t" \
		"$(echo "$t / $cs2" | bc -l)"
fi
