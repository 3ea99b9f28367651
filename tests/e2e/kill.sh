#!/bin/sh
# kill.sh PAMPHLET [ROUNDS]: a build killed (SIGKILL) at random moments
# leaves every file in out/ whole: byte for byte the previous build's or
# the new build's.  Temporary files it leaves are hidden (.NAME.tmp-PID)
# and the next build removes them, wherever they are.  Then a build is
# killed at each of its renames in turn (tests/e2e/kill-at-rename.c, an
# LD_PRELOAD shim), and the next build must leave exactly a fresh build's
# files: no temporary file, no folder of a page whose source went since.
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
	(cd "$tmp/ref-$v" && find . -type f -exec md5sum {} +) >>"$tmp/whole"
done
# out/ as version a left it, with pamphlet's records about it (in
# .pamphlet/ beside the content folders): each round starts from these.
"$bin" build --quiet --content "$tmp/content-a" --out "$tmp/out" || exit 1
state=$(grep -l -x "$tmp/out" "$tmp"/.pamphlet/*/folder | xargs dirname)
[ -d "$state" ] || { echo "FAIL no state folder for $tmp/out"; exit 1; }
cp -a "$state" "$tmp/state-a"
start=$(date +%s%N)
"$bin" build --quiet --content "$tmp/content-b" --out "$tmp/timing"
ms=$(( ($(date +%s%N) - start) / 1000000 + 1 ))

r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	rm -rf "$tmp/out" "$state"
	cp -a "$tmp/ref-a" "$tmp/out"
	cp -a "$tmp/state-a" "$state"
	if [ $((r % 2)) = 1 ]; then
		# Anywhere between the start and a little past the end.
		delay=$(awk -v s="$r" -v ms="$ms" 'BEGIN { srand(s); printf "%.3f", rand() * ms * 1.2 / 1000 }')
		timeout -s KILL "$delay" "$bin" build --quiet --content "$tmp/content-b" --out "$tmp/out" 2>/dev/null
	else
		# While it writes: the journal appears when writing starts.
		delay=$(awk -v s="$r" 'BEGIN { srand(s); printf "%.3f", rand() * 0.03 }')
		"$bin" build --quiet --content "$tmp/content-b" --out "$tmp/out" 2>/dev/null &
		pid=$!
		n=0
		while [ ! -e "$state/writing" ] && kill -0 $pid 2>/dev/null && [ $n -lt 100000 ]; do n=$((n + 1)); done
		sleep "$delay"
		kill -KILL $pid 2>/dev/null
		wait $pid 2>/dev/null
		delay="writing+$delay"
	fi
	# Every file (but the hidden temporary ones) is one of the whole
	# files of the two reference builds: same path, same checksum.  (The
	# build cache holds file stamps, never the same twice: the last
	# build, from whatever cache the kills left, shows it is sound.)
	bad=$(cd "$tmp/out" && find . -type f ! -name '.*.tmp-*' -exec md5sum {} + |
		grep -v -x -F -f "$tmp/whole" | head -3)
	if [ -n "$bad" ]; then
		fail=$((fail + 1)); echo "FAIL round $r (killed after ${delay}s): not whole: $bad" | head -3
	else
		pass=$((pass + 1))
	fi
done
# The next build finishes the job and cleans up.
"$bin" build --quiet --content "$tmp/content-b" --out "$tmp/out"
left=$(find "$tmp/out" "$state" -name '.*.tmp-*' -o -name writing | head -3)
if [ -z "$left" ] && diff -r "$tmp/ref-b" "$tmp/out" >/dev/null; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL after the kills, a full build does not give the new site cleanly: $left"
fi

# Killed at each rename of a build in turn.
cc -shared -fPIC -o "$tmp/kill-at-rename.so" "$top/tests/e2e/kill-at-rename.c" -ldl ||
	{ echo "FAIL cannot build the rename shim"; exit 1; }
C=$tmp/small
cp -R "$top/content" "$C"
"$bin" build --quiet --content "$C" --out "$tmp/ref-small" || exit 1
# clean WHAT: out/ is a fresh build's, nothing is left anywhere.
clean() {
	rm -rf "$tmp/fresh"
	"$bin" build --quiet --content "$C" --out "$tmp/fresh" || return 1
	left=$(find "$tmp/o" "$tmp/.pamphlet" -name '.*.tmp-*' -o -name writing | head -3)
	if [ -z "$left" ] && diff -r "$tmp/fresh" "$tmp/o" >"$tmp/diff"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL $1: left behind: $left $(head -3 "$tmp/diff")"
	fi
}
targets=$( (cd "$tmp/ref-small" && find . -type f | sed 's|^\./||'; echo cache; echo manifest; echo writing) | sort)
n=0
for target in $targets; do
	n=$((n + 1))
	rm -rf "$tmp/o"
	# A new exercise, so every build writes: the kill comes at the
	# rename of $target (or of the first file ending so).
	printf -- '---\ntitle: Gone %d\ncategory: aerobic\n---\nText.\n' $n >"$C/exercises/gone.md"
	"$bin" build --quiet --content "$C" --out "$tmp/o" 2>/dev/null
	printf -- '---\ntitle: Gone again %d\ncategory: aerobic\n---\nText.\n' $n >"$C/exercises/gone.md"
	KILL_AT="/$target" LD_PRELOAD="$tmp/kill-at-rename.so" \
		"$bin" build --quiet --content "$C" --out "$tmp/o" 2>/dev/null
	rc=$?
	[ $rc = 137 ] || [ $rc = 0 ] || { fail=$((fail + 1)); echo "FAIL kill at $target: exit $rc"; }
	# Its source is gone before the next build.
	rm "$C/exercises/gone.md"
	"$bin" build --quiet --content "$C" --out "$tmp/o" 2>/dev/null
	clean "killed at the rename of $target, then its page's source deleted"
done
echo "kill: $pass passed, $fail failed (a build takes about ${ms} ms)"
[ $fail = 0 ]
