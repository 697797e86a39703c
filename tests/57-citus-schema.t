#!/bin/sh
# The PostgreSQL schema checked against Citus's rules, mechanically
# (issue 17, items 4 and 5); Citus itself is not installed here.  On a
# throwaway PostgreSQL server started here: the schema of
# lib/cs_schema_pg.c (printed by cs-pgschema) loads; the real
# scripts/citus-distribute.sql runs against stand-ins of Citus's
# create_reference_table and create_distributed_table
# (tests/fixtures/citus/standin.sql) that check, on the catalog, that
# every primary key, unique or exclusion constraint and unique index of
# a distributed table includes customer_id, that every foreign key
# goes to a reference table or joins customer_id to customer_id of a
# colocated table placed before, that no table has a trigger; the
# tables it distributes are exactly those with a NOT NULL customer_id;
# every table, column and index of the SQLite schema is there by name,
# in order; complaint_status gives what SQLite's gives; the roles of
# scripts/pg-roles.sql enforce the levels; no statement in lib/*.c
# meets a customer's row with another's other than by customer_id
# (tests/fixtures/citus/joins.pl, on the text of the SQL).  Each check
# is shown to fail on a schema, script or statement broken on purpose.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$TESTS_DIR/.." && pwd)
DISTRIBUTE="$TOP/scripts/citus-distribute.sql"
ROLES="$TOP/scripts/pg-roles.sql"
STANDIN="$TESTS_DIR/fixtures/citus/standin.sql"

cs-pgschema >schema.sql
cs-pgschema --tables >tables.txt

# Without a server: the text of the schema and of the script.
# sqlite_only FILE: the lines of FILE that hold SQLite's dialect
# (functions PostgreSQL lacks or reads otherwise, two-argument max or
# min, a negative substr start, ?N parameters, STRICT tables, triggers,
# IS NOT with a value).
sqlite_only() {
	grep -n -i -E "strftime|printf\(|julianday|datetime\(|(max|min)\([^()]*,|substr\([^()]*, *-|\?[0-9]|STRICT|WITHOUT ROWID|RAISE *\(|TRIGGER|[\]xff|IS NOT '" "$1"
}
sqlite_only schema.sql >"$T/check"
is_file "$T/check" "the schema holds nothing of SQLite's dialect" </dev/null
printf '%s\n' "SELECT strftime('%Y', 'now');" "SELECT max(a, b) FROM t;" \
	"SELECT substr(x, -2) FROM t;" "SELECT x FROM t WHERE k = ?1;" \
	"CREATE TABLE t (a TEXT) STRICT;" "CREATE TRIGGER t_no BEFORE DELETE ON t" \
	"WHEN old.a IS NOT 'closed'" "SELECT 1;" >bad-dialect.sql
sqlite_only bad-dialect.sql | cut -d: -f1 | tr '\n' ' ' >"$T/check"
echo >>"$T/check"
is_file "$T/check" "refused: SQLite's dialect, a line each" <<'EOF'
1 2 3 4 5 6 7 
EOF
# The tables cs-pgschema lists are those the statements create, in order.
sed -n 's/^CREATE TABLE \([a-z_]*\) (.*/\1/p' schema.sql >"$T/created"
cut -f 1 tables.txt | diff - "$T/created" >"$T/check"
is_file "$T/check" "cs-pgschema --tables lists the tables the schema creates, in order" </dev/null
{
	cs-pgschema --key payments
	cs-pgschema --key record_changes
	cs-pgschema --key nosuch 2>&1
	echo "exit $?"
} >"$T/check"
is_file "$T/check" "the key of a table by its name" <<'EOF'
customer_id, payment_id
-
cs-pgschema: no table nosuch
exit 1
EOF
head -1 schema.sql | grep -q '^CREATE TABLE cs_schema_version '
ok $? "the version table comes first"
# plan SCRIPT: the tables SCRIPT places, as "name reference" or "name
# distributed" (by customer_id, with customers), sorted.
plan() {
	sed -n -e "s/^SELECT create_reference_table('\([a-z_]*\)');\$/\1 reference/p" \
		-e "s/^SELECT create_distributed_table('\([a-z_]*\)', 'customer_id'\(, colocate_with => 'customers'\)\{0,1\});\$/\1 distributed/p" \
		"$1" | LC_ALL=C sort
}
cut -f 1,2 tables.txt | tr '\t' ' ' | LC_ALL=C sort >"$T/listed.plan"
plan "$DISTRIBUTE" | diff "$T/listed.plan" - >"$T/check"
is_file "$T/check" "citus-distribute.sql places every table as cs-pgschema lists it" </dev/null
grep -v "'door_matches'" "$DISTRIBUTE" |
	sed "s/create_reference_table('import_runs')/create_distributed_table('import_runs', 'customer_id', colocate_with => 'customers')/" >short.sql
