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

# What an exercise needs (the equipment key): on its page, on the sheet.
t 'grep -A2 "<h2 id=\"equipment-heading\">What you need</h2>" "$tmp/out/exercises/rows/index.html" | grep -q "A dumbbell (a hand weight)"' "the rows page says what you need"
t '! grep -q "What you need" "$tmp/out/exercises/yoga/index.html"' "a page without equipment has no such section"
pdftotext -layout "$tmp/out/exercise-sheet.pdf" - 2>/dev/null | grep -q "What you need: A dumbbell" ||
	no "the sheet's rows card says what you need"

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
t 'grep -qE "<td[^>]*>45 seconds</td>" "$tmp/out/schedule/index.html"' "schedule shows the edited duration"
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
	cp -R content "$tmp/disk-content"
	"$bin" build --quiet --content "$tmp/disk-content" --out "$tmp/disk/out" 2>"$tmp/err"
	t '[ $? = 0 ]' "a first build fits on the small disk: $(cat "$tmp/err")"
	(cd "$tmp/disk/out" && find . -exec md5sum {} + 2>/dev/null | sort; find . -type d | sort) >"$tmp/before"
	avail=$(df -k --output=avail "$tmp/disk" | tail -1)
	dd if=/dev/zero of="$tmp/disk/filler" bs=1k count=$((avail - 8)) 2>/dev/null
	sed -i 's/^title: .*/title: "A changed site title that changes every page"/' "$tmp/disk-content/site.yaml"
	# New exercises: the build makes their folders before it runs out
	# of room; it must take them away again.
	for i in 1 2 3 4 5; do
		printf -- '---\ntitle: New %d\ncategory: aerobic\n---\nText.\n' $i >"$tmp/disk-content/exercises/new-$i.md"
	done
	"$bin" build --quiet --content "$tmp/disk-content" --out "$tmp/disk/out" 2>"$tmp/err"
	t '[ $? = 3 ]' "a full disk exits 3"
	t 'grep -q "error: cannot write: No space left on device" "$tmp/err"' "the error names the reason: $(head -1 "$tmp/err")"
	(cd "$tmp/disk/out" && find . -exec md5sum {} + 2>/dev/null | sort; find . -type d | sort) >"$tmp/after"
	t 'cmp -s "$tmp/before" "$tmp/after"' "a full disk leaves out/ exactly as it was, no new folder: $(diff "$tmp/before" "$tmp/after" | head -3)"
	# Room again: the build goes through; a read-only out/ with nothing
	# to write is fine (pamphlet's records are not in it).
	rm "$tmp/disk/filler"
	t '"$bin" build --quiet --content "$tmp/disk-content" --out "$tmp/disk/out" 2>"$tmp/err"' "with room again the build works: $(cat "$tmp/err")"
	if mount -o remount,ro "$tmp/disk" 2>/dev/null; then
		t '"$bin" build --content "$tmp/disk-content" --out "$tmp/disk/out" >"$tmp/sum" 2>"$tmp/err"' "a read-only out/ with nothing to write: $(cat "$tmp/err")"
		t 'grep -q "0 files written" "$tmp/sum"' "nothing written: $(cat "$tmp/sum")"
	else
		echo "skip: cannot remount the small disk read-only"
	fi
	umount "$tmp/disk"
else
	echo "skip: full-disk test needs root to mount a small tmpfs"
fi

# out/ holds the site only: pamphlet's records are in .pamphlet/ beside
# the content folder, and a state folder whose output folder is gone is
# removed by the next build.
rm "$tmp/content/exercises/broken.md"
t '[ -z "$(find "$tmp/out" -name ".pamphlet*")" ]' "no pamphlet files in out/: $(find "$tmp/out" -name ".pamphlet*")"
t 'state_of "$tmp/content" "$tmp/out" >/dev/null' "the records of out/ are beside the content folder"
t '[ "$(cat "$tmp/.pamphlet/.gitignore")" = "*" ]' ".pamphlet/ ignores itself in git"
t '"$bin" build --quiet --content "$tmp/content" --out "$tmp/out2"' "a second output folder"
gone=$(state_of "$tmp/content" "$tmp/out2")
t '[ -f "$gone/manifest" ]' "it has its own records"
rm -rf "$tmp/out2"
t '"$bin" build --quiet --content "$tmp/content" --out "$tmp/out"' "a build after out2/ was deleted"
t '[ ! -e "$gone" ]' "the records of a deleted output folder are removed"

