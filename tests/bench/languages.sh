#!/bin/sh
# tests/bench/languages.sh PAMPHLET [N]: what a second language costs
# (`make bench`; N exercises per language, default 1000).
#
# A benchmark, not a timed test: it measures and reports, and fails only
# when a build fails or an output is wrong (missing pages, wrong row
# counts, an edit that does not reach its page, a cached build that
# differs from a build without cache), never because of a time.
#
# Two sites from tests/bench/gen.mjs: one/, N exercises in English, and
# two/, the same English files plus a Spanish translation of everything
# (gen.mjs --translate es: N exercises in content/es/, half of them
# taking their dose from the English file).  Side by side in one run,
# interleaved (each repetition runs one and two, in turns first), after
# one warm-up repetition:
#
#   full      pamphlet build --no-cache into an empty out/ (no .pamphlet/)
#   nochange  pamphlet build again, nothing changed
#   edit      one exercise's frequency changed (tests/bench/flip.sh), then
#             pamphlet build: one/ edits the English file of EX, two/ its
#             Spanish file (which gives its own dose)
#   edit-en   (for reference) one/ and two/ both edit the English
#             frequency of EXI, an exercise whose Spanish file inherits it
#             (two/ must then redo the Spanish pages too)
#
# Wall: median of `date +%s%N` around the command; user and system CPU
# (10 ms resolution) and peak RSS: medians of /usr/bin/time around the
# same runs.  Reported: the medians and the ratios two/one.
#
# Environment: BENCH_LANG_RUNS (repetitions, default 7), BENCH_LANG_DIR
# (the work folder, removed first; default tests/tmp/bench/languages; a
# folder on tmpfs, such as /dev/shm/languages, leaves the disk out).  The
# work files are kept, to reproduce by hand (the commands are printed);
# the table is printed and written to tests/bench/results-languages.md.
set -eu

BIN=${1:-generator/pamphlet}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
N=${2:-1000}
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/tests/bench
W=${BENCH_LANG_DIR:-$ROOT/tests/tmp/bench/languages}
RUNS=${BENCH_LANG_RUNS:-7}
TPL=$ROOT/templates
RESULTS=$HERE/results-languages.md

die() { echo "bench languages: $*" >&2; exit 1; }

[ -x "$BIN" ] || die "$BIN: no such program (run make first)"
case $N in *[!0-9]*|'') die "N: not a number: $N" ;; esac
case $RUNS in *[!0-9]*|'' | 0) die "BENCH_LANG_RUNS: not a positive number: $RUNS" ;; esac
[ "$N" -ge 20 ] || die "N: at least 20"
command -v node >/dev/null 2>&1 || die "missing: node"
[ -x /usr/bin/time ] || die "missing: /usr/bin/time (apt-get install time)"
[ "$(date +%N)" != N ] || die "date +%N: GNU date needed"

# (BENCH_LANG_DIR: a folder of ours, or an empty or new one, never
# someone's files.)
[ -z "${BENCH_LANG_DIR-}" ] || [ ! -d "$W" ] || [ -e "$W/.bench-languages" ] || [ -z "$(ls -A "$W")" ] ||
	die "$W: not empty, and not a folder this script made (remove it, or pick another BENCH_LANG_DIR)"
rm -rf "$W"
mkdir -p "$W"
: >"$W/.bench-languages"
echo "bench languages: N = $N exercises per language, $RUNS runs" >&2
node "$HERE/gen.mjs" "$N" "$W/one/content"
node "$HERE/gen.mjs" "$N" "$W/two/content" --translate es
# The same English site in both (site.yaml's languages: aside).
diff -r -x es -x site.yaml "$W/one/content" "$W/two/content" >/dev/null ||
	die "gen.mjs: the English files of one/ and two/ differ"

name() { printf 'ex-%05d' "$1"; }
EX=$(name $(((N / 2) + (N / 2) % 2)))         # even: its Spanish file has a dose
EXI=$(name $(((N / 2) + 1 - (N / 2) % 2)))    # odd: its Spanish file inherits it
grep -q '^frequency:' "$W/two/content/es/exercises/$EX.md" ||
	die "$EX: its Spanish file has no frequency of its own"