plan short.sql | diff "$T/listed.plan" - | grep '^[<>]' >"$T/check"
is_file "$T/check" "refused: a script that leaves a table out or places one otherwise" <<'EOF'
< door_matches distributed
< import_runs reference
> import_runs distributed
EOF

# No statement of the programs meets a customer's row with another's
# other than by customer_id (tests/fixtures/citus/joins.pl: the forms it
# catches, and what it does not).  lib/cs_schema.c is SQLite's schema,
# which Citus never sees.
sed -n "s/^SELECT create_distributed_table('\([a-z_]*\)'.*/\1/p" "$DISTRIBUTE" >"$T/dist.txt"
perl "$TESTS_DIR/fixtures/citus/joins.pl" "$T/dist.txt" $(ls "$TOP"/lib/*.c | grep -v '/cs_schema\.c$') \
	>"$T/check" 2>&1
is_file "$T/check" "no statement joins a customer to another other than on customer_id" </dev/null
cat >joins.c <<'EOF'
static const char door[] = "SELECT d.at, b.name FROM door_matches d"
    " LEFT JOIN customers b ON b.customer_id = d.matched_id";
static const char card[] = "SELECT (SELECT p.name FROM customers p WHERE p.customer_id = c.parent_id),"
    " (SELECT count(*) FROM customers m WHERE m.parent_id = coalesce(c.parent_id, c.customer_id))"
    " FROM customers c WHERE c.customer_id = ?1";
static const char fine[] = "SELECT h.customer_id FROM dunning_history h"
    " JOIN customers c ON c.customer_id = h.customer_id"
    " WHERE EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = c.customer_id)";
EOF
perl "$TESTS_DIR/fixtures/citus/joins.pl" "$T/dist.txt" joins.c >"$T/check" 2>&1
is_file "$T/check" "refused: a join on matched_id, a lookup by parent_id" <<'EOF'
joins.c: b.customer_id = d.matched_id
joins.c: p.customer_id = c.parent_id
joins.c: m.parent_id = coalesce(c.parent_id
EOF

# The server's programs: pg_config's, else Debian's PostgreSQL 15.
pg_bin=
for d in "$(pg_config --bindir 2>/dev/null)" /usr/lib/postgresql/15/bin; do
	if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
		pg_bin=$d
		break
	fi
done
if [ -z "$pg_bin" ] || ! command -v psql >/dev/null 2>&1; then
	skip "the PostgreSQL schema against Citus's rules" "PostgreSQL (initdb, pg_ctl, psql) not installed"
	done_testing
fi
if [ "$(id -u)" -eq 0 ] && ! command -v runuser >/dev/null 2>&1; then
	skip "the PostgreSQL schema against Citus's rules" "root, and no runuser to run initdb as nobody"
	done_testing
fi

# The server runs from its own directory (initdb refuses root: as root,
# as nobody), on a Unix socket there only, and is stopped and removed
# on every exit, a failure or a signal included.
# (As root, in /tmp: nobody may not reach $TMPDIR.)
if [ "$(id -u)" -eq 0 ]; then
	PGD=$(mktemp -d /tmp/cs-pg.XXXXXX)
else
	PGD=$(mktemp -d "${TMPDIR:-/tmp}/cs-pg.XXXXXX")
fi
as_server() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}
pg_stop() {
	if [ -f "$PGD/data/postmaster.pid" ]; then
		as_server "$pg_bin/pg_ctl" -D "$PGD/data" -m immediate stop >/dev/null 2>&1
	fi
	rm -rf "$PGD"
}
trap 'pg_stop; rm -rf "$T"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
[ "$(id -u)" -ne 0 ] || chown nobody "$PGD"
if ! as_server "$pg_bin/initdb" -D "$PGD/data" -A trust -U postgres -E UTF8 --no-locale \
	>"$PGD/initdb.log" 2>&1 ||
	! as_server "$pg_bin/pg_ctl" -D "$PGD/data" -w -t 60 -l "$PGD/server.log" \
	-o "-k $PGD -c listen_addresses='' -c fsync=off" start >/dev/null 2>&1; then
	ok 1 "a throwaway PostgreSQL server starts"
	sed 's/^/# /' "$PGD/initdb.log" "$PGD/server.log" 2>/dev/null | tail -20
	done_testing
fi

# pq DB [psql args...]: psql on database DB of the server, stopping at
# the first error, quiet, unaligned, tuples only.
pq() {
	_pq_db=$1
	shift
	psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PGD" -U postgres -d "$_pq_db" "$@"
}

# newdb NAME: an empty database.
newdb() {
	pq postgres -c "CREATE DATABASE $1" >/dev/null
}

# load DB SQLFILE [EXTRA SQL]: a new database DB with the statements of
# SQLFILE and EXTRA, in one transaction; returns psql's status.
load() {
	newdb "$1" || return 1
	{ cat "$2"; [ $# -lt 3 ] || printf '%s\n' "$3"; } >"$T/load.sql"
	pq "$1" -1 -f "$T/load.sql" >"$T/load.out" 2>&1
}

# distribute DB SCRIPT: runs SCRIPT in DB under the Citus stand-ins;
# its errors in $T/distribute.err.  Returns psql's status.
distribute() {
	pq "$1" -1 -f "$STANDIN" >/dev/null 2>&1 &&
		pq "$1" -1 -f "$2" >/dev/null 2>"$T/distribute.err"
}

# placement_check DB: compares, table by table, the stand-ins' placement
# after the script, the rule (distributed when customer_id is NOT NULL)
# and cs-pgschema --tables; prints the tables that differ.
placement_check() {
	pq "$1" -F ' ' -c "SELECT c.relname,
	    coalesce(p.kind, 'unplaced'),
	    CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
	      AND a.attname = 'customer_id' AND a.attnotnull) THEN 'distributed' ELSE 'reference' END
	  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	  LEFT JOIN citus_standin.placement p ON p.rel = c.oid
	  WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname COLLATE \"C\"" >"$T/placed"
	cut -f 1,2 tables.txt | tr '\t' ' ' | LC_ALL=C sort >"$T/listed"
	LC_ALL=C join -a 1 -a 2 -e missing -o 0,1.2,1.3,2.2 "$T/placed" "$T/listed" |
		awk '$2 != $3 || $3 != $4 { print $1 ": placed " $2 ", by the rule " $3 ", cs-pgschema " $4 }'
}

# key_check DB: the primary key of every table, columns in order, against
# cs-pgschema --tables; prints the differences.
key_check() {
	pq "$1" -F '	' -c "SELECT c.relname, coalesce((SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
	    FROM pg_constraint x, unnest(x.conkey) WITH ORDINALITY k(att, ord), pg_attribute a
	    WHERE x.conrelid = c.oid AND x.contype = 'p' AND a.attrelid = c.oid AND a.attnum = k.att), '-')
	  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	  WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname COLLATE \"C\"" >"$T/keys"
	cut -f 1,3 tables.txt | LC_ALL=C sort | diff - "$T/keys" | grep '^[<>]'
}

# names_check DB: the tables, views and columns of the SQLite schema
# (cs-import's, on an empty database), in column order, against DB's,
# where complaint_events.customer_id and the version table are the only
# additions; then SQLite's indexes by name.  Prints the differences.
names_check() {
	pq "$1" -F ' ' -c "SELECT table_name, column_name FROM information_schema.columns
	  WHERE table_schema = 'public'
	  ORDER BY table_name COLLATE \"C\", ordinal_position" |
		grep -v -e '^complaint_events customer_id$' -e '^cs_schema_version ' >"$T/pg.names"
	diff "$T/sqlite.names" "$T/pg.names" | grep '^[<>]'
	pq "$1" -c "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'" >"$T/pg.indexes"
	LC_ALL=C sort "$T/pg.indexes" | LC_ALL=C comm -23 "$T/sqlite.indexes" - | sed 's/^/no index /'
}

# types_check DB: the columns whose type breaks the rules (text compared
# by bytes: COLLATE "C"; money in bigint cents); prints them.
types_check() {
	pq "$1" -F ' ' -c "SELECT table_name, column_name, data_type, coalesce(collation_name, '-')
	  FROM information_schema.columns WHERE table_schema = 'public'
	    AND ((data_type = 'text' AND collation_name IS DISTINCT FROM 'C')
	      OR (column_name LIKE '%\\_cents' AND data_type <> 'bigint'))
	  ORDER BY 1, 2"
}

# trigger_check DB: the triggers of the tables (none: Citus refuses them).
trigger_check() {
	pq "$1" -F ' ' -c "SELECT tgrelid::regclass, tgname FROM pg_trigger t
	  JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
	  WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1, 2"
}

# deferrable_check DB: the foreign keys that cannot be deferred (the
# backend's "foreign keys off" is SET CONSTRAINTS ALL DEFERRED), a line each.
deferrable_check() {
	pq "$1" -F ' ' -c "SELECT conrelid::regclass, conname FROM pg_constraint
	  WHERE contype = 'f' AND NOT condeferrable ORDER BY 1, 2"
}

# is_empty FILE DESCRIPTION: FILE must be empty (its lines are what is wrong).
is_empty() {
	if [ -s "$1" ]; then
		ok 1 "$2"
		head -20 "$1" | sed 's/^/# /'
	else
		ok 0 "$2"
	fi
}

# The SQLite schema, as cs-import makes it on an empty database.
printf 'customer_id,name\n' >empty.csv
cs-import -q -d sqlite.db -t customers empty.csv
sqlite3 -batch sqlite.db "SELECT m.name || ' ' || p.name FROM sqlite_master m,
  pragma_table_info(m.name) p WHERE m.type IN ('table', 'view') ORDER BY m.name, p.cid" \
	>"$T/sqlite.names"
sqlite3 -batch sqlite.db "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL" |
	LC_ALL=C sort >"$T/sqlite.indexes"
[ -s "$T/sqlite.names" ] && [ -s "$T/sqlite.indexes" ]
ok $? "the SQLite schema read from an empty database"

# The schema as it is.
load good schema.sql
ok $? "the schema loads on PostgreSQL in one transaction"
[ -s "$T/load.out" ] && sed 's/^/# /' "$T/load.out"
distribute good "$DISTRIBUTE"
ok $? "scripts/citus-distribute.sql runs under the stand-ins of Citus's functions"
sed 's/^/# /' "$T/distribute.err"
placement_check good >"$T/check"
is_empty "$T/check" "the tables distributed are those with a NOT NULL customer_id, the others reference tables, as cs-pgschema lists them"
grep -c distributed tables.txt >"$T/n"
is_file "$T/n" "18 distributed tables" <<'EOF'
18
EOF
key_check good >"$T/check"
is_empty "$T/check" "every primary key is the one cs-pgschema lists"
names_check good >"$T/check"
is_empty "$T/check" "every table, view, column and index of the SQLite schema, by name and in order"
types_check good >"$T/check"
is_empty "$T/check" "text compared by bytes (COLLATE \"C\"), money in bigint cents"
trigger_check good >"$T/check"
is_empty "$T/check" "no triggers"
deferrable_check good >"$T/check"
is_empty "$T/check" "every foreign key can be deferred (checked at commit when the importer turns them off)"

# Each check fails on a schema broken on purpose.
# refused NAME EXTRA PATTERN DESCRIPTION: the schema with EXTRA appended
# loads, and citus-distribute.sql under the stand-ins fails saying PATTERN.
refused() {
	if ! load "$1" schema.sql "$2"; then
		ok 1 "$4"
		sed 's/^/# load: /' "$T/load.out"
		return
	fi
	if distribute "$1" "$DISTRIBUTE"; then
		ok 1 "$4"
		echo "# the script ran"
		return
	fi
	grep -q -- "$3" "$T/distribute.err"
	ok $? "$4"
	grep -q -- "$3" "$T/distribute.err" || sed 's/^/# /' "$T/distribute.err"
}
refused bad1 "ALTER TABLE visits ADD CONSTRAINT visits_id UNIQUE (visit_id);" \
	"visits_id lacks customer_id" "refused: a unique constraint without customer_id"
refused bad2 "CREATE UNIQUE INDEX promises_u ON promises (promise_id);" \
	"promises_u lacks customer_id" "refused: a unique index without customer_id"
refused bad3 "ALTER TABLE payments ADD CONSTRAINT payments_swapped FOREIGN KEY (invoice_id, customer_id) REFERENCES invoices (customer_id, invoice_id);" \
	"foreign key payments_swapped does not join customer_id" \
	"refused: a foreign key that does not join customer_id to customer_id"
refused bad4 "ALTER TABLE contacts ADD COLUMN other text COLLATE \"C\";
ALTER TABLE contacts ADD CONSTRAINT contacts_other FOREIGN KEY (other) REFERENCES customers (customer_id);" \
	"foreign key contacts_other does not join" "refused: a foreign key without customer_id"
refused bad5 "CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN RETURN NULL; END\$\$;
CREATE TRIGGER invoices_touch AFTER INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION nothing();" \
	"has trigger invoices_touch" "refused: a trigger on a distributed table"
refused bad6 "ALTER TABLE access_grants ADD CONSTRAINT grants_customer FOREIGN KEY (customer_id) REFERENCES customers (customer_id);" \
	"grants_customer names customers, not a reference table" \
	"refused: a foreign key from a reference table to a distributed one"
refused bad7 "ALTER TABLE visits DROP CONSTRAINT visits_pkey; ALTER TABLE visits ALTER customer_id DROP NOT NULL;" \
	"visits.customer_id may be NULL" "refused: a distribution column that may be NULL"
refused bad8 "ALTER TABLE dunning_fees DROP CONSTRAINT dunning_fees_once;
ALTER TABLE dunning_fees ADD CONSTRAINT fees_any EXCLUDE USING gist (customer_id WITH <>, from_day WITH =);" \
	"exclusion fees_any compares customer_id with another operator" \
	"refused: an exclusion constraint that does not compare customer_id with ="
refused bad16 "ALTER TABLE record_changes REPLICA IDENTITY DEFAULT;" \
	"record_changes has no primary key and no REPLICA IDENTITY FULL" \
	"refused: a distributed table whose shards could not move online"

# A script in the wrong order, colocated with no table, leaving a table out.
sed -e "/'invoices'/d" -e "/'payments'/a\\
SELECT create_distributed_table('invoices', 'customer_id', colocate_with => 'customers');" \
	"$DISTRIBUTE" >"$T/early.sql"
load bad9 schema.sql
distribute bad9 "$T/early.sql"
[ $? -ne 0 ] && grep -q "payments_customer_id_invoice_id_fkey names invoices, not yet" "$T/distribute.err"
ok $? "refused: a table distributed before the table its foreign key names"
sed 's/colocate_with => .customers.);$/colocate_with => '"'nosuch'"');/' "$DISTRIBUTE" >"$T/colocate.sql"
load bad10 schema.sql
distribute bad10 "$T/colocate.sql"
[ $? -ne 0 ] && grep -q "colocate_with nosuch is not a distributed table" "$T/distribute.err"
ok $? "refused: colocate_with a table that is not distributed"
grep -v "'door_matches'" "$DISTRIBUTE" >"$T/short.sql"
load bad11 schema.sql
distribute bad11 "$T/short.sql"
placement_check bad11 >"$T/check"
is_file "$T/check" "refused: a customer-keyed table left out of the script" <<'EOF'
door_matches: placed unplaced, by the rule distributed, cs-pgschema distributed
EOF

# The other checks, on schemas broken on purpose.
load bad12 schema.sql "ALTER TABLE invoices DROP CONSTRAINT invoices_pkey CASCADE;
ALTER TABLE invoices ADD PRIMARY KEY (invoice_id, customer_id);"
key_check bad12 >"$T/check"
is_file "$T/check" "refused: a primary key other than the one cs-pgschema lists" <<'EOF'
< invoices	customer_id, invoice_id
> invoices	invoice_id, customer_id
EOF
load bad13 schema.sql "ALTER TABLE customers DROP COLUMN qualification;
ALTER TABLE visits RENAME COLUMN outcome TO result;
DROP INDEX payments_by_invoice;"
names_check bad13 >"$T/check"
is_file "$T/check" "refused: a column missing, a column renamed, an index missing" <<'EOF'
< customers qualification
< visits outcome
> visits result
no index payments_by_invoice
EOF
load bad14 schema.sql "ALTER TABLE visits ALTER channel TYPE text COLLATE \"default\";
ALTER TABLE promises ALTER amount_cents TYPE integer;"
types_check bad14 >"$T/check"
is_file "$T/check" "refused: text sorted by the locale, money in 32 bits" <<'EOF'
promises amount_cents integer -
visits channel text -
EOF
load bad15 schema.sql "CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN RETURN NULL; END\$\$;
CREATE TRIGGER import_runs_touch AFTER INSERT ON import_runs FOR EACH ROW EXECUTE FUNCTION nothing();"
trigger_check bad15 >"$T/check"
is_file "$T/check" "refused: a trigger, on a reference table too" <<'EOF'
import_runs import_runs_touch
EOF
load nodefer schema.sql "ALTER TABLE payments ADD CONSTRAINT payments_run FOREIGN KEY (customer_id) REFERENCES customers (customer_id);"
deferrable_check nodefer >"$T/check"
is_file "$T/check" "refused: a foreign key that cannot be deferred" <<'EOF'
payments payments_run
EOF

# complaint_status: the same rows as SQLite's view, on complaints whose
# events tie at one time (the order of steps decides), hand over to no
# one, are recorded by no one, are decided twice, reopen, or have none.
cat >customers.csv <<'EOF'
customer_id,name
C1,one
C2,two
EOF
cat >complaints.csv <<'EOF'
complaint_id,customer_id,opened_on,category,severity,closed_on,valid,owner
K1,C1,2026-03-01,service,1,,,
K2,C1,2026-03-01,billing,2,2026-03-09,yes,孙
K3,C2,2026-03-02,quality,1,,no,
K4,C2,2026-03-02,quality,3,2026-03-04,,钱
K5,C2,2026-03-03,delivery,1,,,周
K6,C1,2026-03-03,contract,,,,
K7,C1,2026-03-04,service,,,,
K8,C2,2026-03-04,service,,,,
EOF
cat >events.csv <<'EOF'
complaint_id,at,step,actor,assignee
K1,2026-03-01 09:00,recorded,李,
K1,2026-03-01 10:00,validated,李,
K1,2026-03-01 10:00,invalidated,王,
K1,2026-03-02 09:00,handed-over,李,赵
K1,2026-03-02 16:00,closed,赵,
K1,2026-03-02 16:00,reopened,赵,
K2,2026-03-02 09:00,recorded,,
K2,2026-03-03 09:00,handed-over,孙,
K2,2026-03-05 09:00,closed,孙,
K2,2026-03-05 09:00,reviewed,主管,
K3,2026-03-02 08:00,recorded,吴,
K3,2026-03-02 08:00,validated,吴,
K4,2026-03-03 09:00,reopened,钱,
K4,2026-03-04 09:00,closed,钱,
K4,2026-03-04 09:00,customer-notified,钱,
K5,2026-03-03 09:00,assigned,周,郑
K5,2026-03-03 10:00,recorded,冯,
K5,2026-03-03 11:00,recorded,陈,
K7,2026-03-04 09:00,recorded,,
K7,2026-03-04 10:00,recorded,冯,
K8,2026-03-04 09:00,recorded,罗,
K8,2026-03-04 10:00,handed-over,罗,何
K8,2026-03-04 11:00,handed-over,何,
EOF
cs-import -q -d cmp.db -t customers customers.csv &&
	cs-import -q -d cmp.db -t complaints complaints.csv &&
	cs-import -q -d cmp.db -t complaint_events events.csv
ok $? "the complaints loaded on SQLite"
newdb view
pq view -1 -f schema.sql >/dev/null
# copy TABLE QUERY: the rows of QUERY on SQLite into TABLE on PostgreSQL.
copy() {
	sqlite3 -batch -csv cmp.db "$2" >"$T/copy.csv"
	pq view -c "\\copy $1 FROM '$T/copy.csv' WITH (FORMAT csv)" || printf '# \\copy %s failed\n' "$1"
}
copy "customers (customer_id, name)" "SELECT customer_id, name FROM customers"
copy complaints "SELECT * FROM complaints"
copy complaint_events "SELECT e.*, k.customer_id FROM complaint_events e JOIN complaints k USING (complaint_id)"
sqlite3 -batch -separator '|' cmp.db "SELECT * FROM complaint_status ORDER BY complaint_id" \
	>"$T/status.sqlite"
pq view -F '|' -c "SELECT * FROM complaint_status ORDER BY complaint_id" >"$T/status.pg"
[ "$(wc -l <"$T/status.pg")" -eq 8 ] && cmp -s "$T/status.sqlite" "$T/status.pg"
ok $? "complaint_status on PostgreSQL: the rows of SQLite's, byte for byte"
diff "$T/status.sqlite" "$T/status.pg" | sed 's/^/# /'

# record_changes without triggers: the statements of cs-pgschema
# --record around the upserts of three files write on PostgreSQL the
# rows SQLite's triggers write for the same files (new; changed;
# checked, by whom; closed; nothing for a row loaded again the same).
cat >rc1.csv <<'EOF'
customer_id,name,status,checked_on,checked_by,address
A,a,active,,,
B,b,active,,,
C,c,closed,2026-01-05,赵,
EOF
cat >rc2.csv <<'EOF'
customer_id,name,status,checked_on,checked_by,address
A,a2,active,,,
B,b,active,2026-02-01,钱,addr
C,c,closed,2026-01-05,赵,
D,d,active,,,
EOF
cat >rc3.csv <<'EOF'
customer_id,name,status,checked_on,checked_by,address
A,a2,closed,,,
B,b,active,2026-03-01,孙,addr
D,d,active,,,
EOF
for f in rc1 rc2 rc3; do
	cs-import -q -d rc.db -t customers $f.csv
done
sqlite3 -batch -separator ' ' rc.db "SELECT customer_id, change, coalesce(actor, '-')
  FROM record_changes" | LC_ALL=C sort >"$T/rc.sqlite"
ids="ARRAY(SELECT customer_id FROM stage)"
cs-pgschema --record >record.sql
sed -n '1,2p' record.sql | sed "s/\$1::text\[\]/$ids/" >"$T/before.sql"
sed -n '3,$p' record.sql | sed -e "s/\$1::text/'2026-03-01 10:00:00'/" -e "s/\$2::text\[\]/$ids/" \
	>"$T/after.sql"
cols="name, status, checked_on, checked_by, address"
{
	echo "CREATE TEMPORARY TABLE stage (customer_id text, name text, status text,"
	echo "  checked_on text, checked_by text, address text);"
	for f in rc1 rc2 rc3; do
		echo "TRUNCATE stage;"
		printf '%s\n' "\\copy stage FROM '$T/$f.csv' WITH (FORMAT csv, HEADER)"
		cat "$T/before.sql"
		echo "INSERT INTO customers (customer_id, $cols) SELECT * FROM stage"
		echo "  ON CONFLICT (customer_id) DO UPDATE SET ($cols) = ROW(excluded.name,"
		echo "  excluded.status, excluded.checked_on, excluded.checked_by, excluded.address)"
		echo "  WHERE ($(echo "$cols" | sed 's/\([a-z_][a-z_]*\)/customers.\1/g'))"
		echo "  IS DISTINCT FROM ($(echo "$cols" | sed 's/\([a-z_][a-z_]*\)/excluded.\1/g'));"
		cat "$T/after.sql"
	done
} >"$T/rc.sql"
newdb rc
pq rc -1 -f schema.sql >/dev/null && pq rc -1 -f "$T/rc.sql" >"$T/rc.out" 2>&1
ok $? "the statements of cs-pgschema --record run around the upserts"
sed 's/^/# /' "$T/rc.out"
pq rc -F ' ' -c "SELECT customer_id, change, coalesce(actor, '-') FROM record_changes" |
	LC_ALL=C sort >"$T/rc.pg"
[ -s "$T/rc.pg" ] && cmp -s "$T/rc.sqlite" "$T/rc.pg"
ok $? "record_changes on PostgreSQL: the rows SQLite's triggers write"
diff "$T/rc.sqlite" "$T/rc.pg" | sed 's/^/# /'

# The roles of the levels (scripts/pg-roles.sql), run twice (harmless).
# Customers: A of no level (secret by default), B confidential, K of
# no level but key in the latest bigcustomer snapshot (confidential),
# S top-secret.
pq good -1 -f "$ROLES" >/dev/null 2>&1 && pq good -1 -f "$ROLES" >/dev/null 2>&1
ok $? "scripts/pg-roles.sql runs, and runs again"
pq good -c "CREATE ROLE r_none LOGIN IN ROLE cs_level_none;
CREATE ROLE r_secret LOGIN IN ROLE cs_level_secret;
CREATE ROLE r_conf LOGIN IN ROLE cs_level_confidential;
CREATE ROLE r_top LOGIN IN ROLE cs_level_top_secret;
CREATE ROLE r_report LOGIN IN ROLE cs_report;
CREATE ROLE r_dunning LOGIN IN ROLE cs_dunning;
CREATE ROLE r_import LOGIN IN ROLE cs_import;
CREATE ROLE r_segment LOGIN IN ROLE cs_segment;
INSERT INTO customers (customer_id, name, phone, reg_no, special_terms, level) VALUES
  ('A', 'a', '100', 'ra', 'ta', NULL), ('B', 'b', '200', 'rb', 'tb', 'confidential'),
  ('K', 'k', '300', 'rk', 'tk', NULL), ('S', 's', '400', 'rs', 'ts', 'top-secret');
INSERT INTO contacts (contact_id, customer_id, name, phone) VALUES ('P1', 'A', 'pa', '1'),
  ('P2', 'B', 'pb', '2');
INSERT INTO segments (as_of, model, customer_id, label) VALUES
  ('2026-01-01', 'bigcustomer', 'A', 'key'), ('2026-02-01', 'bigcustomer', 'K', 'key'),
  ('2026-02-01', 'bigcustomer', 'A', 'regular');
INSERT INTO dunning_runs (as_of, from_day, started_at, policy_sha256, customers, actions)
  VALUES ('2026-02-01', '2026-02-01', '2026-02-01T00:00:00Z', 'x', 0, 0);
INSERT INTO dunning_history (run_id, run_date, customer_id, action, balance_cents,
  late_fee_cents, reason) VALUES (1, '2026-02-01', 'A', 'notify', 1, 0, 'r');
INSERT INTO access_log (at, reader, program, customer_id, fields, outcome)
  VALUES ('2026-02-01 10:00:00', 'x', 'cs-report', 'A', 'phone', 'cleared');" >/dev/null
# as ROLE SQL: the output of SQL run by login ROLE, or the error's first words.
as() {
	psql -X -q -A -t -F ' ' -h "$PGD" -U "$1" -d good -c "$2" 2>&1 | sed 's/^ERROR: *//' | tr '\n' ';'
	echo
}
{
	as r_none "SELECT customer_id FROM customers ORDER BY 1"
	as r_none "SELECT phone FROM customers"
	as r_secret "SELECT customer_id, phone FROM customers ORDER BY 1"
	as r_secret "SELECT reg_no FROM customers"
	as r_secret "SELECT contact_id, customer_id FROM contacts ORDER BY 1"
	as r_secret "SELECT name FROM contacts"
	as r_conf "SELECT customer_id, reg_no FROM customers ORDER BY 1"
	as r_conf "SELECT contact_id, name FROM contacts ORDER BY 1"
	as r_conf "SELECT special_terms FROM customers"
	as r_top "SELECT customer_id, special_terms FROM customers ORDER BY 1"
	as r_top "SELECT count(*) FROM invoices"
	as r_report "SELECT count(*) FROM customers"
	as r_report "SELECT count(*) FROM contacts"
} >"$T/levels"
is_file "$T/levels" "levels: columns by field, customers and contacts by the customer's level" <<'EOF'

