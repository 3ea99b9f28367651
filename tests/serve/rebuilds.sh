#!/bin/sh
# tests/serve/rebuilds.sh PAMPHLET: `pamphlet serve`'s rebuilds through a
# sequence of edits give, every time, the same out/ as a fresh
# `pamphlet build --no-cache` of the same files (diff -r, every byte),
# and the quick path is taken: a rebuild after editing one exercise
# stat()s only that file (PAMPHLET_TIMINGS: "1 of N exercise files
# looked at"), also after a build that failed in between.
#
# The edits: an exercise (sed -i, which leaves a temporary file too),
# one added, one removed, a template, site.yaml, two exercises at once
# with one of them broken (the build fails, the site stays), then only
# the broken one fixed (the other's change must still be built).
# Works in tests/tmp/serve-rebuilds/; kills the server it started.
set -u
bin=$(cd "$(dirname "${1:-generator/pamphlet}")" && pwd)/$(basename "${1:-generator/pamphlet}")
root=$(cd "$(dirname "$0")/../.." && pwd)
W=$root/tests/tmp/serve-rebuilds
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "serve-rebuilds: FAIL $*"; }

rm -rf "$W"
mkdir -p "$W"
cp -R "$root/content" "$W/content"
cp -R "$root/templates" "$W/templates"
# (One language: the counts below are the English exercises'.)
rm -rf "$W/content/es"
sed -i 's/^languages: .*/language: en/' "$W/content/site.yaml"
C=$W/content T=$W/templates O=$W/out
cd "$W" || exit 1

PAMPHLET_TIMINGS=1 "$bin" serve --port 0 -c "$C" -t "$T" -o "$O" >"$W/err" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM

# builds: how many builds the server reported so far.
builds() { grep -c -e '^pamphlet: built ' -e '^pamphlet: [0-9]* errors*;' "$W/err"; }
# settle N: wait (up to 20 s) until more than N builds were reported,
# then until none came for 0.4 s (an edit may make two).
settle() {
	i=0
	while [ "$(builds)" -le "$1" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	[ $i -lt 200 ] || { bad "no build after: $step"; return 1; }
	k=$(builds)
	while :; do
		sleep 0.4
		m=$(builds)
		[ "$m" = "$k" ] && break
		k=$m
	done
}
# same: out/ is what a fresh build of the same files gives.
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
# looked WHAT: the last build's cache looked at WHAT ("1 of 9").
looked() {
	last=$(grep 'exercise files looked at' "$W/err" | tail -1)
	case $last in
	*": $1 exercise files looked at") ok ;;
	*) bad "$step: expected \"$1 exercise files looked at\", got \"$last\"" ;;
	esac
}

i=0
while ! grep -q '^pamphlet: serving ' "$W/err" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
grep -q '^pamphlet: serving ' "$W/err" || { bad "the server did not start: $(cat "$W/err")"; exit 1; }
n=$(ls "$C"/exercises/*.md | wc -l)

step='edit an exercise'
b=$(builds)
sed -i 's/^title: "\(.*\)"$/title: "\1 edited"/' "$C/exercises/chest-stretch.md"
settle "$b" && same && looked "1 of $n"

step='edit it again'
b=$(builds)
sed -i 's/ edited"$/ edited twice"/' "$C/exercises/chest-stretch.md"
settle "$b" && same && looked "1 of $n"

step='add an exercise'
b=$(builds)
sed 's/^title: .*/title: "A new one"/' "$C/exercises/chest-stretch.md" >"$W/new.md"
mv "$W/new.md" "$C/exercises/a-new-one.md"
settle "$b" && same

step='edit after adding'
b=$(builds)
printf '\nOne more line.\n' >>"$C/exercises/a-new-one.md"
settle "$b" && same && looked "1 of $((n + 1))"

step='remove an exercise'
b=$(builds)
rm "$C/exercises/a-new-one.md"
settle "$b" && same

step='edit a template'
b=$(builds)
sed -i 's|</footer>|<p>Footer edited</p></footer>|' "$T/partials/footer.html"
settle "$b" && same
grep -q 'Footer edited' "$O/index.html" || bad "$step: the template's edit is not in out/"

step='edit site.yaml'
b=$(builds)
sed -i 's/^title: "\(.*\)"$/title: "\1 edited"/' "$C/site.yaml"
settle "$b" && same

step='two exercises, one broken'
b=$(builds)
sed -i 's/^title: "\(.*\)"$/title: "\1 changed"/' "$C/exercises/rows.md"
sed -i 's/^title: /titel: /' "$C/exercises/chest-stretch.md"
settle "$b"
grep -q 'titel' "$W/err" || bad "$step: the broken file is not reported"
grep -q 'changed' "$O/exercises/rows/index.html" && bad "$step: a failed build changed out/"

step='the broken one fixed'
b=$(builds)
sed -i 's/^titel: /title: /' "$C/exercises/chest-stretch.md"
settle "$b" && same && looked "2 of $n"
grep -q 'changed' "$O/exercises/rows/index.html" || bad "$step: the change made before the failed build is not in out/"

kill "$pid"
wait "$pid"
st=$?
[ $st -eq 0 ] && ok || bad "the server ended with status $st"
trap - EXIT INT TERM
echo "serve-rebuilds: $pass passed, $fail failed"
[ $fail -eq 0 ]
