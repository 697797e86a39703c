#!/bin/sh
# bench-segment.sh - how fast cs-segment computes RFM and ABC from the
# database, against pandas computing the same from the CSV files
# (scripts/segment-pandas.py), on the same data in one run; and whether
# the two agree on every customer's scores and class.
#
#   scripts/bench-segment.sh [-n CUSTOMERS] [-r RUNS] [WORKDIR]
#
# Uses the data and work directory of scripts/bench-import.sh (made
# there when missing) and loads customers, invoices and payments once.
set -eu
. "$(dirname "$0")/bench-common.sh"
bench_setup 5 "$@"
if [ ! -s segment.db ]; then
	echo "loading customers, invoices and payments into $work/segment.db" >&2
	for t in customers invoices payments; do
		"$top/bin/cs-import" -q -d segment.db -t $t data/$t.csv || true
	done
fi
as_of=$(tail -n +2 data/invoices.csv | cut -d, -f4 | sort | tail -1)
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3	# Debian's, where python3-pandas is

"$top/bin/cs-segment" -d segment.db --as-of "$as_of" abc >/dev/null	# upgrade, warm up
times=""
i=0
while [ $i -lt "$runs" ]; do
	out=cs.csv
	times="$times $(seconds "$top/bin/cs-segment" -d segment.db --as-of "$as_of" rfm abc)"
	i=$((i + 1))
done
cs=$(echo $times | tr ' ' '\n' | median)
echo "customers: $(($(wc -l <data/customers.csv) - 1)), invoices: $(($(wc -l <data/invoices.csv) - 1)), payments: $(($(wc -l <data/payments.csv) - 1)), as of $as_of"
printf '%-44s %8s s\n' "cs-segment rfm abc (from the database)" "$cs"
if $py -c 'import pandas' 2>/dev/null; then
	out=pandas.csv
	t=$(seconds $py "$top/scripts/segment-pandas.py" data "$as_of")
	printf '%-44s %8s s  %6.2fx cs-segment\n' "pandas, same RFM and ABC from the CSV files" \
		"$t" "$(echo "$t / $cs" | bc -l)"
	cut -d, -f1,5,6,7,12 cs.csv >cs.cut
	if cmp -s cs.cut pandas.csv; then
		echo "cs-segment and pandas agree on every customer's R, F, M and ABC class"
	else
		echo "cs-segment and pandas DIFFER on $(diff cs.cut pandas.csv | grep -c '^<') customers"
	fi
fi