permission denied for table customers;
A 100;
permission denied for table customers;
P1 A;
permission denied for table contacts;
A ra;B rb;K rk;
P1 pa;P2 pb;
permission denied for table customers;
A ta;B tb;K tk;S ts;
0;
4;
2;
EOF
{
	as r_top "UPDATE access_log SET reader = 'y'"
	as r_top "DELETE FROM access_log"
	as r_report "INSERT INTO access_log (at, reader, program, customer_id, fields, outcome) VALUES ('2026-02-01 11:00:00', 'y', 'cs-report', 'A', 'phone', 'refused')"
	as r_report "UPDATE access_log SET reader = 'y'"
	as r_report "DELETE FROM access_log"
	as r_report "TRUNCATE access_log"
	as r_dunning "UPDATE dunning_history SET reason = 'y'"
	as r_dunning "DELETE FROM dunning_history"
	as r_report "DELETE FROM record_changes"
	as r_report "UPDATE customers SET phone = NULL"
} >"$T/append"
is_file "$T/append" "append-only: no level or program role updates, deletes or truncates the history" <<'EOF'
permission denied for table access_log;
permission denied for table access_log;

permission denied for table access_log;
permission denied for table access_log;
permission denied for table access_log;
permission denied for table dunning_history;
permission denied for table dunning_history;
permission denied for table record_changes;
permission denied for table customers;
EOF

