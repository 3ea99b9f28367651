# tests/e2e/lib.sh: what every end-to-end script starts with.  Sourced
# (`. "$(dirname "$0")/lib.sh"`) by a script called with PAMPHLET as $1;
# gives $bin (PAMPHLET, absolute), $here (tests/e2e), $top (the project),
# $tmp (a fresh folder, removed on exit), and the counters: ok, no
# MESSAGE, t 'CONDITION' MESSAGE, and finish NAME to print the tally and
# give the exit status.
set -u
bin=$(cd "$(dirname "${1:-generator/pamphlet}")" && pwd)/$(basename "${1:-generator/pamphlet}")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL $*"; }
t() { if eval "$1"; then ok; else no "$2"; fi; }
finish() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
# state_of CONTENT OUT: the folder where pamphlet keeps its records about
# the output folder OUT (in .pamphlet/ beside CONTENT: generator/state.h).
state_of() {
	_want=$(realpath -m "$2")
	for _f in "$(dirname "$(realpath -m "$1")")"/.pamphlet/*/folder; do
		if [ -f "$_f" ] && [ "$(cat "$_f")" = "$_want" ]; then
			dirname "$_f"
			return 0
		fi
	done
	return 1
}

# one_language CONTENT: the shipped content in English only (for tests
# that take the English drawings away: the translation names them).
one_language() {
	rm -rf "$1/es"
	sed -i 's/^languages: .*/language: en/' "$1/site.yaml"
}

# same_builds NAME INC FRESH: a build with the cache into INC (exit
# status $irc, messages in $tmp/inc.out and $tmp/inc.err) against one
# without it into FRESH ($frc, $tmp/fresh.out and .err): the same exit
# status, the same messages (but for the folder, the time, the counts
# and PAMPHLET_TIMINGS lines) and, when they succeeded, the same files
# byte for byte.  Leaves the cached build's summary in $tmp/sum.
same_builds() {
	_clean() { grep -v '^pamphlet: timing:' | sed "s|$1|OUT|g; s/([0-9.]* s)//; s/[0-9]* files written, [0-9]* unchanged, [0-9]* removed//"; }
	_clean "$2" <"$tmp/inc.err" >"$tmp/a"
	_clean "$3" <"$tmp/fresh.err" >"$tmp/b"
	cat "$tmp/inc.out" "$tmp/inc.err" |
		grep -o '[0-9]* files written, [0-9]* unchanged, [0-9]* removed' >"$tmp/sum"
	t '[ "$irc" = "$frc" ]' "$1: exit $irc with the cache, $frc without"
	t 'cmp -s "$tmp/a" "$tmp/b"' "$1: messages differ: $(diff "$tmp/a" "$tmp/b" | head -5)"
	if [ "$frc" = 0 ]; then
		if diff -r "$2" "$3" >"$tmp/diff"; then ok; else
			no "$1: output differs from a build without the cache:"
			head -5 "$tmp/diff"
		fi
	fi
}

# real_clinic CONTENT: the clinic's real details in place of the
# example's placeholders, which pamphlet handout refuses to print.
real_clinic() {
	sh "$top/tests/e2e/real-clinic.sh" "$1"
}

# no_checks CONTENT: the plain-language checks off (they have tests of
# their own), so that a test can expect a build to say nothing.
no_checks() {
	printf 'checks:\n  reading_grade: off\n  reading_ease: off\n  sentence_words: off\n  review_days: off\n  jargon: off\n  missing_pieces: off\n  placeholders: off\n' >>"$1/site.yaml"
}
