#!/bin/sh
# End to end: build the shipped content as a user would, check the site,
# then check how builds treat out/: unchanged files keep their mtime, a
# removed exercise's page goes, foreign files stay, a failed build or
# `check` changes nothing.
. "$(dirname "$0")/lib.sh"

cd "$top" || exit 1
t '"$bin" build --quiet --out "$tmp/out" 2>"$tmp/err"' "shipped content builds: $(cat "$tmp/err" 2>/dev/null)"
t '[ -f out/.gitkeep ]' "the out/ placeholder is kept"
node "$here/check-site.mjs" "$tmp/out" || no "site checks (above)"

# A second build writes nothing and keeps every mtime.
touch -d '2001-01-01' "$tmp/out/causes/index.html"
t '"$bin" build --out "$tmp/out" >"$tmp/sum"' "second build"
t 'grep -q "0 files written" "$tmp/sum"' "second build writes nothing: $(cat "$tmp/sum")"
t '[ "$(stat -c %Y "$tmp/out/causes/index.html")" = "$(date -d 2001-01-01 +%s)" ]' "unchanged page keeps its mtime"

# Content edits: an exercise added, then removed; one changed; a foreign
# file stays.
cp -R content "$tmp/content"
printf -- '---\ntitle: Walking\ncategory: aerobic\n---\nWalk.\n' >"$tmp/content/exercises/walking.md"
t '"$bin" build --quiet --content "$tmp/content" --out "$tmp/out"' "build with a new exercise"
t 'grep -q "Walking" "$tmp/out/schedule/index.html"' "a new exercise joins the schedule"
echo "keep me" >"$tmp/out/notes.txt"
rm "$tmp/content/exercises/walking.md"
sed -i 's/^duration: "30 seconds"/duration: "45 seconds"/' "$tmp/content/exercises/chest-stretch.md"
t '"$bin" build --quiet --content "$tmp/content" --out "$tmp/out"' "build after edits"
t '[ ! -e "$tmp/out/exercises/walking" ]' "removed exercise's page and folder are gone"
t '[ -f "$tmp/out/notes.txt" ]' "a file pamphlet did not write is untouched"
t 'grep -q "<td>45 seconds</td>" "$tmp/out/schedule/index.html"' "schedule shows the edited duration"
t 'grep -q ">45 seconds<" "$tmp/out/exercises/chest-stretch/index.html"' "exercise page shows the edited duration"
t '! grep -q "Walking" "$tmp/out/exercises/index.html"' "index no longer lists the removed exercise"

# A failed build changes nothing in out/.
(cd "$tmp/out" && find . -type f -exec md5sum {} + | sort) >"$tmp/before"
printf -- '---\ntitle: Broken\ncategory: nope\n---\n' >"$tmp/content/exercises/broken.md"
"$bin" build --quiet --content "$tmp/content" --out "$tmp/out" 2>"$tmp/err"
t '[ $? = 1 ]' "a content error exits 1"
t 'grep -q "broken.md:3:11: error: unknown category" "$tmp/err"' "the error names file, line and column"
(cd "$tmp/out" && find . -type f -exec md5sum {} + | sort) >"$tmp/after"
t 'cmp -s "$tmp/before" "$tmp/after"' "a failed build leaves out/ as it was"
t '! ls -a "$tmp/out"/* | grep -q tmp-' "no temporary files left"

# A file name with a newline, a tab, ESC and a byte that is no UTF-8: its
# error stays one line, with those escaped (\n, \t, \033, \377).
cp -R content "$tmp/names"
name=$(printf 'bad\nname\t\033\377.md')
printf -- '---\ntitle: Broken\ncategory: nope\n---\n' >"$tmp/names/exercises/$name"
"$bin" build --quiet --content "$tmp/names" --out "$tmp/names-out" 2>"$tmp/err"
t '[ $? = 1 ]' "an error in a file with control characters in its name exits 1"
t '[ "$(wc -l <"$tmp/err")" = 2 ]' "its message is one line: $(cat -v "$tmp/err")"
t 'grep -qxF "pamphlet: $tmp/names/exercises/bad\\nname\\t\\033\\377.md:3:11: error: unknown category \"nope\" (expected stretch, strength or aerobic)" "$tmp/err"' \
	"the name is escaped: $(cat -v "$tmp/err")"