# The program roles write their own tables, and only those.
{
	as r_import "INSERT INTO customers (customer_id, name, level) VALUES ('T', 't', 'top-secret')"
	as r_import "UPDATE customers SET phone = '500' WHERE customer_id = 'T'"
	as r_import "INSERT INTO invoices VALUES ('I1', 'T', NULL, '2026-01-01', '2026-01-31', 100)"
	as r_import "INSERT INTO record_changes VALUES ('T', '2026-01-01 10:00:00', 'new', NULL)"
	as r_import "INSERT INTO import_runs (table_name, file, started_at, finished_at, rows, loaded, inserted, updated, unchanged, rejected, status) VALUES ('customers', '-', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 1, 1, 1, 0, 0, 0, 'loaded') RETURNING run_id"
	as r_import "DELETE FROM contacts WHERE customer_id = 'T'"
	as r_import "INSERT INTO segments (as_of, model, customer_id, label) VALUES ('2026-03-01', 'abc', 'T', 'A')"
	as r_segment "INSERT INTO segments (as_of, model, customer_id, label) VALUES ('2026-03-01', 'abc', 'T', 'A')"
	as r_segment "DELETE FROM segments WHERE as_of = '2026-03-01'"
	as r_segment "UPDATE customers SET phone = NULL"
	as r_dunning "INSERT INTO dunning_runs (as_of, from_day, started_at, policy_sha256, customers, actions) VALUES ('2026-03-01', '2026-03-01', '2026-03-01T00:00:00Z', 'x', 0, 0) RETURNING run_id"
	as r_dunning "INSERT INTO dunning_state (customer_id, updated_on) VALUES ('T', '2026-03-01')"
	as r_dunning "UPDATE dunning_state SET stage = 'remind'"
	as r_dunning "INSERT INTO dunning_history (run_id, run_date, customer_id, action, balance_cents, late_fee_cents, reason) VALUES (2, '2026-03-01', 'T', 'notify', 100, 0, 'r') RETURNING seq"
	as r_dunning "INSERT INTO invoices VALUES ('I2', 'T', NULL, '2026-01-01', '2026-01-31', 100)"
} >"$T/programs"
is_file "$T/programs" "program roles: each writes its own tables, through their sequences" <<'EOF'




