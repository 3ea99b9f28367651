#!/bin/sh
# tests/e2e/cache.sh PAMPHLET: the build cache (.pamphlet/*/cache) makes
# rebuilds fast and never makes them different.
#
# Each step changes something (content, templates, site.yaml, out/ or the
# cache itself), then builds twice: into inc/, which keeps its cache from
# the step before, and into a fresh folder, which has none.  Both must
# give the same exit code, the same messages and the same files byte for
# byte.  Some steps also check what a rebuild must
# leave untouched (mtimes) and what it must redo.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1700000000
C=$tmp/content T=$tmp/templates I=$tmp/inc F=$tmp/fresh
cp -R "$top/content" "$C"
cp -R "$top/templates" "$T"
ex=$C/exercises
# A clinician's programme: the sheet holds two exercises, the others are
# only on the website (the cache treats the two kinds differently).
printf 'sheet:\n  - yoga\n  - neck-stretch\n' >>"$C/site.yaml"

# step NAME: build inc/ (cached) and fresh/ (not), compare everything.
# Leaves the incremental build's summary in $tmp/sum.
step() {
	"$bin" build -t "$T" -c "$C" -o "$I" >"$tmp/inc.out" 2>"$tmp/inc.err"
	irc=$?
	rm -rf "$F"
	"$bin" build -t "$T" -c "$C" -o "$F" >"$tmp/fresh.out" 2>"$tmp/fresh.err"
	frc=$?
	same_builds "$1" "$I" "$F"
}
written() { sed 's/ files written.*//' "$tmp/sum"; }
mtime() { stat -c %Y "$I/$1"; }
# age FILE...: set out/ files' mtime to 2001, to see which a build rewrites.
age() { for f; do touch -d 2001-01-01 "$I/$f"; done; }
aged() { [ "$(mtime "$1")" = "$(date -d 2001-01-01 +%s)" ]; }

step "first build"
CF=$(state_of "$C" "$I")/cache
t '[ -s "$CF" ]' "a build leaves its cache beside content/"
t '[ -z "$(find "$I" -name ".pamphlet*")" ]' "out/ holds the site only: $(find "$I" -name ".pamphlet*")"

step "nothing changed"
t '[ "$(written)" = 0 ]' "a build with nothing changed writes nothing: $(cat "$tmp/sum")"

age exercises/rows/index.html exercises/cycling/index.html exercise-sheet.pdf
touch "$ex/rows.md" "$C/site.yaml"
step "touch without a change"
t '[ "$(written)" = 0 ]' "touched files write nothing: $(cat "$tmp/sum")"
t 'aged exercises/rows/index.html' "a touched file's page keeps its mtime"

age exercises/rows/index.html exercises/cycling/index.html schedule/index.html exercises/index.html exercise-sheet.pdf
sed -i '/^category:/a frequency: "Twice a day"' "$ex/yoga.md"
step "one exercise's frequency"
t 'grep -q "<dd>Twice a day</dd>" "$I/exercises/yoga/index.html"' "the edited page shows the new frequency"
t 'grep -qE "<td[^>]*>Twice a day</td>" "$I/schedule/index.html"' "the schedule shows the new frequency"
t 'aged exercises/rows/index.html && aged exercises/cycling/index.html' "other exercises' pages are not rewritten"
t '! aged exercise-sheet.pdf' "the sheet (it holds yoga) is rewritten"
pdftotext "$I/exercise-sheet.pdf" - 2>/dev/null | tr '\n' ' ' | grep -q "Twice a day" ||
	no "the sheet shows the new frequency"

# A key of the field table end to end: what an exercise needs.
age exercises/rows/index.html exercises/cycling/index.html
sed -i 's/^equipment: .*/equipment: "A chair and a towel"/' "$ex/cycling.md"
step "one exercise's equipment"
t 'grep -q "<p>A chair and a towel</p>" "$I/exercises/cycling/index.html"' "the page shows the new equipment"
t 'aged exercises/rows/index.html' "other exercises' pages are not rewritten"
sed -i '/^equipment: /d' "$ex/cycling.md"
step "equipment removed"
t '! grep -q "What you need" "$I/exercises/cycling/index.html"' "no equipment, no section"
sed -i '/^category:/a equipment: "A yoga mat"' "$ex/yoga.md"
step "equipment of an exercise on the sheet"
pdftotext "$I/exercise-sheet.pdf" - 2>/dev/null | tr '\n' ' ' | grep -q "What you need: A yoga mat" ||
	no "the sheet's card shows what you need"

# Same size, same mtime: only the ctime (and the bytes) tell.
cp "$ex/rows.md" "$tmp/ref"
sed -i 's/^title: \(.\)/title: X/' "$ex/rows.md"
touch -r "$tmp/ref" "$ex/rows.md"
step "same-size edit, mtime put back"
t 'grep -q "<h1>X" "$I/exercises/rows/index.html"' "an edit that keeps size and mtime is seen"