! grep -q '^frequency:' "$W/two/content/es/exercises/$EXI.md" ||
	die "$EXI: its Spanish file has a frequency of its own"

# timed NAME SITE [OPTIONS]: pamphlet build of $W/SITE (its summary in
# $W/SITE/summary), appending "wall_us user_s sys_s rss_kb" to
# $W/NAME.SITE (unless warming up).
timed() {
	_n=$1 _s=$2
	shift 2
	_t0=$(date +%s%N)
	/usr/bin/time -o "$W/rusage" -f '%U %S %M' "$BIN" build "$@" -t "$TPL" \
		-c "$W/$_s/content" -o "$W/$_s/out" >"$W/$_s/summary" 2>&1 ||
		{ cat "$W/$_s/summary" >&2; die "$_n $_s: the build failed"; }
	_t1=$(date +%s%N)
	[ "$warm" = 1 ] && return 0
	read -r _u _y _m <"$W/rusage" || die "$_n $_s: no /usr/bin/time output"
	echo "$(((_t1 - _t0) / 1000)) $_u $_y $_m" >>"$W/$_n.$_s"
}
written() { sed -n 's/.*: \([0-9]*\) files written, .*/\1/p' "$W/$1/summary"; }
# check_site SITE LANGS: every page, schedule rows and sheet of each language
check_site() {
	for _l in $2; do
		_o=$W/$1/out/$_l
		[ "$_l" = en ] && _o=$W/$1/out
		_p=$(find "$_o/exercises" -mindepth 2 -maxdepth 2 -name index.html | wc -l)
		[ "$_p" -eq "$N" ] || die "$1: $_l: $_p exercise pages, not $N"
		_r=$(grep -c '<th scope="row">' "$_o/schedule/index.html" || true)
		[ "$_r" -eq "$N" ] || die "$1: $_l: the schedule has $_r rows, not $N"
		head -c 5 "$_o/exercise-sheet.pdf" | grep -q '%PDF-' || die "$1: $_l: no PDF sheet"
	done
	[ ! -e "$W/$1/out/es" ] || [ "$2" != en ] || die "$1: out/es/ in a one-language site"
}

# One repetition: warm-up (0), then 1..RUNS, in turns one/two and two/one.
rep=0
while [ $rep -le "$RUNS" ]; do
	warm=0
	[ $rep -eq 0 ] && warm=1
	if [ $((rep % 2)) -eq 0 ]; then order="one two"; else order="two one"; fi
	if [ $warm = 1 ]; then echo "bench languages: warm-up" >&2
	else echo "bench languages: repetition $rep of $RUNS" >&2; fi
	for s in $order; do
		rm -rf "$W/$s/out" "$W/$s/.pamphlet"
		timed full "$s" -q --no-cache
	done
	for s in $order; do timed nochange "$s"; done
	for s in $order; do
		[ "$(written "$s")" = 0 ] || die "$s: a build with nothing changed wrote files: $(cat "$W/$s/summary")"
	done
	for s in $order; do
		if [ "$s" = one ]; then f=$W/one/content/exercises/$EX.md; else f=$W/two/content/es/exercises/$EX.md; fi
		v=$(sh "$HERE/flip.sh" "$f")
		timed edit "$s"
		o=$W/$s/out
		[ "$s" = one ] || o=$o/es
		grep -q "<dd>$v</dd>" "$o/exercises/$EX/index.html" || die "edit $s: the edit is not on the page"
		grep -qE "<td[^>]*>$v</td>" "$o/schedule/index.html" || die "edit $s: the edit is not in the schedule"
		written "$s" >"$W/edit.$s.written"
	done
	for s in $order; do
		v=$(sh "$HERE/flip.sh" "$W/$s/content/exercises/$EXI.md")
		timed edit-en "$s"
		grep -q "<dd>$v</dd>" "$W/$s/out/exercises/$EXI/index.html" || die "edit-en $s: the edit is not on the page"
		if [ "$s" = two ]; then
			grep -q "<dd>$v</dd>" "$W/two/out/es/exercises/$EXI/index.html" ||
				die "edit-en two: the inherited dose is not on the Spanish page"
			grep -qE "<td[^>]*>$v</td>" "$W/two/out/es/schedule/index.html" ||
				die "edit-en two: the inherited dose is not in the Spanish schedule"
		fi
		written "$s" >"$W/edit-en.$s.written"
	done
	rep=$((rep + 1))
