#!/bin/sh
# tests/bench/serve-compare.sh PAMPHLET [REF]: `pamphlet serve`, from
# saving an exercise to its page served, for this pamphlet and the one
# of git revision REF (default: main), side by side in one run
# (`make bench-serve`).
#
# A benchmark, not a timed test: it fails only when something does not
# work.  It builds REF's pamphlet in tests/tmp/bench/ref-REF/ (git
# archive, make), generates N synthetic exercises (BENCH_N, default
# 10000; tests/bench/gen.mjs), then runs tests/bench/serve-latency.mjs
# (5 saves each, the median) for each pamphlet in turn, BENCH_ROUNDS
# times (default 3), so both see the same machine.  Prints a line per
# round, the median of the rounds' medians, and their ratio, for the
# edited page and for the whole site (the schedule page).  PAUSE_MS
# (300) is the wait before each save (serve-latency.mjs).
set -eu
BIN=${1:-generator/pamphlet}
REF=${2:-main}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/tests/bench
N=${BENCH_N:-10000}
ROUNDS=${BENCH_ROUNDS:-3}
W=$ROOT/tests/tmp/bench/serve-compare
die() { echo "serve-compare: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "$BIN: no such program (run make first)"

safe=$(printf %s "$REF" | tr -c 'A-Za-z0-9._-' _)
R=$ROOT/tests/tmp/bench/ref-$safe
if [ ! -x "$R/generator/pamphlet" ] || [ "$(cat "$R/rev" 2>/dev/null)" != "$(git rev-parse "$REF")" ]; then
	rm -rf "$R"
	mkdir -p "$R"
	git archive "$REF" | tar -x -C "$R"
	make -C "$R" generator/pamphlet >"$R/make.log" 2>&1 || die "REF $REF does not build (see $R/make.log)"
	git rev-parse "$REF" >"$R/rev"
fi

rm -rf "$W"
mkdir -p "$W"
node "$HERE/gen.mjs" "$N" "$W/content" >/dev/null
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: >"$W/ref.ms"
: >"$W/this.ms"
: >"$W/ref.whole"
: >"$W/this.whole"
echo "serve-compare: N = $N, save to served (median of 5 saves), $REF ($(git rev-parse --short "$REF")) and this pamphlet"
r=1
while [ $r -le "$ROUNDS" ]; do
	for who in ref this; do
		bin=$BIN
		[ $who = this ] || bin=$R/generator/pamphlet
		rm -rf "$W/out-$who"
		node "$HERE/serve-latency.mjs" "$bin" "$W/content" "$ROOT/templates" "$W/out-$who" >"$W/$who.json" ||
			die "$who: the latency run failed"
		sed 's/.*"median_ms":\([0-9.]*\).*/\1/' "$W/$who.json" >>"$W/$who.ms"
		sed 's/.*"whole_median_ms":\([0-9.]*\).*/\1/' "$W/$who.json" >>"$W/$who.whole"
	done
	echo "round $r: $REF $(tail -1 "$W/ref.ms") ms, this $(tail -1 "$W/this.ms") ms (the whole site: $REF $(tail -1 "$W/ref.whole") ms, this $(tail -1 "$W/this.whole") ms)"
	r=$((r + 1))
done
ref=$(median <"$W/ref.ms")
this=$(median <"$W/this.ms")
echo "median: $REF $ref ms, this $this ms ($(awk -v a="$this" -v b="$ref" 'BEGIN { printf "%.2f", a / b }') x; target < 100 ms)"
ref=$(median <"$W/ref.whole")
this=$(median <"$W/this.whole")
echo "the whole site (/schedule/): $REF $ref ms, this $this ms ($(awk -v a="$this" -v b="$ref" 'BEGIN { printf "%.2f", a / b }') x)"