1;

permission denied for table segments;


permission denied for table customers;
2;


2;
permission denied for table invoices;
EOF

# The owner that made the schema (not a superuser) cannot change the
# history either: the schema revokes it from its maker.
pq postgres -c "CREATE ROLE cs_owner LOGIN" && pq postgres -c "CREATE DATABASE owned OWNER cs_owner"
psql -X -q -v ON_ERROR_STOP=1 -h "$PGD" -U cs_owner -d owned -1 -f schema.sql >"$T/owner.out" 2>&1
ok $? "a database owner who is not a superuser makes the schema"
sed 's/^/# /' "$T/owner.out"
psql -X -q -A -t -h "$PGD" -U cs_owner -d owned -c "INSERT INTO customers (customer_id, name)
  VALUES ('A', 'a'); INSERT INTO access_log (at, reader, program, customer_id, fields, outcome)
  VALUES ('2026-02-01 10:00:00', 'x', 'cs-report', 'A', 'phone', 'cleared')" >/dev/null 2>&1
for sql in "UPDATE access_log SET reader = 'y'" "DELETE FROM record_changes" "TRUNCATE dunning_history"; do
	psql -X -q -A -t -h "$PGD" -U cs_owner -d owned -c "$sql" 2>&1 | sed 's/^ERROR: *//'
done >"$T/owner"
is_file "$T/owner" "the owner cannot update, delete or truncate the history" <<'EOF'
permission denied for table access_log
permission denied for table record_changes
permission denied for table dunning_history
EOF

# No day charged twice: the exclusion constraint that replaces SQLite's
# trigger dunning_fees_once.
psql -X -q -A -t -h "$PGD" -U cs_owner -d owned -c "INSERT INTO dunning_runs (as_of, from_day,
  started_at, policy_sha256, customers, actions)
  VALUES ('2026-02-05', '2026-02-01', '2026-02-05T00:00:00Z', 'x', 1, 1);
  INSERT INTO dunning_fees VALUES ('A', '2026-02-01', '2026-02-03', 5, 1);
  INSERT INTO dunning_fees VALUES ('A', '2026-02-04', '2026-02-05', 5, 1)" >/dev/null 2>&1
ok $? "late fees of following days are stored"
psql -X -q -A -t -h "$PGD" -U cs_owner -d owned \
	-c "INSERT INTO dunning_fees VALUES ('A', '2026-02-05', '2026-02-06', 5, 1)" 2>"$T/err"
grep -q 'dunning_fees_once' "$T/err"
ok $? "a day charged twice is refused"

done_testing