done

# The outputs: every page of every language, and the cached out/ the same
# as a build without cache.
check_site one en
check_site two "en es"
for s in one two; do
	rm -rf "$W/$s/nocache"
	"$BIN" build -q --no-cache -t "$TPL" -c "$W/$s/content" -o "$W/$s/nocache" ||
		die "$s: the build without cache failed"
	diff -r "$W/$s/out" "$W/$s/nocache" >"$W/$s/diff" ||
		die "$s: the cached build differs from a build without cache (see $W/$s/diff)"
	rm -rf "$W/$s/nocache"
done
# Does a rebuild use the cache (PAMPHLET_TIMINGS names the exercise
# files it looked at)?  A rebuild that does not redoes every page.
cached() {
	PAMPHLET_TIMINGS=1 "$BIN" build -t "$TPL" -c "$W/$1/content" -o "$W/$1/out" >"$W/$1/timings" 2>&1 ||
		die "$1: the build failed"
	if grep -q 'exercise files looked at' "$W/$1/timings"; then echo yes; else
		echo "bench languages: note: a rebuild of $1/ does not use the build cache" >&2
		echo NO
	fi
}
cached_one=$(cached one)
cached_two=$(cached two)
npages_one=$(find "$W/one/out" -name '*.html' | wc -l)
npages_two=$(find "$W/two/out" -name '*.html' | wc -l)

