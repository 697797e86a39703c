#!/bin/sh
# The build ("a plain build"): make only compiles, it never installs
# packages; it honours CC, CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS while the
# project's own flags stay; -Werror only with STRICT=1; make install
# honours DESTDIR, PREFIX, BINDIR and MANDIR, and make uninstall removes
# exactly what it installs.  Dry runs (make -n) on a copy of the sources
# without any build products.
. "$(dirname "$0")/lib.sh"

top=$(cd "$TESTS_DIR/.." && pwd)
make=$(command -v make)
# Nothing from a make above (make test) or the caller's environment.
unset MAKEFLAGS MFLAGS GNUMAKEFLAGS MAKELEVEL MAKEOVERRIDES CC CFLAGS CPPFLAGS \
	LDFLAGS LDLIBS STRICT PREFIX DESTDIR BINDIR MANDIR bindir mandir INSTALL \
	FUZZ_CC PKG_CONFIG SQLITE_CFLAGS SQLITE_LIBS CSV_CFLAGS CSV_LIBS

mkdir src src/tests
cp -R "$top/Makefile" "$top/lib" "$top/cmd" "$top/etc" "$top/man" "$top/po" "$top/scripts" src/
cp -R "$top/tests/unit" "$top/tests/fuzz" src/tests/
rm -f src/lib/libcs.a

# dry NAME ARG...: make -n ARG... in the copy; the output, its continued
# lines joined, in NAME.txt (make's messages too), the status in $status.
dry() {
	_name=$1
	shift
	(cd src && "$make" -n "$@") >"$_name.raw" 2>&1
	status=$?
	awk '{ if (sub(/\\$/, "")) { buf = buf $0 " "; next } print buf $0; buf = "" }' \
		"$_name.raw" >"$_name.txt"
}

# lacking FILE KIND FLAG...: prints each line of FILE of KIND (compile:
# has -c; link: has -o bin/...) without one of the FLAGs as a word, and
# "no KIND lines" when there is none.
lacking() {
	_file=$1 _kind=$2
	shift 2
	awk -v kind="$_kind" -v want="$*" '
	{
		is = 0
		for (i = 1; i <= NF; i++) {
			if (kind == "compile" && $i == "-c") is = 1
			if (kind == "link" && $i == "-o" && $(i + 1) ~ /^(build\/san\/)?bin\//) is = 1
		}
		if (!is) next
		n++
		k = split(want, w, " ")
		for (j = 1; j <= k; j++) {
			found = 0
			for (i = 1; i <= NF; i++) if ($i == w[j]) found = 1
			if (!found) { print "lacks " w[j] ": " $0; break }
		}
	}
	END { if (!n) print "no " kind " lines" }' "$_file"
}

# diag FILE: FILE's lines as TAP comments.
diag() {
	sed 's/^/# /' "$1"
}

# none FILE DESCRIPTION: passes when FILE is empty, else shows it.
none() {
	[ ! -s "$1" ]
	ok $? "$2"
	[ ! -s "$1" ] || diag "$1"
}

# A plain make: compiles only, whatever the packages installed.
dry plain
is_status 0 "make -n in a tree without build products"
grep -n -E 'apt-get|install-deps|dpkg|sudo' plain.txt >found.txt
none found.txt "make -n mentions neither apt-get nor install-deps"
: >missing.txt
for f in src/lib/*.c src/cmd/*.c; do
	f=${f#src/}
	grep -q -e " -c -o build/${f%.c}.o $f\$" plain.txt || echo "$f" >>missing.txt
done
none missing.txt "make -n compiles every lib/*.c and cmd/*.c"
grep -n -e '-Werror' plain.txt >found.txt
none found.txt "a plain make has no -Werror"
lacking plain.txt compile -Wall -Wextra -O2 -g >bad.txt
none bad.txt "a plain make compiles with -Wall -Wextra and the default CFLAGS -O2 -g"
is_absent src/build "the dry run made nothing"

# The user's flags reach every compile and link line; the project's stay.
# CPPFLAGS and LDFLAGS come from the environment, CFLAGS and LDLIBS from
# make's command line.
must="-std=c11 -pthread -Wall -Wextra -Ilib -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE"
CPPFLAGS=-DCS_PROBE_X LDFLAGS=-L/cs-probe-dir
export CPPFLAGS LDFLAGS
dry user CFLAGS=-O0 LDLIBS=-lcs_probe_lib
is_status 0 "make -n with CPPFLAGS, CFLAGS, LDFLAGS and LDLIBS"
unset CPPFLAGS LDFLAGS
# shellcheck disable=SC2086
lacking user.txt compile -DCS_PROBE_X -O0 $must >bad.txt
none bad.txt "CPPFLAGS and CFLAGS reach every compile line, with the project's flags"
grep -n -e '-O2' user.txt >found.txt
none found.txt "CFLAGS replaces the default -O2 -g"
lacking user.txt link -L/cs-probe-dir -lcs_probe_lib -O0 -pthread >bad.txt
none bad.txt "LDFLAGS, LDLIBS and CFLAGS reach every link line"
grep -e ' -o bin/' user.txt | grep -v -e 'lib/libcs\.a .*-lcs_probe_lib' >bad.txt
none bad.txt "LDLIBS comes after lib/libcs.a"
: >missing.txt
for f in src/cmd/cs-*.c; do
	f=${f##*/}
	grep -q -e " -o bin/${f%.c} " user.txt || echo "$f" >>missing.txt
