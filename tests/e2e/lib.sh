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
