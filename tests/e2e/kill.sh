#!/bin/sh
# kill.sh PAMPHLET [ROUNDS]: a build killed (SIGKILL) at random moments
# leaves every file in out/ whole: byte for byte the previous build's or
# the new build's.  Temporary files it leaves are hidden (.NAME.tmp-PID)
# and the next build removes them.
set -u
bin=$1
rounds=${2:-40}
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# Two versions of a site big enough that a build takes a while.
for v in a b; do
	cp -R "$top/content" "$tmp/content-$v"
	i=0
	seq 1 100 | sed "s/.*/Version $v, paragraph \&, with *some* text.\n/" >"$tmp/body"
	while [ $i -lt 200 ]; do
		{ printf -- '---\ntitle: Extra %s %d\ncategory: aerobic\n---\n' "$v" "$i"; cat "$tmp/body"; } >"$tmp/content-$v/exercises/extra-$i.md"
		i=$((i + 1))
	done
	"$bin" build --quiet --content "$tmp/content-$v" --out "$tmp/ref-$v" || { echo "FAIL reference build $v"; exit 1; }
	(cd "$tmp/ref-$v" && find . -type f ! -name .pamphlet-cache -exec md5sum {} +) >>"$tmp/whole"
done
start=$(date +%s%N)
"$bin" build --quiet --content "$tmp/content-b" --out "$tmp/timing"
ms=$(( ($(date +%s%N) - start) / 1000000 + 1 ))

r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	rm -rf "$tmp/out"
	cp -a "$tmp/ref-a" "$tmp/out"
	if [ $((r % 2)) = 1 ]; then
		# Anywhere between the start and a little past the end.
		delay=$(awk -v s="$r" -v ms="$ms" 'BEGIN { srand(s); printf "%.3f", rand() * ms * 1.2 / 1000 }')
		timeout -s KILL "$delay" "$bin" build --quiet --content "$tmp/content-b" --out "$tmp/out" 2>/dev/null
	else
		# While it writes: the marker file appears when writing starts.
		delay=$(awk -v s="$r" 'BEGIN { srand(s); printf "%.3f", rand() * 0.03 }')
		"$bin" build --quiet --content "$tmp/content-b" --out "$tmp/out" 2>/dev/null &
		pid=$!
		n=0
		while [ ! -e "$tmp/out/.pamphlet-writing" ] && kill -0 $pid 2>/dev/null && [ $n -lt 100000 ]; do n=$((n + 1)); done
		sleep "$delay"
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		delay="writing+$delay"
	fi
	# Every file (but the hidden temporary ones) is one of the whole
	# files of the two reference builds: same path, same checksum.  (The
	# build cache holds file stamps, never the same twice: the last
	# build, from whatever cache the kills left, shows it is sound.)
	bad=$(cd "$tmp/out" && find . -type f ! -name '.*.tmp-*' ! -name .pamphlet-writing ! -name .pamphlet-cache -exec md5sum {} + |
		grep -v -x -F -f "$tmp/whole" | head -3)
	if [ -n "$bad" ]; then
		fail=$((fail + 1)); echo "FAIL round $r (killed after ${delay}s): not whole: $bad" | head -3
	else
		pass=$((pass + 1))
	fi
done
# The next build finishes the job and cleans up.
"$bin" build --quiet --content "$tmp/content-b" --out "$tmp/out"
left=$(find "$tmp/out" -name '.*.tmp-*' -o -name .pamphlet-writing | head -3)
if [ -z "$left" ] && diff -r --exclude=.pamphlet-manifest --exclude=.pamphlet-cache "$tmp/ref-b" "$tmp/out" >/dev/null; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL after the kills, a full build does not give the new site cleanly: $left"
fi
echo "kill: $pass passed, $fail failed (a build takes about ${ms} ms)"
[ $fail = 0 ]
