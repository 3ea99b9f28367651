#!/bin/sh
# tests/bench/run.sh PAMPHLET: the build benchmark (`make bench`).
#
# A benchmark, not a timed test: it measures and reports, side by side in
# one run, on the same files and the same filesystem.  It fails only when
# a tool fails or an output is wrong (missing pages, wrong row count, an
# edit that does not reach the page, no PDF), never because of a time.
#
# For each N (BENCH_N, default "1000 10000") it generates N synthetic
# exercises (tests/bench/gen.mjs) and measures with hyperfine (median
# wall time) and /usr/bin/time around every run (median CPU user+sys and
# median peak RSS of the same runs):
#
#   full     pamphlet build, from an empty out/
#   hugo     Hugo building the same Markdown (tests/bench/hugo: a page per
#            exercise, home, exercises list, schedule table)
#   floor    cmark-gfm -e table rendering all the Markdown in one process,
#            then split(1) writing as many files as pamphlet writes pages,
#            of pamphlet's mean page size
#   full1    the same full build on one thread (--jobs 1), for reference
#   rebuild  pamphlet build into the previous out/ after changing one
#            exercise's frequency (tests/bench/flip.sh)
#   serve    pamphlet serve: from saving an exercise file to its page
#            being served with the change (tests/bench/serve-latency.mjs,
#            median of 5)
#
# Then (6.) the printable sheet, on the shipped content/: pamphlet build (site
# and sheet) against Chromium printing out/schedule/index.html to PDF, and
# tests/pdf/bench.c (the sheet alone) when it builds.  Last, the CPU time to
# compile one template of 20,000 and of 200,000 tags (tests/bench/template.c).
#
# Environment: BENCH_N ("1000 10000"), BENCH_RUNS (5), BENCH_RUNS_LARGE
# (runs for N >= 10000, default 3), BENCH_SHEET_RUNS (50), BENCH_PERF=1
# (also perf record one full build of the largest N).
#
# Work files go to tests/tmp/bench/; the table is printed and written to
# tests/bench/results.md.
set -eu

BIN=${1:-generator/pamphlet}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/tests/bench
W=$ROOT/tests/tmp/bench
NS=${BENCH_N:-1000 10000}
RUNS=${BENCH_RUNS:-5}
RUNS_LARGE=${BENCH_RUNS_LARGE:-3}
SHEET_RUNS=${BENCH_SHEET_RUNS:-50}
CHROMIUM=${CHROMIUM:-/usr/lib/chromium/chromium}
TPL=$ROOT/templates

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$BIN" ] || die "$BIN: no such program (run make first)"
missing=
for t in hugo hyperfine cmark-gfm node split; do
	command -v $t >/dev/null 2>&1 || missing="$missing $t"
done
[ -x /usr/bin/time ] || missing="$missing time"
[ -x "$CHROMIUM" ] || missing="$missing chromium"
[ -z "$missing" ] || die "missing:$missing (apt-get install hugo hyperfine time cmark-gfm chromium nodejs)"

mkdir -p "$W"

# hf NAME DIR RUNS PREPARE COMMAND...: hyperfine (PREPARE, a shell command,
# before each run), with /usr/bin/time around each run appending "wall
# user sys maxrss_kb" to DIR/NAME.time; DIR/NAME.json is hyperfine's
# export.  COMMAND is joined with spaces and run by the shell.
hf() {
	name=$1 dir=$2 runs=$3 prep=$4
	shift 4
	rm -f "$dir/$name.time" "$dir/$name.json"
	hyperfine --style basic --warmup 1 --runs "$runs" --prepare "$prep" \
		--command-name "$name" --export-json "$dir/$name.json" \
		"/usr/bin/time -a -o $dir/$name.time -f '%e %U %S %M' $*" >&2 ||
		die "$name: a run failed"
	# hyperfine stops at the first failure; every run wrote one line.
	[ "$(grep -c '^[0-9.]* [0-9.]* [0-9.]* [0-9]*$' "$dir/$name.time")" -eq $((runs + 1)) ] ||
		die "$name: unexpected /usr/bin/time output in $dir/$name.time"
}

# pages DIR: the number of exercise pages under DIR/exercises/*/index.html
pages() { find "$1/exercises" -mindepth 2 -maxdepth 2 -name index.html | wc -l; }
# rows FILE: rows of the schedule table (exercise rows have th scope=row)
rows() { grep -c '<th scope="row">' "$1" || true; }

