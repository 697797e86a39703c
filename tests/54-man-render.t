#!/bin/sh
# The manual pages as man(1) shows them: groff renders every page
# without a warning and without the glitches of mdoc that mandoc hides
# or shares: a quote opened inside another (`.Ql a , Ql b` on one line
# nests: ‘a, ‘b’’), doubled closing quotes, a special character whose
# name groff does not know shown half as text (\(lceil is ⌈ and "eil"),
# an escape shown literally.  mandoc's rendering is held to the same,
# and its lint stays clean.  groff comes from groff-base (installed by
# scripts/install-deps.sh test).
. "$(dirname "$0")/lib.sh"

# glitches < TEXT: prints each glitch with its line number, fails if any.
# Quotes are followed across lines (a quote may wrap); a closing quote
# with none open is an apostrophe (groff renders ' as ’).
cat >glitches.pl <<'EOF'
use strict; use warnings;
binmode STDIN, ':encoding(UTF-8)'; binmode STDOUT, ':encoding(UTF-8)';
my ($sq, $dq, $bad) = (0, 0, 0);
sub bad { print "$.: $_[0]: $_[1]\n"; $bad++ }
while (my $l = <STDIN>) {
	$l =~ s/.\x08//g;
	chomp $l;
	for my $c (split //, $l) {
		if ($c eq "\x{2018}") { bad('quote opened inside a quote', $l) if $sq; $sq = 1 }
		elsif ($c eq "\x{2019}") { $sq = 0 }
		elsif ($c eq "\x{201C}") { bad('double quote opened inside one', $l) if $dq; $dq = 1 }
		elsif ($c eq "\x{201D}") { $dq = 0 }
	}
	bad('doubled closing quote', $l) if $l =~ /\x{2019}\x{2019}|\x{201D}\x{201D}/;
	bad('special character followed by the rest of its name', $l)
	    if $l =~ /[\x{2308}-\x{230B}](?:eil|oor)/;
	bad('escape shown as text', $l)
	    if $l =~ /\\(?:\([a-z][a-z]|\[[a-z]|f[BIRP]|&|e)/;
}
exit($bad ? 1 : 0);
EOF

if ! command -v groff >/dev/null 2>&1; then
	ok 1 "groff is installed (sh scripts/install-deps.sh test)"
	done_testing
	exit
fi

for page in "$TESTS_DIR"/../man/*.[157]; do
	name=$(basename "$page")
	# -K utf8: the pages are UTF-8 whatever the locale (the suite also
	# runs in the C locale, where preconv would guess Latin-1).
	groff -K utf8 -ww -z -mandoc -Tutf8 "$page" >warnings 2>&1
	is_file warnings "groff -ww: no warning in $name" </dev/null
	[ -s warnings ] && sed 's/^/# /' warnings
	groff -K utf8 -mandoc -Tutf8 -rLL=100n "$page" >groff.txt 2>/dev/null
	perl glitches.pl <groff.txt >found
	ok $? "groff renders $name without quote or escape glitches"
	sed 's/^/# /' found
	mandoc -Tutf8 -Owidth=100 "$page" >mandoc.txt 2>/dev/null
	perl glitches.pl <mandoc.txt >found
	ok $? "mandoc renders $name without quote or escape glitches"
	sed 's/^/# /' found
	mandoc -Tlint -W warning "$page" >lint 2>&1
	is_file lint "mandoc -Tlint $name" </dev/null
done

# The checker catches what it is for.
cat >bad.7 <<'EOF'
.Dd December 2, 2026
.Dt BAD 7
.Os
.Sh NAME
.Nm bad
.Nd glitches
.Sh DESCRIPTION
.Ql yes Ns / Ns Ql no ,
the first \(lceil n \(rceil .
EOF
groff -K utf8 -mandoc -Tutf8 bad.7 2>/dev/null | perl glitches.pl >found
[ "$(grep -c 'quote opened inside' found)" -ge 1 ] &&
	grep -q 'rest of its name' found
ok $? "nested quotes and \\(lceil are found"
done_testing
