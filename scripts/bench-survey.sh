#!/bin/sh
# bench-survey.sh - how fast cs-survey scores the whole responses table
# by RFM segment, against pandas computing the same from the CSV file
# (scripts/survey-pandas.py), on the same data in one run; and whether
# the two agree on every group's dimension gaps, SERVQUAL score,
# Cronbach's alphas, NPS and CSAT.
#
#   scripts/bench-survey.sh [-n CUSTOMERS] [-r RUNS] [WORKDIR]
set -eu
. "$(dirname "$0")/bench-common.sh"
bench_setup 5 "$@"
make -s -C "$top" bin/cs-survey >/dev/null
as_of=$(tail -n +2 data/invoices.csv | cut -d, -f4 | sort | tail -1)
if [ ! -s survey.db ]; then
	echo "loading customers, invoices, payments and responses into $work/survey.db" >&2
	for t in customers invoices payments responses; do
		"$top/bin/cs-import" -q -d survey.db -t $t data/$t.csv || true
	done
	"$top/bin/cs-segment" -q -d survey.db --as-of "$as_of" --save rfm >/dev/null
fi
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

times=""
i=0
while [ $i -lt "$runs" ]; do
	out=cs.csv
	times="$times $(seconds "$top/bin/cs-survey" score -d survey.db --by rfm)"
	i=$((i + 1))
done
cs=$(echo $times | tr ' ' '\n' | median)
echo "responses: $(($(wc -l <data/responses.csv) - 1)) answers, groups: RFM segments as of $as_of"
printf '%-48s %8s s\n' "cs-survey score --by rfm (from the database)" "$cs"
"$top/bin/cs-survey" score -d survey.db --by rfm --ci >/dev/null
out=/dev/null
t=$(seconds "$top/bin/cs-survey" score -d survey.db --by rfm --ci --explain)
printf '%-48s %8s s\n' "the same with --ci --explain" "$t"
if $py -c 'import pandas' 2>/dev/null; then
	"$top/bin/cs-segment" -d survey.db --as-of "$as_of" rfm | cut -d, -f1,9 >segments.csv
	out=pandas.csv
	t=$(seconds $py "$top/scripts/survey-pandas.py" data/responses.csv segments.csv)
	printf '%-48s %8s s  %6.2fx cs-survey\n' "pandas, the same from the CSV file" "$t" \
		"$(echo "$t / $cs" | bc -l)"
	grep -E ',(gap,[a-z]|alpha,|servqual,|nps,|csat,)' cs.csv | cut -d, -f1-3,6 >cs.cut
	if cmp -s cs.cut pandas.csv; then
		echo "cs-survey and pandas agree on every group's gaps, SERVQUAL, alphas, NPS and CSAT"
	else
		echo "cs-survey and pandas DIFFER on $(diff cs.cut pandas.csv | grep -c '^<') rows"
	fi
fi