# Does this pamphlet know site.yaml's `sheet:` key?  Try at N = 50.
rm -rf "$W/probe"
node "$HERE/gen.mjs" 50 "$W/probe/content"
SHEET_ARG=
SHEET_NOTE="sheet: 10 exercises (ex-00001 ... ex-00010, site.yaml sheet:)"
if ! "$BIN" build -q -t "$TPL" -c "$W/probe/content" -o "$W/probe/out" 2>"$W/probe/err"; then
	if grep -q 'unknown key "sheet"' "$W/probe/err"; then
		SHEET_ARG=--no-sheet
		SHEET_NOTE="sheet: ALL N exercises (this pamphlet rejects site.yaml sheet:)"
		echo "bench: pamphlet rejects site.yaml sheet:; the sheet holds all N exercises" >&2
		rm -rf "$W/probe"
		node "$HERE/gen.mjs" 50 "$W/probe/content" --no-sheet
		"$BIN" build -q -t "$TPL" -c "$W/probe/content" -o "$W/probe/out" ||
			die "pamphlet fails on the generated content (N = 50)"
	else
		cat "$W/probe/err" >&2
		die "pamphlet fails on the generated content (N = 50)"
	fi
fi
[ "$(pages "$W/probe/out")" -eq 50 ] || die "probe: not 50 exercise pages"