done
none missing.txt "every program is linked"

# The libraries' flags: pkg-config's, else -lcsv and -lsqlite3.
mkdir pc
for lib in sqlite3 libcsv; do
	printf 'Name: %s\nDescription: probe\nVersion: 3.99\nCflags: -I/cs-probe-%s\nLibs: -L/cs-probe-%s -lcs_probe_%s\n' \
		"$lib" "$lib" "$lib" "$lib" >"pc/$lib.pc"
done
if command -v pkg-config >/dev/null; then
	dry pc PKG_CONFIG_PATH="$T/pc"
	lacking pc.txt compile -I/cs-probe-sqlite3 -I/cs-probe-libcsv >bad.txt
	lacking pc.txt link -L/cs-probe-sqlite3 -lcs_probe_sqlite3 -L/cs-probe-libcsv -lcs_probe_libcsv \
		>>bad.txt
	none bad.txt "sqlite3's and libcsv's flags come from pkg-config (PKG_CONFIG_PATH)"
else
	echo "ok $((_n += 1)) # skip no pkg-config"
fi
dry nopc PKG_CONFIG=/nonexistent/pkg-config
lacking nopc.txt link -lcsv -lsqlite3 -lm -pthread >bad.txt
none bad.txt "without pkg-config, -lcsv and -lsqlite3"

(CC=cs-probe-cc && export CC && dry cc)
grep -e ' -c ' -e ' -o bin/' cc.txt | grep -v '^cs-probe-cc ' >bad.txt
grep -q '^cs-probe-cc ' cc.txt || echo "no line starts with cs-probe-cc" >>bad.txt
none bad.txt "CC compiles and links"

dry san sanitize-test CPPFLAGS=-DCS_PROBE_X
# shellcheck disable=SC2086
lacking san.txt compile -DCS_PROBE_X -fsanitize=address,undefined $must >bad.txt
none bad.txt "make sanitize-test: CPPFLAGS and the project's flags reach the sanitizer build"
grep -n -e '-Werror' san.txt >found.txt
none found.txt "make sanitize-test has no -Werror without STRICT"

# -Werror: only with STRICT=1, and then everywhere.
dry strict STRICT=1
lacking strict.txt compile -Werror -Wall -Wextra >bad.txt
none bad.txt "make STRICT=1 compiles with -Werror"
dry strict-san STRICT=1 sanitize-test
lacking strict-san.txt compile -Werror -fsanitize=address,undefined >bad.txt
none bad.txt "make STRICT=1 sanitize-test: the sanitizer build has -Werror too"
grep -n -E 'STRICT=1 (test|check)' src/scripts/test.sh >found.txt
[ "$(wc -l <found.txt)" -eq 2 ]
ok $? "scripts/test.sh runs make test and make check with STRICT=1"

# No target installs packages; a missing tool is named, not installed.
: >found.txt
for t in test sanitize-test check check-man valgrind-test fuzz demo install uninstall; do
	dry target "$t"
	# The messages of a missing tool name install-deps.sh; they are echoed.
	sed 's/echo "[^"]*"//g' target.txt | grep -E 'apt-get|install-deps|dpkg|sudo' |
		sed "s/^/$t: /" >>found.txt
