#!/bin/sh
# pg-server.sh - a throwaway PostgreSQL server for the tests: initdb in a
# directory of its own, listening on a Unix socket in that directory and
# on no TCP port, trust authentication, settings for speed rather than
# durability (fsync off); stopped and removed with "stop".
#
#   scripts/pg-server.sh start DIR [PID]   initdb and start; DIR must be
#                                          absent or empty (created here)
#   scripts/pg-server.sh stop DIR          stop the server and remove DIR
#   scripts/pg-server.sh url DIR DBNAME    print the libpq URL of DBNAME
#   scripts/pg-server.sh status DIR        exit 0 when the server runs
#   scripts/pg-server.sh bindir            print PostgreSQL's bin directory
#
# start: when DIR already holds a running server of this script, does
# nothing; with PID, a watchdog stops the server and removes DIR as
# soon as process PID has ended, even if it was killed with SIGKILL and
# its trap never ran (the caller still stops the server itself: the
# watchdog is only a safety net).  stop: does nothing when DIR is gone;
# refuses a directory that this script did not make.  Both are safe to
# call twice.  The caller stops the server from a trap, e.g.
#
#   dir=$(mktemp -d "${TMPDIR:-/tmp}/cs-pg.XXXXXX")
#   trap 'sh scripts/pg-server.sh stop "$dir"' EXIT
#   trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP
#   sh scripts/pg-server.sh start "$dir" $$
#
# initdb refuses to run as root: as root, the server runs as the user
# $CS_PG_USER (default nobody), who owns DIR, so every directory above
# DIR must be searchable by that user (/tmp is; a mktemp -d directory
# of root's, 0700, is not).  Otherwise it runs as the caller.  The
# superuser of the cluster is named as the caller (id -un), so psql -h
# DIR and any libpq program run by the caller connect without -U.  The
# cluster is UTF8 with the C locale (byte order, as SQLite's BINARY),
# timezone UTC, DateStyle ISO.  The binaries are found through
# pg_config --bindir, else in /usr/lib/postgresql/*/bin (Debian: initdb
# is not in PATH), else in PATH; $CS_PG_BINDIR overrides.
#
# $CS_PG_CONF names a file of postgresql.conf lines that start appends
# after the test settings above, so they win (scripts/bench-pipeline.sh
# makes a durable server with more memory this way).
#
# Prints nothing but the answers of url and bindir; messages on stderr;
# exits 0 on success, 1 on failure, 2 on a usage error.
set -eu

me=pg-server.sh
port=5432
marker=cs-pg-server

die() {
	echo "$me: $*" >&2
	exit 1
}

usage() {
	echo "usage: $me start DIR [PID] | stop DIR | url DIR DBNAME | status DIR | bindir" >&2
	exit 2
}

# bindir: the directory of initdb, pg_ctl and postgres.
bindir() {
	if [ -n "${CS_PG_BINDIR:-}" ]; then
		[ -x "$CS_PG_BINDIR/initdb" ] || die "CS_PG_BINDIR=$CS_PG_BINDIR: no initdb there"
		echo "$CS_PG_BINDIR"
		return
	fi
	if command -v pg_config >/dev/null 2>&1; then
		_b=$(pg_config --bindir 2>/dev/null || true)
		if [ -n "$_b" ] && [ -x "$_b/initdb" ] && [ -x "$_b/pg_ctl" ]; then
			echo "$_b"
			return
		fi
	fi
	# Debian's, the newest version.
	_best="" _bestv=0
	for _b in /usr/lib/postgresql/*/bin; do
		_v=${_b%/bin}
		_v=${_v##*/}
		case $_v in '' | *[!0-9]*) continue ;; esac
		if [ -x "$_b/initdb" ] && [ -x "$_b/pg_ctl" ] && [ "$_v" -gt "$_bestv" ]; then
			_best=$_b _bestv=$_v
		fi
	done
	if [ -n "$_best" ]; then
		echo "$_best"
		return
	fi
	_b=$(command -v initdb 2>/dev/null || true)
	if [ -n "$_b" ] && [ -x "$(dirname "$_b")/pg_ctl" ]; then
		dirname "$_b"
		return
	fi
	die "PostgreSQL not found (no initdb): install it (on Debian: sh scripts/install-deps.sh pg)"
}