largest=
for N in $NS; do
	case $N in *[!0-9]*|'') die "BENCH_N: not a number: $N" ;; esac
	largest=$N
	D=$W/n$N
	C=$D/content
	runs=$RUNS
	[ "$N" -lt 10000 ] || runs=$RUNS_LARGE
	echo "bench: N = $N ($runs runs)" >&2
	rm -rf "$D"
	mkdir -p "$D"
	# shellcheck disable=SC2086
	node "$HERE/gen.mjs" "$N" "$C" $SHEET_ARG
	echo "$runs" >"$D/runs"

	# 1. pamphlet, full build from an empty out/ (and no records of it).
	hf full "$D" "$runs" "rm -rf $D/out $D/.pamphlet" \
		"$BIN" build -q -t "$TPL" -c "$C" -o "$D/out"
	[ "$(pages "$D/out")" -eq "$N" ] || die "pamphlet: not $N exercise pages"
	[ "$(rows "$D/out/schedule/index.html")" -eq "$N" ] || die "pamphlet: schedule table has not $N rows"
	head -c 5 "$D/out/exercise-sheet.pdf" | grep -q '%PDF-' || die "pamphlet: no PDF sheet"
	hf full1 "$D" "$runs" "rm -rf $D/out $D/.pamphlet" \
		"$BIN" build -q --jobs 1 -t "$TPL" -c "$C" -o "$D/out"
	[ "$(pages "$D/out")" -eq "$N" ] || die "pamphlet --jobs 1: not $N exercise pages"
	npages=$(find "$D/out" -name '*.html' | wc -l)
	bytes=$(find "$D/out" -name '*.html' -exec cat {} + | wc -c)
	echo "$npages $bytes $(wc -c <"$D/out/exercise-sheet.pdf")" >"$D/out.size"

	# 2. Hugo, on the same Markdown files (hard links where possible).
	H=$D/hugo
	cp -R "$HERE/hugo" "$H"
	mkdir -p "$H/content/exercises" "$H/static"
	cp -R "$TPL/assets" "$H/static/assets"
	cp "$C/index.md" "$H/content/_index.md"
	cp "$C/exercises.md" "$H/content/exercises/_index.md"
	for p in causes schedule prevention faq; do cp "$C/$p.md" "$H/content/"; done
	if ! ln "$C"/exercises/*.md "$H/content/exercises/" 2>/dev/null; then
		rm -f "$H"/content/exercises/ex-*.md
		cp "$C"/exercises/*.md "$H/content/exercises/"
	fi
	hf hugo "$D" "$runs" "rm -rf $H/public $H/resources" \
		hugo --quiet -s "$H" -d "$H/public"
	[ "$(pages "$H/public")" -eq "$N" ] || die "hugo: not $N exercise pages"
	[ "$(rows "$H/public/schedule/index.html")" -eq "$N" ] || die "hugo: schedule table has not $N rows"

	# 3. The floor: cmark-gfm on all the Markdown in one process, then
	#    as many files as pamphlet's pages, of their mean size.
	F=$D/floor
	mkdir -p "$F"
	size=$((bytes / npages))
	find "$D/out" -name '*.html' -exec cat {} + | head -c $((size * npages)) >"$F/blob"
	hf floor "$D" "$runs" "rm -rf $F/out && mkdir $F/out" \
		sh -c "'cd $C && cmark-gfm -e table *.md exercises/*.md >$F/all.html && split -a 6 -b $size $F/blob $F/out/p'"
	[ "$(find "$F/out" -type f | wc -l)" -eq "$npages" ] || die "floor: not $npages files"
	[ "$(grep -c '<table>' "$F/all.html")" -ge $(((N + 3) / 4)) ] || die "floor: tables not rendered"

	# 4. Incremental: edit one exercise's frequency, build into out/.
	E=$C/exercises/ex-$(printf %05d $(((N + 1) / 2))).md
	hf rebuild "$D" "$runs" "sh $HERE/flip.sh $E" \
		"$BIN" build -q -t "$TPL" -c "$C" -o "$D/out"
	v=$(sed -n 's/^frequency: "\(.*\)"$/\1/p' "$E")
	slug=$(basename "$E" .md)
	grep -q "<dd>$v</dd>" "$D/out/exercises/$slug/index.html" || die "rebuild: the edit is not on the page"
	grep -qE "<td[^>]*>$v</td>" "$D/out/schedule/index.html" || die "rebuild: the edit is not in the schedule"
	# What one more edit rewrites (pamphlet's summary line).
	sh "$HERE/flip.sh" "$E" >/dev/null
	"$BIN" build -t "$TPL" -c "$C" -o "$D/out" >"$D/rebuild.summary" 2>&1
	echo "$slug" >"$D/rebuild.file"
	# And the same rebuilt page file-for-file as a build without cache.
	rm -rf "$D/nocache"
	"$BIN" build -q --no-cache -t "$TPL" -c "$C" -o "$D/nocache"
	diff -r "$D/out" "$D/nocache" >/dev/null ||
		die "rebuild: the cached build differs from a build without cache"
	rm -rf "$D/nocache"

	# 5. pamphlet serve: save to served.
	node "$HERE/serve-latency.mjs" "$BIN" "$C" "$TPL" "$D/serve-out" >"$D/serve.json" ||
		die "serve: the latency run failed"
done

# 5. The printable sheet, on the shipped content/.
S=$W/sheet
rm -rf "$S"
mkdir -p "$S"
hf sheet "$S" "$SHEET_RUNS" "rm -rf $S/out" \
	"$BIN" build -q -t "$TPL" -c "$ROOT/content" -o "$S/out"
head -c 5 "$S/out/exercise-sheet.pdf" | grep -q '%PDF-' || die "pamphlet: no PDF sheet"
find "$S/out" -name '*.html' | wc -l >"$S/pages"
# CPU per sheet: /usr/bin/time prints user and sys in 10 ms steps, too
# coarse for one build, so time SHEET_RUNS full builds (each into a fresh
# out-I) as one command and divide.
/usr/bin/time -o "$S/loop.time" -f '%e %U %S %M' sh -c "i=0; while [ \$i -lt $SHEET_RUNS ]; do i=\$((i + 1)); '$BIN' build -q -t '$TPL' -c '$ROOT/content' -o '$S/loop/out-'\$i || exit 1; done" ||
	die "sheet: a build failed"
[ "$(find "$S/loop" -name exercise-sheet.pdf | wc -l)" -eq "$SHEET_RUNS" ] || die "sheet: not $SHEET_RUNS PDF sheets"
rm -rf "$S/loop"
echo "$SHEET_RUNS" >"$S/loop.runs"
mkdir -p "$S/profile"
hf chromium "$S" "$RUNS" "rm -f $S/chromium.pdf" \
	"$CHROMIUM" --headless --no-sandbox --disable-gpu \
	"'--host-resolver-rules=MAP * ~NOTFOUND'" --disable-background-networking \
	--user-data-dir="$S/profile" --print-to-pdf="$S/chromium.pdf" \
	"file://$S/out/schedule/index.html"
head -c 5 "$S/chromium.pdf" | grep -q '%PDF-' || die "chromium: no PDF"

# libcc SRC OUT: build the C program SRC against generator/libpamphlet.a
# into OUT (its messages in OUT.err); fails if it does not build.
libcc() {
	[ -f "$ROOT/generator/libpamphlet.a" ] || return 1
	# shellcheck disable=SC2046 # pkg-config prints several words
	cc -O2 -I"$ROOT/generator" "$1" "$ROOT/generator/libpamphlet.a" \
		$(pkg-config --libs libcmark-gfm yaml-0.1 libutf8proc libxxhash libmicrohttpd librsvg-2.0 cairo libqrencode) -lhpdf -lz -lm -lpthread \
		-o "$2" 2>"$2.err"
}

# tests/pdf/bench.c: the sheet alone, when it builds: the shipped content
# with its pictures' drawings kept (a warm build), drawn every time (cold),
# and the same content without pictures (text only), side by side.
: >"$S/pdfbench.txt"
if libcc "$ROOT/tests/pdf/bench.c" "$S/pdfbench"; then
	rm -rf "$S/rasters" "$S/textonly"
	cp -R content "$S/textonly"
	for f in "$S"/textonly/exercises/*.md; do
		awk '/^pictures:/ { skip = 1; next } skip && /^  / { next } { skip = 0; print }' "$f" >"$f.new" && mv "$f.new" "$f"
	done
	"$S/pdfbench" content 300 "$S/rasters" >>"$S/pdfbench.txt" 2>&1 || echo "failed" >>"$S/pdfbench.txt"
	"$S/pdfbench" content 10 >>"$S/pdfbench.txt" 2>&1 || echo "failed" >>"$S/pdfbench.txt"
	"$S/pdfbench" "$S/textonly" 300 >>"$S/pdfbench.txt" 2>&1 || echo "failed" >>"$S/pdfbench.txt"
	if [ -z "$SHEET_ARG" ]; then
		for N in $NS; do
			[ "$N" -le 1000 ] || continue
			"$S/pdfbench" "tests/tmp/bench/n$N/content" 50 >>"$S/pdfbench.txt" 2>&1 || echo "failed" >>"$S/pdfbench.txt"
		done
	fi
else
	echo "did not build (see tests/tmp/bench/sheet/pdfbench.err)" >"$S/pdfbench.txt"
fi

# tests/bench/template.c: compiling one template of 20,000 and of 200,000
# tags (flat sections on one line); ten times the tags should take about
# ten times the time.
if libcc "$HERE/template.c" "$W/tmplbench"; then
	"$W/tmplbench" 20000 200000 >"$W/template.txt" || echo "failed" >"$W/template.txt"
else
	echo "did not build (see tests/tmp/bench/tmplbench.err)" >"$W/template.txt"
fi
cat "$W/template.txt" >&2

# Optional: where the time goes, one full build of the largest N.  DWARF
# call graphs (the libraries have no frame pointers): self time by
# library and function, then time including callees.
if [ "${BENCH_PERF:-}" = 1 ] && command -v perf >/dev/null 2>&1; then
	D=$W/n$largest
	rm -rf "$D/perf-out"
	perf record -q -F 250 --call-graph dwarf,16384 -o "$W/perf.data" \
		"$BIN" build -q -t "$TPL" -c "$D/content" -o "$D/perf-out" >&2
	{
		echo "== self time (perf report --no-children --sort dso,symbol)"
		perf report -i "$W/perf.data" --no-children --sort dso,symbol \
			--stdio -g none --percent-limit 0.5 2>/dev/null | grep -v '^#' | grep -v '^$'
		echo "== including callees (perf report --children --sort symbol)"
		perf report -i "$W/perf.data" --children --sort symbol \
			--stdio -g none --percent-limit 2 2>/dev/null | grep -v '^#' | grep -v '^$'
	} >"$W/perf.txt"
	echo "bench: perf report in $W/perf.txt" >&2
fi

{
	echo "date: $(date -u +%Y-%m-%d)"
	echo "nproc: $(nproc)"
	echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
	echo "pamphlet: $("$BIN" --version 2>&1 | head -1)"
	echo "hugo: $(hugo version | cut -d' ' -f2 | cut -d+ -f1)"
	echo "cmark-gfm: $(cmark-gfm --version | head -1 | cut -d' ' -f2)"
	echo "hyperfine: $(hyperfine --version | cut -d' ' -f2)"
	echo "chromium: $("$CHROMIUM" --version 2>/dev/null | head -1)"
	echo "$SHEET_NOTE"
} >"$W/meta.txt"

# shellcheck disable=SC2086 # one argument per N
node "$HERE/report.mjs" "$W" "$HERE/results.md" $NS
