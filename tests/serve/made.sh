#!/bin/sh
# tests/serve/made.sh PAMPHLET: `pamphlet serve` serves a build's new
# files from memory while it writes them into out/ (build.h's made hook,
# httpd_serve_made()): a save shows without waiting for the disk, and a
# build whose writing fails shows the old page with the error banner,
# never the page it could not write.
#
# An LD_PRELOAD shim (tests/serve/hold.c) holds the rename of one
# page into out/ until told to go on, or makes it fail.  Steps: an
# exercise edited, its rename held: the new page is served while out/
# still has the old one (and the exercises list, whose rename is not
# held, is new too); let go: out/ equals a fresh build.  Then the rename
# fails: the build fails, the page served is the old one from out/, with
# the banner.  Then the rename works again, the next save is served and
# written; the edited page, shown early (build_opts.early) and then the
# same in the whole build, is not reloaded a second time (its long poll
# keeps waiting), other pages are.  Works in tests/tmp/serve-made/; kills the server it started.
NAME=serve-made
WORK=$(cd "$(dirname "$0")/../.." && pwd)/tests/tmp/serve-made
. "$(dirname "$0")/lib.sh"
SHIM=$W/hold.so
cc -shared -fPIC -o "$SHIM" "$root/tests/serve/hold.c" -ldl ||
	{ bad "cannot build the shim"; finish; exit 1; }
CONF=$W/shim.conf
MARK=$W/held
: >"$CONF"
SERVE_ENV="LD_PRELOAD=$SHIM SHIM_CONF=$CONF"
# A sheet without rows.md: editing it makes its page alone again (and
# reads no other exercise's file).
printf 'sheet: [chest-stretch, yoga]\n' >>"$C/site.yaml"
EX=$C/exercises/rows.md
PAGE=exercises/rows/index.html
start
url=$(sed -n 's|^pamphlet: serving .* at \(http://[^ ]*\)/ (Ctrl-C.*|\1|p' "$W/err")
[ -n "$url" ] || { bad "no address in: $(cat "$W/err")"; finish; exit 1; }
get() { curl -s -m 10 "$url/$1"; }
# wait_for TEXT PATH: until PATH is served with TEXT (10 s at most).
wait_for() {
	_i=0
	until get "$2" | grep -qF "$1"; do
		_i=$((_i + 1))
		[ $_i -lt 200 ] || return 1
		sleep 0.05
	done
}
# edit VALUE: rows.md's repetitions become VALUE (a new file renamed over
# it, as editors save).
edit() { sed -i "s/^reps: .*/reps: \"$1\"/" "$EX"; }

step='held while out/ is written'
echo "slow /$PAGE $MARK" >"$CONF"
b=$(builds)
edit 31-37
wait_for 31-37 "exercises/rows/" && ok || bad "$step: the new page is not served"
# (The page may be shown early, before the writing starts: wait for it.)
i=0
while [ ! -e "$MARK" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
if [ -e "$MARK" ]; then ok; else bad "$step: the rename was not held"; fi
if grep -qF 31-37 "$O/$PAGE"; then
	bad "$step: out/ has the new page already: the test shows nothing"
else
	ok
fi
get "exercises/" | grep -qF "Rows" && ok || bad "$step: the list is not served"
get "exercises/rows/" | grep -qF 'role="alert"' &&
	bad "$step: the page has an error banner" || ok
rm -f "$MARK"
settle "$b" && same
grep -qF 31-37 "$O/$PAGE" && ok || bad "$step: out/ lacks the new page"
get "exercises/rows/" | grep -qF 31-37 && ok ||
	bad "$step: the page is not served from out/ afterwards"

step='writing fails'
echo "fail /$PAGE" >"$CONF"
b=$(builds)
edit 41-47
settle "$b"
grep -q '^pamphlet: [0-9]* errors*;' "$W/err" && ok ||
	bad "$step: the build did not fail: $(tail -3 "$W/err")"
page=$(get "exercises/rows/")
# (The banner quotes the build's messages, which may name the figures:
# look at the dose itself.)
echo "$page" | grep -qF '<dd>31-37</dd>' && ok ||
	bad "$step: the page served is not out/'s (the last written)"
echo "$page" | grep -qF '<dd>41-47</dd>' &&
	bad "$step: the page that could not be written is served" || ok
echo "$page" | grep -qF 'role="alert"' && ok ||
	bad "$step: no error banner"

step='writing works again'
: >"$CONF"
b=$(builds)
edit 51-57
wait_for 51-57 "exercises/rows/" && ok || bad "$step: the new page is not served"
settle "$b" && same
get "exercises/rows/" | grep -qF 'role="alert"' &&
	bad "$step: the banner stays" || ok

# Held after the pages just edited are made (the build reads a picture
# of an exercise neither edited nor on the sheet only when it copies the
# site's pictures, after): the edited
# page is shown, and only its open pages are told to reload; the others
# wait for the whole build.
step='shown early, the rest held'
before=$(get "exercises/rows/" | sed -n 's/.*data-gen="\([0-9]*\)".*/\1/p')
echo "open /cycling-1.svg $MARK" >"$CONF"
b=$(builds)
edit 61-67
wait_for '<dd>61-67</dd>' "exercises/rows/" && ok ||
	bad "$step: the edited page is not shown"
i=0
while [ ! -e "$MARK" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -e "$MARK" ] && ok || bad "$step: the build was not held"
get "schedule/" | grep -qF '61-67' &&
	bad "$step: the schedule is new already: the test shows nothing" || ok
grep -qF 61-67 "$O/$PAGE" && bad "$step: out/ has the new page already" || ok
answer=$(curl -s -m 5 "$url/__pamphlet/wait?gen=$before&page=%2Fexercises%2Frows%2F")
[ "$answer" = "$((before + 1))" ] && ok ||
	bad "$step: the edited page's long poll got \"$answer\", expected $((before + 1))"
answer=$(curl -s -m 1 "$url/__pamphlet/wait?gen=$before&page=%2Fschedule%2F")
[ -z "$answer" ] && ok ||
	bad "$step: the schedule's long poll answered \"$answer\" before the whole build"
: >"$CONF"
rm -f "$MARK"
settle "$b" && same
get "schedule/" | grep -qF '61-67' && ok || bad "$step: the schedule is not new"

# The page just edited was shown early (generation G-1), then the whole
# build was published (G): a page that shows it as of G-1 already shows
# what the build made, and is not reloaded; other pages are.
step='no second reload for the page shown early'
gen=$(get "exercises/rows/" | sed -n 's/.*data-gen="\([0-9]*\)".*/\1/p')
early=$((gen - 1))
wait_url="$url/__pamphlet/wait?gen=$early&page="
t0=$(date +%s)
answer=$(curl -s -m 12 "${wait_url}%2Fexercises%2Frows%2F")
t1=$(date +%s)
if [ "$answer" = "$early" ] && [ $((t1 - t0)) -ge 5 ]; then
	ok
else
	bad "$step: the edited page's long poll answered \"$answer\" after $((t1 - t0)) s (expected $early, after the 8 s wait)"
fi
answer=$(curl -s -m 5 "${wait_url}%2Fexercises%2F")
[ "$answer" = "$gen" ] && ok ||
	bad "$step: the exercises list (not shown early) got \"$answer\", expected $gen"
answer=$(curl -s -m 5 "${wait_url}%2Ffaq%2F")
[ "$answer" = "$gen" ] && ok ||
	bad "$step: the FAQ page got \"$answer\", expected $gen"
stop
finish