# A 100,000-line page within the size limit builds.
cp -R content "$tmp/long"
{ printf -- '---\ntitle: Causes\n---\n'; seq 1 50000 | sed 's/.*/Line & of a long page.\n/'; } >"$tmp/long/causes.md"
t '[ "$(wc -l <"$tmp/long/causes.md")" -ge 100000 ]' "the long page has 100,000 lines"
t '"$bin" build --quiet --content "$tmp/long" --out "$tmp/long-out"' "a 100,000-line page builds"
t 'grep -q "Line 50000 of a long page." "$tmp/long-out/causes/index.html"' "its last line is in the page"

# A full disk: the build fails with exit 3 naming the file, and out/ is
# exactly as it was (all or nothing).  Needs root for a small tmpfs.
if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/disk" && mount -t tmpfs -o size=2m tmpfs "$tmp/disk" 2>/dev/null; then
	"$bin" build --quiet --out "$tmp/disk/out" 2>"$tmp/err"
	t '[ $? = 0 ]' "a first build fits on the small disk: $(cat "$tmp/err")"
	(cd "$tmp/disk/out" && find . -type f -exec md5sum {} + | sort) >"$tmp/before"
	avail=$(df -k --output=avail "$tmp/disk" | tail -1)
	dd if=/dev/zero of="$tmp/disk/filler" bs=1k count=$((avail - 8)) 2>/dev/null
	cp -R content "$tmp/disk-content"
	sed -i 's/^title: .*/title: "A changed site title that changes every page"/' "$tmp/disk-content/site.yaml"
	"$bin" build --quiet --content "$tmp/disk-content" --out "$tmp/disk/out" 2>"$tmp/err"
	t '[ $? = 3 ]' "a full disk exits 3"
	t 'grep -q "error: cannot write: No space left on device" "$tmp/err"' "the error names the reason: $(head -1 "$tmp/err")"
	(cd "$tmp/disk/out" && find . -type f -exec md5sum {} + | sort) >"$tmp/after"
	t 'cmp -s "$tmp/before" "$tmp/after"' "a full disk leaves out/ exactly as it was"
	umount "$tmp/disk"
else
	echo "skip: full-disk test needs root to mount a small tmpfs"
fi

# Hostile text in every field: escaped right in each context.
cp -R content "$tmp/evil"
node "$here/hostile.mjs" prepare "$tmp/evil"
t '"$bin" build --quiet --content "$tmp/evil" --out "$tmp/evil-out" 2>"$tmp/err"' "hostile content builds (see $tmp/err)"
node "$here/hostile.mjs" check "$tmp/evil-out" || no "hostile content escaping (above)"

# site.yaml's sheet list: the sheet holds that programme, the site all.
cp -R content "$tmp/prog"
printf 'sheet:\n  - rows\n  - chest-stretch\n' >>"$tmp/prog/site.yaml"
t '"$bin" build --quiet --content "$tmp/prog" --out "$tmp/prog-out"' "a site with a sheet list builds"
pdftotext -layout "$tmp/prog-out/exercise-sheet.pdf" "$tmp/prog.txt"
t 'grep -q "Chest Stretch" "$tmp/prog.txt" && grep -q "Rows" "$tmp/prog.txt"' "the sheet holds the listed exercises"
t '! grep -q "Swimming" "$tmp/prog.txt"' "the sheet leaves out the others"
t '[ "$(grep -c "Chest Stretch" "$tmp/prog.txt")" -ge 2 ]' "a listed exercise is in the sheet's table and has its card"
t 'grep -q "Swimming" "$tmp/prog-out/schedule/index.html"' "the website's schedule still lists every exercise"

# check writes nothing.
rm "$tmp/content/exercises/broken.md"
t '"$bin" check --quiet --content "$tmp/content" --out "$tmp/none"' "check passes"
t '[ ! -e "$tmp/none" ]' "check writes nothing"

# Command line.
t '"$bin" --help | grep -q "Exit status"' "--help documents exit codes"
"$bin" build --bogus 2>/dev/null; t '[ $? = 2 ]' "unknown option exits 2"
"$bin" frobnicate 2>/dev/null; t '[ $? = 2 ]' "unknown command exits 2"
t '"$bin" --version | grep -q "^pamphlet [0-9]"' "--version"

finish e2e