# A killed build's temporary files go even when the next build fails:
# in the state folder (the cache's) and where its journal says.
st=$(state_of "$tmp/content" "$tmp/out")
echo half >"$st/.cache.tmp-99"
printf 'T exercises/rows\n' >"$st/writing"
echo half >"$tmp/out/exercises/rows/.index.html.tmp-5"
printf -- '---\ntitle: Broken\n' >"$tmp/content/exercises/broken.md"
"$bin" build --quiet --content "$tmp/content" --out "$tmp/out" 2>/dev/null
t '[ $? = 1 ]' "a build with an unclosed front matter fails"
t '[ ! -e "$st/.cache.tmp-99" ] && [ ! -e "$tmp/out/exercises/rows/.index.html.tmp-5" ]' "and still removes the temporary files a killed build left"
rm "$tmp/content/exercises/broken.md"
t '"$bin" build --quiet --content "$tmp/content" --out "$tmp/out"' "the next good build"
t '[ ! -e "$st/writing" ]' "ends the journal"

# An output folder that is, holds or lies inside content/ or templates/
# is refused (exit 2) before anything is read or written: a build into
# templates/ used to overwrite them.  By real path: links and ".." too.
cp -R content "$tmp/f5c" && cp -R templates "$tmp/f5t"
ln -s "$tmp/f5t" "$tmp/f5link"
(cd "$tmp/f5t" && find . -exec md5sum {} + 2>/dev/null | sort) >"$tmp/f5.before"
for o in "$tmp/f5t" "$tmp/f5t/assets" "$tmp/x/../f5t" "$tmp/f5link" "$tmp/f5link/new" "$tmp/f5c" "$tmp/f5c/out" "$tmp"; do
	"$bin" build --quiet --content "$tmp/f5c" --templates "$tmp/f5t" --out "$o" 2>"$tmp/err"
	t '[ $? = 2 ]' "-o $o is refused with exit 2"
	t 'grep -q "error: the output folder .* folder" "$tmp/err"' "-o $o: the error says why: $(head -1 "$tmp/err")"
done
timeout 20 "$bin" serve --port 0 --content "$tmp/f5c" --templates "$tmp/f5t" --out "$tmp/f5t" 2>"$tmp/err"
t '[ $? = 2 ]' "serve into templates/ is refused with exit 2 (124: it served)"
t 'grep -q "error: the output folder is the templates folder" "$tmp/err"' "serve: the error says why: $(head -1 "$tmp/err")"
(cd "$tmp/f5t" && find . -exec md5sum {} + 2>/dev/null | sort) >"$tmp/f5.after"
t 'cmp -s "$tmp/f5.before" "$tmp/f5.after"' "the templates are untouched"
t '[ ! -e "$tmp/f5c/out" ] && [ ! -e "$tmp/f5link/new" ]' "no folder made"

# Named pipes and devices are refused, never waited on: each used to
# hang build, check and serve for ever.
for f in templates/exercise.html content/site.yaml content/exercises/rows.md templates/partials/footer.html templates/assets/style.css; do
	rm -rf "$tmp/fifo" && mkdir "$tmp/fifo" && cp -R content templates "$tmp/fifo/"
	rm "$tmp/fifo/$f" && mkfifo "$tmp/fifo/$f"
	for cmd in build check; do
		(cd "$tmp/fifo" && timeout 20 "$bin" $cmd --quiet --out "$tmp/fifo-out") 2>"$tmp/err"
		t '[ $? = 1 ]' "$cmd with a named pipe as $f exits 1 (124: it hung)"
		t 'grep -q "^pamphlet: $f: error: not a regular file (a named pipe)" "$tmp/err"' "$cmd: the error names $f: $(head -1 "$tmp/err")"
	done
done
rm -rf "$tmp/fifo" && mkdir "$tmp/fifo" && cp -R content templates "$tmp/fifo/"
ln -s /dev/zero "$tmp/fifo/templates/assets/zero.css"
(cd "$tmp/fifo" && timeout 20 "$bin" build --quiet --out "$tmp/fifo-out") 2>"$tmp/err"
t '[ $? = 1 ]' "a link to /dev/zero among the assets exits 1"
t 'grep -q "^pamphlet: templates/assets/zero.css: error: not a regular file (a device)" "$tmp/err"' "the error names the asset: $(head -1 "$tmp/err")"
rm "$tmp/fifo/templates/assets/zero.css"
head -c 9000000 /dev/zero >"$tmp/fifo/templates/assets/big.css"
(cd "$tmp/fifo" && timeout 20 "$bin" build --quiet --out "$tmp/fifo-out") 2>"$tmp/err"
t '[ $? = 1 ] && grep -q "templates/assets/big.css: error: file is" "$tmp/err"' "an asset over the size limit is refused: $(head -1 "$tmp/err")"

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

