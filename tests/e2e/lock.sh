#!/bin/sh
# tests/e2e/lock.sh PAMPHLET: one build at a time into an output folder.
# Two builds from two content folders into one out/, started together:
# both succeed, the second waits (and says so), and out/ is exactly a
# fresh build of the one that ran last, never a mix.  --no-wait fails at
# once while the folder is locked; a killed holder blocks no one; serve
# and build take turns.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1700000000
# Two sites with the same files and different text, big enough that a
# build takes a while.
node "$top/tests/bench/gen.mjs" 1500 "$tmp/a" >/dev/null || exit 1
cp -R "$tmp/a" "$tmp/b"
sed -i 's/^title: .*/title: "Site B"/' "$tmp/b/site.yaml"
sed -i 's/^frequency: .*/frequency: "Site B frequency"/' "$tmp/b"/exercises/*.md
for v in a b; do
	"$bin" build --quiet -t "$top/templates" -c "$tmp/$v" -o "$tmp/ref-$v" || exit 1
done
O=$tmp/out
# is_one_of: out/ is byte for byte ref-a or ref-b.
which_ref() {
	if diff -r "$tmp/ref-a" "$O" >/dev/null 2>&1; then echo a
	elif diff -r "$tmp/ref-b" "$O" >/dev/null 2>&1; then echo b
	else echo mix; fi
}
waited=0
r=0
while [ $r -lt 10 ]; do
	r=$((r + 1))
	"$bin" build -t "$top/templates" -c "$tmp/a" -o "$O" >"$tmp/a.out" 2>"$tmp/a.err" &
	pa=$!
	"$bin" build -t "$top/templates" -c "$tmp/b" -o "$O" >"$tmp/b.out" 2>"$tmp/b.err" &
	pb=$!
	wait $pa; ra=$?
	wait $pb; rb=$?
	t '[ $ra = 0 ] && [ $rb = 0 ]' "round $r: exit $ra and $rb: $(cat "$tmp/a.err" "$tmp/b.err" | head -3)"
	last=""
	grep -q "waiting for another build into $O" "$tmp/a.err" && last=a
	grep -q "waiting for another build into $O" "$tmp/b.err" && last=$last"b"
	[ -n "$last" ] && waited=$((waited + 1))
	got=$(which_ref)
	t '[ "$got" != mix ]' "round $r: out/ is a mix of the two builds"
	if [ "$last" = a ] || [ "$last" = b ]; then
		t '[ "$got" = "$last" ]' "round $r: out/ is $got's, but $last waited and ran last"
	fi
done
t '[ $waited -ge 1 ]' "the second build never said it was waiting (10 rounds)"

# --no-wait while another holds the lock: exit 3 at once, naming it.
flock "$O" sleep 30 &
holder=$!
n=0
while ! grep -q FLOCK /proc/locks 2>/dev/null || ! "$bin" build --quiet --no-wait -c "$tmp/a" -t "$top/templates" -o "$O" 2>"$tmp/err"; do
	[ -s "$tmp/err" ] && break
	n=$((n + 1)); [ $n -gt 200 ] && break; sleep 0.05
done
"$bin" build --quiet --no-wait -c "$tmp/a" -t "$top/templates" -o "$O" 2>"$tmp/err"
t '[ $? = 3 ]' "--no-wait exits 3 while the folder is locked"
t 'grep -q "another build is writing into this folder (pid [0-9]*); not waiting (--no-wait)" "$tmp/err"' "--no-wait says why: $(cat "$tmp/err")"
# Without it, the build waits for the lock, then builds.
( sleep 1; kill $holder ) &
"$bin" build -c "$tmp/a" -t "$top/templates" -o "$O" >/dev/null 2>"$tmp/err"
t '[ $? = 0 ]' "a build waits for the lock, then builds: $(cat "$tmp/err")"
t '[ "$(grep -c "waiting for another build" "$tmp/err")" = 1 ]' "it says so once: $(cat "$tmp/err")"
pkill -f "sleep 30" 2>/dev/null
wait 2>/dev/null

# A build that could not take the lock (--no-wait) must not remove the
# folder it made for it while another build holds that folder.
cp -R "$top/content" "$tmp/small"
gone=0
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	rm -rf "$tmp/race"
	(
		n=0
		while [ ! -d "$tmp/race" ] && [ $n -lt 100000 ]; do n=$((n + 1)); done
		flock -n "$tmp/race" sh -c "sleep 0.3; [ -d '$tmp/race' ] || echo GONE"
	) >"$tmp/race.out" 2>/dev/null &
	hp=$!
	"$bin" build --quiet --no-wait -c "$tmp/small" -t "$top/templates" -o "$tmp/race" 2>/dev/null
	wait $hp
	grep -q GONE "$tmp/race.out" && gone=$((gone + 1))
done
t '[ $gone = 0 ]' "a build that could not lock removed the folder another held ($gone of 20 rounds)"

# A holder killed with SIGKILL blocks no one.
sed -i 's/^title: .*/title: "Site A again"/' "$tmp/a/site.yaml"
"$bin" build --quiet -c "$tmp/a" -t "$top/templates" -o "$O" --no-cache &
p=$!
n=0
while ! grep -q " FLOCK .*WRITE $p " /proc/locks 2>/dev/null && [ $n -lt 400 ]; do n=$((n + 1)); sleep 0.005; done
kill -KILL $p 2>/dev/null
wait $p 2>/dev/null
"$bin" build --no-wait -c "$tmp/a" -t "$top/templates" -o "$O" >/dev/null 2>"$tmp/err"
t '[ $? = 0 ]' "after kill -9 of the holder a build proceeds: $(cat "$tmp/err")"
t '! grep -q waiting "$tmp/err"' "and does not wait"

# serve and build take turns: serve rebuilds site a on every save while
# builds of site b run; every run succeeds and out/ is whole.
rm -rf "$O"
"$bin" serve --port 0 -c "$tmp/a" -t "$top/templates" -o "$O" 2>"$tmp/serve.err" &
sp=$!
n=0
while ! grep -q "serving" "$tmp/serve.err" && [ $n -lt 600 ]; do n=$((n + 1)); sleep 0.05; done
i=0
while [ $i -lt 4 ]; do
	i=$((i + 1))
	sed -i "s/^title: .*/title: \"Site A $i\"/" "$tmp/a/site.yaml"
	"$bin" build --quiet -c "$tmp/b" -t "$top/templates" -o "$O" 2>"$tmp/b.err"
	t '[ $? = 0 ]' "build $i beside serve: $(head -3 "$tmp/b.err")"
done
sleep 1
kill -TERM $sp
wait $sp
t '[ $? = 0 ]' "serve ends cleanly"
t '! grep -q "error" "$tmp/serve.err"' "serve's builds had no error: $(grep error "$tmp/serve.err" | head -3)"
t '[ -z "$(find "$O" -name ".*.tmp-*")" ]' "no temporary file left"
finish lock
