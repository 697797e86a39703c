#!/bin/sh
# install-deps.sh - install the Debian packages the cs toolkit needs to
# build, test and run its demo, when they are missing, and the zh_CN.UTF-8
# locale the tests and the demo read Chinese messages in (test, demo).
# Runs apt-get and localedef as root (or through sudo); prints nothing
# when everything is present.
# scripts/demo.sh and scripts/test.sh run it before make; make itself
# never does.  On a system without dpkg and apt-get it installs nothing
# and names the Debian packages, for you to find their equivalents (see
# "Building on another system" in README.md).
#
# libpq-dev builds the PostgreSQL backend (every profile builds);
# postgresql is the server the tests start in a directory of their own
# (scripts/pg-server.sh; test, pg).  Its clusters are made with the C
# locale, so it needs no locale generated.  Debian's package also makes
# and starts a cluster of its own ("15 main", on localhost), which the
# tests never use.
#
#   scripts/install-deps.sh [build|demo|test|bench|fuzz|check|valgrind|pg]
set -eu

need="gcc make libc6-dev pkg-config libcsv-dev libsqlite3-dev libpq-dev gettext"
locale=""
case "${1:-build}" in
build) ;;
demo) need="$need sqlite3 locales" locale=zh_CN.UTF-8 ;;
test) need="$need sqlite3 perl jq mandoc groff-base chromium fonts-noto-cjk python3 locales postgresql"
	locale=zh_CN.UTF-8 ;;
pg) need="$need postgresql" ;;
bench) need="$need sqlite3 python3 bc time miller python3-pandas" ;;
fuzz) need="$need clang libclang-rt-14-dev" ;;
check) need="$need cppcheck clang-tidy mandoc" ;;
valgrind) need="$need valgrind" ;;
*) echo "usage: $0 [build|demo|test|bench|fuzz|check|valgrind|pg]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: no dpkg-query/apt-get here, nothing installed; make sure you have" \
		"the equivalents of these Debian packages: $need" >&2
	exit 0
fi

missing=""
for p in $need; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
# The locale, when asked for and not yet generated (locale -a: zh_CN.utf8).
if [ -n "$locale" ] && locale -a 2>/dev/null | grep -qix "$(echo "$locale" | sed 's/UTF-8/utf8/')"; then
	locale=""
fi
[ -z "$missing" ] && [ -z "$locale" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: need root to install:$missing${locale:+ (and generate $locale)}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them once if needed.
if [ -n "$missing" ]; then
	echo "install-deps: installing:$missing" >&2
	if ! $SUDO apt-get install -y -q $missing >/dev/null 2>&1; then
		$SUDO apt-get update -q >/dev/null
		$SUDO apt-get install -y -q $missing >/dev/null
	fi
fi
if [ -n "$locale" ]; then
	echo "install-deps: generating the $locale locale" >&2
	$SUDO localedef -i "${locale%%.*}" -f UTF-8 "$locale"
fi
