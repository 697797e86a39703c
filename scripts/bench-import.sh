#!/bin/sh
# bench-import.sh - how fast cs-import loads invoices, against the tools
# users would otherwise use, on the same data in one run.
#
#   scripts/bench-import.sh [-n CUSTOMERS] [-r RUNS] [-d pg] [WORKDIR]
#
# Makes the data with ../shared/bench/gen-data.py when it is beside the
# project (else with the project's own bin/cs-sample), loads customers,
# then times loading invoices.csv (about 20 invoices per customer):
#   cs-import         validated, exact, upserting, one transaction (WAL)
#   sqlite3 .import   into an equivalent table (same columns, constraints
#                     and indexes; no validation), in a WAL database like
#                     cs's and in a default (rollback journal) database
#   pandas            read_csv + to_sql into SQLite, if python3-pandas is there
#   Miller            mlr --icsv --ocsv cat (a parse-and-write pass, no database)
# With -d pg, also on a throwaway PostgreSQL server (see bench-common.sh):
#   cs-import         the same load into PostgreSQL (COPY, then upsert)
#   psql \copy        into a table like cs's invoices (the same columns,
#                     keys, indexes and foreign key; the amount as
#                     numeric(14,2), as the file writes it), as is and
#                     with its foreign key dropped and added back in the
#                     same transaction (as pg_restore loads, and as
#                     cs-import loads an empty table); then the same
#                     into an unlogged table (no write-ahead log), and
#                     into an unlogged table with its primary key as
#                     its only index: what the server's own work costs
# Each timing is the median of RUNS runs (default 3; pandas and Miller once).
# Prints seconds and the ratio of each tool's time to cs-import's.
set -eu
. "$(dirname "$0")/bench-common.sh"
bench_setup 3 "$@"
rows=$(($(wc -l <data/invoices.csv) - 1))

# fresh_cs: a cs database with the customers loaded.
fresh_cs() {
	rm -f cs.db cs.db-wal cs.db-shm
	"$top/bin/cs-import" -q -d cs.db -t customers data/customers.csv
}

# fresh_sqlite MODE: an empty database with an equivalent invoices table.
fresh_sqlite() {
	rm -f plain.db plain.db-wal plain.db-shm
	sqlite3 plain.db "PRAGMA journal_mode = $1;" "$ddl" >/dev/null
}

fresh_cs
ddl=$(sqlite3 cs.db ".schema invoices" | sed 's/) STRICT;/);/')
cs_t="" wal_t="" del_t=""
i=0
while [ $i -lt "$runs" ]; do
	fresh_cs
	cs_t="$cs_t $(seconds "$top/bin/cs-import" -q -d cs.db -t invoices data/invoices.csv)"
	fresh_sqlite wal
	wal_t="$wal_t $(seconds sqlite3 plain.db ".import --csv --skip 1 data/invoices.csv invoices")"
	fresh_sqlite delete
	del_t="$del_t $(seconds sqlite3 plain.db ".import --csv --skip 1 data/invoices.csv invoices")"
	i=$((i + 1))
done
cs=$(echo $cs_t | tr ' ' '\n' | median)
reimport=$(seconds "$top/bin/cs-import" -q -d cs.db -t invoices data/invoices.csv)
peak=$( { /usr/bin/time -f %M "$top/bin/cs-import" -q -d cs.db -t invoices \
	data/invoices.csv; } 2>&1 | tail -1)

# The tables psql loads: plain_invoices like cs's invoices, plain_unlogged
# like it but unlogged, plain_pk_only unlogged with its primary key alone.
plain_tables="plain_invoices plain_unlogged plain_pk_only"

# fresh_pg: the PostgreSQL database cs afresh, with the customers loaded
# and the plain tables empty, each with its foreign key to customers.
fresh_pg() {
	psql -q -X -h "$pg_dir" -d postgres -c 'DROP DATABASE IF EXISTS cs' -c 'CREATE DATABASE cs'
	"$top/bin/cs-import" -q -d "$db" -t customers data/customers.csv
	psql -q -X -d "$db" -c 'CREATE TABLE plain_invoices (LIKE invoices INCLUDING ALL)' \
		-c 'ALTER TABLE plain_invoices RENAME amount_cents TO amount' \
		-c 'ALTER TABLE plain_invoices ALTER amount TYPE numeric(14,2)' \
		-c 'CREATE UNLOGGED TABLE plain_unlogged (LIKE plain_invoices INCLUDING ALL)' \
		-c 'CREATE UNLOGGED TABLE plain_pk_only (LIKE plain_invoices INCLUDING CONSTRAINTS,
			PRIMARY KEY (customer_id, invoice_id))'
	for t in $plain_tables; do
		psql -q -X -d "$db" -c "ALTER TABLE $t ADD FOREIGN KEY (customer_id) REFERENCES customers"
	done
}

