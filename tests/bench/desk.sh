#!/bin/sh
# tests/bench/desk.sh PAMPHLET: the handout desk (pamphlet serve), from
# pressing "Make the PDF" to the PDF arriving, for a plan of 6 of the
# shipped exercises with their pictures: 20 posts with curl, after one
# that draws the pictures (once per server run); prints the median and
# the slowest.  Part of make bench.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
W=$top/tests/tmp/bench/desk
rm -rf "$W"
mkdir -p "$W"
cp -R "$top/content" "$top/templates" "$W/"
cd "$W" || exit 1
"$bin" serve --port 0 --allow-placeholders >err 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM
i=0
while ! grep -q "handout desk is at" err && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
url=$(sed -n 's/^pamphlet: the handout desk is at \(http[^ ]*\)$/\1/p' err)
base=${url%/_pamphlet/handout/}
token=$(curl -s -m 10 "$url" | sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' | head -1)
[ -n "$token" ] || { echo "desk: no form" >&2; exit 1; }
form="token=$token&patient=Bench+Patient&action=pdf"
for s in chest-stretch neck-stretch rows lat-pulldowns scapular-squeezes swimming; do
	form="$form&ex-$s=on"
done
post() { curl -s -m 30 -o out.pdf -w '%{time_total}\n' -H "Origin: $base" --data "$form" "$url"; }
post >/dev/null
: >times
n=0
while [ $n -lt 20 ]; do post >>times; n=$((n + 1)); done
head -c 5 out.pdf | grep -q '%PDF-' || { echo "desk: no PDF" >&2; exit 1; }
sort -n times | awk '{ t[NR] = $1 } END {
	printf "desk: a 6-exercise handout with pictures, button to PDF: median %.0f ms, slowest %.0f ms (20 posts)\n",
	       t[int((NR + 1) / 2)] * 1000, t[NR] * 1000 }'
