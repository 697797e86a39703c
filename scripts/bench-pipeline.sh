#!/bin/sh
# bench-pipeline.sh - the whole pipeline at scale: import every table,
# segment, three dunning nights, score the surveys and write every
# report, printing the wall time and peak memory of each program, and
# the time per 1,000 customers so that sizes can be compared (time
# should grow linearly, memory stay bounded), then the database's size.
#
#   scripts/bench-pipeline.sh [-n CUSTOMERS] [-d DATABASE] [WORKDIR]
#
# DATABASE is where the pipeline writes:
#   (none)            WORKDIR/pipeline.db, a SQLite file made afresh
#   a path            a SQLite file, removed first if it exists
#   postgresql://...  (or postgres://) an existing, empty PostgreSQL
#                     database; refused when it holds tables already
#   pg                a throwaway PostgreSQL server of this run
#                     (scripts/pg-server.sh), durable (fsync on) and
#                     given the memory of a server of its own (the
#                     settings are printed); stopped and removed at
#                     the end
#
# Peak memory is the program's own (the client's on PostgreSQL: the
# server's processes are not counted).  The default is 1,000,000
# customers (about 20 million invoices); the data alone takes several
# minutes to make and some GB of disk.  Run it once per backend on the
# same WORKDIR (the data is made once) to put the two side by side.
set -eu
. "$(dirname "$0")/bench-common.sh"
n_default=1000000
case " $* " in *" -n "*) ;; *) set -- -n "$n_default" "$@" ;; esac
bench_setup 1 "$@"
make -s -C "$top" all >/dev/null
bin=$top/bin
as_of=$(tail -n +2 data/invoices.csv | cut -d, -f4 | sort | tail -1)

# pg_refuse_full: exits when the database of the URL $db has tables.
pg_refuse_full() {
	command -v psql >/dev/null 2>&1 || sh "$top/scripts/install-deps.sh" pg >/dev/null
	tables=$(psql -X -A -t -d "$db" -c \
		"SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") || {
		echo "$0: cannot reach the database of -d" >&2
		exit 1
	}
	[ "$tables" -eq 0 ] || {
		echo "$0: the database of -d holds $tables tables: give an empty one" >&2
		exit 1
	}
}

case $db in
'') db=$work/pipeline.db backend=sqlite ;;
pg) backend=postgresql ;;
postgresql://* | postgres://*) backend=postgresql ;;
*) backend=sqlite ;;
esac
case $db in
pg) pg_throwaway ;;
postgresql://* | postgres://*) pg_refuse_full ;;
*) rm -f "$db" "$db-wal" "$db-shm" ;;
esac

# db_size: the database's size in MB.
db_size() {
	if [ $backend = sqlite ]; then
		echo $(($(stat -c %s "$db") / 1048576))
	else
		echo $(($(psql -X -A -t -d "$db" -c 'SELECT pg_database_size(current_database())') / 1048576))
	fi
}

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

echo "backend: $backend; customers: $n, invoices: $(($(wc -l <data/invoices.csv) - 1)), as of $as_of"
for t in customers invoices payments complaints visits responses; do
	step "cs-import $t" "$bin/cs-import" -q -d "$db" -t $t data/$t.csv
done
step "cs-segment rfm abc pyramid churn --save" "$bin/cs-segment" -q -d "$db" \
	--as-of "$as_of" --save rfm abc pyramid churn
step "cs-segment bigcustomer credit --save" "$bin/cs-segment" -q -d "$db" \
	--as-of "$as_of" --save bigcustomer credit
for k in 1 2 3; do
	step "cs-dunning, night $k" "$bin/cs-dunning" -q -d "$db" \
		--as-of "$(date -u -d "$as_of + $k day" +%F)"
done
step "cs-survey score --by rfm" "$bin/cs-survey" score -d "$db" --by rfm
step "cs-report all (HTML)" "$bin/cs-report" -d "$db" \
	--as-of "$(date -u -d "$as_of + 3 day" +%F)" --format html -o pipeline.html all
echo "database: $(db_size) MB"