# absdir DIR: DIR as an absolute path (DIR's parent must exist).
absdir() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd)" "$(basename "$1")" ;;
	esac
}

# as_owner CMD...: runs CMD as the server's owner (see above), in /,
# since root's working directory may be closed to that user.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && exec setpriv --reuid="$owner" --regid="$owner_group" --clear-groups \
			--reset-env -- env PATH="$PATH" LC_ALL=C "$@")
	else
		(cd / && LC_ALL=C exec "$@")
	fi
}

owner_setup() {
	if [ "$(id -u)" -eq 0 ]; then
		owner=${CS_PG_USER:-nobody}
		owner_group=$(id -g "$owner" 2>/dev/null) || die "no user $owner to run the server as"
		[ "$(id -u "$owner")" -ne 0 ] || die "CS_PG_USER=$owner: the server cannot run as root"
	else
		owner=$(id -un)
		owner_group=$(id -g)
	fi
}

# running DIR: the server of DIR answers (pg_ctl status).
running() {
	[ -f "$1/data/PG_VERSION" ] || return 1
	as_owner "$bin/pg_ctl" status -D "$1/data" >/dev/null 2>&1
}

start() {
	dir=$(absdir "$1")
	owner_pid=${2:-}
	case $owner_pid in
	'' | *[!0-9]*) [ -z "$owner_pid" ] || usage ;;
	esac
	bin=$(bindir)
	owner_setup
	if [ -f "$dir/$marker" ] && running "$dir"; then
		return 0
	fi
	# unix_socket_directories: the socket's path has at most 107 bytes.
	[ "$(printf '%s' "$dir/.s.PGSQL.$port" | wc -c)" -le 107 ] ||
		die "$dir: too long for a Unix socket path (at most 92 bytes)"
	if [ -e "$dir" ]; then
		[ -d "$dir" ] || die "$dir: not a directory"
		if [ ! -f "$dir/$marker" ] && [ -n "$(ls -A "$dir")" ]; then
			die "$dir: not empty and not a server of $me"
		fi
	else
		mkdir "$dir" || die "$dir: cannot create the directory"
	fi
	: >"$dir/$marker"
	chmod 700 "$dir"
	# The superuser's name: the caller's (a uid without a name: cs).
	id -un >"$dir/user" 2>/dev/null || echo cs >"$dir/user"
	if [ "$(id -u)" -eq 0 ]; then
		chown -R "$owner:$owner_group" "$dir"
		as_owner test -w "$dir" ||
			die "$dir: $owner cannot reach it (every directory above it must be searchable by $owner)"
	fi
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		rm -rf "$dir/data"
		if ! as_owner "$bin/initdb" -D "$dir/data" -U "$(cat "$dir/user")" -A trust \
			-E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
			sed 's/^/initdb: /' "$dir/initdb.log" >&2
			die "initdb failed in $dir/data"
		fi
		# Only the socket in DIR; speed before durability (a crash of a
		# test server loses nothing of value); messages and formats fixed.
		cat >>"$dir/data/postgresql.conf" <<EOF

