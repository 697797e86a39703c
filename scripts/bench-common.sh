# bench-common.sh - what the benchmark scripts share; sourced, not run.
#
#   bench_setup DEFAULT_RUNS "$@"
#	parses [-n CUSTOMERS] [-r RUNS] [-d DATABASE] [WORKDIR] (DATABASE
#	in $db, empty without -d), installs the benchmark's
#	packages, builds the programs, makes the data (../shared's
#	gen-data.py when it is beside the project, else bin/cs-sample) in
#	WORKDIR/data and changes to WORKDIR.  Sets n, runs, top and work.
#   seconds CMD...	runs CMD, its output to $out (or /dev/null), and
#			prints its wall time in seconds
#   median		prints the middle of the numbers on stdin

bench_setup() {
	runs=$1
	shift
	n=100000
	db=
	OPTIND=1
	while getopts n:r:d: opt; do
		case $opt in
		n) n=$OPTARG ;;
		r) runs=$OPTARG ;;
		d) db=$OPTARG ;;
		*) echo "usage: $0 [-n CUSTOMERS] [-r RUNS] [-d DATABASE] [WORKDIR]" >&2; exit 2 ;;
		esac
	done
	shift $((OPTIND - 1))
	top=$(cd "$(dirname "$0")/.." && pwd)
	work=${1:-${TMPDIR:-/tmp}/cs-bench-$n}
	sh "$top/scripts/install-deps.sh" bench || true
	make -s -C "$top" bin/cs-import bin/cs-segment bin/cs-sample >/dev/null
	mkdir -p "$work"
	cd "$work"
	if [ ! -s data/invoices.csv ]; then
		gen=$top/../shared/bench/gen-data.py
		echo "making data for $n customers in $work/data" >&2
		if [ -f "$gen" ]; then
			python3 "$gen" -n "$n" data >/dev/null
		else
			"$top/bin/cs-sample" -n "$n" data >/dev/null
		fi
	fi
}

seconds() {
	s=$(date +%s.%N)
	"$@" >"${out:-/dev/null}" 2>/dev/null
	e=$(date +%s.%N)
	printf '%.2f\n' "$(echo "$e - $s" | bc -l)"
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'
}