# med NAME SITE COLUMN: the median of a column of $W/NAME.SITE
med() {
	awk -v c="$3" '{ print $c }' "$W/$1.$2" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# row NAME LABEL: a line of the table (wall, user and system CPU, RSS)
row() {
	awk -v l="$2" -v w1="$(med "$1" one 1)" -v w2="$(med "$1" two 1)" \
		-v u1="$(med "$1" one 2)" -v u2="$(med "$1" two 2)" \
		-v s1="$(med "$1" one 3)" -v s2="$(med "$1" two 3)" \
		-v m1="$(med "$1" one 4)" -v m2="$(med "$1" two 4)" '
	function ms(x) { return x >= 1000000 ? sprintf("%.2f s", x / 1000000) : sprintf("%.1f ms", x / 1000) }
	function r(a, b) { return b > 0 ? sprintf("%.2f x", a / b) : "-" }
	BEGIN {
		printf "| %s | %s | %s | **%s** | %.0f / %.0f ms | %s | %.0f / %.0f ms | %s | %.0f / %.0f MiB |\n",
			l, ms(w1), ms(w2), r(w2, w1), u1 * 1000, u2 * 1000, r(u2, u1),
			s1 * 1000, s2 * 1000, r(s2, s1), m1 / 1024, m2 / 1024
	}'
}

wr_one=$(cat "$W/edit.one.written") wr_two=$(cat "$W/edit.two.written")
wre_one=$(cat "$W/edit-en.one.written") wre_two=$(cat "$W/edit-en.two.written")
[ "$wr_two" = "$wr_one" ] ||
	echo "bench languages: note: editing a Spanish exercise wrote $wr_two files, the English one in one/ $wr_one" >&2
[ "$wre_two" = $((2 * wre_one)) ] ||
	echo "bench languages: note: editing an inherited English dose wrote $wre_two files in two/, $wre_one in one/" >&2
{
	echo "# pamphlet: one language against two"
	echo
	echo "Measured by \`make bench\` (\`sh tests/bench/languages.sh ./generator/pamphlet $N\`):"
	echo "the same $N English exercises, alone (one) and with a Spanish"
	echo "translation of each (two: $N exercises per language), side by side in one"
	echo "run, interleaved ($RUNS repetitions after a warm-up, in turns one/two and"
	echo "two/one).  Wall: median of the runs; user and system CPU (10 ms"
	echo "resolution) and peak RSS: medians of \`/usr/bin/time\` around the same"
	echo "runs.  Reported, never enforced (the issue's aim: two languages cost about"
	echo "twice one).  System time is mostly making files and folders: it follows the"
	echo "file system's load more than pamphlet's work."
	echo
	echo "- date: $(date -u +%Y-%m-%d)"
	echo "- nproc: $(nproc)"
	echo "- cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
	echo "- pamphlet: $("$BIN" --version 2>&1 | head -1)"
	echo "- work folder: $W ($(df -T "$W" | awk 'NR == 2 { print $2 }'))"
	echo "- pages: one $npages_one HTML pages and 1 PDF sheet; two $npages_two HTML pages and 2 PDF sheets"
	echo
	echo "| | wall, one | wall, two | two / one | user CPU, one / two | two / one | system CPU, one / two | two / one | peak RSS, one / two |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	row full "full build (--no-cache, empty out/)"
	row nochange "rebuild, nothing changed"
	row edit "rebuild after editing $EX's frequency (one: English file; two: Spanish file)"
	row edit-en "rebuild after editing $EXI's English frequency (two: the Spanish file inherits it)"
	echo
	echo "Files written by the edit rebuilds (pamphlet's summary): editing $EX,"
	echo "one $wr_one, two $wr_two (expected: the same); editing $EXI's English dose,"
	echo "one $wre_one, two $wre_two (expected: twice one's, the Spanish page, lists and"
	echo "schedule too)."
	echo "After the runs, each out/ is the same, file for file, as a build without cache."
	echo "The rebuilds use the build cache (PAMPHLET_TIMINGS=1: \"N of M exercise files"
	echo "looked at\"): one $cached_one, two $cached_two."
	echo
	echo "To reproduce one measurement by hand (from the project's folder):"
	echo
	echo "    node tests/bench/gen.mjs $N /tmp/one/content"
	echo "    node tests/bench/gen.mjs $N /tmp/two/content --translate es"
	echo "    # full build"
	echo "    rm -rf /tmp/one/out /tmp/one/.pamphlet; time generator/pamphlet build -q --no-cache -t templates -c /tmp/one/content -o /tmp/one/out"
	echo "    rm -rf /tmp/two/out /tmp/two/.pamphlet; time generator/pamphlet build -q --no-cache -t templates -c /tmp/two/content -o /tmp/two/out"
	echo "    # nothing changed"
	echo "    time generator/pamphlet build -t templates -c /tmp/one/content -o /tmp/one/out"
	echo "    time generator/pamphlet build -t templates -c /tmp/two/content -o /tmp/two/out"
	echo "    # one exercise edited"
	echo "    sh tests/bench/flip.sh /tmp/one/content/exercises/$EX.md; time generator/pamphlet build -t templates -c /tmp/one/content -o /tmp/one/out"
	echo "    sh tests/bench/flip.sh /tmp/two/content/es/exercises/$EX.md; time generator/pamphlet build -t templates -c /tmp/two/content -o /tmp/two/out"
	echo "    # an English dose the Spanish file inherits"
	echo "    sh tests/bench/flip.sh /tmp/one/content/exercises/$EXI.md; time generator/pamphlet build -t templates -c /tmp/one/content -o /tmp/one/out"
	echo "    sh tests/bench/flip.sh /tmp/two/content/exercises/$EXI.md; time generator/pamphlet build -t templates -c /tmp/two/content -o /tmp/two/out"
	echo
	echo "The raw runs (wall µs, user s, sys s, peak KiB): $W/{full,nochange,edit,edit-en}.{one,two}."
} >"$W/results.md"
cat "$W/results.md"
cp "$W/results.md" "$RESULTS"
