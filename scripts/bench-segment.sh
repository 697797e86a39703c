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

n=100000
runs=5
while getopts n:r: opt; do
	case $opt in
	n) n=$OPTARG ;;
	r) runs=$OPTARG ;;
	*) echo "usage: $0 [-n CUSTOMERS] [-r RUNS] [WORKDIR]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
top=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-${TMPDIR:-/tmp}/cs-bench-$n}
sh "$top/scripts/install-deps.sh" bench || true
make -s -C "$top" bin/cs-import bin/cs-segment >/dev/null
mkdir -p "$work"
cd "$work"
if [ ! -s data/invoices.csv ]; then
	gen=$top/../shared/bench/gen-data.py
	if [ -f "$gen" ]; then
		python3 "$gen" -n "$n" data >/dev/null
	else
		make -s -C "$top" bin/cs-sample >/dev/null
		"$top/bin/cs-sample" -n "$n" data >/dev/null
	fi
fi
if [ ! -s segment.db ]; then
	echo "loading customers, invoices and payments into $work/segment.db" >&2
	for t in customers invoices payments; do
		"$top/bin/cs-import" -q -d segment.db -t $t data/$t.csv || true
	done
fi
as_of=$(tail -n +2 data/invoices.csv | cut -d, -f4 | sort | tail -1)
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3	# Debian's, where python3-pandas is

seconds() {	# seconds CMD...: wall time of CMD, output to $out
	s=$(date +%s.%N)
	"$@" >"$out" 2>/dev/null
	e=$(date +%s.%N)
	printf '%.2f\n' "$(echo "$e - $s" | bc -l)"
}
median() {
	sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'
}

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
