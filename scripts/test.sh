#!/bin/sh
# test.sh - the README's test command: installs what is missing (Debian
# packages, as root), builds, runs the whole test suite twice (as built,
# then under AddressSanitizer and UndefinedBehaviorSanitizer), then the
# static checks (cppcheck, clang-tidy, mandoc -Tlint).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh test
sh scripts/install-deps.sh check
make test
exec make check
