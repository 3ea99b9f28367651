# tests/serve/lib.sh: what the scripts that edit files under a running
# `pamphlet serve` share.  Sourced (`. "$(dirname "$0")/lib.sh"`) by a
# script called with PAMPHLET as $1, after it sets NAME (its name in the
# messages) and WORK (its folder, under tests/tmp/).  Gives $bin
# (PAMPHLET, absolute), $root (the project), W C T O (the work folder,
# and in it a copy of the shipped content and templates and the output
# folder), the counters (ok, bad MESSAGE, finish), and:
#
#   start           serve C with T into O (PAMPHLET_TIMINGS=1, stderr
#                   in $W/err; the variables in $SERVE_ENV, such as an
#                   LD_PRELOAD, in its environment), killed when the
#                   script ends; waits until it serves
#   stop            SIGTERM, and it must end with 0
#   builds          how many builds it reported so far
#   settle N        wait until it reported more than N builds, then until
#                   none came for 0.4 s (an edit may make two)
#   same            out/ is, byte for byte, what a fresh
#                   `pamphlet build --no-cache` writes into another folder
#   after CMD...    run CMD (an edit), wait for the build(s) it makes,
#                   then same
#   looked KIND N   the last build's cache looked at N ("1 of 9") KIND
#                   files ("exercise" or "output")
#
# $step names the step in the messages.
set -u
bin=$(cd "$(dirname "${1:-generator/pamphlet}")" && pwd)/$(basename "${1:-generator/pamphlet}")
root=$(cd "$(dirname "$0")/../.." && pwd)
W=$WORK
pass=0 fail=0 pid=
step='start'
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "$NAME: FAIL $*"; }
finish() {
	echo "$NAME: $pass passed, $fail failed"
	[ $fail -eq 0 ]
}

rm -rf "$W"
mkdir -p "$W"
cp -R "$root/content" "$W/content"
cp -R "$root/templates" "$W/templates"
C=$W/content T=$W/templates O=$W/out
cd "$W" || exit 1

start() {
	: >"$W/err" # (before the server's shell opens it: grep waits on it)
	# shellcheck disable=SC2086 # (words: VAR=value ...)
	env ${SERVE_ENV:-} PAMPHLET_TIMINGS=1 "$bin" serve --port 0 -c "$C" -t "$T" -o "$O" >"$W/err" 2>&1 &
	pid=$!
	trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM
	_i=0
	while ! grep -q '^pamphlet: serving ' "$W/err" && [ $_i -lt 300 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	grep -q '^pamphlet: serving ' "$W/err" ||
		{ bad "the server did not start: $(cat "$W/err")"; exit 1; }
}
stop() {
	kill "$pid"
	wait "$pid"
	_st=$?
	[ $_st -eq 0 ] && ok || bad "the server ended with status $_st"
	trap - EXIT INT TERM
}
builds() { grep -c -e '^pamphlet: built ' -e '^pamphlet: [0-9]* errors*;' "$W/err"; }
settle() {
	_i=0
	while [ "$(builds)" -le "$1" ] && [ $_i -lt 200 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ $_i -lt 200 ] || { bad "no build after: $step"; return 1; }
	_k=$(builds)
	while :; do
		sleep 0.4
		_m=$(builds)
		[ "$_m" = "$_k" ] && break
		_k=$_m
	done
}
same() {
	rm -rf "$W/fresh" "$W/fresh.err"
	if ! "$bin" build -q --no-cache -c "$C" -t "$T" -o "$W/fresh" 2>"$W/fresh.err"; then
		bad "$step: the fresh build fails: $(cat "$W/fresh.err")"
	elif diff -r "$O" "$W/fresh" >"$W/diff" 2>&1; then
		ok
	else
		bad "$step: out/ differs from a fresh build: $(head -5 "$W/diff")"
	fi
}
after() {
	_b=$(builds)
	"$@"
	settle "$_b" && same
}
looked() {
	_last=$(grep "$1 files looked at" "$W/err" | tail -1)
	case $_last in
	*": $2 $1 files looked at") ok ;;
	*) bad "$step: expected \"$2 $1 files looked at\", got \"$_last\"" ;;
	esac
}