# Pictures whose file names have spaces and accents, written in the
# Markdown as they are (between < and >) and with %20 and %XX escapes,
# and one as the exercise's own picture: the build takes them all, the
# page points at the copies, the copies are the same bytes, and the sheet
# holds the exercise's picture.
cp -R content "$tmp/pics"
# No drawings: the one picture here is the exercise's (the short form).
for f in "$tmp"/pics/exercises/*.md; do
	awk '/^pictures:/ { skip = 1; next } skip && /^  / { next } { skip = 0; print }' \
		"$f" >"$f.new" && mv "$f.new" "$f"
done
rm -rf "$tmp/pics/exercises/pictures"
one_language "$tmp/pics"
mkdir "$tmp/pics/images"
png=$top/tests/regress/images/content/exercises/img/doorway.png
for f in "Chest stretch – start.png" "café.png" "my photo.png"; do
	cp "$png" "$tmp/pics/images/$f"
done
sed -i '2i image: "../images/Chest stretch – start.png"\nimage_alt: "A woman leaning through a doorway"' \
	"$tmp/pics/exercises/chest-stretch.md"
printf '%s\n' '' '![The café doorway](../images/café.png)' '' \
	'![A photo, with a %20](../images/my%20photo.png)' '' \
	'![A photo, between brackets](<../images/my photo.png>)' '' \
	'![The café doorway, with %C3%A9](../images/caf%C3%A9.png)' \
	>>"$tmp/pics/exercises/chest-stretch.md"
t '"$bin" build --quiet --content "$tmp/pics" --out "$tmp/pics-out" 2>"$tmp/err"' "pictures named with spaces and accents build: $(cat "$tmp/err" 2>/dev/null)"
t '! grep -q ": error:" "$tmp/err"' "and report no error (its warnings are the checks': the drawings are gone): $(grep error "$tmp/err")"
page=$tmp/pics-out/exercises/chest-stretch/index.html
for src in 'Chest%20stretch%20%E2%80%93%20start.png' 'caf%C3%A9.png' 'my%20photo.png'; do
	t 'grep -q "src=\"../../assets/media/images/$src\"" "$page"' "the page shows $src"
done
for src in 'caf%C3%A9.png' 'my%20photo.png'; do
	t '[ "$(grep -o "src=\"../../assets/media/images/$src\"" "$page" | wc -l)" = 2 ]' "both ways of writing $src give the same address"
done
for f in "Chest stretch – start.png" "café.png" "my photo.png"; do
	t 'cmp -s "$png" "$tmp/pics-out/assets/media/images/$f"' "$f is copied as it is"
done
pdfimages -list "$tmp/pics-out/exercise-sheet.pdf" >"$tmp/images" 2>/dev/null
t '[ "$(tail -n +3 "$tmp/images" | wc -l)" = 1 ]' "the sheet holds one picture: $(cat "$tmp/images")"
t 'tail -n +3 "$tmp/images" | awk "\$4 == 4 && \$5 == 3 && \$6 == \"rgb\" { ok = 1 } END { exit !ok }"' "it is the exercise's 4x3 picture: $(cat "$tmp/images")"
pdftotext -layout "$tmp/pics-out/exercise-sheet.pdf" - 2>/dev/null | grep -q "The café doorway" ||
	no "the sheet prints a picture's alt text"

# check writes nothing.
t '"$bin" check --quiet --content "$tmp/content" --out "$tmp/none"' "check passes"
t '[ ! -e "$tmp/none" ]' "check writes nothing"

# Command line.
t '"$bin" --help | grep -q "Exit status"' "--help documents exit codes"
"$bin" build --bogus 2>/dev/null; t '[ $? = 2 ]' "unknown option exits 2"
"$bin" frobnicate 2>/dev/null; t '[ $? = 2 ]' "unknown command exits 2"
t '"$bin" --version | grep -q "^pamphlet [0-9]"' "--version"

finish e2e