printf '\n## Extra tips\n\nKeep breathing.\n' >>"$ex/rows.md"
printf '\nSee [the tips](rows.md#extra-tips).\n' >>"$ex/cycling.md"
step "a link to another exercise's heading"
sed -i 's/^## Extra tips/## More tips/' "$ex/rows.md"
step "the heading linked to is renamed"
t '[ "$irc" = 1 ] && grep -q "cycling.md:.*extra-tips" "$tmp/inc.err"' "the cached page's broken link is reported: $(cat "$tmp/inc.err")"
sed -i 's/#extra-tips/#more-tips/' "$ex/cycling.md"
step "the link is fixed"

sed -i 's/^title: .*/title: "Aaa first"/' "$ex/swimming.md"
step "a title that changes the order"

printf -- '---\ntitle: Walking\ncategory: aerobic\nfrequency: "Daily"\n---\nWalk.\n' >"$ex/walking.md"
step "an exercise added"
mv "$ex/walking.md" "$ex/brisk-walking.md"
step "an exercise renamed"
t '[ ! -e "$I/exercises/walking" ] && [ -f "$I/exercises/brisk-walking/index.html" ]' "the renamed page moves"
rm "$ex/brisk-walking.md"
step "an exercise removed"

sed -i 's/^nav_title: .*/nav_title: "Why it hurts"/' "$C/causes.md"
step "a section's menu title (the menu of every page)"
t 'grep -q "Why it hurts" "$I/exercises/rows/index.html"' "exercise pages show the new menu"

sed -i '/^last_reviewed:/d' "$ex/rows.md"
step "a page without a review date"
sed -i 's/^last_reviewed: .*/last_reviewed: 2031-02-03/' "$ex/neck-stretch.md"
step "a newer review date (in the footer of pages without their own)"
t 'grep -q "2031-02-03" "$I/exercises/rows/index.html"' "pages without a date show the newest review date"

printf '\nMore words for the printed sheet.\n' >>"$C/schedule.md"
step "the schedule page's text (on the sheet)"

echo '<p>Template edit</p>' >>"$T/exercise.html"
step "a template"
t 'grep -q "Template edit" "$I/exercises/rows/index.html"' "a template edit reaches every page"

sed -i 's/^title: .*/title: "Back care at home"/' "$C/site.yaml"
step "site.yaml"

cp "$top/tests/browser/fixtures/a11y/photo.png" "$ex/photo.png"
sed -i 's/^pictures:$/&\n  - file: photo.png\n    alt: "A person rowing"/' "$ex/rows.md"
t 'grep -q "file: photo.png" "$ex/rows.md"' "the picture is added to the exercise's list"
step "an image added"
printf 'x' >>"$ex/photo.png"
step "the image's bytes changed"
cp "$top/tests/browser/fixtures/a11y/photo.png" "$ex/photo.png"
step "the image put back"

sed -i 's/^category: .*/category: nonsense/' "$ex/swimming.md"
step "a content error"
t '[ "$irc" = 1 ]' "a content error fails the build"
sed -i 's/^category: .*/category: aerobic/' "$ex/swimming.md"
step "the error fixed"

echo "hand edit" >>"$I/exercises/rows/index.html"
step "a page in out/ edited by hand"
rm "$I/exercises/cycling/index.html"
step "a page in out/ deleted"
echo "hand edit" >>"$I/exercise-sheet.pdf"
step "the sheet edited by hand"
rm "$I/exercise-sheet.pdf"
step "the sheet deleted"

# One letter of a cached title changed, every stamp still right: a
# damaged cache must not put a wrong title in the lists.
step "before damaging the cache"
perl -0pi -e 's/Lat Pulldowns/Lat Pulldownz/' "$CF"
t 'grep -q "Lat Pulldownz" "$CF"' "the test damaged the cache"
step "a cache with one letter changed"
t '! grep -q "Pulldownz" "$I/exercises/index.html"' "a damaged cache is not used"
head -c 200 "$CF" >"$tmp/c" && cp "$tmp/c" "$CF"
sed -i 's/^frequency: .*/frequency: "Three times a day"/' "$ex/yoga.md"
step "a truncated cache"
head -c 4000 /dev/urandom >"$CF"
step "a cache of random bytes"
{ head -1 "$CF"; head -c 4000 /dev/urandom; } >"$CF.new"
mv "$CF.new" "$CF"
step "random bytes after the right header"

step "check without cache changes"
"$bin" build -q --paper letter -t "$T" -c "$C" -o "$I" || no "letter build: $(cat "$tmp/inc.err")"
t '[ "$(pdfinfo "$I/exercise-sheet.pdf" | sed -n "s/^Page size: *\([0-9]*\).*/\1/p")" = 612 ]' "--paper letter is not served from an A4 cache"
step "back to A4"

finish cache
