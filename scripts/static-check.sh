#!/bin/sh
# static-check.sh - the static checks of "make check": cppcheck and
# clang-tidy over the C sources, with the check sets below, must print
# nothing.  Run from the top of the repository after "make" (the
# generated sources in build/gen are checked too).  It installs nothing:
# scripts/test.sh runs "scripts/install-deps.sh check" before it.
#
# clang-tidy: the clang static analyzer and the bugprone checks, less
#   bugprone-easily-swappable-parameters  (style: many (s, len) pairs)
#   bugprone-narrowing-conversions        (deliberate, checked casts)
#   bugprone-reserved-identifier          (none here; noise from headers)
#   clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling
#                                         (asks for Annex K, which glibc lacks)
# cppcheck: warning, portability and performance, noreturn declared.
set -eu
cd "$(dirname "$0")/.."
files="lib/*.c cmd/*.c scripts/cs-sample.c tests/unit/*.c tests/fuzz/*.c"
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ilib -Icmd -Ibuild/gen"
# The PostgreSQL backend (lib/cs_db_pg*.c) is checked where libpq is installed.
pqflags=
if pkg-config --exists libpq 2>/dev/null; then
	pqflags="-DCS_HAVE_LIBPQ $(pkg-config --cflags libpq)"
	flags="$flags $pqflags"
fi
checks='-*,clang-analyzer-*,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-narrowing-conversions,-bugprone-reserved-identifier,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling'
status=0
out=$(cppcheck --std=c11 --enable=warning,portability,performance --inline-suppr --quiet \
	'-Dnoreturn=__attribute__((noreturn))' -Ilib -Icmd -Ibuild/gen -D_POSIX_C_SOURCE=200809L $pqflags \
	$files 2>&1) || status=1
[ -z "$out" ] || { echo "$out"; status=1; }
# shellcheck disable=SC2086
out=$(printf '%s\n' $files | xargs -P "$(nproc)" -I{} clang-tidy --quiet -checks="$checks" \
	{} -- $flags 2>/dev/null | grep -E 'warning:|error:' || true)
[ -z "$out" ] || { echo "$out"; status=1; }
[ $status -eq 0 ] && echo "static-check: cppcheck and clang-tidy clean"
exit $status