done
none found.txt "no make target calls install-deps or apt-get"
grep -v '^[[:space:]]*#' src/scripts/static-check.sh | grep -n 'install-deps' >found.txt
none found.txt "nor does scripts/static-check.sh, which make check runs"
dry demo demo
grep -q -e '^sh scripts/demo.sh --no-deps$' demo.txt
ok $? "make demo runs scripts/demo.sh --no-deps"

for t in valgrind:valgrind-test:valgrind clang:fuzz:fuzz; do
	tool=${t%%:*} t=${t#*:}
	target=${t%%:*} profile=${t#*:}
	(cd src && PATH=/nonexistent "$make" "$target") >out 2>err
	status=$?
	grep -q "^make: $tool not found: install it (on Debian: sh scripts/install-deps.sh $profile)" err
	found=$?
	ok $found "make $target without $tool names it and the install-deps command"
	[ $found -eq 0 ] || diag err
	[ "$status" -ne 0 ] && [ ! -e src/build ] && [ ! -e src/bin ]
	ok $? "make $target without $tool fails at once (exit $status), building nothing"
done

# make install and make uninstall: the same files, under DESTDIR.
{
	for f in src/cmd/cs-*.c; do
		f=${f##*/}
		echo "/tmp/x/p/bin/${f%.c}"
	done
	for f in src/man/*.[157]; do
		f=${f##*/}
		echo "/tmp/x/m/man${f##*.}/$f"
	done
	echo /tmp/x/p/share/cs/nightly.sh
	echo /tmp/x/p/share/locale/zh_CN/LC_MESSAGES/cs.mo
} | sort >expected.txt
dry install install DESTDIR=/tmp/x PREFIX=/p MANDIR=/m
is_status 0 "make -n install DESTDIR=/tmp/x PREFIX=/p MANDIR=/m"
awk '$1 == "install" && $2 == "-m" {
	d = $NF; sub(/\/$/, "", d)
	for (i = 4; i < NF; i++) { n = $i; sub(/.*\//, "", n); print d "/" n }
}' install.txt | sort >installed.txt
is_file installed.txt "make install puts the programs in /tmp/x/p/bin, the pages in /tmp/x/m/man[157], the nightly script in /tmp/x/p/share/cs, the catalogs in /tmp/x/p/share/locale" \
	<expected.txt
awk '$1 == "install" && $2 == "-d" { for (i = 3; i <= NF; i++) print $i }' install.txt |
	sort >dirs.txt
is_file dirs.txt "make install makes its directories under DESTDIR" <<'EOF'
/tmp/x/m/man1
/tmp/x/m/man5
/tmp/x/m/man7
/tmp/x/p/bin
/tmp/x/p/share/cs
/tmp/x/p/share/locale/zh_CN/LC_MESSAGES
EOF
dry uninstall uninstall DESTDIR=/tmp/x PREFIX=/p MANDIR=/m
is_status 0 "make -n uninstall DESTDIR=/tmp/x PREFIX=/p MANDIR=/m"
awk '$1 == "rm" && $2 == "-f" { for (i = 3; i <= NF; i++) print $i }' uninstall.txt |
	sort >removed.txt
is_file removed.txt "make uninstall removes exactly what make install installs" <expected.txt
grep -c -v -E '^rm -f ' uninstall.txt >others.txt
is_file others.txt "and does nothing else (builds nothing)" <<'EOF'
0
EOF

dry install2 install DESTDIR=/d PREFIX=/p
grep -q -e ' /d/p/bin/$' install2.txt && grep -q -e ' /d/p/share/man/man1/$' install2.txt
ok $? "by default BINDIR is PREFIX/bin and MANDIR PREFIX/share/man"
dry install3 install DESTDIR=/d BINDIR=/b MANDIR=/m
grep -q -e ' /d/b/$' install3.txt && grep -q -e ' /d/m/man5/$' install3.txt
ok $? "BINDIR and MANDIR choose the directories"
dry install4 install DESTDIR=/d bindir=/lb mandir=/lm
grep -q -e ' /d/lb/$' install4.txt && grep -q -e ' /d/lm/man7/$' install4.txt
ok $? "so do bindir and mandir"

done_testing
