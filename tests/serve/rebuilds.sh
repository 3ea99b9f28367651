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
NAME=serve-rebuilds
WORK=$(cd "$(dirname "$0")/../.." && pwd)/tests/tmp/serve-rebuilds
. "$(dirname "$0")/lib.sh"
# (One language: the counts below are the English exercises'.)
rm -rf "$C/es"
sed -i 's/^languages: .*/language: en/' "$C/site.yaml"
start
n=$(ls "$C"/exercises/*.md | wc -l)

step='edit an exercise'
after sed -i 's/^title: "\(.*\)"$/title: "\1 edited"/' "$C/exercises/chest-stretch.md" && looked exercise "1 of $n"

step='edit it again'
after sed -i 's/ edited"$/ edited twice"/' "$C/exercises/chest-stretch.md" && looked exercise "1 of $n"

step='add an exercise'
b=$(builds)
sed 's/^title: .*/title: "A new one"/' "$C/exercises/chest-stretch.md" >"$W/new.md"
mv "$W/new.md" "$C/exercises/a-new-one.md"
settle "$b" && same

step='edit after adding'
b=$(builds)
printf '\nOne more line.\n' >>"$C/exercises/a-new-one.md"
settle "$b" && same && looked exercise "1 of $((n + 1))"

step='remove an exercise'
after rm "$C/exercises/a-new-one.md"

step='edit a template'
b=$(builds)
sed -i 's|</footer>|<p>Footer edited</p></footer>|' "$T/partials/footer.html"
settle "$b" && same
grep -q 'Footer edited' "$O/index.html" || bad "$step: the template's edit is not in out/"

step='edit site.yaml'
after sed -i 's/^title: "\(.*\)"$/title: "\1 edited"/' "$C/site.yaml"

step='two exercises, one broken'
b=$(builds)
sed -i 's/^title: "\(.*\)"$/title: "\1 changed"/' "$C/exercises/rows.md"
sed -i 's/^title: /titel: /' "$C/exercises/chest-stretch.md"
settle "$b"
grep -q 'titel' "$W/err" || bad "$step: the broken file is not reported"
grep -q 'changed' "$O/exercises/rows/index.html" && bad "$step: a failed build changed out/"

step='the broken one fixed'
after sed -i 's/^titel: /title: /' "$C/exercises/chest-stretch.md" && looked exercise "2 of $n"
grep -q 'changed' "$O/exercises/rows/index.html" || bad "$step: the change made before the failed build is not in out/"

stop
finish
