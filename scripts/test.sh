#!/bin/sh
# test.sh - the README's test command: installs what is missing (Debian
# packages, as root), builds with warnings as errors (STRICT=1), runs the
# whole test suite three times (as built, then under AddressSanitizer
# and UndefinedBehaviorSanitizer, then as built in the C locale), then
# on PostgreSQL the files that run on both backends (scripts/test-pg.sh:
# a throwaway server of its own; one line "PostgreSQL pass: skipped
# (...)" while the programs cannot open a PostgreSQL database), as
# built and under the sanitizers, then the static checks (cppcheck,
# clang-tidy, mandoc -Tlint).  make itself installs nothing: the
# packages are installed here, before it runs.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh test
sh scripts/install-deps.sh check
make STRICT=1 test
CS_BIN="$PWD/bin" CS_TEST_LOCALE=C prove -f tests/*.t
CS_BIN="$PWD/bin" sh scripts/test-pg.sh
make STRICT=1 sanitize-test-pg
exec make STRICT=1 check