# settle: the server's upkeep of the rows loaded so far (vacuum, and a
# checkpoint) done now, untimed, so that it does not run during the next
# timing.
settle() {
	psql -q -X -d "$db" -c 'VACUUM' -c 'CHECKPOINT'
}

# copy_line TABLE: psql's \copy of invoices.csv into TABLE.
copy_line() {
	printf '%s\n' "\\copy $1 ($(head -1 data/invoices.csv)) FROM 'data/invoices.csv' CSV HEADER"
}

# copy_held TABLE: a psql script loading invoices.csv into TABLE with its
# foreign key dropped and added back in the same transaction.
copy_held() {
	cat <<EOF
BEGIN;
ALTER TABLE $1 DROP CONSTRAINT $1_customer_id_fkey;
$(copy_line $1)
ALTER TABLE $1 ADD CONSTRAINT $1_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES customers;
COMMIT;
EOF
}

on_pg=no
if [ "$db" = pg ]; then
	on_pg=yes
	pg_throwaway >/dev/null
	pg_cs_t="" copy_t="" nofk_t="" unlogged_t="" pk_t=""
	for t in $plain_tables; do
		copy_held $t >copy-$t.sql
	done
	i=0
	while [ $i -lt "$runs" ]; do
		fresh_pg
		settle
		pg_cs_t="$pg_cs_t $(seconds "$top/bin/cs-import" -q -d "$db" -t invoices data/invoices.csv)"
		settle
		copy_t="$copy_t $(seconds psql -q -X -d "$db" -c "$(copy_line plain_invoices)")"
		psql -q -X -d "$db" -c 'TRUNCATE plain_invoices'
		settle
		nofk_t="$nofk_t $(seconds psql -q -X -v ON_ERROR_STOP=1 -d "$db" -f copy-plain_invoices.sql)"
		settle
		unlogged_t="$unlogged_t $(seconds psql -q -X -v ON_ERROR_STOP=1 -d "$db" \
			-f copy-plain_unlogged.sql)"
		settle
		pk_t="$pk_t $(seconds psql -q -X -v ON_ERROR_STOP=1 -d "$db" -f copy-plain_pk_only.sql)"
		i=$((i + 1))
	done
	settle
	pg_reimport=$(seconds "$top/bin/cs-import" -q -d "$db" -t invoices data/invoices.csv)
fi

report() {	# report NAME SECONDS
	printf '%-44s %8s s  %6.2fx cs-import\n' "$1" "$2" "$(echo "$2 / $cs" | bc -l)"
}
echo "invoices.csv: $rows rows, $(du -h data/invoices.csv | cut -f1)"
report "cs-import (validated, upsert, WAL)" "$cs"
report "cs-import again (all rows unchanged)" "$reimport"
report "sqlite3 .import, WAL database" "$(echo $wal_t | tr ' ' '\n' | median)"
report "sqlite3 .import, default database" "$(echo $del_t | tr ' ' '\n' | median)"
if [ $on_pg = yes ]; then
	report "cs-import on PostgreSQL" "$(echo $pg_cs_t | tr ' ' '\n' | median)"
	report "cs-import again on PostgreSQL (unchanged)" "$pg_reimport"
	report "psql \\copy into the same indexed table" "$(echo $copy_t | tr ' ' '\n' | median)"
	report "psql \\copy, foreign key dropped and added" "$(echo $nofk_t | tr ' ' '\n' | median)"
	report "  the same, unlogged table (no WAL)" "$(echo $unlogged_t | tr ' ' '\n' | median)"
	report "  the same, unlogged, primary key only" "$(echo $pk_t | tr ' ' '\n' | median)"
fi
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3	# Debian's, where python3-pandas is
if $py -c 'import pandas' 2>/dev/null; then
	rm -f pandas.db
	t=$(seconds $py -c "
import pandas, sqlite3
c = sqlite3.connect('pandas.db')
pandas.read_csv('data/invoices.csv', dtype=str).to_sql('invoices', c, index=False)
c.commit()")
	report "pandas read_csv + to_sql" "$t"
fi
if command -v mlr >/dev/null; then
	report "Miller mlr --icsv --ocsv cat" "$(seconds mlr --icsv --ocsv cat data/invoices.csv)"
fi
echo "cs-import peak memory: $peak KB (ratio > 1: the other tool is slower)"
