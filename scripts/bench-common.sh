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
#   pg_throwaway	starts a throwaway PostgreSQL server (durable, with
#			the memory of a server of its own), stopped at exit;
#			sets db to the URL of its empty database cs and
#			pg_dir to its directory (psql -h "$pg_dir")

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

# The settings of the throwaway server of -d pg: durable as a
# production server, with a quarter of the memory for its cache and
# room for the bulk loads' WAL between checkpoints.
pg_settings() {
	cat <<-'EOF'
	fsync = on
	synchronous_commit = on
	full_page_writes = on
	wal_level = replica
	shared_buffers = 2GB
	effective_cache_size = 8GB
	work_mem = 64MB
	maintenance_work_mem = 512MB
	max_wal_size = 8GB
	checkpoint_timeout = 15min
	autovacuum = on
	EOF
}

# pg_throwaway: starts the server of -d pg; sets db to its URL.
pg_throwaway() {
	sh "$top/scripts/install-deps.sh" pg >/dev/null || true
	pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/cs-bench-pg.XXXXXX")
	trap 'sh "$top/scripts/pg-server.sh" stop "$pg_dir"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	pg_settings >"$work/pg-settings.conf"
	CS_PG_CONF=$work/pg-settings.conf sh "$top/scripts/pg-server.sh" start "$pg_dir" $$
	psql -q -X -h "$pg_dir" -d postgres -c 'CREATE DATABASE cs' >/dev/null
	db=$(sh "$top/scripts/pg-server.sh" url "$pg_dir" cs)
	echo "a throwaway PostgreSQL server, with:"
	sed 's/^/	/' "$work/pg-settings.conf"
}
