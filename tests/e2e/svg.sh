#!/bin/sh
# SVG pictures reach nothing outside themselves (issue 12): an SVG that
# references a file by absolute path and by ../, an external entity and
# a loopback http:// address builds, and nothing it names is opened or
# fetched.  Checked three ways: strace(1) sees no open of those files and
# no connection; a listener on the address receives nothing; the sheet
# holds the picture, at 600 dpi, and the site serves the SVG unchanged.
# Then: the drawings are kept (a second build draws nothing), a changed
# SVG is drawn again, and a removed picture's drawing is removed.
# Usage: svg.sh PAMPHLET
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1764028800

cp -R "$top/content" "$top/templates" "$tmp/"
C=$tmp/content
mkdir -p "$C/exercises/pics"
cp "$top/tests/e2e/data/secret.png" "$C/secret.png" 2>/dev/null ||
	printf '\211PNG\r\n\032\n' >"$C/secret.png"

# A listener on a free loopback port, writing down every connection.
port_file=$tmp/port
hits=$tmp/hits
node -e '
const fs = require("fs"), net = require("net");
const [portFile, hits] = process.argv.slice(1);
const server = net.createServer((c) => {
	fs.appendFileSync(hits, "connection\n");
	c.destroy();
});
server.listen(0, "127.0.0.1", () => {
	fs.writeFileSync(portFile + ".tmp", String(server.address().port));
	fs.renameSync(portFile + ".tmp", portFile);
});
setTimeout(() => process.exit(0), 60000);
' "$port_file" "$hits" &listener=$!
i=0
while [ ! -f "$port_file" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$port_file")

cat >"$C/exercises/pics/refs.svg" <<SVG
<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY % remote SYSTEM "http://127.0.0.1:$port/dtd">
]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="400" height="300">
  <rect width="400" height="300" fill="#fff"/>
  <circle cx="200" cy="150" r="80" fill="none" stroke="#1a1a1a" stroke-width="8"/>
  <image href="file:///etc/passwd" width="50" height="50"/>
  <image xlink:href="../../secret.png" x="60" width="50" height="50"/>
  <image href="http://127.0.0.1:$port/picture.png" x="120" width="50" height="50"/>
  <text x="10" y="290">&xxe;</text>
</svg>
SVG
# The shipped drawings out of the way: this picture is the only one.
for f in "$C"/exercises/*.md; do
	awk '/^pictures:/ { skip = 1; next } skip && /^  / { next } { skip = 0; print }' \
		"$f" >"$f.new" && mv "$f.new" "$f"
done
rm -rf "$C/exercises/pictures"
one_language "$C"
ex=$C/exercises/chest-stretch.md
cp "$ex" "$ex.new"
# The picture goes last in the front matter, before its closing ---.
awk 'NR > 1 && !done && /^---$/ { print "pictures:"; print "  - file: pics/refs.svg"; print "    alt: \"A circle.\""; done = 1 } { print }' "$ex.new" >"$ex"
rm -f "$ex.new"
t 'grep -q "pics/refs.svg" "$ex"' "the test picture is in the exercise's front matter"

cd "$tmp" || exit 1
strace -f -qq -e trace=open,openat,connect -o "$tmp/trace" \
	"$bin" build -q -o out >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
t '[ "$rc" -eq 0 ]' "an SVG with outside references builds (exit $rc: $(cat "$tmp/stderr"))"
t 'grep -q "pics/refs.svg" "$tmp/trace"' "strace saw the SVG read (the trace is live)"
t '! grep -q "/etc/passwd" "$tmp/trace"' "/etc/passwd is never opened"
t '! grep -q "secret.png" "$tmp/trace"' "../../secret.png is never opened"
t '! grep -q "connect(" "$tmp/trace"' "no connection is made ($(grep -c 'connect(' "$tmp/trace") connect calls)"
kill "$listener" 2>/dev/null
wait "$listener" 2>/dev/null
t '[ ! -s "$hits" ]' "the listener on 127.0.0.1:$port received nothing"
t 'cmp -s "$C/exercises/pics/refs.svg" out/assets/media/exercises/pics/refs.svg' \
	"the site serves the SVG as it is"
t 'grep -q "<img src=\"../../assets/media/exercises/pics/refs.svg\" alt=\"A circle.\" width=\"400\" height=\"300\">" out/exercises/chest-stretch/index.html' \
	"the page shows it as an <img> with its size"
t '! grep -q "<svg" out/exercises/chest-stretch/index.html' "the SVG is never inlined"
pdfimages -list out/exercise-sheet.pdf >"$tmp/images"
t 'awk "NR > 2 && \$13 >= 599 && \$14 >= 599" "$tmp/images" | grep -q . && [ "$(awk "NR > 2" "$tmp/images" | wc -l)" -eq 1 ]' \
	"the sheet holds the picture, once, at 600 dpi ($(sed -n 3p "$tmp/images"))"
t 'qpdf --check out/exercise-sheet.pdf >/dev/null 2>&1' "qpdf finds the sheet sound"

# Kept drawings: a rebuilt sheet draws nothing new; a changed SVG is
# drawn again and the old drawing removed.
state=$(state_of "$C" out)
pics=$state/pictures
n1=$(ls "$pics" 2>/dev/null | wc -l)
t '[ "$n1" -ge 1 ]' "the drawing is kept in the state folder ($n1 files in $pics)"
old=$(ls "$pics")
sed -i 's/Stand in a doorway/Stand in the doorway/' "$ex"
"$bin" build -q -o out >/dev/null 2>&1
t '[ "$(ls "$pics")" = "$old" ]' "a sheet made again reuses the kept drawing"
sed -i 's/r="80"/r="70"/' "$C/exercises/pics/refs.svg"
"$bin" build -q -o out >/dev/null 2>&1
t '[ "$(ls "$pics" | wc -l)" -eq 1 ] && [ "$(ls "$pics")" != "$old" ]' \
	"a changed SVG is drawn again and the old drawing goes ($(ls "$pics" | tr '\n' ' '))"
finish svg
