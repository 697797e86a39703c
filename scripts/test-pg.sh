#!/bin/sh
# test-pg.sh - the PostgreSQL pass of the tests (scripts/test.sh runs it
# after the SQLite passes): starts a throwaway server of its own
# (scripts/pg-server.sh: a temporary directory, a Unix socket only),
# runs with CS_TEST_BACKEND=pg the test files that say "backends sqlite
# pg" (or the FILEs given), and stops and removes the server at the end,
# also when a test fails or the run is interrupted (and, through the
# server's watchdog, when this script is killed outright).
#
#   scripts/test-pg.sh [FILE...]
#
# $CS_BIN names the programs under test (default: bin).  When PostgreSQL
# is not installed, or the programs do not open a PostgreSQL database
# yet (built without the PostgreSQL backend: cs-import fails on a
# postgresql:// URL), it prints one line "PostgreSQL pass: skipped
# (REASON)" and exits 0 - unless CS_TEST_PG_REQUIRED=1, when a skip is a
# failure (exit 1).  Otherwise it exits with prove's status.
set -eu
cd "$(dirname "$0")/.."
top=$PWD
: "${CS_BIN:=$top/bin}"
export CS_BIN

skipped() {
	echo "PostgreSQL pass: skipped ($1)"
	[ "${CS_TEST_PG_REQUIRED:-0}" != 1 ] || exit 1
	exit 0
}

if [ $# -gt 0 ]; then
	files="$*"
else
	files=$(grep -l '^backends .*pg' tests/*.t || true)
	[ -n "$files" ] || skipped "no test file says \"backends sqlite pg\""
fi
bindir=$(sh scripts/pg-server.sh bindir 2>/dev/null) ||
	skipped "PostgreSQL is not installed: sh scripts/install-deps.sh pg"
command -v prove >/dev/null 2>&1 || skipped "no prove"

dir=$(mktemp -d "${TMPDIR:-/tmp}/cs-pg.XXXXXX")
# The server goes at the end, whatever the end: normal, a failed test,
# an interrupt (the EXIT trap runs on the exit the signal traps make).
trap 'sh "$top/scripts/pg-server.sh" stop "$dir"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
sh scripts/pg-server.sh start "$dir" $$

# Does cs-import open a PostgreSQL database?  One customer into a fresh
# database says so; otherwise the pass is skipped, naming why.
probe=$(mktemp "${TMPDIR:-/tmp}/cs-pg-probe.XXXXXX")
printf 'customer_id,name\nP1,probe\n' >"$probe"
pgq() {
	PGCLIENTENCODING=UTF8 "$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}
pgq -d "$(sh scripts/pg-server.sh url "$dir" postgres)" -c 'CREATE DATABASE probe'
if ! "$CS_BIN/cs-import" -q -d "$(sh scripts/pg-server.sh url "$dir" probe)" -t customers \
	"$probe" >"$probe.out" 2>&1; then
	why=$(head -n 1 "$probe.out")
	rm -f "$probe" "$probe.out"
	skipped "cs-import does not open a PostgreSQL database yet: ${why:-no message}"
fi
rm -f "$probe" "$probe.out"
pgq -d "$(sh scripts/pg-server.sh url "$dir" postgres)" -c 'DROP DATABASE probe'

echo "PostgreSQL pass: $(pgq -d "$(sh scripts/pg-server.sh url "$dir" postgres)" \
	-c 'SHOW server_version' | cut -d' ' -f1), a server in $dir"
# prove in the background, so that a signal to this script is handled
# at once (sh runs a trap only once its foreground command is over),
# in a process group of its own (setsid, where there is one): the trap
# ends prove, the test file under way and its programs, then the EXIT
# trap the server.
group=""
command -v setsid >/dev/null 2>&1 && group=setsid
# shellcheck disable=SC2086
CS_TEST_BACKEND=pg CS_TEST_PG_DIR="$dir" $group prove -f $files &
prove=$!
# shellcheck disable=SC2317
end_prove() {
	kill -TERM -"$prove" 2>/dev/null || kill -TERM "$prove" 2>/dev/null || true
}
trap 'end_prove; exit 129' HUP
trap 'end_prove; exit 130' INT
trap 'end_prove; exit 143' TERM
status=0
wait "$prove" || status=$?
exit $status
