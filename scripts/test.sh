#!/bin/sh
# test.sh - the README's test command: installs what is missing (Debian
# packages, as root), builds, and runs the whole test suite twice: as
# built, then under AddressSanitizer and UndefinedBehaviorSanitizer.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh test
exec make test