# $me: a throwaway test server
listen_addresses = ''
port = $port
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
# (root reaches the socket of nobody's server all the same)
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_connections = 60
shared_buffers = 32MB
dynamic_shared_memory_type = mmap
autovacuum = off
timezone = 'UTC'
log_timezone = 'UTC'
datestyle = 'ISO, YMD'
lc_messages = 'C'
client_encoding = 'UTF8'
logging_collector = off
log_min_messages = warning
log_min_error_statement = panic
EOF
		if [ -n "${CS_PG_CONF:-}" ]; then
			[ -r "$CS_PG_CONF" ] || die "CS_PG_CONF=$CS_PG_CONF: cannot read it"
			{ echo "# CS_PG_CONF"; cat "$CS_PG_CONF"; } >>"$dir/data/postgresql.conf"
		fi
	fi
	if ! as_owner "$bin/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/server.log" -s \
		>/dev/null 2>"$dir/pg_ctl.err"; then
		cat "$dir/pg_ctl.err" >&2
		[ -f "$dir/server.log" ] && tail -n 20 "$dir/server.log" | sed 's/^/server: /' >&2
		as_owner "$bin/pg_ctl" stop -D "$dir/data" -m immediate -s >/dev/null 2>&1 || true
		die "the server in $dir did not start"
	fi
	if [ -n "$owner_pid" ]; then
		# The watchdog: its own session, no terminal, nothing inherited,
		# in / (the caller's directory may go first).
		_self=$(absdir "$0")
		(cd / && exec setsid sh "$_self" watch "$dir" "$owner_pid" </dev/null >/dev/null 2>&1) &
		echo $! >"$dir/watchdog.pid"
	fi
}

# watch DIR PID: stops the server of DIR once PID has ended (internal).
watch() {
	while kill -0 "$2" 2>/dev/null; do
		[ -d "$1" ] || exit 0
		sleep 1
	done
	rm -f "$1/watchdog.pid"
	exec sh "$0" stop "$1"
}

stop() {
	dir=$(absdir "$1")
	[ -e "$dir" ] || return 0
	[ -f "$dir/$marker" ] || die "$dir: not a server of $me, left alone"
	if [ -f "$dir/watchdog.pid" ]; then
		_w=$(cat "$dir/watchdog.pid")
		rm -f "$dir/watchdog.pid"
		[ -z "$_w" ] || kill "$_w" 2>/dev/null || true
	fi
	if [ -f "$dir/data/postmaster.pid" ]; then
		bin=$(bindir)
		owner_setup
		if ! as_owner "$bin/pg_ctl" stop -D "$dir/data" -m fast -w -t 30 -s >/dev/null 2>&1; then
			as_owner "$bin/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30 -s >/dev/null 2>&1 || true
		fi
		# Last resort: the postmaster by its pid file; its children
		# follow it when it dies.
		if [ -f "$dir/data/postmaster.pid" ]; then
			_p=$(head -n 1 "$dir/data/postmaster.pid")
			case $_p in
			'' | *[!0-9]*) ;;
			*)
				kill -KILL "$_p" 2>/dev/null || true
				_i=0
				while kill -0 "$_p" 2>/dev/null && [ $_i -lt 50 ]; do
					sleep 0.2
					_i=$((_i + 1))
				done
				;;
			esac
		fi
	fi
	rm -rf "$dir"
	[ ! -e "$dir" ] || die "$dir: could not remove it"
}

url() {
	dir=$(absdir "$1")
	[ -f "$dir/$marker" ] || die "$dir: not a server of $me"
	case $2 in
	'' | *[!A-Za-z0-9_]*) die "$2: a database name is letters, digits and _ here" ;;
	esac
	printf 'postgresql://%s@/%s?host=%s&port=%s\n' "$(cat "$dir/user")" "$2" "$dir" "$port"
}

case ${1:-} in
start) [ $# -eq 2 ] || [ $# -eq 3 ] || usage; start "$2" "${3:-}" ;;
stop) [ $# -eq 2 ] || usage; stop "$2" ;;
url) [ $# -eq 3 ] || usage; url "$2" "$3" ;;
status) [ $# -eq 2 ] || usage; bin=$(bindir); owner_setup; running "$(absdir "$2")" ;;
bindir) [ $# -eq 1 ] || usage; bindir ;;
watch) [ $# -eq 3 ] || usage; watch "$2" "$3" ;;
*) usage ;;
esac
