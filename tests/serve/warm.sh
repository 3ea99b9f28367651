#!/bin/sh
# tests/serve/warm.sh PAMPHLET: what `pamphlet serve` keeps between its
# builds (generator/warm.h: the build cache in memory, what the watchers
# of the content and output folders saw) never changes the output.
# After each step out/ must be, byte for byte, what a fresh
# `pamphlet build --no-cache` of the same files writes into another
# folder (diff -r).
#
# The steps, on a copy of the shipped (two-language) site with a sheet
# of two exercises (site.yaml's sheet:, so that an edit to another keeps
# the rest of the site from the cache): an exercise edited several times
# (sed -i, which renames a new file over it, and a write in place); a
# section's menu title changed (on every page: the cache cannot be
# used); an exercise added, then removed; out/ changed by hand (a page's
# bytes, a page removed, a page's folder removed), then an exercise
# edited (the hand-made changes must be undone); another build into
# out/ with other templates, then an edit; a translation edited;
# an order a translation inherits; a build that fails, then fixed; all
# of out/ removed; a link put in out/ (its watcher stops: every output
# file is looked at again).  Then, with the server stopped,
# `pamphlet build` uses the cache file it left, with the same result.
# The rebuilds that follow a rebuild stat() only the output files the
# output folder's watcher named (PAMPHLET_TIMINGS: "N of M output files
# looked at").  Works in tests/tmp/serve-warm/; kills the server it
# started.
NAME=serve-warm
WORK=$(cd "$(dirname "$0")/../.." && pwd)/tests/tmp/serve-warm
. "$(dirname "$0")/lib.sh"
printf 'sheet: [chest-stretch, yoga]\n' >>"$C/site.yaml"
EX=$C/exercises
n=$(ls "$EX"/*.md "$C"/*/exercises/*.md | wc -l)

# few_outputs: the last build stat()ed fewer output files than there
# are exercise pages (the output folder's watcher was used).
few_outputs() {
	_last=$(grep 'output files looked at' "$W/err" | tail -1)
	_n=$(echo "$_last" | sed -n 's/.*: \([0-9]*\) of [0-9]* output.*/\1/p')
	if [ -n "$_n" ] && [ "$_n" -lt "$n" ]; then
		ok
	else
		bad "$step: expected fewer than $n output files looked at, got \"$_last\""
	fi
}
# edit FILE KEY VALUE: set front-matter KEY of FILE to "VALUE" (sed -i:
# a new file renamed over it).
edit() { sed -i "s/^$2: .*/$2: \"$3\"/" "$1"; }
# rebuild: edit rows.md (a new number of repetitions each time), wait for
# the build, and compare out/ with a fresh build.
reps=0
rebuild() {
	reps=$((reps + 1))
	after edit "$EX/rows.md" reps "$reps-$((reps + 4))"
}

start

step='edit an exercise'
rebuild

step='edit it again'
rebuild && few_outputs

step='edit it in place'
b=$(builds)
sed 's/^reps: .*/reps: "5-9"/' "$EX/rows.md" >"$W/rows.md"
cat "$W/rows.md" >"$EX/rows.md"
settle "$b" && same && few_outputs

step='a title in every menu'
after edit "$C/causes.md" nav_title "Why it hurts"
grep -q 'Why it hurts' "$O/exercises/yoga/index.html" ||
	bad "$step: the new menu title is not on a page the edit did not touch"

step='edit an exercise after that'
rebuild && few_outputs

step='add an exercise'
b=$(builds)
sed 's/^title: .*/title: "A New One"/' "$EX/rows.md" >"$W/new.md"
mv "$W/new.md" "$EX/a-new-one.md"
settle "$b" && same
[ -f "$O/exercises/a-new-one/index.html" ] || bad "$step: no page for it"

step='remove it'
after rm "$EX/a-new-one.md"
[ -e "$O/exercises/a-new-one" ] && bad "$step: its page stays"

step='a page changed by hand, then an edit'
printf '<p>changed by hand</p>\n' >>"$O/exercises/cycling/index.html"
rebuild && few_outputs

step='a page removed by hand, then an edit'
rm "$O/exercises/yoga/index.html"
rebuild

step="a page's folder removed by hand, then an edit"
rm -rf "$O/exercises/swimming"
rebuild

step='another build into out/, with other templates, then an edit'
cp -R "$T" "$W/other-templates"
sed -i 's|</footer>|<p>Other templates</p></footer>|' "$W/other-templates/partials/footer.html"
"$bin" build -q -c "$C" -t "$W/other-templates" -o "$O" 2>/dev/null ||
	bad "$step: the other build fails"
grep -q 'Other templates' "$O/exercises/cycling/index.html" ||
	bad "$step: the other build did not write out/"
rebuild

step='a translation edited'
after edit "$C/es/exercises/rows.md" summary "Suba un peso hacia el pecho, despacio."

step='an order the translation inherits'
after sed -i 's/^order: .*/order: 99/' "$EX/rows.md"

step='a build that fails'
b=$(builds)
sed -i 's/^title: /titel: /' "$EX/rows.md"
settle "$b"
grep -q 'titel' "$W/err" || bad "$step: the broken file is not reported"

step='then fixed'
after sed -i 's/^titel: /title: /' "$EX/rows.md"

step='all of out/ removed, then an edit'
rm -rf "$O"
rebuild

step='edit after that'
rebuild

step='and once more (out/ watched again)'
rebuild && few_outputs

step='a link in out/, then an edit'
ln -s "$W" "$O/zz-link"
b=$(builds)
edit "$EX/rows.md" reps "30-40"
settle "$b"
rm "$O/zz-link"
same

step='its watcher stopped: a page changed by hand, then an edit'
printf '<p>changed by hand</p>\n' >>"$O/exercises/cycling/index.html"
rebuild && looked output "$n of $n"

stop

step='pamphlet build after serve'
mv "$W/err" "$W/serve.err"
edit "$EX/cycling.md" title "Cycling, edited"
if PAMPHLET_TIMINGS=1 "$bin" build -c "$C" -t "$T" -o "$O" >"$W/err" 2>&1; then
	looked exercise "$n of $n" # (no watcher: each stat()ed)
	same
else
	bad "$step: the build fails: $(cat "$W/err")"
fi
finish
