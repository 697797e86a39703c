#!/bin/sh
# bench-pipeline.sh - the whole pipeline at scale: import every table,
# segment, three dunning nights, score the surveys and write every
# report, printing the wall time and peak memory of each program, and
# the time per 1,000 customers so that sizes can be compared (time
# should grow linearly, memory stay bounded).
#
#   scripts/bench-pipeline.sh [-n CUSTOMERS] [WORKDIR]
#
# The default is 1,000,000 customers (about 20 million invoices); the
# data alone takes several minutes to make and some GB of disk.
set -eu
. "$(dirname "$0")/bench-common.sh"
n_default=1000000
case " $* " in *" -n "*) ;; *) set -- -n "$n_default" "$@" ;; esac
bench_setup 1 "$@"
make -s -C "$top" all >/dev/null
bin=$top/bin
as_of=$(tail -n +2 data/invoices.csv | cut -d, -f4 | sort | tail -1)
rm -f pipeline.db pipeline.db-wal pipeline.db-shm

# step NAME CMD...: runs CMD, prints its wall time and peak memory.
step() {
	name=$1
	shift
	/usr/bin/time -f "%e %M" -o step.time "$@" >step.out 2>step.err || {
		echo "$name failed:" >&2
		tail -5 step.err >&2
		exit 1
	}
	read -r secs kb <step.time
	printf '%-40s %9.2f s %8d MB %8.3f s per 1,000 customers\n' "$name" "$secs" \
		$((kb / 1024)) "$(echo "$secs * 1000 / $n" | bc -l)"
}

echo "customers: $n, invoices: $(($(wc -l <data/invoices.csv) - 1)), as of $as_of"
for t in customers invoices payments complaints visits responses; do
	step "cs-import $t" "$bin/cs-import" -q -d pipeline.db -t $t data/$t.csv
done
step "cs-segment rfm abc pyramid churn --save" "$bin/cs-segment" -q -d pipeline.db \
	--as-of "$as_of" --save rfm abc pyramid churn
step "cs-segment bigcustomer credit --save" "$bin/cs-segment" -q -d pipeline.db \
	--as-of "$as_of" --save bigcustomer credit
for k in 1 2 3; do
	step "cs-dunning, night $k" "$bin/cs-dunning" -q -d pipeline.db \
		--as-of "$(date -u -d "$as_of + $k day" +%F)"
done
step "cs-survey score --by rfm" "$bin/cs-survey" score -d pipeline.db --by rfm
step "cs-report all (HTML)" "$bin/cs-report" -d pipeline.db \
	--as-of "$(date -u -d "$as_of + 3 day" +%F)" --format html -o pipeline.html all
echo "database: $(($(stat -c %s pipeline.db) / 1048576)) MB"
